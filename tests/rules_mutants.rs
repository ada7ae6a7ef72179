//! Behaviours that mutation testing found no test pinning down (issue 11: nsg.rs ICMP against a
//! rule with a port, the access-off test of a custom deny, routes.rs's "(gateway route)" text and
//! the Active/Invalid states). Expected values come from RULES.md §4, §5 and §7.

mod common;

use common::*;
use peerlab::eval::{Network, Reason, RouteState};
use peerlab::model::{Direction, Protocol};

/// `(prefix, next hop type, state)` of a machine's effective routes.
fn states(t: &peerlab::model::Topology, vm: &str) -> Vec<(String, String, RouteState)> {
    Network::new(t)
        .routes_of(vm)
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.prefix.to_string(),
                r.next_hop.as_str().to_string(),
                r.state,
            )
        })
        .collect()
}

fn state_of(rows: &[(String, String, RouteState)], prefix: &str, hop: &str) -> Vec<RouteState> {
    rows.iter()
        .filter(|(p, h, _)| p == prefix && h == hop)
        .map(|r| r.2)
        .collect()
}

const NSG_ANY_443: &str = r#"
[[nsg]]
name = "n1"
  [[nsg.rule]]
  name = "deny-443"
  priority = 100
  direction = "inbound"
  access = "deny"
  protocol = "any"
  source = "*"
  destination = "*"
  destination_ports = "443"
"#;

/// RULES §5 with FORMAT's ports: ICMP has no port, so a rule for port 443 (protocol any) never
/// matches it; TCP 443 does.
#[test]
fn rule5_icmp_never_matches_a_rule_with_a_port() {
    let text = HUB.replacen(
        "  name = \"w\"\n  prefix = \"10.1.1.0/24\"",
        "  name = \"w\"\n  prefix = \"10.1.1.0/24\"\n  nsg = \"n1\"",
        1,
    ) + NSG_ANY_443;
    let t = topo(&text);
    let net = Network::new(&t);
    let ip = "10.1.1.9".parse().unwrap();
    let icmp = net
        .ip_flow_verify("vm1", Direction::Inbound, Protocol::Icmp, ip, 443)
        .unwrap();
    assert_eq!(
        (icmp.access, icmp.rule.as_deref()),
        ("Allow", Some("defaultSecurityRules/AllowVnetInBound"))
    );
    let tcp = net
        .ip_flow_verify("vm1", Direction::Inbound, Protocol::Tcp, ip, 443)
        .unwrap();
    assert_eq!(
        (tcp.access, tcp.rule.as_deref()),
        ("Deny", Some("securityRules/deny-443"))
    );
}

/// RULES §3/§5, FORMAT §2: `vnet-access-disabled` is a *default* rule denying only because of
/// access off. A custom deny decides here even though, with access on, a higher allow written
/// with the VirtualNetwork tag would have matched first: the reason is `nsg-deny`.
#[test]
fn rule5_a_custom_deny_with_access_off_is_nsg_deny_not_vnet_access_disabled() {
    let nsg = r#"
[[nsg]]
name = "n2"
  [[nsg.rule]]
  name = "allow-vnet"
  priority = 100
  direction = "inbound"
  access = "allow"
  protocol = "any"
  source = "VirtualNetwork"
  destination = "*"
  [[nsg.rule]]
  name = "deny-s1"
  priority = 200
  direction = "inbound"
  access = "deny"
  protocol = "any"
  source = "10.1.0.0/16"
  destination = "*"
"#;
    let text = HUB.replacen(
        "  name = \"nva\"\n  prefix = \"10.0.2.0/24\"",
        "  name = \"nva\"\n  prefix = \"10.0.2.0/24\"\n  nsg = \"n2\"",
        1,
    ) + nsg
        + &side("hub", "s1", "allow_virtual_network_access = false")
        + &side("s1", "hub", "");
    let t = topo(&text);
    expect(&t, "vm1", "nva", 443, Reason::NsgDeny);
    // With access on, the VirtualNetwork allow at 100 matches first.
    let on = topo(&text.replace("allow_virtual_network_access = false", ""));
    expect(&on, "vm1", "nva", 443, Reason::Ok);
}

