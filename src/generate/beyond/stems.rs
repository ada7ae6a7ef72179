//! What a beyond item asks: the flow, the stem, the topic, the exhibit's tables, the source.

use super::network::Names;
use super::{Case, P2S_PEERED};
use crate::bank::Topic;
use crate::generate::stem::possessive;

/// The flow asked about, the stem, the item's topic, its exhibit and its source.
pub(super) struct Ask {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) port: u16,
    pub(super) stem: String,
    pub(super) topic: Topic,
    pub(super) exhibit: Vec<&'static str>,
    pub(super) source: (&'static str, &'static str),
}

pub(super) fn ask(n: &Names, case: Case, port22: bool) -> Ask {
    let fqdn = format!("{}.blob.core.windows.net", n.account);
    match case {
        Case::PrivateEndpoint { .. } => Ask {
            from: n.spoke_vm.clone(),
            to: fqdn.clone(),
            port: 443,
            stem: format!(
                "{} keeps the storage account {} private: public network access is disabled, and pe-{} in {} carries its traffic. {} is peered with {}. The exhibit shows the peerings, the private endpoint, the account's networking and the private DNS zone.\n\nCan {} connect to {fqdn} on TCP 443? If not, what is the root cause?",
                n.company, n.account, n.account, n.hub, n.spoke, n.hub, n.spoke_vm
            ),
            topic: Topic::Dns,
            exhibit: vec![
                "vnets",
                "peerings",
                "vms",
                "private-endpoints",
                "paas",
                "dns",
            ],
            source: (
                "Azure Private Endpoint DNS integration",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
            ),
        },
        Case::Bastion { .. } => {
            let (port, what) = if port22 { (22, "SSH") } else { (3389, "RDP") };
            Ask {
                from: "bas-hub".to_string(),
                to: n.spoke_vm.clone(),
                port,
                stem: format!(
                    "{} administrators use bas-hub, an Azure Bastion host in {}, to manage VMs in the peered {}. The exhibit shows the peerings, the spoke's NSG with its default rules and the Bastion host.\n\nCan bas-hub open an {what} session (TCP {port}) to {}? If not, what is the cause?",
                    possessive(n.company),
                    n.hub,
                    n.spoke,
                    n.spoke_vm
                ),
                topic: Topic::PeeringBasics,
                exhibit: vec!["vnets", "peerings", "vms", "nsgs+defaults", "bastions"],
                source: (
                    "VNet peering and Azure Bastion",
                    "https://learn.microsoft.com/azure/bastion/vnet-peering",
                ),
            }
        }
        Case::ServiceEndpoint { from_hub, .. } => {
            let from = if from_hub { &n.hub_vm } else { &n.spoke_vm };
            Ask {
                from: from.clone(),
                to: fqdn.clone(),
                port: 443,
                stem: format!(
                    "{} storage account {} accepts requests only from selected networks; its virtual network rule names {}/workload. {} and {} are peered. The exhibit shows the subnets' service endpoints, the peerings and the account's networking.\n\nCan {from} connect to {fqdn} on TCP 443? If not, what is the cause?",
                    possessive(n.company),
                    n.account,
                    n.spoke,
                    n.hub,
                    n.spoke
                ),
                topic: Topic::Routing,
                exhibit: vec!["vnets", "peerings", "vms", "service-endpoints", "paas"],
                source: (
                    "Virtual network service endpoints",
                    "https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview",
                ),
            }
        }
        Case::NvaServiceEndpoint { .. } => Ask {
            from: n.spoke_vm.clone(),
            to: fqdn.clone(),
            port: 443,
            stem: format!(
                "{} storage account {} accepts requests only from selected networks; its virtual network rule names {}/shared, where the network virtual appliance {} runs. A route table sends all outbound traffic of {} to {}. The exhibit shows the subnets' service endpoints, the route table, the peerings and the account's networking.\n\nCan {} connect to {fqdn} on TCP 443? If not, what is the cause?",
                possessive(n.company),
                n.account,
                n.hub,
                n.hub_vm,
                n.spoke,
                n.hub_vm,
                n.spoke_vm
            ),
            topic: Topic::Routing,
            exhibit: vec![
                "vnets",
                "peerings",
                "routes",
                "vms",
                "service-endpoints",
                "paas",
            ],
            source: (
                "Virtual network service endpoints",
                "https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview",
            ),
        },
        Case::P2s { .. } => Ask {
            from: n.client.clone(),
            to: n.spoke_vm.clone(),
            port: 443,
            stem: format!(
                "{} remote staff connect their laptops to the VPN gateway in {} (P2S VPN). {} was peered with {} on {P2S_PEERED}. The exhibit shows the peerings and the P2S configuration.\n\nCan {} connect to {} on TCP 443? If not, what is the cause?",
                possessive(n.company),
                n.hub,
                n.spoke,
                n.hub,
                n.client,
                n.spoke_vm
            ),
            topic: Topic::GatewayTransit,
            exhibit: vec!["vnets", "peerings", "vms", "gateways", "p2s"],
            source: (
                "About point-to-site VPN routing",
                "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-point-to-site-routing",
            ),
        },
    }
}
