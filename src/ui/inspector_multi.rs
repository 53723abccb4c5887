//! The inspector for several selected elements: a summary, then the fields each group (nodes,
//! links, zones) shares. A field whose elements disagree shows "(mixed)"; a change writes only
//! that field, to every element of the group, as one patch and one undo step.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::discriminant;

use eframe::egui;
use egui::Ui;

use super::form::{Edit, Form, fields};
use super::inspector::{kind_fields, link_fields, zone_fields, zone_options};
use crate::commands::{Patch, edits};
use crate::model::{
    ClientPlatform, GatewayRole, Link, Model, Node, NodeKind, ServerRole, StoreKind, Thickness,
    TrustZone,
};
use crate::scene::{ElementKind, ElementRef};

/// A field several elements can share, whatever its type: compared across a group, copied over.
trait GroupField<E> {
    /// The field's label in the form (what the form reports as changed).
    fn label(&self) -> &'static str;
    /// Whether two elements agree on the field.
    fn same(&self, a: &mut E, b: &mut E) -> bool;
    /// Copies the field from `from` into `to`.
    fn copy(&self, to: &mut E, from: &mut E);
}

/// A field of an element of type `E` holding a `T`, reached through a lens. An element the lens
/// finds nothing in (a kind field of another kind) agrees with every other and is left alone.
struct Shared<E, T> {
    label: &'static str,
    lens: fn(&mut E) -> Option<&mut T>,
}

impl<E, T> Shared<E, T> {
    const fn new(label: &'static str, lens: fn(&mut E) -> Option<&mut T>) -> Self {
        Shared { label, lens }
    }
}

impl<E, T: PartialEq + Clone> GroupField<E> for Shared<E, T> {
    fn label(&self) -> &'static str {
        self.label
    }

    fn same(&self, a: &mut E, b: &mut E) -> bool {
        match ((self.lens)(a), (self.lens)(b)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }

    fn copy(&self, to: &mut E, from: &mut E) {
        if let (Some(to), Some(from)) = ((self.lens)(to), (self.lens)(from)) {
            to.clone_from(from);
        }
    }
}

type LinkField<T> = Shared<Link, T>;
type ZoneField<T> = Shared<TrustZone, T>;
type NodeField<T> = Shared<Node, T>;

/// The fields of several links ("… name" is the custom variant's name, stored in the same field).
const LINK_FIELDS: &[&dyn GroupField<Link>] = &[
    &LinkField::new("Protocol", |l| Some(&mut l.protocol)),
    &LinkField::new("Protocol name", |l| Some(&mut l.protocol)),
    &LinkField::new("TLS", |l| Some(&mut l.tls)),
    &LinkField::new("Authentication", |l| Some(&mut l.authn)),
    &LinkField::new("Authentication name", |l| Some(&mut l.authn)),
    &LinkField::new("Authorization", |l| Some(&mut l.authz)),
    &LinkField::new("Rate limit", |l| Some(&mut l.rate_limit)),
    &LinkField::new("Telemetry", |l| Some(&mut l.telemetry)),
    &LinkField::new("Calls per action", |l| Some(&mut l.calls_per_action)),
    &LinkField::new("Contract", |l| Some(&mut l.contract)),
];

/// The fields of several zones.
const ZONE_FIELDS: &[&dyn GroupField<TrustZone>] = &[
    &ZoneField::new("Zone kind", |z| Some(&mut z.kind)),
    &ZoneField::new("Zone kind name", |z| Some(&mut z.kind)),
    &ZoneField::new("Trust", |z| Some(&mut z.trust)),
    &ZoneField::new("Parent", |z| Some(&mut z.parent)),
];

/// The fields of several nodes; the kind's own fields are only drawn when all share the kind.
const NODE_FIELDS: &[&dyn GroupField<Node>] = &[
    &NodeField::new("Zone", |n| Some(&mut n.zone)),
    &NodeField::new("Platform", |n| platform(&mut n.kind)),
    &NodeField::new("Thickness", |n| client(&mut n.kind).map(|c| c.1)),
    &NodeField::new("Offline-first", |n| client(&mut n.kind).map(|c| c.2)),
    // Servers and gateways both call their kind field "Role", with different values.
    &NodeField::new("Role", |n| server_role(&mut n.kind)),
    &NodeField::new("Role", |n| gateway_role(&mut n.kind)),
    &NodeField::new("Store kind", |n| store(&mut n.kind).map(|s| s.0)),
    &NodeField::new("Encrypted at rest", |n| store(&mut n.kind).map(|s| s.1)),
];

