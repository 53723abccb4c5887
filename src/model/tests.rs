use super::*;

fn client(id: &str, zone: Option<&str>) -> Node {
    let mut n = Node::new(id, id, NodeKind::all_defaults()[0].clone());
    n.zone = zone.map(str::to_owned);
    n
}

fn server(id: &str, zone: Option<&str>) -> Node {
    let mut n = Node::new(
        id,
        id,
        NodeKind::Server {
            role: ServerRole::Api,
        },
    );
    n.zone = zone.map(str::to_owned);
    n
}

fn zoned() -> ModelData {
    let mut dmz = TrustZone::new("dmz", "DMZ", ZoneKind::Dmz, 1);
    dmz.parent = None;
    let mut core = TrustZone::new("core", "Core", ZoneKind::Internal, 2);
    core.parent = Some("dmz".into());
    ModelData {
        name: "t".into(),
        zones: vec![
            TrustZone::new("internet", "Internet", ZoneKind::Internet, 0),
            dmz,
            core,
        ],
        nodes: vec![
            client("spa", Some("internet")),
            server("gw", Some("dmz")),
            server("api", Some("core")),
            server("api2", Some("core")),
        ],
        links: vec![
            Link::new("spa-gw", "spa", "gw"),
            Link::new("gw-api", "gw", "api"),
            Link::new("api-api2", "api", "api2"),
            Link::new("spa-api", "spa", "api"),
        ],
        ..ModelData::default()
    }
}

#[test]
fn boundaries_crossed_follows_nesting() {
    let m = Model::from_data(zoned()).expect("valid");
    let ids = |l: &str| -> Vec<String> {
        m.boundaries_crossed(m.link(l).unwrap())
            .iter()
            .map(|z| z.id.clone())
            .collect()
    };
    assert_eq!(ids("spa-gw"), ["internet", "dmz"]);
    assert_eq!(ids("gw-api"), ["core"]);
    assert!(ids("api-api2").is_empty());
    assert_eq!(ids("spa-api"), ["internet", "core", "dmz"]);
    assert!(m.crosses_boundary(m.link("gw-api").unwrap()));
    assert!(!m.crosses_boundary(m.link("api-api2").unwrap()));
}

#[test]
fn invariants_are_reported_with_paths() {
    let mut d = zoned();
    d.nodes.push(client("spa", None));
    d.links.push(Link::new("dangling", "spa", "nowhere"));
    d.nodes[1].zone = Some("mars".into());
    d.zones[1].parent = Some("core".into());
    let problems = Model::from_data(d).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"nodes[4].id"), "{problems:?}");
    assert!(paths.contains(&"links[4].to"), "{problems:?}");
    assert!(paths.contains(&"nodes[1].zone"), "{problems:?}");
    assert!(paths.contains(&"zones[1].parent"), "{problems:?}");
    assert!(problems.iter().any(|p| p.message.contains("cycle")));
}

#[test]
fn remove_node_takes_its_links_and_keeps_indices() {
    let mut m = Model::from_data(zoned()).unwrap();
    let (node, links) = m.remove_node("gw").unwrap();
    assert_eq!(node.id, "gw");
    assert_eq!(links.len(), 2);
    assert_eq!(m.link_count(), 2);
    assert!(m.node("api").is_some());
    assert_eq!(m.outgoing("spa").count(), 1);
    m.add_node(node).unwrap();
    for l in links {
        m.add_link(l).unwrap();
    }
    assert_eq!(m, Model::from_data(zoned()).unwrap());
}

#[test]
fn edits_refuse_broken_invariants() {
    let mut m = Model::from_data(zoned()).unwrap();
    assert_eq!(
        m.add_node(client("api", None)),
        Err(EditError::DuplicateId("api".into()))
    );
    assert_eq!(
        m.add_link(Link::new("x", "spa", "ghost")),
        Err(EditError::NoSuchNode("ghost".into()))
    );
    assert_eq!(
        m.add_link(Link::new("x", "spa", "spa")),
        Err(EditError::SelfLink("spa".into()))
    );
    assert_eq!(m.fresh_id("api"), "api-2");
    assert_eq!(m.fresh_id("fresh"), "fresh");
    assert!(m.replace_link(Link::new("spa-gw", "gw", "spa")).is_ok());
    assert_eq!(m.incoming("spa").count(), 1);
}

#[test]
fn zone_chain_terminates_on_cycles() {
    let mut m = Model::from_data(zoned()).unwrap();
    m.zones[1].parent = Some("core".into());
    assert_eq!(m.zone_chain(Some("core")).len(), 2);
    assert!(!m.problems().is_empty());
}

/// `count` zones, each inside the one before: `z0` ⊃ `z1` ⊃ …
fn zone_chain_data(count: usize) -> ModelData {
    let mut data = ModelData::default();
    for i in 0..count {
        let mut z = TrustZone::new(format!("z{i}"), format!("Zone {i}"), ZoneKind::Internal, 1);
        z.parent = i.checked_sub(1).map(|p| format!("z{p}"));
        data.zones.push(z);
    }
    data
}

#[test]
fn zones_nest_at_most_the_cap_and_the_error_names_the_zone_and_chain() {
    assert!(Model::from_data(zone_chain_data(MAX_ZONE_DEPTH)).is_ok());
    let problems = Model::from_data(zone_chain_data(MAX_ZONE_DEPTH + 5)).unwrap_err();
    // One problem where the cap is first passed, not one per zone below it.
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(p.path, format!("zones[{MAX_ZONE_DEPTH}].parent"));
    assert!(
        p.message.contains(&format!("zone `z{MAX_ZONE_DEPTH}`")),
        "{p}"
    );
    assert!(
        p.message.contains("`z31` in `z30`") && p.message.contains("`z0`"),
        "{p}"
    );
    assert!(p.message.contains("at most 32 levels"), "{p}");
}

#[test]
fn a_very_deep_chain_or_long_cycle_is_checked_in_linear_time() {
    // The walk up from every zone was quadratic here (minutes); each depth is now worked out once.
    let problems = Model::from_data(zone_chain_data(50_000)).unwrap_err();
    assert_eq!(problems.len(), 1);
    let mut cycle = zone_chain_data(50_000);
    cycle.zones[0].parent = Some("z49999".into());
    let problems = Model::from_data(cycle).unwrap_err();
    assert_eq!(
        problems.len(),
        50_000,
        "every zone of the cycle lies inside itself"
    );
    assert!(problems[0].message.contains("cycle"));
}

#[test]
fn zones_inside_a_cycle_are_not_blamed_for_it() {
    let mut data = zone_chain_data(5);
    data.zones[1].parent = Some("z2".into());
    let problems = Model::from_data(data).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["zones[1].parent", "zones[2].parent"]);
}

#[test]
fn nodes_within_takes_nested_zones_and_survives_cycles() {
    let mut m = Model::from_data(zoned()).unwrap();
    let ids = |m: &Model, z: &str| -> Vec<String> {
        let mut v: Vec<String> = m.nodes_within(z).iter().map(|n| n.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&m, "dmz"), ["api", "api2", "gw"]);
    assert_eq!(ids(&m, "core"), ["api", "api2"]);
    assert_eq!(ids(&m, "internet"), ["spa"]);
    assert!(ids(&m, "nowhere").is_empty());
    m.zones[1].parent = Some("core".into());
    assert_eq!(ids(&m, "dmz"), ["api", "api2", "gw"]);
}
