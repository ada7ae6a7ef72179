//! The stem of a generated item, as ITEMS.md asks: who (a company and what it runs), what they
//! need or what users report, and the question, in at most 90 words. The settings live in the
//! exhibit; every name the stem uses is one the exhibit shows (`exhibit_for` picks the tables
//! from the names the texts use).

use super::dice::Dice;
use super::scenario::Scenario;
use crate::eval::Trace;
use crate::model::Topology;

const COMPANIES: [&str; 10] = [
    "Contoso",
    "Fabrikam",
    "Litware",
    "Adatum",
    "Northwind Traders",
    "Tailwind Traders",
    "Woodgrove Bank",
    "Proseware",
    "Wide World Importers",
    "Fourth Coffee",
];

pub fn company(d: &mut Dice) -> &'static str {
    COMPANIES[d.below(COMPANIES.len())]
}

/// "Contoso's", "Wide World Importers'".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// What a machine of the scenario runs, from the role in its name.
fn role(name: &str) -> &'static str {
    let r = name
        .trim_start_matches("vm-")
        .trim_end_matches("-01")
        .trim_end_matches("-02")
        .split('.')
        .next()
        .unwrap_or("");
    match r {
        "web" => "the web front end",
        "data" => "a data service",
        "app" => "the application tier",
        "api" => "an internal API",
        "sql" => "the SQL Server database",
        "files" => "a file share",
        "mgmt" => "the management jump box",
        "batch" => "batch processing",
        "crm" => "the CRM system",
        "reports" => "the reporting service",
        "hub" | "hub-east" | "hub-west" => "shared services",
        "dc-app" => "an application server",
        "branch-pc" => "a support PC",
        _ => "a workload",
    }
}

/// "the web front end on vm-web-01 in spoke-web", "an application server, dc-app, in the
/// datacenter site", "the reporting service at reports.contoso.internal".
pub fn place(t: &Topology, name: &str) -> String {
    if let Some(v) = t.vm(name) {
        return format!("{} on {name} in {}", role(name), v.vnet);
    }
    if let Some(s) = t
        .sites
        .iter()
        .find(|s| s.hosts.iter().any(|h| h.name == name))
    {
        return format!(
            "{}, {}, at the {} site",
            role(name),
            site_host(s, name),
            s.name
        );
    }
    if name.contains('.') {
        return format!("{} at {name}", role(name));
    }
    name.to_string()
}

/// "dc-app (192.168.10.20)": a site host comes with its address. Azure-provided DNS does not
/// resolve on-premises names (RULES.md §6): named alone, a site host would make the item turn
/// on a lookup that no answer weighs.
fn site_host(s: &crate::model::Site, name: &str) -> String {
    match s.hosts.iter().find(|h| h.name == name) {
        Some(h) => format!("{name} ({})", h.ip),
        None => name.to_string(),
    }
}

/// Which of `n` ways a stem opens: drawn from the company and the names (themselves drawn from
/// the item's seed), so the same seed gives the same words and a test does not open every
/// item the same way. FNV-1a, so it is the same on every machine.
fn variant(company: &str, names: &[&str], n: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in company.bytes().chain(names.iter().flat_map(|x| x.bytes())) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % n as u64) as usize
}

