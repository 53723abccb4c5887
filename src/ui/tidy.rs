//! View → Tidy Layout: the whole model (or the selected nodes) laid out again on a worker thread,
//! with progress in a small window, then applied as one undoable step.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui;

use super::app::ArchApp;
use super::errors::ErrorReport;
use crate::commands::edits;
use crate::layout::{self, Mode, Options};
use crate::model::{Model, NodeKind, Point};

/// A layout running in the background.
pub struct TidyJob {
    receiver: Receiver<Result<BTreeMap<String, Point>, layout::SelectionError>>,
    /// Fraction done, as the bits of an `f32`.
    progress: Arc<AtomicU32>,
    /// The document revision the layout started from; a model edited meanwhile is not touched.
    revision: u64,
    /// "Tidy layout" or "Tidy 4 nodes", for the undo step.
    label: String,
}

/// How to lay a model out: force-directed when most nodes are peers, else layered left to right;
/// pinned nodes always stay.
pub fn options_for(model: &Model) -> Options {
    let peers = model
        .nodes()
        .filter(|n| matches!(n.kind, NodeKind::Peer { .. }))
        .count();
    Options {
        mode: if peers * 2 > model.node_count() {
            Mode::Force
        } else {
            Mode::Layered
        },
        keep_pinned: true,
        ..Options::default()
    }
}

impl ArchApp {
    /// Starts laying out the model (or only the selected nodes) on a worker thread.
    pub(super) fn start_tidy(&mut self, ctx: &egui::Context, selection: bool) {
        let Some(doc) = &self.doc else { return };
        if self.tidy.is_some() {
            return;
        }
        let ids: BTreeSet<String> = if selection {
            self.selected_node_ids().into_iter().collect()
        } else {
            BTreeSet::new()
        };
        if selection && ids.is_empty() {
            return;
        }
        let model = doc.model().clone();
        let options = options_for(&model);
        let label = if ids.is_empty() {
            "Tidy layout".to_owned()
        } else {
            format!(
                "Tidy {}",
                super::wording::counted(ids.len(), "node", "nodes")
            )
        };
        let progress = Arc::new(AtomicU32::new(0));
        let (sender, receiver) = mpsc::channel();
        let (report, ctx2) = (progress.clone(), ctx.clone());
        std::thread::spawn(move || {
            let positions = if ids.is_empty() {
                Ok(layout::lay_out_with_progress(&model, &options, &mut |f| {
                    report.store(f.to_bits(), Ordering::Relaxed);
                }))
            } else {
                layout::lay_out_selection(&model, &ids, &options)
            };
            // The app may have closed meanwhile; then nobody needs the answer.
            let _ = sender.send(positions);
            ctx2.request_repaint();
        });
        self.tidy = Some(TidyJob {
            receiver,
            progress,
            revision: doc.revision(),
            label,
        });
        ctx.request_repaint();
    }

    /// Shows the progress of a running layout and applies it when it is done.
    pub(super) fn tidy_ui(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.tidy else { return };
        match job.receiver.try_recv() {
            Ok(Ok(positions)) => {
                if let Some(job) = self.tidy.take() {
                    self.finish_tidy(job, &positions);
                }
            }
            Ok(Err(why)) => {
                self.tidy = None;
                self.error = Some(ErrorReport {
                    title: "Tidy Selected Nodes moved nothing".into(),
                    path: None,
                    lines: vec![why.to_string()],
                    hint: "Nodes outside the selection never move; your model is as it was.".into(),
                });
            }
            Err(TryRecvError::Empty) => {
                let done = f32::from_bits(job.progress.load(Ordering::Relaxed));
                egui::Window::new("Tidy Layout")
                    .collapsible(false)
                    .constrain_to(super::window_place::room(ctx))
                    .resizable(false)
                    .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
                    .show(ctx, |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Laying out the model…");
                        });
                        ui.add(egui::ProgressBar::new(done.clamp(0.0, 1.0)).show_percentage());
                    });
                ctx.request_repaint_after(Duration::from_millis(50));
            }
            Err(TryRecvError::Disconnected) => {
                self.tidy = None;
                self.error = Some(tidy_failed("the layout stopped before it finished"));
            }
        }
    }

    /// Moves the nodes where the layout put them: one undo step, then frames the result.
    fn finish_tidy(&mut self, job: TidyJob, positions: &BTreeMap<String, Point>) {
        let Some(doc) = &self.doc else { return };
        if doc.revision() != job.revision {
            self.error = Some(tidy_failed(
                "the model changed while the layout ran, so nothing was moved; run it again",
            ));
            return;
        }
        let model = doc.model();
        let moves: Vec<(String, Point)> = positions
            .iter()
            .filter(|(id, p)| model.layout.positions.get(*id) != Some(*p))
            .map(|(id, p)| (id.clone(), *p))
            .collect();
        if moves.is_empty() {
            return;
        }
        let mut patch = edits::move_nodes(model, &moves);
        patch.label = job.label;
        self.apply_edit(patch, None);
        self.canvas.fit();
    }

    /// Whether a layout is running.
    pub fn is_tidying(&self) -> bool {
        self.tidy.is_some()
    }
}

/// The report of a layout that could not be applied.
fn tidy_failed(why: &str) -> ErrorReport {
    ErrorReport {
        title: "Tidy Layout did not finish".into(),
        path: None,
        lines: vec![why.to_owned()],
        hint: "Your model is as it was before.".into(),
    }
}
