//! The open document: a model, where it lives on disk, whether it has unsaved changes, and a
//! revision number that changes with every edit (so views know when to rebuild).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::commands::{Change, History, MergeKey, Patch};
use crate::diff::merge::Conflict;
use crate::examples::Example;
use crate::io::{self, LoadError, Position, SaveError};
use crate::model::{EditError, Model};

/// Revisions are unique across documents, so a new document never looks unchanged to a cache.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// A model being viewed and edited. Every edit goes through [`Document::apply`], so it can be undone.
#[derive(Debug)]
pub struct Document {
    /// Shared with background work (the review, the scene, autosave) by [`Document::snapshot`];
    /// an edit copies it only while such work still holds the old version.
    model: Arc<Model>,
    path: Option<PathBuf>,
    /// File name proposed by Save As when the document has no file yet.
    suggested_name: String,
    history: History,
    revision: u64,
    /// What the latest edits touched, oldest first, so views can update in place.
    touched: Vec<Touched>,
    /// What the file held when last opened or saved here (`None`: no file, or not read).
    disk: Option<ContentHash>,
    /// Where the first comment of the opened file is, until a save drops them.
    comment: Option<Position>,
}

/// A hash of a file's bytes, to tell whether it changed since we read or wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(u64);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        use std::hash::{DefaultHasher, Hasher};
        let mut h = DefaultHasher::new();
        h.write(bytes);
        h.write_usize(bytes.len());
        ContentHash(h.finish())
    }

    /// The hash of the file at `path` now (`None` when it cannot be read).
    pub fn of_file(path: &Path) -> Option<Self> {
        std::fs::read(path).ok().map(|b| Self::of(&b))
    }
}

/// What one edit changed, between two revisions.
#[derive(Debug, Clone)]
struct Touched {
    before: u64,
    after: u64,
    /// The nodes moved, when the edit did nothing but move nodes; `None` for anything else.
    moved: Option<Vec<String>>,
}

/// How many edits are remembered for [`Document::moved_since`]: a view a few edits behind can
/// still update in place; one further behind builds again.
const TOUCHED_KEPT: usize = 8;

impl Document {
    /// A new, empty, untitled model. Untouched, it has nothing to lose: it is not dirty, gets
    /// no recovery file and closes without a question.
    pub fn untitled() -> Self {
        Document::from_model(Model::new("Untitled"))
    }

