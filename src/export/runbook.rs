//! The rollout runbook: waves in dependency order (what provides a contract goes before what
//! needs it, backward-compatible changes first), from a topological order of the dependency
//! graph; nodes that depend on each other are named as cycles and roll out together.

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::{condensation, toposort};
use petgraph::graph::{DiGraph, NodeIndex};

use super::markdown::{self, Doc};
use crate::analysis::{SkewCell, SkewMatrix, skew_matrix};
use crate::model::{Model, Node, NodeKind};

/// How a node's rollout affects the clients of the contracts it provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compatibility {
    /// Every release in the field keeps working.
    Compatible,
    /// Some versions are not stated or cannot be read.
    Unknown,
    /// A release in the field needs a version the provider no longer serves.
    Breaking,
}

/// The rollout plan: waves of node ids, and the cycles found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    /// Node ids per wave, in rollout order; within a wave, compatible changes first. Actors
    /// (people) are left out.
    pub waves: Vec<Vec<String>>,
    /// Groups of node ids that depend on each other (each group has two or more nodes).
    pub cycles: Vec<Vec<String>>,
}

/// Computes the waves: node `a` goes before `b` when `b` calls `a`, uses a contract `a`
/// provides, or has a release in the field that needs such a contract.
pub fn plan(model: &Model) -> Rollout {
    let mut nodes: Vec<&Node> = model.nodes().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let dag = condensation(dependency_graph(model, &nodes), true);
    // `condensation` returns an acyclic graph, so the sort cannot fail; fall back to index order.
    let order = toposort(&dag, None).unwrap_or_else(|_| dag.node_indices().collect());
    let mut level: HashMap<NodeIndex, usize> = HashMap::new();
    let mut waves: Vec<Vec<usize>> = Vec::new();
    let mut cycles = Vec::new();
    for group in order {
        // Longest path from a source: a group goes one wave after the last group it needs.
        let wave = dag
            .neighbors_directed(group, petgraph::Direction::Incoming)
            .filter_map(|p| level.get(&p))
            .map(|l| l + 1)
            .max()
            .unwrap_or(0);
        level.insert(group, wave);
        if waves.len() <= wave {
            waves.resize(wave + 1, Vec::new());
        }
        let members = &dag[group];
        waves[wave].extend(members.iter().copied());
        if members.len() > 1 {
            let mut ids: Vec<String> = members.iter().map(|&i| nodes[i].id.clone()).collect();
            ids.sort();
            cycles.push(ids);
        }
    }
    cycles.sort();
    let compat = compatibility(model, &skew_matrix(model));
    let rank = |i: usize| {
        let c = compat.get(nodes[i].id.as_str()).copied();
        (c.unwrap_or(Compatibility::Compatible), nodes[i].id.as_str())
    };
    let waves = waves
        .into_iter()
        .map(|mut w| {
            w.sort_by(|&a, &b| rank(a).cmp(&rank(b)));
            // People are not rolled out; they only shape the order through their links.
            w.into_iter()
                .filter(|&i| !matches!(nodes[i].kind, NodeKind::Actor))
                .map(|i| nodes[i].id.clone())
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    Rollout { waves, cycles }
}

/// The graph of "goes before": an edge from each provider to each node that needs it, over
/// node positions in `nodes`.
fn dependency_graph(model: &Model, nodes: &[&Node]) -> DiGraph<usize, ()> {
    let pos: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut depend = |provider: &str, consumer: &str| {
        if let (Some(&p), Some(&c)) = (pos.get(provider), pos.get(consumer))
            && p != c
        {
            edges.insert((p, c));
        }
    };
    for link in model.links() {
        depend(&link.to, &link.from);
        if link.bidirectional {
            depend(&link.from, &link.to);
        }
        if let Some(c) = link.contract.as_deref().and_then(|c| model.contract(c)) {
            depend(&c.provider, &link.from);
        }
    }
    for r in &model.releases {
        for need in &r.needs {
            if let Some(c) = model.contract(&need.0) {
                depend(&c.provider, &r.client);
            }
        }
    }
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(nodes.len(), edges.len());
    let ix: Vec<NodeIndex> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    for (p, c) in edges {
        graph.add_edge(ix[p], ix[c], ());
    }
    graph
}

/// Each provider's worst compatibility over the releases that need its contracts.
fn compatibility<'m>(model: &'m Model, skew: &SkewMatrix) -> HashMap<&'m str, Compatibility> {
    let mut out: HashMap<&str, Compatibility> = HashMap::new();
    for row in &skew.rows {
        for (cell, column) in row.cells.iter().zip(&skew.columns) {
            let c = match cell {
                SkewCell::NotNeeded | SkewCell::Works => Compatibility::Compatible,
                SkewCell::Unknown(_) => Compatibility::Unknown,
                SkewCell::Broken(_) => Compatibility::Breaking,
            };
            if let Some(provider) = model.node(&column.provider) {
                let slot = out
                    .entry(provider.id.as_str())
                    .or_insert(Compatibility::Compatible);
                *slot = (*slot).max(c);
            }
        }
    }
    out
}

