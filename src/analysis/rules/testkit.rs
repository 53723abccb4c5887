//! Small builders for rule tests: nodes of each kind, zones, links, and running one rule.

use crate::analysis::{Finding, Severity, check};
use crate::model::{
    Classification, ClientPlatform, ClientRelease, Contract, ContractNeed, ContractStyle, DataFlow,
    GatewayRole, Link, Model, ModelData, Node, NodeKind, Responsibility, ServerRole, StoreKind,
    Thickness, TrustZone, ZoneKind,
};

/// A thin web client.
pub fn client(id: &str) -> Node {
    Node::new(id, format!("{id} app"), NodeKind::all_defaults()[0].clone())
}

/// A client on the given platform.
pub fn client_on(id: &str, platform: ClientPlatform, thickness: Thickness, offline: bool) -> Node {
    Node::new(
        id,
        format!("{id} app"),
        NodeKind::Client {
            platform,
            thickness,
            offline_first: offline,
        },
    )
}

/// A server with the given role.
pub fn server_as(id: &str, role: ServerRole) -> Node {
    Node::new(id, format!("{id} service"), NodeKind::Server { role })
}

/// An API server.
pub fn server(id: &str) -> Node {
    server_as(id, ServerRole::Api)
}

/// An API gateway.
pub fn gateway(id: &str) -> Node {
    gateway_as(id, GatewayRole::ApiGateway)
}

/// A gateway with the given role.
pub fn gateway_as(id: &str, role: GatewayRole) -> Node {
    Node::new(id, format!("{id} gateway"), NodeKind::Gateway { role })
}

/// A relational store, encrypted or not.
pub fn store(id: &str, encrypted: bool) -> Node {
    store_of(id, StoreKind::Relational, encrypted)
}

/// A store of the given kind.
pub fn store_of(id: &str, kind: StoreKind, encrypted: bool) -> Node {
    Node::new(
        id,
        format!("{id} store"),
        NodeKind::Store {
            kind,
            encrypted_at_rest: encrypted,
        },
    )
}

/// A desktop peer.
pub fn peer(id: &str) -> Node {
    peer_on(id, ClientPlatform::Desktop)
}

/// A peer on the given platform.
pub fn peer_on(id: &str, platform: ClientPlatform) -> Node {
    Node::new(id, format!("{id} peer"), NodeKind::Peer { platform })
}

/// A node of any other kind.
pub fn node(id: &str, kind: NodeKind) -> Node {
    Node::new(id, format!("{id} node"), kind)
}

/// The node placed in a zone.
pub fn zoned(mut n: Node, zone: &str) -> Node {
    n.zone = Some(zone.to_owned());
    n
}

/// The node with responsibilities.
pub fn owning(mut n: Node, logic: &[&str], data: &[&str]) -> Node {
    n.responsibilities
        .extend(logic.iter().map(|l| Responsibility::Logic((*l).into())));
    n.responsibilities
        .extend(data.iter().map(|d| Responsibility::Data((*d).into())));
    n
}

/// An HTTPS / TLS 1.3 link with nothing else set.
pub fn link(id: &str, from: &str, to: &str) -> Link {
    Link::new(id, from, to)
}

/// A link that is safe by every security rule: token auth, authz, rate limit, telemetry.
pub fn good_link(id: &str, from: &str, to: &str) -> Link {
    let mut l = Link::new(id, from, to);
    l.authn = crate::model::Authn::Token;
    l.authz = Some("scopes".into());
    l.rate_limit = Some("100/min".into());
    l.telemetry = true;
    l
}

/// The link carrying one piece of data of the given class.
pub fn carrying(mut l: Link, class: Classification) -> Link {
    l.data.push(DataFlow("payload".into(), class));
    l
}

/// Internet (0), DMZ (1) and Core (2, inside DMZ).
pub fn zones() -> Vec<TrustZone> {
    let mut core = TrustZone::new("core", "Core", ZoneKind::Internal, 2);
    core.parent = Some("dmz".into());
    vec![
        TrustZone::new("internet", "Internet", ZoneKind::Internet, 0),
        TrustZone::new("dmz", "DMZ", ZoneKind::Dmz, 1),
        core,
    ]
}

/// A contract with a version, range, schema, auth flow, negotiation and window all stated.
pub fn contract(id: &str, provider: &str) -> Contract {
    let mut c = Contract::new(id, format!("{id} API"), ContractStyle::Rest, provider);
    c.version = "2.3.0".into();
    c.supported = ">=2.0, <3".into();
    c.schema = Some("openapi.yaml".into());
    c.auth_flow = Some("OAuth 2.1".into());
    c.negotiation = Some(crate::model::Negotiation::VersionedPath);
    c.deprecation_window = Some("6 months".into());
    c
}

/// A release of `client` needing contract versions.
pub fn release(client: &str, version: &str, needs: &[(&str, &str)]) -> ClientRelease {
    ClientRelease {
        client: client.into(),
        version: version.into(),
        needs: needs
            .iter()
            .map(|(c, r)| ContractNeed((*c).into(), (*r).into()))
            .collect(),
    }
}

/// A valid model from parts; panics (in tests only) with the problems if it is invalid.
pub fn build(data: ModelData) -> Model {
    match Model::from_data(data) {
        Ok(m) => m,
        Err(problems) => panic!("invalid test model: {problems:?}"),
    }
}

/// A model from zones, nodes and links only.
pub fn model(zones: Vec<TrustZone>, nodes: Vec<Node>, links: Vec<Link>) -> Model {
    build(ModelData {
        name: "test".into(),
        zones,
        nodes,
        links,
        ..ModelData::default()
    })
}

/// The findings of one rule.
pub fn run(rule: &str, model: &Model) -> Vec<Finding> {
    check(model)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// The single finding of one rule; panics (in tests only) unless there is exactly one.
pub fn one(rule: &str, model: &Model) -> Finding {
    let mut found = run(rule, model);
    assert_eq!(
        found.len(),
        1,
        "expected one {rule} finding, got {found:#?}"
    );
    found.remove(0)
}

/// The severity of the single finding of one rule.
pub fn severity(rule: &str, model: &Model) -> Severity {
    one(rule, model).severity
}

/// Asserts the rule finds nothing.
pub fn none(rule: &str, model: &Model) {
    let found = run(rule, model);
    assert!(
        found.is_empty(),
        "expected no {rule} finding, got {found:#?}"
    );
}
