//! `peerlab completions`: shell completions and the man page, generated from the clap
//! definitions (clap_complete, clap_mangen) so they can never drift from the commands.
//! `assets/` holds the generated files; tests/completions.rs fails when they are stale.

use super::Cli;
use clap::{CommandFactory, ValueEnum};
use std::path::Path;

/// What `peerlab completions` writes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Bash,
    Zsh,
    Fish,
    Powershell,
    /// The man page (roff), `man ./peerlab.1`
    Man,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Bash,
        Target::Zsh,
        Target::Fish,
        Target::Powershell,
        Target::Man,
    ];

    /// The file each one has in `assets/` (the names the shells look for).
    pub fn file_name(self) -> &'static str {
        match self {
            Target::Bash => "peerlab.bash",
            Target::Zsh => "_peerlab",
            Target::Fish => "peerlab.fish",
            Target::Powershell => "_peerlab.ps1",
            Target::Man => "peerlab.1",
        }
    }
}

/// The generated text of one target.
pub fn render(target: Target) -> Vec<u8> {
    use clap_complete::Shell;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    let shell = match target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Powershell => Shell::PowerShell,
        Target::Man => {
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .expect("writing to memory cannot fail");
            return out;
        }
    };
    clap_complete::generate(shell, &mut cmd, "peerlab", &mut out);
    out
}

/// Prints one target, or with `dir` writes every target there under its file name.
pub fn run(target: Option<Target>, dir: Option<&Path>) -> i32 {
    match (target, dir) {
        (Some(t), None) => {
            use std::io::Write;
            match std::io::stdout().write_all(&render(t)) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("error: cannot write: {e}");
                    2
                }
            }
        }
        (None, Some(dir)) => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("error: {}: cannot create: {e}", super::files::show(dir));
                return 2;
            }
            for t in Target::ALL {
                let path = dir.join(t.file_name());
                if let Err(e) = std::fs::write(&path, render(t)) {
                    eprintln!("error: {}: cannot write: {e}", super::files::show(&path));
                    return 2;
                }
                eprintln!("wrote {}", super::files::show(&path));
            }
            0
        }
        _ => {
            eprintln!(
                "error: give one of bash, zsh, fish, powershell, man (printed), or --dir DIR (all \
                 of them written there)"
            );
            2
        }
    }
}
