//! A case study (ITEMS.md "Item types"): one company's network, a longer scenario, one set of
//! exhibits and three to six questions on it, each asked by an ordinary template and proven
//! the same way. The questions share `case`, the scenario (on the first) and the topology, as
//! the bank's case studies do (content/questions/case-studies.toml).

use super::dice::Dice;
use super::questions::{self, Draft, Template};
use super::{listing, sources, stem, watcher_items};
use crate::bank::{Kind, Question};
use crate::eval::{FlowSpec, Network};
use crate::model::{Protocol, Topology};
use std::net::Ipv4Addr;

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
        // The same story as the questions' reports ("After last night's change window, …",
        // "Since this morning, …", stem::report): a case tells one story, not one per question.
        " After last night's change window, the operations team has tickets about connections that stopped working. The exhibits show the network as it is now.",
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

/// Draws per template before the case does without it: each template picks the ticket's flow
/// four times in five (questions::some_flow), so a few draws find another.
const DRAWS: usize = 8;

/// Whether `name` occurs in `text` as a whole word: `vm-web-01` not inside `vm-web-011`,
/// `10.1.1.4` not inside `10.1.1.40`, a full stop after it allowed.
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + name.len()..].chars();
        let next = after.next();
        let cut_after = match next {
            Some('.') => after.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => word(c),
            None => false,
        };
        !before.is_some_and(|c| word(c) || c == '.') && !cut_after
    })
}

/// The addresses the DNS names in `text` stand for: each private zone record it mentions
/// (`db.contoso.internal`), resolved by the evaluator from the first VM whose lookup answers
/// (a ticket's flow to a name is a flow to the machine behind it: compared by name alone, it
/// missed a question on the same pair by address, issue 10). Where no VM resolves it (the
/// zone's link removed by the fault), the record still says which machine the name means.
fn named_addresses(t: &Topology, text: &str) -> Vec<Ipv4Addr> {
    let names: Vec<(String, Ipv4Addr)> = t
        .dns_zones
        .iter()
        .flat_map(|z| {
            z.records
                .iter()
                .map(move |(r, ip)| (format!("{r}.{}", z.name), *ip))
        })
        .filter(|(name, _)| mentions(text, name))
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    let net = Network::new(t);
    names
        .into_iter()
        .map(|(name, record)| {
            t.vms
                .iter()
                .find_map(|v| {
                    let spec = FlowSpec {
                        from: v.name.clone(),
                        to: name.clone(),
                        port: 443,
                        protocol: Protocol::Tcp,
                    };
                    net.trace(&spec).ok()?.destination_ip
                })
                .unwrap_or(record)
        })
        .collect()
}

/// The machines (VMs and on-premises hosts) a text names, by name, by address or by a DNS
/// name that resolves to it.
fn machines_in(t: &Topology, text: &str) -> Vec<String> {
    let resolved = named_addresses(t, text);
    let vms = t.vms.iter().map(|v| (v.name.clone(), v.ip));
    let hosts = t
        .sites
        .iter()
        .flat_map(|s| &s.hosts)
        .map(|h| (h.name.clone(), h.ip));
    vms.chain(hosts)
        .filter(|(n, ip)| {
            mentions(text, n) || mentions(text, &ip.to_string()) || resolved.contains(ip)
        })
        .map(|(n, _)| n)
        .collect()
}

/// The pairs of machines a question asks about, either way round: those its stem names
/// together, and for a "which machines" question its source with each machine offered.
fn flows(t: &Topology, q: &Question) -> Vec<(String, String)> {
    let named = machines_in(t, &q.prompt);
    let pair = |a: &String, b: &String| {
        if a < b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        }
    };
    let offered: Vec<String> = q
        .choices
        .iter()
        .filter(|c| t.vm(c).is_some() || machines_in(t, c).first() == Some(*c))
        .cloned()
        .collect();
    let mut out = Vec::new();
    if q.kind == Kind::Multi && !offered.is_empty() {
        for a in &named {
            for b in offered.iter().filter(|b| *b != a) {
                out.push(pair(a, b));
            }
        }
    } else {
        for (i, a) in named.iter().enumerate() {
            for b in &named[i + 1..] {
                out.push(pair(a, b));
            }
        }
    }
    out
}

