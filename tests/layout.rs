//! Automatic layout from the outside: the `layout` subcommand, the bundled examples laid out
//! (snapshots), and zones nested far deeper than anyone draws.

use std::path::Path;
use std::process::{Command, Output};

use archmodel::io;
use archmodel::layout::{self, Direction, Mode, Options};
use archmodel::model::{Model, Node, NodeKind, Point, TrustZone, ZoneKind};
use archmodel::scene::{self, ElementKind, ElementRef, Scene, Theme};

fn archmodel(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archmodel"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn example(name: &str) -> String {
    let path = format!("{}/assets/examples/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("example")
}

#[test]
fn layout_rewrites_the_file_or_writes_elsewhere_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ron"), example("web-app")).unwrap();
    let out = archmodel(&["layout", "m.ron", "-o", "a.ron"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("laid out"));
    let a = std::fs::read_to_string(dir.path().join("a.ron")).unwrap();
    // The source is untouched; the output loads and differs only in layout.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.ron")).unwrap(),
        example("web-app")
    );
    let laid = io::parse(&a).expect("output loads");
    let before = io::parse(&example("web-app")).unwrap();
    assert_eq!(laid.node_count(), before.node_count());
    assert_ne!(laid.layout.positions, before.layout.positions);
    // Same input, same bytes; to standard output with `-`.
    let out = archmodel(&["layout", "m.ron", "-o", "-"], dir.path());
    assert_eq!(String::from_utf8_lossy(&out.stdout), a);
    // In place by default, every mode and direction.
    for args in [
        vec!["layout", "m.ron"],
        vec!["layout", "m.ron", "--mode", "force"],
        vec!["layout", "m.ron", "--direction", "tb", "--keep-pinned"],
    ] {
        let out = archmodel(&args, dir.path());
        assert!(out.status.success(), "{args:?}");
        let m = io::load(&dir.path().join("m.ron")).expect("loads");
        assert!(scene::settled_moves(&m).is_empty(), "{args:?}: zones lie");
    }
}

