//! Example models shipped with the app, and the templates `new` starts from.
//!
//! The examples are RON files under `assets/examples/`, compiled into the binary, in canonical
//! form (loading and saving one gives the same bytes).

use crate::io;
use crate::model::Model;

/// An example model shipped with the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Short name used on the command line and in file names ("web-app").
    pub name: &'static str,
    /// Title shown in menus.
    pub title: &'static str,
    /// The model file's text.
    pub source: &'static str,
}

impl Example {
    /// Parses the example into a model.
    pub fn model(&self) -> Result<Model, io::LoadError> {
        io::parse(self.source)
    }
}

/// Every shipped example, in menu order.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "web-app",
        title: "Web app: SPA and mobile app, API gateway, services",
        source: include_str!("../assets/examples/web-app.ron"),
    },
    Example {
        name: "mobile-backend",
        title: "Mobile backend: offline-first app, BFF, sync and push",
        source: include_str!("../assets/examples/mobile-backend.ron"),
    },
    Example {
        name: "p2p-offline-first",
        title: "Peer-to-peer, offline-first: CRDT sync, discovery and relay",
        source: include_str!("../assets/examples/p2p-offline-first.ron"),
    },
];

/// The name of the template that starts from nothing.
pub const EMPTY: &str = "empty";

/// The example with this name.
pub fn example(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}

/// Names of every template: the examples, then `empty`.
pub fn template_names() -> impl Iterator<Item = &'static str> {
    EXAMPLES
        .iter()
        .map(|e| e.name)
        .chain(std::iter::once(EMPTY))
}

