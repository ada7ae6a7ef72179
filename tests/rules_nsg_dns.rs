//! Tests for RULES.md §5 (NSGs), §6 (DNS) and §7 (what the evaluator reports), named after the
//! section. Expected values come from the rule text, not from running the evaluator. (Split
//! from tests/rules.rs, past its size, by section; the networks are tests/common's.)

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason};
use peerlab::model::{Direction, Protocol};
use std::net::Ipv4Addr;

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
