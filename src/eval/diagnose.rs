//! Turning a bare "no route" into the most specific reason a learner can act on
//! (FORMAT.md §2: `not-transitive` and `gateway-transit-missing` rather than `no-route`).

use super::reason::Reason;
use super::{MachineKind, Network};
use std::collections::VecDeque;
use std::net::Ipv4Addr;

/// Where the destination lives.
pub(super) enum Home {
    Vnets(Vec<usize>),
    Site(usize),
    Elsewhere,
}

pub(super) fn home(net: &Network, dst: Ipv4Addr, target: Option<usize>) -> Home {
    if let Some(t) = target {
        return match net.machines[t].kind {
            MachineKind::Vm { vnet, .. }
            | MachineKind::Firewall { vnet, .. }
            | MachineKind::Bastion { vnet, .. }
            | MachineKind::PrivateEndpoint { vnet, .. } => Home::Vnets(vec![vnet]),
            MachineKind::P2sClient { gw_vnet, .. } => Home::Vnets(vec![gw_vnet]),
            MachineKind::Host { site } => Home::Site(site),
        };
    }
    let t = net.topology;
    let vnets: Vec<usize> = (0..t.vnets.len())
        .filter(|&v| t.vnets[v].contains(dst))
        .collect();
    if !vnets.is_empty() {
        return Home::Vnets(vnets);
    }
    match t
        .sites
        .iter()
        .position(|s| s.prefixes.iter().any(|p| p.contains(&dst)))
    {
        Some(s) => Home::Site(s),
        None => Home::Elsewhere,
    }
}

