//! Third reading (reader3): a generated item's Learn page must teach what its key turns on.
//! Flow-verify questions of a case cited "Next hop overview", a which-VMs item whose failures
//! were all transitivity cited the DNS "virtual network link" page (the network also hid an
//! unlinked zone), and a static site's missing prefix cited the BGP page. The table below is
//! written from the pages' titles (each URL read in MicrosoftDocs/azure-docs), not from the
//! generator's code.

use peerlab::bank::{Kind, Question};
use peerlab::eval::{FlowSpec, Network, Reason, Trace};
use peerlab::generate::{self, Filter, Generated, Template};
use peerlab::model::{Protocol, Topology};

const PEERING: &str = "virtual-network/virtual-network-peering-overview"; // "Virtual network peering"
const MANAGE: &str = "virtual-network/virtual-network-manage-peering"; // "Create, change, or delete a virtual network peering"
const TRANSIT: &str = "vpn-gateway/vpn-gateway-peering-gateway-transit"; // "Configure VPN gateway transit for virtual network peering"
const BGP: &str = "vpn-gateway/vpn-gateway-bgp-overview"; // "About BGP and VPN Gateway"
const LOCAL_GATEWAY: &str = "vpn-gateway/vpn-gateway-modify-local-network-gateway-portal"; // "Modify local network gateway settings using the Azure portal"
const ROUTING: &str = "virtual-network/virtual-networks-udr-overview"; // "Virtual network traffic routing"
const NIC: &str = "virtual-network/virtual-network-network-interface"; // "Create, change, or delete a network interface"
const NSG: &str = "virtual-network/network-security-groups-overview"; // "Network security groups"
const ASG: &str = "virtual-network/application-security-groups"; // "Application security groups"
const DNS_LINK: &str = "dns/private-dns-virtual-network-links"; // "What is a virtual network link?"
const DNS: &str = "dns/private-dns-overview"; // "What is Azure Private DNS?"
const NEXT_HOP: &str = "network-watcher/next-hop-overview"; // "Next hop overview"
const FLOW_VERIFY: &str = "network-watcher/ip-flow-verify-overview"; // "IP flow verify overview"
const FIREWALL: &str = "firewall/rule-processing"; // "Azure Firewall rule processing logic"
const SYNC: &str = "virtual-network/update-virtual-network-peering-address-space"; // "Update the address space for a peered virtual network"

/// The pages that teach the outcome of `tr`: the rule that decides it (RULES.md section in
/// the comment), read from the trace as a learner would read the exhibit.
fn pages_for(t: &Topology, tr: &Trace) -> &'static [&'static str] {
    let stop = tr.hops.iter().find(|h| !h.ok);
    let site = stop.and_then(|h| {
        let name = h.at.strip_prefix("site ").unwrap_or(&h.at);
        t.sites
            .iter()
            .find(|s| s.name == name || s.hosts.iter().any(|x| x.name == name))
    });
    let passes = |step: &str| tr.hops.iter().any(|h| h.step == step);
    match tr.reason {
        // §4: a site's own routes are its local network gateway's prefixes (static) or what
        // the gateway advertises over BGP (a spoke only through transit, §3).
        Reason::NoRoute | Reason::NoReturnRoute if site.is_some() => {
            if site.is_some_and(|s| s.bgp) {
                &[BGP, TRANSIT]
            } else {
                &[LOCAL_GATEWAY]
            }
        }
        Reason::Ok if passes("firewall") || passes("appliance") => &[ROUTING],
        Reason::Ok if passes("gateway") => &[TRANSIT],
        Reason::Ok => &[PEERING],
        Reason::NotTransitive => &[PEERING],
        Reason::PeeringNotConnected
        | Reason::VnetAccessDisabled
        | Reason::ForwardedTrafficBlocked => &[MANAGE],
        Reason::GatewayTransitMissing => &[TRANSIT],
        Reason::NoRoute | Reason::UdrDrop | Reason::NoReturnRoute | Reason::RoutingLoop => {
            &[ROUTING]
        }
        Reason::NsgDeny => &[NSG, ASG],
        Reason::IpForwardingDisabled => &[NIC],
        Reason::FirewallDeny => &[FIREWALL],
        Reason::PeeringNotSynced => &[SYNC],
        Reason::DnsUnresolved => &[DNS_LINK, DNS],
        _ => &[],
    }
}

fn trace(t: &Topology, from: &str, to: &str, port: u16) -> Trace {
    Network::new(t)
        .trace(&FlowSpec {
            from: from.to_string(),
            to: to.to_string(),
            port,
            protocol: Protocol::Tcp,
        })
        .expect("a generated flow traces")
}

fn url(q: &Question) -> &str {
    &q.source
        .as_ref()
        .expect("every generated item has a source")
        .url
}

fn items(template: Template, seeds: &[u64], each: usize) -> Vec<Generated> {
    let filter = Filter {
        template: Some(template),
        ..Default::default()
    };
    seeds
        .iter()
        .flat_map(|&s| generate::generate(s, each, &filter))
        .collect()
}

