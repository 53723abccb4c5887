//! Whether a scene tells the truth about trust boundaries: every link's line must cross the
//! border of each zone holding exactly one of its ends once, and no other zone's border at all.
//! Tests and benchmarks audit scenes with it; a line drawn straight because no way round was
//! found in time shows up here.

use super::{ElementKind, Hit, Rect, Scene, border_crossings};
use crate::model::Model;

/// A link whose line crosses a zone's border a wrong number of times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misdrawn {
    /// The link's id.
    pub link: String,
    /// The zone's id.
    pub zone: String,
    /// How often the line crosses the zone's border.
    pub drawn: usize,
    /// How often it should: 1 when the zone holds exactly one end, else 0.
    pub expected: usize,
}

impl std::fmt::Display for Misdrawn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} crosses {} {}×, not {}×",
            self.link, self.zone, self.drawn, self.expected
        )
    }
}

/// Every wrong crossing of a zone's border by a link's line in `scene` (built from `model`), in
/// the scene's paint order.
///
/// Each line is compared with the zones its bounding box meets and the zones around its ends:
/// O(links × zones) box tests at worst, plus the crossings of the few zones each line meets.
pub fn misdrawn_links(model: &Model, scene: &Scene) -> Vec<Misdrawn> {
    let zones: Vec<(&str, Rect)> = scene
        .items
        .iter()
        .filter(|i| i.element.kind == ElementKind::Zone)
        .map(|i| (i.element.id.as_str(), i.bounds))
        .collect();
    let zones_of =
        |node: &str| -> Vec<String> { model.zones_of(node).iter().map(|z| z.id.clone()).collect() };
    let mut out = Vec::new();
    for item in scene
        .items
        .iter()
        .filter(|i| i.element.kind == ElementKind::Link)
    {
        let Hit::Line { points, .. } = &item.hit else {
            continue;
        };
        let Some(link) = model.link(&item.element.id) else {
            continue;
        };
        let (from, to) = (zones_of(&link.from), zones_of(&link.to));
        let Some(extent) = points
            .iter()
            .map(|p| Rect::from_min_max(*p, *p))
            .reduce(Rect::union)
        else {
            continue;
        };
        for (zone, rect) in &zones {
            let expected =
                usize::from(from.iter().any(|z| z == zone) != to.iter().any(|z| z == zone));
            if expected == 0 && !rect.intersects(&extent) {
                continue;
            }
            let drawn = border_crossings(points, rect);
            if drawn != expected {
                out.push(Misdrawn {
                    link: link.id.clone(),
                    zone: (*zone).to_owned(),
                    drawn,
                    expected,
                });
            }
        }
    }
    out
}
