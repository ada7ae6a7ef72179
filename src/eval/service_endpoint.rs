//! Service endpoints (RULES.md §13): the route to a service's public addresses with next hop
//! `VirtualNetworkServiceEndpoint`, on the subnets that enable the endpoint and on no other.

use super::Network;
use super::routes::{EffectiveRoute, NextHopType};
use ipnet::Ipv4Net;

/// "The public IP addresses for certain services are added to the route table" of a subnet
/// with the service's endpoint. peerlab knows a service's addresses only through the PaaS
/// resources of the file, so each contributes its public address as a /32 (Azure adds the
/// service's whole regional prefixes; the choice of route is the same for these addresses).
pub(super) fn routes(net: &Network, v: usize, s: usize, out: &mut Vec<EffectiveRoute>) {
    let t = net.topology;
    let sn = &t.vnets[v].subnets[s];
    if sn.service_endpoints.is_empty() {
        return;
    }
    let mut seen: Vec<Ipv4Net> = Vec::new();
    for p in &t.paas {
        if !sn.service_endpoints.contains(&p.service) {
            continue;
        }
        let prefix = Ipv4Net::new(p.public_ip, 32).expect("32 is a valid prefix length");
        if seen.contains(&prefix) {
            continue;
        }
        seen.push(prefix);
        out.push(EffectiveRoute::system(
            prefix,
            NextHopType::VirtualNetworkServiceEndpoint,
            None,
        ));
    }
}
