//! The menu bar: File, Edit, View and Help. Every item returns an [`Action`] the app carries out.

use eframe::egui;
use egui::{Button, MenuBar, ThemePreference, Ui};

use super::actions::{self, Action};
use super::recent::RecentFiles;

/// What the menus need to know to show the right items.
pub struct MenuState<'a> {
    /// Whether a model is open (Save, Fit and zoom need one).
    pub has_document: bool,
    /// Recently opened files, for File → Open Recent.
    pub recent: &'a mut RecentFiles,
    /// The chosen theme.
    pub theme: ThemePreference,
    /// Which review views are shown.
    pub review: super::review::Shown,
    /// What Edit → Undo/Redo/Delete need to know.
    pub edit: super::edit::EditMenuState<'a>,
    /// Whether moved nodes snap to the grid.
    pub snap: bool,
    /// Presenting, zone focus and the side panels.
    pub chrome: super::chrome::MenuState<'a>,
    /// Whether files are chosen by typing a path in the app rather than in the system's dialog.
    pub typed_paths: bool,
}

/// Shows the menu bar; returns the item chosen, if any.
pub fn bar(ui: &mut Ui, state: MenuState<'_>) -> Option<Action> {
    let mut action = None;
    MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            file_menu(ui, state.has_document, state.recent, &mut action);
            let typed = Button::selectable(state.typed_paths, "Type File Paths");
            let typed = ui.add(typed).on_hover_text(
                "Choose files by typing their path in the app instead of the system's file dialog",
            );
            if typed.clicked() {
                action = Some(Action::ToggleTypedPaths);
            }
        });
        ui.menu_button("Edit", |ui| {
            super::edit::edit_menu(ui, &state.edit, &mut action)
        });
        ui.menu_button("Model", |ui| {
            super::model_panels::menu_items(ui, state.has_document, &mut action)
        });
        ui.menu_button("View", |ui| view_menu(ui, &state, &mut action));
        ui.menu_button("Help", |ui| super::shortcuts::help_menu(ui, &mut action));
    });
    action
}

fn item(ui: &mut Ui, enabled: bool, text: &str, shortcut: Option<String>) -> bool {
    let mut button = Button::new(text);
    if let Some(s) = shortcut {
        button = button.shortcut_text(s);
    }
    ui.add_enabled(enabled, button).clicked()
}

fn file_menu(
    ui: &mut Ui,
    has_document: bool,
    recent: &mut RecentFiles,
    action: &mut Option<Action>,
) {
    let key = |s| Some(ui.ctx().format_shortcut(s));
    let export = key(&super::export_dialog::SHORTCUT);
    let (new, open, save, save_as, quit) = (
        key(&actions::NEW),
        key(&actions::OPEN),
        key(&actions::SAVE),
        key(&actions::SAVE_AS),
        key(&actions::QUIT),
    );
    if item(ui, true, "New", new) {
        *action = Some(Action::New);
    }
    if item(ui, true, "Open…", open) {
        *action = Some(Action::Open);
    }
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Open Recent", |ui| recent_menu(ui, recent, action));
    });
    if item(ui, true, "Import…", None) {
        *action = Some(Action::Import);
    }
    ui.separator();
    if item(ui, has_document, "Save", save) {
        *action = Some(Action::Save);
    }
    if item(ui, has_document, "Save As…", save_as) {
        *action = Some(Action::SaveAs);
    }
    if item(ui, has_document, "Export…", export) {
        *action = Some(Action::Export);
    }
    if item(ui, has_document, "Compare With…", None) {
        *action = Some(Action::CompareWith);
    }
    ui.separator();
    if item(ui, true, "Quit", quit) {
        *action = Some(Action::Quit);
    }
}

fn recent_menu(ui: &mut Ui, recent: &mut RecentFiles, action: &mut Option<Action>) {
    for file in recent.files() {
        let label = file.path.display().to_string();
        let response = ui
            .add_enabled(file.exists, Button::new(label.as_str()))
            .on_disabled_hover_text("File not found");
        if response.clicked() {
            *action = Some(Action::OpenPath(file.path.clone()));
        }
    }
    ui.separator();
    if ui.button("Clear Recent Files").clicked() {
        *action = Some(Action::ClearRecent);
    }
}

fn view_menu(ui: &mut Ui, state: &MenuState<'_>, action: &mut Option<Action>) {
    let (has_document, theme) = (state.has_document, state.theme);
    if item(ui, has_document, "Fit to Window", Some("F".into())) {
        *action = Some(Action::Fit);
    }
    if item(
        ui,
        has_document,
        "Zoom to Selection",
        Some("Shift+F".into()),
    ) {
        *action = Some(Action::ZoomToSelection);
    }
    if item(ui, has_document, "Zoom In", Some("+".into())) {
        *action = Some(Action::ZoomIn);
    }
    if item(ui, has_document, "Zoom Out", Some("-".into())) {
        *action = Some(Action::ZoomOut);
    }
    let snap = Button::selectable(state.snap, "Snap to Grid");
    if ui.add_enabled(has_document, snap).clicked() {
        *action = Some(Action::ToggleSnap);
    }
    ui.separator();
    if item(ui, has_document, "Tidy Layout", None) {
        *action = Some(Action::TidyLayout(false));
    }
    let selected = has_document && state.edit.has_selection;
    if item(ui, selected, "Tidy Selected Nodes", None) {
        *action = Some(Action::TidyLayout(true));
    }
    ui.separator();
    if let Some(chosen) = super::chrome::menu_items(ui, state.chrome) {
        *action = Some(chosen);
    }
    if let Some(view) = super::review::menu_items(ui, has_document, state.review) {
        *action = Some(Action::Review(view));
    }
    ui.separator();
    for (pref, label) in [
        (ThemePreference::Light, "Light Theme"),
        (ThemePreference::Dark, "Dark Theme"),
        (ThemePreference::System, "System Theme"),
    ] {
        if ui.add(Button::selectable(theme == pref, label)).clicked() {
            *action = Some(Action::Theme(pref));
        }
    }
}
