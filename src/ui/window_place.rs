//! Windows open below the menu bar and the toolbar, never over them (the toolbar's undo and
//! redo must stay in reach while a window asks to undo): egui places a window anywhere in the
//! viewport, so each frame any window reaching above the bars is moved down, and windows that
//! may be tall are kept inside the room below them (see [`room`]).

use eframe::egui;
use egui::{Id, Order, Rect, pos2};

/// Where the bottom of the lowest bar at the top is kept between frames.
fn key() -> Id {
    Id::unique("archmodel-menu-bottom")
}

/// The part of the viewport below the menu bar (and the toolbar, with a model open), where
/// windows belong.
pub fn room(ctx: &egui::Context) -> Rect {
    let bottom = ctx.data(|d| d.get_temp::<f32>(key())).unwrap_or(0.0);
    let content = ctx.content_rect();
    content.with_min_y((bottom + 2.0).min(content.bottom()))
}

/// Records the bottom edge of a bar across the top (the menu bar each frame, then the toolbar
/// when a model is open) and moves every shown window that reaches above it down to just below
/// it (run before the windows are drawn, so they show there this frame).
pub fn below_bar(ctx: &egui::Context, bottom: f32) {
    ctx.data_mut(|d| d.insert_temp(key(), bottom));
    let top = room(ctx).top();
    let windows: Vec<_> = ctx.memory(|m| {
        let mut layers: Vec<_> = m.areas().visible_layer_ids().into_iter().collect();
        layers.retain(|l| l.order == Order::Middle);
        layers
    });
    for layer in windows {
        let Some(mut state) = egui::AreaState::load(ctx, layer.id) else {
            continue;
        };
        let rect = state.rect();
        if rect.top() < top {
            state.set_left_top_pos(pos2(rect.left(), top));
            ctx.memory_mut(|m| m.areas_mut().set_state(layer, state));
        }
    }
}
