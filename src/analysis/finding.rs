//! What the review reports: severities, areas, rule descriptions and findings.

use serde::{Deserialize, Serialize};

/// How bad a finding is, from informational to critical (ordered: `Info < … < Critical`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    #[default]
    Info,
    /// A small gap in the design.
    Low,
    /// A real risk to plan for.
    Medium,
    /// A risk to fix before release.
    High,
    /// A risk to fix now.
    Critical,
}

impl Severity {
    /// Every severity, least severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name ("info", …, "critical") used in files, flags and reports.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// This severity raised by `steps` levels, stopping at critical.
    pub fn raised(self, steps: usize) -> Severity {
        let at = Severity::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Severity::ALL[(at + steps).min(Severity::ALL.len() - 1)]
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The error for a string that names no severity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}`: expected info, low, medium, high or critical")]
pub struct ParseSeverityError(pub String);

impl std::str::FromStr for Severity {
    type Err = ParseSeverityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Severity::ALL
            .into_iter()
            .find(|sev| sev.label().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ParseSeverityError(s.to_owned()))
    }
}

/// The part of the design a rule reviews: the paradigm's five adoption steps, performance and hygiene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Step 1: which logic and data live on clients, servers and peers.
    Responsibilities,
    /// Step 2: APIs, schemas, authentication flows.
    Contracts,
    /// Step 3: clients and servers of different versions in the field.
    VersionSkew,
    /// Step 4: offline use, synchronisation, discovery, availability.
    Connectivity,
    /// Step 5: TLS, authentication, authorization, rate limits, telemetry.
    Security,
    /// Chatty clients and missing consolidation.
    Performance,
    /// Loose ends in the model itself.
    Hygiene,
}

impl Area {
    /// Every area in report order.
    pub const ALL: [Area; 7] = [
        Area::Responsibilities,
        Area::Contracts,
        Area::VersionSkew,
        Area::Connectivity,
        Area::Security,
        Area::Performance,
        Area::Hygiene,
    ];

    /// The name shown in reports and panels ("Version skew").
    pub fn label(self) -> &'static str {
        match self {
            Area::Responsibilities => "Responsibilities",
            Area::Contracts => "Contracts",
            Area::VersionSkew => "Version skew",
            Area::Connectivity => "Connectivity",
            Area::Security => "Security",
            Area::Performance => "Performance",
            Area::Hygiene => "Model hygiene",
        }
    }

    /// The paradigm's adoption step this area checks (1–5), if it is one of them.
    pub fn step(self) -> Option<u8> {
        match self {
            Area::Responsibilities => Some(1),
            Area::Contracts => Some(2),
            Area::VersionSkew => Some(3),
            Area::Connectivity => Some(4),
            Area::Security => Some(5),
            Area::Performance | Area::Hygiene => None,
        }
    }
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A review rule's description: what it checks, why it matters and how to fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable id, the first half of every finding key (`plaintext-link`).
    pub id: &'static str,
    /// Short title ("Plaintext link").
    pub title: &'static str,
    /// The part of the design it reviews.
    pub area: Area,
    /// The severity before sensitive data or trust boundaries raise it.
    pub severity: Severity,
    /// One sentence: what triggers the rule.
    pub summary: &'static str,
    /// Why it matters, from the client-server / peer-to-peer paradigm.
    pub why: &'static str,
    /// How to fix what it finds.
    pub fix: &'static str,
}

/// One problem a rule found in a model, keyed `rule-id@element-id` so triage survives edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The id of the rule that reported it.
    pub rule: &'static str,
    /// `rule-id@element-id`: stable across renames and unrelated edits, unique per check.
    pub key: String,
    /// How bad it is here.
    pub severity: Severity,
    /// The part of the design it concerns.
    pub area: Area,
    /// The rule's title.
    pub title: &'static str,
    /// What is wrong, naming the elements by name.
    pub message: String,
    /// Ids of the elements concerned; the first is the one the key names.
    pub elements: Vec<String>,
}

impl Finding {
    /// A finding of `rule` about `element` (the part after `@` in the key), with its message.
    ///
    /// `elements` lists further ids concerned; the primary element is put first, repeats dropped.
    pub fn new(
        rule: &Rule,
        element: &str,
        severity: Severity,
        message: String,
        elements: impl IntoIterator<Item = String>,
    ) -> Finding {
        // The part before any `/` (a release is keyed `client/version`); ids are ASCII.
        let primary = element
            .bytes()
            .position(|b| b == b'/')
            .map_or(element, |i| &element[..i]);
        let elements = elements.into_iter();
        let mut all = Vec::with_capacity(elements.size_hint().0 + 1);
        all.push(primary.to_owned());
        all.extend(elements);
        // Groups can list thousands of elements: dedupe with a set, not a scan per element.
        if all.len() <= 8 {
            let mut i = 1;
            while i < all.len() {
                if all[..i].contains(&all[i]) {
                    all.remove(i);
                } else {
                    i += 1;
                }
            }
        } else {
            let mut seen = <foldhash::HashSet<_> as foldhash::HashSetExt>::with_capacity(all.len());
            all.retain(|e| seen.insert(e.clone()));
        }
        let mut key = String::with_capacity(rule.id.len() + 1 + element.len());
        key.push_str(rule.id);
        key.push('@');
        key.push_str(element);
        Finding {
            rule: rule.id,
            key,
            severity,
            area: rule.area,
            title: rule.title,
            message,
            elements: all,
        }
    }

    /// The id of the primary element (the first of `elements`).
    pub fn primary(&self) -> &str {
        self.elements.first().map(String::as_str).unwrap_or("")
    }
}
