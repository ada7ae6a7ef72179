//! The binary as scripts run it, for the tests that drive the command line. One `peerlab()`
//! so that no test reads the user's own history by accident, and one `run` so that every exit
//! code is asserted and every output is text (what a script sees).

use assert_cmd::Command;
use std::ffi::OsStr;

/// peerlab, run from the repository (so `content/…` and `tests/fixtures/…` resolve) with a data
/// folder of its own: never the user's history, which a newer peerlab built elsewhere may have
/// upgraded.
pub fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::temp_dir().join(format!("peerlab-cli-test-{}", std::process::id()));
    c.env("PEERLAB_DATA_DIR", data);
    c
}

/// What one run printed, as text.
pub struct Out {
    pub stdout: String,
    pub stderr: String,
}

/// Runs `peerlab ARGS`, asserts it exits with `code` (assert_cmd prints the command and both
/// outputs when it does not) and returns what it printed.
pub fn run<I, S>(args: I, code: i32) -> Out
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = peerlab()
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .clone();
    Out {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
