//! Resources as az prints them: the ARM resource with its `properties` flattened into the top
//! level (az's `client_flatten`), `resourceGroup` added beside every `id`, keys sorted (az's JSON
//! output sorts them). Field names follow the ARM schemas az reads (Azure/azure-cli `aaz`
//! network commands, Azure/azure-rest-api-specs `virtualNetwork.json`, `networkWatcher.json`).

use crate::eval::{EffectiveRoute, Network, NextHopInfo, RouteSource, RouteState, default_rules};
use crate::model::{
    Access, AddressMatch, Direction, DnsZone, NsgRule, Peering, PeeringState, Protocol, RouteTable,
    Subnet, Topology, UdrNextHop, Vnet,
};
use serde_json::{Map, Value, json};

/// Where the lab's resources live: one subscription, one resource group.
#[derive(Debug, Clone)]
pub struct Scope {
    pub subscription: String,
    pub resource_group: String,
}

/// A fixed etag and GUID: the simulation has no real ones, and output must be reproducible.
pub const ETAG: &str = "W/\"00000000-0000-0000-0000-000000000000\"";
pub const GUID: &str = "00000000-0000-0000-0000-000000000000";

impl Scope {
    pub fn id(&self, rest: &str) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/{rest}",
            self.subscription, self.resource_group
        )
    }

    pub fn vnet_id(&self, vnet: &str) -> String {
        self.id(&format!("virtualNetworks/{vnet}"))
    }

    pub fn peering_id(&self, vnet: &str, name: &str) -> String {
        self.id(&format!(
            "virtualNetworks/{vnet}/virtualNetworkPeerings/{name}"
        ))
    }

    pub fn subnet_id(&self, vnet: &str, name: &str) -> String {
        self.id(&format!("virtualNetworks/{vnet}/subnets/{name}"))
    }

    pub fn route_table_id(&self, name: &str) -> String {
        self.id(&format!("routeTables/{name}"))
    }

    pub fn nsg_id(&self, name: &str) -> String {
        self.id(&format!("networkSecurityGroups/{name}"))
    }

    pub fn nic_id(&self, vm: &str) -> String {
        self.id(&format!("networkInterfaces/{}", nic_name(vm)))
    }

    /// `{ "id": ..., "resourceGroup": ... }`, as az prints a reference to another resource.
    pub fn reference(&self, id: String) -> Value {
        json!({ "id": id, "resourceGroup": self.resource_group })
    }
}

/// The NIC of a VM: peerlab's VMs have one, named `<vm>-nic`.
pub fn nic_name(vm: &str) -> String {
    format!("{vm}-nic")
}

fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

fn prefixes(v: &Vnet) -> Value {
    json!({ "addressPrefixes": v.address_space.iter().map(|p| p.to_string()).collect::<Vec<_>>() })
}

/// A peering side: `state` is what the evaluator says it shows.
pub fn peering(s: &Scope, t: &Topology, p: &Peering, state: PeeringState) -> Value {
    let remote = t.vnet(&p.remote);
    let space = remote
        .map(prefixes)
        .unwrap_or(json!({ "addressPrefixes": [] }));
    // What this side last synced (RULES.md §14), beside the remote's current space.
    let known = json!({ "addressPrefixes": crate::lab::sync::known_space(t, p)
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>() });
    object(vec![
        ("allowForwardedTraffic", json!(p.allow_forwarded_traffic)),
        ("allowGatewayTransit", json!(p.allow_gateway_transit)),
        (
            "allowVirtualNetworkAccess",
            json!(p.allow_virtual_network_access),
        ),
        ("doNotVerifyRemoteGateways", json!(false)),
        ("etag", json!(ETAG)),
        ("id", json!(s.peering_id(&p.vnet, &p.name))),
        ("name", json!(p.name)),
        ("peeringState", json!(state.as_str())),
        ("peeringSyncLevel", json!(crate::lab::sync::level(t, p))),
        ("provisioningState", json!("Succeeded")),
        ("remoteAddressSpace", known),
        ("remoteVirtualNetwork", s.reference(s.vnet_id(&p.remote))),
        ("remoteVirtualNetworkAddressSpace", space),
        ("resourceGroup", json!(s.resource_group)),
        ("resourceGuid", json!(GUID)),
        (
            "type",
            json!("Microsoft.Network/virtualNetworks/virtualNetworkPeerings"),
        ),
        ("useRemoteGateways", json!(p.use_remote_gateways)),
    ])
}

