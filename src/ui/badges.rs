//! Severity badges on flagged nodes: a small coloured dot at a node's corner, painted over the
//! scene through the canvas's view. Only badges in view are painted.

use std::collections::HashMap;

use eframe::egui;
use egui::{Align2, Color32, FontId, Painter, Rect, Stroke};

use super::review::severity_color;
use super::view::View;
use crate::analysis::{self, Finding, Severity};
use crate::model::Model;
use crate::scene::{self, Hit, Scene, ThemeKind};

/// Below this zoom a badge shrinks to a dot without its mark.
const MARK_ZOOM: f32 = 0.5;

/// The badges of one check of the model: each flagged node's worst open severity.
#[derive(Debug, Default)]
pub struct Badges {
    /// The document revision the findings were computed for.
    revision: Option<u64>,
    /// Node id → the worst severity among the open findings naming it first.
    worst: HashMap<String, Severity>,
    /// Where each badge sits in model coordinates, resolved against the scene it was built for.
    placed: Vec<(scene::Pos, Severity)>,
    placed_for: Option<(u64, ThemeKind)>,
}

impl Badges {
    /// The badges for `findings` of `model` at `revision`; findings settled by triage get none.
    pub fn new(revision: u64, model: &Model, findings: &[Finding]) -> Self {
        let mut worst: HashMap<String, Severity> = HashMap::new();
        for finding in analysis::open_findings(model, findings) {
            let id = finding.primary();
            if model.node(id).is_some() {
                let entry = worst.entry(id.to_owned()).or_insert(finding.severity);
                *entry = (*entry).max(finding.severity);
            }
        }
        Badges {
            revision: Some(revision),
            worst,
            placed: Vec::new(),
            placed_for: None,
        }
    }

    /// Whether these badges were computed for this revision.
    pub fn is_for(&self, revision: u64) -> bool {
        self.revision == Some(revision)
    }

    /// The worst open severity on a node, if it is flagged.
    #[cfg(test)]
    fn severity_of(&self, node: &str) -> Option<Severity> {
        self.worst.get(node).copied()
    }

    /// Paints the badges in view over the scene; `built_for` names the scene's build (revision
    /// and theme), so badge positions are looked up again only when the scene changes.
    pub fn paint(
        &mut self,
        painter: &Painter,
        canvas: Rect,
        view: View,
        scene: &Scene,
        built_for: Option<(u64, ThemeKind)>,
    ) {
        if self.worst.is_empty() {
            return;
        }
        if self.placed_for != built_for {
            self.place(scene);
            self.placed_for = built_for;
        }
        let visible = view.to_model_rect(canvas, canvas.expand(12.0));
        let radius = (7.0 * view.zoom).clamp(3.0, 8.0);
        let font = FontId::proportional(radius * 1.6);
        for &(at, severity) in &self.placed {
            if !visible.contains(at) {
                continue;
            }
            let center = view.to_screen(canvas, at);
            painter.circle(
                center,
                radius,
                severity_color(severity),
                Stroke::new(1.5, Color32::WHITE),
            );
            if view.zoom >= MARK_ZOOM {
                painter.text(
                    center,
                    Align2::CENTER_CENTER,
                    "!",
                    font.clone(),
                    Color32::WHITE,
                );
            }
        }
    }

    /// Finds each flagged node's top-right corner in the scene (a direct look-up per flagged
    /// node: this runs on every frame of a drag).
    fn place(&mut self, scene: &Scene) {
        self.placed.clear();
        for (id, &severity) in &self.worst {
            let Some(item) = scene.node(id) else {
                continue;
            };
            let area = match &item.hit {
                Hit::Area(area) => *area,
                Hit::Line { .. } => item.bounds,
            };
            self.placed
                .push((scene::pos(area.max.x, area.min.y), severity));
        }
        // A fixed order, so overlapping badges always paint the same way round.
        self.placed
            .sort_by(|a, b| a.0.y.total_cmp(&b.0.y).then(a.0.x.total_cmp(&b.0.x)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Triage, TriageStatus};

    #[test]
    fn a_node_gets_its_worst_open_severity_and_settled_findings_none() {
        let example = crate::examples::example("web-app").expect("web-app example");
        let mut model = example.model().expect("example parses");
        let findings = analysis::check(&model);
        let on_node: Vec<&Finding> = findings
            .iter()
            .filter(|f| model.node(f.primary()).is_some())
            .filter(|f| {
                !analysis::triage_of(&model, &f.key).is_some_and(|t| analysis::settles(t.status))
            })
            .collect();
        let node = on_node
            .first()
            .expect("a finding on a node")
            .primary()
            .to_owned();
        let worst = on_node
            .iter()
            .filter(|f| f.primary() == node)
            .map(|f| f.severity)
            .max();
        let badges = Badges::new(1, &model, &findings);
        assert_eq!(badges.severity_of(&node), worst);
        assert!(badges.is_for(1) && !badges.is_for(2));

        for f in findings.iter().filter(|f| f.primary() == node) {
            model.triage.retain(|t| t.finding != f.key);
            model.triage.push(Triage {
                finding: f.key.clone(),
                status: TriageStatus::Accepted,
                note: String::new(),
            });
        }
        let badges = Badges::new(2, &model, &findings);
        assert_eq!(badges.severity_of(&node), None);
    }

    #[test]
    fn each_flagged_node_drawn_gets_a_badge_at_its_top_right_corner() {
        let example = crate::examples::example("web-app").expect("web-app example");
        let model = example.model().expect("example parses");
        let findings = analysis::check(&model);
        let scene = Scene::build(&model, &crate::scene::Theme::light());
        let mut badges = Badges::new(1, &model, &findings);
        badges.place(&scene);
        assert!(!badges.placed.is_empty());
        assert_eq!(badges.placed.len(), badges.worst.len());
        for (id, severity) in &badges.worst {
            let item = scene
                .find(&crate::scene::ElementRef::node(id.as_str()))
                .expect("flagged node drawn");
            let Hit::Area(area) = &item.hit else {
                panic!("a node is an area");
            };
            let corner = scene::pos(area.max.x, area.min.y);
            assert!(badges.placed.contains(&(corner, *severity)), "{id}");
        }
    }
}
