//! Names compared loosely (case and spacing ignored) and listed for messages.

use foldhash::{HashMap, HashMapExt};

/// Gives loosely equal texts (see [`normalise`]) the same group number; returns the number of
/// each text, in input order, and how many groups there are.
///
/// Texts are ordered by a hash of their normal form, computed without allocating; only texts
/// that share a hash but differ are compared by their normal forms, so unique names stay cheap.
pub(crate) fn intern_loosely<'a>(texts: impl IntoIterator<Item = &'a str>) -> (Vec<u32>, u32) {
    let texts: Vec<&str> = texts.into_iter().collect();
    let hashes: Vec<u64> = texts.iter().map(|t| loose_hash(t)).collect();
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_unstable_by_key(|&i| hashes[i]);
    let mut group = vec![0u32; texts.len()];
    let mut next = 0u32;
    let mut run_start = 0;
    while run_start < order.len() {
        let h = hashes[order[run_start]];
        let run_end = order[run_start..]
            .iter()
            .position(|&i| hashes[i] != h)
            .map_or(order.len(), |len| run_start + len);
        let run = &order[run_start..run_end];
        let first = texts[run[0]];
        if run.iter().all(|&i| texts[i] == first) {
            for &i in run {
                group[i] = next;
            }
            next += 1;
        } else {
            let mut exact: HashMap<String, u32> = HashMap::new();
            for &i in run {
                group[i] = *exact.entry(normalise(texts[i])).or_insert_with(|| {
                    next += 1;
                    next - 1
                });
            }
        }
        run_start = run_end;
    }
    (group, next)
}

/// The members of each group, flat: group `g`'s are `members[starts[g]..starts[g + 1]]`, in
/// input order. One allocation for all groups instead of one per group (most names are unique).
pub(crate) struct Groups {
    starts: Vec<usize>,
    members: Vec<usize>,
}

impl Groups {
    /// Groups positions 0..n by their group number (each below `count`), in O(n + count).
    pub(crate) fn new(group: &[u32], count: u32) -> Groups {
        let count = count as usize;
        let mut starts = vec![0usize; count + 1];
        for &g in group {
            starts[g as usize + 1] += 1;
        }
        for g in 0..count {
            starts[g + 1] += starts[g];
        }
        let mut fill = starts.clone();
        let mut members = vec![0usize; group.len()];
        for (i, &g) in group.iter().enumerate() {
            members[fill[g as usize]] = i;
            fill[g as usize] += 1;
        }
        Groups { starts, members }
    }

    /// Each group's members, in group order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        self.starts.windows(2).map(|w| &self.members[w[0]..w[1]])
    }
}

/// A hash (FNV-1a) of [`normalise`]`(text)`, computed without building the string.
fn loose_hash(text: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |c: char| {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(PRIME);
    };
    if text.is_ascii() {
        // The same hash without Unicode word splitting: names are nearly always ASCII.
        let mut in_word = false;
        for b in text.bytes() {
            // `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed, CR.
            if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
                if in_word {
                    mix(' ');
                }
                in_word = false;
            } else {
                mix(char::from(b.to_ascii_lowercase()));
                in_word = true;
            }
        }
        if in_word {
            mix(' ');
        }
        return h;
    }
    for word in text.split_whitespace() {
        for c in word.chars() {
            // ASCII is nearly every name, and lowercases without Unicode tables.
            if c.is_ascii() {
                mix(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut mix);
            }
        }
        // A separator, so "ab c" and "a bc" differ.
        mix(' ');
    }
    h
}

/// A responsibility or data name compared loosely: trimmed, lowercase, single spaces.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// "1 link", "3 links": the count with the word in the right number.
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Joins names as "A, B and C", showing at most `max` and counting the rest.
pub(crate) fn join_names<S: AsRef<str>>(names: &[S], max: usize) -> String {
    join_shown(&names[..names.len().min(max)], names.len())
}

/// Joins the names shown as [`join_names`] does, counting the rest of `total`: callers with long
/// lists build only the names they show.
pub(crate) fn join_shown<S: AsRef<str>>(shown: &[S], total: usize) -> String {
    let shown: Vec<&str> = shown.iter().map(AsRef::as_ref).collect();
    let rest = total.saturating_sub(shown.len());
    match (shown.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => (*one).to_owned(),
        (many, 0) => {
            let (last, init) = many.split_last().map_or(("", &[][..]), |(l, i)| (*l, i));
            format!("{} and {last}", init.join(", "))
        }
        (many, n) => format!("{} and {n} more", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_names_group_together() {
        assert_eq!(normalise("  Price \t Orders "), "price orders");
        let (group, count) = intern_loosely([
            "Price orders",
            "price  ORDERS",
            "Pri ceorders",
            "Ä b",
            "ä B",
        ]);
        assert_eq!(count, 3);
        assert_eq!(group[0], group[1]);
        assert_ne!(group[0], group[2]);
        assert_eq!(group[3], group[4]);
        assert_eq!(intern_loosely(std::iter::empty()), (Vec::new(), 0));
        let groups = Groups::new(&[1, 0, 1, 2, 1], 4);
        let members: Vec<&[usize]> = groups.iter().collect();
        assert_eq!(members, [&[1][..], &[0, 2, 4], &[3], &[]]);
        // ASCII text hashes as the Unicode path would: every ASCII whitespace splits words.
        for text in ["a b", " A\tb\n", "a\x0bB\x0c\r", "", "  ", "x"] {
            let unicode = text.replace(' ', "\u{2003}") + "\u{2003}";
            assert_eq!(loose_hash(text), loose_hash(&unicode), "{text:?}");
        }
    }

    #[test]
    fn names_join_in_words() {
        assert_eq!(join_names::<&str>(&[], 3), "");
        assert_eq!(join_names(&["A"], 3), "A");
        assert_eq!(join_names(&["A", "B", "C"], 3), "A, B and C");
        assert_eq!(join_names(&["A", "B", "C", "D"], 2), "A, B and 2 more");
        assert_eq!(
            join_shown(&["A", "B"], 4),
            join_names(&["A", "B", "C", "D"], 2)
        );
        assert_eq!(join_shown(&["A"], 1), "A");
    }
}
