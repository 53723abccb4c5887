//! Copy, paste, duplicate and Find, driven through the real app with egui_kittest.
#![cfg(feature = "gui")]

mod ui_support;

use archmodel::model::Point;
use archmodel::scene::ElementRef;
use archmodel::ui::find;
use eframe::egui::accesskit::Role;
use eframe::egui::{Event, Key, Modifiers, OutputCommand};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// How many nodes and links the open model has.
fn counts(harness: &App) -> (usize, usize) {
    let model = model(harness);
    (model.node_count(), model.link_count())
}

/// Ctrl+C as the desktop integration delivers it (a `Copy` event), returning the text the app
/// put on the system clipboard in that frame.
fn copy(harness: &mut App) -> Option<String> {
    // Straight into this frame's input: queued events would each run a frame of their own.
    harness.input_mut().events.push(Event::Copy);
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        });
    harness.run();
    copied
}

fn paste_text(harness: &mut App, text: &str) {
    harness.event(Event::Paste(text.to_owned()));
    harness.run();
}

#[test]
fn copying_two_nodes_pastes_them_with_their_link_under_new_ids() {
    let (_serial, _dir, mut harness) = open_web_app();
    let original = model_text(&harness);
    let (nodes, links) = counts(&harness);
    click_element(
        &mut harness,
        &ElementRef::node("api-gateway"),
        Modifiers::NONE,
    );
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::SHIFT);

    let text = copy(&mut harness).expect("Ctrl+C puts text on the clipboard");
    assert!(text.starts_with("// archmodel fragment"), "{text}");
    let clip = harness.state().clipboard().expect("an internal copy");
    assert_eq!(clip.nodes.len(), 2);
    assert_eq!(clip.links.len(), 1, "only the link between the two");
    assert_eq!(model_text(&harness), original, "copying changes nothing");

    paste_text(&mut harness, &text);
    assert_eq!(counts(&harness), (nodes + 2, links + 1));
    let model = harness.state().document().expect("a document").model();
    let pasted = model.link("gateway-orders-2").expect("the link, renamed");
    assert_eq!(
        (pasted.from.as_str(), pasted.to.as_str()),
        ("api-gateway-2", "order-service"),
        "rewired to the pasted nodes"
    );
    let (a, b) = (
        model.layout.positions["orders"],
        model.layout.positions["order-service"],
    );
    assert_ne!(a, b, "the paste does not sit on the original");
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("api-gateway-2"))
    );
    assert_eq!(undo_label(&harness).as_deref(), Some("Paste 3 elements"));

    // The selection is exactly what was pasted: deleting it gives back the original.
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(model_text(&harness), original);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(counts(&harness), (nodes + 2, links + 1));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        model_text(&harness),
        original,
        "undo removes the paste exactly"
    );

    // Text that is not a fragment falls back to what was copied here.
    paste_text(&mut harness, "just some words");
    assert_eq!(counts(&harness), (nodes + 2, links + 1));
}

#[test]
fn ctrl_d_duplicates_the_selection_next_to_it() {
    let (_serial, _dir, mut harness) = open_web_app();
    let original = model_text(&harness);
    let (nodes, links) = counts(&harness);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    press(&mut harness, Modifiers::COMMAND, Key::D);

    assert_eq!(counts(&harness), (nodes + 1, links));
    let model = harness.state().document().expect("a document").model();
    let copy = model.node("order-service").expect("a duplicate");
    assert_eq!(copy.name, model.node("orders").expect("original").name);
    let at = model.layout.positions["orders"];
    assert_eq!(
        model.layout.positions["order-service"],
        Point(at.0 + 40.0, at.1 + 40.0)
    );
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("order-service"))
    );
    assert_eq!(undo_label(&harness).as_deref(), Some("Duplicate 1 element"));
    assert!(
        harness.state().clipboard().is_none(),
        "duplicate leaves the clipboard alone"
    );

    press(&mut harness, Modifiers::COMMAND, Key::D);
    assert!(
        harness
            .state()
            .document()
            .and_then(|d| d.model().node("order-service-2"))
            .is_some(),
        "a duplicate of the duplicate counts on"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), original);
}

#[test]
fn ctrl_x_cuts_and_paste_brings_the_elements_back() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (nodes, _) = counts(&harness);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    press(&mut harness, Modifiers::COMMAND, Key::X);
    assert_eq!(counts(&harness).0, nodes - 1);
    assert_eq!(undo_label(&harness).as_deref(), Some("Cut"));
    assert_eq!(harness.state().selection(), None);

    press(&mut harness, Modifiers::COMMAND, Key::V);
    let model = harness.state().document().expect("a document").model();
    assert!(
        model.node("orders").is_some(),
        "the id is free again, so it is kept"
    );
    assert_eq!(model.node_count(), nodes);
}

#[test]
fn ctrl_f_finds_an_element_by_part_of_its_name() {
    let (_serial, _dir, mut harness) = open_web_app();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or id");
    assert!(
        field.is_focused(),
        "the query field takes the keyboard at once"
    );
    field.type_text("xyz");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("No element matches “xyz”")
            .is_some()
    );

    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name or id")
        .type_text("GATE");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("api-gateway"))
    );
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Name or id")
            .is_none(),
        "picking closes the window"
    );

    // The arrow keys move through the matches; Enter picks the highlighted one.
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness
        .get_by_role_and_label(Role::TextInput, "Name or id")
        .type_text("order");
    harness.run();
    let model = harness.state().document().expect("a document").model();
    let matches = find::search(model, "order");
    assert!(matches.len() > 2, "{matches:?}");
    let third = matches[2].element.clone();
    assert_ne!(
        matches[0].element, third,
        "the arrows must make a difference"
    );
    for key in [Key::ArrowDown, Key::ArrowDown, Key::ArrowDown, Key::ArrowUp] {
        press(&mut harness, Modifiers::NONE, key);
    }
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().selection(), Some(&third));
    assert_eq!(
        harness.state().document().map(|d| d.history().undo_depth()),
        Some(0),
        "finding changes nothing"
    );

    press(&mut harness, Modifiers::COMMAND, Key::F);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Name or id")
            .is_none(),
        "Escape closes the window"
    );
}

#[test]
fn a_paste_into_a_text_field_stays_in_the_field() {
    let (_serial, _dir, mut harness) = open_web_app();
    let original = model_text(&harness);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    let text = copy(&mut harness).expect("copied");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    paste_text(&mut harness, &text);
    assert_eq!(
        model_text(&harness),
        original,
        "nothing pasted on the canvas"
    );
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or id");
    assert!(
        field
            .value()
            .is_some_and(|v| v.contains("archmodel fragment")),
        "the field got the text"
    );
}

#[test]
fn the_edit_menu_copies_pastes_and_finds() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (nodes, _) = counts(&harness);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    for item in ["Copy", "Paste"] {
        harness.get_by_label("Edit").click();
        harness.run();
        // The label carries the shortcut too ("Copy Ctrl+C").
        harness.get_by_label_contains(item).click();
        harness.run();
    }
    assert_eq!(
        counts(&harness).0,
        nodes + 1,
        "Edit → Paste pastes the copy"
    );
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("order-service"))
    );
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Find…").click();
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Name or id")
            .is_some()
    );
}
