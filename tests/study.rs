//! The study flow around the questions (issue 13): what practice and review end on, the
//! results screen's filters and questions as they were, retrying mistakes, the menu, resume
//! keeping flags, and the history queries behind them. Key sequences drive `App::update`;
//! `TestBackend` renders the new screens at 80x24 and 120x40 for snapshots. Progress, stats
//! and scheduled review are in tests/study_progress.rs.
#![cfg(feature = "tui")]

mod common;

use common::answers::secs;
use common::history::record;
use common::tui::{bank, item_of, lines_with, render, shown_row};
use peerlab::bank::{Bank, Kind};
use peerlab::quiz::{Item, Mode};
use peerlab::store::Store;
use peerlab::tui::{App, Event, Filter, History, Msg, Recorder, Screen, Start};

/// Bank questions of `kind`, as session items.
fn items_of(b: &Bank, kind: Kind, n: usize) -> Vec<Item> {
    b.questions
        .iter()
        .filter(|q| q.kind == kind && !q.picks_many())
        .take(n)
        .map(|q| item_of(b, q))
        .collect()
}

/// Moves the cursor to stored choice `choice` and answers (Enter).
fn pick(app: &mut App, choice: usize) {
    // The row it is shown on: a bank item's choices are shown shuffled.
    let row = shown_row(app, choice);
    while app.draft.cursor > row {
        app.update(Msg::Up, secs(1));
    }
    while app.draft.cursor < row {
        app.update(Msg::Down, secs(1));
    }
    // Enter alone on an untouched question records nothing: Space chooses the row.
    if !app.draft.touched {
        app.update(Msg::Toggle, secs(1));
    }
    app.update(Msg::Enter, secs(2));
}

fn wrong_row(it: &Item) -> usize {
    (0..it.question.choices.len())
        .find(|i| !it.question.answer.contains(i))
        .unwrap()
}

#[test]
fn leaving_practice_after_three_answers_counts_three_and_has_no_pass_mark() {
    let mut app = App::new(
        bank(),
        Start::Practice {
            topic: None,
            source: peerlab::quiz::Source::Bank,
        },
        7,
        secs(0),
    );
    let total = app.session.as_ref().unwrap().items.len();
    assert!(total > 100, "a long practice session: {total}");
    for _ in 0..3 {
        // Space chooses the row under the cursor (Enter alone on an untouched question
        // records nothing).
        app.update(Msg::Toggle, secs(1));
        app.update(Msg::Enter, secs(1));
        assert!(app.feedback.is_some());
        app.update(Msg::Enter, secs(1));
    }
    // Enter on the fourth, untouched, question asks for an answer first; leaving then must
    // not carry that hint onto the results (seen in tmux under the practice summary).
    app.update(Msg::Enter, secs(2));
    assert!(app.status.contains("first"), "{}", app.status);
    app.update(Msg::Quit, secs(90));
    assert_eq!(app.screen, Screen::Results);
    assert_eq!(app.status, "");
    let r = app.session.as_ref().unwrap().results().unwrap().clone();
    let right = r.items.iter().filter(|i| i.correct).count();
    let s = peerlab::quiz::Summary::of(&r);
    assert_eq!((s.answered, s.right), (3, right));
    assert_eq!(
        app.listed(Filter::All).len(),
        3,
        "only what was answered is listed"
    );
    let shown = render(&app, 80, 24);
    assert!(
        !shown.contains("FAIL") && !shown.contains("PASS"),
        "{shown}"
    );
    assert!(!shown.contains("not answered"), "{shown}");
    assert!(
        shown.contains(&format!("You answered 3 questions: {right} right")),
        "{shown}"
    );
    // The history keeps the score of the three answered, not of all 200.
    let score = app.events.iter().find_map(|e| match e {
        Event::Finished { score, .. } => Some(*score),
        _ => None,
    });
    let want = if right == 0 {
        1
    } else {
        peerlab::quiz::scaled(right, 3)
    };
    assert_eq!(score, Some(want));
    // A question opened from the list is not "of" the hundreds drawn: three were answered.
    app.update(Msg::Enter, secs(91));
    let shown = render(&app, 80, 24);
    assert!(shown.contains("Question 1  "), "{shown}");
    assert!(!shown.contains(&format!("of {total}")), "{shown}");
}

