//! Small icons drawn from primitives (no font glyphs, so every painter draws the same thing),
//! each in a 24 × 24 box around its centre.

use std::f32::consts::PI;

use super::geom::{Pos, Rect, arrowhead, pos};
use super::{Color, NodeStyle, Shape, Stroke};
use crate::model::{ClientPlatform, GatewayRole, NodeKind, StoreKind};

const W: f32 = 1.6;

/// Adds the icon of a node kind centred on `c`.
pub(crate) fn icon(kind: &NodeKind, c: Pos, color: Color, out: &mut Vec<Shape>) {
    let mut pen = Pen { c, color, out };
    match kind {
        NodeKind::Client { platform, .. } => pen.client(*platform),
        NodeKind::Server { .. } => pen.rack(),
        NodeKind::Peer { .. } => pen.mesh(),
        NodeKind::Gateway { role } => match role {
            GatewayRole::LoadBalancer => pen.fan_out(),
            _ => pen.door(),
        },
        NodeKind::Store { kind, .. } => match kind {
            StoreKind::Cache => pen.bolt(),
            StoreKind::Queue => pen.queue(),
            StoreKind::Object => pen.bucket(),
            _ => pen.database(),
        },
        NodeKind::Cdn => pen.globe(),
        NodeKind::External => pen.leave(),
        // The actor's body is its icon.
        NodeKind::Actor => {}
    }
}

/// A small padlock centred on `c` on a `backdrop` disc: marks data encrypted at rest.
pub(crate) fn lock(c: Pos, color: Color, backdrop: Color, out: &mut Vec<Shape>) {
    out.push(Shape::circle(
        pos(c.x, c.y + 1.0),
        7.5,
        backdrop,
        Stroke::NONE,
    ));
    let mut pen = Pen { c, color, out };
    pen.rect(-4.5, -0.5, 4.5, 6.0, 1.2, true);
    let arc = pen.arc(0.0, -0.5, 2.8, 3.4, PI, 2.0 * PI);
    pen.path(arc, false);
}

/// A stick figure filling box `b`: the body of an actor.
pub(crate) fn stick_figure(b: Rect, style: NodeStyle, out: &mut Vec<Shape>) {
    let stroke = Stroke::solid(2.2, style.stroke);
    let cx = b.center().x;
    let top = b.min.y;
    let head = 6.5;
    out.push(Shape::circle(
        pos(cx, top + head + 1.0),
        head,
        style.fill,
        stroke,
    ));
    let neck = top + 2.0 * head + 2.0;
    let hip = b.max.y - 14.0;
    out.push(Shape::line(vec![pos(cx, neck), pos(cx, hip)], stroke));
    out.push(Shape::line(
        vec![
            pos(b.min.x, neck + 7.0),
            pos(cx, neck + 4.0),
            pos(b.max.x, neck + 7.0),
        ],
        stroke,
    ));
    out.push(Shape::line(
        vec![
            pos(b.min.x + 2.0, b.max.y),
            pos(cx, hip),
            pos(b.max.x - 2.0, b.max.y),
        ],
        stroke,
    ));
}

/// Draws in icon-local coordinates (origin at the icon's centre).
struct Pen<'a> {
    c: Pos,
    color: Color,
    out: &'a mut Vec<Shape>,
}

