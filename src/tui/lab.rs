//! The Lab screen and the list of labs. The learner types Azure CLI commands on a command
//! line (tui-input does the editing); the domain's [`Session`] runs them and this screen only
//! shows what it says: the story and the goals ticked live, the output's scrollback, the
//! network's diagram beside it on a wide terminal. Every line shown passes through
//! `text::printable` first (a lab file and what the learner types are both untrusted).

use super::app::{App, Msg, Screen};
use super::paint::{bold, fg};
use crate::lab::{Lab, Session, complete};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// From this width the diagram stands beside the output.
pub const SIDE_BY_SIDE: u16 = 110;
/// Output lines kept (older ones are dropped): a long session must not grow without bound.
const SCROLLBACK: usize = 5_000;
/// Lines kept for Up/Down.
const HISTORY: usize = 500;
/// The longest command line accepted (keys beyond it are ignored).
const MAX_LINE: usize = 4_096;
/// Rows PgUp/PgDn move.
const PAGE: usize = 10;
/// The most a paste may hold: a lab's model answer fits many times over; more is refused whole.
const MAX_PASTE: usize = 16_384;
/// The most lines a paste may run.
const MAX_PASTE_LINES: usize = 50;

/// A lab being worked on the screen.
pub struct LabView {
    pub session: Session,
    pub input: Input,
    /// The output, one printable line each.
    pub out: Vec<String>,
    /// Rows scrolled up from the newest output.
    pub scroll: usize,
    history: Vec<String>,
    /// Where Up/Down is in `history`, and the line being typed before it started.
    browsing: Option<(usize, String)>,
    /// The start of a command continued with a trailing `\`.
    pending: String,
    /// "Lab done" was said for the current state.
    announced: bool,
    /// This attempt's row in the history, once written.
    pub attempt: Option<i64>,
    /// A line ran since the attempt was last written.
    pub unsaved: bool,
}

impl LabView {
    pub fn new(lab: Lab) -> Self {
        let mut v = LabView {
            session: Session::new(lab),
            input: Input::default(),
            out: Vec::new(),
            scroll: 0,
            history: Vec::new(),
            browsing: None,
            pending: String::new(),
            announced: false,
            attempt: None,
            unsaved: true,
        };
        // The story opens the output, where it scrolls, so the goals above always have room.
        let story = v.session.lab.story.clone();
        v.push(&story);
        v.push("");
        let rg = v.session.lab.resource_group.clone();
        v.push(&format!(
            "Resource group: {rg}. Type az commands; `help` lists the lab's own (hint, answer, reset, check)."
        ));
        v
    }

    fn push(&mut self, text: &str) {
        for l in text.trim_end_matches('\n').split('\n') {
            self.out.push(crate::text::printable(l));
        }
        if self.out.len() > SCROLLBACK {
            let cut = self.out.len() - SCROLLBACK;
            self.out.drain(..cut);
        }
        self.scroll = 0;
    }

