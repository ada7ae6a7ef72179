//! The Microsoft Learn page each generated item ends on (ITEMS.md: every explanation ends
//! with a source), chosen by what the learner must read to get the key right: the tool it asks
//! about, else the change its key makes (a fix item), else the fault it hides, else its topic.
//! A fix item whose fault is a missing route in front of a firewall but whose key is a peering
//! setting sends the learner to the peering settings, not to routing. The pages and titles are the ones the bank cites for the same rule
//! (content/questions/*.toml); the beyond items carry their own (`beyond.rs`).

use super::faults::FaultKind;
use super::questions::Template;
use crate::bank::{LearnRef, Question, Topic};
use crate::eval::{Reason, Trace};
use crate::model::{Edit, Topology};

const PEERING: (&str, &str) = (
    "Virtual network peering",
    "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview",
);
const MANAGE_PEERING: (&str, &str) = (
    "Create, change, or delete a virtual network peering",
    "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering",
);
const SYNC: (&str, &str) = (
    "Update the address space for a peered virtual network",
    "https://learn.microsoft.com/azure/virtual-network/update-virtual-network-peering-address-space",
);
const TRANSIT: (&str, &str) = (
    "Configure VPN gateway transit for virtual network peering",
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-peering-gateway-transit",
);
const BGP: (&str, &str) = (
    "About BGP and VPN Gateway",
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview",
);
const ROUTING: (&str, &str) = (
    "Virtual network traffic routing",
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview",
);
const NIC: (&str, &str) = (
    "Create, change, or delete a network interface",
    "https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface",
);
const NSG: (&str, &str) = (
    "Network security groups",
    "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
);
const ASG: (&str, &str) = (
    "Application security groups",
    "https://learn.microsoft.com/azure/virtual-network/application-security-groups",
);
const DNS: (&str, &str) = (
    "What is a virtual network link?",
    "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links",
);
const DNS_TOPIC: (&str, &str) = (
    "What is Azure Private DNS?",
    "https://learn.microsoft.com/azure/dns/private-dns-overview",
);
const NEXT_HOP: (&str, &str) = (
    "Next hop overview",
    "https://learn.microsoft.com/azure/network-watcher/next-hop-overview",
);
const FLOW_VERIFY: (&str, &str) = (
    "IP flow verify overview",
    "https://learn.microsoft.com/azure/network-watcher/ip-flow-verify-overview",
);
const FIREWALL: (&str, &str) = (
    "Azure Firewall rule processing logic",
    "https://learn.microsoft.com/azure/firewall/rule-processing",
);
/// A static site's prefixes are the local network gateway's address prefixes: the page that
/// changes them (MicrosoftDocs/azure-docs articles/vpn-gateway/
/// vpn-gateway-modify-local-network-gateway-portal.md, "Modify local network gateway settings").
const LOCAL_GATEWAY: (&str, &str) = (
    "Modify local network gateway settings using the Azure portal",
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-modify-local-network-gateway-portal",
);
const TROUBLESHOOT: (&str, &str) = (
    "Troubleshoot virtual network peering issues",
    "https://learn.microsoft.com/azure/virtual-network/virtual-network-troubleshoot-peering-issues",
);

/// The page for question `q` of an item of `template` hiding `faults`. A case study's
/// questions each teach their own topic, so only its topic (or its key) counts.
pub fn learn_source(template: Template, faults: &[FaultKind], q: &Question) -> LearnRef {
    let key = q
        .answer
        .first()
        .and_then(|&k| q.changes.get(k))
        .and_then(|edits| by_key(edits));
    let (title, url) = match (template, key) {
        (Template::NextHop, _) => NEXT_HOP,
        (Template::FlowVerify, _) => FLOW_VERIFY,
        (Template::PeeringState, _) => MANAGE_PEERING,
        (Template::Sequence, _) => TRANSIT,
        (_, Some(page)) => page,
        (Template::CaseStudy, None) => by_topic(q.topic),
        (_, None) => faults
            .first()
            .map_or_else(|| by_topic(q.topic), |&k| by_fault(k)),
    };
    LearnRef {
        title: title.to_string(),
        url: url.to_string(),
    }
}

/// The page that teaches the change a key makes: the setting the learner had to know.
fn by_key(edits: &[Edit]) -> Option<(&'static str, &'static str)> {
    Some(match edits.last()? {
        Edit::SetPeering { flags, .. } => {
            if flags.allow_gateway_transit.is_some() || flags.use_remote_gateways.is_some() {
                TRANSIT
            } else {
                MANAGE_PEERING
            }
        }
        Edit::AddPeering(_) | Edit::RemovePeering(_) => MANAGE_PEERING,
        Edit::SyncPeering(_) | Edit::AddAddressSpace { .. } => SYNC,
        Edit::AddRoute { .. }
        | Edit::RemoveRoute { .. }
        | Edit::SetRouteTable { .. }
        | Edit::AddRouteTable(_) => ROUTING,
        Edit::SetSubnet { nsg: Some(_), .. } => NSG,
        Edit::SetSubnet { .. } => ROUTING,
        Edit::SetVm { nsg: Some(_), .. } => NSG,
        Edit::SetVm { .. } => NIC,
        Edit::AddNsgRule { .. } | Edit::RemoveNsgRule { .. } => NSG,
        Edit::JoinAsg { .. } => ASG,
        Edit::AddFirewallRule { .. } | Edit::RemoveFirewallRule { .. } => FIREWALL,
        Edit::AddZoneLink { .. } => DNS,
        Edit::AddZoneRecord { .. } | Edit::SetVnetDns { .. } => DNS_TOPIC,
        Edit::SetSite { bgp: Some(_), .. } => BGP,
        Edit::SetSite { .. } | Edit::RemoveGateway { .. } => TRANSIT,
    })
}

