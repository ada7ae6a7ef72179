//! xAPI 1.0.3 statements (the Experience API a Learning Record Store takes), so a school's
//! platform can keep peerlab's results: one `answered` statement per question answered, and
//! per finished session `completed` (practice, review) or `passed`/`failed` (exam, drill).
//!
//! Statement ids and registrations are UUID v5 of what the event is, so exporting twice
//! gives the same ids and an LRS keeps one copy (xAPI Data 2.4.1: ids SHOULD come from the
//! provider). Verbs are ADL's (http://adlnet.gov/expapi/verbs/...); questions are
//! `cmi.interaction` activities (Data 2.4.4.1 "Interaction Activities").

use crate::bank::Question;
use crate::quiz::report::{self, ClassReport, Entry, letter};
use crate::quiz::{Answer, PASS};
use crate::store::{AnswerRow, SessionRow};
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The ADL verbs peerlab uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Answered,
    Completed,
    Passed,
    Failed,
}

impl Verb {
    pub fn word(self) -> &'static str {
        match self {
            Verb::Answered => "answered",
            Verb::Completed => "completed",
            Verb::Passed => "passed",
            Verb::Failed => "failed",
        }
    }

    fn value(self) -> Value {
        json!({
            "id": format!("http://adlnet.gov/expapi/verbs/{}", self.word()),
            "display": { "en-US": self.word() }
        })
    }
}

const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
const MODULE: &str = "http://adlnet.gov/expapi/activities/module";

/// Where the statements point: every activity id and the learners' account `homePage` start
/// with `base` (the school's own address, `--xapi-base`).
#[derive(Debug, Clone)]
pub struct Target {
    base: String,
    ns: Uuid,
}

impl Target {
    /// `base` must be an absolute http(s) address without spaces; a missing final `/` is
    /// added.
    pub fn new(base: &str) -> Result<Target, String> {
        let rest = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"))
            .ok_or_else(|| {
                format!(
                    "{} is not an http:// or https:// address",
                    crate::text::quoted(base)
                )
            })?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() {
            return Err(format!("{} has no host", crate::text::quoted(base)));
        }
        if base.len() > 200
            || base
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}#?".contains(c))
        {
            return Err(format!(
                "{} is not a plain address (at most 200 characters, no spaces, quotes, `#` or `?`)",
                crate::text::quoted(base)
            ));
        }
        let base = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
        let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, base.as_bytes());
        Ok(Target { base, ns })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn uuid(&self, what: &str) -> String {
        Uuid::new_v5(&self.ns, what.as_bytes())
            .hyphenated()
            .to_string()
    }

    /// The learner: an account on the school's system (Data 2.4.2.4), named as given.
    pub fn agent(&self, name: &str) -> Value {
        let name = crate::text::printable(name.trim());
        json!({
            "objectType": "Agent",
            "name": name,
            "account": { "homePage": self.base.trim_end_matches('/'), "name": name }
        })
    }

    fn question_id(&self, id: &str) -> String {
        format!("{}question/{}", self.base, segment(id))
    }

    /// One exam is one draw: the same mode, seed and length give the same questions.
    fn exam_id(&self, mode: &str, seed: Option<u64>, questions: usize) -> String {
        match (mode, seed) {
            ("exam" | "drill", Some(seed)) => {
                format!("{}{mode}/seed-{seed}/questions-{questions}", self.base)
            }
            _ => format!("{}{}", self.base, segment(mode)),
        }
    }
}

/// A path segment: every byte but RFC 3986's unreserved characters percent-encoded.
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "-".to_string() } else { out }
}

/// ISO 8601 duration to the hundredth of a second, as xAPI asks (Data 4.6): `PT12.34S`.
pub fn duration(millis: u64) -> String {
    let cs = millis.div_ceil(10);
    if cs % 100 == 0 {
        format!("PT{}S", cs / 100)
    } else {
        format!("PT{}.{:02}S", cs / 100, cs % 100)
    }
}

fn ratio(right: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (10_000.0 * right as f64 / of as f64).round() / 10_000.0
    }
}

fn en(s: &str) -> Value {
    json!({ "en-US": crate::text::printable(s) })
}

fn interaction_type(kind: &str) -> &'static str {
    match kind {
        "single" | "multi" | "yes-no" | "fix" => "choice",
        "order" => "sequencing",
        _ => "other",
    }
}

