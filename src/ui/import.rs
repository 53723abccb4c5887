//! File → Import…: a model from Threat Dragon, OTM, Mermaid or Structurizr, read on a worker
//! thread, opens as a new unsaved document; a window lists what could not be mapped.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;
use egui::{Context, ScrollArea, Window};

use super::app::ArchApp;
use super::document::Document;
use super::errors::ErrorReport;
use super::wording::counted;
use crate::import::{self, ImportError, Imported};

/// The import running in the background and the report of the last one.
#[derive(Default)]
pub struct ImportWindow {
    job: Option<(PathBuf, Receiver<Result<Imported, ImportError>>)>,
    report: Option<Report>,
}

/// What the last import brought in and what it left out.
struct Report {
    file: String,
    format: &'static str,
    summary: String,
    unmapped: Vec<String>,
}

impl ImportWindow {
    /// Starts importing `path` on a worker thread; a newer import replaces one still running.
    pub fn start(&mut self, ctx: &Context, path: PathBuf) {
        let (tx, rx) = mpsc::channel();
        let source = path.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let result = import::read_source(&source).and_then(|t| import::import(&t, None));
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        // Without a thread the receiver reports a lost import when polled.
        drop(spawned);
        self.job = Some((path, rx));
    }

    /// Whether an import is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Shows the report of the last import, if it is open.
    pub fn ui(&mut self, ctx: &Context) {
        let Some(report) = &self.report else { return };
        let mut open = true;
        let mut close = false;
        Window::new(format!("Imported from {}", report.format))
            .id(egui::Id::unique("archmodel-import-report"))
            .open(&mut open)
            .collapsible(false)
            .constrain_to(super::window_place::room(ctx))
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(format!("{}: {}", report.file, report.summary));
                ui.add_space(6.0);
                if report.unmapped.is_empty() {
                    ui.label("Everything in the file was mapped.");
                } else {
                    ui.label(format!(
                        "{} items could not be mapped or were guessed:",
                        report.unmapped.len()
                    ));
                    ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for line in &report.unmapped {
                            ui.label(format!("• {line}"));
                        }
                    });
                }
                ui.add_space(6.0);
                ui.weak("The model is not saved yet: File → Save As… keeps it.");
                if ui.button("Close").clicked() {
                    close = true;
                }
            });
        if !open || close {
            self.report = None;
        }
    }
}

impl ArchApp {
    /// Takes the imported model once the worker is done: opens it as a new document and shows
    /// what could not be mapped, or reports why it failed.
    pub(super) fn poll_import(&mut self) {
        let Some((path, rx)) = &self.import.job else {
            return;
        };
        let file = file_name(path);
        let result = match rx.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(result) => result,
            Err(TryRecvError::Disconnected) => Err(ImportError::Read(
                "the import stopped before it finished".into(),
            )),
        };
        let failed = |e: &ImportError| ErrorReport::open_failed(&file, Some(path), e);
        match result {
            Ok(imported) => {
                let m = &imported.model;
                self.import.report = Some(Report {
                    file: file.clone(),
                    format: imported.format.title(),
                    summary: format!(
                        "{}, {}, {}",
                        counted(m.node_count(), "node", "nodes"),
                        counted(m.link_count(), "link", "links"),
                        counted(m.zones.len(), "trust zone", "trust zones")
                    ),
                    unmapped: imported.unmapped.iter().map(ToString::to_string).collect(),
                });
                let stem = Path::new(&file)
                    .file_stem()
                    .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
                self.set_document(Document::imported(
                    imported.model,
                    format!("{}.ron", stem.trim_end_matches(".otm")),
                ));
            }
            Err(e) => self.error = Some(failed(&e)),
        }
        self.import.job = None;
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
