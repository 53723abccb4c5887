//! `client-release-unsupported`: a client release in the field needs a contract version its
//! provider no longer serves.

use super::prelude::*;
use crate::analysis::skew::{SkewCell, compatibility};
use crate::analysis::version::Version;
use crate::model::ClientRelease;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "client-release-unsupported",
    title: "Client release no longer supported",
    area: Area::VersionSkew,
    severity: Severity::High,
    summary: "A client release still in the field needs a contract version outside the range its \
              provider serves.",
    why: "Clients in users' hands do not upgrade in step with servers; the paradigm asks to plan for \
          version skew so that releases still in the field keep working.",
    fix: "Serve the needed version again (widen the supported range or add a compatibility layer), \
          or retire the release from the field with a forced upgrade and say so in the runbook.",
};

/// Flags each release with at least one definitely broken need; unknowns are left to the matrix.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for &release in &ix.releases {
        let broken = broken_needs(ix, release);
        if broken.is_empty() {
            continue;
        }
        // Users can be moved to a newer release that works; otherwise nothing they can do helps.
        let upgrade = newer_working_release(ix, release);
        let severity = if upgrade.is_some() {
            Severity::Medium
        } else {
            RULE.severity
        };
        let reasons: Vec<&str> = broken.iter().map(|(_, r)| r.as_str()).collect();
        let mut message = format!(
            "Release {} of {} {}.",
            release.version,
            ix.name_of(&release.client),
            reasons.join("; ")
        );
        if let Some(v) = upgrade {
            message.push_str(&format!(
                " Release {v} works: its users can be asked to upgrade."
            ));
        }
        let elements: Vec<String> = broken.iter().map(|(id, _)| (*id).to_owned()).collect();
        let key = format!("{}/{}", release.client, release.version);
        out.push(Finding::new(&RULE, &key, severity, message, elements));
    }
}

/// The contracts a release needs that no served version satisfies, with the reason.
fn broken_needs<'a>(ix: &ModelIndex<'a>, release: &'a ClientRelease) -> Vec<(&'a str, String)> {
    release
        .needs
        .iter()
        .filter_map(|need| {
            let c = ix.contracts.get(ix.contract_pos(&need.0)?)?;
            match compatibility(&need.1, c) {
                SkewCell::Broken(reason) => Some((c.id.as_str(), reason)),
                _ => None,
            }
        })
        .collect()
}

/// The newest later release of the same client whose needs are all met, if any.
fn newer_working_release<'a>(ix: &ModelIndex<'a>, release: &ClientRelease) -> Option<&'a str> {
    let this = Version::parse(&release.version)?;
    // Releases are sorted by client: look only at this client's.
    let from = ix
        .releases
        .partition_point(|r| r.client.as_str() < release.client.as_str());
    ix.releases[from..]
        .iter()
        .take_while(|r| r.client == release.client)
        .filter_map(|r| Some((Version::parse(&r.version)?, r)))
        .filter(|(v, r)| *v > this && broken_needs(ix, r).is_empty())
        .max_by_key(|(v, _)| *v)
        .map(|(_, r)| r.version.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::ModelData;

    fn field(releases: Vec<crate::model::ClientRelease>) -> crate::model::Model {
        build(ModelData {
            nodes: vec![server("api"), client("spa")],
            contracts: vec![contract("shop", "api")],
            releases,
            ..Default::default()
        })
    }

    #[test]
    fn flags_releases_needing_unserved_versions() {
        let m = field(vec![release("spa", "2025.3", &[("shop", "^1.4")])]);
        let f = one(RULE.id, &m);
        assert_eq!(f.key, "client-release-unsupported@spa/2025.3");
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.elements, ["spa", "shop"]);
        assert!(f.message.contains("spa app") && f.message.contains(">=2.0, <3"));
    }

    #[test]
    fn an_upgrade_path_lowers_severity() {
        let m = field(vec![
            release("spa", "2025.3", &[("shop", "^1.4")]),
            release("spa", "2026.1", &[("shop", "^2.0")]),
        ]);
        let f = one(RULE.id, &m);
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.message.contains("Release 2026.1 works"));
    }

    #[test]
    fn quiet_when_supported_or_unknown() {
        none(
            RULE.id,
            &field(vec![release(
                "spa",
                "1",
                &[("shop", ">=2.1"), ("shop", "what")],
            )]),
        );
    }
}
