//! Paints scene primitives with egui: model coordinates through the view onto the screen.

use eframe::egui;
use egui::epaint::{self, CircleShape, EllipseShape, RectShape, RoundedRect, StrokeKind};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};

use super::view::View;
use crate::scene::{self, Align, Anchor, ElementKind, Hit, Item};

/// Text smaller than this many screen points is not drawn (it could not be read anyway).
pub const MIN_TEXT_PX: f32 = 6.0;
/// Smaller bold text is drawn regular: thickening would only blur it.
const BOLD_MIN_PX: f32 = 10.0;
/// Below this zoom, nodes are solid boxes and links plain lines (a node is ~20 points wide).
pub const OVERVIEW_ZOOM: f32 = 0.12;
/// Below this zoom, icons and crossing markers are left out.
pub const DETAIL_ZOOM: f32 = 0.3;

/// An egui colour from a scene colour.
pub fn color(c: scene::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// Converts scene primitives to egui shapes for one view of the canvas.
pub struct ScenePainter<'a> {
    /// Lays out text.
    pub painter: &'a Painter,
    /// The canvas area on screen.
    pub canvas: Rect,
    /// The current view.
    pub view: View,
}

impl ScenePainter<'_> {
    fn pt(&self, p: scene::Pos) -> Pos2 {
        self.view.to_screen(self.canvas, p)
    }

    fn len(&self, l: f32) -> f32 {
        l * self.view.zoom
    }

    fn stroke(&self, s: &scene::Stroke) -> Stroke {
        if s.is_none() {
            return Stroke::NONE;
        }
        // Never thinner than half a point, so lines stay visible when zoomed out.
        Stroke::new(self.len(s.width).max(0.5), color(s.color))
    }

    /// Appends the shapes of an item; `details` adds its icons and markers.
    pub fn item(&self, item: &Item, details: bool, out: &mut Vec<Shape>) {
        for s in &item.shapes {
            self.shape(s, out);
        }
        if details {
            for s in &item.details {
                self.shape(s, out);
            }
        }
    }

    /// Appends a simplified item for far-out views: a node as one box in its colour, a link as a
    /// plain line, a zone as usual.
    pub fn overview_item(&self, item: &Item, out: &mut Vec<Shape>) {
        match (item.element.kind, &item.hit) {
            (ElementKind::Node, Hit::Area(r)) => {
                let r = self.view.to_screen_rect(self.canvas, *r);
                out.push(Shape::rect_filled(r, 0.0, color(item.accent)));
            }
            (ElementKind::Link, Hit::Line { points, .. }) => {
                let pts = points.iter().map(|p| self.pt(*p)).collect();
                out.push(Shape::line(pts, Stroke::new(0.6, color(item.accent))));
            }
            _ => self.item(item, false, out),
        }
    }

    /// Appends the text of an item (painted after the shapes of every item).
    pub fn labels(&self, item: &Item, out: &mut Vec<Shape>) {
        for s in &item.labels {
            self.shape(s, out);
        }
    }

    /// Appends one primitive.
    pub fn shape(&self, shape: &scene::Shape, out: &mut Vec<Shape>) {
        match shape {
            scene::Shape::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => self.rect(rect, *radius, *fill, stroke, out),
            scene::Shape::Path {
                points,
                closed,
                stroke,
            } => {
                let mut pts: Vec<Pos2> = points.iter().map(|p| self.pt(*p)).collect();
                if *closed && pts.len() > 2 {
                    pts.push(pts[0]);
                }
                self.line(pts, stroke, out);
            }
            scene::Shape::Polygon {
                points,
                fill,
                stroke,
            } => {
                let pts = points.iter().map(|p| self.pt(*p)).collect();
                out.push(Shape::convex_polygon(
                    pts,
                    color(*fill),
                    self.stroke(stroke),
                ));
            }
            scene::Shape::Ellipse {
                center,
                radius,
                fill,
                stroke,
            } => {
                let c = self.pt(*center);
                let (fill, stroke) = (color(*fill), self.stroke(stroke));
                if radius.x == radius.y {
                    out.push(Shape::Circle(CircleShape {
                        center: c,
                        radius: self.len(radius.x),
                        fill,
                        stroke,
                    }));
                } else {
                    let mut e =
                        EllipseShape::filled(c, vec2(self.len(radius.x), self.len(radius.y)), fill);
                    e.stroke = stroke;
                    out.push(Shape::Ellipse(e));
                }
            }
            scene::Shape::Text(t) => self.text(t, out),
        }
    }

    fn rect(
        &self,
        rect: &scene::Rect,
        radius: f32,
        fill: scene::Color,
        stroke: &scene::Stroke,
        out: &mut Vec<Shape>,
    ) {
        let r = self.view.to_screen_rect(self.canvas, *rect);
        let radius = self.len(radius);
        if stroke.dash.is_none() {
            out.push(Shape::Rect(RectShape::new(
                r,
                radius,
                color(fill),
                self.stroke(stroke),
                StrokeKind::Middle,
            )));
            return;
        }
        if !fill.is_transparent() {
            out.push(Shape::Rect(RectShape::filled(r, radius, color(fill))));
        }
        // egui dashes only paths, so trace the rounded outline as one.
        let mut outline = Vec::new();
        epaint::tessellator::path::rounded_rectangle(&mut outline, RoundedRect::new(r, radius));
        if let Some(&first) = outline.first() {
            outline.push(first);
        }
        self.line(outline, stroke, out);
    }

    fn line(&self, pts: Vec<Pos2>, stroke: &scene::Stroke, out: &mut Vec<Shape>) {
        if pts.len() < 2 || stroke.is_none() {
            return;
        }
        let s = self.stroke(stroke);
        match stroke.dash {
            Some(d) => {
                let on = self.len(d.on).max(2.0);
                let off = self.len(d.off).max(2.0);
                Shape::dashed_line_many(&pts, s, on, off, out);
            }
            None => out.push(Shape::line(pts, s)),
        }
    }

    fn text(&self, t: &scene::Text, out: &mut Vec<Shape>) {
        let size = self.len(t.size);
        if size < MIN_TEXT_PX || t.text.is_empty() {
            return;
        }
        let galley =
            self.painter
                .layout_no_wrap(t.text.clone(), FontId::proportional(size), color(t.color));
        let rect = align(t.anchor).anchor_size(self.pt(t.pos), galley.size());
        if let Some(bg) = t.background {
            let plate = rect.expand2(vec2(size * 0.35, size * 0.12));
            out.push(Shape::Rect(RectShape::filled(plate, size * 0.4, color(bg))));
        }
        if t.bold && size >= BOLD_MIN_PX {
            // The bundled fonts have no bold face: a second pass a hair to the right thickens strokes.
            let nudge = (size * 0.05).clamp(0.5, 1.5);
            out.push(Shape::galley(
                rect.min + Vec2::new(nudge, 0.0),
                galley.clone(),
                color(t.color),
            ));
        }
        out.push(Shape::galley(rect.min, galley, color(t.color)));
    }
}

fn align(a: Anchor) -> Align2 {
    let one = |a: Align| match a {
        Align::Start => egui::Align::Min,
        Align::Center => egui::Align::Center,
        Align::End => egui::Align::Max,
    };
    Align2([one(a.h), one(a.v)])
}
