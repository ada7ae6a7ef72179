//! One or more tests per rule of RULES.md, named after the section they check. Expected values
//! come from the rule text, not from running the evaluator.

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason, RouteSource, RouteState};
use peerlab::model::{
    Direction, PeeringState, PeeringVerdict, Protocol, Rejection, create_peerings, parse_topology,
};
use std::net::Ipv4Addr;

fn states(text: &str) -> Vec<Option<PeeringState>> {
    create_peerings(&topo(text))
        .iter()
        .map(|v| v.state())
        .collect()
}

// ---- RULES.md §1: creating a peering -------------------------------------------------------

#[test]
fn rule1_overlapping_address_spaces_are_rejected_and_carry_nothing() {
    let text = PAIR
        .replace("10.2.0.0/16", "10.1.128.0/17")
        .replace("10.2.1.0/24", "10.1.129.0/24")
        .replace("10.2.1.4", "10.1.129.4")
        + &peer("a", "b");
    assert_eq!(
        rejected(&text),
        vec![Some(Rejection::VnetAddressSpacesOverlap); 2]
    );
    let t = topo(&text);
    expect(&t, "vm-a", "vm-b", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule1_a_vnet_peered_with_itself_counts_as_overlap() {
    let text = format!("{PAIR}{}", side("a", "a", ""));
    assert_eq!(
        rejected(&text),
        vec![Some(Rejection::VnetAddressSpacesOverlap)]
    );
}

#[test]
fn rule1_overlap_with_an_already_peered_vnet_is_checked_both_ways() {
    // s2 takes s1's address space: the hub may not hold both.
    let base = HUB
        .replace("10.2.0.0/16", "10.1.0.0/16")
        .replace("10.2.1.0/24", "10.1.1.0/24")
        .replace("10.2.1.4", "10.1.1.5");
    let text = format!("{base}{}{}", peer("hub", "s1"), peer("hub", "s2"));
    assert_eq!(
        rejected(&text),
        vec![
            None,
            None,
            Some(Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet),
            Some(Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet),
        ]
    );
}

#[test]
fn rule1_a_second_peering_to_the_same_remote_is_rejected() {
    let text = format!(
        "{PAIR}{}{}",
        peer("a", "b"),
        "[[peering]]\nname = \"again\"\nvnet = \"a\"\nremote = \"b\"\n"
    );
    assert_eq!(
        rejected(&text),
        vec![
            None,
            None,
            Some(Rejection::AnotherPeeringAlreadyReferencesRemoteVnet)
        ]
    );
    assert_eq!(states(&text)[0], Some(PeeringState::Connected));
}

#[test]
fn rule1_use_remote_gateways_needs_a_remote_gateway() {
    let text = format!(
        "{PAIR}{}{}",
        side("a", "b", "use_remote_gateways = true"),
        side("b", "a", "")
    );
    assert_eq!(
        rejected(&text),
        vec![Some(Rejection::RemoteVnetHasNoGateways), None]
    );
    // The rejected side does not exist, so b's side stays Initiated.
    assert_eq!(states(&text), vec![None, Some(PeeringState::Initiated)]);
}

#[test]
fn rule1_use_remote_gateways_is_refused_to_a_vnet_with_its_own_gateway() {
    let text = HUB.replace(
        "  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.1.1.0/24\"",
        "  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.1.1.0/24\"\n  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.1.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"",
    ) + &side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true");
    assert_eq!(
        rejected(&text),
        vec![None, Some(Rejection::UseRemoteGatewaysWithLocalGateway)]
    );
    let t = topo(&text);
    expect(&t, "vm1", "dc", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule1_only_one_peering_may_use_remote_gateways() {
    let hub2 = "[[vnet]]\nname = \"hub2\"\naddress_space = [\"10.9.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.9.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n";
    let text = format!(
        "{HUB}{hub2}{}{}",
        side("s1", "hub", "use_remote_gateways = true"),
        side("s1", "hub2", "use_remote_gateways = true")
    );
    assert_eq!(
        rejected(&text),
        vec![None, Some(Rejection::MultipleUseRemoteGateways)]
    );
}

#[test]
fn rule1_both_gateway_flags_on_a_vnet_with_a_gateway_fall_under_the_local_gateway_rule() {
    // RULES.md §1: the both-flags case is not a refusal of its own; where X has a gateway the
    // UseRemoteGatewaysWithLocalGateway rule applies.
    let text = format!(
        "{HUB}{}",
        side(
            "hub",
            "s1",
            "allow_gateway_transit = true\nuse_remote_gateways = true"
        )
    );
    assert_eq!(
        rejected(&text),
        vec![Some(Rejection::UseRemoteGatewaysWithLocalGateway)]
    );
}

#[test]
fn rule1_a_basic_gateway_accepts_the_peering_but_gives_no_transit() {
    // RULES.md §1: BasicSkuNoTransit is a warning; the peering exists, transit does not.
    let text = HUB.replace("kind = \"vpn\"", "kind = \"vpn\"\n  sku = \"Basic\"")
        + &side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true");
    assert_eq!(rejected(&text), vec![None, None]);
    assert_eq!(states(&text), vec![Some(PeeringState::Connected); 2]);
    let t = topo(&text);
    expect(&t, "vm1", "dc", 443, Reason::GatewayTransitMissing);
    expect(&t, "vm1", "nva", 443, Reason::Ok);
}

#[test]
fn rule1_more_than_500_peerings_on_one_vnet_are_refused() {
    let mut text = String::from("[[vnet]]\nname = \"hub\"\naddress_space = [\"10.0.0.0/16\"]\n");
    for i in 0..501 {
        text += &format!(
            "[[vnet]]\nname = \"s{i}\"\naddress_space = [\"10.{}.{}.0/24\"]\n",
            1 + i / 256,
            i % 256
        );
    }
    for i in 0..501 {
        text += &side("hub", &format!("s{i}"), "");
    }
    let r = rejected(&text);
    assert!(r[..500].iter().all(Option::is_none));
    assert_eq!(r[500], Some(Rejection::PeeringLimitExceeded));
}

#[test]
fn rule1_gateway_transit_without_a_gateway_is_only_a_warning() {
    let text = format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_gateway_transit = true"),
        side("b", "a", "")
    );
    let parsed = parse_topology(&text).expect("valid");
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.code == "transit-without-gateway")
    );
    assert_eq!(states(&text), vec![Some(PeeringState::Connected); 2]);
}

// ---- RULES.md §2: peering state --------------------------------------------------------------

#[test]
fn rule2_one_side_alone_is_initiated_and_carries_nothing_either_way() {
    let text = format!("{PAIR}{}", side("a", "b", ""));
    assert_eq!(states(&text), vec![Some(PeeringState::Initiated)]);
    let t = topo(&text);
    expect(&t, "vm-a", "vm-b", 443, Reason::PeeringNotConnected);
    expect(&t, "vm-b", "vm-a", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule2_both_sides_are_connected_and_carry_traffic() {
    let text = format!("{PAIR}{}", peer("a", "b"));
    assert_eq!(states(&text), vec![Some(PeeringState::Connected); 2]);
    let tr = expect(&topo(&text), "vm-a", "vm-b", 443, Reason::Ok);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::VNetPeering);
}

#[test]
fn rule2_a_side_whose_remote_was_deleted_is_disconnected() {
    let text = format!("{PAIR}{}", side("a", "b", "remote_deleted = true"));
    assert_eq!(states(&text), vec![Some(PeeringState::Disconnected)]);
    let tr = expect(
        &topo(&text),
        "vm-a",
        "vm-b",
        443,
        Reason::PeeringNotConnected,
    );
    assert!(
        tr.explanation.contains("Disconnected"),
        "{}",
        tr.explanation
    );
}

// ---- RULES.md §3: the four flags -------------------------------------------------------------

const DEFAULT_NSGS: &str = "[[nsg]]\nname = \"nsg-a\"\n[[nsg]]\nname = \"nsg-b\"\n";

fn with_nsgs(text: &str) -> String {
    text.replace("ip = \"10.1.1.4\"", "ip = \"10.1.1.4\"\nnsg = \"nsg-a\"")
        .replace("ip = \"10.2.1.4\"", "ip = \"10.2.1.4\"\nnsg = \"nsg-b\"")
        + DEFAULT_NSGS
}

#[test]
fn rule3_access_off_blocks_both_ways_under_default_nsg_rules() {
    let text = with_nsgs(&format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_virtual_network_access = false"),
        side("b", "a", "")
    ));
    let t = topo(&text);
    // a -> b: a's outbound AllowVnetOutBound no longer matches b.
    let tr = expect(&t, "vm-a", "vm-b", 443, Reason::VnetAccessDisabled);
    assert!(tr.hops.iter().any(|h| h.detail.contains("DenyAllOutBound")));
    // b -> a: a's inbound AllowVnetInBound no longer matches b.
    let tr = expect(&t, "vm-b", "vm-a", 443, Reason::VnetAccessDisabled);
    assert!(tr.hops.iter().any(|h| h.detail.contains("DenyAllInBound")));
}

#[test]
fn rule3_access_off_is_overridden_by_an_explicit_nsg_allow() {
    let allow = "  [[nsg.rule]]\n  name = \"allow-b\"\n  priority = 100\n  direction = \"outbound\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"*\"\n  destination = \"10.2.0.0/16\"\n  destination_ports = \"443\"\n";
    let text = with_nsgs(&format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_virtual_network_access = false"),
        side("b", "a", "")
    ))
    .replace(
        "[[nsg]]\nname = \"nsg-a\"\n",
        &format!("[[nsg]]\nname = \"nsg-a\"\n{allow}"),
    );
    expect(&topo(&text), "vm-a", "vm-b", 443, Reason::Ok);
}

