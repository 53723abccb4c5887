//! File dialogs never fail silently: on a desktop where no dialog can be shown, every file
//! question (Open, Save, Export folder, Import, Compare With) goes to the in-app path field,
//! which completes names with Tab, says what is wrong with a path, and asks before a save
//! replaces a file. File → Type File Paths sends every question there on purpose.

mod ui_support;

use std::path::Path;

use archmodel::io::recovery::RecoveryStore;
use archmodel::ui::dialogs::{NO_DIALOG, PresetDialogs};
use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// The app with `file` open and dialogs that can never be shown.
fn without_dialogs(file: Option<&Path>) -> App {
    let dialogs = PresetDialogs::new().unavailable();
    launch(
        WIDE_WINDOW,
        dialogs,
        file.map(Path::to_owned),
        RecoveryStore::default_location(),
    )
}

/// Replaces the text of the path field with `text`.
fn type_path(harness: &mut App, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .click();
    harness.run();
    press(harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .type_text(text);
    harness.run();
}

fn field_text(harness: &App) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .value()
        .unwrap_or_default()
}

#[test]
fn open_without_a_dialog_shows_the_path_field_which_completes_and_checks() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut harness = without_dialogs(None);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(harness.query_by_label("Open Model").is_some());
    assert!(harness.query_by_label(NO_DIALOG).is_some(), "says why");

    type_path(&mut harness, &format!("{}/we", dir.path().display()));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(field_text(&harness), path.display().to_string());

    type_path(&mut harness, &format!("{}/gone.ron", dir.path().display()));
    harness.get_by_label("OK").click();
    harness.run();
    let missing = format!("No such file: {}/gone.ron", dir.path().display());
    assert!(harness.query_by_label(&missing).is_some());
    assert!(harness.state().document().is_none());

    type_path(&mut harness, &format!("{}/", dir.path().display()));
    harness.get_by_label("OK").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("is a folder, not a file")
            .is_some()
    );

    type_path(&mut harness, &path.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    settle(&mut harness);
    let doc = harness.state().document().expect("opened");
    assert_eq!(doc.path(), Some(path.as_path()));
    assert!(harness.query_by_label("Open Model").is_none());
}

#[test]
fn save_in_the_path_field_asks_before_replacing_a_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = dir.path().join("taken.ron");
    std::fs::write(&taken, "not a model").expect("write");
    let mut harness = without_dialogs(None);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("Add Server").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(harness.query_by_label("Save Model").is_some());
    assert!(field_text(&harness).ends_with(".ron"), "a name is proposed");

    type_path(
        &mut harness,
        &format!("{}/nowhere/x.ron", dir.path().display()),
    );
    harness.get_by_label("OK").click();
    harness.run();
    let no_folder = format!("No such folder: {}/nowhere", dir.path().display());
    assert!(harness.query_by_label(&no_folder).is_some());

    // Without an extension the file is `taken.ron`, which exists.
    type_path(&mut harness, &format!("{}/taken", dir.path().display()));
    harness.get_by_label("OK").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("already exists. Replace it?")
            .is_some()
    );
    assert_eq!(
        std::fs::read_to_string(&taken).expect("read"),
        "not a model"
    );
    harness.get_by_label("Replace").click();
    settle(&mut harness);
    assert!(harness.state().document().is_some_and(|d| !d.is_dirty()));
    assert!(archmodel::io::load(&taken).is_ok(), "the model was written");
}

#[test]
fn cancel_answers_like_a_cancelled_dialog() {
    let _serial = serial();
    let mut harness = without_dialogs(None);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Open Model").is_none());
    assert!(harness.state().document().is_none());
    assert!(!harness.state().is_busy());
}

#[test]
fn the_export_folder_defaults_to_the_models_folder_and_is_chosen_in_the_field() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let mut harness = without_dialogs(Some(&path));
    press(&mut harness, Modifiers::COMMAND, Key::E);
    let folder = dir.path().display().to_string();
    assert!(
        harness.query_by_label(&folder).is_some(),
        "next to the model"
    );

    harness.get_by_label("Choose Folder…").click();
    harness.run();
    assert!(harness.query_by_label("Choose Folder").is_some());
    assert_eq!(field_text(&harness), format!("{folder}/"), "starts there");
    type_path(&mut harness, &format!("{folder}/web-app.ron"));
    harness.get_by_label("OK").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("is a file, not a folder")
            .is_some()
    );
    type_path(&mut harness, &format!("{folder}/o"));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(field_text(&harness), format!("{folder}/out/"));
    harness.get_by_label("OK").click();
    settle(&mut harness);
    assert!(harness.query_by_label(&out.display().to_string()).is_some());
}

#[test]
fn import_and_compare_with_use_the_field_too() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut harness = without_dialogs(Some(&path));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import…").click();
    harness.run();
    assert!(harness.query_by_label("Import Model").is_some());
    harness.get_by_label("Cancel").click();
    settle(&mut harness);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Compare With…").click();
    harness.run();
    harness.get_by_label("Choose File…").click();
    harness.run();
    assert!(harness.query_by_label("Open Model").is_some());
    assert!(harness.query_by_label(NO_DIALOG).is_some());
}

#[test]
fn type_file_paths_sends_every_question_to_the_field() {
    let _serial = serial();
    let dialogs = PresetDialogs::new();
    let mut harness = launch(
        WIDE_WINDOW,
        dialogs,
        None,
        RecoveryStore::default_location(),
    );
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(
        harness.query_by_label("Open Model").is_none(),
        "a dialog answered"
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Type File Paths").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(harness.query_by_label("Open Model").is_some());
    assert!(
        harness.query_by_label(NO_DIALOG).is_none(),
        "the user's choice, not a failure"
    );
}

#[test]
fn save_from_the_unsaved_changes_question_goes_through_the_field_then_opens() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let other = web_app(dir.path());
    let mut harness = without_dialogs(None);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("Add Server").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    harness.get_by_label("Save").click();
    harness.run();
    assert!(harness.query_by_label("Save Model").is_some());
    let saved = dir.path().join("first.ron");
    type_path(&mut harness, &saved.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(saved.exists(), "saved before going on");
    assert!(
        harness.query_by_label("Open Model").is_some(),
        "then Open asks"
    );
    type_path(&mut harness, &other.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    settle(&mut harness);
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.path(), Some(other.as_path()));
}
