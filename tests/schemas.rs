//! Every JSON Schema in assets/schemas validates what the commands really print, on every
//! content topology and the test networks: `trace`, `matrix`, `routes`, `next-hop` and
//! `ip-flow-verify` and `exhibit` with `--json` (FORMAT.md §2 and its Additions).

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
