//! SVG: the canvas's [`Scene`] written as plain SVG 1.1 shapes and `<text>`, with no
//! `<foreignObject>`, script, stylesheet or external reference, every string escaped. It renders
//! the same in browsers, rsvg and resvg; the PNG exporter rasterizes exactly this text.

use std::collections::HashSet;
use std::fmt::Write;

use super::{escape, fonts, legend};
use crate::model::Model;
use crate::scene::{
    Align, Color, ElementKind, ElementRef, Item, Rect, Scene, Shape, Stroke, Text, Theme,
    ThemeKind, pos, text,
};

/// The font the SVG asks for: DejaVu Sans is bundled for the PNG and common on Linux; the
/// fallbacks have similar metrics elsewhere.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif";

/// Space around the diagram, in model units.
const MARGIN: f32 = 24.0;
/// Font size of the title.
const TITLE_SIZE: f32 = 18.0;
/// Height of the band above the diagram that holds the title.
const TITLE_BAND: f32 = 40.0;

/// How to draw the diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SvgOptions {
    /// Light or dark colours.
    pub theme: ThemeKind,
    /// Whether to write the model's name above the diagram.
    pub title: bool,
    /// Whether to explain the node kinds, zones and link styles below the diagram.
    pub legend: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            theme: ThemeKind::Light,
            title: true,
            legend: true,
        }
    }
}

/// The model's diagram as SVG text.
pub fn render(model: &Model, options: &SvgOptions) -> String {
    let theme = Theme::of(options.theme);
    let scene = Scene::build(model, &theme);
    paint(model, &scene, &theme, options)
}

