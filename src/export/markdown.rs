//! A small Markdown writer for the ADR, decision records and runbook: escaped user text, prose
//! wrapped at 80 columns, blocks separated by one blank line, so the output passes markdownlint's
//! default rules whatever the model's labels hold.

use super::escape;

/// The column prose is wrapped at (markdownlint's default line length).
const WIDTH: usize = 80;

/// User text escaped for inline Markdown: one line, every character that could start markup
/// (emphasis, code, links, HTML, tables, entities, autolinks) backslash-escaped.
pub fn text(s: &str) -> String {
    let line = escape::one_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape_it = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '@' | '$' => {
                true
            }
            // `http://` and `www.` would become bare-URL autolinks.
            ':' => chars.get(i + 1..i + 3) == Some(&['/', '/']),
            '.' => i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')),
            _ => false,
        };
        if escape_it {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A model id as inline code (ids are ASCII letters, digits, `-`, `_`, `.`: never a backtick).
pub fn code(id: &str) -> String {
    if id.contains('`') || id.is_empty() {
        return text(id);
    }
    format!("`{}`", escape::one_line(id))
}

/// Heading text: escaped, with trailing punctuation dropped (markdownlint MD026 flags it).
pub fn heading_text(s: &str) -> String {
    let t = text(s);
    let trimmed = t.trim_end_matches(['.', ',', ';', ':', '!', '。', '，', '；', '：', '！', ' ']);
    // An escaped character must keep its backslash partner, never lose half of a pair.
    let trimmed = if trimmed.ends_with('\\') && !trimmed.ends_with("\\\\") {
        let next = t[trimmed.len()..].chars().next().map_or(0, char::len_utf8);
        &t[..trimmed.len() + next]
    } else {
        trimmed
    };
    if trimmed.is_empty() {
        "Untitled".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A Markdown document under construction: a list of blocks joined by blank lines.
#[derive(Debug, Default)]
pub struct Doc {
    blocks: Vec<String>,
}

impl Doc {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds raw, already well-formed Markdown as one block (front matter, a fence).
    pub fn raw(&mut self, block: impl Into<String>) {
        let block = block.into();
        if !block.trim().is_empty() {
            self.blocks.push(block.trim_end().to_owned());
        }
    }

    /// Adds an ATX heading; `md` is already escaped.
    ///
    /// A heading too long for one line is cut at a space and ends in `…`, and the full text
    /// follows as a paragraph, so nothing is lost and the line stays within 80 columns.
    pub fn heading(&mut self, level: usize, md: &str) {
        let prefix = format!("{} ", "#".repeat(level.clamp(1, 6)));
        let md = md.trim();
        let room = WIDTH - prefix.len() - 2;
        let chars: Vec<(usize, char)> = md.char_indices().collect();
        if chars.len() <= WIDTH - prefix.len() || !chars[room..].iter().any(|(_, c)| *c == ' ') {
            self.blocks.push(format!("{prefix}{md}"));
            return;
        }
        // Escape pairs never contain a space, so cutting at one never splits an escape.
        let cut = chars[..=room]
            .iter()
            .rev()
            .find(|(_, c)| *c == ' ')
            .map(|(i, _)| *i)
            .unwrap_or(0);
        let head = md[..cut].trim_end();
        if head.is_empty() {
            self.blocks.push(format!("{prefix}{md}"));
            return;
        }
        self.blocks.push(format!("{prefix}{head} …"));
        self.para(md);
    }

    /// Adds a paragraph of escaped inline Markdown, wrapped at 80 columns.
    pub fn para(&mut self, md: &str) {
        if !md.trim().is_empty() {
            self.blocks.push(wrap(md, "", ""));
        }
    }

    /// Adds free text from the model: paragraphs split at blank lines, each escaped and wrapped.
    pub fn prose(&mut self, s: &str) {
        for para in escape::clean(s).split("\n\n") {
            self.para(&text(para));
        }
    }

    /// Adds a bulleted list of escaped inline Markdown items (nothing for an empty list).
    pub fn list(&mut self, items: &[String]) {
        let lines: Vec<String> = items.iter().map(|i| wrap(i, "- ", "  ")).collect();
        if !lines.is_empty() {
            self.blocks.push(lines.join("\n"));
        }
    }

    /// Adds a bulleted list whose items carry nested sub-items.
    pub fn nested_list(&mut self, items: &[(String, Vec<String>)]) {
        let mut lines = Vec::new();
        for (item, subs) in items {
            lines.push(wrap(item, "- ", "  "));
            for sub in subs {
                lines.push(wrap(sub, "  - ", "    "));
            }
        }
        if !lines.is_empty() {
            self.blocks.push(lines.join("\n"));
        }
    }

    /// Adds a fenced code block with a language tag; the body must not contain a line of
    /// three or more backticks (callers pass generated diagram text, which never has one).
    pub fn fence(&mut self, lang: &str, body: &str) {
        self.blocks
            .push(format!("```{lang}\n{}\n```", body.trim_end_matches('\n')));
    }

    /// The document text: blocks separated by one blank line, one newline at the end.
    pub fn finish(self) -> String {
        let mut out = self.blocks.join("\n\n");
        out.push('\n');
        out
    }
}

/// Wraps escaped inline Markdown at 80 columns: the first line starts with `first`, the others
/// with `rest`; a word longer than a line stands alone. Every line's first word is guarded so
/// that wrapping never starts a heading, list, quote, setext underline or code block.
pub fn wrap(md: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(md.len() + 16);
    let mut line_len = 0usize;
    let mut at_line_start = true;
    out.push_str(first);
    let mut indent = first.chars().count();
    for word in md.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !at_line_start && line_len + 1 + len > WIDTH.saturating_sub(indent) {
            out.push('\n');
            out.push_str(rest);
            indent = rest.chars().count();
            line_len = 0;
            at_line_start = true;
        }
        if !at_line_start {
            out.push(' ');
            line_len += 1;
        }
        if at_line_start && starts_block(word) {
            out.push('\\');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
        at_line_start = false;
    }
    out.truncate(out.trim_end().len());
    out
}

/// Whether a word at the start of a line would open a block: a run of `#` (heading), a run of
/// one of `-`, `+`, `*`, `_`, `=` (bullet, thematic break, setext underline), `>` (quote), a
/// code fence, or an ordered-list marker such as `1.` or `12)`. Markup such as `**bold**` and
/// escaped text pass.
fn starts_block(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if matches!(first, '#' | '-' | '+' | '*' | '_' | '=') && word.chars().all(|c| c == first) {
        return true;
    }
    if first == '>' || word.starts_with("```") || word.starts_with("~~~") {
        return true;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (word[digits..] == *"." || word[digits..] == *")")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup() {
        assert_eq!(text("<script>&"), "\\<script\\>\\&");
        assert_eq!(
            text("a_b *c* `d` [e](f) |g|"),
            "a\\_b \\*c\\* \\`d\\` \\[e\\](f) \\|g\\|"
        );
        assert_eq!(
            text("see https://x.org or www.y.org"),
            "see https\\://x.org or www\\.y.org"
        );
        assert_eq!(text("line\nbreak"), "line break");
    }

    #[test]
    fn wrap_keeps_lines_short_and_guards_line_starts() {
        let md = format!("{} - 1. # = > --- **bold**", "word ".repeat(30));
        let out = wrap(&md, "- ", "  ");
        for line in out.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
            let body = line.trim_start_matches("- ").trim_start();
            assert!(
                !starts_block(body.split(' ').next().unwrap_or("")),
                "{line}"
            );
        }
    }

    #[test]
    fn own_markup_at_a_line_start_is_left_alone() {
        let out = wrap(
            &format!("{} **Name** 2.3.0", "word ".repeat(15)),
            "- ",
            "  ",
        );
        assert!(out.contains("**Name**") && !out.contains("\\*"), "{out}");
        assert!(starts_block("1.") && starts_block("---") && starts_block("#"));
        assert!(!starts_block("2.3.0") && !starts_block("**b**") && !starts_block("-->"));
    }

    #[test]
    fn long_words_stand_alone() {
        let long = "x".repeat(200);
        let out = wrap(&format!("a {long} b"), "", "");
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            vec!["a", long.as_str(), "b"]
        );
    }

    #[test]
    fn long_headings_are_cut_and_followed_by_the_full_text() {
        let mut doc = Doc::new();
        let title = "word ".repeat(40);
        doc.heading(1, &title);
        let out = doc.finish();
        let first = out.lines().next().unwrap_or("");
        assert!(
            first.starts_with("# word") && first.ends_with('…'),
            "{first}"
        );
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert_eq!(
            out.matches("word").count(),
            40 + first.matches("word").count()
        );
    }

    #[test]
    fn headings_lose_trailing_punctuation_but_keep_escapes() {
        assert_eq!(heading_text("Use a gateway."), "Use a gateway");
        assert_eq!(heading_text("Ends with #"), "Ends with \\#");
        assert_eq!(heading_text("!!!"), "Untitled");
    }
}
