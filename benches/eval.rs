//! Speed targets of the evaluator (issue 2), on a hub with 200 spokes, one VM each, a hub
//! Azure Firewall, and UDRs sending all spoke traffic to it:
//! - parse and validate the file: under 20 ms;
//! - one trace (spoke to spoke through the firewall, with its reply): under 25 µs median;
//! - the all-pairs reachability matrix of the 200 VMs (39,800 traces): under 1 s.

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

criterion_group!(eval, benches);
criterion_main!(eval);
