//! Question files → [`Question`]s, with every schema problem located and reported at once.

use super::source::{Source, resolve};
use super::*;
use crate::model::{LineIndex, parse_edit, parse_topology, toml_error};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned as S;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    question: Vec<S<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: S<String>,
    topic: S<String>,
    kind: S<String>,
    difficulty: S<i64>,
    prompt: S<String>,
    explanation: S<String>,
    choices: Option<S<Vec<S<toml::Value>>>>,
    answer: Option<S<Vec<S<i64>>>>,
    topology: Option<S<String>>,
    series: Option<S<String>>,
    scenario: Option<S<String>>,
    from: Option<S<String>>,
    to: Option<S<String>>,
    port: Option<S<i64>>,
    protocol: Option<S<String>>,
    expect: Option<S<String>>,
    reason: Option<S<String>>,
    goals: Option<S<Vec<S<RawGoal>>>>,
    editable: Option<S<Vec<S<String>>>>,
    rationales: Option<S<Vec<S<String>>>>,
    source: Option<S<RawSource>>,
    verified: Option<S<String>>,
    exhibit: Option<S<Vec<S<String>>>>,
    case: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: S<String>,
    url: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    from: S<String>,
    to: S<String>,
    port: Option<S<i64>>,
    protocol: Option<S<String>>,
    expect: S<String>,
}

const MAX_PROMPT: usize = 2000;
const MAX_CHOICE: usize = 300;
const MAX_EXPLANATION: usize = 4000;
const MAX_ID: usize = 64;
const MAX_CHOICES: usize = 8;
/// Editable peerings of a configure question: 16 settings each, searched exhaustively at worst.
pub const MAX_EDITABLE: usize = 4;

struct Ck<'a> {
    file: &'a str,
    shown: String,
    idx: LineIndex<'a>,
    out: Vec<Located>,
}

impl<'a> Ck<'a> {
    fn at<T>(&self, s: &S<T>) -> Pos {
        self.idx.pos(s.span().start)
    }
    fn err(&mut self, pos: Pos, code: &str, msg: impl Into<String>) {
        self.out.push(Located {
            file: self.shown.clone(),
            diag: Diagnostic::error(pos, code, msg),
        });
    }
    fn warn(&mut self, pos: Pos, code: &str, msg: impl Into<String>) {
        self.out.push(Located {
            file: self.shown.clone(),
            diag: Diagnostic::warning(pos, code, msg),
        });
    }
    fn text(&mut self, s: &S<String>, what: &str, max: usize) -> String {
        if let Err(e) = crate::text::check_text(s.get_ref(), max) {
            let p = self.at(s);
            self.err(p, "bad-text", format!("{what}: {e}"));
        }
        s.get_ref().clone()
    }
    fn require<'b, T>(
        &mut self,
        field: &'b Option<S<T>>,
        name: &str,
        kind: Kind,
        pos: Pos,
    ) -> Option<&'b S<T>> {
        if field.is_none() {
            self.err(
                pos,
                "missing-field",
                format!("{} questions need `{name}`", kind.as_str()),
            );
        }
        field.as_ref()
    }
    fn flow(
        &mut self,
        from: &S<String>,
        to: &S<String>,
        port: &Option<S<i64>>,
        protocol: &Option<S<String>>,
    ) -> Flow {
        let port = match port {
            Some(p) => match u16::try_from(*p.get_ref()) {
                Ok(v) if v > 0 => v,
                _ => {
                    let at = self.at(p);
                    self.err(
                        at,
                        "bad-value",
                        format!("port {} is outside 1 to 65535", p.get_ref()),
                    );
                    443
                }
            },
            None => 443,
        };
        let protocol = match protocol {
            Some(p) => match Protocol::parse(p.get_ref()) {
                Ok(Protocol::Any) | Err(_) => {
                    let at = self.at(p);
                    self.err(
                        at,
                        "bad-value",
                        format!(
                            "protocol {} must be \"tcp\", \"udp\" or \"icmp\"",
                            crate::text::quoted(p.get_ref())
                        ),
                    );
                    Protocol::Tcp
                }
                Ok(v) => v,
            },
            None => Protocol::Tcp,
        };
        for s in [from, to] {
            let _ = self.text(s, "flow end", 253);
        }
        Flow {
            from: from.get_ref().clone(),
            to: to.get_ref().clone(),
            port,
            protocol,
        }
    }
    fn verdict(&mut self, s: &S<String>) -> Option<Verdict> {
        match s.get_ref().as_str() {
            "reachable" => Some(Verdict::Reachable),
            "unreachable" => Some(Verdict::Unreachable),
            other => {
                let p = self.at(s);
                self.err(
                    p,
                    "bad-value",
                    format!(
                        "expect is {}; use \"reachable\" or \"unreachable\"",
                        crate::text::quoted(other)
                    ),
                );
                None
            }
        }
    }
}

