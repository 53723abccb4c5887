//! Canvas speed: the CPU cost of one frame of the diagram canvas (egui layout and tessellation,
//! headless) at 500 and 5,000 nodes. Targets: ≤ 2 ms at 500 nodes, ≤ 8 ms at 5,000 nodes /
//! 10,000 links / 200 zones.
//!
//! Cases: the whole model fitted in a 1600×1000 window (at 5,000 nodes that is the overview
//! level), 5,000 nodes at 100 % (the detail level: most of the model culled), and a drag frame at
//! 5,000 nodes, where one node moves by a patch before each frame as it does under the pointer.
//! Beside the canvas: the inspector with every element of the 5,000-node model selected.
//!
//! `interaction`: whole user interactions in the whole app (menu, outline, review, inspector,
//! canvas) at 5,000 nodes, from the pointer or key events through the edit, the scene update and
//! the review to tessellated meshes, with no renderer: a click that selects a node, one frame
//! of dragging a node (at the overview zoom and at 100 %), a band selection, deleting a node and
//! undoing that. Target: ≤ 16 ms each.

use std::hint::black_box;

#[path = "support/cpu.rs"]
mod cpu;

use archmodel::commands::{MergeKey, edits};
use archmodel::generate;
use archmodel::model::Point;
use archmodel::scene::{ElementKind, ElementRef, Hit, Scene, Theme};
use archmodel::ui::ArchApp;
use archmodel::ui::canvas::Canvas;
use archmodel::ui::dialogs::PresetDialogs;
use archmodel::ui::document::Document;
use archmodel::ui::inspector::Inspector;
use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;

const SEED: u64 = 42;
const SCREEN: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// The egui state of one window: the app's fonts and text sizes, and the canvas in it.
struct Window {
    ctx: egui::Context,
    canvas: Canvas,
    doc: Document,
    selection: Option<ElementRef>,
    also: Vec<ElementRef>,
}

impl Window {
    fn new(nodes: usize) -> Self {
        Window::with_model(generate::synthetic(nodes, SEED))
    }

    fn with_model(model: archmodel::model::Model) -> Self {
        let ctx = egui::Context::default();
        archmodel::ui::app::style(&ctx);
        let mut window = Window {
            ctx,
            canvas: Canvas::default(),
            doc: Document::from_model(model),
            selection: None,
            also: Vec::new(),
        };
        // The first frames load fonts, build the scene (on a thread for a large model) and fit
        // the view.
        window.frame();
        window.canvas.finish_drawing();
        for _ in 0..3 {
            window.frame();
        }
        window
    }

    /// One frame: the canvas filling the window, then its shapes tessellated into meshes;
    /// returns how many shapes it painted and the vertices they made.
    fn frame(&mut self) -> (usize, usize) {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            ..Default::default()
        };
        let Window {
            ctx,
            canvas,
            doc,
            selection,
            also,
        } = self;
        let mut output = ctx.run_ui(raw, |ui| {
            egui::CentralPanel::no_frame().show(ui, |ui| {
                canvas.ui(ui, doc, selection, also, true);
            });
        });
        // No renderer here: the font atlas uploads are dropped on purpose.
        output.textures_delta.clear();
        let shapes = output.shapes.len();
        let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
        let vertices = meshes
            .iter()
            .map(|m| match &m.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        (shapes, vertices)
    }

    /// Zooms the canvas to 100 % around its centre.
    fn zoom_to_actual_size(&mut self) {
        let zoom = self.canvas.view().zoom;
        self.canvas.zoom_by(1.0 / zoom);
        self.frame();
    }

    /// The node drawn nearest the centre of the view, with its stored position.
    fn central_node(&self) -> (String, Point) {
        let center = self.canvas.view().center;
        let model = self.doc.model();
        self.canvas
            .scene()
            .items
            .iter()
            .filter(|item| item.element.kind == ElementKind::Node)
            .filter_map(|item| {
                let Hit::Area(area) = item.hit else {
                    return None;
                };
                let at = *model.layout.positions.get(&item.element.id)?;
                Some((area.center().distance(center), &item.element.id, at))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id, at)| (id.clone(), at))
            .expect("the synthetic model has placed nodes")
    }
}

