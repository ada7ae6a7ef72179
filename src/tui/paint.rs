//! Small drawing helpers the study-flow screens share (menu, results, summary, progress,
//! help). The question screen keeps its own in `view.rs`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::cell::{Cell, RefCell};
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

/// How many rows `lines` take when wrapped to `width` (an estimate by width: word wrap can
/// take more; [`line_rows`] counts as the paragraph wraps).
pub fn rows(lines: &[Line], width: u16) -> usize {
    let w = usize::from(width.max(1));
    lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum()
}

/// What the last draw of a scrolled page showed, so the keys can page by what is on screen
/// (the update does not know the terminal's size) and never scroll past the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// Rows of the page's area (0: the screen drawn has no scrolled page).
    pub height: u16,
    /// Rows the page takes, wrapped.
    pub total: u16,
    /// The scroll the draw used (asked for, kept within the page).
    pub shown: u16,
}

impl Fit {
    /// The last scroll that still fills the area.
    pub fn last(&self) -> u16 {
        self.total.saturating_sub(self.height)
    }

    /// PgUp/PgDn: a screen less two lines, so the lines at the fold stay in view.
    pub fn step(&self) -> u16 {
        if self.height == 0 {
            10
        } else {
            self.height.saturating_sub(2).max(1)
        }
    }
}

/// The rows on screen a mouse click can land on: (row, what it picks), from the last draw.
pub type Hits = RefCell<Vec<(u16, usize)>>;

/// Records where list entries are drawn so a click picks them: `entry_at` pairs a line
/// index of `lines` (drawn from the top of `area`, wrapped as `Wrap { trim: false }`) with
/// the entry it shows. Entries below the area are not clickable.
pub fn record_hits(
    hits: &Hits,
    lines: &[Line<'static>],
    entry_at: Vec<(usize, usize)>,
    area: Rect,
) {
    let at = line_rows(lines, area.width);
    hits.borrow_mut()
        .extend(entry_at.into_iter().filter_map(|(line, i)| {
            let row = u16::try_from(at[line]).ok()?;
            (row < area.height).then(|| (area.y + row, i))
        }));
}

/// [`record_hits`] for lines drawn one row each (a list cut to its width, not wrapped).
pub fn record_rows(hits: &Hits, entry_at: impl IntoIterator<Item = (usize, usize)>, area: Rect) {
    hits.borrow_mut()
        .extend(entry_at.into_iter().filter_map(|(line, i)| {
            let row = u16::try_from(line).ok()?;
            (row < area.height).then(|| (area.y + row, i))
        }));
}

/// The first row of each line and, last, the rows all take, when wrapped to `width` as a
/// `Paragraph` with `Wrap { trim: false }` wraps them (word by word).
pub fn line_rows(lines: &[Line<'static>], width: u16) -> Vec<usize> {
    let mut at = Vec::with_capacity(lines.len() + 1);
    let mut row = 0;
    for l in lines {
        at.push(row);
        row += Paragraph::new(l.clone())
            .wrap(Wrap { trim: false })
            .line_count(width.max(1))
            .max(1);
    }
    at.push(row);
    at
}

/// Draws a long page scrolled by `scroll` rows (never past its end), records what it showed
/// in `fit`; returns whether more lies below.
pub fn page(
    f: &mut Frame,
    lines: Vec<Line<'static>>,
    area: Rect,
    scroll: u16,
    fit: &Cell<Fit>,
) -> bool {
    let total = *line_rows(&lines, area.width).last().unwrap_or(&0);
    page_of(f, lines, area, scroll, total, fit)
}

/// [`page`] with the rows already counted.
pub fn page_of(
    f: &mut Frame,
    lines: Vec<Line<'static>>,
    area: Rect,
    scroll: u16,
    total: usize,
    fit: &Cell<Fit>,
) -> bool {
    let total = total.min(usize::from(u16::MAX)) as u16;
    let shown = scroll.min(total.saturating_sub(area.height));
    fit.set(Fit {
        height: area.height,
        total,
        shown,
    });
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((shown, 0)),
        area,
    );
    total > area.height.saturating_add(shown)
}

/// `text` wrapped to `width` columns, every line after `first` starting with `indent`.
pub(super) fn hanging(
    text: &str,
    first: &str,
    indent: &str,
    width: u16,
    style: Style,
) -> Vec<Line<'static>> {
    let room = usize::from(width)
        .saturating_sub(crate::text::width(indent))
        .max(10);
    let mut out = Vec::new();
    for (n, l) in crate::text::wrap(text, room).into_iter().enumerate() {
        let lead = if n == 0 { first } else { indent };
        out.push(Line::styled(format!("{lead}{l}"), style));
    }
    out
}
