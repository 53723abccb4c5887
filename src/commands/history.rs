//! Undo history: a list of applied patches with a cursor, plus dirty tracking against the last save.

use super::Patch;
use crate::model::{EditError, Model};

/// Identifies a gesture or field whose successive edits should undo as one step.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MergeKey(pub String);

#[derive(Debug, Clone)]
struct Entry {
    patch: Patch,
    merge: Option<MergeKey>,
}

/// The edit history of one open model.
#[derive(Debug, Clone, Default)]
pub struct History {
    entries: Vec<Entry>,
    /// How many entries are applied; entries past it are redoable.
    cursor: usize,
    /// The cursor at the last save; `None` when that state is no longer reachable.
    saved_at: Option<usize>,
    /// Bumped on every change to the model, so views know when to rebuild.
    revision: u64,
    /// Whether the next patch may merge into the last entry.
    open_merge: bool,
}

impl History {
    /// An empty history for a model that matches its file.
    pub fn new() -> Self {
        Self {
            saved_at: Some(0),
            ..Self::default()
        }
    }

    /// An empty history for a model that has never been saved (dirty from the start).
    pub fn unsaved() -> Self {
        Self {
            saved_at: None,
            ..Self::default()
        }
    }

    /// Applies a patch and records it. With a merge key equal to the last entry's (and no
    /// [`seal`](Self::seal) in between) it joins that entry, so a drag or a typed field is one step.
    pub fn apply(
        &mut self,
        model: &mut Model,
        patch: Patch,
        merge: Option<MergeKey>,
    ) -> Result<(), EditError> {
        if patch.is_empty() {
            return Ok(());
        }
        patch.apply(model)?;
        self.revision += 1;
        self.entries.truncate(self.cursor);
        if self.saved_at.is_some_and(|s| s > self.cursor) {
            self.saved_at = None;
        }
        let joins = self.open_merge
            && merge.is_some()
            && self.cursor > 0
            && self.saved_at != Some(self.cursor)
            && self.entries.last().is_some_and(|e| e.merge == merge);
        if joins && let Some(last) = self.entries.last_mut() {
            last.patch.merge(patch);
            if last.patch.is_empty() {
                self.entries.pop();
                self.cursor -= 1;
            }
        } else {
            self.entries.push(Entry { patch, merge });
            self.cursor += 1;
        }
        self.open_merge = true;
        Ok(())
    }

    /// Ends the current gesture: the next edit starts a new undo step even with the same key.
    pub fn seal(&mut self) {
        self.open_merge = false;
    }

    /// Undoes the last applied step; returns its label.
    pub fn undo(&mut self, model: &mut Model) -> Result<Option<String>, EditError> {
        if self.cursor == 0 {
            return Ok(None);
        }
        let entry = &self.entries[self.cursor - 1];
        entry.patch.inverse().apply(model)?;
        let label = entry.patch.label.clone();
        self.cursor -= 1;
        self.revision += 1;
        self.open_merge = false;
        Ok(Some(label))
    }

    /// Redoes the next undone step; returns its label.
    pub fn redo(&mut self, model: &mut Model) -> Result<Option<String>, EditError> {
        let Some(entry) = self.entries.get(self.cursor) else {
            return Ok(None);
        };
        entry.patch.apply(model)?;
        let label = entry.patch.label.clone();
        self.cursor += 1;
        self.revision += 1;
        self.open_merge = false;
        Ok(Some(label))
    }

    /// The edit [`History::undo`] would revert, if any.
    pub fn undo_patch(&self) -> Option<&Patch> {
        self.cursor
            .checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .map(|e| &e.patch)
    }

    /// The edit [`History::redo`] would apply again, if any.
    pub fn redo_patch(&self) -> Option<&Patch> {
        self.entries.get(self.cursor).map(|e| &e.patch)
    }

    /// The label of the step Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.cursor
            .checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .map(|e| e.patch.label.as_str())
    }

    /// The label of the step Redo would re-apply.
    pub fn redo_label(&self) -> Option<&str> {
        self.entries
            .get(self.cursor)
            .map(|e| e.patch.label.as_str())
    }

    /// Whether the model differs from the last saved (or opened) file.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.cursor)
    }

    /// Records that the model was just saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.cursor);
        self.open_merge = false;
    }

    /// A number that changes whenever the model changes through this history.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Number of steps that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.cursor
    }
}
