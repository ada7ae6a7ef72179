//! Properties of the evaluator on random topologies: it never panics, always terminates, is
//! deterministic, and a reachable trace starts at the source and ends at the destination.
//! The parser, fed arbitrary or damaged text, never panics either.

mod common;

use common::rng::Rng;
use peerlab::eval::{FlowSpec, Leg, MachineKind, Network, Reason, Verdict};
use peerlab::model::{Direction, Protocol, parse_topology};
use proptest::prelude::*;
use std::fmt::Write;

/// A random, structurally valid topology. Address spaces may overlap (Azure then rejects the
/// peering), routes may point at any appliance (cycles included), flags are random.
fn random_topology(seed: u64) -> String {
    let mut r = Rng(seed);
    let mut s = String::new();
    let n = 1 + r.below(5) as usize;
    let mut appliance_ips = vec!["10.0.2.4".to_string(), "10.9.9.9".to_string()];
    let mut vm_names = Vec::new();
    let site_count = r.below(3) as usize;
    for i in 0..n {
        // Octet collisions give overlapping VNets now and then.
        let o = r.below(n as u64 + 1);
        let region = r.pick(&["eastus", "eastus", "westeurope"]);
        let dns = if r.chance(15) {
            "\ndns = \"vm-0-0\"".to_string()
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "[[vnet]]\nname = \"v{i}\"\naddress_space = [\"10.{o}.0.0/16\"]\nregion = \"{region}\"{dns}"
        );
        let subnets = 1 + r.below(2);
        for k in 0..subnets {
            let rt = if r.chance(50) {
                format!("\n  route_table = \"rt{}\"", r.below(3))
            } else {
                String::new()
            };
            let nsg = if r.chance(40) {
                format!("\n  nsg = \"nsg{}\"", r.below(2))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"s{k}\"\n  prefix = \"10.{o}.{k}.0/24\"{rt}{nsg}"
            );
        }
        if r.chance(40) {
            let rt = if r.chance(30) {
                "\n  route_table = \"rt0\""
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.{o}.255.0/27\"{rt}"
            );
            let kind = r.pick(&["vpn", "vpn", "expressroute"]);
            let sku = r.pick(&["VpnGw1", "VpnGw2", "Basic"]);
            let sites: Vec<String> = (0..site_count)
                .filter(|_| r.chance(70))
                .map(|j| format!("\"site{j}\""))
                .collect();
            let _ = writeln!(
                s,
                "  [vnet.gateway]\n  kind = \"{kind}\"\n  sku = \"{sku}\"\n  sites = [{}]",
                sites.join(", ")
            );
        }
        if r.chance(35) {
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"AzureFirewallSubnet\"\n  prefix = \"10.{o}.254.0/26\""
            );
            let _ = writeln!(
                s,
                "[[firewall]]\nname = \"fw{i}\"\nvnet = \"v{i}\"\nsubnet = \"AzureFirewallSubnet\"\nip = \"10.{o}.254.4\""
            );
            appliance_ips.push(format!("10.{o}.254.4"));
            for j in 0..r.below(3) {
                let action = r.pick(&["allow", "allow", "deny"]);
                let proto = r.pick(&["tcp", "udp", "any", "icmp"]);
                let src = r.pick(&["10.0.0.0/8", "0.0.0.0/0", "192.168.0.0/16", "10.1.0.0/16"]);
                let ports = r.pick(&["*", "443", "1000-2000", "22,443"]);
                let _ = writeln!(
                    s,
                    "  [[firewall.rule]]\n  name = \"r{j}\"\n  action = \"{action}\"\n  protocol = \"{proto}\"\n  source = [\"{src}\"]\n  destination = [\"0.0.0.0/0\"]\n  ports = \"{ports}\""
                );
            }
        }
        for k in 0..subnets {
            for m in 0..1 + r.below(2) {
                let name = format!(
                    "vm-{i}-{k}{}",
                    if m == 0 {
                        String::new()
                    } else {
                        format!("-{m}")
                    }
                );
                let ip = format!("10.{o}.{k}.{}", 4 + m);
                let fwd = r.chance(40);
                let nsg = if r.chance(30) {
                    format!("\nnsg = \"nsg{}\"", r.below(2))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "[[vm]]\nname = \"{name}\"\nvnet = \"v{i}\"\nsubnet = \"s{k}\"\nip = \"{ip}\"\nip_forwarding = {fwd}\nforwards = {}\ndns_server = {}{nsg}",
                    r.chance(70),
                    r.chance(50)
                );
                if fwd {
                    appliance_ips.push(ip);
                }
                vm_names.push(name);
            }
        }
    }
    // vm-0-0 may serve as a DNS server; make sure it exists (v0 always has subnet s0).
    let mut made = std::collections::HashSet::new();
    for _ in 0..r.below(2 * n as u64 + 2) {
        let (a, b) = (r.below(n as u64), r.below(n as u64));
        if !made.insert((a, b)) {
            continue;
        }
        let deleted = r.chance(10) && !made.contains(&(b, a));
        let _ = writeln!(
            s,
            "[[peering]]\nvnet = \"v{a}\"\nremote = \"v{b}\"\nallow_virtual_network_access = {}\nallow_forwarded_traffic = {}\nallow_gateway_transit = {}\nuse_remote_gateways = {}\nremote_deleted = {deleted}",
            r.chance(85),
            r.chance(50),
            r.chance(30),
            r.chance(25)
        );
        if deleted {
            made.insert((b, a));
        }
    }
    for t in 0..3 {
        let _ = writeln!(
            s,
            "[[route_table]]\nname = \"rt{t}\"\npropagate_gateway_routes = {}",
            r.chance(70)
        );
        let mut prefixes = std::collections::HashSet::new();
        for j in 0..r.below(4) {
            let prefix = match r.below(4) {
                0 => "0.0.0.0/0".to_string(),
                1 => "10.0.0.0/8".to_string(),
                2 => format!("10.{}.0.0/16", r.below(n as u64 + 1)),
                _ => "192.168.0.0/16".to_string(),
            };
            if !prefixes.insert(prefix.clone()) {
                continue;
            }
            let hop = r.pick(&[
                "VirtualAppliance",
                "VirtualAppliance",
                "VirtualNetworkGateway",
                "VnetLocal",
                "Internet",
                "None",
            ]);
            let ip = if hop == "VirtualAppliance" {
                format!(
                    "\n  next_hop_ip = \"{}\"",
                    appliance_ips[r.below(appliance_ips.len() as u64) as usize]
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  [[route_table.route]]\n  name = \"u{j}\"\n  prefix = \"{prefix}\"\n  next_hop = \"{hop}\"{ip}"
            );
        }
    }
    for g in 0..2 {
        let _ = writeln!(s, "[[nsg]]\nname = \"nsg{g}\"");
        let mut used = std::collections::HashSet::new();
        for j in 0..r.below(4) {
            let dir = r.pick(&["inbound", "outbound"]);
            let prio = 100 + 10 * r.below(5);
            if !used.insert((dir, prio)) {
                continue;
            }
            let _ = writeln!(
                s,
                "  [[nsg.rule]]\n  name = \"n{j}\"\n  priority = {prio}\n  direction = \"{dir}\"\n  access = \"{}\"\n  protocol = \"{}\"\n  source = \"{}\"\n  destination = \"{}\"\n  destination_ports = \"{}\"",
                r.pick(&["allow", "deny"]),
                r.pick(&["tcp", "udp", "any"]),
                r.pick(&["*", "VirtualNetwork", "Internet", "10.1.0.0/16"]),
                r.pick(&["*", "VirtualNetwork", "10.2.0.0/16"]),
                r.pick(&["*", "443", "53", "1-1024"]),
            );
        }
    }
    for j in 0..site_count {
        let bgp = r.chance(50);
        let statics = if bgp {
            String::new()
        } else {
            format!(
                "\nstatic_routes = [\"10.{}.0.0/16\"]",
                r.below(n as u64 + 1)
            )
        };
        let _ = writeln!(
            s,
            "[[site]]\nname = \"site{j}\"\nprefixes = [\"192.168.{j}.0/24\"]\nbgp = {bgp}{statics}\n  [[site.host]]\n  name = \"host{j}\"\n  ip = \"192.168.{j}.10\""
        );
    }
    if r.chance(50) {
        let _ = writeln!(
            s,
            "[[dns_zone]]\nname = \"corp.internal\"\nlinks = [\"v0\"]\nrecords = {{ app = \"10.1.0.4\", gone = \"10.77.0.4\" }}"
        );
    }
    s
}