/// Where a client or peer runs.
fn platform(kind: &mut NodeKind) -> Option<&mut ClientPlatform> {
    match kind {
        NodeKind::Client { platform, .. } | NodeKind::Peer { platform } => Some(platform),
        _ => None,
    }
}

/// A client's platform, thickness and offline-first flag.
fn client(kind: &mut NodeKind) -> Option<(&mut ClientPlatform, &mut Thickness, &mut bool)> {
    match kind {
        NodeKind::Client {
            platform,
            thickness,
            offline_first,
        } => Some((platform, thickness, offline_first)),
        _ => None,
    }
}

/// A server's role.
fn server_role(kind: &mut NodeKind) -> Option<&mut ServerRole> {
    match kind {
        NodeKind::Server { role } => Some(role),
        _ => None,
    }
}

/// A gateway's role.
fn gateway_role(kind: &mut NodeKind) -> Option<&mut GatewayRole> {
    match kind {
        NodeKind::Gateway { role } => Some(role),
        _ => None,
    }
}

/// A store's kind and encryption at rest.
fn store(kind: &mut NodeKind) -> Option<(&mut StoreKind, &mut bool)> {
    match kind {
        NodeKind::Store {
            kind,
            encrypted_at_rest,
        } => Some((kind, encrypted_at_rest)),
        _ => None,
    }
}

/// An element kind the inspector edits as a group.
trait Member: Clone + 'static {
    /// The selection's name for the kind.
    const KIND: ElementKind;
    /// The kind's name in summaries, undo labels and merge keys: "node".
    const NAME: &'static str;
    /// The title of the group's section: "Nodes".
    const TITLE: &'static str;
    /// The fields a group of these shares.
    const SHARED: &'static [&'static dyn GroupField<Self>];
    /// The element with `id` in `model`.
    fn find<'m>(model: &'m Model, id: &str) -> Option<&'m Self>;
    /// The element's id.
    fn id(&self) -> &str;
    /// The patch that replaces elements with their edited copies (same ids).
    fn set(model: &Model, edited: Vec<Self>, label: &str) -> Patch;
}

impl Member for Node {
    const KIND: ElementKind = ElementKind::Node;
    const NAME: &'static str = "node";
    const TITLE: &'static str = "Nodes";
    const SHARED: &'static [&'static dyn GroupField<Self>] = NODE_FIELDS;
    fn find<'m>(model: &'m Model, id: &str) -> Option<&'m Self> {
        model.node(id)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set(model: &Model, edited: Vec<Self>, label: &str) -> Patch {
        edits::set_nodes(model, edited, label)
    }
}

impl Member for Link {
    const KIND: ElementKind = ElementKind::Link;
    const NAME: &'static str = "link";
    const TITLE: &'static str = "Links";
    const SHARED: &'static [&'static dyn GroupField<Self>] = LINK_FIELDS;
    fn find<'m>(model: &'m Model, id: &str) -> Option<&'m Self> {
        model.link(id)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set(model: &Model, edited: Vec<Self>, label: &str) -> Patch {
        edits::set_links(model, edited, label)
    }
}

impl Member for TrustZone {
    const KIND: ElementKind = ElementKind::Zone;
    const NAME: &'static str = "zone";
    const TITLE: &'static str = "Trust zones";
    const SHARED: &'static [&'static dyn GroupField<Self>] = ZONE_FIELDS;
    fn find<'m>(model: &'m Model, id: &str) -> Option<&'m Self> {
        model.zone(id)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set(model: &Model, edited: Vec<Self>, label: &str) -> Patch {
        edits::set_zones(model, edited, label)
    }
}

