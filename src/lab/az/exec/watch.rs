//! Private DNS (`az network private-dns`), and the commands the evaluator answers: Network
//! Watcher's next hop and IP flow verify, a NIC's effective routes and NSGs.

use super::{Change, Ctx, Plan, Show, leaf, plan, same};
use crate::lab::az::json::{self, nic_name};
use crate::lab::az::{Args, AzError};
use crate::model::{Direction, DnsZone, Edit, Protocol, Vm, value::parse_ip};
use serde_json::Value;
use std::net::Ipv4Addr;

fn arg<'a>(a: &'a Args, long: &str) -> &'a str {
    a.get(long).unwrap_or_default()
}

fn zone<'t>(ctx: &Ctx<'t>, name: &str) -> Result<&'t DnsZone, AzError> {
    ctx.t
        .dns_zones
        .iter()
        .find(|z| same(&z.name, name))
        .ok_or_else(|| ctx.not_found("privateDnsZones", name))
}

pub fn zone_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let name = arg(a, "name");
    if ctx.t.dns_zones.iter().any(|z| same(&z.name, name)) {
        return Err(AzError(format!(
            "A private DNS zone named '{name}' already exists in resource group '{}'.",
            ctx.scope.resource_group
        )));
    }
    plan(
        ctx,
        vec![Change::AddZone(name.to_string())],
        Show::Zone(name.to_string()),
    )
}

pub fn link_create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let z = zone(ctx, arg(a, "zone-name"))?;
    let v = ctx.vnet(arg(a, "virtual-network"))?;
    let registration = match arg(a, "registration-enabled").to_ascii_lowercase().as_str() {
        "true" => true,
        "false" => false,
        other => {
            return Err(AzError(format!(
                "az network private-dns link vnet create: '{other}' is not a valid value for '--registration-enabled'. Allowed values: false, true."
            )));
        }
    };
    if z.links.contains(&v.name) {
        return Err(AzError(format!(
            "Private DNS zone '{}' is already linked to virtual network '{}'.",
            z.name, v.name
        )));
    }
    plan(
        ctx,
        vec![Change::Edit(Edit::AddZoneLink {
            zone: z.name.clone(),
            vnet: v.name.clone(),
        })],
        Show::ZoneLink {
            zone: z.name.clone(),
            link: arg(a, "name").to_string(),
            vnet: v.name.clone(),
            registration,
        },
    )
}

pub fn record_add(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let z = zone(ctx, arg(a, "zone-name"))?;
    let ip = parse_ip(arg(a, "ipv4-address"))
        .map_err(|e| AzError(format!("argument --ipv4-address/-a: {e}")))?;
    let name = arg(a, "record-set-name").to_string();
    plan(
        ctx,
        vec![Change::Edit(Edit::AddZoneRecord {
            zone: z.name.clone(),
            name: name.clone(),
            ip,
        })],
        Show::Record {
            zone: z.name.clone(),
            name,
        },
    )
}

fn vm<'t>(ctx: &Ctx<'t>, name_or_id: &str) -> Result<&'t Vm, AzError> {
    let name = leaf(name_or_id);
    ctx.t.vms.iter().find(|m| same(&m.name, name)).ok_or_else(|| {
        AzError(format!(
            "The Resource 'Microsoft.Compute/virtualMachines/{name}' under resource group '{}' was not found.",
            ctx.scope.resource_group
        ))
    })
}

fn nic_vm<'t>(ctx: &Ctx<'t>, nic: &str) -> Result<&'t Vm, AzError> {
    let nic = leaf(nic);
    ctx.t
        .vms
        .iter()
        .find(|m| same(&nic_name(&m.name), nic))
        .ok_or_else(|| ctx.not_found("networkInterfaces", nic))
}

fn ip_arg(a: &Args, long: &str) -> Result<Ipv4Addr, AzError> {
    parse_ip(arg(a, long)).map_err(|e| AzError(format!("argument --{long}: {e}")))
}

