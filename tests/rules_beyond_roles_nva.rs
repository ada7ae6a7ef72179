//! More table tests for RULES.md §11 and §13, named after their section: the four Reader roles a
//! Bastion session needs with `--as USER` (one at a time, and through the command line), and a
//! spoke whose internet traffic is forced through a hub NVA reaching a storage firewall (the NVA
//! subnet needs the service endpoint and the VNet rule). On a network of its own (one spoke,
//! forwarded traffic allowed), not the shared one of tests/common/beyond.rs that
//! tests/rules_bastion.rs and rules_endpoints.rs use. Every verdict was written from RULES.md
//! before the evaluator ran.

mod common;

use assert_cmd::Command;
use common::*;
use peerlab::eval::{NextHopType, Reason};
use peerlab::model::Topology;
use serde_json::Value;

/// hub-vnet 10.0.0.0/16 (AzureBastionSubnet 10.0.254.0/26 with bas-hub, workload with vm-hub
/// 10.0.1.4, an NVA), spoke1 10.1.0.0/16 (vm-web 10.1.1.4), peered both ways with access and
/// forwarded traffic on. `@…@` slots are filled per test.
const BASE: &str = r#"
[[vnet]]
name = "hub-vnet"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  @HUB_WORKLOAD@
[[vnet]]
name = "spoke1"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.1.1.0/24"
  @SPOKE_WORKLOAD@
[[vm]]
name = "vm-hub"
vnet = "hub-vnet"
subnet = "workload"
ip = "10.0.1.4"
ip_forwarding = true
forwards = true
[[vm]]
name = "vm-web"
vnet = "spoke1"
subnet = "workload"
ip = "10.1.1.4"
[[peering]]
vnet = "hub-vnet"
remote = "spoke1"
allow_forwarded_traffic = true
[[peering]]
vnet = "spoke1"
remote = "hub-vnet"
allow_forwarded_traffic = true
[[bastion]]
name = "bas-hub"
vnet = "hub-vnet"
@BASTION@
@EXTRA@
"#;

const SLOTS: [&str; 4] = ["HUB_WORKLOAD", "SPOKE_WORKLOAD", "BASTION", "EXTRA"];

/// BASE with some slots filled (the rest empty).
fn base(fill: &[(&str, &str)]) -> Topology {
    topo(&filled(BASE, &SLOTS, fill))
}

/// A user `alice` with `role` on each scope.
fn alice(role: &str, scopes: &[&str]) -> String {
    let roles: Vec<String> = scopes
        .iter()
        .map(|s| format!("{{ role = \"{role}\", scope = \"{s}\" }}"))
        .collect();
    format!(
        "[[user]]\nname = \"alice\"\nroles = [{}]\n",
        roles.join(", ")
    )
}

// --- RULES.md §11: the four Reader roles ------------------------------------------------------

/// The four scopes §11 lists for a session from the hub's Bastion to a VM in the peered spoke:
/// the VM, its NIC, the Bastion, and the target VM's VNet.
const FOUR: [&str; 4] = ["vm-web", "vm-web-nic", "bas-hub", "spoke1"];

#[test]
fn s11_each_of_the_four_reader_roles_is_needed_over_a_peering() {
    let t = base(&[("EXTRA", &alice("Reader", &FOUR))]);
    expect_as(&t, "bas-hub", "vm-web", 3389, Some("alice"), Reason::Ok);
    for missing in FOUR {
        let rest: Vec<&str> = FOUR.into_iter().filter(|s| *s != missing).collect();
        let t = base(&[("EXTRA", &alice("Reader", &rest))]);
        let tr = expect_as(
            &t,
            "bas-hub",
            "vm-web",
            3389,
            Some("alice"),
            Reason::RbacDenied,
        );
        // The refusal names the one scope missing, and no other.
        let detail: String = tr.hops.iter().map(|h| h.detail.as_str()).collect();
        assert!(
            detail.contains(&format!("at least Reader on {missing} to connect")),
            "{missing}: {detail}"
        );
        for other in &rest {
            assert!(
                !detail.contains(&format!("Reader on {other} ")),
                "{missing}: {detail}"
            );
        }
        // Without --as no role is checked.
        expect_as(&t, "bas-hub", "vm-web", 3389, None, Reason::Ok);
    }
}

#[test]
fn s11_the_vnet_reader_is_needed_only_when_the_bastion_is_in_a_peered_vnet() {
    // Same VNet: Reader on the VM, its NIC and the Bastion suffice.
    let t = base(&[(
        "EXTRA",
        &alice("Reader", &["vm-hub", "vm-hub-nic", "bas-hub"]),
    )]);
    expect_as(&t, "bas-hub", "vm-hub", 22, Some("alice"), Reason::Ok);
    // Reader on the Bastion's own VNet is not the target VM's VNet.
    let t = base(&[(
        "EXTRA",
        &alice("Reader", &["vm-web", "vm-web-nic", "bas-hub", "hub-vnet"]),
    )]);
    expect_as(
        &t,
        "bas-hub",
        "vm-web",
        22,
        Some("alice"),
        Reason::RbacDenied,
    );
}

#[test]
fn s11_every_built_in_role_includes_reader() {
    for role in ["Owner", "Contributor", "Network Contributor", "Reader"] {
        let t = base(&[("EXTRA", &alice(role, &FOUR))]);
        expect_as(&t, "bas-hub", "vm-web", 3389, Some("alice"), Reason::Ok);
    }
}

