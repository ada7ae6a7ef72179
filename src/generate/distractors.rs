//! The wrong options of a fix item: changes an administrator might try that do not repair the
//! fault (the fix template proves each one wrong with the evaluator, under every reading, before
//! it offers it). Kept apart from `questions` so the catalogue can grow by family without that
//! file doing everything.
//!
//! Across a test the families must vary (a second reader found every fix item offering "an
//! allow rule at priority 150", so a candidate learnt those are always wrong): one allow rule
//! at most per item, at a priority drawn per item, among route, peering, firewall and NSG
//! changes of several kinds. No public IP and no IP forwarding on an end VM: an item writer
//! reads those as throwaways.

use super::dice::Dice;
use super::faults::FaultKind;
use super::questions::Draft;
use super::stem;
use crate::model::*;
use ipnet::Ipv4Net;

/// A wrong option: how the learner reads it, the edits, and the reason it does not repair the
/// fault (the trace with it applied follows in the rationale).
pub type Candidate = (String, Vec<Edit>, String);

/// The family of a change, so an item offers at most one of each: three allow rules, or two
/// forwarded-traffic toggles, are one idea, not several.
pub fn family(edits: &[Edit]) -> String {
    match edits.first() {
        Some(Edit::AddNsgRule { rule, .. }) => format!("nsg-{:?}", rule.access),
        Some(Edit::RemoveNsgRule { .. }) if edits.len() > 1 => "nsg-move".to_string(),
        Some(Edit::SetPeering { flags, .. }) => format!("peering-{flags:?}"),
        Some(Edit::RemovePeering(_)) => "recreate-peering".to_string(),
        Some(Edit::AddPeering(_)) => "add-peering".to_string(),
        Some(e) => format!("{:?}", std::mem::discriminant(e)),
        None => String::new(),
    }
}

/// The NSG on the subnet of VM `vm`, if any.
fn subnet_nsg(t: &Topology, vm: &str) -> Option<String> {
    let m = t.vm(vm)?;
    t.vnet(&m.vnet)?.subnet(&m.subnet)?.nsg.clone()
}

fn ports_cover(set: &PortSet, port: u16) -> bool {
    match set {
        PortSet::Any => true,
        PortSet::Ranges(r) => r.iter().any(|(a, b)| *a <= port && port <= *b),
    }
}

fn source_covers(have: &AddressMatch, new: &AddressMatch) -> bool {
    match (have, new) {
        (AddressMatch::Any, _) => true,
        (AddressMatch::Prefix(a), AddressMatch::Prefix(b)) => a.contains(b),
        (a, b) => a == b,
    }
}

/// An allow for TCP `port` in `nsg`'s `direction`, at a priority drawn for this item: after the
/// NSG's lowest deny (a real admin adds a rule; it loses to a deny with a lower number) and on
/// no number the NSG already uses. `None` when the NSG already allows the same (a rule that
/// repeats one in the exhibit is wrong at a glance).
fn allow_rule(
    dice: &mut Dice,
    t: &Topology,
    nsg: &str,
    name: String,
    direction: Direction,
    source: AddressMatch,
    port: u16,
) -> Option<(u16, Vec<Edit>)> {
    let n = t.nsg(nsg)?;
    let same_way = || n.rules.iter().filter(|r| r.direction == direction);
    if same_way().any(|r| {
        r.access == Access::Allow
            && ports_cover(&r.destination_ports, port)
            && source_covers(&r.source, &source)
    }) {
        return None;
    }
    let lowest_deny = same_way()
        .filter(|r| r.access == Access::Deny)
        .map(|r| r.priority)
        .min()
        .unwrap_or(0);
    let free: Vec<u16> = [
        110u16, 120, 130, 150, 160, 180, 210, 250, 300, 350, 400, 500, 1000,
    ]
    .into_iter()
    .filter(|p| *p > lowest_deny && same_way().all(|r| r.priority != *p))
    .collect();
    if free.is_empty() {
        return None;
    }
    let at = *dice.pick(&free);
    let edit = Edit::AddNsgRule {
        nsg: nsg.to_string(),
        rule: NsgRule {
            name,
            priority: at,
            direction,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source,
            destination: AddressMatch::Any,
            destination_ports: PortSet::Ranges(vec![(port, port)]),
            pos: Pos::default(),
        },
    };
    Some((at, vec![edit]))
}

