//! The exhibit pane, like the exam's Exhibit button: tabs (the diagram, then one per table of
//! the question's exhibit), each table a ratatui `Table` that scrolls. It opens over the
//! question with `x` and sits beside it when the terminal is at least [`SIDE_BY_SIDE`]
//! columns wide. The exhibit itself comes from the domain (`exhibit::for_question_with`): this
//! module only lays it out, and keeps it per question so a keypress does not rebuild it.

use super::view::{bold, fg};
use crate::bank::Question;
use crate::diagram::{self, Mark};
use crate::exhibit::{self, Exhibit};
use crate::quiz::Item;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use std::cell::RefCell;

/// From this width on, the exhibit is drawn beside the question.
pub const SIDE_BY_SIDE: u16 = 120;

/// The exhibit's state in the trainer: open or not, which tab, how far scrolled, and the
/// exhibit of the current question once built.
#[derive(Debug, Default)]
pub struct Pane {
    /// Shown over the question (any width); beside it at [`SIDE_BY_SIDE`] columns it is
    /// always shown.
    pub open: bool,
    pub tab: usize,
    pub scroll: u16,
    cache: RefCell<Option<Cached>>,
    /// How many times an exhibit was built (tests: a keypress must not rebuild it).
    builds: std::cell::Cell<usize>,
}

#[derive(Debug)]
struct Cached {
    /// What the exhibit was built for: the question and (configure items, whose diagram
    /// follows the learner's flags) the flags ...
    item: String,
    /// ... and the diagram's width.
    width: usize,
    exhibit: Result<Exhibit, String>,
}

fn item_key(it: &Item, flags: &[crate::bank::FlagSet]) -> String {
    let q = &it.question;
    match q.kind {
        crate::bank::Kind::Configure => format!("{}{flags:?}", q.id),
        _ => q.id.clone(),
    }
}

impl Pane {
    /// Back to the first tab, closed, for a new question.
    pub fn reset(&mut self) {
        self.open = false;
        self.tab = 0;
        self.scroll = 0;
    }

    /// How many tabs the current question's exhibit has (0 without a network). Uses the
    /// exhibit already built, whatever its width.
    pub fn tabs(&self, it: &Item, flags: &[crate::bank::FlagSet]) -> usize {
        if it.topology.is_none() {
            return 0;
        }
        let key = item_key(it, flags);
        let width = match self.cache.borrow().as_ref() {
            Some(c) if c.item == key => c.width,
            _ => 80,
        };
        self.with(it, flags, width, |e| match e {
            Ok(e) => 1 + e.tables.len(),
            Err(_) => 1,
        })
    }

    /// The tab names (the diagram, then each table), for the hint under a question.
    pub fn names(&self, it: &Item, flags: &[crate::bank::FlagSet], width: usize) -> Vec<String> {
        self.with(it, flags, width, tab_names)
    }

    /// Runs `f` on the exhibit of `it` with its diagram `width` columns wide, building it only
    /// when the question, the width or the configured flags changed.
    fn with<R>(
        &self,
        it: &Item,
        flags: &[crate::bank::FlagSet],
        width: usize,
        f: impl FnOnce(&Result<Exhibit, String>) -> R,
    ) -> R {
        let key = item_key(it, flags);
        let mut cache = self.cache.borrow_mut();
        if cache
            .as_ref()
            .is_none_or(|c| c.item != key || c.width != width)
        {
            self.builds.set(self.builds.get() + 1);
            *cache = Some(Cached {
                exhibit: build(it, &it.question, flags, width),
                item: key,
                width,
            });
        }
        f(&cache.as_ref().expect("just built").exhibit)
    }

    /// How many times an exhibit was built so far.
    pub fn builds(&self) -> usize {
        self.builds.get()
    }
}

