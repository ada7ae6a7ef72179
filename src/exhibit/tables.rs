//! One function per portal blade: a topology's settings as the rows an Azure administrator
//! reads in the portal, with the portal's words ("Virtual appliance", "Enabled", "Any").
//! Rejected peerings are left out: Azure never created them, so the portal lists none.

use super::Table;
use super::beyond;
use super::select::Selector;
use crate::eval::default_rules;
use crate::model::{
    Access, AddressMatch, Direction, DnsSetting, GatewayKind, NsgRule, PeeringVerdict, PortSet,
    Protocol, Topology, UdrNextHop, create_peerings,
};

/// An empty cell, as the portal shows one.
pub const NONE: &str = "-";

pub fn table(t: &Topology, s: &Selector) -> Table {
    let (title, columns, rows) = match s {
        Selector::Vnets => ("Virtual networks".to_string(), VNETS, vnets(t)),
        Selector::Peerings => ("Peerings".to_string(), PEERINGS, peerings(t)),
        Selector::Routes(name) => (
            match name {
                Some(n) => format!("Route table {n}"),
                None => "Route tables".to_string(),
            },
            ROUTES,
            routes(t, name.as_deref()),
        ),
        Selector::Nsgs { name, defaults } => (
            match name {
                Some(n) => format!("NSG {n}"),
                None => "Network security groups".to_string(),
            } + if *defaults {
                " (with default rules)"
            } else {
                ""
            },
            NSGS,
            nsgs(t, name.as_deref(), *defaults),
        ),
        Selector::Gateways => ("Gateways and sites".to_string(), GATEWAYS, gateways(t)),
        Selector::Firewalls(name) => (
            match name {
                Some(n) => format!("Firewall {n}"),
                None => "Firewalls".to_string(),
            },
            FIREWALLS,
            firewalls(t, name.as_deref()),
        ),
        Selector::Vms => ("Virtual machines".to_string(), VMS, vms(t)),
        Selector::Dns(name) => (
            match name {
                Some(n) => format!("Private DNS zone {n}"),
                None => "Private DNS zones".to_string(),
            },
            DNS,
            dns(t, name.as_deref()),
        ),
        Selector::Bastions => (
            "Bastion hosts".to_string(),
            beyond::BASTIONS,
            beyond::bastions(t),
        ),
        Selector::PrivateEndpoints => (
            "Private endpoints".to_string(),
            beyond::PRIVATE_ENDPOINTS,
            beyond::private_endpoints(t),
        ),
        Selector::Paas(name) => (
            match name {
                Some(n) => format!("Networking of {n}"),
                None => "PaaS networking".to_string(),
            },
            beyond::PAAS,
            beyond::paas(t, name.as_deref()),
        ),
        Selector::ServiceEndpoints => (
            "Service endpoints".to_string(),
            beyond::SERVICE_ENDPOINTS,
            beyond::service_endpoints(t),
        ),
        Selector::P2s => ("Point-to-site".to_string(), beyond::P2S, beyond::p2s(t)),
        Selector::Roles => (
            "Role assignments".to_string(),
            beyond::ROLES,
            beyond::roles(t),
        ),
    };
    let mut columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let mut rows = rows;
    if matches!(s, Selector::Peerings) {
        sync_column(t, &mut columns, &mut rows);
    }
    if matches!(s, Selector::Vms) && !t.asgs.is_empty() {
        asg_column(t, &mut columns, &mut rows);
    }
    Table {
        title,
        selector: s.to_string(),
        columns,
        rows,
    }
}

/// RULES.md §14: once a peered VNet's address space changed, the portal lists each side's
/// peering sync status. The column is added only when some listed side is not `FullyInSync`,
/// so the exhibit of a network that never resized reads as before.
fn sync_column(t: &Topology, columns: &mut Vec<String>, rows: &mut [Vec<String>]) {
    let levels: Vec<&str> = rows
        .iter()
        .map(|r| {
            t.peerings
                .iter()
                .find(|p| p.vnet == r[0] && p.name == r[1])
                .map_or("FullyInSync", |p| crate::model::sync::level(t, p))
        })
        .collect();
    if levels.iter().all(|l| *l == "FullyInSync") {
        return;
    }
    columns.push(SYNC_COLUMN.to_string());
    for (r, l) in rows.iter_mut().zip(levels) {
        r.push(l.to_string());
    }
}

