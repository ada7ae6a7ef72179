//! The line each offered outcome of a beyond item gets: why the key is right, and the fact of
//! this network that rules each other outcome out.

use super::network::Names;
use super::{Case, P2S_PEERED};
use crate::eval::{Reason, Trace, Verdict};
use crate::model::Topology;

/// Whether the item asks for the cause behind the refusal: the privatelink zone is not linked
/// to the client's VNet, so the name resolves to the account's public address, where public
/// access is disabled (RULES.md §12 DNS, §6). The evaluator reports where the request is
/// refused (the account's firewall, FORMAT.md §1b); the cause a candidate must name, and the
/// change that fixes it, is the zone's link. Such an item keys the DNS outcome and leaves the
/// firewall, its symptom, out of the options (a fourth reading keyed the firewall: gen-6464-0013).
pub(super) fn root_is_dns(case: Case, tr: &Trace) -> bool {
    case == (Case::PrivateEndpoint { linked: false }) && tr.reason == Reason::PaasFirewallDeny
}

/// The lines of a root-is-DNS item: the link is the cause, and the connection does fail.
pub(super) fn dns_root_line(n: &Names, r: Reason) -> Option<String> {
    let (h, public) = (n.hub_octet, format!("20.60.{}.10", n.hub_octet));
    let fqdn = format!("{}.blob.core.windows.net", n.account);
    Some(match r {
        Reason::DnsUnresolved => format!(
            "Correct. The zone privatelink.blob.core.windows.net is linked to {} but not to {}, so from {}, {fqdn} resolves to the public address {public} instead of pe-{}'s 10.{h}.5.4; a private zone answers only the VNets linked to it.",
            n.hub, n.spoke, n.spoke, n.account
        ),
        Reason::Ok => format!(
            "Incorrect. The connection fails: from {} the name resolves to the public address {public}, and {} has public network access disabled.",
            n.spoke, n.account
        ),
        _ => return None,
    })
}

/// A wrong outcome's line from this item's network (ITEMS.md checklist 4): the general line
/// would only say that the trace stops elsewhere, or that the connection succeeds.
pub(super) fn fact_line(
    n: &Names,
    case: Case,
    topo: &Topology,
    tr: &Trace,
    r: Reason,
) -> Option<String> {
    let (h, s) = (n.hub_octet, n.spoke_octet);
    let profile = topo
        .p2s_clients
        .first()
        .and_then(|c| c.profile_downloaded.clone())
        .unwrap_or_default();
    let flag = |vnet: &str, f: fn(&crate::model::Peering) -> bool| {
        topo.peerings.iter().any(|p| p.vnet == vnet && f(p))
    };
    let line = match (r, case) {
        (Reason::NotTransitive, Case::PrivateEndpoint { .. }) => format!(
            "{} is peered directly with {}, where pe-{} sits: no third VNet has to pass the traffic on.",
            n.spoke, n.hub, n.account
        ),
        (Reason::NotTransitive, Case::Bastion { .. }) => format!(
            "bas-hub sits in {}, which is peered directly with {}: no third VNet has to pass the session on.",
            n.hub, n.spoke
        ),
        (Reason::NotTransitive, Case::P2s { .. }) => format!(
            "{} connects to the gateway of {}, which is peered directly with {}: no third VNet is involved.",
            n.client, n.hub, n.spoke
        ),
        (Reason::NotTransitive, Case::ServiceEndpoint { from_hub, .. }) => format!(
            "The request goes from {} straight to the account's public endpoint: it crosses no peering at all.",
            if from_hub { &n.hub } else { &n.spoke }
        ),
        (Reason::NotTransitive, Case::NvaServiceEndpoint { .. }) => format!(
            "{} is peered directly with {}, where {} runs: the request crosses only that peering.",
            n.spoke, n.hub, n.hub_vm
        ),
        (Reason::PaasFirewallDeny, Case::PrivateEndpoint { .. })
            if tr.verdict == Verdict::Reachable =>
        {
            format!(
                "The name resolves to pe-{}'s private address 10.{h}.5.4, so the request never meets the account's public endpoint, where public access is disabled.",
                n.account
            )
        }
        (Reason::PaasFirewallDeny, Case::ServiceEndpoint { .. })
            if tr.verdict == Verdict::Reachable =>
        {
            format!(
                "{}/workload has the Microsoft.Storage service endpoint, and the account's virtual network rule names that subnet.",
                n.spoke
            )
        }
        (Reason::PaasFirewallDeny, Case::NvaServiceEndpoint { .. })
            if tr.verdict == Verdict::Reachable =>
        {
            format!(
                "{}/shared, from where {} forwards the request, has the Microsoft.Storage service endpoint, and the account's virtual network rule names it.",
                n.hub, n.hub_vm
            )
        }
        (Reason::PrivateEndpointNotApproved, _) => {
            format!("pe-{}'s connection shows Approved.", n.account)
        }
        (
            Reason::BastionUnsupportedSku,
            Case::Bastion {
                developer: false, ..
            },
        ) => "bas-hub is a Basic bastion, and Basic connects to VMs in directly peered VNets."
            .to_string(),
        (Reason::P2sProfileStale, Case::P2s { current: true, .. }) => format!(
            "{}'s profile was downloaded on {profile}, after {} was peered on {P2S_PEERED}, so it is current.",
            n.client, n.spoke
        ),
        (Reason::GatewayTransitMissing, Case::P2s { .. })
            if flag(&n.hub, |p| p.allow_gateway_transit)
                && flag(&n.spoke, |p| p.use_remote_gateways) =>
        {
            format!(
                "{}'s peering allows gateway transit and {}'s uses the remote gateway.",
                n.hub, n.spoke
            )
        }
        (Reason::NoRoute, Case::P2s { current: true, .. }) => format!(
            "The gateway of {} shares {}'s 10.{s}.0.0/16 with its clients over the transit pair, and {}'s profile holds that route.",
            n.hub, n.spoke, n.client
        ),
        _ => return None,
    };
    Some(format!("Incorrect. {line}"))
}
