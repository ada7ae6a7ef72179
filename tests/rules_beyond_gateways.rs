//! Table tests for the parts of RULES.md §11, §13 and §16 that turn on the hub's VPN gateway,
//! named after their section: forced tunnelling breaks Bastion, a service endpoint route beats a
//! BGP route for the same prefix, and what a point-to-site client reaches (static and BGP
//! branches, another client, a VNet that is not directly peered). Every verdict was written from
//! RULES.md and FORMAT.md §1b before the evaluator ran.

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason, RouteState, Trace};
use peerlab::model::Topology;

/// hub-vnet 10.0.0.0/16 (GatewaySubnet with a VPN gateway to site dc and P2S pool
/// 172.31.0.0/24, AzureBastionSubnet with bas-hub, workload with vm-hub 10.0.1.4), spoke1
/// 10.1.0.0/16 (vm-web 10.1.1.4) peered with the transit pair, spoke3 10.3.0.0/16 (vm-far
/// 10.3.1.4) peered with spoke1 only. Two P2S clients.
const BASE: &str = r#"
[[vnet]]
name = "hub-vnet"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  @HUB_WORKLOAD@
  [vnet.gateway]
  kind = "vpn"
  sites = ["dc"]
  p2s_pool = "172.31.0.0/24"
[[vnet]]
name = "spoke1"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.1.1.0/24"
[[vnet]]
name = "spoke3"
address_space = ["10.3.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.3.1.0/24"
[[vm]]
name = "vm-hub"
vnet = "hub-vnet"
subnet = "workload"
ip = "10.0.1.4"
[[vm]]
name = "vm-web"
vnet = "spoke1"
subnet = "workload"
ip = "10.1.1.4"
[[vm]]
name = "vm-far"
vnet = "spoke3"
subnet = "workload"
ip = "10.3.1.4"
[[peering]]
vnet = "hub-vnet"
remote = "spoke1"
allow_gateway_transit = true
[[peering]]
vnet = "spoke1"
remote = "hub-vnet"
use_remote_gateways = true
[[peering]]
vnet = "spoke1"
remote = "spoke3"
[[peering]]
vnet = "spoke3"
remote = "spoke1"
[[bastion]]
name = "bas-hub"
vnet = "hub-vnet"
[[site]]
name = "dc"
prefixes = [@SITE_PREFIXES@]
bgp = @BGP@
  [[site.host]]
  name = "dc-app"
  ip = "192.168.1.10"
[[p2s_client]]
name = "laptop"
gateway_vnet = "hub-vnet"
ip = "172.31.0.10"
os = "@OS@"
[[p2s_client]]
name = "laptop2"
gateway_vnet = "hub-vnet"
ip = "172.31.0.11"
os = "@OS@"
@EXTRA@
"#;

const ONPREM: &str = "\"192.168.0.0/16\"";

struct Fill<'a> {
    site_prefixes: &'a str,
    bgp: bool,
    os: &'a str,
    hub_workload: &'a str,
    extra: &'a str,
}

const DEFAULT: Fill<'static> = Fill {
    site_prefixes: ONPREM,
    bgp: true,
    os: "other",
    hub_workload: "",
    extra: "",
};

/// BASE as `f` fills it.
fn base(f: &Fill) -> Topology {
    topo(
        &BASE
            .replace("@SITE_PREFIXES@", f.site_prefixes)
            .replace("@BGP@", &f.bgp.to_string())
            .replace("@OS@", f.os)
            .replace("@HUB_WORKLOAD@", f.hub_workload)
            .replace("@EXTRA@", f.extra),
    )
}

