//! FORMAT.md §1b: the fields and tables added for RULES.md §10–§16 (ASGs, Bastion, PaaS and
//! private endpoints, service endpoints, users, point-to-site), each checked for what stops it
//! from describing a network. Azure's refusals of valid-looking files are warnings, elsewhere.

use super::raw::*;
use super::*;

/// Azure's limits (RULES.md §10, LIM): ASGs per NIC IP configuration, and per rule side.
const MAX_ASGS_PER_NIC: usize = 20;
const MAX_ASGS_PER_RULE: usize = 10;
/// "The minimum AzureBastionSubnet size is /26 or larger" (RULES.md §11, BFAQ).
const BASTION_SUBNET_MAX_LEN: u8 = 26;

/// Not a private, shared, loopback, link-local or otherwise non-routable address: what a
/// public endpoint and a PaaS IP rule must be (RULES.md §13: "IP rules only public ranges").
/// Documentation ranges (203.0.113.0/24, ...) count as public so examples can use them.
fn is_public(ip: Ipv4Addr) -> bool {
    let shared = Ipv4Net::new_assert(Ipv4Addr::new(100, 64, 0, 0), 10);
    let this_net = Ipv4Net::new_assert(Ipv4Addr::new(0, 0, 0, 0), 8);
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || shared.contains(&ip)
        || this_net.contains(&ip)
        || u32::from(ip) >= 0xF000_0000)
}

