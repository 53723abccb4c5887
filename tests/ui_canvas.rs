//! Drawing on the canvas, driven through the real app with egui_kittest: the palette, connecting
//! from a handle, Shift-click and rubber-band selection, grouping into a trust zone, dragging a node
//! into another zone, renaming in place, panning with space held, and undoing all of it.
#![cfg(feature = "gui")]

mod ui_support;

use std::path::{Path, PathBuf};

use archmodel::io;
use archmodel::model::{Authn, Model, Protocol, Tls};
use archmodel::scene::{ElementKind, ElementRef};
use eframe::egui::accesskit::Role;
use eframe::egui::{Event, Key, Modifiers, Pos2, vec2};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// An empty model saved in `dir`.
fn empty_model(dir: &Path) -> PathBuf {
    let path = dir.join("empty.ron");
    io::save(&Model::new("Empty"), &path).expect("save");
    path
}

/// Types text into the focused field and presses Enter.
fn type_and_enter(harness: &mut App, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
    press(harness, Modifiers::NONE, Key::Enter);
}

/// Draws a link by dragging from the right handle of `from` to the middle of `to`.
fn connect(harness: &mut App, from: &str, to: &str) {
    let start = right_handle(harness, from);
    let end = screen_pos_of(harness, &ElementRef::node(to));
    drag(harness, start, end, Modifiers::NONE);
}

/// The handle on the right side of a node.
fn right_handle(harness: &App, node: &str) -> Pos2 {
    let (c, size) = screen_rect(harness, &ElementRef::node(node));
    c + vec2(size.x / 2.0, 0.0)
}

/// Adds a node from the palette and names it by typing.
fn add_from_palette(harness: &mut App, tool: &str, name: &str) -> String {
    harness.get_by_label(tool).click();
    harness.run();
    let selected = harness
        .state()
        .selection()
        .cloned()
        .expect("the new node is selected");
    assert_eq!(selected.kind, ElementKind::Node);
    assert!(
        harness.state().canvas().is_renaming(),
        "its name is ready to type"
    );
    type_and_enter(harness, name);
    let named = harness
        .state()
        .selection()
        .cloned()
        .expect("still selected");
    // The id now reads like the name typed.
    assert_eq!(
        named.id,
        archmodel::model::id_from_name(name, "node"),
        "was {}",
        selected.id
    );
    named.id
}

#[test]
fn draw_connect_group_and_edit_then_undo_and_redo_everything() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = app(Some(empty_model(dir.path())));
    let start = model_text(&harness);

    let browser = add_from_palette(&mut harness, "Add Client", "Browser");
    let api = add_from_palette(&mut harness, "Add Server", "Orders API");
    let db = add_from_palette(&mut harness, "Add Store", "Orders DB");
    let names: Vec<String> = model(&harness).nodes().map(|n| n.name.clone()).collect();
    assert_eq!(names.len(), 3);
    for name in ["Browser", "Orders API", "Orders DB"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }

    // Fit all three in view (F), as someone about to connect them would.
    press(&mut harness, Modifiers::NONE, Key::F);
    connect(&mut harness, &browser, &api);
    connect(&mut harness, &api, &db);
    let links: Vec<_> = model(&harness).links().cloned().collect();
    assert_eq!(links.len(), 2, "two links drawn: {links:?}");
    let call = links
        .iter()
        .find(|l| l.from == browser)
        .expect("browser link");
    assert_eq!(call.to, api);
    assert_eq!(
        (call.protocol.clone(), call.tls, call.authn.clone()),
        (Protocol::Https, Tls::Tls13, Authn::Token)
    );
    let query = links.iter().find(|l| l.from == api).expect("api link");
    assert_eq!(query.to, db);
    assert_eq!(query.protocol, Protocol::Custom("SQL".into()));

    click_element(&mut harness, &ElementRef::node(&api), Modifiers::NONE);
    click_element(&mut harness, &ElementRef::node(&db), Modifiers::SHIFT);
    let selected = harness.state().selected_elements();
    assert_eq!(selected.len(), 2, "{selected:?}");
    press(&mut harness, Modifiers::COMMAND, Key::G);
    assert_eq!(model(&harness).zones.len(), 1);
    type_and_enter(&mut harness, "Core");
    let zone = model(&harness).zones[0].clone();
    assert_eq!(zone.name, "Core");
    let members: Vec<String> = model(&harness)
        .members(&zone.id)
        .map(|n| n.id.clone())
        .collect();
    assert_eq!(members.len(), 2);
    assert!(members.contains(&api) && members.contains(&db));
    assert_eq!(
        model(&harness).node(&browser).and_then(|n| n.zone.clone()),
        None
    );

    let label = "Browser → Orders API";
    harness.get_by_label(label).click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::link(&call.id))
    );
    harness.get_by_role_and_label(Role::ComboBox, "TLS").click();
    harness.run();
    harness.get_by_label("Mutual TLS").click();
    harness.run();
    assert_eq!(
        model(&harness).link(&call.id).map(|l| l.tls),
        Some(Tls::Mutual)
    );

    let end = model_text(&harness);
    let steps = harness
        .state()
        .document()
        .expect("doc")
        .history()
        .undo_depth();
    assert!(steps >= 9, "every edit is a step: {steps}");
    for _ in 0..steps {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(
        model_text(&harness),
        start,
        "undoing everything gives the start back"
    );
    for _ in 0..steps {
        press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    }
    assert_eq!(
        model_text(&harness),
        end,
        "redoing everything gives the end back"
    );
}

