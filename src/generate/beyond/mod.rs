//! Generated items on the resources beyond the peering flags (RULES.md §11–§13, §16): a hub and
//! spokes with a Bastion host, a storage account behind a private endpoint or a service
//! endpoint, or point-to-site clients, each with one of the traps AZ-104 asks about (the
//! privatelink zone not linked to the spoke, the Bastion tier or access off on the spoke's
//! peering, the service endpoint missing or only in the peered VNet, missing on the subnet of
//! the hub NVA a spoke's traffic is forced through, a stale VPN client profile, a spoke without
//! the transit pair) or none. The network is written as a topology file and
//! parsed, so it is checked like an author's; the key and every offered outcome come from the
//! evaluator, and the item is dropped when a disputed reading of RULES.md §8 would change it.
//!
//! In the default rotation since issue 11 (one turn in thirteen, see `Template::ALL`), so
//! practice, exams and `generate` draw it; `generate --template beyond` makes only these.

mod lines;
mod network;
mod stems;

use super::Generated;
use super::dice::Dice;
use super::questions::{Template, stable_trace};
use super::rationale;
use crate::bank::{Flow, Kind, LearnRef, Question, ReachKey, reach_label};
use crate::eval::{FlowSpec, Reason, Verdict};
use crate::model::{Pos, Protocol, parse_topology};
use lines::{dns_root_line, fact_line, root_is_dns};
use network::{names, topology};
use stems::ask;

/// The feature an item is about, with the trap it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Private endpoint in the hub; `linked`: the privatelink zone is linked to the spoke.
    PrivateEndpoint { linked: bool },
    /// Hub Bastion to a spoke VM: the tier, and access on the spoke's side of the peering.
    Bastion { developer: bool, access: bool },
    /// Storage firewall with a VNet rule for the spoke's subnet; `endpoint`: the subnet has the
    /// service endpoint; `from_hub`: the client is in the peered hub instead.
    ServiceEndpoint { endpoint: bool, from_hub: bool },
    /// The spoke sends everything (0.0.0.0/0) to a hub NVA and the storage firewall's VNet
    /// rule names the NVA's subnet; `endpoint`: that subnet has the service endpoint (RULES.md
    /// §13: "apply service endpoints to the subnet where the network virtual appliance is
    /// deployed").
    NvaServiceEndpoint { endpoint: bool },
    /// A P2S client on the hub gateway to a spoke VM: its profile, and the spoke's transit.
    P2s { current: bool, transit: bool },
}

fn pick_case(d: &mut Dice) -> Case {
    match d.below(4) {
        0 => Case::PrivateEndpoint {
            linked: d.chance(40),
        },
        1 => {
            let developer = d.chance(40);
            Case::Bastion {
                developer,
                access: developer || d.chance(50),
            }
        }
        2 if d.chance(30) => Case::NvaServiceEndpoint {
            endpoint: d.chance(50),
        },
        2 => {
            let from_hub = d.chance(35);
            Case::ServiceEndpoint {
                endpoint: from_hub || d.chance(50),
                from_hub,
            }
        }
        _ => {
            let current = d.chance(50);
            Case::P2s {
                current,
                transit: !current || d.chance(60),
            }
        }
    }
}

/// The day each source above was last read against the rule its items teach (RULES.md §11,
/// §12, §13, §16 and the Learn pages they cite).
const VERIFIED: &str = "2026-12-02";

/// The day a P2S item's spoke was peered with the hub (its stem says so; the client's profile
/// date in the exhibit is before or after it).
const P2S_PEERED: &str = "2026-11-30";

