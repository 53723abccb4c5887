//! `unguarded-internet-access`: the internet reaches a sensitive server with no gateway between.

use std::collections::BTreeMap;

use super::prelude::*;
use crate::model::{Responsibility, ServerRole};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "unguarded-internet-access",
    title: "Internet reaches a sensitive server directly",
    area: Area::Security,
    severity: Severity::High,
    summary: "Something on the internet calls a server in a more trusted zone that holds \
              confidential data, owns data or uses a store, with no gateway in front.",
    why: "A gateway or façade is the paradigm's single, hardened entry point: it terminates TLS, \
          authenticates, rate-limits and logs before traffic reaches the servers that hold data.",
    fix: "Put an API gateway, BFF or façade in the DMZ in front of the server and route internet \
          traffic through it.",
};

/// Flags each sensitive server called straight from the internet, listing the calls.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let mut reached: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (li, facts) in ix.facts.iter().enumerate() {
        if facts.to != Tag::Server || !facts.network || !facts.more_trusted {
            continue;
        }
        let (Some(to), (f, t)) = (ix.to(li), ix.ends[li]) else {
            continue;
        };
        // Relays, discovery and push servers face the internet by design.
        let facing = matches!(
            to.kind,
            NodeKind::Server {
                role: ServerRole::Relay | ServerRole::Discovery | ServerRole::Push
            }
        );
        if !facing && ix.on_internet(f) && !ix.on_internet(t) {
            reached.entry(t).or_default().push(li);
        }
    }
    for (s, calls) in reached {
        let server = ix.nodes[s];
        let held = ix.class_held_by(s);
        let owns_data = server
            .responsibilities
            .iter()
            .any(|r| matches!(r, Responsibility::Data(_)));
        let uses_store = ix.outgoing[s]
            .iter()
            .filter_map(|&li| ix.to(li))
            .any(|n| n.kind.is_store());
        if !(sensitive(held) || owns_data || uses_store) {
            continue;
        }
        let severity = if held == Some(Classification::Secret) {
            Severity::Critical
        } else {
            RULE.severity
        };
        let names: Vec<String> = calls.iter().take(3).map(|&li| ix.link_name(li)).collect();
        let message = format!(
            "{} in {} is called straight from the internet ({}) with no gateway in front, though \
             it holds {}.",
            server.name,
            ix.zone_phrase(s),
            join_shown(&names, calls.len()),
            match held {
                Some(c) if c >= Classification::Confidential => format!("{} data", class_label(c)),
                _ => "data".to_owned(),
            }
        );
        let elements: Vec<String> = calls.iter().map(|&li| ix.links[li].id.clone()).collect();
        out.push(Finding::new(&RULE, &server.id, severity, message, elements));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn direct(api: crate::model::Node, class: Classification) -> crate::model::Model {
        model(
            zones(),
            vec![
                zoned(client("spa"), "internet"),
                zoned(api, "core"),
                zoned(store("db", true), "core"),
            ],
            vec![carrying(good_link("spa-api", "spa", "api"), class)],
        )
    }

    #[test]
    fn flags_sensitive_servers_reached_directly() {
        let f = one(
            RULE.id,
            &direct(server("api"), Classification::Confidential),
        );
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("unguarded-internet-access@api", Severity::High)
        );
        assert_eq!(f.elements, ["api", "spa-api"]);
        assert!(f.message.contains("holds confidential data"));
        assert_eq!(
            severity(RULE.id, &direct(server("api"), Classification::Secret)),
            Severity::Critical
        );
        let owner = owning(server("api"), &[], &["Orders"]);
        assert_eq!(
            severity(RULE.id, &direct(owner, Classification::Public)),
            Severity::High
        );
    }

    #[test]
    fn quiet_for_plain_servers_or_behind_a_gateway() {
        none(RULE.id, &direct(server("api"), Classification::Public));
        let m = model(
            zones(),
            vec![
                zoned(client("spa"), "internet"),
                zoned(gateway("gw"), "dmz"),
                zoned(owning(server("api"), &[], &["Orders"]), "core"),
            ],
            vec![
                good_link("spa-gw", "spa", "gw"),
                good_link("gw-api", "gw", "api"),
            ],
        );
        none(RULE.id, &m);
    }
}
