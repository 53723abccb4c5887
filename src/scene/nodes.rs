//! Nodes: a body shape per kind (rounded rect, rack, hexagon, cylinder, cloud, stick figure…),
//! a small icon, the name and a subtitle.

use super::fast_hash::FastMap;
use super::geom::{Pos, Rect, pos};
use super::placement::Placement;
use super::zones::ZoneTree;
use super::{
    Anchor, Color, ElementRef, Hit, Item, NodeStyle, Shape, Stroke, Text, Theme, icons, text,
};
use crate::model::{Model, Node, NodeKind};

/// Width of a node's body.
pub(crate) const NODE_W: f32 = 184.0;
/// Height of a node's body.
pub(crate) const NODE_H: f32 = 60.0;
/// Height of an actor: figure and the name under it.
const ACTOR_H: f32 = 66.0;
/// Width given to an actor's name.
const ACTOR_W: f32 = 140.0;
/// How far the copy behind a replicated node is offset.
const STACK: f32 = 6.0;
const BODY_STROKE: f32 = 1.8;
const NAME_SIZE: f32 = 13.5;
const SUB_SIZE: f32 = 11.0;

/// The largest box a node can take, for spacing nodes that need a fallback place.
pub(crate) const MAX_SIZE: Pos = pos(NODE_W + STACK, ACTOR_H + STACK);

/// Where a node is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NodeGeom {
    /// The main shape's box.
    pub body: Rect,
    /// Where links attach: the box their lines are clipped at.
    pub border: Rect,
    /// Everything drawn for the node.
    pub bounds: Rect,
    /// The node's innermost zone (index into the zone tree).
    pub zone: Option<usize>,
}

/// The geometry of every node, by id, with its zone.
pub(crate) fn geometries<'m>(
    model: &'m Model,
    tree: &ZoneTree<'m>,
    placement: &Placement<'m>,
) -> FastMap<&'m str, NodeGeom> {
    model
        .nodes()
        .filter_map(|n| {
            let c = placement.centers.get(n.id.as_str())?;
            let g = NodeGeom {
                zone: tree.zone_of(n),
                ..geometry(n, *c)
            };
            Some((n.id.as_str(), g))
        })
        .collect()
}

/// The geometry of one node centred at `c` (without its zone).
pub(crate) fn geometry(node: &Node, c: Pos) -> NodeGeom {
    let (body, border, mut bounds) = if matches!(node.kind, NodeKind::Actor) {
        let bounds = Rect::from_center_size(c, ACTOR_W, ACTOR_H);
        let figure = Rect::from_min_max(pos(c.x - 14.0, bounds.min.y), pos(c.x + 14.0, c.y + 12.0));
        let border =
            Rect::from_min_max(pos(c.x - 24.0, bounds.min.y), pos(c.x + 24.0, bounds.max.y));
        (figure, border, bounds)
    } else {
        let body = Rect::from_center_size(c, NODE_W, NODE_H);
        (body, body, body)
    };
    if node.replicas > 1 {
        bounds = bounds.union(shifted(body, STACK));
    }
    NodeGeom {
        body,
        border,
        bounds,
        zone: None,
    }
}

fn shifted(r: Rect, d: f32) -> Rect {
    Rect::from_min_max(pos(r.min.x + d, r.min.y - d), pos(r.max.x + d, r.max.y - d))
}

/// Adds an item per placed node, in model order.
pub(crate) fn items(
    model: &Model,
    geoms: &FastMap<&str, NodeGeom>,
    theme: &Theme,
    out: &mut Vec<Item>,
) {
    for node in model.nodes() {
        if let Some(g) = geoms.get(node.id.as_str()) {
            let pinned = model.layout.pinned.contains(&node.id);
            out.push(item(node, g, pinned, theme));
        }
    }
}

