//! The domain model: nodes, links, trust zones, contracts, releases, decisions and triage, with
//! the invariants that tie them together. No UI and no file format here.

mod contract;
mod decision;
pub(crate) mod invariants;
mod layout;
mod link;
mod node;
mod settings;

use foldhash::HashMap;

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

pub use contract::{ClientRelease, Contract, ContractNeed, ContractStyle, Negotiation};
pub use decision::{Decision, DecisionOption, DecisionStatus, Triage, TriageStatus};
pub use invariants::{MAX_ZONE_DEPTH, Problem, is_valid_id};
pub use layout::{Layout, Point, View};
pub use link::{
    Authn, Classification, DataFlow, Link, Protocol, SyncDirection, SyncSpec, SyncStrategy, Tls,
};
pub use node::{
    ClientPlatform, GatewayRole, Node, NodeKind, Responsibility, ServerRole, StoreKind, Thickness,
};
pub use settings::Settings;
pub use zone::{TrustZone, ZoneKind};

mod zone;

/// Everything a model holds, as plain lists: what a file contains and what [`Model`] is built from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelData {
    /// The model's title.
    pub name: String,
    /// What the system is.
    pub description: String,
    /// Trust zones.
    pub zones: Vec<TrustZone>,
    /// Participants.
    pub nodes: Vec<Node>,
    /// Communication paths.
    pub links: Vec<Link>,
    /// APIs and protocols provided.
    pub contracts: Vec<Contract>,
    /// Client versions in the field.
    pub releases: Vec<ClientRelease>,
    /// Architecture decisions.
    pub decisions: Vec<Decision>,
    /// Verdicts on review findings.
    pub triage: Vec<Triage>,
    /// Review thresholds.
    pub settings: Settings,
    /// Positions and view.
    pub layout: Layout,
}

impl ModelData {
    /// Sorts every list into canonical order (by id, number or key) so output is deterministic.
    pub fn sort(&mut self) {
        self.zones.sort_by(|a, b| a.id.cmp(&b.id));
        self.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        self.links.sort_by(|a, b| a.id.cmp(&b.id));
        self.contracts.sort_by(|a, b| a.id.cmp(&b.id));
        self.releases
            .sort_by(|a, b| (&a.client, &a.version).cmp(&(&b.client, &b.version)));
        self.decisions.sort_by_key(|d| d.number);
        self.triage.sort_by(|a, b| a.finding.cmp(&b.finding));
    }
}

/// A valid architecture model. Nodes and links live in a petgraph `StableGraph`, addressed by their
/// stable string ids; the other elements are plain lists.
///
/// A `Model` is only built from data that passed [`Model::from_data`]'s checks; the editing methods
/// keep the graph and its id indices consistent.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The model's title.
    pub name: String,
    /// What the system is.
    pub description: String,
    graph: StableDiGraph<Node, Link>,
    node_ix: HashMap<String, NodeIndex>,
    link_ix: HashMap<String, EdgeIndex>,
    /// Trust zones.
    pub zones: Vec<TrustZone>,
    /// APIs and protocols provided.
    pub contracts: Vec<Contract>,
    /// Client versions in the field.
    pub releases: Vec<ClientRelease>,
    /// Architecture decisions.
    pub decisions: Vec<Decision>,
    /// Verdicts on review findings.
    pub triage: Vec<Triage>,
    /// Review thresholds.
    pub settings: Settings,
    /// Positions and view.
    pub layout: Layout,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.to_data() == other.to_data()
    }
}

/// An error from an edit that would break an invariant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The id is already taken by another element.
    #[error("the id `{0}` is already used")]
    DuplicateId(String),
    /// The id is empty or has characters ids may not have.
    #[error("`{0}` is not a valid id: use letters, digits, `-`, `_` and `.`")]
    InvalidId(String),
    /// No node has this id.
    #[error("there is no node `{0}`")]
    NoSuchNode(String),
    /// No link has this id.
    #[error("there is no link `{0}`")]
    NoSuchLink(String),
    /// A link from a node to itself.
    #[error("a link must join two different nodes, not `{0}` to itself")]
    SelfLink(String),
    /// An edit expected the element in another state (it was changed meanwhile).
    #[error("`{0}` is not in the state this edit expects")]
    Stale(String),
}

