//! "Retry my mistakes": a practice session of the questions a learner got wrong, in one
//! session or over the last days. A bank question is asked again as it is; a generated one
//! was made once and is not kept, so its template and difficulty give a fresh instance (the
//! same thing to learn, not the same picture to remember).

use super::session::Item;
use crate::bank::Bank;
use crate::generate::{self, dice::Dice};

/// The items to ask again for the progress keys `keys` (`bank:<id>` or
/// `gen:<template>:<difficulty>`, as [`Item::key`] gives them), in their order, each key
/// once. Keys that no longer name anything (a question since removed) are skipped.
pub fn retry(bank: &Bank, keys: &[String], seed: u64) -> Vec<Item> {
    let mut d = Dice::new(seed);
    let mut out = Vec::new();
    let mut done = std::collections::HashSet::new();
    for key in keys {
        if !done.insert(key.as_str()) {
            continue;
        }
        if let Some(id) = key.strip_prefix("bank:") {
            if let Some(q) = bank.questions.iter().find(|q| q.id == id) {
                out.push(Item {
                    question: q.clone(),
                    topology: bank.topology_of(q).cloned(),
                    template: None,
                });
            }
        } else if let Some((t, diff)) = key
            .strip_prefix("gen:")
            .and_then(|r| r.rsplit_once(':'))
            .and_then(|(t, n)| Some((generate::Template::parse(t)?, n.parse::<u8>().ok()?)))
            && let Some(g) = generate::fresh(t, Some(diff), d.fork())
        {
            let topology = g.topology;
            out.extend(g.questions.into_iter().map(|q| Item {
                question: q,
                topology: topology.clone(),
                template: Some(t),
            }));
        }
    }
    out
}

/// The keys of the items of `items` at `positions` (the ones missed in a session).
pub fn keys_at(items: &[Item], positions: &[usize]) -> Vec<String> {
    positions
        .iter()
        .filter_map(|&i| items.get(i))
        .map(Item::key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_questions_come_back_and_generated_ones_are_fresh() {
        let bank = crate::bank::builtin().unwrap();
        let q = &bank.questions[3];
        let g = generate::fresh(generate::Template::Reachability, Some(2), 5).unwrap();
        let missed_gen = Item {
            question: g.questions[0].clone(),
            topology: g.topology.clone(),
            template: Some(generate::Template::Reachability),
        };
        let keys = vec![
            format!("bank:{}", q.id),
            missed_gen.key(),
            format!("bank:{}", q.id),
            "bank:no-such-question".to_string(),
        ];
        let items = retry(&bank, &keys, 9);
        assert_eq!(items.len(), 2, "each key once, unknown keys skipped");
        assert_eq!(items[0].question.id, q.id);
        assert_eq!(items[1].key(), "gen:reachability:2");
        assert_ne!(
            items[1].question.id, missed_gen.question.id,
            "a fresh instance, not the one missed"
        );
    }
}
