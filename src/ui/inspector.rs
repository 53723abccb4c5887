//! The inspector: edits the selected node, link or trust zone. Each frame it edits a copy of the
//! element; when the copy differs it hands back one patch. Typing in a field merges into one undo
//! step (keyed by element and field) until the focus moves.

use eframe::egui;
use egui::{Button, ComboBox, RichText, Role, TextEdit, Ui, WidgetInfo};

use super::document::Document;
use super::form::{EditOutput, FocusWatch, Form, fields};
use crate::commands::{MergeKey, Patch, edits};
use crate::model::{
    Authn, Classification, ClientPlatform, DataFlow, GatewayRole, Link, Model, Node, NodeKind,
    Protocol, Responsibility, ServerRole, StoreKind, Thickness, Tls, TrustZone, ZoneKind,
};
use crate::scene::{ElementKind, ElementRef};

/// What the inspector asks the app to do this frame.
pub type InspectorOutput = EditOutput;

/// The inspector panel.
#[derive(Debug, Default)]
pub struct Inspector {
    /// Ends a typing gesture when the focus moves.
    focus: FocusWatch,
    /// Which shared fields a multi-selection disagrees on, kept between frames.
    mixed: super::inspector_multi::MixedFields,
}

impl Inspector {
    /// Shows the inspector for `selection` (the primary selection first): one element's fields,
    /// or the fields several selected elements share.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, selection: &[ElementRef]) -> InspectorOutput {
        let mut out = InspectorOutput {
            seal: self.focus.moved(ui),
            ..Default::default()
        };
        ui.add_space(4.0);
        let model = doc.model();
        let mut group = super::inspector_multi::Groups {
            model,
            revision: doc.revision(),
            mixed: &mut self.mixed,
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                out.edit = match selection {
                    [] => {
                        ui.heading("Inspector");
                        ui.weak("Select a node, link or trust zone to edit it.");
                        None
                    }
                    [one] => single_ui(ui, model, one),
                    many => super::inspector_multi::ui(ui, &mut group, many),
                };
            });
        out
    }
}

/// The form of one selected element.
fn single_ui(ui: &mut Ui, model: &Model, e: &ElementRef) -> Option<(Patch, Option<MergeKey>)> {
    match e.kind {
        ElementKind::Node => model.node(&e.id).and_then(|n| node_ui(ui, model, n)),
        ElementKind::Link => model.link(&e.id).and_then(|l| link_ui(ui, model, l)),
        ElementKind::Zone => model.zone(&e.id).and_then(|z| zone_ui(ui, model, z)),
    }
}

