//! The line of each option of a fix item (ITEMS.md "Rationales"): for the key, what the change
//! repairs and what the trace then finds; for a wrong change, the fact of this network that
//! decides against it, in one sentence an exam author would write. The second reader found
//! "<why>, but the connection still fails: <...>" on six items and "peer the spokes directly"
//! answered without the user-defined route that still wins over the new peering route.

use super::path_facts::stop_place;
use super::rationale;
use crate::eval::{Leg, Reason, Trace};
use crate::model::*;

/// One wrong change of a fix item, with the network before and after it.
pub struct Wrong<'a> {
    /// The network the exhibit shows.
    pub shown: &'a Topology,
    /// The network with the change applied.
    pub work: &'a Topology,
    pub edits: &'a [Edit],
    /// The change's own reason (the distractor catalogue's), without its closing dot.
    pub why: &'a str,
    /// The trace of the item's flow before the change, and after.
    pub before: &'a Trace,
    pub after: &'a Trace,
}

/// The findings the lines of one item have said in full: a cause that two wrong changes leave
/// standing is said in full once, and the other line says it in a few words (three lines
/// ending in the same finding read as one line pasted three times).
#[derive(Default)]
pub struct Told {
    said: Vec<String>,
    /// The short endings already used: a brief chosen because a line ran long must not be
    /// chosen again for the next line with the same cause.
    briefs: Vec<String>,
}

/// The key's line: what the change repairs, then how the flow passes.
pub fn key_line(shown: &Topology, work: &Topology, before: &Trace, after: &Trace) -> String {
    let passes = rationale::passes_in(work, after, shown);
    let lead = match before.reason {
        // "Disconnected" or "Initiated" before; a learner checks the peerings table.
        Reason::PeeringNotConnected => "With both sides of the peering in place",
        // The stale copy is what the exhibit's sync column shows.
        Reason::PeeringNotSynced => {
            "Once the peering holds the remote VNet's current address space"
        }
        _ => "With this change applied",
    };
    format!("Correct. {lead}, {passes}.")
}

/// A wrong change's line: the fact that decides against it, then what stops the flow (said
/// in full once per item, in a few words after that).
pub fn line(w: &Wrong, told: &mut Told) -> String {
    if let Some(order) = allow_after_deny(w.edits, w.after) {
        return format!("Incorrect. {order}");
    }
    if let Some(l) = deny_moved(w) {
        return format!("Incorrect. {l}.");
    }
    let found = rationale::finding(w.after);
    let moved =
        found != rationale::finding(w.before) && stop_place(w.after) != stop_place(w.before);
    let lead = udr_beats_peering(w).or_else(|| {
        if moved {
            route_deleted(w).or_else(|| forwarded_moved(w))
        } else {
            decider(w).or_else(|| route_deleted(w))
        }
    });
    let lead = match lead {
        Some(l) => l,
        // A new cause is the option's own: said in full after what the change did.
        None if moved && !told.said.contains(&found) => {
            told.said.push(found.clone());
            return format!(
                "Incorrect. {}, and the flow then fails because {found}.",
                w.why
            );
        }
        None => w.why.to_string(),
    };
    let join = if lead.contains("; ") { ". " } else { "; " };
    let full = format!("{lead}{join}{found}");
    let times = told.said.iter().filter(|f| **f == found).count();
    let short = times > 0 || full.split_whitespace().count() > 50;
    // Each further line with the same cause says it another way: two lines ending in the same
    // words read as one line pasted twice.
    let mut briefs: Vec<String> = still(&found).into_iter().collect();
    briefs.extend(stop_place(w.after).map(|p| still_stops(&p)));
    told.said.push(found);
    if !short {
        return format!("Incorrect. {full}.");
    }
    match briefs.into_iter().find(|b| !told.briefs.contains(b)) {
        Some(b) => {
            let line = format!("Incorrect. {lead}{join}{b}.");
            told.briefs.push(b);
            line
        }
        None => format!("Incorrect. {lead}."),
    }
}

/// Forwarded traffic turned on where the flow then fails on another peering's setting.
fn forwarded_moved(w: &Wrong) -> Option<String> {
    let [Edit::SetPeering { peering, flags }] = w.edits else {
        return None;
    };
    let p = w.shown.peerings.iter().find(|p| &p.name == peering)?;
    (flags.allow_forwarded_traffic == Some(true))
        .then(|| format!("{peering} now lets forwarded packets into {}", p.vnet))
}

