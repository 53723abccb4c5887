//! The canvas: paints the cached scene through a pan/zoom view and turns pointer gestures into
//! edits (see `interact`). Only what is visible is painted; a drag updates the moved nodes in the
//! scene in place, and any other edit or a theme change builds it again.

use eframe::egui;
use egui::{
    Color32, CornerRadius, CursorIcon, Event, MouseWheelSource, PointerButton, Pos2, Rect,
    Response, Role, Sense, Shape, Stroke, StrokeKind, Ui, WidgetInfo,
};

use std::sync::Arc;

use super::background::{self, Job};
use super::describe;
use super::document::Document;
use super::drawing::Gesture;
use super::paint::{self, DETAIL_ZOOM, OVERVIEW_ZOOM, ScenePainter};
use super::view::View;
use crate::model::Point;
use crate::scene::{ElementKind, ElementRef, Hit, Item, Scene, Theme, ThemeKind};

/// Screen points kept free around the diagram when fitting.
const FIT_MARGIN: f32 = 36.0;
/// Fitting never zooms in further than this (small models stay at a natural size).
const FIT_MAX_ZOOM: f32 = 1.5;
/// How near (in screen points) the pointer must be to a line to hit it.
const HIT_SLOP: f32 = 6.0;

/// A framing to apply once the canvas knows its size.
#[derive(Debug, Clone, PartialEq)]
enum Framing {
    All,
    Element(ElementRef),
    /// Several elements at once, zoomed in as far as they fit.
    Elements(Vec<ElementRef>),
    /// Pan just enough to bring the element into view, keeping the zoom.
    Reveal(ElementRef),
}

mod context;
mod interact;
mod overlay;
mod spotlight;

pub use spotlight::Spotlight;

/// The diagram view of a document.
pub struct Canvas {
    view: View,
    /// Shared with a build running on a thread, which starts from it.
    scene: Arc<Scene>,
    /// The scene of a large model being built on a thread, for a revision and theme.
    building: Job<(u64, ThemeKind), Scene>,
    /// Whether the scene shown is partly updated by moves that could not be done in place: it
    /// is painted until built again, never updated in place.
    half_moved: bool,
    theme: Theme,
    built_for: Option<(u64, ThemeKind)>,
    framing: Option<Framing>,
    hovered: Option<ElementRef>,
    last_rect: Option<Rect>,
    /// Where the pointer was over the canvas last frame (not over a window or menu on top).
    pointer: Option<Pos2>,
    /// Reused every frame so painting does not allocate a fresh list.
    shapes: Vec<Shape>,
    /// Indices of the items in view, reused every frame.
    visible: Vec<usize>,
    /// Whether scrolling pans (a trackpad) rather than zooms (a mouse wheel).
    scroll_pans: bool,
    /// Whether the view is still "everything fitted": then a resize fits again.
    fitted: bool,
    /// What a primary press is doing (moving nodes, connecting, a band, panning).
    press: Option<interact::Press>,
    /// The node showing connection handles.
    handle_node: Option<String>,
    /// The inline name editor, when open.
    rename: Option<overlay::Rename>,
    /// Where the right-click menu was opened, in model units.
    context_at: Option<Point>,
    /// Severity badges on flagged nodes, set by the review.
    pub(super) badges: super::badges::Badges,
    /// Another version drawn over the diagram (File → Compare With…).
    pub(super) compare: super::compare::CompareLayer,
    /// A focused zone, or elements being presented, that the rest of the diagram fades behind.
    pub(super) spotlight: Spotlight,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            view: View::default(),
            scene: Arc::default(),
            building: Job::default(),
            half_moved: false,
            theme: Theme::light(),
            built_for: None,
            framing: Some(Framing::All),
            hovered: None,
            last_rect: None,
            pointer: None,
            shapes: Vec::new(),
            visible: Vec::new(),
            scroll_pans: false,
            fitted: false,
            press: None,
            handle_node: None,
            rename: None,
            context_at: None,
            badges: Default::default(),
            compare: Default::default(),
            spotlight: Default::default(),
        }
    }
}

impl Canvas {
    /// Forgets the previous document's view: the next frame fits the new one.
    pub fn reset(&mut self) {
        *self = Canvas::default();
    }

    /// Frames the whole diagram (on the next frame).
    pub fn fit(&mut self) {
        self.framing = Some(Framing::All);
    }

    /// Centres the element, zooming out if it does not fit (on the next frame).
    pub fn frame_element(&mut self, element: ElementRef) {
        self.framing = Some(Framing::Element(element));
    }

