//! Question templates over a scenario. Every key, every correct choice and every distractor is
//! decided by the evaluator, and re-decided under each disputed reading of RULES.md §8: a
//! question whose answer would change is dropped (`None`).

use super::causes;
use super::dice::Dice;
use super::faults::{Fault, FaultKind};
use super::rationale;
use super::scenario::Scenario;
use super::stem;
use crate::bank::{Flow, Goal, Kind, Question, ReachKey, Topic, solve_configure};
use crate::eval::{FlowSpec, Network, Reading, Reason, Trace, Verdict};
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Template {
    Reachability,
    Why,
    Fix,
    Configure,
    NextHop,
    PeeringState,
    Creation,
    WhichVms,
    YesNo,
    /// Made only when asked for by name (`OPT_IN`): its stem gives the first and last places.
    PathOrder,
    FlowVerify,
    CaseStudy,
    /// The actions that set up gateway transit, in the order the model accepts (`sequence.rs`).
    Sequence,
    /// Bastion, private endpoints, service endpoints, P2S (`beyond.rs`).
    Beyond,
}

impl Template {
    /// The default rotation: each template takes a turn, so `Beyond` (the one template off the
    /// peering topics) makes one item in thirteen and peering stays the large majority.
    pub const ALL: [Template; 13] = [
        Template::Reachability,
        Template::Why,
        Template::Fix,
        Template::Configure,
        Template::NextHop,
        Template::PeeringState,
        Template::Creation,
        Template::WhichVms,
        Template::YesNo,
        Template::Sequence,
        Template::FlowVerify,
        Template::CaseStudy,
        Template::Beyond,
    ];

    /// Templates only made when asked for by name (`--template`): path order, whose turn in
    /// the rotation `Sequence` took (a third reading found its items trivial: the stem names
    /// both ends of the path).
    pub const OPT_IN: [Template; 1] = [Template::PathOrder];

    pub fn as_str(self) -> &'static str {
        match self {
            Template::Reachability => "reachability",
            Template::Why => "why",
            Template::Fix => "fix",
            Template::Configure => "configure",
            Template::NextHop => "next-hop",
            Template::PeeringState => "peering-state",
            Template::Creation => "creation",
            Template::WhichVms => "which-vms",
            Template::YesNo => "yes-no",
            Template::PathOrder => "path-order",
            Template::FlowVerify => "flow-verify",
            Template::CaseStudy => "case-study",
            Template::Sequence => "sequence",
            Template::Beyond => "beyond",
        }
    }

    pub fn parse(s: &str) -> Option<Template> {
        Template::ALL
            .into_iter()
            .chain(Template::OPT_IN)
            .find(|t| t.as_str() == s)
    }

    pub fn kind(self) -> Kind {
        match self {
            // A case study opens with its reachability question.
            Template::Reachability | Template::CaseStudy | Template::Beyond => Kind::Reachability,
            Template::Fix => Kind::Fix,
            Template::Configure => Kind::Configure,
            Template::WhichVms => Kind::Multi,
            Template::YesNo => Kind::YesNo,
            Template::PathOrder | Template::Sequence => Kind::Order,
            _ => Kind::Single,
        }
    }
}

/// The readings of RULES.md §8 that could change anything in `t` (the others are skipped to
/// keep generation fast: they cannot differ).
pub fn relevant_readings(t: &Topology) -> Vec<Reading> {
    Reading::relevant(t)
}

pub fn spec(from: &str, to: &str, port: u16) -> FlowSpec {
    FlowSpec {
        from: from.to_string(),
        to: to.to_string(),
        port,
        protocol: Protocol::Tcp,
    }
}

/// The trace of a flow, or `None` when a disputed reading would give another verdict or reason.
pub fn stable_trace(t: &Topology, s: &FlowSpec) -> Option<Trace> {
    let base = Network::new(t).trace(s).ok()?;
    for r in relevant_readings(t) {
        let alt = Network::with_reading(t, r).trace(s).ok()?;
        if (alt.verdict, alt.reason) != (base.verdict, base.reason) {
            return None;
        }
    }
    Some(base)
}