/// A drill's dialogs say "drill", and quitting one warns that no results file is written
/// (seen in tmux: a student quitting lost the file to hand in without being told).
#[test]
fn a_drills_quit_and_submit_dialogs_speak_of_the_file_to_hand_in() {
    let b = bank();
    let items = items_of(&b, Kind::Single, 3);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Drill, items, Some(15), secs(0));
    app.update(Msg::Quit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmQuit);
    let shown = render(&app, 80, 24);
    assert!(shown.contains("no results file is written"), "{shown}");
    app.update(Msg::No, secs(2));
    app.update(Msg::Submit, secs(3));
    assert_eq!(app.screen, Screen::ConfirmSubmit);
    let shown = render(&app, 80, 24);
    assert!(shown.contains("Submit the drill?"), "{shown}");
    // An exam keeps its words.
    let b = bank();
    let items = items_of(&b, Kind::Single, 3);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, items, Some(15), secs(0));
    app.update(Msg::Submit, secs(3));
    assert!(render(&app, 80, 24).contains("Submit the exam?"));
}

/// An exam of three single-choice questions: the first right, the second wrong, the third
/// flagged and left unanswered; submitted.
fn three_question_exam() -> App {
    let b = bank();
    let items = items_of(&b, Kind::Single, 3);
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, items.clone(), Some(30), secs(0));
    pick(&mut app, items[0].question.answer[0]);
    pick(&mut app, wrong_row(&items[1]));
    app.update(Msg::Flag, secs(3));
    app.update(Msg::Submit, secs(4));
    app.update(Msg::Yes, secs(5));
    assert_eq!(app.screen, Screen::Results);
    app
}

#[test]
fn results_filter_wrong_and_flagged_and_show_a_question_as_it_was() {
    let mut app = three_question_exam();
    assert_eq!(app.listed(Filter::All), vec![0, 1, 2]);
    app.update(Msg::Wrong, secs(6));
    assert_eq!(app.results_view.filter, Filter::Wrong);
    assert_eq!(app.listed(Filter::Wrong), vec![1, 2]);
    let shown = render(&app, 80, 24);
    assert!(shown.contains("> 2. wrong"), "{shown}");
    assert!(
        !shown.contains(" 1. right"),
        "the right one is filtered out: {shown}"
    );
    app.update(Msg::Flag, secs(6));
    assert_eq!(app.listed(Filter::Flagged), vec![2]);
    app.update(Msg::Filter, secs(6));
    assert_eq!(app.results_view.filter, Filter::All);

    // Open question 2 (the wrong one): the key is marked in the choice list.
    app.update(Msg::Down, secs(7));
    app.update(Msg::Enter, secs(7));
    assert!(app.results_view.open);
    assert_eq!(app.results_selected(), Some(1));
    let s = app.session.as_ref().unwrap();
    let q = s.items[1].question.clone();
    let shown = render(&app, 120, 40);
    assert!(shown.contains("Question 2 of 3  wrong"), "{shown}");
    assert!(shown.contains(&format!("question id {}", q.id)), "{shown}");
    let right = &q.choices[q.answer[0]];
    let right_line = lines_with(&shown, right.as_str());
    assert!(
        right_line.iter().any(|l| l.contains("right A.")
            || l.contains("right B.")
            || l.contains("right C.")
            || l.contains("right D.")),
        "{right_line:?}"
    );
    let yours = &q.choices[wrong_row(&s.items[1])];
    assert!(
        lines_with(&shown, yours.as_str())
            .iter()
            .any(|l| l.contains(" you       ")),
        "{shown}"
    );
    // n moves to the next question of the list; Esc back to the list, q leaves.
    app.update(Msg::Next, secs(8));
    assert_eq!(app.results_selected(), Some(2));
    // Below the options and their lines: a taller screen shows it.
    assert!(render(&app, 120, 40).contains("You did not answer this one."));
    app.update(Msg::Back, secs(8));
    assert!(!app.results_view.open);
    app.update(Msg::Quit, secs(9));
    assert!(app.quit, "started from the command line: q quits");
}

