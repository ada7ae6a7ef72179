//! The history store on temporary databases, and the FSRS scheduler against values worked
//! out by hand from the published FSRS-5 formulas and default weights.

use peerlab::store::fsrs::{self, Card, Rating};
use peerlab::store::{AnswerRecord, Store, StoreError};

const DAY: i64 = 86_400;
const T0: i64 = 1_790_000_000; // 2026-09-21, a fixed "now"

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---- FSRS ----------------------------------------------------------------------------

#[test]
fn first_answers_start_from_the_published_initial_values() {
    // S0(G) = w[G-1]; D0(G) = w4 - e^(w5 (G-1)) + 1.
    assert_eq!(fsrs::initial_stability(Rating::Good), 3.173);
    assert_eq!(fsrs::initial_stability(Rating::Again), 0.40255);
    // 7.1949 - e^(0.5345 * 2) + 1 = 7.1949 - 2.91247 + 1
    assert!(close(fsrs::initial_difficulty(Rating::Good), 5.28243, 1e-4));
    // 7.1949 - e^0 + 1
    assert!(close(fsrs::initial_difficulty(Rating::Again), 7.1949, 1e-9));
}

#[test]
fn the_interval_is_the_stability_at_ninety_percent_retention() {
    // R(S, S) = (1 + 19/81)^-0.5 = (100/81)^-0.5 = 0.9 exactly.
    assert!(close(fsrs::retrievability(10.0, 10.0), 0.9, 1e-12));
    assert!(close(fsrs::interval_days(3.173), 3.173, 1e-9));
    assert!(close(fsrs::interval_days(42.0), 42.0, 1e-9));
}

#[test]
fn a_right_first_answer_is_due_in_three_days() {
    let c = fsrs::review(None, Rating::Good, T0);
    assert_eq!(c.due, T0 + 3 * DAY, "round(3.173) days");
    assert_eq!((c.reps, c.lapses), (1, 0));
}

#[test]
fn a_wrong_answer_comes_back_within_minutes() {
    let c = fsrs::review(None, Rating::Again, T0);
    assert_eq!(c.due, T0 + fsrs::RELEARN_SECS);
    assert_eq!(c.stability, 0.40255);
    assert_eq!((c.reps, c.lapses), (1, 1));
}

#[test]
fn a_second_right_answer_after_three_days_grows_stability_to_about_eleven_days() {
    // By hand: R = (1 + 19/81 * 3/3.173)^-0.5 = 0.90470;
    // S' = 3.173 * (1 + e^1.54575 * (11 - 5.28243) * 3.173^-0.1192 * (e^(1.01925 * 0.09530) - 1))
    //    = 3.173 * (1 + 4.6916 * 5.71757 * 0.87142 * 0.10201) = 10.739
    // D' = 0.0046 * D0(4) + 0.9954 * 5.28243 with D0(4) = 7.1949 - e^(0.5345*3) + 1 = 3.22450
    //    = 5.27297
    let first = fsrs::review(None, Rating::Good, T0);
    let second = fsrs::review(Some(first), Rating::Good, T0 + 3 * DAY);
    assert!(
        close(second.stability, 10.739, 2e-3),
        "{}",
        second.stability
    );
    assert!(
        close(second.difficulty, 5.27297, 1e-4),
        "{}",
        second.difficulty
    );
    assert_eq!(second.due, T0 + 3 * DAY + 11 * DAY);
}

#[test]
fn a_lapse_after_eleven_days_uses_the_forgetting_formula() {
    // S = 10.739, D = 5.27297, t = 11: R = (1 + 19/81 * 11/10.739)^-0.5 = 0.89793;
    // S_f = 1.9395 * D^-0.11 * ((S + 1)^0.29605 - 1) * e^(2.2698 * 0.10207) = 2.1858
    // D: delta = -1.4604 * (1 - 3) = 2.9208, damped by (10 - 5.27297) / 9:
    //    5.27297 + 2.9208 * 0.52523 = 6.80705; D' = 0.0046 * 3.22450 + 0.9954 * 6.80705 = 6.79057
    let c = Card {
        stability: 10.738_925_846,
        difficulty: 5.272_967_931,
        last: T0,
        due: T0 + 11 * DAY,
        reps: 2,
        lapses: 0,
    };
    let after = fsrs::review(Some(c), Rating::Again, T0 + 11 * DAY);
    assert!(close(after.stability, 2.1858, 1e-3), "{}", after.stability);
    assert!(
        close(after.difficulty, 6.79057, 1e-4),
        "{}",
        after.difficulty
    );
    assert_eq!((after.reps, after.lapses), (3, 1));
}

#[test]
fn a_same_day_repeat_uses_short_term_stability() {
    // S' = 3.173 * e^(0.51655 * (0 + 0.6621)) = 4.46686
    let first = fsrs::review(None, Rating::Good, T0);
    let again = fsrs::review(Some(first), Rating::Good, T0 + 3600);
    assert!(close(again.stability, 4.46686, 1e-4), "{}", again.stability);
    assert_eq!(again.due, T0 + 3600 + 4 * DAY);
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
    assert_eq!(s.card("bank:a").unwrap().unwrap().due, T0 + 10 + 3 * DAY);
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
    // 17 items scheduled. Due at now + 100: the four old ones (the right one was due 3
    // days after, 17 days ago; the wrong ones 10 minutes after), and the wrong answers of
    // two days ago (1) and yesterday (2). Not yet: every right answer of the last three
    // days (3 days' interval) and today's wrong one (10 minutes, 100 s have passed).
    assert_eq!(st.scheduled, 17);
    assert_eq!(st.due_now, 4 + 1 + 2);
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
    assert_eq!((a.reps, a.lapses, a.due), (1, 0, T0 + 3 * DAY));
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
