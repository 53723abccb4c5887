//! `no-skew-strategy`: a contract consumed by independently released clients with no way to
//! negotiate versions.

use super::prelude::*;
use crate::model::ClientPlatform;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "no-skew-strategy",
    title: "No version-skew strategy",
    area: Area::VersionSkew,
    severity: Severity::Medium,
    summary: "A contract used by clients, peers or third parties that ship on their own schedule \
              states no version-negotiation strategy.",
    why: "Clients and servers of different versions will meet in the field; the paradigm asks for \
          a deliberate strategy (feature flags, Accept headers, versioned paths, capability \
          handshakes) rather than hoping they upgrade together.",
    fix: "Choose how versions are negotiated on the contract (versioned path, Accept header, \
          feature flags or a capability handshake) and record it.",
};

/// Flags contracts with independent consumers and no negotiation.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (c, contract) in ix.contracts.iter().enumerate() {
        if contract.negotiation.is_some() {
            continue;
        }
        let provider = ix.pos(&contract.provider);
        let independent: Vec<usize> = ix
            .consumers(c)
            .into_iter()
            .filter(|&n| Some(n) != provider)
            .filter(|&n| {
                matches!(
                    ix.nodes[n].kind,
                    NodeKind::Client { .. } | NodeKind::Peer { .. } | NodeKind::External
                )
            })
            .collect();
        if independent.is_empty() {
            continue;
        }
        let in_field = ix.releases_needing(&contract.id).count();
        // A web client reloads with the server; native apps, peers and partners lag for months.
        let lagging = independent.iter().any(|&n| {
            !matches!(
                ix.nodes[n].kind,
                NodeKind::Client {
                    platform: ClientPlatform::Web,
                    ..
                }
            )
        });
        let severity = if in_field >= 2 {
            Severity::High
        } else if lagging {
            RULE.severity
        } else {
            Severity::Low
        };
        let names: Vec<&str> = independent
            .iter()
            .map(|&n| ix.nodes[n].name.as_str())
            .collect();
        let field = if in_field >= 2 {
            format!(" ({in_field} releases are in the field)")
        } else {
            String::new()
        };
        let message = format!(
            "Contract {} is used by {}{field} but states no version-negotiation strategy.",
            contract.name,
            join_names(&names, 4)
        );
        let mut elements = vec![contract.provider.clone()];
        elements.extend(independent.iter().map(|&n| ix.nodes[n].id.clone()));
        out.push(Finding::new(
            &RULE,
            &contract.id,
            severity,
            message,
            elements,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{ModelData, Thickness};

    fn shop(caller: crate::model::Node, releases: usize, negotiated: bool) -> crate::model::Model {
        let mut c = contract("shop", "api");
        if !negotiated {
            c.negotiation = None;
        }
        let mut l = link("x-api", &caller.id, "api");
        l.contract = Some("shop".into());
        let releases = (0..releases)
            .map(|i| release(&caller.id, &format!("1.{i}"), &[("shop", "^2")]))
            .collect();
        build(ModelData {
            nodes: vec![server("api"), caller],
            links: vec![l],
            contracts: vec![c],
            releases,
            ..Default::default()
        })
    }

    #[test]
    fn severity_by_how_far_clients_lag() {
        let f = one(RULE.id, &shop(client("spa"), 0, false));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("no-skew-strategy@shop", Severity::Low)
        );
        assert_eq!(f.elements, ["shop", "api", "spa"]);
        let app = client_on("app", ClientPlatform::Mobile, Thickness::Thin, false);
        assert_eq!(
            severity(RULE.id, &shop(app.clone(), 1, false)),
            Severity::Medium
        );
        assert_eq!(severity(RULE.id, &shop(app, 2, false)), Severity::High);
    }

    #[test]
    fn quiet_with_negotiation_or_internal_callers() {
        none(RULE.id, &shop(client("spa"), 2, true));
        none(RULE.id, &shop(server("svc"), 0, false));
    }
}
