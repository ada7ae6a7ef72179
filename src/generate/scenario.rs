//! Working network designs of a few shapes, with realistic names and addresses. Faults are
//! injected afterwards (`faults`), so every question starts from a design that works.

use super::dice::Dice;
use crate::model::*;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Two VNets peered with each other.
    Pair,
    /// A hub and 2 to 6 spokes.
    HubSpoke(usize),
    /// 3 or 4 VNets peered in a line.
    Chain(usize),
    /// Two hubs peered with each other, each with two spokes.
    TwoHubs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplianceKind {
    Firewall,
    Nva,
}

/// What a scenario holds, by role, so faults and questions can find their parts.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub topology: Topology,
    /// The hub VNets (empty for a pair or a chain).
    pub hubs: Vec<String>,
    /// The VNets that hold workloads, in order (spokes, or all VNets of a pair or chain).
    pub spokes: Vec<String>,
    /// One workload VM per spoke, same order, and its application port.
    pub vms: Vec<String>,
    pub ports: Vec<u16>,
    /// One VM per hub (in its `shared` subnet), same order as `hubs`.
    pub hub_vms: Vec<String>,
    /// On-premises hosts, if the hub has a gateway.
    pub hosts: Vec<String>,
    pub appliance: Option<(ApplianceKind, String, Ipv4Addr)>,
    pub zone: Option<String>,
}

impl Scenario {
    pub fn hub(&self) -> Option<&str> {
        self.hubs.first().map(String::as_str)
    }

    pub fn has_gateway(&self) -> bool {
        self.hub()
            .and_then(|h| self.topology.vnet(h))
            .is_some_and(|v| v.gateway.is_some())
    }
}

const ROLES: [(&str, u16); 10] = [
    ("web", 443),
    ("data", 1433),
    ("app", 8080),
    ("api", 443),
    ("sql", 1433),
    ("files", 445),
    ("mgmt", 22),
    ("batch", 443),
    ("crm", 443),
    ("reports", 443),
];
const REGIONS: [&str; 5] = ["eastus", "westeurope", "eastus2", "northeurope", "westus2"];
const ZONES: [&str; 3] = ["contoso.internal", "corp.internal", "fabrikam.internal"];

fn net(a: u8, b: u8, c: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(a, b, c, 0), len).expect("valid prefix length")
}

fn vnet(name: &str, octet: u8, region: &str) -> Vnet {
    Vnet {
        name: name.to_string(),
        address_space: vec![net(10, octet, 0, 16)],
        region: region.to_string(),
        dns: DnsSetting::Azure,
        subnets: Vec::new(),
        gateway: None,
        pos: Pos::default(),
        ..Default::default()
    }
}

fn subnet(name: &str, prefix: Ipv4Net, route_table: Option<String>, nsg: Option<String>) -> Subnet {
    Subnet {
        name: name.to_string(),
        prefix,
        route_table,
        nsg,
        pos: Pos::default(),
        ..Default::default()
    }
}

fn vm(name: &str, vnet: &str, subnet: &str, ip: Ipv4Addr) -> Vm {
    Vm {
        name: name.to_string(),
        vnet: vnet.to_string(),
        subnet: subnet.to_string(),
        ip,
        nsg: None,
        ip_forwarding: false,
        forwards: false,
        dns_server: false,
        pos: Pos::default(),
        ..Default::default()
    }
}

/// The NSG of a workload subnet: the default rules, plus an explicit allow of its port from
/// the private ranges (a realistic rule that keeps the question about peering, not NSGs).
fn workload_nsg(name: &str, port: u16) -> Nsg {
    Nsg {
        name: name.to_string(),
        rules: vec![NsgRule {
            name: format!("allow-{port}"),
            priority: 200,
            direction: Direction::Inbound,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source: AddressMatch::Prefix(net(10, 0, 0, 8)),
            destination: AddressMatch::Any,
            destination_ports: PortSet::Ranges(vec![(port, port)]),
            pos: Pos::default(),
        }],
        pos: Pos::default(),
    }
}

