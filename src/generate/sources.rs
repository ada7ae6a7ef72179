//! The Microsoft Learn page each generated item ends on (ITEMS.md: every explanation ends
//! with a source), chosen by what the learner must read to get the key right: the tool it asks
//! about, else the change its key makes (a fix item), else the fault it hides, else its topic.
//! A fix item whose fault is a missing route in front of a firewall but whose key is a peering
//! setting sends the learner to the peering settings, not to routing. The pages and titles are the ones the bank cites for the same rule
//! (content/questions/*.toml); the beyond items carry their own (`beyond.rs`).

use super::faults::FaultKind;
use super::questions::Template;
use crate::bank::{LearnRef, Question, Topic};
use crate::model::Edit;

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
