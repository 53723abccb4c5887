//! After a merge by id, makes the result a valid model: what breaks an invariant goes back to
//! our side as a conflict, and elements we removed that their changes need are offered back.

use super::ElementKind;
use super::merge::{Conflict, Keyed, MergeError, ron_text};
use crate::model::{DecisionStatus, Model, ModelData, Problem};

/// Makes the merged data a valid model: an element whose merged version breaks an invariant
/// goes back to our version (a conflict), and an element of ours that something refers to is
/// brought back if they removed or changed it. Ours alone is valid, so this ends.
pub(super) fn repair(
    mut data: ModelData,
    (ours, theirs): (&ModelData, &ModelData),
    conflicts: &mut Vec<Conflict>,
) -> Result<Model, MergeError> {
    // Each round reverts at least one element; a bound keeps a bug from looping forever.
    for _ in 0..=(ours.nodes.len() + ours.links.len() + data.nodes.len() + data.links.len() + 64) {
        data.sort();
        let problems = match Model::from_data(data.clone()) {
            Ok(model) => return Ok(model),
            Err(problems) => problems,
        };
        let mut progress = false;
        for p in &problems {
            progress |= revert_for(&mut data, (ours, theirs), p, conflicts);
        }
        if !progress {
            return Err(MergeError::Invalid(problems));
        }
    }
    Err(MergeError::Invalid(
        Model::from_data(data).err().unwrap_or_default(),
    ))
}

/// `links[3].to` → ("links", 3); `layout.positions["a"]` → ("positions", id).
fn parse_path(path: &str) -> Option<(&str, Result<usize, &str>)> {
    if let Some(rest) = path.strip_prefix("layout.positions[\"") {
        return Some(("positions", Err(rest.split('"').next().unwrap_or(""))));
    }
    let (list, rest) = path.split_once('[')?;
    let index = rest.split(']').next()?.parse().ok()?;
    Some((list, Ok(index)))
}

/// Reverts what a problem points at; returns whether anything changed.
fn revert_for(
    data: &mut ModelData,
    (ours, theirs): (&ModelData, &ModelData),
    p: &Problem,
    conflicts: &mut Vec<Conflict>,
) -> bool {
    let Some((list_name, at)) = parse_path(&p.path) else {
        return false;
    };
    let reason = format!("the merge broke a rule: {}", p.message);
    let index = match at {
        Ok(i) => i,
        Err(node) => {
            // A position for a node that is gone: bring back our node if we have it.
            if revert_id(data, ours, node, &reason, conflicts) {
                return true;
            }
            return data.layout.positions.remove(node).is_some();
        }
    };
    let refs = match list_name {
        "zones" => step(
            &mut data.zones,
            &ours.zones,
            index,
            ElementKind::Zone,
            &reason,
            conflicts,
            |z| z.parent.iter().cloned().collect(),
        ),
        "nodes" => step(
            &mut data.nodes,
            &ours.nodes,
            index,
            ElementKind::Node,
            &reason,
            conflicts,
            |n| n.zone.iter().cloned().collect(),
        ),
        "links" => step(
            &mut data.links,
            &ours.links,
            index,
            ElementKind::Link,
            &reason,
            conflicts,
            |l| {
                [l.from.clone(), l.to.clone()]
                    .into_iter()
                    .chain(l.contract.clone())
                    .collect()
            },
        ),
        "contracts" => step(
            &mut data.contracts,
            &ours.contracts,
            index,
            ElementKind::Contract,
            &reason,
            conflicts,
            |c| vec![c.provider.clone()],
        ),
        "releases" => step(
            &mut data.releases,
            &ours.releases,
            index,
            ElementKind::Release,
            &reason,
            conflicts,
            |r| {
                std::iter::once(r.client.clone())
                    .chain(r.needs.iter().map(|n| n.0.clone()))
                    .collect()
            },
        ),
        "decisions" => step(
            &mut data.decisions,
            &ours.decisions,
            index,
            ElementKind::Decision,
            &reason,
            conflicts,
            |d| d.concerns.clone(),
        ),
        "triage" => step(
            &mut data.triage,
            &ours.triage,
            index,
            ElementKind::Triage,
            &reason,
            conflicts,
            |_| Vec::new(),
        ),
        _ => return false,
    };
    match refs {
        Step::Reverted(refs) => {
            // Their element may need elements we removed: offer those back in the same breath.
            for id in refs {
                offer_theirs(data, theirs, &id, conflicts);
            }
            true
        }
        Step::Refs(ids) => {
            let mut any = false;
            for id in ids {
                any |= revert_id(data, ours, &id, &reason, conflicts);
            }
            // A decision superseded by one they removed: bring that decision back too.
            if list_name == "decisions"
                && let Some(DecisionStatus::SupersededBy(n)) =
                    data.decisions.get(index).map(|d| d.status)
            {
                any |= revert_key(
                    &mut data.decisions,
                    &ours.decisions,
                    &n.to_string(),
                    ElementKind::Decision,
                    &reason,
                    conflicts,
                );
            }
            any
        }
    }
}

