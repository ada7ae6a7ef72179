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
//! A second chain puts the peering itself first: a new spoke is to share the hub's gateway the
//! other spokes already use. Peer the VNets (the portal creates both sides, RULES.md §15, MP25),
//! then gateway transit on the hub's side, then use remote gateways on the spoke's. A setting
//! of a peering that does not exist yet cannot be changed, and the spoke's setting is refused
//! while the hub's side does not allow transit (§1, §3), so the order is fixed here too.
//!
//! As on the exam's build-list, the learner also sees two or three actions that are not in
//! the list, and picks the three and their order: the reversed pair (use remote gateways on
//! the hub's side, refused since the spoke has no gateway and the hub has its own, §1;
//! gateway transit on the spoke's side, which the portal does not offer), or a gateway of the
//! spoke's own (a VNet with a gateway cannot use a remote one, §1). Each is about the two
//! VNets of the goal: a setting on another spoke's peering was ruled out by the VNet's name
//! alone (the second reader, gen-4242-0010 F). Each is proven to fail as its rationale says,
//! wherever it is put in the key, and no list of three but the key meets the goal.
//!
//! No step hangs on a point of RULES.md §8: both sides of the peering exist throughout, and
//! a side sets both gateway flags only where its VNet holds a gateway, so the local-gateway
//! refusal of §1 decides it.

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
    /// Peer two VNets through the portal: both sides, access on (RULES.md §3; §15: the portal
    /// creates both sides in one step), and forwarded traffic on the remote's (the hub's) side,
    /// so that whether the gateway's packets are checked against it (RULES.md §8, the reading
    /// `gateway_forwarded_on_gateway_vnet`) cannot decide the item; the other options off.
    Peer { vnet: String, remote: String },
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
        Action::Peer { vnet, remote } => {
            if t.peerings.iter().any(|p| {
                (p.vnet == *vnet && p.remote == *remote) || (p.vnet == *remote && p.remote == *vnet)
            }) {
                return Err(format!("{vnet} and {remote} are already peered"));
            }
            t.peerings.push(Peering::new(vnet, remote));
            let mut back = Peering::new(remote, vnet);
            back.allow_forwarded_traffic = true;
            t.peerings.push(back);
            match create_peerings(t)
                .iter()
                .find(|v| matches!(v, PeeringVerdict::Rejected { .. }))
            {
                Some(PeeringVerdict::Rejected { code, .. }) => Err(code.cited()),
                _ => Ok(()),
            }
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

/// Every ordered choice of `k` distinct indexes of `0..n`: the lists a learner can build.
pub fn arrangements(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for head in arrangements(n, k - 1) {
        for i in (0..n).filter(|i| !head.contains(i)) {
            let mut l = head.clone();
            l.push(i);
            out.push(l);
        }
    }
    out
}

/// An action offered beside the three the goal needs: what an administrator might add.
struct Extra {
    action: Action,
    text: String,
    why: String,
}

/// The extra actions this network can offer, each with the reason it is not in the list.
/// All come from RULES.md §1 and §3 and concern the two VNets of the goal: the reversed pair
/// (use remote gateways on the hub's side, gateway transit on the spoke's) and a gateway of
/// the spoke's own.
fn extras(before: &Topology, p: &Parts, kind: &str) -> Vec<Extra> {
    let Parts {
        hub,
        spoke,
        hub_side,
        spoke_side,
        gateway,
    } = p;
    let no_subnet = before
        .vnet(spoke)
        .is_some_and(|v| v.subnet(GATEWAY_SUBNET).is_none());
    vec![
        Extra {
            action: Action::SetFlags {
                peering: hub_side.clone(),
                flags: PeeringFlags {
                    use_remote_gateways: Some(true),
                    ..Default::default()
                },
            },
            text: format!(
                "On the peering {hub_side}, enable {hub} to use the remote gateway of {spoke}."
            ),
            why: format!(
                "Not in the list: this reverses the pair. {spoke} has no gateway for {hub} to use, so Azure refuses the setting (RemoteVnetHasNoGateways), and a VNet with a gateway of its own, as {hub} has in the finished design, cannot use a remote one."
            ),
        },
        Extra {
            action: Action::SetFlags {
                peering: spoke_side.clone(),
                flags: PeeringFlags {
                    allow_gateway_transit: Some(true),
                    ..Default::default()
                },
            },
            text: format!(
                "On the peering {spoke_side}, allow the gateway in {spoke} to forward traffic to {hub}."
            ),
            why: format!(
                "Not in the list: gateway transit is allowed on the side of the VNet that holds the gateway, {hub}. {spoke} has no gateway, so the portal does not offer the setting on its side."
            ),
        },
        Extra {
            action: Action::CreateGateway {
                vnet: spoke.clone(),
                gateway: Gateway {
                    kind: gateway.kind,
                    sku: gateway.sku.clone(),
                    ..Default::default()
                },
            },
            text: format!("Create {} {kind} in {spoke}.", stem::article(kind)),
            why: format!(
                "Not in the list: {spoke} shares {hub}'s gateway through the peering and needs none of its own{}. A VNet with its own gateway cannot use a remote gateway, so {spoke_side} could no longer use {hub}'s.",
                if no_subnet {
                    " (nor has it a GatewaySubnet to hold one)"
                } else {
                    ""
                }
            ),
        },
    ]
}

/// The names an item is built from.
struct Parts {
    hub: String,
    spoke: String,
    hub_side: String,
    spoke_side: String,
    gateway: Gateway,
}

/// Whether `extra` (index `e` of `actions`, after the key's three) fails as its rationale
/// says: put anywhere in the key, it is refused or the goal is no longer met.
fn proven(before: &Topology, actions: &[Action], goals: &[Goal], e: usize) -> bool {
    (0..=3).all(|at| {
        let mut order = vec![0usize, 1, 2];
        order.insert(at, e);
        matches!(
            run(before, actions, &order, goals),
            Outcome::Refused { .. } | Outcome::Done { goal_met: false }
        )
    })
}

/// Which chain an item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    /// The hub's gateway first: nothing of the hub uses or offers one yet.
    GatewayFirst,
    /// The peering first: a new spoke joins the hub whose gateway the other spokes use.
    PeerFirst,
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
        .clone();
    let k = dice.below(d.sc.spokes.len());
    let (spoke, vm) = (d.sc.spokes[k].clone(), d.sc.vms[k].clone());
    let chain = if dice.chance(50) {
        Chain::PeerFirst
    } else {
        Chain::GatewayFirst
    };
    let side = |from: &str, to: &str| {
        t.peerings
            .iter()
            .find(|p| p.vnet == from && p.remote == to)
            .map(|p| p.name.clone())
    };
    side(&hub, &spoke)?;
    side(&spoke, &hub)?;
    let mut before = t.clone();
    let (hub_side, spoke_side) = match chain {
        // The network before the work: the hub's GatewaySubnet is ready, but no gateway, and
        // no peering of the hub uses or offers one yet.
        Chain::GatewayFirst => {
            before.vnets.iter_mut().find(|v| v.name == hub)?.gateway = None;
            for p in &mut before.peerings {
                if p.vnet == hub {
                    p.allow_gateway_transit = false;
                }
                if p.remote == hub {
                    p.use_remote_gateways = false;
                }
            }
            (side(&hub, &spoke)?, side(&spoke, &hub)?)
        }
        // The spoke is not peered yet; the portal will name its sides as it names every side
        // (`Peering::new`). The other spokes keep their transit pairs.
        Chain::PeerFirst => {
            before.peerings.retain(|p| {
                !((p.vnet == hub && p.remote == spoke) || (p.vnet == spoke && p.remote == hub))
            });
            (
                Peering::new(&hub, &spoke).name,
                Peering::new(&spoke, &hub).name,
            )
        }
    };
    let goals = vec![Goal {
        flow: Flow {
            from: vm.clone(),
            to: host.name.clone(),
            port: 443,
            protocol: Protocol::Tcp,
        },
        expect: Verdict::Reachable,
    }];
    if stable_goals(&before, &goals)? {
        return None;
    }
    let kind = gateway.kind.label();
    let parts = Parts {
        hub: hub.clone(),
        spoke: spoke.clone(),
        hub_side: hub_side.clone(),
        spoke_side: spoke_side.clone(),
        gateway: gateway.clone(),
    };
    let first = match chain {
        Chain::GatewayFirst => Action::CreateGateway {
            vnet: hub.clone(),
            gateway: gateway.clone(),
        },
        Chain::PeerFirst => Action::Peer {
            vnet: spoke.clone(),
            remote: hub.clone(),
        },
    };
    let mut actions = vec![
        first,
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
    // Two or three extras, each proven to fail as its rationale says.
    let mut pool = extras(&before, &parts, kind);
    dice.shuffle(&mut pool);
    let want = 2 + usize::from(dice.chance(50));
    let mut offered = Vec::new();
    for x in pool {
        if offered.len() == want {
            break;
        }
        actions.push(x.action.clone());
        if proven(&before, &actions, &goals, actions.len() - 1) {
            offered.push(x);
        } else {
            actions.pop();
        }
    }
    if offered.len() < 2 {
        return None;
    }
    // No list of three but the key works: not another order of its steps, and no extra in
    // place of one of them.
    for list in arrangements(actions.len(), 3) {
        if list != key
            && !matches!(
                run(&before, &actions, &list, &goals),
                Outcome::Refused { .. } | Outcome::Done { goal_met: false }
            )
        {
            return None;
        }
    }
    // The portal's labels for the two settings (RULES.md §3 and §16).
    let step_one = match chain {
        Chain::GatewayFirst => (
            // A VPN gateway connects to the site's VPN device; an ExpressRoute gateway is
            // linked to the ExpressRoute circuit that reaches the site, not to the site itself
            // (Learn "About ExpressRoute virtual network gateways" and "Connect a virtual
            // network to an ExpressRoute circuit"; the second reader found "connect it to the
            // datacenter site" for both).
            if gateway.kind == GatewayKind::ExpressRoute {
                format!(
                    "Create {} {kind} in {hub} and connect it to the ExpressRoute circuit of the {site} site.",
                    stem::article(kind)
                )
            } else {
                format!(
                    "Create {} {kind} in {hub} and connect it to the {site} site.",
                    stem::article(kind)
                )
            },
            format!(
                "Step 1 of 3: {hub} has a GatewaySubnet but no gateway yet. The portal offers gateway transit only on a VNet that holds a gateway, and Azure refuses use remote gateways toward a VNet without one (RemoteVnetHasNoGateways)."
            ),
        ),
        Chain::PeerFirst => (
            format!(
                "Peer {spoke} with {hub}, allowing access both ways and {hub} to receive forwarded traffic from {spoke}."
            ),
            format!(
                "Step 1 of 3: {spoke} is not peered with {hub} yet, and a peering's options can be changed only once it exists. The portal creates both sides, {spoke_side} and {hub_side}."
            ),
        ),
    };
    let step_two_why = match chain {
        Chain::GatewayFirst => format!(
            "Step 2 of 3: once {hub} has its gateway, its side of the peering can offer it to {spoke}. The spoke's side cannot come first, since Azure refuses it while the hub's side does not allow gateway transit."
        ),
        Chain::PeerFirst => format!(
            "Step 2 of 3: once the peering exists, {hub}'s side offers its gateway to {spoke}. The spoke's side cannot come first, since Azure refuses it while the hub's side does not allow gateway transit."
        ),
    };
    let mut items: Vec<(String, String)> = vec![
        step_one,
        (
            format!(
                "On the peering {hub_side}, allow the gateway in {hub} to forward traffic to {spoke}."
            ),
            step_two_why,
        ),
        (
            format!(
                "On the peering {spoke_side}, enable {spoke} to use the remote gateway of {hub}."
            ),
            format!(
                "Step 3 of 3: with the gateway in place and transit allowed on {hub_side}, {spoke} uses the remote gateway, and the routes to the {site} site reach its subnets."
            ),
        ),
    ];
    items.extend(offered.into_iter().map(|x| (x.text, x.why)));
    let (shuffled, _) = shuffle_choices(dice, items.clone(), &[]);
    let answer: Vec<usize> = items[..3]
        .iter()
        .map(|(text, _)| {
            shuffled
                .iter()
                .position(|c| c.0 == *text)
                .expect("same items")
        })
        .collect();
    let co = d.company;
    let ip = host.ip;
    let name = &host.name;
    // The host by its address: Azure-provided DNS does not resolve on-premises names
    // (RULES.md §6), so a stem that named it only would make the lookup part of the question.
    let prompt = match chain {
        Chain::GatewayFirst => format!(
            "{co} is connecting its Azure network to the {site} site through {hub}. {vm} in {spoke} must connect to {name} at its address, {ip}, on TCP 443. You use the Azure portal. Which three actions should you perform in sequence?"
        ),
        Chain::PeerFirst => format!(
            "{co}'s spokes reach the {site} site through the {kind} in {hub}. {spoke} is a new VNet, not peered with {hub} yet. {vm} in {spoke} must connect to {name} at its address, {ip}, on TCP 443. You use the Azure portal. Which three actions should you perform in sequence?"
        ),
    };
    let explanation = match chain {
        Chain::GatewayFirst => format!(
            "Create the gateway first, then allow gateway transit on {hub_side}, then use the remote gateway on {spoke_side}. Gateway transit works only as a pair: the hub's side offers its gateway and the spoke's side uses it, so {spoke} needs no gateway or transit setting of its own. The portal offers the hub's setting only once {hub} has a gateway, and Azure refuses the spoke's setting while the hub has no gateway or its side does not allow transit. Then the routes to the {site} site are programmed into {spoke}'s subnets, and {vm} reaches {ip}."
        ),
        Chain::PeerFirst => format!(
            "Peer the VNets first, then allow gateway transit on {hub_side}, then use the remote gateway on {spoke_side}. A peering's options are set on a side that exists, and the portal creates both sides. Gateway transit works only as a pair: the hub's side offers its gateway and the spoke's side uses it, so {spoke} needs no gateway or transit setting of its own, and Azure refuses the spoke's setting while the hub's side does not allow transit. Then the routes to the {site} site are programmed into {spoke}'s subnets, and {vm} reaches {ip}."
        ),
    };
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
