//! The order a question's choices are shown in. Bank authors tend to write the key first (60
//! of 69 one-key single and fix items had it at A), so the trainer shows a bank item's
//! choices shuffled; the shuffle depends only on the question id and the session's seed, so a
//! class drill shows every student the same letters and a resumed exam the same screen.
//! Answers, grading, the history and the class report keep the stored choice index: only
//! the letters the learner reads (and types) go through this permutation.

use super::Item;
use crate::bank::{Kind, Question};
use crate::generate::dice::Dice;

/// The dice for `q` in the session seeded `seed`: one stream per question, so one question's
/// order does not depend on the questions before it.
fn dice(q: &Question, seed: u64) -> Dice {
    Dice::new(
        q.id.bytes()
            .fold(seed, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
    )
}

/// The stored index of the choice shown on each row (row 0 is A), in the session seeded
/// `seed`. Order items are shuffled (never into the key itself, which would leave nothing
/// to do); a bank item's single, multiple-choice and fix choices are shuffled; generated
/// items already place their key at random, and yes-no keeps Yes before No.
pub fn shown_order(it: &Item, seed: u64) -> Vec<usize> {
    let q = &it.question;
    let mut order: Vec<usize> = (0..q.choices.len()).collect();
    match q.kind {
        Kind::Order => {
            dice(q, seed).shuffle(&mut order);
            if order == q.answer && order.len() > 1 {
                order.swap(0, 1);
            }
        }
        Kind::Single | Kind::Multi | Kind::Fix if it.template.is_none() => {
            dice(q, seed).shuffle(&mut order);
        }
        _ => {}
    }
    order
}

/// The row stored choice `index` is shown on (the inverse of [`shown_order`]); `index`
/// itself when the order does not list it.
pub fn row_of(order: &[usize], index: usize) -> usize {
    order.iter().position(|&i| i == index).unwrap_or(index)
}
