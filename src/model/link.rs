//! Links: directed communication paths between nodes, with their security and contract properties.

use serde::{Deserialize, Serialize};

/// A directed communication path from one node to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Stable id, unique among nodes, links, zones and contracts.
    pub id: String,
    /// The node that initiates the communication.
    pub from: String,
    /// The node that answers.
    pub to: String,
    /// Optional label shown on the arrow.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Whether both ends initiate (typical for peer links).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Transport encryption.
    pub tls: Tls,
    /// How the caller proves who it is.
    pub authn: Authn,
    /// The authorization policy the receiver enforces, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authz: Option<String>,
    /// The rate limit applied to this path, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<String>,
    /// Whether calls on this path are logged, traced or metered.
    #[serde(default, skip_serializing_if = "is_false")]
    pub telemetry: bool,
    /// The data carried, each with its classification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataFlow>,
    /// How many calls one user action makes on this path.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub calls_per_action: u32,
    /// The id of the contract spoken on this path, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// For sync links: how replicas converge and in which direction data flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncSpec>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Link {
    /// A link with the given ends, plain HTTPS with TLS 1.3 and no other property set.
    pub fn new(id: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            label: String::new(),
            bidirectional: false,
            protocol: Protocol::Https,
            tls: Tls::Tls13,
            authn: Authn::None,
            authz: None,
            rate_limit: None,
            telemetry: false,
            data: Vec::new(),
            calls_per_action: 1,
            contract: None,
            sync: None,
        }
    }

    /// Whether traffic on this link travels unencrypted: its `tls` says so.
    ///
    /// The TLS setting is the truth whatever the protocol's name suggests: `Https` with
    /// `Plaintext` is plain HTTP under another name, and the rules, the canvas and every export
    /// treat it as plaintext alike.
    pub fn is_plaintext(&self) -> bool {
        self.tls == Tls::None
    }

    /// The most sensitive classification of the data carried, if any data is declared.
    pub fn max_classification(&self) -> Option<Classification> {
        self.data.iter().map(|d| d.1).max()
    }
}

/// One piece of data carried by a link: its name and classification.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DataFlow(pub String, pub Classification);

/// The wire protocol of a link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Protocol {
    /// HTTP over TLS.
    Https,
    /// Plain HTTP.
    Http,
    /// gRPC.
    Grpc,
    /// WebSocket.
    WebSocket,
    /// GraphQL over HTTP.
    GraphQl,
    /// MQTT.
    Mqtt,
    /// AMQP.
    Amqp,
    /// QUIC (always encrypted).
    Quic,
    /// WebRTC data channels (always encrypted with DTLS).
    WebRtc,
    /// Raw TCP.
    Tcp,
    /// Raw UDP.
    Udp,
    /// A database or other custom protocol, named.
    Custom(String),
}

impl Protocol {
    /// Whether the protocol is defined over encryption (HTTPS, QUIC, WebRTC), so a link switched
    /// to it gets TLS when it had none. The `tls` field alone decides [`Link::is_plaintext`].
    pub fn encrypts_itself(&self) -> bool {
        matches!(self, Protocol::Https | Protocol::Quic | Protocol::WebRtc)
    }

    /// The name people write for the protocol.
    pub fn label(&self) -> &str {
        match self {
            Protocol::Https => "HTTPS",
            Protocol::Http => "HTTP",
            Protocol::Grpc => "gRPC",
            Protocol::WebSocket => "WebSocket",
            Protocol::GraphQl => "GraphQL",
            Protocol::Mqtt => "MQTT",
            Protocol::Amqp => "AMQP",
            Protocol::Quic => "QUIC",
            Protocol::WebRtc => "WebRTC",
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Custom(name) => name,
        }
    }
}

/// Transport encryption on a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tls {
    /// No encryption. Written `Plaintext` in files (a bare `None` would read as an `Option`).
    #[serde(rename = "Plaintext", alias = "None")]
    None,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
    /// Mutual TLS: both ends present certificates.
    Mutual,
}

/// How the caller on a link authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Authn {
    /// No authentication. Written `Anonymous` in files (a bare `None` would read as an `Option`).
    #[serde(rename = "Anonymous", alias = "None")]
    None,
    /// A session cookie.
    Session,
    /// A bearer token (OAuth, JWT, …).
    Token,
    /// A static API key.
    ApiKey,
    /// Client certificates.
    Mtls,
    /// Another mechanism, named.
    Custom(String),
}

/// Sensitivity of data, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Classification {
    /// Anyone may see it.
    Public,
    /// For the organisation's eyes.
    Internal,
    /// Personal or business data whose leak harms someone.
    Confidential,
    /// Credentials, keys, payment data.
    Secret,
}

/// How replicas of shared data converge on a sync link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSpec {
    /// The conflict-resolution strategy.
    pub strategy: SyncStrategy,
    /// Which way changes flow.
    pub direction: SyncDirection,
}

/// Conflict resolution for replicated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SyncStrategy {
    /// Conflict-free replicated data types.
    Crdt,
    /// Last write wins by timestamp.
    LastWriteWins,
    /// Operational transform.
    OperationalTransform,
    /// Conflicts shown to a person to merge.
    ManualMerge,
    /// No strategy chosen yet.
    Unspecified,
}

/// Which way changes flow on a sync link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SyncDirection {
    /// From `from` to `to`.
    Push,
    /// From `to` to `from`.
    Pull,
    /// Both ways.
    Both,
}
