//! The outline: every zone (as a tree), node and link of the model as a selectable list.
//!
//! Rows are built once per model revision and shown virtualised, so a 5,000-node model costs
//! only the rows on screen. Every row is a button labelled with the element's name, so screen
//! readers (and tests) find nodes by name.

use super::natural_order::natural_cmp;
use std::collections::HashSet;

use eframe::egui;
use egui::{Button, Color32, RichText, ScrollArea, Sense, Shape, TextEdit, Ui, vec2};

use super::background::{self, Job};
use super::document::Document;
use super::paint;
use crate::model::Model;
use crate::scene::{ElementRef, Theme};

/// A section of the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Zones,
    Nodes,
    Links,
}

impl Section {
    const ALL: [Section; 3] = [Section::Zones, Section::Nodes, Section::Links];

    fn title(self) -> &'static str {
        match self {
            Section::Zones => "Zones",
            Section::Nodes => "Nodes",
            Section::Links => "Links",
        }
    }
}

/// One line of the outline.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    Header(Section, usize),
    Entry {
        element: ElementRef,
        label: String,
        hover: String,
        depth: usize,
        swatch: Option<Color32>,
    },
}

/// The outline panel's state.
#[derive(Default)]
pub struct Outline {
    rows: Vec<Row>,
    built_for: Option<RowsKey>,
    filter: String,
    collapsed: [bool; 3],
    /// The selection when last shown, to scroll to selections made elsewhere.
    last_selection: Option<ElementRef>,
    visible_rows: std::ops::Range<usize>,
    /// The rows of a large model being listed on a thread, for the key they are built for.
    listing: Job<RowsKey, Vec<Row>>,
}

/// What the rows are built for: the revision, the filter, the collapsed sections and the theme.
type RowsKey = (u64, String, [bool; 3], bool);

impl Outline {
    /// Shows the outline with every element of `selected` highlighted (the first, the primary
    /// selection, is scrolled into view); returns the element the user picked, if any.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selected: &[ElementRef],
    ) -> Option<ElementRef> {
        let selection = selected.first();
        let dark = ui.visuals().dark_mode;
        ui.add_space(4.0);
        ui.heading(doc.model().name.as_str());
        let filter = ui.add(
            TextEdit::singleline(&mut self.filter)
                .hint_text("Filter by name")
                .desired_width(f32::INFINITY),
        );
        super::form::name_widget(ui, &filter, "Filter the outline by name");
        ui.add_space(2.0);
        if let Some((built, rows)) = self.listing.finished() {
            self.take_rows(built, rows);
        }
        let key = (doc.revision(), self.filter.clone(), self.collapsed, dark);
        // Rows show names and kinds, not positions: a drag keeps them.
        if let Some(built) = &self.built_for
            && (built.1.as_str(), built.2, built.3) == (key.1.as_str(), key.2, key.3)
            && doc.moved_since(built.0).is_some()
        {
            self.built_for = Some(key.clone());
        }
        if self.built_for.as_ref() != Some(&key) {
            let theme = Theme::of(theme_kind(dark));
            if !background::is_large(doc.model()) {
                self.rows = build_rows(doc.model(), &self.filter, self.collapsed, &theme);
                self.built_for = Some(key);
            } else if self.listing.running().is_none() {
                // The rows before stay up until these are done; the newest key is listed next.
                let (model, filter, collapsed) = (doc.snapshot(), key.1.clone(), key.2);
                self.listing.start(ui.ctx(), key, move || {
                    build_rows(&model, &filter, collapsed, &theme)
                });
            }
        }
        let row_h = ui.spacing().interact_size.y;
        let mut scroll = ScrollArea::vertical()
            .id_salt("outline-rows")
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_target(selection, row_h + ui.spacing().item_spacing.y) {
            scroll = scroll.vertical_scroll_offset(offset);
        }
        self.last_selection = selection.cloned();
        let mut picked = None;
        scroll.show_rows(ui, row_h, self.rows.len(), |ui, range| {
            self.visible_rows = range.clone();
            for row in &self.rows[range] {
                match row {
                    Row::Header(section, n) => {
                        if header(ui, *section, *n, self.collapsed[*section as usize]) {
                            self.collapsed[*section as usize] ^= true;
                        }
                    }
                    Row::Entry { .. } => {
                        if let Some(e) = entry(ui, row, selected) {
                            picked = Some(e);
                        }
                    }
                }
            }
        });
        if picked.is_some() {
            self.last_selection = picked.clone();
        }
        picked
    }

    /// Whether the rows of a large model are being listed on a thread (those shown are older).
    pub fn is_listing(&self) -> bool {
        self.listing.running().is_some()
    }

    /// Waits for the rows being listed on a thread and shows them (tests and benches).
    pub fn finish_listing(&mut self) {
        if let Some((built, rows)) = self.listing.wait() {
            self.take_rows(built, rows);
        }
    }

    /// Shows rows listed on a thread for `built`; the old rows are freed there too.
    fn take_rows(&mut self, built: RowsKey, rows: Vec<Row>) {
        background::drop_later(std::mem::replace(&mut self.rows, rows));
        self.built_for = Some(built);
    }

    /// The scroll offset that brings a selection made elsewhere into view, if it is out of view.
    fn scroll_target(&self, selection: Option<&ElementRef>, row_h: f32) -> Option<f32> {
        let selection = selection?;
        if self.last_selection.as_ref() == Some(selection) {
            return None;
        }
        let index = self.rows.iter().position(|r| match r {
            Row::Entry { element, .. } => element == selection,
            Row::Header(..) => false,
        })?;
        let visible = self.visible_rows.start + 1..self.visible_rows.end.saturating_sub(1);
        (!visible.contains(&index)).then(|| (index.saturating_sub(3)) as f32 * row_h)
    }
}

