//! The fault catalogue: every trap of RULES.md, injected into a working design. Each fault
//! knows a flow it breaks and, where one exists, the single change that repairs it.

use super::dice::Dice;
use super::scenario::{ApplianceKind, Scenario};
use crate::bank::Topic;
use crate::model::*;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    OneSided,
    Disconnected,
    TransitHubOff,
    TransitSpokeOff,
    SpokeOwnGateway,
    ForwardedOff,
    OneWayUdr,
    MissingUdr,
    UdrLessSpecific,
    UdrNone,
    NsgDenySubnet,
    NsgDenyNic,
    AccessOff,
    IpForwardingOff,
    Overlap,
    DnsNotLinked,
    RoutesNotPropagated,
    StaticSiteMissingPrefix,
    FirewallRuleMissing,
    /// RULES.md §4 (the gateway as a router); made by `fidelity`, like the two below.
    GatewayRouterOneWay,
    /// RULES.md §10.
    AsgNotMember,
    /// RULES.md §14.
    PeeringNotSynced,
    /// RULES.md §15 (a creation fault, like `Overlap`).
    PermissionMissing,
}

impl FaultKind {
    pub const ALL: [FaultKind; 23] = [
        FaultKind::OneSided,
        FaultKind::Disconnected,
        FaultKind::TransitHubOff,
        FaultKind::TransitSpokeOff,
        FaultKind::SpokeOwnGateway,
        FaultKind::ForwardedOff,
        FaultKind::OneWayUdr,
        FaultKind::MissingUdr,
        FaultKind::UdrLessSpecific,
        FaultKind::UdrNone,
        FaultKind::NsgDenySubnet,
        FaultKind::NsgDenyNic,
        FaultKind::AccessOff,
        FaultKind::IpForwardingOff,
        FaultKind::Overlap,
        FaultKind::DnsNotLinked,
        FaultKind::RoutesNotPropagated,
        FaultKind::StaticSiteMissingPrefix,
        FaultKind::FirewallRuleMissing,
        FaultKind::GatewayRouterOneWay,
        FaultKind::AsgNotMember,
        FaultKind::PeeringNotSynced,
        FaultKind::PermissionMissing,
    ];

    pub fn topic(self) -> Topic {
        use FaultKind::*;
        match self {
            OneSided | Disconnected => Topic::PeeringState,
            PermissionMissing => Topic::PeeringBasics,
            TransitHubOff | TransitSpokeOff | SpokeOwnGateway => Topic::GatewayTransit,
            ForwardedOff | IpForwardingOff | FirewallRuleMissing => Topic::ForwardedTraffic,
            OneWayUdr
            | UdrLessSpecific
            | UdrNone
            | RoutesNotPropagated
            | StaticSiteMissingPrefix
            | GatewayRouterOneWay => Topic::Routing,
            MissingUdr => Topic::Transitivity,
            NsgDenySubnet | NsgDenyNic | AccessOff | AsgNotMember => Topic::Nsg,
            Overlap | PeeringNotSynced => Topic::AddressSpace,
            DnsNotLinked => Topic::Dns,
        }
    }
}

/// An injected fault.
#[derive(Debug, Clone)]
pub struct Fault {
    pub kind: FaultKind,
    /// A change that repairs it, and how a learner would say it; empty when the repair is not
    /// a change the model can express (re-addressing a VNet).
    pub fix: Vec<Edit>,
    pub fix_text: String,
    /// A flow the fault breaks (or, for `UdrLessSpecific`, a flow whose path it changes).
    pub flow: (String, String, u16),
    /// A peering request Azure refuses because of the fault (for a creation item).
    pub refused: Option<Peering>,
}

fn peering_mut<'a>(t: &'a mut Topology, vnet: &str, remote: &str) -> Option<&'a mut Peering> {
    t.peerings
        .iter_mut()
        .find(|p| p.vnet == vnet && p.remote == remote)
}

fn space(t: &Topology, vnet: &str) -> Option<Ipv4Net> {
    t.vnet(vnet).map(|v| v.address_space[0])
}

/// Two distinct workload indexes.
fn two(d: &mut Dice, sc: &Scenario) -> Option<(usize, usize)> {
    if sc.spokes.len() < 2 {
        return None;
    }
    let v = d.distinct(sc.spokes.len(), 2);
    Some((v[0], v[1]))
}

