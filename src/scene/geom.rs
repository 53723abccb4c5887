//! Plain 2-D geometry in model coordinates: points, rectangles and the clipping links need.

/// A point (or a vector) in model coordinates; y grows downwards, as on screen.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pos {
    /// Horizontal coordinate.
    pub x: f32,
    /// Vertical coordinate (down is positive).
    pub y: f32,
}

/// Shorthand for [`Pos`] construction.
pub const fn pos(x: f32, y: f32) -> Pos {
    Pos { x, y }
}

impl Pos {
    /// The origin.
    pub const ZERO: Pos = pos(0.0, 0.0);

    /// Scales as a vector.
    pub fn scale(self, k: f32) -> Pos {
        pos(self.x * k, self.y * k)
    }

    /// Length as a vector: the plain square root (`hypotf`, which guards against overflow no
    /// model coordinate comes near, took a sixth of the link routing time in a profile).
    pub fn length(self) -> f32 {
        (self.x * self.x + self.y * self.y).sqrt()
    }

    /// The vector scaled to length 1, or zero for a zero vector.
    pub fn normalized(self) -> Pos {
        let len = self.length();
        if len > f32::EPSILON {
            self.scale(1.0 / len)
        } else {
            Pos::ZERO
        }
    }

    /// The vector turned a quarter clockwise (on screen, with y down).
    pub fn perp(self) -> Pos {
        pos(-self.y, self.x)
    }

    /// Distance to another point.
    pub fn distance(self, other: Pos) -> f32 {
        (self - other).length()
    }

    /// Linear interpolation from `self` (t = 0) to `other` (t = 1).
    pub fn lerp(self, other: Pos, t: f32) -> Pos {
        self + (other - self).scale(t)
    }
}

impl std::ops::Add for Pos {
    type Output = Pos;

    fn add(self, v: Pos) -> Pos {
        pos(self.x + v.x, self.y + v.y)
    }
}

impl std::ops::Sub for Pos {
    type Output = Pos;

    /// The vector from `v` to `self`.
    fn sub(self, v: Pos) -> Pos {
        pos(self.x - v.x, self.y - v.y)
    }
}

/// An axis-aligned rectangle in model coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Pos,
    /// Bottom-right corner.
    pub max: Pos,
}

impl Rect {
    /// The empty rectangle: the neutral element of [`Rect::union`].
    pub const NOTHING: Rect = Rect {
        min: pos(f32::INFINITY, f32::INFINITY),
        max: pos(f32::NEG_INFINITY, f32::NEG_INFINITY),
    };

    /// A rectangle from its two corners.
    pub const fn from_min_max(min: Pos, max: Pos) -> Rect {
        Rect { min, max }
    }

    /// A rectangle of `w` × `h` centred on `c`.
    pub fn from_center_size(c: Pos, w: f32, h: f32) -> Rect {
        Rect {
            min: pos(c.x - w / 2.0, c.y - h / 2.0),
            max: pos(c.x + w / 2.0, c.y + h / 2.0),
        }
    }

    /// Whether the rectangle holds no point (e.g. [`Rect::NOTHING`]).
    pub fn is_empty(&self) -> bool {
        !(self.min.x <= self.max.x && self.min.y <= self.max.y)
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// Centre point.
    pub fn center(&self) -> Pos {
        self.min.lerp(self.max, 0.5)
    }

    /// The smallest rectangle holding both.
    pub fn union(self, other: Rect) -> Rect {
        Rect {
            min: pos(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: pos(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// The smallest rectangle holding this one and a point.
    pub fn include(self, p: Pos) -> Rect {
        self.union(Rect { min: p, max: p })
    }

    /// Grown by `m` on every side (shrunk for negative `m`).
    pub fn expand(self, m: f32) -> Rect {
        Rect {
            min: pos(self.min.x - m, self.min.y - m),
            max: pos(self.max.x + m, self.max.y + m),
        }
    }

    /// Whether the point lies inside or on the border.
    pub fn contains(&self, p: Pos) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// Whether the other rectangle lies wholly inside this one.
    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains(other.min) && self.contains(other.max)
    }

    /// Whether the two rectangles overlap (touching counts).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }
}

/// Where the ray from `inside` towards `toward` leaves `rect`, as a fraction of the way (0..=1).
///
/// Returns `None` when `toward` is inside too (the segment never leaves the rectangle).
pub fn exit_fraction(rect: &Rect, inside: Pos, toward: Pos) -> Option<f32> {
    let d = toward - inside;
    let mut t = f32::INFINITY;
    // For each axis, the fraction at which the segment meets the side it is heading to.
    if d.x > f32::EPSILON {
        t = t.min((rect.max.x - inside.x) / d.x);
    } else if d.x < -f32::EPSILON {
        t = t.min((rect.min.x - inside.x) / d.x);
    }
    if d.y > f32::EPSILON {
        t = t.min((rect.max.y - inside.y) / d.y);
    } else if d.y < -f32::EPSILON {
        t = t.min((rect.min.y - inside.y) / d.y);
    }
    (t.is_finite() && t <= 1.0).then_some(t.max(0.0))
}

/// The point where the segment from `inside` to `toward` crosses the border of `rect`,
/// or `inside` itself when the segment stays within the rectangle.
pub fn border_point(rect: &Rect, inside: Pos, toward: Pos) -> Pos {
    match exit_fraction(rect, inside, toward) {
        Some(t) => inside.lerp(toward, t),
        None => inside,
    }
}

/// The corners of a filled arrowhead whose tip is at `tip`, pointing along `dir` (unit length),
/// `len` long and `half_width` wide on each side, clockwise on screen.
pub fn arrowhead(tip: Pos, dir: Pos, len: f32, half_width: f32) -> Vec<Pos> {
    let base = tip - dir.scale(len);
    let side = dir.perp().scale(half_width);
    vec![tip, base + side, base - side]
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos, a: Pos, b: Pos) -> f32 {
    let ab = b - a;
    let len2 = ab.x * ab.x + ab.y * ab.y;
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2;
    p.distance(a.lerp(b, t.clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_point_lies_on_the_border() {
        let r = Rect::from_center_size(pos(0.0, 0.0), 100.0, 50.0);
        assert_eq!(
            border_point(&r, r.center(), pos(300.0, 0.0)),
            pos(50.0, 0.0)
        );
        assert_eq!(
            border_point(&r, r.center(), pos(0.0, -300.0)),
            pos(0.0, -25.0)
        );
        let p = border_point(&r, r.center(), pos(200.0, 200.0));
        assert!((p.y - 25.0).abs() < 1e-4, "{p:?}");
        assert_eq!(border_point(&r, r.center(), pos(10.0, 10.0)), pos(0.0, 0.0));
    }

    #[test]
    fn union_with_nothing_is_identity() {
        let r = Rect::from_min_max(pos(1.0, 2.0), pos(3.0, 4.0));
        assert_eq!(Rect::NOTHING.union(r), r);
        assert!(Rect::NOTHING.is_empty());
        assert!(r.expand(1.0).contains_rect(&r));
    }

    #[test]
    fn distance_to_segment_clamps_to_ends() {
        let (a, b) = (pos(0.0, 0.0), pos(10.0, 0.0));
        assert_eq!(distance_to_segment(pos(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(pos(13.0, 4.0), a, b), 5.0);
    }
}
