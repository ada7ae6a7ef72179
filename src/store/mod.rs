//! The learner's history in SQLite: sessions, every answer as it is given, and the FSRS
//! schedule it drives. One answer is one transaction, so a killed process loses nothing that
//! was answered. Times are unix seconds passed in by the caller, so tests need no clock.
//!
//! The database is never replaced or rewritten behind the learner's back: a file that is
//! not a peerlab database, or one written by a newer peerlab, is refused with an error that
//! says what to do.

mod fit;
pub mod fsrs;
mod labs;
mod progress;
mod resume;
mod schema;
mod stats;
mod summary;

pub use fit::{Fit, MIN_REVIEWS, SchedulerInfo, rounded as fit_rounded};
pub use labs::{LabProgress, LabSummary, labs_text};
pub use progress::{DUE_DAYS, ExamRow, Progress, SHADES, TopicWeeks, WEEKS, shade};
pub use resume::{Resume, resume_of};
pub use schema::VERSION;
pub use stats::{
    ExamScore, KindStats, READINESS_ANSWERS, READINESS_TOPICS, Readiness, Stats, TopicStats,
    readiness,
};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The file inside the data directory.
pub const FILE: &str = "history.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: this history was written by a newer peerlab (schema {found}; this one knows {known}). Update peerlab, or use another folder with --data-dir; the file was left as it is"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "{path}: not a readable peerlab history ({detail}). Move it aside (for example to {path}.bad) to start a new one, or use another folder with --data-dir; the file was left as it is"
    )]
    Corrupt { path: String, detail: String },
    #[error(
        "{path}: the data folder cannot be written ({detail}). Fix its permissions, or choose another with --data-dir or PEERLAB_DATA_DIR"
    )]
    Unwritable { path: String, detail: String },
    #[error(
        "{path}: the history stayed locked by another program for several seconds ({detail}). Close other peerlab windows and try again"
    )]
    Busy { path: String, detail: String },
    #[error(
        "{path}: this history holds {detail}, which peerlab did not create, and which could delete, drop or delay every answer saved (a trigger, a changed table). The file was left as it is: save what it holds with `peerlab export > history.json` (reading is safe), then move the file aside to start a new history"
    )]
    Foreign { path: String, detail: String },
    #[error(
        "{path}: the history is a link or not a plain file; peerlab only writes a regular file it owns. Replace it with the file itself, or use another folder with --data-dir"
    )]
    NotAFile { path: String },
    #[error("{path}: {detail}")]
    Sql { path: String, detail: String },
    #[error("{path}: not saved: {detail}")]
    OutOfRange { path: String, detail: String },
}

/// The ranges every value written to the history must be in: a value outside them is a bug
/// or a hostile argument, and once stored it would mislead every later command (an exam of
/// `u64::MAX` minutes was stored as -1 and `resume` then submitted it at once).
pub mod limits {
    /// Questions in one session.
    pub const QUESTIONS: u64 = 100_000;
    /// An exam's or drill's time limit, in minutes (as `--minutes` accepts).
    pub const MINUTES: std::ops::RangeInclusive<u64> = 1..=600;
    /// The scaled score (1 to 1000, as the real exam reports; 0 for nothing answered).
    pub const SCORE: u16 = 1000;
    /// Seconds one session or answer may take: a year.
    pub const SECONDS: u64 = 366 * 86_400;
}

/// One answer, as it is given.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AnswerRecord {
    /// Its place in the session (0-based); answering it again replaces the row.
    pub position: usize,
    /// What the schedule is kept under: `bank:<id>` or `gen:<template>:<difficulty>`.
    pub key: String,
    pub question_id: String,
    /// For a generated question, its template.
    pub template: Option<String>,
    pub topic: String,
    pub kind: String,
    pub difficulty: u8,
    pub correct: bool,
    pub millis: u64,
    /// The answer itself, as JSON, so an interrupted exam can be resumed.
    pub response: String,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub mode: String,
    pub seed: Option<u64>,
    pub questions: usize,
    pub minutes: Option<u64>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub score: Option<u16>,
    pub correct: Option<usize>,
    pub seconds: Option<u64>,
    /// Answers recorded in it.
    pub answered: usize,
    /// Seconds spent interrupted before a resume.
    pub paused: u64,
}