fn targets(net: &Network) -> Vec<String> {
    let mut t: Vec<String> = net.machines.iter().map(|m| m.name.clone()).collect();
    t.extend(
        [
            "app.corp.internal",
            "vm-0-0.internal.cloudapp.net",
            "8.8.8.8",
            "10.1.0.99",
            "192.168.0.77",
        ]
        .map(String::from),
    );
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics_terminates_and_is_deterministic(seed in any::<u64>()) {
        let text = random_topology(seed);
        let parsed = match parse_topology(&text) {
            Ok(p) => p,
            Err(d) => panic!("seed {seed}: the generator made an invalid file: {d:#?}\n{text}"),
        };
        let net = Network::new(&parsed.topology);
        let again = Network::new(&parsed.topology);
        for from in net.machines.iter().map(|m| m.name.clone()) {
            let _ = net.routes_of(&from);
            for to in targets(&net) {
                for (port, protocol) in [(443, Protocol::Tcp), (53, Protocol::Udp), (0, Protocol::Icmp)] {
                    let spec = FlowSpec { from: from.clone(), to: to.clone(), port, protocol };
                    let a = net.trace(&spec).expect("names come from the file");
                    let b = again.trace(&spec).expect("names come from the file");
                    prop_assert_eq!(&a, &b, "seed {}: not deterministic", seed);
                    prop_assert_eq!(a.verdict == Verdict::Reachable, a.reason == Reason::Ok);
                    if a.verdict == Verdict::Reachable {
                        check_ends(&net, &a, &from, &to, seed)?;
                    }
                }
            }
            if let Some(ip) = net.machines.first().map(|m| m.ip) {
                let _ = net.ip_flow_verify(&from, Direction::Inbound, Protocol::Tcp, ip, 443);
                let _ = net.next_hop(&from, ip);
            }
        }
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = parse_topology(&text);
    }

    #[test]
    fn the_parser_never_panics_on_damaged_files(seed in any::<u64>(), cut in 0usize..4000, byte in 0u8..128) {
        let text = random_topology(seed);
        let mut bytes = text.into_bytes();
        let at = cut % bytes.len().max(1);
        if !bytes.is_empty() {
            bytes[at] = byte;
        }
        bytes.truncate(bytes.len() - (cut % 7).min(bytes.len()));
        if let Ok(s) = String::from_utf8(bytes) {
            let _ = parse_topology(&s);
        }
    }
}

