//! Builders for the edits people make: each reads the model and returns the [`Patch`] that makes it,
//! including every knock-on change (deleting a node takes its links, position and references along).

use std::collections::BTreeSet;

use super::patch::{Change, Delta, Meta, Patch};
use crate::model::{
    ClientRelease, Contract, Decision, Link, Model, Node, Point, Triage, TrustZone, ZoneKind,
};

/// Adds a node at a position.
pub fn add_node(node: Node, at: Point) -> Patch {
    let mut p = Patch::new(format!("Add {}", node.kind.label()));
    p.push(Change::Position {
        node: node.id.clone(),
        delta: Delta::new(None, Some(at)),
    });
    p.push(Change::Node(Delta::new(None, Some(node))));
    p
}

/// Adds a link.
pub fn add_link(link: Link) -> Patch {
    let mut p = Patch::new("Connect");
    p.push(Change::Link(Delta::new(None, Some(link))));
    p
}

/// Replaces a node with an edited copy (same id).
pub fn set_node(model: &Model, node: Node, label: &str) -> Patch {
    let mut p = Patch::new(label);
    p.push(Change::Node(Delta::new(
        model.node(&node.id).cloned(),
        Some(node),
    )));
    p
}

/// Replaces a link with an edited copy (same id).
pub fn set_link(model: &Model, link: Link, label: &str) -> Patch {
    let mut p = Patch::new(label);
    p.push(Change::Link(Delta::new(
        model.link(&link.id).cloned(),
        Some(link),
    )));
    p
}

/// Adds or replaces a trust zone (keyed by id).
pub fn set_zone(model: &Model, zone: TrustZone, label: &str) -> Patch {
    let mut p = Patch::new(label);
    p.push(Change::Zone(Delta::new(
        model.zone(&zone.id).cloned(),
        Some(zone),
    )));
    p
}

/// Adds or replaces a contract (keyed by id).
pub fn set_contract(model: &Model, contract: Contract, label: &str) -> Patch {
    let mut p = Patch::new(label);
    let before = model.contract(&contract.id).cloned();
    p.push(Change::Contract(Delta::new(before, Some(contract))));
    p
}

/// Adds, replaces (`old` given) or removes (`new` empty) a client release.
pub fn set_release(
    model: &Model,
    old: Option<(&str, &str)>,
    new: Option<ClientRelease>,
    label: &str,
) -> Patch {
    let mut p = Patch::new(label);
    let before = old.and_then(|(c, v)| {
        model
            .releases
            .iter()
            .find(|r| r.client == c && r.version == v)
            .cloned()
    });
    let same_key = match (&before, &new) {
        (Some(b), Some(n)) => b.client == n.client && b.version == n.version,
        _ => false,
    };
    if same_key || new.is_none() {
        p.push(Change::Release(Delta::new(before, new)));
    } else {
        if before.is_some() {
            p.push(Change::Release(Delta::new(before, None)));
        }
        p.push(Change::Release(Delta::new(None, new)));
    }
    p
}

/// Adds or replaces a decision (keyed by number).
pub fn set_decision(model: &Model, decision: Decision, label: &str) -> Patch {
    let mut p = Patch::new(label);
    let before = model.decision(decision.number).cloned();
    p.push(Change::Decision(Delta::new(before, Some(decision))));
    p
}

/// Removes a decision, and clears "superseded by" pointers to it.
pub fn remove_decision(model: &Model, number: u32) -> Patch {
    let mut p = Patch::new(format!("Delete decision {number}"));
    for d in &model.decisions {
        if d.status == crate::model::DecisionStatus::SupersededBy(number) {
            let mut after = d.clone();
            after.status = crate::model::DecisionStatus::Deprecated;
            p.push(Change::Decision(Delta::new(Some(d.clone()), Some(after))));
        }
    }
    if let Some(d) = model.decision(number) {
        p.push(Change::Decision(Delta::new(Some(d.clone()), None)));
    }
    p
}

/// Sets (or with `None` clears) the triage of a finding.
pub fn set_triage(model: &Model, finding: &str, triage: Option<Triage>) -> Patch {
    let mut p = Patch::new(if triage.is_some() {
        "Triage finding"
    } else {
        "Clear triage"
    });
    let before = model.triage.iter().find(|t| t.finding == finding).cloned();
    p.push(Change::Triage(Delta::new(before, triage)));
    p
}

/// Changes the model's name, description, settings or zone padding.
pub fn set_meta(model: &Model, meta: Meta, label: &str) -> Patch {
    let mut p = Patch::new(label);
    p.push(Change::Meta(Delta::new(Some(Meta::of(model)), Some(meta))));
    p
}

