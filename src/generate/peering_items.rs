//! Peering items without a trace: what status a peering shows after a story (RULES.md §2), and
//! whether Azure accepts a peering request (RULES.md §1).

use super::dice::Dice;
use super::questions::*;
use super::rationale;
use super::stem;
use crate::bank::{Kind, Question, Topic};
use crate::model::*;

/// The status a peering has when neither side is left.
const GONE: &str = "It no longer exists";
/// A sync status (RULES.md §14) offered where nothing was deleted.
const NOT_IN_SYNC: &str = "Connected, with sync status LocalNotInSync";

pub fn peering_state(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    // A rejected request is a creation question, not a state question.
    if first_rejection(t).is_some() {
        return creation(dice, d);
    }
    let p = t.peerings.get(dice.below(t.peerings.len().max(1)))?.clone();
    let space = |v: &str| {
        t.vnet(v)
            .map(|x| x.address_space[0].to_string())
            .unwrap_or_default()
    };
    let (a, b) = (
        format!("{} ({})", p.vnet, space(&p.vnet)),
        format!("{} ({})", p.remote, space(&p.remote)),
    );
    let tool = *dice.pick(&["the Azure CLI", "Azure PowerShell", "an ARM template"]);
    let back = format!("{}-to-{}", p.remote, p.vnet);
    // What happened, and the status that results (RULES.md §2).
    let (story, status, why) = match dice.below(5) {
        0 => (
            format!("Using {tool}, an administrator creates peering {} on {a} and peering {back} on {b}.", p.name),
            "Connected",
            "Both sides exist, so each shows Connected; traffic can flow, subject to the options, routes and NSGs.".to_string(),
        ),
        1 => (
            format!("Using {tool}, an administrator creates peering {} on {a}. Nobody creates anything on {b}.", p.name),
            "Initiated",
            format!("A peering made with {tool} creates one side only. Until {} has a peering back, {} shows Initiated and no traffic flows in either direction.", p.remote, p.name),
        ),
        2 => (
            format!("Peerings {} on {a} and {back} on {b} were Connected. Then an administrator deletes {back} with {tool}.", p.name),
            "Disconnected",
            // Only what RULES.md §2's table says; how to recover is a §8 point (ARM's message
            // and the troubleshooting page differ), so the item does not say.
            format!("Deleting with {tool} removes one side only; the side left behind, {}, shows Disconnected. Creating {back} again is refused until {} is deleted and created again.", p.name, p.name),
        ),
        3 => (
            format!("Peerings {} on {a} and {back} on {b} were Connected. Then an administrator deletes the peering from {}'s Peerings page in the Azure portal.", p.name, p.remote),
            "It no longer exists",
            "Deleting a peering in the portal removes both sides, so nothing is left to show a status; with the CLI or PowerShell only one side would go.".to_string(),
        ),
        _ => (
            format!("Using {tool}, an administrator creates peering {} on {a}. A day later a colleague creates peering {back} on {b}.", p.name),
            "Connected",
            format!("{} showed Initiated until the other side existed; once {back} was created, both sides show Connected.", p.name),
        ),
    };
    // "It no longer exists" is weighed only where the story deletes something; elsewhere the
    // fourth choice is a sync status a learner may expect of a new peering (RULES.md §14:
    // LocalNotInSync follows a change to a peered VNet's address space, and none changed).
    let deleted = story.contains("deletes");
    let fourth = if deleted { GONE } else { NOT_IN_SYNC };
    let texts = ["Connected", "Initiated", "Disconnected", fourth];
    let correct = texts.iter().position(|x| *x == status)?;
    // Each status's line, told against the story: what would have to be true for it.
    let lines: Vec<String> = texts
        .iter()
        .map(|x| {
            if *x == status {
                return format!("Correct. {why}");
            }
            let what = match *x {
                "Connected" => "Connected needs both sides to exist and neither to have been deleted since",
                "Initiated" => "Initiated means one side exists and the other has never been created",
                "Disconnected" => "Disconnected means both sides existed and then one of them was deleted with the CLI, PowerShell or an API call",
                NOT_IN_SYNC => "a peering shows LocalNotInSync only after a peered VNet's address space changes, and neither address space changed",
                _ => "only deleting the peering removes it, and the portal deletes both sides at once, which did not happen",
            };
            if *x == GONE || *x == NOT_IN_SYNC {
                return format!("Incorrect. {}.", rationale::capital(what));
            }
            format!("Incorrect. {}, which is not what happened here.", rationale::capital(what))
        })
        .collect();
    let items: Vec<(String, String)> = texts.iter().map(|x| x.to_string()).zip(lines).collect();
    let (items, answer) = shuffle_choices(dice, items, &[correct]);
    let co = d.company;
    let prompt = format!(
        "{co} connects two VNets. {story} What peering status does {} on {} show now?",
        p.name, p.vnet
    );
    let others = "Initiated means one side exists; Connected means both do; Disconnected means the other side was deleted.";
    let mut q = question(
        d,
        Topic::PeeringState,
        Kind::Single,
        if status == "Connected" || status == "Initiated" {
            1
        } else {
            2
        },
        prompt,
        format!("{why} {others}"),
    );
    (q.choices, q.rationales) = items.into_iter().unzip();
    q.answer = answer;
    // The exhibit shows the two VNets only: a peerings table would give the status away.
    let mut shown = Topology::default();
    for v in [&p.vnet, &p.remote] {
        let mut x = t.vnet(v)?.clone();
        x.gateway = None;
        for s in &mut x.subnets {
            s.route_table = None;
            s.nsg = None;
        }
        shown.vnets.push(x);
    }
    d.shown.replace(Some(shown));
    q.exhibit = Some(vec!["vnets".to_string()]);
    Some(vec![q])
}

