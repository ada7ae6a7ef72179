//! The hub-and-two-spokes network the §11–§13 and §16 table tests share (tests/rules_bastion.rs,
//! rules_endpoints.rs, rules_p2s.rs): one text with `@NAME@` slots, so each case states only
//! what it changes and every file tests the same network.

use super::{filled, topo};
use peerlab::model::Topology;

/// hub-vnet 10.0.0.0/16 (GatewaySubnet, AzureBastionSubnet 10.0.254.0/26, endpoints
/// 10.0.5.0/24, workload with vm-hub 10.0.1.4 acting as an NVA), spoke1 10.1.0.0/16 (vm-web
/// 10.1.1.4 behind nsg-web, defaults only), spoke2 10.2.0.0/16 (vm-app 10.2.1.4, nsg-app).
/// Both spokes peered with the hub (portal defaults). A Standard bastion bas-hub.
pub const BASE: &str = r#"
[[vnet]]
name = "hub-vnet"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
  @BASTION_NSG@
  [[vnet.subnet]]
  name = "endpoints"
  prefix = "10.0.5.0/24"
  @ENDPOINT_SUBNET@
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  @HUB_WORKLOAD@
  @GATEWAY@
[[vnet]]
name = "spoke1"
address_space = ["10.1.0.0/16"]
@SPOKE1@
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.1.1.0/24"
  nsg = "nsg-web"
  @SPOKE1_WORKLOAD@
[[vnet]]
name = "spoke2"
address_space = ["10.2.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.2.1.0/24"
  nsg = "nsg-app"
  @SPOKE2_WORKLOAD@
[[vm]]
name = "vm-hub"
vnet = "hub-vnet"
subnet = "workload"
ip = "10.0.1.4"
ip_forwarding = true
forwards = true
@HUB_VM@
[[vm]]
name = "vm-web"
vnet = "spoke1"
subnet = "workload"
ip = "10.1.1.4"
[[vm]]
name = "vm-app"
vnet = "spoke2"
subnet = "workload"
ip = "10.2.1.4"
@VM_APP@
[[nsg]]
name = "nsg-web"
@NSG_WEB@
[[nsg]]
name = "nsg-app"
[[peering]]
vnet = "hub-vnet"
remote = "spoke1"
@HUB_TO_SPOKE1@
[[peering]]
vnet = "spoke1"
remote = "hub-vnet"
@SPOKE1_TO_HUB@
[[peering]]
vnet = "hub-vnet"
remote = "spoke2"
[[peering]]
vnet = "spoke2"
remote = "hub-vnet"
[[bastion]]
name = "bas-hub"
vnet = "hub-vnet"
@BASTION@
@EXTRA@
"#;

pub const SLOTS: [&str; 14] = [
    "HUB_VM",
    "BASTION_NSG",
    "ENDPOINT_SUBNET",
    "HUB_WORKLOAD",
    "GATEWAY",
    "SPOKE1_WORKLOAD",
    "SPOKE2_WORKLOAD",
    "SPOKE1",
    "VM_APP",
    "NSG_WEB",
    "HUB_TO_SPOKE1",
    "SPOKE1_TO_HUB",
    "BASTION",
    "EXTRA",
];

/// BASE with some slots filled (the rest empty).
#[track_caller]
pub fn base(fill: &[(&str, &str)]) -> Topology {
    topo(&filled(BASE, &SLOTS, fill))
}