/// A directly peered pair of (VNet, VM) ends: a spoke and its hub, or two neighbours.
fn peered_ends(d: &mut Dice, sc: &Scenario) -> Option<((String, String), (String, String))> {
    let k = d.below(sc.spokes.len());
    let here = (sc.spokes[k].clone(), sc.vms[k].clone());
    if let Some(h) = hub_of(sc, k) {
        return Some((here, (sc.hubs[h].clone(), sc.hub_vms[h].clone())));
    }
    // A pair or a chain: the next VNet along (or the previous one at the end).
    let j = if k + 1 < sc.spokes.len() {
        k + 1
    } else {
        k.checked_sub(1)?
    };
    Some((here, (sc.spokes[j].clone(), sc.vms[j].clone())))
}

fn hub_of(sc: &Scenario, k: usize) -> Option<usize> {
    match sc.hubs.len() {
        0 => None,
        1 => Some(0),
        _ => Some(if k < 2 { 0 } else { 1 }),
    }
}

/// Moves an access-off fault to the other side of its peering: the destination's side,
/// P(B→A), off and the source's on. Access is a flag of each side, and with the default NSG
/// rules either side off blocks the pair both ways (RULES.md §3), so a configure item can ask
/// for either; the generator put it on the source's side only, and the second reader found
/// the same configure item in seeds 4242, 5353 and 6464. Only where the destination's subnet
/// has an NSG as well (the disputed case of access off with no NSG on the path, RULES.md §8).
/// `false`, with nothing changed, where the move does not apply.
pub fn access_off_on_remote_side(sc: &mut Scenario, f: &mut Fault) -> bool {
    let t = &mut sc.topology;
    let Some(dst) = t.vm(&f.flow.1).cloned() else {
        return false;
    };
    let Some(src) = t.vm(&f.flow.0).map(|v| v.vnet.clone()) else {
        return false;
    };
    let guarded = t.vnet(&dst.vnet).is_some_and(|v| {
        v.subnets
            .iter()
            .any(|s| s.name == dst.subnet && s.nsg.is_some())
    });
    let off = t
        .peerings
        .iter()
        .position(|p| p.vnet == src && p.remote == dst.vnet && !p.allow_virtual_network_access);
    let back = t
        .peerings
        .iter()
        .position(|p| p.vnet == dst.vnet && p.remote == src && p.allow_virtual_network_access);
    let (Some(off), Some(back), true, FaultKind::AccessOff) = (off, back, guarded, f.kind) else {
        return false;
    };
    t.peerings[off].allow_virtual_network_access = true;
    t.peerings[back].allow_virtual_network_access = false;
    let name = t.peerings[back].name.clone();
    f.fix = vec![Edit::SetPeering {
        peering: name.clone(),
        flags: PeeringFlags {
            allow_virtual_network_access: Some(true),
            ..Default::default()
        },
    }];
    f.fix_text = format!("Allow access to the remote VNet on {name}");
    true
}

