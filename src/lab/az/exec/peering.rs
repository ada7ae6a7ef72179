//! `az network vnet peering`: each command changes one side, as the CLI does (RULES.md §2), and
//! a request Azure would refuse (RULES.md §1) fails with Azure's code and message where
//! RULES.md says the code is Azure's, else with the documented message and no code.

use super::{Change, Ctx, Plan, Show, leaf, plan, same};
use crate::lab::az::json::{self, Scope};
use crate::lab::az::{Args, AzError};
use crate::model::{
    Edit, Peering, PeeringFlags, PeeringVerdict, Rejection, Topology, create_peerings,
};
use serde_json::Value;

fn arg<'a>(a: &'a Args, long: &str) -> &'a str {
    a.get(long).unwrap_or_default()
}

/// The side `name` owned by `vnet` (names are unique per VNet), by index.
fn find(t: &Topology, vnet: &str, name: &str) -> Option<usize> {
    t.peerings
        .iter()
        .position(|p| p.vnet == vnet && same(&p.name, name))
}

/// Whether the model's by-name edits can address this side.
fn unique(t: &Topology, i: usize) -> bool {
    t.peerings
        .iter()
        .filter(|p| p.name == t.peerings[i].name)
        .count()
        == 1
}

fn set_flags(t: &Topology, i: usize, flags: PeeringFlags) -> Change {
    if unique(t, i) {
        Change::Edit(Edit::SetPeering {
            peering: t.peerings[i].name.clone(),
            flags,
        })
    } else {
        Change::SetPeeringAt { index: i, flags }
    }
}

/// az's rendering of an ARM error with a code: `(Code) Message`, then the two labelled lines.
fn arm(code: &str, message: &str) -> AzError {
    AzError(format!(
        "({code}) {message}\nCode: {code}\nMessage: {message}"
    ))
}

/// Azure's answer to a request whose result the model rejects.
fn refusal(s: &Scope, t: &Topology, p: &Peering, code: Rejection, detail: &str) -> AzError {
    let pid = s.peering_id(&p.vnet, &p.name);
    match code {
        // RULES.md §1 quotes this message.
        Rejection::VnetAddressSpacesOverlap => arm(
            code.code(),
            &format!(
                "Cannot create or update peering {pid}. Virtual networks cannot be peered because their address spaces overlap."
            ),
        ),
        Rejection::RemoteVnetHasNoGateways => arm(
            code.code(),
            &format!(
                "Peering {pid} cannot have UseRemoteGateway flag set to true because remote virtual network {} referenced by the peering does not have any gateways.",
                s.vnet_id(&p.remote)
            ),
        ),
        // ARM's message as quoted in hashicorp/terraform-provider-azurerm#14051.
        Rejection::RemotePeeringIsDisconnected => {
            let other = t
                .peerings
                .iter()
                .find(|q| q.vnet == p.remote && q.remote == p.vnet)
                .map(|q| s.peering_id(&q.vnet, &q.name))
                .unwrap_or_default();
            arm(
                code.code(),
                &format!(
                    "Cannot create or update peering {pid} because remote peering {other} referencing parent virtual network {} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.",
                    s.vnet_id(&p.vnet)
                ),
            )
        }
        // Azure's codes whose message RULES.md does not quote: the code, and the rule in words.
        Rejection::VnetAddressSpaceOverlapsWithAlreadyPeeredVnet
        | Rejection::AnotherPeeringAlreadyReferencesRemoteVnet => arm(
            code.code(),
            &format!("Cannot create or update peering {pid}: {detail}."),
        ),
        // Documented rules whose ARM code is not public: the documented message, no code.
        Rejection::UseRemoteGatewaysWithLocalGateway => AzError(format!(
            "Peering {pid} cannot use remote gateways: you can't use remote gateways if you already have a gateway configured in your virtual network."
        )),
        Rejection::MultipleUseRemoteGateways => {
            let other = t
                .peerings
                .iter()
                .find(|q| q.vnet == p.vnet && q.name != p.name && q.use_remote_gateways)
                .map(|q| s.peering_id(&q.vnet, &q.name))
                .unwrap_or_default();
            AzError(format!(
                "Peering {pid} cannot have UseRemoteGateways flag set to true, because another peering {other} already has UseRemoteGateways flag set to true."
            ))
        }
        // RULES.md §1 quotes ARM's message (terraform-provider-azurerm #2872); the code is not
        // among Azure's public ones, so none is shown.
        Rejection::UseRemoteGatewaysWithoutTransit => AzError(format!(
            "Peering {pid} cannot have UseRemoteGateways flag set to true, because corresponding remote peering has AllowGatewayTransit flag set to false."
        )),
        // Not documented as refusals (RULES.md §1, §8): peerlab's evaluator refuses them, and
        // says so rather than inventing Azure's words.
        Rejection::TransitAndRemoteGatewaysOnSamePeering | Rejection::BasicSkuNoTransit => {
            AzError(format!(
                "peerlab refuses peering {pid}: {detail}. (Azure's behaviour here is not documented; see RULES.md §8.)"
            ))
        }
        // The peering limit, and any rule the evaluator learns later: the rule in words.
        _ => AzError(format!(
            "Peering {pid} cannot be created or updated: {detail}."
        )),
    }
}

