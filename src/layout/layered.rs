//! Layered layout (Sugiyama style) with trust zones as compound clusters.
//!
//! 1. Ranks: links are oriented along the flow (a depth-first search turns back edges round),
//!    each node goes one rank after its latest predecessor, sources move up next to their
//!    first successor.
//! 2. Columns: every rank is a column (a row top to bottom), wide enough for its widest node.
//! 3. Order: every block (a zone, or the root) keeps its children (nodes and child zones) in one
//!    order. Children are packed in that order, each as high as the ones before it in the same
//!    columns allow (a skyline per block), so sibling boxes never overlap and every zone's box
//!    holds exactly its subtree: the picture cannot lie. Crossings are reduced by sweeping the
//!    ranks and sorting children by the median of their neighbours (a zone by the mean of its
//!    nodes), then exchanging neighbours in a column (two nodes, or whole zones) while that
//!    crosses fewer links, keeping the best order found (crossings counted exactly, for straight
//!    links between centres). The first order is a depth-first walk along the flow that starts
//!    the sources of one zone together.
//!
//! Cost: a sweep is `O((n + L) log n)` per rank (sorting, packing with a skyline, counting
//! crossings by merge sort), an exchange pass `O(L log L · d)` for zones nested `d` deep. At most
//! [`SWEEPS`] sweeps (fewer once [`PATIENCE`] sweeps in a row find nothing better), each with at
//! most [`TRANSPOSE_PASSES`] exchange passes, then at most [`FINAL_PASSES`] more: bounded, so the
//! whole is `O(ranks · (n + L) log n + L log L · d)` times a constant, plus the crossing counts
//! (one per sweep or pass, each `O(S log L)` for `S` links times the ranks they span), which
//! stop at [`COUNT_BUDGET`]: a graph whose links span hundreds of ranks sweeps fewer times.
//!
//! Everything is computed in flow coordinates: `u` along the flow, `v` across it.

use super::Direction;
use super::compound::{Child, Graph, tier};
use super::crossings::{count_layered, spanned_gaps};
use crate::scene::{Pos, Rect, pos};

/// Room between two columns, besides zone padding.
const COLUMN_GAP: f32 = 110.0;
/// Room between boxes stacked in a column.
const STACK_GAP: f32 = 36.0;
/// Boxes whose spans along the flow come this close share a stack.
const SPAN_MARGIN: f32 = 8.0;
/// Sweeps over the ranks (alternately down and up the flow).
const SWEEPS: usize = 24;
/// Sweeps in a row without a better order before the sweeping stops.
const PATIENCE: usize = 4;
/// Passes of adjacent exchanges after each sweep (each stops early when nothing improves), for
/// a thousand nodes; fewer for bigger models ([`TRANSPOSE_BUDGET`] nodes' worth), at least one.
const TRANSPOSE_PASSES: usize = 10;
/// Node passes of exchanges allowed after each sweep: 10 passes at 1,000 nodes, 2 at 5,000.
const TRANSPOSE_BUDGET: usize = 10_000;
/// Passes of exchanges alone after the sweeps, each kept only when it crosses less.
const FINAL_PASSES: usize = 12;
/// Up to this many ranks, a sweep reorders one rank at a time.
const MAX_RANKS_BY_RANK: usize = 24;
/// Links times the gaps between columns they span, summed over every crossing count of one
/// layout (each count works through its model's `crossings::spanned_gaps`): a few hundred
/// milliseconds of counting at most. Request flows stay far below it (a tiered 5,000-node model
/// spans about 15,000 gaps a count); a random graph forced into 1,400 ranks spans 3 million,
/// and then sweeps fewer times.
const COUNT_BUDGET: usize = 12_000_000;
/// Crossing counts allowed whatever the budget: the first order, one sweep, one exchange pass.
const MIN_COUNTS: usize = 3;

