//! View → Tidy Layout and the honest zone boxes, driven through the real app: one undo step,
//! the selection alone, and grouping nodes whose box would cover a node that is not a member.

mod ui_support;

use archmodel::scene::{self, ElementKind, ElementRef};
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// Opens a menu of the menu bar and clicks one of its items.
fn menu(harness: &mut App, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    harness.get_by_label(item).click();
    settle(harness);
}

/// Whether the canvas draws no zone's box over a node that is not inside the zone.
fn canvas_is_honest(harness: &App) -> bool {
    let m = model(harness);
    let scene = harness.state().canvas().scene();
    let zones: Vec<_> = scene
        .items
        .iter()
        .filter(|i| i.element.kind == ElementKind::Zone)
        .collect();
    scene
        .items
        .iter()
        .filter(|i| i.element.kind == ElementKind::Node)
        .all(|n| {
            let mine: Vec<String> = m
                .zones_of(&n.element.id)
                .iter()
                .map(|z| z.id.clone())
                .collect();
            zones
                .iter()
                .all(|z| mine.contains(&z.element.id) || !z.bounds.intersects(&n.bounds))
        })
}

#[test]
fn tidy_layout_moves_every_node_in_one_undo_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let before = model_text(&harness);
    let depth = undo_depth(&harness);
    menu(&mut harness, "View", "Tidy Layout");
    assert!(!harness.state().is_tidying());
    assert_ne!(model_text(&harness), before, "the layout moved nodes");
    assert_eq!(undo_depth(&harness), depth + 1, "one undo step");
    assert_eq!(undo_label(&harness).as_deref(), Some("Tidy layout"));
    assert!(scene::settled_moves(model(&harness)).is_empty());
    assert!(canvas_is_honest(&harness));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), before, "undo puts every node back");
    press(
        &mut harness,
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::Z,
    );
    assert_ne!(model_text(&harness), before, "redo tidies again");
}

#[test]
fn tidy_selected_nodes_moves_the_selection() {
    let (_serial, _dir, mut harness) = open_web_app();
    let before = model(&harness).layout.positions.clone();
    press(&mut harness, Modifiers::NONE, Key::F);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    click_element(&mut harness, &ElementRef::node("worker"), Modifiers::SHIFT);
    click_element(
        &mut harness,
        &ElementRef::node("catalogue"),
        Modifiers::SHIFT,
    );
    assert_eq!(harness.state().selected_elements().len(), 3);
    let depth = undo_depth(&harness);
    menu(&mut harness, "View", "Tidy Selected Nodes");
    assert_eq!(undo_depth(&harness), depth + 1);
    assert_eq!(undo_label(&harness).as_deref(), Some("Tidy 3 nodes"));
    assert!(scene::settled_moves(model(&harness)).is_empty());
    let m = model(&harness);
    let moved = ["orders", "worker", "catalogue"]
        .iter()
        .filter(|id| m.layout.positions.get(**id) != before.get(**id))
        .count();
    assert!(moved > 0, "the selection was laid out");
    // Nodes outside the selection never move.
    for (id, p) in &before {
        if !["orders", "worker", "catalogue"].contains(&id.as_str()) {
            assert_eq!(m.layout.positions.get(id), Some(p), "{id} moved");
        }
    }
    assert!(canvas_is_honest(&harness));
}

/// Three servers around a payment provider in no zone: grouping them must not draw the new
/// zone's box over the provider.
const AROUND_A_PROVIDER: &str = r#"(
    format: 1,
    name: "Grouping",
    nodes: [
        (id: "a", name: "Orders", kind: Server(role: Api)),
        (id: "b", name: "Billing", kind: Server(role: Api)),
        (id: "c", name: "Ledger", kind: Server(role: Api)),
        (id: "pay", name: "Payment provider", kind: External),
    ],
    links: [
        (id: "b-pay", from: "b", to: "pay", protocol: Http, tls: Plaintext, authn: None),
    ],
    layout: (positions: {
        "a": (0.0, 0.0),
        "b": (600.0, 0.0),
        "c": (300.0, 300.0),
        "pay": (300.0, 130.0),
    }),
)
"#;

#[test]
fn grouping_never_draws_a_zone_over_a_node_outside_it() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("grouping.ron");
    std::fs::write(&path, AROUND_A_PROVIDER).expect("write model");
    let mut harness = app(Some(path));
    let before = model_text(&harness);
    press(&mut harness, Modifiers::NONE, Key::F);
    click_element(&mut harness, &ElementRef::node("a"), Modifiers::NONE);
    click_element(&mut harness, &ElementRef::node("b"), Modifiers::SHIFT);
    click_element(&mut harness, &ElementRef::node("c"), Modifiers::SHIFT);
    let depth = undo_depth(&harness);
    press(&mut harness, Modifiers::COMMAND, Key::G);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let m = model(&harness);
    assert_eq!(m.zones.len(), 1);
    assert_eq!(m.node("pay").and_then(|n| n.zone.clone()), None);
    assert!(
        canvas_is_honest(&harness),
        "the zone's box covers the provider"
    );
    // The provider was moved out in the file too, in the same undo step as the grouping.
    assert!(scene::settled_moves(m).is_empty());
    assert_ne!(
        m.layout.positions["pay"],
        archmodel::model::Point(300.0, 130.0)
    );
    assert_eq!(undo_depth(&harness), depth + 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_text(&harness), before);
}

