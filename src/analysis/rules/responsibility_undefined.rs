//! `responsibility-undefined`: a client, server or peer that owns no stated logic or data.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "responsibility-undefined",
    title: "Responsibilities undefined",
    area: Area::Responsibilities,
    severity: Severity::Low,
    summary: "A client, server or peer states no logic or data it is responsible for.",
    why: "The paradigm starts by deciding which logic and data live on the client and which on the \
          server; a participant without stated responsibilities is where duplication and drift hide.",
    fix: "List the logic the node implements and the data it owns (and say so when it only relays).",
};

/// Flags clients, servers and peers with no non-blank responsibility.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (n, node) in ix.nodes.iter().enumerate() {
        let relevant = matches!(ix.tags[n], Tag::Client | Tag::Server | Tag::Peer);
        if !relevant
            || node
                .responsibilities
                .iter()
                .any(|r| !r.text().trim().is_empty())
        {
            continue;
        }
        let callers = ix.incoming[n].len();
        // Others depend on a server or peer that answers calls: its role matters more.
        let severity = if !node.kind.is_client() && callers > 0 {
            Severity::Medium
        } else {
            RULE.severity
        };
        let message = if callers > 0 && !node.kind.is_client() {
            format!(
                "{} ({}) answers {} but states no logic or data it is responsible for.",
                node.name,
                node.kind.in_words(),
                counted(callers, "link", "links")
            )
        } else {
            format!(
                "{} ({}) states no logic or data it is responsible for.",
                node.name,
                node.kind.in_words()
            )
        };
        out.push(Finding::new(&RULE, &node.id, severity, message, Vec::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn flags_participants_without_responsibilities() {
        let m = model(
            vec![],
            vec![client("spa"), server("api"), store("db", true)],
            vec![link("spa-api", "spa", "api"), link("api-db", "api", "db")],
        );
        let found = run(RULE.id, &m);
        let keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "responsibility-undefined@api",
                "responsibility-undefined@spa"
            ]
        );
        assert_eq!(found[0].severity, Severity::Medium);
        assert_eq!(found[1].severity, Severity::Low);
        assert!(found[0].message.contains("api service"));
    }

    #[test]
    fn quiet_when_responsibilities_are_stated() {
        let m = model(
            vec![],
            vec![
                owning(client("spa"), &["Render"], &[]),
                owning(server("api"), &[], &["Orders"]),
            ],
            vec![link("spa-api", "spa", "api")],
        );
        none(RULE.id, &m);
    }

    #[test]
    fn blank_responsibilities_do_not_count() {
        let m = model(vec![], vec![owning(peer("p"), &["  "], &[])], vec![]);
        assert_eq!(severity(RULE.id, &m), Severity::Low);
    }
}
