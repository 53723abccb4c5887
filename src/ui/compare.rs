//! File → Compare With…: the open model against another version of it (a file, or a git
//! revision of the model's file). The canvas overlays the two (added green, changed amber,
//! removed ghosted red) and this window lists the changes and the findings delta to step through.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui;
use egui::{Button, Color32, RichText, ScrollArea, TextEdit, Ui, Window};

use super::app::ArchApp;
use super::dialogs::{Answer, FileDialogs, PendingPath};
use super::paint;
use crate::diff::source::Source;
use crate::diff::{self, Change, DecisionEvent, ElementKind, LinkRisk, ModelDiff};
use crate::model::Model;
use crate::scene::compare::{self as overlay, Mark};
use crate::scene::{ElementRef, Item, Scene, Theme, ThemeKind};

/// One line of the list: what changed, and the element to select when stepping to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The line as shown.
    pub text: String,
    /// Added, removed or changed (colours the line).
    pub mark: Mark,
    /// The node, link or zone it is about, if it is drawn.
    pub element: Option<ElementRef>,
}

/// The version compared against and what differs.
struct Against {
    label: String,
    older: Arc<Model>,
    /// The document revision the diff was made for.
    revision: u64,
    diff: ModelDiff,
    entries: Vec<Entry>,
}

/// The Compare With… window and the comparison it drives.
#[derive(Default)]
pub struct Compare {
    /// Whether the window is shown.
    pub(super) open: bool,
    /// The git revision typed in the REV field.
    rev: String,
    pick: Option<PendingPath>,
    reading: Option<(String, Receiver<Result<Model, String>>)>,
    against: Option<Against>,
    error: Option<String>,
    /// The entry last stepped to.
    step: Option<usize>,
    /// A version to compare with once a document is open (`archmodel FILE --compare OLD`).
    requested: Option<String>,
}

impl Compare {
    /// Whether a version is still being read.
    pub fn is_busy(&self) -> bool {
        self.reading.is_some() || self.pick.is_some()
    }

    /// The label of the version compared against (`old.ron`, `HEAD~1:shop.ron`), if any.
    pub fn against(&self) -> Option<&str> {
        self.against.as_ref().map(|a| a.label.as_str())
    }

    /// Why the last version asked for could not be read, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The lines of the change list.
    pub fn entries(&self) -> &[Entry] {
        self.against.as_ref().map_or(&[], |a| &a.entries)
    }

    /// Stops comparing and forgets everything (a new document), but keeps a comparison asked
    /// for on the command line until its document is open.
    pub fn reset(&mut self) {
        let requested = self.requested.take();
        *self = Compare::default();
        self.requested = requested;
    }

    /// Compares with `spec` once a document is open: a file, `REV:PATH`, or a git revision of
    /// the document's own file.
    pub fn request(&mut self, spec: String) {
        self.requested = Some(spec);
        self.open = true;
    }

    /// Compares the open model with the file at `path` as it is on disk now (the file-changed
    /// bar's Compare), showing the window.
    pub(super) fn with_file(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        self.open = true;
        self.start(ctx, Source::File(path));
    }

