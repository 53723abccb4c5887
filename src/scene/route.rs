//! Routing links around trust zones: a link's line crosses the border of exactly the zones it
//! leaves or enters (those holding one end and not the other), each once, and no other.
//!
//! A straight line is kept when it already does. Otherwise the line bends at corners just off
//! the boxes in its way: a shortest path (A*, with a small cost per bend) over the corners of
//! the zones near the link, where a leg may not touch a zone the link does not leave or enter,
//! may not come back into a zone it has left, nor leave one it has entered; every bend lies
//! inside the innermost zone holding both ends, so the line never leaves it.
//!
//! Only zones meeting a window around the two ends are looked at first; when no route is found
//! there, the window grows to hold the whole of every box it met (a detour round a tall zone
//! leaves the window of the ends), and then to everything. The window a route was found in is
//! returned: a route changes only when a zone box meeting its window moves, which is what lets
//! a scene follow a drag without a full build.
//!
//! Searches are bounded by work, counted in steps of about the same cost (a leg tested against
//! one box, a leg taken off or put on the heap): each search by [`MAX_SEARCH_WORK`], the
//! searches of one build together by [`ROUTE_BUDGET`].

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::geom::{Pos, Rect, pos};

/// How far around the two ends zones are looked at first.
const WINDOW: f32 = 240.0;
/// How far off a box's corner a bend sits.
const OFFSET: f32 = 14.0;
/// How close a leg may pass a box it must not touch.
const CLEAR: f32 = 4.0;
/// What a bend costs, in model units of length: fewer bends read better.
const BEND: f32 = 40.0;
/// How much more the distance still to go weighs than the distance gone, in the order a search
/// tries legs in a model of more than [`EXACT_UP_TO`] zones. Above 1 the search heads for the
/// end and looks at far fewer legs; the route it finds is at most this many times longer than
/// the shortest. At 5,000 tiered nodes, 2 routed every link in an eighth of the time 1 took.
const GREED: f32 = 2.0;
/// Models with at most this many zones get the shortest routes: their searches are cheap anyway,
/// and they are the models drawn by hand. (Deciding by the model, not by each search, keeps a
/// route the same whenever its zones are: scenes reuse routes on that promise.)
const EXACT_UP_TO: usize = 24;
/// Most work one search may do before it gives up (a hostile model cannot stall a build). Work
/// is counted in steps of about the same cost: testing a leg against one box, taking a leg off
/// the heap, putting one on it.
const MAX_SEARCH_WORK: usize = 400_000;
/// Most work (as [`MAX_SEARCH_WORK`] counts it) the searches of one scene build (or one
/// redraw) may do in all: about 0.3 s of one core here. It routes every link of 1,000 nodes in
/// 50 zones (tiered, random or mesh links; whole scenes of 25–120 ms) and of 5,000 tiered nodes
/// in 250 zones (a 0.4 s scene); 5,000 nodes with random links across 250 zones would take
/// 2.7 s to route whole. Once a search finds too little left, the budget is spent: that link and
/// every later one that cannot go straight is drawn straight, as when no way round is found.
pub(crate) const ROUTE_BUDGET: usize = 60_000_000;

/// The rectangle that meets every other.
pub(crate) const EVERYWHERE: Rect = Rect {
    min: pos(f32::NEG_INFINITY, f32::NEG_INFINITY),
    max: pos(f32::INFINITY, f32::INFINITY),
};

/// The zones as a link router sees them.
pub(crate) struct Zones<'a> {
    /// The parent of each zone.
    pub parent: &'a [Option<usize>],
    /// The box of each zone.
    pub rects: &'a [Option<Rect>],
}

/// A link's route.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Routed {
    /// Where the line bends, in order from start to end.
    pub bends: Vec<Pos>,
    /// The zones whose boxes meet this window are all the route depends on.
    pub window: Rect,
    /// Whether the budget stopped a search: with more budget left the route could differ.
    pub cut: bool,
}

