//! The model indexed once per check: id → position maps, link ends, zone chains and trust per node,
//! so every rule runs in time linear in the model instead of searching lists per element.

use foldhash::{HashMap, HashMapExt};

use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::facts::{LinkFacts, Tag};
pub(crate) use super::names::{Groups, counted, intern_loosely, join_names, join_shown, normalise};
use crate::model::Classification;
use crate::model::{
    ClientRelease, Contract, Link, Model, Node, NodeKind, Responsibility, Settings, TrustZone,
    ZoneKind,
};

/// For each node, a list of link positions, stored flat (one allocation for the whole model).
pub(crate) struct Adjacency {
    start: Vec<usize>,
    links: Vec<usize>,
}

impl Adjacency {
    /// Builds the lists from (node, item) pairs; each node's items keep the pairs' order.
    pub(crate) fn new(nodes: usize, pairs: &[(usize, usize)]) -> Adjacency {
        let mut start = vec![0usize; nodes + 1];
        for &(n, _) in pairs {
            start[n + 1] += 1;
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut links = vec![0usize; pairs.len()];
        for &(n, li) in pairs {
            links[fill[n]] = li;
            fill[n] += 1;
        }
        Adjacency { start, links }
    }
}

impl std::ops::Index<usize> for Adjacency {
    type Output = [usize];

    fn index(&self, n: usize) -> &[usize] {
        match (self.start.get(n), self.start.get(n + 1)) {
            (Some(&a), Some(&b)) => &self.links[a..b],
            _ => &[],
        }
    }
}

/// A model with the lookups the rules share, built in one pass.
///
/// Nodes, links, zones and contracts are held sorted by id, so rules that iterate them produce
/// the same messages whatever order the model was edited in.
pub(crate) struct ModelIndex<'m> {
    /// Nodes sorted by id; rules address them by position.
    pub nodes: Vec<&'m Node>,
    /// Links sorted by id; rules address them by position.
    pub links: Vec<&'m Link>,
    /// Zones sorted by id.
    pub zones: Vec<&'m TrustZone>,
    /// Contracts sorted by id.
    pub contracts: Vec<&'m Contract>,
    /// Client releases in the field, sorted by client id, then version text.
    pub releases: Vec<&'m ClientRelease>,
    /// Review thresholds.
    pub settings: &'m Settings,
    /// For each link, the positions of its `from` and `to` nodes.
    pub ends: Vec<(usize, usize)>,
    /// For each node, the links it initiates.
    pub outgoing: Adjacency,
    /// For each node, the links it answers.
    pub incoming: Adjacency,
    model: &'m Model,
    /// Graph node index → position in `nodes`.
    graph_pos: Vec<usize>,
    contract_pos: HashMap<&'m str, usize>,
    /// For each zone, itself and its ancestors, innermost first.
    zone_chain: Vec<Vec<usize>>,
    /// For each node, its innermost zone.
    node_zone: Vec<Option<usize>>,
    /// For each node, its kind without fields.
    pub tags: Vec<Tag>,
    /// For each node, its trust (see [`ModelIndex::trust`]).
    node_trust: Vec<Option<u8>>,
    /// For each link, what the rules filter on.
    pub facts: Vec<LinkFacts>,
    /// For each contract, the links that speak it.
    contract_links: Vec<Vec<usize>>,
    /// For each contract, the releases (positions in `releases`) that need it.
    contract_releases: Vec<Vec<usize>>,
    /// The highest classification of each data name seen on any link (names normalised).
    data_class: HashMap<String, Classification>,
}