/// The outcomes a learner picks from: the evaluator's, and three others an administrator
/// might suspect for this feature; never `symptom`, the refusal the key's cause produces.
fn offered(d: &mut Dice, case: Case, key: Reason, symptom: Option<Reason>) -> Vec<Reason> {
    let pool: &[Reason] = match case {
        Case::PrivateEndpoint { .. } => &[
            Reason::Ok,
            Reason::PaasFirewallDeny,
            Reason::DnsUnresolved,
            Reason::NotTransitive,
            Reason::PrivateEndpointNotApproved,
        ],
        Case::Bastion { .. } => &[
            Reason::Ok,
            Reason::BastionUnsupportedSku,
            Reason::VnetAccessDisabled,
            Reason::NotTransitive,
            Reason::NsgDeny,
        ],
        Case::ServiceEndpoint { .. } => &[
            Reason::Ok,
            Reason::PaasFirewallDeny,
            Reason::NotTransitive,
            Reason::NoRoute,
        ],
        Case::NvaServiceEndpoint { .. } => &[
            Reason::Ok,
            Reason::PaasFirewallDeny,
            Reason::IpForwardingDisabled,
            Reason::ForwardedTrafficBlocked,
            Reason::NoRoute,
        ],
        Case::P2s { .. } => &[
            Reason::Ok,
            Reason::P2sProfileStale,
            Reason::GatewayTransitMissing,
            Reason::NotTransitive,
            Reason::NoRoute,
        ],
    };
    // Four distinct outcomes, "reachable" always among them (as every generated reachability
    // item offers), the key included even when it is not in the case's pool, and no wrong
    // outcome that a careful reader could defend as the cause too.
    let mut others: Vec<Reason> = pool
        .iter()
        .copied()
        .filter(|r| {
            *r != key && *r != Reason::Ok && Some(*r) != symptom && !also_defensible(key, *r)
        })
        .collect();
    d.shuffle(&mut others);
    let mut out = vec![key];
    if key != Reason::Ok {
        out.push(Reason::Ok);
    }
    out.extend(others.into_iter().take(4 - out.len()));
    d.shuffle(&mut out);
    out
}

/// Whether `other` describes the failure `key` names from another angle, so offering it as wrong
/// would give the item two defensible answers (read in gen-5353-0013 and gen-6464-0013):
/// - the privatelink zone not linked to the source's VNet makes the name resolve to the public
///   address, where the account's firewall (public access off) refuses it (RULES.md §12 DNS):
///   "the name does not resolve to the right private address" is as true as the firewall;
/// - access off on a peering is denied by the default rule DenyAllInBound (RULES.md §3, §5):
///   "a network security group rule denies the traffic" is true of it too (the rule causes.rs
///   applies to the cause items, which this template does not go through).
fn also_defensible(key: Reason, other: Reason) -> bool {
    const SAME: [(Reason, Reason); 4] = [
        (Reason::PaasFirewallDeny, Reason::DnsUnresolved),
        (Reason::VnetAccessDisabled, Reason::NsgDeny),
        // A stale profile, or a spoke without the transit pair, leaves the client with no
        // route to the spoke (RULES.md §16): "no route delivers the traffic" is true of both.
        (Reason::P2sProfileStale, Reason::NoRoute),
        (Reason::GatewayTransitMissing, Reason::NoRoute),
    ];
    SAME.contains(&(key, other))
}