/// Whether every goal holds, the same under every relevant reading (`None` when readings differ).
pub fn stable_goals(t: &Topology, goals: &[Goal]) -> Option<bool> {
    let holds = |net: &Network| -> Option<bool> {
        goals.iter().try_fold(true, |acc, g| {
            let tr = net
                .trace(&FlowSpec {
                    from: g.flow.from.clone(),
                    to: g.flow.to.clone(),
                    port: g.flow.port,
                    protocol: g.flow.protocol,
                })
                .ok()?;
            Some(acc && tr.verdict == g.expect)
        })
    };
    let base = holds(&Network::new(t))?;
    for r in relevant_readings(t) {
        if holds(&Network::with_reading(t, r))? != base {
            return None;
        }
    }
    Some(base)
}

pub use crate::bank::reason_text;

/// The parts of a generated question common to all templates.
pub struct Draft<'a> {
    pub sc: &'a Scenario,
    pub faults: &'a [Fault],
    pub id: String,
    /// The network the item shows, when it is not `sc.topology` (a creation item shows the
    /// network before its request; a peering-state item only the two VNets).
    pub shown: std::cell::RefCell<Option<Topology>>,
    /// The company the stem is about (one per item, so a case study's questions agree).
    pub company: &'static str,
}

pub fn question(
    d: &Draft,
    topic: Topic,
    kind: Kind,
    difficulty: u8,
    prompt: String,
    explanation: String,
) -> Question {
    Question {
        id: d.id.clone(),
        topic,
        kind,
        difficulty,
        prompt,
        explanation: super::rationale::plain(&explanation),
        choices: Vec::new(),
        answer: Vec::new(),
        topology: Some(format!("topologies/{}.toml", d.id)),
        series: None,
        scenario: None,
        flow: None,
        key: None,
        goals: Vec::new(),
        changes: Vec::new(),
        editable: Vec::new(),
        solution: Vec::new(),
        authored_verdict: None,
        authored_reason: None,
        offered: Vec::new(),
        rationales: Vec::new(),
        source: None,
        verified: None,
        exhibit: None,
        case: None,
        file: String::new(),
        pos: Pos::default(),
    }
}

pub fn fault_topic(faults: &[Fault], default: Topic) -> Topic {
    faults.first().map_or(default, |f| f.kind.topic())
}

/// A flow worth asking about: the fault's, or a random pair of machines.
pub fn some_flow(dice: &mut Dice, d: &Draft) -> (String, String, u16) {
    if let Some(f) = d.faults.first()
        && dice.chance(80)
    {
        return f.flow.clone();
    }
    let mut ends: Vec<(String, u16)> =
        d.sc.vms
            .iter()
            .cloned()
            .zip(d.sc.ports.iter().copied())
            .collect();
    ends.extend(d.sc.hub_vms.iter().map(|v| (v.clone(), 22)));
    ends.extend(d.sc.hosts.iter().map(|h| (h.clone(), 443)));
    let pick = dice.distinct(ends.len(), 2);
    (
        ends[pick[0]].0.clone(),
        ends[pick[1]].0.clone(),
        ends[pick[1]].1,
    )
}

/// Shuffles `choices` with the index of the correct ones, returning the new answer indexes.
pub fn shuffle_choices<T>(
    dice: &mut Dice,
    choices: Vec<T>,
    correct: &[usize],
) -> (Vec<T>, Vec<usize>) {
    let mut order: Vec<usize> = (0..choices.len()).collect();
    dice.shuffle(&mut order);
    let mut slots: Vec<Option<T>> = choices.into_iter().map(Some).collect();
    let shuffled: Vec<T> = order
        .iter()
        .map(|&i| slots[i].take().expect("each index once"))
        .collect();
    let mut answer: Vec<usize> = order
        .iter()
        .enumerate()
        .filter(|(_, i)| correct.contains(i))
        .map(|(pos, _)| pos)
        .collect();
    answer.sort_unstable();
    (shuffled, answer)
}

