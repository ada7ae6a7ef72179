//! What a lab command does to the topology. Most commands are the model's own edits
//! ([`Edit`]), so every rule of the evaluator applies to the result; the few resources the model
//! has no edit for (a new VNet, subnet, NSG or DNS zone, a changed address space) are created
//! here and the result is proven structurally valid by the model's own parser.

use crate::model::{
    Bastion, Edit, Nsg, PeNetworkPolicies, PeeringFlags, Pos, PrivateEndpoint, Subnet, Topology,
    Vnet, VnetRule, parse_topology, to_toml,
};
use ipnet::Ipv4Net;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Edit(Edit),
    AddVnet(Vnet),
    AddSubnet {
        vnet: String,
        subnet: Subnet,
    },
    SetAddressSpace {
        vnet: String,
        prefixes: Vec<Ipv4Net>,
    },
    AddNsg(String),
    AddZone(String),
    /// A subnet's service endpoints and private endpoint network policies (RULES.md §12, §13);
    /// `None` leaves that setting as it is.
    SetSubnetServices {
        vnet: String,
        subnet: String,
        service_endpoints: Option<Vec<String>>,
        policies: Option<PeNetworkPolicies>,
    },
    /// The ASGs a VM's NIC is a member of (RULES.md §10), replacing the list.
    SetVmAsgs {
        vm: String,
        asgs: Vec<String>,
    },
    AddBastion(Bastion),
    AddPrivateEndpoint(PrivateEndpoint),
    /// A rule of a PaaS resource's firewall (RULES.md §13): an IP range or a subnet.
    AddPaasRule {
        paas: String,
        ip: Option<Ipv4Net>,
        subnet: Option<VnetRule>,
    },
    /// Peering names are unique per VNet, not per topology; where two VNets share one, the
    /// model's by-name edits cannot tell them apart, so these act on the side by index.
    SetPeeringAt {
        index: usize,
        flags: PeeringFlags,
    },
    RemovePeeringAt(usize),
    /// A side's cached copy of its remote's address space (RULES.md §14): set to the old space
    /// when the remote changes, cleared by `peering sync`.
    SetRemoteCacheAt {
        index: usize,
        cache: Option<Vec<Ipv4Net>>,
    },
}

impl Change {
    fn structural(&self) -> bool {
        !matches!(
            self,
            Change::Edit(_)
                | Change::SetPeeringAt { .. }
                | Change::RemovePeeringAt(_)
                | Change::SetRemoteCacheAt { .. }
        )
    }

    fn apply(&self, t: &mut Topology) -> Result<(), String> {
        match self {
            Change::Edit(e) => e.apply(t),
            Change::AddVnet(v) => {
                if t.vnet(&v.name).is_some() {
                    return Err(format!("a VNet named {} already exists", v.name));
                }
                t.vnets.push(v.clone());
                Ok(())
            }
            Change::AddSubnet { vnet, subnet } => {
                let v = t
                    .vnets
                    .iter_mut()
                    .find(|v| &v.name == vnet)
                    .ok_or_else(|| format!("there is no VNet named {vnet}"))?;
                v.subnets.push(subnet.clone());
                Ok(())
            }
            Change::SetAddressSpace { vnet, prefixes } => {
                let v = t
                    .vnets
                    .iter_mut()
                    .find(|v| &v.name == vnet)
                    .ok_or_else(|| format!("there is no VNet named {vnet}"))?;
                v.address_space = prefixes.clone();
                Ok(())
            }
            Change::AddNsg(name) => {
                t.nsgs.push(Nsg {
                    name: name.clone(),
                    rules: Vec::new(),
                    pos: Pos::default(),
                });
                Ok(())
            }
            Change::AddZone(name) => {
                t.dns_zones.push(crate::model::DnsZone {
                    name: name.clone(),
                    links: Vec::new(),
                    records: Default::default(),
                    pos: Pos::default(),
                });
                Ok(())
            }
            Change::SetSubnetServices {
                vnet,
                subnet,
                service_endpoints,
                policies,
            } => {
                let sn = t
                    .vnets
                    .iter_mut()
                    .find(|v| &v.name == vnet)
                    .and_then(|v| v.subnets.iter_mut().find(|s| &s.name == subnet))
                    .ok_or_else(|| format!("there is no subnet {vnet}/{subnet}"))?;
                if let Some(se) = service_endpoints {
                    sn.service_endpoints = se.clone();
                }
                if let Some(p) = policies {
                    sn.private_endpoint_network_policies = *p;
                }
                Ok(())
            }
            Change::SetVmAsgs { vm, asgs } => {
                let m = t
                    .vms
                    .iter_mut()
                    .find(|m| &m.name == vm)
                    .ok_or_else(|| format!("there is no VM named {vm}"))?;
                m.asgs = asgs.clone();
                Ok(())
            }
            Change::AddBastion(b) => {
                t.bastions.push(b.clone());
                Ok(())
            }
            Change::AddPrivateEndpoint(e) => {
                t.private_endpoints.push(e.clone());
                Ok(())
            }
            Change::AddPaasRule { paas, ip, subnet } => {
                let p = t
                    .paas
                    .iter_mut()
                    .find(|p| &p.name == paas)
                    .ok_or_else(|| format!("there is no PaaS resource named {paas}"))?;
                if let Some(ip) = ip
                    && !p.ip_rules.contains(ip)
                {
                    p.ip_rules.push(*ip);
                }
                if let Some(r) = subnet
                    && !p.vnet_rules.contains(r)
                {
                    p.vnet_rules.push(r.clone());
                }
                Ok(())
            }
            Change::SetPeeringAt { index, flags } => {
                let p = t.peerings.get_mut(*index).ok_or("no such peering")?;
                flags.apply(p);
                Ok(())
            }
            Change::SetRemoteCacheAt { index, cache } => {
                let p = t.peerings.get_mut(*index).ok_or("no such peering")?;
                p.remote_space_cached = cache.clone();
                Ok(())
            }
            Change::RemovePeeringAt(index) => {
                if *index >= t.peerings.len() {
                    return Err("no such peering".to_string());
                }
                t.peerings.remove(*index);
                Ok(())
            }
        }
    }
}

/// `t` with every change applied, or why one cannot apply. A change the model has no edit for
/// is checked by writing the topology out and reading it back with the model's parser, so a
/// lab can never hold a network the evaluator would refuse to read.
pub fn apply_all(t: &Topology, changes: &[Change]) -> Result<Topology, String> {
    let mut next = t.clone();
    for c in changes {
        c.apply(&mut next)?;
    }
    if changes.iter().any(Change::structural)
        && let Err(diags) = parse_topology(&to_toml(&next))
        && let Some(d) = diags.iter().find(|d| d.is_error())
    {
        return Err(d.message.clone());
    }
    Ok(next)
}
