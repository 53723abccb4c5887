//! Open Threat Model (OTM) JSON: trust zones become zones, components nodes, dataflows links,
//! threats on components and dataflows triage. Follows the OTM 0.2.0 schema
//! (`otm_schema.json` in iriusrisk/OpenThreatModel).
//!
//! Files archmodel wrote carry `archmodel.*` attributes; they are read back, so a model survives
//! model → OTM → model unchanged. Other files are mapped from the standard fields.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::builder::{Builder, kind_from_words, protocol_from_name, zone_kind_from_name};
use super::{ImportError, Unmapped, parse_json};
use crate::export::otm::{COMPONENT_SIZE, SYNTHETIC};
use crate::model::{
    Classification, ClientRelease, Contract, DataFlow, Decision, Link, Model, Node, NodeKind,
    Protocol, ServerRole, Settings, Tls, Triage, TriageStatus, TrustZone, View,
};

/// Imports an OTM model.
pub fn import(text: &str) -> Result<(Model, Vec<Unmapped>), ImportError> {
    let root = parse_json(text)?;
    if root.get("otmVersion").and_then(Value::as_str).is_none() {
        return Err(ImportError::shape("otmVersion", "expected the OTM version"));
    }
    let project = root.get("project").unwrap_or(&Value::Null);
    let mut b = Builder::new(&text_of(project, "name"), &text_of(project, "description"));
    let zones = list(&root, "trustZones");
    let synthetic = add_zones(&mut b, &zones);
    for (i, c) in list(&root, "components").iter().enumerate() {
        add_component(&mut b, i, c, &synthetic);
    }
    component_parents(&mut b, &list(&root, "components"));
    let assets: HashMap<String, DataFlow> = list(&root, "assets")
        .into_iter()
        .filter_map(|a| Some((a.get("id")?.as_str()?.to_owned(), asset(a))))
        .collect();
    for (i, f) in list(&root, "dataflows").iter().enumerate() {
        add_dataflow(&mut b, i, f, &assets);
    }
    let threats: HashMap<String, &Value> = list(&root, "threats")
        .into_iter()
        .filter_map(|t| Some((t.get("id")?.as_str()?.to_owned(), t)))
        .collect();
    let mitigations: HashMap<String, &Value> = list(&root, "mitigations")
        .into_iter()
        .filter_map(|m| Some((m.get("id")?.as_str()?.to_owned(), m)))
        .collect();
    add_threats(&mut b, &root, &threats, &mitigations);
    let attributes = project.get("attributes").unwrap_or(&Value::Null);
    b.finish_with(|data, skip| project_attributes(attributes, data, skip))
}

/// Zones in an order where parents come first; returns the source ids of synthetic zones.
fn add_zones(b: &mut Builder, zones: &[&Value]) -> Vec<String> {
    let mut synthetic = Vec::new();
    let mut pending: Vec<(usize, &Value)> = zones.iter().copied().enumerate().collect();
    // Add zones whose parent is known (or absent) until no more can be added: parents first,
    // and zones in a parent cycle or under a missing parent end up at the top level.
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|&(i, z)| {
            let parent = z
                .get("parent")
                .and_then(|p| p.get("trustZone"))
                .and_then(Value::as_str);
            let ready = parent.is_none_or(|p| b.id_of(p).is_some());
            if ready {
                add_zone(b, i, z, parent, &mut synthetic);
            }
            !ready
        });
        if pending.len() == before {
            for &(i, z) in &pending {
                let name = text_of(z, "name");
                b.skip(
                    label(&name, i, "trustZones"),
                    "parent zone missing or in a cycle; made a top-level zone",
                );
                add_zone(b, i, z, None, &mut synthetic);
            }
            break;
        }
    }
    synthetic
}

