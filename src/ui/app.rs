//! The app: composes the menu bar, the outline, the canvas, the status bar, the start screen
//! and the modals, and owns the open document.

use std::path::PathBuf;

use crate::io::recovery::RecoveryStore;

use eframe::egui;
use egui::{CentralPanel, Frame, Panel, RichText, ThemePreference, Ui, ViewportCommand};

use super::actions::{self, Action};
use super::canvas::Canvas;
use super::confirm;
use super::describe;
use super::dialogs::{FileDialogs, PendingPath};
use super::document::Document;
use super::errors::{self, ErrorReport};
use super::export_dialog::ExportDialog;
use super::loading::Loading;
use super::menu::{self, MenuState};
use super::outline::Outline;
use super::recent::{self, RecentFiles};
use super::start;
use crate::examples::EXAMPLES;
use crate::scene::ElementRef;

/// Storage key of the chosen theme.
const THEME_KEY: &str = "archmodel.theme";
/// Storage key of File → Type File Paths.
const TYPED_PATHS_KEY: &str = "archmodel.typed-paths";

/// What a pending file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pick {
    Open,
    SaveAs,
    Import,
}

/// The archmodel desktop app.
pub struct ArchApp {
    pub(super) doc: Option<Document>,
    pub(super) canvas: Canvas,
    outline: Outline,
    /// Findings, checklist and version skew of the open document.
    pub(super) review: super::review::Review,
    pub(super) selection: Option<ElementRef>,
    /// Editing: the rest of the selection, snapping, the inspector, autosave.
    pub(super) editor: super::edit::Editor,
    pub(super) dialogs: Box<dyn FileDialogs>,
    pub(super) pending: Option<(Pick, PendingPath)>,
    /// A file being opened in the background.
    pub(super) loading: Option<Loading>,
    /// What to do once the current Save As succeeds (the guard's "Save, then go on").
    pub(super) after_save: Option<Action>,
    /// An action waiting for the unsaved-changes answer.
    pub(super) guard: Option<Action>,
    pub(super) error: Option<ErrorReport>,
    pub(super) recent: RecentFiles,
    pub(super) theme: ThemePreference,
    /// The File → Export… window and its background export.
    pub(super) export: ExportDialog,
    /// File → Import…: the background import and the report of what it could not map.
    pub(super) import: super::import::ImportWindow,
    /// Set once the user agreed to quit, so the close request is let through.
    pub(super) allow_close: bool,
    /// The Model menu's windows: contracts, releases, decisions, properties.
    pub(super) panels: super::model_panels::ModelPanels,
    /// The elements last copied or cut here, pasted when the system clipboard holds none.
    pub(super) clipboard: Option<crate::commands::Fragment>,
    /// The Edit → Find window.
    pub(super) find: super::find::Find,
    /// Notices when the open file changes on disk.
    pub(super) file_watch: super::file_watch::FileWatch,
    /// A save waiting for the user's answer (comments to drop, a file changed on disk).
    pub(super) held_save: Option<super::save_prompt::HeldSave>,
    /// File → Compare With…: the version compared against and its change list.
    pub(super) compare: super::compare::Compare,
    /// Merge conflicts recorded in the open file, and their window.
    pub(super) conflicts: super::conflicts::MergeConflicts,
    /// File → New: the name and template of the model to start.
    pub(super) new_model: super::new_model::NewModel,
    /// View → Tidy Layout running in the background.
    pub(super) tidy: Option<super::tidy::TidyJob>,
    /// Which side panels are shown, and the presentation.
    pub(super) chrome: super::chrome::Chrome,
    shown_title: String,
}

