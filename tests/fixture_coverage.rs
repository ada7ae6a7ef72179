//! Every code the topology checker can emit has an invalid file under
//! tests/fixtures/invalid-topologies that pins its message and position (issue 11: "fixtures of
//! invalid files for every new check code"). The codes are read from the checker's source, so a
//! new code without a fixture fails here; tests/invalid_topologies.rs checks the fixtures.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Codes a file cannot show together with a fixture-sized body, each pinned elsewhere.
const ELSEWHERE: [(&str, &str); 3] = [
    // A Disconnected side and its re-created peer in one file is `remote-deleted-but-present`.
    (
        "RemotePeeringIsDisconnected",
        "tests/lab.rs, tests/rules.rs",
    ),
    // 501 peerings on one VNet.
    ("PeeringLimitExceeded", "tests/rules.rs"),
    // A file over 1 MiB.
    ("file-too-large", "tests/hostile_files.rs"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_kebab_code(s: &str) -> bool {
    s.contains('-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// String literals of one line (no escapes in code literals, so a plain split is enough).
fn literals(line: &str) -> Vec<&str> {
    line.split('"').skip(1).step_by(2).collect()
}

/// The codes of src/model: kebab-case literals (every one in the checker is a code), the
/// `Rejection::code` names and the ASG constants, plus serde's `syntax`.
fn checker_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model"),
        &mut files,
    );
    let mut codes = BTreeSet::from(["syntax".to_string()]);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code_part = text.split("#[cfg(test)]").next().unwrap();
        for line in code_part.lines() {
            let t = line.trim_start();
            if t.starts_with("//") {
                continue;
            }
            let camel = t.starts_with("pub const ASG_") && t.contains("_CODE: &str");
            for lit in literals(t) {
                if is_kebab_code(lit) || camel {
                    codes.insert(lit.to_string());
                }
            }
        }
    }
    // The names `Rejection::code` gives (every literal of that function's body).
    let peering =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model/peering.rs"))
            .unwrap();
    let body = peering
        .split_once("pub fn code(self) -> &'static str {")
        .expect("Rejection::code")
        .1
        .split_once("\n    }\n")
        .unwrap()
        .0;
    for line in body.lines() {
        codes.extend(literals(line).into_iter().map(str::to_string));
    }
    codes
}

fn fixture_codes() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid-topologies");
    let mut codes = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for l in text.lines().filter_map(|l| l.strip_prefix("# expect: ")) {
            // line:col: severity: code: message
            let code = l.split(": ").nth(2).unwrap();
            codes.insert(code.to_string());
        }
    }
    codes
}

#[test]
fn the_checker_codes_are_read_from_its_source() {
    let codes = checker_codes();
    // A sample of each kind, so a broken scan cannot pass with an empty set.
    for c in [
        "bad-cidr",
        "use-remote-gateways-without-transit",
        "asg-members-different-vnets",
        "VnetAddressSpacesOverlap",
        "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
        "LinkedAuthorizationFailed",
        "AllApplicationSecurityGroupsInSecurityRuleMustBeFromSameVnet",
        "syntax",
    ] {
        assert!(codes.contains(c), "{c} not found in src/model: {codes:?}");
    }
    assert!(codes.len() >= 57, "{} codes: {codes:?}", codes.len());
}

#[test]
fn every_checker_code_has_an_invalid_file_fixture() {
    let fixtures = fixture_codes();
    let elsewhere: BTreeSet<&str> = ELSEWHERE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<String> = checker_codes()
        .into_iter()
        .filter(|c| !fixtures.contains(c) && !elsewhere.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no file under tests/fixtures/invalid-topologies: {missing:?}"
    );
    // And the exceptions are still exceptions (a fixture for one makes it leave the list).
    for (c, _) in ELSEWHERE {
        assert!(
            !fixtures.contains(c),
            "{c} has a fixture now: drop it from ELSEWHERE"
        );
    }
}
