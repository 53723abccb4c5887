//! The app's look: one palette for the panels and the canvas, in light and dark, taken from the
//! scene's theme (so the canvas, its panels and the SVG/PNG exports agree), consistent spacing,
//! and the severity chips shared by the review panel and the presentation captions.

use eframe::egui;
use egui::{
    Align2, Color32, CornerRadius, FontId, Rect, Response, Sense, Shadow, Stroke, Ui, Visuals, vec2,
};

use super::review::severity_color;
use crate::analysis::Severity;

/// Width of a severity chip, so the rows of a list line up.
pub const CHIP_W: f32 = 62.0;

/// A severity in words, capitalised for chips and captions ("Critical").
pub fn severity_title(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "Info",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

/// The colours of the chrome around a canvas painted with the scene theme of the same kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Side panels, toolbar, menu and status bars: a step off the canvas's background.
    pub panel: Color32,
    /// Windows, menus and popups.
    pub window: Color32,
    /// Text fields and list backgrounds.
    pub field: Color32,
    /// Lines between panels and around widgets.
    pub border: Color32,
    /// Buttons and other widgets at rest.
    pub widget: Color32,
    /// Widgets under the pointer.
    pub hovered: Color32,
    /// Widgets being pressed.
    pub pressed: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub weak: Color32,
    /// Selections, focus and toggled tools: the canvas's selection colour.
    pub accent: Color32,
}

impl Palette {
    /// Cool greys around the scene's near-white canvas.
    pub const LIGHT: Palette = Palette {
        panel: Color32::from_rgb(0xf1, 0xf4, 0xf8),
        window: Color32::from_rgb(0xff, 0xff, 0xff),
        field: Color32::from_rgb(0xff, 0xff, 0xff),
        border: Color32::from_rgb(0xd5, 0xdc, 0xe6),
        widget: Color32::from_rgb(0xe4, 0xe9, 0xf0),
        hovered: Color32::from_rgb(0xd8, 0xe0, 0xeb),
        pressed: Color32::from_rgb(0xc8, 0xd3, 0xe2),
        text: Color32::from_rgb(0x1e, 0x29, 0x3b),
        weak: Color32::from_rgb(0x5b, 0x67, 0x7a),
        accent: Color32::from_rgb(0x25, 0x63, 0xeb),
    };

    /// Slate blues around the scene's slate canvas (#111827), a step lighter.
    pub const DARK: Palette = Palette {
        panel: Color32::from_rgb(0x18, 0x20, 0x2f),
        window: Color32::from_rgb(0x1e, 0x27, 0x38),
        field: Color32::from_rgb(0x0f, 0x15, 0x22),
        border: Color32::from_rgb(0x2b, 0x37, 0x4b),
        widget: Color32::from_rgb(0x25, 0x30, 0x44),
        hovered: Color32::from_rgb(0x2f, 0x3c, 0x54),
        pressed: Color32::from_rgb(0x3a, 0x49, 0x64),
        text: Color32::from_rgb(0xe2, 0xe8, 0xf0),
        weak: Color32::from_rgb(0x94, 0xa3, 0xb8),
        accent: Color32::from_rgb(0x38, 0xbd, 0xf8),
    };

