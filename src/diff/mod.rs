//! What changed between two versions of a model: elements added, removed and changed (field by
//! field, by id), moves apart from semantic changes, zone memberships, links whose security
//! posture got worse, decisions, and the review's findings introduced, resolved and still open.
//!
//! Everything is matched by stable id (findings by key), so renames are changes, never an
//! addition plus a removal. A diff is built in O(n log n) for n elements, plus one review of
//! each version. [`merge`] does the three-way merge for git; [`source`] reads a version from a
//! file or a git revision. No UI here.

pub mod conflicts;
mod fields;
mod findings;
pub mod markdown;
pub mod merge;
mod picture;
mod repair;
mod sections;
pub mod source;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use fields::show;
pub use findings::FindingDelta;
pub use picture::svg;
pub use sections::link_name;
use sections::node_name;

use crate::analysis::{Finding, Severity};
use crate::model::{Authn, DecisionStatus, Model, Point, Tls};
use crate::scene::ElementRef;
use crate::scene::compare::Mark;

/// The sort of element a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ElementKind {
    /// The model's own properties: name, description, review settings, zone padding.
    Model,
    /// A trust zone.
    Zone,
    /// A node.
    Node,
    /// A link.
    Link,
    /// A contract.
    Contract,
    /// A client release, id `client@version`.
    Release,
    /// A decision, id its number.
    Decision,
    /// A triage verdict, id the finding key.
    Triage,
}

impl ElementKind {
    /// The word for it in reports ("trust zone").
    pub fn label(self) -> &'static str {
        match self {
            ElementKind::Model => "model",
            ElementKind::Zone => "trust zone",
            ElementKind::Node => "node",
            ElementKind::Link => "link",
            ElementKind::Contract => "contract",
            ElementKind::Release => "client release",
            ElementKind::Decision => "decision",
            ElementKind::Triage => "triage",
        }
    }
}

/// Whether an element is new, gone or different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different fields.
    Changed,
}

/// One field that differs; values are in the file's serde shape (`null`: the field's default).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's name in the file (`tls`).
    pub field: String,
    /// The old value.
    pub old: Value,
    /// The new value.
    pub new: Value,
}

/// One element added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementChange {
    /// What sort of element.
    pub kind: ElementKind,
    /// Its stable id.
    pub id: String,
    /// Its name (in the new version; the old one for a removal).
    pub name: String,
    /// Added, removed or changed.
    pub change: Change,
    /// For a change, the fields that differ (empty otherwise).
    pub fields: Vec<FieldChange>,
}

/// A node drawn somewhere else: layout only, no change to the architecture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// The node's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where it was (`None`: placed automatically).
    pub from: Option<Point>,
    /// Where it is.
    pub to: Option<Point>,
}

/// A node that changed trust zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    /// The node's id.
    pub node: String,
    /// Its name.
    pub name: String,
    /// The zone it was in, by id.
    pub from: Option<String>,
    /// The zone it is in now, by id.
    pub to: Option<String>,
}

/// How a link's exposure changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum LinkRisk {
    /// It now crosses trust boundaries it did not cross (or is a new link that crosses some).
    NowCrosses {
        /// The boundaries crossed, by zone id.
        zones: Vec<String>,
        /// Whether the link itself is new.
        new_link: bool,
    },
    /// It no longer crosses any boundary.
    NoLongerCrosses,
    /// Its TLS got weaker (to plaintext or an older version).
    TlsWeakened {
        /// TLS before.
        old: Tls,
        /// TLS now.
        new: Tls,
    },
    /// It lost its authentication.
    AuthnRemoved {
        /// Authentication before.
        old: Authn,
    },
}

/// A link whose exposure changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRiskChange {
    /// The link's id.
    pub link: String,
    /// The link's name (its label, or `from → to` by node name).
    pub name: String,
    /// What changed.
    pub risk: LinkRisk,
}

/// What happened to a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum DecisionEvent {
    /// A new decision record.
    Added {
        /// Its status.
        status: DecisionStatus,
    },
    /// Superseded by another decision.
    Superseded {
        /// The number of the decision that supersedes it.
        by: u32,
    },
    /// Another change of status (proposed → accepted, …).
    Status {
        /// Status before.
        old: DecisionStatus,
        /// Status now.
        new: DecisionStatus,
    },
    /// The record was deleted.
    Removed,
}

/// A decision added, superseded, re-statused or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionChange {
    /// The decision's number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// What happened.
    pub event: DecisionEvent,
}

