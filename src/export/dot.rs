//! Graphviz DOT: zones as nested clusters, nodes shaped by kind, links labelled with their
//! protocol. Every string is quoted and escaped, so `dot` parses it whatever the labels hold.

use std::fmt::Write;

use super::escape;
use super::tree::{self, Step};
use crate::model::{Model, Node, NodeKind, StoreKind};
use crate::scene::Theme;

/// The model as a Graphviz `digraph` laid out left to right, titled with the model's name and
/// coloured with the theme.
///
/// `newrank=true` makes dot rank the whole graph at once instead of cluster by cluster. Without
/// it, dot 2.43 fails on a few hundred nodes in nested zones ("trouble in init_rank", exit 1)
/// and draws members outside their zone's box.
pub fn render(model: &Model, theme: &Theme) -> String {
    let mut out = String::new();
    out.push_str("digraph archmodel {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, label={}, labelloc=t, fontname=\"DejaVu Sans\", \
         bgcolor=\"{}\", fontcolor=\"{}\", compound=true];",
        quoted(&model.name),
        theme.background.to_hex(),
        theme.text.to_hex()
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"DejaVu Sans\", style=\"filled\", fontcolor=\"{}\"];",
        theme.text.to_hex()
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"DejaVu Sans\", fontsize=10, color=\"{}\", fontcolor=\"{}\"];",
        theme.link.to_hex(),
        theme.text_muted.to_hex()
    );
    write_clusters(model, theme, &mut out);
    for link in tree::sorted_links(model) {
        let mut attrs = format!("label={}", quoted(&super::link_caption(link)));
        if link.bidirectional {
            attrs.push_str(", dir=both");
        }
        if link.is_plaintext() {
            let _ = write!(
                attrs,
                ", style=dashed, color=\"{}\"",
                theme.crossing_plaintext.to_hex()
            );
        }
        let _ = writeln!(out, "  {} -> {} [{attrs}];", id(&link.from), id(&link.to));
    }
    out.push_str("}\n");
    out
}

/// Zones as nested `cluster_` subgraphs holding their nodes.
fn write_clusters(model: &Model, theme: &Theme, out: &mut String) {
    let mut depth = 1;
    for step in tree::walk(model) {
        let pad = tree::indent(depth);
        match step {
            Step::Open(z) => {
                let style = theme.zone(z.trust);
                let _ = writeln!(
                    out,
                    "{pad}subgraph {} {{\n{pad}  label={}; style=\"dashed,rounded,filled\"; \
                     color=\"{}\"; fillcolor=\"{}{:02x}\"; fontcolor=\"{}\";",
                    id(&format!("cluster_{}", z.id)),
                    quoted(&z.name),
                    style.stroke.to_hex(),
                    style.fill.to_hex(),
                    style.fill.a,
                    style.label.to_hex()
                );
                depth += 1;
            }
            Step::Node(n) => {
                let _ = writeln!(out, "{pad}{}", node(n, theme));
            }
            Step::Close => {
                depth = depth.saturating_sub(1).max(1);
                let _ = writeln!(out, "{}}}", tree::indent(depth));
            }
        }
    }
}

/// One node statement: its id, name, shape by kind and colours.
fn node(n: &Node, theme: &Theme) -> String {
    let (shape, look) = match &n.kind {
        NodeKind::Client { .. } => ("box", "rounded,filled"),
        NodeKind::Server { .. } => ("box", "filled"),
        NodeKind::Peer { .. } => ("ellipse", "filled"),
        NodeKind::Gateway { .. } => ("hexagon", "filled"),
        NodeKind::Store {
            kind: StoreKind::Queue,
            ..
        } => ("box3d", "filled"),
        NodeKind::Store { .. } => ("cylinder", "filled"),
        NodeKind::Cdn => ("trapezium", "filled"),
        NodeKind::External => ("component", "filled"),
        NodeKind::Actor => ("plaintext", "filled"),
    };
    let style = theme.node(&n.kind);
    format!(
        "{} [label={}, shape={shape}, style=\"{look}\", fillcolor=\"{}\", color=\"{}\", \
         tooltip={}];",
        id(&n.id),
        quoted(&n.name),
        style.fill.to_hex(),
        style.stroke.to_hex(),
        quoted(n.kind.label())
    )
}

/// A DOT identifier as a double-quoted string; model ids never need more than the quotes, but
/// they are escaped all the same so a hand-edited file cannot break out.
fn id(text: &str) -> String {
    let mut out = String::from("\"");
    for c in escape::one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DOT double-quoted label: one line, elided; `\` and `"` backslash-escaped (Graphviz reads
/// `\n`, `\N`, `\G` … in labels) and `&` written as `&amp;` (Graphviz decodes entities in labels).
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in escape::label(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
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
    fn https_set_to_plaintext_is_drawn_dashed() {
        let mut model = crate::examples::template("web-app").expect("example");
        let mut link = model.links().next().cloned().expect("a link");
        link.protocol = crate::model::Protocol::Https;
        link.tls = crate::model::Tls::None;
        let (from, to) = (id(&link.from), id(&link.to));
        model.replace_link(link).expect("replaced");
        let dot = render(&model, &Theme::light());
        let line = dot
            .lines()
            .find(|l| l.starts_with(&format!("  {from} -> {to} ")))
            .expect("the edge");
        assert!(line.contains("style=dashed"), "{line}");
    }

    #[test]
    fn quoted_escapes_backslashes_quotes_and_entities() {
        assert_eq!(quoted(r#"a "b" \N &amp;"#), r#""a \"b\" \\N &amp;amp;""#);
    }
}