#[test]
fn a_kind_dragged_from_the_palette_lands_where_it_is_dropped_in_that_zone() {
    let (_serial, _dir, mut harness) = open_web_app();
    let zone = model(&harness)
        .node("orders")
        .and_then(|n| n.zone.clone())
        .expect("zoned");
    let before = model(&harness).node_count();
    // Drop just below the order service, inside its zone.
    let (c, size) = screen_rect(&harness, &ElementRef::node("orders"));
    let target = c + vec2(0.0, size.y * 0.5 + 12.0);
    let from = harness.get_by_label("Add Store").rect().center();
    drag(&mut harness, from, target, Modifiers::NONE);
    assert_eq!(model(&harness).node_count(), before + 1);
    let new = harness.state().selection().cloned().expect("selected");
    let node = model(&harness).node(&new.id).expect("created");
    assert_eq!(node.zone.as_deref(), Some(zone.as_str()));
    let dropped = screen_pos_of(&harness, &new);
    assert!(
        dropped.distance(target) < 40.0,
        "at the drop point: {dropped:?} vs {target:?}"
    );
}

#[test]
fn shift_click_and_the_band_select_several_and_space_drag_pans() {
    let (_serial, _dir, mut harness) = open_web_app();
    let orders = ElementRef::node("orders");
    let gateway = ElementRef::node("api-gateway");
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    click_element(
        &mut harness,
        &ElementRef::node("api-gateway"),
        Modifiers::SHIFT,
    );
    let selected = harness.state().selected_elements();
    assert!(
        selected.contains(&orders) && selected.contains(&gateway),
        "{selected:?}"
    );
    click_element(
        &mut harness,
        &ElementRef::node("api-gateway"),
        Modifiers::COMMAND,
    );
    assert_eq!(harness.state().selected_elements(), vec![orders.clone()]);

    // A band around the whole diagram, started on the empty background.
    let bounds = harness.state().canvas().scene().bounds;
    let canvas = harness.state().canvas();
    let a = canvas.to_screen(bounds.min).expect("shown") - vec2(30.0, 30.0);
    let b = canvas.to_screen(bounds.max).expect("shown") + vec2(30.0, 30.0);
    let view = harness.state().canvas().view();
    drag(&mut harness, a, b, Modifiers::NONE);
    let nodes = harness
        .state()
        .selected_elements()
        .into_iter()
        .filter(|e| e.kind == ElementKind::Node)
        .count();
    assert_eq!(
        nodes,
        model(&harness).node_count(),
        "the band took every node"
    );
    assert_eq!(harness.state().canvas().view(), view, "a band does not pan");
    assert!(!harness.state().document().expect("doc").is_dirty());

    harness.event(Event::Key {
        key: Key::Space,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    drag(&mut harness, a, a + vec2(80.0, 40.0), Modifiers::NONE);
    harness.event(Event::Key {
        key: Key::Space,
        physical_key: None,
        pressed: false,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_ne!(harness.state().canvas().view(), view, "space-drag pans");
}

#[test]
fn dragging_a_node_into_another_zone_moves_it_there_in_one_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (from_zone, to_zone, target) = {
        let m = model(&harness);
        let orders = m.node("orders").expect("orders");
        let from_zone = orders.zone.clone().expect("zoned");
        let other = m
            .nodes()
            .find(|n| n.zone.is_some() && n.zone != orders.zone && !n.kind.is_store())
            .expect("a node in another zone")
            .clone();
        (from_zone, other.zone.clone().expect("zoned"), other.id)
    };
    let (c, size) = screen_rect(&harness, &ElementRef::node(&target));
    let drop = c + vec2(0.0, size.y + 10.0);
    let from = screen_pos_of(&harness, &ElementRef::node("orders"));
    let before = model_text(&harness);
    drag(&mut harness, from, drop, Modifiers::NONE);
    let zone = model(&harness).node("orders").and_then(|n| n.zone.clone());
    assert_eq!(zone.as_deref(), Some(to_zone.as_str()), "left {from_zone}");
    let doc = harness.state().document().expect("doc");
    assert_eq!(
        doc.history().undo_depth(),
        1,
        "move and membership are one step"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), before);
}

#[test]
fn f2_renames_in_place_and_escape_keeps_the_old_name() {
    let (_serial, _dir, mut harness) = open_web_app();
    let old = model(&harness).node("orders").expect("orders").name.clone();
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    press(&mut harness, Modifiers::NONE, Key::F2);
    assert!(harness.state().canvas().is_renaming());
    harness.event(Event::Text("Billing".into()));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().canvas().is_renaming());
    assert_eq!(
        model(&harness).node("orders").map(|n| n.name.clone()),
        Some(old)
    );
    press(&mut harness, Modifiers::NONE, Key::F2);
    type_and_enter(&mut harness, "Billing");
    assert_eq!(
        model(&harness).node("orders").map(|n| n.name.as_str()),
        Some("Billing")
    );
    let doc = harness.state().document().expect("doc");
    assert_eq!(doc.history().undo_label(), Some("Rename node"));
}

#[test]
fn shift_f_zooms_to_the_selection() {
    let (_serial, _dir, mut harness) = open_web_app();
    let fitted = harness.state().canvas().view();
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    press(&mut harness, Modifiers::SHIFT, Key::F);
    let view = harness.state().canvas().view();
    assert!(
        view.zoom > fitted.zoom,
        "zoomed in: {} > {}",
        view.zoom,
        fitted.zoom
    );
    let c = screen_pos_of(&harness, &ElementRef::node("orders"));
    let canvas_centre = harness
        .state()
        .canvas()
        .to_screen(view.center)
        .expect("shown");
    assert!(
        c.distance(canvas_centre) < 2.0,
        "the selection is in the middle"
    );
}

#[test]
fn the_right_click_menu_deletes_a_node_and_adds_one_where_it_was_opened() {
    let (_serial, _dir, mut harness) = open_web_app();
    let at = screen_pos_of(&harness, &ElementRef::node("orders"));
    right_click(&mut harness, at);
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("orders"))
    );
    harness.get_by_label("Delete Delete").click();
    harness.run();
    assert!(model(&harness).node("orders").is_none());

    let before = model(&harness).node_count();
    let bounds = harness.state().canvas().scene().bounds;
    let empty = harness
        .state()
        .canvas()
        .to_screen(bounds.max)
        .expect("shown")
        + vec2(20.0, -20.0);
    right_click(&mut harness, empty);
    assert_eq!(harness.state().selection(), None);
    harness.get_by_label("Add Here").click();
    harness.run();
    harness.get_by_label("Peer").click();
    harness.run();
    assert_eq!(model(&harness).node_count(), before + 1);
    let peer = harness
        .state()
        .selection()
        .cloned()
        .expect("the new peer is selected");
    // Where the menu was opened: right of everything that was drawn.
    let at = model(&harness).layout.positions[&peer.id];
    assert!(at.0 > bounds.max.x - 1.0, "{at:?} right of {bounds:?}");
}

