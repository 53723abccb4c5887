//! File → Compare With…: the open model against a file picked in the (fake) dialog or a git
//! revision typed as REV; the canvas overlay and the change list to step through.

mod diff_support;
mod ui_support;

use std::path::Path;
use std::process::Command;

use archmodel::io::recovery::RecoveryStore;
use archmodel::scene::ElementRef;
use archmodel::ui::dialogs::PresetDialogs;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use ui_support::{App, WIDE_WINDOW, app, launch, serial, settle};

fn open_compare(harness: &mut App) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Compare With…").click();
    harness.run();
}

fn entries(harness: &App) -> Vec<String> {
    harness
        .state()
        .comparison()
        .entries()
        .iter()
        .map(|e| e.text.clone())
        .collect()
}

#[test]
fn comparing_with_a_file_overlays_the_changes_and_steps_through_them() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let old = diff_support::save(&diff_support::shop(), dir.path(), "old.ron");
    let new = diff_support::save(&diff_support::shop_changed(), dir.path(), "new.ron");
    let dialogs = PresetDialogs::new().then_open(&old);
    let mut harness = launch(
        WIDE_WINDOW,
        dialogs,
        Some(new),
        RecoveryStore::default_location(),
    );
    assert!(!harness.state().canvas().compare_layer().is_active());
    open_compare(&mut harness);
    harness.get_by_label("Choose File…").click();
    settle(&mut harness);
    harness.run();

    assert_eq!(
        harness.state().comparison().against(),
        Some(old.display().to_string().as_str())
    );
    harness.get_by_label_contains("Comparing with");
    let list = entries(&harness);
    assert!(
        list.iter().any(|e| e == "Added node “Search service”"),
        "{list:?}"
    );
    assert!(
        list.iter().any(|e| e == "Removed node “E-mail delivery”"),
        "{list:?}"
    );
    assert!(
        list.iter().any(|e| e.starts_with("New critical finding")),
        "{list:?}"
    );

    // The canvas draws the ghost of the removed node and outlines the added one.
    let layer = &harness.state().canvas().compare_layer();
    assert!(layer.is_active());
    assert!(
        layer.find(&ElementRef::node("email")).is_some(),
        "ghost of the removed node"
    );
    assert!(
        layer.find(&ElementRef::node("search")).is_some(),
        "outline of the added node"
    );

    // Stepping selects each change in turn.
    harness.get_by_label("Next ▶").click();
    harness.run();
    let first = harness.state().selection().cloned();
    assert!(first.is_some());
    harness.get_by_label("Next ▶").click();
    harness.run();
    assert_ne!(harness.state().selection().cloned(), first);
    harness.get_by_label("◀ Previous").click();
    harness.run();
    assert_eq!(harness.state().selection().cloned(), first);

    ui_support::click_in_view(&mut harness, "Added node “Search service”");
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("search"))
    );

    harness.get_by_label("Stop Comparing").click();
    harness.run();
    assert!(!harness.state().canvas().compare_layer().is_active());
    assert!(harness.state().comparison().against().is_none());
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_git_revision_typed_as_rev_is_read_with_git_show() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.email", "ci@example.org"]);
    git(dir.path(), &["config", "user.name", "CI"]);
    let file = diff_support::save(&diff_support::shop(), dir.path(), "shop.ron");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "shop"]);
    diff_support::save(&diff_support::shop_changed(), dir.path(), "shop.ron");
    let mut harness = app(Some(file));
    open_compare(&mut harness);

    harness
        .get_by_role_and_label(Role::TextInput, "REV")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "REV")
        .type_text("no-such-rev");
    harness.run();
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "REV")
            .value()
            .as_deref(),
        Some("no-such-rev")
    );
    harness.get_by_label("Compare").click();
    settle(&mut harness);
    let error = harness.state().comparison().error().map(str::to_owned);
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.starts_with("git show no-such-rev:shop.ron")),
        "{error:?}"
    );
    harness.get_by_label_contains("git show no-such-rev:shop.ron");
    assert!(harness.state().comparison().against().is_none());

    harness
        .get_by_role_and_label(Role::TextInput, "REV")
        .click();
    ui_support::press(
        &mut harness,
        eframe::egui::Modifiers::COMMAND,
        eframe::egui::Key::A,
    );
    harness
        .get_by_role_and_label(Role::TextInput, "REV")
        .type_text("HEAD");
    harness.run();
    harness.get_by_label("Compare").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().comparison().against(),
        Some("HEAD:shop.ron")
    );
    assert!(
        entries(&harness)
            .iter()
            .any(|e| e == "Added node “Search service”")
    );
}