#[test]
fn rule3_an_explicit_deny_is_nsg_deny_even_with_access_off() {
    let deny = "  [[nsg.rule]]\n  name = \"deny-b\"\n  priority = 100\n  direction = \"outbound\"\n  access = \"deny\"\n  protocol = \"any\"\n  source = \"*\"\n  destination = \"10.2.0.0/16\"\n";
    let text = with_nsgs(&format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_virtual_network_access = false"),
        side("b", "a", "")
    ))
    .replace(
        "[[nsg]]\nname = \"nsg-a\"\n",
        &format!("[[nsg]]\nname = \"nsg-a\"\n{deny}"),
    );
    expect(&topo(&text), "vm-a", "vm-b", 443, Reason::NsgDeny);
}

/// Spokes s1 and s2 through the hub NVA, UDRs both ways; forwarded-traffic flags vary.
fn through_nva(s1_fwd: bool, s2_fwd: bool) -> String {
    let rts = "[[route_table]]\nname = \"rt1\"\n  [[route_table.route]]\n  name = \"to-s2\"\n  prefix = \"10.2.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n[[route_table]]\nname = \"rt2\"\n  [[route_table.route]]\n  name = \"to-s1\"\n  prefix = \"10.1.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n";
    HUB.replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt1\"",
    )
    .replace(
        "prefix = \"10.2.1.0/24\"",
        "prefix = \"10.2.1.0/24\"\n  route_table = \"rt2\"",
    ) + rts
        + &side("hub", "s1", "")
        + &side("s1", "hub", &format!("allow_forwarded_traffic = {s1_fwd}"))
        + &side("hub", "s2", "")
        + &side("s2", "hub", &format!("allow_forwarded_traffic = {s2_fwd}"))
}

#[test]
fn rule3_forwarded_traffic_is_checked_on_the_receiving_spokes_own_peering() {
    expect(
        &topo(&through_nva(true, true)),
        "vm1",
        "vm2",
        443,
        Reason::Ok,
    );
    // The request enters s2 from the hub with a source outside the hub: s2's side decides.
    let tr = expect(
        &topo(&through_nva(true, false)),
        "vm1",
        "vm2",
        443,
        Reason::ForwardedTrafficBlocked,
    );
    assert!(
        tr.hops.iter().any(|h| h.at == "peering s2-to-hub"),
        "{:#?}",
        tr.hops
    );
    // The reply enters s1 the same way: s1's side is needed too.
    let tr = expect(
        &topo(&through_nva(false, true)),
        "vm1",
        "vm2",
        443,
        Reason::ForwardedTrafficBlocked,
    );
    assert!(
        tr.hops
            .iter()
            .any(|h| h.leg == peerlab::eval::Leg::Reply && !h.ok)
    );
}