pub fn subnet(s: &Scope, vnet: &str, sn: &Subnet) -> Value {
    let mut pairs = vec![
        ("addressPrefix", json!(sn.prefix.to_string())),
        ("etag", json!(ETAG)),
        ("id", json!(s.subnet_id(vnet, &sn.name))),
        ("name", json!(sn.name)),
        (
            "privateEndpointNetworkPolicies",
            json!(sn.private_endpoint_network_policies.as_str()),
        ),
        ("privateLinkServiceNetworkPolicies", json!("Enabled")),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("type", json!("Microsoft.Network/virtualNetworks/subnets")),
    ];
    if let Some(n) = &sn.nsg {
        pairs.push(("networkSecurityGroup", s.reference(s.nsg_id(n))));
    }
    if let Some(r) = &sn.route_table {
        pairs.push(("routeTable", s.reference(s.route_table_id(r))));
    }
    if !sn.service_endpoints.is_empty() {
        let list: Vec<Value> = sn
            .service_endpoints
            .iter()
            .map(|e| json!({ "provisioningState": "Succeeded", "service": e }))
            .collect();
        pairs.push(("serviceEndpoints", Value::Array(list)));
    }
    object(pairs)
}

/// A VNet with its subnets and its peerings (those Azure accepted, with their state).
pub fn vnet(s: &Scope, net: &Network, v: &Vnet) -> Value {
    let t = net.topology;
    let peerings: Vec<Value> = t
        .peerings
        .iter()
        .enumerate()
        .filter(|(_, p)| p.vnet == v.name)
        .filter_map(|(i, p)| net.peering_state(i).map(|st| peering(s, t, p, st)))
        .collect();
    let dns: Vec<String> = match &v.dns {
        crate::model::DnsSetting::Azure => Vec::new(),
        crate::model::DnsSetting::Server(vm) => {
            t.vm(vm).map(|m| vec![m.ip.to_string()]).unwrap_or_default()
        }
    };
    object(vec![
        ("addressSpace", prefixes(v)),
        ("dhcpOptions", json!({ "dnsServers": dns })),
        ("enableDdosProtection", json!(false)),
        ("etag", json!(ETAG)),
        ("id", json!(s.vnet_id(&v.name))),
        ("location", json!(v.region)),
        ("name", json!(v.name)),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("resourceGuid", json!(GUID)),
        (
            "subnets",
            Value::Array(v.subnets.iter().map(|sn| subnet(s, &v.name, sn)).collect()),
        ),
        ("type", json!("Microsoft.Network/virtualNetworks")),
        ("virtualNetworkPeerings", Value::Array(peerings)),
    ])
}

fn hop_name(h: UdrNextHop) -> &'static str {
    UdrNextHop::ALL
        .iter()
        .find(|(_, x)| *x == h)
        .map_or("None", |(n, _)| n)
}

pub fn route(s: &Scope, table: &str, r: &crate::model::Route) -> Value {
    let mut pairs = vec![
        ("addressPrefix", json!(r.prefix.to_string())),
        ("etag", json!(ETAG)),
        (
            "id",
            json!(s.id(&format!("routeTables/{table}/routes/{}", r.name))),
        ),
        ("name", json!(r.name)),
        ("nextHopType", json!(hop_name(r.next_hop))),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("type", json!("Microsoft.Network/routeTables/routes")),
    ];
    if let Some(ip) = r.next_hop_ip {
        pairs.push(("nextHopIpAddress", json!(ip.to_string())));
    }
    object(pairs)
}

/// The subnets of the topology whose `pick` names `name` (route table or NSG users).
fn users(s: &Scope, t: &Topology, pick: impl Fn(&Subnet) -> Option<&String>, name: &str) -> Value {
    Value::Array(
        t.vnets
            .iter()
            .flat_map(|v| v.subnets.iter().map(move |sn| (v, sn)))
            .filter(|(_, sn)| pick(sn).is_some_and(|n| n == name))
            .map(|(v, sn)| s.reference(s.subnet_id(&v.name, &sn.name)))
            .collect(),
    )
}