impl ArchApp {
    /// Creates the app, restoring recent files and theme from storage, and opens `file` if given.
    ///
    /// `dialogs` provides the file pickers: [`super::dialogs::NativeDialogs`] in the real app,
    /// [`super::dialogs::PresetDialogs`] in tests.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        dialogs: Box<dyn FileDialogs>,
        file: Option<PathBuf>,
    ) -> Self {
        Self::with_recovery(cc, dialogs, file, RecoveryStore::default_location())
    }

    /// Like [`ArchApp::new`], with recovery files kept in `recovery` (`None`: no autosave).
    pub fn with_recovery(
        cc: &eframe::CreationContext<'_>,
        dialogs: Box<dyn FileDialogs>,
        file: Option<PathBuf>,
        recovery: Option<RecoveryStore>,
    ) -> Self {
        let storage = cc.storage;
        let paths: Vec<PathBuf> = storage
            .and_then(|s| eframe::get_value(s, recent::STORAGE_KEY))
            .unwrap_or_default();
        let theme = storage
            .and_then(|s| s.get_string(THEME_KEY))
            .map_or(ThemePreference::System, |s| theme_from_name(&s));
        cc.egui_ctx.set_theme(theme);
        let typed = storage.and_then(|s| s.get_string(TYPED_PATHS_KEY));
        dialogs.prompts().set_always(typed.as_deref() == Some("on"));
        style(&cc.egui_ctx);
        let mut app = ArchApp {
            doc: None,
            canvas: Canvas::default(),
            outline: Outline::default(),
            review: Default::default(),
            selection: None,
            editor: super::edit::Editor::default(),
            dialogs,
            pending: None,
            loading: None,
            after_save: None,
            guard: None,
            error: None,
            recent: RecentFiles::from_paths(paths),
            theme,
            export: ExportDialog::restore(storage),
            import: Default::default(),
            allow_close: false,
            panels: Default::default(),
            clipboard: None,
            find: Default::default(),
            file_watch: Default::default(),
            held_save: None,
            compare: Default::default(),
            conflicts: Default::default(),
            tidy: None,
            chrome: Default::default(),
            new_model: Default::default(),
            shown_title: String::new(),
        };
        app.editor.autosave = super::autosave::Autosave::new(recovery);
        app.editor.restore = app.editor.autosave.orphans();
        if let Some(path) = file {
            app.perform(&cc.egui_ctx, Action::OpenPath(path));
        }
        app
    }

    /// The window title: "● name.ron — archmodel", the dot marking unsaved changes.
    pub fn title(&self) -> String {
        match &self.doc {
            None => "archmodel".into(),
            Some(d) => {
                let mark = if d.is_dirty() { "● " } else { "" };
                format!("{mark}{} — archmodel", d.file_name())
            }
        }
    }

    /// The open document, if any.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    /// The selected element, if any.
    pub fn selection(&self) -> Option<&ElementRef> {
        self.selection.as_ref()
    }

    /// The error being shown, if any.
    pub fn error(&self) -> Option<&ErrorReport> {
        self.error.as_ref()
    }

    /// Whether a file dialog is open, a file is still being read, or the diagram, the review or
    /// the outline of a large model is being prepared on a thread.
    pub fn is_busy(&self) -> bool {
        self.canvas.is_drawing()
            || self.review.is_checking()
            || self.outline.is_listing()
            || self.loading.is_some()
            || self.pending.is_some()
            || self.compare.is_busy()
            || self.import.is_running()
            || self.is_tidying()
    }

    /// Waits for the diagram, the review and the outline being built on threads, and takes
    /// them, as the frame they ask for would (benches and tests, to time or see them at once).
    pub fn finish_views(&mut self) {
        self.canvas.finish_drawing();
        self.review.finish_checking();
        self.outline.finish_listing();
    }

    /// The merge conflicts recorded in the open file (listed in the Merge Conflicts window).
    pub fn merge_conflicts(&self) -> &[crate::diff::merge::Conflict] {
        self.conflicts.list()
    }

    /// File → Compare With…: the comparison shown, if any.
    pub fn comparison(&self) -> &super::compare::Compare {
        &self.compare
    }

    /// Compares the document with another version once it is open: a file, `REV:PATH`, or a
    /// git revision of the document's file (`archmodel FILE --compare OLD`).
    pub fn compare_with(&mut self, spec: String) {
        self.compare.request(spec);
    }

    /// The findings of the open document as last checked (a large model is checked on a
    /// thread: see [`ArchApp::is_busy`]).
    pub fn findings(&self) -> &[crate::analysis::Finding] {
        self.review.findings()
    }

    /// The canvas (its view and scene).
    pub fn canvas(&self) -> &Canvas {
        &self.canvas
    }

    /// Replaces the open document and starts afresh: no selection, the view fits the new model.
    pub(super) fn set_document(&mut self, doc: Document) {
        self.conflicts.check(doc.path());
        self.doc = Some(doc);
        self.compare.reset();
        self.select_elements(Vec::new());
        self.editor.autosave.document_closed();
        self.file_watch.settled();
        self.held_save = None;
        self.canvas.reset();
        self.review.document_changed();
        self.outline = Outline::default();
    }

    /// A close request with unsaved changes is held back until the user answers.
    fn hold_close(&mut self, ctx: &egui::Context) {
        let dirty = self.doc.as_ref().is_some_and(Document::is_dirty);
        if ctx.input(|i| i.viewport().close_requested()) && dirty && !self.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.guard = Some(Action::Quit);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Outline, status bar and canvas of the open document.
    fn document_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let window = self.chrome_window(ui.ctx());
        let toolbar = Panel::top("toolbar").show(ui, |ui| actions.extend(self.toolbar(ui, window)));
        super::window_place::below_bar(ui.ctx(), toolbar.response.rect.bottom());
        let selected = self.selected();
        let Some(doc) = &self.doc else { return };
        let picked = self.chrome.shows_outline(window).then(|| {
            Panel::left("outline")
                .default_size(230.0)
                .size_range(160.0..=520.0)
                .show(ui, |ui| self.outline.ui(ui, doc, &selected))
                .inner
        });
        if let Some(element) = picked.flatten() {
            self.pick(element);
        }
        let Some(doc) = &self.doc else { return };
        let cancel = Panel::bottom("status")
            .show(ui, |ui| {
                let cancel = self.loading.as_ref().is_some_and(|l| opening(ui, l));
                let hint = self.canvas.hint(ui.ctx(), doc.model());
                status_bar(ui, (doc, hint), &selected);
                cancel
            })
            .inner;
        if cancel {
            self.loading = None;
        }
        if let Some(doc) = self.doc.as_mut()
            && let Some(element) = self.review.ui(ui, doc, &mut self.canvas)
        {
            self.pick(element);
        }
        if self.chrome.shows_inspector(window) {
            self.inspector_ui(ui);
        }
        let Some(doc) = &self.doc else { return };
        let editor = &mut self.editor;
        let gestures = CentralPanel::default()
            .frame(Frame::NONE)
            .show(ui, |ui| {
                let (also, snap) = (&mut editor.also, editor.snap);
                self.canvas.ui(ui, doc, &mut self.selection, also, snap)
            })
            .inner;
        for gesture in gestures {
            match gesture {
                super::drawing::Gesture::Do(action) => actions.push(action),
                gesture => self.apply_gesture(gesture),
            }
        }
        // The scene shown may be of an earlier version while a new one is built: a click or a
        // band there (both end on a release) must not select what no longer exists.
        if self.canvas.is_drawing() && ui.input(|i| i.pointer.any_released()) {
            self.drop_missing_selection();
        }
    }

    /// Modals: an error report, or the unsaved-changes question.
    fn modals(&mut self, ctx: &egui::Context) {
        super::shortcuts::window(ctx, &mut self.editor.show_shortcuts);
        self.offer_restore(ctx);
        self.held_save_ui(ctx);
        errors::show(ctx, &mut self.error);
        self.dialogs.prompts().ui(ctx);
        if self.guard.is_some() {
            let name = self
                .doc
                .as_ref()
                .map_or_else(String::new, Document::file_name);
            if let Some(choice) = confirm::ask(ctx, &name) {
                self.resolve_guard(ctx, choice);
            }
        }
    }
}

