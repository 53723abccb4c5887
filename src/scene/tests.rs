use super::*;
use crate::model::{Link, ModelData, Node, NodeKind, Point, ServerRole, Tls, TrustZone, ZoneKind};

fn node(id: &str, kind: NodeKind, zone: Option<&str>) -> Node {
    let mut n = Node::new(id, format!("Node {id}"), kind);
    n.zone = zone.map(str::to_owned);
    n
}

fn server(id: &str, zone: Option<&str>) -> Node {
    node(
        id,
        NodeKind::Server {
            role: ServerRole::Api,
        },
        zone,
    )
}

fn zone(id: &str, trust: u8, parent: Option<&str>) -> TrustZone {
    let mut z = TrustZone::new(id, id.to_uppercase(), ZoneKind::Internal, trust);
    z.parent = parent.map(str::to_owned);
    z
}

/// internet ⊃ {spa}; dmz ⊃ {gw, core ⊃ {api, db}}; no positions at all.
fn nested() -> ModelData {
    ModelData {
        name: "t".into(),
        zones: vec![
            zone("internet", 0, None),
            zone("dmz", 1, None),
            zone("core", 2, Some("dmz")),
        ],
        nodes: vec![
            node("spa", NodeKind::all_defaults()[0].clone(), Some("internet")),
            server("gw", Some("dmz")),
            server("api", Some("core")),
            server("db", Some("core")),
            node("user", NodeKind::Actor, None),
        ],
        links: vec![
            Link::new("spa-gw", "spa", "gw"),
            Link::new("gw-api", "gw", "api"),
            Link::new("api-db", "api", "db"),
            Link::new("user-spa", "user", "spa"),
        ],
        ..ModelData::default()
    }
}

fn build(data: ModelData) -> (Model, Scene) {
    let model = Model::from_data(data).expect("valid model");
    let scene = Scene::build(&model, &Theme::light());
    (model, scene)
}

fn bounds_of(scene: &Scene, e: ElementRef) -> Rect {
    scene.find(&e).map(|i| i.bounds).expect("item exists")
}

#[test]
fn empty_model_gives_empty_scene() {
    let scene = Scene::build(&Model::new("empty"), &Theme::dark());
    assert!(scene.is_empty());
    assert!(scene.bounds.is_empty());
    assert!(scene.hit(pos(0.0, 0.0), 4.0).is_none());
}

#[test]
fn every_element_gets_an_item_in_paint_order() {
    let (model, scene) = build(nested());
    assert_eq!(
        scene.items.len(),
        model.zones.len() + model.link_count() + model.node_count()
    );
    let kinds: Vec<ElementKind> = scene.items.iter().map(|i| i.element.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted, "zones, then links, then nodes");
    for item in &scene.items {
        assert!(scene.bounds.contains_rect(&item.bounds));
    }
}

#[test]
fn labels_are_painted_after_every_shape() {
    let (_, scene) = build(nested());
    let order: Vec<bool> = scene
        .paint_order()
        .map(|(_, s)| matches!(s, Shape::Text(_)))
        .collect();
    let first_text = order.iter().position(|&t| t).expect("some text");
    assert!(order[first_text..].iter().all(|&t| t), "text comes last");
    let total: usize = scene
        .items
        .iter()
        .map(|i| i.shapes.len() + i.details.len() + i.labels.len())
        .sum();
    assert_eq!(order.len(), total);
}

#[test]
fn zones_contain_their_members_and_children() {
    let (model, scene) = build(nested());
    let pad = model.layout.zone_padding;
    for z in &model.zones {
        let zr = bounds_of(&scene, ElementRef::zone(&z.id));
        for n in model.members(&z.id) {
            let nr = bounds_of(&scene, ElementRef::node(&n.id));
            assert!(
                zr.expand(-pad + 0.01).contains_rect(&nr),
                "{} in {}",
                n.id,
                z.id
            );
        }
        for c in model.child_zones(Some(&z.id)) {
            let cr = bounds_of(&scene, ElementRef::zone(&c.id));
            assert!(
                zr.expand(-pad + 0.01).contains_rect(&cr),
                "{} in {}",
                c.id,
                z.id
            );
        }
    }
    let internet = bounds_of(&scene, ElementRef::zone("internet"));
    let dmz = bounds_of(&scene, ElementRef::zone("dmz"));
    assert!(!internet.intersects(&dmz), "sibling zones stay apart");
    // Parents are painted before (under) their children.
    let index = |id: &str| {
        scene
            .items
            .iter()
            .position(|i| i.element == ElementRef::zone(id))
    };
    assert!(index("dmz") < index("core"));
}