fn transit(hub_allows: bool, spoke_uses: bool) -> String {
    format!(
        "{HUB}{}{}",
        side(
            "hub",
            "s1",
            &format!("allow_gateway_transit = {hub_allows}")
        ),
        side("s1", "hub", &format!("use_remote_gateways = {spoke_uses}"))
    )
}

#[test]
fn rule3_gateway_transit_works_only_as_a_pair() {
    let tr = expect(&topo(&transit(true, true)), "vm1", "dc", 443, Reason::Ok);
    assert_eq!(
        tr.next_hop.unwrap().kind,
        NextHopType::VirtualNetworkGateway
    );
    expect(&topo(&transit(true, true)), "dc", "vm1", 443, Reason::Ok);
    for (h, s) in [(true, false), (false, false)] {
        let t = topo(&transit(h, s));
        expect(&t, "vm1", "dc", 443, Reason::GatewayTransitMissing);
        expect(&t, "dc", "vm1", 443, Reason::GatewayTransitMissing);
    }
    // use_remote_gateways alone is refused while the hub side exists without transit (§1, §3):
    // the spoke side does not exist, so the hub side is only Initiated.
    let t = topo(&transit(false, true));
    expect(&t, "vm1", "dc", 443, Reason::PeeringNotConnected);
    expect(&t, "vm1", "nva", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule3_traffic_a_gateway_forwards_through_transit_is_exempt_from_forwarded_traffic() {
    // allow_forwarded_traffic is off everywhere, yet on-premises reaches the spoke.
    let t = topo(&transit(true, true));
    let tr = expect(&t, "dc", "vm1", 22, Reason::Ok);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.step == "peering" && h.detail.contains("transit"))
    );
}

#[test]
fn rule3_gateway_transit_works_over_global_peering() {
    let text = transit(true, true).replacen(
        "name = \"s1\"\naddress_space",
        "name = \"s1\"\nregion = \"westeurope\"\naddress_space",
        1,
    );
    let t = topo(&text);
    expect(&t, "vm1", "dc", 443, Reason::Ok);
    let net = Network::new(&t);
    assert_eq!(
        net.next_hop("vm1", Ipv4Addr::new(10, 0, 2, 4))
            .unwrap()
            .kind,
        NextHopType::VNetGlobalPeering
    );
}

// ---- RULES.md §4: routes and their selection -------------------------------------------------

fn routes(
    t: &peerlab::model::Topology,
    vm: &str,
) -> Vec<(String, NextHopType, RouteSource, RouteState)> {
    Network::new(t)
        .routes_of(vm)
        .unwrap()
        .iter()
        .map(|r| (r.prefix.to_string(), r.next_hop, r.source, r.state))
        .collect()
}

#[test]
fn rule4_system_routes_are_vnet_internet_and_four_none_routes() {
    let r = routes(&topo(PAIR), "vm-a");
    use NextHopType::*;
    let d = RouteSource::Default;
    let act = RouteState::Active;
    assert_eq!(
        r,
        vec![
            ("10.1.0.0/16".into(), VnetLocal, d, act),
            ("0.0.0.0/0".into(), Internet, d, act),
            ("10.0.0.0/8".into(), None, d, act),
            ("172.16.0.0/12".into(), None, d, act),
            ("192.168.0.0/16".into(), None, d, act),
            ("100.64.0.0/10".into(), None, d, act),
        ]
    );
}

#[test]
fn rule4_a_reserved_range_inside_the_vnet_gives_way_to_the_vnet_route() {
    let text = PAIR.replacen(
        "[\"10.1.0.0/16\"]",
        "[\"10.1.0.0/16\", \"172.16.0.0/12\"]",
        1,
    );
    let r = routes(&topo(&text), "vm-a");
    assert!(
        r.iter()
            .any(|x| x.0 == "172.16.0.0/12" && x.1 == NextHopType::VnetLocal)
    );
    assert!(
        !r.iter()
            .any(|x| x.0 == "172.16.0.0/12" && x.1 == NextHopType::None)
    );
    assert!(
        r.iter()
            .any(|x| x.0 == "10.0.0.0/8" && x.1 == NextHopType::None)
    );
}

#[test]
fn rule4_a_user_default_route_removes_the_reserved_none_routes() {
    let text = through_nva(true, true).replace(
        "  name = \"to-s2\"\n  prefix = \"10.2.0.0/16\"",
        "  name = \"to-s2\"\n  prefix = \"0.0.0.0/0\"",
    );
    let r = routes(&topo(&text), "vm1");
    assert!(!r.iter().any(|x| x.1 == NextHopType::None), "{r:#?}");
    // The system 0.0.0.0/0 stays listed, Invalid.
    assert!(
        r.iter().any(|x| x.0 == "0.0.0.0/0"
            && x.2 == RouteSource::Default
            && x.3 == RouteState::Invalid)
    );
    expect(&topo(&text), "vm1", "vm2", 443, Reason::Ok);
}

#[test]
fn rule4_peering_routes_hold_only_the_direct_peers_prefixes() {
    let text = format!("{HUB}{}{}", peer("hub", "s1"), peer("hub", "s2"));
    let t = topo(&text);
    let r = routes(&t, "vm1");
    assert!(
        r.iter()
            .any(|x| x.0 == "10.0.0.0/16" && x.1 == NextHopType::VNetPeering)
    );
    assert!(!r.iter().any(|x| x.0 == "10.2.0.0/16"));
    let tr = expect(&t, "vm1", "vm2", 443, Reason::NotTransitive);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::None);
}

#[test]
fn rule4_gateway_routes_come_from_the_own_or_the_remote_gateway() {
    let t = topo(&transit(true, true));
    let r = routes(&t, "vm1");
    assert!(r.contains(&(
        "192.168.0.0/16".into(),
        NextHopType::VirtualNetworkGateway,
        RouteSource::VirtualNetworkGateway,
        RouteState::Active
    )));
    // The system None route for the same prefix loses to the gateway route.
    assert!(r.contains(&(
        "192.168.0.0/16".into(),
        NextHopType::None,
        RouteSource::Default,
        RouteState::Invalid
    )));
}

