//! Build-a-list items (template `sequence`, `kind = "order"`), replayed from their texts as a
//! learner reads them. The exam's build-list offers more actions than the list needs: the
//! learner picks the right ones and orders them. Each item offers five or six actions, three
//! of them the key; every extra is refused or breaks or misses the goal wherever it is put,
//! and no list of three but the key meets it. Grading and the trainer take a list of three
//! from six.

mod common;

#[cfg(feature = "tui")]
use common::answers::secs;
#[cfg(feature = "tui")]
use common::tui::render;
use peerlab::bank::{Kind, Question};
use peerlab::eval::{FlowSpec, Network};
use peerlab::generate::{self, Filter, Generated, Template};
use peerlab::model::{Protocol, Topology};
#[cfg(feature = "tui")]
use peerlab::quiz::Mode;
use peerlab::quiz::{Answer, Item, grade};
#[cfg(feature = "tui")]
use peerlab::tui::{App, Msg, Start};

fn items(seeds: std::ops::RangeInclusive<u64>, each: usize) -> Vec<Generated> {
    let filter = Filter {
        template: Some(Template::Sequence),
        ..Default::default()
    };
    seeds
        .flat_map(|s| generate::generate(s, each, &filter))
        .collect()
}

/// One action of a sequence item, read from its choice text.
#[derive(Debug)]
enum Step {
    /// "Create a VPN gateway in HUB and connect it to the SITE site." or "Create an
    /// ExpressRoute gateway in SPOKE."
    Gateway {
        vnet: String,
        er: bool,
        site: Option<String>,
    },
    /// "Peer SPOKE with HUB, allowing access both ways and HUB to receive forwarded traffic
    /// from SPOKE.": both sides, as the portal creates them.
    Peer {
        vnet: String,
        remote: String,
    },
    Transit(String),
    UseRemote(String),
}

fn step(text: &str) -> Step {
    let w: Vec<&str> = text.trim_end_matches('.').split_whitespace().collect();
    if text.starts_with("Create ") {
        let at = w.iter().position(|x| *x == "in").expect("in");
        Step::Gateway {
            vnet: w[at + 1].to_string(),
            er: text.contains("ExpressRoute"),
            site: text
                .contains(" and connect it to the ")
                .then(|| w[w.len() - 2].to_string()),
        }
    } else if text.starts_with("Peer ") {
        assert!(
            text.contains(" to receive forwarded traffic from "),
            "the peering states the hub side's forwarded traffic: {text}"
        );
        Step::Peer {
            vnet: w[1].to_string(),
            remote: w[3].trim_end_matches(',').to_string(),
        }
    } else if text.contains(", allow the gateway in ") {
        Step::Transit(w[3].trim_end_matches(',').to_string())
    } else if text.contains(" to use the remote gateway of ") {
        Step::UseRemote(w[3].trim_end_matches(',').to_string())
    } else {
        panic!("an action the test does not know: {text}")
    }
}

/// Applies `s` to `t` as the portal would: `Err` when it is refused. RULES.md §1 (Azure's
/// verdict on every peering after the change), §1 and §16 (the portal offers gateway transit
/// only on a VNet that holds a gateway); a gateway needs the VNet's GatewaySubnet; §15 (the
/// portal creates both sides of a peering; a second peering of the same pair is refused).
fn apply(t: &mut Topology, s: &Step) -> Result<(), String> {
    use peerlab::model::{Gateway, GatewayKind, Peering, PeeringVerdict, create_peerings};
    match s {
        Step::Peer { vnet, remote } => {
            if t.peerings.iter().any(|p| {
                (p.vnet == *vnet && p.remote == *remote) || (p.vnet == *remote && p.remote == *vnet)
            }) {
                return Err("AnotherPeeringAlreadyReferencesRemoteVnet".to_string());
            }
            t.peerings.push(Peering::new(vnet, remote));
            let mut back = Peering::new(remote, vnet);
            back.allow_forwarded_traffic = true;
            t.peerings.push(back);
        }
        Step::Gateway { vnet, er, site } => {
            let v = t.vnets.iter_mut().find(|v| v.name == *vnet).expect("vnet");
            if !v.subnets.iter().any(|s| s.name == "GatewaySubnet") {
                return Err(format!("{vnet} has no GatewaySubnet"));
            }
            v.gateway = Some(Gateway {
                kind: if *er {
                    GatewayKind::ExpressRoute
                } else {
                    GatewayKind::Vpn
                },
                sku: if *er { "ErGw1AZ" } else { "VpnGw1" }.to_string(),
                sites: site.iter().cloned().collect(),
                ..Default::default()
            });
        }
        Step::Transit(name) | Step::UseRemote(name) => {
            let i = t
                .peerings
                .iter()
                .position(|p| p.name == *name)
                .ok_or(format!("no peering {name}"))?;
            let owner = t.peerings[i].vnet.clone();
            if matches!(s, Step::Transit(_)) {
                if t.vnet(&owner).is_some_and(|v| v.gateway.is_none()) {
                    return Err(format!("the portal greys out gateway transit on {owner}"));
                }
                t.peerings[i].allow_gateway_transit = true;
            } else {
                t.peerings[i].use_remote_gateways = true;
            }
        }
    }
    match create_peerings(t)
        .into_iter()
        .find(|v| matches!(v, PeeringVerdict::Rejected { .. }))
    {
        Some(PeeringVerdict::Rejected { code, .. }) => Err(code.code().to_string()),
        _ => Ok(()),
    }
}

