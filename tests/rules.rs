//! One or more tests per rule of RULES.md §1–§3 (creating a peering, its state, the four flags),
//! named after the section they check, and the regressions found in review. Expected values
//! come from the rule text, not from running the evaluator. §4 is in tests/rules_routes.rs,
//! §5–§7 in tests/rules_nsg_dns.rs.

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason};
use peerlab::model::{
    PeeringState, PeeringVerdict, Protocol, Rejection, create_peerings, parse_topology,
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
