//! `weak-tls`: an exposed or sensitive link that stops at TLS 1.2.

use super::prelude::*;
use crate::model::{Protocol, Tls};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "weak-tls",
    title: "Weak TLS version",
    area: Area::Security,
    severity: Severity::Low,
    summary: "A link that crosses a trust boundary or carries confidential data uses TLS 1.2 \
              rather than TLS 1.3.",
    why: "TLS 1.2 still allows weak cipher suites and renegotiation that TLS 1.3 removed; the \
          paradigm's secure-communications step is only as strong as the weakest setting.",
    fix: "Move the link to TLS 1.3 (or mutual TLS), or restrict TLS 1.2 to forward-secret AEAD \
          cipher suites and record that.",
};

/// Flags TLS 1.2 links that cross a boundary or carry confidential data.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        let (crosses, secret) = (f.crosses, sensitive(f.class));
        if f.tls != Tls::Tls12 || !f.network || !(crosses || secret) {
            continue;
        }
        let link = ix.links[li];
        // QUIC and WebRTC fix their own handshake; a TLS 1.2 setting on them is moot.
        if matches!(link.protocol, Protocol::Quic | Protocol::WebRtc) {
            continue;
        }
        let severity = if crosses && secret {
            Severity::Medium
        } else {
            RULE.severity
        };
        let why = match (crosses, secret) {
            (true, true) => "crosses a trust boundary with confidential data",
            (true, false) => "crosses a trust boundary",
            _ => "carries confidential data",
        };
        let message = ix.link_message(li, format_args!(" {why} over TLS 1.2."));
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn tls12(to_zone: &str, class: Classification) -> crate::model::Model {
        let mut l = carrying(link("a-b", "a", "b"), class);
        l.tls = Tls::Tls12;
        model(
            zones(),
            vec![zoned(server("a"), "dmz"), zoned(server("b"), to_zone)],
            vec![l],
        )
    }

    #[test]
    fn severity_by_exposure_and_data() {
        let f = one(RULE.id, &tls12("core", Classification::Public));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("weak-tls@a-b", Severity::Low)
        );
        assert_eq!(
            severity(RULE.id, &tls12("dmz", Classification::Secret)),
            Severity::Low
        );
        assert_eq!(
            severity(RULE.id, &tls12("core", Classification::Confidential)),
            Severity::Medium
        );
    }

    #[test]
    fn quiet_inside_a_zone_with_ordinary_data() {
        none(RULE.id, &tls12("dmz", Classification::Internal));
    }
}
