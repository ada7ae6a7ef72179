//! Issue 11: the rules RULES.md corrected or added (§1, §3, §4, §10, §14, §15), one or more
//! tests per rule, named after its section. Every expected value was written from the rule text
//! before the evaluator was run on the case.

mod common;

use common::*;
use peerlab::eval::Reason;
use peerlab::model::{PeeringState, PeeringVerdict, Rejection, create_peerings, parse_topology};

fn warning_codes(text: &str) -> Vec<String> {
    parse_topology(text)
        .expect("valid")
        .warnings
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

// ---- RULES.md §1 (corrected): use remote gateways, both flags, Basic SKU ---------------------

#[test]
fn rule1_use_remote_gateways_without_transit_is_refused_whatever_the_file_order() {
    let spoke = side("s1", "hub", "use_remote_gateways = true");
    let hub = side("hub", "s1", "");
    for text in [format!("{HUB}{spoke}{hub}"), format!("{HUB}{hub}{spoke}")] {
        let got = rejected(&text);
        let spoke_at = if text.find("vnet = \"s1\"\nremote") < text.find("vnet = \"hub\"\nremote") {
            0
        } else {
            1
        };
        assert_eq!(
            got[spoke_at],
            Some(Rejection::UseRemoteGatewaysWithoutTransit)
        );
        assert_eq!(got[1 - spoke_at], None);
        let t = topo(&text);
        expect(&t, "vm1", "dc", 443, Reason::PeeringNotConnected);
    }
}

#[test]
fn rule1_use_remote_gateways_is_accepted_while_the_remote_side_does_not_exist_yet() {
    // §1: ambiguous (§8); peerlab accepts it and the side shows Initiated.
    let text = format!("{HUB}{}", side("s1", "hub", "use_remote_gateways = true"));
    assert_eq!(rejected(&text), vec![None]);
    let st: Vec<_> = create_peerings(&topo(&text))
        .iter()
        .map(|v| v.state())
        .collect();
    assert_eq!(st, vec![Some(PeeringState::Initiated)]);
}

#[test]
fn rule1_use_remote_gateways_is_accepted_once_the_remote_side_allows_transit() {
    let text = format!(
        "{HUB}{}{}",
        side("s1", "hub", "use_remote_gateways = true"),
        side("hub", "s1", "allow_gateway_transit = true")
    );
    assert_eq!(rejected(&text), vec![None, None]);
    expect(&topo(&text), "vm1", "dc", 443, Reason::Ok);
}

#[test]
fn rule1_both_flags_without_a_local_gateway_warn_and_use_remote_gateways_counts_alone() {
    let text = format!(
        "{HUB}{}{}",
        side("hub", "s1", "allow_gateway_transit = true"),
        side(
            "s1",
            "hub",
            "use_remote_gateways = true\nallow_gateway_transit = true"
        )
    );
    assert_eq!(rejected(&text), vec![None, None]);
    assert!(warning_codes(&text).contains(&"TransitAndRemoteGatewaysOnSamePeering".to_string()));
    // use_remote_gateways evaluated alone: the pair is complete, on-premises is reached.
    let t = topo(&text);
    expect(&t, "vm1", "dc", 443, Reason::Ok);
    expect(&t, "dc", "vm1", 443, Reason::Ok);
}

#[test]
fn rule1_a_basic_gateway_warns_and_the_trace_says_gateway_transit_missing() {
    let text = HUB.replace("kind = \"vpn\"", "kind = \"vpn\"\n  sku = \"Basic\"")
        + &side("hub", "s1", "allow_gateway_transit = true")
        + &side("s1", "hub", "use_remote_gateways = true");
    assert_eq!(rejected(&text), vec![None, None]);
    let codes = warning_codes(&text);
    assert_eq!(
        codes.iter().filter(|c| *c == "BasicSkuNoTransit").count(),
        2,
        "{codes:?}"
    );
    let t = topo(&text);
    let tr = expect(&t, "vm1", "dc", 443, Reason::GatewayTransitMissing);
    assert!(
        tr.explanation.contains("Basic"),
        "the trace should say why: {}",
        tr.explanation
    );
}

#[test]
fn rule1_check_presents_only_azures_five_codes_as_azures() {
    let azure = [
        Rejection::VnetAddressSpacesOverlap,
        Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
        Rejection::AnotherPeeringAlreadyReferencesRemoteVnet,
        Rejection::RemoteVnetHasNoGateways,
        Rejection::RemotePeeringIsDisconnected,
    ];
    let peerlab = [
        Rejection::UseRemoteGatewaysWithLocalGateway,
        Rejection::MultipleUseRemoteGateways,
        Rejection::TransitAndRemoteGatewaysOnSamePeering,
        Rejection::BasicSkuNoTransit,
        Rejection::PeeringLimitExceeded,
        Rejection::UseRemoteGatewaysWithoutTransit,
    ];
    for r in azure {
        assert!(r.is_azure_code(), "{r:?}");
        assert!(r.cited().starts_with("Azure's error code "), "{r:?}");
    }
    for r in peerlab {
        assert!(!r.is_azure_code(), "{r:?}");
        assert!(r.cited().contains("is not public"), "{r:?}");
        assert!(r.cited().starts_with("peerlab's name "), "{r:?}");
        assert!(r.label().starts_with("peerlab's rule "), "{r:?}");
    }
    // Learn's text for the own-gateway rule is quoted as Learn's, not as an ARM message.
    assert!(
        Rejection::UseRemoteGatewaysWithLocalGateway
            .cited()
            .contains("Learn says")
    );
}

// ---- RULES.md §4: Basic SKU has no BGP -----------------------------------------------------

#[test]
fn rule4_a_bgp_site_on_a_basic_gateway_warns_and_acts_as_static() {
    let basic = HUB.replace("kind = \"vpn\"", "kind = \"vpn\"\n  sku = \"Basic\"");
    assert!(warning_codes(&basic).contains(&"bgp-on-basic-sku".to_string()));
    // No static routes: the site has no route back to the hub (it learns nothing over BGP).
    let t = topo(&basic);
    expect(&t, "nva", "dc", 443, Reason::NoReturnRoute);
    // Its static routes now count.
    let with_static = basic.replace(
        "prefixes = [\"192.168.0.0/16\"]",
        "prefixes = [\"192.168.0.0/16\"]\nstatic_routes = [\"10.0.0.0/16\"]",
    );
    let t = topo(&with_static);
    expect(&t, "nva", "dc", 443, Reason::Ok);
    expect(&t, "dc", "nva", 443, Reason::Ok);
    // A Standard gateway (the HUB default) speaks BGP: no warning, reachable without statics.
    assert!(!warning_codes(HUB).contains(&"bgp-on-basic-sku".to_string()));
    expect(&topo(HUB), "nva", "dc", 443, Reason::Ok);
}

// ---- RULES.md §8: the disputed readings the bank and the generator must not hinge on --------

fn reason_under(
    t: &peerlab::model::Topology,
    r: peerlab::eval::Reading,
    from: &str,
    to: &str,
) -> Reason {
    peerlab::eval::Network::with_reading(t, r)
        .trace(&peerlab::eval::FlowSpec::new(from, to))
        .expect("trace runs")
        .reason
}

fn alternative(pick: impl Fn(&peerlab::eval::Reading) -> bool) -> peerlab::eval::Reading {
    peerlab::eval::Reading::ALTERNATIVES
        .into_iter()
        .find(|r| pick(r))
        .expect("an alternative")
}

/// Each alternative reading changes the verdict only on its own disputed point, and
/// `Reading::relevant` offers it exactly where the topology has that point. Expected values
/// from RULES.md §8 (the default column is peerlab's reading).
#[test]
fn rule8_each_disputed_reading_changes_only_its_own_point() {
    let transit_pair = |hub_extra: &str| {
        format!(
            "{HUB}{}{}",
            side(
                "hub",
                "s1",
                &format!("allow_gateway_transit = true\n{hub_extra}")
            ),
            side("s1", "hub", "use_remote_gateways = true")
        )
    };
    // Gateway-forwarded traffic: exempt by default; the troubleshooting page's reading wants
    // allow_forwarded_traffic on the gateway VNet's side.
    let gw = alternative(|r| r.gateway_forwarded_on_gateway_vnet);
    let t = topo(&transit_pair(""));
    assert_eq!(
        reason_under(&t, Default::default(), "dc", "vm1"),
        Reason::Ok
    );
    assert_eq!(
        reason_under(&t, gw, "dc", "vm1"),
        Reason::ForwardedTrafficBlocked
    );
    // The spoke's own request is not forwarded traffic, but its reply from dc is.
    assert_eq!(
        reason_under(&t, gw, "vm1", "dc"),
        Reason::ForwardedTrafficBlocked
    );
    assert!(peerlab::eval::Reading::relevant(&t).contains(&gw));
    // Stating the flag on the hub side makes both readings agree.
    let stated = topo(&transit_pair("allow_forwarded_traffic = true"));
    assert_eq!(reason_under(&stated, gw, "dc", "vm1"), Reason::Ok);
    assert_eq!(reason_under(&stated, gw, "vm1", "dc"), Reason::Ok);

    // Both gateway flags on the spoke side: accepted and inert by default, refused under it.
    let both = alternative(|r| r.both_gateway_flags_refused);
    let t = topo(&format!(
        "{HUB}{}{}",
        side("hub", "s1", "allow_gateway_transit = true"),
        side(
            "s1",
            "hub",
            "use_remote_gateways = true\nallow_gateway_transit = true"
        )
    ));
    assert_eq!(
        reason_under(&t, Default::default(), "vm1", "dc"),
        Reason::Ok
    );
    assert_eq!(
        reason_under(&t, both, "vm1", "dc"),
        Reason::PeeringNotConnected
    );
    assert!(peerlab::eval::Reading::relevant(&t).contains(&both));

    // Transit through a Basic gateway: inert by default (gateway-transit-missing), refused
    // under it (both halves, so the peering is not Connected).
    let basic = alternative(|r| r.basic_transit_refused);
    let t = topo(&transit_pair("").replace("kind = \"vpn\"", "kind = \"vpn\"\n  sku = \"Basic\""));
    assert_eq!(
        reason_under(&t, Default::default(), "vm1", "dc"),
        Reason::GatewayTransitMissing
    );
    assert_eq!(
        reason_under(&t, basic, "vm1", "dc"),
        Reason::PeeringNotConnected
    );

    // use_remote_gateways before the hub side exists: Initiated by default, refused under it.
    let lone = alternative(|r| r.remote_gateways_need_remote_side);
    let t = topo(&format!(
        "{HUB}{}",
        side("s1", "hub", "use_remote_gateways = true")
    ));
    let states =
        |r: peerlab::eval::Reading| peerlab::eval::Network::with_reading(&t, r).peerings[0].clone();
    assert_eq!(
        states(Default::default()),
        PeeringVerdict::Exists(PeeringState::Initiated)
    );
    assert!(matches!(
        states(lone),
        PeeringVerdict::Rejected {
            code: Rejection::UseRemoteGatewaysWithoutTransit,
            ..
        }
    ));

    // A topology without any disputed point has no relevant alternative.
    let plain = topo(&format!(
        "{HUB}{}{}",
        side("hub", "s1", ""),
        side("s1", "hub", "")
    ));
    assert!(peerlab::eval::Reading::relevant(&plain).is_empty());
}

/// `check` fails a bank question whose key changes under a disputed reading, naming the
/// reading and both keys, and leaves a stable question alone (issue 11).
#[test]
fn rule8_check_fails_a_bank_question_that_hinges_on_a_reading() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hinge-bank"
    ));
    let src = peerlab::bank::DirSource::with_files(root, vec!["questions/hinge.toml".into()]);
    let (b, _) = peerlab::bank::load(&src).expect("the bank itself is valid");
    let got: Vec<(String, u32, String)> = peerlab::bank::readings::check(&b)
        .into_iter()
        .map(|p| (p.diag.code.to_string(), p.diag.pos.line, p.diag.message))
        .collect();
    assert_eq!(
        got,
        vec![(
            "key-hinges-on-reading".to_string(),
            4,
            "question \"hinges\": the key changes under a disputed reading of RULES.md §8 (traffic forwarded by a gateway through transit needs allow_forwarded_traffic on the gateway VNet's side): reachable (ok) by default, unreachable (forwarded-traffic-blocked) under it; state the setting the answer depends on or change the topology so it does not depend on it".to_string()
        )]
    );
    // The command fails on it (exit 1) and `--explain` lists the readings it asked.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerlab"))
        .args(["check", "--explain"])
        .arg(root)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("error: key-hinges-on-reading"), "{stdout}");
    assert!(
        stdout.contains("stable: key checked under the disputed readings of RULES.md §8: traffic forwarded by a gateway"),
        "{stdout}"
    );
}