fn theme_kind(dark: bool) -> crate::scene::ThemeKind {
    if dark {
        crate::scene::ThemeKind::Dark
    } else {
        crate::scene::ThemeKind::Light
    }
}

/// A section header that folds its section; returns whether it was clicked.
fn header(ui: &mut Ui, section: Section, count: usize, collapsed: bool) -> bool {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
        let rotation = if collapsed {
            -std::f32::consts::FRAC_PI_2
        } else {
            0.0
        };
        let color = ui.visuals().text_color();
        ui.painter()
            .add(Shape::rotated_triangle(rect.shrink(2.0), rotation, color));
        let text = RichText::new(format!("{} ({count})", section.title())).strong();
        ui.add(Button::new(text).frame(false))
            .on_hover_text(if collapsed { "Show" } else { "Hide" })
            .clicked()
    })
    .inner
}

/// An element row; returns the element when clicked.
fn entry(ui: &mut Ui, row: &Row, selected: &[ElementRef]) -> Option<ElementRef> {
    let Row::Entry {
        element,
        label,
        hover,
        depth,
        swatch,
    } = row
    else {
        return None;
    };
    ui.horizontal(|ui| {
        ui.add_space(14.0 + 14.0 * *depth as f32);
        if let Some(color) = swatch {
            let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
            ui.painter().rect_filled(rect, 3.0, *color);
        }
        let selected = selected.contains(element);
        let response = ui
            .add(Button::selectable(selected, label.as_str()).truncate())
            .on_hover_text(hover.as_str());
        response.clicked().then(|| element.clone())
    })
    .inner
}

/// The rows of the outline for the model, filtered by name (case-insensitive).
fn build_rows(model: &Model, filter: &str, collapsed: [bool; 3], theme: &Theme) -> Vec<Row> {
    let needle = filter.trim().to_lowercase();
    let keep = |label: &str| needle.is_empty() || label.to_lowercase().contains(&needle);
    let mut rows = Vec::new();
    for section in Section::ALL {
        let mut entries = match section {
            Section::Zones => zone_rows(model, theme),
            Section::Nodes => node_rows(model, theme),
            Section::Links => link_rows(model),
        };
        entries.retain(|r| matches!(r, Row::Entry { label, .. } if keep(label)));
        rows.push(Row::Header(section, entries.len()));
        if !collapsed[section as usize] {
            rows.extend(entries);
        }
    }
    rows
}

