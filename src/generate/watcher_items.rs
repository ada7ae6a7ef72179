//! Network Watcher items: next hop and IP flow verify, answered by the evaluator's own tools.

use super::dice::Dice;
use super::questions::*;
use super::stem;
use crate::bank::{Kind, Question, Topic};
use crate::eval::{Network, NextHopType};
use crate::model::*;

fn hop_text(kind: NextHopType, ip: Option<std::net::Ipv4Addr>) -> String {
    match (kind, ip) {
        (NextHopType::VnetLocal, _) => "Virtual network (VnetLocal)".to_string(),
        // One label for both peering types. Learn's "Next hop overview"
        // (https://learn.microsoft.com/azure/network-watcher/next-hop-overview) lists the
        // types Network Watcher's next hop returns, and peering has one, VirtualNetworkPeering,
        // with no global type; RULES.md §7 lists VNetGlobalPeering, the effective routes' name
        // for a cross-region peering route (§4.2). Offering both labels would let a learner
        // argue either from a documented source, so an item only ever shows this one.
        (NextHopType::VNetPeering | NextHopType::VNetGlobalPeering, _) => {
            "Virtual network peering".to_string()
        }
        (NextHopType::VirtualNetworkGateway, _) => "Virtual network gateway".to_string(),
        (NextHopType::VirtualAppliance, Some(ip)) => format!("Virtual appliance {ip}"),
        (NextHopType::VirtualAppliance, None) => "Virtual appliance".to_string(),
        (NextHopType::Internet, _) => "Internet".to_string(),
        (NextHopType::None, _) => "None (the traffic is dropped)".to_string(),
        (NextHopType::VirtualNetworkServiceEndpoint, _) => {
            "Virtual network service endpoint".to_string()
        }
        (NextHopType::InterfaceEndpoint, _) => "Private endpoint (InterfaceEndpoint)".to_string(),
    }
}

/// The next hop type in prose, in the choices' words (one label per type, as [`hop_text`]
/// gives it, without the type name in parentheses).
pub(super) fn hop_label(kind: NextHopType) -> &'static str {
    match kind {
        NextHopType::VnetLocal => "Virtual network",
        NextHopType::VNetPeering | NextHopType::VNetGlobalPeering => "Virtual network peering",
        NextHopType::VirtualNetworkGateway => "Virtual network gateway",
        NextHopType::VirtualAppliance => "Virtual appliance",
        NextHopType::Internet => "Internet",
        NextHopType::None => "None",
        NextHopType::VirtualNetworkServiceEndpoint => "Virtual network service endpoint",
        NextHopType::InterfaceEndpoint => "Private endpoint",
    }
}

/// A user-defined route's next hop in the same words.
pub(super) fn udr_label(hop: UdrNextHop) -> &'static str {
    hop_label(match hop {
        UdrNextHop::VirtualAppliance => NextHopType::VirtualAppliance,
        UdrNextHop::VirtualNetworkGateway => NextHopType::VirtualNetworkGateway,
        UdrNextHop::VnetLocal => NextHopType::VnetLocal,
        UdrNextHop::Internet => NextHopType::Internet,
        UdrNextHop::None => NextHopType::None,
    })
}

/// An effective route in words, with the next hop as the choices name it: "the system route
/// for 10.4.0.0/16 (next hop Virtual network peering)", "route to-hub in rt-web (10.0.0.0/8,
/// next hop Virtual appliance 10.10.2.4)". The third reading found "(next hop VNetPeering)"
/// beside a key labelled "Virtual network peering".
fn route_words(r: &crate::eval::EffectiveRoute) -> String {
    let hop = match (r.next_hop, r.next_hop_ip) {
        // A gateway's own address is not in the exhibit, and not what the learner needs.
        (NextHopType::VirtualAppliance, Some(ip)) => format!("Virtual appliance {ip}"),
        (k, _) => hop_label(k).to_string(),
    };
    match (&r.route_table, &r.route_name) {
        (Some(t), Some(n)) => format!("route {n} in {t} ({}, next hop {hop})", r.prefix),
        _ if r.source == crate::eval::RouteSource::VirtualNetworkGateway => {
            format!("the gateway's route for {} (next hop {hop})", r.prefix)
        }
        _ => format!("the system route for {} (next hop {hop})", r.prefix),
    }
}

