//! Contracts (the APIs and protocols servers and peers provide) and the client releases that use them.

use serde::{Deserialize, Serialize};

/// An API or protocol provided by a server or peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Stable id, unique among nodes, links, zones and contracts.
    pub id: String,
    /// Name people use for the API.
    pub name: String,
    /// The interaction style.
    pub style: ContractStyle,
    /// The id of the node that provides the contract.
    pub provider: String,
    /// The current version (semantic versioning, e.g. "2.3.0"); empty when unversioned.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// The range of versions still served (e.g. ">=2.0, <3"); empty when not stated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub supported: String,
    /// Where the schema lives (an OpenAPI file, a .proto, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// How callers obtain credentials for this contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_flow: Option<String>,
    /// How clients and servers of different versions agree on what to speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiation: Option<Negotiation>,
    /// How long a deprecated version keeps being served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation_window: Option<String>,
}

impl Contract {
    /// A contract with the given id, name, style and provider and nothing else stated.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        style: ContractStyle,
        provider: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            style,
            provider: provider.into(),
            version: String::new(),
            supported: String::new(),
            schema: None,
            auth_flow: None,
            negotiation: None,
            deprecation_window: None,
        }
    }
}

/// The interaction style of a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContractStyle {
    /// Resources over HTTP.
    Rest,
    /// gRPC services.
    Grpc,
    /// A GraphQL schema.
    GraphQl,
    /// Published events or messages.
    Events,
    /// A peer-to-peer protocol.
    P2p,
}

/// How parties of different versions agree on what to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Negotiation {
    /// Features switched on per client by flags.
    FeatureFlags,
    /// Content negotiation with the `Accept` header.
    AcceptHeader,
    /// The version in the path (`/v2/…`).
    VersionedPath,
    /// Peers exchange capabilities when they connect.
    CapabilityHandshake,
}

/// A client version still in the field and the contract versions it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRelease {
    /// The id of the client (or peer) node.
    pub client: String,
    /// The release's version ("2026.11", "4.2.0").
    pub version: String,
    /// Contract id and the version range this release needs of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<ContractNeed>,
}

/// A release's requirement on a contract: its id and the version range needed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContractNeed(pub String, pub String);