/// "a, b and c": the one English list every generated sentence uses.
pub(super) fn join<S: AsRef<str>>(parts: &[S]) -> String {
    let parts: Vec<&str> = parts.iter().map(AsRef::as_ref).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].to_string(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// Who the item is about and what they run, in one of five openings: "Contoso runs the web
/// front end on vm-web-01 in spoke-web and the SQL Server database on vm-sql-01 in
/// spoke-sql.", "You manage Azure networking for Contoso, which runs …", "At Contoso, the
/// web front end runs on vm-web-01 in spoke-web.", "Contoso's operations team looks after …",
/// "Contoso has moved … to Azure."
pub fn runs(company: &str, t: &Topology, names: &[&str]) -> String {
    let parts: Vec<String> = names.iter().map(|n| place(t, n)).collect();
    let list = list_of(&parts);
    match variant(company, names, 5) {
        0 => format!("{company} runs {list}."),
        1 => format!("You manage Azure networking for {company}, which runs {list}."),
        2 if !parts.is_empty() => {
            let each: Vec<String> = names.iter().map(|n| place_runs(t, n)).collect();
            let each = if each.len() > 2 {
                list_of(&each)
            } else {
                each.join(", and ")
            };
            format!("At {company}, {each}.")
        }
        3 => format!(
            "{} operations team looks after {list}.",
            possessive(company)
        ),
        // Only machines in Azure were moved there (a datacenter host stays on premises).
        4 if names.iter().all(|n| t.vm(n).is_some()) => {
            format!("{company} has moved {list} to Azure.")
        }
        _ => format!("{company} runs {list}."),
    }
}

/// A list whose parts may hold commas of their own ("an application server, dc-app, at the
/// datacenter site"): three or more such parts are parted by semicolons, as an editor would,
/// so the learner can tell where one ends (a reader found "..., dc-app, at the datacenter site
/// and shared services on ..." in the configure stems).
fn list_of(parts: &[String]) -> String {
    if parts.len() > 2 && parts.iter().any(|p| p.contains(", ")) {
        let (last, rest) = parts.split_last().expect("three or more parts");
        format!("{}; and {last}", rest.join("; "))
    } else {
        join(parts)
    }
}

/// "the web front end runs on vm-web-01 in spoke-web", "an application server, dc-app, runs at
/// the datacenter site", "shared services run on vm-hub-01 in hub-vnet".
fn place_runs(t: &Topology, name: &str) -> String {
    if let Some(v) = t.vm(name) {
        let role = role(name);
        let verb = if role.ends_with("services") {
            "run"
        } else {
            "runs"
        };
        return format!("{role} {verb} on {name} in {}", v.vnet);
    }
    if let Some(s) = t
        .sites
        .iter()
        .find(|s| s.hosts.iter().any(|h| h.name == name))
    {
        return format!(
            "{}, {}, runs at the {} site",
            role(name),
            site_host(s, name),
            s.name
        );
    }
    if name.contains('.') {
        return format!("{} answers at {name}", role(name));
    }
    name.to_string()
}

/// The opening of a scenario shared by several statements: who runs the machines they are
/// about, in one of three ways.
pub fn runs_on(company: &str, t: &Topology, machines: &[&str]) -> String {
    let list: Vec<String> = machines
        .iter()
        .map(|m| {
            match t
                .sites
                .iter()
                .find(|s| s.hosts.iter().any(|h| h.name == *m))
            {
                Some(s) => site_host(s, m),
                None => m.to_string(),
            }
        })
        .collect();
    let list = join(&list);
    match variant(company, machines, 3) {
        0 => format!("{company} runs its workloads on {list}."),
        1 => format!("You manage Azure networking for {company}, whose workloads run on {list}."),
        _ => format!(
            "{} operations team looks after {list}.",
            possessive(company)
        ),
    }
}

/// The destination of a flow as a stem's report says it: a site host by its address (the
/// opening, [`place`], gave its name with it), since Azure-provided DNS does not resolve
/// on-premises names (RULES.md §6) and the connection must not seem to start with a lookup;
/// anything else by its name.
pub fn target(t: &Topology, name: &str) -> String {
    match t
        .sites
        .iter()
        .flat_map(|s| &s.hosts)
        .find(|h| h.name == name)
    {
        Some(h) => h.ip.to_string(),
        None => name.to_string(),
    }
}

/// A report that a flow fails, in one of a few ways a ticket says it.
pub fn report(d: &mut Dice, from: &str, to: &str, port: u16) -> String {
    match d.below(4) {
        0 => format!("Since this morning, {from} cannot reach {to} on TCP {port}."),
        1 => format!("Users report that {from} cannot connect to {to} on TCP {port}."),
        2 => format!("A health check from {from} to {to} on TCP {port} fails."),
        _ => format!(
            "After last night's change window, {from} can no longer reach {to} on TCP {port}."
        ),
    }
}

/// A need for a flow, without saying whether it works.
pub fn need(d: &mut Dice, from: &str, to: &str, port: u16) -> String {
    match d.below(3) {
        0 => format!("A new release has {from} call {to} on TCP {port}."),
        1 => {
            format!("A scheduled job on {from} must open a TCP connection to {to} on port {port}.")
        }
        _ => format!("The operations team checks whether {from} can reach {to} on TCP {port}."),
    }
}

/// The article a noun phrase takes ("an ExpressRoute gateway", "a VPN gateway").
pub fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some(c) if "AEIOUaeiou".contains(c) => "an",
        _ => "a",
    }
}

