//! Items over several flows or hops: which machines a VM reaches, a yes-no series, the order of
//! the places a request passes.

use super::dice::Dice;
use super::questions::*;
use super::rationale;
use super::stem;
use crate::bank::{Kind, Question, Topic};
use crate::eval::{Network, Verdict};

pub fn which_vms(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let mut all: Vec<String> = d.sc.vms.clone();
    all.extend(d.sc.hub_vms.iter().cloned());
    all.extend(d.sc.hosts.iter().cloned());
    if all.len() < 5 {
        return None;
    }
    let from = all.remove(dice.below(all.len()));
    dice.shuffle(&mut all);
    all.truncate(if dice.chance(50) { 4 } else { 5 });
    let mut reachable = Vec::new();
    let mut lines = Vec::new();
    let mut traces = Vec::new();
    for (i, to) in all.iter().enumerate() {
        let tr = stable_trace(t, &spec(&from, to, 443))?;
        if tr.verdict == Verdict::Reachable {
            reachable.push(i);
            lines.push(format!(
                "Correct. {}.",
                rationale::capital(&rationale::passes(t, &tr))
            ));
        } else {
            let line = format!(
                "Incorrect. {}.",
                rationale::capital(&rationale::finding_in(t, &tr))
            );
            // Two machines stopped by the same thing: the second line points at the first
            // instead of saying it again.
            match lines.iter().position(|l| *l == line) {
                Some(j) => lines.push(format!(
                    "Incorrect. It fails for the same reason as {}.",
                    all[j]
                )),
                None => lines.push(line),
            }
        }
        traces.push(tr);
    }
    if reachable.is_empty() || reachable.len() == all.len() {
        return None;
    }
    let co = d.company;
    let prompt = format!(
        "{} A monitoring agent on {from} must reach the other servers on TCP 443. Which of these machines can {from} reach on TCP port 443? Select every one that applies.",
        stem::runs(co, t, &[&from]),
    );
    let explanation = which_explanation(&from, &all, &reachable, &traces);
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
    q.rationales = lines;
    q.source = super::sources::for_traces(t, &traces.iter().collect::<Vec<_>>());
    finish(d, &mut q, &traces.iter().collect::<Vec<_>>());
    Some(vec![q])
}

/// The explanation of a which-VMs item: which machines answer and which do not, then the
/// principle behind the first failure (the evaluator's lesson), not one sentence for all.
fn which_explanation(
    from: &str,
    all: &[String],
    reachable: &[usize],
    traces: &[crate::eval::Trace],
) -> String {
    let names = |keep: bool| -> Vec<&str> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| reachable.contains(i) == keep)
            .map(|(_, n)| n.as_str())
            .collect()
    };
    let (yes, no) = (names(true), names(false));
    let mut text = format!(
        "{from} reaches {} on TCP 443, and not {}.",
        stem::join(&yes),
        stem::join(&no)
    );
    // One lesson per distinct cause, in the order the choices list them.
    let mut seen = Vec::new();
    for tr in traces.iter().filter(|t| t.verdict != Verdict::Reachable) {
        if seen.contains(&tr.reason) {
            continue;
        }
        seen.push(tr.reason);
        // The no-route principle speaks of "this address": the option's own line says which
        // route drops it, and a list of machines has no one address.
        if tr.reason == crate::eval::Reason::NoRoute {
            continue;
        }
        let lesson = crate::eval::lesson(tr.reason);
        // The lesson's first sentence is the principle; its advice is for the fix items.
        if let Some(first) = rationale::sentences(lesson).into_iter().next() {
            text.push(' ');
            text.push_str(&first);
        }
    }
    text.push_str(
        " A machine answers only when every hop allows it: the routes, the peerings and their settings, the NSGs at both ends, any appliance, and the reply's way back.",
    );
    text
}