    /// Pans to bring the element into view if it is not (on the next frame).
    pub fn reveal(&mut self, element: ElementRef) {
        self.framing = Some(Framing::Reveal(element));
    }

    /// Zooms to show these elements as large as they fit (on the next frame).
    pub fn frame_elements(&mut self, elements: Vec<ElementRef>) {
        if !elements.is_empty() {
            self.framing = Some(Framing::Elements(elements));
        }
    }

    /// Zooms around the pointer when it is over the canvas, else around the canvas's centre.
    pub fn zoom_by(&mut self, factor: f32) {
        if let Some(rect) = self.last_rect {
            let at = self.pointer.filter(|p| rect.contains(*p));
            self.view
                .zoom_around(rect, at.unwrap_or(rect.center()), factor);
            self.fitted = false;
        }
    }

    /// Where the canvas was last shown on screen.
    pub fn rect(&self) -> Option<Rect> {
        self.last_rect
    }

    /// The current view.
    pub fn view(&self) -> View {
        self.view
    }

    /// Where a model point is on screen, once the canvas has been shown.
    pub fn to_screen(&self, p: crate::scene::Pos) -> Option<Pos2> {
        self.last_rect.map(|rect| self.view.to_screen(rect, p))
    }

    /// The other version drawn over the diagram while comparing (File → Compare With…).
    pub fn compare_layer(&self) -> &super::compare::CompareLayer {
        &self.compare
    }

    /// The scene last built.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// Where a node is: its stored position, or where the fallback placement drew it.
    pub fn node_position(&self, model: &crate::model::Model, id: &str) -> Option<Point> {
        if let Some(p) = model.layout.positions.get(id) {
            return Some(*p);
        }
        let item = self.scene.find(&ElementRef::node(id))?;
        let c = match &item.hit {
            Hit::Area(area) => area.center(),
            Hit::Line { .. } => item.bounds.center(),
        };
        Some(Point(c.x, c.y))
    }

    /// The element under the pointer, if any.
    pub fn hovered(&self) -> Option<&ElementRef> {
        self.hovered.as_ref()
    }

    /// Rebuilds the scene if the document or the theme changed since it was built.
    /// When only node positions changed (a drag), the scene is updated in place. A large
    /// model is built on a thread: the scene before stays up until the new one is done.
    fn refresh(&mut self, ctx: &egui::Context, doc: &Document, kind: ThemeKind) {
        if let Some((key, scene)) = self.building.finished() {
            self.show_built(key, scene);
        }
        let key = (doc.revision(), kind);
        if self.built_for == Some(key) {
            return;
        }
        let moved = match self.built_for {
            Some((revision, built_kind)) if built_kind == kind && !self.half_moved => {
                doc.moved_since(revision)
            }
            _ => None,
        };
        let large = background::is_large(doc.model());
        if let Some(ids) = moved {
            let scene = Arc::make_mut(&mut self.scene);
            if scene.move_in_place(doc.model(), &self.theme, &ids) {
                self.built_for = Some(key);
                return;
            }
            // Moved far enough to need a full build (a zone box now covers other nodes).
            self.half_moved = true;
        }
        if large {
            // One build at a time; the newest revision is built once this one is done.
            if self.building.running().is_none() {
                let (model, theme) = (doc.snapshot(), Theme::of(kind));
                let previous = Arc::clone(&self.scene);
                self.building.start(ctx, key, move || {
                    // Lines are taken out of the scene before; this thread gets its own.
                    let previous = Arc::try_unwrap(previous).unwrap_or_else(|s| (*s).clone());
                    Scene::rebuild(&model, &theme, previous)
                });
            }
            return;
        }
        self.theme = Theme::of(kind);
        let previous = Arc::try_unwrap(std::mem::take(&mut self.scene))
            .unwrap_or_else(|shared| (*shared).clone());
        self.show_built(key, Scene::rebuild(doc.model(), &self.theme, previous));
    }

    /// Shows a scene built for `key` (a revision and a theme).
    fn show_built(&mut self, key: (u64, ThemeKind), scene: Scene) {
        self.theme = Theme::of(key.1);
        let old = std::mem::replace(&mut self.scene, Arc::new(scene));
        if old.items.len() >= background::BACKGROUND_FROM {
            background::drop_later(old);
        }
        self.built_for = Some(key);
        self.half_moved = false;
    }

