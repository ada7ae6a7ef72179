//! The Explore screen (issue 16, `peerlab explore FILE`): a sandbox on one topology, in the
//! spirit of Packet Tracer's simulation mode. Pick a source and a destination to see the
//! trace (hops, reason, explanation) and the path on the diagram; toggle a peering's flags or
//! turn a user-defined route off and on, and see the trace and the all-pairs matrix change. Nothing is written unless `w` is pressed,
//! and then to a new file beside the original.
//!
//! The screen owns its state, apart from the trainer's `App`, so it can open on any file
//! without a question bank or a history: `run` gives it its own event loop, and the trainer's
//! menu (Explore a network) hands it keys and a part of the frame.

use crate::diagram::{self, PathMarks};
use crate::eval::{FlowSpec, Matrix, Network, Trace, Verdict};
use crate::model::{Protocol, Route, Topology, to_toml};
use ratatui::Frame;
use ratatui::crossterm::event::{self, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::path::{Path, PathBuf};

/// Which list the arrow keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    From,
    To,
    Peerings,
    Routes,
}

/// What the right-hand pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Trace,
    Matrix,
    Diagram,
}

/// A peering flag the sandbox toggles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Access,
    Forwarded,
    GatewayTransit,
    RemoteGateways,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    NextFocus,
    Toggle(Flag),
    /// Turns the chosen user-defined route off, or back on where it was.
    ToggleRoute,
    Show(View),
    Save,
    Quit,
}

pub struct Explore {
    pub topology: Topology,
    /// Where the file came from (the sandbox saves beside it), and its name as shown.
    pub path: PathBuf,
    pub shown: String,
    /// The matrix's endpoints (VMs, then site hosts), by name.
    pub endpoints: Vec<String>,
    pub from: usize,
    pub to: usize,
    pub peering: usize,
    /// Every user-defined route of the file, in file order, and whether it is on; the
    /// topology's route tables hold exactly the ones that are on, in this order.
    pub routes: Vec<RouteRow>,
    pub route: usize,
    pub focus: Focus,
    pub view: View,
    pub matrix: Matrix,
    pub trace: Option<Trace>,
    /// Flags toggled since the file was opened (or last saved).
    pub changes: usize,
    pub status: String,
    pub quit: bool,
}

/// One user-defined route of the sandbox.
#[derive(Debug, Clone)]
pub struct RouteRow {
    /// Its route table, by index in `Topology::route_tables`.
    pub table: usize,
    pub route: Route,
    pub on: bool,
}

impl Explore {
    pub fn new(topology: Topology, path: &Path) -> Self {
        let routes = topology
            .route_tables
            .iter()
            .enumerate()
            .flat_map(|(table, rt)| {
                rt.routes.iter().map(move |r| RouteRow {
                    table,
                    route: r.clone(),
                    on: true,
                })
            })
            .collect();
        let mut e = Explore {
            topology,
            routes,
            route: 0,
            path: path.to_path_buf(),
            shown: crate::text::printable(&path.display().to_string()),
            endpoints: Vec::new(),
            from: 0,
            to: 1,
            peering: 0,
            focus: Focus::From,
            view: View::Trace,
            matrix: Network::new(&Topology::default()).matrix(443, Protocol::Tcp),
            trace: None,
            changes: 0,
            status: String::new(),
            quit: false,
        };
        e.evaluate();
        e.status = "Tab: from / to / peerings. Nothing is saved unless you press w.".into();
        e
    }

    /// Traces the chosen pair and the whole matrix again (after opening or a change).
    fn evaluate(&mut self) {
        let net = Network::new(&self.topology);
        self.endpoints = net
            .endpoints()
            .into_iter()
            .map(|m| net.machines[m].name.clone())
            .collect();
        let n = self.endpoints.len();
        self.from = self.from.min(n.saturating_sub(1));
        self.to = self.to.min(n.saturating_sub(1));
        self.matrix = net.matrix(443, Protocol::Tcp);
        self.trace = (n >= 2 && self.from != self.to)
            .then(|| {
                net.trace(&FlowSpec::new(
                    &self.endpoints[self.from],
                    &self.endpoints[self.to],
                ))
                .ok()
            })
            .flatten();
    }

