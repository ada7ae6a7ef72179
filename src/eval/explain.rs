//! One paragraph a learner can read: what happened, why Azure behaves so, and what to change.

use super::Network;
use super::reason::{Hop, Leg, Reason};
use super::trace::{Failure, FlowSpec};
use std::net::Ipv4Addr;

/// The lesson behind each reason, in peerlab's own words.
pub fn lesson(reason: Reason) -> &'static str {
    match reason {
        Reason::Ok => "",
        Reason::DnsUnresolved => {
            "Peering joins address spaces, not name spaces: Azure-provided names answer only inside their own VNet, and a private DNS zone answers only the VNets linked to it. Link the zone to the VNet that asks (or point that VNet at a DNS server that can see the zone)."
        }
        Reason::PeeringNotConnected => {
            "A peering carries traffic only once both VNets hold their side and each side shows Connected. Create the missing side; while a side shows Disconnected, Azure refuses to create its other side again until the Disconnected side is deleted and re-created; a request Azure rejected must have its cause fixed first."
        }
        Reason::NotTransitive => {
            "Peering is not transitive: two VNets peered with the same hub are not peered with each other. Peer them directly, or send their traffic through an appliance in the hub with user-defined routes and forwarded traffic allowed."
        }
        Reason::GatewayTransitMissing => {
            "Sharing a hub's gateway takes a pair of settings: the hub's peering allows gateway transit and the spoke's peering uses the remote gateway. Either one alone does nothing, and a spoke with a gateway of its own cannot use a remote one."
        }
        Reason::NoRoute => {
            "Nothing in the subnet's effective routes delivers this address. Look at the effective routes of the source NIC (Network Watcher's next hop shows the route chosen) and add the peering, gateway or user-defined route the path needs."
        }
        Reason::UdrDrop => {
            "A user-defined route whose next hop is None discards matching packets on purpose. Remove or narrow that route if this flow should pass."
        }
        Reason::NsgDeny => {
            "Routes choose a path; NSGs decide whether a packet may take it. Leaving, the NIC's NSG is checked and then the subnet's; arriving, the subnet's and then the NIC's, and both levels must allow. IP flow verify names the rule that decided."
        }
        Reason::VnetAccessDisabled => {
            "With access to the remote VNet turned off on a peering, the remote address space drops out of the VirtualNetwork service tag, so the default AllowVnet rules stop matching and the default DenyAll rules block the traffic. Turn access back on, or allow this flow with an NSG rule that names the address prefixes (a rule written with the VirtualNetwork tag stops matching too)."
        }
        Reason::IpForwardingDisabled => {
            "A VM that routes other machines' packets needs IP forwarding enabled on its NIC and routing enabled in its operating system; without either, Azure or the guest drops every packet not addressed to the VM itself."
        }
        Reason::ForwardedTrafficBlocked => {
            "A VNet accepts packets that started outside the peered VNet only if its own peering allows forwarded traffic. For spoke-to-spoke through a hub appliance, set it on each spoke's peering to the hub, for both directions."
        }
        Reason::FirewallDeny => {
            "Azure Firewall denies everything its rules do not allow: a route that sends traffic to it opens nothing by itself. Add a rule that allows this flow."
        }
        Reason::NoReturnRoute => {
            "A connection works only if the reply finds its way back, through the same stateful appliances as the request. Add the missing return route: a user-defined route on the destination side, or the spoke's prefix on the on-premises side."
        }
        Reason::RoutingLoop => {
            "The routes pass the packet around in a circle. Look at the route tables of the appliance subnets: an appliance's own subnet must not send the destination back to an appliance."
        }
        Reason::PeeringNotSynced => {
            "Each side of a peering keeps its own copy of the remote VNet's address space. After a VNet's space changes, its peerings show LocalNotInSync or RemoteNotInSync until they are synced, and until then the other VNet has no route to the new range and does not count it in its VirtualNetwork tag. Sync the stale peering (az network vnet peering sync)."
        }
        Reason::PaasFirewallDeny => {
            "A PaaS resource's firewall judges requests that reach its public endpoint: with selected networks, a subnet must have the service endpoint and a virtual network rule, and a public source must match an IP rule. Peered VNets and on-premises networks do not inherit another subnet's service endpoint; a private endpoint bypasses the public firewall entirely."
        }
        Reason::PrivateEndpointNotApproved => {
            "A private endpoint carries traffic only once the resource owner approves its connection. A Pending or Rejected endpoint keeps its address and its /32 route, but packets to it go nowhere. Approve the connection on the PaaS resource."
        }
        Reason::BastionUnsupportedSku => {
            "What a Bastion can reach depends on its SKU: Developer connects only to VMs in its own virtual network, and connecting by IP address needs the Standard or Premium SKU with IP-based connection turned on. Upgrade the SKU or enable the feature."
        }
        Reason::RbacDenied => {
            "Azure checks roles before it touches the network. Connecting through Bastion needs Reader on the VM, its NIC and the Bastion (and on the target VNet when the Bastion is in a peered VNet); creating a peering needs write access on both VNets. Assign the missing role."
        }
        Reason::P2sProfileStale => {
            "A point-to-site client learns its routes from the VPN client profile it downloaded. Peering changes made later do not reach it: download and install the profile again after every peering or gateway transit change."
        }
    }
}

