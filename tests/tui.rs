//! The trainer through its messages and its screens: key sequences drive `App::update`, and
//! `TestBackend` renders every screen at 80x24 and 120x40 for snapshots.
#![cfg(feature = "tui")]

use peerlab::bank::{self, Bank, Kind};
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Msg, Screen, Start, draw, reach_choices};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

fn bank() -> Bank {
    bank::builtin().expect("bank")
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Moves the cursor to row `to` with Up/Down.
fn cursor_to(app: &mut App, to: usize) {
    while app.draft.cursor > to {
        app.update(Msg::Up, secs(1));
    }
    while app.draft.cursor < to {
        app.update(Msg::Down, secs(1));
    }
}

/// Chooses row `i` the way a learner would: by its letter when the choices are lettered,
/// else by its number (or the arrows past 9).
fn choose(app: &mut App, i: usize) {
    let q = &app.item().unwrap().question;
    if peerlab::tui::lettered(q) && i < 5 {
        app.update(Msg::Letter(i as u8), secs(1));
    } else if i < 9 {
        app.update(Msg::Digit(i as u8 + 1), secs(1));
    } else {
        cursor_to(app, i);
    }
    assert_eq!(app.draft.cursor, i);
}

/// Gives the right answer to the current question the way a learner would, key by key.
fn answer_right(app: &mut App) {
    let q = app.item().unwrap().question.clone();
    match q.kind {
        Kind::Single | Kind::YesNo | Kind::Fix if !q.picks_many() => choose(app, q.answer[0]),
        Kind::Single | Kind::YesNo | Kind::Fix | Kind::Multi => {
            for &i in &q.answer {
                choose(app, i);
                app.update(Msg::Toggle, secs(1));
            }
        }
        Kind::Order => {
            for (pos, &want) in q.answer.iter().enumerate() {
                let at = app.draft.order.iter().position(|&x| x == want).unwrap();
                cursor_to(app, at);
                for _ in pos..at {
                    app.update(Msg::MoveUp, secs(1));
                }
            }
        }
        Kind::Reachability => {
            let k = q.key.unwrap();
            let i = reach_choices(&q)
                .iter()
                .position(|(v, r)| *v == k.verdict && (r.is_none() || *r == Some(k.reason)))
                .unwrap();
            choose(app, i);
        }
        Kind::Configure => {
            for (row, (_, want)) in q.solution.iter().enumerate() {
                cursor_to(app, row);
                for (b, &on) in want.iter().enumerate() {
                    if app.draft.flags[row][b] != on {
                        app.update(Msg::Digit(b as u8 + 1), secs(1));
                    }
                }
            }
        }
    }
    app.update(Msg::Enter, secs(2));
}

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

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(f, app, secs(30))).unwrap();
    format!("{}", t.backend())
}

/// One question of each kind from the bank, in a practice session of its own.
fn one_of(kind: Kind) -> (App, Item) {
    let b = bank();
    let q = b.questions.iter().find(|q| q.kind == kind).unwrap().clone();
    let item = Item {
        topology: b.topology_of(&q).cloned(),
        question: q,
        template: None,
    };
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
    choose(&mut app, wrong);
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
    let item = Item {
        topology: b.topology_of(&q).cloned(),
        question: q,
        template: None,
    };
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, vec![item], None, secs(0));
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
    let item = Item {
        topology: b.topology_of(&q).cloned(),
        question: q,
        template: None,
    };
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, vec![item.clone(), item], Some(30), secs(0));
    app.update(Msg::Letter(3), secs(1));
    assert_eq!(app.draft.cursor, 3);
    app.update(Msg::Letter(4), secs(1));
    assert_eq!(app.draft.cursor, 3, "there is no E among four choices");
    app.update(Msg::Letter(1), secs(1));
    assert!(app.status.is_empty());
    app.update(Msg::Enter, secs(2));
    let s = app.session.as_ref().unwrap();
    assert_eq!(
        s.answer_of(0),
        Some(&peerlab::quiz::Answer::Choices { picked: vec![1] })
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

/// An item of the bank in a practice session of its own.
fn alone(b: Bank, q: &peerlab::bank::Question) -> App {
    let item = Item {
        topology: b.topology_of(q).cloned(),
        question: q.clone(),
        template: None,
    };
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, vec![item], None, secs(0));
    app
}