/// RULES.md §10: with application security groups in the network, the VMs table shows each
/// NIC's memberships (the portal's "Application security groups" of a network interface), so an
/// item about a rule naming an ASG can be answered from the exhibit. Rows are VMs first, in file
/// order, then site hosts (`-`).
fn asg_column(t: &Topology, columns: &mut Vec<String>, rows: &mut [Vec<String>]) {
    columns.push(ASG_COLUMN.to_string());
    for (i, r) in rows.iter_mut().enumerate() {
        r.push(match t.vms.get(i) {
            Some(v) => join(&v.asgs),
            None => NONE.to_string(),
        });
    }
}

/// The title of the column [`asg_column`] adds.
pub const ASG_COLUMN: &str = "Application security groups";

/// The title of the column [`sync_column`] adds.
pub const SYNC_COLUMN: &str = "Peering sync status";

pub(super) fn cell(s: impl Into<String>) -> String {
    let s = s.into();
    if s.is_empty() { NONE.to_string() } else { s }
}

pub(super) fn join<T: ToString>(items: &[T]) -> String {
    cell(
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

pub(super) fn on(b: bool) -> String {
    if b { "Enabled" } else { "Disabled" }.to_string()
}

fn yes(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

pub const VNETS: &[&str] = &[
    "VNet",
    "Address space",
    "Region",
    "DNS servers",
    "Subnet",
    "Subnet prefix",
    "Route table / NSG",
];

fn vnets(t: &Topology) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for v in &t.vnets {
        let dns = match &v.dns {
            DnsSetting::Azure => "Default (Azure-provided)".to_string(),
            DnsSetting::Server(vm) => match t.vm(vm) {
                Some(m) => format!("Custom: {}", m.ip),
                None => format!("Custom: {vm}"),
            },
        };
        let head = [
            v.name.clone(),
            join(&v.address_space),
            v.region.clone(),
            dns,
        ];
        if v.subnets.is_empty() {
            let mut r = head.to_vec();
            r.extend([NONE.to_string(), NONE.to_string(), NONE.to_string()]);
            rows.push(r);
        }
        for s in &v.subnets {
            let attached: Vec<&str> = [s.route_table.as_deref(), s.nsg.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let mut r = head.to_vec();
            r.extend([s.name.clone(), s.prefix.to_string(), join(&attached)]);
            rows.push(r);
        }
    }
    rows
}

pub const PEERINGS: &[&str] = &[
    "VNet",
    "Peering",
    "Status",
    "Remote VNet",
    "Access to remote VNet",
    "Forwarded traffic",
    "Gateway transit",
    "Use remote gateways",
];

fn peerings(t: &Topology) -> Vec<Vec<String>> {
    t.peerings
        .iter()
        .zip(create_peerings(t))
        .filter_map(|(p, v)| match v {
            PeeringVerdict::Rejected { .. } => None,
            PeeringVerdict::Exists(state) => Some(vec![
                p.vnet.clone(),
                p.name.clone(),
                state.as_str().to_string(),
                p.remote.clone(),
                on(p.allow_virtual_network_access),
                on(p.allow_forwarded_traffic),
                on(p.allow_gateway_transit),
                on(p.use_remote_gateways),
            ]),
        })
        .collect()
}

pub const ROUTES: &[&str] = &[
    "Route table",
    "Subnets",
    "Route",
    "Address prefix",
    "Next hop type",
    "Next hop IP",
    "Propagate gateway routes",
];

/// The portal's label of a next hop type.
pub fn next_hop_label(h: UdrNextHop) -> &'static str {
    match h {
        UdrNextHop::VirtualAppliance => "Virtual appliance",
        UdrNextHop::VirtualNetworkGateway => "Virtual network gateway",
        UdrNextHop::VnetLocal => "Virtual network",
        UdrNextHop::Internet => "Internet",
        UdrNextHop::None => "None",
    }
}

/// `vnet/subnet` of every subnet that has `pick` set to `name`.
fn subnets_with(
    t: &Topology,
    name: &str,
    pick: fn(&crate::model::Subnet) -> Option<&str>,
) -> Vec<String> {
    t.vnets
        .iter()
        .flat_map(|v| {
            v.subnets
                .iter()
                .filter(|s| pick(s) == Some(name))
                .map(move |s| format!("{}/{}", v.name, s.name))
        })
        .collect()
}

fn routes(t: &Topology, only: Option<&str>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for rt in t
        .route_tables
        .iter()
        .filter(|r| only.is_none_or(|n| r.name == n))
    {
        let subnets = join(&subnets_with(t, &rt.name, |s| s.route_table.as_deref()));
        let prop = yes(rt.propagate_gateway_routes);
        if rt.routes.is_empty() {
            rows.push(vec![
                rt.name.clone(),
                subnets.clone(),
                "(no routes)".to_string(),
                NONE.to_string(),
                NONE.to_string(),
                NONE.to_string(),
                prop.clone(),
            ]);
        }
        for r in &rt.routes {
            rows.push(vec![
                rt.name.clone(),
                subnets.clone(),
                r.name.clone(),
                r.prefix.to_string(),
                next_hop_label(r.next_hop).to_string(),
                r.next_hop_ip.map_or(NONE.to_string(), |ip| ip.to_string()),
                prop.clone(),
            ]);
        }
    }
    rows
}

pub const NSGS: &[&str] = &[
    "NSG",
    "Attached to",
    "Direction",
    "Priority",
    "Name",
    "Port",
    "Protocol",
    "Source",
    "Destination",
    "Action",
];

fn any_word(s: String) -> String {
    if s == "*" { "Any".to_string() } else { s }
}

fn protocol_label(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Icmp => "ICMP",
        Protocol::Any => "Any",
    }
}

fn address(a: &AddressMatch) -> String {
    any_word(a.to_string())
}

fn ports(p: &PortSet) -> String {
    any_word(p.to_string())
}

fn nsgs(t: &Topology, only: Option<&str>, defaults: bool) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for n in t.nsgs.iter().filter(|n| only.is_none_or(|x| n.name == x)) {
        let mut attached = subnets_with(t, &n.name, |s| s.nsg.as_deref());
        attached.extend(
            t.vms
                .iter()
                .filter(|v| v.nsg.as_deref() == Some(n.name.as_str()))
                .map(|v| format!("{} (NIC)", v.name)),
        );
        let attached = join(&attached);
        // As the portal lists them: inbound then outbound, each by priority, the defaults
        // (65000 and up) under the custom rules of their direction.
        let mut rules: Vec<&NsgRule> = n.rules.iter().collect();
        if defaults {
            rules.extend(default_rules());
        }
        rules.sort_by_key(|r| (r.direction == Direction::Outbound, r.priority));
        if rules.is_empty() {
            let mut r = vec![n.name.clone(), attached.clone()];
            r.extend([NONE.to_string(), NONE.to_string()]);
            r.push("(no custom rules)".to_string());
            r.extend(std::iter::repeat_n(NONE.to_string(), 5));
            rows.push(r);
        }
        for r in rules {
            rows.push(vec![
                n.name.clone(),
                attached.clone(),
                match r.direction {
                    Direction::Inbound => "Inbound",
                    Direction::Outbound => "Outbound",
                }
                .to_string(),
                r.priority.to_string(),
                r.name.clone(),
                ports(&r.destination_ports),
                protocol_label(r.protocol).to_string(),
                address(&r.source),
                address(&r.destination),
                match r.access {
                    Access::Allow => "Allow",
                    Access::Deny => "Deny",
                }
                .to_string(),
            ]);
        }
    }
    rows
}

