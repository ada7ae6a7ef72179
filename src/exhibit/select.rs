//! Which tables an item shows: the selector syntax of a bank item's `exhibit = [...]`
//! (FORMAT.md "Exhibits"), its check against the topology, the default (every table the
//! topology has), and a builder from the names a generated item touches.

use crate::model::Topology;
use std::fmt;

/// One table of an exhibit. `None` names mean "all of them".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// VNets with their address space, DNS servers and subnets.
    Vnets,
    Peerings,
    /// Route tables (one, or all).
    Routes(Option<String>),
    /// NSG rules (one NSG, or all), with Azure's six default rules when `defaults`.
    Nsgs {
        name: Option<String>,
        defaults: bool,
    },
    /// VPN and ExpressRoute gateways with the on-premises sites they connect.
    Gateways,
    Firewalls(Option<String>),
    /// VMs (and on-premises hosts): addresses, subnets, NIC settings.
    Vms,
    /// Private DNS zones (one, or all): records and VNet links.
    Dns(Option<String>),
    /// Bastion hosts: tier, IP-based connection, their subnet (RULES.md §11).
    Bastions,
    /// Private endpoints: address, resource, connection state, subnet policies (RULES.md §12).
    PrivateEndpoints,
    /// PaaS resources' public endpoints and firewall rules (one, or all; RULES.md §12, §13).
    Paas(Option<String>),
    /// Every subnet with its service endpoints (RULES.md §13).
    ServiceEndpoints,
    /// Point-to-site pools and clients with their profile (RULES.md §16).
    P2s,
    /// Users, their tenants and role assignments (RULES.md §11, §15).
    Roles,
}

/// What a selector may be, for error messages.
pub const SYNTAX: &str = "vnets, peerings, routes, routes:TABLE, nsgs, nsg:NAME (either with +defaults), gateways, firewalls, firewall:NAME, vms, dns, dns:ZONE, bastions, private-endpoints, paas, paas:NAME, service-endpoints, p2s, roles";

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Vnets => f.write_str("vnets"),
            Selector::Peerings => f.write_str("peerings"),
            Selector::Routes(None) => f.write_str("routes"),
            Selector::Routes(Some(n)) => write!(f, "routes:{n}"),
            Selector::Nsgs { name, defaults } => {
                match name {
                    None => f.write_str("nsgs")?,
                    Some(n) => write!(f, "nsg:{n}")?,
                }
                if *defaults {
                    f.write_str("+defaults")?;
                }
                Ok(())
            }
            Selector::Gateways => f.write_str("gateways"),
            Selector::Firewalls(None) => f.write_str("firewalls"),
            Selector::Firewalls(Some(n)) => write!(f, "firewall:{n}"),
            Selector::Vms => f.write_str("vms"),
            Selector::Dns(None) => f.write_str("dns"),
            Selector::Dns(Some(n)) => write!(f, "dns:{n}"),
            Selector::Bastions => f.write_str("bastions"),
            Selector::PrivateEndpoints => f.write_str("private-endpoints"),
            Selector::Paas(None) => f.write_str("paas"),
            Selector::Paas(Some(n)) => write!(f, "paas:{n}"),
            Selector::ServiceEndpoints => f.write_str("service-endpoints"),
            Selector::P2s => f.write_str("p2s"),
            Selector::Roles => f.write_str("roles"),
        }
    }
}