#[test]
fn layout_refuses_bad_input_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "(format: 1, name: \"x\", nodes: [(id: \"a\", name: \"A\", kind: Nope)])\n";
    std::fs::write(dir.path().join("bad.ron"), broken).unwrap();
    let out = archmodel(&["layout", "bad.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.ron:"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.ron")).unwrap(),
        broken
    );
    let out = archmodel(&["layout", "missing.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = archmodel(&["layout", "bad.ron", "--mode", "spiral"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

/// The positions a layout gives, one line per node, for a snapshot.
fn positions_text(name: &str, options: &Options) -> String {
    let model = io::parse(&example(name)).expect("example loads");
    let laid = layout::lay_out(&model, options);
    let mut m = model.clone();
    m.layout.positions.extend(laid.clone());
    assert!(scene::settled_moves(&m).is_empty(), "{name}: zones lie");
    laid.iter()
        .map(|(id, p)| format!("{id}: ({}, {})\n", p.0, p.1))
        .collect()
}

#[test]
fn the_examples_laid_out() {
    for name in ["web-app", "mobile-backend", "p2p-offline-first"] {
        insta::assert_snapshot!(
            format!("{name}-layered"),
            positions_text(name, &Options::default())
        );
    }
    let force = Options {
        mode: Mode::Force,
        ..Options::default()
    };
    insta::assert_snapshot!(
        "p2p-offline-first-force",
        positions_text("p2p-offline-first", &force)
    );
    let tb = Options {
        direction: Direction::TopBottom,
        ..Options::default()
    };
    insta::assert_snapshot!("web-app-top-bottom", positions_text("web-app", &tb));
}

/// Zones nested `depth` deep, a node in every hundredth and in the innermost, stored positions
/// for half of them (the rest take the fallback placement).
fn deeply_nested(depth: usize) -> Model {
    let mut model = Model::new("deep");
    for i in 0..depth {
        let mut zone = TrustZone::new(format!("z{i}"), format!("Zone {i}"), ZoneKind::Internal, 1);
        zone.parent = (i > 0).then(|| format!("z{}", i - 1));
        model.zones.push(zone);
    }
    let server = NodeKind::all_defaults()[1].clone();
    for i in (0..depth).step_by(100).chain([depth - 1]) {
        let mut node = Node::new(format!("n{i}"), format!("Node {i}"), server.clone());
        node.zone = Some(format!("z{i}"));
        model.add_node(node).expect("node");
        if i % 200 == 0 {
            model
                .layout
                .positions
                .insert(format!("n{i}"), Point(i as f32, 0.0));
        }
    }
    model
}

#[test]
fn zones_nested_thirty_two_thousand_deep_are_drawn_without_overflow() {
    let model = deeply_nested(32_000);
    let scene = Scene::build(&model, &Theme::light());
    let zone = |id: &str| {
        scene
            .find(&ElementRef::zone(id))
            .map(|i| i.bounds)
            .expect("zone drawn")
    };
    let (outer, inner) = (zone("z0"), zone("z31999"));
    assert!(outer.contains_rect(&inner));
    let node = scene
        .find(&ElementRef::node("n31999"))
        .map(|i| i.bounds)
        .expect("node drawn");
    assert!(inner.contains_rect(&node));
    let zones = scene
        .items
        .iter()
        .filter(|i| i.element.kind == ElementKind::Zone)
        .count();
    assert_eq!(zones, 32_000);
    // And laid out: every node placed, nothing lies.
    let laid = layout::lay_out(&model, &Options::default());
    assert_eq!(laid.len(), model.node_count());
}

/// A hand-written file whose zone's members sit around a node that is not a member.
const HULL_AROUND_A_PROVIDER: &str = r#"(
    format: 1,
    name: "Hull",
    zones: [(id: "core", name: "Core", kind: Internal, trust: 2)],
    nodes: [
        (id: "a", name: "Orders", kind: Server(role: Api), zone: Some("core")),
        (id: "b", name: "Billing", kind: Server(role: Api), zone: Some("core")),
        (id: "c", name: "Ledger", kind: Server(role: Api), zone: Some("core")),
        (id: "pay", name: "Payment provider", kind: External),
    ],
    links: [
        (id: "b-pay", from: "b", to: "pay", protocol: Http, tls: Plaintext, authn: None),
    ],
    layout: (positions: {
        "a": (0.0, 0.0),
        "b": (600.0, 0.0),
        "c": (300.0, 300.0),
        "pay": (300.0, 130.0),
    }),
)
"#;

/// The first `<rect>` of the SVG group with this id, as (x, y, width, height).
fn first_rect(svg: &str, group: &str) -> (f32, f32, f32, f32) {
    let start = svg
        .find(&format!("<g id=\"{group}\">"))
        .unwrap_or_else(|| panic!("group {group} in the SVG"));
    let rest = &svg[start..];
    let rect = &rest[rest.find("<rect").expect("a rect in the group")..];
    let rect = &rect[..rect.find("/>").expect("rect ends")];
    let value = |name: &str| -> f32 {
        let at = rect.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        let end = rect[at..].find('"').expect("quote") + at;
        rect[at..end].parse().expect("a number")
    };
    (value("x"), value("y"), value("width"), value("height"))
}

#[test]
fn exports_draw_a_node_outside_the_box_of_a_zone_it_is_not_in() {
    let model = io::parse(HULL_AROUND_A_PROVIDER).expect("valid");
    let svg = archmodel::export::svg::render(&model, &Default::default());
    let (zx, zy, zw, zh) = first_rect(&svg, "zone-core");
    let (px, py, pw, ph) = first_rect(&svg, "node-pay");
    let apart = px > zx + zw || px + pw < zx || py > zy + zh || py + ph < zy;
    assert!(apart, "the provider is drawn inside the zone: {svg}");
    for member in ["node-a", "node-b", "node-c"] {
        let (x, y, w, h) = first_rect(&svg, member);
        assert!(
            x >= zx && y >= zy && x + w <= zx + zw && y + h <= zy + zh,
            "{member}"
        );
    }
    // The PNG is rasterised from this SVG.
    let png = archmodel::export::png::render(&model, &Default::default()).expect("png");
    assert!(png.starts_with(b"\x89PNG"));
}

/// Every wrong crossing of a zone's border by a link's line, as text.
fn lying_links(model: &Model) -> Vec<String> {
    let scene = Scene::build(model, &Theme::light());
    scene::misdrawn_links(model, &scene)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn links_cross_exactly_the_zones_they_enter_or_leave() {
    use archmodel::layout::synthetic::{Shape, model};
    for (shape, seed) in [(Shape::Tiers, 21), (Shape::Random, 22), (Shape::Mesh, 23)] {
        for mode in [Mode::Layered, Mode::Force] {
            let mut m = model(shape, 150, 300, 15, seed);
            let options = Options {
                mode,
                ..Options::default()
            };
            m.layout.positions.extend(layout::lay_out(&m, &options));
            let lies = lying_links(&m);
            assert!(
                lies.is_empty(),
                "{shape:?} {mode:?}: {:?}",
                &lies[..lies.len().min(5)]
            );
        }
    }
    // The bundled examples, laid out.
    for name in ["web-app", "mobile-backend", "p2p-offline-first"] {
        let mut m = io::parse(&example(name)).expect("example loads");
        m.layout
            .positions
            .extend(layout::lay_out(&m, &Options::default()));
        assert!(lying_links(&m).is_empty(), "{name}: {:?}", lying_links(&m));
    }
    // The size of the layout bar (1,000 tiered nodes in 50 zones nested two deep: once, most
    // of its lines were drawn straight when the routing budget ran out) and the big generator.
    for (name, mut m) in [
        (
            "1,000 tiered nodes",
            model(Shape::Tiers, 1_000, 2_000, 50, 42),
        ),
        ("generated", archmodel::generate::synthetic(300, 5)),
    ] {
        m.layout
            .positions
            .extend(layout::lay_out(&m, &Options::default()));
        let lies = lying_links(&m);
        assert!(
            lies.is_empty(),
            "{name}: {} wrong crossings: {:?}",
            lies.len(),
            &lies[..lies.len().min(5)]
        );
    }
}

/// Two services in no zone with a trust zone right between them.
const A_ZONE_IN_THE_WAY: &str = r#"(
    format: 1,
    name: "In the way",
    zones: [(id: "core", name: "Core", kind: Internal, trust: 2)],
    nodes: [
        (id: "a", name: "Orders", kind: Server(role: Api)),
        (id: "b", name: "Billing", kind: Server(role: Api)),
        (id: "c", name: "Ledger", kind: Server(role: Api), zone: Some("core")),
    ],
    links: [
        (id: "a-b", from: "a", to: "b", protocol: Http, tls: Tls13, authn: None),
    ],
    layout: (positions: {
        "a": (0.0, 0.0),
        "b": (700.0, 0.0),
        "c": (350.0, 0.0),
    }),
)
"#;

#[test]
fn exports_draw_a_link_round_a_zone_it_does_not_cross() {
    let model = io::parse(A_ZONE_IN_THE_WAY).expect("valid");
    assert!(lying_links(&model).is_empty());
    let svg = archmodel::export::svg::render(&model, &Default::default());
    let group = &svg[svg.find("<g id=\"link-a-b\">").expect("the link's group")..];
    let line = &group[group.find("<polyline").expect("the link's line")..];
    let points = &line[line.find("points=\"").expect("points") + 8..];
    let points = &points[..points.find('"').expect("end of points")];
    let corners = points.split_whitespace().count();
    assert!(corners > 2, "a straight line through the zone: {points}");
    let (zx, zy, zw, zh) = first_rect(&svg, "zone-core");
    let zone = scene::Rect::from_min_max(scene::pos(zx, zy), scene::pos(zx + zw, zy + zh));
    let line: Vec<scene::Pos> = points
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            scene::pos(x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    assert_eq!(scene::border_crossings(&line, &zone), 0, "{points}");
}
