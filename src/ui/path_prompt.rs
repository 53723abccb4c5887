//! The in-app path field: asked instead of a file dialog when none can be shown (no desktop
//! portal, no zenity) or when the user prefers it. It answers through the same
//! [`PendingPath`] as a dialog, so whoever asked never knows which one answered.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use eframe::egui;
use egui::text::{CCursor, CCursorRange, CharIndex};
use egui::{Button, Id, Key, Modal, RichText, ScrollArea, TextEdit, Ui};

use super::dialogs::PendingPath;
use super::path_complete::{self, Wanted};

/// What a file dialog was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A model file to open.
    Open,
    /// Where to save the model.
    Save,
    /// A folder to export into.
    Folder,
    /// A file in another format to import.
    Import,
}

impl PathKind {
    /// The window's title.
    pub fn title(self) -> &'static str {
        match self {
            PathKind::Open => "Open Model",
            PathKind::Save => "Save Model",
            PathKind::Folder => "Choose Folder",
            PathKind::Import => "Import Model",
        }
    }

    fn wanted(self) -> Wanted {
        match self {
            PathKind::Open | PathKind::Import => Wanted::File,
            PathKind::Save => Wanted::NewFile,
            PathKind::Folder => Wanted::Folder,
        }
    }

    /// The file name extensions offered by completion (all files when empty).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            PathKind::Open | PathKind::Save => &["ron"],
            PathKind::Import => &["json", "mmd", "mermaid", "dsl"],
            PathKind::Folder => &[],
        }
    }
}

/// One question for the path field.
#[derive(Debug)]
pub struct PathRequest {
    /// What is asked for.
    pub kind: PathKind,
    /// The folder the field starts in (relative paths are read from it).
    pub start: PathBuf,
    /// A file name to propose (Save).
    pub name: Option<String>,
    /// Why the field is shown instead of a dialog, if it was not the user's choice.
    pub reason: Option<String>,
    reply: Sender<Option<PathBuf>>,
}

impl PathRequest {
    /// A question and the pending answer its asker polls.
    pub fn new(kind: PathKind, start: PathBuf, name: Option<String>) -> (Self, PendingPath) {
        let (reply, pending) = PendingPath::channel();
        let request = PathRequest {
            kind,
            start,
            name,
            reason: None,
            reply,
        };
        (request, pending)
    }

    /// Answers the question without the field (a dialog did): the path, or `None` if cancelled.
    pub fn answer(self, path: Option<PathBuf>) {
        // The asker may have gone away (a closed window); nobody is left to tell.
        let _ = self.reply.send(path);
    }
}

/// The path field's questions, shared by the dialogs (which add them, from any thread) and the
/// app (which shows them).
#[derive(Debug, Clone, Default)]
pub struct PathPrompts {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    waiting: VecDeque<PathRequest>,
    shown: Option<Field>,
    always: bool,
}

impl PathPrompts {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The state stays usable even if a thread panicked while holding it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether every file question goes to the path field instead of the system's dialog.
    pub fn always(&self) -> bool {
        self.lock().always
    }

    /// Sets whether every file question goes to the path field.
    pub fn set_always(&self, always: bool) {
        self.lock().always = always;
    }

    /// Queues a question; it is shown from the next frame on.
    pub fn push(&self, request: PathRequest) {
        self.lock().waiting.push_back(request);
    }

    /// Asks `kind` in the path field; `reason` says why there is no dialog.
    pub fn ask(
        &self,
        kind: PathKind,
        start: PathBuf,
        name: Option<String>,
        reason: Option<String>,
    ) -> PendingPath {
        let (mut request, pending) = PathRequest::new(kind, start, name);
        request.reason = reason;
        self.push(request);
        pending
    }

    /// Whether the field is shown or a question waits for it.
    pub fn is_asking(&self) -> bool {
        let inner = self.lock();
        inner.shown.is_some() || !inner.waiting.is_empty()
    }

    /// Shows the field for the current question, if any.
    pub fn ui(&self, ctx: &egui::Context) {
        let mut inner = self.lock();
        if inner.shown.is_none() {
            inner.shown = inner.waiting.pop_front().map(Field::new);
        }
        let Some(field) = inner.shown.as_mut() else {
            return;
        };
        if let Some(answer) = field.ui(ctx) {
            if let Some(field) = inner.shown.take() {
                field.request.answer(answer);
            }
            ctx.request_repaint();
        }
    }
}

/// The field's state while one question is shown.
#[derive(Debug)]
struct Field {
    request: PathRequest,
    text: String,
    matches: Vec<String>,
    problem: Option<String>,
    /// The file the user must agree to replace before Save goes on.
    replace: Option<PathBuf>,
    focused: bool,
}

