//! Application security groups (RULES.md §10): who is a member, and which NSG rules Azure
//! refuses for naming ASGs of more than one virtual network.

use super::{AddressMatch, Diagnostic, NsgRule, Topology, Vm};

/// Azure's ARM code for a rule whose ASGs come from different VNets (RULES.md §10).
pub const ASG_RULE_CODE: &str = "AllApplicationSecurityGroupsInSecurityRuleMustBeFromSameVnet";
/// peerlab's name (no public ARM code, RULES.md §10) for a NIC joining an ASG of another VNet.
pub const ASG_MEMBER_CODE: &str = "asg-members-different-vnets";

/// Whether `vm`'s NIC is a member of ASG `asg`: it lists it, and lives in the ASG's VNet (a
/// NIC of another VNet is refused, FORMAT.md §1b).
pub fn is_member(t: &Topology, vm: &Vm, asg: &str) -> bool {
    vm.asgs.iter().any(|a| a == asg) && t.asg(asg).is_some_and(|g| g.vnet == vm.vnet)
}

/// The ASGs a rule names, source side then destination side.
pub fn rule_asgs(r: &NsgRule) -> impl Iterator<Item = &String> {
    [&r.source, &r.destination]
        .into_iter()
        .flat_map(|m| match m {
            AddressMatch::Asgs(names) => names.as_slice(),
            _ => &[],
        })
}

/// The VNets of the ASGs a rule names, in order, without repeats.
fn rule_vnets<'t>(t: &'t Topology, r: &NsgRule) -> Vec<&'t str> {
    let mut out: Vec<&str> = Vec::new();
    for a in rule_asgs(r) {
        if let Some(g) = t.asg(a)
            && !out.contains(&g.vnet.as_str())
        {
            out.push(&g.vnet);
        }
    }
    out
}

/// Whether Azure refuses the rule: "All ASGs on the Security Rule must be from the same
/// virtual network" (RULES.md §10). A refused rule does not exist for the evaluator.
pub fn rule_refused(t: &Topology, r: &NsgRule) -> bool {
    rule_vnets(t, r).len() > 1
}

/// `check`'s warnings: one per refused rule (Azure's code), one per refused membership.
pub(crate) fn asg_warnings(t: &Topology) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for nsg in &t.nsgs {
        for r in nsg.rules.iter().filter(|r| rule_refused(t, r)) {
            out.push(Diagnostic::warning(
                r.pos,
                ASG_RULE_CODE,
                format!(
                    "Azure would refuse rule {:?} of NSG {:?} (Azure's error code {ASG_RULE_CODE}, Azure says \"All ASGs on the Security Rule must be from the same virtual network.\"): its ASGs belong to {}; the rule does not exist for the evaluator",
                    r.name,
                    nsg.name,
                    rule_vnets(t, r)
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ));
        }
    }
    for vm in &t.vms {
        for a in &vm.asgs {
            if let Some(g) = t.asg(a)
                && g.vnet != vm.vnet
            {
                out.push(Diagnostic::warning(
                    vm.pos,
                    ASG_MEMBER_CODE,
                    format!(
                        "VM {:?} is in VNet {:?}, but ASG {:?} belongs to {:?}: every NIC of an ASG must be in the ASG's virtual network, so Azure refuses the membership (peerlab's name, not an Azure code) and the VM is not a member",
                        vm.name, vm.vnet, g.name, g.vnet
                    ),
                ));
            }
        }
    }
    out
}