/// A user-defined route deleted: where it sent the range (what the flow then meets follows).
fn route_deleted(w: &Wrong) -> Option<String> {
    let [Edit::RemoveRoute { table, route }] = w.edits else {
        return None;
    };
    let r = w
        .shown
        .route_table(table)?
        .routes
        .iter()
        .find(|r| &r.name == route)?;
    let named = r.next_hop_ip.and_then(|ip| {
        w.shown
            .firewalls
            .iter()
            .find(|f| f.ip == ip)
            .map(|f| f.name.clone())
            .or_else(|| {
                w.shown
                    .vms
                    .iter()
                    .find(|v| v.ip == ip)
                    .map(|v| v.name.clone())
            })
    });
    let sent = match (named, r.next_hop) {
        (Some(to), _) => format!("no longer sends {} to {to}", r.prefix),
        (None, UdrNextHop::None) => format!("no longer drops {}", r.prefix),
        (None, UdrNextHop::VirtualNetworkGateway) => {
            format!(
                "no longer sends {} to the virtual network gateway",
                r.prefix
            )
        }
        (None, hop) => format!(
            "no longer sends {} to next hop {}",
            r.prefix,
            super::watcher_items::udr_label(hop)
        ),
    };
    Some(format!("Without route {route}, {table} {sent}"))
}

/// A finding in a few words, with "still": "rule deny-22 of nsg-hub still denies it", "peering
/// a-to-b is still Disconnected". `None` for a finding of another shape.
fn still(found: &str) -> Option<String> {
    let first = found.split("; ").next()?;
    if let Some(rest) = first.strip_prefix("the reply from ") {
        let who = rest.split(' ').next()?;
        if let Some((_, by)) = rest.split_once(", as ")
            && let Some(route) = by.strip_suffix(" drops the packet")
        {
            return Some(format!("{route} still drops the reply from {who}"));
        }
        return Some(format!("the reply from {who} still finds no way back"));
    }
    // An asymmetric reply does come back, past the appliance that saw the request (the trace's
    // return hop): "finds no way back" would be false (second reading, 6464-0016 C).
    if let Some(rest) = first.strip_prefix("the reply bypasses ") {
        let fw = rest.split([',', ' ']).next()?;
        return Some(format!(
            "the reply now comes back past {fw}, which saw only the request and drops the connection"
        ));
    }
    if let Some(rest) = first.strip_prefix("rule ")
        && let Some((rule, tail)) = rest.split_once(" (priority ")
        && let Some((_, nsg)) = tail.split_once(" NSG ")
        && let Some(nsg) = nsg.strip_suffix(" denies it")
    {
        return Some(format!("rule {rule} of {nsg} still denies it"));
    }
    if let Some((_, p)) = first.split_once(", and peering ")
        && let Some((p, _)) = p.split_once(" (owned by ")
    {
        return Some(format!(
            "peering {p} still does not allow forwarded traffic"
        ));
    }
    if let Some((vm, _)) = first.split_once(" receives a packet for ")
        && first.contains("IP forwarding is off")
    {
        return Some(format!("IP forwarding is still off on the NIC of {vm}"));
    }
    if let Some((pair, _)) = first.split_once(" are each peered with ") {
        return Some(format!("{pair} are still not peered with each other"));
    }
    if let Some(rest) = first.strip_prefix("peering ")
        && let Some((p, state)) = rest.split_once(" on ")
    {
        if state.contains(" is Disconnected") {
            return Some(format!("peering {p} is still Disconnected"));
        }
        if state.contains(" is only Initiated") {
            return Some(format!("peering {p} is still only Initiated"));
        }
    }
    if let Some(rest) = first.strip_prefix("peering ")
        && let Some((p, tail)) = rest.split_once(" still has ")
        && let Some((owner, _)) = tail.split_once("'s old address space")
    {
        return Some(format!(
            "peering {p} still holds the old copy of {owner}'s address space"
        ));
    }
    if let Some(rest) = first.strip_prefix("no rule of ") {
        let fw = rest.split(' ').next()?;
        return Some(format!("{fw} still has no rule that allows this flow"));
    }
    None
}

