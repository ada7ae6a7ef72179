//! What a question shows in the trainer: exhibit tabs of every table kind and when they are
//! rebuilt, yes-no series and case studies with their scenario, rationales, and text wrapped
//! between words at 80 columns. Key sequences drive `App::update`; `TestBackend` renders the
//! screens for snapshots. (Split from tests/tui.rs, past its size.)
#![cfg(feature = "tui")]

mod common;

use common::answers::secs;
use common::tui::*;
use peerlab::bank::{Bank, Kind};
use peerlab::quiz::{Item, Mode};
use peerlab::tui::{App, Msg, Start, reach_choices};

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
        .map(|q| item_of(b, q))
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
    choose_stored(&mut app, wrong);
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
        let mut app = alone(b.clone(), q);
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
