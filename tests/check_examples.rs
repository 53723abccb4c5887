//! The review of each bundled example is pinned: a change in any rule's verdict on a model a
//! reviewer knows shows up as a snapshot diff to read and accept deliberately.

use archmodel::analysis::{self, report};
use archmodel::examples::EXAMPLES;
use archmodel::io::locate;

#[test]
fn examples_review_is_pinned() {
    for example in EXAMPLES {
        let model = example.model().expect("bundled example is valid");
        let findings = analysis::check(&model);
        let positions = locate::element_positions(example.source);
        let text = report::text(&model, &findings, &format!("{}.ron", example.name), |id| {
            positions.get(id).map(|p| (p.line, p.col))
        });
        insta::assert_snapshot!(format!("{}-check", example.name), text);
    }
}

#[test]
fn examples_show_the_flaws_they_were_drawn_with() {
    let expect = [
        (
            "web-app",
            [
                "plaintext-across-boundary",
                "chatty-client",
                "duplicated-logic",
            ],
        ),
        (
            "mobile-backend",
            [
                "plaintext-across-boundary",
                "contract-unversioned",
                "weak-tls",
            ],
        ),
        (
            "p2p-offline-first",
            [
                "p2p-no-conflict-strategy",
                "contract-no-schema",
                "no-telemetry",
            ],
        ),
    ];
    for (name, rules) in expect {
        let example = archmodel::examples::example(name).expect("bundled example");
        let findings = analysis::check(&example.model().expect("valid"));
        for rule in rules {
            assert!(
                findings.iter().any(|f| f.rule == rule),
                "{name} should raise {rule}: {:#?}",
                findings.iter().map(|f| &f.key).collect::<Vec<_>>()
            );
        }
    }
}