pub fn reachability(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let (from, to, port) = some_flow(dice, d);
    let tr = stable_trace(t, &spec(&from, &to, port))?;
    let difficulty = if d.faults.len() > 1 {
        3
    } else if d.faults.is_empty() {
        1
    } else {
        2
    };
    let topic = fault_topic(
        d.faults,
        if d.sc.hubs.is_empty() {
            Topic::PeeringBasics
        } else {
            Topic::Transitivity
        },
    );
    let topic = if to.contains('.') && !to.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        Topic::Dns
    } else {
        topic
    };
    let co = d.company;
    let prompt = format!(
        "{} {} Does the connection succeed? If not, what is the cause?",
        stem::runs(co, t, &[&from, &to]),
        stem::need(dice, &from, &stem::target(t, &to), port),
    );
    let mut q = question(
        d,
        topic,
        Kind::Reachability,
        difficulty,
        prompt,
        rationale::explain(&tr),
    );
    q.flow = Some(Flow {
        from,
        to,
        port,
        protocol: Protocol::Tcp,
    });
    q.key = Some(ReachKey {
        verdict: tr.verdict,
        reason: tr.reason,
    });
    q.offered = causes::offered_outcomes(dice, d, &tr, true);
    // Too few causes this network makes plausible: another draw, not a throwaway option.
    if q.offered.len() < 4 {
        return None;
    }
    q.choices = q
        .offered
        .iter()
        .map(|r| crate::bank::reach_label(*r))
        .collect();
    q.rationales = q.offered.iter().map(|&r| cause_line(t, &tr, r)).collect();
    q.source = Some(super::sources::for_trace(t, &tr));
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}

/// A cause's line: the key's finding, or why this cause is not it.
fn cause_line(t: &Topology, tr: &Trace, r: Reason) -> String {
    if r == tr.reason {
        rationale::the_cause(t, tr)
    } else {
        rationale::not_the_cause(t, tr, r)
    }
}

/// Sets the exhibit from everything the item's texts name and its traces meet.
pub fn finish(d: &Draft, q: &mut Question, traces: &[&Trace]) {
    let mut texts: Vec<&str> = vec![&q.prompt, &q.explanation];
    texts.extend(q.scenario.iter().map(String::as_str));
    texts.extend(q.choices.iter().map(String::as_str));
    texts.extend(q.rationales.iter().map(String::as_str));
    q.exhibit = Some(stem::exhibit_for(d.sc, &texts, traces));
}

pub fn why(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    if d.faults.len() != 1 {
        return None;
    }
    let t = &d.sc.topology;
    let (from, to, port) = d.faults[0].flow.clone();
    let tr = stable_trace(t, &spec(&from, &to, port))?;
    if tr.verdict != Verdict::Unreachable {
        return None;
    }
    let mut reasons = causes::offered_outcomes(dice, d, &tr, false);
    if reasons.len() < 4 {
        return None;
    }
    let at = reasons.iter().position(|r| *r == tr.reason)?;
    reasons.swap(0, at);
    let rationales: Vec<String> = reasons.iter().map(|&r| cause_line(t, &tr, r)).collect();
    let texts: Vec<(String, String)> = reasons
        .iter()
        .map(|r| reason_text(*r).to_string())
        .zip(rationales)
        .collect();
    let (choices, answer) = shuffle_choices(dice, texts, &[0]);
    let co = d.company;
    let prompt = format!(
        "{} {} What is the cause?",
        stem::runs(co, t, &[&from, &to]),
        stem::report(dice, &from, &stem::target(t, &to), port),
    );
    let mut q = question(
        d,
        Topic::Troubleshooting,
        Kind::Single,
        2,
        prompt,
        rationale::explain(&tr),
    );
    (q.choices, q.rationales) = choices.into_iter().unzip();
    q.answer = answer;
    q.source = Some(super::sources::for_trace(t, &tr));
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}