impl Pen<'_> {
    fn p(&self, x: f32, y: f32) -> Pos {
        pos(self.c.x + x, self.c.y + y)
    }

    fn stroke(&self) -> Stroke {
        Stroke::solid(W, self.color)
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, radius: f32, filled: bool) {
        let fill = if filled {
            self.color
        } else {
            Color::TRANSPARENT
        };
        let stroke = if filled { Stroke::NONE } else { self.stroke() };
        self.out.push(Shape::Rect {
            rect: Rect::from_min_max(self.p(x0, y0), self.p(x1, y1)),
            radius,
            fill,
            stroke,
        });
    }

    fn line(&mut self, pts: &[(f32, f32)]) {
        let points = pts.iter().map(|&(x, y)| self.p(x, y)).collect();
        self.out.push(Shape::line(points, self.stroke()));
    }

    fn path(&mut self, points: Vec<Pos>, closed: bool) {
        let stroke = self.stroke();
        self.out.push(Shape::Path {
            points,
            closed,
            stroke,
        });
    }

    fn dot(&mut self, x: f32, y: f32, r: f32) {
        let c = self.p(x, y);
        self.out.push(Shape::circle(c, r, self.color, Stroke::NONE));
    }

    fn ring(&mut self, x: f32, y: f32, rx: f32, ry: f32) {
        let center = self.p(x, y);
        let stroke = self.stroke();
        self.out.push(Shape::Ellipse {
            center,
            radius: pos(rx, ry),
            fill: Color::TRANSPARENT,
            stroke,
        });
    }

    fn head(&mut self, tip: (f32, f32), dir: Pos, len: f32) {
        let points = arrowhead(self.p(tip.0, tip.1), dir, len, len * 0.6);
        self.out.push(Shape::Polygon {
            points,
            fill: self.color,
            stroke: Stroke::NONE,
        });
    }

    /// Points on an elliptical arc from angle `a0` to `a1` (radians, y down).
    fn arc(&self, x: f32, y: f32, rx: f32, ry: f32, a0: f32, a1: f32) -> Vec<Pos> {
        let n = 12;
        (0..=n)
            .map(|i| {
                let a = a0 + (a1 - a0) * i as f32 / n as f32;
                self.p(x + rx * a.cos(), y + ry * a.sin())
            })
            .collect()
    }

    fn client(&mut self, platform: ClientPlatform) {
        match platform {
            ClientPlatform::Web => {
                self.rect(-11.0, -9.0, 11.0, 9.0, 2.0, false);
                self.line(&[(-11.0, -4.0), (11.0, -4.0)]);
                for x in [-8.0, -5.0, -2.0] {
                    self.dot(x, -6.5, 0.9);
                }
            }
            ClientPlatform::Mobile => {
                self.rect(-7.0, -11.0, 7.0, 11.0, 2.5, false);
                self.line(&[(-2.5, 7.5), (2.5, 7.5)]);
            }
            ClientPlatform::Desktop => {
                self.rect(-11.0, -9.0, 11.0, 5.0, 1.5, false);
                self.line(&[(0.0, 5.0), (0.0, 9.5)]);
                self.line(&[(-5.0, 10.0), (5.0, 10.0)]);
            }
            ClientPlatform::Cli => {
                self.rect(-11.0, -9.0, 11.0, 9.0, 2.0, false);
                self.line(&[(-6.0, -3.5), (-2.0, 0.0), (-6.0, 3.5)]);
                self.line(&[(0.0, 4.0), (6.0, 4.0)]);
            }
            ClientPlatform::Iot => {
                self.rect(-7.0, -7.0, 7.0, 7.0, 1.5, false);
                for k in [-3.5, 0.0, 3.5] {
                    self.line(&[(k, -7.0), (k, -10.5)]);
                    self.line(&[(k, 7.0), (k, 10.5)]);
                    self.line(&[(-7.0, k), (-10.5, k)]);
                    self.line(&[(7.0, k), (10.5, k)]);
                }
            }
        }
    }

    fn rack(&mut self) {
        for y in [-10.5, -3.0, 4.5] {
            self.rect(-10.0, y, 10.0, y + 6.0, 1.2, false);
            self.dot(5.5, y + 3.0, 1.1);
            self.line(&[(-6.5, y + 3.0), (0.0, y + 3.0)]);
        }
    }

    fn mesh(&mut self) {
        let nodes = [(0.0, -8.0), (-8.5, 6.5), (8.5, 6.5)];
        self.line(&[nodes[0], nodes[1], nodes[2], nodes[0]]);
        for (x, y) in nodes {
            self.dot(x, y, 3.2);
        }
    }

    fn door(&mut self) {
        self.line(&[(-2.0, 11.0), (-2.0, -10.0), (9.0, -10.0), (9.0, 11.0)]);
        self.line(&[(-11.0, 1.0), (1.0, 1.0)]);
        self.head((6.5, 1.0), pos(1.0, 0.0), 6.0);
    }

    fn fan_out(&mut self) {
        self.line(&[(-11.0, 0.0), (-3.0, 0.0)]);
        for y in [-8.0, 0.0, 8.0] {
            self.line(&[(-3.0, 0.0), (6.0, y)]);
            self.head((11.0, y), pos(1.0, 0.0), 5.5);
        }
    }

    fn database(&mut self) {
        self.ring(0.0, -7.0, 8.5, 3.2);
        self.line(&[(-8.5, -7.0), (-8.5, 7.0)]);
        self.line(&[(8.5, -7.0), (8.5, 7.0)]);
        for y in [0.0, 7.0] {
            let arc = self.arc(0.0, y, 8.5, 3.2, 0.0, PI);
            self.path(arc, false);
        }
    }

    fn bolt(&mut self) {
        let pts = [
            (2.0, -11.0),
            (-7.0, 2.0),
            (-0.5, 2.0),
            (-2.0, 11.0),
            (7.0, -2.0),
            (0.5, -2.0),
        ];
        let points = pts.iter().map(|&(x, y)| self.p(x, y)).collect();
        self.path(points, true);
    }

    fn queue(&mut self) {
        self.rect(-11.0, -6.5, 11.0, 6.5, 3.0, false);
        for x in [-5.0, 0.0, 5.0] {
            self.line(&[(x, -3.0), (x, 3.0)]);
        }
    }

    fn bucket(&mut self) {
        self.ring(0.0, -7.0, 9.0, 3.0);
        self.line(&[(-9.0, -7.0), (-6.0, 9.0), (6.0, 9.0), (9.0, -7.0)]);
    }

    fn globe(&mut self) {
        self.ring(0.0, 0.0, 10.5, 10.5);
        self.ring(0.0, 0.0, 4.5, 10.5);
        self.line(&[(-10.5, 0.0), (10.5, 0.0)]);
        self.line(&[(-8.8, -5.5), (8.8, -5.5)]);
        self.line(&[(-8.8, 5.5), (8.8, 5.5)]);
    }

    fn leave(&mut self) {
        self.line(&[
            (-1.0, -7.0),
            (-10.0, -7.0),
            (-10.0, 10.0),
            (7.0, 10.0),
            (7.0, 1.0),
        ]);
        self.line(&[(-2.0, 2.0), (7.0, -7.0)]);
        self.head((11.0, -11.0), pos(1.0, -1.0).normalized(), 6.5);
    }
}
