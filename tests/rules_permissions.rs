//! RULES.md §15: creating P(X→Y) needs write on X and `peer/action` on Y (Network Contributor
//! covers both); a missing role is `AuthorizationFailed`, a tenant the user is not signed in to
//! `LinkedAuthorizationFailed` (both Azure's codes). Expected values written from the rule and
//! FORMAT.md §1b before the cases were run.

mod common;

use common::*;
use peerlab::eval::Reason;
use peerlab::model::{Rejection, parse_topology};

/// hub in tenant contoso, spoke in fabrikam; both sides created by alice, who holds
/// `spoke_role` on the spoke VNet and Network Contributor on the hub.
fn cross_tenant(guest: bool, spoke_role: &str) -> String {
    let guest_in = if guest { "[\"fabrikam\"]" } else { "[]" };
    format!(
        r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
subscription = "sub-hub"
tenant = "contoso"
  [[vnet.subnet]]
  name = "s"
  prefix = "10.0.1.0/24"
[[vnet]]
name = "spoke"
address_space = ["10.1.0.0/16"]
subscription = "sub-spoke"
tenant = "fabrikam"
  [[vnet.subnet]]
  name = "s"
  prefix = "10.1.1.0/24"
[[vm]]
name = "vm-hub"
vnet = "hub"
subnet = "s"
ip = "10.0.1.4"
[[vm]]
name = "vm-spoke"
vnet = "spoke"
subnet = "s"
ip = "10.1.1.4"
[[user]]
name = "alice"
tenant = "contoso"
guest_in = {guest_in}
roles = [{{ role = "Network Contributor", scope = "hub" }},
         {{ role = "{spoke_role}", scope = "spoke" }}]
[[peering]]
name = "hub-to-spoke"
vnet = "hub"
remote = "spoke"
created_by = "alice"
[[peering]]
name = "spoke-to-hub"
vnet = "spoke"
remote = "hub"
created_by = "alice"
"#
    )
}

#[test]
fn rule15_network_contributor_on_both_vnets_and_a_guest_account_peer_across_tenants() {
    let text = cross_tenant(true, "Network Contributor");
    assert_eq!(rejected(&text), [None, None]);
    expect(&topo(&text), "vm-hub", "vm-spoke", 443, Reason::Ok);
}

#[test]
fn rule15_owner_and_contributor_grant_the_peering_reader_does_not() {
    for (role, want) in [
        ("Owner", None),
        ("Contributor", None),
        ("Reader", Some(Rejection::AuthorizationFailed)),
    ] {
        // Both sides need the spoke: write on it (spoke-to-hub), peer/action on it (hub-to-spoke).
        assert_eq!(rejected(&cross_tenant(true, role)), [want, want], "{role}");
    }
    let t = topo(&cross_tenant(true, "Reader"));
    expect(&t, "vm-hub", "vm-spoke", 443, Reason::PeeringNotConnected);
}

#[test]
fn rule15_a_user_not_signed_in_to_the_other_tenant_gets_linked_authorization_failed() {
    // Role on the spoke present but no guest account in fabrikam: Linked (azure-cli#16691's
    // case); role missing too: still Linked (FORMAT.md §1b).
    for role in ["Network Contributor", "Reader"] {
        assert_eq!(
            rejected(&cross_tenant(false, role)),
            [
                Some(Rejection::LinkedAuthorizationFailed),
                Some(Rejection::LinkedAuthorizationFailed)
            ],
            "{role}"
        );
    }
    assert!(Rejection::LinkedAuthorizationFailed.is_azure_code());
    assert!(Rejection::AuthorizationFailed.is_azure_code());
}

#[test]
fn rule15_a_peering_without_created_by_is_not_checked() {
    let text = cross_tenant(false, "Reader").replace("created_by = \"alice\"\n", "");
    assert_eq!(rejected(&text), [None, None]);
}

#[test]
fn rule15_check_warns_with_azures_code() {
    let warnings: Vec<String> = parse_topology(&cross_tenant(true, "Reader"))
        .expect("valid")
        .warnings
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("AuthorizationFailed") && w.contains("Azure's error code")),
        "{warnings:#?}"
    );
}
