//! Text measuring without a font: an estimate good enough to size boxes and truncate labels.
//!
//! The scene has no font engine (exporters and the canvas bring their own), so widths come from
//! per-character classes tuned to common sans-serif fonts; they err on the wide side.

/// Estimated width of `text` at `size` (the font's em size) in model units.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let ems: f32 = text.chars().map(char_width).sum();
    ems * size * if bold { 1.06 } else { 1.0 }
}

/// Width of one character in ems (classes measured on Ubuntu, a few percent wide).
fn char_width(c: char) -> f32 {
    match c {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | 'I' | '·' => 0.26,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.38,
        's' | 'c' | 'z' => 0.46,
        'k' | 'v' | 'x' | 'y' | 'J' | 'L' | '_' => 0.51,
        'm' | 'w' => 0.88,
        'M' | 'W' | '@' => 0.95,
        'a'..='z' | '0'..='9' => 0.59,
        'A'..='Z' => 0.66,
        '…' => 1.0,
        // CJK and other wide scripts take a full em.
        c if c as u32 >= 0x2E80 => 1.0,
        _ => 0.62,
    }
}

/// The text, cut at the end with an ellipsis so that it fits in `max_width`.
///
/// Text that already fits comes back unchanged; the full name stays in the model.
pub fn truncate(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    // Control characters (newlines, tabs) would break the single-line layout.
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    let scale = size * if bold { 1.06 } else { 1.0 };
    if width(text, size, bold) <= max_width {
        return text.chars().map(clean).collect();
    }
    let budget = max_width - width("…", size, bold);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars().map(clean) {
        used += char_width(c) * scale;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(truncate("Orders DB", 13.0, true, 200.0), "Orders DB");
    }

    #[test]
    fn long_text_ends_in_ellipsis_and_fits() {
        let long = "A remarkably long service name that would never fit in a box";
        let cut = truncate(long, 13.0, true, 110.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut, 13.0, true) <= 110.0 + 0.01, "{cut}");
        assert!(cut.len() < long.len());
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(truncate("a\nb", 10.0, false, 100.0), "a b");
    }
}
