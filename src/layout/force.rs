//! Force-directed layout for peer meshes, with trust zones as compound clusters.
//!
//! Blocks are laid out from the innermost zones out. In each block, its children (nodes, and
//! child zones as one box each) are springs and charges: links between two children (or between
//! anything inside them) pull, every pair pushes. Then the children are moved apart so no two
//! boxes touch, and the block's box is framed around them; a parent treats it as one piece.

use super::compound::{Child, Graph};
use super::separate::{Block, separate, shifted};
use crate::scene::{Pos, Rect, pos};

/// Preferred length of a link between two nodes.
const SPRING: f32 = 260.0;
/// Rounds of the simulation per block.
const ROUNDS: usize = 90;
/// Room kept between boxes once they are moved apart.
const GAP: f32 = 40.0;

/// Lays out the graph; returns each node's centre.
pub(crate) fn lay_out(g: &Graph, progress: &mut dyn FnMut(f32)) -> Vec<Pos> {
    let blocks = g.children.len();
    let root = g.root();
    // Where each child sits in its block's list.
    let mut slot_node = vec![0usize; g.nodes.len()];
    let mut slot_zone = vec![0usize; blocks];
    for list in &g.children {
        for (k, c) in list.iter().enumerate() {
            match *c {
                Child::Node(i) => slot_node[i] = k,
                Child::Zone(z) => slot_zone[z] = k,
            }
        }
    }
    let mut depth = vec![0usize; blocks];
    for (z, d) in g.tree.preorder() {
        depth[z] = d + 1;
    }
    // Each link joins the two children of the innermost block holding both ends.
    let mut springs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); blocks];
    for &(a, b) in &g.edges {
        let (mut ba, mut bb) = (g.block_of[a], g.block_of[b]);
        let (mut ka, mut kb) = (slot_node[a], slot_node[b]);
        while ba != bb {
            // Climb from the deeper side; the root (depth 0) is never climbed from.
            if depth[ba] >= depth[bb] && ba != root {
                ka = slot_zone[ba];
                ba = g.parent_block(ba).unwrap_or(root);
            } else {
                kb = slot_zone[bb];
                bb = g.parent_block(bb).unwrap_or(root);
            }
        }
        if ka != kb {
            springs[ba].push((ka, kb));
        }
    }
    let order = g.blocks_inside_out();
    let sums = stored_sums(g, &order);
    let mut local: Vec<Option<Rect>> = vec![None; blocks];
    let mut centers: Vec<Vec<Pos>> = vec![Vec::new(); blocks];
    for (done, &b) in order.iter().enumerate() {
        let boxes: Vec<Rect> = g.children[b]
            .iter()
            .map(|c| match *c {
                Child::Node(i) => g.rel[i],
                Child::Zone(z) => {
                    local[z].map_or(Rect::NOTHING, |r| shifted(r, Pos::ZERO - r.center()))
                }
            })
            .collect();
        let start = starting_points(g, &sums, &g.children[b]);
        let simulated = simulate(&boxes, &springs[b], start);
        let mut by_degree: Vec<usize> = (0..boxes.len()).collect();
        let mut degree = vec![0usize; boxes.len()];
        for &(p, q) in &springs[b] {
            degree[p] += 1;
            degree[q] += 1;
        }
        by_degree.sort_by_key(|&k| (std::cmp::Reverse(degree[k]), k));
        let (at, content) = compact(&boxes, &simulated, &by_degree);
        if b < root && !content.is_empty() {
            local[b] = Some(g.frame(b, content));
        }
        centers[b] = at;
        progress(done as f32 / order.len() as f32 * 0.95);
    }
    // Down from the root: where each zone's own frame sits, then each node.
    let mut origin = vec![Pos::ZERO; blocks];
    let mut out = vec![Pos::ZERO; g.nodes.len()];
    for &b in order.iter().rev() {
        for (c, at) in g.children[b].iter().zip(&centers[b]) {
            match *c {
                Child::Node(i) => out[i] = origin[b] + *at,
                Child::Zone(z) => {
                    let mid = local[z].map_or(Pos::ZERO, |r| r.center());
                    origin[z] = origin[b] + *at - mid;
                }
            }
        }
    }
    out
}