pub fn route_table(s: &Scope, t: &Topology, rt: &RouteTable) -> Value {
    object(vec![
        (
            "disableBgpRoutePropagation",
            json!(!rt.propagate_gateway_routes),
        ),
        ("etag", json!(ETAG)),
        ("id", json!(s.route_table_id(&rt.name))),
        ("location", json!(crate::model::DEFAULT_REGION)),
        ("name", json!(rt.name)),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("resourceGuid", json!(GUID)),
        (
            "routes",
            Value::Array(rt.routes.iter().map(|r| route(s, &rt.name, r)).collect()),
        ),
        (
            "subnets",
            users(s, t, |sn| sn.route_table.as_ref(), &rt.name),
        ),
        ("type", json!("Microsoft.Network/routeTables")),
    ])
}

fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "Tcp",
        Protocol::Udp => "Udp",
        Protocol::Icmp => "Icmp",
        Protocol::Any => "*",
    }
}

fn address(a: &AddressMatch) -> String {
    a.to_string()
}

/// An ARM reference to each application security group.
fn asg_refs(s: &Scope, names: &[String]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| s.reference(s.id(&format!("applicationSecurityGroups/{n}"))))
            .collect(),
    )
}

pub fn nsg_rule(s: &Scope, nsg: &str, r: &NsgRule, default: bool) -> Value {
    let mut v = nsg_rule_fields(s, nsg, r, default);
    // A side given by ASGs has no address prefix but `*ApplicationSecurityGroups` (ARM's
    // securityRule schema).
    for (side, prefix, key) in [
        (
            &r.source,
            "sourceAddressPrefix",
            "sourceApplicationSecurityGroups",
        ),
        (
            &r.destination,
            "destinationAddressPrefix",
            "destinationApplicationSecurityGroups",
        ),
    ] {
        if let (AddressMatch::Asgs(names), Some(m)) = (side, v.as_object_mut()) {
            m.remove(prefix);
            m.insert(key.to_string(), asg_refs(s, names));
        }
    }
    v
}

fn nsg_rule_fields(s: &Scope, nsg: &str, r: &NsgRule, default: bool) -> Value {
    let kind = if default {
        "defaultSecurityRules"
    } else {
        "securityRules"
    };
    object(vec![
        (
            "access",
            json!(if r.access == Access::Allow {
                "Allow"
            } else {
                "Deny"
            }),
        ),
        ("destinationAddressPrefix", json!(address(&r.destination))),
        ("destinationAddressPrefixes", json!([])),
        (
            "destinationPortRange",
            json!(r.destination_ports.to_string()),
        ),
        ("destinationPortRanges", json!([])),
        (
            "direction",
            json!(if r.direction == Direction::Inbound {
                "Inbound"
            } else {
                "Outbound"
            }),
        ),
        ("etag", json!(ETAG)),
        (
            "id",
            json!(s.id(&format!("networkSecurityGroups/{nsg}/{kind}/{}", r.name))),
        ),
        ("name", json!(r.name)),
        ("priority", json!(r.priority)),
        ("protocol", json!(protocol(r.protocol))),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("sourceAddressPrefix", json!(address(&r.source))),
        ("sourceAddressPrefixes", json!([])),
        ("sourcePortRange", json!("*")),
        ("sourcePortRanges", json!([])),
        (
            "type",
            json!(format!("Microsoft.Network/networkSecurityGroups/{kind}")),
        ),
    ])
}

pub fn nsg(s: &Scope, t: &Topology, n: &crate::model::Nsg) -> Value {
    let nics: Vec<Value> = t
        .vms
        .iter()
        .filter(|m| m.nsg.as_deref() == Some(n.name.as_str()))
        .map(|m| s.reference(s.nic_id(&m.name)))
        .collect();
    object(vec![
        (
            "defaultSecurityRules",
            Value::Array(
                default_rules()
                    .iter()
                    .map(|r| nsg_rule(s, &n.name, r, true))
                    .collect(),
            ),
        ),
        ("etag", json!(ETAG)),
        ("id", json!(s.nsg_id(&n.name))),
        ("location", json!(crate::model::DEFAULT_REGION)),
        ("name", json!(n.name)),
        ("networkInterfaces", Value::Array(nics)),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("resourceGuid", json!(GUID)),
        (
            "securityRules",
            Value::Array(
                n.rules
                    .iter()
                    .map(|r| nsg_rule(s, &n.name, r, false))
                    .collect(),
            ),
        ),
        ("subnets", users(s, t, |sn| sn.nsg.as_ref(), &n.name)),
        ("type", json!("Microsoft.Network/networkSecurityGroups")),
    ])
}

