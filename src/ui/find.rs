//! Edit → Find (Ctrl+F): a small window that finds nodes, links, zones and contracts by name or
//! id; picking a match selects it and frames it on the canvas.

use eframe::egui;
use egui::{
    Align, Align2, Button, EventFilter, Id, Key, KeyboardShortcut, Modifiers, RichText, ScrollArea,
    TextEdit, Ui, Window, vec2,
};

use super::app::ArchApp;
use crate::model::Model;
use crate::scene::ElementRef;

/// Ctrl+F.
pub const SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

/// The Edit menu's Find item.
pub(super) fn menu_item(
    ui: &mut Ui,
    has_document: bool,
    action: &mut Option<super::actions::Action>,
) {
    let keys = ui.ctx().format_shortcut(&SHORTCUT);
    let item = Button::new("Find…").shortcut_text(keys);
    if ui.add_enabled(has_document, item).clicked() {
        *action = Some(super::actions::Action::Find);
    }
}

/// At most this many matches are listed; the rest are counted.
const SHOWN: usize = 50;

/// How well a match fits the query: lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The name is the query.
    Exact,
    /// The name starts with the query.
    Prefix,
    /// The name contains the query.
    Name,
    /// The id contains the query.
    Id,
    /// The description contains the query.
    Description,
}

/// One element whose name, id or description matches the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// What picking the match selects (for a contract: its provider).
    pub element: ElementRef,
    /// The element's name (for links: "from → to").
    pub title: String,
    /// What it is and its id ("Node · server · orders").
    pub detail: String,
    rank: Rank,
}

/// How `name`, `id` and `description` match the lower-case `query`, if they do.
fn rank(query: &str, name: &str, id: &str, description: &str) -> Option<Rank> {
    let name = name.to_lowercase();
    if name == query {
        Some(Rank::Exact)
    } else if name.starts_with(query) {
        Some(Rank::Prefix)
    } else if name.contains(query) {
        Some(Rank::Name)
    } else if id.to_lowercase().contains(query) {
        Some(Rank::Id)
    } else if description.to_lowercase().contains(query) {
        Some(Rank::Description)
    } else {
        None
    }
}

/// Every element matching `query` (case-insensitive), best first: whole names, then name
/// prefixes, then parts of names, ids and descriptions; alphabetically within each.
pub fn search(model: &Model, query: &str) -> Vec<Match> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |element: ElementRef, title: String, detail: String, rank: Option<Rank>| {
        if let Some(rank) = rank {
            out.push(Match {
                element,
                title,
                detail,
                rank,
            });
        }
    };
    for n in model.nodes() {
        let r = rank(&query, &n.name, &n.id, &n.description);
        let detail = format!("Node · {} · {}", super::wording::kind_name(&n.kind), n.id);
        push(ElementRef::node(&n.id), n.name.clone(), detail, r);
    }
    for z in &model.zones {
        let r = rank(&query, &z.name, &z.id, &z.description);
        let detail = format!("Zone · {} · {}", z.kind.label(), z.id);
        push(ElementRef::zone(&z.id), z.name.clone(), detail, r);
    }
    let name = |id: &str| model.node(id).map_or(id.to_owned(), |n| n.name.clone());
    for l in model.links() {
        let r = rank(&query, &l.label, &l.id, "");
        let arrow = if l.bidirectional { "↔" } else { "→" };
        let ends = format!("{} {arrow} {}", name(&l.from), name(&l.to));
        let detail = if l.label.trim().is_empty() {
            format!("Link · {} · {}", l.protocol.label(), l.id)
        } else {
            format!("Link · {} · {}", l.label.trim(), l.id)
        };
        push(ElementRef::link(&l.id), ends, detail, r);
    }
    for c in &model.contracts {
        // The canvas cannot select a contract; its provider is where it lives on the diagram.
        let r = rank(&query, &c.name, &c.id, "");
        let detail = format!("Contract · provided by {}", name(&c.provider));
        push(ElementRef::node(&c.provider), c.name.clone(), detail, r);
    }
    // Stable: matches with the same rank and name stay nodes, zones, links, contracts.
    out.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| super::natural_order::natural_cmp(&a.title, &b.title))
    });
    out
}

/// The Find window's state.
#[derive(Default)]
pub struct Find {
    open: bool,
    query: String,
    /// The highlighted match, which Enter picks.
    cursor: usize,
    /// The query field takes the keyboard on the next frame.
    focus: bool,
    /// The document revision and query the matches were found for.
    found_for: Option<(u64, String)>,
    matches: Vec<Match>,
}

