//! Automatic layout: where nodes go so the diagram reads at a glance and never lies about trust
//! boundaries.
//!
//! Two modes: [`Mode::Layered`] for request flows (client → gateway → server → store), and
//! [`Mode::Force`] for peer meshes. Both treat trust zones as compound clusters: every zone's
//! members inside its box, every other node and zone outside it, nested zones inside their
//! parents. Pinned nodes (`layout.pinned` in the file) keep their positions; a second run on a
//! laid-out model keeps its order unless the new one is clearly better, so small edits move
//! little.
//!
//! No crate we looked at lays out nested clusters: `rust-sugiyama` and `layout-rs` place flat
//! graphs (and `layout-rs` draws no clusters), so this is our own, built on the scene's geometry
//! so the boxes it plans are exactly the boxes that are drawn.

mod compound;
pub mod crossings;
mod force;
mod layered;
pub(crate) mod separate;
pub mod synthetic;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, Point};
use crate::scene::Pos;

/// Which kind of layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Ranks along the flow of requests (Sugiyama style), zones as clusters.
    #[default]
    Layered,
    /// Springs and repulsion (for peer meshes), zones as clusters.
    Force,
}

/// Which way a layered layout flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Clients on the left, stores on the right.
    #[default]
    LeftRight,
    /// Clients at the top, stores at the bottom.
    TopBottom,
}

/// What to lay out and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Layered or force-directed.
    pub mode: Mode,
    /// The direction of a layered layout.
    pub direction: Direction,
    /// Whether pinned nodes keep their stored positions.
    pub keep_pinned: bool,
}

/// Lays out every node of `model`; returns the new centre of every node, by id.
pub fn lay_out(model: &Model, options: &Options) -> BTreeMap<String, Point> {
    lay_out_with_progress(model, options, &mut |_| {})
}

/// Like [`lay_out`], reporting the fraction done (0 to 1) as it goes.
pub fn lay_out_with_progress(
    model: &Model,
    options: &Options,
    progress: &mut dyn FnMut(f32),
) -> BTreeMap<String, Point> {
    let g = compound::Graph::new(model);
    let centers = match options.mode {
        Mode::Layered => layered::lay_out(&g, options.direction, progress),
        Mode::Force => force::lay_out(&g, progress),
    };
    let mut centers = centers;
    let pins = pins(model, &g, options.keep_pinned);
    if pins.iter().any(Option::is_some) {
        follow_pins(&g, &mut centers, &pins);
    } else {
        let shift = alignment(&g.stored, &centers);
        for c in &mut centers {
            *c = *c + shift;
        }
    }
    let mut out: BTreeMap<String, Point> = g
        .nodes
        .iter()
        .zip(&centers)
        .map(|(n, c)| (n.id.clone(), rounded(*c)))
        .collect();
    if pins.iter().any(Option::is_some) {
        keep_pins(model, &mut out);
    }
    progress(1.0);
    out
}

/// Why the selected nodes cannot be tidied on their own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    /// Keeping every zone's box honest would move nodes outside the selection.
    #[error("{}", would_move_message(names))]
    WouldMoveOthers {
        /// The ids of the nodes that would have to move.
        ids: Vec<String>,
        /// Their names, in the same order (what the message shows).
        names: Vec<String>,
    },
}

/// "tidying only the selection would move 2 other nodes (A, B) …": at most three names.
fn would_move_message(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    format!(
        "tidying only the selection would move {} other node{} ({}{}) so that no zone's box \
         covers a node outside it; select {} too, or tidy the whole layout",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        },
        if names.len() == 1 { "it" } else { "them" },
    )
}

