//! TOML → [`Topology`], with every structural mistake reported at once and located.
//!
//! Values are read as strings and converted here rather than by serde, so that one bad CIDR does
//! not hide the next problem, and so each message can say what a valid value looks like. Only
//! TOML syntax and schema errors (unknown or missing fields, wrong types) stop at the first.

mod checks;
mod network;
mod raw;
mod services;

use super::diag::LineIndex;
use super::value::{overlap, parse_cidr, parse_ip, parse_prefix_or_ip};
use super::*;
use raw::*;
use std::collections::{HashMap, HashSet};
use toml::Spanned as S;

/// Files larger than this are refused: content is untrusted and a topology is small.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A valid topology and the warnings about it (Azure's rejections among them).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub topology: Topology,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a topology file. On error, the list holds every error and warning,
/// sorted by position.
pub fn parse_topology(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            Pos { line: 1, col: 1 },
            "file-too-large",
            format!(
                "the file is {} bytes; topology files are limited to {} bytes",
                text.len(),
                MAX_FILE_BYTES
            ),
        )]);
    }
    let idx = LineIndex::new(text);
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![super::diag::toml_error(&idx, &e)]),
    };
    let mut ck = Checker {
        idx,
        diags: Vec::new(),
    };
    let topology = ck.build(raw);
    if !ck.diags.iter().any(Diagnostic::is_error) {
        ck.diags.extend(peering::rejection_warnings(&topology));
        ck.diags.extend(crate::model::asg::asg_warnings(&topology));
    }
    ck.diags.sort_by_key(|d| (d.pos, d.severity));
    if ck.diags.iter().any(Diagnostic::is_error) {
        Err(ck.diags)
    } else {
        Ok(Parsed {
            topology,
            warnings: ck.diags,
        })
    }
}

/// Longest name accepted (Azure's own limit for most network resources).
const MAX_NAME: usize = 80;

/// The name rule of every resource, in a topology and in a question's changes alike: Azure's
/// resource-name alphabet (letters, digits, `.`, `_`, `-`), which also keeps escape sequences
/// and invisible characters out of everything that shows a name.
pub fn check_name(v: &str, what: &str) -> Result<(), String> {
    let ok = !v.is_empty()
        && v.len() <= MAX_NAME
        && v.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what} name {} is not valid; use 1 to {MAX_NAME} letters, digits, '.', '_' or '-', starting with a letter or digit",
            crate::text::quoted(v)
        ))
    }
}
const MAX_TEXT: usize = 4000;

struct Checker<'a> {
    idx: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

/// Remembers the first place each name was defined, to report duplicates.
#[derive(Default)]
struct Names(HashMap<String, Pos>);

impl<'a> Checker<'a> {
    fn at<T>(&self, s: &S<T>) -> Pos {
        self.idx.pos(s.span().start)
    }

    fn err(&mut self, pos: Pos, code: &str, msg: String) {
        self.diags.push(Diagnostic::error(pos, code, msg));
    }

    fn warn(&mut self, pos: Pos, code: &str, msg: String) {
        self.diags.push(Diagnostic::warning(pos, code, msg));
    }

    /// Names appear on the terminal and in references, so they use Azure's resource-name
    /// alphabet: letters, digits, `.`, `_`, `-`. That also keeps escape sequences out.
    fn name(&mut self, s: &S<String>, what: &str) -> String {
        let v = s.get_ref();
        if let Err(e) = check_name(v, what) {
            let pos = self.at(s);
            self.err(pos, "bad-name", e);
        }
        v.clone()
    }

    /// `what` names the kind; `scope` (may be empty) says where names must be unique.
    /// Machine names are also `--to` targets, where an address is tried first: a name that
    /// reads as an IPv4 address would be ambiguous.
    fn machine_name(&mut self, s: &S<String>, what: &str) -> String {
        let name = self.name(s, what);
        if name.parse::<Ipv4Addr>().is_ok() {
            let pos = self.at(s);
            self.err(pos, "bad-name", format!("{what} name {name:?} reads as an IPv4 address, which --to would take as an address; use a name"));
        }
        name
    }

    fn unique(&mut self, names: &mut Names, s: &S<String>, what: &str) {
        let (kind, scope) = what
            .split_once(" in ")
            .map_or((what, String::new()), |(k, sc)| (k, format!(" in {sc}")));
        let pos = self.at(s);
        if let Some(first) = names.0.get(s.get_ref()) {
            let first = *first;
            self.err(
                pos,
                "duplicate-name",
                format!(
                    "{kind} {:?} is already defined{scope} at line {}; names must be unique",
                    s.get_ref(),
                    first.line
                ),
            );
        } else {
            names.0.insert(s.get_ref().clone(), pos);
        }
    }

