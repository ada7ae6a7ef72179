//! A change written back as the inline TOML table `parse_edit` reads.

use super::*;

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// One end of an NSG rule as FORMAT.md §1b writes it: `source = "..."`, or `source_asgs =
/// [...]` for ASGs (the display form "ASG a, b" would not parse back).
fn rule_end(key: &str, m: &AddressMatch) -> String {
    match m {
        AddressMatch::Asgs(names) => {
            let list: Vec<String> = names.iter().map(|n| q(n)).collect();
            format!("{key}_asgs = [{}]", list.join(", "))
        }
        other => format!("{key} = {}", q(&other.to_string())),
    }
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
                "{{ nsg = {}, add_rule = {{ name = {}, priority = {}, direction = {}, access = {}, protocol = {}, {}, {}, destination_ports = {} }} }}",
                q(nsg),
                q(&rule.name),
                rule.priority,
                q(rule.direction.as_str()),
                q(rule.access.as_str()),
                q(rule.protocol.as_str()),
                rule_end("source", &rule.source),
                rule_end("destination", &rule.destination),
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
            Edit::SyncPeering(p) => format!("{{ peering = {}, sync = true }}", q(p)),
            Edit::AddAddressSpace { vnet, prefix } => format!(
                "{{ vnet = {}, add_address_space = {} }}",
                q(vnet),
                q(&prefix.to_string())
            ),
            Edit::JoinAsg { vm, asg } => {
                format!("{{ vm = {}, join_asg = {} }}", q(vm), q(asg))
            }
        }
    }
}
