//! The packet trace: the request hop by hop, then its reply, stopping at the first failure.
//! The walk follows docs/EVALUATOR.md; each failure carries one reason (FORMAT.md §2).

use super::diagnose::{self, Home};
use super::reason::{Hop, Leg, Reason, Trace, TraceError, Verdict};
use super::routes::{NextHopInfo, NextHopType, RouteSource};
use super::{MachineKind, Network, Packet, dns, explain, private_link};
use crate::model::Protocol;
use std::net::Ipv4Addr;

mod appliance;
mod cross;
mod legs;
mod nsgs;
mod onprem;

/// A question for the tracer: from a machine, to a name, address or DNS name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSpec {
    pub from: String,
    pub to: String,
    pub port: u16,
    pub protocol: Protocol,
}

impl FlowSpec {
    /// FORMAT.md §2's defaults: TCP 443.
    pub fn new(from: &str, to: &str) -> Self {
        FlowSpec {
            from: from.to_string(),
            to: to.to_string(),
            port: 443,
            protocol: Protocol::Tcp,
        }
    }
}

/// Route lookups allowed on one leg before the packet is declared looping.
const MAX_LOOKUPS: usize = 32;

/// Why the walk stopped: the reason, where, and a sentence that names what was found.
#[derive(Debug, Clone)]
pub(super) struct Failure {
    pub reason: Reason,
    pub at: String,
    pub detail: String,
    /// An NSG's default DenyAll rule decided (not a rule someone wrote).
    pub default_deny: bool,
}

impl Failure {
    pub(super) fn new(reason: Reason, at: impl Into<String>, detail: impl Into<String>) -> Self {
        Failure {
            reason,
            at: at.into(),
            detail: detail.into(),
            default_deny: false,
        }
    }
}

/// Where a leg ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrival {
    Machine(usize),
    Site { site: usize, gw_vnet: usize },
    Internet,
}

/// What the packet last went through, for the forwarded-traffic exemption of gateway transit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Local,
    Gateway,
    Appliance,
    /// Routed on by a VPN gateway acting as a router (RULES.md §4): no forwarded-traffic check.
    Router,
}

pub(super) struct Walker<'n, 't> {
    pub net: &'n Network<'t>,
    pub hops: Vec<Hop>,
    pub first_hop: Option<NextHopInfo>,
    pub(super) leg: Leg,
    pub(super) packet: Packet,
    appliances: Vec<usize>,
    request_appliances: Vec<usize>,
    /// The machine the flow is meant for, when the question named one.
    pub(super) target: Option<usize>,
    /// Route without checking NSGs (to see whether routing alone would fail).
    skip_nsgs: bool,
    /// The `--as` user (RULES.md §11: Bastion's RBAC), and whether `--to` named a machine
    /// (a Bastion's portal connection) rather than an address.
    pub(super) as_user: Option<usize>,
    pub(super) named_target: bool,
    /// How many times a gateway has routed this leg on (bounds gateway-to-gateway loops).
    pub(super) gateway_routings: usize,
}

impl<'n, 't> Walker<'n, 't> {
    pub(super) fn new(net: &'n Network<'t>, packet: Packet) -> Self {
        Walker {
            net,
            hops: Vec::new(),
            first_hop: None,
            leg: Leg::Request,
            packet,
            appliances: Vec::new(),
            request_appliances: Vec::new(),
            target: None,
            skip_nsgs: false,
            as_user: None,
            named_target: false,
            gateway_routings: 0,
        }
    }

    pub(super) fn hop(
        &mut self,
        at: impl Into<String>,
        step: &'static str,
        ok: bool,
        detail: String,
    ) {
        self.hops.push(Hop {
            at: at.into(),
            step,
            detail,
            leg: self.leg,
            ok,
        });
    }

    pub(super) fn set_target(&mut self, m: usize) {
        self.target = Some(m);
    }

    fn subnet_label(&self, v: usize, s: usize) -> String {
        let vnet = &self.net.topology.vnets[v];
        format!("{}/{}", vnet.name, vnet.subnets[s].name)
    }

