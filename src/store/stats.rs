//! What the history says: accuracy per topic with its trend, the daily streak, what is due,
//! past exam scores, and a readiness estimate. Every figure is one SQL aggregate over the
//! answers (one pass each), so stats stay fast on a long history.

use crate::bank::Topic;
use rusqlite::{Connection, params};
use serde::Serialize;

const DAY: i64 = 86_400;
/// Accuracy "now" is over this many recent days; the trend compares it with before.
pub const RECENT_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicStats {
    pub topic: String,
    pub answers: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Accuracy over the last [`RECENT_DAYS`] days minus accuracy before them, when both
    /// periods have answers.
    pub trend: Option<f64>,
}

/// Accuracy and time by question kind (single choice, yes-no series, order, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindStats {
    pub kind: String,
    pub answers: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Mean seconds spent on one answer of this kind.
    pub mean_seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamScore {
    pub session: i64,
    pub mode: String,
    pub finished_at: i64,
    pub score: u16,
    pub passed: bool,
}

/// The predicted scaled score of an exam taken now, with a 95% range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub score: u16,
    pub low: u16,
    pub high: u16,
    /// The chance, under the same model, that the score is at least 700.
    pub pass_probability: f64,
    /// Topics with no answers yet (they count as a coin toss, which widens the range).
    pub unseen_topics: Vec<String>,
    /// Answers still needed before the estimate is shown (0 once there are
    /// [`READINESS_ANSWERS`]); added after the first release, older readers ignore it.
    pub answers_needed: usize,
    /// Topics still to be answered before the estimate is shown (0 once
    /// [`READINESS_TOPICS`] have answers).
    pub topics_needed: usize,
}

/// A prediction from a handful of answers is mostly the prior (every topic a coin toss) and
/// reads as a verdict it is not, so the text shows it only past these counts.
pub const READINESS_ANSWERS: usize = 20;
/// See [`READINESS_ANSWERS`]: the exam spans the topics, one topic says little about it.
pub const READINESS_TOPICS: usize = 3;

impl Readiness {
    /// What is missing before the estimate means something, as a sentence ("answer 17 more,
    /// in 2 more topics, to see a readiness estimate"), or `None` when nothing is.
    pub fn missing(&self) -> Option<String> {
        let (n, t) = (self.answers_needed, self.topics_needed);
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        match (n, t) {
            (0, 0) => None,
            (n, 0) => Some(format!("answer {n} more to see a readiness estimate")),
            (0, t) => Some(format!(
                "answer questions in {t} more topic{} to see a readiness estimate",
                plural(t)
            )),
            (n, t) => Some(format!(
                "answer {n} more, in {t} more topic{}, to see a readiness estimate",
                plural(t)
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub answers: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub per_topic: Vec<TopicStats>,
    /// Consecutive days, up to today (or yesterday, if nothing yet today), with an answer.
    pub streak_days: usize,
    pub scheduled: usize,
    pub due_now: usize,
    pub due_this_week: usize,
    pub exams: Vec<ExamScore>,
    /// Sessions never finished (closed or killed mid-way); `peerlab resume` continues them.
    pub open_sessions: usize,
    /// Of those, exams (`peerlab resume` or the menu's Resume continues the last one).
    pub open_exams: usize,
    pub readiness: Readiness,
    /// By question kind, by name (added after the first release: older readers ignore it).
    pub per_kind: Vec<KindStats>,
    /// Mean seconds spent on one answer, over every answer (0 with none).
    pub mean_seconds: f64,
}

fn ratio(c: usize, n: usize) -> f64 {
    if n == 0 { 0.0 } else { c as f64 / n as f64 }
}

pub(super) fn compute(conn: &Connection, now: i64, utc_offset: i64) -> rusqlite::Result<Stats> {
    let cut = now - RECENT_DAYS * DAY;
    let mut st = conn.prepare_cached(
        "SELECT topic, count(*), sum(correct != 0),
                sum(answered_at >= ?1), sum(correct != 0 AND answered_at >= ?1)
         FROM answers GROUP BY topic ORDER BY topic",
    )?;
    let rows: Vec<(String, usize, usize, usize, usize)> = st
        .query_map([cut], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)?.max(0) as usize,
                r.get::<_, i64>(2)?.max(0) as usize,
                r.get::<_, i64>(3)?.max(0) as usize,
                r.get::<_, i64>(4)?.max(0) as usize,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let per_topic: Vec<TopicStats> = rows
        .iter()
        .map(|(topic, n, c, rn, rc)| {
            let (old_n, old_c) = (n.saturating_sub(*rn), c.saturating_sub(*rc));
            TopicStats {
                topic: topic.clone(),
                answers: *n,
                correct: *c,
                accuracy: ratio(*c, *n),
                trend: (*rn > 0 && old_n > 0).then(|| ratio(*rc, *rn) - ratio(old_c, old_n)),
            }
        })
        .collect();
    let answers = per_topic.iter().map(|t| t.answers).sum();
    let correct = per_topic.iter().map(|t| t.correct).sum();

    // Walk back day by day (one index seek each) rather than listing every day ever
    // answered: a streak is short, the history long.
    let mut st = conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM answers WHERE answered_at >= ?1 AND answered_at < ?2)",
    )?;
    let mut any_on = |d: i64| -> rusqlite::Result<bool> {
        let start = d * DAY - utc_offset;
        st.query_row([start, start + DAY], |r| r.get(0))
    };
    let today = (now + utc_offset).div_euclid(DAY);
    // Nothing yet today leaves yesterday's streak alive.
    let mut day = if any_on(today)? { today } else { today - 1 };
    let mut streak = 0;
    while any_on(day)? {
        streak += 1;
        day -= 1;
    }

    let (scheduled, due_now, due_week) = conn.query_row(
        "SELECT count(*), coalesce(sum(due <= ?1), 0), coalesce(sum(due <= ?2), 0) FROM schedule",
        params![now, now + RECENT_DAYS * DAY],
        |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as usize,
                r.get::<_, i64>(1)?.max(0) as usize,
                r.get::<_, i64>(2)?.max(0) as usize,
            ))
        },
    )?;

    let mut st = conn.prepare_cached(
        "SELECT id, mode, finished_at, score FROM sessions
         WHERE mode IN ('exam', 'drill') AND score IS NOT NULL AND finished_at IS NOT NULL
         ORDER BY finished_at, id",
    )?;
    let exams = st
        .query_map([], |r| {
            let score: u16 = r.get(3)?;
            Ok(ExamScore {
                session: r.get(0)?,
                mode: r.get(1)?,
                finished_at: r.get(2)?,
                score,
                passed: score >= crate::quiz::PASS,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT kind, count(*), sum(correct != 0), total(millis) FROM answers
         GROUP BY kind ORDER BY kind",
    )?;
    let per_kind: Vec<KindStats> = st
        .query_map([], |r| {
            let n = r.get::<_, i64>(1)?.max(0) as usize;
            let c = r.get::<_, i64>(2)?.max(0) as usize;
            // total(), a float: a hand-edited history could overflow an integer sum.
            let ms: f64 = r.get::<_, f64>(3)?.max(0.0);
            Ok(KindStats {
                kind: r.get(0)?,
                answers: n,
                correct: c,
                accuracy: ratio(c, n),
                mean_seconds: if n == 0 { 0.0 } else { ms / 1000.0 / n as f64 },
            })
        })?
        .collect::<Result<_, _>>()?;
    let total_ms: f64 = per_kind
        .iter()
        .map(|k| k.mean_seconds * k.answers as f64)
        .sum();
    let (open_sessions, open_exams) = conn.query_row(
        "SELECT count(*), coalesce(sum(mode = 'exam'), 0) FROM sessions WHERE finished_at IS NULL",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as usize,
                r.get::<_, i64>(1)?.max(0) as usize,
            ))
        },
    )?;

    Ok(Stats {
        answers,
        correct,
        accuracy: ratio(correct, answers),
        readiness: readiness(&per_topic),
        per_topic,
        streak_days: streak,
        scheduled,
        due_now,
        due_this_week: due_week,
        exams,
        open_sessions,
        open_exams,
        mean_seconds: if answers == 0 {
            0.0
        } else {
            total_ms / answers as f64
        },
        per_kind,
    })
}

