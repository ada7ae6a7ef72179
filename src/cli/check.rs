//! `peerlab check PATH...`: every problem of every file, errors and warnings, then a summary.

use super::files;
use crate::model::parse_topology;
use std::path::{Path, PathBuf};

pub fn run(paths: &[PathBuf]) -> i32 {
    let mut list = Vec::new();
    let mut failed = false;
    for p in paths {
        if let Err(e) = collect(p, &mut list) {
            eprintln!("{e}");
            failed = true;
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for path in &list {
        let shown = files::show(path);
        let text = match files::read(path) {
            Ok(t) => t,
            Err(e) => {
                println!("{e}");
                errors += 1;
                continue;
            }
        };
        let diags = match parse_topology(&text) {
            Ok(parsed) => parsed.warnings,
            Err(diags) => diags,
        };
        for d in &diags {
            println!("{}", d.render(&shown));
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
    }
    eprintln!(
        "checked {} file{}: {errors} error{}, {warnings} warning{}",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if errors > 0 || failed { 1 } else { 0 }
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
