//! A quiz session as a state machine: questions, answers, review flags, the exam's rules
//! (a countdown that submits by itself, yes-no series that lock once answered) and scoring.
//! Time is passed in by the caller, so every rule is tested without a clock or a terminal.

use super::grade::{Answer, Grade, grade};
use crate::bank::{Kind, Question, Topic};
use crate::model::Topology;
use serde::Serialize;
use std::time::Duration;

/// One question of a session, with its network.
#[derive(Debug, Clone)]
pub struct Item {
    pub question: Question,
    pub topology: Option<Topology>,
    /// For a generated question, the template it came from (progress is kept per template
    /// and difficulty, since each instance is asked once).
    pub template: Option<crate::generate::Template>,
}

impl Item {
    /// What progress is kept under: the bank question, or the template and difficulty.
    pub fn key(&self) -> String {
        match self.template {
            Some(t) => format!("gen:{}:{}", t.as_str(), self.question.difficulty),
            None => format!("bank:{}", self.question.id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Feedback after every answer, no clock.
    Practice,
    /// AZ-104 style: a countdown, review, submit, then results.
    Exam,
    /// An exam everyone in a class takes with the same seed.
    Drill,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuizError {
    #[error("this yes-no series is locked: its answers cannot be changed once given")]
    Locked,
    #[error("the session has been submitted")]
    Submitted,
    #[error("there is no question {0}")]
    NoSuchQuestion(usize),
}

/// The pass mark of the scaled score (RULES.md §9).
pub const PASS: u16 = 700;

/// AZ-104's scale: 1 to 1000. peerlab's is linear in the fraction answered right (Microsoft
/// does not publish its scaling), so all right is 1000 and the pass mark sits at 70%.
pub fn scaled(correct: usize, total: usize) -> u16 {
    if total == 0 {
        return 1;
    }
    (1 + (999 * correct + total / 2) / total) as u16
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    pub topic: Topic,
    pub correct: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub topic: Topic,
    pub kind: Kind,
    pub answered: bool,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub score: u16,
    pub passed: bool,
    pub correct: usize,
    pub total: usize,
    pub per_topic: Vec<TopicScore>,
    pub items: Vec<ItemResult>,
    /// How long the session took (capped at the time limit).
    pub seconds: u64,
    /// The countdown ran out and submitted the session.
    pub timed_out: bool,
}

/// What the review screen shows before submitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub answered: Vec<usize>,
    pub unanswered: Vec<usize>,
    pub flagged: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub mode: Mode,
    pub items: Vec<Item>,
    answers: Vec<Option<Answer>>,
    flagged: Vec<bool>,
    current: usize,
    started: Duration,
    limit: Option<Duration>,
    results: Option<Results>,
}

impl Session {
    /// A session starting at `now` (any monotonic clock the caller keeps).
    pub fn new(mode: Mode, items: Vec<Item>, limit: Option<Duration>, now: Duration) -> Self {
        let n = items.len();
        Session {
            mode,
            items,
            answers: vec![None; n],
            flagged: vec![false; n],
            current: 0,
            started: now,
            limit,
            results: None,
        }
    }

    pub fn current(&self) -> usize {
        self.current
    }

    pub fn item(&self) -> &Item {
        &self.items[self.current]
    }

    pub fn answer_of(&self, i: usize) -> Option<&Answer> {
        self.answers.get(i).and_then(Option::as_ref)
    }

    pub fn is_flagged(&self, i: usize) -> bool {
        self.flagged.get(i).copied().unwrap_or(false)
    }

    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// Whether question `i` is a yes-no statement already answered: on the exam a series
    /// cannot be revisited (RULES.md §9), so peerlab locks it in every mode but practice.
    pub fn is_locked(&self, i: usize) -> bool {
        self.mode != Mode::Practice
            && self
                .items
                .get(i)
                .is_some_and(|it| it.question.kind == Kind::YesNo)
            && self.answer_of(i).is_some()
    }

    /// Time left on the countdown at `now`, if there is one.
    pub fn remaining(&self, now: Duration) -> Option<Duration> {
        self.limit
            .map(|l| l.saturating_sub(now.saturating_sub(self.started)))
    }

    /// Submits the session when its countdown has run out. Returns whether it did.
    pub fn tick(&mut self, now: Duration) -> bool {
        if self.results.is_none() && self.remaining(now) == Some(Duration::ZERO) {
            self.finish(now, true);
            return true;
        }
        false
    }

    /// Records (and grades) an answer to the current question.
    pub fn answer(&mut self, answer: Answer, now: Duration) -> Result<Grade, QuizError> {
        if self.tick(now) || self.results.is_some() {
            return Err(QuizError::Submitted);
        }
        if self.is_locked(self.current) {
            return Err(QuizError::Locked);
        }
        let it = &self.items[self.current];
        let g = grade(&it.question, it.topology.as_ref(), &answer);
        self.answers[self.current] = Some(answer);
        Ok(g)
    }

    /// Moves to question `i`. Moving back into an answered yes-no series is refused outside
    /// practice: the real exam does not allow it either.
    pub fn goto(&mut self, i: usize) -> Result<(), QuizError> {
        if i >= self.items.len() {
            return Err(QuizError::NoSuchQuestion(i));
        }
        if i < self.current && self.is_locked(i) {
            return Err(QuizError::Locked);
        }
        self.current = i;
        Ok(())
    }

    pub fn forward(&mut self) -> Result<(), QuizError> {
        self.goto(self.current + 1)
    }

    pub fn back(&mut self) -> Result<(), QuizError> {
        match self.current.checked_sub(1) {
            Some(i) => self.goto(i),
            None => Err(QuizError::NoSuchQuestion(0)),
        }
    }

    /// Flags (or unflags) question `i`, as a resumed exam restores it; out of range is ignored.
    pub fn set_flag(&mut self, i: usize, on: bool) {
        if let Some(f) = self.flagged.get_mut(i) {
            *f = on;
        }
    }

    pub fn toggle_flag(&mut self) {
        let f = &mut self.flagged[self.current];
        *f = !*f;
    }

    pub fn review(&self) -> Review {
        let all = 0..self.items.len();
        Review {
            answered: all.clone().filter(|&i| self.answers[i].is_some()).collect(),
            unanswered: all.clone().filter(|&i| self.answers[i].is_none()).collect(),
            flagged: all.filter(|&i| self.flagged[i]).collect(),
        }
    }

    /// Ends the session and scores it. Submitting twice keeps the first results.
    pub fn submit(&mut self, now: Duration) -> &Results {
        if !self.tick(now) && self.results.is_none() {
            self.finish(now, false);
        }
        self.results.as_ref().expect("just submitted")
    }

    fn finish(&mut self, now: Duration, timed_out: bool) {
        let mut items = Vec::new();
        let mut topics: Vec<TopicScore> = Vec::new();
        for (it, a) in self.items.iter().zip(&self.answers) {
            let q = &it.question;
            let correct = a
                .as_ref()
                .is_some_and(|a| grade(q, it.topology.as_ref(), a).correct);
            items.push(ItemResult {
                id: q.id.clone(),
                topic: q.topic,
                kind: q.kind,
                answered: a.is_some(),
                correct,
            });
            match topics.iter_mut().find(|t| t.topic == q.topic) {
                Some(t) => {
                    t.total += 1;
                    t.correct += usize::from(correct);
                }
                None => topics.push(TopicScore {
                    topic: q.topic,
                    correct: usize::from(correct),
                    total: 1,
                }),
            }
        }
        topics.sort_by_key(|t| t.topic);
        let correct = items.iter().filter(|i| i.correct).count();
        let total = items.len();
        let score = scaled(correct, total);
        let mut elapsed = now.saturating_sub(self.started);
        if let Some(l) = self.limit {
            elapsed = elapsed.min(l);
        }
        self.results = Some(Results {
            score,
            passed: score >= PASS,
            correct,
            total,
            per_topic: topics,
            items,
            seconds: elapsed.as_secs(),
            timed_out,
        });
    }
}
