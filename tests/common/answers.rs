//! Answers for driving quiz sessions without a terminal (tests/quiz.rs, tests/class_report.rs),
//! and the drill results file a run of them writes.

use peerlab::bank::{self, Kind};
use peerlab::eval::Verdict;
use peerlab::quiz::{self, Answer, Item, Mode, Session, report, right_answer};
use std::time::Duration;

pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// An answer the key proves wrong (the first wrong choice, the order reversed, the other
/// verdict, the starting flags).
pub fn wrong_answer(it: &Item) -> Answer {
    let q = &it.question;
    match q.kind {
        Kind::Single | Kind::YesNo | Kind::Fix | Kind::Multi => {
            let bad = (0..q.choices.len())
                .find(|i| !q.answer.contains(i))
                .unwrap_or(0);
            Answer::Choices { picked: vec![bad] }
        }
        Kind::Order => Answer::Order {
            sequence: q.answer.iter().rev().copied().collect(),
        },
        Kind::Reachability => {
            let k = q.key.unwrap();
            let verdict = if k.verdict == Verdict::Reachable {
                Verdict::Unreachable
            } else {
                Verdict::Reachable
            };
            Answer::Reach {
                verdict,
                reason: None,
            }
        }
        Kind::Configure => {
            // The starting settings fail at least one goal (the bank proves it).
            let t = it.topology.as_ref().unwrap();
            let flags = q
                .editable
                .iter()
                .map(|n| bank::flags_of(&t.peerings[peerlab::model::peering_index(t, n).unwrap()]))
                .collect();
            Answer::Configure { flags }
        }
    }
}

/// A drill of `seed` (8 questions of the built-in bank) as `peerlab drill` writes it: right
/// where `right(i)`, wrong where not, unanswered from item `stop` on, submitted `spent` seconds
/// in and finished at `at` (unix seconds).
pub fn drill(
    name: &str,
    seed: u64,
    right: impl Fn(usize) -> bool,
    stop: usize,
    spent: u64,
    at: i64,
) -> report::DrillResult {
    let items = quiz::exam(&bank::builtin().expect("bank"), seed, 8);
    let mut s = Session::new(Mode::Drill, items, Some(secs(900)), secs(0));
    let n = s.items.len();
    for i in 0..n.min(stop) {
        let a = if right(i) {
            right_answer(&s.item().question).unwrap()
        } else {
            wrong_answer(s.item())
        };
        s.answer(a, secs(1)).unwrap();
        if i + 1 < n {
            s.forward().unwrap();
        }
    }
    let r = s.submit(secs(spent)).clone();
    let given: Vec<Option<Answer>> = (0..n).map(|i| s.answer_of(i).cloned()).collect();
    report::drill_result(name, seed, 15, &r, &given, at)
}
