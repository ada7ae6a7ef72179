//! `az network route-table` (with its routes) and `az network nsg` (with its rules).

use super::{Change, Ctx, Plan, Show, plan, same};
use crate::lab::az::json;
use crate::lab::az::{Args, AzError};
use crate::model::{
    Access, AddressMatch, Direction, Edit, NsgRule, PortSet, Pos, Protocol, Route, RouteTable,
    UdrNextHop,
    value::{parse_cidr, parse_ip},
};
use serde_json::Value;

fn arg<'a>(a: &'a Args, long: &str) -> &'a str {
    a.get(long).unwrap_or_default()
}

fn table<'t>(ctx: &Ctx<'t>, name: &str) -> Result<&'t RouteTable, AzError> {
    ctx.t
        .route_tables
        .iter()
        .find(|r| same(&r.name, name))
        .ok_or_else(|| ctx.not_found("routeTables", name))
}

pub fn table_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let name = arg(a, "name");
    if ctx.t.route_tables.iter().any(|r| same(&r.name, name)) {
        return Err(AzError(format!(
            "A route table named '{name}' already exists in resource group '{}'.",
            ctx.scope.resource_group
        )));
    }
    let mut changes = vec![Change::Edit(Edit::AddRouteTable(name.to_string()))];
    if a.flag("disable-bgp-route-propagation") == Some(true) {
        changes.push(Change::Edit(Edit::SetRouteTable {
            table: name.to_string(),
            propagate_gateway_routes: Some(false),
        }));
    }
    plan(ctx, changes, Show::RouteTable(name.to_string()))
}

pub fn table_show(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let rt = table(ctx, arg(a, "name"))?;
    Ok(Plan::read(json::route_table(ctx.scope, ctx.t, rt)))
}

pub fn table_update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let rt = table(ctx, arg(a, "name"))?;
    let changes = match a.flag("disable-bgp-route-propagation") {
        Some(off) => vec![Change::Edit(Edit::SetRouteTable {
            table: rt.name.clone(),
            propagate_gateway_routes: Some(!off),
        })],
        None => Vec::new(),
    };
    plan(ctx, changes, Show::RouteTable(rt.name.clone()))
}

pub fn route_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let rt = table(ctx, arg(a, "route-table-name"))?;
    let prefix = parse_cidr(arg(a, "address-prefix"))
        .map_err(|e| AzError(format!("argument --address-prefix: {e}")))?;
    let hop_name = arg(a, "next-hop-type");
    let next_hop = UdrNextHop::ALL
        .iter()
        .find(|(n, _)| *n == hop_name)
        .map(|(_, h)| *h)
        .unwrap_or(UdrNextHop::None);
    let next_hop_ip = a
        .get("next-hop-ip-address")
        .map(|ip| parse_ip(ip).map_err(|e| AzError(format!("argument --next-hop-ip-address: {e}"))))
        .transpose()?;
    if next_hop == UdrNextHop::VirtualAppliance && next_hop_ip.is_none() {
        return Err(AzError::new(
            "A route with next hop type VirtualAppliance needs --next-hop-ip-address (the appliance's private IP).",
        ));
    }
    if next_hop != UdrNextHop::VirtualAppliance && next_hop_ip.is_some() {
        return Err(AzError(format!(
            "--next-hop-ip-address is allowed only with next hop type VirtualAppliance, not {hop_name}."
        )));
    }
    let route = Route {
        name: arg(a, "name").to_string(),
        prefix,
        next_hop,
        next_hop_ip,
        pos: Pos::default(),
    };
    let name = route.name.clone();
    plan(
        ctx,
        vec![Change::Edit(Edit::AddRoute {
            table: rt.name.clone(),
            route,
        })],
        Show::Route {
            table: rt.name.clone(),
            name,
        },
    )
}

