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
    for (path, refused) in &list {
        let shown = files::show(path);
        if let Some(why) = refused {
            println!("{shown}:1:1: error: {}: {}", why.code, why.message);
            count(true);
            continue;
        }
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
                // RULES.md §8: a key must not change under a disputed reading (issue 11).
                for p in bank::readings::check(&b) {
                    println!("{}", p.render());
                    count(p.diag.is_error());
                }
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
        if q.kind.is_evaluated()
            && let Some(t) = b.topology_of(q)
        {
            let readings: Vec<&str> = bank::readings::relevant_for(q, t)
                .iter()
                .map(|r| r.describe())
                .collect();
            if !readings.is_empty() {
                println!(
                    "{}: {}: key checked under the disputed readings of RULES.md §8: {}",
                    q.file,
                    q.id,
                    readings.join("; ")
                );
            }
        }
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

/// A file to check, or why it is refused without being read.
type Found = (PathBuf, Option<bank::ReadError>);

/// Files as given, and every `*.toml` under a folder, in a stable order. Inside a folder,
/// links are resolved: one leading outside it is refused, a folder reached twice (`d/x -> .`)
/// is walked once, and more than `MAX_FILES` files or folders is an error. A folder named
/// `*.toml` is listed as a file, so that it fails as the loader fails on it.
fn collect(path: &Path, out: &mut Vec<Found>) -> Result<(), String> {
    let shown = files::show(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if !meta.is_dir() {
        out.push((path.to_path_buf(), None));
        return Ok(());
    }
    let root = std::fs::canonicalize(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let mut walk = Walk {
        root,
        seen: std::collections::HashSet::new(),
        out,
    };
    walk.dir(path)
}

struct Walk<'a> {
    root: PathBuf,
    seen: std::collections::HashSet<PathBuf>,
    out: &'a mut Vec<Found>,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path) -> Result<(), String> {
        let shown = files::show(dir);
        let real = std::fs::canonicalize(dir).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        if !self.seen.insert(real) {
            return Ok(());
        }
        if self.seen.len() + self.out.len() > bank::MAX_FILES {
            return Err(format!(
                "{shown}: more than {} files and folders to check; check a smaller folder",
                bank::MAX_FILES
            ));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{shown}: cannot list: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .take(bank::MAX_FILES + 1)
            .collect();
        entries.sort();
        for e in entries {
            let toml = e.extension().is_some_and(|x| x == "toml");
            let link = std::fs::symlink_metadata(&e).is_ok_and(|m| m.file_type().is_symlink());
            if link && let Err(why) = bank::inside(&self.root, &e) {
                // A link to nowhere or elsewhere: an error for a would-be TOML file or a
                // folder, nothing for any other name (it would not be read anyway).
                if toml || why.code == "outside-folder" {
                    self.push(e, Some(why))?;
                }
                continue;
            }
            if toml {
                self.push(e, None)?;
            } else if e.is_dir() {
                self.dir(&e)?;
            }
        }
        Ok(())
    }

    fn push(&mut self, path: PathBuf, refused: Option<bank::ReadError>) -> Result<(), String> {
        if self.seen.len() + self.out.len() >= bank::MAX_FILES {
            return Err(format!(
                "{}: more than {} files and folders to check; check a smaller folder",
                files::show(&self.root),
                bank::MAX_FILES
            ));
        }
        self.out.push((path, refused));
        Ok(())
    }
}
