//! Gateway and on-premises behaviours that mutation testing of `eval/mod.rs` found no test
//! pinning down (issue 11: which subnet's routes a site's packet takes at the gateway VNet, what
//! a BGP site learns, when a static site's packet is static-to-static transit, which peer's
//! gateway the §8 router reading sends to). Expected values come from RULES.md §4 ("BGP transit
//! between sites", "The gateway as a router") and §8.

mod common;

use common::*;
use peerlab::eval::{FlowSpec, Network, Reading, Reason};

const BGP: &str = "bgp = true";

/// A hub whose first subnet drops traffic to spoke s1 by UDR; its GatewaySubnet comes second,
/// with a VPN gateway to BGP site dc; s1 uses the hub's gateway through transit.
const GATEWAY_BESIDE_A_UDR: &str = r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  route_table = "rt-drop"
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [vnet.gateway]
  kind = "vpn"
  sites = ["dc"]
[[vnet]]
name = "s1"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "w"
  prefix = "10.1.1.0/24"
[[route_table]]
name = "rt-drop"
  [[route_table.route]]
  name = "drop-s1"
  prefix = "10.1.0.0/16"
  next_hop = "None"
[[vm]]
name = "vm-hub"
vnet = "hub"
subnet = "workload"
ip = "10.0.1.4"
[[vm]]
name = "vm1"
vnet = "s1"
subnet = "w"
ip = "10.1.1.4"
[[site]]
name = "dc"
prefixes = ["192.168.0.0/16"]
bgp = true
  [[site.host]]
  name = "dc-app"
  ip = "192.168.1.10"
[[peering]]
vnet = "hub"
remote = "s1"
allow_gateway_transit = true
[[peering]]
vnet = "s1"
remote = "hub"
use_remote_gateways = true
"#;

/// RULES §4 (on-premises sites; "The gateway as a router") and §12: a packet from a site
/// enters Azure at the gateway VNet's GatewaySubnet and is routed with *that* subnet's effective
/// routes, not another subnet's of the same VNet. Expected before running: dc-app reaches the
/// transit spoke's vm1 (`ok`) although the hub's first subnet drops 10.1.0.0/16 (vm-hub's own
/// packet: `udr-drop`); the same route table on the GatewaySubnet drops dc-app's packet too.
/// (cargo-mutants: `gateway_subnet` → `Some(0)` routed it from `workload`.)
#[test]
fn rule4_a_site_packet_is_routed_by_the_gateway_subnets_routes() {
    let t = topo(GATEWAY_BESIDE_A_UDR);
    expect(&t, "vm-hub", "vm1", 443, Reason::UdrDrop);
    expect(&t, "dc-app", "vm1", 443, Reason::Ok);
    let on_gateway_subnet = GATEWAY_BESIDE_A_UDR
        .replacen("  route_table = \"rt-drop\"\n", "", 1)
        .replacen(
            "  prefix = \"10.0.255.0/27\"\n",
            "  prefix = \"10.0.255.0/27\"\n  route_table = \"rt-drop\"\n",
            1,
        );
    let t = topo(&on_gateway_subnet);
    expect(&t, "vm-hub", "vm1", 443, Reason::Ok);
    expect(&t, "dc-app", "vm1", 443, Reason::UdrDrop);
}

/// HUB plus a second gateway VNet, hub2 (10.9.0.0/16, peered with the hub), whose VPN gateway
/// connects site `branch` (172.16.0.0/16, host br 172.16.1.10). `hub_sites` lists the hub
/// gateway's sites; `onprem` and `branch` are the two sites' `bgp` / `static_routes` lines.
fn two_gateways(hub_sites: &str, onprem: &str, branch: &str) -> String {
    HUB.replacen("sites = [\"onprem\"]", &format!("sites = [{hub_sites}]"), 1)
        .replacen(
            "prefixes = [\"192.168.0.0/16\"]",
            &format!("prefixes = [\"192.168.0.0/16\"]\n{onprem}"),
            1,
        )
        + "[[vnet]]\nname = \"hub2\"\naddress_space = [\"10.9.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.9.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"branch\"]\n"
        + &format!(
            "[[site]]\nname = \"branch\"\nprefixes = [\"172.16.0.0/16\"]\n{branch}\n  [[site.host]]\n  name = \"br\"\n  ip = \"172.16.1.10\"\n"
        )
        + &peer("hub", "hub2")
}

