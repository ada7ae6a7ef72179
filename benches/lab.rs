//! A lab's Enter (issue 14): one az command applied and every goal re-evaluated, which the Lab
//! screen does after each line; the target is under 1 ms on a chapter-sized network.

use criterion::{Criterion, criterion_group, criterion_main};
use peerlab::lab::{self, Lab, Session};
use std::hint::black_box;

fn lab(name: &str) -> Lab {
    lab::builtin()
        .into_iter()
        .filter_map(Result::ok)
        .find(|l| l.name == name)
        .expect("a built-in lab")
}

fn benches(c: &mut Criterion) {
    let chapter = lab("chapter-cli-outline");
    // The first side of the chapter's peering: parse, run, and the goals evaluated again.
    let first = chapter.answer[0].clone();
    c.bench_function("lab: peering create + goals (chapter)", |b| {
        b.iter_batched(
            || Session::new(chapter.clone()),
            |mut s| {
                let r = s.run(black_box(&first));
                black_box((r, s.goals()))
            },
            criterion::BatchSize::SmallInput,
        )
    });

    // The last command of the spoke-to-spoke lab, which makes every goal hold.
    let s2s = lab("spoke-to-spoke-firewall");
    let (head, last) = s2s.answer.split_at(s2s.answer.len() - 1);
    let mut ready = Session::new(s2s.clone());
    for line in head {
        assert!(!ready.run(line).error, "{line}");
    }
    let last = last[0].clone();
    c.bench_function("lab: last command + goals (spoke-to-spoke)", |b| {
        b.iter_batched(
            || {
                let mut s = Session::new(s2s.clone());
                s.topology = ready.topology.clone();
                s
            },
            |mut s| {
                let r = s.run(black_box(&last));
                black_box((r, s.goals()))
            },
            criterion::BatchSize::SmallInput,
        )
    });

    // A read-only Network Watcher question on the solved chapter network.
    let mut solved = Session::new(chapter.clone());
    for line in &chapter.answer {
        solved.run(line);
    }
    let hop = "az network watcher show-next-hop -g rg-network --vm vm-web --source-ip 10.1.1.4 --dest-ip 192.168.1.10";
    c.bench_function("lab: show-next-hop (chapter, solved)", |b| {
        b.iter(|| black_box(solved.run(black_box(hop))))
    });
}

criterion_group!(lab_benches, benches);
criterion_main!(lab_benches);