/// A reachable trace starts at the source and its request ends at the destination.
fn check_ends(
    net: &Network,
    t: &peerlab::eval::Trace,
    from: &str,
    to: &str,
    seed: u64,
) -> Result<(), TestCaseError> {
    let src = net.machine(from).expect("source");
    let topo = net.topology;
    let start_ok = |at: &str| match src.kind {
        MachineKind::Vm { vnet, subnet, .. } | MachineKind::Firewall { vnet, subnet, .. } => {
            at == from
                || at
                    == format!(
                        "{}/{}",
                        topo.vnets[vnet].name, topo.vnets[vnet].subnets[subnet].name
                    )
        }
        MachineKind::Host { site } => at == format!("site {}", topo.sites[site].name),
        // The §1b sources start at themselves (their own check comes first).
        MachineKind::Bastion { .. }
        | MachineKind::PrivateEndpoint { .. }
        | MachineKind::P2sClient { .. } => at == from,
    };
    let first = t
        .hops
        .iter()
        .find(|h| h.step != "dns")
        .expect("a reachable trace has hops");
    prop_assert!(
        start_ok(&first.at),
        "seed {seed}: {from} -> {to} starts at {}",
        first.at
    );
    let last_request = t
        .hops
        .iter()
        .rfind(|h| h.leg == Leg::Request)
        .expect("request hops");
    prop_assert!(
        last_request.ok && (last_request.step == "deliver" || last_request.step == "gateway"),
        "seed {seed}: {from} -> {to} ends with {:?}",
        last_request
    );
    if let Some(dst) = net.machine(to) {
        match dst.kind {
            MachineKind::Host { site } => prop_assert!(
                last_request
                    .detail
                    .contains(&format!("site {}", topo.sites[site].name)),
                "seed {seed}: {:?}",
                last_request
            ),
            _ => prop_assert_eq!(&last_request.at, to, "seed {}", seed),
        }
    }
    prop_assert!(
        t.hops.iter().all(|h| h.ok),
        "seed {seed}: a reachable trace has a failed hop"
    );
    Ok(())
}

mod question_parser {
    use peerlab::bank::{self, Source};
    use proptest::prelude::*;

    /// One question file, in memory, next to the built-in topologies.
    struct OneFile(String);

