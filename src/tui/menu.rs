//! The main menu and its two sub-lists (a topic to practise, an exam's length), and the
//! moves that start a session from them. Drawing and keys of these screens live together
//! here; `app.rs` dispatches to them.

use super::app::{App, Msg, NO_HISTORY, Screen};
use super::paint::{bold, fg, plural};
use crate::bank::Topic;
use crate::quiz::{self, Source};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;

/// Questions in a practice session opened from the menu: more than a sitting needs (leaving
/// early counts only what was answered), and the generator's half is made up front, so not
/// hundreds.
pub const PRACTICE: usize = 60;

/// "Retry my mistakes" from the menu looks back this many days (`--days` on the command line).
pub const MISSED_DAYS: i64 = 7;

/// The exam lengths the menu offers: questions and minutes (two minutes a question, as the
/// real exam gives about).
pub const EXAMS: [(usize, u64, &str); 4] = [
    (10, 20, "a quick check"),
    (20, 40, "half an hour or so"),
    (40, 80, ""),
    (50, 100, "full length, as `peerlab exam` sets it"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Practice,
    ByTopic,
    Exam,
    /// Only when an exam was interrupted.
    Resume,
    Review,
    Retry,
    Progress,
    /// Hands-on labs: Azure CLI commands against a simulated subscription.
    Labs,
    /// The Explore sandbox on a content topology (issue 16).
    Explore,
    Help,
    Quit,
}

impl App {
    /// The menu as it stands: Resume only when an exam waits to be continued.
    pub fn menu_entries(&self) -> Vec<Entry> {
        let resumable = self
            .history
            .as_ref()
            .and_then(|h| h.stats.as_ref())
            .is_some_and(|s| s.open_exams > 0);
        let mut v = vec![Entry::Practice, Entry::ByTopic, Entry::Exam];
        if resumable {
            v.push(Entry::Resume);
        }
        v.extend([
            Entry::Review,
            Entry::Retry,
            Entry::Progress,
            // After Help, so the entries before keep their digits.
            Entry::Help,
            Entry::Labs,
            Entry::Explore,
            Entry::Quit,
        ]);
        v
    }

    /// The key shown before entry `i` of the menu: its digit, but Explore and Quit, the
    /// last two, have letters (`x`, `q`), so an eleventh entry (with Resume) still has a key.
    pub fn entry_key(i: usize, e: Entry) -> char {
        match e {
            Entry::Explore => 'x',
            Entry::Quit => 'q',
            _ => char::from_digit(i as u32 + 1, 10).unwrap_or('?'),
        }
    }

    /// What the menu says for `e`, with the learner's figures.
    pub fn entry_label(&self, e: Entry) -> String {
        let h = self.history.as_ref();
        match e {
            Entry::Practice => "Practice: all topics, bank and generated questions".into(),
            Entry::ByTopic => "Practice one topic (with your accuracy on each)".into(),
            Entry::Exam => "Practice exam: choose its length and time".into(),
            Entry::Resume => "Resume the interrupted exam (answers, flags, time left)".into(),
            Entry::Review => match h.and_then(|h| h.stats.as_ref()) {
                Some(s) if s.due_now > 0 => format!(
                    "Review: {} due now, then new questions",
                    plural(s.due_now, "question", "questions")
                ),
                Some(_) => "Review: nothing due now; new questions or a cram".into(),
                None => "Review (needs the history)".into(),
            },
            Entry::Retry => match h {
                Some(h) if !h.missed.is_empty() => format!(
                    "Retry my mistakes: {} from the last {MISSED_DAYS} days",
                    plural(h.missed.len(), "question", "questions")
                ),
                Some(_) => format!("Retry my mistakes (none in the last {MISSED_DAYS} days)"),
                None => "Retry my mistakes (needs the history)".into(),
            },
            Entry::Progress => "Progress: charts of accuracy, exams and what is due".into(),
            Entry::Labs => "Labs: type Azure CLI commands, graded by the evaluator".into(),
            Entry::Explore => {
                "Explore a network: trace, who reaches whom, change a peering or a route".into()
            }
            Entry::Help => "Help: the modes, the score, the schedule, your history".into(),
            Entry::Quit => "Quit".into(),
        }
    }

    pub(super) fn back_to_menu(&mut self) {
        self.session = None;
        self.feedback = None;
        self.trace = None;
        self.scroll = 0;
        self.screen = Screen::Menu { selected: 0 };
    }

    pub(super) fn menu_key(&mut self, msg: Msg, selected: usize, now: Duration) {
        let entries = self.menu_entries();
        let last = entries.len() - 1;
        let selected = selected.min(last);
        match msg {
            Msg::Up => {
                self.screen = Screen::Menu {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::Menu {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Digit(d)
                if entries
                    .get(usize::from(d).wrapping_sub(1))
                    .is_some_and(|&e| {
                        App::entry_key(usize::from(d) - 1, e) == char::from(b'0' + d)
                    }) =>
            {
                self.screen = Screen::Menu {
                    selected: usize::from(d) - 1,
                }
            }
            // `x` (the exhibit's key elsewhere) selects Explore, as a digit selects its entry.
            Msg::Exhibit => {
                if let Some(i) = entries.iter().position(|&e| e == Entry::Explore) {
                    self.screen = Screen::Menu { selected: i }
                }
            }
            Msg::Enter => self.open(entries[selected], now),
            Msg::Quit | Msg::Back => self.quit = true,
            _ => {}
        }
    }

    fn open(&mut self, e: Entry, now: Duration) {
        self.status.clear();
        let seed = self.seed;
        match e {
            Entry::Practice => {
                let items = quiz::practice(&self.bank, seed, PRACTICE, None, Source::Mixed);
                self.start("practice", Some(seed), PRACTICE, items, None, now);
            }
            Entry::ByTopic => self.screen = Screen::Topics { selected: 0 },
            Entry::Exam => self.screen = Screen::ExamSetup { selected: 1 },
            Entry::Resume => self.want_resume = true,
            Entry::Review => self.review(now),
            Entry::Retry => match &self.history {
                Some(h) => {
                    let keys = h.missed.clone();
                    self.retry_keys(&keys, now);
                }
                None => self.status = NO_HISTORY.to_string(),
            },
            Entry::Progress => match &self.history {
                Some(_) => {
                    self.scroll = 0;
                    self.screen = Screen::Progress;
                }
                None => self.status = NO_HISTORY.to_string(),
            },
            Entry::Help => {
                self.scroll = 0;
                self.screen = Screen::HelpPage;
            }
            Entry::Labs => self.open_labs(),
            Entry::Explore => self.open_networks(),
            Entry::Quit => self.quit = true,
        }
        if self.session.is_some() {
            self.from_menu = true;
        }
    }

    /// A practice session of the items under these progress keys (the ones missed).
    pub(super) fn retry_keys(&mut self, keys: &[String], now: Duration) {
        let items = quiz::retry(&self.bank, keys, self.seed);
        if items.is_empty() {
            self.status = format!(
                "Nothing to retry: no question was answered wrong (in the last {MISSED_DAYS} days, from the menu)."
            );
            return;
        }
        let n = items.len();
        self.start("practice", Some(self.seed), n, items, None, now);
        self.status = format!(
            "Retrying {} you missed.",
            plural(n, "question", "questions")
        );
    }

    pub(super) fn topics_key(&mut self, msg: Msg, selected: usize, now: Duration) {
        let last = Topic::ALL.len() - 1;
        match msg {
            Msg::Up => {
                self.screen = Screen::Topics {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::Topics {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Enter => {
                let t = Topic::ALL[selected.min(last)];
                let items = quiz::practice(&self.bank, self.seed, PRACTICE, Some(t), Source::Mixed);
                self.start("practice", Some(self.seed), PRACTICE, items, None, now);
                if self.session.is_some() {
                    self.from_menu = true;
                }
            }
            Msg::Quit | Msg::Back => self.screen = Screen::Menu { selected: 1 },
            _ => {}
        }
    }

    pub(super) fn exam_setup_key(&mut self, msg: Msg, selected: usize, now: Duration) {
        let last = EXAMS.len() - 1;
        match msg {
            Msg::Up => {
                self.screen = Screen::ExamSetup {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::ExamSetup {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Digit(d) if (1..=EXAMS.len()).contains(&usize::from(d)) => {
                self.screen = Screen::ExamSetup {
                    selected: usize::from(d) - 1,
                }
            }
            Msg::Enter => {
                let (n, minutes, _) = EXAMS[selected.min(last)];
                let items = quiz::exam(&self.bank, self.seed, n);
                self.start("exam", Some(self.seed), n, items, Some(minutes), now);
                if self.session.is_some() {
                    self.from_menu = true;
                }
            }
            Msg::Quit | Msg::Back => self.screen = Screen::Menu { selected: 2 },
            _ => {}
        }
    }
}

fn row(selected: bool, text: String) -> Line<'static> {
    if selected {
        Line::styled(format!("> {text}"), bold().add_modifier(Modifier::REVERSED))
    } else {
        Line::raw(format!("  {text}"))
    }
}

pub fn draw(f: &mut Frame, app: &App, selected: usize, area: Rect) {
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
    let mut entry_at = Vec::new();
    for (i, e) in app.menu_entries().into_iter().enumerate() {
        entry_at.push((lines.len(), i));
        lines.push(row(
            i == selected,
            format!("{}. {}", App::entry_key(i, e), app.entry_label(e)),
        ));
    }
    if app.history.is_none() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The history is off: review, retry and progress need it.",
            fg(Color::Yellow),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "From the command line: peerlab practice --topic T | --missed, exam, review, stats",
    ));
    // A click on an entry's row opens it.
    let at = super::paint::line_rows(&lines, area.width);
    app.hits
        .borrow_mut()
        .extend(entry_at.into_iter().filter_map(|(line, i)| {
            let row = u16::try_from(at[line]).ok()?;
            (row < area.height).then(|| (area.y + row, i))
        }));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The topic list: each topic with its bank questions and the learner's accuracy.
pub fn draw_topics(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let stats = app.history.as_ref().and_then(|h| h.stats.as_ref());
    let mut lines = vec![
        Line::styled("Practise one topic", bold()),
        Line::raw("Your accuracy on each, from every answer in your history."),
        Line::raw(""),
    ];
    for (i, t) in Topic::ALL.into_iter().enumerate() {
        // A click on the row starts that topic.
        super::paint::record_rows(&app.hits, [(lines.len(), i)], area);
        let in_bank = app.bank.questions.iter().filter(|q| q.topic == t).count();
        let acc = match stats.and_then(|s| s.per_topic.iter().find(|x| x.topic == t.as_str())) {
            Some(x) if x.answers > 0 => format!(
                "{:>3.0}% right of {}",
                100.0 * x.accuracy,
                plural(x.answers, "answer", "answers")
            ),
            _ if stats.is_none() => "(history off)".to_string(),
            _ => "not answered yet".to_string(),
        };
        lines.push(row(
            i == selected,
            format!("{:<18} {:>3} in the bank   {acc}", t.as_str(), in_bank),
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

pub fn draw_exam_setup(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let mut lines = vec![
        Line::styled("Practice exam: how long?", bold()),
        Line::raw(
            "A countdown, flags and a review before you submit; scored 1 to 1000, pass at 700.",
        ),
        Line::raw(""),
    ];
    let mut entry_at = Vec::new();
    for (i, (n, m, note)) in EXAMS.into_iter().enumerate() {
        entry_at.push((lines.len(), i));
        let note = if note.is_empty() {
            String::new()
        } else {
            format!("  ({note})")
        };
        lines.push(row(
            i == selected,
            format!("{}. {n} questions, {m} minutes{note}", i + 1),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Any length: peerlab exam --questions N --minutes M",
    ));
    super::paint::record_hits(&app.hits, &lines, entry_at, area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The key line of the screens in this module and the other study-flow screens.
pub fn keys(app: &App) -> String {
    let leave = if app.from_menu { "q menu" } else { "q quit" };
    match &app.screen {
        Screen::Menu { .. } => "Up/Down, 1-9 or x choose  Enter open  ? keys  q quit".to_string(),
        Screen::Topics { .. } | Screen::ExamSetup { .. } | Screen::NothingDue { .. } => {
            "Up/Down choose  Enter start  Esc menu".to_string()
        }
        Screen::HelpPage => "Up/Down PgUp/PgDn scroll  any other key: menu".to_string(),
        Screen::Progress => {
            "Up/Down PgUp/PgDn scroll  o fit the schedule to you  Esc menu".to_string()
        }
        Screen::Labs { .. } => "Up/Down choose  Enter open  Esc menu".to_string(),
        Screen::Lab { .. } => super::lab::keys().to_string(),
        Screen::Networks { .. } => "Up/Down choose  Enter explore  Esc menu".to_string(),
        Screen::Explore { .. } => "q back to the list  Ctrl+C quit".to_string(),
        Screen::Results if app.results_view.open => {
            "n/p next/previous  Up/Down PgUp/PgDn scroll  Esc list".to_string()
        }
        Screen::Results => {
            format!("Enter open  Tab/a/w/f filter  m retry missed  {leave}")
        }
        _ => String::new(),
    }
}

impl App {
    /// Puts back the flags of a resumed exam.
    pub fn restore_flags(&mut self, flagged: &[usize]) {
        if let Some(s) = &mut self.session {
            for &i in flagged {
                s.set_flag(i, true);
            }
        }
    }
}

/// The menu's Resume: rebuilds the interrupted exam from the history (as `peerlab resume`
/// does) and goes on recording into its stored session.
pub(super) fn resume(app: &mut App, rec: &mut super::Recorder, now: Duration) {
    app.want_resume = false;
    match crate::store::resume_of(&rec.store, &app.bank) {
        Ok(r) => {
            // The letters as they were: the choices are shown in the exam seed's order.
            app.seed = r.seed;
            app.resume(r.items, r.left, r.given, now);
            app.restore_flags(&r.flagged);
            app.from_menu = true;
            rec.session = Some(r.session);
            if let Err(e) = rec.store.add_pause(r.session, r.interrupted) {
                app.status = crate::text::printable(&format!("History not saved: {e}"));
            }
        }
        Err(msg) => app.status = crate::text::printable(&msg),
    }
}
