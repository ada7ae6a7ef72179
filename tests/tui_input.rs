//! The trainer's input handling through `update` (issues 12 and 13): safe confirmations,
//! paging, the mouse. Plain values, no terminal.
#![cfg(feature = "tui")]

use peerlab::tui::{App, Msg, Screen, Start};
use std::time::Duration;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn exam() -> App {
    let start = Start::Exam {
        questions: 4,
        minutes: 10,
        seed: 21,
    };
    App::new(peerlab::bank::builtin().unwrap(), start, 21, secs(0))
}

#[test]
fn enter_on_a_confirmation_keeps_working_and_only_y_confirms() {
    // Quit: `q` then Enter (the slip) must not end the exam.
    let mut app = exam();
    app.update(Msg::Quit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmQuit);
    app.update(Msg::Enter, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert!(!app.quit);
    app.update(Msg::Quit, secs(3));
    app.update(Msg::Yes, secs(4));
    assert!(app.quit);

    // Submit: `s` then Enter must not submit.
    let mut app = exam();
    app.update(Msg::Submit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmSubmit);
    app.update(Msg::Enter, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert!(app.session.as_ref().unwrap().results().is_none());
    app.update(Msg::Submit, secs(3));
    app.update(Msg::Yes, secs(4));
    assert_eq!(app.screen, Screen::Results);
    assert!(app.session.as_ref().unwrap().results().is_some());
}
