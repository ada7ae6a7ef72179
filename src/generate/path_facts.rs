//! What lets a flow through, read off the evaluator's hops (ITEMS.md "Rationales": the key's
//! line says why it is right in terms of this network), and where a failing trace stops. Only
//! facts an exhibit can show: route and rule names, peering names and their settings, the
//! gateway and the site.

use crate::eval::{Leg, Trace};
use crate::model::{Topology, UdrNextHop};

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
                    let gateway = h.detail.contains(" -> VirtualNetworkGateway ");
                    let to = appliance_named(t, hop).unwrap_or_else(|| {
                        if gateway {
                            "the virtual network gateway".to_string()
                        } else {
                            "its next hop".to_string()
                        }
                    });
                    let table = table.trim_end_matches(')');
                    push(
                        &mut out,
                        format!("route {name} in {table} sends it to {to}"),
                    );
                } else if let Some(lost) = lost_by_prefix(t, tr, h) {
                    push(&mut out, lost);
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

/// The fact of the topology behind a failing trace that its finding leaves out, where the
/// exhibit shows it and a learner needs it to see why (ITEMS.md checklist 4): the ASG that
/// does not hold the machine, so the allow rule before the deny misses; the route one spoke's
/// table lacks while the other's has its mirror.
pub fn deciding_fact(t: &Topology, tr: &Trace) -> Option<String> {
    if tr.verdict != crate::eval::Verdict::Unreachable {
        return None;
    }
    if let Some(h) = tr
        .hops
        .iter()
        .find(|h| h.leg == Leg::Request && h.step == "nsg-inbound" && !h.ok)
    {
        let (head, _) = h.detail.split_once(" denies")?;
        let nsg = head.rsplit(' ').next()?;
        let prio: u32 = h
            .detail
            .rsplit_once("(priority ")?
            .1
            .trim_end_matches(')')
            .parse()
            .ok()?;
        let protocol = crate::model::Protocol::parse(&tr.protocol).ok()?;
        return asg_miss(t, nsg, tr.source_ip, &tr.to, tr.port, protocol, prio).map(|m| m.1);
    }
    if tr.reason == crate::eval::Reason::NotTransitive {
        return missing_udr(t, tr);
    }
    None
}

/// The first allow rule of NSG `nsg` checked before priority `below` that would let inbound
/// `protocol`/`port` from `src` to machine `dst` in but for an ASG that does not hold the
/// machine (RULES.md §10: a rule naming an ASG applies only to its members): "vm-hub-01 is not
/// a member of asg-hub, so rule allow-22-to-asg-hub (priority 200) does not match", with the
/// rule's name.
pub fn asg_miss(
    t: &Topology,
    nsg: &str,
    src: std::net::Ipv4Addr,
    dst: &str,
    port: u16,
    protocol: crate::model::Protocol,
    below: u32,
) -> Option<(String, String)> {
    use crate::model::{Access, AddressMatch, Direction};
    let nsg = t.nsg(nsg)?;
    let vm = t.vm(dst)?;
    let sender = t.vms.iter().find(|v| v.ip == src);
    let mut rules: Vec<&crate::model::NsgRule> = nsg
        .rules
        .iter()
        .filter(|r| {
            r.direction == Direction::Inbound
                && r.access == Access::Allow
                && u32::from(r.priority) < below
                && r.protocol.matches(protocol)
                && r.destination_ports.contains(port)
                && !crate::model::asg::rule_refused(t, r)
        })
        .collect();
    rules.sort_by_key(|r| r.priority);
    rules.into_iter().find_map(|r| {
        let holds = |asgs: &[String], who: Option<&crate::model::Vm>| {
            who.is_some_and(|v| asgs.iter().any(|a| v.asgs.contains(a)))
        };
        let (asgs, who) = match (&r.destination, &r.source) {
            (AddressMatch::Asgs(a), _) if !holds(a, Some(vm)) => (a, vm.name.clone()),
            (_, AddressMatch::Asgs(a)) if !holds(a, sender) => (
                a,
                sender.map_or_else(|| src.to_string(), |v| v.name.clone()),
            ),
            _ => return None,
        };
        Some((
            r.name.clone(),
            format!(
                "{who} is not a member of {}, so rule {} (priority {}) does not match",
                asgs.join(" or "),
                r.name,
                r.priority
            ),
        ))
    })
}

/// Where spokes are meant to reach each other through an appliance, the route the source's
/// table lacks: "route table rt-crm has no route for 10.9.0.0/16 to an appliance, though rt-batch
/// has route to-crm the other way".
fn missing_udr(t: &Topology, tr: &Trace) -> Option<String> {
    let from = t.vm(&tr.from)?;
    let to = t.vm(&tr.to)?;
    let table = |v: &crate::model::Vm| {
        t.vnet(&v.vnet)?
            .subnet(&v.subnet)?
            .route_table
            .as_deref()
            .and_then(|n| t.route_table(n))
    };
    let rt = table(from)?;
    let via_appliance = |r: &&crate::model::Route| r.next_hop == UdrNextHop::VirtualAppliance;
    let dst = tr.destination_ip?;
    let space = *t
        .vnet(&to.vnet)?
        .address_space
        .iter()
        .find(|p| p.contains(&dst))?;
    // No route of the table touches the far VNet's range at all.
    let overlaps = |r: &crate::model::Route| {
        r.prefix.contains(&space.network()) || space.contains(&r.prefix.network())
    };
    if !rt.routes.iter().any(|r| via_appliance(&r)) || rt.routes.iter().any(overlaps) {
        return None;
    }
    let prefix = space.to_string();
    let mirror = table(to).and_then(|b| {
        b.routes
            .iter()
            .filter(via_appliance)
            .find(|r| r.prefix.contains(&tr.source_ip))
            .map(|r| format!(", though {} has route {} the other way", b.name, r.name))
    });
    Some(format!(
        "route table {} has no route for {prefix} to an appliance{}",
        rt.name,
        mirror.unwrap_or_default()
    ))
}

/// A user-defined route of subnet `vnet/subnet` that covers `dst` but loses to the more
/// specific system route for `win` (RULES.md §4: longest prefix match; a 10.0.0.0/8 route to a
/// firewall does not capture traffic to a peered 10.5.0.0/16): (route, table, its prefix, the
/// appliance or next hop it names).
pub fn losing_udr(
    t: &Topology,
    vnet: &str,
    subnet: &str,
    dst: std::net::Ipv4Addr,
    win: ipnet::Ipv4Net,
) -> Option<(String, String, ipnet::Ipv4Net, String)> {
    let rt = t.route_table(t.vnet(vnet)?.subnet(subnet)?.route_table.as_deref()?)?;
    let r = rt
        .routes
        .iter()
        .filter(|r| r.prefix.contains(&dst) && r.prefix.prefix_len() < win.prefix_len())
        .max_by_key(|r| r.prefix.prefix_len())?;
    let to = r
        .next_hop_ip
        .and_then(|ip| appliance_named(t, &ip.to_string()))
        .unwrap_or_else(|| super::watcher_items::udr_label(r.next_hop).to_string());
    Some((r.name.clone(), rt.name.clone(), r.prefix, to))
}

/// [`losing_udr`] for a route hop of the trace that chose a VNet or peering system route.
fn lost_by_prefix(t: &Topology, tr: &Trace, h: &crate::eval::Hop) -> Option<String> {
    let (left, rest) = h.detail.split_once(" -> ")?;
    if !rest.ends_with("(system route)") {
        return None;
    }
    let kind = if rest.starts_with("VNetPeering") || rest.starts_with("VNetGlobalPeering") {
        "peering route"
    } else if rest.starts_with("VnetLocal") {
        "VNet's own route"
    } else {
        return None;
    };
    let win: ipnet::Ipv4Net = left.parse().ok()?;
    let (vnet, subnet) = h.at.split_once('/')?;
    let (name, table, prefix, to) = losing_udr(t, vnet, subnet, tr.destination_ip?, win)?;
    Some(format!(
        "route {name} in {table} sends {prefix} to {to}, but the {kind} for {win} is more specific and wins"
    ))
}
