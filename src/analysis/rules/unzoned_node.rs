//! `unzoned-node`: a node outside every zone in a model that has zones.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "unzoned-node",
    title: "Node outside every trust zone",
    area: Area::Hygiene,
    severity: Severity::Low,
    summary: "The model has trust zones but this node (other than a person) is in none of them.",
    why: "Boundary crossings are computed from zone membership; a node in no zone leaves every \
          boundary rule guessing about the links that touch it.",
    fix: "Place the node in the zone it runs in (the internet or a partner zone for third parties \
          and users' devices).",
};

/// Flags nodes without a zone when zones exist; people are left out.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    if !ix.has_zones() {
        return;
    }
    for (n, node) in ix.nodes.iter().enumerate() {
        // Most nodes are zoned: the compact lookup answers without reading the node itself.
        if ix.zone_of(n).is_some() || ix.tags[n] == Tag::Actor || node.zone.is_some() {
            continue;
        }
        let held = ix.class_held_by(n);
        let severity = if sensitive(held) {
            Severity::Medium
        } else {
            RULE.severity
        };
        let message = format!(
            "{} ({}) is in no trust zone{}.",
            node.name,
            node.kind.in_words(),
            if sensitive(held) {
                ", though confidential data passes through it"
            } else {
                ""
            }
        );
        out.push(Finding::new(&RULE, &node.id, severity, message, Vec::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn flags_unzoned_nodes_when_zones_exist() {
        let m = model(
            zones(),
            vec![
                zoned(server("api"), "core"),
                server("lost"),
                node("u", NodeKind::Actor),
            ],
            vec![carrying(
                link("lost-api", "lost", "api"),
                Classification::Public,
            )],
        );
        let f = one(RULE.id, &m);
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("unzoned-node@lost", Severity::Low)
        );
        let m = model(
            zones(),
            vec![zoned(server("api"), "core"), server("lost")],
            vec![carrying(
                link("lost-api", "lost", "api"),
                Classification::Secret,
            )],
        );
        assert_eq!(severity(RULE.id, &m), Severity::Medium);
    }

    #[test]
    fn quiet_without_zones() {
        none(RULE.id, &model(vec![], vec![server("api")], vec![]));
    }
}
