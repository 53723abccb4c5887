//! Saves held back until the user answers: a save over a file with comments (the canonical
//! form cannot keep them) asks first; a save over a file that changed on disk waits for the
//! file-changed bar's "Keep Mine". Nothing is ever dropped or overwritten without a word.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::{Id, Modal, RichText};

use super::app::ArchApp;
use super::document::Document;
use super::file_watch::BarChoice;
use crate::io::Position;

/// A save waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSave {
    /// Where the save was going.
    pub path: PathBuf,
    /// What the user is asked about.
    pub reason: HeldFor,
}

/// Why a save waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldFor {
    /// The file has comments, the first at this place; saving drops them.
    Comments(Position),
    /// The file changed on disk since it was opened or saved here.
    ChangedOnDisk,
}

/// The answer to the comments question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentsChoice {
    SaveWithoutComments,
    Cancel,
}

/// Asks whether to save over a file whose comments would be lost.
fn ask_comments(ctx: &egui::Context, file_name: &str, at: Position) -> Option<CommentsChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::unique("archmodel-comments")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.label(RichText::new("Saving removes the comments").heading());
        ui.add_space(4.0);
        ui.label(format!(
            "{file_name} has comments (the first on line {}). archmodel writes models in \
             their canonical form, which has no comments: saving over the file removes them.",
            at.line
        ));
        ui.label(RichText::new("Use Save As to keep the original file as it is.").weak());
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save Without Comments").clicked() {
                choice = Some(CommentsChoice::SaveWithoutComments);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(CommentsChoice::Cancel);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(CommentsChoice::Cancel);
    }
    choice
}

impl ArchApp {
    /// Why a save of the open document to `path` must wait for the user, if it must.
    pub(super) fn hold_save(&mut self, path: &Path) -> Option<HeldFor> {
        let doc = self.doc.as_ref()?;
        if let Some(at) = doc.comment_lost_by_saving(path) {
            return Some(HeldFor::Comments(at));
        }
        let same_file = doc.path() == Some(path);
        (same_file && self.file_watch.unseen_change_before_saving(doc))
            .then_some(HeldFor::ChangedOnDisk)
    }

    /// Whether a question about a held save is on screen (shortcuts wait for it).
    pub(super) fn asking_about_save(&self) -> bool {
        matches!(
            self.held_save,
            Some(HeldSave {
                reason: HeldFor::Comments(_),
                ..
            })
        )
    }

    /// Shows the comments question of a held save and acts on the answer.
    pub(super) fn held_save_ui(&mut self, ctx: &egui::Context) {
        let Some(HeldSave {
            reason: HeldFor::Comments(at),
            ..
        }) = self.held_save
        else {
            return;
        };
        let name = self
            .doc
            .as_ref()
            .map_or_else(String::new, Document::file_name);
        match ask_comments(ctx, &name, at) {
            Some(CommentsChoice::SaveWithoutComments) => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.forget_comments();
                }
                self.release_held_save(ctx);
            }
            Some(CommentsChoice::Cancel) => {
                self.held_save = None;
                self.after_save = None;
            }
            None => {}
        }
    }

    /// Acts on the file-changed bar: reload the file, compare it with this model, or keep
    /// this model (and go on with a save that was waiting for that answer).
    pub(super) fn file_changed(&mut self, ctx: &egui::Context, choice: BarChoice) {
        match choice {
            BarChoice::Reload => {
                self.held_save = None;
                self.after_save = None;
                if let Some(path) = self.doc.as_ref().and_then(|d| d.path().map(Path::to_owned)) {
                    self.open_path(ctx, &path);
                }
            }
            BarChoice::Compare => {
                if let Some(path) = self.doc.as_ref().and_then(|d| d.path().map(Path::to_owned)) {
                    self.compare.with_file(ctx, path);
                }
            }
            BarChoice::KeepMine => {
                let waiting = self
                    .held_save
                    .as_ref()
                    .is_some_and(|h| h.reason == HeldFor::ChangedOnDisk);
                if waiting {
                    self.release_held_save(ctx);
                }
            }
        }
    }

    /// Carries out the held save now that the user agreed, then whatever waited for it.
    fn release_held_save(&mut self, ctx: &egui::Context) {
        let Some(held) = self.held_save.take() else {
            return;
        };
        if self.save_to(&held.path)
            && let Some(next) = self.after_save.take()
        {
            self.perform(ctx, next);
        }
    }
}
