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

/// content/topologies/chapter-hub-spoke.toml opened from the trainer's menu (Explore a
/// network). Endpoints vm-web, vm-sql, dc-app; the trace and the matrix are at TCP 443.
/// Worked out from RULES.md before running:
/// - vm-web -> vm-sql: rt-spoke-web sends 10.2.0.0/16 to hub-fw, whose only spoke rule allows
///   1433, so 443 meets its default deny: `firewall-deny` (§4, appliances);
/// - to-data-via-fw off: the 0.0.0.0/0 route to hub-fw still catches it (a UDR 0.0.0.0/0
///   removes the system `None` routes, §4): `firewall-deny`;
/// - default-via-fw off as well: spoke-web has no route to 10.2.0.0/16 but the system
///   10.0.0.0/8 `None`, and spoke-data is only a peer of its peer: `not-transitive` (§3);
/// - default-via-fw back on: `firewall-deny` again, the table holding only that route.
#[test]
fn the_menu_opens_a_content_topology_and_routes_toggle() {
    use peerlab::tui::{App, Entry, Msg, Screen, Start};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::Duration;
    let t = Duration::from_secs(1);
    let key = |app: &mut App, c: KeyCode| {
        app.update(Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)), t);
    };
    let bank = peerlab::bank::builtin().expect("bank");
    let at = bank
        .topologies
        .keys()
        .position(|k| k.ends_with("chapter-hub-spoke.toml"))
        .expect("the chapter's topology");
    let mut app = App::new(bank, Start::Menu, 1, Duration::ZERO);
    let entry = app
        .menu_entries()
        .iter()
        .position(|e| *e == Entry::Explore)
        .expect("an Explore entry");
    for _ in 0..entry {
        app.update(Msg::Down, t);
    }
    app.update(Msg::Enter, t);
    assert_eq!(app.screen, Screen::Networks { selected: 0 });
    for _ in 0..at {
        app.update(Msg::Down, t);
    }
    let list = render_app(&app, 80, 24);
    assert!(list.contains("> chapter-hub-spoke"), "{list}");
    app.update(Msg::Enter, t);
    assert_eq!(app.screen, Screen::Explore { from: at });
    let reason = |app: &App| {
        let e = app.explore.as_ref().unwrap();
        (e.trace.as_ref().unwrap().reason, e.matrix.reason(0, 1))
    };
    {
        let e = app.explore.as_ref().unwrap();
        assert_eq!(e.endpoints, ["vm-web", "vm-sql", "dc-app"]);
        let routes: Vec<&str> = e.routes.iter().map(|r| r.route.name.as_str()).collect();
        assert_eq!(
            routes,
            ["to-data-via-fw", "default-via-fw", "to-web-via-fw"]
        );
    }
    assert_eq!(
        reason(&app),
        (Reason::FirewallDeny, Some(Reason::FirewallDeny))
    );
    // Tab to the routes (From, To, Peerings, Routes); `r` turns the chosen one off.
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        reason(&app),
        (Reason::FirewallDeny, Some(Reason::FirewallDeny))
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        reason(&app),
        (Reason::NotTransitive, Some(Reason::NotTransitive))
    );
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        insta::assert_snapshot!(
            format!("explore-in-trainer-routes-off-{w}x{h}"),
            render_app(&app, w, h)
        );
    }
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        reason(&app),
        (Reason::FirewallDeny, Some(Reason::FirewallDeny))
    );
    {
        let e = app.explore.as_ref().unwrap();
        assert_eq!(e.changes, 3);
        assert!(
            e.status.contains("rt-spoke-web/default-via-fw: on"),
            "{}",
            e.status
        );
        let kept: Vec<&str> = e.topology.route_tables[0]
            .routes
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(kept, ["default-via-fw"]);
    }
    // `q` leaves the sandbox for the list (nothing saved), Esc the list for the menu.
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Networks { selected: at });
    assert!(app.explore.is_none() && !app.quit);
    app.update(Msg::Back, t);
    assert!(matches!(app.screen, Screen::Menu { .. }));
}

fn render_app(app: &peerlab::tui::App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| peerlab::tui::draw(f, app, std::time::Duration::from_secs(1)))
        .unwrap();
    format!("{}", t.backend())
}
