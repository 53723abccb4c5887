//! File dialogs behind a small trait: the app asks, gets a pending answer, and polls it each
//! frame, so the UI thread never blocks. Tests plug in [`PresetDialogs`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;

/// Opens file pickers without blocking the caller.
pub trait FileDialogs {
    /// Starts asking the user for a model file to open.
    fn pick_open(&self) -> PendingPath;
    /// Starts asking the user where to save, proposing `suggested` as the file name.
    fn pick_save(&self, suggested: &str) -> PendingPath;
    /// Starts asking the user for a folder (to export into).
    fn pick_folder(&self) -> PendingPath;
    /// Starts asking the user for a file to import (Threat Dragon, OTM, Mermaid, Structurizr).
    fn pick_import(&self) -> PendingPath;
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

/// The platform's file dialogs (via rfd), each run on its own thread.
pub struct NativeDialogs {
    ctx: egui::Context,
}

impl NativeDialogs {
    /// Dialogs that wake up the UI of `ctx` when answered.
    pub fn new(ctx: egui::Context) -> Self {
        NativeDialogs { ctx }
    }

    fn spawn(&self, pick: impl FnOnce() -> Option<PathBuf> + Send + 'static) -> PendingPath {
        let (tx, pending) = PendingPath::channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let _ = tx.send(pick());
                ctx.request_repaint();
            });
        // Without a thread there is no dialog; the dropped sender reads as a cancel.
        drop(spawned);
        pending
    }
}

fn dialog() -> rfd::FileDialog {
    rfd::FileDialog::new().add_filter("archmodel model", &["ron"])
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&self) -> PendingPath {
        self.spawn(|| dialog().set_title("Open model").pick_file())
    }

    fn pick_save(&self, suggested: &str) -> PendingPath {
        let name = suggested.to_owned();
        self.spawn(move || {
            dialog()
                .set_title("Save model")
                .set_file_name(name)
                .save_file()
        })
    }

    fn pick_import(&self) -> PendingPath {
        self.spawn(|| {
            rfd::FileDialog::new()
                .set_title("Import model")
                .add_filter(
                    "Threat Dragon, OTM, Mermaid, Structurizr",
                    &["json", "mmd", "mermaid", "dsl"],
                )
                .add_filter("All files", &["*"])
                .pick_file()
        })
    }

    fn pick_folder(&self) -> PendingPath {
        self.spawn(|| {
            rfd::FileDialog::new()
                .set_title("Export to folder")
                .pick_folder()
        })
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

    /// The file names Save dialogs were opened with, in order.
    pub fn suggested_names(&self) -> Vec<String> {
        self.suggested.borrow().clone()
    }
}

impl FileDialogs for PresetDialogs {
    fn pick_open(&self) -> PendingPath {
        PendingPath::ready(self.opens.borrow_mut().pop_front().flatten())
    }

    fn pick_save(&self, suggested: &str) -> PendingPath {
        self.suggested.borrow_mut().push(suggested.to_owned());
        PendingPath::ready(self.saves.borrow_mut().pop_front().flatten())
    }

    fn pick_folder(&self) -> PendingPath {
        PendingPath::ready(self.folders.borrow_mut().pop_front().flatten())
    }

    fn pick_import(&self) -> PendingPath {
        PendingPath::ready(self.imports.borrow_mut().pop_front().flatten())
    }
}
