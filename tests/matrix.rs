//! `peerlab matrix` on tests/fixtures/matrix/hub-site.toml: a hub with a VPN gateway to site
//! `dc` (BGP), spoke-a with the transit pair set and an NSG denying HTTPS from the hub, spoke-b
//! peered with portal defaults (no transit).
//!
//! The expected cells were worked out from RULES.md and docs/EVALUATOR.md before the command
//! was run:
//! - spoke-a and spoke-b are peers of a peer: `not-transitive` both ways (RULES §3);
//! - spoke-b has no transit pair, so it and the datacenter cannot reach each other:
//!   `gateway-transit-missing` both ways (the site's gateway advertises only hub and spoke-a);
//! - nsg-a denies TCP 443 from 10.0.0.0/16 inbound: vm-hub -> vm-a is `nsg-deny` at 443, and
//!   reachable at 22; the reply of vm-a -> vm-hub is not filtered (NSGs are stateful);
//! - everything else is reachable, dc-app <-> vm-a through gateway transit.

use assert_cmd::Command;
use serde_json::Value;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/matrix/hub-site.toml"
);

/// (from, to, reason at TCP 443), every ordered pair, row by row in endpoint order.
const EXPECTED: [(&str, &str, &str); 12] = [
    ("vm-hub", "vm-a", "nsg-deny"),
    ("vm-hub", "vm-b", "ok"),
    ("vm-hub", "dc-app", "ok"),
    ("vm-a", "vm-hub", "ok"),
    ("vm-a", "vm-b", "not-transitive"),
    ("vm-a", "dc-app", "ok"),
    ("vm-b", "vm-hub", "ok"),
    ("vm-b", "vm-a", "not-transitive"),
    ("vm-b", "dc-app", "gateway-transit-missing"),
    ("dc-app", "vm-hub", "ok"),
    ("dc-app", "vm-a", "ok"),
    ("dc-app", "vm-b", "gateway-transit-missing"),
];

fn peerlab() -> Command {
    Command::cargo_bin("peerlab").expect("binary")
}

fn stdout_of(args: &[&str]) -> String {
    let out = peerlab().args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn json_has_every_ordered_pair_with_the_expected_reason() {
    let doc: Value = serde_json::from_str(&stdout_of(&["matrix", FILE, "--json"])).expect("json");
    assert_eq!(doc["port"], 443);
    assert_eq!(doc["protocol"], "tcp");
    let names: Vec<&str> = doc["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["vm-hub", "vm-a", "vm-b", "dc-app"]);
    assert_eq!(doc["endpoints"][3]["network"], "dc");
    assert_eq!(doc["endpoints"][1]["ip"], "10.1.1.4");
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), EXPECTED.len());
    for (p, (from, to, reason)) in pairs.iter().zip(EXPECTED) {
        assert_eq!(p["from"], from);
        assert_eq!(p["to"], to);
        assert_eq!(p["reason"], reason, "{from} -> {to}");
        let verdict = if reason == "ok" {
            "reachable"
        } else {
            "unreachable"
        };
        assert_eq!(p["verdict"], verdict, "{from} -> {to}");
    }
}

#[test]
fn the_port_changes_what_the_nsg_denies() {
    let csv = stdout_of(&["matrix", FILE, "--csv", "--port", "22"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("from,to,verdict,reason"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0], "vm-hub,vm-a,reachable,ok");
    assert_eq!(rows[4], "vm-a,vm-b,unreachable,not-transitive");
    assert_eq!(rows[11], "dc-app,vm-b,unreachable,gateway-transit-missing");
}

#[test]
fn text_is_a_grid_with_a_legend_and_a_summary_by_reason() {
    let text = stdout_of(&["matrix", FILE]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("4 endpoints, tcp port 443, row = source"),
        "{text}"
    );
    // Row = source; N nsg-deny, T not-transitive, G gateway-transit-missing, - itself.
    let grid = [
        "           1 2 3 4",
        "1  vm-hub  - N . .",
        "2  vm-a    . - T .",
        "3  vm-b    . T - G",
        "4  dc-app  . . G -",
    ];
    let at = lines
        .iter()
        .position(|l| l.starts_with("1  vm-hub"))
        .expect("a row per endpoint");
    assert_eq!(&lines[at - 1..at + 4], &grid[..], "{text}");
    assert!(
        text.contains(
            "legend: . reachable  T not-transitive  G gateway-transit-missing  N nsg-deny  - itself"
        ),
        "{text}"
    );
    assert!(text.contains("12 ordered pairs:"), "{text}");
    assert!(
        text.contains("  7 pairs reachable: "),
        "7 of the 12 are ok: {text}"
    );
    assert!(
        text.contains("  2 pairs not-transitive: spoke-a <-> spoke-b\n"),
        "{text}"
    );
    assert!(
        text.contains("  2 pairs gateway-transit-missing: dc <-> spoke-b\n"),
        "{text}"
    );
    assert!(
        text.contains("  1 pair nsg-deny: hub <-> spoke-a\n"),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_with_a_located_message() {
    let out = peerlab()
        .args(["matrix", "no-such-file.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.toml"));
    let out = peerlab()
        .args(["matrix", FILE, "--json", "--csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--json and --csv conflict");
}

#[test]
fn a_network_with_one_vm_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("one.toml");
    std::fs::write(
        &f,
        "[[vnet]]\nname = \"a\"\naddress_space = [\"10.1.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"s\"\n  prefix = \"10.1.1.0/24\"\n[[vm]]\nname = \"vm-a\"\nvnet = \"a\"\nsubnet = \"s\"\nip = \"10.1.1.4\"\n",
    )
    .unwrap();
    let text = stdout_of(&["matrix", f.to_str().unwrap()]);
    assert!(text.contains("needs at least two"), "{text}");
    let doc: Value =
        serde_json::from_str(&stdout_of(&["matrix", f.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 0);
}