/// Injects a fault of `kind`, or returns `None` when the scenario has nothing it applies to.
pub fn inject(d: &mut Dice, sc: &mut Scenario, kind: FaultKind) -> Option<Fault> {
    use FaultKind::*;
    let gateway = sc.has_gateway();
    let appliance = sc.appliance.clone();
    let t = &mut sc.topology;
    match kind {
        GatewayRouterOneWay | AsgNotMember | PeeringNotSynced | PermissionMissing => {
            super::fidelity::inject(d, sc, kind)
        }
        OneSided | Disconnected => {
            let ((a, avm), (b, bvm)) = peered_ends(d, sc)?;
            let t = &mut sc.topology;
            let gone = t
                .peerings
                .iter()
                .position(|p| p.vnet == b && p.remote == a)?;
            let removed = t.peerings.remove(gone);
            let keep = t
                .peerings
                .iter()
                .position(|p| p.vnet == a && p.remote == b)?;
            if kind == OneSided {
                return Some(Fault {
                    kind,
                    fix: vec![Edit::AddPeering(removed.clone())],
                    fix_text: format!("Create the peering from {b} to {a}"),
                    flow: (avm, bvm, 443),
                    refused: None,
                });
            }
            t.peerings[keep].remote_deleted = true;
            let kept = t.peerings[keep].clone();
            let mut fresh = kept.clone();
            fresh.remote_deleted = false;
            Some(Fault {
                kind,
                fix: vec![
                    Edit::RemovePeering(kept.name.clone()),
                    Edit::AddPeering(fresh),
                    Edit::AddPeering(removed),
                ],
                fix_text: format!(
                    "Delete the peering on {a}, then create the peering on both {a} and {b}"
                ),
                flow: (avm, bvm, 443),
                refused: None,
            })
        }
        TransitHubOff
        | TransitSpokeOff
        | RoutesNotPropagated
        | StaticSiteMissingPrefix
        | SpokeOwnGateway => {
            if !gateway {
                return None;
            }
            let k = d.below(sc.spokes.len());
            let (s, vm) = (sc.spokes[k].clone(), sc.vms[k].clone());
            let host = sc.hosts.first()?.clone();
            let t = &mut sc.topology;
            let (fix, fix_text) = match kind {
                // RULES.md §1, §3: while the hub side does not allow gateway transit, Azure
                // refuses the spoke side's use_remote_gateways (use-remote-gateways-without-
                // transit), so the state that exists is transit set up on neither side; the
                // repair sets both, the hub's first.
                TransitHubOff => {
                    let p = peering_mut(t, "hub-vnet", &s)?;
                    p.allow_gateway_transit = false;
                    // See TransitSpokeOff: the hub side allows forwarded traffic.
                    p.allow_forwarded_traffic = true;
                    let hub_side = p.name.clone();
                    let p = peering_mut(t, &s, "hub-vnet")?;
                    p.use_remote_gateways = false;
                    let spoke_side = p.name.clone();
                    (
                        vec![
                            Edit::SetPeering {
                                peering: hub_side.clone(),
                                flags: PeeringFlags {
                                    allow_gateway_transit: Some(true),
                                    ..Default::default()
                                },
                            },
                            Edit::SetPeering {
                                peering: spoke_side.clone(),
                                flags: PeeringFlags {
                                    use_remote_gateways: Some(true),
                                    ..Default::default()
                                },
                            },
                        ],
                        format!(
                            "Allow gateway transit on {hub_side}, then use the remote gateway on {spoke_side}"
                        ),
                    )
                }
                TransitSpokeOff => {
                    // The hub side allows forwarded traffic, so whether the gateway's packets
                    // into the spoke are checked on it (RULES.md §8, the reading
                    // `gateway_forwarded_on_gateway_vnet`) cannot decide the item.
                    peering_mut(t, "hub-vnet", &s)?.allow_forwarded_traffic = true;
                    let p = peering_mut(t, &s, "hub-vnet")?;
                    p.use_remote_gateways = false;
                    let name = p.name.clone();
                    (
                        vec![Edit::SetPeering {
                            peering: name.clone(),
                            flags: PeeringFlags {
                                use_remote_gateways: Some(true),
                                ..Default::default()
                            },
                        }],
                        format!("Use the remote gateway on {name}"),
                    )
                }
                RoutesNotPropagated => {
                    let rt = match t.vnet(&s)?.subnets[0].route_table.clone() {
                        Some(rt) => rt,
                        None => {
                            let name = format!("rt-{}", s.trim_start_matches("spoke-"));
                            t.route_tables.push(RouteTable {
                                name: name.clone(),
                                propagate_gateway_routes: true,
                                routes: Vec::new(),
                                pos: Pos::default(),
                            });
                            t.vnets.iter_mut().find(|v| v.name == s)?.subnets[0].route_table =
                                Some(name.clone());
                            name
                        }
                    };
                    t.route_tables
                        .iter_mut()
                        .find(|r| r.name == rt)?
                        .propagate_gateway_routes = false;
                    (
                        vec![Edit::SetRouteTable {
                            table: rt.clone(),
                            propagate_gateway_routes: Some(true),
                        }],
                        format!("Turn gateway route propagation back on in {rt}"),
                    )
                }
                StaticSiteMissingPrefix => {
                    let prefix = space(t, &s)?;
                    // ExpressRoute always uses BGP: no static site to get wrong.
                    if t.vnets.iter().any(|v| {
                        v.gateway
                            .as_ref()
                            .is_some_and(|g| g.kind == GatewayKind::ExpressRoute)
                    }) {
                        return None;
                    }
                    t.sites.first_mut()?.bgp = false;
                    let all: Vec<Ipv4Net> = t
                        .vnets
                        .iter()
                        .flat_map(|v| v.address_space.clone())
                        .filter(|p| *p != prefix)
                        .collect();
                    let site = t.sites.first_mut()?;
                    site.static_routes = all;
                    let name = site.name.clone();
                    (
                        vec![Edit::SetSite {
                            site: name.clone(),
                            bgp: None,
                            add_static_route: Some(prefix),
                        }],
                        format!("Add {prefix} to the static routes of {name}"),
                    )
                }
                _ => {
                    // SpokeOwnGateway: the spoke gets a gateway of its own, so Azure refuses its
                    // use_remote_gateways peering.
                    let v = t.vnets.iter_mut().find(|v| v.name == s)?;
                    let o = v.address_space[0].network().octets()[1];
                    v.subnets.push(Subnet {
                        name: GATEWAY_SUBNET.to_string(),
                        prefix: Ipv4Net::new(Ipv4Addr::new(10, o, 255, 0), 27).ok()?,
                        route_table: None,
                        nsg: None,
                        pos: Pos::default(),
                        ..Default::default()
                    });
                    v.gateway = Some(Gateway {
                        kind: GatewayKind::Vpn,
                        sku: "VpnGw1".to_string(),
                        sites: Vec::new(),
                        pos: Pos::default(),
                        ..Default::default()
                    });
                    (
                        vec![Edit::RemoveGateway { vnet: s.clone() }],
                        format!("Delete the VPN gateway of {s}"),
                    )
                }
            };
            Some(Fault {
                kind,
                fix,
                fix_text,
                flow: (vm, host, 443),
                refused: None,
            })
        }
        ForwardedOff | OneWayUdr | MissingUdr | UdrLessSpecific | IpForwardingOff
        | FirewallRuleMissing => {
            let (akind, aname, aip) = appliance?;
            let (i, j) = two(d, sc)?;
            let (a, b) = (sc.spokes[i].clone(), sc.spokes[j].clone());
            let (avm, bvm, port) = (sc.vms[i].clone(), sc.vms[j].clone(), sc.ports[j]);
            let t = &mut sc.topology;
            let rt_of =
                |t: &Topology, v: &str| t.vnet(v).and_then(|v| v.subnets[0].route_table.clone());
            let (ra, rb) = (rt_of(t, &a)?, rt_of(t, &b)?);
            let (pa, pb) = (space(t, &a)?, space(t, &b)?);
            let route = |name: String, prefix: Ipv4Net| Route {
                name,
                prefix,
                next_hop: UdrNextHop::VirtualAppliance,
                next_hop_ip: Some(aip),
                pos: Pos::default(),
            };
            let (fix, fix_text) = match kind {
                ForwardedOff => {
                    let mut fix = Vec::new();
                    for p in t.peerings.iter_mut() {
                        p.allow_forwarded_traffic = false;
                        fix.push(Edit::SetPeering {
                            peering: p.name.clone(),
                            flags: PeeringFlags {
                                allow_forwarded_traffic: Some(true),
                                ..Default::default()
                            },
                        });
                    }
                    (
                        fix,
                        "Allow forwarded traffic on the peerings between the hub and the spokes"
                            .to_string(),
                    )
                }
                OneWayUdr | MissingUdr => {
                    let (table, prefix) = if kind == OneWayUdr {
                        (rb.clone(), pa)
                    } else {
                        (ra.clone(), pb)
                    };
                    let rt = t.route_tables.iter_mut().find(|r| r.name == table)?;
                    let at = rt.routes.iter().position(|r| r.prefix == prefix)?;
                    let removed = rt.routes.remove(at);
                    (
                        vec![Edit::AddRoute {
                            table: table.clone(),
                            route: removed,
                        }],
                        // No "(toward spoke-x)": distractors name a range without its VNet,
                        // and the key alone naming one made it the longest option.
                        format!("Add a route for {prefix} to {aip} in {table}"),
                    )
                }
                UdrLessSpecific => {
                    // The spokes are also peered directly, and each sends all of 10.0.0.0/8 to
                    // the appliance: the peering's /16 is more specific and wins.
                    let pa_rt = t.route_tables.iter_mut().find(|r| r.name == ra)?;
                    pa_rt.routes.retain(|r| r.prefix != pb);
                    pa_rt.routes.push(route(
                        "all-private".into(),
                        Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).ok()?,
                    ));
                    let pb_rt = t.route_tables.iter_mut().find(|r| r.name == rb)?;
                    pb_rt.routes.retain(|r| r.prefix != pa);
                    pb_rt.routes.push(route(
                        "all-private".into(),
                        Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).ok()?,
                    ));
                    let mut p1 = Peering::new(&a, &b);
                    let mut p2 = Peering::new(&b, &a);
                    p1.allow_forwarded_traffic = true;
                    p2.allow_forwarded_traffic = true;
                    t.peerings.push(p1);
                    t.peerings.push(p2);
                    (Vec::new(), String::new())
                }
                IpForwardingOff => {
                    if akind != ApplianceKind::Nva {
                        return None;
                    }
                    let v = t.vms.iter_mut().find(|v| v.name == aname)?;
                    v.ip_forwarding = false;
                    (
                        vec![Edit::SetVm {
                            vm: aname.clone(),
                            ip_forwarding: Some(true),
                            forwards: None,
                            dns_server: None,
                            nsg: None,
                        }],
                        format!("Enable IP forwarding on the NIC of {aname}"),
                    )
                }
                _ => {
                    if akind != ApplianceKind::Firewall {
                        return None;
                    }
                    let f = t.firewalls.iter_mut().find(|f| f.name == aname)?;
                    let rule = f.rules.pop()?;
                    (
                        vec![Edit::AddFirewallRule {
                            firewall: aname.clone(),
                            rule,
                            first: true,
                        }],
                        format!("Add a rule to {aname} allowing traffic between the spokes"),
                    )
                }
            };
            Some(Fault {
                kind,
                fix,
                fix_text,
                flow: (avm, bvm, port),
                refused: None,
            })
        }
        UdrNone => {
            let ((a, avm), (b, bvm)) = peered_ends(d, sc)?;
            let t = &mut sc.topology;
            let pb = space(t, &b)?;
            let table = match t.vnet(&a)?.subnets[0].route_table.clone() {
                Some(rt) => rt,
                None => {
                    let name = format!(
                        "rt-{}",
                        a.trim_start_matches("spoke-").trim_start_matches("vnet-")
                    );
                    t.route_tables.push(RouteTable {
                        name: name.clone(),
                        propagate_gateway_routes: true,
                        routes: Vec::new(),
                        pos: Pos::default(),
                    });
                    t.vnets.iter_mut().find(|v| v.name == a)?.subnets[0].route_table =
                        Some(name.clone());
                    name
                }
            };
            // Named as an administrator names a route (for the range it covers), never for the
            // fault: a route called "block" gives the key away, and one named after the VNet it
            // drops ("to-api", "files-legacy") points at it among the table's routes (a fourth
            // reader; tests/option_cues.rs).
            let o = pb.network().octets()[1];
            let name = match d.below(4) {
                0 => format!("net-10-{o}"),
                1 => format!("route-10-{o}"),
                2 => "udr-default".to_string(),
                _ => format!("10-{o}-0-0-16"),
            };
            let rt = t.route_tables.iter_mut().find(|r| r.name == table)?;
            if rt.routes.iter().any(|r| r.prefix == pb || r.name == name) {
                return None;
            }
            rt.routes.push(Route {
                name: name.clone(),
                prefix: pb,
                next_hop: UdrNextHop::None,
                next_hop_ip: None,
                pos: Pos::default(),
            });
            Some(Fault {
                kind,
                fix: vec![Edit::RemoveRoute {
                    table: table.clone(),
                    route: name.clone(),
                }],
                fix_text: format!("Delete the route {name} from {table}"),
                flow: (avm, bvm, 443),
                refused: None,
            })
        }
        NsgDenySubnet | NsgDenyNic => {
            let ((a, avm), (_, bvm)) = peered_ends(d, sc)?;
            let t = &mut sc.topology;
            let pa = space(t, &a)?;
            let target = t.vm(&bvm)?.clone();
            // A name an administrator gives a deny (the range, or what the rule is for), and a
            // priority of a few: a candidate must read the numbers, not learn one. Not the name
            // of the VNet it shuts out: "batch-inbound" in front of vm-batch-01's flow answers
            // the question before the learner reads the source range (a fourth reader).
            let o = pa.network().octets()[1];
            let rule_name = match d.below(3) {
                0 => format!("deny-10-{o}"),
                1 => "restrict-inbound".to_string(),
                _ => "deny-tcp-in".to_string(),
            };
            let deny_at: u16 = *d.pick(&[100, 110, 120, 130, 140]);
            // TCP 443, not the destination's own port: with its port, the NSG's allow rule for
            // it sits above a deny moved to 4000, so that distractor repaired the flow and most
            // fix items on a subnet deny found too few wrong changes (10 of 450 fix items -> 0).
            let port = 443;
            let rule = NsgRule {
                name: rule_name.clone(),
                priority: deny_at,
                direction: Direction::Inbound,
                access: Access::Deny,
                protocol: Protocol::Tcp,
                source: AddressMatch::Prefix(pa),
                destination: AddressMatch::Any,
                destination_ports: PortSet::Any,
                pos: Pos::default(),
            };
            let nsg = if kind == NsgDenySubnet {
                let v = t.vnets.iter().find(|v| v.name == target.vnet)?;
                v.subnets
                    .iter()
                    .find(|s| s.name == target.subnet)?
                    .nsg
                    .clone()?
            } else {
                let name = format!("nsg-{}", bvm);
                t.nsgs.push(Nsg {
                    name: name.clone(),
                    rules: Vec::new(),
                    pos: Pos::default(),
                });
                t.vms.iter_mut().find(|v| v.name == bvm)?.nsg = Some(name.clone());
                name
            };
            let n = t.nsgs.iter_mut().find(|n| n.name == nsg)?;
            if n.rules.iter().any(|r| r.name == rule_name) {
                return None;
            }
            n.rules.push(rule);
            // The repair is either deleting the deny or, where the deny sits above 100, an
            // allow for the one port the flow needs with a lower number (the deny still shuts
            // out the rest of the range, as its owner meant). Either is an NSG rule change.
            let (fix, fix_text) = if deny_at > 100 && d.chance(50) {
                let at = deny_at - 10;
                let allow = NsgRule {
                    name: format!("allow-{o}-{port}"),
                    priority: at,
                    direction: Direction::Inbound,
                    access: Access::Allow,
                    protocol: Protocol::Tcp,
                    source: AddressMatch::Prefix(pa),
                    destination: AddressMatch::Any,
                    destination_ports: PortSet::Ranges(vec![(port, port)]),
                    pos: Pos::default(),
                };
                (
                    vec![Edit::AddNsgRule {
                        nsg: nsg.clone(),
                        rule: allow,
                    }],
                    format!(
                        "Add an inbound rule to {nsg} with priority {at} that allows TCP {port} from {pa}"
                    ),
                )
            } else {
                (
                    vec![Edit::RemoveNsgRule {
                        nsg: nsg.clone(),
                        rule: rule_name.clone(),
                    }],
                    format!("Delete rule {rule_name} from {nsg}"),
                )
            };
            Some(Fault {
                kind,
                fix,
                fix_text,
                flow: (avm, bvm, port),
                refused: None,
            })
        }
        AccessOff => {
            // Only where the source's subnet has an NSG, so the verdict never depends on the
            // disputed case of access off with no NSG on the path (RULES.md §8).
            let ((a, avm), (b, bvm)) = peered_ends(d, sc)?;
            let t = &mut sc.topology;
            let src = t.vm(&avm)?.clone();
            let has_nsg = t
                .vnet(&src.vnet)?
                .subnets
                .iter()
                .any(|s| s.name == src.subnet && s.nsg.is_some());
            if !has_nsg {
                return None;
            }
            let p = peering_mut(t, &a, &b)?;
            p.allow_virtual_network_access = false;
            let name = p.name.clone();
            Some(Fault {
                kind,
                fix: vec![Edit::SetPeering {
                    peering: name.clone(),
                    flags: PeeringFlags {
                        allow_virtual_network_access: Some(true),
                        ..Default::default()
                    },
                }],
                fix_text: format!("Allow access to the remote VNet on {name}"),
                flow: (avm, bvm, 443),
                refused: None,
            })
        }
        Overlap => {
            // The VNet at one end takes the address space of its peer, re-addressed throughout
            // so the file stays valid. Azure would never have let the two be peered, so both
            // sides go, and so does everything that still points at the old range (the other
            // spokes' routes to it, a static site's route back, its own routes through the
            // hub it is no longer peered with): the network is one Azure could hold, and the
            // item asks about re-creating the peering.
            let ((a, avm), (b, bvm)) = peered_ends(d, sc)?;
            let t = &mut sc.topology;
            let old_net = space(t, &a)?;
            let taken = space(t, &b)?.network().octets()[1];
            let old = old_net.network().octets()[1];
            let swap = |ip: Ipv4Addr| {
                let o = ip.octets();
                if o[0] == 10 && o[1] == old {
                    Ipv4Addr::new(10, taken, o[2], o[3].saturating_add(1))
                } else {
                    ip
                }
            };
            let swap_net = |n: Ipv4Net| {
                let o = n.network().octets();
                if o[0] == 10 && o[1] == old {
                    Ipv4Net::new(Ipv4Addr::new(10, taken, o[2], o[3]), n.prefix_len()).unwrap_or(n)
                } else {
                    n
                }
            };
            let v = t.vnets.iter_mut().find(|v| v.name == a)?;
            v.address_space = v.address_space.iter().map(|n| swap_net(*n)).collect();
            let own_tables: Vec<String> = v
                .subnets
                .iter()
                .filter_map(|s| s.route_table.clone())
                .collect();
            for s in &mut v.subnets {
                s.prefix = swap_net(s.prefix);
            }
            for m in t.vms.iter_mut().filter(|m| m.vnet == a) {
                m.ip = swap(m.ip);
            }
            for z in &mut t.dns_zones {
                for ip in z.records.values_mut() {
                    *ip = swap(*ip);
                }
            }
            t.peerings
                .retain(|p| !((p.vnet == a && p.remote == b) || (p.vnet == b && p.remote == a)));
            for rt in &mut t.route_tables {
                if own_tables.contains(&rt.name) {
                    rt.routes
                        .retain(|r| r.next_hop != UdrNextHop::VirtualAppliance);
                }
                rt.routes.retain(|r| !old_net.contains(&r.prefix.network()));
            }
            for site in &mut t.sites {
                site.static_routes
                    .retain(|n| !old_net.contains(&n.network()));
            }
            Some(Fault {
                kind,
                fix: Vec::new(),
                fix_text: String::new(),
                flow: (avm, bvm, 443),
                refused: Some(Peering::new(&a, &b)),
            })
        }
        DnsNotLinked => {
            let zone = sc.zone.clone()?;
            let z = t.dns_zones.iter().find(|z| z.name == zone)?.clone();
            let (record, ip) = z.records.iter().next().map(|(k, v)| (k.clone(), *v))?;
            let target = sc
                .vms
                .iter()
                .position(|v| t.vm(v).is_some_and(|m| m.ip == ip))?;
            // The name must be the only thing in the way (ITEMS.md, one defensible key): a
            // source whose packets would not reach the record's address even once the name
            // resolved (two spokes of a hub, no peering between them, RULES.md §4) makes "not
            // transitive" true too, and linking the zone alone would fix nothing. So the
            // source is a workload or hub VM that reaches the address today, before the link
            // is removed: a neighbour in a pair or chain, a spoke routed through the hub's
            // appliance, or the hub itself.
            let ip_text = ip.to_string();
            let port = sc.ports[target];
            let reaches = |vm: &str| {
                super::questions::stable_trace(t, &super::questions::spec(vm, &ip_text, port))
                    .is_some_and(|tr| tr.verdict == crate::eval::Verdict::Reachable)
            };
            let spokes = (0..sc.vms.len())
                .filter(|&k| k != target)
                .map(|k| (sc.vms[k].clone(), sc.spokes[k].clone()));
            let hubs = sc.hub_vms.iter().cloned().zip(sc.hubs.iter().cloned());
            let (src_vm, src_vnet) = spokes.chain(hubs).find(|(vm, _)| reaches(vm))?;
            let zm = t.dns_zones.iter_mut().find(|z| z.name == zone)?;
            zm.links.retain(|l| *l != src_vnet);
            Some(Fault {
                kind,
                fix: vec![Edit::AddZoneLink {
                    zone: zone.clone(),
                    vnet: src_vnet.clone(),
                }],
                fix_text: format!("Link the private zone {zone} to {src_vnet}"),
                flow: (src_vm, format!("{record}.{zone}"), port),
                refused: None,
            })
        }
    }
}
