//! The class report's xAPI statements (`report --xapi`) and the history's (`export --format
//! xapi`), each checked against the xAPI 1.0.3 specification by tests/xapi_spec, and the checker
//! itself fed what the specification forbids. Split from class_report.rs.

use common::class::{EVIL, drill, report_with};
use common::cli::run;
use serde_json::Value;

mod common;
mod xapi_spec;

#[test]
fn report_xapi_statements_meet_the_specification() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statements.json");
    report_with(
        dir.path(),
        &[
            "--xapi",
            out.to_str().unwrap(),
            "--xapi-base",
            "https://lms.example.edu/peerlab",
        ],
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let all = v.as_array().expect("an array of statements");
    for (i, st) in all.iter().enumerate() {
        let errors = xapi_spec::statement(st);
        assert!(errors.is_empty(), "statement {i}: {errors:?}\n{st:#}");
    }
    let verb = |st: &Value| st["verb"]["id"].as_str().unwrap().to_string();
    let adl = "http://adlnet.gov/expapi/verbs/";
    // Counted files only: Ada's later file, Bo, Eve; never Mallory's forgery or Ada's first.
    let names: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|s| s["actor"]["account"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        vec![EVIL, "Ada", "Bo"]
    );
    let ada = drill("Ada", |i| i != 1, 99, 1_796_206_076);
    let ada_st: Vec<&Value> = all.iter().filter(|s| s["actor"]["name"] == "Ada").collect();
    // One answered per item she answered, then the drill.
    assert_eq!(ada_st.len(), ada.items.len() + 1);
    assert!(
        ada_st[..ada.items.len()]
            .iter()
            .all(|s| verb(s) == format!("{adl}answered"))
    );
    let end = ada_st.last().unwrap();
    assert_eq!(
        verb(end),
        format!("{adl}{}", if ada.passed { "passed" } else { "failed" })
    );
    assert_eq!(end["result"]["score"]["raw"], ada.score);
    assert_eq!(end["result"]["duration"], "PT312S");
    assert_eq!(end["timestamp"], "2026-12-02T10:07:56Z");
    assert_eq!(
        end["object"]["id"],
        "https://lms.example.edu/peerlab/drill/seed-77/questions-8"
    );
    // Each question is its own activity, with the drill as its parent.
    let ids: std::collections::BTreeSet<&str> = ada_st[..ada.items.len()]
        .iter()
        .map(|s| s["object"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), ada.items.len());
    for (s, item) in ada_st.iter().zip(&ada.items) {
        assert_eq!(
            s["object"]["id"].as_str().unwrap(),
            format!("https://lms.example.edu/peerlab/question/{}", item.id)
        );
        assert_eq!(s["result"]["success"], item.correct);
        assert_eq!(
            s["context"]["contextActivities"]["parent"][0]["id"],
            end["object"]["id"]
        );
    }
    // Bo answered 3: three answered statements and a fail.
    let bo: Vec<&Value> = all.iter().filter(|s| s["actor"]["name"] == "Bo").collect();
    assert_eq!(bo.len(), 4);
    assert_eq!(verb(bo[3]), format!("{adl}failed"));
    // The same files give the same statement ids (an LRS keeps one copy of a re-sent one).
    let again = dir.path().join("again.json");
    report_with(
        dir.path(),
        &[
            "--xapi",
            again.to_str().unwrap(),
            "--xapi-base",
            "https://lms.example.edu/peerlab",
        ],
    );
    let w: Value = serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&v), ids(&w));
    let unique: std::collections::HashSet<String> = ids(&v).into_iter().collect();
    assert_eq!(unique.len(), all.len(), "statement ids are distinct");
}

