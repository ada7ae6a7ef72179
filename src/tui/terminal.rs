//! The terminal around the trainer: raw mode, the alternate screen, bracketed paste and (unless
//! `--no-mouse`) mouse capture on the way in; every one of them undone on the way out, whether
//! the loop ends, panics, or a signal (SIGTERM, SIGHUP, SIGQUIT, SIGINT) asks it to stop.
//!
//! Signals only set a flag (`signal-hook`): the loop sees it within one poll interval and
//! leaves the normal way, so the answers are saved and the terminal restored before the
//! process exits with the conventional code, 128 + the signal's number.

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute, terminal};
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The signals that end the trainer cleanly. SIGINT arrives only from `kill`: in raw mode
/// Ctrl+C is a key, not a signal.
#[cfg(unix)]
pub const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGINT,
];

/// The last catchable signal received (0: none yet).
pub struct Signals(Arc<AtomicUsize>);

impl Signals {
    /// Replaces the default action of [`SIGNALS`] (ending the process on the spot, the
    /// terminal left raw) by setting a flag.
    pub fn catch() -> io::Result<Signals> {
        let flag = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        for s in SIGNALS {
            signal_hook::flag::register_usize(s, Arc::clone(&flag), s as usize)?;
        }
        Ok(Signals(flag))
    }

    /// The signal that asked the trainer to stop, if one did.
    pub fn caught(&self) -> Option<i32> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            s => Some(s as i32),
        }
    }
}

/// The exit code a shell expects of a process ended by signal `sig`.
pub fn exit_code(sig: i32) -> i32 {
    128 + sig
}

/// Whether mouse capture is on: the panic hook reads it to undo it.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal's special modes; dropping it restores the terminal.
pub struct Guard;

/// Raw mode, the alternate screen, bracketed paste (a paste arrives as one event, not as
/// thousands of keys) and, when `mouse`, mouse capture. A panic restores the terminal too.
pub fn open(mouse: bool) -> io::Result<(DefaultTerminal, Guard)> {
    // ratatui's own hook leaves raw mode and the alternate screen; ours runs first and turns
    // off what ratatui does not know about.
    let terminal = ratatui::try_init()?;
    let guard = Guard;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        modes_off();
        previous(info);
    }));
    execute!(io::stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
        MOUSE.store(true, Ordering::Relaxed);
    }
    Ok((terminal, guard))
}

/// Turns off paste and mouse reporting. Errors are ignored: after SIGHUP the terminal may be
/// gone, and nothing should panic on the way out.
fn modes_off() {
    let mut out = io::stdout();
    if MOUSE.swap(false, Ordering::Relaxed) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, DisableBracketedPaste);
}

impl Drop for Guard {
    fn drop(&mut self) {
        modes_off();
        // Each step on its own, so one failing does not skip the others (ratatui::restore
        // stops at the first error and then prints, which can panic on a closed terminal).
        let _ = terminal::disable_raw_mode();
        let mut out = io::stdout();
        let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
        let _ = out.flush();
    }
}