/// "NSG nsg-x still denies it": where the flow stops, as a clause, for a finding [`still`]
/// cannot shorten.
fn still_stops(place: &str) -> String {
    if let Some(rest) = place.strip_prefix("the routes of ") {
        return match rest.split_once(", on the reply's way back") {
            Some((vnet, _)) => format!("the reply still finds no route back in {vnet}"),
            None => format!("the routes of {rest} still give the request no way on"),
        };
    }
    match place {
        "name resolution" => "the name still does not resolve".to_string(),
        "the reply's way back" => "the reply still finds no way back".to_string(),
        p if p.starts_with("NSG ") => format!("{p} still denies it"),
        p => format!("{p} still stops it"),
    }
}

/// The fact that makes a wrong change beside the point, where the trace before it shows one:
/// the NSG it opens already lets the request through (or the request never gets there), no
/// appliance relays the flow whose forwarded-traffic setting it turns on, the ASG the moved
/// deny's allow rule names does not hold the machine.
fn decider(w: &Wrong) -> Option<String> {
    match w.edits {
        [Edit::AddNsgRule { nsg, rule }] if rule.access == Access::Allow => {
            nsg_passed(w, nsg, rule)
        }
        [Edit::SetPeering { peering, flags }] if flags.allow_forwarded_traffic == Some(true) => {
            forwarded_beside(w, peering)
        }
        _ => None,
    }
}

/// An allow rule added to an NSG the request already passes, or never reaches.
fn nsg_passed(w: &Wrong, nsg: &str, rule: &NsgRule) -> Option<String> {
    let step = match rule.direction {
        Direction::Inbound => "nsg-inbound",
        Direction::Outbound => "nsg-outbound",
    };
    let way = match rule.direction {
        Direction::Inbound => "in",
        Direction::Outbound => "out",
    };
    let at = |h: &&crate::eval::Hop| {
        h.leg == Leg::Request && h.step == step && h.detail.split_whitespace().nth(2) == Some(nsg)
    };
    match w.before.hops.iter().find(at) {
        Some(h) if h.ok => {
            let (_, by) = h.detail.split_once(" allows: ")?;
            let by = rationale::reword(by.split(" (").next().unwrap_or(by));
            Some(format!(
                "{nsg} already lets this request {way} by {by}, so another allow rule there changes nothing"
            ))
        }
        // Denied there only as a symptom (the trace's cause is elsewhere): the new rule lets it
        // through, and the cause stands.
        Some(_) => w
            .after
            .hops
            .iter()
            .find(at)
            .filter(|h| h.ok)
            .map(|_| format!("{nsg} lets the request {way} once the rule is added")),
        // The request stops before it: the rule is never read.
        None => Some(format!(
            "{nsg} is never reached, as the request stops before it, so a rule there is never read"
        )),
    }
}

/// Forwarded traffic turned on where nothing relays the flow, or where a VPN gateway does
/// (RULES.md §3 and §4: traffic a VPN gateway forwards needs no forwarded-traffic setting).
fn forwarded_beside(w: &Wrong, peering: &str) -> Option<String> {
    let relays: Vec<&crate::eval::Hop> = w
        .before
        .hops
        .iter()
        .filter(|h| matches!(h.step, "appliance" | "firewall" | "gateway"))
        .collect();
    if relays.is_empty() {
        // Said only where no route of either end's table points at a relay either: a trace
        // that stops early may not have met the appliance the routes lead to.
        return (!relay_routed(w.shown, w.before)).then(|| {
            format!(
                "{} forwarded-traffic setting never comes into play, as no appliance or gateway relays this flow",
                super::stem::possessive(peering)
            )
        });
    }
    let vpn_only = relays.iter().all(|h| {
        h.step == "gateway"
            && w.shown
                .vnet(h.at.trim_end_matches(" gateway"))
                .and_then(|v| v.gateway.as_ref())
                .is_some_and(|g| g.kind == GatewayKind::Vpn)
    });
    if vpn_only {
        let at = relays[0].at.trim_end_matches(" gateway");
        return Some(format!(
            "The VPN gateway of {at} relays this flow, and traffic a VPN gateway forwards needs no forwarded-traffic setting on {peering} or any other peering"
        ));
    }
    // RULES.md §3: the setting is checked on the receiving VNet's own peering.
    let owner = &w.shown.peerings.iter().find(|p| p.name == peering)?.vnet;
    Some(format!(
        "Forwarded traffic is checked on the peering of the VNet that receives it, and {peering} is {} side",
        super::stem::possessive(owner)
    ))
}

