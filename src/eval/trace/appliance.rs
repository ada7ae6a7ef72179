//! Appliances on the path: an NVA's NIC and IP forwarding, an Azure Firewall's rules.

use super::{Failure, Walker};
use crate::eval::MachineKind;
use crate::eval::reason::{Leg, Reason};
use crate::model::{Access, Protocol};
use std::net::Ipv4Addr;

impl<'n, 't> Walker<'n, 't> {
    /// The appliance holding `ip`, in VNet `v` or one of its Connected peers.
    pub(super) fn find_appliance(&self, v: usize, ip: Ipv4Addr) -> Option<(usize, usize)> {
        let net = self.net;
        if let Some(m) = net.machine_at(v, ip) {
            return Some((v, m));
        }
        net.links[v]
            .iter()
            .find_map(|l| net.machine_at(l.peer, ip).map(|m| (l.peer, m)))
    }

    /// The packet enters appliance `m`; returns the subnet it is routed from afterwards.
    pub(super) fn appliance(&mut self, m: usize) -> Result<(usize, usize), Failure> {
        let net = self.net;
        let mach = &net.machines[m];
        let name = mach.name.clone();
        if self.appliances.contains(&m) {
            let detail = format!("the packet comes back to {name}, which already forwarded it");
            self.hop(&name, "appliance", false, detail.clone());
            return Err(Failure::new(Reason::RoutingLoop, name, detail));
        }
        if self.leg == Leg::Reply && !self.request_appliances.contains(&m) {
            let detail = format!(
                "the reply is sent through {name}, which never saw the request, so this stateful appliance drops it (asymmetric routing)"
            );
            self.hop(&name, "appliance", false, detail.clone());
            return Err(Failure::new(Reason::NoReturnRoute, name, detail));
        }
        self.appliances.push(m);
        match mach.kind {
            MachineKind::Vm { vm, vnet, subnet } => {
                let vmr = &net.topology.vms[vm];
                self.nsgs_in(m)?;
                if !vmr.ip_forwarding {
                    let detail = format!(
                        "{name} receives a packet for {}, but IP forwarding is off on its NIC, so Azure drops it",
                        self.packet.dst
                    );
                    self.hop(&name, "appliance", false, detail.clone());
                    return Err(Failure::new(Reason::IpForwardingDisabled, name, detail));
                }
                if !vmr.forwards {
                    let detail = format!(
                        "{name}'s NIC accepts the packet, but the guest operating system does not route packets (forwards = false)"
                    );
                    self.hop(&name, "appliance", false, detail.clone());
                    return Err(Failure::new(Reason::IpForwardingDisabled, name, detail));
                }
                self.hop(
                    &name,
                    "appliance",
                    true,
                    format!("{name} forwards the packet (IP forwarding on, guest routing on)"),
                );
                self.nsgs_out(m)?;
                Ok((vnet, subnet))
            }
            MachineKind::Firewall { fw, vnet, subnet } => {
                if self.leg == Leg::Reply {
                    self.hop(
                        &name,
                        "firewall",
                        true,
                        format!(
                            "{name} lets the reply through: it tracks the connection it allowed"
                        ),
                    );
                    return Ok((vnet, subnet));
                }
                let f = &net.topology.firewalls[fw];
                let p = self.packet;
                let hit = f.rules.iter().find(|r| {
                    r.protocol.matches(p.protocol)
                        && r.source.iter().any(|n| n.contains(&p.src))
                        && r.destination.iter().any(|n| n.contains(&p.dst))
                        && (if p.protocol == Protocol::Icmp {
                            // ICMP has no ports: only a rule for any port matches it.
                            r.ports == crate::model::PortSet::Any
                        } else {
                            r.ports.contains(p.port)
                        })
                });
                match hit {
                    Some(r) if r.action == Access::Allow => {
                        self.hop(
                            &name,
                            "firewall",
                            true,
                            format!(
                                "rule {} allows {} {} -> {}:{}",
                                r.name, p.protocol, p.src, p.dst, p.port
                            ),
                        );
                        Ok((vnet, subnet))
                    }
                    Some(r) => {
                        let detail = format!(
                            "rule {} denies {} {} -> {}:{}",
                            r.name, p.protocol, p.src, p.dst, p.port
                        );
                        self.hop(&name, "firewall", false, detail.clone());
                        Err(Failure::new(Reason::FirewallDeny, name, detail))
                    }
                    None => {
                        let detail = format!(
                            "no rule of {name} matches {} {} -> {}:{}, and Azure Firewall denies by default",
                            p.protocol, p.src, p.dst, p.port
                        );
                        self.hop(&name, "firewall", false, detail.clone());
                        Err(Failure::new(Reason::FirewallDeny, name, detail))
                    }
                }
            }
            MachineKind::Host { .. } => unreachable!("hosts are not in VNets"),
        }
    }
}
