//! Trust zones: named regions of equal trust whose boundaries links cross.

use serde::{Deserialize, Serialize};

/// A trust zone (trust boundary), possibly nested inside another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustZone {
    /// Stable id, unique among nodes, links, zones and contracts.
    pub id: String,
    /// Name shown on the canvas.
    pub name: String,
    /// What sort of network or place the zone is.
    pub kind: ZoneKind,
    /// How much the zone is trusted: 0 is the open internet, higher is more trusted.
    pub trust: u8,
    /// The zone this one lies inside, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// What the zone holds and why its boundary is where it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl TrustZone {
    /// A top-level zone with the given id, name, kind and trust.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ZoneKind, trust: u8) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            trust,
            parent: None,
            description: String::new(),
        }
    }
}

/// The sort of place a trust zone is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ZoneKind {
    /// The public internet.
    Internet,
    /// A demilitarised zone between the internet and internal networks.
    Dmz,
    /// An internal network.
    Internal,
    /// A user's device.
    Device,
    /// A partner's network.
    Partner,
    /// Anything else, named.
    Custom(String),
}

impl ZoneKind {
    /// The name people write for the zone kind.
    pub fn label(&self) -> &str {
        match self {
            ZoneKind::Internet => "Internet",
            ZoneKind::Dmz => "DMZ",
            ZoneKind::Internal => "Internal",
            ZoneKind::Device => "Device",
            ZoneKind::Partner => "Partner",
            ZoneKind::Custom(name) => name,
        }
    }
}
