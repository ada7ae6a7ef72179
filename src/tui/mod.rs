//! The terminal front end, and the only module that knows about ratatui: it maps keys to
//! messages (`keys`), lets the app update (`app`, which calls the quiz engine) and draws
//! (`view`). `ratatui::run` restores the terminal on exit and on panic. After every update
//! the app's history events are written to the store at once (one transaction per answer);
//! what cannot be written yet waits in the `recorder`, which retries it.

mod answer;
mod app;
mod cram;
mod exhibit;
pub mod explore;
mod help;
mod input;
mod keys;
mod lab;
mod menu;
mod moving;
mod networks;
mod paint;
mod progress;
mod recorder;
mod results;
mod summary;
mod terminal;
mod view;

pub use answer::{lettered, reach_choices};
pub use app::{App, Draft, Event, History, Msg, Screen, Start};
pub use exhibit::{Pane, SIDE_BY_SIDE};
pub use keys::{HELP, map_key};
pub use lab::LabView;
pub use menu::{Entry, MISSED_DAYS};
pub use recorder::{Pending, Recorder};
pub use results::{Filter, ResultsView};
pub use view::{MIN_H, MIN_W, draw};

pub use crate::store::Resume;
use crate::store::Store;
use ratatui::crossterm::event;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// What the trainer needs from the history: what is due, what was seen, the summary.
pub fn history_of(store: &Store) -> Result<History, crate::store::StoreError> {
    let now = crate::store::unix_now();
    let stats = store.stats(now, 0)?;
    Ok(History {
        due: store.due(now)?.into_iter().map(|(k, _)| k).collect(),
        seen: store.seen()?,
        // As `peerlab stats` prints it, with how the schedule is set (retention, own parameters).
        summary: format!(
            "{}\n{}",
            stats.text(store.path()),
            store.scheduler_info()?.text()
        ),
        stats: Some(stats),
        progress: Some(store.progress(now, 0)?),
        missed: store.missed(now - MISSED_DAYS * 86_400, 200)?,
        path: crate::text::printable(&store.path().display().to_string()),
        next_due: store.next_due(now)?,
        read_at: now,
        weakest: store.weakest(cram::CRAM)?,
    })
}

/// The Progress screen's `o`: fits the learner's parameters as `stats --optimize` does, says
/// what happened in the status line, and reads the history again (the due counts move).
pub fn fit_schedule(app: &mut App, store: &mut Store) {
    app.want_optimize = false;
    app.status = match store.optimize() {
        Ok(fit) => {
            if let Ok(h) = history_of(store) {
                app.history = Some(h);
            }
            // Short, for the status line (`stats --optimize` prints the whole report).
            match fit {
                crate::store::Fit::TooFew { reviews, needed } => format!(
                    "Not fitted yet: {reviews} of the {needed} reviews needed (answers a day or more after an earlier one)."
                ),
                crate::store::Fit::Fitted {
                    reviews,
                    rescheduled,
                    ..
                } => format!(
                    "Fitted your schedule to {reviews} reviews; {rescheduled} items rescheduled."
                ),
            }
        }
        Err(e) => crate::text::printable(&format!("Not fitted: {e}")),
    };
}

