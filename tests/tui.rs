//! The trainer through its messages and its screens: key sequences drive `App::update`, and
//! `TestBackend` renders every screen at 80x24 and 120x40 for snapshots. Sessions, keys and the
//! history here; what a question shows (exhibits, series, case studies, rationales, wrapping) in
//! tests/tui_exhibits.rs.
#![cfg(feature = "tui")]

mod common;

use common::answers::secs;
use common::tui::*;
use peerlab::bank::Kind;
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Msg, Screen, Start};

#[test]
fn an_exam_answered_right_through_the_keys_scores_1000() {
    let mut app = App::new(
        bank(),
        Start::Exam {
            questions: 15,
            minutes: 30,
            seed: 4,
        },
        4,
        secs(0),
    );
    let n = app.session.as_ref().unwrap().items.len();
    for _ in 0..n {
        answer_right(&mut app);
    }
    assert_eq!(app.screen, Screen::Review { selected: 0 });
    app.update(Msg::Submit, secs(60));
    assert_eq!(app.screen, Screen::ConfirmSubmit);
    app.update(Msg::Yes, secs(61));
    let r = app.session.as_ref().unwrap().results().unwrap();
    assert_eq!((r.score, r.passed, r.correct), (1000, true, n));
}

#[test]
fn quitting_an_exam_asks_first_and_time_running_out_submits() {
    let mut app = App::new(
        bank(),
        Start::Exam {
            questions: 5,
            minutes: 1,
            seed: 2,
        },
        2,
        secs(0),
    );
    app.update(Msg::Quit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmQuit);
    app.update(Msg::No, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert!(!app.quit);
    app.update(Msg::Tick, secs(61));
    assert_eq!(app.screen, Screen::Results);
    assert!(app.session.as_ref().unwrap().results().unwrap().timed_out);
}

#[test]
fn practice_shows_feedback_then_moves_on() {
    let mut app = App::new(
        bank(),
        Start::Practice {
            topic: None,
            source: peerlab::quiz::Source::Bank,
        },
        1,
        secs(0),
    );
    let first = app.item().unwrap().question.id.clone();
    answer_right(&mut app);
    assert!(app.feedback.as_ref().unwrap().correct);
    assert_eq!(
        app.item().unwrap().question.id,
        first,
        "feedback stays on the question"
    );
    app.update(Msg::Enter, secs(3));
    assert!(app.feedback.is_none());
    assert_ne!(app.item().unwrap().question.id, first);
}

/// One question of each kind from the bank, in a practice session of its own.
fn one_of(kind: Kind) -> (App, Item) {
    let b = bank();
    let q = b.questions.iter().find(|q| q.kind == kind).unwrap().clone();
    let item = item_of(&b, &q);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, vec![item.clone()], None, secs(0));
    (app, item)
}

#[test]
fn screens_at_80x24_and_120x40() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let size = format!("{w}x{h}");
        let mut menu = App::new(bank(), Start::Menu, 1, secs(0));
        insta::assert_snapshot!(format!("menu-{size}"), render(&menu, w, h));
        menu.update(Msg::Help, secs(1));
        insta::assert_snapshot!(format!("help-{size}"), render(&menu, w, h));
        for kind in Kind::ALL {
            let (mut app, _) = one_of(kind);
            insta::assert_snapshot!(
                format!("{}-before-{size}", kind.as_str()),
                render(&app, w, h)
            );
            answer_right(&mut app);
            insta::assert_snapshot!(
                format!("{}-after-{size}", kind.as_str()),
                render(&app, w, h)
            );
        }
        let mut exam = App::new(
            bank(),
            Start::Exam {
                questions: 6,
                minutes: 30,
                seed: 9,
            },
            9,
            secs(0),
        );
        answer_right(&mut exam);
        exam.update(Msg::Flag, secs(5));
        exam.update(Msg::Review, secs(6));
        insta::assert_snapshot!(format!("exam-review-{size}"), render(&exam, w, h));
        exam.update(Msg::Submit, secs(7));
        insta::assert_snapshot!(format!("exam-confirm-{size}"), render(&exam, w, h));
        exam.update(Msg::Yes, secs(8));
        insta::assert_snapshot!(format!("exam-results-{size}"), render(&exam, w, h));
    }
    let menu = App::new(bank(), Start::Menu, 1, secs(0));
    insta::assert_snapshot!("too-small-59x19", render(&menu, 59, 19));
}

