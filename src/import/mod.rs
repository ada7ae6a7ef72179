//! Azure's own JSON → a topology file (FORMAT.md §1): the arrays `az network ... list`
//! prints, the `data` of an Azure Resource Graph query, and an ARM template's `resources`.
//! Resources are joined by their ARM ids; whatever peerlab does not model is reported once per
//! kind with its count, never dropped silently; every problem names its file and JSON path.
//!
//! The result is checked by the topology parser itself, so an import is exactly as valid as a
//! file written by hand.

mod json;
mod out;
mod read;
mod template;

pub use json::Problem;

use crate::model::{Parsed, parse_topology, to_toml};

/// The largest input file read (a larger one is refused before it is read).
pub const MAX_INPUT_BYTES: u64 = 32 << 20;

/// One input: the name shown in messages and its text.
pub struct Input {
    pub name: String,
    pub text: String,
}

/// A successful import: the topology as a file, and what the user should know about it.
#[derive(Debug)]
pub struct Imported {
    pub toml: String,
    pub parsed: Parsed,
    pub warnings: Vec<String>,
}

/// Imports every input into one topology. `Err` lists every problem found.
pub fn import(inputs: &[Input]) -> Result<Imported, Vec<Problem>> {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for i in inputs {
        match serde_json::from_str::<serde_json::Value>(&i.text) {
            Ok(v) => docs.push((i.name.clone(), v)),
            Err(e) => problems.push(Problem {
                file: i.name.clone(),
                path: format!("line {} column {}", e.line(), e.column()),
                message: format!("not valid JSON: {e}"),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut net = read::Network::default();
    for (file, v) in &docs {
        if let Err(mut p) = read::collect(&mut net, file, v) {
            problems.append(&mut p);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (doc, mut warnings) = net.finish().map_err(|p| vec![p])?;
    let text = toml::to_string(&doc).map_err(|e| {
        vec![Problem {
            file: "(import)".into(),
            path: "$".into(),
            message: format!("cannot write the topology: {e}"),
        }]
    })?;
    match parse_topology(&text) {
        Ok(parsed) => {
            for w in &parsed.warnings {
                warnings.push(format!("check: {}: {}", w.code, w.message));
            }
            let header = format!(
                "# Imported by peerlab from {}.\n# Review the warnings `peerlab import` printed; \
                 `peerlab check` this file after editing it.\n",
                inputs
                    .iter()
                    .map(|i| crate::text::printable(&i.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(Imported {
                toml: format!("{header}{}\n", to_toml(&parsed.topology).trim_end()),
                parsed,
                warnings,
            })
        }
        Err(diags) => Err(diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| Problem {
                file: "(the imported network)".into(),
                path: "$".into(),
                message: format!(
                    "{}: {} (fix the resource in Azure's JSON, or edit the topology by hand)",
                    d.code, d.message
                ),
            })
            .collect()),
    }
}
