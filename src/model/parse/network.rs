//! The network of FORMAT.md §1: VNets and subnets, route tables, NSGs, sites, NICs, DNS zones.

use super::raw::*;
use super::*;

impl Checker<'_> {
    pub(super) fn vnet(&mut self, v: &S<RawVnet>, names: &mut Names) -> Vnet {
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
            Some(s) => self.region(s),
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
                service_endpoints: self.service_endpoints(&sr.service_endpoints),
                private_endpoint_network_policies: sr
                    .private_endpoint_network_policies
                    .as_ref()
                    .and_then(|s| self.value(s, PeNetworkPolicies::parse))
                    .unwrap_or_default(),
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
            let p2s_pool = self.p2s_pool(gr, &name, kind, &address_space);
            let ip = self.gateway_ip(gr, &name, &subnets);
            Gateway {
                kind,
                sku,
                sites: gr.sites.iter().map(|s| s.get_ref().clone()).collect(),
                p2s_pool,
                ip,
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
            subscription: self.account(&r.subscription, DEFAULT_SUBSCRIPTION, "subscription"),
            tenant: self.account(&r.tenant, DEFAULT_TENANT, "tenant"),
            pos,
        }
    }

    pub(super) fn route_table(&mut self, r: &S<RawRouteTable>, names: &mut Names) -> RouteTable {
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

    pub(super) fn nsg(&mut self, n: &S<RawNsg>, names: &mut Names) -> Nsg {
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
            let source = self.rule_end(
                &rname,
                rp,
                (&r.source, "source"),
                (&r.source_asgs, "source_asgs"),
                "nsg-rule-source-conflict",
            );
            let destination = self.rule_end(
                &rname,
                rp,
                (&r.destination, "destination"),
                (&r.destination_asgs, "destination_asgs"),
                "nsg-rule-destination-conflict",
            );
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

    pub(super) fn site(&mut self, s: &S<RawSite>, names: &mut Names, machines: &mut Names) -> Site {
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
    pub(super) fn placement(
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

    pub(super) fn vm(
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
        if subnet == GATEWAY_SUBNET || subnet == FIREWALL_SUBNET || subnet == BASTION_SUBNET {
            let p = self.at(&r.subnet);
            self.err(
                p,
                "reserved-subnet",
                format!("VM {name:?} cannot be placed in {subnet}, which Azure reserves for its own service; use another subnet"),
            );
        }
        let asgs = self.vm_asgs(&name, &r.asgs);
        let public_ip = r.public_ip.as_ref().and_then(|s| self.public_ip(s));
        Vm {
            name,
            vnet: r.vnet.get_ref().clone(),
            subnet: subnet.clone(),
            ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            nsg: r.nsg.as_ref().map(|s| s.get_ref().clone()),
            ip_forwarding: r.ip_forwarding,
            forwards: r.forwards,
            dns_server: r.dns_server,
            asgs,
            public_ip,
            pos,
        }
    }

    pub(super) fn firewall(
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

    pub(super) fn dns_zone(
        &mut self,
        z: &S<RawDnsZone>,
        t: &Topology,
        names: &mut Names,
    ) -> DnsZone {
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
}
