//! The question screen: the answer being drafted (cursor, picks, order, flags), the keys
//! that build and send it, the exhibit's keys beside it, and the practice feedback's trace.
//! Apart from `app.rs` because it is most of what a key does while a session runs.

use super::app::{App, Draft, Event, Msg, Screen};
use super::view::tag;
use crate::bank::{Kind, Question, flags_of};
use crate::eval::Reason;
use crate::model::peering_index;
use crate::quiz::{self, Answer, Mode};
use std::time::Duration;

// The exam's choice lists are the domain's: the class report letters them the same way.
pub use crate::quiz::{lettered, reach_choices};

/// The trace as the learner reads it: the verdict line names the cause in words, not by
/// peerlab's reason code.
fn trace_in_words(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("verdict:") {
            Some(rest) => {
                let rest = rest.trim();
                let cause = Reason::ALL
                    .into_iter()
                    .find(|r| rest.ends_with(&format!("({})", r.code())));
                match cause {
                    Some(Reason::Ok) | None => format!("verdict:  {rest}"),
                    Some(r) => {
                        let verdict = rest.split(" (").next().unwrap_or(rest);
                        format!("verdict:  {verdict}: {}", crate::bank::reason_text(r))
                    }
                }
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Draft {
    /// The stored index of the choice on row `row` (a choice question's rows are shuffled).
    pub(super) fn stored(&self, row: usize) -> usize {
        self.shown.get(row).copied().unwrap_or(row)
    }

    /// Space on an order item: the action under the cursor leaves the list (to the end of
    /// the actions left out), or joins it at its end. The cursor stays on the row it was on,
    /// so the next row's action is one key away.
    pub(super) fn move_in_or_out(&mut self) {
        let c = self.cursor;
        let listed = self.order.len();
        if c < listed {
            let i = self.order.remove(c);
            self.spare.push(i);
        } else if let Some(&i) = self.spare.get(c - listed) {
            self.spare.remove(c - listed);
            self.order.push(i);
            // The list grew by one above the cursor: stay on the next action left out.
            self.cursor = (c + 1).min(self.order.len() + self.spare.len() - 1);
        }
    }
}

impl App {
    /// A fresh draft for the current question (restoring a given answer when going back).
    pub(super) fn reset_draft(&mut self) {
        self.feedback = None;
        self.trace = None;
        self.scroll = 0;
        self.exhibit.reset();
        let Some(s) = &self.session else { return };
        let it = s.item();
        let q = &it.question;
        let mut d = Draft::default();
        // The rows as shown: the domain's order, the same for every student of a drill.
        let shown = quiz::shown_order(it, self.seed);
        if q.kind == Kind::Order {
            if q.answer.len() < q.choices.len() {
                // A build-list item: the list starts empty and the learner moves the
                // actions it needs into it, as on the exam.
                d.spare = shown;
            } else {
                d.order = shown;
            }
        } else {
            d.shown = shown;
        }
        if q.kind == Kind::Configure
            && let Some(t) = &it.topology
        {
            d.flags = q
                .editable
                .iter()
                .filter_map(|n| peering_index(t, n).ok())
                .map(|i| flags_of(&t.peerings[i]))
                .collect();
        }
        d.touched = s.answer_of(s.current()).is_some();
        match s.answer_of(s.current()) {
            Some(Answer::Choices { picked }) => {
                // Stored indexes back to the rows they are shown on.
                d.picked = picked.iter().map(|&i| quiz::row_of(&d.shown, i)).collect();
                d.cursor = d.picked.iter().copied().min().unwrap_or(0);
            }
            Some(Answer::Order { sequence }) => {
                let all = d.order.iter().chain(&d.spare).copied().collect::<Vec<_>>();
                d.spare = all.into_iter().filter(|i| !sequence.contains(i)).collect();
                d.order = sequence.clone();
            }
            Some(Answer::Configure { flags }) => d.flags = flags.clone(),
            Some(Answer::Reach { verdict, reason }) => {
                d.cursor = reach_choices(q)
                    .iter()
                    .position(|c| c.0 == *verdict && (c.1 == *reason || c.1.is_none()))
                    .unwrap_or(0)
            }
            None => {}
        }
        self.draft = d;
    }

    /// How many rows the cursor moves over on the current question.
    pub(super) fn rows(&self) -> usize {
        let Some(it) = self.item() else { return 0 };
        let q = &it.question;
        match q.kind {
            Kind::Reachability => reach_choices(q).len(),
            Kind::Configure => q.editable.len(),
            Kind::Order => self.draft.order.len() + self.draft.spare.len(),
            _ => q.choices.len(),
        }
    }

    pub(super) fn draft_answer(&self) -> Option<Answer> {
        let q = &self.item()?.question;
        let d = &self.draft;
        Some(match q.kind {
            // Rows are what the learner sees; the answer keeps the stored choice index.
            Kind::Single | Kind::YesNo | Kind::Fix if !q.picks_many() => Answer::Choices {
                picked: vec![d.stored(d.cursor)],
            },
            Kind::Single | Kind::YesNo | Kind::Multi | Kind::Fix => {
                if d.picked.is_empty() {
                    return None;
                }
                let mut p: Vec<usize> = d.picked.iter().map(|&r| d.stored(r)).collect();
                p.sort_unstable();
                Answer::Choices { picked: p }
            }
            Kind::Order if d.order.is_empty() => return None,
            Kind::Order => Answer::Order {
                sequence: d.order.clone(),
            },
            Kind::Reachability => {
                let (verdict, reason) = *reach_choices(q).get(d.cursor)?;
                Answer::Reach { verdict, reason }
            }
            Kind::Configure => Answer::Configure {
                flags: d.flags.clone(),
            },
        })
    }

    /// The exhibit's keys: every key while it covers the question, the tab and scroll keys
    /// beside it. Returns whether `msg` was for the exhibit.
    pub(super) fn exhibit_key(&mut self, msg: Msg) -> bool {
        let Some(it) = self.session.as_ref().map(|s| s.item()) else {
            return false;
        };
        let tabs = self.exhibit.tabs(it, &self.draft.flags);
        let e = &mut self.exhibit;
        let step = |tab: usize, forward: bool| {
            if tabs == 0 {
                0
            } else if forward {
                (tab + 1) % tabs
            } else {
                (tab + tabs - 1) % tabs
            }
        };
        match msg {
            Msg::Exhibit if tabs == 0 => {
                self.status = "This question has no exhibit.".to_string();
            }
            Msg::Exhibit => {
                e.open = !e.open;
                e.scroll = 0;
            }
            Msg::NextTab | Msg::PrevTab => {
                e.tab = step(e.tab, msg == Msg::NextTab);
                e.scroll = 0;
            }
            Msg::ExhibitUp => e.scroll = e.scroll.saturating_sub(3),
            Msg::ExhibitDown => e.scroll = e.scroll.saturating_add(3),
            _ if !e.open => return false,
            // Over the question, the arrows and paging keys move the exhibit.
            Msg::Next | Msg::Prev => {
                e.tab = step(e.tab, msg == Msg::Next);
                e.scroll = 0;
            }
            Msg::Up => e.scroll = e.scroll.saturating_sub(1),
            Msg::Down => e.scroll = e.scroll.saturating_add(1),
            Msg::ScrollUp => e.scroll = e.scroll.saturating_sub(10),
            Msg::ScrollDown => e.scroll = e.scroll.saturating_add(10),
            Msg::Back | Msg::Quit | Msg::Enter => e.open = false,
            // Choice keys wait until the question is back in view.
            _ => {}
        }
        true
    }

    pub(super) fn quiz(&mut self, msg: Msg, now: Duration) {
        if self.exhibit_key(msg) {
            return;
        }
        let rows = self.rows();
        let kind = match self.item() {
            Some(it) => it.question.kind,
            None => return,
        };
        let exam = self.mode() != Some(Mode::Practice);
        let lettered = self.item().is_some_and(|i| lettered(&i.question));
        if matches!(
            msg,
            Msg::Up | Msg::Down | Msg::Digit(_) | Msg::Toggle | Msg::MoveUp | Msg::MoveDown
        ) || matches!(msg, Msg::Letter(l) if lettered && usize::from(l) < rows)
        {
            if !self.draft.touched {
                // The "choose an answer first" hint has done its job.
                self.status.clear();
            }
            self.draft.touched = true;
        }
        match msg {
            Msg::Up => self.draft.cursor = self.draft.cursor.saturating_sub(1),
            Msg::Down => self.draft.cursor = (self.draft.cursor + 1).min(rows.saturating_sub(1)),
            Msg::Digit(d) if kind == Kind::Configure && (1..=4).contains(&d) => {
                let c = self.draft.cursor;
                if let Some(f) = self.draft.flags.get_mut(c) {
                    f[d as usize - 1] = !f[d as usize - 1];
                }
            }
            Msg::Digit(d) if d >= 1 && (d as usize) <= rows => self.draft.cursor = d as usize - 1,
            Msg::Letter(l) if lettered && usize::from(l) < rows => {
                self.draft.cursor = usize::from(l)
            }
            Msg::Toggle if self.item().is_some_and(|i| i.question.picks_many()) => {
                let c = self.draft.cursor;
                if let Some(i) = self.draft.picked.iter().position(|&p| p == c) {
                    self.draft.picked.remove(i);
                } else {
                    self.draft.picked.push(c);
                }
            }
            Msg::Toggle if kind == Kind::Order => self.draft.move_in_or_out(),
            Msg::MoveUp | Msg::MoveDown if kind == Kind::Order => {
                // Only the list has an order: the actions left out stay where they are.
                let c = self.draft.cursor;
                let listed = self.draft.order.len();
                let to = if c >= listed {
                    None
                } else if msg == Msg::MoveUp {
                    c.checked_sub(1)
                } else {
                    (c + 1 < listed).then_some(c + 1)
                };
                if let Some(to) = to {
                    self.draft.order.swap(c, to);
                    self.draft.cursor = to;
                }
            }
            Msg::ScrollDown | Msg::ScrollUp => self.scroll_page(msg),
            Msg::Enter => {
                if self.feedback.is_some() {
                    self.advance(now);
                    return;
                }
                if !self.draft.touched {
                    self.status = if kind == Kind::Order {
                        "Put the items in order first (J/K or Shift+Up/Down), then Enter."
                    } else if kind == Kind::Configure {
                        "Set the flags first (Up/Down, then 1-4), then Enter."
                    } else if lettered {
                        "Choose an answer first (its letter, or Up/Down), then Enter."
                    } else {
                        "Choose an answer first (its number, or Up/Down), then Enter."
                    }
                    .to_string();
                    return;
                }
                let Some(answer) = self.draft_answer() else {
                    self.status = if kind == Kind::Order {
                        "Move the actions you need into the list (Space), then Enter."
                    } else {
                        "Pick at least one choice (Space), then Enter."
                    }
                    .to_string();
                    return;
                };
                let s = self.session.as_mut().expect("in a session");
                let position = s.current();
                match s.answer(answer.clone(), now) {
                    Ok(g) => {
                        let it = &s.items[position];
                        let q = &it.question;
                        self.events
                            .push(Event::Answered(crate::store::AnswerRecord {
                                position,
                                key: it.key(),
                                question_id: q.id.clone(),
                                template: it.template.map(|t| t.as_str().to_string()),
                                topic: q.topic.as_str().to_string(),
                                kind: q.kind.as_str().to_string(),
                                difficulty: q.difficulty,
                                correct: g.correct,
                                millis: now.saturating_sub(self.shown_at).as_millis() as u64,
                                response: serde_json::to_string(&answer).unwrap_or_default(),
                            }));
                        self.shown_at = now;
                        if exam {
                            self.advance(now);
                        } else {
                            self.feedback = Some(g);
                            self.reveal = true;
                            self.trace = self.flow_trace();
                        }
                    }
                    Err(e) => self.status = e.to_string(),
                }
            }
            Msg::Next => self.advance(now),
            Msg::Prev => {
                let cur = self.session.as_ref().map_or(0, |s| s.current());
                if cur > 0 {
                    self.go(cur - 1);
                }
            }
            Msg::Flag if exam => {
                if let Some(s) = &mut self.session {
                    s.toggle_flag();
                    // Kept in the history, so a resumed exam keeps its flags.
                    self.events.push(Event::Flagged {
                        position: s.current(),
                        on: s.is_flagged(s.current()),
                    });
                }
            }
            Msg::Review if exam => {
                self.screen = Screen::Review {
                    selected: self.session.as_ref().map_or(0, |s| s.current()),
                }
            }
            Msg::Submit => {
                if exam {
                    self.screen = Screen::ConfirmSubmit;
                } else {
                    self.finish(now);
                }
            }
            Msg::Quit | Msg::Back => {
                if exam {
                    self.screen = Screen::ConfirmQuit;
                } else {
                    self.finish(now);
                }
            }
            _ => {}
        }
    }

    /// The practice feedback's trace: [`trace_of`] the current item, its verdict in words.
    pub(super) fn flow_trace(&self) -> Option<String> {
        Some(trace_in_words(&trace_of(self.item()?)?))
    }
}

/// The hop-by-hop trace of the flow a reachability or fix question is about (on the
/// network as given), as `peerlab trace` prints it; the feedback and the results both show it.
pub(super) fn trace_of(it: &quiz::Item) -> Option<String> {
    let q = &it.question;
    let flow = match q.kind {
        Kind::Reachability => q.flow.clone()?,
        Kind::Fix => q.goals.first()?.flow.clone(),
        _ => return None,
    };
    let net = crate::eval::Network::new(it.topology.as_ref()?);
    let spec = crate::eval::FlowSpec {
        from: flow.from,
        to: flow.to,
        port: flow.port,
        protocol: flow.protocol,
    };
    Some(net.trace(&spec).ok()?.text())
}

/// What to do, in words, for each kind.
pub(super) fn instruction(q: &Question) -> String {
    let n = match q.kind {
        Kind::Reachability => reach_choices(q).len(),
        _ => q.choices.len(),
    };
    // The keys that pick a choice: its letters (a-e at most: f flags) or its numbers.
    let keys = if lettered(q) {
        let last = tag(n.clamp(1, 5) - 1, true).to_lowercase();
        if n > 5 {
            format!("a-{last}, 1-9 or Up/Down")
        } else {
            format!("a-{last} or Up/Down")
        }
    } else {
        "1-9 or Up/Down".to_string()
    };
    match q.kind {
        _ if q.picks_many() => {
            format!("Choose every answer that applies ({keys} and Space), then Enter.")
        }
        Kind::Single | Kind::Fix | Kind::Multi | Kind::YesNo => {
            format!("Choose one answer ({keys}), then Enter.")
        }
        Kind::Order if q.answer.len() < q.choices.len() => {
            "Move the actions you need into your list (Space) and put them in order (J/K), then Enter."
                .to_string()
        }
        Kind::Order => "Put the items in order (Shift+Up/Down or J/K), then Enter.".to_string(),
        Kind::Reachability if quiz::asks_reason(q) => {
            format!("Does the connection succeed? If not, what is the cause? ({keys})")
        }
        Kind::Reachability => format!("Does the connection succeed? ({keys})"),
        Kind::Configure => "Set the flags of each peering (1-4), then Enter.".to_string(),
    }
}