/// One item from `seed`, or `None` when the seed gives nothing worth asking.
pub fn attempt(seed: u64, id: &str) -> Option<Generated> {
    let mut d = Dice::new(seed);
    let case = pick_case(&mut d);
    let n = names(&mut d);
    let text = topology(&n, case);
    let topo = parse_topology(&text).ok()?.topology;
    let a = ask(&n, case, d.chance(40));
    let spec = FlowSpec {
        from: a.from.clone(),
        to: a.to.clone(),
        port: a.port,
        protocol: Protocol::Tcp,
    };
    let tr = stable_trace(&topo, &spec)?;
    let dns_root = root_is_dns(case, &tr);
    // The item's answer: the evaluator's outcome, or the unlinked zone behind the refusal
    // (the refusal itself is its symptom, not offered).
    let key = if dns_root {
        Reason::DnsUnresolved
    } else {
        tr.reason
    };
    // The account's refusal is the symptom of an unlinked zone, and true of the flow: offered
    // as a wrong cause it was a second defensible key (a second reader, gen-6464-0013 D). Every
    // distractor is a cause the evaluator rules out instead.
    let symptom = dns_root.then_some(Reason::PaasFirewallDeny);
    let offered = offered(&mut d, case, key, symptom);
    // One line per offered outcome (FORMAT.md, generated items): the key's finding, or the
    // fact of this network that rules the other outcome out; in the portal's words.
    let rationales: Vec<String> = offered
        .iter()
        .map(|&r| {
            let line = if dns_root {
                dns_root_line(&n, r).or_else(|| fact_line(&n, case, &topo, &tr, r))
            } else if r == tr.reason {
                Some(rationale::the_cause(&topo, &tr))
            } else {
                fact_line(&n, case, &topo, &tr, r)
            };
            rationale::plain(&line.unwrap_or_else(|| rationale::not_the_cause(&topo, &tr, r)))
        })
        .collect();
    let difficulty = if tr.verdict == Verdict::Reachable {
        1
    } else {
        2
    };
    let flow = Flow {
        from: a.from,
        to: a.to,
        port: a.port,
        protocol: Protocol::Tcp,
    };
    let explanation = if dns_root {
        format!(
            "{} cannot reach {} on TCP 443. The zone privatelink.blob.core.windows.net holds {}'s record (10.{h}.5.4) but is linked only to {}: a private DNS zone answers only the VNets linked to it, and peering does not extend a link. From {} the name therefore resolves to the public address 20.60.{h}.10, where public network access is disabled. Link the zone to {} (or have it use a DNS server in a linked VNet); the private endpoint itself is reachable over the peering.",
            flow.from,
            flow.to,
            n.account,
            n.hub,
            n.spoke,
            n.spoke,
            h = n.hub_octet
        )
    } else {
        rationale::explain(&tr)
    };
    // A root-cause item is a single choice (the evaluator's key would be the refusal); every
    // other one a reachability item the bank proves again.
    let (kind, answer, flow, reach) = if dns_root {
        let at = offered.iter().position(|r| *r == key)?;
        (Kind::Single, vec![at], None, None)
    } else {
        let reach = ReachKey {
            verdict: tr.verdict,
            reason: tr.reason,
        };
        (Kind::Reachability, Vec::new(), Some(flow), Some(reach))
    };
    let q = Question {
        id: id.to_string(),
        topic: a.topic,
        kind,
        difficulty,
        // One paragraph, as every generated stem (the bank's blank line is an author's choice).
        prompt: a.stem.replace("\n\n", " "),
        explanation,
        choices: offered.iter().map(|r| reach_label(*r)).collect(),
        answer,
        topology: Some(format!("topologies/{id}.toml")),
        series: None,
        scenario: None,
        flow,
        key: reach,
        goals: Vec::new(),
        changes: Vec::new(),
        editable: Vec::new(),
        solution: Vec::new(),
        authored_verdict: None,
        authored_reason: None,
        offered,
        rationales,
        source: Some(LearnRef {
            title: a.source.0.to_string(),
            url: a.source.1.to_string(),
        }),
        verified: Some(VERIFIED.to_string()),
        exhibit: Some(a.exhibit.into_iter().map(String::from).collect()),
        case: None,
        file: String::new(),
        pos: Pos::default(),
    };
    Some(Generated {
        template: Template::Beyond,
        seed,
        questions: vec![q],
        topology: Some(topo),
        faults: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over many seeds every case and every outcome the traps are for comes up, and each key
    /// is what RULES.md says for its case (written from §11-§13, §16, not read off the
    /// evaluator).
    #[test]
    fn every_trap_comes_up_with_the_rules_answer() {
        let mut seen = std::collections::HashSet::new();
        for seed in 0..400u64 {
            let mut d = Dice::new(seed);
            let case = pick_case(&mut d);
            let Some(g) = attempt(seed, "t") else {
                continue;
            };
            let q = &g.questions[0];
            // A root-cause item (single choice) keys the outcome its answer names.
            let key = q.key.map_or_else(|| q.offered[q.answer[0]], |k| k.reason);
            let want = match case {
                Case::PrivateEndpoint { linked: true } => Reason::Ok,
                // The public name, public access disabled (§12 DNS, FORMAT.md §1b): the
                // refusal is the account's firewall, the cause the unlinked zone, which is
                // keyed; the firewall, true of the flow as its symptom, is never offered.
                Case::PrivateEndpoint { linked: false } => {
                    assert_eq!(q.kind, Kind::Single, "seed {seed}");
                    assert!(
                        !q.offered.contains(&Reason::PaasFirewallDeny),
                        "seed {seed}"
                    );
                    Reason::DnsUnresolved
                }
                Case::Bastion {
                    developer: true, ..
                } => Reason::BastionUnsupportedSku,
                // Default rules only: the hub leaves the spoke's VirtualNetwork tag (§11, §3).
                Case::Bastion { access: false, .. } => Reason::VnetAccessDisabled,
                Case::Bastion { .. } => Reason::Ok,
                Case::ServiceEndpoint { from_hub: true, .. } => Reason::PaasFirewallDeny,
                Case::ServiceEndpoint { endpoint, .. } => {
                    if endpoint {
                        Reason::Ok
                    } else {
                        Reason::PaasFirewallDeny
                    }
                }
                // The NVA's subnet is the one the account sees (§13, SE).
                Case::NvaServiceEndpoint { endpoint: true } => Reason::Ok,
                Case::NvaServiceEndpoint { endpoint: false } => Reason::PaasFirewallDeny,
                Case::P2s { current: false, .. } => Reason::P2sProfileStale,
                Case::P2s { transit: false, .. } => Reason::GatewayTransitMissing,
                Case::P2s { .. } => Reason::Ok,
            };
            assert_eq!(key, want, "seed {seed}: {case:?}");
            assert!(q.offered.contains(&key));
            assert_eq!(q.offered.len(), 4);
            for r in &g.questions[0].offered {
                assert!(
                    !also_defensible(key, *r),
                    "seed {seed}: {key:?} beside {r:?}"
                );
            }
            assert_eq!(q.rationales.len(), 4);
            for (r, line) in q.offered.iter().zip(&q.rationales) {
                let right = if *r == key { "Correct." } else { "Incorrect." };
                assert!(line.starts_with(right), "seed {seed}: {line}");
                // A wrong option says how its cause would show, not just the finding again.
                assert!(!line.contains("another cause"), "seed {seed}: {line}");
                // ... and names a fact of this network, not a template (ITEMS.md checklist 4:
                // "does not block this traffic: the connection succeeds" named none).
                for template in [
                    "does not block this traffic",
                    "is not what stops this traffic",
                ] {
                    assert!(!line.contains(template), "seed {seed}: {line}");
                }
                // Both ends of a P2S flow sit on the gateway's path (a line said they did not).
                assert!(
                    !line.contains("no VPN or ExpressRoute gateway"),
                    "seed {seed}: {line}"
                );
            }
            // The stem stays short (at most 90 words, as generated stems are).
            assert!(q.prompt.split_whitespace().count() <= 90, "{}", q.prompt);
            seen.insert(format!("{case:?}"));
        }
        // 4 features: 2 + 3 + (3 + 2 through the NVA) + 3 cases (access off is never drawn
        // with Developer).
        assert_eq!(seen.len(), 13, "{seen:?}");
    }

    /// "Tailwind Traders's" read as a typo to a candidate (read in 20 generated items).
    #[test]
    fn company_names_ending_in_s_take_a_bare_apostrophe() {
        let mut checked = 0;
        for seed in 0..200u64 {
            let Some(g) = attempt(seed, "t") else {
                continue;
            };
            let stem = &g.questions[0].prompt;
            assert!(!stem.contains("s's "), "seed {seed}: {stem}");
            checked += usize::from(stem.contains("Traders' "));
        }
        assert!(checked > 0, "no seed drew a company ending in s");
    }

    #[test]
    fn the_same_seed_gives_the_same_item() {
        let a = attempt(7, "x").unwrap();
        let b = attempt(7, "x").unwrap();
        assert_eq!(a.questions, b.questions);
        assert_eq!(a.topology, b.topology);
    }
}
