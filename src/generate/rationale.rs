//! One line per option (ITEMS.md "Rationales"), written from the evaluator: for the key, what
//! the trace finds; for each wrong cause, the fact in the exhibit that rules it out; for each
//! wrong change, what the trace does with that change applied. Never an internal code.

use crate::eval::{FlowSpec, Leg, Network, Reason, Trace, Verdict};
use crate::model::Topology;

pub use super::ruled_out::ruled_out;
use super::ruled_out::vnet_of;

/// Why `r` is not what decides the flow of `tr` ([`super::ruled_out::not_the_cause`]), except
/// for a name that does not resolve: there every other cause was "no packet is sent, so X does
/// not come into it", one template line three times over (gen-6464-0002). The generator makes
/// the record's address reachable (faults.rs), so each line can name the fact of the path the
/// packet would take once the name resolves: the direct peering, the Connected state, the route.
pub fn not_the_cause(t: &Topology, tr: &Trace, r: Reason) -> String {
    if tr.reason == Reason::DnsUnresolved
        && r != Reason::Ok
        && let Some(at) = resolved(t, tr)
        && let Some(fact) = ruled_out(t, &at, r)
    {
        // A rule is named with its NSG, so the exhibit shows the table that holds it (the
        // item's own trace stops at the name and meets no NSG).
        let nsg = at.hops.iter().rev().find_map(|h| {
            let (head, _) = h.detail.split_once(" allows: ")?;
            (h.ok && h.step == "nsg-inbound").then(|| head.rsplit(' ').next())?
        });
        let fact = reword(&fact);
        let fact = match (nsg, fact.rsplit_once("(rule ")) {
            (Some(nsg), Some((head, rule))) => {
                let rule = rule.trim_end_matches(").").trim_end_matches(')');
                format!("{head}(rule {rule} of {nsg}).")
            }
            _ => fact,
        };
        return format!("Incorrect. {fact}");
    }
    if r == Reason::GatewayTransitMissing
        && let Some(line) = transit_in_use(t, tr)
    {
        return format!("Incorrect. {line}");
    }
    super::ruled_out::not_the_cause(t, tr, r).replace(" rules does not ", " rules do not ")
}

/// For a flow that goes through the hub's gateway (a user-defined route sends spoke-to-spoke
/// traffic to it, RULES.md §4), the transit pair that lets the spoke use it. The general line,
/// "both ends are in Azure: no VPN or ExpressRoute gateway is on this path", was false there
/// (gen-4242-0014).
fn transit_in_use(t: &Topology, tr: &Trace) -> Option<String> {
    let via_gateway = tr
        .hops
        .iter()
        .any(|h| h.step == "gateway" || h.detail.contains("VirtualNetworkGateway"));
    if !via_gateway {
        return None;
    }
    let src = t.vm(&tr.from)?.vnet.clone();
    let mine = t
        .peerings
        .iter()
        .find(|p| p.vnet == src && p.use_remote_gateways)?;
    let theirs = t
        .peerings
        .iter()
        .find(|q| q.vnet == mine.remote && q.remote == src && q.allow_gateway_transit)?;
    Some(format!(
        "{} allows gateway transit and {} uses the remote gateway, so {} can send traffic through the gateway of {}.",
        theirs.name, mine.name, tr.from, mine.remote
    ))
}

/// The trace of `tr`'s flow to the address its name's record holds, when that reaches it.
fn resolved(t: &Topology, tr: &Trace) -> Option<Trace> {
    let ip = t.dns_zones.iter().find_map(|z| {
        let record = tr.to.strip_suffix(&format!(".{}", z.name))?;
        z.records.get(record).copied()
    })?;
    // By the machine's name where the address is a VM's, so the facts name its VNet.
    let to = t
        .vms
        .iter()
        .find(|v| v.ip == ip)
        .map_or_else(|| ip.to_string(), |v| v.name.clone());
    let spec = FlowSpec {
        from: tr.from.clone(),
        to,
        port: tr.port,
        protocol: crate::model::Protocol::Tcp,
    };
    let at = Network::new(t).trace(&spec).ok()?;
    (at.verdict == Verdict::Reachable).then_some(at)
}

