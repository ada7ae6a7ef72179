//! Issue 10, the second reader's findings on generated items that a test-wise candidate could
//! answer without the network, or that teach a false fix:
//! - the one long outcome label ("... only connected through another VNet, and peering is not
//!   transitive", 93 characters beside ~65) was the key of several reachability items;
//! - the not-transitive explanation said "Peer them directly" where a user-defined route of
//!   the same prefix still sends the traffic (or its reply) through the hub's appliance;
//! - a fix item's key "Delete the peering on X, then create the peering on both X and Y" sat
//!   beside "Delete the peering X-to-Y and create it again", the key less a clause;
//! - a sequence item's first step, the peering with the hub's forwarded traffic, was its
//!   longest option.
//!
//! Each check runs over generated items and each can fail (the `finds_` tests plant the
//! defect it looks for).

use peerlab::bank::{Kind, Question, reach_label, reason_text};
use peerlab::eval::{FlowSpec, Network, Reason, Verdict};
use peerlab::generate::{Filter, Generated, Template, generate};
use peerlab::model::{Peering, Protocol, Topology};

fn items(seeds: std::ops::RangeInclusive<u64>, each: usize, filter: &Filter) -> Vec<Generated> {
    seeds.flat_map(|s| generate(s, each, filter)).collect()
}

fn median(mut v: Vec<usize>) -> f64 {
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    }
}

/// The outcome labels of a reachability item (or the cause texts of a why item) that are more
/// than 1.3 times as long as the median of the others offered with them.
fn long_labels(choices: &[String]) -> Vec<String> {
    let len = |s: &String| s.chars().count();
    (0..choices.len())
        .filter(|&i| {
            let others: Vec<usize> = (0..choices.len())
                .filter(|&j| j != i)
                .map(|j| len(&choices[j]))
                .collect();
            !others.is_empty() && len(&choices[i]) as f64 > 1.3 * median(others)
        })
        .map(|i| choices[i].clone())
        .collect()
}

/// The key's index among the outcomes a reachability item offers.
fn reach_key(q: &Question) -> Option<usize> {
    let k = q.key.as_ref()?;
    let r = if k.verdict == Verdict::Reachable {
        Reason::Ok
    } else {
        k.reason
    };
    q.offered.iter().position(|x| *x == r)
}

fn strictly_longest(choices: &[String], k: usize) -> bool {
    let len = |i: usize| choices[i].chars().count();
    (0..choices.len()).all(|i| i == k || len(i) < len(k))
}

/// Every outcome label is within 1.3 times the median of the labels offered beside it, in
/// every generated reachability item and every cause ("What is the cause?") item; the
/// catalogue as a whole too. Over 1,000 generated items (seeds 1 to 4), 178 labels stood out
/// so before (the 93-character not-transitive label, the 99-character access-disabled one,
/// and in cause items the DNS and gateway-transit texts), none after; the reachability key
/// is strictly the longest option in 34 of 164 before and 37 after (fair odds: 41).
#[test]
fn no_outcome_label_stands_out_by_length() {
    let gens = items(1..=4, 250, &Filter::default());
    let (mut reach, mut longest, mut fair) = (0, 0, 0.0);
    let mut bad = Vec::new();
    for q in gens.iter().flat_map(|g| g.questions.iter()) {
        let texts: Vec<&str> = Reason::ALL.iter().map(|r| reason_text(*r)).collect();
        let cause = q.kind == Kind::Single && q.choices.iter().all(|c| texts.contains(&c.as_str()));
        if !(q.kind == Kind::Reachability || cause) {
            continue;
        }
        let choices = if q.kind == Kind::Reachability {
            q.offered.iter().map(|r| reach_label(*r)).collect()
        } else {
            q.choices.clone()
        };
        if q.kind == Kind::Reachability
            && let Some(k) = reach_key(q)
        {
            reach += 1;
            longest += usize::from(strictly_longest(&choices, k));
            fair += 1.0 / choices.len() as f64;
        }
        for l in long_labels(&choices) {
            bad.push(format!("{}: {l}", q.id));
        }
    }
    println!(
        "reachability items: {reach}; key strictly longest in {longest} (fair {fair:.0}); labels 1.3 times the median beside them: {}",
        bad.len()
    );
    let all: Vec<String> = Reason::ALL.iter().map(|r| reach_label(*r)).collect();
    let long = long_labels(&all);
    assert!(
        long.is_empty(),
        "labels much longer than the rest: {long:#?}"
    );
    assert!(reach >= 100, "{reach} reachability items");
    assert!(bad.is_empty(), "{} long labels: {bad:#?}", bad.len());
}

#[test]
fn finds_a_label_that_stands_out_by_length() {
    let mut v: Vec<String> = [Reason::NsgDeny, Reason::UdrDrop, Reason::NoRoute]
        .iter()
        .map(|r| reach_label(*r))
        .collect();
    assert!(long_labels(&v).is_empty());
    // The label the second reader found.
    v.push(
        "Unreachable: The VNets are only connected through another VNet, and peering is not transitive"
            .to_string(),
    );
    assert_eq!(long_labels(&v).len(), 1);
}

