//! Trust zones: the zone tree (cycle-safe), zone rectangles around their members and children,
//! and their items.

use super::fast_hash::FastMap;
use super::geom::{Pos, Rect, pos};
use super::nodes::NodeGeom;
use super::placement::Placement;
use super::{ElementRef, Hit, Item, Shape, Stroke, Text, Theme, text};
use crate::model::{Model, Node, TrustZone};

/// Room above a zone's contents for its name.
pub(crate) const LABEL_H: f32 = 28.0;
/// Size of the contents of a zone that has no members, so it still shows.
pub(crate) const EMPTY_W: f32 = 180.0;
/// Height of the contents of an empty zone.
pub(crate) const EMPTY_H: f32 = 48.0;
const NAME_SIZE: f32 = 13.0;
const INFO_SIZE: f32 = 11.0;
const CORNER: f32 = 14.0;

/// The zones of a model as a forest, with members, indexed by position in `zones` (sorted by id).
pub(crate) struct ZoneTree<'m> {
    /// Zones sorted by id.
    pub zones: Vec<&'m TrustZone>,
    /// Zone index by id.
    pub index: FastMap<&'m str, usize>,
    /// The parent of each zone; `None` for top-level zones and zones in a parent cycle.
    pub parent: Vec<Option<usize>>,
    /// Children of each zone, sorted by id.
    pub children: Vec<Vec<usize>>,
    /// Top-level zones, sorted by id.
    pub roots: Vec<usize>,
    /// Nodes declared directly in each zone, sorted by id.
    pub members: Vec<Vec<&'m Node>>,
    /// Nodes in no (existing) zone, sorted by id.
    pub unzoned: Vec<&'m Node>,
}

impl<'m> ZoneTree<'m> {
    /// Builds the tree in one pass over zones and nodes.
    pub fn new(model: &'m Model) -> Self {
        let mut zones: Vec<&TrustZone> = model.zones.iter().collect();
        zones.sort_by(|a, b| a.id.cmp(&b.id));
        zones.dedup_by(|a, b| a.id == b.id);
        let index: FastMap<&str, usize> = zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id.as_str(), i))
            .collect();
        let raw: Vec<Option<usize>> = zones
            .iter()
            .map(|z| z.parent.as_deref().and_then(|p| index.get(p).copied()))
            .collect();
        let ends = chain_ends(&raw);
        let parent: Vec<Option<usize>> = (0..zones.len())
            .map(|i| raw[i].filter(|_| ends[i]))
            .collect();
        let mut children = vec![Vec::new(); zones.len()];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        let mut members = vec![Vec::new(); zones.len()];
        let mut unzoned = Vec::new();
        for node in model.nodes() {
            match node.zone.as_deref().and_then(|z| index.get(z)) {
                Some(&z) => members[z].push(node),
                None => unzoned.push(node),
            }
        }
        for list in members.iter_mut().chain(std::iter::once(&mut unzoned)) {
            list.sort_by(|a, b| a.id.cmp(&b.id));
        }
        ZoneTree {
            zones,
            index,
            parent,
            children,
            roots,
            members,
            unzoned,
        }
    }

    /// The zone of a node (its innermost existing zone).
    pub fn zone_of(&self, node: &Node) -> Option<usize> {
        node.zone
            .as_deref()
            .and_then(|z| self.index.get(z).copied())
    }

    /// Zones in pre-order (every parent before its children), with their depth.
    pub fn preorder(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.zones.len());
        let mut stack: Vec<(usize, usize)> = self.roots.iter().rev().map(|&z| (z, 0)).collect();
        while let Some((z, depth)) = stack.pop() {
            out.push((z, depth));
            stack.extend(self.children[z].iter().rev().map(|&c| (c, depth + 1)));
        }
        out
    }

    /// The rectangle of every zone: members and child zones plus padding, with room for the
    /// label on top. Zones with nothing in them use their reserved slot, or have no rectangle.
    pub fn rects(
        &self,
        geoms: &FastMap<&str, NodeGeom>,
        placement: &Placement,
        padding: f32,
    ) -> Vec<Option<Rect>> {
        let mut rects: Vec<Option<Rect>> = vec![None; self.zones.len()];
        // Reverse pre-order visits every child before its parent.
        for (z, _) in self.preorder().into_iter().rev() {
            let inside = self.members[z]
                .iter()
                .filter_map(|n| geoms.get(n.id.as_str()))
                .map(|g| g.bounds)
                .chain(self.children[z].iter().filter_map(|&c| rects[c]))
                .fold(Rect::NOTHING, Rect::union);
            let inside = if inside.is_empty() {
                placement.empty_slots.get(&z).copied()
            } else {
                Some(inside)
            };
            rects[z] = inside.map(|r| frame(r, padding, label_width(self.zones[z])));
        }
        rects
    }

    /// Adds an item per zone with a rectangle, outer zones first.
    pub fn items(&self, rects: &[Option<Rect>], theme: &Theme, out: &mut Vec<Item>) {
        for (z, _) in self.preorder() {
            if let Some(rect) = rects[z] {
                out.push(zone_item(self.zones[z], rect, theme));
            }
        }
    }
}