/// `Microsoft.Storage`, `Microsoft.Sql`, ...: the namespace form service endpoints use.
fn is_service_name(s: &str) -> bool {
    s.strip_prefix("Microsoft.").is_some_and(|rest| {
        !rest.is_empty() && rest.len() <= 60 && rest.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

fn is_fqdn(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').count() >= 2
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl Checker<'_> {
    /// A subscription or tenant name (defaults apply when absent).
    pub(super) fn account(&mut self, s: &Option<S<String>>, default: &str, what: &str) -> String {
        match s {
            Some(s) => self.name(s, what),
            None => default.to_string(),
        }
    }

    pub(super) fn region(&mut self, s: &S<String>) -> String {
        let region = s.get_ref();
        if region.is_empty()
            || region.len() > 40
            || !region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            let p = self.at(s);
            self.err(
                p,
                "bad-value",
                format!(
                    "region {} is not valid; use an Azure region name such as \"eastus\" or \"westeurope\"",
                    crate::text::quoted(region)
                ),
            );
        }
        region.clone()
    }

    fn service(&mut self, s: &S<String>) -> String {
        if !is_service_name(s.get_ref()) {
            let p = self.at(s);
            self.err(
                p,
                "bad-value",
                format!(
                    "service {} is not a service namespace such as \"Microsoft.Storage\" or \"Microsoft.Sql\"",
                    crate::text::quoted(s.get_ref())
                ),
            );
        }
        s.get_ref().clone()
    }

    pub(super) fn service_endpoints(&mut self, list: &[S<String>]) -> Vec<String> {
        list.iter().map(|s| self.service(s)).collect()
    }

    pub(super) fn public_ip(&mut self, s: &S<String>) -> Option<Ipv4Addr> {
        let ip = self.ip(s)?;
        if !is_public(ip) {
            let p = self.at(s);
            self.err(
                p,
                "bad-ip",
                format!("{ip} is not a public address; a public IP cannot be in a private, shared or reserved range"),
            );
        }
        Some(ip)
    }

    /// The point-to-site pool must not overlap the gateway's own VNet (Azure refuses a client
    /// pool that overlaps the VNet address space) and needs a VPN gateway.
    pub(super) fn p2s_pool(
        &mut self,
        g: &RawGateway,
        vnet: &str,
        kind: GatewayKind,
        space: &[Ipv4Net],
    ) -> Option<Ipv4Net> {
        let s = g.p2s_pool.as_ref()?;
        let pool = self.cidr(s)?;
        let p = self.at(s);
        if kind != GatewayKind::Vpn {
            self.err(
                p,
                "bad-value",
                format!("VNet {vnet:?}: point-to-site needs a VPN gateway, not an ExpressRoute gateway; remove p2s_pool or use kind = \"vpn\""),
            );
        }
        if let Some(a) = space.iter().find(|a| overlap(a, &pool)) {
            self.err(
                p,
                "address-space-overlap",
                format!("p2s_pool {pool} overlaps {a}, in the address space of VNet {vnet:?}; the client pool must be a range of its own"),
            );
        }
        Some(pool)
    }

    /// An explicit gateway address must be a usable address of the GatewaySubnet.
    pub(super) fn gateway_ip(
        &mut self,
        g: &RawGateway,
        vnet: &str,
        subnets: &[Subnet],
    ) -> Option<Ipv4Addr> {
        let s = g.ip.as_ref()?;
        let ip = self.ip(s)?;
        if let Some(sn) = subnets.iter().find(|s| s.name == GATEWAY_SUBNET) {
            self.in_subnet(s, &format!("the gateway of VNet {vnet:?}"), ip, sn);
        }
        Some(ip)
    }

    /// Reports an address outside `sn` or reserved in it.
    fn in_subnet(&mut self, at: &S<String>, what: &str, ip: Ipv4Addr, sn: &Subnet) -> bool {
        let p = self.at(at);
        if !sn.prefix.contains(&ip) {
            self.err(
                p,
                "ip-outside-subnet",
                format!(
                    "{what} has IP {ip}, outside its subnet {:?} ({})",
                    sn.name, sn.prefix
                ),
            );
            false
        } else if is_reserved(&sn.prefix, ip) {
            self.err(
                p,
                "reserved-ip",
                format!(
                    "{what} has IP {ip}, which Azure reserves in subnet {} (the first four and the last address); use {} or later",
                    sn.prefix,
                    first_usable(&sn.prefix)
                ),
            );
            false
        } else {
            true
        }
    }

    pub(super) fn vm_asgs(&mut self, vm: &str, list: &[S<String>]) -> Vec<String> {
        if list.len() > MAX_ASGS_PER_NIC {
            let p = self.at(&list[MAX_ASGS_PER_NIC]);
            self.err(
                p,
                "bad-value",
                format!("VM {vm:?} joins {} ASGs; a NIC IP configuration can be in at most {MAX_ASGS_PER_NIC}", list.len()),
            );
        }
        list.iter().map(|s| self.name(s, "ASG")).collect()
    }

    /// One side of an NSG rule: an address (`source`) or ASGs (`source_asgs`), not both.
    pub(super) fn rule_end(
        &mut self,
        rule: &str,
        at: Pos,
        (addr, addr_key): (&Option<S<String>>, &str),
        (asgs, asgs_key): (&Option<S<Vec<S<String>>>>, &str),
        conflict: &str,
    ) -> Option<AddressMatch> {
        match (addr, asgs) {
            (Some(_), Some(g)) => {
                let p = self.at(g);
                self.err(
                    p,
                    conflict,
                    format!("rule {rule:?} has both {addr_key} and {asgs_key}; keep one"),
                );
                None
            }
            (Some(a), None) => self.value(a, AddressMatch::parse),
            (None, Some(g)) => {
                let list = g.get_ref();
                let p = self.at(g);
                if list.is_empty() {
                    self.err(
                        p,
                        "bad-value",
                        format!("rule {rule:?}: {asgs_key} is empty; name at least one ASG"),
                    );
                    return None;
                }
                if list.len() > MAX_ASGS_PER_RULE {
                    self.err(
                        p,
                        "bad-value",
                        format!("rule {rule:?} names {} ASGs in {asgs_key}; a rule takes at most {MAX_ASGS_PER_RULE}", list.len()),
                    );
                }
                Some(AddressMatch::Asgs(
                    list.iter().map(|s| self.name(s, "ASG")).collect(),
                ))
            }
            (None, None) => {
                self.err(
                    at,
                    "missing-field",
                    format!("rule {rule:?} needs `{addr_key}` (an address or service tag) or `{asgs_key}`"),
                );
                None
            }
        }
    }

    pub(super) fn asg(&mut self, a: &S<RawAsg>, t: &Topology, names: &mut Names) -> Asg {
        let r = a.get_ref();
        let name = self.name(&r.name, "ASG");
        self.unique(names, &r.name, "ASG");
        if t.vnet(r.vnet.get_ref()).is_none() {
            self.missing(&r.vnet, "VNet", &format!("ASG {name:?}"));
        }
        Asg {
            name,
            vnet: r.vnet.get_ref().clone(),
            pos: self.at(a),
        }
    }

    pub(super) fn bastion(
        &mut self,
        b: &S<RawBastion>,
        t: &Topology,
        machines: &mut Names,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> Bastion {
        let pos = self.at(b);
        let r = b.get_ref();
        let name = self.machine_name(&r.name, "bastion");
        self.unique(
            machines,
            &r.name,
            "name (of a machine, bastion, P2S client or PaaS resource)",
        );
        let sku = r
            .sku
            .as_ref()
            .and_then(|s| self.value(s, BastionSku::parse))
            .unwrap_or_default();
        let ip = r.ip.as_ref().and_then(|s| self.ip(s));
        match t.vnet(r.vnet.get_ref()) {
            None => self.missing(&r.vnet, "VNet", &format!("bastion {name:?}")),
            Some(v) => match v.subnet(BASTION_SUBNET) {
                Some(sn) => {
                    if let (Some(s), Some(ip)) = (&r.ip, ip)
                        && self.in_subnet(s, &format!("bastion {name:?}"), ip, sn)
                    {
                        let p = self.at(s);
                        if let Some(first) = ips.get(&(v.name.clone(), ip)) {
                            let line = first.line;
                            self.err(
                                p,
                                "duplicate-ip",
                                format!("IP {ip} is already used in VNet {:?} (line {line}); each NIC needs its own address", v.name),
                            );
                        } else {
                            ips.insert((v.name.clone(), ip), p);
                        }
                    }
                    if sn.prefix.prefix_len() > BASTION_SUBNET_MAX_LEN {
                        self.warn(
                            sn.pos,
                            "bastion-subnet-too-small",
                            format!(
                                "{BASTION_SUBNET} of VNet {:?} is {}; Azure needs a /26 or larger for bastion {name:?}",
                                v.name, sn.prefix
                            ),
                        );
                    }
                }
                // The Developer SKU runs on shared infrastructure, without a subnet of its own.
                None if sku == BastionSku::Developer => {
                    if let Some(s) = &r.ip {
                        let p = self.at(s);
                        self.err(
                            p,
                            "ip-outside-subnet",
                            format!("bastion {name:?} is a Developer bastion, which has no {BASTION_SUBNET} in VNet {:?}; remove ip", v.name),
                        );
                    }
                }
                None => {
                    self.err(
                        pos,
                        "bastion-subnet-missing",
                        format!(
                            "bastion {name:?} ({} SKU) needs a subnet named \"{BASTION_SUBNET}\" (a /26 or larger) in VNet {:?}",
                            sku.as_str(),
                            v.name
                        ),
                    );
                }
            },
        }
        Bastion {
            name,
            vnet: r.vnet.get_ref().clone(),
            sku,
            ip_based_connection: r.ip_based_connection,
            ip,
            pos,
        }
    }

    pub(super) fn paas(&mut self, p: &S<RawPaas>, machines: &mut Names, fqdns: &mut Names) -> Paas {
        let pos = self.at(p);
        let r = p.get_ref();
        let name = self.machine_name(&r.name, "PaaS resource");
        self.unique(
            machines,
            &r.name,
            "name (of a machine, bastion, P2S client or PaaS resource)",
        );
        let service = self.service(&r.service);
        let fqdn = r.fqdn.get_ref().to_ascii_lowercase();
        if !is_fqdn(&fqdn) {
            let at = self.at(&r.fqdn);
            self.err(
                at,
                "bad-name",
                format!(
                    "fqdn {} is not a DNS name such as \"stcontoso.blob.core.windows.net\"",
                    crate::text::quoted(r.fqdn.get_ref())
                ),
            );
        }
        self.unique(fqdns, &r.fqdn, "PaaS fqdn");
        let public_ip = self.public_ip(&r.public_ip);
        let region = match &r.region {
            Some(s) => self.region(s),
            None => DEFAULT_REGION.to_string(),
        };
        let public_access = r
            .public_access
            .as_ref()
            .and_then(|s| self.value(s, PublicAccess::parse))
            .unwrap_or_default();
        let mut ip_rules = Vec::new();
        for s in &r.ip_rules {
            let Some(net) = self.value(s, super::value::parse_prefix_or_ip) else {
                continue;
            };
            if !is_public(net.network()) || !is_public(net.broadcast()) {
                let at = self.at(s);
                self.err(
                    at,
                    "bad-cidr",
                    format!("ip rule {net} of {name:?} is not a public range; a PaaS firewall's IP rules take public addresses only (private sources use vnet_rules or a private endpoint)"),
                );
            }
            ip_rules.push(net);
        }
        let vnet_rules = r
            .vnet_rules
            .iter()
            .filter_map(|s| {
                self.value(s, |v| {
                    let bad = || {
                        format!(
                            "vnet rule {} is not VNET/SUBNET such as \"spoke-web/workload\"",
                            crate::text::quoted(v)
                        )
                    };
                    let (vnet, subnet) = v.split_once('/').ok_or_else(bad)?;
                    if vnet.is_empty() || subnet.is_empty() || subnet.contains('/') {
                        return Err(bad());
                    }
                    Ok(VnetRule {
                        vnet: vnet.to_string(),
                        subnet: subnet.to_string(),
                    })
                })
            })
            .collect();
        Paas {
            name,
            service,
            fqdn,
            public_ip: public_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            region,
            public_access,
            ip_rules,
            vnet_rules,
            pos,
        }
    }

    pub(super) fn private_endpoint(
        &mut self,
        e: &S<RawPrivateEndpoint>,
        t: &Topology,
        names: &mut Names,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> PrivateEndpoint {
        let pos = self.at(e);
        let r = e.get_ref();
        let name = self.name(&r.name, "private endpoint");
        self.unique(names, &r.name, "private endpoint");
        let ip = self.placement("private endpoint", &name, &r.vnet, &r.subnet, &r.ip, t, ips);
        let subnet = r.subnet.get_ref();
        if [GATEWAY_SUBNET, FIREWALL_SUBNET, BASTION_SUBNET].contains(&subnet.as_str()) {
            let p = self.at(&r.subnet);
            self.err(
                p,
                "reserved-subnet",
                format!("private endpoint {name:?} cannot be placed in {subnet}, which Azure reserves for its own service; use another subnet"),
            );
        }
        if t.paas_named(r.resource.get_ref()).is_none() {
            self.missing(
                &r.resource,
                "PaaS resource",
                &format!("private endpoint {name:?}"),
            );
        }
        PrivateEndpoint {
            name,
            vnet: r.vnet.get_ref().clone(),
            subnet: subnet.clone(),
            ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            resource: r.resource.get_ref().clone(),
            approved: r.approved,
            pos,
        }
    }

    pub(super) fn user(&mut self, u: &S<RawUser>, names: &mut Names) -> User {
        let pos = self.at(u);
        let r = u.get_ref();
        let name = self.name(&r.name, "user");
        self.unique(names, &r.name, "user");
        let tenant = self.account(&r.tenant, DEFAULT_TENANT, "tenant");
        let guest_in = r.guest_in.iter().map(|s| self.name(s, "tenant")).collect();
        let roles = r
            .roles
            .iter()
            .filter_map(|a| {
                let a = a.get_ref();
                let role = self.value(&a.role, Role::parse)?;
                Some(RoleAssignment {
                    role,
                    scope: a.scope.get_ref().clone(),
                })
            })
            .collect();
        User {
            name,
            tenant,
            guest_in,
            roles,
            pos,
        }
    }

    pub(super) fn p2s_client(
        &mut self,
        c: &S<RawP2sClient>,
        t: &Topology,
        machines: &mut Names,
        ips: &mut HashMap<(String, Ipv4Addr), Pos>,
    ) -> P2sClient {
        let pos = self.at(c);
        let r = c.get_ref();
        let name = self.machine_name(&r.name, "P2S client");
        self.unique(
            machines,
            &r.name,
            "name (of a machine, bastion, P2S client or PaaS resource)",
        );
        let ip = self.ip(&r.ip);
        let gv = r.gateway_vnet.get_ref();
        match t.vnet(gv) {
            None => self.missing(&r.gateway_vnet, "VNet", &format!("P2S client {name:?}")),
            Some(v) => match v.gateway.as_ref().and_then(|g| g.p2s_pool) {
                None => {
                    let p = self.at(&r.gateway_vnet);
                    self.err(
                        p,
                        "p2s-pool-missing",
                        format!("P2S client {name:?} connects to the gateway of VNet {gv:?}, which has no gateway with a p2s_pool; add p2s_pool to [vnet.gateway]"),
                    );
                }
                Some(pool) => {
                    if let Some(ip) = ip {
                        let p = self.at(&r.ip);
                        if !pool.contains(&ip) {
                            self.err(
                                p,
                                "ip-outside-pool",
                                format!("P2S client {name:?} has IP {ip}, outside the client pool {pool} of the gateway of VNet {gv:?}"),
                            );
                        } else if let Some(first) = ips.get(&(format!("p2s:{gv}"), ip)) {
                            let line = first.line;
                            self.err(
                                p,
                                "duplicate-ip",
                                format!("IP {ip} is already used by the P2S client of line {line} (VNet {gv:?}'s pool); each client gets its own address"),
                            );
                        } else {
                            ips.insert((format!("p2s:{gv}"), ip), p);
                        }
                    }
                }
            },
        }
        let os =
            r.os.as_ref()
                .and_then(|s| self.value(s, ClientOs::parse))
                .unwrap_or_default();
        P2sClient {
            name,
            gateway_vnet: gv.clone(),
            ip: ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            os,
            profile_current: r.profile_current,
            profile_downloaded: r
                .profile_downloaded
                .as_ref()
                .and_then(|s| self.value(s, day)),
            pos,
        }
    }

    /// References of §1b that may point at any table of the file, checked once all are read.
    pub(super) fn service_references(&mut self, raw: &RawFile, t: &Topology) {
        for v in &raw.vm {
            let r = v.get_ref();
            for a in &r.asgs {
                if t.asg(a.get_ref()).is_none() {
                    self.missing(a, "ASG", &format!("VM {:?}", r.name.get_ref()));
                }
            }
        }
        for n in &raw.nsg {
            for rule in &n.get_ref().rule {
                let rr = rule.get_ref();
                for list in [&rr.source_asgs, &rr.destination_asgs]
                    .into_iter()
                    .flatten()
                {
                    for a in list.get_ref() {
                        if t.asg(a.get_ref()).is_none() {
                            self.missing(a, "ASG", &format!("NSG rule {:?}", rr.name.get_ref()));
                        }
                    }
                }
            }
        }
        for p in &raw.paas {
            let r = p.get_ref();
            for s in &r.vnet_rules {
                let Some((vn, sn)) = s.get_ref().split_once('/') else {
                    continue;
                };
                let found = t.vnet(vn).map(|v| v.subnet(sn).is_some());
                if found != Some(true) {
                    let at = self.at(s);
                    let what = if found.is_none() {
                        format!("VNet {}", crate::text::quoted(vn))
                    } else {
                        format!("subnet {} of VNet {vn:?}", crate::text::quoted(sn))
                    };
                    self.err(
                        at,
                        "unknown-reference",
                        format!(
                            "PaaS resource {:?} has a vnet rule for {what}, which is not defined",
                            r.name.get_ref()
                        ),
                    );
                }
            }
        }
        for u in &raw.user {
            let r = u.get_ref();
            for a in &r.roles {
                let scope = a.get_ref().scope.get_ref();
                let known = t.vnet(scope).is_some()
                    || t.vm(scope).is_some()
                    || t.bastion(scope).is_some()
                    || scope
                        .strip_suffix("-nic")
                        .is_some_and(|vm| t.vm(vm).is_some());
                if !known {
                    let at = self.at(&a.get_ref().scope);
                    self.err(
                        at,
                        "unknown-reference",
                        format!(
                            "user {:?} has a role on {}, which is not a VNet, VM, NIC (\"<vm>-nic\") or bastion in this file",
                            r.name.get_ref(),
                            crate::text::quoted(scope)
                        ),
                    );
                }
            }
        }
    }

    /// Warnings of FORMAT.md §1b: a Bastion NSG without the rules Azure requires.
    pub(super) fn service_warnings(&mut self, t: &Topology) {
        for b in &t.bastions {
            let Some(v) = t.vnet(&b.vnet) else { continue };
            let Some(sn) = v.subnet(BASTION_SUBNET) else {
                continue;
            };
            let Some(nsg) = sn.nsg.as_deref().and_then(|n| t.nsg(n)) else {
                continue;
            };
            let missing = bastion_nsg_missing(nsg);
            if !missing.is_empty() {
                self.warn(
                    sn.pos,
                    "bastion-nsg-incomplete",
                    format!(
                        "NSG {:?} on {BASTION_SUBNET} of VNet {:?} lacks rules Azure Bastion requires ({}); bastion {:?} will not work",
                        nsg.name,
                        v.name,
                        missing.join("; "),
                        b.name
                    ),
                );
            }
        }
    }
}

/// A day as `YYYY-MM-DD` (a P2S client's `profile_downloaded`).
fn day(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let month = s.get(5..7).and_then(|m| m.parse::<u8>().ok());
    let d = s.get(8..10).and_then(|m| m.parse::<u8>().ok());
    if shape && matches!(month, Some(1..=12)) && matches!(d, Some(1..=31)) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "profile_downloaded {} must be a date YYYY-MM-DD",
            crate::text::quoted(s)
        ))
    }
}