/// The clause of a trace that decides it: "subnet NSG nsg-files denies: securityRules/deny-peer
/// (priority 100)" from "vm-a cannot reach vm-b (10.1.1.4) on tcp/443: subnet NSG ... . Routes
/// choose ...".
pub fn finding(tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        return format!(
            "{} reaches {} on TCP {}: the routes, peerings and NSGs on the way allow it and the reply finds its way back",
            tr.from, tr.to, tr.port
        );
    }
    finding_unreachable(tr)
}

/// Why a reachable flow gets through, in this network's terms (the route, rule, peering
/// setting or gateway that carries it): the key's line of a reachability, which-VMs or yes-no
/// item. Falls back to [`finding`] when the path holds nothing worth naming.
pub fn passes(t: &Topology, tr: &Trace) -> String {
    passes_in(t, tr, t)
}

/// [`passes`] on a changed network `t` (a fix applied), naming only the routes `shown` (the
/// network the exhibit shows) has: a route the fix adds has no name the learner saw.
pub fn passes_in(t: &Topology, tr: &Trace, shown: &Topology) -> String {
    let mut facts = super::path_facts::carried_by(t, tr);
    facts.retain(|f| {
        let Some(rest) = f.strip_prefix("route ") else {
            return true;
        };
        let mut w = rest.split(' ');
        let (name, table) = (w.next().unwrap_or(""), w.nth(1).unwrap_or(""));
        shown
            .route_table(table)
            .is_some_and(|rt| rt.routes.iter().any(|r| r.name == name))
    });
    if tr.verdict != Verdict::Reachable || facts.is_empty() {
        return finding(tr);
    }
    // Short enough to read as one line: the peerings crossed give way to the route, rule or
    // setting that a learner could miss.
    if facts.len() > 2 {
        facts.retain(|f| !f.starts_with("it crosses peering "));
    }
    let head = format!("{} reaches {}", tr.from, tr.to);
    let body = facts.join("; ");
    let full = format!("{head}: {body}, and the reply finds its way back");
    let reply_named = facts
        .iter()
        .any(|f| f.contains("reply") || f.contains("way back"));
    if reply_named {
        format!("{head}: {body}")
    } else if full.split_whitespace().count() <= 45 {
        full
    } else {
        format!("{head}: {body}")
    }
}

/// [`finding`], and where the trace found only the system route that drops the packet, the
/// reason a learner can check in the peerings table: no Connected peering joins the two VNets.
/// Then the fact of the topology that decides (path_facts: the ASG a rule's machine is not in,
/// the route one spoke's table lacks).
pub fn finding_in(t: &Topology, tr: &Trace) -> String {
    let f = finding_peers(t, tr);
    match super::path_facts::deciding_fact(t, tr) {
        Some(fact) => format!("{f}; {fact}"),
        None => f,
    }
}

fn finding_peers(t: &Topology, tr: &Trace) -> String {
    let f = finding(tr);
    if tr.reason != Reason::NoRoute || !f.starts_with("the system route for ") {
        return f;
    }
    let (Some(a), Some(b)) = (vnet_of(t, &tr.from), vnet_of(t, &tr.to)) else {
        return f;
    };
    let net = Network::new(t);
    let joined = t.peerings.iter().enumerate().any(|(i, p)| {
        ((p.vnet == a && p.remote == b) || (p.vnet == b && p.remote == a))
            && net.peering_state(i) == Some(crate::model::PeeringState::Connected)
    });
    if a == b || joined {
        return f;
    }
    format!("no Connected peering joins {a} and {b}, so {f}")
}

