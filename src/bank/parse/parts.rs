//! What a question carries besides its kind's fields: rationales, source and verified date,
//! exhibit tables, case, and the topology it names. Apart from the per-kind checks because every
//! kind shares them, and because the provenance warnings (issue 10) and the exhibit selectors
//! change on their own schedule.

use super::super::*;
use super::check::Ck;
use super::{MAX_CHOICE, MAX_EXPLANATION, MAX_ID, RawQuestion};
use crate::model::parse_topology;
use toml::Spanned as S;

/// The parts of an item every kind may carry: rationales, source, verified, exhibit, case.
pub(super) fn item_parts(ck: &mut Ck, q: &mut Question, r: &RawQuestion) {
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
pub(super) fn exhibit_tables(ck: &mut Ck, q: &Question, r: &RawQuestion, bank: &Bank) {
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
pub(super) fn rationale_count(ck: &mut Ck, q: &Question, r: &RawQuestion) {
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

pub(super) fn topology(
    ck: &mut Ck,
    src: &dyn Source,
    t: &S<String>,
    bank: &mut Bank,
) -> Option<String> {
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
