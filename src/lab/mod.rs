//! Hands-on labs: the learner types Azure CLI commands against a simulated subscription, sees
//! az-shaped output, and is graded by the evaluator on what the network can and cannot reach.
//!
//! - [`file`]: lab files (`content/labs/*.toml`, FORMAT.md "Labs").
//! - [`az`]: the simulated CLI: command tree, parsing, az's errors and output shapes.
//! - [`change`]: commands as the model's edits, so every evaluator rule applies.
//! - [`complete`]: Tab completion of the command line.
//! - [`goal`]: goals judged by the evaluator.
//! - [`generated`]: labs drawn from the question generator's faults (`--generate SEED`).
//! - [`sync`]: address-space sync levels of peering sides (RULES.md §14).
//! - [`session`]: a lab being worked, line by line; [`prove`] runs a lab's model answer.

pub mod az;
pub mod change;
pub mod complete;
pub mod file;
pub mod generated;
pub mod goal;
pub mod session;
pub mod sync;

pub use file::{Lab, parse_lab};
pub use goal::{Goal, GoalKind, GoalStatus};
pub use session::{Reply, Score, Session};

use crate::bank::{DirSource, EmbeddedSource, Source, resolve};
use crate::model::{Diagnostic, Pos};
use std::path::Path;

/// A lab file that could not be read, with its problems.
#[derive(Debug, Clone)]
pub struct Broken {
    pub file: String,
    pub problems: Vec<Diagnostic>,
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_from(src: &dyn Source, files: Vec<String>) -> Vec<Result<Lab, Broken>> {
    files
        .into_iter()
        .map(|rel| {
            let shown = src.display(&rel);
            let text = src.read(&rel).map_err(|e| Broken {
                file: shown.clone(),
                problems: vec![Diagnostic::error(Pos { line: 1, col: 1 }, "unreadable", e)],
            })?;
            let read = |reference: &str| -> Result<String, String> {
                src.read(&resolve(&rel, reference)?)
            };
            parse_lab(&stem(&rel), &shown, &text, &read).map_err(|problems| Broken {
                file: shown,
                problems,
            })
        })
        .collect()
}

/// The labs built into peerlab (`content/labs/`), in name order.
pub fn builtin() -> Vec<Result<Lab, Broken>> {
    let src = EmbeddedSource;
    let files = src.files_under("labs/");
    load_from(&src, files)
}

/// The labs of a content folder (`DIR/labs/*.toml`).
pub fn from_dir(root: &Path) -> Vec<Result<Lab, Broken>> {
    let mut files: Vec<String> = std::fs::read_dir(root.join("labs"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| {
                    p.file_name()
                        .map(|n| format!("labs/{}", n.to_string_lossy()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    load_from(&DirSource::new(root), files)
}

/// One lab file read on its own (for `check`): its topology reference is resolved against
/// the folder above `labs/`.
pub fn from_file(path: &Path) -> Result<Lab, Broken> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let root = dir.parent().unwrap_or(Path::new(""));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rel = format!("{folder}/{name}");
    load_from(&DirSource::new(root), vec![rel])
        .pop()
        .expect("one file in, one out")
}

/// Proves a lab: every command of the model answer succeeds, the answer meets every goal, and
/// the start meets none of the "must" goals (while every `keep` goal holds at the start).
pub fn prove(lab: &Lab) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let start = goal::evaluate(&lab.topology, &lab.goals, &[]);
    for (g, s) in lab.goals.iter().zip(&start) {
        if g.keep && !s.holds {
            out.push(Diagnostic::error(
                g.pos,
                "lab-keep-goal-fails",
                format!(
                    "the keep goal {:?} does not hold at the start ({})",
                    g.text, s.detail
                ),
            ));
        }
        if !g.keep && s.holds {
            out.push(Diagnostic::error(
                g.pos,
                "lab-goal-met-at-start",
                format!(
                    "the goal {:?} already holds at the start ({}); mark it keep = true or change the start",
                    g.text, s.detail
                ),
            ));
        }
    }
    let mut session = Session::new(lab.clone());
    for (i, line) in lab.answer.iter().enumerate() {
        let r = session.run(line);
        if r.error {
            out.push(Diagnostic::error(
                lab.answer_pos,
                "lab-answer-fails",
                format!(
                    "command {} of the model answer fails: {}",
                    i + 1,
                    r.text.trim_end()
                ),
            ));
        }
    }
    for (g, s) in lab.goals.iter().zip(session.goals()) {
        if !s.holds {
            out.push(Diagnostic::error(
                g.pos,
                "lab-answer-misses-goal",
                format!(
                    "after the model answer the goal {:?} does not hold ({})",
                    g.text, s.detail
                ),
            ));
        }
    }
    out
}