    /// The packet reaches the NIC holding its destination in VNet `v`.
    fn deliver(&mut self, v: usize, subnet_hint: (usize, usize)) -> Result<Arrival, Failure> {
        let dst = self.packet.dst;
        let Some(m) = self.net.machine_at(v, dst) else {
            let vname = &self.net.topology.vnets[v].name;
            return Err(self.route_failure(
                subnet_hint,
                Reason::NoRoute,
                format!("no NIC in VNet {vname} has the address {dst}"),
            ));
        };
        if let (MachineKind::PrivateEndpoint { pe, .. }, Leg::Request) =
            (self.net.machines[m].kind, self.leg)
        {
            self.endpoint_arrival(pe)?;
        }
        self.nsgs_in(m)?;
        let name = self.net.machines[m].name.clone();
        self.hop(&name, "deliver", true, format!("{dst} is {name}"));
        Ok(Arrival::Machine(m))
    }

    /// A route failure, made as specific as the topology allows.
    fn route_failure(&mut self, (v, s): (usize, usize), base: Reason, detail: String) -> Failure {
        let at = self.subnet_label(v, s);
        let (reason, detail) = if base == Reason::NoRoute {
            diagnose::route_failure(self.net, v, s, self.packet.dst, self.target_home(), detail)
        } else {
            (base, detail)
        };
        self.hop(&at, "route", false, detail.clone());
        Failure::new(reason, at, detail)
    }

    fn target_home(&self) -> Home {
        diagnose::home(self.net, self.packet.dst, self.target)
    }

    /// Routes the packet from subnet (v, s) until it arrives or fails.
    fn route(&mut self, mut v: usize, mut s: usize, mut prev: Prev) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let dst = self.packet.dst;
        for _ in 0..MAX_LOOKUPS {
            let here = self.subnet_label(v, s);
            let r = net
                .select_route(v, s, dst)
                .expect("0.0.0.0/0 is always present")
                .clone();
            if self.first_hop.is_none() && self.leg == Leg::Request {
                self.first_hop = Some(r.info());
            }
            match r.next_hop {
                NextHopType::VnetLocal => {
                    if !t.vnets[v].contains(dst) {
                        return Err(self.route_failure(
                            (v, s),
                            Reason::NoRoute,
                            format!(
                                "{} sends {dst} to VnetLocal, but {dst} is not in {}",
                                r.describe(),
                                t.vnets[v].name
                            ),
                        ));
                    }
                    self.hop(&here, "route", true, r.describe());
                    return self.deliver(v, (v, s));
                }
                NextHopType::VNetPeering | NextHopType::VNetGlobalPeering => {
                    let y = r.via_vnet.expect("peering routes name their VNet");
                    self.hop(&here, "route", true, r.describe());
                    self.cross_peering(v, y, prev)?;
                    return self.deliver(y, (v, s));
                }
                NextHopType::VirtualAppliance => {
                    let ip = r.next_hop_ip.expect("a VirtualAppliance route has an IP");
                    let Some((ay, m)) = self.find_appliance(v, ip) else {
                        let base = format!(
                            "{} but no NIC or firewall in {} or its Connected peers has the address {ip}",
                            r.describe(),
                            t.vnets[v].name
                        );
                        let (reason, detail) = diagnose::unreachable_appliance(net, v, ip, base);
                        self.hop(&here, "route", false, detail.clone());
                        return Err(Failure::new(reason, here, detail));
                    };
                    self.hop(&here, "route", true, r.describe());
                    if ay != v {
                        self.cross_peering(v, ay, prev)?;
                    }
                    if ip == dst {
                        return self.deliver(ay, (v, s));
                    }
                    (v, s) = self.appliance(m)?;
                    prev = Prev::Appliance;
                }
                NextHopType::VirtualNetworkGateway => {
                    return self.gateway(&r, v, s);
                }
                NextHopType::VirtualNetworkServiceEndpoint => {
                    self.hop(&here, "route", true, r.describe());
                    let p = private_link::paas_at(net, dst)
                        .expect("service endpoint routes are PaaS addresses");
                    return self.paas_arrival(p, Some((v, s)));
                }
                NextHopType::InterfaceEndpoint => {
                    let y = r.via_vnet.expect("endpoint routes name their VNet");
                    self.hop(&here, "route", true, r.describe());
                    if y != v {
                        self.cross_peering(v, y, prev)?;
                    }
                    return self.deliver(y, (v, s));
                }
                NextHopType::Internet => {
                    if net.is_internet(dst) {
                        self.hop(&here, "route", true, r.describe());
                        if let Some(p) = private_link::paas_at(net, dst) {
                            return self.paas_arrival(p, None);
                        }
                        self.hop(
                            "Internet",
                            "deliver",
                            true,
                            format!("{dst} is a public address on the internet"),
                        );
                        return Ok(Arrival::Internet);
                    }
                    return Err(self.route_failure(
                        (v, s),
                        Reason::NoRoute,
                        format!(
                            "{}: {dst} is not a public address, so the internet cannot deliver it",
                            r.describe()
                        ),
                    ));
                }
                NextHopType::None => {
                    if r.source == RouteSource::User {
                        let detail = format!("{} drops the packet", r.describe());
                        self.hop(&here, "route", false, detail.clone());
                        return Err(Failure::new(Reason::UdrDrop, here, detail));
                    }
                    return Err(self.route_failure(
                        (v, s),
                        Reason::NoRoute,
                        format!("{} drops the packet", r.describe()),
                    ));
                }
            }
        }
        Err(Failure::new(
            Reason::RoutingLoop,
            self.subnet_label(v, s),
            format!("the packet was routed {MAX_LOOKUPS} times without arriving"),
        ))
    }
}

