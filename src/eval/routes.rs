//! Effective routes of a subnet and the choice among them (RULES.md §4).

use super::{Network, PRIVATE_RANGES};
use crate::model::UdrNextHop;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NextHopType {
    VnetLocal,
    VNetPeering,
    VNetGlobalPeering,
    VirtualNetworkGateway,
    VirtualAppliance,
    Internet,
    None,
    /// A service endpoint's route to a PaaS service (RULES.md §13).
    VirtualNetworkServiceEndpoint,
    /// A private endpoint's /32 (RULES.md §12).
    InterfaceEndpoint,
}

impl NextHopType {
    pub fn as_str(self) -> &'static str {
        match self {
            NextHopType::VnetLocal => "VnetLocal",
            NextHopType::VNetPeering => "VNetPeering",
            NextHopType::VNetGlobalPeering => "VNetGlobalPeering",
            NextHopType::VirtualNetworkGateway => "VirtualNetworkGateway",
            NextHopType::VirtualAppliance => "VirtualAppliance",
            NextHopType::Internet => "Internet",
            NextHopType::None => "None",
            NextHopType::VirtualNetworkServiceEndpoint => "VirtualNetworkServiceEndpoint",
            NextHopType::InterfaceEndpoint => "InterfaceEndpoint",
        }
    }
}

/// Where a route came from, as the portal's "Effective routes" lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RouteSource {
    Default,
    User,
    VirtualNetworkGateway,
}