    impl Source for OneFile {
        fn question_files(&self) -> Vec<String> {
            vec!["questions/fuzz.toml".into()]
        }
        fn read(&self, path: &str) -> Result<String, String> {
            if path == "questions/fuzz.toml" {
                Ok(self.0.clone())
            } else {
                bank::EmbeddedSource.read(path)
            }
        }
        fn display(&self, path: &str) -> String {
            path.to_string()
        }
    }

    const SEED: &str = r#"[[question]]
id = "fuzz"
topic = "gateway-transit"
kind = "fix"
difficulty = 2
topology = "../topologies/transit-hub-half-broken.toml"
goals = [ { from = "vm-web", to = "dc-app", expect = "reachable" } ]
choices = [
  { text = "a", change = [ { peering = "spoke-web-to-hub", set = { use_remote_gateways = true } } ] },
  { text = "b", change = [ { add_route_table = "rt" }, { route_table = "rt", add_route = { name = "r", prefix = "10.0.0.0/8", next_hop = "None" } } ] },
]
prompt = "p"
explanation = "e"

[[question]]
id = "fuzz-2"
topic = "transitivity"
kind = "order"
difficulty = 1
prompt = "p"
choices = ["a", "b", "c"]
answer = [2, 0, 1]
explanation = "e"
"#;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            let _ = bank::load(&OneFile(text));
        }

        #[test]
        fn damaged_question_files_never_panic(at in 0usize..2000, byte in 0u8..128, cut in 0usize..40) {
            let mut bytes = SEED.as_bytes().to_vec();
            let i = at % bytes.len();
            bytes[i] = byte;
            bytes.truncate(bytes.len() - cut.min(bytes.len()));
            if let Ok(s) = String::from_utf8(bytes) {
                let _ = bank::load(&OneFile(s));
            }
        }
    }

    #[test]
    fn the_seed_file_is_valid() {
        let (b, _) = bank::load(&OneFile(SEED.to_string()))
            .map_err(|p| format!("{p:#?}"))
            .unwrap();
        assert_eq!(b.questions.len(), 2);
        assert_eq!(b.questions[0].answer, vec![0]);
    }
}

mod writer {
    use peerlab::model::{parse_topology, to_toml, without_positions};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Writing a topology and reading it back gives the same network.
        #[test]
        fn write_then_parse_round_trips(seed in any::<u64>()) {
            let text = super::random_topology(seed);
            let t = parse_topology(&text).expect("generator makes valid files").topology;
            let again = parse_topology(&to_toml(&t)).unwrap_or_else(|d| panic!("seed {seed}: rewrite invalid: {d:#?}\n{}", to_toml(&t))).topology;
            prop_assert_eq!(without_positions(&t), without_positions(&again));
        }
    }

    #[test]
    fn every_content_topology_round_trips() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/topologies");
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let t = parse_topology(&std::fs::read_to_string(&path).unwrap())
                .unwrap()
                .topology;
            let again = parse_topology(&to_toml(&t)).unwrap().topology;
            assert_eq!(
                without_positions(&t),
                without_positions(&again),
                "{}",
                path.display()
            );
        }
    }
}

