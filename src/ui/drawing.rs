//! Edits made by drawing on the canvas: moving nodes into zones, connecting, adding nodes from
//! the palette or the right-click menu, renaming in place, grouping into a trust zone. The canvas
//! reports them as [`Gesture`]s; the app turns each into one undoable patch.

use std::collections::BTreeMap;

use super::actions::Action;
use super::app::ArchApp;
use super::document::Document;
use crate::commands::{MergeKey, Patch, create, edits, fresh_ids};
use crate::model::{Model, NodeKind, Point};
use crate::scene::{ElementKind, ElementRef};

/// An edit the user made on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub enum Gesture {
    /// Put these nodes here (the drag so far).
    Move(Vec<(String, Point)>),
    /// The drag ended; these nodes landed in another trust zone (`None`: in none), or a zone
    /// moved by its title landed inside another zone (or outside every zone).
    End {
        /// Node ids with the zone each now lies in.
        zones: Vec<(String, Option<String>)>,
        /// A moved zone with its new parent.
        parent: Option<(String, Option<String>)>,
    },
    /// A link was drawn from one node to another.
    Connect {
        /// The node the link leaves.
        from: String,
        /// The node it reaches.
        to: String,
    },
    /// A node kind was dropped from the palette.
    Create {
        /// The kind, with its default fields.
        kind: NodeKind,
        /// Where it was dropped.
        at: Point,
        /// The trust zone drawn where it was dropped.
        zone: Option<String>,
    },
    /// A command picked from the canvas's right-click menu.
    Do(Action),
    /// A node or zone was renamed in place.
    Rename {
        /// The node or zone.
        element: ElementRef,
        /// Its new name.
        name: String,
    },
}

