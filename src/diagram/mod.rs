//! ASCII (or box-drawing) pictures of a topology: hub in the middle, spokes to its left, right
//! and below, on-premises above the gateway; chains left to right; two hubs side by side; a
//! grid for anything else. Every peering is also listed under the picture with both sides'
//! state and flags, so nothing is lost when a link cannot be drawn.
//!
//! A pure function of the topology: it returns lines with style marks, which the CLI prints
//! and the TUI colours. No terminal code here.

mod canvas;
mod layout;
mod links;
mod services;

pub use links::{LinkState, PeeringPair, pairs};

use crate::eval::Trace;
use crate::model::Topology;
use std::collections::BTreeSet;

/// What a stretch of a line is, for a front end that colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Plain,
    /// A VNet's name.
    Title,
    /// On the traced path.
    Path,
    /// A peering that carries no traffic (one-sided, Disconnected, rejected).
    Broken,
    /// Gateways, on-premises sites.
    Gateway,
    /// Firewalls and NVAs.
    Appliance,
    /// Bastion hosts, private endpoints and PaaS resources (RULES.md §11–§13).
    Service,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// In characters from the start of the line.
    pub start: usize,
    pub len: usize,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub spans: Vec<Span>,
}

/// The VNets and peerings (as unordered VNet pairs) a trace passes through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMarks {
    pub vnets: BTreeSet<String>,
    pub links: BTreeSet<(String, String)>,
}

impl PathMarks {
    pub fn from_trace(t: &Topology, trace: &Trace) -> Self {
        let mut m = PathMarks::default();
        for h in &trace.hops {
            if h.step == "route" {
                if let Some((v, _)) = h.at.split_once('/') {
                    m.vnets.insert(v.to_string());
                }
            }
            if let Some(name) = h.at.strip_prefix("peering ")
                && let Some(p) = t.peerings.iter().find(|p| p.name == name)
            {
                m.vnets.insert(p.vnet.clone());
                m.vnets.insert(p.remote.clone());
                m.links.insert(links::key(&p.vnet, &p.remote));
            }
            if h.step == "deliver"
                || h.step == "appliance"
                || h.step == "firewall"
                || h.step == "bastion"
            {
                let machine = t
                    .vms
                    .iter()
                    .map(|v| (&v.name, &v.vnet))
                    .chain(t.firewalls.iter().map(|f| (&f.name, &f.vnet)))
                    .chain(t.bastions.iter().map(|b| (&b.name, &b.vnet)))
                    .chain(t.private_endpoints.iter().map(|p| (&p.name, &p.vnet)))
                    .find(|(n, _)| **n == h.at);
                if let Some((_, vnet)) = machine {
                    m.vnets.insert(vnet.clone());
                }
            }
        }
        m
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// The widest a line may be (the picture condenses to fit).
    pub width: usize,
    /// Box-drawing characters instead of ASCII.
    pub unicode: bool,
    /// Subnets, VMs and route tables inside each VNet box.
    pub detail: bool,
    pub path: Option<PathMarks>,
    /// The legend under the peering list (a front end with its own help can leave it out).
    pub legend: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 80,
            unicode: false,
            detail: false,
            path: None,
            legend: true,
        }
    }
}

/// The narrowest width the diagram supports (the TUI's minimum is 60 columns).
pub const MIN_WIDTH: usize = 40;

/// Draws `t` as lines no wider than `opts.width` (at least [`MIN_WIDTH`]).
pub fn draw(t: &Topology, opts: &Options) -> Vec<Line> {
    let opts = Options {
        width: opts.width.max(MIN_WIDTH),
        ..opts.clone()
    };
    let mut lines = layout::picture(t, &opts);
    lines.push(Line {
        text: String::new(),
        spans: Vec::new(),
    });
    lines.extend(links::table(t, &opts));
    lines
}

/// The picture alone, without the peering list under it (an exhibit shows the peerings as a
/// table of their own).
pub fn picture(t: &Topology, opts: &Options) -> Vec<Line> {
    let opts = Options {
        width: opts.width.max(MIN_WIDTH),
        ..opts.clone()
    };
    layout::picture(t, &opts)
}

/// The diagram as plain text (what `peerlab diagram` prints).
pub fn to_text(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(&l.text);
        s.push('\n');
    }
    s
}
