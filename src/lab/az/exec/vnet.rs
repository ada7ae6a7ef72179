//! `az network vnet` and `az network vnet subnet`.

use super::{Change, Ctx, Plan, Show, leaf, plan, same};
use crate::lab::az::json;
use crate::lab::az::{Args, AzError};
use crate::model::{DnsSetting, Edit, Pos, Subnet, Vnet, value::parse_cidr};
use ipnet::Ipv4Net;
use serde_json::Value;

fn arg<'a>(a: &'a Args, long: &str) -> &'a str {
    a.get(long).unwrap_or_default()
}

fn cidrs(list: &[&str], what: &str) -> Result<Vec<Ipv4Net>, AzError> {
    list.iter()
        .map(|p| parse_cidr(p).map_err(|e| AzError(format!("argument {what}: {e}"))))
        .collect()
}

pub fn list(ctx: &Ctx) -> Result<Plan, AzError> {
    let net = ctx.net();
    Ok(Plan::read(Value::Array(
        ctx.t
            .vnets
            .iter()
            .map(|v| json::vnet(ctx.scope, &net, v))
            .collect(),
    )))
}

pub fn show(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let v = ctx.vnet(arg(a, "name"))?;
    Ok(Plan::read(json::vnet(ctx.scope, &ctx.net(), v)))
}

pub fn create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let name = arg(a, "name");
    if ctx.t.vnets.iter().any(|v| same(&v.name, name)) {
        return Err(AzError(format!(
            "A virtual network named '{name}' already exists in resource group '{}'; change it with `az network vnet update`.",
            ctx.scope.resource_group
        )));
    }
    // az's defaults: 10.0.0.0/16 for the VNet, 10.0.0.0/24 for a subnet named without prefixes.
    let mut space = cidrs(&a.list("address-prefixes"), "--address-prefixes")?;
    if space.is_empty() {
        space = cidrs(&["10.0.0.0/16"], "--address-prefixes")?;
    }
    let mut subnets = Vec::new();
    if let Some(sn) = a.get("subnet-name") {
        let mut p = cidrs(&a.list("subnet-prefixes"), "--subnet-prefixes")?;
        if p.is_empty() {
            p = cidrs(&["10.0.0.0/24"], "--subnet-prefixes")?;
        }
        subnets.push(Subnet {
            name: sn.to_string(),
            prefix: p[0],
            route_table: None,
            nsg: None,
            pos: Pos::default(),
            ..Default::default()
        });
    }
    let v = Vnet {
        name: name.to_string(),
        address_space: space,
        region: a
            .get("location")
            .unwrap_or(crate::model::DEFAULT_REGION)
            .to_string(),
        dns: DnsSetting::Azure,
        subnets,
        gateway: None,
        pos: Pos::default(),
        ..Default::default()
    };
    plan(
        ctx,
        vec![Change::AddVnet(v)],
        Show::Vnet {
            name: name.to_string(),
            wrap: Some("newVNet"),
        },
    )
}

pub fn update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let v = ctx.vnet(arg(a, "name"))?;
    let show = Show::Vnet {
        name: v.name.clone(),
        wrap: None,
    };
    if !a.has("address-prefixes") {
        return plan(ctx, Vec::new(), show);
    }
    let prefixes = cidrs(&a.list("address-prefixes"), "--address-prefixes")?;
    // "If a subnet exists in the address range, you can't remove the address range."
    // (Learn, "Update the address space for a peered virtual network", RULES.md §14)
    for sn in &v.subnets {
        if !prefixes.iter().any(|p| p.contains(&sn.prefix)) {
            return Err(AzError(format!(
                "Subnet '{}' ({}) is not inside the new address space of virtual network '{}'; a range that holds a subnet cannot be removed.",
                sn.name, sn.prefix, v.name
            )));
        }
    }
    // Every side pointing at this VNet keeps the space it knew until it is synced (§14).
    let mut changes = Vec::new();
    if prefixes != v.address_space {
        for (i, p) in ctx.t.peerings.iter().enumerate() {
            if p.remote == v.name && p.remote_space_cached.is_none() {
                changes.push(Change::SetRemoteCacheAt {
                    index: i,
                    cache: Some(v.address_space.clone()),
                });
            }
        }
    }
    changes.insert(
        0,
        Change::SetAddressSpace {
            vnet: v.name.clone(),
            prefixes,
        },
    );
    let next = plan(ctx, changes, show)?;
    super::peering::refuse_new_rejections(ctx, next, None)
}