enum Step {
    /// The element went back to ours; these are the ids their version referred to.
    Reverted(Vec<String>),
    Refs(Vec<String>),
}

/// The element at `index`: back to ours if the merge changed it, else the ids it refers to.
fn step<T: Keyed>(
    list: &mut Vec<T>,
    ours: &[T],
    index: usize,
    kind: ElementKind,
    reason: &str,
    conflicts: &mut Vec<Conflict>,
    refs: impl Fn(&T) -> Vec<String>,
) -> Step {
    let Some(elem) = list.get(index) else {
        return Step::Refs(Vec::new());
    };
    if ours.iter().any(|o| o == elem) {
        return Step::Refs(refs(elem));
    }
    let key = elem.key();
    let wanted = refs(elem);
    if revert_key(list, ours, &key, kind, reason, conflicts) {
        Step::Reverted(wanted)
    } else {
        Step::Refs(Vec::new())
    }
}

/// Puts our version of the element with this key back (removing it if we have none) and records
/// the conflict; returns whether anything changed.
fn revert_key<T: Keyed>(
    list: &mut Vec<T>,
    ours: &[T],
    key: &str,
    kind: ElementKind,
    reason: &str,
    conflicts: &mut Vec<Conflict>,
) -> bool {
    let current = list.iter().position(|x| x.key() == key);
    let mine = ours.iter().find(|o| o.key() == key);
    let theirs = current.map(|i| list[i].clone());
    if theirs.as_ref() == mine {
        return false;
    }
    if let Some(i) = current {
        list.remove(i);
    }
    list.extend(mine.cloned());
    let known = conflicts.iter_mut().find(|c| c.kind == kind && c.id == key);
    match known {
        Some(c) => c.reason = format!("{}; {reason}", c.reason),
        None => conflicts.push(Conflict {
            kind,
            id: key.to_owned(),
            fields: Vec::new(),
            reason: reason.to_owned(),
            ours: mine.and_then(ron_text),
            theirs: theirs.as_ref().and_then(ron_text),
        }),
    }
    true
}

/// Records a conflict for an element they have and the merge lacks (we removed it), so taking
/// theirs for the element that needs it can bring it back too. The merged data is unchanged.
fn offer_theirs(data: &ModelData, theirs: &ModelData, id: &str, conflicts: &mut Vec<Conflict>) {
    let present = data.nodes.iter().any(|n| n.id == id)
        || data.zones.iter().any(|z| z.id == id)
        || data.contracts.iter().any(|c| c.id == id)
        || data.links.iter().any(|l| l.id == id);
    if present {
        return;
    }
    let found = theirs
        .nodes
        .iter()
        .find(|n| n.id == id)
        .map(|n| (ElementKind::Node, ron_text(n)))
        .or_else(|| {
            theirs
                .zones
                .iter()
                .find(|z| z.id == id)
                .map(|z| (ElementKind::Zone, ron_text(z)))
        })
        .or_else(|| {
            theirs
                .contracts
                .iter()
                .find(|c| c.id == id)
                .map(|c| (ElementKind::Contract, ron_text(c)))
        });
    let Some((kind, value)) = found else { return };
    if conflicts.iter().any(|c| c.kind == kind && c.id == id) {
        return;
    }
    conflicts.push(Conflict {
        kind,
        id: id.to_owned(),
        fields: Vec::new(),
        reason: "we removed it; their changes still use it".into(),
        ours: None,
        theirs: value,
    });
}

/// Brings back our element with this id, whatever its list.
fn revert_id(
    data: &mut ModelData,
    ours: &ModelData,
    id: &str,
    reason: &str,
    conflicts: &mut Vec<Conflict>,
) -> bool {
    revert_key(
        &mut data.nodes,
        &ours.nodes,
        id,
        ElementKind::Node,
        reason,
        conflicts,
    ) || revert_key(
        &mut data.zones,
        &ours.zones,
        id,
        ElementKind::Zone,
        reason,
        conflicts,
    ) || revert_key(
        &mut data.contracts,
        &ours.contracts,
        id,
        ElementKind::Contract,
        reason,
        conflicts,
    ) || revert_key(
        &mut data.links,
        &ours.links,
        id,
        ElementKind::Link,
        reason,
        conflicts,
    )
}
