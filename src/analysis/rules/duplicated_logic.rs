//! `duplicated-logic`: the same business logic on a client and on a server it talks to.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashSet, HashSetExt};

use super::prelude::*;
use crate::analysis::index::intern_loosely;
use crate::model::{Responsibility, Thickness};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "duplicated-logic",
    title: "Logic duplicated on client and server",
    area: Area::Responsibilities,
    severity: Severity::Medium,
    summary: "A client implements the same logic responsibility as a server it talks to \
              (directly or through a gateway).",
    why: "Thick clients that carry business rules also kept on the server drift out of sync with it; \
          the paradigm asks to minimise duplication between client and server.",
    fix: "Move the rule definitively to the server, or share it as one library both sides use, and \
          keep only presentation logic on the client.",
};

/// Flags each client whose logic repeats logic of a server reachable in one hop or via a gateway.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    // Every logic responsibility of a client or server, numbered so equal texts share a number.
    let stated: Vec<(usize, &str)> = ix
        .nodes
        .iter()
        .enumerate()
        .filter(|&(p, _)| matches!(ix.tags[p], Tag::Client | Tag::Server))
        .flat_map(|(p, n)| {
            n.responsibilities.iter().filter_map(move |r| match r {
                Responsibility::Logic(t) if !t.trim().is_empty() => Some((p, t.trim())),
                _ => None,
            })
        })
        .collect();
    if !stated.iter().any(|&(p, _)| ix.nodes[p].kind.is_server()) {
        return;
    }
    let (group, _) = intern_loosely(stated.iter().map(|s| s.1));
    // `stated` is in node order: each node's logic is one run of it.
    let mut start = vec![0usize; ix.nodes.len() + 1];
    for &(p, _) in &stated {
        start[p + 1] += 1;
    }
    for p in 0..ix.nodes.len() {
        start[p + 1] += start[p];
    }
    let numbered: Vec<(u32, &str)> = stated.iter().zip(group).map(|(s, g)| (g, s.1)).collect();
    let logic = |p: usize| -> &[(u32, &str)] {
        match (start.get(p), start.get(p + 1)) {
            (Some(&a), Some(&b)) => &numbered[a..b],
            _ => &[],
        }
    };
    for (c, node) in ix.nodes.iter().enumerate() {
        let NodeKind::Client { thickness, .. } = node.kind else {
            continue;
        };
        let mine = logic(c);
        if mine.is_empty() {
            continue;
        }
        // Server position → the client's logic it repeats, as the client wrote it.
        let mut shared: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for s in reached_servers(ix, c) {
            for (g, _) in logic(s) {
                if let Some((_, shown)) = mine.iter().find(|m| m.0 == *g) {
                    shared.entry(s).or_default().insert(shown);
                }
            }
        }
        if shared.is_empty() {
            continue;
        }
        let severity = if thickness == Thickness::Thick {
            Severity::High
        } else {
            RULE.severity
        };
        let texts: BTreeSet<&str> = shared.values().flatten().copied().collect();
        let quoted: Vec<String> = texts.iter().map(|t| format!("\"{t}\"")).collect();
        let servers: Vec<&str> = shared.keys().map(|&s| ix.nodes[s].name.as_str()).collect();
        let message = format!(
            "{} implements {} also implemented by {}; the copies will drift apart.",
            node.name,
            join_names(&quoted, 4),
            join_names(&servers, 4)
        );
        let elements: Vec<String> = shared.keys().map(|&s| ix.nodes[s].id.clone()).collect();
        out.push(Finding::new(&RULE, &node.id, severity, message, elements));
    }
}

/// Servers a client talks to: directly (either way on two-way links) or through one gateway or CDN.
fn reached_servers(ix: &ModelIndex<'_>, c: usize) -> HashSet<usize> {
    let direct = ix.outgoing[c].iter().map(|&li| ix.ends[li].1).chain(
        ix.incoming[c]
            .iter()
            .filter(|&&li| ix.links[li].bidirectional)
            .map(|&li| ix.ends[li].0),
    );
    let mut out = HashSet::new();
    for n in direct {
        match ix.nodes[n].kind {
            NodeKind::Server { .. } => {
                out.insert(n);
            }
            NodeKind::Gateway { .. } | NodeKind::Cdn => {
                out.extend(
                    ix.outgoing[n]
                        .iter()
                        .map(|&li| ix.ends[li].1)
                        .filter(|&s| ix.nodes[s].kind.is_server()),
                );
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::ClientPlatform;

    fn shop(thickness: Thickness, through_gateway: bool) -> crate::model::Model {
        let app = owning(
            client_on("app", ClientPlatform::Mobile, thickness, false),
            &["Price  orders", "Render"],
            &[],
        );
        let api = owning(server("api"), &["price orders"], &[]);
        let links = if through_gateway {
            vec![link("app-gw", "app", "gw"), link("gw-api", "gw", "api")]
        } else {
            vec![link("app-api", "app", "api")]
        };
        model(vec![], vec![app, gateway("gw"), api], links)
    }

    #[test]
    fn flags_logic_on_both_sides() {
        let f = one(RULE.id, &shop(Thickness::Thin, false));
        assert_eq!(f.key, "duplicated-logic@app");
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.elements, ["app", "api"]);
        assert!(f.message.contains("\"Price  orders\"") && f.message.contains("api service"));
    }

    #[test]
    fn thick_clients_and_gateways() {
        assert_eq!(
            severity(RULE.id, &shop(Thickness::Thick, true)),
            Severity::High
        );
    }

    #[test]
    fn quiet_for_unrelated_servers() {
        let app = owning(client("app"), &["Price orders"], &[]);
        let api = owning(server("api"), &["Price orders"], &[]);
        let other = server("other");
        let m = model(
            vec![],
            vec![app, api, other],
            vec![link("app-other", "app", "other")],
        );
        none(RULE.id, &m);
    }
}