#[test]
fn an_exhibit_tab_of_each_table_kind() {
    // For each kind of table, the first bank item whose exhibit has one.
    let b = bank();
    for kind in [
        "vnets", "peerings", "routes", "nsg", "gateways", "firewall", "vms", "dns",
    ] {
        let found = b.questions.iter().find_map(|q| {
            let t = b.topology_of(q)?;
            let e = peerlab::exhibit::for_question(t, q.exhibit.as_deref()).ok()?;
            let at = e
                .tables
                .iter()
                .position(|t| t.selector.starts_with(kind) && !t.rows.is_empty())?;
            Some((q.clone(), at, e.tables[at].clone()))
        });
        let (q, _, table) = found.unwrap_or_else(|| panic!("no bank item shows {kind}"));
        let mut app = alone(b.clone(), &q);
        // Its tab: the table's own, or (several NSGs, route tables or firewalls too wide for
        // the pane) the first resource's blade.
        let blade = format!("{} {}", table.columns[0], table.rows[0][0]);
        let names = app.exhibit.names(app.item().unwrap(), &[], 77);
        let at = names
            .iter()
            .position(|n| *n == table.title || *n == blade)
            .unwrap_or_else(|| panic!("{names:?}"));
        let title = names[at].clone();
        for _ in 0..at {
            app.update(Msg::NextTab, secs(1));
        }
        assert_eq!(app.exhibit.tab, at);
        // 120 columns: beside the question; 80: opened over it with x.
        let wide = render(&app, 120, 40);
        assert!(wide.contains(&title), "{wide}");
        assert!(
            wide.contains(&q.prompt[..20]),
            "the question stays in view: {wide}"
        );
        insta::assert_snapshot!(format!("exhibit-{kind}-120x40"), wide);
        app.update(Msg::Exhibit, secs(1));
        assert!(app.exhibit.open);
        let narrow = render(&app, 80, 24);
        assert!(narrow.contains(&title), "{narrow}");
        // Every column header starts on the screen (wrapped, never cut off).
        for c in &table.columns {
            let word = c.split(['-', ' ']).next().unwrap();
            assert!(narrow.contains(&word[..word.len().min(4)]), "{c}: {narrow}");
        }
        insta::assert_snapshot!(format!("exhibit-{kind}-80x24"), narrow);
        // x (or Esc) brings the question back.
        app.update(Msg::Back, secs(1));
        assert!(!app.exhibit.open);
        assert!(render(&app, 80, 24).contains("Exhibit: press x"));
    }
}

/// A configure item's diagram follows the learner's flags: toggling one redraws it once, and
/// the clock's seconds do not.
#[test]
fn a_configure_exhibit_is_rebuilt_when_a_flag_changes_and_only_then() {
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Configure && q.editable.len() >= 2)
        .unwrap()
        .clone();
    let mut app = alone(b, &q);
    render(&app, 120, 40);
    let built = app.exhibit.builds();
    assert!(built >= 1);
    app.update(Msg::Down, secs(2));
    render(&app, 120, 40);
    assert_eq!(app.exhibit.builds(), built);
    app.update(Msg::Digit(1), secs(3));
    render(&app, 120, 40);
    render(&app, 120, 40);
    assert_eq!(app.exhibit.builds(), built + 1, "one rebuild for one flag");
}

