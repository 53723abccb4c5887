//! File → Export…: a window that exports the open model to several formats at once into one
//! folder. The export runs on its own thread (`export_job.rs`); the window shows its
//! progress and outcome. The last choices ([`ExportSettings`]) are kept in eframe storage.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;
use egui::{ComboBox, DragValue, Id, Key, KeyboardShortcut, Modifiers, RichText, Ui};

use super::dialogs::{Answer, FileDialogs, PendingPath};
use super::document::Document;
use super::export_job::{Request, run};
use super::export_settings::SCALE_RANGE;
pub use super::export_settings::{AdrTemplate, ExportSettings, ExportTheme, Format, PngScale};
use crate::model::Model;

/// Ctrl+E (⌘E on macOS) opens the Export window.
pub const SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);

/// The storage key of the last export choices.
pub const STORAGE_KEY: &str = "archmodel.export";

/// How an export ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every output was written.
    Written {
        /// The folder exported into.
        folder: PathBuf,
        /// What was written there, one line per output.
        lines: Vec<String>,
    },
    /// The export failed.
    Failed {
        /// What went wrong.
        message: String,
        /// Outputs already written before the failure (none when it failed while checking).
        written: Vec<String>,
    },
}

impl Outcome {
    /// A failure before anything was written.
    pub(super) fn failed(message: impl Into<String>) -> Self {
        Outcome::Failed {
            message: message.into(),
            written: Vec::new(),
        }
    }
}

/// A message from the export thread.
enum Message {
    /// Working on output `step` (0-based) of `total`.
    Progress {
        step: usize,
        total: usize,
        what: &'static str,
    },
    Finished(Outcome),
}

/// An export running in the background.
struct Job {
    rx: Receiver<Message>,
    step: usize,
    total: usize,
    what: &'static str,
}

/// The Export window and the export it may be running.
#[derive(Default)]
pub struct ExportDialog {
    open: bool,
    settings: ExportSettings,
    folder_pick: Option<PendingPath>,
    /// The model file whose export folder the user chose; other models export next to their file.
    chosen_for: Option<PathBuf>,
    /// The file of the model the window was opened for.
    model_file: Option<PathBuf>,
    job: Option<Job>,
    outcome: Option<Outcome>,
}

impl ExportDialog {
    /// The dialog with the choices stored by an earlier run (or the defaults).
    pub fn restore(storage: Option<&dyn eframe::Storage>) -> Self {
        let settings = storage
            .and_then(|s| eframe::get_value::<ExportSettings>(s, STORAGE_KEY))
            .unwrap_or_default();
        ExportDialog {
            settings,
            ..Default::default()
        }
    }

    /// Stores the current choices.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }

    /// Opens the window for the model saved in `model_file` (forgetting the result of an
    /// earlier export that is not running). Unless the user chose a folder for this model, the
    /// export goes next to its file.
    pub fn open(&mut self, model_file: Option<&Path>) {
        self.open = true;
        self.model_file = model_file.map(Path::to_owned);
        let folder = model_file.and_then(Path::parent);
        if let Some(folder) = folder.filter(|_| self.chosen_for.as_deref() != model_file) {
            self.settings.folder = Some(folder.to_owned());
            self.chosen_for = None;
        }
        if self.job.is_none() {
            self.outcome = None;
        }
    }

    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Whether an export is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The current choices.
    pub fn settings(&self) -> &ExportSettings {
        &self.settings
    }

    /// How the last export ended, if one has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// Picks up a chosen folder and export progress, then shows the window if it is open.
    pub fn ui(&mut self, ctx: &egui::Context, doc: Option<&Document>, dialogs: &dyn FileDialogs) {
        self.poll();
        let Some(doc) = doc.filter(|_| self.open) else {
            self.open = false;
            return;
        };
        let mut open = true;
        egui::Window::new("Export Model")
            .id(Id::unique("archmodel-export"))
            .open(&mut open)
            .collapsible(false)
            .constrain_to(super::window_place::room(ctx))
            .resizable(false)
            .show(ctx, |ui| self.contents(ui, doc, dialogs));
        self.open = open;
    }

