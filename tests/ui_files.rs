//! The app and the file on disk: a change made outside (another editor, `git pull`) raises a
//! bar offering Reload, Compare or Keep Mine, our own saves do not, a save never silently
//! overwrites an outside change, and a save that would drop comments asks first.

mod ui_support;

use std::path::Path;
use std::time::Duration;

use archmodel::io;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

const CHANGED: &str = "web-app.ron changed on disk.";

/// Runs frames until `label` is on screen (the watcher reports from its own thread).
fn wait_for(harness: &mut App, label: &str) {
    for _ in 0..250 {
        harness.step();
        if harness.query_by_label_contains(label).is_some() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("“{label}” never appeared");
}

/// Runs frames for a while, giving the watcher time to report anything it would.
fn idle(harness: &mut App) {
    for _ in 0..25 {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
}

/// Writes the model file as another program would, with the order service renamed.
fn change_outside(path: &Path, name: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    let old = io::load(path).expect("loads");
    let old = &old.node("orders").expect("orders").name;
    let changed = text.replacen(&format!("name: \"{old}\""), &format!("name: \"{name}\""), 1);
    assert_ne!(changed, text);
    std::fs::write(path, changed).expect("write");
}

/// Adds a server from the palette: an unsaved edit.
fn edit(harness: &mut App) {
    harness.get_by_label("Add Server").click();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().document().is_some_and(|d| d.is_dirty()));
}

fn node_count(path: &Path) -> usize {
    io::load(path).expect("loads").node_count()
}

#[test]
fn an_outside_change_raises_the_bar_and_reload_reads_the_file_again() {
    let (_serial, dir, mut harness) = open_web_app();
    let path = dir.path().join("web-app.ron");
    idle(&mut harness);
    assert!(harness.query_by_label(CHANGED).is_none());
    change_outside(&path, "Orders (from git)");
    wait_for(&mut harness, CHANGED);
    harness.get_by_label("Reload").click();
    settle(&mut harness);
    let orders = model(&harness).node("orders").expect("orders").name.clone();
    assert_eq!(orders, "Orders (from git)");
    assert!(harness.query_by_label(CHANGED).is_none());
}

#[test]
fn reload_asks_before_dropping_unsaved_edits_and_keep_mine_overwrites_knowingly() {
    let (_serial, dir, mut harness) = open_web_app();
    let path = dir.path().join("web-app.ron");
    let before = node_count(&path);
    edit(&mut harness);
    change_outside(&path, "Theirs");
    wait_for(&mut harness, CHANGED);
    harness.get_by_label("Reload").click();
    harness.run();
    harness.get_by_label_contains("lose the unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(model(&harness).node_count(), before + 1, "nothing reloaded");
    harness.get_by_label("Keep Mine").click();
    harness.run();
    assert!(harness.query_by_label(CHANGED).is_none());
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(
        node_count(&path),
        before + 1,
        "the save wrote this window's model"
    );
    idle(&mut harness);
    assert!(
        harness.query_by_label(CHANGED).is_none(),
        "our own save raises no bar"
    );
}

#[test]
fn a_save_right_after_an_outside_change_waits_for_an_answer() {
    let (_serial, dir, mut harness) = open_web_app();
    let path = dir.path().join("web-app.ron");
    edit(&mut harness);
    change_outside(&path, "Theirs");
    // Saved before any frame could see a watcher event: the save looks at the file itself.
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let on_disk = io::load(&path).expect("loads");
    assert_eq!(
        on_disk.node("orders").map(|n| n.name.as_str()),
        Some("Theirs")
    );
    harness.get_by_label(CHANGED);
    harness.get_by_label("Not saved: choose first.");
    assert!(harness.state().document().is_some_and(|d| d.is_dirty()));
    harness.get_by_label("Keep Mine").click();
    harness.run();
    assert!(harness.state().document().is_some_and(|d| !d.is_dirty()));
    assert_ne!(
        io::load(&path)
            .expect("loads")
            .node("orders")
            .map(|n| n.name.clone()),
        Some("Theirs".into()),
        "the held save went ahead"
    );
}

#[test]
fn a_save_that_would_drop_comments_asks_first() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    let commented = text.replacen("(\n", "( // reviewed with the platform team\n", 1);
    std::fs::write(&path, &commented).expect("write");
    let mut harness = app(Some(path.clone()));
    edit(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label("Saving removes the comments");
    harness.get_by_label_contains("the first on line 1");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), commented);
    assert!(harness.state().document().is_some_and(|d| d.is_dirty()));

    press(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label("Save Without Comments").click();
    harness.run();
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(io::comments::first_comment(&saved), None);
    assert!(harness.state().document().is_some_and(|d| !d.is_dirty()));
    // Asked once: the next save goes straight through.
    edit(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(
        harness
            .query_by_label("Saving removes the comments")
            .is_none()
    );
    assert!(harness.state().document().is_some_and(|d| !d.is_dirty()));
}

#[test]
fn an_unreadable_recovery_file_is_shown_with_its_reason_and_can_be_kept_or_deleted() {
    let _serial = serial();
    let bad = recovery_dir().join("4242-0.ron");
    std::fs::write(&bad, "// archmodel-recovery {\"pid\": tru").expect("write");
    let mut harness = app(None);
    harness.get_by_label("A recovery file cannot be read");
    harness.get_by_label_contains("its header is damaged");
    harness.get_by_label("Keep File").click();
    harness.run();
    assert!(bad.exists(), "kept for the user to look at");
    drop(harness);

    let mut harness = app(None);
    harness.get_by_label("A recovery file cannot be read");
    harness.get_by_label("Delete File").click();
    harness.run();
    assert!(!bad.exists());
    assert!(
        harness
            .query_by_label("A recovery file cannot be read")
            .is_none()
    );
}

#[test]
fn compare_in_the_bar_shows_the_outside_change_and_the_bar_stays() {
    let (_serial, dir, mut harness) = open_web_app();
    let path = dir.path().join("web-app.ron");
    change_outside(&path, "Orders (from git)");
    wait_for(&mut harness, CHANGED);
    harness.get_by_label("Compare").click();
    settle(&mut harness);
    harness.run();
    let against = harness.state().comparison().against().map(str::to_owned);
    assert_eq!(against, Some(path.display().to_string()));
    let entries: Vec<String> = harness
        .state()
        .comparison()
        .entries()
        .iter()
        .map(|e| e.text.clone())
        .collect();
    assert!(
        entries
            .iter()
            .any(|e| e == "Changed node “Order service” (name)"),
        "the rename made outside is listed: {entries:?}"
    );
    assert_ne!(
        model(&harness).node("orders").map(|n| n.name.as_str()),
        Some("Orders (from git)"),
        "comparing changes nothing in the window"
    );
    harness.get_by_label(CHANGED);
    harness.get_by_label("Keep Mine");
}
