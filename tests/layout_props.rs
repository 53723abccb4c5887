//! The picture never lies, for random models: whatever the stored positions (a hand-written
//! file, a drag, a paste), the scene that the canvas, the SVG and the PNG all paint draws every
//! member inside its zone's box and every other node and zone outside it; and a layout gives
//! positions the scene need not correct.

use archmodel::layout::{self, Mode, Options};
use archmodel::model::{Link, Model, ModelData, Node, NodeKind, Point, TrustZone, ZoneKind};
use archmodel::scene::{self, ElementKind, Rect, Scene, Theme};
use proptest::prelude::*;

/// A raw node: its zone (an index into the zones, or none), and a stored position or none.
#[derive(Debug, Clone)]
struct RawNode {
    kind: usize,
    zone: Option<usize>,
    at: Option<(f32, f32)>,
}

fn raw_node() -> impl Strategy<Value = RawNode> {
    (
        0usize..8,
        prop::option::weighted(0.8, 0usize..16),
        prop::option::weighted(0.85, (-300.0f32..900.0, -300.0f32..700.0)),
    )
        .prop_map(|(kind, zone, at)| RawNode { kind, zone, at })
}

/// Zones with random parents (an earlier zone, so no cycles), nodes crowded into a small area so
/// hulls overlap, and random links.
fn model() -> impl Strategy<Value = Model> {
    (
        prop::collection::vec(prop::option::of(0usize..16), 0..7),
        prop::collection::vec(raw_node(), 1..28),
        prop::collection::vec((0usize..28, 0usize..28), 0..40),
    )
        .prop_map(|(zones, nodes, links)| {
            let mut data = ModelData {
                name: "random".into(),
                ..ModelData::default()
            };
            for (i, parent) in zones.iter().enumerate() {
                let mut z = TrustZone::new(format!("z{i}"), format!("Zone {i}"), ZoneKind::Dmz, 1);
                z.parent = parent.filter(|_| i > 0).map(|p| format!("z{}", p % i));
                data.zones.push(z);
            }
            for (i, raw) in nodes.iter().enumerate() {
                let kind: NodeKind = NodeKind::all_defaults()[raw.kind].clone();
                let mut n = Node::new(format!("n{i}"), format!("Node {i}"), kind);
                n.zone = raw
                    .zone
                    .filter(|_| !zones.is_empty())
                    .map(|z| format!("z{}", z % zones.len()));
                data.nodes.push(n);
                if let Some((x, y)) = raw.at {
                    data.layout.positions.insert(format!("n{i}"), Point(x, y));
                }
            }
            for (k, (a, b)) in links.iter().enumerate() {
                let (a, b) = (a % nodes.len(), b % nodes.len());
                if a != b {
                    data.links
                        .push(Link::new(format!("l{k}"), format!("n{a}"), format!("n{b}")));
                }
            }
            Model::from_data(data).expect("a valid random model")
        })
}

fn boxes(scene: &Scene, kind: ElementKind) -> Vec<(String, Rect)> {
    scene
        .items
        .iter()
        .filter(|i| i.element.kind == kind)
        .map(|i| (i.element.id.clone(), i.bounds))
        .collect()
}

/// The zone ids from the node's (or zone's) own zone out.
fn chain(model: &Model, zone: Option<&str>) -> Vec<String> {
    model
        .zone_chain(zone)
        .iter()
        .map(|z| z.id.clone())
        .collect()
}

/// Whether every zone holds a node (directly or in a sub-zone) and every node has a position:
/// then nothing is placed by the scene's fallback (which puts unplaced nodes and empty zones
/// below everything else, wherever the rest went).
fn all_placed(model: &Model) -> bool {
    let nodes_placed = model
        .nodes()
        .all(|n| model.layout.positions.contains_key(&n.id));
    nodes_placed
        && model
            .zones
            .iter()
            .all(|z| !model.nodes_within(&z.id).is_empty())
}

fn check_honest(model: &Model) -> Result<(), TestCaseError> {
    let s = Scene::build(model, &Theme::light());
    let zones = boxes(&s, ElementKind::Zone);
    for (id, nr) in boxes(&s, ElementKind::Node) {
        let node = model.node(&id).expect("drawn node exists");
        let mine = chain(model, node.zone.as_deref());
        for (z, zr) in &zones {
            if mine.contains(z) {
                prop_assert!(zr.contains_rect(&nr), "member {id} outside {z}");
            } else {
                prop_assert!(!zr.intersects(&nr), "{id} drawn inside the box of {z}");
            }
        }
    }
    for (a, ra) in &zones {
        let up_a = chain(model, Some(a));
        for (b, rb) in &zones {
            if a == b {
                continue;
            }
            let up_b = chain(model, Some(b));
            if up_a.contains(b) {
                prop_assert!(rb.contains_rect(ra), "{a} outside its parent {b}");
            } else if !up_b.contains(a) {
                prop_assert!(!ra.intersects(rb), "{a} and {b} overlap");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_scene_never_draws_a_node_inside_a_zone_it_is_not_in(model in model()) {
        check_honest(&model)?;
        // Writing back what the scene settled changes nothing more: the picture is the file.
        prop_assume!(all_placed(&model));
        let mut settled = model.clone();
        for (id, p) in scene::settled_moves(&model) {
            settled.layout.positions.insert(id, p);
        }
        prop_assert!(scene::settled_moves(&settled).is_empty());
    }

    #[test]
    fn a_layout_needs_no_correction(model in model(), force in any::<bool>()) {
        let options = Options {
            mode: if force { Mode::Force } else { Mode::Layered },
            ..Options::default()
        };
        let mut laid = model.clone();
        laid.layout.positions.extend(layout::lay_out(&model, &options));
        check_honest(&laid)?;
        // Empty zones take the scene's fallback place; otherwise the layout is already honest.
        if all_placed(&laid) {
            prop_assert!(scene::settled_moves(&laid).is_empty());
        }
    }
}