    /// egui's visuals in this palette.
    pub fn visuals(&self, dark: bool) -> Visuals {
        let mut v = if dark {
            Visuals::dark()
        } else {
            Visuals::light()
        };
        let radius = CornerRadius::same(6);
        v.panel_fill = self.panel;
        v.window_fill = self.window;
        v.extreme_bg_color = self.field;
        v.text_edit_bg_color = Some(self.field);
        v.faint_bg_color = self.widget.gamma_multiply(0.5);
        v.code_bg_color = self.widget;
        v.window_stroke = Stroke::new(1.0, self.border);
        v.window_corner_radius = CornerRadius::same(10);
        v.menu_corner_radius = CornerRadius::same(8);
        let shadow = Color32::from_black_alpha(if dark { 110 } else { 40 });
        v.window_shadow = Shadow {
            offset: [0, 6],
            blur: 18,
            spread: 0,
            color: shadow,
        };
        v.popup_shadow = Shadow {
            offset: [0, 4],
            blur: 12,
            spread: 0,
            color: shadow,
        };
        v.hyperlink_color = self.accent;
        v.selection.bg_fill = self.accent.gamma_multiply(if dark { 0.45 } else { 0.25 });
        v.selection.stroke = Stroke::new(1.0, if dark { self.text } else { self.accent });
        v.weak_text_color = Some(self.weak);
        let w = &mut v.widgets;
        w.noninteractive.bg_fill = self.panel;
        w.noninteractive.weak_bg_fill = self.panel;
        w.noninteractive.bg_stroke = Stroke::new(1.0, self.border);
        w.noninteractive.fg_stroke = Stroke::new(1.0, self.text);
        w.noninteractive.corner_radius = radius;
        for (state, fill) in [
            (&mut w.inactive, self.widget),
            (&mut w.hovered, self.hovered),
            (&mut w.active, self.pressed),
            (&mut w.open, self.hovered),
        ] {
            state.bg_fill = fill;
            state.weak_bg_fill = fill;
            state.corner_radius = radius;
            state.fg_stroke = Stroke::new(1.0, self.text);
            state.expansion = 0.0;
        }
        w.inactive.bg_stroke = Stroke::NONE;
        w.hovered.bg_stroke = Stroke::new(1.0, self.border);
        w.active.bg_stroke = Stroke::new(1.0, self.accent);
        w.open.bg_stroke = Stroke::new(1.0, self.border);
        v
    }
}

/// Gives both themes the app's palette and spacing.
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Light, Palette::LIGHT.visuals(false));
    ctx.set_visuals_of(egui::Theme::Dark, Palette::DARK.visuals(true));
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = vec2(8.0, 3.0);
        style.spacing.button_padding = vec2(6.0, 2.0);
        style.spacing.menu_margin = egui::Margin::same(6);
        style.spacing.window_margin = egui::Margin::same(12);
    });
}

/// Paints a severity chip into `rect`: filled in the severity's colour, or only outlined when
/// `muted` (a triaged finding).
pub fn paint_severity_chip(ui: &Ui, rect: Rect, severity: Severity, muted: bool, size: f32) {
    let painter = ui.painter();
    let color = severity_color(severity);
    let radius = CornerRadius::same((rect.height() / 2.0).min(255.0) as u8);
    let text_color = if muted {
        painter.rect_stroke(
            rect,
            radius,
            egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
            egui::StrokeKind::Inside,
        );
        ui.visuals().weak_text_color()
    } else {
        painter.rect_filled(rect, radius, color);
        Color32::WHITE
    };
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        severity_title(severity),
        FontId::proportional(size),
        text_color,
    );
}

/// A severity chip as a widget of the chip width, labelled with the severity for screen readers.
pub fn severity_chip(ui: &mut Ui, severity: Severity, muted: bool) -> Response {
    let (rect, response) = ui.allocate_exact_size(vec2(CHIP_W, 18.0), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, true, severity_title(severity))
    });
    paint_severity_chip(ui, rect, severity, muted, 11.5);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palettes_follow_the_scene_themes() {
        use crate::scene::Theme;
        // Panels a step off the canvas, text reading on both.
        for (palette, theme, dark) in [
            (Palette::LIGHT, Theme::light(), false),
            (Palette::DARK, Theme::dark(), true),
        ] {
            let bg = theme.background;
            let canvas = Color32::from_rgb(bg.r, bg.g, bg.b);
            let lum = |c: Color32| u32::from(c.r()) + u32::from(c.g()) + u32::from(c.b());
            let step = lum(palette.panel).abs_diff(lum(canvas));
            assert!((6..=60).contains(&step), "panel {step} off the canvas");
            assert_eq!(lum(palette.text) > lum(palette.panel), dark);
            let s = theme.selection;
            assert_eq!(palette.accent, Color32::from_rgb(s.r, s.g, s.b));
        }
    }

    #[test]
    fn severities_read_as_words() {
        let titles: Vec<&str> = Severity::ALL.iter().map(|s| severity_title(*s)).collect();
        assert_eq!(titles, ["Info", "Low", "Medium", "High", "Critical"]);
    }
}