impl Selector {
    /// Parses one selector (syntax only; [`Selector::check`] looks the name up).
    pub fn parse(s: &str) -> Result<Selector, String> {
        let unknown = || {
            format!(
                "unknown exhibit table {}; use one of {SYNTAX}",
                crate::text::quoted(s)
            )
        };
        let (body, defaults) = match s.strip_suffix("+defaults") {
            Some(b) => (b, true),
            None => (s, false),
        };
        let (kind, name) = match body.split_once(':') {
            Some((k, n)) if !n.is_empty() => (k, Some(n.to_string())),
            Some(_) => return Err(format!("{}: a name must follow the colon", unknown())),
            None => (body, None),
        };
        let sel = match (kind, name) {
            ("nsgs", None) | ("nsg", Some(_)) | ("nsgs", Some(_)) => {
                let name = body.split_once(':').map(|(_, n)| n.to_string());
                return Ok(Selector::Nsgs { name, defaults });
            }
            ("vnets", None) => Selector::Vnets,
            ("peerings", None) => Selector::Peerings,
            ("routes", n) => Selector::Routes(n),
            ("gateways", None) => Selector::Gateways,
            ("firewalls", None) => Selector::Firewalls(None),
            ("firewall", Some(n)) | ("firewalls", Some(n)) => Selector::Firewalls(Some(n)),
            ("vms", None) => Selector::Vms,
            ("dns", n) => Selector::Dns(n),
            ("bastions", None) => Selector::Bastions,
            ("private-endpoints", None) => Selector::PrivateEndpoints,
            ("paas", n) => Selector::Paas(n),
            ("service-endpoints", None) => Selector::ServiceEndpoints,
            ("p2s", None) => Selector::P2s,
            ("roles", None) => Selector::Roles,
            _ => return Err(unknown()),
        };
        if defaults {
            return Err(format!(
                "{}: only NSG tables take +defaults (nsgs+defaults, nsg:NAME+defaults)",
                crate::text::quoted(s)
            ));
        }
        Ok(sel)
    }

    /// Whether the name it holds exists in `t`; the message names what does.
    pub fn check(&self, t: &Topology) -> Result<(), String> {
        let missing = |what: &str, name: &str, have: Vec<&str>| {
            let have = if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            };
            Err(format!(
                "exhibit {}: the topology has no {what} {} (it has: {have})",
                crate::text::quoted(&self.to_string()),
                crate::text::quoted(name)
            ))
        };
        match self {
            Selector::Routes(Some(n)) if t.route_table(n).is_none() => missing(
                "route table",
                n,
                t.route_tables.iter().map(|r| r.name.as_str()).collect(),
            ),
            Selector::Nsgs { name: Some(n), .. } if t.nsg(n).is_none() => {
                missing("NSG", n, t.nsgs.iter().map(|x| x.name.as_str()).collect())
            }
            Selector::Firewalls(Some(n)) if !t.firewalls.iter().any(|f| &f.name == n) => missing(
                "firewall",
                n,
                t.firewalls.iter().map(|x| x.name.as_str()).collect(),
            ),
            Selector::Dns(Some(n)) if !t.dns_zones.iter().any(|z| &z.name == n) => missing(
                "DNS zone",
                n,
                t.dns_zones.iter().map(|x| x.name.as_str()).collect(),
            ),
            Selector::Paas(Some(n)) if t.paas_named(n).is_none() => missing(
                "PaaS resource",
                n,
                t.paas.iter().map(|x| x.name.as_str()).collect(),
            ),
            _ => Ok(()),
        }
    }
}