/// The bends of a link from `a` (in zone `za`) to `b` (in zone `zb`), and the window of zones
/// the route depends on. Given the same zones, ends and enough budget (what it took this time,
/// when not `cut`), the result is the same: scenes reuse routes on that promise.
pub(crate) fn route(
    zones: &Zones,
    (za, a): (Option<usize>, Pos),
    (zb, b): (Option<usize>, Pos),
    budget: &std::cell::Cell<usize>,
) -> Routed {
    let cut = std::cell::Cell::new(false);
    let routed = |bends: Vec<Pos>, window: Rect| Routed {
        bends,
        window,
        cut: cut.get(),
    };
    let chain = |z: Option<usize>| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut at = z;
        // The zone tree is cycle-free; the bound only guards against a broken parent table.
        while let Some(z) = at.filter(|_| out.len() <= zones.parent.len()) {
            out.push(z);
            at = zones.parent.get(z).copied().flatten();
        }
        out
    };
    let (from, to) = (chain(za), chain(zb));
    let rect = |z: usize| zones.rects.get(z).copied().flatten();
    let inner = from.iter().find(|z| to.contains(z)).and_then(|&z| rect(z));
    let leave: Vec<Rect> = from
        .iter()
        .filter(|z| !to.contains(z))
        .filter_map(|&z| rect(z))
        .collect();
    let enter: Vec<Rect> = to
        .iter()
        .filter(|z| !from.contains(z))
        .filter_map(|&z| rect(z))
        .collect();
    let near = Rect::from_min_max(a, a).include(b).expand(WINDOW);
    let mut window = near;
    loop {
        let blocks: Vec<Rect> = zones
            .rects
            .iter()
            .enumerate()
            // Zones inside a zone in the way are in the way too: only the outermost count.
            .filter(|(z, _)| {
                let ours = |z: &usize| from.contains(z) || to.contains(z);
                !ours(z)
                    && zones
                        .parent
                        .get(*z)
                        .copied()
                        .flatten()
                        .is_none_or(|p| ours(&p))
            })
            .filter_map(|(_, r)| *r)
            .filter(|r| r.intersects(&window))
            .collect();
        // Grown once here, not for every corner and leg tested against them.
        let grown = |rs: &[Rect]| -> Vec<Rect> { rs.iter().map(|r| r.expand(CLEAR)).collect() };
        let (blocks_grown, leave_grown, enter_grown) =
            (grown(&blocks), grown(&leave), grown(&enter));
        let legs = Legs {
            blocks: &blocks_grown,
            leave: (&leave, &leave_grown),
            enter: (&enter, &enter_grown),
            budget,
            cut: &cut,
            greed: if zones.rects.len() <= EXACT_UP_TO {
                1.0
            } else {
                GREED
            },
        };
        if legs.allowed(a, b) {
            return routed(Vec::new(), near);
        }
        if budget.get() == 0 {
            // Spent: no search would start, so none is prepared (the line stays straight).
            cut.set(true);
            break;
        }
        let leave_near: Vec<Rect> = leave
            .iter()
            .copied()
            .filter(|r| r.intersects(&window))
            .collect();
        let enter_near: Vec<Rect> = enter
            .iter()
            .copied()
            .filter(|r| r.intersects(&window))
            .collect();
        let corners: Vec<Pos> = blocks
            .iter()
            .chain(&leave_near)
            .chain(&enter_near)
            .flat_map(corners)
            // Bends inside the window keep every leg in it, so no zone outside it matters.
            .filter(|p| window.contains(*p))
            .filter(|p| inner.is_none_or(|r| strictly_inside(&r, *p)))
            .filter(|p| !blocks_grown.iter().any(|r| r.contains(*p)))
            .collect();
        if let Some(bends) = legs.search(a, b, &corners) {
            return routed(bends, window);
        }
        if window == EVERYWHERE || budget.get() == 0 {
            break;
        }
        // Next, the whole of every box in this window, with room to go round them (a detour
        // round a tall zone leaves the window of the ends); then everything.
        let whole = blocks
            .iter()
            .chain(&leave)
            .chain(&enter)
            .fold(window, |w, r| w.union(*r))
            .expand(WINDOW);
        window = if window == near && whole != near {
            whole
        } else {
            EVERYWHERE
        };
    }
    // No way round (a model whose boxes overlap): the straight line, redrawn on any change.
    routed(Vec::new(), EVERYWHERE)
}

