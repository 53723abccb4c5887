//! Drawing attention on the canvas: a focused zone dims everything outside it, and marked
//! elements (a presented finding, a checklist step's elements) stand out over a dimmed diagram.

use eframe::egui;
use egui::{Color32, Rect, Shape};

use super::super::paint::{self, DETAIL_ZOOM, ScenePainter};
use super::Canvas;
use crate::scene::{ElementRef, Hit};

/// How strongly what is not in the spotlight fades (0 none, 255 gone).
const DIM: u8 = 175;

/// What the canvas puts in the spotlight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spotlight {
    /// The zone in focus: everything outside it is dimmed.
    pub zone: Option<String>,
    /// Elements drawn over a dimmed diagram, each outlined in its colour.
    pub marked: Vec<(ElementRef, Color32)>,
}

impl Spotlight {
    /// Whether nothing is in the spotlight.
    pub fn is_empty(&self) -> bool {
        self.zone.is_none() && self.marked.is_empty()
    }
}

impl Canvas {
    /// The zone in focus, if any.
    pub fn focused_zone(&self) -> Option<&str> {
        self.spotlight.zone.as_deref()
    }

    /// Dims what is outside the spotlight and draws the marked elements over it.
    pub(super) fn paint_spotlight(&mut self, painter: &egui::Painter, rect: Rect) {
        if self.spotlight.is_empty() {
            return;
        }
        let dim = paint::color(self.theme.background.with_alpha(DIM));
        if let Some(zone) = &self.spotlight.zone {
            let area = self
                .scene
                .find(&ElementRef::zone(zone.as_str()))
                .map(|item| self.view.to_screen_rect(rect, item.bounds).expand(6.0));
            match area {
                Some(area) => {
                    for outside in around(rect, area) {
                        painter.rect_filled(outside, 0.0, dim);
                    }
                }
                // The zone is gone (deleted, or another file opened): nothing to focus on.
                None => self.spotlight.zone = None,
            }
        }
        if self.spotlight.marked.is_empty() {
            return;
        }
        painter.rect_filled(rect, 0.0, dim);
        let sp = ScenePainter {
            painter,
            canvas: rect,
            view: self.view,
            background: crate::ui::paint::color(self.theme.background),
        };
        let details = self.view.zoom >= DETAIL_ZOOM;
        let mut shapes: Vec<Shape> = Vec::new();
        let marked: Vec<_> = self
            .spotlight
            .marked
            .iter()
            .filter_map(|(e, c)| self.scene.find(e).map(|item| (item, *c)))
            .collect();
        // Zones under links under nodes, as in the scene.
        for (item, _) in &marked {
            if matches!(item.hit, Hit::Area(_))
                && item.element.kind == crate::scene::ElementKind::Zone
            {
                sp.item(item, details, &mut shapes);
            }
        }
        for (item, _) in &marked {
            if item.element.kind != crate::scene::ElementKind::Zone {
                sp.item(item, details, &mut shapes);
            }
        }
        for (item, color) in &marked {
            sp.labels(item, &mut shapes);
            self.highlight(rect, item, *color, 2.5, &mut shapes);
        }
        painter.extend(shapes);
    }
}

/// The parts of `outer` outside `inner`: up to four bands around it.
fn around(outer: Rect, inner: Rect) -> Vec<Rect> {
    let inner = inner.intersect(outer);
    if !inner.is_positive() {
        return vec![outer];
    }
    [
        Rect::from_min_max(outer.min, egui::pos2(outer.right(), inner.top())),
        Rect::from_min_max(egui::pos2(outer.left(), inner.bottom()), outer.max),
        Rect::from_min_max(
            egui::pos2(outer.left(), inner.top()),
            egui::pos2(inner.left(), inner.bottom()),
        ),
        Rect::from_min_max(
            egui::pos2(inner.right(), inner.top()),
            egui::pos2(outer.right(), inner.bottom()),
        ),
    ]
    .into_iter()
    .filter(|r| r.is_positive())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bands_around_a_zone_cover_the_rest_of_the_canvas() {
        let outer = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(100.0, 80.0));
        let inner = Rect::from_min_max(egui::pos2(20.0, 10.0), egui::pos2(60.0, 50.0));
        let bands = around(outer, inner);
        let area: f32 = bands.iter().map(|r| r.area()).sum();
        assert!((area - (outer.area() - inner.area())).abs() < 0.01);
        assert!(bands.iter().all(|b| !b.intersects(inner.shrink(0.5))));
        let off = Rect::from_min_max(egui::pos2(200.0, 200.0), egui::pos2(220.0, 220.0));
        assert_eq!(around(outer, off), vec![outer]);
    }
}
