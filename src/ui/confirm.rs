//! The unsaved-changes guard: asked before New, Open or Quit would drop changes.

use eframe::egui;
use egui::{Id, Modal, RichText};

/// The user's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save the changes, then go on.
    Save,
    /// Drop the changes and go on.
    Discard,
    /// Stay with the document as it is.
    Cancel,
}

/// Asks what to do with unsaved changes in `file_name`; returns the answer once given.
pub fn ask(ctx: &egui::Context, file_name: &str) -> Option<Choice> {
    let mut choice = None;
    let modal = Modal::new(Id::unique("archmodel-unsaved")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new("Unsaved changes").heading());
        ui.add_space(4.0);
        ui.label(format!("{file_name} has changes that are not saved."));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(Choice::Save);
            }
            if ui.button("Discard Changes").clicked() {
                choice = Some(Choice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(Choice::Cancel);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(Choice::Cancel);
    }
    choice
}
