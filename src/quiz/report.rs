//! Drill results (the JSON file a student hands in) and the class report an instructor makes
//! from many of them. Results files come from students: sizes are bounded and every text is
//! made printable before it reaches a terminal or a CSV.

use super::session::Results;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the results file format (README, "Drill results").
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillItem {
    pub id: String,
    pub topic: String,
    pub answered: bool,
    pub correct: bool,
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
    pub items: Vec<DrillItem>,
}

pub fn drill_result(name: &str, seed: u64, minutes: u64, r: &Results) -> DrillResult {
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
        items: r
            .items
            .iter()
            .map(|i| DrillItem {
                id: i.id.clone(),
                topic: i.topic.as_str().to_string(),
                answered: i.answered,
                correct: i.correct,
            })
            .collect(),
    }
}

/// Reads one results file's text; `Err` says what is wrong with it.
pub fn parse_result(text: &str) -> Result<DrillResult, String> {
    if text.len() > 1 << 20 {
        return Err("the file is larger than 1 MiB".to_string());
    }
    let r: DrillResult = serde_json::from_str(text)
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    if r.format != FORMAT {
        return Err(format!(
            "results format {} is not {FORMAT}; use the peerlab that wrote it",
            r.format
        ));
    }
    Ok(r)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    /// Name (printable), score, passed; best first.
    pub students: Vec<(String, u16, bool)>,
    /// Question id, topic, right, asked; hardest first.
    pub questions: Vec<(String, String, usize, usize)>,
    /// Topic, right, asked; hardest first.
    pub topics: Vec<(String, usize, usize)>,
    /// Seeds seen (a class should share one).
    pub seeds: Vec<u64>,
}

fn rate(right: usize, asked: usize) -> f64 {
    if asked == 0 {
        0.0
    } else {
        right as f64 / asked as f64
    }
}

pub fn class_report(results: &[DrillResult]) -> ClassReport {
    let mut students: Vec<(String, u16, bool)> = results
        .iter()
        .map(|r| {
            (
                crate::text::quoted(&r.name).trim_matches('"').to_string(),
                r.score,
                r.passed,
            )
        })
        .collect();
    students.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut qs: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    let mut ts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in results {
        for i in &r.items {
            let q = qs.entry(crate::text::printable(&i.id)).or_insert((
                crate::text::printable(&i.topic),
                0,
                0,
            ));
            q.1 += usize::from(i.correct);
            q.2 += 1;
            let t = ts.entry(crate::text::printable(&i.topic)).or_insert((0, 0));
            t.0 += usize::from(i.correct);
            t.1 += 1;
        }
    }
    let mut questions: Vec<(String, String, usize, usize)> = qs
        .into_iter()
        .map(|(id, (t, r, a))| (id, t, r, a))
        .collect();
    questions.sort_by(|a, b| {
        rate(a.2, a.3)
            .total_cmp(&rate(b.2, b.3))
            .then(a.0.cmp(&b.0))
    });
    let mut topics: Vec<(String, usize, usize)> =
        ts.into_iter().map(|(t, (r, a))| (t, r, a)).collect();
    topics.sort_by(|a, b| {
        rate(a.1, a.2)
            .total_cmp(&rate(b.1, b.2))
            .then(a.0.cmp(&b.0))
    });
    let mut seeds: Vec<u64> = results.iter().map(|r| r.seed).collect();
    seeds.sort_unstable();
    seeds.dedup();
    ClassReport {
        students,
        questions,
        topics,
        seeds,
    }
}

fn pct(right: usize, asked: usize) -> String {
    format!("{:.0}%", 100.0 * rate(right, asked))
}

pub fn to_text(c: &ClassReport) -> String {
    let mut s = String::new();
    if c.seeds.len() > 1 {
        s.push_str(&format!("warning: these results come from {} different seeds, so students answered different questions\n\n", c.seeds.len()));
    }
    s.push_str("Students (scaled score, pass at 700)\n");
    for (n, score, passed) in &c.students {
        s.push_str(&format!(
            "  {n:<30} {score:>5}  {}\n",
            if *passed { "pass" } else { "fail" }
        ));
    }
    s.push_str("\nHardest topics (right answers)\n");
    for (t, r, a) in &c.topics {
        s.push_str(&format!("  {t:<20} {:>5}  ({r} of {a})\n", pct(*r, *a)));
    }
    s.push_str("\nQuestions, hardest first (right answers)\n");
    for (id, t, r, a) in &c.questions {
        s.push_str(&format!(
            "  {id:<36} {t:<18} {:>5}  ({r} of {a})\n",
            pct(*r, *a)
        ));
    }
    s
}

/// A CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` neutralised so a
/// spreadsheet does not run a student's name as a formula.
fn csv_field(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@']) {
        crate::text::csv_quote(&format!("'{v}"))
    } else {
        crate::text::csv_quote(v)
    }
}

pub fn to_csv(c: &ClassReport) -> String {
    let mut s = String::from("section,name,topic,score_or_right,passed_or_asked\n");
    for (n, score, passed) in &c.students {
        s.push_str(&format!("student,{},,{score},{passed}\n", csv_field(n)));
    }
    for (t, r, a) in &c.topics {
        s.push_str(&format!("topic,,{},{r},{a}\n", csv_field(t)));
    }
    for (id, t, r, a) in &c.questions {
        s.push_str(&format!(
            "question,{},{},{r},{a}\n",
            csv_field(id),
            csv_field(t)
        ));
    }
    s
}