// ---- RULES.md §4: the gateway as a router ----------------------------------------------------

/// Both spokes use the hub's VPN gateway through transit; `udrs` are extra tables.
fn gateway_router(udr_s1: bool, udr_s2: bool, extra: &str) -> String {
    let rt = |name: &str, prefix: &str| {
        format!(
            "[[route_table]]\nname = \"{name}\"\n  [[route_table.route]]\n  name = \"via-gateway\"\n  prefix = \"{prefix}\"\n  next_hop = \"VirtualNetworkGateway\"\n"
        )
    };
    let mut text = HUB.to_string();
    if udr_s1 {
        text = text.replacen(
            "  name = \"w\"\n  prefix = \"10.1.1.0/24\"",
            "  name = \"w\"\n  prefix = \"10.1.1.0/24\"\n  route_table = \"rt-s1\"",
            1,
        );
        text.push_str(&rt("rt-s1", "10.2.0.0/16"));
    }
    if udr_s2 {
        text = text.replacen(
            "  name = \"w\"\n  prefix = \"10.2.1.0/24\"",
            "  name = \"w\"\n  prefix = \"10.2.1.0/24\"\n  route_table = \"rt-s2\"",
            1,
        );
        text.push_str(&rt("rt-s2", "10.1.0.0/16"));
    }
    text.push_str(&side("hub", "s1", "allow_gateway_transit = true"));
    text.push_str(&side("s1", "hub", "use_remote_gateways = true"));
    text.push_str(&side("hub", "s2", "allow_gateway_transit = true"));
    text.push_str(extra);
    text
}

