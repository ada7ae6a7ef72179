//! Checks that need the whole file: references between tables, peerings, and warnings.

use super::raw::*;
use super::*;

impl Checker<'_> {
    pub(super) fn missing(&mut self, s: &S<String>, what: &str, owner: &str) {
        let p = self.at(s);
        self.err(
            p,
            "unknown-reference",
            format!(
                "{owner} refers to {what} {}, which is not defined",
                crate::text::quoted(s.get_ref())
            ),
        );
    }

    /// Names that point at other entities (subnets and gateways to tables, NSGs and sites).
    pub(super) fn references(&mut self, raw: &RawFile, t: &Topology) {
        for v in &raw.vnet {
            let r = v.get_ref();
            let vname = r.name.get_ref();
            for s in &r.subnet {
                let sr = s.get_ref();
                let owner = format!("subnet {:?} of VNet {vname:?}", sr.name.get_ref());
                if let Some(rt) = &sr.route_table
                    && t.route_table(rt.get_ref()).is_none()
                {
                    self.missing(rt, "route table", &owner);
                }
                if let Some(n) = &sr.nsg
                    && t.nsg(n.get_ref()).is_none()
                {
                    self.missing(n, "NSG", &owner);
                }
            }
            if let Some(g) = &r.gateway {
                for s in &g.get_ref().sites {
                    if t.site(s.get_ref()).is_none() {
                        self.missing(s, "site", &format!("the gateway of VNet {vname:?}"));
                    }
                }
            }
            if let Some(d) = &r.dns
                && d.get_ref() != "azure"
                && t.vm(d.get_ref()).is_none()
            {
                let p = self.at(d);
                self.err(
                    p,
                    "unknown-reference",
                    format!(
                        "VNet {vname:?} uses DNS server {}, which is not a VM in this file; name a VM or use \"azure\"",
                        crate::text::quoted(d.get_ref())
                    ),
                );
            }
        }
        for v in &raw.vm {
            if let Some(n) = &v.get_ref().nsg
                && t.nsg(n.get_ref()).is_none()
            {
                self.missing(n, "NSG", &format!("VM {:?}", v.get_ref().name.get_ref()));
            }
        }
    }

    pub(super) fn peering(
        &mut self,
        p: &S<RawPeering>,
        t: &Topology,
        names: &mut HashSet<(String, String)>,
    ) -> Peering {
        let pos = self.at(p);
        let r = p.get_ref();
        let vnet = r.vnet.get_ref().clone();
        let remote = r.remote.get_ref().clone();
        let name = match &r.name {
            Some(n) => self.name(n, "peering"),
            None => format!("{vnet}-to-{remote}"),
        };
        for (s, what) in [(&r.vnet, "vnet"), (&r.remote, "remote")] {
            if t.vnet(s.get_ref()).is_none() {
                let at = self.at(s);
                self.err(
                    at,
                    "unknown-reference",
                    format!(
                        "peering {name:?}: {what} {} is not a VNet in this file",
                        crate::text::quoted(s.get_ref())
                    ),
                );
            }
        }
        if !names.insert((vnet.clone(), name.clone())) {
            let at = r.name.as_ref().map_or(pos, |n| self.at(n));
            self.err(
                at,
                "duplicate-name",
                format!("VNet {vnet:?} already has a peering named {name:?}; peering names are unique per VNet"),
            );
        }
        let remote_space_cached = r.remote_space_cached.as_ref().map(|l| self.cidrs(l));
        let created_by = r.created_by.as_ref().map(|u| {
            if t.user(u.get_ref()).is_none() {
                self.missing(u, "user", &format!("peering {name:?}"));
            }
            u.get_ref().clone()
        });
        Peering {
            name,
            vnet,
            remote,
            allow_virtual_network_access: r.allow_virtual_network_access,
            allow_forwarded_traffic: r.allow_forwarded_traffic,
            allow_gateway_transit: r.allow_gateway_transit,
            use_remote_gateways: r.use_remote_gateways,
            remote_deleted: r.remote_deleted,
            remote_space_cached,
            created_by,
            pos,
        }
    }

    /// `remote_deleted` says the other side is gone; a file that also defines it contradicts itself.
    pub(super) fn peering_pairs(&mut self, raw: &RawFile, t: &Topology) {
        for (i, p) in t.peerings.iter().enumerate() {
            if p.remote_deleted
                && t.peerings
                    .iter()
                    .any(|q| q.vnet == p.remote && q.remote == p.vnet)
            {
                let at = self.at(&raw.peering[i]);
                self.err(
                    at,
                    "remote-deleted-but-present",
                    format!(
                        "peering {:?} says its remote side was deleted, but {:?} still has a peering to {:?}; remove remote_deleted or the other side",
                        p.name, p.remote, p.vnet
                    ),
                );
            }
        }
    }

    pub(super) fn warnings(&mut self, t: &Topology) {
        for v in &t.vnets {
            for s in &v.subnets {
                if s.nsg.is_some() && (s.name == GATEWAY_SUBNET || s.name == FIREWALL_SUBNET) {
                    self.warn(
                        s.pos,
                        "nsg-unsupported-subnet",
                        format!(
                            "Azure does not support an NSG on {} (VNet {:?}); peerlab ignores it",
                            s.name, v.name
                        ),
                    );
                }
            }
        }
        for s in &t.sites {
            let connected = t.vnets.iter().any(|v| {
                v.gateway
                    .as_ref()
                    .is_some_and(|g| g.sites.contains(&s.name))
            });
            if !connected {
                self.warn(
                    s.pos,
                    "site-unconnected",
                    format!("site {:?} is not connected to any gateway, so nothing in Azure can reach it", s.name),
                );
            }
        }
        for p in &t.peerings {
            if p.allow_gateway_transit && t.vnet(&p.vnet).is_some_and(|v| v.gateway.is_none()) {
                self.warn(
                    p.pos,
                    "transit-without-gateway",
                    format!(
                        "peering {:?} allows gateway transit, but VNet {:?} has no gateway; the setting has no effect",
                        p.name, p.vnet
                    ),
                );
            }
        }
        for v in &t.vnets {
            if let DnsSetting::Server(d) = &v.dns
                && t.vm(d).is_some_and(|vm| !vm.dns_server)
            {
                self.warn(
                    v.pos,
                    "dns-server-not-serving",
                    format!("VNet {:?} uses {d:?} as its DNS server, but that VM does not have dns_server = true; names will not resolve", v.name),
                );
            }
        }
    }
}
