//! Answers for driving quiz sessions without a terminal (tests/quiz.rs, tests/class_report.rs).

use peerlab::bank::{self, Kind};
use peerlab::eval::Verdict;
use peerlab::quiz::{Answer, Item};
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