    /// Opens a model file, remembering what it held (to notice changes on disk) and whether
    /// it has comments (which a save drops).
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let text = io::read_text(path)?;
        let model = io::parse(&text)?;
        Ok(Document {
            model: Arc::new(model),
            path: Some(path.to_owned()),
            suggested_name: file_name_of(path),
            history: History::new(),
            revision: next_revision(),
            touched: Vec::new(),
            disk: Some(ContentHash::of(text.as_bytes())),
            comment: comment_a_save_drops(&text),
        })
    }

    /// A bundled example as a new untitled document (saving asks where to put it).
    pub fn from_example(example: &Example) -> Result<Self, LoadError> {
        Ok(Document {
            model: Arc::new(example.model()?),
            path: None,
            suggested_name: format!("{}.ron", example.name),
            history: History::new(),
            revision: next_revision(),
            touched: Vec::new(),
            disk: None,
            comment: None,
        })
    }

    /// A model recovered from an earlier session's recovery file: unsaved, belonging to
    /// `original` (the file it was edited from) if it had one.
    pub fn recovered(model: Model, original: Option<PathBuf>) -> Self {
        // Changes to the file from now on are noticed; the restored edits replace what it holds.
        let text = original.as_deref().and_then(|p| io::read_text(p).ok());
        Document {
            model: Arc::new(model),
            suggested_name: original
                .as_deref()
                .map_or_else(|| "untitled.ron".into(), file_name_of),
            path: original,
            history: History::unsaved(),
            revision: next_revision(),
            touched: Vec::new(),
            disk: text.as_deref().map(|t| ContentHash::of(t.as_bytes())),
            comment: text.as_deref().and_then(comment_a_save_drops),
        }
    }

    /// A new model called `name`, empty or a copy of `template`, untitled until saved (and
    /// proposed to be saved as `name` reads: "Order platform" → `order-platform.ron`).
    /// Untouched, it is not dirty.
    pub fn new_model(name: &str, template: Option<&Example>) -> Result<Self, LoadError> {
        let mut model = match template {
            Some(t) => t.model()?,
            None => Model::new(name),
        };
        model.name = name.to_owned();
        let mut doc = Document::from_model(model);
        doc.suggested_name = format!("{}.ron", crate::model::id_from_name(name, "untitled"));
        Ok(doc)
    }

    /// A model made in memory (a generated or imported one) as a new untitled document with
    /// nothing to undo.
    pub fn from_model(model: Model) -> Self {
        Document {
            model: Arc::new(model),
            path: None,
            suggested_name: "untitled.ron".into(),
            history: History::new(),
            revision: next_revision(),
            touched: Vec::new(),
            disk: None,
            comment: None,
        }
    }

    /// A model imported from another format: unsaved, proposing `suggested_name` for Save As.
    pub fn imported(model: Model, suggested_name: String) -> Self {
        Document {
            model: Arc::new(model),
            path: None,
            suggested_name,
            history: History::unsaved(),
            revision: next_revision(),
            touched: Vec::new(),
            disk: None,
            comment: None,
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model as it is now, to read on another thread; costs nothing until the next edit,
    /// which then copies the model if the snapshot is still held.
    pub fn snapshot(&self) -> Arc<Model> {
        Arc::clone(&self.model)
    }

    /// Applies an edit as one undo step (or, with the same merge key as the last edit and no
    /// [`seal`](Self::seal) between, as part of it). A failed edit changes nothing.
    pub fn apply(&mut self, patch: Patch, merge: Option<MergeKey>) -> Result<(), EditError> {
        let moved = moved_nodes(&patch);
        self.history
            .apply(Arc::make_mut(&mut self.model), patch, merge)?;
        self.bump(moved);
        Ok(())
    }

    /// Moves to a new revision, remembering what the edit touched.
    fn bump(&mut self, moved: Option<Vec<String>>) {
        let before = self.revision;
        self.revision = next_revision();
        if self.touched.len() >= TOUCHED_KEPT {
            self.touched.remove(0);
        }
        self.touched.push(Touched {
            before,
            after: self.revision,
            moved,
        });
    }

    /// The nodes moved since `revision`, when every edit since then did nothing but move nodes
    /// (a drag); `None` when anything else changed, or `revision` is too far back to tell.
    /// Views use it to update in place instead of building again.
    pub fn moved_since(&self, revision: u64) -> Option<Vec<&str>> {
        let mut at = self.revision;
        let mut moved = Vec::new();
        for edit in self.touched.iter().rev() {
            if at == revision {
                break;
            }
            if edit.after != at {
                return None;
            }
            moved.extend(edit.moved.as_ref()?.iter().map(String::as_str));
            at = edit.before;
        }
        if at != revision {
            return None;
        }
        moved.sort_unstable();
        moved.dedup();
        Some(moved)
    }

    /// Ends the current gesture (drag, typing in a field): the next edit is a new undo step.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        // Undoing a drag only moves nodes back: views can update in place.
        let moved = self.history.undo_patch().and_then(moved_nodes);
        let label = self.history.undo(Arc::make_mut(&mut self.model))?;
        self.bump(moved);
        Ok(label)
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let moved = self.history.redo_patch().and_then(moved_nodes);
        let label = self.history.redo(Arc::make_mut(&mut self.model))?;
        self.bump(moved);
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

    /// Saves to `path` (atomically) and makes it the document's file; open merge `conflicts`
    /// are written before the model, as `archmodel merge` left them, so a save never loses one.
    pub fn save_to(&mut self, path: &Path, conflicts: &[Conflict]) -> Result<(), SaveError> {
        let text = crate::diff::conflicts::write(&io::to_string(&self.model)?, conflicts);
        io::write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Write {
            path: path.to_owned(),
            source,
        })?;
        self.path = Some(path.to_owned());
        self.suggested_name = file_name_of(path);
        self.history.mark_saved();
        self.disk = Some(ContentHash::of(text.as_bytes()));
        self.comment = None;
        Ok(())
    }

    /// What the document's file held when it was last opened or saved here.
    pub fn disk_hash(&self) -> Option<ContentHash> {
        self.disk
    }

    /// Where the first comment of the document's file is, when saving over that file would
    /// drop comments (the canonical form has none).
    pub fn comment_lost_by_saving(&self, path: &Path) -> Option<Position> {
        self.comment.filter(|_| self.path.as_deref() == Some(path))
    }

    /// The user agreed to lose the comments: saves no longer warn.
    pub fn forget_comments(&mut self) {
        self.comment = None;
    }
}

