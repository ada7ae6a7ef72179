//! Name resolution as a VM in Azure sees it (RULES.md §6, docs/EVALUATOR.md "Names").

use super::reason::{Leg, Reason, Verdict};
use super::trace::{Failure, FlowSpec, Walker};
use super::{MachineKind, Network};
use crate::model::{DnsSetting, Protocol};
use std::net::Ipv4Addr;

/// The suffix peerlab gives Azure-provided VM names (Azure adds a per-VNet label before it).
pub const AZURE_DNS_SUFFIX: &str = ".internal.cloudapp.net";

/// Whether `s` looks like a DNS name (a dot, DNS label characters), as opposed to a typo.
pub(super) fn is_dns_name(s: &str) -> bool {
    s.len() <= 253
        && s.contains('.')
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn fail(w: &mut Walker, at: &str, detail: String) -> Failure {
    w.hop(at, "dns", false, detail.clone());
    Failure::new(Reason::DnsUnresolved, at, detail)
}

/// Resolves `name` as machine `src` would, and records the outcome as a `dns` hop.
pub(super) fn resolve(w: &mut Walker, src: usize, name: &str) -> Result<Ipv4Addr, Failure> {
    let net: &Network = w.net;
    let t = net.topology;
    let m = &net.machines[src];
    let at = m.name.clone();
    let Some((v, _)) = m.kind.place() else {
        if let Some((ip, how)) = super::private_link::resolve_on_premises(net, name) {
            w.hop(&at, "dns", true, how);
            return Ok(ip);
        }
        return Err(fail(
            w,
            &at,
            format!(
                "{} is on premises, and peerlab models no DNS forwarder from on-premises to Azure, so {name} does not resolve there",
                m.name
            ),
        ));
    };
    let (resolver, via) = match &t.vnets[v].dns {
        DnsSetting::Azure => (v, format!("Azure-provided DNS of {}", t.vnets[v].name)),
        DnsSetting::Server(d) => {
            let spec = FlowSpec {
                from: m.name.clone(),
                to: d.clone(),
                port: 53,
                protocol: Protocol::Udp,
            };
            let sub = net
                .trace(&spec)
                .expect("the DNS server is a VM of the file");
            if sub.verdict == Verdict::Unreachable {
                let why = sub
                    .hops
                    .iter()
                    .rev()
                    .find(|h| !h.ok)
                    .map(|h| h.detail.clone())
                    .unwrap_or_default();
                let leg = if sub.hops.iter().any(|h| h.leg == Leg::Reply && !h.ok) {
                    "its answer cannot come back"
                } else {
                    "the query cannot reach it"
                };
                return Err(fail(
                    w,
                    &at,
                    format!(
                        "{} asks DNS server {d}, but {leg} ({}: {why})",
                        t.vnets[v].name,
                        sub.reason.code()
                    ),
                ));
            }
            let server = t.vm(d).expect("validated DNS server VM");
            if !server.dns_server {
                return Err(fail(
                    w,
                    &at,
                    format!(
                        "{} asks {d} for names, but {d} does not run a DNS server (dns_server = false)",
                        t.vnets[v].name
                    ),
                ));
            }
            let sv = net
                .machine(d)
                .and_then(|x| x.kind.place())
                .map(|(sv, _)| sv)
                .expect("placed VM");
            (
                sv,
                format!(
                    "DNS server {d} (answering with what {} can resolve)",
                    t.vnets[sv].name
                ),
            )
        }
    };
    let rname = &t.vnets[resolver].name;
    let lower = name.to_ascii_lowercase();
    let ip = if let Some((ip, how)) =
        super::private_link::resolve_public_name(net, resolver, &lower)
    {
        // A PaaS public name (RULES.md §12): privatelink zone or public address.
        w.hop(&at, "dns", true, format!("{via}: {how}"));
        let pe = (0..net.machines.len()).find(|&i| {
            net.machines[i].ip == ip
                && matches!(net.machines[i].kind, MachineKind::PrivateEndpoint { .. })
        });
        if let Some(pe) = pe {
            w.set_target(pe);
        }
        return Ok(ip);
    } else if let Some(host) = lower.strip_suffix(AZURE_DNS_SUFFIX) {
        let vm = t.vms.iter().find(|x| x.name.eq_ignore_ascii_case(host));
        match vm {
            Some(x) if &x.vnet == rname => x.ip,
            Some(x) => {
                return Err(fail(
                    w,
                    &at,
                    format!(
                        "{via} resolves VM names only inside {rname}; {} is in {}, and peering does not share Azure-provided names between VNets",
                        x.name, x.vnet
                    ),
                ));
            }
            None => return Err(fail(w, &at, format!("no VM is named {host}"))),
        }
    } else {
        // A zone answers only the VNets linked to it: among the zones whose name ends the
        // query, the resolver consults the linked ones (longest first); an unlinked zone is
        // named only to explain a failure.
        let suffix_of = |z: &&crate::model::DnsZone| {
            lower.ends_with(&format!(".{}", z.name.to_ascii_lowercase()))
        };
        let linked = t
            .dns_zones
            .iter()
            .filter(suffix_of)
            .filter(|z| z.links.iter().any(|l| l == rname))
            .filter(|z| {
                let rel = &lower[..lower.len() - z.name.len() - 1];
                z.records.keys().any(|k| k.eq_ignore_ascii_case(rel))
            })
            .max_by_key(|z| z.name.len());
        let zone = linked.or_else(|| {
            t.dns_zones
                .iter()
                .filter(suffix_of)
                .max_by_key(|z| z.name.len())
        });
        let Some(zone) = zone else {
            return Err(fail(
                w,
                &at,
                format!(
                    "no private DNS zone of the file holds {name}; peering does not make names resolve to private addresses"
                ),
            ));
        };
        let rel = &lower[..lower.len() - zone.name.len() - 1];
        let Some(ip) = zone
            .records
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(rel))
            .map(|(_, ip)| *ip)
        else {
            return Err(fail(
                w,
                &at,
                format!("zone {} has no record {rel}", zone.name),
            ));
        };
        if !zone.links.iter().any(|l| l == rname) {
            return Err(fail(
                w,
                &at,
                format!(
                    "zone {} holds {rel}, but it is not linked to {rname}, whose resolver {via} answers; a private zone answers only the VNets linked to it, and peering does not extend a link",
                    zone.name
                ),
            ));
        }
        ip
    };
    let holders: Vec<usize> = (0..net.machines.len())
        .filter(|&i| net.machines[i].ip == ip)
        .collect();
    let in_site = t
        .sites
        .iter()
        .any(|s| s.prefixes.iter().any(|p| p.contains(&ip)));
    if holders.is_empty() && !in_site && !net.is_internet(ip) {
        return Err(fail(
            w,
            &at,
            format!(
                "{name} resolves to {ip}, but no machine has that address (the record points elsewhere)"
            ),
        ));
    }
    if let [one] = holders[..]
        && !matches!(net.machines[one].kind, MachineKind::Host { .. })
    {
        w.set_target(one);
    }
    w.hop(&at, "dns", true, format!("{via} resolves {name} to {ip}"));
    Ok(ip)
}
