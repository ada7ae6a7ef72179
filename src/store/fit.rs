//! The learner's own FSRS parameters and desired retention: kept in the `settings` table
//! (migration 3), fitted by the `fsrs` crate's optimizer from every answer the history keeps,
//! and the schedule replayed with them, as Anki does when it optimizes.

use super::fsrs::{self, Card, Rating, Scheduler};
use super::{Store, StoreError};
use ::fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};
use rusqlite::params;
use serde::Serialize;

const PARAMETERS_KEY: &str = "fsrs_parameters";
const RETENTION_KEY: &str = "desired_retention";
const DAY: i64 = 86_400;

/// Reviews a fit needs: answers given a day or more after an earlier answer to the same item.
/// The crate's optimizer trains beyond the first-answer stabilities only from 64 of them
/// (`compute_parameters` returns the initial fit alone below that).
pub const MIN_REVIEWS: usize = 64;

/// What `stats --optimize` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Fit {
    /// Not enough reviews yet: nothing was changed.
    TooFew { reviews: usize, needed: usize },
    Fitted {
        reviews: usize,
        parameters: Vec<f32>,
        /// Log loss of the recall predictions on the same reviews (lower is better), with the
        /// parameters used before and with the fitted ones.
        log_loss_before: f32,
        log_loss_after: f32,
        /// Items whose schedule was replayed with the new parameters.
        rescheduled: usize,
    },
}

/// One item's answers as the schedule learnt from them: (unix seconds, right).
type Reviews = Vec<(i64, bool)>;

impl Store {
    /// Reads the learner's scheduler from the settings; a setting that cannot be used (edited
    /// by hand) leaves the defaults and says which setting and why.
    pub(super) fn load_scheduler(&self) -> Result<(Scheduler, Option<String>), StoreError> {
        let params = self.setting(PARAMETERS_KEY)?;
        let retention = self.setting(RETENTION_KEY)?;
        let mut warning = None;
        let retention = match retention.as_deref().map(str::parse::<f32>) {
            None => fsrs::RETENTION,
            Some(Ok(r)) if fsrs::RETENTION_RANGE.contains(&r) => r,
            Some(_) => {
                warning = Some(format!(
                    "setting {RETENTION_KEY} is not a number from {} to {}; using {}",
                    fsrs::RETENTION_RANGE.start(),
                    fsrs::RETENTION_RANGE.end(),
                    fsrs::RETENTION
                ));
                fsrs::RETENTION
            }
        };
        let parsed = params.map(|p| {
            serde_json::from_str::<Vec<f32>>(&p)
                .map_err(|e| e.to_string())
                .and_then(|w| Scheduler::new(&w, retention))
        });
        let sched = match parsed {
            None => Scheduler::new(&fsrs::DEFAULT_PARAMETERS, retention),
            Some(Ok(s)) => Ok(s),
            Some(Err(e)) => {
                warning = Some(format!(
                    "setting {PARAMETERS_KEY} cannot be used ({e}); using the default parameters until `peerlab stats --optimize` fits new ones"
                ));
                Scheduler::new(&fsrs::DEFAULT_PARAMETERS, retention)
            }
        }
        .expect("the defaults with a checked retention are valid");
        Ok((sched, warning))
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.sched
    }

    /// Why a stored setting was not used, when one was not.
    pub fn settings_warning(&self) -> Option<&str> {
        self.sched_warning.as_deref()
    }

