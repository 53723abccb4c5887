//! Structurizr DSL, the common subset: people become actors, software systems without
//! containers nodes (with containers a zone around them), containers nodes, relationships
//! links (protocol from the technology), groups and deployment nodes zones (containers take the
//! zone of the deployment node their instance runs in). Views, styles and the rest are ignored.
//!
//! Grammar as documented at <https://docs.structurizr.com/dsl/language>: one statement per line,
//! `identifier = keyword "name" "description" "technology" "tags" {`, `a -> b "description"
//! "technology"`, blocks closed by `}`.

use std::collections::HashMap;

use super::builder::{Builder, kind_from_words, protocol_from_name, zone_kind_from_name};
use super::{ImportError, Unmapped};
use crate::model::{Link, Model, Node, NodeKind, Protocol, ServerRole, Tls, TrustZone};

/// Imports a Structurizr DSL workspace.
pub fn import(text: &str) -> Result<(Model, Vec<Unmapped>), ImportError> {
    let lines = tokenize(text)?;
    let mut w = Workspace::default();
    w.read(&lines)?;
    w.build()
}

/// A token of the DSL.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
    Assign,
    Arrow,
}

/// The statements of the file: line number and tokens.
fn tokenize(text: &str) -> Result<Vec<(usize, Vec<Token>)>, ImportError> {
    let mut lines = Vec::new();
    let mut current = Vec::new();
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    let mut in_block_comment = false;
    while let Some((_, c)) = chars.next() {
        if in_block_comment {
            if c == '\n' {
                line += 1;
            } else if c == '*' && chars.peek().is_some_and(|&(_, n)| n == '/') {
                chars.next();
                in_block_comment = false;
            }
            continue;
        }
        match c {
            '\n' => {
                if !current.is_empty() {
                    lines.push((line, std::mem::take(&mut current)));
                }
                line += 1;
            }
            c if c.is_whitespace() => {}
            '{' => current.push(Token::Open),
            '}' => {
                // A closing brace ends the statement before it and is a statement of its own.
                if !current.is_empty() {
                    lines.push((line, std::mem::take(&mut current)));
                }
                lines.push((line, vec![Token::Close]));
            }
            '=' => current.push(Token::Assign),
            '#' if current.is_empty() => skip_line(&mut chars),
            '/' if chars.peek().is_some_and(|&(_, n)| n == '/') => skip_line(&mut chars),
            '/' if chars.peek().is_some_and(|&(_, n)| n == '*') => {
                chars.next();
                in_block_comment = true;
            }
            '-' if chars.peek().is_some_and(|&(_, n)| n == '>') => {
                chars.next();
                current.push(Token::Arrow);
            }
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => {
                            if let Some((_, n)) = chars.next() {
                                s.push(n);
                            }
                        }
                        Some((_, '\n')) | None => {
                            return Err(ImportError::shape(
                                format!("line {line}"),
                                "a quoted string is not closed on its line",
                            ));
                        }
                        Some((_, ch)) => s.push(ch),
                    }
                }
                current.push(Token::Text(s));
            }
            c => {
                let mut w = String::from(c);
                while let Some(&(_, n)) = chars.peek() {
                    if n.is_whitespace() || matches!(n, '{' | '}' | '=' | '"') {
                        break;
                    }
                    if n == '-' && w.ends_with('-') {
                        break;
                    }
                    w.push(n);
                    chars.next();
                }
                // `a->b` written without spaces.
                match w.split_once("->") {
                    Some((a, b)) => {
                        if !a.is_empty() {
                            current.push(Token::Word(a.to_owned()));
                        }
                        current.push(Token::Arrow);
                        if !b.is_empty() {
                            current.push(Token::Word(b.to_owned()));
                        }
                    }
                    None => current.push(Token::Word(w)),
                }
            }
        }
    }
    if !current.is_empty() {
        lines.push((line, current));
    }
    Ok(lines)
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    while let Some(&(_, n)) = chars.peek() {
        if n == '\n' {
            break;
        }
        chars.next();
    }
}

/// A block the reader is inside.
#[derive(Debug, Clone)]
enum Scope {
    /// `workspace`, `model`, `enterprise`, or a block whose content is ignored.
    Plain { ignored: bool },
    /// A software system: index into `elements`.
    System(usize),
    /// A container or person: index into `elements`.
    Element(usize),
    /// A group or deployment node: index into `zones`.
    Zone(usize),
    /// A deployment environment (only the first is read).
    Environment { read: bool },
}

/// A person, system or container as read.
#[derive(Debug)]
struct Element {
    ident: Option<String>,
    keyword: String,
    name: String,
    description: String,
    technology: String,
    tags: String,
    zone: Option<usize>,
    system: Option<usize>,
    has_containers: bool,
}

