//! The history store on temporary databases, and the FSRS schedule (the `fsrs` crate's)
//! against the values the crate's own documentation and tests publish.

use peerlab::store::fsrs::{self, Card, Rating, Scheduler};
use peerlab::store::{AnswerRecord, Store, StoreError};

const DAY: i64 = 86_400;
const T0: i64 = 1_790_000_000; // 2026-09-21, a fixed "now"

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---- FSRS ----------------------------------------------------------------------------

#[test]
fn first_answers_match_the_crates_documented_next_states() {
    // fsrs 6.6.2, `FSRS::next_states` doc example (default parameters, retention 0.9, a new
    // card): again S 0.212 D 6.4133; good S 2.3065 D 2.118104, interval 2.3065 days.
    let s = Scheduler::default();
    let good = s.review(None, Rating::Good, T0);
    assert_eq!(good.stability as f32, 2.3065);
    assert_eq!(good.difficulty as f32, 2.118104);
    assert_eq!(good.due, T0 + 2 * DAY, "round(2.3065) days");
    assert_eq!((good.reps, good.lapses), (1, 0));
    let again = s.review(None, Rating::Again, T0);
    assert_eq!(again.stability as f32, 0.212);
    assert_eq!(again.difficulty as f32, 6.4133);
    assert_eq!(again.due, T0 + fsrs::RELEARN_SECS);
    assert_eq!((again.reps, again.lapses), (1, 1));
}

#[test]
fn a_known_review_sequence_ends_where_the_crates_test_says() {
    // fsrs 6.6.2, inference.rs `test_memory_state`: with the default parameters, ratings
    // Again, Good, Good, Good, Good, Good at elapsed days 0, 0, 1, 3, 8, 21 end at
    // stability 53.62691, difficulty 6.3574867 (to 1e-4).
    let s = Scheduler::default();
    let mut t = T0;
    let mut card = None;
    for (rating, days) in [
        (Rating::Again, 0),
        (Rating::Good, 0),
        (Rating::Good, 1),
        (Rating::Good, 3),
        (Rating::Good, 8),
        (Rating::Good, 21),
    ] {
        t += days * DAY;
        card = Some(s.review(card, rating, t));
    }
    let c = card.unwrap();
    assert!(close(c.stability, 53.62691, 1e-4), "{}", c.stability);
    assert!(close(c.difficulty, 6.3574867, 1e-4), "{}", c.difficulty);
    assert_eq!((c.reps, c.lapses), (6, 1));
    // At retention 0.9 the interval is the stability: 54 days.
    assert_eq!(c.due, t + 54 * DAY);
}

#[test]
fn desired_retention_sets_the_interval_as_the_crates_test_says() {
    // fsrs 6.6.2, inference.rs `test_next_interval`: stability 1 at retention 0.1 ..= 1.0
    // gives [3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1] days (rounded, at least 1).
    let days: Vec<f32> = [0.7, 0.8, 0.9]
        .into_iter()
        .map(|r| {
            Scheduler::new(&fsrs::DEFAULT_PARAMETERS, r)
                .unwrap()
                .interval_days(1.0)
        })
        .collect();
    assert_eq!(days, [9.0, 3.0, 1.0]);
    for bad in [0.5, 0.995, 1.0, f32::NAN] {
        let e = Scheduler::new(&fsrs::DEFAULT_PARAMETERS, bad).unwrap_err();
        assert!(e.contains("0.7 to 0.99"), "{e}");
    }
}

