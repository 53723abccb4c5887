//! File dialogs behind a small trait: the app asks, gets a pending answer, and polls it each
//! frame, so the UI thread never blocks. Tests plug in [`PresetDialogs`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use eframe::egui;

use super::path_prompt::{PathKind, PathPrompts, PathRequest};

/// Opens file pickers without blocking the caller. Each starts in the folder `start`; when no
/// dialog can be shown the question goes to the in-app path field ([`Self::prompts`]).
pub trait FileDialogs {
    /// Starts asking the user for a model file to open.
    fn pick_open(&self, start: &Path) -> PendingPath;
    /// Starts asking the user where to save, proposing `suggested` as the file name.
    fn pick_save(&self, start: &Path, suggested: &str) -> PendingPath;
    /// Starts asking the user for a folder (to export into).
    fn pick_folder(&self, start: &Path) -> PendingPath;
    /// Starts asking the user for a file to import (Threat Dragon, OTM, Mermaid, Structurizr).
    fn pick_import(&self, start: &Path) -> PendingPath;
    /// The in-app path field: its questions, and whether it replaces the dialogs altogether.
    fn prompts(&self) -> &PathPrompts;
}

/// Shown above the path field when the system's dialog failed.
pub const NO_DIALOG: &str = "No file dialog could be shown (this desktop has no file chooser \
     portal and no zenity). Type the path instead.";

/// A dialog that answers "cancelled" sooner than this was never shown: nobody cancels that fast.
/// rfd only logs why it failed, so the time it took is the one sign there is.
const TOO_FAST: Duration = Duration::from_millis(250);

/// Where a file dialog starts: the folder of `file` (the open model), else the working folder.
pub fn start_folder(file: Option<&Path>) -> PathBuf {
    file.and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_owned)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// The answer of a file dialog, arriving later.
#[derive(Debug)]
pub struct PendingPath {
    rx: Receiver<Option<PathBuf>>,
}

/// What polling a [`PendingPath`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The dialog is still open.
    Waiting,
    /// The user chose a file.
    Chosen(PathBuf),
    /// The user cancelled (or the dialog could not be shown).
    Cancelled,
}

impl PendingPath {
    /// A pending answer and the sender that will deliver it.
    pub fn channel() -> (mpsc::Sender<Option<PathBuf>>, PendingPath) {
        let (tx, rx) = mpsc::channel();
        (tx, PendingPath { rx })
    }

    /// An answer that is already there.
    pub fn ready(path: Option<PathBuf>) -> PendingPath {
        let (tx, pending) = PendingPath::channel();
        // The receiver is alive, so this send cannot fail.
        let _ = tx.send(path);
        pending
    }

    /// Checks for the answer without waiting.
    pub fn poll(&self) -> Answer {
        match self.rx.try_recv() {
            Ok(Some(path)) => Answer::Chosen(path),
            Ok(None) | Err(TryRecvError::Disconnected) => Answer::Cancelled,
            Err(TryRecvError::Empty) => Answer::Waiting,
        }
    }
}

/// The platform's file dialogs (via rfd), each run on its own thread; the in-app path field
/// when they cannot be shown or the user prefers it.
pub struct NativeDialogs {
    ctx: egui::Context,
    prompts: PathPrompts,
}

impl NativeDialogs {
    /// Dialogs that wake up the UI of `ctx` when answered.
    pub fn new(ctx: egui::Context) -> Self {
        NativeDialogs {
            ctx,
            prompts: PathPrompts::default(),
        }
    }