/// The selected elements of kind `E`, in selection order.
fn members<'m, E: Member>(model: &'m Model, selection: &[ElementRef]) -> Vec<&'m E> {
    selection
        .iter()
        .filter(|e| e.kind == E::KIND)
        .filter_map(|e| E::find(model, &e.id))
        .collect()
}

/// Which shared fields each selected group disagrees on, worked out once per model revision and
/// selection: comparing thousands of elements on every frame would cost milliseconds a frame.
#[derive(Debug, Default)]
pub(super) struct MixedFields {
    revision: u64,
    /// By group key (the kind and a hash of the selected ids).
    groups: HashMap<String, BTreeSet<&'static str>>,
}

impl MixedFields {
    /// The fields `items` disagree on, computed only when not known for this revision.
    fn get<E: Member>(&mut self, revision: u64, key: &str, items: &[&E]) -> BTreeSet<&'static str> {
        // A new revision, or many selections seen (a band growing): start over.
        if self.revision != revision || self.groups.len() >= 16 {
            self.groups.clear();
            self.revision = revision;
        }
        if let Some(known) = self.groups.get(key) {
            return known.clone();
        }
        // Owned copies: lenses reach into elements mutably.
        let mut group: Vec<E> = items.iter().map(|e| (*e).clone()).collect();
        let found = match group.split_first_mut() {
            Some((first, rest)) => mixed(first, rest),
            None => BTreeSet::new(),
        };
        self.groups.insert(key.to_owned(), found.clone());
        found
    }
}

/// What the group forms need besides the elements: the model, its revision and the cache of
/// mixed fields.
pub(super) struct Groups<'a> {
    /// The model being edited.
    pub model: &'a Model,
    /// Its revision (mixed fields are known per revision).
    pub revision: u64,
    /// The cache of mixed fields.
    pub mixed: &'a mut MixedFields,
}

/// The labels of the shared fields some of `rest` disagree with `first` on.
fn mixed<E: Member>(first: &mut E, rest: &mut [E]) -> BTreeSet<&'static str> {
    E::SHARED
        .iter()
        .filter(|f| rest.iter_mut().any(|e| !f.same(first, e)))
        .map(|f| f.label())
        .collect()
}

/// Draws a form for the first of `items`, marks disagreeing fields as mixed, and when a field
/// changes copies it (and only it) into every item: one patch, merging while typing.
fn edit_group<E: Member>(
    ui: &mut Ui,
    cx: &mut Groups<'_>,
    items: &[&E],
    draw: impl FnOnce(&mut Ui, &mut Form, &mut E),
) -> Option<Edit> {
    let prefix = format!("{}s/{}", E::NAME, ids_key(items.iter().map(|e| e.id())));
    let first = *items.first()?;
    let mut form = Form::new(&prefix, ui.available_width());
    form.mixed = cx.mixed.get(cx.revision, &prefix, items);
    let mut edited = first.clone();
    fields(ui, |ui| draw(ui, &mut form, &mut edited));
    let (key, field) = form.changed?;
    let specs: Vec<_> = E::SHARED.iter().filter(|f| f.label() == field).collect();
    if specs.is_empty() {
        return None;
    }
    // Copies of every element only now that one field changed: it is written into each.
    let mut group: Vec<E> = items.iter().map(|e| (*e).clone()).collect();
    for e in &mut group {
        for spec in &specs {
            spec.copy(e, &mut edited);
        }
    }
    let label = format!(
        "Edit {} of {}",
        field.to_lowercase(),
        count(items.len(), E::NAME)
    );
    Some((E::set(cx.model, group, &label), key))
}

