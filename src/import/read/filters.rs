//! Filters and forwarding rules: Azure Firewall network rules, NSG rules, route tables.

use super::*;

impl Network {
    pub(super) fn firewall(&mut self, file: &str, r: &At, name: &str) -> Result<(), Problem> {
        let cfg = r
            .arr(file, "ipConfigurations")?
            .into_iter()
            .next()
            .ok_or_else(|| r.problem(file, "the firewall has no ipConfigurations"))?;
        let subnet = cfg
            .ref_id(file, "subnet")?
            .ok_or_else(|| cfg.problem(file, "the IP configuration has no `subnet.id`"))?;
        let ip = cfg.req_str(file, "privateIPAddress")?;
        if r.ref_id(file, "firewallPolicy")?.is_some() {
            self.notes.push(format!(
                "firewall {} uses a Firewall Policy, whose rules are not in this JSON: it is \
                 imported with its classic rules only (none means it denies everything)",
                shown(name)
            ));
        }
        for k in ["applicationRuleCollections", "natRuleCollections"] {
            let n = r.arr(file, k)?.len();
            if n > 0 {
                *self.skipped.entry(format!("firewall {k}")).or_default() += n;
            }
        }
        let mut collections = r.arr(file, "networkRuleCollections")?;
        let mut keyed = Vec::new();
        for c in collections.drain(..) {
            keyed.push((c.int(file, "priority")?.unwrap_or(65000), c));
        }
        // Azure applies rule collections by priority, lowest first (a stable sort keeps file
        // order between equal ones); peerlab's firewall rules apply in file order.
        keyed.sort_by_key(|(p, _)| *p);
        let mut rules = Vec::new();
        for (_, c) in keyed {
            let action = c
                .str(file, "action.type")?
                .unwrap_or("Deny")
                .to_ascii_lowercase();
            for rule in c.arr(file, "rules")? {
                self.firewall_rule(file, &rule, &action, &mut rules)?;
            }
        }
        self.firewalls.push(FirewallIn {
            name: name.to_string(),
            subnet_key: id_key(subnet),
            ip: ip.to_string(),
            rules,
        });
        Ok(())
    }

    fn firewall_rule(
        &mut self,
        file: &str,
        rule: &At,
        action: &str,
        out: &mut Vec<out::FirewallRule>,
    ) -> Result<(), Problem> {
        let name = rule.req_str(file, "name")?;
        for unsupported in ["sourceIpGroups", "destinationIpGroups", "destinationFqdns"] {
            if !rule.arr(file, unsupported)?.is_empty() {
                self.notes.push(format!(
                    "firewall rule {} uses {unsupported}, which peerlab does not model: the rule \
                     is left out",
                    shown(name)
                ));
                return Ok(());
            }
        }
        let cidrs = |k: &str| -> Result<Vec<String>, Problem> {
            let mut v = Vec::new();
            for s in rule.strs(file, k)? {
                v.extend(address_list(s).map_err(|e| rule.problem(file, e))?);
            }
            Ok(v)
        };
        let source = cidrs("sourceAddresses")?;
        let destination = cidrs("destinationAddresses")?;
        let ports = rule.strs(file, "destinationPorts")?.join(",");
        let protocols: Vec<String> = rule
            .strs(file, "protocols")?
            .iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        let protocol = if protocols.is_empty()
            || protocols.iter().any(|p| p == "any")
            || ["tcp", "udp", "icmp"]
                .iter()
                .all(|p| protocols.iter().any(|x| x == p))
        {
            vec!["any".to_string()]
        } else {
            protocols
        };
        for p in &protocol {
            let suffix = if protocol.len() > 1 {
                format!("-{p}")
            } else {
                String::new()
            };
            out.push(out::FirewallRule {
                name: format!("{name}{suffix}"),
                action: action.to_string(),
                protocol: p.clone(),
                source: source.clone(),
                destination: destination.clone(),
                ports: if ports.is_empty() {
                    "*".into()
                } else {
                    ports.clone()
                },
            });
        }
        Ok(())
    }

