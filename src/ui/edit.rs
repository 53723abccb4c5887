//! Editing the open model from the UI: undo and redo, delete, select all, nudging and dragging
//! nodes, and the Edit menu. Every change goes through [`Document::apply`], so it can be undone.

use eframe::egui;
use egui::{Button, Key, KeyboardShortcut, Modifiers, Ui};

use super::actions::Action;
use super::app::ArchApp;
use super::autosave::Autosave;
use super::document::Document;
use super::errors::ErrorReport;
use super::inspector::Inspector;
use crate::commands::{MergeKey, Patch, edits};
use crate::io::recovery::Recovery;
use crate::model::{EditError, Point};
use crate::scene::{ElementKind, ElementRef};

/// Ctrl+Z.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Ctrl+Shift+Z.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
/// Ctrl+Y, the other common Redo.
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// Ctrl+A.
pub const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);
/// Ctrl+G: group the selected nodes into a new trust zone.
pub const GROUP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::G);

/// The snapping grid, in model units.
pub const GRID: f32 = 20.0;

/// Editing state of the app beyond the primary selection.
pub struct Editor {
    /// Elements selected besides the primary selection (Select All).
    pub also: Vec<ElementRef>,
    /// Whether moved nodes snap to the grid.
    pub snap: bool,
    /// Whether the keyboard shortcuts window is open.
    pub show_shortcuts: bool,
    /// Counts drag gestures, so each drag merges into its own undo step.
    pub(super) drag_gesture: u64,
    /// Whether an arrow-key nudge is in progress (held keys merge into one step).
    nudging: bool,
    /// Whether a widget had the keyboard focus at the end of the last frame.
    pub was_typing: bool,
    /// The inspector panel.
    pub inspector: Inspector,
    /// Writes recovery files while the document has unsaved edits.
    pub autosave: Autosave,
    /// Recovery files from earlier sessions still to be offered, newest first.
    pub restore: Vec<Recovery>,
    /// The node just added, while its name is first typed: that rename also sets its id.
    pub(super) naming_new: Option<String>,
}

impl Default for Editor {
    fn default() -> Self {
        Editor {
            also: Vec::new(),
            snap: true,
            show_shortcuts: false,
            drag_gesture: 0,
            nudging: false,
            was_typing: false,
            inspector: Inspector::default(),
            autosave: Autosave::default(),
            restore: Vec::new(),
            naming_new: None,
        }
    }
}

/// An edit the model refused (it changed nothing).
fn edit_failed(error: &EditError) -> ErrorReport {
    ErrorReport {
        title: "Cannot make that change".into(),
        path: None,
        lines: vec![error.to_string()],
        hint: "The model was left as it was.".into(),
    }
}

/// Snaps a coordinate to the grid.
pub fn snap(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

/// Reads the editing shortcuts of this frame. Plain keys and Ctrl+A are left to a focused text
/// field.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Action> {
    let mut out = Vec::new();
    // A focused button or outline row does not take plain keys; a text field does.
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|i| {
        // Ctrl+Shift+Z first: Ctrl+Z would match it too.
        if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
            out.push(Action::Redo);
        }
        if i.consume_shortcut(&UNDO) {
            out.push(Action::Undo);
        }
        if i.consume_shortcut(&super::find::SHORTCUT) {
            out.push(Action::Find);
        }
        if typing {
            return;
        }
        out.extend(super::clipboard::shortcuts(i));
        // Escape during a drag cancels the drag (the canvas sees to it), not the selection.
        if i.key_pressed(Key::Escape) && !i.pointer.any_down() {
            out.push(Action::SelectNone);
        }
        if i.consume_shortcut(&SELECT_ALL) {
            out.push(Action::SelectAll);
        }
        if i.consume_shortcut(&GROUP) {
            out.push(Action::GroupIntoZone);
        }
        if i.key_pressed(Key::F2) {
            out.push(Action::Rename);
        }
        if i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace) {
            out.push(Action::Delete);
        }
        let step = 1.0;
        for (key, dx, dy) in [
            (Key::ArrowLeft, -step, 0.0),
            (Key::ArrowRight, step, 0.0),
            (Key::ArrowUp, 0.0, -step),
            (Key::ArrowDown, 0.0, step),
        ] {
            if i.key_pressed(key) {
                out.push(Action::Nudge(dx, dy));
            }
        }
        let arrows = [
            Key::ArrowLeft,
            Key::ArrowRight,
            Key::ArrowUp,
            Key::ArrowDown,
        ];
        if arrows.iter().any(|k| i.key_released(*k)) {
            out.push(Action::NudgeEnd);
        }
    });
    out
}

