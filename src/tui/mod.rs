//! The terminal front end, and the only module that knows about ratatui: it maps keys to
//! messages (`keys`), lets the app update (`app`, which calls the quiz engine) and draws
//! (`view`). `ratatui::run` restores the terminal on exit and on panic. After every update
//! the app's history events are written to the store at once (one transaction per answer).

mod app;
mod keys;
mod view;

pub use app::{App, Draft, Event, History, MENU, Msg, Screen, Start, reach_choices};
pub use keys::{HELP, map_key};
pub use view::{MIN_H, MIN_W, draw};

pub use crate::store::Resume;
use crate::store::Store;
use ratatui::crossterm::event;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Writes the app's events to the store, remembering which session they belong to.
pub struct Recorder {
    pub store: Store,
    pub session: Option<i64>,
}

impl Recorder {
    pub fn write(&mut self, e: Event, now: i64) -> Result<(), crate::store::StoreError> {
        match e {
            Event::Started {
                mode,
                seed,
                questions,
                minutes,
            } => {
                self.session = Some(
                    self.store
                        .start_session(mode, seed, questions, minutes, now)?,
                );
            }
            Event::Answered(a) => match self.session {
                Some(id) => self.store.record(id, &a, now)?,
                None => {
                    return Err(crate::store::StoreError::Sql {
                        path: self.store.path().display().to_string(),
                        detail: "this session could not be started in the history, so its answers are not being saved".to_string(),
                    });
                }
            },
            Event::Finished {
                score,
                correct,
                seconds,
            } => {
                if let Some(id) = self.session.take() {
                    self.store
                        .finish_session(id, score, correct, seconds, now)?;
                }
            }
        }
        Ok(())
    }
}

/// What the trainer needs from the history: what is due, what was seen, the summary.
pub fn history_of(store: &Store) -> Result<History, crate::store::StoreError> {
    let now = crate::store::unix_now();
    Ok(History {
        due: store.due(now)?.into_iter().map(|(k, _)| k).collect(),
        seen: store.seen()?,
        summary: store.stats(now, 0)?.text(store.path()),
    })
}

/// Opens the trainer. Refuses, with exit code 1, when there is no terminal to draw on.
pub fn run(
    bank: crate::bank::Bank,
    start: Start,
    seed: u64,
    history: Option<(Store, History)>,
    resume: Option<Resume>,
) -> i32 {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "peerlab: the trainer needs an interactive terminal (standard input and output are not one). For scripts, use: peerlab check, trace, routes, diagram, generate, questions, report, stats, export."
        );
        return 1;
    }
    let clock = Instant::now();
    let review = start == Start::Review;
    let mut app = App::new(bank, start, seed, Duration::ZERO);
    let mut recorder = history.map(|(store, h)| {
        app.history = Some(h);
        Recorder {
            store,
            session: None,
        }
    });
    if review {
        app.review(Duration::ZERO);
    }
    if let Some(r) = resume {
        app.resume(r.items, r.left, r.given, Duration::ZERO);
        if let Some(rec) = &mut recorder {
            rec.session = Some(r.session);
            if let Err(e) = rec.store.add_pause(r.session, r.interrupted) {
                app.status = crate::text::printable(&format!("History not saved: {e}"));
            }
        }
    }
    let mut save = |app: &mut App| {
        let Some(r) = &mut recorder else {
            app.events.clear();
            return;
        };
        let mut stored = false;
        for e in std::mem::take(&mut app.events) {
            match r.write(e, crate::store::unix_now()) {
                Ok(()) => stored = true,
                Err(err) => {
                    app.status = crate::text::printable(&format!("History not saved: {err}"));
                }
            }
        }
        // Keep the Progress screen and the next review current, once per batch of events
        // (stats take about 12 ms even on 100,000 answers: see benches/store.rs).
        if stored && let Ok(h) = history_of(&r.store) {
            app.history = Some(h);
        }
    };
    save(&mut app);
    let result: std::io::Result<()> = ratatui::run(|terminal| {
        loop {
            app.update(Msg::Tick, clock.elapsed());
            save(&mut app);
            terminal.draw(|f| draw(f, &app, clock.elapsed()))?;
            if app.quit {
                return Ok(());
            }
            if event::poll(Duration::from_millis(250))?
                && let event::Event::Key(k) = event::read()?
                && k.is_press()
                && let Some(m) = map_key(k, &app)
            {
                app.update(m, clock.elapsed());
                save(&mut app);
            }
        }
    });
    // A practice or review session left without its results screen (Ctrl+C) is closed
    // here, its answers kept; an exam stays open so `peerlab resume` can continue it.
    if let Some(r) = &mut recorder
        && let Some(id) = r.session
        && app.label != "exam"
        && let Err(e) = r.store.abandon_session(id, crate::store::unix_now())
    {
        eprintln!("peerlab: {}", crate::text::printable(&e.to_string()));
    }
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("peerlab: terminal error: {e}");
            1
        }
    }
}
