//! The two legs of a flow: the request from its source, and the reply back to it.

use super::{Arrival, Failure, Prev, Walker};
use crate::eval::diagnose;
use crate::eval::reason::{Leg, Reason};
use crate::eval::{MachineKind, Packet};

impl<'n, 't> Walker<'n, 't> {
    /// Sends the request from machine `src` and checks where it arrives.
    pub(super) fn request(&mut self, src: usize) -> Result<Arrival, Failure> {
        let net = self.net;
        let m = &net.machines[src];
        let arrival = match m.kind {
            MachineKind::Vm { vnet, subnet, .. } | MachineKind::Firewall { vnet, subnet, .. } => {
                if self.packet.dst == m.ip {
                    // A packet to its own address never leaves the NIC: it reaches the target
                    // only if the target is this machine (overlapping VNets can share an IP).
                    let name = m.name.clone();
                    self.hop(&name, "deliver", true, format!("{} is {name} itself", m.ip));
                    self.check_arrival(Arrival::Machine(src), src)?;
                    return Ok(Arrival::Machine(src));
                }
                // Network Watcher's next hop does not depend on NSGs: report it even when an
                // outbound rule stops the packet before it is routed.
                let first = net.select_route(vnet, subnet, self.packet.dst);
                self.first_hop = first.map(|r| r.info());
                if let Err(f) = self.nsgs_out(src) {
                    return Err(if f.default_deny {
                        self.routing_cause(vnet, subnet, f)
                    } else {
                        f
                    });
                }
                self.route(vnet, subnet, Prev::Local)?
            }
            MachineKind::Host { site } => {
                let name = m.name.clone();
                self.send_from_site(site, &name)?
            }
            MachineKind::Bastion {
                bastion,
                vnet,
                subnet,
            } => {
                let Some(subnet) = subnet else {
                    return self.developer_session(src, bastion);
                };
                self.bastion_session(src, bastion)?;
                let first = net.select_route(vnet, subnet, self.packet.dst);
                self.first_hop = first.map(|r| r.info());
                self.route(vnet, subnet, Prev::Local)?
            }
            MachineKind::PrivateEndpoint { .. } => {
                let detail = format!(
                    "{} is a private endpoint: connections to it can only be initiated by clients, never by the endpoint",
                    m.name
                );
                let name = m.name.clone();
                self.hop(&name, "private-endpoint", false, detail.clone());
                return Err(Failure::new(Reason::NoRoute, name, detail));
            }
            MachineKind::P2sClient { client, gw_vnet } => {
                self.p2s_leg(client, gw_vnet)?;
                self.enter_gateway_subnet(gw_vnet)?
            }
        };
        self.check_arrival(arrival, src)?;
        Ok(arrival)
    }

    /// A request that arrives at another machine than the one asked for (overlapping address
    /// spaces do that) has not reached its target.
    pub(super) fn check_arrival(&mut self, arrival: Arrival, src: usize) -> Result<(), Failure> {
        let Some(target) = self.target else {
            return Ok(());
        };
        let net = self.net;
        let wrong = match (arrival, net.machines[target].kind) {
            (Arrival::Machine(m), _) => (m != target).then(|| net.machines[m].name.clone()),
            (Arrival::Site { site, .. }, MachineKind::Host { site: want }) => {
                (site != want).then(|| format!("site {}", net.topology.sites[site].name))
            }
            (Arrival::Site { site, .. }, _) => {
                Some(format!("site {}", net.topology.sites[site].name))
            }
            (Arrival::Internet, _) => Some("the internet".to_string()),
        };
        let Some(wrong) = wrong else {
            return Ok(());
        };
        let tname = net.machines[target].name.clone();
        let base = format!(
            "the packet for {} reaches {wrong}, not {tname}",
            self.packet.dst
        );
        let from = self
            .hops
            .iter()
            .rev()
            .find(|h| h.step == "route")
            .map(|h| h.at.clone());
        let (reason, detail) = match net.machines[target].kind.place() {
            Some(_) => {
                // Diagnose from the VNet where the last route decision was made.
                let origin = from
                    .as_deref()
                    .and_then(|label| label.split_once('/'))
                    .and_then(|(v, s)| {
                        let vi = net.vnet_index(v)?;
                        let si = net.topology.vnets[vi]
                            .subnets
                            .iter()
                            .position(|x| x.name == s)?;
                        Some((vi, si))
                    });
                match origin.or(net.machines[src].kind.place()) {
                    Some((v, s)) => diagnose::route_failure(
                        net,
                        v,
                        s,
                        self.packet.dst,
                        self.target_home(),
                        base,
                    ),
                    None => (Reason::NoRoute, base),
                }
            }
            None => (Reason::NoRoute, base),
        };
        self.hop(&tname, "deliver", false, detail.clone());
        Err(Failure::new(reason, tname, detail))
    }

