//! Labs: every built-in lab is proven by its model answer, the chapter's lab needs both of the
//! chapter's commands, and `peerlab lab` lists, runs scripts and exits as FORMAT.md says.

use assert_cmd::Command;
use peerlab::lab::{self, Session};
use std::io::Write;

fn builtin() -> Vec<peerlab::lab::Lab> {
    lab::builtin()
        .into_iter()
        .map(|r| r.unwrap_or_else(|b| panic!("{}: {:?}", b.file, b.problems)))
        .collect()
}

fn chapter() -> peerlab::lab::Lab {
    builtin()
        .into_iter()
        .find(|l| l.name == "chapter-cli-outline")
        .expect("the chapter's lab")
}

#[test]
fn every_builtin_lab_is_proven_by_its_model_answer() {
    let labs = builtin();
    assert!(!labs.is_empty());
    for l in &labs {
        let problems = lab::prove(l);
        assert!(problems.is_empty(), "{}: {problems:#?}", l.name);
    }
}

const HUB_SIDE: &str = "az network vnet peering create --resource-group rg-network --name hub-to-spoke-web --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access --allow-forwarded-traffic --allow-gateway-transit";
const SPOKE_SIDE: &str = "az network vnet peering create --resource-group rg-network --name spoke-web-to-hub --vnet-name spoke-web-vnet --remote-vnet hub-vnet --allow-vnet-access --allow-forwarded-traffic --use-remote-gateways";

#[test]
fn the_chapter_lab_needs_both_of_the_chapters_commands() {
    let l = chapter();
    assert_eq!(l.resource_group, "rg-network");
    assert_eq!(l.answer, [HUB_SIDE, SPOKE_SIDE]);
    for alone in [HUB_SIDE, SPOKE_SIDE] {
        let mut s = Session::new(l.clone());
        let r = s.run(alone);
        assert!(!r.error, "{}", r.text);
        // One side only is Initiated (RULES.md §2): no goal can hold.
        assert!(
            r.text.contains("\"peeringState\": \"Initiated\""),
            "{}",
            r.text
        );
        assert!(s.goals().iter().all(|g| !g.holds), "{alone}");
    }
    let mut s = Session::new(l);
    s.run(SPOKE_SIDE);
    let r = s.run(HUB_SIDE);
    assert!(
        r.text.contains("\"peeringState\": \"Connected\""),
        "{}",
        r.text
    );
    assert!(s.done());
    assert_eq!(s.score().points, 100);
}

#[test]
fn leaving_out_the_access_flag_leaves_access_off_as_the_cli_does() {
    // RULES.md §3: the CLI's default for --allow-vnet-access is off.
    let mut s = Session::new(chapter());
    s.run(&HUB_SIDE.replace(" --allow-vnet-access", ""));
    s.run(&SPOKE_SIDE.replace(" --allow-vnet-access", ""));
    let goals = s.goals();
    assert!(!goals[0].holds);
    assert!(
        goals[0].detail.contains("vnet-access-disabled"),
        "{}",
        goals[0].detail
    );
}

#[test]
fn lab_commands_hint_reset_and_check() {
    let mut s = Session::new(chapter());
    assert!(s.run("hint").text.starts_with("Hint 1/3:"));
    s.run(HUB_SIDE);
    s.run(SPOKE_SIDE);
    let c = s.run("check").text;
    assert!(c.starts_with("Lab done"), "{c}");
    assert_eq!(s.score().points, 85);
    assert!(s.run("reset").changed);
    assert!(!s.done());
    assert!(s.run("goals").text.starts_with("[ ]"));
    let r = s.run("ls -l");
    assert!(
        r.error && r.text.starts_with("ls: command not found"),
        "{}",
        r.text
    );
    assert!(s.run("diagram").text.contains("hub-vnet"));
}

fn script(lines: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(lines.as_bytes()).unwrap();
    f
}

#[test]
fn cli_lists_labs_one_per_line() {
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .arg("lab")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("chapter-cli-outline ")),
        "{text}"
    );
    assert_eq!(text.lines().count(), builtin().len());
}

