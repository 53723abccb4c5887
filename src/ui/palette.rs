//! The palette above the canvas: one tool per node kind, with its icon. Click one to add that
//! node beside the selection (or in the middle of the view), or drag it onto the canvas to put it
//! where it is dropped.

use eframe::egui;
use egui::{
    Align2, CornerRadius, CursorIcon, FontId, Rect, Role, Sense, Stroke, StrokeKind, Ui,
    WidgetInfo, vec2,
};

use super::actions::Action;
use super::paint::ScenePainter;
use super::view::View;
use crate::commands::create::kind_title;
use crate::model::NodeKind;
use crate::scene::{self, Pos};

/// A node kind being dragged from the palette onto the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNode(pub NodeKind);

/// Width of one palette tool, in points.
const TOOL_W: f32 = 92.0;
/// Height of one palette tool, in points.
const TOOL_H: f32 = 30.0;

/// Shows the palette; returns the node to add when a tool is clicked.
pub fn ui(ui: &mut Ui) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        ui.weak("Add");
        ui.add_space(6.0);
        for kind in NodeKind::all_defaults() {
            if tool(ui, &kind) {
                action = Some(Action::AddNode(kind));
            }
        }
    });
    action
}

/// One tool: its icon and name; returns whether it was clicked.
fn tool(ui: &mut Ui, kind: &NodeKind) -> bool {
    let title = kind_title(kind);
    let (rect, response) = ui.allocate_exact_size(vec2(TOOL_W, TOOL_H), Sense::click_and_drag());
    let label = format!("Add {title}");
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    response.dnd_set_drag_payload(NewNode(kind.clone()));
    let visuals = ui.style().interact(&response);
    let painter = ui.painter_at(rect);
    if response.hovered() || response.has_focus() || response.dragged() {
        painter.rect(
            rect.shrink(1.0),
            CornerRadius::same(6),
            visuals.weak_bg_fill,
            Stroke::new(1.0, visuals.bg_stroke.color),
            StrokeKind::Inside,
        );
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    let color = visuals.text_color();
    let icon_box = Rect::from_center_size(rect.left_center() + vec2(17.0, 0.0), vec2(22.0, 22.0));
    paint_icon(&painter, icon_box, kind, color);
    painter.text(
        rect.left_center() + vec2(32.0, 0.0),
        Align2::LEFT_CENTER,
        short_title(title),
        FontId::proportional(13.0),
        color,
    );
    let clicked = response.clicked();
    response.on_hover_text(format!(
        "Add a {} — click, or drag onto the canvas",
        title.to_lowercase()
    ));
    clicked
}

/// The name shown on the tool ("External system" is too long for the strip).
fn short_title(title: &str) -> &str {
    title.split(' ').next().unwrap_or(title)
}

/// Paints a kind's icon, the same drawing the canvas uses, scaled into `area`.
fn paint_icon(painter: &egui::Painter, area: Rect, kind: &NodeKind, color: egui::Color32) {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    let shapes = scene::kind_icon(kind, scene::Color::rgba(r, g, b, a));
    let sp = ScenePainter {
        painter,
        canvas: area,
        view: View {
            center: Pos::ZERO,
            zoom: area.width() / 26.0,
        },
        background: egui::Color32::TRANSPARENT,
    };
    let mut out = Vec::new();
    for s in &shapes {
        sp.shape(s, &mut out);
    }
    painter.extend(out);
}