/// The fields a kind takes beyond those every question has; any other is an error.
fn takes(kind: Kind, field: &str) -> bool {
    let fields: &[&str] = match kind {
        Kind::Single | Kind::Multi | Kind::Order => &["choices", "answer"],
        Kind::YesNo => &["answer", "series", "scenario"],
        Kind::Reachability => &[
            "from", "to", "port", "protocol", "expect", "reason", "choices",
        ],
        Kind::Fix => &["goals", "choices", "answer"],
        Kind::Configure => &["goals", "editable"],
    };
    fields.contains(&field)
}

/// Reads every question file and the topologies they name. Proofs come after.
pub(super) fn read_all(src: &dyn Source) -> (Bank, Vec<Located>) {
    let mut bank = Bank::default();
    let mut out = Vec::new();
    let mut ids: HashMap<String, (String, Pos)> = HashMap::new();
    let files = src.question_files();
    if files.len() > super::MAX_FILES {
        out.push(Located {
            file: src.display("questions"),
            diag: Diagnostic::error(
                Pos { line: 1, col: 1 },
                "too-many-files",
                format!(
                    "the folder holds more than {} question files",
                    super::MAX_FILES
                ),
            ),
        });
        return (bank, out);
    }
    for file in files {
        let shown = src.display(&file);
        let text = match src.read(&file) {
            Ok(t) => t,
            Err(e) => {
                out.push(Located {
                    file: shown,
                    diag: Diagnostic::error(Pos { line: 1, col: 1 }, "unreadable", e),
                });
                continue;
            }
        };
        let (questions, problems) = read_file(src, &file, &text, &mut bank);
        out.extend(problems);
        for q in questions {
            if let Some((f, p)) = ids.get(&q.id) {
                let msg = format!(
                    "id {:?} is already used at {f}:{}; ids must be unique in the bank",
                    q.id, p.line
                );
                out.push(Located {
                    file: shown.clone(),
                    diag: Diagnostic::error(q.pos, "duplicate-id", msg),
                });
            } else {
                ids.insert(q.id.clone(), (shown.clone(), q.pos));
            }
            bank.questions.push(q);
        }
        if bank.questions.len() > MAX_QUESTIONS {
            out.push(Located {
                file: shown,
                diag: Diagnostic::error(
                    Pos { line: 1, col: 1 },
                    "too-many-questions",
                    format!("the bank holds more than {MAX_QUESTIONS} questions"),
                ),
            });
            break;
        }
    }
    (bank, out)
}

fn read_file(
    src: &dyn Source,
    file: &str,
    text: &str,
    bank: &mut Bank,
) -> (Vec<Question>, Vec<Located>) {
    let shown = src.display(file);
    let idx = LineIndex::new(text);
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            return (
                Vec::new(),
                vec![Located {
                    file: shown,
                    diag: toml_error(&idx, &e),
                }],
            );
        }
    };
    let mut ck = Ck {
        file,
        shown,
        idx,
        out: Vec::new(),
    };
    let mut questions = Vec::new();
    for rq in &raw.question {
        if let Some(q) = question(&mut ck, src, rq, bank) {
            questions.push(q);
        }
    }
    series(&mut ck, &questions);
    (questions, ck.out)
}

