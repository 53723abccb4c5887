//! `missing-authentication`: a link into a more trusted zone that does not authenticate the caller.

use super::prelude::*;
use crate::model::Tls;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "missing-authentication",
    title: "Missing authentication",
    area: Area::Security,
    severity: Severity::High,
    summary: "A link enters a more trusted zone and the caller does not authenticate.",
    why: "A trust boundary only means something if callers prove who they are when they cross it; \
          the paradigm asks to define trust boundaries and secure every communication across them.",
    fix: "Authenticate the caller on the link (tokens from the auth flow, mTLS between services, \
          signed requests for webhooks), or declare its data public if the endpoint is open by \
          design.",
};

/// Flags unauthenticated links into more trusted zones, except open endpoints and edge caches.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, facts) in ix.facts.iter().enumerate() {
        if !facts.unauthenticated || facts.tls == Tls::Mutual || !facts.network {
            continue;
        }
        // Public content and edge caches are meant to be reachable by anyone.
        if facts.to == Tag::Cdn || facts.only_public || !facts.more_trusted {
            continue;
        }
        let link = ix.links[li];
        let (f, t) = ix.ends[li];
        let secret = sensitive(facts.class);
        let severity = if secret || facts.to == Tag::Store {
            Severity::Critical
        } else {
            RULE.severity
        };
        let message = ix.link_message(
            li,
            format_args!(
                " goes from {} into {} without authenticating the caller{}.",
                ix.zone_phrase(f),
                ix.zone_phrase(t),
                if secret {
                    ", carrying confidential data"
                } else {
                    ""
                }
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
        from_zone: Option<&str>,
        to: crate::model::Node,
        l: crate::model::Link,
    ) -> crate::model::Model {
        let spa = match from_zone {
            Some(z) => zoned(client("spa"), z),
            None => client("spa"),
        };
        model(zones(), vec![spa, zoned(to, "core")], vec![l])
    }

    #[test]
    fn flags_unauthenticated_entry() {
        let f = one(
            RULE.id,
            &call(
                Some("internet"),
                server("api"),
                link("spa-api", "spa", "api"),
            ),
        );
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("missing-authentication@spa-api", Severity::High)
        );
        assert!(
            f.message
                .contains("from Internet (trust 0) into Core (trust 2)")
        );
        // A client outside every zone counts as on the internet.
        let secret = carrying(link("spa-api", "spa", "api"), Classification::Confidential);
        assert_eq!(
            severity(RULE.id, &call(None, server("api"), secret)),
            Severity::Critical
        );
        let m = call(
            Some("dmz"),
            store("api", true),
            link("spa-api", "spa", "api"),
        );
        assert_eq!(severity(RULE.id, &m), Severity::Critical);
    }

    #[test]
    fn quiet_when_authenticated_public_or_same_trust() {
        none(
            RULE.id,
            &call(
                Some("internet"),
                server("api"),
                good_link("spa-api", "spa", "api"),
            ),
        );
        let public = carrying(link("spa-api", "spa", "api"), Classification::Public);
        none(RULE.id, &call(Some("internet"), server("api"), public));
        none(
            RULE.id,
            &call(Some("core"), server("api"), link("spa-api", "spa", "api")),
        );
        let cdn = node("api", NodeKind::Cdn);
        none(
            RULE.id,
            &call(Some("internet"), cdn, link("spa-api", "spa", "api")),
        );
    }
}
