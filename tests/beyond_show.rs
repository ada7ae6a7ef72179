//! Issue 15: the diagram and the exhibit show Bastion hosts, private endpoints, PaaS resources,
//! service endpoints, point-to-site clients and role assignments; `routes` keeps its columns
//! with the wider next hop types. Expected rows written from the fixture by hand.

use peerlab::diagram::{self, Mark, Options};
use peerlab::exhibit;
use peerlab::model::{Topology, parse_topology};

const FILE: &str = "tests/fixtures/valid-topologies/beyond-show.toml";

fn topo() -> Topology {
    parse_topology(include_str!("fixtures/valid-topologies/beyond-show.toml"))
        .unwrap()
        .topology
}

fn rows(t: &Topology, sel: &str) -> (String, Vec<String>, Vec<Vec<String>>) {
    let e = exhibit::for_question(t, Some(&[sel.to_string()])).unwrap();
    let table = e.tables.into_iter().next().unwrap();
    (table.title, table.columns, table.rows)
}

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_picture_marks_bastions_endpoints_pools_and_paas() {
    let t = topo();
    let lines = diagram::draw(&t, &Options::default());
    let text = diagram::to_text(&lines);
    for want in [
        "| bastion bas-hub Basic",
        "| bastion bas-dev Developer",
        "| pe pe-st 10.0.5.4",
        "|   -> stcontoso",
        "| P2S pool 172.31.0.0/24",
        "PaaS resources (outside every VNet):",
        "  stcontoso (Microsoft.Storage) 20.60.1.10 public access: selected networks,",
        "    private endpoint pe-st in hub",
        "  laptop-old 172.31.0.10 via hub's gateway, profile older than the last peering",
        "  laptop-new 172.31.0.11 via hub's gateway",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The bastion's line is coloured as a service, the stale client as broken.
    let marked = |needle: &str, mark: Mark| {
        lines.iter().any(|l| {
            l.text.find(needle).is_some_and(|at| {
                let at = l.text[..at].chars().count();
                l.spans
                    .iter()
                    .any(|s| s.mark == mark && s.start <= at && at < s.start + s.len)
            })
        })
    };
    assert!(marked("bastion bas-hub", Mark::Service));
    assert!(marked("pe pe-st", Mark::Service));
    assert!(marked("laptop-old", Mark::Broken));
    assert!(marked("laptop-new", Mark::Gateway));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn the_detailed_picture_shows_service_endpoints_and_policies() {
    let mut t = topo();
    t.vnets[0].subnets[3].private_endpoint_network_policies =
        peerlab::model::PeNetworkPolicies::RouteTableEnabled;
    let text = diagram::to_text(&diagram::draw(
        &t,
        &Options {
            detail: true,
            width: 100,
            ..Options::default()
        },
    ));
    assert!(
        text.contains("workload 10.1.1.0/24 (se Microsoft.Storage)"),
        "{text}"
    );
    assert!(
        text.contains("endpoints 10.0.5.0/24 (pe policies RouteTableEnabled)"),
        "{text}"
    );
}

#[test]
fn an_unapproved_endpoint_is_marked() {
    let mut t = topo();
    t.private_endpoints[0].approved = false;
    let text = diagram::to_text(&diagram::draw(&t, &Options::default()));
    assert!(text.contains("|   (not approved)"), "{text}");
    let (_, _, r) = rows(&t, "private-endpoints");
    assert_eq!(r[0][5], "Pending");
}

#[test]
fn the_new_tables_in_portal_words() {
    let t = topo();
    let (title, cols, r) = rows(&t, "bastions");
    assert_eq!(title, "Bastion hosts");
    assert_eq!(
        cols[..4],
        ["Bastion", "VNet", "Tier", "IP-based connection"]
    );
    assert_eq!(
        r,
        strs(&[
            &[
                "bas-hub",
                "hub",
                "Basic",
                "Disabled",
                "AzureBastionSubnet",
                "10.0.254.0/26",
                "-"
            ],
            &["bas-dev", "s1", "Developer", "Disabled", "-", "-", "-"],
        ])
    );
    let (_, _, r) = rows(&t, "private-endpoints");
    assert_eq!(
        r,
        strs(&[&[
            "pe-st",
            "hub",
            "endpoints",
            "10.0.5.4",
            "stcontoso",
            "Approved",
            "Disabled"
        ]])
    );
    let (title, _, r) = rows(&t, "paas:stcontoso");
    assert_eq!(title, "Networking of stcontoso");
    assert_eq!(
        r,
        strs(&[&[
            "stcontoso",
            "Microsoft.Storage",
            "stcontoso.blob.core.windows.net",
            "20.60.1.10",
            "eastus",
            "Enabled from selected virtual networks and IP addresses",
            "Subnet s1/workload",
        ]])
    );
    let (_, _, r) = rows(&t, "service-endpoints");
    assert_eq!(r.len(), 7, "every subnet, with or without an endpoint");
    assert!(r.contains(&strs(&[&["s1", "workload", "10.1.1.0/24", "Microsoft.Storage"]])[0]));
    assert!(r.contains(&strs(&[&["s2", "workload", "10.2.1.0/24", "-"]])[0]));
    let (_, _, r) = rows(&t, "p2s");
    assert_eq!(
        r,
        strs(&[
            &[
                "hub",
                "172.31.0.0/24",
                "laptop-old",
                "172.31.0.10",
                "Windows",
                "Downloaded before the last peering change"
            ],
            &[
                "hub",
                "172.31.0.0/24",
                "laptop-new",
                "172.31.0.11",
                "Windows",
                "Downloaded after the last peering change"
            ],
        ])
    );
    let (_, _, r) = rows(&t, "roles");
    assert_eq!(r.len(), 7);
    assert_eq!(r[6], ["bob", "default", "-", "Reader", "s1"]);
}

#[test]
fn the_default_exhibit_and_touching_include_them() {
    let t = topo();
    let e = exhibit::for_question(&t, None).unwrap();
    let titles = e.titles();
    for want in [
        "Bastion hosts",
        "Private endpoints",
        "PaaS networking",
        "Service endpoints",
        "Point-to-site",
        "Role assignments",
    ] {
        assert!(titles.contains(&want), "{titles:?}");
    }
    assert_eq!(
        exhibit::touching(
            &t,
            &[
                "bas-hub",
                "pe-st",
                "stcontoso",
                "laptop-old",
                "alice",
                "s1/workload"
            ]
        ),
        [
            "vnets",
            "bastions",
            "private-endpoints",
            "paas:stcontoso",
            "service-endpoints",
            "p2s",
            "roles"
        ]
    );
    // A subnet without endpoints does not pull the table in.
    assert_eq!(
        exhibit::touching(&t, &["s2/workload"]),
        ["vnets", "nsg:nsg-s2"]
    );
    let bad = exhibit::for_question(&t, Some(&["paas:nope".to_string()])).unwrap_err();
    assert!(
        bad[0]
            .1
            .contains("no PaaS resource \"nope\" (it has: stcontoso)"),
        "{}",
        bad[0].1
    );
    assert!(exhibit::Selector::parse("bastions:x").is_err());
}

#[test]
fn routes_keep_their_columns_with_a_service_endpoint_route() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
        .args(["routes", FILE, "--vm", "vm-s1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let col = |needle: &str| {
        let line = text.lines().find(|l| l.contains(needle)).unwrap();
        line.find("Default")
            .or_else(|| line.find("VirtualNetworkGateway  Active"))
            .unwrap()
    };
    // The source column starts at the same place on every row.
    let se = text
        .lines()
        .find(|l| l.starts_with("20.60.1.10/32"))
        .unwrap();
    assert!(se.contains("VirtualNetworkServiceEndpoint -"), "{text}");
    assert_eq!(col("20.60.1.10/32"), col("10.0.5.4/32"), "{text}");
    assert_eq!(col("20.60.1.10/32"), col("10.1.0.0/16"), "{text}");
}

#[test]
fn generated_beyond_items_are_proven_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank");
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let made = std::process::Command::new(bin)
        .args([
            "generate",
            "--seed",
            "15",
            "--count",
            "60",
            "--template",
            "beyond",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let check = std::process::Command::new(bin)
        .arg("check")
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{text}");
    assert!(
        text.contains("(60 questions proven): 0 errors, 0 warnings"),
        "{text}"
    );
    let questions = std::fs::read_to_string(out.join("questions.toml")).unwrap();
    for reason in [
        "p2s-profile-stale",
        "paas-firewall-deny",
        "bastion-unsupported-sku",
    ] {
        assert!(
            questions.contains(&format!("reason = \"{reason}\"")),
            "no {reason} item"
        );
    }
    // The trap of a spoke forced through a hub NVA whose subnet lacks the service endpoint.
    let nva = std::fs::read_dir(out.join("topologies"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|t| t.contains("name = \"all-to-nva\""))
        .count();
    assert!(nva > 0, "no item through a hub NVA");
    // Since issue 11 the default rotation includes it (one turn in thirteen).
    let plain = std::process::Command::new(bin)
        .args(["generate", "--seed", "15", "--count", "30", "--json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&plain.stdout).contains("\"beyond\""));
}

/// A dated profile shows its day, in the table and in the diagram, and not the words that
/// would give a bank item's answer away (a second reader's finding); the date round-trips.
#[test]
fn a_dated_p2s_profile_shows_its_day_not_the_verdict() {
    let text = std::fs::read_to_string("content/topologies/q-beyond-p2s-broken.toml").unwrap();
    let t = peerlab::model::parse_topology(&text)
        .expect("valid")
        .topology;
    let c = &t.p2s_clients[0];
    assert!(!c.profile_current);
    assert_eq!(c.profile_downloaded.as_deref(), Some("2026-11-14"));
    let again = peerlab::model::parse_topology(&peerlab::model::to_toml(&t))
        .expect("valid")
        .topology;
    assert_eq!(
        again.p2s_clients[0].profile_downloaded,
        c.profile_downloaded
    );
    let (_, _, r) = rows(&t, "p2s");
    assert_eq!(
        r[0].last().map(String::as_str),
        Some("Downloaded 2026-11-14")
    );
    let picture = diagram::to_text(&diagram::draw(&t, &Options::default()));
    assert!(
        picture.contains("profile downloaded 2026-11-14"),
        "{picture}"
    );
    assert!(!picture.contains("older"), "{picture}");
    let bad = text.replace("\"2026-11-14\"", "\"14/11/2026\"");
    let Err(diagnostics) = peerlab::model::parse_topology(&bad) else {
        panic!("a date that is not YYYY-MM-DD is refused");
    };
    let err = format!("{diagnostics:?}");
    assert!(
        err.contains("profile_downloaded") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}
