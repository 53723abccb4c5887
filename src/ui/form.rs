//! The form behind the inspector and the model panels: labelled fields that note which one changed,
//! so each panel edits a copy of an element and hands back one patch. Typing in a field merges into
//! one undo step (keyed by element and field) until the keyboard focus moves.

use std::collections::BTreeSet;
use std::mem::discriminant;

use eframe::egui;
use egui::{Checkbox, ComboBox, DragValue, Id, Response, TextEdit, Ui, WidgetText};

use crate::commands::{MergeKey, Patch};

/// An edit a form hands back: the patch, and the merge key of the field it came from (`None`: a
/// step of its own).
pub(super) type Edit = (Patch, Option<MergeKey>);

/// What a panel asks the app to do this frame.
#[derive(Debug, Default)]
pub struct EditOutput {
    /// An edit, with the merge key of the field it came from (`None`: a step of its own).
    pub edit: Option<(Patch, Option<MergeKey>)>,
    /// Whether the current typing gesture ended (focus moved), so the next edit is a new step.
    pub seal: bool,
}

/// Notices when the keyboard focus moves, which ends a typing gesture.
#[derive(Debug, Default)]
pub(super) struct FocusWatch {
    /// The widget that had the keyboard focus last frame.
    focused: Option<Id>,
}

impl FocusWatch {
    /// Whether the focus moved since the last call.
    pub(super) fn moved(&mut self, ui: &Ui) -> bool {
        let focused = ui.memory(|m| m.focused());
        let moved = focused != self.focused;
        self.focused = focused;
        moved
    }
}

/// The text shown for a field whose selected elements disagree.
pub(super) const MIXED: &str = "(mixed)";

/// Collects which field changed while the form is drawn.
pub(super) struct Form {
    /// Prefix of widget ids and merge keys: names the element being edited.
    pub(super) prefix: String,
    /// The panel's inner width: fields are sized from it (never from what is left after them),
    /// so the panel keeps its width and the canvas does not jump.
    pub(super) width: f32,
    /// The field that changed: its merge key (if typing merges) and its name for the undo label.
    pub(super) changed: Option<(Option<MergeKey>, String)>,
    /// Fields whose selected elements disagree: shown as "(mixed)", written only when changed.
    pub(super) mixed: BTreeSet<&'static str>,
}

impl Form {
    /// A form for the element named by `prefix`, `width` wide.
    pub(super) fn new(prefix: &str, width: f32) -> Self {
        Form {
            prefix: prefix.to_owned(),
            width,
            changed: None,
            mixed: BTreeSet::new(),
        }
    }

    /// Records `field` as changed if the widget changed; typing merges when `merges`.
    pub(super) fn note(&mut self, response: &Response, field: &str, merges: bool) {
        if response.changed() {
            self.mark(field, merges);
        }
    }

    /// Records `field` as changed (by a button or a pick rather than a widget's own change).
    pub(super) fn mark(&mut self, field: &str, merges: bool) {
        let key = merges.then(|| MergeKey(format!("{}/{field}", self.prefix)));
        self.changed = Some((key, field.to_owned()));
    }

    fn is_mixed(&self, label: &str) -> bool {
        self.mixed.contains(label)
    }

    /// The width of a field under its label.
    pub(super) fn field_width(&self) -> f32 {
        (self.width - 12.0).max(80.0)
    }

    /// A labelled text field.
    pub(super) fn text(&mut self, ui: &mut Ui, label: &str, value: &mut String, multiline: bool) {
        let l = ui.label(label);
        let mixed = self.is_mixed(label);
        // A mixed field starts empty: what is typed replaces every element's value.
        let mut blank = String::new();
        let buffer = if mixed { &mut blank } else { &mut *value };
        let edit = if multiline {
            TextEdit::multiline(buffer).desired_rows(2)
        } else {
            TextEdit::singleline(buffer)
        };
        let edit = if mixed { edit.hint_text(MIXED) } else { edit };
        let r = ui
            .add(edit.desired_width(self.field_width()))
            .labelled_by(l.id);
        self.note(&r, label, true);
        if mixed && r.changed() {
            *value = blank;
        }
        ui.end_row();
    }

    /// A labelled text field for an optional value (empty means none).
    pub(super) fn optional_text(&mut self, ui: &mut Ui, label: &str, value: &mut Option<String>) {
        let mut text = value.clone().unwrap_or_default();
        self.text(ui, label, &mut text, false);
        *value = (!text.trim().is_empty()).then_some(text);
    }

    /// A checkbox; a mixed one shows as indeterminate and a click sets it for all.
    pub(super) fn check(&mut self, ui: &mut Ui, label: &str, value: &mut bool) {
        let mixed = self.is_mixed(label);
        let mut shown = *value && !mixed;
        let r = ui.add(Checkbox::new(&mut shown, label).indeterminate(mixed));
        self.note(&r, label, false);
        *value = shown;
        ui.end_row();
    }

    /// A labelled number field.
    pub(super) fn number(&mut self, ui: &mut Ui, label: &str, value: &mut u32, min: u32) {
        let l = ui.label(label);
        let mut drag = DragValue::new(value).range(min..=1_000_000);
        if self.is_mixed(label) {
            drag = drag.custom_formatter(|_, _| MIXED.to_owned());
        }
        let r = ui.add(drag).labelled_by(l.id);
        self.note(&r, label, true);
        ui.end_row();
    }