/// The two VNets an explanation or a rationale tells the learner to peer directly, if it does:
/// "Peer them directly" after "X and Y are each peered with H ..." / "X and Y are linked only
/// through ...", or "Peer X directly with Y" in the key's line.
fn peer_advice(text: &str) -> Option<(String, String)> {
    if let Some(at) = text.find("Peer them directly") {
        let before = &text[..at];
        for mark in [" are each peered with ", " are linked only through "] {
            if let Some(m) = before.rfind(mark) {
                let head: Vec<&str> = before[..m].split_whitespace().collect();
                let n = head.len();
                if n >= 3 && head[n - 2] == "and" {
                    return Some((head[n - 3].to_string(), head[n - 1].to_string()));
                }
            }
        }
        return Some((String::new(), String::new()));
    }
    let at = text.find("Peer ")?;
    let w: Vec<&str> = text[at..].split_whitespace().collect();
    (w.len() >= 5 && w[2] == "directly" && w[3] == "with").then(|| {
        (
            w[1].to_string(),
            w[4].trim_end_matches(['.', ',', ';']).to_string(),
        )
    })
}

/// The flow an explanation is about: "(Before the change, )A cannot reach B on TCP P."
fn explained_flow(text: &str) -> Option<FlowSpec> {
    let text = text.strip_prefix("Before the change, ").unwrap_or(text);
    let (from, rest) = text.split_once(" cannot reach ")?;
    let (to, rest) = rest.split_once(" on TCP ")?;
    let port: u16 = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    Some(FlowSpec {
        from: from.to_string(),
        to: to.to_string(),
        port,
        protocol: Protocol::Tcp,
    })
}

/// Whether peering `a` and `b` directly (both sides, as the portal creates them, so
/// Connected) lets the flow through.
fn direct_peering_reaches(t: &Topology, a: &str, b: &str, spec: &FlowSpec) -> bool {
    let mut t = t.clone();
    t.peerings.push(Peering::new(a, b));
    t.peerings.push(Peering::new(b, a));
    Network::new(&t)
        .trace(spec)
        .is_ok_and(|tr| tr.verdict == Verdict::Reachable)
}

/// The texts of `q` that advise peering directly but whose advice the evaluator refutes.
fn false_peer_advice(t: &Topology, q: &Question) -> (usize, Vec<String>) {
    let mut texts: Vec<&String> = vec![&q.explanation];
    // A wrong option's line may name the direct peering it rules out; only the key's line
    // recommends.
    texts.extend(q.rationales.iter().filter(|r| r.starts_with("Correct.")));
    let (mut advised, mut bad) = (0, Vec::new());
    for text in texts {
        let Some((a, b)) = peer_advice(text) else {
            continue;
        };
        advised += 1;
        let ok = explained_flow(&q.explanation)
            .is_some_and(|spec| !a.is_empty() && direct_peering_reaches(t, &a, &b, &spec));
        if !ok {
            bad.push(format!("{}: {text}", q.id));
        }
    }
    (advised, bad)
}

/// Over 1,000 generated items, every explanation or key line that tells the learner to peer
/// two VNets directly is proven: with that peering added (both sides, Connected) the flow the
/// explanation is about passes. Before, 31 of 195 such texts were false (a route of the same
/// prefix still sent the traffic or its reply through the hub's appliance); after, none.
#[test]
#[ignore = "fixed in a later commit"]
fn peering_directly_is_advised_only_where_it_fixes_the_flow() {
    let gens = items(1..=4, 250, &Filter::default());
    let (mut advised, mut bad) = (0, Vec::new());
    for g in &gens {
        let Some(t) = &g.topology else { continue };
        for q in &g.questions {
            let (n, b) = false_peer_advice(t, q);
            advised += n;
            bad.extend(b);
        }
    }
    println!(
        "texts that advise peering directly: {advised}; refuted by the evaluator: {}",
        bad.len()
    );
    assert!(
        advised >= 20,
        "only {advised} texts advise peering directly"
    );
    assert!(bad.is_empty(), "{} false: {:#?}", bad.len(), bad);
}