fn static_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("canvas_frame");
    group.sample_size(30);
    let mut small = Window::new(500);
    eprintln!(
        "500 fitted at zoom {:.3}: (shapes, vertices) {:?}",
        small.canvas.view().zoom,
        small.frame()
    );
    group.bench_function("500_fitted", |b| b.iter(|| black_box(small.frame())));
    drop(small);
    let mut big = Window::new(5_000);
    let model = big.doc.model();
    eprintln!(
        "synthetic(5000): {} nodes, {} links, {} zones; fitted zoom {:.3}",
        model.node_count(),
        model.link_count(),
        model.zones.len(),
        big.canvas.view().zoom
    );
    eprintln!("5000 fitted: (shapes, vertices) {:?}", big.frame());
    group.bench_function("5000_fitted", |b| b.iter(|| black_box(big.frame())));
    big.zoom_to_actual_size();
    eprintln!("5000 at 100 %: (shapes, vertices) {:?}", big.frame());
    group.bench_function("5000_zoom_100", |b| b.iter(|| black_box(big.frame())));
    group.finish();
}

/// A random graph of 5,000 nodes and 10,000 links across 250 zones nested two deep, laid out by
/// the app's layout: long links crossing many zones, the hardest shape to route round.
fn random_5000() -> archmodel::model::Model {
    use archmodel::layout::{self, synthetic};
    let mut model = synthetic::model(synthetic::Shape::Random, 5_000, 10_000, 250, SEED);
    model.layout.positions = layout::lay_out(&model, &layout::Options::default());
    model
}

fn drag_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("canvas_frame");
    group.sample_size(30);
    for (name, model) in [
        ("5000_drag", generate::synthetic(5_000, SEED)),
        ("5000_drag_random", random_5000()),
    ] {
        drag_one(&mut group, name, Window::with_model(model));
    }
    group.finish();
}

/// One frame of dragging the node nearest the middle at 100 %: a move, the scene updated (in
/// place, or built on a thread when it cannot be), painted and tessellated.
fn drag_one(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    mut window: Window,
) {
    window.zoom_to_actual_size();
    let (id, start) = window.central_node();
    let mut step = 0u32;
    let (mut frames, mut on_thread) = (0u32, 0u32);
    group.bench_function(name, |b| {
        b.iter(|| {
            // Back and forth along a short path, as a hand drags it, merged into one undo step.
            step = (step + 1) % 40;
            let d = step.abs_diff(20) as f32 * 4.0;
            let moves = [(id.clone(), Point(start.0 + d, start.1 + d / 2.0))];
            let patch = edits::move_nodes(window.doc.model(), &moves);
            window
                .doc
                .apply(patch, Some(MergeKey("bench drag".into())))
                .expect("a move applies");
            let painted = black_box(window.frame());
            frames += 1;
            on_thread += u32::from(window.canvas.is_drawing());
            painted
        });
    });
    eprintln!("{name}: {on_thread} of {frames} frames left the scene to a thread to build");
}

/// The scene alone at 5,000 nodes: a full build (what every edit but a move costs) and the
/// update in place after one node moved (what a drag frame costs before painting).
fn scene(c: &mut Criterion) {
    let mut group = c.benchmark_group("scene");
    group.sample_size(10);
    let mut model = generate::synthetic(5_000, SEED);
    let theme = Theme::light();
    group.bench_function("build_5000", |b| {
        b.iter(|| Scene::build(black_box(&model), &theme))
    });
    let mut scene = Scene::build(&model, &theme);
    let id = model
        .nodes()
        .nth(2_500)
        .map(|n| n.id.clone())
        .expect("5,000 nodes");
    let start = model.layout.positions[&id];
    let mut step = 0u32;
    group.bench_function("move_one_node_5000", |b| {
        b.iter(|| {
            step = (step + 1) % 40;
            let d = step.abs_diff(20) as f32 * 4.0;
            model
                .layout
                .positions
                .insert(id.clone(), Point(start.0 + d, start.1 + d / 2.0));
            scene.update_nodes(&model, &theme, &[id.as_str()])
        })
    });
    group.finish();
}

/// The inspector with every element of a 5,000-node model selected (Select All): the frame it
/// costs while the selection stays put.
fn inspector_select_all(c: &mut Criterion) {
    let ctx = egui::Context::default();
    archmodel::ui::app::style(&ctx);
    let doc = Document::from_model(generate::synthetic(5_000, SEED));
    let model = doc.model();
    let mut all: Vec<ElementRef> = model.nodes().map(|n| ElementRef::node(&n.id)).collect();
    all.extend(model.links().map(|l| ElementRef::link(&l.id)));
    all.extend(model.zones.iter().map(|z| ElementRef::zone(&z.id)));
    let mut inspector = Inspector::default();
    let mut frame = || {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            ..Default::default()
        };
        let mut output = ctx.run_ui(raw, |ui| {
            egui::Panel::right("inspector").show(ui, |ui| {
                black_box(inspector.ui(ui, &doc, &all));
            });
        });
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point).len()
    };
    for _ in 0..3 {
        frame();
    }
    let mut group = c.benchmark_group("inspector");
    group.sample_size(20);
    group.bench_function("select_all_5000", |b| b.iter(&mut frame));
    group.finish();
}