#[test]
fn a_zone_dragged_by_its_title_nests_in_the_zone_it_is_dropped_in() {
    let (_serial, _dir, mut harness) = open_web_app();
    let before = model_text(&harness);
    let title = {
        let canvas = harness.state().canvas();
        let zone = canvas
            .scene()
            .find(&ElementRef::zone("partners"))
            .expect("drawn");
        let at = archmodel::scene::pos(zone.bounds.min.x + 30.0, zone.bounds.min.y + 10.0);
        canvas.to_screen(at).expect("shown")
    };
    let members: Vec<String> = model(&harness)
        .members("partners")
        .map(|n| n.id.clone())
        .collect();
    let into = screen_pos_of(&harness, &ElementRef::zone("dmz"));
    drag(&mut harness, title, into, Modifiers::NONE);
    let zone = model(&harness).zone("partners").expect("still there");
    assert_eq!(zone.parent.as_deref(), Some("dmz"));
    let after: Vec<String> = model(&harness)
        .members("partners")
        .map(|n| n.id.clone())
        .collect();
    assert_eq!(after, members, "its members came along");
    assert_eq!(undo_depth(&harness), 1, "move and nesting are one step");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), before);
}

#[test]
fn escape_clears_the_selection() {
    let (_serial, _dir, mut harness) = open_web_app();
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    assert!(harness.state().selection().is_some());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().selection(), None);
}