    fn text(&mut self, s: &S<String>, what: &str) -> String {
        let v = s.get_ref();
        if let Err(e) = crate::text::check_text(v, MAX_TEXT) {
            let pos = self.at(s);
            self.err(pos, "bad-text", format!("{what}: {e}"));
        }
        v.clone()
    }

    fn cidr(&mut self, s: &S<String>) -> Option<Ipv4Net> {
        match parse_cidr(s.get_ref()) {
            Ok(n) => Some(n),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-cidr", e);
                None
            }
        }
    }

    fn cidrs(&mut self, list: &[S<String>]) -> Vec<Ipv4Net> {
        list.iter().filter_map(|s| self.cidr(s)).collect()
    }

    fn ip(&mut self, s: &S<String>) -> Option<Ipv4Addr> {
        match parse_ip(s.get_ref()) {
            Ok(ip) => Some(ip),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-ip", e);
                None
            }
        }
    }

    fn value<T>(&mut self, s: &S<String>, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(s.get_ref()) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = self.at(s);
                self.err(pos, "bad-value", crate::text::printable(&e));
                None
            }
        }
    }

    fn build(&mut self, raw: RawFile) -> Topology {
        let mut t = Topology::default();
        if let Some(meta) = &raw.meta {
            t.meta.title = meta.title.as_ref().map(|s| self.text(s, "meta.title"));
            t.meta.description = meta
                .description
                .as_ref()
                .map(|s| self.text(s, "meta.description"));
        }
        let mut vnet_names = Names::default();
        for v in &raw.vnet {
            let vnet = self.vnet(v, &mut vnet_names);
            t.vnets.push(vnet);
        }
        let mut rt_names = Names::default();
        for r in &raw.route_table {
            t.route_tables.push(self.route_table(r, &mut rt_names));
        }
        let mut nsg_names = Names::default();
        for n in &raw.nsg {
            t.nsgs.push(self.nsg(n, &mut nsg_names));
        }
        let mut machine_names = Names::default();
        let mut site_names = Names::default();
        for s in &raw.site {
            t.sites
                .push(self.site(s, &mut site_names, &mut machine_names));
        }
        let mut ips: HashMap<(String, Ipv4Addr), Pos> = HashMap::new();
        for v in &raw.vm {
            let vm = self.vm(v, &t, &mut machine_names, &mut ips);
            t.vms.push(vm);
        }
        for f in &raw.firewall {
            let fw = self.firewall(f, &t, &mut machine_names, &mut ips);
            t.firewalls.push(fw);
        }
        let mut asg_names = Names::default();
        for a in &raw.asg {
            let asg = self.asg(a, &t, &mut asg_names);
            t.asgs.push(asg);
        }
        for b in &raw.bastion {
            let bastion = self.bastion(b, &t, &mut machine_names, &mut ips);
            t.bastions.push(bastion);
        }
        let mut fqdns = Names::default();
        for p in &raw.paas {
            let paas = self.paas(p, &mut machine_names, &mut fqdns);
            t.paas.push(paas);
        }
        let mut pe_names = Names::default();
        for e in &raw.private_endpoint {
            let pe = self.private_endpoint(e, &t, &mut pe_names, &mut ips);
            t.private_endpoints.push(pe);
        }
        for c in &raw.p2s_client {
            let client = self.p2s_client(c, &t, &mut machine_names, &mut ips);
            t.p2s_clients.push(client);
        }
        let mut user_names = Names::default();
        for u in &raw.user {
            let user = self.user(u, &mut user_names);
            t.users.push(user);
        }
        let mut zone_names = Names::default();
        for z in &raw.dns_zone {
            let zone = self.dns_zone(z, &t, &mut zone_names);
            t.dns_zones.push(zone);
        }
        self.references(&raw, &t);
        self.service_references(&raw, &t);
        let mut peering_names: HashSet<(String, String)> = HashSet::new();
        for p in &raw.peering {
            let peering = self.peering(p, &t, &mut peering_names);
            t.peerings.push(peering);
        }
        self.peering_pairs(&raw, &t);
        self.warnings(&t);
        self.service_warnings(&t);
        t
    }
}

/// Azure keeps the network address, the next three and the broadcast address of every subnet.
fn is_reserved(prefix: &Ipv4Net, ip: Ipv4Addr) -> bool {
    if prefix.prefix_len() > 29 {
        return false;
    }
    let off = u32::from(ip) - u32::from(prefix.network());
    off < 4 || ip == prefix.broadcast()
}

fn join(nets: &[Ipv4Net]) -> String {
    nets.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