/// A box in flow coordinates.
#[derive(Debug, Clone, Copy)]
struct Span {
    u0: f32,
    u1: f32,
    v0: f32,
    v1: f32,
}

/// The working state of one layout.
struct Layered<'g, 'm> {
    g: &'g Graph<'m>,
    dir: Direction,
    rank: Vec<usize>,
    /// Edges oriented along the flow (lower rank first).
    flow: Vec<(usize, usize)>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    /// Centre of each column along the flow.
    column: Vec<f32>,
    /// Each node's box around its centre, in flow coordinates.
    rel: Vec<Span>,
    /// Blocks, children before parents, the root last.
    blocks: Vec<usize>,
    /// The first and last rank of the nodes inside each block (`None` for an empty one).
    spans: Vec<Option<(usize, usize)>>,
}

/// Lays out the graph; returns each node's centre.
pub(crate) fn lay_out(g: &Graph, dir: Direction, progress: &mut dyn FnMut(f32)) -> Vec<Pos> {
    if g.nodes.is_empty() {
        return Vec::new();
    }
    let l = Layered::new(g, dir);
    let mut order = l.initial_order();
    let mut v = l.pack(&order);
    let mut best = (l.crossings(&v), order.clone());
    let start = best.0;
    let spanned = spanned_gaps(&l.flow, &l.rank).max(1);
    let mut counts = (COUNT_BUDGET / spanned).max(MIN_COUNTS) - 1;
    let ranks = l.column.len();
    // Rank by rank while that is cheap; with many ranks (a mesh forced into layers) all ranks
    // move at once, so a sweep costs one packing instead of one per rank.
    let by_rank = ranks <= MAX_RANKS_BY_RANK;
    let members = l.block_members();
    let passes = (TRANSPOSE_BUDGET / g.nodes.len().max(1)).clamp(1, TRANSPOSE_PASSES);
    let ids: Vec<usize> = (0..g.nodes.len()).collect();
    let mut stale = 0;
    for sweep in 0..SWEEPS {
        if best.0 == 0 || counts == 0 {
            break;
        }
        counts -= 1;
        let down = sweep % 2 == 0;
        let seq: Vec<usize> = match (by_rank, down) {
            (false, _) => Vec::new(),
            (true, true) => (1..ranks).collect(),
            (true, false) => (0..ranks.saturating_sub(1)).rev().collect(),
        };
        for r in seq {
            l.reorder(&mut order, &v, Some(r), down);
            v = l.pack(&order);
        }
        if !by_rank {
            l.reorder(&mut order, &v, None, down);
            v = l.pack(&order);
        }
        for _ in 0..passes {
            if !l.transpose(&mut order, &v, (&members, &ids)) {
                break;
            }
            v = l.pack(&order);
        }
        let c = l.crossings(&v);
        if c < best.0 {
            best = (c, order.clone());
            stale = 0;
        } else {
            stale += 1;
            if stale == PATIENCE {
                break;
            }
        }
        progress((sweep + 1) as f32 / (SWEEPS + 1) as f32);
    }
    // Exchanges alone from the best order, while they still help.
    let mut order = best.1.clone();
    let mut v = l.pack(&order);
    for _ in 0..FINAL_PASSES {
        if best.0 == 0 || counts == 0 || !l.transpose(&mut order, &v, (&members, &ids)) {
            break;
        }
        counts -= 1;
        v = l.pack(&order);
        let c = l.crossings(&v);
        if c < best.0 {
            best = (c, order.clone());
        }
    }
    // A model laid out before keeps its order unless the new one is clearly better, so a small
    // edit moves little.
    let laid_out = g.stored.iter().all(Option::is_some);
    let keep_old = laid_out && best.0 * 10 > start * 9;
    let order = if keep_old { l.initial_order() } else { best.1 };
    let v = l.pack(&order);
    (0..g.nodes.len())
        .map(|i| l.to_xy(l.column[l.rank[i]], v[i]))
        .collect()
}

