//! Resuming an interrupted exam: the stored session rebuilt from its seed, with the answers
//! already given and the time that was left. Domain data, so both front ends can use it.

use super::Store;

/// An interrupted exam to continue: its stored session, items, time left and answers.
pub struct Resume {
    pub session: i64,
    /// The exam's seed: it draws the items and the order their choices were shown in.
    pub seed: u64,
    pub items: Vec<crate::quiz::Item>,
    pub left: std::time::Duration,
    pub given: Vec<(usize, crate::quiz::Answer)>,
    /// The questions flagged for review.
    pub flagged: Vec<usize>,
    /// Seconds from the last answer to now: the interruption, added to the session's pause.
    pub interrupted: i64,
}

/// The last interrupted exam, rebuilt from its seed, with its answers and the time left.
/// Refused when the questions drawn today differ from the stored ones (another bank).
pub fn resume_of(store: &Store, bank: &crate::bank::Bank) -> Result<Resume, String> {
    let open = store.open_sessions().map_err(|e| format!("error: {e}"))?;
    let Some(s) = open.iter().rev().find(|s| s.mode == "exam") else {
        let others = open.len();
        return Err(if others > 0 {
            format!(
                "no interrupted exam to resume ({others} interrupted practice, review or drill session{} can only be closed: peerlab resume --close)",
                if others == 1 { "" } else { "s" }
            )
        } else {
            "no interrupted exam to resume".to_string()
        });
    };
    let (Some(seed), Some(minutes)) = (s.seed, s.minutes) else {
        return Err(format!(
            "session {} has no seed or time limit stored; close it with peerlab resume --close",
            s.id
        ));
    };
    // The file may have been edited by hand (or written by an older peerlab that stored
    // `--minutes 18446744073709551615` as -1): a limit outside the range is not trusted.
    if !super::limits::MINUTES.contains(&minutes) {
        return Err(format!(
            "session {} has a time limit of {minutes} minutes, outside 1 to {}; close it with peerlab resume --close",
            s.id,
            super::limits::MINUTES.end()
        ));
    }
    // Bounded: the file may have been edited by hand.
    let items = crate::quiz::exam(bank, seed, s.questions.min(1000));
    let answers = store
        .session_answers(s.id)
        .map_err(|e| format!("error: {e}"))?;
    let mut given = Vec::new();
    // Time used runs to the last answer: the time the trainer was closed is not counted.
    let mut last_answer = s.started_at;
    for row in answers {
        let a = row.answer;
        let same = items
            .get(a.position)
            .is_some_and(|it| it.question.id == a.question_id);
        if !same {
            return Err(format!(
                "session {}: the questions drawn now differ from the ones answered (was the exam taken with another --content bank?). Use the same bank, or close it with peerlab resume --close",
                s.id
            ));
        }
        let answer: crate::quiz::Answer = serde_json::from_str(&a.response).map_err(|e| {
            format!(
                "session {}: an answer could not be read ({e}); close it with peerlab resume --close",
                s.id
            )
        })?;
        given.push((a.position, answer));
        last_answer = last_answer.max(row.answered_at);
    }
    let flagged = store.flags(s.id).map_err(|e| format!("error: {e}"))?;
    let now = crate::store::unix_now();
    let used = (last_answer - s.started_at - s.paused as i64).max(0) as u64;
    Ok(Resume {
        session: s.id,
        seed,
        items,
        left: std::time::Duration::from_secs(minutes.saturating_mul(60).saturating_sub(used)),
        given,
        flagged,
        interrupted: now - last_answer,
    })
}

#[cfg(test)]
mod tests {
    use crate::store::{AnswerRecord, Store};

    fn record(s: &mut Store, id: i64, pos: usize, q: &crate::quiz::Item, at: i64) {
        let a = crate::quiz::right_answer(&q.question).unwrap();
        let r = AnswerRecord {
            position: pos,
            key: q.key(),
            question_id: q.question.id.clone(),
            template: None,
            topic: q.question.topic.as_str().to_string(),
            kind: q.question.kind.as_str().to_string(),
            difficulty: q.question.difficulty,
            correct: true,
            millis: 1,
            response: serde_json::to_string(&a).unwrap(),
        };
        s.record(id, &r, at).unwrap();
    }

    #[test]
    fn a_second_resume_does_not_count_the_first_interruption_as_exam_time() {
        let bank = crate::bank::builtin().unwrap();
        let items = crate::quiz::exam(&bank, 12, 6);
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let now = crate::store::unix_now();
        let start = now - 10_000;
        let id = s
            .start_session("exam", Some(12), 6, Some(10), start)
            .unwrap();
        record(&mut s, id, 0, &items[0], start + 60);
        // First resume: 60 s used of 600.
        let r = super::resume_of(&s, &bank).unwrap();
        assert_eq!(r.left.as_secs(), 540);
        assert!(r.interrupted >= 9_940, "{}", r.interrupted);
        // As if resumed 40 s ago, answered 20 s ago, then killed again.
        s.add_pause(id, 9_900).unwrap();
        record(&mut s, id, 1, &items[1], now - 20);
        let r = super::resume_of(&s, &bank).unwrap();
        // Used: (now - 20) - start - 9,900 = 80 s.
        assert_eq!(r.left.as_secs(), 520);
        assert_eq!(r.given.len(), 2);
        assert_eq!(r.session, id);
    }

    #[test]
    fn resume_refuses_when_the_bank_draws_other_questions() {
        let bank = crate::bank::builtin().unwrap();
        let items = crate::quiz::exam(&bank, 12, 6);
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let now = crate::store::unix_now();
        // Stored as seed 13: today's draw for 13 differs at position 0.
        let id = s
            .start_session("exam", Some(13), 6, Some(10), now - 100)
            .unwrap();
        assert_ne!(
            crate::quiz::exam(&bank, 13, 6)[0].question.id,
            items[0].question.id
        );
        record(&mut s, id, 0, &items[0], now - 50);
        let e = super::resume_of(&s, &bank).err().expect("refused");
        assert!(e.contains("differ"), "{e}");
    }
}
