//! A lab being worked: the network as the learner's commands have left it, the command tree,
//! the hints taken and the commands used. Both front ends drive it one line at a time; it
//! has no terminal code.

use super::az::{self, AzError, Output, Parsed, json::Scope};
use super::file::Lab;
use super::goal::{GoalStatus, evaluate};
use crate::model::Topology;

/// The lab's own commands (not az): what `help` lists.
pub const LAB_COMMANDS: &[(&str, &str)] = &[
    ("help", "list these commands (az --help lists az's)"),
    ("goals", "show each goal and whether it holds now"),
    ("hint", "show the next hint (hints lower the score)"),
    ("answer", "show the model answer (the score becomes 0)"),
    ("diagram", "draw the network as it is now"),
    ("check", "say whether the lab is done, with the score"),
    ("reset", "put the network back as it was at the start"),
    ("clear", "clear the screen's output"),
];

/// What one line did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// What to print (az's output, or the lab command's).
    pub text: String,
    /// The line failed (`text` is what az writes to standard error).
    pub error: bool,
    /// The network changed.
    pub changed: bool,
    /// The front end should clear its scrollback.
    pub clear: bool,
}

impl Reply {
    fn ok(text: String) -> Self {
        Reply {
            text,
            error: false,
            changed: false,
            clear: false,
        }
    }

    fn err(text: String) -> Self {
        Reply {
            text,
            error: true,
            changed: false,
            clear: false,
        }
    }
}

/// The score of a finished (or unfinished) attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub commands: usize,
    pub model: usize,
    pub hints: usize,
    /// 100, less 5 per command beyond the model answer's count and 15 per hint, at least 10;
    /// 0 once the model answer was shown.
    pub points: u32,
    pub gave_up: bool,
}

pub struct Session {
    pub lab: Lab,
    pub topology: Topology,
    scope: Scope,
    tree: clap::Command,
    pub hints_taken: usize,
    /// The learner asked for the model answer (`answer`): the attempt scores 0.
    pub gave_up: bool,
    /// az lines entered (each counts, whatever it did).
    pub commands: usize,
    /// The az commands (words after `az`) that have succeeded, for `ran` goals.
    ran: Vec<&'static str>,
}

impl Session {
    pub fn new(lab: Lab) -> Self {
        Session {
            topology: lab.topology.clone(),
            scope: Scope {
                subscription: lab.subscription.clone(),
                resource_group: lab.resource_group.clone(),
            },
            tree: az::tree::build(),
            lab,
            hints_taken: 0,
            gave_up: false,
            commands: 0,
            ran: Vec::new(),
        }
    }

    pub fn goals(&self) -> Vec<GoalStatus> {
        evaluate(&self.topology, &self.lab.goals, &self.ran)
    }

    pub fn done(&self) -> bool {
        self.goals().iter().all(|g| g.holds)
    }

    pub fn score(&self) -> Score {
        let extra = self.commands.saturating_sub(self.lab.answer.len()) as u32;
        let lost = extra * 5 + self.hints_taken as u32 * 15;
        Score {
            commands: self.commands,
            model: self.lab.answer.len(),
            hints: self.hints_taken,
            points: if self.gave_up {
                0
            } else {
                100u32.saturating_sub(lost).max(10)
            },
            gave_up: self.gave_up,
        }
    }

    /// The goals as lines: `[x] text` or `[ ] text (now: ...)`.
    pub fn goals_text(&self) -> String {
        self.lab
            .goals
            .iter()
            .zip(self.goals())
            .map(|(g, s)| {
                if s.holds {
                    format!("[x] {}\n", g.text)
                } else {
                    format!("[ ] {}  (now: {})\n", g.text, s.detail)
                }
            })
            .collect()
    }