/// The item drawing a node at its geometry, with a pin on its corner when automatic layouts
/// leave it where it is.
pub(crate) fn item(node: &Node, g: &NodeGeom, pinned: bool, theme: &Theme) -> Item {
    let style = theme.node(&node.kind);
    let mut shapes = Vec::with_capacity(10);
    let mut details = Vec::with_capacity(8);
    let mut labels = Vec::with_capacity(2);
    if node.replicas > 1 && !matches!(node.kind, NodeKind::Actor) {
        body(&node.kind, shifted(g.body, STACK), style, &mut shapes);
    }
    body(&node.kind, g.body, style, &mut shapes);
    if pinned {
        pin(
            pos(g.body.max.x - 13.0, g.body.min.y + 13.0),
            theme,
            &mut shapes,
        );
    }
    if matches!(node.kind, NodeKind::Actor) {
        let name = text::truncate(&node.name, NAME_SIZE, true, ACTOR_W);
        let at = pos(g.body.center().x, g.body.max.y + 4.0);
        labels.push(label(at, name, theme.text, Anchor::CENTER_TOP));
    } else {
        let face = face(&node.kind, g.body);
        let width = face.text_right - face.text_x;
        let name = text::truncate(&node.name, NAME_SIZE, true, width);
        labels.push(label(
            pos(face.text_x, face.name_y),
            name,
            theme.text,
            Anchor::LEFT_CENTER,
        ));
        labels.push(Shape::Text(Text {
            pos: pos(face.text_x, face.name_y + 17.0),
            text: text::truncate(subtitle(node), SUB_SIZE, false, width),
            size: SUB_SIZE,
            color: theme.text_muted,
            anchor: Anchor::LEFT_CENTER,
            bold: false,
            background: None,
        }));
        icons::icon(&node.kind, face.icon, style.stroke, &mut details);
        if let NodeKind::Store {
            encrypted_at_rest: true,
            ..
        } = node.kind
        {
            // A padlock on the icon's corner: data at rest is encrypted.
            icons::lock(
                face.icon + pos(11.0, 9.0),
                style.stroke,
                style.fill,
                &mut details,
            );
        }
    }
    Item {
        element: ElementRef::node(node.id.clone()),
        bounds: g.bounds,
        hit: Hit::Area(g.bounds),
        shapes,
        details,
        labels,
        accent: style.stroke,
    }
}

/// A push pin whose point is at `tip`: a needle and a round head up and to the right (inside
/// the node's corner, so it stays within the item's box).
fn pin(tip: Pos, theme: &Theme, out: &mut Vec<Shape>) {
    let head = pos(tip.x + 5.0, tip.y - 7.0);
    out.push(Shape::line(vec![tip, head], Stroke::solid(1.8, theme.text)));
    out.push(Shape::Ellipse {
        center: head,
        radius: pos(4.5, 4.5),
        fill: theme.crossing,
        stroke: Stroke::solid(1.2, theme.background),
    });
}

fn label(p: Pos, name: String, color: Color, anchor: Anchor) -> Shape {
    Shape::Text(Text {
        pos: p,
        text: name,
        size: NAME_SIZE,
        color,
        anchor,
        bold: true,
        background: None,
    })
}

/// Where the icon and the two text lines go inside a body.
struct Face {
    icon: Pos,
    text_x: f32,
    text_right: f32,
    name_y: f32,
}

fn face(kind: &NodeKind, b: Rect) -> Face {
    let c = b.center();
    let (icon, name_y) = match kind {
        NodeKind::Peer { .. } => (pos(b.min.x + 34.0, c.y), c.y - 8.0),
        NodeKind::Store { .. } => (pos(b.min.x + 26.0, c.y + 4.0), c.y - 4.0),
        NodeKind::Cdn => (pos(b.min.x + 30.0, b.min.y + 42.0), c.y + 5.0),
        _ => (pos(b.min.x + 26.0, c.y), c.y - 8.0),
    };
    let right_inset = if matches!(kind, NodeKind::Peer { .. }) {
        20.0
    } else {
        10.0
    };
    Face {
        icon,
        text_x: icon.x + 21.0,
        text_right: b.max.x - right_inset,
        name_y,
    }
}

/// The node's technology when known ("PostgreSQL 16"), else its kind in words ("API server");
/// shape, icon and colour already tell the kind.
fn subtitle(node: &Node) -> &str {
    match node.technology.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t,
        _ => kind_name(&node.kind),
    }
}

