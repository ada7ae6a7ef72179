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
