//! Moving boxes apart: boxes are placed one after another, each where it is when that spot is
//! free, else at the nearest free spot beside the boxes in its way.
//!
//! This is what keeps trust zones honest: siblings in the zone tree are separated so no zone's
//! box covers a node or zone that is not inside it. Boxes marked `solid` (zones) may touch
//! nothing; two boxes that are not solid (nodes) may overlap each other, which is no lie.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet};

use crate::scene::{Pos, Rect, pos};

/// Side of a cell of the grid that finds boxes near a point.
const CELL: f32 = 256.0;
/// Boxes covering more cells than this are checked against everything instead.
const MAX_CELLS: i64 = 256;
/// How many candidate spots are tried before a box goes below everything placed.
const TRIES: usize = 96;

/// A box to separate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block {
    /// Where the box is.
    pub rect: Rect,
    /// Whether no other box may touch it (a zone); two non-solid boxes may overlap.
    pub solid: bool,
}

/// Moves blocks apart so that no solid block intersects another block, keeping `gap` between
/// the boxes it moves. Blocks are placed in the order given by `order` (indices into `blocks`):
/// earlier ones keep their place, later ones move as little as they can. Returns each block's
/// offset (zero for blocks that stay).
pub(crate) fn separate(blocks: &[Block], order: &[usize], gap: f32) -> Vec<Pos> {
    let mut offsets = vec![Pos::ZERO; blocks.len()];
    let mut placed = Placed::new(blocks.len());
    for &i in order {
        let Some(block) = blocks.get(i) else { continue };
        if block.rect.is_empty() {
            continue;
        }
        let off = placed.free_spot(block, gap);
        offsets[i] = off;
        placed.add(shifted(block.rect, off), block.solid);
    }
    offsets
}

/// `r` moved by `d`.
pub(crate) fn shifted(r: Rect, d: Pos) -> Rect {
    Rect::from_min_max(r.min + d, r.max + d)
}

/// The boxes placed so far, on a grid for finding those near a spot.
struct Placed {
    rects: Vec<(Rect, bool)>,
    grid: HashMap<(i64, i64), Vec<usize>>,
    /// Boxes too big for the grid.
    big: Vec<usize>,
    /// Marks for skipping a box seen twice in one query.
    seen: Vec<u32>,
    stamp: u32,
    /// The lowest edge of everything placed.
    bottom: f32,
}

impl Placed {
    fn new(capacity: usize) -> Self {
        Placed {
            rects: Vec::with_capacity(capacity),
            grid: HashMap::new(),
            big: Vec::new(),
            seen: Vec::with_capacity(capacity),
            stamp: 0,
            bottom: f32::NEG_INFINITY,
        }
    }

    fn cells(r: Rect) -> Option<(i64, i64, i64, i64)> {
        let c = |v: f32| (v / CELL).floor() as i64;
        let (x0, y0, x1, y1) = (c(r.min.x), c(r.min.y), c(r.max.x), c(r.max.y));
        ((x1 - x0 + 1) * (y1 - y0 + 1) <= MAX_CELLS).then_some((x0, y0, x1, y1))
    }

    fn add(&mut self, r: Rect, solid: bool) {
        let k = self.rects.len();
        self.rects.push((r, solid));
        self.seen.push(0);
        self.bottom = self.bottom.max(r.max.y);
        match Self::cells(r) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        self.grid.entry((x, y)).or_default().push(k);
                    }
                }
            }
            None => self.big.push(k),
        }
    }

    /// The placed boxes that `r` may not touch.
    fn in_the_way(&mut self, r: Rect, solid: bool, out: &mut Vec<usize>) {
        out.clear();
        self.stamp = self.stamp.wrapping_add(1);
        let stamp = self.stamp;
        let mut check = |k: usize, seen: &mut [u32]| {
            if seen[k] == stamp {
                return;
            }
            seen[k] = stamp;
            let (other, other_solid) = self.rects[k];
            if (solid || other_solid) && other.intersects(&r) {
                out.push(k);
            }
        };
        for &k in &self.big {
            check(k, &mut self.seen);
        }
        match Self::cells(r) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        if let Some(list) = self.grid.get(&(x, y)) {
                            for &k in list {
                                check(k, &mut self.seen);
                            }
                        }
                    }
                }
            }
            None => {
                for k in 0..self.rects.len() {
                    check(k, &mut self.seen);
                }
            }
        }
        out.sort_unstable();
    }

    /// The smallest offset (tried nearest first) that puts the block where nothing is in its way.
    fn free_spot(&mut self, block: &Block, gap: f32) -> Pos {
        let mut hits = Vec::new();
        self.in_the_way(block.rect, block.solid, &mut hits);
        if hits.is_empty() {
            return Pos::ZERO;
        }
        let mut search = Search {
            rect: block.rect,
            gap,
            queue: BinaryHeap::new(),
            tried: HashSet::new(),
            seq: 0,
        };
        search.beside(&self.rects, Pos::ZERO, &hits);
        for _ in 0..TRIES {
            let Some(Reverse(c)) = search.queue.pop() else {
                break;
            };
            self.in_the_way(shifted(block.rect, c.off), block.solid, &mut hits);
            if hits.is_empty() {
                return c.off;
            }
            search.beside(&self.rects, c.off, &hits);
        }
        // Below everything placed there is always room.
        pos(0.0, self.bottom + gap - block.rect.min.y)
    }
}

