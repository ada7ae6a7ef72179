//! The simulated `az` command tree, declared as data: every group and command with az's own
//! names, flags, short forms and help lines (Azure/azure-cli `network` module). clap parses a
//! line against it; the help text and the required-argument check are ours, so they read as
//! az's do (`--name/-n`, `[Required]`).

use clap::{Arg as ClapArg, ArgAction, Command};
use std::sync::LazyLock;

/// How an argument takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One value.
    Value,
    /// az's three-state boolean: bare (`--allow-vnet-access`) means true, or `true`/`false`.
    Flag,
    /// One or more values (`--address-prefixes 10.0.0.0/16 10.1.0.0/16`).
    List,
    /// One value among these (compared case-insensitively, as az does).
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Arg {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub required: bool,
    pub help: &'static str,
}

/// A command: its words after `az`, a summary, its arguments, and how `--ids` fills them
/// (resource-ID segment type → argument).
#[derive(Debug, Clone, Copy)]
pub struct Cmd {
    pub path: &'static str,
    pub summary: &'static str,
    pub args: &'static [Arg],
    pub ids: Ids,
}

#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub path: &'static str,
    pub summary: &'static str,
}

const fn req(long: &'static str, short: Option<char>, help: &'static str) -> Arg {
    Arg {
        long,
        short,
        kind: Kind::Value,
        required: true,
        help,
    }
}

const fn opt(long: &'static str, short: Option<char>, help: &'static str) -> Arg {
    Arg {
        long,
        short,
        kind: Kind::Value,
        required: false,
        help,
    }
}

const fn flag(long: &'static str, help: &'static str) -> Arg {
    Arg {
        long,
        short: None,
        kind: Kind::Flag,
        required: false,
        help,
    }
}

const fn list(long: &'static str, required: bool, help: &'static str) -> Arg {
    Arg {
        long,
        short: None,
        kind: Kind::List,
        required,
        help,
    }
}

const fn choice(
    long: &'static str,
    required: bool,
    values: &'static [&'static str],
    help: &'static str,
) -> Arg {
    Arg {
        long,
        short: None,
        kind: Kind::Choice(values),
        required,
        help,
    }
}

const RG: Arg = req(
    "resource-group",
    Some('g'),
    "Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.",
);
const VNET_NAME: Arg = req("vnet-name", None, "The virtual network (VNet) name.");

/// The arguments every command takes (az's global arguments).
pub const GLOBAL: &[Arg] = &[
    Arg {
        long: "output",
        short: Some('o'),
        kind: Kind::Choice(&["json", "jsonc", "none", "table", "tsv"]),
        required: false,
        help: "Output format.",
    },
    opt(
        "subscription",
        None,
        "Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.",
    ),
    opt(
        "query",
        None,
        "JMESPath query string (peerlab does not evaluate queries).",
    ),
    flag(
        "only-show-errors",
        "Only show errors, suppressing warnings.",
    ),
    flag(
        "debug",
        "Increase logging verbosity to show all debug logs.",
    ),
    flag("verbose", "Increase logging verbosity."),
    flag("help", "Show this help message and exit."),
];

