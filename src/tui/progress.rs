//! The Progress screen: accuracy per topic week by week (sparklines), exam scores against
//! the pass line (a chart) with the exam history, what falls due over the next 14 days (a
//! bar chart), and a heatmap of the days answered over the last 12 weeks.
//!
//! The sections are stacked on one tall page drawn off screen and then copied in from the
//! scroll offset, so the charts scroll like any other page at 80x24.

use super::app::App;
use super::paint::{bold, clock, fg};
use crate::store::{DUE_DAYS, Progress, SHADES, WEEKS, shade};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph, Sparkline,
    SparklineBar, Widget,
};
use std::time::Duration;

/// Exams listed under the chart (the latest).
const LISTED_EXAMS: usize = 5;
fn block(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {title} "), bold()))
}

/// The heights of the sections, top to bottom.
fn heights(p: &Progress) -> [u16; 5] {
    let listed = p.exams.len().clamp(1, LISTED_EXAMS) as u16;
    [
        4,
        p.topics.len().max(1) as u16 + 2,
        if p.exams.is_empty() { 3 } else { 12 + listed },
        9,
        7 + 3,
    ]
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) -> bool {
    let Some(h) = &app.history else { return false };
    let Some(p) = &h.progress else {
        // Only the summary's text is known (the charts' figures could not be read).
        let mut lines = vec![Line::styled("Your progress", bold()), Line::raw("")];
        lines.extend(h.summary.lines().map(|l| Line::raw(l.to_string())));
        return super::paint::page(f, lines, area, app.scroll, &app.fit);
    };
    let hs = heights(p);
    let total: u16 = hs.iter().sum();
    let width = area.width.min(100);
    let page = Rect::new(0, 0, width, total);
    let mut buf = Buffer::empty(page);
    let parts = Layout::vertical(hs.map(Constraint::Length)).split(page);
    // The summary's first lines: answers and streak, what is due, readiness.
    let head: Vec<Line> = h.summary.lines().take(3).map(Line::raw).collect();
    let mut head = head;
    head.insert(0, Line::styled("Your progress", bold()));
    Paragraph::new(head).render(parts[0], &mut buf);
    accuracy(p, parts[1], &mut buf);
    exams(p, parts[2], &mut buf);
    due(p, parts[3], &mut buf);
    heatmap(p, parts[4], &mut buf);

    let last = total.saturating_sub(area.height);
    let scroll = app.scroll.min(last);
    app.fit.set(super::paint::Fit {
        height: area.height,
        total,
        shown: scroll,
    });
    let out = f.buffer_mut();
    for y in 0..area.height.min(total - scroll) {
        for x in 0..width {
            if let (Some(from), Some(to)) = (
                buf.cell((x, y + scroll)),
                out.cell_mut((area.x + x, area.y + y)),
            ) {
                *to = from.clone();
            }
        }
    }
    scroll < last
}

fn accuracy(p: &Progress, area: Rect, buf: &mut Buffer) {
    let b = block(&format!(
        "Accuracy per topic, week by week (last {WEEKS} weeks)"
    ));
    let inner = b.inner(area);
    b.render(area, buf);
    if p.topics.is_empty() {
        Paragraph::new(format!("Nothing answered in the last {WEEKS} weeks.")).render(inner, buf);
        return;
    }
    let rows = Layout::vertical(vec![Constraint::Length(1); p.topics.len()]).split(inner);
    for (t, row) in p.topics.iter().zip(rows.iter()) {
        let [label, spark, figure] = Layout::horizontal([
            Constraint::Length(19),
            Constraint::Length(WEEKS as u16 + 1),
            Constraint::Min(0),
        ])
        .areas(*row);
        Paragraph::new(crate::text::printable(&t.topic)).render(label, buf);
        // A week with answers always shows a bar (the lowest for under 1/8), so 0% is told
        // apart from a week without answers (a dot).
        let bars: Vec<SparklineBar> = (0..WEEKS)
            .map(|w| {
                SparklineBar::from(t.accuracy(w).map(|a| ((100.0 * a).round() as u64).max(13)))
            })
            .collect();
        Sparkline::default()
            .data(bars)
            .max(100)
            .style(fg(Color::Cyan))
            .absent_value_symbol("·")
            .render(spark, buf);
        let n: usize = t.answers.iter().sum();
        let c: usize = t.correct.iter().sum();
        let last = t
            .accuracy(WEEKS - 1)
            .map_or("none this week".to_string(), |a| {
                format!("this week {:.0}%", 100.0 * a)
            });
        let pct = if n == 0 {
            0.0
        } else {
            100.0 * c as f64 / n as f64
        };
        Paragraph::new(format!("{pct:>3.0}% of {n:<4} {last}")).render(figure, buf);
    }
}

