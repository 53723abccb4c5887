//! Random-graph models: links between any two nodes, zones nested at random up to a given depth.
//!
//! The clustered generator ([`super::synthetic`]) keeps links near their source, the way real
//! systems are drawn; this one makes the shapes that shape hides: links across distant nested
//! zones, long zone chains, hubs reached from everywhere. Rules must stay fast on both.

use std::collections::BTreeMap;

use super::{Generator, Rng};
use crate::model::{Layout, Model, ModelData, Point, TrustZone, View, ZoneKind};

/// How big a random model is and how its zones nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomShape {
    /// Nodes in the model.
    pub nodes: usize,
    /// Links, each between two different nodes picked at random.
    pub links: usize,
    /// Trust zones.
    pub zones: usize,
    /// The deepest zone nesting (1: no zone inside another); the first zones form a chain
    /// this deep, so the depth is reached whenever there are enough zones.
    pub depth: usize,
}

impl RandomShape {
    /// Two links per node and a zone per 25 nodes nested up to eight deep.
    pub fn with_nodes(nodes: usize) -> Self {
        RandomShape {
            nodes,
            links: nodes * 2,
            zones: nodes / 25,
            depth: 8,
        }
    }
}

/// A model of the given shape, the same for the same shape and seed.
///
/// Node kinds, link properties, contracts, releases, decisions and triage follow the clustered
/// generator's shares; zones, zone membership (one node in ten outside every zone) and link ends
/// are random.
///
/// # Panics
///
/// Never for any input: the model is valid by construction (at most
/// [`crate::model::MAX_ZONE_DEPTH`] levels are made, whatever `depth` asks), which the tests check.
pub fn random(shape: RandomShape, seed: u64) -> Model {
    Model::from_data(random_data(shape, seed))
        .unwrap_or_else(|problems| panic!("random model is invalid: {:?}", problems.first()))
}

/// The plain data of [`random`], before it is checked and indexed.
pub fn random_data(shape: RandomShape, seed: u64) -> ModelData {
    let mut g = Generator::new(shape.nodes, seed);
    g.zones = random_zones(&mut g.rng, shape);
    g.add_nodes();
    let zone_count = g.zones.len();
    for node in &mut g.nodes {
        node.zone = if zone_count == 0 || g.rng.percent(10) {
            None
        } else {
            Some(g.zones[g.rng.below(zone_count)].id.clone())
        };
    }
    if shape.nodes >= 2 {
        for _ in 0..shape.links {
            let from = g.rng.below(shape.nodes);
            let to = (from + 1 + g.rng.below(shape.nodes - 1)) % shape.nodes;
            let link = g.link(from, to);
            g.links.push(link);
        }
    }
    g.add_contracts();
    g.add_releases();
    g.add_decisions();
    g.add_triage();
    let layout = grid_by_zone(&g);
    ModelData {
        name: format!(
            "Random model ({} nodes, {} links, {} zones up to {} deep, seed {seed})",
            shape.nodes, shape.links, shape.zones, shape.depth
        ),
        description: "Generated for benchmarks and tests: links between random nodes across \
                      randomly nested trust zones."
            .into(),
        zones: g.zones,
        nodes: g.nodes,
        links: g.links,
        contracts: g.contracts,
        releases: g.releases,
        decisions: g.decisions,
        triage: g.triage,
        settings: Default::default(),
        layout,
    }
}

/// Zones: a chain `depth` deep first, then each zone at the top or inside a random earlier zone
/// that leaves room below it.
fn random_zones(rng: &mut Rng, shape: RandomShape) -> Vec<TrustZone> {
    let depth = shape.depth.clamp(1, crate::model::MAX_ZONE_DEPTH);
    let mut zones: Vec<TrustZone> = Vec::with_capacity(shape.zones);
    let mut level: Vec<usize> = Vec::with_capacity(shape.zones);
    for z in 0..shape.zones {
        let parent = if z < depth {
            z.checked_sub(1)
        } else if rng.percent(15) {
            None
        } else {
            let p = rng.below(z);
            (level[p] + 1 < depth).then_some(p)
        };
        let lvl = parent.map_or(0, |p| level[p] + 1);
        let (kind, name) = match rng.below(5) {
            0 => (ZoneKind::Internet, "Internet"),
            1 => (ZoneKind::Dmz, "DMZ"),
            2 => (ZoneKind::Device, "Devices"),
            3 => (ZoneKind::Partner, "Partners"),
            _ => (ZoneKind::Internal, "Internal"),
        };
        let trust = (lvl.min(4) as u8 + rng.below(2) as u8).min(4);
        let mut zone = TrustZone::new(format!("zone-{z}"), format!("{name} {z}"), kind, trust);
        zone.parent = parent.map(|p| zones[p].id.clone());
        zones.push(zone);
        level.push(lvl);
    }
    zones
}

/// Members of each zone in a block of rows, blocks side by side in a square-ish grid.
fn grid_by_zone(g: &Generator) -> Layout {
    const DX: f32 = 220.0;
    const DY: f32 = 100.0;
    const COLUMNS: usize = 5;
    const GAP: f32 = 160.0;
    let mut by_zone: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, node) in g.nodes.iter().enumerate() {
        by_zone.entry(node.zone.as_deref()).or_default().push(i);
    }
    let per_row = (by_zone.len() as f64).sqrt().ceil().max(1.0) as usize;
    let rows_max = by_zone.values().map(Vec::len).max().unwrap_or(0);
    let block_w = COLUMNS as f32 * DX + GAP;
    let block_h = rows_max.div_ceil(COLUMNS) as f32 * DY + GAP;
    let mut positions = BTreeMap::new();
    for (b, members) in by_zone.values().enumerate() {
        let (x, y) = (
            (b % per_row) as f32 * block_w,
            (b / per_row) as f32 * block_h,
        );
        for (k, &i) in members.iter().enumerate() {
            let p = Point(x + (k % COLUMNS) as f32 * DX, y + (k / COLUMNS) as f32 * DY);
            positions.insert(g.nodes[i].id.clone(), p);
        }
    }
    let center = Point(
        per_row as f32 * block_w / 2.0,
        per_row as f32 * block_h / 2.0,
    );
    Layout {
        positions,
        view: View { center, zoom: 0.25 },
        ..Layout::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_models_are_valid_for_many_shapes_and_seeds() {
        for nodes in [0, 1, 2, 7, 60, 500] {
            for depth in [1, 3, 8, 100] {
                for seed in 0..3 {
                    let shape = RandomShape {
                        nodes,
                        links: nodes * 3,
                        zones: nodes / 5,
                        depth,
                    };
                    let built = Model::from_data(random_data(shape, seed));
                    assert!(built.is_ok(), "{shape:?} seed {seed}: {:?}", built.err());
                }
            }
        }
    }

    #[test]
    fn zones_reach_the_asked_depth_and_links_cross_them() {
        let shape = RandomShape {
            nodes: 2_000,
            links: 4_000,
            zones: 400,
            depth: 12,
        };
        let model = random(shape, 7);
        assert_eq!(model.link_count(), 4_000);
        assert_eq!(model.zones.len(), 400);
        let deepest = model
            .zones
            .iter()
            .map(|z| model.zone_chain(Some(&z.id)).len())
            .max();
        assert_eq!(deepest, Some(12));
        let crossing = model.links().filter(|l| model.crosses_boundary(l)).count();
        assert!(
            crossing > 3_000,
            "most random links cross a boundary: {crossing}"
        );
        assert_eq!(random(shape, 7), model);
    }
}