#[test]
fn stored_positions_are_used_and_zones_follow_them() {
    let mut data = nested();
    data.layout
        .positions
        .insert("gw".into(), Point(1000.0, -500.0));
    let (_, scene) = build(data);
    let gw = bounds_of(&scene, ElementRef::node("gw"));
    assert_eq!(gw.center(), pos(1000.0, -500.0));
    assert!(bounds_of(&scene, ElementRef::zone("dmz")).contains_rect(&gw));
}

#[test]
fn arrows_end_at_node_borders() {
    let mut data = nested();
    data.layout.positions.insert("spa".into(), Point(0.0, 0.0));
    data.layout
        .positions
        .insert("gw".into(), Point(400.0, 130.0));
    data.links[0].bidirectional = true;
    let (_, scene) = build(data);
    let link = scene.find(&ElementRef::link("spa-gw")).expect("link");
    let Hit::Line { points, .. } = &link.hit else {
        panic!("links hit along their line")
    };
    let (start, end) = (points[0], points[1]);
    let a = bounds_of(&scene, ElementRef::node("spa"));
    let b = bounds_of(&scene, ElementRef::node("gw"));
    let on_border = |r: Rect, p: Pos| r.expand(4.0).contains(p) && !r.expand(-0.5).contains(p);
    assert!(on_border(a, start), "{start:?} on {a:?}");
    assert!(on_border(b, end), "{end:?} on {b:?}");
    // Bidirectional: a head at each end (line plus two polygons).
    let heads = link
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Polygon { .. }))
        .count();
    assert_eq!(heads, 2);
}

#[test]
fn boundary_crossings_get_one_marker_per_boundary() {
    let (model, scene) = build(nested());
    for link in model.links() {
        let item = scene.find(&ElementRef::link(&link.id)).expect("link");
        assert_eq!(
            item.details.len(),
            model.boundaries_crossed(link).len(),
            "{}",
            link.id
        );
    }
}

#[test]
fn plaintext_links_are_dashed() {
    let mut data = nested();
    data.links[1].tls = Tls::None;
    data.links[1].protocol = crate::model::Protocol::Http;
    let (_, scene) = build(data);
    let dash = |id: &str| {
        scene
            .find(&ElementRef::link(id))
            .and_then(|i| match &i.shapes[0] {
                Shape::Path { stroke, .. } => stroke.dash,
                _ => None,
            })
    };
    assert!(dash("gw-api").is_some());
    assert!(dash("spa-gw").is_none());
}

#[test]
fn https_set_to_plaintext_is_dashed_like_any_plaintext_link() {
    let mut data = nested();
    data.links[1].protocol = crate::model::Protocol::Https;
    data.links[1].tls = Tls::None;
    let (_, scene) = build(data);
    let item = scene.find(&ElementRef::link("gw-api")).expect("link");
    assert!(matches!(&item.shapes[0], Shape::Path { stroke, .. } if stroke.dash.is_some()));
}

#[test]
fn fallback_placement_is_deterministic_and_ignores_file_order() {
    let (_, first) = build(nested());
    let (_, again) = build(nested());
    assert_eq!(first, again);
    let mut shuffled = nested();
    shuffled.nodes.reverse();
    shuffled.zones.reverse();
    let (_, other) = build(shuffled);
    for id in ["spa", "gw", "api", "db", "user"] {
        assert_eq!(
            bounds_of(&first, ElementRef::node(id)),
            bounds_of(&other, ElementRef::node(id))
        );
    }
}

#[test]
fn fallback_nodes_never_overlap_and_go_below_placed_ones() {
    let mut data = nested();
    data.layout.positions.insert("user".into(), Point(0.0, 0.0));
    let (model, scene) = build(data);
    let rects: Vec<Rect> = model
        .nodes()
        .map(|n| bounds_of(&scene, ElementRef::node(&n.id)))
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!a.intersects(b), "{a:?} overlaps {b:?}");
        }
    }
    let user = bounds_of(&scene, ElementRef::node("user"));
    let spa = bounds_of(&scene, ElementRef::node("spa"));
    assert!(spa.min.y > user.max.y);
}

