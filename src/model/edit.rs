//! Changes to a topology: what a `fix` choice does, what a learner toggles in a `configure`
//! question, and how the generator injects faults. Each change checks its own references, so
//! an edited topology stays one the evaluator can read.

use super::value::{parse_cidr, parse_ip};
use super::*;

/// The four flags of a peering side (plus `remote_deleted`); `None` leaves a flag as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeeringFlags {
    pub allow_virtual_network_access: Option<bool>,
    pub allow_forwarded_traffic: Option<bool>,
    pub allow_gateway_transit: Option<bool>,
    pub use_remote_gateways: Option<bool>,
    pub remote_deleted: Option<bool>,
}

/// `Some(None)` removes an association, `Some(Some(name))` sets it, `None` leaves it.
pub type Assoc = Option<Option<String>>;

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetPeering {
        peering: String,
        flags: PeeringFlags,
    },
    AddPeering(Peering),
    RemovePeering(String),
    AddRoute {
        table: String,
        route: Route,
    },
    RemoveRoute {
        table: String,
        route: String,
    },
    SetRouteTable {
        table: String,
        propagate_gateway_routes: Option<bool>,
    },
    AddRouteTable(String),
    SetSubnet {
        vnet: String,
        subnet: String,
        route_table: Assoc,
        nsg: Assoc,
    },
    SetVm {
        vm: String,
        ip_forwarding: Option<bool>,
        forwards: Option<bool>,
        dns_server: Option<bool>,
        nsg: Assoc,
    },
    AddNsgRule {
        nsg: String,
        rule: NsgRule,
    },
    RemoveNsgRule {
        nsg: String,
        rule: String,
    },
    AddFirewallRule {
        firewall: String,
        rule: FirewallRule,
        first: bool,
    },
    RemoveFirewallRule {
        firewall: String,
        rule: String,
    },
    AddZoneLink {
        zone: String,
        vnet: String,
    },
    AddZoneRecord {
        zone: String,
        name: String,
        ip: Ipv4Addr,
    },
    SetVnetDns {
        vnet: String,
        dns: DnsSetting,
    },
    RemoveGateway {
        vnet: String,
    },
    SetSite {
        site: String,
        bgp: Option<bool>,
        add_static_route: Option<Ipv4Net>,
    },
}

fn missing(what: &str, name: &str) -> String {
    format!("there is no {what} named {}", crate::text::quoted(name))
}

fn by_name<'a, T>(
    items: &'a mut [T],
    name: &str,
    what: &str,
    key: impl Fn(&T) -> &str,
) -> Result<&'a mut T, String> {
    items
        .iter_mut()
        .find(|x| key(x) == name)
        .ok_or_else(|| missing(what, name))
}

/// The index of the peering called `name`; ambiguous names (two VNets using the same peering
/// name) cannot be edited by name.
pub fn peering_index(t: &Topology, name: &str) -> Result<usize, String> {
    let mut hits = t
        .peerings
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name);
    match (hits.next(), hits.next()) {
        (Some((i, _)), None) => Ok(i),
        (None, _) => Err(missing("peering", name)),
        (Some(_), Some(_)) => Err(format!(
            "more than one VNet has a peering named {}; give the peerings distinct names",
            crate::text::quoted(name)
        )),
    }
}

impl PeeringFlags {
    pub fn apply(&self, p: &mut Peering) {
        let set = |slot: &mut bool, v: Option<bool>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(
            &mut p.allow_virtual_network_access,
            self.allow_virtual_network_access,
        );
        set(&mut p.allow_forwarded_traffic, self.allow_forwarded_traffic);
        set(&mut p.allow_gateway_transit, self.allow_gateway_transit);
        set(&mut p.use_remote_gateways, self.use_remote_gateways);
        set(&mut p.remote_deleted, self.remote_deleted);
    }
}

