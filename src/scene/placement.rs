//! Where nodes go: their stored positions, and a deterministic fallback for nodes without one.
//!
//! Unplaced nodes are laid out below everything placed, as nested boxes that mirror the zone
//! tree: each zone's own members in a grid, its child zones in a row beside them. Zone rectangles
//! computed around these positions therefore nest without overlapping. Zones with no members at
//! all get a small reserved slot so they stay visible.

use super::fast_hash::FastMap;
use super::geom::{Pos, Rect, pos};
use super::nodes::{self, MAX_SIZE};
use super::zones::{EMPTY_H, EMPTY_W, LABEL_H, ZoneTree};
use crate::model::{Model, Node};

/// Space between fallback grid cells and between zone boxes.
const GAP: f32 = 56.0;
/// Stored positions beyond this distance from the origin (the file format's limit) are clamped.
const MAX_COORD: f32 = 1.0e7;
/// Fallback rows of top-level boxes wrap after this width.
const ROW_WIDTH: f32 = 2400.0;

/// The centre of every node, and the slots reserved for zones with nothing in them.
pub(crate) struct Placement<'m> {
    /// Node centres by node id.
    pub centers: FastMap<&'m str, Pos>,
    /// Contents box of each empty zone (by zone index).
    pub empty_slots: FastMap<usize, Rect>,
    /// Whether some node or zone took the fallback layout, which depends on where every stored
    /// node is: then moving one node may move others.
    pub fallback: bool,
}

/// Where a node's stored position puts its centre, if it has a usable one.
pub(crate) fn stored_center(model: &Model, id: &str) -> Option<Pos> {
    let p = model.layout.positions.get(id)?;
    // Hostile coordinates are pulled into range so every later sum stays finite.
    (p.0.is_finite() && p.1.is_finite()).then(|| {
        pos(
            p.0.clamp(-MAX_COORD, MAX_COORD),
            p.1.clamp(-MAX_COORD, MAX_COORD),
        )
    })
}

/// Places every node: stored positions first, the fallback layout for the rest.
pub(crate) fn place<'m>(model: &'m Model, tree: &ZoneTree<'m>, padding: f32) -> Placement<'m> {
    let mut centers = FastMap::with_capacity_and_hasher(model.node_count(), Default::default());
    let mut placed_bounds = Rect::NOTHING;
    for node in model.nodes() {
        if let Some(c) = stored_center(model, &node.id) {
            centers.insert(node.id.as_str(), c);
            placed_bounds = placed_bounds.union(nodes::geometry(node, c).bounds);
        }
    }
    let mut fallback = Fallback {
        tree,
        padding,
        centers,
        empty_slots: FastMap::default(),
        needs: Vec::new(),
        log: Vec::new(),
        slot_log: Vec::new(),
    };
    fallback.mark_needs();
    let needed =
        fallback.needs.iter().any(|&n| n) || fallback.unplaced(&tree.unzoned).next().is_some();
    if needed {
        let origin = if placed_bounds.is_empty() {
            Pos::ZERO
        } else {
            pos(
                placed_bounds.min.x,
                placed_bounds.max.y + 2.0 * GAP + padding,
            )
        };
        fallback.lay_out_roots(origin, ROW_WIDTH.max(placed_bounds.width()));
    }
    Placement {
        centers: fallback.centers,
        empty_slots: fallback.empty_slots,
        fallback: needed,
    }
}

/// A zone box being laid out: where its contents start, how far they reach, which child is next.
struct ZoneFrame {
    z: usize,
    top: Pos,
    x: f32,
    h: f32,
    children: Vec<usize>,
    next: usize,
}

struct Fallback<'t, 'm> {
    tree: &'t ZoneTree<'m>,
    padding: f32,
    centers: FastMap<&'m str, Pos>,
    empty_slots: FastMap<usize, Rect>,
    /// Whether each zone's subtree has something without a place.
    needs: Vec<bool>,
    /// Nodes placed by the fallback, in order, so a box can be moved after it is laid out.
    log: Vec<&'m str>,
    /// Zones given an empty slot, in order.
    slot_log: Vec<usize>,
}

