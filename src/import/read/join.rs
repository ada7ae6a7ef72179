//! Joining what was read by id, and writing the topology document.

use super::*;

impl Network {
    /// Joins everything read by id and writes the topology document.
    pub fn finish(mut self) -> Result<(out::Doc, Vec<String>), Problem> {
        let mut warnings = std::mem::take(&mut self.notes);
        let vnet_name: BTreeMap<String, String> = self
            .vnets
            .iter()
            .map(|v| (v.key.clone(), v.name.clone()))
            .collect();
        let vnet_at: BTreeMap<String, usize> = self
            .vnets
            .iter()
            .enumerate()
            .map(|(i, v)| (v.key.clone(), i))
            .collect();
        // Peers not in the input become external VNets, drawn from what the peering says.
        let mut external: BTreeMap<String, VnetIn> = BTreeMap::new();
        for p in &self.peerings {
            if vnet_name.contains_key(&p.remote_key) || external.contains_key(&p.remote_key) {
                continue;
            }
            warnings.push(format!(
                "remote VNet {} of peering {} is not in the input; it is drawn as an external \
                 VNet with its address space from remoteAddressSpace ({})",
                shown(&p.remote_name),
                shown(&p.name),
                if p.remote_space.is_empty() {
                    "none given".to_string()
                } else {
                    p.remote_space.join(", ")
                }
            ));
            let local = vnet_at.get(&p.vnet_key).map(|&i| &self.vnets[i]);
            external.insert(
                p.remote_key.clone(),
                VnetIn {
                    name: p.remote_name.clone(),
                    key: p.remote_key.clone(),
                    region: local.map(|v| v.region.clone()).unwrap_or_default(),
                    space: p.remote_space.clone(),
                    external: true,
                    ..VnetIn::default()
                },
            );
        }
        let mut names = vnet_name;
        for (k, v) in &external {
            names.insert(k.clone(), v.name.clone());
        }
        self.vnets.extend(external.into_values());
        let mut seen = BTreeSet::new();
        for v in &self.vnets {
            if !seen.insert(v.name.to_ascii_lowercase()) {
                return Err(Problem {
                    file: "(import)".into(),
                    path: "$".into(),
                    message: format!(
                        "two VNets are named {}; peerlab needs unique names: import one \
                         resource group at a time, or rename one in the JSON",
                        shown(&v.name)
                    ),
                });
            }
        }
        let subnet_of: BTreeMap<String, (String, String)> = self
            .vnets
            .iter()
            .flat_map(|v| {
                v.subnets
                    .iter()
                    .map(|s| (s.key.clone(), (v.name.clone(), s.name.clone())))
            })
            .collect();
        // Associations named from the other end (an NSG's `subnets`, a route table's).
        let mut subnet_nsg: BTreeMap<String, String> = BTreeMap::new();
        let mut subnet_rt: BTreeMap<String, String> = BTreeMap::new();
        let mut nic_nsg: BTreeMap<String, String> = BTreeMap::new();
        let nsg_name: BTreeMap<String, String> = self
            .nsgs
            .iter()
            .map(|n| (n.key.clone(), n.name.clone()))
            .collect();
        let rt_name: BTreeMap<String, String> = self
            .route_tables
            .iter()
            .map(|n| (n.key.clone(), n.name.clone()))
            .collect();
        for n in &self.nsgs {
            for s in &n.subnets {
                subnet_nsg.insert(s.clone(), n.name.clone());
            }
            for s in &n.nics {
                nic_nsg.insert(s.clone(), n.name.clone());
            }
        }
        for n in &self.route_tables {
            for s in &n.subnets {
                subnet_rt.insert(s.clone(), n.name.clone());
            }
        }
        let mut doc = out::Doc::default();
        let vm_by_ip: BTreeMap<&str, &str> = self
            .vms
            .iter()
            .rev()
            .map(|m| (m.ip.as_str(), m.name.as_str()))
            .collect();
        // The first gateway of each VNet (peerlab models one per VNet).
        let mut gateway_of: BTreeMap<&str, &GatewayIn> = BTreeMap::new();
        for g in &self.gateways {
            gateway_of.entry(g.vnet_key.as_str()).or_insert(g);
        }
        let site_at: BTreeMap<&str, &SiteIn> =
            self.sites.iter().map(|s| (s.key.as_str(), s)).collect();
        let vnet_keys: BTreeSet<&str> = self.vnets.iter().map(|v| v.key.as_str()).collect();
        let external_keys: BTreeSet<&str> = self
            .vnets
            .iter()
            .filter(|v| v.external)
            .map(|v| v.key.as_str())
            .collect();
        for v in &self.vnets {
            let mut dns = None;
            if let Some(server) = v.dns_servers.first() {
                match vm_by_ip.get(server.as_str()) {
                    Some(m) => dns = Some(m.to_string()),
                    None => warnings.push(format!(
                        "VNet {} uses the DNS server {}, which is not a VM in the input: it is \
                         imported with Azure-provided DNS",
                        shown(&v.name),
                        shown(server)
                    )),
                }
            }
            let mut subnets = Vec::new();
            for s in &v.subnets {
                let rt = s
                    .route_table
                    .as_ref()
                    .and_then(|k| rt_name.get(k))
                    .or_else(|| subnet_rt.get(&s.key));
                if rt.is_none()
                    && let Some(k) = &s.route_table
                {
                    warnings.push(format!(
                        "subnet {} names route table {}, which is not in the input: left without one",
                        shown(&s.name),
                        shown(&last(k))
                    ));
                }
                let nsg = s
                    .nsg
                    .as_ref()
                    .and_then(|k| nsg_name.get(k))
                    .or_else(|| subnet_nsg.get(&s.key));
                if nsg.is_none()
                    && let Some(k) = &s.nsg
                {
                    warnings.push(format!(
                        "subnet {} names NSG {}, which is not in the input: left without one",
                        shown(&s.name),
                        shown(&last(k))
                    ));
                }
                subnets.push(out::Subnet {
                    name: s.name.clone(),
                    prefix: s.prefix.clone(),
                    route_table: rt.cloned(),
                    nsg: nsg.cloned(),
                });
            }
            let gateway = gateway_of.get(v.key.as_str()).map(|g| out::Gateway {
                kind: g.kind,
                sku: g.sku.clone(),
                sites: self
                    .connections
                    .iter()
                    .filter(|c| c.gateway_key == g.key)
                    .filter_map(|c| site_at.get(c.site_key.as_str()))
                    .map(|s| s.name.clone())
                    .collect(),
            });
            doc.vnet.push(out::Vnet {
                name: v.name.clone(),
                address_space: v.space.clone(),
                region: (!v.region.is_empty()).then(|| v.region.clone()),
                dns,
                subnet: subnets,
                gateway,
            });
        }
        for g in &self.gateways {
            if !vnet_keys.contains(g.vnet_key.as_str()) {
                warnings.push(format!(
                    "gateway {} sits in a VNet that is not in the input: left out",
                    shown(&g.name)
                ));
            }
        }
        for m in &self.vms {
            let Some((vnet, subnet)) = subnet_of.get(&m.subnet_key) else {
                warnings.push(format!(
                    "VM {} is in a subnet that is not in the input: left out",
                    shown(&m.name)
                ));
                continue;
            };
            let nsg = m
                .nsg
                .as_ref()
                .and_then(|k| nsg_name.get(k))
                .or_else(|| nic_nsg.get(&m.nic_key))
                .cloned();
            if m.ip_forwarding {
                // Azure's JSON says nothing of the guest OS; a NIC with IP forwarding on is
                // there to forward, so its guest is taken to route packets too.
                warnings.push(format!(
                    "VM {} has IP forwarding on: peerlab assumes its guest OS forwards packets \
                     (an NVA); set `forwards = false` if it does not",
                    shown(&m.name)
                ));
            }
            doc.vm.push(out::Vm {
                name: m.name.clone(),
                vnet: vnet.clone(),
                subnet: subnet.clone(),
                ip: m.ip.clone(),
                nsg,
                ip_forwarding: m.ip_forwarding,
                forwards: m.ip_forwarding.then_some(true),
            });
        }

        for f in &self.firewalls {
            let Some((vnet, subnet)) = subnet_of.get(&f.subnet_key) else {
                warnings.push(format!(
                    "firewall {} is in a subnet that is not in the input: left out",
                    shown(&f.name)
                ));
                continue;
            };
            doc.firewall.push(out::Firewall {
                name: f.name.clone(),
                vnet: vnet.clone(),
                subnet: subnet.clone(),
                ip: f.ip.clone(),
                rule: f.rules.clone(),
            });
        }

        let mut owned: BTreeSet<(String, String)> = BTreeSet::new();
        for p in &self.peerings {
            let (Some(vnet), Some(remote)) = (names.get(&p.vnet_key), names.get(&p.remote_key))
            else {
                warnings.push(format!(
                    "peering {} ({} {}) belongs to a VNet that is not in the input: left out",
                    shown(&p.name),
                    crate::text::printable(&p.file),
                    p.path
                ));
                continue;
            };
            owned.insert((p.vnet_key.clone(), p.remote_key.clone()));
            doc.peering.push(peering_out(
                &p.name,
                vnet,
                remote,
                p.flags,
                p.state.as_deref() == Some("Disconnected"),
            ));
        }
        // An external VNet's side: present where the local side says Connected.
        for p in &self.peerings {
            let remote_external = external_keys.contains(p.remote_key.as_str());
            if remote_external
                && p.state.as_deref() == Some("Connected")
                && !owned.contains(&(p.remote_key.clone(), p.vnet_key.clone()))
                && let (Some(vnet), Some(remote)) =
                    (names.get(&p.vnet_key), names.get(&p.remote_key))
            {
                warnings.push(format!(
                    "peering {} is Connected, so the external VNet {} holds the other side; its \
                     settings are not in the input and are taken as Azure's defaults (access on, \
                     the rest off)",
                    shown(&p.name),
                    shown(remote)
                ));
                doc.peering.push(peering_out(
                    &format!("{remote}-to-{vnet}"),
                    remote,
                    vnet,
                    [true, false, false, false],
                    false,
                ));
            }
        }
        doc.route_table = self.route_tables.iter().map(|r| r.table.clone()).collect();
        doc.nsg = self.nsgs.iter().map(|r| r.table.clone()).collect();
        for s in &self.sites {
            let conns: Vec<&ConnIn> = self
                .connections
                .iter()
                .filter(|c| c.site_key == s.key)
                .collect();
            if conns.is_empty() {
                warnings.push(format!(
                    "local network gateway {} has no connection in the input: left out",
                    shown(&s.name)
                ));
                continue;
            }
            let bgp = conns.iter().any(|c| c.bgp);
            let mut static_routes = None;
            if !bgp {
                // What a static site routes back lives in the on-premises device, not in
                // Azure's JSON: take the address spaces its gateway serves, and say so.
                let back = self.static_routes_back(s, &conns);
                warnings.push(format!(
                    "site {} uses static routing; Azure's JSON does not say what the \
                     on-premises device routes back, so peerlab assumes the address spaces its \
                     gateway serves ({}); edit static_routes if not",
                    shown(&s.name),
                    back.join(", ")
                ));
                static_routes = Some(back);
            }
            doc.site.push(out::Site {
                name: s.name.clone(),
                prefixes: s.prefixes.clone(),
                bgp,
                static_routes,
            });
        }
        for (name, z) in &self.zones {
            doc.dns_zone.push(out::DnsZone {
                name: name.clone(),
                links: z
                    .links
                    .iter()
                    .filter_map(|k| names.get(k).cloned())
                    .collect(),
                records: z.records.clone(),
            });
        }
        for (kind, n) in &self.skipped {
            warnings.push(format!(
                "{n} × {} not modelled by peerlab: left out",
                crate::text::printable(kind)
            ));
        }
        Ok((doc, warnings))
    }