#[test]
fn a_state_written_by_the_old_scheduler_is_continued() {
    // A card the hand-written FSRS-5 code left (S 10.739, D 5.27297, answered 11 days ago):
    // the crate continues from it rather than starting again.
    let c = Card {
        stability: 10.738_925_846,
        difficulty: 5.272_967_931,
        last: T0,
        due: T0 + 11 * DAY,
        reps: 2,
        lapses: 0,
    };
    let s = Scheduler::default();
    let right = s.review(Some(c), Rating::Good, T0 + 11 * DAY);
    assert!(right.stability > c.stability, "{}", right.stability);
    assert_eq!((right.reps, right.lapses), (3, 0));
    let wrong = s.review(Some(c), Rating::Again, T0 + 11 * DAY);
    assert!(wrong.stability < c.stability, "{}", wrong.stability);
    assert_eq!(wrong.due, T0 + 11 * DAY + fsrs::RELEARN_SECS);
    assert_eq!((wrong.reps, wrong.lapses), (3, 1));
    // A state nobody could continue from (NaN, edited by hand) starts afresh, keeping counts.
    let odd = Card {
        stability: f64::NAN,
        ..c
    };
    let fresh = s.review(Some(odd), Rating::Good, T0);
    assert_eq!(fresh.stability as f32, 2.3065);
    assert_eq!(fresh.reps, 3);
}

// ---- the store -----------------------------------------------------------------------

fn answer(position: usize, key: &str, topic: &str, correct: bool) -> AnswerRecord {
    AnswerRecord {
        position,
        key: key.to_string(),
        question_id: key.trim_start_matches("bank:").to_string(),
        template: None,
        topic: topic.to_string(),
        kind: "single".to_string(),
        difficulty: 1,
        correct,
        millis: 1234,
        response: r#"{"kind":"choices","picked":[0]}"#.to_string(),
    }
}

#[test]
fn history_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s.start_session("practice", Some(7), 10, None, T0).unwrap();
        s.record(id, &answer(0, "bank:a", "transitivity", true), T0 + 10)
            .unwrap();
        s.record(id, &answer(1, "bank:b", "gateway-transit", false), T0 + 20)
            .unwrap();
        s.finish_session(id, 500, 1, 20, T0 + 30).unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    let h = s.history().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].answer, answer(0, "bank:a", "transitivity", true));
    assert_eq!(h[1].answered_at, T0 + 20);
    assert_eq!(h[1].mode, "practice");
    let sessions = s.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].score, Some(500));
    assert_eq!(sessions[0].seed, Some(7));
    // A first right answer: round(2.3065) days (the crate's default initial stability).
    assert_eq!(s.card("bank:a").unwrap().unwrap().due, T0 + 10 + 2 * DAY);
    assert_eq!(s.card("bank:b").unwrap().unwrap().lapses, 1);
}

#[test]
fn an_unfinished_session_keeps_its_answers_and_can_be_closed() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s.start_session("exam", Some(3), 50, Some(100), T0).unwrap();
        s.record(id, &answer(0, "bank:a", "transitivity", true), T0 + 5)
            .unwrap();
        s.record(id, &answer(4, "bank:e", "transitivity", false), T0 + 9)
            .unwrap();
        id
        // dropped without finishing: what a killed process leaves
    };
    let mut s = Store::open(dir.path()).unwrap();
    let open = s.open_sessions().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].id, open[0].answered, open[0].minutes),
        (id, 2, Some(100))
    );
    let kept = s.session_answers(id).unwrap();
    assert_eq!(
        kept.iter().map(|a| a.answer.position).collect::<Vec<_>>(),
        vec![0, 4]
    );
    assert!(s.abandon_session(id, T0 + 100).unwrap());
    assert!(s.open_sessions().unwrap().is_empty());
    assert_eq!(s.history().unwrap().len(), 2, "closing keeps the answers");
}

#[test]
fn answering_the_same_question_again_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let id = s.start_session("exam", Some(3), 50, Some(100), T0).unwrap();
    s.record(id, &answer(2, "bank:a", "transitivity", false), T0)
        .unwrap();
    s.record(id, &answer(2, "bank:a", "transitivity", true), T0 + 60)
        .unwrap();
    let h = s.history().unwrap();
    assert_eq!(h.len(), 1);
    assert!(h[0].answer.correct);
}