/// The whole app in a window, as eframe runs it but without a renderer (and without the
/// accessibility tree, which a real window builds only when a screen reader asks for it).
struct AppWindow {
    ctx: egui::Context,
    app: ArchApp,
    frame: eframe::Frame,
    pointer: egui::Pos2,
    /// Input time in seconds.
    time: f64,
    /// Where the model file lives while the app has it open.
    _dir: tempfile::TempDir,
}

impl AppWindow {
    fn open(model: &archmodel::model::Model) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.ron");
        archmodel::io::save(model, &path).expect("saved");
        let ctx = egui::Context::default();
        let cc = eframe::CreationContext::_new_kittest(ctx.clone());
        let app = ArchApp::with_recovery(&cc, Box::new(PresetDialogs::new()), Some(path), None);
        let mut window = AppWindow {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
            pointer: egui::Pos2::ZERO,
            time: 0.0,
            _dir: dir,
        };
        while window.app.is_busy() {
            window.frame(Vec::new());
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Fonts, the scene, the review, the outline rows and the fitted view.
        for _ in 0..5 {
            window.frame(Vec::new());
        }
        window
    }

    /// One frame with these input events; returns the vertices painted.
    fn frame(&mut self, events: Vec<egui::Event>) -> usize {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            events,
            // Half a second per frame: no two clicks make a double click, and timers run.
            time: Some(self.time),
            ..Default::default()
        };
        let AppWindow {
            ctx, app, frame, ..
        } = self;
        let mut output = ctx.run_ui(raw, |ui| eframe::App::ui(app, ui, frame));
        output.textures_delta.clear();
        let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
        meshes
            .iter()
            .map(|m| match &m.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum()
    }

    fn move_to(&mut self, to: egui::Pos2) -> usize {
        self.pointer = to;
        self.frame(vec![egui::Event::PointerMoved(to)])
    }

    fn button(&mut self, pressed: bool, modifiers: egui::Modifiers) -> usize {
        self.frame(vec![egui::Event::PointerButton {
            pos: self.pointer,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        }])
    }

    fn key(&mut self, key: egui::Key, modifiers: egui::Modifiers) -> usize {
        let press = |pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        };
        self.frame(vec![press(true)]);
        self.frame(vec![press(false)])
    }

    /// The screen points of the `count` nodes drawn nearest the middle of the canvas.
    fn central_nodes(&self, count: usize) -> Vec<(String, egui::Pos2)> {
        let canvas = self.app.canvas();
        let center = canvas.view().center;
        let mut nodes: Vec<(f32, String, egui::Pos2)> = canvas
            .scene()
            .items
            .iter()
            .filter(|item| item.element.kind == ElementKind::Node)
            .filter_map(|item| {
                let Hit::Area(area) = item.hit else {
                    return None;
                };
                let screen = canvas.to_screen(area.center())?;
                Some((
                    area.center().distance(center),
                    item.element.id.clone(),
                    screen,
                ))
            })
            .collect();
        nodes.sort_by(|a, b| a.0.total_cmp(&b.0));
        nodes.into_iter().take(count).map(|n| (n.1, n.2)).collect()
    }

    /// Waits for the scene, the review and the outline being built on threads, then runs the
    /// frame that shows them (as in the app, no frame runs while they are built: each thread
    /// asks for one when done). Repeats while an edit during the build left a newer one to do.
    fn settle(&mut self) {
        while self.app.is_busy() {
            self.app.finish_views();
            self.frame(Vec::new());
        }
    }

    fn selected(&self) -> Option<String> {
        self.app.selection().map(|s| s.id.clone())
    }
}

