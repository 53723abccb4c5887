//! Presentation mode (F11, View → Present): the canvas fills the window and the arrow keys step
//! through a walk of the model for a review meeting: the whole diagram, each trust zone, each
//! open finding (its elements framed, a caption with severity, title and fix), then the paradigm
//! checklist one step per screen with the elements the step concerns highlighted.

use eframe::egui;
use egui::{Align, Color32, Key, Layout, Modifiers, RichText, Ui};

use super::canvas::{Canvas, Spotlight};
use super::chrome::{ViewCommand, Window};
use super::look;
use super::review::severity_color;
use crate::analysis::{self, ChecklistStep, Finding, Severity};
use crate::model::Model;
use crate::scene::ElementRef;

/// What one screen of the walk shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Slide {
    /// The whole diagram.
    Overview,
    /// One trust zone, the rest dimmed.
    Zone {
        /// The zone's id.
        id: String,
        /// Its name.
        name: String,
        /// Its trust level.
        trust: u8,
    },
    /// One open finding, its elements framed.
    Finding(Finding),
    /// One step of the paradigm checklist.
    Step {
        /// The step and how far the model has taken it.
        step: ChecklistStep,
        /// The elements it concerns, each with the colour it is marked in.
        marked: Vec<(ElementRef, Color32)>,
    },
}

/// The part of the walk a slide belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The overview.
    Overview,
    /// The trust zones.
    Zones,
    /// The open findings.
    Findings,
    /// The paradigm checklist.
    Checklist,
}

impl Slide {
    /// The part of the walk it belongs to.
    pub fn section(&self) -> Section {
        match self {
            Slide::Overview => Section::Overview,
            Slide::Zone { .. } => Section::Zones,
            Slide::Finding(_) => Section::Findings,
            Slide::Step { .. } => Section::Checklist,
        }
    }
}

/// A walk through the model and where it is.
#[derive(Debug, Clone)]
pub struct Presentation {
    slides: Vec<Slide>,
    at: usize,
    /// Whether the slide on screen still needs the canvas framed and lit for it.
    shown: bool,
}

/// Colour of a checklist step's elements that nothing is missing for.
const COVERED: Color32 = Color32::from_rgb(0x16, 0xa3, 0x4a);

impl Presentation {
    /// The walk for `model` with its `findings`: overview, zones, open findings (most severe
    /// first), checklist steps.
    pub fn new(model: &Model, findings: &[Finding]) -> Presentation {
        let mut slides = vec![Slide::Overview];
        slides.extend(model.zones.iter().map(|z| Slide::Zone {
            id: z.id.clone(),
            name: z.name.clone(),
            trust: z.trust,
        }));
        let mut open: Vec<&Finding> = analysis::open_findings(model, findings);
        open.sort_by_key(|f| std::cmp::Reverse(f.severity));
        slides.extend(open.iter().map(|f| Slide::Finding((*f).clone())));
        let steps = analysis::checklist(model, findings);
        let elements = analysis::step_elements(model);
        for (step, ids) in steps.into_iter().zip(elements) {
            let marked = step_marks(model, &open, &step, &ids);
            slides.push(Slide::Step { step, marked });
        }
        Presentation {
            slides,
            at: 0,
            shown: false,
        }
    }

    /// The slide on screen.
    pub fn slide(&self) -> &Slide {
        // `slides` always holds the overview, and `at` never passes the last slide.
        &self.slides[self.at.min(self.slides.len() - 1)]
    }

    /// The slide's number (from 1) and how many there are.
    pub fn position(&self) -> (usize, usize) {
        (self.at + 1, self.slides.len())
    }

    /// Every slide of the walk.
    pub fn slides(&self) -> &[Slide] {
        &self.slides
    }

    /// Goes `by` slides forward (or back), staying within the walk.
    pub fn step(&mut self, by: isize) {
        let last = self.slides.len().saturating_sub(1);
        let to = self.at.saturating_add_signed(by).min(last);
        if to != self.at {
            self.at = to;
            self.shown = false;
        }
    }

    /// Jumps to the first slide of `section`, if the walk has one.
    pub fn jump(&mut self, section: Section) {
        if let Some(i) = self.slides.iter().position(|s| s.section() == section) {
            self.at = i;
            self.shown = false;
        }
    }