pub const GROUPS: &[Group] = &[
    Group {
        path: "network",
        summary: "Manage Azure Network resources.",
    },
    Group {
        path: "network vnet",
        summary: "Manage Azure Virtual Networks.",
    },
    Group {
        path: "network vnet subnet",
        summary: "Manage subnets in an Azure Virtual Network.",
    },
    Group {
        path: "network vnet peering",
        summary: "Manage peering connections between Azure Virtual Networks.",
    },
    Group {
        path: "network route-table",
        summary: "Manage route tables.",
    },
    Group {
        path: "network route-table route",
        summary: "Manage routes in a route table.",
    },
    Group {
        path: "network nsg",
        summary: "Manage Azure Network Security Groups (NSGs).",
    },
    Group {
        path: "network nsg rule",
        summary: "Manage network security group rules.",
    },
    Group {
        path: "network private-dns",
        summary: "Manage Private DNS domains in Azure.",
    },
    Group {
        path: "network private-dns zone",
        summary: "Manage Private DNS zones.",
    },
    Group {
        path: "network private-dns link",
        summary: "Manage Private DNS links.",
    },
    Group {
        path: "network private-dns link vnet",
        summary: "Manage Private DNS zone links to virtual networks.",
    },
    Group {
        path: "network private-dns record-set",
        summary: "Manage Private DNS records and record sets.",
    },
    Group {
        path: "network private-dns record-set a",
        summary: "Manage Private DNS A records.",
    },
    Group {
        path: "network watcher",
        summary: "Manage the Azure Network Watcher.",
    },
    Group {
        path: "network nic",
        summary: "Manage network interfaces.",
    },
    Group {
        path: "network nic ip-config",
        summary: "Manage IP configurations of a network interface.",
    },
    Group {
        path: "network bastion",
        summary: "Manage Azure Bastion host machines.",
    },
    Group {
        path: "network private-endpoint",
        summary: "Manage private endpoints.",
    },
    Group {
        path: "storage",
        summary: "Manage Azure Cloud Storage resources.",
    },
    Group {
        path: "storage account",
        summary: "Manage storage accounts.",
    },
    Group {
        path: "storage account network-rule",
        summary: "Manage network rules.",
    },
];

mod net;
mod routing;
mod services;
mod watch;

/// How `--ids` fills a command's arguments: resource-ID segment type → argument.
pub type Ids = &'static [(&'static str, &'static str)];
const NO_IDS: Ids = &[];

const RG_OPT: Arg = opt("resource-group", Some('g'), "Name of resource group.");
const LOCATION: Arg = opt("location", Some('l'), "Location.");

const fn cmd(path: &'static str, summary: &'static str, args: &'static [Arg], ids: Ids) -> Cmd {
    Cmd {
        path,
        summary,
        args,
        ids,
    }
}

/// Every command, one table per command family (each file owns its groups' commands).
pub static COMMANDS: LazyLock<Vec<Cmd>> = LazyLock::new(|| {
    [
        net::COMMANDS,
        routing::COMMANDS,
        watch::COMMANDS,
        services::COMMANDS,
    ]
    .concat()
});

/// The command at exactly these words.
pub fn command(path: &str) -> Option<&'static Cmd> {
    COMMANDS.iter().find(|c| c.path == path)
}

pub fn group(path: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.path == path)
}

/// The words that may follow `path` (subgroups and commands), sorted.
pub fn children(path: &str) -> Vec<&'static str> {
    let depth = if path.is_empty() {
        0
    } else {
        path.split(' ').count()
    };
    let mut out: Vec<&'static str> = GROUPS
        .iter()
        .map(|g| g.path)
        .chain(COMMANDS.iter().map(|c| c.path))
        .filter(|p| {
            let words: Vec<&str> = p.split(' ').collect();
            words.len() == depth + 1 && (path.is_empty() || p.starts_with(&format!("{path} ")))
        })
        .filter_map(|p| p.rsplit(' ').next())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn clap_arg(a: &Arg) -> ClapArg {
    let mut c = ClapArg::new(a.long).long(a.long);
    if let Some(s) = a.short {
        c = c.short(s);
    }
    match a.kind {
        Kind::Value => c
            .num_args(1)
            .action(ArgAction::Set)
            .allow_hyphen_values(true),
        Kind::Flag => c
            .num_args(0..=1)
            .default_missing_value("true")
            .action(ArgAction::Set),
        Kind::List => c
            .num_args(1..)
            .action(ArgAction::Append)
            .allow_hyphen_values(false),
        Kind::Choice(_) => c.num_args(1).action(ArgAction::Set),
    }
}

