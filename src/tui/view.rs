//! Drawing: every screen is a function of `&App`. Colours are chosen to read on dark and light
//! terminals alike (no white or black text), and `NO_COLOR` turns them off.

use super::app::{App, MENU, Screen, reach_choices};
use super::keys::HELP;
use crate::bank::Kind;
use crate::diagram::{self, Mark, Options};
use crate::quiz::{self, Mode, PASS};
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

fn text_lines(s: &str) -> Vec<Line<'static>> {
    s.split('\n').map(|l| Line::raw(l.to_string())).collect()
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
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
    match &app.screen {
        Screen::Menu { selected } => menu(f, app, *selected, body),
        Screen::Quiz | Screen::ConfirmSubmit | Screen::ConfirmQuit => question(f, app, body),
        Screen::Review { selected } => review(f, app, *selected, body),
        Screen::Results => results(f, app, body),
    }
    f.render_widget(Paragraph::new(header_line(app, now)), header);
    f.render_widget(Paragraph::new(footer_lines(app)), footer);
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
            text.push_str(&format!("{k:<12} {v}\n"));
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
    let w = area.width.saturating_sub(6).min(96);
    let h = (text.lines().count() as u16 + 2).min(area.height.saturating_sub(2));
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
    let q = &s.item().question;
    let mode = match s.mode {
        Mode::Practice => "Practice",
        Mode::Exam => "Exam",
        Mode::Drill => "Drill",
    };
    let mut parts = vec![
        Span::styled(format!("peerlab {mode}"), bold()),
        Span::raw(format!(
            "  question {} of {}  {}  difficulty {}",
            s.current() + 1,
            s.items.len(),
            q.topic.as_str(),
            q.difficulty
        )),
    ];
    if s.is_flagged(s.current()) {
        parts.push(Span::styled("  [flagged]", fg(Color::Yellow)));
    }
    if let Some(left) = s.remaining(now)
        && s.results().is_none()
    {
        let style = if left < Duration::from_secs(300) {
            fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            bold()
        };
        parts.push(Span::styled(format!("  time left {}", clock(left)), style));
    }
    Line::from(parts)
}

fn footer_lines(app: &App) -> Vec<Line<'static>> {
    let keys = match (
        &app.screen,
        app.item().map(|i| i.question.kind),
        app.session.as_ref().map(|s| s.mode),
    ) {
        (Screen::Menu { .. }, _, _) => "Up/Down choose  Enter open  ? help  q quit",
        (Screen::Review { .. }, _, _) => {
            "Up/Down choose  Enter go to question  s submit  Esc back  ? help"
        }
        (Screen::Results, _, _) => "Up/Down/PgUp/PgDn scroll  q quit  ? help",
        (_, Some(Kind::Multi), _) => {
            "Up/Down move  Space select  Enter answer  n/p next/prev  ? help"
        }
        (_, Some(Kind::Order), _) => {
            "Up/Down move  u/d move item  Enter answer  n/p next/prev  ? help"
        }
        (_, Some(Kind::Configure), _) => {
            "Up/Down peering  1-4 toggle flags  Enter answer  n/p next/prev  ? help"
        }
        (_, _, Some(Mode::Practice)) => {
            "Up/Down or 1-9 choose  Enter answer  n/p next/prev  q results  ? help"
        }
        _ => "Up/Down or 1-9 choose  Enter answer  f flag  r review  s submit  ? help",
    };
    vec![
        Line::styled(app.status.clone(), fg(Color::Yellow)),
        Line::styled(keys.to_string(), fg(Color::Blue)),
    ]
}

fn menu(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "Azure virtual network peering: practice, exams and drills",
            bold(),
        ),
        Line::raw(format!(
            "{} questions in the bank, and as many generated ones as you like.",
            app.bank.questions.len()
        )),
        Line::raw(""),
    ];
    for (i, item) in MENU.iter().enumerate() {
        let marker = if i == selected { "> " } else { "  " };
        let style = if i == selected {
            bold().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!("{marker}{}. {item}", i + 1), style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw("From the command line: peerlab practice --topic T, peerlab exam, peerlab drill --seed N --name NAME"));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn choice_line(marker: bool, label: String, state: Style) -> Line<'static> {
    let m = if marker { "> " } else { "  " };
    let style = if marker {
        state.add_modifier(Modifier::REVERSED)
    } else {
        state
    };
    Line::styled(format!("{m}{label}"), style)
}

