//! [`Topology`] → TOML in the format of FORMAT.md §1, so generated networks are files a
//! learner can read, edit and `check`. Every flag is written out, defaults included: a
//! generated file teaches by being explicit.

use super::*;
use std::fmt::Write;

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list<T: ToString>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(|i| q(&i.to_string())).collect();
    format!("[{}]", parts.join(", "))
}

/// The topology as a FORMAT.md §1 file. `parse_topology(&to_toml(t))` gives `t` back (but for
/// positions).
pub fn to_toml(t: &Topology) -> String {
    let mut s = String::new();
    if t.meta.title.is_some() || t.meta.description.is_some() {
        s.push_str("[meta]\n");
        if let Some(title) = &t.meta.title {
            let _ = writeln!(s, "title = {}", q(title));
        }
        if let Some(d) = &t.meta.description {
            let _ = writeln!(s, "description = {}", q(d));
        }
    }
    for v in &t.vnets {
        let _ = write!(
            s,
            "\n[[vnet]]\nname = {}\naddress_space = {}\nregion = {}\n",
            q(&v.name),
            list(&v.address_space),
            q(&v.region)
        );
        if let DnsSetting::Server(d) = &v.dns {
            let _ = writeln!(s, "dns = {}", q(d));
        }
        for sn in &v.subnets {
            let _ = write!(
                s,
                "\n  [[vnet.subnet]]\n  name = {}\n  prefix = {}\n",
                q(&sn.name),
                q(&sn.prefix.to_string())
            );
            if let Some(rt) = &sn.route_table {
                let _ = writeln!(s, "  route_table = {}", q(rt));
            }
            if let Some(n) = &sn.nsg {
                let _ = writeln!(s, "  nsg = {}", q(n));
            }
        }
        if let Some(g) = &v.gateway {
            let kind = match g.kind {
                GatewayKind::Vpn => "vpn",
                GatewayKind::ExpressRoute => "expressroute",
            };
            let _ = write!(
                s,
                "\n  [vnet.gateway]\n  kind = {}\n  sku = {}\n  sites = {}\n",
                q(kind),
                q(&g.sku),
                list(&g.sites)
            );
        }
    }
    for m in &t.vms {
        let _ = write!(
            s,
            "\n[[vm]]\nname = {}\nvnet = {}\nsubnet = {}\nip = {}\n",
            q(&m.name),
            q(&m.vnet),
            q(&m.subnet),
            q(&m.ip.to_string())
        );
        if let Some(n) = &m.nsg {
            let _ = writeln!(s, "nsg = {}", q(n));
        }
        for (k, on) in [
            ("ip_forwarding", m.ip_forwarding),
            ("forwards", m.forwards),
            ("dns_server", m.dns_server),
        ] {
            if on {
                let _ = writeln!(s, "{k} = true");
            }
        }
    }
    for f in &t.firewalls {
        let _ = write!(
            s,
            "\n[[firewall]]\nname = {}\nvnet = {}\nsubnet = {}\nip = {}\n",
            q(&f.name),
            q(&f.vnet),
            q(&f.subnet),
            q(&f.ip.to_string())
        );
        for r in &f.rules {
            let _ = write!(
                s,
                "  [[firewall.rule]]\n  name = {}\n  action = {}\n  protocol = {}\n  source = {}\n  destination = {}\n  ports = {}\n",
                q(&r.name),
                q(r.action.as_str()),
                q(r.protocol.as_str()),
                list(&r.source),
                list(&r.destination),
                q(&r.ports.to_string())
            );
        }
    }
    for p in &t.peerings {
        let _ = write!(
            s,
            "\n[[peering]]\nname = {}\nvnet = {}\nremote = {}\nallow_virtual_network_access = {}\nallow_forwarded_traffic = {}\nallow_gateway_transit = {}\nuse_remote_gateways = {}\n",
            q(&p.name),
            q(&p.vnet),
            q(&p.remote),
            p.allow_virtual_network_access,
            p.allow_forwarded_traffic,
            p.allow_gateway_transit,
            p.use_remote_gateways
        );
        if p.remote_deleted {
            s.push_str("remote_deleted = true\n");
        }
    }
    for rt in &t.route_tables {
        let _ = write!(
            s,
            "\n[[route_table]]\nname = {}\npropagate_gateway_routes = {}\n",
            q(&rt.name),
            rt.propagate_gateway_routes
        );
        for r in &rt.routes {
            let hop = UdrNextHop::ALL
                .iter()
                .find(|(_, h)| *h == r.next_hop)
                .map_or("None", |(n, _)| n);
            let _ = write!(
                s,
                "  [[route_table.route]]\n  name = {}\n  prefix = {}\n  next_hop = {}\n",
                q(&r.name),
                q(&r.prefix.to_string()),
                q(hop)
            );
            if let Some(ip) = r.next_hop_ip {
                let _ = writeln!(s, "  next_hop_ip = {}", q(&ip.to_string()));
            }
        }
    }
    for n in &t.nsgs {
        let _ = write!(s, "\n[[nsg]]\nname = {}\n", q(&n.name));
        for r in &n.rules {
            let _ = write!(
                s,
                "  [[nsg.rule]]\n  name = {}\n  priority = {}\n  direction = {}\n  access = {}\n  protocol = {}\n  source = {}\n  destination = {}\n  destination_ports = {}\n",
                q(&r.name),
                r.priority,
                q(r.direction.as_str()),
                q(r.access.as_str()),
                q(r.protocol.as_str()),
                q(&r.source.to_string()),
                q(&r.destination.to_string()),
                q(&r.destination_ports.to_string())
            );
        }
    }
    for site in &t.sites {
        let _ = write!(
            s,
            "\n[[site]]\nname = {}\nprefixes = {}\nbgp = {}\n",
            q(&site.name),
            list(&site.prefixes),
            site.bgp
        );
        if !site.bgp || !site.static_routes.is_empty() {
            let _ = writeln!(s, "static_routes = {}", list(&site.static_routes));
        }
        for h in &site.hosts {
            let _ = write!(
                s,
                "  [[site.host]]\n  name = {}\n  ip = {}\n",
                q(&h.name),
                q(&h.ip.to_string())
            );
        }
    }
    for z in &t.dns_zones {
        let records: Vec<String> = z
            .records
            .iter()
            .map(|(k, ip)| format!("{} = {}", q(k), q(&ip.to_string())))
            .collect();
        let _ = write!(
            s,
            "\n[[dns_zone]]\nname = {}\nlinks = {}\nrecords = {{ {} }}\n",
            q(&z.name),
            list(&z.links),
            records.join(", ")
        );
    }
    s
}

/// The same topology with every position cleared, for comparing a file with its rewrite.
pub fn without_positions(t: &Topology) -> Topology {
    let mut t = t.clone();
    let z = Pos::default();
    for v in &mut t.vnets {
        v.pos = z;
        v.subnets.iter_mut().for_each(|s| s.pos = z);
        if let Some(g) = &mut v.gateway {
            g.pos = z;
        }
    }
    t.vms.iter_mut().for_each(|m| m.pos = z);
    for f in &mut t.firewalls {
        f.pos = z;
        f.rules.iter_mut().for_each(|r| r.pos = z);
    }
    t.peerings.iter_mut().for_each(|p| p.pos = z);
    for rt in &mut t.route_tables {
        rt.pos = z;
        rt.routes.iter_mut().for_each(|r| r.pos = z);
    }
    for n in &mut t.nsgs {
        n.pos = z;
        n.rules.iter_mut().for_each(|r| r.pos = z);
    }
    for s in &mut t.sites {
        s.pos = z;
        s.hosts.iter_mut().for_each(|h| h.pos = z);
    }
    t.dns_zones.iter_mut().for_each(|d| d.pos = z);
    t
}
