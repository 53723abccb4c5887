//! The live design review: findings cached by the document's revision, the findings panel, the
//! paradigm checklist and the version-skew matrix windows, and the badges they put on the canvas.

use std::time::{Duration, Instant};

use eframe::egui;
use egui::{Button, Color32, ProgressBar, RichText, Ui, Window};

use super::background::{self, Job};
use super::badges::Badges;
use super::canvas::Canvas;
use super::document::Document;
use super::findings::FindingsPanel;
use crate::analysis::{self, ChecklistStep, Finding, Severity, SkewCell, SkewMatrix};
use crate::scene::ElementRef;

/// How often findings are recomputed while the model keeps changing.
const RECHECK_WHILE_MOVING: Duration = Duration::from_millis(250);

/// Which part of the review to show or hide (View menu).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewView {
    /// The findings panel at the bottom.
    Findings,
    /// The paradigm checklist window.
    Checklist,
    /// The version-skew matrix window.
    Skew,
}

/// Which review views are shown, for the View menu's check marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The findings panel.
    pub findings: bool,
    /// The paradigm checklist window.
    pub checklist: bool,
    /// The version-skew window.
    pub skew: bool,
}

impl Default for Shown {
    fn default() -> Self {
        // The findings are the point of a review meeting: shown as soon as a model is open.
        Shown {
            findings: true,
            checklist: false,
            skew: false,
        }
    }
}

/// The review of the open document: findings recomputed only when the model changes.
#[derive(Default)]
pub struct Review {
    /// The revision the findings hold for (computed then, or only nodes moved since).
    revision: Option<u64>,
    /// Counts the checks, so the badges and the findings list know when to rebuild.
    generation: u64,
    /// The revision seen last frame and when the findings were last computed, to hold off
    /// re-checking while the model changes frame after frame (a drag).
    seen: Option<u64>,
    checked_at: Option<Instant>,
    findings: Vec<Finding>,
    /// Computed on demand (only while its window is open), dropped when the model changes.
    checklist: Option<Vec<ChecklistStep>>,
    skew: Option<SkewMatrix>,
    shown: Shown,
    panel: FindingsPanel,
    /// The open findings' count and worst severity, with the check and revision they hold for.
    open: Option<(u64, u64, usize, Option<Severity>)>,
    /// The check of a large model running on a thread, for a revision.
    checking: Job<u64, Vec<Finding>>,
}

impl Review {
    /// Which views are shown.
    pub fn shown(&self) -> Shown {
        self.shown
    }

    /// Shows or hides a view.
    pub fn toggle(&mut self, view: ReviewView) {
        let flag = match view {
            ReviewView::Findings => &mut self.shown.findings,
            ReviewView::Checklist => &mut self.shown.checklist,
            ReviewView::Skew => &mut self.shown.skew,
        };
        *flag = !*flag;
    }

    /// How many findings are open (untriaged or in progress) and the worst of them; counted
    /// again only when the findings or the model (its triage) changed.
    pub fn open_summary(&mut self, doc: &Document) -> (usize, Option<Severity>) {
        let key = (self.generation, doc.revision());
        if let Some((generation, revision, count, worst)) = self.open
            && (generation, revision) == key
        {
            return (count, worst);
        }
        let open = analysis::open_findings(doc.model(), &self.findings);
        let worst = open.iter().map(|f| f.severity).max();
        self.open = Some((key.0, key.1, open.len(), worst));
        (open.len(), worst)
    }

    /// The findings of the document as last checked.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Re-checks the model if it changed since the last check.
    ///
    /// While the model changes every frame, the last findings stay up for a moment: checking
    /// every frame would stall the gesture. It is checked once it holds still. A large model is
    /// checked on a thread instead, one check at a time; the findings before stay up until the
    /// check is done.
    fn refresh(&mut self, ctx: &egui::Context, doc: &Document) {
        if let Some((revision, findings)) = self.checking.finished() {
            self.take_findings(revision, findings);
        }
        let now = doc.revision();
        if self.revision == Some(now) {
            return;
        }
        // No rule looks at positions: a drag keeps the findings as they are.
        if let Some(before) = self.revision
            && doc.moved_since(before).is_some()
        {
            self.revision = Some(now);
            return;
        }
        if background::is_large(doc.model()) {
            // One check at a time, which paces them; the newest revision is checked next.
            if self.checking.running().is_none() {
                let model = doc.snapshot();
                self.checking
                    .start(ctx, now, move || analysis::check(&model));
            }
            return;
        }
        let moving = self.seen.replace(now) != Some(now);
        let recent = self
            .checked_at
            .is_some_and(|t| t.elapsed() < RECHECK_WHILE_MOVING);
        if moving && recent {
            ctx.request_repaint();
            return;
        }
        let findings = analysis::check(doc.model());
        self.take_findings(now, findings);
    }