    /// Handles one key; returns true when the learner leaves the lab (Esc).
    pub fn key(&mut self, k: KeyEvent) -> bool {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => return true,
            KeyCode::Enter => self.enter(),
            KeyCode::Tab => self.tab(),
            KeyCode::Up => self.recall(true),
            KeyCode::Down => self.recall(false),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_add(PAGE),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_sub(PAGE),
            KeyCode::Char('l') if ctrl => {
                self.out.clear();
                self.scroll = 0;
            }
            KeyCode::Char(_) if self.input.value().len() >= MAX_LINE => {}
            _ => {
                self.input.handle_event(&Event::Key(k));
            }
        }
        false
    }

    /// A bracketed paste: one line is inserted at the cursor; several run line by line as if
    /// each were typed and Enter pressed (a last line without its newline stays on the
    /// command line, as a terminal leaves it). Text with control characters (escape
    /// sequences), or too long, is refused whole and said so in the output.
    pub fn paste(&mut self, text: &str) {
        let text = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', " ");
        let refuse = |v: &mut Self, why: String| {
            v.push(&format!("Paste refused: {why}; nothing was inserted."))
        };
        if text.len() > MAX_PASTE {
            return refuse(
                self,
                format!("{} bytes is more than {MAX_PASTE}", text.len()),
            );
        }
        if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
            return refuse(
                self,
                format!("it holds a control character (U+{:04X})", u32::from(c)),
            );
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let (complete, last) = lines.split_at(lines.len() - 1);
        if complete.len() > MAX_PASTE_LINES {
            return refuse(
                self,
                format!("{} lines is more than {MAX_PASTE_LINES}", complete.len()),
            );
        }
        let head = self.input.value().len() + complete.first().map_or(last[0].len(), |l| l.len());
        if head > MAX_LINE || complete.iter().chain(last).any(|l| l.len() > MAX_LINE) {
            return refuse(self, format!("a line is longer than {MAX_LINE} characters"));
        }
        for line in complete {
            self.insert(line);
            self.enter();
        }
        self.insert(last[0]);
    }

    fn insert(&mut self, text: &str) {
        for c in text.chars() {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
    }

    fn enter(&mut self) {
        let line = self.input.value_and_reset();
        self.browsing = None;
        let prompt = if self.pending.is_empty() {
            "az> "
        } else {
            "> "
        };
        self.push(&format!("{prompt}{line}"));
        if let Some(head) = line.strip_suffix('\\') {
            self.pending.push_str(head);
            self.pending.push(' ');
            return;
        }
        let full = std::mem::take(&mut self.pending) + &line;
        if full.trim().is_empty() {
            return;
        }
        if self.history.last() != Some(&full) {
            self.history.push(full.clone());
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
        }
        let r = self.session.run(&full);
        self.unsaved = true;
        if r.clear {
            self.out.clear();
            self.scroll = 0;
            return;
        }
        if !r.text.is_empty() {
            self.push(&r.text);
        }
        let done = self.session.done();
        if r.changed && done && !self.announced {
            let s = self.session.score();
            self.push(&format!(
                "Lab done: every goal holds. Score {}/100 ({} commands, the model answer uses {}; {} hints).",
                s.points, s.commands, s.model, s.hints
            ));
        }
        self.announced = done;
    }

    fn tab(&mut self) {
        let line = self.input.value().to_string();
        let c = complete::complete(
            &self.session.topology,
            &self.session.lab.resource_group,
            &line,
        );
        match c.apply(&line) {
            Some(new) => self.set_line(new),
            None if c.candidates.len() > 1 => self.push(&c.candidates.join("  ")),
            None => {}
        }
    }

    fn set_line(&mut self, s: String) {
        self.input = Input::new(s);
    }

    /// Up: the previous line of the history; Down: the next, then the line being typed.
    fn recall(&mut self, up: bool) {
        if self.history.is_empty() {
            return;
        }
        let at = match (self.browsing.as_ref().map(|b| b.0), up) {
            (None, true) => {
                let typed = self.input.value().to_string();
                self.browsing = Some((self.history.len(), typed));
                self.history.len() - 1
            }
            (None, false) => return,
            (Some(i), true) => i.saturating_sub(1),
            (Some(i), false) if i + 1 >= self.history.len() => {
                let typed = self.browsing.take().map(|b| b.1).unwrap_or_default();
                self.set_line(typed);
                return;
            }
            (Some(i), false) => i + 1,
        };
        if let Some(b) = &mut self.browsing {
            b.0 = at;
        }
        self.set_line(self.history[at].clone());
    }
}

/// Writes the lab's attempt to the history: its row when the lab opens, its counts after
/// each line, its points once every goal holds. A failure is said on the status line.
pub(super) fn save(app: &mut App, store: &mut crate::store::Store) {
    let Some(v) = app.lab.as_mut().filter(|v| v.unsaved) else {
        return;
    };
    v.unsaved = false;
    let now = crate::store::unix_now();
    let s = &v.session;
    let progress = crate::store::LabProgress {
        commands: s.commands,
        hints: s.hints_taken,
        gave_up: s.gave_up,
    };
    let done = s.done().then(|| (now, s.score().points));
    let written = match v.attempt {
        Some(id) => Ok(id),
        None => store.start_lab(&s.lab.name, now),
    }
    .and_then(|id| {
        v.attempt = Some(id);
        store.update_lab(id, progress, done)
    });
    match written {
        Ok(()) => {
            if let Ok(h) = store.lab_summaries() {
                app.lab_history = h;
            }
        }
        Err(e) => {
            app.status = crate::text::printable(&format!("Lab attempt not saved: {e}"));
        }
    }
}