/// Everything that changed between two versions of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelDiff {
    /// The old model's name.
    pub old_name: String,
    /// The new model's name.
    pub new_name: String,
    /// Elements added, removed and changed, by kind then id (triage is under `findings`).
    pub elements: Vec<ElementChange>,
    /// Nodes that moved on the canvas only.
    pub moves: Vec<Move>,
    /// Nodes that changed trust zone.
    pub memberships: Vec<Membership>,
    /// Links that now cross a boundary, or lost TLS or authentication.
    pub links: Vec<LinkRiskChange>,
    /// Decisions added, superseded or otherwise changed in status.
    pub decisions: Vec<DecisionChange>,
    /// Findings introduced, resolved and still open, and triage changes.
    pub findings: FindingDelta,
}

/// Compares two versions of a model, reviewing both.
pub fn diff(old: &Model, new: &Model) -> ModelDiff {
    let (old_findings, new_findings) = (crate::analysis::check(old), crate::analysis::check(new));
    diff_with_findings(old, new, &old_findings, &new_findings)
}

/// Compares two versions of a model whose findings are already known (the app has them).
pub fn diff_with_findings(
    old: &Model,
    new: &Model,
    old_findings: &[Finding],
    new_findings: &[Finding],
) -> ModelDiff {
    let (a, b) = (old.to_data(), new.to_data());
    let mut elements = Vec::new();
    model_properties(&a, &b, &mut elements);
    let mut out = Elements(&mut elements);
    out.compare(
        ElementKind::Zone,
        &a.zones,
        &b.zones,
        |z| &z.id,
        |z| z.name.clone(),
        &[],
    );
    out.compare(
        ElementKind::Node,
        &a.nodes,
        &b.nodes,
        |n| &n.id,
        |n| n.name.clone(),
        &["zone"],
    );
    let old_link = |l: &crate::model::Link| link_name(old, l);
    let new_link = |l: &crate::model::Link| link_name(new, l);
    out.compare_named(
        ElementKind::Link,
        &a.links,
        &b.links,
        |l| &l.id,
        (&old_link, &new_link),
    );
    out.compare(
        ElementKind::Contract,
        &a.contracts,
        &b.contracts,
        |c| &c.id,
        |c| c.name.clone(),
        &[],
    );
    let release_id = |r: &crate::model::ClientRelease| format!("{}@{}", r.client, r.version);
    out.compare_keyed(
        ElementKind::Release,
        &a.releases,
        &b.releases,
        release_id,
        |r| format!("{} {}", node_name(new, &r.client), r.version),
    );
    out.compare_keyed(
        ElementKind::Decision,
        &a.decisions,
        &b.decisions,
        |d| d.number.to_string(),
        |d| d.title.clone(),
    );
    let mut triage = Vec::new();
    Elements(&mut triage).compare(
        ElementKind::Triage,
        &a.triage,
        &b.triage,
        |t| &t.finding,
        |t| t.finding.clone(),
        &[],
    );
    ModelDiff {
        old_name: old.name.clone(),
        new_name: new.name.clone(),
        decisions: sections::decision_events(old, new),
        moves: sections::moves(old, new),
        memberships: sections::memberships(old, new),
        links: sections::link_risks(old, new),
        findings: findings::delta(new, old_findings, new_findings, triage),
        elements,
    }
}

impl ModelDiff {
    /// Whether nothing changed at all (not even a move or a finding).
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.moves.is_empty()
            && self.memberships.is_empty()
            && self.links.is_empty()
            && self.decisions.is_empty()
            && self.findings.is_empty()
    }

    /// Introduced findings, not settled by triage, at `severity` or above.
    pub fn new_findings_at(&self, severity: Severity) -> Vec<&Finding> {
        self.findings
            .introduced
            .iter()
            .filter(|f| f.severity >= severity && !self.findings.settled.contains(&f.key))
            .collect()
    }

    /// How many elements were added, removed and changed (nodes, links, zones and the rest).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |c: Change| self.elements.iter().filter(|e| e.change == c).count();
        (n(Change::Added), n(Change::Removed), n(Change::Changed))
    }

    /// How each node, link and zone changed, for highlighting a drawing: added, removed, or
    /// changed (fields, zone membership or exposure). Moves are layout and are not marked.
    pub fn marks(&self) -> BTreeMap<(ElementKind, String), Change> {
        let mut marks = BTreeMap::new();
        for e in &self.elements {
            if matches!(
                e.kind,
                ElementKind::Node | ElementKind::Link | ElementKind::Zone
            ) {
                marks.insert((e.kind, e.id.clone()), e.change);
            }
        }
        let changed = self
            .memberships
            .iter()
            .map(|m| (ElementKind::Node, &m.node))
            .chain(self.links.iter().map(|l| (ElementKind::Link, &l.link)));
        for (kind, id) in changed {
            marks.entry((kind, id.clone())).or_insert(Change::Changed);
        }
        marks
    }
}

