//! Moving nodes without building the scene again.
//!
//! A full build of 5,000 nodes and 10,000 links takes tens of milliseconds: too slow for every
//! frame of a drag. The scene keeps an [`Index`] of what it was built from (each node's item
//! and geometry, each zone's members, each link's slot and the obstacles its label avoided), so
//! when only positions changed it redraws the moved nodes, the zones around them (the whole
//! chain of nesting zones), the links touching them or crossing a zone that moved, and the
//! labels whose surroundings changed. The result equals a full build item for item.

use std::fmt;

use super::fast_hash::{FastMap, id_hash};
use super::geom::Rect;
use super::links::{self, Dirty, Drawing, LabelField, LinkSlot};
use super::nodes::{self, NodeGeom};
use super::placement::{Placement, stored_center};
use super::zones::{self, ZoneTree};
use super::{Item, Theme};
use crate::model::Model;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;

/// A drawn node: its item and where it is.
#[derive(Debug, Clone, Copy)]
struct NodeSlot {
    item: usize,
    geom: NodeGeom,
}

/// A zone: its item and what its rectangle is computed from.
#[derive(Debug, Clone)]
struct ZoneSlot {
    id: String,
    item: Option<usize>,
    parent: Option<usize>,
    children: Vec<usize>,
    members: Vec<NodeIndex>,
    label_width: f32,
}

/// What moves changed, gathered before links are drawn again.
struct Changes {
    /// Areas where obstacles of link labels changed.
    dirty: Dirty,
    /// Link slots whose lines must be drawn again.
    lines: Vec<bool>,
    /// Zones whose rectangles must be computed again.
    zones: Vec<bool>,
    /// The nodes that moved.
    nodes: Vec<NodeIndex>,
}

/// What a scene was built from, so moves can be applied to it in place.
#[derive(Clone)]
pub(crate) struct Index {
    /// False when some node or zone took the fallback placement, which a move can shift.
    movable: bool,
    /// Whether every link line is drawn in the zone boxes of `zone_rects` (false after moves
    /// that stopped half way): only then can a new build take lines from this scene.
    lines_current: bool,
    /// Whether every label was placed among the nodes, zones and lines the index records
    /// (false after moves that stopped half way): only then can a new build keep labels.
    labels_current: bool,
    theme: Theme,
    padding: f32,
    node_count: usize,
    link_count: usize,
    /// Drawn nodes by graph index (stable while only positions change).
    nodes: Vec<Option<NodeSlot>>,
    /// Node item by a hash of the node's id, for look-ups by id (checked against the item).
    by_id: FastMap<u64, usize>,
    /// The link slots of node `n` are `node_links[link_start[n]..link_start[n + 1]]`.
    link_start: Vec<usize>,
    node_links: Vec<usize>,
    zones: Vec<ZoneSlot>,
    /// Zones, every parent before its children.
    preorder: Vec<usize>,
    zone_rects: Vec<Option<Rect>>,
    parent: Vec<Option<usize>>,
    /// The item of link slot 0; slot `k` is item `first_link + k`.
    first_link: usize,
    links: Vec<LinkSlot>,
    field: LabelField,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("movable", &self.movable)
            .field("nodes", &self.nodes.len())
            .field("zones", &self.zones.len())
            .field("links", &self.links.len())
            .finish_non_exhaustive()
    }
}

/// The parts of a full build the index is made from.
pub(crate) struct Built<'a, 'm> {
    pub model: &'m Model,
    pub theme: &'a Theme,
    pub padding: f32,
    pub tree: &'a ZoneTree<'m>,
    pub placement: &'a Placement<'m>,
    pub geoms: &'a FastMap<&'m str, NodeGeom>,
    pub zone_rects: Vec<Option<Rect>>,
    pub first_link: usize,
    pub first_node: usize,
    pub links: Vec<LinkSlot>,
    pub field: LabelField,
}

