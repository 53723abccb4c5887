//! Links: arrows between node borders, a shield where they cross a trust boundary, a protocol
//! label on a plate. Parallel links between the same two nodes are spread apart.

use super::fast_hash::FastMap;
use super::geom::{Pos, Rect, arrowhead, border_point, pos};
use super::nodes::NodeGeom;
use super::zones::{LABEL_H, ZoneTree};
use super::{Anchor, ElementRef, Hit, Item, Shape, Stroke, Text, Theme, text};
use crate::model::{Link, Model};

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
/// Cell size of the obstacle grid.
const CELL: f32 = 128.0;

/// Rectangles bucketed in a uniform grid, so overlap queries look only nearby.
#[derive(Default)]
struct Obstacles {
    cells: FastMap<(i32, i32), Vec<Rect>>,
}

impl Obstacles {
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let cell = |v: f32| (v / CELL).floor().clamp(-1e6, 1e6) as i32;
        let (x0, x1, y0, y1) = (cell(r.min.x), cell(r.max.x), cell(r.min.y), cell(r.max.y));
        // Huge rectangles (a giant zone's title) are only indexed along their first cells.
        (x0..=x1.min(x0 + 128)).flat_map(move |x| (y0..=y1.min(y0 + 128)).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: Rect) {
        for c in Self::cells_of(&r) {
            self.cells.entry(c).or_default().push(r);
        }
    }

    /// Roughly how much of `r` the rectangles cover (a rectangle in two cells counts twice,
    /// which is fine for ranking spots).
    fn covered(&self, r: &Rect) -> f32 {
        Self::cells_of(r)
            .filter_map(|c| self.cells.get(&c))
            .flatten()
            .map(|o| {
                let w = o.max.x.min(r.max.x) - o.min.x.max(r.min.x);
                let h = o.max.y.min(r.max.y) - o.min.y.max(r.min.y);
                w.max(0.0) * h.max(0.0)
            })
            .sum()
    }

    fn hits(&self, r: &Rect) -> bool {
        Self::cells_of(r).any(|c| {
            self.cells
                .get(&c)
                .is_some_and(|v| v.iter().any(|o| o.intersects(r)))
        })
    }
}

/// Everything the link items need to look up.
struct Ctx<'a, 'm> {
    tree: &'a ZoneTree<'m>,
    geoms: &'a FastMap<&'m str, NodeGeom>,
    zone_rects: &'a [Option<Rect>],
    theme: &'a Theme,
    /// What link labels should not cover: nodes, zone titles, labels placed so far.
    obstacles: Obstacles,
    /// Nodes alone: when a label cannot avoid everything, it should at least not cover a node.
    nodes: Obstacles,
}

/// Adds an item per link whose two ends are placed, in model order.
pub(crate) fn items<'m>(
    model: &'m Model,
    tree: &ZoneTree<'m>,
    geoms: &FastMap<&'m str, NodeGeom>,
    zone_rects: &[Option<Rect>],
    theme: &Theme,
    out: &mut Vec<Item>,
) {
    let mut ctx = Ctx {
        tree,
        geoms,
        zone_rects,
        theme,
        obstacles: Obstacles::default(),
        nodes: Obstacles::default(),
    };
    for g in geoms.values() {
        ctx.obstacles.insert(g.bounds);
        ctx.nodes.insert(g.bounds);
    }
    for r in zone_rects.iter().flatten() {
        // The zone's title strip.
        ctx.obstacles
            .insert(Rect::from_min_max(r.min, pos(r.max.x, r.min.y + LABEL_H)));
    }
    // Count links per unordered pair first, so each can take its lane.
    let mut lanes: FastMap<(&str, &str), (u32, u32)> = FastMap::default();
    for link in model.links() {
        lanes.entry(pair(link)).or_default().0 += 1;
    }
    // First every line with its boundary markers, so labels placed next avoid all markers.
    let mut drafts = Vec::with_capacity(model.link_count());
    for link in model.links() {
        let Some(entry) = lanes.get_mut(&pair(link)) else {
            continue;
        };
        let lane = entry.1 as f32 - (entry.0 as f32 - 1.0) / 2.0;
        entry.1 += 1;
        if let Some(item) = ctx.line(link, lane) {
            drafts.push((link, item));
        }
    }
    for (link, mut item) in drafts {
        ctx.add_label(link, &mut item);
        out.push(item);
    }
}

fn pair(link: &Link) -> (&str, &str) {
    let (a, b) = (link.from.as_str(), link.to.as_str());
    if a <= b { (a, b) } else { (b, a) }
}

