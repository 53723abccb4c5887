//! The architecture ADR's sections on trust boundaries, contracts, connectivity, security and
//! deployment: facts read off the model, one list item per element.

use super::adr::flow_name;
use super::labels;
use super::markdown::{self, Doc};
use crate::analysis::{SkewCell, skew_matrix};
use crate::model::{Contract, Link, Model, Node, NodeKind, TrustZone};

/// Trust zones, and every flow that crosses a boundary with its protection.
pub fn boundaries(doc: &mut Doc, model: &Model) {
    doc.heading(2, "Trust boundaries");
    if model.zones.is_empty() {
        doc.para("The model declares no trust zones, so no flow crosses a boundary.");
        return;
    }
    let mut zones: Vec<&TrustZone> = model.zones.iter().collect();
    zones.sort_by(|a, b| a.id.cmp(&b.id));
    let items: Vec<String> = zones
        .iter()
        .map(|z| {
            let mut s = format!(
                "**{}** ({}; {}, trust level {}",
                markdown::text(&z.name),
                markdown::code(&z.id),
                markdown::text(z.kind.label()),
                z.trust
            );
            if let Some(parent) = z.parent.as_deref().and_then(|p| model.zone(p)) {
                s.push_str(&format!(", inside {}", markdown::text(&parent.name)));
            }
            s.push_str(&format!("; {} nodes)", model.nodes_within(&z.id).len()));
            if !z.description.trim().is_empty() {
                s.push_str(&format!(": {}", markdown::text(&z.description)));
            }
            s
        })
        .collect();
    doc.list(&items);
    doc.heading(3, "Flows crossing a boundary");
    let crossing: Vec<&Link> = sorted_links(model)
        .into_iter()
        .filter(|l| model.crosses_boundary(l))
        .collect();
    if crossing.is_empty() {
        doc.para("No link crosses a trust boundary.");
        return;
    }
    let items: Vec<(String, Vec<String>)> = crossing
        .iter()
        .map(|l| {
            let crossed: Vec<String> = model
                .boundaries_crossed(l)
                .iter()
                .map(|z| markdown::text(&z.name))
                .collect();
            let head = format!(
                "{} ({}), crosses {}",
                flow_name(model, l),
                markdown::code(&l.id),
                crossed.join(", ")
            );
            (head, vec![format!("Protection: {}", protection(l))])
        })
        .collect();
    doc.nested_list(&items);
}

/// How a link is protected, in one line: protocol, TLS, authentication, authorization, rate
/// limit, telemetry and the data it carries.
fn protection(l: &Link) -> String {
    let mut parts = vec![markdown::text(l.protocol.label())];
    parts.push(if l.is_plaintext() {
        "**plaintext**".to_owned()
    } else if l.tls == crate::model::Tls::None {
        "encrypted by the protocol".to_owned()
    } else {
        labels::tls(l.tls).to_owned()
    });
    parts.push(markdown::text(&labels::authn(&l.authn)));
    parts.push(match &l.authz {
        Some(p) => format!("authorization: {}", markdown::text(p)),
        None => "no authorization policy".to_owned(),
    });
    parts.push(match &l.rate_limit {
        Some(r) => format!("rate limit {}", markdown::text(r)),
        None => "no rate limit".to_owned(),
    });
    parts.push(
        if l.telemetry {
            "telemetry"
        } else {
            "no telemetry"
        }
        .to_owned(),
    );
    if !l.data.is_empty() {
        let data: Vec<String> = l
            .data
            .iter()
            .map(|d| format!("{} ({})", markdown::text(&d.0), labels::classification(d.1)))
            .collect();
        parts.push(format!("carries {}", data.join(", ")));
    }
    parts.join("; ")
}

/// Contracts, who uses them, and the version-skew plan from the skew matrix.
pub fn contracts(doc: &mut Doc, model: &Model) {
    doc.heading(2, "Contracts and version skew");
    if model.contracts.is_empty() {
        doc.para("The model documents no contracts.");
    } else {
        let mut contracts: Vec<&Contract> = model.contracts.iter().collect();
        contracts.sort_by(|a, b| a.id.cmp(&b.id));
        let items: Vec<(String, Vec<String>)> =
            contracts.iter().map(|c| contract_entry(model, c)).collect();
        doc.nested_list(&items);
    }
    doc.heading(3, "Version-skew plan");
    let skew = skew_matrix(model);
    if skew.is_empty() {
        doc.para("No client release in the field is recorded with the contract versions it needs.");
        return;
    }
    let mut items = Vec::new();
    for row in &skew.rows {
        for (cell, column) in row.cells.iter().zip(&skew.columns) {
            if *cell == SkewCell::NotNeeded {
                continue;
            }
            let mut line = format!(
                "{} {} with {} {}: {}",
                markdown::text(&row.client_name),
                markdown::text(&row.version),
                markdown::text(&column.name),
                markdown::text(&column.version),
                cell.label()
            );
            if let Some(reason) = cell.reason() {
                line.push_str(&format!(", {}", markdown::text(reason)));
            }
            items.push(line);
        }
    }
    doc.list(&items);
}