/// One allow rule, at one of the three places an admin opens first: outbound on the source's
/// subnet, inbound on the destination's NIC, inbound on the destination's subnet.
fn one_allow(dice: &mut Dice, d: &Draft) -> Option<Candidate> {
    let t = &d.sc.topology;
    let (from, to, port) = &d.faults[0].flow;
    let port = *port;
    let src_space = t
        .vm(from)
        .and_then(|m| t.vnet(&m.vnet))
        .map(|v| v.address_space[0]);
    let mut places: Vec<u8> = vec![0, 1, 2];
    dice.shuffle(&mut places);
    for place in places {
        let made = match place {
            0 => subnet_nsg(t, from).and_then(|nsg| {
                let (at, e) = allow_rule(
                    dice,
                    t,
                    &nsg,
                    format!("allow-{port}-out"),
                    Direction::Outbound,
                    AddressMatch::Any,
                    port,
                )?;
                Some((
                    format!("Add an outbound rule to {nsg} with priority {at} that allows TCP {port} to any destination"),
                    e,
                    format!("The new rule only opens the way out of {} subnet.", stem::possessive(&nsg)),
                ))
            }),
            1 => t.vm(to).and_then(|m| m.nsg.clone()).and_then(|nsg| {
                let (at, e) = allow_rule(
                    dice,
                    t,
                    &nsg,
                    format!("allow-{port}-nic"),
                    Direction::Inbound,
                    AddressMatch::Any,
                    port,
                )?;
                Some((
                    format!("On the network interface of {to}, add an inbound rule to {nsg} with priority {at} that allows TCP {port} from any source"),
                    e,
                    format!("The new rule lets TCP {port} through {nsg} on the NIC of {to}."),
                ))
            }),
            _ => subnet_nsg(t, to).and_then(|nsg| {
                // From the source's own range or from all private ranges, as admins write it.
                let source = match src_space {
                    Some(s) if dice.chance(50) => s,
                    _ => "10.0.0.0/8".parse::<Ipv4Net>().ok()?,
                };
                // Where the NSG already allows the port from those ranges (the flow is to the
                // destination's own port), the admin opens it to any source instead.
                let (source, (at, e)) = [AddressMatch::Prefix(source), AddressMatch::Any]
                    .into_iter()
                    .find_map(|src| {
                        let made = allow_rule(
                            dice,
                            t,
                            &nsg,
                            format!("allow-{port}-in"),
                            Direction::Inbound,
                            src.clone(),
                            port,
                        )?;
                        Some((src, made))
                    })?;
                let from = match source {
                    AddressMatch::Prefix(p) => p.to_string(),
                    _ => "any source".to_string(),
                };
                Some((
                    format!("Add an inbound rule to {nsg} with priority {at} that allows TCP {port} from {from}"),
                    e,
                    format!("The new rule lets TCP {port} into {} subnet.", stem::possessive(&nsg)),
                ))
            }),
        };
        if made.is_some() {
            return made;
        }
    }
    None
}

/// The VNets of the flow's two ends, in order.
fn end_vnets(t: &Topology, from: &str, to: &str) -> Vec<String> {
    [from, to]
        .iter()
        .filter_map(|n| t.vm(n).map(|v| v.vnet.clone()))
        .collect()
}

/// The route tables on the subnets of the flow's ends.
fn end_tables(t: &Topology, from: &str, to: &str) -> Vec<String> {
    [from, to]
        .iter()
        .filter_map(|n| t.vm(n))
        .filter_map(|m| t.vnet(&m.vnet).and_then(|v| v.subnet(&m.subnet)))
        .filter_map(|s| s.route_table.clone())
        .collect()
}