/// The key as text: the correct choices (none for reachability, whose flow says it; a machine
/// offered is a pair that [`flows`] checks).
fn key_texts<'a>(t: &Topology, q: &'a Question) -> Vec<&'a str> {
    q.answer
        .iter()
        .filter_map(|&i| q.choices.get(i))
        .map(String::as_str)
        .filter(|c| c.len() >= 8 && machines_in(t, c).first().map(String::as_str) != Some(*c))
        .collect()
}

/// Why two questions of one case give each other away, if they do: they ask about one pair of
/// machines (a ticket's stem that a flow fails answers a reachability question on it, and a
/// next hop or IP flow verify on it tells the fix), or one's stem or choices quote the key
/// of the other. A case tells one network from several sides; a learner who answers one
/// question must learn nothing certain about another (second reader, issue 10).
pub fn case_overlap(t: &Topology, a: &Question, b: &Question) -> Option<String> {
    let fa = flows(t, a);
    if let Some(f) = flows(t, b).iter().find(|f| fa.contains(f)) {
        return Some(format!(
            "{} and {} both ask about {} and {}",
            a.id, b.id, f.0, f.1
        ));
    }
    for (x, y) in [(a, b), (b, a)] {
        let shown = format!("{} {}", y.prompt, y.choices.join(" "));
        if let Some(k) = key_texts(t, x).into_iter().find(|k| shown.contains(k)) {
            return Some(format!("{} states {}'s key \"{k}\"", y.id, x.id));
        }
    }
    None
}

pub fn case_study(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    if d.faults.len() != 1 {
        return None;
    }
    // The scenario says the spokes use the hub's gateway through gateway transit: over global
    // peering that is a RULES.md §8 point, so a case with a gateway keeps to one region.
    let t = &d.sc.topology;
    if t.vnets.iter().any(|v| v.gateway.is_some())
        && t.vnets.iter().any(|v| v.region != t.vnets[0].region)
    {
        return None;
    }
    // The fix is about the ticket's flow; every other question turns on another pair of
    // machines (redrawn until it does), so no question answers another. Asked in that order,
    // shown with the reachability question first.
    let makers: [(Template, Maker); 5] = [
        (Template::Fix, questions::fix),
        (Template::Reachability, questions::reachability),
        (Template::NextHop, watcher_items::next_hop),
        (Template::WhichVms, listing::which_vms),
        (Template::FlowVerify, watcher_items::flow_verify),
    ];
    // Each question's Learn page is that of the template that asked it (a flow-verify
    // question cites the IP flow verify page, not the case's topic).
    let kinds: Vec<_> = d.faults.iter().map(|f| f.kind).collect();
    let mut asked: Vec<(Template, Vec<Question>)> = Vec::new();
    for (template, make) in makers {
        for _ in 0..DRAWS {
            let Some(mut qs) = make(dice, d) else {
                continue;
            };
            let clear = qs.iter().all(|q| {
                asked
                    .iter()
                    .flat_map(|(_, x)| x)
                    .all(|x| case_overlap(t, x, q).is_none())
            });
            if !clear {
                continue;
            }
            for q in &mut qs {
                if q.source.is_none() {
                    q.source = Some(sources::learn_source(template, &kinds, q));
                }
            }
            asked.push((template, qs));
            break;
        }
    }
    // The opening question is a reachability one, as before.
    let i = asked
        .iter()
        .position(|(x, _)| *x == Template::Reachability)?;
    let opening = asked.remove(i);
    asked.insert(0, opening);
    let mut parts: Vec<Question> = asked.into_iter().flat_map(|(_, qs)| qs).collect();
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