/// Fails when the planned topology makes Azure reject a side that it accepts now, or rejects
/// the side the command touches (`focus`: VNet and name).
pub(super) fn refuse_new_rejections(
    ctx: &Ctx,
    p: Plan,
    focus: Option<(&str, &str)>,
) -> Result<Plan, AzError> {
    let Some(next) = &p.topology else {
        return Ok(p);
    };
    let before = create_peerings(ctx.t);
    let after = create_peerings(next);
    let was_ok = |q: &Peering| {
        ctx.t
            .peerings
            .iter()
            .zip(&before)
            .any(|(o, v)| o.vnet == q.vnet && o.name == q.name && v.state().is_some())
    };
    // The touched side first: its refusal is the one the learner asked about.
    let mut order: Vec<usize> = (0..next.peerings.len()).collect();
    if let Some((v, n)) = focus {
        order.sort_by_key(|&i| !(next.peerings[i].vnet == v && next.peerings[i].name == n));
    }
    for i in order {
        let q = &next.peerings[i];
        let touched = focus.is_some_and(|(v, n)| q.vnet == v && q.name == n);
        if let PeeringVerdict::Rejected { code, detail } = &after[i]
            && (touched || was_ok(q))
        {
            return Err(refusal(ctx.scope, next, q, *code, detail));
        }
    }
    Ok(p)
}

fn flags_from(a: &Args) -> PeeringFlags {
    // The CLI's defaults: every flag off, access included (RULES.md §3; Azure/azure-cli
    // `network vnet peering create`: `--allow-vnet-access` default False).
    PeeringFlags {
        allow_virtual_network_access: Some(a.flag("allow-vnet-access").unwrap_or(false)),
        allow_forwarded_traffic: Some(a.flag("allow-forwarded-traffic").unwrap_or(false)),
        allow_gateway_transit: Some(a.flag("allow-gateway-transit").unwrap_or(false)),
        use_remote_gateways: Some(a.flag("use-remote-gateways").unwrap_or(false)),
        remote_deleted: None,
    }
}

pub fn create(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let vnet = ctx.vnet(arg(a, "vnet-name"))?;
    let remote_arg = arg(a, "remote-vnet");
    if remote_arg.starts_with('/') && !remote_arg.contains(&ctx.scope.subscription) {
        return Err(AzError(format!(
            "The Resource '{remote_arg}' was not found: this lab has one subscription, '{}'.",
            ctx.scope.subscription
        )));
    }
    let remote = ctx.vnet(leaf(remote_arg))?;
    let name = arg(a, "name");
    let flags = flags_from(a);
    let (changes, shown) = match find(ctx.t, &vnet.name, name) {
        // A PUT on an existing name updates it (the CLI's create is a create-or-update).
        Some(i) => {
            let p = &ctx.t.peerings[i];
            refuse_disconnected(ctx, i)?;
            if p.remote != remote.name {
                return Err(AzError(format!(
                    "Peering '{}' of virtual network '{}' already points to '{}'; delete it before pointing it elsewhere.",
                    p.name, vnet.name, p.remote
                )));
            }
            (vec![set_flags(ctx.t, i, flags)], p.name.clone())
        }
        None => {
            let mut p = Peering::new(&vnet.name, &remote.name);
            p.name = name.to_string();
            flags.apply(&mut p);
            (vec![Change::Edit(Edit::AddPeering(p))], name.to_string())
        }
    };
    let show = Show::Peering {
        vnet: vnet.name.clone(),
        name: shown.clone(),
    };
    let next = plan(ctx, changes, show)?;
    refuse_new_rejections(ctx, next, Some((&vnet.name, &shown)))
}

fn existing<'t>(ctx: &Ctx<'t>, a: &Args) -> Result<(usize, &'t Peering), AzError> {
    let vnet = ctx.vnet(arg(a, "vnet-name"))?;
    let name = arg(a, "name");
    // A side Azure rejected never existed.
    let verdicts = create_peerings(ctx.t);
    find(ctx.t, &vnet.name, name)
        .filter(|&i| verdicts[i].state().is_some())
        .map(|i| (i, &ctx.t.peerings[i]))
        .ok_or_else(|| {
            ctx.not_found(
                &format!("virtualNetworks/{}/virtualNetworkPeerings", vnet.name),
                name,
            )
        })
}

/// `--set` property paths az's generic update accepts for a peering's four flags.
const SETTABLE: [&str; 4] = [
    "allowForwardedTraffic",
    "allowGatewayTransit",
    "allowVirtualNetworkAccess",
    "useRemoteGateways",
];

