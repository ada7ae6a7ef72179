//! Question files → [`Question`]s, with every schema problem located and reported at once.
//! Here: the raw shape serde reads, the limits, and each question's own fields and per-kind
//! dispatch; the checker that locates problems (`check`), the per-kind choices and answers
//! (`choices`) and the parts every kind shares (`parts`) are modules of their own, each small
//! enough to read whole.

mod check;
mod choices;
mod parts;

use super::source::Source;
use super::*;
use crate::model::{LineIndex, toml_error};
use check::Ck;
use choices::{fix_choices, reach_choices, text_choices};
use parts::{exhibit_tables, item_parts, rationale_count, topology};
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