/// The four points just off a box's corners.
fn corners(r: &Rect) -> [Pos; 4] {
    let (x0, y0) = (r.min.x - OFFSET, r.min.y - OFFSET);
    let (x1, y1) = (r.max.x + OFFSET, r.max.y + OFFSET);
    [pos(x0, y0), pos(x1, y0), pos(x1, y1), pos(x0, y1)]
}

fn strictly_inside(r: &Rect, p: Pos) -> bool {
    p.x > r.min.x && p.x < r.max.x && p.y > r.min.y && p.y < r.max.y
}

/// What a leg of a route may do.
struct Legs<'a> {
    /// Zones the link neither leaves nor enters, grown by [`CLEAR`].
    blocks: &'a [Rect],
    /// Zones holding the start only, as they are and grown by [`CLEAR`].
    leave: (&'a [Rect], &'a [Rect]),
    /// Zones holding the end only, as they are and grown by [`CLEAR`].
    enter: (&'a [Rect], &'a [Rect]),
    /// Candidate legs the scene may still weigh (see [`ROUTE_BUDGET`]).
    budget: &'a std::cell::Cell<usize>,
    /// Set when the budget stops a search.
    cut: &'a std::cell::Cell<bool>,
    /// How much the distance left weighs (1 for the shortest route, else [`GREED`]).
    greed: f32,
}

impl Legs<'_> {
    /// Whether the leg from `p` to `q` touches no zone it must not, comes back into no zone the
    /// link leaves, and leaves no zone it enters.
    fn allowed(&self, p: Pos, q: Pos) -> bool {
        let touches = |grown: &Rect| segment_meets(p, q, grown);
        let (leave, leave_grown) = self.leave;
        let (enter, enter_grown) = self.enter;
        !self.blocks.iter().any(touches)
            && !leave
                .iter()
                .zip(leave_grown)
                .any(|(r, g)| !r.contains(p) && touches(g))
            && !enter
                .iter()
                .zip(enter_grown)
                .any(|(r, g)| !r.contains(q) && touches(g))
    }

    /// The bends of a short route from `a` to `b` through some of `corners`: the shortest in a
    /// model of few zones, else one at most [`GREED`] times as long. Legs are checked only when the
    /// search reaches them (lazily), most promising first.
    fn search(&self, a: Pos, b: Pos, corners: &[Pos]) -> Option<Vec<Pos>> {
        // Points: 0 is `a`, 1 is `b`, then the corners; what is left to go from each, weighted.
        let points: Vec<Pos> = [a, b].into_iter().chain(corners.iter().copied()).collect();
        let at = |k: usize| points[k];
        let n = points.len();
        let to_go: Vec<f32> = points.iter().map(|&q| self.greed * q.distance(b)).collect();
        let mut from = vec![usize::MAX; n];
        let mut done = vec![false; n];
        let mut open = BinaryHeap::new();
        open.push(Open {
            estimate: to_go[0],
            cost: 0.0,
            point: 0,
            from: usize::MAX,
        });
        // A leg is tested against every box it must not touch, or must not leave or re-enter.
        let test = 1 + self.blocks.len() + self.leave.0.len() + self.enter.0.len();
        let mut work = 0;
        // Charges `units` of work; false when this search or the build's budget is out.
        let mut charge = |units: usize| -> bool {
            work += units;
            let left = self.budget.get();
            if left < units {
                // Spent for the rest of the build: later links do not even look for a way.
                self.budget.set(0);
                self.cut.set(true);
                return false;
            }
            self.budget.set(left - units);
            work <= MAX_SEARCH_WORK
        };
        while let Some(o) = open.pop() {
            if !charge(1) {
                return None;
            }
            if done[o.point] {
                continue;
            }
            if o.from != usize::MAX && !charge(test) {
                return None;
            }
            let p = at(o.point);
            if o.from != usize::MAX && !self.allowed(at(o.from), p) {
                continue;
            }
            done[o.point] = true;
            from[o.point] = o.from;
            if o.point == 1 {
                let mut bends = Vec::new();
                let mut k = from[1];
                while k != 0 && k != usize::MAX {
                    bends.push(at(k));
                    k = from[k];
                }
                bends.reverse();
                return Some(bends);
            }
            if !charge(n) {
                return None;
            }
            for (j, _) in done.iter().enumerate().skip(1).filter(|(_, d)| !**d) {
                let cost = o.cost + p.distance(at(j)) + if j == 1 { 0.0 } else { BEND };
                open.push(Open {
                    estimate: cost + to_go[j],
                    cost,
                    point: j,
                    from: o.point,
                });
            }
        }
        None
    }
}

