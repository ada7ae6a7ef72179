//! Which causes a cause question offers: the key and the most plausible wrong causes, each
//! proven wrong by the evaluator (its trace names exactly one reason, and causes that are only
//! symptoms of the key, or true of another injected fault, are left out).

use super::dice::Dice;
use super::questions::{Draft, spec, stable_trace};
use super::rationale;
use crate::eval::{Reason, Trace};
use crate::model::Topology;

/// The four outcomes a reachability item offers: "reachable", the key, and the most plausible
/// wrong causes. A cause is left out when it is only a symptom of the key (the system route
/// that drops traffic a missing peering would carry, the default NSG rule that denies it) or
/// when another injected fault produces it on its own flow (it would be a true problem too).
/// Every other cause is wrong because the evaluator's trace names exactly one reason.
pub fn offered_outcomes(dice: &mut Dice, d: &Draft, tr: &Trace, with_ok: bool) -> Vec<Reason> {
    let t = &d.sc.topology;
    let exclude: Vec<Reason> = d
        .faults
        .iter()
        .filter_map(|f| stable_trace(t, &spec(&f.flow.0, &f.flow.1, f.flow.2)))
        .map(|x| x.reason)
        .collect();
    let near = Near {
        zone: d.sc.zone.is_some(),
        gateway: d.sc.has_gateway(),
        by_address: by_address(t, &tr.to),
    };
    // A wrong cause whose line can name the fact that rules it out comes first; one the
    // network gives no reason to suspect (a firewall where there is none, gateway transit
    // without a gateway) is never offered.
    let fact = |r: Reason| rationale::ruled_out(t, tr, r).is_some();
    pick(dice, t, tr, exclude, near, with_ok, |_| true, fact, false)
}

/// What the network holds near the flow, for what counts as plausible.
#[derive(Clone, Copy)]
struct Near {
    zone: bool,
    gateway: bool,
    /// The stem gives the destination by its address: no name is looked up, so a DNS cause
    /// is ruled out by the stem alone (the second reader, gen-5353-0002 D).
    by_address: bool,
}

/// Whether a generated stem names `to` by its IP address: an address, or an on-premises host
/// ([`super::stem::target`] writes a host's address, since Azure-provided DNS does not resolve
/// on-premises names, RULES.md §6).
fn by_address(t: &Topology, to: &str) -> bool {
    to.parse::<std::net::Ipv4Addr>().is_ok()
        || t.sites.iter().flat_map(|s| &s.hosts).any(|h| h.name == to)
}

/// The four outcomes of a bank reachability item that does not list its own (FORMAT.md §3):
/// "reachable", the key, and the most plausible wrong causes, with one line each. A bank
/// network may hold more than one problem, and the author did not say which; so a wrong cause
/// is offered only when a fact of the exhibit rules it out (a peering shown Connected, an NSG
/// that IP flow verify finds allowing), not merely because the trace stopped earlier. The draw
/// is seeded by the item's id: the same item shows the same choices every time.
pub fn bank_outcomes(t: &Topology, tr: &Trace, id: &str) -> Vec<(Reason, String)> {
    let mut dice = Dice::new(fnv1a(id));
    let near = Near {
        zone: !t.dns_zones.is_empty(),
        gateway: t.vnets.iter().any(|v| v.gateway.is_some()),
        // The bank's stems are the authors' words: whether one gives the address is theirs.
        by_address: false,
    };
    let ruled_out =
        |r: Reason| r == Reason::Ok || r == tr.reason || rationale::ruled_out(t, tr, r).is_some();
    let mut out = pick(
        &mut dice,
        t,
        tr,
        Vec::new(),
        near,
        true,
        ruled_out,
        |_| true,
        true,
    );
    if out.len() < 4 {
        // Too few facts: fill with causes the trace alone rules out.
        out = pick(
            &mut dice,
            t,
            tr,
            Vec::new(),
            near,
            true,
            |_| true,
            |_| true,
            true,
        );
    }
    out.into_iter()
        .map(|r| {
            let line = if r == tr.reason {
                rationale::the_cause_bare(tr)
            } else {
                rationale::not_the_cause(t, tr, r)
            };
            (r, rationale::plain(&line))
        })
        .collect()
}

