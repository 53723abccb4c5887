//! OWASP Threat Dragon v2 JSON: actors, processes and stores become nodes, flows links, trust
//! boundary boxes and curves zones (membership from where things are drawn), threats triage.
//!
//! The format is the one of Threat Dragon 2.x (`td.vue/src/assets/schema/threat-dragon-v2.schema.json`
//! in OWASP/threat-dragon): `summary {title, description}`, `detail.diagrams[].cells[]`, each
//! cell with `shape`, `position`/`size` (or `source`/`target`/`vertices` for flows and curves) and
//! `data {type, name, …, threats[]}`.

use std::collections::HashMap;

use serde_json::Value;

use super::builder::{Builder, kind_from_words, protocol_from_name, zone_kind_from_name};
use super::{ImportError, Unmapped, parse_json};
use crate::model::{
    Authn, Link, Model, Node, NodeKind, Protocol, Responsibility, ServerRole, StoreKind, Tls,
    TriageStatus, TrustZone,
};

/// Space left between diagrams when a model has several (they are laid out top to bottom).
const DIAGRAM_GAP: f64 = 200.0;

/// Most trust boundaries read: membership from geometry costs boundaries × elements.
const MAX_BOUNDARIES: usize = 2_000;

/// Imports a Threat Dragon v2 model.
pub fn import(text: &str) -> Result<(Model, Vec<Unmapped>), ImportError> {
    let root = parse_json(text)?;
    let summary = root
        .get("summary")
        .filter(|v| v.is_object())
        .ok_or_else(|| ImportError::shape("summary", "expected an object with the title"))?;
    let diagrams = root
        .get("detail")
        .and_then(|d| d.get("diagrams"))
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::shape("detail.diagrams", "expected a list of diagrams"))?;
    if diagrams.iter().any(|d| d.get("diagramJson").is_some()) {
        return Err(ImportError::shape(
            "detail.diagrams",
            "this is a Threat Dragon v1 model; open it in Threat Dragon 2 and save it to upgrade",
        ));
    }
    let mut b = Builder::new(&text_of(summary, "title"), &text_of(summary, "description"));
    let mut drawing = Drawing::default();
    let mut top = 0.0;
    for (d, diagram) in diagrams.iter().enumerate() {
        let Some(cells) = diagram.get("cells").and_then(Value::as_array) else {
            b.skip(format!("diagram {d}"), "has no cells");
            continue;
        };
        let bottom = read_cells(&mut b, &mut drawing, cells, top);
        top = bottom + DIAGRAM_GAP;
    }
    if diagrams.len() > 1 {
        b.skip(
            "detail.diagrams",
            format!(
                "{} diagrams merged into one model, laid out top to bottom",
                diagrams.len()
            ),
        );
    }
    zones_from_boxes(&mut b, &drawing);
    zones_from_curves(&mut b, &drawing);
    for flow in &drawing.flows {
        add_flow(&mut b, flow, &drawing.authenticating);
    }
    for (element, threats) in &drawing.threats {
        add_threats(&mut b, element, threats);
    }
    b.finish()
}

/// A rectangle: top-left corner and size.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn center(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn contains(self, (px, py): (f64, f64)) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    fn contains_rect(self, o: Rect) -> bool {
        self.contains((o.x, o.y)) && self.contains((o.x + o.w, o.y + o.h))
    }

    fn area(self) -> f64 {
        self.w * self.h
    }
}

/// A trust boundary: source cell id, name, description and its geometry.
type Boundary<G> = (String, String, String, G);

/// What the cells describe, gathered before anything is linked.
#[derive(Default)]
struct Drawing {
    /// Node model id and its rectangle.
    nodes: Vec<(String, Rect)>,
    /// Box boundaries: source cell id, name, description, rectangle.
    boxes: Vec<Boundary<Rect>>,
    /// Curve boundaries: source cell id, name, description, polyline.
    curves: Vec<Boundary<Vec<(f64, f64)>>>,
    flows: Vec<Value>,
    /// Model ids of the actors marked `providesAuthentication`.
    authenticating: Vec<String>,
    /// Model element id (or source cell id for flows) and its threats.
    threats: Vec<(String, Vec<Value>)>,
}

