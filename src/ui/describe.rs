//! Words for a model element: what tooltips and the status bar say about it.

use crate::model::{Authn, Model, Tls};
use crate::scene::{ElementKind, ElementRef};

/// A short description of one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The element's name (for links: "from → to").
    pub title: String,
    /// What it is ("Node · API gateway", "Link · HTTPS", "Zone · DMZ, trust 1").
    pub kind: String,
    /// Further facts, one per line (description, protocol details, …).
    pub lines: Vec<String>,
}

/// Describes the element, or `None` if the model has no such element.
pub fn summary(model: &Model, element: &ElementRef) -> Option<Summary> {
    match element.kind {
        ElementKind::Node => node(model, &element.id),
        ElementKind::Link => link(model, &element.id),
        ElementKind::Zone => zone(model, &element.id),
    }
}

fn node(model: &Model, id: &str) -> Option<Summary> {
    let n = model.node(id)?;
    let mut lines = Vec::new();
    if let Some(t) = n.technology.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(format!("Technology: {t}"));
    }
    if let Some(z) = n.zone.as_deref().and_then(|z| model.zone(z)) {
        lines.push(format!("In zone: {}", z.name));
    }
    if n.replicas > 1 {
        lines.push(format!("{} replicas", n.replicas));
    }
    push_description(&mut lines, &n.description);
    Some(Summary {
        title: n.name.clone(),
        kind: format!("Node · {}", super::wording::kind_name(&n.kind)),
        lines,
    })
}

fn link(model: &Model, id: &str) -> Option<Summary> {
    let l = model.link(id)?;
    let name = |id: &str| model.node(id).map_or(id.to_owned(), |n| n.name.clone());
    let arrow = if l.bidirectional { "↔" } else { "→" };
    let mut lines = vec![format!(
        "TLS: {}, authentication: {}",
        tls(l.tls),
        authn(&l.authn)
    )];
    let crossed = model.boundaries_crossed(l);
    if !crossed.is_empty() {
        let names: Vec<&str> = crossed.iter().map(|z| z.name.as_str()).collect();
        lines.push(format!("Crosses: {}", names.join(", ")));
    }
    if l.is_plaintext() {
        lines.push("Traffic is not encrypted".into());
    }
    push_description(&mut lines, &l.label);
    Some(Summary {
        title: format!("{} {arrow} {}", name(&l.from), name(&l.to)),
        kind: format!("Link · {}", l.protocol.label()),
        lines,
    })
}

fn zone(model: &Model, id: &str) -> Option<Summary> {
    let z = model.zone(id)?;
    let mut lines = Vec::new();
    if let Some(p) = z.parent.as_deref().and_then(|p| model.zone(p)) {
        lines.push(format!("Inside: {}", p.name));
    }
    push_description(&mut lines, &z.description);
    Some(Summary {
        title: z.name.clone(),
        kind: format!("Zone · {}, trust {}", z.kind.label(), z.trust),
        lines,
    })
}

fn push_description(lines: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        lines.push(text.to_owned());
    }
}

fn tls(t: Tls) -> &'static str {
    match t {
        Tls::None => "none",
        Tls::Tls12 => "1.2",
        Tls::Tls13 => "1.3",
        Tls::Mutual => "mutual",
    }
}

fn authn(a: &Authn) -> &str {
    match a {
        Authn::None => "none",
        Authn::Session => "session",
        Authn::Token => "token",
        Authn::ApiKey => "API key",
        Authn::Mtls => "mTLS",
        Authn::Custom(name) => name,
    }
}