#[test]
fn export_xapi_writes_the_history_as_valid_statements() {
    use peerlab::store::{AnswerRecord, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let t0 = 1_796_200_000;
    let exam = s.start_session("exam", Some(4), 2, Some(5), t0).unwrap();
    let practice = s
        .start_session("practice", Some(9), 3, None, t0 + 100)
        .unwrap();
    let open = s
        .start_session("exam", Some(5), 2, Some(5), t0 + 200)
        .unwrap();
    let rec = |i: usize, ok: bool, kind: &str, response: &str| AnswerRecord {
        position: i,
        key: format!("bank:q{i}"),
        question_id: format!("q {i}/é"),
        template: None,
        topic: "dns".to_string(),
        kind: kind.to_string(),
        difficulty: 2,
        correct: ok,
        millis: 1234,
        response: response.to_string(),
    };
    s.record(
        exam,
        &rec(0, true, "multi", r#"{"kind":"choices","picked":[1,3]}"#),
        t0 + 10,
    )
    .unwrap();
    s.record(
        exam,
        &rec(1, false, "order", r#"{"kind":"order","sequence":[2,0,1]}"#),
        t0 + 20,
    )
    .unwrap();
    s.finish_session(exam, 500, 1, 40, t0 + 30).unwrap();
    s.record(
        practice,
        &rec(
            0,
            false,
            "reachability",
            r#"{"kind":"reach","verdict":"unreachable","reason":"nsg-deny"}"#,
        ),
        t0 + 110,
    )
    .unwrap();
    s.finish_session(practice, 1, 0, 15, t0 + 120).unwrap();
    s.record(
        open,
        &rec(0, true, "single", r#"{"kind":"choices","picked":[0]}"#),
        t0 + 210,
    )
    .unwrap();
    drop(s);
    let d = dir.path().to_str().unwrap();
    // --actor is required with xapi.
    run(["--data-dir", d, "export", "--format", "xapi"], 2);
    run(
        [
            "--data-dir",
            d,
            "export",
            "--format",
            "xapi",
            "--actor",
            "ada",
            "--xapi-base",
            "ftp://x",
        ],
        2,
    );
    let out = run(
        [
            "--data-dir",
            d,
            "export",
            "--format",
            "xapi",
            "--actor",
            "Ada Lovelace",
        ],
        0,
    )
    .stdout;
    let v: Value = serde_json::from_str(&out).unwrap();
    let all = v.as_array().unwrap();
    for (i, st) in all.iter().enumerate() {
        let errors = xapi_spec::statement(st);
        assert!(errors.is_empty(), "statement {i}: {errors:?}\n{st:#}");
    }
    let verbs: Vec<&str> = all
        .iter()
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    // Four answers; the exam failed (500), the practice completed; the open exam has no end.
    assert_eq!(
        verbs,
        vec![
            "answered",
            "answered",
            "answered",
            "answered",
            "failed",
            "completed"
        ]
    );
    assert_eq!(all[0]["result"]["response"], "B[,]D");
    assert_eq!(all[0]["object"]["definition"]["interactionType"], "choice");
    assert_eq!(all[1]["result"]["response"], "C[,]A[,]B");
    assert_eq!(all[2]["result"]["response"], "unreachable: nsg-deny");
    assert_eq!(all[0]["result"]["duration"], "PT1.24S");
    assert_eq!(all[0]["timestamp"], peerlab::civil::iso8601(t0 + 10));
    assert_eq!(
        all[0]["object"]["id"],
        "https://peerlab.invalid/xapi/question/q%200%2F%C3%A9"
    );
    assert_eq!(all[4]["result"]["score"]["scaled"], 0.5);
    assert_eq!(all[4]["result"]["success"], false);
    assert_eq!(all[4]["result"]["duration"], "PT40S");
    assert_eq!(
        all[0]["context"]["registration"],
        all[4]["context"]["registration"]
    );
    assert_ne!(
        all[0]["context"]["registration"],
        all[2]["context"]["registration"]
    );
    // The CSV export of the same history: ISO 8601 times and the answers readable.
    let csv_out = run(["--data-dir", d, "export", "--format", "csv"], 0).stdout;
    let mut r = csv::Reader::from_reader(csv_out.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let text: Vec<&str> = rows.iter().map(|r| &r[col("response_text")]).collect();
    assert_eq!(text, vec!["B, D", "C, A, B", "unreachable: nsg-deny", "A"]);
    assert!(
        rows.iter()
            .all(|r| peerlab::civil::parse_iso8601(&r[col("answered_at")]).is_some())
    );
    assert!(
        rows[0][col("response")].starts_with('{'),
        "response keeps its JSON"
    );
}

#[test]
fn the_checker_finds_what_the_specification_forbids() {
    // The checks must be able to fail: each mutation breaks one rule of xAPI 1.0.3.
    let good: Value = serde_json::json!({
        "id": "0f8e0f9c-5d3e-5b8a-9f9d-3c2a1b0e4d5f",
        "actor": { "objectType": "Agent", "name": "A", "account": { "homePage": "https://x.example", "name": "A" } },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/answered", "display": { "en-US": "answered" } },
        "object": { "objectType": "Activity", "id": "https://x.example/q/1",
                    "definition": { "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                                    "interactionType": "choice", "name": { "en-US": "q" },
                                    "choices": [ { "id": "A", "description": { "en-US": "a" } } ],
                                    "correctResponsesPattern": ["A"] } },
        "result": { "success": true, "score": { "scaled": 1.0 }, "duration": "PT1.5S", "response": "A" },
        "context": { "registration": "0f8e0f9c-5d3e-5b8a-9f9d-3c2a1b0e4d5f",
                     "contextActivities": { "parent": [ { "id": "https://x.example/exam" } ] } },
        "timestamp": "2026-12-02T10:07:56Z"
    });
    assert_eq!(xapi_spec::statement(&good), Vec::<String>::new());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        xapi_spec::statement(&v)
    };
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "actor",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("actor");
            }),
        ),
        (
            "verb",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("verb");
            }),
        ),
        (
            "object",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("object");
            }),
        ),
        (
            "inverse functional",
            broken(&|v| v["actor"]["mbox"] = "mailto:a@x.example".into()),
        ),
        (
            "inverse functional",
            broken(&|v| {
                v["actor"].as_object_mut().unwrap().remove("account");
            }),
        ),
        (
            "mailto",
            broken(&|v| {
                v["actor"].as_object_mut().unwrap().remove("account");
                v["actor"]["mbox"] = "a@x".into();
            }),
        ),
        (
            "homePage",
            broken(&|v| v["actor"]["account"]["homePage"] = "x.example".into()),
        ),
        ("null", broken(&|v| v["result"]["response"] = Value::Null)),
        (
            "duration",
            broken(&|v| v["result"]["duration"] = "12s".into()),
        ),
        (
            "duration",
            broken(&|v| v["result"]["duration"] = "PT".into()),
        ),
        (
            "duration",
            broken(&|v| v["result"]["duration"] = "P0001-00-00T00:00:12".into()),
        ),
        (
            "scaled",
            broken(&|v| v["result"]["score"]["scaled"] = 1.5.into()),
        ),
        (
            "raw",
            broken(&|v| {
                v["result"]["score"]["raw"] = 5.into();
                v["result"]["score"]["min"] = 10.into();
            }),
        ),
        (
            "boolean",
            broken(&|v| v["result"]["success"] = "true".into()),
        ),
        ("UUID", broken(&|v| v["id"] = "12345".into())),
        (
            "UUID",
            broken(&|v| {
                v["context"]["registration"] = "0f8e0f9c-5d3e-5b8a-cf9d-3c2a1b0e4d5f".into()
            }),
        ),
        (
            "interactionType",
            broken(&|v| v["object"]["definition"]["interactionType"] = "Choice".into()),
        ),
        ("not allowed", broken(&|v| v["score"] = 1.into())),
        (
            "not allowed",
            broken(&|v| v["result"]["grade"] = "A".into()),
        ),
        (
            "language",
            broken(&|v| v["verb"]["display"] = serde_json::json!({ "english!": "answered" })),
        ),
        (
            "contextActivities",
            broken(&|v| v["context"]["contextActivities"]["parents"] = serde_json::json!([])),
        ),
        (
            "timestamp",
            broken(&|v| v["timestamp"] = "02/12/2026".into()),
        ),
        (
            "future",
            broken(&|v| v["timestamp"] = "2999-01-01T00:00:00Z".into()),
        ),
        ("IRI", broken(&|v| v["object"]["id"] = "question 1".into())),
        (
            "distinct",
            broken(&|v| {
                v["object"]["definition"]["choices"] =
                    serde_json::json!([{ "id": "A" }, { "id": "A" }])
            }),
        ),
    ];
    for (want, found) in &cases {
        assert!(found.iter().any(|f| f.contains(want)), "{want}: {found:?}");
    }
}