/// Lays out only the nodes `ids` (with the links among them) and puts the result where they
/// were; every other node stays exactly where it is (as if pinned). The tidied nodes make way
/// where a zone's box would cover a node it does not hold; when only moving another node
/// could keep the picture honest, nothing moves and the error names those nodes.
///
/// # Errors
///
/// [`SelectionError::WouldMoveOthers`] when the tidied selection cannot be placed without
/// moving nodes outside it.
pub fn lay_out_selection(
    model: &Model,
    ids: &BTreeSet<String>,
    options: &Options,
) -> Result<BTreeMap<String, Point>, SelectionError> {
    let mut part = model.clone();
    let others: Vec<String> = model
        .nodes()
        .filter(|n| !ids.contains(&n.id))
        .map(|n| n.id.clone())
        .collect();
    for id in &others {
        // Removing a node that is there cannot fail; a node that is not there needs no removal.
        let _ = part.remove_node(id);
    }
    let mut laid = lay_out(&part, options);
    // A node that could not be taken out was laid out too; only the selection moves.
    laid.retain(|id, _| ids.contains(id));
    // First the new arrangement where the selection was; when that would push others aside,
    // the same arrangement squeezed into the box the selection took before; else the same
    // order in the places the selected nodes already had (zone by zone, so no zone's box
    // changes).
    let mut others = Vec::new();
    let fitted = fitted_into_old_box(model, &laid);
    let own = in_own_places(model, &laid);
    for candidate in [laid, fitted, own] {
        let mut whole = model.clone();
        for (id, p) in &candidate {
            whole.layout.positions.insert(id.clone(), *p);
        }
        // The tidied nodes make way where a zone's box would cover a node and, if that can be
        // had without moving others too, where they would lie on another node.
        let stay = |id: &str| !ids.contains(id);
        for solid in [true, false] {
            let settled = crate::scene::settle_model(&whole, &stay, solid);
            others = settled
                .iter()
                .filter(|(id, _)| !ids.contains(id))
                .map(|(id, _)| id.clone())
                .collect();
            if others.is_empty() {
                let mut moved = candidate;
                for (id, p) in settled {
                    moved.insert(id, rounded(crate::scene::pos(p.0, p.1)));
                }
                return Ok(moved);
            }
        }
    }
    let names = others
        .iter()
        .map(|id| {
            model
                .node(id)
                .map_or_else(|| id.clone(), |n| n.name.clone())
        })
        .collect();
    Err(SelectionError::WouldMoveOthers { ids: others, names })
}

/// The laid-out nodes squeezed (never stretched) along each axis into the box round the
/// centres they had before, centred in it.
fn fitted_into_old_box(model: &Model, laid: &BTreeMap<String, Point>) -> BTreeMap<String, Point> {
    let bounds = |points: &mut dyn Iterator<Item = Point>| {
        points.fold(None, |b: Option<(Point, Point)>, p| {
            Some(b.map_or((p, p), |(lo, hi)| {
                (
                    Point(lo.0.min(p.0), lo.1.min(p.1)),
                    Point(hi.0.max(p.0), hi.1.max(p.1)),
                )
            }))
        })
    };
    let old = bounds(
        &mut laid
            .keys()
            .filter_map(|id| model.layout.positions.get(id).copied()),
    );
    let (Some((olo, ohi)), Some((nlo, nhi))) = (old, bounds(&mut laid.values().copied())) else {
        return laid.clone();
    };
    let axis = |o0: f32, o1: f32, n0: f32, n1: f32| {
        let scale = if n1 > n0 {
            ((o1 - o0) / (n1 - n0)).min(1.0)
        } else {
            1.0
        };
        // Centre the squeezed span in the old one.
        let start = (o0 + o1) / 2.0 - (n1 - n0) * scale / 2.0;
        move |v: f32| (start + (v - n0) * scale).round()
    };
    let (fx, fy) = (
        axis(olo.0, ohi.0, nlo.0, nhi.0),
        axis(olo.1, ohi.1, nlo.1, nhi.1),
    );
    laid.iter()
        .map(|(id, p)| (id.clone(), Point(fx(p.0), fy(p.1))))
        .collect()
}