    pub(super) fn route_table(
        &mut self,
        file: &str,
        r: &At,
        ty: &str,
        name: &str,
    ) -> Result<(), Problem> {
        let key = own_key(r, file, ty, name)?;
        let disable = r.bool(file, "disableBgpRoutePropagation")?.unwrap_or(false);
        let mut routes = Vec::new();
        for rt in r.arr(file, "routes")? {
            let rname = rt.req_str(file, "name")?;
            let prefix = rt.req_str(file, "addressPrefix")?;
            if !prefix.contains('/') && !prefix.contains('.') {
                self.notes.push(format!(
                    "route {} in {} uses the service tag {}, which peerlab does not model: the \
                     route is left out",
                    shown(rname),
                    shown(name),
                    shown(prefix)
                ));
                continue;
            }
            routes.push(out::Route {
                name: rname.to_string(),
                prefix: prefix.to_string(),
                next_hop: rt.req_str(file, "nextHopType")?.to_string(),
                next_hop_ip: rt
                    .str(file, "nextHopIpAddress")?
                    .filter(|ip| !ip.is_empty())
                    .map(str::to_string),
            });
        }
        let t = out::RouteTable {
            name: name.to_string(),
            propagate_gateway_routes: !disable,
            route: routes,
        };
        let subnets = ref_keys(r, file, "subnets")?;
        self.route_tables.push(NamedIn {
            name: name.to_string(),
            key,
            table: t,
            subnets,
            nics: Vec::new(),
        });
        Ok(())
    }