#[test]
fn two_windows_can_write_to_the_same_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(dir.path()).unwrap();
    let mut b = Store::open(dir.path()).unwrap();
    let sa = a.start_session("practice", None, 5, None, T0).unwrap();
    let sb = b.start_session("practice", None, 5, None, T0).unwrap();
    for i in 0..5 {
        a.record(
            sa,
            &answer(i, "bank:a", "transitivity", true),
            T0 + i as i64,
        )
        .unwrap();
        b.record(
            sb,
            &answer(i, "bank:b", "transitivity", true),
            T0 + i as i64,
        )
        .unwrap();
    }
    assert_eq!(a.history().unwrap().len(), 10);
}

#[test]
fn a_new_database_gets_the_current_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(dir.path().join(peerlab::store::FILE)).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, peerlab::store::VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_file_from_version_zero_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(peerlab::store::FILE), b"").unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let id = s.start_session("practice", None, 1, None, T0).unwrap();
    s.record(id, &answer(0, "bank:a", "transitivity", true), T0)
        .unwrap();
}

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(peerlab::store::FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(e, StoreError::Newer { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("newer peerlab"), "{e}");
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(peerlab::store::FILE);
    let junk = b"this is not sqlite, it is a note someone saved here by mistake\n".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let e = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("Move it aside"), "{e}");
    assert!(std::fs::read(&path).unwrap() == junk, "the file changed");
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(peerlab::store::FILE);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE contacts(name TEXT);")
        .unwrap();
    let e = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
}

#[test]
fn a_data_folder_that_cannot_be_created_is_reported() {
    // (A read-only folder cannot be tested reliably: CI runs as root, which ignores modes.)
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let e = Store::open(&file.join("peerlab")).err().expect("refused");
    assert!(matches!(e, StoreError::Unwritable { .. }), "{e}");
    assert!(e.to_string().contains("--data-dir"), "{e}");
}

// ---- stats on a known history ----------------------------------------------------------

#[test]
fn stats_on_a_known_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let now = T0 + 30 * DAY;
    // Twenty days ago: transitivity 1 of 4 right.
    let old = s
        .start_session("practice", None, 4, None, now - 20 * DAY)
        .unwrap();
    for (i, ok) in [true, false, false, false].into_iter().enumerate() {
        let key = format!("bank:t{i}");
        s.record(old, &answer(i, &key, "transitivity", ok), now - 20 * DAY)
            .unwrap();
    }
    s.finish_session(old, 251, 1, 100, now - 20 * DAY + 100)
        .unwrap();
    // An exam on each of the last three days (today, yesterday, the day before).
    for (d, score_right) in [(2, 3), (1, 2), (0, 4)] {
        let at = now - d * DAY;
        let id = s
            .start_session("exam", Some(d as u64), 4, Some(10), at)
            .unwrap();
        for i in 0..4 {
            let key = format!("bank:e{d}{i}");
            s.record(id, &answer(i, &key, "transitivity", i < score_right), at)
                .unwrap();
        }
        let score = peerlab::quiz::scaled(score_right, 4);
        s.finish_session(id, score, score_right, 60, at + 60)
            .unwrap();
    }
    // One gateway-transit answer, wrong, in an unfinished session.
    let open = s.start_session("practice", None, 1, None, now).unwrap();
    s.record(open, &answer(0, "bank:g", "gateway-transit", false), now)
        .unwrap();

    let st = s.stats(now + 100, 0).unwrap();
    assert_eq!(st.answers, 17);
    assert_eq!(st.correct, 1 + 3 + 2 + 4);
    let t = st
        .per_topic
        .iter()
        .find(|t| t.topic == "transitivity")
        .unwrap();
    assert_eq!((t.answers, t.correct), (16, 10));
    // Recent 9/12 = 0.75 against 1/4 before: +0.5.
    assert!(close(t.trend.unwrap(), 0.5, 1e-9), "{:?}", t.trend);
    let g = st
        .per_topic
        .iter()
        .find(|t| t.topic == "gateway-transit")
        .unwrap();
    assert_eq!(g.trend, None, "no answers before the recent window");
    assert_eq!(st.streak_days, 3);
    assert_eq!(st.open_sessions, 1);
    assert_eq!(
        st.exams.iter().map(|e| e.score).collect::<Vec<_>>(),
        vec![750, 501, 1000]
    );
    assert_eq!(
        st.exams.iter().map(|e| e.passed).collect::<Vec<_>>(),
        vec![true, false, true]
    );
    // 17 items scheduled. Due at now + 100: the four old ones (the right one was due 2
    // days after, 18 days ago; the wrong ones 10 minutes after), the wrong answers of two
    // days ago (1) and yesterday (2), and the right ones of two days ago (3: a first right
    // answer is due after round(2.3065) = 2 days). Not yet: the right answers of yesterday
    // and today, and today's wrong one (10 minutes, 100 s have passed).
    assert_eq!(st.scheduled, 17);
    assert_eq!(st.due_now, 4 + 1 + 2 + 3);
    // Within a week: all of them.
    assert_eq!(st.due_this_week, 17);
}

