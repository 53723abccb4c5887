use super::edits;
use super::*;
use crate::model::{Link, Model, Node, NodeKind, Point};

fn web_app() -> Model {
    let ex = crate::examples::example("web-app").expect("bundled example");
    crate::io::parse(ex.source).expect("valid example")
}

fn first_node_with_links(m: &Model) -> String {
    m.nodes()
        .find(|n| m.outgoing(&n.id).count() + m.incoming(&n.id).count() >= 2)
        .map(|n| n.id.clone())
        .expect("a connected node")
}

#[test]
fn delete_node_cascades_and_undoes_exactly() {
    let mut m = web_app();
    let start = m.clone();
    let id = first_node_with_links(&m);
    let mut h = History::new();
    let patch = edits::delete(&m, std::slice::from_ref(&id));
    h.apply(&mut m, patch, None).unwrap();
    assert!(m.node(&id).is_none());
    assert!(m.links().all(|l| l.from != id && l.to != id));
    assert!(m.problems().is_empty(), "{:?}", m.problems());
    assert!(h.is_dirty());
    assert_eq!(h.undo(&mut m).unwrap().as_deref(), Some("Delete"));
    assert_eq!(m, start);
    assert!(!h.is_dirty());
    h.redo(&mut m).unwrap();
    assert!(m.node(&id).is_none());
}

#[test]
fn deleting_a_zone_lifts_members_to_its_parent() {
    let mut m = web_app();
    let inner = m
        .zones
        .iter()
        .find(|z| z.parent.is_some())
        .cloned()
        .expect("a nested zone");
    let members: Vec<String> = m.members(&inner.id).map(|n| n.id.clone()).collect();
    let mut h = History::new();
    let patch = edits::delete(&m, std::slice::from_ref(&inner.id));
    h.apply(&mut m, patch, None).unwrap();
    for id in &members {
        assert_eq!(m.node(id).unwrap().zone, inner.parent);
    }
    assert!(m.problems().is_empty(), "{:?}", m.problems());
}

#[test]
fn a_drag_is_one_step_and_seal_splits_steps() {
    let mut m = Model::new("t");
    let mut h = History::unsaved();
    let n = Node::new("a", "A", NodeKind::Cdn);
    h.apply(&mut m, edits::add_node(n, Point(0.0, 0.0)), None)
        .unwrap();
    let key = Some(MergeKey("drag".into()));
    for i in 1..=60 {
        let p = edits::move_nodes(&m, &[("a".into(), Point(i as f32, 0.0))]);
        h.apply(&mut m, p, key.clone()).unwrap();
    }
    assert_eq!(h.undo_depth(), 2);
    assert_eq!(h.undo_label(), Some("Move node"));
    h.seal();
    let patch = edits::move_nodes(&m, &[("a".into(), Point(100.0, 0.0))]);
    h.apply(&mut m, patch, key).unwrap();
    assert_eq!(h.undo_depth(), 3);
    h.undo(&mut m).unwrap();
    h.undo(&mut m).unwrap();
    assert_eq!(m.layout.positions["a"], Point(0.0, 0.0));
}

#[test]
fn stale_patches_change_nothing() {
    let mut m = web_app();
    let id = first_node_with_links(&m);
    let patch = edits::delete(&m, std::slice::from_ref(&id));
    let other = m.nodes().find(|n| n.id != id).unwrap().id.clone();
    // Someone adds a link to the node after the patch was computed: the patch is now stale.
    let extra = Link::new("late-link", other, id.clone());
    edits::add_link(extra).apply(&mut m).unwrap();
    let before = m.clone();
    assert!(patch.apply(&mut m).is_err());
    assert_eq!(m, before);
}

#[test]
fn new_edit_after_undo_drops_redo_and_dirty_tracks_save_point() {
    let mut m = Model::new("t");
    let mut h = History::new();
    let add = |id: &str| edits::add_node(Node::new(id, id, NodeKind::Actor), Point(0.0, 0.0));
    h.apply(&mut m, add("a"), None).unwrap();
    h.mark_saved();
    h.apply(&mut m, add("b"), None).unwrap();
    h.undo(&mut m).unwrap();
    assert!(!h.is_dirty());
    h.apply(&mut m, add("c"), None).unwrap();
    assert_eq!(h.redo_label(), None);
    assert!(h.is_dirty());
    h.undo(&mut m).unwrap();
    assert!(!h.is_dirty());
    h.undo(&mut m).unwrap();
    assert!(h.is_dirty());
}

#[test]
fn set_links_changes_every_link_in_one_undo_step() {
    let mut m = web_app();
    let start = m.clone();
    let ids: Vec<String> = m.links().take(3).map(|l| l.id.clone()).collect();
    let edited: Vec<Link> = ids
        .iter()
        .map(|id| {
            let mut l = m.link(id).unwrap().clone();
            l.tls = crate::model::Tls::Mutual;
            l
        })
        .collect();
    let mut h = History::new();
    let patch = edits::set_links(&m, edited, "Edit tls of 3 links");
    h.apply(&mut m, patch, None).unwrap();
    assert!(
        ids.iter()
            .all(|id| m.link(id).unwrap().tls == crate::model::Tls::Mutual)
    );
    assert_eq!(h.undo_depth(), 1);
    h.undo(&mut m).unwrap();
    assert_eq!(m, start);
}