fn question(
    ck: &mut Ck,
    src: &dyn Source,
    rq: &S<RawQuestion>,
    bank: &mut Bank,
) -> Option<Question> {
    let pos = ck.at(rq);
    let r = rq.get_ref();
    let id = r.id.get_ref().clone();
    if id.is_empty()
        || id.len() > MAX_ID
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        let p = ck.at(&r.id);
        ck.err(
            p,
            "bad-id",
            format!(
                "id {} must be 1 to {MAX_ID} lowercase letters, digits or '-'",
                crate::text::quoted(&id)
            ),
        );
    }
    let topic = Topic::parse(r.topic.get_ref());
    if topic.is_none() {
        let p = ck.at(&r.topic);
        let all: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
        ck.err(
            p,
            "bad-topic",
            format!(
                "unknown topic {}; use one of {}",
                crate::text::quoted(r.topic.get_ref()),
                all.join(", ")
            ),
        );
    }
    let kind = Kind::parse(r.kind.get_ref());
    if kind.is_none() {
        let p = ck.at(&r.kind);
        let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        ck.err(
            p,
            "bad-kind",
            format!(
                "unknown kind {}; use one of {}",
                crate::text::quoted(r.kind.get_ref()),
                all.join(", ")
            ),
        );
    }
    let difficulty = *r.difficulty.get_ref();
    if !(1..=3).contains(&difficulty) {
        let p = ck.at(&r.difficulty);
        ck.err(
            p,
            "bad-difficulty",
            format!("difficulty {difficulty} must be 1, 2 or 3"),
        );
    }
    let prompt = ck.text(&r.prompt, "prompt", MAX_PROMPT);
    let explanation = ck.text(&r.explanation, "explanation", MAX_EXPLANATION);
    let scenario = r
        .scenario
        .as_ref()
        .map(|s| ck.text(s, "scenario", MAX_PROMPT));
    // Check every other field even when topic or kind is wrong, and drop the question after.
    let valid = topic.is_some() && kind.is_some();
    let (topic, kind) = (
        topic.unwrap_or(Topic::PeeringBasics),
        kind.unwrap_or(Kind::Single),
    );
    let mut q = Question {
        id,
        topic,
        kind,
        difficulty: difficulty.clamp(1, 3) as u8,
        prompt,
        explanation,
        choices: Vec::new(),
        answer: Vec::new(),
        topology: None,
        series: r.series.as_ref().map(|s| s.get_ref().clone()),
        scenario,
        flow: None,
        key: None,
        goals: Vec::new(),
        changes: Vec::new(),
        editable: Vec::new(),
        solution: Vec::new(),
        authored_verdict: None,
        authored_reason: None,
        offered: Vec::new(),
        rationales: Vec::new(),
        source: None,
        verified: None,
        exhibit: None,
        case: None,
        file: ck.shown.clone(),
        pos,
    };
    item_parts(ck, &mut q, r);
    if let Some(t) = &r.topology {
        q.topology = topology(ck, src, t, bank);
    }
    if r.kind.get_ref() != kind.as_str() {
        return None;
    }
    let optional = [
        ("choices", r.choices.as_ref().map(|f| ck.at(f))),
        ("answer", r.answer.as_ref().map(|f| ck.at(f))),
        ("series", r.series.as_ref().map(|f| ck.at(f))),
        ("scenario", r.scenario.as_ref().map(|f| ck.at(f))),
        ("from", r.from.as_ref().map(|f| ck.at(f))),
        ("to", r.to.as_ref().map(|f| ck.at(f))),
        ("port", r.port.as_ref().map(|f| ck.at(f))),
        ("protocol", r.protocol.as_ref().map(|f| ck.at(f))),
        ("expect", r.expect.as_ref().map(|f| ck.at(f))),
        ("reason", r.reason.as_ref().map(|f| ck.at(f))),
        ("goals", r.goals.as_ref().map(|f| ck.at(f))),
        ("editable", r.editable.as_ref().map(|f| ck.at(f))),
    ];
    for (name, at) in optional {
        // A case study's items share its scenario, whatever their kind.
        let case_scenario = name == "scenario" && r.case.is_some();
        if let Some(p) = at
            && !takes(kind, name)
            && !case_scenario
        {
            ck.err(
                p,
                "field-not-used",
                format!(
                    "`{name}` is not used by {} questions; remove it",
                    kind.as_str()
                ),
            );
        }
    }
    match kind {
        Kind::Single | Kind::Multi | Kind::Order => {
            text_choices(ck, &mut q, r, pos);
        }
        Kind::YesNo => {
            ck.require(&r.series, "series", kind, pos);
            q.choices = vec!["Yes".to_string(), "No".to_string()];
            if let Some(a) = ck.require(&r.answer, "answer", kind, pos) {
                let v: Vec<i64> = a.get_ref().iter().map(|x| *x.get_ref()).collect();
                if v == [0] || v == [1] {
                    q.answer = vec![v[0] as usize];
                } else {
                    let p = ck.at(a);
                    ck.err(
                        p,
                        "bad-answer",
                        "a yes-no answer is [0] for Yes or [1] for No",
                    );
                }
            }
        }
        Kind::Reachability => {
            ck.require(&r.topology, "topology", kind, pos);
            let from = ck.require(&r.from, "from", kind, pos);
            let to = ck.require(&r.to, "to", kind, pos);
            if let (Some(from), Some(to)) = (from, to) {
                q.flow = Some(ck.flow(from, to, &r.port, &r.protocol));
            }
            q.authored_verdict = r.expect.as_ref().and_then(|e| ck.verdict(e));
            q.authored_reason = r.reason.as_ref().and_then(|s| {
                let v = Reason::parse(s.get_ref());
                if v.is_none() {
                    let p = ck.at(s);
                    ck.err(
                        p,
                        "bad-value",
                        format!(
                            "reason {} is not a code of FORMAT.md §2",
                            crate::text::quoted(s.get_ref())
                        ),
                    );
                }
                v
            });
            reach_choices(ck, &mut q, r);
        }
        Kind::Fix | Kind::Configure => {
            ck.require(&r.topology, "topology", kind, pos);
            if let Some(goals) = ck.require(&r.goals, "goals", kind, pos) {
                if goals.get_ref().is_empty() {
                    let p = ck.at(goals);
                    ck.err(p, "missing-field", "give at least one goal");
                }
                for g in goals.get_ref() {
                    let gr = g.get_ref();
                    let flow = ck.flow(&gr.from, &gr.to, &gr.port, &gr.protocol);
                    if let Some(expect) = ck.verdict(&gr.expect) {
                        q.goals.push(Goal { flow, expect });
                    }
                }
            }
            if kind == Kind::Fix {
                fix_choices(ck, &mut q, r, pos);
            } else {
                if let Some(ed) = ck.require(&r.editable, "editable", kind, pos) {
                    let n = ed.get_ref().len();
                    if n == 0 || n > MAX_EDITABLE {
                        let p = ck.at(ed);
                        ck.err(
                            p,
                            "bad-value",
                            format!("editable lists {n} peerings; give 1 to {MAX_EDITABLE}"),
                        );
                    }
                    q.editable = ed.get_ref().iter().map(|s| s.get_ref().clone()).collect();
                }
            }
        }
    }
    rationale_count(ck, &q, r);
    exhibit_tables(ck, &q, r, bank);
    valid.then_some(q)
}