#[test]
fn an_order_answer_shows_as_numbered_lists() {
    let b = bank();
    let items = items_of(&b, Kind::Order, 1);
    let q = items[0].question.clone();
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, items, Some(30), secs(0));
    // The draft starts shuffled and never in the right order: answer it as it stands.
    let given = app.draft.order.clone();
    assert_ne!(given, q.answer);
    // Moving an item down and back accepts the order as it stands (Enter alone would ask to
    // arrange it first; Space would take the item out of the list).
    app.update(Msg::MoveDown, secs(1));
    app.update(Msg::MoveUp, secs(1));
    app.update(Msg::Enter, secs(1));
    app.update(Msg::Submit, secs(2));
    app.update(Msg::Yes, secs(2));
    app.update(Msg::Enter, secs(3));
    let shown = render(&app, 120, 40);
    let at = shown.find("The right order:").expect("the key as a list");
    // Each step, then its own line (why it comes there), indented under it.
    let after: Vec<&str> = shown[at..]
        .lines()
        .skip(1)
        .filter(|l| {
            l.trim_start_matches('"').starts_with("  ")
                && l.contains(". ")
                && !l.trim_start_matches('"').starts_with("   ")
        })
        .take(q.answer.len())
        .collect();
    let why = &q.rationales[q.answer[0]];
    let start: String = why.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(shown.contains(&start), "step 1's line: {shown}");
    for (n, &c) in q.answer.iter().enumerate() {
        assert!(
            after[n].contains(&format!("{}. {}", n + 1, q.choices[c])),
            "{after:?}"
        );
    }
    assert!(shown.contains("Your order:"), "{shown}");
    let first = format!("1. {}", q.choices[given[0]]);
    assert!(shown.contains(&first), "{shown}");
    // On a narrow terminal a step that wraps continues under its own text, never at the
    // left edge where it would read as a line of its own.
    let narrow = render(&app, 60, 40);
    let at = narrow.find("The right order:").expect("the key as a list");
    let edge: Vec<&str> = narrow[at..]
        .lines()
        .skip(1)
        .map(|l| l.trim_start_matches('"').trim_end_matches('"'))
        .take_while(|l| !l.starts_with("Your order:") && !l.starts_with("PgDn"))
        .filter(|l| !l.trim().is_empty() && !l.starts_with(' '))
        .collect();
    assert!(edge.is_empty(), "{edge:?}\n{narrow}");
}

#[test]
fn retry_my_mistakes_from_the_results_asks_the_missed_again() {
    let mut app = three_question_exam();
    let missed: Vec<String> = {
        let s = app.session.as_ref().unwrap();
        vec![s.items[1].key(), s.items[2].key()]
    };
    app.events.clear();
    app.update(Msg::Retry, secs(10));
    assert_eq!(app.screen, Screen::Quiz);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.mode, Mode::Practice);
    let keys: Vec<String> = s.items.iter().map(|i| i.key()).collect();
    assert_eq!(keys, missed);
    assert!(matches!(
        app.events[0],
        Event::Started {
            mode: "practice",
            questions: 2,
            ..
        }
    ));
    // A generated question missed comes back as a fresh one of its template.
    let g =
        peerlab::generate::fresh(peerlab::generate::Template::Reachability, Some(1), 3).unwrap();
    let item = Item {
        question: g.questions[0].clone(),
        topology: g.topology.clone(),
        template: Some(g.template),
    };
    let mut app = App::new(
        bank(),
        Start::Missed {
            keys: vec![item.key()],
        },
        4,
        secs(0),
    );
    let again = app.item().unwrap().clone();
    assert_eq!(again.key(), item.key());
    assert_ne!(again.question.id, item.question.id);
    app.update(Msg::Quit, secs(1));
    assert_eq!(app.screen, Screen::Results);
}