    fn spawn(
        &self,
        kind: PathKind,
        start: &Path,
        name: Option<&str>,
        pick: impl FnOnce(rfd::FileDialog) -> Option<PathBuf> + Send + 'static,
    ) -> PendingPath {
        let name = name.map(str::to_owned);
        if self.prompts.always() {
            return self.prompts.ask(kind, start.to_owned(), name, None);
        }
        let (mut request, pending) = PathRequest::new(kind, start.to_owned(), name);
        let dialog = rfd::FileDialog::new()
            .set_title(kind.title())
            .set_directory(start);
        let (ctx, prompts) = (self.ctx.clone(), self.prompts.clone());
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let began = Instant::now();
                let answer = pick(dialog);
                if answer.is_none() && began.elapsed() < TOO_FAST {
                    request.reason = Some(NO_DIALOG.into());
                    prompts.push(request);
                } else {
                    request.answer(answer);
                }
                ctx.request_repaint();
            });
        // Without a thread there is no dialog; the dropped request reads as a cancel.
        drop(spawned);
        pending
    }
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&self, start: &Path) -> PendingPath {
        self.spawn(PathKind::Open, start, None, |d| {
            d.add_filter("archmodel model", &["ron"]).pick_file()
        })
    }

    fn pick_save(&self, start: &Path, suggested: &str) -> PendingPath {
        let name = suggested.to_owned();
        self.spawn(PathKind::Save, start, Some(suggested), move |d| {
            d.add_filter("archmodel model", &["ron"])
                .set_file_name(name)
                .save_file()
        })
    }

    fn pick_import(&self, start: &Path) -> PendingPath {
        self.spawn(PathKind::Import, start, None, |d| {
            d.add_filter(
                "Threat Dragon, OTM, Mermaid, Structurizr",
                PathKind::Import.extensions(),
            )
            .add_filter("All files", &["*"])
            .pick_file()
        })
    }

    fn pick_folder(&self, start: &Path) -> PendingPath {
        self.spawn(PathKind::Folder, start, None, |d| d.pick_folder())
    }

    fn prompts(&self) -> &PathPrompts {
        &self.prompts
    }
}

/// Dialogs that answer at once with preset paths, for tests.
///
/// Each call takes the next preset answer of its kind; with none left it answers "cancelled".
/// Clones share their state, so a test can keep one to see what the app asked.
#[derive(Debug, Default, Clone)]
pub struct PresetDialogs {
    opens: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    saves: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    folders: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    imports: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    suggested: Rc<RefCell<Vec<String>>>,
    starts: Rc<RefCell<Vec<PathBuf>>>,
    unavailable: bool,
    prompts: PathPrompts,
}

impl PresetDialogs {
    /// Dialogs with no answers prepared (every pick is cancelled).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the answer of a future Open dialog.
    pub fn then_open(self, path: impl Into<PathBuf>) -> Self {
        self.opens.borrow_mut().push_back(Some(path.into()));
        self
    }

    /// Adds the answer of a future Save dialog.
    pub fn then_save(self, path: impl Into<PathBuf>) -> Self {
        self.saves.borrow_mut().push_back(Some(path.into()));
        self
    }

    /// Adds the answer of a future folder dialog.
    pub fn then_folder(self, path: impl Into<PathBuf>) -> Self {
        self.folders.borrow_mut().push_back(Some(path.into()));
        self
    }

    /// Adds the answer of a future Import dialog.
    pub fn then_import(self, path: impl Into<PathBuf>) -> Self {
        self.imports.borrow_mut().push_back(Some(path.into()));
        self
    }

    /// Dialogs that can never be shown, like a desktop without a portal: every question goes
    /// to the in-app path field.
    pub fn unavailable(mut self) -> Self {
        self.unavailable = true;
        self
    }

    /// The folders the dialogs were opened in, in order.
    pub fn starts(&self) -> Vec<PathBuf> {
        self.starts.borrow().clone()
    }

    /// The file names Save dialogs were opened with, in order.
    pub fn suggested_names(&self) -> Vec<String> {
        self.suggested.borrow().clone()
    }
}

impl PresetDialogs {
    /// The next preset answer of `queue`, or the path field when dialogs are unavailable.
    fn answer(
        &self,
        queue: &RefCell<VecDeque<Option<PathBuf>>>,
        kind: PathKind,
        start: &Path,
        name: Option<&str>,
    ) -> PendingPath {
        self.starts.borrow_mut().push(start.to_owned());
        if self.unavailable || self.prompts.always() {
            let reason = self.unavailable.then(|| NO_DIALOG.to_owned());
            return self
                .prompts
                .ask(kind, start.to_owned(), name.map(str::to_owned), reason);
        }
        PendingPath::ready(queue.borrow_mut().pop_front().flatten())
    }
}

impl FileDialogs for PresetDialogs {
    fn pick_open(&self, start: &Path) -> PendingPath {
        self.answer(&self.opens, PathKind::Open, start, None)
    }

    fn pick_save(&self, start: &Path, suggested: &str) -> PendingPath {
        self.suggested.borrow_mut().push(suggested.to_owned());
        self.answer(&self.saves, PathKind::Save, start, Some(suggested))
    }

    fn pick_folder(&self, start: &Path) -> PendingPath {
        self.answer(&self.folders, PathKind::Folder, start, None)
    }

    fn pick_import(&self, start: &Path) -> PendingPath {
        self.answer(&self.imports, PathKind::Import, start, None)
    }

    fn prompts(&self) -> &PathPrompts {
        &self.prompts
    }
}
