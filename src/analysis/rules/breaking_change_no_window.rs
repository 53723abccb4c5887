//! `breaking-change-no-window`: a contract that is moving to a new major version without saying
//! how long the old one is served.

use super::prelude::*;
use crate::analysis::version::{Version, VersionReq};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "breaking-change-no-window",
    title: "Breaking change without a deprecation window",
    area: Area::VersionSkew,
    severity: Severity::Low,
    summary: "A contract still serves an older major version, or releases in the field need one, \
              and no deprecation window says how long that lasts.",
    why: "Backward-compatibility support is part of the paradigm's rollout runbook; without a \
          stated window, client teams cannot plan their upgrades before the old version goes away.",
    fix: "State the deprecation window on the contract (for example \"6 months after 3.0\") and \
          plan the client release waves in the runbook.",
};

/// Flags contracts whose old major versions are still in play, with no deprecation window.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for contract in &ix.contracts {
        if !blank(contract.deprecation_window.as_ref()) {
            continue;
        }
        let Some(current) = Version::parse(&contract.version) else {
            continue;
        };
        // Releases whose needed range excludes the current version and reaches an older major.
        let stuck: Vec<String> = ix
            .releases_needing(&contract.id)
            .filter(|r| {
                r.needs.iter().any(|n| {
                    n.0 == contract.id
                        && VersionReq::parse(&n.1).is_some_and(|req| {
                            !req.matches(current) && req.reaches_below_epoch(current)
                        })
                })
            })
            .map(|r| format!("{} {}", ix.name_of(&r.client), r.version))
            .collect();
        let serves_old = VersionReq::parse(&contract.supported)
            .is_some_and(|req| req.reaches_below_epoch(current));
        let (severity, evidence) = if !stuck.is_empty() {
            (
                Severity::Medium,
                format!(
                    "{} still need(s) a version before {current}",
                    join_names(&stuck, 3)
                ),
            )
        } else if serves_old {
            (
                RULE.severity,
                format!(
                    "it still serves versions before {current} ({})",
                    contract.supported.trim()
                ),
            )
        } else {
            continue;
        };
        let message = format!(
            "Contract {} is at {current} and {evidence}, but states no deprecation window.",
            contract.name
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

    fn shop(supported: &str, need: Option<&str>, window: bool) -> crate::model::Model {
        let mut c = contract("shop", "api");
        c.version = "3.1.0".into();
        c.supported = supported.into();
        if !window {
            c.deprecation_window = None;
        }
        build(ModelData {
            nodes: vec![server("api"), client("spa")],
            contracts: vec![c],
            releases: need
                .map(|n| vec![release("spa", "2025.1", &[("shop", n)])])
                .unwrap_or_default(),
            ..Default::default()
        })
    }

    #[test]
    fn severity_by_evidence() {
        let f = one(RULE.id, &shop(">=2, <4", None, false));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("breaking-change-no-window@shop", Severity::Low)
        );
        assert!(f.message.contains(">=2, <4"));
        let f = one(RULE.id, &shop(">=2, <4", Some("^2.4"), false));
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.message.contains("spa app 2025.1"));
    }

    #[test]
    fn quiet_with_window_or_without_old_versions() {
        none(RULE.id, &shop(">=2, <4", Some("^2.4"), true));
        none(RULE.id, &shop(">=3, <4", Some("^3.0"), false));
        none(RULE.id, &shop("", None, false));
    }
}