#[test]
fn wrong_answers_the_minimum_size_and_yes_no_networks() {
    // A wrong single-choice answer shows the right one.
    let (mut app, item) = one_of(Kind::Single);
    let wrong = (0..item.question.choices.len())
        .find(|i| !item.question.answer.contains(i))
        .unwrap();
    choose_stored(&mut app, wrong);
    app.update(Msg::Enter, secs(2));
    assert!(!app.feedback.as_ref().unwrap().correct);
    insta::assert_snapshot!("single-wrong-80x24", render(&app, 80, 24));
    // A configure answer left as it started fails a goal, and says which.
    let (mut app, _) = one_of(Kind::Configure);
    app.update(Msg::Enter, secs(2));
    assert!(
        app.feedback.is_none(),
        "Enter on an untouched question grades nothing"
    );
    assert!(app.status.contains("Set the flags first"), "{}", app.status);
    app.update(Msg::Down, secs(2));
    app.update(Msg::Up, secs(2));
    app.update(Msg::Enter, secs(2));
    assert!(
        app.feedback
            .as_ref()
            .unwrap()
            .goals
            .iter()
            .any(|g| !g.holds)
    );
    insta::assert_snapshot!("configure-wrong-80x24", render(&app, 80, 24));
    // The smallest terminal the trainer draws in.
    let mut menu = App::new(bank(), Start::Menu, 1, secs(0));
    menu.update(Msg::Help, secs(1));
    insta::assert_snapshot!("help-60x20", render(&menu, 60, 20));
    let (app, _) = one_of(Kind::Reachability);
    insta::assert_snapshot!("reachability-before-60x20", render(&app, 60, 20));
    // A yes-no question about a network shows it.
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::YesNo && q.topology.is_some())
        .unwrap()
        .clone();
    let app = alone(b, &q);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("The network"), "{screen}");
    insta::assert_snapshot!("yes-no-with-network-120x40", screen);
}

#[test]
fn every_answer_and_the_score_reach_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = peerlab::tui::Recorder::new(peerlab::store::Store::open(dir.path()).unwrap());
    let mut app = App::new(
        bank(),
        Start::Exam {
            questions: 6,
            minutes: 30,
            seed: 9,
        },
        9,
        secs(0),
    );
    let n = app.session.as_ref().unwrap().items.len();
    let keys: Vec<String> = app
        .session
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|i| i.key())
        .collect();
    fn write(rec: &mut peerlab::tui::Recorder, app: &mut App, now: i64) {
        for e in std::mem::take(&mut app.events) {
            rec.write(e, now).unwrap();
        }
    }
    write(&mut rec, &mut app, 1000);
    for i in 0..n {
        answer_right(&mut app);
        write(&mut rec, &mut app, 1000 + i as i64);
    }
    // Every answer is stored before the exam is submitted.
    let before = rec.store.history().unwrap();
    assert_eq!(before.len(), n);
    assert_eq!(
        before
            .iter()
            .map(|a| a.answer.key.clone())
            .collect::<Vec<_>>(),
        keys
    );
    assert!(before.iter().all(|a| a.answer.correct && a.mode == "exam"));
    app.update(Msg::Submit, secs(60));
    app.update(Msg::Yes, secs(61));
    write(&mut rec, &mut app, 2000);
    let s = &rec.store.sessions().unwrap()[0];
    assert_eq!(
        (s.mode.as_str(), s.seed, s.score, s.finished_at),
        ("exam", Some(9), Some(1000), Some(2000))
    );
}

