//! `plaintext-link`: unencrypted traffic inside one trust zone.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "plaintext-link",
    title: "Plaintext link",
    area: Area::Security,
    severity: Severity::Low,
    summary: "A link inside one trust zone has no transport encryption.",
    why: "The paradigm asks for TLS on all data in transit, not only at the edge: an attacker who \
          gets into the zone can otherwise read everything that moves inside it.",
    fix: "Turn on TLS (mutual TLS between services) for the link, or use a protocol that \
          encrypts itself.",
};

/// Flags plaintext links that stay within a zone (crossings have their own rule).
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        if !f.plaintext || !f.network || f.crosses {
            continue;
        }
        let link = ix.links[li];
        let class = f.class;
        let severity = match class {
            Some(Classification::Confidential | Classification::Secret) => Severity::High,
            Some(Classification::Internal) => Severity::Medium,
            Some(Classification::Public) | None => RULE.severity,
        };
        let carried = match class {
            Some(c) if c >= Classification::Internal => class_label(c),
            _ => "",
        };
        let message = if carried.is_empty() {
            ix.link_message(
                li,
                format_args!(" uses {} without encryption.", link.protocol.label()),
            )
        } else {
            ix.link_message(
                li,
                format_args!(
                    " uses {} without encryption, carrying {carried} data.",
                    link.protocol.label()
                ),
            )
        };
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{Protocol, Tls};

    fn plain(protocol: Protocol, class: Option<Classification>) -> crate::model::Model {
        let mut l = link("a-b", "a", "b");
        if let Some(c) = class {
            l = carrying(l, c);
        }
        l.protocol = protocol;
        l.tls = Tls::None;
        model(vec![], vec![server("a"), store("b", true)], vec![l])
    }

    #[test]
    fn severity_by_data() {
        let f = one(RULE.id, &plain(Protocol::Tcp, None));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("plaintext-link@a-b", Severity::Low)
        );
        let internal = plain(Protocol::Amqp, Some(Classification::Internal));
        assert_eq!(severity(RULE.id, &internal), Severity::Medium);
        let f = one(
            RULE.id,
            &plain(Protocol::Http, Some(Classification::Confidential)),
        );
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.contains("carrying confidential data"));
    }

    #[test]
    fn tls_is_the_truth_whatever_the_protocol_name() {
        // "HTTPS" with TLS set to none is plain HTTP under another name.
        let f = one(
            RULE.id,
            &plain(Protocol::Https, Some(Classification::Secret)),
        );
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.contains("uses HTTPS without encryption"), "{f:?}");
        one(RULE.id, &plain(Protocol::Quic, None));
        let mut encrypted = plain(Protocol::Http, None);
        let mut l = encrypted.link("a-b").cloned().expect("the link");
        l.tls = Tls::Tls12;
        encrypted.replace_link(l).expect("replaced");
        none(RULE.id, &encrypted);
    }
}
