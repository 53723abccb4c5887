//! Diff and merge speed on synthetic models of 1,000 and 10,000 nodes with a few hundred
//! changes (renames, weakened links, removed nodes, moves), and on two unrelated models (every
//! element differs: the worst case).
//!
//! A diff matches elements by id through sorted maps, O(n log n) in the elements, plus one
//! review of each version; `structure` leaves the review out to show the matching alone.

use std::hint::black_box;

use archmodel::model::{Model, Point, Tls};
use archmodel::{diff, generate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 2] = [1_000, 10_000];
const SEED: u64 = 42;

/// The model after `n` renames, `n` links made plaintext, `n` moves and `n / 4` removed nodes.
fn changed(model: &Model, n: usize) -> Model {
    let mut data = model.to_data();
    let step = (data.nodes.len() / n.max(1)).max(1);
    for node in data.nodes.iter_mut().step_by(step).take(n) {
        node.name.push_str(" (renamed)");
        if let Some(p) = data.layout.positions.get_mut(&node.id) {
            *p = Point(p.0 + 40.0, p.1);
        }
    }
    for link in data.links.iter_mut().step_by(step).take(n) {
        link.tls = Tls::None;
    }
    // Remove nodes nothing but links refers to, with their links.
    let referenced: std::collections::HashSet<String> = data
        .contracts
        .iter()
        .map(|c| c.provider.clone())
        .chain(data.releases.iter().map(|r| r.client.clone()))
        .chain(data.decisions.iter().flat_map(|d| d.concerns.clone()))
        .collect();
    let gone: std::collections::HashSet<String> = data
        .nodes
        .iter()
        .skip(1)
        .step_by(step)
        .filter(|n| !referenced.contains(&n.id))
        .take(n / 4)
        .map(|n| n.id.clone())
        .collect();
    data.nodes.retain(|x| !gone.contains(&x.id));
    data.links
        .retain(|l| !gone.contains(&l.from) && !gone.contains(&l.to));
    data.layout.positions.retain(|id, _| !gone.contains(id));
    Model::from_data(data).unwrap_or_else(|_| model.clone())
}

fn bench_diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for nodes in SIZES {
        let old = generate::synthetic(nodes, SEED);
        let new = changed(&old, 300);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(
            BenchmarkId::new("300-changes", nodes),
            &(&old, &new),
            |b, (o, n)| {
                b.iter(|| diff::diff(black_box(o), black_box(n)));
            },
        );
        let (fo, fnew) = (
            archmodel::analysis::check(&old),
            archmodel::analysis::check(&new),
        );
        group.bench_with_input(
            BenchmarkId::new("structure", nodes),
            &(&old, &new),
            |b, (o, n)| {
                b.iter(|| diff::diff_with_findings(black_box(o), black_box(n), &fo, &fnew));
            },
        );
        let other = generate::synthetic(nodes, SEED + 1);
        group.bench_with_input(
            BenchmarkId::new("unrelated", nodes),
            &(&old, &other),
            |b, (o, n)| {
                b.iter(|| diff::diff(black_box(o), black_box(n)));
            },
        );
    }
    group.finish();
}

fn bench_merge(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    for nodes in SIZES {
        let base = generate::synthetic(nodes, SEED);
        let ours = changed(&base, 300);
        let theirs = changed(&base, 200);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(nodes),
            &(&base, &ours, &theirs),
            |b, (x, y, z)| {
                b.iter(|| {
                    diff::merge::merge(black_box(x), black_box(y), black_box(z))
                        .map(|m| m.conflicts.len())
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_diff, bench_merge);
criterion_main!(benches);