/// RULES §7: a hop through a gateway route says so (with the gateway's IP, FORMAT.md §1b).
#[test]
fn rule7_a_gateway_route_reads_as_a_gateway_route_in_the_hops() {
    let t = topo(HUB);
    let tr = expect(&t, "nva", "dc", 443, Reason::Ok);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail
                == "192.168.0.0/16 -> VirtualNetworkGateway 10.0.255.4 (gateway route)"),
        "{:#?}",
        tr.hops
    );
}

/// RULES §4 selection, as Azure marks it Active/Invalid (§7).
#[test]
fn rule4_route_states_on_equal_and_covered_prefixes() {
    // A site advertising a prefix inside the VNet's own space: the VNet route wins even over a
    // more specific gateway route, so the gateway route is Invalid.
    let own = HUB.replace(
        "prefixes = [\"192.168.0.0/16\"]",
        "prefixes = [\"192.168.0.0/16\", \"10.0.9.0/24\"]",
    );
    let rows = states(&topo(&own), "nva");
    assert_eq!(
        state_of(&rows, "10.0.9.0/24", "VirtualNetworkGateway"),
        vec![RouteState::Invalid]
    );
    assert_eq!(
        state_of(&rows, "10.0.0.0/16", "VnetLocal"),
        vec![RouteState::Active]
    );

    // A UDR with the same prefix as a peering route: user beats system on an equal prefix.
    let udr = HUB.replacen(
        "  name = \"nva\"\n  prefix = \"10.0.2.0/24\"",
        "  name = \"nva\"\n  prefix = \"10.0.2.0/24\"\n  route_table = \"rt\"",
        1,
    ) + "[[route_table]]\nname = \"rt\"\n  [[route_table.route]]\n  name = \"s1-via-fw\"\n  prefix = \"10.1.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.1.4\"\n"
        + &side("hub", "s1", "")
        + &side("s1", "hub", "");
    let rows = states(&topo(&udr), "nva");
    assert_eq!(
        state_of(&rows, "10.1.0.0/16", "VNetPeering"),
        vec![RouteState::Invalid]
    );
    assert_eq!(
        state_of(&rows, "10.1.0.0/16", "VirtualAppliance"),
        vec![RouteState::Active]
    );

    // Two sites advertising the same prefix: two gateway routes, the first listed Active.
    let two = HUB.replace("sites = [\"onprem\"]", "sites = [\"onprem\", \"dr\"]")
        + "[[site]]\nname = \"dr\"\nprefixes = [\"192.168.0.0/16\"]\n";
    let rows = states(&topo(&two), "nva");
    assert_eq!(
        state_of(&rows, "192.168.0.0/16", "VirtualNetworkGateway"),
        vec![RouteState::Active, RouteState::Invalid]
    );
}

/// RULES §7: a trace shows the route applied at each hop; for a user route that is the route's
/// name and its table (expected before running: the UDR `blackhole` of `rt` drops vm-a's
/// packet, `udr-drop`, and the failing route hop names both).
#[test]
fn rule7_a_user_route_reads_as_that_route_of_its_table_in_the_hops() {
    let text = format!("{PAIR}{}", peer("a", "b")).replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt\"",
    ) + "[[route_table]]\nname = \"rt\"\n  [[route_table.route]]\n  name = \"blackhole\"\n  prefix = \"10.2.1.0/24\"\n  next_hop = \"None\"\n";
    let tr = expect(&topo(&text), "vm-a", "vm-b", 443, Reason::UdrDrop);
    assert!(
        tr.hops.iter().any(|h| h
            .detail
            .starts_with("10.2.1.0/24 -> None (user route blackhole in rt)")),
        "{:#?}",
        tr.hops
    );
}

/// A hub whose first subnet opts out of gateway routes; its site advertises 0.0.0.0/0 over BGP.
const FORCED: &str = r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  route_table = "rt-no-bgp"
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [vnet.gateway]
  kind = "vpn"
  sites = ["dc"]