#[test]
fn rule4_spoke_to_spoke_through_the_hub_vpn_gateway_with_udrs() {
    // Expected from RULES.md §4 "The gateway as a router", written before running:
    let s2_pair = side("s2", "hub", "use_remote_gateways = true");
    let s2_plain = side("s2", "hub", "");
    let rows: [(&str, bool, bool, &str, Reason); 5] = [
        // UDRs both ways, both spokes with the pair, forwarded traffic off everywhere: routed
        // by the gateway and delivered; no forwarded-traffic check for a VPN gateway.
        ("both udrs", true, true, &s2_pair, Reason::Ok),
        // No mirror UDR in s2: the reply to 10.1.1.4 has no route (10.0.0.0/8 None).
        (
            "no mirror udr",
            true,
            false,
            &s2_pair,
            Reason::NoReturnRoute,
        ),
        // No UDR at all: the spokes are peers of a peer.
        ("no udr", false, false, &s2_pair, Reason::NotTransitive),
        // s2 without the transit pair: its mirror UDR has no gateway to send to (§8 default:
        // a spoke without the pair cannot use it), so the reply fails.
        (
            "s2 without the pair",
            true,
            true,
            &s2_plain,
            Reason::NoReturnRoute,
        ),
        // Same, the request from s2's side: no-route at once.
        (
            "s2 without the pair, from s2",
            true,
            true,
            &s2_plain,
            Reason::NoRoute,
        ),
    ];
    for (name, a, b, s2, want) in rows {
        let t = topo(&gateway_router(a, b, s2));
        let (from, to) = if name.ends_with("from s2") {
            ("vm2", "vm1")
        } else {
            ("vm1", "vm2")
        };
        let tr = trace(&t, from, to, 443);
        assert_eq!(tr.reason, want, "{name}: {:#?}", tr.hops);
        if want == Reason::Ok {
            let nh = tr.next_hop.expect("a route lookup happened");
            assert_eq!(
                nh.kind,
                peerlab::eval::NextHopType::VirtualNetworkGateway,
                "{name}"
            );
            assert!(
                tr.hops.iter().any(|h| h.detail.contains("GatewaySubnet")),
                "{name}: the gateway routes the packet on with the GatewaySubnet's routes: {:#?}",
                tr.hops
            );
        }
    }
    // An NSG on the destination still applies after the gateway.
    let deny = "[[nsg]]\nname = \"nsg-s2\"\n  [[nsg.rule]]\n  name = \"deny-s1\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"deny\"\n  protocol = \"any\"\n  source = \"10.1.0.0/16\"\n  destination = \"*\"\n";
    let text = gateway_router(true, true, &s2_pair).replacen(
        "  route_table = \"rt-s2\"",
        "  route_table = \"rt-s2\"\n  nsg = \"nsg-s2\"",
        1,
    ) + deny;
    expect(&topo(&text), "vm1", "vm2", 443, Reason::NsgDeny);
}