    /// Frames and lights the slide on the canvas, once per slide.
    pub fn stage(&mut self, canvas: &mut Canvas) {
        if self.shown {
            return;
        }
        self.shown = true;
        match self.slide().clone() {
            Slide::Overview => {
                canvas.spotlight = Spotlight::default();
                canvas.fit();
            }
            Slide::Zone { id, .. } => {
                canvas.frame_elements(vec![ElementRef::zone(id.as_str())]);
                canvas.spotlight = Spotlight {
                    zone: Some(id),
                    marked: Vec::new(),
                };
            }
            Slide::Finding(f) => {
                let color = severity_color(f.severity);
                let shown: Vec<ElementRef> = f
                    .elements
                    .iter()
                    .filter_map(|id| canvas_element(canvas, id))
                    .collect();
                if shown.is_empty() {
                    canvas.fit();
                } else {
                    canvas.frame_elements(shown.clone());
                }
                canvas.spotlight = Spotlight {
                    zone: None,
                    marked: shown.into_iter().map(|e| (e, color)).collect(),
                };
            }
            Slide::Step { marked, .. } => {
                let shown: Vec<(ElementRef, Color32)> = marked
                    .into_iter()
                    .filter(|(e, _)| canvas.scene().find(e).is_some())
                    .collect();
                if shown.is_empty() {
                    canvas.fit();
                } else {
                    canvas.frame_elements(shown.iter().map(|(e, _)| e.clone()).collect());
                }
                canvas.spotlight = Spotlight {
                    zone: None,
                    marked: shown,
                };
            }
        }
    }
}

/// A step's elements on the canvas: those with an open finding of the step's area in that
/// finding's colour, the rest in green.
fn step_marks(
    model: &Model,
    open: &[&Finding],
    step: &ChecklistStep,
    ids: &[String],
) -> Vec<(ElementRef, Color32)> {
    ids.iter()
        .filter_map(|id| {
            let element = model_element(model, id)?;
            let worst: Option<Severity> = open
                .iter()
                .filter(|f| f.area == step.area && f.elements.iter().any(|e| e == id))
                .map(|f| f.severity)
                .max();
            Some((element, worst.map_or(COVERED, severity_color)))
        })
        .collect()
}

/// What the View menu's chrome items need to know.
pub(super) fn menu_state<'a>(
    chrome: &super::chrome::Chrome,
    canvas: &'a Canvas,
    selection: Option<&'a ElementRef>,
    window: Window,
    enabled: bool,
) -> super::chrome::MenuState<'a> {
    let selected_zone = selection
        .filter(|e| e.kind == crate::scene::ElementKind::Zone)
        .map(|e| e.id.as_str());
    super::chrome::MenuState {
        enabled,
        shown: (chrome.shows_outline(window), chrome.shows_inspector(window)),
        selected_zone,
        focused_zone: canvas.focused_zone(),
    }
}

/// The node, link or zone with this id.
fn model_element(model: &Model, id: &str) -> Option<ElementRef> {
    if model.node(id).is_some() {
        Some(ElementRef::node(id))
    } else if model.link(id).is_some() {
        Some(ElementRef::link(id))
    } else if model.zone(id).is_some() {
        Some(ElementRef::zone(id))
    } else {
        None
    }
}

/// The element drawn on the canvas with this id.
fn canvas_element(canvas: &Canvas, id: &str) -> Option<ElementRef> {
    [
        ElementRef::node(id),
        ElementRef::link(id),
        ElementRef::zone(id),
    ]
    .into_iter()
    .find(|e| canvas.scene().find(e).is_some())
}

/// What a key press asks of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Move by this many slides.
    By(isize),
    /// Go to the first slide of a section.
    To(Section),
    /// Leave presentation mode.
    Leave,
}