impl Find {
    /// Opens the window with an empty query, ready to type.
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
        self.query.clear();
        self.cursor = 0;
    }

    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The query field, then the matches; returns the match picked, if any.
    fn ui(&mut self, ui: &mut Ui, model: &Model, revision: u64) -> Option<ElementRef> {
        let field = Id::unique("archmodel-find-query");
        let (mut down, mut up, mut enter) = (false, false, false);
        if ui.memory(|m| m.has_focus(field)) {
            // Taken before the field sees them: in a one-line field they would jump the caret.
            ui.input_mut(|i| {
                down = i.consume_key(Modifiers::NONE, Key::ArrowDown);
                up = i.consume_key(Modifiers::NONE, Key::ArrowUp);
                enter = i.key_pressed(Key::Enter);
                if i.key_pressed(Key::Escape) {
                    self.open = false;
                }
            });
        }
        let label = ui.label("Name or id");
        let response = ui
            .add(
                TextEdit::singleline(&mut self.query)
                    .id(field)
                    // The field keeps the keyboard on ↑ ↓ and Esc, which move the cursor and close.
                    .event_filter(EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                        tab: false,
                    })
                    .hint_text("e.g. gateway")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            response.request_focus();
        }
        if response.changed() {
            self.cursor = 0;
        }
        let key = (revision, self.query.clone());
        if self.found_for.as_ref() != Some(&key) {
            self.matches = search(model, &self.query);
            self.found_for = Some(key);
        }
        let shown = self.matches.len().min(SHOWN);
        if down && shown > 0 {
            self.cursor = (self.cursor + 1).min(shown - 1);
        }
        if up {
            self.cursor = self.cursor.saturating_sub(1);
        }
        self.cursor = self.cursor.min(shown.saturating_sub(1));
        if enter {
            // Enter also takes the focus from the field; the picked element is what matters.
            return self.matches.get(self.cursor).map(|m| m.element.clone());
        }
        self.list(ui, down || up)
    }

    /// The list of matches under the query field; returns the row clicked, if any.
    fn list(&mut self, ui: &mut Ui, moved: bool) -> Option<ElementRef> {
        let query = self.query.trim();
        if query.is_empty() {
            ui.weak("Type part of a name or id. ↑ ↓ choose, Enter selects, Esc closes.");
            return None;
        }
        if self.matches.is_empty() {
            ui.label(format!("No element matches “{query}”"));
            return None;
        }
        let mut picked = None;
        ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            for (i, m) in self.matches.iter().take(SHOWN).enumerate() {
                let row = Button::selectable(i == self.cursor, m.title.as_str())
                    .right_text(RichText::new(m.detail.as_str()).weak().small())
                    .truncate();
                let response = ui.add_sized(vec2(ui.available_width(), 22.0), row);
                if moved && i == self.cursor {
                    response.scroll_to_me(Some(Align::Center));
                }
                if response.clicked() {
                    picked = Some(m.element.clone());
                }
            }
        });
        if self.matches.len() > SHOWN {
            ui.weak(format!(
                "Showing the first {SHOWN} of {} matches: type more to narrow them down",
                self.matches.len()
            ));
        } else {
            let n = self.matches.len();
            ui.weak(if n == 1 {
                "1 match".to_owned()
            } else {
                format!("{n} matches")
            });
        }
        picked
    }
}

impl ArchApp {
    /// Shows the Find window while it is open; a picked element becomes the selection and is
    /// framed on the canvas.
    pub(super) fn find_ui(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else {
            self.find.open = false;
            return;
        };
        if !self.find.open {
            return;
        }
        let find = &mut self.find;
        let mut open = true;
        let picked = Window::new("Find")
            .open(&mut open)
            .collapsible(false)
            .constrain_to(super::window_place::room(ctx))
            .resizable(false)
            .default_width(420.0)
            .anchor(Align2::CENTER_TOP, vec2(0.0, 72.0))
            .show(ctx, |ui| find.ui(ui, doc.model(), doc.revision()))
            .and_then(|r| r.inner)
            .flatten();
        self.find.open &= open;
        if let Some(element) = picked {
            self.find.open = false;
            self.pick(element);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn web_app() -> Model {
        let example = examples::example("web-app").expect("web-app example");
        crate::io::parse(example.source).expect("parses")
    }

    #[test]
    fn names_rank_before_ids_and_case_is_ignored() {
        let model = web_app();
        let found = search(&model, "GATE");
        assert!(!found.is_empty());
        assert!(found[0].title.to_lowercase().contains("gate"), "{found:?}");
        let ranks: Vec<Rank> = found.iter().map(|m| m.rank).collect();
        assert!(ranks.is_sorted(), "{ranks:?}");
    }

    #[test]
    fn nothing_matches_an_empty_or_unknown_query() {
        let model = web_app();
        assert!(search(&model, "  ").is_empty());
        assert!(search(&model, "zzz-no-such-thing").is_empty());
    }

    #[test]
    fn ids_match_too() {
        let model = web_app();
        let node = model.nodes().next().expect("a node");
        let found = search(&model, &node.id);
        assert!(
            found
                .iter()
                .any(|m| m.element == ElementRef::node(&node.id))
        );
    }
}