#[test]
fn the_exhibit_is_built_once_per_question_not_per_key() {
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Single && q.topology.is_some())
        .unwrap()
        .clone();
    let mut app = alone(b, &q);
    render(&app, 120, 40);
    let built = app.exhibit.builds();
    assert!(built >= 1);
    for m in [
        Msg::Down,
        Msg::Up,
        Msg::NextTab,
        Msg::Letter(1),
        Msg::ExhibitDown,
    ] {
        app.update(m, secs(1));
        render(&app, 120, 40);
    }
    assert_eq!(app.exhibit.builds(), built, "no rebuild on a keypress");
    // Opened over the question at 80 columns, it has the width it has beside it at 120.
    render(&app, 80, 24);
    app.update(Msg::Exhibit, secs(1));
    render(&app, 80, 24);
    assert_eq!(app.exhibit.builds(), built);
    // A wider terminal draws the diagram anew, once.
    render(&app, 160, 40);
    render(&app, 160, 40);
    assert_eq!(app.exhibit.builds(), built + 1);
    // A question without a network has no exhibit.
    let b = bank();
    let q = b
        .questions
        .iter()
        .find(|q| q.topology.is_none())
        .unwrap()
        .clone();
    let mut app = alone(b, &q);
    app.update(Msg::Exhibit, secs(1));
    assert!(!app.exhibit.open);
    assert!(app.status.contains("no exhibit"), "{}", app.status);
}

/// The bank's items of one unit (a series or a case study), in order.
fn unit(b: &Bank, f: impl Fn(&peerlab::bank::Question) -> bool) -> Vec<Item> {
    b.questions
        .iter()
        .filter(|q| f(q))
        .map(|q| Item {
            topology: b.topology_of(q).cloned(),
            question: q.clone(),
            template: None,
        })
        .collect()
}

#[test]
fn a_yes_no_statement_keeps_its_scenario_and_exhibit() {
    let b = bank();
    let items = unit(&b, |q| q.series.as_deref() == Some("nsg-layers-series"));
    assert!(items.len() >= 3);
    let scenario = items[0].question.scenario.clone().unwrap();
    assert!(items[1].question.scenario.is_none(), "the bank has it once");
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, items.clone(), Some(30), secs(0));
    app.update(Msg::Next, secs(1));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = render(&app, w, h);
        let words: Vec<&str> = scenario.split_whitespace().take(4).collect();
        assert!(screen.contains(&words.join(" ")), "{screen}");
        assert!(
            screen.contains(&format!("Statement 2 of {}", items.len())),
            "{screen}"
        );
        // An exam shows no topic or difficulty, and says the statement is not answered.
        assert!(!screen.contains("difficulty"), "{screen}");
        assert!(screen.contains("not answered"), "{screen}");
        insta::assert_snapshot!(format!("series-statement-2-{w}x{h}"), screen);
    }
    assert!(render(&app, 120, 40).contains("Exhibit"));
    // Answered, a statement is final, as on the exam.
    app.update(Msg::Letter(1), secs(2));
    app.update(Msg::Enter, secs(2));
    app.update(Msg::Prev, secs(3));
    assert_eq!(app.session.as_ref().unwrap().current(), 2, "{}", app.status);
}

/// Every line of the current screen's body, scrolled page by page to its end.
fn whole(app: &mut App, w: u16, h: u16) -> String {
    app.scroll = 0;
    let mut out = String::new();
    for _ in 0..40 {
        let screen = render(app, w, h);
        out.push_str(&screen);
        if !screen.contains("PgDn: more below") {
            break;
        }
        app.update(Msg::ScrollDown, secs(3));
    }
    app.scroll = 0;
    out
}

#[test]
fn a_case_study_shows_its_case_on_every_question() {
    let b = bank();
    let items = unit(&b, |q| q.case.as_deref() == Some("case-litware-hybrid"));
    assert!((3..=6).contains(&items.len()));
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, items.clone(), None, secs(0));
    app.update(Msg::Next, secs(1));
    app.update(Msg::Next, secs(1));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = render(&app, w, h);
        assert!(screen.contains("Case study"), "{screen}");
        assert!(screen.contains("Litware"), "{screen}");
        assert!(
            screen.contains(&format!("Question 3 of {}", items.len())),
            "{screen}"
        );
        // Practice shows no topic or difficulty before the answer either.
        assert!(!screen.contains("difficulty"), "{screen}");
        insta::assert_snapshot!(format!("case-study-question-3-{w}x{h}"), screen);
    }
    // Feedback: each option's own reason, lettered like the choices, and the source.
    let q = app.item().unwrap().question.clone();
    assert_eq!(q.rationales.len(), q.choices.len());
    let wrong = (0..q.choices.len())
        .find(|i| !q.answer.contains(i))
        .unwrap();
    choose(&mut app, wrong);
    app.update(Msg::Enter, secs(2));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = whole(&mut app, w, h);
        insta::assert_snapshot!(format!("feedback-rationales-{w}x{h}"), render(&app, w, h));
        assert!(screen.contains("Not quite."), "{screen}");
        assert!(
            screen.contains("difficulty"),
            "shown after the answer: {screen}"
        );
        for (i, r) in q.rationales.iter().enumerate() {
            let letter = (b'A' + i as u8) as char;
            assert!(screen.contains(&format!("{letter}. ")), "{screen}");
            let start: String = r.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            assert!(
                screen.contains(&start),
                "rationale {letter}: {start}: {screen}"
            );
        }
        // Whole at 80 columns; beside the exhibit (40 columns) it wraps.
        let url = &q.source.as_ref().unwrap().url;
        let room = if w == 80 { url.len() } else { 30 };
        assert!(screen.contains(&url[..room]), "{screen}");
        assert!(screen.contains("Verified: "), "{screen}");
    }
}