[[route_table]]
name = "rt-no-bgp"
propagate_gateway_routes = false
[[vm]]
name = "vm-hub"
vnet = "hub"
subnet = "workload"
ip = "10.0.1.4"
[[bastion]]
name = "bas-hub"
vnet = "hub"
[[site]]
name = "dc"
prefixes = ["192.168.0.0/16", "0.0.0.0/0"]
  [[site.host]]
  name = "dc-app"
  ip = "192.168.1.10"
"#;

/// RULES §11: a 0.0.0.0/0 advertised over the VPN breaks Bastion; it is the AzureBastionSubnet
/// that learns it. Expected before running: `no-route` (forced tunnelling), although the VM's
/// own subnet has gateway routes off and so no default route from the gateway.
#[test]
fn rule11_forced_tunnelling_is_judged_on_the_bastion_subnet_not_another() {
    let t = topo(FORCED);
    let tr = expect(&t, "bas-hub", "vm-hub", 3389, Reason::NoRoute);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail.contains("forced tunnelling")),
        "{:#?}",
        tr.hops
    );
    // Without the advertised default route the same session works.
    let t = topo(&FORCED.replace(", \"0.0.0.0/0\"", ""));
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
}

/// FORMAT.md §1b (RULES §16): the point-to-site pool is a *gateway* route, source
/// `VirtualNetworkGateway`, next hop the gateway's address, in the gateway's VNet and in every VNet
/// using the gateway through transit; a peer without the transit pair has no route to it.
#[test]
fn rule16_the_client_pool_is_a_gateway_route_where_the_gateway_is_used() {
    let text = HUB.replace(
        "sites = [\"onprem\"]",
        "sites = [\"onprem\"]\n  p2s_pool = \"172.31.0.0/24\"",
    ) + &side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true")
        + &side("hub", "s2", "allow_gateway_transit = true")
        + &side("s2", "hub", "");
    let t = topo(&text);
    let net = Network::new(&t);
    let pool = |vm: &str| -> Vec<(String, String, Option<String>, RouteState)> {
        net.routes_of(vm)
            .unwrap()
            .iter()
            .filter(|r| r.prefix.to_string() == "172.31.0.0/24")
            .map(|r| {
                (
                    r.source.as_str().to_string(),
                    r.next_hop.as_str().to_string(),
                    r.next_hop_ip.map(|ip| ip.to_string()),
                    r.state,
                )
            })
            .collect()
    };
    let gateway_route = vec![(
        "VirtualNetworkGateway".to_string(),
        "VirtualNetworkGateway".to_string(),
        Some("10.0.255.4".to_string()),
        RouteState::Active,
    )];
    assert_eq!(pool("nva"), gateway_route);
    assert_eq!(pool("vm1"), gateway_route);
    assert_eq!(pool("vm2"), vec![]);
}

/// RULES.md §14: level(P(X→Y)) reads stale(P(X→Y)) and stale(P(Y→X)), the *reverse* peering,
/// not any peering that merely starts at Y. A hub with two spokes, listed so that a peering
/// starting at the hub but toward the other spoke comes first: spoke-2 grew 10.22.0.0/16 and
/// only the hub's side toward it is stale. Expected levels written from §14 before running:
/// hub→spoke-2 LocalNotInSync, spoke-2→hub RemoteNotInSync, both sides of hub–spoke-1
/// FullyInSync (cargo-mutants: `&&` → `||` in `sync::level` made spoke-1→hub RemoteNotInSync).
#[test]
fn rule14_a_sides_level_reads_its_own_reverse_peering() {
    let t = topo(
        r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "default"
  prefix = "10.0.1.0/24"
[[vnet]]
name = "spoke-1"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "default"
  prefix = "10.1.1.0/24"
[[vnet]]
name = "spoke-2"
address_space = ["10.2.0.0/16", "10.22.0.0/16"]
  [[vnet.subnet]]
  name = "default"
  prefix = "10.2.1.0/24"
[[peering]]
name = "hub-to-spoke-2"
vnet = "hub"
remote = "spoke-2"
remote_space_cached = ["10.2.0.0/16"]
[[peering]]
name = "spoke-2-to-hub"
vnet = "spoke-2"
remote = "hub"
[[peering]]
name = "hub-to-spoke-1"
vnet = "hub"
remote = "spoke-1"
[[peering]]
name = "spoke-1-to-hub"
vnet = "spoke-1"
remote = "hub"
"#,
    );
    let level = |name: &str| {
        let p = t.peerings.iter().find(|p| p.name == name).unwrap();
        peerlab::model::sync::level(&t, p)
    };
    assert_eq!(level("hub-to-spoke-2"), "LocalNotInSync");
    assert_eq!(level("spoke-2-to-hub"), "RemoteNotInSync");
    assert_eq!(level("hub-to-spoke-1"), "FullyInSync");
    assert_eq!(level("spoke-1-to-hub"), "FullyInSync");
}

