//! Bastion, private endpoints and the storage account firewall (issue 15; RULES.md §11–§13).
//! Each command adds one model resource, so the evaluator's rules for it apply at once; the
//! JSON printed follows the documented shapes of `az network bastion show`,
//! `az network private-endpoint show` and the storage account's `networkRuleSet` (Azure/aaz
//! and the Azure CLI reference), with the fields the model has.

use super::{Change, Ctx, Plan, Show, leaf, plan, same};
use crate::lab::az::json::{ETAG, Scope};
use crate::lab::az::{Args, AzError};
use crate::model::{
    BASTION_SUBNET, Bastion, BastionSku, Paas, Pos, PrivateEndpoint, PublicAccess, Topology,
    VnetRule, value::parse_cidr,
};
use ipnet::Ipv4Net;
use serde_json::{Value, json};
use std::net::Ipv4Addr;

fn arg<'a>(a: &'a Args, long: &str) -> &'a str {
    a.get(long).unwrap_or_default()
}

fn storage_id(s: &Scope, name: &str) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Storage/storageAccounts/{name}",
        s.subscription, s.resource_group
    )
}

fn paas<'t>(ctx: &Ctx<'t>, name_or_id: &str) -> Result<&'t Paas, AzError> {
    let name = leaf(name_or_id);
    ctx.t.paas.iter().find(|p| same(&p.name, name)).ok_or_else(|| {
        AzError(format!(
            "The Resource 'Microsoft.Storage/storageAccounts/{name}' under resource group '{}' was not found.",
            ctx.scope.resource_group
        ))
    })
}

pub fn bastion_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let v = ctx.vnet(arg(a, "vnet-name"))?;
    let name = arg(a, "name");
    if ctx.t.bastions.iter().any(|b| same(&b.name, name)) {
        return Err(AzError(format!(
            "A Bastion host named '{name}' already exists in resource group '{}'.",
            ctx.scope.resource_group
        )));
    }
    // Learn, "Deploy Bastion using Azure CLI": the host goes into a subnet named
    // AzureBastionSubnet (/26 or larger) that must exist first.
    if v.subnet(BASTION_SUBNET).is_none() {
        return Err(AzError(format!(
            "The virtual network '{}' has no subnet named {BASTION_SUBNET}. Bastion is deployed into that subnet (/26 or larger); create it first with `az network vnet subnet create`.",
            v.name
        )));
    }
    // az's default SKU is Standard (Azure CLI reference, `az network bastion create --sku`).
    let sku = BastionSku::parse(a.get("sku").unwrap_or("Standard")).map_err(AzError)?;
    let ip_connect = a.flag("enable-ip-connect").unwrap_or(false);
    if ip_connect && !sku.has_ip_connect() {
        return Err(AzError(format!(
            "IP-based connection requires the Standard or Premium SKU; '{}' does not have it.",
            sku.as_str()
        )));
    }
    let b = Bastion {
        name: name.to_string(),
        vnet: v.name.clone(),
        sku,
        ip_based_connection: ip_connect,
        ip: None,
        pos: Pos::default(),
    };
    let shown = bastion_json(ctx.scope, ctx.t, &b, a.get("public-ip-address"));
    plan(ctx, vec![Change::AddBastion(b)], Show::Value(shown))
}

fn bastion_json(s: &Scope, t: &Topology, b: &Bastion, pip: Option<&str>) -> Value {
    let region = t.vnet(&b.vnet).map_or("", |v| v.region.as_str());
    let mut ipconf = json!({
        "name": "bastion_ip_config",
        "privateIPAllocationMethod": "Dynamic",
        "provisioningState": "Succeeded",
        "resourceGroup": s.resource_group,
        "subnet": s.reference(s.subnet_id(&b.vnet, BASTION_SUBNET)),
    });
    if let Some(p) = pip {
        ipconf["publicIPAddress"] = s.reference(s.id(&format!("publicIPAddresses/{}", leaf(p))));
    }
    json!({
        "disableCopyPaste": false,
        "enableIpConnect": b.ip_based_connection,
        "enableTunneling": false,
        "etag": ETAG,
        "id": s.id(&format!("bastionHosts/{}", b.name)),
        "ipConfigurations": if b.sku == BastionSku::Developer { json!([]) } else { json!([ipconf]) },
        "location": region,
        "name": b.name,
        "provisioningState": "Succeeded",
        "resourceGroup": s.resource_group,
        "scaleUnits": 2,
        "sku": { "name": b.sku.as_str() },
        "type": "Microsoft.Network/bastionHosts",
    })
}

