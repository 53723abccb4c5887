//! Open Threat Model (OTM 0.2.0) JSON: trust zones, components, dataflows, and the review's
//! findings as threats with their mitigations.
//!
//! Standard fields carry what every OTM tool reads; `attributes` carry the archmodel details
//! (`archmodel.node`, `archmodel.link`, …) so importing the file gives the same model back.

use serde_json::{Map, Value, json};

use crate::analysis::{self, Finding, Severity};
use crate::model::{
    Classification, ClientPlatform, DataFlow, GatewayRole, Model, NodeKind, ServerRole, StoreKind,
    TriageStatus,
};

/// The OTM version written.
pub const OTM_VERSION: &str = "0.2.0";

/// The id of the one diagram representation.
pub const DIAGRAM: &str = "diagram";

/// Size given to every component in the diagram representation (archmodel stores centres).
pub const COMPONENT_SIZE: (f64, f64) = (160.0, 60.0);

/// Attribute key of the zone that holds components no trust zone holds (OTM needs a parent).
pub const SYNTHETIC: &str = "archmodel.synthetic";

/// The model as OTM JSON, pretty-printed, deterministic.
pub fn render(model: &Model) -> String {
    let value = to_value(model);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The model as an OTM JSON value.
pub fn to_value(model: &Model) -> Value {
    let findings = analysis::check(model);
    let threats = Threats::new(model, &findings);
    let mut zones: Vec<Value> = {
        let mut z: Vec<_> = model.zones.iter().collect();
        z.sort_by(|a, b| a.id.cmp(&b.id));
        z.into_iter()
            .map(|z| {
                let mut v = json!({
                    "id": z.id,
                    "name": z.name,
                    "type": z.kind.label().to_lowercase(),
                    "risk": {"trustRating": trust_rating(z.trust)},
                    "attributes": {"archmodel.zone": z},
                });
                if !z.description.is_empty() {
                    v["description"] = json!(z.description);
                }
                if let Some(p) = &z.parent {
                    v["parent"] = json!({"trustZone": p});
                }
                v
            })
            .collect()
    };
    let data = model.to_data();
    let unzoned = data.nodes.iter().any(|n| n.zone.is_none());
    let synthetic = model.fresh_id("unzoned");
    if unzoned {
        zones.push(json!({
            "id": synthetic,
            "name": "Not in any trust zone",
            "type": "none",
            "risk": {"trustRating": 0},
            "attributes": {SYNTHETIC: true},
        }));
    }
    let components: Vec<Value> = data
        .nodes
        .iter()
        .map(|n| {
            let parent = n.zone.clone().unwrap_or_else(|| synthetic.clone());
            let mut tags = vec![n.kind.label().to_owned()];
            tags.extend(n.technology.clone());
            let mut v = json!({
                "id": n.id,
                "name": n.name,
                "type": component_type(&n.kind),
                "parent": {"trustZone": parent},
                "tags": tags,
                "attributes": {"archmodel.node": n},
            });
            if !n.description.is_empty() {
                v["description"] = json!(n.description);
            }
            if let Some(p) = data.layout.positions.get(&n.id) {
                v["representations"] = json!([{
                    "representation": DIAGRAM,
                    "id": format!("{}-shape", n.id),
                    "position": {
                        "x": f64::from(p.0) - COMPONENT_SIZE.0 / 2.0,
                        "y": f64::from(p.1) - COMPONENT_SIZE.1 / 2.0,
                    },
                    "size": {"width": COMPONENT_SIZE.0, "height": COMPONENT_SIZE.1},
                }]);
            }
            threats.attach(&mut v, &n.id);
            v
        })
        .collect();
    let assets = Assets::new(&data.links);
    let dataflows: Vec<Value> = data
        .links
        .iter()
        .map(|l| {
            let name = if l.label.is_empty() {
                l.protocol.label().to_owned()
            } else {
                l.label.clone()
            };
            let mut v = json!({
                "id": l.id,
                "name": name,
                "source": l.from,
                "destination": l.to,
                "bidirectional": l.bidirectional,
                "tags": [l.protocol.label(), format!("{:?}", l.tls), format!("{:?}", l.authn)],
                "attributes": {"archmodel.link": l},
            });
            if !l.data.is_empty() {
                v["assets"] = json!(l.data.iter().map(|d| assets.id_of(d)).collect::<Vec<_>>());
            }
            threats.attach(&mut v, &l.id);
            v
        })
        .collect();
    let (width, height) = diagram_size(model);
    let project_id = crate::export::escape::slug(&model.name, "model");
    json!({
        "otmVersion": OTM_VERSION,
        "project": {
            "name": model.name,
            "id": project_id,
            "description": model.description,
            "attributes": {
                "archmodel.contracts": data.contracts,
                "archmodel.releases": data.releases,
                "archmodel.decisions": data.decisions,
                "archmodel.settings": data.settings,
                "archmodel.view": data.layout.view,
                "archmodel.zone_padding": data.layout.zone_padding,
            },
        },
        "representations": [{
            "name": "Architecture diagram",
            "id": DIAGRAM,
            "type": "diagram",
            "size": {"width": width, "height": height},
        }],
        "assets": assets.list,
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats.list,
        "mitigations": threats.mitigations,
    })
}

/// OTM trust ratings run 0–100; archmodel trust levels are small steps (0 internet, 1 DMZ, …).
pub fn trust_rating(trust: u8) -> u32 {
    (u32::from(trust) * 10).min(100)
}

/// The component type written for a node kind; the importer reads it back to the same kind.
pub fn component_type(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Client { platform, .. } => match platform {
            ClientPlatform::Web => "web-client",
            ClientPlatform::Mobile => "mobile-client",
            ClientPlatform::Desktop => "desktop-client",
            ClientPlatform::Cli => "command-line-tool",
            ClientPlatform::Iot => "iot-device",
        },
        NodeKind::Server { role } => match role {
            ServerRole::Api => "web-service",
            ServerRole::Service => "service",
            ServerRole::Worker => "worker",
            ServerRole::Auth => "identity-provider",
            ServerRole::Discovery => "discovery-service",
            ServerRole::Relay => "relay-server",
            ServerRole::Push => "push-notification-service",
        },
        NodeKind::Peer { .. } => "peer",
        NodeKind::Gateway { role } => match role {
            GatewayRole::Facade => "facade-gateway",
            GatewayRole::Bff => "bff-gateway",
            GatewayRole::ApiGateway => "api-gateway",
            GatewayRole::LoadBalancer => "load-balancer",
        },
        NodeKind::Store { kind, .. } => match kind {
            StoreKind::Relational => "sql-database",
            StoreKind::Document => "document-database",
            StoreKind::KeyValue => "key-value-store",
            StoreKind::Cache => "cache",
            StoreKind::Queue => "message-queue",
            StoreKind::Object => "object-storage",
        },
        NodeKind::Cdn => "cdn",
        NodeKind::External => "external-system",
        NodeKind::Actor => "actor",
    }
}

