//! Counting link crossings, for choosing among layouts and for comparing them with other tools.

use crate::scene::Pos;

/// How many pairs of links cross when every link is drawn as a straight line between the
/// centres of its two nodes. Links sharing an end never count; collinear overlaps do not count.
///
/// `centers` holds each node's centre by index, `links` pairs of indices. Quadratic in the number
/// of links, with a cheap box test first: meant for measuring, not for every frame.
pub fn count(centers: &[Pos], links: &[(usize, usize)]) -> u64 {
    let segments: Vec<(usize, usize, Pos, Pos)> = links
        .iter()
        .filter(|(a, b)| a != b)
        .filter_map(|&(a, b)| Some((a, b, *centers.get(a)?, *centers.get(b)?)))
        .collect();
    let mut order: Vec<usize> = (0..segments.len()).collect();
    let left = |s: &(usize, usize, Pos, Pos)| s.2.x.min(s.3.x);
    let right = |s: &(usize, usize, Pos, Pos)| s.2.x.max(s.3.x);
    order.sort_by(|&i, &j| left(&segments[i]).total_cmp(&left(&segments[j])));
    let mut total = 0;
    // Sweep along x: only segments whose x-ranges overlap can cross.
    for (k, &i) in order.iter().enumerate() {
        let s = segments[i];
        let end = right(&s);
        for &j in &order[k + 1..] {
            let t = segments[j];
            if left(&t) > end {
                break;
            }
            if s.0 == t.0 || s.0 == t.1 || s.1 == t.0 || s.1 == t.1 {
                continue;
            }
            if properly_cross(s.2, s.3, t.2, t.3) {
                total += 1;
            }
        }
    }
    total
}

/// Whether segments `ab` and `cd` cross at a point inside both.
fn properly_cross(a: Pos, b: Pos, c: Pos, d: Pos) -> bool {
    let orient = |p: Pos, q: Pos, r: Pos| {
        let v = (f64::from(q.x) - f64::from(p.x)) * (f64::from(r.y) - f64::from(p.y))
            - (f64::from(q.y) - f64::from(p.y)) * (f64::from(r.x) - f64::from(p.x));
        v.partial_cmp(&0.0).map_or(0, |o| o as i8)
    };
    let (o1, o2) = (orient(a, b, c), orient(a, b, d));
    let (o3, o4) = (orient(c, d, a), orient(c, d, b));
    o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 && o1 != o2 && o3 != o4
}

/// Crossings of a layered drawing, exactly as [`count`] would find them but gap by gap between
/// columns: links run from a lower to a higher rank, nodes of a rank share the column centre
/// `columns[rank]`, `at` holds each node's `(u, v)`. In each gap, two links cross when their
/// order at the gap's left edge differs strictly from their order at its right edge (so two
/// links that cross right on a column line are not counted).
///
/// A link is seen in every gap it spans, `S` times in all ([`spanned_gaps`]). The links going on
/// from one gap to the next leave it sorted by their place at the right edge, which is their
/// order at the next gap's left edge; only the links starting there are sorted in, and sorting
/// by the right edge moves each pair that crosses once. So the whole is `O(S + L log L + K)`
/// for `K` crossings (`O(S log L)` at worst, as each gap falls back to a merge sort).
pub(crate) fn count_layered(
    columns: &[f32],
    flow: &[(usize, usize)],
    at: &[(f32, f32)],
    rank: &[usize],
) -> u64 {
    let gaps = columns.len().saturating_sub(1);
    let span = |k: u32| {
        let (a, b) = flow[k as usize];
        low_high(rank[a], rank[b], gaps)
    };
    let mut by_start: Vec<u32> = (0..flow.len() as u32)
        .filter(|&k| span(k).0 < span(k).1)
        .collect();
    by_start.sort_unstable_by_key(|&k| span(k).0);
    let mut next = 0;
    // The links of the gap, (left edge, right edge) keys with the link; between gaps, the links
    // going on, in order of their place at the next left edge.
    let mut active: Vec<(u64, u32)> = Vec::new();
    let mut fresh: Vec<(u64, u32)> = Vec::new();
    let mut merged: Vec<(u64, u32)> = Vec::new();
    let mut buf: Vec<(u64, u32)> = Vec::new();
    let mut total = 0;
    let mut insertion = true;
    for g in 0..gaps {
        let (ul, ur) = (columns[g], columns[g + 1]);
        let key = |k: u32| {
            let (a, b) = flow[k as usize];
            let ((ua, va), (ub, vb)) = (at[a], at[b]);
            // Ends exactly at the node, so links sharing it never look crossed by rounding.
            let y = |u: f32| {
                if u == ua {
                    va
                } else if u == ub {
                    vb
                } else {
                    va + (vb - va) * (u - ua) / (ub - ua)
                }
            };
            (u64::from(ordered(y(ul))) << 32) | u64::from(ordered(y(ur)))
        };
        for e in &mut active {
            e.0 = key(e.1);
        }
        fresh.clear();
        while let Some(&k) = by_start.get(next).filter(|&&k| span(k).0 == g) {
            fresh.push((key(k), k));
            next += 1;
        }
        fresh.sort_unstable();
        merge_by_left(&active, &fresh, &mut merged);
        // Links through one point at the left edge: by their right edge, so they never count.
        for run in merged.chunk_by_mut(|p, q| p.0 >> 32 == q.0 >> 32) {
            if run.len() > 1 {
                run.sort_unstable();
            }
        }
        let (crossed, sorted_by_insertion) =
            inversions(&mut merged, |e| e.0 as u32, &mut buf, insertion);
        total += crossed;
        // Where links cross a lot, the next gap most likely does too: merge at once there.
        insertion = sorted_by_insertion;
        std::mem::swap(&mut active, &mut merged);
        active.retain(|&(_, k)| span(k).1 > g + 1);
    }
    total
}

