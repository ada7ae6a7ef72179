//! Faults for the rules issue 11 added to the model: the hub VPN gateway as a router between
//! spokes (RULES.md §4), application security groups (§10) and peering sync after an address
//! space change (§14). They live apart from `faults` (which holds the chapter's traps) so each
//! file stays small; `faults::inject` hands these kinds here. Like every fault, each one breaks a
//! working design on one flow and knows the single change that repairs it; the templates then
//! prove both with the evaluator (the flow fails, the fix makes it pass, every distractor does
//! not), as for the rest of the catalogue.

use super::dice::Dice;
use super::faults::{Fault, FaultKind};
use super::questions::Draft;
use super::scenario::Scenario;
use crate::model::*;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Injects a fault of one of the kinds this module owns, or `None` when the scenario has
/// nothing it applies to.
pub fn inject(d: &mut Dice, sc: &mut Scenario, kind: FaultKind) -> Option<Fault> {
    match kind {
        FaultKind::GatewayRouterOneWay => gateway_router_one_way(d, sc),
        FaultKind::AsgNotMember => asg_not_member(d, sc),
        FaultKind::PeeringNotSynced => peering_not_synced(d, sc),
        FaultKind::PermissionMissing => permission_missing(d, sc),
        _ => None,
    }
}

/// The route table of a VNet's first subnet, created (empty, named after the VNet) when the
/// subnet has none.
fn table_of(t: &mut Topology, vnet: &str) -> Option<String> {
    if let Some(rt) = t.vnet(vnet)?.subnets.first()?.route_table.clone() {
        return Some(rt);
    }
    let name = format!(
        "rt-{}",
        vnet.trim_start_matches("spoke-")
            .trim_start_matches("vnet-")
    );
    if t.route_table(&name).is_some() {
        return None;
    }
    t.route_tables.push(RouteTable {
        name: name.clone(),
        propagate_gateway_routes: true,
        routes: Vec::new(),
        pos: Pos::default(),
    });
    t.vnets.iter_mut().find(|v| v.name == vnet)?.subnets[0].route_table = Some(name.clone());
    Some(name)
}

fn to_gateway(name: String, prefix: Ipv4Net) -> Route {
    Route {
        name,
        prefix,
        next_hop: UdrNextHop::VirtualNetworkGateway,
        next_hop_ip: None,
        pos: Pos::default(),
    }
}

/// RULES.md §4, spoke to spoke through the hub VPN gateway: both spokes use the hub's gateway
/// through transit, the first spoke sends the second's range to the gateway, and the second
/// lacks the mirror route, so the reply has no route (`no-return-route`). The fix adds it.
/// Only where the hub holds a VPN gateway and no appliance (whose routes would decide the path).
fn gateway_router_one_way(d: &mut Dice, sc: &mut Scenario) -> Option<Fault> {
    if sc.appliance.is_some() || sc.spokes.len() < 2 {
        return None;
    }
    let hub = sc.hub()?.to_string();
    let t = &mut sc.topology;
    if t.vnet(&hub)?.gateway.as_ref()?.kind != GatewayKind::Vpn {
        return None;
    }
    let v = d.distinct(sc.spokes.len(), 2);
    let (i, j) = (v[0], v[1]);
    let (a, b) = (sc.spokes[i].clone(), sc.spokes[j].clone());
    // Both spokes hold the transit pair (a spoke without it is RULES.md §8's open point).
    let pair = |t: &Topology, s: &str| {
        let up = t
            .peerings
            .iter()
            .any(|p| p.vnet == *s && p.remote == hub && p.use_remote_gateways && !p.remote_deleted);
        let down = t
            .peerings
            .iter()
            .any(|p| p.vnet == hub && p.remote == *s && p.allow_gateway_transit);
        up && down
    };
    if !pair(t, &a) || !pair(t, &b) {
        return None;
    }
    let pa = t.vnet(&a)?.address_space[0];
    let pb = t.vnet(&b)?.address_space[0];
    let (ra, rb) = (table_of(t, &a)?, table_of(t, &b)?);
    let short = |s: &str| s.trim_start_matches("spoke-").to_string();
    let rt = t.route_tables.iter_mut().find(|r| r.name == ra)?;
    if rt.routes.iter().any(|r| r.prefix == pb) {
        return None;
    }
    rt.routes.push(to_gateway(format!("to-{}", short(&b)), pb));
    let mirror = to_gateway(format!("to-{}", short(&a)), pa);
    if t.route_table(&rb)?
        .routes
        .iter()
        .any(|r| r.prefix == pa || r.name == mirror.name)
    {
        return None;
    }
    Some(Fault {
        kind: FaultKind::GatewayRouterOneWay,
        fix: vec![Edit::AddRoute {
            table: rb.clone(),
            route: mirror,
        }],
        fix_text: format!("Add a route for {pa} with next hop Virtual network gateway to {rb}"),
        flow: (sc.vms[i].clone(), sc.vms[j].clone(), sc.ports[j]),
        refused: None,
    })
}