/// The spots tried for one block, nearest first.
struct Search {
    rect: Rect,
    gap: f32,
    queue: BinaryHeap<Reverse<Candidate>>,
    tried: HashSet<(i64, i64)>,
    seq: u32,
}

impl Search {
    /// Queues the spots just beside each box in the way of the block moved by `off`.
    fn beside(&mut self, rects: &[(Rect, bool)], off: Pos, hits: &[usize]) {
        let r = shifted(self.rect, off);
        let gap = self.gap;
        for &k in hits {
            let q = rects[k].0;
            for d in [
                pos(q.min.x - gap - r.max.x, 0.0),
                pos(q.max.x + gap - r.min.x, 0.0),
                pos(0.0, q.min.y - gap - r.max.y),
                pos(0.0, q.max.y + gap - r.min.y),
            ] {
                let next = off + d;
                let key = ((next.x * 4.0).round() as i64, (next.y * 4.0).round() as i64);
                if next.x.is_finite() && next.y.is_finite() && self.tried.insert(key) {
                    self.seq += 1;
                    self.queue.push(Reverse(Candidate {
                        dist: next.length(),
                        seq: self.seq,
                        off: next,
                    }));
                }
            }
        }
    }
}

/// A spot to try, nearest first (then in the order found, so results are deterministic).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    dist: f32,
    seq: u32,
    off: Pos,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dist
            .total_cmp(&other.dist)
            .then(self.seq.cmp(&other.seq))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(x: f32, y: f32, w: f32, h: f32, solid: bool) -> Block {
        Block {
            rect: Rect::from_min_max(pos(x, y), pos(x + w, y + h)),
            solid,
        }
    }

    fn moved(blocks: &[Block], offsets: &[Pos]) -> Vec<Block> {
        blocks
            .iter()
            .zip(offsets)
            .map(|(b, o)| Block {
                rect: shifted(b.rect, *o),
                ..*b
            })
            .collect()
    }

    #[test]
    fn a_node_inside_a_zone_moves_to_the_nearest_side() {
        let blocks = [
            block(0.0, 0.0, 400.0, 200.0, true),
            block(350.0, 80.0, 100.0, 40.0, false),
        ];
        let off = separate(&blocks, &[0, 1], 10.0);
        assert_eq!(off[0], Pos::ZERO);
        // Out through the right side: 60 units plus the gap.
        assert_eq!(off[1], pos(60.0, 0.0));
    }

    #[test]
    fn nodes_may_overlap_nodes_but_nothing_touches_a_zone() {
        let blocks: Vec<Block> = (0..30)
            .map(|i| {
                let f = i as f32;
                block(f * 37.0 % 300.0, f * 53.0 % 250.0, 90.0, 40.0, i % 3 == 0)
            })
            .collect();
        let order: Vec<usize> = (0..blocks.len()).collect();
        let after = moved(&blocks, &separate(&blocks, &order, 4.0));
        for (i, a) in after.iter().enumerate() {
            for b in &after[i + 1..] {
                if a.solid || b.solid {
                    assert!(!a.rect.intersects(&b.rect), "{a:?} touches {b:?}");
                }
            }
        }
    }

    #[test]
    fn free_blocks_keep_their_place() {
        let blocks = [
            block(0.0, 0.0, 10.0, 10.0, true),
            block(50.0, 0.0, 10.0, 10.0, true),
        ];
        assert_eq!(separate(&blocks, &[1, 0], 5.0), vec![Pos::ZERO; 2]);
    }
}
