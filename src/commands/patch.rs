//! A patch: the before and after state of every element an edit touches. Its inverse swaps the two,
//! so undo is exact by construction.

use crate::model::{
    ClientRelease, Contract, Decision, EditError, Link, Model, Node, Point, Settings, Triage,
    TrustZone,
};

/// One element's state before and after an edit (`None`: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Delta<T> {
    /// The state before the edit.
    pub before: Option<T>,
    /// The state after the edit.
    pub after: Option<T>,
}

impl<T> Delta<T> {
    /// A delta from `before` to `after`.
    pub fn new(before: Option<T>, after: Option<T>) -> Self {
        Self { before, after }
    }

    fn swap(self) -> Self {
        Self {
            before: self.after,
            after: self.before,
        }
    }
}

/// The model-wide fields that are not elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The model's title.
    pub name: String,
    /// What the system is.
    pub description: String,
    /// Review thresholds.
    pub settings: Settings,
    /// Space between a zone's members and its border.
    pub zone_padding: f32,
}

impl Meta {
    /// The current model-wide fields of `model`.
    pub fn of(model: &Model) -> Self {
        Self {
            name: model.name.clone(),
            description: model.description.clone(),
            settings: model.settings.clone(),
            zone_padding: model.layout.zone_padding,
        }
    }
}

/// A change to one element (or to the model-wide fields).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A node added, removed or changed.
    Node(Delta<Node>),
    /// A link added, removed or changed.
    Link(Delta<Link>),
    /// A trust zone added, removed or changed.
    Zone(Delta<TrustZone>),
    /// A contract added, removed or changed.
    Contract(Delta<Contract>),
    /// A client release added, removed or changed (keyed by client and version).
    Release(Delta<ClientRelease>),
    /// A decision added, removed or changed (keyed by number).
    Decision(Delta<Decision>),
    /// A triage entry added, removed or changed (keyed by finding).
    Triage(Delta<Triage>),
    /// A node's position set, moved or cleared.
    Position {
        /// The node whose position changes.
        node: String,
        /// The change.
        delta: Delta<Point>,
    },
    /// A node pinned (`after` is `Some`) or unpinned (`None`) for automatic layouts.
    Pin {
        /// The node whose pin changes.
        node: String,
        /// `Some(())` while pinned.
        delta: Delta<()>,
    },
    /// The name, description, settings or zone padding changed.
    Meta(Delta<Meta>),
}

impl Change {
    fn inverse(self) -> Self {
        match self {
            Change::Node(d) => Change::Node(d.swap()),
            Change::Link(d) => Change::Link(d.swap()),
            Change::Zone(d) => Change::Zone(d.swap()),
            Change::Contract(d) => Change::Contract(d.swap()),
            Change::Release(d) => Change::Release(d.swap()),
            Change::Decision(d) => Change::Decision(d.swap()),
            Change::Triage(d) => Change::Triage(d.swap()),
            Change::Position { node, delta } => Change::Position {
                node,
                delta: delta.swap(),
            },
            Change::Pin { node, delta } => Change::Pin {
                node,
                delta: delta.swap(),
            },
            Change::Meta(d) => Change::Meta(d.swap()),
        }
    }

    /// A key naming the element this change touches, so changes to one element can be merged.
    pub(crate) fn key(&self) -> String {
        fn id<T>(d: &Delta<T>, f: impl Fn(&T) -> String) -> String {
            d.before
                .as_ref()
                .or(d.after.as_ref())
                .map(f)
                .unwrap_or_default()
        }
        match self {
            Change::Node(d) => format!("node:{}", id(d, |n| n.id.clone())),
            Change::Link(d) => format!("link:{}", id(d, |l| l.id.clone())),
            Change::Zone(d) => format!("zone:{}", id(d, |z| z.id.clone())),
            Change::Contract(d) => format!("contract:{}", id(d, |c| c.id.clone())),
            Change::Release(d) => {
                format!(
                    "release:{}",
                    id(d, |r| format!("{}@{}", r.client, r.version))
                )
            }
            Change::Decision(d) => format!("decision:{}", id(d, |x| x.number.to_string())),
            Change::Triage(d) => format!("triage:{}", id(d, |t| t.finding.clone())),
            Change::Position { node, .. } => format!("position:{node}"),
            Change::Pin { node, .. } => format!("pin:{node}"),
            Change::Meta(_) => "meta".into(),
        }
    }

