//! The paradigm checklist: the seed's five adoption steps, each with how much of the model it
//! covers and what is still missing, computed from the model and its findings.

use foldhash::{HashMap, HashMapExt};

use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::Serialize;

use super::finding::{Area, Finding};
use super::index::user_side;
use super::{settles, triage_map};
use crate::model::{Model, NodeKind};

/// One adoption step of the paradigm and how far the model has taken it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistStep {
    /// The step's number in the paradigm (1–5).
    pub number: u8,
    /// The review area whose findings tell what is missing.
    pub area: Area,
    /// The step's title ("Plan for version skew").
    pub title: &'static str,
    /// Elements the step concerns that have no open finding.
    pub covered: usize,
    /// Elements the step concerns.
    pub total: usize,
    /// `covered / total`; 1 when the step concerns nothing in this model.
    pub fraction: f32,
    /// What is missing, in words: open findings' messages and model-wide gaps.
    pub missing: Vec<String>,
}

impl ChecklistStep {
    /// Whether nothing is missing.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The five steps for a model, given the findings of [`check`](super::check) on it.
///
/// Findings settled by triage count as covered; findings in progress do not.
///
/// Linear in elements + findings + their listed elements: one id → element map is built, each
/// finding is read once (triage, order and the elements it flags) and each step's items are
/// counted by position.
pub fn checklist(model: &Model, findings: &[Finding]) -> Vec<ChecklistStep> {
    let release_ids: Vec<String> = model
        .releases
        .iter()
        .map(|r| release_id(&r.client, &r.version))
        .collect();
    let arena = IdArena::new(model, &release_ids);
    let elements = Elements::new(&arena);
    let verdicts = triage_map(model);
    let by_rank =
        |a: &&Finding, b: &&Finding| b.severity.cmp(&a.severity).then_with(|| a.key.cmp(&b.key));
    let mut by_area: [Vec<&Finding>; Area::ALL.len()] = Default::default();
    // For each element slot, a bit per area whose open findings flag it.
    let mut flagged = vec![0u8; elements.slot.len()];
    let mut sorted = true;
    let mut previous: Option<&Finding> = None;
    for f in findings {
        if verdicts
            .get(f.key.as_str())
            .is_some_and(|t| settles(t.status))
        {
            continue;
        }
        sorted = sorted && previous.is_none_or(|p| by_rank(&p, &f).is_le());
        previous = Some(f);
        if f.area.step().is_some() {
            elements.mark_flagged(f, area_bit(f.area), &mut flagged);
        }
        by_area[f.area as usize].push(f);
    }
    // Findings straight from `check` are already in this order. Sorting each area's list
    // stably is sorting all open findings stably and then splitting them by area.
    if !sorted {
        for list in &mut by_area {
            list.sort_by(by_rank);
        }
    }
    let items = step_items(model);
    let gaps = model_gaps(model);
    let steps: [(Area, &str); 5] = [
        (Area::Responsibilities, "Define responsibilities"),
        (Area::Contracts, "Document the contracts"),
        (Area::VersionSkew, "Plan for version skew"),
        (Area::Connectivity, "Address connectivity"),
        (Area::Security, "Secure all communications"),
    ];
    steps
        .into_iter()
        .zip(items)
        .zip(gaps)
        .enumerate()
        .map(|(i, (((area, title), items), gap))| {
            let in_area = std::mem::take(&mut by_area[area as usize]);
            let bit = area_bit(area);
            let total = items.len();
            let covered = items
                .iter()
                .filter(|&&e| flagged[elements.slot[e]] & bit == 0)
                .count();
            let mut missing: Vec<String> = Vec::with_capacity(in_area.len() + 1);
            missing.extend(gap);
            missing.extend(in_area.iter().map(|f| f.message.clone()));
            ChecklistStep {
                number: u8::try_from(i + 1).unwrap_or(u8::MAX),
                area,
                title,
                covered,
                total,
                fraction: if total == 0 {
                    1.0
                } else {
                    covered as f32 / total as f32
                },
                missing,
            }
        })
        .collect()
}

/// The area's bit in the flags of [`checklist`] (seven areas fit in a byte).
fn area_bit(area: Area) -> u8 {
    1 << (area as u8)
}

/// The ids of the elements each step concerns (nodes, links, contracts and releases), in step
/// order: what a guided walk through the checklist points at.
pub fn step_elements(model: &Model) -> [Vec<String>; 5] {
    let release_ids: Vec<String> = model
        .releases
        .iter()
        .map(|r| release_id(&r.client, &r.version))
        .collect();
    let arena = IdArena::new(model, &release_ids);
    step_items(model).map(|items| items.into_iter().map(|e| arena.id(e).to_owned()).collect())
}

/// What sort of element an id names, so a finding marks only elements like its primary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Node,
    Link,
    Zone,
    Contract,
    Release,
}

