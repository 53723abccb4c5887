//! `missing-authorization`: an exposed endpoint with no authorization policy.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "missing-authorization",
    title: "Missing authorization policy",
    area: Area::Security,
    severity: Severity::Medium,
    summary: "A link into a server, gateway or peer that crosses a trust boundary, comes from a \
              user-side participant or carries confidential data states no authorization policy.",
    why: "Knowing who calls is not enough: the paradigm asks for authorization policies on every \
          endpoint, so each caller can do only what it is allowed to.",
    fix: "State the policy the receiver enforces (scopes per route, roles, ownership checks, \
          attribute rules) on the link.",
};

/// Flags exposed or sensitive request links without an authorization policy.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        if f.authz || !f.network || f.only_public || !f.to.answers_requests() {
            continue;
        }
        let secret = sensitive(f.class);
        let exposed = f.crosses || user_side_tag(f.from);
        if !(exposed || secret) {
            continue;
        }
        let link = ix.links[li];
        let severity = if secret {
            Severity::High
        } else {
            RULE.severity
        };
        let message = ix.link_message(
            li,
            format_args!(
                " states no authorization policy{}.",
                if secret {
                    " although it carries confidential data"
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

    #[test]
    fn flags_exposed_endpoints_without_policy() {
        let m = model(
            vec![],
            vec![client("spa"), server("api"), server("svc")],
            vec![
                link("spa-api", "spa", "api"),
                carrying(link("api-svc", "api", "svc"), Classification::Secret),
            ],
        );
        let found = run(RULE.id, &m);
        let got: Vec<(&str, Severity)> =
            found.iter().map(|f| (f.key.as_str(), f.severity)).collect();
        assert_eq!(
            got,
            [
                ("missing-authorization@api-svc", Severity::High),
                ("missing-authorization@spa-api", Severity::Medium),
            ]
        );
    }

    #[test]
    fn quiet_with_policy_inside_or_public() {
        let m = model(
            vec![],
            vec![
                client("spa"),
                server("api"),
                server("svc"),
                store("db", false),
            ],
            vec![
                good_link("spa-api", "spa", "api"),
                link("api-svc", "api", "svc"),
                carrying(link("spa-svc", "spa", "svc"), Classification::Public),
                carrying(link("api-db", "api", "db"), Classification::Secret),
            ],
        );
        none(RULE.id, &m);
    }
}