fn finding_unreachable(tr: &Trace) -> String {
    let e = &tr.explanation;
    let marker = format!("on {}/{}: ", tr.protocol, tr.port);
    let body = e
        .find(&marker)
        .map_or(e.as_str(), |i| &e[i + marker.len()..]);
    let sentence = first_sentence(body);
    let clauses = clauses(&sentence);
    let mut keep: Vec<String> = Vec::new();
    for c in &clauses {
        // What follows from the cause, not the cause: the system route that drops what a
        // missing peering would carry, the default NSG rule that denies what the VirtualNetwork
        // tag no longer holds, the fix, and the second side of one rejected request.
        // A stale peering: what the trace would find without the sync is its effect.
        let c = &match c.split_once(" (without the sync: ") {
            Some((head, _)) => head.to_string(),
            None => c.clone(),
        };
        let symptom = (c.contains(" -> None (system route) drops the packet") && clauses.len() > 1)
            || c.contains(" as well, since ")
            || c.starts_with("sync the stale peering")
            || c.starts_with("delete it and create")
            || (c.starts_with("Azure rejected peering")
                && keep.iter().any(|k| k.starts_with("Azure rejected")));
        if symptom {
            continue;
        }
        // Access off: the peering is the cause, the default rule that denies is its effect.
        if let Some((_, rest)) = c.split_once(" would allow it, but ")
            && let Some((off, _)) = rest.split_once(" has allow_virtual_network_access off")
            && let Some(deny) = keep.pop()
        {
            keep.push(format!(
                "{off} has access to the remote VNet turned off, so the other VNet drops out of the VirtualNetwork tag and {}",
                nsg_denies(&reword(&deny))
            ));
            continue;
        }
        keep.push(in_words(c));
    }
    // Every clause a symptom (no peering carries it, so the system route drops it and the
    // default rule denies it too): the first one is what the trace found.
    if keep.is_empty()
        && let Some(c) = clauses.first()
    {
        keep.push(in_words(c));
    }
    let mut text = keep.join("; ");
    if let Some(rest) = text.strip_prefix("the reply cannot get back: ") {
        text = format!("the reply from {} finds no way back, as {rest}", tr.to);
    }
    // The notation in words first (`tcp 10.1.1.4 -> 10.2.1.4:443` reads "TCP 443 from
    // 10.1.1.4 to 10.2.1.4"), then the flow's addresses by the names the stem uses.
    let text = plain(&text);
    names_for_addresses(tr, &text)
}

