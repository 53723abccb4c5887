//! The canvas editor, driven through the real app with egui_kittest: the inspector, undo and redo,
//! delete, select all, dragging nodes, and restoring unsaved work after a crash.
#![cfg(feature = "gui")]

mod ui_support;

use archmodel::io::{self, recovery::RecoveryStore};
use archmodel::model::{Point, Tls};
use archmodel::scene::ElementRef;
use eframe::egui::accesskit::Role;
use eframe::egui::{Event, Key, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// The name of node `id`, if the open model has it.
fn node_name(harness: &App, id: &str) -> Option<String> {
    let doc = harness.state().document()?;
    doc.model().node(id).map(|n| n.name.clone())
}

/// Selects the order service in the outline.
fn select_orders(harness: &mut App) {
    let name = node_name(harness, "orders").expect("the example has an order service");
    harness.get_by_label(&name).click();
    harness.run();
}

/// Selects the order service in the outline and types a new name into the inspector.
fn rename_orders(harness: &mut App, name: &str) {
    select_orders(harness);
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("orders"))
    );
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .click();
    harness.run();
    press(harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text(name);
    harness.run();
}

#[test]
fn typing_a_name_in_the_inspector_is_one_undo_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let original = node_name(&harness, "orders");
    rename_orders(&mut harness, "Checkout");
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text(" service");
    harness.run();
    assert_eq!(
        node_name(&harness, "orders").as_deref(),
        Some("Checkout service")
    );
    let doc = harness.state().document().expect("a document");
    assert_eq!(
        doc.history().undo_depth(),
        1,
        "the typing merged into one step"
    );
    assert_eq!(doc.history().undo_label(), Some("Edit name"));
    assert!(harness.state().title().starts_with("● "));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(node_name(&harness, "orders"), original);
    press(
        &mut harness,
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::Z,
    );
    assert_eq!(
        node_name(&harness, "orders").as_deref(),
        Some("Checkout service")
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(
        node_name(&harness, "orders").as_deref(),
        Some("Checkout service")
    );
}

#[test]
fn the_edit_menu_names_what_undo_and_redo_do() {
    let (_serial, _dir, mut harness) = open_web_app();
    harness.get_by_label("Edit").click();
    harness.run();
    // The menu items and the toolbar's buttons alike.
    for name in ["Undo", "Redo"] {
        let found: Vec<_> = harness.query_all_by_label_contains(name).collect();
        assert_eq!(found.len(), 2, "{name} in the menu and on the toolbar");
        assert!(found.iter().all(|n| n.accesskit_node().is_disabled()));
    }
    press(&mut harness, Modifiers::NONE, Key::Escape);
    select_orders(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo “Delete”").click();
    harness.run();
    assert!(node_name(&harness, "orders").is_some());
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Redo “Delete”");
}

#[test]
fn delete_takes_a_node_with_its_links_and_undo_brings_the_model_back() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_text(&harness);
    select_orders(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    let doc = harness.state().document().expect("a document");
    let model = doc.model();
    assert!(model.node("orders").is_none());
    assert!(
        model
            .links()
            .all(|l| l.from != "orders" && l.to != "orders"),
        "the node's links went with it"
    );
    assert!(model.link("gateway-orders").is_none());
    assert_eq!(harness.state().selection(), None);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), start);
    assert!(!harness.state().document().expect("doc").is_dirty());
}

#[test]
fn select_all_then_backspace_empties_the_model_and_undo_restores_it() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_text(&harness);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label_contains("elements selected");
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().node_count(), 0);
    assert_eq!(doc.model().link_count(), 0);
    assert!(doc.model().zones.is_empty());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), start);
}

#[test]
fn a_links_tls_is_edited_in_the_inspector() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (label, start) = {
        let model = harness.state().document().expect("a document").model();
        let link = model
            .link("gateway-orders")
            .expect("the example's gateway link");
        let name = |id: &str| model.node(id).map(|n| n.name.clone()).unwrap_or_default();
        (
            format!("{} → {}", name(&link.from), name(&link.to)),
            link.tls,
        )
    };
    let (target, option) = if start == Tls::Tls12 {
        (Tls::Tls13, "TLS 1.3")
    } else {
        (Tls::Tls12, "TLS 1.2")
    };
    harness.get_by_label(&label).click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::link("gateway-orders"))
    );
    harness.get_by_role_and_label(Role::ComboBox, "TLS").click();
    harness.run();
    harness.get_by_label(option).click();
    harness.run();
    let doc = harness.state().document().expect("a document");
    let link = doc.model().link("gateway-orders").expect("link");
    assert_eq!(link.tls, target);
    assert_eq!(doc.history().undo_label(), Some("Edit tls"));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().link("gateway-orders").expect("link").tls, start);
}

