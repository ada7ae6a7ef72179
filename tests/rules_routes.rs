//! Tests for RULES.md §4 (routes and their selection), named after the section. Expected
//! values come from the rule text, not from running the evaluator. (Split from tests/rules.rs,
//! past its size, by section; the networks are tests/common's.)

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason, RouteSource, RouteState};
use std::net::Ipv4Addr;

// ---- RULES.md §4: routes and their selection -------------------------------------------------

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
