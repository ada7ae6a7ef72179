//! Resources by type → the topology document. Collected first (any order, any number of
//! files), then joined by id in [`Network::finish`], because a subnet's NSG, a NIC's subnet or
//! a connection's gateway may come in another file.

use super::json::{At, Problem, id_key, last, name_in, shown};
use super::out;
use super::template;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod filters;
mod join;

#[derive(Default)]
struct VnetIn {
    name: String,
    key: String,
    region: String,
    space: Vec<String>,
    dns_servers: Vec<String>,
    subnets: Vec<SubnetIn>,
    external: bool,
}

struct SubnetIn {
    name: String,
    key: String,
    prefix: String,
    route_table: Option<String>,
    nsg: Option<String>,
}

struct PeeringIn {
    name: String,
    vnet_key: String,
    remote_key: String,
    remote_name: String,
    flags: [bool; 4],
    state: Option<String>,
    remote_space: Vec<String>,
    file: String,
    path: String,
}

struct GatewayIn {
    name: String,
    key: String,
    vnet_key: String,
    kind: &'static str,
    sku: String,
}

struct SiteIn {
    name: String,
    key: String,
    prefixes: Vec<String>,
}

struct ConnIn {
    gateway_key: String,
    site_key: String,
    bgp: bool,
}

struct VmIn {
    name: String,
    nic_key: String,
    subnet_key: String,
    ip: String,
    nsg: Option<String>,
    ip_forwarding: bool,
}

struct FirewallIn {
    name: String,
    subnet_key: String,
    ip: String,
    rules: Vec<out::FirewallRule>,
}

/// A route table or an NSG as written, with the subnets (and NICs) it names.
struct NamedIn<O> {
    name: String,
    key: String,
    table: O,
    subnets: Vec<String>,
    nics: Vec<String>,
}

#[derive(Default)]
struct ZoneIn {
    links: BTreeSet<String>,
    records: BTreeMap<String, String>,
}

/// Everything read so far, not yet joined.
#[derive(Default)]
pub struct Network {
    vnets: Vec<VnetIn>,
    /// Each VNet's place in `vnets` by key, for subnets read as resources of their own.
    vnet_at: BTreeMap<String, usize>,
    peerings: Vec<PeeringIn>,
    gateways: Vec<GatewayIn>,
    sites: Vec<SiteIn>,
    connections: Vec<ConnIn>,
    vms: Vec<VmIn>,
    firewalls: Vec<FirewallIn>,
    route_tables: Vec<NamedIn<out::RouteTable>>,
    nsgs: Vec<NamedIn<out::Nsg>>,
    zones: BTreeMap<String, ZoneIn>,
    /// Resource kinds read but not modelled, with their count.
    skipped: BTreeMap<String, usize>,
    notes: Vec<String>,
}

