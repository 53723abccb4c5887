//! Room for the canvas and presenting, driven with egui_kittest: the canvas's size in common
//! windows, collapsing the side panels, the toolbar in a narrow window, presentation mode and
//! zone focus.
#![cfg(feature = "gui")]

mod ui_support;

use archmodel::analysis;
use archmodel::io::recovery::RecoveryStore;
use archmodel::scene::ElementRef;
use archmodel::ui::dialogs::PresetDialogs;
use archmodel::ui::present::Slide;
use eframe::egui::{Key, Modifiers, Vec2, vec2};
use egui_kittest::kittest::Queryable;
use ui_support::*;

/// The bundled web-app example open in a window of `size`.
fn web_app_in(size: Vec2) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = web_app(dir.path());
    let harness = launch(
        size,
        PresetDialogs::new(),
        Some(path),
        RecoveryStore::default_location(),
    );
    assert!(harness.state().document().is_some(), "the model opened");
    (dir, harness)
}

fn canvas_size(harness: &App) -> Vec2 {
    harness
        .state()
        .canvas()
        .rect()
        .expect("canvas shown")
        .size()
}

#[test]
fn the_canvas_keeps_most_of_a_laptop_window() {
    let _serial = serial();
    let (_dir, harness) = web_app_in(vec2(1280.0, 800.0));
    let size = canvas_size(&harness);
    println!("canvas at 1280×800: {:.0}×{:.0}", size.x, size.y);
    // Outline, inspector and findings panel shown: the canvas still gets the larger part.
    assert!(size.x >= 720.0 && size.y >= 480.0, "{size:?}");
}

#[test]
fn a_small_window_collapses_the_side_panels_and_keeps_the_toolbar_on_one_row() {
    let _serial = serial();
    let (_dir, harness) = web_app_in(vec2(900.0, 600.0));
    let size = canvas_size(&harness);
    println!("canvas at 900×600: {:.0}×{:.0}", size.x, size.y);
    assert!(size.x >= 880.0 && size.y >= 280.0, "{size:?}");
    assert!(
        harness.query_by_label("Web shop").is_none(),
        "outline hidden"
    );
    // Every palette tool is still there, as an icon, on the toolbar's one row.
    let undo = harness.get_by_label("Undo").rect();
    for kind in [
        "Client", "Server", "Peer", "Gateway", "Store", "CDN", "User",
    ] {
        let tool = harness.get_by_label(&format!("Add {kind}")).rect();
        assert!(
            (tool.center().y - undo.center().y).abs() < 2.0,
            "{kind} on the row"
        );
    }
    let canvas = harness.state().canvas().rect().expect("canvas shown");
    assert!(
        canvas.top() > undo.bottom(),
        "the toolbar is above the canvas"
    );
}

#[test]
fn a_very_narrow_window_puts_the_rest_of_the_palette_under_more() {
    let _serial = serial();
    let (_dir, mut harness) = web_app_in(vec2(720.0, 520.0));
    harness.get_by_label("More").click();
    harness.run();
    harness.get_by_label("Add User");
}

#[test]
fn the_side_panels_toggle_from_the_keyboard_and_the_toolbar() {
    let _serial = serial();
    let (_dir, mut harness) = web_app_in(vec2(1280.0, 800.0));
    let before = canvas_size(&harness);
    harness.get_by_label("Web shop");
    press(&mut harness, Modifiers::COMMAND, Key::OpenBracket);
    assert!(harness.query_by_label("Web shop").is_none());
    let wider = canvas_size(&harness);
    assert!(wider.x > before.x + 150.0, "{before:?} → {wider:?}");
    harness.get_by_label("Inspector panel").click();
    harness.run();
    let widest = canvas_size(&harness);
    assert!(widest.x > wider.x + 200.0, "{wider:?} → {widest:?}");
    println!("canvas at 1280×800, side panels hidden: {widest:?}");
    press(&mut harness, Modifiers::COMMAND, Key::OpenBracket);
    harness.get_by_label("Web shop");
    // Ctrl+\ hides every panel; again brings back what was shown.
    press(&mut harness, Modifiers::COMMAND, Key::Backslash);
    assert!(harness.query_by_label("Web shop").is_none());
    press(&mut harness, Modifiers::COMMAND, Key::Backslash);
    harness.get_by_label("Web shop");
    // Ctrl+J hides the findings panel: the canvas grows taller.
    let before = canvas_size(&harness);
    press(&mut harness, Modifiers::COMMAND, Key::J);
    assert!(harness.query_by_label("Show triaged").is_none());
    assert!(canvas_size(&harness).y > before.y + 100.0);
}

