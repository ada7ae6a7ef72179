//! Generated labs (issue 14): `peerlab lab --generate SEED` draws a network with one to three
//! faults from the question generator (`crate::generate::labs`), asks for the flows the faults
//! break, and gives as model answer the generator's own repairs written as az commands. A draw
//! whose answer does not prove the lab (see [`super::prove`]) is passed over for the next
//! sub-seed, so every seed gives a lab that is solvable by its answer.

use super::Lab;
use super::file::DEFAULT_SUBSCRIPTION;
use super::goal::{Goal, GoalKind};
use crate::bank::Flow;
use crate::eval::{FlowSpec, Network, Verdict};
use crate::generate::labs::{LabDraw, draw};
use crate::model::{Edit, Pos, Protocol, Topology, UdrNextHop};

/// What a generated lab's name starts with: `generated-SEED` opens it like a built-in one.
pub const PREFIX: &str = "generated-";
const RG: &str = "rg-lab";
/// Sub-seeds tried per seed before giving up.
const TRIES: u64 = 64;

/// The seed of a generated lab's name.
pub fn seed_of(name: &str) -> Option<u64> {
    name.strip_prefix(PREFIX)?.parse().ok()
}

fn hop(h: UdrNextHop) -> &'static str {
    UdrNextHop::ALL
        .iter()
        .find(|(_, x)| *x == h)
        .map_or("None", |(s, _)| s)
}

/// The az commands of one repair, as a learner would type them on `t` (the network before
/// it), or `None` when the simulated CLI has no command for it.
fn commands(t: &Topology, e: &Edit) -> Option<Vec<String>> {
    let peering_vnet = |name: &str| t.peerings.iter().find(|p| p.name == name).map(|p| &p.vnet);
    Some(match e {
        Edit::SetPeering { peering, flags } => {
            let vnet = peering_vnet(peering)?;
            let mut sets = Vec::new();
            for (key, v) in [
                (
                    "allowVirtualNetworkAccess",
                    flags.allow_virtual_network_access,
                ),
                ("allowForwardedTraffic", flags.allow_forwarded_traffic),
                ("allowGatewayTransit", flags.allow_gateway_transit),
                ("useRemoteGateways", flags.use_remote_gateways),
            ] {
                if let Some(v) = v {
                    sets.push(format!("{key}={v}"));
                }
            }
            if sets.is_empty() {
                return None;
            }
            vec![format!(
                "az network vnet peering update -g {RG} --vnet-name {vnet} -n {peering} --set {}",
                sets.join(" ")
            )]
        }
        Edit::AddPeering(p) => {
            let mut line = format!(
                "az network vnet peering create -g {RG} -n {} --vnet-name {} --remote-vnet {}",
                p.name, p.vnet, p.remote
            );
            // The CLI leaves every flag off unless given (RULES.md §3).
            for (flag, on) in [
                ("--allow-vnet-access", p.allow_virtual_network_access),
                ("--allow-forwarded-traffic", p.allow_forwarded_traffic),
                ("--allow-gateway-transit", p.allow_gateway_transit),
                ("--use-remote-gateways", p.use_remote_gateways),
            ] {
                if on {
                    line.push(' ');
                    line.push_str(flag);
                }
            }
            vec![line]
        }
        Edit::RemovePeering(name) => vec![format!(
            "az network vnet peering delete -g {RG} --vnet-name {} -n {name}",
            peering_vnet(name)?
        )],
        Edit::AddRoute { table, route } => {
            let mut line = format!(
                "az network route-table route create -g {RG} --route-table-name {table} -n {} --address-prefix {} --next-hop-type {}",
                route.name,
                route.prefix,
                hop(route.next_hop)
            );
            if let Some(ip) = route.next_hop_ip {
                line.push_str(&format!(" --next-hop-ip-address {ip}"));
            }
            vec![line]
        }
        Edit::RemoveRoute { table, route } => vec![format!(
            "az network route-table route delete -g {RG} --route-table-name {table} -n {route}"
        )],
        Edit::SetRouteTable {
            table,
            propagate_gateway_routes: Some(on),
        } => vec![format!(
            "az network route-table update -g {RG} -n {table} --disable-bgp-route-propagation {}",
            !on
        )],
        Edit::SetVm {
            vm,
            ip_forwarding: Some(on),
            forwards: None,
            dns_server: None,
            nsg: None,
        } => vec![format!(
            "az network nic update -g {RG} -n {} --ip-forwarding {on}",
            crate::lab::az::json::nic_name(vm)
        )],
        Edit::RemoveNsgRule { nsg, rule } => vec![format!(
            "az network nsg rule delete -g {RG} --nsg-name {nsg} -n {rule}"
        )],
        Edit::AddZoneLink { zone, vnet } => vec![format!(
            "az network private-dns link vnet create -g {RG} -z {zone} -n link-{vnet} -v {vnet} -e false"
        )],
        _ => return None,
    })
}

