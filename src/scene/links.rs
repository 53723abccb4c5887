//! Links: arrows between node borders, a shield where they cross a trust boundary, a protocol
//! label on a plate. Parallel links between the same two nodes are spread apart.
//!
//! Labels are placed in link order, each avoiding nodes, zone titles, shields and the labels
//! placed before it. A [`LinkSlot`] per drawn link and the [`LabelField`] stay with the scene, so
//! when a few nodes move, [`redraw`] draws their links again and moves only the labels whose
//! surroundings changed, with the same result as a full build.

use super::fast_hash::{FastMap, id_hash};
use super::geom::{Pos, Rect, arrowhead, border_point, pos};
use super::nodes::NodeGeom;
use super::obstacles::{ALWAYS, Obstacles};
use super::route::{self, Zones};
use super::zones::{LABEL_H, ZoneTree};
use super::{Anchor, ElementRef, Hit, Item, Shape, Stroke, Text, Theme, text};
use crate::model::{Link, Model};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

const WIDTH: f32 = 1.7;
const HEAD_LEN: f32 = 11.0;
const HEAD_HALF: f32 = 5.5;
/// Space left between an arrow's ends and the node outlines.
const END_GAP: f32 = 3.0;
/// Distance between parallel links of the same pair of nodes.
const SPREAD: f32 = 16.0;
const LABEL_SIZE: f32 = 11.0;
const MAX_LABEL_W: f32 = 190.0;

/// Where along its line a label may sit, most preferred first.
const LABEL_SPOTS: [f32; 11] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85, 0.1, 0.9];

/// What link labels avoid, kept with the scene so labels can be placed again later.
#[derive(Debug, Clone, Default)]
pub(crate) struct LabelField {
    /// Nodes, zone titles and shields (tag [`ALWAYS`]); each label, tagged its link slot + 1.
    obstacles: Obstacles,
    /// Nodes alone: when a label cannot avoid everything, it should at least not cover a node.
    nodes: Obstacles,
}

impl LabelField {
    fn new(nodes: impl Iterator<Item = Rect>, zone_rects: &[Option<Rect>]) -> Self {
        let mut field = LabelField::default();
        for r in nodes {
            field.obstacles.insert(r, ALWAYS);
            field.nodes.insert(r, ALWAYS);
        }
        for r in zone_rects.iter().flatten() {
            field.obstacles.insert(title_strip(r), ALWAYS);
        }
        field
    }

    /// A node's box moved.
    pub fn move_node(&mut self, old: Rect, new: Rect) {
        self.obstacles.replace(old, new, ALWAYS);
        self.nodes.replace(old, new, ALWAYS);
    }

    /// A zone's rectangle moved (its title strip with it).
    pub fn move_zone(&mut self, old: Rect, new: Rect) {
        self.obstacles
            .replace(title_strip(&old), title_strip(&new), ALWAYS);
    }
}

/// The strip along the top of a zone that holds its name: labels keep off it.
pub(crate) fn title_strip(zone: &Rect) -> Rect {
    Rect::from_min_max(zone.min, pos(zone.max.x, zone.min.y + LABEL_H))
}

/// One drawn link, remembered so it can be drawn again when one of its ends moves.
#[derive(Debug, Clone)]
pub(crate) struct LinkSlot {
    /// The link in the model's graph (stable while only positions change).
    edge: EdgeIndex,
    /// The nodes it starts and ends at.
    pub ends: (NodeIndex, NodeIndex),
    /// Its offset among the parallel links of the same two nodes.
    lane: f32,
    /// The innermost zones of its two ends.
    pub zones: (Option<usize>, Option<usize>),
    /// The item's box without the label.
    line_bounds: Rect,
    /// Where zones moving may change the line's route (see [`route::route`]).
    pub window: Rect,
    /// What the line was drawn from, besides the zones meeting `window` and the theme.
    key: LineKey,
    /// The routing budget the line took, or `None` when the budget decided its route.
    cost: Option<usize>,
    /// The boxes of its boundary markers (obstacles for labels).
    shields: Vec<Rect>,
    /// The label's plate, once placed.
    label: Option<Rect>,
    /// The plate's width and height as measured from its text.
    label_size: (f32, f32),
    /// Everywhere the label could go: a change outside it cannot move the label.
    reach: Rect,
}

