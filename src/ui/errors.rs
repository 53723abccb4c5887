//! Errors from files shown in the window: a modal with every line of the message, after which
//! the app carries on with what it had.

use std::path::Path;

use eframe::egui;
use egui::{Id, Modal, RichText, ScrollArea, Ui};

/// A problem to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    /// One line saying what failed ("Cannot open shop.ron").
    pub title: String,
    /// Where (the file's full path), if it is about a file.
    pub path: Option<String>,
    /// The error's lines (`LINE:COL: path: message` for model files).
    pub lines: Vec<String>,
    /// What state the app is in now and what to do.
    pub hint: String,
}

impl ErrorReport {
    /// A file (or example) that could not be opened.
    pub fn open_failed(name: &str, path: Option<&Path>, error: &dyn std::fmt::Display) -> Self {
        ErrorReport {
            title: format!("Cannot open {name}"),
            path: path.map(|p| p.display().to_string()),
            lines: lines_of(error),
            hint: "The file was left untouched and nothing else changed. Fix it and open it again."
                .into(),
        }
    }

    /// A model that could not be saved.
    pub fn save_failed(path: &Path, error: &dyn std::fmt::Display) -> Self {
        ErrorReport {
            title: "Cannot save the model".into(),
            path: Some(path.display().to_string()),
            lines: lines_of(error),
            hint:
                "Your model is still open with all its changes. Try Save As… to save it elsewhere."
                    .into(),
        }
    }
}

fn lines_of(error: &dyn std::fmt::Display) -> Vec<String> {
    error.to_string().lines().map(str::to_owned).collect()
}

/// Shows the report in a modal; clears it when dismissed.
pub fn show(ctx: &egui::Context, report: &mut Option<ErrorReport>) {
    let Some(r) = report.as_ref() else {
        return;
    };
    let mut dismissed = false;
    let modal = Modal::new(Id::unique("archmodel-error")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        contents(ui, r);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Dismiss").clicked() {
                dismissed = true;
            }
            if ui.button("Copy message").clicked() {
                ui.ctx().copy_text(r.lines.join("\n"));
            }
        });
    });
    if dismissed || modal.should_close() {
        *report = None;
    }
}

fn contents(ui: &mut Ui, r: &ErrorReport) {
    let red = ui.visuals().error_fg_color;
    ui.label(RichText::new(&r.title).heading().color(red));
    if let Some(path) = &r.path {
        ui.weak(path);
    }
    ui.add_space(6.0);
    ScrollArea::vertical()
        .id_salt("error-lines")
        .max_height(320.0)
        .show(ui, |ui| {
            for line in &r.lines {
                ui.label(RichText::new(line).monospace());
            }
        });
    ui.add_space(4.0);
    ui.label(&r.hint);
}
