//! The Progress screen: the learner's history as charts.

use super::app::App;
use super::paint::{bold, page, text_lines};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub fn draw(f: &mut Frame, app: &App, area: Rect) -> bool {
    let Some(h) = &app.history else { return false };
    let mut lines = vec![Line::styled("Your progress", bold()), Line::raw("")];
    lines.extend(text_lines(&h.summary, ""));
    page(f, lines, area, app.scroll)
}