/// Every element's id and kind by position (nodes in graph order, then links in graph order,
/// zones, contracts and releases in the model's order), the ids copied into one buffer so the
/// lookups that compare them stay in cache.
struct IdArena {
    text: String,
    /// Where each element's id ends in `text`.
    ends: Vec<usize>,
    kinds: Vec<Kind>,
}

impl IdArena {
    fn new(model: &Model, release_ids: &[String]) -> Self {
        let nodes = model.nodes().map(|n| (n.id.as_str(), Kind::Node));
        let links = model
            .graph()
            .edge_references()
            .map(|e| (e.weight().id.as_str(), Kind::Link));
        let zones = model.zones.iter().map(|z| (z.id.as_str(), Kind::Zone));
        let contracts = model
            .contracts
            .iter()
            .map(|c| (c.id.as_str(), Kind::Contract));
        let releases = release_ids.iter().map(|r| (r.as_str(), Kind::Release));
        let count = model.node_count()
            + model.link_count()
            + model.zones.len()
            + model.contracts.len()
            + release_ids.len();
        let mut arena = IdArena {
            text: String::with_capacity(count * 16),
            ends: Vec::with_capacity(count),
            kinds: Vec::with_capacity(count),
        };
        for (id, kind) in nodes
            .chain(links)
            .chain(zones)
            .chain(contracts)
            .chain(releases)
        {
            arena.text.push_str(id);
            arena.ends.push(arena.text.len());
            arena.kinds.push(kind);
        }
        arena
    }

    /// The id of the element at this position.
    fn id(&self, e: usize) -> &str {
        let start = if e == 0 { 0 } else { self.ends[e - 1] };
        &self.text[start..self.ends[e]]
    }
}

/// The elements' ids looked up: elements that share an id share a slot, so marking an id marks
/// every element that bears it; the id's kind is that of the last element bearing it.
struct Elements<'a> {
    /// Each element's slot: the position of the first element with the same id.
    slot: Vec<usize>,
    /// Id → (kind, slot).
    by_id: HashMap<&'a str, (Kind, usize)>,
}

impl<'a> Elements<'a> {
    fn new(arena: &'a IdArena) -> Self {
        let count = arena.kinds.len();
        let mut slot = Vec::with_capacity(count);
        let mut by_id: HashMap<&str, (Kind, usize)> = HashMap::with_capacity(count);
        for (pos, &kind) in arena.kinds.iter().enumerate() {
            let entry = by_id.entry(arena.id(pos)).or_insert((kind, pos));
            entry.0 = kind;
            slot.push(entry.1);
        }
        Elements { slot, by_id }
    }

    /// Marks the finding's key element and the listed elements of the same kind (a group's
    /// other members) with `bit`; a link finding's end nodes are context, not what is missing.
    /// An id that names no element marks nothing: no step item bears it.
    fn mark_flagged(&self, f: &Finding, bit: u8, flagged: &mut [u8]) {
        let primary = f.key.split_once('@').map_or(f.primary(), |(_, e)| e);
        let Some(&(kind, slot)) = self.by_id.get(primary) else {
            return;
        };
        flagged[slot] |= bit;
        for e in f.elements.iter().skip(1) {
            if let Some(&(k, s)) = self.by_id.get(e.as_str())
                && k == kind
            {
                flagged[s] |= bit;
            }
        }
    }
}

/// The id a release has in finding keys and checklist items.
fn release_id(client: &str, version: &str) -> String {
    format!("{client}/{version}")
}

/// The elements each step concerns, as positions in [`Elements`], in step order.
fn step_items(model: &Model) -> [Vec<usize>; 5] {
    let mut steps: [Vec<usize>; 5] = Default::default();
    let mut pos = 0;
    for n in model.nodes() {
        let participant = matches!(
            n.kind,
            NodeKind::Client { .. } | NodeKind::Server { .. } | NodeKind::Peer { .. }
        );
        if participant || !n.responsibilities.is_empty() {
            steps[0].push(pos);
        }
        let connectivity = match n.kind {
            NodeKind::Client { offline_first, .. } => offline_first,
            NodeKind::Peer { .. }
            | NodeKind::Server { .. }
            | NodeKind::Gateway { .. }
            | NodeKind::Store { .. } => true,
            _ => false,
        };
        if connectivity {
            steps[3].push(pos);
        }
        // Security concerns every endpoint and store as well as every network link.
        if matches!(
            n.kind,
            NodeKind::Server { .. } | NodeKind::Gateway { .. } | NodeKind::Store { .. }
        ) {
            steps[4].push(pos);
        }
        pos += 1;
    }
    // Ends come from the graph's indices: no id is hashed per link.
    let graph = model.graph();
    let mut link_items = Vec::new();
    for e in graph.edge_references() {
        let at = pos;
        pos += 1;
        let (Some(from), Some(to)) = (graph.node_weight(e.source()), graph.node_weight(e.target()))
        else {
            continue;
        };
        if from.kind == NodeKind::Actor || to.kind == NodeKind::Actor {
            continue;
        }
        steps[4].push(at);
        if from.kind.is_peer() && to.kind.is_peer() {
            steps[3].push(at);
        }
        let answers = matches!(
            to.kind,
            NodeKind::Server { .. } | NodeKind::Gateway { .. } | NodeKind::Peer { .. }
        );
        if answers {
            link_items.push(at);
        }
    }
    pos += model.zones.len();
    let contracts = pos..pos + model.contracts.len();
    pos += model.contracts.len();
    steps[1].extend(contracts.clone());
    steps[1].extend(link_items);
    steps[2].extend(contracts);
    steps[2].extend(pos..pos + model.releases.len());
    steps
}

