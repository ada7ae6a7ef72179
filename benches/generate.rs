//! Verified generated questions per second on one core (issue 4: at least 2,000). Each
//! question's key and distractors are proven by the evaluator while it is generated; the
//! second benchmark also proves the written bank again, as `peerlab check` does.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use peerlab::bank::{self, Source};
use peerlab::generate::{self, Filter};

/// The generated files, in memory, as a bank source.
struct Mem(Vec<(String, String)>);

impl Source for Mem {
    fn question_files(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p.starts_with("questions"))
            .collect()
    }
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| "missing".into())
    }
    fn display(&self, path: &str) -> String {
        path.to_string()
    }
}

fn benches(c: &mut Criterion) {
    const N: usize = 200;
    let mut group = c.benchmark_group("generate");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    group.bench_function("200 questions, proven while generated", |b| {
        let mut seed = 0;
        b.iter(|| {
            seed += 1;
            let items = generate::generate(seed, N, &Filter::default());
            assert!(items.iter().map(|g| g.questions.len()).sum::<usize>() >= N);
            items
        })
    });
    group.bench_function("200 questions, written and proven again as a bank", |b| {
        let mut seed = 1000;
        b.iter(|| {
            seed += 1;
            let files = generate::to_files(&generate::generate(seed, N, &Filter::default()));
            bank::load(&Mem(files)).expect("the generated bank proves")
        })
    });
    group.finish();
    // Items per second for each template on its own: a template that gives up often (its
    // distractors do not prove) shows here as a slow one.
    const M: usize = 20;
    let mut per = c.benchmark_group("generate per template");
    per.throughput(Throughput::Elements(M as u64));
    per.sample_size(10);
    for template in generate::Template::ALL {
        let filter = Filter {
            template: Some(template),
            ..Filter::default()
        };
        per.bench_function(template.as_str(), |b| {
            let mut seed = 0;
            b.iter(|| {
                seed += 1;
                let items = generate::generate(seed, M, &filter);
                assert!(!items.is_empty());
                items
            })
        });
    }
    per.finish();
}

criterion_group!(generate_bench, benches);
criterion_main!(generate_bench);
