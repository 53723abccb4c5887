//! Autosave: while the document has unsaved edits its model is written to a recovery file at most
//! every few seconds, on a worker thread with a copy of the model, so typing never waits for the
//! disk. A save or a clean close removes the file; the next start offers files left by a crash.

use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use eframe::egui;
use egui::{Id, Modal, RichText};

use super::document::Document;
use crate::io::recovery::{Recovery, RecoveryStore, Slot};
use crate::model::Model;

/// How often unsaved edits are written to the recovery file.
pub const INTERVAL: Duration = Duration::from_secs(5);

/// Writes the open document's recovery file.
pub struct Autosave {
    store: Option<RecoveryStore>,
    /// This window's recovery file, claimed on the first write and locked while held.
    slot: Option<Slot>,
    /// The document revision last handed to the writer.
    written: Option<u64>,
    /// When the last write started, or else when the document became dirty: the next write
    /// waits [`INTERVAL`] from then, so a short session never touches the disk.
    last_write: Option<Instant>,
    worker: Option<JoinHandle<()>>,
}

impl Default for Autosave {
    fn default() -> Self {
        Autosave::new(RecoveryStore::default_location())
    }
}

impl Autosave {
    /// Autosave into `store` (`None`: no place to write, autosave is off).
    pub fn new(store: Option<RecoveryStore>) -> Self {
        Autosave {
            store,
            slot: None,
            written: None,
            last_write: None,
            worker: None,
        }
    }

    /// Recovery files left by earlier sessions, newest first.
    pub fn orphans(&self) -> Vec<Recovery> {
        self.store.as_ref().map_or_else(Vec::new, |s| s.orphans())
    }

    /// Loads a recovery file's model.
    pub fn load(&self, recovery: &Recovery) -> Option<Result<Model, crate::io::LoadError>> {
        self.store.as_ref().map(|s| s.load(recovery))
    }

    /// Removes a recovery file left by an earlier session.
    pub fn discard_orphan(&self, recovery: &Recovery) {
        if let Some(store) = &self.store {
            store.discard_orphan(recovery);
        }
    }

    /// The recovery file this window writes, once it has written one.
    pub fn slot_path(&self) -> Option<&Path> {
        self.slot.as_ref().map(Slot::path)
    }

    /// The document was replaced (or closed cleanly): its recovery file goes.
    pub fn document_closed(&mut self) {
        self.discard();
    }

    /// Called every frame: writes the recovery file when the document has unsaved edits not
    /// written for [`INTERVAL`], removes it once the document is saved.
    pub fn tick(&mut self, ctx: &egui::Context, doc: Option<&Document>) {
        let Some(doc) = doc.filter(|d| d.is_dirty()) else {
            self.discard();
            return;
        };
        if self.written == Some(doc.revision()) {
            return;
        }
        let since = *self.last_write.get_or_insert_with(Instant::now);
        let wait = INTERVAL.saturating_sub(since.elapsed());
        let busy = self.worker.as_ref().is_some_and(|w| !w.is_finished());
        if wait.is_zero() && !busy {
            self.write(doc, true);
        } else {
            ctx.request_repaint_after(wait.max(Duration::from_millis(100)));
        }
    }

    /// Writes the document's recovery file now; `background` hands the writing to a thread.
    pub fn write(&mut self, doc: &Document, background: bool) {
        let Some(store) = self.store.clone() else {
            return;
        };
        self.join();
        if self.slot.is_none() {
            match store.claim() {
                Ok(slot) => self.slot = Some(slot),
                Err(e) => {
                    eprintln!("archmodel: cannot write the recovery file: {e}");
                    return;
                }
            }
        }
        let Some(slot) = self.slot.as_ref().map(|s| s.path().to_owned()) else {
            return;
        };
        let original = doc.path().map(Path::to_owned);
        let model = doc.snapshot();
        let job = move || {
            if let Err(e) = store.write(&slot, original.as_deref(), &model) {
                eprintln!("archmodel: cannot write the recovery file: {e}");
            }
        };
        if background {
            self.worker = Some(std::thread::spawn(job));
        } else {
            job();
        }
        self.written = Some(doc.revision());
        self.last_write = Some(Instant::now());
    }

    /// Waits for a write in progress (a few milliseconds at most).
    fn join(&mut self) {
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }

    /// Removes the recovery file and gives up its lock, if one was written.
    fn discard(&mut self) {
        self.join();
        if let (Some(store), Some(slot)) = (&self.store, self.slot.take()) {
            store.release(slot);
        }
        self.written = None;
        self.last_write = None;
    }
}

/// The user's answer to the restore question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreChoice {
    /// Open the recovered model.
    Restore,
    /// Delete the recovery file.
    Discard,
    /// Leave an unreadable recovery file where it is (it is asked about again next start).
    Keep,
}

