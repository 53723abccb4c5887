//! The editing panels, driven through the real app with egui_kittest: the inspector for several
//! selected elements, and the Model menu's contracts, client releases and decisions windows.
#![cfg(feature = "gui")]

mod ui_support;

use archmodel::model::{DecisionStatus, Model, Tls};
use archmodel::scene::ElementRef;
use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// A copy of the open model, to compare with the model after an edit.
fn model_copy(harness: &App) -> Model {
    model(harness).clone()
}

/// Opens a window of the Model menu.
fn open_model_window(harness: &mut App, item: &str) {
    click_in_view(harness, "Model");
    click_in_view(harness, item);
}

/// Clicks a text field, selects its text and types `text` over it.
fn type_into(harness: &mut App, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .click();
    harness.run();
    press(harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run();
}

#[test]
fn setting_tls_on_two_links_changes_both_in_one_undo_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let ids = ["gateway-orders", "spa-gateway"];
    let start = model_copy(&harness);
    let before: Vec<Tls> = ids
        .iter()
        .map(|id| start.link(id).expect("example link").tls)
        .collect();
    let (target, option) = if before.contains(&Tls::Mutual) {
        (Tls::Tls12, "TLS 1.2")
    } else {
        (Tls::Mutual, "Mutual TLS")
    };
    harness
        .state_mut()
        .select_elements(ids.iter().map(|id| ElementRef::link(*id)).collect());
    harness.run();
    harness.get_by_label("2 elements selected");
    harness.get_by_role_and_label(Role::ComboBox, "TLS").click();
    harness.run();
    click_in_view(&mut harness, option);

    let after = model_copy(&harness);
    for id in ids {
        assert_eq!(after.link(id).expect("link").tls, target, "{id}");
    }
    assert_eq!(undo_depth(&harness), 1, "both links change in one step");
    assert_eq!(undo_label(&harness).as_deref(), Some("Edit tls of 2 links"));
    // Only the field that was set changes.
    for id in ids {
        let mut expected = start.link(id).expect("link").clone();
        expected.tls = target;
        assert_eq!(after.link(id), Some(&expected));
    }

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let undone = model_copy(&harness);
    for (id, tls) in ids.iter().zip(before) {
        assert_eq!(undone.link(id).expect("link").tls, tls, "{id} restored");
    }
}

#[test]
fn moving_nodes_of_different_zones_into_one_zone_is_one_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    let ids = ["orders", "spa"];
    assert_ne!(
        start.node(ids[0]).and_then(|n| n.zone.clone()),
        start.node(ids[1]).and_then(|n| n.zone.clone()),
        "the example puts them in different zones"
    );
    harness
        .state_mut()
        .select_elements(ids.iter().map(|id| ElementRef::node(*id)).collect());
    harness.run();
    let zone = harness.get_by_role_and_label(Role::ComboBox, "Zone");
    assert_eq!(
        zone.accesskit_node().value().as_deref(),
        Some("(mixed)"),
        "disagreeing zones show as mixed"
    );
    zone.click();
    harness.run();
    let dmz = start.zone("dmz").expect("dmz").name.clone();
    harness.get_all_by_label(&dmz).last().expect("DMZ").click();
    harness.run();
    let after = model_copy(&harness);
    for id in ids {
        assert_eq!(after.node(id).and_then(|n| n.zone.as_deref()), Some("dmz"));
    }
    assert_eq!(undo_depth(&harness), 1);
}

#[test]
fn a_contract_is_added_and_its_version_typed_as_one_step() {
    let (_serial, _dir, mut harness) = open_web_app();
    let count = model_copy(&harness).contracts.len();
    open_model_window(&mut harness, "Contracts…");
    click_in_view(&mut harness, "Add contract");
    let added = model_copy(&harness);
    assert_eq!(added.contracts.len(), count + 1);
    let id = added
        .contracts
        .iter()
        .find(|c| c.name == "New contract")
        .map(|c| c.id.clone())
        .expect("the new contract");
    assert!(added.problems().is_empty(), "{:?}", added.problems());

    type_into(&mut harness, "Version", "2.1");
    harness
        .get_by_role_and_label(Role::TextInput, "Version")
        .type_text(".0");
    harness.run();
    let typed = model_copy(&harness);
    assert_eq!(
        typed.contract(&id).map(|c| c.version.as_str()),
        Some("2.1.0")
    );
    assert_eq!(undo_depth(&harness), 2, "adding, then one step of typing");
    assert_eq!(undo_label(&harness).as_deref(), Some("Edit version"));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let undone = model_copy(&harness);
    assert_eq!(undone.contract(&id).map(|c| c.version.as_str()), Some(""));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_copy(&harness).contracts.len(), count);
}

