//! Answers and how they are graded: by the key for choice questions, by the evaluator for
//! network questions (a configure answer is right when the learner's settings meet every goal).

use crate::bank::{FlagSet, GoalResult, Kind, Question, check_goals, set_flags};
use crate::eval::{Reason, Verdict};
use crate::model::{Topology, peering_index};
use serde::{Deserialize, Serialize};

/// What a learner gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Answer {
    /// The chosen indexes: one for single, yes-no and fix; any number for multi.
    Choices { picked: Vec<usize> },
    /// An order question: choice indexes, first to last.
    Order { sequence: Vec<usize> },
    /// A reachability question: the verdict, and from difficulty 2 on, the reason.
    Reach {
        verdict: Verdict,
        reason: Option<Reason>,
    },
    /// A configure question: the four flags of each editable peering, in `editable` order.
    Configure { flags: Vec<FlagSet> },
}

/// The verdict on one answer, with what the learner needs to see next.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub correct: bool,
    /// For configure answers: how each goal fared with the learner's settings.
    pub goals: Vec<GoalResult>,
}

/// The reachability choices: Reachable, then Unreachable (with each reason from difficulty 2).
pub fn reach_choices(q: &Question) -> Vec<(Verdict, Option<Reason>)> {
    if !q.offered.is_empty() {
        // The item's own choices (a generated item offers four).
        return q
            .offered
            .iter()
            .map(|&r| match r {
                Reason::Ok => (Verdict::Reachable, None),
                r => (Verdict::Unreachable, Some(r)),
            })
            .collect();
    }
    let mut v = vec![(Verdict::Reachable, None)];
    if asks_reason(q) {
        let beyond = q.key.is_some_and(|k| !k.reason.in_chapter());
        v.extend(
            Reason::ALL
                .into_iter()
                .filter(|r| *r != Reason::Ok && (beyond || r.in_chapter()))
                .map(|r| (Verdict::Unreachable, Some(r))),
        );
    } else {
        v.push((Verdict::Unreachable, None));
    }
    v
}

/// Whether the choices of `q` are lettered A, B, C... as on the exam (keys a-e select them);
/// long lists (every reachability outcome) and order items keep their numbers.
pub fn lettered(q: &Question) -> bool {
    match q.kind {
        Kind::Single | Kind::Multi | Kind::Fix | Kind::YesNo => true,
        Kind::Reachability => reach_choices(q).len() <= 5,
        Kind::Order | Kind::Configure => false,
    }
}

/// Whether the reason must be named too (FORMAT.md §3: from difficulty 2 on, and always
/// when the item offers its own choices, each of which is a reason).
pub fn asks_reason(q: &Question) -> bool {
    q.kind == Kind::Reachability && (q.difficulty >= 2 || !q.offered.is_empty())
}

/// The learner's settings applied to the question's topology.
pub fn configured(t: &Topology, q: &Question, flags: &[FlagSet]) -> Option<Topology> {
    let mut t = t.clone();
    for (name, f) in q.editable.iter().zip(flags) {
        let i = peering_index(&t, name).ok()?;
        set_flags(&mut t.peerings[i], *f);
    }
    Some(t)
}

