//! The sections of a diff beyond element changes: moves, zone memberships, link exposure and
//! decisions.

use super::{DecisionChange, DecisionEvent, LinkRisk, LinkRiskChange, Membership, Move};
use std::collections::HashMap;

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
    let (old_chains, new_chains) = (Chains::of(old), Chains::of(new));
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
        let crossed = new_chains.crossed(new, link);
        let Some(before) = old.link(&link.id) else {
            if !crossed.is_empty() {
                push(LinkRisk::NowCrosses {
                    zones: crossed,
                    new_link: true,
                });
            }
            continue;
        };
        let was = old_chains.crossed(old, before);
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

/// Each zone's chain of enclosing zones (itself first), worked out once: asking the model per
/// link scans the zone list at every step.
struct Chains<'m>(HashMap<&'m str, Vec<&'m str>>);

impl<'m> Chains<'m> {
    fn of(model: &'m Model) -> Self {
        Chains(
            model
                .zones
                .iter()
                .map(|z| {
                    let chain = model
                        .zone_chain(Some(&z.id))
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect();
                    (z.id.as_str(), chain)
                })
                .collect(),
        )
    }

    /// The boundaries a link crosses, as [`Model::boundaries_crossed`] lists them: zones around
    /// the source not around the target, then the reverse.
    fn crossed(&self, model: &Model, link: &crate::model::Link) -> Vec<String> {
        let chain = |node: &str| -> &[&str] {
            model
                .node(node)
                .and_then(|n| n.zone.as_deref())
                .and_then(|z| self.0.get(z))
                .map_or(&[], Vec::as_slice)
        };
        let (from, to) = (chain(&link.from), chain(&link.to));
        let leaving = from.iter().filter(|z| !to.contains(z));
        let entering = to.iter().filter(|z| !from.contains(z));
        leaving.chain(entering).map(|z| (*z).to_owned()).collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_chains_cross_the_same_boundaries_as_the_model_says() {
        for model in [
            crate::examples::template("web-app").expect("template"),
            crate::generate::synthetic(300, 7),
        ] {
            let chains = Chains::of(&model);
            for link in model.links() {
                let expected: Vec<String> = model
                    .boundaries_crossed(link)
                    .iter()
                    .map(|z| z.id.clone())
                    .collect();
                assert_eq!(chains.crossed(&model, link), expected, "{}", link.id);
            }
        }
    }
}
