//! File → Export…: a window that exports the open model to several formats at once into one
//! folder. The export runs on its own thread with a copy of the model; everything is rendered
//! and checked before the first file is written, and each file is replaced atomically, so a
//! failure never leaves a half-written file. The last choices are kept in eframe storage.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;
use egui::{ComboBox, DragValue, Id, Key, KeyboardShortcut, Modifiers, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::dialogs::{Answer, FileDialogs, PendingPath};
use super::document::Document;
use crate::export::adr::{self, FolderOptions};
use crate::export::decisions::Template;
use crate::export::png::{self, PngOptions};
use crate::export::svg::{self, SvgOptions};
use crate::export::{self, dot, escape, folder, mermaid, plantuml, runbook};
use crate::io;
use crate::model::Model;
use crate::scene::{Theme, ThemeKind};

/// Ctrl+E (⌘E on macOS) opens the Export window.
pub const SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);

/// The storage key of the last export choices.
pub const STORAGE_KEY: &str = "archmodel.export";

/// One thing the dialog can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// The diagram as SVG.
    Svg,
    /// The diagram as PNG.
    Png,
    /// The diagram as a Mermaid flowchart.
    Mermaid,
    /// The diagram as Graphviz DOT.
    Dot,
    /// The diagram as a PlantUML deployment diagram.
    PlantUml,
    /// The architecture ADR, its diagram and the decision records, in a folder.
    Adr,
    /// The rollout runbook (Markdown).
    Runbook,
}

impl Format {
    /// Every format, in the order the dialog lists (and writes) them.
    pub const ALL: [Format; 7] = [
        Format::Svg,
        Format::Png,
        Format::Mermaid,
        Format::Dot,
        Format::PlantUml,
        Format::Adr,
        Format::Runbook,
    ];

    /// The checkbox text.
    pub fn label(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Mermaid => "Mermaid",
            Format::Dot => "DOT",
            Format::PlantUml => "PlantUML",
            Format::Adr => "ADR folder",
            Format::Runbook => "Runbook",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Format::Svg => "The diagram as a vector image",
            Format::Png => "The diagram as a bitmap image",
            Format::Mermaid => "The diagram as a Mermaid flowchart (.mmd)",
            Format::Dot => "The diagram as Graphviz DOT",
            Format::PlantUml => "The diagram as a PlantUML deployment diagram (.puml)",
            Format::Adr => {
                "A folder with the architecture ADR, its diagram, every decision record and an \
                 index; exporting again replaces only the files archmodel wrote there"
            }
            Format::Runbook => "The rollout runbook as Markdown",
        }
    }

    /// The file (or, for the ADR, folder) name for a model whose file is `stem`.ron.
    pub fn target_name(self, stem: &str) -> String {
        match self {
            Format::Svg => format!("{stem}.svg"),
            Format::Png => format!("{stem}.png"),
            Format::Mermaid => format!("{stem}.mmd"),
            Format::Dot => format!("{stem}.dot"),
            Format::PlantUml => format!("{stem}.puml"),
            Format::Adr => format!("{stem}-adr"),
            Format::Runbook => format!("{stem}-runbook.md"),
        }
    }
}

/// Colours of the exported diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExportTheme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The PNG's pixels per model unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PngScale {
    /// 1×.
    #[default]
    One,
    /// 2×, for high-density screens.
    Two,
    /// [`ExportSettings::custom_scale`].
    Custom,
}

/// The format of the decision records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AdrTemplate {
    /// MADR 4.0.
    #[default]
    Madr,
    /// Michael Nygard's format.
    Nygard,
}

/// What to export and where: the dialog's choices, remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The formats chosen.
    pub formats: Vec<Format>,
    /// Colours of the diagrams.
    pub theme: ExportTheme,
    /// PNG scale.
    pub png_scale: PngScale,
    /// The scale used when [`PngScale::Custom`] is chosen.
    pub custom_scale: f32,
    /// Template of the decision records.
    pub adr_template: AdrTemplate,
    /// Export only this trust zone and what it links to (the whole model when `None`).
    pub zone: Option<String>,
    /// The folder to export into.
    pub folder: Option<PathBuf>,
}

impl Default for ExportSettings {
    fn default() -> Self {
        ExportSettings {
            formats: vec![Format::Svg],
            theme: ExportTheme::Light,
            png_scale: PngScale::One,
            custom_scale: 3.0,
            adr_template: AdrTemplate::Madr,
            zone: None,
            folder: None,
        }
    }
}

/// Smallest and largest custom PNG scale the dialog offers.
const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.25..=16.0;

