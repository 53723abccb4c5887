//! What the findings list shows for one check and one set of filters, and how its rows look:
//! most severe first (or grouped by area), each row a severity chip, the rule's title and the
//! message, with the raw rule id last.

use std::collections::{BTreeSet, HashMap};

use eframe::egui;
use egui::text::LayoutJob;
use egui::{
    Align2, Button, Color32, FontId, Rect, RichText, Sense, TextFormat, Ui, WidgetInfo, vec2,
};

use super::findings::verdict_label;
use super::look::{self, CHIP_W};
use crate::analysis::{self, Area, Finding, Severity};
use crate::model::{Model, Triage, TriageStatus};

/// Height of one row of the list.
pub const ROW_H: f32 = 26.0;
/// How many stale triage rows show before their list scrolls.
pub const STALE_ROWS_SHOWN: f32 = 5.0;

/// The filters a listing was made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    /// Text a finding's key, title or message must contain.
    pub text: String,
    /// The mildest severity shown.
    pub min_severity: Severity,
    /// Whether triaged findings are listed.
    pub show_triaged: bool,
    /// Whether findings are grouped by area (else one list, most severe first).
    pub by_area: bool,
    /// Areas whose findings are folded away (when grouped).
    pub collapsed: BTreeSet<Area>,
}

/// One row of the findings list.
#[derive(Debug, Clone, Copy)]
pub enum ListRow {
    /// An area's header with the number of its findings shown.
    Area(Area, usize),
    /// A finding: its index in the findings and its verdict, if triaged.
    Finding(usize, Option<TriageStatus>),
}

/// How the findings stand: the numbers the panel's summary gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Findings nobody has triaged yet.
    pub to_review: usize,
    /// Findings triaged as in progress: still open.
    pub in_progress: usize,
    /// Findings accepted, mitigated or marked false positives.
    pub resolved: usize,
}

impl Tally {
    /// "14 to review · 1 in progress · 0 resolved".
    pub fn summary(&self) -> String {
        format!(
            "{} to review · {} in progress · {} resolved",
            self.to_review, self.in_progress, self.resolved
        )
    }
}

/// What the summary's numbers mean, for its tooltip.
pub const TALLY_HELP: &str = "To review: findings nobody has triaged yet.\n\
    In progress: triaged as being worked on; they still count as open.\n\
    Resolved: accepted, mitigated or marked a false positive.";

/// What the list shows for one check of the model and one set of filters.
pub struct Listing {
    /// The review generation the rows were made for.
    pub revision: u64,
    /// The filters the rows were made for.
    pub filters: Filters,
    /// How the findings stand, whatever the filters.
    pub tally: Tally,
    /// The rows, in the order shown.
    pub rows: Vec<ListRow>,
    /// Triage entries that match no finding.
    pub stale: Vec<Triage>,
}

impl Listing {
    /// Works the rows out.
    pub fn new(filters: &Filters, model: &Model, findings: &[Finding], revision: u64) -> Listing {
        let verdicts: HashMap<&str, TriageStatus> = model
            .triage
            .iter()
            .map(|t| (t.finding.as_str(), t.status))
            .collect();
        let needle = filters.text.trim().to_lowercase();
        let matches = |f: &Finding| {
            needle.is_empty()
                || [f.key.as_str(), f.title, f.message.as_str()]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
        };
        let mut tally = Tally::default();
        let mut shown: Vec<(usize, Option<TriageStatus>)> = Vec::new();
        for (index, finding) in findings.iter().enumerate() {
            let verdict = verdicts.get(finding.key.as_str()).copied();
            match verdict {
                None => tally.to_review += 1,
                Some(v) if analysis::settles(v) => tally.resolved += 1,
                Some(_) => tally.in_progress += 1,
            }
            if finding.severity >= filters.min_severity
                && (filters.show_triaged || verdict.is_none())
                && matches(finding)
            {
                shown.push((index, verdict));
            }
        }
        // Open findings most severe first (the check's own order within a severity), then the
        // resolved ones, which need no more attention.
        shown.sort_by_key(|(i, v)| {
            let resolved = v.is_some_and(analysis::settles);
            (resolved, std::cmp::Reverse(findings[*i].severity))
        });
        let rows = if filters.by_area {
            by_area(&shown, findings, &filters.collapsed)
        } else {
            shown
                .into_iter()
                .map(|(i, v)| ListRow::Finding(i, v))
                .collect()
        };
        Listing {
            revision,
            filters: filters.clone(),
            tally,
            rows,
            stale: analysis::stale_triage(model, findings)
                .into_iter()
                .cloned()
                .collect(),
        }
    }
}

/// Per area (in report order, empty areas left out) a header, then unless the area is folded
/// its findings.
fn by_area(
    shown: &[(usize, Option<TriageStatus>)],
    findings: &[Finding],
    collapsed: &BTreeSet<Area>,
) -> Vec<ListRow> {
    let mut rows = Vec::with_capacity(shown.len() + Area::ALL.len());
    for area in Area::ALL {
        let listed: Vec<_> = shown
            .iter()
            .filter(|(i, _)| findings[*i].area == area)
            .collect();
        if listed.is_empty() {
            continue;
        }
        rows.push(ListRow::Area(area, listed.len()));
        if !collapsed.contains(&area) {
            rows.extend(listed.into_iter().map(|(i, v)| ListRow::Finding(*i, *v)));
        }
    }
    rows
}

