//! Why a wrong cause is wrong: the fact of the exhibit that rules it out (ITEMS.md
//! "Rationales": a distractor's line names what settles it, not the key again). Split from
//! rationale.rs, which words what the trace finds; this file reads the topology for the facts
//! that exclude the other causes.

use super::rationale::{capital, finding, then};
use crate::eval::{Leg, Network, Reason, Trace, Verdict};
use crate::model::{Direction, Protocol, Topology, UdrNextHop};

pub(super) fn vnet_of(t: &Topology, name: &str) -> Option<String> {
    t.vm(name).map(|v| v.vnet.clone())
}

/// The peerings of the VNets at either end of the trace, with their index.
fn end_peerings<'a>(t: &'a Topology, tr: &Trace) -> Vec<(usize, &'a crate::model::Peering)> {
    let ends: Vec<String> = [vnet_of(t, &tr.from), vnet_of(t, &tr.to)]
        .into_iter()
        .flatten()
        .collect();
    // A request Azure rejected left no peering to describe.
    let net = Network::new(t);
    t.peerings
        .iter()
        .enumerate()
        .filter(|(_, p)| ends.contains(&p.vnet) || ends.contains(&p.remote))
        .filter(|(i, _)| net.peering_state(*i).is_some())
        .collect()
}

/// The gateway-transit pair the spoke end of the trace has set up, both sides
/// Connected (RULES.md §3: useRemoteGateways on the spoke's side, allowGatewayTransit on the
/// hub's, the hub holding a gateway): "Gateway transit is set up: a-to-hub uses the remote
/// gateway, and hub-to-a allows gateway transit."
fn transit_pair(t: &Topology, tr: &Trace) -> Option<String> {
    let net = Network::new(t);
    let connected = |i: usize| net.peering_state(i) == Some(crate::model::PeeringState::Connected);
    // The spoke whose traffic meets the gateway first: the source's VNet, or the far end's when
    // the source is outside Azure.
    let spoke = vnet_of(t, &tr.from).or_else(|| vnet_of(t, &tr.to))?;
    t.peerings.iter().enumerate().find_map(|(i, p)| {
        if p.vnet != spoke || !p.use_remote_gateways || !connected(i) {
            return None;
        }
        t.vnet(&p.remote)?.gateway.as_ref()?;
        let (j, back) = t
            .peerings
            .iter()
            .enumerate()
            .find(|(_, b)| b.vnet == p.remote && b.remote == p.vnet)?;
        (back.allow_gateway_transit && connected(j)).then(|| {
            format!(
                "Gateway transit is set up: {} uses the remote gateway, and {} allows gateway transit.",
                p.name, back.name
            )
        })
    })
}

/// The PaaS resource a trace goes to (by name or by its public name), with its private
/// endpoints.
fn paas_of<'a>(
    t: &'a Topology,
    tr: &Trace,
) -> Option<(
    &'a crate::model::Paas,
    Vec<&'a crate::model::PrivateEndpoint>,
)> {
    let p = t
        .paas
        .iter()
        .find(|p| p.fqdn.eq_ignore_ascii_case(&tr.to) || p.name == tr.to)?;
    let pes = t
        .private_endpoints
        .iter()
        .filter(|e| e.resource == p.name)
        .collect();
    Some((p, pes))
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

/// What an option that names cause `r` blames, in a few words.
pub fn blamed(r: Reason) -> Option<&'static str> {
    Some(match r {
        Reason::PeeringNotConnected => "the state of a peering",
        Reason::NotTransitive => "the lack of a direct peering",
        Reason::GatewayTransitMissing => "gateway transit",
        Reason::ForwardedTrafficBlocked => "the forwarded-traffic setting",
        Reason::IpForwardingDisabled => "IP forwarding on an appliance",
        Reason::FirewallDeny => "the firewall's rules",
        Reason::UdrDrop => "a route with next hop None",
        Reason::NoRoute => "a missing route",
        Reason::NsgDeny => "an NSG rule",
        Reason::VnetAccessDisabled => "the access setting of a peering",
        Reason::NoReturnRoute => "the return path",
        Reason::DnsUnresolved => "name resolution",
        Reason::RoutingLoop => "a routing loop",
        // RULES.md §11-§16 and FORMAT.md §1b's reasons (the beyond items).
        Reason::PaasFirewallDeny => "the PaaS resource's network rules",
        Reason::PrivateEndpointNotApproved => "the private endpoint's approval state",
        Reason::BastionUnsupportedSku => "the Bastion SKU",
        Reason::P2sProfileStale => "the VPN client's profile",
        Reason::RbacDenied => "a missing role assignment",
        Reason::PeeringNotSynced => "the peering's sync status",
        _ => return None,
    })
}