    pub fn update(&mut self, a: Action) {
        let n = self.endpoints.len();
        let peerings = self.topology.peerings.len();
        match a {
            Action::Quit => self.quit = true,
            Action::NextFocus => {
                self.focus = match self.focus {
                    Focus::From => Focus::To,
                    Focus::To if peerings > 0 => Focus::Peerings,
                    Focus::To | Focus::Peerings if !self.routes.is_empty() => Focus::Routes,
                    _ => Focus::From,
                }
            }
            Action::Up | Action::Down => {
                let step = |i: usize, len: usize| match a {
                    Action::Up => (i + len.max(1) - 1) % len.max(1),
                    _ => (i + 1) % len.max(1),
                };
                match self.focus {
                    Focus::From => self.from = step(self.from, n),
                    Focus::To => self.to = step(self.to, n),
                    Focus::Peerings => self.peering = step(self.peering, peerings),
                    Focus::Routes => self.route = step(self.route, self.routes.len()),
                }
                if matches!(self.focus, Focus::From | Focus::To) {
                    self.evaluate();
                }
            }
            Action::Toggle(flag) => {
                let Some(p) = self.topology.peerings.get_mut(self.peering) else {
                    self.status = "This network has no peering to change.".into();
                    return;
                };
                let (name, value) = match flag {
                    Flag::Access => {
                        p.allow_virtual_network_access = !p.allow_virtual_network_access;
                        (
                            "allow_virtual_network_access",
                            p.allow_virtual_network_access,
                        )
                    }
                    Flag::Forwarded => {
                        p.allow_forwarded_traffic = !p.allow_forwarded_traffic;
                        ("allow_forwarded_traffic", p.allow_forwarded_traffic)
                    }
                    Flag::GatewayTransit => {
                        p.allow_gateway_transit = !p.allow_gateway_transit;
                        ("allow_gateway_transit", p.allow_gateway_transit)
                    }
                    Flag::RemoteGateways => {
                        p.use_remote_gateways = !p.use_remote_gateways;
                        ("use_remote_gateways", p.use_remote_gateways)
                    }
                };
                self.status = format!("{}: {name} = {value}", p.name);
                self.changes += 1;
                self.evaluate();
            }
            Action::ToggleRoute => {
                let Some(row) = self.routes.get_mut(self.route) else {
                    self.status = "This network has no user-defined route to turn off.".into();
                    return;
                };
                row.on = !row.on;
                let (table, on) = (row.table, row.on);
                let shown = format!(
                    "{}/{}",
                    self.topology.route_tables[table].name, row.route.name
                );
                self.topology.route_tables[table].routes = self
                    .routes
                    .iter()
                    .filter(|r| r.table == table && r.on)
                    .map(|r| r.route.clone())
                    .collect();
                self.status = format!("route {shown}: {}", if on { "on" } else { "off" });
                self.changes += 1;
                self.evaluate();
            }
            Action::Show(v) => self.view = v,
            Action::Save => match self.save() {
                Ok(p) => {
                    self.status = format!(
                        "Saved to {}",
                        crate::text::printable(&p.display().to_string())
                    );
                    self.changes = 0;
                }
                Err(e) => self.status = crate::text::printable(&format!("Not saved: {e}")),
            },
        }
    }

    /// Writes the sandbox to a new file beside the original (never over an existing file).
    fn save(&self) -> std::io::Result<PathBuf> {
        let path = save_path(&self.path, |p| p.exists());
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::io::Write::write_all(&mut f, to_toml(&self.topology).as_bytes())?;
        Ok(path)
    }
}