pub const GATEWAYS: &[&str] = &[
    "VNet",
    "Gateway type",
    "SKU",
    "Site",
    "Site prefixes",
    "BGP",
    "Static routes",
];

fn gateways(t: &Topology) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let site_cells = |name: &str| -> [String; 4] {
        match t.site(name) {
            Some(s) => [
                s.name.clone(),
                join(&s.prefixes),
                on(s.bgp),
                join(&s.static_routes),
            ],
            None => [
                name.to_string(),
                NONE.to_string(),
                NONE.to_string(),
                NONE.to_string(),
            ],
        }
    };
    for v in &t.vnets {
        let Some(g) = &v.gateway else { continue };
        let head = [
            v.name.clone(),
            match g.kind {
                GatewayKind::Vpn => "VPN",
                GatewayKind::ExpressRoute => "ExpressRoute",
            }
            .to_string(),
            g.sku.clone(),
        ];
        if g.sites.is_empty() {
            let mut r = head.to_vec();
            r.extend(std::iter::repeat_n(NONE.to_string(), 4));
            rows.push(r);
        }
        for s in &g.sites {
            let mut r = head.to_vec();
            r.extend(site_cells(s));
            rows.push(r);
        }
    }
    // Sites no gateway connects: the learner must see them too (a missing connection).
    for s in &t.sites {
        let connected = t
            .vnets
            .iter()
            .filter_map(|v| v.gateway.as_ref())
            .any(|g| g.sites.contains(&s.name));
        if !connected {
            let mut r = vec![NONE.to_string(), NONE.to_string(), NONE.to_string()];
            r.extend(site_cells(&s.name));
            rows.push(r);
        }
    }
    rows
}

