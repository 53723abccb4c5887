//! Review speed at 1,000 and 10,000 nodes (target: a full check ≤ 50 ms at 10,000).
//!
//! `check` runs every rule; `review` adds what the app computes alongside it (the paradigm
//! checklist and the version-skew matrix) on the same synthetic models.

use std::hint::black_box;

use archmodel::{analysis, generate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 2] = [1_000, 10_000];
const SEED: u64 = 42;

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for nodes in SIZES {
        let model = generate::synthetic(nodes, SEED);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &model, |b, model| {
            b.iter(|| analysis::check(black_box(model)));
        });
    }
    group.finish();
}

fn review(c: &mut Criterion) {
    let mut group = c.benchmark_group("review");
    group.sample_size(20);
    for nodes in SIZES {
        let model = generate::synthetic(nodes, SEED);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &model, |b, model| {
            b.iter(|| {
                let findings = analysis::check(black_box(model));
                let steps = analysis::checklist(model, &findings);
                let skew = analysis::skew_matrix(model);
                (findings.len(), steps.len(), skew.rows.len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, check, review);
criterion_main!(benches);