impl<'g, 'm> Layered<'g, 'm> {
    fn new(g: &'g Graph<'m>, dir: Direction) -> Self {
        let n = g.nodes.len();
        let (rank, flow) = ranks(g);
        let mut preds = vec![Vec::new(); n];
        let mut succs = vec![Vec::new(); n];
        for &(a, b) in &flow {
            succs[a].push(b);
            preds[b].push(a);
        }
        let mut l = Layered {
            g,
            dir,
            rank,
            flow,
            preds,
            succs,
            column: Vec::new(),
            rel: Vec::new(),
            blocks: g.blocks_inside_out(),
            spans: Vec::new(),
        };
        l.spans = l.block_spans();
        l.rel = g.rel.iter().map(|r| l.to_flow(*r)).collect();
        l.column = l.columns();
        l
    }

    /// A rectangle in flow coordinates.
    fn to_flow(&self, r: Rect) -> Span {
        match self.dir {
            Direction::LeftRight => Span {
                u0: r.min.x,
                u1: r.max.x,
                v0: r.min.y,
                v1: r.max.y,
            },
            Direction::TopBottom => Span {
                u0: r.min.y,
                u1: r.max.y,
                v0: r.min.x,
                v1: r.max.x,
            },
        }
    }

    /// A rectangle back in model coordinates.
    fn to_rect(&self, s: Span) -> Rect {
        let (a, b) = (self.to_xy(s.u0, s.v0), self.to_xy(s.u1, s.v1));
        Rect::from_min_max(a, b)
    }

    fn to_xy(&self, u: f32, v: f32) -> Pos {
        match self.dir {
            Direction::LeftRight => pos(u, v),
            Direction::TopBottom => pos(v, u),
        }
    }

    /// The centre of each column: wide enough for its widest node, with room for zone borders.
    fn columns(&self) -> Vec<f32> {
        let ranks = self.rank.iter().max().map_or(0, |m| m + 1);
        let mut half = vec![0.0f32; ranks];
        for (i, &r) in self.rank.iter().enumerate() {
            let s = self.rel[i];
            half[r] = half[r].max(s.u1.max(-s.u0));
        }
        let depth = self
            .g
            .tree
            .preorder()
            .iter()
            .map(|&(_, d)| d + 1)
            .max()
            .unwrap_or(0)
            .min(3);
        let gap = COLUMN_GAP + 2.0 * self.g.padding * depth as f32;
        let mut at = 0.0;
        let mut out = Vec::with_capacity(ranks);
        for h in half {
            out.push(at + h);
            at += 2.0 * h + gap;
        }
        out
    }

    /// The starting order: stored positions across the flow when every node has one (so a
    /// layout run again keeps its order), else a depth-first walk along the flow.
    fn initial_order(&self) -> Vec<Vec<Child>> {
        let g = self.g;
        let key: Vec<f32> = if g.stored.iter().all(Option::is_some) {
            g.stored
                .iter()
                .map(|p| {
                    let p = p.unwrap_or(Pos::ZERO);
                    match self.dir {
                        Direction::LeftRight => p.y,
                        Direction::TopBottom => p.x,
                    }
                })
                .collect()
        } else {
            self.walk_order()
        };
        let mut order = g.children.clone();
        self.sort_children(&mut order, &key);
        order
    }