#[test]
fn the_streak_breaks_on_a_missed_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let now = T0 + 30 * DAY;
    let id = s.start_session("practice", None, 3, None, now).unwrap();
    for (i, d) in [0, 1, 3].into_iter().enumerate() {
        s.record(
            id,
            &answer(i, "bank:a", "transitivity", true),
            now - d * DAY,
        )
        .unwrap();
    }
    assert_eq!(s.stats(now, 0).unwrap().streak_days, 2);
    // Nothing today or yesterday: no streak.
    assert_eq!(s.stats(now + 2 * DAY, 0).unwrap().streak_days, 0);
    // Yesterday counts while today is still open.
    assert_eq!(s.stats(now + DAY, 0).unwrap().streak_days, 2);
}

#[test]
fn readiness_with_no_history_is_a_coin_toss_with_a_wide_range() {
    let r = peerlab::store::readiness(&[]);
    // Every topic Beta(1,1): mean 0.5 -> 1 + 999 * 0.5 = 500.5 -> 501 (rounded half up).
    assert_eq!(r.score, 501);
    // var per topic 1/12, over 11 equally weighted topics: 1/(12*11); sd = 0.08704;
    // 1.96 sd = 0.17060 -> 501 -/+ 170.4
    assert_eq!((r.low, r.high), (330, 671));
    assert_eq!(r.unseen_topics.len(), 11);
    assert!(r.pass_probability < 0.02, "{}", r.pass_probability);
}

/// The readiness line appears only past 20 answers over 3 topics; below, it says what is
/// missing (issue 13: one answer predicted a score).
#[test]
fn readiness_is_shown_only_from_twenty_answers_over_three_topics() {
    let text_of = |answers: &[(&str, usize)]| {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let now = T0 + 30 * DAY;
        let id = s.start_session("practice", None, 40, None, now).unwrap();
        let mut pos = 0;
        for (topic, n) in answers {
            for _ in 0..*n {
                let key = format!("bank:q{pos}");
                s.record(id, &answer(pos, &key, topic, pos % 2 == 0), now)
                    .unwrap();
                pos += 1;
            }
        }
        let st = s.stats(now, 0).unwrap();
        let line = st
            .text(dir.path())
            .lines()
            .find(|l| l.starts_with("Readiness"))
            .unwrap()
            .to_string();
        (st.readiness, line)
    };
    // One answer: nothing predicted.
    let (r, line) = text_of(&[("nsg", 1)]);
    assert_eq!((r.answers_needed, r.topics_needed), (19, 2));
    assert_eq!(
        line,
        "Readiness: answer 19 more, in 2 more topics, to see a readiness estimate"
    );
    // 19 answers over 3 topics: one short.
    let (r, line) = text_of(&[("nsg", 7), ("routing", 6), ("dns", 6)]);
    assert_eq!((r.answers_needed, r.topics_needed), (1, 0));
    assert_eq!(line, "Readiness: answer 1 more to see a readiness estimate");
    // 20 answers over 2 topics: a topic short.
    let (r, line) = text_of(&[("nsg", 10), ("routing", 10)]);
    assert_eq!((r.answers_needed, r.topics_needed), (0, 1));
    assert_eq!(
        line,
        "Readiness: answer questions in 1 more topic to see a readiness estimate"
    );
    // 20 answers over 3 topics: the estimate, with its figures.
    let (r, line) = text_of(&[("nsg", 7), ("routing", 7), ("dns", 6)]);
    assert_eq!((r.answers_needed, r.topics_needed), (0, 0));
    assert!(r.missing().is_none());
    assert!(
        line.starts_with(&format!(
            "Readiness: predicted exam score {} (95% range {}-{}), chance of passing",
            r.score, r.low, r.high
        )),
        "{line}"
    );
}

