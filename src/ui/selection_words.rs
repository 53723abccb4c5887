//! The selection and the model in words for the status bar: "13 selected: 8 servers, 3 links,
//! 2 zones", "12 nodes · 1 link · 3 zones".

use std::collections::BTreeMap;

use super::wording::{counted, kind_class_plural, kind_class_singular};
use crate::model::Model;
use crate::scene::{ElementKind, ElementRef};

/// "13 selected: 8 servers, 3 links, 2 zones": node kinds first, most numerous first, then
/// links, then zones. Elements no longer in the model are not counted.
pub fn selection(model: &Model, selection: &[ElementRef]) -> String {
    // Keyed by the plural, with the singular alongside, so each kind is counted once.
    let mut kinds: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let (mut links, mut zones) = (0, 0);
    for e in selection {
        match e.kind {
            ElementKind::Node => {
                if let Some(n) = model.node(&e.id) {
                    let entry = kinds
                        .entry(kind_class_plural(&n.kind))
                        .or_insert((kind_class_singular(&n.kind), 0));
                    entry.1 += 1;
                }
            }
            ElementKind::Link => links += usize::from(model.link(&e.id).is_some()),
            ElementKind::Zone => zones += usize::from(model.zone(&e.id).is_some()),
        }
    }
    let mut kinds: Vec<(&str, &str, usize)> = kinds
        .into_iter()
        .map(|(many, (one, n))| (one, many, n))
        .collect();
    kinds.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(b.1)));
    let mut parts: Vec<String> = kinds
        .into_iter()
        .map(|(one, many, n)| counted(n, one, many))
        .collect();
    if links > 0 {
        parts.push(counted(links, "link", "links"));
    }
    if zones > 0 {
        parts.push(counted(zones, "zone", "zones"));
    }
    let total = links + zones + node_total(model, selection);
    format!("{total} selected: {}", parts.join(", "))
}

fn node_total(model: &Model, selection: &[ElementRef]) -> usize {
    selection
        .iter()
        .filter(|e| e.kind == ElementKind::Node && model.node(&e.id).is_some())
        .count()
}

/// "12 nodes · 1 link · 3 zones".
pub fn model(model: &Model) -> String {
    format!(
        "{} · {} · {}",
        counted(model.node_count(), "node", "nodes"),
        counted(model.link_count(), "link", "links"),
        counted(model.zones.len(), "zone", "zones")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn a_mixed_selection_is_counted_by_kind() {
        let model = examples::example("web-app")
            .expect("example")
            .model()
            .expect("parses");
        let mut all: Vec<ElementRef> = model.nodes().map(|n| ElementRef::node(&n.id)).collect();
        all.extend(model.links().map(|l| ElementRef::link(&l.id)));
        all.extend(model.zones.iter().map(|z| ElementRef::zone(&z.id)));
        let text = selection(&model, &all);
        let total = model.node_count() + model.link_count() + model.zones.len();
        assert!(text.starts_with(&format!("{total} selected: ")), "{text}");
        assert!(
            text.contains(&counted(model.link_count(), "link", "links")),
            "{text}"
        );
        assert!(
            !text.contains("1 servers") && !text.contains("(s)"),
            "{text}"
        );

        let one = [ElementRef::zone(&model.zones[0].id)];
        assert_eq!(selection(&model, &one), "1 selected: 1 zone");
    }

    #[test]
    fn an_empty_model_reads_in_the_plural_and_one_in_the_singular() {
        let mut m = Model::new("x");
        assert_eq!(model(&m), "0 nodes · 0 links · 0 zones");
        m.zones.push(crate::model::TrustZone::new(
            "dmz",
            "DMZ",
            crate::model::ZoneKind::Dmz,
            1,
        ));
        assert_eq!(model(&m), "0 nodes · 0 links · 1 zone");
    }
}