/// Mutation fuzzing of the real content files (issue 12): each case takes one of the shipped
/// question, topology or lab files and damages it a few times (a byte replaced, a stretch cut
/// out or repeated, a hostile token put in: brackets, quotes, huge or negative numbers,
/// control and invisible characters, an escape sequence), then parses it. No parser may panic;
/// whatever it refuses, it refuses with diagnostics. Bounded so the module runs in seconds.
mod mutations {
    use peerlab::bank::{self, EmbeddedSource, Source};
    use peerlab::model::parse_topology;
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        "=",
        "\"",
        "'",
        "\"\"\"",
        ",",
        "\n",
        "#",
        ".",
        "-1",
        "0",
        "99999999999999999999",
        "1e400",
        "nan",
        "inf",
        "true",
        "255.255.255.255/0",
        "0.0.0.0/33",
        "10.0.0.0/8",
        "\u{0}",
        "\u{1b}[2J",
        "\u{202e}",
        "\u{feff}",
        "\u{2028}",
        "\\u0000",
        "\\",
        "é",
        "漢字",
        "🙂",
        "questions",
        "topology = \"../topologies/x.toml\"",
        "../../../etc/passwd",
        "kind = \"configure\"",
        "answer = [99]",
        "port = 70000",
    ];

    /// The shipped files whose names start with `dir/`, as (path, text).
    fn files(dir: &str) -> Vec<(String, String)> {
        EmbeddedSource
            .files_under(dir)
            .into_iter()
            .map(|p| {
                let text = EmbeddedSource.read(&p).expect("a shipped file reads");
                (p, text)
            })
            .collect()
    }

    /// The nearest char boundary at or below `i`.
    fn floor(s: &str, i: usize) -> usize {
        let mut i = i.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// Applies the edits `(kind, at, len, token)` to `text`.
    fn mutate(text: &str, edits: &[(u8, usize, usize, usize)]) -> String {
        let mut s = text.to_string();
        for &(kind, at, len, tok) in edits {
            if s.is_empty() {
                s.push_str(TOKENS[tok % TOKENS.len()]);
                continue;
            }
            let a = floor(&s, at % s.len());
            let b = floor(&s, a + len % 64);
            match kind % 5 {
                0 => s.insert_str(a, TOKENS[tok % TOKENS.len()]),
                1 => s.replace_range(a..b, ""),
                2 => {
                    let piece = s[a..b].to_string();
                    s.insert_str(b, &piece);
                }
                3 => {
                    let c = char::from_u32(tok as u32 % 0x3000).unwrap_or('\u{fffd}');
                    let end = floor(&s, a + s[a..].chars().next().map_or(0, char::len_utf8));
                    s.replace_range(a..end, &c.to_string());
                }
                _ => s.truncate(a),
            }
        }
        s
    }

    /// One damaged question file among the shipped topologies.
    struct Damaged {
        path: String,
        text: String,
    }

    impl Source for Damaged {
        fn question_files(&self) -> Vec<String> {
            vec![self.path.clone()]
        }
        fn read(&self, path: &str) -> Result<String, String> {
            if path == self.path {
                Ok(self.text.clone())
            } else {
                EmbeddedSource.read(path)
            }
        }
        fn display(&self, path: &str) -> String {
            path.to_string()
        }
    }

    fn edits() -> impl Strategy<Value = Vec<(u8, usize, usize, usize)>> {
        proptest::collection::vec(
            (any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()),
            1..5,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn damaged_shipped_topologies_never_panic(file in any::<usize>(), e in edits()) {
            let all = files("topologies/");
            let (path, text) = &all[file % all.len()];
            let damaged = mutate(text, &e);
            if let Ok(p) = parse_topology(&damaged) {
                // What parses is evaluated too: every VM to every other.
                let net = peerlab::eval::Network::new(&p.topology);
                for a in p.topology.vms.iter().take(3) {
                    for b in p.topology.vms.iter().take(3) {
                        let _ = net.trace(&peerlab::eval::FlowSpec {
                            from: a.name.clone(),
                            to: b.name.clone(),
                            port: 443,
                            protocol: peerlab::model::Protocol::Tcp,
                        });
                    }
                }
            } else {
                prop_assert!(parse_topology(&damaged).unwrap_err().iter().all(|d| !d.message.is_empty()), "{path}");
            }
        }

        #[test]
        fn damaged_shipped_labs_never_panic(file in any::<usize>(), e in edits()) {
            let all = files("labs/");
            let (path, text) = &all[file % all.len()];
            let damaged = mutate(text, &e);
            let read = |p: &str| EmbeddedSource.read(&format!("topologies/{}", p.rsplit('/').next().unwrap_or(p)));
            let _ = peerlab::lab::parse_lab("fuzz", path, &damaged, &read);
        }
    }

    proptest! {
        // Loading a question file proves its network questions with the evaluator: fewer cases.
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn damaged_shipped_question_files_never_panic(file in any::<usize>(), e in edits()) {
            let all = files("questions/");
            let (path, text) = &all[file % all.len()];
            let src = Damaged { path: path.clone(), text: mutate(text, &e) };
            if let Err(problems) = bank::load(&src) {
                prop_assert!(!problems.is_empty());
            }
        }
    }

    #[test]
    fn the_mutations_damage_and_the_files_are_there() {
        assert!(files("topologies/").len() > 10);
        assert!(!files("questions/").is_empty() && !files("labs/").is_empty());
        let t = "abc = 1\n";
        assert_eq!(mutate(t, &[(1, 0, 3, 0)]), " = 1\n");
        assert_eq!(mutate(t, &[(4, 3, 0, 0)]), "abc");
        assert_eq!(mutate(t, &[(0, 0, 0, 1)]), "]abc = 1\n");
        assert_eq!(mutate(t, &[(2, 0, 3, 0)]), "abcabc = 1\n");
    }
}