impl ArchApp {
    /// Applies what the canvas reports: a drag (with the zones its nodes land in) is one undo
    /// step; connecting, creating and renaming are one step each.
    pub(super) fn apply_gesture(&mut self, gesture: Gesture) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let drag_key = MergeKey(format!("drag {}", self.editor.drag_gesture));
        match gesture {
            Gesture::Move(moves) => {
                let patch = edits::move_nodes(model, &moves);
                self.apply_edit(patch, Some(drag_key));
            }
            Gesture::End { zones, parent } => {
                let mut by_zone: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
                for (id, zone) in zones {
                    by_zone.entry(zone).or_default().push(id);
                }
                let mut patch = Patch::new("Move into zone");
                for (zone, ids) in &by_zone {
                    patch.merge(edits::set_nodes_zone(model, ids, zone.as_deref()));
                }
                if let Some((id, parent)) = parent
                    && let Some(zone) = model.zone(&id)
                {
                    let mut zone = zone.clone();
                    zone.parent = parent;
                    patch.merge(edits::set_zone(model, zone, "Nest trust zone"));
                }
                if !patch.changes.is_empty() {
                    self.apply_edit(patch, Some(drag_key.clone()));
                }
                self.settle_drawn(drag_key);
                self.editor.drag_gesture += 1;
                if let Some(doc) = self.doc.as_mut() {
                    doc.seal();
                }
            }
            Gesture::Connect { from, to } => {
                if let Some(link) = create::new_link(model, &from, &to) {
                    let id = link.id.clone();
                    self.apply_edit(edits::add_link(link), None);
                    self.select_elements(vec![ElementRef::link(id)]);
                }
            }
            Gesture::Create { kind, at, zone } => self.create_node(kind, at, zone),
            Gesture::Rename { element, name } => self.rename(&element, name),
            Gesture::Do(action) => self.perform_edit(&action),
        }
    }

    /// Adds a node of `kind` at `at` in `zone`, selects it and opens its name for typing.
    pub(super) fn create_node(&mut self, kind: NodeKind, at: Point, zone: Option<String>) {
        let Some(doc) = &self.doc else { return };
        let mut node = create::new_node(doc.model(), kind);
        node.zone = zone;
        let (id, name) = (node.id.clone(), node.name.clone());
        self.apply_edit(edits::add_node(node, at), None);
        if self
            .doc
            .as_ref()
            .is_some_and(|d| d.model().node(&id).is_some())
        {
            self.select_elements(vec![ElementRef::node(&id)]);
            self.canvas.reveal(ElementRef::node(&id));
            self.editor.naming_new = Some(id.clone());
            self.canvas.start_rename(ElementRef::node(id), &name);
        }
    }

    /// Adds a node of `kind` from the palette: beside the selected node (in its zone), or in the
    /// middle of the view (in the zone drawn there), on a free spot.
    pub(super) fn add_node(&mut self, kind: NodeKind) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let beside = self
            .selection
            .as_ref()
            .filter(|e| e.kind == ElementKind::Node)
            .and_then(|e| Some((self.canvas.node_position(model, &e.id)?, model.node(&e.id)?)));
        let (near, zone) = match beside {
            Some((p, node)) => (Point(p.0 + 260.0, p.1), node.zone.clone()),
            None => {
                let c = self.canvas.view().center;
                let near = Point(c.x, c.y);
                (near, self.canvas.zone_at(model, near))
            }
        };
        let at = self.canvas.free_spot(model, near, zone.as_deref());
        self.create_node(kind, at, zone);
    }

    /// Renames a node or zone; a node whose name is typed right after adding it gets the id
    /// its name reads as.
    fn rename(&mut self, element: &ElementRef, name: String) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let naming_new = self.editor.naming_new.take();
        if naming_new.as_deref() == Some(element.id.as_str())
            && let Some((patch, renamed)) = rename_new(model, element, &name)
        {
            self.apply_edit(patch, None);
            let model = self.doc.as_ref().map(Document::model);
            if model.is_some_and(|m| m.node(&renamed.id).is_some() || m.zone(&renamed.id).is_some())
            {
                self.select_elements(vec![renamed]);
            }
            return;
        }
        let patch = match element.kind {
            ElementKind::Node => model.node(&element.id).map(|n| {
                let mut n = n.clone();
                n.name = name;
                edits::set_node(model, n, "Rename node")
            }),
            ElementKind::Zone => model.zone(&element.id).map(|z| {
                let mut z = z.clone();
                z.name = name;
                edits::set_zone(model, z, "Rename trust zone")
            }),
            ElementKind::Link => None,
        };
        if let Some(patch) = patch {
            self.apply_edit(patch, None);
        }
    }

    /// Pins or unpins the selected nodes: one undo step.
    pub(super) fn set_pinned(&mut self, pinned: bool) {
        let Some(doc) = &self.doc else { return };
        let ids = self.selected_node_ids();
        let patch = edits::set_pinned(doc.model(), &ids, pinned);
        if !patch.is_empty() {
            self.apply_edit(patch, None);
        }
    }

    /// Puts the selected nodes into a new trust zone, selects it and opens its name for typing.
    pub(super) fn group_into_zone(&mut self) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let ids = self.selected_node_ids();
        if ids.is_empty() {
            return;
        }
        let name = create::free_name("Trust zone", |name| {
            model.zones.iter().any(|z| z.name == name)
        });
        let zone_id = model.fresh_id_for_name(&name, "zone");
        self.editor.naming_new = Some(zone_id.clone());
        let patch = edits::group_into_zone(model, &ids, &zone_id, &name);
        let key = MergeKey(format!("group into {zone_id}"));
        self.apply_edit(patch, Some(key.clone()));
        self.settle_drawn(key);
        if self
            .doc
            .as_ref()
            .is_some_and(|d| d.model().zone(&zone_id).is_some())
        {
            self.select_elements(vec![ElementRef::zone(&zone_id)]);
            self.canvas.start_rename(ElementRef::zone(zone_id), &name);
        }
    }

    /// Writes back where the canvas draws the nodes it had to move out of a zone's box they are
    /// not members of (the box of a new zone, a zone grown by a drop), in the same undo step as
    /// the edit: after any edit or drag, a node drawn inside a zone's box is a member of it, in
    /// the file as on the canvas and in every export.
    fn settle_drawn(&mut self, merge: MergeKey) {
        let Some(doc) = &self.doc else { return };
        let model = doc.model();
        let moves = crate::scene::settled_moves(model);
        if moves.is_empty() {
            return;
        }
        // On the grid when snapping, as long as the snapped places are honest too (a settled
        // node keeps more room than a snap can take away, so they nearly always are).
        let snapped: Vec<(String, Point)> = moves
            .iter()
            .map(|(id, p)| {
                (
                    id.clone(),
                    Point(super::edit::snap(p.0), super::edit::snap(p.1)),
                )
            })
            .collect();
        let honest = |moves: &[(String, Point)]| {
            let mut m = model.clone();
            for (id, p) in moves {
                m.layout.positions.insert(id.clone(), *p);
            }
            crate::scene::settled_moves(&m).is_empty()
        };
        let moves = if self.editor.snap && honest(&snapped) {
            snapped
        } else {
            moves
        };
        let patch = edits::move_nodes(model, &moves);
        self.apply_edit(patch, Some(merge));
    }

    /// Opens the inline name editor on the selected node or zone.
    pub(super) fn rename_selection(&mut self) {
        let (Some(doc), Some(e)) = (&self.doc, self.selection.clone()) else {
            return;
        };
        let name = match e.kind {
            ElementKind::Node => doc.model().node(&e.id).map(|n| n.name.clone()),
            ElementKind::Zone => doc.model().zone(&e.id).map(|z| z.name.clone()),
            ElementKind::Link => None,
        };
        if let Some(name) = name {
            self.editor.naming_new = None;
            self.canvas.start_rename(e, &name);
        }
    }
}

/// The rename of a node or zone just created, giving it the id its new name reads as.
fn rename_new(model: &Model, element: &ElementRef, name: &str) -> Option<(Patch, ElementRef)> {
    match element.kind {
        ElementKind::Node => fresh_ids::rename_new_node(model, &element.id, name)
            .map(|(patch, id)| (patch, ElementRef::node(id))),
        ElementKind::Zone => fresh_ids::rename_new_zone(model, &element.id, name)
            .map(|(patch, id)| (patch, ElementRef::zone(id))),
        ElementKind::Link => None,
    }
}
