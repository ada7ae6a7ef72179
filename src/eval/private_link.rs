//! Private endpoints and the public endpoints of PaaS resources (RULES.md §12, §13): the /32
//! route, its override by user routes under network policies, approval, privatelink DNS, and
//! the PaaS firewall that judges what reaches the public address.

use super::reason::Reason;
use super::routes::{EffectiveRoute, NextHopType, RouteSource, RouteState};
use super::trace::{Arrival, Failure, Walker};
use super::{MachineKind, Network};
use crate::model::{Paas, PublicAccess};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// The /32 of every private endpoint in VNet `v` or in a VNet directly peered with it (RULES.md
/// §12: "added to the NICs of all virtual machines connected to networks that are peered").
pub(super) fn routes(net: &Network, v: usize, out: &mut Vec<EffectiveRoute>) {
    for e in &net.topology.private_endpoints {
        let Some(pv) = net.vnet_index(&e.vnet) else {
            continue;
        };
        if pv == v || net.connected(v, pv).is_some() {
            let prefix = Ipv4Net::new(e.ip, 32).expect("32 is a valid prefix length");
            out.push(EffectiveRoute::system(
                prefix,
                NextHopType::InterfaceEndpoint,
                Some(pv),
            ));
        }
    }
}

/// With route-table network policy on for the endpoint's subnet, a user route containing the
/// endpoint and at least as specific as the endpoint VNet's address-space prefix makes the /32
/// Invalid; 0.0.0.0/0 never does (RULES.md §12, PENP). With the policy off the /32 stands.
pub(super) fn invalidate_by_udr(net: &Network, out: &mut [EffectiveRoute]) {
    let t = net.topology;
    let users: Vec<Ipv4Net> = out
        .iter()
        .filter(|r| r.source == RouteSource::User && r.state == RouteState::Active)
        .map(|r| r.prefix)
        .collect();
    for r in out.iter_mut() {
        if r.next_hop != NextHopType::InterfaceEndpoint || r.state != RouteState::Active {
            continue;
        }
        let ip = r.prefix.network();
        let Some(pv) = r.via_vnet else { continue };
        let vnet = &t.vnets[pv];
        let Some(e) = t
            .private_endpoints
            .iter()
            .find(|e| e.ip == ip && e.vnet == vnet.name)
        else {
            continue;
        };
        let policy_on = vnet
            .subnet(&e.subnet)
            .is_some_and(|s| s.private_endpoint_network_policies.route_table_on());
        if !policy_on {
            continue;
        }
        let space_len = vnet
            .address_space
            .iter()
            .filter(|p| p.contains(&ip))
            .map(|p| p.prefix_len())
            .min()
            .unwrap_or(32);
        if users
            .iter()
            .any(|u| u.prefix_len() > 0 && u.contains(&ip) && u.prefix_len() >= space_len)
        {
            r.state = RouteState::Invalid;
        }
    }
}

/// The PaaS resource whose public address is `ip`.
pub(super) fn paas_at(net: &Network, ip: Ipv4Addr) -> Option<usize> {
    net.topology.paas.iter().position(|p| p.public_ip == ip)
}

