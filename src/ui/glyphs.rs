//! Toolbar icons drawn with painter shapes (no icon font to bundle): undo, redo, zoom, fit, the
//! side-panel toggles and presenting. Each is drawn in a unit square scaled into its button.

use std::f32::consts::PI;

use eframe::egui;
use egui::{
    Color32, CornerRadius, Painter, Pos2, Rect, Response, Role, Sense, Shape, Stroke, StrokeKind,
    Ui, WidgetInfo, pos2, vec2,
};

/// Side of an icon button, in points.
pub const BUTTON: f32 = 28.0;

/// A toolbar icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    /// A curved arrow turning back to the left.
    Undo,
    /// A curved arrow turning forward to the right.
    Redo,
    /// A magnifier with a plus.
    ZoomIn,
    /// A magnifier with a minus.
    ZoomOut,
    /// Four corners: frame everything.
    Fit,
    /// A window with its left column marked: the outline.
    LeftPanel,
    /// A window with its right column marked: the inspector.
    RightPanel,
    /// A screen with a play mark: presentation mode.
    Present,
}

/// An icon button labelled `label` for screen readers and tests, with `hint` as its tooltip.
pub fn button(ui: &mut Ui, glyph: Glyph, label: &str, hint: &str, enabled: bool) -> Response {
    button_toggled(ui, glyph, label, hint, enabled, None)
}

/// Like [`button`], drawn pressed while `on` is `Some(true)` (a panel that is shown).
pub fn button_toggled(
    ui: &mut Ui,
    glyph: Glyph,
    label: &str,
    hint: &str,
    enabled: bool,
    on: Option<bool>,
) -> Response {
    let sense = if enabled {
        Sense::click()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(vec2(BUTTON, BUTTON), sense);
    response.widget_info(|| match on {
        Some(on) => WidgetInfo::selected(Role::Button, enabled, on, label),
        None => WidgetInfo::labeled(Role::Button, enabled, label),
    });
    let visuals = ui.visuals();
    let active = on == Some(true);
    if enabled && (response.hovered() || active) {
        let fill = if active {
            visuals.selection.bg_fill.gamma_multiply(0.35)
        } else {
            visuals.widgets.hovered.weak_bg_fill
        };
        ui.painter().rect(
            rect.shrink(1.0),
            CornerRadius::same(6),
            fill,
            Stroke::NONE,
            StrokeKind::Inside,
        );
    }
    let color = if !enabled {
        visuals.weak_text_color().gamma_multiply(0.6)
    } else if active {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    paint(ui.painter(), rect.shrink(6.0), glyph, color);
    response.on_hover_text(hint)
}

/// Paints `glyph` into `area` in `color`.
pub fn paint(painter: &Painter, area: Rect, glyph: Glyph, color: Color32) {
    let at = |x: f32, y: f32| {
        pos2(
            area.left() + x * area.width(),
            area.top() + y * area.height(),
        )
    };
    let stroke = Stroke::new((area.width() / 10.0).clamp(1.2, 2.2), color);
    match glyph {
        Glyph::Undo => turn_arrow(painter, &at, stroke, false),
        Glyph::Redo => turn_arrow(painter, &at, stroke, true),
        Glyph::ZoomIn | Glyph::ZoomOut => {
            let centre = at(0.42, 0.42);
            painter.circle_stroke(centre, area.width() * 0.3, stroke);
            painter.line_segment([at(0.64, 0.64), at(0.92, 0.92)], stroke);
            painter.line_segment([at(0.28, 0.42), at(0.56, 0.42)], stroke);
            if glyph == Glyph::ZoomIn {
                painter.line_segment([at(0.42, 0.28), at(0.42, 0.56)], stroke);
            }
        }
        Glyph::Fit => {
            for (x, y, dx, dy) in [
                (0.05, 0.05, 1.0, 1.0),
                (0.95, 0.05, -1.0, 1.0),
                (0.05, 0.95, 1.0, -1.0),
                (0.95, 0.95, -1.0, -1.0),
            ] {
                let corner = at(x, y);
                let arm = area.width() * 0.3;
                painter.line(
                    vec![
                        corner + vec2(0.0, dy * arm),
                        corner,
                        corner + vec2(dx * arm, 0.0),
                    ],
                    stroke,
                );
            }
            painter.rect_stroke(
                Rect::from_min_max(at(0.35, 0.35), at(0.65, 0.65)),
                1.0,
                stroke,
                StrokeKind::Middle,
            );
        }
        Glyph::LeftPanel | Glyph::RightPanel => {
            let frame = Rect::from_min_max(at(0.0, 0.1), at(1.0, 0.9));
            painter.rect_stroke(frame, 2.0, stroke, StrokeKind::Middle);
            let x = if glyph == Glyph::LeftPanel {
                0.36
            } else {
                0.64
            };
            painter.line_segment([at(x, 0.1), at(x, 0.9)], stroke);
            let column = if glyph == Glyph::LeftPanel {
                Rect::from_min_max(at(0.0, 0.1), at(x, 0.9))
            } else {
                Rect::from_min_max(at(x, 0.1), at(1.0, 0.9))
            };
            painter.rect_filled(column, 2.0, color.gamma_multiply(0.35));
        }
        Glyph::Present => {
            let screen = Rect::from_min_max(at(0.0, 0.1), at(1.0, 0.78));
            painter.rect_stroke(screen, 2.0, stroke, StrokeKind::Middle);
            painter.line_segment([at(0.5, 0.78), at(0.5, 0.95)], stroke);
            painter.line_segment([at(0.3, 0.95), at(0.7, 0.95)], stroke);
            painter.add(Shape::convex_polygon(
                vec![at(0.42, 0.27), at(0.66, 0.44), at(0.42, 0.61)],
                color,
                Stroke::NONE,
            ));
        }
    }
}

/// A half-turn arrow: over the top from right to left (undo) or left to right (redo), its head
/// pointing down.
fn turn_arrow(painter: &Painter, at: &impl Fn(f32, f32) -> Pos2, stroke: Stroke, forward: bool) {
    let centre = at(0.5, 0.58);
    let radius = (at(0.32, 0.0).x - at(0.0, 0.0).x).abs();
    // From the right end (angle 0) over the top (angle -π/2, y grows downward) to the left.
    let points: Vec<Pos2> = (0..=16)
        .map(|i| {
            let a = -PI * i as f32 / 16.0;
            let p = centre + vec2(a.cos() * radius, a.sin() * radius);
            pos2(mirror_x(p.x, centre.x, forward), p.y)
        })
        .collect();
    let Some(&end) = points.last() else { return };
    painter.line(points, stroke);
    let head = radius * 0.55;
    painter.add(Shape::convex_polygon(
        vec![
            end + vec2(-head, -head * 0.1),
            end + vec2(head, -head * 0.1),
            end + vec2(0.0, head * 0.9),
        ],
        stroke.color,
        Stroke::NONE,
    ));
}

/// Mirrors `x` about `axis` when `forward`: redo is undo seen in a mirror.
fn mirror_x(x: f32, axis: f32, forward: bool) -> f32 {
    if forward { 2.0 * axis - x } else { x }
}
