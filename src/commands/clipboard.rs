//! Copy and paste: a [`Fragment`] holds copied nodes with their positions, the links among them
//! and the trust zones that came along. It travels as RON text with a header line, so it can pass
//! through the system clipboard into another archmodel window; [`paste`] turns it into one
//! [`Patch`] that adds fresh copies under new ids.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::patch::{Change, Delta, Patch};
use crate::model::{Link, Model, ModelData, Node, Point, TrustZone, is_valid_id};

/// The first line of a fragment's text; anything else on the clipboard is not a fragment.
const HEADER: &str = "// archmodel fragment";
/// The fragment format this version writes and reads.
const FORMAT: u32 = 1;
/// Larger clipboard text is refused unread (a 10,000-node copy is about 5 MB).
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Nesting limit for the RON reader, so hostile text cannot exhaust the stack.
const RECURSION_LIMIT: usize = 64;
/// How many steps of `step` [`Fragment::clear_offset`] tries before giving up.
const MAX_OFFSET_STEPS: i32 = 64;
/// Ids of pasted elements are cut to this many bytes before a `-N` suffix is added.
const MAX_STEM: usize = 100;

/// Copied elements: nodes with their positions, the links among them and the zones that came
/// along. Elements keep their original ids; [`paste`] gives them new ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// Trust zones copied with their members (parents before children is not required).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<TrustZone>,
    /// Copied nodes.
    pub nodes: Vec<Node>,
    /// Links whose two ends are both copied nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Where the copied nodes were drawn, by their original id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub positions: BTreeMap<String, Point>,
}

/// Why clipboard text could not be read as a fragment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FragmentError {
    /// The text does not start with the fragment header: it is something else someone copied.
    #[error("the clipboard holds no archmodel elements (copied elements start with `{HEADER}`)")]
    NotAFragment,
    /// The text was written by a newer archmodel.
    #[error(
        "the elements were copied from a newer archmodel (fragment format {0}; this version \
         reads format {FORMAT}): update archmodel to paste them"
    )]
    NewerFormat(u32),
    /// The text is too large to be copied elements.
    #[error("the clipboard text is too large to paste ({0} bytes)")]
    TooLarge(usize),
    /// The text has the header but is not valid RON of the expected shape.
    #[error("the copied elements cannot be read: {0}")]
    Malformed(String),
    /// The elements parse but break a model invariant (duplicate ids, links to missing nodes, …).
    #[error("the copied elements are inconsistent: {0}")]
    Invalid(String),
}

/// The new ids [`paste`] gave the pasted elements, in fragment order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pasted {
    /// Ids of the pasted nodes.
    pub nodes: Vec<String>,
    /// Ids of the pasted links.
    pub links: Vec<String>,
    /// Ids of the pasted zones.
    pub zones: Vec<String>,
}

impl Pasted {
    /// How many elements were pasted.
    pub fn len(&self) -> usize {
        self.nodes.len() + self.links.len() + self.zones.len()
    }

    /// Whether nothing was pasted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Fragment {
    /// Copies the elements with these ids; `None` when no node would be copied.
    ///
    /// A selected zone brings its nodes and nested zones; a zone whose nodes are all copied comes
    /// along too. Links are copied when both their ends are; a selected link with an end left out
    /// is dropped, as are decisions, releases and triage (they belong to the original model).
    pub fn copy(model: &Model, ids: &[String]) -> Option<Fragment> {
        let picked: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let mut nodes: BTreeSet<&str> = picked
            .iter()
            .copied()
            .filter(|id| model.node(id).is_some())
            .collect();
        for zone in picked.iter().filter(|id| model.zone(id).is_some()) {
            nodes.extend(model.nodes_within(zone).into_iter().map(|n| n.id.as_str()));
        }
        if nodes.is_empty() {
            return None;
        }
        let zones: Vec<TrustZone> = model
            .zones
            .iter()
            .filter(|z| {
                let within = model.nodes_within(&z.id);
                let chosen = picked.contains(z.id.as_str())
                    || model
                        .zone_chain(z.parent.as_deref())
                        .iter()
                        .any(|p| picked.contains(p.id.as_str()));
                chosen
                    || (!within.is_empty() && within.iter().all(|n| nodes.contains(n.id.as_str())))
            })
            .cloned()
            .collect();
        let links = model
            .links()
            .filter(|l| nodes.contains(l.from.as_str()) && nodes.contains(l.to.as_str()))
            .cloned()
            .collect();
        let positions = nodes
            .iter()
            .filter_map(|id| Some(((*id).to_owned(), *model.layout.positions.get(*id)?)))
            .collect();
        Some(Fragment {
            zones,
            nodes: nodes
                .iter()
                .filter_map(|id| model.node(id))
                .cloned()
                .collect(),
            links,
            positions,
        })
    }

