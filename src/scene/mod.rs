//! The scene: a model, its positions and a theme turned into drawing primitives in model
//! coordinates.
//!
//! The canvas and the SVG/PNG exporters paint the same [`Scene`], so an exported diagram looks
//! exactly like the canvas. Everything here is plain Rust (no egui), built in one pass over the
//! model with hash maps, never pairwise, so 5,000 nodes build in a few tens of milliseconds.
//!
//! A scene also follows node moves in place ([`Scene::update_nodes`]), so dragging a node in a
//! 5,000-node model costs a fraction of a millisecond instead of a full build.
//!
//! Every [`Item`] draws one model element and says which (for hit-testing and highlighting).
//! Items come in paint order: zones (outer before inner), then links, then nodes; after all of
//! them, every item's text labels, so no line or box ever hides a name.

mod audit;
pub mod compare;
mod fast_hash;
pub mod geom;
mod icons;
mod links;
mod nodes;
mod obstacles;
mod placement;
mod route;
mod settle;
pub mod text;
pub mod theme;
mod update;
mod zones;

pub use audit::{Misdrawn, misdrawn_links};
pub use geom::{Pos, Rect, pos};
pub use nodes::kind_name;
pub use route::border_crossings;
pub use theme::{Color, NodeStyle, Theme, ThemeKind, ZoneStyle};

/// Height of the title strip at the top of a trust zone's region, in model units.
pub const ZONE_LABEL_H: f32 = zones::LABEL_H;
/// The size of a node's box, in model units.
pub const NODE_SIZE: Pos = pos(nodes::NODE_W, nodes::NODE_H);

use crate::model::Model;

/// What sort of model element an item draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementKind {
    /// A trust zone.
    Zone,
    /// A link between two nodes.
    Link,
    /// A node.
    Node,
}

/// A reference to one model element by kind and stable id: what selection and hit-tests yield.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementRef {
    /// Node, link or zone.
    pub kind: ElementKind,
    /// The element's id in the model.
    pub id: String,
}

impl ElementRef {
    /// A reference to the node with this id.
    pub fn node(id: impl Into<String>) -> Self {
        Self {
            kind: ElementKind::Node,
            id: id.into(),
        }
    }

    /// A reference to the link with this id.
    pub fn link(id: impl Into<String>) -> Self {
        Self {
            kind: ElementKind::Link,
            id: id.into(),
        }
    }

    /// A reference to the zone with this id.
    pub fn zone(id: impl Into<String>) -> Self {
        Self {
            kind: ElementKind::Zone,
            id: id.into(),
        }
    }
}

/// A dash pattern: `on` units drawn, `off` units skipped, repeating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dash {
    /// Length of each dash.
    pub on: f32,
    /// Length of each gap.
    pub off: f32,
}

/// An outline: width, colour and an optional dash pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width in model units.
    pub width: f32,
    /// Line colour.
    pub color: Color,
    /// Dashes, or a solid line.
    pub dash: Option<Dash>,
}

impl Stroke {
    /// No outline.
    pub const NONE: Stroke = Stroke {
        width: 0.0,
        color: Color::TRANSPARENT,
        dash: None,
    };

    /// A solid outline.
    pub const fn solid(width: f32, color: Color) -> Stroke {
        Stroke {
            width,
            color,
            dash: None,
        }
    }

    /// A dashed outline.
    pub const fn dashed(width: f32, color: Color, on: f32, off: f32) -> Stroke {
        Stroke {
            width,
            color,
            dash: Some(Dash { on, off }),
        }
    }

    /// Whether painting it would show nothing.
    pub fn is_none(&self) -> bool {
        self.width <= 0.0 || self.color.is_transparent()
    }
}

/// Horizontal or vertical alignment of text around its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// Text starts (left) or hangs (top) at the point.
    Start,
    /// Text is centred on the point.
    Center,
    /// Text ends (right) or sits (bottom) at the point.
    End,
}

/// Which point of the text's box sits at its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// Horizontal alignment.
    pub h: Align,
    /// Vertical alignment.
    pub v: Align,
}

