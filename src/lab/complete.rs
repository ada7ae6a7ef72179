//! Tab completion for the lab's command line: command words, flags, resource names of the
//! lab's network and the allowed values of a choice, all read from the command tree
//! ([`super::az::tree`]) and the topology, so a command added to the tree completes without
//! a change here. No terminal code: the Lab screen applies what this returns.

use super::az::json::nic_name;
use super::az::tree::{self, Kind};
use super::session::LAB_COMMANDS;
use crate::model::Topology;

/// What Tab offers for the word under the cursor (the line's last word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// The words that may stand there, sorted, without duplicates.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line with the word replaced: by the candidate and a space when there is one, by
    /// the candidates' longest common prefix when that is longer than the word; `None` when
    /// Tab can only list the candidates.
    pub fn apply(&self, line: &str) -> Option<String> {
        let word = &line[self.start..];
        let head = &line[..self.start];
        match self.candidates.as_slice() {
            [] => None,
            [one] => Some(format!("{head}{one} ")),
            many => {
                let common = common_prefix(many);
                (common.len() > word.len()).then(|| format!("{head}{common}"))
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first[..end].to_string()
}

/// Completes the last word of `line` (the cursor is at its end) against the command tree,
/// the network `t` and the lab's resource group `rg`.
pub fn complete(t: &Topology, rg: &str, line: &str) -> Completion {
    let start = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &line[start..];
    let before: Vec<&str> = line[..start].split_whitespace().collect();
    let mut candidates = match before.first() {
        None => std::iter::once("az")
            .chain(LAB_COMMANDS.iter().map(|(c, _)| *c))
            .map(str::to_string)
            .collect(),
        Some(&"az") => after_az(t, rg, &before[1..], word),
        Some(_) => Vec::new(),
    };
    candidates.retain(|c| c.starts_with(word));
    candidates.sort();
    candidates.dedup();
    Completion { start, candidates }
}

/// Candidates after `az`: the next word of the path while the words so far name a group,
/// then the command's flags, or the values of the flag just typed.
fn after_az(t: &Topology, rg: &str, words: &[&str], word: &str) -> Vec<String> {
    let mut path = String::new();
    let mut used = 0;
    for w in words {
        let next = if path.is_empty() {
            w.to_string()
        } else {
            format!("{path} {w}")
        };
        if tree::group(&next).is_none() && tree::command(&next).is_none() {
            break;
        }
        path = next;
        used += 1;
    }
    let Some(cmd) = tree::command(&path) else {
        // Still in the groups: only the words that may follow (a wrong word ends completion).
        if used < words.len() {
            return Vec::new();
        }
        return tree::children(&path)
            .into_iter()
            .map(str::to_string)
            .collect();
    };
    let args: Vec<&tree::Arg> = cmd.args.iter().chain(tree::GLOBAL).collect();
    let flag_of = |w: &str| {
        args.iter().copied().find(|a| {
            w.strip_prefix("--") == Some(a.long)
                || (w.len() == 2 && w.starts_with('-') && a.short.is_some_and(|s| w.ends_with(s)))
        })
    };
    if !word.starts_with('-')
        && let Some(a) = words.last().and_then(|w| flag_of(w))
    {
        return values(t, rg, cmd.path, a);
    }
    let given: Vec<&str> = words[used..]
        .iter()
        .filter_map(|w| flag_of(w))
        .map(|a| a.long)
        .collect();
    args.iter()
        .filter(|a| !given.contains(&a.long) || a.kind == Kind::List)
        .map(|a| format!("--{}", a.long))
        .chain((!cmd.ids.is_empty()).then(|| "--ids".to_string()))
        .collect()
}

/// The values that fit flag `a` of the command at `path`.
fn values(t: &Topology, rg: &str, path: &str, a: &tree::Arg) -> Vec<String> {
    let vnets = || t.vnets.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    let route_tables = || t.route_tables.iter().map(|r| r.name.clone()).collect();
    let nsgs = || t.nsgs.iter().map(|n| n.name.clone()).collect();
    let zones = || t.dns_zones.iter().map(|z| z.name.clone()).collect();
    match a.kind {
        Kind::Choice(allowed) => return allowed.iter().map(|s| s.to_string()).collect(),
        Kind::Flag => return vec!["false".into(), "true".into()],
        Kind::Value | Kind::List => {}
    }
    match a.long {
        "resource-group" => vec![rg.to_string()],
        "vnet-name" | "remote-vnet" | "virtual-network" => vnets(),
        "route-table-name" | "route-table" => route_tables(),
        "nsg-name" | "network-security-group" => nsgs(),
        "zone-name" => zones(),
        "subnet-name" | "subnet" => subnets(t),
        "account-name" | "private-connection-resource-id" => {
            t.paas.iter().map(|p| p.name.clone()).collect()
        }
        "vm" => t.vms.iter().map(|m| m.name.clone()).collect(),
        "nic" => t.vms.iter().map(|m| nic_name(&m.name)).collect(),
        "output" => vec!["json".into(), "table".into(), "tsv".into()],
        "name" => names_for(t, path),
        _ => Vec::new(),
    }
}

fn subnets(t: &Topology) -> Vec<String> {
    t.vnets
        .iter()
        .flat_map(|v| v.subnets.iter().map(|s| s.name.clone()))
        .collect()
}

/// What `--name` names depends on the command's group.
fn names_for(t: &Topology, path: &str) -> Vec<String> {
    let group = path.rsplit_once(' ').map_or(path, |(g, _)| g);
    match group {
        "network vnet peering" => t.peerings.iter().map(|p| p.name.clone()).collect(),
        "network vnet subnet" => subnets(t),
        "network vnet" => t.vnets.iter().map(|v| v.name.clone()).collect(),
        "network route-table route" => t
            .route_tables
            .iter()
            .flat_map(|r| r.routes.iter().map(|x| x.name.clone()))
            .collect(),
        "network route-table" => t.route_tables.iter().map(|r| r.name.clone()).collect(),
        "network nsg rule" => t
            .nsgs
            .iter()
            .flat_map(|n| n.rules.iter().map(|r| r.name.clone()))
            .collect(),
        "network nsg" => t.nsgs.iter().map(|n| n.name.clone()).collect(),
        "network nic" => t.vms.iter().map(|m| nic_name(&m.name)).collect(),
        "network private-dns zone" => t.dns_zones.iter().map(|z| z.name.clone()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter() -> (Topology, String) {
        let l = crate::lab::builtin()
            .into_iter()
            .filter_map(Result::ok)
            .find(|l| l.name == "chapter-cli-outline")
            .expect("the chapter's lab");
        (l.topology, l.resource_group)
    }

    fn cands(line: &str) -> Vec<String> {
        let (t, rg) = chapter();
        complete(&t, &rg, line).candidates
    }

    fn tab(line: &str) -> Option<String> {
        let (t, rg) = chapter();
        complete(&t, &rg, line).apply(line)
    }

    #[test]
    fn command_words_complete_group_by_group() {
        assert_eq!(cands("a"), ["answer", "az"]);
        assert_eq!(tab("az").as_deref(), Some("az "));
        assert_eq!(tab("az net").as_deref(), Some("az network "));
        assert_eq!(
            tab("az network vnet pe").as_deref(),
            Some("az network vnet peering ")
        );
        assert_eq!(
            cands("az network vnet peering "),
            ["create", "delete", "list", "show", "sync", "update"]
        );
        // Two lab commands start with "h": Tab lists them and changes nothing.
        assert_eq!(cands("h"), ["help", "hint"]);
        assert_eq!(tab("h"), None);
        // A misspelled group word ends completion.
        assert!(cands("az network vnett ").is_empty());
    }

    #[test]
    fn flags_complete_and_flags_given_are_not_offered_again() {
        assert_eq!(
            tab("az network vnet peering create --allow-v").as_deref(),
            Some("az network vnet peering create --allow-vnet-access ")
        );
        let c = cands("az network vnet peering create -g rg-network --");
        assert!(c.contains(&"--remote-vnet".to_string()), "{c:?}");
        assert!(!c.contains(&"--resource-group".to_string()), "{c:?}");
        // `--allow-` is shared by three flags: Tab fills nothing more and lists them.
        assert_eq!(
            cands("az network vnet peering create --allow-"),
            [
                "--allow-forwarded-traffic",
                "--allow-gateway-transit",
                "--allow-vnet-access"
            ]
        );
    }

    #[test]
    fn values_come_from_the_network_and_the_choices() {
        assert_eq!(
            tab("az network vnet peering create -g rg-network --vnet-name sp").as_deref(),
            Some("az network vnet peering create -g rg-network --vnet-name spoke-web-vnet ")
        );
        assert_eq!(cands("az network vnet show -g "), ["rg-network"]);
        assert_eq!(
            cands("az network vnet show -g rg-network -n "),
            ["hub-vnet", "spoke-web-vnet"]
        );
        assert_eq!(
            cands("az network route-table route create --next-hop-type V"),
            ["VirtualAppliance", "VirtualNetworkGateway", "VnetLocal"]
        );
        assert_eq!(cands("az network vnet list -o t"), ["table", "tsv"]);
    }
}
