//! File → Import… in the app: the model opens as a new unsaved document and a window lists what
//! the importer could not map; a file it cannot read leaves the app as it was with an error.

mod ui_support;

use std::path::{Path, PathBuf};

use archmodel::ui::dialogs::PresetDialogs;
use eframe::egui::vec2;
use egui_kittest::kittest::Queryable;
use ui_support::{App, launch, settle};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn app(dialogs: PresetDialogs) -> App {
    launch(vec2(1280.0, 800.0), dialogs, None, None)
}

fn import_via_menu(harness: &mut App) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import…").click();
    settle(harness);
}

#[test]
fn importing_opens_an_unsaved_model_and_lists_what_was_not_mapped() {
    let dialogs = PresetDialogs::new().then_import(fixture("threat-dragon-v2.json"));
    let mut harness = app(dialogs);
    import_via_menu(&mut harness);
    let doc = harness.state().document().expect("a document is open");
    assert!(doc.model().node("payment-api").is_some());
    assert!(doc.is_dirty(), "an imported model is not saved yet");
    assert_eq!(
        harness.state().title(),
        "● threat-dragon-v2.ron — archmodel"
    );
    harness.get_by_label("Imported from OWASP Threat Dragon v2 JSON");
    harness.get_by_label_contains("text block: notes are not model elements");
    harness.get_by_label("Close").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Imported from OWASP Threat Dragon v2 JSON")
            .is_none()
    );
}

#[test]
fn a_file_that_does_not_import_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a model").expect("write");
    let mut harness = app(PresetDialogs::new().then_import(&notes));
    import_via_menu(&mut harness);
    assert!(harness.state().document().is_none());
    harness.get_by_label("Cannot open notes.txt");
    harness.get_by_label_contains("cannot tell the format");
}
