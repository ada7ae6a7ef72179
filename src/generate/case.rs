//! A case study (ITEMS.md "Item types"): one company's network, a longer scenario, one set of
//! exhibits and three to six questions on it, each asked by an ordinary template and proven
//! the same way. The questions share `case`, the scenario (on the first) and the topology, as
//! the bank's case studies do (content/questions/case-studies.toml).

use super::dice::Dice;
use super::questions::{self, Draft, Template};
use super::{listing, sources, stem, watcher_items};
use crate::bank::Question;

/// The scenario: who the company is, what runs where, what connects it, and what is wrong.
fn scenario(d: &Draft) -> String {
    let sc = d.sc;
    let t = &sc.topology;
    let hub = sc.hub().unwrap_or("the hub");
    let mut s = format!(
        "{} runs its applications in Azure in a hub and spoke design. {hub} holds shared services ({}).",
        d.company,
        sc.hub_vms.join(", ")
    );
    let places: Vec<String> = sc.vms.iter().map(|v| stem::place(t, v)).collect();
    s.push_str(&format!(" The workloads are {}.", stem::join(&places)));
    if let Some(g) = t.vnet(hub).and_then(|v| v.gateway.as_ref()) {
        let sites: Vec<String> = t.sites.iter().map(|x| x.name.clone()).collect();
        s.push_str(&format!(
            " {hub} has {} {} to the {} site{}, which the spokes use through gateway transit.",
            stem::article(g.kind.label()),
            g.kind.label(),
            stem::join(&sites),
            if sites.len() > 1 { "s" } else { "" }
        ));
        // The site hosts by address: Azure-provided DNS does not resolve on-premises names
        // (RULES.md §6), so no question of the case may seem to hang on a lookup.
        let hosts: Vec<String> = t
            .sites
            .iter()
            .flat_map(|x| &x.hosts)
            .map(|h| format!("{} is at {}", h.name, h.ip))
            .collect();
        if !hosts.is_empty() {
            s.push_str(&format!(" On premises, {}.", stem::join(&hosts)));
        }
    }
    if let Some((kind, name, _)) = &sc.appliance {
        let what = match kind {
            super::scenario::ApplianceKind::Firewall => "Azure Firewall",
            super::scenario::ApplianceKind::Nva => "network virtual appliance",
        };
        s.push_str(&format!(
            " Traffic between spokes goes through {name}, the {what} in {hub}: each spoke's route table sends it there."
        ));
    }
    s.push_str(
        " After a change last week, the operations team has tickets about connections that stopped working. The exhibits show the network as it is now.",
    );
    s
}

/// One tab per kind of table where the union holds the whole list (`routes` makes
/// `routes:rt-a` a repeat), with the default NSG rules kept when any question needs them, in
/// the order an exam exhibit lists them. One question's `nsg:X` and another's
/// `nsg:X+defaults` are one table too: the one with the defaults holds the other's rows (the
/// second reading found every case study printing an NSG twice).
fn tidy(tables: Vec<String>) -> Vec<String> {
    let tables: Vec<String> = tables
        .iter()
        .filter(|x| !tables.contains(&format!("{x}+defaults")))
        .cloned()
        .collect();
    let all_routes = tables.iter().any(|x| x == "routes");
    let all_nsgs = tables.iter().any(|x| x == "nsgs" || x == "nsgs+defaults");
    let defaults = tables.iter().any(|x| x.ends_with("+defaults"));
    let mut out: Vec<String> = Vec::new();
    for x in tables {
        let x = if all_routes && x.starts_with("routes:") {
            "routes".to_string()
        } else if all_nsgs && (x.starts_with("nsg:") || x.starts_with("nsgs")) {
            if defaults { "nsgs+defaults" } else { "nsgs" }.to_string()
        } else {
            x
        };
        if !out.contains(&x) {
            out.push(x);
        }
    }
    let rank = |x: &String| {
        [
            "vnets", "peerings", "routes", "nsg", "gateways", "firewall", "vms", "dns",
        ]
        .iter()
        .position(|p| x.starts_with(p))
        .unwrap_or(8)
    };
    out.sort_by_key(rank);
    out
}

/// Drops a question's opening sentence when it names the company (any of the stem's ways of
/// saying who runs what, or a team of the company): the case scenario says it once, and each
/// question asks its own question (a third reading found every question of a case repeating
/// "Contoso has moved …").
fn without_intro(prompt: &str, company: &str) -> String {
    let mut rest = prompt;
    while let Some(i) = rest.find(". ") {
        if !rest[..i].contains(company) {
            break;
        }
        rest = &rest[i + 2..];
    }
    rest.to_string()
}

/// A template the case study asks through.
type Maker = fn(&mut Dice, &Draft) -> Option<Vec<Question>>;

pub fn case_study(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    if d.faults.len() != 1 {
        return None;
    }
    // The opening question is about the ticket's flow; the others look at the same network
    // from other sides. Each must succeed on its own; at least three do.
    let mut parts: Vec<Question> = questions::reachability(dice, d)?;
    let makers: [(Template, Maker); 4] = [
        (Template::Fix, questions::fix),
        (Template::NextHop, watcher_items::next_hop),
        (Template::WhichVms, listing::which_vms),
        (Template::FlowVerify, watcher_items::flow_verify),
    ];
    // Each question's Learn page is that of the template that asked it (a flow-verify
    // question cites the IP flow verify page, not the case's topic).
    let kinds: Vec<_> = d.faults.iter().map(|f| f.kind).collect();
    for (template, make) in makers {
        if let Some(mut qs) = make(dice, d) {
            for q in &mut qs {
                if q.source.is_none() {
                    q.source = Some(sources::learn_source(template, &kinds, q));
                }
            }
            parts.append(&mut qs);
        }
    }
    if parts.len() < 3 {
        return None;
    }
    parts.truncate(5);
    let id = d.id.clone();
    let scenario = scenario(d);
    // One set of exhibits for the whole case: what any of its questions needs.
    let mut tables: Vec<String> = Vec::new();
    for q in &parts {
        for x in q.exhibit.iter().flatten() {
            if !tables.contains(x) {
                tables.push(x.clone());
            }
        }
    }
    let tables = tidy(tables);
    for (k, q) in parts.iter_mut().enumerate() {
        q.id = format!("{id}-{}", k + 1);
        q.case = Some(id.clone());
        q.scenario = (k == 0).then(|| scenario.clone());
        q.prompt = without_intro(&q.prompt, d.company);
        q.exhibit = Some(tables.clone());
        q.topology = Some(format!("topologies/{id}.toml"));
    }
    Some(parts)
}
