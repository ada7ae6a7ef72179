//! The hub-and-spokes network of the evaluator benchmarks: a hub with N spokes, one VM each,
//! an Azure Firewall the spokes' UDRs send everything to, and (for issue 16's scale targets) a
//! VPN gateway to a datacenter that every spoke reaches through gateway transit. Spoke i has
//! 10.A.B.0/24 (A = 1 + i / 250, B = i % 250), so up to 2,250 spokes fit in 10.0.0.0/8. One
//! text for benches/eval.rs and benches/scale.rs, so both measure the same network.

use std::fmt::Write;

/// Issue 16's network (benches/scale.rs): the hub with its firewall and VPN gateway.
#[allow(dead_code)]
pub fn hub_network(n: usize) -> String {
    hub(n, true)
}

/// Issue 2's network (benches/eval.rs): the same hub without the gateway, its site and the
/// transit settings.
#[allow(dead_code)]
pub fn firewall_hub(n: usize) -> String {
    hub(n, false)
}

fn hub(n: usize, gateway: bool) -> String {
    let title = if gateway {
        "A hub with many spokes, a firewall and a VPN gateway"
    } else {
        "A hub with many spokes behind Azure Firewall"
    };
    let mut s = format!(
        r#"[meta]
title = "{title}"

[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "AzureFirewallSubnet"
  prefix = "10.0.1.0/26"
"#
    );
    if gateway {
        s.push_str(
            r#"  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [vnet.gateway]
  kind = "vpn"
  sites = ["dc"]

[[site]]
name = "dc"
prefixes = ["192.168.0.0/16"]
  [[site.host]]
  name = "dc-app"
  ip = "192.168.1.10"
"#,
        );
    }
    s.push_str(
        r#"
[[firewall]]
name = "hub-fw"
vnet = "hub"
subnet = "AzureFirewallSubnet"
ip = "10.0.1.4"
  [[firewall.rule]]
  name = "deny-ssh"
  action = "deny"
  protocol = "tcp"
  source = ["10.0.0.0/8"]
  destination = ["10.0.0.0/8"]
  ports = "22"
  [[firewall.rule]]
  name = "spoke-to-spoke"
  action = "allow"
  protocol = "tcp"
  source = ["10.0.0.0/8"]
  destination = ["10.0.0.0/8"]
  ports = "443,1433"

[[route_table]]
name = "rt-spokes"
  [[route_table.route]]
  name = "default-via-fw"
  prefix = "0.0.0.0/0"
  next_hop = "VirtualAppliance"
  next_hop_ip = "10.0.1.4"

[[nsg]]
name = "nsg-spokes"
  [[nsg.rule]]
  name = "deny-rdp"
  priority = 100
  direction = "inbound"
  access = "deny"
  protocol = "tcp"
  source = "*"
  destination = "*"
  destination_ports = "3389"
  [[nsg.rule]]
  name = "allow-app"
  priority = 200
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source = "VirtualNetwork"
  destination = "*"
  destination_ports = "443,1433"
"#,
    );
    let (hub_transit, spoke_transit) = if gateway {
        (
            "allow_gateway_transit = true\n",
            "use_remote_gateways = true\n",
        )
    } else {
        ("", "")
    };
    for i in 0..n {
        let (a, b) = (1 + i / 250, i % 250);
        let _ = write!(
            s,
            r#"
[[vnet]]
name = "spoke-{i}"
address_space = ["10.{a}.{b}.0/24"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.{a}.{b}.0/25"
  route_table = "rt-spokes"
  nsg = "nsg-spokes"
[[vm]]
name = "vm-{i}"
vnet = "spoke-{i}"
subnet = "workload"
ip = "10.{a}.{b}.4"
[[peering]]
vnet = "hub"
remote = "spoke-{i}"
{hub_transit}[[peering]]
vnet = "spoke-{i}"
remote = "hub"
allow_forwarded_traffic = true
{spoke_transit}"#
        );
    }
    s
}

/// The same VNets, peerings and VMs (no firewall, route table or gateway) as the two arrays
/// `az network vnet list` and `az network nic list` print, for the import benchmark.
#[allow(dead_code)]
pub fn az_lists(n: usize) -> (String, String) {
    use serde_json::json;
    let base = "/subscriptions/0000-sub/resourceGroups/rg-network/providers/Microsoft.Network";
    let vnet_id = |name: &str| format!("{base}/virtualNetworks/{name}");
    let peering = |from: &str, to: &str, space: &str| {
        json!({
            "name": format!("{from}-to-{to}"),
            "id": format!("{}/virtualNetworkPeerings/{from}-to-{to}", vnet_id(from)),
            "allowVirtualNetworkAccess": true,
            "allowForwardedTraffic": true,
            "allowGatewayTransit": false,
            "useRemoteGateways": false,
            "peeringState": "Connected",
            "remoteVirtualNetwork": { "id": vnet_id(to) },
            "remoteAddressSpace": { "addressPrefixes": [space] },
        })
    };
    let space = |i: usize| format!("10.{}.{}.0/24", 1 + i / 250, i % 250);
    let mut vnets = vec![json!({
        "name": "hub",
        "id": vnet_id("hub"),
        "type": "Microsoft.Network/virtualNetworks",
        "location": "eastus",
        "addressSpace": { "addressPrefixes": ["10.0.0.0/16"] },
        "subnets": [{ "name": "shared", "id": format!("{}/subnets/shared", vnet_id("hub")),
                      "addressPrefix": "10.0.2.0/24" }],
        "virtualNetworkPeerings": (0..n)
            .map(|i| peering("hub", &format!("spoke-{i}"), &space(i)))
            .collect::<Vec<_>>(),
    })];
    let mut nics = Vec::new();
    for i in 0..n {
        let name = format!("spoke-{i}");
        let (a, b) = (1 + i / 250, i % 250);
        vnets.push(json!({
            "name": name,
            "id": vnet_id(&name),
            "type": "Microsoft.Network/virtualNetworks",
            "location": "eastus",
            "addressSpace": { "addressPrefixes": [space(i)] },
            "subnets": [{ "name": "workload", "id": format!("{}/subnets/workload", vnet_id(&name)),
                          "addressPrefix": format!("10.{a}.{b}.0/25") }],
            "virtualNetworkPeerings": [peering(&name, "hub", "10.0.0.0/16")],
        }));
        nics.push(json!({
            "name": format!("vm-{i}-nic01"),
            "id": format!("{base}/networkInterfaces/vm-{i}-nic01"),
            "type": "Microsoft.Network/networkInterfaces",
            "location": "eastus",
            "enableIPForwarding": false,
            "virtualMachine": { "id": format!(
                "/subscriptions/0000-sub/resourceGroups/rg-network/providers/Microsoft.Compute/virtualMachines/vm-{i}") },
            "ipConfigurations": [{
                "name": "ipconfig1",
                "privateIPAddress": format!("10.{a}.{b}.4"),
                "subnet": { "id": format!("{}/subnets/workload", vnet_id(&name)) },
            }],
        }));
    }
    (
        serde_json::to_string_pretty(&vnets).expect("serialises"),
        serde_json::to_string_pretty(&nics).expect("serialises"),
    )
}
