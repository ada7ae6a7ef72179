//! Every JSON Schema in assets/schemas validates what the commands really print, on every
//! content topology and the test networks: `trace`, `matrix`, `routes`, `next-hop` and
//! `ip-flow-verify` and `exhibit` with `--json` (FORMAT.md §2 and its Additions), and since
//! issue 16 `generate`, `questions` (and `--full`), `stats` and `export --format json`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join(format!("assets/schemas/{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn check(v: &jsonschema::Validator, name: &str, args: &[&str]) -> Value {
    let doc = json(args);
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name} {args:?}: {errors:#?}");
    doc
}

fn networks() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in [
        "content/topologies",
        "tests/fixtures/matrix",
        "tests/fixtures/valid-topologies",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

#[test]
fn real_outputs_match_their_schemas() {
    let [trace, matrix, routes, next_hop, flow, exhibit] = [
        "trace",
        "matrix",
        "routes",
        "next-hop",
        "ip-flow-verify",
        "exhibit",
    ]
    .map(schema);
    let mut traced = 0;
    for file in networks() {
        let f = file.to_str().unwrap();
        let m = check(&matrix, "matrix", &["matrix", f, "--json"]);
        let x = check(&exhibit, "exhibit", &["exhibit", f, "--json"]);
        // What a schema cannot say: every row has a cell per column.
        for t in x["tables"].as_array().unwrap() {
            let n = t["columns"].as_array().unwrap().len();
            assert!(
                t["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r.as_array().unwrap().len() == n),
                "{f}: {}",
                t["title"]
            );
        }
        let endpoints: Vec<(String, String)> = m["endpoints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["ip"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if endpoints.len() >= 2 {
            let (a, b) = (&endpoints[0].0, &endpoints[endpoints.len() - 1].0);
            check(
                &trace,
                "trace",
                &["trace", f, "--from", a, "--to", b, "--json"],
            );
            traced += 1;
        }
        // Endpoints list VMs first: the first is a VM whenever the network has one.
        let text = std::fs::read_to_string(&file).unwrap();
        if endpoints.len() >= 2 && text.contains("[[vm]]") {
            let vm = &endpoints[0].0;
            let other = &endpoints[endpoints.len() - 1].1;
            check(&routes, "routes", &["routes", f, "--vm", vm, "--json"]);
            check(
                &next_hop,
                "next-hop",
                &["next-hop", f, "--vm", vm, "--to", other, "--json"],
            );
            check(
                &flow,
                "ip-flow-verify",
                &[
                    "ip-flow-verify",
                    f,
                    "--vm",
                    vm,
                    "--direction",
                    "outbound",
                    "--remote",
                    other,
                    "--json",
                ],
            );
        }
    }
    assert!(traced >= 60, "only {traced} networks traced");
}

#[test]
fn a_schema_rejects_what_breaks_the_contract() {
    let trace = schema("trace");
    let f = root().join("tests/fixtures/matrix/hub-site.toml");
    let mut doc = json(&[
        "trace",
        f.to_str().unwrap(),
        "--from",
        "vm-b",
        "--to",
        "dc-app",
        "--json",
    ]);
    assert!(trace.is_valid(&doc));
    assert_eq!(doc["reason"], "gateway-transit-missing");
    doc["reason"] = "gateway-missing".into();
    assert!(!trace.is_valid(&doc), "an unknown reason");
    doc["reason"] = "ok".into();
    doc.as_object_mut().unwrap().remove("hops");
    assert!(!trace.is_valid(&doc), "a missing field");
    let matrix = schema("matrix");
    let bad: Value = serde_json::json!({ "port": 443, "protocol": "tcp", "endpoints": [],
        "pairs": [ { "from": "a", "to": "b", "verdict": "maybe", "reason": "ok" } ] });
    assert!(!matrix.is_valid(&bad), "an unknown verdict");
}

/// The newer outputs: `generate`, `questions` (and `--full`), `stats` and `export --format
/// json` (FORMAT.md Additions and "Exhibits"), each on several inputs.
const SEEDS: [&str; 3] = ["1", "7", "20261203"];

#[test]
fn generated_questions_match_their_schema() {
    let v = schema("generate");
    let mut kinds = std::collections::BTreeSet::new();
    for seed in SEEDS {
        let doc = check(
            &v,
            "generate",
            &["generate", "--seed", seed, "--count", "60", "--json"],
        );
        for q in doc["questions"].as_array().unwrap() {
            kinds.insert(q["kind"].as_str().unwrap().to_string());
        }
    }
    // Filters and templates reach the kinds a default run draws rarely.
    for template in ["case-study", "beyond", "fix"] {
        check(
            &v,
            "generate",
            &[
                "generate",
                "--seed",
                "5",
                "--count",
                "8",
                "--template",
                template,
                "--json",
            ],
        );
    }
    assert!(kinds.len() >= 5, "only {kinds:?}");
}

#[test]
fn the_bank_listed_matches_its_schemas() {
    let list = schema("questions");
    let full = schema("questions-full");
    let short = check(&list, "questions", &["questions", "--json"]);
    let whole = check(&full, "questions-full", &["questions", "--json", "--full"]);
    assert_eq!(
        short.as_array().unwrap().len(),
        whole.as_array().unwrap().len()
    );
    assert!(short.as_array().unwrap().len() >= 100);
    check(
        &list,
        "questions",
        &["questions", "--topic", "dns", "--kind", "single", "--json"],
    );
    // A generated bank on disk, read with --content, is listed in the same shapes.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    json_ok(&["generate", "--seed", "3", "--count", "30", "--out", d]);
    check(&list, "questions", &["--content", d, "questions", "--json"]);
    check(
        &full,
        "questions-full",
        &["--content", d, "questions", "--json", "--full"],
    );
}

fn json_ok(args: &[&str]) {
    let out = Command::cargo_bin("peerlab")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
}

fn answer(position: usize, topic: &str, kind: &str, correct: bool) -> peerlab::store::AnswerRecord {
    peerlab::store::AnswerRecord {
        position,
        key: format!("bank:q-{topic}-{position}"),
        question_id: format!("q-{topic}-{position}"),
        template: None,
        topic: topic.to_string(),
        kind: kind.to_string(),
        difficulty: 2,
        correct,
        millis: 1200 + 100 * position as u64,
        response: r#"{"kind":"choices","picked":[1]}"#.to_string(),
    }
}

/// Histories: empty; a practice session of three answers; that plus a passed exam, a failed
/// drill, an exam left open and a generated item answered days ago.
fn histories() -> Vec<tempfile::TempDir> {
    use peerlab::store::{AnswerRecord, Store};
    let now = peerlab::store::unix_now();
    let empty = tempfile::tempdir().unwrap();
    let small = tempfile::tempdir().unwrap();
    let busy = tempfile::tempdir().unwrap();
    for dir in [&small, &busy] {
        let mut s = Store::open(dir.path()).unwrap();
        let p = s
            .start_session("practice", None, 3, None, now - 7200)
            .unwrap();
        for (i, (topic, ok)) in [("dns", true), ("nsg", false), ("dns", true)]
            .into_iter()
            .enumerate()
        {
            s.record(p, &answer(i, topic, "single", ok), now - 7000 + i as i64)
                .unwrap();
        }
        s.finish_session(p, 667, 2, 60, now - 6900).unwrap();
    }
    let mut s = Store::open(busy.path()).unwrap();
    let e = s
        .start_session("exam", Some(4), 2, Some(5), now - 9 * 86_400)
        .unwrap();
    s.record(
        e,
        &answer(0, "routing", "multi", true),
        now - 9 * 86_400 + 30,
    )
    .unwrap();
    let generated = AnswerRecord {
        key: "gen:reachability:2".to_string(),
        question_id: "gen-4-0001".to_string(),
        template: Some("reachability".to_string()),
        response: r#"{"kind":"reach","verdict":"unreachable","reason":"nsg-deny"}"#.to_string(),
        ..answer(1, "troubleshooting", "reachability", false)
    };
    s.record(e, &generated, now - 9 * 86_400 + 60).unwrap();
    s.finish_session(e, 500, 1, 90, now - 9 * 86_400 + 90)
        .unwrap();
    let d = s
        .start_session("drill", Some(9), 1, Some(10), now - 3600)
        .unwrap();
    s.record(d, &answer(0, "routing", "order", true), now - 3500)
        .unwrap();
    s.finish_session(d, 1000, 1, 100, now - 3400).unwrap();
    let open = s
        .start_session("exam", Some(5), 4, Some(10), now - 600)
        .unwrap();
    s.record(
        open,
        &answer(0, "peering-basics", "yes-no", true),
        now - 500,
    )
    .unwrap();
    drop(s);
    vec![empty, small, busy, spaced()]
}

/// Four review sessions of 40 items over two weeks (120 reviews, enough for `--optimize` to
/// fit), then a cram session (its answers kept, FORMAT.md "Review with nothing due").
fn spaced() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut s = peerlab::store::Store::open(dir.path()).unwrap();
    let t0 = peerlab::store::unix_now() - 30 * 86_400;
    for (n, day) in [0i64, 2, 6, 14].into_iter().enumerate() {
        let at = t0 + day * 86_400;
        let id = s.start_session("review", None, 40, None, at).unwrap();
        for i in 0..40 {
            let a = answer(i, "transitivity", "single", !(n == 2 && i % 4 == 0));
            s.record(id, &a, at + i as i64).unwrap();
        }
        s.finish_session(id, 0, 40, 60, at + 100).unwrap();
    }
    let cram = s
        .start_session("cram", None, 1, None, t0 + 20 * 86_400)
        .unwrap();
    s.record(
        cram,
        &answer(0, "transitivity", "single", true),
        t0 + 20 * 86_400,
    )
    .unwrap();
    drop(s);
    dir
}

#[test]
fn stats_settings_changes_match_their_schema() {
    let tune = schema("stats-tune");
    let fresh = tempfile::tempdir().unwrap();
    let f = fresh.path().to_str().unwrap();
    let only = check(
        &tune,
        "stats-tune",
        &["--data-dir", f, "stats", "--retention", "0.85", "--json"],
    );
    assert_eq!(only, serde_json::json!({ "retention": 0.85 }));
    let few = check(
        &tune,
        "stats-tune",
        &["--data-dir", f, "stats", "--optimize", "--json"],
    );
    assert_eq!(few["result"], "too_few");
    let dir = spaced();
    let d = dir.path().to_str().unwrap();
    let fit = check(
        &tune,
        "stats-tune",
        &[
            "--data-dir",
            d,
            "stats",
            "--optimize",
            "--retention",
            "0.8",
            "--json",
        ],
    );
    assert_eq!(
        (fit["result"].as_str(), fit["reviews"].as_u64()),
        (Some("fitted"), Some(120))
    );
    // The negative cases: a fit without its parameters, a retention out of range, and a
    // too-few answer that claims parameters' shape but not its own.
    let mut bad = fit.clone();
    bad.as_object_mut().unwrap().remove("parameters");
    assert!(!tune.is_valid(&bad), "fitted without parameters");
    let mut bad = only.clone();
    bad["retention"] = 0.5.into();
    assert!(!tune.is_valid(&bad), "a retention of 0.5");
    let mut bad = few.clone();
    bad["result"] = "fitted".into();
    assert!(!tune.is_valid(&bad), "fitted with a too-few body");
}

#[test]
fn stats_and_export_match_their_schemas() {
    let stats = schema("stats");
    let export = schema("export");
    for dir in histories() {
        let d = dir.path().to_str().unwrap();
        check(&stats, "stats", &["--data-dir", d, "stats", "--json"]);
        let x = check(
            &export,
            "export",
            &["--data-dir", d, "export", "--format", "json"],
        );
        // The default format is JSON too.
        assert_eq!(x, json(&["--data-dir", d, "export"]));
    }
}

#[test]
fn the_newer_schemas_reject_what_breaks_the_contract() {
    let drop_key = |doc: &Value, pointer: &str, key: &str| {
        let mut d = doc.clone();
        d.pointer_mut(pointer)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(key)
            .unwrap_or_else(|| panic!("{pointer}/{key} is in the output"));
        d
    };
    let g = schema("generate");
    let doc = json(&["generate", "--seed", "1", "--count", "3", "--json"]);
    assert!(g.is_valid(&doc));
    assert!(
        !g.is_valid(&drop_key(&doc, "/questions/0", "topology")),
        "generate: no topology"
    );
    let mut bad = doc.clone();
    bad["questions"][0]["difficulty"] = "2".into();
    assert!(!g.is_valid(&bad), "generate: a difficulty as text");

    let q = schema("questions");
    let doc = json(&["questions", "--json"]);
    assert!(q.is_valid(&doc));
    assert!(
        !q.is_valid(&drop_key(&doc, "/0", "file")),
        "questions: no file"
    );
    let mut bad = doc.clone();
    bad[0]["kind"] = "essay".into();
    assert!(!q.is_valid(&bad), "questions: an unknown kind");

    let f = schema("questions-full");
    let doc = json(&["questions", "--json", "--full"]);
    assert!(f.is_valid(&doc));
    assert!(
        !f.is_valid(&drop_key(&doc, "/0", "exhibit")),
        "full: no exhibit"
    );
    let mut bad = doc.clone();
    bad[0]["line"] = 0.into();
    assert!(!f.is_valid(&bad), "full: line 0");

    let s = schema("stats");
    let e = schema("export");
    let dirs = histories();
    let d = dirs[2].path().to_str().unwrap();
    let doc = json(&["--data-dir", d, "stats", "--json"]);
    assert!(s.is_valid(&doc));
    assert!(
        !s.is_valid(&drop_key(&doc, "/readiness", "pass_probability")),
        "stats: no pass_probability"
    );
    let mut bad = doc.clone();
    bad["per_topic"][0]["accuracy"] = 1.5.into();
    assert!(!s.is_valid(&bad), "stats: an accuracy above 1");

    let doc = json(&["--data-dir", d, "export", "--format", "json"]);
    assert!(e.is_valid(&doc));
    assert!(
        !e.is_valid(&drop_key(&doc, "/answers/0", "response")),
        "export: no response"
    );
    let mut bad = doc.clone();
    bad["sessions"][0]["mode"] = "quiz".into();
    assert!(!e.is_valid(&bad), "export: an unknown mode");
    bad["sessions"][0]["mode"] = "exam".into();
    bad["format"] = "peerlab".into();
    assert!(!e.is_valid(&bad), "export: another format");
}

/// A drill of `seed` as `peerlab drill` writes it (the trainer calls `report::drill_result`):
/// item `i` right when `i % 3 == 0`, a wrong choice when `i % 3 == 1` on a choice item,
/// unanswered otherwise and from `stop` on.
fn drill(seed: u64, count: usize, stop: usize) -> Value {
    use peerlab::bank::{self, Kind};
    use peerlab::quiz::{self, Answer, Mode, Session, report, right_answer};
    use std::time::Duration;
    let items = quiz::exam(&bank::builtin().unwrap(), seed, count);
    let mut s = Session::new(
        Mode::Drill,
        items,
        Some(Duration::from_secs(900)),
        Duration::ZERO,
    );
    let n = s.items.len();
    for i in 0..n {
        let q = s.item().question.clone();
        let given = match i % 3 {
            _ if i >= stop => None,
            0 => right_answer(&q),
            1 if matches!(q.kind, Kind::Single | Kind::Multi | Kind::YesNo | Kind::Fix) => {
                (0..q.choices.len())
                    .find(|c| !q.answer.contains(c))
                    .map(|c| Answer::Choices { picked: vec![c] })
            }
            _ => None,
        };
        if let Some(a) = given {
            s.answer(a, Duration::from_secs(i as u64 + 1)).unwrap();
        }
        if i + 1 < n {
            s.forward().unwrap();
        }
    }
    let r = s.submit(Duration::from_secs(300)).clone();
    let given: Vec<Option<Answer>> = (0..n).map(|i| s.answer_of(i).cloned()).collect();
    serde_json::to_value(report::drill_result(
        "Ada",
        seed,
        15,
        &r,
        &given,
        1_796_206_000,
    ))
    .unwrap()
}

#[test]
fn drill_results_files_match_their_schema() {
    let v = schema("drill-results");
    let mut kinds = std::collections::BTreeSet::new();
    for (seed, count, stop) in [(77, 8, 99), (1, 30, 99), (20261203, 50, 10), (5, 1, 0)] {
        let doc = drill(seed, count, stop);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:#?}");
        for it in doc["items"].as_array().unwrap() {
            if let Some(k) = it["response"]["kind"].as_str() {
                kinds.insert(k.to_string());
            }
        }
        // And `report` takes the file: the schema describes what it reads.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("ada.json");
        std::fs::write(&f, doc.to_string()).unwrap();
        let out = Command::cargo_bin("peerlab")
            .unwrap()
            .args(["report", f.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    }
    assert!(kinds.len() >= 3, "responses of only {kinds:?}");
    // Format 1: no finished_at, no kind or response per item.
    let mut old = drill(77, 8, 99);
    old["format"] = 1.into();
    old.as_object_mut().unwrap().remove("finished_at");
    for it in old["items"].as_array_mut().unwrap() {
        let it = it.as_object_mut().unwrap();
        it.remove("kind");
        it.remove("response");
    }
    assert!(v.is_valid(&old), "format 1");
    // What report refuses, the schema refuses: an unknown field, a missing one, a bad answer.
    let doc = drill(77, 8, 99);
    let mut bad = doc.clone();
    bad["comment"] = "hi".into();
    assert!(!v.is_valid(&bad), "an unknown field");
    let mut bad = doc.clone();
    bad.as_object_mut().unwrap().remove("seed");
    assert!(!v.is_valid(&bad), "no seed");
    let mut bad = doc;
    bad["items"][0]["response"] = serde_json::json!({ "kind": "choices", "picked": "A" });
    assert!(!v.is_valid(&bad), "picked as text");
}

fn valid(v: &jsonschema::Validator, what: &str, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    // The statement at fault, so a failure shows what was printed.
    let first = v
        .iter_errors(doc)
        .next()
        .map(|e| e.instance_path().to_string());
    let at = first
        .as_deref()
        .and_then(|p| p.split('/').nth(1))
        .and_then(|i| i.parse::<usize>().ok())
        .map(|i| format!("{:#}", doc[i]))
        .unwrap_or_default();
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{at}");
}

#[test]
fn xapi_statements_match_their_schema() {
    let v = schema("xapi");
    let mut verbs = std::collections::BTreeSet::new();
    let mut note = |doc: &Value| {
        for st in doc.as_array().unwrap() {
            verbs.insert(st["verb"]["id"].as_str().unwrap().to_string());
        }
    };
    for dir in histories() {
        let d = dir.path().to_str().unwrap();
        let doc = json(&[
            "--data-dir",
            d,
            "export",
            "--format",
            "xapi",
            "--actor",
            "ada",
        ]);
        valid(&v, "export --format xapi", &doc);
        note(&doc);
    }
    // The class report's statements: two students, one of whom stopped early.
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, stop) in [("Ada", 99), ("Bo", 3)] {
        let mut doc = drill(77, 8, stop);
        doc["name"] = name.into();
        let f = dir.path().join(format!("{name}.json"));
        std::fs::write(&f, doc.to_string()).unwrap();
        files.push(f.to_str().unwrap().to_string());
    }
    let out = dir.path().join("statements.json");
    let mut args = vec!["report".to_string()];
    args.extend(files);
    args.extend([
        "--xapi".to_string(),
        out.to_str().unwrap().to_string(),
        "--xapi-base".to_string(),
        "https://lms.example.edu/peerlab".to_string(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    json_ok(&args);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    valid(&v, "report --xapi", &doc);
    note(&doc);
    assert_eq!(verbs.len(), 4, "{verbs:?}");
    // Negative cases: a statement without its actor, a closing score off the 1-1000 scale.
    let mut bad = doc.clone();
    bad[0].as_object_mut().unwrap().remove("actor");
    assert!(!v.is_valid(&bad), "no actor");
    let closing = doc
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["result"]["completion"] == true)
        .expect("a closing statement");
    let mut bad = doc.clone();
    bad[closing]["result"]["score"]["raw"] = 1500.into();
    assert!(!v.is_valid(&bad), "a raw score of 1500");
}

/// Every schema shipped is one this file validates outputs against (a new one without a test
/// fails here), and README and FORMAT.md name each.
#[test]
fn every_shipped_schema_is_tested_and_documented() {
    let tested = [
        "drill-results",
        "exhibit",
        "export",
        "generate",
        "ip-flow-verify",
        "matrix",
        "next-hop",
        "questions",
        "questions-full",
        "routes",
        "stats",
        "stats-tune",
        "trace",
        "xapi",
    ];
    let mut shipped: Vec<String> = std::fs::read_dir(root().join("assets/schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|n| n.strip_suffix(".schema.json").unwrap_or(&n).to_string())
        .collect();
    shipped.sort();
    assert_eq!(shipped, tested);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let format = std::fs::read_to_string(root().join("docs/FORMAT.md")).unwrap();
    for name in tested {
        let quoted = format!("`{name}`");
        assert!(readme.contains(&quoted), "README.md does not name {quoted}");
        assert!(format.contains(&quoted), "FORMAT.md does not name {quoted}");
    }
}
