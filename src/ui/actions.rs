//! What the user can ask the app to do (from menus, the start screen and shortcuts), and how the
//! app does it: opening, saving, the unsaved-changes guard.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference, ViewportCommand};

use super::app::{ArchApp, Pick};
use super::dialogs::Answer;
use super::document::{Document, with_ron_extension};
use super::errors::ErrorReport;
use super::loading::{Loaded, Loading};
use super::save_prompt::HeldSave;
use crate::examples::Example;

/// Ctrl+N (⌘N on macOS).
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
/// Ctrl+O.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Ctrl+S.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Ctrl+Shift+S.
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// Ctrl+Q.
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Zoom step of the zoom-in/out commands.
const ZOOM_STEP: f32 = 1.25;

/// A user request.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ask for the new model's name and what to start from (File → New).
    New,
    /// Start a new model with this name, blank or from a template (an example).
    NewModel {
        /// The model's name.
        name: String,
        /// What to start from; `None` for a blank model.
        template: Option<&'static Example>,
    },
    /// Ask for a file and open it.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open a bundled example as a new model.
    OpenExample(&'static Example),
    /// Ask for a Threat Dragon, OTM, Mermaid or Structurizr file and open it as a new model.
    Import,
    /// Save to the document's file (asking for one if it has none).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Forget the recent files.
    ClearRecent,
    /// Close the window.
    Quit,
    /// Frame the whole diagram.
    Fit,
    /// Zoom in one step.
    ZoomIn,
    /// Zoom out one step.
    ZoomOut,
    /// Open the Export window.
    Export,
    /// Switch the colour theme.
    Theme(ThemePreference),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete the selected elements (with the links of deleted nodes).
    Delete,
    /// Clear the selection.
    SelectNone,
    /// Select every node, link and zone.
    SelectAll,
    /// Move the selected nodes by this many steps (a grid step when snapping, else one unit).
    Nudge(f32, f32),
    /// The arrow keys were released: the nudge is one undo step.
    NudgeEnd,
    /// Turn snapping to the grid on or off.
    ToggleSnap,
    /// Choose files by typing paths in the app (or go back to the system's dialogs).
    ToggleTypedPaths,
    /// Show the keyboard shortcuts window.
    Shortcuts,
    /// Add a node of this kind (from the palette), selected with its name ready to type.
    AddNode(crate::model::NodeKind),
    /// Put the selected nodes into a new trust zone.
    GroupIntoZone,
    /// Pin (`true`) or unpin the selected nodes, so Tidy Layout leaves them where they are.
    SetPinned(bool),
    /// Rename the selected node or zone in place.
    Rename,
    /// Zoom to show the selection.
    ZoomToSelection,
    /// Lay the model out again (`true`: only the selected nodes), as one undo step.
    TidyLayout(bool),
    /// Copy the selection to the clipboard.
    Copy,
    /// Copy the selection to the clipboard, then delete it.
    Cut,
    /// Paste copied elements: this clipboard text if it holds some, else what was copied here.
    Paste(Option<String>),
    /// Paste a copy of the selection next to it.
    Duplicate,
    /// Open the Find window.
    Find,
    /// Open the Compare With… window.
    CompareWith,
    /// Show or hide a review view (findings, checklist, version skew).
    Review(super::review::ReviewView),
    /// Open a window of the Model menu (contracts, releases, decisions, properties).
    ModelPanel(super::model_panels::ModelPanel),
    /// Show or hide panels, present, focus on a zone.
    View(super::chrome::ViewCommand),
}

impl Action {
    /// Whether the action would throw away the open document (so unsaved changes need a word).
    fn replaces_document(&self) -> bool {
        matches!(
            self,
            Action::NewModel { .. }
                | Action::Open
                | Action::OpenPath(_)
                | Action::OpenExample(_)
                | Action::Import
                | Action::Quit
        )
    }
}