#[test]
fn dragging_a_node_moves_it_snapped_as_one_undo_step_and_arrows_nudge() {
    let (_serial, _dir, mut harness) = open_web_app();
    let orders = ElementRef::node("orders");
    let before = harness
        .state()
        .document()
        .and_then(|d| d.model().layout.positions.get("orders").copied())
        .expect("a stored position");
    let view = harness.state().canvas().view();
    let from = screen_pos_of(&harness, &orders);
    pointer(&mut harness, from, Some(true), Modifiers::NONE);
    pointer(&mut harness, from, Some(false), Modifiers::NONE);
    assert_eq!(harness.state().selection(), Some(&orders));
    assert_eq!(
        harness.state().canvas().view(),
        view,
        "selecting does not move the view"
    );
    assert_eq!(
        harness.state().document().map(|d| d.history().undo_depth()),
        Some(0)
    );
    pointer(&mut harness, from, Some(true), Modifiers::NONE);
    for step in 1..=6 {
        pointer(
            &mut harness,
            from + vec2(10.0, 7.0) * step as f32,
            None,
            Modifiers::NONE,
        );
    }
    let to = from + vec2(60.0, 42.0);
    pointer(&mut harness, to, Some(false), Modifiers::NONE);
    assert_eq!(
        harness.state().canvas().view(),
        view,
        "dragging a node does not pan"
    );
    assert_eq!(harness.state().selection(), Some(&orders));
    let doc = harness.state().document().expect("a document");
    let after = doc.model().layout.positions["orders"];
    assert_ne!(after, before);
    assert_eq!(after.0 % 20.0, 0.0, "snapped to the grid: {after:?}");
    assert_eq!(after.1 % 20.0, 0.0, "snapped to the grid: {after:?}");
    assert_eq!(doc.history().undo_depth(), 1, "one drag, one step");

    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    let doc = harness.state().document().expect("a document");
    let nudged = doc.model().layout.positions["orders"];
    assert_eq!(nudged, Point(after.0 + 40.0, after.1));
    assert_eq!(doc.history().undo_depth(), 3, "each key press is a step");

    for _ in 0..3 {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
    }
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().layout.positions["orders"], before);
}

#[test]
fn dragging_the_background_with_the_middle_button_pans() {
    let (_serial, _dir, mut harness) = open_web_app();
    let view = harness.state().canvas().view();
    // Just right of the outline, below the palette: the canvas background.
    let from = Pos2::new(300.0, 90.0);
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Middle,
        pressed,
        modifiers: Modifiers::NONE,
    };
    harness.event(Event::PointerMoved(from));
    harness.event(button(from, true));
    harness.step();
    for step in 1..=4 {
        harness.event(Event::PointerMoved(from + vec2(0.0, 10.0) * step as f32));
        harness.step();
    }
    harness.event(button(from + vec2(0.0, 40.0), false));
    harness.run();
    assert_ne!(harness.state().canvas().view(), view);
    assert!(!harness.state().document().expect("doc").is_dirty());
}

#[test]
fn unsaved_work_is_offered_back_after_a_crash() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut harness = app(Some(path.clone()));
    rename_orders(&mut harness, "Checkout service");
    let edited = model_text(&harness);
    harness.state_mut().write_recovery_now();
    let slot = harness
        .state()
        .recovery_file()
        .expect("a recovery file")
        .to_owned();
    // The session "crashes": no clean exit, and its process is gone.
    drop(harness);
    let store = RecoveryStore::new(recovery_dir());
    let text = std::fs::read_to_string(&slot).expect("a recovery file was written");
    let dead = text.replacen(
        &format!("\"pid\":{}", std::process::id()),
        "\"pid\":4294967",
        1,
    );
    assert_ne!(dead, text, "the header names this process");
    std::fs::write(&slot, dead).expect("rewrite");

    let mut harness = app(None);
    harness.get_by_label_contains("Restore unsaved work from");
    harness.get_by_label_contains("(web-app.ron)?");
    harness.get_by_label("Restore").click();
    harness.run();
    let doc = harness.state().document().expect("the recovered model");
    assert_eq!(io::to_string(doc.model()).expect("serialises"), edited);
    assert!(doc.is_dirty(), "recovered work is not saved yet");
    assert_eq!(doc.path(), Some(path.as_path()));
    assert!(store.orphans().is_empty(), "the offer is not repeated");
}