#[test]
fn two_windows_opening_a_new_history_at_once_both_succeed() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || Store::open(&p).map(|_| ()).map_err(|e| e.to_string()))
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    }
}

#[test]
fn two_windows_answering_at_the_same_time_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap();
    let handles: Vec<_> = (0..2)
        .map(|w| {
            let p = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut s = Store::open(&p).unwrap();
                let id = s.start_session("practice", None, 50, None, T0).unwrap();
                for i in 0..50 {
                    let key = format!("bank:w{w}-{i}");
                    s.record(id, &answer(i, &key, "dns", i % 2 == 0), T0 + i as i64)
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(s.history().unwrap().len(), 100);
    assert_eq!(s.seen().unwrap().len(), 100);
}

#[test]
fn only_the_first_answer_to_an_item_in_a_session_moves_its_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let id = s.start_session("exam", Some(1), 5, Some(10), T0).unwrap();
    // Changing an exam answer (same position), and a series' other statements (same key).
    s.record(id, &answer(0, "bank:a", "dns", true), T0).unwrap();
    s.record(id, &answer(0, "bank:a", "dns", false), T0 + 5)
        .unwrap();
    s.record(id, &answer(1, "gen:yes-no:2", "dns", true), T0 + 6)
        .unwrap();
    s.record(id, &answer(2, "gen:yes-no:2", "dns", true), T0 + 7)
        .unwrap();
    let a = s.card("bank:a").unwrap().unwrap();
    assert_eq!((a.reps, a.lapses, a.due), (1, 0, T0 + 2 * DAY));
    assert_eq!(s.card("gen:yes-no:2").unwrap().unwrap().reps, 1);
    // The answer itself is the latest one given.
    assert!(!s.history().unwrap()[0].answer.correct);
    // The next session reviews it again.
    let next = s
        .start_session("review", None, 1, None, T0 + 3 * DAY)
        .unwrap();
    s.record(next, &answer(0, "bank:a", "dns", true), T0 + 3 * DAY)
        .unwrap();
    assert_eq!(s.card("bank:a").unwrap().unwrap().reps, 2);
}

#[test]
fn another_programs_database_with_a_version_set_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(peerlab::store::FILE);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE notes(x); PRAGMA user_version = 1;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
}

#[test]
fn stats_survive_odd_values_written_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let id = s.start_session("practice", None, 1, None, T0).unwrap();
    s.record(id, &answer(0, "bank:a", "dns", true), T0).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(dir.path().join(peerlab::store::FILE)).unwrap();
    c.execute_batch(
        "UPDATE answers SET correct = 2, millis = -5, position = -1; UPDATE sessions SET questions = -3;",
    )
    .unwrap();
    drop(c);
    let s = Store::open(dir.path()).unwrap();
    let st = s.stats(T0 + 10, 0).unwrap();
    assert_eq!((st.answers, st.correct), (1, 1));
    assert_eq!(s.sessions().unwrap()[0].questions, 0);
    assert_eq!(s.history().unwrap()[0].answer.millis, 0);
}