    /// Starts the comparison asked for on the command line.
    fn start_requested(&mut self, ctx: &egui::Context, file: Option<&std::path::Path>) {
        let Some(spec) = self.requested.take() else {
            return;
        };
        self.open = true;
        let source = match (Source::parse(&spec), file) {
            (Ok(source), _) => source,
            (Err(_), Some(file)) => Source::at_revision(file, &spec),
            (Err(e), None) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        self.start(ctx, source);
    }

    /// Reads `source` on another thread; the answer is taken by [`Compare::poll`].
    fn start(&mut self, ctx: &egui::Context, source: Source) {
        let (tx, rx) = mpsc::channel();
        let label = source.label();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let result = source.load().map(|(_, m)| m).map_err(|e| e.to_string());
            let _ = tx.send(result);
            repaint.request_repaint();
        });
        self.error = None;
        self.reading = Some((label, rx));
    }

    /// Takes a chosen file or a finished read.
    fn poll(&mut self, ctx: &egui::Context) {
        if let Some(pending) = &self.pick {
            match pending.poll() {
                Answer::Waiting => {}
                Answer::Cancelled => self.pick = None,
                Answer::Chosen(path) => {
                    self.pick = None;
                    self.start(ctx, Source::File(path));
                }
            }
        }
        let Some((label, rx)) = &self.reading else {
            return;
        };
        match rx.try_recv() {
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.error = Some(format!("{label}: could not be read"));
                self.reading = None;
            }
            Ok(Err(message)) => {
                self.error = Some(message);
                self.reading = None;
            }
            Ok(Ok(model)) => {
                self.against = Some(Against {
                    label: label.clone(),
                    older: Arc::new(model),
                    // Never a real revision: the diff is made on the next frame.
                    revision: u64::MAX,
                    diff: diff::diff(&Model::default(), &Model::default()),
                    entries: Vec::new(),
                });
                self.step = None;
                self.reading = None;
            }
        }
    }

    /// Makes the diff again when the open model changed (not while a button is held: a drag
    /// changes it every frame).
    fn refresh(&mut self, ctx: &egui::Context, model: &Model, revision: u64) -> bool {
        let Some(a) = &mut self.against else {
            return false;
        };
        if a.revision == revision || ctx.input(|i| i.pointer.any_down()) {
            return false;
        }
        a.diff = diff::diff(&a.older, model);
        a.entries = entries(&a.diff, model, &a.older);
        a.revision = revision;
        true
    }

    /// The window's contents; returns an element to select and frame.
    fn ui(
        &mut self,
        ui: &mut Ui,
        file: Option<PathBuf>,
        dialogs: &dyn FileDialogs,
    ) -> Option<ElementRef> {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!self.is_busy(), Button::new("Choose File…"))
                .clicked()
            {
                let start = super::dialogs::start_folder(file.as_deref());
                self.pick = Some(dialogs.pick_open(&start));
            }
            ui.separator();
            let label = ui.label("REV");
            let field = TextEdit::singleline(&mut self.rev)
                .hint_text("HEAD~1")
                .desired_width(110.0);
            ui.add_enabled(file.is_some(), field)
                .on_hover_text("A git revision of this model's file, read with `git show`")
                .on_disabled_hover_text("Save the model in a git repository first")
                .labelled_by(label.id);
            let can = file.is_some() && !self.rev.trim().is_empty() && !self.is_busy();
            if ui.add_enabled(can, Button::new("Compare")).clicked()
                && let Some(file) = &file
            {
                self.start(ui.ctx(), Source::at_revision(file, &self.rev));
            }
        });
        if let Some((label, _)) = &self.reading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Reading {label}…"));
            });
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let Some(a) = &self.against else {
            ui.weak("Pick the older version: a file, or a git revision of this model's file.");
            return None;
        };
        ui.separator();
        ui.label(RichText::new(format!("Comparing with {}", a.label)).strong());
        let (added, removed, changed) = a.diff.counts();
        let f = &a.diff.findings;
        ui.label(format!(
            "{added} added · {removed} removed · {changed} changed · {} moved — findings: {} \
             introduced, {} resolved",
            a.diff.moves.len(),
            f.introduced.len(),
            f.resolved.len()
        ));
        legend(ui);
        let mut picked = None;
        let steppable: Vec<usize> = (0..a.entries.len())
            .filter(|&i| a.entries[i].element.is_some())
            .collect();
        let (prev, next, stop) = ui
            .horizontal(|ui| {
                let enabled = !steppable.is_empty();
                let prev = ui.add_enabled(enabled, Button::new("◀ Previous")).clicked();
                let next = ui.add_enabled(enabled, Button::new("Next ▶")).clicked();
                (prev, next, ui.button("Stop Comparing").clicked())
            })
            .inner;
        if (prev || next) && !steppable.is_empty() {
            let at = self
                .step
                .and_then(|s| steppable.iter().position(|&i| i == s));
            let n = steppable.len();
            let to = match (at, next) {
                (None, true) => 0,
                (None, false) => n - 1,
                (Some(p), true) => (p + 1) % n,
                (Some(p), false) => (p + n - 1) % n,
            };
            self.step = Some(steppable[to]);
            picked = a.entries[steppable[to]].element.clone();
        }
        if stop {
            self.against = None;
            self.step = None;
        }
        let Some(a) = &self.against else {
            return picked;
        };
        ui.separator();
        ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            if a.entries.is_empty() {
                ui.weak("No changes: the two versions describe the same architecture.");
            }
            for (i, e) in a.entries.iter().enumerate() {
                let color = paint::color(overlay::mark_color(e.mark, theme_kind(ui)));
                let text = RichText::new(&e.text).color(color);
                let selected = self.step == Some(i);
                let response = ui.add_enabled(
                    e.element.is_some() || selected,
                    Button::selectable(selected, text),
                );
                if response.clicked() {
                    self.step = Some(i);
                    picked = e.element.clone();
                }
            }
        });
        picked
    }
}