pub fn next_hop(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = vm(ctx, arg(a, "vm"))?;
    let src = ip_arg(a, "source-ip")?;
    let dst = ip_arg(a, "dest-ip")?;
    if src != m.ip {
        return Err(AzError(format!(
            "--source-ip {src} is not an address of virtual machine '{}' (its NIC has {}).",
            m.name, m.ip
        )));
    }
    let net = ctx.net();
    let hop = net.next_hop(&m.name, dst).ok_or_else(|| {
        AzError(format!(
            "virtual machine '{}' has no effective routes",
            m.name
        ))
    })?;
    Ok(Plan::read(json::next_hop(ctx.scope, &hop)))
}

/// `X.X.X.X:PORT` (or `:*`), as test-ip-flow writes its ends.
fn end(a: &Args, long: &str) -> Result<(Ipv4Addr, Option<u16>), AzError> {
    let raw = arg(a, long);
    let bad = || {
        AzError(format!(
            "argument --{long}: '{raw}' is not in X.X.X.X:PORT format (PORT a number or *)"
        ))
    };
    let (ip, port) = raw.rsplit_once(':').ok_or_else(bad)?;
    let ip = parse_ip(ip).map_err(|_| bad())?;
    let port = match port {
        "*" => None,
        p => Some(p.parse::<u16>().map_err(|_| bad())?),
    };
    Ok((ip, port))
}

pub fn ip_flow(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = vm(ctx, arg(a, "vm"))?;
    let (local, local_port) = end(a, "local")?;
    let (remote, remote_port) = end(a, "remote")?;
    if local != m.ip {
        return Err(AzError(format!(
            "--local {local} is not an address of virtual machine '{}' (its NIC has {}).",
            m.name, m.ip
        )));
    }
    let direction = if arg(a, "direction") == "Inbound" {
        Direction::Inbound
    } else {
        Direction::Outbound
    };
    let protocol = if arg(a, "protocol") == "UDP" {
        Protocol::Udp
    } else {
        Protocol::Tcp
    };
    // The destination port is the VM's for inbound packets, the remote end's for outbound.
    let port = match direction {
        Direction::Inbound => local_port,
        Direction::Outbound => remote_port,
    }
    .unwrap_or(443);
    let net = ctx.net();
    let v = net
        .ip_flow_verify(&m.name, direction, protocol, remote, port)
        .ok_or_else(|| AzError(format!("virtual machine '{}' has no NIC to test", m.name)))?;
    Ok(Plan::read(json::ip_flow(v.access, v.rule.as_deref())))
}

pub fn nic_list(ctx: &Ctx) -> Result<Plan, AzError> {
    Ok(Plan::read(Value::Array(
        ctx.t.vms.iter().map(|m| json::nic(ctx.scope, m)).collect(),
    )))
}

pub fn nic_update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = nic_vm(ctx, arg(a, "name"))?;
    let changes = match a.flag("ip-forwarding") {
        Some(on) => vec![Change::Edit(Edit::SetVm {
            vm: m.name.clone(),
            ip_forwarding: Some(on),
            forwards: None,
            dns_server: None,
            nsg: None,
        })],
        None => Vec::new(),
    };
    plan(ctx, changes, Show::Nic(m.name.clone()))
}

pub fn ipconfig_update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = nic_vm(ctx, arg(a, "nic-name"))?;
    let name = arg(a, "name");
    // peerlab's NICs have one IP configuration, named as Azure names the first.
    if !same(name, "ipconfig1") {
        return Err(ctx.not_found(
            &format!("networkInterfaces/{}/ipConfigurations", nic_name(&m.name)),
            name,
        ));
    }
    let changes = if a.has("application-security-groups") {
        let asgs = super::asg_names(ctx, &a.list("application-security-groups"))?;
        vec![Change::SetVmAsgs {
            vm: m.name.clone(),
            asgs,
        }]
    } else {
        Vec::new()
    };
    plan(ctx, changes, Show::NicIpConfig(m.name.clone()))
}

pub fn nic_routes(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = nic_vm(ctx, arg(a, "name"))?;
    let net = ctx.net();
    let routes = net.routes_of(&m.name).unwrap_or_default();
    Ok(Plan::read(json::effective_routes(routes)))
}

pub fn nic_nsgs(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let m = nic_vm(ctx, arg(a, "name"))?;
    Ok(Plan::read(json::effective_nsgs(ctx.scope, ctx.t, m)))
}
