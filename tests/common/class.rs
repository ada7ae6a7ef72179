//! A class as a teacher collects it: Ada twice (the later file counts), Bo who stopped after
//! three, a student whose name is markup, and a forged file; shared by the report's HTML, text
//! and xAPI tests.

use super::answers;
use super::cli::run;
use peerlab::quiz::report;
use std::path::{Path, PathBuf};

/// A drill of seed 77 (8 questions) as `peerlab drill` writes it: right where `right(i)`,
/// wrong where not, unanswered from item `stop` on, finished at `at` (unix seconds).
pub fn drill(
    name: &str,
    right: impl Fn(usize) -> bool,
    stop: usize,
    at: i64,
) -> report::DrillResult {
    answers::drill(name, 77, right, stop, 312, at)
}

pub const EVIL: &str = "<script>alert(1)</script> & \"Eve\" <img src=x onerror=alert(2)>";

/// A class: Ada twice (the later file counts), Bo who stopped after three, a student whose
/// name is markup, and a forged file.
pub fn class_files(dir: &Path) -> Vec<PathBuf> {
    let mut forged = drill("Mallory", |_| false, 99, 1_796_206_100);
    forged.score = 990;
    let files = [
        (
            "ada-first.json",
            drill("Ada", |i| i % 2 == 0, 99, 1_796_206_000),
        ),
        (
            "ada-again.json",
            drill("Ada", |i| i != 1, 99, 1_796_206_076),
        ),
        ("bo.json", drill("Bo", |_| false, 3, 1_796_206_050)),
        ("eve.json", drill(EVIL, |i| i < 5, 99, 1_796_206_060)),
        ("mallory.json", forged),
    ];
    files
        .iter()
        .map(|(f, r)| {
            let p = dir.join(f);
            std::fs::write(&p, serde_json::to_string_pretty(r).unwrap()).unwrap();
            p
        })
        .collect()
}

pub fn report_with(dir: &Path, extra: &[&str]) -> String {
    let mut args: Vec<String> = vec!["report".into()];
    args.extend(
        class_files(dir)
            .iter()
            .map(|p| p.to_str().unwrap().to_string()),
    );
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args, 0).stdout
}