/// Parses and checks an item's selectors against its topology, keeping their order and
/// dropping repeats. `Err` holds, for each bad one, its index in `list` and what to fix.
pub fn parse_all(t: &Topology, list: &[String]) -> Result<Vec<Selector>, Vec<(usize, String)>> {
    let mut out: Vec<Selector> = Vec::new();
    let mut bad = Vec::new();
    for (i, s) in list.iter().enumerate() {
        match Selector::parse(s).and_then(|sel| sel.check(t).map(|()| sel)) {
            Ok(sel) if !out.contains(&sel) => out.push(sel),
            Ok(_) => {}
            Err(e) => bad.push((i, e)),
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

/// Every table `t` has something for, in the order an exam exhibit lists them.
pub fn default_selectors(t: &Topology) -> Vec<Selector> {
    let mut v = Vec::new();
    if !t.vnets.is_empty() {
        v.push(Selector::Vnets);
    }
    if !t.peerings.is_empty() {
        v.push(Selector::Peerings);
    }
    if !t.route_tables.is_empty() {
        v.push(Selector::Routes(None));
    }
    if !t.nsgs.is_empty() {
        v.push(Selector::Nsgs {
            name: None,
            defaults: false,
        });
    }
    if t.vnets.iter().any(|v| v.gateway.is_some()) || !t.sites.is_empty() {
        v.push(Selector::Gateways);
    }
    if !t.firewalls.is_empty() {
        v.push(Selector::Firewalls(None));
    }
    if !t.vms.is_empty() || t.sites.iter().any(|s| !s.hosts.is_empty()) {
        v.push(Selector::Vms);
    }
    if !t.dns_zones.is_empty() {
        v.push(Selector::Dns(None));
    }
    if !t.bastions.is_empty() {
        v.push(Selector::Bastions);
    }
    if !t.private_endpoints.is_empty() {
        v.push(Selector::PrivateEndpoints);
    }
    if !t.paas.is_empty() {
        v.push(Selector::Paas(None));
    }
    if t.vnets
        .iter()
        .any(|v| v.subnets.iter().any(|s| !s.service_endpoints.is_empty()))
    {
        v.push(Selector::ServiceEndpoints);
    }
    if !t.p2s_clients.is_empty()
        || t.vnets
            .iter()
            .any(|v| v.gateway.as_ref().is_some_and(|g| g.p2s_pool.is_some()))
    {
        v.push(Selector::P2s);
    }
    if !t.users.is_empty() {
        v.push(Selector::Roles);
    }
    v
}

/// The selectors that show the named things of `t` (what a generated item's flows and faults
/// touch): a peering → `peerings`; a route table → `routes:NAME`; an NSG → `nsg:NAME`; a
/// firewall → `firewall:NAME`; a VNet → `vnets`, plus `gateways` when it has a gateway; a
/// site → `gateways`; a VM or site host → `vms`; a DNS zone → `dns:ZONE`; a bastion →
/// `bastions`; a private endpoint → `private-endpoints`; a PaaS resource → `paas:NAME`; a P2S
/// client → `p2s`; a user → `roles`. `vnet/subnet` counts as its VNet, its route table, its NSG
/// and, when it has any, `service-endpoints`. Unknown names are skipped. The result is in
/// [`default_selectors`] order, without repeats, as strings [`parse_all`] accepts.
pub fn touching(t: &Topology, names: &[&str]) -> Vec<String> {
    let mut picked: Vec<Selector> = Vec::new();
    let mut add = |s: Selector| {
        if !picked.contains(&s) {
            picked.push(s);
        }
    };
    for &n in names {
        if let Some((v, s)) = n.split_once('/')
            && let Some(sub) = t.vnet(v).and_then(|v| v.subnet(s))
        {
            add(Selector::Vnets);
            if let Some(rt) = &sub.route_table {
                add(Selector::Routes(Some(rt.clone())));
            }
            if let Some(nsg) = &sub.nsg {
                add(Selector::Nsgs {
                    name: Some(nsg.clone()),
                    defaults: false,
                });
            }
            if !sub.service_endpoints.is_empty() {
                add(Selector::ServiceEndpoints);
            }
            continue;
        }
        if t.peerings.iter().any(|p| p.name == n) {
            add(Selector::Peerings);
        }
        if t.route_table(n).is_some() {
            add(Selector::Routes(Some(n.to_string())));
        }
        if t.nsg(n).is_some() {
            add(Selector::Nsgs {
                name: Some(n.to_string()),
                defaults: false,
            });
        }
        if t.firewalls.iter().any(|f| f.name == n) {
            add(Selector::Firewalls(Some(n.to_string())));
        }
        if let Some(v) = t.vnet(n) {
            add(Selector::Vnets);
            if v.gateway.is_some() {
                add(Selector::Gateways);
            }
        }
        if t.site(n).is_some() {
            add(Selector::Gateways);
        }
        if t.vm(n).is_some() || t.sites.iter().any(|s| s.hosts.iter().any(|h| h.name == n)) {
            add(Selector::Vms);
        }
        if t.dns_zones.iter().any(|z| z.name == n) {
            add(Selector::Dns(Some(n.to_string())));
        }
        if t.bastion(n).is_some() {
            add(Selector::Bastions);
        }
        if t.private_endpoints.iter().any(|p| p.name == n) {
            add(Selector::PrivateEndpoints);
        }
        if t.paas_named(n).is_some() {
            add(Selector::Paas(Some(n.to_string())));
        }
        if t.p2s_clients.iter().any(|c| c.name == n) {
            add(Selector::P2s);
        }
        if t.users.iter().any(|u| u.name == n) {
            add(Selector::Roles);
        }
    }
    picked.sort_by_key(rank);
    picked.iter().map(ToString::to_string).collect()
}

fn rank(s: &Selector) -> u8 {
    match s {
        Selector::Vnets => 0,
        Selector::Peerings => 1,
        Selector::Routes(_) => 2,
        Selector::Nsgs { .. } => 3,
        Selector::Gateways => 4,
        Selector::Firewalls(_) => 5,
        Selector::Vms => 6,
        Selector::Dns(_) => 7,
        Selector::Bastions => 8,
        Selector::PrivateEndpoints => 9,
        Selector::Paas(_) => 10,
        Selector::ServiceEndpoints => 11,
        Selector::P2s => 12,
        Selector::Roles => 13,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Topology {
        let text = include_str!("../../content/topologies/chapter-hub-spoke.toml");
        crate::model::parse_topology(text).unwrap().topology
    }

    #[test]
    fn every_form_parses_and_prints_back() {
        for s in [
            "vnets",
            "peerings",
            "routes",
            "routes:rt-a",
            "nsgs",
            "nsg:nsg-data",
            "nsgs+defaults",
            "nsg:nsg-data+defaults",
            "gateways",
            "firewalls",
            "firewall:hub-fw",
            "vms",
            "dns",
            "dns:contoso.internal",
        ] {
            let sel = Selector::parse(s).unwrap();
            assert_eq!(sel.to_string(), s);
        }
        assert_eq!(
            Selector::parse("nsgs:x").unwrap().to_string(),
            "nsg:x",
            "the plural with a name means the same NSG"
        );
    }

    #[test]
    fn bad_selectors_say_what_is_allowed() {
        let e = Selector::parse("peering").unwrap_err();
        assert!(e.contains("\"peering\"") && e.contains(SYNTAX), "{e}");
        let e = Selector::parse("routes+defaults").unwrap_err();
        assert!(e.contains("only NSG tables take +defaults"), "{e}");
        assert!(Selector::parse("nsg:").is_err());
        assert!(Selector::parse("nsg").is_err(), "nsg needs a name");
        assert!(Selector::parse("vms:vm-web").is_err());
    }

    #[test]
    fn names_are_looked_up_in_the_topology() {
        let t = hub();
        let list: Vec<String> = ["peerings", "routes:rt-spoke-web", "nsg:nsg-data", "routes"]
            .map(String::from)
            .to_vec();
        let bad = parse_all(&t, &list).unwrap_err();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 2);
        assert_eq!(
            bad[0].1,
            "exhibit \"nsg:nsg-data\": the topology has no NSG \"nsg-data\" (it has: none)"
        );
        let ok = parse_all(
            &t,
            &["routes:rt-spoke-data".into(), "routes:rt-spoke-data".into()],
        )
        .unwrap();
        assert_eq!(ok, vec![Selector::Routes(Some("rt-spoke-data".into()))]);
        let bad = parse_all(&t, &["routes:rt-x".into()]).unwrap_err();
        assert!(
            bad[0].1.contains("(it has: rt-spoke-web, rt-spoke-data)"),
            "{}",
            bad[0].1
        );
    }

    #[test]
    fn the_default_is_every_table_the_topology_has() {
        let got: Vec<String> = default_selectors(&hub())
            .iter()
            .map(ToString::to_string)
            .collect();
        // No NSG and no DNS zone in this file; it has a site host, so a VM table.
        assert_eq!(
            got,
            [
                "vnets",
                "peerings",
                "routes",
                "gateways",
                "firewalls",
                "vms"
            ]
        );
    }

    #[test]
    fn touched_names_become_the_tables_that_show_them() {
        let t = hub();
        let got = touching(
            &t,
            &[
                "vm-web",
                "spoke-web/workload",
                "hub-to-spoke-web",
                "hub-fw",
                "nope",
            ],
        );
        assert_eq!(
            got,
            [
                "vnets",
                "peerings",
                "routes:rt-spoke-web",
                "firewall:hub-fw",
                "vms"
            ]
        );
        assert_eq!(touching(&t, &["hub-vnet"]), ["vnets", "gateways"]);
        assert_eq!(
            touching(&t, &["dc-app", "on-premises"]),
            ["gateways", "vms"]
        );
        assert!(parse_all(&t, &touching(&t, &["rt-spoke-data", "hub-fw"])).is_ok());
    }
}