    /// Whether a new scene is being built on a thread (the one shown is of an earlier version).
    pub fn is_drawing(&self) -> bool {
        self.building.running().is_some()
    }

    /// Waits for the scene being built on a thread and shows it (tests and benches).
    pub fn finish_drawing(&mut self) {
        if let Some((key, scene)) = self.building.wait() {
            self.show_built(key, scene);
        }
    }

    /// Shows the canvas in all the space left in `ui` and returns the edits the user made on it.
    ///
    /// Clicks change `selection` and `also` (the other selected elements, kept sorted); Shift or
    /// Ctrl adds to them, a band selects what it encloses. Dragging nodes, connecting from a
    /// handle, dropping a palette kind and renaming in place come back as [`Gesture`]s.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &mut Option<ElementRef>,
        also: &mut Vec<ElementRef>,
        snap: bool,
    ) -> Vec<Gesture> {
        let kind = if ui.visuals().dark_mode {
            ThemeKind::Dark
        } else {
            ThemeKind::Light
        };
        self.refresh(ui.ctx(), doc, kind);
        self.compare
            .update(&self.scene, &self.theme, self.built_for);
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, "Diagram canvas"));
        let resized = self.last_rect.is_some_and(|r| r.size() != rect.size());
        if resized && self.fitted && self.framing.is_none() {
            self.framing = Some(Framing::All);
        }
        self.last_rect = Some(rect);
        self.pointer = response.hover_pos();
        self.apply_framing(rect);
        let model = doc.model();
        let mut gestures = Vec::new();
        self.press_input(
            ui,
            (rect, &response),
            model,
            (selection, also),
            snap,
            &mut gestures,
        );
        let before = self.view;
        self.navigate(ui, rect, &response);
        if self.view != before {
            self.fitted = false;
        }

        let pointer = response.hover_pos().map(|p| self.view.to_model(rect, p));
        let slop = HIT_SLOP / self.view.zoom;
        self.hovered = pointer.and_then(|p| self.scene.hit(p, slop).map(|i| i.element.clone()));
        self.update_handle_node(rect, response.hover_pos(), selection.as_ref());
        if response.clicked() {
            self.click_select(ui.input(|i| i.modifiers), selection, also);
        }
        if response.double_clicked() {
            self.double_click(model, selection, also);
        }
        gestures.extend(self.palette_drop(rect, &response, model, snap));
        gestures.extend(self.context_menu(rect, &response, model, (selection, also)));

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, paint::color(self.theme.background));
        self.paint_grid(&painter, rect);
        self.paint_scene(&painter, rect, selection.as_ref(), also);
        self.paint_spotlight(&painter, rect);
        self.badges
            .paint(&painter, rect, self.view, &self.scene, self.built_for);
        self.paint_overlay(&painter, rect, &response, model);
        if self.scene.is_empty() {
            let message = if self.is_drawing() {
                "Drawing the diagram…"
            } else {
                "This model is empty: click a kind in the palette above, or drag one here"
            };
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                message,
                egui::FontId::proportional(18.0),
                paint::color(self.theme.text_muted),
            );
        }
        gestures.extend(self.rename_ui(ui, rect));
        self.set_cursor(ui, &response);
        if let Some(hovered) = self.hovered.clone()
            && self.press.is_none()
            && self.rename.is_none()
        {
            response.on_hover_ui_at_pointer(|ui| tooltip(ui, doc, &hovered));
        }
        gestures
    }

    /// Double-clicking a node or zone renames it in place; the background fits the diagram.
    fn double_click(
        &mut self,
        model: &crate::model::Model,
        selection: &mut Option<ElementRef>,
        also: &mut Vec<ElementRef>,
    ) {
        let Some(e) = self.hovered.clone() else {
            self.framing = Some(Framing::All);
            return;
        };
        let name = match e.kind {
            ElementKind::Node => model.node(&e.id).map(|n| n.name.clone()),
            ElementKind::Zone => model.zone(&e.id).map(|z| z.name.clone()),
            ElementKind::Link => None,
        };
        match name {
            Some(name) => {
                *selection = Some(e.clone());
                also.clear();
                self.start_rename(e, &name);
            }
            None => self.framing = Some(Framing::Element(e)),
        }
    }

    /// The pointer's shape says what a press would do.
    fn set_cursor(&self, ui: &Ui, response: &Response) {
        let icon = match &self.press {
            Some(interact::Press::Pan) => CursorIcon::Grabbing,
            Some(interact::Press::Nodes(_)) => CursorIcon::Grabbing,
            Some(interact::Press::Connect { .. }) => CursorIcon::Crosshair,
            Some(interact::Press::Band { .. }) => CursorIcon::Crosshair,
            None if !response.hovered() => return,
            None if self.space_held(ui) => CursorIcon::Grab,
            None => match &self.hovered {
                Some(e) if e.kind == ElementKind::Node => CursorIcon::Move,
                _ => return,
            },
        };
        ui.ctx().set_cursor_icon(icon);
    }

    fn apply_framing(&mut self, rect: Rect) {
        // What to frame may not be drawn yet: wait for the scene being built.
        if self.is_drawing() {
            return;
        }
        match self.framing.take() {
            Some(Framing::All) => {
                self.view = View::fitting(rect, self.scene.bounds, FIT_MARGIN, FIT_MAX_ZOOM);
                self.fitted = true;
            }
            Some(Framing::Element(e)) => {
                // A removed element is only drawn as a ghost while comparing.
                if let Some(item) = self.scene.find(&e).or_else(|| self.compare.find(&e)) {
                    let fit = View::fitting(rect, item.bounds, FIT_MARGIN * 2.0, 8.0);
                    self.view = View {
                        center: item.bounds.center(),
                        zoom: fit.zoom.min(self.view.zoom.max(1.0)),
                    };
                    self.fitted = false;
                }
            }
            Some(Framing::Reveal(e)) => {
                let visible = self.view.to_model_rect(rect, rect.shrink(FIT_MARGIN));
                if let Some(item) = self.scene.find(&e)
                    && !visible.contains_rect(&item.bounds)
                {
                    self.view.center = item.bounds.center();
                    self.fitted = false;
                }
            }
            Some(Framing::Elements(list)) => {
                let bounds = list
                    .iter()
                    .filter_map(|e| self.scene.find(e))
                    .fold(crate::scene::Rect::NOTHING, |acc, i| acc.union(i.bounds));
                if !bounds.is_empty() {
                    self.view = View::fitting(rect, bounds, FIT_MARGIN * 2.0, FIT_MAX_ZOOM);
                    self.fitted = false;
                }
            }
            None => {}
        }
    }

    /// Pan by dragging with space held, the middle or the right button (or two fingers on a
    /// trackpad); zoom with the wheel or a pinch, around the pointer.
    fn navigate(&mut self, ui: &Ui, rect: Rect, response: &Response) {
        let pans = response.dragged_by(PointerButton::Primary)
            && matches!(self.press, Some(interact::Press::Pan));
        if pans
            || response.dragged_by(PointerButton::Middle)
            || response.dragged_by(PointerButton::Secondary)
        {
            self.view.pan(response.drag_delta());
        }
        let Some(anchor) = response.hover_pos() else {
            return;
        };
        let (scroll, pinch, source) = ui.input(|i| {
            let source = i.events.iter().rev().find_map(|e| match e {
                Event::MouseWheel { source, .. } => Some(*source),
                _ => None,
            });
            (i.smooth_scroll_delta, i.zoom_delta(), source)
        });
        if let Some(source) = source {
            self.scroll_pans = matches!(
                source,
                MouseWheelSource::Trackpad | MouseWheelSource::Momentum
            );
        }
        let speed = ui.options(|o| o.input_options.scroll_zoom_speed);
        let mut factor = pinch;
        if self.scroll_pans {
            self.view.pan(scroll);
        } else {
            factor *= ((scroll.x + scroll.y) * speed).exp();
        }
        if (factor - 1.0).abs() > f32::EPSILON {
            self.view.zoom_around(rect, anchor, factor);
        }
    }

    /// A light dot grid, so panning shows movement even over empty space.
    fn paint_grid(&self, painter: &egui::Painter, rect: Rect) {
        if self.view.zoom < OVERVIEW_ZOOM {
            return;
        }
        let mut step = 40.0;
        while step * self.view.zoom < 28.0 {
            step *= 2.0;
        }
        let visible = self.view.to_model_rect(rect, rect);
        let color = paint::color(self.theme.text_muted).gamma_multiply(0.22);
        let r = (self.view.zoom * 1.2).clamp(0.8, 1.6);
        let mut x = (visible.min.x / step).floor() * step;
        let y0 = (visible.min.y / step).floor() * step;
        let mut dots = Vec::new();
        while x <= visible.max.x {
            let mut y = y0;
            while y <= visible.max.y {
                let p = self.view.to_screen(rect, crate::scene::pos(x, y));
                dots.push(Shape::circle_filled(p, r, color));
                y += step;
            }
            x += step;
        }
        painter.extend(dots);
    }

    fn paint_scene(
        &mut self,
        painter: &egui::Painter,
        rect: Rect,
        selection: Option<&ElementRef>,
        also: &[ElementRef],
    ) {
        let visible_rect = self.view.to_model_rect(rect, rect.expand(4.0));
        let details = self.view.zoom >= DETAIL_ZOOM;
        let sp = ScenePainter {
            painter,
            canvas: rect,
            view: self.view,
            background: paint::color(self.theme.background),
        };
        let mut shapes = std::mem::take(&mut self.shapes);
        let mut visible = std::mem::take(&mut self.visible);
        visible.extend(
            (0..self.scene.items.len())
                .filter(|&i| self.scene.items[i].bounds.intersects(&visible_rect)),
        );
        let overview = self.view.zoom < OVERVIEW_ZOOM;
        // Zones come first in the scene, so the mesh of overview links and nodes goes over them.
        let mut mesh = egui::epaint::Mesh::default();
        for &i in &visible {
            let item = &self.scene.items[i];
            if overview {
                sp.overview_item(item, &mut shapes, &mut mesh);
            } else {
                sp.item(item, details, &mut shapes);
            }
        }
        if !mesh.is_empty() {
            shapes.push(Shape::mesh(mesh));
        }
        // Zone names last: zoomed out, they are drawn larger than their strip, over nodes.
        let is_zone = |i: &usize| self.scene.items[*i].element.kind == ElementKind::Zone;
        for &i in visible.iter().filter(|i| !is_zone(i)) {
            sp.labels(&self.scene.items[i], &mut shapes);
        }
        for &i in visible.iter().filter(|i| is_zone(i)) {
            sp.labels(&self.scene.items[i], &mut shapes);
        }
        // Another version's ghosts and the change outlines go over the diagram, labels last.
        let compared = self
            .compare
            .items()
            .iter()
            .filter(|i| i.bounds.intersects(&visible_rect));
        for item in compared.clone() {
            sp.item(item, details, &mut shapes);
        }
        for item in compared {
            sp.labels(item, &mut shapes);
        }
        let find = |e: Option<&ElementRef>| {
            e.and_then(|e| {
                visible
                    .iter()
                    .map(|&i| &self.scene.items[i])
                    .find(|item| &item.element == e)
            })
        };
        if let Some(item) = find(self.hovered.as_ref()).filter(|h| Some(&h.element) != selection) {
            self.highlight(rect, item, paint::color(self.theme.hover), 1.5, &mut shapes);
        }
        if !also.is_empty() {
            let color = paint::color(self.theme.selection);
            for &i in &visible {
                let item = &self.scene.items[i];
                if Some(&item.element) != selection && also.binary_search(&item.element).is_ok() {
                    self.highlight(rect, item, color, 2.0, &mut shapes);
                }
            }
        }
        if let Some(item) = find(selection) {
            self.highlight(
                rect,
                item,
                paint::color(self.theme.selection),
                2.5,
                &mut shapes,
            );
        }
        painter.extend(shapes.drain(..));
        visible.clear();
        self.shapes = shapes;
        self.visible = visible;
    }

    /// An outline around an item (a halo along a link).
    fn highlight(&self, rect: Rect, item: &Item, color: Color32, width: f32, out: &mut Vec<Shape>) {
        match &item.hit {
            Hit::Area(area) => {
                let r = self.view.to_screen_rect(rect, *area).expand(4.0);
                out.push(Shape::rect_stroke(
                    r,
                    CornerRadius::same(8),
                    Stroke::new(width, color),
                    StrokeKind::Outside,
                ));
            }
            Hit::Line { points, .. } => {
                let pts: Vec<Pos2> = points
                    .iter()
                    .map(|p| self.view.to_screen(rect, *p))
                    .collect();
                out.push(Shape::line(
                    pts,
                    Stroke::new(width * 2.4, color.gamma_multiply(0.55)),
                ));
            }
        }
    }
}

/// What the element under the pointer is.
fn tooltip(ui: &mut Ui, doc: &Document, element: &ElementRef) {
    let Some(s) = describe::summary(doc.model(), element) else {
        return;
    };
    ui.set_max_width(360.0);
    ui.strong(s.title);
    ui.weak(s.kind);
    for line in s.lines {
        ui.label(line);
    }
}