impl Index {
    /// Records a full build (items: zones in pre-order, links from `first_link`, nodes in model
    /// order from `first_node`).
    pub fn new(b: Built) -> Index {
        let graph = b.model.graph();
        let bound = graph.node_bound();
        let mut nodes = vec![None; bound];
        let mut by_id = FastMap::with_capacity_and_hasher(b.geoms.len(), Default::default());
        let mut members = vec![Vec::new(); b.tree.zones.len()];
        let placed = graph
            .node_indices()
            .filter_map(|n| Some((n, *b.geoms.get(graph[n].id.as_str())?)));
        for (i, (n, geom)) in placed.enumerate() {
            let item = b.first_node + i;
            nodes[n.index()] = Some(NodeSlot { item, geom });
            by_id.entry(id_hash(&graph[n].id)).or_insert(item);
            if let Some(z) = geom.zone {
                members[z].push(n);
            }
        }
        let (link_start, node_links) = links_by_node(bound, &b.links);
        let tree = b.tree;
        let preorder: Vec<usize> = tree.preorder().into_iter().map(|(z, _)| z).collect();
        let mut zone_items = vec![None; tree.zones.len()];
        let drawn = preorder.iter().filter(|&&z| b.zone_rects[z].is_some());
        for (i, &z) in drawn.enumerate() {
            zone_items[z] = Some(i);
        }
        let zones = members
            .into_iter()
            .enumerate()
            .map(|(z, members)| ZoneSlot {
                id: tree.zones[z].id.clone(),
                item: zone_items[z],
                parent: tree.parent[z],
                children: tree.children[z].clone(),
                members,
                label_width: zones::label_width(tree.zones[z]),
            })
            .collect();
        Index {
            movable: !b.placement.fallback,
            lines_current: true,
            labels_current: true,
            theme: b.theme.clone(),
            padding: b.padding,
            node_count: b.model.node_count(),
            link_count: b.model.link_count(),
            nodes,
            by_id,
            link_start,
            node_links,
            zones,
            preorder,
            zone_rects: b.zone_rects,
            parent: tree.parent.clone(),
            first_link: b.first_link,
            links: b.links,
            field: b.field,
        }
    }

    /// The lines of the scene this index was built with (`items`), for a new build of the zone
    /// tree `tree` with zone boxes `zone_rects` in `theme` to take the unchanged ones from;
    /// `None` when none can be: another theme, or zones added, removed or nested otherwise.
    pub fn into_reuse(
        mut self,
        mut items: Vec<Item>,
        tree: &ZoneTree,
        zone_rects: &[Option<Rect>],
        theme: &Theme,
    ) -> Option<links::Reuse> {
        let same_zones = self.zones.len() == tree.zones.len()
            && self.parent == tree.parent
            && self
                .zones
                .iter()
                .zip(&tree.zones)
                .all(|(a, b)| a.id == b.id);
        if !self.lines_current || self.theme != *theme || !same_zones {
            return None;
        }
        let end = self.first_link.checked_add(self.links.len())?;
        if items.len() < end {
            return None;
        }
        if !self.labels_current {
            // Placed among obstacles the index no longer records: none can be kept.
            self.links
                .iter_mut()
                .for_each(links::LinkSlot::forget_label);
        }
        let mut nodes = FastMap::with_capacity_and_hasher(self.by_id.len(), Default::default());
        for slot in self.nodes.iter().flatten() {
            let id = std::mem::take(&mut items.get_mut(slot.item)?.element.id);
            nodes.insert(id, slot.geom.bounds);
        }
        items.truncate(end);
        let lines = items.split_off(self.first_link);
        Some(links::Reuse::new(
            self.links,
            lines,
            nodes,
            &self.zone_rects,
            zone_rects,
        ))
    }

    /// The item index of the node with this id, if drawn (`items` checks the id).
    pub fn node_item(&self, id: &str, items: &[Item]) -> Option<usize> {
        let i = *self.by_id.get(&id_hash(id))?;
        // Two ids with the same hash: the caller falls back to a scan.
        (items.get(i)?.element.id == id).then_some(i)
    }

    /// Whether moves of `model`'s nodes can be applied in place: same theme and padding, same
    /// nodes and links, and no fallback placement.
    pub fn fits(&self, model: &Model, theme: &Theme, padding: f32) -> bool {
        self.movable
            && self.theme == *theme
            && self.padding == padding
            && self.node_count == model.node_count()
            && self.link_count == model.link_count()
    }

