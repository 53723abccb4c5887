//! Copy, cut, paste and duplicate on the canvas selection. Copied elements go to the system
//! clipboard as text (so another archmodel window can paste them) and to an internal clipboard
//! (used when the system clipboard holds something else).

use eframe::egui;
use egui::{Button, Event, InputState, Key, KeyboardShortcut, Modifiers, Ui};

use super::actions::Action;
use super::app::ArchApp;
use super::errors::ErrorReport;
use crate::commands::{Fragment, FragmentError, Pasted, edits, paste};
use crate::model::Point;
use crate::scene::{ElementKind, ElementRef, Hit};

/// Ctrl+C.
pub const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
/// Ctrl+X.
pub const CUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::X);
/// Ctrl+V.
pub const PASTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::V);
/// Ctrl+D.
pub const DUPLICATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);

/// How far a paste lands from a copy it would cover: two grid steps down and right.
const STEP: Point = Point(40.0, 40.0);

/// Reads the clipboard shortcuts of this frame (call only when no text field has the keyboard:
/// then copy and paste belong to the field).
///
/// The desktop integration turns Ctrl+C/X/V into `Copy`, `Cut` and `Paste(text)` events; the key
/// shortcuts cover integrations that pass the keys on instead (and tests).
pub(super) fn shortcuts(i: &mut InputState) -> Vec<Action> {
    let mut copy = i.consume_shortcut(&COPY);
    let mut cut = i.consume_shortcut(&CUT);
    let mut pasted = i.consume_shortcut(&PASTE).then_some(None);
    for event in &i.events {
        match event {
            Event::Copy => copy = true,
            Event::Cut => cut = true,
            Event::Paste(text) => pasted = Some(Some(text.clone())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if cut {
        out.push(Action::Cut);
    } else if copy {
        out.push(Action::Copy);
    }
    if let Some(text) = pasted {
        out.push(Action::Paste(text));
    }
    if i.consume_shortcut(&DUPLICATE) {
        out.push(Action::Duplicate);
    }
    out
}

/// The Edit menu's Cut, Copy, Paste and Duplicate items.
pub(super) fn menu_items(
    ui: &mut Ui,
    has_document: bool,
    has_selection: bool,
    action: &mut Option<Action>,
) {
    let items = [
        ("Cut", &CUT, has_selection, Action::Cut),
        ("Copy", &COPY, has_selection, Action::Copy),
        // The menu cannot read the system clipboard: it pastes what was copied here.
        ("Paste", &PASTE, has_document, Action::Paste(None)),
        ("Duplicate", &DUPLICATE, has_selection, Action::Duplicate),
    ];
    for (text, shortcut, enabled, what) in items {
        let keys = ui.ctx().format_shortcut(shortcut);
        if ui
            .add_enabled(enabled, Button::new(text).shortcut_text(keys))
            .clicked()
        {
            *action = Some(what);
        }
    }
}

/// Clipboard text with the archmodel header that cannot be pasted.
fn paste_failed(error: &FragmentError) -> ErrorReport {
    ErrorReport {
        title: "Cannot paste".into(),
        path: None,
        lines: vec![error.to_string()],
        hint: "The model was left as it was.".into(),
    }
}

impl ArchApp {
    /// The elements last copied or cut in this window, if any.
    pub fn clipboard(&self) -> Option<&Fragment> {
        self.clipboard.as_ref()
    }

    /// The selected elements' ids and the fragment copying them, if a node is among them.
    fn selection_fragment(&self) -> Option<(Vec<String>, Fragment)> {
        let doc = self.doc.as_ref()?;
        let model = doc.model();
        let ids: Vec<String> = self.selected().into_iter().map(|e| e.id).collect();
        let mut fragment = Fragment::copy(model, &ids)?;
        // Nodes without a stored position are copied where the canvas drew them.
        for n in &fragment.nodes {
            if !fragment.positions.contains_key(&n.id)
                && let Some(at) = self.canvas.node_position(model, &n.id)
            {
                fragment.positions.insert(n.id.clone(), at);
            }
        }
        Some((ids, fragment))
    }

    /// Copies the selection to the system and internal clipboards.
    pub(super) fn copy(&mut self, ctx: &egui::Context) {
        let Some((_, fragment)) = self.selection_fragment() else {
            return;
        };
        ctx.copy_text(fragment.to_text());
        self.clipboard = Some(fragment);
    }

    /// Copies the selection, then deletes it (with what the copy took along) in one undo step.
    pub(super) fn cut(&mut self, ctx: &egui::Context) {
        let Some((mut ids, fragment)) = self.selection_fragment() else {
            return;
        };
        let Some(doc) = &self.doc else { return };
        ids.extend(fragment.nodes.iter().map(|n| n.id.clone()));
        ids.extend(fragment.zones.iter().map(|z| z.id.clone()));
        ids.sort();
        ids.dedup();
        let mut patch = edits::delete(doc.model(), &ids);
        patch.label = match ids.len() {
            1 => "Cut".to_owned(),
            n => format!("Cut {n} elements"),
        };
        ctx.copy_text(fragment.to_text());
        self.clipboard = Some(fragment);
        self.apply_edit(patch, None);
        self.select_elements(Vec::new());
    }

    /// Pastes `text` if it holds copied elements, else the internal clipboard.
    pub(super) fn paste(&mut self, text: Option<&str>) {
        let from_text = match text.map(Fragment::from_text) {
            Some(Ok(fragment)) => Some(fragment),
            // Someone else's text: paste what was copied here instead.
            Some(Err(FragmentError::NotAFragment)) | None => None,
            Some(Err(e)) => {
                self.error = Some(paste_failed(&e));
                return;
            }
        };
        if let Some(fragment) = from_text.or_else(|| self.clipboard.clone()) {
            self.paste_fragment(&fragment, "Paste");
        }
    }

    /// Pastes a copy of the selection next to it, leaving the clipboards alone.
    pub(super) fn duplicate(&mut self) {
        if let Some((_, fragment)) = self.selection_fragment() {
            self.paste_fragment(&fragment, "Duplicate");
        }
    }

    /// Pastes a fragment clear of the nodes already drawn, as one undo step labelled with `verb`,
    /// and selects what was pasted.
    fn paste_fragment(&mut self, fragment: &Fragment, verb: &str) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let mut occupied: Vec<Point> = model.layout.positions.values().copied().collect();
        occupied.extend(
            self.canvas
                .scene()
                .items
                .iter()
                .filter(|item| item.element.kind == ElementKind::Node)
                .map(|item| match &item.hit {
                    Hit::Area(area) => area.center(),
                    Hit::Line { .. } => item.bounds.center(),
                })
                .map(|c| Point(c.x, c.y)),
        );
        let offset = fragment.clear_offset(&occupied, STEP);
        let (mut patch, pasted) = paste(model, fragment, offset);
        if pasted.is_empty() {
            return;
        }
        patch.label = patch.label.replacen("Paste", verb, 1);
        self.apply_edit(patch, None);
        let applied = self
            .doc
            .as_ref()
            .zip(pasted.nodes.first())
            .is_some_and(|(d, first)| d.model().node(first).is_some());
        if applied {
            self.select_pasted(&pasted);
        }
    }

    /// Makes the pasted elements the selection: the first node primary, the rest besides.
    fn select_pasted(&mut self, pasted: &Pasted) {
        let pasted_elements = pasted
            .nodes
            .iter()
            .map(ElementRef::node)
            .chain(pasted.links.iter().map(ElementRef::link))
            .chain(pasted.zones.iter().map(ElementRef::zone))
            .collect();
        self.select_elements(pasted_elements);
    }
}