/// Everything about a link and its ends that its line depends on, besides the zones and the
/// theme: the same key in the same zones draws the same line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineKey {
    ga: NodeGeom,
    gb: NodeGeom,
    lane: f32,
    plaintext: bool,
    bidirectional: bool,
    /// Whether `from` sorts before `to` (the frame lanes are measured in).
    forward: bool,
}

impl LineKey {
    fn new(link: &Link, ga: &NodeGeom, gb: &NodeGeom, lane: f32) -> LineKey {
        LineKey {
            ga: *ga,
            gb: *gb,
            lane,
            plaintext: link.is_plaintext(),
            bidirectional: link.bidirectional,
            forward: link.from.as_str() <= link.to.as_str(),
        }
    }
}

/// A link's line as [`Drawing::line`] draws it, before its label is placed.
struct Line {
    item: Item,
    shields: Vec<Rect>,
    window: Rect,
    key: LineKey,
    cost: Option<usize>,
    /// Where the label of a line taken from the scene before was, and its slot there.
    was: Option<(usize, Placed)>,
}

/// A label as placed: its plate, its size and everywhere it could have gone.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    plate: Rect,
    size: (f32, f32),
    reach: Rect,
}

/// The lines of the scene built before, for a new build to take instead of routing again.
///
/// A line is taken when its link has the same id and [`LineKey`], the zone tree is the same
/// (ids and parents), no zone whose box changed meets the line's route window, the theme is
/// the same, and the budget left covers what the route took (its cost is charged again). Under
/// those conditions routing again would give the very same line, so the new scene equals a
/// full build item for item (`scene::tests`).
///
/// Labels are placed in link order, each avoiding what was placed before it. A taken line's
/// label keeps its old plate when nothing it could have met changed: no node, zone title,
/// boundary marker or earlier label that differs from the old scene touches where it could
/// go, and the links taken keep their old order. Otherwise it is placed again, and a plate
/// that moved counts as changed for the labels after it (as [`redraw`] does for moves).
pub(crate) struct Reuse {
    /// Old slot by a hash of its link's id (a collision only costs a reuse).
    by_id: FastMap<u64, usize>,
    slots: Vec<LinkSlot>,
    /// `items[k]` is slot `k`'s item.
    items: Vec<Item>,
    /// Which old slots a new line was taken from.
    taken: Vec<bool>,
    /// The old and the new box of every zone whose box changed.
    moved_zones: Vec<Rect>,
    /// Each old node's box, by id.
    nodes: FastMap<String, Rect>,
}

