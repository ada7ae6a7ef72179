//! The progress side of the study flow (issue 13): weekly and daily figures and their charts,
//! `stats` as text and JSON, the scheduler's optimize and retention, review with nothing due,
//! and an old history opened. A seeded history stands for the past; `TestBackend` renders the
//! screens at 80x24 and 120x40 for snapshots. (Split from tests/study.rs, past its size.)
#![cfg(feature = "tui")]

mod common;

use common::answers::secs;
use common::history::{record, record_topic};
use common::tui::{bank, lines_with, render};
use peerlab::store::Store;
use peerlab::tui::{App, History, Msg, Recorder, Screen, Start};

const NOW: i64 = 1_800_000_000; // 2027-01-15 08:00 UTC, a Friday
const DAY: i64 = 86_400;

/// A history of twelve weeks: routing this week and two weeks ago, nsg twelve weeks ago, a
/// wrong answer an hour ago (due again today), two exams (620 fail, 760 pass).
fn seeded_history(dir: &std::path::Path) -> Store {
    let mut s = Store::open(dir).unwrap();
    let p = s
        .start_session("practice", None, 10, None, NOW - 84 * DAY)
        .unwrap();
    record_topic(&mut s, p, 0, "bank:n1", "nsg", false, NOW - 83 * DAY);
    record_topic(&mut s, p, 1, "bank:r1", "routing", true, NOW - 15 * DAY);
    record_topic(&mut s, p, 2, "bank:r2", "routing", true, NOW - DAY);
    record_topic(&mut s, p, 3, "bank:r3", "routing", false, NOW - 3600);
    s.finish_session(p, 500, 2, 600, NOW - 3000).unwrap();
    let e = s
        .start_session("exam", Some(1), 20, Some(40), NOW - 20 * DAY)
        .unwrap();
    s.finish_session(e, 620, 12, 1800, NOW - 20 * DAY + 1800)
        .unwrap();
    let e = s
        .start_session("exam", Some(2), 20, Some(40), NOW - 2 * DAY)
        .unwrap();
    s.finish_session(e, 760, 15, 2100, NOW - 2 * DAY + 2100)
        .unwrap();
    s
}

#[test]
fn progress_figures_by_week_by_day_and_due() {
    let dir = tempfile::tempdir().unwrap();
    let s = seeded_history(dir.path());
    let p = s.progress(NOW, 0).unwrap();
    assert_eq!(p.today, NOW / DAY);
    assert_eq!(p.today_weekday, 4, "2027-01-15 is a Friday");
    let topics: Vec<&str> = p.topics.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(topics, ["nsg", "routing"]);
    // nsg: one wrong answer 83 days ago, in the first week of twelve.
    assert_eq!(p.topics[0].answers[0], 1);
    assert_eq!(p.topics[0].accuracy(0), Some(0.0));
    assert_eq!(p.topics[0].accuracy(1), None);
    // routing: 15 days ago is week 9 ((84 - 15) / 7 = 9.9); this week 1 of 2 right.
    assert_eq!(p.topics[1].answers[9], 1);
    assert_eq!(p.topics[1].accuracy(11), Some(0.5));
    // Days: today is the last of 84; yesterday's answer is at 82 (08:00 both days).
    assert_eq!(p.daily.len(), 84);
    assert_eq!(
        (p.daily[0], p.daily[68], p.daily[82], p.daily[83]),
        (1, 1, 1, 1)
    );
    assert_eq!(p.daily.iter().sum::<usize>(), 4);
    // The wrong answer an hour ago is due again after ten minutes: today.
    assert!(p.due[0] >= 1, "{:?}", p.due);
    assert_eq!(p.due.len(), 14);
    let scores: Vec<(u16, bool)> = p.exams.iter().map(|e| (e.score, e.passed)).collect();
    assert_eq!(scores, [(620, false), (760, true)]);
    assert_eq!(p.exams[1].seconds, Some(2100));
}