impl Model {
    /// An empty model with the given name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Builds a model from plain data, checking every invariant; returns all problems found.
    ///
    /// Problem paths index the lists as given (`links[3].to`), so they point into the source file.
    pub fn from_data(data: ModelData) -> Result<Self, Vec<Problem>> {
        let problems = invariants::check(&data);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut model = Model {
            name: data.name,
            description: data.description,
            zones: data.zones,
            contracts: data.contracts,
            releases: data.releases,
            decisions: data.decisions,
            triage: data.triage,
            settings: data.settings,
            layout: data.layout,
            ..Model::default()
        };
        for node in data.nodes {
            let id = node.id.clone();
            let ix = model.graph.add_node(node);
            model.node_ix.insert(id, ix);
        }
        for link in data.links {
            // Ends were checked above; the fallback only guards against a broken checker.
            let (Some(&a), Some(&b)) = (model.node_ix.get(&link.from), model.node_ix.get(&link.to))
            else {
                continue;
            };
            let id = link.id.clone();
            let ix = model.graph.add_edge(a, b, link);
            model.link_ix.insert(id, ix);
        }
        Ok(model)
    }

    /// The model as plain data in canonical (sorted) order.
    pub fn to_data(&self) -> ModelData {
        let mut data = ModelData {
            name: self.name.clone(),
            description: self.description.clone(),
            zones: self.zones.clone(),
            nodes: self.nodes().cloned().collect(),
            links: self.links().cloned().collect(),
            contracts: self.contracts.clone(),
            releases: self.releases.clone(),
            decisions: self.decisions.clone(),
            triage: self.triage.clone(),
            settings: self.settings.clone(),
            layout: self.layout.clone(),
        };
        data.sort();
        data
    }

    /// Checks every invariant of the model as it stands (after direct edits of the public lists).
    pub fn problems(&self) -> Vec<Problem> {
        invariants::check(&self.to_data())
    }

    /// The underlying graph: nodes carry [`Node`], edges carry [`Link`].
    pub fn graph(&self) -> &StableDiGraph<Node, Link> {
        &self.graph
    }