/// The name-like tokens of a text: what `exhibit::touching` may know. Punctuation around a
/// token and a possessive "'s" are dropped; `vnet/subnet` stays whole.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "(),;:\"`[]{}=<>".contains(c))
        .map(|w| {
            w.trim_end_matches("'s")
                .trim_matches(|c: char| c == '.' || c == '!' || c == '?')
        })
        .filter(|w| !w.is_empty() && !w.starts_with('-'))
        .map(String::from)
        .collect()
}

/// The exhibit tables an item shows: those of every name its texts use, of the two ends of
/// its flows (their VNets, subnets, route tables and NSGs) and of what the traces met.
pub fn exhibit_for(sc: &Scenario, texts: &[&str], traces: &[&Trace]) -> Vec<String> {
    let t = &sc.topology;
    let mut names: Vec<String> = texts.iter().flat_map(|x| tokens(x)).collect();
    for tr in traces {
        for end in [&tr.from, &tr.to] {
            names.push(end.clone());
            if let Some(v) = t.vm(end) {
                names.push(v.vnet.clone());
                names.push(format!("{}/{}", v.vnet, v.subnet));
                if let Some(n) = &v.nsg {
                    names.push(n.clone());
                }
                // The VNet's peerings decide whether the traffic leaves it.
                if let Some(p) = t
                    .peerings
                    .iter()
                    .find(|p| p.vnet == v.vnet || p.remote == v.vnet)
                {
                    names.push(p.name.clone());
                }
            }
        }
        for h in &tr.hops {
            names.extend(tokens(&h.at));
        }
        names.extend(tokens(&tr.explanation));
    }
    for z in &t.dns_zones {
        let suffix = format!(".{}", z.name);
        if names.iter().any(|n| n.ends_with(&suffix)) {
            names.push(z.name.clone());
        }
    }
    // The VNet table names every subnet's route table and NSG: each it names is shown, so no
    // name in the exhibit is left undefined (the second reader, gen-4242-0010: route tables
    // and NSGs listed with no table of theirs).
    if crate::exhibit::touching(t, &names.iter().map(String::as_str).collect::<Vec<_>>())
        .iter()
        .any(|x| x == "vnets")
    {
        for s in t.vnets.iter().flat_map(|v| &v.subnets) {
            names.extend(s.route_table.iter().chain(&s.nsg).cloned());
        }
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let tables = merge(crate::exhibit::touching(t, &refs));
    // An item that reasons from Azure's default rules (AllowVnetInBound and the rest) shows
    // them with the NSGs it shows, so the learner can check the deciding rule.
    if texts.iter().copied().any(cites_default_rules) {
        with_default_rules(tables)
    } else {
        tables
    }
}

/// Azure's six default NSG rules (RULES.md §6).
const DEFAULT_RULES: [&str; 6] = [
    "AllowVnetInBound",
    "AllowAzureLoadBalancerInBound",
    "DenyAllInBound",
    "AllowVnetOutBound",
    "AllowInternetOutBound",
    "DenyAllOutBound",
];

fn cites_default_rules(text: &str) -> bool {
    DEFAULT_RULES.iter().any(|r| text.contains(r))
        || text.to_lowercase().contains("default nsg rule")
}

/// The NSG tables of `tables` with their default rules.
pub fn with_default_rules(tables: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in tables {
        let x = if (x == "nsgs" || x.starts_with("nsg:")) && !x.ends_with("+defaults") {
            format!("{x}+defaults")
        } else {
            x
        };
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// Three or more route tables (or NSGs) are one tab, as the portal's list of them.
fn merge(tables: Vec<String>) -> Vec<String> {
    let count = |p: &str| tables.iter().filter(|x| x.starts_with(p)).count();
    let (routes, nsgs) = (count("routes:") >= 3, count("nsg:") >= 3);
    let mut out: Vec<String> = Vec::new();
    for x in tables {
        let x = if routes && x.starts_with("routes:") {
            "routes".to_string()
        } else if nsgs && x.starts_with("nsg:") {
            "nsgs".to_string()
        } else {
            x
        };
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound_of_the_word() {
        assert_eq!(article("ExpressRoute"), "an");
        assert_eq!(article("VPN"), "a");
    }

    #[test]
    fn tokens_keep_names_whole_and_drop_punctuation() {
        assert_eq!(
            tokens("hub-vnet's gateway (10.0.0.4), spoke-a/workload; web.contoso.internal."),
            [
                "hub-vnet",
                "gateway",
                "10.0.0.4",
                "spoke-a/workload",
                "web.contoso.internal"
            ]
        );
    }
}
