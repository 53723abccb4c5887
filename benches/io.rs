//! Open and save speed of model files at 1,000 and 10,000 nodes (target: ≤ 150 ms each at 10,000).
//!
//! `open` parses RON text into a checked model (what `io::load` does after reading the file);
//! `save` writes a model as canonical RON text (what `io::save` does before the atomic write).

use std::hint::black_box;

use archmodel::{generate, io};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 2] = [1_000, 10_000];
const SEED: u64 = 42;

fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    for nodes in SIZES {
        let text =
            io::to_string(&generate::synthetic(nodes, SEED)).expect("a synthetic model saves");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &text, |b, text| {
            b.iter(|| io::parse(black_box(text)).expect("a synthetic model loads"));
        });
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let mut group = c.benchmark_group("save");
    group.sample_size(20);
    for nodes in SIZES {
        let model = generate::synthetic(nodes, SEED);
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &model, |b, model| {
            b.iter(|| io::to_string(black_box(model)).expect("a synthetic model saves"));
        });
    }
    group.finish();
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    group.bench_function(BenchmarkId::from_parameter(10_000), |b| {
        b.iter(|| generate::synthetic(black_box(10_000), SEED));
    });
    group.finish();
}

criterion_group!(benches, open, save, generate);
criterion_main!(benches);