/// The single port an allow rule of `nsg` opens inbound, if it has exactly one such rule.
fn allowed_port(t: &Topology, nsg: &str) -> Option<u16> {
    let mut ports = t
        .nsg(nsg)?
        .rules
        .iter()
        .filter_map(|r| match &r.destination_ports {
            PortSet::Ranges(v)
                if r.access == Access::Allow
                    && r.direction == Direction::Inbound
                    && v.len() == 1
                    && v[0].0 == v[0].1 =>
            {
                Some(v[0].0)
            }
            _ => None,
        });
    match (ports.next(), ports.next()) {
        (Some(p), None) => Some(p),
        _ => None,
    }
}

/// RULES.md §10: the destination subnet's NSG opens the workload's port only from the source
/// VNet's range to the members of an ASG of the destination's VNet, then denies the port; the
/// destination VM's NIC is not a member (redeployed, never added), so the allow does not match
/// and the deny drops the flow (`nsg-deny`). The fix adds the NIC to the ASG.
fn asg_not_member(d: &mut Dice, sc: &mut Scenario) -> Option<Fault> {
    let k = d.below(sc.spokes.len());
    let a = sc.spokes[k].clone();
    let avm = sc.vms[k].clone();
    // The destination: the hub's VM, or the next workload along; never in the source's VNet.
    let (b, bvm) = if let Some(h) = sc.hub() {
        (h.to_string(), sc.hub_vms.first()?.clone())
    } else {
        let j = if k + 1 < sc.spokes.len() {
            k + 1
        } else {
            k.checked_sub(1)?
        };
        (sc.spokes[j].clone(), sc.vms[j].clone())
    };
    let t = &mut sc.topology;
    let target = t.vm(&bvm)?.clone();
    let nsg = t.vnet(&b)?.subnet(&target.subnet)?.nsg.clone()?;
    let port = allowed_port(t, &nsg)?;
    let pa = t.vnet(&a)?.address_space[0];
    let asg = format!(
        "asg-{}",
        bvm.trim_start_matches("vm-").trim_end_matches("-01")
    );
    if t.asgs.iter().any(|x| x.name == asg) {
        return None;
    }
    t.asgs.push(Asg {
        name: asg.clone(),
        vnet: b.clone(),
        pos: Pos::default(),
    });
    let n = t.nsgs.iter_mut().find(|n| n.name == nsg)?;
    // The workload's allow now names the ASG; a deny of the port from anywhere follows it.
    let allow = n.rules.iter_mut().find(|r| {
        r.access == Access::Allow
            && r.direction == Direction::Inbound
            && r.destination_ports == PortSet::Ranges(vec![(port, port)])
    })?;
    allow.name = format!("allow-{port}-to-{asg}");
    allow.source = AddressMatch::Prefix(pa);
    allow.destination = AddressMatch::Asgs(vec![asg.clone()]);
    let deny_priority = allow.priority + 100;
    let deny_name = format!("deny-{port}");
    if n.rules.iter().any(|r| {
        (r.direction == Direction::Inbound && r.priority == deny_priority) || r.name == deny_name
    }) {
        return None;
    }
    n.rules.push(NsgRule {
        name: deny_name,
        priority: deny_priority,
        direction: Direction::Inbound,
        access: Access::Deny,
        protocol: Protocol::Tcp,
        source: AddressMatch::Any,
        destination: AddressMatch::Any,
        destination_ports: PortSet::Ranges(vec![(port, port)]),
        pos: Pos::default(),
    });
    Some(Fault {
        kind: FaultKind::AsgNotMember,
        fix: vec![Edit::JoinAsg {
            vm: bvm.clone(),
            asg: asg.clone(),
        }],
        fix_text: format!("Add the network interface of {bvm} to {asg}"),
        flow: (avm, bvm, port),
        refused: None,
    })
}

