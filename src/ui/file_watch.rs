//! Noticing when the open model file changes on disk (another editor, `git pull`): the folder
//! is watched (inotify on Linux, through `notify`), and when the file's content no longer
//! matches what was last opened or saved here, a bar offers to reload it or to keep the
//! model in the window (the next save then overwrites the file knowingly). Our own saves
//! write what the document remembers, so they never raise the bar.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;
use egui::{Panel, RichText, Ui};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};

use super::document::{ContentHash, Document};

/// What the file on disk is now, compared with what the document remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChange {
    /// The file holds something else now (with this content hash).
    Modified(ContentHash),
    /// The file is gone (deleted or moved away).
    Removed,
}

/// What the user asked for in the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarChoice {
    /// Read the file again, replacing the model in the window.
    Reload,
    /// Keep the model in the window; the next save overwrites the file.
    KeepMine,
    /// Show what differs between the file on disk and the model in the window; the bar stays.
    Compare,
}

/// Watches the open document's file.
pub struct FileWatch {
    /// The file being watched, as the document names it.
    watched: Option<PathBuf>,
    /// Kept alive for as long as the file is watched; `None` when watching failed.
    watcher: Option<notify::RecommendedWatcher>,
    tx: Sender<()>,
    rx: Receiver<()>,
    /// The change shown in the bar, if any.
    change: Option<DiskChange>,
    /// The content the user chose to overwrite ("Keep Mine"): not reported again.
    kept_over: Option<ContentHash>,
    /// Whether the bar is asking to confirm a reload that drops unsaved edits.
    confirm_reload: bool,
}

impl Default for FileWatch {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        FileWatch {
            watched: None,
            watcher: None,
            tx,
            rx,
            change: None,
            kept_over: None,
            confirm_reload: false,
        }
    }
}

impl FileWatch {
    /// Called every frame: follows the document's file and takes in what the watcher saw.
    pub fn poll(&mut self, ctx: &egui::Context, doc: Option<&Document>) {
        let path = doc.and_then(Document::path);
        if self.watched.as_deref() != path {
            self.watch(ctx, path);
        }
        let mut events = false;
        while self.rx.try_recv().is_ok() {
            events = true;
        }
        if events && let Some(doc) = doc {
            self.check(doc);
        }
    }

