use super::synthetic::{Shape, model};
use super::*;
use crate::model::{Link, Node, NodeKind};
use crate::scene::{self, ElementKind, Rect, Scene, Theme};

/// The model with the layout's positions written in.
fn placed(mut m: Model, positions: &BTreeMap<String, Point>) -> Model {
    for (id, p) in positions {
        m.layout.positions.insert(id.clone(), *p);
    }
    m
}

fn boxes(scene: &Scene, kind: ElementKind) -> Vec<(String, Rect)> {
    scene
        .items
        .iter()
        .filter(|i| i.element.kind == kind)
        .map(|i| (i.element.id.clone(), i.bounds))
        .collect()
}

/// Every node inside its zones' boxes, none inside another zone's box, no two nodes touching.
fn assert_honest_and_apart(m: &Model) {
    assert!(
        scene::settled_moves(m).is_empty(),
        "the scene had to settle"
    );
    let s = Scene::build(m, &Theme::light());
    let zones = boxes(&s, ElementKind::Zone);
    let nodes = boxes(&s, ElementKind::Node);
    for (id, nr) in &nodes {
        let chain: Vec<String> = m.zones_of(id).iter().map(|z| z.id.clone()).collect();
        for (z, zr) in &zones {
            if chain.contains(z) {
                assert!(zr.contains_rect(nr), "{id} outside its zone {z}");
            } else {
                assert!(!zr.intersects(nr), "{id} inside the box of {z}");
            }
        }
    }
    for (i, (a, ra)) in nodes.iter().enumerate() {
        for (b, rb) in &nodes[i + 1..] {
            assert!(!ra.intersects(rb), "{a} overlaps {b}");
        }
    }
}

#[test]
fn layered_layouts_are_honest_in_both_directions() {
    for (shape, seed) in [(Shape::Tiers, 1), (Shape::Random, 2), (Shape::Mesh, 3)] {
        for direction in [Direction::LeftRight, Direction::TopBottom] {
            let m = model(shape, 120, 240, 15, seed);
            let options = Options {
                direction,
                ..Options::default()
            };
            let out = lay_out(&m, &options);
            assert_eq!(out.len(), m.node_count());
            assert_honest_and_apart(&placed(m, &out));
        }
    }
}

#[test]
fn force_layouts_are_honest() {
    for shape in [Shape::Mesh, Shape::Random] {
        let m = model(shape, 90, 180, 12, 4);
        let options = Options {
            mode: Mode::Force,
            ..Options::default()
        };
        let out = lay_out(&m, &options);
        assert_honest_and_apart(&placed(m, &out));
    }
}

#[test]
fn a_layout_is_deterministic() {
    let m = model(Shape::Tiers, 200, 400, 20, 9);
    let options = Options::default();
    assert_eq!(lay_out(&m, &options), lay_out(&m, &options));
    let force = Options {
        mode: Mode::Force,
        ..Options::default()
    };
    assert_eq!(lay_out(&m, &force), lay_out(&m, &force));
}

#[test]
fn the_flow_runs_from_clients_to_stores() {
    let m = model(Shape::Tiers, 80, 160, 0, 5);
    let out = lay_out(&m, &Options::default());
    let x = |kind: fn(&NodeKind) -> bool| {
        let xs: Vec<f32> = m
            .nodes()
            .filter(|n| kind(&n.kind))
            .map(|n| out[&n.id].0)
            .collect();
        xs.iter().sum::<f32>() / xs.len() as f32
    };
    let clients = x(|k| matches!(k, NodeKind::Client { .. }));
    let stores = x(|k| matches!(k, NodeKind::Store { .. }));
    assert!(clients < stores, "clients at {clients}, stores at {stores}");
}

/// The first node whose outermost zone is `top` (`None`: a node in no zone).
fn first_under(m: &Model, top: Option<&str>) -> String {
    m.nodes()
        .find(|n| m.zones_of(&n.id).last().map(|z| z.id.as_str()) == top)
        .map(|n| n.id.clone())
        .expect("such a node")
}

#[test]
fn pinned_nodes_keep_their_place() {
    let mut m = model(Shape::Tiers, 60, 120, 8, 6);
    let first = lay_out(&m, &Options::default());
    m = placed(m, &first);
    let pins = [
        first_under(&m, Some("z000")),
        first_under(&m, Some("z001")),
        first_under(&m, None),
    ];
    for (k, id) in pins.iter().enumerate() {
        let p = Point(8_000.0 * k as f32, -3_000.0 - 2_000.0 * k as f32);
        m.layout.positions.insert(id.clone(), p);
        m.layout.pinned.insert(id.clone());
    }
    let options = Options {
        keep_pinned: true,
        ..Options::default()
    };
    let out = lay_out(&m, &options);
    for id in &pins {
        assert_eq!(out[id], m.layout.positions[id], "{id} moved");
    }
    assert_honest_and_apart(&placed(m.clone(), &out));
    // Without --keep-pinned, pins are laid out like the rest.
    let free = lay_out(&m, &Options::default());
    assert!(pins.iter().any(|id| free[id] != m.layout.positions[id]));
}

