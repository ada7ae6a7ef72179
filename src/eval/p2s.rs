//! Point-to-site clients (RULES.md §16): the client pool as a gateway route, and what a client
//! reaches with the profile it downloaded.

use super::reason::Reason;
use super::routes::{EffectiveRoute, NextHopType, RouteSource};
use super::trace::{Arrival, Failure, Walker};
use super::{MachineKind, Network};
use std::net::Ipv4Addr;

/// The pool of gateway `g` (VNet index), as a gateway route in every VNet that uses the
/// gateway, so replies find the clients (FORMAT.md §1b).
pub(super) fn pool_routes(
    net: &Network,
    g: usize,
    gw_ip: Option<Ipv4Addr>,
    out: &mut Vec<EffectiveRoute>,
) {
    let Some(pool) = net.topology.vnets[g]
        .gateway
        .as_ref()
        .and_then(|gw| gw.p2s_pool)
    else {
        return;
    };
    out.push(EffectiveRoute {
        source: RouteSource::VirtualNetworkGateway,
        next_hop_ip: gw_ip,
        ..EffectiveRoute::system(pool, NextHopType::VirtualNetworkGateway, Some(g))
    });
}

/// The client of gateway VNet `g` holding `ip`, if `ip` is in that gateway's pool: `Some(None)`
/// when the pool holds it but no client of the file does.
pub(super) fn client_at(net: &Network, g: usize, ip: Ipv4Addr) -> Option<Option<usize>> {
    let pool = net.topology.vnets[g].gateway.as_ref()?.p2s_pool?;
    if !pool.contains(&ip) {
        return None;
    }
    Some(net.machines.iter().position(|m| {
        m.ip == ip && matches!(m.kind, MachineKind::P2sClient { gw_vnet, .. } if gw_vnet == g)
    }))
}

/// Whether client `client` (of gateway VNet `g`) has a route to `dst` (RULES.md §16): its own
/// VNet always; a peered VNet only through gateway transit, and only with a profile downloaded
/// after the last peering change; anything else goes to the gateway and is routed from there.
pub(super) fn admit(
    net: &Network,
    client: usize,
    g: usize,
    dst: Ipv4Addr,
) -> Result<String, (Reason, String)> {
    let t = net.topology;
    let c = &t.p2s_clients[client];
    let gname = &t.vnets[g].name;
    if t.vnets[g].contains(dst) {
        return Ok(format!(
            "{} connects to the VPN gateway of {gname}, whose address space its profile routes",
            c.name
        ));
    }
    if let Some(x) = (0..t.vnets.len()).find(|&x| t.vnets[x].contains(dst) && x != g) {
        let xname = &t.vnets[x].name;
        if net.connected(g, x).is_some() {
            if net.transit[x] != Some(g) {
                return Err((
                    Reason::GatewayTransitMissing,
                    format!(
                        "{xname} is peered with {gname}, but a point-to-site client reaches a peered VNet only when {gname}'s peering allows gateway transit and {xname}'s uses the remote gateway"
                    ),
                ));
            }
            if !c.profile_current {
                return Err((
                    Reason::P2sProfileStale,
                    format!(
                        "{} downloaded its VPN profile before {xname} was peered, so it has no route to {dst}; download the profile again",
                        c.name
                    ),
                ));
            }
            return Ok(format!(
                "{}'s profile routes {xname} (peered with {gname}, using its gateway through transit)",
                c.name
            ));
        }
        return Err((
            Reason::NotTransitive,
            format!(
                "{xname} is not peered with {gname}; point-to-site access is limited to directly peered VNets"
            ),
        ));
    }
    let gw = t.vnets[g]
        .gateway
        .as_ref()
        .expect("a P2S client's VNet has a gateway");
    if let Some(site) = gw
        .sites
        .iter()
        .filter_map(|n| t.site(n))
        .find(|st| st.prefixes.iter().any(|p| p.contains(&dst)))
        && !site.bgp
    {
        // P2SR: static site-to-site branches are not reachable from point-to-site clients.
        return Err((
            Reason::NoRoute,
            format!(
                "site {} is connected with static routing, and point-to-site clients reach only BGP-connected sites",
                site.name
            ),
        ));
    }
    if let Some(site) = gw
        .sites
        .iter()
        .filter_map(|n| t.site(n))
        .find(|st| st.prefixes.iter().any(|p| p.contains(&dst)))
        && c.os == crate::model::ClientOs::Windows
    {
        // RULES.md §16 (P2SR, Learn "About point-to-site VPN routing", "One VNet and a branch
        // office (BGP)"): Windows clients reach a BGP branch only once its routes are added on
        // the client by hand; the downloaded profile does not carry them. The file cannot say
        // they were added, so a Windows client has no route there.
        return Err((
            Reason::NoRoute,
            format!(
                "site {} is connected with BGP, but the VPN profile of a Windows client does not carry the site's routes: they must be added on {} by hand",
                site.name, c.name
            ),
        ));
    }
    Ok(format!(
        "{} sends {dst} into the VPN gateway of {gname}",
        c.name
    ))
}

impl Walker<'_, '_> {
    /// A P2S client's packets leave the client for its gateway (either leg).
    pub(super) fn p2s_leg(&mut self, client: usize, g: usize) -> Result<(), Failure> {
        let name = self.net.topology.p2s_clients[client].name.clone();
        match admit(self.net, client, g, self.packet.dst) {
            Ok(detail) => {
                self.hop(&name, "p2s", true, detail);
                Ok(())
            }
            Err((reason, detail)) => {
                self.hop(&name, "p2s", false, detail.clone());
                Err(Failure::new(reason, name, detail))
            }
        }
    }

    /// Route `r` (chosen in subnet (v, s)) sent the packet to gateway VNet `g`: if the address
    /// is in the gateway's client pool, it arrives at that client (or nowhere).
    pub(super) fn p2s_arrival(
        &mut self,
        r: &EffectiveRoute,
        v: usize,
        s: usize,
        g: usize,
    ) -> Option<Result<Arrival, Failure>> {
        let net = self.net;
        let t = net.topology;
        let dst = self.packet.dst;
        let client = client_at(net, g, dst)?;
        let here = format!("{}/{}", t.vnets[v].name, t.vnets[v].subnets[s].name);
        let gw = format!("{} gateway", t.vnets[g].name);
        let Some(m) = client else {
            let detail = format!(
                "{}, but no point-to-site client of {} has the address {dst}",
                r.describe(),
                t.vnets[g].name
            );
            self.hop(&here, "route", false, detail.clone());
            return Some(Err(Failure::new(Reason::NoRoute, here, detail)));
        };
        self.hop(&here, "route", true, r.describe());
        let name = net.machines[m].name.clone();
        self.hop(
            &gw,
            "gateway",
            true,
            format!(
                "the VPN gateway of {} sends the packet to point-to-site client {name}",
                t.vnets[g].name
            ),
        );
        self.hop(&name, "deliver", true, format!("{dst} is {name}"));
        Some(Ok(Arrival::Machine(m)))
    }
}