impl App {
    /// The menu's Labs entry: the built-in labs, read once.
    pub(super) fn open_labs(&mut self) {
        if self.labs.is_empty() {
            self.labs = crate::lab::builtin()
                .into_iter()
                .filter_map(Result::ok)
                .collect();
        }
        if self.labs.is_empty() {
            self.status = "No lab could be read.".to_string();
            return;
        }
        self.screen = Screen::Labs { selected: 0 };
    }

    /// Opens a lab by name (`peerlab lab NAME` on a terminal); false when there is none.
    pub fn open_lab(&mut self, name: &str) -> bool {
        self.open_labs();
        // A generated lab joins the list for this session when it is first opened.
        if !self.labs.iter().any(|l| l.name == name)
            && let Some(l) =
                crate::lab::generated::seed_of(name).and_then(crate::lab::generated::lab)
        {
            self.labs.push(l);
        }
        match self.labs.iter().position(|l| l.name == name) {
            Some(i) => {
                self.lab = Some(LabView::new(self.labs[i].clone()));
                self.screen = Screen::Lab { from: i };
                true
            }
            None => false,
        }
    }

    pub(super) fn labs_key(&mut self, msg: Msg, selected: usize) {
        let last = self.labs.len().saturating_sub(1);
        match msg {
            Msg::Up => {
                self.screen = Screen::Labs {
                    selected: selected.saturating_sub(1),
                }
            }
            Msg::Down => {
                self.screen = Screen::Labs {
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Enter => {
                if let Some(l) = self.labs.get(selected) {
                    self.lab = Some(LabView::new(l.clone()));
                    self.screen = Screen::Lab { from: selected };
                }
            }
            Msg::Quit | Msg::Back => self.back_to_menu(),
            _ => {}
        }
    }

    /// A paste on the Lab screen goes to its command line ([`LabView::paste`]).
    pub fn lab_paste(&mut self, text: &str) {
        if let Some(v) = &mut self.lab {
            v.paste(text);
        }
    }

    pub(super) fn lab_key(&mut self, msg: Msg, from: usize) {
        let Msg::Key(k) = msg else { return };
        let Some(v) = &mut self.lab else {
            self.screen = Screen::Labs { selected: from };
            return;
        };
        if v.key(k) {
            self.lab = None;
            self.screen = Screen::Labs { selected: from };
        }
    }
}

pub fn draw_list(f: &mut Frame, app: &App, selected: usize, area: Rect) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "Hands-on labs: type Azure CLI commands, graded by the evaluator",
            bold(),
        ),
        Line::raw(""),
    ];
    let width = app.labs.iter().map(|l| l.name.len()).max().unwrap_or(0);
    for (i, l) in app.labs.iter().enumerate() {
        let past = app
            .lab_history
            .iter()
            .find(|h| h.lab == l.name)
            .map(|h| match h.best {
                Some(b) => format!("  [best {b}/100, {} tried]", h.attempts),
                None => format!("  [{} tried]", h.attempts),
            })
            .unwrap_or_default();
        let text = format!(
            "{:<width$}  {}{past}",
            crate::text::printable(&l.name),
            crate::text::printable(&l.title)
        );
        lines.push(if i == selected {
            Line::styled(format!("> {text}"), bold().add_modifier(Modifier::REVERSED))
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    let height = usize::from(area.height);
    // Keep the selected lab in sight on a short terminal.
    let top = (selected + 4).saturating_sub(height) as u16;
    f.render_widget(Paragraph::new(lines).scroll((top, 0)), area);
}

/// `text` wrapped to `width` columns, each piece one row.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(|c| c.into_owned())
        .collect()
}

pub fn draw(f: &mut Frame, v: &LabView, area: Rect) {
    let lab = &v.session.lab;
    let mut top = vec![Line::styled(crate::text::printable(&lab.title), bold())];
    let goals = v.session.goals();
    for (g, s) in lab.goals.iter().zip(&goals) {
        let text = crate::text::printable(&g.text);
        let line = if s.holds {
            Line::styled(format!("[x] {text}"), fg(Color::Green))
        } else {
            Line::from(vec![
                Span::styled(format!("[ ] {text}"), fg(Color::Yellow)),
                Span::raw(format!("  (now: {})", crate::text::printable(&s.detail))),
            ])
        };
        top.push(line);
    }
    // The goals take at most half the screen; the output keeps the rest.
    let want = super::paint::rows(&top, area.width) as u16;
    let top_h = want.min(area.height / 2);
    let [head, body, cmd] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), head);

    let (out_area, diagram_area) = if area.width >= SIDE_BY_SIDE {
        let [o, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (o, Some(d))
    } else {
        (body, None)
    };
    let out_block = Block::default().borders(Borders::TOP).title("Output");
    let inner = out_block.inner(out_area);
    f.render_widget(out_block, out_area);
    let rows: Vec<String> = v
        .out
        .iter()
        .flat_map(|l| wrapped(l, usize::from(inner.width)))
        .collect();
    let h = usize::from(inner.height);
    let end = rows
        .len()
        .saturating_sub(v.scroll.min(rows.len().saturating_sub(h)));
    let start = end.saturating_sub(h);
    let shown: Vec<Line> = rows[start..end]
        .iter()
        .map(|r| Line::raw(r.clone()))
        .collect();
    f.render_widget(Paragraph::new(shown), inner);

    if let Some(d) = diagram_area {
        let block = Block::default()
            .borders(Borders::TOP | Borders::LEFT)
            .title("Network");
        let inner = block.inner(d);
        f.render_widget(block, d);
        let opts = crate::diagram::Options {
            width: usize::from(inner.width),
            ..Default::default()
        };
        let lines: Vec<Line> = crate::diagram::draw(&v.session.topology, &opts)
            .iter()
            .map(|l| Line::raw(crate::text::printable(&l.text)))
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    let prompt = if v.pending.is_empty() { "az> " } else { "> " };
    let room = usize::from(cmd.width).saturating_sub(prompt.len() + 1);
    let scroll = v.input.visual_scroll(room);
    let shown = crate::text::printable(v.input.value());
    let visible: String = shown.chars().skip(scroll).collect();
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, bold()),
            Span::raw(visible),
        ]))
        .scroll((0, 0)),
        cmd,
    );
    let x = cmd.x + (prompt.len() + v.input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position((x.min(cmd.x + cmd.width.saturating_sub(1)), cmd.y));
}

