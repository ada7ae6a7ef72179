//! Where the key sits (issue 10): in the bank files, in the order the trainer shows a bank
//! item's choices, and in the JSON exports' `answer` of a reachability item.

mod common;

use common::cli::run;
use peerlab::bank::{self, Kind, Question};
use peerlab::quiz::{self, Answer, Item};
use std::collections::BTreeMap;

fn bank() -> bank::Bank {
    bank::builtin().expect("bank")
}

/// The stored key position (0 = A) of every single and fix bank item with one key.
fn key_positions(qs: &[Question]) -> Vec<usize> {
    qs.iter()
        .filter(|q| matches!(q.kind, Kind::Single | Kind::Fix) && q.answer.len() == 1)
        .map(|q| q.answer[0])
        .collect()
}

/// Fails when one letter holds the key too often or too rarely. With four choices a
/// position holds a quarter of the keys on average; over ~70 items one binomial standard
/// deviation is about 5 points, so 40% (three above) is no accident, and neither is under
/// 10% (a letter that is never the key is a cue too: "never D"). The bank had A 87%, D 0%.
fn spread_problem(positions: &[usize]) -> Option<String> {
    let n = positions.len();
    let mut count = [0usize; 4];
    for &p in positions {
        if let Some(c) = count.get_mut(p) {
            *c += 1;
        }
    }
    let share = |c: usize| 100 * c / n.max(1);
    let bad: Vec<String> = count
        .iter()
        .enumerate()
        .filter(|&(_, &c)| !(10..=40).contains(&share(c)))
        .map(|(i, &c)| format!("{}: {c} of {n}", char::from(b'A' + i as u8)))
        .collect();
    (!bad.is_empty()).then(|| bad.join(", "))
}

#[test]
fn the_bank_does_not_keep_its_keys_at_one_letter() {
    let b = bank();
    let positions = key_positions(&b.questions);
    assert!(positions.len() >= 60, "{} one-key items", positions.len());
    assert_eq!(spread_problem(&positions), None);
    // Planted: the bank as it was (60 of 69 at A) and a bank that never uses D.
    let old: Vec<usize> = [vec![0; 60], vec![1; 6], vec![2; 3]].concat();
    assert!(spread_problem(&old).unwrap().contains("A: 60 of 69"));
    let no_d: Vec<usize> = (0..69).map(|i| i % 3).collect();
    assert!(spread_problem(&no_d).unwrap().contains("D: 0 of 69"));
}

fn item(b: &bank::Bank, q: &Question) -> Item {
    Item {
        topology: b.topology_of(q).cloned(),
        question: q.clone(),
        template: None,
    }
}

#[test]
fn a_bank_items_choices_are_shown_shuffled_the_same_way_for_the_same_seed() {
    let b = bank();
    let mut moved = 0;
    let mut shown_key = BTreeMap::<usize, usize>::new();
    let mut choice_items = 0;
    for q in &b.questions {
        let it = item(&b, q);
        let order = quiz::shown_order(&it, 7);
        // A permutation of the stored indexes, drawn again the same.
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..q.choices.len()).collect::<Vec<_>>(), "{}", q.id);
        assert_eq!(order, quiz::shown_order(&it, 7), "{}", q.id);
        match q.kind {
            Kind::Single | Kind::Multi | Kind::Fix => {
                choice_items += 1;
                if order != sorted {
                    moved += 1;
                }
                for &k in &q.answer {
                    *shown_key.entry(quiz::row_of(&order, k)).or_default() += 1;
                }
                // The row a choice is shown on maps back to it.
                for (row, &i) in order.iter().enumerate() {
                    assert_eq!(quiz::row_of(&order, i), row);
                }
            }
            // Yes before No, always.
            Kind::YesNo => assert_eq!(order, sorted, "{}", q.id),
            _ => {}
        }
    }
    // A four-choice list stays as stored once in 24 draws: most items must move.
    assert!(
        moved * 10 > choice_items * 8,
        "{moved} of {choice_items} moved"
    );
    // And the key is not at one letter on screen either (A is a quarter, not most).
    let at_a = shown_key.get(&0).copied().unwrap_or(0);
    let keys: usize = shown_key.values().sum();
    assert!(at_a * 100 < keys * 40, "{at_a} of {keys} keys shown at A");
    // Another seed, another order for some item; a generated item keeps its own order.
    let q = b.questions.iter().find(|q| q.kind == Kind::Single).unwrap();
    let it = item(&b, q);
    assert!(
        (0..20u64).any(|s| quiz::shown_order(&it, s) != quiz::shown_order(&it, 7)),
        "the seed changes nothing"
    );
    let generated = Item {
        template: Some(peerlab::generate::Template::ALL[0]),
        ..it
    };
    assert_eq!(
        quiz::shown_order(&generated, 7),
        (0..q.choices.len()).collect::<Vec<_>>()
    );
}

