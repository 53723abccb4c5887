//! PNG: the exported SVG rasterized with resvg and the bundled DejaVu Sans, so text never
//! vanishes for want of a system font, at any scale and with no 4096-pixel ceiling.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::svg::{self, SvgOptions};
use super::{ExportError, fonts};
use crate::model::Model;

/// The most pixels a PNG may have (16384 × 16384): about 1 GiB of memory while drawing.
pub const MAX_PIXELS: u64 = 16_384 * 16_384;

/// How to draw the PNG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    /// Colours, title and legend, as for SVG.
    pub svg: SvgOptions,
    /// Pixels per model unit: 1 for 1×, 2 for a sharp image on high-density screens.
    pub scale: f32,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            svg: SvgOptions::default(),
            scale: 1.0,
        }
    }
}

/// The model's diagram as PNG bytes.
pub fn render(model: &Model, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    rasterize(&svg::render(model, &options.svg), options.scale)
}

/// Rasterizes SVG text at `scale` with the bundled fonts and encodes it as PNG.
pub fn rasterize(svg_text: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(ExportError::BadScale(scale));
    }
    let opts = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg_text, &opts).map_err(|e| ExportError::Render(e.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil().max(1.0);
    let height = (f64::from(size.height()) * f64::from(scale))
        .ceil()
        .max(1.0);
    let too_large = || ExportError::ImageTooLarge {
        width: width as u64,
        height: height as u64,
        limit: MAX_PIXELS,
    };
    if width * height > MAX_PIXELS as f64
        || width > f64::from(u32::MAX)
        || height > f64::from(u32::MAX)
    {
        return Err(too_large());
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32).ok_or_else(too_large)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

/// The font database with the bundled fonts, loaded once (parsing them takes a few milliseconds).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for font in [fonts::REGULAR, fonts::BOLD] {
            db.load_font_data(font.to_vec());
        }
        // Generic families in the SVG's font list resolve to the bundled face too.
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fonts_are_found() {
        let db = fonts();
        assert!(db.faces().count() >= 2);
        let query = usvg::fontdb::Query {
            families: &[usvg::fontdb::Family::Name("DejaVu Sans")],
            weight: usvg::fontdb::Weight::BOLD,
            ..usvg::fontdb::Query::default()
        };
        assert!(db.query(&query).is_some());
    }

    #[test]
    fn bad_scales_are_refused() {
        assert!(matches!(
            rasterize("<svg/>", 0.0),
            Err(ExportError::BadScale(_))
        ));
        assert!(matches!(
            rasterize("<svg/>", f32::NAN),
            Err(ExportError::BadScale(_))
        ));
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        let with_text = "<svg xmlns='http://www.w3.org/2000/svg' width='80' height='30'>\
             <text x='4' y='22' font-size='20' font-family='DejaVu Sans'>Hg</text></svg>";
        let png = rasterize(with_text, 1.0).expect("png");
        let image = tiny_skia::Pixmap::decode_png(&png).expect("decodes");
        // Without a font in the database the text would silently vanish: no ink at all.
        let ink = image.pixels().iter().filter(|p| p.alpha() > 0).count();
        assert!(ink > 60, "only {ink} pixels of text");
    }
}