/// Every wrong change worth trying for the item's fault, in a fixed order (the caller shuffles
/// and proves them).
pub fn candidates(dice: &mut Dice, d: &Draft) -> Vec<Candidate> {
    let t = &d.sc.topology;
    let mut out: Vec<Candidate> = Vec::new();
    let (from, to, _) = &d.faults[0].flow;
    let ends = end_vnets(t, from, to);
    let gateway = |v: &str| t.vnet(v).is_some_and(|x| x.gateway.is_some());
    // Peerings on the way only: between the two ends, or between an end and a hub peered with
    // both ends. A setting on the hub's peering with some third spoke, or on the peering of
    // the two hubs when the flow stays under one, is a throwaway a candidate rules out on sight.
    let peered = |a: &str, b: &str| t.peerings.iter().any(|p| p.vnet == a && p.remote == b);
    let between: Vec<&String> =
        d.sc.hubs
            .iter()
            .filter(|h| !ends.contains(h) && ends.iter().all(|e| peered(e, h) || peered(h, e)))
            .collect();
    let on_the_way: Vec<&Peering> = t
        .peerings
        .iter()
        .filter(|p| {
            let (a, b) = (&p.vnet, &p.remote);
            (ends.contains(a) && ends.contains(b))
                || (ends.contains(a) && between.contains(&b))
                || (between.contains(&a) && ends.contains(b))
        })
        .collect();
    for p in &on_the_way {
        let set = |f: PeeringFlags| Edit::SetPeering {
            peering: p.name.clone(),
            flags: f,
        };
        if !p.allow_forwarded_traffic {
            out.push((
                format!("Allow forwarded traffic on {}", p.name),
                vec![set(PeeringFlags {
                    allow_forwarded_traffic: Some(true),
                    ..Default::default()
                })],
                "Forwarded traffic only lets in packets that an appliance or gateway relays from elsewhere.".to_string(),
            ));
        }
        if !p.allow_gateway_transit && gateway(&p.vnet) {
            out.push((
                format!("Allow gateway transit on {}", p.name),
                vec![set(PeeringFlags {
                    allow_gateway_transit: Some(true),
                    ..Default::default()
                })],
                format!(
                    "Gateway transit only shares {}'s gateway with its peers.",
                    p.vnet
                ),
            ));
        }
        if !p.use_remote_gateways && gateway(&p.remote) && !gateway(&p.vnet) {
            out.push((
                format!("Use the remote gateway on {}", p.name),
                vec![set(PeeringFlags {
                    use_remote_gateways: Some(true),
                    ..Default::default()
                })],
                format!(
                    "Using the remote gateway only gives {} the routes of {}'s gateway.",
                    p.vnet, p.remote
                ),
            ));
        }
    }
    // Deleting and re-creating the source's side of a peering whose remote VNet holds no side
    // back: what an admin does when a peering "looks stuck". Only there: deleting one side of
    // a Connected pair would leave the other Disconnected (RULES.md §2), which the edit model
    // does not play out.
    if let Some(p) = on_the_way.iter().find(|p| {
        ends.first() == Some(&p.vnet)
            && !t
                .peerings
                .iter()
                .any(|q| q.vnet == p.remote && q.remote == p.vnet)
    }) {
        let mut again = (*p).clone();
        again.remote_space_cached = None;
        again.remote_deleted = false;
        out.push((
            format!("Delete the peering {} and create it again", p.name),
            vec![Edit::RemovePeering(p.name.clone()), Edit::AddPeering(again)],
            // What the change does, in the peering's own state (the old wording, "finds no
            // side ... as the old one did", read as garble in gen-4242-0003).
            if p.remote_deleted {
                format!("A new {} replaces the Disconnected one", p.name)
            } else {
                format!("A new {} is the same one-sided request again", p.name)
            },
        ));
    }
    // Sync a Connected side whose copy of the remote space is current: the portal's Sync
    // button is what an admin presses when a peering "looks stuck"; here it changes nothing.
    let connected = |p: &Peering| {
        !p.remote_deleted
            && t.peerings
                .iter()
                .any(|q| q.vnet == p.remote && q.remote == p.vnet)
    };
    // Not in every item: one button pressed in every fix item would be one more family a
    // candidate learns to skip. And only where the exhibit shows sync levels (some side of the
    // network is not FullyInSync, RULES.md §14): with none shown, no administrator would reach
    // for Sync, and the option was a throwaway (gen-6464-0003, gen-5353-0012).
    let shows_sync = t
        .peerings
        .iter()
        .any(|p| crate::model::sync::level(t, p) != "FullyInSync");
    if let Some(p) = on_the_way
        .iter()
        .find(|p| ends.contains(&p.vnet) && p.remote_space_cached.is_none() && connected(p))
        .filter(|_| shows_sync && dice.chance(40))
    {
        out.push((
            format!("On {}, sync the peering {}", p.vnet, p.name),
            vec![Edit::SyncPeering(p.name.clone())],
            format!(
                "Syncing only refreshes {}'s copy of {}'s address space, which has not changed.",
                p.name, p.remote
            ),
        ));
    }
    out.extend(one_allow(dice, d));
    out.extend(deny_moved(d));
    if let (Some(a), Some(b)) = (t.vm(from), t.vm(to))
        && a.vnet != b.vnet
        && !t
            .peerings
            .iter()
            .any(|p| p.vnet == a.vnet && p.remote == b.vnet)
        && !t
            .peerings
            .iter()
            .any(|p| p.vnet == b.vnet && p.remote == a.vnet)
    {
        out.push((
            format!("Peer {} directly with {}", a.vnet, b.vnet),
            vec![
                Edit::AddPeering(Peering::new(&a.vnet, &b.vnet)),
                Edit::AddPeering(Peering::new(&b.vnet, &a.vnet)),
            ],
            format!(
                "A direct peering gives {} and {} a route to each other.",
                a.vnet, b.vnet
            ),
        ));
    }
    // "Turn off gateway route propagation" only where the flow goes through the hub's gateway
    // to the site and the fault is in the routes toward it (propagation off on a table, a
    // static site without the spoke's range; RULES.md §4): there an administrator may suspect
    // the routes the gateway programs. Elsewhere it only takes routes away, and readers found
    // it implausible as a fix: gen-6464-0012 (a Disconnected peering), and gen-4242-0012-2 (a
    // spoke-to-spoke route through the gateway, which propagation does not touch).
    let about_site_routes = matches!(
        d.faults[0].kind,
        FaultKind::RoutesNotPropagated | FaultKind::StaticSiteMissingPrefix
    );
    let tables = end_tables(t, from, to);
    let port = d.faults[0].flow.2;
    let via_gateway = crate::eval::Network::new(t)
        .trace(&super::questions::spec(from, to, port))
        .is_ok_and(|tr| {
            tr.hops
                .iter()
                .any(|h| h.step == "gateway" || h.detail.contains("VirtualNetworkGateway"))
        });
    if d.sc.has_gateway() && via_gateway && about_site_routes {
        for rt in t
            .route_tables
            .iter()
            .filter(|r| r.propagate_gateway_routes && tables.contains(&r.name))
        {
            out.push((
                format!("Turn off gateway route propagation in {}", rt.name),
                vec![Edit::SetRouteTable {
                    table: rt.name.clone(),
                    propagate_gateway_routes: Some(false),
                }],
                format!("Turning off propagation only removes the gateway's routes from the subnets of {}.", rt.name),
            ));
        }
    }
    out.extend(route_changes(dice, d, &tables));
    out.extend(super::fidelity::distractors(d));
    out
}

