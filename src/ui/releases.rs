//! The client releases window: the client versions still in the field and the contract versions
//! each needs. A release is keyed by client and version, so a change that would repeat another
//! release's key is refused with a message and changes nothing.

use eframe::egui;
use egui::{Button, ComboBox, TextEdit, Ui};

use super::form::{Edit, Form, fields, name_widget};
use super::model_panels::{Records, error_line, nodes_by_name, record_list};
use crate::commands::edits;
use crate::model::{ClientRelease, ContractNeed, Model};
use crate::scene::ElementRef;

/// The client releases window.
#[derive(Debug, Default)]
pub struct ReleasesPanel {
    /// The client and version of the release being edited.
    selected: Option<(String, String)>,
    /// The version as typed, while it is not (yet) a valid one.
    draft: Option<String>,
    /// Why the last change was refused.
    message: Option<String>,
}

/// The nodes that can have releases (clients and peers), as (id, name).
fn clients(model: &Model) -> Vec<(String, String)> {
    nodes_by_name(model, |k| k.is_client() || k.is_peer())
}

/// A node's name, or its id when it has none.
fn node_name<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model.node(id).map_or(id, |n| n.name.as_str())
}

/// How a release is shown in the list: "Mobile app 4.2.0".
pub(super) fn release_name(model: &Model, r: &ClientRelease) -> String {
    format!("{} {}", node_name(model, &r.client), r.version)
}

/// Whether `client` already has a release `version` (other than the one at `except`).
fn taken(model: &Model, client: &str, version: &str, except: (&str, &str)) -> bool {
    (client, version) != except
        && model
            .releases
            .iter()
            .any(|r| r.client == client && r.version == version)
}

impl Records for ReleasesPanel {
    const TITLE: &'static str = "Client Releases";

    /// The releases by client and version, and the Add button.
    fn list(&mut self, ui: &mut Ui, model: &Model) -> Option<Edit> {
        let mut releases: Vec<&ClientRelease> = model.releases.iter().collect();
        releases.sort_by_key(|r| (node_name(model, &r.client), r.version.as_str()));
        let records: Vec<((String, String), String)> = releases
            .into_iter()
            .map(|r| {
                (
                    (r.client.clone(), r.version.clone()),
                    release_name(model, r),
                )
            })
            .collect();
        if record_list(ui, &mut self.selected, &records, "No releases yet.") {
            // Another release: what was typed for the last one no longer applies.
            self.draft = None;
            self.message = None;
        }
        let client = clients(model).into_iter().next();
        let add = ui
            .add_enabled(client.is_some(), Button::new("Add release"))
            .on_disabled_hover_text("A release belongs to a client or peer node");
        let (true, Some((client, _))) = (add.clicked(), client) else {
            return None;
        };
        let version = (1..)
            .map(|n| match n {
                1 => "new".to_owned(),
                n => format!("new-{n}"),
            })
            .find(|v| !taken(model, &client, v, ("", "")))
            .unwrap_or_default();
        let release = ClientRelease {
            client: client.clone(),
            version: version.clone(),
            needs: Vec::new(),
        };
        self.select(Some((client, version)));
        Some((
            edits::set_release(model, None, Some(release), "Add release"),
            None,
        ))
    }