#[test]
fn menu_exam_results_q_goes_back_to_the_menu() {
    let mut app = App::new(bank(), Start::Menu, 5, secs(0));
    app.update(Msg::Digit(3), secs(1));
    app.update(Msg::Enter, secs(1));
    assert!(matches!(app.screen, Screen::ExamSetup { .. }));
    app.update(Msg::Digit(1), secs(1));
    app.update(Msg::Enter, secs(1));
    assert_eq!(app.screen, Screen::Quiz);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.mode, Mode::Exam);
    assert_eq!(s.remaining(secs(1)), Some(secs(20 * 60)));
    app.update(Msg::Submit, secs(2));
    app.update(Msg::Yes, secs(3));
    assert_eq!(app.screen, Screen::Results);
    assert!(render(&app, 80, 24).contains("q menu"));
    app.update(Msg::Quit, secs(4));
    assert_eq!(app.screen, Screen::Menu { selected: 0 });
    assert!(!app.quit && app.session.is_none());
    // Practice from the menu: q ends it on the summary, q again is the menu.
    app.update(Msg::Enter, secs(5));
    app.update(Msg::Quit, secs(6));
    assert_eq!(app.screen, Screen::Results);
    app.update(Msg::Quit, secs(7));
    assert_eq!(app.screen, Screen::Menu { selected: 0 });
    // A topic from the list: every question is on it.
    app.update(Msg::Digit(2), secs(8));
    app.update(Msg::Enter, secs(8));
    app.update(Msg::Down, secs(8));
    app.update(Msg::Enter, secs(8));
    let t = peerlab::bank::Topic::ALL[1];
    let s = app.session.as_ref().unwrap();
    assert!(s.items.iter().all(|i| i.question.topic == t));
}

#[test]
fn missed_is_the_latest_answer_wrong_within_the_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let now = 1_800_000_000;
    let day = 86_400;
    let old = s
        .start_session("practice", None, 5, None, now - 20 * day)
        .unwrap();
    record(&mut s, old, 0, "bank:c", false, now - 10 * day);
    let id = s
        .start_session("practice", None, 5, None, now - day)
        .unwrap();
    record(&mut s, id, 0, "bank:a", false, now - 3 * day);
    record(&mut s, id, 1, "bank:b", false, now - 2 * day);
    record(&mut s, id, 2, "bank:a", true, now - day);
    record(&mut s, id, 3, "bank:d", false, now - 100);
    // a: put right since; c: ten days ago, outside a week.
    assert_eq!(
        s.missed(now - 7 * day, 200).unwrap(),
        vec!["bank:d", "bank:b"]
    );
    assert_eq!(
        s.missed(now - 30 * day, 200).unwrap(),
        vec!["bank:d", "bank:b", "bank:c"]
    );
    assert_eq!(s.missed(now - 30 * day, 1).unwrap(), vec!["bank:d"]);
}

#[test]
fn a_resumed_exam_keeps_its_flags_and_stats_says_it_can_be_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let b = bank();
    let mut rec = Recorder::new(Store::open(dir.path()).unwrap());
    let mut app = App::new(
        b.clone(),
        Start::Exam {
            questions: 6,
            minutes: 30,
            seed: 12,
        },
        12,
        secs(0),
    );
    let now = peerlab::store::unix_now();
    let mut write = |app: &mut App| {
        for e in std::mem::take(&mut app.events) {
            rec.write(e, now).unwrap();
        }
    };
    write(&mut app);
    app.update(Msg::Next, secs(1));
    app.update(Msg::Flag, secs(1));
    app.update(Msg::Next, secs(2));
    app.update(Msg::Flag, secs(2));
    app.update(Msg::Flag, secs(3)); // and off again
    app.update(Msg::Next, secs(3));
    app.update(Msg::Flag, secs(3));
    write(&mut app);
    // The trainer is killed here: the exam stays open.
    let store = Store::open(dir.path()).unwrap();
    let text = store.stats(now, 0).unwrap().text(store.path());
    assert!(
        text.contains("An interrupted exam can be resumed: peerlab resume"),
        "{text}"
    );
    let r = peerlab::store::resume_of(&store, &b).unwrap();
    assert_eq!(r.flagged, vec![1, 3]);
    let mut again = App::new(b, Start::Menu, 1, secs(0));
    again.resume(r.items, r.left, r.given, secs(0));
    again.restore_flags(&r.flagged);
    let s = again.session.as_ref().unwrap();
    assert!(s.is_flagged(1) && !s.is_flagged(2) && s.is_flagged(3));
}