    /// Redraws what the moves of nodes `moved` (now at their stored positions in `model`)
    /// change. Returns `false` when the model does not match the index (rebuild then; the items
    /// may be partly updated).
    pub fn apply_moves(&mut self, model: &Model, moved: &[&str], items: &mut [Item]) -> bool {
        // Nodes move before their labels are placed again: until then, labels are not current.
        self.labels_current = false;
        let mut changes = Changes {
            dirty: Dirty::default(),
            lines: vec![false; self.links.len()],
            zones: vec![false; self.zones.len()],
            nodes: Vec::with_capacity(moved.len()),
        };
        for id in moved {
            if self.move_node(model, id, items, &mut changes).is_none() {
                return false;
            }
        }
        let Changes {
            mut dirty,
            mut lines,
            zones,
            nodes: moved_nodes,
        } = changes;
        let before = self.zone_rects.clone();
        let Some(moved_zones) = self.reframe(model, &zones, items, &mut dirty) else {
            // The lines were drawn in the zones as they were: a rebuild compares with those.
            self.zone_rects = before;
            return false;
        };
        // A box that now covers something outside its zone must be settled by a full build.
        if !self.still_honest(&moved_nodes, &zones) {
            self.zone_rects = before;
            return false;
        }
        self.flag_crossings(&moved_zones, &mut lines);
        self.flag_routes(&moved_zones, &before, &mut lines);
        let draw = Drawing {
            parent: &self.parent,
            zone_rects: &self.zone_rects,
            theme: &self.theme,
            budget: std::cell::Cell::new(super::route::ROUTE_BUDGET),
        };
        let nodes = &self.nodes;
        let link_items = &mut items[self.first_link..self.first_link + self.links.len()];
        // Lines match the new zones only once every flagged one is drawn again.
        self.lines_current = links::redraw(
            model,
            &draw,
            |n| {
                nodes
                    .get(n.index())
                    .copied()
                    .flatten()
                    .map(|slot| slot.geom)
            },
            &lines,
            &mut self.links,
            &mut self.field,
            link_items,
            &mut dirty,
        );
        self.labels_current = self.lines_current;
        self.lines_current
    }

    /// Redraws one moved node and records what else must change: its old and new box, its
    /// links, its zone and the zones around it. `None` when the model does not match.
    fn move_node(
        &mut self,
        model: &Model,
        id: &str,
        items: &mut [Item],
        changes: &mut Changes,
    ) -> Option<()> {
        let n = model.node_index(id)?;
        let node = model.graph().node_weight(n)?;
        let c = stored_center(model, id)?;
        let slot = self.nodes.get_mut(n.index())?.as_mut()?;
        if items.get(slot.item)?.element.id != node.id {
            return None;
        }
        let geom = NodeGeom {
            zone: slot.geom.zone,
            ..nodes::geometry(node, c)
        };
        if geom == slot.geom {
            return Some(());
        }
        changes.nodes.push(n);
        changes.dirty.add(slot.geom.bounds);
        changes.dirty.add(geom.bounds);
        self.field.move_node(slot.geom.bounds, geom.bounds);
        slot.geom = geom;
        let pinned = model.layout.pinned.contains(&node.id);
        items[slot.item] = nodes::item(node, &geom, pinned, &self.theme);
        let ends = self.link_start[n.index()]..self.link_start[n.index() + 1];
        for &k in &self.node_links[ends] {
            changes.lines[k] = true;
        }
        for z in std::iter::successors(geom.zone, |&z| self.zones[z].parent) {
            changes.zones[z] = true;
        }
        Some(())
    }

