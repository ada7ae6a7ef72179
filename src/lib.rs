//! peerlab: a terminal trainer for Azure virtual network peering (AZ-104).
//!
//! The domain has no terminal code, so it builds and tests with `--no-default-features`:
//!
//! - [`model`]: the topology a user writes, parsed from TOML with located errors, and Azure's
//!   verdict on each peering request.
//! - [`eval`]: the peering rules evaluator: effective routes, NSGs, DNS, and a packet trace
//!   with its return path, graded with one reason code (RULES.md, FORMAT.md §2).
//! - [`diagram`]: a topology as lines of text (boxes, links by state, the peering list).
//! - [`exhibit`]: a topology as the exam's exhibits: the diagram and tables shaped like the
//!   portal's blades, for the TUI, the CLI and `--json`.
//! - [`bank`]: question files, checked and proven against the evaluator.
//! - [`generate`]: seeded scenarios and questions, every answer proven by the evaluator.
//! - [`import`]: Azure's own JSON (az CLI lists, Resource Graph, ARM templates) as a topology.
//! - [`quiz`]: sessions (practice, exam, drill) with injected time, grading, scores, reports.
//! - [`lab`]: hands-on labs: a simulated Azure CLI against a lab's network, graded by the
//!   evaluator.
//! - [`store`]: the learner's history in SQLite, the FSRS schedule, stats.
//! - [`xapi`]: results as xAPI 1.0.3 statements for a school's Learning Record Store.
//! - [`civil`]: unix seconds as UTC dates and ISO 8601 times.
//! - [`text`]: rules for untrusted text before it reaches a terminal.
//! - `tui` (feature `tui`, on by default): the interactive trainer, the only module that
//!   imports ratatui.
//! - [`cli`]: the command line; non-interactive output and `--json`.

pub mod bank;
pub mod civil;
pub mod cli;
pub mod diagram;
pub mod eval;
pub mod exhibit;
pub mod generate;
pub mod import;
pub mod lab;
pub mod model;
pub mod quiz;
pub mod store;
pub mod text;
#[cfg(feature = "tui")]
pub mod tui;
pub mod xapi;
