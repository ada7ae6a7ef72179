//! Changes to a topology: what a `fix` choice does, what a learner toggles in a `configure`
//! question, and how the generator injects faults. Each change checks its own references, so
//! an edited topology stays one the evaluator can read. Reading a change from TOML lives in
//! `parse`, writing it back in `write`.

use super::*;

mod parse;
mod write;

pub use parse::parse_edit;

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
    /// `az network vnet peering sync` on one side (RULES.md §14): its cache of the remote
    /// space becomes the remote's current space.
    SyncPeering(String),
    /// A range added to a VNet's address space (RULES.md §14): every side pointing at the VNet
    /// keeps the space it knew until it is synced.
    AddAddressSpace {
        vnet: String,
        prefix: Ipv4Net,
    },
    /// The VM's NIC joins an application security group (RULES.md §10).
    JoinAsg {
        vm: String,
        asg: String,
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

/// RULES.md §14: the new range must not overlap the VNet's own ranges or a peered VNet's (the §1
/// overlap rule applies to the new space; Azure refuses such an update, so the change does not
/// apply). Every side pointing at the VNet that knew its current space keeps that copy.
fn add_address_space(t: &mut Topology, vnet: &str, prefix: Ipv4Net) -> Result<(), String> {
    use super::value::overlap;
    let v = t.vnet(vnet).ok_or_else(|| missing("VNet", vnet))?;
    let old = v.address_space.clone();
    if let Some(o) = old.iter().find(|o| overlap(o, &prefix)) {
        return Err(format!(
            "{prefix} overlaps {o}, already in the address space of {}",
            crate::text::quoted(vnet)
        ));
    }
    let peers: Vec<&str> = t
        .peerings
        .iter()
        .filter_map(|p| {
            if p.vnet == vnet {
                Some(p.remote.as_str())
            } else if p.remote == vnet {
                Some(p.vnet.as_str())
            } else {
                None
            }
        })
        .collect();
    for &peer in &peers {
        if let Some(r) = t.vnet(peer)
            && let Some(o) = r.address_space.iter().find(|o| overlap(o, &prefix))
        {
            return Err(format!(
                "{prefix} overlaps {o} of the peered VNet {}; Azure refuses the update (VnetAddressSpacesOverlap)",
                crate::text::quoted(peer)
            ));
        }
    }
    // RULES.md §1's second overlap rule on the new space: a VNet Z that a peer of `vnet` is
    // peered with (a hub can never hold two overlapping spokes).
    for &peer in &peers {
        for p in t
            .peerings
            .iter()
            .filter(|p| p.vnet == peer || p.remote == peer)
        {
            let z = if p.vnet == peer { &p.remote } else { &p.vnet };
            if z == vnet {
                continue;
            }
            if let Some(r) = t.vnet(z)
                && let Some(o) = r.address_space.iter().find(|o| overlap(o, &prefix))
            {
                return Err(format!(
                    "{prefix} overlaps {o} of {}, which the peered VNet {} is already peered with; Azure refuses the update (VnetAddressSpaceOverlapsWithAlreadyPeeredVnet)",
                    crate::text::quoted(z),
                    crate::text::quoted(peer)
                ));
            }
        }
    }
    for p in t.peerings.iter_mut().filter(|p| p.remote == vnet) {
        if p.remote_space_cached.is_none() {
            p.remote_space_cached = Some(old.clone());
        }
    }
    let v = t
        .vnets
        .iter_mut()
        .find(|v| v.name == vnet)
        .ok_or_else(|| missing("VNet", vnet))?;
    v.address_space.push(prefix);
    Ok(())
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
                for m in [&rule.source, &rule.destination] {
                    if let AddressMatch::Asgs(names) = m
                        && let Some(a) = names.iter().find(|a| t.asg(a).is_none())
                    {
                        return Err(missing("application security group", a));
                    }
                }
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
            Edit::SyncPeering(name) => {
                let i = peering_index(t, name)?;
                t.peerings[i].remote_space_cached = None;
            }
            Edit::AddAddressSpace { vnet, prefix } => add_address_space(t, vnet, *prefix)?,
            Edit::JoinAsg { vm, asg } => {
                if !t.asgs.iter().any(|a| &a.name == asg) {
                    return Err(missing("application security group", asg));
                }
                let m = t
                    .vms
                    .iter_mut()
                    .find(|m| &m.name == vm)
                    .ok_or_else(|| missing("VM", vm))?;
                if !m.asgs.contains(asg) {
                    m.asgs.push(asg.clone());
                }
            }
        }
        Ok(())
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
  { peering = "p", sync = true },
  { vnet = "v", add_address_space = "10.9.0.0/16" },
  { vm = "web", join_asg = "asg-web" },
]
"#;
        let table: toml::Table = text.parse().unwrap();
        let edits: Vec<Edit> = table["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| parse_edit(v.as_table().unwrap()).unwrap())
            .collect();
        assert_eq!(edits.len(), 21);
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

    /// RULES.md §14, written before running: after VNet a grows, P(a→b) shows RemoteNotInSync
    /// and P(b→a) LocalNotInSync; a sync on b's side makes both FullyInSync; a range that
    /// overlaps the peer is refused, and so is one the VNet already holds.
    #[test]
    fn address_space_changes_follow_rules_14() {
        let text = r#"
[[vnet]]
name = "a"
address_space = ["10.0.0.0/16"]
[[vnet]]
name = "b"
address_space = ["10.1.0.0/16"]
[[peering]]
name = "a-b"
vnet = "a"
remote = "b"
[[peering]]
name = "b-a"
vnet = "b"
remote = "a"
"#;
        let t0 = crate::model::parse_topology(text).expect("valid").topology;
        let level = |t: &Topology, i: usize| crate::model::sync::level(t, &t.peerings[i]);
        let mut t = t0.clone();
        let grow = Edit::AddAddressSpace {
            vnet: "a".into(),
            prefix: "10.5.0.0/16".parse().unwrap(),
        };
        grow.apply(&mut t).unwrap();
        assert_eq!(t.vnet("a").unwrap().address_space.len(), 2);
        assert_eq!(level(&t, 0), "RemoteNotInSync");
        assert_eq!(level(&t, 1), "LocalNotInSync");
        // Syncing a's side (whose remote b did not change) changes nothing.
        let mut same = t.clone();
        Edit::SyncPeering("a-b".into()).apply(&mut same).unwrap();
        assert_eq!(level(&same, 1), "LocalNotInSync");
        Edit::SyncPeering("b-a".into()).apply(&mut t).unwrap();
        assert_eq!((level(&t, 0), level(&t, 1)), ("FullyInSync", "FullyInSync"));
        for bad in ["10.1.128.0/17", "10.0.4.0/24"] {
            let mut u = t0.clone();
            let e = Edit::AddAddressSpace {
                vnet: "a".into(),
                prefix: bad.parse().unwrap(),
            };
            assert!(e.apply(&mut u).is_err(), "{bad} must be refused");
            assert_eq!(u, t0, "a refused change leaves the topology as it was");
        }
    }

    /// RULES.md §1 on the new space (§14), written before running: spoke a and spoke c are
    /// peered with hub h; a range of c's added to a is refused (c is already peered with a's
    /// peer), a range no VNet holds is accepted, and the refusal leaves the file as it was.
    #[test]
    fn an_added_range_overlapping_a_peer_of_a_peer_is_refused() {
        let text = r#"
[[vnet]]
name = "h"
address_space = ["10.0.0.0/16"]
[[vnet]]
name = "a"
address_space = ["10.1.0.0/16"]
[[vnet]]
name = "c"
address_space = ["10.2.0.0/16"]
[[peering]]
vnet = "h"
remote = "a"
[[peering]]
vnet = "a"
remote = "h"
[[peering]]
vnet = "h"
remote = "c"
[[peering]]
vnet = "c"
remote = "h"
"#;
        let t0 = crate::model::parse_topology(text).expect("valid").topology;
        let add = |prefix: &str| Edit::AddAddressSpace {
            vnet: "a".into(),
            prefix: prefix.parse().unwrap(),
        };
        let mut t = t0.clone();
        let err = add("10.2.8.0/24").apply(&mut t).unwrap_err();
        assert!(
            err.contains("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet") && err.contains("\"c\""),
            "{err}"
        );
        assert_eq!(t, t0);
        add("10.9.0.0/16")
            .apply(&mut t)
            .expect("no VNet holds 10.9.0.0/16");
    }
}
