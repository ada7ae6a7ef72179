//! Properties of the evaluator over random topologies with application security groups
//! (RULES.md §10) and peerings that cache an old copy of a grown remote space (§14):
//! - an ASG rule matches only members: dropping, for one flow, every rule whose ASGs the source
//!   (or destination) is not a member of changes nothing (a VM in no ASG is never matched);
//! - a flow from or to a range outside the cached space of the peering it crosses never
//!   succeeds, and where the synced network would carry it the reason is `peering-not-synced`;
//! - a flow between ranges both sides know gets the verdict of the synced network;
//! - syncing every peering (the question change `{ peering, sync = true }`) gives exactly the
//!   traces of the same file written without `remote_space_cached`.
//!
//! The topologies have no gateways or appliances, so the only way between two VNets is their
//! direct peering.

use peerlab::eval::{FlowSpec, Network, Reason, Verdict};
use peerlab::model::{AddressMatch, Edit, Protocol, Topology, parse_topology, sync};
use proptest::prelude::*;
use std::fmt::Write;

/// splitmix64, so a failing case is reproduced from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A random valid file, and the same file without its `remote_space_cached` lines. Two to four
/// VNets `vI` (10.I.0.0/16), half of them grown by 172.16.I.0/24 with a VM in it; two ASGs per
/// VNet (`aI-web`, `aI-app`); VMs in random ASGs (now and then one of another VNet, which Azure
/// refuses); NSGs with random rules on addresses, tags and ASGs (now and then mixing two VNets'
/// ASGs, refused too); random peerings, one side or both, access on or off, and caches of the
/// remote's old space on random sides.
fn random_topology(seed: u64) -> (String, String) {
    let mut r = Rng(seed);
    let n = 2 + r.below(3) as usize;
    let grown: Vec<bool> = (0..n).map(|_| r.chance(50)).collect();
    let mut s = String::new();
    let asg = |r: &mut Rng, own: usize| -> String {
        let v = if r.chance(85) {
            own
        } else {
            r.below(n as u64) as usize
        };
        format!("a{v}-{}", r.pick(&["web", "app"]))
    };
    for (i, &grows) in grown.iter().enumerate() {
        let space = if grows {
            format!("\"10.{i}.0.0/16\", \"172.16.{i}.0/24\"")
        } else {
            format!("\"10.{i}.0.0/16\"")
        };
        let _ = writeln!(s, "[[vnet]]\nname = \"v{i}\"\naddress_space = [{space}]");
        let nsg = if r.chance(75) {
            format!("\n  nsg = \"n{i}\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  [[vnet.subnet]]\n  name = \"work\"\n  prefix = \"10.{i}.1.0/24\"{nsg}"
        );
        if grows {
            let nsg = if r.chance(50) {
                format!("\n  nsg = \"n{i}\"")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"grown\"\n  prefix = \"172.16.{i}.0/24\"{nsg}"
            );
        }
        for kind in ["web", "app"] {
            let _ = writeln!(s, "[[asg]]\nname = \"a{i}-{kind}\"\nvnet = \"v{i}\"");
        }
        let mut vms = vec![
            ("a", "work", format!("10.{i}.1.4")),
            ("b", "work", format!("10.{i}.1.5")),
        ];
        if grows {
            vms.push(("n", "grown", format!("172.16.{i}.4")));
        }
        for (suffix, subnet, ip) in vms {
            let mut asgs: Vec<String> = Vec::new();
            for _ in 0..r.below(3) {
                let a = asg(&mut r, i);
                if !asgs.contains(&a) {
                    asgs.push(a);
                }
            }
            let list = asgs
                .iter()
                .map(|a| format!("\"{a}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                s,
                "[[vm]]\nname = \"v{i}{suffix}\"\nvnet = \"v{i}\"\nsubnet = \"{subnet}\"\nip = \"{ip}\"\nasgs = [{list}]"
            );
        }
        let _ = writeln!(s, "[[nsg]]\nname = \"n{i}\"");
        for k in 0..r.below(5) {
            let end = |r: &mut Rng, key: &str| -> String {
                match r.below(5) {
                    0 => format!("{key} = \"*\""),
                    1 => format!("{key} = \"VirtualNetwork\""),
                    2 => format!("{key} = \"10.0.0.0/8\""),
                    _ => {
                        let mut list = vec![asg(r, i)];
                        if r.chance(25) {
                            let b = asg(r, i);
                            if !list.contains(&b) {
                                list.push(b);
                            }
                        }
                        let list: Vec<String> = list.iter().map(|a| format!("\"{a}\"")).collect();
                        format!("{key}_asgs = [{}]", list.join(", "))
                    }
                }
            };
            let src = end(&mut r, "source");
            let dst = end(&mut r, "destination");
            let _ = writeln!(
                s,
                "  [[nsg.rule]]\n  name = \"r{k}\"\n  priority = {}\n  direction = \"{}\"\n  access = \"{}\"\n  protocol = \"{}\"\n  {src}\n  {dst}\n  destination_ports = \"{}\"",
                100 + 10 * k,
                r.pick(&["inbound", "inbound", "outbound"]),
                r.pick(&["allow", "deny"]),
                r.pick(&["tcp", "any"]),
                r.pick(&["*", "22", "443", "443,1433"]),
            );
        }
    }
    let mut plain = s.clone();
    for i in 0..n {
        for (j, &grows) in grown.iter().enumerate() {
            if i == j || !r.chance(if i < j { 65 } else { 85 }) {
                continue;
            }
            let access = if r.chance(85) { "true" } else { "false" };
            let side = format!(
                "[[peering]]\nvnet = \"v{i}\"\nremote = \"v{j}\"\nallow_virtual_network_access = {access}\n"
            );
            s.push_str(&side);
            plain.push_str(&side);
            if grows && r.chance(60) {
                let _ = writeln!(s, "remote_space_cached = [\"10.{j}.0.0/16\"]");
            }
        }
    }
    (s, plain)
}

fn parse(text: &str, seed: u64) -> Topology {
    match parse_topology(text) {
        Ok(p) => p.topology,
        Err(d) => panic!("seed {seed}: the generator made an invalid file: {d:#?}\n{text}"),
    }
}

/// The ASGs `vm` is really a member of: those of its own VNet (RULES.md §10; FORMAT.md §1b: a
/// NIC refused from an ASG is not a member).
fn members_of(t: &Topology, vm: &str) -> Vec<String> {
    let Some(v) = t.vm(vm) else { return Vec::new() };
    v.asgs
        .iter()
        .filter(|a| t.asg(a).is_some_and(|g| g.vnet == v.vnet))
        .cloned()
        .collect()
}

fn flows(t: &Topology) -> Vec<FlowSpec> {
    let names: Vec<&str> = t.vms.iter().map(|v| v.name.as_str()).collect();
    let mut out = Vec::new();
    for from in &names {
        for to in &names {
            if from != to {
                for port in [22, 443, 1433] {
                    out.push(FlowSpec {
                        from: from.to_string(),
                        to: to.to_string(),
                        port,
                        protocol: Protocol::Tcp,
                    });
                }
            }
        }
    }
    out
}

fn names_one_of(m: &AddressMatch, asgs: &[String]) -> Option<bool> {
    match m {
        AddressMatch::Asgs(list) => Some(list.iter().any(|a| asgs.contains(a))),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// RULES.md §10: "The rules that specify an application security group as the source or
    /// destination are only applied to the network interfaces that are members".
    #[test]
    fn an_asg_rule_never_matches_a_flow_whose_end_is_not_a_member(seed in any::<u64>()) {
        let (text, _) = random_topology(seed);
        let t = parse(&text, seed);
        let net = Network::new(&t);
        let mut pruned_some = false;
        for spec in flows(&t) {
            let (src, dst) = (members_of(&t, &spec.from), members_of(&t, &spec.to));
            let mut pruned = t.clone();
            for nsg in &mut pruned.nsgs {
                nsg.rules.retain(|r| {
                    names_one_of(&r.source, &src) != Some(false)
                        && names_one_of(&r.destination, &dst) != Some(false)
                });
            }
            if pruned == t {
                continue;
            }
            pruned_some = true;
            let want = Network::new(&pruned).trace(&spec).expect("names from the file");
            let got = net.trace(&spec).expect("names from the file");
            prop_assert_eq!(
                (got.verdict, got.reason),
                (want.verdict, want.reason),
                "seed {}: {} -> {}:{} changed when rules naming only ASGs it is not in were dropped\n{}\n{}",
                seed, spec.from, spec.to, spec.port, got.explanation, text
            );
        }
        // Most cases drop something; the ones that do not still ran every flow above.
        let _ = pruned_some;
    }

    /// RULES.md §14: each side's routes and `VirtualNetwork` tag use its cached copy of the
    /// remote space.
    #[test]
    fn a_range_outside_the_cached_space_never_crosses_the_peering(seed in any::<u64>()) {
        let (text, plain) = random_topology(seed);
        let t = parse(&text, seed);
        let synced = parse(&plain, seed);
        let (net, synced_net) = (Network::new(&t), Network::new(&synced));
        for spec in flows(&t) {
            let (a, b) = (t.vm(&spec.from).unwrap(), t.vm(&spec.to).unwrap());
            if a.vnet == b.vnet {
                continue;
            }
            let side = |x: &str, y: &str| t.peerings.iter().find(|p| p.vnet == x && p.remote == y);
            let knows = |x: &str, y: &str, ip| {
                side(x, y).is_some_and(|p| sync::known_space(&t, p).iter().any(|n| n.contains(&ip)))
            };
            let got = net.trace(&spec).expect("names from the file");
            let want = synced_net.trace(&spec).expect("names from the file");
            let dst_known = knows(&a.vnet, &b.vnet, b.ip);
            let src_known = knows(&b.vnet, &a.vnet, a.ip);
            if !dst_known || !src_known {
                prop_assert_ne!(
                    got.verdict, Verdict::Reachable,
                    "seed {}: {} -> {} crossed a peering that does not know {}\n{}",
                    seed, spec.from, spec.to, if dst_known { a.ip } else { b.ip }, text
                );
            } else {
                prop_assert_eq!(
                    (got.verdict, got.reason),
                    (want.verdict, want.reason),
                    "seed {}: {} -> {}: both ends known, yet not the synced verdict\n{}",
                    seed, spec.from, spec.to, text
                );
            }
            if want.verdict == Verdict::Reachable && got.verdict != Verdict::Reachable {
                prop_assert_eq!(
                    got.reason, Reason::PeeringNotSynced,
                    "seed {}: {} -> {}: only a sync is missing\n{}\n{}",
                    seed, spec.from, spec.to, got.explanation, text
                );
            }
        }
    }

    /// RULES.md §14: "Sync on P(X→Y) sets its cache to Y's current space".
    #[test]
    fn syncing_every_peering_gives_the_network_without_caches(seed in any::<u64>()) {
        let (text, plain) = random_topology(seed);
        let mut t = parse(&text, seed);
        let names: Vec<String> = t.peerings.iter().map(|p| p.name.clone()).collect();
        for name in names {
            Edit::SyncPeering(name).apply(&mut t).expect("the peering exists");
        }
        prop_assert!(sync::stale_sides(&t).is_empty());
        let plain = parse(&plain, seed);
        let (net, want_net) = (Network::new(&t), Network::new(&plain));
        for spec in flows(&t) {
            let got = net.trace(&spec).expect("names from the file");
            let want = want_net.trace(&spec).expect("names from the file");
            prop_assert_eq!(got, want, "seed {}\n{}", seed, text);
        }
    }
}

/// The generator makes what the properties need: stale sides, unsynced flows that fail with
/// `peering-not-synced`, ASG rules that decide flows, and refused memberships.
#[test]
fn the_generator_makes_stale_sides_asg_rules_and_refused_members() {
    let (mut stale, mut not_synced, mut asg_rules, mut refused) = (0, 0, 0, 0);
    for seed in 0..64 {
        let (text, _) = random_topology(seed);
        let t = parse(&text, seed);
        stale += sync::stale_sides(&t).len();
        refused += t
            .vms
            .iter()
            .filter(|v| members_of(&t, &v.name).len() < v.asgs.len())
            .count();
        asg_rules += t
            .nsgs
            .iter()
            .flat_map(|n| &n.rules)
            .filter(|r| {
                matches!(r.source, AddressMatch::Asgs(_))
                    || matches!(r.destination, AddressMatch::Asgs(_))
            })
            .count();
        let net = Network::new(&t);
        not_synced += flows(&t)
            .iter()
            .filter(|f| net.trace(f).unwrap().reason == Reason::PeeringNotSynced)
            .count();
    }
    assert!(stale >= 20, "{stale} stale sides");
    assert!(not_synced >= 20, "{not_synced} peering-not-synced flows");
    assert!(asg_rules >= 50, "{asg_rules} ASG rules");
    assert!(refused >= 3, "{refused} refused memberships");
}