/// A leg the search may take: to `point` from `from`, the cost so far and the estimated total
/// (cheapest first).
struct Open {
    estimate: f32,
    cost: f32,
    point: usize,
    from: usize,
}

impl PartialEq for Open {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Open {}

impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Open {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the heap pops the cheapest; ties go to the lower indices, for determinism.
        other
            .estimate
            .total_cmp(&self.estimate)
            .then(other.point.cmp(&self.point))
            .then(other.from.cmp(&self.from))
    }
}

/// Whether the segment `p`–`q` meets the closed rectangle `r` (Liang–Barsky clipping).
pub(crate) fn segment_meets(p: Pos, q: Pos, r: &Rect) -> bool {
    // Most boxes are nowhere near the segment: its bounding box rules them out cheaply.
    if p.x.max(q.x) < r.min.x
        || p.x.min(q.x) > r.max.x
        || p.y.max(q.y) < r.min.y
        || p.y.min(q.y) > r.max.y
    {
        return false;
    }
    if r.contains(p) || r.contains(q) {
        return true;
    }
    let d = q - p;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (dp, lo, hi, at) in [(d.x, r.min.x, r.max.x, p.x), (d.y, r.min.y, r.max.y, p.y)] {
        if dp.abs() <= f32::EPSILON {
            if at < lo || at > hi {
                return false;
            }
            continue;
        }
        let (mut a, mut b) = ((lo - at) / dp, (hi - at) / dp);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        t0 = t0.max(a);
        t1 = t1.min(b);
        if t0 > t1 {
            return false;
        }
    }
    true
}