#[test]
fn the_menu_offers_resume_review_and_retry_with_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let now = peerlab::store::unix_now();
    let b = bank();
    let q = b.questions[0].clone();
    let id = s
        .start_session("practice", None, 5, None, now - 900)
        .unwrap();
    record(&mut s, id, 0, &format!("bank:{}", q.id), false, now - 800);
    s.finish_session(id, 1, 0, 100, now - 700).unwrap();
    s.start_session("exam", Some(3), 6, Some(20), now - 600)
        .unwrap();
    let stats = s.stats(now, 0).unwrap();
    let history = History {
        due: s.due(now).unwrap().into_iter().map(|(k, _)| k).collect(),
        seen: s.seen().unwrap(),
        summary: stats.text(s.path()),
        missed: s.missed(now - 7 * 86_400, 200).unwrap(),
        stats: Some(stats),
        progress: Some(s.progress(now, 0).unwrap()),
        path: s.path().display().to_string(),
        ..Default::default()
    };
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.history = Some(history);
    let shown = render(&app, 80, 24);
    assert!(shown.contains("4. Resume the interrupted exam"), "{shown}");
    assert!(shown.contains("5. Review: 1 question due now"), "{shown}");
    assert!(
        shown.contains("6. Retry my mistakes: 1 question from the last 7 days"),
        "{shown}"
    );
    // With Resume the menu has 11 entries: the last two have letter keys, as shown.
    assert!(shown.contains("9. Labs"), "{shown}");
    assert!(shown.contains("x. Explore a network"), "{shown}");
    assert!(shown.contains("q. Quit"), "{shown}");
    assert!(!shown.contains("10."), "{shown}");
    app.update(Msg::Exhibit, secs(1));
    assert!(
        matches!(app.screen, Screen::Menu { selected: 9 }),
        "{:?}",
        app.screen
    );
    app.update(Msg::Digit(9), secs(1));
    assert!(
        matches!(app.screen, Screen::Menu { selected: 8 }),
        "{:?}",
        app.screen
    );
    // Resume is asked of the trainer's loop, which has the store.
    app.update(Msg::Digit(4), secs(1));
    app.update(Msg::Enter, secs(1));
    assert!(app.want_resume);
    app.want_resume = false;
    app.update(Msg::Digit(6), secs(1));
    app.update(Msg::Enter, secs(1));
    assert_eq!(app.item().unwrap().question.id, q.id);
}

/// The menu's Explore list at 80 columns (walked in tmux): its heading was cut ("... or a r")
/// and a network of one VM said "1 VMs".
#[test]
fn the_explore_list_fits_80_columns_and_counts_one_vm() {
    let mut app = App::new(bank(), Start::Menu, 1, secs(0));
    app.update(Msg::Exhibit, secs(0));
    app.update(Msg::Enter, secs(0));
    assert!(
        matches!(app.screen, Screen::Networks { .. }),
        "{:?}",
        app.screen
    );
    let shown = render(&app, 80, 24);
    assert!(shown.contains("change a peering or a route"), "{shown}");
    assert!(!shown.contains("1 VMs"), "{shown}");
    assert!(shown.contains(" 1 VM "), "{shown}");
}