/// How to name an element in the old and in the new version.
type Namers<'a, T> = (&'a dyn Fn(&T) -> String, &'a dyn Fn(&T) -> String);

impl ModelDiff {
    /// The nodes, links and zones to highlight in a drawing, as the scene names them.
    pub fn scene_marks(&self) -> Vec<(ElementRef, Mark)> {
        self.marks()
            .into_iter()
            .filter_map(|((kind, id), change)| {
                let element = match kind {
                    ElementKind::Node => ElementRef::node(id),
                    ElementKind::Link => ElementRef::link(id),
                    ElementKind::Zone => ElementRef::zone(id),
                    _ => return None,
                };
                let mark = match change {
                    Change::Added => Mark::Added,
                    Change::Removed => Mark::Removed,
                    Change::Changed => Mark::Changed,
                };
                Some((element, mark))
            })
            .collect()
    }
}

/// Collects element changes.
struct Elements<'a>(&'a mut Vec<ElementChange>);

impl Elements<'_> {
    /// Compares two lists keyed by a string id; the name comes from the newer version.
    fn compare<T: Serialize + PartialEq>(
        &mut self,
        kind: ElementKind,
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> &String,
        name: impl Fn(&T) -> String,
        skip: &[&str],
    ) {
        let key = |t: &T| id(t).clone();
        self.compare_with(kind, old, new, &key, (&name, &name), skip);
    }

    /// Like `compare`, with names that depend on the version (a link named by its ends).
    fn compare_named<T: Serialize + PartialEq>(
        &mut self,
        kind: ElementKind,
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> &String,
        names: Namers<'_, T>,
    ) {
        let key = |t: &T| id(t).clone();
        self.compare_with(kind, old, new, &key, names, &[]);
    }

    /// Like `compare`, for lists keyed by a computed id (releases, decisions).
    fn compare_keyed<T: Serialize + PartialEq>(
        &mut self,
        kind: ElementKind,
        old: &[T],
        new: &[T],
        key: impl Fn(&T) -> String,
        name: impl Fn(&T) -> String,
    ) {
        self.compare_with(kind, old, new, &key, (&name, &name), &[]);
    }

    fn compare_with<T: Serialize + PartialEq>(
        &mut self,
        kind: ElementKind,
        old: &[T],
        new: &[T],
        key: &dyn Fn(&T) -> String,
        (old_name, new_name): Namers<'_, T>,
        skip: &[&str],
    ) {
        let before: BTreeMap<String, &T> = old.iter().map(|t| (key(t), t)).collect();
        let after: BTreeMap<String, &T> = new.iter().map(|t| (key(t), t)).collect();
        let mut skip_all = vec!["id"];
        skip_all.extend_from_slice(skip);
        for (id, a) in &before {
            let change = match after.get(id) {
                None => ElementChange {
                    kind,
                    id: id.clone(),
                    name: old_name(a),
                    change: Change::Removed,
                    fields: Vec::new(),
                },
                Some(b) if *a == *b => continue,
                Some(b) => {
                    let fields = fields::changed_fields(*a, *b, &skip_all);
                    if fields.is_empty() {
                        continue;
                    }
                    ElementChange {
                        kind,
                        id: id.clone(),
                        name: new_name(b),
                        change: Change::Changed,
                        fields,
                    }
                }
            };
            self.0.push(change);
        }
        for (id, b) in after {
            if !before.contains_key(&id) {
                self.0.push(ElementChange {
                    kind,
                    id,
                    name: new_name(b),
                    change: Change::Added,
                    fields: Vec::new(),
                });
            }
        }
        let start = self
            .0
            .iter()
            .rposition(|e| e.kind != kind)
            .map_or(0, |i| i + 1);
        self.0[start..].sort_by(|x, y| x.id.cmp(&y.id));
    }
}

/// Name, description, settings and zone padding, as one "model" element.
fn model_properties(
    a: &crate::model::ModelData,
    b: &crate::model::ModelData,
    out: &mut Vec<ElementChange>,
) {
    #[derive(Serialize, PartialEq)]
    struct Properties<'a> {
        name: &'a str,
        description: &'a str,
        settings: &'a crate::model::Settings,
        zone_padding: f32,
    }
    fn props(d: &crate::model::ModelData) -> Properties<'_> {
        Properties {
            name: &d.name,
            description: &d.description,
            settings: &d.settings,
            zone_padding: d.layout.zone_padding,
        }
    }
    let (x, y) = (props(a), props(b));
    if x != y {
        out.push(ElementChange {
            kind: ElementKind::Model,
            id: "model".into(),
            name: b.name.clone(),
            change: Change::Changed,
            fields: fields::changed_fields(&x, &y, &[]),
        });
    }
}

#[cfg(test)]
mod tests;
