//! `peerlab exhibit` and the exhibit in `questions --json --full` and `generate --json`
//! (FORMAT.md "Exhibits").

use assert_cmd::Command;
use serde_json::Value;

fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

const HUB: &str = "content/topologies/chapter-hub-spoke.toml";

fn stdout(args: &[&str]) -> String {
    let out = peerlab().args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn exhibit_prints_the_picture_then_the_tables_asked_for() {
    let s = stdout(&["exhibit", HUB, "--table", "gateways", "--width", "100"]);
    let expected = "\
Gateways and sites
VNet      Gateway type  SKU     Site         Site prefixes   BGP      Static routes
--------  ------------  ------  -----------  --------------  -------  -------------
hub-vnet  VPN           VpnGw1  on-premises  192.168.0.0/16  Enabled  -
";
    assert!(s.ends_with(expected), "{s}");
    assert!(s.contains("| hub-vnet"), "the picture comes first: {s}");
    assert!(!s.contains("Peerings"), "only the table asked for: {s}");
}

#[test]
fn exhibit_json_has_the_documented_shape() {
    let v: Value = serde_json::from_str(&stdout(&["exhibit", HUB, "--json"])).unwrap();
    assert!(
        v["diagram"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string)
    );
    let tables = v["tables"].as_array().unwrap();
    let titles: Vec<&str> = tables
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Virtual networks",
            "Peerings",
            "Route tables",
            "Gateways and sites",
            "Firewalls",
            "Virtual machines"
        ]
    );
    let fw = &tables[4];
    assert_eq!(fw["selector"], "firewalls");
    assert_eq!(fw["columns"][3], "Order");
    assert_eq!(fw["rows"][1][4], "spokes-to-on-premises");
    for t in tables {
        let n = t["columns"].as_array().unwrap().len();
        for r in t["rows"].as_array().unwrap() {
            assert_eq!(r.as_array().unwrap().len(), n, "{t}");
        }
    }
}

#[test]
fn a_bad_table_is_refused_with_what_exists() {
    let out = peerlab()
        .args(["exhibit", HUB, "--table", "nsg:nsg-web"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "content/topologies/chapter-hub-spoke.toml: error: --table: exhibit \"nsg:nsg-web\": the topology has no NSG \"nsg-web\" (it has: none)\n"
    );
}

#[test]
fn questions_full_carries_the_whole_item_with_its_exhibit() {
    let v: Value = serde_json::from_str(&stdout(&["questions", "--json", "--full"])).unwrap();
    let items = v.as_array().unwrap();
    assert!(items.len() > 100);
    for q in items {
        for field in [
            "id",
            "prompt",
            "choices",
            "answer",
            "rationales",
            "explanation",
            "file",
        ] {
            assert!(!q[field].is_null(), "{field} in {}", q["id"]);
        }
        // Issue 10: every item lists the choices the learner sees, reachability included
        // (four outcomes when it asks the cause, the two verdicts when it does not).
        if q["kind"] == "reachability" {
            let n = q["choices"].as_array().unwrap().len();
            assert!(n == 2 || (4..=5).contains(&n), "{}: {n} choices", q["id"]);
        }
        // A network question shows an exhibit; a question without a network shows none.
        assert_eq!(
            q["topology"].is_null(),
            q["exhibit"].is_null(),
            "{}",
            q["id"]
        );
    }
    let net = items.iter().find(|q| !q["exhibit"].is_null()).unwrap();
    assert!(net["exhibit"]["tables"].as_array().unwrap().len() >= 2);
    peerlab().args(["questions", "--full"]).assert().code(2);
}

#[test]
fn generated_items_with_a_network_carry_an_exhibit() {
    let v: Value = serde_json::from_str(&stdout(&[
        "generate", "--seed", "7", "--count", "6", "--json",
    ]))
    .unwrap();
    let qs = v["questions"].as_array().unwrap();
    let mut with_network = 0;
    for q in qs {
        if q["topology"].is_null() {
            assert!(q["exhibit"].is_null(), "{}", q["id"]);
            continue;
        }
        with_network += 1;
        assert!(
            q["exhibit"]["tables"]
                .as_array()
                .is_some_and(|t| !t.is_empty()),
            "{}",
            q["id"]
        );
    }
    assert!(with_network >= 3, "{with_network} of {}", qs.len());
}

/// Issue 15: `exhibit --help` names every selector FORMAT.md "Exhibits" lists, the issue 15
/// ones included.
#[test]
fn exhibit_help_lists_every_selector() {
    let help = stdout(&["exhibit", "--help"]);
    for s in [
        "vnets",
        "peerings",
        "routes:TABLE",
        "nsg:NAME",
        "+defaults",
        "gateways",
        "firewall:NAME",
        "vms",
        "dns:ZONE",
        "bastions",
        "private-endpoints",
        "paas:NAME",
        "service-endpoints",
        "p2s",
        "roles",
    ] {
        assert!(help.contains(s), "{s} missing from: {help}");
    }
}