#[test]
fn rule4_a_udr_to_an_expressroute_gateway_sends_nowhere() {
    let s2_pair = side("s2", "hub", "use_remote_gateways = true");
    let text =
        gateway_router(true, true, &s2_pair).replace("kind = \"vpn\"", "kind = \"expressroute\"");
    let t = topo(&text);
    expect(&t, "vm1", "vm2", 443, Reason::NoRoute);
    assert!(warning_codes(&text).contains(&"udr-gateway-not-vpn".to_string()));
}

/// Sites on one VPN gateway: `a` and `b` as BGP (true) or static (false), `b_static` the
/// static routes of `b`, `a_static` those of `a`.
fn two_sites(a_bgp: bool, b_bgp: bool, a_static: &str, b_static: &str) -> String {
    HUB.replace("sites = [\"onprem\"]", "sites = [\"onprem\", \"branch\"]")
        .replace(
            "[[site]]\nname = \"onprem\"\nprefixes = [\"192.168.0.0/16\"]",
            &format!("[[site]]\nname = \"onprem\"\nprefixes = [\"192.168.0.0/16\"]\nbgp = {a_bgp}\nstatic_routes = [{a_static}]"),
        )
        + &format!(
            "[[site]]\nname = \"branch\"\nprefixes = [\"172.16.0.0/16\"]\nbgp = {b_bgp}\nstatic_routes = [{b_static}]\n  [[site.host]]\n  name = \"br\"\n  ip = \"172.16.1.10\"\n"
        )
}

