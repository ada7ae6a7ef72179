//! The packet trace: the request hop by hop, then its reply, stopping at the first failure.
//! The walk follows docs/EVALUATOR.md; each failure carries one reason (FORMAT.md §2).

use super::diagnose::{self, Home};
use super::nsg;
use super::reason::{Hop, Leg, Reason, Trace, TraceError, Verdict};
use super::routes::{self, NextHopInfo, NextHopType, RouteSource};
use super::{MachineKind, Network, Packet, dns, explain};
use crate::model::{Access, Direction, FIREWALL_SUBNET, GATEWAY_SUBNET, GatewayKind, Protocol};
use std::net::Ipv4Addr;

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
}

pub(super) struct Walker<'n, 't> {
    pub net: &'n Network<'t>,
    pub hops: Vec<Hop>,
    pub first_hop: Option<NextHopInfo>,
    leg: Leg,
    packet: Packet,
    appliances: Vec<usize>,
    request_appliances: Vec<usize>,
    /// The machine the flow is meant for, when the question named one.
    target: Option<usize>,
    /// Route without checking NSGs (to see whether routing alone would fail).
    skip_nsgs: bool,
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

    fn nsg_check(
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
        let detail = format!(
            "{level} NSG {} {}: {} (priority {})",
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
    fn routing_cause(&mut self, v: usize, s: usize, nsg: Failure) -> Failure {
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

    fn access_off_peerings(&self, vnet: usize) -> String {
        let t = self.net.topology;
        let names: Vec<String> = self.net.links[vnet]
            .iter()
            .filter(|l| !t.peerings[l.own].allow_virtual_network_access)
            .map(|l| format!("peering {}", t.peerings[l.own].name))
            .collect();
        names.join(" and ")
    }

    /// Outbound NSGs of a NIC: the NIC's own, then its subnet's.
    fn nsgs_out(&mut self, m: usize) -> Result<(), Failure> {
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
    fn nsgs_in(&mut self, m: usize) -> Result<(), Failure> {
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
        Ok(())
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
        self.nsgs_in(m)?;
        let name = self.net.machines[m].name.clone();
        self.hop(&name, "deliver", true, format!("{dst} is {name}"));
        Ok(Arrival::Machine(m))
    }

    /// Crossing a peering from `x` into `y`: the forwarded-traffic check (RULES.md §3).
    fn cross_peering(&mut self, x: usize, y: usize, prev: Prev) -> Result<(), Failure> {
        let net = self.net;
        let t = net.topology;
        let link = *net
            .connected(x, y)
            .expect("peering routes exist only for Connected peerings");
        let own = &t.peerings[link.own];
        let back = &t.peerings[link.back];
        let forwarded = !t.vnets[x].contains(self.packet.src);
        let at = format!("peering {}", own.name);
        // RULES.md §8 disputes only the case of access off with no NSG on the path: read
        // the other way, the peering then blocks by itself.
        if net.reading.access_off_blocks
            && (!own.allow_virtual_network_access || !back.allow_virtual_network_access)
            && !net.nsg_guards(self.packet.src)
            && !net.nsg_guards(self.packet.dst)
        {
            let detail = format!(
                "under the reading that access off blocks traffic by itself when no NSG applies, {} -> {} is blocked",
                t.vnets[x].name, t.vnets[y].name
            );
            self.hop(&at, "peering", false, detail.clone());
            return Err(Failure::new(Reason::VnetAccessDisabled, at, detail));
        }
        // The disputed reading checks the sending VNet's own side instead (RULES.md §8).
        let back = if net.reading.forwarded_on_sender {
            own
        } else {
            back
        };
        if !forwarded {
            self.hop(
                &at,
                "peering",
                true,
                format!("{} -> {} (Connected)", t.vnets[x].name, t.vnets[y].name),
            );
            return Ok(());
        }
        if prev == Prev::Gateway && net.transit[y] == Some(x) {
            self.hop(
                &at,
                "peering",
                true,
                format!(
                    "{} -> {}: traffic from the gateway to a spoke using it through transit is not subject to the forwarded-traffic setting",
                    t.vnets[x].name, t.vnets[y].name
                ),
            );
            return Ok(());
        }
        if back.allow_forwarded_traffic {
            self.hop(
                &at,
                "peering",
                true,
                format!(
                    "{} -> {}: source {} is outside {}, so this is forwarded traffic; {} allows it",
                    t.vnets[x].name, t.vnets[y].name, self.packet.src, t.vnets[x].name, back.name
                ),
            );
            return Ok(());
        }
        let detail = format!(
            "source {} is outside {}, so the packet is forwarded traffic, and peering {} (owned by {}) does not allow forwarded traffic",
            self.packet.src, t.vnets[x].name, back.name, t.vnets[y].name
        );
        let at = format!("peering {}", back.name);
        self.hop(&at, "peering", false, detail.clone());
        Err(Failure::new(Reason::ForwardedTrafficBlocked, at, detail))
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
            let r = routes::select(net.effective_routes(v, s), dst)
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
                NextHopType::Internet => {
                    if net.is_internet(dst) {
                        self.hop(&here, "route", true, r.describe());
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

    /// The appliance holding `ip`, in VNet `v` or one of its Connected peers.
    fn find_appliance(&self, v: usize, ip: Ipv4Addr) -> Option<(usize, usize)> {
        let net = self.net;
        if let Some(m) = net.machine_at(v, ip) {
            return Some((v, m));
        }
        net.links[v]
            .iter()
            .find_map(|l| net.machine_at(l.peer, ip).map(|m| (l.peer, m)))
    }

    /// The packet enters appliance `m`; returns the subnet it is routed from afterwards.
    fn appliance(&mut self, m: usize) -> Result<(usize, usize), Failure> {
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

    fn gateway(
        &mut self,
        r: &super::EffectiveRoute,
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
    fn send_from_site(&mut self, site: usize, host_name: &str) -> Result<Arrival, Failure> {
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

    fn enter_gateway_subnet(&mut self, g: usize) -> Result<Arrival, Failure> {
        let s = self
            .net
            .gateway_subnet(g)
            .expect("a gateway VNet has a GatewaySubnet");
        self.route(g, s, Prev::Gateway)
    }

    /// Whether the reply of an on-premises site can come back through gateway `g`.
    fn site_reply(&mut self, site: usize, g: usize) -> Result<Arrival, Failure> {
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

fn subnet_nsg<'a>(net: &'a Network, v: usize, s: usize) -> Option<&'a str> {
    let sn = &net.topology.vnets[v].subnets[s];
    // Azure does not support NSGs on these subnets; `check` warns and the evaluator ignores them.
    if sn.name == GATEWAY_SUBNET || sn.name == FIREWALL_SUBNET {
        return None;
    }
    sn.nsg.as_deref()
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
                let first = routes::select(net.effective_routes(vnet, subnet), self.packet.dst);
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
        };
        self.check_arrival(arrival, src)?;
        Ok(arrival)
    }

    /// A request that arrives at another machine than the one asked for (overlapping address
    /// spaces do that) has not reached its target.
    fn check_arrival(&mut self, arrival: Arrival, src: usize) -> Result<(), Failure> {
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
                | MachineKind::Firewall { vnet, subnet, .. } => {
                    self.route(vnet, subnet, Prev::Local)
                }
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

impl<'t> Network<'t> {
    /// Whether an NSG (subnet or NIC) applies to the VM holding `ip`, in any VNet.
    fn nsg_guards(&self, ip: Ipv4Addr) -> bool {
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

    /// Traces a flow, request and reply. `Err` only when the question names no such machine.
    pub fn trace(&self, spec: &FlowSpec) -> Result<Trace, TraceError> {
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
        let resolved = if let Ok(ip) = spec.to.parse::<Ipv4Addr>() {
            Ok(ip)
        } else if let Some(t) = self.machine_index(&spec.to) {
            w.target = Some(t);
            Ok(self.machines[t].ip)
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