    pub(super) fn nsg(&mut self, file: &str, r: &At, ty: &str, name: &str) -> Result<(), Problem> {
        let key = own_key(r, file, ty, name)?;
        let mut rules: Vec<(i64, String, At)> = Vec::new();
        for rule in r.arr(file, "securityRules")? {
            let p = rule
                .int(file, "priority")?
                .ok_or_else(|| rule.problem(file, "the security rule has no `priority`"))?;
            let dir = rule.req_str(file, "direction")?.to_ascii_lowercase();
            rules.push((p, dir, rule));
        }
        let used: BTreeSet<(String, i64)> = rules.iter().map(|(p, d, _)| (d.clone(), *p)).collect();
        let mut written = Vec::new();
        for (p, dir, rule) in &rules {
            self.nsg_rule(file, name, rule, *p, dir, &used, &mut written)?;
        }
        let t = out::Nsg {
            name: name.to_string(),
            rule: written,
        };
        let subnets = ref_keys(r, file, "subnets")?;
        let nics = ref_keys(r, file, "networkInterfaces")?;
        self.nsgs.push(NamedIn {
            name: name.to_string(),
            key,
            table: t,
            subnets,
            nics,
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn nsg_rule(
        &mut self,
        file: &str,
        nsg: &str,
        rule: &At,
        priority: i64,
        dir: &str,
        used: &BTreeSet<(String, i64)>,
        out: &mut Vec<out::NsgRule>,
    ) -> Result<(), Problem> {
        let name = rule.req_str(file, "name")?;
        let protocol = match rule
            .req_str(file, "protocol")?
            .to_ascii_lowercase()
            .as_str()
        {
            "*" => "any".to_string(),
            p @ ("tcp" | "udp" | "icmp") => p.to_string(),
            other => {
                self.notes.push(format!(
                    "NSG rule {} in {} is for protocol {}, which peerlab does not model: left out",
                    shown(name),
                    shown(nsg),
                    shown(other)
                ));
                return Ok(());
            }
        };
        for asg in [
            "sourceApplicationSecurityGroups",
            "destinationApplicationSecurityGroups",
        ] {
            if !rule.arr(file, asg)?.is_empty() {
                self.notes.push(format!(
                    "NSG rule {} in {} names application security groups, which this import \
                     does not read yet: left out",
                    shown(name),
                    shown(nsg)
                ));
                return Ok(());
            }
        }
        if let Some(sp) = rule.str(file, "sourcePortRange")?
            && sp != "*"
        {
            self.notes.push(format!(
                "NSG rule {} in {} matches source ports {}; peerlab matches destination ports \
                 only, so it is imported for every source port",
                shown(name),
                shown(nsg),
                shown(sp)
            ));
        }
        let one_or_many = |single: &str, many: &str| -> Result<Vec<String>, Problem> {
            let mut v: Vec<String> = rule
                .strs(file, many)?
                .into_iter()
                .map(str::to_string)
                .collect();
            if v.is_empty() {
                v.push(rule.str(file, single)?.unwrap_or("*").to_string());
            }
            Ok(v)
        };
        let sources = one_or_many("sourceAddressPrefix", "sourceAddressPrefixes")?;
        let dests = one_or_many("destinationAddressPrefix", "destinationAddressPrefixes")?;
        let ports = one_or_many("destinationPortRange", "destinationPortRanges")?.join(",");
        let pairs: Vec<(&String, &String)> = sources
            .iter()
            .flat_map(|s| dests.iter().map(move |d| (s, d)))
            .collect();
        // peerlab's rules take one source and one destination, and priorities are unique: a
        // rule with several prefixes becomes one rule per pair at the free priorities just
        // after its own, which keeps Azure's order as long as no other rule sits between.
        let priorities: Vec<i64> = (0..pairs.len() as i64).map(|i| priority + i).collect();
        if priorities[1..]
            .iter()
            .any(|p| used.contains(&(dir.to_string(), *p)) || *p > 4096)
        {
            self.notes.push(format!(
                "NSG rule {} in {} lists {} source/destination pairs, and the priorities after \
                 {priority} are taken: peerlab cannot keep its place, so it is left out",
                shown(name),
                shown(nsg),
                pairs.len()
            ));
            return Ok(());
        }
        if pairs.len() > 1 {
            self.notes.push(format!(
                "NSG rule {} in {} lists several prefixes: imported as {} rules at priorities \
                 {priority} to {}",
                shown(name),
                shown(nsg),
                pairs.len(),
                priority + pairs.len() as i64 - 1
            ));
        }
        for (i, ((s, d), p)) in pairs.iter().zip(&priorities).enumerate() {
            let rname = if pairs.len() > 1 {
                format!("{name}-{}", i + 1)
            } else {
                name.to_string()
            };
            out.push(out::NsgRule {
                name: rname,
                priority: *p,
                direction: dir.to_string(),
                access: rule.req_str(file, "access")?.to_ascii_lowercase(),
                protocol: protocol.clone(),
                source: s.to_string(),
                destination: d.to_string(),
                destination_ports: ports.clone(),
            });
        }
        Ok(())
    }
}

/// An Azure Firewall address: `*`, an IP, a CIDR, or a range `a-b` (as CIDRs).
fn address_list(s: &str) -> Result<Vec<String>, String> {
    let s = s.trim();
    if s == "*" {
        return Ok(vec!["0.0.0.0/0".into()]);
    }
    if let Some((a, b)) = s.split_once('-') {
        let (a, b): (std::net::Ipv4Addr, std::net::Ipv4Addr) = (
            a.trim()
                .parse()
                .map_err(|_| format!("bad address range {}", shown(s)))?,
            b.trim()
                .parse()
                .map_err(|_| format!("bad address range {}", shown(s)))?,
        );
        if a > b {
            return Err(format!("address range {} runs high to low", shown(s)));
        }
        return Ok(ipnet::Ipv4Subnets::new(a, b, 0)
            .map(|n| n.to_string())
            .collect());
    }
    if s.contains('/') {
        return Ok(vec![s.to_string()]);
    }
    s.parse::<std::net::Ipv4Addr>()
        .map(|ip| vec![format!("{ip}/32")])
        .map_err(|_| format!("address {} is not an IPv4 address, CIDR or range", shown(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firewall_ranges_become_cidrs() {
        assert_eq!(
            address_list("10.1.4.12-10.1.4.15").unwrap(),
            vec!["10.1.4.12/30"]
        );
        assert_eq!(address_list("*").unwrap(), vec!["0.0.0.0/0"]);
        assert_eq!(address_list("10.0.0.4").unwrap(), vec!["10.0.0.4/32"]);
        assert!(address_list("web.contoso.com").is_err());
    }
}