pub fn next_hop(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let (from, to, _) = some_flow(dice, d);
    let net = Network::new(t);
    let dst = net.machine(&to)?.ip;
    let nh = net.next_hop(&from, dst)?;
    for r in relevant_readings(t) {
        if Network::with_reading(t, r).next_hop(&from, dst)? != nh {
            return None;
        }
    }
    let correct = hop_text(nh.kind, nh.ip);
    let appliance =
        d.sc.appliance
            .as_ref()
            .map(|(_, name, ip)| (name.clone(), *ip));
    let mut kinds = vec![
        (NextHopType::VNetPeering, None),
        (NextHopType::Internet, None),
        (NextHopType::None, None),
        (NextHopType::VnetLocal, None),
    ];
    // A gateway next hop only where the network has a gateway: else nobody would pick it.
    if t.vnets.iter().any(|v| v.gateway.is_some()) {
        kinds.push((NextHopType::VirtualNetworkGateway, None));
    }
    // An appliance address only where the network has an appliance at that address.
    if let Some((_, ip)) = &appliance {
        kinds.push((NextHopType::VirtualAppliance, Some(*ip)));
    }
    // A broad user-defined route of the source's subnet that covers the destination but loses
    // to the more specific VNet or peering route (RULES.md §4): the trap the exhibit sets, so
    // its appliance is always a choice.
    let src_vm = t.vm(&from)?;
    // The effective route the next hop comes from: the evaluator's own choice, so the key
    // and every line name the route that decides.
    let chosen = net.next_hop_route(&from, dst);
    let lost = chosen
        .filter(|r| {
            r.route_name.is_none()
                && matches!(
                    r.next_hop,
                    NextHopType::VnetLocal
                        | NextHopType::VNetPeering
                        | NextHopType::VNetGlobalPeering
                )
        })
        .and_then(|r| super::path_facts::losing_udr(t, &src_vm.vnet, &src_vm.subnet, dst, r.prefix))
        .map(|(name, table, prefix, to)| {
            let ip = t
                .route_table(&table)
                .and_then(|rt| rt.routes.iter().find(|r| r.name == name))
                .and_then(|r| r.next_hop_ip);
            (name, table, prefix, to, ip)
        });
    let trap = lost.as_ref().and_then(|l| {
        let ip = l.4?;
        kinds.push((NextHopType::VirtualAppliance, Some(ip)));
        Some(hop_text(NextHopType::VirtualAppliance, Some(ip)))
    });
    let mut pool: Vec<String> = Vec::new();
    for s in kinds.iter().map(|(k, ip)| hop_text(*k, *ip)) {
        if s != correct && !pool.contains(&s) {
            pool.push(s);
        }
    }
    dice.shuffle(&mut pool);
    if let Some(trap) = &trap
        && let Some(i) = pool.iter().position(|p| p == trap)
    {
        let x = pool.remove(i);
        pool.insert(0, x);
    }
    let mut texts = vec![correct.clone()];
    texts.extend(pool.into_iter().take(3));
    let route = chosen.map(route_words).unwrap_or_else(|| correct.clone());
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let lost_line = lost.as_ref().map(|(name, table, prefix, to, _)| {
                format!(
                    "route {name} in {table} sends {prefix} to {to}, but {route} is more specific and wins by longest prefix match"
                )
            });
            if i == 0 {
                format!(
                    "Correct. The effective route of {from} that matches {dst} by longest prefix is {route}.{}",
                    // The losing route is the trap, and says more than that the peering is
                    // Connected (its route being there says that): one line stays short.
                    match &lost {
                        Some((name, table, prefix, to, _)) => format!(
                            " Route {name} in {table} ({prefix} to {to}) covers {dst} too, but as the less specific route it loses."
                        ),
                        None => why_key(t, &from, dst, nh.kind, &route),
                    }
                )
            } else if let (Some(l), true) = (&lost_line, trap.as_ref() == Some(text)) {
                format!("Incorrect. {}.", rationale_capital(l))
            } else if let Some(fact) = why_not(t, &net, &from, dst, text, &route) {
                format!("Incorrect. {fact}")
            } else if let Some((name, ip)) = appliance
                .as_ref()
                .filter(|(_, ip)| text.ends_with(&ip.to_string()))
            {
                format!(
                    "Incorrect. {ip} is {name}'s address, but the most specific effective route of {from} for {dst} is {route}: no user-defined route sends this destination to the appliance."
                )
            } else {
                format!(
                    "Incorrect. The most specific effective route of {from} for {dst} is {route}, so next hop does not report \"{text}\"."
                )
            }
        })
        .collect();
    let items: Vec<(String, String)> = texts.into_iter().zip(lines).collect();
    let (items, answer) = shuffle_choices(dice, items, &[0]);
    let co = d.company;
    let prompt = format!(
        "{} To check how traffic from {from} to {to} leaves its network interface, you run Network Watcher next hop from {from} to {dst}. What next hop type does it report?",
        stem::runs(co, t, &[&from, &to]),
    );
    let explanation = format!(
        "Next hop answers with the effective route of the source NIC that matches the destination by longest prefix: {route}. It says where Azure sends the packet first, not whether NSGs or the far end allow it.",
    );
    let difficulty = if matches!(
        nh.kind,
        NextHopType::VirtualAppliance | NextHopType::VirtualNetworkGateway | NextHopType::None
    ) {
        2
    } else {
        1
    };
    let mut q = question(
        d,
        Topic::NetworkWatcher,
        Kind::Single,
        difficulty,
        prompt,
        explanation,
    );
    (q.choices, q.rationales) = items.into_iter().unzip();
    q.answer = answer;
    let tr = Network::new(t).trace(&spec(&from, &to, 443)).ok();
    finish(d, &mut q, &tr.iter().collect::<Vec<_>>());
    Some(vec![q])
}