#[cfg(test)]
thread_local! {
    /// How many lines builds on this thread took from the scene before (for tests).
    pub(crate) static TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Reuse {
    /// The old lines (`slots` with their `items`), given the old and new box of each zone of
    /// the same zone tree.
    pub fn new(
        slots: Vec<LinkSlot>,
        items: Vec<Item>,
        nodes: FastMap<String, Rect>,
        old_rects: &[Option<Rect>],
        new_rects: &[Option<Rect>],
    ) -> Reuse {
        let mut by_id = FastMap::with_capacity_and_hasher(items.len(), Default::default());
        for (k, item) in items.iter().enumerate() {
            by_id.entry(id_hash(&item.element.id)).or_insert(k);
        }
        let moved_zones = old_rects
            .iter()
            .zip(new_rects)
            .filter(|(old, new)| old != new)
            .flat_map(|(old, new)| old.iter().chain(new).copied())
            .collect();
        Reuse {
            by_id,
            taken: vec![false; slots.len()],
            slots,
            items,
            moved_zones,
            nodes,
        }
    }

    /// Adds to `dirty` every obstacle of labels that differs from the old scene, lines aside:
    /// nodes added, removed or changed (`geoms` are the new ones), the title strips of zones
    /// whose box changed, and the markers and labels of old lines no new line took.
    fn changes(&self, geoms: &FastMap<&str, NodeGeom>, dirty: &mut Dirty) {
        for (id, g) in geoms {
            match self.nodes.get(*id) {
                Some(old) if *old == g.bounds => {}
                Some(old) => {
                    dirty.add(*old);
                    dirty.add(g.bounds);
                }
                None => dirty.add(g.bounds),
            }
        }
        for (id, old) in &self.nodes {
            if !geoms.contains_key(id.as_str()) {
                dirty.add(*old);
            }
        }
        for zone in &self.moved_zones {
            dirty.add(title_strip(zone));
        }
        let dropped = self.slots.iter().zip(&self.taken).filter(|(_, t)| !**t);
        for (slot, _) in dropped {
            dirty.extend(slot.shields.iter().copied().chain(slot.label));
        }
    }

    /// The old line of `link`, if it would be drawn the same now (see [`Reuse`]); its cost is
    /// charged to `budget`. Each line is taken at most once.
    fn take(
        &mut self,
        link: &Link,
        key: &LineKey,
        budget: &std::cell::Cell<usize>,
    ) -> Option<Line> {
        let k = *self.by_id.get(&id_hash(&link.id))?;
        let (slot, item) = (self.slots.get_mut(k)?, self.items.get_mut(k)?);
        let cost = slot.cost?;
        let unchanged = item.element.id == link.id
            && slot.key == *key
            && cost <= budget.get()
            && !self.moved_zones.iter().any(|z| z.intersects(&slot.window));
        let (true, Hit::Line { points, .. }) = (unchanged, &mut item.hit) else {
            return None;
        };
        budget.set(budget.get() - cost);
        // Taken: a second link with this id (there is none in a valid model) routes again.
        slot.cost = None;
        *self.taken.get_mut(k)? = true;
        #[cfg(test)]
        TAKEN.with(|taken| taken.set(taken.get() + 1));
        let item = Item {
            element: std::mem::replace(&mut item.element, ElementRef::link(String::new())),
            bounds: slot.line_bounds,
            hit: Hit::Line {
                points: std::mem::take(points),
                label: None,
            },
            shapes: std::mem::take(&mut item.shapes),
            details: std::mem::take(&mut item.details),
            labels: Vec::new(),
            accent: item.accent,
        };
        let was = slot.label.map(|plate| {
            let placed = Placed {
                plate,
                size: slot.label_size,
                reach: slot.reach,
            };
            (k, placed)
        });
        Some(Line {
            item,
            shields: slot.shields.clone(),
            window: slot.window,
            key: slot.key,
            cost: Some(cost),
            was,
        })
    }
}

/// Rectangles where something changed, with a box around them all for a quick miss.
#[derive(Debug, Default)]
pub(crate) struct Dirty {
    rects: Vec<Rect>,
    around: Option<Rect>,
}

/// Past this many changed areas, every area counts as changed: placing every later label again
/// costs less than checking each against a long list (and gives the same result).
const MAX_DIRTY: usize = 256;

impl Dirty {
    /// Records a changed area.
    pub fn add(&mut self, r: Rect) {
        self.around = Some(self.around.map_or(r, |a| a.union(r)));
        if self.rects.len() < MAX_DIRTY {
            self.rects.push(r);
        }
    }

    /// Whether `r` touches a changed area.
    pub fn touches(&self, r: &Rect) -> bool {
        self.around.is_some_and(|a| a.intersects(r))
            && (self.rects.len() >= MAX_DIRTY || self.rects.iter().any(|d| d.intersects(r)))
    }
}

/// How links are drawn: the zone tree's parents, the zone rectangles and the theme.
pub(crate) struct Drawing<'a> {
    /// The parent of each zone.
    pub parent: &'a [Option<usize>],
    /// The rectangle of each zone.
    pub zone_rects: &'a [Option<Rect>],
    /// Colours.
    pub theme: &'a Theme,
    /// What is left of the routing budget of this build or redraw.
    pub budget: std::cell::Cell<usize>,
}

