//! What the canvas draws over the diagram while editing: connection handles, the link being drawn,
//! the rubber band, the zone a dragged node will land in, the ghost of a node dragged from the
//! palette, and the inline name editor.

use eframe::egui;
use egui::text::{CCursor, CCursorRange};
use egui::text_edit::TextEditState;
use egui::{
    CornerRadius, CursorIcon, Id, Key, Painter, Pos2, Rect, Response, Shape, Stroke, StrokeKind,
    TextEdit, Ui, vec2,
};

use super::super::drawing::Gesture;
use super::super::paint;
use super::super::palette::NewNode;
use super::Canvas;
use super::interact::{HANDLE_R, Press};
use crate::scene::{self, ElementKind, ElementRef, Hit};

/// The inline name editor's widget id.
const RENAME_ID: &str = "canvas-rename";

/// An element being renamed in place.
#[derive(Debug, Clone)]
pub(super) struct Rename {
    element: ElementRef,
    /// The name before renaming (keeping it is no edit).
    original: String,
    text: String,
    /// Frames left to wait for the editor to take the focus (it then selects its text).
    fresh: u8,
}

impl Canvas {
    /// Opens the inline name editor on a node or zone, its current name selected.
    pub fn start_rename(&mut self, element: ElementRef, name: &str) {
        if element.kind == ElementKind::Link {
            return;
        }
        self.rename = Some(Rename {
            element,
            original: name.to_owned(),
            text: name.to_owned(),
            fresh: 3,
        });
    }

    /// What the gesture in progress will do when released, for the status bar.
    pub fn hint(&self, ctx: &egui::Context, model: &crate::model::Model) -> Option<String> {
        let name = |id: &str| {
            model
                .node(id)
                .map_or_else(|| id.to_owned(), |n| n.name.clone())
        };
        match &self.press {
            Some(Press::Connect { from, to: Some(to) }) => Some(format!(
                "Release to connect “{}” → “{}”",
                name(from),
                name(to)
            )),
            Some(Press::Connect { from, to: None }) => Some(format!(
                "Drag onto another node to connect “{}” to it",
                name(from)
            )),
            Some(Press::Nodes(drag)) => drag.hint(model),
            Some(Press::Band { .. }) => Some(
                "Release to select what the band encloses (Shift adds to the selection)".into(),
            ),
            Some(Press::Pan) => None,
            None => {
                let new = egui::DragAndDrop::payload::<NewNode>(ctx)?;
                let p = ctx.pointer_latest_pos()?;
                let rect = self.last_rect.filter(|r| r.contains(p))?;
                let at = self.view.to_model(rect, p);
                let kind = crate::commands::create::kind_title(&new.0).to_lowercase();
                Some(
                    match self
                        .zone_at(model, crate::model::Point(at.x, at.y))
                        .and_then(|z| model.zone(&z))
                    {
                        Some(zone) => format!("Release to add a {kind} in “{}”", zone.name),
                        None => format!("Release to add a {kind} here"),
                    },
                )
            }
        }
    }

    /// Whether the inline name editor is open.
    pub fn is_renaming(&self) -> bool {
        self.rename.is_some()
    }

    /// Paints handles, the link being drawn, the band, drop targets and the palette ghost.
    pub(super) fn paint_overlay(
        &self,
        painter: &Painter,
        rect: Rect,
        response: &Response,
        model: &crate::model::Model,
    ) {
        let accent = paint::color(self.theme.selection);
        if let Some(node) = &self.handle_node
            && !matches!(self.press, Some(Press::Nodes(_)) | Some(Press::Band { .. }))
        {
            for h in self.handles(node) {
                let c = self.view.to_screen(rect, h);
                painter.circle(
                    c,
                    HANDLE_R,
                    paint::color(self.theme.background),
                    Stroke::new(1.8, accent),
                );
            }
        }
        match &self.press {
            Some(Press::Connect { from, to }) => {
                self.paint_new_link(painter, rect, response, from, to.as_deref())
            }
            Some(Press::Band { origin, .. }) => {
                if let Some(p) = response.interact_pointer_pos() {
                    let band = Rect::from_two_pos(*origin, p);
                    painter.rect(
                        band,
                        CornerRadius::ZERO,
                        accent.gamma_multiply(0.08),
                        Stroke::new(1.0, accent),
                        StrokeKind::Inside,
                    );
                }
            }
            Some(Press::Nodes(drag)) => {
                if let Some(zone) = &drag.target
                    && let Some(r) = drag.zone_rect(zone)
                {
                    let r = self.view.to_screen_rect(rect, r);
                    painter.rect_stroke(
                        r,
                        CornerRadius::same(12),
                        Stroke::new(3.0, accent),
                        StrokeKind::Outside,
                    );
                }
            }
            _ => {}
        }
        if let Some(new) = response.dnd_hover_payload::<NewNode>()
            && let Some(p) = response.ctx.pointer_latest_pos()
        {
            // The zone it would join, then where the node would go.
            let at = self.view.to_model(rect, p);
            if let Some(zone) = self.zone_at(model, crate::model::Point(at.x, at.y))
                && let Some(item) = self.scene.find(&ElementRef::zone(zone))
            {
                let r = self.view.to_screen_rect(rect, item.bounds);
                painter.rect_stroke(
                    r,
                    CornerRadius::same(12),
                    Stroke::new(3.0, accent),
                    StrokeKind::Outside,
                );
            }
            let size = scene::NODE_SIZE;
            let ghost = Rect::from_center_size(p, vec2(size.x, size.y) * self.view.zoom);
            painter.rect(
                ghost,
                CornerRadius::same(8),
                accent.gamma_multiply(0.12),
                Stroke::new(1.5, accent),
                StrokeKind::Inside,
            );
            painter.text(
                ghost.center(),
                egui::Align2::CENTER_CENTER,
                crate::commands::create::kind_title(&new.0),
                egui::FontId::proportional((13.0 * self.view.zoom).clamp(9.0, 16.0)),
                accent,
            );
        }
    }