/// A group or deployment node.
#[derive(Debug)]
struct Zone {
    name: String,
    parent: Option<usize>,
    deployment: bool,
}

#[derive(Default)]
struct Workspace {
    name: String,
    description: String,
    elements: Vec<Element>,
    zones: Vec<Zone>,
    /// Identifier (and hierarchical `a.b` form) → element index.
    idents: HashMap<String, usize>,
    /// Line, from, to, description, technology.
    relations: Vec<(usize, String, String, String, String)>,
    /// Element index → deployment zone from an instance.
    placed: Vec<(usize, usize, usize)>,
    skipped: Vec<Unmapped>,
}

impl Workspace {
    fn skip(&mut self, line: usize, reason: impl Into<String>) {
        self.skipped.push(Unmapped {
            source: format!("line {line}"),
            reason: reason.into(),
        });
    }

    fn read(&mut self, lines: &[(usize, Vec<Token>)]) -> Result<(), ImportError> {
        let mut stack: Vec<Scope> = Vec::new();
        let mut seen_environment = false;
        for (n, tokens) in lines {
            let n = *n;
            if tokens == &[Token::Close] {
                if stack.pop().is_none() {
                    return Err(ImportError::shape(
                        format!("line {n}"),
                        "`}` without a block",
                    ));
                }
                continue;
            }
            let opens = tokens.last() == Some(&Token::Open);
            let body = if opens {
                &tokens[..tokens.len() - 1]
            } else {
                &tokens[..]
            };
            let ignored = stack
                .iter()
                .any(|s| matches!(s, Scope::Plain { ignored: true }))
                || stack
                    .iter()
                    .any(|s| matches!(s, Scope::Environment { read: false }));
            if stack.is_empty() {
                match body.first() {
                    Some(Token::Word(w)) if w == "workspace" => {
                        let texts = texts(&body[1..]);
                        self.name = texts.first().cloned().unwrap_or_default();
                        self.description = texts.get(1).cloned().unwrap_or_default();
                    }
                    Some(Token::Word(w)) if w.starts_with('!') => {
                        self.skip(n, format!("`{w}` is not read"));
                        continue;
                    }
                    _ => {
                        return Err(ImportError::shape(
                            format!("line {n}"),
                            "expected `workspace {` first",
                        ));
                    }
                }
                if opens {
                    stack.push(Scope::Plain { ignored: false });
                }
                continue;
            }
            let scope = if ignored {
                Scope::Plain { ignored: true }
            } else {
                self.statement(n, body, &stack, &mut seen_environment)
            };
            if opens {
                stack.push(scope);
            }
        }
        if !stack.is_empty() {
            self.skip(
                lines.last().map_or(1, |l| l.0),
                "a block is not closed with `}`",
            );
        }
        Ok(())
    }

