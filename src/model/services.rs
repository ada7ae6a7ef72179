//! The resources of FORMAT.md §1b that sit beside the network: application security groups,
//! Bastion hosts, PaaS public endpoints and their private endpoints, users with their roles, and
//! point-to-site clients. Plain data like the rest of the model; the evaluator gives them
//! meaning (RULES.md §10–§16).

use super::{Access, AddressMatch, Direction, Nsg, Pos, Protocol};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// The subnet a Bastion host lives in (RULES.md §11).
pub const BASTION_SUBNET: &str = "AzureBastionSubnet";
/// The tenant and subscription of a VNet or user that does not say (FORMAT.md §1b).
pub const DEFAULT_TENANT: &str = "default";
pub const DEFAULT_SUBSCRIPTION: &str = "default";

/// An application security group (RULES.md §10): a named set of NICs of one VNet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Asg {
    pub name: String,
    pub vnet: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum BastionSku {
    Developer,
    #[default]
    Basic,
    Standard,
    Premium,
}

impl BastionSku {
    pub const ALL: [BastionSku; 4] = [
        BastionSku::Developer,
        BastionSku::Basic,
        BastionSku::Standard,
        BastionSku::Premium,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BastionSku::Developer => "Developer",
            BastionSku::Basic => "Basic",
            BastionSku::Standard => "Standard",
            BastionSku::Premium => "Premium",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown Bastion SKU {}; use \"Developer\", \"Basic\", \"Standard\" or \"Premium\"",
                    crate::text::quoted(s)
                )
            })
    }

    /// IP-based connection is a Standard and Premium feature (RULES.md §11, BIP).
    pub fn has_ip_connect(self) -> bool {
        matches!(self, BastionSku::Standard | BastionSku::Premium)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bastion {
    pub name: String,
    pub vnet: String,
    pub sku: BastionSku,
    pub ip_based_connection: bool,
    /// The source address of its sessions as written; `None`: the AzureBastionSubnet's first
    /// usable address (see [`super::Topology::bastion_ip`]).
    pub ip: Option<Ipv4Addr>,
    pub pos: Pos,
}

/// Who may reach a PaaS resource's public endpoint (RULES.md §12, §13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PublicAccess {
    /// Every source, rules ignored (Azure Storage's default: "Enabled from all networks").
    #[default]
    Enabled,
    /// No source: only private endpoints carry traffic.
    Disabled,
    /// Sources matching `ip_rules` or `vnet_rules`.
    Selected,
}

impl PublicAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicAccess::Enabled => "enabled",
            PublicAccess::Disabled => "disabled",
            PublicAccess::Selected => "selected",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "enabled" => Ok(PublicAccess::Enabled),
            "disabled" => Ok(PublicAccess::Disabled),
            "selected" => Ok(PublicAccess::Selected),
            _ => Err(format!(
                "unknown public_access {}; use \"enabled\", \"disabled\" or \"selected\"",
                crate::text::quoted(s)
            )),
        }
    }
}

/// A subnet allowed through the PaaS firewall (`VNET/SUBNET` in the file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct VnetRule {
    pub vnet: String,
    pub subnet: String,
}

impl std::fmt::Display for VnetRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.vnet, self.subnet)
    }
}

/// A PaaS resource's public endpoint, such as a storage account.
#[derive(Debug, Clone, PartialEq)]
pub struct Paas {
    pub name: String,
    /// The service namespace, as service endpoints name it (`Microsoft.Storage`).
    pub service: String,
    pub fqdn: String,
    pub public_ip: Ipv4Addr,
    pub region: String,
    pub public_access: PublicAccess,
    pub ip_rules: Vec<Ipv4Net>,
    pub vnet_rules: Vec<VnetRule>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrivateEndpoint {
    pub name: String,
    pub vnet: String,
    pub subnet: String,
    pub ip: Ipv4Addr,
    /// The [`Paas`] it connects to.
    pub resource: String,
    /// `false`: the connection is Pending or Rejected and carries nothing (RULES.md §12).
    pub approved: bool,
    pub pos: Pos,
}

/// A subnet's private endpoint network policies (RULES.md §12; default `Disabled`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PeNetworkPolicies {
    #[default]
    Disabled,
    NetworkSecurityGroupEnabled,
    RouteTableEnabled,
    Enabled,
}

impl PeNetworkPolicies {
    pub const ALL: [PeNetworkPolicies; 4] = [
        PeNetworkPolicies::Disabled,
        PeNetworkPolicies::NetworkSecurityGroupEnabled,
        PeNetworkPolicies::RouteTableEnabled,
        PeNetworkPolicies::Enabled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PeNetworkPolicies::Disabled => "Disabled",
            PeNetworkPolicies::NetworkSecurityGroupEnabled => "NetworkSecurityGroupEnabled",
            PeNetworkPolicies::RouteTableEnabled => "RouteTableEnabled",
            PeNetworkPolicies::Enabled => "Enabled",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            format!(
                "unknown private_endpoint_network_policies {}; use \"Disabled\", \"NetworkSecurityGroupEnabled\", \"RouteTableEnabled\" or \"Enabled\"",
                crate::text::quoted(s)
            )
        })
    }

    /// The subnet NSG filters traffic to private endpoints in it (FORMAT.md §1b).
    pub fn nsg_on(self) -> bool {
        matches!(
            self,
            PeNetworkPolicies::NetworkSecurityGroupEnabled | PeNetworkPolicies::Enabled
        )
    }

    /// A UDR can override the private endpoint's /32 (FORMAT.md §1b).
    pub fn route_table_on(self) -> bool {
        matches!(
            self,
            PeNetworkPolicies::RouteTableEnabled | PeNetworkPolicies::Enabled
        )
    }
}