#[test]
fn generated_items_show_their_rationales_too() {
    let mut app = App::new(
        bank(),
        Start::Practice {
            topic: None,
            source: peerlab::quiz::Source::Generated,
        },
        5,
        secs(0),
    );
    let mut shown = 0;
    for _ in 0..6 {
        let q = app.item().unwrap().question.clone();
        answer_right(&mut app);
        let rows = match q.kind {
            Kind::Reachability => reach_choices(&q).len(),
            _ => q.choices.len(),
        };
        if !q.rationales.is_empty() && q.rationales.len() == rows && q.kind != Kind::Order {
            let screen = whole(&mut app, 80, 24);
            for r in &q.rationales {
                let start: String = r.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                assert!(screen.contains(&start), "{}: {start}: {screen}", q.id);
            }
            shown += 1;
        }
        app.update(Msg::Enter, secs(3));
    }
    assert!(shown > 0, "no generated item with a rationale per choice");
}

/// Issue 10: at 80 columns the question, its choices, their rationales and the explanation
/// wrap between words, by display width; a name such as `hub-spoke` or `vnet-crm-to-hub`
/// that fits a line is never cut after one of its hyphens. Every bank item but configure
/// (whose rows are flags), before and after its answer, every page.
#[test]
fn text_wraps_between_words_at_80_columns() {
    let b = bank();
    let mut checked = 0;
    let mut bad = Vec::new();
    for q in b.questions.iter().filter(|q| q.kind != Kind::Configure) {
        let words: std::collections::HashSet<String> = [
            q.prompt.as_str(),
            q.explanation.as_str(),
            q.scenario.as_deref().unwrap_or(""),
        ]
        .into_iter()
        .chain(q.choices.iter().map(String::as_str))
        .chain(q.rationales.iter().map(String::as_str))
        .flat_map(str::split_whitespace)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.contains('-') && peerlab::text::width(w) <= 60)
        .collect();
        let item = Item {
            topology: b.topology_of(q).cloned(),
            question: q.clone(),
            template: None,
        };
        let mut app = App::new(b.clone(), Start::Menu, 1, secs(0));
        app.begin(Mode::Practice, vec![item], None, secs(0));
        let before = whole(&mut app, 80, 24);
        answer_right(&mut app);
        let after = whole(&mut app, 80, 24);
        for screen in [before, after] {
            let rows: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
            for pair in rows.windows(2) {
                let last = pair[0].trim_end().rsplit(' ').next().unwrap_or("");
                let first = pair[1].trim_start().split(' ').next().unwrap_or("");
                if last.len() > 1 && last.ends_with('-') && !first.is_empty() {
                    let joined = format!("{last}{first}");
                    let joined = joined.trim_matches(|c: char| !c.is_alphanumeric());
                    if words.contains(joined) {
                        bad.push(format!(
                            "{}: {joined:?} cut at\n{}\n{}",
                            q.id, pair[0], pair[1]
                        ));
                    }
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    assert!(bad.is_empty(), "{} cuts:\n{}", bad.len(), bad.join("\n"));
}