#[test]
fn practice_missed_with_nothing_missed_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "practice",
            "--missed",
            "--days",
            "3",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.contains("Nothing to retry") && text.contains("3 days"),
        "{text}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
        .args(["practice", "--missed", "--days", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
        .args(["practice", "--days", "3"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "--days needs --missed");
}

#[test]
fn study_screens_at_80x24_and_120x40() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let size = format!("{w}x{h}");
        let mut app = three_question_exam();
        app.update(Msg::Wrong, secs(6));
        insta::assert_snapshot!(format!("results-wrong-{size}"), render(&app, w, h));
        app.update(Msg::Enter, secs(6));
        insta::assert_snapshot!(format!("results-question-{size}"), render(&app, w, h));

        let b = bank();
        let items = items_of(&b, Kind::Single, 4);
        let mut app = App::new(b, Start::Menu, 1, secs(0));
        app.begin(Mode::Practice, items.clone(), None, secs(0));
        pick(&mut app, items[0].question.answer[0]);
        app.update(Msg::Enter, secs(3));
        pick(&mut app, wrong_row(&items[1]));
        app.update(Msg::Quit, secs(75));
        insta::assert_snapshot!(format!("practice-summary-{size}"), render(&app, w, h));

        let mut menu = App::new(bank(), Start::Menu, 1, secs(0));
        menu.update(Msg::Digit(2), secs(1));
        menu.update(Msg::Enter, secs(1));
        insta::assert_snapshot!(format!("topics-{size}"), render(&menu, w, h));
        menu.update(Msg::Back, secs(1));
        menu.update(Msg::Digit(3), secs(1));
        menu.update(Msg::Enter, secs(1));
        insta::assert_snapshot!(format!("exam-setup-{size}"), render(&menu, w, h));
        menu.update(Msg::Back, secs(1));
        menu.update(Msg::Digit(7), secs(1));
        menu.update(Msg::Enter, secs(1));
        assert_eq!(menu.screen, Screen::HelpPage);
        insta::assert_snapshot!(format!("help-page-{size}"), render(&menu, w, h));
    }
}

/// Issue 10 §3: the results walk-through shows, under each lettered option, its own line
/// (why it is right or wrong), with the learner's pick and the key marked: a bank single
/// item answered wrong and a bank cause item (four outcomes), every page of each.
#[test]
fn the_results_walk_through_explains_every_option() {
    let b = bank();
    let with_lines = |q: &peerlab::bank::Question| {
        !q.rationales.is_empty() && q.rationales.len() == q.choices.len()
    };
    let single = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Single && !q.picks_many() && with_lines(q))
        .expect("a single item with rationales");
    let cause = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Reachability && !q.offered.is_empty() && with_lines(q))
        .expect("a cause item with rationales");
    let items: Vec<Item> = [single, cause]
        .into_iter()
        .map(|q| item_of(&b, q))
        .collect();
    let mut app = App::new(b.clone(), Start::Menu, 1, secs(0));
    app.begin(Mode::Exam, items.clone(), Some(30), secs(0));
    pick(&mut app, wrong_row(&items[0]));
    pick(&mut app, 0);
    app.update(Msg::Submit, secs(4));
    app.update(Msg::Yes, secs(5));
    assert_eq!(app.screen, Screen::Results);
    app.update(Msg::Enter, secs(6));
    for (k, it) in items.iter().enumerate() {
        let mut screen = String::new();
        for _ in 0..30 {
            let s = render(&app, 80, 24);
            screen.push_str(&s);
            if !s.contains("PgDn: more below") {
                break;
            }
            app.update(Msg::ScrollDown, secs(7));
        }
        let q = &it.question;
        assert!(screen.contains(&q.id), "{k}: {screen}");
        assert!(
            screen.contains(" you "),
            "{}: the pick is marked: {screen}",
            q.id
        );
        assert!(
            screen.contains("right A.")
                || screen.contains("right B.")
                || screen.contains("right C.")
                || screen.contains("right D."),
            "{}: the key is marked: {screen}",
            q.id
        );
        for (n, r) in q.rationales.iter().enumerate() {
            let start: String = r.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
            assert!(
                screen.contains(&start),
                "{}: option {n}'s line {start:?} missing: {screen}",
                q.id
            );
        }
        app.update(Msg::Next, secs(8));
    }
}