fn contract_entry(model: &Model, c: &Contract) -> (String, Vec<String>) {
    let provider = model
        .node(&c.provider)
        .map(|n| markdown::text(&n.name))
        .unwrap_or_else(|| markdown::code(&c.provider));
    let head = format!(
        "**{}** ({}; {}, provided by {provider})",
        markdown::text(&c.name),
        markdown::code(&c.id),
        labels::style(c.style)
    );
    let or_none = |v: &str, none: &str| {
        if v.trim().is_empty() {
            none.to_owned()
        } else {
            markdown::text(v)
        }
    };
    let mut subs = vec![
        format!("Version: {}", or_none(&c.version, "unversioned")),
        format!("Supported range: {}", or_none(&c.supported, "not stated")),
        format!(
            "Schema: {}",
            or_none(c.schema.as_deref().unwrap_or(""), "not documented")
        ),
        format!(
            "Auth flow: {}",
            or_none(c.auth_flow.as_deref().unwrap_or(""), "not documented")
        ),
        format!(
            "Version negotiation: {}",
            c.negotiation.map(labels::negotiation).unwrap_or("none")
        ),
        format!(
            "Deprecation window: {}",
            or_none(c.deprecation_window.as_deref().unwrap_or(""), "not stated")
        ),
    ];
    let mut users: Vec<String> = model
        .links()
        .filter(|l| l.contract.as_deref() == Some(c.id.as_str()))
        .filter_map(|l| model.node(&l.from).map(|n| markdown::text(&n.name)))
        .collect();
    users.sort();
    users.dedup();
    if !users.is_empty() {
        subs.push(format!("Used by: {}", users.join(", ")));
    }
    (head, subs)
}

/// Offline-first clients, sync links and peer discovery.
pub fn connectivity(doc: &mut Doc, model: &Model) {
    doc.heading(2, "Connectivity and sync");
    let mut items = Vec::new();
    for n in sorted_nodes(model) {
        if let NodeKind::Client {
            offline_first: true,
            ..
        } = n.kind
        {
            items.push(format!("{} works offline first", markdown::text(&n.name)));
        }
        if let NodeKind::Server { role } = n.kind
            && matches!(
                role,
                crate::model::ServerRole::Discovery | crate::model::ServerRole::Relay
            )
        {
            items.push(format!(
                "{} is a {} server for peers",
                markdown::text(&n.name),
                format!("{role:?}").to_lowercase()
            ));
        }
    }
    for l in sorted_links(model) {
        if let Some(sync) = &l.sync {
            items.push(format!(
                "{} {} with {}",
                flow_name(model, l),
                labels::sync_direction(sync.direction),
                labels::sync_strategy(sync.strategy)
            ));
        }
    }
    if items.is_empty() {
        doc.para(
            "Purely client-server: no offline-first client, sync link or peer discovery is \
             modelled, so clients need a connection to work.",
        );
    } else {
        doc.list(&items);
    }
}

/// Per endpoint (every link): TLS, authentication, authorization, rate limit, telemetry; and
/// encryption at rest for stores.
pub fn security(doc: &mut Doc, model: &Model) {
    doc.heading(2, "Security posture");
    let links = sorted_links(model);
    if links.is_empty() {
        doc.para("The model has no links, so no endpoint to secure.");
    } else {
        let items: Vec<(String, Vec<String>)> = links
            .iter()
            .map(|l| {
                let head = format!("{} ({})", flow_name(model, l), markdown::code(&l.id));
                (head, vec![protection(l)])
            })
            .collect();
        doc.nested_list(&items);
    }
    let stores: Vec<String> = sorted_nodes(model)
        .into_iter()
        .filter_map(|n| match n.kind {
            NodeKind::Store {
                encrypted_at_rest, ..
            } => Some(format!(
                "{}: {}",
                markdown::text(&n.name),
                if encrypted_at_rest {
                    "encrypted at rest"
                } else {
                    "**not encrypted at rest**"
                }
            )),
            _ => None,
        })
        .collect();
    if !stores.is_empty() {
        doc.heading(3, "Data at rest");
        doc.list(&stores);
    }
}

/// Replicas, technology and where each node runs.
pub fn deployment(doc: &mut Doc, model: &Model) {
    doc.heading(2, "Deployment assumptions");
    let nodes = sorted_nodes(model);
    let deployed: Vec<String> = nodes
        .iter()
        .filter(|n| !matches!(n.kind, NodeKind::Actor | NodeKind::External))
        .map(|n| {
            let mut s = format!("{}: ", markdown::text(&n.name));
            s.push_str(&if n.replicas > 1 {
                format!("{} replicas", n.replicas)
            } else {
                "single instance".to_owned()
            });
            if let Some(t) = &n.technology {
                s.push_str(&format!(", {}", markdown::text(t)));
            }
            if let Some(z) = model.zones_of(&n.id).first() {
                s.push_str(&format!(", in {}", markdown::text(&z.name)));
            }
            s
        })
        .collect();
    if deployed.is_empty() {
        doc.para("Nothing deployable is modelled yet.");
    } else {
        doc.list(&deployed);
    }
    let outside: Vec<String> = nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::External))
        .map(|n| markdown::text(&n.name))
        .collect();
    if !outside.is_empty() {
        doc.para(&format!(
            "Run by third parties, outside the team's control: {}.",
            outside.join(", ")
        ));
    }
    doc.para(&format!(
        "Review thresholds: a client talking directly to {} or more servers, or a link making \
         {} or more calls per user action, counts as chatty.",
        model.settings.chatty_client_servers, model.settings.chatty_calls_per_action
    ));
}

fn sorted_nodes(model: &Model) -> Vec<&Node> {
    let mut nodes: Vec<&Node> = model.nodes().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    nodes
}

fn sorted_links(model: &Model) -> Vec<&Link> {
    super::tree::sorted_links(model)
}