impl<'m> ModelIndex<'m> {
    /// Indexes the model; never fails, whatever the model holds.
    pub fn new(model: &'m Model) -> Self {
        let GraphOrder {
            nodes,
            graph_pos,
            links,
            ends,
        } = graph_in_id_order(model);
        let mut releases: Vec<&ClientRelease> = model.releases.iter().collect();
        releases.sort_by(|a, b| (&a.client, &a.version).cmp(&(&b.client, &b.version)));
        let mut zones: Vec<&TrustZone> = model.zones.iter().collect();
        zones.sort_by(|a, b| a.id.cmp(&b.id));
        let mut contracts: Vec<&Contract> = model.contracts.iter().collect();
        contracts.sort_by(|a, b| a.id.cmp(&b.id));
        let zone_pos: HashMap<&str, usize> = zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id.as_str(), i))
            .collect();
        let contract_pos: HashMap<&str, usize> = contracts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let zone_chain = (0..zones.len())
            .map(|i| chain_of(i, &zones, &zone_pos))
            .collect();
        let node_zone: Vec<Option<usize>> = nodes
            .iter()
            .map(|n| n.zone.as_deref().and_then(|z| zone_pos.get(z).copied()))
            .collect();
        let tags: Vec<Tag> = nodes.iter().map(|n| Tag::of(&n.kind)).collect();
        // A client, peer, person or third party outside every zone is on the open internet.
        let node_trust: Vec<Option<u8>> = node_zone
            .iter()
            .zip(&tags)
            .map(|(z, &tag)| match z {
                Some(z) => Some(zones[*z].trust),
                None if !zones.is_empty() && user_side_tag(tag) => Some(0),
                None => None,
            })
            .collect();
        let facts = links
            .iter()
            .zip(&ends)
            .map(|(link, &(f, t))| {
                if f == usize::MAX {
                    return LinkFacts::new(link, None, false, false);
                }
                let more = matches!((node_trust[f], node_trust[t]), (Some(a), Some(b)) if b > a);
                LinkFacts::new(
                    link,
                    Some((tags[f], tags[t])),
                    node_zone[f] != node_zone[t],
                    more,
                )
            })
            .collect();
        let attached: Vec<(usize, (usize, usize))> = ends
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, (f, _))| *f != usize::MAX)
            .collect();
        let out_pairs: Vec<(usize, usize)> = attached.iter().map(|&(li, (f, _))| (f, li)).collect();
        let in_pairs: Vec<(usize, usize)> = attached.iter().map(|&(li, (_, t))| (t, li)).collect();
        let mut contract_releases: Vec<Vec<usize>> = vec![Vec::new(); contracts.len()];
        for (ri, r) in releases.iter().enumerate() {
            for need in &r.needs {
                if let Some(&c) = contract_pos.get(need.0.as_str())
                    && contract_releases[c].last() != Some(&ri)
                {
                    contract_releases[c].push(ri);
                }
            }
        }
        let mut contract_links = vec![Vec::new(); contracts.len()];
        for (li, link) in links.iter().enumerate() {
            if let Some(&c) = link.contract.as_deref().and_then(|c| contract_pos.get(c)) {
                contract_links[c].push(li);
            }
        }
        ModelIndex {
            outgoing: Adjacency::new(nodes.len(), &out_pairs),
            incoming: Adjacency::new(nodes.len(), &in_pairs),
            data_class: data_classes(&links),
            nodes,
            links,
            zones,
            contracts,
            releases,
            settings: &model.settings,
            ends,
            model,
            graph_pos,
            contract_pos,
            zone_chain,
            node_zone,
            tags,
            node_trust,
            facts,
            contract_links,
            contract_releases,
        }
    }

    /// The position of the node with this id.
    pub fn pos(&self, id: &str) -> Option<usize> {
        let ix = self.model.node_index(id)?;
        self.graph_pos
            .get(ix.index())
            .copied()
            .filter(|&p| p != usize::MAX)
    }

    /// The node with this id.
    pub fn node_by_id(&self, id: &str) -> Option<&'m Node> {
        self.pos(id).map(|p| self.nodes[p])
    }

    /// The name of the node with this id, or the id itself if there is no such node.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.node_by_id(id).map_or(id, |n| n.name.as_str())
    }

    /// The position of the contract with this id.
    pub fn contract_pos(&self, id: &str) -> Option<usize> {
        self.contract_pos.get(id).copied()
    }

    /// The links that speak the contract at this position.
    pub fn links_of_contract(&self, c: usize) -> &[usize] {
        self.contract_links.get(c).map_or(&[], Vec::as_slice)
    }

    /// Whether the link's two ends were found (always so in a valid model).
    pub fn is_attached(&self, li: usize) -> bool {
        self.ends[li].0 != usize::MAX
    }

    /// The node a link starts from.
    pub fn from(&self, li: usize) -> Option<&'m Node> {
        self.nodes.get(self.ends[li].0).copied()
    }

    /// The node a link goes to.
    pub fn to(&self, li: usize) -> Option<&'m Node> {
        self.nodes.get(self.ends[li].1).copied()
    }

    /// Both ends of an attached link.
    pub fn link_nodes(&self, li: usize) -> Option<(&'m Node, &'m Node)> {
        Some((self.from(li)?, self.to(li)?))
    }

    /// "Browser SPA → API gateway", or with its label when it has one.
    pub fn link_name(&self, li: usize) -> String {
        let mut out = String::with_capacity(64);
        self.write_link_name(&mut out, li);
        out
    }

    /// A message that starts with the link's name and goes on with `rest`, in one allocation.
    pub fn link_message(&self, li: usize, rest: std::fmt::Arguments<'_>) -> String {
        use std::fmt::Write as _;
        let link = self.links[li];
        let names =
            self.from(li).map_or(0, |n| n.name.len()) + self.to(li).map_or(0, |n| n.name.len());
        let mut out = String::with_capacity(names + link.label.len() + 96);
        self.write_link_name(&mut out, li);
        let _ = out.write_fmt(rest);
        out
    }

    fn write_link_name(&self, out: &mut String, li: usize) {
        let link = self.links[li];
        let from = self
            .from(li)
            .map_or(link.from.as_str(), |n| n.name.as_str());
        let to = self.to(li).map_or(link.to.as_str(), |n| n.name.as_str());
        let arrow = if link.bidirectional { " ↔ " } else { " → " };
        let label = link.label.trim();
        if !label.is_empty() {
            out.push('"');
            out.push_str(label);
            out.push_str("\" (");
        }
        out.push_str(from);
        out.push_str(arrow);
        out.push_str(to);
        if !label.is_empty() {
            out.push(')');
        }
    }

    /// Whether the model declares any trust zone.
    pub fn has_zones(&self) -> bool {
        !self.zones.is_empty()
    }

    /// The innermost zone of the node at this position.
    pub fn zone_of(&self, n: usize) -> Option<&'m TrustZone> {
        self.node_zone
            .get(n)
            .copied()
            .flatten()
            .map(|z| self.zones[z])
    }

    /// The trust of the node's innermost zone, or 0 for a user-side node outside every zone
    /// (a client, peer, person or third party not placed in a zone is on the open internet).
    pub fn trust(&self, n: usize) -> Option<u8> {
        self.node_trust.get(n).copied().flatten()
    }

    /// Whether the node is on the open internet: in an internet zone (or trust 0) or outside
    /// every zone while being user-side.
    pub fn on_internet(&self, n: usize) -> bool {
        match self.zone_of(n) {
            Some(z) => z.kind == ZoneKind::Internet || z.trust == 0,
            None => self.trust(n) == Some(0),
        }
    }

    /// Whether a link crosses a trust boundary (its ends are in different innermost zones).
    pub fn crosses(&self, li: usize) -> bool {
        self.facts[li].crosses
    }

    /// The zones a link leaves and enters, outermost-crossing order as in `Model::boundaries_crossed`.
    ///
    /// Quadratic in the nesting depth only, which the invariants cap at
    /// [`crate::model::MAX_ZONE_DEPTH`]: at most about a thousand comparisons per link.
    pub fn boundaries(&self, li: usize) -> Vec<&'m TrustZone> {
        let (f, t) = self.ends[li];
        if !self.is_attached(li) {
            return Vec::new();
        }
        let chain = |n: usize| -> &[usize] {
            self.node_zone[n].map_or(&[], |z| self.zone_chain[z].as_slice())
        };
        let (a, b) = (chain(f), chain(t));
        let leaving = a.iter().filter(|z| !b.contains(z));
        let entering = b.iter().filter(|z| !a.contains(z));
        leaving.chain(entering).map(|&z| self.zones[z]).collect()
    }

    /// "Internet (trust 0)" for the node's zone, or "outside every zone".
    pub fn zone_phrase(&self, n: usize) -> ZonePhrase<'m> {
        ZonePhrase(self.zone_of(n))
    }

    /// For each zone, whether some node lies in it or in a zone nested in it.
    pub fn populated_zones(&self) -> Vec<bool> {
        let mut populated = vec![false; self.zones.len()];
        for z in self.node_zone.iter().flatten() {
            for &outer in &self.zone_chain[*z] {
                populated[outer] = true;
            }
        }
        populated
    }

    /// Whether a link is a network path: a person's use of an application is not.
    pub fn is_network(&self, li: usize) -> bool {
        self.facts[li].network
    }

    /// The highest classification the model gives data of this name on any link.
    pub fn class_of_data(&self, name: &str) -> Option<Classification> {
        self.data_class.get(&normalise(name)).copied()
    }

    /// The highest classification of data the node holds: on its links or among its data.
    pub fn class_held_by(&self, n: usize) -> Option<Classification> {
        let on_links = self.outgoing[n]
            .iter()
            .chain(&self.incoming[n])
            .filter_map(|&li| self.links[li].max_classification());
        let owned = self.nodes[n]
            .responsibilities
            .iter()
            .filter_map(|r| match r {
                Responsibility::Data(d) => self.class_of_data(d),
                Responsibility::Logic(_) => None,
            });
        on_links.chain(owned).max()
    }

    /// The nodes that consume a contract: the senders of its links and the clients of releases
    /// that need it, as sorted, unique positions.
    pub fn consumers(&self, c: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .links_of_contract(c)
            .iter()
            .map(|&li| self.ends[li].0)
            .filter(|&f| f != usize::MAX)
            .collect();
        for &ri in self.contract_releases.get(c).into_iter().flatten() {
            if let Some(p) = self.pos(&self.releases[ri].client) {
                out.push(p);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The releases in the field that need the contract with this id.
    pub fn releases_needing<'a>(
        &'a self,
        contract_id: &'a str,
    ) -> impl Iterator<Item = &'m ClientRelease> + 'a {
        let needing = self
            .contract_pos(contract_id)
            .and_then(|c| self.contract_releases.get(c));
        needing.into_iter().flatten().map(|&ri| self.releases[ri])
    }
}

/// A node's zone in words ([`ModelIndex::zone_phrase`]), written straight into a message.
pub(crate) struct ZonePhrase<'m>(Option<&'m TrustZone>);