fn entry_row(
    element: ElementRef,
    label: String,
    hover: String,
    depth: usize,
    swatch: Option<Color32>,
) -> Row {
    Row::Entry {
        element,
        label,
        hover,
        depth,
        swatch,
    }
}

/// Zones as a tree: each zone followed by the zones inside it, siblings by name.
fn zone_rows(model: &Model, theme: &Theme) -> Vec<Row> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let known: HashSet<&str> = model.zones.iter().map(|z| z.id.as_str()).collect();
    // Zones whose parent is missing are shown at the top level rather than lost.
    let mut stack: Vec<(&crate::model::TrustZone, usize)> = sorted_zones(
        model
            .zones
            .iter()
            .filter(|z| z.parent.as_deref().is_none_or(|p| !known.contains(p))),
    )
    .into_iter()
    .rev()
    .map(|z| (z, 0))
    .collect();
    while let Some((z, depth)) = stack.pop() {
        if !seen.insert(z.id.as_str()) {
            continue;
        }
        let hover = format!("{} zone, trust {} · id {}", z.kind.label(), z.trust, z.id);
        let swatch = paint::color(theme.zone(z.trust).stroke);
        out.push(entry_row(
            ElementRef::zone(&z.id),
            z.name.clone(),
            hover,
            depth,
            Some(swatch),
        ));
        let children = sorted_zones(model.child_zones(Some(&z.id)));
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    // Zones caught in a parent cycle are listed too.
    for z in sorted_zones(model.zones.iter()) {
        if !seen.contains(z.id.as_str()) {
            let hover = format!("id {}", z.id);
            out.push(entry_row(
                ElementRef::zone(&z.id),
                z.name.clone(),
                hover,
                0,
                None,
            ));
        }
    }
    out
}

fn sorted_zones<'m>(
    zones: impl Iterator<Item = &'m crate::model::TrustZone>,
) -> Vec<&'m crate::model::TrustZone> {
    let mut v: Vec<_> = zones.collect();
    v.sort_by(|a, b| natural_cmp(&a.name, &b.name).then_with(|| a.id.cmp(&b.id)));
    v
}

fn node_rows(model: &Model, theme: &Theme) -> Vec<Row> {
    let mut nodes: Vec<_> = model.nodes().collect();
    nodes.sort_by(|a, b| natural_cmp(&a.name, &b.name).then_with(|| a.id.cmp(&b.id)));
    nodes
        .into_iter()
        .map(|n| {
            let hover = format!("{} · id {}", super::wording::kind_name(&n.kind), n.id);
            let swatch = paint::color(theme.node(&n.kind).stroke);
            entry_row(
                ElementRef::node(&n.id),
                n.name.clone(),
                hover,
                0,
                Some(swatch),
            )
        })
        .collect()
}

fn link_rows(model: &Model) -> Vec<Row> {
    let name = |id: &str| model.node(id).map_or(id.to_owned(), |n| n.name.clone());
    let mut rows: Vec<Row> = model
        .links()
        .map(|l| {
            let arrow = if l.bidirectional { "↔" } else { "→" };
            let label = format!("{} {arrow} {}", name(&l.from), name(&l.to));
            let hover = format!("{} · id {}", l.protocol.label(), l.id);
            entry_row(ElementRef::link(&l.id), label, hover, 0, None)
        })
        .collect();
    rows.sort_by(|a, b| natural_cmp(row_label(a), row_label(b)));
    rows
}

fn row_label(row: &Row) -> &str {
    match row {
        Row::Entry { label, .. } => label,
        Row::Header(..) => "",
    }
}