/// name, site a BGP, site b BGP, a's static routes, b's static routes, from, to, reason.
type SiteRow<'a> = (
    &'a str,
    bool,
    bool,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Reason,
);

#[test]
fn rule4_bgp_transit_between_sites_on_one_vpn_gateway() {
    // Expected from RULES.md §4 "BGP transit between sites":
    let rows: [SiteRow; 5] = [
        // Both BGP: each learns the other's prefixes from the gateway.
        ("bgp to bgp", true, true, "", "", "dc", "br", Reason::Ok),
        (
            "bgp to bgp, back",
            true,
            true,
            "",
            "",
            "br",
            "dc",
            Reason::Ok,
        ),
        // BGP to static: routed there; the reply needs the static site's route to the BGP site.
        (
            "bgp to static, no route back",
            true,
            false,
            "",
            "\"10.0.0.0/16\"",
            "dc",
            "br",
            Reason::NoReturnRoute,
        ),
        (
            "bgp to static, route back",
            true,
            false,
            "",
            "\"10.0.0.0/16\", \"192.168.0.0/16\"",
            "dc",
            "br",
            Reason::Ok,
        ),
        // Static to static: not documented (§8), peerlab does not route it.
        (
            "static to static",
            false,
            false,
            "\"172.16.0.0/16\"",
            "\"192.168.0.0/16\"",
            "dc",
            "br",
            Reason::NoRoute,
        ),
    ];
    for (name, a, b, sa, sb, from, to, want) in rows {
        let t = topo(&two_sites(a, b, sa, sb));
        let tr = trace(&t, from, to, 443);
        assert_eq!(tr.reason, want, "{name}: {:#?}", tr.hops);
    }
}