#[test]
fn cli_script_exits_0_when_solved_1_when_not_2_on_bad_input() {
    let solved = script(&format!(
        "# the chapter's outline\n{HUB_SIDE}\n{SPOKE_SIDE}\n"
    ));
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(["lab", "chapter-cli-outline", "--script"])
        .arg(solved.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[x] spoke-web-vnet uses hub-vnet's gateway"),
        "{text}"
    );

    // A failing command prints its error and the script goes on.
    let half = script(&format!("az network vnet peerng list\n{HUB_SIDE}\n"));
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(["lab", "chapter-cli-outline", "--script"])
        .arg(half.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("ERROR: 'peerng' is misspelled"), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"name\": \"hub-to-spoke-web\""), "{text}");

    for args in [
        vec!["lab", "no-such-lab", "--script", "x"],
        vec!["lab", "chapter-cli-outline", "--script", "/no/such/file"],
    ] {
        let out = Command::cargo_bin("peerlab")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn check_refuses_a_lab_whose_answer_does_not_solve_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("labs")).unwrap();
    std::fs::create_dir_all(dir.path().join("topologies")).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/topologies/lab-chapter-cli.toml"
        ),
        dir.path().join("topologies/lab-chapter-cli.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/labs/chapter-cli-outline.toml"
    ))
    .unwrap();
    // Only the hub's side: the answer no longer meets the goals.
    let head = &text[..text.find("answer = ").unwrap()];
    let goals = &text[text.find("[[goal]]").unwrap()..];
    let cut = format!("{head}answer = \"{HUB_SIDE}\"\n\n{goals}");
    std::fs::write(dir.path().join("labs/half.toml"), cut).unwrap();
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("lab-answer-misses-goal"), "{text}");
    assert!(text.contains("labs/half.toml:"), "{text}");
}

/// The built-in lab `name` after `lines`, each of which must do what `ok` says (succeed or
/// fail), with the text of the last reply.
fn after(name: &str, lines: &[(&str, bool)]) -> (Session, String) {
    let l = builtin()
        .into_iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no lab {name}"));
    let mut s = Session::new(l);
    let mut last = String::new();
    for (line, ok) in lines {
        let r = s.run(line);
        assert_eq!(!r.error, *ok, "{name}: {line}\n{}", r.text);
        last = r.text;
    }
    (s, last)
}

fn holds(s: &Session) -> Vec<bool> {
    s.goals().iter().map(|g| g.holds).collect()
}