#[test]
fn progress_charts_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let s = seeded_history(dir.path());
    let stats = s.stats(NOW, 0).unwrap();
    let history = History {
        due: Vec::new(),
        seen: Default::default(),
        summary: stats.text(std::path::Path::new(
            "/home/learner/.local/share/peerlab/history.sqlite3",
        )),
        missed: Vec::new(),
        stats: Some(stats),
        progress: Some(s.progress(NOW, 0).unwrap()),
        path: "/home/learner/.local/share/peerlab/history.sqlite3".to_string(),
        ..Default::default()
    };
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = App::new(bank(), Start::Menu, 1, secs(0));
        app.history = Some(history.clone());
        app.update(Msg::Digit(6), secs(1));
        app.update(Msg::Enter, secs(1));
        assert_eq!(app.screen, Screen::Progress);
        let top = render(&app, w, h);
        assert!(top.contains("Accuracy per topic, week by week"), "{top}");
        insta::assert_snapshot!(format!("progress-{w}x{h}"), top);
        for _ in 0..6 {
            app.update(Msg::ScrollDown, secs(2));
        }
        let bottom = render(&app, w, h);
        assert!(
            bottom.contains("Answers per day, the last 12 weeks"),
            "{bottom}"
        );
        insta::assert_snapshot!(format!("progress-bottom-{w}x{h}"), bottom);
    }
}

#[test]
fn a_version_1_history_opens_keeps_every_answer_and_takes_flags() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s
            .start_session("exam", Some(5), 6, Some(20), NOW - 600)
            .unwrap();
        record(&mut s, id, 0, "bank:x", true, NOW - 500);
        record(&mut s, id, 1, "bank:y", false, NOW - 400);
        id
    };
    // Made into the file today's code wrote before schema 2: migration 1 only.
    let path = dir.path().join(peerlab::store::FILE);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE flags; DROP TABLE settings; DROP TABLE lab_attempts;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut s = Store::open(dir.path()).unwrap();
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, peerlab::store::VERSION);
    let kept: Vec<(String, bool)> = s
        .history()
        .unwrap()
        .into_iter()
        .map(|a| (a.answer.key, a.answer.correct))
        .collect();
    assert_eq!(
        kept,
        [("bank:x".to_string(), true), ("bank:y".to_string(), false)]
    );
    s.set_flag(id, 2, true).unwrap();
    s.set_flag(id, 4, true).unwrap();
    s.set_flag(id, 2, false).unwrap();
    assert_eq!(s.flags(id).unwrap(), vec![4]);
}

