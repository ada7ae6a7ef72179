//! Peerings as drawn: one link per pair of VNets, with both sides' state and flags.

use super::canvas::{fit, wrap};
use super::{Line, Mark, Options, Span};
use crate::model::{Peering, PeeringState, PeeringVerdict, Topology, create_peerings};

/// The unordered key of a VNet pair.
pub fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// How a link looks: it carries traffic, one side is missing, or it is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Connected,
    OneSided,
    Broken,
}

/// Both sides of the peering between two VNets.
#[derive(Debug, Clone)]
pub struct PeeringPair {
    pub a: String,
    pub b: String,
    /// The side owned by `a` and the side owned by `b`, each with Azure's verdict.
    pub side_a: Option<(Peering, PeeringVerdict)>,
    pub side_b: Option<(Peering, PeeringVerdict)>,
    /// Further peerings between the same two VNets (Azure rejects them, but they are listed).
    pub extra: Vec<(Peering, PeeringVerdict)>,
    pub number: usize,
}

impl PeeringPair {
    pub fn state(&self) -> LinkState {
        let st = |s: &Option<(Peering, PeeringVerdict)>| s.as_ref().map(|(_, v)| v.clone());
        match (st(&self.side_a), st(&self.side_b)) {
            (
                Some(PeeringVerdict::Exists(PeeringState::Connected)),
                Some(PeeringVerdict::Exists(PeeringState::Connected)),
            ) => LinkState::Connected,
            (Some(PeeringVerdict::Exists(PeeringState::Initiated)), None)
            | (None, Some(PeeringVerdict::Exists(PeeringState::Initiated))) => LinkState::OneSided,
            _ => LinkState::Broken,
        }
    }

    pub fn connects(&self, v: &str) -> bool {
        self.a == v || self.b == v
    }

    pub fn other(&self, v: &str) -> &str {
        if self.a == v { &self.b } else { &self.a }
    }
}

/// Every VNet pair with a peering, numbered in file order of their first side.
pub fn pairs(t: &Topology) -> Vec<PeeringPair> {
    let verdicts = create_peerings(t);
    let mut out: Vec<PeeringPair> = Vec::new();
    for (p, v) in t.peerings.iter().zip(verdicts) {
        let (a, b) = key(&p.vnet, &p.remote);
        let pos = match out.iter().position(|x| x.a == a && x.b == b) {
            Some(i) => i,
            None => {
                let number = out.len() + 1;
                out.push(PeeringPair {
                    a: a.clone(),
                    b: b.clone(),
                    side_a: None,
                    side_b: None,
                    extra: Vec::new(),
                    number,
                });
                out.len() - 1
            }
        };
        let pair = &mut out[pos];
        let slot = if p.vnet == a {
            &mut pair.side_a
        } else {
            &mut pair.side_b
        };
        match slot {
            None => *slot = Some((p.clone(), v)),
            // A second peering between the same two VNets: Azure rejected it; list it anyway.
            Some(_) => pair.extra.push((p.clone(), v)),
        }
    }
    out
}

/// `sync` is the side's `peeringSyncLevel` (RULES.md §14) when `--detail` asks for it and it
/// is not `FullyInSync`; it follows the flags as ` sync LEVEL`.
fn side_text(owner: &str, side: &Option<(Peering, PeeringVerdict)>, sync: Option<&str>) -> String {
    match side {
        None => format!("{owner}: no peering"),
        Some((p, PeeringVerdict::Rejected { code, .. })) => {
            format!("{owner}: {} rejected ({})", p.name, code.code())
        }
        Some((p, PeeringVerdict::Exists(state))) => {
            let mut flags = Vec::new();
            if !p.allow_virtual_network_access {
                flags.push("NOACC");
            }
            if p.allow_forwarded_traffic {
                flags.push("FWD");
            }
            if p.allow_gateway_transit {
                flags.push("GT");
            }
            if p.use_remote_gateways {
                flags.push("RG");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" {}", flags.join(" "))
            };
            let sync = sync.map_or(String::new(), |l| format!(" sync {l}"));
            format!("{owner}: {}{flags}{sync}", state.as_str())
        }
    }
}

fn plain(text: String) -> Line {
    Line {
        text,
        spans: Vec::new(),
    }
}

/// The peering list and the legend, under the picture.
pub fn table(t: &Topology, opts: &Options) -> Vec<Line> {
    let w = opts.width;
    let mut out = Vec::new();
    let ps = pairs(t);
    if ps.is_empty() {
        out.push(plain(fit("No peerings.", w)));
    } else {
        out.push(plain(fit(
            "Peerings (each side as its owner VNet shows it):",
            w,
        )));
    }
    for p in &ps {
        let on_path = opts
            .path
            .as_ref()
            .is_some_and(|m| m.links.contains(&(p.a.clone(), p.b.clone())));
        let head = format!(
            "{}({}) {} <-> {}",
            if on_path { "*" } else { " " },
            p.number,
            p.a,
            p.b
        );
        let mark = match (on_path, p.state()) {
            (true, _) => Mark::Path,
            (false, LinkState::Connected) => Mark::Plain,
            _ => Mark::Broken,
        };
        let text = fit(&head, w);
        let len = text.chars().count();
        out.push(Line {
            spans: if mark == Mark::Plain {
                Vec::new()
            } else {
                vec![Span {
                    start: 0,
                    len,
                    mark,
                }]
            },
            text,
        });
        let sync = |side: &Option<(Peering, PeeringVerdict)>| {
            let (q, _) = side.as_ref()?;
            let l = crate::model::sync::level(t, q);
            (opts.detail && l != "FullyInSync").then_some(l)
        };
        let mut sides = vec![
            side_text(&p.a, &p.side_a, sync(&p.side_a)),
            side_text(&p.b, &p.side_b, sync(&p.side_b)),
        ];
        sides.extend(p.extra.iter().map(|(peering, v)| {
            side_text(&peering.vnet, &Some((peering.clone(), v.clone())), None)
        }));
        for side in sides {
            for l in wrap(&side, w.saturating_sub(6)) {
                out.push(plain(format!("      {l}")));
            }
        }
    }
    if !opts.legend {
        return out;
    }
    out.push(plain(String::new()));
    let (h, v, d, dv, x) = if opts.unicode {
        ("──", "│", "┄┄", "┆", "╳╳")
    } else {
        ("--", "|", "..", ":", "xx")
    };
    let legend = [
        format!("Links: {h} {v} Connected   {d} {dv} one side only (Initiated)"),
        format!("       {x} Disconnected or rejected"),
        "Flags: GT allow gateway transit   RG use remote gateways".to_string(),
        "       FWD allow forwarded traffic".to_string(),
        "       NOACC access to the remote VNet off".to_string(),
    ];
    for l in legend {
        out.push(plain(fit(&l, w)));
    }
    if opts.path.is_some() {
        out.push(plain(fit("* on the traced path", w)));
    }
    out
}