/// The public name of a PaaS resource as resolver VNet `resolver` sees it: the private
/// endpoint's address where `privatelink.<zone>` is linked and holds the resource's record,
/// else the public address (STPE: "it resolves to the public endpoint"). `None`: not a PaaS
/// name of the file.
pub(super) fn resolve_public_name(
    net: &Network,
    resolver: usize,
    name: &str,
) -> Option<(Ipv4Addr, String)> {
    let t = net.topology;
    let p = t.paas.iter().find(|p| p.fqdn.eq_ignore_ascii_case(name))?;
    let (label, rest) = p.fqdn.split_once('.')?;
    let zone_name = format!("privatelink.{rest}");
    let rname = &t.vnets[resolver].name;
    let zone = t
        .dns_zones
        .iter()
        .find(|z| z.name.eq_ignore_ascii_case(&zone_name));
    let public = |why: String| Some((p.public_ip, why));
    let Some(z) = zone else {
        return public(format!(
            "{name} is a public name; with no {zone_name} zone it resolves to the public address {}",
            p.public_ip
        ));
    };
    let record = z
        .records
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(label))
        .map(|(_, ip)| *ip);
    if !z.links.iter().any(|l| l == rname) {
        return public(format!(
            "{name} is a CNAME to {label}.{zone_name}, but zone {zone_name} is not linked to {rname}, so the name resolves to the public address {}",
            p.public_ip
        ));
    }
    match record {
        Some(ip) => Some((
            ip,
            format!(
                "{name} is a CNAME to {label}.{zone_name}, which zone {zone_name} (linked to {rname}) answers with {ip}"
            ),
        )),
        None => public(format!(
            "zone {zone_name} is linked to {rname} but has no record {label}, so {name} resolves to the public address {}",
            p.public_ip
        )),
    }
}

/// A PaaS public name looked up on premises (RULES.md §12: on-premises reaches the
/// privatelink record only by conditionally forwarding the public zone to a forwarder in
/// Azure, which peerlab does not model). The site's own DNS asks public DNS, which answers
/// with the public address; any other name stays unresolved. `None`: not a PaaS name.
pub(super) fn resolve_on_premises(net: &Network, name: &str) -> Option<(Ipv4Addr, String)> {
    let p = net
        .topology
        .paas
        .iter()
        .find(|p| p.fqdn.eq_ignore_ascii_case(name))?;
    Some((
        p.public_ip,
        format!(
            "on premises, {} is answered by public DNS: the site forwards no query for it to a DNS server in Azure that could read the privatelink zone, so it resolves to the public address {} of {}",
            p.fqdn, p.public_ip, p.name
        ),
    ))
}

/// How a request reaches a public endpoint: through a service endpoint of a subnet, or over
/// the internet from a public source address.
pub(super) enum Via {
    ServiceEndpoint {
        vnet: String,
        subnet: String,
    },
    Public {
        source: Option<Ipv4Addr>,
        region: Option<String>,
    },
}

/// The PaaS firewall's verdict (RULES.md §12, §13, FORMAT.md §1b `public_access`).
pub(super) fn firewall(p: &Paas, via: &Via) -> Result<String, String> {
    match p.public_access {
        PublicAccess::Enabled => {
            return Ok(format!(
                "{} allows public network access from all networks",
                p.name
            ));
        }
        PublicAccess::Disabled => {
            return Err(format!(
                "{} has public network access disabled: only its private endpoints carry traffic",
                p.name
            ));
        }
        PublicAccess::Selected => {}
    }
    match via {
        Via::ServiceEndpoint { vnet, subnet } => {
            if p.vnet_rules
                .iter()
                .any(|r| &r.vnet == vnet && &r.subnet == subnet)
            {
                Ok(format!(
                    "{} has a virtual network rule for {vnet}/{subnet}, and the request comes through that subnet's service endpoint",
                    p.name
                ))
            } else {
                Err(format!(
                    "the request comes through the service endpoint of {vnet}/{subnet}, but {} has no virtual network rule for that subnet",
                    p.name
                ))
            }
        }
        Via::Public { source, region } => {
            let Some(src) = source else {
                return Err(format!(
                    "the request reaches {}'s public endpoint without a service endpoint, from no public address an IP rule could allow (the source has no public IP)",
                    p.name
                ));
            };
            let hit = p.ip_rules.iter().find(|r| r.contains(src));
            if region.as_deref() == Some(p.region.as_str()) {
                // STNET: "IP network rules have no effect on requests that originate from the
                // same Azure region as the storage account".
                return Err(format!(
                    "the request comes from {src} in {}, the region of {}, and IP rules have no effect on requests from the same region; use a service endpoint and a virtual network rule, or a private endpoint",
                    p.region, p.name
                ));
            }
            match hit {
                Some(r) => Ok(format!("{} has IP rule {r}, which allows {src}", p.name)),
                None => Err(format!(
                    "the request comes from public address {src}, which no IP rule of {} allows, and without a service endpoint no virtual network rule applies",
                    p.name
                )),
            }
        }
    }
}