#[test]
fn stats_prints_the_charts_as_text_and_json_adds_them() {
    let dir = tempfile::tempdir().unwrap();
    let now = peerlab::store::unix_now();
    {
        let mut s = Store::open(dir.path()).unwrap();
        let p = s
            .start_session("practice", None, 5, None, now - 7200)
            .unwrap();
        record_topic(&mut s, p, 0, "bank:r1", "routing", true, now - 3600);
        record_topic(&mut s, p, 1, "bank:r2", "routing", false, now - 3500);
        let e = s
            .start_session("exam", Some(2), 20, Some(40), now - 3000)
            .unwrap();
        s.finish_session(e, 760, 15, 2100, now - 900).unwrap();
    }
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
            .args(["--data-dir", dir.path().to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["stats"]);
    assert_eq!(text.matches("Exam history").count(), 1, "{text}");
    assert!(
        !text.contains("\nExams\n"),
        "listed once, not twice: {text}"
    );
    // Both answers are single-choice ones of 1 s each.
    assert!(
        text.contains("By question kind (mean time per answer: 1 s)"),
        "{text}"
    );
    assert!(
        text.contains("  single                  1/2     50%     1 s per answer"),
        "{text}"
    );
    assert!(
        text.contains("your own can be fitted after 64 reviews (0 so far)"),
        "{text}"
    );
    assert!(
        text.contains("exam   20 questions   40 min  used 35:00  score  760  pass"),
        "{text}"
    );
    // Routing this week: 1 of 2 right, the last of twelve columns.
    let routing = lines_with(&text, "  routing ").concat();
    assert!(routing.trim_end().ends_with(" 50"), "{routing}");
    assert!(
        text.contains("Due over the next 14 days, from today"),
        "{text}"
    );
    assert!(
        text.contains("Answers per day, the last 12 weeks"),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&run(&["stats", "--json"])).unwrap();
    assert_eq!(v["answers"], 2, "the stats as before");
    assert_eq!(v["open_exams"], 0);
    assert_eq!(v["progress"]["exams"][0]["score"], 760);
    assert_eq!(v["progress"]["due"].as_array().unwrap().len(), 14);
    assert_eq!(v["exams"][0]["score"], 760, "the exams key is kept");
    assert_eq!(v["per_kind"][0]["kind"], "single");
    assert_eq!(v["per_kind"][0]["answers"], 2);
    assert_eq!(v["per_kind"][0]["mean_seconds"], 1.0);
    assert_eq!(v["mean_seconds"], 1.0);
    assert_eq!(v["scheduler"]["retention"], 0.9);
    assert_eq!(v["scheduler"]["fitted"], false);
}

#[test]
fn stats_optimize_and_retention_say_what_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
            .args(["--data-dir", dir.path().to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let bad = run(&["stats", "--retention", "0.5"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("0.5 is out of range; give 0.7 to 0.99"),
        "{err}"
    );
    let out = run(&["stats", "--retention", "0.85", "--optimize"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Desired retention set to 0.85"), "{text}");
    assert!(
        text.contains("Not enough reviews to fit your own parameters yet: 0 of the 64 needed"),
        "{text}"
    );
    let out = run(&["stats", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scheduler"]["retention"], 0.85, "kept");
    let out = run(&["stats", "--optimize", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["result"], "too_few");
    assert_eq!(v["needed"], 64);
}

#[test]
fn review_with_nothing_due_says_when_and_offers_new_questions_or_a_cram() {
    let b = bank();
    let dir = tempfile::tempdir().unwrap();
    let now = 1_800_000_000;
    let (weak, strong) = (b.questions[0].id.clone(), b.questions[1].id.clone());
    {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s
            .start_session("practice", None, 2, None, now - 3000)
            .unwrap();
        // Both were right, so neither is due for two days; `weak` also lapsed before.
        record(
            &mut s,
            id,
            0,
            &format!("bank:{weak}"),
            false,
            now - 86_400 * 3,
        );
        let id2 = s
            .start_session("practice", None, 2, None, now - 2000)
            .unwrap();
        record(&mut s, id2, 0, &format!("bank:{weak}"), true, now - 2000);
        record(&mut s, id2, 1, &format!("bank:{strong}"), true, now - 1900);
    }
    let s = Store::open(dir.path()).unwrap();
    assert!(s.due(now).unwrap().is_empty());
    let next = s.next_due(now).unwrap().expect("two items have a schedule");
    assert_eq!(s.weakest(20).unwrap()[0], format!("bank:{weak}"));
    let history = History {
        due: Vec::new(),
        seen: s.seen().unwrap(),
        next_due: Some(next),
        read_at: now,
        weakest: s.weakest(20).unwrap(),
        ..Default::default()
    };
    let mut app = App::new(b, Start::Review, 1, secs(0));
    app.history = Some(history);
    app.review(secs(0));
    assert_eq!(app.screen, Screen::NothingDue { selected: 0 });
    let shown = render(&app, 80, 24);
    // The sooner of the two: `weak`, right 2000 s ago, due 2 days after: in 2 days
    // (47 h 27 min, rounded).
    assert!(
        shown.contains("Nothing is due for review. The next question falls due in 2 days"),
        "{shown}"
    );
    assert!(
        shown.contains("2. Cram: practise your weakest (2)"),
        "{shown}"
    );
    assert!(shown.contains("1. New questions ("), "{shown}");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        insta::assert_snapshot!(format!("nothing-due-{w}x{h}"), render(&app, w, h));
    }
    // Cram: the weakest first, recorded as a cram session.
    app.update(Msg::Down, secs(1));
    app.update(Msg::Enter, secs(1));
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(app.label, "cram");
    assert_eq!(app.item().unwrap().question.id, weak);
    let before = s.card(&format!("bank:{weak}")).unwrap().unwrap();
    let mut rec = Recorder::new(s);
    app.update(Msg::Digit(1), secs(2));
    app.update(Msg::Enter, secs(3));
    for e in std::mem::take(&mut app.events) {
        rec.write(e, now + 10).unwrap();
    }
    assert!(!rec.is_pending());
    let s = Store::open(dir.path()).unwrap();
    let sessions = s.sessions().unwrap();
    assert_eq!(sessions.last().unwrap().mode, "cram");
    assert_eq!(s.history().unwrap().len(), 4, "the cram answer is kept");
    assert_eq!(
        s.card(&format!("bank:{weak}")).unwrap().unwrap(),
        before,
        "a cram answer does not move the schedule"
    );
    // Esc goes to the menu; New questions starts a review of unseen ones.
    let mut app = App::new(bank(), Start::Review, 1, secs(0));
    app.history = Some(History {
        seen: s.seen().unwrap(),
        ..Default::default()
    });
    app.review(secs(0));
    let shown = render(&app, 80, 24);
    assert!(shown.contains("no question has a schedule yet"), "{shown}");
    app.update(Msg::Back, secs(1));
    assert_eq!(app.screen, Screen::Menu { selected: 0 });
    let mut app = App::new(bank(), Start::Review, 1, secs(0));
    app.history = Some(History::default());
    app.review(secs(0));
    app.update(Msg::Enter, secs(1));
    assert_eq!((app.screen.clone(), app.label), (Screen::Quiz, "review"));
}

#[test]
fn the_progress_summary_says_how_the_schedule_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    s.set_retention(0.8).unwrap();
    let h = peerlab::tui::history_of(&s).unwrap();
    assert!(
        h.summary
            .contains("Spaced repetition: FSRS, aiming at 80% recall"),
        "{}",
        h.summary
    );
    assert!(
        h.summary
            .contains("your own can be fitted after 64 reviews (0 so far)"),
        "{}",
        h.summary
    );
    assert_eq!((h.next_due, h.weakest.len()), (None, 0));
}

#[test]
fn o_on_progress_fits_the_schedule_or_says_how_many_reviews_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let mut app = App::new(bank(), Start::Menu, 1, secs(0));
    app.history = Some(peerlab::tui::history_of(&s).unwrap());
    app.update(Msg::Digit(6), secs(1));
    app.update(Msg::Enter, secs(1));
    assert_eq!(app.screen, Screen::Progress);
    assert!(render(&app, 80, 24).contains("o fit the schedule to you"));
    // The key map sends `o` as Optimize on this screen only.
    let o =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('o'));
    assert_eq!(peerlab::tui::map_key(o, &app), Some(Msg::Optimize));
    app.update(Msg::Optimize, secs(2));
    assert!(app.want_optimize);
    peerlab::tui::fit_schedule(&mut app, &mut s);
    assert!(!app.want_optimize);
    assert_eq!(
        app.status,
        "Not fitted yet: 0 of the 64 reviews needed (answers a day or more after an earlier one)."
    );
    assert_eq!(app.screen, Screen::Progress);
    let menu = App::new(bank(), Start::Menu, 1, secs(0));
    assert_ne!(peerlab::tui::map_key(o, &menu), Some(Msg::Optimize));
}

/// The latest exam is drawn at the right end of the chart, where a legend box used to sit
/// over scores from about 100 to 550: five exams, the last failing at 400, at 80x24.
#[test]
fn the_latest_failing_exam_is_not_hidden_under_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    for (i, score) in [650u16, 720, 680, 710, 400].into_iter().enumerate() {
        let at = NOW - (10 - i as i64) * DAY;
        let e = s
            .start_session("exam", Some(i as u64), 20, Some(40), at)
            .unwrap();
        s.finish_session(e, score, 8, 1800, at + 1800).unwrap();
    }
    let stats = s.stats(NOW, 0).unwrap();
    let mut app = App::new(bank(), Start::Menu, 1, secs(0));
    app.history = Some(History {
        summary: stats.text(s.path()),
        stats: Some(stats),
        progress: Some(s.progress(NOW, 0).unwrap()),
        path: s.path().display().to_string(),
        ..Default::default()
    });
    app.update(Msg::Digit(6), secs(1));
    app.update(Msg::Enter, secs(1));
    let shown = render(&app, 80, 24);
    assert!(!shown.contains("pass 700│"), "{shown}");
    // The chart's rows under the pass line (between the dotted line and the 0 label): the
    // last exam's fall to 400 is drawn in the right-most columns.
    let lines: Vec<&str> = shown.lines().collect();
    let pass_row = lines.iter().position(|l| l.contains("••••")).unwrap();
    let zero_row = lines.iter().position(|l| l.starts_with("\"│0 ")).unwrap();
    let braille = |c: char| ('\u{2801}'..='\u{28ff}').contains(&c);
    let right_end = lines[pass_row + 1..zero_row]
        .iter()
        .any(|l| l.chars().skip(66).any(braille));
    assert!(right_end, "{shown}");
}