/// The name a finding's row has for screen readers and tests: "Title — message", with the
/// verdict in brackets once triaged.
pub fn row_label(finding: &Finding, verdict: Option<TriageStatus>) -> String {
    let text = format!("{} — {}", finding.title, finding.message);
    match verdict {
        Some(status) => format!("[{}] {text}", verdict_label(status)),
        None => text,
    }
}

/// One finding: severity chip, title, message and, right-aligned, the verdict and rule id.
/// Returns whether it was clicked.
pub fn finding_row(
    ui: &mut Ui,
    finding: &Finding,
    verdict: Option<TriageStatus>,
    selected: bool,
) -> bool {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_H), Sense::click());
    let label = row_label(finding, verdict);
    response.widget_info(|| WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    let visuals = ui.visuals().clone();
    if selected {
        ui.painter()
            .rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let chip = Rect::from_min_size(rect.left_center() + vec2(6.0, -9.0), vec2(CHIP_W, 18.0));
    look::paint_severity_chip(ui, chip, finding.severity, verdict.is_some(), 11.5);
    let weak = visuals.weak_text_color();
    let strong = if verdict.is_some() {
        weak
    } else {
        visuals.strong_text_color()
    };
    // The rule id and the verdict on the right, the title and message in what is left.
    let mut right = rect.right() - 8.0;
    let id = ui.painter().text(
        egui::pos2(right, rect.center().y),
        Align2::RIGHT_CENTER,
        finding.rule,
        FontId::proportional(11.5),
        weak,
    );
    right = id.left() - 10.0;
    if let Some(status) = verdict {
        let v = ui.painter().text(
            egui::pos2(right, rect.center().y),
            Align2::RIGHT_CENTER,
            verdict_label(status),
            FontId::proportional(12.5),
            weak,
        );
        right = v.left() - 10.0;
    }
    let left = chip.right() + 10.0;
    let mut job = LayoutJob::default();
    let body = FontId::proportional(14.0);
    job.append(finding.title, 0.0, format(body.clone(), strong));
    let message_color = if verdict.is_some() {
        weak
    } else {
        visuals.text_color()
    };
    job.append(" — ", 0.0, format(body.clone(), weak));
    job.append(&finding.message, 0.0, format(body, message_color));
    job.wrap = egui::text::TextWrapping::truncate_at_width((right - left).max(20.0));
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let at = egui::pos2(left, rect.center().y - galley.size().y / 2.0);
    ui.painter().galley(at, galley, visuals.text_color());
    let clicked = response.clicked();
    response.on_hover_text(&finding.message);
    clicked
}

fn format(font_id: FontId, color: Color32) -> TextFormat {
    TextFormat {
        font_id,
        color,
        ..Default::default()
    }
}

/// An area's header row, "▼ Security (12)"; returns whether it was clicked (to fold or unfold).
pub fn area_header(ui: &mut Ui, area: Area, count: usize, open: bool) -> bool {
    let arrow = if open { "▼" } else { "▶" };
    ui.add_sized(
        vec2(ui.available_width(), ROW_H),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::check;

    fn web_app() -> Model {
        let example = crate::examples::example("web-app").expect("bundled");
        crate::io::parse(example.source).expect("parses")
    }

    fn filters(by_area: bool) -> Filters {
        Filters {
            text: String::new(),
            min_severity: Severity::Info,
            show_triaged: true,
            by_area,
            collapsed: BTreeSet::new(),
        }
    }

    #[test]
    fn the_list_puts_the_most_severe_first() {
        let mut model = web_app();
        model.triage.clear();
        let findings = check(&model);
        let listing = Listing::new(&filters(false), &model, &findings, 1);
        let severities: Vec<Severity> = listing
            .rows
            .iter()
            .filter_map(|r| match r {
                ListRow::Finding(i, _) => Some(findings[*i].severity),
                ListRow::Area(..) => None,
            })
            .collect();
        assert_eq!(severities.len(), findings.len());
        assert!(
            severities.windows(2).all(|w| w[0] >= w[1]),
            "{severities:?}"
        );
    }

    #[test]
    fn grouping_by_area_puts_a_header_before_each_area() {
        let model = web_app();
        let findings = check(&model);
        let listing = Listing::new(&filters(true), &model, &findings, 1);
        assert!(matches!(listing.rows.first(), Some(ListRow::Area(..))));
        let headers = listing
            .rows
            .iter()
            .filter(|r| matches!(r, ListRow::Area(..)))
            .count();
        assert_eq!(listing.rows.len(), findings.len() + headers);
    }

    #[test]
    fn in_progress_counts_as_open_and_settled_as_resolved() {
        let mut model = web_app();
        let findings = check(&model);
        model.triage.clear();
        for (finding, status) in findings
            .iter()
            .zip([TriageStatus::InProgress, TriageStatus::Mitigated])
        {
            model.triage.push(Triage {
                finding: finding.key.clone(),
                status,
                note: String::new(),
            });
        }
        let tally = Listing::new(&filters(false), &model, &findings, 1).tally;
        assert_eq!(
            tally,
            Tally {
                to_review: findings.len() - 2,
                in_progress: 1,
                resolved: 1,
            }
        );
        assert_eq!(
            Tally {
                to_review: 14,
                in_progress: 1,
                resolved: 0
            }
            .summary(),
            "14 to review · 1 in progress · 0 resolved"
        );
    }
}