/// RULES §4 "BGP transit between sites": a BGP site learns the prefixes of every *other site on
/// the same gateway*, not those of a site behind another gateway (peering does not carry a
/// gateway's sites either, §4.2). Expected before running: dc (onprem, on the hub's gateway) has
/// no route to br (branch, on hub2's gateway), so the trace stops at the site itself with
/// `no-route` and never enters the hub; with branch connected to the hub's gateway too, dc
/// reaches br (`ok`). (cargo-mutants: `&&` → `||` in `advertised_to` advertised every other
/// site of the file, and the packet went on to the hub's GatewaySubnet.)
#[test]
fn rule4_a_bgp_site_learns_only_the_sites_on_its_own_gateway() {
    let t = topo(&two_gateways("\"onprem\"", BGP, BGP));
    let tr = expect(&t, "dc", "br", 443, Reason::NoRoute);
    let last = tr.hops.last().expect("a hop");
    assert_eq!(
        (last.at.as_str(), last.detail.as_str()),
        (
            "dc",
            "site onprem has no route to 172.16.1.10: its gateways do not advertise it"
        ),
        "{:#?}",
        tr.hops
    );
    assert!(
        !tr.hops.iter().any(|h| h.at.contains("hub")),
        "{:#?}",
        tr.hops
    );
    let t = topo(&two_gateways("\"onprem\", \"branch\"", BGP, BGP));
    expect(&t, "dc", "br", 443, Reason::Ok);
}

/// RULES §4, §8: transit between two *static* sites on one VPN gateway is not documented, and
/// peerlab does not route it; every other packet a static site's routes send to the gateway is
/// routed as usual. Expected before running: dc (onprem, static, a static route for the hub's
/// 10.0.0.0/16) reaches the hub's nva (`ok`) although branch, static too, is on the same
/// gateway. (cargo-mutants: the last `&&` → `||` in `static_site_holding` found branch for any
/// destination and stopped dc with the static-to-static `no-route`.)
#[test]
fn rule4_a_static_site_reaches_the_vnet_beside_another_static_site() {
    let statics = two_gateways(
        "\"onprem\", \"branch\"",
        "bgp = false\nstatic_routes = [\"10.0.0.0/16\"]",
        "bgp = false",
    );
    expect(&topo(&statics), "dc", "nva", 443, Reason::Ok);
    // The control: to branch's own host it is the static-to-static case.
    let tr = expect(
        &topo(&statics.replacen(
            "static_routes = [\"10.0.0.0/16\"]",
            "static_routes = [\"10.0.0.0/16\", \"172.16.0.0/16\"]",
            1,
        )),
        "dc",
        "br",
        443,
        Reason::NoRoute,
    );
    assert!(
        tr.hops.iter().any(|h| h.detail.contains("static too")),
        "{:#?}",
        tr.hops
    );
}

