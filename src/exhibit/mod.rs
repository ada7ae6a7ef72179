//! The exam's exhibits: a topology as the diagram plus tables in the shape of the Azure
//! portal's blades (peerings, route tables, NSG rules, gateways and sites, firewalls, VMs, DNS
//! zones), so an item's stem can stay short and the facts live where the real exam puts them.
//!
//! Pure data: the CLI prints it (`peerlab exhibit`), `--json` carries it (FORMAT.md
//! "Exhibits"), the TUI draws it with ratatui's `Table`. Which tables an item shows is a list of
//! selectors ([`Selector`]): a bank item's `exhibit = [...]`, or what a generated item's flows
//! and faults touch ([`touching`]).
//!
//! For a generated item (the generator's side of the contract):
//!
//! ```
//! # let text = include_str!("../../content/topologies/chapter-hub-spoke.toml");
//! # let t = peerlab::model::parse_topology(text).unwrap().topology;
//! use peerlab::exhibit;
//! let tables = exhibit::touching(&t, &["vm-web", "rt-spoke-web", "hub-to-spoke-web"]);
//! let e = exhibit::for_question(&t, Some(&tables)).expect("touching only names what exists");
//! assert_eq!(e.titles(), ["Peerings", "Route table rt-spoke-web", "Virtual machines"]);
//! ```

mod beyond;
mod layout;
mod select;
mod tables;

pub use layout::{GAP, column_widths, exhibit_text, fits, fold, table_text, width, wrap, wrap_row};
pub use select::{SYNTAX, Selector, default_selectors, parse_all, touching};
pub use tables::{NONE, next_hop_label};

use crate::diagram;
use crate::model::Topology;
use serde::Serialize;

/// One table of an exhibit, as the portal shows a blade: a title, column headers and rows of
/// cells (every row has one cell per column; an empty setting is [`NONE`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub title: String,
    /// The selector that made it (`peerings`, `nsg:nsg-data`, ...).
    pub selector: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What an item shows beside its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhibit {
    /// The picture of the network (without the peering list: the peerings table has it).
    pub diagram: Vec<diagram::Line>,
    pub tables: Vec<Table>,
}

impl Exhibit {
    pub fn titles(&self) -> Vec<&str> {
        self.tables.iter().map(|t| t.title.as_str()).collect()
    }

    /// The `--json` shape: `{ "diagram": [lines], "tables": [{title, selector, columns, rows}] }`.
    pub fn to_json(&self) -> serde_json::Value {
        let lines: Vec<&str> = self.diagram.iter().map(|l| l.text.as_str()).collect();
        serde_json::json!({ "diagram": lines, "tables": self.tables })
    }
}

/// The diagram options of an exhibit that is not drawn for a particular screen (`--json`, the
/// text output): 80 columns, ASCII, no legend.
pub fn default_options() -> diagram::Options {
    diagram::Options {
        width: 80,
        legend: false,
        ..diagram::Options::default()
    }
}

/// The exhibit of `t` with the given tables, its diagram drawn with `opts`. The topology's
/// title is left out: it often names the fault an item asks about.
pub fn build(t: &Topology, selectors: &[Selector], opts: &diagram::Options) -> Exhibit {
    let mut shown = t.clone();
    shown.meta.title = None;
    Exhibit {
        diagram: diagram::picture(&shown, opts),
        tables: selectors.iter().map(|s| tables::table(t, s)).collect(),
    }
}

/// The exhibit of an item on `t`: the tables `selectors` names (a bank item's `exhibit`, or
/// [`touching`]'s result), or every table `t` has when `None`. `Err` holds, for each bad
/// selector, its index and what to fix (the bank reports them with file and line).
pub fn for_question(
    t: &Topology,
    selectors: Option<&[String]>,
) -> Result<Exhibit, Vec<(usize, String)>> {
    for_question_with(t, selectors, &default_options())
}

/// [`for_question`] with the diagram drawn with `opts` (the trainer draws it to its pane's
/// width).
pub fn for_question_with(
    t: &Topology,
    selectors: Option<&[String]>,
    opts: &diagram::Options,
) -> Result<Exhibit, Vec<(usize, String)>> {
    let sel = match selectors {
        Some(list) => parse_all(t, list)?,
        None => default_selectors(t),
    };
    Ok(build(t, &sel, opts))
}

#[cfg(test)]
mod tests;
