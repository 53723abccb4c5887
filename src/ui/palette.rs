//! The palette in the toolbar: one tool per node kind, with its icon. Click one to add that
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

/// Width of a tool without its name.
const ICON_TOOL_W: f32 = 34.0;
/// Room kept for the "More" menu when not every tool fits.
const MORE_W: f32 = 64.0;
/// Space between tools.
const GAP: f32 = 2.0;

/// Shows the palette in one row of at most `room` points: icons and names when they fit, else
/// icons alone, and the kinds that still do not fit under a "More" menu. Returns the node to add
/// when a tool is clicked.
pub fn ui(ui: &mut Ui, room: f32) -> Option<Action> {
    let kinds = NodeKind::all_defaults();
    let labelled = room >= kinds.len() as f32 * (TOOL_W + GAP);
    let fitting = if labelled || room >= kinds.len() as f32 * (ICON_TOOL_W + GAP) {
        kinds.len()
    } else {
        (((room - MORE_W) / (ICON_TOOL_W + GAP)).floor().max(0.0) as usize).min(kinds.len())
    };
    let mut action = None;
    ui.spacing_mut().item_spacing.x = GAP;
    let (shown, rest) = kinds.split_at(fitting);
    for kind in shown {
        if tool(ui, kind, !labelled) {
            action = Some(Action::AddNode(kind.clone()));
        }
    }
    if !rest.is_empty() {
        ui.menu_button("More", |ui| {
            for kind in rest {
                if ui.button(format!("Add {}", kind_title(kind))).clicked() {
                    action = Some(Action::AddNode(kind.clone()));
                }
            }
        })
        .response
        .on_hover_text("More kinds of node");
    }
    action
}

/// One tool: its icon and, unless `compact`, its name; returns whether it was clicked.
fn tool(ui: &mut Ui, kind: &NodeKind, compact: bool) -> bool {
    let title = kind_title(kind);
    let width = if compact { ICON_TOOL_W } else { TOOL_W };
    let (rect, response) = ui.allocate_exact_size(vec2(width, TOOL_H), Sense::click_and_drag());
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
    if !compact {
        painter.text(
            rect.left_center() + vec2(32.0, 0.0),
            Align2::LEFT_CENTER,
            short_title(title),
            FontId::proportional(13.0),
            color,
        );
    }
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