pub fn fix(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    if d.faults.len() != 1 || d.faults[0].fix.is_empty() {
        return None;
    }
    let f = &d.faults[0];
    let t = &d.sc.topology;
    let (from, to, port) = f.flow.clone();
    let goals = vec![Goal {
        flow: Flow {
            from: from.clone(),
            to: to.clone(),
            port,
            protocol: Protocol::Tcp,
        },
        expect: Verdict::Reachable,
    }];
    if stable_goals(t, &goals)? {
        return None;
    }
    let applied = |edits: &[Edit]| -> Option<Topology> {
        let mut work = t.clone();
        for e in edits {
            e.apply(&mut work).ok()?;
        }
        Some(work)
    };
    let meets = |edits: &[Edit]| -> Option<bool> { stable_goals(&applied(edits)?, &goals) };
    if !meets(&f.fix)? {
        return None;
    }
    let mut pool = super::distractors::candidates(dice, d);
    dice.shuffle(&mut pool);
    let s = spec(&from, &to, port);
    let tr = Network::new(t).trace(&s).ok()?;
    let before = rationale::finding(&tr);
    // Whether a change leaves the flow failing for the reason it fails now.
    let same_cause = |edits: &[Edit]| -> Option<bool> {
        let after = Network::new(&applied(edits)?).trace(&s).ok()?;
        Some(rationale::finding(&after) == before)
    };
    let mut choices: Vec<(String, Vec<Edit>)> = vec![(f.fix_text.clone(), f.fix.clone())];
    let mut whys = vec![String::new()];
    // At most two wrong changes that leave the same cause standing, while others are left: a
    // third read as one line pasted three times (gen-5353-0003, gen-6464-0003).
    let mut spare: Vec<(String, Vec<Edit>, String)> = Vec::new();
    let mut same = 0;
    for (text, edits, why) in pool {
        if choices.len() == 4 {
            break;
        }
        // One wrong change of each family: three allow rules are one idea, not three. The key
        // may share one (an allow at 110 against an allow at 300 is the point of the item).
        let family = super::distractors::family(&edits);
        if choices[1..]
            .iter()
            .any(|(_, e)| super::distractors::family(e) == family)
        {
            continue;
        }
        // A rule the exhibit already shows is no change at all.
        if causes::adds_an_existing_rule(t, &edits) {
            continue;
        }
        // A distractor must be proven not to repair the flow, under every reading.
        if let Some(false) = meets(&edits) {
            if same_cause(&edits) == Some(true) {
                // An allow rule that leaves the cause is the weakest of them (the rule is
                // opened, nothing else changes): it waits while others are left.
                let allow = family.starts_with("nsg-Allow");
                if same == 2 || (allow && same == 1) {
                    spare.push((text, edits, why));
                    continue;
                }
                same += 1;
            }
            choices.push((text, edits));
            whys.push(why);
        }
    }
    spare.sort_by_key(|(_, e, _)| super::distractors::family(e).starts_with("nsg-Allow"));
    for (text, edits, why) in spare {
        let family = super::distractors::family(&edits);
        if choices.len() < 4
            && !choices[1..]
                .iter()
                .any(|(_, e)| super::distractors::family(e) == family)
        {
            choices.push((text, edits));
            whys.push(why);
        }
    }
    if choices.len() < 4 {
        return None;
    }
    // Each choice's line: the trace with that change applied (wrong_fix.rs).
    let mut lines = Vec::new();
    let mut told = super::wrong_fix::Told::default();
    for (i, (_, edits)) in choices.iter().enumerate() {
        let work = applied(edits)?;
        let after = Network::new(&work).trace(&s).ok()?;
        lines.push(if i == 0 {
            super::wrong_fix::key_line(t, &work, &tr, &after)
        } else {
            let w = super::wrong_fix::Wrong {
                shown: t,
                work: &work,
                edits,
                why: whys[i].trim_end_matches('.'),
                before: &tr,
                after: &after,
            };
            super::wrong_fix::line(&w, &mut told)
        });
    }
    let items: Vec<((String, Vec<Edit>), String)> = choices.into_iter().zip(lines).collect();
    let (items, answer) = shuffle_choices(dice, items, &[0]);
    let co = d.company;
    let prompt = format!(
        "{} {} Which change fixes it?",
        stem::runs(co, t, &[&from, &to]),
        stem::report(dice, &from, &stem::target(t, &to), port),
    );
    let explanation = format!("Before the change, {}", rationale::explain(&tr));
    let mut q = question(
        d,
        f.kind.topic(),
        Kind::Fix,
        if dice.chance(50) { 2 } else { 3 },
        prompt,
        explanation,
    );
    q.goals = goals;
    for ((text, edits), line) in items {
        q.choices.push(text);
        q.changes.push(edits);
        q.rationales.push(line);
    }
    q.answer = answer;
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}