/// The two §4 points RULES.md §8 leaves open read the other way: a spoke without the transit
/// pair sending to the hub's VPN gateway, and transit between two static sites.
#[test]
fn rule4_the_undocumented_router_cases_change_only_under_their_readings() {
    let router = alternative(|r| r.gateway_router_without_transit);
    let t = topo(&gateway_router(true, true, &side("s2", "hub", "")));
    assert_eq!(
        reason_under(&t, Default::default(), "vm1", "vm2"),
        Reason::NoReturnRoute
    );
    assert_eq!(reason_under(&t, router, "vm1", "vm2"), Reason::Ok);
    assert!(peerlab::eval::Reading::relevant(&t).contains(&router));

    let statics = alternative(|r| r.static_site_transit);
    let t = topo(&two_sites(
        false,
        false,
        "\"172.16.0.0/16\"",
        "\"192.168.0.0/16\"",
    ));
    assert_eq!(
        reason_under(&t, Default::default(), "dc", "br"),
        Reason::NoRoute
    );
    assert_eq!(reason_under(&t, statics, "dc", "br"), Reason::Ok);
    assert!(peerlab::eval::Reading::relevant(&t).contains(&statics));
    // A BGP site and a static one: no static-to-static point, so that reading is not asked.
    let t = topo(&two_sites(true, false, "", "\"192.168.0.0/16\""));
    assert!(!peerlab::eval::Reading::relevant(&t).contains(&statics));
}

// ---- RULES.md §10: application security groups ----------------------------------------------

