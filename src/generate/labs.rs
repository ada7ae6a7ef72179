//! Scenarios for generated labs (issue 14 "Generated labs"): a working design from the same
//! builder as the questions, broken by one to three faults of the catalogue whose repair the
//! lab's simulated CLI can type. The lab side (`crate::lab::generated`) turns each repair
//! into az commands and the broken flows into goals.

use super::dice::Dice;
use super::faults::{self, Fault, FaultKind};
use super::scenario::{self, Options};
use crate::model::{PeeringVerdict, Topology, create_peerings};

/// The faults whose repair is a command of the simulated CLI and whose flow the fault breaks
/// (`UdrLessSpecific` only changes a path; gateway, site, firewall-rule and overlap repairs
/// have no command there).
pub const LAB_FAULTS: [FaultKind; 14] = [
    FaultKind::OneSided,
    FaultKind::Disconnected,
    FaultKind::TransitHubOff,
    FaultKind::TransitSpokeOff,
    FaultKind::ForwardedOff,
    FaultKind::OneWayUdr,
    FaultKind::MissingUdr,
    FaultKind::UdrNone,
    FaultKind::NsgDenySubnet,
    FaultKind::NsgDenyNic,
    FaultKind::AccessOff,
    FaultKind::IpForwardingOff,
    FaultKind::DnsNotLinked,
    FaultKind::RoutesNotPropagated,
];

/// A broken network and its faults, in the order they were injected (their repairs apply in
/// that order).
#[derive(Debug, Clone)]
pub struct LabDraw {
    pub topology: Topology,
    pub faults: Vec<Fault>,
    /// The workload and hub VMs, for goals that must keep holding.
    pub vms: Vec<String>,
}

/// The draw of `seed`, or `None` when it gives no fault or a network Azure would refuse.
pub fn draw(seed: u64) -> Option<LabDraw> {
    let mut d = Dice::new(seed);
    let want = 1 + d.below(3);
    let mut kinds = LAB_FAULTS.to_vec();
    d.shuffle(&mut kinds);
    let mut shape = scenario::random_shape(&mut d);
    let mut opts = Options::random(&mut d, shape);
    for k in kinds.iter().take(want) {
        super::adapt(&mut d, *k, &mut shape, &mut opts);
    }
    let mut sc = scenario::build(&mut d, shape, opts);
    let mut found: Vec<Fault> = Vec::new();
    for kind in kinds {
        if found.len() == want {
            break;
        }
        let mut trial = sc.clone();
        if let Some(f) = faults::inject(&mut d, &mut trial, kind) {
            sc = trial;
            found.push(f);
        }
    }
    if found.is_empty()
        || create_peerings(&sc.topology)
            .iter()
            .any(|v| matches!(v, PeeringVerdict::Rejected { .. }))
    {
        return None;
    }
    let mut vms = sc.vms.clone();
    vms.extend(sc.hub_vms.iter().cloned());
    Some(LabDraw {
        topology: sc.topology,
        faults: found,
        vms,
    })
}
