//! The findings panel: the review's findings, most severe first or grouped by area, with a
//! filter, the rule's explanation beside the list, triage (kept in the model, so undoable) and
//! stale triage entries.

use std::collections::BTreeSet;

use eframe::egui;
use egui::{
    Button, CollapsingHeader, ComboBox, CursorIcon, Rect, RichText, ScrollArea, Sense, TextEdit,
    Ui, UiBuilder, pos2,
};

use super::document::Document;
use super::findings_list::{
    Filters, ListRow, Listing, ROW_H, STALE_ROWS_SHOWN, TALLY_HELP, area_header, finding_row,
};
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

/// What the stale triage section says about its entries.
const STALE_HELP: &str =
    "These verdicts match no current finding: the element changed or the risk is gone.";

/// One stale triage entry with its Remove button; returns whether that was clicked.
fn stale_row(ui: &mut Ui, t: &Triage) -> bool {
    ui.horizontal(|ui| {
        let clicked = ui
            .button("Remove")
            .on_hover_text(format!("Remove the triage of {}", t.finding))
            .clicked();
        ui.label(RichText::new(&t.finding).monospace());
        ui.weak(verdict_label(t.status));
        if !t.note.is_empty() {
            ui.weak(format!("“{}”", t.note));
        }
        clicked
    })
    .inner
}

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

/// The findings panel's own state: filters, the order, the selected finding and its triage draft.
pub struct FindingsPanel {
    filter: String,
    min_severity: Severity,
    show_triaged: bool,
    /// Whether the list is grouped by area rather than one list, most severe first.
    by_area: bool,
    selected: Option<String>,
    draft: Option<TriageDraft>,
    /// Why the last triage edit was refused.
    error: Option<String>,
    listing: Option<Listing>,
    /// Areas whose findings are folded away.
    collapsed: BTreeSet<Area>,
    /// Width of the details beside the list, in points.
    details_width: f32,
}

impl Default for FindingsPanel {
    fn default() -> Self {
        FindingsPanel {
            filter: String::new(),
            min_severity: Severity::Info,
            show_triaged: true,
            by_area: false,
            selected: None,
            draft: None,
            error: None,
            listing: None,
            collapsed: BTreeSet::new(),
            details_width: 420.0,
        }
    }
}

/// The narrowest the list and the details each get when split.
const MIN_SIDE: f32 = 220.0;