#[test]
fn a_new_decision_concerns_the_selected_node() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    let next = start.decisions.iter().map(|d| d.number).max().unwrap_or(0) + 1;
    let orders = start.node("orders").expect("orders").name.clone();
    harness
        .state_mut()
        .select_elements(vec![ElementRef::node("orders")]);
    harness.run();
    open_model_window(&mut harness, "Decisions…");
    click_in_view(&mut harness, "Add decision");
    let added = model_copy(&harness);
    let decision = added.decision(next).expect("the new decision");
    assert_eq!(decision.title, "New decision");
    assert_eq!(decision.date.len(), 10, "dated today: {}", decision.date);

    click_in_view(&mut harness, "Link selected elements");
    let linked = model_copy(&harness);
    assert_eq!(
        linked.decision(next).map(|d| d.concerns.clone()),
        Some(vec!["orders".to_owned()])
    );
    // Shown by name, and removable.
    click_in_view(&mut harness, &format!("Remove concern {orders}"));
    let removed = model_copy(&harness);
    assert_eq!(removed.decision(next).map(|d| d.concerns.len()), Some(0));
    assert_eq!(undo_depth(&harness), 3);

    type_into(&mut harness, "Title", "Keep orders in one service");
    let titled = model_copy(&harness);
    assert_eq!(
        titled.decision(next).map(|d| d.title.as_str()),
        Some("Keep orders in one service")
    );
    assert_eq!(undo_depth(&harness), 4, "typing the title is one step");
}

/// The list entry of a release: its client's name and its version.
fn release_entry(model: &Model, client: &str, version: &str) -> String {
    let name = model.node(client).expect("client").name.clone();
    format!("{name} {version}")
}

#[test]
fn a_release_is_removed_and_undo_brings_it_back() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    let has = |m: &Model| {
        m.releases
            .iter()
            .any(|r| r.client == "mobile-app" && r.version == "3.9.1")
    };
    assert!(has(&start));
    open_model_window(&mut harness, "Client Releases…");
    click_in_view(&mut harness, &release_entry(&start, "mobile-app", "3.9.1"));
    click_in_view(&mut harness, "Remove release");
    let removed = model_copy(&harness);
    assert!(!has(&removed));
    assert_eq!(removed.releases.len(), start.releases.len() - 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_copy(&harness), start);
}

#[test]
fn a_duplicate_release_version_is_refused_with_a_message() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    open_model_window(&mut harness, "Client Releases…");
    click_in_view(&mut harness, &release_entry(&start, "mobile-app", "3.9.1"));
    type_into(&mut harness, "Version", "4.0.3");
    assert_eq!(model_copy(&harness), start, "nothing changed");
    assert_eq!(undo_depth(&harness), 0);
    harness.get_by_label_contains("already has a release 4.0.3");

    // A free version goes through, as one step however it is typed.
    harness
        .get_by_role_and_label(Role::TextInput, "Version")
        .type_text("-hotfix");
    harness.run();
    let renamed = model_copy(&harness);
    assert!(
        renamed
            .releases
            .iter()
            .any(|r| r.client == "mobile-app" && r.version == "4.0.3-hotfix")
    );
    assert_eq!(renamed.releases.len(), start.releases.len());
    assert_eq!(undo_depth(&harness), 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_copy(&harness), start);
}

#[test]
fn removing_a_contract_clears_the_links_that_spoke_it() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    let name = start.contract("orders-api").expect("contract").name.clone();
    assert!(
        start
            .links()
            .any(|l| l.contract.as_deref() == Some("orders-api"))
    );
    open_model_window(&mut harness, "Contracts…");
    click_in_view(&mut harness, &name);
    click_in_view(&mut harness, "Remove contract");
    let removed = model_copy(&harness);
    assert!(removed.contract("orders-api").is_none());
    assert!(
        removed
            .links()
            .all(|l| l.contract.as_deref() != Some("orders-api"))
    );
    assert!(removed.problems().is_empty(), "{:?}", removed.problems());
    assert_eq!(undo_depth(&harness), 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_copy(&harness), start);
}

#[test]
fn a_decision_is_superseded_by_a_picked_decision() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    let replacement = start.decision(3).expect("decision 3").title.clone();
    open_model_window(&mut harness, "Decisions…");
    let first = start.decision(1).expect("decision 1").title.clone();
    click_in_view(&mut harness, &format!("1. {first}"));
    harness
        .get_by_role_and_label(Role::ComboBox, "Status")
        .click();
    harness.run();
    click_in_view(&mut harness, "Superseded by…");
    let status = |h: &App| model_copy(h).decision(1).map(|d| d.status);
    assert!(matches!(
        status(&harness),
        Some(DecisionStatus::SupersededBy(n)) if n != 1
    ));
    harness
        .get_by_role_and_label(Role::ComboBox, "Superseded by")
        .click();
    harness.run();
    // The decisions list shows the same text; the open drop-down comes last.
    harness
        .get_all_by_label(&format!("3. {replacement}"))
        .last()
        .expect("decision 3 in the drop-down")
        .click();
    harness.run();
    assert_eq!(status(&harness), Some(DecisionStatus::SupersededBy(3)));
    assert!(model_copy(&harness).problems().is_empty());
    assert_eq!(undo_depth(&harness), 2);
}

#[test]
fn the_model_is_renamed_in_its_properties() {
    let (_serial, _dir, mut harness) = open_web_app();
    let start = model_copy(&harness);
    open_model_window(&mut harness, "Model Properties…");
    type_into(&mut harness, "Model name", "Shop");
    harness
        .get_by_role_and_label(Role::TextInput, "Model name")
        .type_text(" v2");
    harness.run();
    assert_eq!(model_copy(&harness).name, "Shop v2");
    assert_eq!(undo_depth(&harness), 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(model_copy(&harness).name, start.name);
}
