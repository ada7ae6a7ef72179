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
        if v.subscription != DEFAULT_SUBSCRIPTION {
            let _ = writeln!(s, "subscription = {}", q(&v.subscription));
        }
        if v.tenant != DEFAULT_TENANT {
            let _ = writeln!(s, "tenant = {}", q(&v.tenant));
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
            if !sn.service_endpoints.is_empty() {
                let _ = writeln!(s, "  service_endpoints = {}", list(&sn.service_endpoints));
            }
            if sn.private_endpoint_network_policies != PeNetworkPolicies::Disabled {
                let _ = writeln!(
                    s,
                    "  private_endpoint_network_policies = {}",
                    q(sn.private_endpoint_network_policies.as_str())
                );
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
            if let Some(pool) = g.p2s_pool {
                let _ = writeln!(s, "  p2s_pool = {}", q(&pool.to_string()));
            }
            if let Some(ip) = g.ip {
                let _ = writeln!(s, "  ip = {}", q(&ip.to_string()));
            }
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
        if !m.asgs.is_empty() {
            let _ = writeln!(s, "asgs = {}", list(&m.asgs));
        }
        if let Some(ip) = m.public_ip {
            let _ = writeln!(s, "public_ip = {}", q(&ip.to_string()));
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
        if let Some(cached) = &p.remote_space_cached {
            let _ = writeln!(s, "remote_space_cached = {}", list(cached));
        }
        if let Some(u) = &p.created_by {
            let _ = writeln!(s, "created_by = {}", q(u));
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
                "  [[nsg.rule]]\n  name = {}\n  priority = {}\n  direction = {}\n  access = {}\n  protocol = {}\n  {}\n  {}\n  destination_ports = {}\n",
                q(&r.name),
                r.priority,
                q(r.direction.as_str()),
                q(r.access.as_str()),
                q(r.protocol.as_str()),
                rule_end("source", &r.source),
                rule_end("destination", &r.destination),
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
    services(t, &mut s);
    s
}

/// `source = "..."`, or `source_asgs = [...]` for ASGs (likewise for the destination).
fn rule_end(key: &str, m: &AddressMatch) -> String {
    match m {
        AddressMatch::Asgs(names) => format!("{key}_asgs = {}", list(names)),
        other => format!("{key} = {}", q(&other.to_string())),
    }
}

/// The tables of FORMAT.md §1b, each only when the topology has one (older files stay as
/// they were written).
fn services(t: &Topology, s: &mut String) {
    for a in &t.asgs {
        let _ = write!(
            s,
            "\n[[asg]]\nname = {}\nvnet = {}\n",
            q(&a.name),
            q(&a.vnet)
        );
    }
    for b in &t.bastions {
        let _ = write!(
            s,
            "\n[[bastion]]\nname = {}\nvnet = {}\nsku = {}\nip_based_connection = {}\n",
            q(&b.name),
            q(&b.vnet),
            q(b.sku.as_str()),
            b.ip_based_connection
        );
        if let Some(ip) = b.ip {
            let _ = writeln!(s, "ip = {}", q(&ip.to_string()));
        }
    }
    for p in &t.paas {
        let _ = write!(
            s,
            "\n[[paas]]\nname = {}\nservice = {}\nfqdn = {}\npublic_ip = {}\nregion = {}\npublic_access = {}\nip_rules = {}\nvnet_rules = {}\n",
            q(&p.name),
            q(&p.service),
            q(&p.fqdn),
            q(&p.public_ip.to_string()),
            q(&p.region),
            q(p.public_access.as_str()),
            list(&p.ip_rules),
            list(&p.vnet_rules)
        );
    }
    for e in &t.private_endpoints {
        let _ = write!(
            s,
            "\n[[private_endpoint]]\nname = {}\nvnet = {}\nsubnet = {}\nip = {}\nresource = {}\napproved = {}\n",
            q(&e.name),
            q(&e.vnet),
            q(&e.subnet),
            q(&e.ip.to_string()),
            q(&e.resource),
            e.approved
        );
    }
    for u in &t.users {
        let roles: Vec<String> = u
            .roles
            .iter()
            .map(|a| {
                format!(
                    "{{ role = {}, scope = {} }}",
                    q(a.role.as_str()),
                    q(&a.scope)
                )
            })
            .collect();
        let _ = write!(
            s,
            "\n[[user]]\nname = {}\ntenant = {}\nguest_in = {}\nroles = [{}]\n",
            q(&u.name),
            q(&u.tenant),
            list(&u.guest_in),
            roles.join(", ")
        );
    }
    for c in &t.p2s_clients {
        let _ = write!(
            s,
            "\n[[p2s_client]]\nname = {}\ngateway_vnet = {}\nip = {}\nos = {}\nprofile_current = {}\n",
            q(&c.name),
            q(&c.gateway_vnet),
            q(&c.ip.to_string()),
            q(c.os.as_str()),
            c.profile_current
        );
        if let Some(day) = &c.profile_downloaded {
            let _ = writeln!(s, "profile_downloaded = {}", q(day));
        }
    }
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
    t.asgs.iter_mut().for_each(|a| a.pos = z);
    t.bastions.iter_mut().for_each(|b| b.pos = z);
    t.paas.iter_mut().for_each(|p| p.pos = z);
    t.private_endpoints.iter_mut().for_each(|e| e.pos = z);
    t.users.iter_mut().for_each(|u| u.pos = z);
    t.p2s_clients.iter_mut().for_each(|c| c.pos = z);
    t
}