/// Options beyond the shape.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub gateway: bool,
    pub appliance: Option<ApplianceKind>,
    pub dns: bool,
    pub nsgs: bool,
}

impl Options {
    pub fn random(d: &mut Dice, shape: Shape) -> Self {
        let hubbed = matches!(shape, Shape::HubSpoke(_));
        Options {
            gateway: hubbed && d.chance(60),
            appliance: if hubbed && d.chance(55) {
                Some(if d.chance(55) {
                    ApplianceKind::Firewall
                } else {
                    ApplianceKind::Nva
                })
            } else {
                None
            },
            dns: d.chance(35),
            nsgs: d.chance(70),
        }
    }
}

pub fn random_shape(d: &mut Dice) -> Shape {
    match d.below(10) {
        0 | 1 => Shape::Pair,
        2..=6 => Shape::HubSpoke(2 + d.below(5)),
        7 | 8 => Shape::Chain(3 + d.below(2)),
        _ => Shape::TwoHubs,
    }
}

/// Builds a working design of `shape`.
pub fn build(d: &mut Dice, shape: Shape, opts: Options) -> Scenario {
    let mut t = Topology::default();
    let region = *d.pick(&REGIONS);
    let other_region = REGIONS
        [(REGIONS.iter().position(|r| *r == region).unwrap_or(0) + 1 + d.below(4)) % REGIONS.len()];
    let (hub_names, spoke_count): (Vec<String>, usize) = match shape {
        Shape::Pair => (vec![], 2),
        Shape::HubSpoke(n) => (vec!["hub-vnet".to_string()], n),
        Shape::Chain(n) => (vec![], n),
        Shape::TwoHubs => (vec!["hub-east".to_string(), "hub-west".to_string()], 4),
    };
    // Distinct second octets: hubs first, then spokes.
    let octets: Vec<u8> = d
        .distinct(200, hub_names.len() + spoke_count)
        .into_iter()
        .map(|o| o as u8 + 1)
        .collect();
    let mut roles: Vec<usize> = (0..ROLES.len()).collect();
    d.shuffle(&mut roles);
    let mut sc = Scenario {
        topology: Topology::default(),
        hubs: hub_names.clone(),
        spokes: Vec::new(),
        vms: Vec::new(),
        ports: Vec::new(),
        hub_vms: Vec::new(),
        hosts: Vec::new(),
        appliance: None,
        zone: None,
    };
    let global = d.chance(25);
    for (i, h) in hub_names.iter().enumerate() {
        let r = if shape == Shape::TwoHubs && i == 1 && global {
            other_region
        } else {
            region
        };
        let mut v = vnet(h, octets[i], r);
        // With NSGs on, the hub's shared subnet has one too: then turning access off blocks
        // the same way under every reading of RULES.md §8, which configure questions rely on.
        let nsg = opts
            .nsgs
            .then(|| format!("nsg-{}-shared", h.trim_end_matches("-vnet")));
        if let Some(n) = &nsg {
            t.nsgs.push(workload_nsg(n, 22));
        }
        v.subnets
            .push(subnet("shared", net(10, octets[i], 3, 24), None, nsg));
        t.vnets.push(v);
        let name = format!("vm-{}-01", h.trim_end_matches("-vnet"));
        t.vms
            .push(vm(&name, h, "shared", Ipv4Addr::new(10, octets[i], 3, 4)));
        sc.hub_vms.push(name);
    }
    for k in 0..spoke_count {
        let (role, port) = ROLES[roles[k]];
        let name = match shape {
            Shape::Pair | Shape::Chain(_) => format!("vnet-{role}"),
            _ => format!("spoke-{role}"),
        };
        let o = octets[hub_names.len() + k];
        // Some spokes sit in another region (global peering); never a hub's second spoke in a
        // pair of hubs, to keep transit questions clear of RULES.md §8.
        let r = if k == spoke_count - 1 && global && shape != Shape::TwoHubs {
            other_region
        } else {
            region
        };
        let mut v = vnet(&name, o, r);
        let nsg = opts.nsgs.then(|| format!("nsg-{role}"));
        if let Some(n) = &nsg {
            t.nsgs.push(workload_nsg(n, port));
        }
        v.subnets
            .push(subnet("workload", net(10, o, 1, 24), None, nsg));
        t.vnets.push(v);
        let vm_name = format!("vm-{role}-01");
        t.vms
            .push(vm(&vm_name, &name, "workload", Ipv4Addr::new(10, o, 1, 4)));
        sc.spokes.push(name);
        sc.vms.push(vm_name);
        sc.ports.push(port);
    }
    // Peerings: portal defaults, plus the flags the design needs.
    let pair = |t: &mut Topology, a: &str, b: &str| {
        t.peerings.push(Peering::new(a, b));
        t.peerings.push(Peering::new(b, a));
    };
    match shape {
        Shape::Pair => pair(&mut t, &sc.spokes[0].clone(), &sc.spokes[1].clone()),
        Shape::Chain(n) => {
            for k in 0..n - 1 {
                let (a, b) = (sc.spokes[k].clone(), sc.spokes[k + 1].clone());
                pair(&mut t, &a, &b);
            }
        }
        Shape::HubSpoke(_) => {
            for s in sc.spokes.clone() {
                pair(&mut t, "hub-vnet", &s);
            }
        }
        Shape::TwoHubs => {
            pair(&mut t, "hub-east", "hub-west");
            for (k, s) in sc.spokes.clone().iter().enumerate() {
                let hub = if k < 2 { "hub-east" } else { "hub-west" };
                pair(&mut t, hub, s);
            }
        }
    }
    if let Shape::HubSpoke(_) = shape {
        let h = octets[0];
        if opts.gateway {
            add_gateway(d, &mut t, &mut sc, h);
        }
        if let Some(kind) = opts.appliance {
            add_appliance(&mut t, &mut sc, kind, h);
        }
    }
    if opts.dns {
        let zone = (*d.pick(&ZONES)).to_string();
        let target = d.below(sc.vms.len());
        let ip = t.vm(&sc.vms[target]).map(|v| v.ip).expect("workload VM");
        let mut records = std::collections::BTreeMap::new();
        records.insert(ROLES[roles[target]].0.to_string(), ip);
        t.dns_zones.push(DnsZone {
            name: zone.clone(),
            links: t.vnets.iter().map(|v| v.name.clone()).collect(),
            records,
            pos: Pos::default(),
        });
        sc.zone = Some(zone);
    }
    t.meta.title = Some(match shape {
        Shape::Pair => "Two peered VNets".to_string(),
        Shape::HubSpoke(n) => format!("A hub with {n} spokes"),
        Shape::Chain(n) => format!("{n} VNets peered in a line"),
        Shape::TwoHubs => "Two hubs, each with two spokes".to_string(),
    });
    sc.topology = t;
    sc
}