impl Walker<'_, '_> {
    /// The request reached PaaS resource `paas`'s public address; `subnet` is where the route
    /// was chosen when that was a service endpoint route.
    pub(super) fn paas_arrival(
        &mut self,
        paas: usize,
        subnet: Option<(usize, usize)>,
    ) -> Result<Arrival, Failure> {
        let net = self.net;
        let t = net.topology;
        let p = &t.paas[paas];
        let src = self.packet.src;
        let via = match subnet {
            Some((v, s)) => Via::ServiceEndpoint {
                vnet: t.vnets[v].name.clone(),
                subnet: t.vnets[v].subnets[s].name.clone(),
            },
            None => {
                // The source's public address: the VM's `public_ip` (what an IP rule sees).
                let vm = net.machines.iter().find_map(|m| match m.kind {
                    MachineKind::Vm { vm, vnet, .. } if m.ip == src => Some((vm, vnet)),
                    _ => None,
                });
                Via::Public {
                    source: vm.and_then(|(vm, _)| t.vms[vm].public_ip),
                    region: vm.map(|(_, v)| t.vnets[v].region.clone()),
                }
            }
        };
        let at = p.name.clone();
        match firewall(p, &via) {
            Ok(detail) => {
                self.hop(&at, "paas-firewall", true, detail);
                self.hop(
                    &at,
                    "deliver",
                    true,
                    format!("{} is the public endpoint of {}", p.public_ip, p.name),
                );
                Ok(Arrival::Internet)
            }
            Err(detail) => {
                self.hop(&at, "paas-firewall", false, detail.clone());
                Err(Failure::new(Reason::PaasFirewallDeny, at, detail))
            }
        }
    }

    /// A site host sends to a PaaS public address that no gateway route covers: the request
    /// leaves through the site's own internet connection (RULES.md §13: "Endpoints can't be
    /// used for traffic from your on-premises services to Azure services"; the firewall sees
    /// the site's public NAT address, which the file does not give, so no IP rule matches it).
    /// `None`: the address is not a PaaS public endpoint of the file.
    pub(super) fn site_to_public_endpoint(
        &mut self,
        site: usize,
    ) -> Option<Result<Arrival, Failure>> {
        let net = self.net;
        let dst = self.packet.dst;
        let paas = paas_at(net, dst)?;
        let st = &net.topology.sites[site];
        let p = &net.topology.paas[paas];
        self.hop(
            format!("site {}", st.name),
            "site",
            true,
            format!(
                "{} sends {dst} (the public endpoint of {}) out through its own internet connection: no gateway route covers a public address, and service endpoints never carry on-premises traffic",
                st.name, p.name
            ),
        );
        Some(self.paas_arrival(paas, None))
    }

    /// The request reached private endpoint `pe`: only an Approved connection carries it.
    pub(super) fn endpoint_arrival(&mut self, pe: usize) -> Result<(), Failure> {
        let e = &self.net.topology.private_endpoints[pe];
        if !e.approved {
            let detail = format!(
                "private endpoint {} of {} is not Approved (Pending or Rejected), so it carries no traffic",
                e.name, e.resource
            );
            self.hop(&e.name, "private-endpoint", false, detail.clone());
            return Err(Failure::new(
                Reason::PrivateEndpointNotApproved,
                e.name.clone(),
                detail,
            ));
        }
        let detail = format!(
            "private endpoint {} carries the connection to {} (Approved); the PaaS firewall does not apply to private endpoints",
            e.name, e.resource
        );
        self.hop(&e.name, "private-endpoint", true, detail);
        Ok(())
    }
}
