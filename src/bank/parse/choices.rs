//! The `choices` and `answer` of each kind: text choices with the answer shape single, multi
//! and order take; reachability outcomes as reason codes; fix choices with the network changes
//! they make. Apart from the question's own fields because they are the bulk of the checks and
//! each kind's rules are read one at a time.

use super::super::*;
use super::check::Ck;
use super::{MAX_CHOICE, MAX_CHOICES, RawQuestion};
use crate::model::parse_edit;
use toml::Spanned as S;

/// Every `choices` list takes 2 to MAX_CHOICES entries, whatever the item's kind.
fn choice_count<T>(ck: &mut Ck, choices: &S<Vec<T>>) -> usize {
    let n = choices.get_ref().len();
    if !(2..=MAX_CHOICES).contains(&n) {
        let p = ck.at(choices);
        ck.err(
            p,
            "bad-choices",
            format!("{n} choices; give 2 to {MAX_CHOICES}"),
        );
    }
    n
}

/// A reachability item's `choices`: the outcomes offered, as reason codes (`ok` for reachable).
pub(super) fn reach_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion) {
    let Some(choices) = &r.choices else { return };
    choice_count(ck, choices);
    for c in choices.get_ref() {
        let reason = c.get_ref().as_str().and_then(Reason::parse);
        match reason {
            Some(x) if !q.offered.contains(&x) => {
                q.offered.push(x);
                q.choices.push(super::reach_label(x));
            }
            Some(x) => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "bad-choices",
                    format!("{} is offered twice", crate::text::quoted(x.code())),
                );
            }
            None => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "bad-value",
                    "reachability choices are reason codes of FORMAT.md §2 (\"ok\" for reachable)",
                );
            }
        }
    }
}

/// A single, multi or order item's `choices` (strings) and the `answer` its kind allows.
pub(super) fn text_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion, pos: Pos) {
    let kind = q.kind;
    let Some(choices) = ck.require(&r.choices, "choices", kind, pos) else {
        return;
    };
    let n = choice_count(ck, choices);
    for c in choices.get_ref() {
        match c.get_ref().as_str() {
            Some(s) => {
                let spanned = S::new(c.span(), s.to_string());
                q.choices.push(ck.text(&spanned, "choice", MAX_CHOICE));
            }
            None => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "wrong-type",
                    format!("{} choices are strings", kind.as_str()),
                );
            }
        }
    }
    let Some(answer) = ck.require(&r.answer, "answer", kind, pos) else {
        return;
    };
    let p = ck.at(answer);
    let v: Vec<i64> = answer.get_ref().iter().map(|x| *x.get_ref()).collect();
    if let Some(bad) = v.iter().find(|&&i| i < 0 || i as usize >= n) {
        ck.err(
            p,
            "bad-answer",
            format!(
                "answer index {bad} is out of range: there are {n} choices (0 to {})",
                n.saturating_sub(1)
            ),
        );
        return;
    }
    let idx: Vec<usize> = v.iter().map(|&i| i as usize).collect();
    match kind {
        Kind::Single if idx.len() != 1 => ck.err(
            p,
            "bad-answer",
            "a single-choice answer has exactly one index",
        ),
        Kind::Multi if idx.is_empty() || idx.windows(2).any(|w| w[0] >= w[1]) => ck.err(
            p,
            "bad-answer",
            "a multi-choice answer lists one or more distinct indexes in increasing order",
        ),
        Kind::Order => {
            // Every index (the items to arrange), or only those the list needs: a build-list
            // item offers more actions than it takes, as the exam does (FORMAT.md §3 asks only
            // for "the correct sequence of choice indexes").
            let mut sorted = idx.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != idx.len() || idx.len() < 2 {
                ck.err(
                    p,
                    "bad-answer",
                    format!(
                        "an order answer lists at least two of the {n} indexes, first to last, each at most once"
                    ),
                );
            }
        }
        _ => {}
    }
    q.answer = idx;
}

/// A fix item's `choices`: each a text and the changes (FORMAT.md §3) it makes to the
/// network, and the `answer` listing the ones that meet the goals.
pub(super) fn fix_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion, pos: Pos) {
    let Some(choices) = ck.require(&r.choices, "choices", Kind::Fix, pos) else {
        return;
    };
    let n = choice_count(ck, choices);
    for c in choices.get_ref() {
        let p = ck.at(c);
        let Some(t) = c.get_ref().as_table() else {
            ck.err(
                p,
                "wrong-type",
                "a fix choice is a table { text = \"...\", change = [...] }",
            );
            continue;
        };
        if let Some(k) = t.keys().find(|k| *k != "text" && *k != "change") {
            ck.err(
                p,
                "unknown-field",
                format!("unknown field `{k}` in a fix choice; it takes `text` and `change`"),
            );
        }
        let text = match t.get("text").and_then(|v| v.as_str()) {
            Some(s) => s.to_string(),
            None => {
                ck.err(p, "missing-field", "a fix choice needs `text`");
                String::new()
            }
        };
        if let Err(e) = crate::text::check_text(&text, MAX_CHOICE) {
            ck.err(p, "bad-text", format!("choice: {e}"));
        }
        let mut edits = Vec::new();
        match t.get("change").map(|v| v.as_array()) {
            Some(Some(list)) => {
                for (i, e) in list.iter().enumerate() {
                    match e
                        .as_table()
                        .ok_or_else(|| "a change is a table".to_string())
                        .and_then(parse_edit)
                    {
                        Ok(edit) => edits.push(edit),
                        Err(msg) => ck.err(
                            p,
                            "bad-change",
                            format!(
                                "change {} of choice {:?}: {}",
                                i + 1,
                                crate::text::printable(&text),
                                crate::text::printable(&msg)
                            ),
                        ),
                    }
                }
            }
            _ => ck.err(
                p,
                "missing-field",
                "a fix choice needs `change`, a list of changes (may be empty)",
            ),
        }
        q.choices.push(text);
        q.changes.push(edits);
    }
    if let Some(a) = &r.answer {
        let p = ck.at(a);
        let v: Vec<i64> = a.get_ref().iter().map(|x| *x.get_ref()).collect();
        if v.iter().any(|&i| i < 0 || i as usize >= n)
            || v.windows(2).any(|w| w[0] >= w[1])
            || v.is_empty()
        {
            ck.err(
                p,
                "bad-answer",
                format!(
                    "answer lists distinct indexes 0 to {} in increasing order",
                    n.saturating_sub(1)
                ),
            );
        } else {
            q.answer = v.iter().map(|&i| i as usize).collect();
        }
    }
}
