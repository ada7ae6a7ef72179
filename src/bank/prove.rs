//! Proving network questions with the evaluator: the key of a reachability question, the
//! correct choices of a fix question, and a solution of a configure question.

use super::*;
use crate::eval::{FlowSpec, Network};
use crate::model::peering_index;

/// How one goal fares on a topology.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalResult {
    pub goal: Goal,
    pub verdict: Verdict,
    pub reason: Reason,
    pub holds: bool,
    pub explanation: String,
}

/// Traces every goal on `t`. `Err` when a goal names a machine the topology lacks.
pub fn check_goals(t: &Topology, goals: &[Goal]) -> Result<Vec<GoalResult>, String> {
    let net = Network::new(t);
    goals
        .iter()
        .map(|g| {
            let spec = FlowSpec {
                from: g.flow.from.clone(),
                to: g.flow.to.clone(),
                port: g.flow.port,
                protocol: g.flow.protocol,
            };
            let tr = net.trace(&spec).map_err(|e| e.to_string())?;
            Ok(GoalResult {
                goal: g.clone(),
                verdict: tr.verdict,
                reason: tr.reason,
                holds: tr.verdict == g.expect,
                explanation: tr.explanation,
            })
        })
        .collect()
}

/// Whether every goal holds, stopping at the first that does not (the configure search tries
/// thousands of settings, nearly all failing early).
fn all_hold(t: &Topology, goals: &[Goal]) -> Result<bool, String> {
    let net = Network::new(t);
    for g in goals {
        let spec = FlowSpec {
            from: g.flow.from.clone(),
            to: g.flow.to.clone(),
            port: g.flow.port,
            protocol: g.flow.protocol,
        };
        if net.trace(&spec).map_err(|e| e.to_string())?.verdict != g.expect {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The four configurable flags of a peering, in [`FlagSet`] order.
pub fn flags_of(p: &crate::model::Peering) -> FlagSet {
    [
        p.allow_virtual_network_access,
        p.allow_forwarded_traffic,
        p.allow_gateway_transit,
        p.use_remote_gateways,
    ]
}

pub fn set_flags(p: &mut crate::model::Peering, f: FlagSet) {
    p.allow_virtual_network_access = f[0];
    p.allow_forwarded_traffic = f[1];
    p.allow_gateway_transit = f[2];
    p.use_remote_gateways = f[3];
}

/// A setting of the editable peerings that meets every goal, nearest to the current setting
/// first (so the solution shown changes as few flags as possible); `None` when none exists.
pub fn solve_configure(
    t: &Topology,
    editable: &[String],
    goals: &[Goal],
) -> Result<Option<Vec<(String, FlagSet)>>, String> {
    let idx: Vec<usize> = editable
        .iter()
        .map(|n| peering_index(t, n))
        .collect::<Result<_, _>>()?;
    let bits = 4 * idx.len();
    let start: u32 = idx
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            flags_of(&t.peerings[i])
                .iter()
                .enumerate()
                .map(|(b, &on)| (on as u32) << (4 * k + b))
                .sum::<u32>()
        })
        .sum();
    let mut work = t.clone();
    // Masks by number of flipped flags, fewest first (Gosper's hack walks each popcount in
    // increasing order without building and sorting all 2^bits of them).
    for flips in 0..=bits {
        let mut mask: u32 = (1u32 << flips) - 1;
        let limit: u32 = 1 << bits;
        while mask < limit {
            let setting = start ^ mask;
            for (k, &i) in idx.iter().enumerate() {
                let f: FlagSet = std::array::from_fn(|b| setting >> (4 * k + b) & 1 == 1);
                set_flags(&mut work.peerings[i], f);
            }
            if all_hold(&work, goals)? {
                return Ok(Some(
                    idx.iter()
                        .map(|&i| (work.peerings[i].name.clone(), flags_of(&work.peerings[i])))
                        .collect(),
                ));
            }
            if mask == 0 {
                break;
            }
            let c = mask & mask.wrapping_neg();
            let r = mask + c;
            mask = (((r ^ mask) >> 2) / c) | r;
        }
    }
    Ok(None)
}

fn err(q: &Question, code: &str, msg: String) -> Located {
    Located {
        file: q.file.clone(),
        diag: Diagnostic::error(q.pos, code, format!("question {:?}: {msg}", q.id)),
    }
}

fn verdict_str(v: Verdict, r: Reason) -> String {
    format!("{} ({})", v.as_str(), r.code())
}

pub(super) fn prove_all(bank: &mut Bank) -> Vec<Located> {
    let mut out = Vec::new();
    let topologies = std::mem::take(&mut bank.topologies);
    for q in bank.questions.iter_mut().filter(|q| q.kind.is_evaluated()) {
        let Some(t) = q.topology.as_ref().and_then(|k| topologies.get(k)) else {
            continue;
        };
        if let Err(e) = prove(q, t) {
            out.push(e);
        }
    }
    bank.topologies = topologies;
    out
}

fn prove(q: &mut Question, t: &Topology) -> Result<(), Located> {
    match q.kind {
        Kind::Reachability => {
            let Some(flow) = &q.flow else { return Ok(()) };
            let goal = Goal {
                flow: flow.clone(),
                expect: Verdict::Reachable,
            };
            let r = check_goals(t, &[goal])
                .map_err(|e| err(q, "bad-flow", e))?
                .remove(0);
            if let Some(v) = q.authored_verdict
                && v != r.verdict
            {
                return Err(err(
                    q,
                    "key-disagrees",
                    format!(
                        "expect = {:?}, but the evaluator finds {}: {}",
                        v.as_str(),
                        verdict_str(r.verdict, r.reason),
                        r.explanation
                    ),
                ));
            }
            if let Some(reason) = q.authored_reason
                && reason != r.reason
            {
                return Err(err(
                    q,
                    "key-disagrees",
                    format!(
                        "reason = {:?}, but the evaluator finds {}: {}",
                        reason.code(),
                        verdict_str(r.verdict, r.reason),
                        r.explanation
                    ),
                ));
            }
            if !q.offered.is_empty() && !q.offered.contains(&r.reason) {
                return Err(err(
                    q,
                    "key-not-offered",
                    format!(
                        "the evaluator finds {}, which is not among the choices; add {:?}",
                        verdict_str(r.verdict, r.reason),
                        r.reason.code()
                    ),
                ));
            }
            q.key = Some(ReachKey {
                verdict: r.verdict,
                reason: r.reason,
            });
        }
        Kind::Fix => {
            let base = check_goals(t, &q.goals).map_err(|e| err(q, "bad-flow", e))?;
            if base.iter().all(|r| r.holds) {
                return Err(err(
                    q,
                    "nothing-to-fix",
                    "the topology already meets every goal before any change".to_string(),
                ));
            }
            let mut correct = Vec::new();
            let mut why = Vec::new();
            for (i, edits) in q.changes.iter().enumerate() {
                let mut work = t.clone();
                for e in edits {
                    e.apply(&mut work).map_err(|m| {
                        err(
                            q,
                            "bad-change",
                            format!("choice {i}: {}", crate::text::printable(&m)),
                        )
                    })?;
                }
                let results = check_goals(&work, &q.goals).map_err(|e| err(q, "bad-flow", e))?;
                match results.iter().position(|r| !r.holds) {
                    None => correct.push(i),
                    Some(g) => why.push(format!(
                        "choice {i} fails goal {} ({} -> {}: {})",
                        g + 1,
                        results[g].goal.flow.from,
                        results[g].goal.flow.to,
                        verdict_str(results[g].verdict, results[g].reason)
                    )),
                }
            }
            if correct.is_empty() {
                return Err(err(
                    q,
                    "no-correct-choice",
                    format!("no choice meets every goal: {}", why.join("; ")),
                ));
            }
            if !q.answer.is_empty() && q.answer != correct {
                return Err(err(
                    q,
                    "key-disagrees",
                    format!(
                        "answer = {:?}, but the evaluator finds {correct:?} meet every goal ({})",
                        q.answer,
                        why.join("; ")
                    ),
                ));
            }
            q.answer = correct;
        }
        Kind::Configure => {
            for name in &q.editable {
                peering_index(t, name).map_err(|e| err(q, "bad-editable", e))?;
            }
            if all_hold(t, &q.goals).map_err(|e| err(q, "bad-flow", e))? {
                return Err(err(
                    q,
                    "nothing-to-fix",
                    "the starting configuration already meets every goal".to_string(),
                ));
            }
            match solve_configure(t, &q.editable, &q.goals)
                .map_err(|e| err(q, "bad-editable", e))?
            {
                Some(s) => q.solution = s,
                None => {
                    return Err(err(
                        q,
                        "no-solution",
                        "no setting of the editable peerings meets every goal".to_string(),
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}
