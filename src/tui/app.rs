//! The trainer's state and `update`: messages in, calls into the quiz engine, screens out.
//! No drawing and no terminal here, so every key sequence is testable on plain values.

use crate::bank::{Bank, FlagSet, Topic};
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
    /// Progress: fit the schedule to the learner's own reviews (`stats --optimize`).
    Optimize,
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
    /// Review found nothing due: when the next is, and new questions or a cram session.
    NothingDue {
        selected: usize,
    },
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
    /// When the next item falls due after `read_at` (unix seconds), if any has a schedule.
    pub next_due: Option<i64>,
    /// When this was read from the store (unix seconds).
    pub read_at: i64,
    /// The weakest items (most lapses, least stable), for a cram session.
    pub weakest: Vec<String>,
}

/// The answer being built for the current question, before Enter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub cursor: usize,
    /// Choice questions: the rows picked (several when the question asks for several).
    pub picked: Vec<usize>,
    /// Choice questions: the stored index of the choice on each row ([`quiz::shown_order`]).
    pub shown: Vec<usize>,
    /// Order questions: the list being built, choice indexes first to last.
    pub order: Vec<usize>,
    /// Order questions: the actions not in the list (a build-list item offers more than it
    /// needs, as on the exam; Space moves one in or out).
    pub spare: Vec<usize>,
    /// Configure questions: the flags of each editable peering.
    pub flags: Vec<FlagSet>,
    /// Whether the learner has chosen anything yet (or answered before): Enter on an
    /// untouched question records nothing and asks to choose.
    pub touched: bool,
}

pub(super) const NO_HISTORY: &str =
    "The history is off (--no-history, or it could not be opened): review and progress need it.";

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
    pub(super) finish_recorded: bool,
    /// When the current question was shown (how long an answer took).
    pub(super) shown_at: Duration,
    pub(super) seed: u64,
    /// The results screen's filter, selection and open question.
    pub results_view: super::results::ResultsView,
    /// The session was started from the menu: leaving its results goes back there.
    pub from_menu: bool,
    /// The menu asked to resume the interrupted exam (`tui::run` has the store to do it).
    pub want_resume: bool,
    /// The Progress screen asked to fit the schedule (`tui::run` has the store to do it).
    pub want_optimize: bool,
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
            want_optimize: false,
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
            } => {
                // The exam's seed also orders the choices (quiz::shown_order).
                app.seed = seed;
                app.start(
                    "exam",
                    Some(seed),
                    questions,
                    quiz::exam(&app.bank, seed, questions),
                    Some(minutes),
                    now,
                )
            }
            Start::Drill {
                questions,
                minutes,
                seed,
                name,
                out,
            } => {
                app.drill = Some((name, seed, minutes, out));
                // Every student of the drill sees the same letters: its seed orders them.
                app.seed = seed;
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
            Some(h) if h.due.is_empty() => self.nothing_due(),
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

    pub(super) fn mode(&self) -> Option<Mode> {
        self.session.as_ref().map(|s| s.mode)
    }

    pub(super) fn finish(&mut self, now: Duration) {
        // A hint about the question left ("put the items in order first") would stay under
        // the results.
        self.status.clear();
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

    pub(super) fn go(&mut self, to: usize) {
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
            self.screen = Screen::Results;
            self.finish(now);
            // Before what `finish` said (a drill's "Results saved to ...").
            self.status = format!("Time is up: the exam was submitted. {}", self.status)
                .trim_end()
                .to_string();
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
                Msg::Optimize => self.want_optimize = true,
                Msg::Quit | Msg::Back | Msg::Enter => self.back_to_menu(),
                _ => {}
            },
            Screen::NothingDue { selected } => self.nothing_due_key(msg, selected, now),
            Screen::Labs { selected } => self.labs_key(msg, selected),
            Screen::Lab { from } => self.lab_key(msg, from),
            Screen::Networks { selected } => self.networks_key(msg, selected),
            Screen::Explore { from } => self.explore_key(msg, from),
        }
    }

    /// The next question; after the last, the review screen (exam) or the results (practice).
    pub(super) fn advance(&mut self, now: Duration) {
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