/// How many shapes the canvas draws for a node (a pinned node has a pin more).
fn node_shapes(harness: &App, id: &str) -> usize {
    let scene = harness.state().canvas().scene();
    scene
        .find(&ElementRef::node(id))
        .map(|i| i.shapes.len())
        .expect("node drawn")
}

#[test]
fn pins_are_set_from_the_inspector_and_the_menu_one_undo_step_each_and_tidy_leaves_them() {
    let (_serial, _dir, mut harness) = open_web_app();
    let before = model_text(&harness);
    press(&mut harness, Modifiers::NONE, Key::F);
    click_element(&mut harness, &ElementRef::node("orders"), Modifiers::NONE);
    let plain = node_shapes(&harness, "orders");
    let depth = undo_depth(&harness);
    harness.get_by_label("Pinned").scroll_to_me();
    harness.run();
    harness.get_by_label("Pinned").click();
    settle(&mut harness);
    assert!(model(&harness).layout.pinned.contains("orders"));
    assert_eq!(undo_depth(&harness), depth + 1);
    assert_eq!(undo_label(&harness).as_deref(), Some("Pin node"));
    assert!(node_shapes(&harness, "orders") > plain, "a pin is drawn");
    // The right-click menu offers to unpin it, and pins another.
    let at = screen_pos_of(&harness, &ElementRef::node("orders"));
    right_click(&mut harness, at);
    harness.get_by_label_contains("Unpin").click();
    settle(&mut harness);
    assert!(!model(&harness).layout.pinned.contains("orders"));
    assert_eq!(undo_label(&harness).as_deref(), Some("Unpin node"));
    assert_eq!(node_shapes(&harness, "orders"), plain);
    let at = screen_pos_of(&harness, &ElementRef::node("worker"));
    right_click(&mut harness, at);
    harness.get_by_label_contains("Pin in Place").click();
    settle(&mut harness);
    assert!(model(&harness).layout.pinned.contains("worker"));
    assert_eq!(undo_depth(&harness), depth + 3);
    // Tidy Layout leaves the pinned node where it was.
    let kept = model(&harness).layout.positions["worker"];
    menu(&mut harness, "View", "Tidy Layout");
    assert_eq!(model(&harness).layout.positions["worker"], kept);
    for _ in 0..4 {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(model_text(&harness), before, "every step undoes");
}

#[test]
fn tidy_selected_nodes_that_would_move_others_says_so_and_moves_nothing() {
    use archmodel::layout::{self, synthetic};
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    // A laid-out random model and a selection of it that cannot be tidied without pushing
    // other nodes aside, found by the layout itself (the app asks it the same question).
    let (m, chosen, refused) = (30..60u64)
        .find_map(|seed| {
            let m = synthetic::model(synthetic::Shape::Random, 50, 90, 6, seed);
            let mut m = m.clone();
            for (id, p) in layout::lay_out(&m, &Default::default()) {
                m.layout.positions.insert(id, p);
            }
            let chosen: std::collections::BTreeSet<String> = m
                .nodes()
                .enumerate()
                .filter(|(k, _)| (k * 7 + seed as usize).is_multiple_of(5))
                .map(|(_, n)| n.id.clone())
                .collect();
            let refused = layout::lay_out_selection(&m, &chosen, &Default::default()).err()?;
            Some((m, chosen, refused))
        })
        .expect("a selection the layout refuses");
    let path = dir.path().join("random.ron");
    archmodel::io::save(&m, &path).expect("saved");
    let mut harness = app(Some(path));
    let before = model_text(&harness);
    let depth = undo_depth(&harness);
    press(&mut harness, Modifiers::NONE, Key::F);
    for (k, id) in chosen.iter().enumerate() {
        let add = if k == 0 {
            Modifiers::NONE
        } else {
            Modifiers::SHIFT
        };
        click_element(&mut harness, &ElementRef::node(id), add);
    }
    assert_eq!(harness.state().selected_elements().len(), chosen.len());
    menu(&mut harness, "View", "Tidy Selected Nodes");
    harness.get_by_label("Tidy Selected Nodes moved nothing");
    // The message names the nodes that would move by their names, as the canvas shows them.
    let layout::SelectionError::WouldMoveOthers { ids, names } = &refused;
    assert!(names.iter().zip(ids).all(|(name, id)| name != id));
    harness.get_by_label(&refused.to_string());
    assert_eq!(model_text(&harness), before, "nothing moved");
    assert_eq!(undo_depth(&harness), depth, "no undo step");
}
