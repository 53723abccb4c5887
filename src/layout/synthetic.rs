//! Synthetic graphs for measuring layouts: tiered request flows, random graphs and peer meshes,
//! each with nested trust zones, deterministic for a seed, without positions.

use crate::model::{Link, Model, ModelData, Node, NodeKind, TrustZone, ZoneKind};

/// The shape of a synthetic graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Clients → gateways → servers → stores, links at random from one tier to the next (and
    /// now and then two tiers on); zones hold nodes of one tier.
    Tiers,
    /// Any node kind, links between random pairs, zones holding random nodes.
    Random,
    /// Peers linked in a ring with random chords, both ways.
    Mesh,
}

/// A model of `nodes` nodes and about `links` links, with `zones` trust zones nested two deep
/// (a fifth of them at the top, the rest inside those), about one node in ten in no zone.
///
/// # Panics
///
/// Never for any input: the model is valid by construction, which the tests check.
pub fn model(shape: Shape, nodes: usize, links: usize, zones: usize, seed: u64) -> Model {
    let mut rng = Rng(seed ^ 0x6c61_796f_7574);
    let mut data = ModelData {
        name: format!("{shape:?} {nodes}"),
        ..ModelData::default()
    };
    let tops = zones.div_ceil(5).min(zones);
    for z in 0..zones {
        let mut zone = TrustZone::new(zone_id(z), format!("Zone {z}"), ZoneKind::Internal, 1);
        if z >= tops {
            zone.parent = Some(zone_id(z % tops.max(1)));
        }
        data.zones.push(zone);
    }
    let tiers = tier_kinds(shape);
    for i in 0..nodes {
        let tier = i * tiers.len() / nodes.max(1);
        let kind = match shape {
            Shape::Random => NodeKind::all_defaults()[rng.below(8)].clone(),
            _ => tiers[tier].clone(),
        };
        let mut node = Node::new(node_id(i), format!("Node {i}"), kind);
        if zones > 0 && rng.below(10) != 0 {
            // Zones whose number matches the tier hold that tier's nodes, so clusters are
            // compact along the flow as in real models.
            let z = match shape {
                Shape::Tiers => {
                    let of_tier: Vec<usize> =
                        (0..zones).filter(|z| z % tiers.len() == tier).collect();
                    if of_tier.is_empty() {
                        rng.below(zones)
                    } else {
                        of_tier[rng.below(of_tier.len())]
                    }
                }
                _ => rng.below(zones),
            };
            node.zone = Some(zone_id(z));
        }
        data.nodes.push(node);
    }
    let mut seen = std::collections::HashSet::new();
    let mut tries = 0;
    while data.links.len() < links && nodes > 1 && tries < links * 20 {
        tries += 1;
        let (a, b) = match shape {
            Shape::Tiers => {
                let per = nodes.div_ceil(tiers.len()).max(1);
                let a = rng.below(nodes);
                let step = if rng.below(6) == 0 { 2 } else { 1 };
                let tier = (a / per + step).min(tiers.len() - 1);
                if tier * per >= nodes || a / per == tiers.len() - 1 {
                    continue;
                }
                let span = per.min(nodes - tier * per);
                (a, tier * per + rng.below(span))
            }
            Shape::Random => (rng.below(nodes), rng.below(nodes)),
            Shape::Mesh => {
                let a = rng.below(nodes);
                let b = if data.links.len() < nodes {
                    (a + 1) % nodes
                } else {
                    rng.below(nodes)
                };
                (a, b)
            }
        };
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mut link = Link::new(format!("l{:05}", data.links.len()), node_id(a), node_id(b));
        link.bidirectional = shape == Shape::Mesh;
        data.links.push(link);
    }
    Model::from_data(data)
        .unwrap_or_else(|problems| panic!("synthetic model is invalid: {:?}", problems.first()))
}

fn node_id(i: usize) -> String {
    format!("n{i:05}")
}

fn zone_id(z: usize) -> String {
    format!("z{z:03}")
}

/// The kinds of each tier, in flow order.
fn tier_kinds(shape: Shape) -> Vec<NodeKind> {
    let all = NodeKind::all_defaults();
    match shape {
        // Client, gateway, server, store.
        Shape::Tiers => vec![
            all[0].clone(),
            all[3].clone(),
            all[1].clone(),
            all[4].clone(),
        ],
        Shape::Random => vec![all[1].clone()],
        Shape::Mesh => vec![all[2].clone()],
    }
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_is_valid_and_has_what_was_asked() {
        for shape in [Shape::Tiers, Shape::Random, Shape::Mesh] {
            let m = model(shape, 400, 800, 50, 3);
            assert_eq!(m.node_count(), 400);
            assert_eq!(m.zones.len(), 50);
            assert!(m.link_count() >= 760, "{shape:?}: {}", m.link_count());
            assert!(m.problems().is_empty());
        }
    }
}