fn rationale_capital(s: &str) -> String {
    super::rationale::capital(s)
}

/// The VNet of machine `name` and the VNet whose space holds `ip`.
fn ends(t: &Topology, name: &str, ip: std::net::Ipv4Addr) -> Option<(String, Option<String>)> {
    let a = t.vm(name)?.vnet.clone();
    let b = t
        .vnets
        .iter()
        .find(|v| v.address_space.iter().any(|p| p.contains(&ip)))
        .map(|v| v.name.clone());
    Some((a, b))
}

/// What the key's line adds about this network: for a peering route, the peering behind it.
fn why_key(
    t: &Topology,
    from: &str,
    dst: std::net::Ipv4Addr,
    kind: NextHopType,
    route: &str,
) -> String {
    let Some((a, Some(b))) = ends(t, from, dst) else {
        return String::new();
    };
    let region = |v: &str| t.vnet(v).map(|x| x.region.clone()).unwrap_or_default();
    match kind {
        NextHopType::VNetPeering => {
            format!(" {a} and {b} are peered directly, and both sides show Connected.")
        }
        NextHopType::VNetGlobalPeering => format!(
            " {a} ({}) and {b} ({}) are peered across regions; next hop reports any peering route as virtual network peering.",
            region(&a),
            region(&b)
        ),
        // Why the drop route is the one that matches: nothing more specific covers the address
        // (the peering line says why there is no peering route).
        NextHopType::None if a != b && route.starts_with("the system route") => format!(
            " No VNet, peering or user-defined route of {from} covers {dst}, so this route is the most specific match."
        ),
        _ => String::new(),
    }
}

