//! Export speed: the SVG of a 5,000-node model (target: ≤ 100 ms, scene included), and the text
//! formats at the same size for comparison.

use std::hint::black_box;

use archmodel::export::svg::{self, SvgOptions};
use archmodel::export::{dot, mermaid};
use archmodel::generate;
use archmodel::scene::{Scene, Theme};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const NODES: usize = 5_000;
const SEED: u64 = 42;

fn svg_export(c: &mut Criterion) {
    let model = generate::synthetic(NODES, SEED);
    let mut group = c.benchmark_group("export_svg");
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::from_parameter(NODES), &model, |b, model| {
        b.iter(|| svg::render(black_box(model), &SvgOptions::default()));
    });
    // The painting alone, on a scene built once (the scene is shared with the canvas).
    let theme = Theme::light();
    let scene = Scene::build(&model, &theme);
    group.bench_function(BenchmarkId::new("paint", NODES), |b| {
        b.iter(|| svg::paint(&model, black_box(&scene), &theme, &SvgOptions::default()));
    });
    group.finish();
}

fn text_exports(c: &mut Criterion) {
    let model = generate::synthetic(NODES, SEED);
    let theme = Theme::light();
    let mut group = c.benchmark_group("export_text");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("mermaid", NODES), |b| {
        b.iter(|| mermaid::render(black_box(&model), &theme));
    });
    group.bench_function(BenchmarkId::new("dot", NODES), |b| {
        b.iter(|| dot::render(black_box(&model), &theme));
    });
    group.finish();
}

criterion_group!(benches, svg_export, text_exports);
criterion_main!(benches);
