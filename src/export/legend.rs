//! The legend under an exported diagram: a swatch and a word for each node kind, zone trust level
//! and link style the diagram uses, built from the same primitives and colours as the scene.

use std::collections::HashSet;

use crate::model::{Model, NodeKind};
use crate::scene::{Anchor, Color, Pos, Rect, Shape, Stroke, Text, Theme, pos, text};

const SIZE: f32 = 11.0;
const SWATCH_W: f32 = 24.0;
const SWATCH_H: f32 = 14.0;
const GAP: f32 = 6.0;
const SPACING: f32 = 20.0;
const ROW: f32 = 24.0;

/// One legend entry: what its swatch looks like and its word.
enum Swatch {
    Node(Color, Color),
    Zone(Color, Color),
    Line(Stroke),
    Shield(Color),
}

/// The legend's shapes laid out in rows from `origin` (top-left) within `width`, and its height.
pub fn shapes(model: &Model, theme: &Theme, origin: Pos, width: f32) -> (Vec<Shape>, f32) {
    let entries = entries(model, theme);
    let mut out = Vec::with_capacity(entries.len() * 2);
    let width = width.max(SWATCH_W * 8.0);
    let mut x = origin.x;
    let mut y = origin.y + ROW / 2.0;
    for (swatch, word) in &entries {
        let w = SWATCH_W + GAP + text::width(word, SIZE, false);
        if x > origin.x && x + w > origin.x + width {
            x = origin.x;
            y += ROW;
        }
        draw(&mut out, swatch, pos(x, y), theme);
        out.push(Shape::Text(Text {
            pos: pos(x + SWATCH_W + GAP, y),
            text: word.clone(),
            size: SIZE,
            color: theme.text_muted,
            anchor: Anchor::LEFT_CENTER,
            bold: false,
            background: None,
        }));
        x += w + SPACING;
    }
    let height = if entries.is_empty() {
        0.0
    } else {
        y + ROW / 2.0 - origin.y
    };
    (out, height)
}

/// What the diagram shows, in palette order: node kinds, trust levels, then link styles.
fn entries(model: &Model, theme: &Theme) -> Vec<(Swatch, String)> {
    let mut out = Vec::new();
    for kind in NodeKind::all_defaults() {
        if model.nodes().any(|n| n.kind.label() == kind.label()) {
            let style = theme.node(&kind);
            out.push((
                Swatch::Node(style.fill, style.stroke),
                kind.label().to_owned(),
            ));
        }
    }
    for trust in 0..=3u8 {
        let used = model.zones.iter().any(|z| z.trust.min(3) == trust);
        if used {
            let style = theme.zone(trust);
            let word = if trust == 3 {
                "zone, trust 3+".to_owned()
            } else {
                format!("zone, trust {trust}")
            };
            out.push((Swatch::Zone(style.fill, style.stroke), word));
        }
    }
    if model.links().any(|l| !l.is_plaintext()) {
        out.push((
            Swatch::Line(Stroke::solid(1.7, theme.link)),
            "encrypted link".into(),
        ));
    }
    if model.links().any(|l| l.is_plaintext()) {
        out.push((
            Swatch::Line(Stroke::dashed(1.7, theme.link, 7.0, 5.0)),
            "plaintext link".into(),
        ));
    }
    // A link crosses a boundary exactly when its ends' innermost zones differ; comparing them
    // is much cheaper than walking zone chains for ten thousand links.
    let zones: HashSet<&str> = model.zones.iter().map(|z| z.id.as_str()).collect();
    let zone_of = |id: &str| {
        model
            .node(id)
            .and_then(|n| n.zone.as_deref())
            .filter(|z| zones.contains(z))
    };
    let crossing = |plain: bool| {
        model
            .links()
            .any(|l| l.is_plaintext() == plain && zone_of(&l.from) != zone_of(&l.to))
    };
    if crossing(false) {
        out.push((Swatch::Shield(theme.crossing), "boundary crossing".into()));
    }
    if crossing(true) {
        out.push((
            Swatch::Shield(theme.crossing_plaintext),
            "plaintext crossing".into(),
        ));
    }
    out
}

fn draw(out: &mut Vec<Shape>, swatch: &Swatch, at: Pos, theme: &Theme) {
    let rect = Rect::from_min_max(
        pos(at.x, at.y - SWATCH_H / 2.0),
        pos(at.x + SWATCH_W, at.y + SWATCH_H / 2.0),
    );
    match swatch {
        Swatch::Node(fill, stroke) => out.push(Shape::Rect {
            rect,
            radius: 3.0,
            fill: *fill,
            stroke: Stroke::solid(1.5, *stroke),
        }),
        Swatch::Zone(fill, stroke) => out.push(Shape::Rect {
            rect,
            radius: 3.0,
            fill: *fill,
            stroke: Stroke::dashed(1.4, *stroke, 5.0, 3.0),
        }),
        Swatch::Line(stroke) => out.push(Shape::line(
            vec![pos(rect.min.x, at.y), pos(rect.max.x, at.y)],
            *stroke,
        )),
        Swatch::Shield(color) => {
            // The scene's crossing marker: a small shield outlined in the background colour.
            let c = pos(at.x + SWATCH_W / 2.0, at.y);
            let pts = [
                (-6.0, -7.0),
                (6.0, -7.0),
                (6.0, 1.5),
                (0.0, 8.0),
                (-6.0, 1.5),
            ];
            out.push(Shape::Polygon {
                points: pts.iter().map(|&(x, y)| pos(c.x + x, c.y + y)).collect(),
                fill: *color,
                stroke: Stroke::solid(1.5, theme.background),
            });
        }
    }
}