    /// Reads one statement; returns the scope a block it opens would be.
    fn statement(
        &mut self,
        n: usize,
        body: &[Token],
        stack: &[Scope],
        seen_environment: &mut bool,
    ) -> Scope {
        let (ident, rest) = match body {
            [Token::Word(id), Token::Assign, rest @ ..] => (Some(id.clone()), rest),
            _ => (None, body),
        };
        let current_element = stack.iter().rev().find_map(|s| match s {
            Scope::System(i) | Scope::Element(i) => Some(*i),
            _ => None,
        });
        let zone = stack.iter().rev().find_map(|s| match s {
            Scope::Zone(z) => Some(*z),
            _ => None,
        });
        if let Some(arrow) = rest.iter().position(|t| *t == Token::Arrow) {
            let from = match rest[..arrow].first() {
                Some(Token::Word(w)) if w != "this" => Some(w.clone()),
                _ => current_element.and_then(|e| self.elements[e].ident.clone()),
            };
            let to = match rest.get(arrow + 1) {
                Some(Token::Word(w)) => Some(w.clone()),
                _ => None,
            };
            let t = texts(&rest[arrow + 1..]);
            match (from, to) {
                (Some(from), Some(to)) => self.relations.push((
                    n,
                    from,
                    to,
                    t.first().cloned().unwrap_or_default(),
                    t.get(1).cloned().unwrap_or_default(),
                )),
                _ => self.skip(n, "relationship without two identified ends"),
            }
            return Scope::Plain { ignored: true };
        }
        let Some(Token::Word(keyword)) = rest.first() else {
            self.skip(n, "statement not understood");
            return Scope::Plain { ignored: true };
        };
        let keyword = keyword.to_lowercase();
        let t = texts(&rest[1..]);
        let text = |i: usize| t.get(i).cloned().unwrap_or_default();
        let in_environment = stack.iter().any(|s| matches!(s, Scope::Environment { .. }));
        match keyword.as_str() {
            "model" | "enterprise" => Scope::Plain { ignored: false },
            "views" | "styles" | "configuration" | "properties" | "perspectives" | "docs"
            | "adrs" | "terminology" | "branding" | "users" | "theme" | "themes" => {
                Scope::Plain { ignored: true }
            }
            "description" | "technology" | "tags" | "tag" | "url" => Scope::Plain { ignored: true },
            "person" | "softwaresystem" | "container" if !in_environment => {
                let system = stack.iter().rev().find_map(|s| match s {
                    Scope::System(i) => Some(*i),
                    _ => None,
                });
                if keyword == "container"
                    && let Some(s) = system
                {
                    self.elements[s].has_containers = true;
                }
                let (technology, tags) = if keyword == "container" {
                    (text(2), text(3))
                } else {
                    (String::new(), text(2))
                };
                let i = self.elements.len();
                self.elements.push(Element {
                    ident: ident.clone(),
                    keyword: keyword.clone(),
                    name: text(0),
                    description: text(1),
                    technology,
                    tags,
                    zone,
                    system: if keyword == "container" { system } else { None },
                    has_containers: false,
                });
                if let Some(id) = &ident {
                    self.idents.insert(id.clone(), i);
                    if let Some(parent) = system.and_then(|s| self.elements[s].ident.clone()) {
                        self.idents.insert(format!("{parent}.{id}"), i);
                    }
                }
                if keyword == "softwaresystem" {
                    Scope::System(i)
                } else {
                    Scope::Element(i)
                }
            }
            "component" => {
                self.skip(
                    n,
                    format!("component `{}` is finer than a node; left out", text(0)),
                );
                Scope::Plain { ignored: true }
            }
            "group" => self.zone(text(0), zone, false),
            "deploymentenvironment" => {
                let read = !*seen_environment;
                if !read {
                    self.skip(
                        n,
                        format!(
                            "deployment environment `{}` left out: only the first is read",
                            text(0)
                        ),
                    );
                }
                *seen_environment = true;
                Scope::Environment { read }
            }
            "deploymentnode" => self.zone(text(0), zone, true),
            "containerinstance" | "softwaresysteminstance" => {
                let target = match rest.get(1) {
                    Some(Token::Word(w)) => self.lookup(w),
                    _ => None,
                };
                match (target, zone) {
                    (Some(e), Some(z)) => self.placed.push((n, e, z)),
                    _ => self.skip(n, format!("`{keyword}` of an unknown element")),
                }
                Scope::Plain { ignored: true }
            }
            "infrastructurenode" => {
                let i = self.elements.len();
                self.elements.push(Element {
                    ident: ident.clone(),
                    keyword: keyword.clone(),
                    name: text(0),
                    description: text(1),
                    technology: text(2),
                    tags: text(3),
                    zone,
                    system: None,
                    has_containers: false,
                });
                if let Some(id) = ident {
                    self.idents.insert(id, i);
                }
                Scope::Element(i)
            }
            other => {
                self.skip(n, format!("`{other}` is not read"));
                Scope::Plain { ignored: true }
            }
        }
    }

    fn zone(&mut self, name: String, parent: Option<usize>, deployment: bool) -> Scope {
        self.zones.push(Zone {
            name,
            parent,
            deployment,
        });
        Scope::Zone(self.zones.len() - 1)
    }

    fn lookup(&self, ident: &str) -> Option<usize> {
        self.idents.get(ident).copied().or_else(|| {
            let last = ident.rsplit('.').next()?;
            self.idents.get(last).copied()
        })
    }