/// The built-in roles peerlab knows (FORMAT.md §1b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Contributor,
    NetworkContributor,
    Reader,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Contributor,
        Role::NetworkContributor,
        Role::Reader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Contributor => "Contributor",
            Role::NetworkContributor => "Network Contributor",
            Role::Reader => "Reader",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            format!(
                "unknown role {}; use \"Owner\", \"Contributor\", \"Network Contributor\" or \"Reader\"",
                crate::text::quoted(s)
            )
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    pub role: Role,
    /// A VNet, VM, NIC (`<vm>-nic`) or bastion name.
    pub scope: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct User {
    pub name: String,
    pub tenant: String,
    /// Tenants where the user is an accepted guest who also signs in there.
    pub guest_in: Vec<String>,
    pub roles: Vec<RoleAssignment>,
    pub pos: Pos,
}

impl User {
    pub fn in_tenant(&self, tenant: &str) -> bool {
        self.tenant == tenant || self.guest_in.iter().any(|t| t == tenant)
    }

    /// The roles the user holds exactly on `scope`.
    pub fn roles_on<'a>(&'a self, scope: &'a str) -> impl Iterator<Item = Role> + 'a {
        self.roles
            .iter()
            .filter(move |a| a.scope == scope)
            .map(|a| a.role)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ClientOs {
    #[default]
    Windows,
    Other,
}

impl ClientOs {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientOs::Windows => "windows",
            ClientOs::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "windows" => Ok(ClientOs::Windows),
            "other" => Ok(ClientOs::Other),
            _ => Err(format!(
                "unknown os {}; use \"windows\" or \"other\"",
                crate::text::quoted(s)
            )),
        }
    }
}

/// A point-to-site VPN client (RULES.md §16).
#[derive(Debug, Clone, PartialEq)]
pub struct P2sClient {
    pub name: String,
    /// The VNet whose gateway the client connects to.
    pub gateway_vnet: String,
    pub ip: Ipv4Addr,
    pub os: ClientOs,
    /// `false`: the profile was downloaded before the last peering or transit change.
    pub profile_current: bool,
    /// The day the profile was downloaded (`YYYY-MM-DD`), shown instead of the words "before
    /// / after the last peering change": a bank item can then leave the comparison with the
    /// day its stem gives to the learner. Display only; `profile_current` decides.
    pub profile_downloaded: Option<String>,
    pub pos: Pos,
}

/// The rules an NSG on AzureBastionSubnet must hold (RULES.md §11, BNSG: "you **must** create
/// all of the following"): direction, ports, source and destination.
const BASTION_NSG_RULES: [(Direction, &[u16], AddressMatch, AddressMatch); 8] = [
    (
        Direction::Inbound,
        &[443],
        AddressMatch::Internet,
        AddressMatch::Any,
    ),
    (
        Direction::Inbound,
        &[443],
        AddressMatch::GatewayManager,
        AddressMatch::Any,
    ),
    (
        Direction::Inbound,
        &[8080, 5701],
        AddressMatch::VirtualNetwork,
        AddressMatch::VirtualNetwork,
    ),
    (
        Direction::Inbound,
        &[443],
        AddressMatch::AzureLoadBalancer,
        AddressMatch::Any,
    ),
    (
        Direction::Outbound,
        &[3389, 22],
        AddressMatch::Any,
        AddressMatch::VirtualNetwork,
    ),
    (
        Direction::Outbound,
        &[8080, 5701],
        AddressMatch::VirtualNetwork,
        AddressMatch::VirtualNetwork,
    ),
    (
        Direction::Outbound,
        &[443],
        AddressMatch::Any,
        AddressMatch::AzureCloud,
    ),
    (
        Direction::Outbound,
        &[80],
        AddressMatch::Any,
        AddressMatch::Internet,
    ),
];

/// The required Bastion rules `nsg` lacks, described (`inbound 443 from GatewayManager`). A
/// rule counts when it allows TCP (or any protocol) on the port, from the tag (or `*`) and to
/// the tag (or `*`); a required side of `*` accepts any address.
pub fn bastion_nsg_missing(nsg: &Nsg) -> Vec<String> {
    let side = |want: &AddressMatch, have: &AddressMatch| {
        *want == AddressMatch::Any || *have == AddressMatch::Any || want == have
    };
    let mut out = Vec::new();
    for (dir, ports, src, dst) in &BASTION_NSG_RULES {
        for &port in *ports {
            let held = nsg.rules.iter().any(|r| {
                r.direction == *dir
                    && r.access == Access::Allow
                    && matches!(r.protocol, Protocol::Tcp | Protocol::Any)
                    && r.destination_ports.contains(port)
                    && side(src, &r.source)
                    && side(dst, &r.destination)
            });
            if !held {
                let (from, to) = (src.to_string(), dst.to_string());
                out.push(format!("{} {port} from {from} to {to}", dir.as_str()));
            }
        }
    }
    out
}