/// The laid-out nodes moved into the places they had before, keeping the layout's order along
/// the flow and across it: zone by zone (the nodes directly in one zone trade places among
/// themselves), so every zone's box stays what it was. Nodes without a stored place stay out.
fn in_own_places(model: &Model, laid: &BTreeMap<String, Point>) -> BTreeMap<String, Point> {
    let mut groups: BTreeMap<Option<&str>, Vec<(&str, Point, Point)>> = BTreeMap::new();
    for (id, new) in laid {
        let (Some(node), Some(old)) = (model.node(id), model.layout.positions.get(id)) else {
            continue;
        };
        groups
            .entry(node.zone.as_deref())
            .or_default()
            .push((id.as_str(), *new, *old));
    }
    let mut out = BTreeMap::new();
    for list in groups.values() {
        let key = |p: &Point| (p.0, p.1);
        let mut nodes: Vec<(&str, Point)> = list.iter().map(|(id, new, _)| (*id, *new)).collect();
        let mut places: Vec<Point> = list.iter().map(|(_, _, old)| *old).collect();
        nodes.sort_by(|a, b| {
            key(&a.1)
                .partial_cmp(&key(&b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        places.sort_by(|a, b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for ((id, _), place) in nodes.into_iter().zip(places) {
            out.insert(id.to_owned(), place);
        }
    }
    out
}

/// The shift that keeps a new layout where the old one was: the median offset between old and
/// new centres of the nodes that had a position.
fn alignment(stored: &[Option<Pos>], new: &[Pos]) -> Pos {
    let (mut dx, mut dy): (Vec<f32>, Vec<f32>) = stored
        .iter()
        .zip(new)
        .filter_map(|(old, new)| Some((old.as_ref()?.x - new.x, old.as_ref()?.y - new.y)))
        .unzip();
    if dx.is_empty() {
        return Pos::ZERO;
    }
    let median = |v: &mut Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let shift = crate::scene::pos(median(&mut dx), median(&mut dy));
    // Hostile stored positions must not push the layout out of range.
    if shift.x.abs() < 1.0e6 && shift.y.abs() < 1.0e6 {
        shift
    } else {
        Pos::ZERO
    }
}

/// A position rounded to whole units, so files stay tidy.
fn rounded(p: Pos) -> Point {
    Point(p.x.round(), p.y.round())
}

/// The stored centre of each pinned node (when pins are kept), by node index.
fn pins(model: &Model, g: &compound::Graph, keep: bool) -> Vec<Option<Pos>> {
    g.nodes
        .iter()
        .zip(&g.stored)
        .map(|(n, p)| p.filter(|_| keep && model.layout.pinned.contains(&n.id)))
        .collect()
}

/// Moves each zone's laid-out contents by the mean offset of the pinned nodes inside it (a zone
/// without pins moves with its parent), so zones gather round their pins instead of stretching
/// to reach them.
fn follow_pins(g: &compound::Graph, centers: &mut [Pos], pins: &[Option<Pos>]) {
    let blocks = g.children.len();
    let mut sum = vec![(Pos::ZERO, 0usize); blocks];
    for (i, pin) in pins.iter().enumerate() {
        if let Some(p) = pin {
            let s = &mut sum[g.block_of[i]];
            *s = (s.0 + (*p - centers[i]), s.1 + 1);
        }
    }
    let order = g.blocks_inside_out();
    for &b in &order {
        if let Some(parent) = g.parent_block(b) {
            let (d, k) = sum[b];
            let s = &mut sum[parent];
            *s = (s.0 + d, s.1 + k);
        }
    }
    let mut shift = vec![Pos::ZERO; blocks];
    for &b in order.iter().rev() {
        let (d, k) = sum[b];
        shift[b] = if k > 0 {
            d.scale(1.0 / k as f32)
        } else {
            g.parent_block(b).map_or(Pos::ZERO, |p| shift[p])
        };
    }
    for (i, c) in centers.iter_mut().enumerate() {
        *c = pins[i].unwrap_or(*c + shift[g.block_of[i]]);
    }
}

/// Puts pinned nodes back at their stored positions and moves the rest out of their way (and
/// out of any zone's box they would otherwise lie in).
fn keep_pins(model: &Model, out: &mut BTreeMap<String, Point>) {
    let pinned: BTreeSet<&str> = model
        .layout
        .pinned
        .iter()
        .filter(|id| model.layout.positions.contains_key(*id) && out.contains_key(*id))
        .map(String::as_str)
        .collect();
    if pinned.is_empty() {
        return;
    }
    let mut placed = model.clone();
    for (id, p) in out.iter() {
        let p = if pinned.contains(id.as_str()) {
            model.layout.positions.get(id).copied().unwrap_or(*p)
        } else {
            *p
        };
        placed.layout.positions.insert(id.clone(), p);
    }
    let keep = |id: &str| pinned.contains(id);
    for (id, p) in crate::scene::settle_model(&placed, &keep, true) {
        if let Some(slot) = placed.layout.positions.get_mut(&id) {
            *slot = rounded(crate::scene::pos(p.0, p.1));
        }
    }
    for (id, p) in out.iter_mut() {
        if let Some(q) = placed.layout.positions.get(id) {
            *p = *q;
        }
    }
}

#[cfg(test)]
mod tests;