/// The zones a node (or a zone, never inside one of `except`) may be put in, as (id, name).
pub(super) fn zone_options(model: &Model, except: &[&str]) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = model
        .zones
        .iter()
        .filter(|z| {
            // A zone cannot nest inside itself or one of its own sub-zones.
            !model
                .zone_chain(Some(z.id.as_str()))
                .iter()
                .any(|c| except.contains(&c.id.as_str()))
        })
        .map(|z| (z.id.clone(), z.name.clone()))
        .collect();
    options
        .sort_by(|a, b| super::natural_order::natural_cmp(&a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
    options
}

fn node_ui(ui: &mut Ui, model: &Model, node: &Node) -> Option<(Patch, Option<MergeKey>)> {
    ui.heading(format!("Node · {}", super::wording::kind_name(&node.kind)));
    ui.weak(format!("id: {}", node.id));
    ui.add_space(4.0);
    let mut n = node.clone();
    let mut form = Form::new(&format!("node/{}", node.id), ui.available_width());
    fields(ui, |ui| {
        form.text(ui, "Name", &mut n.name, false);
        form.text(ui, "Description", &mut n.description, true);
        let kinds: Vec<(NodeKind, &str)> = NodeKind::all_defaults()
            .into_iter()
            .map(|k| {
                let label = super::wording::kind_class(&k);
                (k, label)
            })
            .collect();
        form.choice(ui, "Kind", &mut n.kind, &kinds);
        kind_fields(ui, &mut form, &mut n.kind);
        form.reference(ui, "Zone", &mut n.zone, &zone_options(model, &[]));
        form.number(ui, "Replicas", &mut n.replicas, 1);
        form.optional_text(ui, "Technology", &mut n.technology);
    });
    ui.add_space(6.0);
    ui.strong("Responsibilities");
    responsibilities(ui, &mut form, &mut n.responsibilities);
    ui.add_space(6.0);
    let was = model.layout.pinned.contains(&node.id);
    let mut pinned = was;
    ui.checkbox(&mut pinned, "Pinned")
        .on_hover_text("Tidy Layout leaves a pinned node where it is");
    let edit = form.finish(|label| edits::set_node(model, n, label));
    if pinned != was {
        return Some((
            edits::set_pinned(model, std::slice::from_ref(&node.id), pinned),
            None,
        ));
    }
    edit
}

pub(super) fn kind_fields(ui: &mut Ui, form: &mut Form, kind: &mut NodeKind) {
    const PLATFORMS: [(ClientPlatform, &str); 5] = [
        (ClientPlatform::Web, "Web"),
        (ClientPlatform::Mobile, "Mobile"),
        (ClientPlatform::Desktop, "Desktop"),
        (ClientPlatform::Cli, "CLI"),
        (ClientPlatform::Iot, "IoT"),
    ];
    match kind {
        NodeKind::Client {
            platform,
            thickness,
            offline_first,
        } => {
            form.choice(ui, "Platform", platform, &PLATFORMS);
            form.choice(
                ui,
                "Thickness",
                thickness,
                &[(Thickness::Thin, "Thin"), (Thickness::Thick, "Thick")],
            );
            form.check(ui, "Offline-first", offline_first);
        }
        NodeKind::Server { role } => form.choice(
            ui,
            "Role",
            role,
            &[
                (ServerRole::Api, "API"),
                (ServerRole::Service, "Service"),
                (ServerRole::Worker, "Worker"),
                (ServerRole::Auth, "Auth"),
                (ServerRole::Discovery, "Discovery"),
                (ServerRole::Relay, "Relay"),
                (ServerRole::Push, "Push"),
            ],
        ),
        NodeKind::Peer { platform } => form.choice(ui, "Platform", platform, &PLATFORMS),
        NodeKind::Gateway { role } => form.choice(
            ui,
            "Role",
            role,
            &[
                (GatewayRole::Facade, "Façade"),
                (GatewayRole::Bff, "BFF"),
                (GatewayRole::ApiGateway, "API gateway"),
                (GatewayRole::LoadBalancer, "Load balancer"),
            ],
        ),
        NodeKind::Store {
            kind,
            encrypted_at_rest,
        } => {
            form.choice(
                ui,
                "Store kind",
                kind,
                &[
                    (StoreKind::Relational, "Relational"),
                    (StoreKind::Document, "Document"),
                    (StoreKind::KeyValue, "Key-value"),
                    (StoreKind::Cache, "Cache"),
                    (StoreKind::Queue, "Queue"),
                    (StoreKind::Object, "Object"),
                ],
            );
            form.check(ui, "Encrypted at rest", encrypted_at_rest);
        }
        NodeKind::Cdn | NodeKind::External | NodeKind::Actor => {}
    }
}

/// The responsibilities as an editable list: kind, text, remove; then add buttons.
fn responsibilities(ui: &mut Ui, form: &mut Form, list: &mut Vec<Responsibility>) {
    let mut remove = None;
    for (i, r) in list.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let logic = matches!(r, Responsibility::Logic(_));
            let tag = if logic { "Logic" } else { "Data" };
            let flip = ui
                .button(tag)
                .on_hover_text("Switch between logic and data");
            let text = match r {
                Responsibility::Logic(s) | Responsibility::Data(s) => s,
            };
            let field = format!("responsibility {}", i + 1);
            let edit = TextEdit::singleline(text).desired_width((form.width - 160.0).max(60.0));
            let resp = ui.add(edit);
            let resp = resp.on_hover_text(field.clone());
            form.note(&resp, &field, true);
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
            if flip.clicked() {
                let s = std::mem::take(text);
                *r = if logic {
                    Responsibility::Data(s)
                } else {
                    Responsibility::Logic(s)
                };
                form.changed = Some((None, field));
            }
        });
    }
    if let Some(i) = remove {
        list.remove(i);
        form.changed = Some((None, "responsibilities".into()));
    }
    ui.horizontal(|ui| {
        if ui.button("Add logic").clicked() {
            list.push(Responsibility::Logic("New logic".into()));
            form.changed = Some((None, "responsibilities".into()));
        }
        if ui.button("Add data").clicked() {
            list.push(Responsibility::Data("New data".into()));
            form.changed = Some((None, "responsibilities".into()));
        }
    });
}

