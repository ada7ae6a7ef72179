//! Answers written straight into a history (tests/study.rs, study_progress.rs), so a test
//! states the past it needs (when, which topic, right or wrong) without playing it.

use peerlab::store::{AnswerRecord, Store};

/// A single-choice routing answer at `pos` of session `id` (`key` is `bank:<question id>`).
pub fn record(s: &mut Store, id: i64, pos: usize, key: &str, correct: bool, at: i64) {
    let question_id = key.trim_start_matches("bank:");
    answer(s, id, pos, key, question_id, "routing", correct, at);
}

/// The same for a question of `topic` (its id is the whole `key`).
pub fn record_topic(
    s: &mut Store,
    id: i64,
    pos: usize,
    key: &str,
    topic: &str,
    correct: bool,
    at: i64,
) {
    answer(s, id, pos, key, key, topic, correct, at);
}

#[allow(clippy::too_many_arguments)]
fn answer(
    s: &mut Store,
    id: i64,
    pos: usize,
    key: &str,
    question_id: &str,
    topic: &str,
    correct: bool,
    at: i64,
) {
    let r = AnswerRecord {
        position: pos,
        key: key.to_string(),
        question_id: question_id.to_string(),
        template: None,
        topic: topic.to_string(),
        kind: "single".to_string(),
        difficulty: 1,
        correct,
        millis: 1000,
        response: "{}".to_string(),
    };
    s.record(id, &r, at).unwrap();
}