fn interaction(c: &mut Criterion) {
    let mut group = c.benchmark_group("interaction_5000");
    group.sample_size(10);
    let none = egui::Modifiers::NONE;
    let mut w = AppWindow::open(&generate::synthetic(5_000, SEED));
    // Zoom in to where people click single nodes (the fitted overview shows dots).
    for _ in 0..4 {
        w.key(egui::Key::Plus, none);
    }
    let targets = w.central_nodes(2);
    eprintln!(
        "interaction: zoom {:.2}, idle frame {} vertices",
        w.app.canvas().view().zoom,
        w.frame(Vec::new())
    );
    let mut which = 0;
    group.bench_function("click_select", |b| {
        b.iter(|| {
            which = 1 - which;
            let (id, at) = &targets[which];
            w.move_to(*at);
            w.button(true, none);
            w.button(false, none);
            black_box(w.frame(Vec::new()));
            debug_assert_eq!(w.selected().as_deref(), Some(id.as_str()));
        })
    });
    assert_eq!(w.selected().as_deref(), Some(targets[which].0.as_str()));

    let (_, start) = targets[0].clone();
    bench_drag(&mut group, "drag_frame", &mut w, start);

    // A band from an empty spot: press, sweep, release.
    let empty = w
        .app
        .canvas()
        .to_screen(w.app.canvas().scene().bounds.min)
        .expect("shown")
        - egui::vec2(20.0, 20.0);
    let empty = empty.max(egui::pos2(520.0, 200.0));
    group.bench_function("band_select", |b| {
        b.iter(|| {
            w.move_to(empty);
            w.button(true, none);
            w.move_to(empty + egui::vec2(150.0, 120.0));
            w.move_to(empty + egui::vec2(300.0, 240.0));
            w.button(false, none);
            black_box(w.frame(Vec::new()))
        })
    });

    // Deleting the selected node (and its links), and undoing that. `delete` and `undo_delete`
    // time the frames of the key press and the one after it: what the window spends before it
    // takes the next input. The `_shown` cases time from the key press until the scene, the
    // review and the outline (built on threads for a model this large) show the change.
    let (id, at) = targets[1].clone();
    let command = egui::Modifiers::COMMAND;
    let select = |w: &mut AppWindow| {
        // The drag before may have moved a node into another zone: wait for that scene.
        w.settle();
        w.move_to(at);
        w.button(true, none);
        w.button(false, none);
        w.frame(Vec::new());
        assert_eq!(w.selected().as_deref(), Some(id.as_str()));
    };
    // The CPU the window's thread spent in the timed frames (the wall time above also holds
    // waits for a core while the threads build), summed with the count of interactions.
    let mut window_cpu = std::collections::BTreeMap::<&str, (f64, u32)>::new();
    let mut delete_then_undo = |w: &mut AppWindow, name: &'static str, timed: Edit, shown: bool| {
        let mut spent = std::time::Duration::ZERO;
        for edit in [Edit::Delete, Edit::Undo] {
            let t = std::time::Instant::now();
            let cpu = cpu::thread_ms();
            match edit {
                Edit::Delete => w.key(egui::Key::Delete, none),
                Edit::Undo => w.key(egui::Key::Z, command),
            };
            w.frame(Vec::new());
            if shown {
                w.settle();
            }
            if edit == timed {
                spent += t.elapsed();
                if !shown {
                    let entry = window_cpu.entry(name).or_default();
                    *entry = (entry.0 + cpu::thread_ms() - cpu, entry.1 + 1);
                }
            }
            w.settle();
        }
        spent
    };
    for (name, timed, shown) in [
        ("delete", Edit::Delete, false),
        ("undo_delete", Edit::Undo, false),
        ("delete_shown", Edit::Delete, true),
        ("undo_delete_shown", Edit::Undo, true),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        select(&mut w);
                        delete_then_undo(&mut w, name, timed, shown)
                    })
                    .sum()
            })
        });
    }
    for (name, (cpu, count)) in &window_cpu {
        eprintln!(
            "interaction: {name}: the window's thread spent {:.1} ms of CPU on average",
            cpu / f64::from((*count).max(1))
        );
    }
    // The same at 100 %, where a frame of dragging moves the node a few units as people drag
    // (the drag above, at the overview zoom, moves it hundreds of units a frame, out of its
    // zone). Last, as zooming moves the view the other cases click in.
    for _ in 0..80 {
        if w.app.canvas().view().zoom >= 1.0 {
            break;
        }
        w.key(egui::Key::Plus, none);
    }
    let (_, near) = w.central_nodes(1)[0].clone();
    eprintln!(
        "interaction: drag_frame_100 at zoom {:.2}",
        w.app.canvas().view().zoom
    );
    bench_drag(&mut group, "drag_frame_100", &mut w, near);
    group.finish();
}

#[derive(Clone, Copy, PartialEq)]
enum Edit {
    Delete,
    Undo,
}

/// Presses on the node at `start` and moves past the drag threshold; then each iteration is one
/// frame of dragging it back and forth. Releases it at the end.
fn bench_drag(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    w: &mut AppWindow,
    start: egui::Pos2,
) {
    let none = egui::Modifiers::NONE;
    w.move_to(start);
    w.button(true, none);
    w.move_to(start + egui::vec2(12.0, 6.0));
    let mut step = 0u32;
    group.bench_function(name, |b| {
        b.iter(|| {
            step = (step + 1) % 40;
            let d = step.abs_diff(20) as f32 * 3.0;
            black_box(w.move_to(start + egui::vec2(12.0 + d, 6.0 + d / 2.0)))
        })
    });
    w.button(false, none);
    w.frame(Vec::new());
}

criterion_group!(
    benches,
    static_frames,
    drag_frame,
    scene,
    inspector_select_all,
    interaction
);
criterion_main!(benches);
