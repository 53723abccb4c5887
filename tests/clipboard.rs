//! Copy and paste on synthetic models: a paste keeps every invariant, adds exactly what was
//! copied under fresh ids, survives the trip through clipboard text, and undoes exactly.

use std::collections::HashSet;

use archmodel::commands::{Fragment, FragmentError, paste};
use archmodel::generate::synthetic;
use archmodel::model::{Model, Node, NodeKind, Point};
use proptest::prelude::*;

/// The ids picked by `mask` (bit i of the mask, cycled, picks element i) from nodes, links and
/// zones of `model`.
fn pick(model: &Model, mask: &[bool]) -> Vec<String> {
    let all = model
        .nodes()
        .map(|n| n.id.clone())
        .chain(model.links().map(|l| l.id.clone()))
        .chain(model.zones.iter().map(|z| z.id.clone()));
    all.zip(mask.iter().cycle())
        .filter(|(_, keep)| **keep)
        .map(|(id, _)| id)
        .collect()
}

/// Pastes `fragment` into `target` and checks counts, fresh ids, invariants and undo.
fn check_paste(target: &Model, fragment: &Fragment, offset: Point) -> Result<(), TestCaseError> {
    let (patch, pasted) = paste(target, fragment, offset);
    prop_assert_eq!(pasted.nodes.len(), fragment.nodes.len());
    prop_assert_eq!(pasted.links.len(), fragment.links.len());
    prop_assert_eq!(pasted.zones.len(), fragment.zones.len());
    let n = pasted.len();
    let label = if n == 1 {
        "Paste 1 element".to_owned()
    } else {
        format!("Paste {n} elements")
    };
    prop_assert_eq!(&patch.label, &label);
    let fresh: HashSet<&String> = pasted
        .nodes
        .iter()
        .chain(&pasted.links)
        .chain(&pasted.zones)
        .collect();
    prop_assert_eq!(fresh.len(), n, "pasted ids are distinct");
    for id in &fresh {
        prop_assert!(!target.has_id(id), "`{}` was taken", id);
    }

    let mut after = target.clone();
    patch
        .apply(&mut after)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(after.problems().is_empty(), "{:?}", after.problems());
    prop_assert_eq!(
        after.node_count(),
        target.node_count() + fragment.nodes.len()
    );
    prop_assert_eq!(
        after.link_count(),
        target.link_count() + fragment.links.len()
    );
    prop_assert_eq!(after.zones.len(), target.zones.len() + fragment.zones.len());
    for (old, new) in fragment.nodes.iter().zip(&pasted.nodes) {
        let (Some(p), Some(q)) = (
            fragment.positions.get(&old.id),
            after.layout.positions.get(new),
        ) else {
            continue;
        };
        prop_assert_eq!(*q, Point(p.0 + offset.0, p.1 + offset.1));
    }

    patch
        .inverse()
        .apply(&mut after)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(after == *target, "undo restores the model exactly");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn paste_into_the_same_model_keeps_invariants_and_undoes(
        nodes in 1usize..80,
        seed in any::<u64>(),
        mask in prop::collection::vec(any::<bool>(), 1..24),
        dx in -200.0f32..200.0,
        dy in -200.0f32..200.0,
    ) {
        let model = synthetic(nodes, seed);
        let ids = pick(&model, &mask);
        let Some(fragment) = Fragment::copy(&model, &ids) else {
            // Nothing to copy means no node was picked, directly or through a zone.
            prop_assert!(ids.iter().all(|id| model.node(id).is_none()));
            return Ok(());
        };
        for l in &fragment.links {
            let copied = |id: &str| fragment.nodes.iter().any(|n| n.id == id);
            prop_assert!(copied(&l.from) && copied(&l.to), "links stay inside the copy");
        }
        check_paste(&model, &fragment, Point(dx, dy))?;
        // Twice in a row: the second paste must avoid the first one's ids too.
        let (patch, _) = paste(&model, &fragment, Point(dx, dy));
        let mut once = model.clone();
        patch.apply(&mut once).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_paste(&once, &fragment, Point(dx, dy))?;
    }

    #[test]
    fn paste_through_text_into_another_model(
        nodes in 1usize..60,
        seed in any::<u64>(),
        other in 0usize..40,
        mask in prop::collection::vec(any::<bool>(), 1..16),
    ) {
        let model = synthetic(nodes, seed);
        let Some(fragment) = Fragment::copy(&model, &pick(&model, &mask)) else {
            return Ok(());
        };
        let read = Fragment::from_text(&fragment.to_text());
        prop_assert_eq!(read.as_ref(), Ok(&fragment));
        // Zones and contracts of the source are missing in an empty model and differ in another.
        check_paste(&Model::new("empty"), &fragment, Point(0.0, 0.0))?;
        check_paste(&synthetic(other, seed.wrapping_add(1)), &fragment, Point(40.0, 40.0))?;
    }

    #[test]
    fn any_text_is_refused_or_read_without_panicking(text in "\\PC{0,200}") {
        let prefixed = format!("// archmodel fragment 1\n{text}");
        for t in [text.as_str(), prefixed.as_str()] {
            if let Ok(f) = Fragment::from_text(t) {
                check_paste(&synthetic(10, 1), &f, Point(0.0, 0.0))?;
            }
        }
        prop_assert!(Fragment::from_text(&text).is_err());
    }
}

#[test]
fn foreign_text_is_not_a_fragment() {
    for text in [
        "",
        "hello",
        "(nodes: [])",
        "{\"nodes\": []}",
        "// archmodel",
    ] {
        assert_eq!(Fragment::from_text(text), Err(FragmentError::NotAFragment));
    }
}

#[test]
fn errors_say_what_is_wrong() {
    let broken = "// archmodel fragment 1\n(nodes: [(id: \"a\", name: \"A\", kind: Cdn)], \
                  links: [(id: \"a\", from: \"a\", to: \"a\", protocol: Https, tls: Tls13, \
                  authn: None)])";
    let err = Fragment::from_text(broken).expect_err("duplicate id and self link");
    let message = err.to_string();
    assert!(message.contains("already used"), "{message}");
}

#[test]
fn copied_ids_count_on() {
    let mut model = Model::new("shop");
    model
        .add_node(Node::new("orders", "Orders", NodeKind::Cdn))
        .expect("node");
    let fragment = Fragment::copy(&model, &["orders".to_owned()]).expect("a node");
    for expected in ["orders-2", "orders-3"] {
        let (patch, pasted) = paste(&model, &fragment, Point(40.0, 40.0));
        assert_eq!(pasted.nodes, vec![expected.to_owned()]);
        patch.apply(&mut model).expect("applies");
    }
}