/// RULES.md §14: the destination VNet grew a second range holding a new subnet and VM, and the
/// sides pointing at it still hold its old space (as after `az network vnet update
/// --address-prefixes`), so the source has no route to the new range (`peering-not-synced`).
/// The fix syncs the source's side.
fn peering_not_synced(d: &mut Dice, sc: &mut Scenario) -> Option<Fault> {
    let k = d.below(sc.spokes.len());
    let a = sc.spokes[k].clone();
    let avm = sc.vms[k].clone();
    let b = match sc.hub() {
        Some(h) => h.to_string(),
        None => {
            let j = if k + 1 < sc.spokes.len() {
                k + 1
            } else {
                k.checked_sub(1)?
            };
            sc.spokes[j].clone()
        }
    };
    let t = &mut sc.topology;
    let side = t
        .peerings
        .iter()
        .find(|p| p.vnet == a && p.remote == b && !p.remote_deleted)?
        .name
        .clone();
    // A second octet no VNet uses (the designs draw theirs from 1 to 200).
    let used: Vec<u8> = t
        .vnets
        .iter()
        .flat_map(|v| v.address_space.iter().map(|n| n.network().octets()[1]))
        .collect();
    let o = (201..=250u8)
        .cycle()
        .skip(d.below(50))
        .take(50)
        .find(|o| !used.contains(o))?;
    let range = Ipv4Net::new(Ipv4Addr::new(10, o, 0, 0), 16).ok()?;
    Edit::AddAddressSpace {
        vnet: b.clone(),
        prefix: range,
    }
    .apply(t)
    .ok()?;
    // The team synced every other side pointing at the grown VNet and missed this one.
    for p in t.peerings.iter_mut() {
        if p.remote == b && p.name != side {
            p.remote_space_cached = None;
        }
    }
    let short = b
        .trim_start_matches("spoke-")
        .trim_start_matches("vnet-")
        .trim_end_matches("-vnet");
    let subnet = "expansion".to_string();
    let vm_name = format!("vm-{short}-02");
    if t.vm(&vm_name).is_some() {
        return None;
    }
    t.vnets
        .iter_mut()
        .find(|v| v.name == b)?
        .subnets
        .push(Subnet {
            name: subnet.clone(),
            prefix: Ipv4Net::new(Ipv4Addr::new(10, o, 1, 0), 24).ok()?,
            ..Default::default()
        });
    t.vms.push(Vm {
        name: vm_name.clone(),
        vnet: b.clone(),
        subnet,
        ip: Ipv4Addr::new(10, o, 1, 4),
        ..Default::default()
    });
    Some(Fault {
        kind: FaultKind::PeeringNotSynced,
        fix: vec![Edit::SyncPeering(side.clone())],
        fix_text: format!("Sync the peering {side}"),
        flow: (avm, vm_name, 443),
        refused: None,
    })
}

/// RULES.md §15: an operator with Network Contributor on the hub (or the neighbour) but only
/// Reader on a spoke creates the spoke's side of the peering; Azure refuses it with
/// `AuthorizationFailed`, because `virtualNetworkPeerings/write` on the spoke is missing. The
/// missing right is the write on the peering's own VNet, which every version of the Learn
/// table requires; `peer/action` on the remote VNet is AMBIGUOUS there (MP25 is silent), and
/// RULES.md §8 keeps an ambiguous point out of the crux, so the remote side's role grants it.
/// A creation fault: the network is shown without that side, and the item asks what the
/// request does.
fn permission_missing(d: &mut Dice, sc: &mut Scenario) -> Option<Fault> {
    let k = d.below(sc.spokes.len());
    let a = sc.spokes[k].clone();
    let (b, bvm) = match sc.hub() {
        Some(h) => (h.to_string(), sc.hub_vms.first()?.clone()),
        None => {
            let j = if k + 1 < sc.spokes.len() {
                k + 1
            } else {
                k.checked_sub(1)?
            };
            (sc.spokes[j].clone(), sc.vms[j].clone())
        }
    };
    let t = &mut sc.topology;
    let i = t
        .peerings
        .iter()
        .position(|p| p.vnet == a && p.remote == b)?;
    let mut request = t.peerings.remove(i);
    let user = format!(
        "ops-{}",
        a.trim_start_matches("spoke-").trim_start_matches("vnet-")
    );
    if t.users.iter().any(|u| u.name == user) {
        return None;
    }
    t.users.push(User {
        name: user.clone(),
        tenant: t.vnet(&a)?.tenant.clone(),
        guest_in: Vec::new(),
        roles: vec![
            RoleAssignment {
                role: Role::Reader,
                scope: a.clone(),
            },
            RoleAssignment {
                role: Role::NetworkContributor,
                scope: b.clone(),
            },
        ],
        pos: Pos::default(),
    });
    request.created_by = Some(user);
    Some(Fault {
        kind: FaultKind::PermissionMissing,
        fix: Vec::new(),
        fix_text: String::new(),
        flow: (sc.vms[k].clone(), bvm, 443),
        refused: Some(request),
    })
}

