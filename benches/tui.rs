//! The trainer's frame times (issue 6): from nothing to the first frame (loading and proving
//! the built-in bank included), target under 30 ms; one frame of a network question at
//! 120x40, target under 1 ms. Drawn on ratatui's TestBackend.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::bank::{self, Kind};
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Start, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    c.bench_function(
        "first frame: load the bank, open the menu, draw 120x40",
        |b| {
            b.iter(|| {
                let app = App::new(
                    bank::builtin().expect("bank"),
                    Start::Menu,
                    1,
                    Duration::ZERO,
                );
                let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
                t.draw(|f| draw(f, &app, Duration::ZERO)).unwrap();
                black_box(t);
            })
        },
    );
    let b = bank::builtin().expect("bank");
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Configure)
        .unwrap()
        .clone();
    let item = Item {
        topology: b.topology_of(&q).cloned(),
        question: q,
        template: None,
    };
    let mut app = App::new(b, Start::Menu, 1, Duration::ZERO);
    app.begin(Mode::Practice, vec![item], None, Duration::ZERO);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(
        "one frame of a configure question with its diagram, 120x40",
        |bch| {
            bch.iter(|| {
                t.draw(|f| draw(f, &app, Duration::from_secs(1)))
                    .unwrap()
                    .area
            })
        },
    );
}

criterion_group!(tui, benches);
criterion_main!(tui);