/// Whether the list `order` of the item's actions ends with every goal met (`Err`: refused
/// on the way).
fn ends_with_goal(q: &Question, t: &Topology, order: &[usize]) -> Result<bool, String> {
    let mut work = t.clone();
    for &i in order {
        apply(&mut work, &step(&q.choices[i]))?;
    }
    let net = Network::new(&work);
    Ok(q.goals.iter().all(|g| {
        net.trace(&FlowSpec {
            from: g.flow.from.clone(),
            to: g.flow.to.clone(),
            port: g.flow.port,
            protocol: Protocol::Tcp,
        })
        .expect("a generated flow traces")
        .verdict
            == g.expect
    }))
}

/// Every ordered choice of `k` distinct indexes of `0..n`.
fn lists(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for head in lists(n, k - 1) {
        for i in (0..n).filter(|i| !head.contains(i)) {
            let mut l = head.clone();
            l.push(i);
            out.push(l);
        }
    }
    out
}

/// The VNets an action is about: the gateway's VNet, the two VNets peered, or a peering's
/// owner and remote.
fn about(t: &Topology, s: &Step) -> Vec<String> {
    match s {
        Step::Gateway { vnet, .. } => vec![vnet.clone()],
        Step::Peer { vnet, remote } => vec![vnet.clone(), remote.clone()],
        Step::Transit(p) | Step::UseRemote(p) => {
            // A side created by the key's own peering step is named as the portal names it.
            match t.peerings.iter().find(|x| x.name == *p) {
                Some(p) => vec![p.vnet.clone(), p.remote.clone()],
                None => {
                    let (a, b) = p.split_once("-to-").expect("a portal peering name");
                    vec![a.to_string(), b.to_string()]
                }
            }
        }
    }
}

/// The hub: the VNet whose side of the key's peering allows gateway transit.
fn hub_of(q: &Question, t: &Topology) -> String {
    q.answer
        .iter()
        .find_map(|&i| match step(&q.choices[i]) {
            s @ Step::Transit(_) => Some(about(t, &s)[0].clone()),
            _ => None,
        })
        .expect("a transit step")
}

/// Whether every extra of `q` is about the two VNets of the goal (the VM's and the hub): an
/// extra on another spoke is ruled out by the VNet's name alone (the second reader,
/// gen-4242-0010 F, gen-6464-0010 A).
fn extras_on_the_goal(q: &Question, t: &Topology, hub: &str) -> Result<(), String> {
    let vm_vnet = t.vm(&q.goals[0].flow.from).expect("vm").vnet.clone();
    for e in (0..q.choices.len()).filter(|e| !q.answer.contains(e)) {
        let on = about(t, &step(&q.choices[e]));
        if on.iter().any(|v| *v != vm_vnet && v != hub) {
            return Err(format!("{}: {:?} is about {on:?}", q.id, q.choices[e]));
        }
    }
    Ok(())
}

