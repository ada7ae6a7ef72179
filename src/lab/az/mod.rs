//! The simulated Azure CLI: a line as a shell splits it, parsed against az's command tree
//! ([`tree`]), checked as az checks it (required arguments, allowed values, `--ids`), then run
//! against the lab's topology ([`exec`]) and printed in az's shapes ([`json`], [`format`]).
//!
//! Errors read as az's do. Azure's refusals follow RULES.md §1: Azure's code only where
//! RULES.md says the code is Azure's, otherwise the documented message with no code.

pub mod exec;
pub mod format;
pub mod json;
pub mod tree;

pub use exec::{Change, Plan, Show, run};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::collections::BTreeMap;
use tree::{Cmd, Kind};

/// What az prints for a failure: everything after `ERROR: `, plus any recommendation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzError(pub String);

impl AzError {
    pub fn new(msg: impl Into<String>) -> Self {
        AzError(msg.into())
    }

    /// The text on standard error, as az prints it.
    pub fn render(&self) -> String {
        format!("ERROR: {}", self.0)
    }
}

/// `-o`: how a result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    Table,
    Tsv,
    None,
}

/// The values of one parsed command line, by long option name. Flags hold `true`/`false`.
#[derive(Debug, Clone, Default)]
pub struct Args {
    values: BTreeMap<&'static str, Vec<String>>,
}

impl Args {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn list(&self, long: &str) -> Vec<&str> {
        self.values
            .get(long)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn flag(&self, long: &str) -> Option<bool> {
        self.get(long).map(|v| v == "true")
    }

    pub fn has(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }
}

/// A parsed line: the command, its arguments, and the output format.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub cmd: &'static Cmd,
    pub args: Args,
    pub output: Output,
}

/// What a line asks for.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// Help text to print (`--help`, or a group named without a command).
    Help(String),
    Run(Invocation),
}

/// The leading words of `words` that name a group or a command.
fn known_path(words: &[String]) -> String {
    let mut path = String::new();
    for w in words.iter().skip(1) {
        let next = if path.is_empty() {
            w.clone()
        } else {
            format!("{path} {w}")
        };
        if tree::group(&next).is_some() || tree::command(&next).is_some() {
            path = next;
        } else {
            break;
        }
    }
    path
}

/// The words after the command's path that no argument of the command takes, in order, as
/// argparse's `parse_known_args` leaves them (an unknown flag and the values after it).
fn unconsumed(words: &[String]) -> Vec<String> {
    let path = known_path(words);
    let Some(cmd) = tree::command(&path) else {
        return Vec::new();
    };
    let depth = if path.is_empty() {
        0
    } else {
        path.split(' ').count()
    };
    let find = |w: &str| {
        let w = w.split_once('=').map_or(w, |(head, _)| head);
        cmd.args.iter().chain(tree::GLOBAL).find(|a| {
            w.strip_prefix("--").is_some_and(|l| l == a.long)
                || (w.len() == 2 && w.starts_with('-') && a.short.is_some_and(|s| w.ends_with(s)))
        })
    };
    let rest = &words[(1 + depth).min(words.len())..];
    let mut out = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let w = &rest[i];
        i += 1;
        let known = find(w)
            .map(|a| a.kind)
            .or(if w == "--ids" { Some(Kind::List) } else { None });
        match known {
            None => out.push(w.clone()),
            Some(_) if w.contains('=') => {}
            Some(Kind::Value | Kind::Choice(_)) => i += 1,
            Some(Kind::Flag) => {
                if rest.get(i).is_some_and(|v| bool_value(v).is_some()) {
                    i += 1;
                }
            }
            Some(Kind::List) => {
                while rest.get(i).is_some_and(|v| !v.starts_with('-')) {
                    i += 1;
                }
            }
        }
    }
    out
}

fn names(a: &tree::Arg) -> String {
    match a.short {
        Some(s) => format!("--{}/-{s}", a.long),
        None => format!("--{}", a.long),
    }
}

fn bool_value(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

fn context_str(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        _ => None,
    }
}

/// az's wording for clap's parse failures.
fn clap_error(e: &clap::Error) -> AzError {
    match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = context_str(e, ContextKind::InvalidArg).unwrap_or_default();
            let mut msg = format!("unrecognized arguments: {arg}");
            if let Some(s) = context_str(e, ContextKind::SuggestedArg) {
                let s = s.split_whitespace().next().unwrap_or(&s).to_string();
                msg.push_str(&format!("\nDid you mean '{s}' ?"));
            }
            AzError(msg)
        }
        ErrorKind::InvalidSubcommand => {
            let word = context_str(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut msg = format!("'{word}' is misspelled or not recognized by the system.");
            if let Some(s) = context_str(e, ContextKind::SuggestedSubcommand) {
                msg.push_str(&format!("\nDid you mean '{s}' ?"));
            }
            AzError(msg)
        }
        _ => {
            // e.g. a flag given without its value: argparse says "expected one argument".
            if let Some(arg) = context_str(e, ContextKind::InvalidArg) {
                let long = arg
                    .split_whitespace()
                    .next()
                    .unwrap_or(&arg)
                    .trim_start_matches('-')
                    .to_string();
                let shown = tree::COMMANDS
                    .iter()
                    .flat_map(|c| c.args.iter())
                    .chain(tree::GLOBAL)
                    .find(|a| a.long == long)
                    .map(names)
                    .unwrap_or(format!("--{long}"));
                return AzError(format!("argument {shown}: expected one argument"));
            }
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            AzError(first.to_string())
        }
    }
}