// ---- the learner's own parameters -----------------------------------------------------

/// `items` items, each answered on days 0, 2, 6 and 14 (every fourth one wrong on day 6):
/// three reviews a day or more after an earlier answer per item.
fn spaced_history(s: &mut Store, items: usize) {
    for (n, day) in [0i64, 2, 6, 14].into_iter().enumerate() {
        let at = T0 + day * DAY;
        let id = s.start_session("review", None, items, None, at).unwrap();
        for i in 0..items {
            let right = !(n == 2 && i % 4 == 0);
            let a = answer(i, &format!("bank:q{i}"), "transitivity", right);
            s.record(id, &a, at + i as i64).unwrap();
        }
        s.finish_session(id, 0, items, 60, at + 100).unwrap();
    }
}

#[test]
fn optimize_with_too_few_reviews_says_how_many_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    spaced_history(&mut s, 5);
    // A cram session a month later: kept, but neither a review nor a schedule change.
    let before = s.card("bank:q0").unwrap();
    let cram = s
        .start_session("cram", None, 1, None, T0 + 40 * DAY)
        .unwrap();
    s.record(
        cram,
        &answer(0, "bank:q0", "transitivity", true),
        T0 + 40 * DAY,
    )
    .unwrap();
    assert_eq!(s.card("bank:q0").unwrap(), before);
    assert_eq!(s.history().unwrap().len(), 21);
    // 5 items x 3 later reviews; a same-day repeat would not count.
    assert_eq!(s.fit_reviews().unwrap(), 15);
    let fit = s.optimize().unwrap();
    assert_eq!(
        fit,
        peerlab::store::Fit::TooFew {
            reviews: 15,
            needed: 64
        }
    );
    assert!(!s.fitted());
    assert_eq!(s.scheduler().parameters(), fsrs::DEFAULT_PARAMETERS);
}

#[test]
fn optimize_fits_stores_and_schedules_with_the_learners_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let mut s = Store::open(dir.path()).unwrap();
        spaced_history(&mut s, 40);
        assert_eq!(s.fit_reviews().unwrap(), 120);
        let before = s.card("bank:q1").unwrap().unwrap();
        let peerlab::store::Fit::Fitted {
            reviews,
            parameters,
            log_loss_before,
            log_loss_after,
            rescheduled,
        } = s.optimize().unwrap()
        else {
            panic!("120 reviews are enough to fit");
        };
        assert_eq!((reviews, rescheduled), (120, 40));
        assert_eq!(parameters.len(), 21);
        assert_ne!(parameters, fsrs::DEFAULT_PARAMETERS.to_vec());
        assert!(log_loss_after.is_finite() && log_loss_before.is_finite());
        assert!(
            log_loss_after <= log_loss_before + 1e-3,
            "fitted {log_loss_after} vs default {log_loss_before}"
        );
        before
    };
    // Stored: a new window schedules with the fitted parameters.
    let mut s = Store::open(dir.path()).unwrap();
    assert!(s.fitted());
    let own = Scheduler::new(s.scheduler().parameters(), 0.9).unwrap();
    // The replayed schedule is the history replayed with them.
    let after = s.card("bank:q1").unwrap().unwrap();
    assert_eq!((after.reps, after.last), (before.reps, before.last));
    let mut replay = None;
    // bank:q1 (i = 1) was right every time, answered 1 s into each session.
    for day in [0i64, 2, 6, 14] {
        replay = Some(own.review(replay, Rating::Good, T0 + day * DAY + 1));
    }
    assert_eq!(after, replay.unwrap());
    let id = s
        .start_session("practice", None, 1, None, T0 + 30 * DAY)
        .unwrap();
    s.record(id, &answer(0, "bank:new", "dns", true), T0 + 30 * DAY)
        .unwrap();
    let new = s.card("bank:new").unwrap().unwrap();
    assert_eq!(new, own.review(None, Rating::Good, T0 + 30 * DAY));
    assert_ne!(
        new.stability as f32, 2.3065,
        "not the default first stability"
    );
}