    /// Whether the parameters are the learner's own (fitted) rather than the defaults.
    pub fn fitted(&self) -> bool {
        self.sched.parameters() != fsrs::DEFAULT_PARAMETERS
    }

    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let v: Vec<String> =
            self.rows("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })?;
        Ok(v.into_iter().next())
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Sets the desired retention for every answer from now on (range-checked).
    pub fn set_retention(&mut self, retention: f32) -> Result<(), StoreError> {
        let sched =
            Scheduler::new(self.sched.parameters(), retention).map_err(|e| self.out_of_range(e))?;
        self.set_setting(RETENTION_KEY, &retention.to_string())?;
        self.sched = sched;
        Ok(())
    }

    /// Every item's reviews as the schedule learns them: the first answer to it in each
    /// session (as [`Store::record`] counts), cram sessions left out, oldest first.
    fn reviews(&self) -> Result<Vec<(String, Reviews)>, StoreError> {
        let rows: Vec<(String, i64, bool)> = self.rows(
            "SELECT item_key, answered_at, correct FROM answers a
             WHERE a.id = (SELECT min(b.id) FROM answers b
                           WHERE b.session_id = a.session_id AND b.item_key = a.item_key)
               AND a.session_id NOT IN (SELECT id FROM sessions WHERE mode = 'cram')
             ORDER BY item_key, answered_at, id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut out: Vec<(String, Reviews)> = Vec::new();
        for (key, at, right) in rows {
            match out.last_mut() {
                Some((k, v)) if *k == key => v.push((at, right)),
                _ => out.push((key, vec![(at, right)])),
            }
        }
        Ok(out)
    }

    /// Reviews usable for a fit, counted as [`MIN_REVIEWS`] counts them.
    pub fn fit_reviews(&self) -> Result<usize, StoreError> {
        Ok(training_items(&self.reviews()?).len())
    }

    /// Fits the learner's parameters to the history, stores them and replays every item's
    /// schedule with them. Too few reviews: nothing is changed, and the counts say so.
    pub fn optimize(&mut self) -> Result<Fit, StoreError> {
        let reviews = self.reviews()?;
        let items = training_items(&reviews);
        if items.len() < MIN_REVIEWS {
            return Ok(Fit::TooFew {
                reviews: items.len(),
                needed: MIN_REVIEWS,
            });
        }
        let fitted = ::fsrs::compute_parameters(ComputeParametersInput {
            train_set: items.clone(),
            ..Default::default()
        })
        .map_err(|e| self.out_of_range(format!("the FSRS optimizer failed: {e}")))?;
        let sched = Scheduler::new(&fitted, self.sched.retention()).map_err(|e| {
            self.out_of_range(format!(
                "the FSRS optimizer returned unusable parameters: {e}"
            ))
        })?;
        let loss = |w: &[f32]| {
            FSRS::new(w)
                .and_then(|m| m.evaluate(items.clone(), |_| true))
                .map_or(f32::NAN, |e| e.log_loss)
        };
        let log_loss_before = loss(self.sched.parameters());
        let log_loss_after = loss(&fitted);
        let json = serde_json::to_string(&fitted).expect("serialises");
        let replayed: Vec<(String, Card)> = reviews
            .iter()
            .filter_map(|(key, r)| replay(&sched, r).map(|c| (key.clone(), c)))
            .collect();
        let path = self.path.display().to_string();
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![PARAMETERS_KEY, json],
            )?;
            for (key, c) in &replayed {
                tx.execute(
                    "INSERT INTO schedule(item_key, stability, difficulty, last_review, due, reps, lapses)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(item_key) DO UPDATE SET stability=excluded.stability, difficulty=excluded.difficulty,
                       last_review=excluded.last_review, due=excluded.due, reps=excluded.reps, lapses=excluded.lapses",
                    params![key, c.stability, c.difficulty, c.last, c.due, c.reps, c.lapses],
                )?;
            }
            tx.commit()
        };
        write(&mut self.conn).map_err(|e| super::classify(&path, e))?;
        self.sched = sched;
        self.sched_warning = None;
        Ok(Fit::Fitted {
            reviews: items.len(),
            parameters: fitted,
            log_loss_before,
            log_loss_after,
            rescheduled: replayed.len(),
        })
    }
}

/// The item's memory state after all its reviews, under `sched`.
fn replay(sched: &Scheduler, reviews: &[(i64, bool)]) -> Option<Card> {
    reviews.iter().fold(None, |card, &(at, right)| {
        let r = if right { Rating::Good } else { Rating::Again };
        Some(sched.review(card, r, at))
    })
}