/// The reachability items of a `--json` export whose `answer`, read as an index into
/// `choices`, does not name the outcome `grade` accepts on the item's network.
fn unkeyed(rows: &[serde_json::Value], b: &bank::Bank) -> Vec<String> {
    let mut bad = Vec::new();
    for r in rows.iter().filter(|r| r["kind"] == "reachability") {
        let id = r["id"].as_str().unwrap();
        let q = b.questions.iter().find(|q| q.id == id).unwrap();
        let choices = r["choices"].as_array().unwrap();
        let answer: Vec<usize> = r["answer"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let outcomes = quiz::reach_choices(q);
        let graded = match answer.as_slice() {
            [a] if *a < choices.len() && outcomes.len() == choices.len() => {
                let (verdict, reason) = outcomes[*a];
                quiz::grade(q, b.topology_of(q), &Answer::Reach { verdict, reason }).correct
            }
            _ => false,
        };
        if !graded {
            bad.push(format!(
                "{id}: answer {answer:?} of {} choices",
                choices.len()
            ));
        }
    }
    bad
}

#[test]
fn json_reachability_items_give_the_keys_index_in_answer() {
    let b = bank();
    let out = run(["questions", "--json", "--full"], 0).stdout;
    let mut rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let reach = rows.iter().filter(|r| r["kind"] == "reachability").count();
    assert!(reach >= 40, "{reach} reachability items");
    assert_eq!(unkeyed(&rows, &b), Vec::<String>::new());
    // `key` stays.
    assert!(
        rows.iter()
            .all(|r| r["kind"] != "reachability" || r["key"].is_object())
    );
    // Planted: the export as it was (`answer: []`), and an answer one off.
    let first = rows
        .iter()
        .position(|r| r["kind"] == "reachability")
        .unwrap();
    let was = rows[first]["answer"][0].as_u64().unwrap();
    rows[first]["answer"] = serde_json::json!([]);
    assert_eq!(unkeyed(&rows, &b).len(), 1);
    let n = rows[first]["choices"].as_array().unwrap().len() as u64;
    rows[first]["answer"] = serde_json::json!([(was + 1) % n]);
    assert_eq!(unkeyed(&rows, &b).len(), 1);
}

#[test]
fn generate_json_reachability_items_give_the_keys_index_in_answer() {
    let out = run(["generate", "--seed", "4242", "--count", "20", "--json"], 0).stdout;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut seen = 0;
    for q in v["questions"].as_array().unwrap() {
        if q["kind"] != "reachability" {
            continue;
        }
        seen += 1;
        let a = q["answer"][0].as_u64().expect("an index") as usize;
        let label = q["choices"][a].as_str().unwrap();
        let reachable = q["key"]["verdict"] == "reachable";
        assert_eq!(
            label.starts_with("Reachable"),
            reachable,
            "{}: {label}",
            q["id"]
        );
        if !reachable {
            let why = peerlab::generate::reason_text(
                serde_json::from_value(q["key"]["reason"].clone()).unwrap(),
            );
            assert!(label.contains(why), "{}: {label} / {why}", q["id"]);
        }
    }
    assert!(seen >= 2, "{seen}");
}
