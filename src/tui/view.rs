//! Drawing: every screen is a function of `&App`. Colours are chosen to read on dark and light
//! terminals alike (no white or black text), and `NO_COLOR` turns them off.

use super::app::{App, Screen, reach_choices};
use super::keys::HELP;
use crate::bank::{Kind, Question};
use crate::diagram::{self, Mark, Options};
use crate::quiz::{self, Mode};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use std::time::Duration;

/// The smallest terminal the trainer draws in.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 20;

fn color_on() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn fg(c: Color) -> Style {
    if color_on() {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn mark_style(m: Mark) -> Style {
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
fn diagram_lines(lines: &[diagram::Line]) -> Vec<Line<'static>> {
    lines
        .iter()
        .map(|l| {
            let chars: Vec<char> = l.text.chars().collect();
            let mut spans = Vec::new();
            let mut at = 0;
            for s in &l.spans {
                if s.start > at {
                    spans.push(Span::raw(chars[at..s.start].iter().collect::<String>()));
                }
                let end = (s.start + s.len).min(chars.len());
                spans.push(Span::styled(
                    chars[s.start..end].iter().collect::<String>(),
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

/// `s` as lines, each starting with `indent` (paragraphs kept).
fn text_lines(s: &str, indent: &str) -> Vec<Line<'static>> {
    s.split('\n')
        .map(|l| Line::raw(format!("{indent}{l}")))
        .collect()
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// How many rows `lines` take when wrapped to `width` (for the "more below" hint).
fn rows(lines: &[Line], width: u16) -> usize {
    let w = usize::from(width.max(1));
    lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum()
}

pub fn draw(f: &mut Frame, app: &App, now: Duration) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!(
            "The terminal is too small ({}x{}).\npeerlab needs at least {MIN_W}x{MIN_H}: make the window larger.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(area);
    let more = match &app.screen {
        Screen::Menu { selected } => {
            super::menu::draw(f, app, *selected, body);
            false
        }
        Screen::Topics { selected } => {
            super::menu::draw_topics(f, app, *selected, body);
            false
        }
        Screen::ExamSetup { selected } => {
            super::menu::draw_exam_setup(f, *selected, body);
            false
        }
        Screen::HelpPage => super::help::draw(f, app, body),
        Screen::Quiz | Screen::ConfirmSubmit | Screen::ConfirmQuit => question(f, app, body),
        Screen::Review { selected } => {
            review(f, app, *selected, body);
            false
        }
        Screen::Results => super::results::draw(f, app, body),
        Screen::Progress => super::progress::draw(f, app, body),
    };
    f.render_widget(Paragraph::new(header_line(app, now)), header);
    f.render_widget(
        Paragraph::new(footer_lines(app, more)).wrap(Wrap { trim: true }),
        footer,
    );
    match app.screen {
        Screen::ConfirmSubmit => popup(
            f,
            area,
            "Submit the exam?",
            review_summary(app) + "\n\ny submit   n keep working",
        ),
        Screen::ConfirmQuit => popup(
            f,
            area,
            "Quit?",
            "Your answers so far are not scored.\n\ny quit   n keep working".to_string(),
        ),
        _ => {}
    }
    if app.help {
        let mut text = String::new();
        for (k, v) in HELP {
            text.push_str(&format!("{k:<12}{v}\n"));
        }
        popup(
            f,
            area,
            "Keys (any key closes)",
            text.trim_end().to_string(),
        );
    }
}

fn popup(f: &mut Frame, area: Rect, title: &str, text: String) {
    let w = area.width.saturating_sub(2).min(96);
    let h = (text.lines().count() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title.to_string()),
        ),
        r,
    );
}

fn header_line(app: &App, now: Duration) -> Line<'static> {
    let Some(s) = &app.session else {
        return Line::from(Span::styled(
            "peerlab: Azure VNet peering trainer (AZ-104)",
            bold(),
        ));
    };
    let mode = match s.mode {
        Mode::Practice if app.label == "review" => "Review",
        Mode::Practice => "Practice",
        Mode::Exam => "Exam",
        Mode::Drill => "Drill",
    };
    if app.screen == Screen::Results {
        return Line::from(Span::styled(format!("peerlab {mode}: results"), bold()));
    }
    let mut parts = Vec::new();
    // The countdown first: it must never be the part that is cut off.
    if let Some(left) = s.remaining(now)
        && s.results().is_none()
    {
        let style = if left < Duration::from_secs(300) {
            fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            bold()
        };
        parts.push(Span::styled(format!("time left {}  ", clock(left)), style));
    }
    let q = &s.item().question;
    parts.push(Span::styled(
        format!("{mode} {}/{}", s.current() + 1, s.items.len()),
        bold(),
    ));
    if s.is_flagged(s.current()) {
        parts.push(Span::styled(" [flagged]", fg(Color::Yellow)));
    }
    parts.push(Span::raw(format!(
        "  {}  difficulty {}",
        q.topic.as_str(),
        q.difficulty
    )));
    Line::from(parts)
}

fn footer_lines(app: &App, more: bool) -> Vec<Line<'static>> {
    let mode = app.session.as_ref().map(|s| s.mode);
    let exam = matches!(mode, Some(Mode::Exam | Mode::Drill));
    let keys: String = match &app.screen {
        Screen::Menu { .. }
        | Screen::Topics { .. }
        | Screen::ExamSetup { .. }
        | Screen::HelpPage
        | Screen::Progress
        | Screen::Results => super::menu::keys(app),
        Screen::Review { .. } => {
            "Up/Down choose  Enter go to it  s submit  Esc back  ? help".to_string()
        }
        Screen::ConfirmSubmit | Screen::ConfirmQuit => "y yes  n no".to_string(),
        Screen::Quiz if app.feedback.is_some() => {
            "Enter next question  PgUp/PgDn scroll  q results  ? help".to_string()
        }
        Screen::Quiz => {
            let how = match app.item().map(|i| i.question.kind) {
                _ if app.item().is_some_and(|i| i.question.picks_many()) => {
                    "Space select  Enter answer"
                }
                Some(Kind::Order) => "u/d move item  Enter answer",
                Some(Kind::Configure) => "Up/Down peering  1-4 flags  Enter answer",
                _ => "Up/Down or 1-9 choose  Enter answer",
            };
            let rest = if exam {
                "n/p  f flag  r review  s submit  ? help"
            } else {
                "n/p  q results  ? help"
            };
            format!("{how}  {rest}")
        }
    };
    let status = if more && app.status.is_empty() {
        "PgDn: more below".to_string()
    } else {
        app.status.clone()
    };
    vec![
        Line::styled(status, fg(Color::Yellow)),
        Line::styled(keys, fg(Color::Blue)),
    ]
}

fn choice_line(
    marker: bool,
    number: usize,
    width: usize,
    label: &str,
    state: Style,
) -> Line<'static> {
    let m = if marker { ">" } else { " " };
    let style = if marker {
        state.add_modifier(Modifier::REVERSED)
    } else {
        state
    };
    Line::styled(format!("{m} {number:>width$}. {label}"), style)
}

/// What to do, in words, for each kind.
fn instruction(q: &Question) -> &'static str {
    match q.kind {
        _ if q.picks_many() => "Choose every answer that applies (Space), then Enter.",
        Kind::Single | Kind::Fix | Kind::Multi => "Choose one answer.",
        Kind::YesNo => "Yes or no?",
        Kind::Order => "Put the items in order (u/d), then Enter.",
        Kind::Reachability if quiz::asks_reason(q) => {
            "Does the connection succeed? If not, choose what stops it first."
        }
        Kind::Reachability => "Does the connection succeed?",
        Kind::Configure => "Set the flags of each peering (1-4), then Enter.",
    }
}

/// The question screen; returns whether some of it is below the bottom edge.
fn question(f: &mut Frame, app: &App, area: Rect) -> bool {
    let Some(it) = app.item() else { return false };
    let q = &it.question;
    let d = &app.draft;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(sc) = &q.scenario {
        lines.extend(text_lines(sc, ""));
        lines.push(Line::raw(""));
    }
    lines.extend(text_lines(&q.prompt, ""));
    lines.push(Line::styled(instruction(q), fg(Color::Blue)));
    lines.push(Line::raw(""));
    // After an answer in practice, the verdict comes first, where it is seen.
    if let Some(g) = &app.feedback {
        if g.correct {
            lines.push(Line::styled(
                "Correct.",
                fg(Color::Green).add_modifier(Modifier::BOLD),
            ));
        } else {
            lines.push(Line::styled(
                "Not quite.",
                fg(Color::Red).add_modifier(Modifier::BOLD),
            ));
            lines.push(Line::raw(format!("Answer: {}", quiz::key_text(q))));
        }
        for goal in &g.goals {
            let tick = if goal.holds { "ok  " } else { "FAIL" };
            lines.push(Line::raw(format!(
                "{tick} {} -> {} {}/{}: {} ({})",
                goal.goal.flow.from,
                goal.goal.flow.to,
                goal.goal.flow.protocol,
                goal.goal.flow.port,
                goal.verdict.as_str(),
                goal.reason.code()
            )));
        }
        lines.extend(text_lines(&q.explanation, ""));
        if let Some(tr) = &app.trace {
            lines.push(Line::raw(""));
            lines.push(Line::styled("The evaluator's trace of this flow:", bold()));
            lines.extend(text_lines(tr.trim_end(), ""));
        }
        lines.push(Line::raw(""));
    }
    let graded = app.feedback.is_some();
    match q.kind {
        Kind::Reachability => {
            let cs = reach_choices(q);
            let w = cs.len().to_string().len();
            for (i, (v, r)) in cs.iter().enumerate() {
                let label = match r {
                    Some(r) => format!("Unreachable: {}", crate::generate::reason_text(*r)),
                    None if *v == crate::eval::Verdict::Reachable => "Reachable".to_string(),
                    None => "Unreachable".to_string(),
                };
                lines.push(choice_line(
                    i == d.cursor,
                    i + 1,
                    w,
                    &label,
                    Style::default(),
                ));
            }
        }
        Kind::Order => {
            let w = d.order.len().to_string().len();
            for (pos, &i) in d.order.iter().enumerate() {
                lines.push(choice_line(
                    pos == d.cursor,
                    pos + 1,
                    w,
                    &q.choices[i],
                    Style::default(),
                ));
            }
        }
        Kind::Configure => {
            lines.push(Line::raw(
                "Flags: 1 access  2 forwarded traffic  3 gateway transit  4 use remote gateways",
            ));
            for (i, name) in q.editable.iter().enumerate() {
                let fl = d.flags.get(i).copied().unwrap_or_default();
                let on = |b: bool| if b { "on " } else { "off" };
                let label = format!(
                    "{name:<24} 1 {}  2 {}  3 {}  4 {}",
                    on(fl[0]),
                    on(fl[1]),
                    on(fl[2]),
                    on(fl[3])
                );
                lines.push(choice_line(
                    i == d.cursor,
                    i + 1,
                    1,
                    &label,
                    Style::default(),
                ));
            }
        }
        _ => {
            let w = q.choices.len().to_string().len();
            for (i, c) in q.choices.iter().enumerate() {
                let picked = if q.picks_many() {
                    if d.picked.contains(&i) {
                        "[x] "
                    } else {
                        "[ ] "
                    }
                } else {
                    ""
                };
                let style = if graded && q.answer.contains(&i) {
                    fg(Color::Green).add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                lines.push(choice_line(
                    i == d.cursor,
                    i + 1,
                    w,
                    &format!("{picked}{c}"),
                    style,
                ));
            }
        }
    }
    // The network, as the learner has configured it so far; its title could give the answer
    // away, so it is left out while the question is open.
    let topo = match (q.kind, &it.topology) {
        (Kind::Configure, Some(t)) => quiz::configured(t, q, &d.flags),
        (_, t) => t.clone(),
    };
    if let Some(mut t) = topo {
        t.meta.title = None;
        let opts = Options {
            width: area.width.saturating_sub(1) as usize,
            legend: false,
            ..Options::default()
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The network (? explains the link marks):",
            fg(Color::Blue),
        ));
        lines.extend(diagram_lines(&diagram::draw(&t, &opts)));
    }
    scrolled_page(f, lines, area, app.scroll)
}

fn review_summary(app: &App) -> String {
    let Some(s) = &app.session else {
        return String::new();
    };
    let r = s.review();
    format!(
        "{} answered, {} unanswered, {} flagged.",
        r.answered.len(),
        r.unanswered.len(),
        r.flagged.len()
    )
}

fn review(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let Some(s) = &app.session else { return };
    let mut lines = vec![
        Line::styled(format!("Review: {}", review_summary(app)), bold()),
        Line::raw(""),
    ];
    let top = selected.saturating_sub(area.height.saturating_sub(4) as usize);
    let room = usize::from(area.width).saturating_sub(32);
    for (i, it) in s.items.iter().enumerate().skip(top) {
        let state = if s.answer_of(i).is_some() {
            "answered  "
        } else {
            "unanswered"
        };
        let flag = if s.is_flagged(i) {
            "flagged"
        } else {
            "       "
        };
        let prompt = it
            .question
            .prompt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // By display width: a CJK prompt would otherwise take twice its room.
        let prompt = if crate::text::width(&prompt) > room {
            crate::text::take_width(&prompt, room.saturating_sub(3)).to_string() + "..."
        } else {
            prompt
        };
        let w = s.items.len().to_string().len();
        lines.push(choice_line(
            i == selected,
            i + 1,
            w,
            &format!("{state} {flag} {prompt}"),
            Style::default(),
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// Draws a long page scrolled by `scroll` rows; returns whether more lies below.
fn scrolled_page(f: &mut Frame, lines: Vec<Line<'static>>, area: Rect, scroll: u16) -> bool {
    let more = rows(&lines, area.width) > usize::from(area.height) + usize::from(scroll);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
    more
}