fn exams(p: &Progress, area: Rect, buf: &mut Buffer) {
    let b = block("Exam scores (pass line at 700)");
    let inner = b.inner(area);
    b.render(area, buf);
    if p.exams.is_empty() {
        Paragraph::new("No exam yet: take one from the menu (Practice exam).").render(inner, buf);
        return;
    }
    let listed = p.exams.len().min(LISTED_EXAMS) as u16;
    let [chart_area, list_area] =
        Layout::vertical([Constraint::Length(10), Constraint::Length(listed)]).areas(inner);
    let n = p.exams.len();
    let scores: Vec<(f64, f64)> = p
        .exams
        .iter()
        .enumerate()
        .map(|(i, e)| (i as f64 + 1.0, f64::from(e.score)))
        .collect();
    let pass = [(0.5, 700.0), (n as f64 + 0.5, 700.0)];
    let datasets = vec![
        Dataset::default()
            .name("pass 700")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(fg(Color::Yellow))
            .data(&pass),
        Dataset::default()
            .name("score")
            .marker(Marker::Braille)
            .graph_type(if n > 1 {
                GraphType::Line
            } else {
                GraphType::Scatter
            })
            .style(fg(Color::Cyan))
            .data(&scores),
    ];
    Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title("exam")
                .bounds([0.5, n as f64 + 0.5])
                .labels([
                    crate::civil::date(p.exams[0].finished_at),
                    crate::civil::date(p.exams[n - 1].finished_at),
                ]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 1000.0])
                // Evenly spaced, as the axis spreads its labels; the pass line is drawn.
                .labels(["0", "500", "1000"]),
        )
        // No legend: its box sat over the right end of the plot, where the latest exams are,
        // and hid a failing one; the title names the dotted pass line.
        .legend_position(None)
        .render(chart_area, buf);
    let lines: Vec<Line> = p
        .exams
        .iter()
        .rev()
        .take(LISTED_EXAMS)
        .map(|e| {
            let used = e
                .seconds
                .map_or("-".to_string(), |s| clock(Duration::from_secs(s)));
            let limit = e.minutes.map_or("-".to_string(), |m| format!("{m} min"));
            Line::styled(
                format!(
                    "{}  {:<5} {:>3} questions  {limit:>7}  used {used}  score {:>4}  {}",
                    crate::civil::date(e.finished_at),
                    e.mode,
                    e.questions,
                    e.score,
                    if e.passed { "pass" } else { "fail" }
                ),
                if e.passed {
                    fg(Color::Green)
                } else {
                    Style::default()
                },
            )
        })
        .collect();
    Paragraph::new(lines).render(list_area, buf);
}

fn due(p: &Progress, area: Rect, buf: &mut Buffer) {
    let total: usize = p.due.iter().sum();
    let b = block(&format!(
        "Due over the next {DUE_DAYS} days ({total} in all; the first bar is today)"
    ));
    let inner = b.inner(area);
    b.render(area, buf);
    if total == 0 {
        Paragraph::new("Nothing falls due in the next two weeks.").render(inner, buf);
        return;
    }
    let bars: Vec<Bar> = p
        .due
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            // The day of the month, from the ISO date.
            let date = crate::civil::date((p.today + d as i64) * 86_400);
            let day = date.rsplit('-').next().unwrap_or("").to_string();
            Bar::with_label(day, n as u64)
        })
        .collect();
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(3)
        .bar_gap(1)
        .bar_style(fg(Color::Magenta))
        .render(inner, buf);
}

fn heatmap(p: &Progress, area: Rect, buf: &mut Buffer) {
    // The grid's first cell is the Monday eleven weeks before this one.
    let shown = (6 - p.today_weekday.min(6))..p.daily.len();
    let total: usize = p.daily[shown].iter().sum();
    let b = block(&format!(
        "Answers per day, the last {WEEKS} weeks ({total} in all)"
    ));
    let inner = b.inner(area);
    b.render(area, buf);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut lines = Vec::new();
    for (name, row) in DAYS.iter().zip(p.grid()) {
        let mut text = format!("{name} ");
        for cell in row {
            text.push_str(cell.map_or(" ", shade));
            text.push(' ');
        }
        lines.push(Line::raw(text));
    }
    lines.push(Line::styled(
        format!(
            "    {} none  {} 1-2  {} 3-5  {} 6-9  {} 10+   (this week on the right)",
            SHADES[0], SHADES[1], SHADES[2], SHADES[3], SHADES[4]
        ),
        fg(Color::Blue),
    ));
    Paragraph::new(lines).render(inner, buf);
}