/// The whole tree as one clap command, built once per session.
pub fn build() -> Command {
    fn node(name: &'static str, path: &str) -> Command {
        let mut cmd = Command::new(name)
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .disable_version_flag(true);
        if let Some(c) = command(path) {
            for a in c.args.iter().chain(GLOBAL) {
                cmd = cmd.arg(clap_arg(a));
            }
            if !c.ids.is_empty() {
                cmd = cmd.arg(
                    ClapArg::new("ids")
                        .long("ids")
                        .num_args(1..)
                        .action(ArgAction::Append),
                );
            }
        } else {
            for a in GLOBAL {
                cmd = cmd.arg(clap_arg(a));
            }
            for child in children(path) {
                let sub = if path.is_empty() {
                    child.to_string()
                } else {
                    format!("{path} {child}")
                };
                cmd = cmd.subcommand(node(child, &sub));
            }
        }
        cmd
    }
    node("az", "")
}

/// az's help for a group or a command.
pub fn help(path: &str) -> String {
    let mut out = String::new();
    if let Some(c) = command(path) {
        out.push_str(&format!(
            "\nCommand\n    az {path} : {}\n\nArguments\n",
            c.summary
        ));
        let rows: Vec<(String, &str, bool, Option<&[&str]>)> = c
            .args
            .iter()
            .map(|a| {
                let names = match a.short {
                    Some(s) => format!("--{} -{s}", a.long),
                    None => format!("--{}", a.long),
                };
                let choices = match a.kind {
                    Kind::Choice(v) => Some(v),
                    Kind::Flag => Some(&["false", "true"][..]),
                    _ => None,
                };
                (names, a.help, a.required, choices)
            })
            .collect();
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0) + 2;
        for (names, help, required, choices) in &rows {
            let tag = if *required { "[Required]" } else { "" };
            let allowed = choices
                .map(|v| format!("  Allowed values: {}.", v.join(", ")))
                .unwrap_or_default();
            out.push_str(&format!("    {names:<width$}{tag:<11}: {help}{allowed}\n"));
        }
        if !c.ids.is_empty() {
            out.push_str("\nResource Id Arguments\n    --ids : One or more resource IDs (space-delimited). It should be a complete resource ID containing all information of 'Resource Id' arguments. If provided, no other 'Resource Id' arguments should be specified.\n");
        }
        out.push_str("\nGlobal Arguments\n");
        for a in GLOBAL {
            let names = match a.short {
                Some(s) => format!("--{} -{s}", a.long),
                None => format!("--{}", a.long),
            };
            out.push_str(&format!("    {names:<20}: {}\n", a.help));
        }
    } else {
        let summary = group(path).map_or("Azure CLI (simulated by peerlab).", |g| g.summary);
        let shown = if path.is_empty() {
            "az".to_string()
        } else {
            format!("az {path}")
        };
        out.push_str(&format!("\nGroup\n    {shown} : {summary}\n"));
        let kids = children(path);
        let full = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path} {k}")
            }
        };
        let subgroups: Vec<_> = kids.iter().filter(|k| group(&full(k)).is_some()).collect();
        let commands: Vec<_> = kids
            .iter()
            .filter_map(|k| command(&full(k)).map(|c| (*k, c.summary)))
            .collect();
        let width = kids.iter().map(|k| k.len()).max().unwrap_or(0) + 1;
        if !subgroups.is_empty() {
            out.push_str("\nSubgroups:\n");
            for k in subgroups {
                let s = group(&full(k)).map_or("", |g| g.summary);
                out.push_str(&format!("    {k:<width$}: {s}\n"));
            }
        }
        if !commands.is_empty() {
            out.push_str("\nCommands:\n");
            for (k, s) in commands {
                let first = s.split(". ").next().unwrap_or(s).trim_end_matches('.');
                out.push_str(&format!("    {k:<width$}: {first}.\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_sits_in_a_declared_group_and_the_tree_builds() {
        for c in COMMANDS.iter() {
            let parent = c.path.rsplit_once(' ').map(|(p, _)| p).unwrap();
            assert!(group(parent).is_some(), "{} has no group", c.path);
        }
        build().debug_assert();
    }

    #[test]
    fn children_lists_the_next_words() {
        assert_eq!(
            children("network vnet peering"),
            ["create", "delete", "list", "show", "sync", "update"]
        );
        assert!(children("").contains(&"network"));
        assert!(children("network").contains(&"route-table"));
    }
}