/// How many times the polyline `points` crosses the border of the rectangle `r` (going in or
/// out): what tells whether a drawn link lies about a trust boundary.
pub fn border_crossings(points: &[Pos], r: &Rect) -> usize {
    points
        .windows(2)
        .filter(|w| r.contains(w[0]) != r.contains(w[1]))
        .count()
        + points
            .windows(2)
            .filter(|w| !r.contains(w[0]) && !r.contains(w[1]) && segment_meets(w[0], w[1], r))
            .count()
            * 2
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_min_max(pos(x0, y0), pos(x1, y1))
    }

    #[test]
    fn segments_meet_boxes_they_pass_through_and_no_others() {
        let r = rect(0.0, 0.0, 10.0, 10.0);
        assert!(segment_meets(pos(-5.0, 5.0), pos(15.0, 5.0), &r));
        assert!(segment_meets(pos(5.0, 5.0), pos(50.0, 50.0), &r));
        assert!(!segment_meets(pos(-5.0, -5.0), pos(-1.0, 20.0), &r));
        assert!(!segment_meets(pos(11.0, -5.0), pos(30.0, 20.0), &r));
        assert!(segment_meets(pos(-5.0, 15.0), pos(15.0, -5.0), &r));
        assert_eq!(border_crossings(&[pos(-5.0, 5.0), pos(15.0, 5.0)], &r), 2);
        assert_eq!(border_crossings(&[pos(5.0, 5.0), pos(15.0, 5.0)], &r), 1);
    }

    #[test]
    fn a_link_bends_round_a_zone_between_its_ends() {
        // Two nodes in no zone, a zone right between them.
        let rects = [Some(rect(40.0, -50.0, 60.0, 50.0))];
        let zones = Zones {
            parent: &[None],
            rects: &rects,
        };
        let (a, b) = (pos(0.0, 0.0), pos(100.0, 0.0));
        let Routed { bends, window, .. } =
            route(&zones, (None, a), (None, b), &Cell::new(ROUTE_BUDGET));
        assert!(!bends.is_empty());
        let mut line = vec![a];
        line.extend(&bends);
        line.push(b);
        assert_eq!(border_crossings(&line, &rects[0].unwrap()), 0);
        assert!(window.contains(a) && window.contains(b));
        // From inside the zone, the straight line is right: it leaves the zone once.
        let inside = route(
            &zones,
            (Some(0), pos(50.0, 0.0)),
            (None, b),
            &Cell::new(ROUTE_BUDGET),
        );
        assert!(inside.bends.is_empty());
    }

    #[test]
    fn a_detour_round_a_tall_zone_is_found_in_the_window_of_its_box() {
        // The zone between the ends reaches far beyond the window round them: the way round
        // leaves that window, but not the one holding the whole box.
        let rects = [Some(rect(40.0, -1_000.0, 60.0, 1_000.0))];
        let zones = Zones {
            parent: &[None],
            rects: &rects,
        };
        let (a, b) = (pos(0.0, 0.0), pos(100.0, 0.0));
        let Routed { bends, window, cut } =
            route(&zones, (None, a), (None, b), &Cell::new(ROUTE_BUDGET));
        assert!(!cut && !bends.is_empty());
        assert!(bends.iter().all(|p| p.y.abs() > 1_000.0), "{bends:?}");
        let mut line = vec![a];
        line.extend(&bends);
        line.push(b);
        assert_eq!(border_crossings(&line, &rects[0].unwrap()), 0);
        assert_ne!(window, EVERYWHERE, "zones far from the box do not matter");
        assert!(window.contains(pos(50.0, 1_000.0)) && window.contains(pos(50.0, -1_000.0)));
    }

    #[test]
    fn a_spent_budget_leaves_the_line_straight_and_each_search_spends_it() {
        let rects = [Some(rect(40.0, -50.0, 60.0, 50.0))];
        let zones = Zones {
            parent: &[None],
            rects: &rects,
        };
        let (a, b) = (pos(0.0, 0.0), pos(100.0, 0.0));
        let spent = route(&zones, (None, a), (None, b), &Cell::new(0));
        assert!(spent.bends.is_empty());
        assert_eq!(spent.window, EVERYWHERE, "redrawn on any change");
        assert!(spent.cut, "the budget decided this route");
        let budget = Cell::new(ROUTE_BUDGET);
        let found = route(&zones, (None, a), (None, b), &budget);
        assert!(!found.bends.is_empty());
        assert!(!found.cut);
        let cost = ROUTE_BUDGET - budget.get();
        assert!(cost > 0);
        // Exactly what it took the first time is enough to find the same route again.
        let again = Cell::new(cost);
        assert_eq!(route(&zones, (None, a), (None, b), &again), found);
        assert_eq!(again.get(), 0);
        // One unit less is not.
        let left = Cell::new(cost - 1);
        let short = route(&zones, (None, a), (None, b), &left);
        assert!(short.cut && short.bends.is_empty());
        assert_eq!(
            left.get(),
            0,
            "a cut spends the budget for the links after it"
        );
        // A line that can go straight still does once the budget is spent.
        let clear = route(&zones, (None, a), (None, pos(0.0, 200.0)), &left);
        assert!(clear.bends.is_empty() && !clear.cut);
    }

    #[test]
    fn a_link_leaving_its_zone_does_not_come_back_through_it() {
        // The start's zone is a U-shaped pair: an outer zone holding an inner one, the end
        // straight across the outer zone's sibling.
        let rects = [
            Some(rect(-20.0, -20.0, 20.0, 20.0)),
            Some(rect(40.0, -60.0, 80.0, 60.0)),
        ];
        let zones = Zones {
            parent: &[None, None],
            rects: &rects,
        };
        let (a, b) = (pos(0.0, 0.0), pos(140.0, 0.0));
        let Routed { bends, .. } = route(&zones, (Some(0), a), (None, b), &Cell::new(ROUTE_BUDGET));
        let mut line = vec![a];
        line.extend(&bends);
        line.push(b);
        assert_eq!(border_crossings(&line, &rects[0].unwrap()), 1);
        assert_eq!(border_crossings(&line, &rects[1].unwrap()), 0);
    }
}