/// Fills the `--ids` arguments from a resource ID such as
/// `/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/V`.
fn apply_ids(cmd: &Cmd, ids: &[String], args: &mut Args) -> Result<(), AzError> {
    let [id] = ids else {
        return Err(AzError::new(
            "peerlab runs one resource ID at a time; give a single value to --ids",
        ));
    };
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    let mut found = 0;
    for (segment, long) in cmd.ids {
        let value = parts
            .iter()
            .position(|p| p.eq_ignore_ascii_case(segment))
            .and_then(|i| parts.get(i + 1));
        if let Some(v) = value {
            found += 1;
            args.values
                .entry(long)
                .or_insert_with(|| vec![v.to_string()]);
        }
    }
    if found != cmd.ids.len() {
        return Err(AzError(format!(
            "argument --ids: invalid ResourceId value: '{id}'"
        )));
    }
    Ok(())
}

/// Parses an `az` line (its words, `az` first) against `tree_cmd` (from [`tree::build`]).
pub fn parse(tree_cmd: &mut clap::Command, words: &[String]) -> Result<Parsed, AzError> {
    if words.iter().any(|w| w == "--help" || w == "-h") || words.len() == 1 {
        return Ok(Parsed::Help(tree::help(&known_path(words))));
    }
    let matches = tree_cmd.try_get_matches_from_mut(words).map_err(|e| {
        let mut err = clap_error(&e);
        if e.kind() == ErrorKind::UnknownArgument {
            // clap stops at the first unknown word; argparse (az) lists every word it did not
            // consume, values included: "unrecognized arguments: --colour red".
            let all = unconsumed(words);
            if !all.is_empty() {
                let rest = err.0.split_once('\n').map(|(_, r)| r.to_string());
                err.0 = format!("unrecognized arguments: {}", all.join(" "));
                if let Some(r) = rest {
                    err.0.push('\n');
                    err.0.push_str(&r);
                }
            }
        }
        err
    })?;
    let mut path = Vec::new();
    let mut m = &matches;
    while let Some((name, sub)) = m.subcommand() {
        path.push(name.to_string());
        m = sub;
    }
    let path = path.join(" ");
    let Some(cmd) = tree::command(&path) else {
        return Ok(Parsed::Help(tree::help(&path)));
    };
    let mut args = Args::default();
    for a in cmd.args.iter().chain(tree::GLOBAL) {
        if let Some(vals) = m.get_many::<String>(a.long) {
            let mut v: Vec<String> = vals.cloned().collect();
            match a.kind {
                Kind::Flag => {
                    let raw = v.pop().unwrap_or_default();
                    let b = bool_value(&raw).ok_or_else(|| {
                        AzError(format!(
                            "az {path}: '{raw}' is not a valid value for '--{}'. Allowed values: false, true.",
                            a.long
                        ))
                    })?;
                    v = vec![b.to_string()];
                }
                Kind::Choice(allowed) => {
                    let raw = v.pop().unwrap_or_default();
                    let canon = allowed
                        .iter()
                        .find(|c| c.eq_ignore_ascii_case(&raw))
                        .ok_or_else(|| {
                            AzError(format!(
                                "az {path}: '{raw}' is not a valid value for '--{}'. Allowed values: {}.",
                                a.long,
                                allowed.join(", ")
                            ))
                        })?;
                    v = vec![canon.to_string()];
                }
                Kind::Value | Kind::List => {}
            }
            args.values.insert(a.long, v);
        }
    }
    if let Some(ids) = m
        .try_get_many::<String>("ids")
        .ok()
        .flatten()
        .map(|v| v.cloned().collect::<Vec<_>>())
    {
        apply_ids(cmd, &ids, &mut args)?;
    }
    let missing: Vec<String> = cmd
        .args
        .iter()
        .filter(|a| a.required && !args.has(a.long))
        .map(names)
        .collect();
    if !missing.is_empty() {
        return Err(AzError(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    let output = match args.get("output") {
        Some("table") => Output::Table,
        Some("tsv") => Output::Tsv,
        Some("none") => Output::None,
        _ => Output::Json,
    };
    if args.has("query") {
        return Err(AzError::new(
            "peerlab does not evaluate --query (JMESPath); run the command without it and read the output",
        ));
    }
    Ok(Parsed::Run(Invocation { cmd, args, output }))
}

/// Splits a line as a POSIX shell would: quotes, backslashes, `\` + newline as a continuation.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let joined = line.replace("\\\r\n", " ").replace("\\\n", " ");
    shell_words::split(&joined).map_err(|_| {
        "the line has an unterminated quote; close it (or escape it with \\)".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    fn run(s: &str) -> Result<Parsed, AzError> {
        parse(&mut tree::build(), &words(s))
    }

    fn err(s: &str) -> String {
        match run(s) {
            Err(e) => e.render(),
            Ok(p) => panic!("{s}: parsed as {p:?}"),
        }
    }

    #[test]
    fn lines_split_as_a_shell_splits_them() {
        assert_eq!(
            words("az network vnet show -g 'rg net' \\\n  -n \"hub vnet\""),
            [
                "az", "network", "vnet", "show", "-g", "rg net", "-n", "hub vnet"
            ]
        );
        assert!(split("az network 'open").is_err());
    }

    #[test]
    fn a_full_peering_create_parses_with_short_and_long_forms() {
        let Parsed::Run(inv) = run(
            "az network vnet peering create -g rg-network -n a --vnet-name hub-vnet --remote-vnet spoke --allow-vnet-access --allow-gateway-transit false -o table",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(inv.cmd.path, "network vnet peering create");
        assert_eq!(inv.args.get("resource-group"), Some("rg-network"));
        assert_eq!(inv.args.flag("allow-vnet-access"), Some(true));
        assert_eq!(inv.args.flag("allow-gateway-transit"), Some(false));
        assert_eq!(inv.args.flag("use-remote-gateways"), None);
        assert_eq!(inv.output, Output::Table);
    }

    #[test]
    fn errors_read_as_az_writes_them() {
        assert_eq!(
            err("az network vnet peering create -g rg -n p --vnet-name v"),
            "ERROR: the following arguments are required: --remote-vnet"
        );
        assert_eq!(
            err(
                "az network vnet peering create -g rg -n p --vnet-name v --remote-vnet r --allow-vnet-acess"
            ),
            "ERROR: unrecognized arguments: --allow-vnet-acess\nDid you mean '--allow-vnet-access' ?"
        );
        // argparse names every word it did not consume, the unknown flag's value included.
        assert_eq!(
            err("az network vnet show -g rg -n hub --colour red"),
            "ERROR: unrecognized arguments: --colour red"
        );
        assert_eq!(
            err("az network vnet show --colour red -g rg --shade dark -n hub"),
            "ERROR: unrecognized arguments: --colour red --shade dark"
        );
        assert_eq!(
            err("az network vnet peerng list -g rg --vnet-name v"),
            "ERROR: 'peerng' is misspelled or not recognized by the system.\nDid you mean 'peering' ?"
        );
        assert_eq!(
            err(
                "az network route-table route create -g rg --route-table-name rt -n r --address-prefix 0.0.0.0/0 --next-hop-type Firewall"
            ),
            "ERROR: az network route-table route create: 'Firewall' is not a valid value for '--next-hop-type'. Allowed values: Internet, None, VirtualAppliance, VirtualNetworkGateway, VnetLocal."
        );
        assert_eq!(
            err("az network vnet show -g rg --name"),
            "ERROR: argument --name/-n: expected one argument"
        );
        assert_eq!(
            err("az network vnet show -g rg -n hub --query id"),
            "ERROR: peerlab does not evaluate --query (JMESPath); run the command without it and read the output"
        );
    }

    #[test]
    fn ids_fill_the_resource_arguments() {
        let Parsed::Run(inv) = run(
            "az network vnet peering show --ids /subscriptions/s/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/hub-vnet/virtualNetworkPeerings/hub-to-spoke",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(inv.args.get("resource-group"), Some("rg-network"));
        assert_eq!(inv.args.get("vnet-name"), Some("hub-vnet"));
        assert_eq!(inv.args.get("name"), Some("hub-to-spoke"));
        assert!(
            err("az network vnet peering show --ids /subscriptions/s/resourceGroups/rg")
                .contains("invalid ResourceId")
        );
    }

    #[test]
    fn help_names_every_flag_and_groups_list_their_commands() {
        let Parsed::Help(h) = run("az network vnet peering create --help").unwrap() else {
            panic!()
        };
        for f in [
            "--allow-vnet-access",
            "--allow-forwarded-traffic",
            "--allow-gateway-transit",
            "--use-remote-gateways",
            "--remote-vnet",
            "--resource-group -g",
            "[Required]",
        ] {
            assert!(h.contains(f), "{f} missing from\n{h}");
        }
        let Parsed::Help(g) = run("az network vnet peering").unwrap() else {
            panic!()
        };
        assert!(g.contains("Commands:") && g.contains("sync"), "{g}");
    }
}
