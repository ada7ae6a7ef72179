//! The built-in bank: it loads from the binary, every network key agrees with the evaluator
//! (loading proves it), and it meets the coverage the trainer promises (issue 3).

mod common;

use common::{both_gateway_flags, editable, goals_hold, with_settings};
use peerlab::bank::{self, Kind, Topic};
use std::collections::BTreeMap;

#[test]
fn the_built_in_bank_loads_and_meets_its_counts() {
    let b = match bank::builtin() {
        Ok(b) => b,
        Err(problems) => panic!(
            "{}",
            problems
                .iter()
                .map(|p| p.render())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let n = b.questions.len();
    assert!(n >= 90, "{n} questions; the bank needs at least 90");
    let mut topics: BTreeMap<Topic, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut levels = [0usize; 3];
    for q in &b.questions {
        *topics.entry(q.topic).or_default() += 1;
        *kinds.entry(q.kind).or_default() += 1;
        levels[q.difficulty as usize - 1] += 1;
    }
    for t in Topic::ALL {
        assert!(
            topics.get(&t).copied().unwrap_or(0) >= 5,
            "topic {} has {:?} questions; needs 5",
            t.as_str(),
            topics.get(&t)
        );
    }
    for k in Kind::ALL {
        assert!(
            kinds.get(&k).copied().unwrap_or(0) >= 6,
            "kind {} has {:?} questions; needs 6",
            k.as_str(),
            kinds.get(&k)
        );
    }
    let graded = b.questions.iter().filter(|q| q.kind.is_evaluated()).count();
    assert!(
        graded >= 30,
        "{graded} evaluator-graded questions; needs 30"
    );
    for (i, l) in levels.iter().enumerate() {
        // "Roughly a third each": no level under a fifth of the bank.
        assert!(*l * 5 >= n, "difficulty {} has {l} of {n} questions", i + 1);
    }
}

#[test]
fn every_network_question_of_the_built_in_bank_has_a_proven_key() {
    let b = bank::builtin().unwrap_or_default();
    for q in &b.questions {
        match q.kind {
            Kind::Reachability => assert!(q.key.is_some(), "{}", q.id),
            Kind::Fix => assert!(
                !q.answer.is_empty() && q.answer.iter().all(|&i| i < q.choices.len()),
                "{}",
                q.id
            ),
            Kind::Configure => {
                assert_eq!(q.solution.len(), q.editable.len(), "{}", q.id);
                // The stored solution really meets every goal.
                let mut t = b.topology_of(q).expect("topology").clone();
                for (name, flags) in &q.solution {
                    let i = peerlab::model::peering_index(&t, name).unwrap();
                    bank::set_flags(&mut t.peerings[i], *flags);
                }
                assert!(
                    bank::check_goals(&t, &q.goals)
                        .unwrap()
                        .iter()
                        .all(|g| g.holds),
                    "{}",
                    q.id
                );
            }
            _ => {}
        }
        assert!(
            q.explanation.len() >= 40,
            "{}: explanation too short to teach",
            q.id
        );
    }
}

#[test]
fn every_yes_no_series_has_at_least_two_statements_in_a_row() {
    let b = bank::builtin().unwrap_or_default();
    let mut runs: BTreeMap<&str, usize> = BTreeMap::new();
    for q in b.questions.iter().filter(|q| q.kind == Kind::YesNo) {
        *runs
            .entry(q.series.as_deref().expect("yes-no has a series"))
            .or_default() += 1;
    }
    assert!(!runs.is_empty());
    assert!(runs.values().all(|&n| n >= 2), "{runs:?}");
}

/// Writing the whole built-in bank and reading it back gives the same questions: the writer
/// the generator uses speaks the bank's own format.
#[test]
fn the_built_in_bank_round_trips_through_the_writer() {
    let b = bank::builtin().expect("loads");
    // Topology paths are relative to questions/, as in the original files.
    let text = bank::to_toml(&b.questions, |q| {
        q.topology.as_ref().map(|k| format!("../{k}"))
    });
    let (again, _) = bank::load(&common::one_file("all.toml", text))
        .map_err(|p| p.iter().map(|x| x.render()).collect::<Vec<_>>().join("\n"))
        .unwrap();
    assert_eq!(again.questions.len(), b.questions.len());
    for (a, x) in b.questions.iter().zip(&again.questions) {
        assert_eq!(
            (
                &a.id,
                a.kind,
                &a.choices,
                &a.answer,
                &a.goals,
                &a.changes,
                &a.key,
                &a.solution,
                &a.prompt,
                &a.explanation
            ),
            (
                &x.id,
                x.kind,
                &x.choices,
                &x.answer,
                &x.goals,
                &x.changes,
                &x.key,
                &x.solution,
                &x.prompt,
                &x.explanation
            )
        );
    }
}

/// A configure question must accept the same settings whichever way the disputed points of
/// RULES.md §8 are read; otherwise its grading would hinge on one of them. Every setting of
/// the editable peerings is tried (a sample of 3,000 when there are more than 4,096).
#[test]
fn configure_questions_do_not_hinge_on_a_disputed_reading() {
    use peerlab::eval::Reading;
    let b = bank::builtin().expect("loads");
    let mut failures = Vec::new();
    for q in b.questions.iter().filter(|q| q.kind == Kind::Configure) {
        let base = b.topology_of(q).expect("topology").clone();
        let idx = editable(&base, q);
        let bits = 4 * idx.len();
        let settings: Vec<u32> = if bits <= 12 {
            (0..1u32 << bits).collect()
        } else {
            // A fixed, spread-out sample (multiplicative hashing of the index).
            (0..3000u32)
                .map(|i| i.wrapping_mul(2_654_435_761) & ((1 << bits) - 1))
                .collect()
        };
        for s in settings {
            let t = with_settings(&base, &idx, s);
            let passes = |r: Reading| goals_hold(&t, q, r);
            let default = passes(Reading::default());
            let both_flags = both_gateway_flags(&t, &idx);
            if let Some(r) = Reading::ALTERNATIVES
                .into_iter()
                .filter(|r| !(both_flags && r.both_gateway_flags_refused))
                .find(|r| passes(*r) != default)
            {
                failures.push(format!(
                    "{}: setting {s:#x} is {} by default but not under {r:?}",
                    q.id,
                    if default { "accepted" } else { "refused" }
                ));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rationales, source, verified, exhibit and case survive the writer, as generated banks need.
#[test]
fn item_parts_round_trip_through_the_writer() {
    let text = r#"
[[question]]
id = "parts"
topic = "peering-basics"
kind = "single"
difficulty = 1
prompt = "Which is right?"
choices = ["one", "two"]
answer = [0]
rationales = ["One is right because.", "Two is wrong because."]
source = { title = "Virtual network peering", url = "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview" }
verified = "2026-12-02"
topology = "../topologies/access-off-broken.toml"
exhibit = ["peerings", "nsg:nsg-data"]
case = "contoso"
explanation = "Because."
"#;
    let (b, _) = bank::load(&common::one_file("one.toml", text)).expect("loads");
    let q = &b.questions[0];
    assert_eq!(q.rationales.len(), 2);
    assert_eq!(q.verified.as_deref(), Some("2026-12-02"));
    assert_eq!(q.case.as_deref(), Some("contoso"));
    let again_text = bank::to_toml(&b.questions, |q| {
        q.topology.as_ref().map(|k| format!("../{k}"))
    });
    let (again, _) = bank::load(&common::one_file("one.toml", again_text)).expect("loads again");
    let x = &again.questions[0];
    assert_eq!(
        (&x.rationales, &x.source, &x.verified, &x.exhibit, &x.case),
        (&q.rationales, &q.source, &q.verified, &q.exhibit, &q.case)
    );
    assert_eq!(
        x.exhibit.as_deref(),
        Some(&["peerings".to_string(), "nsg:nsg-data".to_string()][..])
    );
}

/// The key of a reachability or fix question must be the same under every reading of the
/// disputed points of RULES.md §8 (issue 11): a reachability verdict and its reason, and for a
/// fix question which choices meet every goal.
#[test]
fn reachability_and_fix_keys_do_not_hinge_on_a_disputed_reading() {
    use peerlab::eval::{FlowSpec, Network, Reading};
    let b = bank::builtin().expect("loads");
    let spec = |f: &bank::Flow| FlowSpec {
        from: f.from.clone(),
        to: f.to.clone(),
        port: f.port,
        protocol: f.protocol,
    };
    let mut failures = Vec::new();
    for q in &b.questions {
        let Some(t) = b.topology_of(q) else { continue };
        match q.kind {
            Kind::Reachability => {
                let flow = q.flow.as_ref().expect("flow");
                let at = |r: Reading| {
                    let tr = Network::with_reading(t, r).trace(&spec(flow)).unwrap();
                    (tr.verdict, tr.reason)
                };
                let default = at(Reading::default());
                for r in Reading::ALTERNATIVES {
                    if at(r) != default {
                        failures.push(format!(
                            "{}: {default:?} by default, {:?} under {r:?}",
                            q.id,
                            at(r)
                        ));
                    }
                }
            }
            Kind::Fix => {
                let correct = |r: Reading| -> Vec<usize> {
                    (0..q.changes.len())
                        .filter(|&i| {
                            let mut w = t.clone();
                            if q.changes[i].iter().any(|e| e.apply(&mut w).is_err()) {
                                return false;
                            }
                            let net = Network::with_reading(&w, r);
                            q.goals.iter().all(|g| {
                                net.trace(&spec(&g.flow)).map(|tr| tr.verdict == g.expect)
                                    == Ok(true)
                            })
                        })
                        .collect()
                };
                let default = correct(Reading::default());
                for r in Reading::ALTERNATIVES {
                    if correct(r) != default {
                        failures.push(format!(
                            "{}: choices {default:?} by default, {:?} under {r:?}",
                            q.id,
                            correct(r)
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `check` warns (never errors) on an item without `source`, or with a source but no
/// `verified` date, once per item and at the item's line; the built-in bank has neither.
#[test]
fn items_without_source_or_verified_are_warned_about() {
    let item = |id: &str, extra: &str| {
        format!(
            "[[question]]\nid = \"{id}\"\ntopic = \"nsg\"\nkind = \"single\"\ndifficulty = 1\nprompt = \"Which?\"\nchoices = [\"a\", \"b\"]\nanswer = [0]\nexplanation = \"Because.\"\n{extra}\n"
        )
    };
    let text = [
        item("cited", "source = { title = \"T\", url = \"https://learn.microsoft.com/x\" }\nverified = \"2026-12-02\""),
        item("uncited", ""),
        item("undated", "source = { title = \"T\", url = \"https://learn.microsoft.com/x\" }"),
    ]
    .join("\n");
    let (b, warnings) =
        bank::load(&common::one_file("one.toml", text)).expect("warnings only, so it loads");
    assert_eq!(b.questions.len(), 3);
    let got: Vec<(u32, &str)> = warnings
        .iter()
        .map(|w| (w.diag.pos.line, w.diag.code.as_str()))
        .collect();
    assert_eq!(got, vec![(13, "missing-source"), (24, "missing-verified")]);
    assert!(warnings.iter().all(|w| !w.diag.is_error()));
    assert!(warnings[0].diag.message.contains("\"uncited\""));

    let (_, built_in) = bank::load(&bank::EmbeddedSource).expect("loads");
    let uncited: Vec<String> = built_in
        .iter()
        .filter(|w| matches!(w.diag.code.as_str(), "missing-source" | "missing-verified"))
        .map(|w| w.render())
        .collect();
    assert!(uncited.is_empty(), "{}", uncited.join("\n"));
}
/// An exhibit selector that is unknown, names nothing in the topology, or has no topology to
/// show is an error at the selector itself.
#[test]
fn exhibit_selectors_are_checked_against_the_topology() {
    let item = |extra: &str| {
        format!(
            "[[question]]\nid = \"x\"\ntopic = \"nsg\"\nkind = \"single\"\ndifficulty = 1\nprompt = \"Which?\"\nchoices = [\"a\", \"b\"]\nanswer = [0]\nexplanation = \"Because.\"\n{extra}\n"
        )
    };
    let errors = |text: String| -> Vec<String> {
        bank::load(&common::one_file("one.toml", text))
            .err()
            .unwrap_or_default()
            .iter()
            .filter(|p| p.diag.is_error())
            .map(|p| p.render())
            .collect()
    };
    let with_topology = "topology = \"../topologies/access-off-broken.toml\"\n";
    assert!(
        bank::load(&common::one_file(
            "one.toml",
            item(&format!(
                "{with_topology}exhibit = [\"peerings\", \"nsg:nsg-data+defaults\"]"
            ))
        ))
        .is_ok()
    );
    let e = errors(item(&format!(
        "{with_topology}exhibit = [\"peerings\", \"nsg:nsg-dta\", \"routing\"]"
    )));
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e[0].starts_with("questions/one.toml:11:24: error: bad-exhibit: exhibit \"nsg:nsg-dta\": the topology has no NSG \"nsg-dta\" (it has: "),
        "{e:#?}"
    );
    assert!(
        e[1].starts_with("questions/one.toml:11:39: error: bad-exhibit: unknown exhibit table \"routing\"; use one of vnets, peerings"),
        "{e:#?}"
    );
    let e = errors(item("exhibit = [\"peerings\"]"));
    assert_eq!(
        e,
        [
            "questions/one.toml:10:11: error: bad-exhibit: exhibit lists tables of a network, but the question has no `topology`"
        ]
    );
}

/// At least three case studies (issue 10): three to six items each, one topology, the scenario
/// on the first item, and the items next to each other so a case is drawn as one unit.
#[test]
fn the_bank_holds_three_case_studies_of_three_to_six_items() {
    let b = bank::builtin().expect("loads");
    let mut cases: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, q) in b.questions.iter().enumerate() {
        if let Some(c) = q.case.as_deref() {
            cases.entry(c).or_default().push(i);
        }
    }
    assert!(cases.len() >= 3, "{} case studies", cases.len());
    for (name, idx) in &cases {
        assert!((3..=6).contains(&idx.len()), "{name}: {} items", idx.len());
        assert!(
            idx.windows(2).all(|w| w[1] == w[0] + 1),
            "{name}: items not together"
        );
        let first = &b.questions[idx[0]];
        assert!(
            first.scenario.is_some(),
            "{name}: no scenario on the first item"
        );
        assert!(
            idx.iter()
                .all(|&i| b.questions[i].topology == first.topology && first.topology.is_some()),
            "{name}: items do not share one topology"
        );
    }
}