/// Why the peerings between `x` and `y` carry no traffic, if any exist but are not Connected.
pub(super) fn not_connected(net: &Network, x: usize, y: usize) -> Option<String> {
    if net.connected(x, y).is_some() {
        return None;
    }
    let t = net.topology;
    let (xn, yn) = (&t.vnets[x].name, &t.vnets[y].name);
    let parts: Vec<String> = t
        .peerings
        .iter()
        .enumerate()
        .filter(|(_, p)| (&p.vnet == xn && &p.remote == yn) || (&p.vnet == yn && &p.remote == xn))
        .map(|(i, p)| match &net.peerings[i] {
            crate::model::PeeringVerdict::Rejected { code, detail } => format!(
                "Azure rejected peering {} on {} ({}: {detail})",
                p.name,
                p.vnet,
                code.label()
            ),
            crate::model::PeeringVerdict::Exists(crate::model::PeeringState::Disconnected) => format!(
                "peering {} on {} is Disconnected because its other side was deleted; the other side cannot be created again until this one is deleted and re-created",
                p.name, p.vnet
            ),
            crate::model::PeeringVerdict::Exists(_) => format!(
                "peering {} on {} is only Initiated: {} has no peering back to {}",
                p.name, p.vnet, p.remote, p.vnet
            ),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A chain of Connected peerings from `x` to `y` through at least one other VNet.
pub(super) fn chain(net: &Network, x: usize, y: usize) -> Option<Vec<usize>> {
    let n = net.topology.vnets.len();
    let mut prev = vec![usize::MAX; n];
    prev[x] = x;
    let mut queue = VecDeque::from([x]);
    while let Some(u) = queue.pop_front() {
        for l in &net.links[u] {
            if prev[l.peer] == usize::MAX {
                prev[l.peer] = u;
                queue.push_back(l.peer);
            }
        }
    }
    if prev[y] == usize::MAX || y == x {
        return None;
    }
    let mut path = vec![y];
    while *path.last().expect("non-empty") != x {
        path.push(prev[*path.last().expect("non-empty")]);
    }
    path.reverse();
    (path.len() > 2).then_some(path)
}

fn chain_text(net: &Network, path: &[usize]) -> String {
    let names: Vec<&str> = path
        .iter()
        .map(|&v| net.topology.vnets[v].name.as_str())
        .collect();
    format!(
        "{} reaches {} only through the chain {}",
        names[0],
        names[names.len() - 1],
        names.join(" <-> ")
    )
}

fn propagation_off(net: &Network, v: usize, s: usize) -> Option<String> {
    let t = net.topology;
    let rt = t.vnets[v].subnets[s]
        .route_table
        .as_deref()
        .and_then(|n| t.route_table(n))?;
    (!rt.propagate_gateway_routes).then(|| {
        format!(
            "route table {} has propagate_gateway_routes = false, so the gateway's routes are not programmed in subnet {}",
            rt.name, t.vnets[v].subnets[s].name
        )
    })
}

/// What is missing of the transit pair between spoke `x` and gateway VNet `g` (Connected).
fn transit_missing(net: &Network, x: usize, g: usize) -> String {
    let t = net.topology;
    let link = net.connected(x, g).expect("caller checks Connected");
    let own = &t.peerings[link.own];
    let back = &t.peerings[link.back];
    if t.vnets[x].gateway.is_some() {
        return format!(
            "{} has a gateway of its own, so Azure refuses use_remote_gateways on its peering to {}: connect the site to {}'s own gateway, or remove that gateway and set both halves of gateway transit",
            t.vnets[x].name, t.vnets[g].name, t.vnets[x].name
        );
    }
    let mut missing = Vec::new();
    if !back.allow_gateway_transit {
        missing.push(format!(
            "{} (on {}) does not allow gateway transit",
            back.name, back.vnet
        ));
    }
    if !own.use_remote_gateways {
        missing.push(format!(
            "{} (on {}) does not use remote gateways",
            own.name, own.vnet
        ));
    }
    if missing.is_empty() && t.vnets[g].gateway.as_ref().is_some_and(|gw| gw.is_basic()) {
        missing.push(format!(
            "the gateway of {} is Basic SKU, which does not support gateway transit (Azure accepts the flags; they do nothing)",
            t.vnets[g].name
        ));
    }
    if missing.is_empty() {
        missing.push(format!(
            "another peering of {} already uses a remote gateway",
            t.vnets[x].name
        ));
    }
    format!(
        "{} uses the gateway of {} only when both halves of gateway transit are set, and {}",
        t.vnets[x].name,
        t.vnets[g].name,
        missing.join(" and ")
    )
}

fn vnets_with_gateway_to(net: &Network, site: usize) -> Vec<usize> {
    let t = net.topology;
    let name = &t.sites[site].name;
    (0..t.vnets.len())
        .filter(|&v| {
            t.vnets[v]
                .gateway
                .as_ref()
                .is_some_and(|g| g.sites.contains(name))
        })
        .collect()
}

/// A route lookup in subnet (v, s) found nothing that delivers `dst`.
pub(super) fn route_failure(
    net: &Network,
    v: usize,
    s: usize,
    dst: Ipv4Addr,
    home: Home,
    base: String,
) -> (Reason, String) {
    match home {
        Home::Vnets(ys) => {
            for &y in ys.iter().filter(|&&y| y != v) {
                if let Some(d) = not_connected(net, v, y) {
                    return (Reason::PeeringNotConnected, format!("{base}; {d}"));
                }
                if let Some(path) = chain(net, v, y) {
                    return (
                        Reason::NotTransitive,
                        format!("{base}; {}", chain_text(net, &path)),
                    );
                }
            }
            (Reason::NoRoute, base)
        }
        Home::Site(site) => {
            let sname = &net.topology.sites[site].name;
            let mut gateways = vnets_with_gateway_to(net, site);
            // The gateway this VNet actually uses decides first, whatever the file order.
            gateways.sort_by_key(|&g| net.gateway_of(v) != Some(g));
            for g in gateways {
                let uses = g == v || net.transit[v] == Some(g);
                if uses {
                    if let Some(off) = propagation_off(net, v, s) {
                        return (Reason::NoRoute, format!("{base}; {off}"));
                    }
                    continue;
                }
                if net.connected(v, g).is_some() {
                    return (
                        Reason::GatewayTransitMissing,
                        format!(
                            "{base}; site {sname} is behind the gateway of {}, and {}",
                            net.topology.vnets[g].name,
                            transit_missing(net, v, g)
                        ),
                    );
                }
                if let Some(d) = not_connected(net, v, g) {
                    return (
                        Reason::PeeringNotConnected,
                        format!(
                            "{base}; site {sname} is behind the gateway of {}, and {d}",
                            net.topology.vnets[g].name
                        ),
                    );
                }
                if let Some(path) = chain(net, v, g) {
                    return (
                        Reason::NotTransitive,
                        format!(
                            "{base}; site {sname} is behind the gateway of {}, and {}",
                            net.topology.vnets[g].name,
                            chain_text(net, &path)
                        ),
                    );
                }
            }
            let _ = dst;
            (Reason::NoRoute, base)
        }
        Home::Elsewhere => (Reason::NoRoute, base),
    }
}

/// A `VirtualAppliance` route whose IP is not in this VNet or a Connected peer.
pub(super) fn unreachable_appliance(
    net: &Network,
    v: usize,
    ip: Ipv4Addr,
    base: String,
) -> (Reason, String) {
    for z in 0..net.topology.vnets.len() {
        if z == v || net.machine_at(z, ip).is_none() {
            continue;
        }
        if let Some(d) = not_connected(net, v, z) {
            return (Reason::PeeringNotConnected, format!("{base}; {d}"));
        }
        if let Some(path) = chain(net, v, z) {
            return (
                Reason::NotTransitive,
                format!("{base}; {}", chain_text(net, &path)),
            );
        }
    }
    (Reason::NoRoute, base)
}

/// An on-premises site has no route for `dst` through any of its gateways.
pub(super) fn site_failure(
    net: &Network,
    site: usize,
    gateways: &[usize],
    dst: Ipv4Addr,
    home: Home,
) -> (Reason, String) {
    let t = net.topology;
    let st = &t.sites[site];
    if gateways.is_empty() {
        return (
            Reason::NoRoute,
            format!("site {} is not connected to any gateway", st.name),
        );
    }
    let base = if st.bgp {
        format!(
            "site {} has no route to {dst}: its gateways do not advertise it",
            st.name
        )
    } else {
        format!(
            "site {} has no route to {dst}: it uses static routes, and none of them ({}) covers {dst}",
            st.name,
            super::trace::list(&st.static_routes)
        )
    };
    if let Home::Vnets(ys) = home {
        for &y in &ys {
            for &g in gateways {
                if y == g || net.transit[y] == Some(g) {
                    continue;
                }
                if net.connected(y, g).is_some() {
                    return (
                        Reason::GatewayTransitMissing,
                        format!(
                            "{base}; {}, so the gateway does not advertise {}'s address space",
                            transit_missing(net, y, g),
                            t.vnets[y].name
                        ),
                    );
                }
                if let Some(d) = not_connected(net, y, g) {
                    return (Reason::PeeringNotConnected, format!("{base}; {d}"));
                }
                if let Some(path) = chain(net, g, y) {
                    return (
                        Reason::NotTransitive,
                        format!("{base}; {}", chain_text(net, &path)),
                    );
                }
            }
        }
    }
    (Reason::NoRoute, base)
}