#[test]
fn rule4_propagation_off_suppresses_gateway_routes() {
    let text = transit(true, true).replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt1\"",
    ) + "[[route_table]]\nname = \"rt1\"\npropagate_gateway_routes = false\n";
    let t = topo(&text);
    assert!(
        !routes(&t, "vm1")
            .iter()
            .any(|x| x.2 == RouteSource::VirtualNetworkGateway)
    );
    let tr = expect(&t, "vm1", "dc", 443, Reason::NoRoute);
    assert!(
        tr.explanation.contains("propagate_gateway_routes"),
        "{}",
        tr.explanation
    );
}

#[test]
fn rule4_on_an_equal_prefix_user_beats_gateway_beats_system() {
    // The site also advertises 10.1.0.0/16's neighbour 0.0.0.0/0? Use a UDR on the same
    // prefix as the gateway route instead.
    let text = transit(true, true).replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt1\"",
    ) + "[[route_table]]\nname = \"rt1\"\n  [[route_table.route]]\n  name = \"onprem-via-nva\"\n  prefix = \"192.168.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n";
    let t = topo(&text);
    let r = routes(&t, "vm1");
    let on = |src: RouteSource| {
        r.iter()
            .find(|x| x.0 == "192.168.0.0/16" && x.2 == src)
            .unwrap()
            .3
    };
    assert_eq!(on(RouteSource::User), RouteState::Active);
    assert_eq!(on(RouteSource::VirtualNetworkGateway), RouteState::Invalid);
    assert_eq!(on(RouteSource::Default), RouteState::Invalid);
    let nh = Network::new(&t)
        .next_hop("vm1", Ipv4Addr::new(192, 168, 1, 10))
        .unwrap();
    assert_eq!(
        (nh.kind, nh.route_table.as_str()),
        (NextHopType::VirtualAppliance, "rt1")
    );
}

#[test]
fn rule4_vnet_and_peering_routes_beat_a_more_specific_gateway_route() {
    // The site claims 10.1.1.0/24, inside the spoke's own space and inside the hub's peer.
    let text = transit(true, true).replace(
        "prefixes = [\"192.168.0.0/16\"]",
        "prefixes = [\"192.168.0.0/16\", \"10.1.1.0/24\"]",
    );
    let t = topo(&text);
    let r = routes(&t, "vm1");
    assert!(r.contains(&(
        "10.1.1.0/24".into(),
        NextHopType::VirtualNetworkGateway,
        RouteSource::VirtualNetworkGateway,
        RouteState::Invalid
    )));
    let nh = Network::new(&t)
        .next_hop("nva", Ipv4Addr::new(10, 1, 1, 4))
        .unwrap();
    assert_eq!(nh.kind, NextHopType::VNetPeering);
}

#[test]
fn rule4_a_less_specific_udr_does_not_capture_a_peered_prefix() {
    let text = format!("{HUB}{}{}", peer("hub", "s1"), peer("s1", "s2")).replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt1\"",
    ) + "[[route_table]]\nname = \"rt1\"\n  [[route_table.route]]\n  name = \"all-private\"\n  prefix = \"10.0.0.0/8\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.1.4\"\n";
    let t = topo(&text);
    let tr = expect(&t, "vm1", "vm2", 443, Reason::Ok);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::VNetPeering);
    assert!(!tr.hops.iter().any(|h| h.at == "hub-fw"));
}

#[test]
fn rule4_a_udr_to_none_drops() {
    let text = format!("{PAIR}{}", peer("a", "b")).replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt\"",
    ) + "[[route_table]]\nname = \"rt\"\n  [[route_table.route]]\n  name = \"blackhole\"\n  prefix = \"10.2.1.0/24\"\n  next_hop = \"None\"\n";
    let tr = expect(&topo(&text), "vm-a", "vm-b", 443, Reason::UdrDrop);
    assert_eq!(tr.next_hop.unwrap().route_table, "rt");
}

#[test]
fn rule4_an_appliance_needs_ip_forwarding_on_its_nic_and_in_its_guest() {
    let text = through_nva(true, true).replace("ip_forwarding = true\n", "");
    expect(
        &topo(&text),
        "vm1",
        "vm2",
        443,
        Reason::IpForwardingDisabled,
    );
    let text = through_nva(true, true).replace("forwards = true\n", "");
    expect(
        &topo(&text),
        "vm1",
        "vm2",
        443,
        Reason::IpForwardingDisabled,
    );
}

#[test]
fn rule4_azure_firewall_denies_unless_a_rule_allows() {
    let text = through_nva(true, true)
        .replace("10.0.2.4\"\n[[route_table]]", "10.0.1.4\"\n[[route_table]]")
        .replace(
            "next_hop_ip = \"10.0.2.4\"\n[[peering]]",
            "next_hop_ip = \"10.0.1.4\"\n[[peering]]",
        );
    let t = topo(&text);
    expect(&t, "vm1", "vm2", 443, Reason::Ok);
    let denied = text.replace("action = \"allow\"", "action = \"deny\"");
    expect(&topo(&denied), "vm1", "vm2", 443, Reason::FirewallDeny);
    let no_rules = text.replace("  [[firewall.rule]]\n  name = \"all\"\n  action = \"allow\"\n  protocol = \"any\"\n  source = [\"0.0.0.0/0\"]\n  destination = [\"0.0.0.0/0\"]\n", "");
    let tr = expect(&topo(&no_rules), "vm1", "vm2", 443, Reason::FirewallDeny);
    assert!(tr.explanation.contains("by default"), "{}", tr.explanation);
}

#[test]
fn rule4_a_one_way_udr_breaks_the_reply() {
    // s1 sends s2 traffic to the NVA; s2 has no route back (the spokes are not peered).
    let text = through_nva(true, true).replace("  route_table = \"rt2\"", "");
    let tr = expect(&topo(&text), "vm1", "vm2", 443, Reason::NoReturnRoute);
    assert!(tr.hops.iter().any(|h| h.leg == peerlab::eval::Leg::Reply));
}

