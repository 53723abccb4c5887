//! The app's look: severity chips shared by the review panel and the presentation captions.

use eframe::egui;
use egui::{Align2, Color32, CornerRadius, FontId, Rect, Response, Sense, Ui, vec2};

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
    fn severities_read_as_words() {
        let titles: Vec<&str> = Severity::ALL.iter().map(|s| severity_title(*s)).collect();
        assert_eq!(titles, ["Info", "Low", "Medium", "High", "Critical"]);
    }
}