/// Every generated sequence item offers five or six actions, three in the answer; the key
/// is the only list of three that works, and each extra, put anywhere in the key, is refused
/// or breaks the goal. Every extra is about the VNets of the goal. Both chains come up: the
/// hub's gateway first, and the peering of a new spoke first.
#[test]
fn every_sequence_item_offers_extras_the_model_proves_wrong() {
    let gens = items(1..=30, 10);
    let (mut checked, mut six, mut harmful, mut peer_first) = (0, 0, 0, 0);
    for g in &gens {
        let t = g
            .topology
            .as_ref()
            .expect("a sequence item shows its network");
        for q in &g.questions {
            assert_eq!(q.kind, Kind::Order);
            let n = q.choices.len();
            assert!((5..=6).contains(&n), "{}: {n} choices", q.id);
            six += usize::from(n == 6);
            assert_eq!(q.answer.len(), 3, "{}", q.id);
            assert_eq!(q.rationales.len(), n, "{}: one rationale per choice", q.id);
            assert!(q.prompt.contains("Which three actions"), "{}", q.id);
            assert_eq!(ends_with_goal(q, t, &[]), Ok(false), "{}", q.id);
            assert_eq!(
                ends_with_goal(q, t, &q.answer),
                Ok(true),
                "{}: the key fails",
                q.id
            );
            for list in lists(n, 3) {
                if list != q.answer {
                    assert_ne!(
                        ends_with_goal(q, t, &list),
                        Ok(true),
                        "{}: {list:?} works too ({:?})",
                        q.id,
                        q.choices
                    );
                }
            }
            let hub = hub_of(q, t);
            extras_on_the_goal(q, t, &hub).unwrap();
            peer_first += usize::from(q.answer.iter().any(|&i| q.choices[i].starts_with("Peer ")));
            for e in (0..n).filter(|e| !q.answer.contains(e)) {
                assert!(
                    q.rationales[e].starts_with("Not in the list: "),
                    "{}: {}",
                    q.id,
                    q.rationales[e]
                );
                let all_fail = (0..=3).all(|at| {
                    let mut l = q.answer.clone();
                    l.insert(at, e);
                    ends_with_goal(q, t, &l) != Ok(true)
                });
                assert!(all_fail, "{}: {:?} does no harm", q.id, q.choices[e]);
                harmful += 1;
            }
            checked += 1;
        }
    }
    println!(
        "{checked} items ({six} with six actions, {peer_first} peering first); {harmful} extras, each harmful"
    );
    assert!(checked >= 200, "{checked} items");
    assert!(
        peer_first > checked / 4 && peer_first < checked * 3 / 4,
        "both chains: {peer_first} of {checked} put the peering first"
    );
    assert!(
        six > 0 && six < checked,
        "both five and six actions: {six} of {checked}"
    );
}

/// A planted bad item is caught: an extra that is one of the needed steps under another
/// text (a second "use remote gateways" on the VM's own peering) makes a second list work.
#[test]
fn the_replay_catches_an_extra_that_also_works() {
    let g = items(1..=1, 1).remove(0);
    let t = g.topology.as_ref().unwrap();
    let mut q = g.questions[0].clone();
    let dup = q.answer[0];
    q.choices.push(q.choices[dup].clone());
    let n = q.choices.len();
    let second = lists(n, 3)
        .into_iter()
        .filter(|l| *l != q.answer)
        .find(|l| ends_with_goal(&q, t, l) == Ok(true));
    assert!(second.is_some(), "the duplicate step gives a second list");
}

/// A planted bad item is caught: a setting on another spoke's peering, the kind of extra the
/// generator offered before (gen-4242-0010 F), is about a VNet outside the goal.
#[test]
fn an_extra_on_another_spoke_is_caught() {
    let g = items(1..=5, 1)
        .into_iter()
        .find(|g| {
            let t = g.topology.as_ref().unwrap();
            let q = &g.questions[0];
            let vm_vnet = &t.vm(&q.goals[0].flow.from).unwrap().vnet;
            let hub = hub_of(q, t);
            t.peerings
                .iter()
                .any(|p| p.vnet == hub && p.remote != *vm_vnet)
        })
        .expect("a hub with another spoke");
    let t = g.topology.as_ref().unwrap();
    let mut q = g.questions[0].clone();
    assert_eq!(extras_on_the_goal(&q, t, &hub_of(&q, t)), Ok(()));
    let vm_vnet = t.vm(&q.goals[0].flow.from).unwrap().vnet.clone();
    let hub = hub_of(&q, t);
    let other = t
        .peerings
        .iter()
        .find(|p| p.vnet == hub && p.remote != vm_vnet)
        .unwrap();
    q.choices.push(format!(
        "On the peering {}, allow the gateway in {hub} to forward traffic to {}.",
        other.name, other.remote
    ));
    q.rationales
        .push("Not in the list: another spoke.".to_string());
    assert!(extras_on_the_goal(&q, t, &hub).is_err());
}