fn question(f: &mut Frame, app: &App, area: Rect) {
    let Some(it) = app.item() else { return };
    let q = &it.question;
    let d = &app.draft;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(sc) = &q.scenario {
        lines.extend(text_lines(sc));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(q.kind.as_str().to_string(), fg(Color::Blue)));
    lines.extend(text_lines(&q.prompt));
    lines.push(Line::raw(""));
    let graded = app.feedback.is_some();
    match q.kind {
        Kind::Reachability => {
            for (i, (v, r)) in reach_choices(q).iter().enumerate() {
                let label = match r {
                    Some(r) => format!(
                        "{}. Unreachable: {}",
                        i + 1,
                        crate::generate::reason_text(*r)
                    ),
                    None => format!(
                        "{}. {}",
                        i + 1,
                        if *v == crate::eval::Verdict::Reachable {
                            "Reachable"
                        } else {
                            "Unreachable"
                        }
                    ),
                };
                lines.push(choice_line(i == d.cursor, label, Style::default()));
            }
        }
        Kind::Order => {
            lines.push(Line::raw("First to last (u/d moves the selected item):"));
            for (pos, &i) in d.order.iter().enumerate() {
                lines.push(choice_line(
                    pos == d.cursor,
                    format!("{}. {}", pos + 1, q.choices[i]),
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
                lines.push(choice_line(i == d.cursor, label, Style::default()));
            }
        }
        _ => {
            for (i, c) in q.choices.iter().enumerate() {
                let picked = if q.kind == Kind::Multi {
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
                    format!("{}. {picked}{c}", i + 1),
                    style,
                ));
            }
        }
    }
    if let Some(g) = &app.feedback {
        lines.push(Line::raw(""));
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
        lines.extend(text_lines(&q.explanation));
        if let Some(tr) = &app.trace {
            lines.push(Line::raw(""));
            lines.push(Line::styled("The evaluator's trace of this flow:", bold()));
            lines.extend(text_lines(tr.trim_end()));
        }
        lines.push(Line::styled("Enter: next question", fg(Color::Blue)));
    }
    // The network, as the learner has configured it so far.
    let topo = match (q.kind, &it.topology) {
        (Kind::Configure, Some(t)) => quiz::configured(t, q, &d.flags),
        (_, t) => t.clone(),
    };
    if let Some(t) = &topo
        && q.kind != Kind::YesNo
    {
        let opts = Options {
            width: area.width.saturating_sub(1) as usize,
            legend: false,
            ..Options::default()
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The network (PgDn to scroll; ? explains the link marks):",
            fg(Color::Blue),
        ));
        lines.extend(diagram_lines(&diagram::draw(t, &opts)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.scroll, 0)),
        area,
    );
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
        let prompt: String = it
            .question
            .prompt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(50)
            .collect();
        lines.push(choice_line(
            i == selected,
            format!("{:>3}. {state} {flag} {prompt}", i + 1),
            Style::default(),
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn results(f: &mut Frame, app: &App, area: Rect) {
    let Some(s) = &app.session else { return };
    let Some(r) = s.results() else { return };
    let verdict = if r.passed {
        Span::styled("PASS", fg(Color::Green).add_modifier(Modifier::BOLD))
    } else {
        Span::styled("FAIL", fg(Color::Red).add_modifier(Modifier::BOLD))
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("Score {} / 1000  ", r.score), bold()),
            verdict,
            Span::raw(format!("  (pass mark {PASS})")),
        ]),
        Line::raw(format!(
            "{} of {} right in {}{}",
            r.correct,
            r.total,
            clock(Duration::from_secs(r.seconds)),
            if r.timed_out {
                ", submitted when time ran out"
            } else {
                ""
            }
        )),
        Line::raw(app.status.clone()),
        Line::raw(""),
        Line::styled("By topic", bold()),
    ];
    for t in &r.per_topic {
        let filled = (20 * t.correct).checked_div(t.total).unwrap_or(0);
        lines.push(Line::raw(format!(
            "{:<18} {}{} {}/{}",
            t.topic.as_str(),
            "#".repeat(filled),
            "-".repeat(20 - filled),
            t.correct,
            t.total
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Every question, with the answer and why",
        bold(),
    ));
    for (i, (it, res)) in s.items.iter().zip(&r.items).enumerate() {
        let mark = match (res.answered, res.correct) {
            (_, true) => Span::styled("right ", fg(Color::Green)),
            (true, false) => Span::styled("wrong ", fg(Color::Red)),
            (false, _) => Span::styled("skipped", fg(Color::Yellow)),
        };
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(format!("{:>3}. ", i + 1)),
            mark,
            Span::raw(format!(
                " {}",
                it.question.prompt.lines().next().unwrap_or("")
            )),
        ]));
        lines.push(Line::raw(format!(
            "     Answer: {}",
            quiz::key_text(&it.question)
        )));
        lines.push(Line::raw(format!("     {}", it.question.explanation)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.scroll, 0)),
        area,
    );
}