    /// Sends the reply back from where the request arrived to machine `src`.
    pub(super) fn reply(&mut self, arrival: Arrival, src: usize) -> Result<(), Failure> {
        let net = self.net;
        self.leg = Leg::Reply;
        self.request_appliances = std::mem::take(&mut self.appliances);
        self.packet = Packet {
            src: self.packet.dst,
            dst: self.packet.src,
            ..self.packet
        };
        let back = match arrival {
            Arrival::Internet => {
                self.hop(
                    "Internet",
                    "return",
                    true,
                    "the reply from the internet returns to the public address the flow left from"
                        .to_string(),
                );
                return Ok(());
            }
            Arrival::Machine(m) if m == src => return Ok(()),
            Arrival::Machine(m) => match net.machines[m].kind {
                MachineKind::Vm { vnet, subnet, .. }
                | MachineKind::Firewall { vnet, subnet, .. }
                | MachineKind::PrivateEndpoint { vnet, subnet, .. }
                | MachineKind::Bastion {
                    vnet,
                    subnet: Some(subnet),
                    ..
                } => self.route(vnet, subnet, Prev::Local),
                MachineKind::Bastion { subnet: None, .. } => {
                    // A Developer bastion is never a destination (it has no address of its own).
                    return Ok(());
                }
                MachineKind::P2sClient { client, gw_vnet } => self
                    .p2s_leg(client, gw_vnet)
                    .and_then(|()| self.enter_gateway_subnet(gw_vnet)),
                MachineKind::Host { .. } => unreachable!("requests arrive at hosts as sites"),
            },
            Arrival::Site { site, gw_vnet } => self.site_reply(site, gw_vnet),
        };
        let back = back.map_err(|f| match f.reason {
            Reason::ForwardedTrafficBlocked | Reason::RoutingLoop | Reason::NoReturnRoute => f,
            _ => Failure::new(
                Reason::NoReturnRoute,
                f.at,
                format!("the reply cannot get back: {}", f.detail),
            ),
        })?;
        let home = match net.machines[src].kind {
            MachineKind::Host { site } => {
                matches!(back, Arrival::Site { site: s, .. } if s == site)
            }
            _ => back == Arrival::Machine(src),
        };
        if !home {
            let detail = format!(
                "the reply to {} goes somewhere else",
                net.machines[src].name
            );
            self.hop(&net.machines[src].name, "return", false, detail.clone());
            return Err(Failure::new(
                Reason::NoReturnRoute,
                net.machines[src].name.clone(),
                detail,
            ));
        }
        if let Some(&skipped) = self
            .request_appliances
            .iter()
            .find(|a| !self.appliances.contains(a))
        {
            let name = net.machines[skipped].name.clone();
            let detail = format!(
                "the reply bypasses {name}, which the request went through; a stateful appliance that sees only one direction drops the connection (asymmetric routing)"
            );
            self.hop(&name, "return", false, detail.clone());
            return Err(Failure::new(Reason::NoReturnRoute, name, detail));
        }
        let srcname = net.machines[src].name.clone();
        self.hop(
            &srcname,
            "return",
            true,
            format!("the reply reaches {srcname}"),
        );
        Ok(())
    }
}