    /// How many elements the fragment holds.
    pub fn len(&self) -> usize {
        self.nodes.len() + self.links.len() + self.zones.len()
    }

    /// Whether the fragment holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The fragment as clipboard text: a header line, then RON.
    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(3)
            .indentor("    ".to_owned())
            .separate_tuple_members(false)
            .struct_names(false);
        // Plain data of derived types always serialises; the fallback keeps the header valid.
        let body =
            ron::ser::to_string_pretty(self, config).unwrap_or_else(|_| "(nodes: [])".into());
        format!("{HEADER} {FORMAT}\n{body}\n")
    }

    /// Reads clipboard text written by [`Fragment::to_text`], refusing anything else.
    pub fn from_text(text: &str) -> Result<Fragment, FragmentError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(FragmentError::TooLarge(text.len()));
        }
        let rest = text
            .trim_start()
            .strip_prefix(HEADER)
            .ok_or(FragmentError::NotAFragment)?;
        let (first, _) = rest.split_once('\n').unwrap_or((rest, ""));
        let format: u32 = first
            .trim()
            .parse()
            .map_err(|_| FragmentError::NotAFragment)?;
        if format > FORMAT {
            return Err(FragmentError::NewerFormat(format));
        }
        let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
        // The header is a RON comment, so the whole text parses.
        let fragment: Fragment = options
            .from_str(text.trim_start())
            .map_err(|e| FragmentError::Malformed(e.to_string()))?;
        fragment.check()?;
        Ok(fragment)
    }

    /// Checks the fragment as a model of its own, with references outside it cut off.
    fn check(&self) -> Result<(), FragmentError> {
        let zone_ids: HashSet<&str> = self.zones.iter().map(|z| z.id.as_str()).collect();
        let inside = |z: &Option<String>| z.clone().filter(|z| zone_ids.contains(z.as_str()));
        let data = ModelData {
            zones: self
                .zones
                .iter()
                .map(|z| TrustZone {
                    parent: inside(&z.parent),
                    ..z.clone()
                })
                .collect(),
            nodes: self
                .nodes
                .iter()
                .map(|n| Node {
                    zone: inside(&n.zone),
                    ..n.clone()
                })
                .collect(),
            links: self
                .links
                .iter()
                .map(|l| Link {
                    contract: None,
                    ..l.clone()
                })
                .collect(),
            layout: crate::model::Layout {
                positions: self.positions.clone(),
                ..Default::default()
            },
            ..Default::default()
        };
        match Model::from_data(data) {
            Ok(_) => Ok(()),
            Err(problems) => {
                let first = problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                Err(FragmentError::Invalid(first))
            }
        }
    }

    /// The offset, a whole number of `step`s, that puts no pasted node exactly on a position in
    /// `occupied` (so a paste into the same model never hides the original). Zero when the spot
    /// is free, as when pasting into another model.
    pub fn clear_offset(&self, occupied: &[Point], step: Point) -> Point {
        let key = |p: Point| (p.0.round() as i64, p.1.round() as i64);
        let taken: HashSet<(i64, i64)> = occupied.iter().copied().map(key).collect();
        let shifted = |k: i32| Point(step.0 * k as f32, step.1 * k as f32);
        (0..MAX_OFFSET_STEPS)
            .map(shifted)
            .find(|d| {
                self.positions
                    .values()
                    .all(|p| !taken.contains(&key(Point(p.0 + d.0, p.1 + d.1))))
            })
            .unwrap_or_else(|| shifted(1))
    }
}

/// Fresh ids derived from the copied ones (`orders` → `orders-2`, `orders-2` → `orders-3`).
struct Ids<'a> {
    model: &'a Model,
    claimed: HashSet<String>,
    /// The next suffix worth trying per stem, so pasting many copies stays linear.
    next: HashMap<String, u64>,
}

