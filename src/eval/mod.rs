//! The peering rules evaluator: pure functions of a [`Topology`] that route and filter packets
//! the way Azure documents it (RULES.md), and explain the outcome.
//!
//! [`Network::new`] resolves names, Azure's peering verdicts, effective routes and service
//! tags once; traces then only look things up, which keeps an all-pairs matrix cheap.

mod bastion;
mod diagnose;
mod dns;
mod explain;
mod matrix;
mod nsg;
mod p2s;
mod private_link;
mod reason;
mod routes;
mod service_endpoint;
mod text;
mod trace;
mod watcher;

pub use explain::lesson;
pub use matrix::{Endpoint, Matrix, ReasonGroup};
pub use nsg::{NsgDecision, default_rules};

pub use reason::{Hop, Leg, Reason, Trace, TraceError, Verdict};
pub use routes::{EffectiveRoute, NextHopInfo, NextHopType, RouteSource, RouteState};
pub use trace::FlowSpec;
pub use watcher::FlowVerdict;

use crate::model::{GATEWAY_SUBNET, PeeringState, PeeringVerdict, Protocol, Topology};
use ipnet::Ipv4Net;
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// Something that sends or receives packets: a VM NIC, an Azure Firewall, or an on-premises host.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub name: String,
    pub ip: Ipv4Addr,
    pub kind: MachineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineKind {
    /// Index into `Topology::vms`, with the VNet and subnet indexes it sits in.
    Vm {
        vm: usize,
        vnet: usize,
        subnet: usize,
    },
    Firewall {
        fw: usize,
        vnet: usize,
        subnet: usize,
    },
    Host {
        site: usize,
    },
    /// A Bastion host (RULES.md §11); `subnet` is its AzureBastionSubnet (none for Developer).
    Bastion {
        bastion: usize,
        vnet: usize,
        subnet: Option<usize>,
    },
    /// A private endpoint's NIC (RULES.md §12).
    PrivateEndpoint {
        pe: usize,
        vnet: usize,
        subnet: usize,
    },
    /// A point-to-site client, behind the gateway of `gw_vnet` (RULES.md §16).
    P2sClient {
        client: usize,
        gw_vnet: usize,
    },
}

impl MachineKind {
    pub fn place(self) -> Option<(usize, usize)> {
        match self {
            MachineKind::Vm { vnet, subnet, .. }
            | MachineKind::Firewall { vnet, subnet, .. }
            | MachineKind::PrivateEndpoint { vnet, subnet, .. } => Some((vnet, subnet)),
            MachineKind::Bastion { vnet, subnet, .. } => subnet.map(|s| (vnet, s)),
            MachineKind::Host { .. } | MachineKind::P2sClient { .. } => None,
        }
    }
}

/// A Connected peering seen from one VNet: the peer and both sides' indexes in `peerings`.
#[derive(Debug, Clone, Copy)]
struct Link {
    peer: usize,
    own: usize,
    back: usize,
}