#[test]
fn review_and_progress_need_the_history_and_use_it() {
    let mut app = App::new(bank(), Start::Menu, 1, secs(0));
    app.update(Msg::Digit(4), secs(1));
    app.update(Msg::Enter, secs(1));
    assert!(app.session.is_none());
    assert!(app.status.contains("history is off"), "{}", app.status);

    let b = bank();
    let due_id = b.questions[3].id.clone();
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.history = Some(peerlab::tui::History {
        due: vec![format!("bank:{due_id}")],
        seen: Default::default(),
        summary: "12 answers, 9 right (75%); streak 2 days".to_string(),
        ..Default::default()
    });
    app.update(Msg::Digit(6), secs(1));
    app.update(Msg::Enter, secs(1));
    assert_eq!(app.screen, Screen::Progress);
    let shown = render(&app, 80, 24);
    assert!(
        shown.contains("12 answers, 9 right (75%); streak 2 days"),
        "{shown}"
    );
    app.update(Msg::Back, secs(2));
    assert_eq!(app.screen, Screen::Menu { selected: 0 });
    app.update(Msg::Digit(4), secs(2));
    app.update(Msg::Enter, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(
        app.item().unwrap().question.id,
        due_id,
        "the due item comes first"
    );
    let shown = render(&app, 80, 24);
    assert!(shown.contains("Review 1/"), "{shown}");
    assert!(matches!(
        app.events[0],
        peerlab::tui::Event::Started { mode: "review", .. }
    ));
}

#[test]
fn a_resumed_exam_has_its_answers_and_the_time_left() {
    let b = bank();
    let items = peerlab::quiz::exam(&b, 12, 6);
    let given: Vec<(usize, peerlab::quiz::Answer)> = (0..2)
        .map(|i| (i, peerlab::quiz::right_answer(&items[i].question).unwrap()))
        .collect();
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.resume(items, secs(100), given, secs(5));
    assert_eq!(app.screen, Screen::Quiz);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.mode, Mode::Exam);
    assert_eq!(s.current(), 2, "on the first unanswered question");
    assert!(s.answer_of(0).is_some() && s.answer_of(1).is_some());
    assert!(s.answer_of(2).is_none());
    assert_eq!(s.remaining(secs(15)), Some(secs(90)));
    assert!(app.events.is_empty(), "resuming records no new session");
}

#[test]
fn an_exam_that_runs_out_of_time_still_records_its_score() {
    let mut app = App::new(
        bank(),
        Start::Exam {
            questions: 5,
            minutes: 1,
            seed: 3,
        },
        3,
        secs(0),
    );
    answer_right(&mut app);
    app.update(Msg::Tick, secs(61));
    assert_eq!(app.screen, Screen::Results);
    let finished: Vec<_> = app
        .events
        .iter()
        .filter(|e| matches!(e, peerlab::tui::Event::Finished { .. }))
        .collect();
    assert_eq!(finished.len(), 1, "{:?}", app.events);
    // Leaving the results does not record it twice.
    app.update(Msg::Quit, secs(62));
    let n = app
        .events
        .iter()
        .filter(|e| matches!(e, peerlab::tui::Event::Finished { .. }))
        .count();
    assert_eq!(n, 1);
}

#[test]
fn enter_on_an_untouched_question_records_nothing_and_letters_choose() {
    let mut app = App::new(
        bank(),
        Start::Exam {
            questions: 6,
            minutes: 30,
            seed: 9,
        },
        9,
        secs(0),
    );
    app.events.clear();
    app.update(Msg::Enter, secs(1));
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.current(), 0, "still on the first question");
    assert!(s.answer_of(0).is_none());
    assert!(app.events.is_empty(), "{:?}", app.events);
    assert!(app.status.contains("first"), "{}", app.status);
    // A single-choice question: `d` is choice D (no longer an order move), `b` is B.
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Single && q.choices.len() == 4)
        .unwrap()
        .clone();
    let item = item_of(&b, &q);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, vec![item.clone(), item], Some(30), secs(0));
    app.update(Msg::Letter(3), secs(1));
    assert_eq!(app.draft.cursor, 3);
    app.update(Msg::Letter(4), secs(1));
    assert_eq!(app.draft.cursor, 3, "there is no E among four choices");
    app.update(Msg::Letter(1), secs(1));
    assert!(app.status.is_empty());
    // B is the choice shown second (the bank's choices are shown shuffled): its stored index
    // is what the session keeps.
    let screen = render(&app, 120, 40);
    let b_line = lines_with(&screen, " B. ")[0].to_string();
    let at_b = (0..q.choices.len())
        .find(|&i| b_line.contains(&q.choices[i].chars().take(40).collect::<String>()))
        .expect("the B line shows a choice");
    app.update(Msg::Enter, secs(2));
    let s = app.session.as_ref().unwrap();
    assert_eq!(
        s.answer_of(0),
        Some(&peerlab::quiz::Answer::Choices { picked: vec![at_b] })
    );
    assert_eq!(s.current(), 1);
    // Answered and unanswered look different.
    let fresh = render(&app, 80, 24);
    assert!(
        fresh.contains("not answered") && !fresh.contains("(x)"),
        "{fresh}"
    );
    app.update(Msg::Prev, secs(3));
    let back = render(&app, 80, 24);
    assert!(
        !back.contains("not answered") && back.contains("answered"),
        "{back}"
    );
    assert!(back.contains("(x) "), "{back}");
}