/// The alternative readings of RULES.md §8 by the point each one reads the other way.
fn point(r: &peerlab::eval::Reading) -> &'static str {
    match r {
        r if r.forwarded_on_sender => "forwarded-on-sender",
        r if r.access_off_blocks => "access-off-blocks",
        r if r.no_global_transit => "no-global-transit",
        r if r.gateway_forwarded_on_gateway_vnet => "gateway-forwarded-on-gateway-vnet",
        r if r.both_gateway_flags_refused => "both-gateway-flags-refused",
        r if r.basic_transit_refused => "basic-transit-refused",
        r if r.remote_gateways_need_remote_side => "remote-gateways-need-remote-side",
        r if r.gateway_router_without_transit => "gateway-router-without-transit",
        r if r.static_site_transit => "static-site-transit",
        _ => "default",
    }
}

/// HUB with spoke s1 in another region (global peering, RULES §4.2).
fn hub_s1_west() -> String {
    HUB.replacen(
        "name = \"s1\"\naddress_space = [\"10.1.0.0/16\"]",
        "name = \"s1\"\naddress_space = [\"10.1.0.0/16\"]\nregion = \"westus\"",
        1,
    )
}

/// HUB whose VPN gateway is Basic SKU (no transit, no BGP: RULES §1, §4).
fn hub_basic() -> String {
    HUB.replacen("kind = \"vpn\"", "kind = \"vpn\"\n  sku = \"Basic\"", 1)
}

/// HUB with two more sites, `b` and `c`; `connected` lists the gateway's sites.
fn hub_three_sites(base: &str, connected: &str, bgp: bool) -> String {
    base.replacen("sites = [\"onprem\"]", &format!("sites = [{connected}]"), 1)
        .replacen(
            "prefixes = [\"192.168.0.0/16\"]",
            &format!("prefixes = [\"192.168.0.0/16\"]\nbgp = {bgp}"),
            1,
        )
        + &format!(
            "[[site]]\nname = \"b\"\nprefixes = [\"172.16.0.0/16\"]\nbgp = {bgp}\n[[site]]\nname = \"c\"\nprefixes = [\"172.17.0.0/16\"]\nbgp = {bgp}\n"
        )
}