impl std::fmt::Display for ZonePhrase<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(z) => write!(f, "{} (trust {})", z.name, z.trust),
            None => f.write_str("outside every zone"),
        }
    }
}

/// Nodes and links in id order, with the graph index → position map and each link's ends.
struct GraphOrder<'m> {
    nodes: Vec<&'m Node>,
    graph_pos: Vec<usize>,
    links: Vec<&'m Link>,
    ends: Vec<(usize, usize)>,
}

/// Sorts the graph's nodes and links by id; link ends come from the graph's indices, so no id is
/// hashed per link.
fn graph_in_id_order(model: &Model) -> GraphOrder<'_> {
    let graph = model.graph();
    let mut nodes: Vec<(usize, &Node)> = graph
        .node_indices()
        .filter_map(|ix| Some((ix.index(), graph.node_weight(ix)?)))
        .collect();
    sort_by_id(&mut nodes, |n| &n.1.id);
    let mut graph_pos = vec![usize::MAX; graph.node_bound()];
    for (pos, (ix, _)) in nodes.iter().enumerate() {
        if let Some(slot) = graph_pos.get_mut(*ix) {
            *slot = pos;
        }
    }
    let at = |ix: usize| graph_pos.get(ix).copied().unwrap_or(usize::MAX);
    let mut links: Vec<((usize, usize), &Link)> = graph
        .edge_references()
        .map(|e| ((at(e.source().index()), at(e.target().index())), e.weight()))
        .collect();
    sort_by_id(&mut links, |l| &l.1.id);
    let ends = links
        .iter()
        .map(|&((f, t), _)| {
            // A missing end (impossible in a valid model) detaches the link from every rule.
            if f == usize::MAX || t == usize::MAX {
                (usize::MAX, usize::MAX)
            } else {
                (f, t)
            }
        })
        .collect();
    GraphOrder {
        nodes: nodes.into_iter().map(|n| n.1).collect(),
        graph_pos,
        links: links.into_iter().map(|l| l.1).collect(),
        ends,
    }
}

