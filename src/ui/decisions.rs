//! The decisions window: the model's architecture decision records. Add (numbered after the last,
//! dated today), edit every field, link the app's selection as the elements a decision concerns,
//! remove.

use std::time::{SystemTime, UNIX_EPOCH};

use eframe::egui;
use egui::{Button, Ui};

use super::form::{Edit, Form, fields, name_widget};
use super::model_panels::{Records, error_line, record_list};
use crate::commands::edits;
use crate::model::{Decision, DecisionOption, DecisionStatus, Model};
use crate::scene::ElementRef;

/// The decisions window.
#[derive(Debug, Default)]
pub struct DecisionsPanel {
    /// The number of the decision being edited.
    selected: Option<u32>,
}

impl Records for DecisionsPanel {
    const TITLE: &'static str = "Decisions";

    /// The decisions by number, and the Add button.
    fn list(&mut self, ui: &mut Ui, model: &Model) -> Option<Edit> {
        let mut records: Vec<(u32, String)> = model
            .decisions
            .iter()
            .map(|d| (d.number, format!("{}. {}", d.number, d.title)))
            .collect();
        records.sort_by_key(|(number, _)| *number);
        record_list(ui, &mut self.selected, &records, "No decisions yet.");
        if !ui.button("Add decision").clicked() {
            return None;
        }
        let number = model.decisions.iter().map(|d| d.number).max().unwrap_or(0) + 1;
        let mut decision = Decision::new(number, "New decision");
        decision.date = today();
        self.selected = Some(number);
        Some((edits::set_decision(model, decision, "Add decision"), None))
    }

    /// The selected decision's fields, its concerns and the Remove button.
    fn form(&mut self, ui: &mut Ui, model: &Model, selection: &[ElementRef]) -> Option<Edit> {
        let Some(decision) = self.selected.and_then(|n| model.decision(n)) else {
            ui.weak("Select a decision, or add one.");
            return None;
        };
        ui.heading(format!("Decision {:04}", decision.number));
        ui.add_space(4.0);
        let mut d = decision.clone();
        let mut form = Form::new(&format!("decision/{}", d.number), ui.available_width());
        fields(ui, |ui| {
            form.text(ui, "Title", &mut d.title, false);
            status_field(ui, &mut form, model, &mut d);
            form.text(ui, "Date", &mut d.date, false);
            if !d.date.is_empty() && !is_iso_date(&d.date) {
                error_line(ui, "Write the date as YYYY-MM-DD.");
            }
            form.text_list(ui, "Decision makers", "Decider", &mut d.deciders);
            form.text(ui, "Context", &mut d.context, true);
            form.text_list(ui, "Decision drivers", "Driver", &mut d.drivers);
        });
        ui.add_space(4.0);
        ui.strong("Considered options");
        options(ui, &mut form, &mut d.options);
        fields(ui, |ui| {
            form.text(ui, "Outcome", &mut d.outcome, true);
            form.text_list(ui, "Consequences", "Consequence", &mut d.consequences);
            form.text(ui, "Confirmation", &mut d.confirmation, true);
        });
        ui.add_space(4.0);
        ui.strong("Concerns");
        concerns(ui, &mut form, model, selection, &mut d.concerns);
        ui.add_space(8.0);
        if ui.button("Remove decision").clicked() {
            self.selected = None;
            return Some((edits::remove_decision(model, decision.number), None));
        }
        form.finish(|label| edits::set_decision(model, d, label))
    }
}

/// The status, and for "superseded" the decision that replaces this one.
fn status_field(ui: &mut Ui, form: &mut Form, model: &Model, d: &mut Decision) {
    let others: Vec<(String, String)> = model
        .decisions
        .iter()
        .filter(|o| o.number != d.number)
        .map(|o| (o.number.to_string(), format!("{}. {}", o.number, o.title)))
        .collect();
    let mut statuses = vec![
        (DecisionStatus::Proposed, "Proposed"),
        (DecisionStatus::Accepted, "Accepted"),
        (DecisionStatus::Rejected, "Rejected"),
        (DecisionStatus::Deprecated, "Deprecated"),
    ];
    // "Superseded" needs another decision to point at.
    if let Some(n) = others.first().and_then(|(n, _)| n.parse().ok()) {
        statuses.push((DecisionStatus::SupersededBy(n), "Superseded by…"));
    }
    form.choice(ui, "Status", &mut d.status, &statuses);
    if let DecisionStatus::SupersededBy(n) = &mut d.status {
        let mut by = n.to_string();
        form.required_reference(ui, "Superseded by", &mut by, &others);
        *n = by.parse().unwrap_or(*n);
    }
}