    /// Folds a later change to the same element into this one (earliest before, latest after).
    fn absorb(&mut self, later: Change) {
        macro_rules! take_after {
            ($a:expr, $b:expr) => {{
                $a.after = $b.after;
            }};
        }
        match (self, later) {
            (Change::Node(a), Change::Node(b)) => take_after!(a, b),
            (Change::Link(a), Change::Link(b)) => take_after!(a, b),
            (Change::Zone(a), Change::Zone(b)) => take_after!(a, b),
            (Change::Contract(a), Change::Contract(b)) => take_after!(a, b),
            (Change::Release(a), Change::Release(b)) => take_after!(a, b),
            (Change::Decision(a), Change::Decision(b)) => take_after!(a, b),
            (Change::Triage(a), Change::Triage(b)) => take_after!(a, b),
            (Change::Position { delta: a, .. }, Change::Position { delta: b, .. }) => {
                take_after!(a, b)
            }
            (Change::Pin { delta: a, .. }, Change::Pin { delta: b, .. }) => take_after!(a, b),
            (Change::Meta(a), Change::Meta(b)) => take_after!(a, b),
            _ => {}
        }
    }

    fn is_noop(&self) -> bool {
        match self {
            Change::Node(d) => d.before == d.after,
            Change::Link(d) => d.before == d.after,
            Change::Zone(d) => d.before == d.after,
            Change::Contract(d) => d.before == d.after,
            Change::Release(d) => d.before == d.after,
            Change::Decision(d) => d.before == d.after,
            Change::Triage(d) => d.before == d.after,
            Change::Position { delta, .. } => delta.before == delta.after,
            Change::Pin { delta, .. } => delta.before == delta.after,
            Change::Meta(d) => d.before == d.after,
        }
    }
}

/// An edit: a label for the Undo menu and the element changes it makes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Patch {
    /// What the edit does, for "Undo …" ("Move 3 nodes").
    pub label: String,
    /// The element changes, applied in a fixed phase order (see [`Patch::apply`]).
    pub changes: Vec<Change>,
}

