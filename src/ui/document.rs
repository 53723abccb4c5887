//! The open document: a model, where it lives on disk, whether it has unsaved changes, and a
//! revision number that changes with every edit (so views know when to rebuild).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::commands::{History, MergeKey, Patch};
use crate::examples::Example;
use crate::io::{self, LoadError, SaveError};
use crate::model::{EditError, Model};

/// Revisions are unique across documents, so a new document never looks unchanged to a cache.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// A model being viewed and edited. Every edit goes through [`Document::apply`], so it can be undone.
#[derive(Debug)]
pub struct Document {
    model: Model,
    path: Option<PathBuf>,
    /// File name proposed by Save As when the document has no file yet.
    suggested_name: String,
    history: History,
    revision: u64,
}

impl Document {
    /// A new, empty, untitled model; it counts as unsaved until saved.
    pub fn untitled() -> Self {
        Document {
            model: Model::new("Untitled"),
            path: None,
            suggested_name: "untitled.ron".into(),
            history: History::unsaved(),
            revision: next_revision(),
        }
    }

    /// Opens a model file.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let model = io::load(path)?;
        Ok(Document {
            model,
            path: Some(path.to_owned()),
            suggested_name: file_name_of(path),
            history: History::new(),
            revision: next_revision(),
        })
    }

    /// A bundled example as a new untitled document (saving asks where to put it).
    pub fn from_example(example: &Example) -> Result<Self, LoadError> {
        Ok(Document {
            model: example.model()?,
            path: None,
            suggested_name: format!("{}.ron", example.name),
            history: History::new(),
            revision: next_revision(),
        })
    }

    /// A model recovered from an earlier session's recovery file: unsaved, belonging to
    /// `original` (the file it was edited from) if it had one.
    pub fn recovered(model: Model, original: Option<PathBuf>) -> Self {
        Document {
            model,
            suggested_name: original
                .as_deref()
                .map_or_else(|| "untitled.ron".into(), file_name_of),
            path: original,
            history: History::unsaved(),
            revision: next_revision(),
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Applies an edit as one undo step (or, with the same merge key as the last edit and no
    /// [`seal`](Self::seal) between, as part of it). A failed edit changes nothing.
    pub fn apply(&mut self, patch: Patch, merge: Option<MergeKey>) -> Result<(), EditError> {
        self.history.apply(&mut self.model, patch, merge)?;
        self.revision = next_revision();
        Ok(())
    }

    /// Ends the current gesture (drag, typing in a field): the next edit is a new undo step.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.model)?;
        self.revision = next_revision();
        Ok(label)
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.model)?;
        self.revision = next_revision();
        Ok(label)
    }

    /// The edit history (labels for the Edit menu).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The file the document was opened from or last saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The file name shown in the title bar (`web-app.ron`).
    pub fn file_name(&self) -> String {
        self.path
            .as_deref()
            .map(file_name_of)
            .unwrap_or_else(|| self.suggested_name.clone())
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// A number that changes whenever the model does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Saves to `path` (atomically) and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        io::save(&self.model, path)?;
        self.path = Some(path.to_owned());
        self.suggested_name = file_name_of(path);
        self.history.mark_saved();
        Ok(())
    }
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The path with a `.ron` extension added when it has none (dialogs do not always add it).
pub fn with_ron_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}
