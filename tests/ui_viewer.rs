//! The viewer, driven through the real app with egui_kittest: widgets are found by their
//! accessible names, the way a screen reader finds them.
#![cfg(feature = "gui")]

mod ui_support;

use std::path::{Path, PathBuf};

use archmodel::examples::{self, EXAMPLES};
use archmodel::io;
use archmodel::model::{Link, Model, Node, NodeKind, ServerRole, TrustZone, ZoneKind};
use archmodel::scene::ElementRef;
use archmodel::ui::dialogs::PresetDialogs;
use archmodel::ui::document::Document;
use eframe::egui::{Event, Key, Modifiers, Pos2, vec2};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// The app with `file` open and `dialogs` answering its file dialogs.
fn viewer_app(dialogs: PresetDialogs, file: Option<PathBuf>) -> App {
    // No recovery folder: these tests never autosave nor see another session's files.
    launch(vec2(1280.0, 800.0), dialogs, file, None)
}

/// A small model with a zone, three nodes and two links, saved to `dir/shop.ron`.
fn write_shop(dir: &Path) -> PathBuf {
    let mut model = Model::new("Shop");
    model.zones.push(TrustZone::new(
        "core",
        "Core services",
        ZoneKind::Internal,
        2,
    ));
    let mut api = Node::new(
        "api",
        "Order service",
        NodeKind::Server {
            role: ServerRole::Api,
        },
    );
    api.zone = Some("core".into());
    api.description = "Prices and validates orders".into();
    for node in [
        Node::new("spa", "Browser SPA", NodeKind::all_defaults()[0].clone()),
        api,
        Node::new("pay", "Payment provider", NodeKind::External),
    ] {
        model.add_node(node).expect("node");
    }
    for (id, from, to) in [("spa-api", "spa", "api"), ("api-pay", "api", "pay")] {
        model.add_link(Link::new(id, from, to)).expect("link");
    }
    let path = dir.join("shop.ron");
    io::save(&model, &path).expect("save fixture");
    path
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn start_screen_offers_new_open_and_the_examples() {
    let harness = viewer_app(PresetDialogs::new(), None);
    harness.get_by_label("New");
    harness.get_by_label("Open…");
    for example in EXAMPLES {
        harness.get_by_label(example.title);
    }
    assert_eq!(harness.state().title(), "archmodel");
    assert!(harness.state().document().is_none());
}

#[test]
fn new_gives_an_empty_model_with_nothing_to_lose_until_edited() {
    let mut harness = viewer_app(PresetDialogs::new(), None);
    harness.get_by_label("New").click();
    harness.run();
    create_blank(&mut harness);
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().node_count(), 0);
    assert!(
        !doc.is_dirty(),
        "an untouched new model has nothing to save"
    );
    assert_eq!(harness.state().title(), "untitled.ron — archmodel");
    // Nothing to lose: New again goes ahead without asking.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    create_blank(&mut harness);
    assert!(harness.query_by_label("Unsaved changes").is_none());
    new_with_a_node(&mut harness);
    assert!(harness.state().document().is_some_and(Document::is_dirty));
    assert_eq!(harness.state().title(), "● untitled.ron — archmodel");
}

/// Accepts the New Model window as it opens: a blank model called "Untitled".
fn create_blank(harness: &mut App) {
    assert!(harness.query_by_label("New Model").is_some());
    harness.key_press(Key::Enter);
    harness.run();
}

/// Starts a new model and adds a server to it, so it has unsaved changes.
fn new_with_a_node(harness: &mut App) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    create_blank(harness);
    harness.get_by_label("Add Server").click();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().document().map(|d| d.model().node_count()),
        Some(1)
    );
}

#[test]
fn opening_a_file_lists_its_nodes_by_name() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new().then_open(&path), None);
    harness.get_by_label("Open…").click();
    settle(&mut harness);
    for name in [
        "Browser SPA",
        "Order service",
        "Payment provider",
        "Core services",
    ] {
        harness.get_by_label(name);
    }
    harness.get_by_label("Browser SPA → Order service");
    assert_eq!(harness.state().title(), "shop.ron — archmodel");
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl eframe::egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_model_file_on_the_window_opens_it() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new(), None);
    let not_a_model = dir.path().join("notes.txt");
    std::fs::write(&not_a_model, "hello").expect("write");
    for dropped in [not_a_model, path] {
        let file: eframe::egui::DroppedFileHandle = std::sync::Arc::new(Dropped(dropped));
        harness.input_mut().dropped_files.push(file);
    }
    harness.step();
    settle(&mut harness);
    assert_eq!(harness.state().title(), "shop.ron — archmodel");
    harness.get_by_label("Order service");
}