const ASGS: &str = r#"
[[vnet]]
name = "a"
address_space = ["10.1.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.1.1.0/24"
  nsg = "n-a"
[[vnet]]
name = "b"
address_space = ["10.2.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.2.1.0/24"
  nsg = "n-b"
[[vm]]
name = "web1"
vnet = "a"
subnet = "s"
ip = "10.1.1.4"
asgs = ["asg-web"]
[[vm]]
name = "web2"
vnet = "a"
subnet = "s"
ip = "10.1.1.5"
[[vm]]
name = "sql"
vnet = "a"
subnet = "s"
ip = "10.1.1.10"
asgs = ["asg-sql"]
[[vm]]
name = "vb"
vnet = "b"
subnet = "s"
ip = "10.2.1.4"
asgs = ["asg-web", "asg-b"]
[[asg]]
name = "asg-web"
vnet = "a"
[[asg]]
name = "asg-sql"
vnet = "a"
[[asg]]
name = "asg-b"
vnet = "b"
[[asg]]
name = "asg-empty"
vnet = "a"
[[nsg]]
name = "n-a"
  [[nsg.rule]]
  name = "web-to-sql"
  priority = 100
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source_asgs = ["asg-web"]
  destination_asgs = ["asg-sql"]
  destination_ports = "1433"
  [[nsg.rule]]
  name = "b-to-sql"
  priority = 110
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source_asgs = ["asg-b"]
  destination_asgs = ["asg-sql"]
  destination_ports = "1433"
  [[nsg.rule]]
  name = "empty-to-sql"
  priority = 120
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source_asgs = ["asg-empty"]
  destination = "*"
  destination_ports = "1433"
  [[nsg.rule]]
  name = "deny-sql"
  priority = 200
  direction = "inbound"
  access = "deny"
  protocol = "tcp"
  source = "*"
  destination = "*"
  destination_ports = "1433"
[[nsg]]
name = "n-b"
  [[nsg.rule]]
  name = "web-in"
  priority = 100
  direction = "inbound"
  access = "allow"
  protocol = "tcp"
  source_asgs = ["asg-web"]
  destination = "*"
  destination_ports = "8080"
  [[nsg.rule]]
  name = "deny-8080"
  priority = 200
  direction = "inbound"
  access = "deny"
  protocol = "tcp"
  source = "*"
  destination = "*"
  destination_ports = "8080"
[[peering]]
vnet = "a"
remote = "b"
[[peering]]
vnet = "b"
remote = "a"
"#;

/// Expected from RULES.md §10 before running: an ASG in a rule stands for its members' private
/// IPs; a NIC of another VNet is not a member; a rule naming ASGs of two VNets does not exist;
/// an empty ASG matches nothing; a rule in peer b naming a's ASG matches a's members (§10's
/// AMBIGUOUS default).
#[test]
fn rule10_asgs_in_nsg_rules() {
    let t = topo(ASGS);
    let tr = expect(&t, "web1", "sql", 1433, Reason::Ok);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail.contains("securityRules/web-to-sql")
                && h.detail
                    .contains("source ASG asg-web and destination ASG asg-sql")),
        "the trace names the ASGs: {:#?}",
        tr.hops
    );
    // Not a member: falls to deny-sql (the empty ASG's rule matches nothing either).
    expect(&t, "web2", "sql", 1433, Reason::NsgDeny);
    // vb lists asg-web, but lives in b: refused, so not a member; and b-to-sql (ASGs of b and
    // a) was refused, so vb's asg-b membership opens nothing.
    expect(&t, "vb", "sql", 1433, Reason::NsgDeny);
    // b's NSG names a's ASG: web1 (a member) is allowed, web2 is not.
    expect(&t, "web1", "vb", 8080, Reason::Ok);
    expect(&t, "web2", "vb", 8080, Reason::NsgDeny);
    let codes = warning_codes(ASGS);
    assert_eq!(
        codes
            .iter()
            .filter(|c| c.as_str() == "AllApplicationSecurityGroupsInSecurityRuleMustBeFromSameVnet")
            .count(),
        1
    );
    assert_eq!(
        codes
            .iter()
            .filter(|c| c.as_str() == "asg-members-different-vnets")
            .count(),
        1
    );
}

#[test]
fn rule10_ip_flow_verify_names_the_asgs_of_the_deciding_rule() {
    use peerlab::model::{Direction, Protocol};
    let t = topo(ASGS);
    let net = peerlab::eval::Network::new(&t);
    let v = net
        .ip_flow_verify(
            "sql",
            Direction::Inbound,
            Protocol::Tcp,
            "10.1.1.4".parse().unwrap(),
            1433,
        )
        .unwrap();
    assert_eq!(
        (v.access, v.rule.as_deref(), v.asgs.clone()),
        (
            "Allow",
            Some("securityRules/web-to-sql"),
            vec![
                "source ASG asg-web".to_string(),
                "destination ASG asg-sql".to_string()
            ]
        )
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["asgs"][0], "source ASG asg-web");
    // A decision without ASGs keeps the JSON as before (no `asgs` key).
    let v = net
        .ip_flow_verify(
            "sql",
            Direction::Inbound,
            Protocol::Tcp,
            "10.1.1.5".parse().unwrap(),
            1433,
        )
        .unwrap();
    assert_eq!(v.rule.as_deref(), Some("securityRules/deny-sql"));
    assert!(serde_json::to_value(&v).unwrap().get("asgs").is_none());
}