#[test]
fn rule4_a_reply_that_bypasses_the_appliance_is_asymmetric() {
    // Spokes peered directly as well: the reply takes the peering and skips the NVA.
    let text = through_nva(true, true).replace("  route_table = \"rt2\"", "") + &peer("s1", "s2");
    let tr = expect(&topo(&text), "vm1", "vm2", 443, Reason::NoReturnRoute);
    assert!(
        tr.explanation.contains("bypasses nva"),
        "{}",
        tr.explanation
    );
}

#[test]
fn rule4_sites_route_back_what_bgp_or_their_static_routes_give_them() {
    let t = topo(&transit(true, true));
    expect(&t, "vm1", "dc", 443, Reason::Ok);
    let text = transit(true, true).replace(
        "prefixes = [\"192.168.0.0/16\"]",
        "prefixes = [\"192.168.0.0/16\"]\nbgp = false\nstatic_routes = [\"10.0.0.0/16\"]",
    );
    let t = topo(&text);
    expect(&t, "vm1", "dc", 443, Reason::NoReturnRoute);
    expect(&t, "dc", "vm1", 443, Reason::NoRoute);
    let fixed = text.replace(
        "static_routes = [\"10.0.0.0/16\"]",
        "static_routes = [\"10.0.0.0/16\", \"10.1.0.0/16\"]",
    );
    expect(&topo(&fixed), "vm1", "dc", 443, Reason::Ok);
}

#[test]
fn rule4_two_appliances_routing_to_each_other_loop() {
    let text = through_nva(true, true).replace(
        "prefix = \"10.0.2.0/24\"",
        "prefix = \"10.0.2.0/24\"\n  route_table = \"rt-nva\"",
    ) + "[[route_table]]\nname = \"rt-nva\"\n  [[route_table.route]]\n  name = \"to-fw\"\n  prefix = \"10.2.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.1.4\"\n"
        + "[[route_table]]\nname = \"rt-fw\"\n  [[route_table.route]]\n  name = \"to-nva\"\n  prefix = \"10.2.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n";
    let text = text.replace(
        "prefix = \"10.0.1.0/26\"",
        "prefix = \"10.0.1.0/26\"\n  route_table = \"rt-fw\"",
    );
    expect(&topo(&text), "vm1", "vm2", 443, Reason::RoutingLoop);
}

// ---- RULES.md §5: NSGs -----------------------------------------------------------------------

fn nsg_rule(
    name: &str,
    prio: u32,
    dir: &str,
    access: &str,
    src: &str,
    dst: &str,
    ports: &str,
) -> String {
    format!(
        "  [[nsg.rule]]\n  name = \"{name}\"\n  priority = {prio}\n  direction = \"{dir}\"\n  access = \"{access}\"\n  protocol = \"tcp\"\n  source = \"{src}\"\n  destination = \"{dst}\"\n  destination_ports = \"{ports}\"\n"
    )
}

/// PAIR peered, vm-b with a NIC NSG and its subnet with a subnet NSG, holding the given rules.
fn layered(subnet_rules: &str, nic_rules: &str) -> peerlab::model::Topology {
    let text = format!("{PAIR}{}", peer("a", "b"))
        .replace(
            "prefix = \"10.2.1.0/24\"",
            "prefix = \"10.2.1.0/24\"\n  nsg = \"nsg-sub\"",
        )
        .replace("ip = \"10.2.1.4\"", "ip = \"10.2.1.4\"\nnsg = \"nsg-nic\"")
        + &format!(
            "[[nsg]]\nname = \"nsg-sub\"\n{subnet_rules}[[nsg]]\nname = \"nsg-nic\"\n{nic_rules}"
        );
    topo(&text)
}

#[test]
fn rule5_inbound_both_the_subnet_and_the_nic_nsg_must_allow() {
    let deny_sub = nsg_rule("deny-a", 100, "inbound", "deny", "10.1.0.0/16", "*", "*");
    let allow_nic = nsg_rule("allow-a", 100, "inbound", "allow", "10.1.0.0/16", "*", "*");
    let t = layered(&deny_sub, &allow_nic);
    let tr = expect(&t, "vm-a", "vm-b", 443, Reason::NsgDeny);
    assert!(tr.hops.iter().any(|h| !h.ok
        && h.detail.contains("nsg-sub")
        && h.detail.contains("securityRules/deny-a")));
    let t = layered(
        &allow_nic.replace("allow-a", "ok"),
        &deny_sub.replace("deny-a", "nic-deny"),
    );
    let tr = expect(&t, "vm-a", "vm-b", 443, Reason::NsgDeny);
    assert!(
        tr.hops
            .iter()
            .any(|h| !h.ok && h.detail.contains("nsg-nic"))
    );
}

#[test]
fn rule5_outbound_rules_do_not_filter_inbound_traffic() {
    let t = layered(
        &nsg_rule("deny-out", 100, "outbound", "deny", "*", "10.1.0.0/16", "*"),
        "",
    );
    // vm-a -> vm-b passes (vm-b's outbound rule is for its own requests; replies are stateful).
    expect(&t, "vm-a", "vm-b", 443, Reason::Ok);
    // vm-b -> vm-a is stopped on the way out of vm-b's subnet.
    expect(&t, "vm-b", "vm-a", 443, Reason::NsgDeny);
}

#[test]
fn rule5_the_lowest_priority_number_wins_and_the_first_match_stops() {
    let rules = nsg_rule("allow-443", 200, "inbound", "allow", "*", "*", "443")
        + &nsg_rule("deny-all-tcp", 300, "inbound", "deny", "*", "*", "*");
    let t = layered(&rules, "");
    expect(&t, "vm-a", "vm-b", 443, Reason::Ok);
    expect(&t, "vm-a", "vm-b", 22, Reason::NsgDeny);
    let rules = nsg_rule("allow-443", 300, "inbound", "allow", "*", "*", "443")
        + &nsg_rule("deny-all-tcp", 200, "inbound", "deny", "*", "*", "*");
    expect(&layered(&rules, ""), "vm-a", "vm-b", 443, Reason::NsgDeny);
}

#[test]
fn rule5_nsgs_apply_inside_one_subnet_too() {
    let text = PAIR.replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  nsg = \"n\"",
    ) + "[[vm]]\nname = \"vm-a2\"\nvnet = \"a\"\nsubnet = \"s\"\nip = \"10.1.1.5\"\n"
        + "[[nsg]]\nname = \"n\"\n"
        + &nsg_rule("deny-ssh", 100, "inbound", "deny", "*", "*", "22");
    let t = topo(&text);
    expect(&t, "vm-a", "vm-a2", 22, Reason::NsgDeny);
    expect(&t, "vm-a", "vm-a2", 443, Reason::Ok);
}

