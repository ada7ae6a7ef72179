//! `peerlab questions`: the bank, one line per question, or `--json`.

use crate::bank::{self, Bank, DirSource, Kind, Topic};
use std::path::Path;

/// The built-in bank, or the one in `--content DIR`; prints problems and returns `None` when
/// it does not load.
pub fn load_bank(content: Option<&Path>) -> Option<Bank> {
    let result = match content {
        Some(dir) => bank::load(&DirSource::new(dir)).map(|(b, _)| b),
        None => bank::builtin(),
    };
    match result {
        Ok(b) if b.questions.is_empty() => {
            let shown = content.map_or("the built-in content".to_string(), super::files::show);
            eprintln!("{shown}: error: no questions found (question files go in questions/*.toml)");
            None
        }
        Ok(b) => Some(b),
        Err(problems) => {
            for p in problems {
                eprintln!("{}", p.render());
            }
            None
        }
    }
}

pub fn run(content: Option<&Path>, topic: Option<Topic>, kind: Option<Kind>, json: bool) -> i32 {
    let Some(b) = load_bank(content) else {
        return 2;
    };
    let qs: Vec<_> = b
        .questions
        .iter()
        .filter(|q| topic.is_none_or(|t| q.topic == t) && kind.is_none_or(|k| q.kind == k))
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = qs
            .iter()
            .map(|q| {
                serde_json::json!({
                    "id": q.id,
                    "topic": q.topic,
                    "kind": q.kind,
                    "difficulty": q.difficulty,
                    "prompt": q.prompt,
                    "topology": q.topology,
                    "file": q.file,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("rows serialise")
        );
        return 0;
    }
    for q in &qs {
        let prompt: String = q.prompt.split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = if prompt.chars().count() > 60 {
            prompt.chars().take(57).collect::<String>() + "..."
        } else {
            prompt
        };
        println!(
            "{:<36} {:<17} {:<12} {}  {short}",
            q.id,
            q.topic.as_str(),
            q.kind.as_str(),
            q.difficulty
        );
    }
    eprintln!("{} of {} questions", qs.len(), b.questions.len());
    0
}
