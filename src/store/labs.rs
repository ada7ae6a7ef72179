//! Lab attempts in the history (table `lab_attempts`, schema migration 3): a row when a lab
//! opens, kept current after every command, closed with the points when every goal holds.
//! The lab list and `peerlab stats` read the per-lab summary.

use super::{Store, StoreError};
use rusqlite::params;
use serde::Serialize;

/// The longest lab name stored (a lab's name is its file stem; longer ones are refused).
pub const NAME_MAX: usize = 200;

/// Where an attempt stands, as the lab's session counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabProgress {
    pub commands: usize,
    pub hints: usize,
    pub gave_up: bool,
}

/// One lab's attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabSummary {
    pub lab: String,
    pub attempts: u64,
    /// Attempts that met every goal.
    pub done: u64,
    /// The best points of a finished attempt (0 to 100).
    pub best: Option<u32>,
}

impl Store {
    /// Records that `lab` was opened at `now`; returns the attempt's id.
    pub fn start_lab(&mut self, lab: &str, now: i64) -> Result<i64, StoreError> {
        if lab.is_empty() || lab.len() > NAME_MAX {
            return Err(self.out_of_range(format!(
                "a lab name of {} bytes (1 to {NAME_MAX})",
                lab.len()
            )));
        }
        self.conn
            .execute(
                "INSERT INTO lab_attempts(lab, started_at) VALUES (?1, ?2)",
                params![lab, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Keeps the attempt's counts current (after each command), or closes it: `done` gives
    /// the time and the points of an attempt that met every goal. A closed attempt stays
    /// closed (a command after the lab is done does not reopen it).
    pub fn update_lab(
        &mut self,
        id: i64,
        p: LabProgress,
        done: Option<(i64, u32)>,
    ) -> Result<(), StoreError> {
        let (finished, points) = match done {
            Some((at, pts)) => (Some(at), Some(pts.min(100))),
            None => (None, None),
        };
        self.conn
            .execute(
                "UPDATE lab_attempts SET commands = ?2, hints = ?3, gave_up = ?4,
                     finished_at = coalesce(finished_at, ?5), points = coalesce(points, ?6)
                 WHERE id = ?1",
                params![
                    id,
                    p.commands.min(i64::MAX as usize) as i64,
                    p.hints.min(i64::MAX as usize) as i64,
                    p.gave_up,
                    finished,
                    points
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every lab attempted, by name: attempts, attempts done, best points.
    pub fn lab_summaries(&self) -> Result<Vec<LabSummary>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT lab, count(*), count(finished_at), max(points)
                 FROM lab_attempts GROUP BY lab ORDER BY lab",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(LabSummary {
                    lab: r.get(0)?,
                    attempts: r.get::<_, i64>(1)?.max(0) as u64,
                    done: r.get::<_, i64>(2)?.max(0) as u64,
                    best: r.get::<_, Option<i64>>(3)?.map(|p| p.clamp(0, 100) as u32),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }
}

/// The summary as `peerlab stats` prints it: one line per lab, or nothing without attempts.
pub fn labs_text(labs: &[LabSummary]) -> String {
    if labs.is_empty() {
        return String::new();
    }
    let width = labs.iter().map(|l| l.lab.len()).max().unwrap_or(0);
    let mut s = String::from("Labs:\n");
    for l in labs {
        let best = l
            .best
            .map_or("not done yet".to_string(), |b| format!("best {b}/100"));
        s.push_str(&format!(
            "  {:<width$}  {} attempt{}, {} done, {best}\n",
            crate::text::printable(&l.lab),
            l.attempts,
            if l.attempts == 1 { "" } else { "s" },
            l.done
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_sum_up_per_lab_and_a_closed_attempt_stays_closed() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let p = |commands, hints| LabProgress {
            commands,
            hints,
            gave_up: false,
        };
        let a = s.start_lab("chapter-cli-outline", 100).unwrap();
        s.update_lab(a, p(1, 0), None).unwrap();
        s.update_lab(a, p(3, 1), Some((160, 75))).unwrap();
        // A later command does not change the time or points of the finished attempt.
        s.update_lab(a, p(4, 1), Some((200, 70))).unwrap();
        let b = s.start_lab("chapter-cli-outline", 300).unwrap();
        s.update_lab(b, p(2, 0), Some((320, 100))).unwrap();
        let c = s.start_lab("nsg-rule", 400).unwrap();
        s.update_lab(c, p(5, 2), None).unwrap();
        let all = s.lab_summaries().unwrap();
        assert_eq!(
            all,
            [
                LabSummary {
                    lab: "chapter-cli-outline".into(),
                    attempts: 2,
                    done: 2,
                    best: Some(100),
                },
                LabSummary {
                    lab: "nsg-rule".into(),
                    attempts: 1,
                    done: 0,
                    best: None,
                },
            ]
        );
        assert_eq!(
            labs_text(&all),
            "Labs:\n  chapter-cli-outline  2 attempts, 2 done, best 100/100\n  nsg-rule             1 attempt, 0 done, not done yet\n"
        );
        assert!(s.start_lab("", 1).is_err());
        assert!(s.start_lab(&"x".repeat(NAME_MAX + 1), 1).is_err());
    }
}
