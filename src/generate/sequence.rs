//! "Which three actions should you perform in sequence?" (AZ-104's ordered-actions item, a
//! build-list in ITEMS.md). The third reading found every path-order item trivial: its stem
//! named both ends, so the first and last places were given and the middle followed. Here the
//! order is proven by the model: each action is applied to the network in turn, and every
//! order but the key is refused on the way or ends with the goal unmet.
//!
//! The only chain of the peering chapter whose order RULES.md fixes completely: a hub
//! gateway, then gateway transit on the hub's side, then use remote gateways on the spoke's.
//! - Use remote gateways before the hub has a gateway: refused, `RemoteVnetHasNoGateways`
//!   (RULES.md §1, one of Azure's five codes).
//! - Use remote gateways while the hub's side (which exists) does not allow transit: refused
//!   (§1 and §3, `use-remote-gateways-without-transit`, Azure's message quoted there).
//! - Gateway transit before the gateway: the portal offers the setting only on a VNet that
//!   holds a gateway (§1 "the portal greys it out"; §16 quotes the portal page, MP25: "In
//!   order for this option to be enabled, 'vnet-1' must contain a gateway or route server").
//!   The API accepts it with no effect (§1), so the stem says the portal is used.
//!
//! No step hangs on a point of RULES.md §8: both sides of the peering exist throughout, and
//! neither side sets both gateway flags.

use super::dice::Dice;
use super::questions::*;
use super::stem;
use crate::bank::{Flow, Goal, Kind, Question, Topic};
use crate::eval::Verdict;
use crate::model::*;

/// One action of the sequence.
#[derive(Debug, Clone)]
pub enum Action {
    /// Create the hub's gateway (it was removed from the shown network).
    CreateGateway { vnet: String, gateway: Gateway },
    /// Set one peering flag on an existing side, through the portal.
    SetFlags {
        peering: String,
        flags: PeeringFlags,
    },
}

/// How an order of actions ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Action `step` (0-based, in the order tried) was refused; why, in the learner's terms.
    Refused { step: usize, why: String },
    /// Every action applied, and the goal holds (or not).
    Done { goal_met: bool },
    /// A disputed reading of RULES.md §8 would change the goal: never asked.
    Disputed,
}

/// Applies one action to `t`, or says why it is refused (the portal's rule for gateway
/// transit, then Azure's verdict on the changed peering, RULES.md §1).
pub fn apply(t: &mut Topology, a: &Action) -> Result<(), String> {
    match a {
        Action::CreateGateway { vnet, gateway } => {
            let v = t
                .vnets
                .iter_mut()
                .find(|v| v.name == *vnet)
                .ok_or_else(|| format!("no VNet {vnet}"))?;
            if v.subnet(GATEWAY_SUBNET).is_none() {
                return Err(format!("{vnet} has no GatewaySubnet"));
            }
            v.gateway = Some(gateway.clone());
            Ok(())
        }
        Action::SetFlags { peering, flags } => {
            let i = peering_index(t, peering)?;
            if flags.allow_gateway_transit == Some(true) {
                let owner = &t.peerings[i].vnet;
                if t.vnet(owner).is_some_and(|v| v.gateway.is_none()) {
                    return Err(format!(
                        "the portal offers gateway transit on {owner}'s side only once {owner} has a gateway"
                    ));
                }
            }
            flags.apply(&mut t.peerings[i]);
            match &create_peerings(t)[i] {
                PeeringVerdict::Rejected { code, .. } => Err(code.cited()),
                PeeringVerdict::Exists(_) => Ok(()),
            }
        }
    }
}

/// Runs `actions` in the order `order` on `start` and judges the end against `goals`.
pub fn run(start: &Topology, actions: &[Action], order: &[usize], goals: &[Goal]) -> Outcome {
    let mut t = start.clone();
    for (step, &i) in order.iter().enumerate() {
        if let Err(why) = apply(&mut t, &actions[i]) {
            return Outcome::Refused { step, why };
        }
    }
    match stable_goals(&t, goals) {
        Some(goal_met) => Outcome::Done { goal_met },
        None => Outcome::Disputed,
    }
}

/// Every order of `0..n`.
pub fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for k in 0..=p.len() {
            let mut q = p.clone();
            q.insert(k, n - 1);
            out.push(q);
        }
    }
    out
}