/// Paints an already built scene (with the title and legend the options ask for) as SVG text.
pub fn paint(model: &Model, scene: &Scene, theme: &Theme, options: &SvgOptions) -> String {
    let (frame, extra) = frame_and_extras(model, scene, theme, options);
    let mut out = String::with_capacity(256 + scene.items.len() * 400);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"{x} {y} {w} {h}\" font-family=\"{FONT_FAMILY}\">\n<title>{title}</title>\n\
         <desc>Architecture diagram exported by archmodel.</desc>\n",
        x = num(frame.min.x),
        y = num(frame.min.y),
        w = num(frame.width()),
        h = num(frame.height()),
        title = escape::xml(&escape::label(&model.name)),
    );
    let bg = Shape::Rect {
        rect: frame,
        radius: 0.0,
        fill: theme.background,
        stroke: Stroke::NONE,
    };
    shape(&mut out, &bg);
    write_items(&mut out, model, scene);
    if !extra.is_empty() {
        out.push_str("<g id=\"title-and-legend\">\n");
        for s in &extra {
            shape(&mut out, s);
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// The drawing's frame (the scene with its margin, the title band and the legend) and the
/// title and legend shapes to draw in it.
fn frame_and_extras(
    model: &Model,
    scene: &Scene,
    theme: &Theme,
    options: &SvgOptions,
) -> (Rect, Vec<Shape>) {
    let diagram = if scene.is_empty() || !finite(&scene.bounds) {
        Rect::from_min_max(pos(0.0, 0.0), pos(320.0, 80.0))
    } else {
        scene.bounds
    };
    let mut frame = diagram.expand(MARGIN);
    let mut extra: Vec<Shape> = Vec::new();
    if options.title {
        let width = frame.width().max(400.0) - 2.0 * MARGIN;
        extra.push(Shape::Text(Text {
            pos: pos(
                frame.min.x + MARGIN,
                frame.min.y - TITLE_BAND / 2.0 + MARGIN / 2.0,
            ),
            text: text::truncate(&model.name, TITLE_SIZE, true, width),
            size: TITLE_SIZE,
            color: theme.text,
            anchor: crate::scene::Anchor::LEFT_CENTER,
            bold: true,
            background: None,
        }));
        frame.min.y -= TITLE_BAND;
    }
    if options.legend {
        let (shapes, height) = legend::shapes(
            model,
            theme,
            pos(frame.min.x + MARGIN, frame.max.y),
            frame.width() - 2.0 * MARGIN,
        );
        extra.extend(shapes);
        frame.max.y += height + MARGIN;
    }
    (frame, extra)
}

/// The scene in its paint order (every item's shapes, then every item's labels), one group per
/// item and phase, so an item's labels are drawn over everything else as on the canvas.
fn write_items(out: &mut String, model: &Model, scene: &Scene) {
    let mut open: Option<*const Item> = None;
    let mut started: HashSet<*const Item> = HashSet::with_capacity(scene.items.len());
    for (item, s) in scene.paint_order() {
        let ptr: *const Item = item;
        if open != Some(ptr) {
            if open.is_some() {
                out.push_str("</g>\n");
            }
            open = Some(ptr);
            let kind = match item.element.kind {
                ElementKind::Zone => "zone",
                ElementKind::Link => "link",
                ElementKind::Node => "node",
            };
            let id = escape::xml(&item.element.id);
            if started.insert(ptr) {
                let _ = writeln!(out, "<g id=\"{kind}-{id}\">");
                // The full name as a tooltip and for screen readers: drawn text may be cut short.
                if let Some(name) = element_name(model, &item.element) {
                    let _ = writeln!(out, "<title>{}</title>", escape::xml(&escape::label(&name)));
                }
            } else {
                let _ = writeln!(out, "<g id=\"label-{kind}-{id}\">");
            }
        }
        shape(out, s);
    }
    if open.is_some() {
        out.push_str("</g>\n");
    }
}

/// What an element is called: a node's or zone's name, a link's caption.
fn element_name(model: &Model, element: &ElementRef) -> Option<String> {
    match element.kind {
        ElementKind::Node => model.node(&element.id).map(|n| n.name.clone()),
        ElementKind::Zone => model.zone(&element.id).map(|z| z.name.clone()),
        ElementKind::Link => model.link(&element.id).map(super::link_caption),
    }
}

/// A number as [`push_num`] writes it.
fn num(v: f32) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

fn finite(r: &Rect) -> bool {
    !r.is_empty()
        && [r.min.x, r.min.y, r.max.x, r.max.y]
            .iter()
            .all(|v| v.is_finite())
}

/// Writes one primitive as an SVG element.
fn shape(out: &mut String, s: &Shape) {
    match s {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            out.push_str("<rect");
            attr(out, "x", rect.min.x);
            attr(out, "y", rect.min.y);
            attr(out, "width", rect.width().max(0.0));
            attr(out, "height", rect.height().max(0.0));
            if *radius > 0.0 {
                attr(out, "rx", *radius);
            }
            paint_attrs(out, *fill, stroke);
            out.push_str("/>\n");
        }
        Shape::Path {
            points,
            closed,
            stroke,
        } => {
            out.push_str(if *closed { "<polygon" } else { "<polyline" });
            points_attr(out, points);
            paint_attrs(out, Color::TRANSPARENT, stroke);
            out.push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n");
        }
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => {
            out.push_str("<polygon");
            points_attr(out, points);
            paint_attrs(out, *fill, stroke);
            out.push_str(" stroke-linejoin=\"round\"/>\n");
        }
        Shape::Ellipse {
            center,
            radius,
            fill,
            stroke,
        } => {
            out.push_str("<ellipse");
            attr(out, "cx", center.x);
            attr(out, "cy", center.y);
            attr(out, "rx", radius.x.abs());
            attr(out, "ry", radius.y.abs());
            paint_attrs(out, *fill, stroke);
            out.push_str("/>\n");
        }
        Shape::Text(t) => text_element(out, t),
    }
}

/// A line of text, with its plate when it has one. The baseline is placed from the anchor by
/// the font's metrics, as `dominant-baseline` is not read the same by every renderer.
fn text_element(out: &mut String, t: &Text) {
    if t.text.is_empty() || t.size.is_nan() || t.size <= 0.0 {
        return;
    }
    let width = text::width(&t.text, t.size, t.bold);
    let height = t.size * 1.2;
    let left = match t.anchor.h {
        Align::Start => t.pos.x,
        Align::Center => t.pos.x - width / 2.0,
        Align::End => t.pos.x - width,
    };
    let top = match t.anchor.v {
        Align::Start => t.pos.y,
        Align::Center => t.pos.y - height / 2.0,
        Align::End => t.pos.y - height,
    };
    if let Some(bg) = t.background {
        // The same plate the canvas draws: the text's box grown a little, well rounded.
        let plate = Rect::from_min_max(pos(left, top), pos(left + width, top + height));
        let plate = Rect::from_min_max(
            pos(plate.min.x - t.size * 0.35, plate.min.y - t.size * 0.12),
            pos(plate.max.x + t.size * 0.35, plate.max.y + t.size * 0.12),
        );
        shape(
            out,
            &Shape::Rect {
                rect: plate,
                radius: t.size * 0.4,
                fill: bg,
                stroke: Stroke::NONE,
            },
        );
    }
    let anchor = match t.anchor.h {
        Align::Start => "start",
        Align::Center => "middle",
        Align::End => "end",
    };
    let size = fonts::fitted_size(&t.text, t.size, t.bold);
    // DejaVu Sans capitals are 0.73 em tall: this centres them in the text's box.
    let baseline = top + height / 2.0 + size * 0.36;
    out.push_str("<text");
    attr(out, "x", t.pos.x);
    attr(out, "y", baseline);
    attr(out, "font-size", size);
    out.push_str(" text-anchor=\"");
    out.push_str(anchor);
    out.push('"');
    if t.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    color_attr(out, "fill", t.color);
    let _ = writeln!(out, ">{}</text>", escape::xml(&escape::one_line(&t.text)));
}

fn points_attr(out: &mut String, points: &[crate::scene::Pos]) {
    out.push_str(" points=\"");
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_num(out, p.x);
        out.push(',');
        push_num(out, p.y);
    }
    out.push('"');
}

