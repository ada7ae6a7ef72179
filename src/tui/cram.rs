//! Review with nothing due (issue 13): instead of a dead end, the trainer says when the next
//! item falls due and offers new questions or a cram session, which practises the weakest
//! items and leaves the schedule as it is (carddown's `--cram`; the store skips the schedule
//! for a `cram` session). Its keys and drawing live together here.

use super::app::{App, Msg, Screen};
use super::paint::{bold, plural};
use crate::quiz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;

/// Questions in a cram session or a session of new ones.
pub const CRAM: usize = 20;

/// The choices offered, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    New,
    Cram,
    Menu,
}

pub const OFFERS: [Offer; 3] = [Offer::New, Offer::Cram, Offer::Menu];

/// "in 3 h", "in 2 days": how far off `secs` is.
fn in_words(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=3599 => format!("in {} min", ((s + 59) / 60).max(1)),
        // Rounded to the nearest: 47 h is "in 2 days", not "in 1 day".
        3600..=86_399 => format!("in {} h", (s + 1800) / 3600),
        _ => format!(
            "in {}",
            plural(((s + 43_200) / 86_400) as usize, "day", "days")
        ),
    }
}

impl App {
    /// What the screen says: nothing due, and when the next is.
    pub fn nothing_due_text(&self) -> String {
        let Some(h) = &self.history else {
            return String::new();
        };
        match h.next_due {
            Some(at) => format!(
                "Nothing is due for review. The next question falls due {} ({}).",
                in_words(at - h.read_at),
                crate::civil::date(at)
            ),
            None => "Nothing is due for review: no question has a schedule yet.".to_string(),
        }
    }

    /// The review entry found nothing due: show the offers.
    pub(super) fn nothing_due(&mut self) {
        // The screen says it; the status line stays free for what the keys report.
        self.screen = Screen::NothingDue { selected: 0 };
    }

    pub(super) fn nothing_due_key(&mut self, msg: Msg, selected: usize, now: Duration) {
        let last = OFFERS.len() - 1;
        match msg {
            Msg::Up => {
                self.screen = Screen::NothingDue {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::NothingDue {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Digit(d) if (1..=OFFERS.len() as u8).contains(&d) => {
                self.screen = Screen::NothingDue {
                    selected: usize::from(d) - 1,
                }
            }
            Msg::Enter => self.take_offer(OFFERS[selected.min(last)], now),
            Msg::Back | Msg::Quit => self.back_to_menu(),
            _ => {}
        }
    }

    fn take_offer(&mut self, offer: Offer, now: Duration) {
        let Some(h) = &self.history else { return };
        match offer {
            Offer::New => {
                let items = quiz::review(&self.bank, &[], &h.seen, self.seed, CRAM);
                if items.is_empty() {
                    self.status = "Every question has been answered already: try Cram.".into();
                    return;
                }
                let n = items.len();
                self.start("review", Some(self.seed), n, items, None, now);
                self.status = format!("{} never answered.", plural(n, "question", "questions"));
            }
            Offer::Cram => {
                let keys = h.weakest.clone();
                let items = quiz::retry(&self.bank, &keys, self.seed);
                if items.is_empty() {
                    self.status = "Nothing to cram yet: answer some questions first.".into();
                    return;
                }
                let n = items.len();
                self.start("cram", Some(self.seed), n, items, None, now);
                self.status = format!(
                    "Cram: your {} weakest; the schedule stays as it is.",
                    plural(n, "question", "questions")
                );
            }
            Offer::Menu => self.back_to_menu(),
        }
        self.from_menu = true;
    }
}

fn label(app: &App, o: Offer) -> String {
    let h = app.history.as_ref();
    match o {
        Offer::New => {
            let unseen = app
                .bank
                .questions
                .iter()
                .filter(|q| h.is_none_or(|h| !h.seen.contains(&format!("bank:{}", q.id))))
                .count();
            format!("New questions ({unseen} in the bank never answered, and generated ones)")
        }
        Offer::Cram => format!(
            "Cram: practise your weakest ({}); the schedule does not move",
            h.map_or(0, |h| h.weakest.len())
        ),
        Offer::Menu => "Back to the menu".to_string(),
    }
}

pub fn draw(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let mut lines = vec![
        Line::styled("Review", bold()),
        Line::raw(app.nothing_due_text()),
        Line::raw(""),
    ];
    let mut entry_at = Vec::new();
    for (i, o) in OFFERS.into_iter().enumerate() {
        entry_at.push((lines.len(), i));
        let text = format!("{}. {}", i + 1, label(app, o));
        lines.push(if i == selected {
            Line::styled(format!("> {text}"), bold().add_modifier(Modifier::REVERSED))
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    super::paint::record_hits(&app.hits, &lines, entry_at, area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
