//! Layout: where things are drawn. Kept apart from the semantics so moving a box is a small diff.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A point in model coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point(pub f32, pub f32);

/// Positions of nodes and the saved view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Centre of each node, by node id.
    #[serde(default)]
    pub positions: BTreeMap<String, Point>,
    /// Space between a zone's members and its border, in model units.
    #[serde(default = "default_padding")]
    pub zone_padding: f32,
    /// The last view of the canvas.
    #[serde(default)]
    pub view: View,
    /// Nodes an automatic layout leaves where they are, by id (written only when there are some,
    /// so files without pins stay as they were).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub pinned: BTreeSet<String>,
}

fn default_padding() -> f32 {
    24.0
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            positions: BTreeMap::new(),
            zone_padding: default_padding(),
            view: View::default(),
            pinned: BTreeSet::new(),
        }
    }
}

/// The visible part of the canvas: its centre in model coordinates and the zoom factor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The model point at the centre of the canvas.
    pub center: Point,
    /// Screen points per model unit.
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self {
            center: Point(0.0, 0.0),
            zoom: 1.0,
        }
    }
}