    /// Each node's place in a depth-first walk from the sources along the flow.
    fn walk_order(&self) -> Vec<f32> {
        let n = self.g.nodes.len();
        let mut seen = vec![false; n];
        let mut key = vec![0.0; n];
        let mut next = 0.0;
        let mut starts: Vec<usize> = (0..n).collect();
        // Sources of one zone one after another, so a zone's nodes start out together.
        starts.sort_by_key(|&i| (self.rank[i], !self.preds[i].is_empty(), self.g.block_of[i]));
        let mut stack = Vec::new();
        for s in starts {
            if seen[s] {
                continue;
            }
            stack.push(s);
            while let Some(i) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                key[i] = next;
                next += 1.0;
                stack.extend(self.succs[i].iter().rev().filter(|&&j| !seen[j]));
            }
        }
        key
    }

    /// The first and last rank of the nodes inside each block, children before parents.
    fn block_spans(&self) -> Vec<Option<(usize, usize)>> {
        let g = self.g;
        let mut spans: Vec<Option<(usize, usize)>> = vec![None; g.children.len()];
        let join = |a: Option<(usize, usize)>, b: (usize, usize)| {
            Some(a.map_or(b, |a| (a.0.min(b.0), a.1.max(b.1))))
        };
        for (i, &b) in g.block_of.iter().enumerate() {
            spans[b] = join(spans[b], (self.rank[i], self.rank[i]));
        }
        for &b in &self.blocks {
            if let (Some(p), Some(s)) = (g.parent_block(b), spans[b]) {
                spans[p] = join(spans[p], s);
            }
        }
        spans
    }

    /// The ranks a child covers.
    fn child_span(&self, c: Child) -> Option<(usize, usize)> {
        match c {
            Child::Node(i) => Some((self.rank[i], self.rank[i])),
            Child::Zone(z) => self.spans[z],
        }
    }

    /// One pass of adjacent exchanges: two children of a block (nodes or whole zones) next to
    /// each other in every column they share change places when that crosses fewer of their
    /// links. Returns whether anything moved. Each pair costs a sort of the link ends inside
    /// it, so a pass is `O(L log L · depth)` for `L` links.
    fn transpose(
        &self,
        order: &mut [Vec<Child>],
        v: &[f32],
        (members, ids): (&[Vec<usize>], &[usize]),
    ) -> bool {
        let mut moved = false;
        let ranks = self.column.len();
        let mut column: Vec<Vec<usize>> = vec![Vec::new(); ranks];
        // The ends of each zone, worked out once a pass (`v` stays put during it).
        let mut cache: Vec<Option<Vec<End>>> = vec![None; members.len()];
        for list in order.iter_mut() {
            if list.len() < 2 {
                continue;
            }
            // Per rank, the places in the list of the children covering it, top to bottom.
            column.iter_mut().for_each(Vec::clear);
            for (k, c) in list.iter().enumerate() {
                if let Some((lo, hi)) = self.child_span(*c) {
                    for col in &mut column[lo..=hi] {
                        col.push(k);
                    }
                }
            }
            let mut done: std::collections::HashSet<(usize, usize)> = Default::default();
            for col in &column {
                for w in col.windows(2) {
                    let (k1, k2) = (w[0], w[1]);
                    if !done.insert((k1, k2)) {
                        continue;
                    }
                    let (x, y) = (list[k1], list[k2]);
                    let (Some(sx), Some(sy)) = (self.child_span(x), self.child_span(y)) else {
                        continue;
                    };
                    // Nothing between them in the list may share a column with either.
                    let clear = k2 - k1 < 64
                        && list[k1 + 1..k2].iter().all(|c| {
                            self.child_span(*c).is_none_or(|s| {
                                (s.1 < sx.0 || s.0 > sx.1) && (s.1 < sy.0 || s.0 > sy.1)
                            })
                        });
                    if !clear {
                        continue;
                    }
                    for c in [x, y] {
                        if let Child::Zone(z) = c
                            && cache[z].is_none()
                        {
                            cache[z] = Some(self.ends(&members[z], v));
                        }
                    }
                    let (own_x, own_y);
                    let ex: &[End] = match x {
                        Child::Zone(z) => cache[z].as_deref().unwrap_or(&[]),
                        Child::Node(i) => {
                            own_x = self.ends(&ids[i..=i], v);
                            &own_x
                        }
                    };
                    let ey: &[End] = match y {
                        Child::Zone(z) => cache[z].as_deref().unwrap_or(&[]),
                        Child::Node(i) => {
                            own_y = self.ends(&ids[i..=i], v);
                            &own_y
                        }
                    };
                    if unit_crossings(ey, ex) < unit_crossings(ex, ey) {
                        list.swap(k1, k2);
                        moved = true;
                    }
                }
            }
        }
        moved
    }

    /// The far ends of the links of some nodes, as (rank of the near end, whether the link goes
    /// on along the flow, far end's place across), sorted.
    fn ends(&self, nodes: &[usize], v: &[f32]) -> Vec<End> {
        let mut out: Vec<End> = Vec::new();
        for &i in nodes {
            let r = self.rank[i];
            out.extend(self.preds[i].iter().map(|&j| (r, false, v[j])));
            out.extend(self.succs[i].iter().map(|&j| (r, true, v[j])));
        }
        out.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        out
    }

    /// Every node inside each block (zones only; the root's list is not needed).
    fn block_members(&self) -> Vec<Vec<usize>> {
        let g = self.g;
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); g.root()];
        for (i, &b) in g.block_of.iter().enumerate() {
            if b < g.root() {
                members[b].push(i);
            }
        }
        for &b in &self.blocks {
            if let Some(p) = g.parent_block(b).filter(|&p| p < g.root()) {
                let inner = members[b].clone();
                members[p].extend(inner);
            }
        }
        members
    }

    /// Sorts every block's children by the mean key of the nodes inside them.
    fn sort_children(&self, order: &mut [Vec<Child>], key: &[f32]) {
        let g = self.g;
        let mut sum = vec![0.0f64; g.children.len()];
        let mut count = vec![0usize; g.children.len()];
        for (i, &b) in g.block_of.iter().enumerate() {
            sum[b] += f64::from(key[i]);
            count[b] += 1;
        }
        for &b in &self.blocks {
            if let Some(p) = g.parent_block(b) {
                sum[p] += sum[b];
                count[p] += count[b];
            }
        }
        let child_key = |c: &Child| match *c {
            Child::Node(i) => f64::from(key[i]),
            Child::Zone(z) if count[z] > 0 => sum[z] / count[z] as f64,
            Child::Zone(_) => f64::MAX,
        };
        for list in order.iter_mut() {
            list.sort_by(|a, b| child_key(a).total_cmp(&child_key(b)));
        }
    }

    /// One step of a sweep: nodes in rank `r` (every node when `None`) move to the barycentre
    /// of their neighbours before (`down`) or after them in the flow; the rest keep their place.
    fn reorder(&self, order: &mut [Vec<Child>], v: &[f32], r: Option<usize>, down: bool) {
        let key: Vec<f32> = (0..v.len())
            .map(|i| {
                if r.is_some_and(|r| self.rank[i] != r) {
                    return v[i];
                }
                let side = if down { &self.preds[i] } else { &self.succs[i] };
                let near = if side.is_empty() {
                    if r.is_some() {
                        return v[i];
                    }
                    if down { &self.succs[i] } else { &self.preds[i] }
                } else {
                    side
                };
                if near.is_empty() {
                    return v[i];
                }
                median(near.iter().map(|&j| v[j]).collect())
            })
            .collect();
        self.sort_children(order, &key);
    }

    /// Packs every block in its order; returns each node's centre across the flow.
    fn pack(&self, order: &[Vec<Child>]) -> Vec<f32> {
        let g = self.g;
        let blocks = g.children.len();
        // Each zone's box in its own frame: contents from v = 0, the frame above that.
        let mut local: Vec<Option<Span>> = vec![None; blocks];
        let mut offsets: Vec<Vec<f32>> = vec![Vec::new(); blocks];
        for &b in &self.blocks {
            let mut sky = Skyline::new();
            let mut content: Option<Span> = None;
            let mut offs = Vec::with_capacity(order[b].len());
            for child in &order[b] {
                let span = match *child {
                    Child::Node(i) => {
                        let c = self.column[self.rank[i]];
                        let r = self.rel[i];
                        Some(Span {
                            u0: c + r.u0,
                            u1: c + r.u1,
                            v0: 0.0,
                            v1: r.v1 - r.v0,
                        })
                    }
                    Child::Zone(z) => local[z],
                };
                let Some(s) = span else {
                    offs.push(0.0);
                    continue;
                };
                let (a, bnd) = (s.u0 - SPAN_MARGIN, s.u1 + SPAN_MARGIN);
                let top = match sky.highest(a, bnd) {
                    Some(h) => h + STACK_GAP,
                    None => 0.0,
                };
                let h = s.v1 - s.v0;
                sky.raise(a, bnd, top + h);
                offs.push(top);
                let placed = Span {
                    v0: top,
                    v1: top + h,
                    ..s
                };
                content = Some(match content {
                    Some(c) => Span {
                        u0: c.u0.min(placed.u0),
                        u1: c.u1.max(placed.u1),
                        v0: c.v0.min(placed.v0),
                        v1: c.v1.max(placed.v1),
                    },
                    None => placed,
                });
            }
            offsets[b] = offs;
            if b < g.root() {
                local[b] = content.map(|c| {
                    let framed = self.to_flow(g.frame(b, self.to_rect(c)));
                    // Measured from the frame's top edge, as a parent stacks it.
                    Span {
                        v0: 0.0,
                        v1: framed.v1 - framed.v0,
                        ..framed
                    }
                });
                // Where the contents start below the frame's top edge.
                if let Some(c) = content {
                    let framed = self.to_flow(g.frame(b, self.to_rect(c)));
                    let inset = c.v0 - framed.v0;
                    for o in &mut offsets[b] {
                        *o += inset;
                    }
                }
            }
        }
        // Down from the root: each block's top, then each node's centre.
        let mut top = vec![0.0f32; blocks];
        let mut v = vec![0.0f32; g.nodes.len()];
        for &b in self.blocks.iter().rev() {
            for (child, off) in order[b].iter().zip(&offsets[b]) {
                match *child {
                    Child::Node(i) => v[i] = top[b] + off - self.rel[i].v0,
                    Child::Zone(z) => top[z] = top[b] + off,
                }
            }
        }
        v
    }

    /// Crossings of straight links between node centres.
    fn crossings(&self, v: &[f32]) -> u64 {
        let at: Vec<(f32, f32)> = (0..v.len())
            .map(|i| (self.column[self.rank[i]], v[i]))
            .collect();
        count_layered(&self.column, &self.flow, &at, &self.rank)
    }
}

