//! Mermaid flowcharts: subgraphs become trust zones (nested as written), node shapes and
//! `class` lines kinds, arrows links (dotted means unencrypted, `<-->` both ways), and a link
//! caption `PROTOCOL · label` its protocol and label, as archmodel's own export writes them.
//!
//! Identifiers archmodel wrote (`n_orders_hdb`) give the ids back; others are replaced by slugs
//! of the labels. The parser reads the flowchart subset of Mermaid 11 line by line.

use std::collections::HashMap;

use super::builder::{Builder, protocol_from_name, zone_kind_from_name};
use super::{ImportError, Unmapped};
use crate::model::{
    ClientPlatform, GatewayRole, Link, Model, Node, NodeKind, Protocol, ServerRole, StoreKind,
    Thickness, Tls, TrustZone,
};
use crate::scene::Theme;

/// Most links one statement may make with `&` groups.
const MAX_PAIRS: usize = 10_000;

/// Imports a Mermaid flowchart.
pub fn import(text: &str) -> Result<(Model, Vec<Unmapped>), ImportError> {
    let (title, body, first_line) = front_matter(text);
    let mut lines = body
        .lines()
        .enumerate()
        .map(|(i, l)| (i + first_line, l.trim()));
    let header = lines
        .by_ref()
        .find(|(_, l)| !l.is_empty() && !l.starts_with("%%"));
    let Some((_, header)) = header else {
        return Err(ImportError::shape(
            "line 1",
            "expected `flowchart LR` or `graph TD`",
        ));
    };
    let keyword = header.split_whitespace().next().unwrap_or("");
    if keyword != "flowchart" && keyword != "graph" {
        return Err(ImportError::shape(
            "line 1",
            format!("expected `flowchart` or `graph`, found `{keyword}`"),
        ));
    }
    let mut chart = Chart::new(title.as_deref().unwrap_or("Imported flowchart"));
    for (n, line) in lines {
        for statement in statements(line) {
            chart.statement(n, statement.trim());
        }
    }
    chart.finish()
}

/// The statements of a line: split at `;` outside double quotes (entity codes such as `#34;`
/// sit inside quoted labels).
fn statements(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[start..]);
    out
}

/// Splits off YAML front matter (`---` … `---`), returning its `title`, the rest, and the
/// line number the rest starts at.
fn front_matter(text: &str) -> (Option<String>, &str, usize) {
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text.strip_prefix("---") else {
        return (None, text, 1);
    };
    let Some(end) = rest.find("\n---") else {
        return (None, text, 1);
    };
    let yaml = &rest[..end];
    let title = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_owned());
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map_or("", |(_, b)| b);
    (title, body, yaml.lines().count() + 3)
}

/// The flowchart as read so far.
struct Chart {
    b: Builder,
    /// Mermaid id → (model id, whether a shape declared it).
    nodes: HashMap<String, (String, bool)>,
    /// Open subgraphs, innermost last: Mermaid id and model id.
    open: Vec<(String, String)>,
    /// Kind hints from `class` lines, by Mermaid id.
    classes: HashMap<String, String>,
    /// Zone styles: Mermaid id → fill colour.
    fills: HashMap<String, String>,
    links: Vec<(usize, String, String, Arrow)>,
}

/// An arrow between two nodes.
#[derive(Debug, Clone, Default)]
struct Arrow {
    dotted: bool,
    both: bool,
    hidden: bool,
    caption: String,
    /// Both ends are identifiers archmodel's export wrote, so the caption starts with the protocol.
    ours: bool,
}

/// One node reference in a statement: its Mermaid id and, if declared there, shape and label.
struct NodeRef {
    id: String,
    shape: Option<(NodeKind, String)>,
}

impl Chart {
    fn new(title: &str) -> Self {
        Chart {
            b: Builder::new(title, ""),
            nodes: HashMap::new(),
            open: Vec::new(),
            classes: HashMap::new(),
            fills: HashMap::new(),
            links: Vec::new(),
        }
    }