impl Field {
    fn new(request: PathRequest) -> Self {
        let mut text = request.start.display().to_string();
        if !text.ends_with('/') {
            text.push('/');
        }
        if let Some(name) = &request.name {
            text.push_str(name);
        }
        let mut field = Field {
            request,
            text,
            matches: Vec::new(),
            problem: None,
            replace: None,
            focused: false,
        };
        field.list_matches();
        field
    }

    /// What the typed text completes to, among the names this request wants.
    fn completion(&self) -> path_complete::Completion {
        let kind = self.request.kind;
        path_complete::complete(
            &self.text,
            &self.request.start,
            kind.wanted(),
            kind.extensions(),
        )
    }

    fn list_matches(&mut self) {
        self.matches = self.completion().matches;
    }

    /// Shows the field; returns the answer once given (`None` inside: cancelled).
    fn ui(&mut self, ctx: &egui::Context) -> Option<Option<PathBuf>> {
        let mut answer = None;
        Modal::new(Id::unique("archmodel-path-field")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new(self.request.kind.title()).heading());
            if let Some(reason) = &self.request.reason {
                ui.label(RichText::new(reason).color(ui.visuals().warn_fg_color));
            }
            ui.add_space(4.0);
            let entered = self.path_row(ui);
            self.match_list(ui);
            if let Some(problem) = &self.problem {
                ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
            }
            ui.add_space(6.0);
            answer = self.buttons(ui, entered);
        });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(None);
        }
        answer
    }

    /// The text field; Tab completes. Returns whether Enter was pressed in it.
    fn path_row(&mut self, ui: &mut Ui) -> bool {
        let id = Id::unique("archmodel-path-text");
        let label = ui.label("Path");
        let response = ui
            .add(
                TextEdit::singleline(&mut self.text)
                    .id(id)
                    .lock_focus(true)
                    .font(egui::TextStyle::Monospace)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if !self.focused {
            response.request_focus();
            self.focused = true;
        }
        if response.changed() {
            self.changed();
        }
        if response.has_focus() && ui.input(|i| i.key_pressed(Key::Tab)) {
            self.complete(ui.ctx(), id);
        }
        response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
    }

    fn changed(&mut self) {
        self.problem = None;
        self.replace = None;
        self.list_matches();
    }

    /// Completes the last name as far as the matches agree and puts the cursor at the end.
    fn complete(&mut self, ctx: &egui::Context, id: Id) {
        let c = self.completion();
        if c.matches.is_empty() {
            self.problem = Some("Nothing here starts like that.".into());
        }
        self.text = c.text;
        self.matches = c.matches;
        if let Some(mut state) = TextEdit::load_state(ctx, id) {
            let end = CCursor::new(CharIndex(self.text.chars().count()));
            state.cursor.set_char_range(Some(CCursorRange::one(end)));
            state.store(ctx, id);
        }
    }

    /// The names that complete the typed path; clicking one takes it.
    fn match_list(&mut self, ui: &mut Ui) {
        if self.matches.is_empty() {
            return;
        }
        let mut picked = None;
        ScrollArea::vertical()
            .id_salt("path-matches")
            .max_height(150.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for name in &self.matches {
                    if ui
                        .selectable_label(false, RichText::new(name).monospace())
                        .clicked()
                    {
                        picked = Some(name.clone());
                    }
                }
            });
        if let Some(name) = picked {
            let folder_end = self.text.rfind('/').map_or(0, |at| at + 1);
            self.text.truncate(folder_end);
            self.text.push_str(&name);
            self.changed();
        }
    }

    /// OK and Cancel (and Replace once the user was told Save would overwrite a file).
    fn buttons(&mut self, ui: &mut Ui, entered: bool) -> Option<Option<PathBuf>> {
        let mut answer = None;
        ui.horizontal(|ui| {
            if let Some(path) = self.replace.clone() {
                if ui.button("Replace").clicked() {
                    answer = Some(Some(path));
                }
            } else if ui.add(Button::new("OK")).clicked() || entered {
                answer = self.accept().map(Some);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
        answer
    }

    /// The typed path if it names what was asked for; else the problem is shown.
    fn accept(&mut self) -> Option<PathBuf> {
        let kind = self.request.kind;
        let mut text = self.text.trim().to_owned();
        if kind == PathKind::Save && !text.ends_with('/') && Path::new(&text).extension().is_none()
        {
            // The file a save writes ends in `.ron`; the overwrite check must see that name.
            text.push_str(".ron");
        }
        match path_complete::check(&text, &self.request.start, kind.wanted()) {
            Ok(checked) if checked.overwrites => {
                self.problem = Some(format!(
                    "{} already exists. Replace it?",
                    checked.path.display()
                ));
                self.replace = Some(checked.path);
                None
            }
            Ok(checked) => Some(checked.path),
            Err(problem) => {
                self.problem = Some(problem.to_string());
                None
            }
        }
    }
}