/// Asks whether to restore a recovery file (or, for one that cannot be read, what to do with
/// it); returns the answer once given.
pub fn ask_restore(ctx: &egui::Context, recovery: &Recovery) -> Option<RestoreChoice> {
    let file = recovery.original.as_deref().map_or_else(
        || "an untitled model".to_owned(),
        |p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        },
    );
    let mut choice = None;
    Modal::new(Id::unique("archmodel-restore")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        if let Some(problem) = &recovery.problem {
            ui.heading("A recovery file cannot be read");
            ui.add_space(6.0);
            ui.label(format!(
                "A recovery file from {} may hold unsaved work, but {problem}.",
                format_time(recovery.time)
            ));
            ui.label(RichText::new(recovery.path.display().to_string()).weak());
            ui.label("Keep it to look at it in a text editor, or delete it.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Keep File").clicked() {
                    choice = Some(RestoreChoice::Keep);
                }
                if ui.button("Delete File").clicked() {
                    choice = Some(RestoreChoice::Discard);
                }
            });
            return;
        }
        ui.heading("Unsaved work found");
        ui.add_space(6.0);
        ui.label(format!(
            "Restore unsaved work from {} ({file})?",
            format_time(recovery.time)
        ));
        if let Some(p) = &recovery.original {
            ui.label(RichText::new(p.display().to_string()).weak());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                choice = Some(RestoreChoice::Restore);
            }
            if ui.button("Discard").clicked() {
                choice = Some(RestoreChoice::Discard);
            }
        });
    });
    choice
}

/// Seconds since the Unix epoch as "2026-11-26 05:30 UTC".
pub fn format_time(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = super::dates::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

impl super::app::ArchApp {
    /// Asks about the newest recovery file left by an earlier session, if any.
    pub(super) fn offer_restore(&mut self, ctx: &egui::Context) {
        let Some(recovery) = self.editor.restore.first().cloned() else {
            return;
        };
        let Some(choice) = ask_restore(ctx, &recovery) else {
            return;
        };
        self.editor.restore.remove(0);
        let autosave = &self.editor.autosave;
        if choice == RestoreChoice::Keep {
            return;
        }
        if choice == RestoreChoice::Restore {
            match autosave.load(&recovery) {
                Some(Ok(model)) => {
                    // The recovered model wins over a file still being opened.
                    self.loading = None;
                    self.set_document(Document::recovered(model, recovery.original.clone()));
                }
                Some(Err(e)) => {
                    let name = recovery.path.display().to_string();
                    self.error = Some(super::errors::ErrorReport::open_failed(
                        &name,
                        Some(&recovery.path),
                        &e,
                    ));
                    return;
                }
                None => return,
            }
        }
        self.editor.autosave.discard_orphan(&recovery);
    }

    /// The recovery file this window writes, once it has written one.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.editor.autosave.slot_path()
    }

    /// Writes the recovery file of the open document now, if it has unsaved edits (the app
    /// does this every few seconds on its own).
    pub fn write_recovery_now(&mut self) {
        if let Some(doc) = self.doc.as_ref().filter(|d| d.is_dirty()) {
            self.editor.autosave.write(doc, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::edits;
    use crate::model::{Node, NodeKind, Point};

    fn edited() -> Document {
        let mut doc = Document::untitled();
        let patch = edits::add_node(Node::new("a", "A", NodeKind::Actor), Point(0.0, 0.0));
        doc.apply(patch, None).expect("edit applies");
        doc
    }

    #[test]
    fn recovery_files_wait_for_the_interval_and_go_when_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::new(dir.path().join("rec"));
        let mut autosave = Autosave::new(Some(store.clone()));
        let ctx = egui::Context::default();
        let mut doc = edited();
        autosave.tick(&ctx, Some(&doc));
        assert!(
            autosave.slot_path().is_none(),
            "a short session never touches the disk"
        );
        autosave.write(&doc, false);
        let slot = autosave.slot_path().expect("a slot").to_owned();
        assert!(slot.exists());
        autosave.tick(&ctx, Some(&doc));
        assert!(slot.exists(), "still unsaved");
        doc.save_to(&dir.path().join("m.ron"), &[]).expect("save");
        autosave.tick(&ctx, Some(&doc));
        assert!(!slot.exists(), "saved: nothing to recover");
        assert_eq!(
            std::fs::read_dir(store.dir()).map(Iterator::count).ok(),
            Some(0),
            "the lock went with it"
        );
    }

    #[test]
    fn an_untouched_document_writes_no_recovery_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::new(dir.path());
        let mut autosave = Autosave::new(Some(store));
        let ctx = egui::Context::default();
        let example = crate::examples::example("web-app").expect("example");
        for doc in [
            Document::untitled(),
            Document::from_example(example).expect("loads"),
        ] {
            assert!(!doc.is_dirty());
            autosave.last_write = Some(Instant::now() - INTERVAL * 2);
            autosave.tick(&ctx, Some(&doc));
            assert!(autosave.slot_path().is_none());
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).map(Iterator::count).ok(),
            Some(0)
        );
    }

    #[test]
    fn a_clean_close_removes_the_recovery_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::new(dir.path());
        let mut autosave = Autosave::new(Some(store.clone()));
        autosave.write(&edited(), true);
        autosave.document_closed();
        assert!(store.orphans().is_empty());
        assert_eq!(
            std::fs::read_dir(dir.path()).map(Iterator::count).ok(),
            Some(0)
        );
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_764_135_000), "2025-11-26 05:30 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
    }
}
