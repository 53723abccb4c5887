//! Zones as a tree with their member nodes, walked in a stable order: what every diagram
//! language needs to write nested subgraphs, clusters or boundaries.

use std::collections::{HashMap, HashSet};

use crate::model::{Link, Model, Node, TrustZone};

/// How deep the output indents; deeper zones are written at this depth (still nested correctly).
const MAX_INDENT: usize = 12;

/// One step of a walk over the zone tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step<'a> {
    /// A zone opens; everything until the matching [`Step::Close`] lies inside it.
    Open(&'a TrustZone),
    /// A node inside the innermost open zone (or at the top level).
    Node(&'a Node),
    /// The innermost open zone closes.
    Close,
}

/// The zone tree walked depth-first, zones and nodes sorted by id, nodes after nested zones.
///
/// Nodes whose zone does not exist are written at the top level, zones whose parent does not
/// exist are roots, and a zone is never entered twice, so the walk ends on any data. It uses an
/// explicit stack, so deeply nested zones cannot overflow the call stack.
pub fn walk(model: &Model) -> Vec<Step<'_>> {
    let known: HashSet<&str> = model.zones.iter().map(|z| z.id.as_str()).collect();
    let mut children: HashMap<Option<&str>, Vec<&TrustZone>> = HashMap::new();
    for z in &model.zones {
        let parent = z
            .parent
            .as_deref()
            .filter(|p| known.contains(p) && *p != z.id);
        children.entry(parent).or_default().push(z);
    }
    let mut members: HashMap<Option<&str>, Vec<&Node>> = HashMap::new();
    for n in model.nodes() {
        let zone = n.zone.as_deref().filter(|z| known.contains(z));
        members.entry(zone).or_default().push(n);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    for list in members.values_mut() {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }

    let mut steps = Vec::with_capacity(model.zones.len() * 2 + model.node_count());
    let mut entered: HashSet<&str> = HashSet::new();
    // Each frame: the zone (None for the top level) and how many of its child zones are done.
    let mut stack: Vec<(Option<&str>, usize)> = vec![(None, 0)];
    while let Some((zone, next)) = stack.pop() {
        let kids = children.get(&zone).map(Vec::as_slice).unwrap_or(&[]);
        if let Some(child) = kids.get(next) {
            stack.push((zone, next + 1));
            if entered.insert(child.id.as_str()) {
                steps.push(Step::Open(child));
                stack.push((Some(child.id.as_str()), 0));
            }
            continue;
        }
        for n in members.get(&zone).map(Vec::as_slice).unwrap_or(&[]) {
            steps.push(Step::Node(n));
        }
        if zone.is_some() {
            steps.push(Step::Close);
        }
    }
    steps
}

/// Indentation for a nesting depth, capped so that deep nesting cannot blow up the output.
pub fn indent(depth: usize) -> String {
    "  ".repeat(depth.min(MAX_INDENT))
}

/// The links sorted by id, for stable output.
pub fn sorted_links(model: &Model) -> Vec<&Link> {
    let mut links: Vec<&Link> = model.links().collect();
    links.sort_by(|a, b| a.id.cmp(&b.id));
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ModelData, NodeKind, ZoneKind};

    #[test]
    fn nested_zones_open_and_close_in_order() {
        let mut inner = TrustZone::new("b-inner", "Inner", ZoneKind::Internal, 2);
        inner.parent = Some("a-outer".into());
        let mut n1 = Node::new("n1", "N1", NodeKind::Cdn);
        n1.zone = Some("b-inner".into());
        let mut n2 = Node::new("n2", "N2", NodeKind::Cdn);
        n2.zone = Some("a-outer".into());
        let n3 = Node::new("n3", "N3", NodeKind::Cdn);
        let data = ModelData {
            zones: vec![inner, TrustZone::new("a-outer", "Outer", ZoneKind::Dmz, 1)],
            nodes: vec![n3, n2, n1],
            ..ModelData::default()
        };
        let model = Model::from_data(data).expect("valid");
        let shape: Vec<String> = walk(&model)
            .iter()
            .map(|s| match s {
                Step::Open(z) => format!("({}", z.id),
                Step::Node(n) => n.id.clone(),
                Step::Close => ")".into(),
            })
            .collect();
        assert_eq!(shape, ["(a-outer", "(b-inner", "n1", ")", "n2", ")", "n3"]);
    }
}
