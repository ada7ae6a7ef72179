//! Which questions a session asks. A seed fixes them, in order: a class sitting the same drill
//! gets the same questions on every machine (bank order is fixed at build time, and the
//! generator is seeded).

use super::session::Item;
use crate::bank::{Bank, Topic};
use crate::generate::{self, Filter, dice::Dice};

/// Where practice questions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bank,
    Generated,
    Mixed,
}

/// A question, a whole yes-no series or a whole case study: what selection moves around as
/// one piece.
type Unit = Vec<Item>;

fn bank_units(bank: &Bank, topic: Option<Topic>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for q in bank
        .questions
        .iter()
        .filter(|q| topic.is_none_or(|t| q.topic == t))
    {
        let item = Item {
            question: q.clone(),
            topology: bank.topology_of(q).cloned(),
            template: None,
        };
        // A yes-no series or a case study stays one unit (the bank keeps its items together).
        let continues = units
            .last()
            .and_then(|u| u.last())
            .is_some_and(|last| super::unit::same_unit(&last.question, q));
        match units.last_mut() {
            Some(u) if continues => u.push(item),
            _ => units.push(vec![item]),
        }
    }
    units
}

fn generated_units(seed: u64, count: usize, topic: Option<Topic>) -> Vec<Unit> {
    let filter = Filter {
        topic,
        ..Filter::default()
    };
    generate::generate(seed, count, &filter)
        .into_iter()
        .map(|g| {
            let topology = g.topology;
            let template = Some(g.template);
            g.questions
                .into_iter()
                .map(|q| Item {
                    question: q,
                    topology: topology.clone(),
                    template,
                })
                .collect()
        })
        .collect()
}

/// Takes whole units, most topics first, until `count` questions (never splitting a series).
fn take(d: &mut Dice, mut units: Vec<Unit>, count: usize) -> Vec<Unit> {
    d.shuffle(&mut units);
    // Spread topics: take one unit per topic in turn.
    let mut by_topic: Vec<(Topic, Vec<Unit>)> = Vec::new();
    for u in units {
        let t = u[0].question.topic;
        match by_topic.iter_mut().find(|(x, _)| *x == t) {
            Some((_, v)) => v.push(u),
            None => by_topic.push((t, vec![u])),
        }
    }
    let mut out: Vec<Unit> = Vec::new();
    let mut n = 0;
    while n < count && by_topic.iter().any(|(_, v)| !v.is_empty()) {
        for (_, v) in by_topic.iter_mut() {
            if n >= count {
                break;
            }
            if let Some(u) = v.pop() {
                if n + u.len() > count && n > 0 {
                    continue;
                }
                n += u.len();
                out.push(u);
            }
        }
    }
    out
}

/// An exam (or drill) of about `count` questions: three fifths from the bank, the rest
/// generated, topics spread, everything shuffled by `seed`.
pub fn exam(bank: &Bank, seed: u64, count: usize) -> Vec<Item> {
    let mut d = Dice::new(seed);
    let from_bank = count * 3 / 5;
    let mut units = take(&mut d, bank_units(bank, None), from_bank);
    let have: usize = units.iter().map(Vec::len).sum();
    let gen_seed = d.fork();
    units.extend(take(
        &mut d,
        generated_units(gen_seed, count - have.min(count), None),
        count - have.min(count),
    ));
    d.shuffle(&mut units);
    units.into_iter().flatten().collect()
}

/// Practice questions on one topic (or all), from the bank, the generator or both.
pub fn practice(
    bank: &Bank,
    seed: u64,
    count: usize,
    topic: Option<Topic>,
    source: Source,
) -> Vec<Item> {
    let mut d = Dice::new(seed);
    let mut units = match source {
        Source::Bank => bank_units(bank, topic),
        Source::Generated => generated_units(d.fork(), count, topic),
        Source::Mixed => {
            let mut u = bank_units(bank, topic);
            u.extend(generated_units(d.fork(), count / 2 + 1, topic));
            u
        }
    };
    d.shuffle(&mut units);
    let mut out = Vec::new();
    for u in units {
        if out.len() >= count {
            break;
        }
        out.extend(u);
    }
    out
}

/// A review session: the items due (most overdue first), then items never answered, up to
/// about `count` questions. A yes-no series or a case study is drawn whole, never one of its
/// statements alone. A due generator item is a fresh instance of its template and
/// difficulty, never the one answered before. Keys that no longer exist (a question removed
/// from the bank) are skipped.
pub fn review(
    bank: &Bank,
    due: &[String],
    seen: &std::collections::HashSet<String>,
    seed: u64,
    count: usize,
) -> Vec<Item> {
    let mut d = Dice::new(seed);
    let mut out: Vec<Item> = Vec::new();
    let units = bank_units(bank, None);
    let push_key = |key: &str, d: &mut Dice, out: &mut Vec<Item>| {
        if let Some(id) = key.strip_prefix("bank:") {
            // A due statement brings its whole series (a case question its whole case), once,
            // at the place of its most overdue item.
            if let Some(u) = units
                .iter()
                .find(|u| u.iter().any(|it| it.question.id == id))
                && !out.iter().any(|o| {
                    o.template.is_none() && u.iter().any(|it| it.question.id == o.question.id)
                })
            {
                out.extend(u.iter().cloned());
            }
        } else if let Some((t, diff)) = key
            .strip_prefix("gen:")
            .and_then(|r| r.rsplit_once(':'))
            .and_then(|(t, n)| Some((generate::Template::parse(t)?, n.parse::<u8>().ok()?)))
        {
            let filter = Filter {
                template: Some(t),
                difficulty: Some(diff),
                ..Filter::default()
            };
            if let Some(g) = generate::generate(d.fork(), 1, &filter).into_iter().next() {
                let topology = g.topology;
                out.extend(g.questions.into_iter().map(|q| Item {
                    question: q,
                    topology: topology.clone(),
                    template: Some(t),
                }));
            }
        }
    };
    for key in due {
        if out.len() >= count {
            return out;
        }
        push_key(key, &mut d, &mut out);
    }
    let mut fresh: Vec<String> = bank
        .questions
        .iter()
        .map(|q| format!("bank:{}", q.id))
        .collect();
    for t in generate::Template::ALL {
        for diff in 1..=3 {
            fresh.push(format!("gen:{}:{diff}", t.as_str()));
        }
    }
    fresh.retain(|k| !seen.contains(k));
    d.shuffle(&mut fresh);
    for key in fresh {
        if out.len() >= count {
            break;
        }
        push_key(&key, &mut d, &mut out);
    }
    out
}