pub fn sequence(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    let hub = d.sc.hub()?.to_string();
    let gateway = t.vnet(&hub)?.gateway.clone()?;
    let site = gateway.sites.first()?.clone();
    let host = t
        .sites
        .iter()
        .find(|s| s.name == site)?
        .hosts
        .first()?
        .name
        .clone();
    let k = dice.below(d.sc.spokes.len());
    let (spoke, vm) = (d.sc.spokes[k].clone(), d.sc.vms[k].clone());
    let hub_side = t
        .peerings
        .iter()
        .find(|p| p.vnet == hub && p.remote == spoke)?
        .name
        .clone();
    let spoke_side = t
        .peerings
        .iter()
        .find(|p| p.vnet == spoke && p.remote == hub)?
        .name
        .clone();
    // The network before the work: the hub's GatewaySubnet is ready, but no gateway, and no
    // peering of the hub uses or offers one yet.
    let mut before = t.clone();
    before.vnets.iter_mut().find(|v| v.name == hub)?.gateway = None;
    for p in &mut before.peerings {
        if p.vnet == hub {
            p.allow_gateway_transit = false;
        }
        if p.remote == hub {
            p.use_remote_gateways = false;
        }
    }
    let goals = vec![Goal {
        flow: Flow {
            from: vm.clone(),
            to: host.clone(),
            port: 443,
            protocol: Protocol::Tcp,
        },
        expect: Verdict::Reachable,
    }];
    if stable_goals(&before, &goals)? {
        return None;
    }
    let kind = gateway.kind.label();
    let actions = vec![
        Action::CreateGateway {
            vnet: hub.clone(),
            gateway: gateway.clone(),
        },
        Action::SetFlags {
            peering: hub_side.clone(),
            flags: PeeringFlags {
                allow_gateway_transit: Some(true),
                ..Default::default()
            },
        },
        Action::SetFlags {
            peering: spoke_side.clone(),
            flags: PeeringFlags {
                use_remote_gateways: Some(true),
                ..Default::default()
            },
        },
    ];
    // The key works, and every other order is refused on the way or misses the goal.
    let key = [0usize, 1, 2];
    if run(&before, &actions, &key, &goals) != (Outcome::Done { goal_met: true }) {
        return None;
    }
    for order in permutations(actions.len()) {
        if order != key
            && !matches!(
                run(&before, &actions, &order, &goals),
                Outcome::Refused { .. } | Outcome::Done { goal_met: false }
            )
        {
            return None;
        }
    }
    // The portal's labels for the two settings (RULES.md §3 and §16).
    let texts = [
        format!(
            "Create {} {kind} in {hub} and connect it to the {site} site.",
            stem::article(kind)
        ),
        format!(
            "On the peering {hub_side}, allow the gateway in {hub} to forward traffic to {spoke}."
        ),
        format!("On the peering {spoke_side}, enable {spoke} to use the remote gateway of {hub}."),
    ];
    let lines = [
        format!(
            "Step 1 of 3: {hub} has a GatewaySubnet but no gateway yet. The portal offers gateway transit only on a VNet that holds a gateway, and Azure refuses use remote gateways toward a VNet without one (RemoteVnetHasNoGateways)."
        ),
        format!(
            "Step 2 of 3: once {hub} has its gateway, its side of the peering can offer it to {spoke}. The spoke's side cannot come first, since Azure refuses it while the hub's side does not allow gateway transit."
        ),
        format!(
            "Step 3 of 3: with the gateway in place and transit allowed on {hub_side}, {spoke} uses the remote gateway, and the routes to the {site} site reach its subnets."
        ),
    ];
    let items: Vec<(String, String)> = texts.into_iter().zip(lines).collect();
    let (shuffled, _) = shuffle_choices(dice, items.clone(), &[]);
    let answer: Vec<usize> = items
        .iter()
        .map(|(text, _)| {
            shuffled
                .iter()
                .position(|c| c.0 == *text)
                .expect("same items")
        })
        .collect();
    let co = d.company;
    let prompt = format!(
        "{co} is connecting its Azure network to the {site} site through {hub}. {vm} in {spoke} must reach {host} at the site on TCP 443. You use the Azure portal. Which three actions should you perform in sequence?"
    );
    let explanation = format!(
        "Create the gateway first, then allow gateway transit on {hub_side}, then use the remote gateway on {spoke_side}. Gateway transit works only as a pair: the hub's side offers its gateway and the spoke's side uses it. The portal offers the hub's setting only once {hub} has a gateway, and Azure refuses the spoke's setting while the hub has no gateway or its side does not allow transit. Then the routes to the {site} site are programmed into {spoke}'s subnets, and {vm} reaches {host}."
    );
    let mut q = question(
        d,
        Topic::GatewayTransit,
        Kind::Order,
        2,
        prompt,
        explanation,
    );
    (q.choices, q.rationales) = shuffled.into_iter().unzip();
    q.answer = answer;
    q.goals = goals;
    let mut shown = d.sc.clone();
    shown.topology = before.clone();
    let mut all: Vec<&str> = vec![&q.prompt, &q.explanation];
    all.extend(q.choices.iter().map(String::as_str));
    all.extend(q.rationales.iter().map(String::as_str));
    q.exhibit = Some(stem::exhibit_for(&shown, &all, &[]));
    d.shown.replace(Some(before));
    Some(vec![q])
}