#[test]
fn empty_zones_still_show() {
    let mut data = nested();
    data.zones.push(zone("partner", 1, None));
    let (_, scene) = build(data);
    let r = bounds_of(&scene, ElementRef::zone("partner"));
    assert!(r.width() > 100.0 && r.height() > 40.0);
}

#[test]
fn long_names_are_truncated_in_the_scene_only() {
    let mut data = nested();
    let long = "An extraordinarily long name for a server that nobody can read at once";
    data.nodes[1].name = long.into();
    let (model, scene) = build(data);
    assert_eq!(model.node("gw").map(|n| n.name.as_str()), Some(long));
    let item = scene.find(&ElementRef::node("gw")).expect("node");
    let name = item.labels.iter().find_map(|s| match s {
        Shape::Text(t) if t.bold => Some(t.text.clone()),
        _ => None,
    });
    let name = name.expect("a name label");
    assert!(name.ends_with('…') && name.len() < long.len(), "{name}");
}

#[test]
fn every_kind_has_an_icon_except_the_actor() {
    for (i, kind) in NodeKind::all_defaults().into_iter().enumerate() {
        let id = format!("n{i}");
        let is_actor = matches!(kind, NodeKind::Actor);
        let data = ModelData {
            nodes: vec![node(&id, kind, None)],
            ..ModelData::default()
        };
        let (_, scene) = build(data);
        let item = scene.find(&ElementRef::node(&id)).expect("node");
        assert_eq!(item.details.is_empty(), is_actor, "{id}");
    }
}

#[test]
fn hit_test_prefers_nodes_over_zones_and_finds_links() {
    let mut data = nested();
    data.layout.positions.insert("api".into(), Point(0.0, 0.0));
    data.layout.positions.insert("db".into(), Point(0.0, 300.0));
    let (_, scene) = build(data);
    let hit = |p: Pos| scene.hit(p, 4.0).map(|i| i.element.clone());
    assert_eq!(hit(pos(0.0, 0.0)), Some(ElementRef::node("api")));
    assert_eq!(hit(pos(0.0, 150.0)), Some(ElementRef::link("api-db")));
    let core = bounds_of(&scene, ElementRef::zone("core"));
    assert_eq!(
        hit(pos(core.min.x + 5.0, core.min.y + 5.0)),
        Some(ElementRef::zone("core"))
    );
}

#[test]
fn hostile_positions_stay_finite() {
    // Files with such values are refused, but the layout can be edited in memory.
    let mut model = Model::from_data(nested()).expect("valid");
    let positions = &mut model.layout.positions;
    positions.insert("api".into(), Point(f32::MAX, -f32::MAX));
    positions.insert("db".into(), Point(f32::NAN, f32::INFINITY));
    model.layout.zone_padding = f32::INFINITY;
    let scene = Scene::build(&model, &Theme::light());
    let finite = |r: Rect| {
        [r.min.x, r.min.y, r.max.x, r.max.y]
            .iter()
            .all(|v| v.is_finite())
    };
    assert!(finite(scene.bounds));
    assert!(scene.items.iter().all(|i| finite(i.bounds)));
}

#[test]
fn zone_cycles_do_not_hang() {
    let mut model = Model::from_data(nested()).expect("valid");
    model.zones[1].parent = Some("core".into());
    let scene = Scene::build(&model, &Theme::light());
    assert!(scene.find(&ElementRef::node("api")).is_some());
}

/// A synthetic model: `zones` zones (some nested), `nodes` nodes spread over them, `links` links.
pub(crate) fn synthetic(zones: usize, nodes: usize, links: usize, placed: bool) -> Model {
    let mut data = ModelData::default();
    for z in 0..zones {
        let parent = (z % 4 != 0).then(|| format!("z{}", z - z % 4));
        data.zones
            .push(zone(&format!("z{z}"), (z % 4) as u8, parent.as_deref()));
    }
    for n in 0..nodes {
        let kind = NodeKind::all_defaults()[n % 8].clone();
        let zone = (zones > 0).then(|| format!("z{}", n % zones));
        data.nodes
            .push(node(&format!("n{n}"), kind, zone.as_deref()));
        if placed {
            let p = Point((n % 80) as f32 * 240.0, (n / 80) as f32 * 130.0);
            data.layout.positions.insert(format!("n{n}"), p);
        }
    }
    for l in 0..links {
        let (a, b) = (l % nodes, (l * 7 + 1) % nodes);
        if a != b {
            data.links
                .push(Link::new(format!("l{l}"), format!("n{a}"), format!("n{b}")));
        }
    }
    Model::from_data(data).expect("valid synthetic model")
}

