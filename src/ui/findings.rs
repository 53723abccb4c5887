//! The findings panel: the review's findings grouped by area, most severe first, with a filter,
//! the rule's explanation, triage (kept in the model, so undoable) and stale triage entries.

use std::collections::{BTreeSet, HashMap};

use eframe::egui;
use egui::{Button, CollapsingHeader, ComboBox, RichText, ScrollArea, TextEdit, Ui};

use super::document::Document;
use super::review::severity_color;
use crate::analysis::{self, Area, Finding, Severity};
use crate::commands::edits;
use crate::model::{Model, Triage, TriageStatus};
use crate::scene::ElementRef;

/// Every verdict, in the order the editor offers them.
const VERDICTS: [TriageStatus; 4] = [
    TriageStatus::Accepted,
    TriageStatus::Mitigated,
    TriageStatus::FalsePositive,
    TriageStatus::InProgress,
];

/// A verdict in words.
pub fn verdict_label(status: TriageStatus) -> &'static str {
    match status {
        TriageStatus::Accepted => "Accepted",
        TriageStatus::Mitigated => "Mitigated",
        TriageStatus::FalsePositive => "False positive",
        TriageStatus::InProgress => "In progress",
    }
}

/// The triage being written for the selected finding.
#[derive(Debug, Clone)]
struct TriageDraft {
    finding: String,
    status: TriageStatus,
    note: String,
}

/// The findings panel's own state: filters, the selected finding and its triage draft.
pub struct FindingsPanel {
    filter: String,
    min_severity: Severity,
    show_triaged: bool,
    selected: Option<String>,
    draft: Option<TriageDraft>,
    /// Why the last triage edit was refused.
    error: Option<String>,
    listing: Option<Listing>,
    /// Areas whose findings are folded away.
    collapsed: BTreeSet<Area>,
}

impl Default for FindingsPanel {
    fn default() -> Self {
        FindingsPanel {
            filter: String::new(),
            min_severity: Severity::Info,
            show_triaged: true,
            selected: None,
            draft: None,
            error: None,
            listing: None,
            collapsed: BTreeSet::new(),
        }
    }
}