/// One stored answer with its session, for export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerRow {
    pub session: i64,
    pub mode: String,
    pub answered_at: i64,
    #[serde(flatten)]
    pub answer: AnswerRecord,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The learner's FSRS parameters and desired retention, read from the settings at open.
    sched: fsrs::Scheduler,
    sched_warning: Option<String>,
}

/// The data directory: `--data-dir`, else `PEERLAB_DATA_DIR`, else the platform's
/// (`~/.local/share/peerlab` on Linux).
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("PEERLAB_DATA_DIR").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "peerlab").map(|d| d.data_dir().to_path_buf())
}

/// The wall clock as the store counts time (unix seconds); only the commands and the
/// trainer read it, the store itself is always given `now`.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Opens (creating if needed) the history in `dir`, migrating an older schema.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let shown = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Unwritable {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        Self::open_file(&dir.join(FILE))
    }

    /// Opens the history in `dir` for reading: when it does not exist yet, an empty history
    /// in memory (shown under the path it would have), so nothing is created.
    pub fn open_read(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.join(FILE);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Self::open_with(&path, false);
        }
        let shown = path.display().to_string();
        let conn = Connection::open_in_memory().map_err(|e| classify(&shown, e))?;
        let mut store = Store::bare(conn, path);
        schema::migrate(&mut store.conn, &shown)?;
        store.read_settings()?;
        Ok(store)
    }

    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, true)
    }

    /// `for_writing` false: a history that exists, opened without creating it, and one
    /// holding objects peerlab did not create is still read (see [`schema::check`]).
    fn open_with(path: &Path, for_writing: bool) -> Result<Store, StoreError> {
        // A link (even a dangling one, which SQLite would create the database behind) or a
        // FIFO or device is refused: the history is a plain file in the data folder.
        if let Ok(m) = std::fs::symlink_metadata(path)
            && (m.file_type().is_symlink() || !m.is_file())
        {
            return Err(StoreError::NotAFile {
                path: path.display().to_string(),
            });
        }
        // Switching a new file to WAL needs the file to itself for a moment, and SQLite
        // reports that as busy at once rather than waiting: another window opening the
        // history at the same moment is worth a few retries.
        // Bounded by time, not tries: each try may itself wait on the busy timeout.
        let since = std::time::Instant::now();
        let mut tries: u64 = 0;
        loop {
            match Self::open_once(path, for_writing) {
                Err(StoreError::Busy { .. })
                    if since.elapsed() < std::time::Duration::from_secs(5) =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 * tries.min(10)));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path, for_writing: bool) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags as F;
        let shown = path.display().to_string();
        // NOFOLLOW closes the gap between the check above and the open.
        let mut flags = F::SQLITE_OPEN_READ_WRITE | F::SQLITE_OPEN_NOFOLLOW;
        if for_writing {
            flags |= F::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags | F::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| classify(&shown, e))?;
        let mut store = Store::bare(conn, path.to_path_buf());
        store.setup().map_err(|e| classify(&shown, e))?;
        // Refuse a newer or foreign database before anything is written to it (even the
        // switch to WAL rewrites the header).
        schema::check(&store.conn, &shown, for_writing)?;
        store
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .map_err(|e| classify(&shown, e))?;
        schema::migrate(&mut store.conn, &shown)?;
        store.read_settings()?;
        Ok(store)
    }

    fn bare(conn: Connection, path: PathBuf) -> Store {
        Store {
            conn,
            path,
            sched: fsrs::Scheduler::default(),
            sched_warning: None,
        }
    }

    fn read_settings(&mut self) -> Result<(), StoreError> {
        let (sched, warning) = self.load_scheduler()?;
        self.sched = sched;
        self.sched_warning = warning;
        Ok(())
    }

    fn setup(&mut self) -> rusqlite::Result<()> {
        // Two trainer windows may write at once: wait for the other instead of failing.
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Reading the header first makes a non-database file fail here, before any write.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        self.conn
            .execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;")
    }

    /// How long a write waits for another program's lock before failing as busy (five
    /// seconds unless changed; the trainer waits less and retries later instead).
    pub fn set_busy_timeout(&self, d: std::time::Duration) {
        let _ = self.conn.busy_timeout(d);
    }

    /// Caps the file at `pages` pages (SQLite's `max_page_count`): writes beyond it fail as
    /// a full disk would. For tests of what happens then; `None` lifts the cap.
    #[doc(hidden)]
    pub fn limit_pages(&self, pages: Option<u32>) -> Result<(), StoreError> {
        let n = pages.map_or(4_294_967_294, i64::from);
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {n}"), [], |_| Ok(()))
            .map_err(|e| self.err(e))
    }

    /// The file's size in pages.
    #[doc(hidden)]
    pub fn pages(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path.display().to_string(), e)
    }

    fn out_of_range(&self, detail: String) -> StoreError {
        StoreError::OutOfRange {
            path: self.path.display().to_string(),
            detail,
        }
    }

    /// Records the start of a session and returns its id.
    pub fn start_session(
        &mut self,
        mode: &str,
        seed: Option<u64>,
        questions: usize,
        minutes: Option<u64>,
        now: i64,
    ) -> Result<i64, StoreError> {
        if questions as u64 > limits::QUESTIONS {
            return Err(self.out_of_range(format!(
                "a session of {questions} questions (at most {})",
                limits::QUESTIONS
            )));
        }
        if let Some(m) = minutes.filter(|m| !limits::MINUTES.contains(m)) {
            return Err(self.out_of_range(format!(
                "a time limit of {m} minutes (1 to {})",
                limits::MINUTES.end()
            )));
        }
        self.conn
            .execute(
                "INSERT INTO sessions(mode, seed, questions, minutes, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![mode, seed.map(|s| s as i64), questions as i64, minutes.map(|m| m as i64), now],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Commits one answer and its schedule update in one transaction.
    pub fn record(&mut self, session: i64, a: &AnswerRecord, now: i64) -> Result<(), StoreError> {
        if a.position as u64 >= limits::QUESTIONS || !(1..=3).contains(&a.difficulty) {
            return Err(self.out_of_range(format!(
                "an answer at position {} of difficulty {} (positions below {}, difficulty 1 to 3)",
                a.position,
                a.difficulty,
                limits::QUESTIONS
            )));
        }
        let path = self.path.display().to_string();
        let sched = &self.sched;
        let run = |conn: &mut Connection| -> rusqlite::Result<()> {
            // Immediate: take the write lock up front (waiting on the busy timeout), rather than
            // upgrading a read, which SQLite may refuse at once when another window wrote.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // The first answer to an item in a session is the one the schedule learns from:
            // changing an exam answer, or the other statements of a yes-no series (one key),
            // must not count as more reviews.
            // A cram session (practice of the weakest while nothing is due) keeps its
            // answers but never moves the schedule, as carddown's `--cram`.
            let reviewed: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM answers WHERE session_id = ?1 AND item_key = ?2)
                     OR EXISTS(SELECT 1 FROM sessions WHERE id = ?1 AND mode = 'cram')",
                params![session, a.key],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO answers(session_id, position, item_key, question_id, template, topic, kind, difficulty, correct, millis, response, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(session_id, position) DO UPDATE SET item_key=excluded.item_key, question_id=excluded.question_id,
                   template=excluded.template, topic=excluded.topic, kind=excluded.kind, difficulty=excluded.difficulty,
                   correct=excluded.correct, millis=excluded.millis, response=excluded.response, answered_at=excluded.answered_at",
                params![
                    session,
                    a.position as i64,
                    a.key,
                    a.question_id,
                    a.template,
                    a.topic,
                    a.kind,
                    a.difficulty,
                    a.correct,
                    a.millis.min(limits::SECONDS * 1000) as i64,
                    a.response,
                    now
                ],
            )?;
            if reviewed {
                return tx.commit();
            }
            let card = load_card(&tx, &a.key)?;
            let rating = if a.correct {
                fsrs::Rating::Good
            } else {
                fsrs::Rating::Again
            };
            let c = sched.review(card, rating, now);
            tx.execute(
                "INSERT INTO schedule(item_key, stability, difficulty, last_review, due, reps, lapses)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(item_key) DO UPDATE SET stability=excluded.stability, difficulty=excluded.difficulty,
                   last_review=excluded.last_review, due=excluded.due, reps=excluded.reps, lapses=excluded.lapses",
                params![a.key, c.stability, c.difficulty, c.last, c.due, c.reps, c.lapses],
            )?;
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| classify(&path, e))
    }

    /// Closes a session with its score.
    pub fn finish_session(
        &mut self,
        session: i64,
        score: u16,
        correct: usize,
        seconds: u64,
        now: i64,
    ) -> Result<(), StoreError> {
        if score > limits::SCORE || correct as u64 > limits::QUESTIONS || seconds > limits::SECONDS
        {
            return Err(self.out_of_range(format!(
                "a result of score {score}, {correct} right, {seconds} s (score up to {}, seconds up to {})",
                limits::SCORE,
                limits::SECONDS
            )));
        }
        self.conn
            .execute(
                "UPDATE sessions SET finished_at=?2, score=?3, correct=?4, seconds=?5 WHERE id=?1",
                params![session, now, score, correct as i64, seconds as i64],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Adds `seconds` of interruption to a session being resumed (the time between its last
    /// answer and the resume does not count against its time limit).
    pub fn add_pause(&mut self, session: i64, seconds: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE sessions SET paused = paused + ?2 WHERE id = ?1",
                params![session, seconds.clamp(0, limits::SECONDS as i64)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Closes an interrupted session without a score (its answers stay in the history).
    pub fn abandon_session(&mut self, session: i64, now: i64) -> Result<bool, StoreError> {
        self.conn
            .execute(
                "UPDATE sessions SET finished_at=?2 WHERE id=?1 AND finished_at IS NULL",
                params![session, now],
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Runs a query and collects its rows, failing with the store's error.
    fn rows<T, C: FromIterator<T>>(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<C, StoreError> {
        self.conn
            .prepare(sql)
            .and_then(|mut st| st.query_map(args, row)?.collect())
            .map_err(|e| self.err(e))
    }

    pub fn sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        self.rows(
                "SELECT s.id, s.mode, s.seed, s.questions, s.minutes, s.started_at, s.finished_at, s.score, s.correct, s.seconds,
                        (SELECT count(*) FROM answers a WHERE a.session_id = s.id), s.paused
                 FROM sessions s ORDER BY s.id",
            [],
            |r| {
                Ok(SessionRow {
                    id: r.get(0)?,
                    mode: r.get(1)?,
                    seed: r.get::<_, Option<i64>>(2)?.map(|s| s as u64),
                    questions: r.get::<_, i64>(3)?.max(0) as usize,
                    minutes: r.get::<_, Option<i64>>(4)?.map(|m| m.max(0) as u64),
                    started_at: r.get(5)?,
                    finished_at: r.get(6)?,
                    score: r.get(7)?,
                    correct: r.get::<_, Option<i64>>(8)?.map(|c| c.max(0) as usize),
                    seconds: r.get::<_, Option<i64>>(9)?.map(|s| s.max(0) as u64),
                    answered: r.get::<_, i64>(10)?.max(0) as usize,
                    paused: r.get::<_, i64>(11)?.max(0) as u64,
                })
            },
        )
    }

    /// Sessions that were never finished (the trainer was closed or killed mid-way).
    pub fn open_sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        Ok(self
            .sessions()?
            .into_iter()
            .filter(|s| s.finished_at.is_none())
            .collect())
    }

    /// The answers of one session, by position (what resuming restores).
    pub fn session_answers(&self, session: i64) -> Result<Vec<AnswerRow>, StoreError> {
        self.history_where("WHERE a.session_id = ?1", params![session])
    }

    /// Every answer, oldest first.
    pub fn history(&self) -> Result<Vec<AnswerRow>, StoreError> {
        self.history_where("", params![])
    }

    fn history_where(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<AnswerRow>, StoreError> {
        self.rows(&history_sql(filter), args, answer_row)
    }

    /// Every answer, oldest first, handed to `f` one at a time as it is read: `export` of
    /// 300,000 answers holds one row, not all of them (issue 12). `f`'s error stops the walk.
    pub fn each_answer<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(AnswerRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut st = self
            .conn
            .prepare(&history_sql(""))
            .map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            f(answer_row(r).map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    /// The schedule of one item.
    pub fn card(&self, key: &str) -> Result<Option<fsrs::Card>, StoreError> {
        load_card(&self.conn, key).map_err(|e| self.err(e))
    }

    /// Items due at `now`, most overdue first.
    pub fn due(&self, now: i64) -> Result<Vec<(String, i64)>, StoreError> {
        self.rows(
            "SELECT item_key, due FROM schedule WHERE due <= ?1 ORDER BY due, item_key",
            [now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Every item with a schedule (to tell new items from seen ones).
    pub fn seen(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        self.rows("SELECT item_key FROM schedule", [], |r| r.get(0))
    }

    pub fn stats(&self, now: i64, utc_offset_secs: i64) -> Result<Stats, StoreError> {
        stats::compute(&self.conn, now, utc_offset_secs).map_err(|e| self.err(e))
    }
}

fn history_sql(filter: &str) -> String {
    format!(
        "SELECT a.session_id, s.mode, a.answered_at, a.position, a.item_key, a.question_id, a.template, a.topic, a.kind,
                a.difficulty, a.correct, a.millis, a.response
         FROM answers a JOIN sessions s ON s.id = a.session_id {filter} ORDER BY a.answered_at, a.id"
    )
}

fn answer_row(r: &rusqlite::Row) -> rusqlite::Result<AnswerRow> {
    Ok(AnswerRow {
        session: r.get(0)?,
        mode: r.get(1)?,
        answered_at: r.get(2)?,
        answer: AnswerRecord {
            position: r.get::<_, i64>(3)?.max(0) as usize,
            key: r.get(4)?,
            question_id: r.get(5)?,
            template: r.get(6)?,
            topic: r.get(7)?,
            kind: r.get(8)?,
            difficulty: r.get(9)?,
            correct: r.get(10)?,
            millis: r.get::<_, i64>(11)?.max(0) as u64,
            response: r.get(12)?,
        },
    })
}

fn load_card(conn: &Connection, key: &str) -> rusqlite::Result<Option<fsrs::Card>> {
    conn.query_row(
        "SELECT stability, difficulty, last_review, due, reps, lapses FROM schedule WHERE item_key=?1",
        [key],
        |r| {
            Ok(fsrs::Card {
                stability: r.get(0)?,
                difficulty: r.get(1)?,
                last: r.get(2)?,
                due: r.get(3)?,
                reps: r.get(4)?,
                lapses: r.get(5)?,
            })
        },
    )
    .optional()
}

/// Sorts SQLite's failures into what the learner can act on.
fn classify(path: &str, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    // A value of the wrong type where peerlab wrote a number (a row edited by hand): say
    // which column, rather than rusqlite's "Invalid column type Null at index: 2".
    if let rusqlite::Error::InvalidColumnType(_, column, found) = &e {
        let found = match found {
            rusqlite::types::Type::Null => "no value (NULL)".to_string(),
            t => format!("a value of type {t}"),
        };
        return StoreError::Sql {
            path: path.to_string(),
            detail: format!(
                "a row holds {found} in column `{column}`, which peerlab does not write (was the file edited by hand?). Put the value back or delete the row with the sqlite3 tool; the file was left as it is"
            ),
        };
    }
    let detail = e.to_string();
    match e.sqlite_error_code() {
        Some(C::NotADatabase | C::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_string(),
            detail,
        },
        Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy {
            path: path.to_string(),
            detail,
        },
        Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => StoreError::Unwritable {
            path: path.to_string(),
            detail,
        },
        _ => StoreError::Sql {
            path: path.to_string(),
            detail,
        },
    }
}
