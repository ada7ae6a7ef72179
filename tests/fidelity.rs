//! Issue 11: the rules RULES.md corrected or added (§1, §3, §4, §10, §14, §15), one or more
//! tests per rule, named after its section. Every expected value was written from the rule text
//! before the evaluator was run on the case.

mod common;

use common::*;
use peerlab::eval::Reason;
use peerlab::model::{PeeringState, PeeringVerdict, Rejection, create_peerings, parse_topology};

fn rejected(text: &str) -> Vec<Option<Rejection>> {
    create_peerings(&topo(text))
        .into_iter()
        .map(|v| match v {
            PeeringVerdict::Rejected { code, .. } => Some(code),
            PeeringVerdict::Exists(_) => None,
        })
        .collect()
}

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