fn theme_kind(ui: &Ui) -> ThemeKind {
    if ui.visuals().dark_mode {
        ThemeKind::Dark
    } else {
        ThemeKind::Light
    }
}

/// ■ added ■ changed ■ removed, in the overlay's colours.
fn legend(ui: &mut Ui) {
    let kind = theme_kind(ui);
    ui.horizontal(|ui| {
        for (mark, word) in [
            (Mark::Added, "added"),
            (Mark::Changed, "changed"),
            (Mark::Removed, "removed (ghosted)"),
        ] {
            let c: Color32 = paint::color(overlay::mark_color(mark, kind));
            ui.label(RichText::new("■").color(c));
            ui.label(word);
        }
    });
}

fn mark_of(change: Change) -> Mark {
    match change {
        Change::Added => Mark::Added,
        Change::Removed => Mark::Removed,
        Change::Changed => Mark::Changed,
    }
}

fn element_ref(kind: ElementKind, id: &str) -> Option<ElementRef> {
    match kind {
        ElementKind::Node => Some(ElementRef::node(id)),
        ElementKind::Link => Some(ElementRef::link(id)),
        ElementKind::Zone => Some(ElementRef::zone(id)),
        _ => None,
    }
}

/// The change list: findings first (what a reviewer cares about), then elements, zone
/// memberships, link exposure and decisions.
pub fn entries(d: &ModelDiff, newer: &Model, older: &Model) -> Vec<Entry> {
    let mut out = Vec::new();
    let drawn = |id: &str| {
        [newer, older].into_iter().find_map(|m| {
            if m.node(id).is_some() {
                Some(ElementRef::node(id))
            } else if m.link(id).is_some() {
                Some(ElementRef::link(id))
            } else {
                m.zone(id).map(|_| ElementRef::zone(id))
            }
        })
    };
    let finding = |f: &crate::analysis::Finding, mark, verb: &str| Entry {
        text: format!("{verb} {} finding: {}", f.severity, f.message),
        mark,
        element: drawn(f.primary()),
    };
    out.extend(
        d.findings
            .introduced
            .iter()
            .map(|f| finding(f, Mark::Added, "New")),
    );
    out.extend(
        d.findings
            .resolved
            .iter()
            .map(|f| finding(f, Mark::Removed, "Resolved")),
    );
    for e in &d.elements {
        let verb = match e.change {
            Change::Added => "Added",
            Change::Removed => "Removed",
            Change::Changed => "Changed",
        };
        let fields = if e.fields.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
            format!(" ({})", names.join(", "))
        };
        out.push(Entry {
            text: format!("{verb} {} “{}”{fields}", e.kind.label(), e.name),
            mark: mark_of(e.change),
            element: element_ref(e.kind, &e.id),
        });
    }
    for m in &d.memberships {
        let zone = |z: &Option<String>| z.clone().unwrap_or_else(|| "no zone".into());
        out.push(Entry {
            text: format!(
                "“{}” moved from zone {} to {}",
                m.name,
                zone(&m.from),
                zone(&m.to)
            ),
            mark: Mark::Changed,
            element: Some(ElementRef::node(&m.node)),
        });
    }
    for l in &d.links {
        let what = match &l.risk {
            LinkRisk::NowCrosses { zones, .. } => format!("now crosses {}", zones.join(", ")),
            LinkRisk::NoLongerCrosses => "no longer crosses a boundary".into(),
            LinkRisk::TlsWeakened { .. } => "TLS weakened".into(),
            LinkRisk::AuthnRemoved { .. } => "authentication removed".into(),
        };
        out.push(Entry {
            text: format!("Link “{}”: {what}", l.name),
            mark: Mark::Changed,
            element: Some(ElementRef::link(&l.link)),
        });
    }
    for dc in &d.decisions {
        let what = match dc.event {
            DecisionEvent::Added { .. } => "added".to_owned(),
            DecisionEvent::Superseded { by } => format!("superseded by {by}"),
            DecisionEvent::Status { old, new } => format!("{} → {}", old.label(), new.label()),
            DecisionEvent::Removed => "removed".to_owned(),
        };
        out.push(Entry {
            text: format!("Decision {} “{}”: {what}", dc.number, dc.title),
            mark: Mark::Changed,
            element: None,
        });
    }
    out
}

