//! Properties of the evaluator over random topologies that hold the resources of RULES.md
//! §11–§13 and §16 (Bastion hosts, PaaS resources with private endpoints and firewall rules,
//! service endpoints, point-to-site clients, users): it never panics, is deterministic, a
//! reachable trace starts at its source and ends at its destination, and no reachable trace
//! breaks a rule those sections state outright. The diagram and the exhibit draw every such
//! topology within their width.

mod common;

use common::rng::Rng;
use peerlab::eval::{FlowSpec, Leg, Network, Reason, Verdict};
use peerlab::model::{BastionSku, PublicAccess, Topology, parse_topology};
use peerlab::{diagram, exhibit};
use proptest::prelude::*;
use std::fmt::Write;

/// A random valid topology: a VNet v0 (maybe with a VPN gateway and a P2S pool) and up to three
/// more, random peerings and flags, Bastions of every tier, storage accounts with random
/// firewall settings, private endpoints (approved or not, random subnet policies), a
/// privatelink zone with random links, service endpoints, a route table with routes that may
/// cover an endpoint, P2S clients with current or stale profiles, and users with random roles.
fn random_topology(seed: u64) -> String {
    let mut r = Rng(seed);
    let mut s = String::new();
    let n = 1 + r.below(4) as usize;
    let gateway = r.chance(60);
    for i in 0..n {
        let region = r.pick(&["eastus", "eastus", "westeurope"]);
        let _ = writeln!(
            s,
            "[[vnet]]\nname = \"v{i}\"\naddress_space = [\"10.{i}.0.0/16\"]\nregion = \"{region}\""
        );
        let se = if r.chance(50) {
            "\n  service_endpoints = [\"Microsoft.Storage\"]"
        } else {
            ""
        };
        let nsg = if r.chance(40) {
            format!("\n  nsg = \"nsg{}\"", r.below(2))
        } else {
            String::new()
        };
        let rt = if r.chance(40) {
            "\n  route_table = \"rt0\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  [[vnet.subnet]]\n  name = \"work\"\n  prefix = \"10.{i}.1.0/24\"{se}{nsg}{rt}"
        );
        let policy = r.pick(&[
            "Disabled",
            "NetworkSecurityGroupEnabled",
            "RouteTableEnabled",
            "Enabled",
        ]);
        let pe_nsg = if r.chance(30) {
            "\n  nsg = \"nsg1\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  [[vnet.subnet]]\n  name = \"endpoints\"\n  prefix = \"10.{i}.5.0/24\"\n  private_endpoint_network_policies = \"{policy}\"{pe_nsg}"
        );
        if i == 0 || r.chance(30) {
            let bas_nsg = if r.chance(20) {
                "\n  nsg = \"nsg-bas\""
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"AzureBastionSubnet\"\n  prefix = \"10.{i}.254.0/26\"{bas_nsg}"
            );
            let sku = r.pick(&["Basic", "Standard", "Premium", "Developer"]);
            let ipc = sku != "Basic" && sku != "Developer" && r.chance(50);
            let _ = writeln!(
                s,
                "[[bastion]]\nname = \"bas{i}\"\nvnet = \"v{i}\"\nsku = \"{sku}\"\nip_based_connection = {ipc}"
            );
        } else if r.chance(30) {
            let _ = writeln!(
                s,
                "[[bastion]]\nname = \"bas{i}\"\nvnet = \"v{i}\"\nsku = \"Developer\""
            );
        }
        if i == 0 && gateway {
            let _ = writeln!(
                s,
                "  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.0.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"dc\"]\n  p2s_pool = \"172.31.0.0/24\""
            );
        }
        let public = if r.chance(50) {
            format!("\npublic_ip = \"203.0.113.{}\"", 10 + i)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "[[vm]]\nname = \"vm{i}\"\nvnet = \"v{i}\"\nsubnet = \"work\"\nip = \"10.{i}.1.4\"{public}"
        );
    }
    let mut made = std::collections::HashSet::new();
    for _ in 0..r.below(2 * n as u64 + 2) {
        let (a, b) = (r.below(n as u64), r.below(n as u64));
        if a == b || !made.insert((a, b)) {
            continue;
        }
        let _ = writeln!(
            s,
            "[[peering]]\nvnet = \"v{a}\"\nremote = \"v{b}\"\nallow_virtual_network_access = {}\nallow_forwarded_traffic = {}\nallow_gateway_transit = {}\nuse_remote_gateways = {}",
            r.chance(80),
            r.chance(50),
            a == 0 && r.chance(60),
            b == 0 && r.chance(60)
        );
    }
    let mut records = Vec::new();
    for p in 0..1 + r.below(2) {
        let access = r.pick(&["enabled", "disabled", "selected", "selected"]);
        let ip_rules = if r.chance(50) {
            "[\"203.0.113.0/24\"]"
        } else {
            "[]"
        };
        let rules: Vec<String> = (0..n)
            .filter(|_| r.chance(40))
            .map(|i| format!("\"v{i}/work\""))
            .collect();
        let region = r.pick(&["eastus", "westeurope"]);
        let _ = writeln!(
            s,
            "[[paas]]\nname = \"st{p}\"\nservice = \"Microsoft.Storage\"\nfqdn = \"st{p}.blob.core.windows.net\"\npublic_ip = \"20.60.0.{}\"\nregion = \"{region}\"\npublic_access = \"{access}\"\nip_rules = {ip_rules}\nvnet_rules = [{}]",
            10 + p,
            rules.join(", ")
        );
        if r.chance(70) {
            let v = r.below(n as u64);
            let ip = format!("10.{v}.5.{}", 4 + p);
            let _ = writeln!(
                s,
                "[[private_endpoint]]\nname = \"pe{p}\"\nvnet = \"v{v}\"\nsubnet = \"endpoints\"\nip = \"{ip}\"\nresource = \"st{p}\"\napproved = {}",
                r.chance(80)
            );
            if r.chance(80) {
                records.push(format!("st{p} = \"{ip}\""));
            }
        }
    }
    if !records.is_empty() {
        let links: Vec<String> = (0..n)
            .filter(|_| r.chance(60))
            .map(|i| format!("\"v{i}\""))
            .collect();
        let _ = writeln!(
            s,
            "[[dns_zone]]\nname = \"privatelink.blob.core.windows.net\"\nlinks = [{}]\nrecords = {{ {} }}",
            links.join(", "),
            records.join(", ")
        );
    }
    let _ = writeln!(s, "[[route_table]]\nname = \"rt0\"");
    let mut prefixes = std::collections::HashSet::new();
    for j in 0..r.below(3) {
        let prefix = r.pick(&["0.0.0.0/0", "10.0.0.0/16", "10.0.5.0/24", "20.60.0.0/24"]);
        if !prefixes.insert(prefix) {
            continue;
        }
        let hop = r.pick(&["None", "Internet", "VnetLocal", "VirtualNetworkGateway"]);
        let _ = writeln!(
            s,
            "  [[route_table.route]]\n  name = \"u{j}\"\n  prefix = \"{prefix}\"\n  next_hop = \"{hop}\""
        );
    }
    for g in 0..2 {
        let _ = writeln!(s, "[[nsg]]\nname = \"nsg{g}\"");
        if r.chance(50) {
            let _ = writeln!(
                s,
                "  [[nsg.rule]]\n  name = \"n0\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"{}\"\n  protocol = \"tcp\"\n  source = \"{}\"\n  destination = \"*\"\n  destination_ports = \"{}\"",
                r.pick(&["allow", "deny"]),
                r.pick(&["*", "VirtualNetwork", "10.0.254.0/26", "10.1.0.0/16"]),
                r.pick(&["*", "443", "3389", "22"]),
            );
        }
    }
    let _ = writeln!(s, "[[nsg]]\nname = \"nsg-bas\"");
    if gateway {
        let _ = writeln!(
            s,
            "[[site]]\nname = \"dc\"\nprefixes = [\"192.168.0.0/16\"]\nbgp = {}\n  [[site.host]]\n  name = \"host\"\n  ip = \"192.168.1.10\"",
            r.chance(50)
        );
        for c in 0..r.below(3) {
            let _ = writeln!(
                s,
                "[[p2s_client]]\nname = \"laptop{c}\"\ngateway_vnet = \"v0\"\nip = \"172.31.0.{}\"\nos = \"{}\"\nprofile_current = {}",
                10 + c,
                r.pick(&["windows", "other"]),
                r.chance(60)
            );
        }
    }
    for u in 0..r.below(3) {
        let scopes = ["vm0", "vm1", "vm0-nic", "vm1-nic", "bas0", "v0", "v1"];
        let roles: Vec<String> = scopes
            .iter()
            .filter(|sc| n > 1 || !sc.contains('1'))
            .filter(|_| r.chance(60))
            .map(|sc| format!("{{ role = \"Reader\", scope = \"{sc}\" }}"))
            .collect();
        let _ = writeln!(
            s,
            "[[user]]\nname = \"u{u}\"\nroles = [{}]",
            roles.join(", ")
        );
    }
    s
}

