//! Driving the trainer without a terminal (tests/tui.rs, tui_exhibits.rs, tui_input.rs,
//! study.rs, study_progress.rs): the bank, a screen rendered by `TestBackend`, a question alone
//! in a practice session, and answers given key by key as a learner would, so that every test
//! presses the same keys and a change to the key map is fixed in one place.

use super::answers::secs;
use peerlab::bank::{self, Bank, Kind, Question};
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Msg, Start, draw, reach_choices};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The built-in bank.
pub fn bank() -> Bank {
    bank::builtin().expect("bank")
}

/// The screen at `w` x `h` columns and rows, drawn 30 s into the session.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(f, app, secs(30))).unwrap();
    format!("{}", t.backend())
}

/// A bank question as a session item, with the network it names.
pub fn item_of(b: &Bank, q: &Question) -> Item {
    Item {
        topology: b.topology_of(q).cloned(),
        question: q.clone(),
        template: None,
    }
}

/// An item of the bank in a practice session of its own.
pub fn alone(b: Bank, q: &Question) -> App {
    let item = item_of(&b, q);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, vec![item], None, secs(0));
    app
}

/// Moves the cursor to row `to` with Up/Down.
pub fn cursor_to(app: &mut App, to: usize) {
    while app.draft.cursor > to {
        app.update(Msg::Up, secs(1));
    }
    while app.draft.cursor < to {
        app.update(Msg::Down, secs(1));
    }
}

/// Chooses row `i` the way a learner would: by its letter when the choices are lettered,
/// else by its number (or the arrows past 9).
pub fn choose(app: &mut App, i: usize) {
    let q = &app.item().unwrap().question;
    if peerlab::tui::lettered(q) && i < 5 {
        app.update(Msg::Letter(i as u8), secs(1));
    } else if i < 9 {
        app.update(Msg::Digit(i as u8 + 1), secs(1));
    } else {
        cursor_to(app, i);
    }
    assert_eq!(app.draft.cursor, i);
}

/// The row stored choice `i` is shown on: a bank item's choices are shown shuffled
/// (`quiz::shown_order`), and the learner presses the letter they read.
pub fn shown_row(app: &App, i: usize) -> usize {
    let shown = &app.draft.shown;
    shown.iter().position(|&s| s == i).unwrap_or(i)
}

/// Chooses stored choice `i` by the letter it is shown with.
pub fn choose_stored(app: &mut App, i: usize) {
    choose(app, shown_row(app, i));
}

/// Gives the right answer to the current question the way a learner would, key by key.
pub fn answer_right(app: &mut App) {
    let q = app.item().unwrap().question.clone();
    match q.kind {
        Kind::Single | Kind::YesNo | Kind::Fix if !q.picks_many() => {
            choose_stored(app, q.answer[0])
        }
        Kind::Single | Kind::YesNo | Kind::Fix | Kind::Multi => {
            for &i in &q.answer {
                choose_stored(app, i);
                app.update(Msg::Toggle, secs(1));
            }
        }
        Kind::Order => {
            // A build-list starts empty: Space moves each needed action in, then J/K arrange.
            for &want in &q.answer {
                if let Some(j) = app.draft.spare.iter().position(|&x| x == want) {
                    cursor_to(app, app.draft.order.len() + j);
                    app.update(Msg::Toggle, secs(1));
                }
            }
            for (pos, &want) in q.answer.iter().enumerate() {
                let at = app.draft.order.iter().position(|&x| x == want).unwrap();
                cursor_to(app, at);
                for _ in pos..at {
                    app.update(Msg::MoveUp, secs(1));
                }
            }
        }
        Kind::Reachability => {
            let k = q.key.unwrap();
            let i = reach_choices(&q)
                .iter()
                .position(|(v, r)| *v == k.verdict && (r.is_none() || *r == Some(k.reason)))
                .unwrap();
            choose(app, i);
        }
        Kind::Configure => {
            for (row, (_, want)) in q.solution.iter().enumerate() {
                cursor_to(app, row);
                for (b, &on) in want.iter().enumerate() {
                    if app.draft.flags[row][b] != on {
                        app.update(Msg::Digit(b as u8 + 1), secs(1));
                    }
                }
            }
        }
    }
    app.update(Msg::Enter, secs(2));
}

/// Lines of a rendered screen that contain `needle`.
pub fn lines_with<'a>(screen: &'a str, needle: &str) -> Vec<&'a str> {
    screen.lines().filter(|l| l.contains(needle)).collect()
}