/// What decides a statement: where and why its flow stops, or, for a flow that passes, what
/// it passes through (an appliance, a gateway) beyond a plain peering. Two statements with the
/// same fact teach one thing twice (a third reading found series of three that all said "no
/// rule of hub-fw matches", and two "a spoke reaches its own hub").
fn deciding_fact(tr: &crate::eval::Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        let mut via: Vec<&str> = Vec::new();
        for h in tr.hops.iter().filter(|h| {
            h.leg == crate::eval::Leg::Request
                && matches!(h.step, "appliance" | "firewall" | "gateway")
        }) {
            if !via.contains(&h.at.as_str()) {
                via.push(&h.at);
            }
        }
        format!("passes via {}", via.join(", "))
    } else {
        use crate::eval::Reason;
        // A missing route is one fact whichever way it is missing (a static site that lacks a
        // spoke's prefix drops the request from the site and the reply to it alike), and
        // "peering is not transitive" is one lesson whichever two VNets show it.
        let (family, place) = match tr.reason {
            Reason::NoRoute | Reason::NoReturnRoute => ("route", stop_key(tr)),
            Reason::NotTransitive => ("not-transitive", String::new()),
            r => (r.code(), stop_key(tr)),
        };
        format!("{family} at {place}")
    }
}

/// The resource where a flow stops, whichever way the packet was going.
fn stop_key(tr: &crate::eval::Trace) -> String {
    let place = super::path_facts::stop_place(tr).unwrap_or_default();
    place
        .trim_end_matches(" (the reply's way back)")
        .trim_end_matches(", on the reply's way back")
        .to_string()
}

/// The flows a series can ask about: every pair of the scenario's machines, each to the
/// destination's own port.
fn all_flows(d: &Draft) -> Vec<(String, String, u16)> {
    let mut ends: Vec<(String, u16)> =
        d.sc.vms
            .iter()
            .cloned()
            .zip(d.sc.ports.iter().copied())
            .collect();
    ends.extend(d.sc.hub_vms.iter().map(|v| (v.clone(), 22)));
    ends.extend(d.sc.hosts.iter().map(|h| (h.clone(), 443)));
    let mut out = Vec::new();
    for (a, _) in &ends {
        for (b, port) in &ends {
            if a != b {
                out.push((a.clone(), b.clone(), *port));
            }
        }
    }
    out
}

/// Shuffles `xs`, then puts first one whose `yes` is a coin's side (when any is): the first
/// answer is Yes or No half the time each, whatever the mix of the series.
fn order_statements<T>(dice: &mut Dice, xs: &mut [T], yes: impl Fn(&T) -> bool) {
    dice.shuffle(xs);
    let want = dice.chance(50);
    if let Some(i) = xs.iter().position(|x| yes(x) == want) {
        xs[..=i].rotate_right(1);
    }
}