/// Every machine plus the PaaS names, their FQDNs and public IPs, and an address nobody has.
fn targets(t: &Topology, net: &Network) -> Vec<String> {
    let mut out: Vec<String> = net.machines.iter().map(|m| m.name.clone()).collect();
    for p in &t.paas {
        out.extend([p.name.clone(), p.fqdn.clone(), p.public_ip.to_string()]);
    }
    out.push("10.0.5.99".to_string());
    out
}

/// What RULES.md §11–§13 and §16 say outright about a reachable flow, and that a reachable
/// request ends where it was sent.
fn check_reachable(
    t: &Topology,
    tr: &peerlab::eval::Trace,
    from: &str,
    to: &str,
    seed: u64,
) -> Result<(), TestCaseError> {
    prop_assert!(tr.hops.iter().all(|h| h.ok), "seed {seed}: failed hop");
    let first = tr.hops.iter().find(|h| h.step != "dns").expect("hops");
    let last = tr
        .hops
        .iter()
        .rfind(|h| h.leg == Leg::Request)
        .expect("request hops");
    prop_assert!(
        last.step == "deliver" || last.step == "gateway",
        "seed {seed}: {from} -> {to} ends with {last:?}"
    );
    // The PaaS resource `to` names, if any, and where its traffic may end.
    let paas = t
        .paas
        .iter()
        .find(|p| p.name == to || p.fqdn == to || p.public_ip.to_string() == to);
    if let Some(p) = paas {
        let via_pe = t
            .private_endpoints
            .iter()
            .find(|e| e.name == last.at && e.resource == p.name);
        match via_pe {
            // "Only private endpoints in an Approved state can send traffic" (§12).
            Some(e) => prop_assert!(e.approved, "seed {seed}: unapproved {}", e.name),
            None => {
                prop_assert_eq!(&last.at, &p.name, "seed {}: {} -> {}", seed, from, to);
                // Public endpoint: never when public access is disabled (§12, §13).
                prop_assert!(
                    p.public_access != PublicAccess::Disabled,
                    "seed {seed}: {from} reached {} with public access disabled",
                    p.name
                );
            }
        }
    } else if t.vms.iter().any(|v| v.name == to) {
        prop_assert_eq!(&last.at, to, "seed {}", seed);
    }
    if let Some(b) = t.bastions.iter().find(|b| b.name == from) {
        prop_assert_eq!(&first.at, from, "seed {}", seed);
        if let Some(vm) = t.vms.iter().find(|v| v.name == to) {
            // Developer does not reach peered VNets (§11).
            if b.sku == BastionSku::Developer {
                prop_assert_eq!(&vm.vnet, &b.vnet, "seed {}: Developer over peering", seed);
            }
            // A portal connection reaches its VNet or a direct peer (§11).
            let direct = vm.vnet == b.vnet
                || t.peerings
                    .iter()
                    .any(|p| p.vnet == b.vnet && p.remote == vm.vnet)
                    && t.peerings
                        .iter()
                        .any(|p| p.vnet == vm.vnet && p.remote == b.vnet);
            prop_assert!(
                direct,
                "seed {seed}: {from} reached {to} beyond one peering"
            );
        }
    }
    if let Some(c) = t.p2s_clients.iter().find(|c| c.name == from) {
        prop_assert_eq!(&first.at, from, "seed {}", seed);
        // A stale profile reaches only the gateway's own VNet (§16, FORMAT.md §1b).
        if !c.profile_current
            && let Some(vm) = t.vms.iter().find(|v| v.name == to)
        {
            prop_assert_eq!(&vm.vnet, &c.gateway_vnet, "seed {}: stale profile", seed);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn beyond_the_chapter_evaluation_is_total_deterministic_and_keeps_the_rules(seed in any::<u64>()) {
        let text = random_topology(seed);
        let parsed = match parse_topology(&text) {
            Ok(p) => p,
            Err(d) => panic!("seed {seed}: the generator made an invalid file: {d:#?}\n{text}"),
        };
        let t = &parsed.topology;
        let net = Network::new(t);
        let again = Network::new(t);
        let users: Vec<Option<&str>> = std::iter::once(None)
            .chain(t.users.iter().map(|u| Some(u.name.as_str())))
            .collect();
        for from in net.machines.iter().map(|m| m.name.clone()) {
            let _ = net.routes_of(&from);
            for to in targets(t, &net) {
                for port in [443u16, 3389, 22] {
                    let spec = FlowSpec { port, ..FlowSpec::new(&from, &to) };
                    let a = net.trace(&spec).expect("names come from the file");
                    let b = again.trace(&spec).expect("names come from the file");
                    prop_assert_eq!(&a, &b, "seed {}: not deterministic", seed);
                    prop_assert_eq!(a.verdict == Verdict::Reachable, a.reason == Reason::Ok);
                    if a.verdict == Verdict::Reachable {
                        check_reachable(t, &a, &from, &to, seed)?;
                    }
                    for u in &users[1..] {
                        let x = net.trace_as(&spec, *u).expect("user from the file");
                        // Roles only ever take reach away (§11, §15).
                        if x.verdict == Verdict::Reachable {
                            prop_assert_eq!(a.verdict, Verdict::Reachable, "seed {}: --as {:?} gave more", seed, u);
                        }
                    }
                }
            }
        }
        for width in [40, 80, 120] {
            let lines = diagram::draw(t, &diagram::Options { width, ..diagram::Options::default() });
            for l in &lines {
                prop_assert!(l.text.chars().count() <= width, "seed {seed}: {:?} wider than {width}", l.text);
            }
        }
        let e = exhibit::for_question(t, None).expect("the default exhibit");
        for table in &e.tables {
            prop_assert!(table.rows.iter().all(|r| r.len() == table.columns.len()), "seed {seed}: {}", table.title);
        }
    }
}

/// The properties above are only worth something if the random files exercise them: over a
/// fixed set of seeds, each kind of reachable flow they check occurs, and so does each of the
/// six reasons of FORMAT.md §1b that these resources bring.
#[test]
fn the_random_files_reach_every_case_the_properties_check() {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    let mut reasons = std::collections::HashSet::new();
    for seed in 0..150u64 {
        let t = parse_topology(&random_topology(seed)).unwrap().topology;
        let net = Network::new(&t);
        for from in net.machines.iter().map(|m| m.name.clone()) {
            for to in targets(&t, &net) {
                for port in [443u16, 3389] {
                    let tr = net
                        .trace(&FlowSpec {
                            port,
                            ..FlowSpec::new(&from, &to)
                        })
                        .unwrap();
                    reasons.insert(tr.reason);
                    if tr.verdict != Verdict::Reachable {
                        continue;
                    }
                    let last = tr.hops.iter().rfind(|h| h.leg == Leg::Request).unwrap();
                    let kind = if t.bastions.iter().any(|b| b.name == from) {
                        "from a bastion"
                    } else if t.p2s_clients.iter().any(|c| c.name == from) {
                        "from a P2S client"
                    } else if t.private_endpoints.iter().any(|e| e.name == last.at) {
                        "to a private endpoint"
                    } else if t.paas.iter().any(|p| p.name == last.at) {
                        "to a public endpoint"
                    } else {
                        "other"
                    };
                    *seen.entry(kind).or_default() += 1;
                }
            }
        }
    }
    for kind in [
        "from a bastion",
        "from a P2S client",
        "to a private endpoint",
        "to a public endpoint",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no reachable flow {kind}: {seen:?}"
        );
    }
    for r in [
        Reason::PaasFirewallDeny,
        Reason::PrivateEndpointNotApproved,
        Reason::BastionUnsupportedSku,
        Reason::P2sProfileStale,
    ] {
        assert!(reasons.contains(&r), "{r:?} never came up: {reasons:?}");
    }
}