/// Reads this frame's keys: arrows, Page Up/Down, Space, Home/End; Z, F and C jump to the zones,
/// findings and checklist; Escape or F11 leaves.
pub fn keys(ctx: &egui::Context) -> Vec<Step> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (key, step) in [
            (Key::ArrowRight, Step::By(1)),
            (Key::ArrowDown, Step::By(1)),
            (Key::PageDown, Step::By(1)),
            (Key::Space, Step::By(1)),
            (Key::ArrowLeft, Step::By(-1)),
            (Key::ArrowUp, Step::By(-1)),
            (Key::PageUp, Step::By(-1)),
            (Key::Home, Step::By(isize::MIN / 2)),
            (Key::End, Step::By(isize::MAX / 2)),
            (Key::Z, Step::To(Section::Zones)),
            (Key::F, Step::To(Section::Findings)),
            (Key::C, Step::To(Section::Checklist)),
            (Key::Escape, Step::Leave),
            (Key::F11, Step::Leave),
        ] {
            if i.consume_key(Modifiers::NONE, key) {
                out.push(step);
            }
        }
    });
    out
}

/// The caption under the canvas: where in the walk, and what the slide says.
pub fn caption(ui: &mut Ui, walk: &Presentation) -> Option<Step> {
    let mut asked = None;
    let (n, total) = walk.position();
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(section_title(walk)).weak());
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui
                .button("Leave")
                .on_hover_text("Leave presentation mode (Esc)")
                .clicked()
            {
                asked = Some(Step::Leave);
            }
            if ui
                .add_enabled(n < total, egui::Button::new("Next ▶"))
                .on_hover_text("→, Page Down or Space")
                .clicked()
            {
                asked = Some(Step::By(1));
            }
            ui.weak(format!("{n} / {total}"));
            if ui
                .add_enabled(n > 1, egui::Button::new("◀ Back"))
                .on_hover_text("←, Page Up")
                .clicked()
            {
                asked = Some(Step::By(-1));
            }
        });
    });
    match walk.slide() {
        Slide::Overview => {
            ui.heading("The whole design");
            ui.label("Z: trust zones · F: open findings · C: paradigm checklist · Esc: leave");
        }
        Slide::Zone { name, trust, .. } => {
            ui.heading(name);
            ui.label(format!("Trust level {trust}"));
        }
        Slide::Finding(f) => {
            ui.horizontal(|ui| {
                look::severity_chip(ui, f.severity, false);
                ui.heading(f.title);
            });
            ui.label(&f.message);
            if let Some(rule) = analysis::rule(f.rule) {
                ui.horizontal_wrapped(|ui| {
                    ui.strong("Fix:");
                    ui.label(rule.fix);
                });
            }
        }
        Slide::Step { step, .. } => {
            ui.heading(format!("Step {}: {}", step.number, step.title));
            ui.label(format!(
                "{} of {} elements covered",
                step.covered, step.total
            ));
            if step.is_complete() {
                ui.weak("Nothing missing.");
            } else {
                for item in step.missing.iter().take(3) {
                    ui.label(format!("• {item}"));
                }
                if step.missing.len() > 3 {
                    ui.weak(format!("…and {} more", step.missing.len() - 3));
                }
            }
        }
    }
    ui.add_space(8.0);
    asked
}

/// "Trust zone 2 of 6", "Finding 3 of 9", "Paradigm checklist".
fn section_title(walk: &Presentation) -> String {
    let slide = walk.slide();
    let section = slide.section();
    let of_section: Vec<&Slide> = walk
        .slides
        .iter()
        .filter(|s| s.section() == section)
        .collect();
    let index = walk.slides[..walk.at]
        .iter()
        .filter(|s| s.section() == section)
        .count()
        + 1;
    match section {
        Section::Overview => "Overview".to_owned(),
        Section::Zones => format!("Trust zone {index} of {}", of_section.len()),
        Section::Findings => format!("Open finding {index} of {}", of_section.len()),
        Section::Checklist => format!("Paradigm checklist: step {index} of {}", of_section.len()),
    }
}

