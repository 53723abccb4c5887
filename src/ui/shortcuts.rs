//! Help → Keyboard Shortcuts: a window listing every shortcut and pointer gesture of the app.

use eframe::egui;
use egui::{Grid, KeyboardShortcut, RichText, Ui, Window};

use super::actions::{self, Action};
use super::edit;
use super::export_dialog;
use super::{chrome, clipboard, find};

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
                (key(&edit::UNDO), "Undo the last edit"),
                (
                    format!("{} or {}", key(&edit::REDO), key(&edit::REDO_Y)),
                    "Redo what was undone",
                ),
                (key(&edit::SELECT_ALL), "Select all"),
                (key(&clipboard::CUT), "Cut the selection"),
                (
                    key(&clipboard::COPY),
                    "Copy the selection (paste it here or in another window)",
                ),
                (key(&clipboard::PASTE), "Paste copied elements"),
                (key(&clipboard::DUPLICATE), "Duplicate the selection"),
                (key(&find::SHORTCUT), "Find an element by name or id"),
                ("Delete or Backspace".into(), "Delete the selection"),
                (
                    "Escape".into(),
                    "Clear the selection; while dragging, cancel the drag",
                ),
                ("F2".into(), "Rename the selected node or zone in place"),
                (
                    key(&edit::GROUP),
                    "Group the selected nodes into a new trust zone",
                ),
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
                (
                    "Shift-click or Ctrl-click".into(),
                    "Add to the selection, or take out of it",
                ),
                (
                    "Drag the background".into(),
                    "Select what the band encloses (Shift: add)",
                ),
                (
                    "Drag a node".into(),
                    "Move it with every selected node; drop it in a zone to join it",
                ),
                (
                    "Drag a zone's title".into(),
                    "Move the zone with its members",
                ),
                (
                    "Drag from a node's handle".into(),
                    "Connect it to the node you drop on",
                ),
                (
                    "Click or drag a palette kind".into(),
                    "Add a node (beside the selection, or where dropped)",
                ),
                ("Space-drag, middle- or right-drag".into(), "Pan"),
                ("Scroll or pinch".into(), "Zoom around the pointer"),
                (
                    "Double-click".into(),
                    "Rename a node or zone; on a link, frame it; on the background, fit",
                ),
                (
                    "Right-click".into(),
                    "The element's menu; on the background, add a node there",
                ),
                ("F".into(), "Fit the diagram to the window"),
                ("Shift+F".into(), "Zoom to the selection"),
                ("+ / -".into(), "Zoom in / out"),
                ("Drop a .ron file".into(), "Open it"),
            ],
        ),
        (
            "View",
            vec![
                (key(&chrome::TOGGLE_OUTLINE), "Show or hide the outline"),
                (key(&chrome::TOGGLE_INSPECTOR), "Show or hide the inspector"),
                (key(&chrome::TOGGLE_FINDINGS), "Show or hide the findings"),
                (
                    key(&chrome::TOGGLE_PANELS),
                    "Hide every panel, or bring them back",
                ),
                ("Escape".into(), "Clear the zone focus"),
            ],
        ),
        (
            "Presenting",
            vec![
                (
                    key(&chrome::PRESENT),
                    "Present: the canvas fills the window",
                ),
                (
                    "Right, Down, Page Down or Space".into(),
                    "Next step (zone, finding, checklist step)",
                ),
                ("Left, Up or Page Up".into(), "Previous step"),
                ("Home / End".into(), "First / last step"),
                (
                    "Z, F, C".into(),
                    "Jump to the zones, the findings, the checklist",
                ),
                ("Escape or F11".into(), "Leave the presentation"),
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
    // Kept below the menu bar and as tall as the room there; the rest scrolls.
    let room = super::window_place::room(ctx);
    Window::new("Keyboard Shortcuts")
        .open(open)
        .resizable(false)
        .collapsible(false)
        .vscroll(true)
        .default_height(room.height() - 60.0)
        .constrain_to(room)
        .show(ctx, |ui| {
            // One grid for every section, so the key column lines up all the way down.
            Grid::new("shortcuts")
                .num_columns(2)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for (i, (heading, rows)) in groups.into_iter().enumerate() {
                        if i > 0 {
                            // A blank row between sections (a grid takes no spacing).
                            ui.label("");
                            ui.end_row();
                        }
                        ui.strong(heading);
                        ui.end_row();
                        for (keys, what) in rows {
                            ui.label(RichText::new(keys).monospace());
                            ui.label(what);
                            ui.end_row();
                        }
                    }
                });
        });
}
