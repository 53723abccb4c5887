//! Opening model files off the UI thread, so a large (or misbehaving) file never freezes the
//! window; the app polls for the result each frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;

use super::document::Document;
use crate::io::LoadError;

/// A file being read and checked in the background.
#[derive(Debug)]
pub struct Loading {
    path: PathBuf,
    rx: Receiver<Result<Document, LoadError>>,
}

/// What polling a [`Loading`] found.
#[derive(Debug)]
pub enum Loaded {
    /// Still reading.
    Waiting,
    /// Finished, with the document or why it could not be opened (boxed: a document is large).
    Done(Box<Result<Document, LoadError>>),
    /// The reader stopped without an answer (it could not start, or it crashed).
    Lost,
}

impl Loading {
    /// Starts reading `path`; `ctx` is woken when the answer is ready.
    pub fn start(ctx: &egui::Context, path: PathBuf) -> Loading {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let target = path.clone();
        let spawned = std::thread::Builder::new()
            .name("open-model".into())
            .spawn(move || {
                let _ = tx.send(Document::open(&target));
                ctx.request_repaint();
            });
        // If no thread could start, the dropped sender reads as `Lost`.
        drop(spawned);
        Loading { path, rx }
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's name, for messages.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Checks for the answer without waiting.
    pub fn poll(&self) -> Loaded {
        match self.rx.try_recv() {
            Ok(result) => Loaded::Done(Box::new(result)),
            Err(TryRecvError::Empty) => Loaded::Waiting,
            Err(TryRecvError::Disconnected) => Loaded::Lost,
        }
    }
}