#[test]
fn after_dragging_and_undoing_the_canvas_matches_a_fresh_drawing() {
    use archmodel::scene::{Scene, Theme, ThemeKind};
    let (_serial, _dir, mut harness) = open_web_app();
    let fresh = |harness: &App| {
        let dark = harness.ctx.global_style().visuals.dark_mode;
        let kind = if dark {
            ThemeKind::Dark
        } else {
            ThemeKind::Light
        };
        Scene::build(model(harness), &Theme::of(kind))
    };
    let from = screen_pos_of(&harness, &ElementRef::node("orders"));
    drag(&mut harness, from, from + vec2(90.0, 60.0), Modifiers::NONE);
    assert_eq!(undo_depth(&harness), 1);
    assert!(
        harness.state().canvas().scene() == &fresh(&harness),
        "after the drag"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        harness.state().canvas().scene() == &fresh(&harness),
        "after undo"
    );
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(
        harness.state().canvas().scene() == &fresh(&harness),
        "after redo"
    );
}

#[test]
fn the_status_bar_says_what_releasing_will_do() {
    let (_serial, _dir, mut harness) = open_web_app();
    let (from, to) = ("orders", "payments");
    let count = |h: &App| {
        model(h)
            .links()
            .filter(|l| l.from == from && l.to == to)
            .count()
    };
    let before = count(&harness);
    let (start, end) = (
        right_handle(&harness, from),
        screen_pos_of(&harness, &ElementRef::node(to)),
    );
    pointer(&mut harness, start - vec2(4.0, 0.0), None, Modifiers::NONE);
    pointer(&mut harness, start, Some(true), Modifiers::NONE);
    for step in 1..=6 {
        let at = start + (end - start) * step as f32 / 6.0;
        pointer(&mut harness, at, None, Modifiers::NONE);
    }
    harness.step();
    let names = |id: &str| model(&harness).node(id).map(|n| n.name.clone());
    let expected = format!(
        "Release to connect “{}” → “{}”",
        names(from).expect("from"),
        names(to).expect("to")
    );
    assert!(harness.query_by_label(&expected).is_some(), "{expected}");
    pointer(&mut harness, end, Some(false), Modifiers::NONE);
    harness.run();
    assert!(harness.query_by_label(&expected).is_none());
    assert_eq!(count(&harness), before + 1, "released: connected");
}

#[test]
fn escape_cancels_a_drag_and_a_link_being_drawn() {
    let (_serial, _dir, mut harness) = open_web_app();
    let before = model_text(&harness);
    let from = screen_pos_of(&harness, &ElementRef::node("orders"));
    pointer(&mut harness, from, Some(true), Modifiers::NONE);
    for step in 1..=4 {
        pointer(
            &mut harness,
            from + vec2(25.0, 15.0) * step as f32,
            None,
            Modifiers::NONE,
        );
    }
    assert_ne!(model_text(&harness), before, "the node follows the pointer");
    harness.key_press(Key::Escape);
    harness.step();
    pointer(
        &mut harness,
        from + vec2(120.0, 70.0),
        None,
        Modifiers::NONE,
    );
    pointer(
        &mut harness,
        from + vec2(120.0, 70.0),
        Some(false),
        Modifiers::NONE,
    );
    harness.run();
    assert_eq!(model_text(&harness), before, "back where it was");
    assert_eq!(undo_depth(&harness), 0, "no empty undo step left behind");
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node("orders")),
        "the selection stays"
    );

    let start = right_handle(&harness, "orders");
    let end = screen_pos_of(&harness, &ElementRef::node("payments"));
    pointer(&mut harness, start - vec2(4.0, 0.0), None, Modifiers::NONE);
    pointer(&mut harness, start, Some(true), Modifiers::NONE);
    for step in 1..=4 {
        pointer(
            &mut harness,
            start + (end - start) * step as f32 / 4.0,
            None,
            Modifiers::NONE,
        );
    }
    harness.key_press(Key::Escape);
    harness.step();
    pointer(&mut harness, end, Some(false), Modifiers::NONE);
    harness.run();
    assert_eq!(model_text(&harness), before, "no link drawn");
}
