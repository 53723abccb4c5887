//! With many elements selected, the outline highlights every one of them and the status bar
//! says what the selection holds.

mod ui_support;

use archmodel::scene::ElementRef;
use archmodel::ui::selection_words;
use eframe::egui::accesskit::Toggled;
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// Whether the outline row labelled `name` is shown selected.
fn highlighted(harness: &App, name: &str) -> bool {
    harness
        .query_all_by_label(name)
        .any(|n| n.accesskit_node().toggled() == Some(Toggled::True))
}

#[test]
fn thirteen_selected_are_all_highlighted_and_described() {
    let (_serial, _dir, mut harness) = open_web_app();
    let m = model(&harness);
    let nodes: Vec<(ElementRef, String)> = m
        .nodes()
        .take(8)
        .map(|n| (ElementRef::node(&n.id), n.name.clone()))
        .collect();
    let zones: Vec<(ElementRef, String)> = m
        .zones
        .iter()
        .take(2)
        .map(|z| (ElementRef::zone(&z.id), z.name.clone()))
        .collect();
    let links: Vec<ElementRef> = m.links().take(3).map(|l| ElementRef::link(&l.id)).collect();
    let mut selection: Vec<ElementRef> = nodes.iter().map(|(e, _)| e.clone()).collect();
    selection.extend(zones.iter().map(|(e, _)| e.clone()));
    selection.extend(links);
    assert_eq!(selection.len(), 13);

    let before: Vec<bool> = nodes
        .iter()
        .map(|(_, n)| highlighted(&harness, n))
        .collect();
    assert!(before.iter().all(|h| !h), "nothing highlighted yet");
    harness.state_mut().select_elements(selection.clone());
    harness.run();

    for (_, name) in nodes.iter().chain(&zones) {
        assert!(highlighted(&harness, name), "{name} is highlighted");
    }
    let words = selection_words::selection(model(&harness), &selection);
    assert!(words.starts_with("13 selected: "), "{words}");
    assert!(words.ends_with("3 links, 2 zones"), "{words}");
    assert!(
        harness.query_by_label(&words).is_some(),
        "in the status bar"
    );
}