/// Moves nodes to new positions.
pub fn move_nodes(model: &Model, moves: &[(String, Point)]) -> Patch {
    let label = match moves.len() {
        1 => "Move node".to_owned(),
        n => format!("Move {n} nodes"),
    };
    let mut p = Patch::new(label);
    p.extend(
        moves
            .iter()
            .filter(|(id, _)| model.node(id).is_some())
            .map(|(id, to)| Change::Position {
                node: id.clone(),
                delta: Delta::new(model.layout.positions.get(id).copied(), Some(*to)),
            }),
    );
    p
}

/// Puts nodes in a zone (`None`: in no zone).
pub fn set_nodes_zone(model: &Model, ids: &[String], zone: Option<&str>) -> Patch {
    let mut p = Patch::new(match zone {
        Some(_) => "Move into zone",
        None => "Move out of zone",
    });
    let mut changes = Vec::new();
    for id in ids {
        if let Some(n) = model.node(id)
            && n.zone.as_deref() != zone
        {
            let mut after = n.clone();
            after.zone = zone.map(str::to_owned);
            changes.push(Change::Node(Delta::new(Some(n.clone()), Some(after))));
        }
    }
    p.extend(changes);
    p
}

/// Creates a zone around the given nodes, nested in the zone they all share (if any).
pub fn group_into_zone(model: &Model, ids: &[String], zone_id: &str, name: &str) -> Patch {
    let zones: BTreeSet<Option<&str>> = ids
        .iter()
        .filter_map(|id| model.node(id))
        .map(|n| n.zone.as_deref())
        .collect();
    let parent = match zones.iter().collect::<Vec<_>>().as_slice() {
        [only] => only.map(str::to_owned),
        _ => None,
    };
    let trust = parent
        .as_deref()
        .and_then(|p| model.zone(p))
        .map_or(1, |z| z.trust.saturating_add(1));
    let mut zone = TrustZone::new(zone_id, name, ZoneKind::Internal, trust);
    zone.parent = parent;
    let mut p = Patch::new("Group into trust zone");
    p.push(Change::Zone(Delta::new(None, Some(zone))));
    p.merge(set_nodes_zone(model, ids, Some(zone_id)));
    p.label = "Group into trust zone".into();
    p
}

/// Deletes elements by id (nodes, links, zones, contracts) with every knock-on change.
pub fn delete(model: &Model, ids: &[String]) -> Patch {
    let mut p = Patch::new(match ids.len() {
        1 => "Delete".to_owned(),
        n => format!("Delete {n} elements"),
    });
    let gone: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    // Every element is changed once: gathered first, then added in one pass (`Patch::extend`).
    let mut changes = Vec::new();
    let contracts: BTreeSet<String> = model
        .contracts
        .iter()
        .filter(|c| gone.contains(c.id.as_str()) || gone.contains(c.provider.as_str()))
        .map(|c| c.id.clone())
        .collect();
    let nodes: BTreeSet<&str> = gone
        .iter()
        .copied()
        .filter(|id| model.node(id).is_some())
        .collect();
    for l in model.links() {
        if gone.contains(l.id.as_str())
            || nodes.contains(l.from.as_str())
            || nodes.contains(l.to.as_str())
        {
            changes.push(Change::Link(Delta::new(Some(l.clone()), None)));
        } else if l.contract.as_ref().is_some_and(|c| contracts.contains(c)) {
            let mut after = l.clone();
            after.contract = None;
            changes.push(Change::Link(Delta::new(Some(l.clone()), Some(after))));
        }
    }
    for id in &nodes {
        if let Some(n) = model.node(id) {
            changes.push(Change::Node(Delta::new(Some(n.clone()), None)));
        }
        if let Some(pos) = model.layout.positions.get(*id) {
            changes.push(Change::Position {
                node: (*id).to_owned(),
                delta: Delta::new(Some(*pos), None),
            });
        }
        // A deleted node leaves no pin behind; undo brings the pin back with the node.
        if model.layout.pinned.contains(*id) {
            changes.push(Change::Pin {
                node: (*id).to_owned(),
                delta: Delta::new(Some(()), None),
            });
        }
    }
    delete_zones(model, &gone, &nodes, &mut changes);
    for c in &model.contracts {
        if contracts.contains(&c.id) {
            changes.push(Change::Contract(Delta::new(Some(c.clone()), None)));
        }
    }
    for r in &model.releases {
        if nodes.contains(r.client.as_str()) {
            changes.push(Change::Release(Delta::new(Some(r.clone()), None)));
        } else if r.needs.iter().any(|n| contracts.contains(&n.0)) {
            let mut after = r.clone();
            after.needs.retain(|n| !contracts.contains(&n.0));
            changes.push(Change::Release(Delta::new(Some(r.clone()), Some(after))));
        }
    }
    // Everything removed, cascades included, leaves the decisions that concern it.
    let removed: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Link(Delta {
                before: Some(l),
                after: None,
            }) => Some(l.id.clone()),
            Change::Node(Delta {
                before: Some(n),
                after: None,
            }) => Some(n.id.clone()),
            Change::Zone(Delta {
                before: Some(z),
                after: None,
            }) => Some(z.id.clone()),
            Change::Contract(Delta {
                before: Some(k),
                after: None,
            }) => Some(k.id.clone()),
            _ => None,
        })
        .collect();
    for d in &model.decisions {
        if d.concerns.iter().any(|e| removed.contains(e)) {
            let mut after = d.clone();
            after.concerns.retain(|e| !removed.contains(e));
            changes.push(Change::Decision(Delta::new(Some(d.clone()), Some(after))));
        }
    }
    p.extend(changes);
    p
}