impl Edit {
    /// Applies the change, or says why it cannot apply to this topology.
    pub fn apply(&self, t: &mut Topology) -> Result<(), String> {
        match self {
            Edit::SetPeering { peering, flags } => {
                let i = peering_index(t, peering)?;
                flags.apply(&mut t.peerings[i]);
                let p = &t.peerings[i];
                if p.remote_deleted
                    && t.peerings
                        .iter()
                        .any(|q| q.vnet == p.remote && q.remote == p.vnet)
                {
                    return Err(format!(
                        "peering {peering:?} cannot be marked remote_deleted while its other side exists"
                    ));
                }
            }
            Edit::AddPeering(p) => {
                for v in [&p.vnet, &p.remote] {
                    if t.vnet(v).is_none() {
                        return Err(missing("VNet", v));
                    }
                }
                if t.peerings
                    .iter()
                    .any(|q| q.vnet == p.vnet && q.name == p.name)
                {
                    return Err(format!(
                        "VNet {:?} already has a peering named {:?}",
                        p.vnet, p.name
                    ));
                }
                t.peerings.push(p.clone());
            }
            Edit::RemovePeering(name) => {
                let i = peering_index(t, name)?;
                t.peerings.remove(i);
            }
            Edit::AddRoute { table, route } => {
                if route.next_hop == UdrNextHop::VirtualAppliance && route.next_hop_ip.is_none() {
                    return Err("a VirtualAppliance route needs next_hop_ip".to_string());
                }
                if route.next_hop != UdrNextHop::VirtualAppliance && route.next_hop_ip.is_some() {
                    return Err("only a VirtualAppliance route takes next_hop_ip".to_string());
                }
                let rt = by_name(&mut t.route_tables, table, "route table", |r| &r.name)?;
                if rt
                    .routes
                    .iter()
                    .any(|r| r.name == route.name || r.prefix == route.prefix)
                {
                    return Err(format!(
                        "route table {table:?} already has a route named {:?} or for {}",
                        route.name, route.prefix
                    ));
                }
                rt.routes.push(route.clone());
            }
            Edit::RemoveRoute { table, route } => {
                let rt = by_name(&mut t.route_tables, table, "route table", |r| &r.name)?;
                let i = rt
                    .routes
                    .iter()
                    .position(|r| &r.name == route)
                    .ok_or_else(|| missing("route", route))?;
                rt.routes.remove(i);
            }
            Edit::SetRouteTable {
                table,
                propagate_gateway_routes,
            } => {
                let rt = by_name(&mut t.route_tables, table, "route table", |r| &r.name)?;
                if let Some(p) = propagate_gateway_routes {
                    rt.propagate_gateway_routes = *p;
                }
            }
            Edit::AddRouteTable(name) => {
                if t.route_table(name).is_some() {
                    return Err(format!("route table {name:?} already exists"));
                }
                t.route_tables.push(RouteTable {
                    name: name.clone(),
                    propagate_gateway_routes: true,
                    routes: Vec::new(),
                    pos: Pos::default(),
                });
            }
            Edit::SetSubnet {
                vnet,
                subnet,
                route_table,
                nsg,
            } => {
                if let Some(Some(rt)) = route_table
                    && t.route_table(rt).is_none()
                {
                    return Err(missing("route table", rt));
                }
                if let Some(Some(n)) = nsg
                    && t.nsg(n).is_none()
                {
                    return Err(missing("NSG", n));
                }
                let v = by_name(&mut t.vnets, vnet, "VNet", |v| &v.name)?;
                let s = v
                    .subnets
                    .iter_mut()
                    .find(|s| &s.name == subnet)
                    .ok_or_else(|| missing("subnet", subnet))?;
                if let Some(rt) = route_table {
                    s.route_table = rt.clone();
                }
                if let Some(n) = nsg {
                    s.nsg = n.clone();
                }
            }
            Edit::SetVm {
                vm,
                ip_forwarding,
                forwards,
                dns_server,
                nsg,
            } => {
                if let Some(Some(n)) = nsg
                    && t.nsg(n).is_none()
                {
                    return Err(missing("NSG", n));
                }
                let m = t
                    .vms
                    .iter_mut()
                    .find(|m| &m.name == vm)
                    .ok_or_else(|| missing("VM", vm))?;
                for (slot, v) in [
                    (&mut m.ip_forwarding, ip_forwarding),
                    (&mut m.forwards, forwards),
                    (&mut m.dns_server, dns_server),
                ] {
                    if let Some(v) = v {
                        *slot = *v;
                    }
                }
                if let Some(n) = nsg {
                    m.nsg = n.clone();
                }
            }
            Edit::AddNsgRule { nsg, rule } => {
                let n = by_name(&mut t.nsgs, nsg, "NSG", |n| &n.name)?;
                if !(100..=4096).contains(&rule.priority) {
                    return Err(format!("priority {} is outside 100 to 4096", rule.priority));
                }
                if n.rules.iter().any(|r| {
                    r.name == rule.name
                        || (r.direction == rule.direction && r.priority == rule.priority)
                }) {
                    return Err(format!(
                        "NSG {nsg:?} already has a rule named {:?} or at priority {} in that direction",
                        rule.name, rule.priority
                    ));
                }
                n.rules.push(rule.clone());
            }
            Edit::RemoveNsgRule { nsg, rule } => {
                let n = by_name(&mut t.nsgs, nsg, "NSG", |n| &n.name)?;
                let i = n
                    .rules
                    .iter()
                    .position(|r| &r.name == rule)
                    .ok_or_else(|| missing("NSG rule", rule))?;
                n.rules.remove(i);
            }
            Edit::AddFirewallRule {
                firewall,
                rule,
                first,
            } => {
                let f = by_name(&mut t.firewalls, firewall, "firewall", |f| &f.name)?;
                if f.rules.iter().any(|r| r.name == rule.name) {
                    return Err(format!(
                        "firewall {firewall:?} already has a rule named {:?}",
                        rule.name
                    ));
                }
                if *first {
                    f.rules.insert(0, rule.clone());
                } else {
                    f.rules.push(rule.clone());
                }
            }
            Edit::RemoveFirewallRule { firewall, rule } => {
                let f = by_name(&mut t.firewalls, firewall, "firewall", |f| &f.name)?;
                let i = f
                    .rules
                    .iter()
                    .position(|r| &r.name == rule)
                    .ok_or_else(|| missing("firewall rule", rule))?;
                f.rules.remove(i);
            }
            Edit::AddZoneLink { zone, vnet } => {
                if t.vnet(vnet).is_none() {
                    return Err(missing("VNet", vnet));
                }
                let z = by_name(&mut t.dns_zones, zone, "DNS zone", |z| &z.name)?;
                if !z.links.contains(vnet) {
                    z.links.push(vnet.clone());
                }
            }
            Edit::AddZoneRecord { zone, name, ip } => {
                let z = by_name(&mut t.dns_zones, zone, "DNS zone", |z| &z.name)?;
                z.records.insert(name.clone(), *ip);
            }
            Edit::SetVnetDns { vnet, dns } => {
                if let DnsSetting::Server(s) = dns
                    && t.vm(s).is_none()
                {
                    return Err(missing("VM", s));
                }
                let v = by_name(&mut t.vnets, vnet, "VNet", |v| &v.name)?;
                v.dns = dns.clone();
            }
            Edit::RemoveGateway { vnet } => {
                let v = by_name(&mut t.vnets, vnet, "VNet", |v| &v.name)?;
                if v.gateway.take().is_none() {
                    return Err(format!("VNet {vnet:?} has no gateway"));
                }
            }
            Edit::SetSite {
                site,
                bgp,
                add_static_route,
            } => {
                let s = t
                    .sites
                    .iter_mut()
                    .find(|s| &s.name == site)
                    .ok_or_else(|| missing("site", site))?;
                if let Some(b) = bgp {
                    s.bgp = *b;
                }
                if let Some(r) = add_static_route
                    && !s.static_routes.contains(r)
                {
                    s.static_routes.push(*r);
                }
            }
        }
        Ok(())
    }
}

