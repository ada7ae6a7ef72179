//! [`Question`]s → a question file (FORMAT.md §3), so generated questions are a bank that
//! `peerlab check` proves again and `--content` loads.

use super::*;
use std::fmt::Write;

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn flow_fields(s: &mut String, f: &Flow) {
    let _ = writeln!(
        s,
        "from = {}\nto = {}\nport = {}\nprotocol = {}",
        q(&f.from),
        q(&f.to),
        f.port,
        q(f.protocol.as_str())
    );
}

fn goal(g: &Goal) -> String {
    format!(
        "{{ from = {}, to = {}, port = {}, protocol = {}, expect = {} }}",
        q(&g.flow.from),
        q(&g.flow.to),
        g.flow.port,
        q(g.flow.protocol.as_str()),
        q(g.expect.as_str())
    )
}

/// One question file. `topology` says what to write as each question's `topology` path.
pub fn to_toml(questions: &[Question], topology: impl Fn(&Question) -> Option<String>) -> String {
    let mut s = String::new();
    for x in questions {
        let _ = writeln!(
            s,
            "[[question]]\nid = {}\ntopic = {}\nkind = {}\ndifficulty = {}",
            q(&x.id),
            q(x.topic.as_str()),
            q(x.kind.as_str()),
            x.difficulty
        );
        if let Some(t) = topology(x) {
            let _ = writeln!(s, "topology = {}", q(&t));
        }
        let _ = writeln!(s, "prompt = {}", q(&x.prompt));
        match x.kind {
            Kind::Single | Kind::Multi | Kind::Order => {
                let choices: Vec<String> = x.choices.iter().map(|c| q(c)).collect();
                let _ = writeln!(
                    s,
                    "choices = [\n  {},\n]\nanswer = {:?}",
                    choices.join(",\n  "),
                    x.answer
                );
            }
            Kind::YesNo => {
                if let Some(series) = &x.series {
                    let _ = writeln!(s, "series = {}", q(series));
                }
                if let Some(sc) = &x.scenario {
                    let _ = writeln!(s, "scenario = {}", q(sc));
                }
                let _ = writeln!(s, "answer = {:?}", x.answer);
            }
            Kind::Reachability => {
                if let Some(f) = &x.flow {
                    flow_fields(&mut s, f);
                }
                if let Some(k) = x.key {
                    let _ = writeln!(
                        s,
                        "expect = {}\nreason = {}",
                        q(k.verdict.as_str()),
                        q(k.reason.code())
                    );
                }
            }
            Kind::Fix => {
                let goals: Vec<String> = x.goals.iter().map(goal).collect();
                let _ = writeln!(s, "goals = [\n  {},\n]", goals.join(",\n  "));
                let choices: Vec<String> = x
                    .choices
                    .iter()
                    .zip(&x.changes)
                    .map(|(text, edits)| {
                        let e: Vec<String> = edits.iter().map(|e| e.to_toml()).collect();
                        format!("{{ text = {}, change = [{}] }}", q(text), e.join(", "))
                    })
                    .collect();
                let _ = writeln!(s, "choices = [\n  {},\n]", choices.join(",\n  "));
                if !x.answer.is_empty() {
                    let _ = writeln!(s, "answer = {:?}", x.answer);
                }
            }
            Kind::Configure => {
                let goals: Vec<String> = x.goals.iter().map(goal).collect();
                let _ = writeln!(s, "goals = [\n  {},\n]", goals.join(",\n  "));
                let editable: Vec<String> = x.editable.iter().map(|e| q(e)).collect();
                let _ = writeln!(s, "editable = [{}]", editable.join(", "));
            }
        }
        item_parts(&mut s, x);
        let _ = writeln!(s, "explanation = {}\n", q(&x.explanation));
    }
    s
}

fn list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|x| q(x)).collect();
    format!("[\n  {},\n]", v.join(",\n  "))
}

/// The fields every kind may carry (rationales, source, verified, exhibit, case).
fn item_parts(s: &mut String, x: &Question) {
    if !x.rationales.is_empty() {
        let _ = writeln!(s, "rationales = {}", list(&x.rationales));
    }
    if let Some(src) = &x.source {
        let _ = writeln!(
            s,
            "source = {{ title = {}, url = {} }}",
            q(&src.title),
            q(&src.url)
        );
    }
    if let Some(v) = &x.verified {
        let _ = writeln!(s, "verified = {}", q(v));
    }
    if let Some(e) = &x.exhibit {
        let _ = writeln!(s, "exhibit = {}", list(e));
    }
    if let Some(c) = &x.case {
        let _ = writeln!(s, "case = {}", q(c));
    }
}
