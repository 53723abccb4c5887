//! `offline-client-no-sync`: an offline-first client with no way to reconcile its changes.

use super::prelude::*;
use crate::model::{Responsibility, SyncStrategy};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "offline-client-no-sync",
    title: "Offline client without synchronisation",
    area: Area::Connectivity,
    severity: Severity::Medium,
    summary: "An offline-first client has no sync link, or none of its sync links states how \
              conflicting changes are resolved.",
    why: "A client that keeps working without a connection must reconcile what it changed offline; \
          the paradigm's connectivity step calls for offline caching with a synchronisation protocol.",
    fix: "Add a sync link to the server or peer that holds the data, with a conflict strategy \
          (CRDT, last-write-wins, operational transform or manual merge) and a direction.",
};

/// Flags offline-first clients without a sync link that has a chosen strategy.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (n, node) in ix.nodes.iter().enumerate() {
        if ix.tags[n] != Tag::Client {
            continue;
        }
        let NodeKind::Client {
            offline_first: true,
            ..
        } = node.kind
        else {
            continue;
        };
        let syncs: Vec<usize> = ix.outgoing[n]
            .iter()
            .chain(&ix.incoming[n])
            .copied()
            .filter(|&li| ix.links[li].sync.is_some())
            .collect();
        let resolved = syncs.iter().any(|&li| {
            ix.links[li]
                .sync
                .as_ref()
                .is_some_and(|s| s.strategy != SyncStrategy::Unspecified)
        });
        if resolved {
            continue;
        }
        // Data the client owns is what offline edits change, and what a missing merge loses.
        let owns_data = node
            .responsibilities
            .iter()
            .any(|r| matches!(r, Responsibility::Data(d) if !d.trim().is_empty()));
        let severity = if owns_data {
            Severity::High
        } else {
            RULE.severity
        };
        let message = if syncs.is_empty() {
            format!(
                "{} works offline but has no sync link: changes made offline have no way back.",
                node.name
            )
        } else {
            let names: Vec<String> = syncs.iter().map(|&li| ix.link_name(li)).collect();
            let (links, state) = if names.len() == 1 {
                ("sync link", "states")
            } else {
                ("sync links", "state")
            };
            format!(
                "{} works offline but its {links} {} {state} no conflict strategy.",
                node.name,
                join_names(&names, 3)
            )
        };
        let elements: Vec<String> = syncs.iter().map(|&li| ix.links[li].id.clone()).collect();
        out.push(Finding::new(&RULE, &node.id, severity, message, elements));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{ClientPlatform, SyncDirection, SyncSpec, Thickness};

    fn app(owns: bool, strategy: Option<SyncStrategy>) -> crate::model::Model {
        let mut c = client_on("app", ClientPlatform::Mobile, Thickness::Thick, true);
        if owns {
            c = owning(c, &[], &["Notes"]);
        }
        let mut l = link("app-api", "app", "api");
        l.sync = strategy.map(|strategy| SyncSpec {
            strategy,
            direction: SyncDirection::Both,
        });
        model(vec![], vec![c, server("api")], vec![l])
    }

    #[test]
    fn flags_offline_clients_without_a_strategy() {
        let f = one(RULE.id, &app(false, None));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("offline-client-no-sync@app", Severity::Medium)
        );
        assert!(f.message.contains("no sync link"));
        let f = one(RULE.id, &app(true, Some(SyncStrategy::Unspecified)));
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.elements, ["app", "app-api"]);
    }

    #[test]
    fn quiet_with_a_strategy_or_online_clients() {
        none(RULE.id, &app(true, Some(SyncStrategy::Crdt)));
        none(RULE.id, &model(vec![], vec![client("spa")], vec![]));
    }
}