fn zone_id(s: &Scope, zone: &str) -> String {
    s.id(&format!("privateDnsZones/{zone}"))
}

pub fn dns_zone(s: &Scope, z: &DnsZone) -> Value {
    object(vec![
        ("etag", json!(GUID)),
        ("id", json!(zone_id(s, &z.name))),
        ("location", json!("global")),
        ("maxNumberOfRecordSets", json!(25000)),
        ("name", json!(z.name)),
        // The SOA record set counts as one, as in Azure.
        ("numberOfRecordSets", json!(z.records.len() + 1)),
        ("numberOfVirtualNetworkLinks", json!(z.links.len())),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        ("type", json!("Microsoft.Network/privateDnsZones")),
    ])
}

pub fn zone_link(s: &Scope, zone: &str, link: &str, vnet: &str, registration: bool) -> Value {
    object(vec![
        ("etag", json!(ETAG)),
        (
            "id",
            json!(format!("{}/virtualNetworkLinks/{link}", zone_id(s, zone))),
        ),
        ("location", json!("global")),
        ("name", json!(link)),
        ("provisioningState", json!("Succeeded")),
        ("registrationEnabled", json!(registration)),
        ("resourceGroup", json!(s.resource_group)),
        (
            "type",
            json!("Microsoft.Network/privateDnsZones/virtualNetworkLinks"),
        ),
        ("virtualNetwork", s.reference(s.vnet_id(vnet))),
        ("virtualNetworkLinkState", json!("Completed")),
    ])
}

pub fn record_set(s: &Scope, zone: &str, name: &str, ips: &[String]) -> Value {
    object(vec![
        (
            "aRecords",
            Value::Array(ips.iter().map(|ip| json!({ "ipv4Address": ip })).collect()),
        ),
        ("etag", json!(GUID)),
        ("fqdn", json!(format!("{name}.{zone}."))),
        ("id", json!(format!("{}/A/{name}", zone_id(s, zone)))),
        ("isAutoRegistered", json!(false)),
        ("name", json!(name)),
        ("resourceGroup", json!(s.resource_group)),
        ("ttl", json!(3600)),
        ("type", json!("Microsoft.Network/privateDnsZones/A")),
    ])
}

/// `az network watcher show-next-hop` (REST `NextHopResult`).
pub fn next_hop(s: &Scope, hop: &NextHopInfo) -> Value {
    let table = if hop.route_table == "System Route" {
        hop.route_table.clone()
    } else {
        s.route_table_id(&hop.route_table)
    };
    object(vec![
        (
            "nextHopIpAddress",
            hop.ip.map_or(Value::Null, |ip| json!(ip.to_string())),
        ),
        ("nextHopType", json!(hop.kind.as_str())),
        ("routeTableId", json!(table)),
    ])
}

/// `az network watcher test-ip-flow` (REST `VerificationIPFlowResult`).
pub fn ip_flow(access: &str, rule: Option<&str>) -> Value {
    object(vec![
        ("access", json!(access)),
        ("ruleName", rule.map_or(Value::Null, |r| json!(r))),
    ])
}

/// `az network nic show-effective-route-table` (REST `EffectiveRouteListResult`).
pub fn effective_routes(routes: &[EffectiveRoute]) -> Value {
    let value: Vec<Value> = routes
        .iter()
        .map(|r| {
            object(vec![
                ("addressPrefix", json!([r.prefix.to_string()])),
                ("disableBgpRoutePropagation", json!(false)),
                (
                    "name",
                    r.route_name.as_ref().map_or(Value::Null, |n| json!(n)),
                ),
                (
                    "nextHopIpAddress",
                    json!(
                        r.next_hop_ip
                            .iter()
                            .map(|ip| ip.to_string())
                            .collect::<Vec<_>>()
                    ),
                ),
                ("nextHopType", json!(r.next_hop.as_str())),
                (
                    "source",
                    json!(match r.source {
                        RouteSource::Default => "Default",
                        RouteSource::User => "User",
                        RouteSource::VirtualNetworkGateway => "VirtualNetworkGateway",
                    }),
                ),
                (
                    "state",
                    json!(match r.state {
                        RouteState::Active => "Active",
                        RouteState::Invalid => "Invalid",
                    }),
                ),
            ])
        })
        .collect();
    object(vec![
        ("nextLink", Value::Null),
        ("value", Value::Array(value)),
    ])
}