impl FindingsPanel {
    /// Shows the panel; returns the element to select when a finding was picked.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        findings: &[Finding],
        revision: u64,
    ) -> Option<ElementRef> {
        let selected = self
            .selected
            .as_deref()
            .and_then(|key| findings.iter().find(|f| f.key == key));
        if let Some(finding) = selected {
            egui::Panel::right("finding-details")
                .resizable(true)
                .default_size(420.0)
                .size_range(260.0..=720.0)
                .show(ui, |ui| {
                    ScrollArea::vertical()
                        .id_salt("finding-details-scroll")
                        .show(ui, |ui| self.details(ui, doc, finding));
                });
        }
        // Worked out before the toolbar (for its count) and again only if a filter changed in it.
        self.listing = Some(self.listing(doc, findings, revision));
        self.toolbar(ui, findings.len());
        ui.separator();
        let listing = self.listing(doc, findings, revision);
        // Above the list, which takes the rest of the panel.
        self.stale(ui, doc, &listing.stale);
        let picked = self.list(ui, doc.model(), findings, &listing);
        self.listing = Some(listing);
        picked
    }

    /// The rows to show, worked out again only when the model or a filter changed.
    fn listing(&mut self, doc: &Document, findings: &[Finding], revision: u64) -> Listing {
        match self.listing.take() {
            Some(l)
                if l.revision == revision
                    && l.filter == self.filter
                    && l.min_severity == self.min_severity
                    && l.show_triaged == self.show_triaged
                    && l.collapsed == self.collapsed =>
            {
                l
            }
            _ => Listing::new(self, doc.model(), findings, revision),
        }
    }

    fn toolbar(&mut self, ui: &mut Ui, total: usize) {
        ui.horizontal(|ui| {
            let open = self.listing.as_ref().map_or(total, |l| l.open);
            ui.strong(format!("Findings: {open} open of {total}"));
            ui.separator();
            let label = ui.label("Filter");
            ui.add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("rule, element or text")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            ComboBox::from_label("Minimum severity")
                .selected_text(self.min_severity.label())
                .show_ui(ui, |ui| {
                    for severity in Severity::ALL {
                        ui.selectable_value(&mut self.min_severity, severity, severity.label());
                    }
                });
            ui.checkbox(&mut self.show_triaged, "Show triaged");
        });
    }

    /// The findings by area; picking one selects it and returns its element on the canvas.
    ///
    /// Only the rows in view are laid out (a large model has thousands of findings, and laying
    /// them all out every frame stalled every click and drag on the canvas).
    fn list(
        &mut self,
        ui: &mut Ui,
        model: &Model,
        findings: &[Finding],
        listing: &Listing,
    ) -> Option<ElementRef> {
        if findings.is_empty() {
            ui.weak("No findings: the design passes every review rule.");
            return None;
        }
        if listing.rows.is_empty() {
            ui.weak("No findings match the filter.");
            return None;
        }
        let mut picked = None;
        let mut toggled = None;
        let row_h = ui.spacing().interact_size.y;
        ScrollArea::vertical()
            .id_salt("findings-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, listing.rows.len(), |ui, range| {
                for row in &listing.rows[range] {
                    match *row {
                        ListRow::Area(area, count) => {
                            let open = !self.collapsed.contains(&area);
                            if area_header(ui, area, count, open) {
                                toggled = Some(area);
                            }
                        }
                        ListRow::Finding(index, verdict) => {
                            let Some(finding) = findings.get(index) else {
                                continue;
                            };
                            if self.row(ui, finding, verdict) {
                                let triage = analysis::triage_of(model, &finding.key);
                                self.select(finding, triage);
                                picked = element_on_canvas(model, finding);
                            }
                        }
                    }
                }
            });
        if let Some(area) = toggled
            && !self.collapsed.remove(&area)
        {
            self.collapsed.insert(area);
        }
        picked
    }

    /// One finding: severity, rule id, title and message; greyed with its verdict once triaged.
    fn row(&self, ui: &mut Ui, finding: &Finding, verdict: Option<TriageStatus>) -> bool {
        let selected = self.selected.as_deref() == Some(finding.key.as_str());
        ui.horizontal(|ui| {
            let chip = RichText::new(format!("{:<8}", finding.severity.label()))
                .monospace()
                .strong();
            let chip = match verdict {
                Some(_) => chip.weak(),
                None => chip.color(severity_color(finding.severity)),
            };
            ui.label(chip);
            let mut text = format!("{} — {}: {}", finding.rule, finding.title, finding.message);
            if let Some(status) = verdict {
                text = format!("[{}] {text}", verdict_label(status));
            }
            let text = match verdict {
                Some(_) => RichText::new(text).weak(),
                None => RichText::new(text),
            };
            ui.add(Button::selectable(selected, text).truncate())
                .on_hover_text(&finding.message)
                .clicked()
        })
        .inner
    }

    fn select(&mut self, finding: &Finding, triage: Option<&Triage>) {
        if self.selected.as_deref() == Some(finding.key.as_str()) {
            // Picking it again frames it again but keeps the note being written.
            return;
        }
        self.selected = Some(finding.key.clone());
        self.error = None;
        self.draft = Some(TriageDraft {
            finding: finding.key.clone(),
            status: triage.map_or(TriageStatus::Accepted, |t| t.status),
            note: triage.map(|t| t.note.clone()).unwrap_or_default(),
        });
    }

    /// The selected finding: what, why, how to fix, and its triage.
    fn details(&mut self, ui: &mut Ui, doc: &mut Document, finding: &Finding) {
        if ui
            .button("Close details")
            .on_hover_text("Hide the finding's details")
            .clicked()
        {
            self.selected = None;
            self.draft = None;
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(finding.severity.label())
                    .strong()
                    .color(severity_color(finding.severity)),
            );
            ui.heading(finding.title);
        });
        ui.weak(format!("{} · {}", finding.area.label(), finding.key));
        ui.label(&finding.message);
        if let Some(rule) = analysis::rule(finding.rule) {
            ui.add_space(4.0);
            ui.strong("Why it matters");
            ui.label(rule.why);
            ui.strong("How to fix it");
            ui.label(rule.fix);
        }
        ui.separator();
        self.triage_editor(ui, doc, finding);
    }

    fn triage_editor(&mut self, ui: &mut Ui, doc: &mut Document, finding: &Finding) {
        let current = analysis::triage_of(doc.model(), &finding.key).cloned();
        let draft = match &mut self.draft {
            Some(d) if d.finding == finding.key => d,
            _ => return,
        };
        ui.strong("Triage");
        if let Some(t) = &current {
            ui.label(format!("Triaged: {}", verdict_label(t.status)));
        }
        ui.horizontal_wrapped(|ui| {
            for status in VERDICTS {
                ui.radio_value(&mut draft.status, status, verdict_label(status));
            }
        });
        let label = ui.label("Triage note");
        ui.add(
            TextEdit::multiline(&mut draft.note)
                .hint_text("Why, or what was done")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let wanted = Triage {
            finding: finding.key.clone(),
            status: draft.status,
            note: draft.note.trim().to_owned(),
        };
        let mut edit = None;
        ui.horizontal(|ui| {
            let changed = current.as_ref() != Some(&wanted);
            if ui
                .add_enabled(changed, Button::new("Save triage"))
                .clicked()
            {
                edit = Some(Some(wanted));
            }
            if ui
                .add_enabled(current.is_some(), Button::new("Clear triage"))
                .clicked()
            {
                edit = Some(None);
            }
        });
        if let Some(triage) = edit {
            let patch = edits::set_triage(doc.model(), &finding.key, triage);
            self.error = doc.apply(patch, None).err().map(|e| e.to_string());
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }

    /// Triage entries that match no finding any more, each with a way to remove it.
    fn stale(&mut self, ui: &mut Ui, doc: &mut Document, stale: &[Triage]) {
        if stale.is_empty() {
            return;
        }
        let mut remove = None;
        CollapsingHeader::new(format!("Stale triage ({})", stale.len()))
            .id_salt("stale-triage")
            .default_open(true)
            .show(ui, |ui| {
                ui.weak("These verdicts match no current finding: the element changed or the risk is gone.");
                for t in stale {
                    ui.horizontal(|ui| {
                        if ui
                            .button("Remove")
                            .on_hover_text(format!("Remove the triage of {}", t.finding))
                            .clicked()
                        {
                            remove = Some(t.finding.clone());
                        }
                        ui.label(RichText::new(&t.finding).monospace());
                        ui.weak(verdict_label(t.status));
                        if !t.note.is_empty() {
                            ui.weak(format!("“{}”", t.note));
                        }
                    });
                }
            });
        if let Some(key) = remove {
            let patch = edits::set_triage(doc.model(), &key, None);
            self.error = doc.apply(patch, None).err().map(|e| e.to_string());
        }
    }
}

/// One row of the findings list.
#[derive(Debug, Clone, Copy)]
enum ListRow {
    /// An area's header with the number of its findings shown.
    Area(Area, usize),
    /// A finding: its index in the findings and its verdict, if triaged.
    Finding(usize, Option<TriageStatus>),
}

/// A listed finding: its index in the findings and its verdict, if triaged.
type Row = (usize, Option<TriageStatus>);

/// What the list shows for one check of the model and one set of filters.
struct Listing {
    revision: u64,
    filter: String,
    min_severity: Severity,
    show_triaged: bool,
    /// Findings no triage settles.
    open: usize,
    /// The areas folded away when the rows were made.
    collapsed: BTreeSet<Area>,
    /// Per area (in report order, empty areas left out) a header, then unless the area is
    /// folded its findings.
    rows: Vec<ListRow>,
    /// Triage entries that match no finding.
    stale: Vec<Triage>,
}

impl Listing {
    fn new(panel: &FindingsPanel, model: &Model, findings: &[Finding], revision: u64) -> Listing {
        let verdicts: HashMap<&str, TriageStatus> = model
            .triage
            .iter()
            .map(|t| (t.finding.as_str(), t.status))
            .collect();
        let needle = panel.filter.trim().to_lowercase();
        let matches = |f: &Finding| {
            needle.is_empty()
                || [f.key.as_str(), f.title, f.message.as_str()]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
        };
        let mut groups: Vec<(Area, Vec<Row>)> =
            Area::ALL.iter().map(|a| (*a, Vec::new())).collect();
        let mut open = 0;
        for (index, finding) in findings.iter().enumerate() {
            let verdict = verdicts.get(finding.key.as_str()).copied();
            if !verdict.is_some_and(analysis::settles) {
                open += 1;
            }
            let shown = finding.severity >= panel.min_severity
                && (panel.show_triaged || verdict.is_none())
                && matches(finding);
            if let Some((_, rows)) = groups.iter_mut().find(|(a, _)| *a == finding.area)
                && shown
            {
                rows.push((index, verdict));
            }
        }
        groups.retain(|(_, rows)| !rows.is_empty());
        let mut rows = Vec::with_capacity(groups.len() + findings.len());
        for (area, listed) in groups {
            rows.push(ListRow::Area(area, listed.len()));
            if !panel.collapsed.contains(&area) {
                rows.extend(listed.into_iter().map(|(i, v)| ListRow::Finding(i, v)));
            }
        }
        Listing {
            revision,
            filter: panel.filter.clone(),
            min_severity: panel.min_severity,
            show_triaged: panel.show_triaged,
            open,
            collapsed: panel.collapsed.clone(),
            rows,
            stale: analysis::stale_triage(model, findings)
                .into_iter()
                .cloned()
                .collect(),
        }
    }
}

/// The first of a finding's elements drawn on the canvas (a node, link or zone).
fn element_on_canvas(model: &Model, finding: &Finding) -> Option<ElementRef> {
    finding.elements.iter().find_map(|id| {
        if model.node(id).is_some() {
            Some(ElementRef::node(id.as_str()))
        } else if model.link(id).is_some() {
            Some(ElementRef::link(id.as_str()))
        } else if model.zone(id).is_some() {
            Some(ElementRef::zone(id.as_str()))
        } else {
            None
        }
    })
}

/// An area's header row, "▼ Security (12)"; returns whether it was clicked (to fold or unfold).
fn area_header(ui: &mut Ui, area: Area, count: usize, open: bool) -> bool {
    let arrow = if open { "▼" } else { "▶" };
    ui.add(
        Button::new(RichText::new(format!("{arrow} {} ({count})", area.label())).strong())
            .frame(false),
    )
    .on_hover_text(if open {
        "Fold this area"
    } else {
        "Unfold this area"
    })
    .clicked()
}
