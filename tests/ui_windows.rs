//! Windows open below the menu bar and the toolbar, never over them, fit the room below them
//! (scrolling what does not fit), and the shortcuts table lines up.

mod ui_support;

use archmodel::io::recovery::RecoveryStore;
use archmodel::ui::dialogs::PresetDialogs;
use archmodel::ui::review;
use eframe::egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable;
use ui_support::*;

fn menu_bottom(harness: &App) -> f32 {
    harness.get_by_label("Help").rect().bottom()
}

fn open_shortcuts(harness: &mut App) {
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard Shortcuts").click();
    harness.run();
}

/// View → Paradigm Checklist and View → Version Skew.
fn open_review_windows(harness: &mut App) {
    for item in ["Paradigm Checklist", "Version Skew"] {
        harness.get_by_label("View").click();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
    }
}

#[test]
fn windows_open_below_the_menu_bar_and_the_toolbar() {
    let (_serial, _dir, mut harness) = open_web_app();
    // The first window egui places itself goes to the top left corner, over the menu bar.
    open_review_windows(&mut harness);
    open_shortcuts(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::E);
    for title in [
        "Keyboard Shortcuts",
        "Export Model",
        "Paradigm checklist",
        "Version skew",
    ] {
        let top = harness.get_by_label(title).rect().top();
        assert!(
            top > toolbar_bottom(&harness),
            "{title} at {top}, over the toolbar ending at {}",
            toolbar_bottom(&harness)
        );
    }
}

/// The bottom of the toolbar's Undo button (the toolbar is below the menu bar).
fn toolbar_bottom(harness: &App) -> f32 {
    let undo = harness.get_by_label("Undo").rect().bottom();
    assert!(undo > menu_bottom(harness));
    undo
}

#[test]
fn the_shortcuts_fit_a_small_window_and_line_up() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = launch(
        vec2(900.0, 560.0),
        PresetDialogs::new(),
        Some(web_app(dir.path())),
        RecoveryStore::default_location(),
    );
    open_shortcuts(&mut harness);
    // The last row of the Canvas section can be scrolled to and is then inside the window.
    harness.get_by_label("Drop a .ron file").scroll_to_me();
    harness.run();
    let last = harness.get_by_label("Drop a .ron file").rect();
    assert!(last.bottom() <= 560.0, "cut off at {last:?}");
    assert!(last.top() > menu_bottom(&harness));
    // The key column starts at the same x in every section.
    let canvas_key = last.left();
    harness.get_by_label("Undo the last edit").scroll_to_me();
    harness.run();
    let undo = harness.get_by_label("Undo the last edit").rect();
    let undo_key_left = harness
        .get_all_by_label_contains("Ctrl+Z")
        .map(|n| n.rect().left())
        .fold(f32::INFINITY, f32::min);
    assert!(undo.left() > undo_key_left);
    assert!(
        (undo_key_left - canvas_key).abs() < 1.0,
        "keys at {undo_key_left} and {canvas_key}"
    );
}

#[test]
fn the_review_windows_are_as_large_as_their_content() {
    let (_serial, _dir, mut harness) = open_web_app();
    open_review_windows(&mut harness);
    let area = |id: &str| {
        harness
            .ctx
            .memory(|m| m.area_rect(eframe::egui::Id::unique(id)))
            .expect("window shown")
    };
    let (skew, checklist) = (area(review::SKEW_WINDOW), area(review::CHECKLIST_WINDOW));
    // The example's matrix is a few rows: no 560×420 box around it.
    assert!(
        skew.width() < 540.0 && skew.height() < 300.0,
        "version skew {skew:?}"
    );
    // The checklist keeps a readable width and stays inside the window.
    assert!(checklist.width() <= 500.0, "checklist {checklist:?}");
    assert!(checklist.bottom() <= 900.0 && skew.bottom() <= 900.0);
}
