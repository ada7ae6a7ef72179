//! Azure Bastion's reach (RULES.md §11): which sessions the service opens at all, before the
//! session's packets are routed like any other from the AzureBastionSubnet.

use super::reason::Reason;
use super::routes::{NextHopType, RouteSource, RouteState};
use super::trace::{Arrival, Failure, Walker};
use super::{MachineKind, Network};
use crate::model::{Bastion, BastionSku, User, bastion_nsg_missing};

/// What Bastion refuses, and why.
pub(super) type Refusal = (Reason, String);

/// How the session was asked for: a VM picked in the portal, or an address typed in (IP-based
/// connection, FORMAT.md §1b).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Connect {
    Portal(usize),
    Ip,
}

/// Checks a Bastion session from bastion `b` before any packet moves: RBAC (with `--as`), SKU
/// and feature, the portal's reach (its VNet and directly peered VNets), tenants, a broken
/// Bastion (incomplete NSG, forced tunnelling). Returns what the Bastion does on success.
pub(super) fn admit(
    net: &Network,
    b: usize,
    connect: Connect,
    port: u16,
    user: Option<&User>,
) -> Result<String, Refusal> {
    let t = net.topology;
    let bas = &t.bastions[b];
    let bv = net.vnet_index(&bas.vnet).expect("placed bastion");
    let target_vnet = match connect {
        Connect::Portal(m) => match net.machines[m].kind {
            MachineKind::Vm { vnet, .. } => Some(vnet),
            _ => {
                return Err((
                    Reason::NoRoute,
                    format!(
                        "Bastion connects to virtual machines; {} is not one",
                        net.machines[m].name
                    ),
                ));
            }
        },
        Connect::Ip => None,
    };
    if let (Some(u), Connect::Portal(m)) = (user, connect) {
        rbac(net, bas, bv, m, target_vnet.expect("portal target"), u)?;
    }
    // Basic and Developer connect on the standard RDP and SSH ports; Standard and Premium
    // also on custom ports (RULES.md §11: "custom port, Standard").
    if !matches!(port, 22 | 3389) && !bas.sku.has_ip_connect() {
        return Err((
            Reason::BastionUnsupportedSku,
            format!(
                "bastion {} ({} SKU) connects on port 3389 (RDP) or 22 (SSH) only; port {port} needs the Standard or Premium SKU",
                bas.name,
                bas.sku.as_str()
            ),
        ));
    }
    let how = match connect {
        Connect::Ip => {
            if !(bas.sku.has_ip_connect() && bas.ip_based_connection) {
                let why = if bas.sku.has_ip_connect() {
                    "IP-based connection is not enabled on it".to_string()
                } else {
                    format!(
                        "IP-based connection needs the Standard or Premium SKU, and it is {}",
                        bas.sku.as_str()
                    )
                };
                return Err((
                    Reason::BastionUnsupportedSku,
                    format!("bastion {} cannot connect to an address: {why}", bas.name),
                ));
            }
            format!("bastion {} opens an IP-based session", bas.name)
        }
        Connect::Portal(m) => {
            let tv = target_vnet.expect("portal target");
            let vm = &net.machines[m].name;
            if tv != bv {
                if bas.sku == BastionSku::Developer {
                    return Err((
                        Reason::BastionUnsupportedSku,
                        format!(
                            "bastion {} is a Developer bastion, which does not connect to peered virtual networks; {vm} is in {}",
                            bas.name, t.vnets[tv].name
                        ),
                    ));
                }
                if net.connected(bv, tv).is_none() {
                    return Err((
                        Reason::NotTransitive,
                        format!(
                            "bastion {} reaches VMs in {} and in VNets directly peered with it (Connected); {vm} is in {}, which is not",
                            bas.name, t.vnets[bv].name, t.vnets[tv].name
                        ),
                    ));
                }
                if t.vnets[tv].tenant != t.vnets[bv].tenant {
                    // BFAQ: "Subscriptions across two different Tenants aren't supported".
                    return Err((
                        Reason::BastionUnsupportedSku,
                        format!(
                            "bastion {} is in tenant {} and {vm} in tenant {}: Bastion does not connect across tenants",
                            bas.name, t.vnets[bv].tenant, t.vnets[tv].tenant
                        ),
                    ));
                }
            }
            format!("bastion {} opens a session to {vm}", bas.name)
        }
    };
    if bas.sku == BastionSku::Developer {
        return Ok(how);
    }
    let v = &t.vnets[bv];
    let sn = v
        .subnet(crate::model::BASTION_SUBNET)
        .expect("a non-Developer bastion has its subnet");
    if let Some(nsg) = sn.nsg.as_deref().and_then(|n| t.nsg(n)) {
        let missing = bastion_nsg_missing(nsg);
        if !missing.is_empty() {
            return Err((
                Reason::NsgDeny,
                format!(
                    "NSG {} on {} lacks rules Bastion must have ({}), so the Bastion does not work",
                    nsg.name,
                    crate::model::BASTION_SUBNET,
                    missing.join("; ")
                ),
            ));
        }
    }
    let s = v
        .subnets
        .iter()
        .position(|x| x.name == crate::model::BASTION_SUBNET)
        .expect("found above");
    // A default route learned from the gateway (forced tunnelling) "will break the Azure
    // Bastion service" (RULES.md §11, BFAQ).
    if let Some(r) = net.effective_routes(bv, s).iter().find(|r| {
        r.prefix.prefix_len() == 0
            && r.state == RouteState::Active
            && r.source == RouteSource::VirtualNetworkGateway
            && r.next_hop == NextHopType::VirtualNetworkGateway
    }) {
        return Err((
            Reason::NoRoute,
            format!(
                "{} learns a default route from the gateway ({}): forced tunnelling breaks Azure Bastion, whose control traffic must reach the internet",
                crate::model::BASTION_SUBNET,
                r.describe()
            ),
        ));
    }
    Ok(how)
}