/// Why `r` is not what decides the flow of `tr` (the key is `tr.reason`), from a fact of the
/// exhibit where one settles it, else from the cause the trace does find.
pub fn not_the_cause(t: &Topology, tr: &Trace, r: Reason) -> String {
    let cause = finding(tr);
    // Short, and each wrong option's own: what it blames, then what the trace finds instead.
    let otherwise = || match (blamed(r), tr.verdict) {
        (Some(what), Verdict::Unreachable) => match super::path_facts::stop_place(tr) {
            // "can" agrees with a plural as well ("the firewall's rules"): the third reading
            // found "rules does".
            Some(place) => format!(
                "{} cannot be the cause: this traffic stops at {place}.",
                capital(what)
            ),
            None => format!(
                "{} cannot be the cause: the trace stops this traffic elsewhere.",
                capital(what)
            ),
        },
        (Some(what), _) => format!(
            "{} cannot be the cause: the connection succeeds.",
            capital(what)
        ),
        (None, _) => format!("The trace finds another cause, {cause}."),
    };
    format!(
        "Incorrect. {}",
        ruled_out(t, tr, r).unwrap_or_else(otherwise)
    )
}

/// The fact of the network that rules cause `r` out for the flow of `tr`, if one does (else
/// `r` is wrong only because the trace stops somewhere else first).
pub fn ruled_out(t: &Topology, tr: &Trace, r: Reason) -> Option<String> {
    let net = Network::new(t);
    // A name that never resolves sends no packet: nothing on the path is tested.
    if tr.reason == Reason::DnsUnresolved && r != Reason::Ok {
        return Some(match blamed(r) {
            Some(what) => format!(
                "{} never resolves from {}, so no packet is sent and {what} does not come into it.",
                tr.to, tr.from
            ),
            None => format!(
                "{} never resolves from {}, so no packet is sent: the routes, peerings and NSGs do not come into it.",
                tr.to, tr.from
            ),
        });
    }
    let request_failed =
        tr.verdict == Verdict::Unreachable && !tr.hops.iter().any(|h| h.leg == Leg::Reply);
    match r {
        // The topology's deciding fact too (an ASG the machine is not in, a missing route), as
        // the key's line names it.
        Reason::Ok => Some(format!(
            "{}.",
            then("The connection fails", &super::rationale::finding_in(t, tr))
        )),
        Reason::PeeringNotConnected => {
            let ps = end_peerings(t, tr);
            let connected = !ps.is_empty()
                && ps.iter().all(|(i, _)| {
                    net.peering_state(*i) == Some(crate::model::PeeringState::Connected)
                });
            connected.then(|| format!("Every peering of {} shows Connected.", both(t, tr)))
        }
        Reason::NotTransitive => {
            // A PaaS destination sits where its one private endpoint is.
            let far = vnet_of(t, &tr.to).or_else(|| match paas_of(t, tr)?.1.as_slice() {
                [e] => Some(e.vnet.clone()),
                _ => None,
            });
            // A point-to-site client enters Azure at its gateway's VNet.
            let near = vnet_of(t, &tr.from)
                .or_else(|| t.p2s_client(&tr.from).map(|c| c.gateway_vnet.clone()));
            let (a, b) = (near, far);
            // A side Azure rejected is in the file but not in Azure: only a peering that
            // exists (Connected, or at least not rejected) joins the two VNets.
            let exists = |i: usize| net.peering_state(i).is_some();
            let side = |x: &str, y: &str| {
                t.peerings
                    .iter()
                    .enumerate()
                    .any(|(i, p)| p.vnet == x && p.remote == y && exists(i))
            };
            let direct = |x: &str, y: &str| {
                t.peerings.iter().enumerate().any(|(i, p)| {
                    p.vnet == x
                        && p.remote == y
                        && net.peering_state(i) == Some(crate::model::PeeringState::Connected)
                })
            };
            match (a, b) {
                (Some(a), Some(b)) if a == b => {
                    Some(format!("Both ends are in {a}: no peering is crossed at all."))
                }
                (Some(a), Some(b)) if direct(&a, &b) => Some(format!(
                    "{a} and {b} are peered with each other directly, so no third VNet has to pass the traffic on."
                )),
                (Some(a), Some(b)) if side(&a, &b) || side(&b, &a) =>
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
            let outside = |n: &str| {
                t.sites.iter().any(|s| s.hosts.iter().any(|h| h.name == n))
                    || t.p2s_client(n).is_some()
            };
            // A gateway the request meets, a route that leads to one, or the source's own next
            // hop: the third reading found "no gateway is on this path" for a spoke whose UDR
            // sends the traffic to the hub's VPN gateway, and for a point-to-site laptop.
            let gateway_route = tr.hops.iter().any(|h| {
                matches!(h.step, "gateway" | "p2s")
                    || (h.step == "route" && h.detail.contains("VirtualNetworkGateway"))
            }) || tr
                .destination_ip
                .and_then(|d| net.next_hop(&tr.from, d))
                .is_some_and(|h| h.kind == crate::eval::NextHopType::VirtualNetworkGateway);
            if !outside(&tr.from) && !outside(&tr.to) && !gateway_route {
                Some(
                    "Both ends are in Azure and no route on this path leads to a gateway, so gateway transit does not come into it."
                        .to_string(),
                )
            } else {
                transit_pair(t, tr)
            }
        }
        Reason::ForwardedTrafficBlocked => {
            let on_prem = |n: &str| t.sites.iter().any(|s| s.hosts.iter().any(|h| h.name == n));
            if (on_prem(&tr.from) || on_prem(&tr.to))
                && !met(tr, "appliance")
                && !met(tr, "firewall")
            {
                // A gateway is meant to carry this traffic, and whether gateway-forwarded
                // traffic needs the setting is disputed (RULES.md §8): only a fact that holds
                // under both readings rules it out.
                let ps = end_peerings(t, tr);
                (!ps.is_empty() && ps.iter().all(|(_, p)| p.allow_forwarded_traffic))
                    .then(|| format!("Every peering of {} allows forwarded traffic.", both(t, tr)))
            } else if !met(tr, "appliance") && !met(tr, "firewall") && !met(tr, "gateway") {
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
                    super::watcher_items::hop_label(h.kind)
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
                // The far end has no NIC to verify (an on-premises host): the NSGs the trace
                // passed let the request through.
                None if t.vm(&tr.to).is_none() => {
                    let passed: Vec<String> = tr
                        .hops
                        .iter()
                        .filter(|h| h.step.starts_with("nsg"))
                        .filter_map(|h| {
                            let (head, _) = h.detail.split_once(" allows: ")?;
                            Some(head.rsplit(' ').next()?.to_string())
                        })
                        .collect();
                    let denied = tr.hops.iter().any(|h| h.step.starts_with("nsg") && !h.ok);
                    (!passed.is_empty() && !denied).then(|| {
                        format!(
                            "{} lets the request out, and {} sits outside Azure, behind no NSG.",
                            passed.join(" and "),
                            tr.to
                        )
                    })
                }
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
        // RULES.md §12: only an Approved connection carries traffic.
        Reason::PrivateEndpointNotApproved => {
            let (p, pes) = paas_of(t, tr)?;
            match pes.as_slice() {
                [] => Some(format!(
                    "{} has no private endpoint, so no approval state comes into it.",
                    p.name
                )),
                [e] if e.approved => Some(format!(
                    "The connection of {} to {} is Approved.",
                    e.name, p.name
                )),
                _ if pes.iter().all(|e| e.approved) => {
                    Some(format!("Every private endpoint of {} is Approved.", p.name))
                }
                _ => None,
            }
        }
        // RULES.md §13: the resource's firewall judges requests to its public endpoint; a
        // request to a private endpoint's address does not meet it.
        Reason::PaasFirewallDeny => {
            let (p, pes) = paas_of(t, tr)?;
            let dst = tr.destination_ip?;
            pes.iter().find(|e| e.ip == dst && e.approved).map(|e| {
                format!(
                    "{} resolves to {dst}, the address of private endpoint {}, and the network rules of {} judge only requests to its public endpoint.",
                    tr.to, e.name, p.name
                )
            })
        }
        Reason::DnsUnresolved => {
            // A site host is named by the topology, not by any DNS zone: Azure-provided DNS
            // does not resolve on-premises names (RULES §6), so the line must not claim the
            // name resolves; it says the address the flow uses instead.
            let host = t
                .sites
                .iter()
                .flat_map(|s| &s.hosts)
                .find(|h| h.name == tr.to);
            if let Some(h) = host {
                Some(format!(
                    "{} is reached by its address {}, so no DNS lookup decides it.",
                    tr.to, h.ip
                ))
            } else if t.vm(&tr.to).is_some() || tr.to.parse::<std::net::Ipv4Addr>().is_ok() {
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
    }
}

/// An IP flow verify item's lines (watcher_items.rs), where a wrong rule's line said only that
/// the key's rule "matches first and decides" (the second reader: 4242-0011 D, 6464-0011 A
/// and B): what the deciding rule matches, and for a custom rule whether it could match this
/// packet at all. Within an NSG the lowest number that matches decides, the default rules
/// come after every custom rule, and a packet must pass both the subnet's and the NIC's NSG
/// (RULES.md §5). Other lines are kept as they are.
#[allow(clippy::too_many_arguments)]
pub fn flow_verify_lines(
    t: &Topology,
    nsgs: &[&str],
    nsg: &str,
    key: &str,
    src: std::net::Ipv4Addr,
    port: u16,
    texts: &[(String, Option<String>)],
    lines: Vec<String>,
) -> Vec<String> {
    let inbound = |n: &str, name: &str| {
        t.nsg(n)?
            .rules
            .iter()
            .find(|r| r.name == name && r.direction == Direction::Inbound)
            .cloned()
    };
    let Some(k) = inbound(nsg, key) else {
        return lines;
    };
    let decides = format!(
        "{key} (priority {}) of {nsg}, which {} {}",
        k.priority,
        if k.access == crate::model::Access::Allow {
            "allows"
        } else {
            "denies"
        },
        rule_scope(&k)
    );
    lines
        .into_iter()
        .zip(texts)
        .enumerate()
        .map(|(i, (line, (text, home)))| {
            let weak = line.contains("which matches first and decides")
                || line.contains("read only after every custom rule");
            if i == 0 || !weak {
                return line;
            }
            let name = text.rsplit('/').next().unwrap_or(text);
            if let Some(r) = home.as_deref().and_then(|n| inbound(n, name)) {
                let from = match &r.source {
                    crate::model::AddressMatch::Any => true,
                    crate::model::AddressMatch::Prefix(p) => p.contains(&src),
                    // A tag or an ASG: the old line stands rather than a guess.
                    _ => return line,
                };
                if home.as_deref() != Some(nsg) {
                    return line;
                }
                let hits = from
                    && r.protocol.matches(Protocol::Tcp)
                    && r.destination_ports.contains(port);
                return if hits {
                    format!(
                        "Incorrect. {name} (priority {}) matches this packet too, but {decides}, is read first and decides.",
                        r.priority
                    )
                } else {
                    let only = if r.destination_ports.contains(port) {
                        format!("traffic from {}", r.source)
                    } else {
                        rule_scope(&r)
                            .split(" from ")
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    };
                    format!(
                        "Incorrect. {name} (priority {}) covers only {only}, and {decides}, is read before it in any case.",
                        r.priority
                    )
                };
            }
            let both = if nsgs.len() > 1 {
                ", and a packet one NSG denies is denied"
            } else {
                ""
            };
            match name {
                "AllowVnetInBound" if k.access == crate::model::Access::Deny => format!(
                    "Incorrect. AllowVnetInBound is a default rule, read only after the custom rules of its NSG, and {decides}, matches the packet first{both}."
                ),
                "DenyAllInBound" if k.access == crate::model::Access::Deny => format!(
                    "Incorrect. The packet is denied, but not by DenyAllInBound: {decides}, matches first, and IP flow verify names the rule that decided."
                ),
                _ => format!(
                    "Incorrect. {name} is a default rule, and {decides}, matches before any default rule of its NSG is read."
                ),
            }
        })
        .collect()
}

/// What a rule matches, in an exam's words: "TCP 443 from 10.169.0.0/16", "TCP 22 from any
/// source".
fn rule_scope(r: &crate::model::NsgRule) -> String {
    let proto = match r.protocol {
        Protocol::Any => "traffic".to_string(),
        p => p.as_str().to_ascii_uppercase(),
    };
    let ports = match &r.destination_ports {
        crate::model::PortSet::Any => format!("all {proto}"),
        p => format!("{proto} {p}"),
    };
    let from = match &r.source {
        crate::model::AddressMatch::Any => "any source".to_string(),
        crate::model::AddressMatch::Prefix(p) => p.to_string(),
        crate::model::AddressMatch::Asgs(a) => format!("members of {}", a.join(" or ")),
        other => format!("the {other} tag"),
    };
    format!("{ports} from {from}")
}