    fn poll(&mut self) {
        if let Some(pending) = &self.folder_pick {
            match pending.poll() {
                Answer::Waiting => {}
                Answer::Chosen(path) => {
                    self.settings.folder = Some(path);
                    self.chosen_for = self.model_file.clone();
                    self.folder_pick = None;
                }
                Answer::Cancelled => self.folder_pick = None,
            }
        }
        let Some(job) = &mut self.job else {
            return;
        };
        loop {
            match job.rx.try_recv() {
                Ok(Message::Progress { step, total, what }) => {
                    job.step = step;
                    job.total = total;
                    job.what = what;
                }
                Ok(Message::Finished(outcome)) => {
                    self.outcome = Some(outcome);
                    self.job = None;
                    return;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Outcome::failed(
                        "the export stopped before it finished; check the folder",
                    ));
                    self.job = None;
                    return;
                }
            }
        }
    }

    fn contents(&mut self, ui: &mut Ui, doc: &Document, dialogs: &dyn FileDialogs) {
        ui.set_max_width(460.0);
        let model = doc.model();
        if let Some(zone) = &self.settings.zone
            && model.zone(zone).is_none()
        {
            self.settings.zone = None;
        }
        let idle = self.job.is_none();
        ui.add_enabled_ui(idle, |ui| {
            self.choices(ui, model);
            ui.separator();
            self.folder_row(ui, dialogs);
        });
        let targets = self.settings.targets(&doc.file_name());
        if !targets.is_empty() {
            let names: Vec<String> = targets
                .iter()
                .map(|(f, n)| match f {
                    Format::Adr => format!("{n}/"),
                    _ => n.clone(),
                })
                .collect();
            ui.label(RichText::new(format!("Files: {}", names.join(", "))).weak());
        }
        ui.add_space(6.0);
        let blocker = if !idle {
            Some("An export is running")
        } else if self.settings.formats.is_empty() {
            Some("Choose at least one format")
        } else if self.settings.folder.is_none() {
            Some("Choose a folder to export into")
        } else {
            None
        };
        ui.horizontal(|ui| {
            let export = ui
                .add_enabled(blocker.is_none(), egui::Button::new("Export"))
                .on_hover_text("Write the chosen formats into the folder")
                .on_disabled_hover_text(blocker.unwrap_or_default());
            if export.clicked() {
                self.start(ui.ctx(), doc);
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        self.status(ui);
    }

    fn choices(&mut self, ui: &mut Ui, model: &Model) {
        let s = &mut self.settings;
        ui.label(RichText::new("Formats").strong());
        ui.horizontal_wrapped(|ui| {
            for format in Format::ALL {
                let mut on = s.has(format);
                if ui
                    .checkbox(&mut on, format.label())
                    .on_hover_text(format.hint())
                    .changed()
                {
                    s.set(format, on);
                }
            }
        });
        ui.add_space(4.0);
        egui::Grid::new("export-options")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Theme");
                ui.horizontal(|ui| {
                    for (value, text) in
                        [(ExportTheme::Light, "Light"), (ExportTheme::Dark, "Dark")]
                    {
                        ui.radio_value(&mut s.theme, value, text)
                            .on_hover_text(format!("{text} colours for the diagrams"));
                    }
                })
                .response
                .labelled_by(label.id);
                ui.end_row();

                let label = ui.label("PNG scale");
                ui.add_enabled_ui(s.has(Format::Png), |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.png_scale, PngScale::One, "1×");
                        ui.radio_value(&mut s.png_scale, PngScale::Two, "2×");
                        ui.radio_value(&mut s.png_scale, PngScale::Custom, "Custom");
                        if s.png_scale == PngScale::Custom {
                            ui.add(
                                DragValue::new(&mut s.custom_scale)
                                    .range(SCALE_RANGE)
                                    .speed(0.05)
                                    .max_decimals(2)
                                    .suffix("×"),
                            )
                            .on_hover_text("PNG pixels per model unit")
                            .labelled_by(label.id);
                        }
                    });
                });
                ui.end_row();

                let label = ui.label("ADR template");
                ui.add_enabled_ui(s.has(Format::Adr), |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.adr_template, AdrTemplate::Madr, "MADR")
                            .on_hover_text("MADR 4.0 with YAML front matter");
                        ui.radio_value(&mut s.adr_template, AdrTemplate::Nygard, "Nygard")
                            .on_hover_text("Michael Nygard's format, as adr-tools writes it");
                    })
                    .response
                    .labelled_by(label.id);
                });
                ui.end_row();

                let label = ui.label("Only zone");
                zone_picker(ui, s, model).labelled_by(label.id);
                ui.end_row();
            });
    }

    fn folder_row(&mut self, ui: &mut Ui, dialogs: &dyn FileDialogs) {
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            let shown = self
                .settings
                .folder
                .as_ref()
                .map_or_else(|| "(none chosen)".to_owned(), |f| f.display().to_string());
            ui.label(RichText::new(shown).monospace())
                .labelled_by(label.id);
            let choose = ui
                .add_enabled(
                    self.folder_pick.is_none(),
                    egui::Button::new("Choose Folder…"),
                )
                .on_hover_text("Choose the folder to export into");
            if choose.clicked() {
                let start =
                    self.settings.folder.clone().unwrap_or_else(|| {
                        super::dialogs::start_folder(self.model_file.as_deref())
                    });
                self.folder_pick = Some(dialogs.pick_folder(&start));
                ui.ctx().request_repaint();
            }
        });
    }

    /// The spinner while exporting, then what was written or what went wrong.
    fn status(&self, ui: &mut Ui) {
        if let Some(job) = &self.job {
            ui.horizontal(|ui| {
                ui.spinner();
                if job.step >= job.total {
                    ui.label("Writing files…");
                } else {
                    ui.label(format!(
                        "Rendering {}… {} of {}",
                        job.what,
                        job.step + 1,
                        job.total
                    ));
                }
            });
            return;
        }
        match &self.outcome {
            None => {}
            Some(Outcome::Written { folder, lines }) => {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(format!(
                        "Exported {} {} to {}",
                        lines.len(),
                        if lines.len() == 1 {
                            "output"
                        } else {
                            "outputs"
                        },
                        folder.display()
                    ))
                    .strong(),
                );
                for line in lines {
                    ui.label(line);
                }
            }
            Some(Outcome::Failed { message, written }) => {
                ui.add_space(4.0);
                let red = ui.visuals().error_fg_color;
                ui.label(RichText::new("Export failed").strong().color(red));
                ui.label(RichText::new(message).color(red));
                if written.is_empty() {
                    ui.label("Nothing was written.");
                } else {
                    ui.label(format!("Already written: {}", written.join(", ")));
                }
            }
        }
    }

    /// Starts exporting a copy of the model on its own thread.
    fn start(&mut self, ctx: &egui::Context, doc: &Document) {
        let Some(folder) = self.settings.folder.clone() else {
            return;
        };
        let targets = self.settings.targets(&doc.file_name());
        let request = Request {
            model: doc.model().clone(),
            settings: self.settings.clone(),
            targets,
            folder,
        };
        let total = request.targets.len();
        let (tx, rx) = mpsc::channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let progress = |step, total, what| {
                    let _ = tx.send(Message::Progress { step, total, what });
                    repaint.request_repaint();
                };
                let outcome = run(&request, progress);
                let _ = tx.send(Message::Finished(outcome));
                repaint.request_repaint();
            });
        self.outcome = None;
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    rx,
                    step: 0,
                    total,
                    what: "",
                });
            }
            Err(e) => {
                self.outcome = Some(Outcome::failed(format!(
                    "cannot start the export thread: {e}"
                )));
            }
        }
        ctx.request_repaint();
    }
}

/// "Whole model" or one of the model's zones.
fn zone_picker(ui: &mut Ui, s: &mut ExportSettings, model: &Model) -> egui::Response {
    let name_of = |id: &str| {
        model
            .zone(id)
            .map_or_else(|| id.to_owned(), |z| format!("{} ({})", z.name, z.id))
    };
    let selected = s
        .zone
        .as_deref()
        .map_or_else(|| "Whole model".to_owned(), name_of);
    ComboBox::from_id_salt("export-zone")
        .selected_text(selected)
        .width(260.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut s.zone, None, "Whole model");
            let mut zones: Vec<_> = model.zones.iter().collect();
            zones.sort_by(|a, b| super::natural_order::natural_cmp(&a.name, &b.name));
            for zone in zones {
                ui.selectable_value(
                    &mut s.zone,
                    Some(zone.id.clone()),
                    format!("{} ({})", zone.name, zone.id),
                );
            }
        })
        .response
        .on_hover_text("Export one trust zone (with the zones inside it) and what it links to")
}
