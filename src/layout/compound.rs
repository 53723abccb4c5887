//! The model as a compound graph: nodes with their boxes, links as edges, and the zone tree as
//! nested blocks (each zone a block holding its member nodes and child zones; the root block
//! holds the nodes in no zone and the top-level zones).

use std::collections::HashMap;

use crate::model::{Model, Node, NodeKind};
use crate::scene::{self, Pos, Rect, ZoneTree, pos};

/// Something a block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Child {
    /// A node, by index.
    Node(usize),
    /// A zone, by index in the zone tree.
    Zone(usize),
}

/// Nodes, edges and nested blocks, indexed for the layouts.
pub(crate) struct Graph<'m> {
    /// The zone tree (zones sorted by id).
    pub tree: ZoneTree<'m>,
    /// Nodes sorted by id.
    pub nodes: Vec<&'m Node>,
    /// Each node's box around its centre.
    pub rel: Vec<Rect>,
    /// Each node's stored centre, if it has one.
    pub stored: Vec<Option<Pos>>,
    /// Links as `(from, to)` node indices: no self-loops, no duplicates, sorted.
    pub edges: Vec<(usize, usize)>,
    /// What each block holds: zone `z` is block `z`, the root is block `tree.zones.len()`.
    pub children: Vec<Vec<Child>>,
    /// The block each node sits in directly.
    pub block_of: Vec<usize>,
    /// Zone padding, as the scene draws it.
    pub padding: f32,
}

impl<'m> Graph<'m> {
    /// Indexes a model.
    pub fn new(model: &'m Model) -> Self {
        let tree = ZoneTree::new(model);
        let mut nodes: Vec<&Node> = model.nodes().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let index: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let rel = nodes
            .iter()
            .map(|n| scene::node_bounds(n, Pos::ZERO))
            .collect();
        let stored = nodes
            .iter()
            .map(|n| {
                let p = model.layout.positions.get(&n.id)?;
                (p.0.is_finite() && p.1.is_finite()).then(|| pos(p.0, p.1))
            })
            .collect();
        let mut edges: Vec<(usize, usize)> = model
            .links()
            .filter_map(|l| Some((*index.get(l.from.as_str())?, *index.get(l.to.as_str())?)))
            .filter(|(a, b)| a != b)
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let root = tree.zones.len();
        let mut children = vec![Vec::new(); root + 1];
        let mut block_of = vec![root; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            let b = tree.zone_of(n).unwrap_or(root);
            block_of[i] = b;
            children[b].push(Child::Node(i));
        }
        for (z, p) in tree.parent.iter().enumerate() {
            children[p.unwrap_or(root)].push(Child::Zone(z));
        }
        Graph {
            padding: scene::zone_padding(model),
            tree,
            nodes,
            rel,
            stored,
            edges,
            children,
            block_of,
        }
    }

    /// The root block.
    pub fn root(&self) -> usize {
        self.tree.zones.len()
    }

    /// Blocks with every child before its parent, the root last.
    pub fn blocks_inside_out(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .tree
            .preorder()
            .into_iter()
            .rev()
            .map(|(z, _)| z)
            .collect();
        out.push(self.root());
        out
    }

    /// The block holding a block (`None` for the root).
    pub fn parent_block(&self, b: usize) -> Option<usize> {
        (b < self.root()).then(|| self.tree.parent[b].unwrap_or(self.root()))
    }

    /// A zone's box around `inside`, as the scene frames it.
    pub fn frame(&self, z: usize, inside: Rect) -> Rect {
        scene::zone_frame(self.tree.zones[z], inside, self.padding)
    }
}

/// Where a node kind usually sits in a request flow: people and clients first, stores last.
pub(crate) fn tier(kind: &NodeKind) -> usize {
    match kind {
        NodeKind::Actor => 0,
        NodeKind::Client { .. } => 1,
        NodeKind::Cdn | NodeKind::Gateway { .. } => 2,
        NodeKind::Server { .. } | NodeKind::Peer { .. } => 3,
        NodeKind::Store { .. } | NodeKind::External => 4,
    }
}