pub fn yes_no(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    // Three statements, each on its own deciding fact; the fault's flow first when there is
    // one (as other items ask about it), then the others in a random order.
    let mut pool = all_flows(d);
    dice.shuffle(&mut pool);
    // (h10opts: matched by its two ends, since the pool asks each machine's own port, and
    // never cut off below, or the series could miss the one flow that fails: Y, Y, Y.)
    if let Some(f) = d.faults.first()
        && let Some(i) = pool.iter().position(|x| x.0 == f.flow.0 && x.1 == f.flow.1)
    {
        let first = pool.remove(i);
        let at = if dice.chance(80) {
            0
        } else {
            1 + dice.below(2)
        };
        pool.insert(at.min(pool.len()), first);
    }
    pool.truncate(20);
    let mut picked: Vec<((String, String, u16), crate::eval::Trace, String)> = Vec::new();
    let mut spare: Vec<((String, String, u16), crate::eval::Trace, String)> = Vec::new();
    let yes = |tr: &crate::eval::Trace| tr.verdict == Verdict::Reachable;
    for f in pool {
        // Enough: three facts, and both answers among what was traced.
        if picked.len() == 3
            && picked
                .iter()
                .chain(&spare)
                .any(|p| yes(&p.1) != yes(&picked[0].1))
        {
            break;
        }
        let Some(tr) = stable_trace(t, &spec(&f.0, &f.1, f.2)) else {
            continue;
        };
        let fact = deciding_fact(&tr);
        if picked.iter().any(|p| p.2 == fact) || spare.iter().any(|p| p.2 == fact) {
            continue;
        }
        if picked.len() < 3 {
            picked.push((f, tr, fact));
        } else {
            spare.push((f, tr, fact));
        }
    }
    if picked.len() < 3 {
        return None;
    }
    // Not Yes, Yes, Yes (or No three times) when the network offers the other answer: the
    // last statement gives way to one with its own fact and the other answer.
    if picked.iter().all(|p| yes(&p.1) == yes(&picked[0].1))
        && let Some(i) = spare.iter().position(|p| yes(&p.1) != yes(&picked[0].1))
    {
        picked[2] = spare.swap_remove(i);
    }
    // The statements in an order of their own: the fault's flow came first (above, so it is
    // not cut off), and a failing flow answers No, so statement 1 read No in almost every
    // series (a second reader, issue 10). A fair coin picks the first statement's answer when
    // both are there, and the rest follow in a random order, so neither the first answer nor
    // the order of the answers is a pattern.
    order_statements(dice, &mut picked, |p| yes(&p.1));
    let flows: Vec<(String, String, u16)> = picked.iter().map(|p| p.0.clone()).collect();
    let co = d.company;
    let mut machines: Vec<&str> = Vec::new();
    for (a, b, _) in &flows {
        for m in [a, b] {
            if !machines.contains(&m.as_str()) {
                machines.push(m);
            }
        }
    }
    let scenario = format!(
        "{} The exhibit shows the network. For each statement, select Yes if it is true.",
        stem::runs_on(co, &d.sc.topology, &machines)
    );
    let mut out = Vec::new();
    let mut traces = Vec::new();
    for (k, ((from, to, port), tr, _)) in picked.into_iter().enumerate() {
        let prompt = format!("{from} can open a TCP connection to {to} on port {port}.");
        let mut q = question(
            d,
            fault_topic(d.faults, Topic::Transitivity),
            Kind::YesNo,
            if d.faults.len() > 1 { 2 } else { 1 },
            prompt,
            super::rationale::explain(&tr),
        );
        q.id = format!("{}-{}", d.id, k + 1);
        q.series = Some(d.id.clone());
        q.scenario = (k == 0).then(|| scenario.clone());
        q.choices = vec!["Yes".to_string(), "No".to_string()];
        let yes = tr.verdict == Verdict::Reachable;
        q.answer = vec![if yes { 0 } else { 1 }];
        // The key's line says why; the other says only what the trace shows instead, so the
        // two lines never read as one sentence said twice.
        q.rationales = if yes {
            let f = rationale::capital(&rationale::passes(t, &tr));
            vec![
                format!("Correct. {f}."),
                "Incorrect. Nothing on the path stops this connection, and its reply gets back."
                    .to_string(),
            ]
        } else {
            let f = rationale::capital(&rationale::finding_in(t, &tr));
            let at =
                super::path_facts::stop_place(&tr).map_or(String::new(), |p| format!(" at {p}"));
            vec![
                format!("Incorrect. The connection fails{at}."),
                format!("Correct. {f}."),
            ]
        };
        q.source = Some(super::sources::for_trace(t, &tr));
        out.push(q);
        traces.push(tr);
    }
    // One exhibit for the series: what all three statements need.
    let refs: Vec<&crate::eval::Trace> = traces.iter().collect();
    let mut texts: Vec<&str> = vec![&scenario];
    for q in &out {
        texts.push(&q.prompt);
        texts.extend(q.rationales.iter().map(String::as_str));
    }
    let tables = stem::exhibit_for(d.sc, &texts, &refs);
    for q in &mut out {
        q.exhibit = Some(tables.clone());
    }
    Some(out)
}

