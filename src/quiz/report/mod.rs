//! Drill results (the JSON file a student hands in) and the class report an instructor makes
//! from many of them. Results files come from students, so nothing in them is believed:
//! sizes are bounded, every figure is checked against the others and against what the seed
//! draws ([`check`]), and every text is made printable before it reaches a terminal, a CSV or
//! a web page.

mod check;
mod class;
mod csv;
mod html;

pub use check::check;
pub use class::{
    ClassReport, Entry, QuestionRow, StudentRow, TopicRow, class_report, lettering, mean_score,
    resubmitted, to_text,
};
pub use csv::{HEADER as CSV_HEADER, to_csv};
pub use html::to_html;

use super::grade::Answer;
use super::session::Results;
use serde::{Deserialize, Serialize};

/// The version of the results file this peerlab writes (README, "Drill results"). Version 2
/// adds each item's kind and response and the time the drill ended.
pub const FORMAT: u32 = 2;
/// Versions still read: a version 1 file has no responses, so its answers cannot be graded
/// again (its figures are still checked against each other and the seed's draw).
pub const READS: [u32; 2] = [1, 2];
/// The most items a results file may hold (the exam commands cap their counts lower).
pub const MAX_ITEMS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillItem {
    pub id: String,
    pub topic: String,
    pub answered: bool,
    pub correct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The answer given (format 2), so the report can grade it again and count the options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillResult {
    pub format: u32,
    pub peerlab: String,
    pub name: String,
    pub seed: u64,
    pub minutes: u64,
    pub score: u16,
    pub passed: bool,
    pub correct: usize,
    pub total: usize,
    pub seconds: u64,
    pub timed_out: bool,
    /// When the drill ended, ISO 8601 UTC (format 2): the latest of two submissions counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub items: Vec<DrillItem>,
}

/// The results file of a finished drill: `answers[i]` is what was given to item `i`;
/// `finished_at` is unix seconds.
pub fn drill_result(
    name: &str,
    seed: u64,
    minutes: u64,
    r: &Results,
    answers: &[Option<Answer>],
    finished_at: i64,
) -> DrillResult {
    DrillResult {
        format: FORMAT,
        peerlab: env!("CARGO_PKG_VERSION").to_string(),
        name: name.to_string(),
        seed,
        minutes,
        score: r.score,
        passed: r.passed,
        correct: r.correct,
        total: r.total,
        seconds: r.seconds,
        timed_out: r.timed_out,
        finished_at: Some(crate::civil::iso8601(finished_at)),
        items: r
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| DrillItem {
                id: i.id.clone(),
                topic: i.topic.as_str().to_string(),
                answered: i.answered,
                correct: i.correct,
                kind: Some(i.kind.as_str().to_string()),
                response: answers.get(n).cloned().flatten(),
            })
            .collect(),
    }
}

/// Reads one results file's text; `Err` says what is wrong with it (where, for bad JSON).
pub fn parse_result(text: &str) -> Result<DrillResult, String> {
    if text.len() > 1 << 20 {
        return Err("the file is larger than 1 MiB".to_string());
    }
    // serde's message echoes the file's own text (an unknown key, a bad value), which may
    // hold escape sequences: made printable and short before anyone prints it.
    let r: DrillResult = serde_json::from_str(text).map_err(|e| {
        crate::text::message(&format!("line {}, column {}: {e}", e.line(), e.column()))
    })?;
    if !READS.contains(&r.format) {
        return Err(format!(
            "results format {} is not one this peerlab reads ({}); use the peerlab that wrote it",
            r.format,
            READS.map(|v| v.to_string()).join(", ")
        ));
    }
    if r.items.len() > MAX_ITEMS {
        return Err(format!(
            "{} items is more than a drill holds (at most {MAX_ITEMS})",
            r.items.len()
        ));
    }
    Ok(r)
}

/// A choice's letter as the exam shows it: A, B, C ... (then A1, B1 past Z, never a
/// control character).
pub fn letter(i: usize) -> String {
    let l = char::from(b'A' + (i % 26) as u8);
    if i < 26 {
        l.to_string()
    } else {
        format!("{l}{}", i / 26)
    }
}

/// An answer as a teacher reads it: letters for choices ("B, D"), the order as letters
/// ("C, A, B"), the verdict or the flags in words.
pub fn response_text(q: &crate::bank::Question, a: &Answer) -> String {
    match a {
        Answer::Choices { picked } => picked
            .iter()
            .map(|&i| letter(i))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Order { sequence } => sequence
            .iter()
            .map(|&i| letter(i))
            .collect::<Vec<_>>()
            .join(", "),
        _ => super::grade::answer_text(q, a),
    }
}

/// An answer as a person reads it without the question at hand (the history export keeps no
/// question text): letters for choices and orders ("B, D"), the verdict and reason code, and
/// each configured peering's flags by its place ("peering 1: access, gateway transit").
pub fn readable(a: &Answer) -> String {
    use crate::eval::Verdict;
    match a {
        Answer::Choices { picked: l } | Answer::Order { sequence: l } => {
            l.iter().map(|&i| letter(i)).collect::<Vec<_>>().join(", ")
        }
        Answer::Reach {
            verdict: Verdict::Reachable,
            ..
        } => "reachable".to_string(),
        Answer::Reach {
            reason: Some(r), ..
        } => format!("unreachable: {}", r.code()),
        Answer::Reach { .. } => "unreachable".to_string(),
        Answer::Configure { flags } => flags
            .iter()
            .enumerate()
            .map(|(n, f)| crate::bank::flags_text(&format!("peering {}", n + 1), f))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
