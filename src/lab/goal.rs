//! A lab's goals, judged by the evaluator on the lab's current network: flows that must be
//! reachable or unreachable, and settings that must hold (a peering's state, a VNet using a
//! peer's gateway). A `keep` goal holds at the start and must go on holding; every other goal
//! is a "must" goal, which the start fails.

use crate::bank::Flow;
use crate::eval::{FlowSpec, Network, Verdict};
use crate::model::{Pos, Topology};
use ipnet::Ipv4Net;

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub text: String,
    pub keep: bool,
    pub kind: GoalKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GoalKind {
    Flow {
        flow: Flow,
        expect: Verdict,
    },
    /// `state` is a peering state's name, or `absent` (no such side, or Azure rejected it).
    PeeringState {
        vnet: String,
        name: String,
        state: String,
    },
    /// The side's `peeringSyncLevel` (RULES.md §14); `absent` never matches.
    PeeringSync {
        vnet: String,
        name: String,
        level: String,
    },
    /// One of `vnet`'s address-space prefixes contains `includes`.
    AddressSpace {
        vnet: String,
        includes: Ipv4Net,
    },
    /// `vnet` reaches on-premises through `of`'s gateway: a Connected pair with
    /// useRemoteGateways on vnet's side and allowGatewayTransit on of's (RULES.md §3).
    UsesGateway {
        vnet: String,
        of: String,
    },
    /// The learner has run this az command (its words after `az`) successfully: how a lab
    /// asks for a diagnosis (Network Watcher) before the fix.
    Ran {
        command: String,
    },
}

/// How one goal fares now, with a sentence saying why.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStatus {
    pub holds: bool,
    pub detail: String,
}

impl Goal {
    /// Whether the names a goal uses exist in the starting network.
    pub fn check_names(&self, t: &Topology) -> Result<(), String> {
        let vnet = |n: &str| {
            t.vnet(n).map(|_| ()).ok_or_else(|| {
                format!(
                    "goal {:?} names VNet {n:?}, which the network lacks",
                    self.text
                )
            })
        };
        match &self.kind {
            GoalKind::Flow { flow, .. } => {
                let net = Network::new(t);
                net.machine(&flow.from).map(|_| ()).ok_or_else(|| {
                    format!(
                        "goal {:?} starts at {:?}, which is no VM, firewall or host of the network",
                        self.text, flow.from
                    )
                })
            }
            GoalKind::PeeringState { vnet: v, .. }
            | GoalKind::PeeringSync { vnet: v, .. }
            | GoalKind::AddressSpace { vnet: v, .. } => {
                vnet(v)
            }
            GoalKind::UsesGateway { vnet: v, of } => vnet(v).and(vnet(of)),
            GoalKind::Ran { command } => crate::lab::az::tree::command(command)
                .map(|_| ())
                .ok_or_else(|| {
                    format!(
                        "goal {:?} asks for `az {command}`, which is no command of the simulated CLI",
                        self.text
                    )
                }),
        }
    }
}

fn uses_gateway(net: &Network, vnet: &str, of: &str) -> bool {
    let t = net.topology;
    let side = |x: &str, y: &str| {
        t.peerings
            .iter()
            .enumerate()
            .find(|(i, p)| p.vnet == x && p.remote == y && net.peerings[*i].is_connected())
            .map(|(_, p)| p)
    };
    match (side(vnet, of), side(of, vnet), t.vnet(of)) {
        (Some(own), Some(back), Some(hub)) => {
            own.use_remote_gateways && back.allow_gateway_transit && hub.gateway.is_some()
        }
        _ => false,
    }
}

/// Every goal judged on `t`, in order; `ran` holds the commands (words after `az`) that
/// have succeeded so far.
pub fn evaluate(t: &Topology, goals: &[Goal], ran: &[&str]) -> Vec<GoalStatus> {
    let net = Network::new(t);
    goals
        .iter()
        .map(|g| match &g.kind {
            GoalKind::Flow { flow, expect } => {
                let spec = FlowSpec {
                    from: flow.from.clone(),
                    to: flow.to.clone(),
                    port: flow.port,
                    protocol: flow.protocol,
                };
                match net.trace(&spec) {
                    Ok(tr) => GoalStatus {
                        holds: tr.verdict == *expect,
                        detail: format!("{} ({})", tr.verdict.as_str(), tr.reason.code()),
                    },
                    Err(e) => GoalStatus {
                        holds: false,
                        detail: e.to_string(),
                    },
                }
            }
            GoalKind::PeeringState { vnet, name, state } => {
                let now = t
                    .peerings
                    .iter()
                    .position(|p| &p.vnet == vnet && &p.name == name)
                    .and_then(|i| net.peering_state(i))
                    .map_or("absent", |s| s.as_str());
                GoalStatus {
                    holds: now == state,
                    detail: format!("{vnet}/{name} is {now}"),
                }
            }
            GoalKind::PeeringSync { vnet, name, level } => {
                let now = t
                    .peerings
                    .iter()
                    .position(|p| &p.vnet == vnet && &p.name == name)
                    .filter(|&i| net.peering_state(i).is_some())
                    .map_or("absent", |i| crate::lab::sync::level(t, &t.peerings[i]));
                GoalStatus {
                    holds: now == level,
                    detail: format!("{vnet}/{name} is {now}"),
                }
            }
            GoalKind::AddressSpace { vnet, includes } => {
                let space = t
                    .vnet(vnet)
                    .map(|v| v.address_space.clone())
                    .unwrap_or_default();
                GoalStatus {
                    holds: space.iter().any(|p| p.contains(includes)),
                    detail: format!(
                        "{vnet} has {}",
                        space
                            .iter()
                            .map(|p| p.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            }
            GoalKind::UsesGateway { vnet, of } => {
                let holds = uses_gateway(&net, vnet, of);
                GoalStatus {
                    holds,
                    detail: if holds {
                        format!("{vnet} uses the gateway of {of}")
                    } else {
                        format!("{vnet} does not use the gateway of {of}")
                    },
                }
            }
            GoalKind::Ran { command } => {
                let holds = ran.contains(&command.as_str());
                GoalStatus {
                    holds,
                    detail: if holds {
                        format!("az {command} has been run")
                    } else {
                        format!("az {command} has not been run yet")
                    },
                }
            }
        })
        .collect()
}
