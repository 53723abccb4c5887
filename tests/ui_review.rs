//! The live design review in the app, driven with egui_kittest: the findings panel, triage kept in
//! the model file, stale triage, and the checklist and version-skew windows.
#![cfg(feature = "gui")]

mod ui_support;

use std::path::PathBuf;
use std::sync::MutexGuard;

use archmodel::analysis::{self, Finding};
use archmodel::io::{self, recovery::RecoveryStore};
use archmodel::model::{Model, Triage, TriageStatus};
use archmodel::scene::ElementRef;
use archmodel::ui::dialogs::PresetDialogs;
use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::*;

/// One test at a time (see [`serial`]), each starting with an empty recovery folder, so no test
/// is offered another's unsaved work.
fn serial_with_empty_recovery() -> MutexGuard<'static, ()> {
    let guard = serial();
    if let Ok(entries) = std::fs::read_dir(recovery_dir()) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    guard
}

/// The app with `file` open, in a window tall enough for the findings panel.
fn review_app(file: PathBuf) -> App {
    let harness = launch(
        vec2(1280.0, 900.0),
        PresetDialogs::new(),
        Some(file),
        RecoveryStore::default_location(),
    );
    assert!(harness.state().document().is_some(), "the model opened");
    harness
}

/// The first untriaged finding whose primary element is a node (so it has a badge and a box).
fn untriaged_node_finding(model: &Model) -> Finding {
    analysis::check(model)
        .into_iter()
        .find(|f| analysis::triage_of(model, &f.key).is_none() && model.node(f.primary()).is_some())
        .expect("the example has an untriaged finding on a node")
}

fn row_label(f: &Finding) -> String {
    format!("{} — {}", f.title, f.message)
}

#[test]
fn the_panel_lists_findings_and_triage_is_saved_in_the_file() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let model = io::load(&path).expect("the example loads");
    let findings = analysis::check(&model);
    assert!(!findings.is_empty());
    let mut harness = review_app(path.clone());

    let untriaged = findings
        .iter()
        .filter(|f| analysis::triage_of(&model, &f.key).is_none())
        .count();
    let summary = harness
        .get_by_label_contains(" to review · ")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(
        summary.starts_with(&format!("{untriaged} to review · ")),
        "{summary}"
    );
    // Most severe first by default; grouped by area on request, the first area's header on top.
    let first_area = analysis::Area::ALL
        .into_iter()
        .find(|a| findings.iter().any(|f| f.area == *a))
        .expect("an area with findings");
    let header = format!("▼ {} (", first_area.label());
    assert!(harness.query_by_label_contains(&header).is_none());
    harness.get_by_label("Group by area").click();
    harness.run();
    harness.get_by_label_contains(&header);
    harness.get_by_label("Group by area").click();
    harness.run();

    let finding = untriaged_node_finding(&model);
    // Narrow the list to the one finding, so its row is in view whatever the panel's height.
    harness.get_by_label("Filter").click();
    harness.run();
    harness.get_by_label("Filter").type_text(&finding.key);
    harness.run();
    harness.get_by_label(&row_label(&finding)).click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&ElementRef::node(finding.primary())),
        "picking a finding selects its element"
    );
    let rule = analysis::rule(finding.rule).expect("the finding's rule");
    harness.get_by_label(rule.why);
    harness.get_by_label(rule.fix);

    let accepted = harness.get_by_role_and_label(Role::RadioButton, "Accepted");
    accepted.scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Accepted")
        .click();
    harness.run();
    click_in_view(&mut harness, "Triage note");
    harness.run();
    harness
        .get_by_label("Triage note")
        .type_text("Reviewed with the platform team");
    harness.run();
    click_in_view(&mut harness, "Save triage");
    harness.run();
    let doc = harness.state().document().expect("a document");
    assert!(doc.is_dirty(), "triage is an edit");
    assert_eq!(
        doc.history().undo_label(),
        Some("Triage finding"),
        "and undoable"
    );
    assert_eq!(
        analysis::triage_of(doc.model(), &finding.key).map(|t| t.status),
        Some(TriageStatus::Accepted)
    );
    harness.get_by_label(&format!("[Accepted] {}", row_label(&finding)));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().document().expect("a document").is_dirty());

    let reloaded = io::load(&path).expect("the saved file loads");
    let triage = analysis::triage_of(&reloaded, &finding.key).expect("the triage was saved");
    assert_eq!(triage.status, TriageStatus::Accepted);
    assert_eq!(triage.note, "Reviewed with the platform team");
}

#[test]
fn the_severity_filter_hides_milder_findings() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let model = io::load(&path).expect("the example loads");
    let findings = analysis::check(&model);
    let low = findings
        .iter()
        .find(|f| f.severity == analysis::Severity::Low)
        .expect("a low finding");
    let mut harness = review_app(path);
    harness.get_by_label("Filter").click();
    harness.run();
    harness.get_by_label("Filter").type_text(&low.key);
    harness.run();
    harness.get_by_label_contains(&low.message);
    harness.get_by_label("Minimum severity").click();
    harness.run();
    harness.get_by_label("high").click();
    harness.run();
    assert!(harness.query_by_label_contains(&low.message).is_none());
    harness.get_by_label("No findings match the filter.");
}