fn subnet_of<'t>(ctx: &Ctx<'t>, a: &Args) -> Result<(&'t Vnet, &'t Subnet), AzError> {
    let v = ctx.vnet(arg(a, "vnet-name"))?;
    let name = arg(a, "name");
    let sn = v
        .subnets
        .iter()
        .find(|s| same(&s.name, name))
        .ok_or_else(|| ctx.not_found(&format!("virtualNetworks/{}/subnets", v.name), name))?;
    Ok((v, sn))
}

pub fn subnet_show(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (v, sn) = subnet_of(ctx, a)?;
    Ok(Plan::read(json::subnet(ctx.scope, &v.name, sn)))
}

pub fn subnet_list(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let v = ctx.vnet(arg(a, "vnet-name"))?;
    Ok(Plan::read(Value::Array(
        v.subnets
            .iter()
            .map(|sn| json::subnet(ctx.scope, &v.name, sn))
            .collect(),
    )))
}

/// A route table or NSG named (or given by ID) in an association argument; `""` detaches.
fn assoc(ctx: &Ctx, a: &Args, long: &str) -> Result<Option<Option<String>>, AzError> {
    let Some(raw) = a.get(long) else {
        return Ok(None);
    };
    if raw.is_empty() {
        return Ok(Some(None));
    }
    let name = leaf(raw);
    let found = if long == "route-table" {
        ctx.t
            .route_tables
            .iter()
            .find(|r| same(&r.name, name))
            .map(|r| r.name.clone())
            .ok_or_else(|| ctx.not_found("routeTables", name))?
    } else {
        ctx.t
            .nsgs
            .iter()
            .find(|n| same(&n.name, name))
            .map(|n| n.name.clone())
            .ok_or_else(|| ctx.not_found("networkSecurityGroups", name))?
    };
    Ok(Some(Some(found)))
}

pub fn subnet_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let v = ctx.vnet(arg(a, "vnet-name"))?;
    let name = arg(a, "name");
    if v.subnets.iter().any(|s| same(&s.name, name)) {
        return Err(AzError(format!(
            "Subnet '{name}' already exists in virtual network '{}'; change it with `az network vnet subnet update`.",
            v.name
        )));
    }
    let prefixes = cidrs(&a.list("address-prefixes"), "--address-prefixes")?;
    let [prefix] = prefixes[..] else {
        return Err(AzError::new(
            "peerlab models one address prefix per subnet; give one to --address-prefixes",
        ));
    };
    let subnet = Subnet {
        name: name.to_string(),
        prefix,
        route_table: assoc(ctx, a, "route-table")?.flatten(),
        nsg: assoc(ctx, a, "network-security-group")?.flatten(),
        pos: Pos::default(),
        ..Default::default()
    };
    plan(
        ctx,
        vec![Change::AddSubnet {
            vnet: v.name.clone(),
            subnet,
        }],
        Show::Subnet {
            vnet: v.name.clone(),
            name: name.to_string(),
        },
    )
}

pub fn subnet_update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (v, sn) = subnet_of(ctx, a)?;
    let route_table = assoc(ctx, a, "route-table")?;
    let nsg = assoc(ctx, a, "network-security-group")?;
    let mut changes = if route_table.is_none() && nsg.is_none() {
        Vec::new()
    } else {
        vec![Change::Edit(Edit::SetSubnet {
            vnet: v.name.clone(),
            subnet: sn.name.clone(),
            route_table,
            nsg,
        })]
    };
    // `--service-endpoints` replaces the list; `""` empties it (az's convention for lists).
    let service_endpoints = a.has("service-endpoints").then(|| {
        a.list("service-endpoints")
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let policies = a
        .get("private-endpoint-network-policies")
        .map(|p| crate::model::PeNetworkPolicies::parse(p).map_err(AzError))
        .transpose()?;
    if service_endpoints.is_some() || policies.is_some() {
        changes.push(Change::SetSubnetServices {
            vnet: v.name.clone(),
            subnet: sn.name.clone(),
            service_endpoints,
            policies,
        });
    }
    plan(
        ctx,
        changes,
        Show::Subnet {
            vnet: v.name.clone(),
            name: sn.name.clone(),
        },
    )
}