/// A way of reading one of the points RULES.md §8 marks as disputed by the public sources.
/// peerlab answers with [`Reading::default`]; the generator also asks each alternative, and
/// drops a question whose answer would change; `check` fails a bank question whose key would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reading {
    /// `allowForwardedTraffic` read on the sending VNet's peering (ARM description, CLI help)
    /// rather than the receiving VNet's (portal, Learn).
    pub forwarded_on_sender: bool,
    /// Access off blocks traffic between the two VNets even where no NSG would.
    pub access_off_blocks: bool,
    /// Gateway transit does not work over global peering (older pages, Terraform docs).
    pub no_global_transit: bool,
    /// Traffic a gateway forwards to a spoke through gateway transit is not exempt from the
    /// forwarded-traffic check, which is read on the gateway VNet's side (the 2026
    /// troubleshooting page: "On the virtual network that has a gateway, verify that the Allow
    /// forwarded traffic check box is selected"; the peering page exempts it). Checking the
    /// spoke's side instead is no source's reading, so it is not an alternative.
    pub gateway_forwarded_on_gateway_vnet: bool,
    /// Azure refuses a peering that sets both gateway flags (no source says so; RULES.md §1).
    pub both_gateway_flags_refused: bool,
    /// Azure refuses gateway transit through a Basic-SKU gateway rather than accepting it inert.
    pub basic_transit_refused: bool,
    /// Azure refuses use_remote_gateways while the remote side does not exist yet.
    pub remote_gateways_need_remote_side: bool,
    /// A spoke without the transit pair can still send to a peered VPN gateway with a UDR
    /// (RULES.md §4, §8: not documented; peerlab says it cannot).
    pub gateway_router_without_transit: bool,
    /// A VPN gateway routes between two static sites (RULES.md §4, §8: not documented; peerlab
    /// does not).
    pub static_site_transit: bool,
}

impl Reading {
    /// Each disputed point read the other way, one at a time.
    pub const ALTERNATIVES: [Reading; 9] = {
        const NONE: Reading = Reading {
            forwarded_on_sender: false,
            access_off_blocks: false,
            no_global_transit: false,
            gateway_forwarded_on_gateway_vnet: false,
            both_gateway_flags_refused: false,
            basic_transit_refused: false,
            remote_gateways_need_remote_side: false,
            gateway_router_without_transit: false,
            static_site_transit: false,
        };
        [
            Reading {
                forwarded_on_sender: true,
                ..NONE
            },
            Reading {
                access_off_blocks: true,
                ..NONE
            },
            Reading {
                no_global_transit: true,
                ..NONE
            },
            Reading {
                gateway_forwarded_on_gateway_vnet: true,
                ..NONE
            },
            Reading {
                both_gateway_flags_refused: true,
                ..NONE
            },
            Reading {
                basic_transit_refused: true,
                ..NONE
            },
            Reading {
                remote_gateways_need_remote_side: true,
                ..NONE
            },
            Reading {
                gateway_router_without_transit: true,
                ..NONE
            },
            Reading {
                static_site_transit: true,
                ..NONE
            },
        ]
    };

    /// The alternatives that could change anything in `t` (the others cannot differ from the
    /// default, so callers skip them to stay fast).
    pub fn relevant(t: &Topology) -> Vec<Reading> {
        let asym_fwd = t.peerings.iter().any(|p| {
            t.peerings.iter().any(|q| {
                q.vnet == p.remote
                    && q.remote == p.vnet
                    && q.allow_forwarded_traffic != p.allow_forwarded_traffic
            })
        });
        let access_off = t.peerings.iter().any(|p| !p.allow_virtual_network_access);
        let remote_gw = t.peerings.iter().any(|p| p.use_remote_gateways);
        let global_transit = t.peerings.iter().any(|p| {
            p.use_remote_gateways
                && t.vnet(&p.vnet)
                    .zip(t.vnet(&p.remote))
                    .is_some_and(|(a, b)| a.region != b.region)
        });
        let both_flags = t
            .peerings
            .iter()
            .any(|p| p.use_remote_gateways && p.allow_gateway_transit);
        let basic = t
            .vnets
            .iter()
            .any(|v| v.gateway.as_ref().is_some_and(|g| g.is_basic()));
        let lone_remote = t.peerings.iter().any(|p| {
            p.use_remote_gateways
                && !t
                    .peerings
                    .iter()
                    .any(|q| q.vnet == p.remote && q.remote == p.vnet && !q.remote_deleted)
        });
        let udr_to_gateway = t.route_tables.iter().any(|rt| {
            rt.routes
                .iter()
                .any(|r| r.next_hop == crate::model::UdrNextHop::VirtualNetworkGateway)
        });
        // Sites that act as static: bgp = false, or on a Basic gateway (no BGP).
        let on_basic = |name: &str| {
            t.vnets.iter().any(|v| {
                v.gateway
                    .as_ref()
                    .is_some_and(|g| g.is_basic() && g.sites.iter().any(|n| n == name))
            })
        };
        let static_sites = t
            .sites
            .iter()
            .filter(|s| !s.bgp || on_basic(&s.name))
            .count()
            >= 2;
        Reading::ALTERNATIVES
            .into_iter()
            .filter(|r| {
                (r.forwarded_on_sender && asym_fwd)
                    || (r.access_off_blocks && access_off)
                    || (r.no_global_transit && global_transit)
                    || (r.gateway_forwarded_on_gateway_vnet && remote_gw)
                    || (r.both_gateway_flags_refused && both_flags)
                    || (r.basic_transit_refused
                        && basic
                        && (remote_gw || t.peerings.iter().any(|p| p.allow_gateway_transit)))
                    || (r.remote_gateways_need_remote_side && lone_remote)
                    || (r.gateway_router_without_transit && udr_to_gateway)
                    || (r.static_site_transit && static_sites)
            })
            .collect()
    }