#[test]
fn rule5_the_virtual_network_tag_holds_udr_prefixes_and_internet_excludes_private_ranges() {
    let text = PAIR
        .replace(
            "prefix = \"10.1.1.0/24\"",
            "prefix = \"10.1.1.0/24\"\n  route_table = \"rt\"",
        )
        .replace("ip = \"10.1.1.4\"", "ip = \"10.1.1.4\"\nnsg = \"n\"")
        + "[[nsg]]\nname = \"n\"\n"
        + "[[route_table]]\nname = \"rt\"\n  [[route_table.route]]\n  name = \"x\"\n  prefix = \"8.8.8.0/24\"\n  next_hop = \"Internet\"\n";
    let t = topo(&text);
    let net = Network::new(&t);
    let out = |ip: Ipv4Addr| {
        net.ip_flow_verify("vm-a", Direction::Outbound, Protocol::Tcp, ip, 443)
            .unwrap()
    };
    assert_eq!(
        out(Ipv4Addr::new(8, 8, 8, 8)).rule.as_deref(),
        Some("defaultSecurityRules/AllowVnetOutBound")
    );
    assert_eq!(
        out(Ipv4Addr::new(1, 1, 1, 1)).rule.as_deref(),
        Some("defaultSecurityRules/AllowInternetOutBound")
    );
    let private = out(Ipv4Addr::new(172, 20, 0, 1));
    assert_eq!(
        (private.access, private.rule.as_deref()),
        ("Deny", Some("defaultSecurityRules/DenyAllOutBound"))
    );
}

#[test]
fn rule5_replies_are_not_checked_against_rules() {
    // vm-b denies all outbound traffic, yet answers vm-a: NSGs are stateful.
    let t = layered(
        &nsg_rule("deny-out", 100, "outbound", "deny", "*", "*", "*"),
        "",
    );
    expect(&t, "vm-a", "vm-b", 443, Reason::Ok);
}

#[test]
fn rule5_ip_flow_verify_names_the_rule_as_network_watcher_does() {
    let t = layered(
        &nsg_rule("deny-web", 100, "inbound", "deny", "10.1.0.0/16", "*", "80"),
        "",
    );
    let net = Network::new(&t);
    let v = net
        .ip_flow_verify(
            "vm-b",
            Direction::Inbound,
            Protocol::Tcp,
            Ipv4Addr::new(10, 1, 1, 4),
            80,
        )
        .unwrap();
    assert_eq!(
        (v.access, v.rule.as_deref(), v.nsg.as_deref()),
        ("Deny", Some("securityRules/deny-web"), Some("nsg-sub"))
    );
    let v = net
        .ip_flow_verify(
            "vm-b",
            Direction::Inbound,
            Protocol::Tcp,
            Ipv4Addr::new(10, 1, 1, 4),
            443,
        )
        .unwrap();
    assert_eq!(
        (v.access, v.rule.as_deref()),
        ("Allow", Some("defaultSecurityRules/AllowVnetInBound"))
    );
    let v = net
        .ip_flow_verify(
            "vm-b",
            Direction::Inbound,
            Protocol::Tcp,
            Ipv4Addr::new(1, 2, 3, 4),
            443,
        )
        .unwrap();
    assert_eq!(
        (v.access, v.rule.as_deref()),
        ("Deny", Some("defaultSecurityRules/DenyAllInBound"))
    );
}

// ---- RULES.md §6: DNS ------------------------------------------------------------------------

const ZONE: &str = "[[dns_zone]]\nname = \"contoso.internal\"\nlinks = [\"a\"]\nrecords = { web = \"10.2.1.4\" }\n";

#[test]
fn rule6_azure_provided_names_resolve_only_inside_their_own_vnet() {
    let text = format!("{PAIR}{}", peer("a", "b"))
        + "[[vm]]\nname = \"vm-a2\"\nvnet = \"a\"\nsubnet = \"s\"\nip = \"10.1.1.5\"\n";
    let t = topo(&text);
    expect(&t, "vm-a", "vm-a2.internal.cloudapp.net", 443, Reason::Ok);
    let tr = expect(
        &t,
        "vm-a",
        "vm-b.internal.cloudapp.net",
        443,
        Reason::DnsUnresolved,
    );
    assert!(tr.next_hop.is_none());
    // By address, the same VM is reachable: the problem is the name.
    expect(&t, "vm-a", "10.2.1.4", 443, Reason::Ok);
}

#[test]
fn rule6_a_private_zone_answers_only_linked_vnets() {
    let text = format!("{PAIR}{}{ZONE}", peer("a", "b"));
    let t = topo(&text);
    expect(&t, "vm-a", "web.contoso.internal", 443, Reason::Ok);
    // b is peered with a, but peering does not extend the link.
    let text = format!("{PAIR}{}{ZONE}", peer("a", "b")).replace(
        "records = { web = \"10.2.1.4\" }",
        "records = { web = \"10.1.1.4\" }",
    );
    expect(
        &topo(&text),
        "vm-b",
        "web.contoso.internal",
        443,
        Reason::DnsUnresolved,
    );
}

#[test]
fn rule6_a_custom_dns_server_must_be_reachable_and_answers_with_its_own_links() {
    // a uses dns-b (in b) as its server; the zone is linked to b only.
    let base = format!("{PAIR}{}", peer("a", "b")).replacen(
        "address_space = [\"10.1.0.0/16\"]",
        "address_space = [\"10.1.0.0/16\"]\ndns = \"dns-b\"",
        1,
    ) + "[[vm]]\nname = \"dns-b\"\nvnet = \"b\"\nsubnet = \"s\"\nip = \"10.2.1.10\"\ndns_server = true\n"
        + &ZONE.replace("links = [\"a\"]", "links = [\"b\"]");
    expect(
        &topo(&base),
        "vm-a",
        "web.contoso.internal",
        443,
        Reason::Ok,
    );
    // Without the peering back, the query to the server cannot get there.
    let broken = base.replacen("[[peering]]\nvnet = \"b\"\nremote = \"a\"\n", "", 1);
    let tr = expect(
        &topo(&broken),
        "vm-a",
        "web.contoso.internal",
        443,
        Reason::DnsUnresolved,
    );
    assert!(tr.explanation.contains("dns-b"), "{}", tr.explanation);
    // A server that does not run DNS answers nothing.
    let silent = base.replace("dns_server = true\n", "");
    expect(
        &topo(&silent),
        "vm-a",
        "web.contoso.internal",
        443,
        Reason::DnsUnresolved,
    );
}

