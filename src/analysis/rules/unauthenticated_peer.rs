//! `unauthenticated-peer`: a peer-to-peer link without mutual authentication.

use super::prelude::*;
use crate::model::{Authn, Tls};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "unauthenticated-peer",
    title: "Peer link without mutual authentication",
    area: Area::Security,
    severity: Severity::High,
    summary: "Two peers talk without both proving who they are (mutual TLS, client certificates \
              or a named mutual handshake).",
    why: "Every peer is client and server at once; if only one side (or neither) authenticates, \
          any node can join the network, impersonate a peer or feed it forged data.",
    fix: "Authenticate both ends: mutual TLS with peer certificates, or a mutual handshake such as \
          Noise, named on the link as a custom mechanism.",
};

/// Flags links between two peers whose authentication is not mutual.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        if f.from != Tag::Peer || f.to != Tag::Peer {
            continue;
        }
        let link = ix.links[li];
        // A named custom mechanism is taken as the team's mutual handshake.
        let mutual =
            link.tls == Tls::Mutual || matches!(link.authn, Authn::Mtls | Authn::Custom(_));
        if mutual {
            continue;
        }
        let (base, how) = if link.authn == Authn::None {
            (RULE.severity, "with no authentication at all")
        } else {
            (Severity::Medium, "with one-way authentication only")
        };
        let secret = sensitive(link.max_classification());
        let severity = base.raised(usize::from(secret));
        let message = ix.link_message(
            li,
            format_args!(
                " joins two peers {how}{}.",
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

    fn pair(authn: Authn, tls: Tls, class: Classification) -> crate::model::Model {
        let mut l = carrying(link("a-b", "a", "b"), class);
        l.authn = authn;
        l.tls = tls;
        model(vec![], vec![peer("a"), peer("b")], vec![l])
    }

    #[test]
    fn severity_by_authentication_and_data() {
        let f = one(
            RULE.id,
            &pair(Authn::None, Tls::Tls13, Classification::Public),
        );
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("unauthenticated-peer@a-b", Severity::High)
        );
        let secret = pair(Authn::None, Tls::Tls13, Classification::Secret);
        assert_eq!(severity(RULE.id, &secret), Severity::Critical);
        let token = pair(Authn::Token, Tls::Tls13, Classification::Public);
        assert_eq!(severity(RULE.id, &token), Severity::Medium);
    }

    #[test]
    fn quiet_when_mutual() {
        none(
            RULE.id,
            &pair(Authn::Mtls, Tls::Tls13, Classification::Secret),
        );
        none(
            RULE.id,
            &pair(Authn::None, Tls::Mutual, Classification::Secret),
        );
        none(
            RULE.id,
            &pair(
                Authn::Custom("Noise XX".into()),
                Tls::None,
                Classification::Secret,
            ),
        );
    }
}
