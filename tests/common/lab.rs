//! Driving a built-in lab's simulated az line by line (tests/lab_commands.rs,
//! tests/lab_services.rs).

use peerlab::lab::{self, Session};
use serde_json::Value;

/// A session on the built-in lab `name`.
pub fn session(name: &str) -> Session {
    let l = lab::builtin()
        .into_iter()
        .filter_map(Result::ok)
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no lab {name}"));
    Session::new(l)
}

/// Runs `line` and insists it succeeds; its output.
#[track_caller]
pub fn ok(s: &mut Session, line: &str) -> String {
    let r = s.run(line);
    assert!(!r.error, "{line}\n{}", r.text);
    r.text
}

/// Runs `line` and insists it fails; its error text.
#[track_caller]
pub fn err(s: &mut Session, line: &str) -> String {
    let r = s.run(line);
    assert!(r.error, "{line} should fail; it printed\n{}", r.text);
    r.text.trim_end().to_string()
}

/// `text` as JSON, or a panic that shows it.
#[track_caller]
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