impl Anchor {
    /// The text's left edge, vertically centred.
    pub const LEFT_CENTER: Anchor = Anchor {
        h: Align::Start,
        v: Align::Center,
    };
    /// The text's centre.
    pub const CENTER: Anchor = Anchor {
        h: Align::Center,
        v: Align::Center,
    };
    /// The middle of the text's top edge.
    pub const CENTER_TOP: Anchor = Anchor {
        h: Align::Center,
        v: Align::Start,
    };
}

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Where the anchor point of the text is.
    pub pos: Pos,
    /// The text (already truncated to fit; one line).
    pub text: String,
    /// Font size (em) in model units.
    pub size: f32,
    /// Text colour.
    pub color: Color,
    /// Which point of the text sits at `pos`.
    pub anchor: Anchor,
    /// Bold weight.
    pub bold: bool,
    /// A rounded plate behind the text, so it reads over lines.
    pub background: Option<Color>,
}

/// A drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle with rounded corners.
    Rect {
        /// The rectangle.
        rect: Rect,
        /// Corner radius.
        radius: f32,
        /// Fill (transparent: none).
        fill: Color,
        /// Outline.
        stroke: Stroke,
    },
    /// A line through points; closed paths join the last point back to the first.
    Path {
        /// The points, at least two.
        points: Vec<Pos>,
        /// Whether the path is closed.
        closed: bool,
        /// The line.
        stroke: Stroke,
    },
    /// A filled convex polygon (arrowheads, hexagons, markers) with an optional outline.
    Polygon {
        /// The corners, clockwise on screen.
        points: Vec<Pos>,
        /// Fill.
        fill: Color,
        /// Outline.
        stroke: Stroke,
    },
    /// An ellipse; a circle when both radii are equal.
    Ellipse {
        /// Centre.
        center: Pos,
        /// Horizontal and vertical radius.
        radius: Pos,
        /// Fill (transparent: none).
        fill: Color,
        /// Outline.
        stroke: Stroke,
    },
    /// A line of text.
    Text(Text),
}

impl Shape {
    /// A circle.
    pub fn circle(center: Pos, r: f32, fill: Color, stroke: Stroke) -> Shape {
        Shape::Ellipse {
            center,
            radius: pos(r, r),
            fill,
            stroke,
        }
    }

    /// An open polyline.
    pub fn line(points: Vec<Pos>, stroke: Stroke) -> Shape {
        Shape::Path {
            points,
            closed: false,
            stroke,
        }
    }
}

/// Where an item reacts to the pointer.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    /// Anywhere inside the rectangle.
    Area(Rect),
    /// Near the polyline, or on its label.
    Line {
        /// The line's points.
        points: Vec<Pos>,
        /// The label's box, if the link has a label.
        label: Option<Rect>,
    },
}

/// Everything drawn for one model element, with what it is and where it can be hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The element drawn.
    pub element: ElementRef,
    /// A box holding every primitive of the item (for culling and framing).
    pub bounds: Rect,
    /// The area that selects the element.
    pub hit: Hit,
    /// Primitives always drawn, in order.
    pub shapes: Vec<Shape>,
    /// Fine primitives (icons, markers) drawn after `shapes`; a canvas skips them when zoomed far
    /// out, exporters always draw them.
    pub details: Vec<Shape>,
    /// Text, drawn after the shapes of all items.
    pub labels: Vec<Shape>,
    /// The element's main colour, for simplified drawings (an overview, a minimap, a legend).
    pub accent: Color,
}

impl Item {
    /// Whether `p` hits the item, with `tolerance` model units of slack around lines.
    pub fn is_hit(&self, p: Pos, tolerance: f32) -> bool {
        match &self.hit {
            Hit::Area(r) => r.contains(p),
            Hit::Line { points, label } => {
                label.is_some_and(|l| l.contains(p))
                    || points
                        .windows(2)
                        .any(|w| geom::distance_to_segment(p, w[0], w[1]) <= tolerance)
            }
        }
    }
}

/// A model ready to paint: items in paint order and the box around them all.
///
/// Two scenes are equal when their items and bounds are; what a scene keeps to update itself
/// in place (see [`Scene::update_nodes`]) does not count.
#[derive(Debug, Clone)]
pub struct Scene {
    /// Everything to draw, back to front.
    pub items: Vec<Item>,
    /// The box around every item ([`Rect::NOTHING`] for an empty scene).
    pub bounds: Rect,
    /// What the scene was built from, for updates in place and fast look-ups.
    index: Option<Box<update::Index>>,
}

impl PartialEq for Scene {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items && self.bounds == other.bounds
    }
}

impl Default for Scene {
    fn default() -> Self {
        Scene {
            items: Vec::new(),
            bounds: Rect::NOTHING,
            index: None,
        }
    }
}

