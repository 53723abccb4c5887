//! `p2p-no-conflict-strategy`: peers that share data both ways with no conflict resolution.

use super::prelude::*;
use crate::model::{Responsibility, SyncDirection, SyncStrategy};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "p2p-no-conflict-strategy",
    title: "Peers share data without a conflict strategy",
    area: Area::Connectivity,
    severity: Severity::High,
    summary: "A link between two peers carries or syncs data in both directions without a conflict \
              strategy (CRDT, last-write-wins, operational transform, manual merge).",
    why: "In a peer-to-peer model data conflicts are inevitable; the paradigm asks for a formal \
          conflict-resolution strategy designed in from the beginning.",
    fix: "Choose the conflict strategy for the shared data (CRDTs for collaborative state, \
          last-write-wins for settings, manual merge for documents) and set it on the sync link.",
};

/// Flags peer-to-peer links with evidence of shared data and no strategy for two-way changes.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        if f.from != Tag::Peer || f.to != Tag::Peer {
            continue;
        }
        let (link, Some((a, b))) = (ix.links[li], ix.link_nodes(li)) else {
            continue;
        };
        let strategy = link.sync.as_ref().map(|s| (s.strategy, s.direction));
        let unresolved = match strategy {
            None => true,
            // One-way replication cannot conflict.
            Some((SyncStrategy::Unspecified, SyncDirection::Both)) => true,
            Some(_) => false,
        };
        if !unresolved {
            continue;
        }
        let declared = !link.data.is_empty() || link.sync.is_some();
        let owns = |n: &crate::model::Node| {
            n.responsibilities
                .iter()
                .any(|r| matches!(r, Responsibility::Data(d) if !d.trim().is_empty()))
        };
        if !(declared || owns(a) && owns(b)) {
            continue;
        }
        // Only responsibilities hint at sharing: likely, but less certain than declared data.
        let severity = if declared {
            RULE.severity
        } else {
            Severity::Medium
        };
        let message = ix.link_message(
            li,
            format_args!(
                " shares data between two peers with no conflict strategy: concurrent edits will \
                 conflict."
            ),
        );
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::SyncSpec;

    fn pair(data: bool, sync: Option<(SyncStrategy, SyncDirection)>) -> crate::model::Model {
        let mut l = link("a-b", "a", "b");
        l.bidirectional = true;
        if data {
            l = carrying(l, Classification::Internal);
        }
        l.sync = sync.map(|(strategy, direction)| SyncSpec {
            strategy,
            direction,
        });
        model(
            vec![],
            vec![
                owning(peer("a"), &[], &["Doc"]),
                owning(peer("b"), &[], &["Doc"]),
            ],
            vec![l],
        )
    }

    #[test]
    fn flags_unresolved_sharing() {
        let f = one(RULE.id, &pair(true, None));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("p2p-no-conflict-strategy@a-b", Severity::High)
        );
        assert_eq!(f.elements, ["a-b"]);
        let unspecified = Some((SyncStrategy::Unspecified, SyncDirection::Both));
        assert_eq!(severity(RULE.id, &pair(false, unspecified)), Severity::High);
        assert_eq!(severity(RULE.id, &pair(false, None)), Severity::Medium);
    }

    #[test]
    fn quiet_with_strategy_or_one_way() {
        none(
            RULE.id,
            &pair(true, Some((SyncStrategy::Crdt, SyncDirection::Both))),
        );
        none(
            RULE.id,
            &pair(true, Some((SyncStrategy::Unspecified, SyncDirection::Push))),
        );
        let m = model(
            vec![],
            vec![peer("a"), peer("b")],
            vec![link("a-b", "a", "b")],
        );
        none(RULE.id, &m);
    }
}
