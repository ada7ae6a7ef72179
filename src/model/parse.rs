//! TOML → [`Topology`], with every structural mistake reported at once and located.
//!
//! Values are read as strings and converted here rather than by serde, so that one bad CIDR does
//! not hide the next problem, and so each message can say what a valid value looks like. Only
//! TOML syntax and schema errors (unknown or missing fields, wrong types) stop at the first.

use super::diag::LineIndex;
use super::value::{overlap, parse_cidr, parse_ip, parse_prefix_or_ip};
use super::*;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use toml::Spanned as S;

/// Files larger than this are refused: content is untrusted and a topology is small.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A valid topology and the warnings about it (Azure's rejections among them).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub topology: Topology,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a topology file. On error, the list holds every error and warning,
/// sorted by position.
pub fn parse_topology(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            Pos { line: 1, col: 1 },
            "file-too-large",
            format!(
                "the file is {} bytes; topology files are limited to {} bytes",
                text.len(),
                MAX_FILE_BYTES
            ),
        )]);
    }
    let idx = LineIndex::new(text);
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![super::diag::toml_error(&idx, &e)]),
    };
    let mut ck = Checker {
        idx,
        diags: Vec::new(),
    };
    let topology = ck.build(raw);
    if !ck.diags.iter().any(Diagnostic::is_error) {
        ck.diags.extend(peering::rejection_warnings(&topology));
    }
    ck.diags.sort_by_key(|d| (d.pos, d.severity));
    if ck.diags.iter().any(Diagnostic::is_error) {
        Err(ck.diags)
    } else {
        Ok(Parsed {
            topology,
            warnings: ck.diags,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    meta: Option<RawMeta>,
    #[serde(default)]
    vnet: Vec<S<RawVnet>>,
    #[serde(default)]
    vm: Vec<S<RawVm>>,
    #[serde(default)]
    firewall: Vec<S<RawFirewall>>,
    #[serde(default)]
    peering: Vec<S<RawPeering>>,
    #[serde(default)]
    route_table: Vec<S<RawRouteTable>>,
    #[serde(default)]
    nsg: Vec<S<RawNsg>>,
    #[serde(default)]
    site: Vec<S<RawSite>>,
    #[serde(default)]
    dns_zone: Vec<S<RawDnsZone>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: Option<S<String>>,
    description: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVnet {
    name: S<String>,
    address_space: S<Vec<S<String>>>,
    region: Option<S<String>>,
    dns: Option<S<String>>,
    #[serde(default)]
    subnet: Vec<S<RawSubnet>>,
    gateway: Option<S<RawGateway>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubnet {
    name: S<String>,
    prefix: S<String>,
    route_table: Option<S<String>>,
    nsg: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGateway {
    kind: S<String>,
    sku: Option<S<String>>,
    #[serde(default)]
    sites: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVm {
    name: S<String>,
    vnet: S<String>,
    subnet: S<String>,
    ip: S<String>,
    nsg: Option<S<String>>,
    #[serde(default)]
    ip_forwarding: bool,
    #[serde(default)]
    forwards: bool,
    #[serde(default)]
    dns_server: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFirewall {
    name: S<String>,
    vnet: S<String>,
    subnet: S<String>,
    ip: S<String>,
    #[serde(default)]
    rule: Vec<S<RawFirewallRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFirewallRule {
    name: S<String>,
    action: S<String>,
    protocol: S<String>,
    source: Vec<S<String>>,
    destination: Vec<S<String>>,
    ports: Option<S<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeering {
    name: Option<S<String>>,
    vnet: S<String>,
    remote: S<String>,
    #[serde(default = "yes")]
    allow_virtual_network_access: bool,
    #[serde(default)]
    allow_forwarded_traffic: bool,
    #[serde(default)]
    allow_gateway_transit: bool,
    #[serde(default)]
    use_remote_gateways: bool,
    #[serde(default)]
    remote_deleted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRouteTable {
    name: S<String>,
    #[serde(default = "yes")]
    propagate_gateway_routes: bool,
    #[serde(default)]
    route: Vec<S<RawRoute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    name: S<String>,
    prefix: S<String>,
    next_hop: S<String>,
    next_hop_ip: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNsg {
    name: S<String>,
    #[serde(default)]
    rule: Vec<S<RawNsgRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNsgRule {
    name: S<String>,
    priority: S<i64>,
    direction: S<String>,
    access: S<String>,
    protocol: S<String>,
    source: S<String>,
    destination: S<String>,
    destination_ports: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: S<String>,
    prefixes: S<Vec<S<String>>>,
    #[serde(default = "yes")]
    bgp: bool,
    #[serde(default)]
    static_routes: Vec<S<String>>,
    #[serde(default)]
    host: Vec<S<RawHost>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHost {
    name: S<String>,
    ip: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDnsZone {
    name: S<String>,
    #[serde(default)]
    links: Vec<S<String>>,
    #[serde(default)]
    records: std::collections::BTreeMap<String, S<String>>,
}

/// Longest name accepted (Azure's own limit for most network resources).
const MAX_NAME: usize = 80;

/// The name rule of every resource, in a topology and in a question's changes alike: Azure's
/// resource-name alphabet (letters, digits, `.`, `_`, `-`), which also keeps escape sequences
/// and invisible characters out of everything that shows a name.
pub fn check_name(v: &str, what: &str) -> Result<(), String> {
    let ok = !v.is_empty()
        && v.len() <= MAX_NAME
        && v.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what} name {} is not valid; use 1 to {MAX_NAME} letters, digits, '.', '_' or '-', starting with a letter or digit",
            crate::text::quoted(v)
        ))
    }
}
const MAX_TEXT: usize = 4000;

struct Checker<'a> {
    idx: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

/// Remembers the first place each name was defined, to report duplicates.
#[derive(Default)]
struct Names(HashMap<String, Pos>);

impl<'a> Checker<'a> {
    fn at<T>(&self, s: &S<T>) -> Pos {
        self.idx.pos(s.span().start)
    }

    fn err(&mut self, pos: Pos, code: &str, msg: String) {
        self.diags.push(Diagnostic::error(pos, code, msg));
    }

    fn warn(&mut self, pos: Pos, code: &str, msg: String) {
        self.diags.push(Diagnostic::warning(pos, code, msg));
    }

    /// Names appear on the terminal and in references, so they use Azure's resource-name
    /// alphabet: letters, digits, `.`, `_`, `-`. That also keeps escape sequences out.
    fn name(&mut self, s: &S<String>, what: &str) -> String {
        let v = s.get_ref();
        if let Err(e) = check_name(v, what) {
            let pos = self.at(s);
            self.err(pos, "bad-name", e);
        }
        v.clone()
    }

    /// `what` names the kind; `scope` (may be empty) says where names must be unique.
    /// Machine names are also `--to` targets, where an address is tried first: a name that
    /// reads as an IPv4 address would be ambiguous.
    fn machine_name(&mut self, s: &S<String>, what: &str) -> String {
        let name = self.name(s, what);
        if name.parse::<Ipv4Addr>().is_ok() {
            let pos = self.at(s);
            self.err(pos, "bad-name", format!("{what} name {name:?} reads as an IPv4 address, which --to would take as an address; use a name"));
        }
        name
    }

    fn unique(&mut self, names: &mut Names, s: &S<String>, what: &str) {
        let (kind, scope) = what
            .split_once(" in ")
            .map_or((what, String::new()), |(k, sc)| (k, format!(" in {sc}")));
        let pos = self.at(s);
        if let Some(first) = names.0.get(s.get_ref()) {
            let first = *first;
            self.err(
                pos,
                "duplicate-name",
                format!(
                    "{kind} {:?} is already defined{scope} at line {}; names must be unique",
                    s.get_ref(),
                    first.line
                ),
            );
        } else {
            names.0.insert(s.get_ref().clone(), pos);
        }
    }

    fn text(&mut self, s: &S<String>, what: &str) -> String {
        let v = s.get_ref();
        if let Err(e) = crate::text::check_text(v, MAX_TEXT) {
            let pos = self.at(s);
            self.err(pos, "bad-text", format!("{what}: {e}"));
        }
        v.clone()
    }

    fn cidr(&mut self, s: &S<String>) -> Option<Ipv4Net> {
        match parse_cidr(s.get_ref()) {
            Ok(n) => Some(n),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-cidr", e);
                None
            }
        }
    }

    fn cidrs(&mut self, list: &[S<String>]) -> Vec<Ipv4Net> {
        list.iter().filter_map(|s| self.cidr(s)).collect()
    }

    fn ip(&mut self, s: &S<String>) -> Option<Ipv4Addr> {
        match parse_ip(s.get_ref()) {
            Ok(ip) => Some(ip),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-ip", e);
                None
            }
        }
    }

    fn value<T>(&mut self, s: &S<String>, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(s.get_ref()) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-value", crate::text::printable(&e));
                None
            }
        }
    }

    fn build(&mut self, raw: RawFile) -> Topology {
        let mut t = Topology::default();
        if let Some(meta) = &raw.meta {
            t.meta.title = meta.title.as_ref().map(|s| self.text(s, "meta.title"));
            t.meta.description = meta
                .description
                .as_ref()
                .map(|s| self.text(s, "meta.description"));
        }
        let mut vnet_names = Names::default();
        for v in &raw.vnet {
            let vnet = self.vnet(v, &mut vnet_names);
            t.vnets.push(vnet);
        }
        let mut rt_names = Names::default();
        for r in &raw.route_table {
            t.route_tables.push(self.route_table(r, &mut rt_names));
        }
        let mut nsg_names = Names::default();
        for n in &raw.nsg {
            t.nsgs.push(self.nsg(n, &mut nsg_names));
        }
        let mut machine_names = Names::default();
        let mut site_names = Names::default();
        for s in &raw.site {
            t.sites
                .push(self.site(s, &mut site_names, &mut machine_names));
        }
        let mut ips: HashMap<(String, Ipv4Addr), Pos> = HashMap::new();
        for v in &raw.vm {
            let vm = self.vm(v, &t, &mut machine_names, &mut ips);
            t.vms.push(vm);
        }
        for f in &raw.firewall {
            let fw = self.firewall(f, &t, &mut machine_names, &mut ips);
            t.firewalls.push(fw);
        }
        let mut zone_names = Names::default();
        for z in &raw.dns_zone {
            let zone = self.dns_zone(z, &t, &mut zone_names);
            t.dns_zones.push(zone);
        }
        self.references(&raw, &t);
        let mut peering_names: HashSet<(String, String)> = HashSet::new();
        for p in &raw.peering {
            let peering = self.peering(p, &t, &mut peering_names);
            t.peerings.push(peering);
        }
        self.peering_pairs(&raw, &t);
        self.warnings(&t);
        t
    }

    fn vnet(&mut self, v: &S<RawVnet>, names: &mut Names) -> Vnet {
        let pos = self.at(v);
        let r = v.get_ref();
        let name = self.name(&r.name, "VNet");
        self.unique(names, &r.name, "VNet");
        if r.address_space.get_ref().is_empty() {
            let p = self.at(&r.address_space);
            self.err(
                p,
                "bad-cidr",
                format!("VNet {name:?} has an empty address_space; give at least one CIDR"),
            );
        }
        let mut space: Vec<(Ipv4Net, Pos)> = Vec::new();
        for s in r.address_space.get_ref() {
            if let Some(net) = self.cidr(s) {
                let p = self.at(s);
                if let Some((other, _)) = space.iter().find(|(o, _)| overlap(o, &net)) {
                    let other = *other;
                    self.err(
                        p,
                        "address-space-overlap",
                        format!(
                            "{net} overlaps {other}, already in the address space of VNet {name:?}"
                        ),
                    );
                }
                space.push((net, p));
            }
        }
        let address_space: Vec<Ipv4Net> = space.iter().map(|(n, _)| *n).collect();
        let region = match &r.region {
            Some(s) => {
                let region = s.get_ref();
                if region.is_empty()
                    || region.len() > 40
                    || !region
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                {
                    let p = self.at(s);
                    self.err(
                        p,
                        "bad-value",
                        format!(
                            "region {} is not valid; use an Azure region name such as \"eastus\" or \"westeurope\"",
                            crate::text::quoted(region)
                        ),
                    );
                }
                region.clone()
            }
            None => DEFAULT_REGION.to_string(),
        };
        let dns = match &r.dns {
            None => DnsSetting::Azure,
            Some(s) if s.get_ref() == "azure" => DnsSetting::Azure,
            Some(s) => DnsSetting::Server(self.name(s, "DNS server VM")),
        };
        let mut subnets: Vec<Subnet> = Vec::new();
        let mut subnet_names = Names::default();
        for s in &r.subnet {
            let sp = self.at(s);
            let sr = s.get_ref();
            let sname = self.name(&sr.name, "subnet");
            self.unique(
                &mut subnet_names,
                &sr.name,
                &format!("subnet in VNet {name:?}"),
            );
            let prefix = self.cidr(&sr.prefix);
            if let Some(prefix) = prefix {
                let pp = self.at(&sr.prefix);
                if !address_space.is_empty()
                    && !address_space.iter().any(|a| a.contains(&prefix))
                    && space.len() == r.address_space.get_ref().len()
                {
                    self.err(
                        pp,
                        "subnet-outside-vnet",
                        format!(
                            "subnet {sname:?} ({prefix}) is not inside the address space of VNet {name:?} ({})",
                            join(&address_space)
                        ),
                    );
                }
                if let Some(other) = subnets.iter().find(|o| overlap(&o.prefix, &prefix)) {
                    let msg = format!(
                        "subnet {sname:?} ({prefix}) overlaps subnet {:?} ({}) in VNet {name:?}",
                        other.name, other.prefix
                    );
                    self.err(pp, "subnet-overlap", msg);
                }
            }
            subnets.push(Subnet {
                name: sname,
                prefix: prefix.unwrap_or_default(),
                route_table: sr.route_table.as_ref().map(|s| s.get_ref().clone()),
                nsg: sr.nsg.as_ref().map(|s| s.get_ref().clone()),
                pos: sp,
            });
        }
        let gateway = r.gateway.as_ref().map(|g| {
            let gp = self.at(g);
            let gr = g.get_ref();
            let kind = self
                .value(&gr.kind, |k| match k {
                    "vpn" => Ok(GatewayKind::Vpn),
                    "expressroute" => Ok(GatewayKind::ExpressRoute),
                    _ => Err(format!(
                        "unknown gateway kind {}; use \"vpn\" or \"expressroute\"",
                        crate::text::quoted(k)
                    )),
                })
                .unwrap_or(GatewayKind::Vpn);
            let sku = match &gr.sku {
                Some(s) => self.name(s, "gateway SKU"),
                None => DEFAULT_GATEWAY_SKU.to_string(),
            };
            if !subnets.iter().any(|s| s.name == GATEWAY_SUBNET) {
                self.err(
                    gp,
                    "gateway-subnet-missing",
                    format!(
                        "VNet {name:?} has a gateway but no subnet named \"{GATEWAY_SUBNET}\"; add one (a /27 or larger) for the gateway to live in"
                    ),
                );
            }
            Gateway {
                kind,
                sku,
                sites: gr.sites.iter().map(|s| s.get_ref().clone()).collect(),
                pos: gp,
            }
        });
        Vnet {
            name,
            address_space,
            region,
            dns,
            subnets,
            gateway,
            pos,
        }
    }

    fn route_table(&mut self, r: &S<RawRouteTable>, names: &mut Names) -> RouteTable {
        let pos = self.at(r);
        let raw = r.get_ref();
        let name = self.name(&raw.name, "route table");
        self.unique(names, &raw.name, "route table");
        let mut route_names = Names::default();
        let mut routes: Vec<Route> = Vec::new();
        for route in &raw.route {
            let rp = self.at(route);
            let rr = route.get_ref();
            let rname = self.name(&rr.name, "route");
            self.unique(
                &mut route_names,
                &rr.name,
                &format!("route in table {name:?}"),
            );
            let prefix = self.cidr(&rr.prefix);
            if let Some(prefix) = prefix
                && let Some(other) = routes.iter().find(|o| o.prefix == prefix)
            {
                let p = self.at(&rr.prefix);
                let msg = format!(
                    "route {rname:?} repeats prefix {prefix} of route {:?}; a route table holds one route per prefix",
                    other.name
                );
                self.err(p, "duplicate-prefix", msg);
            }
            let next_hop = self
                .value(&rr.next_hop, |s| {
                    UdrNextHop::ALL
                        .iter()
                        .find(|(n, _)| *n == s)
                        .map(|(_, h)| *h)
                        .ok_or_else(|| {
                            let hint = if s == "VNetPeering" || s == "VnetPeering" {
                                " (peering cannot be the next hop of a user-defined route)"
                            } else {
                                ""
                            };
                            format!(
                                "unknown next_hop {}{hint}; use VirtualAppliance, VirtualNetworkGateway, VnetLocal, Internet or None",
                                crate::text::quoted(s)
                            )
                        })
                })
                .unwrap_or(UdrNextHop::None);
            let next_hop_ip = match (&rr.next_hop_ip, next_hop) {
                (Some(ip), UdrNextHop::VirtualAppliance) => self.ip(ip),
                (Some(ip), other) => {
                    let p = self.at(ip);
                    let label = UdrNextHop::ALL
                        .iter()
                        .find(|(_, h)| *h == other)
                        .map_or("", |(n, _)| n);
                    self.err(
                        p,
                        "next-hop-ip-forbidden",
                        format!("route {rname:?}: next_hop_ip is only for VirtualAppliance, not {label}; remove it"),
                    );
                    None
                }
                (None, UdrNextHop::VirtualAppliance) => {
                    let p = self.at(&rr.next_hop);
                    self.err(
                        p,
                        "next-hop-ip-missing",
                        format!("route {rname:?} goes to a VirtualAppliance but has no next_hop_ip; add the appliance's private IP"),
                    );
                    None
                }
                (None, _) => None,
            };
            routes.push(Route {
                name: rname,
                prefix: prefix.unwrap_or_default(),
                next_hop,
                next_hop_ip,
                pos: rp,
            });
        }
        RouteTable {
            name,
            propagate_gateway_routes: raw.propagate_gateway_routes,
            routes,
            pos,
        }
    }

    fn nsg(&mut self, n: &S<RawNsg>, names: &mut Names) -> Nsg {
        let pos = self.at(n);
        let raw = n.get_ref();
        let name = self.name(&raw.name, "NSG");
        self.unique(names, &raw.name, "NSG");
        let mut rule_names = Names::default();
        let mut priorities: HashMap<(Direction, i64), String> = HashMap::new();
        let mut rules = Vec::new();
        for rule in &raw.rule {
            let rp = self.at(rule);
            let r = rule.get_ref();
            let rname = self.name(&r.name, "NSG rule");
            self.unique(&mut rule_names, &r.name, &format!("rule in NSG {name:?}"));
            let direction = self.value(&r.direction, Direction::parse);
            let prio = *r.priority.get_ref();
            let pp = self.at(&r.priority);
            if !(100..=4096).contains(&prio) {
                self.err(
                    pp,
                    "nsg-priority-range",
                    format!("rule {rname:?} has priority {prio}; custom rules take 100 to 4096 (lower wins)"),
                );
            } else if let Some(d) = direction {
                if let Some(other) = priorities.get(&(d, prio)) {
                    let msg = format!(
                        "rule {rname:?} repeats priority {prio} of {} rule {other:?}; each {} rule of an NSG needs its own priority",
                        d.as_str(),
                        d.as_str()
                    );
                    self.err(pp, "nsg-priority-duplicate", msg);
                } else {
                    priorities.insert((d, prio), rname.clone());
                }
            }
            let access = self.value(&r.access, Access::parse);
            let protocol = self.value(&r.protocol, Protocol::parse);
            let source = self.value(&r.source, AddressMatch::parse);
            let destination = self.value(&r.destination, AddressMatch::parse);
            let ports = match &r.destination_ports {
                Some(p) => self.value(p, PortSet::parse),
                None => Some(PortSet::Any),
            };
            rules.push(NsgRule {
                name: rname,
                priority: prio.clamp(0, u16::MAX as i64) as u16,
                direction: direction.unwrap_or(Direction::Inbound),
                access: access.unwrap_or(Access::Deny),
                protocol: protocol.unwrap_or(Protocol::Any),
                source: source.unwrap_or(AddressMatch::Any),
                destination: destination.unwrap_or(AddressMatch::Any),
                destination_ports: ports.unwrap_or(PortSet::Any),
                pos: rp,
            });
        }
        Nsg { name, rules, pos }
    }

    fn site(&mut self, s: &S<RawSite>, names: &mut Names, machines: &mut Names) -> Site {
        let pos = self.at(s);
        let raw = s.get_ref();
        let name = self.name(&raw.name, "site");
        self.unique(names, &raw.name, "site");
        if raw.prefixes.get_ref().is_empty() {
            let p = self.at(&raw.prefixes);
            self.err(
                p,
                "bad-cidr",
                format!("site {name:?} has no prefixes; give the on-premises address ranges"),
            );
        }
        let prefixes = self.cidrs(raw.prefixes.get_ref());
        let static_routes = self.cidrs(&raw.static_routes);
        if raw.bgp && !raw.static_routes.is_empty() {
            let p = self.at(&raw.static_routes[0]);
            self.warn(
                p,
                "static-routes-ignored",
                format!("site {name:?} uses BGP, so its static_routes are ignored; set bgp = false to use them"),
            );
        }
        let mut hosts = Vec::new();
        for h in &raw.host {
            let hp = self.at(h);
            let hr = h.get_ref();
            let hname = self.machine_name(&hr.name, "host");
            self.unique(machines, &hr.name, "machine (VM, firewall or host)");
            let ip = self.ip(&hr.ip);
            if let Some(ip) = ip
                && !prefixes.is_empty()
                && !prefixes.iter().any(|p| p.contains(&ip))
            {
                let p = self.at(&hr.ip);
                self.err(
                    p,
                    "host-outside-site",
                    format!(
                        "host {hname:?} ({ip}) is outside the prefixes of site {name:?} ({})",
                        join(&prefixes)
                    ),
                );
            }
            hosts.push(Host {
                name: hname,
                ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
                pos: hp,
            });
        }
        Site {
            name,
            prefixes,
            bgp: raw.bgp,
            static_routes,
            hosts,
            pos,
        }
    }

    /// Checks a NIC's placement; shared by VMs and firewalls. Returns the parsed IP.
    #[allow(clippy::too_many_arguments)]
    fn placement(
        &mut self,
        what: &str,
        name: &str,
        vnet: &S<String>,
        subnet: &S<String>,
        ip: &S<String>,
        t: &Topology,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> Option<Ipv4Addr> {
        let ipv = self.ip(ip);
        let Some(v) = t.vnet(vnet.get_ref()) else {
            let p = self.at(vnet);
            self.err(
                p,
                "unknown-reference",
                format!(
                    "{what} {name:?} is in VNet {}, which is not defined",
                    crate::text::quoted(vnet.get_ref())
                ),
            );
            return ipv;
        };
        let Some(sn) = v.subnet(subnet.get_ref()) else {
            let p = self.at(subnet);
            self.err(
                p,
                "unknown-reference",
                format!(
                    "{what} {name:?} is in subnet {}, which VNet {:?} does not have",
                    crate::text::quoted(subnet.get_ref()),
                    v.name
                ),
            );
            return ipv;
        };
        let ipv = ipv?;
        let p = self.at(ip);
        if !sn.prefix.contains(&ipv) {
            self.err(
                p,
                "ip-outside-subnet",
                format!(
                    "{what} {name:?} has IP {ipv}, outside its subnet {:?} ({})",
                    sn.name, sn.prefix
                ),
            );
        } else if is_reserved(&sn.prefix, ipv) {
            self.err(
                p,
                "reserved-ip",
                format!(
                    "{what} {name:?} has IP {ipv}, which Azure reserves in subnet {} (the first four and the last address); use {} or later",
                    sn.prefix,
                    first_usable(&sn.prefix)
                ),
            );
        }
        if let Some(first) = ips.get(&(v.name.clone(), ipv)) {
            let line = first.line;
            self.err(
                p,
                "duplicate-ip",
                format!("IP {ipv} is already used in VNet {:?} (line {line}); each NIC needs its own address", v.name),
            );
        } else {
            ips.insert((v.name.clone(), ipv), p);
        }
        Some(ipv)
    }

    fn vm(
        &mut self,
        v: &S<RawVm>,
        t: &Topology,
        machines: &mut Names,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> Vm {
        let pos = self.at(v);
        let r = v.get_ref();
        let name = self.machine_name(&r.name, "VM");
        self.unique(machines, &r.name, "machine (VM, firewall or host)");
        let ip = self.placement("VM", &name, &r.vnet, &r.subnet, &r.ip, t, ips);
        let subnet = r.subnet.get_ref();
        if subnet == GATEWAY_SUBNET || subnet == FIREWALL_SUBNET {
            let p = self.at(&r.subnet);
            self.err(
                p,
                "reserved-subnet",
                format!("VM {name:?} cannot be placed in {subnet}, which Azure reserves for its own service; use another subnet"),
            );
        }
        Vm {
            name,
            vnet: r.vnet.get_ref().clone(),
            subnet: subnet.clone(),
            ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            nsg: r.nsg.as_ref().map(|s| s.get_ref().clone()),
            ip_forwarding: r.ip_forwarding,
            forwards: r.forwards,
            dns_server: r.dns_server,
            pos,
        }
    }

    fn firewall(
        &mut self,
        f: &S<RawFirewall>,
        t: &Topology,
        machines: &mut Names,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> Firewall {
        let pos = self.at(f);
        let r = f.get_ref();
        let name = self.machine_name(&r.name, "firewall");
        self.unique(machines, &r.name, "machine (VM, firewall or host)");
        let ip = self.placement("firewall", &name, &r.vnet, &r.subnet, &r.ip, t, ips);
        if r.subnet.get_ref() != FIREWALL_SUBNET {
            let p = self.at(&r.subnet);
            self.err(
                p,
                "firewall-subnet",
                format!(
                    "Azure Firewall {name:?} must be in a subnet named \"{FIREWALL_SUBNET}\", not {}",
                    crate::text::quoted(r.subnet.get_ref())
                ),
            );
        }
        let mut rule_names = Names::default();
        let mut rules = Vec::new();
        for rule in &r.rule {
            let rp = self.at(rule);
            let rr = rule.get_ref();
            let rname = self.name(&rr.name, "firewall rule");
            self.unique(
                &mut rule_names,
                &rr.name,
                &format!("rule in firewall {name:?}"),
            );
            let action = self.value(&rr.action, Access::parse);
            let protocol = self.value(&rr.protocol, Protocol::parse);
            let source = rr
                .source
                .iter()
                .filter_map(|s| self.value(s, parse_prefix_or_ip))
                .collect();
            let destination = rr
                .destination
                .iter()
                .filter_map(|s| self.value(s, parse_prefix_or_ip))
                .collect();
            let ports = match &rr.ports {
                Some(p) => self.value(p, PortSet::parse),
                None => Some(PortSet::Any),
            };
            rules.push(FirewallRule {
                name: rname,
                action: action.unwrap_or(Access::Deny),
                protocol: protocol.unwrap_or(Protocol::Any),
                source,
                destination,
                ports: ports.unwrap_or(PortSet::Any),
                pos: rp,
            });
        }
        Firewall {
            name,
            vnet: r.vnet.get_ref().clone(),
            subnet: r.subnet.get_ref().clone(),
            ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            rules,
            pos,
        }
    }

    fn dns_zone(&mut self, z: &S<RawDnsZone>, t: &Topology, names: &mut Names) -> DnsZone {
        let pos = self.at(z);
        let r = z.get_ref();
        let zname = r.name.get_ref();
        let valid_zone = !zname.is_empty()
            && zname.len() <= 253
            && zname.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !valid_zone {
            let p = self.at(&r.name);
            self.err(
                p,
                "bad-name",
                format!(
                    "DNS zone name {} is not a domain name such as \"contoso.internal\"",
                    crate::text::quoted(zname)
                ),
            );
        }
        self.unique(names, &r.name, "DNS zone");
        for l in &r.links {
            if t.vnet(l.get_ref()).is_none() {
                let p = self.at(l);
                self.err(
                    p,
                    "unknown-reference",
                    format!(
                        "DNS zone {zname:?} links VNet {}, which is not defined",
                        crate::text::quoted(l.get_ref())
                    ),
                );
            }
        }
        let mut records = std::collections::BTreeMap::new();
        for (k, v) in &r.records {
            let valid = !k.is_empty()
                && k.len() <= 63
                && k.split('.').all(|l| {
                    !l.is_empty()
                        && l.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
            if !valid {
                let p = self.at(v);
                self.err(
                    p,
                    "bad-name",
                    format!(
                        "record name {} in zone {zname:?} is not a DNS label such as \"sql\"",
                        crate::text::quoted(k)
                    ),
                );
            }
            if let Some(ip) = self.ip(v) {
                records.insert(k.clone(), ip);
            }
        }
        DnsZone {
            name: zname.clone(),
            links: r.links.iter().map(|l| l.get_ref().clone()).collect(),
            records,
            pos,
        }
    }

    fn missing(&mut self, s: &S<String>, what: &str, owner: &str) {
        let p = self.at(s);
        self.err(
            p,
            "unknown-reference",
            format!(
                "{owner} refers to {what} {}, which is not defined",
                crate::text::quoted(s.get_ref())
            ),
        );
    }

    /// Names that point at other entities (subnets and gateways to tables, NSGs and sites).
    fn references(&mut self, raw: &RawFile, t: &Topology) {
        for v in &raw.vnet {
            let r = v.get_ref();
            let vname = r.name.get_ref();
            for s in &r.subnet {
                let sr = s.get_ref();
                let owner = format!("subnet {:?} of VNet {vname:?}", sr.name.get_ref());
                if let Some(rt) = &sr.route_table
                    && t.route_table(rt.get_ref()).is_none()
                {
                    self.missing(rt, "route table", &owner);
                }
                if let Some(n) = &sr.nsg
                    && t.nsg(n.get_ref()).is_none()
                {
                    self.missing(n, "NSG", &owner);
                }
            }
            if let Some(g) = &r.gateway {
                for s in &g.get_ref().sites {
                    if t.site(s.get_ref()).is_none() {
                        self.missing(s, "site", &format!("the gateway of VNet {vname:?}"));
                    }
                }
            }
            if let Some(d) = &r.dns
                && d.get_ref() != "azure"
                && t.vm(d.get_ref()).is_none()
            {
                let p = self.at(d);
                self.err(
                    p,
                    "unknown-reference",
                    format!(
                        "VNet {vname:?} uses DNS server {}, which is not a VM in this file; name a VM or use \"azure\"",
                        crate::text::quoted(d.get_ref())
                    ),
                );
            }
        }
        for v in &raw.vm {
            if let Some(n) = &v.get_ref().nsg
                && t.nsg(n.get_ref()).is_none()
            {
                self.missing(n, "NSG", &format!("VM {:?}", v.get_ref().name.get_ref()));
            }
        }
    }

    fn peering(
        &mut self,
        p: &S<RawPeering>,
        t: &Topology,
        names: &mut HashSet<(String, String)>,
    ) -> Peering {
        let pos = self.at(p);
        let r = p.get_ref();
        let vnet = r.vnet.get_ref().clone();
        let remote = r.remote.get_ref().clone();
        let name = match &r.name {
            Some(n) => self.name(n, "peering"),
            None => format!("{vnet}-to-{remote}"),
        };
        for (s, what) in [(&r.vnet, "vnet"), (&r.remote, "remote")] {
            if t.vnet(s.get_ref()).is_none() {
                let at = self.at(s);
                self.err(
                    at,
                    "unknown-reference",
                    format!(
                        "peering {name:?}: {what} {} is not a VNet in this file",
                        crate::text::quoted(s.get_ref())
                    ),
                );
            }
        }
        if !names.insert((vnet.clone(), name.clone())) {
            let at = r.name.as_ref().map_or(pos, |n| self.at(n));
            self.err(
                at,
                "duplicate-name",
                format!("VNet {vnet:?} already has a peering named {name:?}; peering names are unique per VNet"),
            );
        }
        Peering {
            name,
            vnet,
            remote,
            allow_virtual_network_access: r.allow_virtual_network_access,
            allow_forwarded_traffic: r.allow_forwarded_traffic,
            allow_gateway_transit: r.allow_gateway_transit,
            use_remote_gateways: r.use_remote_gateways,
            remote_deleted: r.remote_deleted,
            pos,
        }
    }

    /// `remote_deleted` says the other side is gone; a file that also defines it contradicts itself.
    fn peering_pairs(&mut self, raw: &RawFile, t: &Topology) {
        for (i, p) in t.peerings.iter().enumerate() {
            if p.remote_deleted
                && t.peerings
                    .iter()
                    .any(|q| q.vnet == p.remote && q.remote == p.vnet)
            {
                let at = self.at(&raw.peering[i]);
                self.err(
                    at,
                    "remote-deleted-but-present",
                    format!(
                        "peering {:?} says its remote side was deleted, but {:?} still has a peering to {:?}; remove remote_deleted or the other side",
                        p.name, p.remote, p.vnet
                    ),
                );
            }
        }
    }

    fn warnings(&mut self, t: &Topology) {
        for v in &t.vnets {
            for s in &v.subnets {
                if s.nsg.is_some() && (s.name == GATEWAY_SUBNET || s.name == FIREWALL_SUBNET) {
                    self.warn(
                        s.pos,
                        "nsg-unsupported-subnet",
                        format!(
                            "Azure does not support an NSG on {} (VNet {:?}); peerlab ignores it",
                            s.name, v.name
                        ),
                    );
                }
            }
        }
        for s in &t.sites {
            let connected = t.vnets.iter().any(|v| {
                v.gateway
                    .as_ref()
                    .is_some_and(|g| g.sites.contains(&s.name))
            });
            if !connected {
                self.warn(
                    s.pos,
                    "site-unconnected",
                    format!("site {:?} is not connected to any gateway, so nothing in Azure can reach it", s.name),
                );
            }
        }
        for p in &t.peerings {
            if p.allow_gateway_transit && t.vnet(&p.vnet).is_some_and(|v| v.gateway.is_none()) {
                self.warn(
                    p.pos,
                    "transit-without-gateway",
                    format!(
                        "peering {:?} allows gateway transit, but VNet {:?} has no gateway; the setting has no effect",
                        p.name, p.vnet
                    ),
                );
            }
        }
        for v in &t.vnets {
            if let DnsSetting::Server(d) = &v.dns
                && t.vm(d).is_some_and(|vm| !vm.dns_server)
            {
                self.warn(
                    v.pos,
                    "dns-server-not-serving",
                    format!("VNet {:?} uses {d:?} as its DNS server, but that VM does not have dns_server = true; names will not resolve", v.name),
                );
            }
        }
    }
}

/// Azure keeps the network address, the next three and the broadcast address of every subnet.
fn is_reserved(prefix: &Ipv4Net, ip: Ipv4Addr) -> bool {
    if prefix.prefix_len() > 29 {
        return false;
    }
    let off = u32::from(ip) - u32::from(prefix.network());
    off < 4 || ip == prefix.broadcast()
}

fn first_usable(prefix: &Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(prefix.network()) + 4)
}

fn join(nets: &[Ipv4Net]) -> String {
    nets.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
