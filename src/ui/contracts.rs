//! The contracts window: the APIs and protocols servers and peers provide. Add, edit every field,
//! remove (which also clears the links and releases that referred to the contract).

use eframe::egui;
use egui::Ui;

use super::form::{Edit, Form, fields};
use super::model_panels::{Records, error_line, nodes_by_name, record_list};
use crate::commands::edits;
use crate::model::{Contract, ContractStyle, Model, Negotiation};
use crate::scene::ElementRef;

/// The contracts window.
#[derive(Debug, Default)]
pub struct ContractsPanel {
    /// The id of the contract being edited.
    selected: Option<String>,
}

const STYLES: [(ContractStyle, &str); 5] = [
    (ContractStyle::Rest, "REST"),
    (ContractStyle::Grpc, "gRPC"),
    (ContractStyle::GraphQl, "GraphQL"),
    (ContractStyle::Events, "Events"),
    (ContractStyle::P2p, "P2P protocol"),
];

const NEGOTIATIONS: [(Negotiation, &str, &str); 4] = [
    (Negotiation::FeatureFlags, "feature-flags", "Feature flags"),
    (Negotiation::AcceptHeader, "accept-header", "Accept header"),
    (
        Negotiation::VersionedPath,
        "versioned-path",
        "Versioned path",
    ),
    (
        Negotiation::CapabilityHandshake,
        "capability-handshake",
        "Capability handshake",
    ),
];

/// The nodes that can provide a contract (servers and peers), as (id, name).
pub(super) fn providers(model: &Model) -> Vec<(String, String)> {
    nodes_by_name(model, |k| k.is_server() || k.is_peer())
}

impl Records for ContractsPanel {
    const TITLE: &'static str = "Contracts";

    /// The contracts by name, and the Add button.
    fn list(&mut self, ui: &mut Ui, model: &Model) -> Option<Edit> {
        let records: Vec<(String, String)> = model
            .contracts
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect();
        record_list(ui, &mut self.selected, &records, "No contracts yet.");
        let provider = providers(model).into_iter().next();
        let add = ui
            .add_enabled(provider.is_some(), egui::Button::new("Add contract"))
            .on_disabled_hover_text("A contract needs a server or peer to provide it");
        let (true, Some((provider, _))) = (add.clicked(), provider) else {
            return None;
        };
        let id = model.fresh_id_for_name("New contract", "contract");
        let contract = Contract::new(id.clone(), "New contract", ContractStyle::Rest, provider);
        self.selected = Some(id);
        Some((edits::set_contract(model, contract, "Add contract"), None))
    }

    /// The selected contract's fields and the Remove button.
    fn form(&mut self, ui: &mut Ui, model: &Model, _selection: &[ElementRef]) -> Option<Edit> {
        let Some(contract) = self.selected.as_deref().and_then(|id| model.contract(id)) else {
            ui.weak("Select a contract, or add one.");
            return None;
        };
        ui.heading(contract.name.as_str());
        ui.weak(format!("id: {}", contract.id));
        let users = model
            .links()
            .filter(|l| l.contract.as_deref() == Some(contract.id.as_str()))
            .count();
        let needs = model
            .releases
            .iter()
            .filter(|r| r.needs.iter().any(|n| n.0 == contract.id))
            .count();
        ui.weak(format!(
            "Spoken on {}, needed by {}",
            super::wording::counted(users, "link", "links"),
            super::wording::counted(needs, "release", "releases")
        ));
        ui.add_space(4.0);
        let mut c = contract.clone();
        let mut form = Form::new(&format!("contract/{}", c.id), ui.available_width());
        fields(ui, |ui| contract_fields(ui, &mut form, model, &mut c));
        if providers(model).iter().all(|(id, _)| *id != c.provider) {
            error_line(ui, "The provider must be a server or a peer.");
        }
        ui.add_space(8.0);
        if ui.button("Remove contract").clicked() {
            let mut patch = edits::delete(model, std::slice::from_ref(&contract.id));
            patch.label = format!("Delete contract {}", contract.name);
            self.selected = None;
            return Some((patch, None));
        }
        form.finish(|label| edits::set_contract(model, c, label))
    }
}

/// Every field of a contract.
fn contract_fields(ui: &mut Ui, form: &mut Form, model: &Model, c: &mut Contract) {
    form.text(ui, "Name", &mut c.name, false);
    form.choice(ui, "Style", &mut c.style, &STYLES);
    form.required_reference(ui, "Provider", &mut c.provider, &providers(model));
    form.text(ui, "Version", &mut c.version, false);
    form.text(ui, "Supported versions", &mut c.supported, false);
    form.optional_text(ui, "Schema", &mut c.schema);
    form.optional_text(ui, "Auth flow", &mut c.auth_flow);
    let options: Vec<(String, String)> = NEGOTIATIONS
        .iter()
        .map(|(_, key, name)| ((*key).to_owned(), (*name).to_owned()))
        .collect();
    let mut key = c.negotiation.and_then(|n| {
        NEGOTIATIONS
            .iter()
            .find(|(m, _, _)| *m == n)
            .map(|(_, key, _)| (*key).to_owned())
    });
    form.reference(ui, "Version negotiation", &mut key, &options);
    c.negotiation = key.and_then(|k| {
        NEGOTIATIONS
            .iter()
            .find(|(_, m, _)| *m == k)
            .map(|(n, _, _)| *n)
    });
    form.optional_text(ui, "Deprecation window", &mut c.deprecation_window);
}
