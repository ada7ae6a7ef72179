//! Drawing: every screen is a function of `&App`. Colours are chosen to read on dark and light
//! terminals alike (no white or black text), and `NO_COLOR` turns them off.

use super::answer::{lettered, reach_choices};
use super::app::{App, Screen};
use super::exhibit::{self as pane, SIDE_BY_SIDE};
use super::keys::HELP;
use super::paint::hanging;
use crate::bank::{Kind, Question};
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

pub(super) fn fg(c: Color) -> Style {
    if color_on() {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

pub(super) fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
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

pub fn draw(f: &mut Frame, app: &App, now: Duration) {
    let area = f.area();
    // Only the screen drawn now records a page and places to click.
    app.fit.set(Default::default());
    app.hits.borrow_mut().clear();
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
            super::menu::draw_exam_setup(f, app, *selected, body);
            false
        }
        Screen::HelpPage => super::help::draw(f, app, body),
        Screen::Quiz | Screen::ConfirmSubmit | Screen::ConfirmQuit => quiz_body(f, app, body),
        Screen::Review { selected } => {
            review(f, app, *selected, body);
            false
        }
        Screen::Results => super::results::draw(f, app, body),
        Screen::Progress => super::progress::draw(f, app, body),
        Screen::NothingDue { selected } => {
            super::cram::draw(f, app, *selected, body);
            false
        }
        Screen::Labs { selected } => {
            super::lab::draw_list(f, app, *selected, body);
            false
        }
        Screen::Lab { .. } => {
            if let Some(v) = &app.lab {
                super::lab::draw(f, v, body);
            }
            false
        }
        Screen::Networks { selected } => {
            super::networks::draw_list(f, app, *selected, body);
            false
        }
        Screen::Explore { .. } => {
            super::networks::draw_explore(f, app, body);
            false
        }
    };
    f.render_widget(Paragraph::new(header_line(app, now)), header);
    f.render_widget(
        Paragraph::new(footer_lines(app, more)).wrap(Wrap { trim: true }),
        footer,
    );
    id_tag(f, app, footer);
    // A drill is handed in as a file: quitting one writes none, which the student must know.
    let drill = app
        .session
        .as_ref()
        .is_some_and(|s| s.mode == crate::quiz::Mode::Drill);
    match app.screen {
        Screen::ConfirmSubmit => popup(
            f,
            area,
            if drill {
                "Submit the drill?"
            } else {
                "Submit the exam?"
            },
            review_summary(app) + "\n\ny submit   n or Enter: keep working",
        ),
        Screen::ConfirmQuit => popup(
            f,
            area,
            "Quit?",
            if drill {
                "Your answers so far are not scored, and no results file is written to hand in: \
                 keep working, then s to submit.\n\ny quit   n or Enter: keep working"
            } else {
                "Your answers so far are not scored.\n\ny quit   n or Enter: keep working"
            }
            .to_string(),
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
    // Answered and unanswered look different (an exam is walked back and forth).
    if s.mode != Mode::Practice {
        if s.answer_of(s.current()).is_some() {
            parts.push(Span::styled("  answered", fg(Color::Green)));
        } else {
            parts.push(Span::styled("  not answered", fg(Color::Yellow)));
        }
    }
    if s.is_flagged(s.current()) {
        parts.push(Span::styled(" [flagged]", fg(Color::Yellow)));
    }
    // The topic and difficulty give the trap away: never in an exam, and in practice only
    // once the question is answered.
    if s.mode == Mode::Practice && app.feedback.is_some() {
        parts.push(Span::raw(format!(
            "  {}  difficulty {}",
            q.topic.as_str(),
            q.difficulty
        )));
    }
    Line::from(parts)
}

/// The question's id, small at the right of the status line, so a learner can report a
/// wrong item (`peerlab questions` lists the bank's ids). Left out when the status needs
/// the room.
fn id_tag(f: &mut Frame, app: &App, footer: Rect) {
    if !matches!(app.screen, Screen::Quiz) {
        return;
    }
    let Some(it) = app.item() else { return };
    let id = format!("id {}", it.question.id);
    let status = if app.status.is_empty() {
        "PgDn: more below".len()
    } else {
        crate::text::width(&app.status)
    };
    let w = crate::text::width(&id);
    if status + w + 2 > usize::from(footer.width) {
        return;
    }
    let at = Rect {
        x: footer.x + footer.width - w as u16,
        y: footer.y,
        width: w as u16,
        height: 1,
    };
    f.render_widget(Paragraph::new(Line::raw(id)), at);
}

fn footer_lines(app: &App, more: bool) -> Vec<Line<'static>> {
    let mode = app.session.as_ref().map(|s| s.mode);
    let exam = matches!(mode, Some(Mode::Exam | Mode::Drill));
    let keys: String = match &app.screen {
        Screen::Menu { .. }
        | Screen::Topics { .. }
        | Screen::ExamSetup { .. }
        | Screen::NothingDue { .. }
        | Screen::HelpPage
        | Screen::Progress
        | Screen::Labs { .. }
        | Screen::Lab { .. }
        | Screen::Networks { .. }
        | Screen::Explore { .. }
        | Screen::Results => super::menu::keys(app),
        Screen::Review { .. } => {
            "Up/Down choose  Enter go to it  s submit  Esc back  ? help".to_string()
        }
        Screen::ConfirmSubmit | Screen::ConfirmQuit => "y yes  n or Enter no".to_string(),
        Screen::Quiz if app.feedback.is_some() => {
            "Enter next question  PgUp/PgDn scroll  q results  ? help".to_string()
        }
        Screen::Quiz if app.exhibit.open => {
            "Tab or Left/Right next tab  Up/Down PgUp/PgDn scroll  x or Esc question".to_string()
        }
        Screen::Quiz => {
            let q = app.item().map(|i| &i.question);
            let how = match q.map(|q| q.kind) {
                _ if q.is_some_and(|q| q.picks_many()) => "Space select  Enter answer".to_string(),
                Some(Kind::Order) if q.is_some_and(|q| q.answer.len() < q.choices.len()) => {
                    "Space in/out  J/K move  Enter answer".to_string()
                }
                Some(Kind::Order) => "J/K move item  Enter answer".to_string(),
                Some(Kind::Configure) => "Up/Down peering  1-4 flags  Enter answer".to_string(),
                _ => match q {
                    Some(q) if lettered(q) => {
                        let n = match q.kind {
                            Kind::Reachability => reach_choices(q).len(),
                            _ => q.choices.len(),
                        };
                        format!(
                            "a-{} choose  Enter answer",
                            tag(n.clamp(1, 5) - 1, true).to_lowercase()
                        )
                    }
                    _ => "Up/Down or 1-9 choose  Enter answer".to_string(),
                },
            };
            let shown = app.item().is_some_and(|i| i.topology.is_some());
            let rest = match (exam, shown) {
                (true, true) => "n/p  f flag  r review  s submit  x exhibit  ? help",
                (true, false) => "n/p  f flag  r review  s submit  ? help",
                (false, true) => "n/p  x exhibit  q results  ? help",
                (false, false) => "n/p  q results  ? help",
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

/// The tag of choice `i`: a letter as on the exam (A-Z), or its number for long lists.
pub(super) fn tag(i: usize, lettered: bool) -> String {
    match u8::try_from(i) {
        Ok(n) if lettered && n < 26 => char::from(b'A' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// One row the learner can pick: its label, whether it is (part of) the key, and why.
struct Row {
    label: String,
    key: bool,
    why: Option<String>,
}

/// The rows of a choice question, in display order (order questions: as arranged).
fn rows_of(app: &App, q: &Question) -> Vec<Row> {
    let why = |i: usize| q.rationales.get(i).cloned();
    match q.kind {
        Kind::Reachability => {
            let cs = reach_choices(q);
            // A rationale per outcome only when the item gives one for each it offers.
            let whys = q.rationales.len() == cs.len();
            cs.iter()
                .enumerate()
                .map(|(i, (v, r))| Row {
                    label: match r {
                        Some(r) => format!("Unreachable: {}", crate::bank::reason_text(*r)),
                        None if *v == crate::eval::Verdict::Reachable => "Reachable".to_string(),
                        None => "Unreachable".to_string(),
                    },
                    key: q
                        .key
                        .is_some_and(|k| k.verdict == *v && (r.is_none() || *r == Some(k.reason))),
                    why: if whys { why(i) } else { None },
                })
                .collect()
        }
        Kind::Order => app
            .draft
            .order
            .iter()
            .chain(&app.draft.spare)
            .map(|&i| Row {
                label: q.choices.get(i).cloned().unwrap_or_default(),
                key: false,
                why: why(i),
            })
            .collect(),
        Kind::Configure => Vec::new(),
        // Shown in the draft's order; the key and the rationales stay with their choice.
        _ => (0..q.choices.len())
            .map(|row| app.draft.stored(row))
            .map(|i| Row {
                label: q.choices.get(i).cloned().unwrap_or_default(),
                key: q.answer.contains(&i),
                why: why(i),
            })
            .collect(),
    }
}

/// After an answer: the verdict, the goals the evaluator checked, then (below the choices,
/// see [`explanation`]) why.
fn verdict_lines(app: &App, q: &Question, g: &quiz::Grade, lines: &mut Vec<Line<'static>>) {
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
        lines.push(Line::raw(format!("Answer: {}", key_tagged(app, q))));
    }
    for goal in &g.goals {
        let tick = if goal.holds { "ok  " } else { "FAIL" };
        let why = if goal.holds {
            String::new()
        } else {
            // In words: reason codes are peerlab's own, never shown as prose.
            format!(": {}", crate::bank::reason_text(goal.reason))
        };
        lines.push(Line::raw(format!(
            "{tick} {} -> {} {}/{}: {}{why}",
            goal.goal.flow.from,
            goal.goal.flow.to,
            goal.goal.flow.protocol,
            goal.goal.flow.port,
            goal.verdict.as_str(),
        )));
    }
}

/// The key with its letters ("B. Peering ...").
fn key_tagged(app: &App, q: &Question) -> String {
    let lettered = lettered(q);
    match q.kind {
        Kind::Single | Kind::Multi | Kind::Fix | Kind::YesNo => {
            // By the letters the learner saw, in the order they were shown.
            let mut rows: Vec<usize> = q
                .answer
                .iter()
                .map(|&i| quiz::row_of(&app.draft.shown, i))
                .collect();
            rows.sort_unstable();
            rows.iter()
                .filter_map(|&r| {
                    let i = app.draft.stored(r);
                    Some(format!("{}. {}", tag(r, lettered), q.choices.get(i)?))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Kind::Reachability => rows_of(app, q)
            .iter()
            .enumerate()
            .find(|(_, r)| r.key)
            .map(|(i, r)| format!("{}. {}", tag(i, lettered), r.label))
            .unwrap_or_else(|| quiz::key_text(q)),
        _ => quiz::key_text(q),
    }
}

/// Below the choices after an answer: the explanation, the item's source and when it was checked, and the trace.
fn explanation(app: &App, q: &Question, width: u16, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    lines.extend(text_lines(&q.explanation, ""));
    if let Some(src) = &q.source {
        lines.push(Line::raw(""));
        lines.extend(hanging(
            &format!("Source: {}", src.title),
            "",
            "        ",
            width,
            fg(Color::Blue),
        ));
        // Indented where it fits, so it stands under the title; else whole from the margin.
        let url = if src.url.len() + 8 <= usize::from(width) {
            format!("        {}", src.url)
        } else {
            src.url.clone()
        };
        lines.push(Line::styled(url, fg(Color::Blue)));
    }
    if let Some(v) = &q.verified {
        lines.push(Line::styled(format!("Verified: {v}"), fg(Color::Blue)));
    }
    if let Some(tr) = &app.trace {
        lines.push(Line::raw(""));
        lines.push(Line::styled("The evaluator's trace of this flow:", bold()));
        lines.extend(text_lines(tr.trim_end(), ""));
    }
}

/// The question screen; returns whether some of it is below the bottom edge.
fn question(f: &mut Frame, app: &App, area: Rect, hint: bool) -> bool {
    let Some(it) = app.item() else { return false };
    let q = &it.question;
    let d = &app.draft;
    let mut lines: Vec<Line<'static>> = Vec::new();
    // A series statement or a case question shows its unit's scenario every time.
    let unit = app
        .session
        .as_ref()
        .and_then(|s| quiz::context(&s.items, s.current()));
    let scenario = match &unit {
        Some(u) => u.scenario,
        None => q.scenario.as_deref(),
    };
    if unit
        .as_ref()
        .is_some_and(|u| u.kind == quiz::UnitKind::Case)
    {
        lines.push(Line::styled("Case study", bold()));
    }
    if let Some(sc) = scenario {
        if unit.is_some() && app.feedback.is_some() {
            // Read already, and long: after the answer one line of it keeps the feedback in
            // view (the next question shows it whole again).
            let first = crate::exhibit::wrap(sc, usize::from(area.width).saturating_sub(4));
            lines.push(Line::styled(
                format!("{} ...", first.first().map_or("", String::as_str)),
                fg(Color::Blue),
            ));
        } else {
            lines.extend(text_lines(sc, ""));
        }
        lines.push(Line::raw(""));
    }
    if let Some(u) = &unit {
        let what = match u.kind {
            quiz::UnitKind::Series => "Statement",
            quiz::UnitKind::Case => "Question",
        };
        lines.push(Line::styled(
            format!("{what} {} of {}", u.index + 1, u.count),
            bold(),
        ));
    }
    lines.extend(text_lines(&q.prompt, ""));
    lines.push(Line::styled(super::answer::instruction(q), fg(Color::Blue)));
    if hint {
        // Narrow terminals: the exhibit is one key away, as behind the exam's button.
        let names = app.exhibit.names(it, &d.flags, exhibit_width(area));
        lines.extend(hanging(
            &format!("Exhibit: press x to open it ({}).", names.join(", ")),
            "",
            "  ",
            area.width,
            fg(Color::Blue),
        ));
    }
    lines.push(Line::raw(""));
    // After an answer in practice, the verdict comes first, where it is seen.
    let verdict_at = lines.len();
    if let Some(g) = &app.feedback {
        verdict_lines(app, q, g, &mut lines);
        lines.push(Line::raw(""));
    }
    let graded = app.feedback.is_some();
    let lettered = lettered(q);
    // (line, choice) for each line a choice (or a configure peering) takes.
    let mut choice_at: Vec<(usize, usize)> = Vec::new();
    if q.kind == Kind::Configure {
        lines.extend(hanging(
            "Flags: 1 access  2 forwarded traffic  3 gateway transit  4 use remote gateways",
            "",
            "       ",
            area.width,
            Style::default(),
        ));
        for (i, name) in q.editable.iter().enumerate() {
            let fl = d.flags.get(i).copied().unwrap_or_default();
            let on = |b: bool| if b { "on " } else { "off" };
            let flags = format!(
                "1 {}  2 {}  3 {}  4 {}",
                on(fl[0]),
                on(fl[1]),
                on(fl[2]),
                on(fl[3])
            );
            // Beside the exhibit the row is narrow: the flags go under the peering's name.
            choice_at.push((lines.len(), i));
            if area.width >= 60 {
                let label = format!("{name:<24} {flags}");
                lines.push(choice_line(
                    i == d.cursor,
                    i + 1,
                    1,
                    &label,
                    Style::default(),
                ));
            } else {
                lines.push(choice_line(i == d.cursor, i + 1, 1, name, Style::default()));
                lines.push(Line::raw(format!("     {flags}")));
            }
        }
    } else {
        let rows = rows_of(app, q);
        let w = if lettered {
            1
        } else {
            rows.len().to_string().len()
        };
        // A build-list item shows the list being built, then the actions left out.
        let listed = d.order.len();
        let build = q.kind == Kind::Order && q.answer.len() < q.choices.len();
        for (i, r) in rows.iter().enumerate() {
            if build && (i == 0 || i == listed) {
                let head = if i == 0 && listed > 0 {
                    "Your list:"
                } else {
                    "Not in your list:"
                };
                if i == 0 && listed == 0 {
                    lines.push(Line::raw("Your list: (empty)"));
                }
                lines.push(Line::styled(head, bold()));
            }
            // What is chosen shows, and nothing is before the learner chooses.
            let picked = match (q.picks_many(), q.kind) {
                (true, _) if d.picked.contains(&i) => "[x] ",
                (true, _) => "[ ] ",
                (false, Kind::Order) => "",
                (false, _) if d.touched && i == d.cursor => "(x) ",
                (false, _) => "( ) ",
            };
            let style = if graded && r.key {
                fg(Color::Green).add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            let m = if i == d.cursor { ">" } else { " " };
            let lead = if build && i >= listed {
                format!("{m} {:>w$}  ", "-")
            } else {
                format!("{m} {:>w$}. {picked}", tag(i, lettered))
            };
            let style = if i == d.cursor {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            // A long choice wraps under its own text, not under its letter.
            let pad = " ".repeat(crate::text::width(&lead));
            let from = lines.len();
            lines.extend(hanging(&r.label, &lead, &pad, area.width, style));
            choice_at.extend((from..lines.len()).map(|l| (l, i)));
            if graded && let Some(why) = &r.why {
                let pad = " ".repeat(w + 4);
                lines.extend(hanging(why, &pad, &pad, area.width, fg(Color::Blue)));
            }
        }
    }
    if graded {
        explanation(app, q, area.width, &mut lines);
    }
    let at = super::paint::line_rows(&lines, area.width);
    let total = *at.last().unwrap_or(&0);
    let mut scroll = app.scroll;
    if app.reveal && graded {
        // Just answered: the verdict is in view without scrolling (at the top when the
        // question above it leaves no room for it and a few lines of the answer).
        let v = at[verdict_at].min(usize::from(u16::MAX)) as u16;
        if v.saturating_add(4) > scroll.saturating_add(area.height) || v < scroll {
            scroll = v;
        }
    }
    let more = super::paint::page_of(f, lines, area, scroll, total, &app.fit);
    // A click on a choice's rows picks it.
    let shown = app.fit.get().shown;
    app.hits
        .borrow_mut()
        .extend(choice_at.into_iter().filter_map(|(line, i)| {
            let row = at[line].checked_sub(usize::from(shown))?;
            (row < usize::from(area.height)).then(|| (area.y + row as u16, i))
        }));
    more
}

/// The diagram width of the exhibit drawn over the whole body (its frame and a margin off).
fn exhibit_width(body: Rect) -> usize {
    usize::from(body.width).saturating_sub(3)
}

/// The question with its exhibit: over it when opened, beside it on a wide terminal, else a
/// hint naming its tabs. Returns whether some of the question is below the bottom edge.
fn quiz_body(f: &mut Frame, app: &App, body: Rect) -> bool {
    let Some(it) = app.item() else { return false };
    if it.topology.is_none() {
        return question(f, app, body, false);
    }
    let flags = &app.draft.flags;
    if app.exhibit.open {
        pane::draw(f, &app.exhibit, it, flags, body);
        return false;
    }
    if body.width >= SIDE_BY_SIDE {
        // The exhibit gets three fifths, and never less than the 80 columns its tables get
        // when opened over the question (an 8-column peerings table needs them to keep
        // "Connected" whole); the question keeps the rest (40 columns at 120).
        let e = (body.width * 3 / 5).max(80);
        let [left, right] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(e)]).areas(body);
        // A column between the question and the exhibit's frame.
        let left = Rect {
            width: left.width.saturating_sub(1),
            ..left
        };
        let more = question(f, app, left, false);
        pane::draw(f, &app.exhibit, it, flags, right);
        return more;
    }
    question(f, app, body, true)
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
        // A click on the row goes to that question.
        super::paint::record_rows(&app.hits, [(lines.len(), i)], area);
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