    /// The reading in words, for `check`'s messages.
    pub fn describe(&self) -> &'static str {
        if self.forwarded_on_sender {
            "allow_forwarded_traffic read on the sending VNet's side"
        } else if self.access_off_blocks {
            "access off blocks traffic by itself where no NSG applies"
        } else if self.no_global_transit {
            "no gateway transit over global peering"
        } else if self.gateway_forwarded_on_gateway_vnet {
            "traffic forwarded by a gateway through transit needs allow_forwarded_traffic on the gateway VNet's side"
        } else if self.both_gateway_flags_refused {
            "Azure refuses both gateway flags on one peering"
        } else if self.basic_transit_refused {
            "Azure refuses gateway transit through a Basic-SKU gateway"
        } else if self.remote_gateways_need_remote_side {
            "Azure refuses use_remote_gateways while the remote side does not exist"
        } else if self.gateway_router_without_transit {
            "a spoke without the transit pair can send to a peered VPN gateway with a UDR"
        } else if self.static_site_transit {
            "a VPN gateway routes between two static sites"
        } else {
            "peerlab's default reading"
        }
    }

    /// What the reading changes in Azure's verdicts on peering requests.
    pub fn creation(&self) -> crate::model::CreationReading {
        crate::model::CreationReading {
            both_gateway_flags_refused: self.both_gateway_flags_refused,
            basic_transit_refused: self.basic_transit_refused,
            remote_gateways_need_remote_side: self.remote_gateways_need_remote_side,
        }
    }
}

/// A topology prepared for evaluation. Build it once, ask it many questions.
pub struct Network<'t> {
    pub topology: &'t Topology,
    pub reading: Reading,
    /// Azure's verdict for each `topology.peerings[i]`.
    pub peerings: Vec<PeeringVerdict>,
    vnet_index: HashMap<&'t str, usize>,
    links: Vec<Vec<Link>>,
    /// The VNet whose gateway each VNet uses through gateway transit, if any.
    transit: Vec<Option<usize>>,
    routes: Vec<Vec<Vec<EffectiveRoute>>>,
    route_index: Vec<Vec<routes::RouteIndex>>,
    /// The `VirtualNetwork` tag of each VNet, and the same tag as if every peering had access on
    /// (to tell `vnet-access-disabled` from `nsg-deny`).
    tags: Vec<Vec<Ipv4Net>>,
    tags_all_access: Vec<Vec<Ipv4Net>>,
    pub machines: Vec<Machine>,
    by_name: HashMap<&'t str, usize>,
    by_ip: HashMap<(usize, Ipv4Addr), usize>,
    /// The private IPs of each ASG's member NICs (RULES.md §10).
    asg_ips: HashMap<&'t str, Vec<Ipv4Addr>>,
    /// The Connected sides holding an old copy of their remote's space (RULES.md §14).
    stale: Vec<usize>,
    /// Routes and tags read every side as synced (the network `peering-not-synced` compares a
    /// failing flow against; the same as evaluating `sync::all_synced(topology)`).
    ignore_caches: bool,
    /// That synced network, built once on the first failing flow that needs it: rebuilding it
    /// per trace cost a whole build (about 6 ms at 200 spokes).
    synced: std::sync::OnceLock<Box<Network<'t>>>,
}

