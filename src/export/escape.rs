//! Text helpers every exporter shares: cleaning what no format can carry, eliding long labels,
//! XML escaping, slugs for file names and identifiers for diagram languages.

/// The longest label, in characters, a diagram shows before eliding the rest with `…`.
///
/// Diagram languages have hard limits (Mermaid refuses diagrams over 50,000 characters) and a
/// box with a 100 kB name helps no reader; the full text stays in the model and the ADR.
pub const DIAGRAM_LABEL_MAX: usize = 100;

/// The text with characters no output format can carry replaced by U+FFFD.
///
/// Keeps newlines and tabs (callers decide what they become); replaces other C0 and C1 control
/// characters, DEL and the non-characters U+FFFE/U+FFFF, which XML 1.0 forbids and which would
/// corrupt line-based formats.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' => '\n',
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The text cleaned and on one line: newlines and tabs become spaces, runs of them one space,
/// and Unicode line and paragraph separators too, as line-based formats would break on them.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in clean(text).chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// The text on one line and at most `max` characters long, the rest replaced by `…`.
pub fn elide(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// A diagram label: one line, elided at [`DIAGRAM_LABEL_MAX`].
pub fn label(text: &str) -> String {
    elide(text, DIAGRAM_LABEL_MAX)
}

/// The text escaped for XML character data and attribute values (either quote style).
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("&#10;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Whitespace in attributes would be normalised away; keep it as a character reference.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// The text safe to print on one line of a terminal or a CI log: control characters spelled out.
///
/// Newlines, carriage returns and tabs become `\n`, `\r` and `\t`; escape sequences and every
/// other C0 or C1 control character, DEL, the Unicode line and paragraph separators and the
/// bidirectional overrides become `\u{1b}`-style escapes. So a name cannot colour, move the
/// cursor, hide text or start a line that a problem matcher would read as its own finding.
/// Backslashes stay as they are (Windows paths). Borrows when nothing needs escaping.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            )
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A file-name slug: lowercase ASCII letters and digits joined by single dashes, at most 60
/// characters, or `fallback` when nothing is left (a title in another script, say).
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= 60 {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

/// An identifier for a diagram language, made from a model id: `prefix`, then the id with `_`
/// doubled, `-` as `_h` and `.` as `_d`.
///
/// Model ids are ASCII letters, digits, `-`, `_` and `.`; the result has only letters, digits
/// and `_`, distinct ids stay distinct, and the prefix keeps clear of keywords (`end`, `graph`).
pub fn ident(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len() + 4);
    out.push_str(prefix);
    for c in id.chars() {
        match c {
            '_' => out.push_str("__"),
            '-' => out.push_str("_h"),
            '.' => out.push_str("_d"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            // Not a valid id character; spelled out so distinct ids still differ.
            c => out.push_str(&format!("_u{:x}_", u32::from(c))),
        }
    }
    out
}

/// The text as a YAML double-quoted scalar, for front matter.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_replaces_what_xml_forbids() {
        assert_eq!(
            clean("a\u{0}b\u{1b}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(clean("a\r\nb\tc"), "a\n\nb\tc");
    }

    #[test]
    fn terminal_spells_out_controls_and_keeps_plain_text_borrowed() {
        let forged = "Shop\u{1b}[2J\u{1b}]0;t\u{7}\r\nmodel.ron:1:1: critical x: y\u{202e}\u{85}";
        let safe = terminal(forged);
        assert_eq!(
            safe,
            "Shop\\u{1b}[2J\\u{1b}]0;t\\u{7}\\r\\nmodel.ron:1:1: critical x: y\\u{202e}\\u{85}"
        );
        assert!(!safe.chars().any(char::is_control));
        let plain = r"Café → C:\models\shop.ron";
        assert!(matches!(terminal(plain), std::borrow::Cow::Borrowed(p) if p == plain));
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a\n\n b\tc\u{2028}d "), "a b c d");
    }

    #[test]
    fn elide_cuts_long_text_with_an_ellipsis() {
        assert_eq!(elide("short", 10), "short");
        let cut = elide(&"x".repeat(100_000), 100);
        assert_eq!(cut.chars().count(), 100);
        assert!(cut.ends_with('…'));
        assert_eq!(elide("ab cd ef", 5), "ab c…");
    }

    #[test]
    fn xml_escapes_markup_and_quotes() {
        assert_eq!(
            xml("<script>&\"'</script>]]>"),
            "&lt;script&gt;&amp;&quot;&#39;&lt;/script&gt;]]&gt;"
        );
    }

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        assert_eq!(
            slug("Put an API gateway in front!", "x"),
            "put-an-api-gateway-in-front"
        );
        assert_eq!(slug("  --Use CRDTs--  ", "x"), "use-crdts");
        assert_eq!(slug("שלום", "decision"), "decision");
        assert!(slug(&"word ".repeat(100), "x").len() <= 64);
    }

    #[test]
    fn idents_are_injective_and_safe() {
        assert_eq!(ident("n_", "orders-db"), "n_orders_hdb");
        assert_ne!(ident("n_", "a-b"), ident("n_", "a_b"));
        assert_ne!(ident("n_", "a.b"), ident("n_", "a_hb"));
        assert_ne!(ident("n_", "a_h"), ident("n_", "a-"));
        assert_eq!(ident("n_", "end"), "n_end");
    }

    #[test]
    fn yaml_strings_escape_quotes_and_breaks() {
        assert_eq!(
            yaml_string("a \"b\" \\ c\nd\u{2028}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u2028\""
        );
    }
}
