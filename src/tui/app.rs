//! The trainer's state and `update`: messages in, calls into the quiz engine, screens out.
//! No drawing and no terminal here, so every key sequence is testable on plain values.

use crate::bank::{Bank, FlagSet, Kind, Question, Topic, flags_of};
use crate::eval::{Reason, Verdict};
use crate::generate::dice::Dice;
use crate::model::peering_index;
use crate::quiz::{self, Answer, Grade, Item, Mode, Session, Source};
use std::path::PathBuf;
use std::time::Duration;

/// What the trainer opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Menu,
    Practice {
        topic: Option<Topic>,
        source: Source,
    },
    Exam {
        questions: usize,
        minutes: u64,
        seed: u64,
    },
    Drill {
        questions: usize,
        minutes: u64,
        seed: u64,
        name: String,
        out: PathBuf,
    },
    /// A review session (needs the history: `tui::run` opens it once the history is set).
    Review,
    /// A practice session of these progress keys (`peerlab practice --missed`).
    Missed {
        keys: Vec<String>,
    },
    /// The Lab screen of this built-in lab (`peerlab lab NAME` on a terminal).
    Lab {
        name: String,
    },
}

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Tick,
    Up,
    Down,
    Toggle,
    Enter,
    Digit(u8),
    /// A lettered choice: 0 for A (keys a-e).
    Letter(u8),
    MoveUp,
    MoveDown,
    Next,
    Prev,
    Flag,
    Review,
    Submit,
    Help,
    Back,
    Quit,
    /// Ctrl+C: leave at once, without asking.
    ForceQuit,
    Yes,
    No,
    /// PgUp / PgDn: a screen less two lines (a list: ten entries).
    ScrollUp,
    ScrollDown,
    /// Home / End: the top or the end of a page, the first or last entry of a list.
    Home,
    End,
    /// The mouse wheel: three rows of a page, one entry of a list.
    WheelUp,
    WheelDown,
    /// A left click at this row of the terminal (a choice, a menu entry).
    Click {
        row: u16,
    },
    /// Opens or closes the exhibit over the question (`x`).
    Exhibit,
    /// The exhibit's next / previous tab (Tab, Shift+Tab).
    NextTab,
    PrevTab,
    /// Scrolls the exhibit beside the question (`[` / `]`).
    ExhibitUp,
    ExhibitDown,
    /// Results: the next filter (all, wrong, flagged).
    Filter,
    /// Results: only the wrong (or unanswered) questions.
    Wrong,
    /// Results: every question.
    All,
    /// Results: practise the questions missed.
    Retry,
    /// A key as typed, for the Lab screen's command line (it takes text, not shortcuts).
    Key(ratatui::crossterm::event::KeyEvent),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Menu {
        selected: usize,
    },
    Quiz,
    Review {
        selected: usize,
    },
    ConfirmSubmit,
    ConfirmQuit,
    Results,
    /// The learner's history: accuracy, streak, due counts, exams, readiness.
    Progress,
    /// The menu's list of topics to practise, with the learner's accuracy on each.
    Topics {
        selected: usize,
    },
    /// The menu's choice of exam length and time.
    ExamSetup {
        selected: usize,
    },
    /// The help page: the modes, the score, the schedule, where the history lives.
    HelpPage,
    /// The menu's list of hands-on labs.
    Labs {
        selected: usize,
    },
    /// A lab being worked (`App::lab`); Esc goes back to the list at `from`.
    Lab {
        from: usize,
    },
    /// The menu's list of content topologies to explore (`super::networks`).
    Networks {
        selected: usize,
    },
    /// The Explore sandbox on one of them (`App::explore`); q goes back to the list.
    Explore {
        from: usize,
    },
}