    /// Computes again the rectangles of the zones flagged in `changed`, children before
    /// parents; returns which of them moved, or `None` when a zone cannot be framed in place.
    fn reframe(
        &mut self,
        model: &Model,
        changed: &[bool],
        items: &mut [Item],
        dirty: &mut Dirty,
    ) -> Option<Vec<bool>> {
        let mut moved = vec![false; self.zones.len()];
        for &z in self.preorder.iter().rev().filter(|&&z| changed[z]) {
            let zone = &self.zones[z];
            let inside = zone
                .members
                .iter()
                .filter_map(|n| self.nodes.get(n.index()).copied().flatten())
                .map(|slot| slot.geom.bounds)
                .chain(zone.children.iter().filter_map(|&c| self.zone_rects[c]))
                .fold(Rect::NOTHING, Rect::union);
            let old = self.zone_rects[z]?;
            if inside.is_empty() {
                return None;
            }
            let rect = zones::frame(inside, self.padding, zone.label_width);
            if rect == old {
                continue;
            }
            dirty.add(links::title_strip(&old));
            dirty.add(links::title_strip(&rect));
            self.field.move_zone(old, rect);
            self.zone_rects[z] = Some(rect);
            items[zone.item?] = zones::zone_item(model.zone(&zone.id)?, rect, &self.theme);
            moved[z] = true;
        }
        Some(moved)
    }

    /// Whether, after moves, no changed zone's box touches a node or zone outside it and no
    /// moved node touches the box of a zone it is not in (what a full build would settle).
    fn still_honest(&self, moved: &[NodeIndex], changed: &[bool]) -> bool {
        let within = |z: usize, inner: Option<usize>| {
            std::iter::successors(inner, |&a| self.parent.get(a).copied().flatten()).any(|a| a == z)
        };
        let rects = || {
            self.zone_rects
                .iter()
                .enumerate()
                .filter_map(|(z, r)| Some((z, (*r)?)))
        };
        for (z, rect) in rects().filter(|(z, _)| changed[*z]) {
            let node_inside = self
                .nodes
                .iter()
                .flatten()
                .filter(|slot| slot.geom.bounds.intersects(&rect))
                .all(|slot| within(z, slot.geom.zone));
            let zone_inside = rects()
                .filter(|(w, r)| *w != z && r.intersects(&rect))
                .all(|(w, _)| within(z, Some(w)) || within(w, Some(z)));
            if !node_inside || !zone_inside {
                return false;
            }
        }
        moved.iter().all(|n| {
            let Some(slot) = self.nodes.get(n.index()).copied().flatten() else {
                return true;
            };
            rects()
                .filter(|(_, r)| r.intersects(&slot.geom.bounds))
                .all(|(w, _)| within(w, slot.geom.zone))
        })
    }

    /// Flags the links that may cross a zone whose rectangle moved: their boundary markers
    /// move with it.
    fn flag_crossings(&self, moved_zones: &[bool], lines: &mut [bool]) {
        if !moved_zones.contains(&true) {
            return;
        }
        // Whether a zone or one of its ancestors moved (parents come first in pre-order).
        let mut touched = vec![false; self.zones.len()];
        for &z in &self.preorder {
            touched[z] = moved_zones[z] || self.zones[z].parent.is_some_and(|p| touched[p]);
        }
        let touched = |z: Option<usize>| z.is_some_and(|z| touched[z]);
        for (slot, line) in self.links.iter().zip(lines.iter_mut()) {
            let (zf, zt) = slot.zones;
            if zf != zt && (touched(zf) || touched(zt)) {
                *line = true;
            }
        }
    }
}

impl Index {
    /// Flags the links whose route may change: a zone box that moved meets the window of zones
    /// the route was worked out from (before or after the move).
    fn flag_routes(&self, moved_zones: &[bool], before: &[Option<Rect>], lines: &mut [bool]) {
        let moved: Vec<Rect> = moved_zones
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .flat_map(|(z, _)| [before[z], self.zone_rects[z]])
            .flatten()
            .collect();
        if moved.is_empty() {
            return;
        }
        for (slot, line) in self.links.iter().zip(lines.iter_mut()) {
            if moved.iter().any(|r| r.intersects(&slot.window)) {
                *line = true;
            }
        }
    }
}

/// The link slots of each node (by graph index), as offsets into one list.
fn links_by_node(bound: usize, links: &[LinkSlot]) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0; bound + 1];
    for slot in links {
        for n in [slot.ends.0, slot.ends.1] {
            start[n.index() + 1] += 1;
        }
    }
    for i in 0..bound {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut list = vec![0; start[bound]];
    for (k, slot) in links.iter().enumerate() {
        for n in [slot.ends.0, slot.ends.1] {
            list[next[n.index()]] = k;
            next[n.index()] += 1;
        }
    }
    (start, list)
}
