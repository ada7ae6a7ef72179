//! `peerlab import` on JSON written by hand to the documented shapes: the arrays az CLI
//! prints (tests/fixtures/import/az), the same resources as a Resource Graph result in ARM's
//! nested shape (graph.json), ARM templates, and a peering whose remote VNet is elsewhere.
//! Expected verdicts were worked out from RULES.md before the evaluator was run.

mod common;

use common::expect;
use peerlab::eval::Reason;
use peerlab::import::{Input, import};
use peerlab::model::{PeeringState, Topology, create_peerings, to_toml};
use std::path::Path;

fn dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import"
    ))
}

fn input(rel: &str) -> Input {
    Input {
        name: rel.to_string(),
        text: std::fs::read_to_string(dir().join(rel)).unwrap(),
    }
}

fn az_inputs() -> Vec<Input> {
    let mut names: Vec<String> = std::fs::read_dir(dir().join("az"))
        .unwrap()
        .map(|e| format!("az/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    names.sort();
    names.iter().map(|n| input(n)).collect()
}

fn imported(inputs: &[Input]) -> (Topology, Vec<String>) {
    match import(inputs) {
        Ok(i) => (i.parsed.topology, i.warnings),
        Err(p) => panic!("{:#?}", p),
    }
}

fn states(t: &Topology) -> Vec<(String, Option<PeeringState>)> {
    create_peerings(t)
        .iter()
        .zip(&t.peerings)
        .map(|(v, p)| (p.name.clone(), v.state()))
        .collect()
}

#[test]
fn az_lists_and_a_resource_graph_result_give_the_same_network() {
    let (az, _) = imported(&az_inputs());
    let (graph, _) = imported(&[input("graph.json")]);
    assert_eq!(to_toml(&az), to_toml(&graph));
    assert_eq!(az.vnets.len(), 3);
    assert_eq!(az.vms.len(), 2);
    // VMs are named after virtualMachine.id, not the NIC.
    assert!(az.vm("vm-web").is_some() && az.vm("vm-sql").is_some());
    let hub = az.vnet("hub-vnet").unwrap();
    let gw = hub.gateway.as_ref().unwrap();
    assert_eq!(gw.sites, vec!["datacenter", "branch"]);
    assert!(az.site("datacenter").unwrap().bgp);
    assert!(!az.site("branch").unwrap().bgp);
    // Collections apply by priority: the 100 Allow collection's rules before the 300 Deny one;
    // a TCP+UDP rule becomes one rule per protocol; a range becomes CIDRs.
    let fw = &az.firewalls[0];
    let names: Vec<&str> = fw.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["web-to-sql", "dns-both-tcp", "dns-both-udp", "no-telnet"]
    );
    assert_eq!(fw.rules[1].source[0].to_string(), "10.1.1.4/30");
    assert!(
        states(&az)
            .iter()
            .all(|(_, s)| *s == Some(PeeringState::Connected))
    );
}

#[test]
fn imported_network_traces_as_worked_out_by_hand() {
    let (t, _) = imported(&az_inputs());
    // spoke-web's UDR sends 10.2.0.0/16 to hub-fw; web-to-sql allows 1433; spoke-data accepts
    // the forwarded packet (its peering allows forwarded traffic); nsg-data allows 1433 from
    // 10.1.0.0/16; the reply comes back through the firewall by the mirror UDR.
    expect(&t, "vm-web", "vm-sql", 1433, Reason::Ok);
    // Port 22: no firewall rule allows it, so the firewall's default deny stops it.
    expect(&t, "vm-web", "vm-sql", 22, Reason::FirewallDeny);
    // The private zone is linked to spoke-web, so the name resolves to vm-sql.
    expect(&t, "vm-web", "sql.contoso.internal", 1433, Reason::Ok);
    // spoke-web uses the hub gateway (transit pair set); datacenter is BGP and learns the spoke.
    expect(&t, "vm-web", "192.168.1.10", 443, Reason::Ok);
    // The other way, spoke-data to spoke-web on 80: the firewall has no rule for it.
    expect(&t, "vm-sql", "vm-web", 80, Reason::FirewallDeny);
}

#[test]
fn what_is_not_modelled_is_counted_once_per_kind() {
    let (_, warnings) = imported(&az_inputs());
    for want in [
        "1 × Microsoft.Network/loadBalancers not modelled",
        "2 × Microsoft.Network/publicIPAddresses not modelled",
        "1 × firewall applicationRuleCollections not modelled",
        "site \"branch\" uses static routing",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(want)),
            "no warning {want:?} in {warnings:#?}"
        );
    }
}

