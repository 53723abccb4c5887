//! Mermaid flowchart: zones as nested subgraphs, nodes shaped by kind, links labelled with their
//! protocol. Every label is quoted and entity-coded, so it parses in Mermaid whatever it holds.

use std::fmt::Write;

use super::escape;
use super::tree::{self, Step};
use crate::model::{Model, Node, NodeKind, StoreKind};
use crate::scene::Theme;

/// The model as a Mermaid `flowchart LR`, coloured with the theme's node and zone colours.
pub fn render(model: &Model, theme: &Theme) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut depth = 1;
    let mut zone_styles = Vec::new();
    for step in tree::walk(model) {
        match step {
            Step::Open(z) => {
                let id = escape::ident("z_", &z.id);
                let _ = writeln!(
                    out,
                    "{}subgraph {id}[\"{}\"]",
                    tree::indent(depth),
                    quoted(&z.name)
                );
                let style = theme.zone(z.trust);
                zone_styles.push(format!(
                    "style {id} fill:{}{:02x},stroke:{},color:{},stroke-dasharray:6 4",
                    style.fill.to_hex(),
                    style.fill.a,
                    style.stroke.to_hex(),
                    style.label.to_hex()
                ));
                depth += 1;
            }
            Step::Node(n) => {
                let _ = writeln!(out, "{}{}", tree::indent(depth), node(n));
            }
            Step::Close => {
                depth = depth.saturating_sub(1).max(1);
                let _ = writeln!(out, "{}end", tree::indent(depth));
            }
        }
    }
    for link in tree::sorted_links(model) {
        let arrow = match (link.bidirectional, link.is_plaintext()) {
            (false, false) => "-->",
            (true, false) => "<-->",
            (false, true) => "-.->",
            (true, true) => "<-.->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            escape::ident("n_", &link.from),
            quoted(&super::link_caption(link)),
            escape::ident("n_", &link.to)
        );
    }
    write_classes(model, theme, &mut out);
    for style in zone_styles {
        let _ = writeln!(out, "  {style}");
    }
    out
}

/// One node declaration: its identifier and its name in the shape of its kind.
fn node(n: &Node) -> String {
    let (open, close) = match &n.kind {
        NodeKind::Client { .. } => ("([", "])"),
        NodeKind::Server { .. } => ("[", "]"),
        NodeKind::Peer { .. } => ("((", "))"),
        NodeKind::Gateway { .. } => ("{{", "}}"),
        NodeKind::Store {
            kind: StoreKind::Queue,
            ..
        } => ("[/", "/]"),
        NodeKind::Store { .. } => ("[(", ")]"),
        NodeKind::Cdn => ("[/", "\\]"),
        NodeKind::External => ("[[", "]]"),
        NodeKind::Actor => (">", "]"),
    };
    format!(
        "{}{open}\"{}\"{close}",
        escape::ident("n_", &n.id),
        quoted(&n.name)
    )
}

/// `classDef` per node kind in use, and the `class` lines assigning nodes to them.
fn write_classes(model: &Model, theme: &Theme, out: &mut String) {
    let mut by_kind: Vec<(&'static str, Vec<String>, &NodeKind)> = Vec::new();
    let mut nodes: Vec<&Node> = model.nodes().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    for n in nodes {
        let label = n.kind.label();
        let id = escape::ident("n_", &n.id);
        match by_kind.iter_mut().find(|(k, _, _)| *k == label) {
            Some((_, ids, _)) => ids.push(id),
            None => by_kind.push((label, vec![id], &n.kind)),
        }
    }
    by_kind.sort_by_key(|(k, _, _)| *k);
    for (label, ids, kind) in by_kind {
        let style = theme.node(kind);
        let _ = writeln!(
            out,
            "  classDef {label} fill:{},stroke:{},color:{}",
            style.fill.to_hex(),
            style.stroke.to_hex(),
            theme.text.to_hex()
        );
        let _ = writeln!(out, "  class {} {label}", ids.join(","));
    }
}

/// Text for inside a Mermaid double-quoted label: one line, elided, and every character Mermaid
/// or the HTML it renders to would interpret (quotes, markup, entities, backticks for Markdown
/// strings, `%` for directives) written as a `#NN;` entity code.
pub fn quoted(text: &str) -> String {
    let mut out = String::new();
    for c in escape::label(text).chars() {
        match c {
            '"' => out.push_str("#34;"),
            '#' => out.push_str("#35;"),
            // Mermaid strips `%%{…}%%` directives and `%%` comments anywhere in the text.
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_codes_everything_mermaid_reads() {
        assert_eq!(
            quoted("a \"b\" <c> & #d `e`"),
            "a #34;b#34; #60;c#62; #38; #35;d #96;e#96;"
        );
        assert_eq!(quoted("two\nlines"), "two lines");
        assert_eq!(quoted("%%{init: {}}%%"), "#37;#37;{init: {}}#37;#37;");
    }
}