impl RouteSource {
    /// On an equal prefix: user-defined beats gateway (BGP), which beats system.
    fn rank(self) -> u8 {
        match self {
            RouteSource::User => 2,
            RouteSource::VirtualNetworkGateway => 1,
            RouteSource::Default => 0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RouteSource::Default => "Default",
            RouteSource::User => "User",
            RouteSource::VirtualNetworkGateway => "VirtualNetworkGateway",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RouteState {
    Active,
    Invalid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveRoute {
    pub prefix: Ipv4Net,
    pub next_hop: NextHopType,
    pub next_hop_ip: Option<Ipv4Addr>,
    pub source: RouteSource,
    pub state: RouteState,
    /// For user routes: the route table and the route's name.
    pub route_table: Option<String>,
    pub route_name: Option<String>,
    /// For peering routes, the peered VNet; for gateway routes, the VNet holding the gateway.
    pub via_vnet: Option<usize>,
}

/// Network Watcher's answer to "next hop": type, IP, and the route table or `System Route`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextHopInfo {
    #[serde(rename = "type")]
    pub kind: NextHopType,
    pub ip: Option<Ipv4Addr>,
    pub route_table: String,
}

impl EffectiveRoute {
    pub(super) fn system(prefix: Ipv4Net, next_hop: NextHopType, via_vnet: Option<usize>) -> Self {
        EffectiveRoute {
            prefix,
            next_hop,
            next_hop_ip: None,
            source: RouteSource::Default,
            state: RouteState::Active,
            route_table: None,
            route_name: None,
            via_vnet,
        }
    }

    pub fn info(&self) -> NextHopInfo {
        NextHopInfo {
            kind: self.next_hop,
            ip: self.next_hop_ip,
            route_table: self
                .route_table
                .clone()
                .unwrap_or_else(|| "System Route".to_string()),
        }
    }

    /// How the route reads in a hop list: `10.2.0.0/16 -> VirtualAppliance 10.0.1.4 (rt-x/to-data)`.
    pub fn describe(&self) -> String {
        let ip = self
            .next_hop_ip
            .map(|ip| format!(" {ip}"))
            .unwrap_or_default();
        let origin = match (&self.route_table, &self.route_name) {
            (Some(t), Some(r)) => format!("user route {r} in {t}"),
            _ => match self.source {
                RouteSource::VirtualNetworkGateway => "gateway route".to_string(),
                _ => "system route".to_string(),
            },
        };
        format!(
            "{} -> {}{ip} ({origin})",
            self.prefix,
            self.next_hop.as_str()
        )
    }

    fn is_vnet_or_peering(&self) -> bool {
        self.source == RouteSource::Default
            && matches!(
                self.next_hop,
                NextHopType::VnetLocal | NextHopType::VNetPeering | NextHopType::VNetGlobalPeering
            )
    }
}

pub(super) fn compute(net: &Network, v: usize, s: usize) -> Vec<EffectiveRoute> {
    let t = net.topology;
    let vnet = &t.vnets[v];
    let table = vnet.subnets[s]
        .route_table
        .as_deref()
        .and_then(|n| t.route_table(n));
    let mut out = Vec::new();
    for p in &vnet.address_space {
        out.push(EffectiveRoute::system(*p, NextHopType::VnetLocal, Some(v)));
    }
    out.push(EffectiveRoute::system(
        Ipv4Net::default(),
        NextHopType::Internet,
        None,
    ));
    let mut local: Vec<Ipv4Net> = vnet.address_space.clone();
    for l in &net.links[v] {
        let peer = &t.vnets[l.peer];
        let kind = if peer.region == vnet.region {
            NextHopType::VNetPeering
        } else {
            NextHopType::VNetGlobalPeering
        };
        // RULES.md §14: a side routes by the remote space it last synced.
        let space = net.known_space(l.own, l.peer);
        for p in space {
            out.push(EffectiveRoute::system(*p, kind, Some(l.peer)));
            local.push(*p);
        }
    }
    // Learn's routing example: a user 0.0.0.0/0 removes the four reserved `None` routes. A
    // reserved range equal to or inside an address space the subnet reaches directly (its own
    // VNet, or a Connected peer) gives way to that route: Learn ("Virtual network traffic
    // routing", default routes) says Azure changes such a range's next hop from None to the
    // virtual network; RULES.md §4.1 states it for the VNet's own space, and a peer's space is
    // programmed the same way, or peering a 192.168.0.0/16 VNet could never work.
    let udr_default = table.is_some_and(|rt| rt.routes.iter().any(|r| r.prefix.prefix_len() == 0));
    if !udr_default {
        for r in PRIVATE_RANGES {
            if !local.iter().any(|p| p.contains(&r)) {
                out.push(EffectiveRoute::system(r, NextHopType::None, None));
            }
        }
    }
    let propagate = table.is_none_or(|rt| rt.propagate_gateway_routes);
    if propagate && let Some(g) = net.gateway_of(v) {
        let gw = t.vnets[g]
            .gateway
            .as_ref()
            .expect("gateway_of returns a VNet with a gateway");
        // Effective routes show the gateway's address as the next hop IP (Learn, "Virtual
        // network traffic routing": the gateway routes of its example list one).
        let gw_ip = t.gateway_ip(&t.vnets[g]);
        for site in gw.sites.iter().filter_map(|n| t.site(n)) {
            for p in &site.prefixes {
                out.push(EffectiveRoute {
                    source: RouteSource::VirtualNetworkGateway,
                    next_hop_ip: gw_ip,
                    ..EffectiveRoute::system(*p, NextHopType::VirtualNetworkGateway, Some(g))
                });
            }
        }
        super::p2s::pool_routes(net, g, gw_ip, &mut out);
    }
    super::service_endpoint::routes(net, v, s, &mut out);
    super::private_link::routes(net, v, &mut out);
    if let Some(rt) = table {
        for r in &rt.routes {
            let next_hop = match r.next_hop {
                UdrNextHop::VirtualAppliance => NextHopType::VirtualAppliance,
                UdrNextHop::VirtualNetworkGateway => NextHopType::VirtualNetworkGateway,
                UdrNextHop::VnetLocal => NextHopType::VnetLocal,
                UdrNextHop::Internet => NextHopType::Internet,
                UdrNextHop::None => NextHopType::None,
            };
            out.push(EffectiveRoute {
                prefix: r.prefix,
                next_hop,
                next_hop_ip: r.next_hop_ip,
                source: RouteSource::User,
                state: RouteState::Active,
                route_table: Some(rt.name.clone()),
                route_name: Some(r.name.clone()),
                via_vnet: None,
            });
        }
    }
    mark_invalid(&mut out);
    super::private_link::invalidate_by_udr(net, &mut out);
    out
}

/// A route is Invalid when another route outranks it for every address it covers:
/// - a VNet or peering system route beats a gateway route inside its prefix, even a more
///   specific one (the exception of RULES.md §4);
/// - a service endpoint route beats a gateway route of the same prefix: "Service endpoint
///   routes override any BGP routes for the address prefix match of an Azure service"
///   (RULES.md §13);
/// - otherwise, on an equal prefix, user beats gateway beats system, and the first listed wins
///   among equals.
fn mark_invalid(routes: &mut [EffectiveRoute]) {
    // Routes are compared with the few that can outrank them, found by lookup rather than by
    // comparing every pair: a hub subnet lists a route per peered spoke (issue 16: 1,000).
    let snapshot: Vec<(RouteSource, bool, bool)> = routes
        .iter()
        .map(|r| {
            (
                r.source,
                r.is_vnet_or_peering(),
                r.next_hop == NextHopType::VirtualNetworkServiceEndpoint,
            )
        })
        .collect();
    let mut same: HashMap<Ipv4Net, Vec<usize>> = HashMap::new();
    let mut vnet_prefixes: HashSet<Ipv4Net> = HashSet::new();
    for (i, r) in routes.iter().enumerate() {
        same.entry(r.prefix).or_default().push(i);
        if r.is_vnet_or_peering() {
            vnet_prefixes.insert(r.prefix.trunc());
        }
    }
    for (i, r) in routes.iter_mut().enumerate() {
        let (_, mine, mine_se) = snapshot[i];
        // A VNet or peering route whose prefix contains a gateway route (its own prefix, or
        // any shorter one holding it).
        let under_vnet = r.source == RouteSource::VirtualNetworkGateway
            && (0..=r.prefix.prefix_len()).any(|len| {
                Ipv4Net::new(r.prefix.network(), len)
                    .is_ok_and(|p| vnet_prefixes.contains(&p.trunc()))
            });
        let beaten = under_vnet
            || same[&r.prefix].iter().any(|&j| {
                let (src, theirs_vnet, theirs_se) = snapshot[j];
                if j == i
                    || (r.source == RouteSource::VirtualNetworkGateway && theirs_vnet)
                    || ((mine || mine_se) && src == RouteSource::VirtualNetworkGateway)
                {
                    return false;
                }
                if theirs_se && r.source == RouteSource::VirtualNetworkGateway {
                    return true;
                }
                src.rank() > r.source.rank() || (src == r.source && j < i)
            });
        if beaten {
            r.state = RouteState::Invalid;
        }
    }
}

/// Longest prefix match among the Active routes (at most one Active route per prefix remains).
pub(super) fn select(routes: &[EffectiveRoute], dst: Ipv4Addr) -> Option<&EffectiveRoute> {
    routes
        .iter()
        .filter(|r| r.state == RouteState::Active && r.prefix.contains(&dst))
        .max_by_key(|r| r.prefix.prefix_len())
}

/// The Active routes of one subnet keyed by (network, prefix length): a longest-prefix match
/// then costs one lookup per distinct prefix length instead of a scan of every route (a hub's
/// subnets list one route per peered spoke). Gives exactly what [`select`] gives.
#[derive(Debug, Default)]
pub(super) struct RouteIndex {
    /// The prefix lengths present, longest first.
    lens: Vec<u8>,
    /// The last Active route of each (network, length), as `select`'s `max_by_key` picks the
    /// last of equals.
    by: HashMap<(u32, u8), usize>,
}

fn mask(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    }
}

impl RouteIndex {
    pub(super) fn new(routes: &[EffectiveRoute]) -> Self {
        let mut index = RouteIndex::default();
        for (i, r) in routes.iter().enumerate() {
            if r.state == RouteState::Active {
                let len = r.prefix.prefix_len();
                index.by.insert((u32::from(r.prefix.network()), len), i);
                index.lens.push(len);
            }
        }
        index.lens.sort_unstable_by(|a, b| b.cmp(a));
        index.lens.dedup();
        index
    }

    pub(super) fn select<'r>(
        &self,
        routes: &'r [EffectiveRoute],
        dst: Ipv4Addr,
    ) -> Option<&'r EffectiveRoute> {
        let d = u32::from(dst);
        self.lens
            .iter()
            .find_map(|&len| self.by.get(&(d & mask(len), len)))
            .map(|&i| &routes[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Network;

    /// The pairwise comparison `mark_invalid` replaced (issue 16), kept as the reference.
    fn mark_invalid_pairwise(routes: &mut [EffectiveRoute]) {
        let snapshot: Vec<(Ipv4Net, RouteSource, bool)> = routes
            .iter()
            .map(|r| (r.prefix, r.source, r.is_vnet_or_peering()))
            .collect();
        for (i, r) in routes.iter_mut().enumerate() {
            let mine = r.is_vnet_or_peering();
            let beaten = snapshot
                .iter()
                .enumerate()
                .any(|(j, &(p, src, theirs_vnet))| {
                    if j == i {
                        return false;
                    }
                    if r.source == RouteSource::VirtualNetworkGateway && theirs_vnet {
                        return p.contains(&r.prefix);
                    }
                    if p != r.prefix || (mine && src == RouteSource::VirtualNetworkGateway) {
                        return false;
                    }
                    src.rank() > r.source.rank() || (src == r.source && j < i)
                });
            if beaten {
                r.state = RouteState::Invalid;
            }
        }
    }

    /// On every subnet of every shipped topology: the indexed ranking and lookup give what
    /// the pairwise ranking and the scan give, for every address a route or NIC names.
    #[test]
    fn indexed_ranking_and_lookup_match_the_pairwise_ones() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/topologies");
        let mut subnets = 0;
        for entry in std::fs::read_dir(dir).expect("content/topologies") {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let Ok(parsed) = crate::model::parse_topology(&text) else {
                continue;
            };
            let net = Network::new(&parsed.topology);
            let mut addresses: Vec<Ipv4Addr> = net.machines.iter().map(|m| m.ip).collect();
            for (v, vnet) in parsed.topology.vnets.iter().enumerate() {
                for s in 0..vnet.subnets.len() {
                    subnets += 1;
                    let routes = net.effective_routes(v, s);
                    for r in routes {
                        addresses.push(r.prefix.network());
                        addresses.push(r.prefix.broadcast());
                    }
                    let mut fresh: Vec<EffectiveRoute> = routes
                        .iter()
                        .cloned()
                        .map(|mut r| {
                            r.state = RouteState::Active;
                            r
                        })
                        .collect();
                    let mut reference = fresh.clone();
                    mark_invalid(&mut fresh);
                    mark_invalid_pairwise(&mut reference);
                    assert_eq!(fresh, reference, "{}/{}", vnet.name, vnet.subnets[s].name);
                }
            }
            for (v, vnet) in parsed.topology.vnets.iter().enumerate() {
                for s in 0..vnet.subnets.len() {
                    for &a in &addresses {
                        assert_eq!(
                            net.select_route(v, s, a),
                            select(net.effective_routes(v, s), a),
                            "{}/{} to {a}",
                            vnet.name,
                            vnet.subnets[s].name
                        );
                    }
                }
            }
        }
        assert!(
            subnets > 100,
            "the shipped topologies have {subnets} subnets"
        );
    }
}