/// Adds an item per link whose two ends are placed, in model order; returns the slot of each
/// (item `first + k` for slot `k`, `first` being the length of `out` on entry) and what their
/// labels avoided. Lines that `reuse` holds unchanged are taken from it instead of drawn.
pub(crate) fn items<'m>(
    model: &'m Model,
    tree: &ZoneTree<'m>,
    geoms: &FastMap<&'m str, NodeGeom>,
    zone_rects: &[Option<Rect>],
    theme: &Theme,
    mut reuse: Option<Reuse>,
    out: &mut Vec<Item>,
) -> (Vec<LinkSlot>, LabelField) {
    let draw = Drawing {
        parent: &tree.parent,
        zone_rects,
        theme,
        budget: std::cell::Cell::new(route::ROUTE_BUDGET),
    };
    let mut field = LabelField::new(geoms.values().map(|g| g.bounds), zone_rects);
    // Count links per unordered pair first, so each can take its lane.
    let mut lanes: FastMap<(&str, &str), (u32, u32)> = FastMap::default();
    for link in model.links() {
        lanes.entry(pair(link)).or_default().0 += 1;
    }
    // First every line with its boundary markers, so labels placed next avoid all markers.
    let first = out.len();
    // What differs from the scene `reuse` holds, for labels to know whether they can stay.
    let mut dirty = Dirty::default();
    let mut kept = Vec::with_capacity(model.link_count());
    let mut drawn = Vec::with_capacity(model.link_count());
    let mut slots = Vec::with_capacity(model.link_count());
    let graph = model.graph();
    // Edge indices in order: the same order as `model.links()`.
    for edge in graph.edge_indices() {
        let (Some(link), Some(ends)) = (graph.edge_weight(edge), graph.edge_endpoints(edge)) else {
            continue;
        };
        let Some(entry) = lanes.get_mut(&pair(link)) else {
            continue;
        };
        let lane = entry.1 as f32 - (entry.0 as f32 - 1.0) / 2.0;
        entry.1 += 1;
        let (Some(ga), Some(gb)) = (geoms.get(link.from.as_str()), geoms.get(link.to.as_str()))
        else {
            continue;
        };
        let key = LineKey::new(link, ga, gb, lane);
        let reused = reuse
            .as_mut()
            .and_then(|r| r.take(link, &key, &draw.budget));
        let line = reused.unwrap_or_else(|| draw.line(link, key));
        if line.was.is_none() {
            // A line drawn anew: its markers may be where none were.
            dirty.extend(line.shields.iter().copied());
        }
        let Line {
            item,
            shields,
            window,
            key,
            cost,
            was,
        } = line;
        for s in &shields {
            field.obstacles.insert(*s, ALWAYS);
        }
        kept.push(was);
        slots.push(LinkSlot {
            edge,
            ends,
            lane,
            zones: (ga.zone, gb.zone),
            line_bounds: item.bounds,
            window,
            key,
            cost,
            shields,
            label: None,
            label_size: (0.0, 0.0),
            reach: Rect::NOTHING,
        });
        drawn.push(link);
        out.push(item);
    }
    // Old labels may be kept only while the lines taken keep their old order.
    let in_order = kept
        .iter()
        .flatten()
        .map(|(old, _)| *old)
        .is_sorted_by(|a, b| a < b);
    match &reuse {
        Some(reuse) if in_order => reuse.changes(geoms, &mut dirty),
        _ => kept.iter_mut().for_each(|was| *was = None),
    }
    for (k, ((link, slot), was)) in drawn.into_iter().zip(&mut slots).zip(kept).enumerate() {
        let was = was.map(|(_, placed)| placed);
        let keep = was.filter(|w| !dirty.touches(&w.reach));
        draw.label(&mut field, link, slot, k, &mut out[first + k], keep);
        // A plate that moved (or is new) changes what later labels must avoid.
        if slot.label != was.map(|w| w.plate) {
            dirty.extend(was.map(|w| w.plate).into_iter().chain(slot.label));
        }
    }
    (slots, field)
}

/// Draws links again after their ends or the zones they cross moved: first the lines flagged
/// in `lines` (their shields move in `field`), then, in link order, every label that may be
/// affected: its line was drawn again or a changed area (in `dirty`) touches where it could go.
/// Moved labels add their old and new plates to `dirty`, for the links after them.
///
/// `items[k]` is slot `k`'s item. Returns `false` when a slot's link or ends are gone from the
/// model (the scene must then be built again).
#[allow(clippy::too_many_arguments)]
pub(crate) fn redraw(
    model: &Model,
    draw: &Drawing,
    geom: impl Fn(NodeIndex) -> Option<NodeGeom>,
    lines: &[bool],
    slots: &mut [LinkSlot],
    field: &mut LabelField,
    items: &mut [Item],
    dirty: &mut Dirty,
) -> bool {
    for (k, slot) in slots.iter_mut().enumerate() {
        if !lines[k] {
            continue;
        }
        let (Some(link), Some(ga), Some(gb)) = (
            slot.link(model, &items[k]),
            geom(slot.ends.0),
            geom(slot.ends.1),
        ) else {
            return false;
        };
        let line = draw.line(link, LineKey::new(link, &ga, &gb, slot.lane));
        (slot.window, slot.key, slot.cost) = (line.window, line.key, line.cost);
        let (item, shields) = (line.item, line.shields);
        if shields != slot.shields {
            for s in &slot.shields {
                field.obstacles.remove(*s, ALWAYS);
                dirty.add(*s);
            }
            for s in &shields {
                field.obstacles.insert(*s, ALWAYS);
                dirty.add(*s);
            }
            slot.shields = shields;
        }
        slot.line_bounds = item.bounds;
        items[k] = item;
    }
    for (k, slot) in slots.iter_mut().enumerate() {
        if !lines[k] && !dirty.touches(&slot.reach) {
            continue;
        }
        let Some(link) = slot.link(model, &items[k]) else {
            return false;
        };
        let old = slot.label;
        draw.label(field, link, slot, k, &mut items[k], None);
        if slot.label != old {
            dirty.extend(old.into_iter().chain(slot.label));
        }
    }
    true
}