/// Opens the trainer. Refuses, with exit code 1, when there is no terminal to draw on; ends
/// with 128 + N after signal N (SIGTERM, SIGHUP, SIGQUIT, SIGINT), the answers saved.
pub fn run(
    bank: crate::bank::Bank,
    start: Start,
    seed: u64,
    history: Option<(Store, History)>,
    resume: Option<Resume>,
    mouse: bool,
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
        app.lab_history = store.lab_summaries().unwrap_or_default();
        Recorder::new(store)
    });
    if let Some(rec) = &mut recorder {
        // Answers an earlier run could not save (a held lock, a full disk).
        match rec.import_recovery() {
            Ok(0) => {}
            Ok(n) if !rec.is_pending() => {
                app.status = format!(
                    "Saved {n} answer{} kept from the last run, which could not save them then.",
                    if n == 1 { "" } else { "s" }
                );
            }
            Ok(n) => {
                app.status = format!("{n} answers kept from the last run are not yet saved.");
            }
            Err(e) => app.status = crate::text::printable(&e),
        }
    }
    if review {
        app.review(Duration::ZERO);
    }
    if let Some(r) = resume {
        // The letters as they were: the choices are shown in the exam seed's order.
        app.seed = r.seed;
        app.resume(r.items, r.left, r.given, Duration::ZERO);
        app.restore_flags(&r.flagged);
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
            app.want_resume = false;
            app.want_optimize = false;
            return;
        };
        if app.want_resume {
            menu::resume(app, r, clock.elapsed());
        }
        if app.want_optimize {
            fit_schedule(app, &mut r.store);
        }
        lab::save(app, &mut r.store);
        let had = r.unsaved();
        let events = std::mem::take(&mut app.events);
        let stored = if events.is_empty() {
            r.retry() > 0
        } else {
            let now = crate::store::unix_now();
            for e in events {
                r.push(e, now);
            }
            let queued = r.queued();
            let _ = r.write_pending();
            r.queued() < queued
        };
        let left = r.unsaved();
        if let Some(err) = &r.error {
            app.status = crate::text::printable(&if left > 0 {
                format!(
                    "{left} answer{} not yet saved (retrying): {err}",
                    if left == 1 { "" } else { "s" }
                )
            } else {
                format!("History not saved: {err}")
            });
        } else if had > 0 && left == 0 {
            app.status = "All answers saved.".to_string();
        }
        // Keep the Progress screen and the next review current, once per batch of events
        // (stats take about 12 ms even on 100,000 answers: see benches/store.rs).
        if stored && let Ok(h) = history_of(&r.store) {
            app.history = Some(h);
        }
    };
    save(&mut app);
    let signals = match terminal::Signals::catch() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("peerlab: cannot watch for signals: {e}");
            return 1;
        }
    };
    let result = event_loop(&mut app, &mut save, &signals, clock, mouse);
    if let Some(r) = &mut recorder {
        // One last try, then whatever is still unwritten goes to the recovery file.
        r.retry_now();
        match r.save_recovery() {
            Ok(Some(path)) => say(&format!(
                "peerlab: {} answer{} could not be saved to the history ({}); kept in {}, saved the next time the trainer opens",
                r.unsaved(),
                if r.unsaved() == 1 { "" } else { "s" },
                crate::text::printable(r.error.as_deref().unwrap_or("")),
                crate::text::printable(&path.display().to_string())
            )),
            Ok(None) => {}
            Err(e) => {
                say(&format!(
                    "peerlab: {} answers could not be saved, nor the recovery file written ({e}); here they are:",
                    r.unsaved()
                ));
                say(&crate::text::printable(&r.pending_json()));
            }
        }
        // A practice or review session left without its results screen (Ctrl+C) is closed
        // here, its answers kept; an exam stays open so `peerlab resume` can continue it.
        if let Some(id) = r.session
            && app.label != "exam"
            && let Err(e) = r.store.abandon_session(id, crate::store::unix_now())
        {
            say(&format!(
                "peerlab: {}",
                crate::text::printable(&e.to_string())
            ));
        }
    }
    match (result, signals.caught()) {
        (_, Some(sig)) => terminal::exit_code(sig),
        (Ok(()), None) => 0,
        (Err(e), None) => {
            say(&format!("peerlab: terminal error: {e}"));
            1
        }
    }
}

/// A line on standard error that cannot panic (`eprintln!` does when the terminal is gone,
/// as after SIGHUP).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The longest the loop sleeps: how soon it sees a signal's flag (crossterm's poll resumes
/// after a signal, so the flag is only read between polls).
const WAKE: Duration = Duration::from_millis(250);

/// Handles every event already waiting (poll with zero timeout until none is left); returns
/// whether the screen must be drawn again.
fn drain(
    app: &mut App,
    save: &mut dyn FnMut(&mut App),
    signals: &terminal::Signals,
    clock: Instant,
) -> std::io::Result<bool> {
    let mut dirty = false;
    loop {
        dirty |= input::handle(app, event::read()?, clock.elapsed(), save);
        if app.quit || signals.caught().is_some() || !event::poll(Duration::ZERO)? {
            return Ok(dirty);
        }
    }
}

/// The shortest time between two frames while input keeps arriving.
const FRAME: Duration = Duration::from_millis(40);

/// What the screen shows that changes without a key: the status line (the recorder's
/// messages), the screen (time up submits an exam) and the countdown's second.
fn looks(app: &App, now: Duration) -> (Screen, String, Option<u64>) {
    let left = app
        .session
        .as_ref()
        .filter(|s| s.results().is_none())
        .and_then(|s| s.remaining(now))
        .map(|d| d.as_secs());
    (app.screen.clone(), app.status.clone(), left)
}

/// Draws, waits for input, updates; until the app quits or a signal arrives. The terminal is
/// restored when this returns (the guard), whatever the way out.
///
/// Idle, it wakes every [`WAKE`] to read the clock, the recorder and the signal flag, and
/// draws only when what the screen shows changed (a key, a resize, the countdown's second,
/// a status): no busy redraw. Each wake reads every pending event before drawing (poll with
/// zero timeout until none is left), so a burst of input is never left half read.
fn event_loop(
    app: &mut App,
    save: &mut dyn FnMut(&mut App),
    signals: &terminal::Signals,
    clock: Instant,
    mouse: bool,
) -> std::io::Result<()> {
    let (mut term, _guard) = terminal::open(mouse)?;
    let mut dirty = true;
    let mut shown = None;
    let mut drawn = Instant::now();
    loop {
        if app.quit || signals.caught().is_some() {
            return Ok(());
        }
        let now = clock.elapsed();
        app.update(Msg::Tick, now);
        save(app);
        let look = looks(app, now);
        if dirty || shown.as_ref() != Some(&look) {
            // While input streams in (a held key, a paste without bracketed paste), draw at
            // most once a FRAME: the keys are handled first, the screen catches up after.
            let since = drawn.elapsed();
            if since < FRAME && event::poll(FRAME - since)? {
                dirty |= drain(app, save, signals, clock)?;
                continue;
            }
            term.draw(|f| draw(f, app, now))?;
            drawn = Instant::now();
            shown = Some(look);
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        if event::poll(WAKE)? {
            dirty |= drain(app, save, signals, clock)?;
        }
    }
}
