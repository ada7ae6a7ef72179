//! What a practice or review session ends on: it has no pass mark, and a learner who leaves
//! after three answers has taken three questions, not failed two hundred. So only what was
//! answered is counted (issue 13: 33 answers then `q` showed "Score 95 / 1000 FAIL ... 19
//! of 202 right").

use super::session::{Results, TopicScore, scaled};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub answered: usize,
    pub right: usize,
    /// Topics of the questions answered, with how many of them were right.
    pub per_topic: Vec<TopicScore>,
    pub seconds: u64,
    /// Positions (in the session) of the questions answered wrong: what "retry" asks again.
    pub missed: Vec<usize>,
}

impl Summary {
    /// The summary of a scored session, counting only the questions answered.
    pub fn of(r: &Results) -> Summary {
        let mut per_topic: Vec<TopicScore> = Vec::new();
        let mut missed = Vec::new();
        for (i, it) in r.items.iter().enumerate().filter(|(_, it)| it.answered) {
            if !it.correct {
                missed.push(i);
            }
            match per_topic.iter_mut().find(|t| t.topic == it.topic) {
                Some(t) => {
                    t.total += 1;
                    t.correct += usize::from(it.correct);
                }
                None => per_topic.push(TopicScore {
                    topic: it.topic,
                    correct: usize::from(it.correct),
                    total: 1,
                }),
            }
        }
        per_topic.sort_by_key(|t| t.topic);
        Summary {
            answered: r.items.iter().filter(|i| i.answered).count(),
            right: r.items.iter().filter(|i| i.correct).count(),
            per_topic,
            seconds: r.seconds,
            missed,
        }
    }

    /// The scaled score of what was answered (what the history keeps for a practice
    /// session; 0 when nothing was answered, as `store::limits::SCORE` allows).
    pub fn score(&self) -> u16 {
        if self.answered == 0 {
            0
        } else {
            scaled(self.right, self.answered)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Kind, Topic};
    use crate::quiz::ItemResult;

    fn item(topic: Topic, answered: bool, correct: bool) -> ItemResult {
        ItemResult {
            id: "q".into(),
            topic,
            kind: Kind::Single,
            answered,
            correct,
        }
    }

    #[test]
    fn only_answered_questions_count() {
        let mut items = vec![
            item(Topic::PeeringBasics, true, true),
            item(Topic::Transitivity, true, false),
            item(Topic::PeeringBasics, true, true),
        ];
        items.extend((0..199).map(|_| item(Topic::PeeringBasics, false, false)));
        let r = Results {
            score: 15,
            passed: false,
            correct: 2,
            total: 202,
            per_topic: Vec::new(),
            items,
            seconds: 75,
            timed_out: false,
        };
        let s = Summary::of(&r);
        assert_eq!((s.answered, s.right, s.seconds), (3, 2, 75));
        assert_eq!(s.missed, vec![1]);
        // 2 of 3: 1 + 999 * 2 / 3 = 667.
        assert_eq!(s.score(), 667);
        let t: Vec<_> = s
            .per_topic
            .iter()
            .map(|t| (t.topic, t.correct, t.total))
            .collect();
        assert_eq!(
            t,
            vec![(Topic::PeeringBasics, 2, 2), (Topic::Transitivity, 0, 1)]
        );
    }
}