    /// Starts watching `path`'s folder (a rename over the file replaces it, so the file
    /// itself cannot be watched), forgetting what was shown for the previous file.
    fn watch(&mut self, ctx: &egui::Context, path: Option<&Path>) {
        self.watcher = None;
        self.change = None;
        self.kept_over = None;
        self.confirm_reload = false;
        self.watched = path.map(Path::to_owned);
        let Some(path) = path else { return };
        // A symlinked model is written through, so the real file's folder is the one to watch.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let (Some(dir), Some(name)) = (real.parent(), real.file_name()) else {
            return;
        };
        let name = name.to_owned();
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            let ours = event.paths.iter().any(|p| p.file_name() == Some(&name));
            if ours && changes_content(&event.kind) {
                let _ = tx.send(());
                ctx.request_repaint();
            }
        };
        match notify::recommended_watcher(handler) {
            Ok(mut watcher) => match watcher.watch(dir, RecursiveMode::NonRecursive) {
                Ok(()) => self.watcher = Some(watcher),
                Err(e) => eprintln!("archmodel: cannot watch {}: {e}", dir.display()),
            },
            Err(e) => eprintln!("archmodel: cannot watch files for changes: {e}"),
        }
    }

    /// Compares the file with what the document remembers; shows the bar when it differs.
    pub fn check(&mut self, doc: &Document) {
        self.change = disk_change(doc).filter(|c| match c {
            DiskChange::Modified(hash) => self.kept_over != Some(*hash),
            DiskChange::Removed => true,
        });
        if self.change.is_none() {
            self.confirm_reload = false;
        }
    }

    /// Whether saving would overwrite changes made on disk that the user has not seen (looked
    /// at now, not only from events: a save must never rely on an event having arrived).
    pub fn unseen_change_before_saving(&mut self, doc: &Document) -> bool {
        self.check(doc);
        matches!(self.change, Some(DiskChange::Modified(_)))
    }

    /// The change shown in the bar, if any.
    pub fn change(&self) -> Option<DiskChange> {
        self.change
    }

    /// The document was saved or reloaded: what is on disk is what it holds.
    pub fn settled(&mut self) {
        self.change = None;
        self.kept_over = None;
        self.confirm_reload = false;
    }

    /// The bar under the menu, when the file changed; returns what the user chose.
    /// `save_waiting`: a save is held until the user answers here.
    pub fn bar(&mut self, ui: &mut Ui, doc: &Document, save_waiting: bool) -> Option<BarChoice> {
        let change = self.change?;
        let name = doc.file_name();
        let mut choice = None;
        Panel::top("file-changed").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let warn = ui.visuals().warn_fg_color;
                match change {
                    DiskChange::Removed => {
                        ui.label(
                            RichText::new(format!(
                                "{name} was deleted or moved on disk. Saving writes it again."
                            ))
                            .color(warn),
                        );
                        if ui.button("Dismiss").clicked() {
                            self.change = None;
                        }
                    }
                    DiskChange::Modified(_) if self.confirm_reload => {
                        ui.label(
                            RichText::new(format!(
                                "Reload {name} and lose the unsaved changes in this window?"
                            ))
                            .color(warn),
                        );
                        if ui.button("Reload and Discard Changes").clicked() {
                            choice = Some(BarChoice::Reload);
                        }
                        if ui.button("Cancel").clicked() {
                            self.confirm_reload = false;
                        }
                    }
                    DiskChange::Modified(hash) => {
                        ui.label(RichText::new(format!("{name} changed on disk.")).color(warn));
                        if save_waiting {
                            ui.label(RichText::new("Not saved: choose first.").strong());
                        }
                        if ui
                            .button("Reload")
                            .on_hover_text("Open the file as it is on disk now")
                            .clicked()
                        {
                            if doc.is_dirty() {
                                self.confirm_reload = true;
                            } else {
                                choice = Some(BarChoice::Reload);
                            }
                        }
                        if ui
                            .button("Compare")
                            .on_hover_text(
                                "Show what differs between the file on disk and this window",
                            )
                            .clicked()
                        {
                            choice = Some(BarChoice::Compare);
                        }
                        if ui
                            .button("Keep Mine")
                            .on_hover_text("Keep this window's model; saving overwrites the file")
                            .clicked()
                        {
                            self.kept_over = Some(hash);
                            self.change = None;
                            choice = Some(BarChoice::KeepMine);
                        }
                    }
                }
            });
        });
        if choice == Some(BarChoice::Reload) {
            self.change = None;
            self.confirm_reload = false;
        }
        choice
    }
}

/// Whether an event can mean new content (opening or reading the file, as we do to compare
/// it, cannot).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// How the document's file differs from what the document remembers, if it does.
pub fn disk_change(doc: &Document) -> Option<DiskChange> {
    let path = doc.path()?;
    let known = doc.disk_hash()?;
    match std::fs::read(path) {
        Ok(bytes) => {
            let now = ContentHash::of(&bytes);
            (now != known).then_some(DiskChange::Modified(now))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(DiskChange::Removed),
        // Unreadable for a moment (permissions, a half-finished copy): nothing to say yet.
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(dir: &Path) -> (PathBuf, Document) {
        let path = dir.join("m.ron");
        crate::io::save(&crate::model::Model::new("On disk"), &path).expect("save");
        let doc = Document::open(&path).expect("open");
        (path, doc)
    }

    #[test]
    fn a_different_file_is_a_change_and_our_own_save_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, mut doc) = opened(dir.path());
        assert_eq!(disk_change(&doc), None);
        doc.save_to(&path, &[]).expect("save");
        assert_eq!(disk_change(&doc), None, "our own save");
        std::fs::write(&path, "(format: 1, name: \"Theirs\")").expect("write");
        assert!(matches!(disk_change(&doc), Some(DiskChange::Modified(_))));
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(disk_change(&doc), Some(DiskChange::Removed));
        assert_eq!(disk_change(&Document::untitled()), None);
    }

    #[test]
    fn keep_mine_hides_that_change_but_not_the_next_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, doc) = opened(dir.path());
        let mut watch = FileWatch::default();
        std::fs::write(&path, "(format: 1, name: \"Theirs\")").expect("write");
        assert!(watch.unseen_change_before_saving(&doc));
        let Some(DiskChange::Modified(hash)) = watch.change() else {
            panic!("a change");
        };
        watch.kept_over = Some(hash);
        assert!(!watch.unseen_change_before_saving(&doc));
        std::fs::write(&path, "(format: 1, name: \"Theirs again\")").expect("write");
        assert!(watch.unseen_change_before_saving(&doc));
    }

    #[test]
    fn reading_the_file_is_not_a_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
    }
}