/// Every zone, link and node of a large model gets its item, placed or not. How fast is the
/// canvas bench's business (`cargo bench --bench canvas`), never a test's.
#[test]
fn large_models_build_every_item() {
    for placed in [true, false] {
        let model = synthetic(200, 5000, 10_000, placed);
        let scene = Scene::build(&model, &Theme::light());
        assert_eq!(scene.items.len(), 200 + model.link_count() + 5000);
    }
}

/// splitmix64, for reproducible random moves.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Moves one to three random nodes: mostly a short drag, sometimes a jump onto another node
/// (so labels elsewhere must make room); returns their ids.
fn random_moves(model: &mut Model, ids: &[String], rng: &mut u64) -> Vec<String> {
    let count = 1 + (next(rng) % 3) as usize;
    let mut moved = Vec::new();
    for _ in 0..count {
        let id = ids[next(rng) as usize % ids.len()].clone();
        let at = model
            .layout
            .positions
            .get(&id)
            .copied()
            .unwrap_or(Point(0.0, 0.0));
        let to = if next(rng).is_multiple_of(4) {
            let other = &ids[next(rng) as usize % ids.len()];
            let p = model.layout.positions.get(other).copied().unwrap_or(at);
            Point(p.0 + 30.0, p.1 + 12.0)
        } else {
            let d = |r: u64| (r % 121) as f32 - 60.0;
            Point(at.0 + d(next(rng)), at.1 + d(next(rng)))
        };
        model.layout.positions.insert(id.clone(), to);
        moved.push(id);
    }
    moved
}

/// Writes back where the scene draws the nodes it settles, so the model is honest as stored.
fn settled(mut model: Model) -> Model {
    for (id, p) in settled_moves(&model) {
        model.layout.positions.insert(id, p);
    }
    model
}

/// Applies rounds of random moves and checks the scene against a full build each time: in place
/// while no zone's box covers a node outside it, else by a full build that settles them.
fn assert_moves_match_rebuilds(model: Model, seed: u64, rounds: usize) {
    let mut model = settled(model);
    let theme = if seed.is_multiple_of(2) {
        Theme::light()
    } else {
        Theme::dark()
    };
    let ids: Vec<String> = model.nodes().map(|n| n.id.clone()).collect();
    let mut scene = Scene::build(&model, &theme);
    let mut rng = seed;
    let mut was_honest = true;
    for round in 0..rounds {
        let moved = random_moves(&mut model, &ids, &mut rng);
        let moved: Vec<&str> = moved.iter().map(String::as_str).collect();
        let honest = settled_moves(&model).is_empty();
        let in_place = scene.update_nodes(&model, &theme, &moved);
        if honest && was_honest {
            assert!(in_place, "seed {seed}, round {round}: in place");
        }
        was_honest = honest;
        let fresh = Scene::build(&model, &theme);
        assert_eq!(scene.items.len(), fresh.items.len());
        for (i, (a, b)) in scene.items.iter().zip(&fresh.items).enumerate() {
            assert_eq!(
                a, b,
                "seed {seed}, round {round}, item {i} after moving {moved:?}"
            );
        }
        assert_eq!(scene.bounds, fresh.bounds, "seed {seed}, round {round}");
    }
}

#[test]
fn moving_nodes_in_place_equals_a_full_build() {
    for seed in 0..6 {
        let model = crate::generate::synthetic(300, seed);
        assert_moves_match_rebuilds(model, seed, 15);
    }
}

#[test]
fn moving_nodes_among_crowded_labels_equals_a_full_build() {
    // Many long links over few zones: labels compete for room, so one move pushes others.
    for seed in 0..4 {
        let model = synthetic(12, 240, 700, true);
        assert_moves_match_rebuilds(model, 100 + seed, 15);
    }
}

