//! The resources of RULES.md §11–§13 and §16 in the picture: a Bastion host and private
//! endpoints inside their VNet's box, the point-to-site pool beside the gateway, service
//! endpoints and endpoint network policies on the subnets of the detailed view, and a band under
//! the picture for what lives outside every VNet (PaaS public endpoints, P2S clients). An exam
//! exhibit draws them because the question is often which VNet holds the Bastion or the
//! endpoint; the portal's details are the exhibit's tables.

use super::canvas::{Canvas, wrap};
use super::{Line, Mark};
use crate::model::{PeNetworkPolicies, PublicAccess, Subnet, Topology, Vnet};

/// The lines these resources add to `v`'s box, after the gateway and appliances.
pub fn box_lines(t: &Topology, v: &Vnet) -> Vec<(String, Mark)> {
    let mut lines = Vec::new();
    if let Some(pool) = v.gateway.as_ref().and_then(|g| g.p2s_pool) {
        lines.push((format!("P2S pool {pool}"), Mark::Gateway));
    }
    for b in t.bastions.iter().filter(|b| b.vnet == v.name) {
        let ip = if b.ip_based_connection && b.sku.has_ip_connect() {
            " +IP"
        } else {
            ""
        };
        lines.push((
            format!("bastion {} {}{ip}", b.name, b.sku.as_str()),
            Mark::Service,
        ));
    }
    for pe in t.private_endpoints.iter().filter(|p| p.vnet == v.name) {
        lines.push((format!("pe {} {}", pe.name, pe.ip), Mark::Service));
        lines.push((format!("  -> {}", pe.resource), Mark::Service));
        if !pe.approved {
            lines.push(("  (not approved)".to_string(), Mark::Broken));
        }
    }
    lines
}

/// What the detailed view adds after a subnet's route table and NSG.
pub fn subnet_extra(s: &Subnet) -> Vec<String> {
    let mut extra = Vec::new();
    if !s.service_endpoints.is_empty() {
        extra.push(format!("se {}", s.service_endpoints.join(" ")));
    }
    if s.private_endpoint_network_policies != PeNetworkPolicies::Disabled {
        extra.push(format!(
            "pe policies {}",
            s.private_endpoint_network_policies.as_str()
        ));
    }
    extra
}

fn access_label(a: PublicAccess) -> &'static str {
    match a {
        PublicAccess::Enabled => "all networks",
        PublicAccess::Disabled => "disabled",
        PublicAccess::Selected => "selected networks",
    }
}

/// The band under the picture: each PaaS resource with its public endpoint and the private
/// endpoints that connect to it, and each P2S client with its gateway. Empty when the
/// topology has none.
pub fn band(t: &Topology, width: usize) -> Vec<Line> {
    // (text, mark, whether it is an item under a heading)
    let mut entries: Vec<(String, Mark, bool)> = Vec::new();
    if !t.paas.is_empty() {
        entries.push((
            "PaaS resources (outside every VNet):".to_string(),
            Mark::Title,
            false,
        ));
    }
    for p in &t.paas {
        let pes: Vec<String> = t
            .private_endpoints
            .iter()
            .filter(|e| e.resource == p.name)
            .map(|e| format!("{} in {}", e.name, e.vnet))
            .collect();
        let pes = if pes.is_empty() {
            String::new()
        } else {
            format!(", private endpoint {}", pes.join(", "))
        };
        entries.push((
            format!(
                "{} ({}) {} public access: {}{pes}",
                p.name,
                p.service,
                p.public_ip,
                access_label(p.public_access)
            ),
            Mark::Service,
            true,
        ));
    }
    if !t.p2s_clients.is_empty() {
        entries.push(("Point-to-site clients:".to_string(), Mark::Title, false));
    }
    for c in &t.p2s_clients {
        // A dated profile is shown as its date, unmarked: the item leaves the comparison with
        // the last peering change to the learner.
        let (note, mark) = match &c.profile_downloaded {
            Some(day) => (format!(", profile downloaded {day}"), Mark::Gateway),
            None if c.profile_current => (String::new(), Mark::Gateway),
            None => (
                ", profile older than the last peering change".to_string(),
                Mark::Broken,
            ),
        };
        entries.push((
            format!("{} {} via {}'s gateway{note}", c.name, c.ip, c.gateway_vnet),
            mark,
            true,
        ));
    }
    if entries.is_empty() {
        return Vec::new();
    }
    let mut c = Canvas::new(width);
    // A blank row first, between the picture and the band.
    let mut row = 1;
    for (text, mark, item) in entries {
        let indent = if item { 2 } else { 0 };
        for l in wrap(&text, width.saturating_sub(indent)) {
            c.text(row, indent, &l, mark);
            row += 1;
        }
    }
    c.into_lines()
}