/// Whether each refusal a learner might expect holds for request `p` on `base`, and if not,
/// the fact that rules it out (the refusals Azure names with a code, and the local-gateway one).
fn refusals(base: &Topology, p: &Peering) -> Vec<(Rejection, bool, String)> {
    let (a, b) = (&p.vnet, &p.remote);
    let space = |v: &str| {
        base.vnet(v)
            .map(|x| x.address_space.clone())
            .unwrap_or_default()
    };
    let overlap = |x: &str, y: &str| {
        space(x).iter().any(|n| {
            space(y)
                .iter()
                .any(|m| n.contains(&m.network()) || m.contains(&n.network()))
        })
    };
    let show = |v: &str| {
        space(v)
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let peers = |v: &str| -> Vec<String> {
        base.peerings
            .iter()
            .filter(|q| q.vnet == v)
            .map(|q| q.remote.clone())
            .collect()
    };
    let gw = |v: &str| {
        base.vnet(v)
            .and_then(|x| x.gateway.as_ref())
            .map(|g| g.kind.label())
    };
    let already = peers(a).iter().any(|r| overlap(r, b)) || peers(b).iter().any(|r| overlap(r, a));
    let dup = base.peerings.iter().any(|q| q.vnet == *a && q.remote == *b);
    let disconnected = base
        .peerings
        .iter()
        .any(|q| q.vnet == *b && q.remote == *a && q.remote_deleted);
    vec![
        (
            Rejection::VnetAddressSpacesOverlap,
            overlap(a, b),
            format!("{a} ({}) and {b} ({}) do not overlap.", show(a), show(b)),
        ),
        (
            Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
            already,
            "Neither VNet overlaps a VNet the other is already peered with.".to_string(),
        ),
        (
            Rejection::AnotherPeeringAlreadyReferencesRemoteVnet,
            dup,
            format!("{a} has no other peering whose remote VNet is {b}."),
        ),
        (
            Rejection::RemoteVnetHasNoGateways,
            p.use_remote_gateways && gw(b).is_none(),
            if p.use_remote_gateways {
                format!(
                    "{b} has {} {}.",
                    gw(b).map_or("a", stem::article),
                    gw(b).unwrap_or("gateway")
                )
            } else {
                format!(
                    "The request does not ask to use {} gateway.",
                    stem::possessive(b)
                )
            },
        ),
        (
            Rejection::UseRemoteGatewaysWithLocalGateway,
            p.use_remote_gateways && gw(a).is_some(),
            if p.use_remote_gateways {
                format!("{a} has no gateway of its own.")
            } else {
                "The request does not ask to use a remote gateway.".to_string()
            },
        ),
        (
            Rejection::RemotePeeringIsDisconnected,
            disconnected,
            format!("{b} has no peering to {a} left Disconnected."),
        ),
    ]
}

/// An item on request `p`, asked on `base` (the network before the request).
fn creation_of(dice: &mut Dice, d: &Draft, base: Topology, p: Peering) -> Option<Question> {
    let mut with = base.clone();
    with.peerings.push(p.clone());
    let verdict = create_peerings(&with).pop()?;
    // Every peering the learner sees exists: only the request may be refused.
    if create_peerings(&base)
        .iter()
        .any(|v| matches!(v, PeeringVerdict::Rejected { .. }))
    {
        return None;
    }
    let back = base
        .peerings
        .iter()
        .any(|q| q.vnet == p.remote && q.remote == p.vnet && !q.remote_deleted);
    let would_show = if back { "Connected" } else { "Initiated" };
    let created = format!("It is created and shows {would_show}");
    let checks = refusals(&base, &p);
    // Azure's reason without the advice that follows it ("; delete it before adding
    // another"): the item asks what happens, and the advice read mid-sentence as garble.
    let verdict = match verdict {
        PeeringVerdict::Rejected { code, detail } => PeeringVerdict::Rejected {
            code,
            detail: detail
                .split("; delete it")
                .next()
                .unwrap_or(&detail)
                .to_string(),
        },
        v => v,
    };
    let (key, key_line, code) = match &verdict {
        PeeringVerdict::Rejected { code, detail } => (
            code.choice_text(),
            format!("Correct. Azure checks the request before creating it: {detail}."),
            Some(*code),
        ),
        PeeringVerdict::Exists(state) => (
            format!("It is created and shows {}", state.as_str()),
            format!(
                "Correct. None of Azure's checks refuses the request, and {} {} peering back to {}, so the new side shows {}.",
                p.remote,
                if back { "already has a" } else { "has no" },
                p.vnet,
                state.as_str()
            ),
            None,
        ),
    };
    let mut items: Vec<(String, String)> = vec![(key, key_line)];
    if code.is_some() {
        let detail = match &verdict {
            PeeringVerdict::Rejected { detail, .. } => detail.clone(),
            _ => String::new(),
        };
        items.push((
            created,
            format!("Incorrect. Azure refuses the request before anything is created: {detail}."),
        ));
    }
    // A gateway refusal is offered only where a gateway comes into it: the request asks to use
    // the remote one, or the VNet it names has one. "The VNet has its own gateway" for a spoke
    // with none, on a request without --use-remote-gateways, named what the network lacks
    // (gen-5353-0007, gen-6464-0007).
    let has_gw = |v: &str| base.vnet(v).is_some_and(|x| x.gateway.is_some());
    let fits = |c: Rejection| match c {
        Rejection::UseRemoteGatewaysWithLocalGateway => p.use_remote_gateways || has_gw(&p.vnet),
        Rejection::RemoteVnetHasNoGateways => p.use_remote_gateways || has_gw(&p.remote),
        _ => true,
    };
    let mut wrong: Vec<(String, String)> = checks
        .into_iter()
        .filter(|(c, holds, _)| Some(*c) != code && !holds && fits(*c))
        .map(|(c, _, fact)| (c.choice_text(), format!("Incorrect. {fact}")))
        .collect();
    dice.shuffle(&mut wrong);
    for w in wrong {
        if items.len() == 4 {
            break;
        }
        if !items.iter().any(|(t, _)| *t == w.0) {
            items.push(w);
        }
    }
    if items.len() < 4 {
        return None;
    }
    let (items, answer) = shuffle_choices(dice, items, &[0]);
    let mut flags = Vec::new();
    if p.allow_gateway_transit {
        flags.push(" --allow-gateway-transit");
    }
    if p.use_remote_gateways {
        flags.push(" --use-remote-gateways");
    }
    let co = stem::possessive(d.company);
    // RULES.md §15: a request made by a named user is checked against that user's roles, which
    // the exhibit's role assignments show.
    let who = match &p.created_by {
        Some(u) => format!("{u}, signed in to the Azure CLI,"),
        None => "An administrator".to_string(),
    };
    let prompt = format!(
        "{co} network team extends its Azure network. {who} runs az network vnet peering create --name {} --vnet-name {} --remote-vnet {}{}. What happens?",
        p.name,
        p.vnet,
        p.remote,
        flags.concat(),
    );
    let explanation = match (&verdict, code) {
        (PeeringVerdict::Rejected { detail, .. }, Some(c)) => format!(
            "Azure checks a peering request before it creates anything, and it refuses this one because {detail}. No peering is created ({}).",
            c.cited()
        ),
        _ => "Azure validates a peering request before creating it: address spaces must not overlap each other or the VNets already peered, a VNet has one peering per remote VNet, and using a remote gateway needs one on the other side and none of its own. A new side shows Initiated until the other side exists.".to_string(),
    };
    let topic = match code {
        Some(
            Rejection::VnetAddressSpacesOverlap
            | Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
        ) => Topic::AddressSpace,
        Some(
            Rejection::AnotherPeeringAlreadyReferencesRemoteVnet
            | Rejection::AuthorizationFailed
            | Rejection::LinkedAuthorizationFailed,
        )
        | None => Topic::PeeringBasics,
        _ => Topic::GatewayTransit,
    };
    let mut q = question(d, topic, Kind::Single, 2, prompt, explanation);
    (q.choices, q.rationales) = items.into_iter().unzip();
    q.answer = answer;
    let mut names = vec![p.vnet.clone(), p.remote.clone()];
    names.extend(p.created_by.clone());
    names.extend(
        base.peerings
            .iter()
            .filter(|x| x.vnet == p.vnet || x.vnet == p.remote)
            .map(|x| x.name.clone()),
    );
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut tables = crate::exhibit::touching(&base, &refs);
    if !tables.contains(&"peerings".to_string()) && !base.peerings.is_empty() {
        tables.insert(1.min(tables.len()), "peerings".to_string());
    }
    q.exhibit = Some(tables);
    d.shown.replace(Some(base));
    Some(q)
}

/// The first peering of `t` that Azure refuses.
fn first_rejection(t: &Topology) -> Option<usize> {
    create_peerings(t)
        .iter()
        .position(|v| matches!(v, PeeringVerdict::Rejected { .. }))
}

fn without(t: &Topology, i: usize) -> Topology {
    let mut t = t.clone();
    t.peerings.remove(i);
    t
}

/// "Will this peering be created?": the request a fault set up (one Azure refuses), or a fresh
/// one: a second peering to a VNet already peered, a spoke-to-spoke peering with or without
/// the remote gateway. Names never tell which: every request has the usual `a-to-b` name.
pub fn creation(dice: &mut Dice, d: &Draft) -> Option<Vec<Question>> {
    let t = &d.sc.topology;
    if let Some(i) = first_rejection(t) {
        return creation_of(dice, d, without(t, i), t.peerings[i].clone()).map(|q| vec![q]);
    }
    if let Some(p) = d.faults.iter().find_map(|f| f.refused.clone()) {
        return creation_of(dice, d, t.clone(), p).map(|q| vec![q]);
    }
    let hub = d.sc.hub()?.to_string();
    let spoke = d.sc.spokes.first()?.clone();
    let mut base = t.clone();
    let p = match dice.below(3) {
        0 => {
            // A colleague's peering to the hub already exists under another name.
            let i = base
                .peerings
                .iter()
                .position(|x| x.vnet == spoke && x.remote == hub)?;
            base.peerings[i].name = format!("peer-{spoke}-{hub}");
            let mut p = Peering::new(&spoke, &hub);
            p.use_remote_gateways = d.sc.has_gateway() && dice.chance(50);
            p
        }
        k => {
            let other = d.sc.spokes.get(1)?.clone();
            let mut p = Peering::new(&spoke, &other);
            p.use_remote_gateways = k == 2;
            p
        }
    };
    creation_of(dice, d, base, p).map(|q| vec![q])
}