/// Reads one diagram's cells, shifted down by `top`; returns the lowest y drawn.
fn read_cells(b: &mut Builder, drawing: &mut Drawing, cells: &[Value], top: f64) -> f64 {
    let mut bottom = top;
    for (i, cell) in cells.iter().enumerate() {
        let data = cell.get("data").unwrap_or(&Value::Null);
        let kind = data
            .get("type")
            .and_then(Value::as_str)
            .or_else(|| cell.get("shape").and_then(Value::as_str))
            .unwrap_or("");
        let key = cell
            .get("id")
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| format!("cell {i}"));
        let name = cell_name(cell);
        let rect = rect_of(cell).map(|r| Rect { y: r.y + top, ..r });
        if let Some(r) = rect {
            bottom = bottom.max(r.y + r.h);
        }
        match kind {
            "tm.Actor" | "actor" | "tm.Process" | "process" | "tm.Store" | "store" => {
                add_element(b, drawing, &key, kind, &name, data, rect);
            }
            "tm.Flow" | "flow" => drawing.flows.push(cell.clone()),
            "tm.BoundaryBox" | "trust-boundary-box" | "tm.Boundary" | "trust-boundary-curve"
                if drawing.boxes.len() + drawing.curves.len() >= MAX_BOUNDARIES =>
            {
                b.skip(
                    label(&name, &key),
                    format!("more than {MAX_BOUNDARIES} trust boundaries; this one is left out"),
                );
            }
            "tm.BoundaryBox" | "trust-boundary-box" => match rect {
                Some(r) => drawing
                    .boxes
                    .push((key, name, text_of(data, "description"), r)),
                None => b.skip(
                    label(&name, &key),
                    "boundary box without a position and size",
                ),
            },
            "tm.Boundary" | "trust-boundary-curve" => {
                let line = polyline(cell, top);
                if line.len() < 2 {
                    b.skip(label(&name, &key), "boundary curve without two ends");
                } else {
                    drawing
                        .curves
                        .push((key, name, text_of(data, "description"), line));
                }
            }
            "tm.Text" | "td-text-block" => b.skip(
                label(&name, &key),
                "text block: notes are not model elements",
            ),
            other => b.skip(label(&name, &key), format!("unknown cell type `{other}`")),
        }
    }
    bottom
}

fn add_element(
    b: &mut Builder,
    drawing: &mut Drawing,
    key: &str,
    kind: &str,
    name: &str,
    data: &Value,
    rect: Option<Rect>,
) {
    let name = b.name(name, "Unnamed");
    let id = b.id_for(None, &name, "node");
    let mut node = Node::new(&id, &name, NodeKind::Actor);
    node.description = text_of(data, "description");
    let flag = |f: &str| data.get(f).and_then(Value::as_bool).unwrap_or(false);
    match kind {
        "tm.Actor" | "actor" => {
            node.kind = match kind_from_words(&name) {
                Some(k @ NodeKind::Client { .. }) => k,
                _ => NodeKind::Actor,
            };
        }
        "tm.Process" | "process" => {
            // A process runs code: only the running kinds a name suggests are kept.
            node.kind = match kind_from_words(&name) {
                Some(
                    k @ (NodeKind::Client { .. }
                    | NodeKind::Server { .. }
                    | NodeKind::Gateway { .. }
                    | NodeKind::Peer { .. }
                    | NodeKind::Cdn),
                ) => k,
                _ => NodeKind::Server {
                    role: ServerRole::Api,
                },
            };
            if flag("handlesCardPayment") {
                node.responsibilities
                    .push(Responsibility::Data("Card payments".into()));
            }
            if flag("handlesGoodsOrServices") {
                node.responsibilities
                    .push(Responsibility::Logic("Goods or services".into()));
            }
            let privilege = text_of(data, "privilegeLevel");
            if !privilege.is_empty() {
                b.skip(
                    &name,
                    format!("privilege level `{privilege}` has no field; noted in the description"),
                );
                append(
                    &mut node.description,
                    &format!("Privilege level: {privilege}."),
                );
            }
        }
        _ => {
            let store_kind = match kind_from_words(&name) {
                Some(NodeKind::Store { kind, .. }) => kind,
                _ if flag("isALog") => StoreKind::Queue,
                _ => StoreKind::Relational,
            };
            node.kind = NodeKind::Store {
                kind: store_kind,
                encrypted_at_rest: flag("isEncrypted"),
            };
            if flag("storesCredentials") {
                node.responsibilities
                    .push(Responsibility::Data("Credentials".into()));
            }
            if flag("isSigned") {
                b.skip(&name, "`isSigned` has no field; noted in the description");
                append(&mut node.description, "Data is signed.");
            }
        }
    }
    if flag("providesAuthentication") {
        append(&mut node.description, "Provides authentication.");
        drawing.authenticating.push(id.clone());
    }
    if flag("outOfScope") {
        let reason = text_of(data, "reasonOutOfScope");
        append(
            &mut node.description,
            &format!("Out of scope in Threat Dragon: {reason}"),
        );
    }
    let threats = threats_of(data);
    if !threats.is_empty() {
        drawing.threats.push((id.clone(), threats));
    }
    if let Some(r) = rect {
        drawing.nodes.push((id, r));
    }
    b.add_node(key, node, rect.map(Rect::center));
}

