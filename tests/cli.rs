//! The command line as scripts use it: exit codes, `--json` shapes (FORMAT.md §2), and
//! `check` output lines.

mod common;

use common::cli::{peerlab, run};
use serde_json::Value;

const HUB: &str = "content/topologies/chapter-hub-spoke.toml";

#[test]
fn trace_json_has_the_documented_fields() {
    let out = run(
        [
            "trace", HUB, "--from", "vm-web", "--to", "vm-sql", "--port", "1433", "--json",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "reachable");
    assert_eq!(v["reason"], "ok");
    assert_eq!(v["next_hop"]["type"], "VirtualAppliance");
    assert_eq!(v["next_hop"]["ip"], "10.0.1.4");
    assert_eq!(v["next_hop"]["route_table"], "rt-spoke-web");
    let hops = v["hops"].as_array().unwrap();
    assert!(hops.len() >= 6);
    for h in hops {
        assert!(
            h["at"].is_string() && h["step"].is_string() && h["detail"].is_string(),
            "{h}"
        );
    }
    assert!(v["explanation"].as_str().unwrap().len() > 80);
}

#[test]
fn an_unreachable_trace_still_exits_zero_and_says_why() {
    let text = run(
        [
            "trace", HUB, "--from", "vm-web", "--to", "vm-sql", "--port", "22",
        ],
        0,
    )
    .stdout;
    assert!(
        text.contains("verdict:  unreachable (firewall-deny)"),
        "{text}"
    );
    assert!(text.contains("STOP"), "{text}");
}

#[test]
fn trace_exits_2_on_a_bad_file_or_a_bad_name() {
    let bad = "tests/fixtures/invalid-topologies/bad-ip.toml";
    let err = run(["trace", bad, "--from", "vm-web", "--to", "1.2.3.4"], 2).stderr;
    assert!(err.contains("bad-ip.toml:12:6: error: bad-ip:"), "{err}");
    let out = run(["trace", HUB, "--from", "nobody", "--to", "vm-sql"], 2).stderr;
    assert!(out.contains("--from \"nobody\""));
    run(["trace", HUB, "--from", "vm-web", "--to", "not a name!"], 2);
    run(
        ["trace", "no/such/file.toml", "--from", "a", "--to", "b"],
        2,
    );
    run(["trace", HUB, "--from", "vm-web"], 2);
}

#[test]
fn check_prints_file_line_column_and_exits_1_on_errors() {
    let text = run(
        [
            "check",
            "tests/fixtures/invalid-topologies/remote-deleted-but-present.toml",
        ],
        1,
    )
    .stdout;
    assert_eq!(
        text.trim(),
        "tests/fixtures/invalid-topologies/remote-deleted-but-present.toml:8:1: error: remote-deleted-but-present: peering \"a-to-b\" says its remote side was deleted, but \"b\" still has a peering to \"a\"; remove remote_deleted or the other side"
    );
}

#[test]
fn check_passes_the_content_folder_with_azure_rejections_as_warnings() {
    let out = run(["check", "content/"], 0);
    let stdout = out.stdout;
    assert!(
        stdout.contains("overlap-broken.toml:")
            && stdout.contains("warning: VnetAddressSpacesOverlap"),
        "{stdout}"
    );
    assert!(!stdout.contains(": error:"), "{stdout}");
    assert!(out.stderr.contains("0 errors"));
}

#[test]
fn routes_lists_effective_routes_with_source_and_state() {
    let out = run(["routes", HUB, "--vm", "vm-web", "--json"], 0).stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    let routes = v["routes"].as_array().unwrap();
    let find = |prefix: &str, source: &str| {
        routes
            .iter()
            .find(|r| r["prefix"] == prefix && r["source"] == source)
            .cloned()
    };
    let udr = find("0.0.0.0/0", "User").unwrap();
    assert_eq!(
        (
            udr["next_hop_type"].as_str(),
            udr["next_hop_ip"].as_str(),
            udr["state"].as_str()
        ),
        (Some("VirtualAppliance"), Some("10.0.1.4"), Some("Active"))
    );
    assert_eq!(find("0.0.0.0/0", "Default").unwrap()["state"], "Invalid");
    assert_eq!(
        find("192.168.0.0/16", "VirtualNetworkGateway").unwrap()["next_hop_type"],
        "VirtualNetworkGateway"
    );
    let text = run(["routes", HUB, "--vm", "vm-web"], 0).stdout;
    assert!(text.contains("10.2.0.0/16        VirtualAppliance       10.0.1.4"));
    run(["routes", HUB, "--vm", "dc-app"], 2);
}

#[test]
fn terminal_output_never_carries_escape_sequences_from_a_file() {
    let dir = std::env::temp_dir().join(format!("peerlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("evil.toml");
    std::fs::write(
        &f,
        "[[vnet]]\nname = \"a\\u001b[31m\"\naddress_space = [\"10.0.0.0/16\"]\n",
    )
    .unwrap();
    let out = run(["check", f.to_str().unwrap()], 1).stdout;
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("\\u{1b}"));
}

#[test]
fn network_watcher_next_hop_and_ip_flow_verify() {
    let out = run(
        [
            "next-hop", HUB, "--vm", "vm-web", "--to", "10.2.1.4", "--json",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["type"].as_str(),
            v["ip"].as_str(),
            v["route_table"].as_str()
        ),
        (
            Some("VirtualAppliance"),
            Some("10.0.1.4"),
            Some("rt-spoke-web")
        )
    );
    let f = "content/topologies/nsg-order-broken.toml";
    let out = run(
        [
            "ip-flow-verify",
            f,
            "--vm",
            "vm-sql",
            "--direction",
            "inbound",
            "--remote",
            "10.1.1.4",
            "--port",
            "1433",
            "--json",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["access"].as_str(), v["rule"].as_str(), v["nsg"].as_str()),
        (
            Some("Deny"),
            Some("securityRules/sql-from-web"),
            Some("nsg-data-subnet")
        )
    );
    run(["next-hop", HUB, "--vm", "vm-web", "--to", "not-an-ip"], 2);
}

#[test]
fn check_proves_question_files_and_explains_solutions() {
    let out = run(
        ["check", "--explain", "tests/fixtures/valid-bank/questions"],
        0,
    );
    let stdout = out.stdout;
    assert!(
        stdout.contains(
            "transit-configure: one solution: spoke-web-to-hub = [access, use-remote-gateways]"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "transit-fix: correct choices: 0 (Use the remote gateway on spoke-web's peering)"
        ),
        "{stdout}"
    );
    assert!(out.stderr.contains("(3 questions proven): 0 errors"));
    let out = run(
        [
            "check",
            "tests/fixtures/invalid-questions/questions/evaluator.toml",
        ],
        1,
    )
    .stdout;
    assert!(out.contains(
        "tests/fixtures/invalid-questions/questions/evaluator.toml:22:1: error: key-disagrees:"
    ));
}

#[test]
fn questions_lists_a_content_folder_with_filters() {
    let out = run(
        [
            "--content",
            "tests/fixtures/valid-bank",
            "questions",
            "--kind",
            "configure",
            "--json",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], "transit-configure");
    assert_eq!(rows[0]["kind"], "configure");
    run(["questions", "--topic", "nope"], 2);
    let err = run(
        ["--content", "tests/fixtures/invalid-questions", "questions"],
        2,
    )
    .stderr;
    assert!(err.contains("error:"));
}

#[test]
fn generate_writes_a_bank_that_check_proves_and_content_loads() {
    let dir = std::env::temp_dir().join(format!("peerlab-cli-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    run(["generate", "--seed", "42", "--count", "12", "--out", d], 0);
    assert!(dir.join("questions.toml").is_file());
    let out = run(["check", d], 0).stderr;
    assert!(out.contains("questions proven): 0 errors"));
    let out = run(["--content", d, "questions", "--json"], 0).stdout;
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert!(rows.as_array().unwrap().len() >= 12);
    // The same seed writes the same files.
    let again = std::env::temp_dir().join(format!("peerlab-cli-gen2-{}", std::process::id()));
    run(
        [
            "generate",
            "--seed",
            "42",
            "--count",
            "12",
            "--out",
            again.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(
        std::fs::read(dir.join("questions.toml")).unwrap(),
        std::fs::read(again.join("questions.toml")).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&again);
}

#[test]
fn generate_json_lists_questions_with_their_networks() {
    let out = run(
        [
            "generate",
            "--seed",
            "3",
            "--count",
            "4",
            "--json",
            "--kind",
            "reachability",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["seed"], 3);
    let qs = v["questions"].as_array().unwrap();
    assert!(qs.len() >= 4);
    for q in qs {
        assert_eq!(q["kind"], "reachability");
        assert!(
            q["key"]["verdict"].is_string() && q["topology"].as_str().unwrap().contains("[[vnet]]")
        );
    }
    run(["generate", "--seed", "3", "--difficulty", "4"], 2);
}

#[cfg(feature = "tui")]
#[test]
fn the_trainer_without_a_terminal_says_so_and_exits_non_zero() {
    // --no-history: the machine's own history (another peerlab's) must not decide this.
    let out = peerlab()
        .args(["--no-history", "exam"])
        .write_stdin("")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("needs an interactive terminal")
    );
}

#[cfg(not(feature = "tui"))]
#[test]
fn without_the_tui_feature_the_trainer_commands_say_so() {
    // --no-history: the machine's own history (another peerlab's) must not decide this.
    let out = peerlab()
        .args(["--no-history", "exam"])
        .write_stdin("")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("built without the `tui` feature")
    );
}

#[test]
fn report_summarises_drill_results_and_refuses_bad_files() {
    let dir = std::env::temp_dir().join(format!("peerlab-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("a.json");
    std::fs::write(
        &good,
        r#"{"format":1,"peerlab":"0.1.0","name":"Ada","seed":7,"minutes":15,"score":820,"passed":true,"correct":8,"total":10,"seconds":600,"timed_out":false,"items":[{"id":"q1","topic":"nsg","answered":true,"correct":false}]}"#,
    )
    .unwrap();
    // Hand-written: 8 of 10 right with one item listed is not what peerlab writes.
    let out = run(["report", good.to_str().unwrap()], 0);
    let text = out.stdout;
    assert!(
        text.contains("Not counted") && text.contains("Ada") && text.contains("score 820 claimed"),
        "{text}"
    );
    let err = out.stderr;
    assert!(
        err.contains("a.json: warning: not counted") && err.contains("total 10 but 1 items listed"),
        "{err}"
    );
    let bad = dir.join("b.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let err = run(["report", bad.to_str().unwrap()], 2).stderr;
    assert!(err.contains("b.json: error: line 1"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn seeded_history() -> tempfile::TempDir {
    use peerlab::store::{AnswerRecord, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let id = s
        .start_session("exam", Some(4), 2, Some(5), now - 60)
        .unwrap();
    for (i, ok) in [true, false].into_iter().enumerate() {
        let a = AnswerRecord {
            position: i,
            key: format!("bank:q{i}"),
            question_id: format!("q{i}"),
            template: None,
            topic: "dns".to_string(),
            kind: "single".to_string(),
            difficulty: 2,
            correct: ok,
            millis: 900,
            response: r#"{"kind":"choices","picked":[0,1]}"#.to_string(),
        };
        s.record(id, &a, now - 30 + i as i64).unwrap();
    }
    s.finish_session(id, 500, 1, 40, now - 20).unwrap();
    dir
}

#[test]
fn stats_and_export_read_the_history_in_the_data_folder() {
    let dir = seeded_history();
    let d = dir.path().to_str().unwrap();
    let out = run(["--data-dir", d, "stats", "--json"], 0).stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["answers"].as_u64(), v["correct"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(v["per_topic"][0]["topic"], "dns");
    assert_eq!(v["exams"][0]["score"], 500);
    assert_eq!(v["exams"][0]["passed"], false);
    assert_eq!(v["streak_days"], 1);
    // The environment variable works as well as the flag.
    let text = peerlab()
        .env("PEERLAB_DATA_DIR", d)
        .arg("stats")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.starts_with("2 answers, 1 right (50%); streak 1 day"),
        "{text}"
    );
    let csv = run(["--data-dir", d, "export", "--format", "csv"], 0).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("session,mode,answered_at,position,item_key"));
    // Times in ISO 8601 UTC, not unix seconds.
    let at = lines[1].split(',').nth(2).unwrap();
    assert!(peerlab::civil::parse_iso8601(at).is_some(), "{at}");
    // The JSON answer holds commas and quotes: it is quoted, quotes doubled; then the same
    // answer as a person reads it; then the time again, in unix seconds.
    assert!(
        lines[1].contains(r#",true,900,"{""kind"":""choices"",""picked"":[0,1]}","A, B","#),
        "{}",
        lines[1]
    );
    // Extend, never break: every column of the first release in its place (answered_at
    // became ISO 8601 as issue 13 asked), new ones only at the end.
    assert_eq!(
        lines[0],
        "session,mode,answered_at,position,item_key,question_id,template,topic,kind,difficulty,correct,millis,response,response_text,answered_unix"
    );
    let json = run(["--data-dir", d, "export", "--format", "json"], 0).stdout;
    let v: Value = serde_json::from_str(&json).unwrap();
    // The last column is the unix time the JSON export has, and the ISO time is the same
    // instant.
    let unix = v["answers"][0]["answered_at"].as_i64().unwrap();
    assert_eq!(lines[1].rsplit(',').next().unwrap(), unix.to_string());
    assert_eq!(at, peerlab::civil::iso8601(unix));
    assert_eq!(v["format"], "peerlab-history");
    assert_eq!(v["sessions"][0]["mode"], "exam");
    assert_eq!(v["answers"][1]["correct"], false);
}

#[test]
fn a_broken_history_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite3");
    std::fs::write(
        &file,
        "not a database at all, just some words\n".repeat(200),
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let err = run(["--data-dir", d, "stats"], 2).stderr;
    assert!(
        err.contains("history.sqlite3: not a readable peerlab history"),
        "{err}"
    );
    assert!(err.contains("Move it aside"), "{err}");
    // The trainer refuses too (rather than losing answers), and says how to go on.
    #[cfg(feature = "tui")]
    {
        let err = run(["--data-dir", d, "practice"], 2).stderr;
        assert!(err.contains("--no-history"));
    }
    assert!(std::fs::read(&file).unwrap().starts_with(b"not a database"));
}

#[test]
fn history_output_never_carries_escape_sequences() {
    use peerlab::store::{AnswerRecord, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let id = s
        .start_session("practice", None, 1, None, 1_790_000_000)
        .unwrap();
    let a = AnswerRecord {
        position: 0,
        key: "bank:x".to_string(),
        question_id: "x\u{1b}]0;pwned\u{7}".to_string(),
        template: None,
        topic: "dns\u{9b}31m".to_string(),
        kind: "single".to_string(),
        difficulty: 1,
        correct: true,
        millis: 1,
        response: "{}".to_string(),
    };
    s.record(id, &a, 1_790_000_000).unwrap();
    let d = dir.path().to_str().unwrap();
    for args in [
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "json"],
        vec!["stats", "--json"],
        vec!["stats"],
    ] {
        let text = run([&["--data-dir", d][..], &args].concat(), 0).stdout;
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
    }
    // JSON readers still get the original text back.
    let out = peerlab()
        .args(["--data-dir", d, "export", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answers"][0]["question_id"], "x\u{1b}]0;pwned\u{7}");
    assert_eq!(v["answers"][0]["topic"], "dns\u{9b}31m");
}

#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_does_not_make_peerlab_panic() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    // Like `peerlab generate ... --json | head -c 10`: far more than a pipe buffer of output.
    let mut child = Std::new(env!("CARGO_BIN_EXE_peerlab"))
        .args(["generate", "--seed", "1", "--count", "60", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's read end is dropped here.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// RULES.md §14 (issue 11): `routes` names a side's sync level when it is stale
/// (peering-sync-broken.toml: spoke-web's side still knows hub-vnet as 10.0.0.0/16), in text and
/// JSON; an in-sync side has no text line.
#[test]
fn routes_show_the_sync_level_of_the_vnets_peerings() {
    let file = "content/topologies/peering-sync-broken.toml";
    let out = run(["routes", file, "--vm", "vm-web", "--json"], 0).stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    let p = &v["peerings"][0];
    assert_eq!(
        (p["name"].as_str(), p["sync"].as_str()),
        (Some("spoke-web-to-hub"), Some("LocalNotInSync"))
    );
    assert_eq!(p["remote_space_known"], serde_json::json!(["10.0.0.0/16"]));
    let text = |vm: &str| run(["routes", file, "--vm", vm], 0).stdout;
    assert!(
        text("vm-web").contains(
            "peering spoke-web-to-hub to hub-vnet: LocalNotInSync; its routes use the space it last synced: 10.0.0.0/16"
        ),
        "{}",
        text("vm-web")
    );
    // hub-vnet's side is RemoteNotInSync: not stale itself, but not FullyInSync either.
    assert!(text("vm-mgmt").contains("hub-to-spoke-web to spoke-web: RemoteNotInSync"));
}
