//! Finds where a field path (`links[3].to`, `layout.positions["spa"]`) or an element id lies in
//! RON source text, so problems found after parsing can still name a line and column.
//!
//! A small scanner, not a parser: it understands just enough RON (strings, raw strings, chars,
//! nested comments, brackets) to walk structs, lists and maps. It never recurses per nesting level
//! of the input, so hostile nesting cannot overflow the stack.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl Position {
    /// The start of the text.
    pub const START: Position = Position { line: 1, col: 1 };
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(String),
    Index(usize),
    Key(String),
}

fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
        }
        if let Some(r) = rest.strip_prefix("[\"") {
            let end = r.find("\"]")?;
            out.push(Segment::Key(r[..end].to_owned()));
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Segment::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            out.push(Segment::Field(rest[..end].to_owned()));
            rest = &rest[end..];
        }
    }
    Some(out)
}

/// A cursor over RON text that tracks line and column.
struct Cursor<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            text,
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn position(&self) -> Position {
        position_of(self.text, self.at)
    }

    /// Skips whitespace and (nested) comments.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.bytes.get(self.at + 1).copied()) {
                (Some(b), _) if b.is_ascii_whitespace() => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    while let Some(b) = self.peek() {
                        self.at += 1;
                        if b == b'\n' {
                            break;
                        }
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.at += 2;
                    let mut depth = 1usize;
                    while depth > 0 && self.at < self.bytes.len() {
                        if self.bytes[self.at..].starts_with(b"/*") {
                            depth += 1;
                            self.at += 2;
                        } else if self.bytes[self.at..].starts_with(b"*/") {
                            depth -= 1;
                            self.at += 2;
                        } else {
                            self.at += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Reads an identifier, if one starts here.
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.at;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.at += 1;
            } else {
                break;
            }
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// Skips a string, raw string or char literal starting here; returns its raw contents.
    fn literal(&mut self) -> Option<&'a str> {
        match self.peek()? {
            q @ (b'"' | b'\'') => {
                self.at += 1;
                let start = self.at;
                while let Some(b) = self.peek() {
                    if b == b'\\' {
                        self.at += 2;
                    } else if b == q {
                        let s = &self.text[start..self.at];
                        self.at += 1;
                        return Some(s);
                    } else {
                        self.at += 1;
                    }
                }
                self.at = self.bytes.len();
                None
            }
            b'r' if matches!(self.bytes.get(self.at + 1), Some(b'"' | b'#')) => {
                let mut hashes = 0;
                let mut i = self.at + 1;
                while self.bytes.get(i) == Some(&b'#') {
                    hashes += 1;
                    i += 1;
                }
                if self.bytes.get(i) != Some(&b'"') {
                    return None;
                }
                let start = i + 1;
                let closing: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let end = find(&self.bytes[start..], &closing).map(|e| start + e);
                match end {
                    Some(e) => {
                        self.at = e + closing.len();
                        Some(&self.text[start..e])
                    }
                    None => {
                        self.at = self.bytes.len();
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// Skips one value (which may hold any nesting) and stops before the `,` or closer after it.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        loop {
            self.skip_trivia();
            let Some(b) = self.peek() else { return };
            match b {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.at += 1;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.at += 1;
                }
                b',' if depth == 0 => return,
                b'"' | b'\'' => {
                    self.literal();
                }
                b'r' if matches!(self.bytes.get(self.at + 1), Some(b'"' | b'#')) => {
                    // `r#ident` is a raw identifier, not a raw string: step over the `r#`.
                    if self.literal().is_none() && self.at < self.bytes.len() {
                        self.at += 2;
                    }
                }
                _ => self.at += 1,
            }
        }
    }

    /// Skips an optional separating comma.
    fn comma(&mut self) {
        self.skip_trivia();
        if self.peek() == Some(b',') {
            self.at += 1;
        }
    }

    /// Moves into the named field of the struct (or struct-like variant) that starts here.
    fn enter_field(&mut self, name: &str) -> bool {
        self.skip_trivia();
        self.ident();
        self.skip_trivia();
        if self.peek() != Some(b'(') {
            return false;
        }
        self.at += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None | Some(b')') => return false,
                _ => {}
            }
            let key = self.ident();
            self.skip_trivia();
            if key.is_none() || self.peek() != Some(b':') {
                return false;
            }
            self.at += 1;
            self.skip_trivia();
            if key == Some(name) {
                return true;
            }
            self.skip_value();
            self.comma();
        }
    }

    /// Moves to the `n`th element of the list that starts here.
    fn enter_index(&mut self, n: usize) -> bool {
        self.skip_trivia();
        if self.peek() != Some(b'[') {
            return false;
        }
        self.at += 1;
        for _ in 0..n {
            self.skip_trivia();
            if matches!(self.peek(), None | Some(b']')) {
                return false;
            }
            self.skip_value();
            self.comma();
        }
        self.skip_trivia();
        !matches!(self.peek(), None | Some(b']'))
    }

    /// Moves to the value stored under the string key `key` in the map that starts here.
    fn enter_key(&mut self, key: &str) -> bool {
        self.skip_trivia();
        if self.peek() != Some(b'{') {
            return false;
        }
        self.at += 1;
        loop {
            self.skip_trivia();
            if matches!(self.peek(), None | Some(b'}')) {
                return false;
            }
            let k = self.literal();
            self.skip_trivia();
            if self.peek() != Some(b':') {
                return false;
            }
            self.at += 1;
            self.skip_trivia();
            if k == Some(key) {
                return true;
            }
            self.skip_value();
            self.comma();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The line and column of byte offset `at` in `text`.
pub fn position_of(text: &str, at: usize) -> Position {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Position { line, col }
}

/// The line starts of a text, to turn many byte offsets into positions: each in time
/// logarithmic in the number of lines plus the length of its line, instead of a scan from the
/// start of the text (which made locating every element of a large file quadratic).
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines { text, starts }
    }

    /// The same as [`position_of`] for this text.
    fn position(&self, at: usize) -> Position {
        let at = at.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= at).max(1);
        let start = self.starts[line - 1];
        let col = self.text.get(start..at).map_or(0, |l| l.chars().count()) + 1;
        Position { line, col }
    }
}

