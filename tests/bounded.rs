//! Work that must stay bounded (issue 12): absurd widths, counts and time limits are refused
//! with the range in the error; nothing out of range reaches the history; the configure proof
//! search gives up after a budget of settings, naming the question.

use assert_cmd::Command;
use std::fmt::Write as _;
use std::time::Duration;

fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    c.timeout(Duration::from_secs(20));
    c
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = peerlab().args(args).output().unwrap();
    (
        o.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

const TOPOLOGY: &str = "tests/fixtures/valid-bank/topologies/transit-hub-half-broken.toml";

/// `exhibit` too: it once took any width (2^63 panicked, 2^32 aborted allocating 34 GB,
/// 10^7 used 954 MB).
#[test]
fn diagram_and_exhibit_width_is_40_to_1000() {
    for command in ["diagram", "exhibit"] {
        for w in ["39", "1001", "4294967296", "9223372036854775808", "wide"] {
            let (code, text) = run(&[command, TOPOLOGY, "--width", w]);
            assert_eq!(code, Some(2), "{command} {w}: {text}");
            assert!(
                text.contains("give 40 to 1000 columns"),
                "{command} {w}: {text}"
            );
        }
        for w in ["40", "1000"] {
            let (code, text) = run(&[command, TOPOLOGY, "--width", w]);
            assert_eq!(code, Some(0), "{command} {w}: {text}");
            let widest = text.lines().map(peerlab::text::width).max().unwrap();
            assert!(widest <= w.parse().unwrap(), "{command} {w}: {widest}");
        }
    }
}

#[test]
fn counts_and_time_limits_are_capped_and_the_error_says_so() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    for (args, want) in [
        (
            vec!["generate", "--seed", "1", "--count", "1000000000"],
            "give 1 to 10000 questions",
        ),
        (
            vec!["generate", "--seed", "1", "--count", "0"],
            "give 1 to 10000",
        ),
        (
            vec!["--data-dir", d, "exam", "--questions", "1000000"],
            "give 1 to 1000 questions",
        ),
        (
            vec!["--data-dir", d, "exam", "--minutes", "18446744073709551615"],
            "give 1 to 600 minutes",
        ),
        (
            vec!["--data-dir", d, "exam", "--minutes", "0"],
            "give 1 to 600 minutes",
        ),
        (
            vec![
                "--data-dir",
                d,
                "drill",
                "--seed",
                "1",
                "--name",
                "a",
                "--minutes",
                "601",
            ],
            "give 1 to 600 minutes",
        ),
        (
            vec![
                "--data-dir",
                d,
                "drill",
                "--seed",
                "1",
                "--name",
                "a",
                "--questions",
                "1001",
            ],
            "give 1 to 1000 questions",
        ),
    ] {
        let (code, text) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {text}");
        assert!(text.contains(want), "{args:?}: {text}");
    }
    // Refused before anything was created.
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0);
}

#[test]
fn the_history_refuses_values_out_of_range() {
    use peerlab::store::{AnswerRecord, Store, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    for m in [0, 601, u64::MAX] {
        let e = s
            .start_session("exam", Some(1), 5, Some(m), 100)
            .unwrap_err();
        assert!(matches!(e, StoreError::OutOfRange { .. }), "{m}: {e}");
    }
    let e = s
        .start_session("exam", Some(1), 1_000_000, Some(10), 100)
        .unwrap_err();
    assert!(matches!(e, StoreError::OutOfRange { .. }), "{e}");
    let id = s.start_session("exam", Some(1), 5, Some(600), 100).unwrap();
    let a = AnswerRecord {
        position: 0,
        key: "bank:x".into(),
        question_id: "x".into(),
        template: None,
        topic: "nsg".into(),
        kind: "single".into(),
        difficulty: 0,
        correct: true,
        millis: u64::MAX,
        response: "{}".into(),
    };
    assert!(matches!(
        s.record(id, &a, 101),
        Err(StoreError::OutOfRange { .. })
    ));
    let a = AnswerRecord { difficulty: 2, ..a };
    s.record(id, &a, 101).unwrap();
    // A year at most, not a wrapped negative number.
    assert_eq!(s.history().unwrap()[0].answer.millis, 366 * 86_400 * 1000);
    let e = s.finish_session(id, 5000, 1, 10, 102).unwrap_err();
    assert!(matches!(e, StoreError::OutOfRange { .. }), "{e}");
    let e = s.finish_session(id, 700, 1, u64::MAX, 102).unwrap_err();
    assert!(matches!(e, StoreError::OutOfRange { .. }), "{e}");
    s.finish_session(id, 700, 1, 10, 102).unwrap();
    assert_eq!(s.sessions().unwrap()[0].score, Some(700));
}

#[cfg(feature = "tui")]
#[test]
fn resume_refuses_a_stored_time_limit_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = peerlab::store::Store::open(dir.path()).unwrap();
        s.start_session(
            "exam",
            Some(7),
            3,
            Some(10),
            peerlab::store::unix_now() - 60,
        )
        .unwrap();
    }
    // As an older peerlab stored `--minutes 18446744073709551615`.
    let c = rusqlite::Connection::open(dir.path().join("history.sqlite3")).unwrap();
    c.execute("UPDATE sessions SET minutes = -1", []).unwrap();
    drop(c);
    let (code, text) = run(&["--data-dir", dir.path().to_str().unwrap(), "resume"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("outside 1 to 600"), "{text}");
}