/// The crate's training items: for every answer after an item's first, that answer with all
/// before it, the days between answers counted as [`Scheduler::review`] counts them. Items
/// whose answers all fell on one day are left out (the crate needs a day's gap to learn from).
fn training_items(reviews: &[(String, Reviews)]) -> Vec<FSRSItem> {
    let mut items = Vec::new();
    for (_, r) in reviews {
        let mut acc: Vec<FSRSReview> = Vec::with_capacity(r.len());
        let mut last = None;
        for &(at, right) in r {
            let delta_t = last.map_or(0, |l: i64| {
                ((at - l).max(0) / DAY).min(u32::MAX as i64) as u32
            });
            acc.push(FSRSReview {
                rating: if right { 3 } else { 1 },
                delta_t,
            });
            last = Some(at);
            let item = FSRSItem {
                reviews: acc.clone(),
            };
            if acc.len() > 1 && item.long_term_review_cnt() > 0 {
                items.push(item);
            }
        }
    }
    items
}

/// How the schedule is set, for `stats` (text and `--json`'s `"scheduler"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedulerInfo {
    /// The parameters are the learner's own (from `stats --optimize`), not the defaults.
    pub fitted: bool,
    /// As set (0.9, not the 0.8999999761 an f32 widens to).
    pub retention: f64,
    /// Reviews a fit would learn from now, and how many a fit needs.
    pub reviews: usize,
    pub needed: usize,
    /// Why a stored setting was not used, when one was not.
    pub warning: Option<String>,
}

impl Store {
    pub fn scheduler_info(&self) -> Result<SchedulerInfo, StoreError> {
        Ok(SchedulerInfo {
            fitted: self.fitted(),
            retention: rounded(self.sched.retention()),
            reviews: self.fit_reviews()?,
            needed: MIN_REVIEWS,
            warning: self.sched_warning.clone(),
        })
    }
}

impl Fit {
    /// What a fit did, in words (`stats --optimize` prints it; the trainer shows it).
    pub fn text(&self) -> String {
        match self {
            Fit::TooFew { reviews, needed } => format!(
                "Not enough reviews to fit your own parameters yet: {reviews} of the {needed} needed \
                 (a review is an answer given a day or more after an earlier answer to the same \
                 question). Nothing was changed; the default parameters stay."
            ),
            Fit::Fitted {
                reviews,
                parameters,
                log_loss_before,
                log_loss_after,
                rescheduled,
            } => {
                let w: Vec<String> = parameters.iter().map(|p| format!("{p:.4}")).collect();
                format!(
                    "Fitted your own FSRS parameters to {reviews} reviews and rescheduled {rescheduled} \
                     items with them.\nLog loss of the recall predictions on your reviews (lower is \
                     better): {log_loss_before:.4} before, {log_loss_after:.4} now.\nParameters: {}",
                    w.join(" ")
                )
            }
        }
    }
}

/// An f32 setting as the decimal it was typed as.
pub fn rounded(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

impl SchedulerInfo {
    pub fn text(&self) -> String {
        let whose = if self.fitted {
            "your own parameters (refit any time: peerlab stats --optimize)".to_string()
        } else if self.reviews >= self.needed {
            format!(
                "the default parameters; {} reviews are enough to fit your own: peerlab stats --optimize",
                self.reviews
            )
        } else {
            format!(
                "the default parameters; your own can be fitted after {} reviews ({} so far)",
                self.needed, self.reviews
            )
        };
        let mut o = format!(
            "Spaced repetition: FSRS, aiming at {:.0}% recall (peerlab stats --retention R), with {whose}",
            100.0 * self.retention
        );
        if let Some(w) = &self.warning {
            o.push_str(&format!("\n  Note: {w}"));
        }
        crate::text::printable(&o)
    }
}
