//! The results screen: the score (an exam) or the summary (practice, review), then the
//! questions as a list the learner filters (all, wrong, flagged) and opens one by one, each
//! shown as it was asked: the choices with the right one marked, the learner's own answer,
//! why, the evaluator's trace and the exhibit.

use super::answer::{reach_choices, trace_of};
use super::app::{App, Msg};
use super::paint::{bold, fg, hanging, page, plural, text_lines};
use crate::bank::Kind;
use crate::quiz::{self, Answer, Item, ItemResult, Mode, Results, Session};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Wrong, or (in an exam) not answered.
    Wrong,
    Flagged,
}

impl Filter {
    fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Wrong,
            Filter::Wrong => Filter::Flagged,
            Filter::Flagged => Filter::All,
        }
    }
}

/// Where the learner is on the results screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultsView {
    pub filter: Filter,
    /// The row selected in the filtered list.
    pub selected: usize,
    /// The selected question is open (shown as it was).
    pub open: bool,
}

/// Whether a practice session lists question `i` (only what was answered: the rest were
/// never shown).
fn listed_in(s: &Session, r: &Results, i: usize, f: Filter) -> bool {
    let it = &r.items[i];
    if s.mode == Mode::Practice && !it.answered {
        return false;
    }
    match f {
        Filter::All => true,
        Filter::Wrong => !it.correct,
        Filter::Flagged => s.is_flagged(i),
    }
}

impl App {
    /// The positions the results list shows under `filter`.
    pub fn listed(&self, filter: Filter) -> Vec<usize> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(r) = s.results() else {
            return Vec::new();
        };
        (0..r.items.len())
            .filter(|&i| listed_in(s, r, i, filter))
            .collect()
    }

    /// The question open on the results screen, or selected in its list.
    pub fn results_selected(&self) -> Option<usize> {
        self.listed(self.results_view.filter)
            .get(self.results_view.selected)
            .copied()
    }

    fn set_filter(&mut self, f: Filter) {
        self.results_view = ResultsView {
            filter: f,
            selected: 0,
            open: false,
        };
        self.scroll = 0;
    }

    /// Leaves the results: back to the menu when the session was started there.
    fn leave_results(&mut self) {
        if self.from_menu {
            self.back_to_menu();
        } else {
            self.quit = true;
        }
    }

    pub(super) fn results_key(&mut self, msg: Msg, now: Duration) {
        let n = self.listed(self.results_view.filter).len();
        let last = n.saturating_sub(1);
        let ResultsView {
            filter,
            selected,
            open,
        } = self.results_view.clone();
        let select = |app: &mut App, to: usize| app.results_view.selected = to;
        match msg {
            Msg::Filter => self.set_filter(filter.next()),
            Msg::All => self.set_filter(Filter::All),
            Msg::Wrong => self.set_filter(Filter::Wrong),
            Msg::Flag => self.set_filter(Filter::Flagged),
            Msg::Retry => self.retry_missed(now),
            Msg::Up | Msg::Down | Msg::ScrollUp | Msg::ScrollDown if open => self.scroll_page(msg),
            Msg::Up => select(self, selected.saturating_sub(1)),
            Msg::Down => select(self, (selected + 1).min(last)),
            Msg::ScrollUp => select(self, selected.saturating_sub(10)),
            Msg::ScrollDown => select(self, (selected + 10).min(last)),
            Msg::Next | Msg::Prev if open => {
                let to = if msg == Msg::Next {
                    (selected + 1).min(last)
                } else {
                    selected.saturating_sub(1)
                };
                select(self, to);
                self.scroll = 0;
            }
            Msg::Enter if !open && n > 0 => {
                self.results_view.open = true;
                self.scroll = 0;
            }
            Msg::Quit | Msg::Back | Msg::Enter if open => {
                self.results_view.open = false;
                self.scroll = 0;
            }
            Msg::Quit | Msg::Back => self.leave_results(),
            _ => {}
        }
    }

    /// Practice again what this session missed: wrong answers (and, in an exam, questions
    /// left unanswered), generated ones as fresh instances.
    fn retry_missed(&mut self, now: Duration) {
        let Some(s) = &self.session else { return };
        let missed = self.listed(Filter::Wrong);
        let keys = quiz::keys_at(&s.items, &missed);
        if keys.is_empty() {
            self.status = "Nothing to retry: every question listed was right.".to_string();
            return;
        }
        self.retry_keys(&keys, now);
    }
}

