//! Two versions of a model in one drawing: added elements outlined green, changed ones amber,
//! removed ones ghosted in red where they were. The canvas and the SVG export paint the same
//! overlay items after the scene of the newer version.

use super::{Color, ElementRef, Hit, Item, Scene, Shape, Stroke, Text, ThemeKind};

/// How an element changed between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Only in the newer version.
    Added,
    /// Only in the older version: drawn as a ghost.
    Removed,
    /// In both, different.
    Changed,
}

/// The colour of a mark: green, red, amber (darker on a light background).
pub fn mark_color(mark: Mark, kind: ThemeKind) -> Color {
    match (mark, kind) {
        (Mark::Added, ThemeKind::Light) => Color::hex(0x1a7f37),
        (Mark::Added, ThemeKind::Dark) => Color::hex(0x3fb950),
        (Mark::Removed, ThemeKind::Light) => Color::hex(0xcf222e),
        (Mark::Removed, ThemeKind::Dark) => Color::hex(0xf85149),
        (Mark::Changed, ThemeKind::Light) => Color::hex(0xbf8700),
        (Mark::Changed, ThemeKind::Dark) => Color::hex(0xe3b341),
    }
}

/// The overlay items: ghosts of removed elements (from the older scene) first, then an outline
/// around each added or changed element of the newer scene. Elements a scene does not draw are
/// skipped.
pub fn overlay(
    newer: &Scene,
    older: &Scene,
    marks: &[(ElementRef, Mark)],
    kind: ThemeKind,
) -> Vec<Item> {
    let mut out = Vec::new();
    for (element, _) in marks.iter().filter(|(_, m)| *m == Mark::Removed) {
        if let Some(item) = older.find(element) {
            out.push(ghost(item, mark_color(Mark::Removed, kind)));
        }
    }
    for (element, mark) in marks.iter().filter(|(_, m)| *m != Mark::Removed) {
        if let Some(item) = newer.find(element) {
            out.push(outline(item, mark_color(*mark, kind)));
        }
    }
    out
}

/// A faded copy of an item in the removal colour, with a dashed outline.
fn ghost(item: &Item, color: Color) -> Item {
    let fade = |c: Color| {
        if c.is_transparent() {
            c
        } else {
            color.with_alpha(c.a / 4)
        }
    };
    let restroke = |s: Stroke| Stroke {
        color: if s.is_none() {
            s.color
        } else {
            color.with_alpha(150)
        },
        dash: s.dash.or(Some(super::Dash { on: 6.0, off: 4.0 })),
        ..s
    };
    let recolor = |shape: &Shape| match shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => Shape::Rect {
            rect: *rect,
            radius: *radius,
            fill: fade(*fill),
            stroke: restroke(*stroke),
        },
        Shape::Path {
            points,
            closed,
            stroke,
        } => Shape::Path {
            points: points.clone(),
            closed: *closed,
            stroke: restroke(*stroke),
        },
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => Shape::Polygon {
            points: points.clone(),
            fill: fade(*fill),
            stroke: restroke(*stroke),
        },
        Shape::Ellipse {
            center,
            radius,
            fill,
            stroke,
        } => Shape::Ellipse {
            center: *center,
            radius: *radius,
            fill: fade(*fill),
            stroke: restroke(*stroke),
        },
        Shape::Text(t) => Shape::Text(Text {
            color: color.with_alpha(170),
            background: t.background.map(|b| b.with_alpha(b.a / 2)),
            ..t.clone()
        }),
    };
    Item {
        element: item.element.clone(),
        bounds: item.bounds,
        hit: item.hit.clone(),
        shapes: item.shapes.iter().map(recolor).collect(),
        details: item.details.iter().map(recolor).collect(),
        labels: item.labels.iter().map(recolor).collect(),
        accent: color,
    }
}

/// A coloured halo around a box, or along a line.
fn outline(item: &Item, color: Color) -> Item {
    let shape = match &item.hit {
        Hit::Area(r) => Shape::Rect {
            rect: r.expand(6.0),
            radius: 10.0,
            fill: Color::TRANSPARENT,
            stroke: Stroke::solid(3.0, color),
        },
        Hit::Line { points, .. } => {
            Shape::line(points.clone(), Stroke::solid(7.0, color.with_alpha(120)))
        }
    };
    Item {
        element: item.element.clone(),
        bounds: item.bounds.expand(8.0),
        hit: item.hit.clone(),
        shapes: vec![shape],
        details: Vec::new(),
        labels: Vec::new(),
        accent: color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Theme;

    #[test]
    fn removed_elements_come_from_the_older_scene_and_the_rest_from_the_newer() {
        let old = crate::examples::template("web-app").expect("template");
        let mut data = old.to_data();
        data.nodes.retain(|n| n.id != "email");
        data.links.retain(|l| l.to != "email");
        data.layout.positions.remove("email");
        let new = crate::model::Model::from_data(data).expect("valid");
        let theme = Theme::light();
        let (a, b) = (Scene::build(&old, &theme), Scene::build(&new, &theme));
        let marks = [
            (ElementRef::node("email"), Mark::Removed),
            (ElementRef::node("orders"), Mark::Changed),
            (ElementRef::node("nowhere"), Mark::Added),
        ];
        let items = overlay(&b, &a, &marks, ThemeKind::Light);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].element, ElementRef::node("email"));
        assert_eq!(items[0].accent, mark_color(Mark::Removed, ThemeKind::Light));
        assert_eq!(items[1].element, ElementRef::node("orders"));
        assert!(matches!(items[1].shapes[0], Shape::Rect { .. }));
    }
}
