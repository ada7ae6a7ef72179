//! Network security groups: default rules, service tags, and first-match evaluation (RULES.md §5).

use super::{Network, Packet, is_private};
use crate::model::{Access, AddressMatch, Direction, Nsg, NsgRule, PortSet, Pos, Protocol};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;
use std::sync::OnceLock;

/// The six rules Azure adds to every NSG, below all custom rules.
pub fn default_rules() -> &'static [NsgRule] {
    static RULES: OnceLock<Vec<NsgRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let rule = |name: &str, priority, direction, access, source, destination| NsgRule {
            name: name.to_string(),
            priority,
            direction,
            access,
            protocol: Protocol::Any,
            source,
            destination,
            destination_ports: PortSet::Any,
            pos: Pos::default(),
        };
        use AddressMatch::*;
        use Direction::*;
        vec![
            rule(
                "AllowVnetInBound",
                65000,
                Inbound,
                Access::Allow,
                VirtualNetwork,
                VirtualNetwork,
            ),
            rule(
                "AllowAzureLoadBalancerInBound",
                65001,
                Inbound,
                Access::Allow,
                AzureLoadBalancer,
                Any,
            ),
            rule("DenyAllInBound", 65500, Inbound, Access::Deny, Any, Any),
            rule(
                "AllowVnetOutBound",
                65000,
                Outbound,
                Access::Allow,
                VirtualNetwork,
                VirtualNetwork,
            ),
            rule(
                "AllowInternetOutBound",
                65001,
                Outbound,
                Access::Allow,
                Any,
                Internet,
            ),
            rule("DenyAllOutBound", 65500, Outbound, Access::Deny, Any, Any),
        ]
    })
}

/// The rule that decided, in IP flow verify's terms (`securityRules/x`, `defaultSecurityRules/x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NsgDecision {
    pub nsg: String,
    pub access: Access,
    pub rule: String,
    pub priority: u16,
    pub default_rule: bool,
    /// A default deny that would have been an allow with access on for every peering.
    pub only_because_access_off: bool,
    /// Then, the rule that would have allowed it (a default AllowVnet rule, or a custom rule
    /// written with the `VirtualNetwork` tag).
    pub would_allow: Option<String>,
    /// The ASGs the deciding rule matched through (`source ASG asg-web`), RULES.md §10.
    pub asgs: Vec<String>,
}

impl NsgDecision {
    pub fn rule_id(&self) -> String {
        let kind = if self.default_rule {
            "defaultSecurityRules"
        } else {
            "securityRules"
        };
        format!("{kind}/{}", self.rule)
    }
}

/// The `VirtualNetwork` tag of a VNet (RULES.md §5). With `all_access`, as if every Connected
/// peering had access on.
pub(super) fn vnet_tag(net: &Network, v: usize, all_access: bool) -> Vec<Ipv4Net> {
    let t = net.topology;
    let mut tag = t.vnets[v].address_space.clone();
    for l in &net.links[v] {
        if all_access || t.peerings[l.own].allow_virtual_network_access {
            // RULES.md §14: the tag holds the remote space this side last synced.
            tag.extend(net.known_space(l.own, l.peer).iter().copied());
        }
    }
    if let Some(g) = net.gateway_of(v) {
        let gw = t.vnets[g]
            .gateway
            .as_ref()
            .expect("gateway VNet has a gateway");
        for site in gw.sites.iter().filter_map(|n| t.site(n)) {
            tag.extend(site.prefixes.iter().copied());
        }
        // The point-to-site pool is connected through the gateway like a site (RULES.md §16).
        tag.extend(gw.p2s_pool);
    }
    for s in &t.vnets[v].subnets {
        if let Some(rt) = s.route_table.as_deref().and_then(|n| t.route_table(n)) {
            tag.extend(rt.routes.iter().map(|r| r.prefix));
        }
    }
    tag
}

fn in_tag(tag: &[Ipv4Net], ip: Ipv4Addr) -> bool {
    tag.iter().any(|p| p.contains(&ip))
}