/// Reads the keyboard shortcuts of this frame.
pub fn shortcuts(ctx: &egui::Context, has_document: bool) -> Vec<Action> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        // Ctrl+Shift+S first: Ctrl+S would match it too.
        for (shortcut, action) in [
            (SAVE_AS, Action::SaveAs),
            (SAVE, Action::Save),
            (NEW, Action::New),
            (OPEN, Action::Open),
            (QUIT, Action::Quit),
            (super::export_dialog::SHORTCUT, Action::Export),
        ] {
            if i.consume_shortcut(&shortcut) {
                out.push(action);
            }
        }
    });
    // A model file dropped on the window opens like File → Open (asking about unsaved changes).
    ctx.input(|i| {
        let mut dropped = i.raw.dropped_files.iter().map(|f| f.path());
        if let Some(path) = dropped.rfind(|p| p.extension().is_some_and(|x| x == "ron")) {
            out.push(Action::OpenPath(path.to_path_buf()));
        }
    });
    if has_document {
        out.extend(super::edit::shortcuts(ctx));
    }
    // Plain keys only act on the canvas when no text field is taking them.
    if has_document && !ctx.egui_wants_keyboard_input() {
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::SHIFT, Key::F) {
                out.push(Action::ZoomToSelection);
            } else if i.key_pressed(Key::F) {
                out.push(Action::Fit);
            }
            if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                out.push(Action::ZoomIn);
            }
            if i.key_pressed(Key::Minus) {
                out.push(Action::ZoomOut);
            }
        });
    }
    out.retain(|a| has_document || !matches!(a, Action::Save | Action::SaveAs | Action::Export));
    out
}

impl ArchApp {
    /// Carries out an action, first asking about unsaved changes if it would drop them.
    pub(super) fn request(&mut self, ctx: &egui::Context, action: Action) {
        let dirty = self.doc.as_ref().is_some_and(Document::is_dirty);
        if dirty && action.replaces_document() {
            self.guard = Some(action);
        } else {
            self.perform(ctx, action);
        }
    }

