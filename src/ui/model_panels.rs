//! The Model menu and its windows: contracts, client releases, decisions and the model's own
//! name and description. Each window edits a copy of one record and hands back one patch, which
//! the app applies through the document's history like any other edit.

use eframe::egui;
use egui::{Button, Ui};

use super::actions::Action;
use super::contracts::ContractsPanel;
use super::decisions::DecisionsPanel;
use super::document::Document;
use super::form::{Edit, EditOutput, FocusWatch, Form, fields};
use super::releases::ReleasesPanel;
use crate::commands::{Meta, edits};
use crate::model::{Model, NodeKind};
use crate::scene::ElementRef;

/// One of the Model menu's windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPanel {
    /// The contracts window.
    Contracts,
    /// The client releases window.
    Releases,
    /// The decisions window.
    Decisions,
    /// The model's name and description.
    Properties,
}

/// The Model menu's windows and what each is showing.
#[derive(Debug, Default)]
pub struct ModelPanels {
    contracts: RecordWindow<ContractsPanel>,
    releases: RecordWindow<ReleasesPanel>,
    decisions: RecordWindow<DecisionsPanel>,
    properties: bool,
    /// Ends a typing gesture when the focus moves.
    focus: FocusWatch,
}

impl ModelPanels {
    /// Opens (or brings back) one window.
    pub fn open(&mut self, panel: ModelPanel) {
        match panel {
            ModelPanel::Contracts => self.contracts.open = true,
            ModelPanel::Releases => self.releases.open = true,
            ModelPanel::Decisions => self.decisions.open = true,
            ModelPanel::Properties => self.properties = true,
        }
    }

    /// Whether a window is open.
    pub fn is_open(&self, panel: ModelPanel) -> bool {
        match panel {
            ModelPanel::Contracts => self.contracts.open,
            ModelPanel::Releases => self.releases.open,
            ModelPanel::Decisions => self.decisions.open,
            ModelPanel::Properties => self.properties,
        }
    }

    /// Shows the open windows; `selection` is the app's selection (decisions can link it).
    pub fn ui(&mut self, ui: &Ui, doc: &Document, selection: &[ElementRef]) -> EditOutput {
        let ctx = ui.ctx();
        let model = doc.model();
        let mut out = EditOutput {
            seal: self.focus.moved(ui),
            edit: None,
        };
        let edits = [
            self.contracts.show(ctx, model, selection),
            self.releases.show(ctx, model, selection),
            self.decisions.show(ctx, model, selection),
            properties_window(ctx, &mut self.properties, model),
        ];
        // Only one widget changes per frame, so at most one window has an edit.
        out.edit = edits.into_iter().flatten().next();
        out
    }
}

/// The Model menu's items.
pub fn menu_items(ui: &mut Ui, has_document: bool, action: &mut Option<Action>) {
    for (panel, text) in [
        (ModelPanel::Contracts, "Contracts…"),
        (ModelPanel::Releases, "Client Releases…"),
        (ModelPanel::Decisions, "Decisions…"),
    ] {
        if ui.add_enabled(has_document, Button::new(text)).clicked() {
            *action = Some(Action::ModelPanel(panel));
        }
    }
    ui.separator();
    let properties = Button::new("Model Properties…");
    if ui.add_enabled(has_document, properties).clicked() {
        *action = Some(Action::ModelPanel(ModelPanel::Properties));
    }
}

/// The records a record window lists on the left, and the form for the selected one on the right.
pub(super) trait Records {
    /// The window's title.
    const TITLE: &'static str;
    /// The records, and the button that adds one.
    fn list(&mut self, ui: &mut Ui, model: &Model) -> Option<Edit>;
    /// The selected record's fields; `selection` is the app's selection, for records that link it.
    fn form(&mut self, ui: &mut Ui, model: &Model, selection: &[ElementRef]) -> Option<Edit>;
}

/// A window that lists records and edits the selected one, and whether it is shown.
#[derive(Debug, Default)]
struct RecordWindow<R> {
    open: bool,
    records: R,
}

