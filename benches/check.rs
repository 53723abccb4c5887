//! Review speed on three graph shapes (target: a full check ≤ 50 ms at 10,000 nodes, any shape).
//!
//! - `tiered`: the clustered generator ([`generate::synthetic`]): links stay near their source,
//!   about two per node, zones three deep.
//! - `random`: links between random nodes across 400 zones nested at random up to eight deep
//!   (two links per node, a zone per 25 nodes, at least 400 from 10,000 nodes).
//! - `deep`: the same random links with zones nested [`archmodel::model::MAX_ZONE_DEPTH`] deep.
//!
//! `check` runs every rule; `review` adds what the app computes alongside it (the paradigm
//! checklist and the version-skew matrix). Before the benchmarks, each case's review is timed
//! five times and the best is printed, both wall time and the CPU time of the whole process (the
//! check shares its rules among threads on large models, so the CPU time is the total work; on a
//! shared machine it is also the figure that does not depend on what else runs).

use std::hint::black_box;

#[path = "support/cpu.rs"]
mod cpu;
use std::time::Instant;

use archmodel::analysis;
use archmodel::generate::{self, RandomShape};
use archmodel::model::{MAX_ZONE_DEPTH, Model};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 4] = [1_000, 2_000, 5_000, 10_000];
const SEED: u64 = 42;

/// The models of every shape and size, built once.
fn models() -> Vec<(&'static str, usize, Model)> {
    let mut out = Vec::new();
    for nodes in SIZES {
        let random = RandomShape {
            zones: (nodes / 25).max(400),
            ..RandomShape::with_nodes(nodes)
        };
        let deep = RandomShape {
            depth: MAX_ZONE_DEPTH,
            ..random
        };
        out.push(("tiered", nodes, generate::synthetic(nodes, SEED)));
        out.push(("random", nodes, generate::random(random, SEED)));
        out.push(("deep", nodes, generate::random(deep, SEED)));
    }
    for (shape, nodes, model) in &out {
        let (mut wall, mut cpu, mut found) = (f64::MAX, f64::MAX, 0);
        for _ in 0..5 {
            let (t, c) = (Instant::now(), cpu::process_ms());
            found = review(model).0;
            cpu = cpu.min(cpu::process_ms() - c);
            wall = wall.min(t.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!(
            "{shape} {nodes}: {} links, {} zones; review best of 5: {wall:.1} ms wall, \
             {cpu:.1} ms CPU, {found} findings",
            model.link_count(),
            model.zones.len(),
        );
    }
    out
}

/// What the app computes on every edit: the findings, the checklist and the skew matrix.
fn review(model: &Model) -> (usize, usize, usize) {
    let findings = analysis::check(black_box(model));
    let steps = analysis::checklist(model, &findings);
    let skew = analysis::skew_matrix(model);
    (findings.len(), steps.len(), skew.rows.len())
}

fn check(c: &mut Criterion) {
    let models = models();
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for (shape, nodes, model) in &models {
        group.throughput(Throughput::Elements(*nodes as u64));
        let id = BenchmarkId::new(*shape, nodes);
        group.bench_with_input(id, model, |b, model| {
            b.iter(|| analysis::check(black_box(model)));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("review");
    group.sample_size(20);
    for (shape, nodes, model) in models.iter().filter(|m| m.1 == 10_000) {
        group.throughput(Throughput::Elements(*nodes as u64));
        let id = BenchmarkId::new(*shape, nodes);
        group.bench_with_input(id, model, |b, model| {
            b.iter(|| review(model));
        });
    }
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
