//! A change read from its TOML table (docs/QUESTIONS.md "Changes").

use super::super::value::{parse_cidr, parse_ip};
use super::*;

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
            Edit::SyncPeering(p) => n(p, "peering"),
            Edit::AddAddressSpace { vnet, .. } => n(vnet, "VNet"),
            Edit::JoinAsg { vm, asg } => {
                n(vm, "VM")?;
                n(asg, "application security group")
            }
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
    if let Some(p) = table.get("peering")
        && table.contains_key("sync")
    {
        only(&["peering", "sync"])?;
        if !b(&table["sync"], "sync")? {
            return Err("sync takes only `true` (leave the change out to not sync)".to_string());
        }
        return Ok(Edit::SyncPeering(s(p, "peering")?));
    }
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
    if let Some(vm) = table.get("vm")
        && let Some(a) = table.get("join_asg")
    {
        only(&["vm", "join_asg"])?;
        return Ok(Edit::JoinAsg {
            vm: s(vm, "vm")?,
            asg: s(a, "join_asg")?,
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
                "source_asgs",
                "destination",
                "destination_asgs",
                "destination_ports",
            ],
            "add_rule",
        )?;
        // FORMAT.md §1b: an address or tag (`source`), or ASGs (`source_asgs`), not both.
        let end = |key: &str| -> Result<AddressMatch, String> {
            let asgs_key = format!("{key}_asgs");
            match (r.get(key), r.get(&asgs_key)) {
                (Some(_), Some(_)) => {
                    Err(format!("add_rule has both {key} and {asgs_key}; keep one"))
                }
                (Some(v), None) => AddressMatch::parse(&s(v, key)?),
                (None, Some(v)) => {
                    let names = v
                        .as_array()
                        .ok_or_else(|| format!("{asgs_key} must be a list of ASG names"))?
                        .iter()
                        .map(|n| s(n, &asgs_key))
                        .collect::<Result<Vec<_>, _>>()?;
                    if names.is_empty() {
                        return Err(format!("{asgs_key} is empty; name at least one ASG"));
                    }
                    Ok(AddressMatch::Asgs(names))
                }
                (None, None) => Err(format!("add_rule needs `{key}` or `{asgs_key}`")),
            }
        };
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
            source: end("source")?,
            destination: end("destination")?,
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
        if let Some(a) = table.get("add_address_space") {
            only(&["vnet", "add_address_space"])?;
            return Ok(Edit::AddAddressSpace {
                vnet,
                prefix: parse_cidr(&s(a, "add_address_space")?)?,
            });
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
