//! Edits on a large model: deleting every element of a 5,000-node model (what Select All then
//! Delete does), split into making the patch, applying it and undoing it; moving every node at
//! once; pasting a copy of everything. Each is linear in the elements changed; before that, a patch scanned itself for
//! every change and deleting 15,000 elements froze the app for seconds. Target: ≤ 16 ms each,
//! so the frame that makes the edit keeps its pace.

use std::hint::black_box;

use archmodel::commands::{Fragment, History, edits, paste};
use archmodel::generate;
use archmodel::model::{Model, Point};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn everything(model: &Model) -> Vec<String> {
    let mut ids: Vec<String> = model.nodes().map(|n| n.id.clone()).collect();
    ids.extend(model.links().map(|l| l.id.clone()));
    ids.extend(model.zones.iter().map(|z| z.id.clone()));
    ids
}

fn delete_all(c: &mut Criterion) {
    let mut group = c.benchmark_group("edits_5000");
    group.sample_size(10);
    let model = generate::synthetic(5_000, 42);
    let ids = everything(&model);
    eprintln!(
        "edits: {} elements, {} changes to delete them all",
        ids.len(),
        edits::delete(&model, &ids).changes.len()
    );
    group.bench_function("delete_all_patch", |b| {
        b.iter(|| edits::delete(black_box(&model), &ids))
    });
    group.bench_function("delete_all_apply", |b| {
        b.iter_batched(
            || (model.clone(), edits::delete(&model, &ids)),
            |(mut m, patch)| {
                History::new().apply(&mut m, patch, None).expect("applies");
                m
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("delete_all_undo", |b| {
        b.iter_batched(
            || {
                let mut m = model.clone();
                let mut h = History::new();
                h.apply(&mut m, edits::delete(&model, &ids), None)
                    .expect("applies");
                (m, h)
            },
            |(mut m, mut h)| {
                h.undo(&mut m).expect("undoes");
                (m, h)
            },
            BatchSize::LargeInput,
        )
    });
    let moves: Vec<(String, Point)> = model
        .nodes()
        .map(|n| (n.id.clone(), Point(1.0, 2.0)))
        .collect();
    group.bench_function("move_all_patch", |b| {
        b.iter(|| edits::move_nodes(black_box(&model), &moves))
    });
    let copied = Fragment::copy(&model, &ids).expect("copied");
    group.bench_function("paste_all_patch", |b| {
        b.iter(|| paste(black_box(&model), &copied, Point(40.0, 40.0)))
    });
    group.finish();
}

criterion_group!(benches, delete_all);
criterion_main!(benches);
