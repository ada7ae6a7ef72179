//! The bank must not hinge on a point RULES.md §8 marks as disputed (issue 11): `check` asks
//! each question again under every alternative reading that could matter for its topology
//! ([`Reading::relevant`], the machinery the generator uses to drop its own such questions) and
//! fails a question whose key would change: a reachability verdict or reason, the set of fix
//! choices that meet every goal, or which settings of a configure question meet them.

use super::{Bank, Goal, Kind, Located, Question, set_flags};
use crate::eval::{FlowSpec, Network, Reading, Reason, Verdict};
use crate::model::{Diagnostic, Topology, peering_index};

/// The error code of a question whose key changes under a disputed reading.
pub const CODE: &str = "key-hinges-on-reading";

/// Configure settings tried per question: all of them up to this many, else a fixed spread-out
/// sample of this size (the same sample as the bank's own test).
const MAX_CONFIGURE_SETTINGS: u32 = 4096;
const SAMPLE: u32 = 3000;

/// One problem per question whose key changes under some reading (the first reading found).
pub fn check(bank: &Bank) -> Vec<Located> {
    bank.questions
        .iter()
        .filter(|q| q.kind.is_evaluated())
        .filter_map(|q| {
            let t = bank.topology_of(q)?;
            let (r, why) = hinge(q, t)?;
            Some(Located {
                file: q.file.clone(),
                diag: Diagnostic::error(
                    q.pos,
                    CODE,
                    format!(
                        "question {:?}: the key changes under a disputed reading of RULES.md §8 ({}): {why}; state the setting the answer depends on or change the topology so it does not depend on it",
                        q.id,
                        r.describe()
                    ),
                ),
            })
        })
        .collect()
}

/// The readings that `check --explain` reports for a question: the ones that could change
/// anything in its topology (after any fix choice is applied).
pub fn relevant_for(q: &Question, t: &Topology) -> Vec<Reading> {
    let mut out = Reading::relevant(t);
    for edits in &q.changes {
        let mut w = t.clone();
        if edits.iter().all(|e| e.apply(&mut w).is_ok()) {
            for r in Reading::relevant(&w) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}

fn hinge(q: &Question, t: &Topology) -> Option<(Reading, String)> {
    if q.kind == Kind::Configure {
        return configure_hinge(q, t);
    }
    relevant_for(q, t)
        .into_iter()
        .find_map(|r| differs(q, t, r).map(|why| (r, why)))
}

fn spec(g: &Goal) -> FlowSpec {
    FlowSpec {
        from: g.flow.from.clone(),
        to: g.flow.to.clone(),
        port: g.flow.port,
        protocol: g.flow.protocol,
    }
}

fn key(t: &Topology, q: &Question, r: Reading) -> Option<(Verdict, Reason)> {
    let flow = q.flow.as_ref()?;
    let s = FlowSpec {
        from: flow.from.clone(),
        to: flow.to.clone(),
        port: flow.port,
        protocol: flow.protocol,
    };
    let tr = Network::with_reading(t, r).trace(&s).ok()?;
    Some((tr.verdict, tr.reason))
}

fn holds(t: &Topology, goals: &[Goal], r: Reading) -> bool {
    let net = Network::with_reading(t, r);
    goals
        .iter()
        .all(|g| net.trace(&spec(g)).is_ok_and(|tr| tr.verdict == g.expect))
}

fn correct(t: &Topology, q: &Question, r: Reading) -> Vec<usize> {
    (0..q.changes.len())
        .filter(|&i| {
            let mut w = t.clone();
            q.changes[i].iter().all(|e| e.apply(&mut w).is_ok()) && holds(&w, &q.goals, r)
        })
        .collect()
}

/// How the key under `r` differs from the default key, if it does.
fn differs(q: &Question, t: &Topology, r: Reading) -> Option<String> {
    match q.kind {
        Kind::Reachability => {
            let (a, b) = (key(t, q, Reading::default())?, key(t, q, r)?);
            (a != b).then(|| {
                format!(
                    "{} ({}) by default, {} ({}) under it",
                    a.0.as_str(),
                    a.1.code(),
                    b.0.as_str(),
                    b.1.code()
                )
            })
        }
        Kind::Fix => {
            let (a, b) = (correct(t, q, Reading::default()), correct(t, q, r));
            (a != b).then(|| format!("choices {a:?} are correct by default, {b:?} under it"))
        }
        _ => None,
    }
}

/// A configure question: every setting of its editable peerings (or a spread-out sample) must
/// meet the goals under every relevant reading exactly when it does by default.
fn configure_hinge(q: &Question, t: &Topology) -> Option<(Reading, String)> {
    let idx: Vec<usize> = q
        .editable
        .iter()
        .map(|n| peering_index(t, n).ok())
        .collect::<Option<_>>()?;
    let bits = 4 * idx.len() as u32;
    if bits >= 32 {
        return None;
    }
    let all = 1u32 << bits;
    let settings: Vec<u32> = if all <= MAX_CONFIGURE_SETTINGS {
        (0..all).collect()
    } else {
        (0..SAMPLE)
            .map(|i| i.wrapping_mul(2_654_435_761) & (all - 1))
            .collect()
    };
    let mut w = t.clone();
    for s in settings {
        for (k, &i) in idx.iter().enumerate() {
            set_flags(
                &mut w.peerings[i],
                std::array::from_fn(|b| s >> (4 * k as u32 + b as u32) & 1 == 1),
            );
        }
        // A learner who sets both gateway flags on one editable peering relies on the very
        // point in dispute; the configure search never proposes such a setting (it prunes
        // the combinations Azure may refuse on their own), so that reading is not asked of it.
        let both_flags = idx.iter().any(|&i| {
            let p = &w.peerings[i];
            p.allow_gateway_transit && p.use_remote_gateways
        });
        let readings: Vec<Reading> = Reading::relevant(&w)
            .into_iter()
            .filter(|r| !(both_flags && r.both_gateway_flags_refused))
            .collect();
        if readings.is_empty() {
            continue;
        }
        let base = holds(&w, &q.goals, Reading::default());
        if let Some(r) = readings
            .into_iter()
            .find(|r| holds(&w, &q.goals, *r) != base)
        {
            let flags: Vec<String> = idx
                .iter()
                .map(|&i| {
                    let p = &w.peerings[i];
                    format!(
                        "{} [access {}, forwarded {}, transit {}, remote gateways {}]",
                        p.name,
                        on(p.allow_virtual_network_access),
                        on(p.allow_forwarded_traffic),
                        on(p.allow_gateway_transit),
                        on(p.use_remote_gateways)
                    )
                })
                .collect();
            return Some((
                r,
                format!(
                    "the setting {} {} the goals by default but {} them under it",
                    flags.join(", "),
                    if base { "meets" } else { "fails" },
                    if base { "fails" } else { "meets" },
                ),
            ));
        }
    }
    None
}

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}