/// The older version and the marks to draw from it.
pub(super) type Compared = (Arc<Model>, Vec<(ElementRef, Mark)>);

/// The older version drawn over the canvas while comparing.
#[derive(Default)]
pub struct CompareLayer {
    older: Option<Arc<Model>>,
    marks: Vec<(ElementRef, Mark)>,
    older_scene: Option<(ThemeKind, Scene)>,
    items: Vec<Item>,
    built_for: Option<(u64, ThemeKind)>,
}

impl CompareLayer {
    /// Whether anything is drawn over the canvas.
    pub fn is_active(&self) -> bool {
        self.older.is_some()
    }

    /// The overlay items (ghosts and outlines), in paint order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The overlay item for this element (a ghost, for a removed one).
    pub fn find(&self, element: &ElementRef) -> Option<&Item> {
        self.items.iter().find(|i| &i.element == element)
    }

    pub(super) fn set(&mut self, older: Option<Compared>) {
        match older {
            Some((model, marks)) => {
                let same = self.older.as_ref().is_some_and(|o| Arc::ptr_eq(o, &model));
                if !same {
                    self.older_scene = None;
                }
                self.older = Some(model);
                self.marks = marks;
            }
            None => *self = CompareLayer::default(),
        }
        self.built_for = None;
    }

    /// Builds the overlay again when the scene was built again (or the marks changed).
    pub(super) fn update(
        &mut self,
        scene: &Scene,
        theme: &Theme,
        built_for: Option<(u64, ThemeKind)>,
    ) {
        let Some(older) = &self.older else {
            return;
        };
        if self.built_for == built_for && built_for.is_some() {
            return;
        }
        let kind = built_for.map_or(ThemeKind::Light, |b| b.1);
        if self.older_scene.as_ref().is_none_or(|(k, _)| *k != kind) {
            self.older_scene = Some((kind, Scene::build(older, theme)));
        }
        if let Some((_, old_scene)) = &self.older_scene {
            self.items = overlay::overlay(scene, old_scene, &self.marks, kind);
        }
        self.built_for = built_for;
    }
}

impl ArchApp {
    /// Shows the Compare With… window while it is open, keeps the diff and the canvas overlay up
    /// to date, and selects what the user steps to.
    pub(super) fn compare_ui(&mut self, ctx: &egui::Context) {
        self.compare.poll(ctx);
        let Some(doc) = &self.doc else {
            if self.loading.is_none() {
                self.compare.reset();
            }
            return;
        };
        self.compare.start_requested(ctx, doc.path());
        if self.compare.refresh(ctx, doc.model(), doc.revision()) {
            let layer = self
                .compare
                .against
                .as_ref()
                .map(|a| (a.older.clone(), a.diff.scene_marks()));
            self.canvas.compare.set(layer);
        }
        if !self.compare.open {
            return;
        }
        let file = doc.path().map(ToOwned::to_owned);
        let mut open = true;
        let compare = &mut self.compare;
        let dialogs = self.dialogs.as_ref();
        let picked = Window::new("Compare With")
            .open(&mut open)
            .collapsible(true)
            .constrain_to(super::window_place::room(ctx))
            .resizable(true)
            .default_width(520.0)
            .show(ctx, |ui| compare.ui(ui, file, dialogs))
            .and_then(|r| r.inner)
            .flatten();
        if !open {
            self.compare.reset();
        }
        if self.compare.against.is_none() && self.canvas.compare.is_active() {
            self.canvas.compare.set(None);
        }
        if let Some(element) = picked {
            self.pick(element);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_list_findings_then_elements() {
        let old = crate::examples::template("web-app").expect("template");
        let mut data = old.to_data();
        if let Some(l) = data.links.iter_mut().find(|l| l.id == "spa-gateway") {
            l.authn = crate::model::Authn::None;
        }
        data.nodes.retain(|n| n.id != "email");
        data.links.retain(|l| l.to != "email");
        data.layout.positions.remove("email");
        let new = Model::from_data(data).expect("valid");
        let list = entries(&diff::diff(&old, &new), &new, &old);
        assert!(list[0].text.starts_with("New "), "{list:?}");
        assert!(
            list.iter()
                .any(|e| e.text == "Removed node “E-mail delivery”")
        );
        assert!(
            list.iter()
                .any(|e| e.element == Some(ElementRef::link("spa-gateway"))
                    && e.mark == Mark::Changed)
        );
    }
}
