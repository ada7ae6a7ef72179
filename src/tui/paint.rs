//! Small drawing helpers the study-flow screens share (menu, results, summary, progress,
//! help). The question screen keeps its own in `view.rs`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;

pub fn color_on() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn fg(c: Color) -> Style {
    if color_on() {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// `s` as lines, each starting with `indent` (paragraphs kept).
pub fn text_lines(s: &str, indent: &str) -> Vec<Line<'static>> {
    s.split('\n')
        .map(|l| Line::raw(format!("{indent}{l}")))
        .collect()
}

pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// A bar of `width` cells, `part` of `whole` filled: `####------`.
pub fn bar(part: usize, whole: usize, width: usize) -> String {
    let filled = (width * part).checked_div(whole).unwrap_or(0).min(width);
    format!("{}{}", "#".repeat(filled), "-".repeat(width - filled))
}

/// "1 question" / "3 questions".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many rows `lines` take when wrapped to `width`.
pub fn rows(lines: &[Line], width: u16) -> usize {
    let w = usize::from(width.max(1));
    lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum()
}

/// Draws a long page scrolled by `scroll` rows (never past its end); returns whether more
/// lies below.
pub fn page(f: &mut Frame, lines: Vec<Line<'static>>, area: Rect, scroll: u16) -> bool {
    let total = rows(&lines, area.width);
    let last = total.saturating_sub(usize::from(area.height));
    let scroll = usize::from(scroll).min(last);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
    total > usize::from(area.height) + scroll
}