/// The clauses of a trace's finding: split at "; " outside parentheses.
fn clauses(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b';' if depth == 0 && b.get(i + 1) == Some(&b' ') => {
                out.push(s[start..i].to_string());
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(s[start..].to_string());
    out.retain(|c| !c.is_empty());
    out
}

/// One clause as an item writer would say it (a chain of peerings; a rejected request named
/// by its VNet, since a request Azure refused is not a peering the exhibit can list).
fn in_words(c: &str) -> String {
    // Which resolver answers is the evaluator's bookkeeping; the link is what matters.
    if let Some((zone, rest)) = c.split_once(", whose resolver ")
        && let Some((_, tail)) = rest.split_once(" answers")
    {
        return format!("{zone}{tail}");
    }
    if let Some((ends, chain)) = c.split_once(" only through the chain ")
        && let Some((a, b)) = ends.split_once(" reaches ")
    {
        let hops: Vec<&str> = chain.split(" <-> ").collect();
        if hops.len() == 3 {
            return format!(
                "{a} and {b} are each peered with {} but not with each other, and peering is not transitive",
                hops[1]
            );
        }
        if hops.len() > 3 {
            return format!(
                "{a} and {b} are linked only through {}, not peered with each other, and peering is not transitive",
                hops[1..hops.len() - 1].join(" and ")
            );
        }
    }
    if let Some((left, missing)) =
        c.split_once(" only when both halves of gateway transit are set, and ")
        && let Some((pre, hub)) = left.rsplit_once(" uses the gateway of ")
    {
        let gateway = if pre.contains(&format!("behind the gateway of {hub}")) {
            "that gateway".to_string()
        } else {
            format!("the gateway of {hub}")
        };
        return format!("{pre} cannot use {gateway}, because {missing}");
    }
    if let Some(rest) = c.strip_prefix("Azure rejected peering ")
        && let Some((_, after)) = rest.split_once(" on ")
    {
        let vnet_end = after.find([' ', '(']).unwrap_or(after.len());
        return format!(
            "Azure rejected the peering request of {}{}",
            &after[..vnet_end],
            &after[vnet_end..]
        );
    }
    // A stale peering: `"p" ("a" -> "b") knows OLD but "b" is now NEW (Level)`.
    if let Some((p, rest)) = c.split_once(" (")
        && let Some((_, rest)) = rest.split_once(") knows ")
        && let Some((old, rest)) = rest.split_once(" but ")
        && let Some((b, now)) = rest.split_once(" is now ")
    {
        let unq = |x: &str| x.trim_matches('"').to_string();
        return format!(
            "peering {} still holds only {old} for {}, which is now {now}",
            unq(p),
            unq(b)
        );
    }
    // A sentence of reasons joined by colons reads as one sentence with a "since".
    for (from, to) in [
        (
            ": it uses static routes, and none of them ",
            ", since none of its static routes ",
        ),
        (": the gateway of ", ", since the gateway of "),
        (" is only Initiated: ", " is only Initiated, as "),
        (" is Disconnected: ", " is Disconnected, as "),
        (" disabled: only ", " disabled, so only "),
    ] {
        if c.contains(from) {
            return c.replacen(from, to, 1);
        }
    }
    c.to_string()
}

/// The flow's own addresses by the names the stem uses (`10.2.1.4` is `vm-web`): the exhibit
/// may not list a VM's address, the stem always names the VM.
fn names_for_addresses(tr: &Trace, s: &str) -> String {
    let mut pairs = vec![(tr.source_ip.to_string(), tr.from.clone())];
    if let Some(ip) = tr.destination_ip
        && ip.to_string() != tr.to
    {
        pairs.push((ip.to_string(), tr.to.clone()));
    }
    let mut out = s.to_string();
    for (ip, name) in pairs {
        if ip == name {
            continue;
        }
        out = replace_token(&out, &ip, &name);
    }
    out
}

/// Replaces `from` where it stands alone (not inside `10.1.1.40` or `10.1.1.4/32`).
fn replace_token(s: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().last();
        let after = rest[i + from.len()..].chars().next();
        let part =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.');
        let dot_end = after == Some('.')
            && !rest[i + from.len() + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if !part(before) && (!part(after) || dot_end) {
            out.push_str(&rest[..i]);
            out.push_str(to);
        } else {
            out.push_str(&rest[..i + from.len()]);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// The evaluator's prose with the file's setting names in the portal's words (a learner
/// never sees `allow_virtual_network_access`, only the portal's checkbox).
pub fn plain(s: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        (
            "allow_virtual_network_access off",
            "access to the remote VNet turned off",
        ),
        (
            "allow_forwarded_traffic off",
            "forwarded traffic not allowed",
        ),
        ("allow_gateway_transit off", "gateway transit not allowed"),
        ("use_remote_gateways off", "the remote gateway not in use"),
        ("allow_virtual_network_access", "access to the remote VNet"),
        ("allow_forwarded_traffic", "forwarded traffic"),
        ("allow_gateway_transit", "gateway transit"),
        ("use_remote_gateways", "use of the remote gateway"),
        ("propagate_gateway_routes", "gateway route propagation"),
    ];
    let mut out = s.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    reword(&out)
}

/// The trace's notation in an item writer's words: `10.0.0.0/8 -> None (system route)` is
/// "the system route for 10.0.0.0/8 (next hop None)", `securityRules/deny-peer` is "rule
/// deny-peer", `tcp 10.2.1.4 -> 10.1.1.4:443` is "TCP 443 from 10.2.1.4 to 10.1.1.4", and an
/// Azure error code in parentheses gives way to its message. Text that matches no pattern is
/// left as it is.
pub fn reword(s: &str) -> String {
    let s = arrows(s);
    let s = s
        .replace("defaultSecurityRules/", "the default rule ")
        .replace("securityRules/", "rule ")
        .replace(" tcp/", " TCP ")
        .replace(" udp/", " UDP ")
        .replace(
            "gateway route propagation = false",
            "gateway route propagation turned off",
        )
        .replace(
            "gateway route propagation = true",
            "gateway route propagation turned on",
        );
    let s = nsg_denies(&s);
    strip_codes(&s)
}

/// Rewrites every `A -> B` of the trace notation (routes, flows, VNet pairs).
fn arrows(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" -> ") {
        let (head, tail) = (&rest[..i], &rest[i + 4..]);
        let start = head.rfind([' ', '(']).map_or(0, |j| j + 1);
        let left = &head[start..];
        let before = &head[..start];
        if let Some((phrase, used)) = route_phrase(left, tail) {
            out.push_str(before);
            out.push_str(&phrase);
            rest = &tail[used..];
        } else if let Some((phrase, cut, used)) = flow_phrase(before, left, tail) {
            out.push_str(&before[..cut]);
            out.push_str(&phrase);
            rest = &tail[used..];
        } else {
            out.push_str(head);
            out.push_str(" to ");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// `10.2.0.0/16` then `VirtualAppliance 10.0.1.4 (user route to-data in rt-x)...`: the route in
/// words, and how much of `tail` it used.
fn route_phrase(left: &str, tail: &str) -> Option<(String, usize)> {
    let prefix: ipnet::Ipv4Net = left.parse().ok()?;
    let open = tail.find(" (")?;
    let close = open + tail[open..].find(')')?;
    let hop = &tail[..open];
    let origin = &tail[open + 2..close];
    let hop_word = hop.split(' ').next()?;
    if hop_word.is_empty() || !hop_word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let phrase = if let Some(user) = origin.strip_prefix("user route ") {
        let (name, table) = user.split_once(" in ")?;
        format!("route {name} in {table} ({prefix}, next hop {hop})")
    } else if origin == "system route" {
        format!("the system route for {prefix} (next hop {hop})")
    } else if origin == "gateway route" {
        format!("the gateway's route for {prefix} (next hop {hop})")
    } else {
        return None;
    };
    Some((phrase, close + 1))
}

/// `tcp 10.2.1.4` then `10.1.1.4:443...`: the flow in words, where in `before` it starts (the
/// protocol word), and how much of `tail` it used.
fn flow_phrase(before: &str, left: &str, tail: &str) -> Option<(String, usize, usize)> {
    let _: std::net::Ipv4Addr = left.parse().ok()?;
    let proto = before.trim_end().rsplit(' ').next()?;
    if !matches!(proto, "tcp" | "udp" | "icmp" | "any") {
        return None;
    }
    let cut = before.trim_end().len() - proto.len();
    let end = tail
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
        .unwrap_or(tail.len());
    let target = tail[..end].trim_end_matches(['.', ':']);
    let used = target.len();
    let (ip, port) = target.split_once(':')?;
    let _: std::net::Ipv4Addr = ip.parse().ok()?;
    let proto = proto.to_ascii_uppercase();
    Some((format!("{proto} {port} from {left} to {ip}"), cut, used))
}

/// `subnet NSG nsg-x denies: rule deny-peer (priority 100)` reads "rule deny-peer (priority
/// 100) of the subnet NSG nsg-x denies it".
fn nsg_denies(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" denies: ") {
        let head = &rest[..i];
        let tail = &rest[i + " denies: ".len()..];
        // The NSG's name and its level ("subnet NSG", "NIC NSG") before it.
        let words: Vec<&str> = head.rsplitn(4, ' ').collect();
        let (name, level) = match words.as_slice() {
            [name, "NSG", level, ..] if matches!(*level, "subnet" | "NIC" | "Subnet") => {
                (*name, level.to_ascii_lowercase())
            }
            _ => {
                out.push_str(head);
                out.push_str(" denies: ");
                rest = tail;
                continue;
            }
        };
        let level = if level == "nic" {
            "NIC".to_string()
        } else {
            level
        };
        let lead = head.len() - name.len() - " NSG ".len() - level.len();
        let rule_end = tail.find(')').map_or(tail.len(), |j| j + 1);
        let rule = &tail[..rule_end];
        out.push_str(&head[..lead]);
        out.push_str(&format!("{rule} of the {level} NSG {name} denies it"));
        rest = &tail[rule_end..];
    }
    out.push_str(rest);
    out
}

/// `(VnetAddressSpacesOverlap: the address spaces overlap)` reads ": the address spaces
/// overlap": the learner reads what Azure says, not the code it says it with.
fn strip_codes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" (") {
        let tail = &rest[i + 2..];
        let code_len = tail.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(0);
        let code = &tail[..code_len];
        let is_code = code_len > 3
            && code.starts_with(|c: char| c.is_ascii_uppercase())
            && code.chars().skip(1).any(|c| c.is_ascii_uppercase())
            && tail[code_len..].starts_with(": ");
        match (is_code, matching_paren(tail)) {
            (true, Some(close)) => {
                out.push_str(&rest[..i]);
                out.push_str(": ");
                out.push_str(&tail[code_len + 2..close]);
                rest = &tail[close + 1..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The index of the `)` that closes an already opened parenthesis in `s`.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Up to the first ". " that ends a sentence (a capital letter follows), without the dot.
fn first_sentence(s: &str) -> String {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'.'
            && b.get(i + 1) == Some(&b' ')
            && b.get(i + 2).is_some_and(|c| c.is_ascii_uppercase())
        {
            return s[..i].to_string();
        }
    }
    s.trim_end_matches('.').to_string()
}

/// An item's explanation: what happened, in the finding's short words, then the principle
/// (the evaluator's lesson). The evaluator's own paragraph lists every hop it checked; the
/// learner needs the cause and the rule behind it.
pub fn explain(tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        return plain(&tr.explanation);
    }
    let lesson = crate::eval::lesson(tr.reason);
    let reply = if tr.hops.iter().any(|h| h.leg == Leg::Reply) && tr.reason != Reason::DnsUnresolved
    {
        " The request gets there, but not its reply."
    } else {
        ""
    };
    let found = finding(tr);
    // The lesson's sentences that say again what the finding just said are left out.
    let lesson = without_repeats(lesson, &found);
    // The middle VNet of a chain is no hub, and it may hold no appliance yet (gen-4242-0001).
    let lesson = lesson.replace(
        "an appliance in the hub with user-defined routes",
        "an appliance in a VNet peered with both, with user-defined routes",
    );
    format!(
        "{} cannot reach {} on TCP {}. {}.{reply} {lesson}",
        tr.from,
        tr.to,
        tr.port,
        capital(&found)
    )
    .trim_end()
    .to_string()
}

/// The sentences of `text` that share no run of four words with `said`.
pub fn without_repeats(text: &str, said: &str) -> String {
    let grams = |s: &str| -> std::collections::HashSet<Vec<String>> {
        let w: Vec<String> = s
            .split(|c: char| !(c.is_alphanumeric() || "-./".contains(c)))
            .filter(|x| !x.is_empty())
            .map(|x| x.to_lowercase())
            .collect();
        w.windows(4).map(<[String]>::to_vec).collect()
    };
    let seen = grams(said);
    sentences(text)
        .into_iter()
        .filter(|s| grams(s).is_disjoint(&seen))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text's sentences, each with its closing mark (split after ". " before a capital).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'?' | b'!')
            && b.get(i + 1) == Some(&b' ')
            && b.get(i + 2)
                .is_some_and(|c| c.is_ascii_uppercase() || *c == b'"')
        {
            out.push(text[start..=i].trim().to_string());
            start = i + 2;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// The key's line of a cause question.
pub fn the_cause(t: &Topology, tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        format!("Correct. {}.", passes(t, tr))
    } else {
        let f = finding_in(t, tr);
        let bare = finding(tr);
        if f == bare {
            the_cause_bare(tr)
        } else if let Some(fact) = f.strip_prefix(&bare) {
            // Only the deciding fact added: the head keeps the bare line's case.
            format!("{}{fact}.", the_cause_bare(tr).trim_end_matches('.'))
        } else {
            format!("Correct. {}.", capital(&f))
        }
    }
}

/// The key's line from the trace alone: for a bank item, whose exhibit its author chose, the
/// path facts could name a table it does not show.
pub fn the_cause_bare(tr: &Trace) -> String {
    if tr.verdict == Verdict::Reachable {
        format!("Correct. {}.", finding(tr))
    } else {
        let f = finding(tr);
        // A resource name keeps its case even when it is one plain word (`stfinance`).
        let first = f.split_whitespace().next().unwrap_or("");
        let named = tr.to.split('.').next() == Some(first)
            || first == tr.from
            || tr.hops.iter().any(|h| h.at == first);
        if named {
            format!("Correct. {f}.")
        } else {
            format!("Correct. {}.", capital(&f))
        }
    }
}

/// `lead: cause`, or `lead, because cause` when the cause has a colon of its own (a sentence
/// never chains two).
pub fn then(lead: &str, cause: &str) -> String {
    if cause.contains(": ") {
        format!("{lead}, because {cause}")
    } else {
        format!("{lead}: {cause}")
    }
}

/// Capitalises a sentence's first word, unless it is a resource name (names keep their case).
pub fn capital(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    if first.contains(|c: char| c == '-' || c == '.' || c.is_ascii_digit()) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_at_a_dot_before_a_capital_not_inside_an_address() {
        assert_eq!(
            first_sentence("NSG x denies 10.1.2.0/24 (priority 100). Routes choose."),
            "NSG x denies 10.1.2.0/24 (priority 100)"
        );
        assert_eq!(first_sentence("one part only."), "one part only");
    }
}
