//! `data-owner-ambiguous`: the same data owned by several nodes that do not sync it.

use std::collections::BTreeMap;

use foldhash::HashSet;

use super::prelude::*;
use crate::analysis::index::{Groups, intern_loosely};
use crate::model::Responsibility;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "data-owner-ambiguous",
    title: "Data with more than one owner",
    area: Area::Responsibilities,
    severity: Severity::Medium,
    summary: "Two or more nodes claim to own the same data and no sync link joins them.",
    why: "Each piece of data needs one place that is right; copies owned in two places without a \
          synchronisation protocol diverge, which the paradigm's first step is meant to prevent.",
    fix: "Make one node the owner and have the others read from it, or add a sync link with a \
          conflict strategy between the copies.",
};

/// Flags groups of owners of the same data that are not joined by sync links.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (anchor, groups) in ambiguities(ix, &shared_data(ix)) {
        let sensitive_data = groups.iter().any(|g| g.2);
        let severity = if sensitive_data {
            Severity::High
        } else {
            RULE.severity
        };
        let parts: Vec<String> = groups
            .iter()
            .map(|(shown, owners, _)| {
                let names: Vec<&str> = owners.iter().map(|&o| ix.nodes[o].name.as_str()).collect();
                format!("\"{shown}\" is owned by {}", join_names(&names, 5))
            })
            .collect();
        let message = format!(
            "{}, with no sync link between the owners: nobody can say which copy is right.",
            parts.join("; ")
        );
        let mut elements: Vec<usize> = groups.iter().flat_map(|g| g.1.iter().copied()).collect();
        elements.sort_unstable();
        elements.dedup();
        let elements: Vec<String> = elements.iter().map(|&o| ix.nodes[o].id.clone()).collect();
        let anchor = &ix.nodes[anchor].id;
        out.push(Finding::new(&RULE, anchor, severity, message, elements));
    }
}

/// Each data name owned by two or more nodes: its owners (sorted, unique) and the name as the
/// first owner wrote it, sorted.
fn shared_data<'m>(ix: &ModelIndex<'m>) -> Vec<(Vec<usize>, &'m str)> {
    let claims: Vec<(usize, &str)> = ix
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(n, node)| {
            node.responsibilities.iter().filter_map(move |r| match r {
                Responsibility::Data(t) if !t.trim().is_empty() => Some((n, t.trim())),
                _ => None,
            })
        })
        .collect();
    let (group, count) = intern_loosely(claims.iter().map(|c| c.1));
    let by_name = Groups::new(&group, count);
    let mut owners: Vec<(Vec<usize>, &str)> = by_name
        .iter()
        .filter(|members| members.len() >= 2)
        .filter_map(|members| {
            let shown = claims[*members.first()?].1;
            let mut list: Vec<usize> = members.iter().map(|&c| claims[c].0).collect();
            list.dedup();
            (list.len() >= 2).then_some((list, shown))
        })
        .collect();
    owners.sort_unstable();
    owners
}

/// The shared data whose owners are not all joined by sync links, grouped by anchor (the owner
/// with the smallest id, which keys the finding).
fn ambiguities<'a>(
    ix: &ModelIndex<'_>,
    owners: &'a [(Vec<usize>, &'a str)],
) -> BTreeMap<usize, Vec<Ambiguity<'a>>> {
    let mut anchored: BTreeMap<usize, Vec<Ambiguity<'_>>> = BTreeMap::new();
    if owners.is_empty() {
        return anchored;
    }
    let component = sync_components(ix);
    for (list, shown) in owners {
        let owners = without_custodians(ix, list);
        let first = owners.first().map(|&o| component[o]);
        if owners.len() < 2 || owners.iter().all(|&o| Some(component[o]) == first) {
            continue;
        }
        let secret = sensitive(ix.class_of_data(shown));
        let Some(anchor) = owners.iter().copied().min() else {
            continue;
        };
        anchored
            .entry(anchor)
            .or_default()
            .push((shown, owners, secret));
    }
    anchored
}

/// One data name, its owners (positions) and whether the data is confidential or secret.
type Ambiguity<'a> = (&'a str, Vec<usize>, bool);

/// Drops stores linked directly to another owner: they keep that owner's data, not their own.
fn without_custodians(ix: &ModelIndex<'_>, owners: &[usize]) -> Vec<usize> {
    let keepers: HashSet<usize> = owners
        .iter()
        .copied()
        .filter(|&o| !ix.nodes[o].kind.is_store())
        .collect();
    owners
        .iter()
        .copied()
        .filter(|&o| {
            !ix.nodes[o].kind.is_store()
                || !ix.outgoing[o]
                    .iter()
                    .map(|&li| ix.ends[li].1)
                    .chain(ix.incoming[o].iter().map(|&li| ix.ends[li].0))
                    .any(|other| keepers.contains(&other))
        })
        .collect()
}

/// For each node, a representative of the group of nodes joined to it by sync links.
fn sync_components(ix: &ModelIndex<'_>) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..ix.nodes.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (li, f) in ix.facts.iter().enumerate() {
        if f.sync && ix.is_attached(li) {
            let (a, b) = ix.ends[li];
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
    }
    (0..parent.len()).map(|x| find(&mut parent, x)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{SyncDirection, SyncSpec, SyncStrategy};

    fn two_owners(sync: bool, class: Classification) -> crate::model::Model {
        let mut l = carrying(link("a-b", "a", "b"), class);
        l.data[0].0 = "Orders".into();
        if sync {
            l.sync = Some(SyncSpec {
                strategy: SyncStrategy::Crdt,
                direction: SyncDirection::Both,
            });
        }
        model(
            vec![],
            vec![
                owning(server("a"), &[], &["Orders"]),
                owning(server("b"), &[], &[" orders "]),
            ],
            vec![l],
        )
    }

    #[test]
    fn flags_unsynced_owners_with_severity_by_data() {
        let f = one(RULE.id, &two_owners(false, Classification::Internal));
        assert_eq!(f.key, "data-owner-ambiguous@a");
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.elements, ["a", "b"]);
        assert!(
            f.message
                .contains("\"Orders\" is owned by a service and b service")
        );
        let f = one(RULE.id, &two_owners(false, Classification::Confidential));
        assert_eq!(f.severity, Severity::High);
    }

    #[test]
    fn quiet_when_synced_or_kept_in_the_owners_store() {
        none(RULE.id, &two_owners(true, Classification::Secret));
        let m = model(
            vec![],
            vec![
                owning(server("api"), &[], &["Orders"]),
                owning(store("db", true), &[], &["Orders"]),
            ],
            vec![link("api-db", "api", "db")],
        );
        none(RULE.id, &m);
    }

    #[test]
    fn shared_database_still_flags_the_two_servers() {
        let m = model(
            vec![],
            vec![
                owning(server("a"), &[], &["Orders"]),
                owning(server("b"), &[], &["Orders"]),
                owning(store("db", true), &[], &["Orders"]),
            ],
            vec![link("a-db", "a", "db"), link("b-db", "b", "db")],
        );
        assert_eq!(one(RULE.id, &m).elements, ["a", "b"]);
    }
}