/// The parts of an item every kind may carry: rationales, source, verified, exhibit, case.
fn item_parts(ck: &mut Ck, q: &mut Question, r: &RawQuestion) {
    if let Some(rs) = &r.rationales {
        q.rationales = rs
            .get_ref()
            .iter()
            .map(|x| ck.text(x, "rationale", MAX_EXPLANATION))
            .collect();
    }
    if let Some(s) = &r.source {
        let raw = s.get_ref();
        let title = ck.text(&raw.title, "source title", MAX_CHOICE);
        let url = ck.text(&raw.url, "source url", MAX_CHOICE);
        if !url.starts_with("https://") || url.contains(char::is_whitespace) {
            let p = ck.at(&raw.url);
            ck.err(
                p,
                "bad-value",
                format!(
                    "source url {} must be an https:// address",
                    crate::text::quoted(&url)
                ),
            );
        }
        q.source = Some(LearnRef { title, url });
    }
    if let Some(v) = &r.verified {
        let d = v.get_ref();
        let b = d.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        let month = d.get(5..7).and_then(|m| m.parse::<u8>().ok());
        let day = d.get(8..10).and_then(|m| m.parse::<u8>().ok());
        if !shape || !matches!(month, Some(1..=12)) || !matches!(day, Some(1..=31)) {
            let p = ck.at(v);
            ck.err(
                p,
                "bad-value",
                format!(
                    "verified {} must be a date YYYY-MM-DD",
                    crate::text::quoted(d)
                ),
            );
        }
        q.verified = Some(d.clone());
    }
    if let Some(e) = &r.exhibit {
        q.exhibit = Some(
            e.get_ref()
                .iter()
                .map(|x| ck.text(x, "exhibit", MAX_ID * 2))
                .collect(),
        );
    }
    if let Some(c) = &r.case {
        q.case = Some(ck.text(c, "case", MAX_ID));
    }
    provenance(ck, q);
}