#[test]
fn the_key_map_letters_choices_and_moves_order_items_with_shift() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let app = App::new(bank(), Start::Menu, 1, secs(0));
    let key = |c: KeyCode, m: KeyModifiers| peerlab::tui::map_key(KeyEvent::new(c, m), &app);
    assert_eq!(
        key(KeyCode::Char('a'), KeyModifiers::NONE),
        Some(Msg::Letter(0))
    );
    assert_eq!(
        key(KeyCode::Char('d'), KeyModifiers::NONE),
        Some(Msg::Letter(3))
    );
    assert_eq!(
        key(KeyCode::Char('e'), KeyModifiers::NONE),
        Some(Msg::Letter(4))
    );
    assert_eq!(
        key(KeyCode::Char('J'), KeyModifiers::SHIFT),
        Some(Msg::MoveDown)
    );
    assert_eq!(
        key(KeyCode::Char('K'), KeyModifiers::SHIFT),
        Some(Msg::MoveUp)
    );
    assert_eq!(key(KeyCode::Up, KeyModifiers::SHIFT), Some(Msg::MoveUp));
    assert_eq!(key(KeyCode::Char('j'), KeyModifiers::NONE), Some(Msg::Down));
    assert_eq!(key(KeyCode::Char('u'), KeyModifiers::NONE), None);
    // Every help line fits the smallest terminal.
    for (k, v) in peerlab::tui::HELP {
        assert!(k.len() <= 12 && 12 + v.len() <= 60, "{k} {v}");
    }
}

/// The letter the screen shows `text` with (its first 40 characters, on a line of its own).
fn letter_of(screen: &str, text: &str) -> Option<u8> {
    let head: String = text.chars().take(40).collect();
    let line = screen.lines().find(|l| l.contains(&head))?;
    let at = line.find(". ")?;
    let l = line[..at]
        .trim_start_matches(['"', '>', ' '])
        .chars()
        .next()?;
    l.is_ascii_uppercase().then(|| l as u8 - b'A')
}

#[test]
fn a_shuffled_bank_item_answered_by_its_shown_letter_records_the_stored_index() {
    // A drill: every student's trainer shows the same letters (same seed, same order).
    let b = bank();
    let drill = |b: peerlab::bank::Bank| {
        App::new(
            b,
            Start::Drill {
                questions: 10,
                minutes: 30,
                seed: 77,
                name: "ana".to_string(),
                out: std::env::temp_dir().join("peerlab-h10bank-unused.json"),
            },
            77,
            secs(0),
        )
    };
    let mut app = drill(b.clone());
    let other = drill(b);
    let mut checked = 0;
    let n = app.session.as_ref().unwrap().items.len();
    for pos in 0..n {
        let q = app.item().unwrap().question.clone();
        let choice = matches!(q.kind, Kind::Single | Kind::Fix) && !q.picks_many();
        if choice {
            let key = q.answer[0];
            // Tall and wide: the whole question is in view, each choice on one line.
            let screen = render(&app, 200, 150);
            let shown = letter_of(&screen, &q.choices[key]).expect("the key is on screen");
            // What the second student sees on the same question.
            assert_eq!(app.draft.shown, other_at(&other, pos).draft.shown);
            if usize::from(shown) != key {
                checked += 1;
            }
            app.events.clear();
            app.update(Msg::Letter(shown), secs(1));
            app.update(Msg::Enter, secs(2));
            let s = app.session.as_ref().unwrap();
            assert_eq!(
                s.answer_of(pos),
                Some(&peerlab::quiz::Answer::Choices { picked: vec![key] }),
                "{}: key {key} shown as {}",
                q.id,
                char::from(b'A' + shown)
            );
            let rec = app
                .events
                .iter()
                .find_map(|e| match e {
                    peerlab::tui::Event::Answered(r) => Some(r.clone()),
                    _ => None,
                })
                .unwrap();
            assert!(rec.correct, "{}", q.id);
            assert_eq!(
                rec.response,
                format!("{{\"kind\":\"choices\",\"picked\":[{key}]}}")
            );
        } else {
            answer_right(&mut app);
        }
    }
    assert!(
        checked >= 1,
        "no key of this drill was shown away from its stored letter"
    );
}

/// `app`'s draft as it stands on question `pos` (a copy moved there).
fn other_at(app: &App, pos: usize) -> App {
    let mut a = App::new(bank(), Start::Menu, 77, secs(0));
    let items = app.session.as_ref().unwrap().items.clone();
    a.begin(Mode::Drill, items, Some(30), secs(0));
    for _ in 0..pos {
        a.update(Msg::Next, secs(1));
    }
    a
}
