//! The facts of a generated network, as a learner reads them in a prompt: what an exam item
//! would state in its exhibit. The diagram shows the shape; this lists the settings.

use crate::model::*;
use std::fmt::Write;

fn flags(p: &Peering) -> String {
    let mut on = Vec::new();
    if p.allow_virtual_network_access {
        on.push("access to remote VNet");
    } else {
        on.push("access to remote VNet OFF");
    }
    if p.allow_forwarded_traffic {
        on.push("forwarded traffic");
    }
    if p.allow_gateway_transit {
        on.push("gateway transit");
    }
    if p.use_remote_gateways {
        on.push("use remote gateway");
    }
    on.join(", ")
}

/// The settings that decide reachability in `t`, one fact per line.
pub fn facts(t: &Topology) -> String {
    let mut s = String::new();
    let vnets: Vec<String> = t
        .vnets
        .iter()
        .map(|v| {
            let space: Vec<String> = v.address_space.iter().map(|n| n.to_string()).collect();
            format!("{} {} ({})", v.name, space.join(" + "), v.region)
        })
        .collect();
    let _ = writeln!(s, "VNets: {}.", vnets.join("; "));
    for v in &t.vnets {
        if let Some(g) = &v.gateway {
            let sites: Vec<String> = g
                .sites
                .iter()
                .filter_map(|n| t.site(n))
                .map(|x| {
                    let p: Vec<String> = x.prefixes.iter().map(|n| n.to_string()).collect();
                    let how = if x.bgp {
                        "BGP".to_string()
                    } else {
                        let r: Vec<String> =
                            x.static_routes.iter().map(|n| n.to_string()).collect();
                        format!("static routes back to {}", r.join(", "))
                    };
                    format!("{} ({}, {how})", x.name, p.join(", "))
                })
                .collect();
            let to = if sites.is_empty() {
                "no site yet".to_string()
            } else {
                sites.join(" and ")
            };
            let _ = writeln!(
                s,
                "{} has a {} ({}) connected to {to}.",
                v.name,
                g.kind.label(),
                g.sku,
            );
        }
    }
    for p in &t.peerings {
        let deleted = if p.remote_deleted {
            "; the other side was deleted"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "Peering {} on {} to {}: {}{deleted}.",
            p.name,
            p.vnet,
            p.remote,
            flags(p)
        );
    }
    for v in &t.vnets {
        let has_peering =
            |a: &str, b: &str| t.peerings.iter().any(|p| p.vnet == a && p.remote == b);
        for p in t.peerings.iter().filter(|p| p.vnet == v.name) {
            if !has_peering(&p.remote, &p.vnet) && !p.remote_deleted {
                let _ = writeln!(s, "{} has no peering to {}.", p.remote, p.vnet);
            }
        }
    }
    for m in &t.vms {
        let mut extra = Vec::new();
        if let Some(n) = &m.nsg {
            extra.push(format!("NIC NSG {n}"));
        }
        if m.ip_forwarding || m.forwards {
            extra.push(format!(
                "IP forwarding on its NIC {}, routing in its OS {}",
                if m.ip_forwarding { "on" } else { "off" },
                if m.forwards { "on" } else { "off" }
            ));
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" ({})", extra.join("; "))
        };
        let _ = writeln!(
            s,
            "VM {} {} in {}/{}{extra}.",
            m.name, m.ip, m.vnet, m.subnet
        );
    }
    for f in &t.firewalls {
        let rules: Vec<String> = f
            .rules
            .iter()
            .map(|r| {
                let src: Vec<String> = r.source.iter().map(|n| n.to_string()).collect();
                let dst: Vec<String> = r.destination.iter().map(|n| n.to_string()).collect();
                format!(
                    "{} {} {} {} -> {} port {}",
                    r.name,
                    r.action.as_str(),
                    r.protocol,
                    src.join(","),
                    dst.join(","),
                    r.ports
                )
            })
            .collect();
        let rules = if rules.is_empty() {
            "no rules (it denies everything)".to_string()
        } else {
            format!("rules in order: {}", rules.join("; "))
        };
        let _ = writeln!(
            s,
            "Azure Firewall {} {} in {}; {rules}.",
            f.name, f.ip, f.vnet
        );
    }
    for v in &t.vnets {
        for sn in &v.subnets {
            if let Some(rt) = sn.route_table.as_deref().and_then(|n| t.route_table(n)) {
                let routes: Vec<String> = rt
                    .routes
                    .iter()
                    .map(|r| match r.next_hop_ip {
                        Some(ip) => format!("{} -> virtual appliance {ip}", r.prefix),
                        None => format!(
                            "{} -> {}",
                            r.prefix,
                            UdrNextHop::ALL
                                .iter()
                                .find(|(_, h)| *h == r.next_hop)
                                .map_or("None", |(n, _)| n)
                        ),
                    })
                    .collect();
                let routes = if routes.is_empty() {
                    "no routes".to_string()
                } else {
                    routes.join("; ")
                };
                let prop = if rt.propagate_gateway_routes {
                    ""
                } else {
                    "; gateway route propagation disabled"
                };
                let _ = writeln!(
                    s,
                    "Route table {} on {}/{}: {routes}{prop}.",
                    rt.name, v.name, sn.name
                );
            }
            if let Some(n) = &sn.nsg {
                let _ = writeln!(s, "Subnet {}/{} has NSG {n}.", v.name, sn.name);
            }
        }
    }
    for n in &t.nsgs {
        let rules: Vec<String> = n
            .rules
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {} from {} to {} port {}",
                    r.name,
                    r.priority,
                    r.direction.as_str(),
                    r.access.as_str(),
                    r.protocol,
                    r.source,
                    r.destination,
                    r.destination_ports
                )
            })
            .collect();
        if rules.is_empty() {
            let _ = writeln!(s, "NSG {} has only the default rules.", n.name);
        } else {
            let _ = writeln!(
                s,
                "NSG {} custom rules: {}; then the default rules.",
                n.name,
                rules.join("; ")
            );
        }
    }
    for z in &t.dns_zones {
        let recs: Vec<String> = z
            .records
            .iter()
            .map(|(k, ip)| format!("{k} -> {ip}"))
            .collect();
        let _ = writeln!(
            s,
            "Private DNS zone {} (records {}) is linked to {}.",
            z.name,
            recs.join(", "),
            if z.links.is_empty() {
                "no VNet".to_string()
            } else {
                z.links.join(", ")
            }
        );
    }
    s.trim_end().to_string()
}