fn details(tr: &Trace) -> String {
    tr.hops
        .iter()
        .map(|h| h.detail.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

// --- RULES.md §11: forced tunnelling ----------------------------------------------------------

#[test]
fn s11_a_default_route_from_the_gateway_breaks_bastion() {
    let t = base(&DEFAULT);
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    // The site advertises 0.0.0.0/0 over BGP: every session fails, even inside the hub.
    let forced = Fill {
        site_prefixes: "\"192.168.0.0/16\", \"0.0.0.0/0\"",
        ..DEFAULT
    };
    let t = base(&forced);
    for to in ["vm-hub", "vm-web"] {
        let tr = expect(&t, "bas-hub", to, 3389, Reason::NoRoute);
        assert!(
            details(&tr).contains("forced tunnelling"),
            "{}",
            details(&tr)
        );
    }
}

// --- RULES.md §13: a service endpoint route beats BGP -----------------------------------------

#[test]
fn s13_a_service_endpoint_route_overrides_a_bgp_route_for_the_same_prefix() {
    let storage = r#"[[paas]]
name = "stdata"
service = "Microsoft.Storage"
fqdn = "stdata.blob.core.windows.net"
public_ip = "20.60.2.20"
public_access = "selected"
vnet_rules = ["hub-vnet/workload"]
"#;
    let bgp = Fill {
        site_prefixes: "\"192.168.0.0/16\", \"20.60.2.20/32\"",
        extra: storage,
        ..DEFAULT
    };
    // Without the endpoint the BGP route takes the account's address on-premises.
    let t = base(&bgp);
    let net = Network::new(&t);
    let nh = net
        .next_hop("vm-hub", "20.60.2.20".parse().unwrap())
        .unwrap();
    assert_eq!(nh.kind, NextHopType::VirtualNetworkGateway);
    // With it the endpoint's route wins and the account sees hub-vnet/workload.
    let with_se = Fill {
        hub_workload: "service_endpoints = [\"Microsoft.Storage\"]",
        ..bgp
    };
    let t = base(&with_se);
    let net = Network::new(&t);
    let nh = net
        .next_hop("vm-hub", "20.60.2.20".parse().unwrap())
        .unwrap();
    assert_eq!(nh.kind, NextHopType::VirtualNetworkServiceEndpoint);
    let routes = net.routes_of("vm-hub").unwrap();
    let bgp_route = routes
        .iter()
        .find(|r| {
            r.prefix.to_string() == "20.60.2.20/32"
                && r.next_hop == NextHopType::VirtualNetworkGateway
        })
        .expect("the BGP route is still listed");
    assert_eq!(bgp_route.state, RouteState::Invalid);
    let tr = expect(&t, "vm-hub", "stdata", 443, Reason::Ok);
    assert_eq!(
        tr.next_hop.unwrap().kind,
        NextHopType::VirtualNetworkServiceEndpoint
    );
}

// --- RULES.md §16: what a point-to-site client reaches ----------------------------------------

#[test]
fn s16_bgp_branches_are_reachable_and_static_ones_are_not() {
    let t = base(&DEFAULT);
    expect(&t, "laptop", "dc-app", 443, Reason::Ok);
    let t = base(&Fill {
        bgp: false,
        ..DEFAULT
    });
    let tr = expect(&t, "laptop", "dc-app", 443, Reason::NoRoute);
    assert!(details(&tr).contains("static routing"), "{}", details(&tr));
    // Windows clients need the branch's routes added by hand (RULES §16): the profile alone
    // gives them none, so the branch is not reached, while the VNets still are.
    let t = base(&Fill {
        os: "windows",
        ..DEFAULT
    });
    let tr = expect(&t, "laptop", "dc-app", 443, Reason::NoRoute);
    assert!(
        details(&tr).contains("added on laptop by hand"),
        "{}",
        details(&tr)
    );
    expect(&t, "laptop", "vm-web", 443, Reason::Ok);
    // The VNets are reached as before.
    expect(&t, "laptop", "vm-web", 443, Reason::Ok);
}

#[test]
fn s16_two_clients_of_one_gateway_reach_each_other() {
    let t = base(&DEFAULT);
    expect(&t, "laptop", "laptop2", 443, Reason::Ok);
    expect(&t, "laptop2", "laptop", 22, Reason::Ok);
}

#[test]
fn s16_a_client_reaches_directly_peered_vnets_only() {
    let t = base(&DEFAULT);
    expect(&t, "laptop", "vm-hub", 443, Reason::Ok);
    expect(&t, "laptop", "vm-web", 443, Reason::Ok);
    // spoke3 is peered with spoke1, not with the gateway's VNet.
    expect(&t, "laptop", "vm-far", 443, Reason::NotTransitive);
}
