//! Whether a handed-in results file is what peerlab wrote: every field in range, the figures
//! consistent with each other, and the items the ones its seed draws from the bank (graded
//! again where the file carries the responses). A forged file is not refused, it is flagged,
//! so the teacher sees who handed in what.

use super::{DrillResult, MAX_ITEMS};
use crate::bank::Bank;
use crate::quiz::{Item, PASS, exam, grade, scaled};

/// The longest drill `peerlab drill` runs, in minutes (the same range as `exam --minutes`).
const MAX_MINUTES: u64 = 600;
/// How many more questions than the file holds the drill may have asked for: a yes-no series
/// is never split, so a draw of N can hold a few fewer than N.
const DRAW_SLACK: usize = 5;

/// What is wrong with `r` (empty when nothing is), and the items its seed draws from `bank`
/// when they are the file's.
pub fn check(r: &DrillResult, bank: &Bank) -> (Vec<String>, Option<Vec<Item>>) {
    let mut bad = Vec::new();
    if r.name.trim().is_empty() {
        bad.push("the name is empty".to_string());
    } else if let Err(e) = crate::text::check_text(&r.name, 80) {
        bad.push(format!("the name: {e}"));
    }
    if !(1..=MAX_MINUTES).contains(&r.minutes) {
        bad.push(format!("minutes {} is outside 1-{MAX_MINUTES}", r.minutes));
    }
    if r.seconds > r.minutes.saturating_mul(60) {
        bad.push(format!(
            "{} seconds is longer than the {} minutes allowed",
            r.seconds, r.minutes
        ));
    }
    if r.timed_out && r.seconds != r.minutes.saturating_mul(60) {
        bad.push(format!(
            "marked as timed out after {} seconds, not the {} allowed",
            r.seconds,
            r.minutes.saturating_mul(60)
        ));
    }
    if r.total != r.items.len() {
        bad.push(format!(
            "total {} but {} items listed",
            r.total,
            r.items.len()
        ));
    }
    if r.items.is_empty() || r.items.len() > MAX_ITEMS {
        bad.push(format!(
            "{} items (a drill has 1 to {MAX_ITEMS})",
            r.items.len()
        ));
    }
    let right = r.items.iter().filter(|i| i.correct).count();
    if r.correct != right {
        bad.push(format!(
            "correct {} but {right} items marked right",
            r.correct
        ));
    }
    if let Some(n) = r.items.iter().position(|i| i.correct && !i.answered) {
        bad.push(format!("item {} is right without an answer", n + 1));
    }
    let want = scaled(right, r.items.len());
    if r.score != want {
        bad.push(format!(
            "score {} but {right} of {} right scales to {want}",
            r.score,
            r.items.len()
        ));
    }
    if r.passed != (r.score >= PASS) {
        bad.push(format!(
            "passed is {} with a score of {} (the pass mark is {PASS})",
            r.passed, r.score
        ));
    }
    if let Some(t) = &r.finished_at
        && crate::civil::parse_iso8601(t).is_none()
    {
        bad.push(format!(
            "finished_at {} is not an ISO 8601 UTC time",
            crate::text::quoted(t)
        ));
    }
    if r.format >= 2 {
        if let Some(n) = r
            .items
            .iter()
            .position(|i| i.answered != i.response.is_some())
        {
            bad.push(format!(
                "item {}: answered does not match whether a response is given",
                n + 1
            ));
        }
    }
    let drawn = draw_of(r, bank);
    match &drawn {
        Err(msg) => bad.push(msg.clone()),
        Ok(items) => {
            for (n, (f, it)) in r.items.iter().zip(items).enumerate() {
                let q = &it.question;
                if f.topic != q.topic.as_str() {
                    bad.push(format!(
                        "item {}: topic {} but seed {} draws a {} question",
                        n + 1,
                        crate::text::quoted(&f.topic),
                        r.seed,
                        q.topic.as_str()
                    ));
                }
                if let Some(k) = &f.kind
                    && k != q.kind.as_str()
                {
                    bad.push(format!(
                        "item {}: kind {} but seed {} draws a {} question",
                        n + 1,
                        crate::text::quoted(k),
                        r.seed,
                        q.kind.as_str()
                    ));
                }
                if let Some(a) = &f.response {
                    // peerlab only ever writes the indexes of choices the question has.
                    let picks = match a {
                        crate::quiz::Answer::Choices { picked } => picked.as_slice(),
                        crate::quiz::Answer::Order { sequence } => sequence.as_slice(),
                        _ => &[],
                    };
                    if let Some(i) = picks.iter().find(|&&i| i >= q.choices.len()) {
                        bad.push(format!(
                            "item {}: the response picks choice {} of a question with {} choices",
                            n + 1,
                            i.saturating_add(1),
                            q.choices.len()
                        ));
                    }
                    let g = grade(q, it.topology.as_ref(), a);
                    if g.correct != f.correct {
                        bad.push(format!(
                            "item {}: marked {} but the response given is {}",
                            n + 1,
                            if f.correct { "right" } else { "wrong" },
                            if g.correct { "right" } else { "wrong" }
                        ));
                    }
                }
            }
        }
    }
    (bad, drawn.ok())
}

/// The items `r.seed` draws, when they are the file's items in the file's order.
fn draw_of(r: &DrillResult, bank: &Bank) -> Result<Vec<Item>, String> {
    let ids: Vec<&str> = r.items.iter().map(|i| i.id.as_str()).collect();
    let n = r.items.len().min(MAX_ITEMS);
    let mut first = None;
    for asked in n..=n + DRAW_SLACK {
        let items = exam(bank, r.seed, asked);
        if items.len() == n
            && items
                .iter()
                .map(|i| i.question.id.as_str())
                .eq(ids.iter().copied())
        {
            return Ok(items);
        }
        if first.is_none() {
            first = Some(items);
        }
        if n == 0 {
            break;
        }
    }
    let items = first.unwrap_or_default();
    let at = ids
        .iter()
        .zip(&items)
        .position(|(a, b)| *a != b.question.id)
        .unwrap_or(ids.len().min(items.len()));
    Err(format!(
        "the items are not the ones seed {} draws (they differ from item {}; was the drill taken with another --content bank?)",
        r.seed,
        at + 1
    ))
}