impl Patch {
    /// An empty patch with a label.
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            changes: Vec::new(),
        }
    }

    /// Adds a change, merging it into an earlier change to the same element.
    pub fn push(&mut self, change: Change) {
        let key = change.key();
        if let Some(existing) = self.changes.iter_mut().find(|c| c.key() == key) {
            existing.absorb(change);
        } else {
            self.changes.push(change);
        }
    }

    /// Adds many changes, each merged into an earlier change to the same element, in time
    /// linear in the changes (pushing them one by one scans the patch for each).
    pub fn extend(&mut self, changes: impl IntoIterator<Item = Change>) {
        use std::collections::hash_map::Entry;
        let mut at: std::collections::HashMap<String, usize> = self
            .changes
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c.key(), i))
            .collect();
        for change in changes {
            match at.entry(change.key()) {
                Entry::Occupied(e) => self.changes[*e.get()].absorb(change),
                Entry::Vacant(e) => {
                    e.insert(self.changes.len());
                    self.changes.push(change);
                }
            }
        }
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.iter().all(Change::is_noop)
    }

    /// The patch that undoes this one.
    pub fn inverse(&self) -> Patch {
        Patch {
            label: self.label.clone(),
            changes: self
                .changes
                .iter()
                .rev()
                .cloned()
                .map(Change::inverse)
                .collect(),
        }
    }

    /// Folds a later patch into this one, so the two undo as one step.
    pub fn merge(&mut self, later: Patch) {
        self.extend(later.changes);
        self.changes.retain(|c| !c.is_noop());
    }

    /// Applies the patch, or changes nothing and returns an error when the model is not in the
    /// `before` state the patch expects.
    ///
    /// Phases keep the graph consistent: links go before nodes, nodes come back before links.
    pub fn apply(&self, model: &mut Model) -> Result<(), EditError> {
        self.check_before(model)?;
        for c in &self.changes {
            if let Change::Link(Delta {
                before: Some(l), ..
            }) = c
            {
                model.remove_link(&l.id)?;
            }
        }
        for c in &self.changes {
            if let Change::Node(Delta {
                before: Some(n),
                after: None,
            }) = c
            {
                model.remove_node(&n.id)?;
            }
        }
        for c in &self.changes {
            if let Change::Node(Delta {
                after: Some(n),
                before,
            }) = c
            {
                if before.is_some() {
                    model.replace_node(n.clone())?;
                } else {
                    model.add_node(n.clone())?;
                }
            }
        }
        for c in &self.changes {
            if let Change::Link(Delta { after: Some(l), .. }) = c {
                model.add_link(l.clone())?;
            }
        }
        for c in &self.changes {
            apply_plain(model, c);
        }
        Ok(())
    }

    /// Verifies every `before` matches the model, and that removed nodes lose no unlisted link.
    fn check_before(&self, model: &Model) -> Result<(), EditError> {
        let stale = |what: String| Err(EditError::Stale(what));
        // Looked up once per link or node below: sets, so a patch of thousands stays linear.
        let ids = Removals::of(self);
        for c in &self.changes {
            let ok = match c {
                Change::Node(d) => {
                    let id = d
                        .before
                        .as_ref()
                        .or(d.after.as_ref())
                        .map(|n| n.id.as_str());
                    id.is_some_and(|id| model.node(id) == d.before.as_ref())
                }
                Change::Link(d) => {
                    let id = d
                        .before
                        .as_ref()
                        .or(d.after.as_ref())
                        .map(|l| l.id.as_str());
                    id.is_some_and(|id| model.link(id) == d.before.as_ref())
                }
                Change::Zone(d) => matches_before(&model.zones, d, |a, b| a.id == b.id),
                Change::Contract(d) => matches_before(&model.contracts, d, |a, b| a.id == b.id),
                Change::Release(d) => matches_before(&model.releases, d, |a, b| {
                    (&a.client, &a.version) == (&b.client, &b.version)
                }),
                Change::Decision(d) => {
                    matches_before(&model.decisions, d, |a, b| a.number == b.number)
                }
                Change::Triage(d) => {
                    matches_before(&model.triage, d, |a, b| a.finding == b.finding)
                }
                Change::Position { node, delta } => {
                    model.layout.positions.get(node) == delta.before.as_ref()
                }
                Change::Pin { node, delta } => {
                    model.layout.pinned.contains(node) == delta.before.is_some()
                }
                Change::Meta(d) => d.before.as_ref() == Some(&Meta::of(model)),
            };
            if !ok {
                return stale(c.key());
            }
            if let Change::Node(Delta {
                before: Some(n),
                after: None,
            }) = c
            {
                let unlisted = model
                    .outgoing(&n.id)
                    .chain(model.incoming(&n.id))
                    .find(|l| !ids.removed_links.contains(l.id.as_str()));
                if let Some(l) = unlisted {
                    return stale(format!("link:{}", l.id));
                }
            }
            check_added(model, c, &ids)?;
        }
        Ok(())
    }
}

/// The ids of the nodes and links a patch removes and of the nodes it adds.
struct Removals<'p> {
    removed_links: std::collections::HashSet<&'p str>,
    removed_nodes: std::collections::HashSet<&'p str>,
    added_nodes: std::collections::HashSet<&'p str>,
}