impl<'m> Fallback<'_, 'm> {
    fn unplaced<'a>(&'a self, nodes: &'a [&'m Node]) -> impl Iterator<Item = &'m Node> + 'a {
        nodes
            .iter()
            .copied()
            .filter(|n| !self.centers.contains_key(n.id.as_str()))
    }

    /// A zone needs a fallback box when it has unplaced members, is wholly empty, or a child
    /// needs one.
    fn mark_needs(&mut self) {
        let tree = self.tree;
        self.needs = vec![false; tree.zones.len()];
        for (z, _) in tree.preorder().into_iter().rev() {
            let empty = tree.members[z].is_empty() && tree.children[z].is_empty();
            self.needs[z] = empty
                || self.unplaced(&tree.members[z]).next().is_some()
                || tree.children[z].iter().any(|&c| self.needs[c]);
        }
    }

    /// Unzoned nodes in a grid, then top-level zone boxes in rows.
    fn lay_out_roots(&mut self, origin: Pos, row_width: f32) {
        let tree = self.tree;
        let loose: Vec<&Node> = self.unplaced(&tree.unzoned).collect();
        let (_, grid_h) = self.grid(&loose, origin);
        let mut y = origin.y + if grid_h > 0.0 { grid_h + GAP } else { 0.0 };
        let mut x = origin.x;
        let mut row_h: f32 = 0.0;
        let roots: Vec<usize> = tree
            .roots
            .iter()
            .copied()
            .filter(|&z| self.needs[z])
            .collect();
        for z in roots {
            let (first_node, first_slot) = (self.log.len(), self.slot_log.len());
            let (w, h) = self.lay_out_zone(z, pos(x, y));
            if x > origin.x && x + w > origin.x + row_width {
                // Too wide for this row: move the box to the start of the next row.
                y += row_h + GAP;
                self.shift(first_node, first_slot, pos(origin.x - x, row_h + GAP));
                x = origin.x;
                row_h = 0.0;
            }
            x += w + GAP;
            row_h = row_h.max(h);
        }
    }

    /// Lays out a zone's box with its top-left corner at `origin`; returns the box size.
    ///
    /// Works with an explicit stack, not recursion: zones may nest tens of thousands deep.
    fn lay_out_zone(&mut self, z: usize, origin: Pos) -> (f32, f32) {
        let mut stack = vec![self.open_zone(z, origin)];
        let mut closed: Option<(f32, f32)> = None;
        while let Some(frame) = stack.last_mut() {
            if let Some((cw, ch)) = closed.take() {
                frame.x += cw + GAP;
                frame.h = frame.h.max(ch);
            }
            if let Some(&c) = frame.children.get(frame.next) {
                frame.next += 1;
                let at = pos(frame.x, frame.top.y);
                let child = self.open_zone(c, at);
                stack.push(child);
                continue;
            }
            let Some(done) = stack.pop() else { break };
            let size = self.close_zone(&done);
            if stack.is_empty() {
                return size;
            }
            closed = Some(size);
        }
        (0.0, 0.0)
    }

    /// Starts a zone's box: its own members in a grid, its children still to come.
    fn open_zone(&mut self, z: usize, origin: Pos) -> ZoneFrame {
        let tree = self.tree;
        let top = pos(origin.x + self.padding, origin.y + self.padding + LABEL_H);
        let members: Vec<&Node> = self.unplaced(&tree.members[z]).collect();
        let (grid_w, grid_h) = self.grid(&members, top);
        let children = tree.children[z]
            .iter()
            .copied()
            .filter(|&c| self.needs[c])
            .collect();
        ZoneFrame {
            z,
            top,
            x: top.x + if grid_w > 0.0 { grid_w + GAP } else { 0.0 },
            h: grid_h,
            children,
            next: 0,
        }
    }

    /// Finishes a zone's box once its children are laid out; returns the box size.
    fn close_zone(&mut self, f: &ZoneFrame) -> (f32, f32) {
        let tree = self.tree;
        let (z, top) = (f.z, f.top);
        let mut w = (f.x - top.x - GAP).max(0.0);
        let mut h = f.h;
        if tree.members[z].is_empty() && tree.children[z].is_empty() {
            self.empty_slots.insert(
                z,
                Rect::from_min_max(top, pos(top.x + EMPTY_W, top.y + EMPTY_H)),
            );
            self.slot_log.push(z);
            w = EMPTY_W;
            h = EMPTY_H;
        }
        (w + 2.0 * self.padding, h + 2.0 * self.padding + LABEL_H)
    }

    /// Moves everything placed since the given log positions by `d`.
    fn shift(&mut self, first_node: usize, first_slot: usize, d: Pos) {
        for id in &self.log[first_node..] {
            if let Some(c) = self.centers.get_mut(id) {
                *c = *c + d;
            }
        }
        for z in &self.slot_log[first_slot..] {
            if let Some(r) = self.empty_slots.get_mut(z) {
                *r = Rect::from_min_max(r.min + d, r.max + d);
            }
        }
    }

    /// Places nodes in a near-square grid from `top_left`; returns the grid's size.
    fn grid(&mut self, nodes: &[&'m Node], top_left: Pos) -> (f32, f32) {
        if nodes.is_empty() {
            return (0.0, 0.0);
        }
        let cols = (nodes.len() as f32).sqrt().ceil().max(1.0) as usize;
        let rows = nodes.len().div_ceil(cols);
        let (cell_w, cell_h) = (MAX_SIZE.x + GAP, MAX_SIZE.y + GAP);
        for (i, node) in nodes.iter().enumerate() {
            let (col, row) = (i % cols, i / cols);
            let c = pos(
                top_left.x + col as f32 * cell_w + MAX_SIZE.x / 2.0,
                top_left.y + row as f32 * cell_h + MAX_SIZE.y / 2.0,
            );
            self.centers.insert(node.id.as_str(), c);
            self.log.push(node.id.as_str());
        }
        (cols as f32 * cell_w - GAP, rows as f32 * cell_h - GAP)
    }
}
