//! Joining what was read by id, and writing the topology document.

use super::*;

impl Network {
    /// Joins everything read by id and writes the topology document.
    pub fn finish(mut self) -> Result<(Table, Vec<String>), Problem> {
        let mut warnings = std::mem::take(&mut self.notes);
        let vnet_name: BTreeMap<String, String> = self
            .vnets
            .iter()
            .map(|v| (v.key.clone(), v.name.clone()))
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
            let local = self.vnets.iter().find(|v| v.key == p.vnet_key);
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
        let mut doc = Table::new();
        let mut vnets = Vec::new();
        for v in &self.vnets {
            let mut t = Table::new();
            t.insert("name".into(), T::String(v.name.clone()));
            t.insert(
                "address_space".into(),
                T::Array(v.space.iter().cloned().map(T::String).collect()),
            );
            if !v.region.is_empty() {
                t.insert("region".into(), T::String(v.region.clone()));
            }
            if let Some(server) = v.dns_servers.first() {
                match self.vms.iter().find(|m| &m.ip == server) {
                    Some(m) => {
                        t.insert("dns".into(), T::String(m.name.clone()));
                    }
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
                let mut st = Table::new();
                st.insert("name".into(), T::String(s.name.clone()));
                st.insert("prefix".into(), T::String(s.prefix.clone()));
                let rt = s
                    .route_table
                    .as_ref()
                    .and_then(|k| rt_name.get(k))
                    .or_else(|| subnet_rt.get(&s.key));
                if let Some(rt) = rt {
                    st.insert("route_table".into(), T::String(rt.clone()));
                } else if let Some(k) = &s.route_table {
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
                if let Some(n) = nsg {
                    st.insert("nsg".into(), T::String(n.clone()));
                } else if let Some(k) = &s.nsg {
                    warnings.push(format!(
                        "subnet {} names NSG {}, which is not in the input: left without one",
                        shown(&s.name),
                        shown(&last(k))
                    ));
                }
                subnets.push(T::Table(st));
            }
            t.insert("subnet".into(), T::Array(subnets));
            if let Some(g) = self.gateways.iter().find(|g| g.vnet_key == v.key) {
                let mut gt = Table::new();
                gt.insert("kind".into(), T::String(g.kind.into()));
                gt.insert("sku".into(), T::String(g.sku.clone()));
                let sites: Vec<T> = self
                    .connections
                    .iter()
                    .filter(|c| c.gateway_key == g.key)
                    .filter_map(|c| self.sites.iter().find(|s| s.key == c.site_key))
                    .map(|s| T::String(s.name.clone()))
                    .collect();
                gt.insert("sites".into(), T::Array(sites));
                t.insert("gateway".into(), T::Table(gt));
            }
            vnets.push(T::Table(t));
        }
        for g in &self.gateways {
            if !self.vnets.iter().any(|v| v.key == g.vnet_key) {
                warnings.push(format!(
                    "gateway {} sits in a VNet that is not in the input: left out",
                    shown(&g.name)
                ));
            }
        }
        doc.insert("vnet".into(), T::Array(vnets));

        let mut vms = Vec::new();
        for m in &self.vms {
            let Some((vnet, subnet)) = subnet_of.get(&m.subnet_key) else {
                warnings.push(format!(
                    "VM {} is in a subnet that is not in the input: left out",
                    shown(&m.name)
                ));
                continue;
            };
            let mut t = Table::new();
            t.insert("name".into(), T::String(m.name.clone()));
            t.insert("vnet".into(), T::String(vnet.clone()));
            t.insert("subnet".into(), T::String(subnet.clone()));
            t.insert("ip".into(), T::String(m.ip.clone()));
            let nsg = m
                .nsg
                .as_ref()
                .and_then(|k| nsg_name.get(k))
                .or_else(|| nic_nsg.get(&m.nic_key))
                .cloned();
            if let Some(n) = nsg {
                t.insert("nsg".into(), T::String(n));
            }
            t.insert("ip_forwarding".into(), T::Boolean(m.ip_forwarding));
            if m.ip_forwarding {
                // Azure's JSON says nothing of the guest OS; a NIC with IP forwarding on is
                // there to forward, so its guest is taken to route packets too.
                t.insert("forwards".into(), T::Boolean(true));
                warnings.push(format!(
                    "VM {} has IP forwarding on: peerlab assumes its guest OS forwards packets \
                     (an NVA); set `forwards = false` if it does not",
                    shown(&m.name)
                ));
            }
            vms.push(T::Table(t));
        }
        doc.insert("vm".into(), T::Array(vms));

        let mut fws = Vec::new();
        for f in &self.firewalls {
            let Some((vnet, subnet)) = subnet_of.get(&f.subnet_key) else {
                warnings.push(format!(
                    "firewall {} is in a subnet that is not in the input: left out",
                    shown(&f.name)
                ));
                continue;
            };
            let mut t = Table::new();
            t.insert("name".into(), T::String(f.name.clone()));
            t.insert("vnet".into(), T::String(vnet.clone()));
            t.insert("subnet".into(), T::String(subnet.clone()));
            t.insert("ip".into(), T::String(f.ip.clone()));
            t.insert(
                "rule".into(),
                T::Array(f.rules.iter().cloned().map(T::Table).collect()),
            );
            fws.push(T::Table(t));
        }
        doc.insert("firewall".into(), T::Array(fws));

        let mut peerings = Vec::new();
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
            peerings.push(T::Table(peering_table(
                &p.name,
                vnet,
                remote,
                p.flags,
                p.state.as_deref() == Some("Disconnected"),
            )));
        }
        // An external VNet's side: present where the local side says Connected.
        for p in &self.peerings {
            let remote_external = self
                .vnets
                .iter()
                .any(|v| v.external && v.key == p.remote_key);
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
                peerings.push(T::Table(peering_table(
                    &format!("{remote}-to-{vnet}"),
                    remote,
                    vnet,
                    [true, false, false, false],
                    false,
                )));
            }
        }
        doc.insert("peering".into(), T::Array(peerings));
        doc.insert(
            "route_table".into(),
            T::Array(
                self.route_tables
                    .iter()
                    .map(|r| T::Table(r.table.clone()))
                    .collect(),
            ),
        );
        doc.insert(
            "nsg".into(),
            T::Array(
                self.nsgs
                    .iter()
                    .map(|r| T::Table(r.table.clone()))
                    .collect(),
            ),
        );
        let mut sites = Vec::new();
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
            let mut t = Table::new();
            t.insert("name".into(), T::String(s.name.clone()));
            t.insert(
                "prefixes".into(),
                T::Array(s.prefixes.iter().cloned().map(T::String).collect()),
            );
            t.insert("bgp".into(), T::Boolean(bgp));
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
                t.insert(
                    "static_routes".into(),
                    T::Array(back.into_iter().map(T::String).collect()),
                );
            }
            sites.push(T::Table(t));
        }
        doc.insert("site".into(), T::Array(sites));
        let mut zones = Vec::new();
        for (name, z) in &self.zones {
            let mut t = Table::new();
            t.insert("name".into(), T::String(name.clone()));
            let links: Vec<T> = z
                .links
                .iter()
                .filter_map(|k| names.get(k).cloned().map(T::String))
                .collect();
            t.insert("links".into(), T::Array(links));
            let mut records = Table::new();
            for (n, ip) in &z.records {
                records.insert(n.clone(), T::String(ip.clone()));
            }
            t.insert("records".into(), T::Table(records));
            zones.push(T::Table(t));
        }
        doc.insert("dns_zone".into(), T::Array(zones));
        for (kind, n) in &self.skipped {
            warnings.push(format!(
                "{n} × {} not modelled by peerlab: left out",
                crate::text::printable(kind)
            ));
        }
        Ok((doc, warnings))
    }

    fn static_routes_back(&self, _s: &SiteIn, conns: &[&ConnIn]) -> Vec<String> {
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
                if let Some(v) = self.vnets.iter().find(|v| v.key == k) {
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

fn peering_table(name: &str, vnet: &str, remote: &str, f: [bool; 4], deleted: bool) -> Table {
    let mut t = Table::new();
    t.insert("name".into(), T::String(name.to_string()));
    t.insert("vnet".into(), T::String(vnet.to_string()));
    t.insert("remote".into(), T::String(remote.to_string()));
    t.insert("allow_virtual_network_access".into(), T::Boolean(f[0]));
    t.insert("allow_forwarded_traffic".into(), T::Boolean(f[1]));
    t.insert("allow_gateway_transit".into(), T::Boolean(f[2]));
    t.insert("use_remote_gateways".into(), T::Boolean(f[3]));
    if deleted {
        t.insert("remote_deleted".into(), T::Boolean(true));
    }
    t
}