fn mark(res: &ItemResult) -> Span<'static> {
    match (res.answered, res.correct) {
        (_, true) => Span::styled("right", fg(Color::Green).add_modifier(Modifier::BOLD)),
        (true, false) => Span::styled("wrong", fg(Color::Red).add_modifier(Modifier::BOLD)),
        (false, _) => Span::styled(
            "not answered",
            fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ),
    }
}

/// The first line of a prompt, squeezed to `room` columns.
fn first_line(text: &str, room: usize) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if crate::text::width(&one) > room {
        crate::text::take_width(&one, room.saturating_sub(3)).to_string() + "..."
    } else {
        one
    }
}

/// The results screen; returns whether some of it is below the bottom edge.
pub fn draw(f: &mut Frame, app: &App, area: Rect) -> bool {
    let Some(s) = &app.session else { return false };
    let Some(r) = s.results() else { return false };
    if app.results_view.open
        && let Some(i) = app.results_selected()
    {
        return page(
            f,
            detail(s, r, i, app.seed, area.width),
            area,
            app.scroll,
            &app.fit,
        );
    }
    let mut lines = if s.mode == Mode::Practice {
        super::summary::lines(app, r, area.width)
    } else {
        super::summary::exam_lines(r, area.width)
    };
    let v = &app.results_view;
    let count = |fl: Filter| app.listed(fl).len();
    let tab = |fl: Filter, name: &str| {
        let text = format!(" {name} {} ", count(fl));
        if fl == v.filter {
            Span::styled(text, bold().add_modifier(Modifier::REVERSED))
        } else {
            Span::raw(text)
        }
    };
    let wrong = if s.mode == Mode::Practice {
        "wrong"
    } else {
        "wrong or not answered"
    };
    lines.push(Line::from(vec![
        Span::styled("Questions:", bold()),
        tab(Filter::All, "all"),
        tab(Filter::Wrong, wrong),
        tab(Filter::Flagged, "flagged"),
    ]));
    let list = app.listed(v.filter);
    let room = area.height.saturating_sub(lines.len() as u16).max(1) as usize;
    if list.is_empty() {
        lines.push(Line::raw(match v.filter {
            Filter::All => "  No question was answered.",
            Filter::Wrong => "  None: every question listed was right.",
            Filter::Flagged if s.mode == Mode::Practice => {
                "  None flagged (flags are for exams: f during an exam)."
            }
            Filter::Flagged => "  None flagged.",
        }));
    }
    let top = v.selected.saturating_sub(room.saturating_sub(1));
    let w = s.items.len().to_string().len();
    for (row, &i) in list.iter().enumerate().skip(top).take(room) {
        // A click on the row opens that question.
        super::paint::record_rows(&app.hits, [(lines.len(), row)], area);
        let res = &r.items[i];
        let q = &s.items[i].question;
        let flag = if s.is_flagged(i) { " [flagged]" } else { "" };
        let head = format!("{:>w$}. ", i + 1);
        let m = mark(res);
        let used = 2 + head.len() + m.width() + flag.len() + 2 + q.topic.as_str().len() + 2;
        let prompt = first_line(&q.prompt, usize::from(area.width).saturating_sub(used));
        let selected = row == v.selected;
        let cursor = if selected { "> " } else { "  " };
        let mut spans = vec![Span::raw(format!("{cursor}{head}")), m];
        spans.push(Span::styled(flag.to_string(), fg(Color::Yellow)));
        spans.push(Span::raw(format!("  {}  {prompt}", q.topic.as_str())));
        let mut line = Line::from(spans);
        if selected {
            line = line.style(Style::default().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    let more = top + room < list.len();
    f.render_widget(Paragraph::new(lines), area);
    more
}

/// How a choice row is marked: the right answer in green and named in a column before
/// it (so it is seen without colour, and a long choice never wraps the mark away), and the
/// learner's own pick named too.
fn choice_row(
    letter: String,
    text: &str,
    right: bool,
    picked: bool,
    why: Option<&str>,
    width: u16,
) -> Vec<Line<'static>> {
    let you = if picked { "you" } else { "" };
    let key = if right { "right" } else { "" };
    let style = if right {
        fg(Color::Green).add_modifier(Modifier::BOLD)
    } else if picked {
        fg(Color::Red)
    } else {
        Style::default()
    };
    let head = format!("{you:>4} {key:<5} {letter}. ");
    let room = usize::from(width).saturating_sub(head.len() + 1).max(10);
    let indent = " ".repeat(head.len());
    let mut lines: Vec<Line<'static>> = crate::text::wrap(text, room)
        .into_iter()
        .enumerate()
        .map(|(n, part)| {
            let lead = if n == 0 { head.as_str() } else { &indent };
            Line::styled(format!("{lead}{part}"), style)
        })
        .collect();
    // The option's own line (why it is right or wrong), under it, as in practice.
    if let Some(why) = why.filter(|w| !w.trim().is_empty()) {
        lines.extend(
            crate::text::wrap(why, room)
                .into_iter()
                .map(|part| Line::raw(format!("{indent}{part}"))),
        );
    }
    lines
}

fn letter(i: usize) -> String {
    match u8::try_from(i).ok().filter(|i| *i < 26) {
        Some(i) => char::from(b'A' + i).to_string(),
        None => (i + 1).to_string(),
    }
}

/// The question at position `i`, as it was: what was asked, the answer against the key,
/// why, the evaluator's trace and the exhibit.
fn detail(s: &Session, r: &Results, i: usize, seed: u64, width: u16) -> Vec<Line<'static>> {
    let it = &s.items[i];
    let res = &r.items[i];
    let q = &it.question;
    let given = s.answer_of(i);
    let mut head = vec![
        // Practice lists only what was answered, so "of 60 drawn" would not match the list.
        Span::styled(
            if s.mode == Mode::Practice {
                format!("Question {}  ", i + 1)
            } else {
                format!("Question {} of {}  ", i + 1, s.items.len())
            },
            bold(),
        ),
        mark(res),
    ];
    if s.is_flagged(i) {
        head.push(Span::styled("  [flagged]", fg(Color::Yellow)));
    }
    let mut lines = vec![
        Line::from(head),
        Line::styled(
            format!(
                "{}, difficulty {}, question id {}",
                q.topic.as_str(),
                q.difficulty,
                q.id
            ),
            fg(Color::Blue),
        ),
        Line::raw(""),
    ];
    if let Some(sc) = &q.scenario {
        lines.extend(text_lines(sc, ""));
        lines.push(Line::raw(""));
    }
    lines.extend(text_lines(&q.prompt, ""));
    lines.push(Line::raw(""));
    lines.extend(answer_lines(it, given, seed, width));
    if given.is_none() {
        lines.push(Line::styled(
            "You did not answer this one.",
            fg(Color::Yellow),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Why", bold()));
    lines.extend(text_lines(&q.explanation, ""));
    if let Some(tr) = trace_of(it) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("The evaluator's trace of this flow:", bold()));
        lines.extend(text_lines(tr.trim_end(), ""));
    }
    if let Some(t) = &it.topology
        && let Ok(e) = crate::exhibit::for_question(t, q.exhibit.as_deref())
    {
        lines.push(Line::raw(""));
        lines.push(Line::styled("The exhibit:", bold()));
        let text = crate::exhibit::exhibit_text(&e, usize::from(width).saturating_sub(1));
        lines.extend(text_lines(text.trim_end(), ""));
    }
    lines
}

/// The answer block: choices with the key marked (lettered as the session showed them, from
/// its `seed`), an order as numbered lists.
fn answer_lines(it: &Item, given: Option<&Answer>, seed: u64, width: u16) -> Vec<Line<'static>> {
    let q = &it.question;
    let mut lines = Vec::new();
    match q.kind {
        Kind::Order => {
            // A step that wraps continues under its own text, not under its number.
            let step = |n: usize, text: &str, style: Style| {
                hanging(text, &format!("  {}. ", n + 1), "     ", width, style)
            };
            lines.push(Line::styled("The right order:", bold()));
            for (n, &c) in q.answer.iter().enumerate() {
                let text = q.choices.get(c).cloned().unwrap_or_default();
                lines.extend(step(n, &text, fg(Color::Green)));
                if let Some(why) = q.rationales.get(c) {
                    let room = usize::from(width).saturating_sub(6).max(10);
                    lines.extend(
                        crate::text::wrap(why, room)
                            .into_iter()
                            .map(|part| Line::raw(format!("     {part}"))),
                    );
                }
            }
            // A build-list item: the actions left out, each with why it is not in the list.
            let left: Vec<usize> = (0..q.choices.len())
                .filter(|i| !q.answer.contains(i))
                .collect();
            if !left.is_empty() {
                lines.push(Line::styled("Not in the list:", bold()));
            }
            for c in left {
                lines.extend(hanging(
                    &q.choices[c],
                    "  - ",
                    "    ",
                    width,
                    Style::default(),
                ));
                if let Some(why) = q.rationales.get(c) {
                    lines.extend(hanging(why, "     ", "     ", width, Style::default()));
                }
            }
            if let Some(Answer::Order { sequence }) = given
                && *sequence != q.answer
            {
                lines.push(Line::styled("Your order:", bold()));
                for (n, &c) in sequence.iter().enumerate() {
                    let text = q.choices.get(c).cloned().unwrap_or_default();
                    let ok = q.answer.get(n) == Some(&c);
                    let style = if ok { Style::default() } else { fg(Color::Red) };
                    let tag = if ok {
                        ""
                    } else if !q.answer.contains(&c) {
                        "   (not in the list)"
                    } else {
                        "   (not here)"
                    };
                    lines.extend(step(n, &format!("{text}{tag}"), style));
                }
            }
        }
        Kind::Reachability => {
            for (n, (v, reason)) in reach_choices(q).into_iter().enumerate() {
                let as_answer = Answer::Reach { verdict: v, reason };
                let right = quiz::grade(q, it.topology.as_ref(), &as_answer).correct;
                let picked = matches!(given, Some(Answer::Reach { verdict, reason: r })
                    if *verdict == v && (reason.is_none() || *r == reason));
                let text = match reason {
                    Some(r) => format!("Unreachable: {}", crate::generate::reason_text(r)),
                    None if v == crate::eval::Verdict::Reachable => "Reachable".to_string(),
                    None => "Unreachable".to_string(),
                };
                let why = q.rationales.get(n).map(String::as_str);
                lines.extend(choice_row(letter(n), &text, right, picked, why, width));
            }
        }
        Kind::Configure => {
            lines.push(Line::styled("Settings that work:", bold()));
            for (name, fl) in &q.solution {
                lines.push(Line::styled(
                    format!("  {}", crate::bank::flags_text(name, fl)),
                    fg(Color::Green),
                ));
            }
            if let Some(a) = given {
                lines.push(Line::styled("Yours:", bold()));
                lines.push(Line::raw(format!("  {}", quiz::answer_text(q, a))));
            }
        }
        _ => {
            let picked: &[usize] = match given {
                Some(Answer::Choices { picked }) => picked,
                _ => &[],
            };
            for (row, n) in quiz::shown_order(it, seed).into_iter().enumerate() {
                lines.extend(choice_row(
                    letter(row),
                    q.choices.get(n).map_or("", String::as_str),
                    q.answer.contains(&n),
                    picked.contains(&n),
                    q.rationales.get(n).map(String::as_str),
                    width,
                ));
            }
        }
    }
    lines
}

/// Plural helper re-exported for the summary.
pub(super) fn questions(n: usize) -> String {
    plural(n, "question", "questions")
}
