//! File → New: a small window asking for the model's name and what to start from — a blank
//! model, or one of the templates of `archmodel new` (the bundled examples).

use eframe::egui;
use egui::{Button, Id, Key, Modal, RichText, TextEdit};

use super::actions::Action;
use crate::examples::{EXAMPLES, Example};

/// The New Model window.
#[derive(Debug, Default)]
pub struct NewModel {
    open: bool,
    name: String,
    template: Option<&'static Example>,
    focused: bool,
}

impl NewModel {
    /// Opens the window with a blank model called "Untitled" proposed.
    pub fn open(&mut self) {
        *self = NewModel {
            open: true,
            name: "Untitled".into(),
            template: None,
            focused: false,
        };
    }

    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the window; returns the model to create once the user chose.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Action> {
        if !self.open {
            return None;
        }
        let mut create = false;
        let mut cancel = ctx.input(|i| i.key_pressed(Key::Escape));
        Modal::new(Id::unique("archmodel-new-model")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.label(RichText::new("New Model").heading());
            ui.add_space(4.0);
            let label = ui.label("Name");
            let field = ui
                .add(TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if !self.focused {
                field.request_focus();
                self.focused = true;
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.add_space(6.0);
            ui.label("Start from");
            ui.radio_value(&mut self.template, None, "Blank model");
            for example in EXAMPLES {
                ui.radio_value(&mut self.template, Some(example), example.title);
            }
            ui.add_space(8.0);
            let named = !self.name.trim().is_empty();
            if !named {
                ui.label(
                    RichText::new("Give the model a name.").color(ui.visuals().error_fg_color),
                );
            }
            ui.horizontal(|ui| {
                create =
                    ui.add_enabled(named, Button::new("Create")).clicked() || (named && entered);
                cancel |= ui.button("Cancel").clicked();
            });
        });
        if cancel {
            self.open = false;
            return None;
        }
        if !create {
            return None;
        }
        self.open = false;
        Some(Action::NewModel {
            name: self.name.trim().to_owned(),
            template: self.template,
        })
    }
}