    /// Shows `findings`, the review of the model at `revision`.
    fn take_findings(&mut self, revision: u64, findings: Vec<Finding>) {
        let old = std::mem::replace(&mut self.findings, findings);
        if old.len() >= background::BACKGROUND_FROM {
            background::drop_later(old);
        }
        self.checklist = None;
        self.skew = None;
        self.revision = Some(revision);
        self.generation += 1;
        self.checked_at = Some(Instant::now());
    }

    /// Forgets the findings of the document closed (and a check of it still running), keeping
    /// which views are shown and how the panel is set.
    pub fn document_changed(&mut self) {
        // A check still running is let go (its result is never read); the generation keeps
        // counting, so badges of the old document never pass for the new one's.
        *self = Review {
            shown: self.shown,
            panel: std::mem::take(&mut self.panel),
            generation: self.generation + 1,
            ..Review::default()
        };
    }

    /// Whether a large model is being checked on a thread (the findings shown are older).
    pub fn is_checking(&self) -> bool {
        self.checking.running().is_some()
    }

    /// Waits for the check running on a thread and shows its findings (tests and benches).
    pub fn finish_checking(&mut self) {
        if let Some((revision, findings)) = self.checking.wait() {
            self.take_findings(revision, findings);
        }
    }

    /// Shows the findings panel and the review windows; returns the element to select and
    /// frame when the user picked a finding.
    ///
    /// Call it before the canvas's central panel, so the panel takes its space first.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &mut Canvas,
    ) -> Option<ElementRef> {
        self.refresh(ui.ctx(), doc);
        let revision = self.generation;
        if !canvas.badges.is_for(revision) {
            canvas.badges = Badges::new(revision, doc.model(), &self.findings);
        }
        let mut picked = None;
        // With nothing to list (no findings, no triage that could be stale) the panel takes no room.
        let anything = !self.findings.is_empty() || !doc.model().triage.is_empty();
        if self.shown.findings && anything {
            // A quarter of a small window, at most 220 points of a large one.
            let height = (ui.ctx().content_rect().height() * 0.26).clamp(110.0, 220.0);
            picked = egui::Panel::bottom("findings")
                .resizable(true)
                .default_size(height)
                .size_range(110.0..=640.0)
                .show(ui, |ui| self.panel.ui(ui, doc, &self.findings, revision))
                .inner;
        }
        let ctx = ui.ctx().clone();
        let room = super::window_place::room(&ctx);
        if self.shown.checklist {
            let steps = self
                .checklist
                .get_or_insert_with(|| analysis::checklist(doc.model(), &self.findings));
            Window::new("Paradigm checklist")
                .id(egui::Id::unique(CHECKLIST_WINDOW))
                .open(&mut self.shown.checklist)
                .constrain_to(room)
                .resizable(false)
                .show(&ctx, |ui| {
                    fitted_scroll(room).show(ui, |ui| {
                        ui.set_max_width(460.0);
                        checklist_ui(ui, steps);
                    })
                });
        }
        if self.shown.skew {
            let matrix = self
                .skew
                .get_or_insert_with(|| analysis::skew_matrix(doc.model()));
            Window::new("Version skew")
                .id(egui::Id::unique(SKEW_WINDOW))
                .open(&mut self.shown.skew)
                .constrain_to(room)
                .resizable(false)
                .show(&ctx, |ui| {
                    fitted_scroll(room).show(ui, |ui| skew_ui(ui, doc, matrix))
                });
        }
        picked
    }
}

