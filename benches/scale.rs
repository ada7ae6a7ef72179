//! Issue 16's scale targets, on a hub with N spokes (benches/common/hub.rs: one VM each, a
//! hub firewall every spoke's UDR points at, a VPN gateway every spoke uses through transit):
//! - build the evaluator (`Network::new`): N = 500 under 20 ms, N = 1000 under 40 ms, growing
//!   about linearly (a table for N = 50, 200, 500, 1000, 2000);
//! - one trace under 10 µs at every N;
//! - the whole matrix at N = 500 (about 250,000 traces) under 2 s;
//! - parse and validate, and import, at the same sizes (for `check`, `diagram` and `import`
//!   as whole processes: under 200 ms at N = 1000).
//!
//! The import group reads only VNets, peerings and NICs (benches/common/hub.rs `az_lists`).
//!
//! Run one group with `cargo bench --bench scale -- build --warm-up-time 1 --measurement-time 3`.

#[path = "common/hub.rs"]
mod hub;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use peerlab::eval::{FlowSpec, Network, Reason, Verdict};
use peerlab::model::{Protocol, parse_topology};
use std::hint::black_box;

const SIZES: [usize; 5] = [50, 200, 500, 1000, 2000];

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for n in SIZES {
        let t = parse_topology(&hub::hub_network(n))
            .expect("valid")
            .topology;
        group.bench_with_input(BenchmarkId::from_parameter(n), &t, |b, t| {
            b.iter(|| Network::new(black_box(t)))
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for n in SIZES {
        let text = hub::hub_network(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| parse_topology(black_box(text)).expect("valid"))
        });
    }
    group.finish();
}

fn trace(c: &mut Criterion) {
    let mut group = c.benchmark_group("trace");
    for n in SIZES {
        let t = parse_topology(&hub::hub_network(n))
            .expect("valid")
            .topology;
        let net = Network::new(&t);
        // Spoke to spoke through the hub firewall, and a spoke to the datacenter by transit.
        // Azure allows 500 peerings per VNet: the hub's sides past the 500th are refused
        // (PeeringLimitExceeded), so both flows stay among the first 500 spokes.
        let live = n.min(500);
        let spoke = FlowSpec::new("vm-1", &format!("vm-{}", live - 1));
        let onprem = FlowSpec::new(&format!("vm-{}", live / 2), "dc-app");
        for spec in [&spoke, &onprem] {
            assert_eq!(net.trace(spec).expect("runs").verdict, Verdict::Reachable);
        }
        group.bench_with_input(BenchmarkId::new("spoke-to-spoke", n), &spoke, |b, s| {
            b.iter(|| net.trace(black_box(s)).expect("runs"))
        });
        group.bench_with_input(BenchmarkId::new("spoke-to-site", n), &onprem, |b, s| {
            b.iter(|| net.trace(black_box(s)).expect("runs"))
        });
    }
    group.finish();
}

fn matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    for n in [50, 200, 500] {
        let t = parse_topology(&hub::hub_network(n))
            .expect("valid")
            .topology;
        let net = Network::new(&t);
        group.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| {
                let m = net.matrix(443, Protocol::Tcp);
                // Every pair is reachable: spokes through the firewall, the site by transit.
                debug_assert!(m.pairs().all(|(_, _, r)| r == Reason::Ok));
                m
            })
        });
    }
    group.finish();
}

fn import(c: &mut Criterion) {
    use peerlab::import::{Input, import};
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for n in [50, 200, 1000] {
        let (vnets, nics) = hub::az_lists(n);
        let inputs = [
            Input {
                name: "vnets.json".into(),
                text: vnets,
            },
            Input {
                name: "nics.json".into(),
                text: nics,
            },
        ];
        assert_eq!(
            import(&inputs).expect("imports").parsed.topology.vms.len(),
            n
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &inputs, |b, inputs| {
            b.iter(|| import(black_box(inputs)).expect("imports"))
        });
    }
    group.finish();
}

criterion_group!(scale, build, parse, trace, matrix, import);
criterion_main!(scale);