/// `net.toml` -> `net-explore.toml`, else `net-explore-2.toml`, ... (the first that is free).
pub fn save_path(original: &Path, taken: impl Fn(&Path) -> bool) -> PathBuf {
    let stem = original
        .file_stem()
        .map_or("network".into(), |s| s.to_string_lossy().into_owned());
    let dir = original.parent().unwrap_or(Path::new(""));
    (1..)
        .map(|k| {
            let name = if k == 1 {
                format!("{stem}-explore.toml")
            } else {
                format!("{stem}-explore-{k}.toml")
            };
            dir.join(name)
        })
        .find(|p| !taken(p))
        .expect("some name is free")
}

/// The keys of the screen.
pub fn map_key(k: KeyEvent) -> Option<Action> {
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    Some(match k.code {
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Tab => Action::NextFocus,
        KeyCode::Char('a') => Action::Toggle(Flag::Access),
        KeyCode::Char('f') => Action::Toggle(Flag::Forwarded),
        KeyCode::Char('g') => Action::Toggle(Flag::GatewayTransit),
        KeyCode::Char('u') => Action::Toggle(Flag::RemoteGateways),
        KeyCode::Char('r') => Action::ToggleRoute,
        KeyCode::Char('t') => Action::Show(View::Trace),
        KeyCode::Char('m') => Action::Show(View::Matrix),
        KeyCode::Char('d') => Action::Show(View::Diagram),
        KeyCode::Char('w') => Action::Save,
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        _ => return None,
    })
}

pub const HELP: &str = "Tab focus  Up/Down pick  a/f/g/u flag  r route  t/m/d view  w save  q quit";

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// A list with the chosen row marked `>` and scrolled so that it stays visible.
fn list(
    title: &str,
    rows: &[String],
    chosen: usize,
    focused: bool,
    area: Rect,
) -> Paragraph<'static> {
    let height = area.height.saturating_sub(2) as usize;
    let first = chosen.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let text = format!("{} {}", if i == chosen { '>' } else { ' ' }, r);
            if i == chosen && focused {
                Line::styled(text, Style::default().add_modifier(Modifier::REVERSED))
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let title = if focused {
        format!(" {title} * ")
    } else {
        format!(" {title} ")
    };
    Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title))
}

pub fn draw(f: &mut Frame, e: &Explore) {
    draw_in(f, e, f.area());
}

