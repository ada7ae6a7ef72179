//! Third reading (reader3) of two item forms. A yes-no series repeated one fact: three
//! statements that all failed at "no rule of hub-fw matches", or two "a spoke reaches its own
//! hub". A path-order item named both ends in its stem, so its first and last places were
//! given and the middle followed.

use peerlab::bank::{Kind, Question};
use peerlab::eval::{FlowSpec, Leg, Network, Reason, Trace, Verdict};
use peerlab::generate::{self, Filter, Generated, Template};
use peerlab::model::{Protocol, Topology};
use std::collections::BTreeMap;

fn items(template: Template, seeds: std::ops::RangeInclusive<u64>, each: usize) -> Vec<Generated> {
    let filter = Filter {
        template: Some(template),
        ..Default::default()
    };
    seeds
        .flat_map(|s| generate::generate(s, each, &filter))
        .collect()
}

fn trace(t: &Topology, from: &str, to: &str, port: u16) -> Trace {
    Network::new(t)
        .trace(&FlowSpec {
            from: from.to_string(),
            to: to.to_string(),
            port,
            protocol: Protocol::Tcp,
        })
        .expect("a generated flow traces")
}

/// "A can open a TCP connection to B on port P." -> (A, B, P).
fn statement_flow(q: &Question) -> (String, String, u16) {
    let w: Vec<&str> = q.prompt.trim_end_matches('.').split_whitespace().collect();
    assert_eq!(
        &w[1..7],
        &["can", "open", "a", "TCP", "connection", "to"],
        "{}",
        q.prompt
    );
    (
        w[0].to_string(),
        w[7].to_string(),
        w[10].parse().expect("a port"),
    )
}

/// What decides a statement, read from its trace: the reason and the place of the first
/// failing check, or what a passing flow goes through besides a peering (appliances and
/// gateways; "direct" when nothing).
fn fact(t: &Topology, tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        let mut via: Vec<&str> = tr
            .hops
            .iter()
            .filter(|h| {
                h.leg == Leg::Request && matches!(h.step, "appliance" | "firewall" | "gateway")
            })
            .map(|h| h.at.as_str())
            .collect();
        via.dedup();
        format!("passes via [{}]", via.join(", "))
    } else {
        let stop = tr.hops.iter().find(|h| !h.ok);
        // A site's host stands for its site (the request from it and the reply to it stop at
        // the same routes); a missing route is one fact either way; not transitive is one
        // lesson wherever it shows.
        let mut at = stop.map_or(String::new(), |h| h.at.clone());
        if let Some(s) = t
            .sites
            .iter()
            .find(|s| s.hosts.iter().any(|x| x.name == at))
        {
            at = format!("site {}", s.name);
        }
        match tr.reason {
            Reason::NoRoute | Reason::NoReturnRoute => format!("route at {at}"),
            Reason::NotTransitive => "not-transitive".to_string(),
            r => format!("{} at {at}", r.code()),
        }
    }
}

#[test]
fn yes_no_statements_each_turn_on_their_own_fact() {
    let gens = items(Template::YesNo, 1..=40, 30);
    let (mut series, mut mixed) = (0, 0);
    let mut bad = Vec::new();
    for g in &gens {
        let t = g.topology.as_ref().expect("a yes-no series has a network");
        let mut facts: BTreeMap<String, String> = BTreeMap::new();
        let mut answers = Vec::new();
        for q in &g.questions {
            assert_eq!(q.kind, Kind::YesNo);
            let (from, to, port) = statement_flow(q);
            let tr = trace(t, &from, &to, port);
            // The key agrees with the trace (Yes = reachable).
            assert_eq!(
                q.answer == [0],
                tr.verdict == Verdict::Reachable,
                "{}",
                q.id
            );
            answers.push(q.answer[0]);
            let f = fact(t, &tr);
            if let Some(other) = facts.insert(f.clone(), q.id.clone()) {
                bad.push(format!("{} and {other} both turn on {f}", q.id));
            }
        }
        series += 1;
        if answers.iter().any(|a| *a != answers[0]) {
            mixed += 1;
        }
    }
    println!("{series} series, {mixed} mixed");
    assert!(series >= 300, "{series} series");
    assert!(bad.is_empty(), "{} repeats:\n{}", bad.len(), bad.join("\n"));
    // Three times the same answer only where the network has nothing else to ask.
    assert!(
        100 * mixed >= 85 * series,
        "{mixed} of {series} series mix Yes and No"
    );
}

// The sequence items (template `sequence`) are replayed in tests/sequence_items.rs.

/// The default rotation asks the sequence item, not the path-order one (whose stem gives
/// away the first and last places); path order is made only when asked for by name.
#[test]
fn the_rotation_asks_sequences_not_path_orders() {
    let gens = generate::generate(77, 60, &Filter::default());
    assert!(gens.iter().all(|g| g.template != Template::PathOrder));
    assert!(gens.iter().any(|g| g.template == Template::Sequence));
    let named = items(Template::PathOrder, 1..=1, 3);
    assert!(!named.is_empty() && named.iter().all(|g| g.template == Template::PathOrder));
}