impl Ids<'_> {
    /// `old` when it is free, else an id read from the element's `name` (`order-service`,
    /// `order-service-2`): a copy's id reads like its name, not like a counter.
    fn fresh_named(&mut self, old: &str, name: &str, fallback: &str) -> String {
        let free = is_valid_id(old) && !self.model.has_id(old) && !self.claimed.contains(old);
        if free {
            self.fresh(old, fallback)
        } else {
            self.fresh(&crate::model::id_from_name(name, old), fallback)
        }
    }

    fn fresh(&mut self, old: &str, fallback: &str) -> String {
        let free = |ids: &Self, id: &str| {
            is_valid_id(id) && !ids.model.has_id(id) && !ids.claimed.contains(id)
        };
        if free(self, old) {
            self.claimed.insert(old.to_owned());
            return old.to_owned();
        }
        let mut stem: String = old
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .take(MAX_STEM)
            .collect();
        // `orders-2` counts on from `orders`, not to `orders-2-2`.
        if let Some((base, n)) = stem.rsplit_once('-')
            && !base.is_empty()
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            stem = base.to_owned();
        }
        if stem.is_empty() {
            stem = fallback.to_owned();
        }
        let mut n = self.next.get(&stem).copied().unwrap_or(2);
        let id = loop {
            let id = format!("{stem}-{n}");
            n += 1;
            if free(self, &id) {
                break id;
            }
        };
        self.next.insert(stem, n);
        self.claimed.insert(id.clone());
        id
    }
}

/// The patch that pastes `fragment` into `model`, moved by `offset`, and the new ids it uses.
///
/// Every element gets an id no element of the model has; links are rewired to the new node ids.
/// A pasted node keeps its zone when that zone was pasted along or exists in `model` (else it is
/// in none); the same goes for a zone's parent. Contracts missing from `model` are dropped from
/// links. The patch is labelled "Paste N elements" and undoes as one step.
pub fn paste(model: &Model, fragment: &Fragment, offset: Point) -> (Patch, Pasted) {
    let mut paster = Paster {
        model,
        ids: Ids {
            model,
            claimed: HashSet::new(),
            next: HashMap::new(),
        },
        zones: HashMap::new(),
        nodes: HashMap::new(),
        pasted: Pasted::default(),
        changes: Vec::new(),
    };
    paster.zones(fragment);
    paster.nodes(fragment, offset);
    paster.links(fragment);
    let Paster {
        pasted, changes, ..
    } = paster;
    let mut patch = Patch::new(match pasted.len() {
        1 => "Paste 1 element".to_owned(),
        n => format!("Paste {n} elements"),
    });
    patch.extend(changes);
    (patch, pasted)
}

/// The state of one paste: new ids by old id, and the changes so far.
struct Paster<'a> {
    model: &'a Model,
    ids: Ids<'a>,
    /// New zone ids by the copied zone's id.
    zones: HashMap<String, String>,
    /// New node ids by the copied node's id.
    nodes: HashMap<String, String>,
    pasted: Pasted,
    changes: Vec<Change>,
}