impl LinkSlot {
    /// Forgets where the label was, so a new build places it afresh.
    pub fn forget_label(&mut self) {
        self.label = None;
    }

    /// The slot's link in `model`, if it is still the one its item draws.
    fn link<'m>(&self, model: &'m Model, item: &Item) -> Option<&'m Link> {
        model
            .graph()
            .edge_weight(self.edge)
            .filter(|link| link.id == item.element.id)
    }
}

impl Extend<Rect> for Dirty {
    fn extend<I: IntoIterator<Item = Rect>>(&mut self, rects: I) {
        for r in rects {
            self.add(r);
        }
    }
}

fn pair(link: &Link) -> (&str, &str) {
    let (a, b) = (link.from.as_str(), link.to.as_str());
    if a <= b { (a, b) } else { (b, a) }
}

/// The tag of the label of link slot `k`.
fn label_tag(k: usize) -> u32 {
    u32::try_from(k).map_or(u32::MAX, |k| k.saturating_add(1))
}

impl Drawing<'_> {
    /// The link's line (bent round the zones it must not cross), arrowheads and boundary
    /// markers (the label comes later), with the markers' boxes, the route's window and what
    /// the line was drawn from.
    fn line(&self, link: &Link, key: LineKey) -> Line {
        let LineKey { ga, gb, lane, .. } = key;
        let (ca, cb) = lane_centers(link, &ga, &gb, lane);
        let zones = Zones {
            parent: self.parent,
            rects: self.zone_rects,
        };
        let left = self.budget.get();
        let routed = route::route(&zones, (ga.zone, ca), (gb.zone, cb), &self.budget);
        let cost = (!routed.cut).then(|| left - self.budget.get());
        let window = routed.window;
        let points = polyline(&ga, &gb, (ca, cb), routed.bends);
        let theme = self.theme;
        let shapes = arrow(link, &points, theme);
        let mut details = Vec::new();
        let mut shields = Vec::new();
        for p in self.crossings(ga.zone, gb.zone, &points) {
            shields.push(Rect::from_center_size(p, 14.0, 16.0));
            details.push(shield(p, self.crossing_color(link), theme));
        }
        let bounds = around(&points).expand(HEAD_HALF + 8.0);
        let item = Item {
            element: ElementRef::link(link.id.clone()),
            bounds,
            hit: Hit::Line {
                points,
                label: None,
            },
            shapes,
            details,
            labels: Vec::new(),
            accent: theme.link,
        };
        Line {
            item,
            shields,
            window,
            key,
            cost,
            was: None,
        }
    }

    /// Places the label of slot `k` along its line (replacing the one placed before, if any)
    /// and puts it in the item; where `keep` says it was, when nothing there changed since.
    fn label(
        &self,
        field: &mut LabelField,
        link: &Link,
        slot: &mut LinkSlot,
        k: usize,
        item: &mut Item,
        keep: Option<Placed>,
    ) {
        let Hit::Line { points, label } = &mut item.hit else {
            return;
        };
        if points.len() < 2 {
            return;
        }
        let (shape, placed) = self.place_label(field, link, points, k, keep);
        let rect = placed.plate;
        let tag = label_tag(k);
        match slot.label {
            Some(old) => field.obstacles.replace(old, rect, tag),
            None => field.obstacles.insert(rect, tag),
        }
        slot.label = Some(rect);
        slot.label_size = placed.size;
        slot.reach = placed.reach;
        *label = Some(rect);
        item.bounds = slot.line_bounds.union(rect);
        item.labels = vec![shape];
    }

    fn crossing_color(&self, link: &Link) -> super::Color {
        if link.is_plaintext() {
            self.theme.crossing_plaintext
        } else {
            self.theme.crossing
        }
    }

    /// The label at the first spot along the line where it covers nothing placed before it,
    /// else where it covers the least of the nodes; with its plate and the box of all spots.
    /// `keep` is where the same line's label was when the same obstacles were around it: it
    /// stays there if its text measures the same.
    fn place_label(
        &self,
        field: &LabelField,
        link: &Link,
        points: &[Pos],
        k: usize,
        keep: Option<Placed>,
    ) -> (Shape, Placed) {
        let upto = label_tag(k) - 1;
        let (mut shape, rect) = label(link, along(points, 0.5), self.theme);
        let (w, h) = (rect.width(), rect.height());
        if let Some(kept) = keep.filter(|kept| kept.size == (w, h)) {
            if let Shape::Text(t) = &mut shape {
                t.pos = kept.plate.center();
            }
            return (shape, kept);
        }
        let spots = || {
            LABEL_SPOTS
                .iter()
                .map(move |&t| Rect::from_center_size(along(points, t), w, h))
        };
        let least_covering = || {
            spots()
                .map(|r| (field.nodes.covered(&r, upto), r))
                .min_by_key(|&(covered, _)| covered)
                .map(|(_, r)| r)
        };
        let free = spots()
            .find(|r| !field.obstacles.hits(r, upto))
            .or_else(least_covering)
            .unwrap_or(rect);
        if let Shape::Text(t) = &mut shape {
            t.pos = free.center();
        }
        // A unit of slack: a point part way along the line may round just past its ends.
        let line = around(points);
        let reach = Rect::from_min_max(
            pos(line.min.x - w / 2.0 - 1.0, line.min.y - h / 2.0 - 1.0),
            pos(line.max.x + w / 2.0 + 1.0, line.max.y + h / 2.0 + 1.0),
        );
        let placed = Placed {
            plate: free,
            size: (w, h),
            reach,
        };
        (shape, placed)
    }

    /// Where the line crosses each trust boundary between the zones of its two ends.
    fn crossings(&self, zf: Option<usize>, zt: Option<usize>, points: &[Pos]) -> Vec<Pos> {
        if zf == zt {
            return Vec::new();
        }
        let chain = |z: Option<usize>| -> Vec<usize> {
            std::iter::successors(z, |&z| self.parent.get(z).copied().flatten()).collect()
        };
        let from = chain(zf);
        let to = chain(zt);
        let crossed = from
            .iter()
            .filter(|z| !to.contains(z))
            .chain(to.iter().filter(|z| !from.contains(z)));
        crossed
            .filter_map(|&z| self.zone_rects.get(z).copied().flatten())
            .filter_map(|r| {
                points
                    .windows(2)
                    .find_map(|w| match (r.contains(w[0]), r.contains(w[1])) {
                        (true, false) => Some(border_point(&r, w[0], w[1])),
                        (false, true) => Some(border_point(&r, w[1], w[0])),
                        _ => None,
                    })
            })
            .collect()
    }
}