    /// The selected release's fields and the Remove button.
    fn form(&mut self, ui: &mut Ui, model: &Model, _selection: &[ElementRef]) -> Option<Edit> {
        let release = self.selected.as_ref().and_then(|(c, v)| {
            model
                .releases
                .iter()
                .find(|r| r.client == *c && r.version == *v)
        });
        let Some(release) = release else {
            ui.weak("Select a release, or add one.");
            return None;
        };
        ui.heading(format!(
            "Release {} of {}",
            release.version,
            node_name(model, &release.client)
        ));
        ui.add_space(4.0);
        let mut r = release.clone();
        let mut form = Form::new(&format!("release/{}", r.client), ui.available_width());
        fields(ui, |ui| {
            form.required_reference(ui, "Client", &mut r.client, &clients(model));
            self.version_field(ui, &mut form, model, release, &mut r);
        });
        ui.add_space(6.0);
        ui.strong("Contracts needed");
        needs(ui, &mut form, model, &mut r.needs);
        if let Some(message) = &self.message {
            error_line(ui, message);
        }
        ui.add_space(8.0);
        let key = (release.client.as_str(), release.version.as_str());
        if ui.button("Remove release").clicked() {
            let label = format!("Delete release {}", release_name(model, release));
            self.select(None);
            return Some((edits::set_release(model, Some(key), None, &label), None));
        }
        form.changed.as_ref()?;
        if taken(model, &r.client, &r.version, key) {
            let client = node_name(model, &r.client);
            self.message = Some(format!(
                "{client} already has a release {}: pick another version first.",
                r.version
            ));
            return None;
        }
        self.message = None;
        self.selected = Some((r.client.clone(), r.version.clone()));
        form.finish(|label| edits::set_release(model, Some(key), Some(r), label))
    }
}

impl ReleasesPanel {
    fn select(&mut self, key: Option<(String, String)>) {
        self.selected = key;
        self.draft = None;
        self.message = None;
    }

    /// The version field: typed text is kept as a draft and written only while it is valid.
    fn version_field(
        &mut self,
        ui: &mut Ui,
        form: &mut Form,
        model: &Model,
        release: &ClientRelease,
        r: &mut ClientRelease,
    ) {
        let label = ui.label("Version");
        let mut text = self.draft.clone().unwrap_or_else(|| r.version.clone());
        let edit = TextEdit::singleline(&mut text).desired_width(form.field_width());
        let response = ui.add(edit).labelled_by(label.id);
        if !response.changed() {
            if !response.has_focus() {
                self.draft = None;
            }
            return;
        }
        let version = text.trim().to_owned();
        let key = (release.client.as_str(), release.version.as_str());
        let problem = if version.is_empty() {
            Some("A release needs a version.".to_owned())
        } else if taken(model, &r.client, &version, key) {
            let client = node_name(model, &r.client);
            Some(format!("{client} already has a release {version}."))
        } else {
            None
        };
        self.message = problem;
        if self.message.is_some() {
            self.draft = Some(text);
        } else {
            self.draft = None;
            r.version = version;
            form.mark("Version", true);
        }
    }
}

/// The contracts a release needs: contract, version range, remove; then add.
fn needs(ui: &mut Ui, form: &mut Form, model: &Model, list: &mut Vec<ContractNeed>) {
    form.rows(ui, "needs", "Need", list, |ui, form, name, need| {
        let ContractNeed(contract, range) = need;
        let current = model
            .contract(contract)
            .map_or(contract.as_str(), |c| c.name.as_str())
            .to_owned();
        let combo = ComboBox::from_id_salt(format!("{}/{name}", form.prefix))
            .selected_text(current)
            .width(160.0)
            .show_ui(ui, |ui| {
                for c in &model.contracts {
                    let on = c.id == *contract;
                    if ui.selectable_label(on, c.name.as_str()).clicked() && !on {
                        *contract = c.id.clone();
                        form.mark(&format!("{name} contract"), false);
                    }
                }
            });
        name_widget(ui, &combo.response, &format!("{name} contract"));
        let edit = TextEdit::singleline(range)
            .hint_text(">=2.0, <3")
            .desired_width((form.width - 250.0).max(60.0));
        let r = ui.add(edit);
        name_widget(ui, &r, &format!("{name} range"));
        form.note(&r, &format!("{name} range"), true);
    });
    if list.is_empty() {
        ui.weak("No contracts needed yet.");
    }
    let first = model.contracts.first();
    let add = ui
        .add_enabled(first.is_some(), Button::new("Add needed contract"))
        .on_disabled_hover_text("Add a contract first");
    if add.clicked()
        && let Some(c) = first
    {
        let range = if c.version.is_empty() {
            String::new()
        } else {
            format!(">={}", c.version)
        };
        list.push(ContractNeed(c.id.clone(), range));
        form.mark("needs", false);
    }
}