#[test]
fn finds_peer_advice_that_does_not_fix_the_flow() {
    assert_eq!(
        peer_advice(
            "x and y are each peered with h but not with each other. Peer them directly, or"
        ),
        Some(("x".to_string(), "y".to_string()))
    );
    assert_eq!(
        peer_advice("Correct. Peer spoke-a directly with spoke-b."),
        Some(("spoke-a".to_string(), "spoke-b".to_string()))
    );
    // A network whose flow a direct peering does not fix: an item whose key is not the lack
    // of a peering (the flow passes a firewall that denies it), told to peer directly.
    let gens = items(1..=4, 250, &Filter::default());
    let (g, q) = gens
        .iter()
        .filter(|g| g.topology.is_some())
        .flat_map(|g| g.questions.iter().map(move |q| (g, q)))
        .find(|(g, q)| {
            explained_flow(&q.explanation).is_some_and(|spec| {
                let t = g.topology.as_ref().unwrap();
                let (Some(a), Some(b)) = (t.vm(&spec.from), t.vm(&spec.to)) else {
                    return false;
                };
                a.vnet != b.vnet && !direct_peering_reaches(t, &a.vnet, &b.vnet, &spec)
            })
        })
        .expect("a flow a direct peering does not fix");
    let t = g.topology.as_ref().unwrap();
    let spec = explained_flow(&q.explanation).unwrap();
    let (a, b) = (
        &t.vm(&spec.from).unwrap().vnet,
        &t.vm(&spec.to).unwrap().vnet,
    );
    let mut planted = q.clone();
    planted.explanation = format!(
        "{} {a} and {b} are each peered with hub-vnet but not with each other. Peer them directly.",
        q.explanation
    );
    assert_eq!(false_peer_advice(t, &planted).1.len(), 1);
}

/// The content words of an option: lower case, split at spaces and hyphens (a peering's
/// name `x-to-y` holds the VNets the key names), with the small words left out.
fn content_words(text: &str) -> Vec<String> {
    const SMALL: [&str; 16] = [
        "a", "an", "the", "and", "or", "on", "of", "to", "in", "it", "then", "both", "with", "for",
        "from", "its",
    ];
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '/'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty() && !SMALL.contains(&w.as_str()))
        .collect()
}

/// Whether `wrong` is `key` less a clause: at least 80% of its words are in `key`, which has
/// at least two words more.
fn inside(wrong: &str, key: &str) -> bool {
    let k = content_words(key);
    let w = content_words(wrong);
    // Two options of one form that differ in a name or a number ("sync the peering x-to-y"
    // beside "y-to-x") have as many words: parallel options, not a key with a clause more.
    k.len() >= w.len() + 2
        && !w.is_empty()
        && w.iter().filter(|x| k.contains(x)).count() * 5 >= w.len() * 4
}

/// In no generated fix item is a wrong option the key less a clause (its content words at
/// least 80% inside the key's): a candidate picks the fuller of two near-copies. Over 1,000
/// generated items: 12 of 177 fix items before, none after.
#[test]
#[ignore = "fixed in a later commit"]
fn no_wrong_fix_is_the_key_less_a_clause() {
    let gens = items(1..=4, 250, &Filter::default());
    let (mut fix, mut bad) = (0, Vec::new());
    for q in gens.iter().flat_map(|g| g.questions.iter()) {
        if q.kind != Kind::Fix || q.answer.len() != 1 {
            continue;
        }
        fix += 1;
        let key = &q.choices[q.answer[0]];
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer[0] && inside(c, key) {
                bad.push(format!("{}: {c:?} inside {key:?}", q.id));
            }
        }
    }
    println!(
        "fix items: {fix}; wrong options inside the key: {}",
        bad.len()
    );
    assert!(fix >= 50, "{fix} fix items");
    assert!(bad.is_empty(), "{} near-subsets: {bad:#?}", bad.len());
}

#[test]
fn finds_a_wrong_fix_inside_the_key() {
    let key =
        "Delete the peering on spoke-web, then create the peering on both spoke-web and hub-vnet";
    assert!(inside(
        "Delete the peering spoke-web-to-hub-vnet and create it again",
        key
    ));
    assert!(!inside(
        "Allow forwarded traffic on spoke-web-to-hub-vnet",
        key
    ));
    assert!(!inside(
        "On hub-vnet, sync the peering hub-vnet-to-spoke-web",
        "Sync the peering spoke-web-to-hub-vnet"
    ));
}

/// Over 100 generated sequence items, the longest option is in the key no more often than
/// chance (3 of the 5 or 6 options are): before, the peering step or the ExpressRoute
/// gateway step was the longest in most items.
#[test]
#[ignore = "fixed in a later commit"]
fn the_longest_step_is_not_the_key_more_than_chance() {
    let filter = Filter {
        template: Some(Template::Sequence),
        ..Default::default()
    };
    let gens = items(1..=5, 20, &filter);
    let (mut n, mut hits, mut fair) = (0, 0, 0.0);
    for q in gens.iter().flat_map(|g| g.questions.iter()) {
        n += 1;
        let len = |i: usize| q.choices[i].chars().count();
        let top = (0..q.choices.len()).max_by_key(|&i| len(i)).unwrap();
        let strict = (0..q.choices.len()).all(|i| i == top || len(i) < len(top));
        hits += usize::from(strict && q.answer.contains(&top));
        fair += q.answer.len() as f64 / q.choices.len() as f64;
    }
    println!(
        "sequence items: {n}; the strictly longest option is in the key in {hits} (fair {fair:.0})"
    );
    assert!(n >= 100, "{n} sequence items");
    assert!(
        hits as f64 <= fair,
        "the longest option is in the key in {hits} of {n}, fair {fair:.0}"
    );
}