/// Whether a route of the source's or the destination's table sends the flow (or its reply)
/// to an appliance or a gateway.
fn relay_routed(t: &Topology, tr: &Trace) -> bool {
    let table = |vm: &str| {
        let v = t.vm(vm)?;
        t.route_table(t.vnet(&v.vnet)?.subnet(&v.subnet)?.route_table.as_deref()?)
    };
    let relays = |rt: Option<&RouteTable>, addr: Option<std::net::Ipv4Addr>| {
        rt.zip(addr).is_some_and(|(rt, a)| {
            rt.routes.iter().any(|r| {
                r.prefix.contains(&a)
                    && matches!(
                        r.next_hop,
                        UdrNextHop::VirtualAppliance | UdrNextHop::VirtualNetworkGateway
                    )
            })
        })
    };
    relays(table(&tr.from), tr.destination_ip) || relays(table(&tr.to), Some(tr.source_ip))
}

/// A deny moved to priority 4000: still read before every default rule, and no allow rule
/// before it matches (the ASG it names does not hold the machine, where that is why).
fn deny_moved(w: &Wrong) -> Option<String> {
    let [Edit::RemoveNsgRule { .. }, Edit::AddNsgRule { nsg, rule }] = w.edits else {
        return None;
    };
    let decides = w.after.hops.iter().any(|h| {
        !h.ok && h.step == "nsg-inbound" && h.detail.contains(&format!("/{} (", rule.name))
    });
    if rule.access != Access::Deny || w.after.reason != Reason::NsgDeny || !decides {
        return None;
    }
    let before = match super::path_facts::deciding_fact(w.work, w.after) {
        Some(f) => format!("and {f}"),
        None => "and no allow rule before it matches".to_string(),
    };
    Some(format!(
        "{} at priority {} still comes before the default rule AllowVnetInBound (65000) of {nsg}, {before}: {} still denies the request",
        rule.name, rule.priority, rule.name
    ))
}

/// A peering added between the flow's two VNets whose route loses to a user-defined route of
/// the same or a longer prefix (RULES.md §4, route selection: longest prefix first; on an
/// equal prefix a user-defined route beats a system route), on the request's way or the
/// reply's: the route, its table and where it still sends the packet, then what stops it there.
fn udr_beats_peering(w: &Wrong) -> Option<String> {
    let added: Vec<&Peering> = w
        .edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddPeering(p) => Some(p),
            _ => None,
        })
        .collect();
    if added.is_empty() {
        return None;
    }
    for leg in [Leg::Request, Leg::Reply] {
        let Some(h) = w
            .after
            .hops
            .iter()
            .find(|h| h.leg == leg && h.step == "route")
        else {
            continue;
        };
        let Some((vnet, _)) = h.at.split_once('/') else {
            continue;
        };
        let Some(u) = user_route(&h.detail) else {
            continue;
        };
        let addr = match leg {
            Leg::Request => w.after.destination_ip,
            Leg::Reply => Some(w.after.source_ip),
        };
        let Some(addr) = addr else { continue };
        // The prefix the new peering programs in `vnet` for the address: the remote VNet's.
        let Some(space) = added.iter().filter(|p| p.vnet == vnet).find_map(|p| {
            w.work
                .vnet(&p.remote)?
                .address_space
                .iter()
                .find(|s| s.contains(&addr))
                .copied()
        }) else {
            continue;
        };
        if !u.prefix.contains(&addr) || u.prefix.prefix_len() < space.prefix_len() {
            continue;
        }
        let packet = match leg {
            Leg::Request => "the request",
            Leg::Reply => "the reply",
        };
        let to = u.to_name(w.work);
        return Some(if u.prefix == space {
            format!(
                "Route {} in {} still sends {packet} to {to}, as a user-defined route beats a system route of the same prefix, the new peering's for {space} among them",
                u.name, u.table
            )
        } else {
            format!(
                "Route {} in {} ({}) still sends {packet} to {to}, as its prefix is longer than the new peering's route for {space}",
                u.name, u.table, u.prefix
            )
        });
    }
    None
}

