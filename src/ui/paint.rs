//! Paints scene primitives with egui: model coordinates through the view onto the screen.

use eframe::egui;
use egui::epaint::{self, CircleShape, EllipseShape, Mesh, RectShape, RoundedRect, StrokeKind};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};

use super::view::View;
use crate::scene::{self, Align, Anchor, ElementKind, Hit, Item};

/// Text smaller than this many screen points is not drawn (it could not be read anyway).
pub const MIN_TEXT_PX: f32 = 6.0;
/// Node names are never drawn smaller than this many screen points while the node is drawn in
/// full (above [`OVERVIEW_ZOOM`]), so a fitted diagram still shows every name.
pub const MIN_NAME_PX: f32 = 9.0;
/// Zone names are never drawn smaller than this many screen points, so a fitted diagram still
/// says which box is which trust zone (only a box too narrow for a few letters goes unnamed).
pub const MIN_ZONE_NAME_PX: f32 = 10.0;
/// Smaller bold text is drawn regular: thickening would only blur it.
const BOLD_MIN_PX: f32 = 10.0;
/// Below this zoom, nodes are solid boxes and links plain lines (a node is ~20 points wide).
pub const OVERVIEW_ZOOM: f32 = 0.12;
/// Below this zoom, icons and crossing markers are left out.
pub const DETAIL_ZOOM: f32 = 0.3;
/// Outline dashes shorter than this many screen points are drawn as a fainter solid outline:
/// they could not be told apart, and a zone's outline would take thousands of shapes.
const MIN_DASH_PX: f32 = 2.5;
/// Dashed lines keep their dashes at any zoom (a dashed link is plaintext), at least this long.
const MIN_LINE_DASH_PX: f32 = 3.0;
/// The most dashes drawn along one segment (a hostile coordinate cannot stall a frame).
const MAX_DASHES: u32 = 20_000;
/// Width of an overview link on screen, and how opaque it is (a faint hairline).
const OVERVIEW_LINK: (f32, f32) = (1.0, 0.6);

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
    /// The canvas colour, behind zone names drawn larger than their title strip.
    pub background: Color32,
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
    /// hairline (both into `mesh`, one mesh for thousands of them, with no anti-aliasing work),
    /// a zone as usual (into `out`).
    pub fn overview_item(&self, item: &Item, out: &mut Vec<Shape>, mesh: &mut Mesh) {
        match (item.element.kind, &item.hit) {
            (ElementKind::Node, Hit::Area(r)) => {
                let r = self.view.to_screen_rect(self.canvas, *r);
                mesh.add_colored_rect(r, color(item.accent));
            }
            (ElementKind::Link, Hit::Line { points, .. }) => {
                let (width, alpha) = OVERVIEW_LINK;
                let c = color(item.accent).gamma_multiply(alpha);
                for w in points.windows(2) {
                    add_line(mesh, self.pt(w[0]), self.pt(w[1]), width, c);
                }
            }
            _ => self.item(item, false, out),
        }
    }

    /// Appends the text of an item (painted after the shapes of every item). A node's name
    /// (its bold label) keeps a readable size when zoomed out, shortened to the node's width;
    /// so does a zone's name, inside the top of its box.
    pub fn labels(&self, item: &Item, out: &mut Vec<Shape>) {
        let node_width = match (&item.element.kind, &item.hit) {
            (ElementKind::Node, Hit::Area(r)) => Some(self.len(r.width())),
            _ => None,
        };
        if let (ElementKind::Zone, Hit::Area(zone)) = (&item.element.kind, &item.hit) {
            for s in &item.labels {
                match s {
                    scene::Shape::Text(t) if t.bold && self.len(t.size) < MIN_ZONE_NAME_PX => {
                        self.zone_name(t, zone, out);
                    }
                    _ => self.shape(s, out),
                }
            }
            return;
        }
        for s in &item.labels {
            match (s, node_width) {
                (scene::Shape::Text(t), Some(width))
                    if t.bold
                        && self.len(t.size) < MIN_NAME_PX
                        && self.view.zoom >= OVERVIEW_ZOOM =>
                {
                    self.name(t, width, out);
                }
                _ => self.shape(s, out),
            }
        }
    }

    /// `text` in `font`, cut with an ellipsis to `width` screen points.
    fn shortened(&self, text: &str, font: &FontId, width: f32) -> String {
        let fits = |text: &str| {
            self.painter
                .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
                <= width
        };
        if fits(text) {
            return text.to_owned();
        }
        let mut chars: Vec<char> = text.chars().collect();
        // Whole words first would be nicer; names are short, so shortening by characters
        // takes few layouts.
        while !chars.is_empty() && !fits(&format!("{}…", chars.iter().collect::<String>())) {
            chars.pop();
        }
        format!("{}…", chars.iter().collect::<String>().trim_end())
    }

    /// A zone's name at [`MIN_ZONE_NAME_PX`], just inside the top left corner of its box and cut
    /// to the box's width, on a plate of the canvas colour so it reads over what it covers.
    fn zone_name(&self, t: &scene::Text, zone: &scene::Rect, out: &mut Vec<Shape>) {
        let r = self.view.to_screen_rect(self.canvas, *zone);
        let inset = vec2(4.0, 2.0);
        let width = r.width() - 2.0 * inset.x;
        if width < 3.0 * MIN_ZONE_NAME_PX {
            return;
        }
        let font = FontId::proportional(MIN_ZONE_NAME_PX);
        let text = self.shortened(&t.text, &font, width);
        let galley = self.painter.layout_no_wrap(text, font, color(t.color));
        let at = r.min + inset;
        let plate = Rect::from_min_size(at, galley.size()).expand2(vec2(2.0, 0.5));
        out.push(Shape::Rect(RectShape::filled(
            plate,
            2.0,
            self.background.gamma_multiply(0.85),
        )));
        out.push(Shape::galley(at, galley, color(t.color)));
    }

    /// A node's name at [`MIN_NAME_PX`], cut with an ellipsis to `width` screen points.
    fn name(&self, t: &scene::Text, width: f32, out: &mut Vec<Shape>) {
        let font = FontId::proportional(MIN_NAME_PX);
        let text = self.shortened(&t.text, &font, width);
        let galley = self.painter.layout_no_wrap(text, font, color(t.color));
        let rect = align(t.anchor).anchor_size(self.pt(t.pos), galley.size());
        if let Some(bg) = t.background {
            let plate = rect.expand2(vec2(MIN_NAME_PX * 0.35, MIN_NAME_PX * 0.12));
            out.push(Shape::Rect(RectShape::filled(
                plate,
                MIN_NAME_PX * 0.4,
                color(bg),
            )));
        }
        out.push(Shape::galley(rect.min, galley, color(t.color)));
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
                if let ([a, b], false) = (points.as_slice(), closed) {
                    // Most paths are single segments (links, posts): no list to allocate.
                    self.line(&[self.pt(*a), self.pt(*b)], stroke, out);
                    return;
                }
                let mut pts: Vec<Pos2> = points.iter().map(|p| self.pt(*p)).collect();
                if *closed && pts.len() > 2 {
                    pts.push(pts[0]);
                }
                self.line(&pts, stroke, out);
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
        let Some((on, off)) = self.dashes(stroke) else {
            out.push(Shape::Rect(RectShape::new(
                r,
                radius,
                color(fill),
                self.solid(stroke),
                StrokeKind::Middle,
            )));
            return;
        };
        if !fill.is_transparent() {
            out.push(Shape::Rect(RectShape::filled(r, radius, color(fill))));
        }
        // egui dashes only paths, so trace the rounded outline as one.
        let mut outline = Vec::new();
        epaint::tessellator::path::rounded_rectangle(&mut outline, RoundedRect::new(r, radius));
        if let Some(&first) = outline.first() {
            outline.push(first);
        }
        let s = self.stroke(stroke);
        dashes_in_view(
            &outline,
            s,
            (on, off),
            self.canvas.expand(s.width + 1.0),
            out,
        );
    }

    /// The dash and gap lengths of an outline on screen, when the stroke is dashed and the
    /// dashes are long enough to show.
    fn dashes(&self, stroke: &scene::Stroke) -> Option<(f32, f32)> {
        let d = stroke.dash?;
        let on = self.len(d.on);
        (on >= MIN_DASH_PX && !stroke.is_none()).then(|| (on, self.len(d.off).max(2.0)))
    }

    /// The stroke drawn solid: dashes too small to show become a line as faint as they would
    /// look on average.
    fn solid(&self, stroke: &scene::Stroke) -> Stroke {
        let mut s = self.stroke(stroke);
        if let Some(d) = stroke.dash
            && d.on + d.off > 0.0
        {
            s.color = s.color.gamma_multiply(d.on / (d.on + d.off));
        }
        s
    }

    fn line(&self, pts: &[Pos2], stroke: &scene::Stroke, out: &mut Vec<Shape>) {
        if pts.len() < 2 || stroke.is_none() {
            return;
        }
        if let Some(d) = stroke.dash {
            let dash = (
                self.len(d.on).max(MIN_LINE_DASH_PX),
                self.len(d.off).max(MIN_LINE_DASH_PX),
            );
            let s = self.stroke(stroke);
            dashes_in_view(pts, s, dash, self.canvas.expand(s.width + 1.0), out);
            return;
        }
        let s = self.stroke(stroke);
        match pts {
            [a, b] => out.push(Shape::LineSegment {
                points: [*a, *b],
                stroke: s,
            }),
            _ => out.push(Shape::line(pts.to_vec(), s)),
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

/// Dashes along a polyline of screen points, only where they fall inside `clip`. The pattern
/// is measured from the start of the line, so it stays put while the view pans.
fn dashes_in_view(
    pts: &[Pos2],
    stroke: Stroke,
    (on, off): (f32, f32),
    clip: Rect,
    out: &mut Vec<Shape>,
) {
    let period = on + off;
    let mut start = 0.0;
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = a.distance(b);
        if len.is_nan() || len <= 0.0 {
            continue;
        }
        if let Some((t0, t1)) = clip_segment(a, b, clip) {
            let (from, to) = (start + t0 * len, start + t1 * len);
            let first = (from / period).floor();
            let count = (((to - from) / period).ceil() as u32)
                .saturating_add(2)
                .min(MAX_DASHES);
            for k in 0..count {
                let d0 = (first + k as f32) * period;
                if d0 >= to {
                    break;
                }
                let (u0, u1) = (d0.max(from), (d0 + on).min(to));
                if u1 > u0 {
                    let at = |u: f32| a.lerp(b, (u - start) / len);
                    out.push(Shape::LineSegment {
                        points: [at(u0), at(u1)],
                        stroke,
                    });
                }
            }
        }
        start += len;
    }
}

/// The part of segment `a`–`b` inside `clip`, as fractions of the way (Liang–Barsky).
fn clip_segment(a: Pos2, b: Pos2, clip: Rect) -> Option<(f32, f32)> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    for (p, q) in [
        (-d.x, a.x - clip.min.x),
        (d.x, clip.max.x - a.x),
        (-d.y, a.y - clip.min.y),
        (d.y, clip.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 < t1).then_some((t0, t1))
}

/// A straight line of `width` points as two triangles (no anti-aliasing: for hairlines).
fn add_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len.is_nan() || len <= 0.0 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) * (width / 2.0 / len);
    let first = mesh.vertices.len() as u32;
    for p in [a + n, b + n, b - n, a - n] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

