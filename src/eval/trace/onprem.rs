//! Gateways and on-premises sites: a packet sent to a gateway, sent from a site, or replied by one.

use super::{Arrival, Failure, Prev, Walker, list};
use crate::eval::diagnose;
use crate::eval::reason::Reason;
use crate::eval::routes::RouteSource;
use crate::model::GatewayKind;

impl<'n, 't> Walker<'n, 't> {
    pub(super) fn gateway(
        &mut self,
        r: &crate::eval::EffectiveRoute,
        v: usize,
        s: usize,
    ) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let dst = self.packet.dst;
        let g = if r.source == RouteSource::VirtualNetworkGateway {
            r.via_vnet
        } else {
            net.gateway_of(v).or_else(|| {
                // RULES.md §8: whether a spoke without the transit pair can send to a peer's
                // VPN gateway is not documented; peerlab says no, the alternative reading yes.
                (net.reading.gateway_router_without_transit && r.source == RouteSource::User)
                    .then(|| net.vpn_gateway_peer(v))
                    .flatten()
            })
        };
        let Some(g) = g else {
            let detail = format!(
                "{}, but {} has no gateway and uses no remote gateway",
                r.describe(),
                t.vnets[v].name
            );
            return Err(self.udr_failure(r, v, s, detail));
        };
        let gw = t.vnets[g].gateway.as_ref().expect("gateway VNet");
        if r.source == RouteSource::User && gw.kind == GatewayKind::ExpressRoute {
            let detail = format!(
                "{}, but a user-defined route can only send to a VPN gateway, and {}'s is ExpressRoute",
                r.describe(),
                t.vnets[g].name
            );
            return Err(self.udr_failure(r, v, s, detail));
        }
        if let Some(arrival) = self.p2s_arrival(r, v, s, g) {
            return arrival;
        }
        let site = gw
            .sites
            .iter()
            .filter_map(|n| t.sites.iter().position(|x| &x.name == n))
            .find(|&i| t.sites[i].prefixes.iter().any(|p| p.contains(&dst)));
        if site.is_none() && gw.kind == GatewayKind::Vpn && r.source == RouteSource::User {
            return self.gateway_routes_on(r, v, s, g);
        }
        let Some(site) = site else {
            return Err(self.route_failure(
                (v, s),
                Reason::NoRoute,
                format!(
                    "{}, but no site connected to the {} of {} holds {dst}",
                    r.describe(),
                    gw.kind.label(),
                    t.vnets[g].name
                ),
            ));
        };
        let here = self.subnet_label(v, s);
        self.hop(&here, "route", true, r.describe());
        let via = if g == v {
            String::new()
        } else {
            format!(
                " (the remote gateway, through gateway transit from {})",
                t.vnets[v].name
            )
        };
        let sname = t.sites[site].name.clone();
        self.hop(
            format!("{} gateway", t.vnets[g].name),
            "gateway",
            true,
            format!(
                "the {} of {}{via} sends the packet to site {sname}",
                gw.kind.label(),
                t.vnets[g].name
            ),
        );
        Ok(Arrival::Site { site, gw_vnet: g })
    }

    /// A route to a gateway that sends nowhere. A user-defined route decides the path, so the
    /// reason is `no-route` even where the destination is also a peer of a peer (RULES.md §4);
    /// a system route's failure is made specific as any other.
    fn udr_failure(
        &mut self,
        r: &crate::eval::EffectiveRoute,
        v: usize,
        s: usize,
        detail: String,
    ) -> Failure {
        if r.source != RouteSource::User {
            return self.route_failure((v, s), Reason::NoRoute, detail);
        }
        let at = self.subnet_label(v, s);
        self.hop(&at, "route", false, detail.clone());
        Failure::new(Reason::NoRoute, at, detail)
    }

    /// RULES.md §4, the gateway as a router: a VPN gateway sent a packet for which no connected
    /// site holds the destination routes it on with its `GatewaySubnet`'s effective routes
    /// (Learn: a VPN gateway "can forward network traffic between virtual networks that are
    /// peered with the virtual network the gateway is in").
    fn gateway_routes_on(
        &mut self,
        r: &crate::eval::EffectiveRoute,
        v: usize,
        s: usize,
        g: usize,
    ) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let dst = self.packet.dst;
        let here = self.subnet_label(v, s);
        self.hop(&here, "route", true, r.describe());
        let at = format!("{} gateway", t.vnets[g].name);
        self.gateway_routings += 1;
        if self.gateway_routings > super::MAX_LOOKUPS {
            let detail = format!(
                "the packet went through the gateway of {} too many times",
                t.vnets[g].name
            );
            self.hop(&at, "gateway", false, detail.clone());
            return Err(Failure::new(Reason::RoutingLoop, at, detail));
        }
        let via = if g == v {
            String::new()
        } else {
            format!(" (the remote gateway, used from {})", t.vnets[v].name)
        };
        self.hop(
            &at,
            "gateway",
            true,
            format!(
                "no site connected to the VPN gateway of {}{via} holds {dst}, so the gateway routes the packet on with the GatewaySubnet's effective routes",
                t.vnets[g].name
            ),
        );
        let gs = net
            .gateway_subnet(g)
            .expect("a gateway VNet has a GatewaySubnet");
        self.route(g, gs, Prev::Router)
    }

    /// A packet from an on-premises host: the site's own routes choose a gateway, and the packet
    /// is routed from that VNet's `GatewaySubnet`.
    pub(super) fn send_from_site(
        &mut self,
        site: usize,
        host_name: &str,
    ) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let dst = self.packet.dst;
        let st = &t.sites[site];
        let gateways: Vec<usize> = t
            .vnets
            .iter()
            .enumerate()
            .filter(|(_, v)| {
                v.gateway
                    .as_ref()
                    .is_some_and(|g| g.sites.contains(&st.name))
            })
            .map(|(i, _)| i)
            .collect();
        let chosen = gateways.iter().copied().find(|&g| {
            if net.speaks_bgp(site, g) {
                net.advertised_to(g, site).iter().any(|p| p.contains(&dst))
            } else {
                st.static_routes.iter().any(|p| p.contains(&dst))
            }
        });
        // RULES.md §4, §8: transit between two static sites is not documented; peerlab does
        // not route it (a static site's route to a BGP site's prefix is routed, as its reply).
        if let Some(g) = chosen
            && !net.speaks_bgp(site, g)
            && !net.reading.static_site_transit
            && let Some(other) = net.static_site_holding(g, site, dst)
        {
            let detail = format!(
                "{} routes {dst} to the gateway of {} with a static route, but {dst} belongs to site {}, which is static too: transit between two static sites is not documented, so peerlab does not route it (RULES.md §4)",
                st.name, t.vnets[g].name, t.sites[other].name
            );
            self.hop(host_name, "site", false, detail.clone());
            return Err(Failure::new(
                Reason::NoRoute,
                format!("site {}", st.name),
                detail,
            ));
        }
        let Some(g) = chosen else {
            if let Some(arrival) = self.site_to_public_endpoint(site) {
                return arrival;
            }
            let (reason, detail) =
                diagnose::site_failure(net, site, &gateways, dst, self.target_home());
            self.hop(host_name, "site", false, detail.clone());
            return Err(Failure::new(reason, format!("site {}", st.name), detail));
        };
        let how = if net.speaks_bgp(site, g) {
            "learned over BGP"
        } else {
            "a static route"
        };
        self.hop(
            format!("site {}", st.name),
            "site",
            true,
            format!(
                "{} routes {dst} to the gateway of {} ({how})",
                st.name, t.vnets[g].name
            ),
        );
        self.enter_gateway_subnet(g)
    }

    pub(super) fn enter_gateway_subnet(&mut self, g: usize) -> Result<Arrival, Failure> {
        let s = self
            .net
            .gateway_subnet(g)
            .expect("a gateway VNet has a GatewaySubnet");
        self.route(g, s, Prev::Gateway)
    }

    /// Whether the reply of an on-premises site can come back through gateway `g`.
    pub(super) fn site_reply(&mut self, site: usize, g: usize) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let st = &t.sites[site];
        let dst = self.packet.dst;
        let bgp = net.speaks_bgp(site, g);
        let covered = if bgp {
            net.advertised_to(g, site).iter().any(|p| p.contains(&dst))
        } else {
            st.static_routes.iter().any(|p| p.contains(&dst))
        };
        let at = format!("site {}", st.name);
        if !covered {
            let detail = if bgp {
                format!(
                    "site {} has no route back to {dst}: the gateway of {} does not advertise it (a spoke is advertised only when it uses the gateway through transit)",
                    st.name, t.vnets[g].name
                )
            } else {
                format!(
                    "site {} has no route back to {dst}: it uses static routes, and none of them ({}) covers {dst}",
                    st.name,
                    list(&st.static_routes)
                )
            };
            self.hop(&at, "return", false, detail.clone());
            return Err(Failure::new(Reason::NoReturnRoute, at, detail));
        }
        self.hop(
            &at,
            "site",
            true,
            format!(
                "{} sends the reply to the gateway of {}",
                st.name, t.vnets[g].name
            ),
        );
        self.enter_gateway_subnet(g)
    }
}