/// The polyline through `points` (dashed when plaintext) with its arrowheads.
fn arrow(link: &Link, points: &[Pos], theme: &Theme) -> Vec<Shape> {
    let (Some(&start), Some(&end)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    let (second, before_end) = (
        points[1.min(points.len() - 1)],
        points[points.len().saturating_sub(2)],
    );
    let stroke = if link.is_plaintext() {
        Stroke::dashed(WIDTH, theme.link, 7.0, 5.0)
    } else {
        Stroke::solid(WIDTH, theme.link)
    };
    let (first_dir, last_dir) = (
        (second - start).normalized(),
        (end - before_end).normalized(),
    );
    // Arrowheads only when there is room for them; the line stops inside each head.
    let room = |a: Pos, b: Pos| a.distance(b) > HEAD_LEN * 2.5;
    let head_at_end = room(before_end, end);
    let head_at_start = link.bidirectional && room(start, second);
    let mut line = points.to_vec();
    if head_at_start {
        line[0] = start + first_dir.scale(HEAD_LEN * 0.8);
    }
    if head_at_end {
        let last = line.len() - 1;
        line[last] = end - last_dir.scale(HEAD_LEN * 0.8);
    }
    let mut shapes = vec![Shape::line(line, stroke)];
    let head = |tip: Pos, d: Pos| Shape::Polygon {
        points: arrowhead(tip, d, HEAD_LEN, HEAD_HALF),
        fill: theme.link,
        stroke: Stroke::NONE,
    };
    if head_at_end {
        shapes.push(head(end, last_dir));
    }
    if head_at_start {
        shapes.push(head(start, first_dir.scale(-1.0)));
    }
    shapes
}

/// The two node centres shifted sideways into the link's lane.
fn lane_centers(link: &Link, ga: &NodeGeom, gb: &NodeGeom, lane: f32) -> (Pos, Pos) {
    let (ca, cb) = (ga.border.center(), gb.border.center());
    // The lane offset is measured in the frame of the ordered pair, so a→b and b→a separate.
    let (p, q) = if link.from.as_str() <= link.to.as_str() {
        (ca, cb)
    } else {
        (cb, ca)
    };
    let limit = ga.border.height().min(gb.border.height()) / 2.0 - 4.0;
    let offset = (q - p)
        .normalized()
        .perp()
        .scale((lane * SPREAD).clamp(-limit.max(0.0), limit.max(0.0)));
    (ca + offset, cb + offset)
}

/// The drawn line: from the start node's border through the bends to the end node's border,
/// a little short of both outlines.
fn polyline(ga: &NodeGeom, gb: &NodeGeom, (ca, cb): (Pos, Pos), bends: Vec<Pos>) -> Vec<Pos> {
    let first = bends.first().copied().unwrap_or(cb);
    let last = bends.last().copied().unwrap_or(ca);
    let start = border_point(&ga.border, ca, first);
    let end = border_point(&gb.border, cb, last);
    let (start, end) = if bends.is_empty() {
        let dir = (end - start).normalized();
        if start.distance(end) > 2.0 * END_GAP {
            (start + dir.scale(END_GAP), end - dir.scale(END_GAP))
        } else {
            (start, end)
        }
    } else {
        let gap = |from: Pos, to: Pos| {
            if from.distance(to) > 2.0 * END_GAP {
                from + (to - from).normalized().scale(END_GAP)
            } else {
                from
            }
        };
        (gap(start, first), gap(end, last))
    };
    let mut points = Vec::with_capacity(bends.len() + 2);
    points.push(start);
    points.extend(bends);
    points.push(end);
    points
}

/// The box around some points.
fn around(points: &[Pos]) -> Rect {
    points.iter().fold(Rect::NOTHING, |r, p| r.include(*p))
}

/// The point a fraction `t` of the way along a polyline.
fn along(points: &[Pos], t: f32) -> Pos {
    let total: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total * t;
    for w in points.windows(2) {
        let d = w[0].distance(w[1]);
        if left <= d && d > 0.0 {
            return w[0].lerp(w[1], left / d);
        }
        left -= d;
    }
    points.last().copied().unwrap_or(Pos::ZERO)
}

/// The protocol (and the link's own label) on a plate at `at`, with the plate's box.
fn label(link: &Link, at: Pos, theme: &Theme) -> (Shape, Rect) {
    let own = link.label.trim();
    let joined;
    let raw = if own.is_empty() {
        link.protocol.label()
    } else {
        joined = format!("{} · {own}", link.protocol.label());
        &joined
    };
    let text = text::truncate(raw, LABEL_SIZE, false, MAX_LABEL_W);
    let w = text::width(&text, LABEL_SIZE, false) + 10.0;
    let rect = Rect::from_center_size(at, w, LABEL_SIZE + 7.0);
    let shape = Shape::Text(Text {
        pos: at,
        text,
        size: LABEL_SIZE,
        color: theme.text_muted,
        anchor: Anchor::CENTER,
        bold: false,
        background: Some(theme.label_background),
    });
    (shape, rect)
}

/// A small shield centred on `c`.
fn shield(c: Pos, color: super::Color, theme: &Theme) -> Shape {
    let pts = [
        (-6.0, -7.0),
        (6.0, -7.0),
        (6.0, 1.5),
        (0.0, 8.0),
        (-6.0, 1.5),
    ];
    Shape::Polygon {
        points: pts.iter().map(|&(x, y)| pos(c.x + x, c.y + y)).collect(),
        fill: color,
        stroke: Stroke::solid(1.5, theme.background),
    }
}