/// What the trainer asks the history to record; `tui::run` writes each one to the store
/// as soon as it is pushed, so a killed trainer loses no answer already given.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Started {
        /// `practice`, `exam`, `drill` or `review`.
        mode: &'static str,
        seed: Option<u64>,
        /// How many questions were asked for (with the seed, what draws the same exam again).
        questions: usize,
        minutes: Option<u64>,
    },
    Answered(crate::store::AnswerRecord),
    Finished {
        score: u16,
        correct: usize,
        seconds: u64,
    },
    /// An exam question was flagged for review (`on`) or its flag cleared.
    Flagged {
        position: usize,
        on: bool,
    },
}

/// What the trainer knows of the history when it opens (absent with `--no-history`).
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Item keys due now, most overdue first.
    pub due: Vec<String>,
    /// Every item key ever answered.
    pub seen: std::collections::HashSet<String>,
    /// The progress screen, as `peerlab stats` prints it.
    pub summary: String,
    /// The figures behind it (accuracy per topic, open exams).
    pub stats: Option<crate::store::Stats>,
    /// What the Progress screen charts.
    pub progress: Option<crate::store::Progress>,
    /// Item keys answered wrong (last answer) over the last [`super::menu::MISSED_DAYS`].
    pub missed: Vec<String>,
    /// Where the history file is.
    pub path: String,
}

/// The answer being built for the current question, before Enter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub cursor: usize,
    pub picked: Vec<usize>,
    /// Order questions: choice indexes as currently arranged.
    pub order: Vec<usize>,
    /// Configure questions: the flags of each editable peering.
    pub flags: Vec<FlagSet>,
    /// Whether the learner has chosen anything yet (or answered before): Enter on an
    /// untouched question records nothing and asks to choose.
    pub touched: bool,
}

pub(super) const NO_HISTORY: &str =
    "The history is off (--no-history, or it could not be opened): review and progress need it.";

/// The reachability choices: Reachable, then Unreachable (with each reason from difficulty 2).
pub fn reach_choices(q: &Question) -> Vec<(Verdict, Option<Reason>)> {
    if !q.offered.is_empty() {
        // The item's own choices (a generated item offers four).
        return q
            .offered
            .iter()
            .map(|&r| match r {
                Reason::Ok => (Verdict::Reachable, None),
                r => (Verdict::Unreachable, Some(r)),
            })
            .collect();
    }
    let mut v = vec![(Verdict::Reachable, None)];
    if quiz::asks_reason(q) {
        let beyond = q.key.is_some_and(|k| !k.reason.in_chapter());
        v.extend(
            Reason::ALL
                .into_iter()
                .filter(|r| *r != Reason::Ok && (beyond || r.in_chapter()))
                .map(|r| (Verdict::Unreachable, Some(r))),
        );
    } else {
        v.push((Verdict::Unreachable, None));
    }
    v
}

/// Whether the choices of `q` are lettered A, B, C... as on the exam (keys a-e select them);
/// long lists (every reachability outcome) and order items keep their numbers.
pub fn lettered(q: &Question) -> bool {
    match q.kind {
        Kind::Single | Kind::Multi | Kind::Fix | Kind::YesNo => true,
        Kind::Reachability => reach_choices(q).len() <= 5,
        Kind::Order | Kind::Configure => false,
    }
}