    fn statement(&mut self, n: usize, s: &str) {
        let word = s.split_whitespace().next().unwrap_or("");
        match word {
            "" => {}
            w if w.starts_with("%%") => {}
            "subgraph" => self.subgraph(n, s["subgraph".len()..].trim()),
            "end" => {
                if self.open.pop().is_none() {
                    self.b.skip(format!("line {n}"), "`end` without a subgraph");
                }
            }
            "direction" | "classDef" | "accTitle" | "accDescr" | "accTitle:" | "accDescr:" => {}
            "class" => {
                let mut parts = s.split_whitespace().skip(1);
                if let (Some(ids), Some(class)) = (parts.next(), parts.next()) {
                    for id in ids.split(',') {
                        self.classes.insert(id.to_owned(), class.to_owned());
                    }
                }
            }
            "style" => {
                let mut parts = s.split_whitespace().skip(1);
                if let (Some(id), Some(style)) = (parts.next(), parts.next()) {
                    let fill = style
                        .split(',')
                        .find_map(|p| p.strip_prefix("fill:"))
                        .unwrap_or("");
                    self.fills.insert(id.to_owned(), fill.to_lowercase());
                }
            }
            "linkStyle" | "click" => self.b.skip(
                format!("line {n}"),
                format!("`{word}` has no place in the model"),
            ),
            _ => {
                if let Err(message) = self.chain(n, s) {
                    self.b.skip(format!("line {n}"), message);
                }
            }
        }
    }

    fn subgraph(&mut self, n: usize, rest: &str) {
        let (key, label) = match rest.find(['[', '"']) {
            Some(0) => (rest.to_owned(), unquote(rest)),
            Some(i) => (rest[..i].trim().to_owned(), unquote(rest[i..].trim())),
            None if rest.is_empty() => (format!("subgraph at line {n}"), "Zone".to_owned()),
            None => (rest.to_owned(), rest.to_owned()),
        };
        let label = decode(&label);
        let name = self.b.name(&label, "Zone");
        let preferred = unident("z_", &key);
        let id = self.b.id_for(preferred.as_deref(), &name, "zone");
        let (kind, trust) = zone_kind_from_name(&name);
        let mut zone = TrustZone::new(&id, &name, kind, trust);
        zone.parent = self.open.last().map(|(_, z)| z.clone());
        self.b.add_zone(&key, zone);
        self.open.push((key, id));
    }

    /// A statement of node references joined by arrows: `a --> b & c -.->|x| d`.
    fn chain(&mut self, n: usize, s: &str) -> Result<(), String> {
        let mut rest = s;
        let mut previous: Vec<String> = Vec::new();
        let mut pending: Option<Arrow> = None;
        loop {
            let mut group = Vec::new();
            loop {
                let (node, after) = node_ref(rest)?;
                group.push(self.declare(node));
                rest = after.trim_start();
                match rest.strip_prefix('&') {
                    Some(after) => rest = after.trim_start(),
                    None => break,
                }
            }
            if let Some(arrow) = pending.take() {
                // `a & b --> c & d` links every pair; a hostile line could ask for billions.
                if previous.len().saturating_mul(group.len()) > MAX_PAIRS {
                    return Err(format!("more than {MAX_PAIRS} links on one line"));
                }
                for from in &previous {
                    for to in &group {
                        let mut arrow = arrow.clone();
                        arrow.ours = unident("n_", from).is_some() && unident("n_", to).is_some();
                        self.links.push((n, from.clone(), to.clone(), arrow));
                    }
                }
            }
            if rest.is_empty() {
                return Ok(());
            }
            let (arrow, after) = arrow(rest)?;
            pending = Some(arrow);
            previous = group;
            rest = after.trim_start();
        }
    }

