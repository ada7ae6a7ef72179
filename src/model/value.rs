//! Small value types shared by NSG and firewall rules, with their parsers. Parsers return a
//! message that says what a valid value looks like, because users type these by hand.

use ipnet::Ipv4Net;
use std::fmt;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Any,
}

impl Protocol {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            "icmp" => Ok(Protocol::Icmp),
            "any" | "*" => Ok(Protocol::Any),
            _ => Err(format!(
                "unknown protocol {s:?}; use \"tcp\", \"udp\", \"icmp\" or \"any\""
            )),
        }
    }

    /// Whether a rule written for `self` matches a packet of protocol `packet`.
    pub fn matches(self, packet: Protocol) -> bool {
        self == Protocol::Any || self == packet
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::Any => "any",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "inbound" => Ok(Direction::Inbound),
            "outbound" => Ok(Direction::Outbound),
            _ => Err(format!(
                "unknown direction {s:?}; use \"inbound\" or \"outbound\""
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Allow,
    Deny,
}

impl Access {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "allow" => Ok(Access::Allow),
            "deny" => Ok(Access::Deny),
            _ => Err(format!("unknown action {s:?}; use \"allow\" or \"deny\"")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Allow => "allow",
            Access::Deny => "deny",
        }
    }
}

/// Destination ports: `*`, `443`, `1000-2000`, or a comma list of those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortSet {
    Any,
    Ranges(Vec<(u16, u16)>),
}

impl PortSet {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "*" {
            return Ok(PortSet::Any);
        }
        let hint = "use \"*\", a port such as \"443\", a range such as \"1000-2000\", or a comma list such as \"80,443\"";
        let mut ranges = Vec::new();
        for part in s.split(',') {
            let part = part.trim();
            let (lo, hi) = match part.split_once('-') {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (part, part),
            };
            let lo: u16 = lo
                .parse()
                .map_err(|_| format!("bad port {part:?} in {s:?}; {hint}"))?;
            let hi: u16 = hi
                .parse()
                .map_err(|_| format!("bad port {part:?} in {s:?}; {hint}"))?;
            if lo == 0 || lo > hi {
                return Err(format!(
                    "bad port range {part:?}: ports run from 1 to 65535, low to high"
                ));
            }
            ranges.push((lo, hi));
        }
        Ok(PortSet::Ranges(ranges))
    }

    pub fn contains(&self, port: u16) -> bool {
        match self {
            PortSet::Any => true,
            PortSet::Ranges(r) => r.iter().any(|&(lo, hi)| lo <= port && port <= hi),
        }
    }
}

impl fmt::Display for PortSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortSet::Any => f.write_str("*"),
            PortSet::Ranges(r) => {
                let parts: Vec<String> = r
                    .iter()
                    .map(|&(lo, hi)| {
                        if lo == hi {
                            lo.to_string()
                        } else {
                            format!("{lo}-{hi}")
                        }
                    })
                    .collect();
                f.write_str(&parts.join(","))
            }
        }
    }
}

/// The source or destination of an NSG rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressMatch {
    Any,
    Prefix(Ipv4Net),
    /// The `VirtualNetwork` service tag, resolved per VNet by the evaluator (RULES.md §5).
    VirtualNetwork,
    /// The `Internet` service tag.
    Internet,
    /// The `AzureLoadBalancer` tag: only in the default rules; no modelled flow matches it.
    AzureLoadBalancer,
    /// The `GatewayManager` tag (Bastion's NSG needs it, RULES.md §11); no modelled machine
    /// sends from it.
    GatewayManager,
    /// The `AzureCloud` tag (Bastion's NSG needs it, RULES.md §11).
    AzureCloud,
    /// Application security groups (`source_asgs`/`destination_asgs`, RULES.md §10): the
    /// private IPs of their member NICs.
    Asgs(Vec<String>),
}

