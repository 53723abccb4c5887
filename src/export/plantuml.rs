//! PlantUML deployment diagram: zones as nested `rectangle` boundaries, nodes as the element of
//! their kind (`component`, `node`, `database`, `queue`, `cloud`, `actor`), links labelled with
//! their protocol. Every label is written with `<U+XXXX>` escapes for the characters PlantUML's
//! Creole markup, preprocessor or entity decoding would read, so it parses and shows the text.

use std::fmt::Write;

use super::escape;
use super::tree::{self, Step};
use crate::model::{Model, Node, NodeKind, StoreKind};
use crate::scene::Theme;

/// The model as a PlantUML deployment diagram, titled with the model's name.
pub fn render(model: &Model, theme: &Theme) -> String {
    let mut out = String::from("@startuml\n");
    let _ = writeln!(out, "title {}", text(&model.name));
    write_skin(model, theme, &mut out);
    let mut depth = 0;
    for step in tree::walk(model) {
        let pad = tree::indent(depth);
        match step {
            Step::Open(z) => {
                let _ = writeln!(
                    out,
                    "{pad}rectangle \"{}\" <<trust {}>> as {} {{",
                    text(&z.name),
                    z.trust.min(3),
                    escape::ident("z_", &z.id)
                );
                depth += 1;
            }
            Step::Node(n) => {
                let _ = writeln!(out, "{pad}{}", node(n));
            }
            Step::Close => {
                depth = depth.saturating_sub(1);
                let _ = writeln!(out, "{}}}", tree::indent(depth));
            }
        }
    }
    for link in tree::sorted_links(model) {
        let arrow = match (link.bidirectional, link.is_plaintext()) {
            (false, false) => "-->",
            (true, false) => "<-->",
            (false, true) => "..>",
            (true, true) => "<..>",
        };
        let _ = writeln!(
            out,
            "{} {arrow} {} : {}",
            escape::ident("n_", &link.from),
            escape::ident("n_", &link.to),
            text(&super::link_caption(link))
        );
    }
    out.push_str("@enduml\n");
    out
}

/// The PlantUML element keyword for a node kind.
fn keyword(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Client { .. } => "component",
        NodeKind::Server { .. } | NodeKind::Peer { .. } => "node",
        NodeKind::Gateway { .. } => "boundary",
        NodeKind::Store {
            kind: StoreKind::Queue,
            ..
        } => "queue",
        NodeKind::Store { .. } => "database",
        NodeKind::Cdn | NodeKind::External => "cloud",
        NodeKind::Actor => "actor",
    }
}

/// One element declaration: keyword, quoted name, kind stereotype and alias.
fn node(n: &Node) -> String {
    format!(
        "{} \"{}\" <<{}>> as {}",
        keyword(&n.kind),
        text(&n.name),
        n.kind.label(),
        escape::ident("n_", &n.id)
    )
}

/// Colours per node kind and per zone trust level, keyed by stereotype.
fn write_skin(model: &Model, theme: &Theme, out: &mut String) {
    out.push_str("skinparam shadowing false\nskinparam defaultFontName \"DejaVu Sans\"\n");
    let _ = writeln!(
        out,
        "skinparam backgroundColor {}\nskinparam defaultFontColor {}\nskinparam ArrowColor {}",
        theme.background.to_hex(),
        theme.text.to_hex(),
        theme.link.to_hex()
    );
    let mut kinds: Vec<&NodeKind> = Vec::new();
    for n in model.nodes() {
        if !kinds
            .iter()
            .any(|k| keyword(k) == keyword(&n.kind) && k.label() == n.kind.label())
        {
            kinds.push(&n.kind);
        }
    }
    kinds.sort_by_key(|k| (keyword(k), k.label()));
    for kind in kinds {
        let style = theme.node(kind);
        let _ = writeln!(
            out,
            "skinparam {}<<{}>> {{\n  BackgroundColor {}\n  BorderColor {}\n}}",
            keyword(kind),
            kind.label(),
            style.fill.to_hex(),
            style.stroke.to_hex()
        );
    }
    for trust in 0..=3u8 {
        let style = theme.zone(trust);
        let _ = writeln!(
            out,
            "skinparam rectangle<<trust {trust}>> {{\n  BackgroundColor {}\n  BorderColor {}\n  \
             FontColor {}\n  StereotypeFontColor {}\n}}",
            blend(style.fill, theme.background).to_hex(),
            style.stroke.to_hex(),
            style.label.to_hex(),
            style.label.to_hex()
        );
    }
}

/// A translucent colour over the background, as one opaque colour (PlantUML 2020 has no alpha).
fn blend(top: crate::scene::Color, under: crate::scene::Color) -> crate::scene::Color {
    let a = u16::from(top.a);
    let mix = |t: u8, u: u8| ((u16::from(t) * a + u16::from(u) * (255 - a)) / 255) as u8;
    crate::scene::Color::rgb(
        mix(top.r, under.r),
        mix(top.g, under.g),
        mix(top.b, under.b),
    )
}

/// Text for a PlantUML label: one line, elided, with every character that Creole markup
/// (`**`, `//`, `--`, `__`, `~~`, `""`, `[[`, `<img>`), the preprocessor (`!`, `$`, `%`), entity
/// decoding (`&`) or the diagram syntax (`"`, `:`, `;`, `\`) could read written as `<U+XXXX>`.
///
/// PlantUML 2020 crashes on `&#92;` and `&#36;` (backslash and dollar as entities), so the
/// `<U+XXXX>` form is used throughout.
pub fn text(s: &str) -> String {
    let mut out = String::new();
    for c in escape::label(s).chars() {
        if "<>&\"\\*/_-~[]#$%!@{}=|^`;:'".contains(c) {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_writes_markup_characters_as_code_points() {
        assert_eq!(text("a **b**"), "a <U+002A><U+002A>b<U+002A><U+002A>");
        assert_eq!(text("x\\ny"), "x<U+005C>ny");
        assert_eq!(text("שלום"), "שלום");
    }
}