/// RULES §4, §8: the static-to-static point is about two sites on the *same* gateway. A static
/// site whose static route sends a branch's prefix to the hub, while that branch hangs off
/// another gateway (hub2's, in a VNet peered with the hub), is no such transit: the hub's gateway
/// takes the packet, and at the hub's GatewaySubnet the system route to 172.16.0.0/12 is `None`.
/// Expected before running: the site's hop passes ("a static route") and the packet stops in the
/// hub, not at the site with the static-to-static text. (First written as `no-route`; the
/// evaluator names FORMAT.md §2's `gateway-transit-missing` — "the destination is behind a
/// gateway in a peered VNet, and the transit pair is not set" — which is this network, and the
/// hub's own gateway rules the pair out, RULES §1.) (cargo-mutants: either of the first two
/// `&&` → `||` in `static_site_holding` counted branch although the hub's gateway lacks it.)
#[test]
fn rule4_a_static_site_behind_another_gateway_is_not_static_to_static_transit() {
    let t = topo(&two_gateways(
        "\"onprem\"",
        "bgp = false\nstatic_routes = [\"172.16.0.0/16\"]",
        "bgp = false",
    ));
    let tr = expect(&t, "dc", "br", 443, Reason::GatewayTransitMissing);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.at == "site onprem" && h.ok && h.detail.contains("(a static route)")),
        "{:#?}",
        tr.hops
    );
    let last = tr.hops.last().expect("a hop");
    assert_eq!((last.at.as_str(), last.ok), ("hub/GatewaySubnet", false));
    assert!(
        !tr.hops.iter().any(|h| h.detail.contains("static too")),
        "{:#?}",
        tr.hops
    );
}

/// HUB with the hub listed last (after s1 and s2), spoke s1 using the hub's gateway through
/// transit, s2 peered without the pair, and UDRs in both spokes sending the other spoke's space
/// to `VirtualNetworkGateway`.
fn router_hub_last() -> String {
    let (hub, rest) = HUB
        .trim_start()
        .split_at(HUB.trim_start().find("[[vnet]]\nname = \"s1\"").unwrap());
    let (spokes, tail) = rest.split_at(rest.find("[[vm]]").unwrap());
    let rt = |name: &str, prefix: &str| {
        format!(
            "[[route_table]]\nname = \"{name}\"\n  [[route_table.route]]\n  name = \"via-gateway\"\n  prefix = \"{prefix}\"\n  next_hop = \"VirtualNetworkGateway\"\n"
        )
    };
    format!("{spokes}{hub}{tail}")
        .replacen(
            "  prefix = \"10.1.1.0/24\"",
            "  prefix = \"10.1.1.0/24\"\n  route_table = \"rt-s1\"",
            1,
        )
        .replacen(
            "  prefix = \"10.2.1.0/24\"",
            "  prefix = \"10.2.1.0/24\"\n  route_table = \"rt-s2\"",
            1,
        )
        + &rt("rt-s1", "10.2.0.0/16")
        + &rt("rt-s2", "10.1.0.0/16")
        + &side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true")
        + &side("hub", "s2", "allow_gateway_transit = true")
        + &side("s2", "hub", "")
}

/// RULES §4 "The gateway as a router" and §8: whether a spoke without the transit pair can send
/// to its peer's VPN gateway is not documented; peerlab says no, and the alternative reading
/// sends the packet to the VPN gateway *of the peer that holds one*. Expected before running,
/// as fidelity's router case but with the hub not the first VNet of the file: vm1 → vm2 fails
/// by default on the reply from s2 (`no-return-route`), and under the reading the reply goes
/// through the hub's gateway (`ok`). (cargo-mutants: `vpn_gateway_peer` → `Some(0)` named the
/// file's first VNet, which in every other test was the hub.)
#[test]
fn rule8_the_router_reading_sends_to_the_peer_that_holds_the_vpn_gateway() {
    let t = topo(&router_hub_last());
    assert_eq!(t.vnets[2].name, "hub");
    let router = Reading::ALTERNATIVES
        .into_iter()
        .find(|r| r.gateway_router_without_transit)
        .expect("the router reading");
    let reason = |r: Reading| {
        Network::with_reading(&t, r)
            .trace(&FlowSpec::new("vm1", "vm2"))
            .expect("trace runs")
            .reason
    };
    assert_eq!(reason(Reading::default()), Reason::NoReturnRoute);
    assert_eq!(reason(router), Reason::Ok);
}