impl FindingsPanel {
    /// Shows the panel; returns the element to select when a finding was picked.
    ///
    /// The toolbar spans the panel; below it the list, and once a finding is picked its details
    /// in their own region on the right, with a handle between the two to resize them.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        findings: &[Finding],
        revision: u64,
    ) -> Option<ElementRef> {
        // Worked out before the toolbar (for its count) and again only if a filter changed in it.
        self.listing = Some(self.listing(doc, findings, revision));
        self.toolbar(ui);
        ui.separator();
        let listing = self.listing(doc, findings, revision);
        let selected = self
            .selected
            .as_deref()
            .and_then(|key| findings.iter().find(|f| f.key == key));
        let area = ui.available_rect_before_wrap();
        let picked = match selected {
            Some(finding) if area.width() >= 2.0 * MIN_SIDE => {
                let (list, handle, details) = self.split(area);
                let picked = ui
                    .scope_builder(UiBuilder::new().max_rect(list), |ui| {
                        self.stale(ui, doc, &listing.stale);
                        self.list(ui, doc.model(), findings, &listing)
                    })
                    .inner;
                self.resize_handle(ui, handle, area);
                ui.scope_builder(UiBuilder::new().max_rect(details), |ui| {
                    ScrollArea::vertical()
                        .id_salt("finding-details-scroll")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.details(ui, doc, finding));
                });
                picked
            }
            // Too narrow to split: the details take the place of the list until closed.
            Some(finding) => {
                ScrollArea::vertical()
                    .id_salt("finding-details-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.details(ui, doc, finding));
                None
            }
            None => {
                self.stale(ui, doc, &listing.stale);
                self.list(ui, doc.model(), findings, &listing)
            }
        };
        self.listing = Some(listing);
        picked
    }

    /// The list's region, the handle between, and the details' region.
    fn split(&self, area: Rect) -> (Rect, Rect, Rect) {
        let width = self
            .details_width
            .clamp(MIN_SIDE, (area.width() - MIN_SIDE).max(MIN_SIDE));
        let handle_x = area.right() - width - 6.0;
        let list = Rect::from_min_max(area.min, pos2(handle_x - 2.0, area.bottom()));
        let handle = Rect::from_min_max(
            pos2(handle_x, area.top()),
            pos2(handle_x + 6.0, area.bottom()),
        );
        let details = Rect::from_min_max(pos2(handle_x + 10.0, area.top()), area.max);
        (list, handle, details)
    }

    /// The line between the list and the details; dragging it resizes the details.
    fn resize_handle(&mut self, ui: &mut Ui, handle: Rect, area: Rect) {
        let response = ui
            .interact(
                handle,
                ui.scope_id().with("finding-details-handle"),
                Sense::drag(),
            )
            .on_hover_cursor(CursorIcon::ResizeHorizontal);
        if response.dragged() {
            self.details_width -= response.drag_delta().x;
            self.details_width = self
                .details_width
                .clamp(MIN_SIDE, (area.width() - MIN_SIDE).max(MIN_SIDE));
        }
        let stroke = if response.hovered() || response.dragged() {
            ui.visuals().widgets.active.bg_stroke
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        ui.painter()
            .vline(handle.center().x, handle.y_range(), stroke);
    }

    /// The filters as they are now.
    fn filters(&self) -> Filters {
        Filters {
            text: self.filter.clone(),
            min_severity: self.min_severity,
            show_triaged: self.show_triaged,
            by_area: self.by_area,
            collapsed: self.collapsed.clone(),
        }
    }

    /// The rows to show, worked out again only when the model or a filter changed.
    fn listing(&mut self, doc: &Document, findings: &[Finding], revision: u64) -> Listing {
        let filters = self.filters();
        match self.listing.take() {
            Some(l) if l.revision == revision && l.filters == filters => l,
            _ => Listing::new(&filters, doc.model(), findings, revision),
        }
    }

    fn toolbar(&mut self, ui: &mut Ui) {
        // Wraps onto a second line in a narrow window rather than clipping.
        ui.horizontal_wrapped(|ui| {
            let tally = self.listing.as_ref().map(|l| l.tally).unwrap_or_default();
            ui.strong(tally.summary()).on_hover_text(TALLY_HELP);
            ui.separator();
            let label = ui.label("Filter");
            ui.add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("rule, element or text")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            ComboBox::from_label("Minimum severity")
                .selected_text(self.min_severity.label())
                .show_ui(ui, |ui| {
                    for severity in Severity::ALL {
                        ui.selectable_value(&mut self.min_severity, severity, severity.label());
                    }
                });
            ui.checkbox(&mut self.by_area, "Group by area")
                .on_hover_text("Group the findings by the part of the design they concern");
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
        let row_h = ROW_H + ui.spacing().item_spacing.y;
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
                            let selected = self.selected.as_deref() == Some(finding.key.as_str());
                            if finding_row(ui, finding, verdict, selected) {
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
        ui.add_space(2.0);
        ui.heading(finding.title);
        ui.horizontal(|ui| {
            super::look::severity_chip(ui, finding.severity, false);
            ui.weak(finding.area.label());
            ui.weak("·");
            ui.weak(finding.rule)
                .on_hover_text(format!("Finding key: {}", finding.key));
        });
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
                ui.weak(STALE_HELP);
                // At most a few rows high, drawing only the rows in view: a big model can
                // leave hundreds, and the findings list below must stay in sight.
                let row_h = ROW_H + ui.spacing().item_spacing.y;
                ScrollArea::vertical()
                    .id_salt("stale-triage-list")
                    .max_height(row_h * STALE_ROWS_SHOWN)
                    .show_rows(ui, row_h, stale.len(), |ui, range| {
                        for t in &stale[range] {
                            if stale_row(ui, t) {
                                remove = Some(t.finding.clone());
                            }
                        }
                    });
            });
        if let Some(key) = remove {
            let patch = edits::set_triage(doc.model(), &key, None);
            self.error = doc.apply(patch, None).err().map(|e| e.to_string());
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