fn add_gateway(d: &mut Dice, t: &mut Topology, sc: &mut Scenario, h: u8) {
    let er = d.chance(20);
    let hub = t
        .vnets
        .iter_mut()
        .find(|v| v.name == "hub-vnet")
        .expect("hub");
    hub.subnets
        .push(subnet(GATEWAY_SUBNET, net(10, h, 255, 27), None, None));
    let two_sites = d.chance(25);
    let mut sites = vec!["datacenter".to_string()];
    if two_sites {
        sites.push("branch".to_string());
    }
    hub.gateway = Some(Gateway {
        kind: if er {
            GatewayKind::ExpressRoute
        } else {
            GatewayKind::Vpn
        },
        sku: if er {
            "ErGw1AZ".to_string()
        } else {
            (*d.pick(&["VpnGw1", "VpnGw2"])).to_string()
        },
        sites: sites.clone(),
        pos: Pos::default(),
        ..Default::default()
    });
    let all_azure: Vec<Ipv4Net> = t
        .vnets
        .iter()
        .flat_map(|v| v.address_space.clone())
        .collect();
    for (i, name) in sites.iter().enumerate() {
        // ExpressRoute always speaks BGP; a VPN site sometimes uses static routes.
        let bgp = er || d.chance(60);
        let (prefix, host, ip) = if i == 0 {
            (
                net(192, 168, 0, 16),
                "dc-app",
                Ipv4Addr::new(192, 168, 10, 20),
            )
        } else {
            (
                net(172, 16, 0, 16),
                "branch-pc",
                Ipv4Addr::new(172, 16, 5, 10),
            )
        };
        t.sites.push(Site {
            name: name.clone(),
            prefixes: vec![prefix],
            bgp,
            static_routes: if bgp { Vec::new() } else { all_azure.clone() },
            hosts: vec![Host {
                name: host.to_string(),
                ip,
                pos: Pos::default(),
            }],
            pos: Pos::default(),
        });
        sc.hosts.push(host.to_string());
    }
    for p in &mut t.peerings {
        if p.vnet == "hub-vnet" {
            p.allow_gateway_transit = true;
        } else if p.remote == "hub-vnet" {
            p.use_remote_gateways = true;
        }
    }
}