/// Every bank item cites the page it rests on and when a person last checked it (issue 10):
/// a warning, not an error, so an instructor's own bank still loads. One warning per item.
fn provenance(ck: &mut Ck, q: &Question) {
    let id = crate::text::quoted(&q.id);
    if q.source.is_none() {
        ck.warn(
            q.pos,
            "missing-source",
            format!(
                "question {id} cites no source; add source = {{ title = \"...\", url = \"https://learn.microsoft.com/...\" }} and verified = \"YYYY-MM-DD\""
            ),
        );
    } else if q.verified.is_none() {
        ck.warn(
            q.pos,
            "missing-verified",
            format!(
                "question {id} has a source but no verified date; add verified = \"YYYY-MM-DD\", the day you checked it against the source"
            ),
        );
    }
}

/// Each `exhibit` selector is known and names something in the question's topology.
fn exhibit_tables(ck: &mut Ck, q: &Question, r: &RawQuestion, bank: &Bank) {
    let Some(list) = &r.exhibit else { return };
    let Some(t) = q.topology.as_ref().and_then(|k| bank.topologies.get(k)) else {
        if r.topology.is_none() {
            let p = ck.at(list);
            ck.err(
                p,
                "bad-exhibit",
                "exhibit lists tables of a network, but the question has no `topology`",
            );
        }
        return;
    };
    let texts: Vec<String> = list.get_ref().iter().map(|x| x.get_ref().clone()).collect();
    if let Err(bad) = crate::exhibit::parse_all(t, &texts) {
        for (i, msg) in bad {
            let p = ck.at(&list.get_ref()[i]);
            ck.err(p, "bad-exhibit", msg);
        }
    }
}

/// Rationales, where given, are one per choice the learner sees.
fn rationale_count(ck: &mut Ck, q: &Question, r: &RawQuestion) {
    if let Some(rs) = &r.rationales
        && !q.choices.is_empty()
        && rs.get_ref().len() != q.choices.len()
    {
        let p = ck.at(rs);
        ck.err(
            p,
            "rationales-count",
            format!(
                "rationales has {} lines for {} choices; give one line per choice, in order",
                rs.get_ref().len(),
                q.choices.len()
            ),
        );
    }
}