/// Removes zones; their members and sub-zones move up to the removed zone's parent.
fn delete_zones(model: &Model, gone: &BTreeSet<&str>, nodes: &BTreeSet<&str>, p: &mut Vec<Change>) {
    // The nearest surviving ancestor of a zone (skipping zones deleted together).
    let surviving = |start: Option<&str>| -> Option<String> {
        model
            .zone_chain(start)
            .into_iter()
            .find(|z| !gone.contains(z.id.as_str()))
            .map(|z| z.id.clone())
    };
    for z in &model.zones {
        if gone.contains(z.id.as_str()) {
            p.push(Change::Zone(Delta::new(Some(z.clone()), None)));
        } else if z.parent.as_deref().is_some_and(|pid| gone.contains(pid)) {
            let mut after = z.clone();
            after.parent = surviving(z.parent.as_deref());
            p.push(Change::Zone(Delta::new(Some(z.clone()), Some(after))));
        }
    }
    for n in model.nodes() {
        if nodes.contains(n.id.as_str()) {
            continue;
        }
        if n.zone.as_deref().is_some_and(|z| gone.contains(z)) {
            let mut after = n.clone();
            after.zone = surviving(n.zone.as_deref());
            p.push(Change::Node(Delta::new(Some(n.clone()), Some(after))));
        }
    }
}

/// Pins (or unpins) nodes for automatic layouts, as one edit; ids of no node are skipped.
pub fn set_pinned(model: &Model, ids: &[String], pinned: bool) -> Patch {
    let nodes: Vec<&String> = ids.iter().filter(|id| model.node(id).is_some()).collect();
    let verb = if pinned { "Pin" } else { "Unpin" };
    let mut p = Patch::new(match nodes.len() {
        1 => format!("{verb} node"),
        n => format!("{verb} {n} nodes"),
    });
    let mut changes = Vec::new();
    for id in nodes {
        let before = model.layout.pinned.contains(id.as_str()).then_some(());
        changes.push(Change::Pin {
            node: id.clone(),
            delta: Delta::new(before, pinned.then_some(())),
        });
    }
    p.extend(changes);
    p.changes
        .retain(|c| !matches!(c, Change::Pin { delta, .. } if delta.before == delta.after));
    p
}

/// Replaces several nodes with edited copies (same ids) as one edit.
pub fn set_nodes(model: &Model, nodes: Vec<Node>, label: &str) -> Patch {
    set_each(label, nodes, |n| {
        Change::Node(Delta::new(model.node(&n.id).cloned(), Some(n)))
    })
}

/// Replaces several links with edited copies (same ids) as one edit.
pub fn set_links(model: &Model, links: Vec<Link>, label: &str) -> Patch {
    set_each(label, links, |l| {
        Change::Link(Delta::new(model.link(&l.id).cloned(), Some(l)))
    })
}

/// Adds or replaces several trust zones (keyed by id) as one edit.
pub fn set_zones(model: &Model, zones: Vec<TrustZone>, label: &str) -> Patch {
    set_each(label, zones, |z| {
        Change::Zone(Delta::new(model.zone(&z.id).cloned(), Some(z)))
    })
}

/// One patch labelled `label` with the change `change` makes of each of `items`.
fn set_each<E>(label: &str, items: Vec<E>, change: impl Fn(E) -> Change) -> Patch {
    let mut p = Patch::new(label);
    p.extend(items.into_iter().map(change));
    p
}