impl Scene {
    /// Builds the scene of a model: positions from its layout (with a deterministic placement for
    /// nodes that have none), zones around their members, links clipped at node borders.
    pub fn build(model: &Model, theme: &Theme) -> Scene {
        Scene::rebuild(model, theme, Scene::default())
    }

    /// Builds the scene of a model again after any edit, taking from `previous` (the scene of
    /// an earlier version of the model) every link line that would be drawn the same: routing
    /// round zones is most of a build, and an edit leaves most lines as they were. The result
    /// equals `Scene::build(model, theme)`.
    pub fn rebuild(model: &Model, theme: &Theme, previous: Scene) -> Scene {
        let tree = zones::ZoneTree::new(model);
        let padding = sanitize_padding(model.layout.zone_padding);
        let mut placement = placement::place(model, &tree, padding);
        settle::settle(&tree, &mut placement, padding, &settle::Rules::HONEST);
        let geoms = nodes::geometries(model, &tree, &placement);
        let zone_rects = tree.rects(&geoms, &placement, padding);

        let mut items =
            Vec::with_capacity(model.zones.len() + model.link_count() + model.node_count());
        tree.items(&zone_rects, theme, &mut items);
        let first_link = items.len();
        let reuse = previous
            .index
            .and_then(|index| index.into_reuse(previous.items, &tree, &zone_rects, theme));
        let (links, field) =
            links::items(model, &tree, &geoms, &zone_rects, theme, reuse, &mut items);
        let first_node = items.len();
        nodes::items(model, &geoms, theme, &mut items);
        let index = update::Index::new(update::Built {
            model,
            theme,
            padding,
            tree: &tree,
            placement: &placement,
            geoms: &geoms,
            zone_rects,
            first_link,
            first_node,
            links,
            field,
        });
        Scene {
            bounds: bounds_of(&items),
            items,
            index: Some(Box::new(index)),
        }
    }

    /// Brings the scene up to date after only the positions of the nodes `moved` changed in
    /// `model` (a drag): redraws those nodes, their links, the zones around them and the link
    /// labels near any of it, in place, in time proportional to what moved. Falls back to a
    /// full build when that cannot be done in place (another theme or zone padding, nodes or
    /// links added or removed, nodes placed by the fallback layout) or would not be faster (an
    /// eighth of the nodes or more moved); returns whether it updated in place. Either way the
    /// scene then equals `Scene::build(model, theme)`.
    pub fn update_nodes(&mut self, model: &Model, theme: &Theme, moved: &[&str]) -> bool {
        let in_place = self.move_in_place(model, theme, moved);
        if !in_place {
            *self = Scene::rebuild(model, theme, std::mem::take(self));
        }
        in_place
    }