fn topology(ck: &mut Ck, src: &dyn Source, t: &S<String>, bank: &mut Bank) -> Option<String> {
    let p = ck.at(t);
    let key = match resolve(ck.file, t.get_ref()) {
        Ok(k) => k,
        Err(e) => {
            ck.err(p, "bad-topology", e);
            return None;
        }
    };
    if bank.topologies.contains_key(&key) {
        return Some(key);
    }
    let text = match src.read(&key) {
        Ok(text) => text,
        Err(e) => {
            ck.err(
                p,
                "bad-topology",
                format!("cannot read topology {}: {e}", src.display(&key)),
            );
            return None;
        }
    };
    match parse_topology(&text) {
        Ok(parsed) => {
            bank.topologies.insert(key.clone(), parsed.topology);
            Some(key)
        }
        Err(diags) => {
            let first = diags
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.render(&src.display(&key)))
                .unwrap_or_default();
            ck.err(
                p,
                "bad-topology",
                format!("topology {} has errors; first: {first}", src.display(&key)),
            );
            None
        }
    }
}

/// Every `choices` list takes 2 to MAX_CHOICES entries, whatever the item's kind.
fn choice_count<T>(ck: &mut Ck, choices: &S<Vec<T>>) -> usize {
    let n = choices.get_ref().len();
    if !(2..=MAX_CHOICES).contains(&n) {
        let p = ck.at(choices);
        ck.err(
            p,
            "bad-choices",
            format!("{n} choices; give 2 to {MAX_CHOICES}"),
        );
    }
    n
}

/// A reachability item's `choices`: the outcomes offered, as reason codes (`ok` for reachable).
fn reach_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion) {
    let Some(choices) = &r.choices else { return };
    choice_count(ck, choices);
    for c in choices.get_ref() {
        let reason = c.get_ref().as_str().and_then(Reason::parse);
        match reason {
            Some(x) if !q.offered.contains(&x) => {
                q.offered.push(x);
                q.choices.push(super::reach_label(x));
            }
            Some(x) => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "bad-choices",
                    format!("{} is offered twice", crate::text::quoted(x.code())),
                );
            }
            None => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "bad-value",
                    "reachability choices are reason codes of FORMAT.md §2 (\"ok\" for reachable)",
                );
            }
        }
    }
}

fn text_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion, pos: Pos) {
    let kind = q.kind;
    let Some(choices) = ck.require(&r.choices, "choices", kind, pos) else {
        return;
    };
    let n = choice_count(ck, choices);
    for c in choices.get_ref() {
        match c.get_ref().as_str() {
            Some(s) => {
                let spanned = S::new(c.span(), s.to_string());
                q.choices.push(ck.text(&spanned, "choice", MAX_CHOICE));
            }
            None => {
                let p = ck.at(c);
                ck.err(
                    p,
                    "wrong-type",
                    format!("{} choices are strings", kind.as_str()),
                );
            }
        }
    }
    let Some(answer) = ck.require(&r.answer, "answer", kind, pos) else {
        return;
    };
    let p = ck.at(answer);
    let v: Vec<i64> = answer.get_ref().iter().map(|x| *x.get_ref()).collect();
    if let Some(bad) = v.iter().find(|&&i| i < 0 || i as usize >= n) {
        ck.err(
            p,
            "bad-answer",
            format!(
                "answer index {bad} is out of range: there are {n} choices (0 to {})",
                n.saturating_sub(1)
            ),
        );
        return;
    }
    let idx: Vec<usize> = v.iter().map(|&i| i as usize).collect();
    match kind {
        Kind::Single if idx.len() != 1 => ck.err(
            p,
            "bad-answer",
            "a single-choice answer has exactly one index",
        ),
        Kind::Multi if idx.is_empty() || idx.windows(2).any(|w| w[0] >= w[1]) => ck.err(
            p,
            "bad-answer",
            "a multi-choice answer lists one or more distinct indexes in increasing order",
        ),
        Kind::Order => {
            let mut sorted = idx.clone();
            sorted.sort_unstable();
            if sorted != (0..n).collect::<Vec<_>>() {
                ck.err(
                    p,
                    "bad-answer",
                    format!(
                        "an order answer is a permutation of all {n} indexes (each exactly once)"
                    ),
                );
            }
        }
        _ => {}
    }
    q.answer = idx;
}