#[test]
fn the_bundled_web_app_example_shows_every_node() {
    let example = examples::example("web-app").expect("web-app example");
    let model = example.model().expect("example parses");
    let dir = tempdir();
    let path = web_app(dir.path());
    let harness = viewer_app(PresetDialogs::new(), Some(path));
    for node in model.nodes() {
        assert!(
            harness.query_by_label(&node.name).is_some(),
            "{} is not in the accessibility tree",
            node.name
        );
    }
    let scene = harness.state().canvas().scene();
    assert_eq!(
        scene.items.len(),
        model.node_count() + model.link_count() + model.zones.len()
    );
}

#[test]
fn examples_open_from_the_start_screen_as_untitled_models() {
    let example = &EXAMPLES[0];
    let mut harness = viewer_app(PresetDialogs::new(), None);
    harness.get_by_label(example.title).click();
    harness.run();
    let doc = harness.state().document().expect("a document");
    assert!(doc.path().is_none());
    assert!(!doc.is_dirty());
    assert_eq!(
        harness.state().title(),
        format!("{}.ron — archmodel", example.name)
    );
}

#[test]
fn a_broken_file_shows_its_error_and_the_app_stays_usable() {
    let dir = tempdir();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n    format: 1,\n    name: \"Broken\",\n    nodes: [(id: \"a\", name: \"A\", kind: Nope)],\n)\n")
        .expect("write");
    let mut harness = viewer_app(PresetDialogs::new().then_open(&path), None);
    harness.get_by_label("Open…").click();
    settle(&mut harness);
    let report = harness.state().error().expect("an error report").clone();
    assert_eq!(report.title, "Cannot open broken.ron");
    let first = report.lines.first().expect("at least one line");
    assert!(first.starts_with("4:"), "{first}");
    harness.get_by_label(first.as_str());
    assert!(harness.state().document().is_none());
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().error().is_none());
    harness.get_by_label("New");
}

#[test]
fn a_newer_format_is_refused_with_a_clear_message() {
    let dir = tempdir();
    let path = dir.path().join("future.ron");
    std::fs::write(&path, "(format: 99, name: \"From the future\")\n").expect("write");
    let harness = viewer_app(PresetDialogs::new(), Some(path.clone()));
    harness.get_by_label_contains("newer than format");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "(format: 99, name: \"From the future\")\n",
        "the file is left untouched"
    );
}

#[test]
fn a_failed_open_keeps_the_previous_model() {
    let dir = tempdir();
    let good = write_shop(dir.path());
    let missing = dir.path().join("missing.ron");
    let mut harness = viewer_app(PresetDialogs::new().then_open(&missing), Some(good));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut harness);
    assert!(harness.state().error().is_some());
    let doc = harness.state().document().expect("still open");
    assert_eq!(doc.model().name, "Shop");
}

#[test]
fn selecting_a_node_in_the_outline_selects_it() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new(), Some(path));
    harness.get_by_label("Order service").click();
    harness.run();
    assert_eq!(harness.state().selection(), Some(&ElementRef::node("api")));
    harness.get_by_label("“Order service”");
}

#[test]
fn save_on_an_untitled_model_asks_where_and_clears_the_mark() {
    let dir = tempdir();
    let target = dir.path().join("fresh");
    let dialogs = PresetDialogs::new().then_save(&target);
    let mut harness = viewer_app(dialogs.clone(), None);
    harness.get_by_label("New").click();
    harness.run();
    create_blank(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(dialogs.suggested_names(), ["untitled.ron"]);
    let saved = dir.path().join("fresh.ron");
    assert!(saved.exists(), "saved with the .ron extension added");
    assert_eq!(harness.state().title(), "fresh.ron — archmodel");
    let reloaded = io::load(&saved).expect("the saved file loads");
    assert_eq!(reloaded.node_count(), 0);
}

#[test]
fn saving_from_the_guard_then_goes_on_to_open() {
    let dir = tempdir();
    let shop = write_shop(dir.path());
    let target = dir.path().join("draft.ron");
    let dialogs = PresetDialogs::new().then_save(&target).then_open(&shop);
    let mut harness = viewer_app(dialogs, None);
    new_with_a_node(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(target.exists(), "the new model was saved first");
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().name, "Shop", "then the chosen file was opened");
}

#[test]
fn a_failed_save_is_reported_and_keeps_the_changes() {
    let dir = tempdir();
    let target = dir.path().join("no-such-folder").join("x.ron");
    let mut harness = viewer_app(PresetDialogs::new().then_save(&target), None);
    new_with_a_node(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    settle(&mut harness);
    let report = harness.state().error().expect("an error report");
    assert_eq!(report.title, "Cannot save the model");
    harness.get_by_label("Cannot save the model");
    assert!(harness.state().document().is_some_and(|d| d.is_dirty()));
    assert!(harness.state().title().starts_with("● "));
}

#[test]
fn unsaved_changes_are_guarded() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new().then_open(&path), None);
    new_with_a_node(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Unsaved changes");
    assert_eq!(
        harness.state().document().map(|d| d.model().name.clone()),
        Some("Untitled".into())
    );
    harness.get_by_label("Discard Changes").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().document().map(|d| d.model().name.clone()),
        Some("Shop".into())
    );
}

