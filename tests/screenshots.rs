//! The README's screenshots (assets/screenshots/*.svg) are drawn from `TestBackend` buffers of
//! the states the snapshot tests render (tests/tui.rs, tests/explore.rs, tests/tui_lab.rs), so
//! a change to a screen shows up here as well: the test fails when a file is stale, and
//! `PEERLAB_BLESS=1 cargo test --test screenshots` writes them again (read `git diff` after).
#![cfg(feature = "tui")]

mod common;

use common::tui::alone;
use peerlab::bank::Kind;
use peerlab::model::parse_topology;
use peerlab::tui::explore::{Action, Explore, Focus, View};
use peerlab::tui::{App, Start};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BG: &str = "#1e1e1e";
const FG: &str = "#d4d4d4";

/// The terminal's 16 colours (those the trainer uses), as most dark themes draw them.
fn colour(c: Color) -> Option<&'static str> {
    Some(match c {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red | Color::LightRed => "#f14c4c",
        Color::Green | Color::LightGreen => "#23d18b",
        Color::Yellow | Color::LightYellow => "#e5e510",
        Color::Blue | Color::LightBlue => "#3b8eea",
        Color::Magenta | Color::LightMagenta => "#d670d6",
        Color::Cyan | Color::LightCyan => "#29b8db",
        Color::Gray | Color::White => "#e5e5e5",
        Color::DarkGray => "#767676",
        _ => FG,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One SVG of the buffer: a run of cells with one style is one `<text>`, stretched to its
/// cells' width so that box drawing lines up whatever monospace font the viewer has.
fn svg(buf: &Buffer) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0}\" height=\"{:.0}\" \
         font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n",
        f32::from(w) * CELL_W,
        f32::from(h) * CELL_H
    );
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let first = &buf[(x, y)];
            let style = (first.fg, first.bg, first.modifier);
            let mut text = String::new();
            let start = x;
            while x < w {
                let c = &buf[(x, y)];
                if (c.fg, c.bg, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let reversed = style.2.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (colour(style.0).unwrap_or(FG), colour(style.1));
            if reversed {
                (fg, bg) = (bg.unwrap_or(BG), Some(fg));
            }
            let (px, py) = (f32::from(start) * CELL_W, f32::from(y) * CELL_H);
            let width = f32::from(x - start) * CELL_W;
            if let Some(bg) = bg {
                let _ = writeln!(
                    out,
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{width:.1}\" height=\"{CELL_H}\" fill=\"{bg}\"/>"
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let weight = if style.2.contains(Modifier::BOLD) {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<text x=\"{px:.1}\" y=\"{:.1}\" fill=\"{fg}\"{weight} textLength=\"{width:.1}\" \
                 lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\">{}</text>",
                py + CELL_H * 0.78,
                escape(&text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

fn trainer(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| peerlab::tui::draw(f, app, Duration::from_secs(30)))
        .unwrap();
    t.backend().buffer().clone()
}

fn explore(e: &Explore, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| peerlab::tui::explore::draw(f, e)).unwrap();
    t.backend().buffer().clone()
}

/// Every screenshot: its file name and its buffer.
fn shots() -> Vec<(&'static str, Buffer)> {
    let bank = || peerlab::bank::builtin().expect("bank");
    let mut v = Vec::new();
    // tests/tui.rs `screens_at_80x24_and_120x40`: the menu, and (as `one_of` builds it) the
    // first single-answer question of the bank with a network, before it is answered.
    let menu = App::new(bank(), Start::Menu, 1, Duration::ZERO);
    v.push(("menu-80x24.svg", trainer(&menu, 80, 24)));
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Single && q.topology.is_some())
        .unwrap()
        .clone();
    let app = alone(b, &q);
    v.push(("question-120x40.svg", trainer(&app, 120, 40)));
    // tests/tui_lab.rs: the chapter's lab before any command.
    let lab = App::new(
        bank(),
        Start::Lab {
            name: "chapter-cli-outline".into(),
        },
        1,
        Duration::ZERO,
    );
    v.push(("lab-120x40.svg", trainer(&lab, 120, 40)));
    // tests/explore.rs `screens_at_80x24_and_120x40`: vm-b to dc-app on hub-site.toml.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/matrix/hub-site.toml"
    );
    let t = parse_topology(&std::fs::read_to_string(file).unwrap())
        .expect("valid")
        .topology;
    let mut e = Explore::new(t, Path::new("hub-site.toml"));
    e.focus = Focus::From;
    while e.from != 2 {
        e.update(Action::Down);
    }
    e.update(Action::NextFocus);
    while e.to != 3 {
        e.update(Action::Down);
    }
    v.push(("explore-trace-120x40.svg", explore(&e, 120, 40)));
    e.update(Action::Show(View::Matrix));
    v.push(("explore-matrix-120x40.svg", explore(&e, 120, 40)));
    e.update(Action::Show(View::Diagram));
    v.push(("explore-diagram-120x40.svg", explore(&e, 120, 40)));
    v
}

#[test]
fn the_screenshots_in_assets_are_current() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screenshots"));
    let bless = std::env::var_os("PEERLAB_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, buf) in shots() {
        let text = svg(&buf);
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale screenshots {stale:?}: run PEERLAB_BLESS=1 cargo test --test screenshots and read \
         the diff"
    );
}

#[test]
fn the_svg_keeps_every_cell_and_escapes_markup() {
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 6, 2));
    buf.set_string(0, 0, "a<b&c", ratatui::style::Style::default());
    buf.set_string(
        0,
        1,
        "ok",
        ratatui::style::Style::default()
            .fg(Color::Green)
            .add_modifier(Modifier::BOLD),
    );
    let s = svg(&buf);
    assert!(s.contains(">a&lt;b&amp;c </text>"), "{s}");
    assert!(s.contains("fill=\"#23d18b\" font-weight=\"bold\""), "{s}");
    assert!(s.contains("width=\"50\" height=\"34\""), "{s}");
}
