//! Who may create a peering (RULES.md §15). peerlab follows the rule's default: creating
//! P(X→Y) needs `virtualNetworkPeerings/write` on X and `virtualNetworks/peer/action` on Y
//! (MP22–MP24; MP25 is silent on `peer/action`, marked AMBIGUOUS there). Of the built-in roles
//! the format knows, Owner, Contributor and Network Contributor grant both; Reader neither. A
//! peering without `created_by` is not checked (files written before §1b mean what they did).

use super::{Peering, Role, Topology, Vnet};

/// Whether `role` grants both actions a peering needs on a VNet.
fn grants_peering(role: Role) -> bool {
    matches!(
        role,
        Role::Owner | Role::Contributor | Role::NetworkContributor
    )
}

/// Azure's refusal of `p` (own VNet `x`, remote `y`) for want of rights, with the detail.
pub(super) fn refusal(
    t: &Topology,
    p: &Peering,
    x: &Vnet,
    y: &Vnet,
) -> Option<(super::Rejection, String)> {
    let name = p.created_by.as_deref()?;
    let user = t.users.iter().find(|u| u.name == name)?;
    for (v, action) in [
        (
            x,
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
        ),
        (y, "Microsoft.Network/virtualNetworks/peer/action"),
    ] {
        // FORMAT.md §1b: with both the tenant and the role missing, the tenant is reported.
        if !user.in_tenant(&v.tenant) {
            return Some((
                super::Rejection::LinkedAuthorizationFailed,
                format!(
                    "{:?} is not signed in to tenant {:?}, which holds {:?} (subscription {:?}); a guest account there that has accepted the invitation is needed",
                    user.name, v.tenant, v.name, v.subscription
                ),
            ));
        }
        if !user.roles_on(&v.name).any(grants_peering) {
            return Some((
                super::Rejection::AuthorizationFailed,
                format!(
                    "{:?} has no role on {:?} that grants {action} (Network Contributor does)",
                    user.name, v.name
                ),
            ));
        }
    }
    None
}