#[test]
fn s11_roles_are_checked_before_the_sku() {
    // FORMAT.md §1b: with --as the Reader roles are checked first, so a Developer bastion that
    // could not cross the peering anyway reports the missing role.
    let t = base(&[
        ("BASTION", "sku = \"Developer\""),
        ("EXTRA", &alice("Reader", &FOUR[..3])),
    ]);
    expect_as(
        &t,
        "bas-hub",
        "vm-web",
        3389,
        Some("alice"),
        Reason::RbacDenied,
    );
    let t = base(&[
        ("BASTION", "sku = \"Developer\""),
        ("EXTRA", &alice("Reader", &FOUR)),
    ]);
    expect_as(
        &t,
        "bas-hub",
        "vm-web",
        3389,
        Some("alice"),
        Reason::BastionUnsupportedSku,
    );
}

fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::temp_dir().join(format!("peerlab-roles-test-{}", std::process::id()));
    c.env("PEERLAB_DATA_DIR", data);
    c
}

fn cli_trace(file: &str, user: &str) -> Value {
    let out = peerlab()
        .args([
            "trace", file, "--from", "bas-hub", "--to", "vm-data", "--port", "3389", "--as", user,
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn s11_trace_as_user_on_the_command_line() {
    // ops-alice holds all four Reader roles, ops-ben lacks the one on vnet-data.
    let ok = "content/topologies/q-beyond-bastion-ok.toml";
    let v = cli_trace(ok, "ops-alice");
    assert_eq!(
        (&v["verdict"], &v["reason"]),
        (&"reachable".into(), &"ok".into())
    );
    let v = cli_trace(ok, "ops-ben");
    assert_eq!(v["verdict"], "unreachable");
    assert_eq!(v["reason"], "rbac-denied");
    // In the broken twin alice has every role, and meets vnet-data's access off instead.
    let v = cli_trace(
        "content/topologies/q-beyond-bastion-broken.toml",
        "ops-alice",
    );
    assert_eq!(v["reason"], "vnet-access-disabled");
    // A user the file does not define is a bad argument.
    let out = peerlab()
        .args([
            "trace", ok, "--from", "bas-hub", "--to", "vm-data", "--as", "mallory",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mallory"), "{err}");
}

// --- RULES.md §13: a spoke forced through a hub NVA -------------------------------------------

/// Storage with selected networks and a VNet rule for `rule`; the spoke's subnet sends
/// everything (0.0.0.0/0) to the NVA vm-hub.
fn forced(rule: &str) -> String {
    format!(
        r#"[[paas]]
name = "stdata"
service = "Microsoft.Storage"
fqdn = "stdata.blob.core.windows.net"
public_ip = "20.60.2.20"
public_access = "selected"
vnet_rules = ["{rule}"]
[[route_table]]
name = "rt-web"
  [[route_table.route]]
  name = "all-to-nva"
  prefix = "0.0.0.0/0"
  next_hop = "VirtualAppliance"
  next_hop_ip = "10.0.1.4"
"#
    )
}

const SE: &str = "service_endpoints = [\"Microsoft.Storage\"]";
const RT: &str = "route_table = \"rt-web\"";

#[test]
fn s13_traffic_forced_through_an_nva_needs_the_endpoint_on_the_nva_subnet() {
    let both = format!("{SE}\n  ");
    // Endpoint and VNet rule on the NVA's subnet: the storage account sees the hub subnet.
    let t = base(&[
        ("HUB_WORKLOAD", &both),
        ("SPOKE_WORKLOAD", RT),
        ("EXTRA", &forced("hub-vnet/workload")),
    ]);
    let tr = expect_as(&t, "vm-web", "stdata", 443, None, Reason::Ok);
    let nh = tr.next_hop.unwrap();
    assert_eq!(
        (nh.kind, nh.ip.map(|i| i.to_string())),
        (NextHopType::VirtualAppliance, Some("10.0.1.4".into()))
    );
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail.contains("VirtualNetworkServiceEndpoint")),
        "{:#?}",
        tr.hops
    );
    // No endpoint on the NVA subnet: it leaves for the Internet and matches no rule.
    let t = base(&[
        ("SPOKE_WORKLOAD", RT),
        ("EXTRA", &forced("hub-vnet/workload")),
    ]);
    expect_as(&t, "vm-web", "stdata", 443, None, Reason::PaasFirewallDeny);
    // Endpoint on the NVA subnet, but the rule names the client's subnet: refused.
    let t = base(&[
        ("HUB_WORKLOAD", SE),
        ("SPOKE_WORKLOAD", RT),
        ("EXTRA", &forced("spoke1/workload")),
    ]);
    expect_as(&t, "vm-web", "stdata", 443, None, Reason::PaasFirewallDeny);
}

#[test]
fn s13_an_endpoint_on_the_client_subnet_is_more_specific_than_the_forced_default() {
    // The service's route (next hop VirtualNetworkServiceEndpoint) is longer than 0.0.0.0/0,
    // so it wins on the client's subnet and the NVA is bypassed (RULES.md §4, §13).
    let se_rt = format!("{SE}\n  {RT}");
    let t = base(&[
        ("SPOKE_WORKLOAD", &se_rt),
        ("EXTRA", &forced("spoke1/workload")),
    ]);
    let tr = expect_as(&t, "vm-web", "stdata", 443, None, Reason::Ok);
    assert_eq!(
        tr.next_hop.unwrap().kind,
        NextHopType::VirtualNetworkServiceEndpoint
    );
}