/// RULES.md §8: `Reading::relevant` offers an alternative reading exactly where the topology
/// holds its disputed point, and no other (the generator and `check` ask only these, so a
/// missing one would let a question hinge on it, an extra one only costs time but is pinned too).
/// Expected sets written from §8's list before running, one disputed point per row.
#[test]
fn rule8_relevant_offers_each_reading_exactly_where_its_point_is() {
    let transit = side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true");
    let plain_s1 = side("hub", "s1", "") + &side("s1", "hub", "");
    let udr = |hop: &str| {
        HUB.replacen(
            "  name = \"w\"\n  prefix = \"10.1.1.0/24\"",
            "  name = \"w\"\n  prefix = \"10.1.1.0/24\"\n  route_table = \"rt\"",
            1,
        ) + &format!(
            "[[route_table]]\nname = \"rt\"\n  [[route_table.route]]\n  name = \"to-s2\"\n  prefix = \"10.2.0.0/16\"\n  next_hop = \"{hop}\"\n"
        )
    };
    let rows: Vec<(&str, String, Vec<&str>)> = vec![
        ("plain peering", format!("{HUB}{plain_s1}"), vec![]),
        (
            "forwarded traffic allowed on one side of a pair only",
            format!(
                "{HUB}{}{}",
                side("hub", "s1", "allow_forwarded_traffic = true"),
                side("s1", "hub", "")
            ),
            vec!["forwarded-on-sender"],
        ),
        (
            "forwarded traffic the same on both sides of each pair, different across pairs",
            format!(
                "{HUB}{}{}{}{}",
                side("hub", "s1", "allow_forwarded_traffic = true"),
                side("s1", "hub", "allow_forwarded_traffic = true"),
                side("hub", "s2", ""),
                side("s2", "hub", "")
            ),
            vec![],
        ),
        (
            "access off on one side",
            format!(
                "{HUB}{}{}",
                side("hub", "s1", "allow_virtual_network_access = false"),
                side("s1", "hub", "")
            ),
            vec!["access-off-blocks"],
        ),
        (
            "transit pair in one region",
            format!("{HUB}{transit}"),
            vec!["gateway-forwarded-on-gateway-vnet"],
        ),
        (
            "transit pair over global peering",
            format!("{}{transit}", hub_s1_west()),
            vec!["no-global-transit", "gateway-forwarded-on-gateway-vnet"],
        ),
        (
            "global peering without gateway flags",
            format!("{}{plain_s1}", hub_s1_west()),
            vec![],
        ),
        (
            "both gateway flags on the spoke's side",
            format!(
                "{HUB}{}{}",
                side("hub", "s1", "allow_gateway_transit = true"),
                side(
                    "s1",
                    "hub",
                    "use_remote_gateways = true\nallow_gateway_transit = true"
                )
            ),
            vec![
                "gateway-forwarded-on-gateway-vnet",
                "both-gateway-flags-refused",
            ],
        ),
        (
            "Basic gateway, no gateway flags",
            format!("{}{plain_s1}", hub_basic()),
            vec![],
        ),
        (
            "Basic gateway, transit pair",
            format!("{}{transit}", hub_basic()),
            vec!["gateway-forwarded-on-gateway-vnet", "basic-transit-refused"],
        ),
        (
            "Basic gateway, allow_gateway_transit alone",
            format!(
                "{}{}{}",
                hub_basic(),
                side("hub", "s1", "allow_gateway_transit = true"),
                side("s1", "hub", "")
            ),
            vec!["basic-transit-refused"],
        ),
        (
            "use_remote_gateways before the hub's side exists, another pair complete",
            format!(
                "{HUB}{}{}{}",
                side("s1", "hub", "use_remote_gateways = true"),
                side("hub", "s2", ""),
                side("s2", "hub", "")
            ),
            vec![
                "gateway-forwarded-on-gateway-vnet",
                "remote-gateways-need-remote-side",
            ],
        ),
        (
            "a lone side without gateway flags",
            format!("{HUB}{}", side("s1", "hub", "")),
            vec![],
        ),
        (
            "UDR to an appliance",
            udr("VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4"),
            vec![],
        ),
        (
            "UDR to the VPN gateway",
            udr("VirtualNetworkGateway"),
            vec!["gateway-router-without-transit"],
        ),
        (
            "three BGP sites on a VPN gateway",
            hub_three_sites(HUB, "\"onprem\", \"b\", \"c\"", true),
            vec![],
        ),
        (
            "three static sites on a VPN gateway",
            hub_three_sites(HUB, "\"onprem\", \"b\", \"c\"", false),
            vec!["static-site-transit"],
        ),
        (
            "two BGP sites on a Basic gateway act as static",
            hub_three_sites(&hub_basic(), "\"onprem\", \"b\"", true),
            vec!["static-site-transit"],
        ),
        (
            "one BGP site on a Basic gateway, two BGP sites elsewhere",
            hub_three_sites(&hub_basic(), "\"onprem\"", true),
            vec![],
        ),
    ];
    for (name, text, want) in rows {
        let t = topo(&text);
        let got: Vec<&str> = peerlab::eval::Reading::relevant(&t)
            .iter()
            .map(point)
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// RULES.md §8, gateway transit over global peering (older pages and the Terraform docs say it is
/// unsupported): read that way, only the spoke in another region loses the hub's gateway; a spoke
/// in the hub's region keeps it. Expected before running: in one region vm1 reaches dc under both
/// readings; over global peering `ok` by default (§3), `gateway-transit-missing` under the
/// alternative (the spoke gets no route to the site).
#[test]
fn rule8_no_global_transit_stops_only_the_spoke_in_another_region() {
    let no_global = peerlab::eval::Reading::ALTERNATIVES
        .into_iter()
        .find(|r| r.no_global_transit)
        .expect("the no-global-transit reading");
    let transit = side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true");
    let reason = |text: &str, r: peerlab::eval::Reading| {
        let t = topo(text);
        Network::with_reading(&t, r)
            .trace(&peerlab::eval::FlowSpec::new("vm1", "dc"))
            .expect("trace runs")
            .reason
    };
    let local = format!("{HUB}{transit}");
    assert_eq!(reason(&local, Default::default()), Reason::Ok);
    assert_eq!(reason(&local, no_global), Reason::Ok);
    let global = format!("{}{transit}", hub_s1_west());
    assert_eq!(reason(&global, Default::default()), Reason::Ok);
    assert_eq!(reason(&global, no_global), Reason::GatewayTransitMissing);
}

/// RULES.md §2 (and §1: a refused request does not exist): the state each peering side shows.
/// Expected before running: a pair is Connected on both sides; a lone side Initiated; a side
/// whose remote was deleted Disconnected; use_remote_gateways toward a VNet without a gateway
/// is refused (`RemoteVnetHasNoGateways`), so that side has no state at all.
#[test]
fn rule2_each_side_shows_its_peering_state() {
    use peerlab::model::PeeringState::{Connected, Disconnected, Initiated};
    let states = |text: &str| {
        let t = topo(text);
        let net = Network::new(&t);
        (0..t.peerings.len())
            .map(|i| net.peering_state(i))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        states(&format!("{PAIR}{}", peer("a", "b"))),
        vec![Some(Connected), Some(Connected)]
    );
    assert_eq!(
        states(&format!("{PAIR}{}", side("a", "b", ""))),
        vec![Some(Initiated)]
    );
    assert_eq!(
        states(&format!(
            "{PAIR}{}",
            side("a", "b", "remote_deleted = true")
        )),
        vec![Some(Disconnected)]
    );
    assert_eq!(
        states(&format!(
            "{PAIR}{}{}",
            side("a", "b", "use_remote_gateways = true"),
            side("b", "a", "")
        )),
        vec![None, Some(Initiated)]
    );
}

/// A hub whose first subnet drops traffic to spoke s1 by UDR; Bastion sits in the second.
const BASTION_BESIDE_A_UDR: &str = r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  route_table = "rt-drop"
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
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
[[bastion]]
name = "bas-hub"
vnet = "hub"
[[peering]]
vnet = "hub"
remote = "s1"
[[peering]]
vnet = "s1"
remote = "hub"
"#;

/// RULES §11 with §4's per-subnet routes: a Bastion session leaves from the AzureBastionSubnet,
/// so a route table on another subnet of its VNet does not touch it. Expected before running:
/// vm-hub's packet to vm1 is dropped by its subnet's UDR (`udr-drop`); bas-hub's RDP session to
/// the directly peered vm1 works (`ok`). (cargo-mutants: `==` → `!=` in the bastion's subnet
/// lookup of `Network::build` put the Bastion in `workload`.)
#[test]
fn rule11_a_bastion_session_is_routed_by_the_bastion_subnet() {
    let t = topo(BASTION_BESIDE_A_UDR);
    expect(&t, "vm-hub", "vm1", 3389, Reason::UdrDrop);
    expect(&t, "bas-hub", "vm1", 3389, Reason::Ok);
}
