//! `auth-flow-undocumented`: a contract used across a trust boundary with no stated auth flow.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "auth-flow-undocumented",
    title: "Authentication flow undocumented",
    area: Area::Contracts,
    severity: Severity::Medium,
    summary: "A contract is spoken across a trust boundary but does not say how callers obtain \
              and present credentials.",
    why: "The paradigm lists authentication flows as part of every documented contract; across a \
          trust boundary, an unstated flow is how inconsistent or missing checks slip in.",
    fix: "Document the flow on the contract (for example OAuth 2.1 authorization code with PKCE, \
          mTLS with a private CA, signed API keys) and link the specification.",
};

/// Flags contracts without an auth flow whose links cross a boundary.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (c, contract) in ix.contracts.iter().enumerate() {
        if !blank(contract.auth_flow.as_ref()) {
            continue;
        }
        let crossing: Vec<usize> = ix
            .links_of_contract(c)
            .iter()
            .copied()
            .filter(|&li| ix.crosses(li))
            .collect();
        if crossing.is_empty() {
            continue;
        }
        let secret = crossing
            .iter()
            .any(|&li| sensitive(ix.links[li].max_classification()));
        let severity = if secret {
            Severity::High
        } else {
            RULE.severity
        };
        let names: Vec<String> = crossing
            .iter()
            .take(3)
            .map(|&li| ix.link_name(li))
            .collect();
        let message = format!(
            "Contract {} is used across a trust boundary ({}) but documents no authentication flow{}.",
            contract.name,
            join_shown(&names, crossing.len()),
            if secret {
                ", and confidential data travels on it"
            } else {
                ""
            }
        );
        let mut elements = vec![contract.provider.clone()];
        elements.extend(crossing.iter().map(|&li| ix.links[li].id.clone()));
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
    use crate::model::ModelData;

    fn shop(flow: Option<&str>, spa_zone: &str, class: Classification) -> crate::model::Model {
        let mut c = contract("shop", "api");
        c.auth_flow = flow.map(str::to_owned);
        let mut l = carrying(link("spa-api", "spa", "api"), class);
        l.contract = Some("shop".into());
        build(ModelData {
            zones: zones(),
            nodes: vec![zoned(server("api"), "core"), zoned(client("spa"), spa_zone)],
            links: vec![l],
            contracts: vec![c],
            ..Default::default()
        })
    }

    #[test]
    fn flags_crossing_contracts() {
        let f = one(RULE.id, &shop(None, "internet", Classification::Public));
        assert_eq!(f.key, "auth-flow-undocumented@shop");
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.elements, ["shop", "api", "spa-api"]);
        let m = shop(Some(""), "internet", Classification::Confidential);
        assert_eq!(severity(RULE.id, &m), Severity::High);
    }

    #[test]
    fn quiet_inside_a_zone_or_when_documented() {
        none(RULE.id, &shop(None, "core", Classification::Secret));
        none(
            RULE.id,
            &shop(Some("OAuth 2.1 + PKCE"), "internet", Classification::Secret),
        );
    }
}
