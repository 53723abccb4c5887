//! New elements drawn on the canvas: a node of a kind with a free id and name, a link whose
//! protocol and security follow from the kinds it joins, a trust zone around a selection.

use crate::model::Link;
use crate::model::{
    Authn, Model, Node, NodeKind, Protocol, StoreKind, SyncDirection, SyncSpec, SyncStrategy, Tls,
};

/// The display name of a kind for new nodes ("Server", "Store").
pub fn kind_title(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Client { .. } => "Client",
        NodeKind::Server { .. } => "Server",
        NodeKind::Peer { .. } => "Peer",
        NodeKind::Gateway { .. } => "Gateway",
        NodeKind::Store { .. } => "Store",
        NodeKind::Cdn => "CDN",
        NodeKind::External => "External system",
        NodeKind::Actor => "User",
    }
}

/// A new node of `kind` with a name no other node has ("Server 2" after "Server"), so a fresh
/// node never trips the duplicate-name rule, and the id that name reads as (`server-2`).
pub fn new_node(model: &Model, kind: NodeKind) -> Node {
    let title = kind_title(&kind);
    let name = free_name(title, |name| model.nodes().any(|n| n.name == name));
    let id = model.fresh_id_for_name(&name, kind.label());
    Node::new(id, name, kind)
}

/// `title`, or "`title` 2", "`title` 3"… whichever is not `taken` first.
pub fn free_name(title: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(title) {
        return title.to_owned();
    }
    (2..)
        .map(|n| format!("{title} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| title.to_owned())
}

/// The link a user most likely means when connecting `from` to `to`, or `None` when either node is
/// missing or both are the same node.
///
/// - into a store: the store's own protocol (SQL over TLS, AMQP for a queue, HTTPS for objects),
///   authenticated by credentials;
/// - peer to peer: a bidirectional sync link (CRDT) over mutual TLS;
/// - service to service inside the system: gRPC over mutual TLS;
/// - anything else (a client or actor calling a server, gateway or CDN; calls to or from an
///   external system): HTTPS with TLS 1.3 and token authentication (API keys for external
///   systems).
pub fn new_link(model: &Model, from: &str, to: &str) -> Option<Link> {
    if from == to {
        return None;
    }
    let (a, b) = (model.node(from)?, model.node(to)?);
    let id = model.fresh_id(&format!("{from}-{to}"));
    let mut link = Link::new(id, from, to);
    link.telemetry = true;
    match (&a.kind, &b.kind) {
        (_, NodeKind::Store { kind, .. }) => {
            let (protocol, tls) = store_protocol(*kind);
            link.protocol = protocol;
            link.tls = tls;
            link.authn = Authn::Custom("database credentials".into());
            if *kind == StoreKind::Object {
                link.authn = Authn::Token;
            }
        }
        (NodeKind::Peer { .. }, NodeKind::Peer { .. }) => {
            link.protocol = Protocol::WebRtc;
            link.tls = Tls::Mutual;
            link.authn = Authn::Mtls;
            link.bidirectional = true;
            link.sync = Some(SyncSpec {
                strategy: SyncStrategy::Crdt,
                direction: SyncDirection::Both,
            });
        }
        (
            NodeKind::Server { .. } | NodeKind::Gateway { .. },
            NodeKind::Server { .. } | NodeKind::Gateway { .. },
        ) => {
            link.protocol = Protocol::Grpc;
            link.tls = Tls::Mutual;
            link.authn = Authn::Mtls;
        }
        (_, NodeKind::External) | (NodeKind::External, _) => {
            link.authn = Authn::ApiKey;
        }
        (NodeKind::Actor, NodeKind::Client { .. }) => {
            // A person using an app on their device: no network hop to secure.
            link.protocol = Protocol::Custom("UI".into());
            link.tls = Tls::None;
            link.authn = Authn::None;
            link.telemetry = false;
        }
        _ => link.authn = Authn::Token,
    }
    Some(link)
}

/// The wire protocol people use for each kind of store, with its transport security.
fn store_protocol(kind: StoreKind) -> (Protocol, Tls) {
    match kind {
        StoreKind::Queue => (Protocol::Amqp, Tls::Tls13),
        StoreKind::Object => (Protocol::Https, Tls::Tls13),
        StoreKind::Relational => (Protocol::Custom("SQL".into()), Tls::Tls13),
        StoreKind::Document | StoreKind::KeyValue | StoreKind::Cache => (Protocol::Tcp, Tls::Tls13),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClientPlatform, ServerRole, Thickness};

    fn model() -> Model {
        let mut m = Model::new("t");
        let kinds = [
            (
                "app",
                NodeKind::Client {
                    platform: ClientPlatform::Web,
                    thickness: Thickness::Thin,
                    offline_first: false,
                },
            ),
            (
                "api",
                NodeKind::Server {
                    role: ServerRole::Api,
                },
            ),
            (
                "db",
                NodeKind::Store {
                    kind: StoreKind::Relational,
                    encrypted_at_rest: true,
                },
            ),
            (
                "q",
                NodeKind::Store {
                    kind: StoreKind::Queue,
                    encrypted_at_rest: true,
                },
            ),
            (
                "p1",
                NodeKind::Peer {
                    platform: ClientPlatform::Desktop,
                },
            ),
            (
                "p2",
                NodeKind::Peer {
                    platform: ClientPlatform::Desktop,
                },
            ),
            (
                "svc",
                NodeKind::Server {
                    role: ServerRole::Service,
                },
            ),
        ];
        for (id, kind) in kinds {
            m.add_node(Node::new(id, id, kind)).expect("valid node");
        }
        m
    }

    #[test]
    fn client_to_server_is_https_tls13_with_a_token() {
        let l = new_link(&model(), "app", "api").expect("link");
        assert_eq!(
            (l.protocol, l.tls, l.authn),
            (Protocol::Https, Tls::Tls13, Authn::Token)
        );
        assert_eq!(l.id, "app-api");
    }

    #[test]
    fn peers_get_a_bidirectional_sync_link() {
        let l = new_link(&model(), "p1", "p2").expect("link");
        assert!(l.bidirectional);
        assert_eq!(l.sync.map(|s| s.strategy), Some(SyncStrategy::Crdt));
        assert_eq!(l.authn, Authn::Mtls);
    }

    #[test]
    fn stores_are_reached_by_their_own_protocol() {
        let m = model();
        let sql = new_link(&m, "api", "db").expect("link");
        assert_eq!(sql.protocol, Protocol::Custom("SQL".into()));
        let queue = new_link(&m, "api", "q").expect("link");
        assert_eq!(queue.protocol, Protocol::Amqp);
        assert_eq!(
            new_link(&m, "api", "svc").map(|l| l.protocol),
            Some(Protocol::Grpc)
        );
    }

    #[test]
    fn no_link_to_itself_or_to_a_missing_node() {
        let m = model();
        assert!(new_link(&m, "api", "api").is_none());
        assert!(new_link(&m, "api", "nowhere").is_none());
    }

    #[test]
    fn new_nodes_get_free_ids_and_names() {
        let mut m = model();
        let a = new_node(&m, NodeKind::Cdn);
        assert_eq!((a.id.as_str(), a.name.as_str()), ("cdn", "CDN"));
        m.add_node(a).expect("valid");
        let b = new_node(&m, NodeKind::Cdn);
        assert_eq!((b.id.as_str(), b.name.as_str()), ("cdn-2", "CDN 2"));
    }
}
