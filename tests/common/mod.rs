//! What more than one test binary needs, in one place so that a fix to a helper reaches every
//! test: here the small networks of the rule tests (TOML fragments) and the parse-or-panic and
//! trace-and-assert helpers; in the submodules the §11–§16 shared network (`beyond`), the
//! command line (`cli`), quiz answers (`answers`), answers written into a history (`history`), lab sessions (`lab`), the property
//! tests' seeded generator (`rng`) and the trainer driven by its messages (`tui`).
#![allow(dead_code)]

use peerlab::bank::Question;
use peerlab::eval::{
    FlowSpec, Network, NextHopType, Reading, Reason, RouteSource, RouteState, Trace, Verdict,
};
use peerlab::model::{
    PeeringVerdict, Protocol, Rejection, Topology, create_peerings, parse_topology,
};

pub mod answers;
pub mod beyond;
pub mod class;
pub mod cli;
pub mod history;
pub mod lab;
pub mod rng;
#[cfg(feature = "tui")]
pub mod tui;

/// VNets `a` (10.1.0.0/16, vm-a 10.1.1.4) and `b` (10.2.0.0/16, vm-b 10.2.1.4), nothing else.
pub const PAIR: &str = r#"
[[vnet]]
name = "a"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.1.1.0/24"
[[vnet]]
name = "b"
address_space = ["10.2.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.2.1.0/24"
[[vm]]
name = "vm-a"
vnet = "a"
subnet = "s"
ip = "10.1.1.4"
[[vm]]
name = "vm-b"
vnet = "b"
subnet = "s"
ip = "10.2.1.4"
"#;

/// Both sides of a default (portal) peering between `x` and `y`.
pub fn peer(x: &str, y: &str) -> String {
    format!(
        "[[peering]]\nvnet = \"{x}\"\nremote = \"{y}\"\n[[peering]]\nvnet = \"{y}\"\nremote = \"{x}\"\n"
    )
}

/// A hub (10.0.0.0/16) with a VPN gateway to site `onprem` (192.168.0.0/16, BGP, host
/// dc 192.168.1.10), an Azure Firewall hub-fw 10.0.1.4 allowing everything, an NVA VM
/// nva 10.0.2.4 (forwarding on), and spokes s1 (10.1.0.0/16, vm1 10.1.1.4) and s2
/// (10.2.0.0/16, vm2 10.2.1.4). No peerings: tests add them.
pub const HUB: &str = r#"
[[vnet]]
name = "hub"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [[vnet.subnet]]
  name = "AzureFirewallSubnet"
  prefix = "10.0.1.0/26"
  [[vnet.subnet]]
  name = "nva"
  prefix = "10.0.2.0/24"
  [vnet.gateway]
  kind = "vpn"
  sites = ["onprem"]
[[vnet]]
name = "s1"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "w"
  prefix = "10.1.1.0/24"
[[vnet]]
name = "s2"
address_space = ["10.2.0.0/16"]
  [[vnet.subnet]]
  name = "w"
  prefix = "10.2.1.0/24"
[[vm]]
name = "vm1"
vnet = "s1"
subnet = "w"
ip = "10.1.1.4"
[[vm]]
name = "vm2"
vnet = "s2"
subnet = "w"
ip = "10.2.1.4"
[[vm]]
name = "nva"
vnet = "hub"
subnet = "nva"
ip = "10.0.2.4"
ip_forwarding = true
forwards = true
[[firewall]]
name = "hub-fw"
vnet = "hub"
subnet = "AzureFirewallSubnet"
ip = "10.0.1.4"
  [[firewall.rule]]
  name = "all"
  action = "allow"
  protocol = "any"
  source = ["0.0.0.0/0"]
  destination = ["0.0.0.0/0"]
[[site]]
name = "onprem"
prefixes = ["192.168.0.0/16"]
  [[site.host]]
  name = "dc"
  ip = "192.168.1.10"
"#;

/// A peering side with extra settings, e.g. `side("s1", "hub", "use_remote_gateways = true")`.
pub fn side(x: &str, y: &str, settings: &str) -> String {
    format!("[[peering]]\nvnet = \"{x}\"\nremote = \"{y}\"\n{settings}\n")
}

/// An NSG for each of PAIR's VMs with only the default rules.
pub const DEFAULT_NSGS: &str = "[[nsg]]\nname = \"nsg-a\"\n[[nsg]]\nname = \"nsg-b\"\n";

/// PAIR-shaped `text` with vm-a and vm-b behind DEFAULT_NSGS (RULES.md §3: the access flag acts
/// through the NSGs' VirtualNetwork tag).
pub fn with_nsgs(text: &str) -> String {
    text.replace("ip = \"10.1.1.4\"", "ip = \"10.1.1.4\"\nnsg = \"nsg-a\"")
        .replace("ip = \"10.2.1.4\"", "ip = \"10.2.1.4\"\nnsg = \"nsg-b\"")
        + DEFAULT_NSGS
}

/// Spokes s1 and s2 through the hub NVA, UDRs both ways; forwarded-traffic flags vary.
pub fn through_nva(s1_fwd: bool, s2_fwd: bool) -> String {
    let rts = "[[route_table]]\nname = \"rt1\"\n  [[route_table.route]]\n  name = \"to-s2\"\n  prefix = \"10.2.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n[[route_table]]\nname = \"rt2\"\n  [[route_table.route]]\n  name = \"to-s1\"\n  prefix = \"10.1.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.2.4\"\n";
    HUB.replace(
        "prefix = \"10.1.1.0/24\"",
        "prefix = \"10.1.1.0/24\"\n  route_table = \"rt1\"",
    )
    .replace(
        "prefix = \"10.2.1.0/24\"",
        "prefix = \"10.2.1.0/24\"\n  route_table = \"rt2\"",
    ) + rts
        + &side("hub", "s1", "")
        + &side("s1", "hub", &format!("allow_forwarded_traffic = {s1_fwd}"))
        + &side("hub", "s2", "")
        + &side("s2", "hub", &format!("allow_forwarded_traffic = {s2_fwd}"))
}

/// HUB with s1 peered both ways: the hub side allowing gateway transit and the spoke side using
/// remote gateways as given.
pub fn transit(hub_allows: bool, spoke_uses: bool) -> String {
    format!(
        "{HUB}{}{}",
        side(
            "hub",
            "s1",
            &format!("allow_gateway_transit = {hub_allows}")
        ),
        side("s1", "hub", &format!("use_remote_gateways = {spoke_uses}"))
    )
}

/// `vm`'s effective routes as (prefix, next hop type, source, state), in the evaluator's order.
pub fn routes(t: &Topology, vm: &str) -> Vec<(String, NextHopType, RouteSource, RouteState)> {
    Network::new(t)
        .routes_of(vm)
        .unwrap()
        .iter()
        .map(|r| (r.prefix.to_string(), r.next_hop, r.source, r.state))
        .collect()
}

/// Parses a test network, panicking with the diagnostics and the whole text when it is invalid.
#[track_caller]
pub fn topo(text: &str) -> Topology {
    match parse_topology(text) {
        Ok(p) => p.topology,
        Err(d) => panic!("test topology is invalid: {d:#?}\n{text}"),
    }
}

/// `base` with the `@NAME@` slots named in `fill` replaced by their text and every other slot
/// of `slots` left empty. A name outside `slots`, or a slot `base` lacks, is a typo in the
/// test: it panics rather than build a network the test did not mean.
#[track_caller]
pub fn filled(base: &str, slots: &[&str], fill: &[(&str, &str)]) -> String {
    let mut text = base.to_string();
    for (k, v) in fill {
        assert!(slots.contains(k), "unknown slot {k}");
        text = text.replace(&format!("@{k}@"), v);
    }
    for k in slots {
        text = text.replace(&format!("@{k}@"), "");
    }
    text
}

pub fn trace(t: &Topology, from: &str, to: &str, port: u16) -> Trace {
    trace_proto(t, from, to, port, Protocol::Tcp)
}

pub fn trace_proto(t: &Topology, from: &str, to: &str, port: u16, protocol: Protocol) -> Trace {
    let net = Network::new(t);
    net.trace(&FlowSpec {
        from: from.into(),
        to: to.into(),
        port,
        protocol,
    })
    .expect("trace runs")
}

/// What creating each `[[peering]]` of `text` gives, in file order: `None` where Azure creates
/// it, else the code it is rejected with (RULES.md §1, §15).
#[track_caller]
pub fn rejected(text: &str) -> Vec<Option<Rejection>> {
    create_peerings(&topo(text))
        .into_iter()
        .map(|v| match v {
            PeeringVerdict::Rejected { code, .. } => Some(code),
            PeeringVerdict::Exists(_) => None,
        })
        .collect()
}

/// The trace of a flow, acting as `user` where RULES.md §11 checks roles (`None`: no check).
pub fn trace_as(t: &Topology, from: &str, to: &str, port: u16, user: Option<&str>) -> Trace {
    let mut spec = FlowSpec::new(from, to);
    spec.port = port;
    Network::new(t).trace_as(&spec, user).expect("trace runs")
}

/// Asserts verdict and reason, printing the whole trace when they differ.
#[track_caller]
pub fn expect(t: &Topology, from: &str, to: &str, port: u16, reason: Reason) -> Trace {
    expect_as(t, from, to, port, None, reason)
}

/// [`expect`] for a flow traced as `user` (`--as USER`).
#[track_caller]
pub fn expect_as(
    t: &Topology,
    from: &str,
    to: &str,
    port: u16,
    user: Option<&str>,
    reason: Reason,
) -> Trace {
    let tr = trace_as(t, from, to, port, user);
    let verdict = if reason == Reason::Ok {
        Verdict::Reachable
    } else {
        Verdict::Unreachable
    };
    let who = user.map(|u| format!(" as {u}")).unwrap_or_default();
    assert!(
        tr.reason == reason && tr.verdict == verdict,
        "{from} -> {to}:{port}{who}: expected {reason} ({verdict:?}), got {} ({:?})\n{:#?}",
        tr.reason,
        tr.verdict,
        tr.hops
    );
    tr
}

/// The indexes of a configure question's editable peerings in `base`.
pub fn editable(base: &Topology, q: &Question) -> Vec<usize> {
    q.editable
        .iter()
        .map(|n| peerlab::model::peering_index(base, n).unwrap())
        .collect()
}

/// `base` with the four flags of each editable peering (`idx`) set from `s`, four bits a
/// peering in order: the encoding the configure search counts through.
pub fn with_settings(base: &Topology, idx: &[usize], s: u32) -> Topology {
    let mut t = base.clone();
    for (k, &i) in idx.iter().enumerate() {
        peerlab::bank::set_flags(
            &mut t.peerings[i],
            std::array::from_fn(|b| s >> (4 * k + b) & 1 == 1),
        );
    }
    t
}

/// Whether every goal of `q` gets its expected verdict on `t` under `reading` (RULES.md §8).
pub fn goals_hold(t: &Topology, q: &Question, reading: Reading) -> bool {
    let net = Network::with_reading(t, reading);
    q.goals.iter().all(|g| {
        let spec = FlowSpec {
            from: g.flow.from.clone(),
            to: g.flow.to.clone(),
            port: g.flow.port,
            protocol: g.flow.protocol,
        };
        net.trace(&spec).unwrap().verdict == g.expect
    })
}

/// Whether one editable peering has both gateway flags on: the disputed point itself, which
/// the configure search never proposes and `check` does not ask the other reading of.
pub fn both_gateway_flags(t: &Topology, idx: &[usize]) -> bool {
    idx.iter()
        .any(|&i| t.peerings[i].allow_gateway_transit && t.peerings[i].use_remote_gateways)
}

/// A bank made of one in-memory question file, `questions/<name>`; every other path (the
/// topologies a question names) is read from the built-in content, so a test can pair a
/// hand-written item with a real network.
pub struct OneFile {
    pub path: String,
    pub text: String,
}

pub fn one_file(name: &str, text: impl Into<String>) -> OneFile {
    OneFile {
        path: format!("questions/{name}"),
        text: text.into(),
    }
}

impl peerlab::bank::Source for OneFile {
    fn question_files(&self) -> Vec<String> {
        vec![self.path.clone()]
    }
    fn read(&self, path: &str) -> Result<String, String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            peerlab::bank::EmbeddedSource.read(path)
        }
    }
    fn display(&self, path: &str) -> String {
        path.into()
    }
}