/// The kind of a node in words ("API gateway", "Web client").
pub fn kind_name(kind: &NodeKind) -> &'static str {
    kind.in_words()
}

/// The body shape of a kind inside box `b`.
fn body(kind: &NodeKind, b: Rect, style: NodeStyle, out: &mut Vec<Shape>) {
    let stroke = Stroke::solid(BODY_STROKE, style.stroke);
    let rect = |radius: f32, stroke: Stroke| Shape::Rect {
        rect: b,
        radius,
        fill: style.fill,
        stroke,
    };
    match kind {
        NodeKind::Client { .. } => out.push(rect(14.0, stroke)),
        NodeKind::Server { .. } => out.push(rect(4.0, stroke)),
        NodeKind::External => out.push(rect(
            6.0,
            Stroke::dashed(BODY_STROKE, style.stroke, 6.0, 4.0),
        )),
        NodeKind::Gateway { .. } => {
            out.push(rect(4.0, stroke));
            // Inner posts on both sides: a passage traffic goes through.
            let post = Stroke::solid(1.2, style.stroke);
            for x in [b.min.x + 5.0, b.max.x - 5.0] {
                out.push(Shape::line(
                    vec![pos(x, b.min.y + 6.0), pos(x, b.max.y - 6.0)],
                    post,
                ));
            }
        }
        NodeKind::Peer { .. } => out.push(hexagon(b, style.fill, stroke)),
        NodeKind::Store { .. } => cylinder(b, style, stroke, out),
        NodeKind::Cdn => cloud(b, style, out),
        NodeKind::Actor => icons::stick_figure(b, style, out),
    }
}

fn hexagon(b: Rect, fill: Color, stroke: Stroke) -> Shape {
    let inset = 18.0;
    let c = b.center();
    Shape::Polygon {
        points: vec![
            pos(b.min.x + inset, b.min.y),
            pos(b.max.x - inset, b.min.y),
            pos(b.max.x, c.y),
            pos(b.max.x - inset, b.max.y),
            pos(b.min.x + inset, b.max.y),
            pos(b.min.x, c.y),
        ],
        fill,
        stroke,
    }
}

/// A cylinder from opaque primitives: the side band hides the upper half of the bottom cap.
fn cylinder(b: Rect, style: NodeStyle, stroke: Stroke, out: &mut Vec<Shape>) {
    let ry = 8.0;
    let rx = b.width() / 2.0;
    let cx = b.center().x;
    let band = Rect::from_min_max(pos(b.min.x, b.min.y + ry), pos(b.max.x, b.max.y - ry));
    let cap = |y: f32| Shape::Ellipse {
        center: pos(cx, y),
        radius: pos(rx, ry),
        fill: style.fill,
        stroke,
    };
    let side = Shape::Rect {
        rect: band,
        radius: 0.0,
        fill: style.fill,
        stroke: Stroke::NONE,
    };
    out.push(cap(b.max.y - ry));
    out.push(side);
    for x in [b.min.x, b.max.x] {
        out.push(Shape::line(
            vec![pos(x, band.min.y), pos(x, band.max.y)],
            stroke,
        ));
    }
    out.push(cap(b.min.y + ry));
}

/// A cloud: overlapping circles on a rounded base, outlined by painting them grown in the stroke
/// colour first.
fn cloud(b: Rect, style: NodeStyle, out: &mut Vec<Shape>) {
    let (x, y) = (b.min.x, b.min.y);
    let base = Rect::from_min_max(pos(x, y + 26.0), b.max);
    let puffs = [(46.0, 28.0, 20.0), (92.0, 24.0, 24.0), (136.0, 30.0, 18.0)];
    for (grow, color) in [(BODY_STROKE, style.stroke), (0.0, style.fill)] {
        out.push(Shape::Rect {
            rect: base.expand(grow),
            radius: 17.0 + grow,
            fill: color,
            stroke: Stroke::NONE,
        });
        for (dx, dy, r) in puffs {
            out.push(Shape::circle(
                pos(x + dx, y + dy),
                r + grow,
                color,
                Stroke::NONE,
            ));
        }
    }
}