fn align(a: Anchor) -> Align2 {
    let one = |a: Align| match a {
        Align::Start => egui::Align::Min,
        Align::Center => egui::Align::Center,
        Align::End => egui::Align::Max,
    };
    Align2([one(a.h), one(a.v)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(shapes: &[Shape]) -> Vec<[Pos2; 2]> {
        shapes
            .iter()
            .filter_map(|s| match s {
                Shape::LineSegment { points, .. } => Some(*points),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dashes_are_made_only_in_view_and_stay_put_when_panning() {
        let clip = Rect::from_min_max(Pos2::ZERO, Pos2::new(100.0, 100.0));
        let stroke = Stroke::new(1.0, Color32::BLACK);
        // A line a million points long crossing a 100-point view: only the visible dashes.
        let line = [Pos2::new(-1.0e6, 50.0), Pos2::new(1.0e6, 50.0)];
        let mut out = Vec::new();
        dashes_in_view(&line, stroke, (6.0, 4.0), clip, &mut out);
        let dashes = segments(&out);
        assert!((9..=11).contains(&dashes.len()), "{}", dashes.len());
        assert!(
            dashes
                .iter()
                .flatten()
                .all(|p| clip.expand(0.5).contains(*p))
        );

        // Panning by a whole number of dash periods shows the same dashes.
        let near = [Pos2::new(-40.0, 50.0), Pos2::new(300.0, 50.0)];
        let panned = [Pos2::new(-60.0, 50.0), Pos2::new(280.0, 50.0)];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        dashes_in_view(&near, stroke, (6.0, 4.0), clip, &mut a);
        dashes_in_view(&panned, stroke, (6.0, 4.0), clip, &mut b);
        let shift = |d: [Pos2; 2]| d.map(|p| p + Vec2::new(20.0, 0.0));
        let b: Vec<[Pos2; 2]> = segments(&b).into_iter().map(shift).collect();
        let inside = |d: &[Pos2; 2]| d[0].x >= 20.0 && d[1].x <= 100.0;
        let a: Vec<[Pos2; 2]> = segments(&a).into_iter().filter(inside).collect();
        let b: Vec<[Pos2; 2]> = b.into_iter().filter(inside).collect();
        assert!(!a.is_empty());
        assert_eq!(a.len(), b.len());
        let close = |p: Pos2, q: Pos2| p.distance(q) < 1e-3;
        assert!(
            a.iter()
                .zip(&b)
                .all(|(x, y)| close(x[0], y[0]) && close(x[1], y[1])),
            "{a:?} vs {b:?}"
        );
    }

    /// The text shapes (their heights on screen and texts) a painter makes for a scene's zones.
    fn zone_names_at(zoom: f32) -> Vec<(f32, String)> {
        let model = crate::examples::EXAMPLES[0].model().expect("example");
        let scene = scene::Scene::build(&model, &scene::Theme::dark());
        let ctx = egui::Context::default();
        let mut found = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let canvas = Rect::from_min_size(Pos2::ZERO, vec2(1000.0, 800.0));
            let painter = ui.painter().clone();
            let sp = ScenePainter {
                painter: &painter,
                canvas,
                view: View {
                    center: scene.bounds.center(),
                    zoom,
                },
                background: Color32::BLACK,
            };
            let mut out = Vec::new();
            for item in scene
                .items
                .iter()
                .filter(|i| i.element.kind == ElementKind::Zone)
            {
                sp.labels(item, &mut out);
            }
            for s in out {
                if let Shape::Text(t) = s {
                    found.push((t.galley.size().y, t.galley.text().to_owned()));
                }
            }
        });
        // Nothing is rendered here: the font atlas changes are not needed.
        output.textures_delta.clear();
        found
    }

    #[test]
    fn zone_names_stay_legible_when_zoomed_out() {
        // Far out, every zone is still named, at the minimum size or larger.
        let far = zone_names_at(0.15);
        assert!(!far.is_empty());
        assert!(far.iter().all(|(h, _)| *h >= MIN_ZONE_NAME_PX), "{far:?}");
        // Close up, the names are drawn as the scene sizes them, with their captions.
        let near = zone_names_at(1.0);
        assert!(near.len() > far.len(), "{near:?} vs {far:?}");
    }

    #[test]
    fn segments_outside_the_view_are_clipped_away() {
        let clip = Rect::from_min_max(Pos2::ZERO, Pos2::new(10.0, 10.0));
        assert_eq!(
            clip_segment(Pos2::new(-5.0, 5.0), Pos2::new(15.0, 5.0), clip),
            Some((0.25, 0.75))
        );
        assert_eq!(
            clip_segment(Pos2::new(-5.0, 20.0), Pos2::new(15.0, 20.0), clip),
            None
        );
    }
}