impl ExportSettings {
    /// Whether `format` is chosen.
    pub fn has(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }

    /// Chooses or drops `format`, keeping the formats in [`Format::ALL`] order.
    pub fn set(&mut self, format: Format, on: bool) {
        self.formats.retain(|f| *f != format);
        if on {
            self.formats.push(format);
        }
        self.formats
            .sort_by_key(|f| Format::ALL.iter().position(|a| a == f));
    }

    /// The PNG's pixels per model unit.
    pub fn scale(&self) -> f32 {
        match self.png_scale {
            PngScale::One => 1.0,
            PngScale::Two => 2.0,
            PngScale::Custom => self.custom_scale,
        }
    }

    /// Every output with its file (or folder) name, for a model file named `model_file`
    /// (`web-app.ron` gives `web-app.svg`, `web-app-adr`, …; a zone adds `-zone`).
    pub fn targets(&self, model_file: &str) -> Vec<(Format, String)> {
        let stem = Path::new(model_file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && !s.starts_with('.'))
            .unwrap_or_else(|| "model".into());
        let stem = match &self.zone {
            Some(zone) => format!("{stem}-{}", escape::slug(zone, "zone")),
            None => stem,
        };
        self.formats
            .iter()
            .map(|f| (*f, f.target_name(&stem)))
            .collect()
    }

    fn theme_kind(&self) -> ThemeKind {
        match self.theme {
            ExportTheme::Light => ThemeKind::Light,
            ExportTheme::Dark => ThemeKind::Dark,
        }
    }

