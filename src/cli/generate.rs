//! `peerlab generate`: seeded questions as a bank folder or JSON.

use crate::generate::{self, Filter, Generated};
use std::path::Path;

pub fn run(seed: u64, count: usize, out: Option<&Path>, json: bool, filter: &Filter) -> i32 {
    let items = generate::generate(seed, count, filter);
    let made: usize = items.iter().map(|g| g.questions.len()).sum();
    if made < count {
        eprintln!(
            "generated {made} of {count} questions: the filter leaves too few templates that fit"
        );
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(seed, &items)).expect("serialises")
        );
        return if made == 0 { 1 } else { 0 };
    }
    let Some(dir) = out else {
        for g in &items {
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
        }
        eprintln!("{made} questions (use --out DIR to write them as a bank, or --json)");
        return if made == 0 { 1 } else { 0 };
    };
    for (path, text) in generate::to_files(&items) {
        let full = dir.join(&path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&full, text));
        if let Err(e) = written {
            eprintln!("{}: cannot write: {e}", super::files::show(&full));
            return 2;
        }
    }
    eprintln!(
        "wrote {made} questions to {} (check it with: peerlab check {})",
        super::files::show(dir),
        super::files::show(dir)
    );
    if made == 0 { 1 } else { 0 }
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
                    "answer": q.answer,
                    "flow": q.flow,
                    "key": q.key,
                    "goals": q.goals,
                    "changes": q.changes.iter().map(|c| c.iter().map(|e| e.to_toml()).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    "editable": q.editable,
                    "explanation": q.explanation,
                    "rationales": q.rationales,
                    "exhibit": g.topology.as_ref().and_then(|t| crate::exhibit::for_question(t, q.exhibit.as_deref()).ok()).map(|e| e.to_json()),
                    "topology": g.topology.as_ref().map(crate::model::to_toml),
                })
            })
        })
        .collect();
    serde_json::json!({ "seed": seed, "questions": qs })
}