/// The Lab screen's keys, for the footer.
pub fn keys() -> &'static str {
    "Enter run  Tab complete  Up/Down history  PgUp/PgDn  Ctrl+L clear  Esc back"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Start;
    use std::time::Duration;

    fn typed(app: &mut App, line: &str) {
        for c in line.chars() {
            let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            app.update(Msg::Key(k), Duration::ZERO);
        }
        let k = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        app.update(Msg::Key(k), Duration::ZERO);
    }

    #[test]
    fn an_attempt_is_written_when_the_lab_opens_after_each_line_and_when_done() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(dir.path()).unwrap();
        let bank = crate::bank::builtin().unwrap();
        let start = Start::Lab {
            name: "chapter-cli-outline".into(),
        };
        let mut app = App::new(bank, start, 1, Duration::ZERO);
        save(&mut app, &mut store);
        let h = store.lab_summaries().unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].attempts, h[0].done, h[0].best), (1, 0, None));
        let answer = app.lab.as_ref().unwrap().session.lab.answer.clone();
        typed(&mut app, "hint");
        save(&mut app, &mut store);
        assert_eq!(store.lab_summaries().unwrap()[0].done, 0);
        for line in &answer {
            typed(&mut app, line);
            save(&mut app, &mut store);
        }
        let h = store.lab_summaries().unwrap();
        // Two commands as the model answer, one hint: 100 - 15.
        assert_eq!((h[0].attempts, h[0].done, h[0].best), (1, 1, Some(85)));
        assert_eq!(app.lab_history, h);
        // The list of labs shows it.
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        app.update(Msg::Key(esc), Duration::ZERO);
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
        t.draw(|f| crate::tui::draw(f, &app, Duration::ZERO))
            .unwrap();
        let screen = format!("{}", t.backend());
        assert!(screen.contains("[best 85/100, 1 tried]"), "{screen}");
    }
}