/// RULES.md §11: Reader on the VM, on its NIC and on the Bastion, and on the target VM's VNet
/// when the Bastion is in a peered VNet. Every built-in role includes reading.
fn rbac(
    net: &Network,
    bas: &Bastion,
    bv: usize,
    m: usize,
    tv: usize,
    u: &User,
) -> Result<(), Refusal> {
    let t = net.topology;
    let vm = net.machines[m].name.clone();
    let mut need = vec![vm.clone(), format!("{vm}-nic"), bas.name.clone()];
    if tv != bv {
        need.push(t.vnets[tv].name.clone());
    }
    let missing: Vec<String> = need
        .into_iter()
        .filter(|scope| u.roles_on(scope).next().is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err((
        Reason::RbacDenied,
        format!(
            "user {} needs at least Reader on {} to connect through bastion {}",
            u.name,
            missing.join(", "),
            bas.name
        ),
    ))
}

impl Walker<'_, '_> {
    /// Bastion's own checks for a session from machine `src` (bastion `b`), as a `bastion` hop.
    pub(super) fn bastion_session(&mut self, src: usize, b: usize) -> Result<(), Failure> {
        let net = self.net;
        let connect = match self.target {
            Some(m) if self.named_target => Connect::Portal(m),
            _ => Connect::Ip,
        };
        let user = self.as_user.map(|u| &net.topology.users[u]);
        let name = net.machines[src].name.clone();
        match admit(net, b, connect, self.packet.port, user) {
            Ok(detail) => {
                self.hop(&name, "bastion", true, detail);
                Ok(())
            }
            Err((reason, detail)) => {
                self.hop(&name, "bastion", false, detail.clone());
                Err(Failure::new(reason, name, detail))
            }
        }
    }

    /// A Developer bastion has no subnet: it reaches VMs of its own VNet from shared
    /// infrastructure, and peerlab models no NSG check for it (no documented source range).
    pub(super) fn developer_session(&mut self, src: usize, b: usize) -> Result<Arrival, Failure> {
        self.bastion_session(src, b)?;
        let net = self.net;
        let Some(m) = self.target.filter(|_| self.named_target) else {
            unreachable!("admit refuses IP-based sessions on Developer");
        };
        let name = net.machines[m].name.clone();
        self.hop(
            &name,
            "deliver",
            true,
            format!("the Developer bastion's session reaches {name}"),
        );
        Ok(Arrival::Machine(m))
    }
}