    fn build(self) -> Result<(Model, Vec<Unmapped>), ImportError> {
        let name = if self.name.is_empty() {
            "Imported workspace"
        } else {
            &self.name
        };
        let mut b = Builder::new(name, &self.description);
        for s in &self.skipped {
            b.skip(s.source.clone(), s.reason.clone());
        }
        let mut zone_ids: Vec<String> = Vec::with_capacity(self.zones.len());
        for (i, z) in self.zones.iter().enumerate() {
            let fallback = if z.deployment {
                "Deployment node"
            } else {
                "Group"
            };
            let name = b.name(&z.name, fallback);
            let id = b.id_for(None, &name, "zone");
            let (kind, trust) = zone_kind_from_name(&name);
            let mut zone = TrustZone::new(&id, &name, kind, trust);
            // Zones are listed parents first, so the parent's id is already known.
            zone.parent = z.parent.and_then(|p| zone_ids.get(p).cloned());
            b.add_zone(&format!("zone {i}"), zone);
            zone_ids.push(id);
        }
        // Systems with containers are drawn as a zone around them.
        let mut system_zone: HashMap<usize, String> = HashMap::new();
        for (i, e) in self.elements.iter().enumerate() {
            if e.keyword != "softwaresystem" || !e.has_containers {
                continue;
            }
            let name = b.name(&e.name, "Software system");
            let id = b.id_for(None, &name, "zone");
            let mut zone = TrustZone::new(&id, &name, crate::model::ZoneKind::Internal, 2);
            zone.description = e.description.clone();
            zone.parent = e.zone.and_then(|z| zone_ids.get(z).cloned());
            b.add_zone(&format!("system {i}"), zone);
            system_zone.insert(i, id);
        }
        let mut node_ids: HashMap<usize, String> = HashMap::new();
        for (i, e) in self.elements.iter().enumerate() {
            if system_zone.contains_key(&i) {
                continue;
            }
            let name = b.name(&e.name, "Unnamed");
            let id = b.id_for(None, &name, "node");
            let mut node = Node::new(&id, &name, element_kind(e));
            node.description = e.description.clone();
            if !e.technology.is_empty() {
                node.technology = Some(e.technology.clone());
            }
            node.zone = e
                .zone
                .and_then(|z| zone_ids.get(z).cloned())
                .or_else(|| e.system.and_then(|s| system_zone.get(&s).cloned()));
            b.add_node(&format!("element {i}"), node, None);
            node_ids.insert(i, id);
        }
        let mut containers: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, e) in self.elements.iter().enumerate() {
            if let Some(s) = e.system {
                containers.entry(s).or_default().push(i);
            }
        }
        for (n, e, z) in &self.placed {
            let targets: Vec<usize> = if system_zone.contains_key(e) {
                containers.get(e).cloned().unwrap_or_default()
            } else {
                vec![*e]
            };
            for t in targets {
                let (Some(id), Some(zone)) = (node_ids.get(&t), zone_ids.get(*z)) else {
                    continue;
                };
                let Some(node) = b.node_mut(id) else {
                    continue;
                };
                let before = node.zone.replace(zone.clone());
                if let Some(before) = before.filter(|b| b != zone) {
                    let what = node.name.clone();
                    b.skip(
                        format!("line {n}"),
                        format!("`{what}` runs in `{zone}`; its zone `{before}` is replaced"),
                    );
                }
            }
        }
        for (n, from, to, description, technology) in &self.relations {
            let ends = (
                self.lookup(from).and_then(|i| node_ids.get(&i)),
                self.lookup(to).and_then(|i| node_ids.get(&i)),
            );
            let (Some(a), Some(c)) = ends else {
                b.skip(
                    format!("line {n}"),
                    format!("relationship `{from} -> {to}` does not join two people, systems or containers (a system with containers is a zone here)"),
                );
                continue;
            };
            if a == c {
                b.skip(
                    format!("line {n}"),
                    "relationship from an element to itself left out",
                );
                continue;
            }
            let protocol = technology
                .split(|c: char| c == '/' || c == ',' || c.is_whitespace() || c == '+')
                .filter_map(protocol_from_name)
                .find(|p| !matches!(p, Protocol::Custom(_)));
            let id = b.link_id("", a, c);
            let mut link = Link::new(id, a.clone(), c.clone());
            link.label = description.clone();
            match protocol {
                Some(p) => {
                    link.tls = if p == Protocol::Http {
                        Tls::None
                    } else {
                        Tls::Tls13
                    };
                    link.protocol = p;
                }
                None if technology.is_empty() => {}
                None => link.protocol = Protocol::Custom(technology.clone()),
            }
            b.add_link(link);
        }
        b.finish()
    }
}

/// The node kind of an element: people are actors, systems tagged or named external are
/// external, containers and infrastructure nodes by their technology, name and tags.
fn element_kind(e: &Element) -> NodeKind {
    let words = format!("{} {} {}", e.technology, e.tags, e.name);
    match e.keyword.as_str() {
        "person" => NodeKind::Actor,
        "softwaresystem" => {
            let lower = words.to_lowercase();
            if lower.contains("external") || lower.contains("existing") {
                NodeKind::External
            } else {
                kind_from_words(&words).unwrap_or(NodeKind::Server {
                    role: ServerRole::Api,
                })
            }
        }
        _ => kind_from_words(&words).unwrap_or(NodeKind::Server {
            role: ServerRole::Api,
        }),
    }
}

/// The quoted strings of a statement, in order.
fn texts(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match t {
            Token::Text(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_statements_and_arrows() {
        let lines = tokenize("a->b \"x \\\"y\\\"\" // note\n}").unwrap();
        assert_eq!(
            lines[0].1,
            vec![
                Token::Word("a".into()),
                Token::Arrow,
                Token::Word("b".into()),
                Token::Text("x \"y\"".into())
            ]
        );
        assert_eq!(lines[1].1, vec![Token::Close]);
        assert!(tokenize("a = person \"open").is_err());
    }
}