    fn static_routes_back(&self, _s: &SiteIn, conns: &[&ConnIn]) -> Vec<String> {
        let vnet_at: BTreeMap<&str, usize> = self
            .vnets
            .iter()
            .enumerate()
            .map(|(i, v)| (v.key.as_str(), i))
            .collect();
        let mut out = Vec::new();
        for c in conns {
            let Some(g) = self.gateways.iter().find(|g| g.key == c.gateway_key) else {
                continue;
            };
            let mut served = vec![g.vnet_key.clone()];
            served.extend(
                self.peerings
                    .iter()
                    .filter(|p| p.remote_key == g.vnet_key && p.flags[3])
                    .map(|p| p.vnet_key.clone()),
            );
            for k in served {
                if let Some(v) = vnet_at.get(k.as_str()).map(|&i| &self.vnets[i]) {
                    for p in &v.space {
                        if !out.contains(p) {
                            out.push(p.clone());
                        }
                    }
                }
            }
        }
        out
    }
}

fn peering_out(name: &str, vnet: &str, remote: &str, f: [bool; 4], deleted: bool) -> out::Peering {
    out::Peering {
        name: name.to_string(),
        vnet: vnet.to_string(),
        remote: remote.to_string(),
        allow_virtual_network_access: f[0],
        allow_forwarded_traffic: f[1],
        allow_gateway_transit: f[2],
        use_remote_gateways: f[3],
        remote_deleted: deleted,
    }
}
