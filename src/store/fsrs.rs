//! The FSRS-5 scheduler, written out rather than taken from a crate so that every formula is
//! next to the test that checks it (tests/store.rs derives the expected numbers by hand).
//!
//! Formulas and default weights: FSRS-5 as open-spaced-repetition/py-fsrs implements it
//! (its `ALGORITHM.md` and scheduler code; the algorithm wiki at
//! github.com/open-spaced-repetition/fsrs4anki/wiki).
//!
//! peerlab grades an answer right or wrong, so only two of FSRS's four ratings occur: Good
//! (right) and Again (wrong). There are no minute-long learning steps either: a quiz item is
//! not a flashcard flipped several times a minute, so a first answer goes straight to a
//! review interval, and a wrong one comes back after [`RELEARN_SECS`].

/// FSRS-5's default weights w0..w18.
pub const WEIGHTS: [f64; 19] = [
    0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
    1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
];
pub const DECAY: f64 = -0.5;
/// 0.9^(1/DECAY) - 1, so that recall probability is 0.9 after `stability` days.
pub const FACTOR: f64 = 19.0 / 81.0;
/// The recall probability an interval aims for.
pub const RETENTION: f64 = 0.9;
pub const MAX_INTERVAL_DAYS: f64 = 36_500.0;
/// A wrong answer is due again after ten minutes (the next review session, in practice).
pub const RELEARN_SECS: i64 = 600;
const DAY: f64 = 86_400.0;

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

fn w(i: usize) -> f64 {
    WEIGHTS[i]
}

fn g(r: Rating) -> f64 {
    r as i32 as f64
}

pub fn initial_stability(r: Rating) -> f64 {
    w(r as usize - 1)
}

pub fn initial_difficulty(r: Rating) -> f64 {
    initial_difficulty_g(g(r))
}

fn initial_difficulty_g(g: f64) -> f64 {
    (w(4) - (w(5) * (g - 1.0)).exp() + 1.0).clamp(1.0, 10.0)
}

/// Probability of recall `days` after the last review.
pub fn retrievability(days: f64, stability: f64) -> f64 {
    (1.0 + FACTOR * days / stability).powf(DECAY)
}

/// Days until recall probability falls to [`RETENTION`].
pub fn interval_days(stability: f64) -> f64 {
    (stability / FACTOR * (RETENTION.powf(1.0 / DECAY) - 1.0)).clamp(0.0, MAX_INTERVAL_DAYS)
}

/// Difficulty after an answer: moved by the rating, damped as it nears 10, then pulled back
/// towards D0(Easy). The damping (10 - D) / 9 is in py-fsrs's FSRS-5 code
/// (`_next_difficulty`), though not in its ALGORITHM.md.
pub fn next_difficulty(d: f64, r: Rating) -> f64 {
    let delta = -w(6) * (g(r) - 3.0);
    let moved = d + delta * (10.0 - d) / 9.0;
    (w(7) * initial_difficulty_g(4.0) + (1.0 - w(7)) * moved).clamp(1.0, 10.0)
}

pub fn recall_stability(d: f64, s: f64, r_now: f64) -> f64 {
    s * (1.0 + w(8).exp() * (11.0 - d) * s.powf(-w(9)) * ((w(10) * (1.0 - r_now)).exp() - 1.0))
}

pub fn forget_stability(d: f64, s: f64, r_now: f64) -> f64 {
    w(11) * d.powf(-w(12)) * ((s + 1.0).powf(w(13)) - 1.0) * (w(14) * (1.0 - r_now)).exp()
}

/// Stability after a second answer on the same day, when retrievability has barely moved.
pub fn short_term_stability(s: f64, r: Rating) -> f64 {
    s * (w(17) * (g(r) - 3.0 + w(18))).exp()
}

fn due_after(now: i64, s: f64, r: Rating) -> i64 {
    match r {
        Rating::Again => now + RELEARN_SECS,
        // Whole days, at least one: a right answer is never due again the same day.
        Rating::Good => now + (interval_days(s).round().max(1.0) * DAY) as i64,
    }
}

/// The state after answering at `now` (unix seconds); `card` is `None` for a first answer.
pub fn review(card: Option<Card>, r: Rating, now: i64) -> Card {
    let lapse = u32::from(r == Rating::Again);
    let Some(c) = card else {
        let s = initial_stability(r);
        return Card {
            stability: s,
            difficulty: initial_difficulty(r),
            last: now,
            due: due_after(now, s, r),
            reps: 1,
            lapses: lapse,
        };
    };
    let days = (now - c.last).max(0) as f64 / DAY;
    let s = if days < 1.0 {
        short_term_stability(c.stability, r)
    } else {
        let rn = retrievability(days, c.stability);
        match r {
            Rating::Good => recall_stability(c.difficulty, c.stability, rn),
            // peerlab's choice, not in the formula: a lapse never lengthens the interval.
            Rating::Again => forget_stability(c.difficulty, c.stability, rn).min(c.stability),
        }
    };
    let s = s.clamp(0.01, MAX_INTERVAL_DAYS);
    Card {
        stability: s,
        difficulty: next_difficulty(c.difficulty, r),
        last: now,
        due: due_after(now, s, r),
        reps: c.reps + 1,
        lapses: c.lapses + lapse,
    }
}
