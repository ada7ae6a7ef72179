//! One line per option (ITEMS.md "Rationales"), written from the evaluator: for the key, what
//! the trace finds; for each wrong cause, the fact in the exhibit that rules it out; for each
//! wrong change, what the trace does with that change applied. Never an internal code.

use crate::eval::{Leg, Network, Reason, Trace, Verdict};
use crate::model::{Direction, Protocol, Topology, UdrNextHop};

/// The clause of a trace that decides it: "subnet NSG nsg-files denies: securityRules/deny-peer
/// (priority 100)" from "vm-a cannot reach vm-b (10.1.1.4) on tcp/443: subnet NSG ... . Routes
/// choose ...".
pub fn finding(tr: &Trace) -> String {
    let e = &tr.explanation;
    if tr.verdict == Verdict::Reachable {
        return format!(
            "{} reaches {} on TCP {}: the routes, peerings and NSGs on the way allow it and the reply finds its way back",
            tr.from, tr.to, tr.port
        );
    }
    let marker = format!("on {}/{}: ", tr.protocol, tr.port);
    let body = e
        .find(&marker)
        .map_or(e.as_str(), |i| &e[i + marker.len()..]);
    plain(&first_sentence(body))
}

/// The evaluator's prose with the file's setting names in the portal's words (a learner
/// never sees `allow_virtual_network_access`, only the portal's checkbox).
pub fn plain(s: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        (
            "allow_virtual_network_access off",
            "access to the remote VNet turned off",
        ),
        (
            "allow_forwarded_traffic off",
            "forwarded traffic not allowed",
        ),
        ("allow_gateway_transit off", "gateway transit not allowed"),
        ("use_remote_gateways off", "the remote gateway not in use"),
        ("allow_virtual_network_access", "access to the remote VNet"),
        ("allow_forwarded_traffic", "forwarded traffic"),
        ("allow_gateway_transit", "gateway transit"),
        ("use_remote_gateways", "use of the remote gateway"),
        ("propagate_gateway_routes", "gateway route propagation"),
    ];
    let mut out = s.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    out
}

/// Up to the first ". " that ends a sentence (a capital letter follows), without the dot.
fn first_sentence(s: &str) -> String {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'.'
            && b.get(i + 1) == Some(&b' ')
            && b.get(i + 2).is_some_and(|c| c.is_ascii_uppercase())
        {
            return s[..i].to_string();
        }
    }
    s.trim_end_matches('.').to_string()
}

fn vnet_of(t: &Topology, name: &str) -> Option<String> {
    t.vm(name).map(|v| v.vnet.clone())
}

/// The peerings of the VNets at either end of the trace, with their index.
fn end_peerings<'a>(t: &'a Topology, tr: &Trace) -> Vec<(usize, &'a crate::model::Peering)> {
    let ends: Vec<String> = [vnet_of(t, &tr.from), vnet_of(t, &tr.to)]
        .into_iter()
        .flatten()
        .collect();
    t.peerings
        .iter()
        .enumerate()
        .filter(|(_, p)| ends.contains(&p.vnet) || ends.contains(&p.remote))
        .collect()
}

fn met(tr: &Trace, step: &str) -> bool {
    tr.hops.iter().any(|h| h.step == step)
}

fn both(t: &Topology, tr: &Trace) -> String {
    match (vnet_of(t, &tr.from), vnet_of(t, &tr.to)) {
        (Some(a), Some(b)) if a != b => format!("{a} and {b}"),
        (Some(a), _) | (_, Some(a)) => a,
        _ => "the VNets on the path".to_string(),
    }
}

/// How cause `r` would show in a trace, so a wrong option's line says what that option claims
/// before it says what the trace found instead.
fn sign(r: Reason) -> Option<&'static str> {
    Some(match r {
        Reason::PeeringNotConnected => {
            "a peering on the path in the Initiated or Disconnected state"
        }
        Reason::NotTransitive => {
            "traffic between two spokes that only a third VNet could pass on, with no route to an appliance there"
        }
        Reason::GatewayTransitMissing => {
            "a spoke with no route to the on-premises range because its peering does not use the hub's gateway"
        }
        Reason::ForwardedTrafficBlocked => {
            "relayed traffic refused by a peering that does not allow forwarded traffic"
        }
        Reason::IpForwardingDisabled => {
            "an appliance whose NIC drops packets addressed to another machine"
        }
        Reason::FirewallDeny => "the Azure Firewall dropping the packet for want of an allow rule",
        Reason::UdrDrop => "a user-defined route with next hop None for the destination",
        Reason::NoRoute => "no route at all for the destination in the effective routes",
        Reason::NsgDeny => "an NSG rule that denies the packet",
        Reason::VnetAccessDisabled => "a peering with access to the remote VNet turned off",
        Reason::NoReturnRoute => "a request that arrives and a reply with no route back",
        Reason::DnsUnresolved => "a name that never resolves, before any packet is sent",
        Reason::RoutingLoop => "a packet sent back and forth between two hops",
        // RULES.md §11-§16 and FORMAT.md §1b's reasons, so the beyond items' wrong options
        // say what they claim instead of repeating the finding.
        Reason::PaasFirewallDeny => {
            "the PaaS resource's network rules refusing a request at its public endpoint"
        }
        Reason::PrivateEndpointNotApproved => {
            "a private endpoint whose connection is still Pending or was Rejected"
        }
        Reason::BastionUnsupportedSku => {
            "a Bastion tier that cannot open the session (Developer over a peering, or Basic asked for an IP-based connection or a custom port)"
        }
        Reason::P2sProfileStale => {
            "a VPN client whose profile was downloaded before the last peering change"
        }
        Reason::RbacDenied => "a user who lacks a role the operation needs",
        Reason::PeeringNotSynced => {
            "a peering that has not synced the remote VNet's new address space"
        }
        _ => return None,
    })
}