#[test]
fn the_command_line_can_open_a_comparison() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let old = diff_support::save(&diff_support::shop(), dir.path(), "old.ron");
    let new = diff_support::save(&diff_support::shop_changed(), dir.path(), "new.ron");
    let mut harness = egui_kittest::Harness::builder()
        .with_size(WIDE_WINDOW)
        .with_max_steps(40)
        .build_eframe(move |cc| {
            let mut app = archmodel::ui::ArchApp::with_recovery(
                cc,
                Box::new(PresetDialogs::new()),
                Some(new),
                None,
            );
            app.compare_with(old.display().to_string());
            app
        });
    settle(&mut harness);
    settle(&mut harness);
    assert!(harness.state().comparison().against().is_some());
    assert!(harness.state().canvas().compare_layer().is_active());
}

/// The shop after a merge in which both sides renamed the order service: `shop.ron` in `dir`
/// with one conflict recorded, and that conflict.
fn conflicted_shop(dir: &Path) -> (std::path::PathBuf, Vec<archmodel::diff::merge::Conflict>) {
    let base = diff_support::shop();
    let rename = |name: &str| {
        diff_support::edited(&base, |d| {
            if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders") {
                n.name = name.into();
            }
        })
    };
    let merged = archmodel::diff::merge::merge(&base, &rename("Order API"), &rename("Orders"))
        .expect("merges");
    let text = archmodel::diff::conflicts::write(
        &archmodel::io::to_string(&merged.model).expect("text"),
        &merged.conflicts,
    );
    let file = dir.join("shop.ron");
    std::fs::write(&file, text).expect("write");
    (file, merged.conflicts)
}

#[test]
fn merge_conflicts_in_the_file_are_listed_and_resolved_in_the_app() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, _) = conflicted_shop(dir.path());
    let mut harness = app(Some(file.clone()));
    assert_eq!(harness.state().merge_conflicts().len(), 1);
    harness.get_by_label("Merge Conflicts");
    let name = |h: &App| {
        h.state()
            .document()
            .and_then(|d| d.model().node("orders").map(|n| n.name.clone()))
    };
    assert_eq!(
        name(&harness).as_deref(),
        Some("Order API"),
        "ours is shown"
    );

    harness.get_by_label("Take Theirs 1").click();
    settle(&mut harness);
    assert_eq!(name(&harness).as_deref(), Some("Orders"));
    assert!(harness.state().merge_conflicts().is_empty());
    assert!(harness.query_by_label("Merge Conflicts").is_none());
    let on_disk = std::fs::read_to_string(&file).expect("read");
    assert!(!archmodel::diff::conflicts::has_conflicts(&on_disk));
}

#[test]
fn saving_an_edit_keeps_the_open_merge_conflicts_in_the_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, conflicts) = conflicted_shop(dir.path());
    let mut harness = app(Some(file.clone()));
    let nodes = |h: &App| h.state().document().map_or(0, |d| d.model().node_count());
    let before = nodes(&harness);
    // Delete a node far from the Merge Conflicts window, which sits over the palette.
    ui_support::click_element(
        &mut harness,
        &ElementRef::node("email"),
        eframe::egui::Modifiers::NONE,
    );
    harness.key_press(eframe::egui::Key::Delete);
    harness.run();
    assert_eq!(nodes(&harness), before - 1);
    assert!(harness.state().document().is_some_and(|d| d.is_dirty()));
    ui_support::press(
        &mut harness,
        eframe::egui::Modifiers::COMMAND,
        eframe::egui::Key::S,
    );
    // The conflict block is written again, so there is no question about dropping comments.
    assert!(
        harness
            .query_by_label("Saving removes the comments")
            .is_none()
    );
    assert!(harness.state().document().is_some_and(|d| !d.is_dirty()));
    let on_disk = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        archmodel::diff::conflicts::read(&on_disk).expect("readable block"),
        conflicts
    );
    assert_eq!(
        archmodel::io::parse(&on_disk).expect("loads").node_count(),
        before - 1
    );
    // The conflict can still be resolved after the save, and the edit stays.
    harness.get_by_label("Take Theirs 1").click();
    settle(&mut harness);
    assert!(harness.state().merge_conflicts().is_empty());
    assert_eq!(nodes(&harness), before - 1);
}
