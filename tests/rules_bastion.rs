//! Table tests for RULES.md §11 (Azure Bastion across peering), each named after its section:
//! which VNets a session reaches by SKU and peering, the NSGs on both ends, and the Reader roles
//! of `--as USER`. Every expected verdict and reason was written from RULES.md and FORMAT.md §1b
//! before the evaluator was run on it. (Split from tests/rules_beyond.rs, past its size, by
//! section; the shared network is tests/common/beyond.rs.)

mod common;

use common::beyond::*;
use common::*;
use peerlab::eval::{FlowSpec, Network, NextHopType, Reason};

const STANDARD: &str = "sku = \"Standard\"";
const STANDARD_IP: &str = "sku = \"Standard\"\nip_based_connection = true";
const ACCESS_OFF: &str = "allow_virtual_network_access = false";

// --- RULES.md §11: Azure Bastion across peering ---------------------------------------------

#[test]
fn s11_portal_connection_reaches_the_own_vnet_and_directly_peered_vnets() {
    let t = base(&[("BASTION", STANDARD)]);
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
    let tr = expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    // The session leaves from the AzureBastionSubnet: its route to spoke1 is the peering.
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::VNetPeering);
    assert_eq!(tr.source_ip.to_string(), "10.0.254.4");
    expect(&t, "bas-hub", "vm-app", 22, Reason::Ok);
}

#[test]
fn s11_a_peer_of_a_peer_is_not_transitive() {
    // A Basic bastion in spoke1: spoke2 is peered with the hub, not with spoke1.
    let t = base(&[
        (
            "SPOKE1",
            "  [[vnet.subnet]]\n  name = \"AzureBastionSubnet\"\n  prefix = \"10.1.254.0/26\"",
        ),
        (
            "EXTRA",
            "[[bastion]]\nname = \"bas-spoke\"\nvnet = \"spoke1\"",
        ),
    ]);
    expect(&t, "bas-spoke", "vm-web", 3389, Reason::Ok);
    expect(&t, "bas-spoke", "vm-hub", 3389, Reason::Ok);
    expect(&t, "bas-spoke", "vm-app", 3389, Reason::NotTransitive);
}

#[test]
fn s11_access_off_on_the_targets_peering_is_vnet_access_disabled() {
    // spoke1's side has access off: the hub (and its AzureBastionSubnet) leaves spoke1's
    // VirtualNetwork tag, so nsg-web's AllowVnetInBound no longer admits the session.
    let t = base(&[("BASTION", STANDARD), ("SPOKE1_TO_HUB", ACCESS_OFF)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::VnetAccessDisabled);
    expect(&t, "bas-hub", "vm-app", 3389, Reason::Ok);
}

#[test]
fn s11_developer_sku_does_not_cross_a_peering() {
    let t = base(&[("BASTION", "sku = \"Developer\"")]);
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::BastionUnsupportedSku);
}

#[test]
fn s11_ip_based_connection_needs_standard_and_the_setting() {
    let basic = base(&[]);
    expect(
        &basic,
        "bas-hub",
        "10.1.1.4",
        3389,
        Reason::BastionUnsupportedSku,
    );
    let off = base(&[("BASTION", STANDARD)]);
    expect(
        &off,
        "bas-hub",
        "10.1.1.4",
        3389,
        Reason::BastionUnsupportedSku,
    );
    let on = base(&[("BASTION", STANDARD_IP)]);
    expect(&on, "bas-hub", "10.1.1.4", 3389, Reason::Ok);
    // Basic takes only the RDP and SSH ports; Standard also custom ones.
    expect(
        &basic,
        "bas-hub",
        "vm-web",
        8443,
        Reason::BastionUnsupportedSku,
    );
    expect(&on, "bas-hub", "vm-web", 8443, Reason::Ok);
}