    /// Declares a node (or adds its shape if it was only referenced); returns its Mermaid id.
    fn declare(&mut self, node: NodeRef) -> String {
        let known = self.nodes.get(&node.id).cloned();
        match (known, node.shape) {
            (Some((_, true)), _) | (Some(_), None) => {}
            (Some((model_id, false)), Some((kind, label))) => {
                let name = self.b.name(&decode(&label), &node.id);
                if let Some(n) = self.b.node_mut(&model_id) {
                    n.kind = kind;
                    n.name = name;
                }
                self.nodes.insert(node.id.clone(), (model_id, true));
            }
            (None, shape) => {
                let declared = shape.is_some();
                let (kind, label) = shape.unwrap_or_else(|| (server(), node.id.clone()));
                let name = self.b.name(&decode(&label), &node.id);
                let preferred = unident("n_", &node.id);
                let id = self.b.id_for(preferred.as_deref(), &name, "node");
                let mut model_node = Node::new(&id, &name, kind);
                model_node.zone = self.open.last().map(|(_, z)| z.clone());
                self.b.add_node(&node.id, model_node, None);
                self.nodes.insert(node.id.clone(), (id, declared));
            }
        }
        node.id
    }

    fn finish(mut self) -> Result<(Model, Vec<Unmapped>), ImportError> {
        if !self.open.is_empty() {
            self.b
                .skip("end of file", "a subgraph is not closed with `end`");
        }
        self.apply_classes();
        self.apply_fills();
        let links = std::mem::take(&mut self.links);
        for (n, from, to, arrow) in links {
            let (Some(from), Some(to)) = (self.model_id(&from), self.model_id(&to)) else {
                continue;
            };
            if arrow.hidden {
                self.b
                    .skip(format!("line {n}"), "invisible link (`~~~`) left out");
                continue;
            }
            if from == to {
                self.b
                    .skip(format!("line {n}"), "link from a node to itself left out");
                continue;
            }
            let (protocol, label) = caption(&arrow.caption, arrow.ours);
            let id = self.b.link_id("", &from, &to);
            let mut link = Link::new(id, from, to);
            link.tls = if arrow.dotted { Tls::None } else { Tls::Tls13 };
            link.protocol = protocol;
            link.label = label;
            link.bidirectional = arrow.both;
            self.b.add_link(link);
        }
        self.b.skip(
            "flowchart",
            "Mermaid carries names, shapes, zones and arrows only: node details, TLS versions, \
             authentication, data and contracts are left at their defaults",
        );
        self.b.finish()
    }

    fn model_id(&self, mermaid: &str) -> Option<String> {
        self.nodes.get(mermaid).map(|(id, _)| id.clone())
    }

    /// `class` lines naming a node kind (`client`, `store`, …) refine the kind the shape gave.
    fn apply_classes(&mut self) {
        for (mermaid, class) in std::mem::take(&mut self.classes) {
            let Some(id) = self.model_id(&mermaid) else {
                continue;
            };
            let Some(node) = self.b.node_mut(&id) else {
                continue;
            };
            if node.kind.label() == class {
                continue;
            }
            node.kind = match class.as_str() {
                "client" => client(),
                "server" => server(),
                "peer" => NodeKind::Peer {
                    platform: ClientPlatform::Desktop,
                },
                "gateway" => NodeKind::Gateway {
                    role: GatewayRole::ApiGateway,
                },
                "store" => store(StoreKind::Relational),
                "cdn" => NodeKind::Cdn,
                "external" => NodeKind::External,
                "actor" => NodeKind::Actor,
                _ => continue,
            };
        }
    }

    /// Zone fills archmodel wrote give the trust level back (the theme colours it by trust).
    fn apply_fills(&mut self) {
        let themes = [Theme::light(), Theme::dark()];
        for (mermaid, fill) in std::mem::take(&mut self.fills) {
            let trust = (0..=3u8).find(|&t| {
                themes.iter().any(|theme| {
                    let f = theme.zone(t).fill;
                    fill == format!("{}{:02x}", f.to_hex(), f.a)
                })
            });
            let (Some(trust), Some(id)) = (trust, self.b.id_of(&mermaid).map(str::to_owned)) else {
                continue;
            };
            self.b.set_zone_trust(&id, trust);
        }
    }
}

fn client() -> NodeKind {
    NodeKind::Client {
        platform: ClientPlatform::Web,
        thickness: Thickness::Thin,
        offline_first: false,
    }
}

fn server() -> NodeKind {
    NodeKind::Server {
        role: ServerRole::Api,
    }
}

