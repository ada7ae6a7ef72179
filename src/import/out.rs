//! The topology document the import writes, typed: each struct is one table of FORMAT.md §1
//! with its keys as fields, serialized by the `toml` crate. A key misspelt here fails to
//! compile instead of writing a file the parser then refuses; the text is parsed again by
//! `parse_topology` before anything is returned (see `super::import`).

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Default, Debug)]
pub struct Doc {
    pub vnet: Vec<Vnet>,
    pub vm: Vec<Vm>,
    pub firewall: Vec<Firewall>,
    pub peering: Vec<Peering>,
    pub route_table: Vec<RouteTable>,
    pub nsg: Vec<Nsg>,
    pub site: Vec<Site>,
    pub dns_zone: Vec<DnsZone>,
}

#[derive(Serialize, Debug)]
pub struct Vnet {
    pub name: String,
    pub address_space: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns: Option<String>,
    pub subnet: Vec<Subnet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<Gateway>,
}

#[derive(Serialize, Debug)]
pub struct Subnet {
    pub name: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsg: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct Gateway {
    pub kind: &'static str,
    pub sku: String,
    pub sites: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Vm {
    pub name: String,
    pub vnet: String,
    pub subnet: String,
    pub ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsg: Option<String>,
    pub ip_forwarding: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwards: Option<bool>,
}

#[derive(Serialize, Debug)]
pub struct Firewall {
    pub name: String,
    pub vnet: String,
    pub subnet: String,
    pub ip: String,
    pub rule: Vec<FirewallRule>,
}

#[derive(Serialize, Debug, Clone)]
pub struct FirewallRule {
    pub name: String,
    pub action: String,
    pub protocol: String,
    pub source: Vec<String>,
    pub destination: Vec<String>,
    pub ports: String,
}

#[derive(Serialize, Debug)]
pub struct Peering {
    pub name: String,
    pub vnet: String,
    pub remote: String,
    pub allow_virtual_network_access: bool,
    pub allow_forwarded_traffic: bool,
    pub allow_gateway_transit: bool,
    pub use_remote_gateways: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remote_deleted: bool,
}

#[derive(Serialize, Debug, Clone)]
pub struct RouteTable {
    pub name: String,
    pub propagate_gateway_routes: bool,
    pub route: Vec<Route>,
}

#[derive(Serialize, Debug, Clone)]
pub struct Route {
    pub name: String,
    pub prefix: String,
    pub next_hop: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_hop_ip: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct Nsg {
    pub name: String,
    pub rule: Vec<NsgRule>,
}

#[derive(Serialize, Debug, Clone)]
pub struct NsgRule {
    pub name: String,
    pub priority: i64,
    pub direction: String,
    pub access: String,
    pub protocol: String,
    pub source: String,
    pub destination: String,
    pub destination_ports: String,
}

#[derive(Serialize, Debug)]
pub struct Site {
    pub name: String,
    pub prefixes: Vec<String>,
    pub bgp: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub static_routes: Option<Vec<String>>,
}

#[derive(Serialize, Debug)]
pub struct DnsZone {
    pub name: String,
    pub links: Vec<String>,
    pub records: BTreeMap<String, String>,
}
