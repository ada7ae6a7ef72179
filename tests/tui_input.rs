//! The trainer's input handling through `update` (issues 12 and 13): safe confirmations,
//! paging, the mouse. Plain values, no terminal.
#![cfg(feature = "tui")]

mod common;

use common::answers::secs;
use common::tui::alone;
use peerlab::tui::{App, Msg, Screen, Start};

fn exam() -> App {
    let start = Start::Exam {
        questions: 4,
        minutes: 10,
        seed: 21,
    };
    App::new(peerlab::bank::builtin().unwrap(), start, 21, secs(0))
}

#[test]
fn enter_on_a_confirmation_keeps_working_and_only_y_confirms() {
    // Quit: `q` then Enter (the slip) must not end the exam.
    let mut app = exam();
    app.update(Msg::Quit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmQuit);
    app.update(Msg::Enter, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert!(!app.quit);
    app.update(Msg::Quit, secs(3));
    app.update(Msg::Yes, secs(4));
    assert!(app.quit);

    // Submit: `s` then Enter must not submit.
    let mut app = exam();
    app.update(Msg::Submit, secs(1));
    assert_eq!(app.screen, Screen::ConfirmSubmit);
    app.update(Msg::Enter, secs(2));
    assert_eq!(app.screen, Screen::Quiz);
    assert!(app.session.as_ref().unwrap().results().is_none());
    app.update(Msg::Submit, secs(3));
    app.update(Msg::Yes, secs(4));
    assert_eq!(app.screen, Screen::Results);
    assert!(app.session.as_ref().unwrap().results().is_some());
}

use peerlab::quiz::Mode;
use ratatui::{Terminal, backend::TestBackend};

/// Draws `app` as the loop does, and gives the screen's rows.
fn draw(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| peerlab::tui::draw(f, app, secs(1))).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

fn row_of(rows: &[String], text: &str) -> u16 {
    rows.iter()
        .position(|r| r.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", rows.join("\n"))) as u16
}

#[test]
fn pgdn_moves_a_screen_less_two_lines_and_nothing_scrolls_past_the_end() {
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    app.screen = Screen::HelpPage;
    draw(&app, 80, 24);
    let fit = app.fit.get();
    // 24 rows less the header (1) and the footer (2).
    assert_eq!(fit.height, 21);
    assert!(
        fit.total > 2 * fit.height,
        "help is longer than two screens"
    );
    app.update(Msg::ScrollDown, secs(1));
    assert_eq!(app.scroll, 19);
    draw(&app, 80, 24);
    app.update(Msg::ScrollUp, secs(1));
    assert_eq!(app.scroll, 0);
    app.update(Msg::End, secs(1));
    assert_eq!(app.scroll, fit.total - fit.height);
    draw(&app, 80, 24);
    for m in [Msg::ScrollDown, Msg::Down, Msg::WheelDown, Msg::End] {
        app.update(m, secs(1));
        assert_eq!(app.scroll, fit.total - fit.height, "{m:?}");
    }
    app.update(Msg::Home, secs(1));
    assert_eq!(app.scroll, 0);
    assert_eq!(app.screen, Screen::HelpPage);
}

#[test]
fn home_and_end_jump_to_the_first_and_last_entry_of_a_list() {
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    app.update(Msg::End, secs(1));
    let last = app.menu_entries().len() - 1;
    assert_eq!(app.screen, Screen::Menu { selected: last });
    app.update(Msg::Home, secs(1));
    assert_eq!(app.screen, Screen::Menu { selected: 0 });
    app.update(Msg::WheelDown, secs(1));
    assert_eq!(app.screen, Screen::Menu { selected: 1 });
}

#[test]
fn after_enter_the_verdict_is_in_view_without_scrolling() {
    // A question scrolled to its end (End) before the answer: the verdict, above the
    // choices, would be out of view.
    let b = peerlab::bank::builtin().unwrap();
    let answer = |app: &mut App| {
        draw(app, 60, 20);
        app.update(Msg::End, secs(1));
        draw(app, 60, 20);
        app.update(Msg::Digit(1), secs(1));
        app.update(Msg::Enter, secs(2));
    };
    let mut found = None;
    for q in b.questions.clone() {
        if q.kind == peerlab::bank::Kind::Configure || q.kind == peerlab::bank::Kind::Order {
            continue;
        }
        let mut app = alone(b.clone(), &q);
        answer(&mut app);
        if app.feedback.is_none() {
            continue;
        }
        app.reveal = false;
        let rows = draw(&app, 60, 20);
        if !rows
            .iter()
            .any(|r| r.contains("Correct.") || r.contains("Not quite."))
        {
            found = Some(q);
            break;
        }
    }
    // Every bank question has shown its verdict even without the reveal (the loop drew each
    // one with it off): since cause items offer four outcomes instead of all fourteen, none is
    // long enough to hide it. Then the property holds for the whole bank as drawn.
    let Some(q) = found else {
        return;
    };
    let mut app = alone(b, &q);
    answer(&mut app);
    let rows = draw(&app, 60, 20);
    assert!(
        rows.iter()
            .any(|r| r.contains("Correct.") || r.contains("Not quite.")),
        "{}: verdict not in view:\n{}",
        q.id,
        rows.join("\n")
    );
    // The keys then move from what is shown.
    let shown = app.fit.get().shown;
    assert!(shown > 0);
    app.update(Msg::WheelUp, secs(3));
    assert_eq!(app.scroll, shown.saturating_sub(3));
}

/// The case the reveal scroll exists for, built rather than found in the bank: four choices
/// long enough that, scrolled to the end with the last one picked, the verdict's place above
/// them is out of view when Enter is pressed.
#[test]
fn after_enter_the_verdict_of_a_long_question_is_in_view() {
    let b = peerlab::bank::builtin().unwrap();
    let mut q = b
        .questions
        .iter()
        .find(|q| q.kind == peerlab::bank::Kind::Single && q.choices.len() == 4)
        .unwrap()
        .clone();
    let long = "a setting that is described at some length, so that this choice wraps over \
                several lines of a narrow terminal window";
    q.choices = ["First", "Second", "Third", "Fourth"]
        .iter()
        .map(|w| format!("{w}: {long}; {long}."))
        .collect();
    let verdict = |rows: &[String]| {
        rows.iter()
            .any(|r| r.contains("Correct.") || r.contains("Not quite."))
    };
    let mut app = alone(b, &q);
    draw(&app, 60, 20);
    app.update(Msg::End, secs(1));
    draw(&app, 60, 20);
    app.update(Msg::Digit(4), secs(1));
    let before = draw(&app, 60, 20);
    // Scrolled: the choice shown first (the bank's are shuffled), just under where the
    // verdict goes, is out of view.
    let top = q.choices[app.draft.shown[0]]
        .split(':')
        .next()
        .unwrap()
        .to_string()
        + ":";
    assert!(
        !before.iter().any(|r| r.contains(&top)),
        "not scrolled:\n{}",
        before.join("\n")
    );
    app.update(Msg::Enter, secs(2));
    assert!(app.feedback.is_some());
    let rows = draw(&app, 60, 20);
    assert!(verdict(&rows), "verdict not in view:\n{}", rows.join("\n"));
}

#[test]
fn a_click_picks_a_choice_and_opens_a_menu_entry() {
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    let rows = draw(&app, 80, 24);
    let row = row_of(&rows, "2. Practice one topic");
    app.update(Msg::Click { row: 0 }, secs(1));
    assert!(
        matches!(app.screen, Screen::Menu { .. }),
        "{:?}",
        app.screen
    );
    app.update(Msg::Click { row }, secs(1));
    assert_eq!(app.screen, Screen::Topics { selected: 0 });

    // An exam question: a click on choice C's row picks C.
    let b = peerlab::bank::builtin().unwrap();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == peerlab::bank::Kind::Single && q.topology.is_none())
        .unwrap()
        .clone();
    let mut app = alone(b, &q);
    let rows = draw(&app, 80, 24);
    let row = row_of(&rows, "C. ( )");
    app.update(Msg::Click { row: 0 }, secs(1));
    assert!(!app.draft.touched);
    app.update(Msg::Click { row }, secs(1));
    assert!(app.draft.touched);
    assert_eq!(app.draft.cursor, 2);
    let rows = draw(&app, 80, 24);
    assert!(
        rows[usize::from(row)].contains("C. (x)"),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn a_click_opens_a_topic_an_exam_length_a_review_entry_and_a_result() {
    // The topic list: a click on "dns" starts a practice of that topic.
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    app.screen = Screen::Topics { selected: 0 };
    let rows = draw(&app, 80, 24);
    let row = row_of(&rows, "dns ");
    app.update(Msg::Click { row: 1 }, secs(1));
    assert_eq!(app.screen, Screen::Topics { selected: 0 }, "the title row");
    app.update(Msg::Click { row }, secs(1));
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(app.item().unwrap().question.topic.as_str(), "dns");

    // The exam lengths: a click on the 10-question line starts a 10-question exam.
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    app.screen = Screen::ExamSetup { selected: 1 };
    let rows = draw(&app, 80, 24);
    let row = row_of(&rows, "1. 10 questions, 20 minutes");
    app.update(Msg::Click { row }, secs(1));
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(app.session.as_ref().unwrap().items.len(), 10);
    assert_eq!(app.session.as_ref().unwrap().mode, Mode::Exam);

    // The exam's review list: a click on question 3 goes to it.
    app.update(Msg::Review, secs(2));
    assert!(
        matches!(app.screen, Screen::Review { .. }),
        "{:?}",
        app.screen
    );
    let rows = draw(&app, 80, 24);
    let row = rows
        .iter()
        .position(|r| r.trim_start().starts_with("3."))
        .unwrap_or_else(|| panic!("no entry 3:\n{}", rows.join("\n"))) as u16;
    app.update(Msg::Click { row }, secs(3));
    assert_eq!(app.screen, Screen::Quiz);
    assert_eq!(app.session.as_ref().unwrap().current(), 2);

    // The results list: a click on question 2 opens it.
    app.update(Msg::Submit, secs(4));
    app.update(Msg::Yes, secs(4));
    assert_eq!(app.screen, Screen::Results);
    let rows = draw(&app, 80, 24);
    let row = rows
        .iter()
        .position(|r| r.trim_start().starts_with("2. "))
        .unwrap_or_else(|| panic!("no result 2:\n{}", rows.join("\n"))) as u16;
    app.update(Msg::Click { row }, secs(5));
    assert!(app.results_view.open);
    assert_eq!(app.results_view.selected, 1);

    // Review with nothing due: a click on Cram starts one.
    let mut app = App::new(peerlab::bank::builtin().unwrap(), Start::Menu, 1, secs(0));
    let b = peerlab::bank::builtin().unwrap();
    app.history = Some(peerlab::tui::History {
        weakest: vec![format!("bank:{}", b.questions[2].id)],
        ..Default::default()
    });
    app.review(secs(0));
    let rows = draw(&app, 80, 24);
    let row = row_of(&rows, "2. Cram");
    app.update(Msg::Click { row }, secs(1));
    assert_eq!((app.screen.clone(), app.label), (Screen::Quiz, "cram"));
    assert_eq!(app.item().unwrap().question.id, b.questions[2].id);
}