/// Grades `answer` to `q` (whose network is `t`, when it has one).
pub fn grade(q: &Question, t: Option<&Topology>, answer: &Answer) -> Grade {
    let plain = |correct| Grade {
        correct,
        goals: Vec::new(),
    };
    match (q.kind, answer) {
        (Kind::Single | Kind::YesNo | Kind::Fix, Answer::Choices { picked }) if !q.picks_many() => {
            plain(picked.len() == 1 && q.answer.contains(&picked[0]) && q.answer.len() == 1)
        }
        (Kind::Multi | Kind::Fix, Answer::Choices { picked }) => {
            let mut p = picked.clone();
            p.sort_unstable();
            p.dedup();
            plain(p == q.answer)
        }
        // Exactly the key's list: a build-list item's key holds only the actions it needs, so
        // a list with an extra action in it, or one missing, is wrong.
        (Kind::Order, Answer::Order { sequence }) => plain(*sequence == q.answer),
        (Kind::Reachability, Answer::Reach { verdict, reason }) => {
            let Some(key) = q.key else {
                return plain(false);
            };
            let reason_ok =
                !asks_reason(q) || key.verdict == Verdict::Reachable || *reason == Some(key.reason);
            plain(*verdict == key.verdict && reason_ok)
        }
        (Kind::Configure, Answer::Configure { flags }) => {
            let Some(work) = t.and_then(|t| configured(t, q, flags)) else {
                return plain(false);
            };
            match check_goals(&work, &q.goals) {
                Ok(goals) => Grade {
                    correct: goals.iter().all(|g| g.holds),
                    goals,
                },
                Err(_) => plain(false),
            }
        }
        _ => plain(false),
    }
}

/// The key as an index into `choices`, the list an export shows with the item (FORMAT.md
/// "Additions"): `q.answer` for the kinds that store one; for a reachability item, the
/// outcome the key names, so a script reading `answer` need not match `key` against labels.
/// Empty when the item lists no choices (or a list that is not its outcomes).
pub fn listed_answer(q: &Question, choices: &[String]) -> Vec<usize> {
    if q.kind != Kind::Reachability {
        return q.answer.clone();
    }
    let outcomes = reach_choices(q);
    match q.key {
        Some(k) if !choices.is_empty() && outcomes.len() == choices.len() => outcomes
            .iter()
            .position(|(v, r)| *v == k.verdict && (r.is_none() || *r == Some(k.reason)))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The right answer, as a learner reads it in the walk-through.
pub fn key_text(q: &Question) -> String {
    match q.kind {
        Kind::Reachability => match q.key {
            Some(k) if k.verdict == Verdict::Reachable => "Reachable".to_string(),
            Some(k) => format!("Unreachable: {}", crate::generate::reason_text(k.reason)),
            None => String::new(),
        },
        Kind::Configure => q
            .solution
            .iter()
            .map(|(n, f)| crate::bank::flags_text(n, f))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Order => q
            .answer
            .iter()
            .map(|&i| q.choices[i].clone())
            .collect::<Vec<_>>()
            .join(" -> "),
        _ => q
            .answer
            .iter()
            .map(|&i| q.choices[i].clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A right answer, as an `Answer` (used by tests and the "show me" key).
pub fn right_answer(q: &Question) -> Option<Answer> {
    Some(match q.kind {
        Kind::Single | Kind::YesNo | Kind::Fix | Kind::Multi => Answer::Choices {
            picked: q.answer.clone(),
        },
        Kind::Order => Answer::Order {
            sequence: q.answer.clone(),
        },
        Kind::Reachability => {
            let k = q.key?;
            Answer::Reach {
                verdict: k.verdict,
                reason: Some(k.reason),
            }
        }
        Kind::Configure => Answer::Configure {
            flags: q.solution.iter().map(|(_, f)| *f).collect(),
        },
    })
}

/// What the learner answered, in words (for the results walk-through).
pub fn answer_text(q: &Question, a: &Answer) -> String {
    let choice = |i: &usize| q.choices.get(*i).cloned().unwrap_or_default();
    match a {
        Answer::Choices { picked } => picked.iter().map(choice).collect::<Vec<_>>().join("; "),
        Answer::Order { sequence } => sequence.iter().map(choice).collect::<Vec<_>>().join(" -> "),
        Answer::Reach {
            verdict: Verdict::Reachable,
            ..
        } => "Reachable".to_string(),
        Answer::Reach {
            reason: Some(r), ..
        } => format!("Unreachable: {}", crate::generate::reason_text(*r)),
        Answer::Reach { .. } => "Unreachable".to_string(),
        Answer::Configure { flags } => q
            .editable
            .iter()
            .zip(flags)
            .map(|(n, f)| crate::bank::flags_text(n, f))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