fn flow_goal(text: String, from: &str, to: &str, port: u16, expect: Verdict, keep: bool) -> Goal {
    Goal {
        text,
        keep,
        kind: GoalKind::Flow {
            flow: Flow {
                from: from.to_string(),
                to: to.to_string(),
                port,
                protocol: Protocol::Tcp,
            },
            expect,
        },
        pos: Pos::default(),
    }
}

fn reachable(t: &Topology, from: &str, to: &str, port: u16) -> bool {
    let spec = FlowSpec {
        from: from.to_string(),
        to: to.to_string(),
        port,
        protocol: Protocol::Tcp,
    };
    Network::new(t)
        .trace(&spec)
        .is_ok_and(|tr| tr.verdict == Verdict::Reachable)
}

/// The lab of one draw, before it is proven.
fn from_draw(seed: u64, d: &LabDraw) -> Option<Lab> {
    let mut t = d.topology.clone();
    let mut answer = Vec::new();
    for f in &d.faults {
        for e in &f.fix {
            answer.extend(commands(&t, e)?);
            e.apply(&mut t).ok()?;
        }
    }
    let fixed = t;
    let mut goals = Vec::new();
    let mut seen: Vec<(String, String, u16)> = Vec::new();
    for f in &d.faults {
        let (from, to, port) = &f.flow;
        if seen.contains(&f.flow) {
            continue;
        }
        seen.push(f.flow.clone());
        goals.push(flow_goal(
            format!("{from} reaches {to} on TCP {port}"),
            from,
            to,
            *port,
            Verdict::Reachable,
            false,
        ));
    }
    // Up to two flows that work before and after the repair: a fix must not break them.
    let mut kept = 0;
    'pairs: for a in &d.vms {
        for b in &d.vms {
            if kept == 2 {
                break 'pairs;
            }
            if a == b || seen.iter().any(|(x, y, _)| x == a && y == b) {
                continue;
            }
            if reachable(&d.topology, a, b, 443) && reachable(&fixed, a, b, 443) {
                goals.push(flow_goal(
                    format!("{a} still reaches {b} on TCP 443"),
                    a,
                    b,
                    443,
                    Verdict::Reachable,
                    true,
                ));
                kept += 1;
            }
        }
    }
    let tickets: Vec<String> = d
        .faults
        .iter()
        .map(|f| format!("{} cannot reach {} on TCP {}", f.flow.0, f.flow.1, f.flow.2))
        .collect();
    let story = format!(
        "A change last week left tickets open: {}. The resources are in resource group {RG}. \
         Find what is wrong with the az commands (`az network vnet peering list`, `az network \
         nic show-effective-route-table`, `az network watcher test-ip-flow` ...) and repair it \
         without breaking what still works. The network has {} fault{}.",
        tickets.join("; "),
        d.faults.len(),
        if d.faults.len() == 1 { "" } else { "s" }
    );
    Some(Lab {
        name: format!("{PREFIX}{seed}"),
        title: format!(
            "Generated lab {seed}: repair {} broken flow{}",
            tickets.len(),
            if tickets.len() == 1 { "" } else { "s" }
        ),
        story,
        topology: d.topology.clone(),
        resource_group: RG.to_string(),
        subscription: DEFAULT_SUBSCRIPTION.to_string(),
        goals,
        hints: d
            .faults
            .iter()
            .map(|f| format!("{}.", f.fix_text))
            .collect(),
        answer,
        answer_pos: Pos::default(),
        file: format!("{PREFIX}{seed}"),
    })
}

/// The generated lab of `seed`: the first sub-seed whose draw is proven by its answer, or
/// `None` if none of the sub-seeds gives one.
pub fn lab(seed: u64) -> Option<Lab> {
    (0..TRIES).find_map(|k| {
        let sub = seed.wrapping_mul(TRIES).wrapping_add(k);
        let d = draw(sub)?;
        let l = from_draw(seed, &d)?;
        super::prove(&l).is_empty().then_some(l)
    })
}