/// The options considered: name, pros and cons each; remove; then add.
fn options(ui: &mut Ui, form: &mut Form, list: &mut Vec<DecisionOption>) {
    let mut remove = None;
    // Fields inside an option's frame are narrower by the frame's margins.
    let width = form.width;
    form.width = (width - 20.0).max(120.0);
    for (i, option) in list.iter_mut().enumerate() {
        let n = i + 1;
        ui.group(|ui| {
            fields(ui, |ui| {
                form.text(ui, &format!("Option {n} name"), &mut option.name, false);
                form.text_list(ui, &format!("Option {n} pros"), "Pro", &mut option.pros);
                form.text_list(ui, &format!("Option {n} cons"), "Con", &mut option.cons);
            });
            if ui.button(format!("Remove option {n}")).clicked() {
                remove = Some(i);
            }
        });
    }
    form.width = width;
    if let Some(i) = remove {
        list.remove(i);
        form.mark("options", false);
    }
    if ui.button("Add option").clicked() {
        list.push(DecisionOption {
            name: format!("Option {}", list.len() + 1),
            pros: Vec::new(),
            cons: Vec::new(),
        });
        form.mark("options", false);
    }
    ui.add_space(4.0);
}

/// The name of a model element for people: a node's or zone's name, "A → B" for a link.
fn element_name(model: &Model, id: &str) -> String {
    if let Some(n) = model.node(id) {
        return n.name.clone();
    }
    if let Some(l) = model.link(id) {
        let end = |e: &str| model.node(e).map_or(e.to_owned(), |n| n.name.clone());
        return format!("{} → {}", end(&l.from), end(&l.to));
    }
    if let Some(z) = model.zone(id) {
        return z.name.clone();
    }
    model
        .contract(id)
        .map_or_else(|| format!("{id} (missing)"), |c| c.name.clone())
}

/// The elements a decision concerns, each removable, and the button that links the selection.
fn concerns(
    ui: &mut Ui,
    form: &mut Form,
    model: &Model,
    selection: &[ElementRef],
    list: &mut Vec<String>,
) {
    let mut remove = None;
    for (i, id) in list.iter().enumerate() {
        let name = element_name(model, id);
        ui.horizontal(|ui| {
            let button = ui.small_button("Remove");
            name_widget(ui, &button, &format!("Remove concern {name}"));
            if button.on_hover_text("No longer concerns this").clicked() {
                remove = Some(i);
            }
            ui.label(name);
        });
    }
    if list.is_empty() {
        ui.weak("No elements linked yet.");
    }
    if let Some(i) = remove {
        list.remove(i);
        form.mark("concerns", false);
    }
    let new: Vec<&ElementRef> = selection.iter().filter(|e| !list.contains(&e.id)).collect();
    let link = ui
        .add_enabled(!new.is_empty(), Button::new("Link selected elements"))
        .on_disabled_hover_text("Select elements on the canvas or in the outline first");
    if link.clicked() {
        list.extend(new.into_iter().map(|e| e.id.clone()));
        form.mark("concerns", false);
    }
}

/// Whether `s` is a date written YYYY-MM-DD.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = super::dates::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        assert!(is_iso_date(&today()));
    }

    #[test]
    fn only_yyyy_mm_dd_counts_as_a_date() {
        assert!(is_iso_date("2026-11-20"));
        assert!(!is_iso_date("2026-1-20"));
        assert!(!is_iso_date("20.11.2026"));
        assert!(!is_iso_date(""));
    }
}
