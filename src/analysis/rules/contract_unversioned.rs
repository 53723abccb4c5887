//! `contract-unversioned`: a contract with no (readable) version.

use super::prelude::*;
use crate::analysis::version::Version;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "contract-unversioned",
    title: "Contract without a version",
    area: Area::Contracts,
    severity: Severity::Medium,
    summary: "A contract states no version, or one that is not a semantic version.",
    why: "Without a version, clients and servers in the field cannot tell whether they still \
          understand each other; semantic versioning is the paradigm's basis for planning skew.",
    fix: "Give the contract a semantic version (MAJOR.MINOR.PATCH) and the range of versions the \
          provider still serves.",
};

/// Flags contracts whose version is blank or unreadable; severity follows who consumes them.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (c, contract) in ix.contracts.iter().enumerate() {
        let version = contract.version.trim();
        let problem = if version.is_empty() {
            "states no version".to_owned()
        } else if Version::parse(version).is_none() {
            format!("has the version \"{version}\", which is not a semantic version")
        } else {
            continue;
        };
        let provider = ix.pos(&contract.provider);
        let consumers: Vec<usize> = ix
            .consumers(c)
            .into_iter()
            .filter(|&n| Some(n) != provider)
            .collect();
        let released = ix.releases_needing(&contract.id).next().is_some();
        let independent = released || consumers.iter().any(|&n| user_side(&ix.nodes[n].kind));
        let severity = if independent {
            Severity::High
        } else if consumers.is_empty() {
            Severity::Low
        } else {
            RULE.severity
        };
        let users = if independent {
            ", yet clients released on their own schedule depend on it"
        } else {
            ""
        };
        let message = format!(
            "Contract {} (provided by {}) {problem}{users}.",
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
    use crate::model::{Link, ModelData};

    fn with_version(version: &str, consumer: Option<crate::model::Node>) -> crate::model::Model {
        let mut c = contract("shop", "api");
        c.version = version.into();
        let mut nodes = vec![server("api")];
        let mut links: Vec<Link> = Vec::new();
        if let Some(n) = consumer {
            let mut l = link("x-api", &n.id, "api");
            l.contract = Some("shop".into());
            links.push(l);
            nodes.push(n);
        }
        build(ModelData {
            nodes,
            links,
            contracts: vec![c],
            ..Default::default()
        })
    }

    #[test]
    fn severity_by_consumers() {
        let f = one(RULE.id, &with_version("", None));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("contract-unversioned@shop", Severity::Low)
        );
        assert!(f.message.contains("shop API") && f.message.contains("states no version"));
        assert_eq!(
            severity(RULE.id, &with_version("latest", Some(server("svc")))),
            Severity::Medium
        );
        assert_eq!(
            severity(RULE.id, &with_version(" ", Some(client("spa")))),
            Severity::High
        );
    }

    #[test]
    fn quiet_when_versioned() {
        none(RULE.id, &with_version("v2.1", Some(client("spa"))));
    }
}
