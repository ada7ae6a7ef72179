//! The Lab screen through its keys: the menu's Labs entry, typing the chapter's two commands,
//! goals ticked live, Tab completion, history, hint and answer, Esc back; snapshots at 80x24
//! and 120x40 before and after the solving command.
#![cfg(feature = "tui")]

use peerlab::tui::{App, Entry, Msg, Screen, Start, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

const HUB_SIDE: &str = "az network vnet peering create --resource-group rg-network --name hub-to-spoke-web --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access --allow-forwarded-traffic --allow-gateway-transit";
const SPOKE_SIDE: &str = "az network vnet peering create --resource-group rg-network --name spoke-web-to-hub --vnet-name spoke-web-vnet --remote-vnet hub-vnet --allow-vnet-access --allow-forwarded-traffic --use-remote-gateways";

fn t() -> Duration {
    Duration::from_secs(1)
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), t());
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn run(app: &mut App, line: &str) {
    typed(app, line);
    key(app, KeyCode::Enter);
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| draw(f, app, t())).unwrap();
    format!("{}", term.backend())
}

fn chapter() -> App {
    let bank = peerlab::bank::builtin().expect("bank");
    let app = App::new(
        bank,
        Start::Lab {
            name: "chapter-cli-outline".into(),
        },
        1,
        Duration::ZERO,
    );
    assert!(matches!(app.screen, Screen::Lab { .. }), "{:?}", app.screen);
    app
}

fn out(app: &App) -> String {
    app.lab.as_ref().unwrap().out.join("\n")
}

fn line(app: &App) -> String {
    app.lab.as_ref().unwrap().input.value().to_string()
}

#[test]
fn the_menus_labs_entry_opens_the_list_then_a_lab_and_esc_goes_back() {
    let bank = peerlab::bank::builtin().expect("bank");
    let mut app = App::new(bank, Start::Menu, 1, Duration::ZERO);
    let at = app
        .menu_entries()
        .iter()
        .position(|e| *e == Entry::Labs)
        .expect("a Labs entry");
    for _ in 0..at {
        app.update(Msg::Down, t());
    }
    app.update(Msg::Enter, t());
    assert_eq!(app.screen, Screen::Labs { selected: 0 });
    assert!(app.labs.len() >= 12, "{}", app.labs.len());
    let list = render(&app, 80, 24);
    assert!(list.contains("chapter-cli-outline"), "{list}");
    app.update(Msg::Down, t());
    app.update(Msg::Enter, t());
    assert_eq!(app.screen, Screen::Lab { from: 1 });
    assert_eq!(app.lab.as_ref().unwrap().session.lab.name, app.labs[1].name);
    // On the Lab screen letters are text: `q` is typed, not a quit.
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    assert_eq!(line(&app), "q");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Labs { selected: 1 });
    assert!(app.lab.is_none());
    app.update(Msg::Back, t());
    assert!(matches!(app.screen, Screen::Menu { .. }));
}

#[test]
fn the_chapters_two_commands_tick_every_goal_before_and_after_snapshots() {
    let mut app = chapter();
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = render(&app, w, h);
        assert!(screen.contains("[ ] vm-web reaches the hub"), "{screen}");
        assert!(!screen.contains("[x]"), "{screen}");
        insta::assert_snapshot!(format!("lab-before-{w}x{h}"), screen);
    }
    run(&mut app, SPOKE_SIDE);
    assert!(
        out(&app).contains("\"peeringState\": \"Initiated\""),
        "{}",
        out(&app)
    );
    assert!(!app.lab.as_ref().unwrap().session.done());
    run(&mut app, HUB_SIDE);
    let o = out(&app);
    assert!(o.contains("\"peeringState\": \"Connected\""), "{o}");
    assert!(
        o.contains("Lab done: every goal holds. Score 100/100"),
        "{o}"
    );
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = render(&app, w, h);
        assert!(!screen.contains("[ ]"), "{screen}");
        assert!(screen.contains("[x] vm-web reaches the hub"), "{screen}");
        // The diagram stands beside the output only on a wide terminal.
        assert_eq!(screen.contains("┌Network"), w >= 110, "{screen}");
        insta::assert_snapshot!(format!("lab-after-{w}x{h}"), screen);
    }
}

#[test]
fn tab_completes_words_flags_and_names_and_lists_when_ambiguous() {
    let mut app = chapter();
    typed(&mut app, "az netw");
    key(&mut app, KeyCode::Tab);
    assert_eq!(line(&app), "az network ");
    typed(&mut app, "vnet peering cr");
    key(&mut app, KeyCode::Tab);
    assert_eq!(line(&app), "az network vnet peering create ");
    typed(&mut app, "--vnet-name h");
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        line(&app),
        "az network vnet peering create --vnet-name hub-vnet "
    );
    typed(&mut app, "--allow-");
    key(&mut app, KeyCode::Tab);
    // Three flags share the prefix: the line stays, the choices are listed.
    assert!(line(&app).ends_with("--allow-"));
    assert!(
        out(&app)
            .contains("--allow-forwarded-traffic  --allow-gateway-transit  --allow-vnet-access"),
        "{}",
        out(&app)
    );
}