impl AddressMatch {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "*" | "Any" => Ok(AddressMatch::Any),
            "VirtualNetwork" => Ok(AddressMatch::VirtualNetwork),
            "Internet" => Ok(AddressMatch::Internet),
            "AzureLoadBalancer" => Ok(AddressMatch::AzureLoadBalancer),
            "GatewayManager" => Ok(AddressMatch::GatewayManager),
            "AzureCloud" => Ok(AddressMatch::AzureCloud),
            _ => parse_prefix_or_ip(s).map(AddressMatch::Prefix).map_err(|e| {
                format!("{e}; an NSG address is a CIDR, an IP, \"*\", or a service tag: \"VirtualNetwork\", \"Internet\", \"AzureLoadBalancer\", \"GatewayManager\" or \"AzureCloud\"")
            }),
        }
    }
}

impl fmt::Display for AddressMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressMatch::Any => f.write_str("*"),
            AddressMatch::Prefix(p) => write!(f, "{p}"),
            AddressMatch::VirtualNetwork => f.write_str("VirtualNetwork"),
            AddressMatch::Internet => f.write_str("Internet"),
            AddressMatch::AzureLoadBalancer => f.write_str("AzureLoadBalancer"),
            AddressMatch::GatewayManager => f.write_str("GatewayManager"),
            AddressMatch::AzureCloud => f.write_str("AzureCloud"),
            AddressMatch::Asgs(names) => write!(f, "ASG {}", names.join(", ")),
        }
    }
}

/// An IPv4 CIDR in canonical form (Azure rejects host bits in a prefix, so does peerlab).
pub fn parse_cidr(s: &str) -> Result<Ipv4Net, String> {
    let net: Ipv4Net = s
        .parse()
        .map_err(|_| format!("{s:?} is not an IPv4 CIDR such as \"10.1.0.0/16\""))?;
    if net.trunc() != net {
        return Err(format!(
            "{s:?} has host bits set; the network address is \"{}\"",
            net.trunc()
        ));
    }
    Ok(net)
}

pub fn parse_ip(s: &str) -> Result<Ipv4Addr, String> {
    s.parse()
        .map_err(|_| format!("{s:?} is not an IPv4 address such as \"10.1.1.4\""))
}

/// A CIDR, or a bare IP taken as a /32 (NSG and firewall rules accept both).
pub fn parse_prefix_or_ip(s: &str) -> Result<Ipv4Net, String> {
    if s == "*" {
        return Ok(Ipv4Net::default());
    }
    if s.contains('/') {
        parse_cidr(s)
    } else {
        parse_ip(s)
            .map(|ip| Ipv4Net::new(ip, 32).expect("32 is a valid prefix length"))
            .map_err(|_| format!("{s:?} is not an IPv4 address or CIDR"))
    }
}

pub fn overlap(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_accept_the_documented_forms() {
        assert_eq!(PortSet::parse("*").unwrap(), PortSet::Any);
        let p = PortSet::parse("80, 443,1000-2000").unwrap();
        assert!(p.contains(80) && p.contains(443) && p.contains(1500));
        assert!(!p.contains(81) && !p.contains(2001));
        assert_eq!(p.to_string(), "80,443,1000-2000");
        assert!(PortSet::parse("0").is_err());
        assert!(PortSet::parse("2000-1000").is_err());
        assert!(PortSet::parse("http").is_err());
        assert!(PortSet::parse("70000").is_err());
    }

    #[test]
    fn cidr_with_host_bits_is_refused_with_the_fix() {
        let e = parse_cidr("10.0.0.1/16").unwrap_err();
        assert!(e.contains("\"10.0.0.0/16\""), "{e}");
        assert!(parse_cidr("10.0.0.0/33").is_err());
        assert!(parse_cidr("10.0.0.0").is_err());
    }

    #[test]
    fn overlap_is_symmetric_and_containment_counts() {
        let a: Ipv4Net = "10.0.0.0/8".parse().unwrap();
        let b: Ipv4Net = "10.5.0.0/16".parse().unwrap();
        let c: Ipv4Net = "11.0.0.0/16".parse().unwrap();
        assert!(overlap(&a, &b) && overlap(&b, &a));
        assert!(!overlap(&a, &c));
    }
}
