//! `peerlab questions --json` (and `--full`) give every question of a case study or yes-no
//! series the scenario it is shown with (issue 10): the bank stores a unit's scenario on its
//! first question only, so a JSON reader of a later question met names no text defined.

use common::cli::run;
use serde_json::Value;

mod common;

fn listed(args: &[&str]) -> Vec<Value> {
    let v: Value = serde_json::from_str(&run(args, 0).stdout).unwrap();
    v.as_array().unwrap().clone()
}

/// The units of `full` (its `case`, else a yes-no `series`), each with its questions in order.
fn units(full: &[Value]) -> Vec<(String, Vec<&Value>)> {
    let mut out: Vec<(String, Vec<&Value>)> = Vec::new();
    for q in full {
        let unit = match (&q["case"], &q["series"]) {
            (Value::String(c), _) => format!("case {c}"),
            (_, Value::String(s)) if q["kind"] == "yes-no" => format!("series {s}"),
            _ => continue,
        };
        match out.last_mut() {
            Some((u, qs)) if *u == unit => qs.push(q),
            _ => out.push((unit, vec![q])),
        }
    }
    out
}

#[test]
fn every_question_of_a_case_or_series_carries_its_shared_scenario() {
    let full = listed(&["questions", "--json", "--full"]);
    let short = listed(&["questions", "--json"]);
    assert_eq!(full.len(), short.len());
    let units = units(&full);
    assert!(units.len() >= 10, "only {} units", units.len());
    let mut later = 0;
    for (unit, qs) in &units {
        assert!(qs.len() >= 2, "{unit}");
        let sc = qs[0]["scenario"]
            .as_str()
            .unwrap_or_else(|| panic!("{unit}: no scenario"));
        for (k, q) in qs.iter().enumerate() {
            assert_eq!(
                q["shared_scenario"].as_str(),
                Some(sc),
                "{unit}: {}",
                q["id"]
            );
            // The stored field keeps its meaning: the scenario as written, on the first.
            if k > 0 {
                later += 1;
                assert!(q["scenario"].is_null(), "{}", q["id"]);
            }
            // Shown with an exhibit when the unit has one, whichever question it is.
            if qs[0]["exhibit"].is_object() {
                assert!(q["exhibit"].is_object(), "{}", q["id"]);
            }
            let s = short.iter().find(|s| s["id"] == q["id"]).unwrap();
            assert_eq!(s["shared_scenario"], q["shared_scenario"], "{}", q["id"]);
        }
    }
    assert!(later >= 20, "{later}");
    // A question on its own shares nothing.
    let alone = full
        .iter()
        .filter(|q| q["case"].is_null() && q["series"].is_null())
        .collect::<Vec<_>>();
    assert!(alone.len() > 50);
    assert!(alone.iter().all(|q| q["shared_scenario"].is_null()));
}
