//! Lab files (FORMAT.md "Labs"): TOML in `content/labs/`, read with located errors. A lab names
//! its starting network (a topology file of the content folder, or inline under `[network]`),
//! the resource group and subscription its commands use, its goals, hints and model answer.

use super::goal::{Goal, GoalKind};
use crate::bank::Flow;
use crate::eval::Verdict;
use crate::model::{Diagnostic, LineIndex, Pos, Protocol, Topology, parse_topology, toml_error};
use serde::Deserialize;
use toml::Spanned;

/// A lab as its file describes it, its network parsed.
#[derive(Debug, Clone)]
pub struct Lab {
    /// The file name without `.toml`: what `peerlab lab NAME` takes.
    pub name: String,
    pub title: String,
    pub story: String,
    pub topology: Topology,
    pub resource_group: String,
    pub subscription: String,
    pub goals: Vec<Goal>,
    pub hints: Vec<String>,
    /// The model answer, one command per entry (continuation lines already joined).
    pub answer: Vec<String>,
    pub answer_pos: Pos,
    pub file: String,
}

/// The subscription a lab uses when its file names none (not a real one).
pub const DEFAULT_SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLab {
    title: Spanned<String>,
    story: Spanned<String>,
    topology: Option<Spanned<String>>,
    network: Option<toml::Table>,
    resource_group: Spanned<String>,
    subscription: Option<String>,
    #[serde(default)]
    hints: Vec<Spanned<String>>,
    answer: Spanned<String>,
    #[serde(default, rename = "goal")]
    goals: Vec<Spanned<RawGoal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    text: String,
    #[serde(default)]
    keep: bool,
    from: Option<String>,
    to: Option<String>,
    port: Option<u16>,
    protocol: Option<String>,
    expect: Option<String>,
    peering: Option<RawPeeringRef>,
    state: Option<String>,
    sync: Option<String>,
    uses_gateway: Option<RawGatewayRef>,
    address_space: Option<RawSpaceRef>,
    ran: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeeringRef {
    vnet: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpaceRef {
    vnet: String,
    includes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGatewayRef {
    vnet: String,
    of: String,
}

/// Splits a model answer into commands: one per line, a trailing `\` joining the next line,
/// blank lines and `#` comments skipped.
pub fn answer_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let t = line.trim();
        if cur.is_empty() && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        if let Some(head) = t.strip_suffix('\\') {
            cur.push_str(head.trim_end());
            cur.push(' ');
        } else {
            cur.push_str(t);
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Reads a lab. `read` loads a topology the lab refers to, by the path written in the file
/// (the caller resolves it inside the content folder). Errors come with positions in `text`.
pub fn parse_lab(
    name: &str,
    file: &str,
    text: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Lab, Vec<Diagnostic>> {
    let idx = LineIndex::new(text);
    let raw: RawLab = toml::from_str(text).map_err(|e| vec![toml_error(&idx, &e)])?;
    let at = |span: std::ops::Range<usize>| idx.pos(span.start);
    let mut errs = Vec::new();
    for (what, s) in [("title", &raw.title), ("story", &raw.story)] {
        if let Err(e) = crate::text::check_text(s.get_ref(), 4000) {
            errs.push(Diagnostic::error(
                at(s.span()),
                "bad-text",
                format!("{what}: {e}"),
            ));
        }
    }
    let topology = match (&raw.topology, &raw.network) {
        (Some(path), None) => match read(path.get_ref()) {
            Ok(t) => match parse_topology(&t) {
                Ok(p) => Some(p.topology),
                Err(diags) => {
                    for d in diags.iter().filter(|d| d.is_error()) {
                        errs.push(Diagnostic::error(
                            at(path.span()),
                            &d.code,
                            format!(
                                "the topology {} has an error at {}:{}: {}",
                                path.get_ref(),
                                d.pos.line,
                                d.pos.col,
                                d.message
                            ),
                        ));
                    }
                    None
                }
            },
            Err(e) => {
                errs.push(Diagnostic::error(
                    at(path.span()),
                    "unknown-reference",
                    format!(
                        "cannot read topology {}: {e}",
                        crate::text::quoted(path.get_ref())
                    ),
                ));
                None
            }
        },
        (None, Some(net)) => match parse_topology(&toml::to_string(net).unwrap_or_default()) {
            Ok(p) => Some(p.topology),
            Err(diags) => {
                for d in diags.iter().filter(|d| d.is_error()) {
                    errs.push(Diagnostic::error(
                        Pos { line: 1, col: 1 },
                        &d.code,
                        format!("in [network]: {}", d.message),
                    ));
                }
                None
            }
        },
        _ => {
            errs.push(Diagnostic::error(
                Pos { line: 1, col: 1 },
                "missing-field",
                "a lab needs its network: either `topology = \"../topologies/x.toml\"` or a [network] table, not both",
            ));
            None
        }
    };
    let mut goals = Vec::new();
    for g in &raw.goals {
        let pos = at(g.span());
        match goal(g.get_ref()) {
            Ok(kind) => goals.push(Goal {
                text: g.get_ref().text.clone(),
                keep: g.get_ref().keep,
                kind,
                pos,
            }),
            Err(e) => errs.push(Diagnostic::error(pos, "bad-value", e)),
        }
    }
    if goals.is_empty() {
        errs.push(Diagnostic::error(
            Pos { line: 1, col: 1 },
            "missing-field",
            "a lab needs at least one [[goal]]",
        ));
    }
    let answer = answer_lines(raw.answer.get_ref());
    // A flow may start at a resource the model answer creates (a Bastion host): the name must
    // then be a word of the answer, and proving the lab shows the flow is traced once it exists.
    let created_by_answer = |g: &Goal| {
        matches!(&g.kind, GoalKind::Flow { flow, .. } if !g.keep
            && answer.iter().any(|l| crate::lab::az::split(l)
                .is_ok_and(|w| w.iter().any(|w| w == &flow.from))))
    };
    if let Some(t) = &topology {
        for g in &goals {
            if let Err(e) = g.check_names(t)
                && !created_by_answer(g)
            {
                errs.push(Diagnostic::error(g.pos, "unknown-reference", e));
            }
        }
    }
    if answer.is_empty() {
        errs.push(Diagnostic::error(
            at(raw.answer.span()),
            "missing-field",
            "the model answer has no command",
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Lab {
        name: name.to_string(),
        title: raw.title.into_inner(),
        story: raw.story.into_inner(),
        topology: topology.expect("no errors, so parsed"),
        resource_group: raw.resource_group.into_inner(),
        subscription: raw
            .subscription
            .unwrap_or_else(|| DEFAULT_SUBSCRIPTION.to_string()),
        goals,
        hints: raw.hints.into_iter().map(Spanned::into_inner).collect(),
        answer,
        answer_pos: at(raw.answer.span()),
        file: file.to_string(),
    })
}

const ONE_OF: &str = "a goal is one of: a flow (from, to, expect), a peering (peering with state or sync), uses_gateway, address_space, or ran";

fn goal(g: &RawGoal) -> Result<GoalKind, String> {
    if let Some(a) = &g.address_space {
        if g.from.is_some() || g.peering.is_some() || g.uses_gateway.is_some() || g.ran.is_some() {
            return Err(ONE_OF.into());
        }
        let includes = crate::model::value::parse_cidr(&a.includes)
            .map_err(|e| format!("address_space.includes: {e}"))?;
        return Ok(GoalKind::AddressSpace {
            vnet: a.vnet.clone(),
            includes,
        });
    }
    if let Some(command) = &g.ran {
        if g.from.is_some() || g.peering.is_some() || g.uses_gateway.is_some() {
            return Err(ONE_OF.into());
        }
        let command = command.strip_prefix("az ").unwrap_or(command).trim();
        return Ok(GoalKind::Ran {
            command: command.to_string(),
        });
    }
    match (&g.from, &g.peering, &g.uses_gateway) {
        (Some(from), None, None) => {
            let to = g.to.clone().ok_or("a flow goal needs `to`")?;
            let expect = match g.expect.as_deref() {
                Some("reachable") => Verdict::Reachable,
                Some("unreachable") => Verdict::Unreachable,
                _ => {
                    return Err(
                        "a flow goal needs expect = \"reachable\" or \"unreachable\"".into(),
                    );
                }
            };
            let protocol = match &g.protocol {
                Some(p) => Protocol::parse(p)?,
                None => Protocol::Tcp,
            };
            Ok(GoalKind::Flow {
                flow: Flow {
                    from: from.clone(),
                    to,
                    port: g.port.unwrap_or(443),
                    protocol,
                },
                expect,
            })
        }
        (None, Some(p), None) if g.sync.is_some() => {
            let level = g.sync.clone().unwrap_or_default();
            if g.state.is_some() {
                return Err("a peering goal has either `state` or `sync`, not both".into());
            }
            if !crate::lab::sync::LEVELS.contains(&level.as_str()) {
                return Err(format!(
                    "unknown sync level {}; use {}",
                    crate::text::quoted(&level),
                    crate::lab::sync::LEVELS.join(", ")
                ));
            }
            Ok(GoalKind::PeeringSync {
                vnet: p.vnet.clone(),
                name: p.name.clone(),
                level,
            })
        }
        (None, Some(p), None) => {
            let state = g
                .state
                .clone()
                .ok_or("a peering goal needs state = \"Connected\", \"Initiated\", \"Disconnected\" or \"absent\"")?;
            if !["Connected", "Initiated", "Disconnected", "absent"].contains(&state.as_str()) {
                return Err(format!(
                    "unknown peering state {}; use Connected, Initiated, Disconnected or absent",
                    crate::text::quoted(&state)
                ));
            }
            Ok(GoalKind::PeeringState {
                vnet: p.vnet.clone(),
                name: p.name.clone(),
                state,
            })
        }
        (None, None, Some(u)) => Ok(GoalKind::UsesGateway {
            vnet: u.vnet.clone(),
            of: u.of.clone(),
        }),
        _ => Err(ONE_OF.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_split_into_commands_with_continuations() {
        let a = "# first\naz network vnet peering create \\\n  -g rg \\\n  -n x\n\naz network vnet list -g rg\n";
        assert_eq!(
            answer_lines(a),
            [
                "az network vnet peering create -g rg -n x",
                "az network vnet list -g rg"
            ]
        );
    }
}