fn append(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(more.trim());
}

/// Each box becomes a zone inside the smallest box around it; each node joins the smallest box
/// around its centre.
fn zones_from_boxes(b: &mut Builder, drawing: &Drawing) {
    let boxes = &drawing.boxes;
    // A strict order on boxes (bigger first, then earlier first), so parents never form a cycle.
    let outranks = |i: usize, j: usize| {
        let (a, c) = (boxes[i].3.area(), boxes[j].3.area());
        a > c || (a == c && i < j)
    };
    let smallest = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.min_by(|&i, &j| boxes[i].3.area().total_cmp(&boxes[j].3.area()))
    };
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&i, &j| {
        boxes[j]
            .3
            .area()
            .total_cmp(&boxes[i].3.area())
            .then(i.cmp(&j))
    });
    let mut ids: Vec<Option<String>> = vec![None; boxes.len()];
    let mut trusts: Vec<u8> = vec![0; boxes.len()];
    for &i in &order {
        let (key, name, description, rect) = &boxes[i];
        let parent = smallest(
            &mut (0..boxes.len())
                .filter(|&j| j != i && outranks(j, i) && boxes[j].3.contains_rect(*rect)),
        );
        let name = b.name(name, "Trust boundary");
        let id = b.id_for(None, &name, "zone");
        let (kind, mut trust) = zone_kind_from_name(&name);
        let mut zone = TrustZone::new(&id, &name, kind, trust);
        if let Some(p) = parent
            && let Some(pid) = ids[p].clone()
        {
            trust = trust.max(trusts[p].saturating_add(1));
            zone.trust = trust;
            zone.parent = Some(pid);
        }
        zone.description = description.clone();
        trusts[i] = trust;
        ids[i] = Some(id);
        b.add_zone(key, zone);
    }
    for (node_id, rect) in &drawing.nodes {
        let c = rect.center();
        let Some(inner) = smallest(&mut (0..boxes.len()).filter(|&j| boxes[j].3.contains(c)))
        else {
            continue;
        };
        let zone = ids[inner].clone();
        if let Some(n) = b.node_mut(node_id) {
            n.zone = zone;
        }
    }
}

