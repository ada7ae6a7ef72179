//! The configure proof search at its worst (issue 12): four editable peerings on a 100-spoke
//! hub and a goal no setting meets (spoke to spoke through a hub without an appliance).
//! Unbounded, 65,536 settings took 167 s; bounded by `MAX_SETTINGS` and pruned, the search
//! gives up after a fixed number of evaluations.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::bank::{Flow, Goal, Solved, solve_within};
use peerlab::eval::Verdict;
use peerlab::model::{Protocol, parse_topology};
use std::fmt::Write as _;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let t = parse_topology(&hub_spokes(100))
        .expect("the hub parses")
        .topology;
    let editable: Vec<String> = ["hub-to-s1", "s1-to-hub", "hub-to-s2", "s2-to-hub"]
        .map(String::from)
        .to_vec();
    let goals = vec![Goal {
        flow: Flow {
            from: "vm1".into(),
            to: "vm2".into(),
            port: 443,
            protocol: Protocol::Tcp,
        },
        expect: Verdict::Reachable,
    }];
    let budget = peerlab::bank::settings_budget(&t);
    assert_eq!(
        solve_within(&t, &editable, &goals, budget).unwrap(),
        Solved::Budget(budget)
    );
    let mut g = c.benchmark_group("configure search");
    g.sample_size(10);
    g.bench_function(
        format!("100-spoke hub, 4 editable peerings, no solution ({budget} settings)"),
        |b| b.iter(|| black_box(solve_within(&t, &editable, &goals, budget).unwrap())),
    );
    g.finish();
}

/// A hub with a VPN gateway and `n` spokes (n <= 255), each peered both ways, one VM in each.
/// Second octet per spoke: 10.1.x up to 10.200.x (a /16 each), never the hub's 10.0/16.
fn hub_spokes(n: usize) -> String {
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

criterion_group!(prove, benches);
criterion_main!(prove);
