//! The menu's "Explore a network" (issue 16): the content's topologies in a list, and the
//! Explore sandbox (`super::explore`) opened on the one chosen, inside the trainer's frame.
//! Kept apart from `app.rs`, which only routes the two screens here.

use super::app::{App, Msg, Screen};
use super::explore::{self, Explore};
use super::paint::bold;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::path::Path;

impl App {
    /// The content's topologies, by key (the bank's map is sorted, so the list is stable).
    fn network_keys(&self) -> Vec<&str> {
        self.bank.topologies.keys().map(String::as_str).collect()
    }

    pub(super) fn open_networks(&mut self) {
        if self.bank.topologies.is_empty() {
            self.status = "The content has no topology to explore.".to_string();
            return;
        }
        self.screen = Screen::Networks { selected: 0 };
    }

    pub(super) fn networks_key(&mut self, msg: Msg, selected: usize) {
        let last = self.bank.topologies.len().saturating_sub(1);
        match msg {
            Msg::Up => {
                self.screen = Screen::Networks {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::Networks {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Enter => {
                let Some(key) = self.network_keys().get(selected).map(|k| k.to_string()) else {
                    return;
                };
                let t = self.bank.topologies[&key].clone();
                // A content topology may be built in, with no file of its own to save beside:
                // `w` writes NAME-explore.toml in the working directory.
                self.explore = Some(Explore::new(t, Path::new(file_name(&key))));
                self.screen = Screen::Explore { from: selected };
            }
            Msg::Quit | Msg::Back => self.back_to_menu(),
            _ => {}
        }
    }

    pub(super) fn explore_key(&mut self, msg: Msg, from: usize) {
        let Msg::Key(k) = msg else { return };
        let Some(e) = &mut self.explore else {
            self.screen = Screen::Networks { selected: from };
            return;
        };
        if let Some(a) = explore::map_key(k) {
            e.update(a);
        }
        if e.quit {
            self.explore = None;
            self.screen = Screen::Networks { selected: from };
        }
    }
}

pub fn draw_list(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            // Short enough for 80 columns (the list's rows may be cut, the heading not).
            "Explore a network: trace a pair, who reaches whom, change a peering or a route",
            bold(),
        ),
        Line::raw("A sandbox: nothing is written unless you press w there (to a new file)."),
        Line::raw(""),
    ];
    let keys = app.network_keys();
    let width = keys
        .iter()
        .map(|k| shown(k).len())
        .max()
        .unwrap_or(0)
        .min(40);
    for (i, key) in keys.iter().enumerate() {
        let t = &app.bank.topologies[*key];
        let title = t.meta.title.as_deref().unwrap_or("");
        let vms = match t.vms.len() {
            1 => "1 VM ".to_string(),
            n => format!("{n} VMs"),
        };
        let text = format!(
            "{:<width$}  {vms:>6}  {}",
            crate::text::printable(shown(key)),
            crate::text::printable(title)
        );
        lines.push(if i == selected {
            Line::styled(format!("> {text}"), bold().add_modifier(Modifier::REVERSED))
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    let height = usize::from(area.height);
    // Keep the chosen network in sight on a short terminal.
    let top = u16::try_from((selected + 5).saturating_sub(height)).unwrap_or(u16::MAX);
    f.render_widget(Paragraph::new(lines).scroll((top, 0)), area);
}

pub fn draw_explore(f: &mut Frame, app: &App, area: Rect) {
    if let Some(e) = &app.explore {
        explore::draw_in(f, e, area);
    }
}

/// `topologies/chapter-hub-spoke.toml` -> `chapter-hub-spoke.toml`.
fn file_name(key: &str) -> &str {
    key.rsplit(['/', '\\']).next().unwrap_or(key)
}

/// `topologies/chapter-hub-spoke.toml` -> `chapter-hub-spoke`, as the list shows it.
fn shown(key: &str) -> &str {
    let f = file_name(key);
    f.strip_suffix(".toml").unwrap_or(f)
}
