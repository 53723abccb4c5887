//! The sections of a diff beyond element changes: moves, zone memberships, link exposure and
//! decisions.

use super::{DecisionChange, DecisionEvent, LinkRisk, LinkRiskChange, Membership, Move};
use crate::model::{Authn, DecisionStatus, Model};

/// A link's name: its label, or its ends by node name.
pub fn link_name(model: &Model, link: &crate::model::Link) -> String {
    if link.label.trim().is_empty() {
        format!(
            "{} → {}",
            node_name(model, &link.from),
            node_name(model, &link.to)
        )
    } else {
        link.label.clone()
    }
}

pub(super) fn node_name(model: &Model, id: &str) -> String {
    model
        .node(id)
        .map_or_else(|| id.to_owned(), |n| n.name.clone())
}

/// Nodes in both versions whose position changed.
pub(super) fn moves(old: &Model, new: &Model) -> Vec<Move> {
    let mut out: Vec<Move> = new
        .nodes()
        .filter(|n| old.node(&n.id).is_some())
        .filter_map(|n| {
            let from = old.layout.positions.get(&n.id).copied();
            let to = new.layout.positions.get(&n.id).copied();
            (from != to).then(|| Move {
                id: n.id.clone(),
                name: n.name.clone(),
                from,
                to,
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Nodes in both versions whose declared zone changed.
pub(super) fn memberships(old: &Model, new: &Model) -> Vec<Membership> {
    let mut out: Vec<Membership> = new
        .nodes()
        .filter_map(|n| {
            let before = old.node(&n.id)?;
            (before.zone != n.zone).then(|| Membership {
                node: n.id.clone(),
                name: n.name.clone(),
                from: before.zone.clone(),
                to: n.zone.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.node.cmp(&b.node));
    out
}

/// Links that now cross a boundary, no longer cross one, or lost TLS or authentication.
pub(super) fn link_risks(old: &Model, new: &Model) -> Vec<LinkRiskChange> {
    let mut out = Vec::new();
    let mut links: Vec<&crate::model::Link> = new.links().collect();
    links.sort_by(|a, b| a.id.cmp(&b.id));
    for link in links {
        let mut push = |risk| {
            out.push(LinkRiskChange {
                link: link.id.clone(),
                name: link_name(new, link),
                risk,
            })
        };
        let crossed: Vec<String> = new
            .boundaries_crossed(link)
            .iter()
            .map(|z| z.id.clone())
            .collect();
        let Some(before) = old.link(&link.id) else {
            if !crossed.is_empty() {
                push(LinkRisk::NowCrosses {
                    zones: crossed,
                    new_link: true,
                });
            }
            continue;
        };
        let was: Vec<String> = old
            .boundaries_crossed(before)
            .iter()
            .map(|z| z.id.clone())
            .collect();
        let added: Vec<String> = crossed
            .iter()
            .filter(|z| !was.contains(z))
            .cloned()
            .collect();
        if !added.is_empty() {
            push(LinkRisk::NowCrosses {
                zones: added,
                new_link: false,
            });
        } else if crossed.is_empty() && !was.is_empty() {
            push(LinkRisk::NoLongerCrosses);
        }
        if link.tls < before.tls {
            push(LinkRisk::TlsWeakened {
                old: before.tls,
                new: link.tls,
            });
        }
        if link.authn == Authn::None && before.authn != Authn::None {
            push(LinkRisk::AuthnRemoved {
                old: before.authn.clone(),
            });
        }
    }
    out
}

/// Decisions added, removed, superseded or changed in status.
pub(super) fn decision_events(old: &Model, new: &Model) -> Vec<DecisionChange> {
    let mut out = Vec::new();
    for d in &new.decisions {
        let event = match old.decision(d.number) {
            None => DecisionEvent::Added { status: d.status },
            Some(before) if before.status == d.status => continue,
            Some(before) => match d.status {
                DecisionStatus::SupersededBy(by) => DecisionEvent::Superseded { by },
                status => DecisionEvent::Status {
                    old: before.status,
                    new: status,
                },
            },
        };
        out.push(DecisionChange {
            number: d.number,
            title: d.title.clone(),
            event,
        });
    }
    for d in &old.decisions {
        if new.decision(d.number).is_none() {
            out.push(DecisionChange {
                number: d.number,
                title: d.title.clone(),
                event: DecisionEvent::Removed,
            });
        }
    }
    out.sort_by_key(|d| d.number);
    out
}