#[test]
fn clicking_on_the_canvas_selects_and_clicking_the_background_clears() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new(), Some(path));
    let api = ElementRef::node("api");
    let at = screen_pos_of(&harness, &api);
    click(&mut harness, at, Modifiers::NONE);
    assert_eq!(harness.state().selection(), Some(&api));
    // Just above and left of the diagram: background (the right edge now holds the inspector).
    let canvas = harness.state().canvas();
    let corner = canvas
        .to_screen(canvas.scene().bounds.min)
        .expect("canvas shown");
    click(&mut harness, corner - vec2(12.0, 12.0), Modifiers::NONE);
    assert_eq!(harness.state().selection(), None);
}

#[test]
fn zooming_keeps_the_point_under_the_pointer_and_f_fits_again() {
    let dir = tempdir();
    let path = write_shop(dir.path());
    let mut harness = viewer_app(PresetDialogs::new(), Some(path));
    let fitted = harness.state().canvas().view();
    let pointer = screen_pos_of(&harness, &ElementRef::node("pay"));
    harness.event(Event::PointerMoved(pointer));
    harness.event(Event::Zoom(2.0));
    harness.run();
    let zoomed = harness.state().canvas().view();
    assert!((zoomed.zoom / fitted.zoom - 2.0).abs() < 1e-3, "{zoomed:?}");
    let again = screen_pos_of(&harness, &ElementRef::node("pay"));
    assert!(
        again.distance(pointer) < 0.5,
        "{again:?} moved from {pointer:?}"
    );
    harness.key_press(Key::F);
    harness.run();
    assert_eq!(harness.state().canvas().view(), fitted);
}

#[test]
fn a_fitted_view_fits_again_when_the_window_grows() {
    let mut harness = viewer_app(PresetDialogs::new(), None);
    harness.get_by_label(EXAMPLES[0].title).click();
    harness.run();
    let before = harness.state().canvas().view();
    harness.set_size(vec2(1600.0, 1000.0));
    harness.run();
    let after = harness.state().canvas().view();
    assert!(after.zoom > before.zoom, "{before:?} -> {after:?}");
}

#[test]
fn a_dangling_reference_names_its_line_and_column() {
    let dir = tempdir();
    let path = dir.path().join("dangling.ron");
    let text = "(\n    format: 1,\n    name: \"Dangling\",\n    nodes: [\n        (id: \"a\", name: \"A\", kind: External),\n    ],\n    links: [\n        (id: \"a-b\", from: \"a\", to: \"ghost\", protocol: Https, tls: Tls13, authn: Token),\n    ],\n)\n";
    std::fs::write(&path, text).expect("write");
    let harness = viewer_app(PresetDialogs::new(), Some(path));
    let report = harness.state().error().expect("an error report");
    let line = report.lines.first().expect("a line");
    assert!(line.starts_with("8:") && line.contains("ghost"), "{line}");
    harness.get_by_label(line.as_str());
}

/// Frame cost on a 5,000-node model. Run in release: `cargo test --release --test ui_viewer
/// large_models -- --ignored --nocapture`.
#[test]
#[ignore = "a timing check; meaningful only in a release build"]
fn large_models_paint_within_the_frame_budget() {
    let model = archmodel::generate::synthetic(5000, 7);
    let dir = tempdir();
    let path = dir.path().join("big.ron");
    io::save(&model, &path).expect("save");
    let started = std::time::Instant::now();
    let scene = archmodel::scene::Scene::build(&model, &archmodel::scene::Theme::light());
    eprintln!(
        "scene: {} items in {:?} ({} nodes, {} links)",
        scene.items.len(),
        started.elapsed(),
        model.node_count(),
        model.link_count()
    );
    let mut harness = viewer_app(PresetDialogs::new(), Some(path));
    let frame = |label: &str, harness: &mut App| {
        // Move the pointer a little so the frame is not skipped as unchanged.
        harness.event(Event::PointerMoved(Pos2::new(700.0, 400.0)));
        let t = std::time::Instant::now();
        harness.step();
        let ui = t.elapsed();
        let out = harness.output();
        let t = std::time::Instant::now();
        let meshes = harness
            .ctx
            .tessellate(out.shapes.clone(), out.pixels_per_point);
        eprintln!(
            "{label} (zoom {:.3}): ui {ui:?} + tessellate {:?} ({} meshes)",
            harness.state().canvas().view().zoom,
            t.elapsed(),
            meshes.len()
        );
        ui + t.elapsed()
    };
    let whole = (0..5).map(|_| frame("whole model", &mut harness)).min();
    harness.event(Event::Zoom(12.0));
    harness.run();
    let close = (0..5).map(|_| frame("zoomed in", &mut harness)).min();
    if !cfg!(debug_assertions) {
        for t in [whole, close].into_iter().flatten() {
            assert!(t.as_millis() < 16, "{t:?}");
        }
    }
}