/// How far the simulated places are drawn to their middle before the boxes are moved apart
/// again: big boxes (zones) push hard in the simulation, so the spread it leaves is loose.
const SQUEEZES: [f32; 5] = [1.0, 0.6, 0.4, 0.25, 0.12];
/// Room kept round every box however tight the squeeze.
const MARGIN: f32 = 10.0;

/// The children's centres after moving them apart, drawn together first by whichever of
/// [`SQUEEZES`] gives the smallest square around them (the simulation's arrangement, only
/// tighter), with the box round them all. Each try costs one separation.
fn compact(boxes: &[Rect], simulated: &[Pos], order: &[usize]) -> (Vec<Pos>, Rect) {
    let n = simulated.len().max(1) as f32;
    let middle = simulated
        .iter()
        .fold(Pos::ZERO, |a, p| a + *p)
        .scale(1.0 / n);
    let mut best: Option<(f32, Vec<Pos>, Rect)> = None;
    for squeeze in SQUEEZES {
        let mut at: Vec<Pos> = simulated
            .iter()
            .map(|p| middle + (*p - middle).scale(squeeze))
            .collect();
        // Boxes a squeeze leaves almost touching stay put in the separation: a margin round
        // each keeps them apart (and apart after rounding).
        let blocks: Vec<Block> = boxes
            .iter()
            .zip(&at)
            .map(|(r, c)| Block {
                rect: if r.is_empty() {
                    *r
                } else {
                    shifted(r.expand(MARGIN), *c)
                },
                solid: true,
            })
            .collect();
        let offsets = separate(&blocks, order, GAP);
        let mut content = Rect::NOTHING;
        for (k, off) in offsets.iter().enumerate() {
            at[k] = at[k] + *off;
            if !boxes[k].is_empty() {
                content = content.union(shifted(boxes[k], at[k]));
            }
        }
        // A squeeze the separation could not undo in full is no use.
        let placed: Vec<Rect> = boxes
            .iter()
            .zip(&at)
            .filter(|(r, _)| !r.is_empty())
            .map(|(r, c)| shifted(*r, *c))
            .collect();
        if squeeze < 1.0 && !all_apart(&placed) {
            continue;
        }
        let side = if content.is_empty() {
            0.0
        } else {
            content.width().max(content.height())
        };
        if best.as_ref().is_none_or(|(s, _, _)| side < *s) {
            best = Some((side, at, content));
        }
    }
    best.map_or_else(|| (simulated.to_vec(), Rect::NOTHING), |(_, at, c)| (at, c))
}

/// Whether no two boxes touch: a sweep along x, `O(k log k)` plus the pairs whose x-ranges meet.
fn all_apart(boxes: &[Rect]) -> bool {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a].min.x.total_cmp(&boxes[b].min.x));
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if boxes[j].min.x > boxes[i].max.x {
                break;
            }
            if boxes[i].intersects(&boxes[j]) {
                return false;
            }
        }
    }
    true
}

/// The sum and count of the stored centres inside each block.
fn stored_sums(g: &Graph, order: &[usize]) -> Vec<(Pos, usize)> {
    let mut sums = vec![(Pos::ZERO, 0usize); g.children.len()];
    for (i, p) in g.stored.iter().enumerate() {
        if let Some(p) = p {
            let s = &mut sums[g.block_of[i]];
            *s = (s.0 + *p, s.1 + 1);
        }
    }
    for &b in order {
        if let Some(parent) = g.parent_block(b) {
            let (sum, count) = sums[b];
            let s = &mut sums[parent];
            *s = (s.0 + sum, s.1 + count);
        }
    }
    sums
}

