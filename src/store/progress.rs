//! What the Progress screen charts and the menu counts: accuracy per topic week by week,
//! answers per day (the review heatmap), what falls due over the next days, the exam
//! history, the questions missed lately, and an exam's flags. Each is one grouped query.

use super::{Store, StoreError};
use rusqlite::params;
use serde::Serialize;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Weeks of accuracy the chart shows, and weeks of the heatmap.
pub const WEEKS: usize = 12;
/// Days ahead the due chart shows.
pub const DUE_DAYS: usize = 14;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicWeeks {
    pub topic: String,
    /// Per week, oldest first (the last ends now): answers and how many were right.
    pub answers: Vec<usize>,
    pub correct: Vec<usize>,
}

impl TopicWeeks {
    /// Accuracy in week `w`, when it has answers.
    pub fn accuracy(&self, w: usize) -> Option<f64> {
        let n = *self.answers.get(w)?;
        (n > 0).then(|| self.correct[w] as f64 / n as f64)
    }
}

/// One finished exam or drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamRow {
    pub session: i64,
    pub mode: String,
    pub finished_at: i64,
    pub questions: usize,
    pub minutes: Option<u64>,
    /// Time used.
    pub seconds: Option<u64>,
    pub score: u16,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Topics answered in the last [`WEEKS`] weeks, by name.
    pub topics: Vec<TopicWeeks>,
    /// Answers per calendar day, the last `7 * WEEKS` days, oldest first (today last).
    pub daily: Vec<usize>,
    /// Today, as days since 1970-01-01 (what the charts' dates count from).
    pub today: i64,
    /// The weekday of today, Monday 0 to Sunday 6 (how the heatmap's columns line up).
    pub today_weekday: usize,
    /// Items due on each of the next [`DUE_DAYS`] calendar days; today counts the overdue.
    pub due: Vec<usize>,
    pub exams: Vec<ExamRow>,
}

fn count(v: i64) -> usize {
    v.max(0) as usize
}