/// The first address of the subnet no VM, firewall, endpoint or Bastion holds, after the
/// five Azure reserves (Learn, "Azure Virtual Network FAQ": the first four and the last).
fn free_ip(t: &Topology, prefix: Ipv4Net) -> Option<Ipv4Addr> {
    let mut used: Vec<Ipv4Addr> = t.vms.iter().map(|v| v.ip).collect();
    used.extend(t.firewalls.iter().map(|f| f.ip));
    used.extend(t.private_endpoints.iter().map(|e| e.ip));
    used.extend(t.bastions.iter().filter_map(|b| t.bastion_ip(b)));
    let first = u32::from(prefix.network()).saturating_add(4);
    let last = u32::from(prefix.broadcast()).saturating_sub(1);
    (first..=last)
        .map(Ipv4Addr::from)
        .find(|ip| !used.contains(ip))
}

pub fn endpoint_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let subnet_arg = arg(a, "subnet");
    let (vnet_name, subnet_name) = if subnet_arg.starts_with('/') {
        let parts: Vec<&str> = subnet_arg.trim_matches('/').split('/').collect();
        let after = |seg: &str| {
            parts
                .iter()
                .position(|p| p.eq_ignore_ascii_case(seg))
                .and_then(|i| parts.get(i + 1).copied())
        };
        match (after("virtualNetworks"), after("subnets")) {
            (Some(v), Some(s)) => (v.to_string(), s.to_string()),
            _ => {
                return Err(AzError(format!(
                    "argument --subnet: invalid ResourceId value: '{subnet_arg}'"
                )));
            }
        }
    } else {
        match a.get("vnet-name") {
            Some(v) => (v.to_string(), subnet_arg.to_string()),
            None => {
                return Err(AzError::new(
                    "usage error: --subnet ID | --subnet NAME --vnet-name NAME",
                ));
            }
        }
    };
    let v = ctx.vnet(&vnet_name)?;
    let sn = v
        .subnets
        .iter()
        .find(|s| same(&s.name, &subnet_name))
        .ok_or_else(|| {
            ctx.not_found(&format!("virtualNetworks/{}/subnets", v.name), &subnet_name)
        })?;
    let target = paas(ctx, arg(a, "private-connection-resource-id"))?;
    let name = arg(a, "name");
    if ctx.t.private_endpoints.iter().any(|e| same(&e.name, name)) {
        return Err(AzError(format!(
            "A private endpoint named '{name}' already exists in resource group '{}'.",
            ctx.scope.resource_group
        )));
    }
    let ip = free_ip(ctx.t, sn.prefix).ok_or_else(|| {
        AzError(format!(
            "Subnet '{}' of virtual network '{}' has no free address left for the private endpoint.",
            sn.name, v.name
        ))
    })?;
    let manual = a.flag("manual-request").unwrap_or(false);
    let e = PrivateEndpoint {
        name: name.to_string(),
        vnet: v.name.clone(),
        subnet: sn.name.clone(),
        ip,
        resource: target.name.clone(),
        approved: !manual,
        pos: Pos::default(),
    };
    let s = ctx.scope;
    let connection = json!({
        "groupIds": a.list("group-id"),
        "name": arg(a, "connection-name"),
        "privateLinkServiceConnectionState": if manual {
            json!({ "actionsRequired": "None", "description": "", "status": "Pending" })
        } else {
            json!({ "actionsRequired": "None", "description": "Auto-Approved", "status": "Approved" })
        },
        "privateLinkServiceId": storage_id(s, &target.name),
        "provisioningState": "Succeeded",
        "resourceGroup": s.resource_group,
    });
    let (auto, manual_list) = if manual {
        (json!([]), json!([connection]))
    } else {
        (json!([connection]), json!([]))
    };
    let shown = json!({
        "customDnsConfigs": [{ "fqdn": target.fqdn, "ipAddresses": [ip.to_string()] }],
        "etag": ETAG,
        "id": s.id(&format!("privateEndpoints/{name}")),
        "location": v.region,
        "manualPrivateLinkServiceConnections": manual_list,
        "name": name,
        "networkInterfaces": [s.reference(s.id(&format!("networkInterfaces/{name}.nic")))],
        "privateLinkServiceConnections": auto,
        "provisioningState": "Succeeded",
        "resourceGroup": s.resource_group,
        "subnet": s.reference(s.subnet_id(&v.name, &sn.name)),
        "type": "Microsoft.Network/privateEndpoints",
    });
    plan(ctx, vec![Change::AddPrivateEndpoint(e)], Show::Value(shown))
}