impl Paster<'_> {
    /// A pasted zone if the zone was pasted along, else the model's own zone, else none.
    fn resolve_zone(&self, old: Option<&str>) -> Option<String> {
        let old = old?;
        match self.zones.get(old) {
            Some(new) => Some(new.clone()),
            None => self.model.zone(old).map(|z| z.id.clone()),
        }
    }

    /// Adds the fragment's zones; all get their new ids first, so parents resolve in any order.
    fn zones(&mut self, fragment: &Fragment) {
        let mut fresh = Vec::new();
        for z in &fragment.zones {
            if !self.zones.contains_key(&z.id) {
                let id = self.ids.fresh_named(&z.id, &z.name, "zone");
                self.zones.insert(z.id.clone(), id.clone());
                fresh.push((z, id));
            }
        }
        for (z, id) in fresh {
            let zone = TrustZone {
                parent: self.resolve_zone(z.parent.as_deref()).filter(|p| *p != id),
                id: id.clone(),
                ..z.clone()
            };
            self.pasted.zones.push(id);
            self.changes
                .push(Change::Zone(Delta::new(None, Some(zone))));
        }
    }

    /// Adds the fragment's nodes at their positions moved by `offset`.
    fn nodes(&mut self, fragment: &Fragment, offset: Point) {
        for n in &fragment.nodes {
            if self.nodes.contains_key(&n.id) {
                continue;
            }
            let id = self.ids.fresh_named(&n.id, &n.name, "node");
            self.nodes.insert(n.id.clone(), id.clone());
            let node = Node {
                id: id.clone(),
                zone: self.resolve_zone(n.zone.as_deref()),
                replicas: n.replicas.max(1),
                ..n.clone()
            };
            if let Some(p) = fragment.positions.get(&n.id) {
                let at = Point(p.0 + offset.0, p.1 + offset.1);
                self.changes.push(Change::Position {
                    node: id.clone(),
                    delta: Delta::new(None, Some(at)),
                });
            }
            self.pasted.nodes.push(id);
            self.changes
                .push(Change::Node(Delta::new(None, Some(node))));
        }
    }

    /// Adds the fragment's links between pasted nodes, rewired to the new node ids.
    fn links(&mut self, fragment: &Fragment) {
        for l in &fragment.links {
            let (Some(from), Some(to)) = (self.nodes.get(&l.from), self.nodes.get(&l.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            let (from, to) = (from.clone(), to.clone());
            let id = self.ids.fresh(&l.id, "link");
            let link = Link {
                id: id.clone(),
                from,
                to,
                contract: l
                    .contract
                    .clone()
                    .filter(|k| self.model.contract(k).is_some()),
                calls_per_action: l.calls_per_action.max(1),
                ..l.clone()
            };
            self.pasted.links.push(id);
            self.changes
                .push(Change::Link(Delta::new(None, Some(link))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NodeKind, ServerRole, ZoneKind};

    fn shop() -> Model {
        let mut m = Model::new("shop");
        let server = || NodeKind::Server {
            role: ServerRole::Api,
        };
        m.zones
            .push(TrustZone::new("core", "Core", ZoneKind::Internal, 2));
        for id in ["orders", "orders-2", "billing", "web"] {
            let mut n = Node::new(id, id, server());
            if id != "web" {
                n.zone = Some("core".into());
            }
            m.add_node(n).expect("node");
            m.layout.positions.insert(id.into(), Point(10.0, 20.0));
        }
        m.add_link(Link::new("orders-billing", "orders", "billing"))
            .expect("link");
        m.add_link(Link::new("web-orders", "web", "orders"))
            .expect("link");
        m
    }

    #[test]
    fn ids_count_on_from_the_copied_one() {
        let m = shop();
        let mut ids = Ids {
            model: &m,
            claimed: HashSet::new(),
            next: HashMap::new(),
        };
        assert_eq!(ids.fresh("orders", "node"), "orders-3");
        assert_eq!(ids.fresh("orders-2", "node"), "orders-4");
        assert_eq!(ids.fresh("fresh", "node"), "fresh");
        assert_eq!(ids.fresh("fresh", "node"), "fresh-2");
        assert_eq!(ids.fresh("", "node"), "node-2");
    }

    #[test]
    fn copy_keeps_only_links_inside_the_copy() {
        let m = shop();
        let f = Fragment::copy(&m, &["orders".into(), "billing".into()]).expect("nodes");
        assert_eq!(f.nodes.len(), 2);
        assert_eq!(f.links.len(), 1);
        assert!(f.zones.is_empty(), "orders-2 is in core too, so core stays");
        assert!(Fragment::copy(&m, &["orders-billing".into()]).is_none());
    }

    #[test]
    fn a_selected_zone_brings_its_members() {
        let m = shop();
        let f = Fragment::copy(&m, &["core".into()]).expect("members");
        assert_eq!(f.zones.len(), 1);
        assert_eq!(f.nodes.len(), 3);
        let (patch, pasted) = paste(&m, &f, Point(40.0, 40.0));
        assert_eq!(patch.label, "Paste 5 elements");
        let mut after = m.clone();
        patch.apply(&mut after).expect("applies");
        assert!(after.problems().is_empty());
        let zone = &pasted.zones[0];
        assert_eq!(after.members(zone).count(), 3);
    }

    #[test]
    fn text_round_trips_and_foreign_text_is_refused() {
        let m = shop();
        let f = Fragment::copy(&m, &["orders".into(), "web".into()]).expect("nodes");
        assert_eq!(Fragment::from_text(&f.to_text()), Ok(f));
        assert_eq!(
            Fragment::from_text("hello"),
            Err(FragmentError::NotAFragment)
        );
        assert_eq!(
            Fragment::from_text("// archmodel fragment 9\n(nodes: [])"),
            Err(FragmentError::NewerFormat(9))
        );
        assert!(matches!(
            Fragment::from_text("// archmodel fragment 1\n(nodes: [(id: 1)])"),
            Err(FragmentError::Malformed(_))
        ));
        let dangling = "// archmodel fragment 1\n(nodes: [], links: [(id: \"l\", from: \"a\", \
                        to: \"b\", protocol: Https, tls: Tls13, authn: None)])";
        assert!(matches!(
            Fragment::from_text(dangling),
            Err(FragmentError::Invalid(_))
        ));
    }

    #[test]
    fn clear_offset_steps_off_occupied_spots() {
        let m = shop();
        let f = Fragment::copy(&m, &["web".into()]).expect("node");
        let step = Point(40.0, 40.0);
        assert_eq!(f.clear_offset(&[], step), Point(0.0, 0.0));
        let taken = [Point(10.0, 20.0), Point(50.0, 60.0)];
        assert_eq!(f.clear_offset(&taken, step), Point(80.0, 80.0));
    }
}
