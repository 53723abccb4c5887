//! The file side of open and save at 10,000 nodes: the atomic write (temporary file, sync,
//! rename, sweep of the folder) and the checks an open adds to parsing (comment scan, content
//! hash). Parsing and serialising themselves are in `benches/io.rs`.

use std::hint::black_box;

use archmodel::ui::document::ContentHash;
use archmodel::{generate, io};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const NODES: usize = 10_000;
const SEED: u64 = 42;

fn write(c: &mut Criterion) {
    let text = io::to_string(&generate::synthetic(NODES, SEED)).expect("a synthetic model saves");
    let mut group = c.benchmark_group("write_atomic");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    // Beside a few files and in a folder of 2,000 (the sweep reads the folder on every save).
    for others in [10usize, 2_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..others {
            std::fs::write(dir.path().join(format!("other-{i}.md")), "x").expect("write");
        }
        let path = dir.path().join("model.ron");
        group.bench_with_input(
            BenchmarkId::new("folder_files", others),
            &text,
            |b, text| {
                b.iter(|| io::write_atomic(&path, black_box(text.as_bytes())).expect("saves"));
            },
        );
    }
    group.finish();
}

fn open_checks(c: &mut Criterion) {
    let text = io::to_string(&generate::synthetic(NODES, SEED)).expect("a synthetic model saves");
    let mut group = c.benchmark_group("open_checks");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(BenchmarkId::new("comment_scan", NODES), |b| {
        b.iter(|| io::comments::first_comment(black_box(&text)));
    });
    group.bench_function(BenchmarkId::new("content_hash", NODES), |b| {
        b.iter(|| ContentHash::of(black_box(text.as_bytes())));
    });
    group.finish();
}

criterion_group!(benches, write, open_checks);
criterion_main!(benches);