/// A link end seen from a node: its rank, whether the link leaves along the flow, and the
/// place across the flow of the node at the other end.
type End = (usize, bool, f32);

/// Crossings between the links of the nodes above and those of the nodes below, given their
/// sorted far ends (see `Layered::ends`), when all of the first sit over all of the second: per
/// rank and side, pairs of ends out of order. `O(b log a)`.
fn unit_crossings(above: &[End], below: &[End]) -> u64 {
    let mut total = 0u64;
    for &(r, side, q) in below {
        let lo = above.partition_point(|e| (e.0, e.1) < (r, side));
        let hi = above.partition_point(|e| (e.0, e.1) <= (r, side));
        let not_above = above[lo..hi].partition_point(|e| e.2 <= q);
        total += (hi - lo - not_above) as u64;
    }
    total
}

/// The median of some values (the mean of the middle two for an even count).
fn median(mut values: Vec<f32>) -> f32 {
    values.sort_by(f32::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Ranks along the flow, and the links oriented so each goes to a later rank.
fn ranks(g: &Graph) -> (Vec<usize>, Vec<(usize, usize)>) {
    let n = g.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &g.edges {
        out[a].push(b);
    }
    // Depth-first from people and clients, so back edges point against the usual flow.
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by_key(|&i| tier(&g.nodes[i].kind));
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut flow = Vec::with_capacity(g.edges.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for s in starts {
        if state[s] != 0 {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if let Some(&j) = out[i].get(*next) {
                *next += 1;
                match state[j] {
                    0 => {
                        flow.push((i, j));
                        state[j] = 1;
                        stack.push((j, 0));
                    }
                    1 => flow.push((j, i)),
                    _ => flow.push((i, j)),
                }
            } else {
                state[i] = 2;
                stack.pop();
            }
        }
    }
    flow.sort_unstable();
    flow.dedup();
    // Longest path in topological order.
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &flow {
        indeg[b] += 1;
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut rank = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(i) = queue.pop() {
        topo.push(i);
        for &j in &succ[i] {
            rank[j] = rank[j].max(rank[i] + 1);
            indeg[j] -= 1;
            if indeg[j] == 0 {
                queue.push(j);
            }
        }
    }
    // Sources sit just before their first successor; lone nodes by kind.
    let max_rank = rank.iter().copied().max().unwrap_or(0);
    for &i in topo.iter().rev() {
        if pred[i].is_empty() {
            rank[i] = match succ[i].iter().map(|&j| rank[j]).min() {
                Some(m) => m.saturating_sub(1),
                None => tier(&g.nodes[i].kind).min(max_rank),
            };
        }
    }
    // Drop empty ranks.
    let mut used = vec![false; max_rank + 1];
    for &r in &rank {
        used[r] = true;
    }
    let mut dense = vec![0usize; max_rank + 1];
    let mut k = 0;
    for r in 0..=max_rank {
        dense[r] = k;
        if used[r] {
            k += 1;
        }
    }
    for r in &mut rank {
        *r = dense[*r];
    }
    (rank, flow)
}

/// The highest edge reached so far along the flow: piecewise constant, as sorted breakpoints.
struct Skyline {
    /// Segment `k` covers `[starts[k], starts[k + 1])`.
    starts: Vec<f32>,
    heights: Vec<Option<f32>>,
}

impl Skyline {
    fn new() -> Self {
        Skyline {
            starts: vec![f32::NEG_INFINITY],
            heights: vec![None],
        }
    }

    fn segment(&self, u: f32) -> usize {
        self.starts.partition_point(|&s| s <= u).saturating_sub(1)
    }

    /// The highest edge over `[a, b)`, if anything is there.
    fn highest(&self, a: f32, b: f32) -> Option<f32> {
        let mut best: Option<f32> = None;
        let mut k = self.segment(a);
        while k < self.starts.len() && self.starts[k] < b {
            if let Some(h) = self.heights[k] {
                best = Some(best.map_or(h, |x| x.max(h)));
            }
            k += 1;
        }
        best
    }

    /// Sets the edge over `[a, b)` to `h` (at least as high as what was there).
    fn raise(&mut self, a: f32, b: f32, h: f32) {
        let after = self.heights[self.segment(b)];
        let first = self.starts.partition_point(|&s| s < a);
        let last = self.starts.partition_point(|&s| s <= b);
        let tail_at_b = self
            .starts
            .get(last.wrapping_sub(1))
            .is_some_and(|&s| s == b);
        let mut new_starts = vec![a];
        let mut new_heights = vec![Some(h)];
        if !tail_at_b {
            new_starts.push(b);
            new_heights.push(after);
        }
        let end = if tail_at_b { last - 1 } else { last };
        self.starts.splice(first..end, new_starts);
        self.heights.splice(first..end, new_heights);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::synthetic::{Shape, model};

    #[test]
    fn sweeps_and_exchanges_cross_far_less_than_the_first_order() {
        for (shape, seed) in [(Shape::Tiers, 11), (Shape::Random, 12)] {
            let m = model(shape, 300, 600, 15, seed);
            let g = Graph::new(&m);
            let l = Layered::new(&g, Direction::LeftRight);
            let first = l.crossings(&l.pack(&l.initial_order()));
            let v: Vec<f32> = lay_out(&g, Direction::LeftRight, &mut |_| {})
                .iter()
                .map(|p| p.y)
                .collect();
            let last = l.crossings(&v);
            assert!(last * 10 < first * 9, "{shape:?}: {first} → {last}");
        }
    }

    #[test]
    fn a_zone_makes_way_so_nothing_crosses() {
        // Zones a and b each hold a client and a server, c calls s and a's server: the first
        // order puts c below b, so c → a2 crosses b1 → b2; the sweeps find an order without.
        use crate::model::{Link, Model, Node, NodeKind, TrustZone, ZoneKind};
        let mut m = Model::new("crosswise");
        for z in ["za", "zb"] {
            m.zones.push(TrustZone::new(z, z, ZoneKind::Internal, 1));
        }
        let kinds = NodeKind::all_defaults();
        for (id, kind, zone) in [
            ("a1", 0, Some("za")),
            ("a2", 1, Some("za")),
            ("b1", 0, Some("zb")),
            ("b2", 1, Some("zb")),
            ("c", 0, None),
            ("s", 1, None),
        ] {
            let mut n = Node::new(id, id, kinds[kind].clone());
            n.zone = zone.map(str::to_owned);
            m.add_node(n).unwrap();
        }
        for (k, (from, to)) in [("a1", "a2"), ("b1", "b2"), ("c", "s"), ("c", "a2")]
            .into_iter()
            .enumerate()
        {
            m.add_link(Link::new(format!("l{k}"), from, to)).unwrap();
        }
        let g = Graph::new(&m);
        let l = Layered::new(&g, Direction::LeftRight);
        assert!(l.crossings(&l.pack(&l.initial_order())) > 0);
        let v: Vec<f32> = lay_out(&g, Direction::LeftRight, &mut |_| {})
            .iter()
            .map(|p| p.y)
            .collect();
        assert_eq!(l.crossings(&v), 0);
    }

    #[test]
    fn unit_crossings_counts_pairs_of_ends_out_of_order() {
        // Above: ends at 5 and 1 going on along the flow from rank 0; below: ends at 3 and 0.
        let above = [(0, true, 1.0), (0, true, 5.0)];
        let below = [(0, true, 0.0), (0, true, 3.0)];
        // 5 > 3, 5 > 0, 1 > 0: three pairs cross when `above` sits over `below`.
        assert_eq!(unit_crossings(&above, &below), 3);
        assert_eq!(unit_crossings(&below, &above), 1);
        // Ends on the other side or in another rank never meet.
        assert_eq!(
            unit_crossings(&above, &[(0, false, 0.0), (1, true, 0.0)]),
            0
        );
    }

    #[test]
    fn the_skyline_stacks_what_overlaps_and_nothing_else() {
        let mut s = Skyline::new();
        assert_eq!(s.highest(0.0, 10.0), None);
        s.raise(0.0, 10.0, 5.0);
        s.raise(20.0, 30.0, 7.0);
        assert_eq!(s.highest(0.0, 10.0), Some(5.0));
        assert_eq!(s.highest(10.0, 20.0), None);
        assert_eq!(s.highest(5.0, 25.0), Some(7.0));
        s.raise(5.0, 25.0, 9.0);
        assert_eq!(s.highest(0.0, 4.0), Some(5.0));
        assert_eq!(s.highest(26.0, 27.0), Some(7.0));
        assert_eq!(s.highest(30.0, 40.0), None);
        s.raise(0.0, 30.0, 11.0);
        assert_eq!(s.highest(-5.0, 50.0), Some(11.0));
        assert_eq!(s.highest(30.0, 50.0), None);
    }
}
