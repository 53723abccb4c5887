//! The review's delta between two versions: findings matched by key (`rule-id@element-id`), so a
//! renamed element keeps its findings and only real new risks count as introduced.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use super::ElementChange;
use crate::analysis::{self, Finding};
use crate::model::Model;

/// Findings introduced, resolved and still open between two versions, and triage changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FindingDelta {
    /// In the new version only, in review order (most severe first).
    pub introduced: Vec<Finding>,
    /// In the old version only.
    pub resolved: Vec<Finding>,
    /// In both versions and not settled by the new version's triage.
    pub still_open: Vec<Finding>,
    /// Keys of new-version findings that its triage settles (accepted, mitigated, false positive).
    pub settled: BTreeSet<String>,
    /// Triage verdicts added, removed or changed.
    pub triage: Vec<ElementChange>,
}

impl FindingDelta {
    /// Whether no finding appeared or went away and no triage changed (findings open in both
    /// versions are no change).
    pub fn is_empty(&self) -> bool {
        self.introduced.is_empty() && self.resolved.is_empty() && self.triage.is_empty()
    }
}

/// Matches the findings of both versions by key.
pub(super) fn delta(
    new: &Model,
    old_findings: &[Finding],
    new_findings: &[Finding],
    triage: Vec<ElementChange>,
) -> FindingDelta {
    let old_keys: HashSet<&str> = old_findings.iter().map(|f| f.key.as_str()).collect();
    let new_keys: HashSet<&str> = new_findings.iter().map(|f| f.key.as_str()).collect();
    let open: HashSet<&str> = analysis::open_findings(new, new_findings)
        .into_iter()
        .map(|f| f.key.as_str())
        .collect();
    let settled = new_findings
        .iter()
        .filter(|f| !open.contains(f.key.as_str()))
        .map(|f| f.key.clone())
        .collect();
    let (introduced, kept): (Vec<&Finding>, Vec<&Finding>) = new_findings
        .iter()
        .partition(|f| !old_keys.contains(f.key.as_str()));
    FindingDelta {
        introduced: introduced.into_iter().cloned().collect(),
        resolved: old_findings
            .iter()
            .filter(|f| !new_keys.contains(f.key.as_str()))
            .cloned()
            .collect(),
        still_open: kept
            .into_iter()
            .filter(|f| open.contains(f.key.as_str()))
            .cloned()
            .collect(),
        settled,
        triage,
    }
}