/// The highest classification of each data name on any link, keyed by normalised name.
fn data_classes(links: &[&Link]) -> HashMap<String, Classification> {
    let mut raw: HashMap<&str, Classification> = HashMap::new();
    for flow in links.iter().flat_map(|l| &l.data) {
        let slot = raw.entry(&flow.0).or_insert(flow.1);
        *slot = (*slot).max(flow.1);
    }
    // Few distinct names: normalise each group of loosely equal names once.
    let raw: Vec<(&str, Classification)> = raw.into_iter().collect();
    let (group, _) = intern_loosely(raw.iter().map(|r| r.0));
    let mut by_group: HashMap<u32, (&str, Classification)> = HashMap::new();
    for (&(text, class), g) in raw.iter().zip(group) {
        let slot = by_group.entry(g).or_insert((text, class));
        slot.1 = slot.1.max(class);
    }
    by_group
        .into_values()
        .map(|(text, class)| (normalise(text), class))
        .collect()
}

/// The zone at `start` and its ancestors, innermost first; stops at a missing or repeated zone.
///
/// Chains are at most [`crate::model::MAX_ZONE_DEPTH`] long in a valid model, so building every
/// zone's chain is linear in the zones.
fn chain_of(start: usize, zones: &[&TrustZone], pos: &HashMap<&str, usize>) -> Vec<usize> {
    let mut chain = vec![start];
    let mut cur = zones[start].parent.as_deref();
    while let Some(id) = cur {
        let Some(&p) = pos.get(id) else { break };
        if chain.contains(&p) {
            break;
        }
        chain.push(p);
        cur = zones[p].parent.as_deref();
    }
    chain
}