/// The exam draws from every topic, so the prediction weighs the topics equally. Each
/// topic's accuracy is the mean of a Beta(1 + right, 1 + wrong) posterior (a topic never
/// answered is 0.5, as unsure as it gets); the range adds the posteriors' variances and
/// uses a normal approximation. The scale is peerlab's own (`quiz::scaled`: linear, 700 at
/// 70%), since Microsoft does not publish its scaling.
pub fn readiness(per_topic: &[TopicStats]) -> Readiness {
    let mut mean = 0.0;
    let mut var = 0.0;
    let mut unseen = Vec::new();
    let mut answered = 0;
    let k = Topic::ALL.len() as f64;
    for t in Topic::ALL {
        let (c, n) = per_topic
            .iter()
            .find(|s| s.topic == t.as_str())
            .map_or((0, 0), |s| (s.correct, s.answers));
        if n == 0 {
            unseen.push(t.as_str().to_string());
        }
        answered += n;
        let (a, b) = (1.0 + c as f64, 1.0 + n.saturating_sub(c) as f64);
        mean += a / (a + b) / k;
        var += a * b / ((a + b).powi(2) * (a + b + 1.0)) / (k * k);
    }
    let sd = var.sqrt();
    let scale = |p: f64| (1.0 + 999.0 * p.clamp(0.0, 1.0)).round() as u16;
    // P(score >= 700) = P(p >= 0.6997); the normal tail via erfc.
    let z = (mean - 699.0 / 999.0) / sd;
    Readiness {
        score: scale(mean),
        low: scale(mean - 1.96 * sd),
        high: scale(mean + 1.96 * sd),
        pass_probability: 0.5 * erfc(-z / std::f64::consts::SQRT_2),
        answers_needed: READINESS_ANSWERS.saturating_sub(answered),
        topics_needed: READINESS_TOPICS.saturating_sub(Topic::ALL.len() - unseen.len()),
        unseen_topics: unseen,
    }
}

/// The complementary error function (Numerical Recipes' erfcc, accurate to 1.2e-7), since
/// std has none.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}
