//! OpenAPI 3.1 skeletons, one per HTTP contract: title and version from the contract, servers
//! from its provider, security schemes from how the links that speak it authenticate, and the
//! older major versions still served listed as deprecated. Paths are left for the team to fill.

use serde_json::{Map, Value, json};

use crate::analysis::{Version, VersionReq};
use crate::model::{Authn, Contract, ContractStyle, Link, Model, Negotiation, Protocol};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// How many older major versions are looked at for deprecation (bounds the work on odd input).
const MAX_OLD_MAJORS: u64 = 20;

/// Whether a contract is spoken over HTTP: REST and GraphQL contracts, and any contract a link
/// speaks with HTTP or HTTPS.
pub fn is_http(model: &Model, contract: &Contract) -> bool {
    matches!(contract.style, ContractStyle::Rest | ContractStyle::GraphQl)
        || links_of(model, contract)
            .iter()
            .any(|l| matches!(l.protocol, Protocol::Http | Protocol::Https))
}

/// One `<contract-id>.openapi.json` per HTTP contract, sorted by id, for an export folder.
pub fn folder_files(model: &Model) -> Vec<(String, Vec<u8>)> {
    let mut contracts: Vec<&Contract> = model
        .contracts
        .iter()
        .filter(|c| is_http(model, c))
        .collect();
    contracts.sort_by(|a, b| a.id.cmp(&b.id));
    contracts
        .into_iter()
        .map(|c| {
            let mut text = serde_json::to_string_pretty(&document(model, c)).unwrap_or_default();
            text.push('\n');
            (format!("{}.openapi.json", c.id), text.into_bytes())
        })
        .collect()
}

/// The OpenAPI document of one contract.
pub fn document(model: &Model, contract: &Contract) -> Value {
    let links = links_of(model, contract);
    let deprecated = deprecated_majors(contract);
    let mut info = json!({
        "title": contract.name,
        "version": if contract.version.is_empty() { "unversioned" } else { &contract.version },
        "description": description(model, contract, &deprecated),
        "x-archmodel-contract": contract.id,
    });
    if !contract.supported.is_empty() {
        info["x-supported-versions"] = json!(contract.supported);
    }
    if !deprecated.is_empty() {
        info["x-deprecated-versions"] =
            json!(deprecated.iter().map(u64::to_string).collect::<Vec<_>>());
    }
    let (schemes, security) = security(contract, &links);
    let mut doc = json!({
        "openapi": OPENAPI_VERSION,
        "info": info,
        "servers": servers(model, contract, &links, &deprecated),
        "paths": paths(contract),
    });
    if !schemes.is_empty() {
        doc["components"] = json!({"securitySchemes": schemes});
        doc["security"] = Value::Array(security);
    }
    doc
}

fn links_of<'m>(model: &'m Model, contract: &Contract) -> Vec<&'m Link> {
    let mut links: Vec<&Link> = model
        .links()
        .filter(|l| l.contract.as_deref() == Some(contract.id.as_str()))
        .collect();
    links.sort_by(|a, b| a.id.cmp(&b.id));
    links
}

/// Major versions below the current one that the supported range still reaches.
fn deprecated_majors(contract: &Contract) -> Vec<u64> {
    let (Some(current), Some(served)) = (
        Version::parse(&contract.version),
        VersionReq::parse(&contract.supported),
    ) else {
        return Vec::new();
    };
    let oldest = current.major.saturating_sub(MAX_OLD_MAJORS);
    (oldest..current.major)
        .filter(|m| {
            VersionReq::parse(&format!(">={m}, <{}", m + 1)).is_some_and(|r| served.intersects(&r))
        })
        .collect()
}

fn description(model: &Model, contract: &Contract, deprecated: &[u64]) -> String {
    let provider = model
        .node(&contract.provider)
        .map_or(contract.provider.as_str(), |n| n.name.as_str());
    let mut lines = vec![format!(
        "{} contract provided by {provider}. Skeleton exported by archmodel: add the paths.",
        style_label(contract.style)
    )];
    if !contract.supported.is_empty() {
        lines.push(format!("Versions served: {}.", contract.supported));
    }
    if !deprecated.is_empty() {
        let list: Vec<String> = deprecated.iter().map(|m| format!("{m}.x")).collect();
        let window = contract
            .deprecation_window
            .as_deref()
            .map_or(String::new(), |w| {
                format!(", served for {w} after deprecation")
            });
        lines.push(format!("Deprecated: {}{window}.", list.join(", ")));
    }
    if let Some(n) = contract.negotiation {
        lines.push(format!("Version negotiation: {}.", negotiation_label(n)));
    }
    if let Some(flow) = &contract.auth_flow {
        lines.push(format!("Authentication flow: {flow}."));
    }
    if let Some(schema) = &contract.schema {
        lines.push(format!("Full schema: {schema}."));
    }
    lines.join("\n\n")
}

fn style_label(style: ContractStyle) -> &'static str {
    match style {
        ContractStyle::Rest => "REST",
        ContractStyle::Grpc => "gRPC",
        ContractStyle::GraphQl => "GraphQL",
        ContractStyle::Events => "Event",
        ContractStyle::P2p => "Peer-to-peer",
    }
}