fn add_zone(
    b: &mut Builder,
    i: usize,
    z: &Value,
    parent: Option<&str>,
    synthetic: &mut Vec<String>,
) {
    let key = text_of(z, "id");
    let key = if key.is_empty() {
        format!("trustZones[{i}]")
    } else {
        key
    };
    let attributes = z.get("attributes").unwrap_or(&Value::Null);
    if attributes.get(SYNTHETIC).and_then(Value::as_bool) == Some(true) {
        synthetic.push(key);
        return;
    }
    let name = b.name(&text_of(z, "name"), "Trust zone");
    let id = b.id_for(Some(&key), &name, "zone");
    let ours: Option<TrustZone> = attribute(b, &name, attributes, "archmodel.zone");
    let mut zone = match ours {
        // The zone's own name, untrimmed, so a model survives the round trip exactly.
        Some(zone) => TrustZone {
            id: String::new(),
            ..zone
        },
        None => {
            let (kind, _) = zone_kind_from_name(&format!("{name} {}", text_of(z, "type")));
            let rating = z
                .get("risk")
                .and_then(|r| r.get("trustRating"))
                .and_then(Value::as_f64)
                .filter(|r| r.is_finite())
                .unwrap_or(50.0)
                .clamp(0.0, 100.0);
            let trust = (rating / 10.0).round();
            if (trust * 10.0 - rating).abs() > f64::EPSILON {
                b.skip(
                    &name,
                    format!(
                        "trust rating {rating} rounded to {} (trust {trust})",
                        trust * 10.0
                    ),
                );
            }
            let mut zone = TrustZone::new("", &name, kind, trust as u8);
            zone.name = name.clone();
            zone.description = text_of(z, "description");
            zone
        }
    };
    zone.id = id;
    zone.parent = parent.and_then(|p| b.id_of(p)).map(str::to_owned);
    b.add_zone(&key, zone);
}

fn add_component(b: &mut Builder, i: usize, c: &Value, synthetic: &[String]) {
    let key = text_of(c, "id");
    let key = if key.is_empty() {
        format!("components[{i}]")
    } else {
        key
    };
    let name = b.name(&text_of(c, "name"), "Unnamed");
    let id = b.id_for(Some(&key), &name, "node");
    let attributes = c.get("attributes").unwrap_or(&Value::Null);
    let mut node = match attribute::<Node>(b, &name, attributes, "archmodel.node") {
        Some(node) => node,
        None => foreign_node(b, c, &name),
    };
    node.id = id;
    node.zone = None;
    if let Some(z) = c
        .get("parent")
        .and_then(|p| p.get("trustZone"))
        .and_then(Value::as_str)
        && !synthetic.iter().any(|s| s == z)
    {
        match b.id_of(z) {
            Some(zone) => node.zone = Some(zone.to_owned()),
            None => b.skip(
                &node.name,
                format!("no trust zone `{z}`; left outside any zone"),
            ),
        }
    }
    let at = c
        .get("representations")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(|r| {
            let pos = r.get("position")?;
            let size = r.get("size");
            let dim = |f: &str, default: f64| {
                size.and_then(|s| s.get(f))
                    .and_then(Value::as_f64)
                    .unwrap_or(default)
            };
            Some((
                pos.get("x")?.as_f64()? + dim("width", COMPONENT_SIZE.0) / 2.0,
                pos.get("y")?.as_f64()? + dim("height", COMPONENT_SIZE.1) / 2.0,
            ))
        });
    b.add_node(&key, node, at);
}

/// A node from a component another tool wrote: kind from its type and name.
fn foreign_node(b: &mut Builder, c: &Value, name: &str) -> Node {
    let ty = text_of(c, "type");
    let kind = kind_from_words(&format!("{ty} {name}")).unwrap_or_else(|| {
        let lower = ty.to_lowercase();
        let serverish = ["service", "server", "api", "backend", "app"];
        if serverish.iter().any(|w| lower.contains(w)) {
            return NodeKind::Server {
                role: ServerRole::Api,
            };
        }
        b.skip(
            name,
            format!("component type `{ty}` read as a server; change its kind if it is not one"),
        );
        NodeKind::Server {
            role: ServerRole::Api,
        }
    });
    let mut node = Node::new("", name, kind);
    node.description = text_of(c, "description");
    let tags = strings(c, "tags");
    if !tags.is_empty() {
        node.technology = Some(tags.join(", "));
    }
    node
}

