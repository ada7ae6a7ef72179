//! Writes the trainer's history events to the store without ever losing one: an event that
//! cannot be written now (another program holds the lock, the disk is full) stays in memory
//! and is retried, in order, until it is written; what is still unwritten when the trainer
//! closes goes to a recovery file next to the history, which the next start writes in and
//! removes (issue 12: a held lock lost 2 of 4 answers, a full disk all 15).

use super::Event;
use crate::store::{AnswerRecord, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One history write not yet done, with the time it happened. `session` is the stored id
/// when it was known at the time, `None` for "the session started just before it here".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Pending {
    Started {
        mode: String,
        seed: Option<u64>,
        questions: usize,
        minutes: Option<u64>,
        at: i64,
    },
    Answered {
        session: Option<i64>,
        answer: AnswerRecord,
        at: i64,
    },
    Finished {
        session: Option<i64>,
        score: u16,
        correct: usize,
        seconds: u64,
        at: i64,
    },
    Flagged {
        session: Option<i64>,
        position: usize,
        on: bool,
    },
}

/// The largest recovery file read back (far more than any real backlog).
const MAX_RECOVERY_BYTES: usize = 64 << 20;

/// How long one write waits for another program's lock before it is left for a retry (the
/// trainer must not freeze for the store's usual five seconds on every answer).
const PATIENCE: Duration = Duration::from_millis(200);

/// After a failed write, the next try waits this long (a full disk is not hammered).
const RETRY: Duration = Duration::from_secs(1);

pub struct Recorder {
    pub store: Store,
    /// The stored id of the session being recorded, once it is known.
    pub session: Option<i64>,
    queue: VecDeque<Pending>,
    /// A session was started here but is not written yet and not finished.
    open_unwritten: bool,
    /// The id given to the last `Started` written from the queue.
    last_started: Option<i64>,
    /// The last failure, while anything is pending.
    pub error: Option<String>,
    retry_at: Option<Instant>,
    /// The recovery file found at the start could not be read: it is the learner's, left as
    /// it is (it may hold answers a newer peerlab wrote), never removed or written over.
    unread_recovery: bool,
}

impl Recorder {
    pub fn new(store: Store) -> Self {
        // Bounded waits: a lock held elsewhere makes this write fail soon and retry later.
        store.set_busy_timeout(PATIENCE);
        Recorder {
            store,
            session: None,
            queue: VecDeque::new(),
            open_unwritten: false,
            last_started: None,
            error: None,
            retry_at: None,
            unread_recovery: false,
        }
    }

    /// Queues `e` (it happened at `now`) and writes everything pending, in order. `Err` holds
    /// the failure when something is left pending (it is kept and retried).
    pub fn write(&mut self, e: Event, now: i64) -> Result<(), StoreError> {
        self.push(e, now);
        self.retry_at = None;
        self.flush()
    }

    /// Queues `e` without writing.
    pub fn push(&mut self, e: Event, now: i64) {
        let p = match e {
            Event::Started {
                mode,
                seed,
                questions,
                minutes,
            } => {
                self.session = None;
                self.open_unwritten = true;
                Pending::Started {
                    mode: mode.to_string(),
                    seed,
                    questions,
                    minutes,
                    at: now,
                }
            }
            Event::Answered(answer) => Pending::Answered {
                session: self.session,
                answer,
                at: now,
            },
            Event::Finished {
                score,
                correct,
                seconds,
            } => {
                self.open_unwritten = false;
                Pending::Finished {
                    session: self.session.take(),
                    score,
                    correct,
                    seconds,
                    at: now,
                }
            }
            Event::Flagged { position, on } => Pending::Flagged {
                session: self.session,
                position,
                on,
            },
        };
        self.queue.push_back(p);
    }

    /// Answers not yet written.
    pub fn unsaved(&self) -> usize {
        self.queue
            .iter()
            .filter(|p| matches!(p, Pending::Answered { .. }))
            .count()
    }

