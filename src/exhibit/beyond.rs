//! The blades of RULES.md §11–§13 and §16 as exhibit tables: Bastion hosts, private endpoints,
//! PaaS networking (the storage firewall), service endpoints, point-to-site clients and role
//! assignments. Kept apart from the chapter's tables so that their columns never move when
//! these grow. Words as the portal shows them ("Enabled from selected virtual networks and IP
//! addresses", "Approved").

use super::tables::{NONE, cell, join, on};
use crate::model::{BASTION_SUBNET, PublicAccess, Topology};

pub const BASTIONS: &[&str] = &[
    "Bastion",
    "VNet",
    "Tier",
    "IP-based connection",
    "Subnet",
    "Subnet prefix",
    "Subnet NSG",
];

pub fn bastions(t: &Topology) -> Vec<Vec<String>> {
    t.bastions
        .iter()
        .map(|b| {
            // The Developer tier has no subnet of its own (FORMAT.md §1b).
            let sub = t.vnet(&b.vnet).and_then(|v| v.subnet(BASTION_SUBNET));
            vec![
                b.name.clone(),
                b.vnet.clone(),
                b.sku.as_str().to_string(),
                on(b.ip_based_connection),
                sub.map_or(NONE.to_string(), |s| s.name.clone()),
                sub.map_or(NONE.to_string(), |s| s.prefix.to_string()),
                cell(sub.and_then(|s| s.nsg.clone()).unwrap_or_default()),
            ]
        })
        .collect()
}

pub const PRIVATE_ENDPOINTS: &[&str] = &[
    "Private endpoint",
    "VNet",
    "Subnet",
    "Private IP",
    "Resource",
    "Connection state",
    "Subnet network policies",
];

pub fn private_endpoints(t: &Topology) -> Vec<Vec<String>> {
    t.private_endpoints
        .iter()
        .map(|pe| {
            let policies = t
                .vnet(&pe.vnet)
                .and_then(|v| v.subnet(&pe.subnet))
                .map_or(NONE.to_string(), |s| {
                    s.private_endpoint_network_policies.as_str().to_string()
                });
            vec![
                pe.name.clone(),
                pe.vnet.clone(),
                pe.subnet.clone(),
                pe.ip.to_string(),
                pe.resource.clone(),
                if pe.approved { "Approved" } else { "Pending" }.to_string(),
                policies,
            ]
        })
        .collect()
}

pub const PAAS: &[&str] = &[
    "Resource",
    "Service",
    "Endpoint",
    "Public IP",
    "Region",
    "Public network access",
    "Firewall rule",
];

/// The portal's words for the storage account's "Public network access" setting.
fn access_label(a: PublicAccess) -> &'static str {
    match a {
        PublicAccess::Enabled => "Enabled from all networks",
        PublicAccess::Disabled => "Disabled",
        PublicAccess::Selected => "Enabled from selected virtual networks and IP addresses",
    }
}

/// One row per firewall rule (an IP range or an allowed subnet); a resource without rules
/// keeps one row. Rules are shown even when public access ignores them: the portal keeps them.
pub fn paas(t: &Topology, only: Option<&str>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for p in t.paas.iter().filter(|p| only.is_none_or(|n| p.name == n)) {
        let head = [
            p.name.clone(),
            p.service.clone(),
            p.fqdn.clone(),
            p.public_ip.to_string(),
            p.region.clone(),
            access_label(p.public_access).to_string(),
        ];
        let rules: Vec<String> = p
            .ip_rules
            .iter()
            .map(|r| format!("IP range {r}"))
            .chain(p.vnet_rules.iter().map(|r| format!("Subnet {r}")))
            .collect();
        if rules.is_empty() {
            let mut r = head.to_vec();
            r.push("(no rules)".to_string());
            rows.push(r);
        }
        for rule in rules {
            let mut r = head.to_vec();
            r.push(rule);
            rows.push(r);
        }
    }
    rows
}

pub const SERVICE_ENDPOINTS: &[&str] = &["VNet", "Subnet", "Subnet prefix", "Service endpoints"];

/// Every subnet, so that a subnet without the endpoint is as visible as one with it (the
/// question is often which subnet lacks it).
pub fn service_endpoints(t: &Topology) -> Vec<Vec<String>> {
    t.vnets
        .iter()
        .flat_map(|v| {
            v.subnets.iter().map(move |s| {
                vec![
                    v.name.clone(),
                    s.name.clone(),
                    s.prefix.to_string(),
                    join(&s.service_endpoints),
                ]
            })
        })
        .collect()
}

pub const P2S: &[&str] = &[
    "Gateway VNet",
    "Address pool",
    "Client",
    "Client IP",
    "OS",
    "VPN client profile",
];

pub fn p2s(t: &Topology) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for v in &t.vnets {
        let Some(pool) = v.gateway.as_ref().and_then(|g| g.p2s_pool) else {
            continue;
        };
        let head = [v.name.clone(), pool.to_string()];
        let clients: Vec<_> = t
            .p2s_clients
            .iter()
            .filter(|c| c.gateway_vnet == v.name)
            .collect();
        if clients.is_empty() {
            let mut r = head.to_vec();
            r.extend(std::iter::repeat_n(NONE.to_string(), 4));
            rows.push(r);
        }
        for c in clients {
            let mut r = head.to_vec();
            r.extend([
                c.name.clone(),
                c.ip.to_string(),
                match c.os {
                    crate::model::ClientOs::Windows => "Windows",
                    crate::model::ClientOs::Other => "Other",
                }
                .to_string(),
                match &c.profile_downloaded {
                    Some(day) => format!("Downloaded {day}"),
                    None if c.profile_current => {
                        "Downloaded after the last peering change".to_string()
                    }
                    None => "Downloaded before the last peering change".to_string(),
                },
            ]);
            rows.push(r);
        }
    }
    // Clients of a VNet without a pool (check reports them): still listed.
    for c in t.p2s_clients.iter().filter(|c| {
        t.vnet(&c.gateway_vnet)
            .and_then(|v| v.gateway.as_ref())
            .and_then(|g| g.p2s_pool)
            .is_none()
    }) {
        rows.push(vec![
            c.gateway_vnet.clone(),
            NONE.to_string(),
            c.name.clone(),
            c.ip.to_string(),
            NONE.to_string(),
            NONE.to_string(),
        ]);
    }
    rows
}

pub const ROLES: &[&str] = &["User", "Tenant", "Guest in", "Role", "Scope"];

pub fn roles(t: &Topology) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for u in &t.users {
        let head = [u.name.clone(), u.tenant.clone(), join(&u.guest_in)];
        if u.roles.is_empty() {
            let mut r = head.to_vec();
            r.extend(["(no roles)".to_string(), NONE.to_string()]);
            rows.push(r);
        }
        for a in &u.roles {
            let mut r = head.to_vec();
            r.extend([a.role.as_str().to_string(), a.scope.clone()]);
            rows.push(r);
        }
    }
    rows
}
