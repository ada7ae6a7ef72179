//! DESIGN.md's module boundaries, checked on the source: the two front ends never use each
//! other, and the domain never uses either (text both print lives with the data).

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

#[test]
fn the_tui_and_the_domain_never_use_the_cli() {
    let mut files = Vec::new();
    sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    assert!(files.len() > 20, "found the sources");
    let mut bad = Vec::new();
    for (path, text) in &files {
        let in_cli = path.contains("/src/cli/");
        let in_tui = path.contains("/src/tui/");
        let top = path.ends_with("/src/main.rs") || path.ends_with("/src/lib.rs");
        for (n, line) in text.lines().enumerate() {
            let uses_cli = line.contains("crate::cli") || line.contains("peerlab::cli");
            let uses_tui = line.contains("crate::tui") || line.contains("peerlab::tui");
            // The CLI opens the trainer (and the Explore screen); nothing else crosses.
            let opens_trainer = line.contains("crate::tui::run(")
                || line.contains("crate::tui::Start")
                || line.contains("use crate::tui::Start")
                || line.contains("crate::tui::history_of(")
                // The Explore screen's own entry point (`peerlab explore FILE`, issue 16).
                || line.contains("crate::tui::explore::run(");
            let allowed_tui = in_tui || top || (in_cli && opens_trainer);
            if (uses_cli && !in_cli && !top) || (uses_tui && !allowed_tui) {
                bad.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "front ends crossing:\n{}", bad.join("\n"));
}