impl super::app::ArchApp {
    /// Carries out a View command: the panels, presenting, zone focus.
    pub(super) fn view_command(&mut self, ctx: &egui::Context, command: ViewCommand) {
        match command {
            ViewCommand::Present => {
                if self.chrome.presentation.is_some() {
                    self.leave_presentation(ctx);
                } else if let Some(doc) = &self.doc {
                    let walk = Presentation::new(doc.model(), self.review.findings());
                    self.chrome.presentation = Some(walk);
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                }
            }
            ViewCommand::FocusZone(zone) => {
                self.canvas
                    .frame_elements(vec![ElementRef::zone(zone.as_str())]);
                self.canvas.spotlight = Spotlight {
                    zone: Some(zone),
                    marked: Vec::new(),
                };
            }
            ViewCommand::ClearFocus => self.canvas.spotlight = Spotlight::default(),
            command => {
                let window = self.chrome_window(ctx);
                self.chrome.apply(&command, window);
            }
        }
    }

    /// The window's width and whether something is selected, for the side panels.
    pub(super) fn chrome_window(&self, ctx: &egui::Context) -> Window {
        Window {
            width: ctx.content_rect().width(),
            has_selection: self.selection.is_some(),
        }
    }

    fn leave_presentation(&mut self, ctx: &egui::Context) {
        self.chrome.presentation = None;
        self.canvas.spotlight = Spotlight::default();
        self.canvas.fit();
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    /// While presenting, shows the canvas in the whole window with the caption under it and
    /// steps through the walk; returns whether it did (the rest of the app waits meanwhile).
    pub(super) fn presentation_ui(&mut self, ui: &mut Ui) -> bool {
        let ctx = ui.ctx().clone();
        if self.chrome.presentation.is_none() {
            return false;
        }
        // A question (unsaved changes on closing) or an error needs the app's own windows.
        let asking = self.guard.is_some() || self.error.is_some() || self.asking_about_save();
        if self.doc.is_none() || asking {
            self.leave_presentation(&ctx);
            return false;
        }
        let mut asked = keys(&ctx);
        let Some(walk) = self.chrome.presentation.as_mut() else {
            return false;
        };
        let clicked = egui::Panel::bottom("presentation-caption")
            .show(ui, |ui| caption(ui, walk))
            .inner;
        asked.extend(clicked);
        let mut leave = false;
        for step in asked {
            match step {
                Step::By(n) => walk.step(n),
                Step::To(section) => walk.jump(section),
                Step::Leave => leave = true,
            }
        }
        if leave {
            self.leave_presentation(&ctx);
            return false;
        }
        walk.stage(&mut self.canvas);
        let Some(doc) = &self.doc else { return false };
        // Nothing on the canvas edits the model or the selection while presenting.
        let (mut selection, mut also) = (None, Vec::new());
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.canvas.ui(ui, doc, &mut selection, &mut also, false);
            });
        true
    }

    /// The slide being presented, if in presentation mode.
    pub fn presented(&self) -> Option<&Slide> {
        self.chrome.presentation.as_ref().map(Presentation::slide)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web_app() -> Model {
        let example = crate::examples::example("web-app").expect("bundled");
        crate::io::parse(example.source).expect("parses")
    }

    #[test]
    fn the_walk_goes_overview_zones_findings_checklist() {
        let model = web_app();
        let findings = analysis::check(&model);
        let walk = Presentation::new(&model, &findings);
        let sections: Vec<Section> = walk.slides().iter().map(Slide::section).collect();
        let open = analysis::open_findings(&model, &findings).len();
        assert_eq!(sections.len(), 1 + model.zones.len() + open + 5);
        assert!(sections.is_sorted_by_key(|s| *s as u8));
        let severities: Vec<Severity> = walk
            .slides()
            .iter()
            .filter_map(|s| match s {
                Slide::Finding(f) => Some(f.severity),
                _ => None,
            })
            .collect();
        assert!(severities.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn stepping_stays_within_the_walk_and_jumps_to_sections() {
        let model = web_app();
        let mut walk = Presentation::new(&model, &analysis::check(&model));
        walk.step(-1);
        assert_eq!(walk.position().0, 1);
        walk.step(isize::MAX / 2);
        assert_eq!(walk.position().0, walk.position().1);
        walk.jump(Section::Findings);
        assert!(matches!(walk.slide(), Slide::Finding(_)));
        walk.jump(Section::Checklist);
        let Slide::Step { step, marked } = walk.slide() else {
            panic!("a checklist step");
        };
        assert_eq!(step.number, 1);
        assert!(
            !marked.is_empty(),
            "the first step concerns the model's nodes"
        );
    }
}
