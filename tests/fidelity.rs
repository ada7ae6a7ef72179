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
