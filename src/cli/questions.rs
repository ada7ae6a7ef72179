//! `peerlab questions`: the bank, one line per question, or `--json`.

use crate::bank::{self, Bank, DirSource, Kind, Question, Topic};
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

pub fn run(
    content: Option<&Path>,
    topic: Option<Topic>,
    kind: Option<Kind>,
    json: bool,
    full: bool,
) -> i32 {
    let Some(b) = load_bank(content) else {
        return 2;
    };
    let units = units(&b.questions);
    let (qs, units): (Vec<_>, Vec<_>) = b
        .questions
        .iter()
        .zip(units)
        .filter(|(q, _)| topic.is_none_or(|t| q.topic == t) && kind.is_none_or(|k| q.kind == k))
        .unzip();
    if json && full {
        let rows: Vec<serde_json::Value> = qs
            .iter()
            .zip(&units)
            .map(|(q, u)| full_item(&b, q, u))
            .collect();
        let text = serde_json::to_string_pretty(&rows).expect("rows serialise");
        println!("{}", crate::text::json_printable(&text));
        return 0;
    }
    if json {
        let rows: Vec<serde_json::Value> = qs
            .iter()
            .zip(&units)
            .map(|(q, u)| {
                serde_json::json!({
                    "id": q.id,
                    "topic": q.topic,
                    "kind": q.kind,
                    "difficulty": q.difficulty,
                    "shared_scenario": u.scenario,
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
        // Cut by columns, not characters: 60 CJK characters take 120.
        let short: String = if crate::text::width(&prompt) > 60 {
            crate::text::take_width(&prompt, 57).to_string() + "..."
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

/// What a question of a case study or yes-no series shares with its unit.
struct Unit<'a> {
    /// The unit's scenario, which the bank stores on its first question only and the trainer
    /// shows with every one; `None` outside a unit.
    scenario: Option<&'a str>,
    /// The first question of the unit with a network, for a later one that names none.
    network: Option<&'a Question>,
}

/// For each bank question in order, its unit's shared parts (the bank keeps a unit's
/// questions together, as `quiz::context` finds them in a session).
fn units(qs: &[Question]) -> Vec<Unit<'_>> {
    (0..qs.len())
        .map(|i| {
            let unit = &qs[crate::quiz::run_of(qs, i, |q| q)];
            let inside = crate::quiz::in_unit(&qs[i]);
            Unit {
                scenario: unit
                    .iter()
                    .find_map(|q| q.scenario.as_deref())
                    .filter(|_| inside),
                network: unit
                    .iter()
                    .find(|q| q.topology.is_some())
                    .filter(|_| inside),
            }
        })
        .collect()
}

/// The whole bank item as `questions --json --full` prints it (FORMAT.md "Exhibits"): what
/// the learner sees (scenario, prompt, choices, exhibit), the key, and why.
fn full_item(b: &Bank, q: &Question, unit: &Unit) -> serde_json::Value {
    // A later question of a unit that names no network is shown with the unit's.
    let shown = match unit.network {
        Some(first) if q.topology.is_none() => first,
        _ => q,
    };
    let exhibit = b
        .topology_of(shown)
        .and_then(|t| crate::exhibit::for_question(t, shown.exhibit.as_deref()).ok())
        .map(|e| e.to_json());
    let changes: Vec<Vec<String>> = q
        .changes
        .iter()
        .map(|c| c.iter().map(|e| e.to_toml()).collect())
        .collect();
    let solution: Vec<serde_json::Value> = q
        .solution
        .iter()
        .map(|(name, f)| {
            serde_json::json!({
                "peering": name,
                "allow_virtual_network_access": f[0],
                "allow_forwarded_traffic": f[1],
                "allow_gateway_transit": f[2],
                "use_remote_gateways": f[3],
            })
        })
        .collect();
    // What the learner sees: a reachability item that asks no cause offers the two verdicts
    // (one that asks the cause lists its outcomes in `choices` already).
    let choices = if q.kind == Kind::Reachability && q.choices.is_empty() {
        vec!["Reachable".to_string(), "Unreachable".to_string()]
    } else {
        q.choices.clone()
    };
    serde_json::json!({
        "id": q.id,
        "topic": q.topic,
        "kind": q.kind,
        "difficulty": q.difficulty,
        "case": q.case,
        "series": q.series,
        "scenario": q.scenario,
        "shared_scenario": unit.scenario,
        "prompt": q.prompt,
        "choices": choices,
        "answer": crate::quiz::listed_answer(q, &choices),
        "flow": q.flow,
        "key": q.key,
        "goals": q.goals,
        "changes": changes,
        "editable": q.editable,
        "solution": solution,
        "rationales": q.rationales,
        "explanation": q.explanation,
        "source": q.source,
        "verified": q.verified,
        "exhibit_tables": q.exhibit,
        "exhibit": exhibit,
        "topology": q.topology,
        "file": q.file,
        "line": q.pos.line,
    })
}
