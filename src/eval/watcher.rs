//! Network Watcher's two point answers (RULES.md §7): next hop and IP flow verify.

use super::nsg::{self, NsgDecision};
use super::routes::{self, EffectiveRoute, NextHopInfo};
use super::{MachineKind, Network, Packet};
use crate::model::{Access, Direction, Protocol};
use serde::Serialize;
use std::net::Ipv4Addr;

/// IP flow verify's answer: `Allow`/`Deny` and the rule, e.g. `securityRules/deny-web`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowVerdict {
    pub access: &'static str,
    /// `None` when no NSG applies at either level (nothing filters the flow).
    pub rule: Option<String>,
    pub nsg: Option<String>,
    /// The ASGs the deciding rule matched through (`source ASG asg-web`); left out of the
    /// JSON when none (RULES.md §10, issue 11).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asgs: Vec<String>,
}

impl<'t> Network<'t> {
    /// The effective routes of the NIC of a VM or firewall.
    pub fn routes_of(&self, machine: &str) -> Option<&[EffectiveRoute]> {
        let (v, s) = self.machine(machine)?.kind.place()?;
        Some(self.effective_routes(v, s))
    }

    /// Network Watcher's next hop from a VM or firewall towards `dst`.
    pub fn next_hop(&self, machine: &str, dst: Ipv4Addr) -> Option<NextHopInfo> {
        self.next_hop_route(machine, dst).map(EffectiveRoute::info)
    }

    /// The effective route next hop answers from: the one the packet takes (longest prefix
    /// among the Active routes, RULES.md §4), so an item names the route that decides, not the
    /// first listed that happens to share its next hop (a second reader found the system
    /// 10.0.0.0/8 route named where a user-defined /16 decides, gen-4711-0005).
    pub fn next_hop_route(&self, machine: &str, dst: Ipv4Addr) -> Option<&EffectiveRoute> {
        routes::select(self.routes_of(machine)?, dst)
    }

    /// IP flow verify on a VM's NIC: `remote` is the other end; `port` the destination port.
    pub fn ip_flow_verify(
        &self,
        vm: &str,
        direction: Direction,
        protocol: Protocol,
        remote: Ipv4Addr,
        port: u16,
    ) -> Option<FlowVerdict> {
        let m = self.machine(vm)?;
        let MachineKind::Vm {
            vm: i,
            vnet,
            subnet,
        } = m.kind
        else {
            return None;
        };
        let t = self.topology;
        let (src, dst) = match direction {
            Direction::Inbound => (remote, m.ip),
            Direction::Outbound => (m.ip, remote),
        };
        let p = Packet {
            src,
            dst,
            protocol,
            port,
        };
        let nic = t.vms[i].nsg.as_deref();
        let sub = t.vnets[vnet].subnets[subnet].nsg.as_deref();
        let order = match direction {
            Direction::Inbound => [sub, nic],
            Direction::Outbound => [nic, sub],
        };
        let mut last: Option<NsgDecision> = None;
        for n in order.into_iter().flatten().filter_map(|n| t.nsg(n)) {
            let d = nsg::evaluate(self, n, vnet, direction, &p);
            let deny = d.access == Access::Deny;
            last = Some(d);
            if deny {
                break;
            }
        }
        Some(match last {
            None => FlowVerdict {
                access: "Allow",
                rule: None,
                nsg: None,
                asgs: Vec::new(),
            },
            Some(d) => FlowVerdict {
                access: if d.access == Access::Allow {
                    "Allow"
                } else {
                    "Deny"
                },
                rule: Some(d.rule_id()),
                nsg: Some(d.nsg),
                asgs: d.asgs,
            },
        })
    }
}
