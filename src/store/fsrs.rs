//! Spaced repetition with the `fsrs` crate, the FSRS implementation Anki ships, instead of
//! formulas copied by hand: the crate is kept by the algorithm's authors, follows its new
//! versions (FSRS-6 now), and can fit a learner's own parameters (see `fit.rs`).
//!
//! What is left here is what the crate leaves to the application. peerlab grades an answer
//! right or wrong, so only two of FSRS's four ratings occur: Good (right) and Again (wrong).
//! There are no minute-long learning steps either: a quiz item is not a flashcard flipped
//! several times a minute, so a first answer goes straight to a review interval, and a wrong
//! one comes back after [`RELEARN_SECS`]. Days are whole days since the last answer, as the
//! crate counts them (`days_elapsed: u32`).

use ::fsrs::{FSRS, MemoryState};

/// The parameters FSRS starts from before a learner's own are fitted (the crate's defaults,
/// fitted on many Anki users' reviews).
pub use ::fsrs::DEFAULT_PARAMETERS;

/// The recall probability an interval aims for, unless the learner chose another.
pub const RETENTION: f32 = 0.9;
/// The desired retention a learner may choose: Anki's own limits for the setting. Below 0.7
/// intervals grow so long that most items are forgotten; above 0.99 they shrink to a day.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.99;
pub const MAX_INTERVAL_DAYS: f32 = 36_500.0;
/// A wrong answer is due again after ten minutes (the next review session, in practice).
pub const RELEARN_SECS: i64 = 600;
const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Again = 1,
    Good = 3,
}

/// The memory state of one item (a bank question, or a generator template and difficulty).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Card {
    /// Days until recall probability falls to 90%.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// Unix seconds of the last answer.
    pub last: i64,
    /// Unix seconds when the item is due again.
    pub due: i64,
    pub reps: u32,
    pub lapses: u32,
}

/// The crate's model with the learner's parameters and desired retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    model: FSRS,
    parameters: Vec<f32>,
    retention: f32,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler::new(&DEFAULT_PARAMETERS, RETENTION).expect("the crate's defaults are valid")
    }
}

impl Scheduler {
    /// `parameters`: 21 FSRS-6 weights (or the crate's older shorter sets, which it fills in).
    /// Fails with what is wrong, for a caller to name the setting it came from.
    pub fn new(parameters: &[f32], retention: f32) -> Result<Scheduler, String> {
        if !RETENTION_RANGE.contains(&retention) {
            return Err(format!(
                "a desired retention of {retention} (it must be {} to {})",
                RETENTION_RANGE.start(),
                RETENTION_RANGE.end()
            ));
        }
        if parameters.iter().any(|p| !p.is_finite()) {
            return Err("parameters that are not all finite numbers".to_string());
        }
        let model = FSRS::new(parameters).map_err(|e| {
            format!(
                "{} FSRS parameters the crate refuses ({e})",
                parameters.len()
            )
        })?;
        Ok(Scheduler {
            model,
            parameters: parameters.to_vec(),
            retention,
        })
    }

    pub fn parameters(&self) -> &[f32] {
        &self.parameters
    }

    pub fn retention(&self) -> f32 {
        self.retention
    }

    /// Whole days until recall probability falls to the desired retention (at least one).
    pub fn interval_days(&self, stability: f32) -> f32 {
        self.model
            .next_interval(Some(stability), self.retention, 3)
            .round()
            .clamp(1.0, MAX_INTERVAL_DAYS)
    }

    /// The state after answering at `now` (unix seconds); `card` is `None` for a first answer.
    pub fn review(&self, card: Option<Card>, r: Rating, now: i64) -> Card {
        // A state the crate cannot continue from (edited by hand, or NaN) starts afresh
        // rather than failing the answer: the answer itself is what must be kept.
        let usable = card.filter(|c| {
            c.stability.is_finite()
                && c.stability > 0.0
                && c.difficulty.is_finite()
                && (1.0..=10.0).contains(&c.difficulty)
        });
        let days = usable.map_or(0, |c| {
            ((now - c.last).max(0) / DAY).min(u32::MAX as i64) as u32
        });
        let memory = usable.map(|c| MemoryState {
            stability: c.stability as f32,
            difficulty: c.difficulty as f32,
        });
        let next = self
            .model
            .next_states(memory, self.retention, days)
            .or_else(|_| self.model.next_states(None, self.retention, 0))
            .expect("a new card always has next states");
        let state = match r {
            Rating::Again => next.again,
            Rating::Good => next.good,
        };
        let due = match r {
            Rating::Again => now + RELEARN_SECS,
            // Whole days, at least one: a right answer is never due again the same day.
            Rating::Good => {
                now + (state.interval.round().clamp(1.0, MAX_INTERVAL_DAYS) as i64) * DAY
            }
        };
        let lapse = u32::from(r == Rating::Again);
        let (reps, lapses) = card.map_or((0, 0), |c| (c.reps, c.lapses));
        Card {
            stability: f64::from(state.memory.stability),
            difficulty: f64::from(state.memory.difficulty),
            last: now,
            due,
            reps: reps.saturating_add(1),
            lapses: lapses.saturating_add(lapse),
        }
    }
}