#[test]
fn presenting_fills_the_window_and_steps_through_zones_findings_and_the_checklist() {
    let _serial = serial();
    let (_dir, mut harness) = web_app_in(vec2(1280.0, 800.0));
    let model = model(&harness).clone();
    press(&mut harness, Modifiers::NONE, Key::F11);
    assert_eq!(harness.state().presented(), Some(&Slide::Overview));
    assert!(harness.query_by_label("File").is_none(), "no menu bar");
    assert!(harness.query_by_label("Undo").is_none(), "no toolbar");
    let canvas = harness.state().canvas().rect().expect("canvas shown");
    assert_eq!(canvas.width(), 1280.0);
    assert_eq!(canvas.top(), 0.0);

    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    let Some(Slide::Zone { id, name, .. }) = harness.state().presented().cloned() else {
        panic!("the zones come after the overview");
    };
    assert_eq!(id, model.zones[0].id);
    harness.get_by_label(&name);
    assert_eq!(harness.state().canvas().focused_zone(), Some(id.as_str()));

    // F jumps to the open findings, most severe first, each framed with its caption.
    press(&mut harness, Modifiers::NONE, Key::F);
    let Some(Slide::Finding(finding)) = harness.state().presented().cloned() else {
        panic!("F jumps to the findings");
    };
    let findings = analysis::check(&model);
    let open = analysis::open_findings(&model, &findings);
    let worst = open
        .iter()
        .map(|f| f.severity)
        .max()
        .expect("open findings");
    assert_eq!(finding.severity, worst);
    harness.get_by_label(finding.title);
    harness.get_by_label(&finding.message);
    let rule = analysis::rule(finding.rule).expect("its rule");
    harness.get_by_label(rule.fix);
    let (centre, _) = screen_rect(&harness, &ElementRef::node(finding.primary()));
    assert!(canvas.contains(centre), "the finding's element is in view");
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    assert_ne!(
        harness.state().presented(),
        Some(&Slide::Finding(finding.clone()))
    );
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    assert_eq!(
        harness.state().presented(),
        Some(&Slide::Finding(finding.clone()))
    );

    // C walks the checklist, one step per screen.
    press(&mut harness, Modifiers::NONE, Key::C);
    harness.get_by_label_contains("Step 1: Define responsibilities");
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    harness.get_by_label_contains("Step 2: Document the contracts");

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().presented().is_none());
    harness.get_by_label("File");
    assert!(harness.state().canvas().focused_zone().is_none());
    assert!(!harness.state().document().expect("doc").is_dirty());
}

#[test]
fn focusing_a_zone_dims_the_rest_until_escape() {
    let _serial = serial();
    let (_dir, mut harness) = web_app_in(vec2(1280.0, 800.0));
    let zone = model(&harness).zones[0].id.clone();
    let element = ElementRef::zone(zone.as_str());
    let (centre, size) = screen_rect(&harness, &element);
    // The zone's title band, clear of the nodes inside it.
    let at = centre - vec2(0.0, size.y / 2.0 - 8.0);
    for pressed in [true, false] {
        pointer(&mut harness, at, None, Modifiers::NONE);
        harness.event(eframe::egui::Event::PointerButton {
            pos: at,
            button: eframe::egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&element),
        "right-clicked the zone"
    );
    harness.get_by_label_contains("Focus on Zone").click();
    harness.run();
    assert_eq!(harness.state().canvas().focused_zone(), Some(zone.as_str()));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().canvas().focused_zone().is_none());
    assert_eq!(
        harness.state().selection(),
        Some(&element),
        "Escape cleared the focus first, not the selection"
    );
}

#[test]
fn both_themes_dress_the_panels_in_the_canvas_palette_with_icon_tools() {
    use archmodel::scene::Theme;
    use archmodel::ui::look::Palette;
    let _serial = serial();
    let (_dir, mut harness) = web_app_in(vec2(1280.0, 800.0));
    for (item, palette, theme, dark) in [
        ("Dark Theme", Palette::DARK, Theme::dark(), true),
        ("Light Theme", Palette::LIGHT, Theme::light(), false),
    ] {
        harness.get_by_label("View").click();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
        let visuals = harness.ctx.style_of(harness.ctx.theme()).visuals.clone();
        assert_eq!(visuals.dark_mode, dark);
        assert_eq!(visuals.panel_fill, palette.panel);
        let selection = theme.selection;
        let accent = eframe::egui::Color32::from_rgb(selection.r, selection.g, selection.b);
        assert_eq!(palette.accent, accent, "selections look alike everywhere");
    }
    for tool in ["Undo", "Redo", "Zoom in", "Zoom out", "Fit", "Present"] {
        harness.get_by_label(tool);
    }
    // Severity chips read as words in the finding's details.
    let model = model(&harness).clone();
    let findings = analysis::check(&model);
    let finding = findings
        .iter()
        .find(|f| analysis::triage_of(&model, &f.key).is_none())
        .cloned()
        .expect("an untriaged finding");
    let title = archmodel::ui::look::severity_title(finding.severity);
    assert!(harness.query_by_label(title).is_none());
    harness
        .get_by_label(&format!("{} — {}", finding.title, finding.message))
        .click();
    harness.run();
    harness.get_by_label(title);
}