impl<'t> Network<'t> {
    /// `topology` must be structurally valid (as [`crate::model::parse_topology`] returns it).
    pub fn new(topology: &'t Topology) -> Self {
        Network::with_reading(topology, Reading::default())
    }

    /// The same, reading the disputed points of RULES.md §8 as `reading` says.
    pub fn with_reading(topology: &'t Topology, reading: Reading) -> Self {
        Network::build(topology, reading, false)
    }

    /// This network with every peering synced (RULES.md §14): itself when no side is stale.
    pub(crate) fn synced(&self) -> &Network<'t> {
        if self.stale.is_empty() {
            return self;
        }
        self.synced
            .get_or_init(|| Box::new(Network::build(self.topology, self.reading, true)))
    }

    /// The remote space side `own` routes by: its cache, unless this network reads every side
    /// as synced, else the remote's current space.
    pub(crate) fn known_space(&self, own: usize, peer: usize) -> &'t [Ipv4Net] {
        let t = self.topology;
        match &t.peerings[own].remote_space_cached {
            Some(c) if !self.ignore_caches => c,
            _ => &t.vnets[peer].address_space,
        }
    }

    fn build(topology: &'t Topology, reading: Reading, ignore_caches: bool) -> Self {
        let t = topology;
        let vnet_index: HashMap<&str, usize> = t
            .vnets
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.as_str(), i))
            .collect();
        let peerings = crate::model::create_peerings_with(t, reading.creation());
        // The first Connected side of each (vnet, remote), to pair the two sides in one pass.
        let mut first_connected: HashMap<(&str, &str), usize> = HashMap::new();
        for (j, q) in t.peerings.iter().enumerate() {
            if peerings[j].is_connected() {
                first_connected
                    .entry((q.vnet.as_str(), q.remote.as_str()))
                    .or_insert(j);
            }
        }
        let mut links = vec![Vec::new(); t.vnets.len()];
        for (i, p) in t.peerings.iter().enumerate() {
            if !peerings[i].is_connected() {
                continue;
            }
            // Connected sides come in pairs; a side without its partner carries nothing.
            let Some(&back) = first_connected.get(&(p.remote.as_str(), p.vnet.as_str())) else {
                continue;
            };
            if let (Some(&x), Some(&y)) = (
                vnet_index.get(p.vnet.as_str()),
                vnet_index.get(p.remote.as_str()),
            ) {
                links[x].push(Link {
                    peer: y,
                    own: i,
                    back,
                });
            }
        }
        let transit = (0..t.vnets.len())
            .map(|x| {
                links[x].iter().find_map(|l| {
                    let own = &t.peerings[l.own];
                    let back = &t.peerings[l.back];
                    (own.use_remote_gateways
                        && back.allow_gateway_transit
                        // A Basic gateway accepts the peering but carries no transit (§1).
                        && t.vnets[l.peer].gateway.as_ref().is_some_and(|g| !g.is_basic())
                        && !(reading.no_global_transit
                            && t.vnets[x].region != t.vnets[l.peer].region))
                        .then_some(l.peer)
                })
            })
            .collect();
        let mut machines = Vec::new();
        for (i, vm) in t.vms.iter().enumerate() {
            if let Some((vnet, subnet)) = place(t, &vnet_index, &vm.vnet, &vm.subnet) {
                machines.push(Machine {
                    name: vm.name.clone(),
                    ip: vm.ip,
                    kind: MachineKind::Vm {
                        vm: i,
                        vnet,
                        subnet,
                    },
                });
            }
        }
        for (i, fw) in t.firewalls.iter().enumerate() {
            if let Some((vnet, subnet)) = place(t, &vnet_index, &fw.vnet, &fw.subnet) {
                machines.push(Machine {
                    name: fw.name.clone(),
                    ip: fw.ip,
                    kind: MachineKind::Firewall {
                        fw: i,
                        vnet,
                        subnet,
                    },
                });
            }
        }
        for (i, b) in t.bastions.iter().enumerate() {
            if let Some(&vnet) = vnet_index.get(b.vnet.as_str()) {
                let subnet = t.vnets[vnet]
                    .subnets
                    .iter()
                    .position(|s| s.name == crate::model::BASTION_SUBNET);
                machines.push(Machine {
                    name: b.name.clone(),
                    ip: t.bastion_ip(b).unwrap_or(Ipv4Addr::UNSPECIFIED),
                    kind: MachineKind::Bastion {
                        bastion: i,
                        vnet,
                        subnet,
                    },
                });
            }
        }
        for (i, e) in t.private_endpoints.iter().enumerate() {
            if let Some((vnet, subnet)) = place(t, &vnet_index, &e.vnet, &e.subnet) {
                machines.push(Machine {
                    name: e.name.clone(),
                    ip: e.ip,
                    kind: MachineKind::PrivateEndpoint {
                        pe: i,
                        vnet,
                        subnet,
                    },
                });
            }
        }
        for (i, c) in t.p2s_clients.iter().enumerate() {
            if let Some(&gw_vnet) = vnet_index.get(c.gateway_vnet.as_str()) {
                machines.push(Machine {
                    name: c.name.clone(),
                    ip: c.ip,
                    kind: MachineKind::P2sClient { client: i, gw_vnet },
                });
            }
        }
        for (i, s) in t.sites.iter().enumerate() {
            for h in &s.hosts {
                machines.push(Machine {
                    name: h.name.clone(),
                    ip: h.ip,
                    kind: MachineKind::Host { site: i },
                });
            }
        }
        let by_name = machines
            .iter()
            .enumerate()
            .map(|(i, m)| {
                // SAFETY of the lifetime: names live in the topology, which outlives `self`.
                let name: &'t str = match m.kind {
                    MachineKind::Vm { vm, .. } => &t.vms[vm].name,
                    MachineKind::Firewall { fw, .. } => &t.firewalls[fw].name,
                    MachineKind::Host { site } => {
                        &t.sites[site]
                            .hosts
                            .iter()
                            .find(|h| h.name == m.name)
                            .expect("host of its site")
                            .name
                    }
                    MachineKind::Bastion { bastion, .. } => &t.bastions[bastion].name,
                    MachineKind::PrivateEndpoint { pe, .. } => &t.private_endpoints[pe].name,
                    MachineKind::P2sClient { client, .. } => &t.p2s_clients[client].name,
                };
                (name, i)
            })
            .collect();
        let by_ip = machines
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.kind.place().map(|(v, _)| ((v, m.ip), i)))
            .collect();
        let mut net = Network {
            topology,
            reading,
            peerings,
            vnet_index,
            links,
            transit,
            routes: Vec::new(),
            route_index: Vec::new(),
            tags: Vec::new(),
            tags_all_access: Vec::new(),
            machines,
            by_name,
            by_ip,
            asg_ips: asg_ips(t),
            stale: Vec::new(),
            ignore_caches,
            synced: std::sync::OnceLock::new(),
        };
        net.stale = net
            .links
            .iter()
            .flatten()
            .map(|l| l.own)
            .filter(|&i| !ignore_caches && crate::model::sync::stale(t, &t.peerings[i]))
            .collect();
        net.stale.sort_unstable();
        net.routes = (0..t.vnets.len())
            .map(|v| {
                (0..t.vnets[v].subnets.len())
                    .map(|s| routes::compute(&net, v, s))
                    .collect()
            })
            .collect();
        net.route_index = net
            .routes
            .iter()
            .map(|subnets| subnets.iter().map(|r| routes::RouteIndex::new(r)).collect())
            .collect();
        net.tags = (0..t.vnets.len())
            .map(|v| nsg::vnet_tag(&net, v, false))
            .collect();
        net.tags_all_access = (0..t.vnets.len())
            .map(|v| nsg::vnet_tag(&net, v, true))
            .collect();
        net
    }

    pub fn vnet_index(&self, name: &str) -> Option<usize> {
        self.vnet_index.get(name).copied()
    }

    pub fn machine(&self, name: &str) -> Option<&Machine> {
        self.by_name.get(name).map(|&i| &self.machines[i])
    }

    fn machine_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    fn machine_at(&self, vnet: usize, ip: Ipv4Addr) -> Option<usize> {
        self.by_ip.get(&(vnet, ip)).copied()
    }

    /// The effective routes of a subnet, in the order Azure lists them.
    pub fn effective_routes(&self, vnet: usize, subnet: usize) -> &[EffectiveRoute] {
        &self.routes[vnet][subnet]
    }

    /// The state a peering side shows, or `None` when Azure rejected it.
    pub fn peering_state(&self, index: usize) -> Option<PeeringState> {
        self.peerings[index].state()
    }

    fn connected(&self, x: usize, y: usize) -> Option<&Link> {
        self.links[x].iter().find(|l| l.peer == y)
    }

    fn gateway_subnet(&self, vnet: usize) -> Option<usize> {
        self.topology.vnets[vnet]
            .subnets
            .iter()
            .position(|s| s.name == GATEWAY_SUBNET)
    }

    /// The VNet whose gateway `vnet` sends gateway traffic to: its own, or the remote one it
    /// uses through transit.
    fn gateway_of(&self, vnet: usize) -> Option<usize> {
        if self.topology.vnets[vnet].gateway.is_some() {
            Some(vnet)
        } else {
            self.transit[vnet]
        }
    }

    /// Whether site `site` exchanges BGP routes with the gateway of `gw_vnet`: a Basic gateway
    /// has no BGP, so its `bgp = true` sites act as static (RULES.md §4, FORMAT.md §1b).
    fn speaks_bgp(&self, site: usize, gw_vnet: usize) -> bool {
        self.topology.sites[site].bgp
            && !self.topology.vnets[gw_vnet]
                .gateway
                .as_ref()
                .is_some_and(|g| g.is_basic())
    }

    /// The route a packet to `dst` takes from subnet (vnet, subnet): longest prefix match among
    /// its Active effective routes.
    fn select_route(&self, vnet: usize, subnet: usize, dst: Ipv4Addr) -> Option<&EffectiveRoute> {
        self.route_index[vnet][subnet].select(&self.routes[vnet][subnet], dst)
    }

    /// What a gateway tells its BGP site `site`: its own VNet, every spoke using it through
    /// transit, and (a VPN gateway, RULES.md §4 "BGP transit between sites") the prefixes of
    /// every other site connected to it, BGP or static.
    fn advertised_to(&self, gw_vnet: usize, site: usize) -> Vec<Ipv4Net> {
        let t = self.topology;
        let mut out = t.vnets[gw_vnet].address_space.clone();
        for (x, tr) in self.transit.iter().enumerate() {
            if *tr == Some(gw_vnet) {
                out.extend(t.vnets[x].address_space.iter().copied());
            }
        }
        if let Some(gw) = t.vnets[gw_vnet].gateway.as_ref()
            && gw.kind == crate::model::GatewayKind::Vpn
        {
            for (i, st) in t.sites.iter().enumerate() {
                if i != site && gw.sites.contains(&st.name) {
                    out.extend(st.prefixes.iter().copied());
                }
            }
            // The client pool as well: point-to-site clients reach a branch connected with
            // BGP, so the branch has learnt a route back to them (RULES.md §16; Learn "About
            // point-to-site VPN routing", "One VNet and a branch office (BGP)").
            out.extend(gw.p2s_pool);
        }
        out
    }

    /// Another static site of the gateway of `gw_vnet` whose prefixes hold `dst`.
    fn static_site_holding(&self, gw_vnet: usize, site: usize, dst: Ipv4Addr) -> Option<usize> {
        let t = self.topology;
        let gw = t.vnets[gw_vnet].gateway.as_ref()?;
        t.sites.iter().enumerate().position(|(i, st)| {
            i != site
                && gw.sites.contains(&st.name)
                && !self.speaks_bgp(i, gw_vnet)
                && st.prefixes.iter().any(|p| p.contains(&dst))
        })
    }

    /// The first Connected peer of `vnet` with a VPN gateway (for the §8 reading that a spoke
    /// without the transit pair may still send to it).
    fn vpn_gateway_peer(&self, vnet: usize) -> Option<usize> {
        self.links[vnet].iter().map(|l| l.peer).find(|&p| {
            self.topology.vnets[p]
                .gateway
                .as_ref()
                .is_some_and(|g| g.kind == crate::model::GatewayKind::Vpn)
        })
    }
}

