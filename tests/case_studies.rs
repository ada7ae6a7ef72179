//! Case studies and the ambiguous points (issue 10, second reader's findings 5 and 7): no
//! question of a case may give another away, and no generated text may state a RULES.md §8
//! point as fact.

use peerlab::bank::Question;
use peerlab::generate::{self, Filter, Generated, Template, case_overlap};

fn cases(seeds: std::ops::Range<u64>, count: usize) -> Vec<Generated> {
    let filter = Filter {
        template: Some(Template::CaseStudy),
        ..Filter::default()
    };
    seeds
        .flat_map(|s| generate::generate(s, count, &filter))
        .filter(|g| g.questions.len() >= 3)
        .collect()
}

/// The first pair of questions of `g` that give each other away.
fn overlap(g: &Generated) -> Option<String> {
    let t = g.topology.as_ref().expect("a case has a topology");
    let qs = &g.questions;
    (0..qs.len())
        .flat_map(|i| (i + 1..qs.len()).map(move |j| (i, j)))
        .find_map(|(i, j)| case_overlap(t, &qs[i], &qs[j]))
}

#[test]
fn no_question_of_a_case_answers_another() {
    let all = cases(1..7, 40);
    assert!(all.len() >= 30, "only {} case studies", all.len());
    let bad: Vec<String> = all.iter().filter_map(overlap).collect();
    assert!(bad.is_empty(), "{} cases: {bad:#?}", bad.len());
    // The questions still look at the network from several sides: a fix or a reachability
    // question on the ticket, and Network Watcher or listing questions on other flows.
    let kinds: std::collections::HashSet<_> = all
        .iter()
        .flat_map(|g| g.questions.iter().map(|q| q.kind))
        .collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
}

/// The check catches what the second reader found: a fix stem on the reachability question's
/// flow (5353-0012-1/2), and a stem quoting another question's key.
#[test]
fn a_planted_overlap_is_caught() {
    let all = cases(1..3, 20);
    // A case whose opening flow is between two VMs (a flow to a DNS name is told by name).
    let g = all
        .iter()
        .find(|g| {
            let t = g.topology.as_ref().unwrap();
            g.questions[0]
                .flow
                .as_ref()
                .is_some_and(|f| t.vm(&f.from).is_some() && t.vm(&f.to).is_some())
        })
        .expect("a case study between two VMs");
    assert_eq!(overlap(g), None);
    let t = g.topology.as_ref().unwrap();
    let flow = g.questions[0]
        .flow
        .clone()
        .expect("the opening is a reachability question");
    // The same flow, told as a ticket in another question's stem.
    let mut same = g.clone();
    same.questions[1].prompt = format!(
        "A health check from {} to {} on TCP {} fails. Which change fixes it?",
        flow.from, flow.to, flow.port
    );
    let why = overlap(&same).expect("a shared flow is caught");
    assert!(why.contains(&flow.from) || why.contains(&flow.to), "{why}");
    // Another question's key, quoted in a stem.
    let keyed: Option<(usize, String)> = g.questions.iter().enumerate().find_map(|(i, q)| {
        let k = q.answer.first().and_then(|&a| q.choices.get(a))?;
        (k.len() >= 8 && t.vm(k).is_none()).then(|| (i, k.clone()))
    });
    let (i, key) = keyed.expect("a question with a text key");
    let mut quoted = g.clone();
    let other = if i == 0 { 1 } else { 0 };
    let q: &mut Question = &mut quoted.questions[other];
    q.prompt
        .push_str(&format!(" A colleague has already seen {key}."));
    let why = overlap(&quoted).expect("a quoted key is caught");
    assert!(why.contains("key"), "{why}");
}

/// A flow told by DNS name is a flow to the machine the name resolves to: a question on
/// `vm-a -> db.contoso.internal` and one on `vm-a -> vm-db` ask about one pair (the check
/// compared the name with the machine's name and address, and let it through).
#[test]
fn a_planted_overlap_through_a_dns_name_is_caught() {
    let all = cases(1..7, 40);
    // A case with a question on a flow between two VMs, one of which a zone record names.
    let (g, j, name) = all
        .iter()
        .find_map(|g| {
            let t = g.topology.as_ref().unwrap();
            g.questions.iter().enumerate().find_map(|(j, q)| {
                let f = q.flow.as_ref()?;
                let to = t.vm(&f.to)?;
                t.vm(&f.from)?;
                let name = t.dns_zones.iter().find_map(|z| {
                    let (r, _) = z.records.iter().find(|(_, ip)| **ip == to.ip)?;
                    Some(format!("{r}.{}", z.name))
                })?;
                Some((g, j, name))
            })
        })
        .expect("a case study with a flow to a VM that a DNS record names");
    assert_eq!(overlap(g), None);
    let flow = g.questions[j].flow.clone().unwrap();
    let other = if j == 0 { 1 } else { 0 };
    let mut same = g.clone();
    same.questions[other].prompt = format!(
        "Users on {} report that https://{name} on TCP {} times out. Which change fixes it?",
        flow.from, flow.port
    );
    assert!(
        !same.questions[other].prompt.contains(&flow.to),
        "the plant names the destination by DNS name only"
    );
    let why = overlap(&same).expect("a flow to a DNS name is the flow to its machine");
    assert!(why.contains(&flow.from) && why.contains(&flow.to), "{why}");
}