#[test]
fn s11_the_target_nsg_must_admit_the_bastion_subnet() {
    let deny = "  [[nsg.rule]]\n  name = \"no-bastion\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"deny\"\n  protocol = \"tcp\"\n  source = \"10.0.254.0/26\"\n  destination = \"*\"\n  destination_ports = \"3389\"";
    let t = base(&[("NSG_WEB", deny)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::NsgDeny);
    expect(&t, "bas-hub", "vm-web", 22, Reason::Ok);
}

#[test]
fn s11_an_incomplete_bastion_nsg_breaks_the_bastion() {
    let nsg = "  nsg = \"nsg-bas\"";
    let rule = |name: &str, prio: u32, dir: &str, src: &str, dst: &str, ports: &str| {
        format!(
            "  [[nsg.rule]]\n  name = \"{name}\"\n  priority = {prio}\n  direction = \"{dir}\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"{src}\"\n  destination = \"{dst}\"\n  destination_ports = \"{ports}\"\n"
        )
    };
    let full = [
        rule("in-internet", 100, "inbound", "Internet", "*", "443"),
        rule("in-gwm", 110, "inbound", "GatewayManager", "*", "443"),
        rule(
            "in-dataplane",
            120,
            "inbound",
            "VirtualNetwork",
            "VirtualNetwork",
            "8080,5701",
        ),
        rule("in-lb", 130, "inbound", "AzureLoadBalancer", "*", "443"),
        rule("out-vms", 100, "outbound", "*", "VirtualNetwork", "22,3389"),
        rule(
            "out-dataplane",
            110,
            "outbound",
            "VirtualNetwork",
            "VirtualNetwork",
            "8080,5701",
        ),
        rule("out-cloud", 120, "outbound", "*", "AzureCloud", "443"),
        rule("out-http", 130, "outbound", "*", "Internet", "80"),
    ];
    let text = |rules: &[String]| format!("[[nsg]]\nname = \"nsg-bas\"\n{}", rules.concat());
    let whole = text(&full);
    let t = base(&[("BASTION_NSG", nsg), ("EXTRA", &whole)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    let without_gwm: Vec<String> = full
        .iter()
        .filter(|r| !r.contains("in-gwm"))
        .cloned()
        .collect();
    let partial = text(&without_gwm);
    let t = base(&[("BASTION_NSG", nsg), ("EXTRA", &partial)]);
    let tr = expect(&t, "bas-hub", "vm-web", 3389, Reason::NsgDeny);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail.contains("inbound 443 from GatewayManager")),
        "{:#?}",
        tr.hops
    );
}

#[test]
fn s11_bastion_sessions_need_reader_on_vm_nic_bastion_and_the_peered_vnet() {
    let alice = |roles: &str| format!("[[user]]\nname = \"alice\"\nroles = [{roles}]");
    let three = "{ role = \"Reader\", scope = \"vm-web\" }, { role = \"Reader\", scope = \"vm-web-nic\" }, { role = \"Reader\", scope = \"bas-hub\" }";
    let u = alice(three);
    let t = base(&[("EXTRA", &u)]);
    // The bastion is in a peered VNet: Reader on spoke1 is missing.
    expect_as(
        &t,
        "bas-hub",
        "vm-web",
        3389,
        Some("alice"),
        Reason::RbacDenied,
    );
    // Without --as no role is checked.
    expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    let u = alice(&format!(
        "{three}, {{ role = \"Network Contributor\", scope = \"spoke1\" }}"
    ));
    let t = base(&[("EXTRA", &u)]);
    expect_as(&t, "bas-hub", "vm-web", 3389, Some("alice"), Reason::Ok);
    let net = Network::new(&t);
    assert!(
        net.trace_as(&FlowSpec::new("bas-hub", "vm-web"), Some("bob"))
            .is_err()
    );
}

#[test]
fn s11_bastion_does_not_cross_tenants() {
    let t = base(&[("SPOKE1", "tenant = \"fabrikam\"")]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::BastionUnsupportedSku);
}
