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

/// The goals as flow specs, built once for a search (the same for every setting tried).
fn specs(goals: &[Goal]) -> Vec<(FlowSpec, Verdict)> {
    goals
        .iter()
        .map(|g| {
            (
                FlowSpec {
                    from: g.flow.from.clone(),
                    to: g.flow.to.clone(),
                    port: g.flow.port,
                    protocol: g.flow.protocol,
                },
                g.expect,
            )
        })
        .collect()
}

/// Whether every goal holds, stopping at the first that does not (the configure search tries
/// thousands of settings, nearly all failing early).
fn all_hold(t: &Topology, goals: &[(FlowSpec, Verdict)]) -> Result<bool, String> {
    let net = Network::new(t);
    for (spec, expect) in goals {
        if net.trace(spec).map_err(|e| e.to_string())?.verdict != *expect {
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

/// The most settings one configure search evaluates. Four editable peerings have 65,536
/// settings, which on a 100-spoke hub took minutes (issue 12), and every bank load proves its
/// questions: past this many the question is refused rather than the trainer kept waiting.
/// (The hardest built-in question needs 1,199.)
pub const MAX_SETTINGS: usize = 4096;

/// The budget for a search on `t`: [`MAX_SETTINGS`] up to 64 peerings, then less in
/// proportion, since each evaluation costs more on a bigger network (benches/prove.rs: about
/// 1.8 ms a setting on a 100-spoke hub, so its 1,310 settings take about 2.4 s).
pub fn settings_budget(t: &Topology) -> usize {
    (MAX_SETTINGS * 64) / t.peerings.len().max(64)
}

/// How a configure search ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Solved {
    /// A setting that meets every goal (the peerings' names and flags).
    Found(Vec<(String, FlagSet)>),
    /// Every setting was tried; none meets every goal.
    None,
    /// The budget ran out after this many settings, none meeting every goal.
    Budget(usize),
}

/// A setting of the editable peerings that meets every goal, nearest to the current setting
/// first (so the solution shown changes as few flags as possible); `None` when none exists.
/// `Err` when a name is unknown or the search gives up after [`settings_budget`] settings.
pub fn solve_configure(
    t: &Topology,
    editable: &[String],
    goals: &[Goal],
) -> Result<Option<Vec<(String, FlagSet)>>, String> {
    match solve_within(t, editable, goals, settings_budget(t))? {
        Solved::Found(s) => Ok(Some(s)),
        Solved::None => Ok(None),
        Solved::Budget(n) => Err(budget_message(n)),
    }
}

fn budget_message(n: usize) -> String {
    format!(
        "no solution found within {n} settings; make fewer peerings editable or the goals simpler"
    )
}

/// [`solve_configure`] with an explicit budget of evaluated settings.
///
/// Pruned: a setting in which an editable peering has a flag combination Azure refuses on its
/// own (RULES.md §1: both gateway transit and use remote gateways on one peering; use remote
/// gateways from a VNet with a gateway of its own, or towards a VNet without one,
/// RemoteVnetHasNoGateways) is never evaluated: it cannot be a configuration to teach, and
/// it cuts the four flags' 16 combinations to 12 or 8 per peering.
pub fn solve_within(
    t: &Topology,
    editable: &[String],
    goals: &[Goal],
    budget: usize,
) -> Result<Solved, String> {
    let idx: Vec<usize> = editable
        .iter()
        .map(|n| peering_index(t, n))
        .collect::<Result<_, _>>()?;
    // 4 flags a peering in a u32: more than 7 editable peerings could never be searched.
    if idx.len() > 7 {
        return Ok(Solved::Budget(0));
    }
    let refused: Vec<[bool; 16]> = idx
        .iter()
        .map(|&i| std::array::from_fn(|f| refused_alone(t, &t.peerings[i], f as u32)))
        .collect();
    let specs = specs(goals);
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
    let mut tried = 0;
    // Masks by number of flipped flags, fewest first (Gosper's hack walks each popcount in
    // increasing order without building and sorting all 2^bits of them).
    for flips in 0..=bits {
        let mut mask: u32 = (1u32 << flips) - 1;
        let limit: u32 = 1 << bits;
        while mask < limit {
            let setting = start ^ mask;
            let allowed = (0..idx.len()).all(|k| !refused[k][(setting >> (4 * k) & 15) as usize]);
            if allowed {
                if tried == budget {
                    return Ok(Solved::Budget(tried));
                }
                tried += 1;
                for (k, &i) in idx.iter().enumerate() {
                    let f: FlagSet = std::array::from_fn(|b| setting >> (4 * k + b) & 1 == 1);
                    set_flags(&mut work.peerings[i], f);
                }
                if all_hold(&work, &specs)? {
                    return Ok(Solved::Found(
                        idx.iter()
                            .map(|&i| (work.peerings[i].name.clone(), flags_of(&work.peerings[i])))
                            .collect(),
                    ));
                }
            }
            if mask == 0 {
                break;
            }
            let c = mask & mask.wrapping_neg();
            let r = mask + c;
            mask = (((r ^ mask) >> 2) / c) | r;
        }
    }
    Ok(Solved::None)
}

/// Whether Azure refuses flag setting `f` (bits in [`FlagSet`] order) on peering `p` whatever
/// the other peerings are: it depends only on the flags and on which VNets have gateways,
/// which a configure answer cannot change.
fn refused_alone(t: &Topology, p: &crate::model::Peering, f: u32) -> bool {
    let (transit, remote) = (f & 4 != 0, f & 8 != 0);
    let gateway = |v: &str| t.vnet(v).and_then(|v| v.gateway.as_ref());
    remote && (transit || gateway(&p.vnet).is_some() || gateway(&p.remote).is_none())
}

/// A reachability item that names its cause but lists no choices gets four, as on the exam:
/// the key and three wrong outcomes the evaluator rules out, each with its line (FORMAT.md §3).
/// Listing every reason the evaluator knows would be fourteen options.
fn offer_outcomes(q: &mut Question, t: &Topology, flow: Flow) {
    if !q.offered.is_empty() || !crate::quiz::asks_reason(q) {
        return;
    }
    let spec = FlowSpec {
        from: flow.from,
        to: flow.to,
        port: flow.port,
        protocol: flow.protocol,
    };
    let Ok(tr) = Network::new(t).trace(&spec) else {
        return;
    };
    let picks = crate::generate::bank_outcomes(t, &tr, &q.id);
    q.offered = picks.iter().map(|(r, _)| *r).collect();
    q.choices = q.offered.iter().map(|r| reach_label(*r)).collect();
    if q.rationales.is_empty() {
        q.rationales = picks.into_iter().map(|(_, line)| line).collect();
    }
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
            offer_outcomes(q, t, flow.clone());
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
            if all_hold(t, &specs(&q.goals)).map_err(|e| err(q, "bad-flow", e))? {
                return Err(err(
                    q,
                    "nothing-to-fix",
                    "the starting configuration already meets every goal".to_string(),
                ));
            }
            match solve_within(t, &q.editable, &q.goals, settings_budget(t))
                .map_err(|e| err(q, "bad-editable", e))?
            {
                Solved::Found(s) => q.solution = s,
                Solved::None => {
                    return Err(err(
                        q,
                        "no-solution",
                        "no setting of the editable peerings meets every goal".to_string(),
                    ));
                }
                Solved::Budget(n) => return Err(err(q, "search-budget", budget_message(n))),
            }
        }
        _ => {}
    }
    Ok(())
}
