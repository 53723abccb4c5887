//! Keeping the picture honest: no zone's box may cover a node or a zone that is not inside it.
//!
//! A zone's box is drawn around its members, so stored positions (a hand-written file, a drag,
//! a paste) can make it cover a node that is not a member, and a reviewer would read a trust
//! boundary that the model does not have. Before anything is drawn, the zone tree is walked from
//! the innermost zones out, and at every level the boxes of siblings (the members of a zone and
//! its child zones; at the top, the nodes in no zone and the top-level zones) are moved apart so
//! that no zone's box touches a sibling. A zone's box holds only its own subtree, so that is
//! enough for every zone. Zones keep their place before nodes, bigger zones before smaller ones;
//! a node pushed out goes to the nearest free spot beside the box it was in.

use super::fast_hash::FastMap;
use super::geom::{Pos, Rect};
use super::nodes;
use super::placement::Placement;
use super::zones::{self, ZoneTree};
use crate::layout::separate::{Block, separate, shifted};
use crate::model::Node;

/// Room kept between a box and what was moved away from it.
pub(crate) const GAP: f32 = 24.0;

/// Which boxes keep their place first, and whether nodes may overlap nodes.
pub(crate) struct Rules<'a> {
    /// Nodes that should stay where they are (pinned nodes); boxes holding one go first.
    pub keep: &'a dyn Fn(&str) -> bool,
    /// Whether nodes must not overlap each other either (a layout wants that; the scene only
    /// needs zones to be honest).
    pub solid_nodes: bool,
}

impl Rules<'static> {
    /// What the scene needs: zones honest, nodes free to overlap, nothing kept first.
    pub const HONEST: Rules<'static> = Rules {
        keep: &|_| false,
        solid_nodes: false,
    };
}

/// What one level of the zone tree holds.
#[derive(Clone, Copy)]
enum Part<'m> {
    Node(&'m Node),
    Zone(usize),
}

/// Moves nodes and zones in `placement` so that no zone's box covers anything outside it;
/// returns whether anything moved.
pub(crate) fn settle<'m>(
    tree: &ZoneTree<'m>,
    placement: &mut Placement<'m>,
    padding: f32,
    rules: &Rules,
) -> bool {
    let n_zones = tree.zones.len();
    let mut state = State {
        node_off: FastMap::default(),
        offset: vec![Pos::ZERO; n_zones],
        local: vec![None; n_zones],
        keeps: vec![false; n_zones],
        moved: false,
    };
    for (z, _) in tree.preorder().into_iter().rev() {
        let parts = parts(&tree.members[z], &tree.children[z]);
        let (inside, keep) = state.level(placement, rules, &parts);
        let inside = inside.or_else(|| placement.empty_slots.get(&z).copied());
        state.local[z] =
            inside.map(|r| zones::frame(r, padding, zones::label_width(tree.zones[z])));
        state.keeps[z] = keep;
    }
    let roots = parts(&tree.unzoned, &tree.roots);
    state.level(placement, rules, &roots);
    let State {
        node_off,
        offset,
        moved,
        ..
    } = state;
    if !moved {
        return false;
    }
    // Offsets add up from the outermost zone in.
    let mut total = vec![Pos::ZERO; n_zones];
    for (z, _) in tree.preorder() {
        let up = tree.parent[z].map_or(Pos::ZERO, |p| total[p]);
        total[z] = up + offset[z];
    }
    for (id, c) in placement.centers.iter_mut() {
        let own = node_off.get(id).copied().unwrap_or(Pos::ZERO);
        *c = *c + own;
    }
    for (z, members) in tree.members.iter().enumerate() {
        if total[z] == Pos::ZERO {
            continue;
        }
        for n in members {
            if let Some(c) = placement.centers.get_mut(n.id.as_str()) {
                *c = *c + total[z];
            }
        }
    }
    for (z, slot) in placement.empty_slots.iter_mut() {
        *slot = shifted(*slot, total[*z]);
    }
    placement.fallback = true;
    true
}

/// The parts of one level: nodes first, then zones, each in tree order.
fn parts<'m>(nodes: &[&'m Node], zones: &[usize]) -> Vec<Part<'m>> {
    nodes
        .iter()
        .map(|&n| Part::Node(n))
        .chain(zones.iter().map(|&z| Part::Zone(z)))
        .collect()
}

/// What the levels below worked out, and the offsets found so far.
struct State<'m> {
    /// Offsets of nodes moved within their level.
    node_off: FastMap<&'m str, Pos>,
    /// Offset of each zone within its parent.
    offset: Vec<Pos>,
    /// Each zone's box in its own frame (before its offset and its parents' are applied).
    local: Vec<Option<Rect>>,
    /// Whether each zone holds a node to keep.
    keeps: Vec<bool>,
    moved: bool,
}

impl<'m> State<'m> {
    /// Moves the parts apart; returns the box around them afterwards and whether one of them
    /// holds a node to keep.
    fn level(
        &mut self,
        placement: &Placement<'m>,
        rules: &Rules,
        parts: &[Part<'m>],
    ) -> (Option<Rect>, bool) {
        let mut blocks = Vec::with_capacity(parts.len());
        let mut keys = Vec::with_capacity(parts.len());
        for part in parts {
            let (rect, solid, keep, id) = match *part {
                Part::Node(n) => {
                    let rect = placement
                        .centers
                        .get(n.id.as_str())
                        .map_or(Rect::NOTHING, |&c| nodes::geometry(n, c).bounds);
                    let keep = (rules.keep)(&n.id);
                    (rect, rules.solid_nodes, keep, n.id.as_str())
                }
                Part::Zone(z) => (
                    self.local[z].unwrap_or(Rect::NOTHING),
                    true,
                    self.keeps[z],
                    "",
                ),
            };
            let area = if rect.is_empty() {
                0.0
            } else {
                rect.width() * rect.height()
            };
            blocks.push(Block { rect, solid });
            keys.push((keep, matches!(part, Part::Zone(_)), area, id));
        }
        let mut order: Vec<usize> = (0..parts.len()).collect();
        // Kept boxes first, then zones, bigger first; ties in tree order (sorted by id).
        order.sort_by(|&a, &b| {
            let (ka, kb) = (keys[a], keys[b]);
            kb.0.cmp(&ka.0)
                .then(kb.1.cmp(&ka.1))
                .then(kb.2.total_cmp(&ka.2))
                .then(a.cmp(&b))
        });
        let offsets = separate(&blocks, &order, GAP);
        let mut inside = Rect::NOTHING;
        let mut keep = false;
        for ((part, block), off) in parts.iter().zip(&blocks).zip(&offsets) {
            if block.rect.is_empty() {
                continue;
            }
            inside = inside.union(shifted(block.rect, *off));
            if *off != Pos::ZERO {
                self.moved = true;
            }
            match *part {
                Part::Node(n) => {
                    keep |= (rules.keep)(&n.id);
                    if *off != Pos::ZERO {
                        self.node_off.insert(n.id.as_str(), *off);
                    }
                }
                Part::Zone(z) => {
                    keep |= self.keeps[z];
                    self.offset[z] = *off;
                }
            }
        }
        ((!inside.is_empty()).then_some(inside), keep)
    }
}