/// The learner's response in the interaction's pattern (Data 2.4.4.1 "Response Patterns"):
/// choice letters joined by `[,]`, else readable text.
fn response(kind: &str, a: &Answer) -> String {
    match (interaction_type(kind), a) {
        ("choice", Answer::Choices { picked: l })
        | ("sequencing", Answer::Order { sequence: l }) => {
            l.iter().map(|&i| letter(i)).collect::<Vec<_>>().join("[,]")
        }
        _ => report::readable(a),
    }
}

/// The question as an interaction activity; with the bank's question, its prompt, choices
/// and correct response too.
fn question_activity(t: &Target, id: &str, kind: &str, q: Option<&Question>) -> Value {
    let itype = interaction_type(kind);
    let mut def = Map::new();
    def.insert("name".into(), en(id));
    def.insert("type".into(), json!(INTERACTION));
    def.insert("interactionType".into(), json!(itype));
    if let Some(q) = q {
        def.insert(
            "description".into(),
            en(q.prompt.lines().next().unwrap_or(id)),
        );
        if itype != "other" && !q.choices.is_empty() {
            let choices: Vec<Value> = q
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| json!({ "id": letter(i), "description": en(c) }))
                .collect();
            def.insert("choices".into(), Value::Array(choices));
            let key: Vec<String> = q.answer.iter().map(|&i| letter(i)).collect();
            def.insert("correctResponsesPattern".into(), json!([key.join("[,]")]));
        }
    }
    json!({ "objectType": "Activity", "id": t.question_id(id), "definition": def })
}

fn exam_activity(t: &Target, mode: &str, seed: Option<u64>, questions: usize) -> Value {
    let (kind, name) = match (mode, seed) {
        ("exam" | "drill", Some(seed)) => (
            ASSESSMENT,
            format!("peerlab {mode}, seed {seed}, {questions} questions"),
        ),
        _ => (MODULE, format!("peerlab {mode}")),
    };
    json!({
        "objectType": "Activity",
        "id": t.exam_id(mode, seed, questions),
        "definition": { "name": en(&name), "type": kind }
    })
}

struct Answered<'a> {
    id: &'a str,
    kind: &'a str,
    question: Option<&'a Question>,
    correct: bool,
    response: Option<&'a Answer>,
    millis: Option<u64>,
    timestamp: Option<String>,
}

fn answered(
    t: &Target,
    actor: &Value,
    a: &Answered,
    reg: &str,
    parent: &Value,
    sid: String,
) -> Value {
    let mut result = Map::new();
    result.insert("success".into(), json!(a.correct));
    result.insert(
        "score".into(),
        json!({ "scaled": if a.correct { 1.0 } else { 0.0 } }),
    );
    if let Some(r) = a.response {
        result.insert("response".into(), json!(response(a.kind, r)));
    }
    if let Some(ms) = a.millis {
        result.insert("duration".into(), json!(duration(ms)));
    }
    let mut st = json!({
        "id": sid,
        "actor": actor,
        "verb": Verb::Answered.value(),
        "object": question_activity(t, a.id, a.kind, a.question),
        "result": result,
        "context": {
            "registration": reg,
            "contextActivities": { "parent": [parent] }
        }
    });
    if let Some(ts) = &a.timestamp {
        st["timestamp"] = json!(ts);
    }
    st
}

/// The statement that closes a session: passed or failed with the scaled score when the
/// mode has a pass mark, completed otherwise.
#[allow(clippy::too_many_arguments)] // one call per source, each naming every figure
fn closing(
    actor: &Value,
    activity: Value,
    reg: &str,
    sid: String,
    scored: Option<(u16, usize, usize)>,
    pass_mark: bool,
    seconds: Option<u64>,
    timestamp: Option<String>,
) -> Value {
    let mut result = Map::new();
    let verb = match scored {
        Some((score, _, _)) if pass_mark => {
            result.insert("success".into(), json!(score >= PASS));
            if score >= PASS {
                Verb::Passed
            } else {
                Verb::Failed
            }
        }
        _ => Verb::Completed,
    };
    result.insert("completion".into(), json!(true));
    if let Some((score, right, of)) = scored {
        let mut s = Map::new();
        s.insert("scaled".into(), json!(ratio(right, of)));
        if pass_mark {
            s.insert("raw".into(), json!(score.clamp(1, 1000)));
            s.insert("min".into(), json!(1));
            s.insert("max".into(), json!(1000));
        }
        result.insert("score".into(), Value::Object(s));
    }
    if let Some(s) = seconds {
        result.insert("duration".into(), json!(duration(s.saturating_mul(1000))));
    }
    let mut st = json!({
        "id": sid,
        "actor": actor,
        "verb": verb.value(),
        "object": activity,
        "result": result,
        "context": { "registration": reg }
    });
    if let Some(ts) = timestamp {
        st["timestamp"] = json!(ts);
    }
    st
}

