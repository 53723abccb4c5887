//! The start screen, shown when no model is open: New, Open…, the bundled examples and the
//! recently opened files.

use eframe::egui;
use egui::{Button, RichText, ScrollArea, Ui, vec2};

use super::actions::Action;
use super::recent::RecentFiles;
use crate::examples::Example;

/// Widest the start screen's content grows.
const MAX_WIDTH: f32 = 720.0;

/// Shows the start screen; returns what the user asked for.
pub fn ui(ui: &mut Ui, examples: &'static [Example], recent: &mut RecentFiles) -> Option<Action> {
    let mut action = None;
    let width = (ui.available_width() - 32.0).clamp(200.0, MAX_WIDTH);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ScrollArea::vertical().id_salt("start").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_width(width);
                ui.add_space((ui.available_height() * 0.1).clamp(16.0, 80.0));
                if let Some(a) = intro(ui) {
                    action = Some(a);
                }
                ui.add_space(28.0);
                if let Some(a) = examples_list(ui, examples) {
                    action = Some(a);
                }
                ui.add_space(24.0);
                if let Some(a) = recent_list(ui, recent) {
                    action = Some(a);
                }
            });
        });
    });
    action
}

/// The name, what it is for, and the two ways in.
fn intro(ui: &mut Ui) -> Option<Action> {
    ui.label(RichText::new("archmodel").size(36.0).strong());
    ui.label(
        RichText::new(
            "Model client-server and peer-to-peer architectures: nodes, links, trust zones.",
        )
        .size(15.5)
        .weak(),
    );
    ui.add_space(18.0);
    let mut action = None;
    ui.horizontal(|ui| {
        let size = vec2(150.0, 38.0);
        if ui
            .add(Button::new(RichText::new("New").size(16.0)).min_size(size))
            .clicked()
        {
            action = Some(Action::New);
        }
        if ui
            .add(Button::new(RichText::new("Open…").size(16.0)).min_size(size))
            .clicked()
        {
            action = Some(Action::Open);
        }
    });
    action
}

fn examples_list(ui: &mut Ui, examples: &'static [Example]) -> Option<Action> {
    ui.label(RichText::new("Examples").size(17.0).strong());
    ui.add_space(4.0);
    let mut action = None;
    for example in examples {
        let button = Button::new(example.title)
            .wrap()
            .min_size(vec2(ui.available_width(), 30.0));
        if ui
            .add(button)
            .on_hover_text(format!(
                "Opens {}.ron as a new, untitled model",
                example.name
            ))
            .clicked()
        {
            action = Some(Action::OpenExample(example));
        }
    }
    action
}

fn recent_list(ui: &mut Ui, recent: &mut RecentFiles) -> Option<Action> {
    ui.label(RichText::new("Recent files").size(17.0).strong());
    ui.add_space(4.0);
    let files = recent.files();
    if files.is_empty() {
        ui.weak("Files you open appear here.");
        return None;
    }
    let mut action = None;
    for file in files {
        let name = file.path.file_name().map_or_else(
            || file.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let full = file.path.display().to_string();
        ui.horizontal(|ui| {
            let button = Button::new(name).min_size(vec2(180.0, 28.0));
            let response = ui
                .add_enabled(file.exists, button)
                .on_hover_text(full.as_str())
                .on_disabled_hover_text(format!("Not found: {full}"));
            if response.clicked() {
                action = Some(Action::OpenPath(file.path.clone()));
            }
            let folder = file
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            ui.add(egui::Label::new(RichText::new(folder).weak()).truncate());
        });
    }
    ui.add_space(6.0);
    if ui.small_button("Clear recent files").clicked() {
        action = Some(Action::ClearRecent);
    }
    action
}