#[test]
fn stale_triage_is_listed_and_can_be_removed() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut model = io::load(&path).expect("the example loads");
    model.triage.push(Triage {
        finding: "plaintext-link@long-gone".into(),
        status: TriageStatus::Mitigated,
        note: "Link removed".into(),
    });
    io::save(&model, &path).expect("save");
    let before = model.triage.len();
    let mut harness = review_app(path);
    harness.get_by_label("Stale triage (1)");
    harness.get_by_label("plaintext-link@long-gone");
    click_in_view(&mut harness, "Remove");
    harness.run();
    let doc = harness.state().document().expect("a document");
    assert_eq!(doc.model().triage.len(), before - 1);
    assert!(analysis::triage_of(doc.model(), "plaintext-link@long-gone").is_none());
    assert!(doc.is_dirty());
    assert!(harness.query_by_label("Stale triage (1)").is_none());
}

#[test]
fn many_stale_entries_scroll_in_a_few_rows_and_leave_the_findings_in_view() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let mut model = io::load(&path).expect("the example loads");
    let findings = analysis::check(&model);
    for n in 0..40 {
        model.triage.push(Triage {
            finding: format!("plaintext-link@gone-{n}"),
            status: TriageStatus::Accepted,
            note: String::new(),
        });
    }
    io::save(&model, &path).expect("save");
    let harness = review_app(path);
    harness.get_by_label("Stale triage (40)");
    harness.get_by_label("plaintext-link@gone-0");
    // Only the rows in view are built: the last is further down its own list.
    assert!(harness.query_by_label("plaintext-link@gone-39").is_none());
    // The findings list below is still on screen: its first area's header at least.
    // The findings list below is still on screen.
    let shown = findings
        .iter()
        .find_map(|f| harness.query_by_label_contains(&f.message))
        .expect("a finding row");
    assert!(
        shown.rect().max.y <= 900.0,
        "the findings list in the window: {:?}",
        shown.rect()
    );
}

#[test]
fn the_view_menu_shows_the_checklist_and_the_version_skew_matrix() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let model = io::load(&path).expect("the example loads");
    let steps = analysis::checklist(&model, &analysis::check(&model));
    let matrix = analysis::skew_matrix(&model);
    let mut harness = review_app(path);

    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Paradigm Checklist").click();
    harness.run();
    for step in &steps {
        harness.get_by_label(&format!("{}. {}", step.number, step.title));
    }

    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Version Skew").click();
    harness.run();
    for column in &matrix.columns {
        assert!(harness.query_all_by_label(&column.name).count() >= 1);
    }
    let broken = matrix.broken().count();
    assert!(
        broken > 0,
        "the example has a release the server no longer serves"
    );
    assert_eq!(harness.query_all_by_label("broken").count(), broken);

    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Findings Panel").click();
    harness.run();
    assert!(
        harness.query_by_label("Filter").is_none(),
        "the panel is hidden"
    );
}

#[test]
fn a_picked_findings_details_sit_beside_the_list_not_over_it() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let model = io::load(&path).expect("the example loads");
    let finding = untriaged_node_finding(&model);
    let mut harness = review_app(path);
    harness.get_by_label(&row_label(&finding)).click();
    harness.run();
    let close = harness.get_by_label("Close details").rect();
    let toolbar = harness.get_by_label("Show triaged").rect();
    assert!(
        !close.intersects(toolbar),
        "details {close:?} over the toolbar {toolbar:?}"
    );
    let row = harness.get_by_label(&row_label(&finding)).rect();
    for verdict in ["Accepted", "Mitigated", "False positive", "In progress"] {
        let radio = harness
            .get_by_role_and_label(Role::RadioButton, verdict)
            .rect();
        assert!(
            !radio.intersects(row),
            "{verdict} {radio:?} over the row {row:?}"
        );
        assert!(
            radio.left() > row.right(),
            "the details are right of the list"
        );
    }
    harness.get_by_label("Close details").click();
    harness.run();
    assert!(harness.query_by_label("Close details").is_none());
    let row = harness.get_by_label(&row_label(&finding)).rect();
    assert!(
        row.right() > close.left(),
        "closed, the list takes the width"
    );
}

#[test]
fn the_panel_takes_no_room_without_findings() {
    let _serial = serial_with_empty_recovery();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.ron");
    io::save(&Model::default(), &path).expect("save");
    let harness = review_app(path);
    assert!(analysis::check(model(&harness)).is_empty());
    assert!(harness.query_by_label_contains(" to review · ").is_none());
    assert!(harness.query_by_label("Show triaged").is_none());
}