    /// Carries out an action without asking.
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.new_model.open(),
            Action::NewModel { name, template } => match Document::new_model(&name, template) {
                Ok(doc) => self.set_document(doc),
                Err(e) => {
                    let what = template.map_or("a blank model", |t| t.title);
                    self.error = Some(ErrorReport::open_failed(what, None, &e));
                }
            },
            Action::View(command) => self.view_command(ctx, command),
            Action::Open => self.ask(Pick::Open, ctx),
            Action::Import => self.ask(Pick::Import, ctx),
            Action::OpenPath(path) => self.open_path(ctx, &path),
            Action::OpenExample(example) => match Document::from_example(example) {
                Ok(doc) => self.set_document(doc),
                Err(e) => {
                    let name = format!("the example “{}”", example.title);
                    self.error = Some(ErrorReport::open_failed(&name, None, &e));
                }
            },
            Action::Save => match self.doc.as_ref().and_then(|d| d.path().map(Path::to_owned)) {
                Some(path) => {
                    self.save_to(&path);
                }
                None if self.doc.is_some() => self.ask(Pick::SaveAs, ctx),
                None => {}
            },
            Action::SaveAs if self.doc.is_some() => self.ask(Pick::SaveAs, ctx),
            Action::SaveAs => {}
            Action::ClearRecent => self.recent.clear(),
            Action::ToggleTypedPaths => {
                let prompts = self.dialogs.prompts();
                prompts.set_always(!prompts.always());
            }
            Action::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Action::Export => {
                let file = self.doc.as_ref().and_then(Document::path);
                self.export.open(file);
            }
            Action::CompareWith => self.compare.open = true,
            Action::Fit => self.canvas.fit(),
            Action::ZoomIn => self.canvas.zoom_by(ZOOM_STEP),
            Action::ZoomOut => self.canvas.zoom_by(1.0 / ZOOM_STEP),
            Action::Review(view) => self.review.toggle(view),
            Action::ModelPanel(panel) => self.panels.open(panel),
            Action::Copy => self.copy(ctx),
            Action::Cut => self.cut(ctx),
            Action::Paste(text) => self.paste(text.as_deref()),
            Action::Duplicate => self.duplicate(),
            Action::Find => self.find.open(),
            Action::TidyLayout(selection) => self.start_tidy(ctx, selection),
            Action::Undo
            | Action::Redo
            | Action::Delete
            | Action::SelectAll
            | Action::SelectNone
            | Action::Nudge(..)
            | Action::NudgeEnd
            | Action::ToggleSnap
            | Action::Shortcuts
            | Action::AddNode(_)
            | Action::GroupIntoZone
            | Action::SetPinned(_)
            | Action::Rename
            | Action::ZoomToSelection => self.perform_edit(&action),
            Action::Theme(pref) => {
                self.theme = pref;
                ctx.set_theme(pref);
            }
        }
    }

    /// Opens a file dialog; its answer is picked up by [`ArchApp::poll_dialog`].
    fn ask(&mut self, pick: Pick, ctx: &egui::Context) {
        if self.pending.is_some() {
            return;
        }
        let start = super::dialogs::start_folder(self.doc.as_ref().and_then(Document::path));
        let pending = match pick {
            Pick::Open => self.dialogs.pick_open(&start),
            Pick::Import => self.dialogs.pick_import(&start),
            Pick::SaveAs => {
                let name = self
                    .doc
                    .as_ref()
                    .map_or_else(|| "untitled.ron".into(), Document::file_name);
                self.dialogs.pick_save(&start, &name)
            }
        };
        self.pending = Some((pick, pending));
        ctx.request_repaint();
    }

    /// Acts on a file dialog's answer once it arrives.
    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        // Taken out first, so what the answer leads to may open the next dialog.
        let Some((pick, pending)) = self.pending.take() else {
            return;
        };
        match pending.poll() {
            Answer::Waiting => self.pending = Some((pick, pending)),
            Answer::Cancelled => {
                // A cancelled Save As also cancels whatever was waiting for the save.
                self.after_save = None;
            }
            Answer::Chosen(path) => match pick {
                Pick::Open => self.open_path(ctx, &path),
                Pick::Import => self.import.start(ctx, path),
                Pick::SaveAs => {
                    let path = with_ron_extension(path);
                    if self.save_to(&path)
                        && let Some(next) = self.after_save.take()
                    {
                        self.perform(ctx, next);
                    }
                }
            },
        }
    }

    /// Starts opening a file in the background; [`ArchApp::poll_loading`] takes the result.
    pub(super) fn open_path(&mut self, ctx: &egui::Context, path: &Path) {
        // A newer request replaces one still running; the older answer is dropped unread.
        self.loading = Some(Loading::start(ctx, path.to_owned()));
        ctx.request_repaint();
    }

    /// Takes the opened document (or the reason it failed) once the reader is done.
    pub(super) fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else {
            return;
        };
        let report = |e: &dyn std::fmt::Display| {
            ErrorReport::open_failed(&loading.file_name(), Some(loading.path()), e)
        };
        match loading.poll() {
            Loaded::Waiting => return,
            Loaded::Done(result) => match *result {
                Ok(doc) => {
                    self.recent.push(loading.path());
                    self.set_document(doc);
                }
                Err(e) => self.error = Some(report(&e)),
            },
            Loaded::Lost => {
                self.error = Some(report(&"the file reader stopped before it finished"));
            }
        }
        self.loading = None;
    }

    /// Saves the document; reports failure and returns whether it worked. A save that would
    /// drop the file's comments or overwrite changes made on disk waits for the user's answer
    /// (see [`super::save_prompt`]) and returns `false` for now.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        if let Some(reason) = self.hold_save(path) {
            self.held_save = Some(HeldSave {
                path: path.to_owned(),
                reason,
            });
            return false;
        }
        let Some(doc) = self.doc.as_mut() else {
            return false;
        };
        // Open merge conflicts travel with the model, to a new file too.
        match doc.save_to(path, self.conflicts.list()) {
            Ok(()) => {
                self.conflicts.moved_to(path);
                self.recent.push(path);
                self.file_watch.settled();
                // A save held for another file (before a Save As) has nothing left to do.
                self.held_save = None;
                true
            }
            Err(e) => {
                self.error = Some(ErrorReport::save_failed(path, &e));
                // What waited for the save does not happen without it.
                self.after_save = None;
                false
            }
        }
    }

    /// Answers the unsaved-changes question: save first, discard, or cancel.
    pub(super) fn resolve_guard(&mut self, ctx: &egui::Context, choice: super::confirm::Choice) {
        let Some(action) = self.guard.take() else {
            return;
        };
        match choice {
            super::confirm::Choice::Save => {
                self.after_save = Some(action);
                let has_path = self.doc.as_ref().and_then(Document::path).is_some();
                if has_path {
                    self.perform(ctx, Action::Save);
                    let saved = self.doc.as_ref().is_some_and(|d| !d.is_dirty());
                    // A held save keeps the action for when the user answers.
                    if saved && let Some(next) = self.after_save.take() {
                        self.perform(ctx, next);
                    }
                } else {
                    self.ask(Pick::SaveAs, ctx);
                }
            }
            super::confirm::Choice::Discard => self.perform(ctx, action),
            super::confirm::Choice::Cancel => {}
        }
    }
}
