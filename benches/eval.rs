//! Speed targets of the evaluator (issue 2), on a hub with 200 spokes, one VM each, a hub
//! Azure Firewall, and UDRs sending all spoke traffic to it:
//! - parse and validate the file: under 20 ms;
//! - one trace (spoke to spoke through the firewall, with its reply): under 25 µs median;
//! - the all-pairs reachability matrix of the 200 VMs (39,800 traces): under 1 s.
//!
//! The network is benches/common/hub.rs `firewall_hub` (the scale benchmark's, without the VPN
//! gateway).

#[path = "common/hub.rs"]
mod hub;

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::eval::{FlowSpec, Network, Verdict};
use peerlab::model::parse_topology;
use std::hint::black_box;

const SPOKES: usize = 200;

fn benches(c: &mut Criterion) {
    let text = hub::firewall_hub(SPOKES);
    c.bench_function("parse and validate, hub with 200 spokes", |b| {
        b.iter(|| parse_topology(black_box(&text)).expect("valid"))
    });

    let topology = parse_topology(&text).expect("valid").topology;
    c.bench_function("build the evaluator, hub with 200 spokes", |b| {
        b.iter(|| Network::new(black_box(&topology)))
    });

    let net = Network::new(&topology);
    let spec = FlowSpec::new("vm-17", "vm-154");
    assert_eq!(net.trace(&spec).expect("runs").verdict, Verdict::Reachable);
    c.bench_function("one trace through the hub firewall", |b| {
        b.iter(|| net.trace(black_box(&spec)).expect("runs"))
    });

    let names: Vec<String> = (0..SPOKES).map(|i| format!("vm-{i}")).collect();
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    group.bench_function("all-pairs reachability, 200 VMs", |b| {
        b.iter(|| {
            let net = Network::new(&topology);
            let mut reachable = 0usize;
            for from in &names {
                for to in &names {
                    if from != to {
                        let spec = FlowSpec::new(from, to);
                        if net.trace(&spec).expect("runs").verdict == Verdict::Reachable {
                            reachable += 1;
                        }
                    }
                }
            }
            assert_eq!(reachable, SPOKES * (SPOKES - 1));
            reachable
        })
    });
    group.finish();
}

criterion_group!(eval, benches);
criterion_main!(eval);
