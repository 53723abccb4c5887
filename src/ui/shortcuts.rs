//! Help → Keyboard Shortcuts: a window listing every shortcut and pointer gesture of the app.

use eframe::egui;
use egui::{Grid, KeyboardShortcut, RichText, Ui, Window};

use super::actions::{self, Action};
use super::edit;
use super::export_dialog;

/// The Help menu's items.
pub fn help_menu(ui: &mut Ui, action: &mut Option<Action>) {
    if ui.button("Keyboard Shortcuts").clicked() {
        *action = Some(Action::Shortcuts);
    }
}

/// Every shortcut as (keys, what it does), grouped under headings.
pub fn list(ctx: &egui::Context) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let key = |s: &KeyboardShortcut| ctx.format_shortcut(s);
    vec![
        (
            "File",
            vec![
                (key(&actions::NEW), "New model"),
                (key(&actions::OPEN), "Open a model"),
                (key(&actions::SAVE), "Save"),
                (key(&actions::SAVE_AS), "Save as"),
                (key(&export_dialog::SHORTCUT), "Export"),
                (key(&actions::QUIT), "Quit"),
            ],
        ),
        (
            "Edit",
            vec![
                (key(&edit::UNDO), "Undo"),
                (
                    format!("{} or {}", key(&edit::REDO), key(&edit::REDO_Y)),
                    "Redo",
                ),
                (key(&edit::SELECT_ALL), "Select all"),
                ("Delete or Backspace".into(), "Delete the selection"),
                (
                    "Arrow keys".into(),
                    "Nudge the selected nodes (one grid step when snapping)",
                ),
            ],
        ),
        (
            "Canvas",
            vec![
                ("Click".into(), "Select a node, link or zone"),
                ("Drag a node".into(), "Move it (with every selected node)"),
                ("Drag the background".into(), "Pan"),
                ("Middle-drag".into(), "Pan"),
                ("Scroll or pinch".into(), "Zoom around the pointer"),
                ("Double-click".into(), "Frame the element (or everything)"),
                ("F".into(), "Fit the diagram to the window"),
                ("+ / -".into(), "Zoom in / out"),
                ("Drop a .ron file".into(), "Open it"),
            ],
        ),
    ]
}

/// Shows the shortcuts window while `open` is set.
pub fn window(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    let groups = list(ctx);
    Window::new("Keyboard Shortcuts")
        .open(open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            for (heading, rows) in groups {
                ui.add_space(4.0);
                ui.strong(heading);
                Grid::new(heading)
                    .num_columns(2)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        for (keys, what) in rows {
                            ui.label(RichText::new(keys).monospace());
                            ui.label(what);
                            ui.end_row();
                        }
                    });
            }
        });
}