/// The trace as the learner reads it: the verdict line names the cause in words, not by
/// peerlab's reason code.
fn trace_in_words(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("verdict:") {
            Some(rest) => {
                let rest = rest.trim();
                let cause = Reason::ALL
                    .into_iter()
                    .find(|r| rest.ends_with(&format!("({})", r.code())));
                match cause {
                    Some(Reason::Ok) | None => format!("verdict:  {rest}"),
                    Some(r) => {
                        let verdict = rest.split(" (").next().unwrap_or(rest);
                        format!("verdict:  {verdict}: {}", crate::bank::reason_text(r))
                    }
                }
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub struct App {
    pub bank: Bank,
    pub screen: Screen,
    pub session: Option<Session>,
    pub draft: Draft,
    /// Practice: the grade of the answer just given, shown until the next question.
    pub feedback: Option<Grade>,
    /// Practice: the evaluator's trace of the flow a network question asks about.
    pub trace: Option<String>,
    pub help: bool,
    /// The exhibit of the current question: open or not, its tab, its scroll.
    pub exhibit: super::exhibit::Pane,
    pub quit: bool,
    pub scroll: u16,
    /// What the last draw's page showed (its rows, the scroll it used): paging steps by it and
    /// no key scrolls past the end.
    pub fit: std::cell::Cell<super::paint::Fit>,
    /// Rows of the last draw a click picks something on.
    pub hits: super::paint::Hits,
    /// An answer was just graded: the next draw brings its verdict into view.
    pub reveal: bool,
    pub status: String,
    pub drill: Option<(String, u64, u64, PathBuf)>,
    /// Records for the history, drained by the caller after each update.
    pub events: Vec<Event>,
    pub history: Option<History>,
    /// What the session is called in the history (`practice`, `exam`, `drill`, `review`).
    pub label: &'static str,
    /// Whether the current session's end went into `events` already.
    finish_recorded: bool,
    /// When the current question was shown (how long an answer took).
    shown_at: Duration,
    pub(super) seed: u64,
    /// The results screen's filter, selection and open question.
    pub results_view: super::results::ResultsView,
    /// The session was started from the menu: leaving its results goes back there.
    pub from_menu: bool,
    /// The menu asked to resume the interrupted exam (`tui::run` has the store to do it).
    pub want_resume: bool,
    /// The built-in labs, read when the Labs entry first opens.
    pub labs: Vec<crate::lab::Lab>,
    /// The lab on the Lab screen.
    pub lab: Option<super::lab::LabView>,
    /// Each lab's attempts in the history, for the list of labs.
    pub lab_history: Vec<crate::store::LabSummary>,
    /// The sandbox on the Explore screen.
    pub explore: Option<super::explore::Explore>,
}

impl App {
    pub fn new(bank: Bank, start: Start, seed: u64, now: Duration) -> Self {
        let mut app = App {
            bank,
            screen: Screen::Menu { selected: 0 },
            session: None,
            draft: Draft::default(),
            feedback: None,
            trace: None,
            help: false,
            exhibit: Default::default(),
            quit: false,
            scroll: 0,
            fit: Default::default(),
            hits: Default::default(),
            reveal: false,
            status: String::new(),
            drill: None,
            events: Vec::new(),
            history: None,
            label: "practice",
            finish_recorded: false,
            shown_at: now,
            seed,
            results_view: Default::default(),
            from_menu: false,
            want_resume: false,
            labs: Vec::new(),
            lab: None,
            lab_history: Vec::new(),
            explore: None,
        };
        match start {
            Start::Menu | Start::Review => {}
            Start::Missed { keys } => app.retry_keys(&keys, now),
            Start::Lab { name } => {
                if !app.open_lab(&name) {
                    app.status = format!(
                        "There is no built-in lab named {}.",
                        crate::text::quoted(&name)
                    );
                }
            }
            Start::Practice { topic, source } => app.start(
                "practice",
                Some(seed),
                200,
                quiz::practice(&app.bank, seed, 200, topic, source),
                None,
                now,
            ),
            Start::Exam {
                questions,
                minutes,
                seed,
            } => app.start(
                "exam",
                Some(seed),
                questions,
                quiz::exam(&app.bank, seed, questions),
                Some(minutes),
                now,
            ),
            Start::Drill {
                questions,
                minutes,
                seed,
                name,
                out,
            } => {
                app.drill = Some((name, seed, minutes, out));
                app.start(
                    "drill",
                    Some(seed),
                    questions,
                    quiz::exam(&app.bank, seed, questions),
                    Some(minutes),
                    now,
                );
            }
        }
        app
    }

    /// Scrolls a long page (results, progress, help, the question): a line with the arrows,
    /// three with the wheel, a screen less two lines with PgUp/PgDn; never past the end.
    pub(super) fn scroll_page(&mut self, msg: Msg) {
        let fit = self.fit.get();
        let s = self.scroll;
        let to = match msg {
            Msg::Down => s.saturating_add(1),
            Msg::WheelDown => s.saturating_add(3),
            Msg::ScrollDown => s.saturating_add(fit.step()),
            Msg::Up => s.saturating_sub(1),
            Msg::WheelUp => s.saturating_sub(3),
            Msg::ScrollUp => s.saturating_sub(fit.step()),
            Msg::Home => 0,
            Msg::End => u16::MAX,
            _ => s,
        };
        // Before the first draw the page's length is not known: the draw keeps it in range.
        self.scroll = if fit.height > 0 {
            to.min(fit.last())
        } else {
            to
        };
    }

    /// A review session: what the history says is due, then new questions.
    pub fn review(&mut self, now: Duration) {
        match &self.history {
            Some(h) => {
                let items = quiz::review(&self.bank, &h.due, &h.seen, self.seed, 20);
                self.start("review", Some(self.seed), 20, items, None, now);
            }
            None => self.status = NO_HISTORY.to_string(),
        }
    }

    /// Continues an interrupted exam: the same items, the answers already given, and the
    /// time that was left. Answers go on into the same stored session (the caller's job).
    pub fn resume(
        &mut self,
        items: Vec<Item>,
        left: Duration,
        given: Vec<(usize, Answer)>,
        now: Duration,
    ) {
        self.label = "exam";
        let mut s = Session::new(Mode::Exam, items, Some(left), now);
        for (i, a) in given {
            if s.goto(i).is_ok() {
                let _ = s.answer(a, now);
            }
        }
        let next = s.review().unanswered.first().copied().unwrap_or(0);
        let _ = s.goto(next);
        self.session = Some(s);
        self.screen = Screen::Quiz;
        self.shown_at = now;
        self.finish_recorded = false;
        self.status = "Resumed: the answers you gave are back.".to_string();
        self.reset_draft();
    }

    /// Starts a session and records it in the history.
    pub(super) fn start(
        &mut self,
        label: &'static str,
        seed: Option<u64>,
        asked: usize,
        items: Vec<Item>,
        minutes: Option<u64>,
        now: Duration,
    ) {
        let mode = match label {
            "exam" => Mode::Exam,
            "drill" => Mode::Drill,
            _ => Mode::Practice,
        };
        self.begin(mode, items, minutes, now);
        if self.session.is_some() {
            self.label = label;
            self.events.push(Event::Started {
                mode: label,
                seed,
                questions: asked,
                minutes,
            });
        }
    }

    /// Starts a session on `items` without recording it (tests use it directly).
    pub fn begin(&mut self, mode: Mode, items: Vec<Item>, minutes: Option<u64>, now: Duration) {
        if items.is_empty() {
            self.status = "No questions match.".to_string();
            return;
        }
        self.session = Some(Session::new(
            mode,
            items,
            minutes.map(|m| Duration::from_secs(m * 60)),
            now,
        ));
        self.screen = Screen::Quiz;
        self.shown_at = now;
        self.finish_recorded = false;
        self.reset_draft();
    }

    pub fn item(&self) -> Option<&Item> {
        self.session.as_ref().map(|s| s.item())
    }

    /// A fresh draft for the current question (restoring a given answer when going back).
    fn reset_draft(&mut self) {
        self.feedback = None;
        self.trace = None;
        self.scroll = 0;
        self.exhibit.reset();
        let Some(s) = &self.session else { return };
        let it = s.item();
        let q = &it.question;
        let mut d = Draft::default();
        if q.kind == Kind::Order {
            // Shown shuffled, the same way every time for the same question.
            let mut order: Vec<usize> = (0..q.choices.len()).collect();
            let mut dice = Dice::new(q.id.bytes().fold(self.seed, |h, b| {
                h.wrapping_mul(31).wrapping_add(u64::from(b))
            }));
            dice.shuffle(&mut order);
            if order == q.answer && order.len() > 1 {
                order.swap(0, 1);
            }
            d.order = order;
        }
        if q.kind == Kind::Configure
            && let Some(t) = &it.topology
        {
            d.flags = q
                .editable
                .iter()
                .filter_map(|n| peering_index(t, n).ok())
                .map(|i| flags_of(&t.peerings[i]))
                .collect();
        }
        d.touched = s.answer_of(s.current()).is_some();
        match s.answer_of(s.current()) {
            Some(Answer::Choices { picked }) => {
                d.picked = picked.clone();
                d.cursor = picked.first().copied().unwrap_or(0);
            }
            Some(Answer::Order { sequence }) => d.order = sequence.clone(),
            Some(Answer::Configure { flags }) => d.flags = flags.clone(),
            Some(Answer::Reach { verdict, reason }) => {
                d.cursor = reach_choices(q)
                    .iter()
                    .position(|c| c.0 == *verdict && (c.1 == *reason || c.1.is_none()))
                    .unwrap_or(0)
            }
            None => {}
        }
        self.draft = d;
    }

    /// How many rows the cursor moves over on the current question.
    fn rows(&self) -> usize {
        let Some(it) = self.item() else { return 0 };
        let q = &it.question;
        match q.kind {
            Kind::Reachability => reach_choices(q).len(),
            Kind::Configure => q.editable.len(),
            Kind::Order => self.draft.order.len(),
            _ => q.choices.len(),
        }
    }

    fn draft_answer(&self) -> Option<Answer> {
        let q = &self.item()?.question;
        let d = &self.draft;
        Some(match q.kind {
            Kind::Single | Kind::YesNo | Kind::Fix if !q.picks_many() => Answer::Choices {
                picked: vec![d.cursor],
            },
            Kind::Single | Kind::YesNo | Kind::Multi | Kind::Fix => {
                if d.picked.is_empty() {
                    return None;
                }
                let mut p = d.picked.clone();
                p.sort_unstable();
                Answer::Choices { picked: p }
            }
            Kind::Order => Answer::Order {
                sequence: d.order.clone(),
            },
            Kind::Reachability => {
                let (verdict, reason) = *reach_choices(q).get(d.cursor)?;
                Answer::Reach { verdict, reason }
            }
            Kind::Configure => Answer::Configure {
                flags: d.flags.clone(),
            },
        })
    }

    fn mode(&self) -> Option<Mode> {
        self.session.as_ref().map(|s| s.mode)
    }

    fn finish(&mut self, now: Duration) {
        if let Some(s) = &mut self.session {
            // Not `results().is_none()`: when the countdown runs out, `tick` has already
            // submitted the session, and its score must still reach the history.
            let r = s.submit(now).clone();
            if !self.finish_recorded {
                self.finish_recorded = true;
                // Practice and review count only what was answered (no pass mark).
                let score = if s.mode == Mode::Practice {
                    quiz::Summary::of(&r).score()
                } else {
                    r.score
                };
                self.events.push(Event::Finished {
                    score,
                    correct: r.correct,
                    seconds: r.seconds,
                });
            }
            if let Some((name, seed, minutes, out)) = &self.drill {
                let given: Vec<Option<Answer>> = (0..s.items.len())
                    .map(|i| s.answer_of(i).cloned())
                    .collect();
                let result = quiz::report::drill_result(
                    name,
                    *seed,
                    *minutes,
                    &r,
                    &given,
                    crate::store::unix_now(),
                );
                let text = serde_json::to_string_pretty(&result).expect("serialises");
                self.status = match std::fs::write(out, text) {
                    Ok(()) => format!(
                        "Results saved to {} (hand this file in).",
                        crate::text::printable(&out.display().to_string())
                    ),
                    Err(e) => format!(
                        "Could not save results to {}: {e}",
                        crate::text::printable(&out.display().to_string())
                    ),
                };
            }
        }
        self.screen = Screen::Results;
        self.results_view = Default::default();
        self.scroll = 0;
    }

    fn go(&mut self, to: usize) {
        if let Some(s) = &mut self.session {
            match s.goto(to) {
                Ok(()) => {
                    self.status.clear();
                    self.reset_draft();
                }
                Err(e) => self.status = e.to_string(),
            }
        }
    }

    /// Applies one message at time `now`.
    pub fn update(&mut self, msg: Msg, now: Duration) {
        if let Some(s) = &mut self.session
            && s.tick(now)
        {
            self.status = "Time is up: the exam was submitted.".to_string();
            self.screen = Screen::Results;
            self.finish(now);
        }
        if msg == Msg::Tick {
            return;
        }
        // Start from what is on screen: a scroll the draw kept within the page is the one
        // the keys move from.
        let fit = self.fit.get();
        if fit.height > 0 {
            self.scroll = fit.shown;
        }
        self.reveal = false;
        let Some(msg) = self.moving(msg, now) else {
            return;
        };
        if msg == Msg::ForceQuit {
            self.quit = true;
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        if msg == Msg::Help {
            self.help = true;
            return;
        }
        match self.screen.clone() {
            Screen::Results => self.results_key(msg, now),
            Screen::Menu { selected } => self.menu_key(msg, selected, now),
            Screen::Topics { selected } => self.topics_key(msg, selected, now),
            Screen::ExamSetup { selected } => self.exam_setup_key(msg, selected, now),
            Screen::HelpPage => match msg {
                Msg::Down | Msg::ScrollDown | Msg::Up | Msg::ScrollUp => self.scroll_page(msg),
                _ => self.back_to_menu(),
            },
            Screen::Quiz => self.quiz(msg, now),
            Screen::Review { selected } => {
                let n = self.session.as_ref().map_or(0, |s| s.items.len());
                match msg {
                    Msg::Up => {
                        self.screen = Screen::Review {
                            selected: selected.saturating_sub(1),
                        }
                    }
                    Msg::Down => {
                        self.screen = Screen::Review {
                            selected: (selected + 1).min(n.saturating_sub(1)),
                        }
                    }
                    Msg::Enter => {
                        self.screen = Screen::Quiz;
                        self.go(selected);
                    }
                    Msg::Submit => self.screen = Screen::ConfirmSubmit,
                    Msg::Back | Msg::Review => self.screen = Screen::Quiz,
                    Msg::Quit => self.screen = Screen::ConfirmQuit,
                    _ => {}
                }
            }
            // Only `y` confirms: Enter (pressed once too often) keeps working, the safe choice.
            Screen::ConfirmSubmit => match msg {
                Msg::Yes => self.finish(now),
                Msg::No | Msg::Back | Msg::Enter => self.screen = Screen::Quiz,
                _ => {}
            },
            Screen::ConfirmQuit => match msg {
                Msg::Yes => self.quit = true,
                Msg::No | Msg::Back | Msg::Enter => self.screen = Screen::Quiz,
                _ => {}
            },
            Screen::Progress => match msg {
                Msg::Down | Msg::ScrollDown | Msg::Up | Msg::ScrollUp => self.scroll_page(msg),
                Msg::Quit | Msg::Back | Msg::Enter => self.back_to_menu(),
                _ => {}
            },
            Screen::Labs { selected } => self.labs_key(msg, selected),
            Screen::Lab { from } => self.lab_key(msg, from),
            Screen::Networks { selected } => self.networks_key(msg, selected),
            Screen::Explore { from } => self.explore_key(msg, from),
        }
    }

    /// The exhibit's keys: every key while it covers the question, the tab and scroll keys
    /// beside it. Returns whether `msg` was for the exhibit.
    fn exhibit_key(&mut self, msg: Msg) -> bool {
        let Some(it) = self.session.as_ref().map(|s| s.item()) else {
            return false;
        };
        let tabs = self.exhibit.tabs(it, &self.draft.flags);
        let e = &mut self.exhibit;
        let step = |tab: usize, forward: bool| {
            if tabs == 0 {
                0
            } else if forward {
                (tab + 1) % tabs
            } else {
                (tab + tabs - 1) % tabs
            }
        };
        match msg {
            Msg::Exhibit if tabs == 0 => {
                self.status = "This question has no exhibit.".to_string();
            }
            Msg::Exhibit => {
                e.open = !e.open;
                e.scroll = 0;
            }
            Msg::NextTab | Msg::PrevTab => {
                e.tab = step(e.tab, msg == Msg::NextTab);
                e.scroll = 0;
            }
            Msg::ExhibitUp => e.scroll = e.scroll.saturating_sub(3),
            Msg::ExhibitDown => e.scroll = e.scroll.saturating_add(3),
            _ if !e.open => return false,
            // Over the question, the arrows and paging keys move the exhibit.
            Msg::Next | Msg::Prev => {
                e.tab = step(e.tab, msg == Msg::Next);
                e.scroll = 0;
            }
            Msg::Up => e.scroll = e.scroll.saturating_sub(1),
            Msg::Down => e.scroll = e.scroll.saturating_add(1),
            Msg::ScrollUp => e.scroll = e.scroll.saturating_sub(10),
            Msg::ScrollDown => e.scroll = e.scroll.saturating_add(10),
            Msg::Back | Msg::Quit | Msg::Enter => e.open = false,
            // Choice keys wait until the question is back in view.
            _ => {}
        }
        true
    }

    fn quiz(&mut self, msg: Msg, now: Duration) {
        if self.exhibit_key(msg) {
            return;
        }
        let rows = self.rows();
        let kind = match self.item() {
            Some(it) => it.question.kind,
            None => return,
        };
        let exam = self.mode() != Some(Mode::Practice);
        let lettered = self.item().is_some_and(|i| lettered(&i.question));
        if matches!(
            msg,
            Msg::Up | Msg::Down | Msg::Digit(_) | Msg::Toggle | Msg::MoveUp | Msg::MoveDown
        ) || matches!(msg, Msg::Letter(l) if lettered && usize::from(l) < rows)
        {
            if !self.draft.touched {
                // The "choose an answer first" hint has done its job.
                self.status.clear();
            }
            self.draft.touched = true;
        }
        match msg {
            Msg::Up => self.draft.cursor = self.draft.cursor.saturating_sub(1),
            Msg::Down => self.draft.cursor = (self.draft.cursor + 1).min(rows.saturating_sub(1)),
            Msg::Digit(d) if kind == Kind::Configure && (1..=4).contains(&d) => {
                let c = self.draft.cursor;
                if let Some(f) = self.draft.flags.get_mut(c) {
                    f[d as usize - 1] = !f[d as usize - 1];
                }
            }
            Msg::Digit(d) if d >= 1 && (d as usize) <= rows => self.draft.cursor = d as usize - 1,
            Msg::Letter(l) if lettered && usize::from(l) < rows => {
                self.draft.cursor = usize::from(l)
            }
            Msg::Toggle if self.item().is_some_and(|i| i.question.picks_many()) => {
                let c = self.draft.cursor;
                if let Some(i) = self.draft.picked.iter().position(|&p| p == c) {
                    self.draft.picked.remove(i);
                } else {
                    self.draft.picked.push(c);
                }
            }
            Msg::MoveUp | Msg::MoveDown if kind == Kind::Order => {
                let c = self.draft.cursor;
                let to = if msg == Msg::MoveUp {
                    c.checked_sub(1)
                } else {
                    (c + 1 < rows).then_some(c + 1)
                };
                if let Some(to) = to {
                    self.draft.order.swap(c, to);
                    self.draft.cursor = to;
                }
            }
            Msg::ScrollDown | Msg::ScrollUp => self.scroll_page(msg),
            Msg::Enter => {
                if self.feedback.is_some() {
                    self.advance(now);
                    return;
                }
                if !self.draft.touched {
                    self.status = if kind == Kind::Order {
                        "Put the items in order first (J/K or Shift+Up/Down), then Enter."
                    } else if kind == Kind::Configure {
                        "Set the flags first (Up/Down, then 1-4), then Enter."
                    } else if lettered {
                        "Choose an answer first (its letter, or Up/Down), then Enter."
                    } else {
                        "Choose an answer first (its number, or Up/Down), then Enter."
                    }
                    .to_string();
                    return;
                }
                let Some(answer) = self.draft_answer() else {
                    self.status = "Pick at least one choice (Space), then Enter.".to_string();
                    return;
                };
                let s = self.session.as_mut().expect("in a session");
                let position = s.current();
                match s.answer(answer.clone(), now) {
                    Ok(g) => {
                        let it = &s.items[position];
                        let q = &it.question;
                        self.events
                            .push(Event::Answered(crate::store::AnswerRecord {
                                position,
                                key: it.key(),
                                question_id: q.id.clone(),
                                template: it.template.map(|t| t.as_str().to_string()),
                                topic: q.topic.as_str().to_string(),
                                kind: q.kind.as_str().to_string(),
                                difficulty: q.difficulty,
                                correct: g.correct,
                                millis: now.saturating_sub(self.shown_at).as_millis() as u64,
                                response: serde_json::to_string(&answer).unwrap_or_default(),
                            }));
                        self.shown_at = now;
                        if exam {
                            self.advance(now);
                        } else {
                            self.feedback = Some(g);
                            self.reveal = true;
                            self.trace = self.flow_trace();
                        }
                    }
                    Err(e) => self.status = e.to_string(),
                }
            }
            Msg::Next => self.advance(now),
            Msg::Prev => {
                let cur = self.session.as_ref().map_or(0, |s| s.current());
                if cur > 0 {
                    self.go(cur - 1);
                }
            }
            Msg::Flag if exam => {
                if let Some(s) = &mut self.session {
                    s.toggle_flag();
                    // Kept in the history, so a resumed exam keeps its flags.
                    self.events.push(Event::Flagged {
                        position: s.current(),
                        on: s.is_flagged(s.current()),
                    });
                }
            }
            Msg::Review if exam => {
                self.screen = Screen::Review {
                    selected: self.session.as_ref().map_or(0, |s| s.current()),
                }
            }
            Msg::Submit => {
                if exam {
                    self.screen = Screen::ConfirmSubmit;
                } else {
                    self.finish(now);
                }
            }
            Msg::Quit | Msg::Back => {
                if exam {
                    self.screen = Screen::ConfirmQuit;
                } else {
                    self.finish(now);
                }
            }
            _ => {}
        }
    }

    /// The hop-by-hop trace of the flow a reachability or fix question is about (on the
    /// network as given), as `peerlab trace` prints it.
    fn flow_trace(&self) -> Option<String> {
        let it = self.item()?;
        let q = &it.question;
        let flow = match q.kind {
            Kind::Reachability => q.flow.clone()?,
            Kind::Fix => q.goals.first()?.flow.clone(),
            _ => return None,
        };
        let net = crate::eval::Network::new(it.topology.as_ref()?);
        let spec = crate::eval::FlowSpec {
            from: flow.from,
            to: flow.to,
            port: flow.port,
            protocol: flow.protocol,
        };
        Some(trace_in_words(&net.trace(&spec).ok()?.text()))
    }

    /// The next question; after the last, the review screen (exam) or the results (practice).
    fn advance(&mut self, now: Duration) {
        let (cur, n) = match &self.session {
            Some(s) => (s.current(), s.items.len()),
            None => return,
        };
        if cur + 1 < n {
            self.go(cur + 1);
        } else if self.mode() == Some(Mode::Practice) {
            self.finish(now);
        } else {
            self.screen = Screen::Review { selected: 0 };
        }
    }
}