#[test]
fn discarding_the_offer_deletes_the_recovery_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let store = RecoveryStore::new(recovery_dir());
    let model = io::load(&path).expect("loads");
    let claimed = store.claim().expect("a slot");
    let slot = claimed.path().to_owned();
    store.write(&slot, Some(&path), &model).expect("write");
    drop(claimed);
    let text = std::fs::read_to_string(&slot).expect("read");
    let dead = text.replacen(
        &format!("\"pid\":{}", std::process::id()),
        "\"pid\":4294967",
        1,
    );
    std::fs::write(&slot, dead).expect("rewrite");
    let mut harness = app(None);
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(harness.state().document().is_none());
    assert!(!slot.exists());
}

#[test]
fn saving_removes_the_recovery_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut harness = app(Some(path.clone()));
    rename_orders(&mut harness, "Checkout service");
    harness.state_mut().write_recovery_now();
    let slot = harness
        .state()
        .recovery_file()
        .expect("a recovery file")
        .to_owned();
    assert!(slot.exists());
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!slot.exists(), "a saved model needs no recovery file");
    assert_eq!(
        io::load(&path)
            .expect("saved")
            .node("orders")
            .map(|n| n.name.clone()),
        Some("Checkout service".into())
    );
}

#[test]
fn help_lists_the_keyboard_shortcuts() {
    let _serial = serial();
    let mut harness = app(None);
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard Shortcuts").click();
    harness.run();
    for what in [
        "Undo the last edit",
        "Redo what was undone",
        "Select all",
        "Delete the selection",
        "Export",
        "Pan",
        "Present: the canvas fills the window",
        "Show or hide the findings",
    ] {
        assert!(
            !harness
                .query_all_by_label(what)
                .collect::<Vec<_>>()
                .is_empty(),
            "{what} is listed"
        );
    }
}

#[test]
fn a_zone_is_edited_in_the_inspector() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (data, dmz) = {
        let model = harness.state().document().expect("a document").model();
        let name = |id: &str| model.zone(id).map(|z| z.name.clone()).expect("zone");
        (name("data"), name("dmz"))
    };
    harness.get_by_label(&data).click();
    harness.run();
    assert_eq!(harness.state().selection(), Some(&ElementRef::zone("data")));
    harness
        .get_by_role_and_label(Role::ComboBox, "Parent")
        .click();
    harness.run();
    // The outline lists the zone too; the open drop-down comes last.
    harness.get_all_by_label(&dmz).last().expect("DMZ").click();
    harness.run();
    let doc = harness.state().document().expect("a document");
    let zone = doc.model().zone("data").expect("zone");
    assert_eq!(zone.parent.as_deref(), Some("dmz"));
    assert_eq!(doc.history().undo_label(), Some("Edit parent"));
}

#[test]
fn responsibilities_are_an_editable_list() {
    let (_serial, _dir, mut harness) = open_web_app();
    select_orders(&mut harness);
    let count = |h: &App| {
        h.state()
            .document()
            .and_then(|d| d.model().node("orders"))
            .map(|n| n.responsibilities.len())
    };
    let before = count(&harness).expect("orders");
    harness.get_by_label("Add logic").click();
    harness.run();
    assert_eq!(count(&harness), Some(before + 1));
    harness
        .get_all_by_label("Remove")
        .next()
        .expect("a row")
        .click();
    harness.run();
    assert_eq!(count(&harness), Some(before));
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.history().undo_depth(), 2);
}

#[test]
fn select_all_then_dragging_one_node_moves_them_all() {
    let (_serial, _dir, mut harness) = open_web_app();
    let positions = |h: &App| {
        h.state()
            .document()
            .map(|d| d.model().layout.positions.clone())
            .expect("a document")
    };
    let before = positions(&harness);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    let from = screen_pos_of(&harness, &ElementRef::node("orders"));
    pointer(&mut harness, from, Some(true), Modifiers::NONE);
    for step in 1..=5 {
        pointer(
            &mut harness,
            from + vec2(0.0, 20.0) * step as f32,
            None,
            Modifiers::NONE,
        );
    }
    pointer(
        &mut harness,
        from + vec2(0.0, 100.0),
        Some(false),
        Modifiers::NONE,
    );
    let after = positions(&harness);
    assert!(before.len() > 3);
    for (id, p) in &before {
        assert!(after[id].1 > p.1, "{id} moved down with the rest");
        assert_eq!(after[id].0, p.0, "{id} stayed in its column");
    }
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.history().undo_depth(), 1);
    assert_eq!(
        doc.history().undo_label(),
        Some(format!("Move {} nodes", before.len()).as_str())
    );
}