fn fix_choices(ck: &mut Ck, q: &mut Question, r: &RawQuestion, pos: Pos) {
    let Some(choices) = ck.require(&r.choices, "choices", Kind::Fix, pos) else {
        return;
    };
    let n = choice_count(ck, choices);
    for c in choices.get_ref() {
        let p = ck.at(c);
        let Some(t) = c.get_ref().as_table() else {
            ck.err(
                p,
                "wrong-type",
                "a fix choice is a table { text = \"...\", change = [...] }",
            );
            continue;
        };
        if let Some(k) = t.keys().find(|k| *k != "text" && *k != "change") {
            ck.err(
                p,
                "unknown-field",
                format!("unknown field `{k}` in a fix choice; it takes `text` and `change`"),
            );
        }
        let text = match t.get("text").and_then(|v| v.as_str()) {
            Some(s) => s.to_string(),
            None => {
                ck.err(p, "missing-field", "a fix choice needs `text`");
                String::new()
            }
        };
        if let Err(e) = crate::text::check_text(&text, MAX_CHOICE) {
            ck.err(p, "bad-text", format!("choice: {e}"));
        }
        let mut edits = Vec::new();
        match t.get("change").map(|v| v.as_array()) {
            Some(Some(list)) => {
                for (i, e) in list.iter().enumerate() {
                    match e
                        .as_table()
                        .ok_or_else(|| "a change is a table".to_string())
                        .and_then(parse_edit)
                    {
                        Ok(edit) => edits.push(edit),
                        Err(msg) => ck.err(
                            p,
                            "bad-change",
                            format!(
                                "change {} of choice {:?}: {}",
                                i + 1,
                                crate::text::printable(&text),
                                crate::text::printable(&msg)
                            ),
                        ),
                    }
                }
            }
            _ => ck.err(
                p,
                "missing-field",
                "a fix choice needs `change`, a list of changes (may be empty)",
            ),
        }
        q.choices.push(text);
        q.changes.push(edits);
    }
    if let Some(a) = &r.answer {
        let p = ck.at(a);
        let v: Vec<i64> = a.get_ref().iter().map(|x| *x.get_ref()).collect();
        if v.iter().any(|&i| i < 0 || i as usize >= n)
            || v.windows(2).any(|w| w[0] >= w[1])
            || v.is_empty()
        {
            ck.err(
                p,
                "bad-answer",
                format!(
                    "answer lists distinct indexes 0 to {} in increasing order",
                    n.saturating_sub(1)
                ),
            );
        } else {
            q.answer = v.iter().map(|&i| i as usize).collect();
        }
    }
}

/// Yes-no series: consecutive, same topic, at least two, scenario on the first.
fn series(ck: &mut Ck, questions: &[Question]) {
    let mut seen = std::collections::HashSet::new();
    let mut i = 0;
    while i < questions.len() {
        let q = &questions[i];
        let Some(name) = q.series.clone().filter(|_| q.kind == Kind::YesNo) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j < questions.len() && questions[j].series.as_deref() == Some(name.as_str()) {
            j += 1;
        }
        if !seen.insert(name.clone()) {
            ck.err(
                q.pos,
                "bad-series",
                format!(
                    "series {name:?} continues after other questions; keep its statements together"
                ),
            );
            i = j;
            continue;
        }
        let run = &questions[i..j];
        if run.len() < 2 {
            ck.err(q.pos, "bad-series", format!("series {name:?} has one statement; a Yes/No series needs at least two, one after another"));
        }
        if q.scenario.is_none() {
            ck.err(
                q.pos,
                "missing-field",
                format!("the first statement of series {name:?} needs `scenario`"),
            );
        }
        if let Some(other) = run
            .iter()
            .find(|x| x.topic != q.topic || x.kind != Kind::YesNo)
        {
            ck.err(
                other.pos,
                "bad-series",
                format!("series {name:?} mixes topics or kinds; keep one topic and only yes-no"),
            );
        }
        i = j;
    }
}