impl Ctx<'_, '_> {
    /// The link's line, arrowheads and boundary markers; the label comes later.
    fn line(&mut self, link: &Link, lane: f32) -> Option<Item> {
        let ga = self.geoms.get(link.from.as_str())?;
        let gb = self.geoms.get(link.to.as_str())?;
        let (start, end) = ends(link, ga, gb, lane);
        let theme = self.theme;
        let shapes = arrow(link, start, end, theme);
        let mut details = Vec::new();
        for p in self.crossings(ga.zone, gb.zone, start, end) {
            self.obstacles.insert(Rect::from_center_size(p, 14.0, 16.0));
            details.push(shield(p, self.crossing_color(link), theme));
        }
        let bounds = Rect::from_min_max(start, start)
            .include(end)
            .expand(HEAD_HALF + 8.0);
        Some(Item {
            element: ElementRef::link(link.id.clone()),
            bounds,
            hit: Hit::Line {
                points: vec![start, end],
                label: None,
            },
            shapes,
            details,
            labels: Vec::new(),
            accent: theme.link,
        })
    }

    /// Places the link's label along its line and adds it to the item.
    fn add_label(&mut self, link: &Link, item: &mut Item) {
        let Hit::Line { points, label } = &mut item.hit else {
            return;
        };
        let (Some(&start), Some(&end)) = (points.first(), points.last()) else {
            return;
        };
        let (shape, rect) = self.place_label(link, start, end);
        *label = Some(rect);
        item.bounds = item.bounds.union(rect);
        item.labels.push(shape);
    }

    fn crossing_color(&self, link: &Link) -> super::Color {
        if link.is_plaintext() {
            self.theme.crossing_plaintext
        } else {
            self.theme.crossing
        }
    }

    /// The label at the first spot along the line where it covers nothing, else where it covers
    /// the least of the nodes.
    fn place_label(&mut self, link: &Link, start: Pos, end: Pos) -> (Shape, Rect) {
        let (mut shape, rect) = label(link, start.lerp(end, 0.5), self.theme);
        let spots = || {
            LABEL_SPOTS.iter().map(move |&t| {
                Rect::from_center_size(start.lerp(end, t), rect.width(), rect.height())
            })
        };
        let least_covering = || {
            spots()
                .map(|r| (self.nodes.covered(&r), r))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, r)| r)
        };
        let free = spots()
            .find(|r| !self.obstacles.hits(r))
            .or_else(least_covering)
            .unwrap_or(rect);
        if let Shape::Text(t) = &mut shape {
            t.pos = free.center();
        }
        self.obstacles.insert(free);
        (shape, free)
    }

    /// Where the line crosses each trust boundary between the zones of its two ends.
    fn crossings(&self, zf: Option<usize>, zt: Option<usize>, start: Pos, end: Pos) -> Vec<Pos> {
        if zf == zt {
            return Vec::new();
        }
        let from = self.tree.chain(zf);
        let to = self.tree.chain(zt);
        let crossed = from
            .iter()
            .filter(|z| !to.contains(z))
            .chain(to.iter().filter(|z| !from.contains(z)));
        crossed
            .filter_map(|&z| self.zone_rects.get(z).copied().flatten())
            .filter_map(|r| match (r.contains(start), r.contains(end)) {
                (true, false) => Some(border_point(&r, start, end)),
                (false, true) => Some(border_point(&r, end, start)),
                _ => None,
            })
            .collect()
    }
}

/// The line from `start` to `end` (dashed when plaintext) with its arrowheads.
fn arrow(link: &Link, start: Pos, end: Pos, theme: &Theme) -> Vec<Shape> {
    let dir = (end - start).normalized();
    let stroke = if link.is_plaintext() {
        Stroke::dashed(WIDTH, theme.link, 7.0, 5.0)
    } else {
        Stroke::solid(WIDTH, theme.link)
    };
    // Arrowheads only when there is room for them; the line stops inside each head.
    let room = start.distance(end) > HEAD_LEN * 2.5;
    let inset = dir.scale(HEAD_LEN * 0.8);
    let line_start = if room && link.bidirectional {
        start + inset
    } else {
        start
    };
    let line_end = if room { end - inset } else { end };
    let mut shapes = vec![Shape::line(vec![line_start, line_end], stroke)];
    let head = |tip: Pos, d: Pos| Shape::Polygon {
        points: arrowhead(tip, d, HEAD_LEN, HEAD_HALF),
        fill: theme.link,
        stroke: Stroke::NONE,
    };
    if room {
        shapes.push(head(end, dir));
        if link.bidirectional {
            shapes.push(head(start, dir.scale(-1.0)));
        }
    }
    shapes
}

/// Start and end of the arrow on the two node borders, shifted sideways into the link's lane.
fn ends(link: &Link, ga: &NodeGeom, gb: &NodeGeom, lane: f32) -> (Pos, Pos) {
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
    let (ca, cb) = (ca + offset, cb + offset);
    let start = border_point(&ga.border, ca, cb);
    let end = border_point(&gb.border, cb, ca);
    let dir = (end - start).normalized();
    if start.distance(end) > 2.0 * END_GAP {
        (start + dir.scale(END_GAP), end - dir.scale(END_GAP))
    } else {
        (start, end)
    }
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
