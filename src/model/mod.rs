//! The topology a user writes (FORMAT.md §1): plain data, parsed from TOML with positions, and
//! checked for mistakes that stop it from describing a network (`parse`), plus Azure's own
//! verdict on each peering request (`peering`).
//!
//! Entities refer to each other by name, as the file does; the evaluator resolves names once.

pub mod asg;
mod diag;
mod edit;
mod parse;
mod peering;
mod permissions;
mod services;
pub mod sync;
pub mod value;
mod write;

pub use diag::{Diagnostic, Pos, Severity};
pub(crate) use diag::{LineIndex, toml_error};
pub use edit::{Assoc, Edit, PeeringFlags, parse_edit, peering_index};
pub use parse::{MAX_FILE_BYTES, Parsed, check_name, parse_topology};
pub use peering::{
    CreationReading, PeeringState, PeeringVerdict, Rejection, create_peerings, create_peerings_with,
};
pub use services::*;
pub use value::{Access, AddressMatch, Direction, PortSet, Protocol};
pub use write::{to_toml, without_positions};

use ipnet::Ipv4Net;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// The region a VNet is in when the file does not say.
pub const DEFAULT_REGION: &str = "eastus";
/// The SKU a gateway has when the file does not say.
pub const DEFAULT_GATEWAY_SKU: &str = "VpnGw1";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topology {
    pub meta: Meta,
    pub vnets: Vec<Vnet>,
    pub vms: Vec<Vm>,
    pub firewalls: Vec<Firewall>,
    pub peerings: Vec<Peering>,
    pub route_tables: Vec<RouteTable>,
    pub nsgs: Vec<Nsg>,
    pub sites: Vec<Site>,
    pub dns_zones: Vec<DnsZone>,
    // FORMAT.md §1b
    pub asgs: Vec<Asg>,
    pub bastions: Vec<Bastion>,
    pub paas: Vec<Paas>,
    pub private_endpoints: Vec<PrivateEndpoint>,
    pub users: Vec<User>,
    pub p2s_clients: Vec<P2sClient>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vnet {
    pub name: String,
    pub address_space: Vec<Ipv4Net>,
    pub region: String,
    pub dns: DnsSetting,
    pub subnets: Vec<Subnet>,
    pub gateway: Option<Gateway>,
    /// RULES.md §15: peerings across subscriptions and tenants.
    pub subscription: String,
    pub tenant: String,
    pub pos: Pos,
}

impl Default for Vnet {
    fn default() -> Self {
        Vnet {
            name: String::new(),
            address_space: Vec::new(),
            region: DEFAULT_REGION.to_string(),
            dns: DnsSetting::Azure,
            subnets: Vec::new(),
            gateway: None,
            subscription: DEFAULT_SUBSCRIPTION.to_string(),
            tenant: DEFAULT_TENANT.to_string(),
            pos: Pos::default(),
        }
    }
}

/// Which resolver a VNet's machines ask.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DnsSetting {
    #[default]
    Azure,
    /// The name of a VM in the file acting as the VNet's custom DNS server.
    Server(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subnet {
    pub name: String,
    pub prefix: Ipv4Net,
    pub route_table: Option<String>,
    pub nsg: Option<String>,
    /// Services (`Microsoft.Storage`, ...) with a service endpoint on this subnet (RULES.md §13).
    pub service_endpoints: Vec<String>,
    pub private_endpoint_network_policies: PeNetworkPolicies,
    pub pos: Pos,
}

/// Subnet names Azure reserves for a purpose (and where peerlab places gateways and firewalls).
pub const GATEWAY_SUBNET: &str = "GatewaySubnet";
pub const FIREWALL_SUBNET: &str = "AzureFirewallSubnet";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GatewayKind {
    #[default]
    Vpn,
    ExpressRoute,
}

impl GatewayKind {
    pub fn label(self) -> &'static str {
        match self {
            GatewayKind::Vpn => "VPN gateway",
            GatewayKind::ExpressRoute => "ExpressRoute gateway",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gateway {
    pub kind: GatewayKind,
    pub sku: String,
    pub sites: Vec<String>,
    /// Point-to-site client address pool (RULES.md §16).
    pub p2s_pool: Option<Ipv4Net>,
    /// The address as written; `None`: the GatewaySubnet's first usable one
    /// ([`Topology::gateway_ip`]).
    pub ip: Option<Ipv4Addr>,
    pub pos: Pos,
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway {
            kind: GatewayKind::Vpn,
            sku: DEFAULT_GATEWAY_SKU.to_string(),
            sites: Vec::new(),
            p2s_pool: None,
            ip: None,
            pos: Pos::default(),
        }
    }
}

impl Gateway {
    /// Basic SKU gateways cannot be shared through gateway transit (RULES.md §1).
    pub fn is_basic(&self) -> bool {
        self.sku.eq_ignore_ascii_case("Basic")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vm {
    pub name: String,
    pub vnet: String,
    pub subnet: String,
    pub ip: Ipv4Addr,
    pub nsg: Option<String>,
    pub ip_forwarding: bool,
    pub forwards: bool,
    pub dns_server: bool,
    /// ASGs the NIC is a member of (RULES.md §10).
    pub asgs: Vec<String>,
    /// The source of its traffic to public endpoints (PaaS IP rules, RULES.md §13).
    pub public_ip: Option<Ipv4Addr>,
    pub pos: Pos,
}

impl Default for Vm {
    fn default() -> Self {
        Vm {
            name: String::new(),
            vnet: String::new(),
            subnet: String::new(),
            ip: Ipv4Addr::UNSPECIFIED,
            nsg: None,
            ip_forwarding: false,
            forwards: false,
            dns_server: false,
            asgs: Vec::new(),
            public_ip: None,
            pos: Pos::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Firewall {
    pub name: String,
    pub vnet: String,
    pub subnet: String,
    pub ip: Ipv4Addr,
    pub rules: Vec<FirewallRule>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FirewallRule {
    pub name: String,
    pub action: Access,
    pub protocol: Protocol,
    pub source: Vec<Ipv4Net>,
    pub destination: Vec<Ipv4Net>,
    pub ports: PortSet,
    pub pos: Pos,
}

/// One side of a peering, owned by `vnet` (RULES.md §2: a peering is two resources).
#[derive(Debug, Clone, PartialEq)]
pub struct Peering {
    pub name: String,
    pub vnet: String,
    pub remote: String,
    pub allow_virtual_network_access: bool,
    pub allow_forwarded_traffic: bool,
    pub allow_gateway_transit: bool,
    pub use_remote_gateways: bool,
    pub remote_deleted: bool,
    /// RULES.md §14: the remote space this side last synced; `None`: the remote's current space.
    pub remote_space_cached: Option<Vec<Ipv4Net>>,
    /// RULES.md §15: the [`User`] who created this side.
    pub created_by: Option<String>,
    pub pos: Pos,
}

impl Peering {
    /// The default side as the portal creates it (RULES.md §3: access on, the rest off).
    pub fn new(vnet: &str, remote: &str) -> Self {
        Peering {
            name: format!("{vnet}-to-{remote}"),
            vnet: vnet.to_string(),
            remote: remote.to_string(),
            allow_virtual_network_access: true,
            allow_forwarded_traffic: false,
            allow_gateway_transit: false,
            use_remote_gateways: false,
            remote_deleted: false,
            remote_space_cached: None,
            created_by: None,
            pos: Pos::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RouteTable {
    pub name: String,
    pub propagate_gateway_routes: bool,
    pub routes: Vec<Route>,
    pub pos: Pos,
}

/// Next hop types a user-defined route may name (peering is not one of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UdrNextHop {
    VirtualAppliance,
    VirtualNetworkGateway,
    VnetLocal,
    Internet,
    None,
}

impl UdrNextHop {
    pub const ALL: [(&'static str, UdrNextHop); 5] = [
        ("VirtualAppliance", UdrNextHop::VirtualAppliance),
        ("VirtualNetworkGateway", UdrNextHop::VirtualNetworkGateway),
        ("VnetLocal", UdrNextHop::VnetLocal),
        ("Internet", UdrNextHop::Internet),
        ("None", UdrNextHop::None),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub name: String,
    pub prefix: Ipv4Net,
    pub next_hop: UdrNextHop,
    pub next_hop_ip: Option<Ipv4Addr>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Nsg {
    pub name: String,
    pub rules: Vec<NsgRule>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NsgRule {
    pub name: String,
    pub priority: u16,
    pub direction: Direction,
    pub access: Access,
    pub protocol: Protocol,
    pub source: AddressMatch,
    pub destination: AddressMatch,
    pub destination_ports: PortSet,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub name: String,
    pub prefixes: Vec<Ipv4Net>,
    pub bgp: bool,
    pub static_routes: Vec<Ipv4Net>,
    pub hosts: Vec<Host>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Host {
    pub name: String,
    pub ip: Ipv4Addr,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DnsZone {
    pub name: String,
    pub links: Vec<String>,
    pub records: BTreeMap<String, Ipv4Addr>,
    pub pos: Pos,
}

impl Topology {
    pub fn vnet(&self, name: &str) -> Option<&Vnet> {
        self.vnets.iter().find(|v| v.name == name)
    }

    pub fn vm(&self, name: &str) -> Option<&Vm> {
        self.vms.iter().find(|v| v.name == name)
    }

    pub fn route_table(&self, name: &str) -> Option<&RouteTable> {
        self.route_tables.iter().find(|r| r.name == name)
    }

    pub fn nsg(&self, name: &str) -> Option<&Nsg> {
        self.nsgs.iter().find(|n| n.name == name)
    }

    pub fn site(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.name == name)
    }

    pub fn asg(&self, name: &str) -> Option<&Asg> {
        self.asgs.iter().find(|a| a.name == name)
    }

    pub fn bastion(&self, name: &str) -> Option<&Bastion> {
        self.bastions.iter().find(|b| b.name == name)
    }

    pub fn paas_named(&self, name: &str) -> Option<&Paas> {
        self.paas.iter().find(|p| p.name == name)
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    pub fn p2s_client(&self, name: &str) -> Option<&P2sClient> {
        self.p2s_clients.iter().find(|c| c.name == name)
    }

    /// The gateway's address: as written, else the first usable address of the GatewaySubnet
    /// (where Azure places a gateway's first instance).
    pub fn gateway_ip(&self, vnet: &Vnet) -> Option<Ipv4Addr> {
        let g = vnet.gateway.as_ref()?;
        g.ip.or_else(|| vnet.subnet(GATEWAY_SUBNET).map(|s| first_usable(&s.prefix)))
    }

    /// The source address of a Bastion's sessions: as written, else the first usable address of
    /// its VNet's AzureBastionSubnet.
    pub fn bastion_ip(&self, b: &Bastion) -> Option<Ipv4Addr> {
        b.ip.or_else(|| {
            self.vnet(&b.vnet)
                .and_then(|v| v.subnet(BASTION_SUBNET))
                .map(|s| first_usable(&s.prefix))
        })
    }
}

/// The first address Azure lets a NIC take in a subnet (it keeps the first four).
pub fn first_usable(prefix: &Ipv4Net) -> Ipv4Addr {
    if prefix.prefix_len() > 29 {
        return prefix.network();
    }
    Ipv4Addr::from(u32::from(prefix.network()) + 4)
}

impl Vnet {
    pub fn subnet(&self, name: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.name == name)
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.address_space.iter().any(|p| p.contains(&ip))
    }

    pub fn overlaps(&self, other: &Vnet) -> bool {
        self.address_space
            .iter()
            .any(|a| other.address_space.iter().any(|b| value::overlap(a, b)))
    }
}
