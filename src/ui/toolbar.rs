//! The toolbar across the top of the window, in one row: the outline toggle, undo and redo, the
//! palette, then zoom, fit, the open findings, presenting and the inspector toggle on the right.
//! In a narrow window the palette drops its names, then puts what does not fit under "More".

use eframe::egui;
use egui::{Align, Layout, Rect, Sense, Ui, UiBuilder, vec2};

use super::actions::Action;
use super::chrome::{SidePanel, ViewCommand};
use super::glyphs::{self, BUTTON, Glyph};
use super::look;
use super::review::ReviewView;
use crate::analysis::Severity;

/// Room the right-hand group takes: five icon buttons, the zoom level and the findings chip.
const RIGHT_W: f32 = 6.0 * BUTTON + 52.0 + 110.0;

/// What the toolbar shows.
#[derive(Debug, Clone, Copy)]
pub struct ToolbarState {
    /// Whether Undo and Redo have something to do.
    pub can_undo: bool,
    /// See `can_undo`.
    pub can_redo: bool,
    /// The canvas's zoom (1 = 100 %).
    pub zoom: f32,
    /// Whether the outline is shown.
    pub outline: bool,
    /// Whether the inspector is shown.
    pub inspector: bool,
    /// How many findings are open and the worst of them.
    pub open_findings: (usize, Option<Severity>),
    /// Whether the findings panel is shown.
    pub findings_shown: bool,
}

/// Shows the toolbar; returns what was clicked.
pub fn ui(ui: &mut Ui, state: ToolbarState) -> Vec<Action> {
    let mut out = Vec::new();
    let full = ui.available_rect_before_wrap();
    let row = Rect::from_min_size(full.min, vec2(full.width(), BUTTON + 4.0));
    let right = Rect::from_min_max(
        egui::pos2((row.right() - RIGHT_W).max(row.left()), row.top()),
        row.max,
    );
    let left = Rect::from_min_max(row.min, egui::pos2(right.left() - 8.0, row.bottom()));
    let layout = Layout::left_to_right(Align::Center);
    ui.scope_builder(UiBuilder::new().max_rect(left).layout(layout), |ui| {
        left_group(ui, &state, &mut out);
        ui.separator();
        let room = ui.available_width();
        out.extend(super::palette::ui(ui, room));
    });
    let layout = Layout::right_to_left(Align::Center);
    ui.scope_builder(UiBuilder::new().max_rect(right).layout(layout), |ui| {
        right_group(ui, &state, &mut out);
    });
    ui.allocate_rect(row, Sense::hover());
    out
}

fn left_group(ui: &mut Ui, state: &ToolbarState, out: &mut Vec<Action>) {
    let ctx = ui.ctx().clone();
    let key = |s| ctx.format_shortcut(s);
    let hint = format!(
        "Show or hide the outline ({})",
        key(&super::chrome::TOGGLE_OUTLINE)
    );
    let outline = Glyph::LeftPanel;
    if glyphs::button_toggled(
        ui,
        outline,
        "Outline panel",
        &hint,
        true,
        Some(state.outline),
    )
    .clicked()
    {
        out.push(Action::View(ViewCommand::Toggle(SidePanel::Outline)));
    }
    ui.separator();
    let undo = format!("Undo ({})", key(&super::edit::UNDO));
    if glyphs::button(ui, Glyph::Undo, "Undo", &undo, state.can_undo).clicked() {
        out.push(Action::Undo);
    }
    let redo = format!("Redo ({})", key(&super::edit::REDO));
    if glyphs::button(ui, Glyph::Redo, "Redo", &redo, state.can_redo).clicked() {
        out.push(Action::Redo);
    }
}

/// Laid out right to left: the first added is the rightmost.
fn right_group(ui: &mut Ui, state: &ToolbarState, out: &mut Vec<Action>) {
    let ctx = ui.ctx().clone();
    let key = |s| ctx.format_shortcut(s);
    let hint = format!(
        "Show or hide the inspector ({})",
        key(&super::chrome::TOGGLE_INSPECTOR)
    );
    let inspector = Glyph::RightPanel;
    if glyphs::button_toggled(
        ui,
        inspector,
        "Inspector panel",
        &hint,
        true,
        Some(state.inspector),
    )
    .clicked()
    {
        out.push(Action::View(ViewCommand::Toggle(SidePanel::Inspector)));
    }
    if glyphs::button(
        ui,
        Glyph::Present,
        "Present",
        "Present the model (F11)",
        true,
    )
    .clicked()
    {
        out.push(Action::View(ViewCommand::Present));
    }
    if findings_chip(ui, state) {
        out.push(Action::Review(ReviewView::Findings));
    }
    ui.separator();
    if glyphs::button(ui, Glyph::Fit, "Fit", "Show the whole diagram (F)", true).clicked() {
        out.push(Action::Fit);
    }
    if glyphs::button(ui, Glyph::ZoomIn, "Zoom in", "Zoom in (+)", true).clicked() {
        out.push(Action::ZoomIn);
    }
    ui.add_sized(
        vec2(44.0, BUTTON),
        egui::Label::new(format!("{:.0}%", state.zoom * 100.0)),
    );
    if glyphs::button(ui, Glyph::ZoomOut, "Zoom out", "Zoom out (-)", true).clicked() {
        out.push(Action::ZoomOut);
    }
}

/// "● 9 open", the dot in the colour of the worst open finding; clicking it shows or hides the
/// findings panel.
fn findings_chip(ui: &mut Ui, state: &ToolbarState) -> bool {
    let (count, worst) = state.open_findings;
    let text = if count == 0 {
        "No open findings".to_owned()
    } else {
        format!("{count} open")
    };
    let body = egui::TextStyle::Button.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    if let Some(severity) = worst {
        let dot = egui::TextFormat::simple(body.clone(), super::review::severity_color(severity));
        job.append("● ", 0.0, dot);
    }
    job.append(
        &text,
        0.0,
        egui::TextFormat::simple(body, ui.visuals().text_color()),
    );
    let response = ui.add(egui::Button::selectable(state.findings_shown, job));
    let hint = match worst {
        Some(s) => format!(
            "Open findings, the worst {}: show or hide the findings panel (Ctrl+J)",
            look::severity_title(s).to_lowercase()
        ),
        None => "Show or hide the findings panel (Ctrl+J)".to_owned(),
    };
    response.on_hover_text(hint).clicked()
}

impl super::app::ArchApp {
    /// The toolbar of the open document; returns what was clicked.
    pub(super) fn toolbar(&mut self, ui: &mut Ui, window: super::chrome::Window) -> Vec<Action> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let history = doc.history();
        let state = ToolbarState {
            can_undo: history.undo_label().is_some(),
            can_redo: history.redo_label().is_some(),
            zoom: self.canvas.view().zoom,
            outline: self.chrome.shows_outline(window),
            inspector: self.chrome.shows_inspector(window),
            open_findings: self.review.open_summary(doc),
            findings_shown: self.review.shown().findings,
        };
        self::ui(ui, state)
    }
}