/// Why `r` is not what decides the flow of `tr` (the key is `tr.reason`), from a fact of the
/// exhibit where one settles it, else from the cause the trace does find.
pub fn not_the_cause(t: &Topology, tr: &Trace, r: Reason) -> String {
    let net = Network::new(t);
    let cause = finding(tr);
    let otherwise = || match sign(r) {
        Some(sign) if tr.verdict == Verdict::Unreachable => {
            format!("That cause would show as {sign}; this trace stops first because {cause}.")
        }
        Some(sign) => {
            format!("That cause would show as {sign}, and nothing stops this traffic: {cause}.")
        }
        None => format!("The trace finds another cause: {cause}."),
    };
    // A name that never resolves sends no packet: nothing on the path is tested.
    if tr.reason == Reason::DnsUnresolved && r != Reason::Ok {
        return format!(
            "Incorrect. {} never resolves from {}, so no packet is sent: the routes, peerings and NSGs do not come into it.",
            tr.to, tr.from
        );
    }
    let request_failed =
        tr.verdict == Verdict::Unreachable && !tr.hops.iter().any(|h| h.leg == Leg::Reply);
    let fact = match r {
        Reason::Ok => Some(format!("The connection fails: {cause}.")),
        Reason::PeeringNotConnected => {
            let ps = end_peerings(t, tr);
            let connected = !ps.is_empty()
                && ps.iter().all(|(i, _)| {
                    net.peering_state(*i) == Some(crate::model::PeeringState::Connected)
                });
            connected.then(|| format!("Every peering of {} shows Connected.", both(t, tr)))
        }
        Reason::NotTransitive => {
            let (a, b) = (vnet_of(t, &tr.from), vnet_of(t, &tr.to));
            let direct = |x: &str, y: &str| {
                t.peerings.iter().any(|p| p.vnet == x && p.remote == y)
                    && t.peerings.iter().any(|p| p.vnet == y && p.remote == x)
            };
            match (a, b) {
                (Some(a), Some(b)) if a == b => {
                    Some(format!("Both ends are in {a}: no peering is crossed at all."))
                }
                (Some(a), Some(b)) if direct(&a, &b) => Some(format!(
                    "{a} and {b} are peered with each other directly, so no third VNet has to pass the traffic on."
                )),
                (Some(a), Some(b))
                    if t.peerings.iter().any(|p| {
                        (p.vnet == a && p.remote == b) || (p.vnet == b && p.remote == a)
                    }) =>
                {
                    Some(format!(
                        "{a} and {b} have a peering of their own between them: no third VNet is involved."
                    ))
                }
                _ if met(tr, "appliance") || met(tr, "firewall") => Some(
                    "A user-defined route sends the traffic to an appliance in the hub, which passes it on; the design does not rely on peering being transitive.".to_string(),
                ),
                _ => None,
            }
        }
        Reason::GatewayTransitMissing => {
            let on_prem = |n: &str| t.sites.iter().any(|s| s.hosts.iter().any(|h| h.name == n));
            if !on_prem(&tr.from) && !on_prem(&tr.to) {
                Some(
                    "Both ends are in Azure: no VPN or ExpressRoute gateway is on this path, so gateway transit does not come into it."
                        .to_string(),
                )
            } else {
                None
            }
        }
        Reason::ForwardedTrafficBlocked => {
            if !met(tr, "appliance") && !met(tr, "firewall") && !met(tr, "gateway") {
                Some("Nothing relays this traffic (no firewall, appliance or gateway on the path), so the forwarded-traffic setting does not apply.".to_string())
            } else {
                let ps = end_peerings(t, tr);
                (!ps.is_empty() && ps.iter().all(|(_, p)| p.allow_forwarded_traffic))
                    .then(|| format!("Every peering of {} allows forwarded traffic.", both(t, tr)))
            }
        }
        Reason::IpForwardingDisabled => {
            let nvas: Vec<&crate::model::Vm> = t.vms.iter().filter(|v| v.forwards).collect();
            if nvas.is_empty() {
                Some("The network has no virtual appliance, so IP forwarding on a NIC does not matter.".to_string())
            } else if !met(tr, "appliance") {
                Some("No route sends this traffic through a virtual appliance, so IP forwarding on a NIC does not matter.".to_string())
            } else if nvas.iter().all(|v| v.ip_forwarding) {
                Some(format!(
                    "{} has IP forwarding enabled on its NIC.",
                    nvas[0].name
                ))
            } else {
                None
            }
        }
        Reason::FirewallDeny => {
            if t.firewalls.is_empty() {
                Some("The network has no Azure Firewall.".to_string())
            } else if !met(tr, "firewall") {
                Some("No route sends this traffic through the Azure Firewall.".to_string())
            } else if tr.hops.iter().any(|h| h.step == "firewall" && h.ok) {
                Some(format!(
                    "{} has a rule that allows it.",
                    t.firewalls[0].name
                ))
            } else {
                None
            }
        }
        Reason::UdrDrop => {
            // The route tables of the subnets the trace looked routes up in.
            let dst = tr.destination_ip;
            let drops = tr
                .hops
                .iter()
                .filter(|h| h.step == "route")
                .filter_map(|h| h.at.split_once('/'))
                .filter_map(|(v, s)| t.vnet(v).and_then(|n| n.subnet(s)))
                .filter_map(|s| s.route_table.as_deref().and_then(|n| t.route_table(n)))
                .any(|rt| {
                    rt.routes.iter().any(|r| {
                        r.next_hop == UdrNextHop::None && dst.is_some_and(|d| r.prefix.contains(&d))
                    })
                });
            (!drops).then(|| {
                "No route table on the path has a route with next hop None for this destination."
                    .to_string()
            })
        }
        Reason::NoRoute => {
            let hop = tr
                .destination_ip
                .and_then(|d| net.next_hop(&tr.from, d))
                .filter(|h| h.kind != crate::eval::NextHopType::None);
            hop.map(|h| {
                format!(
                    "The effective routes of {} do cover the destination: next hop {}.",
                    tr.from,
                    h.kind.as_str()
                )
            })
        }
        Reason::NsgDeny => {
            let src = net.machine(&tr.from).map(|m| m.ip);
            let inbound = src.and_then(|ip| {
                net.ip_flow_verify(&tr.to, Direction::Inbound, Protocol::Tcp, ip, tr.port)
            });
            match inbound {
                Some(v) if v.access.eq_ignore_ascii_case("allow") => Some(match v.rule {
                    Some(rule) => format!(
                        "IP flow verify on {}'s NIC allows the traffic ({rule}).",
                        tr.to
                    ),
                    None => format!("No NSG filters traffic into {}.", tr.to),
                }),
                _ => None,
            }
        }
        Reason::VnetAccessDisabled => {
            let ps = end_peerings(t, tr);
            (!ps.is_empty() && ps.iter().all(|(_, p)| p.allow_virtual_network_access)).then(|| {
                format!(
                    "Access to the remote VNet is on for every peering of {}.",
                    both(t, tr)
                )
            })
        }
        Reason::NoReturnRoute => request_failed.then(|| {
            "The request itself never arrives, so the reply's path does not come into it."
                .to_string()
        }),
        Reason::DnsUnresolved => {
            if t.vm(&tr.to).is_some() || tr.to.parse::<std::net::Ipv4Addr>().is_ok() {
                Some(format!(
                    "{} is reached by its private address, so no DNS lookup decides it.",
                    tr.to
                ))
            } else {
                tr.destination_ip
                    .map(|ip| format!("{} resolves to {ip} from {}.", tr.to, tr.from))
            }
        }
        _ => None,
    };
    format!("Incorrect. {}", fact.unwrap_or_else(otherwise))
}

/// The key's line of a cause question.
pub fn the_cause(tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        format!("Correct. {}.", finding(tr))
    } else {
        format!("Correct. {}.", capital(&finding(tr)))
    }
}

/// Capitalises a sentence's first word, unless it is a resource name (names keep their case).
pub fn capital(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    if first.contains(|c: char| c == '-' || c == '.' || c.is_ascii_digit()) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_at_a_dot_before_a_capital_not_inside_an_address() {
        assert_eq!(
            first_sentence("NSG x denies 10.1.2.0/24 (priority 100). Routes choose."),
            "NSG x denies 10.1.2.0/24 (priority 100)"
        );
        assert_eq!(first_sentence("one part only."), "one part only");
    }
}