impl Store {
    /// The charts' figures at `now` (days are calendar days at `utc_offset` seconds east).
    pub fn progress(&self, now: i64, utc_offset: i64) -> Result<Progress, StoreError> {
        let start = now - WEEKS as i64 * WEEK;
        let rows: Vec<(String, i64, i64, i64)> = self.rows(
            "SELECT topic, (answered_at - ?1) / 604800, count(*), sum(correct != 0)
             FROM answers WHERE answered_at >= ?1 AND answered_at <= ?2
             GROUP BY topic, 2 ORDER BY topic",
            params![start, now],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut topics: Vec<TopicWeeks> = Vec::new();
        for (topic, w, n, c) in rows {
            // The answer given at `now` exactly falls in week WEEKS: keep it in the last.
            let w = count(w).min(WEEKS - 1);
            if topics.last().is_none_or(|t| t.topic != topic) {
                topics.push(TopicWeeks {
                    topic,
                    answers: vec![0; WEEKS],
                    correct: vec![0; WEEKS],
                });
            }
            let t = topics.last_mut().expect("just pushed");
            t.answers[w] += count(n);
            t.correct[w] += count(c);
        }

        let days = 7 * WEEKS as i64;
        let today = (now + utc_offset).div_euclid(DAY);
        let first = today - days + 1;
        let mut daily = vec![0; days as usize];
        let per_day: Vec<(i64, i64)> = self.rows(
            "SELECT (answered_at + ?1) / 86400 - ?2, count(*) FROM answers
             WHERE answered_at >= ?3 AND answered_at <= ?4 GROUP BY 1",
            params![utc_offset, first, first * DAY - utc_offset, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (d, n) in per_day {
            if let Some(slot) = usize::try_from(d).ok().and_then(|d| daily.get_mut(d)) {
                *slot += count(n);
            }
        }

        let mut due = vec![0; DUE_DAYS];
        let ahead: Vec<(i64, i64)> = self.rows(
            "SELECT max((due + ?1) / 86400 - ?2, 0), count(*) FROM schedule
             WHERE due < ?3 GROUP BY 1",
            params![
                utc_offset,
                today,
                (today + DUE_DAYS as i64) * DAY - utc_offset
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (d, n) in ahead {
            if let Some(slot) = usize::try_from(d).ok().and_then(|d| due.get_mut(d)) {
                *slot += count(n);
            }
        }

        let exams = self.rows(
            "SELECT id, mode, finished_at, questions, minutes, seconds, score FROM sessions
             WHERE mode IN ('exam', 'drill') AND score IS NOT NULL AND finished_at IS NOT NULL
             ORDER BY finished_at, id",
            [],
            |r| {
                let score: u16 = r.get(6)?;
                Ok(ExamRow {
                    session: r.get(0)?,
                    mode: r.get(1)?,
                    finished_at: r.get(2)?,
                    questions: count(r.get(3)?),
                    minutes: r.get::<_, Option<i64>>(4)?.map(|m| count(m) as u64),
                    seconds: r.get::<_, Option<i64>>(5)?.map(|s| count(s) as u64),
                    score,
                    passed: score >= crate::quiz::PASS,
                })
            },
        )?;
        Ok(Progress {
            topics,
            daily,
            today,
            today_weekday: (today + 3).rem_euclid(7) as usize,
            due,
            exams,
        })
    }

    /// The items whose latest answer, given since `since`, was wrong: most recent first, at
    /// most `limit` ("retry my mistakes"; a mistake put right since is not one any more).
    pub fn missed(&self, since: i64, limit: usize) -> Result<Vec<String>, StoreError> {
        // SQLite takes the bare `correct` from the row holding max(answered_at).
        let rows: Vec<(String, bool)> = self.rows(
            "SELECT item_key, correct, max(answered_at) AS at FROM answers
             WHERE answered_at >= ?1 GROUP BY item_key ORDER BY at DESC, item_key",
            [since],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows
            .into_iter()
            .filter(|(_, right)| !right)
            .map(|(k, _)| k)
            .take(limit)
            .collect())
    }

    /// When the next item falls due after `now` (unix seconds), if any has a schedule.
    pub fn next_due(&self, now: i64) -> Result<Option<i64>, StoreError> {
        let v: Vec<Option<i64>> =
            self.rows("SELECT min(due) FROM schedule WHERE due > ?1", [now], |r| {
                r.get(0)
            })?;
        Ok(v.into_iter().next().flatten())
    }

    /// The items a cram session practises: the weakest first (most lapses, then the least
    /// stable memory), at most `limit`.
    pub fn weakest(&self, limit: usize) -> Result<Vec<String>, StoreError> {
        self.rows(
            "SELECT item_key FROM schedule ORDER BY lapses DESC, stability, item_key LIMIT ?1",
            [limit.min(i64::MAX as usize) as i64],
            |r| r.get(0),
        )
    }

    /// Flags (`on`) or unflags question `position` of an exam.
    pub fn set_flag(&mut self, session: i64, position: usize, on: bool) -> Result<(), StoreError> {
        let sql = if on {
            "INSERT OR IGNORE INTO flags(session_id, position) VALUES (?1, ?2)"
        } else {
            "DELETE FROM flags WHERE session_id = ?1 AND position = ?2"
        };
        self.conn
            .execute(sql, params![session, position as i64])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The flagged positions of a session, in order.
    pub fn flags(&self, session: i64) -> Result<Vec<usize>, StoreError> {
        self.rows(
            "SELECT position FROM flags WHERE session_id = ?1 ORDER BY position",
            [session],
            |r| Ok(count(r.get(0)?)),
        )
    }
}

/// The heatmap's shades: no answer, then 1-2, 3-5, 6-9, 10 or more answers in a day.
pub const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

/// The shade of a day with `n` answers.
pub fn shade(n: usize) -> &'static str {
    SHADES[match n {
        0 => 0,
        1..=2 => 1,
        3..=5 => 2,
        6..=9 => 3,
        _ => 4,
    }]
}

impl Progress {
    /// The heatmap as a grid: a row per weekday (Monday first), a column per week (this
    /// week last), each cell the answers of that day (`None` after today).
    pub fn grid(&self) -> Vec<Vec<Option<usize>>> {
        let n = self.daily.len();
        (0..7)
            .map(|wd| {
                (0..WEEKS)
                    .map(|week| {
                        // Day `g` of the grid is daily[g + 6 - today_weekday]: its last
                        // cell today is g = 7 * (WEEKS - 1) + today_weekday.
                        let g = week * 7 + wd;
                        (g + 6)
                            .checked_sub(self.today_weekday)
                            .filter(|&i| i < n)
                            .map(|i| self.daily[i])
                    })
                    .collect()
            })
            .collect()
    }

    /// The charts as text, for `peerlab stats`.
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let mut o = String::new();
        let _ = writeln!(
            o,
            "Accuracy per topic, week by week (last {WEEKS} weeks, oldest first; . no answers)"
        );
        if self.topics.is_empty() {
            let _ = writeln!(o, "  nothing answered in the last {WEEKS} weeks");
        }
        for t in &self.topics {
            let weeks: Vec<String> = (0..WEEKS)
                .map(|w| {
                    t.accuracy(w)
                        .map_or("  .".to_string(), |a| format!("{:>3.0}", 100.0 * a))
                })
                .collect();
            let _ = writeln!(o, "  {:<20}{}", t.topic, weeks.join(" "));
        }
        let _ = writeln!(o, "\nExam history");
        if self.exams.is_empty() {
            let _ = writeln!(o, "  none yet");
        }
        for e in &self.exams {
            let used = e
                .seconds
                .map_or("-".to_string(), |s| format!("{:02}:{:02}", s / 60, s % 60));
            let limit = e.minutes.map_or("-".to_string(), |m| format!("{m} min"));
            let _ = writeln!(
                o,
                "  {}  {:<5} {:>3} questions  {limit:>7}  used {used}  score {:>4}  {}",
                crate::civil::date(e.finished_at),
                e.mode,
                e.questions,
                e.score,
                if e.passed { "pass" } else { "fail" }
            );
        }
        let days: Vec<String> = self.due.iter().map(|n| n.to_string()).collect();
        let _ = writeln!(
            o,
            "\nDue over the next {DUE_DAYS} days, from today ({}): {}",
            crate::civil::date(self.today * DAY),
            days.join(" ")
        );
        let _ = writeln!(
            o,
            "\nAnswers per day, the last {WEEKS} weeks (this week on the right)"
        );
        const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        for (name, row) in NAMES.iter().zip(self.grid()) {
            let cells: Vec<&str> = row.iter().map(|c| c.map_or(" ", shade)).collect();
            let _ = writeln!(o, "  {name} {}", cells.join(" ").trim_end());
        }
        let _ = write!(
            o,
            "      {} none  {} 1-2  {} 3-5  {} 6-9  {} 10+",
            SHADES[0], SHADES[1], SHADES[2], SHADES[3], SHADES[4]
        );
        // Topic names come from the history file, which may have been edited.
        crate::text::printable(&o)
    }
}
