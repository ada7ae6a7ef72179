//! What the trainer costs while the learner reads (issue 12): the loop draws only when the
//! screen changes, and in an exam that is once a second, for the clock. That frame, on a
//! question whose network is a 250-spoke hub, must not lay the network out again: compare
//! "clock tick" (the diagram cached) with "new network" (laid out, as every frame once did).
//! Drawn on ratatui's TestBackend at 120x40.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::bank::{self, Kind};
use peerlab::model::parse_topology;
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Start, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::fmt::Write as _;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let b = bank::builtin().expect("bank");
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Single && q.topology.is_some())
        .expect("a choice question with a network")
        .clone();
    let big = parse_topology(&hub_spokes(250))
        .expect("the hub parses")
        .topology;
    let item = Item {
        topology: Some(big),
        question: q,
        template: None,
    };
    let mut app = App::new(b, Start::Menu, 1, Duration::ZERO);
    app.begin(Mode::Exam, vec![item], Some(40), Duration::ZERO);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut g = c.benchmark_group("idle exam, 250-spoke hub, 120x40");
    g.sample_size(10);
    let mut s = 0;
    g.bench_function("clock tick (diagram cached)", |bch| {
        bch.iter(|| {
            s += 1;
            t.draw(|f| draw(f, &app, Duration::from_secs(s)))
                .unwrap()
                .area
        })
    });
    // Another width each time: the layout the cache saves.
    let mut w = 100;
    g.bench_function("new network (diagram laid out)", |bch| {
        bch.iter(|| {
            w = if w == 100 { 101 } else { 100 };
            let mut t = Terminal::new(TestBackend::new(w, 40)).unwrap();
            t.draw(|f| draw(f, &app, Duration::from_secs(1)))
                .unwrap()
                .area
        })
    });
    g.finish();
}

/// A hub and `n` spokes (n <= 255), each peered both ways, one VM in each.
fn hub_spokes(n: usize) -> String {
    let mut t = String::from(
        "[[vnet]]\nname = \"hub\"\naddress_space = [\"10.0.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.0.1.0/24\"\n",
    );
    for i in 1..=n {
        let _ = write!(
            t,
            "[[vnet]]\nname = \"s{i}\"\naddress_space = [\"10.{i}.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.{i}.1.0/24\"\n[[vm]]\nname = \"vm{i}\"\nvnet = \"s{i}\"\nsubnet = \"w\"\nip = \"10.{i}.1.4\"\n[[peering]]\nname = \"hub-to-s{i}\"\nvnet = \"hub\"\nremote = \"s{i}\"\n[[peering]]\nname = \"s{i}-to-hub\"\nvnet = \"s{i}\"\nremote = \"hub\"\n"
        );
    }
    t
}

criterion_group!(idle, benches);
criterion_main!(idle);