fn link_ui(ui: &mut Ui, model: &Model, link: &Link) -> Option<(Patch, Option<MergeKey>)> {
    let name = |id: &str| model.node(id).map_or(id, |n| n.name.as_str()).to_owned();
    ui.heading("Link");
    ui.label(RichText::new(format!("{} → {}", name(&link.from), name(&link.to))).strong());
    ui.weak(format!("id: {}", link.id));
    ui.add_space(4.0);
    let mut l = link.clone();
    let mut form = Form::new(&format!("link/{}", link.id), ui.available_width());
    fields(ui, |ui| {
        form.text(ui, "Label", &mut l.label, false);
        link_fields(ui, &mut form, model, &mut l);
        form.check(ui, "Bidirectional", &mut l.bidirectional);
    });
    ui.add_space(6.0);
    ui.strong("Data carried");
    data_flows(ui, &mut form, &mut l.data);
    form.finish(|label| edits::set_link(model, l, label))
}

/// The link fields several links can share: protocol, security, telemetry, calls, contract.
pub(super) fn link_fields(ui: &mut Ui, form: &mut Form, model: &Model, l: &mut Link) {
    let (protocol_before, tls_before) = (l.protocol.clone(), l.tls);
    form.choice(ui, "Protocol", &mut l.protocol, &protocols());
    // A custom name only makes sense once the protocol itself is not mixed.
    if let Protocol::Custom(name) = &mut l.protocol
        && !form.mixed.contains("Protocol")
    {
        form.text(ui, "Protocol name", name, false);
    }
    form.choice(
        ui,
        "TLS",
        &mut l.tls,
        &[
            (Tls::None, "None (plaintext)"),
            (Tls::Tls12, "TLS 1.2"),
            (Tls::Tls13, "TLS 1.3"),
            (Tls::Mutual, "Mutual TLS"),
        ],
    );
    keep_protocol_and_tls_agreeing(l, &protocol_before, tls_before);
    form.choice(
        ui,
        "Authentication",
        &mut l.authn,
        &[
            (Authn::None, "None"),
            (Authn::Session, "Session"),
            (Authn::Token, "Token"),
            (Authn::ApiKey, "API key"),
            (Authn::Mtls, "mTLS"),
            (Authn::Custom("custom".into()), "Custom"),
        ],
    );
    if let Authn::Custom(name) = &mut l.authn
        && !form.mixed.contains("Authentication")
    {
        form.text(ui, "Authentication name", name, false);
    }
    form.optional_text(ui, "Authorization", &mut l.authz);
    form.optional_text(ui, "Rate limit", &mut l.rate_limit);
    form.check(ui, "Telemetry", &mut l.telemetry);
    form.number(ui, "Calls per action", &mut l.calls_per_action, 0);
    let contracts: Vec<(String, String)> = model
        .contracts
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    form.reference(ui, "Contract", &mut l.contract, &contracts);
}

/// The protocols offered; picking Custom starts with a name to edit.
fn protocols() -> [(Protocol, &'static str); 12] {
    [
        (Protocol::Https, "HTTPS"),
        (Protocol::Http, "HTTP"),
        (Protocol::Grpc, "gRPC"),
        (Protocol::WebSocket, "WebSocket"),
        (Protocol::GraphQl, "GraphQL"),
        (Protocol::Mqtt, "MQTT"),
        (Protocol::Amqp, "AMQP"),
        (Protocol::Quic, "QUIC"),
        (Protocol::WebRtc, "WebRTC"),
        (Protocol::Tcp, "TCP"),
        (Protocol::Udp, "UDP"),
        (Protocol::Custom("custom".into()), "Custom"),
    ]
}

const CLASSIFICATIONS: [(Classification, &str); 4] = [
    (Classification::Public, "Public"),
    (Classification::Internal, "Internal"),
    (Classification::Confidential, "Confidential"),
    (Classification::Secret, "Secret"),
];

/// The data a link carries as an editable list: what, its classification, remove; then add.
fn data_flows(ui: &mut Ui, form: &mut Form, list: &mut Vec<DataFlow>) {
    let mut remove = None;
    for (i, DataFlow(what, class)) in list.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let field = format!("data {}", i + 1);
            let edit = TextEdit::singleline(what).desired_width((form.width - 230.0).max(60.0));
            let resp = ui.add(edit).on_hover_text(field.clone());
            form.note(&resp, &field, true);
            let current = CLASSIFICATIONS
                .iter()
                .find(|(c, _)| c == class)
                .map_or("", |(_, n)| *n);
            let name = format!("{field} classification");
            ComboBox::from_id_salt(format!("{}/{field}/class", form.prefix))
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (c, n) in CLASSIFICATIONS {
                        if ui.selectable_label(*class == c, n).clicked() && *class != c {
                            *class = c;
                            form.changed = Some((None, name.clone()));
                        }
                    }
                })
                .response
                .widget_info(|| WidgetInfo::labeled(Role::ComboBox, true, &name));
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        list.remove(i);
        form.changed = Some((None, "data carried".into()));
    }
    if ui.add(Button::new("Add data flow")).clicked() {
        list.push(DataFlow("data".into(), Classification::Internal));
        form.changed = Some((None, "data carried".into()));
    }
}