pub fn route_delete(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let rt = table(ctx, arg(a, "route-table-name"))?;
    let name = arg(a, "name");
    let Some(r) = rt.routes.iter().find(|r| same(&r.name, name)) else {
        return Err(ctx.not_found(&format!("routeTables/{}/routes", rt.name), name));
    };
    plan(
        ctx,
        vec![Change::Edit(Edit::RemoveRoute {
            table: rt.name.clone(),
            route: r.name.clone(),
        })],
        Show::Nothing,
    )
}

pub fn route_list(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let rt = table(ctx, arg(a, "route-table-name"))?;
    Ok(Plan::read(Value::Array(
        rt.routes
            .iter()
            .map(|r| json::route(ctx.scope, &rt.name, r))
            .collect(),
    )))
}

fn nsg<'t>(ctx: &Ctx<'t>, name: &str) -> Result<&'t crate::model::Nsg, AzError> {
    ctx.t
        .nsgs
        .iter()
        .find(|n| same(&n.name, name))
        .ok_or_else(|| ctx.not_found("networkSecurityGroups", name))
}

pub fn nsg_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let name = arg(a, "name");
    if ctx.t.nsgs.iter().any(|n| same(&n.name, name)) {
        return Err(AzError(format!(
            "A network security group named '{name}' already exists in resource group '{}'.",
            ctx.scope.resource_group
        )));
    }
    plan(
        ctx,
        vec![Change::AddNsg(name.to_string())],
        Show::Nsg {
            name: name.to_string(),
            wrap: Some("NewNSG"),
        },
    )
}

pub fn nsg_show(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let n = nsg(ctx, arg(a, "name"))?;
    Ok(Plan::read(json::nsg(ctx.scope, ctx.t, n)))
}

/// One value of a list argument the model holds as a single value.
fn one<'a>(a: &'a Args, long: &str, default: &'a str) -> Result<&'a str, AzError> {
    match a.list(long)[..] {
        [] => Ok(default),
        [v] => Ok(v),
        _ => Err(AzError(format!(
            "peerlab models one value of --{long} per rule; write one rule per prefix"
        ))),
    }
}

/// The rule a create or update describes, starting from `base` (az's defaults for a create).
fn rule_from(ctx: &Ctx, a: &Args, base: NsgRule) -> Result<NsgRule, AzError> {
    let mut r = base;
    if let Some(p) = a.get("priority") {
        r.priority = p
            .parse::<u16>()
            .ok()
            .filter(|p| (100..=4096).contains(p))
            .ok_or_else(|| {
                AzError(format!(
                    "argument --priority: '{p}' is not a priority between 100 and 4096"
                ))
            })?;
    }
    if let Some(x) = a.get("access") {
        r.access = if x == "Allow" {
            Access::Allow
        } else {
            Access::Deny
        };
    }
    if let Some(x) = a.get("direction") {
        r.direction = if x == "Inbound" {
            Direction::Inbound
        } else {
            Direction::Outbound
        };
    }
    if let Some(x) = a.get("protocol") {
        r.protocol = match x {
            "Tcp" => Protocol::Tcp,
            "Udp" => Protocol::Udp,
            "Icmp" => Protocol::Icmp,
            "*" => Protocol::Any,
            other => {
                return Err(AzError(format!(
                    "peerlab does not model protocol {other}; use Tcp, Udp, Icmp or *"
                )));
            }
        };
    }
    if a.has("source-address-prefixes") {
        r.source = AddressMatch::parse(one(a, "source-address-prefixes", "*")?)
            .map_err(|e| AzError(format!("argument --source-address-prefixes: {e}")))?;
    }
    if a.has("destination-address-prefixes") {
        r.destination = AddressMatch::parse(one(a, "destination-address-prefixes", "*")?)
            .map_err(|e| AzError(format!("argument --destination-address-prefixes: {e}")))?;
    }
    for (asgs, prefixes, side) in [
        ("source-asgs", "source-address-prefixes", &mut r.source),
        (
            "destination-asgs",
            "destination-address-prefixes",
            &mut r.destination,
        ),
    ] {
        if !a.has(asgs) {
            continue;
        }
        if a.has(prefixes) {
            return Err(AzError(format!(
                "a rule names its {} by --{prefixes} or by --{asgs}, not both",
                if asgs.starts_with("source") {
                    "source"
                } else {
                    "destination"
                }
            )));
        }
        *side = AddressMatch::Asgs(super::asg_names(ctx, &a.list(asgs))?);
    }
    if a.has("destination-port-ranges") {
        r.destination_ports = PortSet::parse(&a.list("destination-port-ranges").join(","))
            .map_err(|e| AzError(format!("argument --destination-port-ranges: {e}")))?;
    }
    if one(a, "source-port-ranges", "*")? != "*" {
        return Err(AzError::new(
            "peerlab filters on destination ports only; leave --source-port-ranges at *",
        ));
    }
    Ok(r)
}

