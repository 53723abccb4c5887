//! Three-way merge of model versions by element id, for git's merge driver.
//!
//! Each element (node, link, zone, contract, release, decision, triage verdict, position) is
//! matched by id across BASE, OURS and THEIRS: a change on one side is taken; changes to
//! different fields of one element on both sides are combined; the same field changed both ways,
//! or a change against a removal, is a [`Conflict`]. The merged model keeps our side of every
//! conflict, so it is always a valid model that loads anywhere; the conflicts travel with it
//! (see [`super::conflicts`]) until each is resolved by taking ours or theirs. Positions changed
//! on both sides keep ours without a conflict: they are layout, not architecture.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ElementKind;
use super::fields::object;
use crate::model::{
    ClientRelease, Contract, Decision, Link, Model, ModelData, Node, Point, Problem, Triage,
    TrustZone,
};

/// One element (or model property) changed differently on the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// What sort of element.
    pub kind: ElementKind,
    /// Its id (a model property: `name`, `description`, `settings`, `zone_padding`).
    pub id: String,
    /// The fields both sides changed differently (empty: the whole element).
    pub fields: Vec<String>,
    /// Why the sides disagree, in words.
    pub reason: String,
    /// Our version as RON (`None`: we removed it); the merged model holds this one.
    pub ours: Option<String>,
    /// Their version as RON (`None`: they removed it).
    pub theirs: Option<String>,
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Our version (the one the merged model already holds).
    Ours,
    /// Their version.
    Theirs,
}

/// The result of a merge: a valid model (our side of each conflict) and the conflicts.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged model.
    pub model: Model,
    /// What could not be merged.
    pub conflicts: Vec<Conflict>,
    /// Nodes moved differently on both sides (our position kept).
    pub positions_kept: usize,
}

/// Why a merge could not produce a model.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Even with our side of every disagreement the model breaks an invariant (OURS itself was
    /// invalid).
    #[error("the merged model is not valid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
}

/// Why a conflict side could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The stored RON of a side does not read as that element.
    #[error("conflict on {kind} `{id}`: the stored value is not readable: {message}")]
    Unreadable {
        /// The element's kind label.
        kind: &'static str,
        /// Its id.
        id: String,
        /// The RON error.
        message: String,
    },
}

/// An element of a model list with a stable key.
pub(super) trait Keyed: Serialize + DeserializeOwned + PartialEq + Clone {
    fn key(&self) -> String;
}

