//! The shell completions and the man page in assets/ are the ones the clap definitions give
//! today: a command or an option added without running `peerlab completions --dir assets`
//! fails here.

use assert_cmd::Command;
use peerlab::cli::completions::{Target, render};
use std::path::Path;

fn assets() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets"))
}

#[test]
fn the_files_in_assets_are_current() {
    for t in Target::ALL {
        let path = assets().join(t.file_name());
        let shipped = std::fs::read(&path).unwrap_or_default();
        assert!(
            shipped == render(t),
            "{} is stale or missing: run `peerlab completions --dir assets` (cargo run -- \
             completions --dir assets) and commit the result",
            path.display()
        );
    }
}

#[test]
fn every_subcommand_is_completed_and_in_the_man_page() {
    let bash = String::from_utf8(render(Target::Bash)).unwrap();
    let man = String::from_utf8(render(Target::Man)).unwrap();
    for sub in [
        "check",
        "trace",
        "matrix",
        "explore",
        "import",
        "diagram",
        "lab",
        "completions",
    ] {
        assert!(
            bash.contains(&format!("peerlab__subcmd__{sub}")),
            "bash: {sub}"
        );
        assert!(man.contains(sub), "man: {sub}");
    }
    // An option of a subcommand, and the values of an enum.
    assert!(bash.contains("--protocol"));
    assert!(
        bash.contains("bash zsh fish powershell man"),
        "completions' targets"
    );
    let fish = String::from_utf8(render(Target::Fish)).unwrap();
    assert!(
        fish.contains("__fish_peerlab_using_subcommand matrix\" -l protocol"),
        "fish: matrix --protocol"
    );
    assert!(man.starts_with(".ie"), "roff");
}

#[test]
fn the_command_prints_one_or_writes_all() {
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(["completions", "zsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, render(Target::Zsh));
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(["completions", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for t in Target::ALL {
        assert_eq!(
            std::fs::read(dir.path().join(t.file_name())).unwrap(),
            render(t)
        );
    }
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(["completions"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
