//! The canvas view: which model point sits at the centre of the canvas, and the zoom.

use eframe::egui;
use egui::{Pos2, Rect, Vec2, pos2};

use crate::scene::{self, Pos};

/// Closest zoom out (model units per screen point = 50).
pub const MIN_ZOOM: f32 = 0.02;
/// Closest zoom in.
pub const MAX_ZOOM: f32 = 8.0;

/// Maps model coordinates to screen points and back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The model point at the centre of the canvas.
    pub center: Pos,
    /// Screen points per model unit.
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        View {
            center: Pos::ZERO,
            zoom: 1.0,
        }
    }
}

impl View {
    /// Where a model point appears on a canvas occupying `canvas`.
    pub fn to_screen(&self, canvas: Rect, p: Pos) -> Pos2 {
        let c = canvas.center();
        pos2(
            c.x + (p.x - self.center.x) * self.zoom,
            c.y + (p.y - self.center.y) * self.zoom,
        )
    }

    /// The model point under a screen point.
    pub fn to_model(&self, canvas: Rect, p: Pos2) -> Pos {
        let c = canvas.center();
        scene::pos(
            self.center.x + (p.x - c.x) / self.zoom,
            self.center.y + (p.y - c.y) / self.zoom,
        )
    }

    /// The model rectangle a screen rectangle shows.
    pub fn to_model_rect(&self, canvas: Rect, r: Rect) -> scene::Rect {
        scene::Rect::from_min_max(self.to_model(canvas, r.min), self.to_model(canvas, r.max))
    }

    /// A model rectangle on screen.
    pub fn to_screen_rect(&self, canvas: Rect, r: scene::Rect) -> Rect {
        Rect::from_min_max(self.to_screen(canvas, r.min), self.to_screen(canvas, r.max))
    }

    /// Moves the view with the pointer by a screen delta (dragging the background).
    pub fn pan(&mut self, screen_delta: Vec2) {
        self.center.x -= screen_delta.x / self.zoom;
        self.center.y -= screen_delta.y / self.zoom;
    }

    /// Zooms by `factor`, keeping the model point under `anchor` (a screen point) in place.
    pub fn zoom_around(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.to_model(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_model(canvas, anchor);
        self.center = self.center + (before - after);
    }

    /// The view that shows all of `bounds` in `canvas` with `margin` screen points around it,
    /// zooming in no closer than `max_zoom`.
    pub fn fitting(canvas: Rect, bounds: scene::Rect, margin: f32, max_zoom: f32) -> View {
        if bounds.is_empty() {
            return View::default();
        }
        let room = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zx = room.x / bounds.width().max(1.0);
        let zy = room.y / bounds.height().max(1.0);
        View {
            center: bounds.center(),
            zoom: zx.min(zy).clamp(MIN_ZOOM, max_zoom.min(MAX_ZOOM)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(pos2(100.0, 50.0), Vec2::new(800.0, 600.0))
    }

    #[test]
    fn screen_and_model_round_trip() {
        let v = View {
            center: scene::pos(30.0, -20.0),
            zoom: 2.5,
        };
        let p = scene::pos(123.0, 456.0);
        let back = v.to_model(canvas(), v.to_screen(canvas(), p));
        assert!(back.distance(p) < 1e-3);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut v = View::default();
        let anchor = pos2(700.0, 120.0);
        let under = v.to_model(canvas(), anchor);
        v.zoom_around(canvas(), anchor, 3.0);
        assert!(v.to_model(canvas(), anchor).distance(under) < 1e-3);
        assert_eq!(v.zoom, 3.0);
    }

    #[test]
    fn fitting_shows_everything() {
        let bounds = scene::Rect::from_min_max(scene::pos(-1000.0, 0.0), scene::pos(3000.0, 500.0));
        let v = View::fitting(canvas(), bounds, 20.0, 1.0);
        let shown = v.to_model_rect(canvas(), canvas());
        assert!(shown.contains_rect(&bounds));
    }
}