#[test]
fn rule6_a_record_pointing_at_no_machine_resolves_elsewhere() {
    let text = format!("{PAIR}{}{ZONE}", peer("a", "b")).replace("10.2.1.4\" }", "10.2.1.99\" }");
    expect(
        &topo(&text),
        "vm-a",
        "web.contoso.internal",
        443,
        Reason::DnsUnresolved,
    );
}

// ---- RULES.md §7: what the evaluator reports -------------------------------------------------

#[test]
fn rule7_next_hop_has_type_ip_and_route_table_or_system_route() {
    let t = topo(&through_nva(true, true));
    let net = Network::new(&t);
    let nh = net.next_hop("vm1", Ipv4Addr::new(10, 2, 1, 4)).unwrap();
    assert_eq!(nh.kind, NextHopType::VirtualAppliance);
    assert_eq!(nh.ip, Some(Ipv4Addr::new(10, 0, 2, 4)));
    assert_eq!(nh.route_table, "rt1");
    let nh = net.next_hop("vm1", Ipv4Addr::new(10, 0, 2, 4)).unwrap();
    assert_eq!(
        (nh.kind, nh.ip, nh.route_table.as_str()),
        (NextHopType::VNetPeering, None, "System Route")
    );
    let nh = net.next_hop("vm1", Ipv4Addr::new(8, 8, 8, 8)).unwrap();
    assert_eq!(nh.kind, NextHopType::Internet);
}

#[test]
fn rule7_a_trace_lists_every_hop_in_order_with_one_reason() {
    let t = topo(&through_nva(true, true));
    let tr = expect(&t, "vm1", "vm2", 443, Reason::Ok);
    let steps: Vec<(&str, &str)> = tr
        .hops
        .iter()
        .filter(|h| h.leg == peerlab::eval::Leg::Request)
        .map(|h| (h.at.as_str(), h.step))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("s1/w", "route"),
            ("peering s1-to-hub", "peering"),
            ("nva", "appliance"),
            ("hub/nva", "route"),
            ("peering hub-to-s2", "peering"),
            ("vm2", "deliver"),
        ]
    );
}

#[test]
fn internet_destinations_leave_through_the_internet_route() {
    let t = topo(PAIR);
    let tr = expect(&t, "vm-a", "52.1.2.3", 443, Reason::Ok);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::Internet);
    // A private address nobody owns is dropped by a reserved None route.
    expect(&t, "vm-a", "10.99.0.1", 443, Reason::NoRoute);
}

#[test]
fn rule1_a_vm_sharing_its_address_with_the_target_in_an_overlapping_vnet_does_not_reach_it() {
    // Found by the property test: b overlaps a and vm-b has vm-a's address. The packet to
    // 10.1.1.4 never leaves vm-a, and the peering that would matter was rejected.
    let text = PAIR
        .replace("10.2.0.0/16", "10.1.0.0/16")
        .replace("10.2.1.0/24", "10.1.1.0/24")
        .replace("10.2.1.4", "10.1.1.4")
        + &peer("a", "b");
    expect(
        &topo(&text),
        "vm-a",
        "vm-b",
        443,
        Reason::PeeringNotConnected,
    );
    expect(&topo(&text), "vm-a", "vm-a", 443, Reason::Ok);
}

// ---- Regressions found in review ---------------------------------------------------------------

#[test]
fn rule4_a_peer_whose_space_is_a_reserved_range_is_reachable() {
    let text = format!("{PAIR}{}", peer("a", "b"))
        .replace("10.2.0.0/16", "192.168.0.0/16")
        .replace("10.2.1.0/24", "192.168.1.0/24")
        .replace("10.2.1.4", "192.168.1.4");
    let t = topo(&text);
    expect(&t, "vm-a", "vm-b", 443, Reason::Ok);
    expect(&t, "vm-b", "vm-a", 443, Reason::Ok);
    assert!(
        !routes(&t, "vm-a")
            .iter()
            .any(|r| r.0 == "192.168.0.0/16" && r.1 == NextHopType::None)
    );
}

#[test]
fn rule4_a_firewall_rule_with_ports_does_not_match_icmp() {
    let text = through_nva(true, true)
        .replace("next_hop_ip = \"10.0.2.4\"", "next_hop_ip = \"10.0.1.4\"")
        .replace("  protocol = \"any\"\n  source = [\"0.0.0.0/0\"]\n  destination = [\"0.0.0.0/0\"]\n", "  protocol = \"any\"\n  source = [\"0.0.0.0/0\"]\n  destination = [\"0.0.0.0/0\"]\n  ports = \"443\"\n");
    let t = topo(&text);
    expect(&t, "vm1", "vm2", 443, Reason::Ok);
    let tr = trace_proto(&t, "vm1", "vm2", 0, Protocol::Icmp);
    assert_eq!(tr.reason, Reason::FirewallDeny, "{:#?}", tr.hops);
}

#[test]
fn rule6_an_unlinked_more_specific_zone_does_not_hide_a_linked_one() {
    let text = format!("{PAIR}{}", peer("a", "b"))
        + "[[vm]]\nname = \"vm-a2\"\nvnet = \"a\"\nsubnet = \"s\"\nip = \"10.1.1.5\"\n"
        + "[[dns_zone]]\nname = \"contoso.internal\"\nlinks = [\"a\"]\nrecords = { \"x.sub\" = \"10.1.1.5\" }\n"
        + "[[dns_zone]]\nname = \"sub.contoso.internal\"\nlinks = [\"b\"]\nrecords = { y = \"10.2.1.4\" }\n";
    expect(
        &topo(&text),
        "vm-a",
        "x.sub.contoso.internal",
        443,
        Reason::Ok,
    );
}

