//! What lets a flow through, read off the evaluator's hops (ITEMS.md "Rationales": the key's
//! line says why it is right in terms of this network), and where a failing trace stops. Only
//! facts an exhibit can show: route and rule names, peering names and their settings, the
//! gateway and the site.

use crate::eval::{Leg, Trace};
use crate::model::Topology;

/// The facts that carry the request of a reachable trace to its end and the reply back, in
/// path order, each a short clause without a colon: "route to-files in rt-batch sends it to
/// hub-fw", "hub-fw's rule spoke-to-spoke allows it", "spoke-files-to-hub-vnet allows
/// forwarded traffic", "AllowVnetInBound of nsg-files lets it in, as route
/// to-batch in rt-files adds 10.152.0.0/16 to the VirtualNetwork tag".
pub fn carried_by(t: &Topology, tr: &Trace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut crossed: Vec<String> = Vec::new();
    let request = tr.hops.iter().filter(|h| h.leg == Leg::Request);
    for h in request {
        match h.step {
            "route" => {
                if let Some(rest) = h.detail.split_once(" (user route ").map(|x| x.1)
                    && let Some((name, table)) = rest.trim_end_matches(')').split_once(" in ")
                {
                    let hop = h
                        .detail
                        .split_once(" -> ")
                        .and_then(|(_, r)| r.split_whitespace().nth(1))
                        .unwrap_or("");
                    let to = appliance_named(t, hop).unwrap_or_else(|| "its next hop".to_string());
                    let table = table.trim_end_matches(')');
                    push(
                        &mut out,
                        format!("route {name} in {table} sends it to {to}"),
                    );
                }
            }
            "peering" => {
                let name = h.at.trim_start_matches("peering ").to_string();
                if let Some((_, allows)) = h.detail.split_once("so this is forwarded traffic; ") {
                    let owner = allows.trim_end_matches(" allows it");
                    push(&mut out, format!("{owner} allows forwarded traffic"));
                } else if !crossed.contains(&name) {
                    crossed.push(name.clone());
                    push(&mut out, format!("it crosses peering {name} (Connected)"));
                }
            }
            "firewall" => {
                if let Some(rule) = h
                    .detail
                    .strip_prefix("rule ")
                    .and_then(|r| r.split_whitespace().next())
                {
                    push(&mut out, format!("{}'s rule {rule} allows it", h.at));
                }
            }
            "appliance" => push(&mut out, format!("{} forwards it (IP forwarding on)", h.at)),
            "gateway" => {
                let vnet = h.at.trim_end_matches(" gateway");
                let kind = t
                    .vnet(vnet)
                    .and_then(|v| v.gateway.as_ref())
                    .map_or("gateway", |g| g.kind.label());
                if h.detail.contains("through gateway transit") {
                    let from = t.vm(&tr.from).map(|v| v.vnet.clone()).unwrap_or_default();
                    push(
                        &mut out,
                        format!("{from} uses the {kind} of {vnet} through gateway transit"),
                    );
                } else if h.detail.contains("routes the packet on") {
                    push(
                        &mut out,
                        format!("the {kind} of {vnet} passes it on to the other spoke"),
                    );
                } else {
                    push(&mut out, format!("the {kind} of {vnet} carries it on"));
                }
            }
            "nsg-inbound" | "nsg-outbound" => {
                if let Some(line) = nsg_fact(t, tr, &h.detail, h.step == "nsg-inbound") {
                    push(&mut out, line);
                }
            }
            _ => {}
        }
    }
    // The reply's own user route through the appliance (the mirror UDR a stateful firewall
    // or NVA needs), where the request went through one.
    if out.iter().any(|f| f.starts_with("route ")) {
        for h in tr
            .hops
            .iter()
            .filter(|h| h.leg == Leg::Reply && h.step == "route")
        {
            if let Some(rest) = h.detail.split_once(" (user route ").map(|x| x.1)
                && let Some((name, table)) = rest.trim_end_matches(')').split_once(" in ")
            {
                let hop = h
                    .detail
                    .split_once(" -> ")
                    .and_then(|(_, r)| r.split_whitespace().nth(1))
                    .unwrap_or("");
                if let Some(via) = appliance_named(t, hop) {
                    // Named in the tag's fact already: the table need not be said twice.
                    let named = out
                        .iter()
                        .any(|f| f.contains(&format!("route {name} in {table}")));
                    push(
                        &mut out,
                        if named {
                            format!("route {name} brings the reply back through {via}")
                        } else {
                            format!("route {name} in {table} brings the reply back through {via}")
                        },
                    );
                }
            }
        }
    }
    if let Some(site) = t
        .sites
        .iter()
        .find(|s| s.hosts.iter().any(|x| x.name == tr.to))
    {
        let src = tr.source_ip;
        if site.bgp {
            push(
                &mut out,
                format!("site {} learns the way back over BGP", site.name),
            );
        } else if let Some(p) = site.static_routes.iter().find(|p| p.contains(&src)) {
            push(
                &mut out,
                format!(
                    "the static route {p} of site {} brings the reply back",
                    site.name
                ),
            );
        }
    }
    out
}