#[test]
fn moves_that_cannot_be_applied_in_place_rebuild_the_scene() {
    let theme = Theme::light();
    // Nodes without a stored position: the fallback layout depends on every other node.
    let mut model = synthetic(8, 60, 80, false);
    let mut scene = Scene::build(&model, &theme);
    model
        .layout
        .positions
        .insert("n3".into(), Point(-500.0, -400.0));
    assert!(!scene.update_nodes(&model, &theme, &["n3"]));
    assert_eq!(scene, Scene::build(&model, &theme));

    // Another theme, or a moved node that is not in the model.
    let mut model = settled(crate::generate::synthetic(100, 7));
    let mut scene = Scene::build(&model, &theme);
    let id = model.nodes().next().map(|n| n.id.clone()).expect("a node");
    model.layout.positions.insert(id.clone(), Point(10.0, 10.0));
    let dark = Theme::dark();
    assert!(!scene.update_nodes(&model, &dark, &[id.as_str()]));
    assert_eq!(scene, Scene::build(&model, &dark));
    assert!(!scene.update_nodes(&model, &dark, &["no-such-node"]));
    assert_eq!(scene, Scene::build(&model, &dark));
    // Nothing moved at all is still an update in place (in a model whose zones are honest).
    let model = settled(model);
    let mut scene = Scene::build(&model, &dark);
    assert!(scene.update_nodes(&model, &dark, &[]));
}

#[test]
fn moving_many_nodes_at_once_equals_a_full_build() {
    // Enough moves (over 128 nodes, each a changed area before and after) that the changed
    // areas overflow and every later label is placed again.
    let theme = Theme::light();
    let mut model = settled(synthetic(12, 1_200, 3_000, true));
    let mut scene = Scene::build(&model, &theme);
    let ids: Vec<String> = model.nodes().map(|n| n.id.clone()).step_by(9).collect();
    for (i, id) in ids.iter().enumerate() {
        let at = model.layout.positions[id];
        let to = Point(at.0 + 37.0 * (i % 5) as f32, at.1 - 23.0 * (i % 3) as f32);
        model.layout.positions.insert(id.clone(), to);
    }
    let moved: Vec<&str> = ids.iter().map(String::as_str).collect();
    let in_place = scene.update_nodes(&model, &theme, &moved);
    assert_eq!(in_place, settled_moves(&model).is_empty());
    assert_eq!(scene, Scene::build(&model, &theme));
}

/// One random edit of any kind, as the app makes them: delete a node with its links, put one
/// back, connect two nodes, restyle a link, move a node to another zone or far away, change the
/// zone padding; returns what it did.
fn random_edit(model: &mut Model, removed: &mut Vec<(Node, Vec<Link>)>, rng: &mut u64) -> String {
    let ids: Vec<String> = model.nodes().map(|n| n.id.clone()).collect();
    let pick = |rng: &mut u64| ids[next(rng) as usize % ids.len()].clone();
    match next(rng) % 8 {
        0 | 1 => {
            let id = pick(rng);
            let gone = model.remove_node(&id).expect("a node of the model");
            removed.push(gone);
            format!("removed {id}")
        }
        2 if !removed.is_empty() => {
            let gone = removed.remove(next(rng) as usize % removed.len());
            format!("restored {}", restore(model, gone))
        }
        3 => {
            let (a, b) = (pick(rng), pick(rng));
            let id = model.fresh_id("link");
            model
                .add_link(Link::new(id.clone(), a, b))
                .expect("valid link");
            format!("added {id}")
        }
        4 => {
            let Some(mut link) = model
                .links()
                .nth(next(rng) as usize % model.link_count().max(1))
                .cloned()
            else {
                return "nothing".into();
            };
            link.bidirectional = !link.bidirectional;
            link.tls = Tls::None;
            let id = link.id.clone();
            model.replace_link(link).expect("same ids");
            format!("restyled {id}")
        }
        5 => {
            let mut node = model.node(&pick(rng)).cloned().expect("a node");
            let zones: Vec<String> = model.zones.iter().map(|z| z.id.clone()).collect();
            node.zone =
                (!zones.is_empty()).then(|| zones[next(rng) as usize % zones.len()].clone());
            let id = node.id.clone();
            model.replace_node(node).expect("same id");
            format!("rezoned {id}")
        }
        6 => {
            let id = pick(rng);
            let far = Point((next(rng) % 4000) as f32, (next(rng) % 3000) as f32);
            model.layout.positions.insert(id.clone(), far);
            format!("moved {id} far")
        }
        7 if next(rng).is_multiple_of(2) => {
            model.layout.zone_padding = 10.0 + (next(rng) % 3) as f32 * 6.0;
            "padding".into()
        }
        _ => {
            // Every deleted node back, then the same model with its links in another order
            // (as read from another file).
            for gone in removed.drain(..).rev() {
                restore(model, gone);
            }
            let mut data = model.to_data();
            data.links.reverse();
            *model = Model::from_data(data).expect("the same valid model");
            "reordered links".into()
        }
    }
}

