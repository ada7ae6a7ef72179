//! RULES.md §14: a peering side that holds an old copy of its remote's address space routes,
//! and builds its `VirtualNetwork` tag, by that copy; a flow that syncing would let through is
//! `peering-not-synced`. Expected values written from the rule text before running the cases.

mod common;

use common::*;
use peerlab::eval::{Network, NextHopType, Reason};
use peerlab::model::sync;

/// VNet a grew 10.10.0.0/16; b's side still knows only 10.0.0.0/16 unless `synced`.
fn resized(synced: bool, b_nsg: bool) -> String {
    let cache = if synced {
        ""
    } else {
        "remote_space_cached = [\"10.0.0.0/16\"]\n"
    };
    let nsg = if b_nsg {
        "[[nsg]]\nname = \"nsg-b\"\n"
    } else {
        ""
    };
    let assoc = if b_nsg { "  nsg = \"nsg-b\"\n" } else { "" };
    format!(
        r#"{nsg}
[[vnet]]
name = "a"
address_space = ["10.0.0.0/16", "10.10.0.0/16"]
  [[vnet.subnet]]
  name = "old"
  prefix = "10.0.1.0/24"
  [[vnet.subnet]]
  name = "new"
  prefix = "10.10.1.0/24"
[[vnet]]
name = "b"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.1.1.0/24"
{assoc}
[[vm]]
name = "vm-old"
vnet = "a"
subnet = "old"
ip = "10.0.1.4"
[[vm]]
name = "vm-new"
vnet = "a"
subnet = "new"
ip = "10.10.1.4"
[[vm]]
name = "vm-b"
vnet = "b"
subnet = "s"
ip = "10.1.1.4"
[[peering]]
name = "a-to-b"
vnet = "a"
remote = "b"
[[peering]]
name = "b-to-a"
vnet = "b"
remote = "a"
{cache}"#
    )
}

#[test]
fn rule14_the_stale_side_routes_by_its_cached_copy() {
    let t = topo(&resized(false, false));
    let net = Network::new(&t);
    let b = net.vnet_index("b").unwrap();
    let peering_routes: Vec<String> = net
        .effective_routes(b, 0)
        .iter()
        .filter(|r| r.next_hop == NextHopType::VNetPeering)
        .map(|r| r.prefix.to_string())
        .collect();
    assert_eq!(peering_routes, ["10.0.0.0/16"]);
    // The side that is up to date routes to b as before.
    let a = net.vnet_index("a").unwrap();
    assert!(
        net.effective_routes(a, 0).iter().any(
            |r| r.next_hop == NextHopType::VNetPeering && r.prefix.to_string() == "10.1.0.0/16"
        )
    );
    assert_eq!(sync::level(&t, &t.peerings[0]), "RemoteNotInSync");
    assert_eq!(sync::level(&t, &t.peerings[1]), "LocalNotInSync");
}

#[test]
fn rule14_traffic_to_or_from_the_unsynced_range_is_peering_not_synced() {
    // (from, to, with an NSG on b, expected) — §14: the old range still works; the new range
    // fails on the request (b has no route to it) and on the reply (instead of
    // no-return-route); with b's default rules, AllowVnetInBound does not match the new range.
    let rows = [
        ("vm-b", "vm-old", false, Reason::Ok),
        ("vm-old", "vm-b", false, Reason::Ok),
        ("vm-b", "vm-new", false, Reason::PeeringNotSynced),
        ("vm-new", "vm-b", false, Reason::PeeringNotSynced),
        ("vm-new", "vm-b", true, Reason::PeeringNotSynced),
        ("vm-old", "vm-b", true, Reason::Ok),
        // Inside a, nothing crosses the peering: sync is irrelevant.
        ("vm-new", "vm-old", false, Reason::Ok),
    ];
    for (from, to, nsg, want) in rows {
        let t = topo(&resized(false, nsg));
        let tr = expect(&t, from, to, 443, want);
        if want == Reason::PeeringNotSynced {
            let last = tr.hops.last().map(|h| h.detail.clone()).unwrap_or_default();
            let text = format!("{last} {}", tr.explanation);
            assert!(
                text.contains("b-to-a"),
                "{from} -> {to}: the stale side is not named: {text}"
            );
        }
        // Synced, every row is reachable.
        let t = topo(&resized(true, nsg));
        expect(&t, from, to, 443, Reason::Ok);
    }
}

#[test]
fn rule14_a_failure_sync_would_not_remove_keeps_its_own_reason() {
    // b's NSG denies all inbound from a: synced or not, the request stops there (nsg-deny).
    let text = resized(false, true).replace(
        "name = \"nsg-b\"\n",
        "name = \"nsg-b\"\n  [[nsg.rule]]\n  name = \"deny-a\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"deny\"\n  protocol = \"*\"\n  source = \"10.0.0.0/8\"\n  destination = \"*\"\n  destination_ports = \"*\"\n",
    );
    let t = topo(&text);
    expect(&t, "vm-new", "vm-b", 443, Reason::NsgDeny);
    expect(&t, "vm-old", "vm-b", 443, Reason::NsgDeny);
}
