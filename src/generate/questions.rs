//! Question templates over a scenario. Every key, every correct choice and every distractor is
//! decided by the evaluator, and re-decided under each disputed reading of RULES.md §8: a
//! question whose answer would change is dropped (`None`).

use super::describe::facts;
use super::dice::Dice;
use super::faults::{Fault, FaultKind};
use super::scenario::Scenario;
use crate::bank::{Flow, Goal, Kind, Question, ReachKey, Topic, solve_configure};
use crate::eval::{FlowSpec, Network, NextHopType, Reading, Reason, Trace, Verdict};
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
    /// Bastion, private endpoints, service endpoints, P2S (`beyond.rs`; opt-in).
    Beyond,
}

impl Template {
    pub const ALL: [Template; 11] = [
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
    ];

    /// Templates only made when asked for by name (`--template`): the default rotation, and
    /// so every existing seed, stays as it was.
    pub const OPT_IN: [Template; 1] = [Template::Beyond];

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
            Template::Reachability | Template::Beyond => Kind::Reachability,
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
fn relevant_readings(t: &Topology) -> Vec<Reading> {
    Reading::relevant(t)
}

fn spec(from: &str, to: &str, port: u16) -> FlowSpec {
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
fn stable_goals(t: &Topology, goals: &[Goal]) -> Option<bool> {
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

/// The four outcomes a reachability item offers: "reachable", the key, and the most plausible
/// wrong causes. A cause is left out when it is only a symptom of the key (the system route
/// that drops traffic a missing peering would carry, the default NSG rule that denies it) or
/// when another injected fault produces it on its own flow (it would be a true problem too).
/// Every other cause is wrong because the evaluator's trace names exactly one reason.
fn offered_outcomes(dice: &mut Dice, d: &Draft, tr: &Trace) -> Vec<Reason> {
    let t = &d.sc.topology;
    let mut exclude: Vec<Reason> = d
        .faults
        .iter()
        .filter_map(|f| stable_trace(t, &spec(&f.flow.0, &f.flow.1, f.flow.2)))
        .map(|x| x.reason)
        .collect();
    exclude.push(Reason::RoutingLoop);
    if tr.explanation.contains("drops the packet") {
        exclude.push(Reason::NoRoute);
    }
    if tr.explanation.contains("denies it with") {
        exclude.extend([Reason::NsgDeny, Reason::VnetAccessDisabled]);
    }
    let firewall = !t.firewalls.is_empty();
    let nva = t.vms.iter().any(|v| v.forwards);
    let gateway = d.sc.has_gateway();
    let plausible = |r: Reason| match r {
        Reason::DnsUnresolved => tr.destination_ip.is_none() || d.sc.zone.is_some(),
        Reason::FirewallDeny => firewall,
        Reason::IpForwardingDisabled => nva,
        Reason::ForwardedTrafficBlocked => firewall || nva || gateway,
        Reason::GatewayTransitMissing => gateway,
        Reason::UdrDrop => !t.route_tables.is_empty(),
        Reason::NsgDeny => !t.nsgs.is_empty(),
        Reason::NotTransitive => t.vnets.len() > 2,
        _ => true,
    };
    let mut out = vec![Reason::Ok];
    if tr.reason != Reason::Ok {
        out.push(tr.reason);
    }
    let mut preferred: Vec<Reason> = distractor_reasons(tr.reason).to_vec();
    dice.shuffle(&mut preferred);
    // The peering and routing causes only: the generator builds no PaaS, Bastion, RBAC or
    // point-to-site parts, so those causes would be plain give-aways.
    let mut rest: Vec<Reason> = Reason::ALL[..14].to_vec();
    dice.shuffle(&mut rest);
    // Plausible causes first; only when too few remain, any cause the trace rules out.
    for strict in [true, false] {
        for &r in preferred.iter().chain(&rest) {
            if out.len() < 4
                && !out.contains(&r)
                && !exclude.contains(&r)
                && (plausible(r) || !strict)
            {
                out.push(r);
            }
        }
    }
    dice.shuffle(&mut out);
    out
}

/// The exhibit tables a generated network item shows (FORMAT.md "Item parts"): the VNets,
/// peerings and VMs always, and each other kind of table the network has.
fn exhibit_tables(t: &Topology) -> Vec<String> {
    let mut v = vec![
        "vnets".to_string(),
        "peerings".to_string(),
        "vms".to_string(),
    ];
    if !t.route_tables.is_empty() {
        v.push("routes".into());
    }
    if !t.nsgs.is_empty() {
        v.push("nsgs".into());
    }
    if t.vnets.iter().any(|x| x.gateway.is_some()) {
        v.push("gateways".into());
    }
    if !t.firewalls.is_empty() {
        v.push("firewalls".into());
    }
    if !t.dns_zones.is_empty() {
        v.push("dns".into());
    }
    v
}

/// Plausible wrong reasons to offer next to `r`.
fn distractor_reasons(r: Reason) -> [Reason; 5] {
    use Reason::*;
    match r {
        PeeringNotConnected => [
            NotTransitive,
            NsgDeny,
            GatewayTransitMissing,
            ForwardedTrafficBlocked,
            NoReturnRoute,
        ],
        NotTransitive => [
            PeeringNotConnected,
            ForwardedTrafficBlocked,
            NsgDeny,
            GatewayTransitMissing,
            UdrDrop,
        ],
        GatewayTransitMissing => [
            PeeringNotConnected,
            ForwardedTrafficBlocked,
            NoReturnRoute,
            NsgDeny,
            NotTransitive,
        ],
        ForwardedTrafficBlocked => [
            IpForwardingDisabled,
            NotTransitive,
            FirewallDeny,
            PeeringNotConnected,
            NsgDeny,
        ],
        IpForwardingDisabled => [
            ForwardedTrafficBlocked,
            FirewallDeny,
            NoReturnRoute,
            NsgDeny,
            NotTransitive,
        ],
        FirewallDeny => [
            ForwardedTrafficBlocked,
            NsgDeny,
            NoReturnRoute,
            IpForwardingDisabled,
            NotTransitive,
        ],
        NoReturnRoute => [
            ForwardedTrafficBlocked,
            FirewallDeny,
            NsgDeny,
            NotTransitive,
            GatewayTransitMissing,
        ],
        NsgDeny => [
            VnetAccessDisabled,
            PeeringNotConnected,
            FirewallDeny,
            UdrDrop,
            NotTransitive,
        ],
        VnetAccessDisabled => [
            NsgDeny,
            PeeringNotConnected,
            NotTransitive,
            ForwardedTrafficBlocked,
            UdrDrop,
        ],
        UdrDrop => [
            NoRoute,
            NsgDeny,
            PeeringNotConnected,
            NotTransitive,
            FirewallDeny,
        ],
        DnsUnresolved => [
            NsgDeny,
            PeeringNotConnected,
            NotTransitive,
            NoRoute,
            FirewallDeny,
        ],
        _ => [
            NotTransitive,
            PeeringNotConnected,
            NsgDeny,
            GatewayTransitMissing,
            UdrDrop,
        ],
    }
}

/// The parts of a generated question common to all templates.
pub struct Draft<'a> {
    pub sc: &'a Scenario,
    pub faults: &'a [Fault],
    pub id: String,
}

fn question(
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
        explanation,
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

fn ip_of(t: &Topology, name: &str) -> String {
    Network::new(t)
        .machine(name)
        .map(|m| m.ip.to_string())
        .unwrap_or_else(|| name.to_string())
}

fn fault_topic(faults: &[Fault], default: Topic) -> Topic {
    faults.first().map_or(default, |f| f.kind.topic())
}

/// A flow worth asking about: the fault's, or a random pair of machines.
fn some_flow(dice: &mut Dice, d: &Draft) -> (String, String, u16) {
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
fn shuffle_choices<T>(dice: &mut Dice, choices: Vec<T>, correct: &[usize]) -> (Vec<T>, Vec<usize>) {
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
    let prompt = format!(
        "{from} ({}) opens a TCP connection to {to} on port {port}. Does the connection succeed? If not, what is the cause?\n\n{}",
        ip_of(t, &from),
        facts(t)
    );
    let mut q = question(
        d,
        topic,
        Kind::Reachability,
        difficulty,
        prompt,
        tr.explanation.clone(),
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
    q.offered = offered_outcomes(dice, d, &tr);
    q.choices = q
        .offered
        .iter()
        .map(|r| crate::bank::reach_label(*r))
        .collect();
    q.exhibit = Some(exhibit_tables(t));
    Some(vec![q])
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
    let mut others: Vec<Reason> = distractor_reasons(tr.reason)
        .into_iter()
        .filter(|r| *r != tr.reason)
        .collect();
    dice.shuffle(&mut others);
    let mut reasons = vec![tr.reason];
    reasons.extend(others.into_iter().take(3));
    let texts: Vec<String> = reasons
        .iter()
        .map(|r| reason_text(*r).to_string())
        .collect();
    let (choices, answer) = shuffle_choices(dice, texts, &[0]);
    let prompt = format!(
        "Users report that {from} cannot reach {to} on TCP port {port}. What is the first thing that stops the traffic?\n\n{}",
        facts(t)
    );
    let explanation = format!(
        "{} The other choices describe problems this flow never meets: the evaluator's trace stops at the first failure, and it is the one above.",
        tr.explanation
    );
    let mut q = question(
        d,
        Topic::Troubleshooting,
        Kind::Single,
        2,
        prompt,
        explanation,
    );
    q.choices = choices;
    q.answer = answer;
    Some(vec![q])
}

/// Changes a learner might try that do not repair `fault` (each is checked by the caller).
fn candidate_distractors(d: &Draft) -> Vec<(String, Vec<Edit>)> {
    let t = &d.sc.topology;
    let mut out: Vec<(String, Vec<Edit>)> = Vec::new();
    let (from, _, _) = &d.faults[0].flow;
    out.push((format!("Assign a public IP address to {from}"), Vec::new()));
    out.push((format!("Restart {from}"), Vec::new()));
    for p in &t.peerings {
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
            ));
        }
        if !p.allow_gateway_transit {
            out.push((
                format!("Allow gateway transit on {}", p.name),
                vec![set(PeeringFlags {
                    allow_gateway_transit: Some(true),
                    ..Default::default()
                })],
            ));
        }
        if !p.use_remote_gateways && t.vnet(&p.remote).is_some_and(|v| v.gateway.is_some()) {
            out.push((
                format!("Use the remote gateway on {}", p.name),
                vec![set(PeeringFlags {
                    use_remote_gateways: Some(true),
                    ..Default::default()
                })],
            ));
        }
    }
    for m in &t.vms {
        if !m.ip_forwarding && d.sc.vms.contains(&m.name) {
            out.push((
                format!("Enable IP forwarding on the NIC of {}", m.name),
                vec![Edit::SetVm {
                    vm: m.name.clone(),
                    ip_forwarding: Some(true),
                    forwards: None,
                    dns_server: None,
                    nsg: None,
                }],
            ));
        }
    }
    for rt in &t.route_tables {
        if !rt.propagate_gateway_routes {
            continue;
        }
        out.push((
            format!("Turn off gateway route propagation in {}", rt.name),
            vec![Edit::SetRouteTable {
                table: rt.name.clone(),
                propagate_gateway_routes: Some(false),
            }],
        ));
    }
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
    let meets = |edits: &[Edit]| -> Option<bool> {
        let mut work = t.clone();
        for e in edits {
            e.apply(&mut work).ok()?;
        }
        stable_goals(&work, &goals)
    };
    if !meets(&f.fix)? {
        return None;
    }
    let mut pool = candidate_distractors(d);
    dice.shuffle(&mut pool);
    let mut choices: Vec<(String, Vec<Edit>)> = vec![(f.fix_text.clone(), f.fix.clone())];
    for (text, edits) in pool {
        if choices.len() == 4 {
            break;
        }
        if choices.iter().any(|(t, _)| *t == text) {
            continue;
        }
        // A distractor must be proven not to repair the flow, under every reading.
        if let Some(false) = meets(&edits) {
            choices.push((text, edits));
        }
    }
    if choices.len() < 3 {
        return None;
    }
    let (choices, answer) = shuffle_choices(dice, choices, &[0]);
    let tr = Network::new(t).trace(&spec(&from, &to, port)).ok()?;
    let prompt = format!(
        "{from} cannot reach {to} on TCP port {port}. Which single change makes the connection work?\n\n{}",
        facts(t)
    );
    let explanation = format!(
        "Before the change: {} The correct change is \"{}\". Each other choice was applied alone and traced again: the connection still fails.",
        tr.explanation, f.fix_text
    );
    let mut q = question(
        d,
        f.kind.topic(),
        Kind::Fix,
        if dice.chance(50) { 2 } else { 3 },
        prompt,
        explanation,
    );
    q.goals = goals;
    q.choices = choices.iter().map(|(c, _)| c.clone()).collect();
    q.changes = choices.into_iter().map(|(_, e)| e).collect();
    q.answer = answer;
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
    let editable: Vec<String> = t
        .peerings
        .iter()
        .filter(|p| {
            (p.vnet == src_vnet && p.remote == other) || (p.vnet == other && p.remote == src_vnet)
        })
        .map(|p| p.name.clone())
        .collect();
    if editable.len() != 2 {
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
        .map(|g| {
            format!(
                "{} must reach {} on TCP {}",
                g.flow.from, g.flow.to, g.flow.port
            )
        })
        .collect();
    let prompt = format!(
        "Set the four options of {} and {} so that {}.\n\n{}",
        editable[0],
        editable[1],
        wanted.join(", and "),
        facts(t)
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
            "The hub side allows gateway transit and the spoke side uses the remote gateway; access must stay on so the spoke and the hub still reach each other. Gateway transit and remote gateway on the same side would be refused by Azure."
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
    Some(vec![q])
}

fn hop_text(kind: NextHopType, ip: Option<std::net::Ipv4Addr>) -> String {
    match (kind, ip) {
        (NextHopType::VnetLocal, _) => "Virtual network (VnetLocal)".to_string(),
        (NextHopType::VNetPeering, _) => "Virtual network peering".to_string(),
        (NextHopType::VNetGlobalPeering, _) => "Global virtual network peering".to_string(),
        (NextHopType::VirtualNetworkGateway, _) => "Virtual network gateway".to_string(),
        (NextHopType::VirtualAppliance, Some(ip)) => format!("Virtual appliance {ip}"),
        (NextHopType::VirtualAppliance, None) => "Virtual appliance".to_string(),
        (NextHopType::Internet, _) => "Internet".to_string(),
        (NextHopType::None, _) => "None (the traffic is dropped)".to_string(),
        (NextHopType::VirtualNetworkServiceEndpoint, _) => {
            "Virtual network service endpoint".to_string()
        }
        (NextHopType::InterfaceEndpoint, _) => "Private endpoint (InterfaceEndpoint)".to_string(),
    }
}

pub fn next_hop(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let (from, to, _) = some_flow(dice, d);
    let net = Network::new(t);
    let dst = net.machine(&to)?.ip;
    let nh = net.next_hop(&from, dst)?;
    for r in relevant_readings(t) {
        if Network::with_reading(t, r).next_hop(&from, dst)? != nh {
            return None;
        }
    }
    let correct = hop_text(nh.kind, nh.ip);
    let appliance_ip = d.sc.appliance.as_ref().map(|(_, _, ip)| *ip);
    let mut pool: Vec<String> = [
        (NextHopType::VNetPeering, None),
        (
            NextHopType::VirtualAppliance,
            appliance_ip.or(Some(std::net::Ipv4Addr::new(10, 0, 1, 4))),
        ),
        (NextHopType::VirtualNetworkGateway, None),
        (NextHopType::Internet, None),
        (NextHopType::None, None),
        (NextHopType::VnetLocal, None),
    ]
    .iter()
    .map(|(k, ip)| hop_text(*k, *ip))
    .filter(|s| *s != correct)
    .collect();
    dice.shuffle(&mut pool);
    let mut texts = vec![correct.clone()];
    texts.extend(pool.into_iter().take(3));
    let (choices, answer) = shuffle_choices(dice, texts, &[0]);
    let prompt = format!(
        "You run Network Watcher's next hop from {from} ({}) to {dst} ({to}). What next hop type does it report?\n\n{}",
        ip_of(t, &from),
        facts(t)
    );
    let route = net.routes_of(&from).and_then(|rs| {
        rs.iter()
            .find(|r| {
                r.state == crate::eval::RouteState::Active
                    && r.prefix.contains(&dst)
                    && r.next_hop == nh.kind
                    && r.next_hop_ip == nh.ip
            })
            .map(|r| r.describe())
    });
    let explanation = format!(
        "Next hop answers with the effective route of the source NIC that matches the destination by longest prefix: {} ({}). It says where Azure sends the packet first, not whether NSGs or the far end allow it.",
        route.unwrap_or_else(|| correct.clone()),
        nh.route_table
    );
    let difficulty = if matches!(
        nh.kind,
        NextHopType::VirtualAppliance | NextHopType::VirtualNetworkGateway | NextHopType::None
    ) {
        2
    } else {
        1
    };
    let mut q = question(
        d,
        Topic::NetworkWatcher,
        Kind::Single,
        difficulty,
        prompt,
        explanation,
    );
    q.choices = choices;
    q.answer = answer;
    Some(vec![q])
}

pub fn peering_state(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    // A rejected request is a creation question, not a state question.
    if let Some((i, code)) = first_rejection(t) {
        return creation_of(dice, d, t.peerings[i].clone(), code).map(|q| vec![q]);
    }
    let p = t.peerings.get(dice.below(t.peerings.len().max(1)))?.clone();
    let space = |v: &str| {
        t.vnet(v)
            .map(|x| x.address_space[0].to_string())
            .unwrap_or_default()
    };
    let (a, b) = (
        format!("{} ({})", p.vnet, space(&p.vnet)),
        format!("{} ({})", p.remote, space(&p.remote)),
    );
    let tool = *dice.pick(&["the Azure CLI", "Azure PowerShell", "an ARM template"]);
    let back = format!("{}-to-{}", p.remote, p.vnet);
    // What happened, and the status that results (RULES.md §2).
    let (story, status, why) = match dice.below(5) {
        0 => (
            format!("Using {tool}, an administrator creates peering {} on {a} and peering {back} on {b}.", p.name),
            "Connected",
            "Both sides exist, so each shows Connected; traffic can flow, subject to the options, routes and NSGs.".to_string(),
        ),
        1 => (
            format!("Using {tool}, an administrator creates peering {} on {a}. Nobody creates anything on {b}.", p.name),
            "Initiated",
            format!("A peering made with {tool} creates one side only. Until {} has a peering back, {} shows Initiated and no traffic flows in either direction.", p.remote, p.name),
        ),
        2 => (
            format!("Peerings {} on {a} and {back} on {b} were Connected. Then an administrator deletes {back} with {tool}.", p.name),
            "Disconnected",
            format!("Deleting with {tool} removes one side only; the side left behind, {}, shows Disconnected. It must be deleted and both sides created again: creating only {back} again is refused.", p.name),
        ),
        3 => (
            format!("Peerings {} on {a} and {back} on {b} were Connected. Then an administrator deletes the peering from {}'s Peerings page in the Azure portal.", p.name, p.remote),
            "It no longer exists",
            "Deleting a peering in the portal removes both sides, so nothing is left to show a status; with the CLI or PowerShell only one side would go.".to_string(),
        ),
        _ => (
            format!("Using {tool}, an administrator creates peering {} on {a}. A day later a colleague creates peering {back} on {b}.", p.name),
            "Connected",
            format!("{} showed Initiated until the other side existed; once {back} was created, both sides show Connected.", p.name),
        ),
    };
    let texts: Vec<String> = [
        "Connected",
        "Initiated",
        "Disconnected",
        "It no longer exists",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let correct = texts.iter().position(|x| x == status)?;
    let (choices, answer) = shuffle_choices(dice, texts, &[correct]);
    let prompt = format!(
        "{story} What peering status does {} on {} show now?",
        p.name, p.vnet
    );
    let others = "Initiated means one side exists; Connected means both do; Disconnected means the other side was deleted.";
    let mut q = question(
        d,
        Topic::PeeringState,
        Kind::Single,
        if status == "Connected" || status == "Initiated" {
            1
        } else {
            2
        },
        prompt,
        format!("{why} {others}"),
    );
    q.topology = None;
    q.choices = choices;
    q.answer = answer;
    Some(vec![q])
}

fn creation_of(dice: &mut Dice, d: &Draft, p: Peering, code: Rejection) -> Option<Question> {
    let t = &d.sc.topology;
    let mut codes = vec![
        Rejection::VnetAddressSpacesOverlap,
        Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
        Rejection::RemoteVnetHasNoGateways,
        Rejection::UseRemoteGatewaysWithLocalGateway,
        Rejection::UseRemoteGatewaysWithoutTransit,
        Rejection::AnotherPeeringAlreadyReferencesRemoteVnet,
    ];
    codes.retain(|c| *c != code);
    dice.shuffle(&mut codes);
    let mut texts = vec![
        code.choice_text(),
        "It is created and shows Initiated".to_string(),
    ];
    texts.extend(codes.into_iter().take(2).map(|c| c.choice_text()));
    let (choices, answer) = shuffle_choices(dice, texts, &[0]);
    let mut flags = Vec::new();
    if p.allow_gateway_transit {
        flags.push("--allow-gateway-transit");
    }
    if p.use_remote_gateways {
        flags.push("--use-remote-gateways");
    }
    let prompt = format!(
        "You run az network vnet peering create --name {} --vnet-name {} --remote-vnet {} {}. What happens?\n\n{}",
        p.name,
        p.vnet,
        p.remote,
        flags.join(" "),
        facts(&without(t, &p))
    );
    let detail = match create_peerings(t)
        .into_iter()
        .zip(&t.peerings)
        .find(|(_, x)| x.name == p.name && x.vnet == p.vnet)
    {
        Some((PeeringVerdict::Rejected { detail, .. }, _)) => detail,
        _ => String::new(),
    };
    let explanation = format!(
        "Azure validates a peering request before creating it: {detail}, so the request fails ({}) and the peering does not exist. The other choices describe conditions this request does not meet.",
        code.cited()
    );
    let topic = match code {
        Rejection::VnetAddressSpacesOverlap
        | Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet => Topic::AddressSpace,
        _ => Topic::GatewayTransit,
    };
    let mut q = question(d, topic, Kind::Single, 2, prompt, explanation);
    q.choices = choices;
    q.answer = answer;
    Some(q)
}

/// The first peering of `t` that Azure refuses, and why.
fn first_rejection(t: &Topology) -> Option<(usize, Rejection)> {
    create_peerings(t)
        .iter()
        .enumerate()
        .find_map(|(i, v)| match v {
            PeeringVerdict::Rejected { code, .. } => Some((i, *code)),
            _ => None,
        })
}

fn without(t: &Topology, p: &Peering) -> Topology {
    let mut t = t.clone();
    t.peerings
        .retain(|x| !(x.vnet == p.vnet && x.name == p.name));
    t
}

/// "Will this peering be created?": a request built to hit one of Azure's checks, or none.
pub fn creation(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    // A fault may already have made a rejected peering; otherwise ask about a fresh request.
    if let Some((i, code)) = first_rejection(t) {
        return creation_of(dice, d, t.peerings[i].clone(), code).map(|q| vec![q]);
    }
    let hub = d.sc.hub()?;
    let spoke = d.sc.spokes.first()?.clone();
    let mut p = Peering::new(&spoke, hub);
    p.name = format!("{spoke}-to-{hub}-2");
    match dice.below(2) {
        0 => p.allow_gateway_transit = true,
        _ => p.use_remote_gateways = true,
    }
    if p.use_remote_gateways {
        p.allow_gateway_transit = dice.chance(50);
    }
    let mut with = t.clone();
    with.peerings.push(p.clone());
    let v = create_peerings(&with).pop()?;
    match v {
        PeeringVerdict::Rejected { code, .. } => creation_of(
            dice,
            &Draft {
                sc: &Scenario {
                    topology: with,
                    ..d.sc.clone()
                },
                faults: d.faults,
                id: d.id.clone(),
            },
            p,
            code,
        )
        .map(|q| vec![q]),
        PeeringVerdict::Exists(_) => None,
    }
}

pub fn which_vms(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let mut all: Vec<String> = d.sc.vms.clone();
    all.extend(d.sc.hub_vms.iter().cloned());
    all.extend(d.sc.hosts.iter().cloned());
    if all.len() < 4 {
        return None;
    }
    let from = all.remove(dice.below(all.len()));
    dice.shuffle(&mut all);
    all.truncate(5);
    let mut reachable = Vec::new();
    let mut lines = Vec::new();
    for (i, to) in all.iter().enumerate() {
        let tr = stable_trace(t, &spec(&from, to, 443))?;
        if tr.verdict == Verdict::Reachable {
            reachable.push(i);
        }
        lines.push(format!(
            "{to}: {} ({})",
            tr.verdict.as_str(),
            tr.reason.code()
        ));
    }
    if reachable.is_empty() || reachable.len() == all.len() {
        return None;
    }
    let prompt = format!(
        "Which of these machines can {from} reach on TCP port 443? Select every one that applies (NSGs allow 443 unless a rule below says otherwise).\n\n{}",
        facts(t)
    );
    let explanation = format!(
        "The evaluator traced each flow, with its reply: {}. Peering connects only the two VNets it joins, and every hop on the way must allow the traffic.",
        lines.join("; ")
    );
    let topic = fault_topic(d.faults, Topic::Transitivity);
    let mut q = question(
        d,
        topic,
        Kind::Multi,
        if all.len() >= 5 { 3 } else { 2 },
        prompt,
        explanation,
    );
    q.choices = all;
    q.answer = reachable;
    Some(vec![q])
}

pub fn yes_no(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let mut flows = Vec::new();
    for _ in 0..8 {
        let f = some_flow(dice, d);
        if !flows.contains(&f) && f.0 != f.1 {
            flows.push(f);
        }
        if flows.len() == 3 {
            break;
        }
    }
    if flows.len() < 3 {
        return None;
    }
    let scenario = format!(
        "For each statement, answer Yes if it is true for the network below.\n\n{}",
        facts(t)
    );
    let mut out = Vec::new();
    for (k, (from, to, port)) in flows.into_iter().enumerate() {
        let tr = stable_trace(t, &spec(&from, &to, port))?;
        let prompt = format!("{from} can open a TCP connection to {to} on port {port}.");
        let mut q = question(
            d,
            fault_topic(d.faults, Topic::Transitivity),
            Kind::YesNo,
            if d.faults.len() > 1 { 2 } else { 1 },
            prompt,
            tr.explanation.clone(),
        );
        q.id = format!("{}-{}", d.id, k + 1);
        q.series = Some(d.id.clone());
        q.scenario = (k == 0).then(|| scenario.clone());
        q.choices = vec!["Yes".to_string(), "No".to_string()];
        q.answer = vec![if tr.verdict == Verdict::Reachable {
            0
        } else {
            1
        }];
        out.push(q);
    }
    Some(out)
}

pub fn path_order(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let (from, to, port) = some_flow(dice, d);
    let tr = stable_trace(t, &spec(&from, &to, port))?;
    if tr.verdict != Verdict::Reachable {
        return None;
    }
    let mut places: Vec<String> = Vec::new();
    for h in tr
        .hops
        .iter()
        .filter(|h| h.leg == crate::eval::Leg::Request)
    {
        let place = match h.step {
            "route" => h.at.split('/').next().map(|v| format!("VNet {v}")),
            "appliance" | "firewall" => Some(h.at.clone()),
            "gateway" => Some(h.at.replace(" gateway", "'s gateway")),
            _ => None,
        };
        if let Some(p) = place
            && places.last() != Some(&p)
        {
            places.push(p);
        }
    }
    if let Some(m) = Network::new(t).machine(&to) {
        places.push(m.name.clone());
    }
    let distinct: std::collections::BTreeSet<&String> = places.iter().collect();
    if places.len() < 3 || distinct.len() != places.len() {
        return None;
    }
    let n = places.len();
    let (choices, _) = shuffle_choices(dice, places.clone(), &[]);
    let answer: Vec<usize> = places
        .iter()
        .map(|p| choices.iter().position(|c| c == p).expect("same items"))
        .collect();
    let prompt = format!(
        "{from} opens a TCP connection to {to} on port {port}. Put the places the request passes through in order, first to last.\n\n{}",
        facts(t)
    );
    let explanation = format!(
        "The request goes {}. {}",
        places.join(" -> "),
        tr.explanation
    );
    let topic = if d.sc.appliance.is_some()
        && places.iter().any(|p| p.contains("fw") || p.contains("nva"))
    {
        Topic::ForwardedTraffic
    } else {
        Topic::Routing
    };
    let mut q = question(
        d,
        topic,
        Kind::Order,
        if n > 3 { 3 } else { 2 },
        prompt,
        explanation,
    );
    q.choices = choices;
    q.answer = answer;
    Some(vec![q])
}

pub fn flow_verify(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let net = Network::new(t);
    let (from, to, port) = some_flow(dice, d);
    let src = net.machine(&from)?.ip;
    let target = t.vm(&to)?;
    let v = net.ip_flow_verify(&to, Direction::Inbound, Protocol::Tcp, src, port)?;
    let rule = v.rule.clone()?;
    let correct = format!("{}, {}", v.access, rule);
    let mut pool: Vec<String> = Vec::new();
    for n in [
        target.nsg.as_deref(),
        t.vnet(&target.vnet)
            .and_then(|vn| vn.subnet(&target.subnet))
            .and_then(|s| s.nsg.as_deref()),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(nsg) = t.nsg(n) {
            for r in nsg
                .rules
                .iter()
                .filter(|r| r.direction == Direction::Inbound)
            {
                pool.push(format!(
                    "{}, securityRules/{}",
                    if r.access == Access::Allow {
                        "Allow"
                    } else {
                        "Deny"
                    },
                    r.name
                ));
            }
        }
    }
    pool.extend(
        [
            "Allow, defaultSecurityRules/AllowVnetInBound",
            "Deny, defaultSecurityRules/DenyAllInBound",
            "Allow, defaultSecurityRules/AllowAzureLoadBalancerInBound",
        ]
        .map(String::from),
    );
    pool.sort();
    pool.dedup();
    pool.retain(|p| *p != correct);
    dice.shuffle(&mut pool);
    let mut texts = vec![correct.clone()];
    texts.extend(pool.into_iter().take(3));
    if texts.len() < 3 {
        return None;
    }
    let (choices, answer) = shuffle_choices(dice, texts, &[0]);
    let prompt = format!(
        "You run IP flow verify on {to}'s NIC: inbound, TCP, local port {port}, remote address {src} ({from}). What does it report?\n\n{}",
        facts(t)
    );
    let nsg = v.nsg.clone().unwrap_or_default();
    let explanation = format!(
        "Inbound traffic meets the subnet's NSG first, then the NIC's; within an NSG the lowest priority number that matches decides and the default rules come last. Here NSG {nsg} decides with {rule}. IP flow verify checks only NSG rules: routes and peering state do not change its answer."
    );
    let mut q = question(
        d,
        if dice.chance(50) {
            Topic::Nsg
        } else {
            Topic::NetworkWatcher
        },
        Kind::Single,
        2,
        prompt,
        explanation,
    );
    q.choices = choices;
    q.answer = answer;
    Some(vec![q])
}