pub const FIREWALLS: &[&str] = &[
    "Firewall",
    "VNet",
    "Private IP",
    "Order",
    "Rule",
    "Action",
    "Protocol",
    "Source",
    "Destination",
    "Ports",
];

fn firewalls(t: &Topology, only: Option<&str>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for f in t
        .firewalls
        .iter()
        .filter(|f| only.is_none_or(|n| f.name == n))
    {
        let head = [f.name.clone(), f.vnet.clone(), f.ip.to_string()];
        if f.rules.is_empty() {
            let mut r = head.to_vec();
            r.push(NONE.to_string());
            r.push("(no rules)".to_string());
            r.extend(std::iter::repeat_n(NONE.to_string(), 5));
            rows.push(r);
        }
        for (i, rule) in f.rules.iter().enumerate() {
            let mut r = head.to_vec();
            r.extend([
                (i + 1).to_string(),
                rule.name.clone(),
                match rule.action {
                    Access::Allow => "Allow",
                    Access::Deny => "Deny",
                }
                .to_string(),
                protocol_label(rule.protocol).to_string(),
                join(&rule.source),
                join(&rule.destination),
                ports(&rule.ports),
            ]);
            rows.push(r);
        }
    }
    rows
}

pub const VMS: &[&str] = &[
    "VM",
    "Network",
    "Subnet",
    "Private IP",
    "NIC NSG",
    "IP forwarding",
    "Role",
];

fn vms(t: &Topology) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = t
        .vms
        .iter()
        .map(|v| {
            let role: Vec<&str> = [
                v.forwards.then_some("routes packets (NVA)"),
                v.dns_server.then_some("DNS server"),
            ]
            .into_iter()
            .flatten()
            .collect();
            vec![
                v.name.clone(),
                v.vnet.clone(),
                v.subnet.clone(),
                v.ip.to_string(),
                cell(v.nsg.clone().unwrap_or_default()),
                on(v.ip_forwarding),
                join(&role),
            ]
        })
        .collect();
    for s in &t.sites {
        for h in &s.hosts {
            rows.push(vec![
                h.name.clone(),
                format!("{} (site)", s.name),
                NONE.to_string(),
                h.ip.to_string(),
                NONE.to_string(),
                NONE.to_string(),
                NONE.to_string(),
            ]);
        }
    }
    rows
}

pub const DNS: &[&str] = &["Zone", "Record", "Type", "IP address", "Linked VNets"];

fn dns(t: &Topology, only: Option<&str>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for z in t
        .dns_zones
        .iter()
        .filter(|z| only.is_none_or(|n| z.name == n))
    {
        let links = join(&z.links);
        if z.records.is_empty() {
            rows.push(vec![
                z.name.clone(),
                "(no records)".to_string(),
                NONE.to_string(),
                NONE.to_string(),
                links.clone(),
            ]);
        }
        for (name, ip) in &z.records {
            rows.push(vec![
                z.name.clone(),
                name.clone(),
                "A".to_string(),
                ip.to_string(),
                links.clone(),
            ]);
        }
    }
    rows
}
