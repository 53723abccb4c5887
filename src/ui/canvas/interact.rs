//! Editing with the pointer on the canvas: what a press starts (moving nodes, moving a zone by
//! its title strip, connecting from a handle, a rubber band, panning with space held), clicks with
//! Shift or Ctrl that add to the selection, nodes dropped from the palette, and the trust zone a
//! dragged node lands in.

use eframe::egui;
use egui::{Key, Modifiers, PointerButton, Pos2, Response, Ui};

use super::super::drawing::Gesture;
use super::super::edit;
use super::super::palette::NewNode;
use super::{Canvas, HIT_SLOP};
use crate::model::{Model, Point};
use crate::scene::{self, ElementKind, ElementRef, Hit};

/// Radius of a connection handle on screen, in points.
pub(super) const HANDLE_R: f32 = 5.5;
/// How near the pointer must be to a handle to grab it, in points.
const HANDLE_GRAB: f32 = 10.0;
/// Below this zoom nodes are too small for handles.
const HANDLE_ZOOM: f32 = 0.3;

/// What a primary press on the canvas is doing.
#[derive(Debug, Clone)]
pub(super) enum Press {
    /// Moving nodes.
    Nodes(NodeDrag),
    /// Drawing a new link from a node's handle; `to` is the node under the pointer.
    Connect { from: String, to: Option<String> },
    /// Selecting what lies inside a rectangle; `base` is the selection to add to (Shift held).
    Band { origin: Pos2, base: Vec<ElementRef> },
    /// Moving the view (space held).
    Pan,
}

/// Nodes being dragged: where the pointer grabbed them, where each started, and the trust zones
/// as they were when the drag began (a zone's region follows its members, so drop targets are
/// judged against the regions before the move).
#[derive(Debug, Clone)]
pub(super) struct NodeDrag {
    grab: scene::Pos,
    start: Vec<(String, Point)>,
    /// The positions last reported, so a still pointer reports nothing.
    last: Option<Vec<(String, Point)>>,
    zones: Vec<ZoneSlot>,
    /// The zone being moved by its title strip, if it is one (its members stay its members;
    /// the zone itself may land inside another).
    moving_zone: Option<String>,
    /// The zone the node (or zone) under the pointer would land in, for the drop highlight.
    pub(super) target: Option<String>,
    /// The node nearest the grab point (it snaps; the rest follow).
    anchor: Option<String>,
}

/// A trust zone's region and nesting depth.
#[derive(Debug, Clone)]
pub(super) struct ZoneSlot {
    pub(super) id: String,
    pub(super) rect: scene::Rect,
    depth: usize,
}

impl NodeDrag {
    /// What dropping now would do to zones, when it changes any.
    pub(super) fn hint(&self, model: &Model) -> Option<String> {
        let zone_name = |id: &String| {
            model
                .zone(id)
                .map_or_else(|| id.clone(), |z| z.name.clone())
        };
        let (moving, before) = match &self.moving_zone {
            Some(zone) => (
                model.zone(zone)?.name.clone(),
                model.zone(zone)?.parent.clone(),
            ),
            None => {
                let node = model.node(self.anchor.as_deref()?)?;
                (node.name.clone(), node.zone.clone())
            }
        };
        if self.last.is_none() || self.target == before {
            return None;
        }
        Some(match (&self.target, &self.moving_zone) {
            (Some(to), Some(_)) => format!("Release to nest “{moving}” in “{}”", zone_name(to)),
            (None, Some(_)) => format!("Release to take “{moving}” out of every zone"),
            (Some(to), None) => format!("Release to move “{moving}” into “{}”", zone_name(to)),
            (None, None) => format!("Release to take “{moving}” out of its zone"),
        })
    }

    /// The region of a zone as it was when the drag began.
    pub(super) fn zone_rect(&self, id: &str) -> Option<scene::Rect> {
        self.zones.iter().find(|z| z.id == id).map(|z| z.rect)
    }
}

/// The innermost zone whose region holds `p` (the smaller one when two are equally deep).
fn innermost(zones: &[ZoneSlot], p: scene::Pos) -> Option<&ZoneSlot> {
    zones.iter().filter(|z| z.rect.contains(p)).max_by(|a, b| {
        let area = |z: &ZoneSlot| z.rect.width() * z.rect.height();
        a.depth.cmp(&b.depth).then(area(b).total_cmp(&area(a)))
    })
}