/// Each ASG's member IPs (a VM of another VNet is refused from it, FORMAT.md §1b).
fn asg_ips(t: &Topology) -> HashMap<&str, Vec<Ipv4Addr>> {
    let mut out: HashMap<&str, Vec<Ipv4Addr>> = HashMap::new();
    for g in &t.asgs {
        let ips = t
            .vms
            .iter()
            .filter(|vm| crate::model::asg::is_member(t, vm, &g.name))
            .map(|vm| vm.ip)
            .collect();
        out.insert(&g.name, ips);
    }
    out
}

fn place(
    t: &Topology,
    idx: &HashMap<&str, usize>,
    vnet: &str,
    subnet: &str,
) -> Option<(usize, usize)> {
    let v = *idx.get(vnet)?;
    let s = t.vnets[v].subnets.iter().position(|s| s.name == subnet)?;
    Some((v, s))
}

/// The private ranges of RULES.md §4.1: outside the `Internet` tag, and not internet-routable.
pub const PRIVATE_RANGES: [Ipv4Net; 4] = [
    Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(100, 64, 0, 0), 10),
];

pub fn is_private(ip: Ipv4Addr) -> bool {
    PRIVATE_RANGES.iter().any(|r| r.contains(&ip))
}

/// A packet as the evaluator follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub protocol: Protocol,
    pub port: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RULES.md §14's comparison network is built once per network, on the first failing flow
    /// that needs it, and a network without a stale side is its own synced network.
    #[test]
    fn the_synced_network_is_built_once() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/topologies/peering-sync-broken.toml"
        ))
        .unwrap();
        let t = crate::model::parse_topology(&text).unwrap().topology;
        let net = Network::new(&t);
        assert!(net.synced.get().is_none());
        let spec = FlowSpec::new("vm-web", "vm-app");
        assert_eq!(net.trace(&spec).unwrap().reason, Reason::PeeringNotSynced);
        let first: *const Network = net
            .synced
            .get()
            .expect("built by the failing trace")
            .as_ref();
        assert_eq!(net.trace(&spec).unwrap().reason, Reason::PeeringNotSynced);
        assert!(std::ptr::eq(first, net.synced()));
        assert!(net.synced().stale.is_empty());

        let synced = crate::model::sync::all_synced(&t);
        let plain = Network::new(&synced);
        assert!(std::ptr::eq(plain.synced(), &plain));
        assert_eq!(plain.trace(&spec).unwrap().reason, Reason::Ok);
    }
}