#[test]
fn desired_retention_is_range_checked_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path()).unwrap();
        for bad in [0.5f32, 1.0, f32::NAN] {
            let e = s.set_retention(bad).unwrap_err();
            assert!(matches!(e, StoreError::OutOfRange { .. }), "{e}");
            assert!(e.to_string().contains("0.7 to 0.99"), "{e}");
        }
        s.set_retention(0.8).unwrap();
    }
    let mut s = Store::open(dir.path()).unwrap();
    assert_eq!(s.scheduler().retention(), 0.8);
    let id = s.start_session("practice", None, 1, None, T0).unwrap();
    s.record(id, &answer(0, "bank:a", "dns", true), T0).unwrap();
    // S 2.3065 at retention 0.8: longer than the 2 days at 0.9.
    let due = s.card("bank:a").unwrap().unwrap().due;
    let days = Scheduler::new(&fsrs::DEFAULT_PARAMETERS, 0.8)
        .unwrap()
        .interval_days(2.3065);
    assert_eq!(due, T0 + days as i64 * DAY);
    assert!(days > 2.0, "{days}");
}

#[test]
fn a_version_1_history_from_the_old_scheduler_keeps_every_answer_and_its_schedule() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s.start_session("practice", None, 3, None, T0).unwrap();
        s.record(id, &answer(0, "bank:a", "transitivity", true), T0)
            .unwrap();
        s.record(id, &answer(1, "bank:b", "dns", false), T0 + 5)
            .unwrap();
        s.finish_session(id, 0, 1, 10, T0 + 10).unwrap();
    }
    // Made into what the FSRS-5 code wrote at schema 1: its states (right first answer
    // S 3.173 D 5.28243 due in 3 days; wrong S 0.40255 D 7.1949 due in 10 minutes).
    let path = dir.path().join(peerlab::store::FILE);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(&format!(
            "DROP TABLE flags; DROP TABLE settings; DROP TABLE lab_attempts;
             UPDATE schedule SET stability = 3.173, difficulty = 5.28243, due = {}
               WHERE item_key = 'bank:a';
             UPDATE schedule SET stability = 0.40255, difficulty = 7.1949, due = {}
               WHERE item_key = 'bank:b';
             PRAGMA user_version = 1;",
            T0 + 3 * DAY,
            T0 + 5 + 600
        ))
        .unwrap();
    }
    let mut s = Store::open(dir.path()).unwrap();
    let kept: Vec<(String, bool, i64)> = s
        .history()
        .unwrap()
        .into_iter()
        .map(|a| (a.answer.key, a.answer.correct, a.answered_at))
        .collect();
    assert_eq!(
        kept,
        [
            ("bank:a".to_string(), true, T0),
            ("bank:b".to_string(), false, T0 + 5)
        ]
    );
    let a = s.card("bank:a").unwrap().unwrap();
    assert_eq!(
        (a.stability, a.due),
        (3.173, T0 + 3 * DAY),
        "left as it was"
    );
    // The next answer continues from the stored state with the crate.
    let id = s
        .start_session("review", None, 1, None, T0 + 3 * DAY)
        .unwrap();
    s.record(id, &answer(0, "bank:a", "transitivity", true), T0 + 3 * DAY)
        .unwrap();
    let next = s.card("bank:a").unwrap().unwrap();
    assert_eq!(
        next,
        Scheduler::default().review(Some(a), Rating::Good, T0 + 3 * DAY)
    );
    assert_eq!(s.history().unwrap().len(), 3);
}