/// Each curve becomes a zone holding the nodes on one side of it: the side most flows crossing
/// it lead into (the protected side), else the side with fewer nodes. Nodes inside a box stay
/// in their box.
fn zones_from_curves(b: &mut Builder, drawing: &Drawing) {
    for (key, name, description, line) in &drawing.curves {
        let sides: HashMap<&str, bool> = drawing
            .nodes
            .iter()
            .map(|(id, r)| (id.as_str(), side_of(line, r.center())))
            .collect();
        let side = |id: &str| sides.get(id).copied();
        let mut into = [0usize; 2];
        for flow in &drawing.flows {
            let (Some(from), Some(to)) = (end_node(b, flow, "source"), end_node(b, flow, "target"))
            else {
                continue;
            };
            if let (Some(a), Some(c)) = (side(&from), side(&to))
                && a != c
            {
                into[usize::from(c)] += 1;
            }
        }
        let count = |s: bool| sides.values().filter(|x| **x == s).count();
        let inner = if into[0] != into[1] {
            into[1] > into[0]
        } else {
            count(true) <= count(false)
        };
        let name = b.name(name, "Trust boundary");
        if count(inner) == 0 || count(!inner) == 0 {
            b.skip(
                &name,
                "boundary curve separates no elements; no zone made from it",
            );
            continue;
        }
        let id = b.id_for(None, &name, "zone");
        let (kind, trust) = zone_kind_from_name(&name);
        let mut zone = TrustZone::new(&id, &name, kind, trust.max(1));
        zone.description = description.clone();
        b.add_zone(key, zone);
        let mut members: Vec<&str> = sides
            .iter()
            .filter(|(_, s)| **s == inner)
            .map(|(id, _)| *id)
            .collect();
        members.sort_unstable();
        for node_id in members {
            let Some(n) = b.node_mut(node_id) else {
                continue;
            };
            match &n.zone {
                None => n.zone = Some(id.clone()),
                Some(other) => {
                    let (node, other) = (n.name.clone(), other.clone());
                    b.skip(
                        node,
                        format!(
                            "lies in box `{other}` and behind curve `{name}`; kept in `{other}`"
                        ),
                    );
                }
            }
        }
    }
}

/// Which side of the polyline a point lies on: the sign of the cross product with the nearest
/// segment.
fn side_of(line: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut best = (f64::INFINITY, false);
    for w in line.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - ax) * dx + (p.1 - ay) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (cx, cy) = (ax + t * dx, ay + t * dy);
        let dist = (p.0 - cx).powi(2) + (p.1 - cy).powi(2);
        if dist < best.0 {
            best = (dist, dx * (p.1 - ay) - dy * (p.0 - ax) > 0.0);
        }
    }
    best.1
}