/// Reads one change written as a TOML table (docs/QUESTIONS.md "Changes"). Every name in
/// it, new or referenced, follows the topology's name rule ([`super::check_name`]).
pub fn parse_edit(table: &toml::Table) -> Result<Edit, String> {
    let e = parse_edit_raw(table)?;
    e.check_names()?;
    Ok(e)
}

impl Edit {
    fn check_names(&self) -> Result<(), String> {
        use super::check_name as n;
        let assoc = |a: &Assoc, what: &str| match a {
            Some(Some(x)) => n(x, what),
            _ => Ok(()),
        };
        match self {
            Edit::SetPeering { peering, .. } => n(peering, "peering"),
            Edit::AddPeering(p) => {
                n(&p.name, "peering")?;
                n(&p.vnet, "VNet")?;
                n(&p.remote, "VNet")
            }
            Edit::RemovePeering(p) => n(p, "peering"),
            Edit::AddRoute { table, route } => {
                n(table, "route table")?;
                n(&route.name, "route")
            }
            Edit::RemoveRoute { table, route } => {
                n(table, "route table")?;
                n(route, "route")
            }
            Edit::SetRouteTable { table, .. } | Edit::AddRouteTable(table) => {
                n(table, "route table")
            }
            Edit::SetSubnet {
                vnet,
                subnet,
                route_table,
                nsg,
            } => {
                n(vnet, "VNet")?;
                n(subnet, "subnet")?;
                assoc(route_table, "route table")?;
                assoc(nsg, "NSG")
            }
            Edit::SetVm { vm, nsg, .. } => {
                n(vm, "VM")?;
                assoc(nsg, "NSG")
            }
            Edit::AddNsgRule { nsg, rule } => {
                n(nsg, "NSG")?;
                n(&rule.name, "NSG rule")
            }
            Edit::RemoveNsgRule { nsg, rule } => {
                n(nsg, "NSG")?;
                n(rule, "NSG rule")
            }
            Edit::AddFirewallRule { firewall, rule, .. } => {
                n(firewall, "firewall")?;
                n(&rule.name, "firewall rule")
            }
            Edit::RemoveFirewallRule { firewall, rule } => {
                n(firewall, "firewall")?;
                n(rule, "firewall rule")
            }
            Edit::AddZoneLink { zone, vnet } => {
                dns_name(zone, "DNS zone")?;
                n(vnet, "VNet")
            }
            Edit::AddZoneRecord { zone, name, .. } => {
                dns_name(zone, "DNS zone")?;
                dns_name(name, "record")
            }
            Edit::SetVnetDns { vnet, dns } => {
                n(vnet, "VNet")?;
                match dns {
                    DnsSetting::Server(s) => n(s, "DNS server VM"),
                    DnsSetting::Azure => Ok(()),
                }
            }
            Edit::RemoveGateway { vnet } => n(vnet, "VNet"),
            Edit::SetSite { site, .. } => n(site, "site"),
        }
    }
}