/// The zone's rectangle around its contents: padding, label room, and at least `label_width`
/// wide (see [`label_width`]).
pub(crate) fn frame(inside: Rect, padding: f32, label_width: f32) -> Rect {
    let mut r = inside.expand(padding);
    r.min.y -= LABEL_H;
    if r.width() < label_width {
        r.max.x = r.min.x + label_width;
    }
    r
}

/// How wide a zone must be for its name and caption.
pub(crate) fn label_width(zone: &TrustZone) -> f32 {
    let (name, info) = label_texts(zone);
    text::width(&name, NAME_SIZE, true) + text::width(&info, INFO_SIZE, false) + 40.0
}

/// For each zone, whether following its parents ends at a top-level zone (and not in a cycle).
///
/// Linear in the number of zones, so a chain nested tens of thousands deep costs no more than
/// as many siblings.
fn chain_ends(parent: &[Option<usize>]) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unknown,
        OnPath,
        Ends,
        Cycles,
    }
    let mut state = vec![State::Unknown; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut at = Some(start);
        let result = loop {
            match at {
                None => break State::Ends,
                Some(z) => match state[z] {
                    State::Unknown => {
                        state[z] = State::OnPath;
                        path.push(z);
                        at = parent[z];
                    }
                    State::OnPath => break State::Cycles,
                    known => break known,
                },
            }
        };
        for z in path.drain(..) {
            state[z] = result;
        }
    }
    state.into_iter().map(|s| s == State::Ends).collect()
}

/// Widest zone name drawn before it is truncated.
const MAX_LABEL_W: f32 = 320.0;

/// The zone's name and its "kind · trust n" caption.
fn label_texts(zone: &TrustZone) -> (String, String) {
    let name = text::truncate(&zone.name, NAME_SIZE, true, MAX_LABEL_W);
    // A zone named after its kind ("DMZ") need not say the kind twice.
    let info = if zone.name.trim().eq_ignore_ascii_case(zone.kind.label()) {
        format!("trust {}", zone.trust)
    } else {
        format!("{} · trust {}", zone.kind.label(), zone.trust)
    };
    (name, text::truncate(&info, INFO_SIZE, false, 160.0))
}

/// The item drawing a zone in its rectangle.
pub(crate) fn zone_item(zone: &TrustZone, rect: Rect, theme: &Theme) -> Item {
    let style = theme.zone(zone.trust);
    let (name, info) = label_texts(zone);
    let name_pos = pos(rect.min.x + 14.0, rect.min.y + LABEL_H / 2.0 + 2.0);
    let info_pos = Pos {
        x: name_pos.x + text::width(&name, NAME_SIZE, true) + 10.0,
        ..name_pos
    };
    let shapes = vec![Shape::Rect {
        rect,
        radius: CORNER,
        fill: style.fill,
        stroke: Stroke::dashed(1.6, style.stroke, 9.0, 5.0),
    }];
    let labels = vec![
        Shape::Text(Text {
            pos: name_pos,
            text: name,
            size: NAME_SIZE,
            color: style.label,
            anchor: super::Anchor::LEFT_CENTER,
            bold: true,
            background: None,
        }),
        Shape::Text(Text {
            pos: info_pos,
            text: info,
            size: INFO_SIZE,
            color: theme.text_muted,
            anchor: super::Anchor::LEFT_CENTER,
            bold: false,
            background: None,
        }),
    ];
    Item {
        element: ElementRef::zone(zone.id.clone()),
        bounds: rect,
        hit: Hit::Area(rect),
        shapes,
        details: Vec::new(),
        labels,
        accent: style.stroke,
    }
}