/// Changes an administrator might try for these faults, each with the reason it is not the
/// repair (the fix template still proves each one wrong with the evaluator before using it):
/// the source's NIC joined to the destination VNet's ASG, an allow after the deny, and the
/// sync of the side that did not go stale.
pub fn distractors(d: &Draft) -> Vec<(String, Vec<Edit>, String)> {
    let t = &d.sc.topology;
    let mut out = Vec::new();
    let Some(f) = d.faults.first() else {
        return out;
    };
    let (from, to, port) = &f.flow;
    match (&f.kind, f.fix.first()) {
        (FaultKind::AsgNotMember, Some(Edit::JoinAsg { asg, .. })) => {
            let Some(dst) = t.vm(to) else {
                return out;
            };
            out.push((
                format!("Add the network interface of {from} to {asg}"),
                vec![Edit::JoinAsg {
                    vm: from.clone(),
                    asg: asg.clone(),
                }],
                // The VNet of an ASG is its first member's (RULES §10): only an ASG that has
                // members can be said to refuse a NIC of another VNet.
                match t
                    .vms
                    .iter()
                    .find(|v| v.asgs.contains(asg))
                    .map(|v| v.vnet.clone())
                {
                    Some(home) if t.vm(from).is_some_and(|s| s.vnet != home) => format!(
                        "An application security group holds NICs of one VNet only ({home}, its first member's), so {from} cannot join it, and the rule matches destinations in {asg}, not sources."
                    ),
                    _ => format!(
                        "The rule matches destinations in {asg}, not sources, so {from} joining {asg} does not change what the rule allows."
                    ),
                },
            ));
            let subnet_nsg = t
                .vnet(&dst.vnet)
                .and_then(|v| v.subnet(&dst.subnet))
                .and_then(|s| s.nsg.clone());
            if let (Some(nsg), Some(src)) = (subnet_nsg, t.vm(from))
                && let Some(deny) = t.nsg(&nsg).and_then(|n| {
                    n.rules
                        .iter()
                        .find(|r| r.access == Access::Deny && r.direction == Direction::Inbound)
                })
            {
                let at = deny.priority + 100;
                out.push((
                    format!(
                        "Add an inbound rule to {nsg} with priority {at} that allows TCP {port} from {}",
                        src.ip
                    ),
                    vec![Edit::AddNsgRule {
                        nsg: nsg.clone(),
                        rule: NsgRule {
                            name: format!("allow-{port}-{from}"),
                            priority: at,
                            direction: Direction::Inbound,
                            access: Access::Allow,
                            protocol: Protocol::Tcp,
                            source: AddressMatch::Prefix(Ipv4Net::from(src.ip)),
                            destination: AddressMatch::Any,
                            destination_ports: PortSet::Ranges(vec![(*port, *port)]),
                            pos: Pos::default(),
                        },
                    }],
                    format!(
                        "A rule at {at} is read after {} at {}, which already denied the connection.",
                        deny.name, deny.priority
                    ),
                ));
            }
        }
        (FaultKind::PeeringNotSynced, Some(Edit::SyncPeering(side))) => {
            let Some(p) = t.peerings.iter().find(|p| &p.name == side) else {
                return out;
            };
            if let Some(back) = t
                .peerings
                .iter()
                .find(|q| q.vnet == p.remote && q.remote == p.vnet)
            {
                out.push((
                    format!("On {}, sync the peering {}", back.vnet, back.name),
                    vec![Edit::SyncPeering(back.name.clone())],
                    format!(
                        "{} already knows {}'s address space, which did not change, and the stale copy is on {}'s side.",
                        back.name, p.vnet, p.vnet
                    ),
                ));
            }
        }
        _ => {}
    }
    out
}