fn zone_ui(ui: &mut Ui, model: &Model, zone: &TrustZone) -> Option<(Patch, Option<MergeKey>)> {
    ui.heading("Trust zone");
    ui.weak(format!("id: {}", zone.id));
    ui.add_space(4.0);
    let mut z = zone.clone();
    let mut form = Form::new(&format!("zone/{}", zone.id), ui.available_width());
    fields(ui, |ui| {
        form.text(ui, "Name", &mut z.name, false);
        form.text(ui, "Description", &mut z.description, true);
        zone_fields(ui, &mut form, model, &mut z, &[zone.id.as_str()]);
    });
    form.finish(|label| edits::set_zone(model, z, label))
}

/// The zone fields several zones can share: kind, trust and parent (never one of `except`).
pub(super) fn zone_fields(
    ui: &mut Ui,
    form: &mut Form,
    model: &Model,
    z: &mut TrustZone,
    except: &[&str],
) {
    form.choice(
        ui,
        "Zone kind",
        &mut z.kind,
        &[
            (ZoneKind::Internet, "Internet"),
            (ZoneKind::Dmz, "DMZ"),
            (ZoneKind::Internal, "Internal"),
            (ZoneKind::Device, "Device"),
            (ZoneKind::Partner, "Partner"),
            (ZoneKind::Custom("custom".into()), "Custom"),
        ],
    );
    if let ZoneKind::Custom(name) = &mut z.kind
        && !form.mixed.contains("Zone kind")
    {
        form.text(ui, "Zone kind name", name, false);
    }
    let mut trust = u32::from(z.trust);
    form.number(ui, "Trust", &mut trust, 0);
    z.trust = u8::try_from(trust).unwrap_or(u8::MAX);
    let parents = zone_options(model, except);
    form.reference(ui, "Parent", &mut z.parent, &parents);
}

impl super::app::ArchApp {
    /// The inspector panel on the right; its edits go through the document's history.
    pub(super) fn inspector_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let selection = self.selected();
        let inspector = &mut self.editor.inspector;
        let out = egui::Panel::right("inspector")
            .default_size(300.0)
            .size_range(220.0..=560.0)
            .show(ui, |ui| inspector.ui(ui, doc, &selection))
            .inner;
        if out.seal
            && let Some(doc) = self.doc.as_mut()
        {
            doc.seal();
        }
        if let Some((patch, key)) = out.edit {
            self.apply_edit(patch, key);
        }
    }
}

impl super::app::ArchApp {}

/// After an edit of the protocol or the TLS field, the other follows so the two never disagree:
/// plaintext on an HTTPS link makes it HTTP, and switching a plaintext link to a protocol defined
/// over encryption (HTTPS, QUIC, WebRTC) gives it TLS 1.3. The TLS field stays the truth.
fn keep_protocol_and_tls_agreeing(l: &mut Link, protocol_before: &Protocol, tls_before: Tls) {
    if l.tls != tls_before && l.tls == Tls::None && l.protocol == Protocol::Https {
        l.protocol = Protocol::Http;
    } else if l.protocol != *protocol_before && l.protocol.encrypts_itself() && l.tls == Tls::None {
        l.tls = Tls::Tls13;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_on_https_makes_it_http_and_https_on_plaintext_gets_tls() {
        let mut l = Link::new("l", "a", "b");
        l.tls = Tls::None;
        keep_protocol_and_tls_agreeing(&mut l, &Protocol::Https, Tls::Tls13);
        assert_eq!((l.protocol.clone(), l.tls), (Protocol::Http, Tls::None));
        assert!(l.is_plaintext());
        l.protocol = Protocol::Https;
        keep_protocol_and_tls_agreeing(&mut l, &Protocol::Http, Tls::None);
        assert_eq!((l.protocol.clone(), l.tls), (Protocol::Https, Tls::Tls13));
        // Other protocols keep whatever TLS is chosen.
        l.protocol = Protocol::Grpc;
        l.tls = Tls::None;
        keep_protocol_and_tls_agreeing(&mut l, &Protocol::Grpc, Tls::Tls12);
        assert_eq!((l.protocol.clone(), l.tls), (Protocol::Grpc, Tls::None));
    }
}