pub fn configure(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    // Transit for a spoke whose peering pair lost a flag, or access on a peered pair: both
    // built so the disputed readings of RULES.md §8 cannot change which settings work.
    let f = d.faults.first()?;
    if d.faults.len() != 1
        || !matches!(
            f.kind,
            FaultKind::TransitHubOff | FaultKind::TransitSpokeOff | FaultKind::AccessOff
        )
    {
        return None;
    }
    if t.vnets.iter().any(|v| v.region != t.vnets[0].region) || t.nsgs.is_empty() {
        return None;
    }
    let (from, to, port) = f.flow.clone();
    let src_vnet = t.vm(&from)?.vnet.clone();
    let other = match f.kind {
        FaultKind::AccessOff => t.vm(&to)?.vnet.clone(),
        _ => "hub-vnet".to_string(),
    };
    // Transit: only the spoke side is editable (the hub side, transit and forwarded traffic on,
    // stays as it is, so no reading of RULES.md §8 decides which settings work).
    let transit = f.kind != FaultKind::AccessOff;
    let editable: Vec<String> = t
        .peerings
        .iter()
        .filter(|p| {
            (p.vnet == src_vnet && p.remote == other)
                || (!transit && p.vnet == other && p.remote == src_vnet)
        })
        .map(|p| p.name.clone())
        .collect();
    if editable.len() != if transit { 1 } else { 2 } {
        return None;
    }
    let mut goals = vec![Goal {
        flow: Flow {
            from: from.clone(),
            to: to.clone(),
            port,
            protocol: Protocol::Tcp,
        },
        expect: Verdict::Reachable,
    }];
    if f.kind != FaultKind::AccessOff {
        // Reaching the hub's VM as well makes access on both sides part of every solution.
        let hub_vm = d.sc.hub_vms.first()?.clone();
        goals.push(Goal {
            flow: Flow {
                from: from.clone(),
                to: hub_vm,
                port: 22,
                protocol: Protocol::Tcp,
            },
            expect: Verdict::Reachable,
        });
    }
    if stable_goals(t, &goals)? {
        return None;
    }
    let found = solve_configure(t, &editable, &goals).ok()??;
    // The setting the explanation can argue from the network: the flags as they are, with
    // only what the fault took away turned back on (access; for transit, the spoke's use of
    // the remote gateway too). Kept when it meets the goals under every reading; otherwise
    // the evaluator's own find.
    let minimal: Vec<(String, crate::bank::FlagSet)> = editable
        .iter()
        .filter_map(|name| {
            let p = t.peerings.iter().find(|p| &p.name == name)?;
            let transit = f.kind != FaultKind::AccessOff && p.remote == other;
            Some((
                name.clone(),
                [
                    true,
                    p.allow_forwarded_traffic,
                    p.allow_gateway_transit,
                    p.use_remote_gateways || transit,
                ],
            ))
        })
        .collect();
    let with = |sol: &[(String, crate::bank::FlagSet)]| -> Option<Topology> {
        let mut w = t.clone();
        for (name, flags) in sol {
            let i = peering_index(&w, name).ok()?;
            crate::bank::set_flags(&mut w.peerings[i], *flags);
        }
        Some(w)
    };
    let argued = minimal.len() == editable.len()
        && with(&minimal).is_some_and(|w| stable_goals(&w, &goals) == Some(true));
    let solution = if argued { minimal } else { found };
    let solved = with(&solution)?;
    if !stable_goals(&solved, &goals)? {
        return None;
    }
    let wanted: Vec<String> = goals
        .iter()
        .map(|g| format!("{} on TCP {}", g.flow.to, g.flow.port))
        .collect();
    let co = d.company;
    let mut ends: Vec<&str> = vec![&from];
    ends.extend(goals.iter().map(|g| g.flow.to.as_str()));
    let prompt = format!(
        "{} {from} must reach {}. Set the four options of {} so that it does.",
        stem::runs(co, t, &ends),
        wanted.join(" and "),
        match editable.as_slice() {
            [one] => format!("the peering {one}"),
            _ => format!("the peerings {}", editable.join(" and ")),
        },
    );
    let explanation = configure_why(t, &solved, f.kind, &goals, &solution, argued)?;
    let topic = if f.kind == FaultKind::AccessOff {
        Topic::PeeringBasics
    } else {
        Topic::GatewayTransit
    };
    let mut q = question(d, topic, Kind::Configure, 3, prompt, explanation);
    q.goals = goals;
    q.editable = editable;
    q.solution = solution;
    let _ = dice;
    // The goal flows' paths put their NSGs in the exhibit: the explanation reasons from
    // their rules (the default AllowVnetInBound among them).
    let traces: Vec<Trace> = q
        .goals
        .iter()
        .filter_map(|g| stable_trace(t, &spec(&g.flow.from, &g.flow.to, g.flow.port)))
        .collect();
    let refs: Vec<&Trace> = traces.iter().collect();
    finish(d, &mut q, &refs);
    Some(vec![q])
}

