//! Crossing a peering: the forwarded-traffic check and the readings of RULES.md §8 that touch it.

use super::{Failure, Prev, Walker};
use crate::eval::reason::Reason;

impl<'n, 't> Walker<'n, 't> {
    /// Crossing a peering from `x` into `y`: the forwarded-traffic check (RULES.md §3).
    pub(super) fn cross_peering(&mut self, x: usize, y: usize, prev: Prev) -> Result<(), Failure> {
        let net = self.net;
        let t = net.topology;
        let link = *net
            .connected(x, y)
            .expect("peering routes exist only for Connected peerings");
        let own = &t.peerings[link.own];
        let back = &t.peerings[link.back];
        let forwarded = !t.vnets[x].contains(self.packet.src);
        let at = format!("peering {}", own.name);
        // RULES.md §8 disputes only the case of access off with no NSG on the path: read
        // the other way, the peering then blocks by itself.
        if net.reading.access_off_blocks
            && (!own.allow_virtual_network_access || !back.allow_virtual_network_access)
            && !net.nsg_guards(self.packet.src)
            && !net.nsg_guards(self.packet.dst)
        {
            let detail = format!(
                "under the reading that access off blocks traffic by itself when no NSG applies, {} -> {} is blocked",
                t.vnets[x].name, t.vnets[y].name
            );
            self.hop(&at, "peering", false, detail.clone());
            return Err(Failure::new(Reason::VnetAccessDisabled, at, detail));
        }
        // The disputed reading checks the sending VNet's own side instead (RULES.md §8).
        let back = if net.reading.forwarded_on_sender {
            own
        } else {
            back
        };
        if !forwarded {
            self.hop(
                &at,
                "peering",
                true,
                format!("{} -> {} (Connected)", t.vnets[x].name, t.vnets[y].name),
            );
            return Ok(());
        }
        let gateway_forwarded = prev == Prev::Gateway && net.transit[y] == Some(x);
        // RULES.md §8: the troubleshooting page's reading, the box read on the gateway VNet.
        let back = if gateway_forwarded && net.reading.gateway_forwarded_on_gateway_vnet {
            own
        } else {
            back
        };
        if prev == Prev::Router {
            self.hop(
                &at,
                "peering",
                true,
                format!(
                    "{} -> {}: traffic a VPN gateway routes on is not subject to the forwarded-traffic setting",
                    t.vnets[x].name, t.vnets[y].name
                ),
            );
            return Ok(());
        }
        if gateway_forwarded && !net.reading.gateway_forwarded_on_gateway_vnet {
            self.hop(
                &at,
                "peering",
                true,
                format!(
                    "{} -> {}: traffic from the gateway to a spoke using it through transit is not subject to the forwarded-traffic setting",
                    t.vnets[x].name, t.vnets[y].name
                ),
            );
            return Ok(());
        }
        if back.allow_forwarded_traffic {
            self.hop(
                &at,
                "peering",
                true,
                format!(
                    "{} -> {}: source {} is outside {}, so this is forwarded traffic; {} allows it",
                    t.vnets[x].name, t.vnets[y].name, self.packet.src, t.vnets[x].name, back.name
                ),
            );
            return Ok(());
        }
        let detail = format!(
            "source {} is outside {}, so the packet is forwarded traffic, and peering {} (owned by {}) does not allow forwarded traffic",
            self.packet.src, t.vnets[x].name, back.name, t.vnets[y].name
        );
        let at = format!("peering {}", back.name);
        self.hop(&at, "peering", false, detail.clone());
        Err(Failure::new(Reason::ForwardedTrafficBlocked, at, detail))
    }
}