impl eframe::App for ArchApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_dialog(&ctx);
        self.poll_loading();
        self.poll_import();
        self.hold_close(&ctx);
        self.file_watch.poll(&ctx, self.doc.as_ref());
        if self.presentation_ui(ui) {
            return;
        }
        let mut actions = Vec::new();
        // Shortcuts wait while a modal asks something.
        let asking =
            self.guard.is_some() || self.asking_about_save() || self.dialogs.prompts().is_asking();
        if self.error.is_none() && !asking && self.editor.restore.is_empty() {
            if self.doc.is_some() {
                let focused = self.canvas.focused_zone().is_some();
                actions.extend(super::chrome::shortcuts(&ctx, focused));
            }
            actions.extend(actions::shortcuts(&ctx, self.doc.is_some()));
        }
        let window = self.chrome_window(&ctx);
        let menu = Panel::top("menu").show(ui, |ui| {
            let state = MenuState {
                has_document: self.doc.is_some(),
                recent: &mut self.recent,
                theme: self.theme,
                review: self.review.shown(),
                edit: super::edit::EditMenuState {
                    doc: self.doc.as_ref(),
                    has_selection: self.selection.is_some(),
                },
                snap: self.editor.snap,
                chrome: super::present::menu_state(
                    &self.chrome,
                    &self.canvas,
                    self.selection.as_ref(),
                    window,
                    self.doc.is_some(),
                ),
                typed_paths: self.dialogs.prompts().always(),
            };
            actions.extend(menu::bar(ui, state));
        });
        super::window_place::below_bar(&ctx, menu.response.rect.bottom());
        if let Some(doc) = &self.doc {
            let waiting = self.held_save.is_some();
            if let Some(choice) = self.file_watch.bar(ui, doc, waiting) {
                self.file_changed(&ctx, choice);
            }
        }
        if self.doc.is_some() {
            self.document_ui(ui, &mut actions);
        } else if let Some(loading) = &self.loading {
            let cancel = CentralPanel::default()
                .show(ui, |ui| {
                    ui.vertical_centered(|ui| {
                        ui.add_space(ui.available_height() * 0.4);
                        opening(ui, loading)
                    })
                    .inner
                })
                .inner;
            if cancel {
                // The reader thread finishes (or not) on its own; its answer is dropped.
                self.loading = None;
            }
        } else {
            CentralPanel::default().show(ui, |ui| {
                actions.extend(start::ui(ui, EXAMPLES, &mut self.recent));
            });
        }
        self.export
            .ui(&ctx, self.doc.as_ref(), self.dialogs.as_ref());
        self.import.ui(&ctx);
        self.find_ui(&ctx);
        self.compare_ui(&ctx);
        self.conflicts_ui(&ctx);
        self.tidy_ui(&ctx);
        self.model_panels_ui(ui);
        self.modals(&ctx);
        actions.extend(self.new_model.ui(&ctx));
        for action in actions {
            self.request(&ctx, action);
        }
        self.editor.autosave.tick(&ctx, self.doc.as_ref());
        self.editor.was_typing = ctx.memory(|m| m.focused().is_some());
        self.update_title(&ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit (unsaved changes were saved or discarded on the way): no recovery file.
        self.editor.autosave.document_closed();
    }

    fn auto_save_interval(&self) -> std::time::Duration {
        // The recent-files list should survive a crash or a killed session.
        std::time::Duration::from_secs(10)
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, recent::STORAGE_KEY, &self.recent.paths());
        storage.set_string(THEME_KEY, theme_name(self.theme).into());
        let typed = if self.dialogs.prompts().always() {
            "on"
        } else {
            "off"
        };
        storage.set_string(TYPED_PATHS_KEY, typed.into());
        self.export.save(storage);
    }
}