    /// All nodes, in insertion order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// All links, in insertion order.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.graph.edge_weights()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_ix
            .get(id)
            .and_then(|&ix| self.graph.node_weight(ix))
    }

    /// The graph index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.node_ix.get(id).copied()
    }

    /// The link with this id.
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.link_ix
            .get(id)
            .and_then(|&ix| self.graph.edge_weight(ix))
    }

    /// The zone with this id.
    pub fn zone(&self, id: &str) -> Option<&TrustZone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The contract with this id.
    pub fn contract(&self, id: &str) -> Option<&Contract> {
        self.contracts.iter().find(|c| c.id == id)
    }

    /// The decision with this number.
    pub fn decision(&self, number: u32) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.number == number)
    }

    /// Whether any element (node, link, zone, contract) has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.node_ix.contains_key(id)
            || self.link_ix.contains_key(id)
            || self.zones.iter().any(|z| z.id == id)
            || self.contracts.iter().any(|c| c.id == id)
    }

    /// A fresh id read from `name` ("Order service" → `order-service`, `order-service-2`, …),
    /// from `fallback` when the name has no ASCII letters or digits.
    pub fn fresh_id_for_name(&self, name: &str, fallback: &str) -> String {
        self.fresh_id(&id_from_name(name, fallback))
    }

    /// A fresh id starting with `stem` that no element uses yet (`server`, `server-2`, …).
    pub fn fresh_id(&self, stem: &str) -> String {
        if !self.has_id(stem) && is_valid_id(stem) {
            return stem.to_owned();
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|id| !self.has_id(id) && is_valid_id(id))
            .unwrap_or_else(|| stem.to_owned())
    }

    /// Links leaving the node (it initiates them).
    pub fn outgoing(&self, id: &str) -> impl Iterator<Item = &Link> {
        self.edges_of(id, petgraph::Direction::Outgoing)
    }

    /// Links arriving at the node (it answers them).
    pub fn incoming(&self, id: &str) -> impl Iterator<Item = &Link> {
        self.edges_of(id, petgraph::Direction::Incoming)
    }

    fn edges_of(&self, id: &str, dir: petgraph::Direction) -> impl Iterator<Item = &Link> {
        self.node_ix
            .get(id)
            .into_iter()
            .flat_map(move |&ix| self.graph.edges_directed(ix, dir).map(|e| e.weight()))
    }

    /// Adds a node; its id must be valid and unused.
    pub fn add_node(&mut self, node: Node) -> Result<(), EditError> {
        self.claim_id(&node.id)?;
        let id = node.id.clone();
        let ix = self.graph.add_node(node);
        self.node_ix.insert(id, ix);
        Ok(())
    }

    /// Removes a node and every link touching it; returns them so the removal can be undone.
    pub fn remove_node(&mut self, id: &str) -> Result<(Node, Vec<Link>), EditError> {
        let ix = self
            .node_ix
            .get(id)
            .copied()
            .ok_or_else(|| EditError::NoSuchNode(id.to_owned()))?;
        let touching: Vec<String> = self
            .graph
            .edges_directed(ix, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, petgraph::Direction::Incoming))
            .map(|e| e.weight().id.clone())
            .collect();
        let mut links = Vec::new();
        for link_id in touching {
            if let Ok(link) = self.remove_link(&link_id) {
                links.push(link);
            }
        }
        self.node_ix.remove(id);
        let node = self
            .graph
            .remove_node(ix)
            .ok_or_else(|| EditError::NoSuchNode(id.to_owned()))?;
        Ok((node, links))
    }

    /// Replaces the node with the same id; returns the old value.
    pub fn replace_node(&mut self, node: Node) -> Result<Node, EditError> {
        let ix = self
            .node_ix
            .get(&node.id)
            .copied()
            .ok_or_else(|| EditError::NoSuchNode(node.id.clone()))?;
        let slot = self
            .graph
            .node_weight_mut(ix)
            .ok_or_else(|| EditError::NoSuchNode(node.id.clone()))?;
        Ok(std::mem::replace(slot, node))
    }

    /// Adds a link; its id must be valid and unused and both ends must exist.
    pub fn add_link(&mut self, link: Link) -> Result<(), EditError> {
        let (a, b) = self.link_ends(&link)?;
        self.claim_id(&link.id)?;
        let id = link.id.clone();
        let ix = self.graph.add_edge(a, b, link);
        self.link_ix.insert(id, ix);
        Ok(())
    }

    /// Removes a link and returns it.
    pub fn remove_link(&mut self, id: &str) -> Result<Link, EditError> {
        let ix = self
            .link_ix
            .remove(id)
            .ok_or_else(|| EditError::NoSuchLink(id.to_owned()))?;
        self.graph
            .remove_edge(ix)
            .ok_or_else(|| EditError::NoSuchLink(id.to_owned()))
    }

    /// Replaces the link with the same id (re-attaching it if its ends changed); returns the old value.
    pub fn replace_link(&mut self, link: Link) -> Result<Link, EditError> {
        let old = self
            .link(&link.id)
            .cloned()
            .ok_or_else(|| EditError::NoSuchLink(link.id.clone()))?;
        self.link_ends(&link)?;
        self.remove_link(&link.id)?;
        let (a, b) = self.link_ends(&link)?;
        let id = link.id.clone();
        let ix = self.graph.add_edge(a, b, link);
        self.link_ix.insert(id, ix);
        Ok(old)
    }

    fn link_ends(&self, link: &Link) -> Result<(NodeIndex, NodeIndex), EditError> {
        if link.from == link.to {
            return Err(EditError::SelfLink(link.from.clone()));
        }
        let a = self
            .node_index(&link.from)
            .ok_or_else(|| EditError::NoSuchNode(link.from.clone()))?;
        let b = self
            .node_index(&link.to)
            .ok_or_else(|| EditError::NoSuchNode(link.to.clone()))?;
        Ok((a, b))
    }

    fn claim_id(&self, id: &str) -> Result<(), EditError> {
        if !is_valid_id(id) {
            return Err(EditError::InvalidId(id.to_owned()));
        }
        if self.has_id(id) {
            return Err(EditError::DuplicateId(id.to_owned()));
        }
        Ok(())
    }

    /// The chain of zones around a zone, innermost first (the zone itself, its parent, …).
    ///
    /// Stops at a missing parent or a repeated zone, so it terminates on any data.
    pub fn zone_chain(&self, zone: Option<&str>) -> Vec<&TrustZone> {
        let mut chain: Vec<&TrustZone> = Vec::new();
        let mut next = zone;
        while let Some(id) = next {
            let Some(z) = self.zone(id) else { break };
            if chain.iter().any(|c| c.id == z.id) {
                break;
            }
            chain.push(z);
            next = z.parent.as_deref();
        }
        chain
    }

    /// The zones of a node, innermost first.
    pub fn zones_of(&self, node_id: &str) -> Vec<&TrustZone> {
        self.zone_chain(self.node(node_id).and_then(|n| n.zone.as_deref()))
    }

    /// The trust boundaries a link crosses: every zone that holds exactly one of its ends.
    ///
    /// Zones around the source come first (innermost out), then those around the target.
    pub fn boundaries_crossed(&self, link: &Link) -> Vec<&TrustZone> {
        let from = self.zones_of(&link.from);
        let to = self.zones_of(&link.to);
        let leaving = from.iter().filter(|z| !to.iter().any(|t| t.id == z.id));
        let entering = to.iter().filter(|z| !from.iter().any(|f| f.id == z.id));
        leaving.chain(entering).copied().collect()
    }

    /// Whether a link crosses at least one trust boundary.
    pub fn crosses_boundary(&self, link: &Link) -> bool {
        let from = self.node(&link.from).and_then(|n| n.zone.as_deref());
        let to = self.node(&link.to).and_then(|n| n.zone.as_deref());
        from != to
    }

    /// The trust level of the node's innermost zone, or `None` when it is in no zone.
    pub fn trust_of(&self, node_id: &str) -> Option<u8> {
        self.zones_of(node_id).first().map(|z| z.trust)
    }

    /// The nodes declared directly in a zone (not in its sub-zones).
    pub fn members(&self, zone_id: &str) -> impl Iterator<Item = &Node> {
        self.nodes()
            .filter(move |n| n.zone.as_deref() == Some(zone_id))
    }

    /// The zones declared directly inside a zone (`None`: the top-level zones).
    pub fn child_zones(&self, parent: Option<&str>) -> impl Iterator<Item = &TrustZone> {
        self.zones
            .iter()
            .filter(move |z| z.parent.as_deref() == parent)
    }

    /// The nodes in a zone or any zone nested in it.
    ///
    /// Linear in nodes plus zones × nesting depth: the zones inside this one are found first,
    /// so no node's chain of zones is looked up (that was nodes × depth × zones).
    pub fn nodes_within(&self, zone_id: &str) -> Vec<&Node> {
        let parent: HashMap<&str, Option<&str>> = self
            .zones
            .iter()
            .map(|z| (z.id.as_str(), z.parent.as_deref()))
            .collect();
        // At most as many steps as there are zones, so a cycle cannot hang the walk.
        let inside = |start: &str| {
            let mut cur = Some(start);
            for _ in 0..=self.zones.len() {
                match cur {
                    Some(id) if id == zone_id => return true,
                    Some(id) => cur = parent.get(id).copied().flatten(),
                    None => return false,
                }
            }
            false
        };
        let within: std::collections::HashSet<&str> = self
            .zones
            .iter()
            .map(|z| z.id.as_str())
            .filter(|id| inside(id))
            .collect();
        self.nodes()
            .filter(|n| n.zone.as_deref().is_some_and(|z| within.contains(z)))
            .collect()
    }
}

#[cfg(test)]
mod tests;

/// The id a name reads as: its ASCII letters and digits, lowercase, words joined by `-`, at
/// most 48 characters; `fallback` when nothing is left.
pub fn id_from_name(name: &str, fallback: &str) -> String {
    let mut id = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !id.is_empty() {
                id.push('-');
            }
            gap = false;
            id.push(c.to_ascii_lowercase());
            if id.len() >= 48 {
                break;
            }
        } else {
            gap = true;
        }
    }
    if id.is_empty() {
        fallback.to_owned()
    } else {
        id
    }
}
