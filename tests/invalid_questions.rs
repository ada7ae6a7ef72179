//! Invalid question files: each states in `# expect:` lines every diagnostic `check` must print
//! for it, exactly and in order. Each file is loaded as a bank of its own, so the evaluator
//! proofs of one file are not hidden by schema errors in another.

use peerlab::bank::{self, DirSource};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/invalid-questions"
    ))
}

fn diagnostics(files: Vec<String>) -> Vec<(String, String)> {
    let src = DirSource::with_files(Path::new("tests/fixtures/invalid-questions"), files);
    let problems = match bank::load(&src) {
        Ok((_, warnings)) => warnings,
        Err(problems) => problems,
    };
    // These fixtures pin schema and proof errors; the provenance warnings every uncited item
    // gets (missing-source, missing-verified) are pinned in tests/bank.rs.
    problems
        .iter()
        .filter(|p| !matches!(p.diag.code.as_str(), "missing-source" | "missing-verified"))
        .map(|p| {
            (
                p.file.clone(),
                format!(
                    "{}:{}: {}: {}: {}",
                    p.diag.pos.line, p.diag.pos.col, p.diag.severity, p.diag.code, p.diag.message
                ),
            )
        })
        .collect()
}

#[test]
fn invalid_question_files_report_exact_messages_and_positions() {
    // Paths in messages are shown relative to the crate root, as `check` shows them.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(root().join("questions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    let mut failures = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(root().join("questions").join(&name)).unwrap();
        let want: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(!want.is_empty(), "{name} has no `# expect:` lines");
        let got: Vec<String> = diagnostics(vec![format!("questions/{name}")])
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        if got != want {
            failures.push(format!(
                "{name}\n  want:\n    {}\n  got:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn ids_are_unique_across_files() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let got = diagnostics(vec!["dup/a.toml".into(), "dup/b.toml".into()]);
    assert_eq!(
        got,
        vec![(
            "tests/fixtures/invalid-questions/dup/b.toml".to_string(),
            "1:1: error: duplicate-id: id \"same\" is already used at tests/fixtures/invalid-questions/dup/a.toml:1; ids must be unique in the bank".to_string()
        )]
    );
}
