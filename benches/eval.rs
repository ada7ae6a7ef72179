//! Speed targets of the evaluator (issue 2), on a hub with 200 spokes, one VM each, a hub
//! Azure Firewall, and UDRs sending all spoke traffic to it:
//! - parse and validate the file: under 20 ms;
//! - one trace (spoke to spoke through the firewall, with its reply): under 25 µs median;
//! - the all-pairs reachability matrix of the 200 VMs (39,800 traces): under 1 s.
//!
//! Issue 11 adds the same hub whose spokes filter by ASG (RULES.md §10) and have each grown a
//! second range the hub has not synced (§14), at 50 and 200 spokes: a trace must stay under
//! 10 µs there too, and the unsynced case shows what the cached-space check costs.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::eval::{FlowSpec, Network, Verdict};
use peerlab::model::parse_topology;
use std::fmt::Write;
use std::hint::black_box;

const SPOKES: usize = 200;

fn hub_with_spokes(n: usize) -> String {
    let mut s = String::from(
        r#"[meta]
title = "A hub with many spokes behind Azure Firewall"

[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "AzureFirewallSubnet"
  prefix = "10.0.1.0/26"

[[firewall]]
name = "hub-fw"
vnet = "hub"
subnet = "AzureFirewallSubnet"
ip = "10.0.1.4"
  [[firewall.rule]]
  name = "deny-ssh"
  action = "deny"
  protocol = "tcp"
  source = ["10.0.0.0/8"]
  destination = ["10.0.0.0/8"]
  ports = "22"
  [[firewall.rule]]
  name = "spoke-to-spoke"
  action = "allow"
  protocol = "tcp"
  source = ["10.0.0.0/8"]
  destination = ["10.0.0.0/8"]
  ports = "443,1433"

[[route_table]]
name = "rt-spokes"
  [[route_table.route]]
  name = "default-via-fw"
  prefix = "0.0.0.0/0"
  next_hop = "VirtualAppliance"
  next_hop_ip = "10.0.1.4"

[[nsg]]
name = "nsg-spokes"
  [[nsg.rule]]
  name = "deny-rdp"
  priority = 100
  direction = "inbound"
  access = "deny"
  protocol = "tcp"
  source = "*"
  destination = "*"
  destination_ports = "3389"
  [[nsg.rule]]
  name = "allow-app"
  priority = 200
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source = "VirtualNetwork"
  destination = "*"
  destination_ports = "443,1433"
"#,
    );
    for i in 1..=n {
        let _ = write!(
            s,
            r#"
[[vnet]]
name = "spoke-{i}"
address_space = ["10.{i}.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.{i}.1.0/24"
  route_table = "rt-spokes"
  nsg = "nsg-spokes"
[[vm]]
name = "vm-{i}"
vnet = "spoke-{i}"
subnet = "workload"
ip = "10.{i}.1.4"
[[peering]]
vnet = "hub"
remote = "spoke-{i}"
[[peering]]
vnet = "spoke-{i}"
remote = "hub"
allow_forwarded_traffic = true
"#
        );
    }
    s
}

/// [`hub_with_spokes`] with issue 11's features: spoke i's NSG (its own) admits 443/1433 only
/// to its ASG `asg-i`, which holds `vm-i`; spoke i has grown `172.16.i.0/24` (holding
/// `vm-new-i`), which the hub's side has not synced (`remote_space_cached` is the old space).
fn hub_with_asgs_and_cached(n: usize) -> String {
    assert!(n <= 250, "172.16.i.0/24 needs i < 256");
    // The firewall also admits the grown ranges, so only the hub's stale cache stops them.
    let mut s = hub_with_spokes(0).replace(
        "destination = [\"10.0.0.0/8\"]\n  ports = \"443,1433\"",
        "destination = [\"10.0.0.0/8\", \"172.16.0.0/12\"]\n  ports = \"443,1433\"",
    );
    assert!(s.contains("172.16.0.0/12"));
    for i in 1..=n {
        let _ = write!(
            s,
            r#"
[[vnet]]
name = "spoke-{i}"
address_space = ["10.{i}.0.0/16", "172.16.{i}.0/24"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.{i}.1.0/24"
  route_table = "rt-spokes"
  nsg = "nsg-{i}"
  [[vnet.subnet]]
  name = "grown"
  prefix = "172.16.{i}.0/24"
  route_table = "rt-spokes"
[[asg]]
name = "asg-{i}"
vnet = "spoke-{i}"
[[nsg]]
name = "nsg-{i}"
  [[nsg.rule]]
  name = "deny-rdp"
  priority = 100
  direction = "inbound"
  access = "deny"
  protocol = "tcp"
  source = "*"
  destination = "*"
  destination_ports = "3389"
  [[nsg.rule]]
  name = "allow-app"
  priority = 200
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source = "VirtualNetwork"
  destination_asgs = ["asg-{i}"]
  destination_ports = "443,1433"
[[vm]]
name = "vm-{i}"
vnet = "spoke-{i}"
subnet = "workload"
ip = "10.{i}.1.4"
asgs = ["asg-{i}"]
[[vm]]
name = "vm-new-{i}"
vnet = "spoke-{i}"
subnet = "grown"
ip = "172.16.{i}.4"
[[peering]]
vnet = "hub"
remote = "spoke-{i}"
remote_space_cached = ["10.{i}.0.0/16"]
[[peering]]
vnet = "spoke-{i}"
remote = "hub"
allow_forwarded_traffic = true
"#
        );
    }
    s
}

fn issue_11(c: &mut Criterion) {
    let mut group = c.benchmark_group("asgs and cached spaces");
    for n in [50, SPOKES] {
        let text = hub_with_asgs_and_cached(n);
        group.sample_size(20);
        group.bench_function(format!("parse and validate, {n} spokes"), |b| {
            b.iter(|| parse_topology(black_box(&text)).expect("valid"))
        });
        group.sample_size(100);
        let topology = parse_topology(&text).expect("valid").topology;
        let net = Network::new(&topology);
        // RULES §10: vm-37 is in asg-37, which the allow rule names: the firewall lets 443 pass.
        let to_member = FlowSpec::new("vm-17", "vm-37");
        assert_eq!(
            net.trace(&to_member).expect("runs").verdict,
            Verdict::Reachable
        );
        group.bench_function(format!("one trace to an ASG member, {n} spokes"), |b| {
            b.iter(|| net.trace(black_box(&to_member)).expect("runs"))
        });
        // RULES §14: the hub has no route to 172.16.37.0/24 (its cache is the old space), so the
        // firewall's packet leaves for the Internet: peering-not-synced.
        let to_new = FlowSpec::new("vm-17", "vm-new-37");
        let t = net.trace(&to_new).expect("runs");
        assert_eq!(t.verdict, Verdict::Unreachable);
        assert_eq!(t.reason, peerlab::eval::Reason::PeeringNotSynced, "{t:?}");
        group.bench_function(format!("one trace to an unsynced range, {n} spokes"), |b| {
            b.iter(|| net.trace(black_box(&to_new)).expect("runs"))
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let text = hub_with_spokes(SPOKES);
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

    let names: Vec<String> = (1..=SPOKES).map(|i| format!("vm-{i}")).collect();
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

criterion_group!(eval, benches, issue_11);
criterion_main!(eval);
