//! Folders of invalid topology files. Each file states, in `# expect:` lines at its top, every
//! diagnostic `check` must print for it, exactly and in order (`line:column: severity: code:
//! message`). The expectations were written by hand and each position was counted in the file.

use peerlab::model::parse_topology;
use std::path::Path;

fn check_folder(dir: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let want: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(
            !want.is_empty(),
            "{} has no `# expect:` lines",
            path.display()
        );
        let diags = match parse_topology(&text) {
            Ok(p) => p.warnings,
            Err(d) => d,
        };
        let got: Vec<String> = diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}: {}: {}",
                    d.pos.line, d.pos.col, d.severity, d.code, d.message
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{}\n  want:\n    {}\n  got:\n    {}",
                path.file_name().unwrap().to_string_lossy(),
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    files.len()
}

#[test]
fn invalid_topology_files_report_exact_messages_and_positions() {
    assert!(check_folder("tests/fixtures/invalid-topologies") >= 31);
}