fn store(kind: StoreKind) -> NodeKind {
    NodeKind::Store {
        kind,
        encrypted_at_rest: false,
    }
}

/// Protocol and label from a caption `PROTOCOL · label`. Without the separator, archmodel's
/// captions are a protocol; in other charts a known protocol name is one, other text a label
/// on an HTTPS link.
fn caption(text: &str, ours: bool) -> (Protocol, String) {
    let text = text.trim();
    if text.is_empty() {
        return (Protocol::Https, String::new());
    }
    if let Some((p, label)) = text.split_once(" · ")
        && let Some(protocol) = protocol_from_name(p)
    {
        return (protocol, label.trim().to_owned());
    }
    match protocol_from_name(text) {
        Some(Protocol::Custom(_)) if !ours => {}
        Some(protocol) => return (protocol, String::new()),
        None => {}
    }
    (Protocol::Https, text.to_owned())
}

/// The shapes, longest opening first, with their closing sequence and the kind they mean in
/// archmodel's export.
const SHAPES: [(&str, &str, u8); 13] = [
    ("(((", ")))", 2),
    ("([", "])", 0),
    ("((", "))", 2),
    ("[(", ")]", 4),
    ("[[", "]]", 6),
    ("[/", "/]", 5),
    ("[/", "\\]", 7),
    ("[\\", "\\]", 1),
    ("{{", "}}", 3),
    ("(", ")", 1),
    ("[", "]", 1),
    ("{", "}", 1),
    (">", "]", 8),
];

fn shape_kind(code: u8) -> NodeKind {
    match code {
        0 => client(),
        2 => NodeKind::Peer {
            platform: ClientPlatform::Desktop,
        },
        3 => NodeKind::Gateway {
            role: GatewayRole::ApiGateway,
        },
        4 => store(StoreKind::Relational),
        5 => store(StoreKind::Queue),
        6 => NodeKind::External,
        7 => NodeKind::Cdn,
        8 => NodeKind::Actor,
        _ => server(),
    }
}

/// Reads a node reference (`id`, `id["label"]`, `id([label])`, …) at the start of `s`.
fn node_ref(s: &str) -> Result<(NodeRef, &str), String> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    if end == 0 {
        let shown: String = s.chars().take(20).collect();
        return Err(format!("expected a node id at `{shown}`"));
    }
    let (id, rest) = s.split_at(end);
    let node = |shape| NodeRef {
        id: id.to_owned(),
        shape,
    };
    if rest.starts_with("@{") {
        return Err("the `@{ shape: … }` syntax is not read; use the classic shapes".into());
    }
    for (open, close, code) in SHAPES {
        let Some(inner) = rest.strip_prefix(open) else {
            continue;
        };
        let (label, after) = if let Some(quoted) = inner.strip_prefix('"') {
            let Some(q) = quoted.find('"') else {
                return Err(format!("the label of `{id}` has no closing quote"));
            };
            let after = &quoted[q + 1..];
            match after.strip_prefix(close) {
                Some(after) => (quoted[..q].to_owned(), after),
                None => continue,
            }
        } else {
            match inner.find(close) {
                Some(c) => (inner[..c].trim().to_owned(), &inner[c + close.len()..]),
                None => continue,
            }
        };
        return Ok((node(Some((shape_kind(code), label))), after));
    }
    Ok((node(None), rest))
}

