//! Load and fully check the built-in bank (parse every file, prove every network question
//! with the evaluator): target under 50 ms (issue 3).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let n = peerlab::bank::builtin()
        .expect("the built-in bank loads")
        .questions
        .len();
    c.bench_function(
        &format!("load and prove the built-in bank ({n} questions)"),
        |b| b.iter(|| peerlab::bank::builtin().expect("loads")),
    );
    let _ = black_box(n);
}

criterion_group!(bank, benches);
criterion_main!(bank);