/// Whether the node is on the users' side of the system (not operated by the team's servers).
pub(crate) fn user_side(kind: &NodeKind) -> bool {
    user_side_tag(Tag::of(kind))
}

/// [`user_side`] for a tag.
pub(crate) fn user_side_tag(tag: Tag) -> bool {
    matches!(tag, Tag::Client | Tag::Peer | Tag::Actor | Tag::External)
}

/// Whether something is a blank optional text ("not stated").
pub(crate) fn blank(text: Option<&String>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// Sorts by id, skipping the sort when the order is already canonical (as loaded from a file).
///
/// Ids are compared by their first sixteen bytes as one integer and in full only on a tie, so
/// the n log n comparisons are integer ones for ids up to sixteen bytes (`client-1234`).
fn sort_by_id<T: Copy>(items: &mut [T], id: impl Fn(&T) -> &String) {
    let by_id = |a: &(u128, T), b: &(u128, T)| a.0.cmp(&b.0).then_with(|| id(&a.1).cmp(id(&b.1)));
    let mut keyed: Vec<(u128, T)> = items.iter().map(|t| (id_prefix(id(t)), *t)).collect();
    if keyed.is_sorted_by(|a, b| by_id(a, b).is_le()) {
        return;
    }
    keyed.sort_unstable_by(by_id);
    for (slot, (_, t)) in items.iter_mut().zip(keyed) {
        *slot = t;
    }
}

/// The first sixteen bytes of an id as a big-endian integer, zero-padded: ordered as the ids
/// are, except that ids equal in their first sixteen bytes tie.
fn id_prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &id.as_bytes()[..id.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// Whether the classification is confidential or secret.
pub(crate) fn sensitive(class: Option<Classification>) -> bool {
    class >= Some(Classification::Confidential)
}

/// The lowercase name of a classification ("confidential").
pub(crate) fn class_label(class: Classification) -> &'static str {
    match class {
        Classification::Public => "public",
        Classification::Internal => "internal",
        Classification::Confidential => "confidential",
        Classification::Secret => "secret",
    }
}