/// A user-defined route as a trace's route hop names it: "10.49.0.0/16 -> VirtualAppliance
/// 10.138.1.4 (user route to-crm in rt-data)".
struct UserRoute {
    prefix: ipnet::Ipv4Net,
    hop: String,
    name: String,
    table: String,
}

impl UserRoute {
    /// The firewall or VM a route's address names, else its next hop type.
    fn to_name(&self, t: &Topology) -> String {
        let mut w = self.hop.split_whitespace();
        let kind = w.next().unwrap_or("");
        let ip: Option<std::net::Ipv4Addr> = w.next().and_then(|x| x.parse().ok());
        ip.and_then(|ip| {
            t.firewalls
                .iter()
                .find(|f| f.ip == ip)
                .map(|f| f.name.clone())
                .or_else(|| t.vms.iter().find(|v| v.ip == ip).map(|v| v.name.clone()))
        })
        .unwrap_or_else(|| match kind {
            "None" => "next hop None, which drops it".to_string(),
            "VirtualNetworkGateway" => "the virtual network gateway".to_string(),
            k => format!("next hop {k}"),
        })
    }
}

fn user_route(detail: &str) -> Option<UserRoute> {
    let (left, rest) = detail.split_once(" -> ")?;
    let (hop, origin) = rest.split_once(" (user route ")?;
    let (name, table) = origin.trim_end_matches(')').split_once(" in ")?;
    Some(UserRoute {
        prefix: left.parse().ok()?,
        hop: hop.to_string(),
        name: name.to_string(),
        table: table.to_string(),
    })
}

/// For an allow rule that loses to a deny in the same NSG: the priorities in order, since the
/// lowest number that matches decides (RULES.md §5).
fn allow_after_deny(edits: &[Edit], after: &Trace) -> Option<String> {
    let (nsg, allow) = edits.iter().find_map(|e| match e {
        Edit::AddNsgRule { nsg, rule } if rule.access == Access::Allow => Some((nsg, rule)),
        _ => None,
    })?;
    let stop = after
        .hops
        .iter()
        .find(|h| !h.ok && h.step.starts_with("nsg") && h.detail.contains(nsg.as_str()))?;
    let deny = priority_in(&stop.detail)?;
    let rule = stop
        .detail
        .split("securityRules/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .map_or(String::new(), |r| format!(" {r}"));
    (deny < u32::from(allow.priority)).then(|| {
        format!(
            "The deny rule{rule} (priority {deny}) in {nsg} still decides: NSG rules are processed lowest number first, and {deny} comes before the new rule's {}.",
            allow.priority
        )
    })
}

/// The number after "priority " in a trace hop's text.
fn priority_in(detail: &str) -> Option<u32> {
    let rest = &detail[detail.find("priority ")? + "priority ".len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_hop_reads_back_as_its_route_and_table() {
        let u = user_route(
            "10.49.0.0/16 -> VirtualAppliance 10.138.1.4 (user route to-crm in rt-data)",
        )
        .expect("a user route");
        assert_eq!(
            (u.prefix.to_string(), u.name.as_str(), u.table.as_str()),
            ("10.49.0.0/16".to_string(), "to-crm", "rt-data")
        );
        assert!(user_route("10.49.0.0/16 -> VNetPeering (system route)").is_none());
    }

    #[test]
    fn an_asymmetric_reply_is_not_said_to_find_no_way_back() {
        let found = "the reply bypasses hub-fw, which the request went through; a stateful appliance that sees only one direction drops the connection (asymmetric routing)";
        assert_eq!(
            still(found).as_deref(),
            Some(
                "the reply now comes back past hub-fw, which saw only the request and drops the connection"
            )
        );
    }

    #[test]
    fn a_cause_already_told_is_named_by_its_place() {
        assert_eq!(still_stops("NSG nsg-hub"), "NSG nsg-hub still denies it");
        assert_eq!(
            still_stops("the routes of spoke-a, on the reply's way back"),
            "the reply still finds no route back in spoke-a"
        );
    }
}