pub fn path_order(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let (from, to, port) = some_flow(dice, d);
    // From a VM only: a site's host does not start "in" a VNet, and its path would read as if
    // it did.
    t.vm(&from)?;
    let tr = stable_trace(t, &spec(&from, &to, port))?;
    if tr.verdict != Verdict::Reachable {
        return None;
    }
    // Each place with the VNet it sits in and why the request gets there. An appliance or
    // gateway is named with its VNet, and the route lookup inside that VNet that follows it is
    // the same place, so a firewall in hub-vnet is never listed as if before hub-vnet.
    let mut places: Vec<(String, String, String)> = Vec::new();
    let home = |name: &str| -> String {
        t.firewalls
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.vnet.clone())
            .or_else(|| t.vm(name).map(|v| v.vnet.clone()))
            .unwrap_or_default()
    };
    for h in tr
        .hops
        .iter()
        .filter(|h| h.leg == crate::eval::Leg::Request)
    {
        let place = match h.step {
            "route" => h.at.split('/').next().map(|v| {
                let why = if places.is_empty() {
                    format!("the request starts in {v}, where {from} sits")
                } else {
                    format!("the request reaches {v}")
                };
                (format!("VNet {v}"), v.to_string(), why)
            }),
            "appliance" | "firewall" => {
                let v = home(&h.at);
                let what = if h.step == "firewall" {
                    "Azure Firewall"
                } else {
                    "virtual appliance"
                };
                Some((
                    format!("{} ({what} in {v})", h.at),
                    v,
                    format!("a user-defined route sends the request to {}", h.at),
                ))
            }
            "gateway" => {
                let v = h.at.trim_end_matches(" gateway").to_string();
                let kind = t
                    .vnet(&v)
                    .and_then(|x| x.gateway.as_ref())
                    .map_or("gateway", |g| g.kind.label());
                Some((
                    format!("The {kind} in {v}"),
                    v,
                    "the gateway carries the request out of Azure to the on-premises site"
                        .to_string(),
                ))
            }
            _ => None,
        };
        let Some(p) = place else { continue };
        let same_vnet_as_last = places.last().is_some_and(|(_, v, _)| *v == p.1);
        if places.last().is_some_and(|l| l.0 == p.0) || (h.step == "route" && same_vnet_as_last) {
            continue;
        }
        places.push(p);
    }
    // Where the request arrives before the machine: the destination's VNet (unless the last
    // place is already in it) or its on-premises site. The exam's order lists name both VNets.
    let arrival = if let Some(v) = t.vm(&to) {
        Some((
            format!("VNet {}", v.vnet),
            v.vnet.clone(),
            format!("the request arrives in {}, where {to} sits", v.vnet),
        ))
    } else {
        t.sites
            .iter()
            .find(|s| s.hosts.iter().any(|h| h.name == to))
            .map(|s| {
                (
                    format!("{} (on-premises site)", s.name),
                    format!("site {}", s.name),
                    format!(
                        "the request arrives at the {} site, where {to} sits",
                        s.name
                    ),
                )
            })
    };
    if let Some(a) = arrival
        && places.last().is_none_or(|l| l.1 != a.1)
    {
        places.push(a);
    }
    if let Some(m) = Network::new(t).machine(&to) {
        places.push((
            m.name.clone(),
            String::new(),
            format!("{} receives the request last", m.name),
        ));
    }
    let distinct: std::collections::BTreeSet<&String> = places.iter().map(|p| &p.0).collect();
    // Four places at least: with three (the source VNet, one hop, the destination VM) the
    // stem names two of them and only the middle is asked.
    if places.len() < 4 || distinct.len() != places.len() {
        return None;
    }
    let n = places.len();
    let lines: Vec<(String, String)> = places
        .iter()
        .enumerate()
        .map(|(k, (name, _, why))| (name.clone(), format!("Step {} of {n}: {why}.", k + 1)))
        .collect();
    let order: Vec<String> = places.iter().map(|p| p.0.clone()).collect();
    let (shuffled, _) = shuffle_choices(dice, lines, &[]);
    let answer: Vec<usize> = order
        .iter()
        .map(|p| shuffled.iter().position(|c| c.0 == *p).expect("same items"))
        .collect();
    let co = d.company;
    let prompt = format!(
        "{} {from} opens a TCP connection to {to} on port {port}. Put the places the request passes through in order, first to last.",
        stem::runs(co, t, &[&from, &to]),
    );
    let steps: Vec<String> = order
        .iter()
        .map(|p| match p.strip_prefix("The ") {
            Some(rest) => format!("the {rest}"),
            None => p.clone(),
        })
        .collect();
    let explanation = format!(
        "The request passes, in order: {}. {}",
        steps.join(", "),
        super::rationale::explain(&tr)
    );
    let topic = if d.sc.appliance.is_some()
        && order.iter().any(|p| p.contains("fw") || p.contains("nva"))
    {
        Topic::ForwardedTraffic
    } else {
        Topic::Routing
    };
    let mut q = question(
        d,
        topic,
        Kind::Order,
        if n > 4 { 3 } else { 2 },
        prompt,
        explanation,
    );
    (q.choices, q.rationales) = shuffled.into_iter().unzip();
    q.answer = answer;
    finish(d, &mut q, &[&tr]);
    Some(vec![q])
}