    /// A drop-down of `options`; variants compare by kind, so `Custom(..)` matches any name.
    pub(super) fn choice<T: Clone>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &mut T,
        options: &[(T, &str)],
    ) {
        let mixed = self.is_mixed(label);
        let same = |a: &T, b: &T| !mixed && discriminant(a) == discriminant(b);
        let current = if mixed {
            MIXED
        } else {
            options
                .iter()
                .find(|(o, _)| same(o, value))
                .map_or("", |(_, name)| *name)
        };
        let menu = |ui: &mut Ui, value: &T| {
            let mut picked = None;
            for (option, name) in options {
                if ui.selectable_label(same(option, value), *name).clicked() {
                    picked = Some(option.clone());
                }
            }
            picked
        };
        self.drop_down(ui, label, current, value, menu, |p, v| !same(p, v));
    }

    /// A drop-down of ids shown by name (with "(none)" first).
    pub(super) fn reference(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &mut Option<String>,
        options: &[(String, String)],
    ) {
        let mixed = self.is_mixed(label);
        let current = if mixed {
            MIXED.to_owned()
        } else {
            value.as_ref().map_or_else(
                || "(none)".to_owned(),
                |v| name_of(options, v).unwrap_or(v).to_owned(),
            )
        };
        let menu = |ui: &mut Ui, value: &Option<String>| {
            let mut picked = None;
            if ui
                .selectable_label(!mixed && value.is_none(), "(none)")
                .clicked()
            {
                picked = Some(None);
            }
            for (id, name) in options {
                let on = !mixed && value.as_deref() == Some(id.as_str());
                if ui.selectable_label(on, name.as_str()).clicked() {
                    picked = Some(Some(id.clone()));
                }
            }
            picked
        };
        self.drop_down(ui, label, current, value, menu, |p, v| mixed || p != v);
    }

    /// A drop-down of ids that must name something (a contract's provider, a release's client).
    pub(super) fn required_reference(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &mut String,
        options: &[(String, String)],
    ) {
        let current = name_of(options, value).unwrap_or(value).to_owned();
        let menu = |ui: &mut Ui, value: &String| {
            let mut picked = None;
            for (id, name) in options {
                if ui.selectable_label(id == value, name.as_str()).clicked() {
                    picked = Some(id.clone());
                }
            }
            picked
        };
        self.drop_down(ui, label, current, value, menu, |p, v| p != v);
    }

    /// A labelled drop-down showing `current`; `menu` draws the options and returns the one
    /// picked, which is written to `value` (and the field marked) when it `differs` from it.
    fn drop_down<T>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        current: impl Into<WidgetText>,
        value: &mut T,
        menu: impl FnOnce(&mut Ui, &T) -> Option<T>,
        differs: impl FnOnce(&T, &T) -> bool,
    ) {
        let l = ui.label(label);
        let mut picked = None;
        ComboBox::from_id_salt(format!("{}/{label}", self.prefix))
            .selected_text(current)
            .width(self.field_width().min(260.0) - 24.0)
            .show_ui(ui, |ui| picked = menu(ui, value))
            .response
            .labelled_by(l.id);
        if let Some(p) = picked
            && differs(&p, value)
        {
            *value = p;
            self.mark(label, false);
        }
        ui.end_row();
    }

    /// An editable list of short texts: one row each with Remove, then "Add …".
    ///
    /// Rows are named "`item` 1", "`item` 2", … for screen readers and tests.
    pub(super) fn text_list(
        &mut self,
        ui: &mut Ui,
        label: &str,
        item: &str,
        list: &mut Vec<String>,
    ) {
        ui.label(label);
        self.rows(ui, label, item, list, |ui, form, name, text| {
            let edit = TextEdit::singleline(text).desired_width((form.width - 90.0).max(60.0));
            let r = ui.add(edit);
            name_widget(ui, &r, name);
            form.note(&r, name, true);
        });
        if ui.button(format!("Add {}", item.to_lowercase())).clicked() {
            list.push(String::new());
            self.mark(label, false);
        }
        ui.add_space(4.0);
    }

    /// The rows of an editable list, each drawn by `row` and followed by its Remove button.
    ///
    /// Rows are named "`item` 1", "`item` 2", … for screen readers and tests; removing one marks
    /// `field` as changed.
    pub(super) fn rows<T>(
        &mut self,
        ui: &mut Ui,
        field: &str,
        item: &str,
        list: &mut Vec<T>,
        mut row: impl FnMut(&mut Ui, &mut Self, &str, &mut T),
    ) {
        let mut remove = None;
        for (i, value) in list.iter_mut().enumerate() {
            let name = format!("{item} {}", i + 1);
            ui.horizontal(|ui| {
                row(ui, self, &name, value);
                let button = ui.button("Remove").on_hover_text(format!("Remove {name}"));
                if button.clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            list.remove(i);
            self.mark(field, false);
        }
    }

    /// The patch for an edited copy, if the form changed it.
    pub(super) fn finish(self, build: impl FnOnce(&str) -> Patch) -> Option<Edit> {
        let (key, field) = self.changed?;
        Some((build(&format!("Edit {}", field.to_lowercase())), key))
    }
}

/// The name shown for `id` among `options`.
fn name_of<'a>(options: &'a [(String, String)], id: &str) -> Option<&'a str> {
    options
        .iter()
        .find(|(o, _)| o == id)
        .map(|(_, name)| name.as_str())
}

/// Gives a widget without a visible label its accessible name.
pub(super) fn name_widget(ui: &Ui, response: &Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// The fields, each under its label, so nothing is sized by what is left beside it.
pub(super) fn fields(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.spacing_mut().item_spacing.y = 4.0;
    ui.vertical(add);
}