/// Where the value at `path` starts in `text`, or `None` if the path does not lead anywhere.
pub fn locate(text: &str, path: &str) -> Option<Position> {
    let segments = parse_path(path)?;
    let mut cur = Cursor::new(text);
    for seg in &segments {
        let ok = match seg {
            Segment::Field(name) => cur.enter_field(name),
            Segment::Index(n) => cur.enter_index(*n),
            Segment::Key(k) => cur.enter_key(k),
        };
        if !ok {
            return None;
        }
    }
    cur.skip_trivia();
    Some(cur.position())
}

/// Where each element with an id (zones, nodes, links, contracts) is defined in `text`.
pub fn element_positions(text: &str) -> HashMap<String, Position> {
    let lines = Lines::new(text);
    let mut out = HashMap::new();
    for list in ["zones", "nodes", "links", "contracts"] {
        let mut cur = Cursor::new(text);
        if !cur.enter_field(list) {
            continue;
        }
        cur.skip_trivia();
        if cur.peek() != Some(b'[') {
            continue;
        }
        cur.at += 1;
        loop {
            cur.skip_trivia();
            if matches!(cur.peek(), None | Some(b']')) {
                break;
            }
            let start = cur.at;
            let mut probe = Cursor {
                at: start,
                ..Cursor::new(text)
            };
            if probe.enter_field("id")
                && let Some(id) = probe.literal()
            {
                out.entry(id.to_owned())
                    .or_insert_with(|| lines.position(start));
            }
            let before = cur.at;
            cur.skip_value();
            cur.comma();
            if cur.at == before {
                break;
            }
        }
    }
    out
}

/// The integer value of the top-level `format` field, with its position, if there is one.
pub fn format_field(text: &str) -> Option<(Option<u64>, Position)> {
    let mut cur = Cursor::new(text);
    if !cur.enter_field("format") {
        return None;
    }
    let pos = cur.position();
    let start = cur.at;
    while cur.peek().is_some_and(|b| b.is_ascii_digit() || b == b'_') {
        cur.at += 1;
    }
    let digits: String = text[start..cur.at].chars().filter(|c| *c != '_').collect();
    Some((digits.parse().ok(), pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_position_of_everywhere() {
        for text in [TEXT, "", "\n", "a\nbé\n\nc", "é\r\n😀x\n"] {
            let lines = Lines::new(text);
            for at in 0..=text.len() + 2 {
                if text.is_char_boundary(at.min(text.len())) {
                    assert_eq!(
                        lines.position(at),
                        position_of(text, at),
                        "{text:?} at {at}"
                    );
                }
            }
        }
    }

    const TEXT: &str = r##"(
    format: 1,
    name: "a (tricky) \"name\" [x]", // comment with ( [
    /* nested /* comment */ ) */
    nodes: [
        (id: "a", name: r#"raw ")"#, kind: Cdn),
        (
            id: "b",
            name: "b",
            kind: Client(platform: Web),
            zone: Some("z"),
        ),
    ],
    layout: (positions: {"a": (1.0, 2.0), "b": (3.0, 4.0)}),
)"##;

    #[test]
    fn locates_fields_indices_and_keys() {
        assert_eq!(locate(TEXT, "format"), Some(Position { line: 2, col: 13 }));
        assert_eq!(
            locate(TEXT, "nodes[1].zone"),
            Some(Position { line: 11, col: 19 })
        );
        assert_eq!(
            locate(TEXT, "nodes[1].kind.platform"),
            Some(Position { line: 10, col: 36 })
        );
        assert_eq!(
            locate(TEXT, "layout.positions[\"b\"]"),
            Some(Position { line: 14, col: 48 })
        );
        assert_eq!(locate(TEXT, "nodes[2]"), None);
        assert_eq!(locate(TEXT, "nope"), None);
    }

    #[test]
    fn finds_element_definitions() {
        let map = element_positions(TEXT);
        assert_eq!(map.get("a"), Some(&Position { line: 6, col: 9 }));
        assert_eq!(map.get("b"), Some(&Position { line: 7, col: 9 }));
    }

    #[test]
    fn reads_the_format_number() {
        assert_eq!(format_field(TEXT).map(|f| f.0), Some(Some(1)));
        assert_eq!(format_field("(name: \"x\")"), None);
    }

    #[test]
    fn survives_hostile_input() {
        let deep = "[".repeat(100_000);
        assert_eq!(locate(&deep, "a[1]"), None);
        assert!(element_positions(&deep).is_empty());
        assert_eq!(
            locate("(a: \"unterminated", "a"),
            Some(Position { line: 1, col: 5 })
        );
        assert_eq!(locate("(nodes: [r#\"", "nodes[1]"), None);
        // A raw identifier is stepped over, not mistaken for a raw string.
        assert_eq!(
            locate("(a: [r#None, x], b: 1)", "b"),
            Some(Position { line: 1, col: 21 })
        );
    }
}
