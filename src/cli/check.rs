//! `peerlab check PATH...`: every problem of every file, errors and warnings, then a summary.
//! Topology files are checked alone; question files are checked together per content root
//! (ids are unique across a bank) and proven against the evaluator.

use super::files;
use crate::bank::{self, DirSource, Kind};
use crate::model::parse_topology;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn run(paths: &[PathBuf], explain: bool) -> i32 {
    let mut list = Vec::new();
    let mut failed = false;
    for p in paths {
        if let Err(e) = collect(p, &mut list) {
            eprintln!("{e}");
            failed = true;
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    let mut count = |is_error: bool| {
        if is_error {
            errors += 1;
        } else {
            warnings += 1;
        }
    };
    // Question files, grouped by content root (the folder above `questions/`).
    let mut banks: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for path in &list {
        let shown = files::show(path);
        let text = match files::read(path) {
            Ok(t) => t,
            Err(e) => {
                println!("{e}");
                count(true);
                continue;
            }
        };
        if is_question_file(path, &text) {
            let dir = path.parent().unwrap_or(Path::new("."));
            let root = dir.parent().unwrap_or(Path::new("")).to_path_buf();
            let rel = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            banks.entry(root).or_default().push(rel);
            continue;
        }
        if super::lab::is_lab_file(path, &text) {
            for d in super::lab::check_file(path) {
                println!("{}", d.render(&shown));
                count(d.is_error());
            }
            continue;
        }
        let diags = match parse_topology(&text) {
            Ok(parsed) => parsed.warnings,
            Err(diags) => diags,
        };
        for d in &diags {
            println!("{}", d.render(&shown));
            count(d.is_error());
        }
    }
    let mut questions = 0;
    for (root, files) in banks {
        let src = DirSource::with_files(&root, files);
        match bank::load(&src) {
            Ok((b, problems)) => {
                for p in &problems {
                    println!("{}", p.render());
                    count(p.diag.is_error());
                }
                questions += b.questions.len();
                if explain {
                    print_solutions(&b);
                }
            }
            Err(problems) => {
                for p in &problems {
                    println!("{}", p.render());
                    count(p.diag.is_error());
                }
            }
        }
    }
    let qs = if questions > 0 {
        format!(" ({questions} questions proven)")
    } else {
        String::new()
    };
    eprintln!(
        "checked {} file{}{qs}: {errors} error{}, {warnings} warning{}",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if errors > 0 || failed { 1 } else { 0 }
}

/// A file holding `[[question]]` tables (or, when it is not even valid TOML, one in a
/// `questions` folder) is a question file; anything else is a topology.
fn is_question_file(path: &Path, text: &str) -> bool {
    match text.parse::<toml::Table>() {
        Ok(t) => t.contains_key("question"),
        Err(_) => path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "questions"),
    }
}

fn print_solutions(b: &bank::Bank) {
    for q in &b.questions {
        match q.kind {
            Kind::Configure => {
                let parts: Vec<String> = q
                    .solution
                    .iter()
                    .map(|(name, f)| {
                        let on: Vec<&str> = [
                            "access",
                            "forwarded-traffic",
                            "gateway-transit",
                            "use-remote-gateways",
                        ]
                        .iter()
                        .zip(f)
                        .filter(|(_, on)| **on)
                        .map(|(n, _)| *n)
                        .collect();
                        format!("{name} = [{}]", on.join(", "))
                    })
                    .collect();
                println!("{}: {}: one solution: {}", q.file, q.id, parts.join("; "));
            }
            Kind::Fix => {
                let picks: Vec<String> = q
                    .answer
                    .iter()
                    .map(|&i| format!("{i} ({})", q.choices[i]))
                    .collect();
                println!(
                    "{}: {}: correct choices: {}",
                    q.file,
                    q.id,
                    picks.join(", ")
                );
            }
            Kind::Reachability => {
                if let Some(k) = q.key {
                    println!(
                        "{}: {}: {} ({})",
                        q.file,
                        q.id,
                        k.verdict.as_str(),
                        k.reason.code()
                    );
                }
            }
            _ => {}
        }
    }
}

/// Files as given, and every `*.toml` under a folder, in a stable order.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{}: cannot read: {e}", files::show(path)))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: cannot list: {e}", files::show(path)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            collect(&e, out)?;
        } else if e.extension().is_some_and(|x| x == "toml") {
            out.push(e);
        }
    }
    Ok(())
}