/// What a question is, as its learner sees it: the tool its prompt names, else its kind.
#[derive(Debug, PartialEq)]
enum Asks {
    FlowVerify,
    NextHop,
    Reach,
    WhichVms,
    Other,
}

fn asks(q: &Question) -> Asks {
    if q.prompt.contains("IP flow verify") {
        Asks::FlowVerify
    } else if q.prompt.contains("Network Watcher next hop") {
        Asks::NextHop
    } else if q.kind == Kind::Reachability && q.flow.is_some() {
        Asks::Reach
    } else if q.kind == Kind::Multi && q.prompt.contains("Which of these machines can") {
        Asks::WhichVms
    } else {
        Asks::Other
    }
}

/// The machine a which-VMs prompt starts from ("A monitoring agent on X must reach").
fn which_from(prompt: &str) -> &str {
    let rest = &prompt[prompt.find("agent on ").expect("which-VMs wording") + "agent on ".len()..];
    rest.split_whitespace().next().expect("a name")
}

/// Checks one question against the table; `None` when the table has nothing to say.
fn check(t: &Topology, q: &Question) -> Option<Result<(), String>> {
    let u = url(q);
    let ok = |pages: &[&str]| {
        if pages.iter().any(|p| u.contains(p)) {
            Ok(())
        } else {
            Err(format!(
                "{} ({:?}) cites {u}, want one of {pages:?}",
                q.id,
                asks(q)
            ))
        }
    };
    Some(match asks(q) {
        Asks::FlowVerify => ok(&[FLOW_VERIFY]),
        Asks::NextHop => ok(&[NEXT_HOP]),
        Asks::Reach => {
            let f = q.flow.as_ref()?;
            let pages = pages_for(t, &trace(t, &f.from, &f.to, f.port));
            if pages.is_empty() {
                return None;
            }
            ok(pages)
        }
        Asks::WhichVms => {
            // The page of one failure the item shows (or of a path, when all pass).
            let from = which_from(&q.prompt);
            let traces: Vec<Trace> = q.choices.iter().map(|c| trace(t, from, c, 443)).collect();
            let failed: Vec<&Trace> = traces.iter().filter(|x| x.reason != Reason::Ok).collect();
            let pool = if failed.is_empty() {
                traces.iter().collect()
            } else {
                failed
            };
            let pages: Vec<&str> = pool
                .iter()
                .flat_map(|x| pages_for(t, x).iter().copied())
                .collect();
            ok(&pages)
        }
        Asks::Other => return None,
    })
}

fn check_all(gens: &[Generated], want_checked: usize) {
    let (mut checked, mut bad) = (0, Vec::new());
    for g in gens {
        let Some(t) = &g.topology else { continue };
        for q in &g.questions {
            match check(t, q) {
                Some(Ok(())) => checked += 1,
                Some(Err(e)) => bad.push(e),
                None => {}
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {}:\n{}",
        bad.len(),
        checked + bad.len(),
        bad.join("\n")
    );
    assert!(checked >= want_checked, "{checked} checked");
}

#[test]
fn case_study_questions_cite_the_page_of_their_own_template() {
    let gens = items(
        Template::CaseStudy,
        &[4242, 5353, 6464, 7, 8, 9, 10, 11],
        25,
    );
    check_all(&gens, 150);
    // The flow-verify and next-hop questions of a case are among those checked.
    let tools = gens
        .iter()
        .flat_map(|g| &g.questions)
        .filter(|q| matches!(asks(q), Asks::FlowVerify | Asks::NextHop))
        .count();
    assert!(tools >= 40, "{tools} tool questions");
}

#[test]
fn which_vms_items_cite_the_page_of_a_failure_they_show() {
    check_all(&items(Template::WhichVms, &[4242, 5353, 6464, 8], 40), 120);
}

#[test]
fn reachability_items_cite_the_page_of_their_key() {
    check_all(
        &items(Template::Reachability, &[4242, 5353, 6464, 9], 40),
        120,
    );
}

/// A case study's questions ask their own question: the scenario names the company once and
/// no question repeats who runs what (third reading: every question opened "Proseware has
/// moved …" again).
#[test]
fn case_questions_do_not_repeat_the_company_opening() {
    let gens = items(
        Template::CaseStudy,
        &[4242, 5353, 6464, 12, 13, 14, 15, 16],
        25,
    );
    let mut checked = 0;
    for g in &gens {
        let scenario = g.questions[0].scenario.as_deref().expect("a case scenario");
        let company = scenario
            .split(" runs its applications")
            .next()
            .expect("the scenario opens with the company");
        for q in &g.questions {
            checked += 1;
            assert!(
                !q.prompt.contains(company),
                "{} names {company} again: {}",
                q.id,
                q.prompt
            );
            let words = q.prompt.split_whitespace().count();
            assert!(words <= 50, "{}: {words} words: {}", q.id, q.prompt);
        }
    }
    assert!(checked >= 180, "{checked} questions");
}
