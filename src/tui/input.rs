//! Terminal events to messages: keys through the key map, a paste refused as one event (the
//! Lab screen's command line takes it), the mouse wheel as scrolling. Kept apart from the loop
//! so each case is testable on values.

use super::app::{App, Msg};
use super::keys::map_key;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};
use std::time::Duration;

/// Applies one terminal event at time `now`; returns whether the screen must be drawn again.
/// `save` writes what the update recorded (an answer) to the history.
pub fn handle(app: &mut App, ev: Event, now: Duration, save: &mut dyn FnMut(&mut App)) -> bool {
    let msg = match ev {
        Event::Key(k) if k.is_press() => map_key(k, app),
        Event::Key(_) => None,
        // The Lab screen's command line takes text: a paste goes there (checked there).
        Event::Paste(text) if matches!(app.screen, super::Screen::Lab { .. }) => {
            app.lab_paste(&text);
            save(app);
            return true;
        }
        // One event however long (bracketed paste): nothing else in the trainer takes text,
        // and a pasted "qy" must not quit an exam, so it is refused as a whole. Its text is
        // never shown (it could hold escape sequences).
        Event::Paste(text) => {
            app.status = format!(
                "Pasted text is ignored ({} characters): the trainer takes keys only.",
                text.chars().count()
            );
            return true;
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::WheelDown),
            MouseEventKind::ScrollUp => Some(Msg::WheelUp),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click { row: m.row }),
            _ => None,
        },
        Event::Resize(..) => return true,
        Event::FocusGained | Event::FocusLost => None,
    };
    match msg {
        Some(m) => {
            app.update(m, now);
            save(app);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::{Screen, Start};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};

    fn exam() -> App {
        let start = Start::Exam {
            questions: 3,
            minutes: 5,
            seed: 4,
        };
        App::new(crate::bank::builtin().unwrap(), start, 4, Duration::ZERO)
    }

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn a_paste_is_one_event_that_changes_nothing_but_the_status() {
        let mut app = exam();
        let saved = std::cell::Cell::new(0);
        let mut save = |_: &mut App| saved.set(saved.get() + 1);
        // As keys, "qy" would ask to quit and confirm it.
        let text = "qy".repeat(5_120);
        assert!(handle(
            &mut app,
            Event::Paste(text),
            Duration::ZERO,
            &mut save
        ));
        assert!(!app.quit);
        assert_eq!(app.screen, Screen::Quiz);
        assert!(
            app.status.contains("ignored (10240 characters)"),
            "{}",
            app.status
        );
        assert!(!app.status.contains("qy"));
        assert_eq!(saved.get(), 0);
        // The same text typed is what the paste guard is for.
        handle(&mut app, key('q'), Duration::ZERO, &mut save);
        assert_eq!(app.screen, Screen::ConfirmQuit);
    }

    #[test]
    fn on_the_lab_screen_a_paste_goes_to_the_command_line() {
        let start = Start::Lab {
            name: "chapter-cli-outline".into(),
        };
        let mut app = App::new(crate::bank::builtin().unwrap(), start, 4, Duration::ZERO);
        let saved = std::cell::Cell::new(0);
        let mut save = |_: &mut App| saved.set(saved.get() + 1);
        assert!(handle(
            &mut app,
            Event::Paste("az network vnet list".into()),
            Duration::ZERO,
            &mut save
        ));
        assert_eq!(
            app.lab.as_ref().unwrap().input.value(),
            "az network vnet list"
        );
        assert_eq!(saved.get(), 1);
        assert!(app.status.is_empty(), "{}", app.status);
    }

    #[test]
    fn key_releases_are_ignored_and_ctrl_c_quits() {
        let mut app = exam();
        let mut save = |_: &mut App| {};
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(!handle(
            &mut app,
            Event::Key(release),
            Duration::ZERO,
            &mut save
        ));
        assert_eq!(app.screen, Screen::Quiz);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        handle(&mut app, Event::Key(ctrl_c), Duration::ZERO, &mut save);
        assert!(app.quit);
    }

    #[test]
    fn the_wheel_scrolls_and_a_resize_redraws() {
        let mut app = exam();
        let mut save = |_: &mut App| {};
        let wheel = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 0,
                row: 0,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert!(handle(
            &mut app,
            wheel(MouseEventKind::ScrollDown),
            Duration::ZERO,
            &mut save
        ));
        assert!(app.scroll > 0);
        handle(
            &mut app,
            wheel(MouseEventKind::ScrollUp),
            Duration::ZERO,
            &mut save,
        );
        assert_eq!(app.scroll, 0);
        assert!(handle(
            &mut app,
            Event::Resize(80, 24),
            Duration::ZERO,
            &mut save
        ));
    }
}