/// Reads an arrow (`-->`, `-.->`, `<-->`, `==>`, `---`, `-- text -->`, with `|label|`).
fn arrow(s: &str) -> Result<(Arrow, &str), String> {
    let mut arrow = Arrow::default();
    let mut rest = s;
    if let Some(r) = rest.strip_prefix('<') {
        arrow.both = true;
        rest = r;
    }
    let body_end = rest
        .find(|c: char| !matches!(c, '-' | '.' | '=' | '~'))
        .unwrap_or(rest.len());
    let body = &rest[..body_end];
    if body.len() < 2 {
        let shown: String = s.chars().take(20).collect();
        return Err(format!("expected an arrow at `{shown}`"));
    }
    rest = &rest[body_end..];
    let circle_or_cross = rest.starts_with(['o', 'x'])
        && rest[1..].starts_with(|c: char| c.is_whitespace() || c == '|');
    if rest.starts_with('>') || circle_or_cross {
        rest = &rest[1..];
    } else if matches!(body, "--" | "-." | "==") && rest.starts_with(char::is_whitespace) {
        // `-- text -->`: the caption sits inside the arrow.
        let closers = ["-->", "---", ".->", "-.-", "==>", "==="];
        let found = closers
            .iter()
            .filter_map(|c| rest.find(c).map(|i| (i, *c)))
            .min();
        let Some((i, closer)) = found else {
            return Err("an arrow with text is not closed (`-- text -->`)".into());
        };
        arrow.caption = decode(rest[..i].trim());
        arrow.dotted = body.contains('.') || closer.contains('.');
        rest = &rest[i + closer.len()..];
        if let Some(r) = rest.strip_prefix('>') {
            rest = r;
        }
        return Ok((arrow, rest));
    }
    arrow.dotted = body.contains('.');
    arrow.hidden = body.contains('~');
    let trimmed = rest.trim_start();
    if let Some(label) = trimmed.strip_prefix('|') {
        let Some(end) = label.find('|') else {
            return Err("a link label has no closing `|`".into());
        };
        arrow.caption = decode(&unquote(label[..end].trim()));
        rest = &label[end + 1..];
    }
    Ok((arrow, rest))
}

/// The text of a label: brackets and quotes around it removed.
fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s)
        .trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
        .to_owned()
}

/// Mermaid entity codes (`#35;`, `#quot;`) decoded.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let code = after
            .find(';')
            .map(|e| &after[..e])
            .filter(|c| c.len() <= 8);
        let ch = code.and_then(|c| match c {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some(' '),
            c => c.parse::<u32>().ok().and_then(char::from_u32),
        });
        match (code, ch) {
            (Some(c), Some(ch)) => {
                out.push(ch);
                rest = &after[c.len() + 1..];
            }
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The model id behind an identifier archmodel's export wrote (`n_orders_hdb` → `orders-db`),
/// or `None` when it is not one.
fn unident(prefix: &str, ident: &str) -> Option<String> {
    let body = ident.strip_prefix(prefix)?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '_' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '_' => out.push('_'),
            'h' => out.push('-'),
            'd' => out.push('.'),
            _ => return None,
        }
    }
    crate::model::is_valid_id(&out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::escape::ident;

    #[test]
    fn identifiers_come_back_as_ids() {
        for id in ["orders-db", "a_b", "v1.2", "x_h"] {
            assert_eq!(unident("n_", &ident("n_", id)).as_deref(), Some(id));
        }
        assert_eq!(unident("n_", "A"), None);
        assert_eq!(unident("n_", "n_a_q"), None);
    }

    #[test]
    fn entity_codes_are_decoded() {
        assert_eq!(decode("a #34;b#34; #35;c #38; #x; #"), "a \"b\" #c & #x; #");
    }

    #[test]
    fn arrows_and_labels_are_read() {
        let (a, rest) = arrow("-.->|\"HTTP · orders\"| B").unwrap();
        assert!(a.dotted && !a.both);
        assert_eq!(a.caption, "HTTP · orders");
        assert_eq!(rest.trim(), "B");
        let (a, rest) = arrow("<--> B").unwrap();
        assert!(a.both);
        assert_eq!(rest.trim(), "B");
        let (a, rest) = arrow("-- calls --> B").unwrap();
        assert_eq!(a.caption, "calls");
        assert_eq!(rest.trim(), "B");
        assert!(arrow("B").is_err());
    }

    #[test]
    fn captions_split_into_protocol_and_label() {
        assert_eq!(
            caption("gRPC · sync", false),
            (Protocol::Grpc, "sync".into())
        );
        assert_eq!(caption("MQTT", false), (Protocol::Mqtt, String::new()));
        assert_eq!(
            caption("reads orders", false),
            (Protocol::Https, "reads orders".into())
        );
        assert_eq!(
            caption("Postgres wire", true),
            (Protocol::Custom("Postgres wire".into()), String::new())
        );
    }
}
