//! The top of the results screen: an exam's scaled score against the pass mark, or a
//! practice or review session's summary, which has no pass mark and counts only what was
//! answered.

use super::app::App;
use super::paint::{bar, bold, clock, fg};
use super::results::questions;
use crate::quiz::{PASS, Results, Summary, TopicScore};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use std::time::Duration;

/// Topics as bars, two or three to a line as the width allows.
fn topic_lines(topics: &[TopicScore], width: u16) -> Vec<Line<'static>> {
    const CELL: usize = 38;
    let per_line = (usize::from(width) / (CELL + 2)).max(1);
    topics
        .chunks(per_line)
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|t| {
                    format!(
                        "{:<18} {} {:>2}/{:<2}",
                        t.topic.as_str(),
                        bar(t.correct, t.total, 10),
                        t.correct,
                        t.total
                    )
                })
                .map(|c| format!("{c:<CELL$}"))
                .collect();
            Line::raw(format!("  {}", cells.join("  ").trim_end()))
        })
        .collect()
}

/// A practice or review session: answered, right, per topic, time, and the retry offer.
pub fn lines(app: &App, r: &Results, width: u16) -> Vec<Line<'static>> {
    let s = Summary::of(r);
    let mode = if app.label == "review" {
        "Review"
    } else {
        "Practice"
    };
    let mut lines = Vec::new();
    if let Some(pct) = (100 * s.right).checked_div(s.answered) {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "You answered {}: {} right ({pct}%)",
                    questions(s.answered),
                    s.right
                ),
                bold(),
            ),
            Span::raw(format!(" in {}.", clock(Duration::from_secs(s.seconds)))),
        ]));
        lines.push(Line::raw(format!(
            "{mode} has no pass mark: only the questions you answered count."
        )));
    } else {
        lines.push(Line::styled(
            format!("{mode} ended before any answer: nothing to count."),
            bold(),
        ));
    }
    if !s.per_topic.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("By topic", bold()));
        lines.extend(topic_lines(&s.per_topic, width));
    }
    lines.push(Line::raw(""));
    if !s.missed.is_empty() {
        let which = match s.missed.len() {
            1 => "the one".to_string(),
            n => format!("the {n}"),
        };
        lines.push(Line::styled(
            format!("m: retry {which} you missed (generated ones as fresh questions)."),
            fg(Color::Blue),
        ));
        lines.push(Line::raw(""));
    }
    lines
}

/// An exam or drill: the scaled score, pass or fail at 700, right of total, time.
pub fn exam_lines(r: &Results, width: u16) -> Vec<Line<'static>> {
    let verdict = if r.passed {
        Span::styled("PASS", fg(Color::Green).add_modifier(Modifier::BOLD))
    } else {
        Span::styled("FAIL", fg(Color::Red).add_modifier(Modifier::BOLD))
    };
    let answered = r.items.iter().filter(|i| i.answered).count();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("Score {} / 1000  ", r.score), bold()),
            verdict,
            Span::raw(format!("  (pass mark {PASS})")),
        ]),
        Line::raw(format!(
            "{} of {} right, {} wrong, {} not answered, in {}{}",
            r.correct,
            r.total,
            answered - r.correct.min(answered),
            r.total - answered,
            clock(Duration::from_secs(r.seconds)),
            if r.timed_out {
                ": submitted when time ran out"
            } else {
                ""
            }
        )),
        Line::raw(""),
        Line::styled("By topic", bold()),
    ];
    lines.extend(topic_lines(&r.per_topic, width));
    lines.push(Line::raw(""));
    lines
}