/// A hub with a VPN gateway and `n` spokes, each peered both ways, one VM in each: spoke to
/// spoke can never be reachable by peering flags alone (peering is not transitive).
fn hub(n: usize) -> String {
    let mut t = String::from(
        "[[vnet]]\nname = \"hub\"\naddress_space = [\"10.0.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.0.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n  sku = \"VpnGw1\"\n",
    );
    for i in 1..=n {
        let _ = write!(
            t,
            "[[vnet]]\nname = \"s{i}\"\naddress_space = [\"10.{i}.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"w\"\n  prefix = \"10.{i}.1.0/24\"\n[[vm]]\nname = \"vm{i}\"\nvnet = \"s{i}\"\nsubnet = \"w\"\nip = \"10.{i}.1.4\"\n[[peering]]\nname = \"hub-to-s{i}\"\nvnet = \"hub\"\nremote = \"s{i}\"\n[[peering]]\nname = \"s{i}-to-hub\"\nvnet = \"s{i}\"\nremote = \"hub\"\n"
        );
    }
    t
}

const EDITABLE: [&str; 4] = ["hub-to-s1", "s1-to-hub", "hub-to-s2", "s2-to-hub"];

#[test]
fn the_configure_search_stops_at_its_budget_and_is_pruned() {
    use peerlab::bank::{Flow, Goal, Solved, solve_within};
    let t = peerlab::model::parse_topology(&hub(3)).unwrap().topology;
    let editable: Vec<String> = EDITABLE.map(String::from).to_vec();
    let goal = |to: &str, expect| Goal {
        flow: Flow {
            from: "vm1".into(),
            to: to.into(),
            port: 443,
            protocol: peerlab::model::Protocol::Tcp,
        },
        expect,
    };
    let never = vec![goal("vm2", peerlab::eval::Verdict::Reachable)];
    assert_eq!(
        solve_within(&t, &editable, &never, 100).unwrap(),
        Solved::Budget(100)
    );
    // Pruned: the hub sides may not use remote gateways (the hub has its own), and no side
    // may both offer and use transit, so 12 * 8 * 12 * 8 = 9,216 of the 65,536 settings
    // are evaluated before the search knows there is none.
    assert_eq!(
        solve_within(&t, &editable, &never, 10_000).unwrap(),
        Solved::None
    );
    assert_eq!(
        solve_within(&t, &editable, &never, 9_216).unwrap(),
        Solved::None
    );
    assert_eq!(
        solve_within(&t, &editable, &never, 9_215).unwrap(),
        Solved::Budget(9_215)
    );
}

#[test]
fn a_question_whose_search_runs_out_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("questions")).unwrap();
    std::fs::create_dir_all(root.join("topologies")).unwrap();
    std::fs::write(root.join("topologies/hub.toml"), hub(2)).unwrap();
    std::fs::write(
        root.join("questions/q.toml"),
        format!(
            "[[question]]\nid = \"endless-search\"\ntopic = \"transitivity\"\nkind = \"configure\"\ndifficulty = 3\ntopology = \"../topologies/hub.toml\"\nprompt = \"Make vm1 reach vm2.\"\ngoals = [ {{ from = \"vm1\", to = \"vm2\", port = 443, expect = \"reachable\" }} ]\neditable = {EDITABLE:?}\nexplanation = \"It cannot be done.\"\n"
        ),
    )
    .unwrap();
    let (code, text) = run(&["check", root.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("error: search-budget: question \"endless-search\": no solution found within 4096 settings"),
        "{text}"
    );
}

/// `generate --out` writes as it goes: a question file is handed back as soon as the next
/// item would take it past its budget, and the text held never grows past one file.
#[test]
fn the_bank_folder_is_built_one_item_at_a_time() {
    use peerlab::generate::{self, BankFiles, Filter};
    let mut bank = BankFiles::default();
    let (mut handed, mut question_files, mut most) = (0, 0, 0);
    generate::generate_each(41, 4_000, &Filter::default(), |g| {
        for (path, text) in bank.push(&g) {
            handed += 1;
            if path.ends_with(".toml") && path.starts_with("questions") {
                question_files += 1;
                assert!(text.len() <= 768 * 1024, "{path}: {}", text.len());
            }
        }
        most = most.max(bank.pending());
        true
    });
    assert!(handed > 100, "{handed}");
    assert!(
        question_files >= 1,
        "4,000 questions fill more than one file"
    );
    assert!(most <= 768 * 1024, "{most}");
    let (last, _) = bank.finish();
    assert!(last.starts_with("questions/more-"), "{last}");
}

/// The topologies are on disk before the last question file is written: when that write
/// fails (here `questions.toml` is a folder) they are there, and the error names the file.
#[test]
fn generate_out_writes_each_item_as_it_comes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("questions.toml")).unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, text) = run(&["generate", "--seed", "7", "--count", "30", "--out", out]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("questions.toml: cannot write"), "{text}");
    let topologies = std::fs::read_dir(dir.path().join("topologies"))
        .unwrap()
        .count();
    assert!(topologies > 0, "{text}");
}

/// A generator that can stop: nothing more is made once the writer says stop.
#[test]
fn generation_stops_when_the_writer_fails() {
    use peerlab::generate::{self, Filter};
    let mut seen = 0;
    generate::generate_each(3, 500, &Filter::default(), |_| {
        seen += 1;
        seen < 2
    });
    assert_eq!(seen, 2);
}