fn negotiation_label(n: Negotiation) -> &'static str {
    match n {
        Negotiation::FeatureFlags => "feature flags",
        Negotiation::AcceptHeader => "the Accept header",
        Negotiation::VersionedPath => "the version in the path",
        Negotiation::CapabilityHandshake => "a capability handshake",
    }
}

/// The provider as a server URL with its host as a variable; with versioned paths one server
/// per major version served, the older ones marked deprecated.
fn servers(model: &Model, contract: &Contract, links: &[&Link], deprecated: &[u64]) -> Value {
    let provider = model.node(&contract.provider);
    let name = provider.map_or(contract.provider.as_str(), |n| n.name.as_str());
    let technology = provider
        .and_then(|n| n.technology.as_deref())
        .map_or(String::new(), |t| format!(" ({t})"));
    let plain = !links.is_empty() && links.iter().all(|l| l.is_plaintext());
    let scheme = if plain { "http" } else { "https" };
    let variables = json!({"host": {
        "default": contract.provider,
        "description": format!("Host name of {name}"),
    }});
    let versioned = contract.negotiation == Some(Negotiation::VersionedPath);
    let current = Version::parse(&contract.version).filter(|_| versioned);
    let Some(current) = current else {
        return json!([{
            "url": format!("{scheme}://{{host}}"),
            "description": format!("{name}{technology}"),
            "variables": variables,
        }]);
    };
    let mut list = vec![json!({
        "url": format!("{scheme}://{{host}}/v{}", current.major),
        "description": format!("{name}{technology}, version {}", current.major),
        "variables": variables,
    })];
    for m in deprecated.iter().rev() {
        list.push(json!({
            "url": format!("{scheme}://{{host}}/v{m}"),
            "description": format!("{name}{technology}, version {m} (deprecated)"),
            "variables": variables,
        }));
    }
    Value::Array(list)
}

/// Security schemes for the authentication the contract's links use; a link without any makes
/// authentication optional (`{}` among the requirements).
fn security(contract: &Contract, links: &[&Link]) -> (Map<String, Value>, Vec<Value>) {
    let mut schemes = Map::new();
    let mut anonymous = false;
    for l in links {
        let flow = contract.auth_flow.clone().unwrap_or_default();
        let (name, scheme) = match &l.authn {
            Authn::None => {
                anonymous = true;
                continue;
            }
            Authn::Token => (
                "bearerAuth".to_owned(),
                json!({"type": "http", "scheme": "bearer", "description": flow}),
            ),
            Authn::Session => (
                "sessionCookie".to_owned(),
                json!({"type": "apiKey", "in": "cookie", "name": "session"}),
            ),
            Authn::ApiKey => (
                "apiKey".to_owned(),
                json!({"type": "apiKey", "in": "header", "name": "X-API-Key"}),
            ),
            Authn::Mtls => ("mutualTLS".to_owned(), json!({"type": "mutualTLS"})),
            Authn::Custom(what) => (
                format!("custom-{}", crate::export::escape::slug(what, "auth")),
                json!({
                    "type": "apiKey", "in": "header", "name": "Authorization",
                    "description": format!("Custom authentication: {what}"),
                }),
            ),
        };
        schemes.entry(name).or_insert(scheme);
    }
    let mut security: Vec<Value> = schemes.keys().map(|k| json!({ k: [] })).collect();
    if anonymous && !schemes.is_empty() {
        security.push(json!({}));
    }
    (schemes, security)
}

/// No paths for REST (the team fills them in); the one endpoint of a GraphQL API.
fn paths(contract: &Contract) -> Value {
    if contract.style != ContractStyle::GraphQl {
        return json!({});
    }
    json!({"/graphql": {"post": {
        "summary": "GraphQL queries and mutations",
        "operationId": "graphql",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "type": "object",
            "required": ["query"],
            "properties": {
                "query": {"type": "string"},
                "variables": {"type": "object"},
                "operationName": {"type": "string"},
            },
        }}}},
        "responses": {"200": {"description": "The result of the operation"}},
    }}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_api_has_servers_security_and_no_deprecations_in_range() {
        let model = crate::examples::template("web-app").expect("example");
        let files = folder_files(&model);
        assert!(!files.is_empty());
        for (name, bytes) in &files {
            let doc: Value = serde_json::from_slice(bytes).expect("json");
            assert_eq!(doc["openapi"], OPENAPI_VERSION, "{name}");
            assert!(doc["servers"].as_array().is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn older_majors_still_served_are_deprecated() {
        let mut c = Contract::new("api", "API", ContractStyle::Rest, "srv");
        c.version = "3.1.0".into();
        c.supported = ">=1.5, <4".into();
        assert_eq!(deprecated_majors(&c), vec![1, 2]);
        c.supported = ">=3".into();
        assert!(deprecated_majors(&c).is_empty());
        c.version = "unknown".into();
        assert!(deprecated_majors(&c).is_empty());
    }
}
