//! Targets of the history store (issue 7), on a database file in a temporary folder:
//! - committing one answer (with its schedule update): under 2 ms;
//! - stats over 100,000 stored answers: under 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::bank::Topic;
use peerlab::store::{AnswerRecord, Store};
use std::hint::black_box;

const T0: i64 = 1_790_000_000;

fn answer(i: usize) -> AnswerRecord {
    let topic = Topic::ALL[i % Topic::ALL.len()];
    AnswerRecord {
        position: i,
        key: format!("bank:q{}", i % 400),
        question_id: format!("q{}", i % 400),
        template: None,
        topic: topic.as_str().to_string(),
        kind: "single".to_string(),
        difficulty: (i % 3) as u8 + 1,
        correct: i % 4 != 0,
        millis: 20_000,
        response: r#"{"kind":"choices","picked":[1]}"#.to_string(),
    }
}

fn commit(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let session = store.start_session("practice", None, 0, None, T0).unwrap();
    let mut i = 0;
    c.bench_function("commit one answer", |b| {
        b.iter(|| {
            i += 1;
            store
                .record(session, black_box(&answer(i)), T0 + i as i64)
                .unwrap();
        })
    });
}

fn stats(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // 100,000 answers over 200 days, 50 per session.
    let mut session = 0;
    for i in 0..100_000usize {
        let at = T0 + (i as i64) * 173;
        if i % 50 == 0 {
            session = store.start_session("practice", None, 50, None, at).unwrap();
        }
        store.record(session, &answer(i), at).unwrap();
    }
    let now = T0 + 100_000 * 173;
    assert_eq!(store.stats(now, 0).unwrap().answers, 100_000);
    c.bench_function("stats over 100,000 answers", |b| {
        b.iter(|| black_box(store.stats(black_box(now), 0).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = commit, stats
}
criterion_main!(benches);