fn effective_rule(r: &NsgRule, default: bool) -> Value {
    let kind = if default {
        "defaultSecurityRules"
    } else {
        "securityRules"
    };
    let ports = match &r.destination_ports {
        crate::model::PortSet::Any => "0-65535".to_string(),
        p => p.to_string(),
    };
    let addr = |a: &AddressMatch| match a {
        AddressMatch::Any => "0.0.0.0/0".to_string(),
        other => other.to_string(),
    };
    object(vec![
        (
            "access",
            json!(if r.access == Access::Allow {
                "Allow"
            } else {
                "Deny"
            }),
        ),
        ("destinationAddressPrefix", json!(addr(&r.destination))),
        ("destinationPortRange", json!(ports)),
        (
            "direction",
            json!(if r.direction == Direction::Inbound {
                "Inbound"
            } else {
                "Outbound"
            }),
        ),
        ("name", json!(format!("{kind}/{}", r.name))),
        ("priority", json!(r.priority)),
        (
            "protocol",
            json!(match r.protocol {
                Protocol::Any => "All",
                p => protocol(p),
            }),
        ),
        ("sourceAddressPrefix", json!(addr(&r.source))),
        ("sourcePortRange", json!("0-65535")),
    ])
}

/// `az network nic list-effective-nsg`: the subnet's NSG and the NIC's, each with its rules.
pub fn effective_nsgs(s: &Scope, t: &Topology, vm: &crate::model::Vm) -> Value {
    let subnet_nsg = t
        .vnet(&vm.vnet)
        .and_then(|v| v.subnet(&vm.subnet))
        .and_then(|sn| sn.nsg.clone());
    let mut value = Vec::new();
    for (name, assoc) in [
        (
            subnet_nsg,
            json!({ "networkInterface": null, "subnet": { "id": s.subnet_id(&vm.vnet, &vm.subnet), "resourceGroup": s.resource_group } }),
        ),
        (
            vm.nsg.clone(),
            json!({ "networkInterface": { "id": s.nic_id(&vm.name), "resourceGroup": s.resource_group }, "subnet": null }),
        ),
    ] {
        let Some(n) = name.and_then(|n| t.nsg(&n)) else {
            continue;
        };
        let rules: Vec<Value> = n
            .rules
            .iter()
            .map(|r| effective_rule(r, false))
            .chain(default_rules().iter().map(|r| effective_rule(r, true)))
            .collect();
        value.push(object(vec![
            ("association", assoc),
            ("effectiveSecurityRules", Value::Array(rules)),
            ("networkSecurityGroup", s.reference(s.nsg_id(&n.name))),
        ]));
    }
    object(vec![
        ("nextLink", Value::Null),
        ("value", Value::Array(value)),
    ])
}

pub fn nic(s: &Scope, vm: &crate::model::Vm) -> Value {
    let mut v = nic_fields(s, vm);
    if !vm.asgs.is_empty() {
        v["ipConfigurations"][0]["applicationSecurityGroups"] = asg_refs(s, &vm.asgs);
    }
    v
}

fn nic_fields(s: &Scope, vm: &crate::model::Vm) -> Value {
    object(vec![
        ("enableIPForwarding", json!(vm.ip_forwarding)),
        ("etag", json!(ETAG)),
        ("id", json!(s.nic_id(&vm.name))),
        (
            "ipConfigurations",
            json!([{
                "name": "ipconfig1",
                "privateIPAddress": vm.ip.to_string(),
                "privateIPAllocationMethod": "Static",
                "subnet": s.reference(s.subnet_id(&vm.vnet, &vm.subnet)),
            }]),
        ),
        ("location", json!(crate::model::DEFAULT_REGION)),
        ("name", json!(nic_name(&vm.name))),
        (
            "networkSecurityGroup",
            vm.nsg
                .as_ref()
                .map_or(Value::Null, |n| s.reference(s.nsg_id(n))),
        ),
        ("provisioningState", json!("Succeeded")),
        ("resourceGroup", json!(s.resource_group)),
        (
            "virtualMachine",
            s.reference(format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}",
                s.subscription, s.resource_group, vm.name
            )),
        ),
        ("type", json!("Microsoft.Network/networkInterfaces")),
    ])
}