/// Puts a deleted node back with those of its links whose other end is there; returns its id.
fn restore(model: &mut Model, (node, links): (Node, Vec<Link>)) -> String {
    let id = node.id.clone();
    model.add_node(node).expect("its id is free");
    for link in links {
        let back = model.node(&link.from).is_some() && model.node(&link.to).is_some();
        if back && !model.has_id(&link.id) {
            model.add_link(link).expect("both ends are back");
        }
    }
    id
}

#[test]
fn rebuilding_after_any_edit_equals_a_full_build_and_reuses_most_lines() {
    for seed in 0..4u64 {
        let theme = if seed % 2 == 0 {
            Theme::light()
        } else {
            Theme::dark()
        };
        let mut model = settled(crate::generate::synthetic(400, seed));
        let mut scene = Scene::build(&model, &theme);
        let mut removed = Vec::new();
        let mut rng = seed + 1;
        for round in 0..24 {
            let edit = random_edit(&mut model, &mut removed, &mut rng);
            let taken = links::TAKEN.with(|t| t.get());
            scene = Scene::rebuild(&model, &theme, scene);
            let reused = links::TAKEN.with(|t| t.get()) - taken;
            let fresh = Scene::build(&model, &theme);
            assert_eq!(
                scene.items.len(),
                fresh.items.len(),
                "seed {seed}, round {round}: {edit}"
            );
            for (i, (a, b)) in scene.items.iter().zip(&fresh.items).enumerate() {
                assert_eq!(a, b, "seed {seed}, round {round}, item {i} after: {edit}");
            }
            assert_eq!(scene.bounds, fresh.bounds);
            // Deleting a node leaves every other line as it was, unless a zone's box changed
            // under many of them.
            if edit.starts_with("removed") {
                assert!(
                    reused > 0,
                    "seed {seed}, round {round}: {edit} reused no line"
                );
            }
        }
    }
    // Another theme draws every line anew.
    let model = settled(crate::generate::synthetic(100, 9));
    let light = Scene::build(&model, &Theme::light());
    let taken = links::TAKEN.with(|t| t.get());
    let dark = Scene::rebuild(&model, &Theme::dark(), light);
    assert_eq!(links::TAKEN.with(|t| t.get()), taken);
    assert_eq!(dark, Scene::build(&model, &Theme::dark()));
}

/// A label kept from the scene before must have been placed among the obstacles there: after a
/// drag that could not be applied in place, the node that pushed a label aside has moved on.
#[test]
fn a_label_pushed_aside_by_a_node_returns_when_the_node_is_dragged_away() {
    let theme = Theme::light();
    let mut data = ModelData {
        name: "t".into(),
        zones: vec![zone("far", 1, None)],
        nodes: vec![
            server("a", None),
            server("b", None),
            server("c", None),
            server("d", Some("far")),
        ],
        links: vec![Link::new("a-b", "a", "b")],
        ..ModelData::default()
    };
    let at = [(0.0, 0.0), (600.0, 0.0), (300.0, 0.0), (0.0, 900.0)];
    for (n, (x, y)) in data.nodes.iter().zip(at) {
        data.layout.positions.insert(n.id.clone(), Point(x, y));
    }
    let mut model = Model::from_data(data).expect("valid model");
    let mut scene = Scene::build(&model, &theme);
    let plate = |scene: &Scene| match scene.find(&ElementRef::link("a-b")).map(|i| &i.hit) {
        Some(Hit::Line { label, .. }) => *label,
        _ => None,
    };
    let aside = plate(&scene).expect("a label");
    assert!(!aside.contains(pos(300.0, 0.0)), "c sits in the middle");
    // Onto the zone of d: not honest, so not in place.
    model
        .layout
        .positions
        .insert("c".into(), Point(10.0, 905.0));
    assert!(!scene.update_nodes(&model, &theme, &["c"]));
    assert_eq!(scene, Scene::build(&model, &theme));
    assert!(plate(&scene).expect("a label").contains(pos(300.0, 0.0)));
}
