//! Snapshots (issue 15) of the picture and the exhibit tables for the resources beyond the
//! peering flags, drawn from one fixture that holds each of them: a Basic and a Developer
//! Bastion, a private endpoint to a storage account with selected networks, a service endpoint,
//! a P2S pool with a current and a stale client, and role assignments. tests/beyond_show.rs
//! asserts chosen lines; these pin the whole text so a layout change is read in review.

use peerlab::diagram::{self, Options, PathMarks};
use peerlab::eval::{FlowSpec, Network};
use peerlab::exhibit;
use peerlab::model::{Topology, parse_topology};

fn topo() -> Topology {
    parse_topology(include_str!("fixtures/valid-topologies/beyond-show.toml"))
        .unwrap()
        .topology
}

#[test]
fn the_picture_of_every_new_resource() {
    let t = topo();
    insta::assert_snapshot!(
        "beyond-show",
        diagram::to_text(&diagram::draw(&t, &Options::default()))
    );
    let detail = Options {
        detail: true,
        unicode: true,
        width: 100,
        ..Options::default()
    };
    insta::assert_snapshot!(
        "beyond-show-unicode-detail",
        diagram::to_text(&diagram::draw(&t, &detail))
    );
}

#[test]
fn the_picture_of_a_bastion_session_traced() {
    let t = topo();
    let net = Network::new(&t);
    let mut spec = FlowSpec::new("bas-hub", "vm-s1");
    spec.port = 3389;
    let tr = net.trace(&spec).unwrap();
    let opts = Options {
        path: Some(PathMarks::from_trace(&t, &tr)),
        ..Options::default()
    };
    insta::assert_snapshot!(
        "beyond-show-bastion-traced",
        format!(
            "{:?} {:?}\n{}",
            tr.verdict,
            tr.reason,
            diagram::to_text(&diagram::draw(&t, &opts))
        )
    );
}

#[test]
fn the_exhibit_table_of_every_new_resource() {
    let t = topo();
    for sel in [
        "bastions",
        "private-endpoints",
        "paas:stcontoso",
        "service-endpoints",
        "p2s",
        "roles",
    ] {
        let e = exhibit::for_question(&t, Some(&[sel.to_string()])).unwrap();
        let text: String = e
            .tables
            .iter()
            .map(|table| exhibit::table_text(table, 100))
            .collect();
        insta::assert_snapshot!(format!("exhibit-{}", sel.replace(':', "-")), text);
    }
}
