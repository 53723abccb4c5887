//! `no-telemetry`: an endpoint whose incoming calls are not logged, traced or metered.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "no-telemetry",
    title: "No telemetry",
    area: Area::Security,
    severity: Severity::Low,
    summary: "A server, gateway or store receives calls on links without telemetry.",
    why: "The paradigm asks for detailed telemetry on every endpoint: without it, abuse, failures \
          and version-skew problems in the field go unseen.",
    fix: "Log, trace and meter the calls on these links (or at the receiving node) and mark them \
          as having telemetry.",
};

/// Flags each server, gateway or store with incoming network links that lack telemetry.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (n, node) in ix.nodes.iter().enumerate() {
        let endpoint = matches!(ix.tags[n], Tag::Server | Tag::Gateway | Tag::Store);
        if !endpoint {
            continue;
        }
        // Most endpoints are fine: look before collecting anything.
        let is_dark = |li: &usize| ix.facts[*li].network && !ix.facts[*li].telemetry;
        if !ix.incoming[n].iter().any(is_dark) {
            continue;
        }
        let calls = ix.incoming[n]
            .iter()
            .filter(|&&li| ix.is_network(li))
            .count();
        let dark: Vec<usize> = ix.incoming[n].iter().copied().filter(is_dark).collect();
        // Calls from another zone or with confidential data are the ones an incident review needs.
        let exposed = dark
            .iter()
            .any(|&li| ix.crosses(li) || sensitive(ix.facts[li].class));
        let severity = if exposed {
            Severity::Medium
        } else {
            RULE.severity
        };
        let names: Vec<String> = dark.iter().take(3).map(|&li| ix.link_name(li)).collect();
        let message = format!(
            "{} has no telemetry on {} of its {}: {}.",
            node.name,
            dark.len(),
            counted(calls, "incoming link", "incoming links"),
            join_shown(&names, dark.len())
        );
        let elements: Vec<String> = dark.iter().map(|&li| ix.links[li].id.clone()).collect();
        out.push(Finding::new(&RULE, &node.id, severity, message, elements));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn flags_endpoints_by_node() {
        let m = model(
            zones(),
            vec![
                zoned(client("spa"), "internet"),
                zoned(server("api"), "core"),
                zoned(store("db", true), "core"),
                node("u", NodeKind::Actor),
            ],
            vec![
                link("spa-api", "spa", "api"),
                link("api-db", "api", "db"),
                link("u-spa", "u", "spa"),
            ],
        );
        let found = run(RULE.id, &m);
        let got: Vec<(&str, Severity)> =
            found.iter().map(|f| (f.key.as_str(), f.severity)).collect();
        assert_eq!(
            got,
            [
                ("no-telemetry@api", Severity::Medium),
                ("no-telemetry@db", Severity::Low)
            ]
        );
        assert_eq!(found[1].elements, ["db", "api-db"]);
        assert!(
            found[1]
                .message
                .contains("1 of its 1 incoming link: api service → db store")
        );
    }

    #[test]
    fn quiet_with_telemetry() {
        let m = model(
            vec![],
            vec![client("spa"), server("api")],
            vec![good_link("spa-api", "spa", "api")],
        );
        none(RULE.id, &m);
    }
}
