//! The canvas's right-click menu: what can be done with the element under the pointer (which
//! becomes the selection unless it already is part of it), or, on the background, adding a node
//! right there.

use eframe::egui;
use egui::{Button, Response, Ui};

use super::super::actions::Action;
use super::super::chrome::ViewCommand;
use super::super::drawing::Gesture;
use super::super::edit;
use super::Canvas;
use crate::commands::create::kind_title;
use crate::model::{Model, NodeKind, Point};
use crate::scene::{ElementKind, ElementRef};

impl Canvas {
    /// Opens the menu on a right click; returns what was picked.
    pub(super) fn context_menu(
        &mut self,
        rect: egui::Rect,
        response: &Response,
        model: &Model,
        (selection, also): (&mut Option<ElementRef>, &mut Vec<ElementRef>),
    ) -> Option<Gesture> {
        if response.secondary_clicked() {
            let target = self.hovered.clone();
            self.context_at = response
                .interact_pointer_pos()
                .map(|p| self.view.to_model(rect, p))
                .map(|p| Point(edit::snap(p.x), edit::snap(p.y)));
            if let Some(e) = target {
                let selected = selection.as_ref() == Some(&e) || also.binary_search(&e).is_ok();
                if !selected {
                    *selection = Some(e);
                    also.clear();
                }
            } else {
                *selection = None;
                also.clear();
            }
        }
        let mut picked = None;
        response.context_menu(|ui| {
            picked = match selection.clone() {
                Some(e) => element_menu(ui, &e, model),
                None => self.background_menu(ui, model),
            };
            if picked.is_some() {
                ui.close();
            }
        });
        picked
    }

    /// Adding a node where the menu was opened, or fitting the view.
    fn background_menu(&self, ui: &mut Ui, model: &Model) -> Option<Gesture> {
        let at = self.context_at?;
        let mut picked = None;
        ui.menu_button("Add Here", |ui| {
            for kind in NodeKind::all_defaults() {
                if ui.button(kind_title(&kind)).clicked() {
                    picked = Some(Gesture::Create {
                        kind,
                        at,
                        zone: self.zone_at(model, at),
                    });
                }
            }
        });
        if ui
            .add(Button::new("Fit to Window").shortcut_text("F"))
            .clicked()
        {
            picked = Some(Gesture::Do(Action::Fit));
        }
        picked
    }
}

/// What can be done with the selection the element belongs to.
fn element_menu(ui: &mut Ui, element: &ElementRef, model: &Model) -> Option<Gesture> {
    let mut picked = None;
    let mut item = |ui: &mut Ui, enabled: bool, text: &str, keys: &str, action: Action| {
        let button = Button::new(text).shortcut_text(keys);
        if ui.add_enabled(enabled, button).clicked() {
            picked = Some(Gesture::Do(action));
        }
    };
    let renames = element.kind != ElementKind::Link;
    item(ui, renames, "Rename", "F2", Action::Rename);
    item(
        ui,
        element.kind == ElementKind::Node,
        "Group into Trust Zone",
        "Ctrl+G",
        Action::GroupIntoZone,
    );
    if element.kind == ElementKind::Node {
        // Pinning follows the node under the pointer: pinned, it offers to unpin, and the
        // other way round.
        let pinned = model.layout.pinned.contains(&element.id);
        let (text, to) = if pinned {
            ("Unpin", false)
        } else {
            ("Pin in Place", true)
        };
        item(ui, true, text, "", Action::SetPinned(to));
    }
    item(
        ui,
        true,
        "Zoom to Selection",
        "Shift+F",
        Action::ZoomToSelection,
    );
    if element.kind == ElementKind::Zone {
        let focus = ViewCommand::FocusZone(element.id.clone());
        item(ui, true, "Focus on Zone", "", Action::View(focus));
    }
    ui.separator();
    item(ui, true, "Delete", "Delete", Action::Delete);
    picked
}