/// Route changes: deleting a user-defined route on the way (the admin suspects the appliance
/// or the gateway it sends to),
/// and a route for the destination's range through the hub's appliance or gateway from the
/// source's table (the admin tries to force a path). A change that happens to repair the fault
/// is dropped by the caller's proof.
fn route_changes(dice: &mut Dice, d: &Draft, tables: &[String]) -> Vec<Candidate> {
    let t = &d.sc.topology;
    let (from, to, _) = &d.faults[0].flow;
    let mut out = Vec::new();
    // Only a route the flow meets: one for the destination in a table of the source's, or for
    // the source in one of the destination's (the reply). A route for a third spoke's range
    // is a throwaway.
    let ip = |n: &str| t.vm(n).map(|m| m.ip);
    let (src_ip, dst_ip) = (ip(from), ip(to));
    let table_of = |n: &str| {
        t.vm(n)
            .and_then(|m| t.vnet(&m.vnet).and_then(|v| v.subnet(&m.subnet)))
            .and_then(|s| s.route_table.clone())
    };
    let (src_table, dst_table) = (table_of(from), table_of(to));
    let met = |rt: &RouteTable, r: &Route| {
        (src_table.as_deref() == Some(rt.name.as_str())
            && dst_ip.is_some_and(|a| r.prefix.contains(&a)))
            || (dst_table.as_deref() == Some(rt.name.as_str())
                && src_ip.is_some_and(|a| r.prefix.contains(&a)))
    };
    let mut udrs: Vec<(&RouteTable, &Route)> = t
        .route_tables
        .iter()
        .filter(|rt| tables.contains(&rt.name))
        .flat_map(|rt| rt.routes.iter().map(move |r| (rt, r)))
        // A route to the gateway too (RULES.md §4, the gateway as a router): the admin who
        // suspects the route that sends a spoke's traffic through the hub's gateway, in place
        // of turning off route propagation, which does not touch it (a fourth reader).
        .filter(|(rt, r)| {
            matches!(
                r.next_hop,
                UdrNextHop::VirtualAppliance | UdrNextHop::VirtualNetworkGateway
            ) && met(rt, r)
        })
        .collect();
    if !udrs.is_empty() {
        let (rt, r) = udrs.remove(dice.below(udrs.len()));
        out.push((
            format!("Delete the route {} from {}", r.name, rt.name),
            vec![Edit::RemoveRoute {
                table: rt.name.clone(),
                route: r.name.clone(),
            }],
            // What the trace finds then (often "not transitive") follows in the line; said
            // here too, it read twice in one sentence (gen-5353-0003).
            format!("Without it, {} goes by the system routes.", r.prefix),
        ));
    }
    let (Some(src), Some(dst)) = (t.vm(from), t.vm(to)) else {
        return out;
    };
    let Some(table) = t
        .vnet(&src.vnet)
        .and_then(|v| v.subnet(&src.subnet))
        .and_then(|s| s.route_table.clone())
    else {
        return out;
    };
    let Some(dst_space) = t.vnet(&dst.vnet).map(|v| v.address_space[0]) else {
        return out;
    };
    let Some(rt) = t.route_table(&table) else {
        return out;
    };
    // Only toward another spoke: a route sending the hub's own range to the hub's appliance is
    // a throwaway.
    if rt.routes.iter().any(|r| r.prefix == dst_space)
        || src.vnet == dst.vnet
        || d.sc.hubs.contains(&dst.vnet)
    {
        return out;
    }
    let short = dst
        .vnet
        .trim_start_matches("spoke-")
        .trim_start_matches("vnet-");
    let name = format!("to-{short}");
    if rt.routes.iter().any(|r| r.name == name) {
        return out;
    }
    if let Some((_, appliance, ip)) = &d.sc.appliance {
        out.push((
            format!("Add a route to {table} that sends {dst_space} to {appliance} ({ip})"),
            vec![Edit::AddRoute {
                table: table.clone(),
                route: Route {
                    name,
                    prefix: dst_space,
                    next_hop: UdrNextHop::VirtualAppliance,
                    next_hop_ip: Some(*ip),
                    pos: Pos::default(),
                },
            }],
            format!(
                "The route only changes where {} subnets send {dst_space}.",
                stem::possessive(&table)
            ),
        ));
    } else if d.sc.has_gateway() {
        out.push((
            format!("Add a route to {table} that sends {dst_space} to the virtual network gateway"),
            vec![Edit::AddRoute {
                table: table.clone(),
                route: Route {
                    name,
                    prefix: dst_space,
                    next_hop: UdrNextHop::VirtualNetworkGateway,
                    next_hop_ip: None,
                    pos: Pos::default(),
                },
            }],
            format!(
                "The route only changes where {} subnets send {dst_space}.",
                stem::possessive(&table)
            ),
        ));
    }
    out
}

