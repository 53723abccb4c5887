//! A small, forgiving reader for versions ("2.3.0", "2026.11") and version ranges (">=2.0, <3",
//! "^2.1", "2.x", "=1.2.3", "*"), enough to tell whether a release and a server can still talk.
//!
//! Anything it cannot read is reported as `None`, never a panic: callers treat that as unknown.

use std::cmp::Ordering;

/// A version as three numbers; missing parts are zero and pre-release or build tags are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible changes.
    pub major: u64,
    /// Compatible additions.
    pub minor: u64,
    /// Fixes.
    pub patch: u64,
}

impl Version {
    /// Reads "2", "2.3", "v2.3.1", "2.3.1-beta+7"; `None` when it is not a version.
    pub fn parse(text: &str) -> Option<Version> {
        let p = Partial::parse(text)?;
        if p.wildcard {
            return None;
        }
        Some(Version {
            major: p.major?,
            minor: p.minor.unwrap_or(0),
            patch: p.patch.unwrap_or(0),
        })
    }

    /// The compatibility epoch: the major version, or the minor one while the major is 0.
    ///
    /// Two versions in the same epoch are compatible under semantic versioning.
    pub fn epoch(&self) -> (u64, u64) {
        if self.major > 0 {
            (self.major, 0)
        } else {
            (0, self.minor)
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A version with possibly missing or wildcard parts (`2`, `2.x`, `2.1.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    major: Option<u64>,
    minor: Option<u64>,
    patch: Option<u64>,
    /// Whether a part was written as `x` or `*` (a range, not a version).
    wildcard: bool,
}

impl Partial {
    fn parse(text: &str) -> Option<Partial> {
        let t = text.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        // Pre-release and build tags do not change what is compatible at this precision.
        let core = t.split(['-', '+']).next().unwrap_or("");
        if core.is_empty() {
            return None;
        }
        let mut parts = [None; 3];
        let mut wildcard = false;
        for (i, piece) in core.split('.').enumerate() {
            if i >= 3 {
                return None;
            }
            if matches!(piece, "x" | "X" | "*") {
                wildcard = true;
            } else if wildcard {
                // "2.x.3" names no set of versions anyone means.
                return None;
            } else if !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_digit()) {
                parts[i] = Some(piece.parse().ok()?);
            } else {
                return None;
            }
        }
        Some(Partial {
            major: parts[0],
            minor: parts[1],
            patch: parts[2],
            wildcard,
        })
    }

    fn floor(&self) -> Version {
        Version {
            major: self.major.unwrap_or(0),
            minor: self.minor.unwrap_or(0),
            patch: self.patch.unwrap_or(0),
        }
    }

    /// The first version after every version this partial names (`2.1` → `2.2.0`); `None`: unbounded.
    fn next(&self) -> Option<Version> {
        match (self.major, self.minor, self.patch) {
            (None, _, _) => None,
            (Some(ma), None, _) => Some(Version {
                major: ma.checked_add(1)?,
                minor: 0,
                patch: 0,
            }),
            (Some(ma), Some(mi), None) => Some(Version {
                major: ma,
                minor: mi.checked_add(1)?,
                patch: 0,
            }),
            (Some(ma), Some(mi), Some(pa)) => Some(Version {
                major: ma,
                minor: mi,
                patch: pa.checked_add(1)?,
            }),
        }
    }

    /// The end of the caret range `^self`: the next compatibility epoch.
    fn caret_end(&self) -> Option<Version> {
        match (self.major, self.minor, self.patch) {
            (Some(0), Some(0), Some(_)) | (Some(0), Some(_), None) | (Some(_), None, _) => {
                self.next()
            }
            (Some(0), Some(mi), Some(_)) => Some(Version {
                major: 0,
                minor: mi.checked_add(1)?,
                patch: 0,
            }),
            (Some(ma), Some(_), _) => Some(Version {
                major: ma.checked_add(1)?,
                minor: 0,
                patch: 0,
            }),
            (None, _, _) => None,
        }
    }
}

/// One end of an interval: the version and whether it is included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bound {
    at: Version,
    inclusive: bool,
}

/// A contiguous set of versions; a missing bound is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Interval {
    low: Option<Bound>,
    high: Option<Bound>,
}

impl Interval {
    fn raise_low(&mut self, b: Bound) {
        let tighter = match self.low {
            None => true,
            Some(cur) => b.at > cur.at || (b.at == cur.at && !b.inclusive),
        };
        if tighter {
            self.low = Some(b);
        }
    }

    fn lower_high(&mut self, b: Bound) {
        let tighter = match self.high {
            None => true,
            Some(cur) => b.at < cur.at || (b.at == cur.at && !b.inclusive),
        };
        if tighter {
            self.high = Some(b);
        }
    }

    fn intersect(&self, other: &Interval) -> Interval {
        let mut out = *self;
        if let Some(l) = other.low {
            out.raise_low(l);
        }
        if let Some(h) = other.high {
            out.lower_high(h);
        }
        out
    }

    fn is_empty(&self) -> bool {
        match (self.low, self.high) {
            (Some(l), Some(h)) => match l.at.cmp(&h.at) {
                Ordering::Greater => true,
                Ordering::Equal => !(l.inclusive && h.inclusive),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    fn contains(&self, v: Version) -> bool {
        let above = self
            .low
            .is_none_or(|l| v > l.at || (v == l.at && l.inclusive));
        let below = self
            .high
            .is_none_or(|h| v < h.at || (v == h.at && h.inclusive));
        above && below
    }
}

/// A version range: alternatives (`||`) of comparator sets (`>=2.0, <3`), each an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionReq {
    alternatives: Vec<Interval>,
}

impl VersionReq {
    /// Reads a range; `None` when any part of it cannot be read (callers then say "unknown").
    ///
    /// A bare version means "compatible with" (`2.3` is `^2.3`), as in Cargo.
    pub fn parse(text: &str) -> Option<VersionReq> {
        if text.trim().is_empty() {
            return None;
        }
        let alternatives = text
            .split("||")
            .map(parse_alternative)
            .collect::<Option<Vec<_>>>()?;
        Some(VersionReq { alternatives })
    }

    /// Whether the version is in the range.
    pub fn matches(&self, v: Version) -> bool {
        self.alternatives.iter().any(|a| a.contains(v))
    }

    /// Whether at least one version lies in both ranges.
    pub fn intersects(&self, other: &VersionReq) -> bool {
        self.alternatives.iter().any(|a| {
            other
                .alternatives
                .iter()
                .any(|b| !a.intersect(b).is_empty())
        })
    }

    /// Whether the range admits a version older than `v`'s compatibility epoch.
    pub fn reaches_below_epoch(&self, v: Version) -> bool {
        let (ma, mi) = v.epoch();
        let start = Version {
            major: ma,
            minor: mi,
            patch: 0,
        };
        let older = Interval {
            low: None,
            high: Some(Bound {
                at: start,
                inclusive: false,
            }),
        };
        self.alternatives
            .iter()
            .any(|a| !a.intersect(&older).is_empty())
    }
}

fn parse_alternative(text: &str) -> Option<Interval> {
    let mut interval = Interval::default();
    let mut any = false;
    for (op, version) in comparators(text)? {
        apply(&mut interval, op, version)?;
        any = true;
    }
    any.then_some(interval)
}

/// Splits "`>= 2.0, <3`" into (operator, version) pairs; commas and spaces both separate.
fn comparators(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches([' ', '\t', ',']);
    while !rest.is_empty() {
        let op_len = rest
            .find(|c: char| !matches!(c, '<' | '>' | '=' | '^' | '~'))
            .unwrap_or(rest.len());
        let (op, after) = rest.split_at(op_len);
        let after = after.trim_start();
        let v_len = after
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(after.len());
        let (version, tail) = after.split_at(v_len);
        if version.is_empty() {
            return None;
        }
        out.push((op, version));
        rest = tail.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    }
    Some(out)
}

fn apply(iv: &mut Interval, op: &str, version: &str) -> Option<()> {
    let p = Partial::parse(version)?;
    let incl = |at| Bound {
        at,
        inclusive: true,
    };
    let excl = |at| Bound {
        at,
        inclusive: false,
    };
    // "2.1.x" names exactly that set, as "=2.1" does; only a bare full version means "^".
    let op = if op.is_empty() && p.wildcard { "=" } else { op };
    if p.major.is_none() {
        // "*" and "x" admit everything, except after an operator that makes them meaningless.
        return matches!(op, "" | "=" | ">=" | "<=" | "^" | "~").then_some(());
    }
    match op {
        "" | "^" => {
            iv.raise_low(incl(p.floor()));
            if let Some(end) = p.caret_end() {
                iv.lower_high(excl(end));
            }
        }
        "=" => {
            iv.raise_low(incl(p.floor()));
            if let Some(end) = p.next() {
                iv.lower_high(excl(end));
            }
        }
        "~" => {
            iv.raise_low(incl(p.floor()));
            let precision = Partial { patch: None, ..p };
            if let Some(end) = precision.next() {
                iv.lower_high(excl(end));
            }
        }
        ">=" => iv.raise_low(incl(p.floor())),
        ">" => match p.next() {
            Some(end) => iv.raise_low(incl(end)),
            // Above the largest expressible version: nothing matches.
            None => iv.lower_high(excl(Version {
                major: 0,
                minor: 0,
                patch: 0,
            })),
        },
        "<" => iv.lower_high(excl(p.floor())),
        "<=" => match p.next() {
            Some(end) => iv.lower_high(excl(end)),
            None => iv.lower_high(incl(p.floor())),
        },
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect("test version")
    }

    fn req(s: &str) -> VersionReq {
        VersionReq::parse(s).expect("test range")
    }

    #[test]
    fn versions_parse_leniently() {
        assert_eq!(v("2"), v("2.0.0"));
        assert_eq!(v("v2.3"), v("2.3.0"));
        assert_eq!(v("2.3.1-beta.2+7"), v("2.3.1"));
        assert_eq!(v("2026.11").major, 2026);
        for bad in [
            "",
            "latest",
            "2.x",
            "2.x.1",
            "1.2.3.4",
            "-1",
            "1..2",
            "99999999999999999999999",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_match_as_people_mean_them() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (">=2.0, <3", &["2.0.0", "2.9.9"], &["1.9.9", "3.0.0"]),
            (">= 2.0 < 3", &["2.5.0"], &["3.0.0"]),
            ("^2.1", &["2.1.0", "2.99.0"], &["2.0.9", "3.0.0"]),
            ("^0.3", &["0.3.5"], &["0.4.0"]),
            ("^0.0.3", &["0.0.3"], &["0.0.4"]),
            ("2.x", &["2.0.0", "2.7.1"], &["3.0.0", "1.0.0"]),
            ("2.1.*", &["2.1.9"], &["2.2.0"]),
            ("=1.2.3", &["1.2.3"], &["1.2.4"]),
            ("=1.2", &["1.2.7"], &["1.3.0"]),
            ("~1.2.3", &["1.2.9"], &["1.3.0", "1.2.2"]),
            ("*", &["0.0.1", "99.0.0"], &[]),
            (">2", &["3.0.0"], &["2.9.0"]),
            ("<=2.1", &["2.1.9"], &["2.2.0"]),
            ("1.x || >=3", &["1.5.0", "3.1.0"], &["2.0.0"]),
            ("2.3.0", &["2.3.0", "2.9.0"], &["3.0.0"]),
        ];
        for (range, yes, no) in cases {
            let r = req(range);
            for s in *yes {
                assert!(r.matches(v(s)), "{range} should match {s}");
            }
            for s in *no {
                assert!(!r.matches(v(s)), "{range} should not match {s}");
            }
        }
    }

    #[test]
    fn unreadable_ranges_are_none_not_panics() {
        for bad in [
            "", "   ", "latest", ">=", "<<2", "2.x.1", ">*", "1 - 2", ">=2,, ||", "!2",
        ] {
            assert_eq!(VersionReq::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn intersection_and_epochs() {
        assert!(req(">=2.0, <3").intersects(&req(">=2.1")));
        assert!(!req(">=2.0, <3").intersects(&req("^1.4")));
        assert!(!req("<2").intersects(&req(">=2")));
        assert!(req("<=2").intersects(&req(">=2")));
        assert!(req(">=1, <3").reaches_below_epoch(v("2.3.0")));
        assert!(!req(">=2.0, <3").reaches_below_epoch(v("2.3.0")));
        assert!(req(">=0.3").reaches_below_epoch(v("0.4.1")));
    }
}