/// Reads one input document (an array, a Resource Graph result, a template, or a resource).
pub fn collect(net: &mut Network, file: &str, doc: &Value) -> Result<(), Vec<Problem>> {
    let resolved;
    let root = if doc.get("resources").is_some_and(Value::is_array) {
        resolved = template::resolve(doc);
        At::root(&resolved).key("resources").expect("checked above")
    } else if doc.get("data").is_some_and(Value::is_array) {
        At::root(doc).key("data").expect("checked above")
    } else if doc.is_array() {
        At::root(doc)
    } else if doc.get("type").is_some() {
        return net
            .resource(file, &At::root(doc), None)
            .map_err(|p| vec![p]);
    } else {
        return Err(vec![At::root(doc).problem(
            file,
            "expected an array of resources (as `az network vnet list` prints), an object with \
             `data` (as `az graph query` prints), or an ARM template with `resources`",
        )]);
    };
    let mut problems = Vec::new();
    for r in root.elements(file).map_err(|p| vec![p])? {
        if let Err(p) = net.resource(file, &r, None) {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn region(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The id a resource is joined by: its `id`, or (in a template, which has none) one made from
/// its type and name.
fn own_key(r: &At, file: &str, ty: &str, name: &str) -> Result<String, Problem> {
    if let Some(id) = r.str(file, "id")? {
        return Ok(id_key(id));
    }
    let mut segs = ty.split('/');
    let provider = segs.next().unwrap_or_default();
    let mut id = format!("/providers/{provider}");
    for (t, n) in segs.zip(name.split('/')) {
        id.push_str(&format!("/{t}/{n}"));
    }
    Ok(id_key(&id))
}

impl Network {
    fn resource(&mut self, file: &str, r: &At, parent: Option<&str>) -> Result<(), Problem> {
        let ty = r.req_str(file, "type")?;
        let ty = match parent {
            Some(p) if !ty.contains('/') => format!("{p}/{ty}"),
            _ => ty.to_string(),
        };
        let name = r.req_str(file, "name")?;
        let lower = ty.to_ascii_lowercase();
        match lower.as_str() {
            "microsoft.network/virtualnetworks" => self.vnet(file, r, &ty, name)?,
            "microsoft.network/virtualnetworks/subnets" => {
                self.subnet_resource(file, r, &ty, name)?
            }
            "microsoft.network/virtualnetworks/virtualnetworkpeerings" => {
                let owner = name.split('/').next().unwrap_or(name);
                let vnet_key = id_key(&format!(
                    "/providers/Microsoft.Network/virtualNetworks/{owner}"
                ));
                let vnet_key = match r.str(file, "id")? {
                    Some(id) => id_key(
                        &id[..id
                            .to_ascii_lowercase()
                            .rfind("/virtualnetworkpeerings/")
                            .unwrap_or(id.len())],
                    ),
                    None => vnet_key,
                };
                self.peering(file, r, &vnet_key, last(name))?;
            }
            "microsoft.network/networkinterfaces" => self.nic(file, r, name)?,
            "microsoft.network/networksecuritygroups" => self.nsg(file, r, &ty, name)?,
            "microsoft.network/routetables" => self.route_table(file, r, &ty, name)?,
            "microsoft.network/virtualnetworkgateways" => self.gateway(file, r, &ty, name)?,
            "microsoft.network/localnetworkgateways" => {
                let key = own_key(r, file, &ty, name)?;
                let prefixes = r
                    .strs(file, "localNetworkAddressSpace.addressPrefixes")?
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                self.sites.push(SiteIn {
                    name: name.to_string(),
                    key,
                    prefixes,
                });
            }
            "microsoft.network/connections" => self.connection(file, r, name)?,
            "microsoft.network/azurefirewalls" => self.firewall(file, r, name)?,
            "microsoft.network/privatednszones" => {
                self.zones.entry(name.to_ascii_lowercase()).or_default();
            }
            "microsoft.network/privatednszones/virtualnetworklinks" => {
                let zone = self.zone_of(file, r, name)?;
                if let Some(v) = r.ref_id(file, "virtualNetwork")? {
                    self.zones.entry(zone).or_default().links.insert(id_key(v));
                }
            }
            "microsoft.network/privatednszones/a" => {
                let zone = self.zone_of(file, r, name)?;
                let ips: Vec<&str> = r
                    .arr(file, "aRecords")?
                    .iter()
                    .map(|a| a.str(file, "ipv4Address"))
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .flatten()
                    .collect();
                if ips.len() > 1 {
                    self.notes.push(format!(
                        "DNS record {} in {zone} has {} addresses; peerlab keeps the first, {}",
                        shown(last(name).as_str()),
                        ips.len(),
                        ips[0]
                    ));
                }
                if let Some(ip) = ips.first() {
                    self.zones
                        .entry(zone)
                        .or_default()
                        .records
                        .insert(last(name), ip.to_string());
                }
            }
            _ => *self.skipped.entry(ty.clone()).or_default() += 1,
        }
        // A template may nest child resources (a VNet's peerings or subnets) in `resources`.
        if let Some(children) = r.v.get("resources") {
            let at = At {
                v: children,
                path: format!("{}.resources", r.path),
            };
            for c in at.elements(file)? {
                let mut c_named = c.v.clone();
                if let (Some(n), Value::Object(m)) =
                    (c.v.get("name").and_then(Value::as_str), &mut c_named)
                    && !n.contains('/')
                {
                    m.insert("name".into(), Value::String(format!("{name}/{n}")));
                }
                let child = At {
                    v: &c_named,
                    path: c.path.clone(),
                };
                self.resource(file, &child, Some(&ty))?;
            }
        }
        Ok(())
    }

    fn zone_of(&self, file: &str, r: &At, name: &str) -> Result<String, Problem> {
        if let Some(id) = r.str(file, "id")?
            && let Some(z) = name_in(id, "privateDnsZones")
        {
            return Ok(z.to_ascii_lowercase());
        }
        match name.split_once('/') {
            Some((z, _)) => Ok(z.to_ascii_lowercase()),
            None => Err(r.problem(
                file,
                "cannot tell which private DNS zone this belongs to: it has no `id` and its \
                 name is not `ZONE/NAME`",
            )),
        }
    }

    fn vnet(&mut self, file: &str, r: &At, ty: &str, name: &str) -> Result<(), Problem> {
        let key = own_key(r, file, ty, name)?;
        let mut v = VnetIn {
            name: name.to_string(),
            region: region(
                r.str(file, "location")?
                    .unwrap_or(crate::model::DEFAULT_REGION),
            ),
            space: r
                .strs(file, "addressSpace.addressPrefixes")?
                .into_iter()
                .map(str::to_string)
                .collect(),
            dns_servers: r
                .strs(file, "dhcpOptions.dnsServers")?
                .into_iter()
                .map(str::to_string)
                .collect(),
            key: key.clone(),
            ..VnetIn::default()
        };
        for s in r.arr(file, "subnets")? {
            let sname = s.req_str(file, "name")?;
            let skey = match s.str(file, "id")? {
                Some(id) => id_key(id),
                None => format!("{key}/subnets/{}", sname.to_ascii_lowercase()),
            };
            v.subnets.push(subnet(file, &s, sname, skey)?);
        }
        self.vnet_at.entry(key.clone()).or_insert(self.vnets.len());
        self.vnets.push(v);
        for p in r.arr(file, "virtualNetworkPeerings")? {
            let pname = p.req_str(file, "name")?;
            self.peering(file, &p, &key, pname.to_string())?;
        }
        Ok(())
    }

    fn subnet_resource(&mut self, file: &str, r: &At, ty: &str, name: &str) -> Result<(), Problem> {
        let key = own_key(r, file, ty, name)?;
        let vnet_key = key.rsplit_once("/subnets/").map(|(v, _)| v.to_string());
        let sub = subnet(file, r, &last(name), key.clone())?;
        let at = vnet_key.and_then(|k| self.vnet_at.get(&k).copied());
        match at.map(|i| &mut self.vnets[i]) {
            Some(v) => {
                if !v.subnets.iter().any(|s| s.key == key) {
                    v.subnets.push(sub);
                }
                Ok(())
            }
            None => Err(r.problem(
                file,
                format!(
                    "subnet {} belongs to a VNet that comes later or not at all; list the VNet \
                     before its subnets",
                    shown(name)
                ),
            )),
        }
    }

    fn peering(&mut self, file: &str, p: &At, vnet_key: &str, name: String) -> Result<(), Problem> {
        let remote = p
            .ref_id(file, "remoteVirtualNetwork")?
            .ok_or_else(|| p.problem(file, "the peering has no `remoteVirtualNetwork.id`"))?;
        let flag = |k: &str| p.bool(file, k).map(|b| b.unwrap_or(false));
        let mut remote_space: Vec<String> = p
            .strs(file, "remoteAddressSpace.addressPrefixes")?
            .into_iter()
            .map(str::to_string)
            .collect();
        if remote_space.is_empty() {
            remote_space = p
                .strs(file, "remoteVirtualNetworkAddressSpace.addressPrefixes")?
                .into_iter()
                .map(str::to_string)
                .collect();
        }
        self.peerings.push(PeeringIn {
            name,
            vnet_key: vnet_key.to_string(),
            remote_key: id_key(remote),
            remote_name: last(remote),
            flags: [
                // ARM's default for access is true (RULES.md §3); the others default to false.
                p.bool(file, "allowVirtualNetworkAccess")?.unwrap_or(true),
                flag("allowForwardedTraffic")?,
                flag("allowGatewayTransit")?,
                flag("useRemoteGateways")?,
            ],
            state: p.str(file, "peeringState")?.map(str::to_string),
            remote_space,
            file: file.to_string(),
            path: p.path.clone(),
        });
        Ok(())
    }

    fn nic(&mut self, file: &str, r: &At, name: &str) -> Result<(), Problem> {
        if r.ref_id(file, "privateEndpoint")?.is_some() {
            *self
                .skipped
                .entry("private endpoint network interfaces".into())
                .or_default() += 1;
            return Ok(());
        }
        let configs = r.arr(file, "ipConfigurations")?;
        let primary = configs
            .iter()
            .find(|c| c.bool(file, "primary").ok().flatten() == Some(true))
            .or(configs.first())
            .ok_or_else(|| r.problem(file, "the network interface has no ipConfigurations"))?;
        if configs.len() > 1 {
            self.notes.push(format!(
                "network interface {} has {} IP configurations; peerlab keeps the primary one",
                shown(name),
                configs.len()
            ));
        }
        let subnet = primary
            .ref_id(file, "subnet")?
            .ok_or_else(|| primary.problem(file, "the IP configuration has no `subnet.id`"))?;
        let ip = primary.req_str(file, "privateIPAddress")?;
        let vm = r.ref_id(file, "virtualMachine")?.map(last);
        let nic_key = match r.str(file, "id")? {
            Some(id) => id_key(id),
            None => id_key(&format!(
                "/providers/Microsoft.Network/networkInterfaces/{name}"
            )),
        };
        self.vms.push(VmIn {
            name: vm.unwrap_or_else(|| name.to_string()),
            nic_key,
            subnet_key: id_key(subnet),
            ip: ip.to_string(),
            nsg: r.ref_id(file, "networkSecurityGroup")?.map(id_key),
            ip_forwarding: r.bool(file, "enableIPForwarding")?.unwrap_or(false),
        });
        Ok(())
    }

    fn gateway(&mut self, file: &str, r: &At, ty: &str, name: &str) -> Result<(), Problem> {
        let key = own_key(r, file, ty, name)?;
        let kind = match r
            .str(file, "gatewayType")?
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("expressroute") => "expressroute",
            Some("vpn") | None => "vpn",
            Some(other) => {
                return Err(r.problem(
                    file,
                    format!(
                        "gatewayType {} is neither Vpn nor ExpressRoute",
                        shown(other)
                    ),
                ));
            }
        };
        let subnet = r
            .arr(file, "ipConfigurations")?
            .iter()
            .find_map(|c| c.ref_id(file, "subnet").ok().flatten().map(id_key))
            .ok_or_else(|| {
                r.problem(
                    file,
                    "the gateway has no ipConfigurations with a `subnet.id`",
                )
            })?;
        let vnet_key = subnet
            .rsplit_once("/subnets/")
            .map(|(v, _)| v.to_string())
            .unwrap_or(subnet);
        self.gateways.push(GatewayIn {
            name: name.to_string(),
            key,
            vnet_key,
            kind,
            sku: r
                .str(file, "sku.name")?
                .unwrap_or(crate::model::DEFAULT_GATEWAY_SKU)
                .to_string(),
        });
        Ok(())
    }

    fn connection(&mut self, file: &str, r: &At, name: &str) -> Result<(), Problem> {
        let kind = r.str(file, "connectionType")?.unwrap_or("IPsec");
        if !kind.eq_ignore_ascii_case("IPsec") {
            *self
                .skipped
                .entry(format!("connections of type {kind}"))
                .or_default() += 1;
            return Ok(());
        }
        let gw = r.ref_id(file, "virtualNetworkGateway1")?;
        let site = r.ref_id(file, "localNetworkGateway2")?;
        match (gw, site) {
            (Some(g), Some(s)) => self.connections.push(ConnIn {
                gateway_key: id_key(g),
                site_key: id_key(s),
                bgp: r.bool(file, "enableBgp")?.unwrap_or(false),
            }),
            _ => {
                return Err(r.problem(
                    file,
                    format!(
                        "connection {} needs virtualNetworkGateway1.id and localNetworkGateway2.id",
                        shown(name)
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn subnet(file: &str, s: &At, name: &str, key: String) -> Result<SubnetIn, Problem> {
    let prefix = match s.str(file, "addressPrefix")? {
        Some(p) => p.to_string(),
        None => s
            .strs(file, "addressPrefixes")?
            .first()
            .map(|p| p.to_string())
            .ok_or_else(|| s.problem(file, "the subnet has no addressPrefix"))?,
    };
    Ok(SubnetIn {
        name: name.to_string(),
        key,
        prefix,
        route_table: s.ref_id(file, "routeTable")?.map(id_key),
        nsg: s.ref_id(file, "networkSecurityGroup")?.map(id_key),
    })
}

fn ref_keys(r: &At, file: &str, k: &str) -> Result<Vec<String>, Problem> {
    let mut v = Vec::new();
    for e in r.arr(file, k)? {
        if let Some(id) = e.str(file, "id")? {
            v.push(id_key(id));
        }
    }
    Ok(v)
}
