//! File → New asks for the model's name and what to start from (blank, or a template), at any
//! time; new elements get ids that read like their names.

mod ui_support;

use archmodel::examples;
use archmodel::scene::ElementRef;
use eframe::egui::accesskit::Role;
use eframe::egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// Opens File → New from the menu (the start screen has a New button too, so only with a
/// model open).
fn open_new_from_the_menu(harness: &mut App) {
    harness.get_by_label("File").click();
    harness.run();
    // The item's label carries its shortcut ("New Ctrl+N").
    harness.get_by_label_contains("New").click();
    harness.run();
}

/// Opens File → New (Ctrl+N) unless open, names the model and picks what to start from.
fn new_model(harness: &mut App, name: &str, start_from: &str) {
    if harness.query_by_label("New Model").is_none() {
        press(harness, Modifiers::COMMAND, Key::N);
    }
    assert!(harness.query_by_label("New Model").is_some());
    press(harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text(name);
    harness.run();
    harness.get_by_label(start_from).click();
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
}

#[test]
fn new_from_a_template_while_a_model_is_open_takes_the_name_and_is_not_unsaved() {
    let (_serial, _dir, mut harness) = open_web_app();
    let example = examples::example("mobile-backend").expect("example");
    open_new_from_the_menu(&mut harness);
    new_model(&mut harness, "Order platform", example.title);
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().name, "Order platform");
    assert_eq!(
        doc.model().node_count(),
        example.model().expect("parses").node_count()
    );
    assert!(!doc.is_dirty(), "nothing to save until edited");
    assert!(doc.path().is_none());
    assert_eq!(harness.state().title(), "order-platform.ron — archmodel");
}

#[test]
fn new_blank_and_cancel() {
    let _serial = serial();
    let mut harness = app(None);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness.state().document().is_none(),
        "cancel creates nothing"
    );
    new_model(&mut harness, "Edge cache", "Blank model");
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().name, "Edge cache");
    assert_eq!(doc.model().node_count(), 0);
    assert!(!doc.is_dirty());

    press(&mut harness, Modifiers::COMMAND, Key::N);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    assert!(harness.query_by_label("Give the model a name.").is_some());
    assert!(
        harness
            .get_by_label("Create")
            .accesskit_node()
            .is_disabled()
    );
}

/// Adds a server from the palette and types its name, as a user does.
fn add_named_server(harness: &mut App, name: &str) {
    harness.get_by_label("Add Server").click();
    harness.run();
    // The new node's name is selected, ready to be typed over.
    harness.event(Event::Text(name.to_owned()));
    harness.run();
    press(harness, Modifiers::NONE, Key::Enter);
}

#[test]
fn ids_of_new_elements_read_like_their_names() {
    let _serial = serial();
    let mut harness = app(None);
    new_model(&mut harness, "Shop", "Blank model");
    add_named_server(&mut harness, "Order service");
    assert!(model(&harness).node("order-service").is_some());
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("order-service"))
    );
    add_named_server(&mut harness, "Order service");
    assert!(model(&harness).node("order-service-2").is_some());
    assert!(model(&harness).node("server").is_none());

    // A duplicate's id reads like its name too, not like a counter of the copied id.
    harness
        .state_mut()
        .select_elements(vec![ElementRef::node("order-service")]);
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::D);
    let ids: Vec<String> = model(&harness).nodes().map(|n| n.id.clone()).collect();
    assert!(ids.contains(&"order-service-3".to_owned()), "{ids:?}");

    // A new trust zone's name typed at once gives it its id; its members follow.
    harness
        .state_mut()
        .select_elements(vec![ElementRef::node("order-service")]);
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::G);
    harness.event(Event::Text("Payments DMZ".to_owned()));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let m = model(&harness);
    assert_eq!(
        m.zone("payments-dmz").map(|z| z.name.as_str()),
        Some("Payments DMZ")
    );
    assert_eq!(
        m.node("order-service").and_then(|n| n.zone.as_deref()),
        Some("payments-dmz")
    );
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::zone("payments-dmz"))
    );
}