/// A deny on the way moved to the end of the custom range (4000): the admin's belief that a
/// deny "at the bottom" loses to Azure's own allow. It does not: the default rules come after
/// every custom rule (AllowVnetInBound is 65000), so the deny still decides unless a custom
/// allow for the port sits above it (then the move repairs the flow and the proof drops it).
fn deny_moved(d: &Draft) -> Option<Candidate> {
    let t = &d.sc.topology;
    let (_, to, _) = &d.faults[0].flow;
    let dst = t.vm(to)?;
    let nsgs = [subnet_nsg(t, to), dst.nsg.clone()];
    let (nsg, rule) = nsgs.iter().flatten().find_map(|n| {
        let nsg = t.nsg(n)?;
        let rule = nsg
            .rules
            .iter()
            .find(|r| r.access == Access::Deny && r.direction == Direction::Inbound)?;
        Some((n.clone(), rule.clone()))
    })?;
    const LAST: u16 = 4000;
    if t.nsg(&nsg)?
        .rules
        .iter()
        .any(|r| r.priority == LAST && r.direction == Direction::Inbound)
    {
        return None;
    }
    let mut moved = rule.clone();
    moved.priority = LAST;
    Some((
        format!(
            "Change the priority of rule {} in {nsg} from {} to {LAST}",
            rule.name, rule.priority
        ),
        vec![
            Edit::RemoveNsgRule {
                nsg: nsg.clone(),
                rule: rule.name.clone(),
            },
            Edit::AddNsgRule {
                nsg: nsg.clone(),
                rule: moved,
            },
        ],
        format!(
            "A custom rule at {LAST} is still read before the default rule AllowVnetInBound (65000)."
        ),
    ))
}