/// The runbook as Markdown.
pub fn render(model: &Model) -> String {
    let rollout = plan(model);
    let skew = skew_matrix(model);
    let compat = compatibility(model, &skew);
    let mut doc = Doc::new();
    doc.heading(
        1,
        &format!("Rollout runbook: {}", markdown::heading_text(&model.name)),
    );
    doc.para(
        "Generated by archmodel from the model. Roll out wave by wave: start a wave when every \
         wave before it is deployed and healthy. What provides a contract goes before what \
         needs it; within a wave, backward-compatible changes go first.",
    );
    doc.list(&[
        format!("Waves: {}", rollout.waves.len()),
        format!("Nodes: {}", model.node_count()),
        format!("Dependency cycles: {}", rollout.cycles.len()),
        format!(
            "Release and contract pairs that break: {}",
            skew.broken().count()
        ),
    ]);
    for (i, wave) in rollout.waves.iter().enumerate() {
        doc.heading(2, &format!("Wave {}", i + 1));
        let items: Vec<(String, Vec<String>)> = wave
            .iter()
            .filter_map(|id| model.node(id))
            .map(|n| node_entry(model, n, compat.get(n.id.as_str()).copied()))
            .collect();
        doc.nested_list(&items);
    }
    write_cycles(&mut doc, model, &rollout.cycles);
    write_skew(&mut doc, model, &skew);
    doc.finish()
}

/// A node's line in a wave, with what it provides, needs and how to roll it.
fn node_entry(model: &Model, n: &Node, compat: Option<Compatibility>) -> (String, Vec<String>) {
    let head = format!(
        "**{}** ({}; {})",
        markdown::text(&n.name),
        markdown::code(&n.id),
        markdown::text(&super::kind_summary(&n.kind))
    );
    let mut subs = provides(model, n);
    let mut needs: Vec<String> = model
        .outgoing(&n.id)
        .chain(model.incoming(&n.id).filter(|l| l.bidirectional))
        .filter_map(|l| {
            let other = if l.from == n.id { &l.to } else { &l.from };
            model.node(other).map(|o| markdown::text(&o.name))
        })
        .collect();
    needs.sort();
    needs.dedup();
    if !needs.is_empty() {
        subs.push(format!("Needs: {}", needs.join(", ")));
    }
    match compat {
        Some(Compatibility::Breaking) => subs.push(
            "Breaking: a release in the field needs a version this would stop serving; see \
             Version skew below before rolling it out"
                .to_owned(),
        ),
        Some(Compatibility::Unknown) => {
            subs.push("Compatibility unknown: state the contract versions to check it".to_owned())
        }
        Some(Compatibility::Compatible) => {
            subs.push("Backward-compatible with every release in the field".to_owned());
        }
        None => {}
    }
    subs.push(how_to_roll(n));
    (head, subs)
}

/// What the node provides, and which versions it must keep serving while clients catch up.
fn provides(model: &Model, n: &Node) -> Vec<String> {
    let mut contracts: Vec<_> = model
        .contracts
        .iter()
        .filter(|c| c.provider == n.id)
        .collect();
    contracts.sort_by(|a, b| a.id.cmp(&b.id));
    contracts
        .into_iter()
        .map(|c| {
            let version = if c.version.trim().is_empty() {
                "unversioned".to_owned()
            } else {
                markdown::text(&c.version)
            };
            let keep = if c.supported.trim().is_empty() {
                "no supported range stated".to_owned()
            } else {
                let range = markdown::text(&c.supported);
                format!("keep serving {range} during the rollout")
            };
            format!("Provides {} {version}: {keep}", markdown::text(&c.name))
        })
        .collect()
}

/// How a node of this kind goes out: deployed by the team, released to users, or run by others.
fn how_to_roll(n: &Node) -> String {
    match &n.kind {
        NodeKind::External => {
            "Run by a third party: nothing to deploy; confirm it serves what later waves need"
                .to_owned()
        }
        NodeKind::Client { .. } | NodeKind::Peer { .. } => {
            "Released to users in stages; older releases stay in the field (see Version skew)"
                .to_owned()
        }
        _ if n.replicas > 1 => format!("Rolling update across {} replicas", n.replicas),
        _ => "Single instance: plan a maintenance window or add a replica first".to_owned(),
    }
}

fn write_cycles(doc: &mut Doc, model: &Model, cycles: &[Vec<String>]) {
    doc.heading(2, "Cycles");
    if cycles.is_empty() {
        doc.para("The dependency graph has no cycles.");
        return;
    }
    doc.para(
        "These nodes depend on each other, so no order puts every provider first. Each group \
         rolls out in one wave; every change within it must stay backward-compatible in both \
         directions (feature flags or a capability handshake) until the whole group is done.",
    );
    let items: Vec<String> = cycles
        .iter()
        .map(|ids| {
            ids.iter()
                .map(|id| match model.node(id) {
                    Some(n) => format!("{} ({})", markdown::text(&n.name), markdown::code(id)),
                    None => markdown::code(id),
                })
                .collect::<Vec<_>>()
                .join(" ⇄ ")
        })
        .collect();
    doc.list(&items);
}

fn write_skew(doc: &mut Doc, model: &Model, skew: &SkewMatrix) {
    doc.heading(2, "Version skew");
    if skew.is_empty() {
        doc.para("No client release in the model needs a contract, so there is no skew to plan.");
        return;
    }
    let mut items = Vec::new();
    for row in &skew.rows {
        let client = model
            .node(&row.client)
            .map(|n| n.name.as_str())
            .unwrap_or(&row.client_name);
        for (cell, column) in row.cells.iter().zip(&skew.columns) {
            if *cell == SkewCell::NotNeeded {
                continue;
            }
            let mut line = format!(
                "{} {} with {}: {}",
                markdown::text(client),
                markdown::text(&row.version),
                markdown::text(&column.name),
                cell.label()
            );
            if let Some(reason) = cell.reason() {
                line.push_str(&format!(" ({})", markdown::text(reason)));
            }
            items.push(line);
        }
    }
    doc.list(&items);
}
