//! `credentials-in-plaintext`: credentials or secrets sent over an unencrypted link.

use super::prelude::*;
use crate::model::Authn;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "credentials-in-plaintext",
    title: "Credentials in plaintext",
    area: Area::Security,
    severity: Severity::High,
    summary: "A link sends session cookies, tokens, API keys or secret data without encryption.",
    why: "Credentials sent in clear can be replayed by anyone who sees them; enforcing TLS for all \
          data in transit is the paradigm's answer.",
    fix: "Encrypt the link (TLS 1.3 or mutual TLS) before any credential or secret travels on it, \
          and rotate credentials that have been sent in clear.",
};

/// Flags plaintext links that authenticate with a bearer credential or carry secret data.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        if !f.plaintext || !f.network {
            continue;
        }
        let link = ix.links[li];
        let what = match &link.authn {
            Authn::Session => "session cookies",
            Authn::Token => "bearer tokens",
            Authn::ApiKey => "API keys",
            Authn::Custom(_) => "credentials",
            Authn::None | Authn::Mtls => {
                if f.class == Some(Classification::Secret) {
                    "secret data"
                } else {
                    continue;
                }
            }
        };
        let crosses = f.crosses;
        let severity = if crosses {
            Severity::Critical
        } else {
            RULE.severity
        };
        let message = ix.link_message(
            li,
            format_args!(
                " sends {what} unencrypted{}.",
                if crosses {
                    " across a trust boundary"
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
    use crate::model::{Protocol, Tls};

    fn plain(authn: Authn, class: Classification, to_zone: &str) -> crate::model::Model {
        let mut l = carrying(link("a-b", "a", "b"), class);
        l.protocol = Protocol::Http;
        l.tls = Tls::None;
        l.authn = authn;
        model(
            zones(),
            vec![zoned(server("a"), "dmz"), zoned(server("b"), to_zone)],
            vec![l],
        )
    }

    #[test]
    fn flags_credentials_and_secrets() {
        let f = one(RULE.id, &plain(Authn::Token, Classification::Public, "dmz"));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("credentials-in-plaintext@a-b", Severity::High)
        );
        assert!(f.message.contains("bearer tokens"));
        let m = plain(Authn::None, Classification::Secret, "core");
        assert_eq!(severity(RULE.id, &m), Severity::Critical);
    }

    #[test]
    fn quiet_without_credentials() {
        none(
            RULE.id,
            &plain(Authn::None, Classification::Confidential, "core"),
        );
    }
}