/// The OTM threat state for a finding with this triage verdict (none: still open).
pub fn threat_state(status: Option<TriageStatus>) -> &'static str {
    match status {
        None => "EXPOSED",
        Some(TriageStatus::InProgress) => "PARTLY_MITIGATED",
        Some(TriageStatus::Accepted) => "ACCEPTED",
        Some(TriageStatus::Mitigated) => "MITIGATED",
        Some(TriageStatus::FalsePositive) => "NOT_APPLICABLE",
    }
}

/// Impact on OTM's 0–100 scale for a severity.
fn impact(severity: Severity) -> u32 {
    match severity {
        Severity::Info => 10,
        Severity::Low => 30,
        Severity::Medium => 50,
        Severity::High => 75,
        Severity::Critical => 100,
    }
}

/// Findings and triage entries as OTM threats, and the rules' fixes as mitigations.
struct Threats {
    list: Vec<Value>,
    mitigations: Vec<Value>,
    /// Element id, threat id, state, mitigation id (if any).
    instances: Vec<(String, String, &'static str, Option<String>)>,
}

impl Threats {
    fn new(model: &Model, findings: &[Finding]) -> Self {
        let mut t = Threats {
            list: Vec::new(),
            mitigations: Vec::new(),
            instances: Vec::new(),
        };
        let mut sorted: Vec<&Finding> = findings.iter().collect();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        for f in sorted {
            let triage = analysis::triage_of(model, &f.key);
            let rule = analysis::rule(f.rule);
            let mitigation = rule.map(|r| {
                let id = format!("fix-{}", r.id);
                if !t.mitigations.iter().any(|m| m["id"] == json!(id)) {
                    t.mitigations.push(json!({
                        "id": id,
                        "name": format!("Fix: {}", r.title),
                        "description": r.fix,
                        "riskReduction": 100,
                    }));
                }
                id
            });
            let mut attributes = Map::new();
            attributes.insert("archmodel.finding".into(), json!(f.key));
            if let Some(tr) = triage {
                attributes.insert("archmodel.triage".into(), json!(tr));
            }
            t.list.push(json!({
                "id": f.key,
                "name": f.title,
                "description": f.message,
                "categories": [f.area.label(), f.rule],
                "risk": {"likelihood": null, "impact": impact(f.severity)},
                "attributes": attributes,
            }));
            let state = threat_state(triage.map(|tr| tr.status));
            t.instances
                .push((f.primary().to_owned(), f.key.clone(), state, mitigation));
        }
        // Triage of findings no longer reported is kept too, so nothing of the model is lost.
        let stale = analysis::stale_triage(model, findings);
        for tr in stale {
            let (rule, element) = tr.finding.split_once('@').unwrap_or((&tr.finding, ""));
            let element = element.split('#').next().unwrap_or(element);
            t.list.push(json!({
                "id": tr.finding,
                "name": rule,
                "description": tr.note,
                "categories": [rule],
                "risk": {"likelihood": null, "impact": 0},
                "attributes": {"archmodel.finding": tr.finding, "archmodel.triage": tr},
            }));
            t.instances.push((
                element.to_owned(),
                tr.finding.clone(),
                threat_state(Some(tr.status)),
                None,
            ));
        }
        t
    }