/// The nodes a patch moves, when moving nodes is all it does.
fn moved_nodes(patch: &Patch) -> Option<Vec<String>> {
    patch
        .changes
        .iter()
        .map(|c| match c {
            Change::Position { node, .. } => Some(node.clone()),
            _ => None,
        })
        .collect()
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

/// Where the first comment a save would drop is: any comment but the merge-conflict header,
/// which a save writes again.
fn comment_a_save_drops(text: &str) -> Option<Position> {
    let from = crate::diff::conflicts::header_end(text).unwrap_or(0);
    io::comments::first_comment_from(text, from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::edits;
    use crate::model::Point;

    fn move_node(doc: &mut Document, id: &str, to: Point) {
        let patch = edits::move_nodes(doc.model(), &[(id.to_owned(), to)]);
        doc.apply(patch, Some(MergeKey("drag".into())))
            .expect("a move applies");
    }

    #[test]
    fn moved_since_names_moved_nodes_until_anything_else_changes() {
        let mut doc = Document::from_model(crate::generate::synthetic(40, 3));
        let ids: Vec<String> = doc.model().nodes().map(|n| n.id.clone()).collect();
        let start = doc.revision();
        assert_eq!(doc.moved_since(start), Some(vec![]));
        move_node(&mut doc, &ids[5], Point(1.0, 2.0));
        move_node(&mut doc, &ids[2], Point(3.0, 4.0));
        move_node(&mut doc, &ids[5], Point(5.0, 6.0));
        let mut expected = vec![ids[2].as_str(), ids[5].as_str()];
        expected.sort_unstable();
        assert_eq!(doc.moved_since(start), Some(expected));
        assert_eq!(
            doc.moved_since(doc.revision() + 1),
            None,
            "unknown revision"
        );

        let mut node = doc.model().node(&ids[1]).expect("node").clone();
        node.name = "Renamed".into();
        let rename = edits::set_node(doc.model(), node, "Rename");
        doc.apply(rename, None).expect("rename applies");
        let renamed = doc.revision();
        assert_eq!(doc.moved_since(start), None, "a rename is not a move");
        move_node(&mut doc, &ids[0], Point(7.0, 8.0));
        assert_eq!(doc.moved_since(renamed), Some(vec![ids[0].as_str()]));
        doc.undo().expect("undo the move");
        assert_eq!(
            doc.moved_since(renamed),
            Some(vec![ids[0].as_str()]),
            "undoing a move moves back"
        );
        let moved_back = doc.revision();
        doc.undo().expect("undo the rename");
        assert_eq!(
            doc.moved_since(moved_back),
            None,
            "undoing a rename is not a move"
        );
        let unrenamed = doc.revision();
        doc.redo().expect("redo the rename");
        doc.redo().expect("redo the move");
        assert_eq!(doc.moved_since(unrenamed), None);
        let redone = doc.revision();
        doc.undo().expect("undo the move again");
        doc.redo().expect("redo the move again");
        assert_eq!(doc.moved_since(redone), Some(vec![ids[0].as_str()]));
    }
}