fn add_appliance(t: &mut Topology, sc: &mut Scenario, kind: ApplianceKind, h: u8) {
    let (name, subnet_name, ip, prefix) = match kind {
        ApplianceKind::Firewall => (
            "hub-fw",
            FIREWALL_SUBNET,
            Ipv4Addr::new(10, h, 1, 4),
            net(10, h, 1, 26),
        ),
        ApplianceKind::Nva => (
            "nva-01",
            "nva",
            Ipv4Addr::new(10, h, 2, 4),
            net(10, h, 2, 24),
        ),
    };
    let hub = t
        .vnets
        .iter_mut()
        .find(|v| v.name == "hub-vnet")
        .expect("hub");
    hub.subnets.push(subnet(subnet_name, prefix, None, None));
    match kind {
        ApplianceKind::Firewall => t.firewalls.push(Firewall {
            name: name.to_string(),
            vnet: "hub-vnet".to_string(),
            subnet: subnet_name.to_string(),
            ip,
            rules: vec![FirewallRule {
                name: "spoke-to-spoke".to_string(),
                action: Access::Allow,
                protocol: Protocol::Any,
                source: vec![net(10, 0, 0, 8)],
                destination: vec![net(10, 0, 0, 8)],
                ports: PortSet::Any,
                pos: Pos::default(),
            }],
            pos: Pos::default(),
        }),
        ApplianceKind::Nva => {
            let mut v = vm(name, "hub-vnet", subnet_name, ip);
            v.ip_forwarding = true;
            v.forwards = true;
            t.vms.push(v);
        }
    }
    // Each spoke sends the other spokes' prefixes to the appliance, and every peering carries
    // forwarded traffic (on both sides, so no answer depends on RULES.md §8's direction point).
    let spokes: Vec<(String, Ipv4Net)> = sc
        .spokes
        .iter()
        .map(|s| (s.clone(), t.vnet(s).expect("spoke").address_space[0]))
        .collect();
    for (s, _) in &spokes {
        let rt_name = format!("rt-{}", s.trim_start_matches("spoke-"));
        let routes = spokes
            .iter()
            .filter(|(o, _)| o != s)
            .map(|(o, p)| Route {
                name: format!("to-{}", o.trim_start_matches("spoke-")),
                prefix: *p,
                next_hop: UdrNextHop::VirtualAppliance,
                next_hop_ip: Some(ip),
                pos: Pos::default(),
            })
            .collect();
        t.route_tables.push(RouteTable {
            name: rt_name.clone(),
            propagate_gateway_routes: true,
            routes,
            pos: Pos::default(),
        });
        let v = t.vnets.iter_mut().find(|v| &v.name == s).expect("spoke");
        v.subnets[0].route_table = Some(rt_name);
    }
    for p in &mut t.peerings {
        p.allow_forwarded_traffic = true;
    }
    sc.appliance = Some((kind, name.to_string(), ip));
}