/// What the Edit menu needs to know.
pub struct EditMenuState<'a> {
    /// The open document, if any.
    pub doc: Option<&'a Document>,
    /// Whether something is selected.
    pub has_selection: bool,
}

/// The Edit menu's items.
pub fn edit_menu(ui: &mut Ui, state: &EditMenuState<'_>, action: &mut Option<Action>) {
    let history = state.doc.map(Document::history);
    let key = |s| ui.ctx().format_shortcut(s);
    let (undo_key, redo_key, all_key) = (key(&UNDO), key(&REDO), key(&SELECT_ALL));
    let group_key = key(&GROUP);
    let undo = history.and_then(|h| h.undo_label());
    let text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo “{l}”"));
    if ui
        .add_enabled(undo.is_some(), Button::new(text).shortcut_text(undo_key))
        .clicked()
    {
        *action = Some(Action::Undo);
    }
    let redo = history.and_then(|h| h.redo_label());
    let text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo “{l}”"));
    if ui
        .add_enabled(redo.is_some(), Button::new(text).shortcut_text(redo_key))
        .clicked()
    {
        *action = Some(Action::Redo);
    }
    ui.separator();
    super::clipboard::menu_items(ui, state.doc.is_some(), state.has_selection, action);
    let delete = Button::new("Delete").shortcut_text("Delete");
    if ui.add_enabled(state.has_selection, delete).clicked() {
        *action = Some(Action::Delete);
    }
    let all = Button::new("Select All").shortcut_text(all_key);
    if ui.add_enabled(state.doc.is_some(), all).clicked() {
        *action = Some(Action::SelectAll);
    }
    ui.separator();
    let rename = Button::new("Rename").shortcut_text("F2");
    if ui.add_enabled(state.has_selection, rename).clicked() {
        *action = Some(Action::Rename);
    }
    let group = Button::new("Group into Trust Zone").shortcut_text(group_key);
    if ui.add_enabled(state.has_selection, group).clicked() {
        *action = Some(Action::GroupIntoZone);
    }
    ui.separator();
    super::find::menu_item(ui, state.doc.is_some(), action);
}

impl ArchApp {
    /// Applies an edit to the open document, reporting a refused edit.
    pub(super) fn apply_edit(&mut self, patch: Patch, merge: Option<MergeKey>) {
        let Some(doc) = self.doc.as_mut() else { return };
        if let Err(e) = doc.apply(patch, merge) {
            self.error = Some(edit_failed(&e));
        }
    }

    /// Carries out the editing actions (undo, redo, delete, select all, nudge).
    pub(super) fn perform_edit(&mut self, action: &Action) {
        match action {
            Action::Undo | Action::Redo => {
                let Some(doc) = self.doc.as_mut() else { return };
                let result = if *action == Action::Undo {
                    doc.undo()
                } else {
                    doc.redo()
                };
                if let Err(e) = result {
                    self.error = Some(edit_failed(&e));
                }
                self.drop_missing_selection();
            }
            Action::Delete => self.delete_selection(),
            Action::SelectAll => self.select_all(),
            // Escape that just ended typing in a field (or renaming in place) keeps the selection.
            Action::SelectNone if !self.editor.was_typing => self.select_elements(Vec::new()),
            Action::Nudge(dx, dy) => self.nudge(*dx, *dy),
            Action::NudgeEnd => {
                if std::mem::take(&mut self.editor.nudging)
                    && let Some(doc) = self.doc.as_mut()
                {
                    doc.seal();
                }
            }
            Action::ToggleSnap => self.editor.snap = !self.editor.snap,
            Action::AddNode(kind) => self.add_node(kind.clone()),
            Action::GroupIntoZone => self.group_into_zone(),
            Action::SetPinned(pinned) => self.set_pinned(*pinned),
            Action::Rename => self.rename_selection(),
            Action::ZoomToSelection => {
                let all = self.selected();
                if all.is_empty() {
                    self.canvas.fit();
                } else {
                    self.canvas.frame_elements(all);
                }
            }
            Action::Shortcuts => self.editor.show_shortcuts = true,
            _ => {}
        }
    }