    fn template(&self) -> Template {
        match self.adr_template {
            AdrTemplate::Madr => Template::Madr,
            AdrTemplate::Nygard => Template::Nygard,
        }
    }
}

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
    fn failed(message: impl Into<String>) -> Self {
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

    /// Opens the window (forgetting the result of an earlier export that is not running).
    pub fn open(&mut self) {
        self.open = true;
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
                self.folder_pick = Some(dialogs.pick_folder());
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
            for zone in &model.zones {
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

/// What the export thread needs: its own copy of everything.
struct Request {
    model: Model,
    settings: ExportSettings,
    targets: Vec<(Format, String)>,
    folder: PathBuf,
}

/// One rendered single-file output.
struct Rendered {
    name: String,
    bytes: Vec<u8>,
}

/// Renders every output, checks every target, then writes; reports each step to `progress`.
fn run(request: &Request, progress: impl Fn(usize, usize, &'static str)) -> Outcome {
    let Request {
        model,
        settings,
        targets,
        folder,
    } = request;
    if !folder.is_dir() {
        return Outcome::failed(format!("the folder {} does not exist", folder.display()));
    }
    let subset;
    let model = match &settings.zone {
        Some(zone) => match export::subset(model, zone) {
            Ok(m) => {
                subset = m;
                &subset
            }
            Err(e) => return Outcome::failed(e.to_string()),
        },
        None => model,
    };
    let svg_options = SvgOptions {
        theme: settings.theme_kind(),
        title: true,
        legend: true,
    };
    let theme = Theme::of(svg_options.theme);
    let total = targets.len();
    let mut files = Vec::new();
    let mut adr_plan = None;
    for (step, (format, name)) in targets.iter().enumerate() {
        progress(step, total, format.label());
        let bytes = match format {
            Format::Svg => svg::render(model, &svg_options).into_bytes(),
            Format::Png => {
                let options = PngOptions {
                    svg: svg_options,
                    scale: settings.scale(),
                };
                match png::render(model, &options) {
                    Ok(bytes) => bytes,
                    Err(e) => return Outcome::failed(format!("{name}: {e}")),
                }
            }
            Format::Mermaid => mermaid::render(model, &theme).into_bytes(),
            Format::Dot => dot::render(model, &theme).into_bytes(),
            Format::PlantUml => plantuml::render(model, &theme).into_bytes(),
            Format::Runbook => runbook::render(model).into_bytes(),
            Format::Adr => {
                let options = FolderOptions {
                    template: settings.template(),
                    svg: svg_options,
                    mermaid: false,
                };
                let dir = folder.join(name);
                match folder::plan(&dir, adr::folder_files(model, &options)) {
                    Ok(plan) => adr_plan = Some((name.clone(), plan)),
                    Err(e) => return Outcome::failed(e.to_string()),
                }
                continue;
            }
        };
        files.push(Rendered {
            name: name.clone(),
            bytes,
        });
    }
    for file in &files {
        let path = folder.join(&file.name);
        if path.is_dir() {
            return Outcome::failed(format!("{} is a folder, not a file", path.display()));
        }
    }
    progress(total, total, "files");
    let mut written = Vec::new();
    for file in &files {
        let path = folder.join(&file.name);
        if let Err(e) = io::write_atomic(&path, &file.bytes) {
            return Outcome::Failed {
                message: format!("{}: cannot write: {e}", path.display()),
                written,
            };
        }
        written.push(file.name.clone());
    }
    if let Some((name, plan)) = adr_plan {
        if let Err(e) = plan.apply() {
            return Outcome::Failed {
                message: e.to_string(),
                written,
            };
        }
        let changed = plan.writes().count();
        written.push(format!(
            "{name}/ ({changed} {} changed, {} removed)",
            if changed == 1 { "file" } else { "files" },
            plan.removals().len()
        ));
    }
    Outcome::Written {
        folder: folder.clone(),
        lines: written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn web_app() -> Model {
        examples::example("web-app")
            .expect("web-app example")
            .model()
            .expect("example parses")
    }

    fn request(model: Model, settings: ExportSettings, folder: &Path) -> Request {
        Request {
            targets: settings.targets("web-app.ron"),
            model,
            settings,
            folder: folder.to_owned(),
        }
    }

    #[test]
    fn names_come_from_the_model_file() {
        let mut s = ExportSettings::default();
        s.set(Format::Adr, true);
        s.set(Format::Mermaid, true);
        let names: Vec<String> = s.targets("web-app.ron").into_iter().map(|t| t.1).collect();
        assert_eq!(names, ["web-app.svg", "web-app.mmd", "web-app-adr"]);
        s.zone = Some("Core Zone".into());
        s.set(Format::Adr, false);
        s.set(Format::Svg, false);
        assert_eq!(s.targets("web-app.ron")[0].1, "web-app-core-zone.mmd");
    }

    #[test]
    fn settings_survive_storage() {
        let s = ExportSettings {
            formats: vec![Format::Png, Format::Runbook],
            theme: ExportTheme::Dark,
            png_scale: PngScale::Custom,
            custom_scale: 1.5,
            adr_template: AdrTemplate::Nygard,
            zone: Some("dmz".into()),
            folder: Some("/tmp/out".into()),
        };
        let text = ron::to_string(&s).expect("serialize");
        assert_eq!(ron::from_str::<ExportSettings>(&text).expect("parse"), s);
        // Settings stored by an older version, with fields missing, still load.
        let old: ExportSettings = ron::from_str("(theme: Dark)").expect("parse");
        assert_eq!(old.theme, ExportTheme::Dark);
        assert_eq!(old.formats, [Format::Svg]);
    }

    #[test]
    fn exports_every_format_and_reports_progress() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut s = ExportSettings::default();
        for f in Format::ALL {
            s.set(f, true);
        }
        let steps = std::cell::RefCell::new(Vec::new());
        let outcome = run(&request(web_app(), s, tmp.path()), |step, total, _| {
            steps.borrow_mut().push((step, total));
        });
        assert!(matches!(outcome, Outcome::Written { ref lines, .. } if lines.len() == 7));
        assert_eq!(steps.borrow().len(), 8);
        assert_eq!(steps.borrow().last(), Some(&(7, 7)));
        for name in [
            "web-app.svg",
            "web-app.png",
            "web-app.mmd",
            "web-app.dot",
            "web-app.puml",
            "web-app-runbook.md",
            "web-app-adr/architecture.md",
        ] {
            assert!(tmp.path().join(name).is_file(), "{name} is missing");
        }
    }

    #[test]
    fn a_foreign_file_in_the_adr_folder_stops_everything_before_writing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let adr = tmp.path().join("web-app-adr");
        std::fs::create_dir(&adr).expect("mkdir");
        std::fs::write(adr.join("index.md"), "mine").expect("write");
        let mut s = ExportSettings::default();
        s.set(Format::Adr, true);
        let outcome = run(&request(web_app(), s, tmp.path()), |_, _, _| {});
        assert!(
            matches!(&outcome, Outcome::Failed { written, .. } if written.is_empty()),
            "{outcome:?}"
        );
        assert!(!tmp.path().join("web-app.svg").exists());
    }

    #[test]
    fn a_missing_folder_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let s = ExportSettings::default();
        let outcome = run(
            &request(web_app(), s, &tmp.path().join("nope")),
            |_, _, _| {},
        );
        assert!(matches!(outcome, Outcome::Failed { .. }));
    }
}