/// FNV-1a: a stable 64-bit hash of an id (std's hasher is not promised stable).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Up to four outcomes: "reachable" when `with_ok`, the key, then plausible wrong causes that
/// `allowed` admits, those with a ruling-out `fact` first, preferred ones first. Implausible
/// causes only `when_short` (the bank's fallback).
#[allow(clippy::too_many_arguments)]
fn pick(
    dice: &mut Dice,
    t: &Topology,
    tr: &Trace,
    mut exclude: Vec<Reason>,
    near: Near,
    with_ok: bool,
    allowed: impl Fn(Reason) -> bool,
    fact: impl Fn(Reason) -> bool,
    when_short: bool,
) -> Vec<Reason> {
    exclude.push(Reason::RoutingLoop);
    if tr.explanation.contains("drops the packet") {
        exclude.push(Reason::NoRoute);
    }
    if tr.explanation.contains("denies it with") {
        exclude.extend([Reason::NsgDeny, Reason::VnetAccessDisabled]);
    }
    // Access off shows as a default NSG rule that denies: "an NSG rule denies it" would be
    // defensible too, so it is not offered as wrong.
    if tr.reason == Reason::VnetAccessDisabled {
        exclude.push(Reason::NsgDeny);
    }
    let firewall = !t.firewalls.is_empty();
    let nva = t.vms.iter().any(|v| v.forwards);
    let gateway = near.gateway;
    let plausible = |r: Reason| match r {
        Reason::DnsUnresolved => tr.destination_ip.is_none() || (near.zone && !near.by_address),
        Reason::FirewallDeny => firewall,
        Reason::IpForwardingDisabled => nva,
        Reason::ForwardedTrafficBlocked => firewall || nva || gateway,
        Reason::GatewayTransitMissing => gateway,
        Reason::UdrDrop => !t.route_tables.is_empty(),
        Reason::NsgDeny => !t.nsgs.is_empty(),
        Reason::NotTransitive => t.vnets.len() > 2,
        _ => true,
    };
    let mut out = if with_ok {
        vec![Reason::Ok]
    } else {
        Vec::new()
    };
    if !with_ok {
        exclude.push(Reason::Ok);
    }
    if tr.reason != Reason::Ok || !with_ok {
        out.push(tr.reason);
    }
    let mut preferred: Vec<Reason> = distractor_reasons(tr.reason).to_vec();
    dice.shuffle(&mut preferred);
    // The peering and routing causes only: the generator builds no PaaS, Bastion, RBAC or
    // point-to-site parts, so those causes would be plain give-aways.
    let mut rest: Vec<Reason> = Reason::ALL[..14].to_vec();
    dice.shuffle(&mut rest);
    // Plausible causes with a fact first, then plausible ones; only for the bank, when too
    // few remain, any cause the trace rules out.
    for pass in 0..3 {
        if pass == 2 && !when_short {
            break;
        }
        for &r in preferred.iter().chain(&rest) {
            if out.len() < 4
                && !out.contains(&r)
                && !exclude.contains(&r)
                && allowed(r)
                && (plausible(r) || pass == 2)
                && (pass > 0 || r == Reason::Ok || fact(r))
            {
                out.push(r);
            }
        }
    }
    dice.shuffle(&mut out);
    out
}

/// Plausible wrong reasons to offer next to `r`.
pub fn distractor_reasons(r: Reason) -> [Reason; 5] {
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

/// Whether a change only adds an NSG allow rule that the NSG already has, or one that already
/// covers it (same direction, protocol, ports and a source at least as wide): the exhibit
/// shows the rule, so the option is wrong at a glance (a three-option item in disguise).
pub fn adds_an_existing_rule(t: &Topology, edits: &[crate::model::Edit]) -> bool {
    use crate::model::{Access, AddressMatch, Edit, PortSet, Protocol};
    let covers_addr = |a: &AddressMatch, b: &AddressMatch| match (a, b) {
        (AddressMatch::Any, _) => true,
        (AddressMatch::Prefix(x), AddressMatch::Prefix(y)) => {
            x.contains(&y.network()) && x.prefix_len() <= y.prefix_len()
        }
        _ => a == b,
    };
    let covers_ports = |a: &PortSet, b: &PortSet| match (a, b) {
        (PortSet::Any, _) => true,
        (PortSet::Ranges(_), PortSet::Any) => false,
        (PortSet::Ranges(_), PortSet::Ranges(bs)) => {
            bs.iter().all(|(lo, hi)| (*lo..=*hi).all(|p| a.contains(p)))
        }
    };
    !edits.is_empty()
        && edits.iter().all(|e| match e {
            Edit::AddNsgRule { nsg, rule } if rule.access == Access::Allow => {
                t.nsg(nsg).is_some_and(|n| {
                    n.rules.iter().any(|r| {
                        r.access == Access::Allow
                            && r.direction == rule.direction
                            && (r.protocol == Protocol::Any || r.protocol == rule.protocol)
                            && covers_ports(&r.destination_ports, &rule.destination_ports)
                            && covers_addr(&r.source, &rule.source)
                            && covers_addr(&r.destination, &rule.destination)
                    })
                })
            }
            _ => false,
        })
}