fn paint_attrs(out: &mut String, fill: Color, stroke: &Stroke) {
    if fill.is_transparent() {
        out.push_str(" fill=\"none\"");
    } else {
        color_attr(out, "fill", fill);
    }
    if stroke.is_none() {
        return;
    }
    color_attr(out, "stroke", stroke.color);
    attr(out, "stroke-width", stroke.width);
    if let Some(d) = stroke.dash {
        out.push_str(" stroke-dasharray=\"");
        push_num(out, d.on.max(0.1));
        out.push(' ');
        push_num(out, d.off.max(0.1));
        out.push('"');
    }
}

/// `fill="#rrggbb"` (or stroke), with `fill-opacity` when the colour is translucent.
fn color_attr(out: &mut String, what: &str, c: Color) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(' ');
    out.push_str(what);
    out.push_str("=\"#");
    for v in [c.r, c.g, c.b] {
        out.push(char::from(HEX[usize::from(v >> 4)]));
        out.push(char::from(HEX[usize::from(v & 15)]));
    }
    out.push('"');
    if c.a < 255 {
        out.push(' ');
        out.push_str(what);
        out.push_str("-opacity=\"");
        push_num(out, f32::from(c.a) / 255.0);
        out.push('"');
    }
}

/// ` name="value"` with the value as [`push_num`] writes it.
fn attr(out: &mut String, name: &str, v: f32) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_num(out, v);
    out.push('"');
}

/// Writes a coordinate with at most two decimals and no trailing zeros, digit by digit (this
/// runs for every number of a 10 MB drawing); non-finite values become 0 so the output stays
/// valid SVG whatever the scene holds.
fn push_num(out: &mut String, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    // Hundredths as an integer: coordinates are at most 1e7, far inside i64.
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    let mut abs = hundredths.unsigned_abs();
    // Filled from the end: up to 20 integer digits, a point, two decimals and a sign.
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let frac = abs % 100;
    abs /= 100;
    if frac != 0 {
        if !frac.is_multiple_of(10) {
            i -= 1;
            buf[i] = b'0' + (frac % 10) as u8;
        }
        i -= 1;
        buf[i] = b'0' + (frac / 10) as u8;
        i -= 1;
        buf[i] = b'.';
    }
    loop {
        i -= 1;
        buf[i] = b'0' + (abs % 10) as u8;
        abs /= 10;
        if abs == 0 {
            break;
        }
    }
    if hundredths < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    // Only ASCII digits, '.' and '-' were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_always_valid() {
        let show = num;
        assert_eq!(show(1.0), "1");
        assert_eq!(show(1.256), "1.26");
        assert_eq!(show(-2.5), "-2.5");
        assert_eq!(show(0.05), "0.05");
        assert_eq!(show(-0.001), "0");
        assert_eq!(show(f32::NAN), "0");
    }

    #[test]
    fn empty_model_gives_a_valid_document() {
        let svg = render(&Model::new("Empty <model>"), &SvgOptions::default());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(svg.contains("Empty &lt;model&gt;"));
    }
}
