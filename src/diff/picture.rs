//! A diagram of the newer version with the changes since the older one drawn on it, for a pull
//! request: the same overlay the app's Compare With… shows.

use crate::export::svg::{self, SvgOptions};
use crate::model::Model;
use crate::scene::{Scene, Theme, compare};

/// The SVG of `new` with what changed since `old` highlighted: added elements outlined green,
/// changed ones amber, removed ones ghosted red where they were.
pub fn svg(old: &Model, new: &Model, options: &SvgOptions) -> String {
    let theme = Theme::of(options.theme);
    let mut scene = Scene::build(new, &theme);
    let older = Scene::build(old, &theme);
    let marks = super::diff(old, new).scene_marks();
    let items = compare::overlay(&scene, &older, &marks, options.theme);
    for item in &items {
        scene.bounds = scene.bounds.union(item.bounds);
    }
    scene.items.extend(items);
    svg::paint(new, &scene, &theme, options)
}