/// Ranges in running text: "10.0.0.0/16", "10.0.0.0/16 and 10.5.0.0/16", "a, b and c".
fn words(nets: &[ipnet::Ipv4Net]) -> String {
    let all: Vec<String> = nets.iter().map(|n| n.to_string()).collect();
    match all.as_slice() {
        [] => "no range".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub(super) fn list(nets: &[ipnet::Ipv4Net]) -> String {
    if nets.is_empty() {
        return "none".to_string();
    }
    nets.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl<'t> Network<'t> {
    /// Traces a flow, request and reply. `Err` only when the question names no such machine.
    pub fn trace(&self, spec: &FlowSpec) -> Result<Trace, TraceError> {
        self.trace_as(spec, None)
    }

    /// The same, acting as `user` (a `[[user]]` of the file) where RULES.md §11 checks roles.
    pub fn trace_as(&self, spec: &FlowSpec, user: Option<&str>) -> Result<Trace, TraceError> {
        let as_user = match user {
            Some(u) => Some(
                self.topology
                    .users
                    .iter()
                    .position(|x| x.name == u)
                    .ok_or_else(|| TraceError::UnknownUser(crate::text::quoted(u)))?,
            ),
            None => None,
        };
        let src = self
            .machine_index(&spec.from)
            .ok_or_else(|| TraceError::UnknownSource(crate::text::quoted(&spec.from)))?;
        let src_ip = self.machines[src].ip;
        let mut w = Walker::new(
            self,
            Packet {
                src: src_ip,
                dst: Ipv4Addr::UNSPECIFIED,
                protocol: spec.protocol,
                port: spec.port,
            },
        );
        w.as_user = as_user;
        let resolved = if let Ok(ip) = spec.to.parse::<Ipv4Addr>() {
            Ok(ip)
        } else if let Some(t) = self.machine_index(&spec.to) {
            w.target = Some(t);
            w.named_target = true;
            Ok(self.machines[t].ip)
        } else if let Some(p) = self.topology.paas_named(&spec.to) {
            // FORMAT.md §1b: `--to PAAS-NAME` means its fqdn, resolved as the source would.
            dns::resolve(&mut w, src, &p.fqdn)
        } else if dns::is_dns_name(&spec.to) {
            dns::resolve(&mut w, src, &spec.to)
        } else {
            return Err(TraceError::BadTarget(crate::text::quoted(&spec.to)));
        };
        let dst = resolved.as_ref().ok().copied();
        let outcome = resolved.and_then(|dst| {
            w.packet.dst = dst;
            let arrival = w.request(src)?;
            w.reply(arrival, src)
        });
        let outcome = match outcome {
            Err(f) if !self.stale.is_empty() => {
                let packet = (src_ip, dst.unwrap_or(Ipv4Addr::UNSPECIFIED));
                Err(self.unless_synced(f, packet, |n| {
                    n.trace_as(spec, user).map_or(Reason::Ok, |t| t.reason)
                }))
            }
            o => o,
        };
        let (verdict, reason, failure) = match outcome {
            Ok(()) => (Verdict::Reachable, Reason::Ok, None),
            Err(f) => (Verdict::Unreachable, f.reason, Some(f)),
        };
        let explanation = explain::paragraph(self, spec, src, dst, &w.hops, failure.as_ref());
        Ok(Trace {
            verdict,
            reason,
            next_hop: w.first_hop.take(),
            hops: w.hops,
            explanation,
            from: spec.from.clone(),
            to: spec.to.clone(),
            source_ip: src_ip,
            destination_ip: dst,
            protocol: spec.protocol.as_str().to_string(),
            port: spec.port,
        })
    }

    /// The reason a full trace from machine `src` to machine `dst` would give, without the
    /// explanation paragraph (the matrix needs only the outcome of each pair).
    pub(super) fn reason_between(
        &self,
        src: usize,
        dst: usize,
        port: u16,
        protocol: Protocol,
    ) -> Reason {
        let mut w = Walker::new(
            self,
            Packet {
                src: self.machines[src].ip,
                dst: self.machines[dst].ip,
                protocol,
                port,
            },
        );
        // As `trace --to NAME` does: the flow is meant for that machine.
        w.target = Some(dst);
        w.named_target = true;
        match w.request(src).and_then(|arrival| w.reply(arrival, src)) {
            Ok(()) => Reason::Ok,
            Err(f) if !self.stale.is_empty() => {
                let packet = (self.machines[src].ip, self.machines[dst].ip);
                self.unless_synced(f, packet, |n| n.reason_between(src, dst, port, protocol))
                    .reason
            }
            Err(f) => f.reason,
        }
    }

    /// RULES.md §14: a failure that syncing every peering would remove (the synced flow gives
    /// another outcome) is `peering-not-synced`, whatever the unsynced walk stopped on (a
    /// missing route either way, or a default NSG rule that would then match). `again` asks the
    /// same question of the synced network; `packet` (source, destination) picks the stale sides
    /// to name: those whose missing range holds either address, else every stale side.
    fn unless_synced(
        &self,
        f: Failure,
        packet: (Ipv4Addr, Ipv4Addr),
        again: impl Fn(&Network<'_>) -> Reason,
    ) -> Failure {
        let t = self.topology;
        if again(self.synced()) == f.reason {
            return f;
        }
        let missing = |i: usize| {
            let p = &t.peerings[i];
            let cached = p.remote_space_cached.as_deref().unwrap_or_default();
            t.vnet(&p.remote)
                .map(|r| {
                    r.address_space
                        .iter()
                        .filter(|n| !cached.contains(n))
                        .copied()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let holds = |i: usize| {
            missing(i)
                .iter()
                .any(|n| n.contains(&packet.0) || n.contains(&packet.1))
        };
        let mut named: Vec<usize> = self.stale.iter().copied().filter(|&i| holds(i)).collect();
        if named.is_empty() {
            named = self.stale.clone();
        }
        let sides: Vec<String> = named
            .iter()
            .take(4)
            .map(|&i| {
                let p = &t.peerings[i];
                // Prose, as it reaches generated rationales (short: a rationale line keeps
                // under 50 words): names are checked identifiers, so no quotes; no arrows.
                format!(
                    "peering {} still has {}'s old address space ({}) instead of {} ({})",
                    p.name,
                    p.remote,
                    words(p.remote_space_cached.as_deref().unwrap_or_default()),
                    words(
                        &t.vnet(&p.remote)
                            .map(|v| v.address_space.clone())
                            .unwrap_or_default()
                    ),
                    crate::model::sync::level(t, p),
                )
            })
            .collect();
        // The unsynced walk's stop is a clause of its own (a symptom, which generated items
        // leave out), so the clause naming the stale side stays whole.
        Failure::new(
            Reason::PeeringNotSynced,
            f.at,
            format!(
                "{}; without the sync, {}; sync the stale peering (az network vnet peering sync)",
                sides.join("; "),
                f.detail
            ),
        )
    }

    /// Whether an address lies on the internet: public, and in no VNet or site of the file.
    pub(super) fn is_internet(&self, ip: Ipv4Addr) -> bool {
        !super::is_private(ip)
            && !self.topology.vnets.iter().any(|v| v.contains(ip))
            && !self
                .topology
                .sites
                .iter()
                .any(|s| s.prefixes.iter().any(|p| p.contains(&ip)))
    }
}