/// A configure item's explanation, from the network (a reader found "One setting that works,
/// found by the evaluator, is ..." on every one): what the trace finds now, which flag on
/// which side the setting turns on and why, and what the trace does with it.
fn configure_why(
    t: &Topology,
    solved: &Topology,
    kind: FaultKind,
    goals: &[Goal],
    solution: &[(String, crate::bank::FlagSet)],
    argued: bool,
) -> Option<String> {
    let g = goals.first()?;
    let s = spec(&g.flow.from, &g.flow.to, g.flow.port);
    let before = Network::new(t).trace(&s).ok()?;
    let after = Network::new(solved).trace(&s).ok()?;
    let now = rationale::capital(&rationale::finding_in(t, &before));
    let then = rationale::passes_in(solved, &after, t);
    let names = [
        "access to the remote VNet",
        "forwarded traffic",
        "gateway transit",
        "Use remote gateways",
    ];
    // What the setting changes, peering by peering.
    let mut turned: Vec<String> = Vec::new();
    for (name, flags) in solution {
        let p = t.peerings.iter().find(|p| &p.name == name)?;
        let old = [
            p.allow_virtual_network_access,
            p.allow_forwarded_traffic,
            p.allow_gateway_transit,
            p.use_remote_gateways,
        ];
        for (i, (a, b)) in old.iter().zip(flags).enumerate() {
            if a != b {
                turned.push(format!(
                    "{} {} in {name}",
                    if *b { "turn on" } else { "turn off" },
                    names[i]
                ));
            }
        }
    }
    let change = match turned.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return None,
    };
    let change = rationale::capital(&change);
    let why = if kind == FaultKind::AccessOff {
        let others: Vec<&String> = solution
            .iter()
            .map(|(n, _)| n)
            .filter(|n| !turned.iter().any(|x| x.ends_with(n.as_str())))
            .collect();
        let kept = match others.as_slice() {
            [one] => format!(" ({one} already has it on, and both sides need it)"),
            _ => String::new(),
        };
        // "Turn access back on in X": the finding has just said "access to the remote VNet".
        let change = change
            .replace(
                "Turn on access to the remote VNet in ",
                "Turn access back on in ",
            )
            .replace(
                "turn on access to the remote VNet in ",
                "turn access back on in ",
            );
        format!("{change}{kept}.")
    } else {
        let hub_side = t
            .peerings
            .iter()
            .find(|p| {
                p.allow_gateway_transit
                    && solution.iter().any(|(n, _)| {
                        t.peerings
                            .iter()
                            .any(|q| &q.name == n && q.remote == p.vnet && q.vnet == p.remote)
                    })
            })
            .map(|p| p.name.clone());
        match hub_side {
            Some(h) => format!(
                "{h} already allows gateway transit, so the spoke's side must use the remote gateway. {change}, and keep access on so {} still reaches {}.",
                g.flow.from,
                goals
                    .get(1)
                    .map_or(g.flow.to.as_str(), |x| x.flow.to.as_str())
            ),
            None => format!("{change}."),
        }
    };
    let rest = if argued {
        " The other options can stay as they are."
    } else {
        ""
    };
    Some(format!("{now}. {why}{rest} With that setting, {then}."))
}