fn by_fault(k: FaultKind) -> (&'static str, &'static str) {
    use FaultKind::*;
    match k {
        OneSided | Disconnected | Overlap => PEERING,
        AccessOff => PEERING,
        PermissionMissing => MANAGE_PEERING,
        PeeringNotSynced => SYNC,
        TransitHubOff | TransitSpokeOff | SpokeOwnGateway | StaticSiteMissingPrefix => TRANSIT,
        GatewayRouterOneWay => BGP,
        ForwardedOff => MANAGE_PEERING,
        OneWayUdr | MissingUdr | UdrLessSpecific | UdrNone | RoutesNotPropagated => ROUTING,
        FirewallRuleMissing => FIREWALL,
        IpForwardingOff => NIC,
        NsgDenySubnet | NsgDenyNic => NSG,
        AsgNotMember => ASG,
        DnsNotLinked => DNS,
    }
}

fn by_topic(t: Topic) -> (&'static str, &'static str) {
    match t {
        Topic::PeeringBasics | Topic::Transitivity | Topic::AddressSpace => PEERING,
        Topic::PeeringState => MANAGE_PEERING,
        Topic::GatewayTransit => TRANSIT,
        Topic::ForwardedTraffic | Topic::Routing => ROUTING,
        Topic::Nsg => NSG,
        Topic::Dns => DNS_TOPIC,
        Topic::NetworkWatcher => NEXT_HOP,
        Topic::Troubleshooting => TROUBLESHOOT,
    }
}

fn learn(page: (&str, &str)) -> LearnRef {
    LearnRef {
        title: page.0.to_string(),
        url: page.1.to_string(),
    }
}

/// The page for an item whose key is a trace's outcome (a reachability, why, which-VMs or
/// yes-no item): the rule that decides that outcome, not the fault the scenario hides (a
/// which-VMs item whose failures are all transitivity is a peering item even when the
/// network also hides an unlinked DNS zone that the item never asks about).
pub fn for_trace(t: &Topology, tr: &Trace) -> LearnRef {
    learn(page_for_trace(t, tr))
}

/// The page for several traces: the one most of the failures need (the first failure's on a
/// tie), or the page of the paths when every flow passes.
pub fn for_traces(t: &Topology, traces: &[&Trace]) -> Option<LearnRef> {
    let failed: Vec<&&Trace> = traces.iter().filter(|x| x.reason != Reason::Ok).collect();
    let pool: Vec<&&Trace> = if failed.is_empty() {
        traces.iter().collect()
    } else {
        failed
    };
    let pages: Vec<(&str, &str)> = pool.iter().map(|x| page_for_trace(t, x)).collect();
    let best = pages
        .iter()
        .max_by_key(|p| {
            let n = pages.iter().filter(|q| q == p).count();
            // On a tie the first page wins: `max_by_key` keeps the last maximum.
            (
                n,
                usize::MAX - pages.iter().position(|q| q == *p).unwrap_or(0),
            )
        })
        .copied()?;
    Some(learn(best))
}

fn page_for_trace(t: &Topology, tr: &Trace) -> (&'static str, &'static str) {
    use Reason::*;
    let stop = tr.hops.iter().find(|h| !h.ok);
    // A site that drops the flow or has no route back: its prefixes are its own settings, the
    // local network gateway's (static) or what BGP advertises to it.
    let at_site = stop
        .and_then(|h| h.at.strip_prefix("site ").or(Some(h.at.as_str())))
        .and_then(|name| {
            t.sites
                .iter()
                .find(|s| s.name == name || s.hosts.iter().any(|x| x.name == name))
        });
    match tr.reason {
        NoRoute | NoReturnRoute if at_site.is_some() => {
            // A BGP site learns a spoke only when the spoke uses the gateway through transit;
            // from the gateway's own VNet, what BGP advertises is the lesson.
            let own_gateway = t
                .vm(&tr.from)
                .and_then(|v| t.vnet(&v.vnet))
                .is_some_and(|v| v.gateway.is_some());
            if at_site.is_some_and(|s| s.bgp) {
                if own_gateway { BGP } else { TRANSIT }
            } else {
                LOCAL_GATEWAY
            }
        }
        Ok => {
            let passes = |step: &str| tr.hops.iter().any(|h| h.step == step);
            if passes("firewall") || passes("appliance") {
                ROUTING
            } else if passes("gateway") {
                TRANSIT
            } else {
                PEERING
            }
        }
        DnsUnresolved => {
            if t.dns_zones.is_empty() {
                DNS_TOPIC
            } else {
                DNS
            }
        }
        PeeringNotConnected => MANAGE_PEERING,
        NotTransitive => PEERING,
        GatewayTransitMissing => TRANSIT,
        NoRoute | UdrDrop | NoReturnRoute | RoutingLoop => ROUTING,
        NsgDeny => {
            if stop.is_some_and(|h| h.detail.contains("asg")) {
                ASG
            } else {
                NSG
            }
        }
        VnetAccessDisabled | ForwardedTrafficBlocked => MANAGE_PEERING,
        IpForwardingDisabled => NIC,
        FirewallDeny => FIREWALL,
        PeeringNotSynced => SYNC,
        _ => TROUBLESHOOT,
    }
}