fn push(out: &mut Vec<String>, s: String) {
    if !out.contains(&s) {
        out.push(s);
    }
}

/// The firewall or appliance whose address a route names.
fn appliance_named(t: &Topology, ip: &str) -> Option<String> {
    let ip: std::net::Ipv4Addr = ip.parse().ok()?;
    t.firewalls
        .iter()
        .find(|f| f.ip == ip)
        .map(|f| f.name.clone())
        .or_else(|| t.vms.iter().find(|v| v.ip == ip).map(|v| v.name.clone()))
}

/// An NSG that lets the packet through by a rule worth naming: a custom rule at the far end,
/// or the default AllowVnetInBound where the source is in the tag for a reason a learner can
/// miss (a UDR prefix, a gateway's site, a direct peering).
fn nsg_fact(t: &Topology, tr: &Trace, detail: &str, inbound: bool) -> Option<String> {
    let (head, rule) = detail.split_once(" allows: ")?;
    let nsg = head.rsplit(' ').next()?;
    let rule_name = rule.split_whitespace().next()?;
    if let Some(custom) = rule_name.strip_prefix("securityRules/") {
        return Some(if inbound {
            format!("rule {custom} of {nsg} lets it in")
        } else {
            format!("rule {custom} of {nsg} lets it out")
        });
    }
    let default = rule_name.strip_prefix("defaultSecurityRules/")?;
    if default != "AllowVnetInBound" || !inbound {
        return None;
    }
    let dst_vnet = t.vm(&tr.to)?.vnet.clone();
    let src = tr.source_ip;
    let v = t.vnet(&dst_vnet)?;
    if v.address_space.iter().any(|p| p.contains(&src)) {
        return None;
    }
    // A directly peered source is in the tag as a matter of course: nothing to point out.
    let direct = t.peerings.iter().any(|p| {
        p.vnet == dst_vnet
            && t.vnet(&p.remote)
                .is_some_and(|x| x.address_space.iter().any(|s| s.contains(&src)))
    });
    if direct {
        return None;
    }
    let udr = v
        .subnets
        .iter()
        .filter_map(|s| s.route_table.as_deref().and_then(|n| t.route_table(n)))
        .find_map(|rt| {
            rt.routes
                .iter()
                .find(|r| r.prefix.contains(&src))
                .map(|r| (rt.name.clone(), r))
        });
    let why = if let Some((rt, r)) = udr {
        format!(
            "as route {} in {rt} adds {} to the VirtualNetwork tag",
            r.name, r.prefix
        )
    } else if let Some(s) = t
        .sites
        .iter()
        .find(|s| s.prefixes.iter().any(|p| p.contains(&src)))
    {
        format!(
            "as the gateway adds the prefixes of site {} to the VirtualNetwork tag of {dst_vnet}",
            s.name
        )
    } else {
        return None;
    };
    Some(format!("AllowVnetInBound of {nsg} lets it in, {why}"))
}

/// Where a failing trace stops, as a place the exhibit shows: "site datacenter", "NSG
/// nsg-files", "peering a-to-b", "the routes of spoke-crm". The place of the cause, as
/// [`super::rationale::finding`] names it: a default rule the trace says denies "as well"
/// (the VirtualNetwork tag lost the far VNet because no peering carries the flow) is a
/// symptom, and the stop after it (the route to None) is where the flow fails. The second
/// reading found yes-no lines blaming the source NSG while the key said not transitive.
pub fn stop_place(tr: &Trace) -> Option<String> {
    let symptom = |h: &crate::eval::Hop| {
        h.step.starts_with("nsg-")
            && h.detail
                .split_once("denies: ")
                .is_some_and(|(_, rule)| tr.explanation.contains(&format!("{rule} as well")))
    };
    let mut failed = tr.hops.iter().filter(|h| !h.ok);
    let first = failed.clone().next()?;
    let h = failed.find(|h| !symptom(h)).unwrap_or(first);
    Some(match h.step {
        "route" if h.leg == Leg::Reply => format!(
            "the routes of {}, on the reply's way back",
            h.at.split('/').next().unwrap_or(&h.at)
        ),
        "route" => format!("the routes of {}", h.at.split('/').next().unwrap_or(&h.at)),
        "nsg-inbound" | "nsg-outbound" => {
            let nsg = h
                .detail
                .split_once(" denies")
                .and_then(|(x, _)| x.rsplit(' ').next())
                .unwrap_or(&h.at);
            format!("NSG {nsg}")
        }
        "gateway" => format!("the gateway of {}", h.at.trim_end_matches(" gateway")),
        "return" if h.at.starts_with("site ") => format!("{} (the reply's way back)", h.at),
        "return" => "the reply's way back".to_string(),
        "dns" => "name resolution".to_string(),
        // A host on premises stops because its site has no route: the site is the place.
        _ => match h.detail.strip_prefix("site ") {
            Some(rest) => format!("site {}", rest.split(' ').next().unwrap_or(rest)),
            None => h.at.clone(),
        },
    })
}