#[test]
fn a_remote_vnet_outside_the_input_becomes_an_external_vnet() {
    let (t, warnings) = imported(&[input("external-peer.json")]);
    let hub = t.vnet("hub-vnet").expect("external VNet drawn");
    assert_eq!(hub.address_space[0].to_string(), "10.0.0.0/16");
    assert_eq!(hub.region, "westeurope");
    let s = states(&t);
    assert!(s.contains(&("spoke-web-to-hub".into(), Some(PeeringState::Connected))));
    assert!(s.contains(&("spoke-web-to-old".into(), Some(PeeringState::Disconnected))));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("\"hub-vnet\" of peering \"spoke-web-to-hub\" is not in the input"))
    );
}

#[test]
fn template_expressions_with_literal_values_resolve() {
    let (t, _) = imported(&[input("template-ok.json")]);
    assert_eq!(t.vnets.len(), 2);
    let spoke_side = t
        .peerings
        .iter()
        .find(|p| p.name == "spoke-web-to-hub")
        .unwrap();
    assert_eq!(spoke_side.vnet, "spoke-web");
    assert_eq!(spoke_side.remote, "hub-vnet");
    assert!(!spoke_side.allow_virtual_network_access);
    assert!(
        states(&t)
            .iter()
            .all(|(_, s)| *s == Some(PeeringState::Connected))
    );
}

#[test]
fn an_unresolvable_expression_is_reported_at_its_json_path() {
    let p = import(&[input("template-unresolved.json")]).unwrap_err();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].file, "template-unresolved.json");
    assert_eq!(
        p[0].path,
        "$.resources[0].properties.addressSpace.addressPrefixes[0]"
    );
    assert!(
        p[0].message.contains("[parameters('hubPrefix')]"),
        "{}",
        p[0].message
    );
}

#[test]
fn malformed_input_is_located_never_a_panic() {
    let cases = [
        ("not json", "line 1 column 2"),
        ("{\"neither\": 1}", "$"),
        ("[{\"name\": \"x\"}]", "$[0].type"),
        (
            "[{\"type\": \"Microsoft.Network/virtualNetworks\", \"name\": \"v\", \"subnets\": 3}]",
            "$[0].subnets",
        ),
        (
            "[{\"type\": \"Microsoft.Network/networkInterfaces\", \"name\": \"n\", \"ipConfigurations\": [{\"privateIPAddress\": \"10.0.0.4\"}]}]",
            "$[0].ipConfigurations[0]",
        ),
    ];
    for (text, path) in cases {
        let e = import(&[Input {
            name: "bad.json".into(),
            text: text.into(),
        }])
        .unwrap_err();
        assert_eq!(e[0].path, path, "{text}: {e:#?}");
        assert_eq!(e[0].file, "bad.json");
    }
}

fn peerlab() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("peerlab").unwrap()
}

#[test]
fn the_command_writes_a_file_that_check_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("net.toml");
    let mut args: Vec<String> = az_inputs()
        .iter()
        .map(|i| dir().join(&i.name).display().to_string())
        .collect();
    args.extend(["--out".into(), out.display().to_string()]);
    let r = peerlab().arg("import").args(&args).output().unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("imported 3 VNets, 4 peering sides, 2 VMs"),
        "{err}"
    );
    let c = peerlab().arg("check").arg(&out).output().unwrap();
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
}

#[test]
fn an_oversized_or_special_input_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.json");
    // Sparse: 100 MB reported, nothing written to disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100_000_000)
        .unwrap();
    let r = peerlab().arg("import").arg(&big).output().unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("limited to 32 MiB"));
    let r = peerlab().arg("import").arg(tmp.path()).output().unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not a regular file"));
    #[cfg(unix)]
    {
        let fifo = tmp.path().join("fifo.json");
        let st = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(st.success());
        let r = peerlab()
            .arg("import")
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&r.stderr).contains("not a regular file"));
    }
}