fn one_item() -> (Item, Question) {
    let g = items(3..=3, 1).remove(0);
    let q = g.questions[0].clone();
    let item = Item {
        topology: g.topology.clone(),
        question: q.clone(),
        template: Some(Template::Sequence),
    };
    (item, q)
}

/// Graded by the key: the three in order are right; another order, the three with an extra,
/// or every action offered are wrong.
#[test]
fn the_three_in_order_are_right_and_an_extra_is_wrong() {
    let (it, q) = one_item();
    let t = it.topology.as_ref();
    let order = |s: &[usize]| Answer::Order {
        sequence: s.to_vec(),
    };
    assert!(grade(&q, t, &order(&q.answer)).correct);
    let extra = (0..q.choices.len())
        .find(|i| !q.answer.contains(i))
        .unwrap();
    for at in 0..=3 {
        let mut l = q.answer.clone();
        l.insert(at, extra);
        assert!(!grade(&q, t, &order(&l)).correct, "{l:?}");
    }
    let mut swapped = q.answer.clone();
    swapped.swap(1, 2);
    assert!(!grade(&q, t, &order(&swapped)).correct);
    let all: Vec<usize> = (0..q.choices.len()).collect();
    assert!(!grade(&q, t, &order(&all)).correct);
    assert!(!grade(&q, t, &order(&q.answer[..2])).correct);
}

/// In the trainer the list starts empty; Space moves an action in, J/K order it. A learner
/// who moves the three in, in order, is right; one who also moves an extra in is wrong.
#[cfg(feature = "tui")]
#[test]
fn a_learner_builds_the_list_in_the_trainer() {
    let (it, q) = one_item();
    let build = |with_extra: bool| {
        let b = peerlab::bank::builtin().unwrap();
        let mut app = App::new(b, Start::Menu, 1, secs(0));
        app.begin(Mode::Practice, vec![it.clone()], None, secs(0));
        assert!(app.draft.order.is_empty(), "the list starts empty");
        assert_eq!(app.draft.spare.len(), q.choices.len());
        let screen = render(&app, 100, 60);
        assert!(screen.contains("Your list: (empty)"), "{screen}");
        // Enter on an empty list asks for actions and records nothing.
        app.update(Msg::Enter, secs(1));
        assert!(app.feedback.is_none());
        let mut want = q.answer.clone();
        if with_extra {
            want.push(
                (0..q.choices.len())
                    .find(|i| !q.answer.contains(i))
                    .unwrap(),
            );
        }
        // Each wanted action in turn: the cursor to its row among those left out, Space.
        for &c in &want {
            let row = app.draft.order.len() + app.draft.spare.iter().position(|&x| x == c).unwrap();
            common::tui::cursor_to(&mut app, row);
            app.update(Msg::Toggle, secs(1));
        }
        assert_eq!(app.draft.order, want);
        // J/K do not move an action left out; Space takes one out of the list again.
        let listed = app.draft.order.len();
        common::tui::cursor_to(&mut app, listed);
        let before = app.draft.clone();
        app.update(Msg::MoveUp, secs(1));
        assert_eq!(
            (app.draft.order.clone(), app.draft.spare.clone()),
            (before.order, before.spare)
        );
        let screen = render(&app, 100, 60);
        assert!(
            screen.contains("Your list:") && screen.contains("Not in your list:"),
            "{screen}"
        );
        app.update(Msg::Enter, secs(2));
        app.feedback.clone().expect("answered").correct
    };
    assert!(build(false), "the three in order are right");
    // The shared helper answers a build-list the same way.
    let b = peerlab::bank::builtin().unwrap();
    let mut app = App::new(b, Start::Menu, 1, secs(0));
    app.begin(Mode::Practice, vec![it.clone()], None, secs(0));
    common::tui::answer_right(&mut app);
    assert!(app.feedback.expect("answered").correct);
    assert!(!build(true), "an extra in the list is wrong");
}

/// Order items whose every choice is used (the bank's, path-order) still start with all
/// items in the list, and J/K arrange them.
#[cfg(feature = "tui")]
#[test]
fn an_order_item_that_uses_every_choice_starts_full() {
    let b = peerlab::bank::builtin().unwrap();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Order && q.answer.len() == q.choices.len())
        .expect("a bank order item")
        .clone();
    let mut app = common::tui::alone(b, &q);
    assert_eq!(app.draft.order.len(), q.choices.len());
    assert!(app.draft.spare.is_empty());
    common::tui::answer_right(&mut app);
    assert!(app.feedback.expect("answered").correct);
}
