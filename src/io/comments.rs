//! Finding comments in model text. The RON reader drops `//` and `/* */` comments, so writing a
//! model back loses them; `fmt` and the app look here first, to refuse or warn rather than
//! drop them silently.

use super::locate::{Position, position_of};

/// Where the first comment in `text` starts, if it has one; `//` and `/*` inside strings,
/// raw strings and character literals are not comments.
pub fn first_comment(text: &str) -> Option<Position> {
    first_comment_from(text, 0)
}

/// Where the first comment starting at or after byte `from` is, if there is one.
pub fn first_comment_from(text: &str, from: usize) -> Option<Position> {
    comment_starts(text)
        .find(|&at| at >= from)
        .map(|at| position_of(text, at))
}

/// How many comments `text` holds.
pub fn count(text: &str) -> usize {
    comment_starts(text).count()
}

/// Byte offsets where comments start.
fn comment_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            match bytes[i] {
                b'"' => i = skip_string(bytes, i + 1),
                b'r' if starts_raw_string(bytes, i) && !ident_before(bytes, i) => {
                    i = skip_raw_string(bytes, i + 1);
                }
                b'\'' => i = skip_char(bytes, i + 1),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let start = i;
                    i = bytes[i..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |n| i + n);
                    return Some(start);
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let start = i;
                    i = skip_block(bytes, i + 2);
                    return Some(start);
                }
                _ => i += 1,
            }
        }
        None
    })
}

/// Past the closing quote of a string whose text starts at `i` (escapes skipped).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether `r` at `i` opens a raw string: `r"`, `r#"`, `r##"`…
fn starts_raw_string(bytes: &[u8], i: usize) -> bool {
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    bytes.get(i + 1 + hashes) == Some(&b'"')
}

/// Whether the byte before `i` continues an identifier (so `r` is not a raw-string prefix).
fn ident_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

/// Past a raw string whose hashes start at `i`.
fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
    let mut at = i + hashes + 1;
    while at < bytes.len() {
        if bytes[at] == b'"'
            && bytes[at + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return at + 1 + hashes;
        }
        at += 1;
    }
    bytes.len()
}

/// Past a character literal whose text starts at `i`.
fn skip_char(bytes: &[u8], i: usize) -> usize {
    let mut at = i;
    if bytes.get(at) == Some(&b'\\') {
        at += 2;
    } else {
        // One character, which may be several bytes long.
        at += 1;
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
    }
    // Escapes like `\u{1F600}` run up to the closing quote; stop at a line end if there is none.
    while at < bytes.len() && bytes[at] != b'\'' && bytes[at] != b'\n' {
        at += 1;
    }
    if bytes.get(at) == Some(&b'\'') {
        at + 1
    } else {
        i
    }
}

/// Past a block comment whose text starts at `i` (block comments nest in RON).
fn skip_block(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_block_comments_with_their_position() {
        let text = "(\n    format: 1, // the version\n    name: \"x\",\n)\n";
        assert_eq!(first_comment(text), Some(Position { line: 2, col: 16 }));
        let text = "(\n /* a /* nested */ block */ format: 1)";
        assert_eq!(first_comment(text), Some(Position { line: 2, col: 2 }));
        assert_eq!(count("// a\n/* b */ (x: 1) // c"), 3);
    }

    #[test]
    fn slashes_inside_strings_are_not_comments() {
        for text in [
            r#"(name: "http://example.com", d: "/* not */")"#,
            r#"(name: "a \"// quoted\" b")"#,
            r##"(name: r#"raw "// still" text"#)"##,
            r#"(c: '/', d: '"', e: '\'', url: "https://x")"#,
            r#"(name: "é//ü")"#,
        ] {
            assert_eq!(first_comment(text), None, "{text}");
        }
        assert_eq!(count(r#"(name: "x") // after a string"#), 1);
        assert_eq!(count("(ident_r: \"a\" /* c */)"), 1);
    }

    #[test]
    fn the_canonical_form_has_no_comments() {
        let model = crate::examples::example("web-app")
            .and_then(|e| e.model().ok())
            .expect("example");
        let text = crate::io::to_string(&model).expect("serialises");
        assert_eq!(first_comment(&text), None);
    }
}
