//! Compact facts about nodes and links that the rules filter on, computed once per check.
//!
//! Rules scan these small arrays in order and touch the model's large node and link structs
//! only for what they report, which keeps a 10,000-node check in cache.

use crate::model::{Authn, Classification, Link, NodeKind, Tls};

/// A node's kind without its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// [`NodeKind::Client`].
    Client,
    /// [`NodeKind::Server`].
    Server,
    /// [`NodeKind::Peer`].
    Peer,
    /// [`NodeKind::Gateway`].
    Gateway,
    /// [`NodeKind::Store`].
    Store,
    /// [`NodeKind::Cdn`].
    Cdn,
    /// [`NodeKind::External`].
    External,
    /// [`NodeKind::Actor`].
    Actor,
}

impl Tag {
    /// The tag of a kind.
    pub fn of(kind: &NodeKind) -> Tag {
        match kind {
            NodeKind::Client { .. } => Tag::Client,
            NodeKind::Server { .. } => Tag::Server,
            NodeKind::Peer { .. } => Tag::Peer,
            NodeKind::Gateway { .. } => Tag::Gateway,
            NodeKind::Store { .. } => Tag::Store,
            NodeKind::Cdn => Tag::Cdn,
            NodeKind::External => Tag::External,
            NodeKind::Actor => Tag::Actor,
        }
    }

    /// Whether the node answers requests on its own behalf: a server, gateway or peer.
    pub fn answers_requests(self) -> bool {
        matches!(self, Tag::Server | Tag::Gateway | Tag::Peer)
    }

    /// Whether the node fronts others: a gateway or an edge cache.
    pub fn fronts(self) -> bool {
        matches!(self, Tag::Gateway | Tag::Cdn)
    }
}

/// What the rules ask of a link, precomputed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkFacts {
    /// The kind of the node the link starts from.
    pub from: Tag,
    /// The kind of the node the link goes to.
    pub to: Tag,
    /// Both ends exist and neither is a person: a person's use of an application is no network path.
    pub network: bool,
    /// The ends lie in different innermost zones.
    pub crosses: bool,
    /// The link goes into a zone trusted more than the one it comes from.
    pub more_trusted: bool,
    /// Traffic travels unencrypted ([`Link::is_plaintext`]).
    pub plaintext: bool,
    /// Transport encryption as declared.
    pub tls: Tls,
    /// The caller does not authenticate.
    pub unauthenticated: bool,
    /// An authorization policy is stated.
    pub authz: bool,
    /// A rate limit is stated.
    pub rate_limit: bool,
    /// Calls are logged, traced or metered.
    pub telemetry: bool,
    /// A contract is named.
    pub contract: bool,
    /// A sync specification is given.
    pub sync: bool,
    /// Data is declared and all of it is public.
    pub only_public: bool,
    /// Both ends initiate.
    pub bidirectional: bool,
    /// The most sensitive classification carried.
    pub class: Option<Classification>,
}

impl LinkFacts {
    /// The facts of a link whose end kinds and zone relations are already known.
    pub fn new(link: &Link, ends: Option<(Tag, Tag)>, crosses: bool, more_trusted: bool) -> Self {
        let stated = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        let class = link.max_classification();
        let (from, to) = ends.unwrap_or((Tag::Actor, Tag::Actor));
        LinkFacts {
            from,
            to,
            network: ends.is_some() && from != Tag::Actor && to != Tag::Actor,
            crosses,
            more_trusted,
            plaintext: link.is_plaintext(),
            tls: link.tls,
            unauthenticated: link.authn == Authn::None,
            authz: stated(&link.authz),
            rate_limit: stated(&link.rate_limit),
            telemetry: link.telemetry,
            contract: link.contract.is_some(),
            sync: link.sync.is_some(),
            only_public: !link.data.is_empty() && class == Some(Classification::Public),
            bidirectional: link.bidirectional,
            class,
        }
    }
}
