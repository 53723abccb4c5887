//! Architecture decisions and the triage of review findings, both kept in the model file.

use serde::{Deserialize, Serialize};

/// An architecture decision record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The decision's number, unique in the model (ADR 0001, 0002, …).
    pub number: u32,
    /// A short title in the imperative ("Put an API gateway in front of the services").
    pub title: String,
    /// Where the decision stands.
    pub status: DecisionStatus,
    /// When it was made or last changed (ISO date).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Who made it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciders: Vec<String>,
    /// The forces at play and the problem to solve.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// What the choice must achieve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<String>,
    /// The options considered, with their pros and cons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<DecisionOption>,
    /// The option chosen and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// What follows from the decision, good and bad.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<String>,
    /// How compliance with the decision is confirmed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confirmation: String,
    /// Ids of the model elements the decision concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
}

impl Decision {
    /// A proposed decision with the given number and title and nothing else written yet.
    pub fn new(number: u32, title: impl Into<String>) -> Self {
        Self {
            number,
            title: title.into(),
            status: DecisionStatus::Proposed,
            date: String::new(),
            deciders: Vec::new(),
            context: String::new(),
            drivers: Vec::new(),
            options: Vec::new(),
            outcome: String::new(),
            consequences: Vec::new(),
            confirmation: String::new(),
            concerns: Vec::new(),
        }
    }
}

/// One option considered in a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// The option's name.
    pub name: String,
    /// Arguments for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pros: Vec<String>,
    /// Arguments against it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cons: Vec<String>,
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionStatus {
    /// Under discussion.
    Proposed,
    /// In force.
    Accepted,
    /// Considered and turned down.
    Rejected,
    /// No longer in force.
    Deprecated,
    /// Replaced by the decision with this number.
    SupersededBy(u32),
}

impl DecisionStatus {
    /// The status as people write it ("accepted", "superseded by 4").
    pub fn label(&self) -> String {
        match self {
            DecisionStatus::Proposed => "proposed".into(),
            DecisionStatus::Accepted => "accepted".into(),
            DecisionStatus::Rejected => "rejected".into(),
            DecisionStatus::Deprecated => "deprecated".into(),
            DecisionStatus::SupersededBy(n) => format!("superseded by {n}"),
        }
    }
}

/// A reviewer's verdict on a finding, kept in the model so it survives re-checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    /// The finding's key, `rule-id@element-id`.
    pub finding: String,
    /// The verdict.
    pub status: TriageStatus,
    /// Why, or what was done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A reviewer's verdict on a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TriageStatus {
    /// The risk is known and accepted.
    Accepted,
    /// The risk is handled by something outside the model.
    Mitigated,
    /// The rule is wrong here.
    FalsePositive,
    /// Being worked on.
    InProgress,
}
