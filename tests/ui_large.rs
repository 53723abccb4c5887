//! A model large enough that the app builds its scene, its review and its outline on threads,
//! driven through the real app with egui_kittest: an edit lands in the model at once, the views
//! catch up on their own, and what they then show is exactly what building them on the spot
//! gives.
#![cfg(feature = "gui")]

mod ui_support;

use archmodel::analysis;
use archmodel::generate;
use archmodel::io;
use archmodel::model::Model;
use archmodel::scene::{ElementRef, Scene, Theme, ThemeKind};
use archmodel::ui::background;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// The scene the app shows must be the one built from its model on the spot.
fn assert_views_current(harness: &App) {
    let state = harness.state();
    let model = state.document().expect("a document").model();
    let kind = if harness.ctx.theme() == eframe::egui::Theme::Dark {
        ThemeKind::Dark
    } else {
        ThemeKind::Light
    };
    let built = Scene::build(model, &Theme::of(kind));
    let shown = state.canvas().scene();
    assert_eq!(shown.items.len(), built.items.len());
    assert!(*shown == built, "the scene shown is not the model's");
    assert_eq!(state.findings(), analysis::check(model).as_slice());
}

fn model_of(harness: &App) -> &Model {
    harness.state().document().expect("a document").model()
}

#[test]
fn a_large_model_is_drawn_reviewed_and_listed_on_threads_and_catches_up_with_each_edit() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let model = generate::synthetic(600, 3);
    assert!(
        background::is_large(&model),
        "the model must take the threaded path"
    );
    let path = dir.path().join("big.ron");
    io::save(&model, &path).expect("saved");
    let mut harness = app(Some(path));
    assert_views_current(&harness);

    // The node to delete, found in the outline through its filter.
    let node = model
        .nodes()
        .find(|n| model.nodes().filter(|m| m.name == n.name).count() == 1)
        .expect("a node with a name of its own");
    let (id, name) = (node.id.clone(), node.name.clone());
    harness.get_by_label("Filter the outline by name").click();
    harness.run();
    harness
        .get_by_label("Filter the outline by name")
        .type_text(&name);
    settle(&mut harness);
    harness.get_by_label(&name);

    // Escape leaves the filter, so the Delete key goes to the selection.
    harness.key_press(Key::Escape);
    harness.run();
    harness
        .state_mut()
        .select_elements(vec![ElementRef::node(&id)]);
    harness.run();
    harness.key_press(Key::Delete);
    harness.step();
    // The edit is in the model at once; the views are being built on threads, not in the frame.
    assert!(model_of(&harness).node(&id).is_none());
    assert!(harness.state().canvas().is_drawing());
    assert!(harness.state().is_busy());
    settle(&mut harness);
    assert_views_current(&harness);
    assert!(
        harness.state().canvas().scene().node(&id).is_none(),
        "the deleted node is not drawn"
    );
    assert!(
        harness.query_by_label(&name).is_none(),
        "the outline no longer lists the deleted node"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    assert!(model_of(&harness).node(&id).is_some(), "undone at once");
    settle(&mut harness);
    assert_views_current(&harness);
    assert!(harness.state().canvas().scene().node(&id).is_some());
    harness.get_by_label(&name);
}

#[test]
fn edits_made_while_the_views_are_being_built_are_all_shown_in_the_end() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let model = generate::synthetic(600, 11);
    let path = dir.path().join("big.ron");
    io::save(&model, &path).expect("saved");
    let mut harness = app(Some(path));
    // Three deletions, one per frame, without waiting for the threads between them: each
    // view is one build behind at most and then catches up with the newest revision.
    let ids: Vec<String> = model.nodes().take(3).map(|n| n.id.clone()).collect();
    for id in &ids {
        harness
            .state_mut()
            .select_elements(vec![ElementRef::node(id)]);
        harness.key_press(Key::Delete);
        harness.step();
    }
    settle(&mut harness);
    for id in &ids {
        assert!(model_of(&harness).node(id).is_none());
        assert!(harness.state().canvas().scene().node(id).is_none());
    }
    assert_views_current(&harness);
}
