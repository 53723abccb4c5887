//! What link labels avoid: rectangles bucketed in a uniform grid, so overlap queries look only
//! nearby.
//!
//! Labels are placed one link after another, each avoiding the labels placed before it. Every
//! rectangle therefore carries a tag: 0 for what is always there (nodes, zone titles, boundary
//! markers), `k + 1` for the label of the `k`-th link. A query for link `k` sees tags up to `k`,
//! so the grid can hold every label at once and a moved label can be placed again later with
//! exactly what it saw in the first build. Queries give the same answer whatever order the
//! rectangles went in (booleans, integer sums), which keeps an updated scene equal to a rebuilt one.

use super::fast_hash::FastMap;
use super::geom::Rect;

/// Cell size of the grid.
const CELL: f32 = 128.0;
/// Huge rectangles (a giant zone's title) are only indexed along this many cells per axis.
const MAX_CELLS: i32 = 128;

/// Scale of the fixed-point areas [`Obstacles::covered`] sums (2^40: far finer than a pixel).
const FIXED: f64 = (1u64 << 40) as f64;

/// The tag of rectangles every query sees.
pub(crate) const ALWAYS: u32 = 0;

/// Tagged rectangles in a grid of cells.
#[derive(Debug, Clone, Default)]
pub(crate) struct Obstacles {
    cells: FastMap<(i32, i32), Vec<(Rect, u32)>>,
}

impl Obstacles {
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let cell = |v: f32| (v / CELL).floor().clamp(-1e6, 1e6) as i32;
        let (x0, x1, y0, y1) = (cell(r.min.x), cell(r.max.x), cell(r.min.y), cell(r.max.y));
        (x0..=x1.min(x0 + MAX_CELLS))
            .flat_map(move |x| (y0..=y1.min(y0 + MAX_CELLS)).map(move |y| (x, y)))
    }

    /// Adds a rectangle with its tag.
    pub fn insert(&mut self, r: Rect, tag: u32) {
        for c in Self::cells_of(&r) {
            self.cells.entry(c).or_default().push((r, tag));
        }
    }

    /// Takes out one copy of a rectangle inserted with this tag (nothing if there is none).
    pub fn remove(&mut self, r: Rect, tag: u32) {
        for c in Self::cells_of(&r) {
            if let Some(list) = self.cells.get_mut(&c)
                && let Some(at) = list.iter().position(|e| *e == (r, tag))
            {
                list.swap_remove(at);
            }
        }
    }

    /// Moves a rectangle: takes `old` out and puts `new` in, with the same tag.
    pub fn replace(&mut self, old: Rect, new: Rect, tag: u32) {
        if old != new {
            self.remove(old, tag);
            self.insert(new, tag);
        }
    }

    /// Roughly how much of `r` the rectangles tagged up to `upto` cover, in fixed point (a
    /// rectangle in two cells counts twice, which is fine for ranking spots).
    pub fn covered(&self, r: &Rect, upto: u32) -> i128 {
        Self::cells_of(r)
            .filter_map(|c| self.cells.get(&c))
            .flatten()
            .filter(|(_, tag)| *tag <= upto)
            .map(|(o, _)| {
                let w = o.max.x.min(r.max.x) - o.min.x.max(r.min.x);
                let h = o.max.y.min(r.max.y) - o.min.y.max(r.min.y);
                // The product of two f32 is exact in f64; in fixed point the sum is exact too,
                // so it does not depend on the order of the rectangles.
                (f64::from(w.max(0.0)) * f64::from(h.max(0.0)) * FIXED) as i128
            })
            .fold(0, i128::saturating_add)
    }

    /// Whether any rectangle tagged up to `upto` touches `r`.
    pub fn hits(&self, r: &Rect, upto: u32) -> bool {
        Self::cells_of(r).any(|c| {
            self.cells
                .get(&c)
                .is_some_and(|v| v.iter().any(|(o, tag)| *tag <= upto && o.intersects(r)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::pos;

    #[test]
    fn queries_see_only_tags_up_to_theirs_and_removal_undoes_insertion() {
        let a = Rect::from_min_max(pos(0.0, 0.0), pos(10.0, 10.0));
        let probe = Rect::from_min_max(pos(5.0, 5.0), pos(300.0, 6.0));
        let mut grid = Obstacles::default();
        grid.insert(a, 3);
        assert!(!grid.hits(&probe, 2));
        assert!(grid.hits(&probe, 3));
        assert_eq!(grid.covered(&probe, 3), 5 * (1 << 40));
        grid.remove(a, 3);
        assert!(!grid.hits(&probe, u32::MAX));
        assert_eq!(grid.covered(&probe, u32::MAX), 0);
    }
}
