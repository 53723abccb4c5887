//! `duplicate-name`: two nodes, zones or contracts with the same name.

use super::prelude::*;
use crate::analysis::index::{Groups, intern_loosely};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "duplicate-name",
    title: "Duplicate name",
    area: Area::Hygiene,
    severity: Severity::Low,
    summary: "Two or more nodes (or zones, or contracts) share a name, ignoring case and spacing.",
    why: "Diagrams, ADRs and reviews refer to elements by name; two with the same name make every \
          discussion of them ambiguous.",
    fix: "Rename the elements so each name says which one it is (\"Orders API (EU)\").",
};

/// Flags each group of same-named elements of one kind, keyed by the group's least id.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let nodes = ix.nodes.iter().map(|n| (n.id.as_str(), n.name.as_str()));
    report(out, "nodes", nodes);
    let zones = ix.zones.iter().map(|z| (z.id.as_str(), z.name.as_str()));
    report(out, "trust zones", zones);
    let contracts = ix
        .contracts
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()));
    report(out, "contracts", contracts);
}

fn report<'a>(
    out: &mut Vec<Finding>,
    what: &str,
    elements: impl Iterator<Item = (&'a str, &'a str)>,
) {
    let named: Vec<(&str, &str)> = elements
        .filter(|(_, name)| !name.trim().is_empty())
        .collect();
    let (group, count) = intern_loosely(named.iter().map(|e| e.1));
    let groups = Groups::new(&group, count);
    for members in groups.iter().filter(|g| g.len() > 1) {
        let mut group: Vec<(&str, &str)> = members.iter().map(|&i| named[i]).collect();
        group.sort_unstable();
        let ids: Vec<String> = group.iter().map(|(id, _)| (*id).to_owned()).collect();
        let message = format!(
            "{} {what} are named \"{}\" ({}).",
            group.len(),
            group[0].1.trim(),
            join_names(&ids, 5)
        );
        out.push(Finding::new(
            &RULE,
            &ids[0],
            RULE.severity,
            message,
            ids.clone(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn groups_by_name_within_a_kind() {
        let mut a = server("b-api");
        a.name = "Orders".into();
        let mut b = server("a-api");
        b.name = " orders ".into();
        let mut zone = crate::model::TrustZone::new("z", "Orders", crate::model::ZoneKind::Dmz, 1);
        zone.description = "same name as the nodes, but a different kind".into();
        let m = model(vec![zone], vec![zoned(a, "z"), b], vec![]);
        let f = one(RULE.id, &m);
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("duplicate-name@a-api", Severity::Low)
        );
        assert_eq!(f.elements, ["a-api", "b-api"]);
        assert_eq!(f.message, "2 nodes are named \"orders\" (a-api and b-api).");
    }

    #[test]
    fn quiet_for_distinct_names() {
        none(
            RULE.id,
            &model(vec![], vec![server("a"), server("b")], vec![]),
        );
    }
}