/// Adds `e` to the selection, or takes it out if it is in.
pub(super) fn toggle(
    selection: &mut Option<ElementRef>,
    also: &mut Vec<ElementRef>,
    e: ElementRef,
) {
    if selection.as_ref() == Some(&e) {
        also.retain(|x| x != &e);
        *selection = also.first().cloned();
    } else if let Ok(i) = also.binary_search(&e) {
        also.remove(i);
    } else if selection.is_none() {
        *selection = Some(e);
    } else {
        let i = also.binary_search(&e).unwrap_or_else(|i| i);
        also.insert(i, e);
    }
}

impl Canvas {
    /// The trust zones drawn now, with their depth in the zone tree.
    pub(super) fn zone_slots(&self, model: &Model) -> Vec<ZoneSlot> {
        self.scene
            .items
            .iter()
            .filter(|i| i.element.kind == ElementKind::Zone)
            .map(|i| ZoneSlot {
                id: i.element.id.clone(),
                rect: i.bounds,
                depth: model.zone_chain(Some(&i.element.id)).len(),
            })
            .collect()
    }

    /// The innermost trust zone drawn at model point `p`.
    pub fn zone_at(&self, model: &Model, p: Point) -> Option<String> {
        let slots = self.zone_slots(model);
        innermost(&slots, scene::pos(p.0, p.1)).map(|z| z.id.clone())
    }

