//! `peerlab trace` and `peerlab routes`: human output that teaches, or `--json`.

use super::files;
use crate::eval::{FlowSpec, Network};
use crate::model::Protocol;
use std::path::Path;

pub fn trace(
    file: &Path,
    from: &str,
    to: &str,
    (port, protocol): (u16, Protocol),
    as_user: Option<&str>,
    json: bool,
) -> i32 {
    with_network(file, |net| {
        let spec = FlowSpec {
            from: from.to_string(),
            to: to.to_string(),
            port,
            protocol,
        };
        let trace = match net.trace_as(&spec, as_user) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: error: {e}", files::show(file));
                return 2;
            }
        };
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&trace).expect("trace serialises")
            );
        } else {
            print!("{}", trace.text());
        }
        0
    })
}

/// Loads `file` and runs `f` on its network; exit code 2 when the file does not load.
fn with_network(file: &Path, f: impl FnOnce(&Network) -> i32) -> i32 {
    match files::load_topology(file) {
        Some(parsed) => f(&Network::new(&parsed.topology)),
        None => 2,
    }
}

pub fn routes(file: &Path, vm: &str, json: bool) -> i32 {
    with_network(file, |net| {
        let Some(m) = net.machine(vm) else {
            eprintln!(
                "{}: error: --vm {}: no VM or firewall has this name",
                files::show(file),
                crate::text::quoted(vm)
            );
            return 2;
        };
        let Some((v, s)) = m.kind.place() else {
            eprintln!(
                "{}: error: --vm {}: an on-premises host has no Azure routes",
                files::show(file),
                crate::text::quoted(vm)
            );
            return 2;
        };
        let t = net.topology;
        let routes = net.effective_routes(v, s);
        // RULES.md §14: each peering of the VM's VNet with its sync level; the peering routes
        // above follow the remote space that side last synced.
        let own: Vec<&crate::model::Peering> = t
            .peerings
            .iter()
            .filter(|p| p.vnet == t.vnets[v].name)
            .collect();
        if json {
            let rows: Vec<serde_json::Value> = routes
            .iter()
            .map(|r| {
                serde_json::json!({
                    "prefix": r.prefix.to_string(),
                    "next_hop_type": r.next_hop.as_str(),
                    "next_hop_ip": r.next_hop_ip.map(|ip| ip.to_string()),
                    "source": r.source.as_str(),
                    "state": if r.state == crate::eval::RouteState::Active { "Active" } else { "Invalid" },
                    "route_table": r.route_table,
                    "route_name": r.route_name,
                })
            })
            .collect();
            let doc = serde_json::json!({
                "vm": m.name,
                "vnet": t.vnets[v].name,
                "subnet": t.vnets[v].subnets[s].name,
                "routes": rows,
                "peerings": own.iter().map(|p| serde_json::json!({
                    "name": p.name,
                    "remote": p.remote,
                    "sync": crate::model::sync::level(t, p),
                    "remote_space_known": crate::model::sync::known_space(t, p)
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).expect("routes serialise")
            );
            return 0;
        }
        println!(
            "effective routes of {} ({}/{})\n",
            m.name, t.vnets[v].name, t.vnets[v].subnets[s].name
        );
        // VirtualNetworkServiceEndpoint (RULES.md §13) is wider than the usual column.
        let hop_w = routes
            .iter()
            .map(|r| r.next_hop.as_str().len())
            .max()
            .unwrap_or(0)
            .max(22);
        println!(
            "{:<18} {:<hop_w$} {:<15} {:<22} {:<8} route",
            "prefix", "next hop type", "next hop ip", "source", "state"
        );
        for r in routes {
            let ip = r.next_hop_ip.map_or("-".to_string(), |ip| ip.to_string());
            let state = if r.state == crate::eval::RouteState::Active {
                "Active"
            } else {
                "Invalid"
            };
            let origin = match (&r.route_table, &r.route_name) {
                (Some(t), Some(n)) => format!("{t}/{n}"),
                _ => "-".to_string(),
            };
            println!(
                "{:<18} {:<hop_w$} {:<15} {:<22} {:<8} {origin}",
                r.prefix.to_string(),
                r.next_hop.as_str(),
                ip,
                r.source.as_str(),
                state
            );
        }
        // Only a side out of sync is worth a line: it explains a missing peering route.
        for p in own {
            let level = crate::model::sync::level(t, p);
            if level == "FullyInSync" {
                continue;
            }
            let known: Vec<String> = crate::model::sync::known_space(t, p)
                .iter()
                .map(|n| n.to_string())
                .collect();
            println!(
                "\npeering {} to {}: {level}; its routes use the space it last synced: {}",
                p.name,
                p.remote,
                known.join(", ")
            );
        }
        0
    })
}

pub fn next_hop(file: &Path, vm: &str, to: std::net::Ipv4Addr, json: bool) -> i32 {
    with_network(file, |net| {
        let Some(nh) = net.next_hop(vm, to) else {
            eprintln!(
                "{}: error: --vm {}: no VM or firewall in a VNet has this name",
                files::show(file),
                crate::text::quoted(vm)
            );
            return 2;
        };
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&nh).expect("next hop serialises")
            );
        } else {
            let ip = nh.ip.map_or("-".to_string(), |ip| ip.to_string());
            println!(
                "next hop type: {}
next hop ip:   {ip}
route table:   {}",
                nh.kind.as_str(),
                nh.route_table
            );
        }
        0
    })
}

pub fn ip_flow_verify(
    file: &Path,
    vm: &str,
    direction: crate::model::Direction,
    remote: std::net::Ipv4Addr,
    port: u16,
    protocol: Protocol,
    json: bool,
) -> i32 {
    with_network(file, |net| {
        let Some(v) = net.ip_flow_verify(vm, direction, protocol, remote, port) else {
            eprintln!(
                "{}: error: --vm {}: no VM has this name",
                files::show(file),
                crate::text::quoted(vm)
            );
            return 2;
        };
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&v).expect("verdict serialises")
            );
        } else {
            match (&v.rule, &v.nsg) {
                (Some(rule), Some(nsg)) => {
                    println!(
                        "access: {}
rule:   {rule} (NSG {nsg})",
                        v.access
                    );
                    if !v.asgs.is_empty() {
                        println!("asgs:   {}", v.asgs.join(", "));
                    }
                }
                _ => println!(
                    "access: {}
rule:   none (no NSG on the NIC or its subnet)",
                    v.access
                ),
            }
        }
        0
    })
}

pub fn diagram(
    file: &Path,
    width: usize,
    unicode: bool,
    detail: bool,
    flow: Option<(String, String, u16, Protocol)>,
) -> i32 {
    with_network(file, |net| {
        let path = match flow {
            Some((from, to, port, protocol)) => match net.trace(&FlowSpec {
                from,
                to,
                port,
                protocol,
            }) {
                Ok(tr) => Some(crate::diagram::PathMarks::from_trace(net.topology, &tr)),
                Err(e) => {
                    eprintln!("{}: error: {e}", files::show(file));
                    return 2;
                }
            },
            None => None,
        };
        let opts = crate::diagram::Options {
            width,
            unicode,
            detail,
            path,
            legend: true,
        };
        print!(
            "{}",
            crate::diagram::to_text(&crate::diagram::draw(net.topology, &opts))
        );
        0
    })
}
