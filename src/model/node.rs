//! Nodes: the participants of an architecture (clients, servers, peers, gateways, stores, …).

use serde::{Deserialize, Serialize};

/// A participant in the architecture, identified by a stable id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id, unique among nodes, links, zones and contracts.
    pub id: String,
    /// Name shown on the canvas.
    pub name: String,
    /// What the node is and what it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The kind of participant with its kind-specific fields.
    pub kind: NodeKind,
    /// The innermost trust zone the node belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// The logic and data this node owns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<Responsibility>,
    /// How many independent instances serve this node (1 means a single point of failure).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub replicas: u32,
    /// Free-form technology note ("PostgreSQL 16", "React", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Node {
    /// A node of `kind` with the given id and name and every optional field empty.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: NodeKind) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            kind,
            zone: None,
            responsibilities: Vec::new(),
            replicas: 1,
            technology: None,
        }
    }
}

/// What a piece of a node's responsibility is: behaviour it implements or data it owns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Responsibility {
    /// Business or presentation logic the node implements ("Price and validate orders").
    Logic(String),
    /// Data the node is the owner of ("Orders").
    Data(String),
}

impl Responsibility {
    /// The text of the responsibility, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Responsibility::Logic(s) | Responsibility::Data(s) => s,
        }
    }
}

/// The kind of a node, with the fields that only that kind has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NodeKind {
    /// An application in users' hands.
    Client {
        /// Where the client runs.
        platform: ClientPlatform,
        /// How much business logic the client carries.
        #[serde(default)]
        thickness: Thickness,
        /// Whether the client keeps working without a connection.
        #[serde(default)]
        offline_first: bool,
    },
    /// A server-side process.
    Server {
        /// What the server does.
        #[serde(default)]
        role: ServerRole,
    },
    /// A participant that is client and server at once in a peer-to-peer network.
    Peer {
        /// Where the peer runs.
        #[serde(default)]
        platform: ClientPlatform,
    },
    /// A single entry point in front of other servers.
    Gateway {
        /// The gateway's pattern.
        #[serde(default)]
        role: GatewayRole,
    },
    /// A place data is kept.
    Store {
        /// The store's data model.
        kind: StoreKind,
        /// Whether data at rest is encrypted.
        #[serde(default)]
        encrypted_at_rest: bool,
    },
    /// An edge cache in front of origin servers.
    Cdn,
    /// A third-party system outside the team's control.
    External,
    /// A person using the system.
    Actor,
}

impl NodeKind {
    /// Short lowercase label for the kind ("client", "server", …).
    pub fn label(&self) -> &'static str {
        match self {
            NodeKind::Client { .. } => "client",
            NodeKind::Server { .. } => "server",
            NodeKind::Peer { .. } => "peer",
            NodeKind::Gateway { .. } => "gateway",
            NodeKind::Store { .. } => "store",
            NodeKind::Cdn => "cdn",
            NodeKind::External => "external",
            NodeKind::Actor => "actor",
        }
    }

    /// The kind with its role, platform or store kind, in words, capitalised ("API gateway",
    /// "Web client", "Key-value store").
    pub fn in_words(&self) -> &'static str {
        match self {
            NodeKind::Client { platform, .. } => match platform {
                ClientPlatform::Web => "Web client",
                ClientPlatform::Mobile => "Mobile client",
                ClientPlatform::Desktop => "Desktop client",
                ClientPlatform::Cli => "CLI client",
                ClientPlatform::Iot => "IoT client",
            },
            NodeKind::Server { role } => match role {
                ServerRole::Api => "API server",
                ServerRole::Service => "Service",
                ServerRole::Worker => "Worker",
                ServerRole::Auth => "Auth server",
                ServerRole::Discovery => "Discovery server",
                ServerRole::Relay => "Relay server",
                ServerRole::Push => "Push server",
            },
            NodeKind::Peer { .. } => "Peer",
            NodeKind::Gateway { role } => match role {
                GatewayRole::Facade => "Façade",
                GatewayRole::Bff => "Backend for frontend",
                GatewayRole::ApiGateway => "API gateway",
                GatewayRole::LoadBalancer => "Load balancer",
            },
            NodeKind::Store { kind, .. } => match kind {
                StoreKind::Relational => "Relational store",
                StoreKind::Document => "Document store",
                StoreKind::KeyValue => "Key-value store",
                StoreKind::Cache => "Cache",
                StoreKind::Queue => "Queue",
                StoreKind::Object => "Object store",
            },
            NodeKind::Cdn => "CDN",
            NodeKind::External => "External system",
            NodeKind::Actor => "Actor",
        }
    }

    /// Whether the node is a client.
    pub fn is_client(&self) -> bool {
        matches!(self, NodeKind::Client { .. })
    }

    /// Whether the node is a server.
    pub fn is_server(&self) -> bool {
        matches!(self, NodeKind::Server { .. })
    }

    /// Whether the node is a peer.
    pub fn is_peer(&self) -> bool {
        matches!(self, NodeKind::Peer { .. })
    }

    /// Whether the node is a store.
    pub fn is_store(&self) -> bool {
        matches!(self, NodeKind::Store { .. })
    }

    /// Every kind with default fields, in palette order.
    pub fn all_defaults() -> [NodeKind; 8] {
        [
            NodeKind::Client {
                platform: ClientPlatform::Web,
                thickness: Thickness::Thin,
                offline_first: false,
            },
            NodeKind::Server {
                role: ServerRole::Api,
            },
            NodeKind::Peer {
                platform: ClientPlatform::Desktop,
            },
            NodeKind::Gateway {
                role: GatewayRole::ApiGateway,
            },
            NodeKind::Store {
                kind: StoreKind::Relational,
                encrypted_at_rest: true,
            },
            NodeKind::Cdn,
            NodeKind::External,
            NodeKind::Actor,
        ]
    }
}

/// Where a client or peer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ClientPlatform {
    /// In a browser.
    #[default]
    Web,
    /// On a phone or tablet.
    Mobile,
    /// A desktop application.
    Desktop,
    /// A command-line tool.
    Cli,
    /// A device or embedded system.
    Iot,
}

/// How much business logic a client carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Thickness {
    /// Presentation only; rules live on the server.
    #[default]
    Thin,
    /// Business rules run on the client too.
    Thick,
}

/// What a server does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ServerRole {
    /// Serves an API to clients.
    #[default]
    Api,
    /// An internal service called by other servers.
    Service,
    /// Processes background jobs or messages.
    Worker,
    /// Issues and checks identities and tokens.
    Auth,
    /// Lets peers find each other (bootstrap, tracker, rendezvous).
    Discovery,
    /// Relays traffic between peers that cannot connect directly.
    Relay,
    /// Sends push notifications to clients.
    Push,
}

/// The pattern a gateway implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum GatewayRole {
    /// A façade that consolidates several services behind one interface.
    Facade,
    /// A backend for one specific frontend.
    Bff,
    /// An API gateway: routing, authentication, rate limiting.
    #[default]
    ApiGateway,
    /// Spreads load over replicas.
    LoadBalancer,
}

/// The data model of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum StoreKind {
    /// A relational database.
    #[default]
    Relational,
    /// A document database.
    Document,
    /// A key-value store.
    KeyValue,
    /// A cache.
    Cache,
    /// A message queue or log.
    Queue,
    /// An object or blob store.
    Object,
}