#[test]
fn set_nodes_and_set_zones_change_several_and_undo_exactly() {
    let mut m = web_app();
    let start = m.clone();
    let zone = m.zones.first().unwrap().id.clone();
    let nodes: Vec<Node> = m
        .nodes()
        .take(2)
        .map(|n| {
            let mut n = n.clone();
            n.zone = Some(zone.clone());
            n
        })
        .collect();
    let ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    let zones: Vec<crate::model::TrustZone> = m
        .zones
        .iter()
        .take(2)
        .map(|z| {
            let mut z = z.clone();
            z.trust = 7;
            z
        })
        .collect();
    let mut h = History::new();
    let mut patch = edits::set_nodes(&m, nodes, "Edit zone of 2 nodes");
    patch.merge(edits::set_zones(&m, zones, "Edit trust of 2 zones"));
    h.apply(&mut m, patch, None).unwrap();
    assert!(
        ids.iter()
            .all(|id| m.node(id).unwrap().zone.as_deref() == Some(zone.as_str()))
    );
    assert_eq!(m.zones.iter().filter(|z| z.trust == 7).count(), 2);
    h.undo(&mut m).unwrap();
    assert_eq!(m, start);
}

#[test]
fn set_nodes_is_stale_when_a_node_changed_meanwhile() {
    let mut m = web_app();
    let mut edited = m.nodes().next().unwrap().clone();
    edited.description = "Edited".into();
    let patch = edits::set_nodes(&m, vec![edited.clone()], "Edit description of 1 node");
    let mut other = edited;
    other.name = "Renamed meanwhile".into();
    edits::set_node(&m, other, "Rename").apply(&mut m).unwrap();
    let before = m.clone();
    assert!(patch.apply(&mut m).is_err());
    assert_eq!(m, before);
}

#[test]
fn pinning_is_one_step_each_way_and_a_deleted_node_takes_its_pin() {
    let mut m = web_app();
    let start = m.clone();
    let id = first_node_with_links(&m);
    let mut h = History::new();
    let pin = edits::set_pinned(&m, std::slice::from_ref(&id), true);
    assert_eq!(pin.label, "Pin node");
    h.apply(&mut m, pin, None).unwrap();
    assert!(m.layout.pinned.contains(&id));
    // Pinning what is pinned changes nothing; an unknown id is skipped.
    assert!(edits::set_pinned(&m, &[id.clone(), "nope".into()], true).is_empty());
    let pinned = m.clone();
    let delete = edits::delete(&m, std::slice::from_ref(&id));
    h.apply(&mut m, delete, None).unwrap();
    assert!(!m.layout.pinned.contains(&id), "the pin left with the node");
    assert_eq!(h.undo(&mut m).unwrap().as_deref(), Some("Delete"));
    assert_eq!(m, pinned, "undo brings the node back pinned");
    let unpin = edits::set_pinned(&m, std::slice::from_ref(&id), false);
    assert_eq!(unpin.label, "Unpin node");
    h.apply(&mut m, unpin, None).unwrap();
    assert_eq!(m, start);
    assert_eq!(h.undo(&mut m).unwrap().as_deref(), Some("Unpin node"));
    assert!(m.layout.pinned.contains(&id));
    assert_eq!(h.undo(&mut m).unwrap().as_deref(), Some("Pin node"));
    assert_eq!(m, start);
}

#[test]
fn extend_merges_like_pushing_one_change_at_a_time() {
    let m = web_app();
    let moves = |dx: f32| -> Vec<Change> {
        m.nodes()
            .map(|n| Change::Position {
                node: n.id.clone(),
                delta: Delta::new(m.layout.positions.get(&n.id).copied(), Some(Point(dx, 1.0))),
            })
            .collect()
    };
    // Every node moved twice, and one node deleted: the second move of each merges into the first.
    let id = first_node_with_links(&m);
    let mut changes = moves(5.0);
    changes.extend(edits::delete(&m, std::slice::from_ref(&id)).changes);
    changes.extend(moves(9.0));
    let mut one_by_one = Patch::new("edit");
    for c in changes.clone() {
        one_by_one.push(c);
    }
    let mut at_once = Patch::new("edit");
    at_once.extend(changes[..3].to_vec());
    at_once.extend(changes[3..].to_vec());
    assert_eq!(at_once, one_by_one);
    let mut keys: Vec<String> = at_once.changes.iter().map(Change::key).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(
        keys.len(),
        at_once.changes.len(),
        "no element is listed twice"
    );
    assert!(
        at_once.changes.len() < changes.len(),
        "the second moves merged"
    );
}

#[test]
fn deleting_everything_in_a_large_model_undoes_and_redoes_exactly() {
    // 1,500 nodes with links across nested zones: the patch lists about 5,000 changes.
    let mut m = crate::generate::synthetic(1_500, 9);
    let start = m.clone();
    let mut ids: Vec<String> = m.nodes().map(|n| n.id.clone()).collect();
    ids.extend(m.links().map(|l| l.id.clone()));
    ids.extend(m.zones.iter().map(|z| z.id.clone()));
    let patch = edits::delete(&m, &ids);
    let mut keys: Vec<String> = patch.changes.iter().map(Change::key).collect();
    keys.sort();
    let listed = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), listed, "one change per element");
    let mut h = History::new();
    h.apply(&mut m, patch, None).expect("applies");
    assert_eq!((m.node_count(), m.link_count(), m.zones.len()), (0, 0, 0));
    h.undo(&mut m).expect("undoes");
    assert_eq!(m, start);
    h.redo(&mut m).expect("redoes");
    assert_eq!(m.node_count(), 0);
}