    /// The link being drawn: from the source node to the target under the pointer (or the
    /// pointer itself), with an arrowhead.
    fn paint_new_link(
        &self,
        painter: &Painter,
        rect: Rect,
        response: &Response,
        from: &str,
        to: Option<&str>,
    ) {
        let accent = paint::color(self.theme.selection);
        let centre = |id: &str| {
            self.scene
                .find(&ElementRef::node(id))
                .map(|i| self.view.to_screen(rect, i.bounds.center()))
        };
        let end = match to.and_then(centre) {
            Some(c) => c,
            None => match response.interact_pointer_pos() {
                Some(p) => p,
                None => return,
            },
        };
        // The line leaves the source at its border, towards where it is going.
        let start = match self.scene.find(&ElementRef::node(from)).map(|i| &i.hit) {
            Some(Hit::Area(a)) => {
                let toward = self.view.to_model(rect, end);
                let exit = scene::geom::border_point(a, a.center(), toward);
                self.view.to_screen(rect, exit)
            }
            _ => return,
        };
        if let Some(id) = to
            && let Some(item) = self.scene.find(&ElementRef::node(id))
            && let Hit::Area(a) = item.hit
        {
            let r = self.view.to_screen_rect(rect, a).expand(4.0);
            painter.rect_stroke(
                r,
                CornerRadius::same(8),
                Stroke::new(2.5, accent),
                StrokeKind::Outside,
            );
        }
        painter.line_segment([start, end], Stroke::new(2.0, accent));
        let dir = (end - start).normalized();
        if dir.is_finite() && dir.length() > 0.0 {
            let side = vec2(-dir.y, dir.x) * 5.0;
            let back = end - dir * 11.0;
            painter.add(Shape::convex_polygon(
                vec![end, back + side, back - side],
                accent,
                Stroke::NONE,
            ));
        }
        painter.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }

    /// The inline name editor over the element being renamed; Enter or a click elsewhere keeps
    /// the name, Escape drops it.
    pub(super) fn rename_ui(&mut self, ui: &mut Ui, rect: Rect) -> Option<Gesture> {
        let rename = self.rename.as_mut()?;
        let Some(item) = self.scene.find(&rename.element) else {
            self.rename = None;
            return None;
        };
        let Hit::Area(area) = item.hit else {
            self.rename = None;
            return None;
        };
        let area = self.view.to_screen_rect(rect, area);
        let height = 26.0;
        let (width, at) = match rename.element.kind {
            ElementKind::Zone => (240.0, Pos2::new(area.min.x + 8.0, area.min.y + 2.0)),
            _ => {
                let w = area.width().max(170.0);
                (
                    w,
                    Pos2::new(area.center().x - w / 2.0, area.center().y - height / 2.0),
                )
            }
        };
        let field = Rect::from_min_size(at, vec2(width, height));
        let id = Id::unique(RENAME_ID);
        let had_focus = ui.memory(|m| m.has_focus(id));
        // Select the whole name once the field has the focus, so typing replaces it.
        if rename.fresh > 0 && had_focus {
            let mut state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
            let all = CCursorRange::two(CCursor::new(0), CCursor::new(rename.text.chars().count()));
            state.cursor.set_char_range(Some(all));
            state.store(ui.ctx(), id);
            rename.fresh = 0;
        }
        let response = ui.put(
            field,
            TextEdit::singleline(&mut rename.text)
                .id(id)
                .hint_text("Name")
                .font(egui::TextStyle::Body)
                .background_color(ui.visuals().extreme_bg_color),
        );
        if rename.fresh > 0 {
            // Ask for the focus a few frames running (and a frame to show it), then give up
            // waiting: the field then behaves like any other.
            rename.fresh -= 1;
            response.request_focus();
            ui.ctx().request_repaint();
            return None;
        }
        // Focus is read from memory: the field drops it on Enter, Escape or a click elsewhere.
        if ui.memory(|m| m.has_focus(id)) {
            return None;
        }
        let cancelled = ui.input(|i| i.key_pressed(Key::Escape));
        let done = self.rename.take()?;
        if cancelled {
            None
        } else {
            rename_gesture(done)
        }
    }
}

/// The edit a finished rename makes (nothing for an empty or unchanged name).
fn rename_gesture(done: Rename) -> Option<Gesture> {
    let name = done.text.trim();
    (!name.is_empty() && name != done.original).then(|| Gesture::Rename {
        element: done.element,
        name: name.to_owned(),
    })
}