pub fn rule_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let n = nsg(ctx, arg(a, "nsg-name"))?;
    // az's defaults: Allow, Inbound, any protocol, any source and destination, port 80.
    let base = NsgRule {
        name: arg(a, "name").to_string(),
        priority: 0,
        direction: Direction::Inbound,
        access: Access::Allow,
        protocol: Protocol::Any,
        source: AddressMatch::Any,
        destination: AddressMatch::Any,
        destination_ports: PortSet::Ranges(vec![(80, 80)]),
        pos: Pos::default(),
    };
    let rule = rule_from(ctx, a, base)?;
    if let Some(clash) = n
        .rules
        .iter()
        .find(|r| r.direction == rule.direction && r.priority == rule.priority)
    {
        return Err(AzError(format!(
            "Rules '{}' and '{}' in network security group '{}' cannot have the same priority {} in the same direction.",
            clash.name, rule.name, n.name, rule.priority
        )));
    }
    let name = rule.name.clone();
    plan(
        ctx,
        vec![Change::Edit(Edit::AddNsgRule {
            nsg: n.name.clone(),
            rule,
        })],
        Show::NsgRule {
            nsg: n.name.clone(),
            name,
        },
    )
}

pub fn rule_update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let n = nsg(ctx, arg(a, "nsg-name"))?;
    let name = arg(a, "name");
    let Some(old) = n.rules.iter().find(|r| same(&r.name, name)) else {
        return Err(ctx.not_found(
            &format!("networkSecurityGroups/{}/securityRules", n.name),
            name,
        ));
    };
    let rule = rule_from(ctx, a, old.clone())?;
    plan(
        ctx,
        vec![
            Change::Edit(Edit::RemoveNsgRule {
                nsg: n.name.clone(),
                rule: old.name.clone(),
            }),
            Change::Edit(Edit::AddNsgRule {
                nsg: n.name.clone(),
                rule,
            }),
        ],
        Show::NsgRule {
            nsg: n.name.clone(),
            name: old.name.clone(),
        },
    )
}

pub fn rule_delete(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let n = nsg(ctx, arg(a, "nsg-name"))?;
    let name = arg(a, "name");
    let Some(r) = n.rules.iter().find(|r| same(&r.name, name)) else {
        return Err(ctx.not_found(
            &format!("networkSecurityGroups/{}/securityRules", n.name),
            name,
        ));
    };
    plan(
        ctx,
        vec![Change::Edit(Edit::RemoveNsgRule {
            nsg: n.name.clone(),
            rule: r.name.clone(),
        })],
        Show::Nothing,
    )
}

pub fn rule_list(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let n = nsg(ctx, arg(a, "nsg-name"))?;
    let mut rules: Vec<Value> = n
        .rules
        .iter()
        .map(|r| json::nsg_rule(ctx.scope, &n.name, r, false))
        .collect();
    if a.flag("include-default") == Some(true) {
        rules.extend(
            crate::eval::default_rules()
                .iter()
                .map(|r| json::nsg_rule(ctx.scope, &n.name, r, true)),
        );
    }
    Ok(Plan::read(Value::Array(rules)))
}