/// Components inside components have no place (nodes do not nest): they take their
/// ancestor's zone and are reported.
fn component_parents(b: &mut Builder, components: &[&Value]) {
    for c in components {
        let Some(parent) = c
            .get("parent")
            .and_then(|p| p.get("component"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let (Some(child), Some(parent_id)) = (
            b.id_of(&text_of(c, "id")).map(str::to_owned),
            b.id_of(parent).map(str::to_owned),
        ) else {
            continue;
        };
        let zone = b.node(&parent_id).and_then(|p| p.zone.clone());
        if let Some(n) = b.node_mut(&child) {
            n.zone = zone;
        }
        b.skip(
            &child,
            format!("nested in component `{parent_id}`; nodes do not nest, placed in its zone"),
        );
    }
}

/// An asset as data a link carries: its name, classified by its confidentiality rating.
fn asset(a: &Value) -> DataFlow {
    let confidentiality = a
        .get("risk")
        .and_then(|r| r.get("confidentiality"))
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let classification = match confidentiality {
        c if c >= 75.0 => Classification::Secret,
        c if c >= 50.0 => Classification::Confidential,
        c if c >= 25.0 => Classification::Internal,
        _ => Classification::Public,
    };
    let name = text_of(a, "name");
    let name = if name.is_empty() {
        text_of(a, "id")
    } else {
        name
    };
    DataFlow(name, classification)
}

fn add_dataflow(b: &mut Builder, i: usize, f: &Value, assets: &HashMap<String, DataFlow>) {
    let key = text_of(f, "id");
    let key = if key.is_empty() {
        format!("dataflows[{i}]")
    } else {
        key
    };
    let name = text_of(f, "name");
    let from = b.id_of(&text_of(f, "source")).map(str::to_owned);
    let to = b.id_of(&text_of(f, "destination")).map(str::to_owned);
    let (Some(from), Some(to)) = (from, to) else {
        b.skip(
            label(&name, i, "dataflows"),
            "source or destination is not a component",
        );
        return;
    };
    if b.node(&from).is_none() || b.node(&to).is_none() || from == to {
        b.skip(
            label(&name, i, "dataflows"),
            "does not join two different components",
        );
        return;
    }
    let attributes = f.get("attributes").unwrap_or(&Value::Null);
    let mut link = match attribute::<Link>(b, &name, attributes, "archmodel.link") {
        Some(link) => link,
        None => foreign_link(b, f, &name),
    };
    link.id = b.id_for(Some(&key), &format!("{from}-{to}"), "link");
    link.from = from;
    link.to = to;
    if let Some(bidirectional) = f.get("bidirectional").and_then(Value::as_bool) {
        link.bidirectional = bidirectional;
    }
    for id in strings(f, "assets") {
        match assets.get(&id) {
            Some(data) if !link.data.contains(data) => link.data.push(data.clone()),
            Some(_) => {}
            None => b.skip(
                &link.id,
                format!("carries asset `{id}`, which is not listed"),
            ),
        }
    }
    b.remember(&key, &link.id);
    b.add_link(link);
}

/// A link from a dataflow another tool wrote: the protocol from its tags.
fn foreign_link(b: &mut Builder, f: &Value, name: &str) -> Link {
    let mut link = Link::new("", "", "");
    let protocol = strings(f, "tags")
        .iter()
        .filter_map(|t| protocol_from_name(t))
        .find(|p| !matches!(p, Protocol::Custom(_)));
    match protocol {
        Some(p) => {
            link.tls = if p.encrypts_itself() || p != Protocol::Http {
                Tls::Tls13
            } else {
                Tls::None
            };
            link.protocol = p;
        }
        None => b.skip(
            label(name, 0, "dataflow"),
            "no protocol among the tags; HTTPS assumed",
        ),
    }
    if !name.is_empty() {
        link.label = name.to_owned();
    }
    link
}

/// Threats on components and dataflows become triage. Threats archmodel wrote carry their
/// finding key and verdict; others get a key from their name and a note with the details.
fn add_threats(
    b: &mut Builder,
    root: &Value,
    threats: &HashMap<String, &Value>,
    mitigations: &HashMap<String, &Value>,
) {
    let mut ours: Vec<&String> = threats
        .iter()
        .filter(|(_, t)| has_attribute(t, "archmodel.finding"))
        .map(|(id, _)| id)
        .collect();
    ours.sort();
    for id in ours {
        let t = threats[id];
        let Some(triage) = t.get("attributes").and_then(|a| a.get("archmodel.triage")) else {
            continue;
        };
        match serde_json::from_value::<Triage>(triage.clone()) {
            Ok(tr) => b.add_triage_key(tr.finding, tr.status, tr.note),
            Err(e) => b.skip(id, format!("triage not readable: {e}")),
        }
    }
    for (field, what) in [("components", "component"), ("dataflows", "dataflow")] {
        for element in list(root, field) {
            let Some(id) = b.id_of(&text_of(element, "id")).map(str::to_owned) else {
                continue;
            };
            for instance in list(element, "threats") {
                let threat_id = text_of(instance, "threat");
                let threat = threats.get(&threat_id).copied();
                if threat.is_some_and(|t| has_attribute(t, "archmodel.finding")) {
                    continue;
                }
                let Some(threat) = threat else {
                    b.skip(
                        &id,
                        format!("{what} names threat `{threat_id}`, which is not listed"),
                    );
                    continue;
                };
                let state = text_of(instance, "state");
                let status = match state.to_uppercase().as_str() {
                    "MITIGATED" => TriageStatus::Mitigated,
                    "NOT_APPLICABLE" | "HIDDEN" => TriageStatus::FalsePositive,
                    "ACCEPTED" => TriageStatus::Accepted,
                    _ => TriageStatus::InProgress,
                };
                let name = text_of(threat, "name");
                let mut note = format!("{name} [{state}]");
                let description = text_of(threat, "description");
                if !description.is_empty() {
                    note.push_str(&format!(": {description}"));
                }
                let names: Vec<String> = list(instance, "mitigations")
                    .iter()
                    .filter_map(|m| {
                        let mid = text_of(m, "mitigation");
                        let found = mitigations.get(&mid)?;
                        Some(format!(
                            "{} ({})",
                            text_of(found, "name"),
                            text_of(m, "state")
                        ))
                    })
                    .collect();
                if !names.is_empty() {
                    note.push_str(&format!(" Mitigations: {}.", names.join("; ")));
                }
                b.add_triage(&format!("otm {name}"), &id, status, note);
            }
        }
    }
}

/// Contracts, releases, decisions, settings and the view archmodel keeps in the project's
/// attributes; each list is taken only if it reads and fits the model.
fn project_attributes(
    attributes: &Value,
    data: &mut crate::model::ModelData,
    skip: &mut dyn FnMut(String, String),
) {
    fn read<T: DeserializeOwned>(
        attributes: &Value,
        key: &str,
        skip: &mut dyn FnMut(String, String),
    ) -> Option<T> {
        let v = attributes.get(key)?;
        serde_json::from_value(v.clone())
            .map_err(|e| {
                skip(
                    format!("project.attributes.{key}"),
                    format!("not readable: {e}"),
                )
            })
            .ok()
    }
    if let Some(c) = read::<Vec<Contract>>(attributes, "archmodel.contracts", skip) {
        data.contracts = c;
    }
    if let Some(r) = read::<Vec<ClientRelease>>(attributes, "archmodel.releases", skip) {
        data.releases = r;
    }
    if let Some(d) = read::<Vec<Decision>>(attributes, "archmodel.decisions", skip) {
        data.decisions = d;
    }
    if let Some(s) = read::<Settings>(attributes, "archmodel.settings", skip) {
        data.settings = s;
    }
    if let Some(v) = read::<View>(attributes, "archmodel.view", skip) {
        data.layout.view = v;
    }
    if let Some(p) = read::<f32>(attributes, "archmodel.zone_padding", skip) {
        data.layout.zone_padding = p;
    }
}

/// An `archmodel.*` attribute read as `T`; a value that does not read is reported and ignored.
fn attribute<T: DeserializeOwned>(
    b: &mut Builder,
    name: &str,
    attributes: &Value,
    key: &str,
) -> Option<T> {
    let v = attributes.get(key)?;
    match serde_json::from_value(v.clone()) {
        Ok(t) => Some(t),
        Err(e) => {
            b.skip(
                name,
                format!("attribute `{key}` not readable ({e}); standard fields used"),
            );
            None
        }
    }
}

fn has_attribute(v: &Value, key: &str) -> bool {
    v.get("attributes").and_then(|a| a.get(key)).is_some()
}

fn list<'a>(v: &'a Value, field: &str) -> Vec<&'a Value> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter(|x| x.is_object()).collect())
        .unwrap_or_default()
}

fn strings(v: &Value, field: &str) -> Vec<String> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn text_of(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}

fn label(name: &str, i: usize, list: &str) -> String {
    if name.trim().is_empty() {
        format!("{list}[{i}]")
    } else {
        name.trim().to_owned()
    }
}