impl<'p> Removals<'p> {
    fn of(patch: &'p Patch) -> Self {
        let mut ids = Removals {
            removed_links: Default::default(),
            removed_nodes: Default::default(),
            added_nodes: Default::default(),
        };
        for c in &patch.changes {
            match c {
                Change::Link(Delta {
                    before: Some(l),
                    after: None,
                }) => {
                    ids.removed_links.insert(l.id.as_str());
                }
                Change::Node(Delta {
                    before: Some(n),
                    after: None,
                }) => {
                    ids.removed_nodes.insert(n.id.as_str());
                }
                Change::Node(Delta {
                    before: None,
                    after: Some(n),
                }) => {
                    ids.added_nodes.insert(n.id.as_str());
                }
                _ => {}
            }
        }
        ids
    }
}

/// An added node or link needs a free id, and an added link needs ends that will exist.
fn check_added(model: &Model, c: &Change, ids: &Removals<'_>) -> Result<(), EditError> {
    let (id, ends) = match c {
        Change::Node(Delta {
            before: None,
            after: Some(n),
        }) => (&n.id, None),
        Change::Link(Delta {
            before: None,
            after: Some(l),
        }) => (&l.id, Some((&l.from, &l.to))),
        Change::Link(Delta {
            before: Some(_),
            after: Some(l),
        }) => (&l.id, Some((&l.from, &l.to))),
        _ => return Ok(()),
    };
    let replaced = matches!(
        c,
        Change::Link(Delta {
            before: Some(_),
            ..
        })
    );
    if !replaced && model.has_id(id) {
        return Err(EditError::DuplicateId(id.clone()));
    }
    if let Some((from, to)) = ends {
        for end in [from, to] {
            let present = model.node(end).is_some() && !ids.removed_nodes.contains(end.as_str());
            if !present && !ids.added_nodes.contains(end.as_str()) {
                return Err(EditError::NoSuchNode(end.clone()));
            }
        }
        if from == to {
            return Err(EditError::SelfLink(from.clone()));
        }
    }
    Ok(())
}

/// Whether the element the delta changes is in `list` as the delta expects before it
/// (`same` tells two versions of one element apart from other elements, without allocating).
fn matches_before<T: PartialEq>(list: &[T], d: &Delta<T>, same: impl Fn(&T, &T) -> bool) -> bool {
    let Some(k) = d.before.as_ref().or(d.after.as_ref()) else {
        return false;
    };
    list.iter().find(|x| same(x, k)) == d.before.as_ref()
}

/// Replaces, removes or adds the element the delta changes in `list`.
fn upsert<T: Clone>(list: &mut Vec<T>, d: &Delta<T>, same: impl Fn(&T, &T) -> bool) {
    let Some(k) = d.before.as_ref().or(d.after.as_ref()) else {
        return;
    };
    let at = list.iter().position(|x| same(x, k));
    match (at, &d.after) {
        (Some(i), Some(v)) => list[i] = v.clone(),
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(v)) => list.push(v.clone()),
        (None, None) => {}
    }
}

fn apply_plain(model: &mut Model, c: &Change) {
    match c {
        Change::Node(_) | Change::Link(_) => {}
        Change::Zone(d) => upsert(&mut model.zones, d, |a, b| a.id == b.id),
        Change::Contract(d) => upsert(&mut model.contracts, d, |a, b| a.id == b.id),
        Change::Release(d) => upsert(&mut model.releases, d, |a, b| {
            (&a.client, &a.version) == (&b.client, &b.version)
        }),
        Change::Decision(d) => upsert(&mut model.decisions, d, |a, b| a.number == b.number),
        Change::Triage(d) => upsert(&mut model.triage, d, |a, b| a.finding == b.finding),
        Change::Position { node, delta } => match delta.after {
            Some(p) => {
                model.layout.positions.insert(node.clone(), p);
            }
            None => {
                model.layout.positions.remove(node);
            }
        },
        Change::Pin { node, delta } => {
            if delta.after.is_some() {
                model.layout.pinned.insert(node.clone());
            } else {
                model.layout.pinned.remove(node);
            }
        }
        Change::Meta(d) => {
            if let Some(m) = &d.after {
                model.name = m.name.clone();
                model.description = m.description.clone();
                model.settings = m.settings.clone();
                model.layout.zone_padding = m.zone_padding;
            }
        }
    }
}