/// Where each child starts: where it is stored (the mean of its nodes, for a zone) when every
/// child has a place, else on a spiral.
fn starting_points(g: &Graph, sums: &[(Pos, usize)], children: &[Child]) -> Vec<Pos> {
    let stored: Option<Vec<Pos>> = children
        .iter()
        .map(|c| match *c {
            Child::Node(i) => g.stored[i],
            Child::Zone(z) => {
                let (sum, count) = sums[z];
                (count > 0).then(|| sum.scale(1.0 / count as f32))
            }
        })
        .collect();
    stored.unwrap_or_else(|| {
        (0..children.len())
            .map(|k| {
                // A golden-angle spiral spreads any number of points evenly.
                let angle = k as f32 * 2.399_963;
                let r = SPRING * 0.8 * (k as f32).sqrt();
                pos(r * angle.cos(), r * angle.sin())
            })
            .collect()
    })
}

/// Runs the springs and charges (Fruchterman–Reingold, with each pair's ideal distance grown by
/// the two boxes' sizes and a slight pull to the middle so loose parts stay near); returns the
/// centre of each box.
fn simulate(boxes: &[Rect], springs: &[(usize, usize)], mut at: Vec<Pos>) -> Vec<Pos> {
    let n = boxes.len();
    if n < 2 {
        return at;
    }
    let radius: Vec<f32> = boxes
        .iter()
        .map(|r| {
            if r.is_empty() {
                0.0
            } else {
                0.5 * (r.width().powi(2) + r.height().powi(2)).sqrt()
            }
        })
        .collect();
    let big = radius.iter().copied().fold(0.0, f32::max);
    // Pairs further apart than twice their ideal distance do not push.
    let reach = 2.0 * (SPRING + 2.0 * big);
    let mut heat = SPRING * 2.0;
    let cool = (4.0f32 / heat).powf(1.0 / ROUNDS as f32);
    let mut push = vec![Pos::ZERO; n];
    for _ in 0..ROUNDS {
        push.fill(Pos::ZERO);
        repel(&at, &radius, reach, &mut push);
        for &(p, q) in springs {
            let d = at[q] - at[p];
            let len = d.length().max(1.0);
            let k = SPRING + radius[p] + radius[q];
            let f = d.scale(len / k);
            push[p] = push[p] + f;
            push[q] = push[q] - f;
        }
        let middle = at
            .iter()
            .fold(Pos::ZERO, |a, p| a + *p)
            .scale(1.0 / n as f32);
        for (p, f) in at.iter_mut().zip(&push) {
            let f = *f + (middle - *p).scale(0.02);
            let len = f.length();
            if len > 0.0 && len.is_finite() {
                *p = *p + f.scale(len.min(heat) / len);
            }
        }
        heat *= cool;
    }
    at
}

/// Adds the push of every pair closer than twice its ideal distance, found through a grid.
fn repel(at: &[Pos], radius: &[f32], reach: f32, push: &mut [Pos]) {
    use std::collections::HashMap;
    let cell = |p: Pos| ((p.x / reach).floor() as i64, (p.y / reach).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (k, p) in at.iter().enumerate() {
        grid.entry(cell(*p)).or_default().push(k);
    }
    for (k, p) in at.iter().enumerate() {
        let (cx, cy) = cell(*p);
        for x in cx - 1..=cx + 1 {
            for y in cy - 1..=cy + 1 {
                let Some(list) = grid.get(&(x, y)) else {
                    continue;
                };
                for &j in list {
                    if j == k {
                        continue;
                    }
                    let d = *p - at[j];
                    let len = d.length();
                    let ideal = SPRING + radius[k] + radius[j];
                    if len > 2.0 * ideal {
                        continue;
                    }
                    let f = if len < 1e-3 {
                        // Two boxes on one spot part in a fixed direction.
                        pos(if k < j { -1.0 } else { 1.0 }, 0.0).scale(ideal)
                    } else {
                        d.scale(ideal * ideal / (len * len))
                    };
                    push[k] = push[k] + f;
                }
            }
        }
    }
}