/// Gaps no single element shows, per step.
fn model_gaps(model: &Model) -> [Option<String>; 5] {
    let participants = model.nodes().any(|n| {
        matches!(
            n.kind,
            NodeKind::Client { .. } | NodeKind::Server { .. } | NodeKind::Peer { .. }
        )
    });
    let consumed = model
        .links()
        .any(|l| l.contract.is_some() && model.node(&l.from).is_some_and(|n| user_side(&n.kind)));
    [
        (!participants).then(|| "No clients, servers or peers are modelled yet.".to_owned()),
        None,
        (consumed && model.releases.is_empty()).then(|| {
            "No client releases are recorded, so version skew cannot be checked: list the \
             releases in the field and the contract versions they need."
                .to_owned()
        }),
        None,
        (model.zones.is_empty() && model.link_count() > 0).then(|| {
            "No trust zones are drawn, so no boundary crossing can be reviewed.".to_owned()
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::check;
    use crate::analysis::rules::testkit::*;
    use crate::model::{ModelData, Triage, TriageStatus};

    fn shop() -> ModelData {
        let mut l = good_link("spa-gw", "spa", "gw");
        l.contract = Some("shop".into());
        ModelData {
            zones: zones(),
            nodes: vec![
                zoned(owning(client("spa"), &["Render"], &[]), "internet"),
                zoned(gateway("gw"), "dmz"),
                zoned(server("api"), "core"),
                zoned(store("db", false), "core"),
            ],
            links: vec![
                l,
                good_link("gw-api", "gw", "api"),
                good_link("api-db", "api", "db"),
            ],
            contracts: vec![contract("shop", "api")],
            ..Default::default()
        }
    }

    #[test]
    fn steps_count_covered_elements() {
        let m = build(shop());
        let steps = checklist(&m, &check(&m));
        let numbers: Vec<u8> = steps.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
        let resp = &steps[0];
        assert_eq!(
            (resp.covered, resp.total),
            (1, 2),
            "api states no responsibilities"
        );
        assert!(resp.missing[0].contains("api service"));
        assert!((resp.fraction - 0.5).abs() < 1e-6);
        let skew = &steps[2];
        assert_eq!((skew.covered, skew.total), (1, 1));
        assert!(skew.missing[0].contains("No client releases"));
        let security = &steps[4];
        // Three links, the gateway, the server and the store: only the store is unencrypted.
        assert_eq!((security.covered, security.total), (5, 6));
        assert!(security.missing.iter().any(|m| m.contains("db store")));
    }

    #[test]
    fn settled_triage_counts_as_covered() {
        let mut data = shop();
        data.triage = vec![
            Triage {
                finding: "store-unencrypted@db".into(),
                status: TriageStatus::Mitigated,
                note: "disk encryption".into(),
            },
            Triage {
                finding: "responsibility-undefined@api".into(),
                status: TriageStatus::InProgress,
                note: String::new(),
            },
        ];
        let m = build(data);
        let steps = checklist(&m, &check(&m));
        assert_eq!((steps[4].covered, steps[4].total), (6, 6));
        assert_eq!(steps[0].covered, 1, "in progress is still open");
    }

    #[test]
    fn step_elements_are_what_the_steps_count() {
        let m = build(shop());
        let steps = checklist(&m, &check(&m));
        let elements = step_elements(&m);
        for (step, ids) in steps.iter().zip(&elements) {
            assert_eq!(step.total, ids.len(), "step {}", step.number);
        }
        assert!(elements[4].iter().any(|id| id == "db"));
    }

    #[test]
    fn findings_in_any_order_give_the_same_steps() {
        let m = crate::generate::synthetic(200, 5);
        let found = check(&m);
        let mut reversed = found.clone();
        reversed.reverse();
        let steps = checklist(&m, &found);
        assert_eq!(checklist(&m, &reversed), steps);
        assert!(steps.iter().any(|s| s.missing.len() > 1));
    }

    #[test]
    fn an_empty_model_says_what_to_start_with() {
        let m = build(ModelData::default());
        let steps = checklist(&m, &check(&m));
        assert_eq!(steps[0].fraction, 1.0);
        assert!(!steps[0].is_complete());
        assert!(steps[1..].iter().all(ChecklistStep::is_complete));
    }
}