/// Merges two lists sorted by left-edge key into `out`, the first list first among equals.
fn merge_by_left(a: &[(u64, u32)], b: &[(u64, u32)], out: &mut Vec<(u64, u32)>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].0 >> 32 <= b[j].0 >> 32 {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Counts pairs `i < j` with `key(xs[i]) > key(xs[j])`, sorting `xs` by key (stably): by
/// insertion (when `insertion` is set) while few elements move, as each step undoes exactly
/// one such pair, else by merging. Returns the count and whether insertion did it all.
fn inversions<T: Copy + Default>(
    xs: &mut [T],
    key: impl Fn(&T) -> u32 + Copy,
    buf: &mut Vec<T>,
    insertion: bool,
) -> (u64, bool) {
    let mut total = 0u64;
    let mut budget = if insertion { 2 * xs.len() + 64 } else { 0 };
    for i in 1..xs.len() {
        let x = xs[i];
        let kx = key(&x);
        let mut j = i;
        while j > 0 && key(&xs[j - 1]) > kx {
            if budget == 0 {
                xs[j] = x;
                buf.clear();
                buf.resize(xs.len(), T::default());
                return (total + merge_count(xs, key, buf), false);
            }
            xs[j] = xs[j - 1];
            j -= 1;
            budget -= 1;
            total += 1;
        }
        xs[j] = x;
    }
    (total, true)
}

/// The number [`count_layered`] works through: every link once per gap between columns it spans.
pub(crate) fn spanned_gaps(flow: &[(usize, usize)], rank: &[usize]) -> usize {
    flow.iter().map(|&(a, b)| rank[a].abs_diff(rank[b])).sum()
}

/// A link's first and last gap (as a range `lo..hi`), within the gaps there are.
fn low_high(ra: usize, rb: usize, gaps: usize) -> (usize, usize) {
    let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
    (lo.min(gaps), hi.min(gaps))
}

/// An `f32` as a `u32` in the same order (`-0.0` and `0.0` alike, as `<=` sees them).
fn ordered(x: f32) -> u32 {
    let bits = (x + 0.0).to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

/// Counts pairs `i < j` with `key(xs[i]) > key(xs[j])`, sorting `xs` by key (stably).
fn merge_count<T: Copy>(xs: &mut [T], key: impl Fn(&T) -> u32, buf: &mut [T]) -> u64 {
    let n = xs.len();
    if n < 2 {
        return 0;
    }
    let mut total = 0;
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if key(&xs[i]) <= key(&xs[j]) {
                    buf[k] = xs[i];
                    i += 1;
                } else {
                    buf[k] = xs[j];
                    total += (mid - i) as u64;
                    j += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&xs[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&xs[j..end]);
            start = end;
        }
        xs.copy_from_slice(buf);
        width *= 2;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::pos;

    #[test]
    fn an_x_crosses_once_and_shared_ends_never() {
        let p = [
            pos(0.0, 0.0),
            pos(10.0, 10.0),
            pos(0.0, 10.0),
            pos(10.0, 0.0),
        ];
        assert_eq!(count(&p, &[(0, 1), (2, 3)]), 1);
        assert_eq!(count(&p, &[(0, 1), (0, 3)]), 0);
        assert_eq!(count(&p, &[(0, 3), (2, 1)]), 0);
    }

    #[test]
    fn inversions_are_counted_exactly_whether_few_or_many() {
        let brute = |xs: &[u32]| {
            let mut n = 0u64;
            for i in 0..xs.len() {
                for j in i + 1..xs.len() {
                    n += u64::from(xs[i] > xs[j]);
                }
            }
            n
        };
        let nearly: Vec<u32> = (0..300).map(|i| i / 3 * 3 + (i * 7) % 5).collect();
        let reversed: Vec<u32> = (0..300).rev().collect();
        let mut seed = 7u32;
        let random: Vec<u32> = (0..300)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) % 50
            })
            .collect();
        for xs in [nearly, reversed, random, Vec::new(), vec![4]] {
            let mut buf = Vec::new();
            for insertion in [true, false] {
                let mut sorted = xs.clone();
                let (n, _) = inversions(&mut sorted, |x| *x, &mut buf, insertion);
                assert_eq!(n, brute(&xs), "{xs:?}");
                assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
            }
        }
    }

    #[test]
    fn ordered_keys_sort_as_the_numbers_do() {
        let xs = [-1.0e9f32, -2.5, -0.0, 0.0, 1.0e-30, 3.0, 7.5e8];
        for w in xs.windows(2) {
            assert!(ordered(w[0]) <= ordered(w[1]), "{} {}", w[0], w[1]);
            assert_eq!(ordered(w[0]) == ordered(w[1]), w[0] == w[1]);
        }
    }

    #[test]
    fn layered_counting_matches_the_plain_count_with_long_links_and_shared_places() {
        // Six columns, links spanning up to five gaps, links sharing ends.
        let columns = [0.0, 90.0, 200.0, 260.0, 400.0, 470.0];
        for seed in 0..20u64 {
            let mut rng = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut next = |n: u64| {
                rng = rng
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (rng >> 33) % n
            };
            let (mut rank, mut at, mut centers) = (Vec::new(), Vec::new(), Vec::new());
            for i in 0..40 {
                let r = next(6) as usize;
                // Coarse heights, so many links run level or side by side, but no two nodes
                // in one place (two links crossing right on a column line are not counted).
                let v = next(8) as f32 * 20.0 + i as f32 * 0.37;
                rank.push(r);
                at.push((columns[r], v));
                centers.push(pos(columns[r], v));
            }
            let mut flow = Vec::new();
            for _ in 0..80 {
                let (a, b) = (next(40) as usize, next(40) as usize);
                if rank[a] < rank[b] {
                    flow.push((a, b));
                }
            }
            flow.sort_unstable();
            flow.dedup();
            assert_eq!(
                count_layered(&columns, &flow, &at, &rank),
                count(&centers, &flow),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn layered_counting_matches_the_plain_count() {
        // Three columns, random-ish links between them.
        let columns = [0.0, 100.0, 200.0];
        let mut rank = Vec::new();
        let mut at = Vec::new();
        let mut centers = Vec::new();
        for i in 0..18usize {
            let r = i % 3;
            let v = ((i * 37) % 11) as f32 * 13.0 + i as f32 * 0.1;
            rank.push(r);
            at.push((columns[r], v));
            centers.push(pos(columns[r], v));
        }
        let mut flow = Vec::new();
        for i in 0..18usize {
            for j in 0..18usize {
                if rank[i] < rank[j] && (i * 7 + j * 3) % 5 == 0 {
                    flow.push((i, j));
                }
            }
        }
        assert_eq!(
            count_layered(&columns, &flow, &at, &rank),
            count(&centers, &flow)
        );
    }
}