pub(super) fn paragraph(
    net: &Network,
    spec: &FlowSpec,
    src: usize,
    dst: Option<Ipv4Addr>,
    hops: &[Hop],
    failure: Option<&Failure>,
) -> String {
    let from = &net.machines[src].name;
    let to = match dst {
        Some(ip) if spec.to != ip.to_string() => format!("{} ({ip})", spec.to),
        _ => spec.to.clone(),
    };
    let flow = format!("{}/{}", spec.protocol, spec.port);
    match failure {
        Some(f) => {
            let leg =
                if hops.iter().any(|h| h.leg == Leg::Reply) && f.reason != Reason::DnsUnresolved {
                    " The request got there, but not its reply."
                } else {
                    ""
                };
            format!(
                "{from} cannot reach {to} on {flow}: {}.{leg} {}",
                f.detail,
                lesson(f.reason)
            )
        }
        None => {
            let mut path: Vec<String> = Vec::new();
            for h in hops.iter().filter(|h| h.leg == Leg::Request) {
                match h.step {
                    "peering" => path.push(format!("crosses {}", h.at)),
                    "appliance" | "firewall" => path.push(format!("passes {}", h.at)),
                    "gateway" => path.push(format!("leaves through the {}", h.at)),
                    _ => {}
                }
            }
            let route = if path.is_empty() {
                "The packet is delivered directly".to_string()
            } else {
                format!("The packet {}", path.join(", then "))
            };
            let mut lesson = String::from(
                "Every check on the way allowed it: routes chose the path, NSGs let it through, and the reply found its way back.",
            );
            if hops
                .iter()
                .any(|h| h.step == "appliance" || h.step == "firewall")
            {
                lesson.push_str(" The user-defined routes only chose the appliance as next hop; its own rules, the NSGs and the forwarded-traffic settings had to allow the flow as well.");
            } else if hops.iter().any(|h| h.step == "peering")
                && !hops.iter().any(|h| h.step == "gateway")
            {
                lesson.push_str(" Peering carries private addresses over Microsoft's backbone, with no public IP and no gateway, once both sides are Connected.");
            }
            if hops
                .iter()
                .any(|h| h.step == "gateway" && h.detail.contains("transit"))
            {
                lesson.push_str(" The spoke reaches on-premises through the hub's gateway because the hub allows gateway transit and the spoke uses the remote gateway.");
            }
            format!("{from} reaches {to} on {flow}. {route}. {lesson}")
        }
    }
}