#[test]
fn up_and_down_walk_the_history_and_come_back_to_the_line_typed() {
    let mut app = chapter();
    run(&mut app, "goals");
    run(&mut app, "az network vnet list -o table");
    typed(&mut app, "az net");
    key(&mut app, KeyCode::Up);
    assert_eq!(line(&app), "az network vnet list -o table");
    key(&mut app, KeyCode::Up);
    assert_eq!(line(&app), "goals");
    key(&mut app, KeyCode::Up);
    assert_eq!(line(&app), "goals");
    key(&mut app, KeyCode::Down);
    assert_eq!(line(&app), "az network vnet list -o table");
    key(&mut app, KeyCode::Down);
    assert_eq!(line(&app), "az net");
}

#[test]
fn hints_come_one_at_a_time_and_the_answer_scores_zero() {
    let mut app = chapter();
    run(&mut app, "hint");
    assert!(out(&app).contains("Hint 1/3"), "{}", out(&app));
    assert!(!out(&app).contains("Hint 2/3"));
    run(&mut app, "answer");
    let o = out(&app);
    assert!(o.contains("this attempt now scores 0"), "{o}");
    assert!(o.contains("--allow-gateway-transit"), "{o}");
    run(&mut app, SPOKE_SIDE);
    run(&mut app, HUB_SIDE);
    assert!(out(&app).contains("Score 0/100"), "{}", out(&app));
}

#[test]
fn ctrl_l_clears_and_what_is_typed_is_shown_printable() {
    let mut app = chapter();
    run(&mut app, "az network vnet list");
    assert!(out(&app).contains("hub-vnet"));
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)),
        t(),
    );
    assert!(out(&app).is_empty(), "{}", out(&app));
    // An escape character typed comes back escaped, never raw to the terminal.
    run(&mut app, "az network vnet show -g rg-network -n x\u{1b}[2J");
    let o = out(&app);
    assert!(!o.contains('\u{1b}'), "{o:?}");
    assert!(o.contains("\\u{1b}"), "{o}");
    let screen = render(&app, 80, 24);
    assert!(!screen.contains('\u{1b}'));
}

#[test]
fn a_continued_line_runs_as_one_command() {
    let mut app = chapter();
    run(&mut app, "az network vnet show \\");
    run(&mut app, "  -g rg-network -n hub-vnet");
    let o = out(&app);
    assert!(o.contains("> "), "{o}");
    assert!(o.contains("10.0.0.0/16"), "{o}");
    assert_eq!(app.lab.as_ref().unwrap().session.commands, 1);
}

#[test]
fn page_up_scrolls_back_and_page_down_returns() {
    let mut app = chapter();
    for _ in 0..6 {
        run(&mut app, "help");
    }
    let bottom = render(&app, 80, 24);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.lab.as_ref().unwrap().scroll, 10);
    let up = render(&app, 80, 24);
    assert_ne!(bottom, up);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(render(&app, 80, 24), bottom);
}

#[test]
fn a_paste_inserts_one_line_runs_several_and_refuses_control_characters() {
    let mut app = chapter();
    typed(&mut app, "az network ");
    app.lab_paste("vnet show -g rg-network");
    assert_eq!(line(&app), "az network vnet show -g rg-network");
    assert_eq!(app.lab.as_ref().unwrap().session.commands, 0);
    key(&mut app, KeyCode::Enter);
    // Two lines and a third without its newline: the first two run, the third stays typed.
    app.lab_paste(&format!(
        "{HUB_SIDE}\r\n{SPOKE_SIDE}\naz network vnet peering list"
    ));
    let v = app.lab.as_ref().unwrap();
    assert_eq!(v.session.commands, 3, "{}", out(&app));
    assert!(v.session.done(), "{}", out(&app));
    assert_eq!(line(&app), "az network vnet peering list");
    // The model answer's continued lines run as one command each.
    let mut app = chapter();
    let answer = "az network vnet peering create \\\n  --resource-group rg-network --name hub-to-spoke-web \\\n  --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access\n";
    app.lab_paste(answer);
    assert_eq!(
        app.lab.as_ref().unwrap().session.commands,
        1,
        "{}",
        out(&app)
    );
    assert_eq!(line(&app), "");
    // An escape sequence, or too much text, is refused whole and said so.
    app.lab_paste("az network vnet list\n\u{1b}[31mred");
    assert!(
        out(&app).ends_with(
            "Paste refused: it holds a control character (U+001B); nothing was inserted."
        ),
        "{}",
        out(&app)
    );
    assert_eq!(line(&app), "");
    assert_eq!(app.lab.as_ref().unwrap().session.commands, 1);
    app.lab_paste(&"az network vnet list\n".repeat(60));
    assert!(out(&app).ends_with("Paste refused: 60 lines is more than 50; nothing was inserted."));
    app.lab_paste(&"x".repeat(20_000));
    assert!(
        out(&app).ends_with("Paste refused: 20000 bytes is more than 16384; nothing was inserted.")
    );
    assert_eq!(app.lab.as_ref().unwrap().session.commands, 1);
}
