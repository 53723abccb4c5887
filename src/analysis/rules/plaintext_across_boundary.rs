//! `plaintext-across-boundary`: unencrypted traffic crossing a trust boundary.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "plaintext-across-boundary",
    title: "Plaintext across a trust boundary",
    area: Area::Security,
    severity: Severity::High,
    summary: "A link crosses a trust boundary without transport encryption.",
    why: "The paradigm's last step is to enforce TLS for all data in transit; traffic that leaves \
          its trust zone unencrypted can be read and altered by anyone on the path.",
    fix: "Use TLS 1.3 (or mutual TLS between services) on the link, or a protocol that encrypts \
          itself (HTTPS, QUIC, WebRTC).",
};

/// Flags plaintext links whose ends lie in different zones.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, facts) in ix.facts.iter().enumerate() {
        if !facts.plaintext || !facts.network || !facts.crosses {
            continue;
        }
        let link = ix.links[li];
        let (f, t) = ix.ends[li];
        let exposed = ix.on_internet(f) || ix.on_internet(t);
        let secret = sensitive(facts.class);
        let severity = if exposed || secret {
            Severity::Critical
        } else {
            RULE.severity
        };
        let zones = ix.boundaries(li);
        let mut message = ix.link_message(
            li,
            format_args!(" sends {} unencrypted ", link.protocol.label()),
        );
        if zones.is_empty() {
            message.push_str("out of its trust zone");
        } else {
            let names: Vec<&str> = zones.iter().take(4).map(|z| z.name.as_str()).collect();
            message.push_str("across the boundary of ");
            message.push_str(&join_shown(&names, zones.len()));
        }
        message.push_str(match (secret, exposed) {
            (true, _) => ", carrying confidential data.",
            (false, true) => ", over the internet.",
            (false, false) => ".",
        });
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{Protocol, Tls};

    fn plain(from_zone: &str, class: Classification) -> crate::model::Model {
        let mut l = carrying(link("a-b", "a", "b"), class);
        l.protocol = Protocol::Http;
        l.tls = Tls::None;
        model(
            zones(),
            vec![zoned(server("a"), from_zone), zoned(server("b"), "core")],
            vec![l],
        )
    }

    #[test]
    fn severity_by_exposure_and_data() {
        let f = one(RULE.id, &plain("dmz", Classification::Internal));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("plaintext-across-boundary@a-b", Severity::High)
        );
        assert!(
            f.message
                .contains("HTTP unencrypted across the boundary of Core")
        );
        assert_eq!(
            severity(RULE.id, &plain("dmz", Classification::Secret)),
            Severity::Critical
        );
        assert_eq!(
            severity(RULE.id, &plain("internet", Classification::Public)),
            Severity::Critical
        );
    }

    #[test]
    fn quiet_inside_a_zone_or_encrypted() {
        none(RULE.id, &plain("core", Classification::Secret));
        let m = model(
            zones(),
            vec![zoned(server("a"), "dmz"), zoned(server("b"), "core")],
            vec![link("a-b", "a", "b")],
        );
        none(RULE.id, &m);
    }
}
