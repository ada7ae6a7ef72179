//! The terminal front end, and the only module that knows about ratatui: it maps keys to
//! messages (`keys`), lets the app update (`app`, which calls the quiz engine) and draws
//! (`view`). `ratatui::run` restores the terminal on exit and on panic.

mod app;
mod keys;
mod view;

pub use app::{App, Draft, MENU, Msg, Screen, Start, reach_choices};
pub use keys::{HELP, map_key};
pub use view::{MIN_H, MIN_W, draw};

use ratatui::crossterm::event::{self, Event};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Opens the trainer. Refuses, with exit code 1, when there is no terminal to draw on.
pub fn run(bank: crate::bank::Bank, start: Start, seed: u64) -> i32 {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "peerlab: the trainer needs an interactive terminal (standard input and output are not one). For scripts, use: peerlab check, trace, routes, diagram, generate, questions, report."
        );
        return 1;
    }
    let clock = Instant::now();
    let mut app = App::new(bank, start, seed, Duration::ZERO);
    let result: std::io::Result<()> = ratatui::run(|terminal| {
        loop {
            app.update(Msg::Tick, clock.elapsed());
            terminal.draw(|f| draw(f, &app, clock.elapsed()))?;
            if app.quit {
                return Ok(());
            }
            if event::poll(Duration::from_millis(250))?
                && let Event::Key(k) = event::read()?
                && k.is_press()
                && let Some(m) = map_key(k, &app)
            {
                app.update(m, clock.elapsed());
            }
        }
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("peerlab: terminal error: {e}");
            1
        }
    }
}