/// The id of the Paradigm checklist window (`egui::Id::unique(CHECKLIST_WINDOW)`).
pub const CHECKLIST_WINDOW: &str = "paradigm-checklist-window";
/// The id of the Version skew window.
pub const SKEW_WINDOW: &str = "version-skew-window";

/// A window's scroll area that is as large as its content, up to most of the room below the
/// menu bar: a one-line matrix gets a one-line window, a large one scrolls.
fn fitted_scroll(room: egui::Rect) -> egui::ScrollArea {
    egui::ScrollArea::both()
        .max_width(room.width() * 0.9)
        .max_height(room.height() * 0.8)
        .auto_shrink([true, true])
}

/// The View menu's review items.
pub fn menu_items(ui: &mut Ui, has_document: bool, shown: Shown) -> Option<ReviewView> {
    let mut chosen = None;
    for (view, on, label) in [
        (ReviewView::Findings, shown.findings, "Findings Panel"),
        (ReviewView::Checklist, shown.checklist, "Paradigm Checklist"),
        (ReviewView::Skew, shown.skew, "Version Skew"),
    ] {
        if ui
            .add_enabled(has_document, Button::selectable(on, label))
            .clicked()
        {
            chosen = Some(view);
        }
    }
    chosen
}

/// The colour of a severity, shared by the panel and the canvas badges.
pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Info => Color32::from_rgb(0x6b, 0x72, 0x80),
        Severity::Low => Color32::from_rgb(0x25, 0x63, 0xeb),
        Severity::Medium => Color32::from_rgb(0xd9, 0x77, 0x06),
        Severity::High => Color32::from_rgb(0xea, 0x58, 0x0c),
        Severity::Critical => Color32::from_rgb(0xc8, 0x1e, 0x1e),
    }
}

/// The five adoption steps, each with a progress bar and what is missing.
fn checklist_ui(ui: &mut Ui, steps: &[ChecklistStep]) {
    for step in steps {
        ui.add_space(4.0);
        ui.strong(format!("{}. {}", step.number, step.title));
        let text = format!("{} of {} covered", step.covered, step.total);
        ui.add(ProgressBar::new(step.fraction.clamp(0.0, 1.0)).text(text));
        if step.is_complete() {
            ui.weak("Nothing missing");
        } else {
            let title = format!("Missing for step {} ({})", step.number, step.missing.len());
            egui::CollapsingHeader::new(title)
                .id_salt(("checklist-missing", step.number))
                .show(ui, |ui| {
                    for item in &step.missing {
                        ui.label(format!("• {item}"));
                    }
                });
        }
    }
}

/// Releases down, contracts across; each cell says whether the release can use the contract.
fn skew_ui(ui: &mut Ui, doc: &Document, matrix: &SkewMatrix) {
    if matrix.is_empty() {
        ui.weak("No client releases need a contract in this model.");
        return;
    }
    egui::Grid::new("skew-matrix")
        .striped(true)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            ui.strong("Release");
            for column in &matrix.columns {
                let provider = doc
                    .model()
                    .node(&column.provider)
                    .map_or(column.provider.as_str(), |n| n.name.as_str());
                ui.strong(&column.name).on_hover_text(format!(
                    "Provided by {provider}; version {}; serves {}",
                    or_unstated(&column.version),
                    or_unstated(&column.supported)
                ));
            }
            ui.end_row();
            for row in &matrix.rows {
                ui.label(format!("{} {}", row.client_name, row.version));
                for cell in &row.cells {
                    skew_cell(ui, cell);
                }
                ui.end_row();
            }
        });
}

fn skew_cell(ui: &mut Ui, cell: &SkewCell) {
    let color = match cell {
        SkewCell::NotNeeded => ui.visuals().weak_text_color(),
        SkewCell::Works => Color32::from_rgb(0x16, 0xa3, 0x4a),
        SkewCell::Broken(_) => severity_color(Severity::Critical),
        SkewCell::Unknown(_) => severity_color(Severity::Medium),
    };
    let text = match cell {
        SkewCell::NotNeeded => "—",
        other => other.label(),
    };
    let response = ui.label(RichText::new(text).color(color).strong());
    if let Some(reason) = cell.reason() {
        response.on_hover_text(reason);
    }
}

fn or_unstated(s: &str) -> &str {
    if s.is_empty() { "not stated" } else { s }
}
