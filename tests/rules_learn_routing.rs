//! RULES.md §4 against Microsoft Learn's published route tables: the "Routing example" of
//! "Virtual network traffic routing" rebuilt as a file and its effective routes compared row by
//! row. (Split from tests/rules_beyond.rs, past its size; it shares no network with the other
//! parts.)

use peerlab::eval::{Network, NextHopType, RouteState};
use peerlab::model::{Topology, parse_topology};

/// Learn "Virtual network traffic routing", "Routing example": the published route tables of
/// Subnet1 (IDs 1-12) and Subnet2, transcribed as (source, state, prefix, next hop type, next
/// hop IP, user-defined route name). `[X.X.X.X]` is the fixture's gateway address (the default,
/// GatewaySubnet's first usable address; Learn shows the gateway's public IP there) and the
/// storage account's public address (a /32 here: peerlab adds one route per PaaS address, not
/// the service's regional prefixes). Two differences, both on Learn's side of the page:
/// ID8's source is "Default" in the table, but the same page says gateway routes are "added
/// with Virtual network gateway listed as the source", which is what peerlab shows; Subnet2's
/// table leaves out 172.16.0.0/12 -> None, which the page's own table of default routes lists
/// (RULES.md §4 follows the latter).
use NextHopType as H;

type LearnRow = (
    &'static str,
    &'static str,
    &'static str,
    NextHopType,
    Option<&'static str>,
    Option<&'static str>,
);

fn learn_rows(net: &Network, vm: &str) -> Vec<LearnRow> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut rows: Vec<LearnRow> = net
        .routes_of(vm)
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.source.as_str(),
                if r.state == RouteState::Active {
                    "Active"
                } else {
                    "Invalid"
                },
                leak(r.prefix.to_string()),
                r.next_hop,
                r.next_hop_ip.map(|ip| leak(ip.to_string())),
                r.route_name.clone().map(leak),
            )
        })
        .collect();
    rows.sort_by_key(|r| (r.2, r.0, r.1));
    rows
}

fn learn_example() -> Topology {
    parse_topology(include_str!(
        "fixtures/valid-topologies/learn-routing-example.toml"
    ))
    .unwrap()
    .topology
}

#[test]
fn learn_routing_example_subnet1() {
    let t = learn_example();
    let net = Network::new(&t);
    const GW: &str = "10.0.255.4";
    const NVA: &str = "10.0.100.4";
    let mut want: Vec<LearnRow> = vec![
        (
            "Default",
            "Invalid",
            "10.0.0.0/16",
            H::VnetLocal,
            None,
            None,
        ), // ID1
        (
            "User",
            "Active",
            "10.0.0.0/16",
            H::VirtualAppliance,
            Some(NVA),
            Some("Within-VNet1"),
        ), // ID2
        (
            "User",
            "Active",
            "10.0.0.0/24",
            H::VnetLocal,
            None,
            Some("Within-Subnet1"),
        ), // ID3
        (
            "Default",
            "Invalid",
            "10.1.0.0/16",
            H::VNetPeering,
            None,
            None,
        ), // ID4
        (
            "Default",
            "Invalid",
            "10.2.0.0/16",
            H::VNetPeering,
            None,
            None,
        ), // ID5
        (
            "User",
            "Active",
            "10.1.0.0/16",
            H::None,
            None,
            Some("ToVNet2-1-Drop"),
        ), // ID6
        (
            "User",
            "Active",
            "10.2.0.0/16",
            H::None,
            None,
            Some("ToVNet2-2-Drop"),
        ), // ID7
        // ID8: Learn's table says "Default" (see above).
        (
            "VirtualNetworkGateway",
            "Invalid",
            "10.10.0.0/16",
            H::VirtualNetworkGateway,
            Some(GW),
            None,
        ),
        (
            "User",
            "Active",
            "10.10.0.0/16",
            H::VirtualAppliance,
            Some(NVA),
            Some("To-On-Prem"),
        ), // ID9
        (
            "Default",
            "Active",
            "20.60.0.10/32",
            H::VirtualNetworkServiceEndpoint,
            None,
            None,
        ), // ID10
        ("Default", "Invalid", "0.0.0.0/0", H::Internet, None, None), // ID11
        (
            "User",
            "Active",
            "0.0.0.0/0",
            H::VirtualAppliance,
            Some(NVA),
            Some("Default-NVA"),
        ), // ID12
    ];
    want.sort_by_key(|r| (r.2, r.0, r.1));
    // The four reserved None routes are gone from Subnet1 (the 0.0.0.0/0 UDR), as Learn says.
    assert_eq!(learn_rows(&net, "vm-subnet1"), want);
    // What the table means for traffic: storage goes straight out, the rest to the NVA.
    let hop = |dst: &str| net.next_hop("vm-subnet1", dst.parse().unwrap()).unwrap();
    assert_eq!(hop("20.60.0.10").kind, H::VirtualNetworkServiceEndpoint);
    assert_eq!(hop("8.8.8.8").kind, H::VirtualAppliance);
    assert_eq!(hop("10.0.0.9").kind, H::VnetLocal);
    assert_eq!(hop("10.0.1.4").kind, H::VirtualAppliance);
    assert_eq!(hop("10.2.3.4").kind, H::None);
}

#[test]
fn learn_routing_example_subnet2() {
    let t = learn_example();
    let net = Network::new(&t);
    let mut want: Vec<LearnRow> = vec![
        ("Default", "Active", "10.0.0.0/16", H::VnetLocal, None, None),
        (
            "Default",
            "Active",
            "10.1.0.0/16",
            H::VNetPeering,
            None,
            None,
        ),
        (
            "Default",
            "Active",
            "10.2.0.0/16",
            H::VNetPeering,
            None,
            None,
        ),
        // Learn: source "Default", next hop IP [X.X.X.X] (see above).
        (
            "VirtualNetworkGateway",
            "Active",
            "10.10.0.0/16",
            H::VirtualNetworkGateway,
            Some("10.0.255.4"),
            None,
        ),
        ("Default", "Active", "0.0.0.0/0", H::Internet, None, None),
        ("Default", "Active", "10.0.0.0/8", H::None, None, None),
        ("Default", "Active", "100.64.0.0/10", H::None, None, None),
        ("Default", "Active", "192.168.0.0/16", H::None, None, None),
        // Not in Learn's Subnet2 table; in its table of default routes (RULES.md §4).
        ("Default", "Active", "172.16.0.0/12", H::None, None, None),
    ];
    want.sort_by_key(|r| (r.2, r.0, r.1));
    assert_eq!(learn_rows(&net, "vm-subnet2"), want);
    // No service endpoint on Subnet2: storage goes by the H::Internet route.
    assert_eq!(
        net.next_hop("vm-subnet2", "20.60.0.10".parse().unwrap())
            .unwrap()
            .kind,
        H::Internet
    );
}
