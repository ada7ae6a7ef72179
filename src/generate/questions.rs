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
    PathOrder,
    FlowVerify,
    CaseStudy,
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
        Template::PathOrder,
        Template::FlowVerify,
        Template::CaseStudy,
        Template::Beyond,
    ];

    /// Templates only made when asked for by name (`--template`); none since issue 15 put
    /// `Beyond` in the rotation.
    pub const OPT_IN: [Template; 0] = [];

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
            Template::PathOrder => Kind::Order,
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
        stem::need(dice, &from, &to, port),
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
    q.choices = q
        .offered
        .iter()
        .map(|r| crate::bank::reach_label(*r))
        .collect();
    q.rationales = q.offered.iter().map(|&r| cause_line(t, &tr, r)).collect();
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}

/// A cause's line: the key's finding, or why this cause is not it.
fn cause_line(t: &Topology, tr: &Trace, r: Reason) -> String {
    if r == tr.reason {
        rationale::the_cause(tr)
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
        stem::report(dice, &from, &to, port),
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
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}

/// Changes an administrator might try that do not repair the fault (each is proven so by the
/// caller): settings of the peerings at either end, NSG allow rules at the two ends (outbound
/// at the source's subnet, inbound at the destination's subnet and NIC), a direct peering.
/// Transit and propagation toggles only where a gateway exists. No public IP and no IP
/// forwarding on an end VM: an item writer reads those as throwaways.
fn candidate_distractors(d: &Draft) -> Vec<(String, Vec<Edit>, String)> {
    let t = &d.sc.topology;
    let mut out: Vec<(String, Vec<Edit>, String)> = Vec::new();
    let (from, to, port) = &d.faults[0].flow;
    let ends: Vec<String> = [from, to]
        .iter()
        .filter_map(|n| t.vm(n).map(|v| v.vnet.clone()))
        .collect();
    let gateway = |v: &str| t.vnet(v).is_some_and(|x| x.gateway.is_some());
    // Peerings on the way only: an end's own, between the ends and the hub. A setting on the
    // hub's peering with some third spoke is a throwaway a candidate rules out on sight.
    let near: Vec<&String> = ends.iter().chain(&d.sc.hubs).collect();
    for p in t.peerings.iter().filter(|p| {
        (ends.contains(&p.vnet) || ends.contains(&p.remote))
            && near.contains(&&p.vnet)
            && near.contains(&&p.remote)
    }) {
        let set = |f: PeeringFlags| Edit::SetPeering {
            peering: p.name.clone(),
            flags: f,
        };
        if !p.allow_forwarded_traffic {
            out.push((
                format!("Allow forwarded traffic on {}", p.name),
                vec![set(PeeringFlags {
                    allow_forwarded_traffic: Some(true),
                    ..Default::default()
                })],
                "Forwarded traffic only lets in packets that an appliance or gateway relays from elsewhere.".to_string(),
            ));
        }
        if !p.allow_gateway_transit && gateway(&p.vnet) {
            out.push((
                format!("Allow gateway transit on {}", p.name),
                vec![set(PeeringFlags {
                    allow_gateway_transit: Some(true),
                    ..Default::default()
                })],
                format!(
                    "Gateway transit only shares {}'s gateway with its peers.",
                    p.vnet
                ),
            ));
        }
        if !p.use_remote_gateways && gateway(&p.remote) && !gateway(&p.vnet) {
            out.push((
                format!("Use the remote gateway on {}", p.name),
                vec![set(PeeringFlags {
                    use_remote_gateways: Some(true),
                    ..Default::default()
                })],
                format!(
                    "Using the remote gateway only gives {} the routes of {}'s gateway.",
                    p.vnet, p.remote
                ),
            ));
        }
    }
    let at = ALLOW_PRIORITY;
    // An outbound allow on the source's subnet NSG: an admin who sees "connection refused"
    // often opens the sending side first; the default AllowVnetOutBound already lets it out.
    if let Some(nsg) = subnet_nsg(t, from) {
        out.push((
            format!("Add an outbound rule to {nsg} with priority {at} that allows TCP {port} to any destination"),
            allow_tcp(&nsg, format!("allow-{port}-out"), Direction::Outbound, AddressMatch::Any, *port),
            format!("The new rule only opens the way out of {} subnet.", stem::possessive(&nsg)),
        ));
    }
    // The same inbound allow on the destination NIC's own NSG, where it has one.
    if let Some(nsg) = t.vm(to).and_then(|m| m.nsg.clone()) {
        out.push((
            format!("On the network interface of {to}, add an inbound rule to {nsg} with priority {at} that allows TCP {port} from any source"),
            allow_tcp(&nsg, format!("allow-{port}-nic"), Direction::Inbound, AddressMatch::Any, *port),
            format!("The new rule lets TCP {port} through {nsg} on the NIC of {to}."),
        ));
    }
    // An inbound allow on the destination's subnet NSG, above every custom rule but one that
    // the fault itself may have placed at 100 (a real admin adds a rule; it loses to a deny
    // with a lower number).
    if let Some(nsg) = subnet_nsg(t, to) {
        let private = AddressMatch::Prefix("10.0.0.0/8".parse().expect("a prefix"));
        out.push((
            format!("Add an inbound rule to {nsg} with priority {at} that allows TCP {port} from 10.0.0.0/8"),
            allow_tcp(&nsg, format!("allow-{port}-private"), Direction::Inbound, private, *port),
            format!(
                "The new rule lets TCP {port} into {} subnet.",
                stem::possessive(&nsg)
            ),
        ));
    }
    if let (Some(a), Some(b)) = (t.vm(from), t.vm(to))
        && a.vnet != b.vnet
        && !t
            .peerings
            .iter()
            .any(|p| p.vnet == a.vnet && p.remote == b.vnet)
        && !t
            .peerings
            .iter()
            .any(|p| p.vnet == b.vnet && p.remote == a.vnet)
    {
        out.push((
            format!("Peer {} directly with {}", a.vnet, b.vnet),
            vec![
                Edit::AddPeering(Peering::new(&a.vnet, &b.vnet)),
                Edit::AddPeering(Peering::new(&b.vnet, &a.vnet)),
            ],
            format!(
                "A direct peering gives {} and {} a route to each other.",
                a.vnet, b.vnet
            ),
        ));
    }
    let end_tables: Vec<String> = [from, to]
        .iter()
        .filter_map(|n| t.vm(n))
        .filter_map(|m| t.vnet(&m.vnet).and_then(|v| v.subnet(&m.subnet)))
        .filter_map(|s| s.route_table.clone())
        .collect();
    if d.sc.has_gateway() {
        for rt in t
            .route_tables
            .iter()
            .filter(|r| r.propagate_gateway_routes && end_tables.contains(&r.name))
        {
            out.push((
                format!("Turn off gateway route propagation in {}", rt.name),
                vec![Edit::SetRouteTable {
                    table: rt.name.clone(),
                    propagate_gateway_routes: Some(false),
                }],
                format!("Turning off propagation only removes the gateway's routes from the subnets of {}.", rt.name),
            ));
        }
    }
    out.extend(super::fidelity::distractors(d));
    out
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
    let mut pool = candidate_distractors(d);
    dice.shuffle(&mut pool);
    let mut choices: Vec<(String, Vec<Edit>)> = vec![(f.fix_text.clone(), f.fix.clone())];
    let mut whys = vec![String::new()];
    for (text, edits, why) in pool {
        if choices.len() == 4 {
            break;
        }
        // One change of each kind: three IP-forwarding toggles are one idea, not three.
        let kind = |x: &str| x.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        if choices.iter().any(|(t, _)| kind(t) == kind(&text)) {
            continue;
        }
        // A distractor must be proven not to repair the flow, under every reading.
        if let Some(false) = meets(&edits) {
            choices.push((text, edits));
            whys.push(why);
        }
    }
    if choices.len() < 4 {
        return None;
    }
    let s = spec(&from, &to, port);
    let tr = Network::new(t).trace(&s).ok()?;
    // Each choice's line: the trace with that change applied.
    let mut lines = Vec::new();
    for (i, (_, edits)) in choices.iter().enumerate() {
        let work = applied(edits)?;
        let after = Network::new(&work).trace(&s).ok()?;
        let found = rationale::finding(&after);
        lines.push(if i == 0 {
            format!("Correct. With this change applied, {found}.")
        } else if let Some(order) = allow_after_deny(edits, &after) {
            format!("Incorrect. {order}")
        } else if found == rationale::finding(&tr) {
            format!(
                "Incorrect. {} With it applied, the connection still fails: {found}.",
                whys[i]
            )
        } else {
            format!(
                "Incorrect. {} With it applied, the connection still fails, now because {found}.",
                whys[i]
            )
        });
    }
    let items: Vec<((String, Vec<Edit>), String)> = choices.into_iter().zip(lines).collect();
    let (items, answer) = shuffle_choices(dice, items, &[0]);
    let co = d.company;
    let prompt = format!(
        "{} {} Which change fixes it?",
        stem::runs(co, t, &[&from, &to]),
        stem::report(dice, &from, &to, port),
    );
    let explanation = format!("Before the change: {}", rationale::explain(&tr));
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

/// The priority of the allow rule a fix distractor adds: after the 100 where a fault puts its
/// deny, so the rule loses and its rationale can say why. The choice, the rule and the
/// rationale all read this one number.
const ALLOW_PRIORITY: u16 = 150;

/// The NSG on the subnet of VM `vm`, if any.
fn subnet_nsg(t: &Topology, vm: &str) -> Option<String> {
    let m = t.vm(vm)?;
    t.vnet(&m.vnet)?.subnet(&m.subnet)?.nsg.clone()
}

/// The edit that adds an allow rule for TCP `port` at [`ALLOW_PRIORITY`] to `nsg`.
fn allow_tcp(
    nsg: &str,
    name: String,
    direction: Direction,
    source: AddressMatch,
    port: u16,
) -> Vec<Edit> {
    vec![Edit::AddNsgRule {
        nsg: nsg.to_string(),
        rule: NsgRule {
            name,
            priority: ALLOW_PRIORITY,
            direction,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source,
            destination: AddressMatch::Any,
            destination_ports: PortSet::Ranges(vec![(port, port)]),
            pos: Pos::default(),
        },
    }]
}

/// For an allow rule that loses to a deny in the same NSG: the priorities in order, since the
/// lowest number that matches decides (RULES.md §6).
fn allow_after_deny(edits: &[Edit], after: &Trace) -> Option<String> {
    let (nsg, allow) = edits.iter().find_map(|e| match e {
        Edit::AddNsgRule { nsg, rule } if rule.access == Access::Allow => Some((nsg, rule)),
        _ => None,
    })?;
    let stop = after
        .hops
        .iter()
        .find(|h| !h.ok && h.step.starts_with("nsg") && h.detail.contains(nsg.as_str()))?;
    let deny = priority_in(&stop.detail)?;
    let rule = stop
        .detail
        .split("securityRules/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .map_or(String::new(), |r| format!(" {r}"));
    (deny < u32::from(allow.priority)).then(|| {
        format!(
            "The deny rule{rule} (priority {deny}) in {nsg} still decides: NSG rules are processed lowest number first, and {deny} comes before the new rule's {}.",
            allow.priority
        )
    })
}

/// The number after "priority " in a trace hop's text.
fn priority_in(detail: &str) -> Option<u32> {
    let rest = &detail[detail.find("priority ")? + "priority ".len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
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
    let solution = solve_configure(t, &editable, &goals).ok()??;
    let mut solved = t.clone();
    for (name, flags) in &solution {
        let i = peering_index(&solved, name).ok()?;
        crate::bank::set_flags(&mut solved.peerings[i], *flags);
    }
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
    let sol: Vec<String> = solution
        .iter()
        .map(|(n, f)| crate::bank::flags_text(n, f))
        .collect();
    let explanation = format!(
        "One setting that works, found by the evaluator: {}. {}",
        sol.join("; "),
        if f.kind == FaultKind::AccessOff {
            "Both sides need access to the remote VNet: with it off on either side, the other VNet drops out of the VirtualNetwork tag and the default NSG rules deny the traffic."
        } else {
            "The hub side already allows gateway transit; the spoke side must use the remote gateway, and access must stay on so the spoke and the hub still reach each other."
        }
    );
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
