//! Moving around (issue 13): Home/End, the mouse wheel and clicks, the same on every screen.
//! A page (the question, an open result, help, progress) scrolls; a list (the menu, topics,
//! exam lengths, review, results) moves its selection. Key handlers of each screen keep
//! Up/Down/PgUp/PgDn; this turns the rest into those or applies them here.

use super::app::{App, Msg, Screen};
use std::time::Duration;

impl App {
    /// Whether Home/End and the wheel scroll what is shown (else they move a selection).
    fn on_page(&self) -> bool {
        match self.screen {
            Screen::HelpPage | Screen::Progress => true,
            Screen::Results => self.results_view.open,
            Screen::Quiz => !self.exhibit.open,
            _ => false,
        }
    }

    /// Applies the moving messages it owns; gives back the message the screen still has to
    /// handle (the one given, or what a wheel notch or a click stands for there).
    pub(super) fn moving(&mut self, msg: Msg, now: Duration) -> Option<Msg> {
        let list = matches!(
            self.screen,
            Screen::Menu { .. }
                | Screen::Topics { .. }
                | Screen::ExamSetup { .. }
                | Screen::Review { .. }
                | Screen::NothingDue { .. }
        ) || (self.screen == Screen::Results && !self.results_view.open);
        match msg {
            // Over the help overlay the mouse does nothing (a key closes it).
            Msg::WheelUp | Msg::WheelDown | Msg::Click { .. } if self.help => None,
            Msg::Home | Msg::End | Msg::WheelUp | Msg::WheelDown if self.on_page() => {
                self.scroll_page(msg);
                None
            }
            Msg::WheelUp => Some(Msg::Up),
            Msg::WheelDown => Some(Msg::Down),
            Msg::Home | Msg::End if list => {
                // Up or Down until the selection stops: each list keeps its own bounds.
                let step = if msg == Msg::Home { Msg::Up } else { Msg::Down };
                for _ in 0..10_000 {
                    let before = (self.screen.clone(), self.results_view.selected);
                    self.update(step, now);
                    if (self.screen.clone(), self.results_view.selected) == before {
                        break;
                    }
                }
                None
            }
            Msg::Home | Msg::End => None,
            Msg::Click { row } => {
                let hit = self
                    .hits
                    .borrow()
                    .iter()
                    .find(|&&(r, _)| r == row)
                    .map(|&(_, i)| i)?;
                match self.screen {
                    // An entry opens as with its number and Enter.
                    Screen::Menu { .. } => {
                        self.screen = Screen::Menu { selected: hit };
                        Some(Msg::Enter)
                    }
                    // A list's entry is chosen and opened as with Up/Down and Enter.
                    Screen::Topics { .. } => {
                        self.screen = Screen::Topics { selected: hit };
                        Some(Msg::Enter)
                    }
                    Screen::ExamSetup { .. } => {
                        self.screen = Screen::ExamSetup { selected: hit };
                        Some(Msg::Enter)
                    }
                    Screen::NothingDue { .. } => {
                        self.screen = Screen::NothingDue { selected: hit };
                        Some(Msg::Enter)
                    }
                    Screen::Review { .. } => {
                        self.screen = Screen::Review { selected: hit };
                        Some(Msg::Enter)
                    }
                    Screen::Results if !self.results_view.open => {
                        self.results_view.selected = hit;
                        Some(Msg::Enter)
                    }
                    // A choice is picked as with its letter (and ticked when several are
                    // asked for); after the answer the choices are read, not picked.
                    Screen::Quiz if self.feedback.is_none() && !self.exhibit.open => {
                        self.draft.cursor = hit;
                        Some(Msg::Toggle)
                    }
                    _ => None,
                }
            }
            m => Some(m),
        }
    }
}
