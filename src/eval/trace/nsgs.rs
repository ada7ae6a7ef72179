//! The NSG checks of a trace: a NIC's rules in order, and which failure a deny stands for.

use super::{Failure, Prev, Walker};
use crate::eval::nsg;
use crate::eval::reason::{Leg, Reason};
use crate::eval::{MachineKind, Network};
use crate::model::{Access, Direction, FIREWALL_SUBNET, GATEWAY_SUBNET};
use std::net::Ipv4Addr;

impl<'n, 't> Walker<'n, 't> {
    pub(super) fn nsg_check(
        &mut self,
        dir: Direction,
        vnet: usize,
        nsg_name: Option<&str>,
        level: &str,
        at: &str,
    ) -> Result<(), Failure> {
        let Some(nsg) = nsg_name
            .and_then(|n| self.net.topology.nsg(n))
            .filter(|_| !self.skip_nsgs)
        else {
            return Ok(());
        };
        let step = match dir {
            Direction::Inbound => "nsg-inbound",
            Direction::Outbound => "nsg-outbound",
        };
        let d = nsg::evaluate(self.net, nsg, vnet, dir, &self.packet);
        let asgs = if d.asgs.is_empty() {
            String::new()
        } else {
            format!(", matched through {}", d.asgs.join(" and "))
        };
        let detail = format!(
            "{level} NSG {} {}: {} (priority {}{asgs})",
            d.nsg,
            if d.access == Access::Allow {
                "allows"
            } else {
                "denies"
            },
            d.rule_id(),
            d.priority
        );
        let ok = d.access == Access::Allow;
        self.hop(at, step, ok, detail.clone());
        if ok {
            return Ok(());
        }
        if let Some(rule) = &d.would_allow {
            let off = self.access_off_peerings(vnet);
            return Err(Failure::new(
                Reason::VnetAccessDisabled,
                at,
                format!(
                    "{detail}; {rule} would allow it, but {off} has allow_virtual_network_access off, so the other VNet is not part of this VNet's VirtualNetwork tag"
                ),
            ));
        }
        Err(Failure {
            default_deny: d.default_rule,
            ..Failure::new(Reason::NsgDeny, at, detail)
        })
    }

    /// A default DenyAll of a destination outside the VirtualNetwork tag is the symptom when
    /// the network does not reach that destination at all: the tag only holds what the VNet
    /// reaches. Then the routing failure is the cause a learner must fix (as FORMAT.md §2 puts
    /// `vnet-access-disabled` before `nsg-deny`), and the NSG is mentioned in its detail.
    pub(super) fn routing_cause(&mut self, v: usize, s: usize, nsg: Failure) -> Failure {
        let mut dry = Walker::new(self.net, self.packet);
        dry.target = self.target;
        dry.skip_nsgs = true;
        match dry.route(v, s, Prev::Local) {
            Err(f)
                if matches!(
                    f.reason,
                    Reason::PeeringNotConnected
                        | Reason::NotTransitive
                        | Reason::GatewayTransitMissing
                        | Reason::NoRoute
                        | Reason::UdrDrop
                ) =>
            {
                self.hops.extend(dry.hops);
                Failure {
                    detail: format!(
                        "{}; the {} as well, since a VNet's VirtualNetwork tag holds only the address spaces it reaches",
                        f.detail,
                        nsg.detail.replacen(" denies: ", " denies it with ", 1)
                    ),
                    ..f
                }
            }
            _ => nsg,
        }
    }

    pub(super) fn access_off_peerings(&self, vnet: usize) -> String {
        let t = self.net.topology;
        let names: Vec<String> = self.net.links[vnet]
            .iter()
            .filter(|l| !t.peerings[l.own].allow_virtual_network_access)
            .map(|l| format!("peering {}", t.peerings[l.own].name))
            .collect();
        names.join(" and ")
    }

    /// Outbound NSGs of a NIC: the NIC's own, then its subnet's.
    pub(super) fn nsgs_out(&mut self, m: usize) -> Result<(), Failure> {
        if self.leg == Leg::Reply {
            return Ok(());
        }
        let net = self.net;
        let mach = &net.machines[m];
        if let MachineKind::Vm { vm, vnet, subnet } = mach.kind {
            let vmr = &net.topology.vms[vm];
            self.nsg_check(
                Direction::Outbound,
                vnet,
                vmr.nsg.as_deref(),
                "NIC",
                &mach.name,
            )?;
            let sn = subnet_nsg(net, vnet, subnet);
            self.nsg_check(Direction::Outbound, vnet, sn, "subnet", &mach.name)?;
        }
        Ok(())
    }

    /// Inbound NSGs of a NIC: its subnet's, then its own.
    pub(super) fn nsgs_in(&mut self, m: usize) -> Result<(), Failure> {
        if self.leg == Leg::Reply {
            return Ok(());
        }
        let net = self.net;
        let mach = &net.machines[m];
        if let MachineKind::Vm { vm, vnet, subnet } = mach.kind {
            let sn = subnet_nsg(net, vnet, subnet);
            self.nsg_check(Direction::Inbound, vnet, sn, "subnet", &mach.name)?;
            let vmr = &net.topology.vms[vm];
            self.nsg_check(
                Direction::Inbound,
                vnet,
                vmr.nsg.as_deref(),
                "NIC",
                &mach.name,
            )?;
        }
        // The subnet NSG filters traffic to a private endpoint only with NSG network policy on
        // (RULES.md §12); outbound from an endpoint is not a valid scenario.
        if let MachineKind::PrivateEndpoint { vnet, subnet, .. } = mach.kind {
            let sn = &net.topology.vnets[vnet].subnets[subnet];
            if sn.private_endpoint_network_policies.nsg_on() {
                let nsg = subnet_nsg(net, vnet, subnet);
                self.nsg_check(Direction::Inbound, vnet, nsg, "subnet", &mach.name)?;
            }
        }
        Ok(())
    }
}

pub(super) fn subnet_nsg<'a>(net: &'a Network, v: usize, s: usize) -> Option<&'a str> {
    let sn = &net.topology.vnets[v].subnets[s];
    // Azure does not support NSGs on these subnets; `check` warns and the evaluator ignores them.
    if sn.name == GATEWAY_SUBNET || sn.name == FIREWALL_SUBNET {
        return None;
    }
    sn.nsg.as_deref()
}

impl<'t> Network<'t> {
    /// Whether an NSG (subnet or NIC) applies to the VM holding `ip`, in any VNet.
    pub(super) fn nsg_guards(&self, ip: Ipv4Addr) -> bool {
        self.machines
            .iter()
            .filter(|m| m.ip == ip)
            .any(|m| match m.kind {
                MachineKind::Vm { vm, vnet, subnet } => {
                    self.topology.vms[vm].nsg.is_some() || subnet_nsg(self, vnet, subnet).is_some()
                }
                _ => false,
            })
    }
}