/// The `networkRuleSet` az prints after a change of a storage account's firewall.
fn rule_set(s: &Scope, p: &Paas) -> Value {
    let ip_rules: Vec<Value> = p
        .ip_rules
        .iter()
        .map(|r| {
            // The portal and az show a single address without its /32.
            let shown = if r.prefix_len() == 32 {
                r.addr().to_string()
            } else {
                r.to_string()
            };
            json!({ "action": "Allow", "ipAddressOrRange": shown })
        })
        .collect();
    let vnet_rules: Vec<Value> = p
        .vnet_rules
        .iter()
        .map(|r| {
            json!({
                "action": "Allow",
                "state": "Succeeded",
                "virtualNetworkResourceId": s.subnet_id(&r.vnet, &r.subnet),
            })
        })
        .collect();
    json!({
        "bypass": "AzureServices",
        "defaultAction": if p.public_access == PublicAccess::Enabled { "Allow" } else { "Deny" },
        "ipRules": ip_rules,
        "resourceAccessRules": [],
        "virtualNetworkRules": vnet_rules,
    })
}

pub fn network_rule_add(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let p = paas(ctx, arg(a, "account-name"))?;
    let ip = match a.get("ip-address") {
        Some(raw) => {
            let text = if raw.contains('/') {
                raw.to_string()
            } else {
                format!("{raw}/32")
            };
            Some(parse_cidr(&text).map_err(|e| AzError(format!("argument --ip-address: {e}")))?)
        }
        None => None,
    };
    let subnet = match a.get("subnet") {
        None => None,
        Some(raw) if raw.starts_with('/') => {
            let parts: Vec<&str> = raw.trim_matches('/').split('/').collect();
            let after = |seg: &str| {
                parts
                    .iter()
                    .position(|x| x.eq_ignore_ascii_case(seg))
                    .and_then(|i| parts.get(i + 1).copied())
            };
            match (after("virtualNetworks"), after("subnets")) {
                (Some(v), Some(s)) => Some((v.to_string(), s.to_string())),
                _ => {
                    return Err(AzError(format!(
                        "argument --subnet: invalid ResourceId value: '{raw}'"
                    )));
                }
            }
        }
        // azure-cli's validate_subnet: a subnet name needs its VNet.
        Some(raw) => match a.get("vnet-name") {
            Some(v) => Some((v.to_string(), raw.to_string())),
            None => {
                return Err(AzError::new(
                    "incorrect usage: [--subnet ID | --subnet NAME --vnet-name NAME]",
                ));
            }
        },
    };
    if ip.is_none() && subnet.is_none() {
        return Err(AzError::new(
            "incorrect usage: [--subnet ID | --subnet NAME --vnet-name NAME | --ip-address IP]",
        ));
    }
    let subnet = match subnet {
        None => None,
        Some((vn, sn)) => {
            let v = ctx.vnet(&vn)?;
            let s = v
                .subnets
                .iter()
                .find(|s| same(&s.name, &sn))
                .ok_or_else(|| {
                    ctx.not_found(&format!("virtualNetworks/{}/subnets", v.name), &sn)
                })?;
            Some(VnetRule {
                vnet: v.name.clone(),
                subnet: s.name.clone(),
            })
        }
    };
    let changes = vec![Change::AddPaasRule {
        paas: p.name.clone(),
        ip,
        subnet,
    }];
    let next = crate::lab::change::apply_all(ctx.t, &changes).map_err(AzError)?;
    let shown = next
        .paas
        .iter()
        .find(|x| x.name == p.name)
        .map(|x| rule_set(ctx.scope, x))
        .unwrap_or(Value::Null);
    plan(ctx, changes, Show::Value(shown))
}
