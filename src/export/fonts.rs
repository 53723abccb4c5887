//! The bundled font (DejaVu Sans, regular and bold) and the widths of text set in it.
//!
//! The scene sizes boxes and truncates labels with a font-free estimate; DejaVu Sans runs wider
//! than that estimate, so exported text is set a little smaller where needed to fit the room the
//! scene gave it, keeping the layout exactly the canvas's.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/LICENSE.txt`).
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Advances of one face, in ems, with ASCII cached.
struct Face {
    ascii: [f32; 128],
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: GlyphMetrics<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let font = FontRef::new(data).ok()?;
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let mut ascii = [0.0; 128];
        for (i, slot) in ascii.iter_mut().enumerate() {
            *slot = char::from_u32(i as u32)
                .and_then(|c| metrics.advance_width(charmap.map(c)?))
                .unwrap_or(0.6);
        }
        let face = Face {
            ascii,
            charmap,
            metrics,
        };
        Some(face)
    }

    fn advance(&self, c: char) -> f32 {
        match self.ascii.get(c as usize) {
            Some(w) => *w,
            // Characters the font lacks come from a fallback font; a full em is a safe guess.
            None => self
                .charmap
                .map(c)
                .and_then(|g| self.metrics.advance_width(g))
                .unwrap_or(1.0),
        }
    }
}

fn faces() -> &'static [Option<Face>; 2] {
    static FACES: OnceLock<[Option<Face>; 2]> = OnceLock::new();
    FACES.get_or_init(|| [Face::load(REGULAR), Face::load(BOLD)])
}

/// Width of `text` set in the bundled font at `size`, in model units.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    match &faces()[usize::from(bold)] {
        Some(face) => text.chars().map(|c| face.advance(c)).sum::<f32>() * size,
        None => crate::scene::text::width(text, size, bold),
    }
}

/// The font size at which `text` fits the width the scene estimated for it at `size`: `size`
/// itself when it fits, smaller (but never below 70 %) when the bundled font runs wider.
pub fn fitted_size(text: &str, size: f32, bold: bool) -> f32 {
    let room = crate::scene::text::width(text, size, bold);
    let real = width(text, size, bold);
    if real <= room || real <= 0.0 {
        size
    } else {
        (size * room / real).max(size * 0.7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        assert!(faces().iter().all(Option::is_some));
        let w = width("Orders DB", 10.0, false);
        assert!(w > 40.0 && w < 70.0, "{w}");
        assert!(width("Orders DB", 10.0, true) > w);
    }

    #[test]
    fn text_that_runs_wide_is_set_smaller_to_fit() {
        let size = fitted_size("Catalogue service", 13.5, true);
        assert!((13.5 * 0.7..=13.5).contains(&size));
        let fitted = width("Catalogue service", size, true);
        let room = crate::scene::text::width("Catalogue service", 13.5, true);
        assert!(
            fitted <= room + 0.01 || size == 13.5 * 0.7,
            "{fitted} > {room}"
        );
    }
}