/// The model id of the node at one end (`source` or `target`) of a flow.
fn end_node(b: &Builder, flow: &Value, end: &str) -> Option<String> {
    let cell = flow.get(end)?.get("cell")?;
    let key = match cell {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    b.id_of(&key)
        .filter(|id| b.node(id).is_some())
        .map(str::to_owned)
}

fn add_flow(b: &mut Builder, flow: &Value, authenticating: &[String]) {
    let data = flow.get("data").unwrap_or(&Value::Null);
    let key = flow
        .get("id")
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .unwrap_or_default();
    let name = cell_name(flow);
    let (Some(from), Some(to)) = (end_node(b, flow, "source"), end_node(b, flow, "target")) else {
        b.skip(
            label(&name, &key),
            "flow does not join two actors, processes or stores",
        );
        return;
    };
    if from == to {
        b.skip(label(&name, &key), "flow from an element to itself");
        return;
    }
    let flag = |f: &str| data.get(f).and_then(Value::as_bool).unwrap_or(false);
    let encrypted = flag("isEncrypted");
    let stated = protocol_from_name(&text_of(data, "protocol"));
    let protocol = match stated {
        Some(Protocol::Http) if encrypted => Protocol::Https,
        Some(p) => p,
        None => {
            b.skip(
                label(&name, &key),
                format!(
                    "no protocol stated; {} assumed from `isEncrypted`",
                    if encrypted { "HTTPS" } else { "HTTP" }
                ),
            );
            if encrypted {
                Protocol::Https
            } else {
                Protocol::Http
            }
        }
    };
    let label_text = b.name(&name, "");
    let id = b.link_id(&label_text, &from, &to);
    let mut link = Link::new(id, &from, &to);
    link.label = label_text;
    link.tls = if encrypted || protocol.encrypts_itself() {
        Tls::Tls13
    } else {
        Tls::None
    };
    link.protocol = protocol;
    link.bidirectional = flag("isBidirectional");
    if authenticating.contains(&from) {
        link.authn = Authn::Custom("provided by the actor".into());
    }
    if flag("isPublicNetwork") {
        b.skip(
            &link.id,
            "`isPublicNetwork`: crossings come from zones here; put the public end in an Internet zone",
        );
    }
    let threats = threats_of(data);
    let link_id = link.id.clone();
    b.add_link(link);
    for t in threats {
        add_threat(b, &link_id, &t);
    }
}

fn add_threats(b: &mut Builder, element: &str, threats: &[Value]) {
    for t in threats {
        add_threat(b, element, t);
    }
}

/// A threat becomes a triage entry on its element: status from the threat's status, the rest
/// in the note.
fn add_threat(b: &mut Builder, element: &str, threat: &Value) {
    let title = text_of(threat, "title");
    let status = match text_of(threat, "status").to_lowercase().as_str() {
        "mitigated" => TriageStatus::Mitigated,
        "notapplicable" | "not applicable" => TriageStatus::FalsePositive,
        _ => TriageStatus::InProgress,
    };
    let mut note = if title.is_empty() {
        "Threat".to_owned()
    } else {
        title.clone()
    };
    let details: Vec<String> = [("type", ""), ("severity", " severity")]
        .iter()
        .filter_map(|(f, suffix)| {
            let v = text_of(threat, f);
            (!v.is_empty()).then(|| format!("{v}{suffix}"))
        })
        .collect();
    if !details.is_empty() {
        note.push_str(&format!(" ({})", details.join(", ")));
    }
    let description = text_of(threat, "description");
    if !description.is_empty() {
        note.push_str(&format!(": {description}"));
    }
    let mitigation = text_of(threat, "mitigation");
    if !mitigation.is_empty() {
        note.push_str(&format!(" Mitigation: {mitigation}"));
    }
    b.add_triage(&format!("td {title}"), element, status, note);
}

fn threats_of(data: &Value) -> Vec<Value> {
    data.get("threats")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter(|v| v.is_object()).cloned().collect())
        .unwrap_or_default()
}

/// A string field, or "" when absent or not a string.
fn text_of(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The name of a cell: `data.name`, else the label text of the shape.
fn cell_name(cell: &Value) -> String {
    let data_name = cell.get("data").map(|d| text_of(d, "name"));
    if let Some(n) = data_name.filter(|n| !n.is_empty()) {
        return n;
    }
    let attrs = cell.get("attrs").unwrap_or(&Value::Null);
    for path in [["text", "text"], ["label", "text"]] {
        if let Some(t) = attrs
            .get(path[0])
            .and_then(|v| v.get(path[1]))
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        {
            return t.trim().to_owned();
        }
    }
    String::new()
}

/// How an element is named in the report: its name, else its cell id.
fn label(name: &str, key: &str) -> String {
    if name.trim().is_empty() {
        format!("cell {key}")
    } else {
        name.trim().to_owned()
    }
}

fn number(v: &Value, field: &str) -> Option<f64> {
    v.get(field)
        .and_then(Value::as_f64)
        .filter(|x| x.is_finite())
}

fn rect_of(cell: &Value) -> Option<Rect> {
    let pos = cell.get("position")?;
    let size = cell.get("size")?;
    let r = Rect {
        x: number(pos, "x")?,
        y: number(pos, "y")?,
        w: number(size, "width")?,
        h: number(size, "height")?,
    };
    (r.w >= 0.0 && r.h >= 0.0).then_some(r)
}

/// The points of a curve or flow: its source point, its vertices, its target point.
fn polyline(cell: &Value, top: f64) -> Vec<(f64, f64)> {
    let point = |v: &Value| Some((number(v, "x")?, number(v, "y")? + top));
    let mut line = Vec::new();
    line.extend(cell.get("source").and_then(point));
    if let Some(vs) = cell.get("vertices").and_then(Value::as_array) {
        line.extend(vs.iter().filter_map(point));
    }
    line.extend(cell.get("target").and_then(point));
    line
}