    /// The first half of [`Scene::update_nodes`]: the update in place alone. On `false` the
    /// scene may be partly updated and must be built again ([`Scene::rebuild`] from it), here
    /// or on another thread; it is fit to paint until then, never to update in place again.
    pub fn move_in_place(&mut self, model: &Model, theme: &Theme, moved: &[&str]) -> bool {
        let padding = sanitize_padding(model.layout.zone_padding);
        // Moving a large part of the model touches most links anyway: a full build is faster.
        let few = moved.len() <= model.node_count() / 8 + 1;
        let in_place = match self.index.as_deref_mut() {
            Some(index) if few && index.fits(model, theme, padding) => {
                index.apply_moves(model, moved, &mut self.items)
            }
            _ => false,
        };
        if in_place {
            self.bounds = bounds_of(&self.items);
        }
        in_place
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every primitive with its item, in the order to paint them: each item's shapes and
    /// details, back to front, then every item's labels. Exporters that paint the whole scene
    /// use this; the canvas does the same per layer for the items in view.
    pub fn paint_order(&self) -> impl Iterator<Item = (&Item, &Shape)> {
        let bodies = self
            .items
            .iter()
            .flat_map(|i| i.shapes.iter().chain(&i.details).map(move |s| (i, s)));
        let labels = self
            .items
            .iter()
            .flat_map(|i| i.labels.iter().map(move |s| (i, s)));
        bodies.chain(labels)
    }

    /// The item drawing this element (nodes are looked up directly, others by a scan).
    pub fn find(&self, element: &ElementRef) -> Option<&Item> {
        if element.kind == ElementKind::Node {
            return self.node(&element.id);
        }
        self.items.iter().find(|item| &item.element == element)
    }

    /// The item drawing the node with this id.
    pub fn node(&self, id: &str) -> Option<&Item> {
        let indexed = self
            .index
            .as_ref()
            .and_then(|index| index.node_item(id, &self.items));
        match indexed {
            Some(i) => self.items.get(i),
            None => self
                .items
                .iter()
                .find(|item| item.element.kind == ElementKind::Node && item.element.id == id),
        }
    }

    /// The topmost item under `p` (nodes before links before zones, inner zones before outer).
    pub fn hit(&self, p: Pos, tolerance: f32) -> Option<&Item> {
        self.items
            .iter()
            .rev()
            .filter(|item| item.bounds.expand(tolerance).contains(p))
            .find(|item| item.is_hit(p, tolerance))
    }
}

/// The nodes the scene draws away from their stored positions so that no zone's box covers a
/// node outside the zone, with where it draws them. Writing these positions back (in the same
/// undo step as the edit that called for them) makes the file say what the picture shows.
pub fn settled_moves(model: &Model) -> Vec<(String, crate::model::Point)> {
    settle_model(model, &|_| false, false)
}

/// Like [`settled_moves`], with nodes that should keep their place and, when `solid_nodes`,
/// no two nodes overlapping either (what a layout wants).
pub(crate) fn settle_model(
    model: &Model,
    keep: &dyn Fn(&str) -> bool,
    solid_nodes: bool,
) -> Vec<(String, crate::model::Point)> {
    let tree = zones::ZoneTree::new(model);
    let padding = sanitize_padding(model.layout.zone_padding);
    let mut placement = placement::place(model, &tree, padding);
    let before = placement.centers.clone();
    let rules = settle::Rules { keep, solid_nodes };
    if !settle::settle(&tree, &mut placement, padding, &rules) {
        return Vec::new();
    }
    model
        .nodes()
        .filter_map(|n| {
            let (old, new) = (
                before.get(n.id.as_str())?,
                placement.centers.get(n.id.as_str())?,
            );
            (old != new).then(|| (n.id.clone(), crate::model::Point(new.x, new.y)))
        })
        .collect()
}

/// The box a node takes when centred at `c`, and its zone's box around given contents: what a
/// layout needs to place things exactly where the scene will draw them.
pub(crate) fn node_bounds(node: &crate::model::Node, c: Pos) -> Rect {
    nodes::geometry(node, c).bounds
}

/// A zone's box around `inside` (padding, title strip, room for its name).
pub(crate) fn zone_frame(zone: &crate::model::TrustZone, inside: Rect, padding: f32) -> Rect {
    zones::frame(inside, padding, zones::label_width(zone))
}

/// Zone padding as the scene uses it (hostile values kept in range).
pub(crate) fn zone_padding(model: &Model) -> f32 {
    sanitize_padding(model.layout.zone_padding)
}

pub(crate) use zones::ZoneTree;

/// The icon of a node kind in a 24 × 24 box centred on the origin, for palettes and legends (the
/// actor, whose body is its icon on the canvas, gets a small figure).
pub fn kind_icon(kind: &crate::model::NodeKind, color: Color) -> Vec<Shape> {
    let mut out = Vec::new();
    if *kind == crate::model::NodeKind::Actor {
        let line = Stroke::solid(1.6, color);
        out.push(Shape::circle(pos(0.0, -7.0), 4.0, Color::TRANSPARENT, line));
        out.push(Shape::line(vec![pos(0.0, -3.0), pos(0.0, 5.0)], line));
        out.push(Shape::line(vec![pos(-6.0, 0.0), pos(6.0, 0.0)], line));
        out.push(Shape::line(
            vec![pos(-5.0, 11.0), pos(0.0, 5.0), pos(5.0, 11.0)],
            line,
        ));
    } else {
        icons::icon(kind, Pos::ZERO, color, &mut out);
    }
    out
}

/// The box around every item.
fn bounds_of(items: &[Item]) -> Rect {
    items
        .iter()
        .fold(Rect::NOTHING, |acc, item| acc.union(item.bounds))
}

/// Zone padding from the file, kept to a sane range so hostile values cannot blow up the layout.
fn sanitize_padding(p: f32) -> f32 {
    if p.is_finite() {
        p.clamp(0.0, 400.0)
    } else {
        24.0
    }
}

#[cfg(test)]
mod tests;