    fn check_text(&self) -> String {
        let s = self.score();
        if self.done() {
            format!(
                "Lab done: every goal holds. Score {}/100 ({} commands, the model answer uses {}; {} hints).\n",
                s.points, s.commands, s.model, s.hints
            )
        } else {
            let open = self.goals().iter().filter(|g| !g.holds).count();
            format!(
                "Not yet: {open} goal(s) do not hold.\n{}",
                self.goals_text()
            )
        }
    }

    /// Runs one line: an az command, or one of the lab's own commands.
    pub fn run(&mut self, line: &str) -> Reply {
        let words = match az::split(line) {
            Ok(w) => w,
            Err(e) => return Reply::err(format!("{e}\n")),
        };
        let Some(first) = words.first() else {
            return Reply::ok(String::new());
        };
        match (first.as_str(), words.len()) {
            ("az", _) => {}
            ("help", 1) => {
                let mut s = String::from("Lab commands:\n");
                for (c, h) in LAB_COMMANDS {
                    s.push_str(&format!("  {c:<8} {h}\n"));
                }
                s.push_str(
                    "Azure CLI: type az commands (az --help, az network vnet peering --help).\n",
                );
                return Reply::ok(s);
            }
            ("goals", 1) => return Reply::ok(self.goals_text()),
            ("hint", 1) => {
                let Some(h) = self.lab.hints.get(self.hints_taken) else {
                    return Reply::ok("There are no more hints.\n".to_string());
                };
                self.hints_taken += 1;
                return Reply::ok(format!(
                    "Hint {}/{}: {h}\n",
                    self.hints_taken,
                    self.lab.hints.len()
                ));
            }
            ("answer", 1) => {
                self.gave_up = true;
                let mut s = String::from("The model answer (this attempt now scores 0):\n");
                for line in &self.lab.answer {
                    s.push_str(&format!("  {}\n", crate::text::printable(line)));
                }
                return Reply::ok(s);
            }
            ("diagram", 1) => {
                let lines =
                    crate::diagram::draw(&self.topology, &crate::diagram::Options::default());
                return Reply::ok(crate::diagram::to_text(&lines));
            }
            ("check", 1) => return Reply::ok(self.check_text()),
            ("reset", 1) => {
                self.topology = self.lab.topology.clone();
                self.ran.clear();
                return Reply {
                    changed: true,
                    ..Reply::ok("The network is back as it was at the start.\n".to_string())
                };
            }
            ("clear", 1) => {
                return Reply {
                    clear: true,
                    ..Reply::ok(String::new())
                };
            }
            (w, _) => {
                return Reply::err(format!(
                    "{}: command not found (type az ..., or help for the lab's commands)\n",
                    crate::text::printable(w)
                ));
            }
        }
        self.commands += 1;
        match self.run_az(&words) {
            Ok((text, changed)) => Reply {
                changed,
                ..Reply::ok(text)
            },
            Err(e) => Reply::err(safe(&format!("{}\n", e.render()))),
        }
    }

    fn run_az(&mut self, words: &[String]) -> Result<(String, bool), AzError> {
        let inv = match az::parse(&mut self.tree, words)? {
            Parsed::Help(h) => return Ok((h, false)),
            Parsed::Run(inv) => inv,
        };
        let plan = az::run(&self.topology, &self.scope, &inv)?;
        if !self.ran.contains(&inv.cmd.path) {
            self.ran.push(inv.cmd.path);
        }
        let changed = plan.topology.is_some() && !plan.changes.is_empty();
        if let Some(t) = plan.topology {
            self.topology = t;
        }
        let text = match az::exec::render_show(&self.topology, &self.scope, &plan.show) {
            Some(v) if inv.output != Output::None => {
                az::format::render(&v, inv.output, inv.cmd.path)
            }
            _ => String::new(),
        };
        Ok((safe(&text), changed))
    }
}

/// Output safe for a terminal: whatever a learner typed comes back in messages, so control
/// characters are escaped (tabs kept, for `-o tsv`).
fn safe(text: &str) -> String {
    text.split('\t')
        .map(crate::text::printable)
        .collect::<Vec<_>>()
        .join("\t")
}
