//! How the app words things: counts in the right number, node kinds in human words, lists in
//! natural order, and + / - zooming around the pointer over the canvas.

mod ui_support;

use archmodel::io;
use archmodel::model::{Model, TrustZone, ZoneKind};
use archmodel::scene::ElementRef;
use archmodel::ui::selection_words;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ui_support::*;

#[test]
fn the_status_bar_counts_in_the_right_number_and_names_kinds_in_words() {
    let (_serial, _dir, mut harness) = open_web_app();
    let counts = selection_words::model(model(&harness));
    assert!(harness.query_by_label(&counts).is_some(), "{counts}");

    click_element(
        &mut harness,
        &ElementRef::node("api-gateway"),
        Modifiers::NONE,
    );
    assert!(
        harness
            .query_all_by_label("Node · API gateway")
            .next()
            .is_some(),
        "the kind in words, in the status bar and the inspector"
    );
    assert!(harness.query_by_label_contains("gateway, ").is_none());
}

#[test]
fn zones_are_listed_in_natural_order() {
    let _serial = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut m = Model::new("Zones");
    for n in [10, 2, 1] {
        m.zones.push(TrustZone::new(
            format!("z{n}"),
            format!("Zone {n}"),
            ZoneKind::Internal,
            2,
        ));
    }
    let path = dir.path().join("zones.ron");
    io::save(&m, &path).expect("save");
    let harness = app(Some(path));
    assert!(
        harness
            .query_by_label("0 nodes · 0 links · 3 zones")
            .is_some()
    );
    let y = |name: &str| harness.get_by_label(name).rect().top();
    assert!(y("Zone 1") < y("Zone 2"));
    assert!(y("Zone 2") < y("Zone 10"), "zone 2 before zone 10");
}

#[test]
fn plus_zooms_around_the_pointer_over_the_canvas() {
    let (_serial, _dir, mut harness) = open_web_app();
    let db = ElementRef::node("catalogue-db");
    let at = screen_pos_of(&harness, &db);
    let zoom = harness.state().canvas().view().zoom;
    pointer(&mut harness, at, None, Modifiers::NONE);
    press(&mut harness, Modifiers::NONE, Key::Plus);
    assert!(harness.state().canvas().view().zoom > zoom);
    let after = screen_pos_of(&harness, &db);
    assert!(
        (after - at).length() < 1.5,
        "the node under the pointer stays put: {at:?} → {after:?}"
    );
}
