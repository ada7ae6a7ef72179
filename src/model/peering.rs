//! Azure's verdict on each peering request (RULES.md §1) and the state each side shows (§2).
//!
//! Peerings are created in file order, so "already peered" and "more than one" mean: among the
//! peerings earlier in the file that Azure accepted. A rejected peering does not exist.

use super::{Diagnostic, Topology};
use std::collections::HashMap;

/// ARM's error code for a rejected peering request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    VnetAddressSpacesOverlap,
    VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
    AnotherPeeringAlreadyReferencesRemoteVnet,
    RemoteVnetHasNoGateways,
    UseRemoteGatewaysWithLocalGateway,
    MultipleUseRemoteGateways,
    TransitAndRemoteGatewaysOnSamePeering,
    BasicSkuNoTransit,
    PeeringLimitExceeded,
    /// RULES.md §2: re-creating the deleted side while the other shows Disconnected.
    RemotePeeringIsDisconnected,
}

impl Rejection {
    pub fn code(self) -> &'static str {
        match self {
            Rejection::VnetAddressSpacesOverlap => "VnetAddressSpacesOverlap",
            Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet => {
                "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"
            }
            Rejection::AnotherPeeringAlreadyReferencesRemoteVnet => {
                "AnotherPeeringAlreadyReferencesRemoteVnet"
            }
            Rejection::RemoteVnetHasNoGateways => "RemoteVnetHasNoGateways",
            Rejection::UseRemoteGatewaysWithLocalGateway => "UseRemoteGatewaysWithLocalGateway",
            Rejection::MultipleUseRemoteGateways => "MultipleUseRemoteGateways",
            Rejection::TransitAndRemoteGatewaysOnSamePeering => {
                "TransitAndRemoteGatewaysOnSamePeering"
            }
            Rejection::BasicSkuNoTransit => "BasicSkuNoTransit",
            Rejection::PeeringLimitExceeded => "PeeringLimitExceeded",
            Rejection::RemotePeeringIsDisconnected => "RemotePeeringIsDisconnected",
        }
    }
}

/// Azure's limit of peerings per VNet.
pub const MAX_PEERINGS_PER_VNET: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeeringState {
    Initiated,
    Connected,
    Disconnected,
}

impl PeeringState {
    pub fn as_str(self) -> &'static str {
        match self {
            PeeringState::Initiated => "Initiated",
            PeeringState::Connected => "Connected",
            PeeringState::Disconnected => "Disconnected",
        }
    }
}

/// What became of one `[[peering]]` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeeringVerdict {
    /// Azure refused to create it; `detail` explains the conflict in this file's terms.
    Rejected {
        code: Rejection,
        detail: String,
    },
    Exists(PeeringState),
}

impl PeeringVerdict {
    pub fn state(&self) -> Option<PeeringState> {
        match self {
            PeeringVerdict::Exists(s) => Some(*s),
            PeeringVerdict::Rejected { .. } => None,
        }
    }

    pub fn is_connected(&self) -> bool {
        self.state() == Some(PeeringState::Connected)
    }
}

/// One verdict per `t.peerings[i]`, same order. `t` must be structurally valid.
pub fn create_peerings(t: &Topology) -> Vec<PeeringVerdict> {
    let mut accepted: Vec<usize> = Vec::new();
    let mut verdicts: Vec<Option<PeeringVerdict>> = vec![None; t.peerings.len()];
    // Per VNet, the remote VNets of its accepted peerings (for the "already peered" checks).
    let mut peers: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (i, p) in t.peerings.iter().enumerate() {
        match judge(t, p, &accepted, &peers, &count) {
            Some((code, detail)) => verdicts[i] = Some(PeeringVerdict::Rejected { code, detail }),
            None => {
                accepted.push(i);
                peers.entry(&p.vnet).or_default().push(&p.remote);
                peers.entry(&p.remote).or_default().push(&p.vnet);
                *count.entry(&p.vnet).or_default() += 1;
            }
        }
    }
    for &i in &accepted {
        let p = &t.peerings[i];
        let state = if p.remote_deleted {
            PeeringState::Disconnected
        } else if accepted.iter().any(|&j| {
            let q = &t.peerings[j];
            q.vnet == p.remote && q.remote == p.vnet && !q.remote_deleted
        }) {
            PeeringState::Connected
        } else {
            PeeringState::Initiated
        };
        verdicts[i] = Some(PeeringVerdict::Exists(state));
    }
    verdicts
        .into_iter()
        .map(|v| v.expect("every peering judged"))
        .collect()
}