/// The fact of the network that rules a wrong next hop out, where one says more than "the
/// route is another": why there is no peering route, why the address is not local, what the
/// gateway routes cover.
fn why_not(
    t: &Topology,
    net: &Network,
    from: &str,
    dst: std::net::Ipv4Addr,
    text: &str,
    route: &str,
) -> Option<String> {
    let (a, b) = ends(t, from, dst)?;
    let peer = hop_text(NextHopType::VNetPeering, None);
    let local = hop_text(NextHopType::VnetLocal, None);
    let gateway = hop_text(NextHopType::VirtualNetworkGateway, None);
    let internet = hop_text(NextHopType::Internet, None);
    let none = hop_text(NextHopType::None, None);
    if text == peer {
        let b = b?;
        if a == b {
            return Some(format!(
                "{dst} is in {a}, the VNet of {from} itself, so no peering is involved."
            ));
        }
        let side = t
            .peerings
            .iter()
            .enumerate()
            .find(|(_, p)| p.vnet == a && p.remote == b);
        return Some(
            match side.and_then(|(i, p)| Some((p, net.peering_state(i)?))) {
                Some((p, PeeringState::Initiated)) => format!(
                    "Peering {} is only Initiated, because {b} has no peering back, and a peering adds routes only once it is Connected.",
                    p.name
                ),
                Some((p, PeeringState::Disconnected)) => format!(
                    "Peering {} is Disconnected, because its other side was deleted, so it adds no route to {b}.",
                    p.name
                ),
                // A side that has not synced the remote's new range (RULES.md §14): its
                // route covers only the old space.
                Some((p, _))
                    if p.remote_space_cached
                        .as_ref()
                        .is_some_and(|c| !c.iter().any(|x| x.contains(&dst))) =>
                {
                    let old: Vec<String> = p
                        .remote_space_cached
                        .iter()
                        .flatten()
                        .map(|x| x.to_string())
                        .collect();
                    format!(
                        "Peering {} has not been synced since {b}'s address space changed: it still holds only the old space ({}), so it adds no route for {dst}.",
                        p.name,
                        old.join(", ")
                    )
                }
                // The peering route is there and loses: by prefix length, or on an equal
                // prefix to a user-defined route (RULES.md §4).
                Some((_, _)) => {
                    let peer_len = net.routes_of(from).and_then(|rs| {
                        rs.iter()
                            .filter(|r| {
                                r.prefix.contains(&dst)
                                    && matches!(
                                        r.next_hop,
                                        NextHopType::VNetPeering | NextHopType::VNetGlobalPeering
                                    )
                            })
                            .map(|r| r.prefix.prefix_len())
                            .max()
                    });
                    let win_len = net.next_hop_route(from, dst).map(|r| r.prefix.prefix_len());
                    match (peer_len, win_len) {
                        (Some(p), Some(w)) if p == w => format!(
                            "A peering route to {b} covers {dst}, but {route} has the same prefix, and on an equal prefix a user-defined route wins over a system route."
                        ),
                        _ => format!(
                            "A peering route to {b} covers {dst}, but {route} is more specific and wins by longest prefix match."
                        ),
                    }
                }
                None => {
                    let peers = |x: &str| -> Vec<String> {
                        t.peerings
                            .iter()
                            .filter(|p| p.vnet == x)
                            .map(|p| p.remote.clone())
                            .collect()
                    };
                    let pb = peers(&b);
                    match peers(&a).into_iter().find(|m| pb.contains(m)) {
                        Some(mid) => format!(
                            "{a} and {b} are each peered with {mid} but not with each other, and peering is not transitive, so {a} has no peering route for {dst}."
                        ),
                        None => format!(
                            "{a} has no peering with {b}, so it has no peering route for {dst}."
                        ),
                    }
                }
            },
        );
    }
    if text == local {
        let space = |v: &str| {
            t.vnet(v)
                .map(|x| {
                    x.address_space
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        return Some(match b {
            Some(b) if b != a => format!(
                "{dst} is in {b}, not in {a}: VnetLocal covers only the address space of the VNet of {from}."
            ),
            Some(_) => {
                format!("{dst} is in {a}, but {route} is more specific than the VnetLocal route.")
            }
            // An address outside every VNet (an on-premises host): the third reading found it
            // called "in" the source's VNet.
            None => format!(
                "{dst} is outside the address space of {a} ({}): VnetLocal covers only the VNet's own prefixes.",
                space(&a)
            ),
        });
    }
    if text == internet {
        return Some(format!(
            "Internet is the next hop only for addresses that no more specific route covers, and for {dst}, {route} matches first."
        ));
    }
    if text == none {
        return Some(format!(
            "None is reported only when the matching route drops the packet, and {route} delivers it."
        ));
    }
    if text == gateway {
        let routes: Vec<&crate::eval::EffectiveRoute> = net
            .routes_of(from)?
            .iter()
            .filter(|r| r.next_hop == NextHopType::VirtualNetworkGateway)
            .collect();
        let gw: Vec<String> = routes.iter().map(|r| r.prefix.to_string()).collect();
        return Some(if routes.iter().any(|r| r.prefix.contains(&dst)) {
            format!("A gateway route covers {dst}, but {route} matches it first.")
        } else if gw.is_empty() {
            // A side set to use the remote gateway adds routes only while it is Connected: say
            // which, rather than that it does not use one (the third reading found "does not
            // use a remote gateway" beside a table that showed it Enabled).
            let remote = t
                .peerings
                .iter()
                .enumerate()
                .find(|(_, p)| p.vnet == a && p.use_remote_gateways);
            let own = t.vnet(&a).is_some_and(|v| v.gateway.is_some());
            match remote {
                Some((i, p)) if net.peering_state(i) != Some(PeeringState::Connected) => {
                    format!(
                        "Peering {} is set to use the remote gateway of {}, but it is {}, so it adds no gateway routes: {from} has none.",
                        p.name,
                        p.remote,
                        net.peering_state(i).map_or("rejected", |s| s.as_str())
                    )
                }
                None if !own => format!(
                    "{a} has no gateway of its own and does not use a remote gateway, so {from} has no gateway routes."
                ),
                _ => format!("The effective routes of {from} hold no gateway route."),
            }
        } else {
            format!(
                "The gateway routes of {from} cover only the on-premises prefixes ({}), not {dst}.",
                gw.join(", ")
            )
        });
    }
    None
}

/// Why VNet `sv`'s space is not in the VirtualNetwork tag of VNet `tv` (RULES.md §5: the tag
/// holds the prefixes of Connected peers whose peering from `tv` has access on).
fn tag_gap(t: &Topology, net: &Network, tv: &str, sv: &str) -> Option<String> {
    if tv == sv {
        return None;
    }
    let out = |why: String| {
        format!("{why}, so {sv}'s address space is not in the VirtualNetwork tag of {tv}")
    };
    let side = t
        .peerings
        .iter()
        .enumerate()
        .find(|(_, p)| p.vnet == tv && p.remote == sv);
    Some(match side {
        Some((i, p)) => match net.peering_state(i) {
            Some(PeeringState::Connected) if p.allow_virtual_network_access => return None,
            Some(PeeringState::Connected) => out(format!(
                "{} has access to the remote VNet turned off",
                p.name
            )),
            Some(s) => out(format!("peering {} is {}", p.name, s.as_str())),
            None => out(format!("Azure rejected peering {}", p.name)),
        },
        None => match t
            .peerings
            .iter()
            .enumerate()
            .find(|(_, p)| p.vnet == sv && p.remote == tv)
        {
            Some((i, p)) => out(format!(
                "{tv} holds no peering to {sv} ({} on {sv} shows {})",
                p.name,
                net.peering_state(i).map_or("rejected", |s| s.as_str())
            )),
            None => out(format!("no peering joins {tv} and {sv}")),
        },
    })
}

/// A rule's priority: its own, or the default rule's (RULES.md §6).
fn priority_of(t: &Topology, nsgs: &[&str], rule: &str) -> Option<u32> {
    let name = rule.rsplit('/').next()?;
    match name {
        "AllowVnetInBound" => return Some(65000),
        "AllowAzureLoadBalancerInBound" => return Some(65001),
        "DenyAllInBound" => return Some(65500),
        _ => {}
    }
    nsgs.iter()
        .filter_map(|n| t.nsg(n))
        .flat_map(|n| n.rules.iter())
        .find(|r| r.name == name && r.direction == Direction::Inbound)
        .map(|r| u32::from(r.priority))
}

pub fn flow_verify(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let net = Network::new(t);
    let (from, to, port) = some_flow(dice, d);
    let src = net.machine(&from)?.ip;
    let target = t.vm(&to)?;
    let v = net.ip_flow_verify(&to, Direction::Inbound, Protocol::Tcp, src, port)?;
    let rule = v.rule.clone()?;
    let correct = format!("{}, {}", v.access, rule);
    // The NSGs the packet meets at the target: its NIC's and its subnet's.
    let nsgs: Vec<&str> = [
        target.nsg.as_deref(),
        t.vnet(&target.vnet)
            .and_then(|vn| vn.subnet(&target.subnet))
            .and_then(|s| s.nsg.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut pool: Vec<(String, Option<String>)> = Vec::new();
    for &n in &nsgs {
        if let Some(nsg) = t.nsg(n) {
            // Only rules for the queried port: a learner rules out "allow-22" for a TCP 443
            // query by its name alone, so it was a throwaway (a fourth reader, gen-4242-0011).
            // A rule for the port from another source stays: missing its source is the lesson.
            for r in nsg.rules.iter().filter(|r| {
                r.direction == Direction::Inbound
                    && r.protocol.matches(Protocol::Tcp)
                    && match &r.destination_ports {
                        PortSet::Any => true,
                        PortSet::Ranges(x) => x.iter().any(|(a, b)| *a <= port && port <= *b),
                    }
            }) {
                pool.push((
                    format!(
                        "{}, securityRules/{}",
                        if r.access == Access::Allow {
                            "Allow"
                        } else {
                            "Deny"
                        },
                        r.name
                    ),
                    Some(n.to_string()),
                ));
            }
        }
    }
    pool.extend(
        [
            "Allow, defaultSecurityRules/AllowVnetInBound",
            "Deny, defaultSecurityRules/DenyAllInBound",
            "Allow, defaultSecurityRules/AllowAzureLoadBalancerInBound",
        ]
        .map(|x| (x.to_string(), None)),
    );
    pool.sort();
    pool.dedup_by(|a, b| a.0 == b.0);
    pool.retain(|p| p.0 != correct);
    dice.shuffle(&mut pool);
    // The allow rule that would have let the packet in but for an ASG that does not hold the
    // machine: the choice a candidate who misses the membership picks, so always offered.
    let nsg = v.nsg.clone().unwrap_or_default();
    let key_priority = priority_of(t, &nsgs, &rule)?;
    let asg_missed =
        super::path_facts::asg_miss(t, &nsg, src, &to, port, Protocol::Tcp, key_priority);
    if let Some((name, _)) = &asg_missed
        && let Some(i) = pool
            .iter()
            .position(|p| p.0 == format!("Allow, securityRules/{name}"))
    {
        let x = pool.remove(i);
        pool.insert(0, x);
    }
    let mut texts = vec![(correct.clone(), v.nsg.clone())];
    texts.extend(pool.into_iter().take(3));
    if texts.len() < 4 {
        return None;
    }
    let key_name = rule.rsplit('/').next().unwrap_or(&rule).to_string();
    let key_default = rule.starts_with("defaultSecurityRules/");
    // Why the source is outside the VirtualNetwork tag of the target's VNet, when a default
    // rule decides: the peering that does not add it (RULES.md §5).
    let tag_gap = t
        .vm(&from)
        .filter(|_| key_default && key_priority > 65000)
        .and_then(|s| tag_gap(t, &net, &target.vnet, &s.vnet));
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, (text, home))| {
            let name = text.rsplit('/').next().unwrap_or(text);
            let default = home.is_none();
            if i == 0 {
                return format!(
                    "Correct. In {nsg}, {key_name} (priority {key_priority}) is the first rule that matches inbound TCP {port} from {src}{}.",
                    asg_missed
                        .as_ref()
                        .map_or(String::new(), |(_, why)| format!(": {why}"))
                );
            }
            if let Some((missed, why)) = &asg_missed
                && name == missed
            {
                return format!("Incorrect. {}.", rationale_capital(why));
            }
            if name == "AllowVnetInBound"
                && key_priority > 65000
                && let Some(gap) = &tag_gap
            {
                return format!(
                    "Incorrect. AllowVnetInBound (priority 65000) is checked before {key_name} but does not match {src}: {gap}."
                );
            }
            match priority_of(t, &nsgs, text) {
                Some(p) if name == "AllowAzureLoadBalancerInBound" => format!(
                    "Incorrect. {name} (priority {p}) matches only traffic from Azure's load balancer, not {src}."
                ),
                Some(p) if p < key_priority && nsgs.len() == 1 => format!(
                    "Incorrect. {name} (priority {p}) is checked before {key_name} but does not match inbound TCP {port} from {src}."
                ),
                Some(p) if p > key_priority && nsgs.len() == 1 => format!(
                    "Incorrect. {name} (priority {p}) comes after {key_name} (priority {key_priority}), which matches first and decides."
                ),
                Some(p) if default && !key_default => format!(
                    "Incorrect. {name} (priority {p}) is a default rule, read only after every custom rule of its own NSG, and {key_name} in {nsg} matches first and decides."
                ),
                Some(p) => format!(
                    "Incorrect. {name} (priority {p}, in {}) is not the rule that decides: inbound traffic meets the subnet's NSG and then the NIC's, and {key_name} in {nsg} decides.",
                    home.as_deref().unwrap_or("the default rules")
                ),
                None => format!(
                    "Incorrect. IP flow verify reports the one rule that decides, and that is {key_name} in {nsg}."
                ),
            }
        })
        .collect();
    let lines =
        super::ruled_out::flow_verify_lines(t, &nsgs, &nsg, &key_name, src, port, &texts, lines);
    let items: Vec<(String, String)> = texts.into_iter().map(|x| x.0).zip(lines).collect();
    let (items, answer) = shuffle_choices(dice, items, &[0]);
    let co = stem::possessive(d.company);
    let prompt = format!(
        "{co} security team reviews the NSGs in front of {}. You run IP flow verify on the network interface of {to}: inbound, TCP, local port {port}, remote address {src} ({from}). What does it report?",
        stem::place(t, &to),
    );
    let explanation = format!(
        "Inbound traffic meets the subnet's NSG first, then the NIC's; within an NSG the lowest priority number that matches decides and the default rules come last. Here NSG {nsg} decides with {rule}. {}",
        match &tag_gap {
            // The third reading found "peering state does not change its answer" where a
            // Disconnected peering was why AllowVnetInBound missed.
            Some(gap) => format!(
                "IP flow verify checks only NSG rules and does not follow the packet's route, but the VirtualNetwork tag the default rules use follows the peerings: {gap}."
            ),
            None => "IP flow verify checks only NSG rules; it does not follow the packet's route."
                .to_string(),
        }
    );
    let mut q = question(
        d,
        if dice.chance(50) {
            Topic::Nsg
        } else {
            Topic::NetworkWatcher
        },
        Kind::Single,
        2,
        prompt,
        explanation,
    );
    (q.choices, q.rationales) = items.into_iter().unzip();
    q.answer = answer;
    finish(d, &mut q, &[]);
    // The default rules are part of the answer: show them with the NSGs of the target.
    if let Some(e) = &mut q.exhibit {
        for x in e.iter_mut() {
            if let Some(n) = x.strip_prefix("nsg:")
                && nsgs.contains(&n)
            {
                *x = format!("{x}+defaults");
            }
        }
        for n in &nsgs {
            let sel = format!("nsg:{n}+defaults");
            // The whole NSG list with its default rules already shows it (h10vary).
            if !e.contains(&sel) && !e.iter().any(|x| x == "nsgs+defaults") {
                e.push(sel);
            }
        }
    }
    Some(vec![q])
}