    /// The connection handles of a node, in model units: the middle of each side.
    pub(super) fn handles(&self, node: &str) -> Vec<scene::Pos> {
        match self.scene.find(&ElementRef::node(node)).map(|i| &i.hit) {
            Some(Hit::Area(a)) => {
                let c = a.center();
                vec![
                    scene::pos(a.max.x, c.y),
                    scene::pos(a.min.x, c.y),
                    scene::pos(c.x, a.min.y),
                    scene::pos(c.x, a.max.y),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// Whether a screen point is on one of `node`'s handles.
    fn on_handle(&self, rect: egui::Rect, node: &str, p: Pos2) -> bool {
        self.view.zoom >= HANDLE_ZOOM
            && self
                .handles(node)
                .into_iter()
                .any(|h| self.view.to_screen(rect, h).distance(p) <= HANDLE_GRAB)
    }

    /// Which node shows its handles: the one under the pointer or just beside it (handles stick
    /// out of the node), else the selected node.
    pub(super) fn update_handle_node(
        &mut self,
        rect: egui::Rect,
        pointer: Option<Pos2>,
        selection: Option<&ElementRef>,
    ) {
        if self.view.zoom < HANDLE_ZOOM {
            self.handle_node = None;
            return;
        }
        let near = pointer.and_then(|p| {
            let at = self.view.to_model(rect, p);
            let reach = HANDLE_GRAB / self.view.zoom;
            self.scene
                .items
                .iter()
                .rev()
                .filter(|i| i.element.kind == ElementKind::Node)
                .find(|i| match &i.hit {
                    Hit::Area(a) => a.expand(reach).contains(at),
                    Hit::Line { .. } => false,
                })
                .map(|i| i.element.id.clone())
        });
        let selected = selection
            .filter(|e| e.kind == ElementKind::Node)
            .map(|e| e.id.clone());
        self.handle_node = near.or(selected);
    }

    /// Starts, follows and ends a primary press; returns the edits it makes.
    pub(super) fn press_input(
        &mut self,
        ui: &Ui,
        (rect, response): (egui::Rect, &Response),
        model: &Model,
        (selection, also): (&mut Option<ElementRef>, &mut Vec<ElementRef>),
        snap: bool,
        out: &mut Vec<Gesture>,
    ) {
        if response.drag_started_by(PointerButton::Primary)
            && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        {
            self.press = Some(self.begin_press(ui, rect, origin, model, (selection, also)));
        }
        if self.press.is_some() && ui.input(|i| i.key_pressed(Key::Escape)) {
            self.cancel_press(out);
            return;
        }
        let pointer = response.interact_pointer_pos();
        let held = response.dragged_by(PointerButton::Primary);
        match &mut self.press {
            None | Some(Press::Pan) => {}
            Some(Press::Nodes(_)) => {
                out.extend(self.follow_node_drag(rect, model, pointer, held, snap))
            }
            Some(Press::Connect { .. }) => out.extend(self.follow_connect(rect, pointer, held)),
            Some(Press::Band { .. }) => self.follow_band(rect, pointer, (selection, also)),
        }
        if !held {
            self.press = None;
        }
    }

    /// Escape while the button is held: no link is drawn, dragged nodes go back where they were
    /// (the drag's undo step then holds nothing and is dropped), a band stops where it is.
    fn cancel_press(&mut self, out: &mut Vec<Gesture>) {
        if let Some(Press::Nodes(drag)) = self.press.take() {
            if drag.last.is_some() {
                out.push(Gesture::Move(drag.start));
            }
            out.push(Gesture::End {
                zones: Vec::new(),
                parent: None,
            });
        }
    }

    /// Decides what a press at `origin` (screen) does.
    fn begin_press(
        &self,
        ui: &Ui,
        rect: egui::Rect,
        origin: Pos2,
        model: &Model,
        (selection, also): (&mut Option<ElementRef>, &mut Vec<ElementRef>),
    ) -> Press {
        let modifiers = ui.input(|i| i.modifiers);
        if let Some(node) = &self.handle_node
            && self.on_handle(rect, node, origin)
        {
            return Press::Connect {
                from: node.clone(),
                to: None,
            };
        }
        if self.space_held(ui) {
            return Press::Pan;
        }
        let grab = self.view.to_model(rect, origin);
        let hit = self.scene.hit(grab, HIT_SLOP / self.view.zoom);
        match hit.map(|i| (i.element.clone(), i.bounds)) {
            Some((e, _)) if e.kind == ElementKind::Node => {
                let selected = selection.as_ref() == Some(&e) || also.binary_search(&e).is_ok();
                if !selected {
                    if modifiers.shift || modifiers.command {
                        toggle(selection, also, e);
                    } else {
                        *selection = Some(e);
                        also.clear();
                    }
                }
                let ids = selected_nodes(selection.as_ref(), also);
                Press::Nodes(self.node_drag(model, grab, &ids, None))
            }
            Some((e, bounds))
                if e.kind == ElementKind::Zone && grab.y <= bounds.min.y + scene::ZONE_LABEL_H =>
            {
                let ids: Vec<String> = model
                    .nodes_within(&e.id)
                    .into_iter()
                    .map(|n| n.id.clone())
                    .collect();
                let zone = e.id.clone();
                *selection = Some(e);
                also.clear();
                Press::Nodes(self.node_drag(model, grab, &ids, Some(zone)))
            }
            _ => {
                let base = if modifiers.shift || modifiers.command {
                    selection.iter().chain(also.iter()).cloned().collect()
                } else {
                    Vec::new()
                };
                Press::Band { origin, base }
            }
        }
    }

    fn node_drag(
        &self,
        model: &Model,
        grab: scene::Pos,
        ids: &[String],
        moving_zone: Option<String>,
    ) -> NodeDrag {
        let start = ids
            .iter()
            .filter_map(|id| Some((id.clone(), self.node_position(model, id)?)))
            .collect();
        let mut zones = self.zone_slots(model);
        if let Some(moving) = &moving_zone {
            // A zone cannot land in itself or in one of its own sub-zones.
            zones.retain(|z| {
                !model
                    .zone_chain(Some(&z.id))
                    .iter()
                    .any(|c| &c.id == moving)
            });
        }
        NodeDrag {
            grab,
            start,
            last: None,
            zones,
            moving_zone,
            target: None,
            anchor: None,
        }
    }

    /// Whether space is held for panning (and no text field is taking it).
    pub(super) fn space_held(&self, ui: &Ui) -> bool {
        !ui.ctx().text_edit_focused() && ui.input(|i| i.key_down(Key::Space))
    }

    /// Reports where dragged nodes go (snapped, keeping the group's shape) and, when the drag
    /// ends, which trust zones they land in.
    fn follow_node_drag(
        &mut self,
        rect: egui::Rect,
        model: &Model,
        pointer: Option<Pos2>,
        held: bool,
        snap: bool,
    ) -> Option<Gesture> {
        let Some(Press::Nodes(drag)) = &mut self.press else {
            return None;
        };
        if !held {
            return Some(match &drag.moving_zone {
                Some(zone) => {
                    let parent = model.zone(zone).and_then(|z| z.parent.clone());
                    let moved = drag.last.is_some() && drag.target != parent;
                    Gesture::End {
                        zones: Vec::new(),
                        parent: moved.then(|| (zone.clone(), drag.target.clone())),
                    }
                }
                None => Gesture::End {
                    zones: landing_zones(model, drag),
                    parent: None,
                },
            });
        }
        let now = self.view.to_model(rect, pointer?);
        let (dx, dy) = (now.x - drag.grab.x, now.y - drag.grab.y);
        // Snap the node nearest the grab point and move the rest by the same amount, so a
        // group keeps its shape.
        let anchor = drag.start.iter().min_by(|a, b| {
            let d = |p: &Point| (p.0 - drag.grab.x).powi(2) + (p.1 - drag.grab.y).powi(2);
            d(&a.1).total_cmp(&d(&b.1))
        });
        drag.anchor = anchor.map(|(id, _)| id.clone());
        let (dx, dy) = match anchor {
            Some((_, p)) if snap => (edit::snap(p.0 + dx) - p.0, edit::snap(p.1 + dy) - p.1),
            _ => (dx, dy),
        };
        // A zone lands where its title strip is dropped; nodes where the grabbed one is.
        let landing = match (&drag.moving_zone, anchor) {
            (Some(_), _) => Some(scene::pos(drag.grab.x + dx, drag.grab.y + dy)),
            (None, Some((_, p))) => Some(scene::pos(p.0 + dx, p.1 + dy)),
            (None, None) => None,
        };
        drag.target = landing.and_then(|p| innermost(&drag.zones, p).map(|z| z.id.clone()));
        let moves: Vec<(String, Point)> = drag
            .start
            .iter()
            .map(|(id, p)| (id.clone(), Point(p.0 + dx, p.1 + dy)))
            .collect();
        // A press held still is no move (and no undo step).
        let still = drag.last.is_none() && moves == drag.start;
        if still || drag.last.as_ref() == Some(&moves) {
            return None;
        }
        drag.last = Some(moves.clone());
        Some(Gesture::Move(moves))
    }

    /// Follows a new link to the node under the pointer; on release, connects.
    fn follow_connect(
        &mut self,
        rect: egui::Rect,
        pointer: Option<Pos2>,
        held: bool,
    ) -> Option<Gesture> {
        let target = pointer.and_then(|p| {
            let at = self.view.to_model(rect, p);
            self.scene
                .hit(at, HIT_SLOP / self.view.zoom)
                .filter(|i| i.element.kind == ElementKind::Node)
                .map(|i| i.element.id.clone())
        });
        let Some(Press::Connect { from, to }) = &mut self.press else {
            return None;
        };
        if held {
            if pointer.is_some() {
                *to = target.filter(|t| t != from);
            }
            return None;
        }
        let to = to.take()?;
        Some(Gesture::Connect {
            from: from.clone(),
            to,
        })
    }

    /// Selects everything wholly inside the band (added to the selection it started from).
    fn follow_band(
        &mut self,
        rect: egui::Rect,
        pointer: Option<Pos2>,
        (selection, also): (&mut Option<ElementRef>, &mut Vec<ElementRef>),
    ) {
        let (Some(Press::Band { origin, base }), Some(p)) = (&self.press, pointer) else {
            return;
        };
        let band = self
            .view
            .to_model_rect(rect, egui::Rect::from_two_pos(*origin, p));
        let mut picked: Vec<ElementRef> = base.clone();
        let inside = self
            .scene
            .items
            .iter()
            .filter(|i| band.contains_rect(&i.bounds))
            .map(|i| i.element.clone());
        picked.extend(inside);
        let primary = picked
            .iter()
            .find(|e| e.kind == ElementKind::Node)
            .or(picked.first())
            .cloned();
        picked.sort();
        picked.dedup();
        *selection = primary;
        *also = picked;
    }

    /// A click selects what is under the pointer; with Shift or Ctrl it adds to (or takes out of)
    /// the selection.
    pub(super) fn click_select(
        &self,
        modifiers: Modifiers,
        selection: &mut Option<ElementRef>,
        also: &mut Vec<ElementRef>,
    ) {
        match self.hovered.clone() {
            Some(e) if modifiers.shift || modifiers.command => toggle(selection, also, e),
            None if modifiers.shift || modifiers.command => {}
            e => {
                *selection = e;
                also.clear();
            }
        }
    }

    /// A node kind dropped from the palette: create it where it fell, in the zone drawn there.
    pub(super) fn palette_drop(
        &self,
        rect: egui::Rect,
        response: &Response,
        model: &Model,
        snap: bool,
    ) -> Option<Gesture> {
        let dropped = response.dnd_release_payload::<NewNode>()?;
        // Not `hover_pos`: while the palette tool is dragged, the canvas is not "hovered".
        let p = self.view.to_model(rect, response.ctx.pointer_latest_pos()?);
        let at = if snap {
            Point(edit::snap(p.x), edit::snap(p.y))
        } else {
            Point(p.x, p.y)
        };
        Some(Gesture::Create {
            kind: dropped.0.clone(),
            at,
            zone: self.zone_at(model, at),
        })
    }

    /// A free spot for a new node of `zone` near `near`: searched outwards on the grid until a
    /// node-sized box there overlaps no node and no zone other than `zone` and its parents (so the
    /// node is drawn inside its own zone and nowhere else).
    pub fn free_spot(&self, model: &Model, near: Point, zone: Option<&str>) -> Point {
        let size = scene::NODE_SIZE;
        let home: Vec<&str> = model
            .zone_chain(zone)
            .into_iter()
            .map(|z| z.id.as_str())
            .collect();
        let obstacles: Vec<scene::Rect> = self
            .scene
            .items
            .iter()
            .filter(|i| match i.element.kind {
                ElementKind::Node => true,
                ElementKind::Zone => !home.contains(&i.element.id.as_str()),
                ElementKind::Link => false,
            })
            .map(|i| i.bounds)
            .collect();
        let taken = |p: scene::Pos| {
            let slot = scene::Rect::from_center_size(p, size.x + 40.0, size.y + 30.0);
            obstacles.iter().any(|o| o.intersects(&slot))
        };
        let (sx, sy) = (edit::snap(near.0), edit::snap(near.1));
        let step_x = edit::snap(size.x + 60.0);
        let step_y = edit::snap(size.y + 60.0);
        for ring in 0..40i32 {
            for j in -ring..=ring {
                for i in -ring..=ring {
                    if i.abs() != ring && j.abs() != ring {
                        continue;
                    }
                    let p = scene::pos(sx + i as f32 * step_x, sy + j as f32 * step_y);
                    if !taken(p) {
                        return Point(p.x, p.y);
                    }
                }
            }
        }
        Point(sx, sy)
    }
}

/// The sorted, distinct ids of the selected nodes.
fn selected_nodes(selection: Option<&ElementRef>, also: &[ElementRef]) -> Vec<String> {
    let mut ids: Vec<String> = selection
        .into_iter()
        .chain(also.iter())
        .filter(|s| s.kind == ElementKind::Node)
        .map(|s| s.id.clone())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The innermost zone each moved node now lies in, for the nodes whose zone changes.
fn landing_zones(model: &Model, drag: &NodeDrag) -> Vec<(String, Option<String>)> {
    let Some(moves) = &drag.last else {
        return Vec::new();
    };
    moves
        .iter()
        .filter_map(|(id, p)| {
            let node = model.node(id)?;
            let landed = innermost(&drag.zones, scene::pos(p.0, p.1)).map(|z| z.id.clone());
            (landed != node.zone).then(|| (id.clone(), landed))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str, (x0, y0, x1, y1): (f32, f32, f32, f32), depth: usize) -> ZoneSlot {
        ZoneSlot {
            id: id.into(),
            rect: scene::Rect::from_min_max(scene::pos(x0, y0), scene::pos(x1, y1)),
            depth,
        }
    }

    #[test]
    fn the_innermost_zone_wins() {
        let zones = [
            slot("outer", (0.0, 0.0, 100.0, 100.0), 1),
            slot("inner", (10.0, 10.0, 50.0, 50.0), 2),
        ];
        let at = |x, y| innermost(&zones, scene::pos(x, y)).map(|z| z.id.as_str());
        assert_eq!(at(20.0, 20.0), Some("inner"));
        assert_eq!(at(80.0, 80.0), Some("outer"));
        assert_eq!(at(200.0, 20.0), None);
    }

    #[test]
    fn toggling_adds_removes_and_promotes_the_next_primary() {
        let (a, b, c) = (
            ElementRef::node("a"),
            ElementRef::node("b"),
            ElementRef::node("c"),
        );
        let (mut primary, mut also) = (None, Vec::new());
        toggle(&mut primary, &mut also, b.clone());
        assert_eq!(primary, Some(b.clone()));
        toggle(&mut primary, &mut also, c.clone());
        toggle(&mut primary, &mut also, a.clone());
        assert_eq!(also, vec![a.clone(), c.clone()], "kept sorted");
        toggle(&mut primary, &mut also, b.clone());
        assert_eq!(primary, Some(a.clone()), "the next one becomes primary");
        toggle(&mut primary, &mut also, c.clone());
        assert_eq!(also, vec![a.clone()]);
    }
}
