//! The file as TOML gives it, every value with its span, before any checking.

use serde::Deserialize;
use toml::Spanned as S;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) meta: Option<RawMeta>,
    #[serde(default)]
    pub(super) vnet: Vec<S<RawVnet>>,
    #[serde(default)]
    pub(super) vm: Vec<S<RawVm>>,
    #[serde(default)]
    pub(super) firewall: Vec<S<RawFirewall>>,
    #[serde(default)]
    pub(super) peering: Vec<S<RawPeering>>,
    #[serde(default)]
    pub(super) route_table: Vec<S<RawRouteTable>>,
    #[serde(default)]
    pub(super) nsg: Vec<S<RawNsg>>,
    #[serde(default)]
    pub(super) site: Vec<S<RawSite>>,
    #[serde(default)]
    pub(super) dns_zone: Vec<S<RawDnsZone>>,
    #[serde(default)]
    pub(super) asg: Vec<S<RawAsg>>,
    #[serde(default)]
    pub(super) bastion: Vec<S<RawBastion>>,
    #[serde(default)]
    pub(super) paas: Vec<S<RawPaas>>,
    #[serde(default)]
    pub(super) private_endpoint: Vec<S<RawPrivateEndpoint>>,
    #[serde(default)]
    pub(super) user: Vec<S<RawUser>>,
    #[serde(default)]
    pub(super) p2s_client: Vec<S<RawP2sClient>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub(super) title: Option<S<String>>,
    pub(super) description: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVnet {
    pub(super) name: S<String>,
    pub(super) address_space: S<Vec<S<String>>>,
    pub(super) region: Option<S<String>>,
    pub(super) dns: Option<S<String>>,
    #[serde(default)]
    pub(super) subnet: Vec<S<RawSubnet>>,
    pub(super) gateway: Option<S<RawGateway>>,
    pub(super) subscription: Option<S<String>>,
    pub(super) tenant: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubnet {
    pub(super) name: S<String>,
    pub(super) prefix: S<String>,
    pub(super) route_table: Option<S<String>>,
    pub(super) nsg: Option<S<String>>,
    #[serde(default)]
    pub(super) service_endpoints: Vec<S<String>>,
    pub(super) private_endpoint_network_policies: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGateway {
    pub(super) kind: S<String>,
    pub(super) sku: Option<S<String>>,
    #[serde(default)]
    pub(super) sites: Vec<S<String>>,
    pub(super) p2s_pool: Option<S<String>>,
    pub(super) ip: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVm {
    pub(super) name: S<String>,
    pub(super) vnet: S<String>,
    pub(super) subnet: S<String>,
    pub(super) ip: S<String>,
    pub(super) nsg: Option<S<String>>,
    #[serde(default)]
    pub(super) ip_forwarding: bool,
    #[serde(default)]
    pub(super) forwards: bool,
    #[serde(default)]
    pub(super) dns_server: bool,
    #[serde(default)]
    pub(super) asgs: Vec<S<String>>,
    pub(super) public_ip: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFirewall {
    pub(super) name: S<String>,
    pub(super) vnet: S<String>,
    pub(super) subnet: S<String>,
    pub(super) ip: S<String>,
    #[serde(default)]
    pub(super) rule: Vec<S<RawFirewallRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFirewallRule {
    pub(super) name: S<String>,
    pub(super) action: S<String>,
    pub(super) protocol: S<String>,
    pub(super) source: Vec<S<String>>,
    pub(super) destination: Vec<S<String>>,
    pub(super) ports: Option<S<String>>,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPeering {
    pub(super) name: Option<S<String>>,
    pub(super) vnet: S<String>,
    pub(super) remote: S<String>,
    #[serde(default = "yes")]
    pub(super) allow_virtual_network_access: bool,
    #[serde(default)]
    pub(super) allow_forwarded_traffic: bool,
    #[serde(default)]
    pub(super) allow_gateway_transit: bool,
    #[serde(default)]
    pub(super) use_remote_gateways: bool,
    #[serde(default)]
    pub(super) remote_deleted: bool,
    pub(super) remote_space_cached: Option<Vec<S<String>>>,
    pub(super) created_by: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRouteTable {
    pub(super) name: S<String>,
    #[serde(default = "yes")]
    pub(super) propagate_gateway_routes: bool,
    #[serde(default)]
    pub(super) route: Vec<S<RawRoute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoute {
    pub(super) name: S<String>,
    pub(super) prefix: S<String>,
    pub(super) next_hop: S<String>,
    pub(super) next_hop_ip: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNsg {
    pub(super) name: S<String>,
    #[serde(default)]
    pub(super) rule: Vec<S<RawNsgRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNsgRule {
    pub(super) name: S<String>,
    pub(super) priority: S<i64>,
    pub(super) direction: S<String>,
    pub(super) access: S<String>,
    pub(super) protocol: S<String>,
    pub(super) source: Option<S<String>>,
    pub(super) destination: Option<S<String>>,
    pub(super) source_asgs: Option<S<Vec<S<String>>>>,
    pub(super) destination_asgs: Option<S<Vec<S<String>>>>,
    pub(super) destination_ports: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSite {
    pub(super) name: S<String>,
    pub(super) prefixes: S<Vec<S<String>>>,
    #[serde(default = "yes")]
    pub(super) bgp: bool,
    #[serde(default)]
    pub(super) static_routes: Vec<S<String>>,
    #[serde(default)]
    pub(super) host: Vec<S<RawHost>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHost {
    pub(super) name: S<String>,
    pub(super) ip: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDnsZone {
    pub(super) name: S<String>,
    #[serde(default)]
    pub(super) links: Vec<S<String>>,
    #[serde(default)]
    pub(super) records: std::collections::BTreeMap<String, S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAsg {
    pub(super) name: S<String>,
    pub(super) vnet: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBastion {
    pub(super) name: S<String>,
    pub(super) vnet: S<String>,
    pub(super) sku: Option<S<String>>,
    #[serde(default)]
    pub(super) ip_based_connection: bool,
    pub(super) ip: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPaas {
    pub(super) name: S<String>,
    pub(super) service: S<String>,
    pub(super) fqdn: S<String>,
    pub(super) public_ip: S<String>,
    pub(super) region: Option<S<String>>,
    pub(super) public_access: Option<S<String>>,
    #[serde(default)]
    pub(super) ip_rules: Vec<S<String>>,
    #[serde(default)]
    pub(super) vnet_rules: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrivateEndpoint {
    pub(super) name: S<String>,
    pub(super) vnet: S<String>,
    pub(super) subnet: S<String>,
    pub(super) ip: S<String>,
    pub(super) resource: S<String>,
    #[serde(default = "yes")]
    pub(super) approved: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUser {
    pub(super) name: S<String>,
    pub(super) tenant: Option<S<String>>,
    #[serde(default)]
    pub(super) guest_in: Vec<S<String>>,
    #[serde(default)]
    pub(super) roles: Vec<S<RawRole>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRole {
    pub(super) role: S<String>,
    pub(super) scope: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawP2sClient {
    pub(super) name: S<String>,
    pub(super) gateway_vnet: S<String>,
    pub(super) ip: S<String>,
    pub(super) os: Option<S<String>>,
    #[serde(default = "yes")]
    pub(super) profile_current: bool,
    pub(super) profile_downloaded: Option<S<String>>,
}