/// Draws the screen in `area` (the whole frame from `peerlab explore`, the trainer's body from
/// its menu).
pub fn draw_in(f: &mut Frame, e: &Explore, area: Rect) {
    let [head, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let changed = if e.changes > 0 {
        format!(" ({} unsaved changes)", e.changes)
    } else {
        String::new()
    };
    f.render_widget(
        Paragraph::new(Line::styled(
            format!("Explore {}: a sandbox{changed}", e.shown),
            bold(),
        )),
        head,
    );
    let left_w = (area.width / 3).clamp(20, 36);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(body);
    // The routes' pane only where there are routes, so a network without any keeps the room.
    let panes = if e.routes.is_empty() { 3 } else { 4 };
    let split = Layout::vertical(vec![Constraint::Ratio(1, panes); panes as usize]).split(left);
    let (from_a, to_a, peer_a) = (split[0], split[1], split[2]);
    f.render_widget(
        list("From", &e.endpoints, e.from, e.focus == Focus::From, from_a),
        from_a,
    );
    f.render_widget(
        list("To", &e.endpoints, e.to, e.focus == Focus::To, to_a),
        to_a,
    );
    let flag = |on: bool, c: char| if on { c } else { '-' };
    let peerings: Vec<String> = e
        .topology
        .peerings
        .iter()
        .map(|p| {
            format!(
                "{}{}{}{} {}",
                flag(p.allow_virtual_network_access, 'A'),
                flag(p.allow_forwarded_traffic, 'F'),
                flag(p.allow_gateway_transit, 'G'),
                flag(p.use_remote_gateways, 'U'),
                p.name
            )
        })
        .collect();
    f.render_widget(
        list(
            "Peerings",
            &peerings,
            e.peering,
            e.focus == Focus::Peerings,
            peer_a,
        ),
        peer_a,
    );
    if let Some(&route_a) = split.get(3) {
        let rows: Vec<String> = e
            .routes
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    if r.on { "on " } else { "off" },
                    r.route.prefix,
                    crate::text::printable(&r.route.name)
                )
            })
            .collect();
        f.render_widget(
            list(
                "Routes (r)",
                &rows,
                e.route,
                e.focus == Focus::Routes,
                route_a,
            ),
            route_a,
        );
    }
    let width = right.width.saturating_sub(2) as usize;
    let (title, lines) = match e.view {
        View::Trace => (" Trace (t) ", trace_lines(e)),
        View::Matrix => {
            let mut lines: Vec<Line> = vec![Line::raw(format!(
                "{} endpoints, tcp port 443, row = source",
                e.matrix.len()
            ))];
            if e.matrix.len() >= 2 {
                lines.extend(e.matrix.grid_lines().into_iter().map(Line::raw));
                lines.push(Line::raw(""));
                lines.extend(e.matrix.summary_lines().into_iter().map(Line::raw));
            }
            (" Matrix (m) ", lines)
        }
        View::Diagram => {
            let opts = diagram::Options {
                width: width.max(diagram::MIN_WIDTH),
                path: e
                    .trace
                    .as_ref()
                    .map(|t| PathMarks::from_trace(&e.topology, t)),
                legend: false,
                ..diagram::Options::default()
            };
            let lines = diagram::draw(&e.topology, &opts)
                .into_iter()
                .map(|l| {
                    let on_path = l.spans.iter().any(|s| s.mark == diagram::Mark::Path);
                    let text = crate::text::printable(&l.text);
                    if on_path {
                        Line::styled(text, bold())
                    } else {
                        Line::raw(text)
                    }
                })
                .collect();
            (" Diagram (d) ", lines)
        }
    };
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        right,
    );
    f.render_widget(Paragraph::new(crate::text::printable(&e.status)), status);
    f.render_widget(Paragraph::new(HELP), keys);
}

fn trace_lines(e: &Explore) -> Vec<Line<'static>> {
    let Some(t) = &e.trace else {
        let why = if e.endpoints.len() < 2 {
            "This network has fewer than two VMs or hosts to trace between."
        } else {
            "Choose a destination other than the source (Tab, then Up/Down)."
        };
        return vec![Line::raw(why)];
    };
    let verdict = match t.verdict {
        Verdict::Reachable => "REACHABLE".to_string(),
        Verdict::Unreachable => format!("UNREACHABLE: {}", t.reason.code()),
    };
    let mut lines = vec![
        Line::styled(
            format!("{} -> {} tcp/{}: {verdict}", t.from, t.to, t.port),
            bold(),
        ),
        Line::raw(""),
    ];
    for h in &t.hops {
        let mark = if h.ok { "ok " } else { "NO " };
        lines.push(Line::raw(crate::text::printable(&format!(
            "{mark}{:<14} {:<12} {}",
            h.at, h.step, h.detail
        ))));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(crate::text::printable(&t.explanation)));
    lines
}

/// Opens the screen on `topology`. Refuses, with exit code 1, without a terminal.
pub fn run(topology: Topology, path: &Path) -> i32 {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "peerlab: explore needs an interactive terminal; for scripts, use peerlab matrix or trace"
        );
        return 1;
    }
    let mut e = Explore::new(topology, path);
    let result: std::io::Result<()> = ratatui::run(|terminal| {
        loop {
            terminal.draw(|f| draw(f, &e))?;
            if e.quit {
                return Ok(());
            }
            if let event::Event::Key(k) = event::read()?
                && k.is_press()
                && let Some(a) = map_key(k)
            {
                e.update(a);
            }
        }
    });
    match result {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("peerlab: terminal error: {err}");
            1
        }
    }
}