impl<R: Records> RecordWindow<R> {
    /// Shows the window if open, first in the middle of the app; returns the edit made in it.
    fn show(
        &mut self,
        ctx: &egui::Context,
        model: &Model,
        selection: &[ElementRef],
    ) -> Option<Edit> {
        let records = &mut self.records;
        egui::Window::new(R::TITLE)
            .open(&mut self.open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_size([680.0, 560.0])
            .min_width(480.0)
            .collapsible(false)
            .constrain_to(super::window_place::room(ctx))
            .show(ctx, |ui| {
                ui.horizontal_top(|ui| {
                    let added = column(ui, "records", Some(200.0), |ui| records.list(ui, model));
                    ui.separator();
                    let edited =
                        column(ui, "record", None, |ui| records.form(ui, model, selection));
                    added.or(edited)
                })
                .inner
            })
            .and_then(|r| r.inner)
            .flatten()
    }
}

/// One scrolling column of a record window (`width` wide, or as wide as is left).
fn column<T>(ui: &mut Ui, id_salt: &str, width: Option<f32>, add: impl FnOnce(&mut Ui) -> T) -> T {
    ui.vertical(|ui| {
        if let Some(width) = width {
            ui.set_width(width);
        }
        egui::ScrollArea::vertical()
            .id_salt(id_salt)
            .auto_shrink([false, false])
            .show(ui, add)
            .inner
    })
    .inner
}

/// The records to pick from, by key and name, with `empty` said when there are none. Keeps
/// `selected` on an existing record (the first, when it is gone); returns whether it changed.
pub(super) fn record_list<K: PartialEq + Clone>(
    ui: &mut Ui,
    selected: &mut Option<K>,
    records: &[(K, String)],
    empty: &str,
) -> bool {
    // Something is always being edited while there is something to edit.
    let exists = selected
        .as_ref()
        .is_some_and(|s| records.iter().any(|(k, _)| k == s));
    let mut changed = !exists;
    if !exists {
        *selected = records.first().map(|(k, _)| k.clone());
    }
    for (key, name) in records {
        let on = selected.as_ref() == Some(key);
        if ui.selectable_label(on, name.as_str()).clicked() {
            *selected = Some(key.clone());
            changed = true;
        }
    }
    if records.is_empty() {
        ui.weak(empty);
    }
    ui.add_space(6.0);
    changed
}

/// The nodes whose kind passes `keep`, as (id, name) sorted by name: the choices of a reference.
pub(super) fn nodes_by_name(
    model: &Model,
    keep: impl Fn(&NodeKind) -> bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = model
        .nodes()
        .filter(|n| keep(&n.kind))
        .map(|n| (n.id.clone(), n.name.clone()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// An error message under a form, in the theme's error colour.
pub(super) fn error_line(ui: &mut Ui, message: &str) {
    let color = ui.visuals().error_fg_color;
    ui.colored_label(color, message);
}

/// The model's name and description.
fn properties_window(ctx: &egui::Context, open: &mut bool, model: &Model) -> Option<Edit> {
    let mut edit = None;
    egui::Window::new("Model Properties")
        .open(open)
        .default_width(420.0)
        .collapsible(false)
        .constrain_to(super::window_place::room(ctx))
        .show(ctx, |ui| {
            let mut meta = Meta::of(model);
            let mut form = Form::new("model", ui.available_width());
            fields(ui, |ui| {
                form.text(ui, "Model name", &mut meta.name, false);
                form.text(ui, "Model description", &mut meta.description, true);
            });
            edit = form.finish(|label| edits::set_meta(model, meta, label));
        });
    edit
}

impl super::app::ArchApp {
    /// The Model menu's windows; their edits go through the document's history.
    pub(super) fn model_panels_ui(&mut self, ui: &Ui) {
        let selection = self.selected();
        let Some(doc) = &self.doc else { return };
        let out = self.panels.ui(ui, doc, &selection);
        if out.seal
            && let Some(doc) = self.doc.as_mut()
        {
            doc.seal();
        }
        if let Some((patch, key)) = out.edit {
            self.apply_edit(patch, key);
        }
    }
}