/// A short, stable name for a set of ids, so merge keys stay small for large selections.
fn ids_key<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut hasher = DefaultHasher::new();
    for id in ids {
        id.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// "3 nodes", "1 link".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The inspector for several selected elements; returns the patch of a shared-field edit.
pub(super) fn ui(ui: &mut Ui, cx: &mut Groups<'_>, selection: &[ElementRef]) -> Option<Edit> {
    let model = cx.model;
    let nodes = members::<Node>(model, selection);
    let links = members::<Link>(model, selection);
    let zones = members::<TrustZone>(model, selection);
    ui.heading("Selection");
    ui.label(format!("{} elements selected", selection.len()));
    let parts = [
        (nodes.len(), Node::NAME),
        (links.len(), Link::NAME),
        (zones.len(), TrustZone::NAME),
    ];
    let summary: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| count(*n, what))
        .collect();
    ui.weak(summary.join(" · "));
    let mut edit = None;
    if !nodes.is_empty() {
        edit = edit.or(nodes_ui(ui, cx, &nodes));
    }
    if !links.is_empty() {
        section::<Link>(ui, links.len());
        edit = edit.or(edit_group(ui, cx, &links, |ui, form, l| {
            link_fields(ui, form, model, l);
        }));
    }
    if !zones.is_empty() {
        section::<TrustZone>(ui, zones.len());
        let except: Vec<&str> = zones.iter().map(|z| z.id.as_str()).collect();
        edit = edit.or(edit_group(ui, cx, &zones, |ui, form, z| {
            zone_fields(ui, form, model, z, &except);
        }));
    }
    edit
}

/// The title of a group's section: "Nodes (3)".
fn section<E: Member>(ui: &mut Ui, n: usize) {
    ui.add_space(8.0);
    ui.separator();
    ui.strong(format!("{} ({n})", E::TITLE));
}

/// The nodes' section: which kinds they are, then the fields they share (the kind's own fields
/// only when all are of one kind).
fn nodes_ui(ui: &mut Ui, cx: &mut Groups<'_>, nodes: &[&Node]) -> Option<Edit> {
    let model = cx.model;
    section::<Node>(ui, nodes.len());
    let kinds: BTreeSet<&str> = nodes
        .iter()
        .map(|n| super::wording::kind_class_plural(&n.kind))
        .collect();
    let first = nodes.first()?;
    let same_kind = nodes
        .iter()
        .all(|n| discriminant(&n.kind) == discriminant(&first.kind));
    if same_kind {
        ui.weak(format!(
            "All {}",
            super::wording::kind_class_plural(&first.kind)
        ));
    } else {
        let kinds: Vec<&str> = kinds.into_iter().collect();
        ui.weak(format!("Kinds: {}", kinds.join(", ")));
    }
    let zones = zone_options(model, &[]);
    edit_group(ui, cx, nodes, |ui, form, n| {
        form.reference(ui, "Zone", &mut n.zone, &zones);
        if same_kind {
            kind_fields(ui, form, &mut n.kind);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels of the fields `items` disagree on.
    fn mixed_in<E: Member>(items: &mut [E]) -> Vec<&'static str> {
        let (first, rest) = items.split_first_mut().expect("at least one element");
        mixed(first, rest).into_iter().collect()
    }

    fn server(id: &str, role: ServerRole) -> Node {
        Node::new(id, id, NodeKind::Server { role })
    }

    #[test]
    fn mixed_fields_are_kept_per_revision_and_worked_out_again_after_an_edit() {
        let (a, b) = (
            server("a", ServerRole::Api),
            server("b", ServerRole::Worker),
        );
        let mut cache = MixedFields::default();
        assert!(cache.get(1, "k", &[&a, &b]).contains("Role"));
        let same = server("b", ServerRole::Api);
        assert!(
            cache.get(1, "k", &[&a, &same]).contains("Role"),
            "the same revision and key reuse what was found"
        );
        assert!(
            !cache.get(2, "k", &[&a, &same]).contains("Role"),
            "a new revision looks again"
        );
    }

    #[test]
    fn roles_are_compared_and_copied_within_one_kind_only() {
        let mut servers = [
            server("a", ServerRole::Api),
            server("b", ServerRole::Worker),
        ];
        assert_eq!(mixed_in(&mut servers), ["Role"]);
        let gateway = NodeKind::Gateway {
            role: GatewayRole::Bff,
        };
        let mut kinds = [server("a", ServerRole::Api), Node::new("g", "g", gateway)];
        assert!(mixed_in(&mut kinds).is_empty(), "no field is shared");
        let [to, from] = &mut servers;
        for f in NODE_FIELDS.iter().filter(|f| f.label() == "Role") {
            f.copy(to, from);
        }
        assert_eq!(to.kind, server("x", ServerRole::Worker).kind);
        assert_eq!(to.name, "a", "only the role is copied");
    }
}