    /// Every selected element: the primary selection first.
    pub(super) fn selected(&self) -> Vec<ElementRef> {
        let mut all: Vec<ElementRef> = self.selection.iter().cloned().collect();
        all.extend(
            self.editor
                .also
                .iter()
                .filter(|e| Some(*e) != self.selection.as_ref())
                .cloned(),
        );
        all
    }

    /// The ids of the selected nodes (links and zones left out), in selection order.
    pub(super) fn selected_node_ids(&self) -> Vec<String> {
        self.selected()
            .into_iter()
            .filter(|e| e.kind == ElementKind::Node)
            .map(|e| e.id)
            .collect()
    }

    /// Every selected element, the primary selection first.
    pub fn selected_elements(&self) -> Vec<ElementRef> {
        self.selected()
    }

    /// Selects `elements`, the first as the primary selection (as shift-clicking each would);
    /// none clears the selection.
    pub fn select_elements(&mut self, elements: Vec<ElementRef>) {
        self.selection = elements.first().cloned();
        let mut also = elements;
        // The canvas looks the other selected elements up by binary search.
        also.sort();
        also.dedup();
        self.editor.also = also;
    }

    /// Selects one element and frames it on the canvas (a pick in the outline, the findings or
    /// Find).
    ///
    /// Lists built on a thread may be of an earlier version for a moment: what no longer
    /// exists is not picked.
    pub(super) fn pick(&mut self, element: ElementRef) {
        self.select_elements(vec![element.clone()]);
        self.drop_missing_selection();
        if self.selection.is_some() {
            self.canvas.frame_element(element);
        }
    }

    fn delete_selection(&mut self) {
        let Some(doc) = &self.doc else { return };
        let ids: Vec<String> = self.selected().into_iter().map(|e| e.id).collect();
        if ids.is_empty() {
            return;
        }
        let patch = edits::delete(doc.model(), &ids);
        self.apply_edit(patch, None);
        self.select_elements(Vec::new());
    }

    fn select_all(&mut self) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let mut all: Vec<ElementRef> = model.nodes().map(|n| ElementRef::node(&n.id)).collect();
        all.extend(model.links().map(|l| ElementRef::link(&l.id)));
        all.extend(model.zones.iter().map(|z| ElementRef::zone(&z.id)));
        self.select_elements(all);
    }

    /// Moves the selected nodes by one grid step (or one unit without snapping).
    fn nudge(&mut self, dx: f32, dy: f32) {
        let Some(doc) = &self.doc else { return };
        let step = if self.editor.snap { GRID } else { 1.0 };
        let moves: Vec<(String, Point)> = self
            .selected()
            .into_iter()
            .filter(|e| e.kind == ElementKind::Node)
            .filter_map(|e| {
                let at = self.canvas.node_position(doc.model(), &e.id)?;
                Some((e.id, Point(at.0 + dx * step, at.1 + dy * step)))
            })
            .collect();
        if moves.is_empty() {
            return;
        }
        let patch = edits::move_nodes(doc.model(), &moves);
        self.editor.nudging = true;
        self.apply_edit(patch, Some(MergeKey("nudge".into())));
    }

    /// After undo or redo, forgets selected elements that no longer exist.
    pub(super) fn drop_missing_selection(&mut self) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let exists = |e: &ElementRef| match e.kind {
            ElementKind::Node => model.node(&e.id).is_some(),
            ElementKind::Link => model.link(&e.id).is_some(),
            ElementKind::Zone => model.zone(&e.id).is_some(),
        };
        if self.selection.as_ref().is_some_and(|e| !exists(e)) {
            self.selection = None;
        }
        self.editor.also.retain(exists);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_rounds_to_the_nearest_grid_line() {
        assert_eq!(snap(29.0), 20.0);
        assert_eq!(snap(31.0), 40.0);
        assert_eq!(snap(-11.0), -20.0);
    }
}
