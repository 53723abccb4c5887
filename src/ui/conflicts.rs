//! The merge conflicts `archmodel merge` left in the open file: listed when the file opens, each
//! with Take Ours / Take Theirs. Taking a side rewrites the file (as `archmodel resolve` does)
//! and opens it again, so the document always shows what the file holds.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::{Button, RichText, ScrollArea, Window};

use super::actions::Action;
use super::app::ArchApp;
use crate::diff::conflicts;
use crate::diff::merge::{Conflict, Side};
use crate::io;

/// The conflicts of the open file and the window that resolves them.
#[derive(Default)]
pub struct MergeConflicts {
    path: Option<PathBuf>,
    list: Vec<Conflict>,
    error: Option<String>,
}

impl MergeConflicts {
    /// The open conflicts of the document's file.
    pub fn list(&self) -> &[Conflict] {
        &self.list
    }

    /// Reads the conflicts recorded in the file just opened (none for a new document).
    pub(super) fn check(&mut self, path: Option<&Path>) {
        *self = MergeConflicts::default();
        let Some(path) = path else { return };
        self.path = Some(path.to_owned());
        match io::read_text(path)
            .map_err(|e| e.to_string())
            .and_then(|t| conflicts::read(&t).map_err(|e| e.to_string()))
        {
            Ok(list) => self.list = list,
            Err(e) => self.error = Some(e),
        }
    }

    /// The document was saved to `path` with the conflicts still open: they are that file's now.
    pub(super) fn moved_to(&mut self, path: &Path) {
        if !self.list.is_empty() {
            self.path = Some(path.to_owned());
        }
    }

    /// Takes `side` for the conflicts `which` picks, rewriting the file.
    fn take(&self, side: Side, which: Option<usize>) -> Result<(), String> {
        let path = self.path.as_deref().ok_or("the document has no file")?;
        let text = io::read_text(path).map_err(|e| e.to_string())?;
        let mut file = conflicts::parse(&text).map_err(|e| e.to_string())?;
        file.resolve(|i, _| (which.is_none() || which == Some(i)).then_some(side))
            .map_err(|e| e.to_string())?;
        let text = file.to_text().map_err(|e| e.to_string())?;
        io::write_atomic(path, text.as_bytes()).map_err(|e| format!("cannot write: {e}"))
    }
}

impl ArchApp {
    /// Shows the Merge Conflicts window while the open file has conflicts.
    pub(super) fn conflicts_ui(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let state = &mut self.conflicts;
        if state.list.is_empty() && state.error.is_none() {
            return;
        }
        let dirty = doc.is_dirty();
        let mut chosen: Option<(Side, Option<usize>)> = None;
        Window::new("Merge Conflicts")
            .collapsible(true)
            .constrain_to(super::window_place::room(ctx))
            .resizable(true)
            .default_width(560.0)
            .show(ctx, |ui| {
                if let Some(e) = &state.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                if state.list.is_empty() {
                    return;
                }
                ui.label(format!(
                    "This file has {}. The diagram shows our side of each; \
                     taking a side rewrites the file.",
                    super::wording::counted(state.list.len(), "merge conflict", "merge conflicts")
                ));
                if dirty {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Save or undo your edits first: taking a side rewrites the saved \
                         file. Saving keeps every open conflict.",
                    );
                }
                ui.add_enabled_ui(!dirty, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("Take All Ours").clicked() {
                            chosen = Some((Side::Ours, None));
                        }
                        if ui.button("Take All Theirs").clicked() {
                            chosen = Some((Side::Theirs, None));
                        }
                    });
                    ui.separator();
                    ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                        for (i, c) in state.list.iter().enumerate() {
                            conflict_row(ui, i, c, &mut chosen);
                        }
                    });
                });
            });
        let Some((side, which)) = chosen else { return };
        match state.take(side, which) {
            Ok(()) => {
                if let Some(path) = state.path.clone() {
                    self.perform(ctx, Action::OpenPath(path));
                }
            }
            Err(e) => state.error = Some(e),
        }
    }
}

/// `node `orders` (name): both sides changed the same fields` with its two buttons.
fn conflict_row(
    ui: &mut egui::Ui,
    i: usize,
    c: &Conflict,
    chosen: &mut Option<(Side, Option<usize>)>,
) {
    let fields = if c.fields.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.fields.join(", "))
    };
    ui.label(RichText::new(format!("{}. {} `{}`{fields}", i + 1, c.kind.label(), c.id)).strong());
    ui.weak(&c.reason);
    ui.horizontal(|ui| {
        let ours = c.ours.as_deref().unwrap_or("(we removed it)");
        let theirs = c.theirs.as_deref().unwrap_or("(they removed it)");
        let take_ours = Button::new(format!("Take Ours {}", i + 1));
        if ui.add(take_ours).on_hover_text(ours).clicked() {
            *chosen = Some((Side::Ours, Some(i)));
        }
        let take_theirs = Button::new(format!("Take Theirs {}", i + 1));
        if ui.add(take_theirs).on_hover_text(theirs).clicked() {
            *chosen = Some((Side::Theirs, Some(i)));
        }
    });
    ui.add_space(4.0);
}