#[test]
fn adding_one_node_moves_little() {
    let m = model(Shape::Tiers, 150, 300, 15, 7);
    let first = lay_out(&m, &Options::default());
    let mut m = placed(m, &first);
    let mut node = Node::new("new-one", "New one", NodeKind::all_defaults()[1].clone());
    node.zone = m.node("n00060").and_then(|n| n.zone.clone());
    m.add_node(node).expect("new node");
    m.add_link(Link::new("new-link", "n00010", "new-one"))
        .expect("new link");
    let second = lay_out(&m, &Options::default());
    let still = first
        .iter()
        .filter(|(id, p)| {
            let q = second[*id];
            (p.0 - q.0).abs() < 1.0 && (p.1 - q.1).abs() < 1.0
        })
        .count();
    assert!(
        still * 10 >= first.len() * 6,
        "only {still} of {} nodes stayed",
        first.len()
    );
}

#[test]
fn tidying_a_selection_keeps_the_picture_honest() {
    let m = model(Shape::Tiers, 60, 120, 6, 8);
    let first = lay_out(&m, &Options::default());
    let m = placed(m, &first);
    let ids: BTreeSet<String> = m.members("z002").map(|n| n.id.clone()).collect();
    assert!(ids.len() >= 2);
    let out = lay_out_selection(&m, &ids, &Options::default()).expect("a zone's own members");
    assert!(ids.iter().all(|id| out.contains_key(id)));
    // Nothing else moves.
    assert_eq!(out.len(), ids.len(), "{out:?}");
    let after = placed(m, &out);
    assert!(scene::settled_moves(&after).is_empty());
}

#[test]
fn tidying_a_selection_never_moves_other_nodes_and_says_when_it_would_have_to() {
    // Random selections of laid-out models: either only the selection moves and the picture
    // stays honest, or nothing moves and the error names nodes outside the selection.
    let mut refused = 0;
    for seed in 0..6u64 {
        let m = model(Shape::Random, 50, 90, 6, 30 + seed);
        let m = placed(m.clone(), &lay_out(&m, &Options::default()));
        let ids: BTreeSet<String> = m
            .nodes()
            .enumerate()
            .filter(|(k, _)| (k * 7 + seed as usize).is_multiple_of(5))
            .map(|(_, n)| n.id.clone())
            .collect();
        match lay_out_selection(&m, &ids, &Options::default()) {
            Ok(out) => {
                assert!(out.keys().all(|id| ids.contains(id)), "{seed}: {out:?}");
                assert!(scene::settled_moves(&placed(m, &out)).is_empty(), "{seed}");
            }
            Err(SelectionError::WouldMoveOthers { ids: others, names }) => {
                refused += 1;
                assert!(!others.is_empty() && others.iter().all(|id| !ids.contains(id)));
                let named: Vec<String> = others
                    .iter()
                    .filter_map(|id| m.node(id).map(|n| n.name.clone()))
                    .collect();
                assert_eq!(names, named, "{seed}: the message names the nodes");
            }
        }
    }
    assert!(refused < 6, "every selection was refused");
}

#[test]
fn an_empty_model_has_no_layout() {
    let m = Model::new("empty");
    assert!(lay_out(&m, &Options::default()).is_empty());
}

#[test]
fn force_layouts_with_nested_zones_are_compact() {
    // The drawn box round everything, per node, within a small multiple of a node's own box
    // (before compaction, zones pushed each other 15 to 30 times further apart).
    let node = scene::NODE_SIZE.x * scene::NODE_SIZE.y;
    for (shape, zones) in [(Shape::Mesh, 20), (Shape::Random, 20), (Shape::Mesh, 0)] {
        let m = model(shape, 200, 400, zones, 7);
        let options = Options {
            mode: Mode::Force,
            ..Options::default()
        };
        let m = placed(m.clone(), &lay_out(&m, &options));
        assert_honest_and_apart(&m);
        let b = Scene::build(&m, &Theme::light()).bounds;
        let per_node = b.width() * b.height() / m.node_count() as f32;
        assert!(
            per_node < 15.0 * node,
            "{shape:?} with {zones} zones: {per_node:.0} per node, a node takes {node:.0}"
        );
    }
}
