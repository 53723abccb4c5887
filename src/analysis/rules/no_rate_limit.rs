//! `no-rate-limit`: an endpoint reachable from a less trusted zone with no rate limit.

use super::prelude::*;
use crate::model::ServerRole;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "no-rate-limit",
    title: "No rate limit",
    area: Area::Security,
    severity: Severity::Medium,
    summary: "A link from a less trusted zone reaches a server, gateway or peer with no rate limit \
              (links behind a gateway or CDN inherit its limits).",
    why: "Anything reachable from a less trusted zone can be flooded or brute-forced; the paradigm \
          asks for rate limiting on every endpoint.",
    fix: "Set a rate limit on the link (per user, per key or per address), ideally at the gateway \
          in front of the service.",
};

/// Flags unlimited links into more trusted zones, except those a gateway or CDN fronts.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, facts) in ix.facts.iter().enumerate() {
        if facts.rate_limit || !facts.network || !facts.more_trusted {
            continue;
        }
        if !facts.to.answers_requests() || facts.from.fronts() {
            continue;
        }
        let (link, Some(to)) = (ix.links[li], ix.to(li)) else {
            continue;
        };
        let (f, _) = ix.ends[li];
        // Login endpoints invite credential stuffing; the open internet invites everyone.
        let auth = matches!(
            to.kind,
            NodeKind::Server {
                role: ServerRole::Auth
            }
        );
        let severity = if auth || ix.on_internet(f) {
            Severity::High
        } else {
            RULE.severity
        };
        let message = ix.link_message(
            li,
            format_args!(
                " lets {} reach {} with no rate limit.",
                ix.zone_phrase(f),
                to.name
            ),
        );
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn call(
        from: crate::model::Node,
        from_zone: &str,
        to: crate::model::Node,
    ) -> crate::model::Model {
        let l = link("a-b", &from.id, &to.id);
        model(
            zones(),
            vec![zoned(from, from_zone), zoned(to, "core")],
            vec![l],
        )
    }

    #[test]
    fn severity_by_source_and_target() {
        let f = one(RULE.id, &call(server("a"), "dmz", server("b")));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("no-rate-limit@a-b", Severity::Medium)
        );
        assert!(
            f.message
                .ends_with(" lets DMZ (trust 1) reach b service with no rate limit.")
        );
        let login = server_as("b", ServerRole::Auth);
        assert_eq!(
            severity(RULE.id, &call(server("a"), "dmz", login)),
            Severity::High
        );
        assert_eq!(
            severity(RULE.id, &call(client("a"), "internet", server("b"))),
            Severity::High
        );
    }

    #[test]
    fn quiet_behind_a_gateway_or_limited() {
        none(RULE.id, &call(gateway("a"), "dmz", server("b")));
        none(RULE.id, &call(client("a"), "core", server("b")));
        let m = model(
            zones(),
            vec![zoned(client("a"), "internet"), zoned(server("b"), "core")],
            vec![good_link("a-b", "a", "b")],
        );
        none(RULE.id, &m);
    }
}
