//! Undo and redo are exact inverses: any sequence of edits, undone, gives back the original model,
//! and redone gives the final one. Every intermediate model keeps every invariant.

use archmodel::commands::{Fragment, History, MergeKey, create, edits, paste};
use archmodel::model::{
    Decision, Link, Model, ModelData, Node, NodeKind, Point, Tls, Triage, TriageStatus, TrustZone,
    ZoneKind,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    AddNode(usize, f32, f32),
    Connect(usize, usize),
    Delete(usize),
    Move(usize, f32, f32, bool),
    Group(usize, usize),
    IntoZone(usize, usize),
    Rename(usize, String),
    SetTls(usize, u8),
    TlsEverywhere(u8),
    Paste(usize, usize),
    Nest(usize, usize),
    AddDecision(String),
    Triage(usize),
    Seal,
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..8usize, -500.0f32..500.0, -500.0f32..500.0).prop_map(|(k, x, y)| Op::AddNode(k, x, y)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Connect(a, b)),
        any::<usize>().prop_map(Op::Delete),
        (
            any::<usize>(),
            -50.0f32..50.0,
            -50.0f32..50.0,
            any::<bool>()
        )
            .prop_map(|(i, x, y, m)| Op::Move(i, x, y, m)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Group(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::IntoZone(a, b)),
        (any::<usize>(), "\\PC{0,12}").prop_map(|(i, s)| Op::Rename(i, s)),
        (any::<usize>(), 0..4u8).prop_map(|(i, t)| Op::SetTls(i, t)),
        (0..4u8).prop_map(Op::TlsEverywhere),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Paste(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Nest(a, b)),
        "\\PC{1,12}".prop_map(Op::AddDecision),
        any::<usize>().prop_map(Op::Triage),
        Just(Op::Seal),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn start() -> Model {
    let mut data = ModelData {
        name: "start".into(),
        zones: vec![TrustZone::new(
            "internet",
            "Internet",
            ZoneKind::Internet,
            0,
        )],
        ..ModelData::default()
    };
    for (i, kind) in NodeKind::all_defaults().into_iter().enumerate() {
        let mut n = Node::new(format!("n{i}"), format!("Node {i}"), kind);
        if i % 2 == 0 {
            n.zone = Some("internet".into());
        }
        data.layout
            .positions
            .insert(n.id.clone(), Point(i as f32 * 10.0, 0.0));
        data.nodes.push(n);
    }
    data.links.push(Link::new("l0", "n0", "n3"));
    data.links.push(Link::new("l1", "n3", "n1"));
    Model::from_data(data).expect("valid start")
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

fn run(model: &mut Model, history: &mut History, op: &Op, fresh: &mut u32) {
    let nodes: Vec<String> = model.nodes().map(|n| n.id.clone()).collect();
    let links: Vec<String> = model.links().map(|l| l.id.clone()).collect();
    let zones: Vec<String> = model.zones.iter().map(|z| z.id.clone()).collect();
    let mut next_id = |stem: &str| {
        *fresh += 1;
        model.fresh_id(&format!("{stem}{fresh}"))
    };
    let patch = match op {
        Op::AddNode(k, x, y) => {
            // As the palette does: a free id and name, in a zone when there is one.
            let mut node = create::new_node(model, NodeKind::all_defaults()[*k].clone());
            node.zone = pick(&zones, *k);
            Some(edits::add_node(node, Point(*x, *y)))
        }
        Op::Connect(a, b) => match (pick(&nodes, *a), pick(&nodes, *b)) {
            (Some(a), Some(b)) => create::new_link(model, &a, &b).map(edits::add_link),
            _ => None,
        },
        Op::TlsEverywhere(t) => {
            let tls = [Tls::None, Tls::Tls12, Tls::Tls13, Tls::Mutual][*t as usize];
            let all: Vec<Link> = model.links().map(|l| Link { tls, ..l.clone() }).collect();
            (!all.is_empty()).then(|| edits::set_links(model, all, "Edit tls"))
        }
        Op::Paste(a, b) => {
            let ids: Vec<String> = [pick(&nodes, *a), pick(&nodes, *b)]
                .into_iter()
                .flatten()
                .collect();
            Fragment::copy(model, &ids).map(|f| paste(model, &f, Point(40.0, 40.0)).0)
        }
        Op::Nest(a, b) => match (pick(&zones, *a), pick(&zones, *b)) {
            // A zone nests in another unless that one lies inside it (no cycles).
            (Some(a), Some(b)) if !model.zone_chain(Some(&b)).iter().any(|z| z.id == a) => {
                model.zone(&a).map(|zone| {
                    let zone = TrustZone {
                        parent: Some(b),
                        ..zone.clone()
                    };
                    edits::set_zone(model, zone, "Nest trust zone")
                })
            }
            _ => None,
        },
        Op::Delete(i) => {
            let all: Vec<String> = nodes.iter().chain(&links).chain(&zones).cloned().collect();
            pick(&all, *i).map(|id| edits::delete(model, &[id]))
        }
        Op::Move(i, dx, dy, _) => pick(&nodes, *i).map(|id| {
            let p = model.layout.positions.get(&id).copied().unwrap_or_default();
            edits::move_nodes(model, &[(id, Point(p.0 + dx, p.1 + dy))])
        }),
        Op::Group(a, b) => match (pick(&nodes, *a), pick(&nodes, *b)) {
            (Some(a), Some(b)) => {
                let z = next_id("zone");
                Some(edits::group_into_zone(model, &[a, b], &z, "Zone"))
            }
            _ => None,
        },
        Op::IntoZone(a, z) => pick(&nodes, *a).map(|id| {
            let zone = pick(&zones, *z);
            edits::set_nodes_zone(model, &[id], zone.as_deref())
        }),
        Op::Rename(i, name) => pick(&nodes, *i).and_then(|id| {
            let mut n = model.node(&id)?.clone();
            n.name = name.clone();
            Some(edits::set_node(model, n, "Rename"))
        }),
        Op::SetTls(i, t) => pick(&links, *i).and_then(|id| {
            let mut l = model.link(&id)?.clone();
            l.tls = [Tls::None, Tls::Tls12, Tls::Tls13, Tls::Mutual][*t as usize];
            Some(edits::set_link(model, l, "Change TLS"))
        }),
        Op::AddDecision(title) => {
            let number = model.decisions.iter().map(|d| d.number).max().unwrap_or(0) + 1;
            let mut d = Decision::new(number, title.clone());
            // Concern a node and a link, so cascading deletes must clean both up.
            d.concerns = nodes
                .first()
                .into_iter()
                .chain(links.last())
                .cloned()
                .collect();
            Some(edits::set_decision(model, d, "Add decision"))
        }
        Op::Triage(i) => pick(&nodes, *i).map(|id| {
            let key = format!("isolated-node@{id}");
            let t = Triage {
                finding: key.clone(),
                status: TriageStatus::Accepted,
                note: String::new(),
            };
            edits::set_triage(model, &key, Some(t))
        }),
        Op::Seal => {
            history.seal();
            None
        }
        Op::Undo => {
            history.undo(model).expect("undo applies");
            None
        }
        Op::Redo => {
            history.redo(model).expect("redo applies");
            None
        }
    };
    if let Some(patch) = patch {
        let merge = match op {
            Op::Move(i, _, _, true) => Some(MergeKey(format!("drag{}", i % 3))),
            Op::Rename(i, _) => Some(MergeKey(format!("rename{}", i % 3))),
            _ => None,
        };
        history
            .apply(model, patch, merge)
            .expect("a fresh patch applies");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_and_redo_all_replays(ops in prop::collection::vec(op(), 1..40)) {
        let original = start();
        let mut model = original.clone();
        let mut history = History::new();
        let mut fresh = 0;
        for op in &ops {
            run(&mut model, &mut history, op, &mut fresh);
            prop_assert!(model.problems().is_empty(), "after {op:?}: {:?}", model.problems());
        }
        // Ops may end with undos: "the end" is the furthest state the history can redo to.
        while history.redo(&mut model).expect("redo applies").is_some() {}
        let end = model.clone();
        let end_text = archmodel::io::to_string(&end).unwrap();
        while history.undo(&mut model).expect("undo applies").is_some() {}
        prop_assert_eq!(&model, &original);
        prop_assert_eq!(
            archmodel::io::to_string(&model).unwrap(),
            archmodel::io::to_string(&original).unwrap()
        );
        while history.redo(&mut model).expect("redo applies").is_some() {}
        prop_assert_eq!(&model, &end);
        prop_assert_eq!(archmodel::io::to_string(&model).unwrap(), end_text);
    }
}