fn build(
    it: &Item,
    q: &Question,
    flags: &[crate::bank::FlagSet],
    width: usize,
) -> Result<Exhibit, String> {
    let t = it.topology.as_ref().ok_or("no network")?;
    // A configure item's picture follows the flags the learner sets.
    let configured = match q.kind {
        crate::bank::Kind::Configure => crate::quiz::configured(t, q, flags),
        _ => None,
    };
    let opts = diagram::Options {
        width,
        legend: false,
        ..diagram::Options::default()
    };
    exhibit::for_question_with(
        configured.as_ref().unwrap_or(t),
        q.exhibit.as_deref(),
        &opts,
    )
    .map(|mut e| {
        // The pane's tables are one column wider than its diagram.
        e.tables = e
            .tables
            .into_iter()
            .flat_map(|t| blades(t, width + 1))
            .collect();
        e
    })
    .map_err(|bad| {
        bad.into_iter()
            .map(|(_, m)| m)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// A table of several route tables, NSGs or firewalls that is too wide for the pane, as the
/// portal shows them: one blade (here a tab) per resource, titled with its name, so `fold` can
/// take the resource's own columns (its name, what it is attached to) out of the rows.
fn blades(t: exhibit::Table, width: usize) -> Vec<exhibit::Table> {
    let per_resource = ["routes", "nsg", "firewall"]
        .iter()
        .any(|p| t.selector.starts_with(p));
    let mut groups: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for r in &t.rows {
        let name = r.first().cloned().unwrap_or_default();
        match groups.last_mut() {
            Some((n, rows)) if *n == name => rows.push(r.clone()),
            _ => groups.push((name, vec![r.clone()])),
        }
    }
    let mut names: Vec<&String> = groups.iter().map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    // Only when each resource's rows are together (the domain lists them so).
    let split = per_resource
        && !exhibit::fits(&t, width)
        && groups.len() > 1
        && names.len() == groups.len();
    if !split {
        return vec![t];
    }
    let kind = t.columns.first().cloned().unwrap_or_default();
    groups
        .into_iter()
        .map(|(name, rows)| exhibit::Table {
            title: format!("{kind} {name}"),
            selector: t.selector.clone(),
            columns: t.columns.clone(),
            rows,
        })
        .collect()
}

pub(super) fn mark_style(m: Mark) -> Style {
    match m {
        Mark::Plain => Style::default(),
        Mark::Title => bold(),
        Mark::Path => fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Mark::Broken => fg(Color::Red),
        Mark::Gateway => fg(Color::Cyan),
        Mark::Appliance => fg(Color::Magenta),
        Mark::Service => fg(Color::Green),
    }
}

/// Diagram lines with their marks as styled spans.
pub(super) fn diagram_lines(lines: &[diagram::Line]) -> Vec<Line<'static>> {
    lines
        .iter()
        .map(|l| {
            let chars: Vec<char> = l.text.chars().collect();
            let mut spans = Vec::new();
            let mut at = 0;
            for s in &l.spans {
                let start = s.start.min(chars.len());
                if start > at {
                    spans.push(Span::raw(chars[at..start].iter().collect::<String>()));
                }
                let end = (s.start + s.len).min(chars.len()).max(start);
                spans.push(Span::styled(
                    chars[start..end].iter().collect::<String>(),
                    mark_style(s.mark),
                ));
                at = end;
            }
            if at < chars.len() {
                spans.push(Span::raw(chars[at..].iter().collect::<String>()));
            }
            Line::from(spans)
        })
        .collect()
}

/// The names of the tabs: the diagram, then each table's title.
fn tab_names(e: &Result<Exhibit, String>) -> Vec<String> {
    let mut v = vec!["Diagram".to_string()];
    if let Ok(e) = e {
        v.extend(e.tables.iter().map(|t| t.title.clone()));
    }
    v
}

/// The tab bar: every tab when they fit, else the chosen one with its neighbours' count.
fn tab_line(names: &[String], at: usize, width: usize) -> Line<'static> {
    let all: usize = names.iter().map(|n| exhibit::width(n) + 3).sum();
    if all <= width {
        let mut spans = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let style = if i == at {
                bold().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            spans.push(Span::styled(format!(" {n} "), style));
            if i + 1 < names.len() {
                spans.push(Span::raw("|"));
            }
        }
        return Line::from(spans);
    }
    Line::from(vec![
        Span::raw(format!("Tab {} of {}: ", at + 1, names.len())),
        Span::styled(
            format!(" {} ", names[at]),
            bold().add_modifier(Modifier::REVERSED),
        ),
        Span::raw(if at + 1 < names.len() {
            format!("  next: {}", names[at + 1])
        } else {
            String::new()
        }),
    ])
}

/// Draws the exhibit of the current question in `area`, in a frame titled "Exhibit".
pub fn draw(f: &mut Frame, pane: &Pane, it: &Item, flags: &[crate::bank::FlagSet], area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Exhibit (Tab next tab, x close or open, [ ] scroll) ");
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.width < 10 || inner.height < 3 {
        return;
    }
    let width = usize::from(inner.width);
    pane.with(it, flags, width.saturating_sub(1), |e| {
        let names = tab_names(e);
        let at = pane.tab % names.len();
        let [bar, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        f.render_widget(Paragraph::new(tab_line(&names, at, width)), bar);
        match e {
            Err(m) => f.render_widget(
                Paragraph::new(format!("The exhibit cannot be shown: {m}")),
                body,
            ),
            Ok(e) if at == 0 => {
                let mut lines = vec![Line::styled(
                    "The network (? explains the link marks):",
                    fg(Color::Blue),
                )];
                lines.extend(diagram_lines(&e.diagram));
                f.render_widget(Paragraph::new(lines).scroll((pane.scroll, 0)), body);
            }
            Ok(e) => table(f, &e.tables[at - 1], pane.scroll, body),
        }
    });
}

/// One table: its title and the values every row shares (folded out of a table too wide),
/// then a ratatui `Table` with wrapped cells, scrolled by `scroll` rows.
fn table(f: &mut Frame, t: &exhibit::Table, scroll: u16, area: Rect) {
    let width = usize::from(area.width);
    let (pairs, t) = exhibit::fold(t, width);
    let mut head: Vec<Line<'static>> = exhibit::wrap(&t.title, width)
        .into_iter()
        .map(|l| Line::styled(l, bold()))
        .collect();
    // A blade's title names its resource already ("Route table rt-spoke-web").
    for (k, v) in pairs.iter().filter(|(k, v)| t.title != format!("{k} {v}")) {
        head.extend(
            exhibit::wrap(&format!("{k}: {v}"), width)
                .into_iter()
                .map(Line::raw),
        );
    }
    let h = (head.len() as u16).min(area.height);
    let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(area);
    f.render_widget(Paragraph::new(head), top);
    let widths = exhibit::column_widths(&t, width);
    let cells = |row: &[String]| -> (Vec<Cell<'static>>, u16) {
        let wrapped = exhibit::wrap_row(row, &widths);
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1) as u16;
        let cells = wrapped
            .into_iter()
            .map(|lines| {
                Cell::from(Text::from(
                    lines.into_iter().map(Line::raw).collect::<Vec<_>>(),
                ))
            })
            .collect();
        (cells, height)
    };
    let (hc, hh) = cells(&t.columns);
    let header = Row::new(hc)
        .height(hh)
        .style(bold().add_modifier(Modifier::UNDERLINED));
    let rows: Vec<Row> = t
        .rows
        .iter()
        .map(|r| {
            let (c, h) = cells(r);
            Row::new(c).height(h)
        })
        .collect();
    let rows = if rows.is_empty() {
        vec![Row::new(vec![Cell::from("(none)")])]
    } else {
        rows
    };
    let table = Table::new(rows, widths.iter().map(|&w| Constraint::Length(w as u16)))
        .header(header)
        .column_spacing(exhibit::GAP as u16);
    let first = usize::from(scroll).min(t.rows.len().saturating_sub(1));
    let mut state = TableState::default().with_offset(first);
    f.render_stateful_widget(table, rest, &mut state);
}