/// "Opening shop.ron…" with a spinner and a way out; returns whether the user cancelled.
fn opening(ui: &mut Ui, loading: &Loading) -> bool {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(format!("Opening {}…", loading.file_name()));
        ui.button("Cancel").clicked()
    })
    .inner
}

/// The selection in words (zoom and fit are on the toolbar).
fn status_bar(ui: &mut Ui, (doc, hint): (&Document, Option<String>), selection: &[ElementRef]) {
    ui.horizontal(|ui| {
        let model = doc.model();
        if let Some(hint) = hint {
            // What the gesture in progress will do takes the place of the selection.
            ui.label(RichText::new(hint).strong());
        } else if selection.len() > 1 {
            ui.label(super::selection_words::selection(model, selection));
        } else if let Some(s) = selection.first().and_then(|s| describe::summary(model, s)) {
            ui.label(RichText::new(s.kind).weak());
            ui.label(RichText::new(format!("“{}”", s.title)).strong());
            if let Some(first) = s.lines.first() {
                ui.label(RichText::new(first).weak());
            }
        } else {
            ui.weak(super::selection_words::model(model));
        }
    });
}

/// Gives a context the app's fonts and text sizes (benchmarks use it to paint what the app
/// paints).
pub fn style(ctx: &egui::Context) {
    set_fonts(ctx);
    set_text_sizes(ctx);
    super::look::apply(ctx);
}

/// The bundled proportional font lacks arrows and the unsaved dot; the bundled monospace font
/// has them, so it becomes the proportional family's fallback.
fn set_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if fonts.font_data.contains_key("Hack")
        && let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional)
    {
        let at = family.len().min(1);
        family.insert(at, "Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Slightly larger text than egui's defaults: the app is often shown on a projector.
fn set_text_sizes(ctx: &egui::Context) {
    use egui::{FontId, TextStyle};
    ctx.all_styles_mut(|style| {
        style
            .text_styles
            .insert(TextStyle::Body, FontId::proportional(14.5));
        style
            .text_styles
            .insert(TextStyle::Button, FontId::proportional(14.5));
        style
            .text_styles
            .insert(TextStyle::Heading, FontId::proportional(20.0));
        style
            .text_styles
            .insert(TextStyle::Small, FontId::proportional(11.5));
        style
            .text_styles
            .insert(TextStyle::Monospace, FontId::monospace(13.5));
        style.spacing.interact_size.y = 22.0;
    });
}

fn theme_name(t: ThemePreference) -> &'static str {
    match t {
        ThemePreference::Light => "light",
        ThemePreference::Dark => "dark",
        ThemePreference::System => "system",
    }
}

fn theme_from_name(s: &str) -> ThemePreference {
    match s {
        "light" => ThemePreference::Light,
        "dark" => ThemePreference::Dark,
        _ => ThemePreference::System,
    }
}