/// DNS zone and record names: dot-separated labels of letters, digits, `-` and `_`.
fn dns_name(v: &str, what: &str) -> Result<(), String> {
    let ok = !v.is_empty()
        && v.len() <= 253
        && v.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what} name {} is not a DNS name such as \"sql\" or \"contoso.internal\"",
            crate::text::quoted(v)
        ))
    }
}

fn parse_edit_raw(table: &toml::Table) -> Result<Edit, String> {
    let s = |v: &toml::Value, what: &str| -> Result<String, String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{what} must be a string"))
    };
    let b = |v: &toml::Value, what: &str| -> Result<bool, String> {
        v.as_bool()
            .ok_or_else(|| format!("{what} must be true or false"))
    };
    let sub = |key: &str| -> Result<&toml::Table, String> {
        table
            .get(key)
            .and_then(|v| v.as_table())
            .ok_or_else(|| format!("`{key}` must be a table"))
    };
    let only = |allowed: &[&str]| -> Result<(), String> {
        match table.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(format!(
                "unknown key `{k}` in this change; it takes {}",
                allowed.join(", ")
            )),
            None => Ok(()),
        }
    };
    let opt_bool = |t: &toml::Table, k: &str| -> Result<Option<bool>, String> {
        t.get(k).map(|v| b(v, k)).transpose()
    };
    let assoc = |t: &toml::Table, k: &str| -> Result<Assoc, String> {
        t.get(k)
            .map(|v| s(v, k).map(|x| if x.is_empty() { None } else { Some(x) }))
            .transpose()
    };
    let keys_only = |t: &toml::Table, allowed: &[&str], what: &str| -> Result<(), String> {
        match t.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(format!(
                "unknown key `{k}` in {what}; it takes {}",
                allowed.join(", ")
            )),
            None => Ok(()),
        }
    };
    if let Some(p) = table.get("peering") {
        only(&["peering", "set"])?;
        let set = sub("set")?;
        const FLAGS: [&str; 5] = [
            "allow_virtual_network_access",
            "allow_forwarded_traffic",
            "allow_gateway_transit",
            "use_remote_gateways",
            "remote_deleted",
        ];
        keys_only(set, &FLAGS, "set")?;
        return Ok(Edit::SetPeering {
            peering: s(p, "peering")?,
            flags: PeeringFlags {
                allow_virtual_network_access: opt_bool(set, FLAGS[0])?,
                allow_forwarded_traffic: opt_bool(set, FLAGS[1])?,
                allow_gateway_transit: opt_bool(set, FLAGS[2])?,
                use_remote_gateways: opt_bool(set, FLAGS[3])?,
                remote_deleted: opt_bool(set, FLAGS[4])?,
            },
        });
    }
    if table.contains_key("add_peering") {
        only(&["add_peering"])?;
        let a = sub("add_peering")?;
        keys_only(
            a,
            &[
                "vnet",
                "remote",
                "name",
                "allow_virtual_network_access",
                "allow_forwarded_traffic",
                "allow_gateway_transit",
                "use_remote_gateways",
            ],
            "add_peering",
        )?;
        let vnet = s(a.get("vnet").ok_or("add_peering needs `vnet`")?, "vnet")?;
        let remote = s(
            a.get("remote").ok_or("add_peering needs `remote`")?,
            "remote",
        )?;
        let mut p = Peering::new(&vnet, &remote);
        if let Some(n) = a.get("name") {
            p.name = s(n, "name")?;
        }
        PeeringFlags {
            allow_virtual_network_access: opt_bool(a, "allow_virtual_network_access")?,
            allow_forwarded_traffic: opt_bool(a, "allow_forwarded_traffic")?,
            allow_gateway_transit: opt_bool(a, "allow_gateway_transit")?,
            use_remote_gateways: opt_bool(a, "use_remote_gateways")?,
            remote_deleted: None,
        }
        .apply(&mut p);
        return Ok(Edit::AddPeering(p));
    }
    if let Some(p) = table.get("remove_peering") {
        only(&["remove_peering"])?;
        return Ok(Edit::RemovePeering(s(p, "remove_peering")?));
    }
    if let Some(n) = table.get("add_route_table") {
        only(&["add_route_table"])?;
        return Ok(Edit::AddRouteTable(s(n, "add_route_table")?));
    }
    if let Some(rt) = table.get("route_table") {
        let table_name = s(rt, "route_table")?;
        if table.contains_key("add_route") {
            only(&["route_table", "add_route"])?;
            let r = sub("add_route")?;
            keys_only(
                r,
                &["name", "prefix", "next_hop", "next_hop_ip"],
                "add_route",
            )?;
            let next_hop_s = s(
                r.get("next_hop").ok_or("add_route needs `next_hop`")?,
                "next_hop",
            )?;
            let next_hop = UdrNextHop::ALL
                .iter()
                .find(|(n, _)| *n == next_hop_s)
                .map(|(_, h)| *h)
                .ok_or_else(|| format!("unknown next_hop {}", crate::text::quoted(&next_hop_s)))?;
            let route = Route {
                name: s(r.get("name").ok_or("add_route needs `name`")?, "name")?,
                prefix: parse_cidr(&s(
                    r.get("prefix").ok_or("add_route needs `prefix`")?,
                    "prefix",
                )?)?,
                next_hop,
                next_hop_ip: r
                    .get("next_hop_ip")
                    .map(|v| s(v, "next_hop_ip").and_then(|x| parse_ip(&x)))
                    .transpose()?,
                pos: Pos::default(),
            };
            return Ok(Edit::AddRoute {
                table: table_name,
                route,
            });
        }
        if let Some(r) = table.get("remove_route") {
            only(&["route_table", "remove_route"])?;
            return Ok(Edit::RemoveRoute {
                table: table_name,
                route: s(r, "remove_route")?,
            });
        }
        only(&["route_table", "set"])?;
        let set = sub("set")?;
        keys_only(set, &["propagate_gateway_routes"], "set")?;
        return Ok(Edit::SetRouteTable {
            table: table_name,
            propagate_gateway_routes: opt_bool(set, "propagate_gateway_routes")?,
        });
    }
    if let Some(sn) = table.get("subnet") {
        only(&["subnet", "set"])?;
        let path = s(sn, "subnet")?;
        let (vnet, subnet) = path
            .split_once('/')
            .ok_or("subnet is written \"vnet/subnet\"")?;
        let set = sub("set")?;
        keys_only(set, &["route_table", "nsg"], "set")?;
        return Ok(Edit::SetSubnet {
            vnet: vnet.into(),
            subnet: subnet.into(),
            route_table: assoc(set, "route_table")?,
            nsg: assoc(set, "nsg")?,
        });
    }
    if let Some(vm) = table.get("vm") {
        only(&["vm", "set"])?;
        let set = sub("set")?;
        keys_only(
            set,
            &["ip_forwarding", "forwards", "dns_server", "nsg"],
            "set",
        )?;
        return Ok(Edit::SetVm {
            vm: s(vm, "vm")?,
            ip_forwarding: opt_bool(set, "ip_forwarding")?,
            forwards: opt_bool(set, "forwards")?,
            dns_server: opt_bool(set, "dns_server")?,
            nsg: assoc(set, "nsg")?,
        });
    }
    if let Some(n) = table.get("nsg") {
        let nsg = s(n, "nsg")?;
        if let Some(r) = table.get("remove_rule") {
            only(&["nsg", "remove_rule"])?;
            return Ok(Edit::RemoveNsgRule {
                nsg,
                rule: s(r, "remove_rule")?,
            });
        }
        only(&["nsg", "add_rule"])?;
        let r = sub("add_rule")?;
        keys_only(
            r,
            &[
                "name",
                "priority",
                "direction",
                "access",
                "protocol",
                "source",
                "destination",
                "destination_ports",
            ],
            "add_rule",
        )?;
        let get = |k: &str| -> Result<String, String> {
            s(r.get(k).ok_or_else(|| format!("add_rule needs `{k}`"))?, k)
        };
        let priority = r
            .get("priority")
            .and_then(|v| v.as_integer())
            .ok_or("add_rule needs a whole-number `priority`")?;
        let rule = NsgRule {
            name: get("name")?,
            priority: u16::try_from(priority)
                .map_err(|_| format!("priority {priority} is outside 100 to 4096"))?,
            direction: Direction::parse(&get("direction")?)?,
            access: Access::parse(&get("access")?)?,
            protocol: Protocol::parse(&get("protocol")?)?,
            source: AddressMatch::parse(&get("source")?)?,
            destination: AddressMatch::parse(&get("destination")?)?,
            destination_ports: r
                .get("destination_ports")
                .map(|v| s(v, "destination_ports").and_then(|x| PortSet::parse(&x)))
                .transpose()?
                .unwrap_or(PortSet::Any),
            pos: Pos::default(),
        };
        return Ok(Edit::AddNsgRule { nsg, rule });
    }
    if let Some(f) = table.get("firewall") {
        let firewall = s(f, "firewall")?;
        if let Some(r) = table.get("remove_rule") {
            only(&["firewall", "remove_rule"])?;
            return Ok(Edit::RemoveFirewallRule {
                firewall,
                rule: s(r, "remove_rule")?,
            });
        }
        only(&["firewall", "add_rule", "first"])?;
        let r = sub("add_rule")?;
        keys_only(
            r,
            &[
                "name",
                "action",
                "protocol",
                "source",
                "destination",
                "ports",
            ],
            "add_rule",
        )?;
        let get = |k: &str| -> Result<String, String> {
            s(r.get(k).ok_or_else(|| format!("add_rule needs `{k}`"))?, k)
        };
        let nets = |k: &str| -> Result<Vec<Ipv4Net>, String> {
            r.get(k)
                .and_then(|v| v.as_array())
                .ok_or_else(|| format!("add_rule needs `{k}`, a list of CIDRs"))?
                .iter()
                .map(|v| s(v, k).and_then(|x| value::parse_prefix_or_ip(&x)))
                .collect()
        };
        let rule = FirewallRule {
            name: get("name")?,
            action: Access::parse(&get("action")?)?,
            protocol: Protocol::parse(&get("protocol")?)?,
            source: nets("source")?,
            destination: nets("destination")?,
            ports: r
                .get("ports")
                .map(|v| s(v, "ports").and_then(|x| PortSet::parse(&x)))
                .transpose()?
                .unwrap_or(PortSet::Any),
            pos: Pos::default(),
        };
        let first = table
            .get("first")
            .map(|v| b(v, "first"))
            .transpose()?
            .unwrap_or(false);
        return Ok(Edit::AddFirewallRule {
            firewall,
            rule,
            first,
        });
    }
    if let Some(z) = table.get("dns_zone") {
        let zone = s(z, "dns_zone")?;
        if let Some(l) = table.get("add_link") {
            only(&["dns_zone", "add_link"])?;
            return Ok(Edit::AddZoneLink {
                zone,
                vnet: s(l, "add_link")?,
            });
        }
        only(&["dns_zone", "add_record"])?;
        let rec = sub("add_record")?;
        let mut it = rec.iter();
        let (Some((name, ip)), None) = (it.next(), it.next()) else {
            return Err("add_record holds exactly one `name = \"ip\"`".to_string());
        };
        return Ok(Edit::AddZoneRecord {
            zone,
            name: name.clone(),
            ip: parse_ip(&s(ip, name)?)?,
        });
    }
    if let Some(v) = table.get("vnet") {
        let vnet = s(v, "vnet")?;
        if table.contains_key("remove_gateway") {
            only(&["vnet", "remove_gateway"])?;
            return Ok(Edit::RemoveGateway { vnet });
        }
        only(&["vnet", "set"])?;
        let set = sub("set")?;
        keys_only(set, &["dns"], "set")?;
        let dns = s(set.get("dns").ok_or("set needs `dns`")?, "dns")?;
        let dns = if dns == "azure" {
            DnsSetting::Azure
        } else {
            DnsSetting::Server(dns)
        };
        return Ok(Edit::SetVnetDns { vnet, dns });
    }
    if let Some(site) = table.get("site") {
        only(&["site", "set", "add_static_route"])?;
        let bgp = match table.get("set") {
            Some(_) => {
                let set = sub("set")?;
                keys_only(set, &["bgp"], "set")?;
                opt_bool(set, "bgp")?
            }
            None => None,
        };
        let add_static_route = table
            .get("add_static_route")
            .map(|v| s(v, "add_static_route").and_then(|x| parse_cidr(&x)))
            .transpose()?;
        return Ok(Edit::SetSite {
            site: s(site, "site")?,
            bgp,
            add_static_route,
        });
    }
    Err(format!(
        "unknown change with keys {}; see docs/QUESTIONS.md \"Changes\"",
        table
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn flags_toml(f: &PeeringFlags) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        (
            "allow_virtual_network_access",
            f.allow_virtual_network_access,
        ),
        ("allow_forwarded_traffic", f.allow_forwarded_traffic),
        ("allow_gateway_transit", f.allow_gateway_transit),
        ("use_remote_gateways", f.use_remote_gateways),
        ("remote_deleted", f.remote_deleted),
    ] {
        if let Some(v) = v {
            parts.push(format!("{k} = {v}"));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

fn assoc_toml(parts: &mut Vec<String>, key: &str, a: &Assoc) {
    if let Some(v) = a {
        parts.push(format!("{key} = {}", q(v.as_deref().unwrap_or(""))));
    }
}

impl Edit {
    /// The change as the inline TOML table `parse_edit` reads (docs/QUESTIONS.md "Changes").
    pub fn to_toml(&self) -> String {
        match self {
            Edit::SetPeering { peering, flags } => format!(
                "{{ peering = {}, set = {} }}",
                q(peering),
                flags_toml(flags)
            ),
            Edit::AddPeering(p) => format!(
                "{{ add_peering = {{ vnet = {}, remote = {}, name = {}, allow_virtual_network_access = {}, allow_forwarded_traffic = {}, allow_gateway_transit = {}, use_remote_gateways = {} }} }}",
                q(&p.vnet),
                q(&p.remote),
                q(&p.name),
                p.allow_virtual_network_access,
                p.allow_forwarded_traffic,
                p.allow_gateway_transit,
                p.use_remote_gateways
            ),
            Edit::RemovePeering(p) => format!("{{ remove_peering = {} }}", q(p)),
            Edit::AddRoute { table, route } => {
                let ip = route
                    .next_hop_ip
                    .map(|ip| format!(", next_hop_ip = {}", q(&ip.to_string())))
                    .unwrap_or_default();
                let hop = UdrNextHop::ALL
                    .iter()
                    .find(|(_, h)| *h == route.next_hop)
                    .map_or("None", |(n, _)| n);
                format!(
                    "{{ route_table = {}, add_route = {{ name = {}, prefix = {}, next_hop = {}{ip} }} }}",
                    q(table),
                    q(&route.name),
                    q(&route.prefix.to_string()),
                    q(hop)
                )
            }
            Edit::RemoveRoute { table, route } => format!(
                "{{ route_table = {}, remove_route = {} }}",
                q(table),
                q(route)
            ),
            Edit::SetRouteTable {
                table,
                propagate_gateway_routes,
            } => match propagate_gateway_routes {
                Some(p) => format!(
                    "{{ route_table = {}, set = {{ propagate_gateway_routes = {p} }} }}",
                    q(table)
                ),
                None => format!("{{ route_table = {}, set = {{ }} }}", q(table)),
            },
            Edit::AddRouteTable(n) => format!("{{ add_route_table = {} }}", q(n)),
            Edit::SetSubnet {
                vnet,
                subnet,
                route_table,
                nsg,
            } => {
                let mut parts = Vec::new();
                assoc_toml(&mut parts, "route_table", route_table);
                assoc_toml(&mut parts, "nsg", nsg);
                format!(
                    "{{ subnet = {}, set = {{ {} }} }}",
                    q(&format!("{vnet}/{subnet}")),
                    parts.join(", ")
                )
            }
            Edit::SetVm {
                vm,
                ip_forwarding,
                forwards,
                dns_server,
                nsg,
            } => {
                let mut parts = Vec::new();
                for (k, v) in [
                    ("ip_forwarding", ip_forwarding),
                    ("forwards", forwards),
                    ("dns_server", dns_server),
                ] {
                    if let Some(v) = v {
                        parts.push(format!("{k} = {v}"));
                    }
                }
                assoc_toml(&mut parts, "nsg", nsg);
                format!("{{ vm = {}, set = {{ {} }} }}", q(vm), parts.join(", "))
            }
            Edit::AddNsgRule { nsg, rule } => format!(
                "{{ nsg = {}, add_rule = {{ name = {}, priority = {}, direction = {}, access = {}, protocol = {}, source = {}, destination = {}, destination_ports = {} }} }}",
                q(nsg),
                q(&rule.name),
                rule.priority,
                q(rule.direction.as_str()),
                q(rule.access.as_str()),
                q(rule.protocol.as_str()),
                q(&rule.source.to_string()),
                q(&rule.destination.to_string()),
                q(&rule.destination_ports.to_string())
            ),
            Edit::RemoveNsgRule { nsg, rule } => {
                format!("{{ nsg = {}, remove_rule = {} }}", q(nsg), q(rule))
            }
            Edit::AddFirewallRule {
                firewall,
                rule,
                first,
            } => {
                let nets = |v: &[Ipv4Net]| {
                    format!(
                        "[{}]",
                        v.iter()
                            .map(|n| q(&n.to_string()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                format!(
                    "{{ firewall = {}, first = {first}, add_rule = {{ name = {}, action = {}, protocol = {}, source = {}, destination = {}, ports = {} }} }}",
                    q(firewall),
                    q(&rule.name),
                    q(rule.action.as_str()),
                    q(rule.protocol.as_str()),
                    nets(&rule.source),
                    nets(&rule.destination),
                    q(&rule.ports.to_string())
                )
            }
            Edit::RemoveFirewallRule { firewall, rule } => format!(
                "{{ firewall = {}, remove_rule = {} }}",
                q(firewall),
                q(rule)
            ),
            Edit::AddZoneLink { zone, vnet } => {
                format!("{{ dns_zone = {}, add_link = {} }}", q(zone), q(vnet))
            }
            Edit::AddZoneRecord { zone, name, ip } => format!(
                "{{ dns_zone = {}, add_record = {{ {} = {} }} }}",
                q(zone),
                q(name),
                q(&ip.to_string())
            ),
            Edit::SetVnetDns { vnet, dns } => {
                let d = match dns {
                    DnsSetting::Azure => "azure".to_string(),
                    DnsSetting::Server(s) => s.clone(),
                };
                format!("{{ vnet = {}, set = {{ dns = {} }} }}", q(vnet), q(&d))
            }
            Edit::RemoveGateway { vnet } => {
                format!("{{ vnet = {}, remove_gateway = true }}", q(vnet))
            }
            Edit::SetSite {
                site,
                bgp,
                add_static_route,
            } => {
                let mut parts = vec![format!("site = {}", q(site))];
                if let Some(b) = bgp {
                    parts.push(format!("set = {{ bgp = {b} }}"));
                }
                if let Some(r) = add_static_route {
                    parts.push(format!("add_static_route = {}", q(&r.to_string())));
                }
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of change survives writing and reading back.
    #[test]
    fn changes_round_trip_through_toml() {
        let text = r#"
changes = [
  { peering = "p", set = { allow_gateway_transit = true, use_remote_gateways = false } },
  { add_peering = { vnet = "a", remote = "b", name = "a-b", allow_virtual_network_access = false, allow_forwarded_traffic = true, allow_gateway_transit = false, use_remote_gateways = false } },
  { remove_peering = "p" },
  { route_table = "rt", add_route = { name = "r", prefix = "10.2.0.0/16", next_hop = "VirtualAppliance", next_hop_ip = "10.0.1.4" } },
  { route_table = "rt", remove_route = "r" },
  { route_table = "rt", set = { propagate_gateway_routes = false } },
  { add_route_table = "rt2" },
  { subnet = "v/s", set = { route_table = "rt", nsg = "" } },
  { vm = "nva", set = { ip_forwarding = true, nsg = "n" } },
  { nsg = "n", add_rule = { name = "x", priority = 100, direction = "inbound", access = "deny", protocol = "tcp", source = "10.1.0.0/16", destination = "*", destination_ports = "80,443" } },
  { nsg = "n", remove_rule = "x" },
  { firewall = "fw", first = true, add_rule = { name = "y", action = "allow", protocol = "any", source = ["10.0.0.0/8"], destination = ["10.2.1.4/32"], ports = "*" } },
  { firewall = "fw", remove_rule = "y" },
  { dns_zone = "z.internal", add_link = "v" },
  { dns_zone = "z.internal", add_record = { sql = "10.2.1.4" } },
  { vnet = "v", set = { dns = "dns-vm" } },
  { vnet = "v", remove_gateway = true },
  { site = "s", set = { bgp = false }, add_static_route = "10.1.0.0/16" },
]
"#;
        let table: toml::Table = text.parse().unwrap();
        let edits: Vec<Edit> = table["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| parse_edit(v.as_table().unwrap()).unwrap())
            .collect();
        assert_eq!(edits.len(), 18);
        for e in &edits {
            let written = format!("x = {}", e.to_toml());
            let back: toml::Table = written
                .parse()
                .unwrap_or_else(|err| panic!("{written}: {err}"));
            assert_eq!(
                &parse_edit(back["x"].as_table().unwrap()).unwrap(),
                e,
                "{written}"
            );
        }
    }
}