impl Keyed for TrustZone {
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Keyed for Node {
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Keyed for Link {
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Keyed for Contract {
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Keyed for ClientRelease {
    fn key(&self) -> String {
        format!("{}@{}", self.client, self.version)
    }
}
impl Keyed for Decision {
    fn key(&self) -> String {
        self.number.to_string()
    }
}
impl Keyed for Triage {
    fn key(&self) -> String {
        self.finding.clone()
    }
}

/// A value as compact RON (for a conflict side).
pub(super) fn ron_text<T: Serialize>(value: &T) -> Option<String> {
    ron::to_string(value).ok()
}

/// Merges OURS and THEIRS, both descended from BASE.
pub fn merge(base: &Model, ours: &Model, theirs: &Model) -> Result<Merged, MergeError> {
    let (b, o, t) = (base.to_data(), ours.to_data(), theirs.to_data());
    let mut conflicts = Vec::new();
    let mut data = ModelData {
        name: property(&mut conflicts, "name", &b.name, &o.name, &t.name),
        description: property(
            &mut conflicts,
            "description",
            &b.description,
            &o.description,
            &t.description,
        ),
        zones: list(
            ElementKind::Zone,
            &b.zones,
            &o.zones,
            &t.zones,
            &mut conflicts,
        ),
        nodes: list(
            ElementKind::Node,
            &b.nodes,
            &o.nodes,
            &t.nodes,
            &mut conflicts,
        ),
        links: list(
            ElementKind::Link,
            &b.links,
            &o.links,
            &t.links,
            &mut conflicts,
        ),
        contracts: list(
            ElementKind::Contract,
            &b.contracts,
            &o.contracts,
            &t.contracts,
            &mut conflicts,
        ),
        releases: list(
            ElementKind::Release,
            &b.releases,
            &o.releases,
            &t.releases,
            &mut conflicts,
        ),
        decisions: list(
            ElementKind::Decision,
            &b.decisions,
            &o.decisions,
            &t.decisions,
            &mut conflicts,
        ),
        triage: list(
            ElementKind::Triage,
            &b.triage,
            &o.triage,
            &t.triage,
            &mut conflicts,
        ),
        settings: property(
            &mut conflicts,
            "settings",
            &b.settings,
            &o.settings,
            &t.settings,
        ),
        layout: o.layout.clone(),
    };
    data.layout.zone_padding = property(
        &mut conflicts,
        "zone_padding",
        &b.layout.zone_padding,
        &o.layout.zone_padding,
        &t.layout.zone_padding,
    );
    data.layout.view = *pick(&b.layout.view, &o.layout.view, &t.layout.view);
    let positions_kept = merge_positions(&mut data, &b, &o, &t);
    let model = super::repair::repair(data, (&o, &t), &mut conflicts)?;
    conflicts.sort_by(|x, y| (x.kind, &x.id).cmp(&(y.kind, &y.id)));
    Ok(Merged {
        model,
        conflicts,
        positions_kept,
    })
}

/// The side that changed (ours when both did).
fn pick<'a, T: PartialEq>(base: &T, ours: &'a T, theirs: &'a T) -> &'a T {
    if ours == base { theirs } else { ours }
}

/// A model property: one side's change is taken, two different changes conflict (ours kept).
fn property<T: Serialize + PartialEq + Clone>(
    conflicts: &mut Vec<Conflict>,
    id: &str,
    base: &T,
    ours: &T,
    theirs: &T,
) -> T {
    if ours != base && theirs != base && ours != theirs {
        conflicts.push(Conflict {
            kind: ElementKind::Model,
            id: id.to_owned(),
            fields: Vec::new(),
            reason: format!("both sides changed the model's {}", id.replace('_', " ")),
            ours: ron_text(ours),
            theirs: ron_text(theirs),
        });
    }
    pick(base, ours, theirs).clone()
}

/// Positions by node id; a node moved differently on both sides keeps our position.
fn merge_positions(data: &mut ModelData, b: &ModelData, o: &ModelData, t: &ModelData) -> usize {
    let (bp, op, tp) = (
        &b.layout.positions,
        &o.layout.positions,
        &t.layout.positions,
    );
    let keys: BTreeSet<&String> = bp.keys().chain(op.keys()).chain(tp.keys()).collect();
    let mut kept = 0;
    let mut merged: BTreeMap<String, Point> = BTreeMap::new();
    for key in keys {
        let (x, y, z) = (bp.get(key), op.get(key), tp.get(key));
        if y != x && z != x && y != z {
            kept += 1;
        }
        if let Some(p) = pick(&x, &y, &z) {
            merged.insert(key.clone(), **p);
        }
    }
    data.layout.positions = merged;
    kept
}

/// One list merged by key.
fn list<T: Keyed>(
    kind: ElementKind,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    conflicts: &mut Vec<Conflict>,
) -> Vec<T> {
    let by_key =
        |l: &[T]| -> BTreeMap<String, T> { l.iter().map(|x| (x.key(), x.clone())).collect() };
    let (b, o, t) = (by_key(base), by_key(ours), by_key(theirs));
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut out = Vec::with_capacity(o.len().max(t.len()));
    for key in keys {
        let (x, y, z) = (b.get(key), o.get(key), t.get(key));
        if y == z || z == x {
            out.extend(y.cloned());
            continue;
        }
        if y == x {
            out.extend(z.cloned());
            continue;
        }
        let mut conflict =
            |fields: Vec<String>, reason: &str, ours: Option<&T>, theirs: Option<&T>| {
                conflicts.push(Conflict {
                    kind,
                    id: key.clone(),
                    fields,
                    reason: reason.to_owned(),
                    ours: ours.and_then(ron_text),
                    theirs: theirs.and_then(ron_text),
                });
            };
        match (x, y, z) {
            (Some(x), Some(y), Some(z)) => match merge_fields(x, y, z) {
                Ok(merged) => out.push(merged),
                Err((fields, ours_side, theirs_side)) => {
                    conflict(
                        fields,
                        "both sides changed the same fields",
                        Some(&ours_side),
                        Some(&theirs_side),
                    );
                    out.push(ours_side);
                }
            },
            (None, Some(y), Some(z)) => {
                let fields = super::fields::changed_fields(y, z, &[])
                    .into_iter()
                    .map(|f| f.field)
                    .collect();
                conflict(fields, "both sides added it, differently", Some(y), Some(z));
                out.push(y.clone());
            }
            (Some(_), None, Some(z)) => {
                conflict(Vec::new(), "we removed it; they changed it", None, Some(z))
            }
            (Some(_), Some(y), None) => {
                conflict(Vec::new(), "we changed it; they removed it", Some(y), None);
                out.push(y.clone());
            }
            // Unreachable by the tests above; keep whatever we have.
            _ => out.extend(y.cloned()),
        }
    }
    out
}

/// Combines changes to different fields; `Err` with the conflicting fields and the two
/// candidate versions (each side's value in those fields, the combined changes elsewhere).
fn merge_fields<T: Keyed>(base: &T, ours: &T, theirs: &T) -> Result<T, (Vec<String>, T, T)> {
    let (b, o, t) = (object(base), object(ours), object(theirs));
    let names: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut merged: Map<String, Value> = o.clone();
    let mut clashing = Vec::new();
    for name in names {
        let (x, y, z) = (b.get(name), o.get(name), t.get(name));
        if y == z || z == x {
            continue;
        }
        if y == x {
            match z {
                Some(v) => merged.insert(name.clone(), v.clone()),
                None => merged.remove(name),
            };
            continue;
        }
        clashing.push(name.clone());
    }
    let as_t = |m: Map<String, Value>| serde_json::from_value::<T>(Value::Object(m)).ok();
    if clashing.is_empty() {
        return as_t(merged).ok_or_else(|| (Vec::new(), ours.clone(), theirs.clone()));
    }
    let mut with_theirs = merged.clone();
    for name in &clashing {
        match t.get(name) {
            Some(v) => with_theirs.insert(name.clone(), v.clone()),
            None => with_theirs.remove(name),
        };
    }
    match (as_t(merged), as_t(with_theirs)) {
        (Some(a), Some(b)) => Err((clashing, a, b)),
        _ => Err((clashing, ours.clone(), theirs.clone())),
    }
}

/// Applies one side of a conflict to the data (ours or theirs); the caller checks invariants.
pub fn apply(data: &mut ModelData, conflict: &Conflict, side: Side) -> Result<(), ApplyError> {
    let value = match side {
        Side::Ours => &conflict.ours,
        Side::Theirs => &conflict.theirs,
    };
    let id = conflict.id.as_str();
    match conflict.kind {
        ElementKind::Model => set_property(data, conflict, value.as_deref()),
        ElementKind::Zone => set_in(&mut data.zones, conflict, value.as_deref()),
        ElementKind::Node => set_in(&mut data.nodes, conflict, value.as_deref()),
        ElementKind::Link => set_in(&mut data.links, conflict, value.as_deref()),
        ElementKind::Contract => set_in(&mut data.contracts, conflict, value.as_deref()),
        ElementKind::Release => set_in(&mut data.releases, conflict, value.as_deref()),
        ElementKind::Decision => set_in(&mut data.decisions, conflict, value.as_deref()),
        ElementKind::Triage => set_in(&mut data.triage, conflict, value.as_deref()),
    }
    .map_err(|message| ApplyError::Unreadable {
        kind: conflict.kind.label(),
        id: id.to_owned(),
        message,
    })
}

fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    ron::from_str(text).map_err(|e| e.to_string())
}

fn set_in<T: Keyed>(
    list: &mut Vec<T>,
    conflict: &Conflict,
    value: Option<&str>,
) -> Result<(), String> {
    let parsed = value.map(read::<T>).transpose()?;
    list.retain(|x| x.key() != conflict.id);
    list.extend(parsed);
    Ok(())
}

fn set_property(
    data: &mut ModelData,
    conflict: &Conflict,
    value: Option<&str>,
) -> Result<(), String> {
    let value = value.ok_or_else(|| "a model property has no value".to_owned())?;
    match conflict.id.as_str() {
        "name" => data.name = read(value)?,
        "description" => data.description = read(value)?,
        "settings" => data.settings = read(value)?,
        "zone_padding" => data.layout.zone_padding = read(value)?,
        other => return Err(format!("`{other}` is not a model property")),
    }
    Ok(())
}
