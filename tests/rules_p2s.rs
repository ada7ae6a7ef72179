//! Table tests for RULES.md §16 (point-to-site clients), named after its section, and the
//! address a gateway route shows as its next hop. Every expected verdict and reason was written
//! from RULES.md and FORMAT.md §1b before the evaluator was run on it. (Split from
//! tests/rules_beyond.rs, past its size, by section; the shared network is
//! tests/common/beyond.rs.)

mod common;

use common::beyond::*;
use common::*;
use peerlab::eval::{Network, NextHopType, Reason};

// --- RULES.md §16: point-to-site clients ----------------------------------------------------

const GW: &str = "  [vnet.gateway]\n  kind = \"vpn\"\n  p2s_pool = \"172.31.0.0/24\"";

fn laptop(current: bool) -> String {
    format!(
        "[[p2s_client]]\nname = \"laptop\"\ngateway_vnet = \"hub-vnet\"\nip = \"172.31.0.10\"\nprofile_current = {current}\n"
    )
}

const TRANSIT_HUB: &str = "allow_gateway_transit = true";
const TRANSIT_SPOKE: &str = "use_remote_gateways = true";

#[test]
fn s16_a_client_reaches_the_gateway_vnet() {
    let t = base(&[("GATEWAY", GW), ("EXTRA", &laptop(false))]);
    expect(&t, "laptop", "vm-hub", 3389, Reason::Ok);
}

#[test]
fn s16_a_peered_vnet_needs_the_transit_pair() {
    let t = base(&[("GATEWAY", GW), ("EXTRA", &laptop(true))]);
    expect(&t, "laptop", "vm-web", 3389, Reason::GatewayTransitMissing);
    let t = base(&[
        ("GATEWAY", GW),
        ("HUB_TO_SPOKE1", TRANSIT_HUB),
        ("SPOKE1_TO_HUB", TRANSIT_SPOKE),
        ("EXTRA", &laptop(true)),
    ]);
    expect(&t, "laptop", "vm-web", 3389, Reason::Ok);
    expect(&t, "laptop", "vm-app", 3389, Reason::GatewayTransitMissing);
    // The spoke's reply finds the pool: a gateway route with the gateway's address.
    let net = Network::new(&t);
    let s1 = net.vnet_index("spoke1").unwrap();
    let pool = net
        .effective_routes(s1, 0)
        .iter()
        .find(|r| r.prefix.to_string() == "172.31.0.0/24")
        .expect("pool route in the transit spoke");
    assert_eq!(pool.next_hop, NextHopType::VirtualNetworkGateway);
    assert_eq!(pool.next_hop_ip.unwrap().to_string(), "10.0.255.4");
    // The VM can open a connection to the client too.
    expect(&t, "vm-web", "laptop", 3389, Reason::Ok);
}

#[test]
fn s16_a_stale_profile_misses_a_newly_peered_vnet() {
    let t = base(&[
        ("GATEWAY", GW),
        ("HUB_TO_SPOKE1", TRANSIT_HUB),
        ("SPOKE1_TO_HUB", TRANSIT_SPOKE),
        ("EXTRA", &laptop(false)),
    ]);
    expect(&t, "laptop", "vm-web", 3389, Reason::P2sProfileStale);
    expect(&t, "laptop", "vm-hub", 3389, Reason::Ok);
}

// --- Gateways get an address (issue 15) -----------------------------------------------------

#[test]
fn gateway_routes_show_the_gateway_address() {
    let gw = "  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"dc\"]\n  ip = \"10.0.255.6\"";
    let site = "[[site]]\nname = \"dc\"\nprefixes = [\"192.168.0.0/16\"]";
    let t = base(&[("GATEWAY", gw), ("EXTRA", site)]);
    let net = Network::new(&t);
    let hub = net.vnet_index("hub-vnet").unwrap();
    let r = net
        .effective_routes(hub, 3)
        .iter()
        .find(|r| {
            r.prefix.to_string() == "192.168.0.0/16"
                && r.next_hop == NextHopType::VirtualNetworkGateway
        })
        .unwrap();
    assert_eq!(r.next_hop_ip.unwrap().to_string(), "10.0.255.6");
    let nh = net
        .next_hop("vm-hub", "192.168.1.1".parse().unwrap())
        .unwrap();
    assert_eq!(
        (nh.kind, nh.ip.map(|i| i.to_string())),
        (
            NextHopType::VirtualNetworkGateway,
            Some("10.0.255.6".into())
        )
    );
}
