//! `empty-zone`: a trust zone with no nodes in it or in any zone nested in it.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "empty-zone",
    title: "Empty trust zone",
    area: Area::Hygiene,
    severity: Severity::Info,
    summary: "A trust zone holds no nodes, directly or through nested zones.",
    why: "Trust boundaries are drawn around participants; a zone with none inside protects nothing \
          and makes the boundary picture harder to read.",
    fix: "Place the nodes that belong in the zone, or remove the zone.",
};

/// Flags zones no node lies in, directly or nested.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let populated = ix.populated_zones();
    for (z, zone) in ix.zones.iter().enumerate() {
        if !populated[z] {
            let message = format!(
                "Trust zone {} ({}) holds no nodes.",
                zone.name,
                zone.kind.label()
            );
            out.push(Finding::new(
                &RULE,
                &zone.id,
                RULE.severity,
                message,
                Vec::new(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn nested_members_fill_outer_zones() {
        let m = model(zones(), vec![zoned(server("api"), "core")], vec![]);
        let f = one(RULE.id, &m);
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("empty-zone@internet", Severity::Info)
        );
        assert!(f.message.contains("Internet (Internet)"));
    }

    #[test]
    fn quiet_when_every_zone_holds_something() {
        let m = model(
            zones(),
            vec![
                zoned(client("spa"), "internet"),
                zoned(server("api"), "core"),
            ],
            vec![],
        );
        none(RULE.id, &m);
    }
}