    /// Events waiting (answers, sessions' starts and ends).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Whether anything (an answer, a session's start or end) is waiting.
    pub fn is_pending(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Writes the queue now, whatever the retry delay.
    pub fn write_pending(&mut self) -> Result<(), StoreError> {
        self.retry_at = None;
        self.flush()
    }

    /// One last try on the way out, waiting for a lock up to the store's usual patience.
    pub fn retry_now(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        self.store.set_busy_timeout(Duration::from_secs(2));
        let _ = self.write_pending();
        self.store.set_busy_timeout(PATIENCE);
    }

    /// The pending events as JSON (the recovery file's contents).
    pub fn pending_json(&self) -> String {
        serde_json::to_string_pretty(&self.queue).expect("pending events serialise")
    }

    /// Retries the pending writes unless a failure was too recent; the number written.
    pub fn retry(&mut self) -> usize {
        if self.queue.is_empty() || self.retry_at.is_some_and(|t| Instant::now() < t) {
            return 0;
        }
        let before = self.queue.len();
        let _ = self.flush();
        before - self.queue.len()
    }

    /// Writes the queue front to back, stopping at the first failure (later events depend on
    /// earlier ones: an answer needs its session).
    fn flush(&mut self) -> Result<(), StoreError> {
        while let Some(p) = self.queue.front() {
            let done = match p {
                Pending::Started {
                    mode,
                    seed,
                    questions,
                    minutes,
                    at,
                } => self
                    .store
                    .start_session(mode, *seed, *questions, *minutes, *at)
                    .map(Some),
                Pending::Answered {
                    session,
                    answer,
                    at,
                } => match session.or(self.last_started) {
                    Some(id) => self.store.record(id, answer, *at).map(|()| None),
                    // Nothing to attach it to (cannot happen for a queue built by `push`).
                    None => Ok(None),
                },
                Pending::Finished {
                    session,
                    score,
                    correct,
                    seconds,
                    at,
                } => match session.or(self.last_started) {
                    Some(id) => self
                        .store
                        .finish_session(id, *score, *correct, *seconds, *at)
                        .map(|()| None),
                    None => Ok(None),
                },
                Pending::Flagged {
                    session,
                    position,
                    on,
                } => match session.or(self.last_started) {
                    Some(id) => self.store.set_flag(id, *position, *on).map(|()| None),
                    None => Ok(None),
                },
            };
            match done {
                Ok(started) => {
                    let was_start = matches!(p, Pending::Started { .. });
                    self.queue.pop_front();
                    if was_start {
                        self.last_started = started;
                        let another = self
                            .queue
                            .iter()
                            .any(|p| matches!(p, Pending::Started { .. }));
                        if !another && self.open_unwritten {
                            self.session = started;
                            self.open_unwritten = false;
                        }
                    }
                }
                // Out of range: a bug, not a fault that a retry cures; dropped, said once.
                Err(e @ StoreError::OutOfRange { .. }) => {
                    self.queue.pop_front();
                    self.error = Some(e.to_string());
                    return Err(e);
                }
                Err(e) => {
                    self.error = Some(e.to_string());
                    self.retry_at = Some(Instant::now() + RETRY);
                    return Err(e);
                }
            }
        }
        self.error = None;
        Ok(())
    }

    /// Where unwritten events are kept between runs: next to the history file.
    pub fn recovery_path(&self) -> PathBuf {
        self.store.path().with_file_name("history.pending.json")
    }

    /// Writes what is still pending to the recovery file (replacing it: the queue holds what
    /// an earlier file held too), or removes the file when nothing is pending. A file that
    /// could not be read at the start is neither removed nor replaced: with something pending
    /// that is an error, and the caller prints what is pending instead.
    pub fn save_recovery(&self) -> std::io::Result<Option<PathBuf>> {
        let path = self.recovery_path();
        if self.unread_recovery {
            if self.queue.is_empty() {
                return Ok(None);
            }
            return Err(std::io::Error::other(format!(
                "{} holds a recovery file this peerlab could not read, left as it is",
                path.display()
            )));
        }
        if self.queue.is_empty() {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => return Ok(None),
            }
        }
        let json = self.pending_json();
        // Written aside then renamed, so a crash mid-write leaves the old file whole; a
        // failed write (a full disk) leaves no half-written file behind.
        let tmp = path.with_extension("json.tmp");
        if let Err(e) = std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, &path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(Some(path))
    }

    /// Reads a recovery file left by an earlier run into the front of the queue and writes
    /// it. The number of answers it held, or why it could not be read (it is left alone).
    pub fn import_recovery(&mut self) -> Result<usize, String> {
        let path = self.recovery_path();
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(0);
        }
        let shown = crate::text::printable(&path.display().to_string());
        // Until it is read whole, the file is the learner's: left as it is, even at exit.
        self.unread_recovery = true;
        let text = crate::bank::read_text(&path, MAX_RECOVERY_BYTES)
            .map_err(|e| format!("{shown}: {e}"))?;
        let mut old: VecDeque<Pending> = serde_json::from_str(&text)
            .map_err(|e| format!("{shown}: not a peerlab recovery file ({e}); left as it is"))?;
        self.unread_recovery = false;
        let answers = old
            .iter()
            .filter(|p| matches!(p, Pending::Answered { .. }))
            .count();
        old.extend(self.queue.drain(..));
        self.queue = old;
        if self.flush().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
        Ok(answers)
    }
}