    /// Adds the threats on `element` to its component or dataflow object.
    fn attach(&self, object: &mut Value, element: &str) {
        let on: Vec<Value> = self
            .instances
            .iter()
            .filter(|(e, ..)| e == element)
            .map(|(_, threat, state, mitigation)| {
                let mitigations: Vec<Value> = mitigation
                    .iter()
                    .map(|m| {
                        let done = matches!(*state, "MITIGATED" | "NOT_APPLICABLE");
                        json!({
                            "mitigation": m,
                            "state": if done { "IMPLEMENTED" } else { "RECOMMENDED" },
                        })
                    })
                    .collect();
                json!({"threat": threat, "state": state, "mitigations": mitigations})
            })
            .collect();
        if !on.is_empty() {
            object["threats"] = Value::Array(on);
        }
    }
}

/// The data links carry, as OTM assets rated by classification, each with a unique id.
struct Assets {
    list: Vec<Value>,
    ids: Vec<(DataFlow, String)>,
}

impl Assets {
    fn new(links: &[crate::model::Link]) -> Self {
        let mut a = Assets {
            list: Vec::new(),
            ids: Vec::new(),
        };
        let mut taken = std::collections::HashSet::new();
        for d in links.iter().flat_map(|l| &l.data) {
            if a.ids.iter().any(|(x, _)| x == d) {
                continue;
            }
            let stem = crate::export::escape::slug(&d.0, "data");
            let id = (1..)
                .map(|n| {
                    if n == 1 {
                        stem.clone()
                    } else {
                        format!("{stem}-{n}")
                    }
                })
                .find(|id| taken.insert(id.clone()))
                .unwrap_or_default();
            let rating = match d.1 {
                Classification::Public => 0,
                Classification::Internal => 30,
                Classification::Confidential => 60,
                Classification::Secret => 100,
            };
            a.list.push(json!({
                "id": id,
                "name": d.0,
                "risk": {"confidentiality": rating, "integrity": rating, "availability": 50},
            }));
            a.ids.push((d.clone(), id));
        }
        a
    }

    fn id_of(&self, d: &DataFlow) -> &str {
        self.ids
            .iter()
            .find(|(x, _)| x == d)
            .map_or("", |(_, id)| id.as_str())
    }
}

/// The extent of the positioned nodes, with a margin, as the diagram's size.
fn diagram_size(model: &Model) -> (f64, f64) {
    let points = model.layout.positions.values();
    let (mut w, mut h) = (0.0_f64, 0.0_f64);
    for p in points {
        w = w.max(f64::from(p.0) + COMPONENT_SIZE.0);
        h = h.max(f64::from(p.1) + COMPONENT_SIZE.1);
    }
    (
        w.max(COMPONENT_SIZE.0).ceil(),
        h.max(COMPONENT_SIZE.1).ceil(),
    )
}