/// The ASG of `names` whose member NICs hold `ip` (RULES.md §10: an ASG in a rule stands for
/// the private IPs of its members; an empty ASG matches nothing).
fn asg_holding<'a>(net: &Network, names: &'a [String], ip: Ipv4Addr) -> Option<&'a String> {
    names.iter().find(|n| {
        net.asg_ips
            .get(n.as_str())
            .is_some_and(|ips| ips.contains(&ip))
    })
}

fn address_matches(net: &Network, m: &AddressMatch, ip: Ipv4Addr, tag: &[Ipv4Net]) -> bool {
    match m {
        AddressMatch::Any => true,
        AddressMatch::Prefix(p) => p.contains(&ip),
        AddressMatch::VirtualNetwork => in_tag(tag, ip),
        AddressMatch::Internet => !in_tag(tag, ip) && !is_private(ip),
        AddressMatch::Asgs(names) => asg_holding(net, names, ip).is_some(),
        // No modelled machine sends from these tags (FORMAT.md §1b).
        AddressMatch::AzureLoadBalancer
        | AddressMatch::GatewayManager
        | AddressMatch::AzureCloud => false,
    }
}

fn rule_matches(net: &Network, r: &NsgRule, p: &Packet, tag: &[Ipv4Net]) -> bool {
    let ports = match p.protocol {
        // ICMP has no ports: only a rule for any port can match it.
        Protocol::Icmp => r.destination_ports == PortSet::Any,
        _ => r.destination_ports.contains(p.port),
    };
    r.protocol.matches(p.protocol)
        && ports
        && address_matches(net, &r.source, p.src, tag)
        && address_matches(net, &r.destination, p.dst, tag)
}

fn first_match<'r>(
    net: &Network,
    nsg: &'r Nsg,
    dir: Direction,
    p: &Packet,
    tag: &[Ipv4Net],
) -> (&'r NsgRule, bool) {
    let t = net.topology;
    // A rule Azure refused (ASGs of two VNets, RULES.md §10) does not exist.
    let mut custom: Vec<&NsgRule> = nsg
        .rules
        .iter()
        .filter(|r| r.direction == dir && !crate::model::asg::rule_refused(t, r))
        .collect();
    custom.sort_by_key(|r| r.priority);
    if let Some(r) = custom.into_iter().find(|r| rule_matches(net, r, p, tag)) {
        return (r, false);
    }
    let r = default_rules()
        .iter()
        .filter(|r| r.direction == dir)
        .find(|r| rule_matches(net, r, p, tag))
        .expect("the default DenyAll rule matches everything");
    (r, true)
}

/// The ASGs through which `r` matched `p`, each as `source ASG x` / `destination ASG y`.
fn matched_asgs(net: &Network, r: &NsgRule, p: &Packet) -> Vec<String> {
    let mut out = Vec::new();
    if let AddressMatch::Asgs(names) = &r.source
        && let Some(a) = asg_holding(net, names, p.src)
    {
        out.push(format!("source ASG {a}"));
    }
    if let AddressMatch::Asgs(names) = &r.destination
        && let Some(a) = asg_holding(net, names, p.dst)
    {
        out.push(format!("destination ASG {a}"));
    }
    out
}

/// Evaluates one NSG applied in VNet `v` (whose `VirtualNetwork` tag applies).
pub(super) fn evaluate(
    net: &Network,
    nsg: &Nsg,
    v: usize,
    dir: Direction,
    p: &Packet,
) -> NsgDecision {
    let (rule, default_rule) = first_match(net, nsg, dir, p, &net.tags[v]);
    let would_allow =
        (default_rule && rule.access == Access::Deny && net.tags[v] != net.tags_all_access[v])
            .then(|| first_match(net, nsg, dir, p, &net.tags_all_access[v]))
            .filter(|(r, _)| r.access == Access::Allow)
            .map(|(r, is_default)| {
                if is_default {
                    format!("the default rule {}", r.name)
                } else {
                    format!("rule {}, which uses the VirtualNetwork tag,", r.name)
                }
            });
    NsgDecision {
        nsg: nsg.name.clone(),
        access: rule.access,
        rule: rule.name.clone(),
        priority: rule.priority,
        default_rule,
        only_because_access_off: would_allow.is_some(),
        would_allow,
        asgs: matched_asgs(net, rule, p),
    }
}
