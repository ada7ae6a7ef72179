//! Keys to messages: one pure function, so the key map is documented in one place and tested.

use super::app::{App, Msg, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every key and what it does, for the help screen (and the README). Each line fits the
/// smallest terminal the trainer draws in (60 columns).
pub const HELP: [(&str, &str); 17] = [
    ("Up/Down j/k", "move (configure: between peerings)"),
    ("1-9", "jump to a choice (configure: toggle flag)"),
    ("Space", "select or clear (multiple choice)"),
    ("u / d", "move the selected item up / down"),
    ("Enter", "answer; in practice, then next question"),
    ("n / p", "next / previous question"),
    ("f / r / s", "exam: flag / review / submit"),
    ("PgUp/PgDn", "scroll a long question or the results"),
    ("y / n", "confirm / cancel"),
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
    let confirming = matches!(app.screen, Screen::ConfirmSubmit | Screen::ConfirmQuit);
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    Some(match k.code {
        KeyCode::Up if shift => Msg::MoveUp,
        KeyCode::Down if shift => Msg::MoveDown,
        KeyCode::Up | KeyCode::Char('k') => Msg::Up,
        KeyCode::Down | KeyCode::Char('j') => Msg::Down,
        KeyCode::Char('u') => Msg::MoveUp,
        KeyCode::Char('d') => Msg::MoveDown,
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
        KeyCode::Tab => Msg::Filter,
        KeyCode::Char('w') => Msg::Wrong,
        KeyCode::Char('a') => Msg::All,
        KeyCode::Char('m') => Msg::Retry,
        KeyCode::Char('?') => Msg::Help,
        KeyCode::Char('q') => Msg::Quit,
        KeyCode::Esc => Msg::Back,
        KeyCode::PageUp => Msg::ScrollUp,
        KeyCode::PageDown => Msg::ScrollDown,
        _ => return None,
    })
}
