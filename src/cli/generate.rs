//! `peerlab generate`: seeded questions as a bank folder or JSON.

use crate::generate::{self, BankFiles, Filter, Generated};
use std::path::{Path, PathBuf};

pub fn run(seed: u64, count: usize, out: Option<&Path>, json: bool, filter: &Filter) -> i32 {
    if json {
        // JSON is one document: it is built whole (the count is capped at 10,000).
        let items = generate::generate(seed, count, filter);
        let made = short_of(count, items.iter().map(|g| g.questions.len()).sum());
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(seed, &items)).expect("serialises")
        );
        return if made == 0 { 1 } else { 0 };
    }
    let Some(dir) = out else {
        let mut made = 0;
        generate::generate_each(seed, count, filter, |g| {
            made += g.questions.len();
            for q in &g.questions {
                println!(
                    "{:<22} {:<17} {:<12} {}  {}",
                    q.id,
                    q.topic.as_str(),
                    q.kind.as_str(),
                    q.difficulty,
                    g.template.as_str()
                );
            }
            true
        });
        short_of(count, made);
        eprintln!("{made} questions (use --out DIR to write them as a bank, or --json)");
        return if made == 0 { 1 } else { 0 };
    };
    match write_bank(seed, count, dir, filter) {
        Ok(made) => {
            short_of(count, made);
            eprintln!(
                "wrote {made} questions to {} (check it with: peerlab check {})",
                super::files::show(dir),
                super::files::show(dir)
            );
            if made == 0 { 1 } else { 0 }
        }
        Err((path, e)) => {
            eprintln!("{}: cannot write: {e}", super::files::show(&path));
            2
        }
    }
}

/// Says so when the filter left fewer questions than asked; gives back `made`.
fn short_of(count: usize, made: usize) -> usize {
    if made < count {
        eprintln!(
            "generated {made} of {count} questions: the filter leaves too few templates that fit"
        );
    }
    made
}

/// Writes the bank folder as the items come (each topology at once, each question file when
/// full), so memory holds one question file, not the whole bank; gives the questions written.
pub fn write_bank(
    seed: u64,
    count: usize,
    dir: &Path,
    filter: &Filter,
) -> Result<usize, (PathBuf, std::io::Error)> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let write = |path: &str, text: &str| super::files::write_inside(dir, path, text);
    let mut bank = BankFiles::default();
    let mut made = 0;
    let mut failed = None;
    generate::generate_each(seed, count, filter, |g| {
        made += g.questions.len();
        for (path, text) in bank.push(&g) {
            if let Err(e) = write(&path, &text) {
                failed = Some(e);
                return false;
            }
        }
        true
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let (path, text) = bank.finish();
    write(&path, &text)?;
    Ok(made)
}

fn to_json(seed: u64, items: &[Generated]) -> serde_json::Value {
    let qs: Vec<serde_json::Value> = items
        .iter()
        .flat_map(|g| {
            g.questions.iter().map(move |q| {
                serde_json::json!({
                    "id": q.id,
                    "template": g.template,
                    "seed": g.seed,
                    "topic": q.topic,
                    "kind": q.kind,
                    "difficulty": q.difficulty,
                    "prompt": q.prompt,
                    "scenario": q.scenario,
                    "series": q.series,
                    "case": q.case,
                    "choices": q.choices,
                    "answer": crate::quiz::listed_answer(q, &q.choices),
                    "flow": q.flow,
                    "key": q.key,
                    "goals": q.goals,
                    "changes": q.changes.iter().map(|c| c.iter().map(|e| e.to_toml()).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    "editable": q.editable,
                    "explanation": q.explanation,
                    "rationales": q.rationales,
                    "source": q.source,
                    "exhibit": g.topology.as_ref().and_then(|t| crate::exhibit::for_question(t, q.exhibit.as_deref()).ok()).map(|e| e.to_json()),
                    "topology": g.topology.as_ref().map(crate::model::to_toml),
                })
            })
        })
        .collect();
    serde_json::json!({ "seed": seed, "questions": qs })
}
