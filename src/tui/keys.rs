//! Keys to messages: one pure function, so the key map is documented in one place and tested.

use super::app::{App, Msg, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every key and what it does, for the help screen (and the README). Each line fits the
/// smallest terminal the trainer draws in (60 columns).
pub const HELP: [(&str, &str); 18] = [
    ("x  Tab  [ ]", "exhibit: open/close, next tab, scroll"),
    ("Up/Down j/k", "move (configure: between peerings)"),
    ("a-e", "choose a lettered choice (A-E)"),
    ("1-9", "choose by number (configure: toggle flag)"),
    ("Space", "select or clear; build a list: in/out"),
    ("J / K", "order: move item down/up (or Shift+Down/Up)"),
    ("Enter", "answer; in practice, then next question"),
    ("n / p", "next / previous question"),
    ("f / r / s", "exam: flag / review / submit"),
    ("PgUp/PgDn", "page; Home/End: top/end; mouse: click, wheel"),
    ("q or Esc", "practice: results; exam: asks to quit"),
    ("Ctrl+C", "quit at once (answers given are kept)"),
    ("?", "this help; any key closes it"),
    ("Flags 1-4", "access, forwarded, transit, remote gw"),
    ("-- |", "link Connected"),
    (".. :", "one side only (Initiated)"),
    ("xx", "Disconnected or rejected; * traced path"),
    ("GT RG", "gateway transit, use remote gateways"),
];

pub fn map_key(k: KeyEvent, app: &App) -> Option<Msg> {
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
        return Some(Msg::ForceQuit);
    }
    // The Lab screen's command line takes text, and the Explore sandbox has its own keys
    // (`explore::map_key`): every key goes to them as typed.
    if matches!(app.screen, Screen::Lab { .. } | Screen::Explore { .. }) {
        return Some(Msg::Key(k));
    }
    let confirming = matches!(app.screen, Screen::ConfirmSubmit | Screen::ConfirmQuit);
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    let results = matches!(app.screen, Screen::Results);
    let progress = matches!(app.screen, Screen::Progress);
    Some(match k.code {
        KeyCode::Up if shift => Msg::MoveUp,
        KeyCode::Down if shift => Msg::MoveDown,
        KeyCode::Up | KeyCode::Char('k') => Msg::Up,
        KeyCode::Down | KeyCode::Char('j') => Msg::Down,
        // Order items move with J/K (Shift+j/k) or Shift+arrows: `d` is choice D.
        KeyCode::Char('K') => Msg::MoveUp,
        KeyCode::Char('J') => Msg::MoveDown,
        // The results screen has its own filters on Tab and `a`; elsewhere they are the
        // exhibit's tabs and choice A.
        KeyCode::Tab if results => Msg::Filter,
        KeyCode::Char('a') if results => Msg::All,
        KeyCode::Char(c @ 'a'..='e') => Msg::Letter(c as u8 - b'a'),
        KeyCode::Char(' ') => Msg::Toggle,
        KeyCode::Enter => Msg::Enter,
        KeyCode::Char(c @ '1'..='9') => Msg::Digit(c as u8 - b'0'),
        KeyCode::Char('y') => Msg::Yes,
        KeyCode::Char('n') if confirming => Msg::No,
        KeyCode::Char('n') | KeyCode::Right => Msg::Next,
        KeyCode::Char('p') | KeyCode::Left => Msg::Prev,
        KeyCode::Char('f') => Msg::Flag,
        KeyCode::Char('r') => Msg::Review,
        KeyCode::Char('s') => Msg::Submit,
        KeyCode::Char('w') => Msg::Wrong,
        KeyCode::Char('m') => Msg::Retry,
        KeyCode::Char('o') if progress => Msg::Optimize,
        KeyCode::Char('?') => Msg::Help,
        KeyCode::Char('q') => Msg::Quit,
        KeyCode::Esc => Msg::Back,
        KeyCode::Char('x') => Msg::Exhibit,
        KeyCode::Tab => Msg::NextTab,
        KeyCode::BackTab => Msg::PrevTab,
        KeyCode::Char('[') => Msg::ExhibitUp,
        KeyCode::Char(']') => Msg::ExhibitDown,
        KeyCode::PageUp => Msg::ScrollUp,
        KeyCode::PageDown => Msg::ScrollDown,
        KeyCode::Home => Msg::Home,
        KeyCode::End => Msg::End,
        _ => return None,
    })
}