#[test]
fn the_twelve_labs_of_the_issue_are_built_in() {
    let names: Vec<String> = builtin().into_iter().map(|l| l.name).collect();
    for n in [
        "chapter-cli-outline",
        "one-sided-peering",
        "disconnected-peering",
        "gateway-transit",
        "spoke-to-spoke-firewall",
        "spoke-own-gateway",
        "nsg-rule",
        "dns-zone-links",
        "watcher-diagnose",
        "overlap-choose-vnet",
        "address-space-sync",
        "gateway-route-propagation",
        // issue 15's resources
        "bastion-peered-spoke",
        "private-endpoint-dns",
        "service-endpoints",
        "asg-nsg-rule",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[test]
fn one_sided_peering_needs_the_spokes_side_with_access() {
    // Wrong: the spoke's side without --allow-vnet-access: Connected, but the default NSG
    // rules no longer match the peer (RULES.md §3).
    let (s, _) = after(
        "one-sided-peering",
        &[(
            "az network vnet peering create -g rg-network -n spoke-app-to-hub --vnet-name spoke-app-vnet --remote-vnet hub-vnet",
            true,
        )],
    );
    assert_eq!(holds(&s), [true, false]);
    assert!(s.goals()[1].detail.contains("vnet-access-disabled"));
    // Wrong: touching the hub's side changes nothing; it stays Initiated.
    let (s, text) = after(
        "one-sided-peering",
        &[(
            "az network vnet peering update -g rg-network --vnet-name hub-vnet -n hub-to-spoke-app --set allowForwardedTraffic=true",
            true,
        )],
    );
    assert!(text.contains("\"peeringState\": \"Initiated\""), "{text}");
    assert_eq!(holds(&s), [false, false]);
}

#[test]
fn a_disconnected_side_must_be_deleted_before_the_other_is_re_created() {
    // RULES.md §2: re-creating the spoke's side fails while the hub's is Disconnected.
    let (s, text) = after(
        "disconnected-peering",
        &[(
            "az network vnet peering create -g rg-network -n spoke-data-to-hub --vnet-name spoke-data-vnet --remote-vnet hub-vnet --allow-vnet-access",
            false,
        )],
    );
    assert!(
        text.starts_with("ERROR: (RemotePeeringIsDisconnected) Cannot create or update peering "),
        "{text}"
    );
    assert!(
        text.contains("\nCode: RemotePeeringIsDisconnected\n"),
        "{text}"
    );
    assert_eq!(holds(&s), [false, false]);
    assert!(s.goals()[0].detail.ends_with("is Disconnected"));
    // Updating the Disconnected side, or re-putting it under its name, is refused too (the
    // issue; no public code, so none is shown), and leaves it Disconnected.
    for line in [
        "az network vnet peering update -g rg-network --vnet-name hub-vnet -n hub-to-spoke-data --set allowVirtualNetworkAccess=true",
        "az network vnet peering create -g rg-network --vnet-name hub-vnet -n hub-to-spoke-data --remote-vnet spoke-data-vnet --allow-vnet-access",
        "az network vnet peering sync -g rg-network --vnet-name hub-vnet -n hub-to-spoke-data",
    ] {
        let (s, text) = after("disconnected-peering", &[(line, false)]);
        assert!(
            text.contains("/virtualNetworkPeerings/hub-to-spoke-data is Disconnected: its remote peering was deleted."),
            "{text}"
        );
        assert!(!text.contains("Code:"), "{text}");
        assert!(s.goals()[0].detail.ends_with("is Disconnected"));
    }
}

#[test]
fn gateway_transit_must_be_offered_before_it_is_used() {
    // RULES.md §1: useRemoteGateways is refused while the hub's side has no transit, with
    // ARM's message and no code (the code is not public).
    let (s, text) = after(
        "gateway-transit",
        &[(
            "az network vnet peering update -g rg-network --vnet-name spoke-web-vnet -n spoke-web-to-hub --set useRemoteGateways=true",
            false,
        )],
    );
    assert!(
        text.ends_with("cannot have UseRemoteGateways flag set to true, because corresponding remote peering has AllowGatewayTransit flag set to false.\n"),
        "{text}"
    );
    assert!(!text.contains("Code:"), "{text}");
    assert_eq!(holds(&s), [false, false, true]);
    // Transit offered but not used: still no route to the datacenter.
    let (s, _) = after(
        "gateway-transit",
        &[(
            "az network vnet peering update -g rg-network --vnet-name hub-vnet -n hub-to-spoke-web --set allowGatewayTransit=true",
            true,
        )],
    );
    assert_eq!(holds(&s), [false, false, true]);
}

const WEB_RT: [&str; 3] = [
    "az network route-table create -g rg-network -n rt-spoke-web",
    "az network route-table route create -g rg-network --route-table-name rt-spoke-web -n to-data-via-fw --address-prefix 10.2.0.0/16 --next-hop-type VirtualAppliance --next-hop-ip-address 10.0.1.4",
    "az network vnet subnet update -g rg-network --vnet-name spoke-web-vnet -n workload --route-table rt-spoke-web",
];

#[test]
fn spoke_to_spoke_needs_both_routes_and_forwarded_traffic() {
    // Only the web spoke's route: the reply from spoke-data has no route back through the
    // firewall (peering is not transitive).
    let lines: Vec<(&str, bool)> = WEB_RT.iter().map(|l| (*l, true)).collect();
    let (s, _) = after("spoke-to-spoke-firewall", &lines);
    assert_eq!(holds(&s), [false, true]);
    assert!(
        s.goals()[0].detail.starts_with("unreachable"),
        "{:?}",
        s.goals()
    );
    // Routes both ways but no forwarded traffic on the spokes' peerings.
    let mut lines = lines.clone();
    lines.extend([
        ("az network route-table create -g rg-network -n rt-spoke-data", true),
        ("az network route-table route create -g rg-network --route-table-name rt-spoke-data -n to-web-via-fw --address-prefix 10.1.0.0/16 --next-hop-type VirtualAppliance --next-hop-ip-address 10.0.1.4", true),
        ("az network vnet subnet update -g rg-network --vnet-name spoke-data-vnet -n workload --route-table rt-spoke-data", true),
    ]);
    let (s, _) = after("spoke-to-spoke-firewall", &lines);
    assert_eq!(holds(&s), [false, true]);
    assert!(
        s.goals()[0].detail.contains("forwarded-traffic-blocked"),
        "{:?}",
        s.goals()
    );
    // A next hop type az does not know is refused with az's allowed-values error.
    let (_, text) = after(
        "spoke-to-spoke-firewall",
        &[
            (WEB_RT[0], true),
            (
                "az network route-table route create -g rg-network --route-table-name rt-spoke-web -n r --address-prefix 10.2.0.0/16 --next-hop-type Firewall",
                false,
            ),
        ],
    );
    assert!(
        text.contains("'Firewall' is not a valid value for '--next-hop-type'"),
        "{text}"
    );
}

#[test]
fn a_spoke_with_its_own_gateway_cannot_use_the_hubs() {
    let (s, text) = after(
        "spoke-own-gateway",
        &[(
            "az network vnet peering create -g rg-network -n spoke-branch-to-hub --vnet-name spoke-branch-vnet --remote-vnet hub-vnet --allow-vnet-access --use-remote-gateways",
            false,
        )],
    );
    // Documented message, no code (RULES.md §1: the code is peerlab's name).
    assert!(
        text.contains("you can't use remote gateways if you already have a gateway configured in your virtual network"),
        "{text}"
    );
    assert!(
        !text.contains("UseRemoteGatewaysWithLocalGateway"),
        "{text}"
    );
    assert_eq!(holds(&s), [false, true]);
}

#[test]
fn the_nsg_rule_must_come_first_and_stay_narrow() {
    // Same priority as the deny rule: refused.
    let (_, text) = after(
        "nsg-rule",
        &[(
            "az network nsg rule create -g rg-network --nsg-name nsg-data -n allow-sql --priority 4000 --protocol Tcp --source-address-prefixes 10.0.3.0/24 --destination-port-ranges 1433",
            false,
        )],
    );
    assert!(text.contains("priority 4000"), "{text}");
    // After the deny rule (4096 > 4000): still denied.
    let (s, _) = after(
        "nsg-rule",
        &[(
            "az network nsg rule create -g rg-network --nsg-name nsg-data -n allow-sql --priority 4096 --protocol Tcp --source-address-prefixes 10.0.3.0/24 --destination-port-ranges 1433",
            true,
        )],
    );
    assert_eq!(holds(&s), [false, true]);
    // Without a port, az's default is 80: 1433 is still denied.
    let (s, _) = after(
        "nsg-rule",
        &[(
            "az network nsg rule create -g rg-network --nsg-name nsg-data -n allow-sql --priority 200 --protocol Tcp --source-address-prefixes 10.0.3.0/24",
            true,
        )],
    );
    assert_eq!(holds(&s), [false, true]);
    // Too wide: the jump box gets in too, so the keep goal fails.
    let (s, _) = after(
        "nsg-rule",
        &[(
            "az network nsg rule create -g rg-network --nsg-name nsg-data -n allow-sql --priority 200 --protocol Tcp --source-address-prefixes VirtualNetwork --destination-port-ranges 1433",
            true,
        )],
    );
    assert_eq!(holds(&s), [true, false]);
    assert!(!s.done());
}

#[test]
fn a_zone_link_needs_the_registration_flag_and_each_name_a_record() {
    let (_, text) = after(
        "dns-zone-links",
        &[(
            "az network private-dns link vnet create -g rg-network -z contoso.internal -n link-web -v spoke-web-vnet",
            false,
        )],
    );
    assert_eq!(
        text,
        "ERROR: the following arguments are required: --registration-enabled/-e\n"
    );
    // The link alone resolves sql but not reports, which has no record yet.
    let (s, _) = after(
        "dns-zone-links",
        &[(
            "az network private-dns link vnet create -g rg-network -z contoso.internal -n link-web -v spoke-web-vnet -e false",
            true,
        )],
    );
    assert_eq!(holds(&s), [true, false, true]);
    assert!(
        s.goals()[1].detail.contains("dns-unresolved"),
        "{:?}",
        s.goals()
    );
}

#[test]
fn the_watcher_lab_asks_for_the_diagnosis_as_well_as_the_fix() {
    // Fixing both faults without asking Network Watcher meets the flow goal only.
    let (s, _) = after(
        "watcher-diagnose",
        &[
            (
                "az network route-table route delete -g rg-network --route-table-name rt-web -n to-old-nva",
                true,
            ),
            (
                "az network nsg rule delete -g rg-network --nsg-name nsg-hub-shared -n deny-spokes",
                true,
            ),
        ],
    );
    assert_eq!(holds(&s), [false, false, true]);
    // The next hop names the stale route's appliance and its route table.
    let (s, text) = after(
        "watcher-diagnose",
        &[(
            "az network watcher show-next-hop -g rg-network --vm vm-web --source-ip 10.1.1.4 --dest-ip 10.0.2.4",
            true,
        )],
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["nextHopType"], "VirtualAppliance");
    assert_eq!(v["nextHopIpAddress"], "10.0.9.4");
    assert!(
        v["routeTableId"]
            .as_str()
            .unwrap()
            .ends_with("/routeTables/rt-web")
    );
    assert_eq!(holds(&s), [true, false, false]);
    // A failed command is no diagnosis.
    let (s, _) = after(
        "watcher-diagnose",
        &[(
            "az network watcher test-ip-flow -g rg-network --vm vm-hub-tools --direction Inbound --protocol TCP --local 10.0.2.5:443 --remote 10.1.1.4:60000",
            false,
        )],
    );
    assert_eq!(holds(&s), [false, false, false]);
}

#[test]
fn overlapping_copies_are_refused_with_azures_codes() {
    let (s, text) = after(
        "overlap-choose-vnet",
        &[(
            "az network vnet peering create -g rg-network -n hub-to-payroll-a --vnet-name hub-vnet --remote-vnet payroll-a-vnet --allow-vnet-access",
            false,
        )],
    );
    assert!(
        text.starts_with("ERROR: (VnetAddressSpacesOverlap) "),
        "{text}"
    );
    assert!(
        text.contains("Virtual networks cannot be peered because their address spaces overlap.")
    );
    assert_eq!(holds(&s), [false, true]);
    let (_, text) = after(
        "overlap-choose-vnet",
        &[(
            "az network vnet peering create -g rg-network -n payroll-b-to-hub --vnet-name payroll-b-vnet --remote-vnet hub-vnet --allow-vnet-access",
            false,
        )],
    );
    assert!(
        text.starts_with("ERROR: (VnetAddressSpaceOverlapsWithAlreadyPeeredVnet) "),
        "{text}"
    );
    // Renumbering a VNet whose subnet is in use is refused.
    let (_, text) = after(
        "overlap-choose-vnet",
        &[(
            "az network vnet update -g rg-network -n payroll-a-vnet --address-prefixes 10.9.0.0/16",
            false,
        )],
    );
    assert!(text.contains("Subnet 'app' (10.0.1.0/24)"), "{text}");
}

fn sync_level(s: &Session, vnet: &str, name: &str) -> String {
    let r = s.clone_run(&format!(
        "az network vnet peering show -g rg-network --vnet-name {vnet} -n {name}"
    ));
    let v: serde_json::Value = serde_json::from_str(&r).unwrap();
    v["peeringSyncLevel"].as_str().unwrap().to_string()
}

trait CloneRun {
    fn clone_run(&self, line: &str) -> String;
}

impl CloneRun for Session {
    /// Runs a read-only line on a copy, so the score is not touched.
    fn clone_run(&self, line: &str) -> String {
        let mut s = Session::new(self.lab.clone());
        s.topology = self.topology.clone();
        let r = s.run(line);
        assert!(!r.error, "{line}: {}", r.text);
        r.text
    }
}

#[test]
fn syncing_the_changed_vnets_side_does_not_help() {
    // RULES.md §14: the side holding the stale copy (LocalNotInSync) is the one to sync.
    let (s, _) = after(
        "address-space-sync",
        &[(
            "az network vnet peering sync -g rg-network --vnet-name spoke-app-vnet -n spoke-app-to-hub",
            true,
        )],
    );
    assert_eq!(
        sync_level(&s, "hub-vnet", "hub-to-spoke-app"),
        "LocalNotInSync"
    );
    assert_eq!(
        sync_level(&s, "spoke-app-vnet", "spoke-app-to-hub"),
        "RemoteNotInSync"
    );
    assert_eq!(holds(&s), [false, false, false, true]);
}

#[test]
fn an_address_space_change_leaves_the_remote_side_local_not_in_sync() {
    // PSTEST (RULES.md §14): after A changes, P(A→B) RemoteNotInSync, P(B→A) LocalNotInSync,
    // and B's side still shows A's old space in remoteAddressSpace until it is synced.
    let (s, _) = after(
        "address-space-sync",
        &[
            (
                "az network vnet peering sync -g rg-network --vnet-name hub-vnet -n hub-to-spoke-app",
                true,
            ),
            (
                "az network vnet update -g rg-network -n spoke-app-vnet --address-prefixes 10.1.0.0/16 10.11.0.0/16 10.12.0.0/16",
                true,
            ),
        ],
    );
    assert_eq!(
        sync_level(&s, "spoke-app-vnet", "spoke-app-to-hub"),
        "RemoteNotInSync"
    );
    let shown = s.clone_run(
        "az network vnet peering show -g rg-network --vnet-name hub-vnet -n hub-to-spoke-app",
    );
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["peeringSyncLevel"], "LocalNotInSync");
    assert_eq!(
        v["remoteAddressSpace"]["addressPrefixes"],
        serde_json::json!(["10.1.0.0/16", "10.11.0.0/16"])
    );
    assert_eq!(
        v["remoteVirtualNetworkAddressSpace"]["addressPrefixes"],
        serde_json::json!(["10.1.0.0/16", "10.11.0.0/16", "10.12.0.0/16"])
    );
    assert_eq!(holds(&s), [true, false, false, true]);
    // az's own message for a side that does not exist names the VNet (sync_vnet_peering).
    let (_, text) = after(
        "address-space-sync",
        &[(
            "az network vnet peering sync -g rg-network --vnet-name hub-vnet -n nope",
            false,
        )],
    );
    assert_eq!(
        text,
        "ERROR: Virtual network peering hub-vnet doesn't exist.\n"
    );
}

#[test]
fn gateway_routes_come_back_without_dropping_the_route_table() {
    // The bare flag means true (az's three-state boolean): propagation stays off.
    let (s, _) = after(
        "gateway-route-propagation",
        &[(
            "az network route-table update -g rg-network -n rt-web --disable-bgp-route-propagation",
            true,
        )],
    );
    assert_eq!(holds(&s), [false, true]);
    // Detaching the route table brings the routes back but lets the partner range in.
    let (s, _) = after(
        "gateway-route-propagation",
        &[(
            "az network vnet subnet update -g rg-network --vnet-name spoke-web-vnet -n workload --route-table \"\"",
            true,
        )],
    );
    assert_eq!(holds(&s), [true, false]);
    // After the fix the subnet has the gateway's route (az's effective-route table columns).
    let (s, _) = after(
        "gateway-route-propagation",
        &[(
            "az network route-table update -g rg-network -n rt-web --disable-bgp-route-propagation false",
            true,
        )],
    );
    let table = s.clone_run(
        "az network nic show-effective-route-table -g rg-network -n vm-web-nic -o table",
    );
    assert!(
        table.lines().any(|l| l.contains("192.168.0.0/16")
            && l.contains("VirtualNetworkGateway")
            && l.starts_with("VirtualNetworkGateway")),
        "{table}"
    );
    assert!(s.done());
}

#[test]
fn stats_lists_the_lab_attempts_of_the_history() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = peerlab::store::Store::open(dir.path()).unwrap();
        let id = s.start_lab("chapter-cli-outline", 1_000).unwrap();
        let p = peerlab::store::LabProgress {
            commands: 3,
            hints: 0,
            gave_up: false,
        };
        s.update_lab(id, p, Some((1_100, 95))).unwrap();
        s.start_lab("nsg-rule", 2_000).unwrap();
    }
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .env("PEERLAB_DATA_DIR", dir.path())
        .arg("stats")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "Labs:\n  chapter-cli-outline  1 attempt, 1 done, best 95/100\n  nsg-rule             1 attempt, 0 done, not done yet\n"
        ),
        "{text}"
    );
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .env("PEERLAB_DATA_DIR", dir.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["labs"][0]["lab"], "chapter-cli-outline");
    assert_eq!(v["labs"][0]["best"], 95);
    assert_eq!(v["labs"][1]["best"], serde_json::Value::Null);
}