fn registration(t: &Target, actor: &str, s: &SessionRow) -> String {
    t.uuid(&format!("session/{actor}/{}/{}", s.id, s.started_at))
}

/// The `answered` statement of one history answer (`session` is the row it belongs to).
pub fn history_answer(t: &Target, actor: &str, session: &SessionRow, a: &AnswerRow) -> Value {
    let reg = registration(t, actor, session);
    let r = &a.answer;
    let given: Option<Answer> = serde_json::from_str(&r.response).ok();
    let ans = Answered {
        id: &r.question_id,
        kind: &r.kind,
        question: None,
        correct: r.correct,
        response: given.as_ref(),
        millis: Some(r.millis),
        timestamp: Some(crate::civil::iso8601(a.answered_at)),
    };
    let parent = exam_activity(t, &session.mode, session.seed, session.questions);
    let sid = t.uuid(&format!("answer/{reg}/{}/{}", r.position, a.answered_at));
    answered(t, &t.agent(actor), &ans, &reg, &parent, sid)
}

/// The closing statement of a finished session; `None` while it is open, and for an exam
/// closed without a score (`resume --close`): it was neither passed nor failed.
pub fn history_session(t: &Target, actor: &str, s: &SessionRow) -> Option<Value> {
    let finished = s.finished_at?;
    let pass_mark = matches!(s.mode.as_str(), "exam" | "drill");
    let scored = match (s.score, s.correct) {
        (Some(score), Some(right)) => {
            let of = if pass_mark { s.questions } else { s.answered };
            Some((score, right, of))
        }
        _ => None,
    };
    if pass_mark && scored.is_none() {
        return None;
    }
    let reg = registration(t, actor, s);
    Some(closing(
        &t.agent(actor),
        exam_activity(t, &s.mode, s.seed, s.questions),
        &reg,
        t.uuid(&format!("end/{reg}")),
        scored,
        pass_mark,
        s.seconds,
        Some(crate::civil::iso8601(finished)),
    ))
}

/// Statements for every counted file of a class report (flagged and superseded files are
/// left out, as they are of the class figures): each answered item, then the drill.
pub fn class(
    t: &Target,
    entries: &[Entry],
    c: &ClassReport,
    bank: &crate::bank::Bank,
) -> Vec<Value> {
    let mut out = Vec::new();
    for st in c.students.iter().filter(|s| s.counted) {
        let Some(e) = entries.get(st.entry) else {
            continue;
        };
        let r = &e.result;
        let (_, items) = report::check(r, bank);
        let actor = t.agent(&r.name);
        let finished = r.finished_at.as_deref();
        let reg = t.uuid(&format!(
            "drill/{}/{}/{}",
            r.name.trim().to_lowercase(),
            r.seed,
            finished.unwrap_or(&e.file)
        ));
        let parent = exam_activity(t, "drill", Some(r.seed), r.items.len());
        for (n, i) in r.items.iter().enumerate().filter(|(_, i)| i.answered) {
            let q = items.as_ref().and_then(|v| v.get(n)).map(|it| &it.question);
            let kind = q
                .map(|q| q.kind.as_str().to_string())
                .or_else(|| i.kind.clone())
                .unwrap_or_default();
            let ans = Answered {
                id: &i.id,
                kind: &kind,
                question: q,
                correct: i.correct,
                response: i.response.as_ref(),
                millis: None,
                timestamp: finished.map(str::to_string),
            };
            let sid = t.uuid(&format!("answer/{reg}/{n}"));
            out.push(answered(t, &actor, &ans, &reg, &parent, sid));
        }
        out.push(closing(
            &actor,
            parent,
            &reg,
            t.uuid(&format!("end/{reg}")),
            Some((r.score, st.right, r.items.len())),
            true,
            Some(r.seconds),
            finished.map(str::to_string),
        ));
    }
    out
}
