//! The table test over `content/topologies/`: every flow of `tests/expectations/*.toml`
//! (worked out by hand from RULES.md and docs/EVALUATOR.md, each with its `why`) must get its
//! verdict, reason and next hop from the evaluator. Every topology file must have flows.

use peerlab::eval::{FlowSpec, Network};
use peerlab::model::{Protocol, parse_topology};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectations {
    flow: Vec<Flow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Flow {
    file: String,
    from: String,
    to: String,
    port: Option<u16>,
    protocol: Option<String>,
    verdict: String,
    reason: String,
    next_hop: String,
    why: String,
}

/// Every flow of every `tests/expectations/*.toml` (one file per author, to avoid clashes).
fn expectations() -> Expectations {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/expectations"));
    let mut flow = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for p in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
    {
        let text = std::fs::read_to_string(p).unwrap();
        let exp: Expectations =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        flow.extend(exp.flow);
    }
    Expectations { flow }
}

fn content() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content/topologies"))
}

#[test]
fn every_flow_of_every_content_topology_matches_its_expectation() {
    let exp = expectations();
    let mut failures = Vec::new();
    for f in &exp.flow {
        let src = std::fs::read_to_string(content().join(&f.file))
            .unwrap_or_else(|e| panic!("{}: {e}", f.file));
        let parsed = parse_topology(&src).unwrap_or_else(|d| panic!("{}: {d:#?}", f.file));
        let net = Network::new(&parsed.topology);
        let spec = FlowSpec {
            from: f.from.clone(),
            to: f.to.clone(),
            port: f.port.unwrap_or(443),
            protocol: Protocol::parse(f.protocol.as_deref().unwrap_or("tcp")).unwrap(),
        };
        let tr = net
            .trace(&spec)
            .unwrap_or_else(|e| panic!("{}: {e}", f.file));
        let next_hop = tr.next_hop.as_ref().map_or("none", |n| n.kind.as_str());
        let got = (tr.verdict.as_str(), tr.reason.code(), next_hop);
        let want = (f.verdict.as_str(), f.reason.as_str(), f.next_hop.as_str());
        if got != want {
            failures.push(format!(
                "{} {} -> {} {}/{}: want {want:?}, got {got:?}\n  why: {}\n  explanation: {}",
                f.file, f.from, f.to, spec.protocol, spec.port, f.why, tr.explanation
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} flows differ:\n{}",
        failures.len(),
        exp.flow.len(),
        failures.join("\n")
    );
}

#[test]
fn every_content_topology_is_valid_and_has_expected_flows() {
    let exp = expectations();
    let covered: BTreeSet<&str> = exp.flow.iter().map(|f| f.file.as_str()).collect();
    let mut files = 0;
    for e in std::fs::read_dir(content()).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let src = std::fs::read_to_string(&path).unwrap();
        assert!(parse_topology(&src).is_ok(), "{name} does not parse");
        assert!(
            covered.contains(name.as_str()),
            "{name} has no expected flows"
        );
        files += 1;
    }
    assert!(files >= 40, "only {files} topology files");
}
