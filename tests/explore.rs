//! The Explore screen (`peerlab explore FILE`) through its actions, rendered with `TestBackend`
//! at 80x24 and 120x40 for snapshots, on tests/fixtures/matrix/hub-site.toml (see
//! tests/matrix.rs for what each pair gives and why).
#![cfg(feature = "tui")]

use peerlab::eval::Reason;
use peerlab::model::parse_topology;
use peerlab::tui::explore::{Action, Explore, Flag, View, draw, save_path};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/matrix/hub-site.toml"
);

fn open() -> Explore {
    let text = std::fs::read_to_string(FILE).unwrap();
    let t = parse_topology(&text).expect("valid").topology;
    // Shown by a short name, so snapshots do not depend on where the checkout is.
    Explore::new(t, Path::new("hub-site.toml"))
}

fn render(e: &Explore, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(f, e)).unwrap();
    format!("{}", t.backend())
}

/// Endpoints are vm-hub, vm-a, vm-b, dc-app; peerings hub-to-spoke-a, spoke-a-to-hub,
/// hub-to-spoke-b, spoke-b-to-hub.
fn choose(e: &mut Explore, from: usize, to: usize) {
    e.focus = peerlab::tui::explore::Focus::From;
    while e.from != from {
        e.update(Action::Down);
    }
    e.update(Action::NextFocus);
    while e.to != to {
        e.update(Action::Down);
    }
}

#[test]
fn picking_a_pair_traces_it() {
    let mut e = open();
    assert_eq!(e.endpoints, ["vm-hub", "vm-a", "vm-b", "dc-app"]);
    choose(&mut e, 2, 3);
    let t = e.trace.as_ref().expect("a trace");
    assert_eq!((t.from.as_str(), t.to.as_str()), ("vm-b", "dc-app"));
    assert_eq!(t.reason, Reason::GatewayTransitMissing);
}

/// RULES.md §3: with the transit pair (hub side allows gateway transit, spoke side uses the
/// remote gateway) spoke-b reaches the datacenter and back; the matrix follows.
#[test]
fn toggling_the_transit_pair_changes_the_trace_and_the_matrix() {
    let mut e = open();
    choose(&mut e, 2, 3);
    assert_eq!(e.matrix.reason(3, 2), Some(Reason::GatewayTransitMissing));
    e.update(Action::NextFocus);
    e.update(Action::Down);
    e.update(Action::Down); // hub-to-spoke-b
    e.update(Action::Toggle(Flag::GatewayTransit));
    e.update(Action::Down); // spoke-b-to-hub
    e.update(Action::Toggle(Flag::RemoteGateways));
    assert_eq!(e.changes, 2);
    assert_eq!(e.trace.as_ref().unwrap().reason, Reason::Ok);
    assert_eq!(e.matrix.reason(2, 3), Some(Reason::Ok));
    assert_eq!(e.matrix.reason(3, 2), Some(Reason::Ok));
    // Still not transitive between the spokes (RULES.md §3).
    assert_eq!(e.matrix.reason(1, 2), Some(Reason::NotTransitive));
    assert!(
        e.status
            .contains("spoke-b-to-hub: use_remote_gateways = true")
    );
}

#[test]
fn saving_writes_a_new_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("net.toml");
    assert_eq!(
        save_path(&original, |_| false),
        dir.path().join("net-explore.toml")
    );
    assert_eq!(
        save_path(&original, |p| p.ends_with("net-explore.toml")),
        dir.path().join("net-explore-2.toml")
    );
    let text = std::fs::read_to_string(FILE).unwrap();
    std::fs::write(&original, &text).unwrap();
    let mut e = Explore::new(parse_topology(&text).unwrap().topology, &original);
    e.update(Action::NextFocus);
    e.update(Action::NextFocus);
    e.update(Action::Toggle(Flag::Access));
    e.update(Action::Save);
    e.update(Action::Save);
    let saved = std::fs::read_to_string(dir.path().join("net-explore.toml")).unwrap();
    let t = parse_topology(&saved)
        .expect("the saved file is valid")
        .topology;
    assert!(!t.peerings[0].allow_virtual_network_access);
    assert!(dir.path().join("net-explore-2.toml").exists());
    assert_eq!(std::fs::read_to_string(&original).unwrap(), text);
}

#[test]
fn screens_at_80x24_and_120x40() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let size = format!("{w}x{h}");
        let mut e = open();
        choose(&mut e, 2, 3);
        insta::assert_snapshot!(format!("explore-trace-{size}"), render(&e, w, h));
        e.update(Action::Show(View::Matrix));
        insta::assert_snapshot!(format!("explore-matrix-{size}"), render(&e, w, h));
        e.update(Action::Show(View::Diagram));
        insta::assert_snapshot!(format!("explore-diagram-{size}"), render(&e, w, h));
    }
}
