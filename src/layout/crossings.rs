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

/// Crossings of a layered drawing, exactly as [`count`] would find them but in
/// `O(L log L)` per gap between columns: links run from a lower to a higher rank, nodes of a
/// rank share the column centre `columns[rank]`, `at` holds each node's `(u, v)`.
pub(crate) fn count_layered(
    columns: &[f32],
    flow: &[(usize, usize)],
    at: &[(f32, f32)],
    rank: &[usize],
) -> u64 {
    let mut total = 0;
    let mut by_gap: Vec<Vec<(usize, usize)>> = vec![Vec::new(); columns.len().saturating_sub(1)];
    for &(a, b) in flow {
        let (ra, rb) = (rank[a], rank[b]);
        let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        for gap in by_gap.iter_mut().take(hi).skip(lo) {
            gap.push((a, b));
        }
    }
    let mut pairs: Vec<(f32, f32, usize, usize)> = Vec::new();
    for (g, links) in by_gap.iter().enumerate() {
        pairs.clear();
        let (ul, ur) = (columns[g], columns[g + 1]);
        for &(a, b) in links {
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
            pairs.push((y(ul), y(ur), a, b));
        }
        total += inversions(&mut pairs);
    }
    total
}

/// Pairs whose order on the left differs strictly from their order on the right, not counting
/// pairs that share a node.
fn inversions(pairs: &mut [(f32, f32, usize, usize)]) -> u64 {
    pairs.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
    let rights: Vec<f32> = pairs.iter().map(|p| p.1).collect();
    let mut buf = rights.clone();
    let mut work = rights;
    let all = merge_count(&mut work, &mut buf);
    // Pairs sharing a node may be counted above (equal left, different right never inverts;
    // a shared right end never inverts strictly), so nothing to take off.
    all
}

/// Counts pairs `i < j` with `xs[i] > xs[j]`, sorting `xs`.
fn merge_count(xs: &mut [f32], buf: &mut [f32]) -> u64 {
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
                if xs[i] <= xs[j] {
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