/// A fresh model from the named template, or `None` for an unknown name.
///
/// `empty` is an untitled model with nothing in it. The examples are compiled in and checked by
/// tests, so parsing them only fails if the binary was built from broken assets.
pub fn template(name: &str) -> Option<Model> {
    if name == EMPTY {
        return Some(Model::new("Untitled"));
    }
    example(name).and_then(|e| e.model().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::model::{DecisionStatus, GatewayRole, NodeKind, ServerRole, ZoneKind};

    fn models() -> Vec<(&'static str, Model)> {
        EXAMPLES
            .iter()
            .map(|e| match e.model() {
                Ok(m) => (e.name, m),
                Err(err) => panic!("{} does not load:\n{err}", e.name),
            })
            .collect()
    }

    #[test]
    fn examples_load_valid_and_are_in_canonical_form() {
        for (name, model) in models() {
            assert!(
                model.problems().is_empty(),
                "{name}: {:?}",
                model.problems()
            );
            let saved = io::to_string(&model).expect("saves");
            let source = example(name).map(|e| e.source).unwrap_or_default();
            // On failure, normalize with `io::to_string(&io::parse(text)?)` and commit the result.
            assert!(saved == source, "{name} is not in canonical form");
        }
    }

    #[test]
    fn every_node_has_a_position_and_a_zone() {
        for (name, model) in models() {
            for node in model.nodes() {
                let p = model.layout.positions.get(&node.id);
                assert!(p.is_some(), "{name}: {} has no position", node.id);
                assert!(node.zone.is_some(), "{name}: {} is in no zone", node.id);
            }
            assert_eq!(model.layout.positions.len(), model.node_count(), "{name}");
            for p in model.layout.positions.values() {
                assert!((-200.0..=1600.0).contains(&p.0) && (-200.0..=1000.0).contains(&p.1));
            }
        }
    }

    #[test]
    fn examples_are_rich() {
        for (name, model) in models() {
            assert!(model.node_count() >= 12, "{name}");
            assert!(model.link_count() >= model.node_count(), "{name}");
            assert!(
                model.zones.iter().any(|z| z.parent.is_some()),
                "{name}: no nested zone"
            );
            assert!(model.contracts.len() >= 4, "{name}");
            assert!(model.releases.len() >= 3, "{name}");
            assert!(model.decisions.len() >= 3, "{name}");
            for d in &model.decisions {
                assert!(
                    !d.options.is_empty() && !d.context.is_empty(),
                    "{name}: decision {}",
                    d.number
                );
                let decided = !matches!(d.status, DecisionStatus::Proposed);
                assert!(
                    !decided || !d.outcome.is_empty(),
                    "{name}: decision {} has no outcome",
                    d.number
                );
            }
            assert!(model.decisions.iter().any(|d| {
                !d.consequences.is_empty()
                    && d.options
                        .iter()
                        .all(|o| !o.pros.is_empty() && !o.cons.is_empty())
            }));
            assert!(
                model
                    .nodes()
                    .any(|n| !n.responsibilities.is_empty() && !n.description.is_empty())
            );
            assert!(
                model
                    .links()
                    .any(|l| l.rate_limit.is_some() && l.authz.is_some() && l.telemetry)
            );
            assert!(model.links().any(|l| !l.data.is_empty()));
        }
    }

    #[test]
    fn triage_matches_findings_the_review_reports() {
        for (name, model) in models() {
            let findings = analysis::check(&model);
            assert!(model.triage.len() >= 2, "{name}");
            let stale: Vec<&str> = analysis::stale_triage(&model, &findings)
                .iter()
                .map(|t| t.finding.as_str())
                .collect();
            assert!(
                stale.is_empty(),
                "{name}: triage of findings not reported: {stale:?}"
            );
        }
    }

    /// The imperfections each example is meant to show a reviewer, by rule id.
    const MEANT: &[(&str, &[&str])] = &[
        (
            "web-app",
            &[
                "plaintext-across-boundary",
                "contract-unversioned",
                "no-rate-limit",
                "chatty-client",
            ],
        ),
        (
            "mobile-backend",
            &[
                "plaintext-across-boundary",
                "contract-unversioned",
                "no-rate-limit",
                "no-telemetry",
            ],
        ),
        (
            "p2p-offline-first",
            &[
                "contract-unversioned",
                "p2p-no-conflict-strategy",
                "no-rate-limit",
                "no-telemetry",
            ],
        ),
    ];

    #[test]
    fn examples_are_imperfect_in_the_ways_they_are_meant_to_be() {
        for (name, model) in models() {
            let findings = analysis::check(&model);
            let open = analysis::open_findings(&model, &findings);
            let meant = MEANT
                .iter()
                .find(|(n, _)| *n == name)
                .map(|m| m.1)
                .unwrap_or_default();
            for rule in meant {
                assert!(
                    open.iter().any(|f| f.rule == *rule),
                    "{name}: no open {rule} finding"
                );
            }
            // A showcase, not a disaster: a handful of flaws, each worth discussing.
            assert!(open.len() <= 15, "{name}: {} open findings", open.len());
        }
    }

    #[test]
    fn examples_show_what_they_are_about() {
        let web = template("web-app").expect("web-app");
        assert!(web.nodes().any(|n| matches!(n.kind, NodeKind::Cdn)));
        assert!(
            web.nodes()
                .any(|n| matches!(n.kind, NodeKind::Gateway { .. }))
        );
        for kind in [
            ZoneKind::Internet,
            ZoneKind::Dmz,
            ZoneKind::Internal,
            ZoneKind::Device,
        ] {
            assert!(web.zones.iter().any(|z| z.kind == kind), "{kind:?}");
        }
        let mobile = template("mobile-backend").expect("mobile-backend");
        assert!(mobile.links().any(|l| l.sync.is_some()));
        assert!(mobile.nodes().any(|n| matches!(n.kind, NodeKind::External)));
        let bff = NodeKind::Gateway {
            role: GatewayRole::Bff,
        };
        assert!(mobile.nodes().any(|n| n.kind == bff));
        assert!(mobile.nodes().any(|n| n.kind
            == NodeKind::Server {
                role: ServerRole::Push
            }));
        let p2p = template("p2p-offline-first").expect("p2p-offline-first");
        assert!(p2p.nodes().filter(|n| n.kind.is_peer()).count() >= 3);
        assert!(p2p.links().any(|l| l.bidirectional && l.sync.is_some()));
        for role in [ServerRole::Discovery, ServerRole::Relay] {
            assert!(
                p2p.nodes().any(|n| n.kind == NodeKind::Server { role }),
                "{role:?}"
            );
        }
        assert!(p2p.nodes().any(|n| n.kind.is_client()));
    }

    #[test]
    fn every_template_name_builds_a_model() {
        let names: Vec<&str> = template_names().collect();
        assert_eq!(
            names,
            ["web-app", "mobile-backend", "p2p-offline-first", "empty"]
        );
        for name in names {
            assert!(template(name).is_some(), "{name}");
        }
        let empty = template("empty").expect("empty");
        assert_eq!(empty.name, "Untitled");
        assert_eq!(empty.node_count(), 0);
        assert!(template("nope").is_none());
        assert!(example("empty").is_none());
    }
}
