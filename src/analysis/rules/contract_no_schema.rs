//! `contract-no-schema`: a contract that points to no schema.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "contract-no-schema",
    title: "Contract without a schema",
    area: Area::Contracts,
    severity: Severity::Low,
    summary: "A contract names no schema (OpenAPI, .proto, GraphQL SDL, AsyncAPI, …).",
    why: "A formal specification is one of the paradigm's key deliverables: it is what \
          compatibility tests run against and what client teams build from.",
    fix: "Write the schema and reference it from the contract (a path in the repository or a URL).",
};

/// Flags contracts without a schema; more severe when used across a boundary or by clients.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (c, contract) in ix.contracts.iter().enumerate() {
        if !blank(contract.schema.as_ref()) {
            continue;
        }
        let crossing = ix.links_of_contract(c).iter().any(|&li| ix.crosses(li));
        let by_clients = ix.releases_needing(&contract.id).next().is_some()
            || ix
                .links_of_contract(c)
                .iter()
                .filter_map(|&li| ix.from(li))
                .any(|n| user_side(&n.kind));
        let severity = if crossing || by_clients {
            Severity::Medium
        } else {
            RULE.severity
        };
        let context = match (crossing, by_clients) {
            (true, _) => ", though it is used across a trust boundary",
            (false, true) => ", though independently released clients use it",
            _ => "",
        };
        let message = format!(
            "Contract {} (provided by {}) has no schema{context}.",
            contract.name,
            ix.name_of(&contract.provider)
        );
        out.push(Finding::new(
            &RULE,
            &contract.id,
            severity,
            message,
            [contract.provider.clone()],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::ModelData;

    fn shop(schema: Option<&str>, caller: crate::model::Node) -> crate::model::Model {
        let mut c = contract("shop", "api");
        c.schema = schema.map(str::to_owned);
        let mut l = link("x-api", &caller.id, "api");
        l.contract = Some("shop".into());
        build(ModelData {
            nodes: vec![server("api"), caller],
            links: vec![l],
            contracts: vec![c],
            ..Default::default()
        })
    }

    #[test]
    fn flags_missing_schema() {
        let f = one(RULE.id, &shop(None, server("svc")));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("contract-no-schema@shop", Severity::Low)
        );
        assert_eq!(
            severity(RULE.id, &shop(Some(" "), client("spa"))),
            Severity::Medium
        );
    }

    #[test]
    fn quiet_with_schema() {
        none(RULE.id, &shop(Some("api/openapi.yaml"), client("spa")));
    }
}
