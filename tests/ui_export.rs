//! File → Export… driven through the real app with egui_kittest: the dialog's widgets are found
//! by their accessible names, the export runs on its thread, and the files land in the folder.
#![cfg(feature = "gui")]

mod ui_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use archmodel::io::recovery::RecoveryStore;
use archmodel::ui::dialogs::PresetDialogs;
use eframe::egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// The app with `file` open and `dialogs` answering its file dialogs.
fn export_app(dialogs: PresetDialogs, file: PathBuf) -> App {
    let mut harness = launch(
        vec2(1280.0, 800.0),
        dialogs,
        Some(file),
        RecoveryStore::default_location(),
    );
    run_until(&mut harness, "the model to open", |h| {
        h.state().document().is_some()
    });
    harness
}

/// Runs frames until `done` holds (the export thread works in the background meanwhile).
fn run_until(harness: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// Ticks or unticks a format checkbox so it ends up `on`.
fn choose(harness: &mut App, label: &str, on: bool) {
    let node = harness.get_by_label(label);
    let checked = matches!(
        node.accesskit_node().toggled(),
        Some(eframe::egui::accesskit::Toggled::True)
    );
    if checked != on {
        node.click();
        harness.run();
    }
}

fn exported(harness: &App) -> bool {
    harness.query_by_label_contains("Exported ").is_some()
        || harness.query_by_label("Export failed").is_some()
}

#[test]
fn exports_svg_and_mermaid_into_the_chosen_folder() {
    let _one_at_a_time = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let model = web_app(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out folder");
    let mut harness = export_app(PresetDialogs::new().then_folder(&out), model);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Export…").click();
    harness.run();
    harness.get_by_label("Export Model");

    choose(&mut harness, "SVG", true);
    choose(&mut harness, "Mermaid", true);
    for other in ["PNG", "DOT", "PlantUML", "ADR folder", "Runbook"] {
        choose(&mut harness, other, false);
    }
    harness.get_by_label("Choose Folder…").click();
    harness.run();
    harness.get_by_label_contains(&out.display().to_string());
    harness.get_by_label("Files: web-app.svg, web-app.mmd");

    harness.get_by_label("Export").click();
    run_until(&mut harness, "the export", exported);
    harness.get_by_label(&format!("Exported 2 outputs to {}", out.display()));

    let svg = std::fs::read_to_string(out.join("web-app.svg")).expect("the SVG was written");
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..svg.len().min(80)]
    );
    let mmd = std::fs::read_to_string(out.join("web-app.mmd")).expect("the Mermaid was written");
    assert!(
        mmd.starts_with("flowchart"),
        "{}",
        &mmd[..mmd.len().min(80)]
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("read out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["web-app.mmd", "web-app.svg"],
        "nothing else, no temp files"
    );
}

#[test]
fn ctrl_e_opens_the_dialog_and_a_clash_is_reported_without_writing() {
    let _one_at_a_time = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let model = web_app(dir.path());
    // Someone's own file where the ADR index would go: the export must refuse and write nothing.
    let adr = dir.path().join("web-app-adr");
    std::fs::create_dir(&adr).expect("adr folder");
    std::fs::write(adr.join("index.md"), "my notes").expect("write");
    let mut harness = export_app(PresetDialogs::new().then_folder(dir.path()), model);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Export Model");
    choose(&mut harness, "SVG", true);
    choose(&mut harness, "ADR folder", true);
    harness.get_by_label("Choose Folder…").click();
    harness.run();
    harness.get_by_label("Export").click();
    run_until(&mut harness, "the export", exported);

    harness.get_by_label("Export failed");
    harness.get_by_label("Nothing was written.");
    assert!(!dir.path().join("web-app.svg").exists());
    assert_eq!(
        std::fs::read_to_string(adr.join("index.md")).expect("read"),
        "my notes"
    );
}