#[test]
fn machine_names_that_read_as_addresses_are_refused() {
    let text = PAIR.replace("name = \"vm-b\"", "name = \"10.2.1.99\"");
    let errs = parse_topology(&text).unwrap_err();
    assert!(
        errs.iter()
            .any(|d| d.code == "bad-name" && d.message.contains("IPv4")),
        "{errs:#?}"
    );
}

#[test]
fn rule3_a_spoke_with_its_own_gateway_is_not_told_to_use_remote_gateways() {
    // x has its own gateway (to branch) and is Connected to the hub, whose gateway serves onprem.
    let text = HUB.replace(
        "  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.1.1.0/24\"",
        "  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.1.1.0/24\"\n  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.1.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"branch\"]",
    ) + "[[site]]\nname = \"branch\"\nprefixes = [\"172.16.0.0/16\"]\n"
        + &peer("hub", "s1");
    let tr = expect(
        &topo(&text),
        "vm1",
        "dc",
        443,
        Reason::GatewayTransitMissing,
    );
    assert!(
        tr.explanation.contains("gateway of its own"),
        "{}",
        tr.explanation
    );
    assert!(
        !tr.explanation.contains("does not use remote gateways"),
        "{}",
        tr.explanation
    );
}

#[test]
fn rule3_access_off_names_the_custom_tag_rule_that_stopped_matching() {
    let allow = "  [[nsg.rule]]\n  name = \"vnet-web\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"VirtualNetwork\"\n  destination = \"VirtualNetwork\"\n  destination_ports = \"443\"\n";
    let text = with_nsgs(&format!(
        "{PAIR}{}{}",
        side("a", "b", ""),
        side("b", "a", "allow_virtual_network_access = false")
    ))
    .replace(
        "[[nsg]]\nname = \"nsg-b\"\n",
        &format!("[[nsg]]\nname = \"nsg-b\"\n{allow}"),
    );
    let tr = expect(
        &topo(&text),
        "vm-a",
        "vm-b",
        443,
        Reason::VnetAccessDisabled,
    );
    assert!(
        tr.explanation.contains("rule vnet-web"),
        "{}",
        tr.explanation
    );
}

#[test]
fn rule2_recreating_only_the_deleted_side_is_refused_while_the_other_is_disconnected() {
    // Found by a question author: an `add_peering` change could produce this pair.
    let mut t = topo(&format!(
        "{PAIR}{}",
        side("a", "b", "remote_deleted = true")
    ));
    peerlab::model::Edit::AddPeering(peerlab::model::Peering::new("b", "a"))
        .apply(&mut t)
        .unwrap();
    let verdicts = create_peerings(&t);
    assert_eq!(
        verdicts[0],
        PeeringVerdict::Exists(PeeringState::Disconnected)
    );
    assert!(matches!(
        verdicts[1],
        PeeringVerdict::Rejected {
            code: Rejection::RemotePeeringIsDisconnected,
            ..
        }
    ));
    expect(&t, "vm-a", "vm-b", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule8_the_access_reading_differs_only_where_no_nsg_applies() {
    use peerlab::eval::{FlowSpec, Reading};
    let alt = Reading {
        access_off_blocks: true,
        ..Reading::default()
    };
    let trace_with = |t: &peerlab::model::Topology, r: Reading| {
        Network::with_reading(t, r)
            .trace(&FlowSpec::new("vm-a", "vm-b"))
            .unwrap()
            .reason
    };
    // No NSG anywhere: the disputed case, where the readings disagree.
    let bare = topo(&format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_virtual_network_access = false"),
        side("b", "a", "")
    ));
    assert_eq!(trace_with(&bare, Reading::default()), Reason::Ok);
    assert_eq!(trace_with(&bare, alt), Reason::VnetAccessDisabled);
    // NSGs at both ends: RULES.md §3 decides, and both readings agree, blocked by default
    // rules...
    let guarded = with_nsgs(&format!(
        "{PAIR}{}{}",
        side("a", "b", "allow_virtual_network_access = false"),
        side("b", "a", "")
    ));
    assert_eq!(
        trace_with(&topo(&guarded), Reading::default()),
        Reason::VnetAccessDisabled
    );
    assert_eq!(trace_with(&topo(&guarded), alt), Reason::VnetAccessDisabled);
    // ...or let through by an explicit allow.
    let allow = "  [[nsg.rule]]\n  name = \"allow-b\"\n  priority = 100\n  direction = \"outbound\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"*\"\n  destination = \"10.2.0.0/16\"\n";
    let allowed = topo(&guarded.replace(
        "[[nsg]]\nname = \"nsg-a\"\n",
        &format!("[[nsg]]\nname = \"nsg-a\"\n{allow}"),
    ));
    assert_eq!(trace_with(&allowed, Reading::default()), Reason::Ok);
    assert_eq!(trace_with(&allowed, alt), Reason::Ok);
}

#[test]
fn rule5_a_default_deny_of_an_unreached_vnet_reports_the_routing_cause() {
    // The peering is Disconnected, so b is outside a's VirtualNetwork tag and a's default
    // DenyAllOutBound fires first: the symptom. The cause a learner must fix is the peering.
    let text = with_nsgs(&format!(
        "{PAIR}{}",
        side("a", "b", "remote_deleted = true")
    ));
    let tr = expect(
        &topo(&text),
        "vm-a",
        "vm-b",
        443,
        Reason::PeeringNotConnected,
    );
    assert!(
        tr.explanation.contains("DenyAllOutBound"),
        "{}",
        tr.explanation
    );
    // A deny someone wrote stays nsg-deny, whatever the routing.
    let deny = "  [[nsg.rule]]\n  name = \"no-b\"\n  priority = 100\n  direction = \"outbound\"\n  access = \"deny\"\n  protocol = \"any\"\n  source = \"*\"\n  destination = \"10.2.0.0/16\"\n";
    let text = text.replace(
        "[[nsg]]\nname = \"nsg-a\"\n",
        &format!("[[nsg]]\nname = \"nsg-a\"\n{deny}"),
    );
    expect(&topo(&text), "vm-a", "vm-b", 443, Reason::NsgDeny);
}
