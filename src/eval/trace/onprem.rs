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
            net.gateway_of(v)
        };
        let Some(g) = g else {
            return Err(self.route_failure(
                (v, s),
                Reason::NoRoute,
                format!(
                    "{}, but {} has no gateway and uses no remote gateway",
                    r.describe(),
                    t.vnets[v].name
                ),
            ));
        };
        let gw = t.vnets[g].gateway.as_ref().expect("gateway VNet");
        if r.source == RouteSource::User && gw.kind == GatewayKind::ExpressRoute {
            return Err(self.route_failure(
                (v, s),
                Reason::NoRoute,
                format!("{}, but a user-defined route can only send to a VPN gateway, and {}'s is ExpressRoute", r.describe(), t.vnets[g].name),
            ));
        }
        let site = gw
            .sites
            .iter()
            .filter_map(|n| t.sites.iter().position(|x| &x.name == n))
            .find(|&i| t.sites[i].prefixes.iter().any(|p| p.contains(&dst)));
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
            if st.bgp {
                net.advertised(g).iter().any(|p| p.contains(&dst))
            } else {
                st.static_routes.iter().any(|p| p.contains(&dst))
            }
        });
        let Some(g) = chosen else {
            let (reason, detail) =
                diagnose::site_failure(net, site, &gateways, dst, self.target_home());
            self.hop(host_name, "site", false, detail.clone());
            return Err(Failure::new(reason, format!("site {}", st.name), detail));
        };
        let how = if st.bgp {
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
        let covered = if st.bgp {
            net.advertised(g).iter().any(|p| p.contains(&dst))
        } else {
            st.static_routes.iter().any(|p| p.contains(&dst))
        };
        let at = format!("site {}", st.name);
        if !covered {
            let detail = if st.bgp {
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