/// The issue asks that an update of a Disconnected side fail. Public sources disagree on
/// whether Azure refuses it (RULES.md §8: ARM's message says "Update or re-create", Learn's
/// troubleshooting page says delete both sides and re-create); peerlab refuses every PUT on a
/// Disconnected side (update, create on its name, sync) in the troubleshooting page's terms,
/// with no code, since none is public.
fn refuse_disconnected(ctx: &Ctx, i: usize) -> Result<(), AzError> {
    if ctx.net().peering_state(i) == Some(crate::model::PeeringState::Disconnected) {
        let p = &ctx.t.peerings[i];
        return Err(AzError(format!(
            "Peering {} is Disconnected: its remote peering was deleted. peerlab does not update a Disconnected peering; delete it and re-create the peering on both virtual networks (Learn, \"Troubleshoot virtual network peering issues\"; RULES.md §8).",
            ctx.scope.peering_id(&p.vnet, &p.name)
        )));
    }
    Ok(())
}

pub fn update(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (i, p) = existing(ctx, a)?;
    refuse_disconnected(ctx, i)?;
    let mut flags = PeeringFlags::default();
    for item in a.list("set") {
        let Some((path, value)) = item.split_once('=') else {
            return Err(AzError(format!(
                "usage error: --set PATH=VALUE, for example --set allowForwardedTraffic=true (got '{item}')"
            )));
        };
        let key = path.strip_prefix("properties.").unwrap_or(path);
        let Some(key) = SETTABLE.iter().find(|k| k.eq_ignore_ascii_case(key)) else {
            return Err(AzError(format!(
                "Couldn't find '{path}' in ''. Available options: [{}]",
                SETTABLE.join(", ")
            )));
        };
        let b = match value.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                return Err(AzError(format!(
                    "'{value}' is not a valid value for '{key}': use true or false."
                )));
            }
        };
        match *key {
            "allowForwardedTraffic" => flags.allow_forwarded_traffic = Some(b),
            "allowGatewayTransit" => flags.allow_gateway_transit = Some(b),
            "allowVirtualNetworkAccess" => flags.allow_virtual_network_access = Some(b),
            _ => flags.use_remote_gateways = Some(b),
        }
    }
    let show = Show::Peering {
        vnet: p.vnet.clone(),
        name: p.name.clone(),
    };
    let next = plan(ctx, vec![set_flags(ctx.t, i, flags)], show)?;
    refuse_new_rejections(ctx, next, Some((&p.vnet, &p.name)))
}

pub fn delete(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (i, p) = existing(ctx, a)?;
    let mut changes = vec![if unique(ctx.t, i) {
        Change::Edit(Edit::RemovePeering(p.name.clone()))
    } else {
        Change::RemovePeeringAt(i)
    }];
    // The CLI deletes one side; the other, if it exists, shows Disconnected (RULES.md §2).
    let mut after = ctx.t.clone();
    after.peerings.remove(i);
    if let Some(j) = after
        .peerings
        .iter()
        .position(|q| q.vnet == p.remote && q.remote == p.vnet)
        && !p.remote_deleted
    {
        changes.push(set_flags(
            &after,
            j,
            PeeringFlags {
                remote_deleted: Some(true),
                ..Default::default()
            },
        ));
    }
    plan(ctx, changes, Show::Nothing)
}

pub fn list(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let vnet = ctx.vnet(arg(a, "vnet-name"))?;
    let net = ctx.net();
    Ok(Plan::read(Value::Array(
        ctx.t
            .peerings
            .iter()
            .enumerate()
            .filter(|(_, p)| p.vnet == vnet.name)
            .filter_map(|(i, p)| {
                net.peering_state(i)
                    .map(|st| json::peering(ctx.scope, ctx.t, p, st))
            })
            .collect(),
    )))
}

/// `sync`: az re-PUTs the side with `syncRemoteAddressSpace`, so it learns its remote's
/// current space (RULES.md §14), and prints the side. A missing side gets az's own message
/// (Azure/azure-cli `sync_vnet_peering`, which names the VNet).
pub fn sync(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (i, p) = existing(ctx, a).map_err(|_| {
        AzError(format!(
            "Virtual network peering {} doesn't exist.",
            arg(a, "vnet-name")
        ))
    })?;
    refuse_disconnected(ctx, i)?;
    let show = Show::Peering {
        vnet: p.vnet.clone(),
        name: p.name.clone(),
    };
    plan(
        ctx,
        vec![Change::SetRemoteCacheAt {
            index: i,
            cache: None,
        }],
        show,
    )
}

pub fn show(ctx: &Ctx, a: &Args) -> Result<Plan, AzError> {
    let (i, p) = existing(ctx, a)?;
    let net = ctx.net();
    let state = net
        .peering_state(i)
        .ok_or_else(|| ctx.not_found("virtualNetworkPeerings", &p.name))?;
    Ok(Plan::read(json::peering(ctx.scope, ctx.t, p, state)))
}