/// What a sentence of an item must not assert (RULES.md §8): how a Disconnected side is
/// recovered by re-creating both sides, and gateway transit across regions.
fn states_s8(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for s in lower.split(". ") {
        let both = s.contains("both sides") || s.contains("both virtual networks");
        let again = ["again", "re-create", "recreate"]
            .iter()
            .any(|w| s.contains(w));
        if both && again {
            return Some(s.to_string());
        }
        if s.contains("disconnected") && s.contains("must be deleted and created again") {
            return Some(s.to_string());
        }
        let transit = s.contains("gateway transit") || s.contains("remote gateway");
        let global = [
            "global peering",
            "across regions",
            "another region",
            "other region",
        ]
        .iter()
        .any(|w| s.contains(w));
        if transit && global {
            return Some(s.to_string());
        }
    }
    None
}

fn texts(q: &Question) -> Vec<&str> {
    let mut v = vec![q.prompt.as_str(), q.explanation.as_str()];
    v.extend(q.scenario.as_deref());
    v.extend(q.choices.iter().map(String::as_str));
    v.extend(q.rationales.iter().map(String::as_str));
    v
}

#[test]
fn the_planted_s8_lines_are_caught() {
    for bad in [
        "It must be deleted and both sides created again: creating only b again is refused.",
        "peering p on a is Disconnected because its other side was deleted; delete it and create both sides again",
        "Create the missing side; a Disconnected side must be deleted and created again.",
        "The spokes use the hub's VPN gateway through gateway transit over global peering.",
    ] {
        assert!(states_s8(bad).is_some(), "{bad}");
    }
    for fine in [
        "Creating b-to-a again is refused until a-to-b is deleted and created again.",
        "hub-vnet has a VPN gateway to the datacenter site, which the spokes use through gateway transit.",
        "Deleting a peering in the portal removes both sides.",
    ] {
        assert_eq!(states_s8(fine), None, "{fine}");
    }
}

#[test]
fn no_generated_item_states_an_s8_point() {
    let mut bad = Vec::new();
    let mut n = 0;
    for seed in 1..9 {
        for g in generate::generate(seed, 150, &Filter::default()) {
            for q in &g.questions {
                n += 1;
                bad.extend(
                    texts(q)
                        .into_iter()
                        .filter_map(states_s8)
                        .map(|s| format!("{}: {s}", q.id)),
                );
            }
            // A case's scenario says the spokes use the hub's gateway: only in one region.
            if g.template == Template::CaseStudy
                && let Some(t) = &g.topology
                && g.questions[0]
                    .scenario
                    .as_deref()
                    .is_some_and(|s| s.contains("gateway transit"))
                && t.vnets.iter().any(|v| v.region != t.vnets[0].region)
            {
                bad.push(format!(
                    "{}: gateway transit across regions",
                    g.questions[0].id
                ));
            }
        }
    }
    assert!(n >= 1000, "{n} questions");
    assert!(bad.is_empty(), "{} of {n}: {bad:#?}", bad.len());
}

/// Peering-state items offer "It no longer exists" only where the story deletes something
/// (the second reader, 4242-0006 and 5353-0006).
#[test]
fn gone_is_offered_only_after_a_delete() {
    let filter = Filter {
        template: Some(Template::PeeringState),
        ..Filter::default()
    };
    let mut seen = (0, 0);
    for seed in 1..6 {
        for g in generate::generate(seed, 40, &filter) {
            let q = &g.questions[0];
            if !q.prompt.contains("What peering status") {
                continue;
            }
            let gone = q.choices.iter().any(|c| c == "It no longer exists");
            assert_eq!(gone, q.prompt.contains("deletes"), "{}: {q:#?}", q.id);
            if gone {
                seen.0 += 1;
            } else {
                seen.1 += 1;
            }
            assert_eq!(q.choices.len(), 4);
        }
    }
    assert!(seen.0 > 5 && seen.1 > 5, "{seen:?}");
}