fn judge(
    t: &Topology,
    p: &super::Peering,
    accepted: &[usize],
    peers: &HashMap<&str, Vec<&str>>,
    count: &HashMap<&str, usize>,
) -> Option<(Rejection, String)> {
    let (Some(x), Some(y)) = (t.vnet(&p.vnet), t.vnet(&p.remote)) else {
        return None;
    };
    if x.name == y.name {
        return Some((
            Rejection::VnetAddressSpacesOverlap,
            format!("VNet {:?} cannot be peered with itself", x.name),
        ));
    }
    if x.overlaps(y) {
        return Some((
            Rejection::VnetAddressSpacesOverlap,
            format!(
                "the address spaces of {:?} and {:?} overlap; peered VNets need distinct address spaces",
                x.name, y.name
            ),
        ));
    }
    // Both ways: a VNet may never have two peers whose address spaces overlap.
    for (a, b) in [(x, y), (y, x)] {
        for z in peers.get(b.name.as_str()).into_iter().flatten() {
            if *z != a.name
                && let Some(zv) = t.vnet(z)
                && a.overlaps(zv)
            {
                return Some((
                    Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
                    format!(
                        "{:?} overlaps {:?}, which is already peered with {:?}",
                        a.name, zv.name, b.name
                    ),
                ));
            }
        }
    }
    if let Some(&j) = accepted.iter().find(|&&j| {
        let q = &t.peerings[j];
        q.vnet == p.remote && q.remote == p.vnet && q.remote_deleted
    }) {
        return Some((
            Rejection::RemotePeeringIsDisconnected,
            format!(
                "{:?}'s side {:?} is Disconnected; delete it and create both sides again",
                y.name, t.peerings[j].name
            ),
        ));
    }
    if accepted.iter().any(|&j| {
        let q = &t.peerings[j];
        q.vnet == p.vnet && q.remote == p.remote
    }) {
        return Some((
            Rejection::AnotherPeeringAlreadyReferencesRemoteVnet,
            format!(
                "VNet {:?} already has a peering to {:?}; delete it before adding another",
                x.name, y.name
            ),
        ));
    }
    if p.allow_gateway_transit && p.use_remote_gateways {
        return Some((
            Rejection::TransitAndRemoteGatewaysOnSamePeering,
            "one peering cannot both allow gateway transit and use remote gateways".to_string(),
        ));
    }
    if p.use_remote_gateways {
        if x.gateway.is_some() {
            return Some((
                Rejection::UseRemoteGatewaysWithLocalGateway,
                format!(
                    "VNet {:?} has its own gateway, so it cannot use the gateway of {:?}",
                    x.name, y.name
                ),
            ));
        }
        let Some(gw) = &y.gateway else {
            return Some((
                Rejection::RemoteVnetHasNoGateways,
                format!(
                    "use_remote_gateways is set, but {:?} has no gateway to use",
                    y.name
                ),
            ));
        };
        if accepted.iter().any(|&j| {
            let q = &t.peerings[j];
            q.vnet == p.vnet && q.use_remote_gateways
        }) {
            return Some((
                Rejection::MultipleUseRemoteGateways,
                format!(
                    "another peering of {:?} already uses a remote gateway; a VNet can use only one",
                    x.name
                ),
            ));
        }
        if gw.is_basic() {
            return Some((
                Rejection::BasicSkuNoTransit,
                format!(
                    "the gateway of {:?} is Basic SKU, which does not support gateway transit",
                    y.name
                ),
            ));
        }
    }
    if p.allow_gateway_transit && x.gateway.as_ref().is_some_and(|g| g.is_basic()) {
        return Some((
            Rejection::BasicSkuNoTransit,
            format!(
                "the gateway of {:?} is Basic SKU, which does not support gateway transit",
                x.name
            ),
        ));
    }
    if count.get(p.vnet.as_str()).copied().unwrap_or(0) >= MAX_PEERINGS_PER_VNET {
        return Some((
            Rejection::PeeringLimitExceeded,
            format!(
                "VNet {:?} already has {MAX_PEERINGS_PER_VNET} peerings, Azure's limit",
                x.name
            ),
        ));
    }
    None
}

/// The warnings `check` prints for peerings Azure would refuse.
pub(crate) fn rejection_warnings(t: &Topology) -> Vec<Diagnostic> {
    create_peerings(t)
        .iter()
        .zip(&t.peerings)
        .filter_map(|(v, p)| match v {
            PeeringVerdict::Rejected { code, detail } => Some(Diagnostic::warning(
                p.pos,
                code.code(),
                format!(
                    "Azure would reject peering {:?}: {detail}; it does not exist for the evaluator",
                    p.name
                ),
            )),
            PeeringVerdict::Exists(_) => None,
        })
        .collect()
}
