//! Issue 11: the generator's faults for the rules the model gained (RULES.md §4 the gateway as
//! a router, §10 ASGs, §14 peering sync). For each, fix items carrying only that fault are
//! checked again here: the flow of the goal fails for the reason RULES.md gives (written before
//! running the generator), the keyed change makes it reachable, and no other choice does.

use peerlab::bank::Question;
use peerlab::eval::{FlowSpec, Network, Reason};
use peerlab::generate::{self, FaultKind, Filter, Template};
use peerlab::model::{Protocol, Topology};

fn reason(t: &Topology, q: &Question) -> Reason {
    let g = &q.goals[0].flow;
    let spec = FlowSpec {
        from: g.from.clone(),
        to: g.to.clone(),
        port: g.port,
        protocol: Protocol::Tcp,
    };
    Network::new(t)
        .trace(&spec)
        .expect("the flow traces")
        .reason
}

fn with(t: &Topology, q: &Question, choice: usize) -> Topology {
    let mut w = t.clone();
    for e in &q.changes[choice] {
        e.apply(&mut w).expect("a generated change applies");
    }
    w
}

/// Fix items whose only fault is `kind`, from enough seeds to find `want` of them.
fn fix_items(kind: FaultKind, want: usize) -> Vec<(Topology, Question)> {
    let f = Filter {
        template: Some(Template::Fix),
        ..Filter::default()
    };
    let mut out = Vec::new();
    for seed in 0..40u64 {
        for g in generate::generate(seed, 60, &f) {
            if g.faults == [kind] {
                out.push((
                    g.topology.clone().expect("a fix item has a network"),
                    g.questions[0].clone(),
                ));
            }
        }
        if out.len() >= want {
            break;
        }
    }
    out
}

fn check(kind: FaultKind, broken: Reason) {
    let items = fix_items(kind, 3);
    assert!(items.len() >= 3, "{kind:?}: only {} fix items", items.len());
    for (t, q) in &items {
        assert_eq!(reason(t, q), broken, "{kind:?} {}: before the change", q.id);
        for c in 0..q.choices.len() {
            let after = reason(&with(t, q, c), q);
            if q.answer.contains(&c) {
                assert_eq!(
                    after,
                    Reason::Ok,
                    "{kind:?} {}: the key {}",
                    q.id,
                    q.choices[c]
                );
            } else {
                assert_ne!(
                    after,
                    Reason::Ok,
                    "{kind:?} {}: distractor {}",
                    q.id,
                    q.choices[c]
                );
            }
        }
    }
}

/// RULES.md §4: one spoke routes the other's range to the hub VPN gateway, the other has no
/// mirror route: the reply has no route back.
#[test]
fn rule4_gateway_router_without_the_mirror_route() {
    check(FaultKind::GatewayRouterOneWay, Reason::NoReturnRoute);
}

/// RULES.md §10: the allow names an ASG the destination NIC is not in; the deny after it drops
/// the flow.
#[test]
fn rule10_destination_not_in_the_asg() {
    check(FaultKind::AsgNotMember, Reason::NsgDeny);
}

/// RULES.md §14: the destination VNet grew and the source's side was not synced.
#[test]
fn rule14_new_range_not_synced() {
    check(FaultKind::PeeringNotSynced, Reason::PeeringNotSynced);
}

/// The three kinds come up in ordinary reachability items too (the default fault list, not
/// only a fix item), among the other faults.
#[test]
fn the_new_faults_come_up_in_reachability_items() {
    let f = Filter {
        template: Some(Template::Reachability),
        ..Filter::default()
    };
    let items = generate::generate(3, 300, &f);
    for kind in [
        FaultKind::GatewayRouterOneWay,
        FaultKind::AsgNotMember,
        FaultKind::PeeringNotSynced,
    ] {
        let n = items.iter().filter(|g| g.faults.contains(&kind)).count();
        assert!(n >= 3, "{kind:?}: {n} of {} items", items.len());
    }
}

/// RULES.md §15: a creation item whose request comes from a user with only Reader on the
/// VNet (Network Contributor on the remote): the `virtualNetworkPeerings/write` every source
/// requires is missing, so Azure refuses it with AuthorizationFailed (its own code), and the
/// exhibit shows the role assignments the learner needs. (`peer/action` on the remote, the
/// AMBIGUOUS check, is never what the item hinges on.)
#[test]
fn rule15_a_request_without_write_on_its_own_vnet_fails_with_authorization_failed() {
    let f = Filter {
        template: Some(Template::Creation),
        ..Filter::default()
    };
    let items: Vec<_> = generate::generate(3, 120, &f)
        .into_iter()
        .filter(|g| g.faults == [FaultKind::PermissionMissing])
        .collect();
    assert!(items.len() >= 3, "{} items", items.len());
    for g in &items {
        let q = &g.questions[0];
        let key: Vec<&str> = q.answer.iter().map(|&i| q.choices[i].as_str()).collect();
        assert_eq!(key, ["It fails with AuthorizationFailed"], "{}", q.id);
        assert!(
            q.explanation.contains("virtualNetworkPeerings/write")
                && !q.explanation.contains("peer/action"),
            "{}: {}",
            q.id,
            q.explanation
        );
        assert!(
            q.exhibit
                .as_ref()
                .is_some_and(|e| e.contains(&"roles".to_string())),
            "{}: {:?}",
            q.id,
            q.exhibit
        );
        let t = g
            .topology
            .as_ref()
            .expect("a creation item shows its network");
        assert!(
            t.users.iter().any(|u| q.prompt.contains(&u.name)),
            "{}",
            q.prompt
        );
    }
}
