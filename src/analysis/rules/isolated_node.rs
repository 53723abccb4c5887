//! `isolated-node`: a node with no links at all.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "isolated-node",
    title: "Isolated node",
    area: Area::Hygiene,
    severity: Severity::Low,
    summary: "A node has no links to or from anything.",
    why: "Every participant in a client-server or peer-to-peer design talks to something; an \
          unconnected node is either missing its links or no longer part of the system.",
    fix: "Draw the links the node takes part in, or remove it from the model.",
};

/// Flags every node without links.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (n, node) in ix.nodes.iter().enumerate() {
        if ix.outgoing[n].is_empty() && ix.incoming[n].is_empty() {
            let message = format!("{} ({}) has no links.", node.name, node.kind.in_words());
            out.push(Finding::new(
                &RULE,
                &node.id,
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
    fn flags_unlinked_nodes_only() {
        let m = model(
            vec![],
            vec![client("spa"), server("api"), server("lost")],
            vec![link("spa-api", "spa", "api")],
        );
        let f = one(RULE.id, &m);
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("isolated-node@lost", Severity::Low)
        );
        assert_eq!(f.message, "lost service (API server) has no links.");
        none(
            RULE.id,
            &model(
                vec![],
                vec![client("spa"), server("api")],
                vec![link("l", "api", "spa")],
            ),
        );
    }
}
