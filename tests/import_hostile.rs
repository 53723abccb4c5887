//! Hostile input never panics an importer: random text, random JSON shapes, and the fixtures cut
//! and corrupted anywhere. What imports is a valid model that saves and loads again.

use archmodel::import::{self, Format};
use archmodel::io;
use proptest::prelude::*;

const FIXTURES: [(&str, Format); 4] = [
    (
        include_str!("fixtures/import/threat-dragon-v2.json"),
        Format::ThreatDragon,
    ),
    (include_str!("fixtures/import/shop.otm.json"), Format::Otm),
    (
        include_str!("fixtures/import/checkout.mmd"),
        Format::Mermaid,
    ),
    (
        include_str!("fixtures/import/bank.dsl"),
        Format::Structurizr,
    ),
];

/// Imports in every format (and sniffed); whatever imports must be valid and round-trip RON.
fn never_panics(text: &str) {
    let formats = Format::ALL.into_iter().map(Some).chain([None]);
    for format in formats {
        if let Ok(imported) = import::import(text, format) {
            let model = &imported.model;
            assert!(
                model.problems().is_empty(),
                "{format:?}: {:?}",
                model.problems()
            );
            let ron = io::to_string(model).expect("saves");
            let back = io::parse(&ron).expect("loads again");
            assert_eq!(&back, model);
        }
    }
}

/// Text made of the tokens the four formats care about, in any order.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "\"",
        ":",
        ",",
        ";",
        "\n",
        " ",
        "-->",
        "-.->",
        "<-->",
        "->",
        "|",
        "&",
        "#34;",
        "#",
        "%%",
        "subgraph",
        "end",
        "flowchart LR",
        "workspace",
        "model",
        "group",
        "deploymentNode",
        "containerInstance",
        "person",
        "softwareSystem",
        "container",
        "\"summary\"",
        "\"detail\"",
        "\"diagrams\"",
        "\"cells\"",
        "\"otmVersion\"",
        "\"trustZones\"",
        "\"components\"",
        "\"dataflows\"",
        "\"parent\"",
        "\"trustZone\"",
        "\"threats\"",
        "\"source\"",
        "\"target\"",
        "\"cell\"",
        "\"position\"",
        "1e308",
        "-1",
        "null",
        "true",
        "x",
        "=",
        "/*",
        "*/",
        "\u{202e}",
        "\0",
    ]);
    prop::collection::vec(tokens, 0..80).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}") {
        never_panics(&text);
    }

    #[test]
    fn token_soup_never_panics(text in token_soup()) {
        never_panics(&text);
        never_panics(&format!("flowchart LR\n{text}"));
        never_panics(&format!("workspace {{\n model {{\n{text}\n}}\n}}"));
        never_panics(&format!("{{\"otmVersion\": \"0.2.0\", {text}"));
    }

    #[test]
    fn corrupted_fixtures_never_panic(
        which in 0usize..4,
        cut in 0.0f64..1.0,
        at in 0.0f64..1.0,
        insert in prop::sample::select(vec!["", "{", "}", "\"", "null", "[]", "\n", "-->", "end"]),
    ) {
        let (text, _) = FIXTURES[which];
        let chars: Vec<char> = text.chars().collect();
        let cut = (cut * chars.len() as f64) as usize;
        let at = ((at * cut as f64) as usize).min(cut);
        let mut broken: String = chars[..at].iter().collect();
        broken.push_str(insert);
        broken.extend(&chars[at..cut]);
        never_panics(&broken);
    }
}

#[test]
fn json_with_wrong_types_everywhere_is_reported_not_panicked() {
    let cases = [
        r#"{"summary": 1, "detail": 2}"#,
        r#"{"summary": {}, "detail": {"diagrams": [1, null, {"cells": "x"}, {"cells": [1, {"data": 3}]}]}}"#,
        r#"{"summary": {}, "detail": {"diagrams": [{"cells": [{"shape": "flow", "source": {"cell": {}}, "target": []}]}]}}"#,
        r#"{"summary": {}, "detail": {"diagrams": [{"cells": [{"shape": "process", "id": 7, "position": {"x": 1e308, "y": -1e308}, "size": {"width": 1e308, "height": 1}}]}]}}"#,
        r#"{"otmVersion": 3}"#,
        r#"{"otmVersion": "0.2.0", "project": [], "trustZones": {}, "components": [{"parent": {"trustZone": 5}}]}"#,
        r#"{"otmVersion": "0.2.0", "trustZones": [{"id": "a", "parent": {"trustZone": "b"}}, {"id": "b", "parent": {"trustZone": "a"}}]}"#,
        r#"{"otmVersion": "0.2.0", "components": [{"id": "x", "attributes": {"archmodel.node": {"id": 1}}}]}"#,
        r#"{"otmVersion": "0.2.0", "project": {"attributes": {"archmodel.contracts": [{"id": "c", "name": "C", "style": "Rest", "provider": "nobody"}]}}}"#,
    ];
    for text in cases {
        never_panics(text);
    }
    // Zones whose parents form a cycle are imported at the top level, and said so.
    let cyclic = import::import(cases[6], None).expect("imports");
    assert_eq!(cyclic.model.zones.len(), 2);
    assert!(cyclic.unmapped.iter().any(|u| u.reason.contains("cycle")));
    // A contract naming a missing provider is left out, and said so.
    let orphan = import::import(cases[8], None).expect("imports");
    assert!(orphan.model.contracts.is_empty());
    assert!(orphan.unmapped.iter().any(|u| u.reason.contains("nobody")));
}

#[test]
fn deeply_nested_input_is_refused_or_bounded() {
    let deep_json = format!(
        "{{\"otmVersion\": \"1\", \"x\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(import::import(&deep_json, None).is_err());
    let deep_mermaid = format!(
        "flowchart LR\n{}a --> b\n{}",
        "subgraph s\n".repeat(5_000),
        "end\n".repeat(5_000)
    );
    let imported = import::import(&deep_mermaid, None).expect("imports");
    assert_eq!(imported.model.zones.len(), 5_000);
    // Subgraphs deeper than trust zones may nest are lifted to the deepest level, and said so.
    let lifted = imported
        .unmapped
        .iter()
        .filter(|u| u.reason.contains("nested deeper than 32 levels"))
        .count();
    assert_eq!(lifted, 5_000 - 32);
    let deep_dsl = format!(
        "workspace {{\nmodel {{\n{}a = person \"A\"\n{}}}\n}}",
        "group \"g\" {\n".repeat(3_000),
        "}\n".repeat(3_000)
    );
    let imported = import::import(&deep_dsl, None).expect("imports");
    assert_eq!(imported.model.node_count(), 1);
}

#[test]
fn big_sources_import_without_quadratic_work() {
    // 10,000 elements, each with a flow and a threat: a lookup that scanned the lists would make
    // this hundreds of times slower.
    let n = 10_000;
    let mut cells = Vec::new();
    cells.push(
        r#"{"shape": "trust-boundary-curve", "id": "c", "source": {"x": 0, "y": -10}, "target": {"x": 0, "y": 1e6}, "data": {"type": "tm.Boundary", "name": "Edge"}}"#
            .to_owned(),
    );
    for i in 0..n {
        let x = if i % 2 == 0 { -100 } else { 100 };
        cells.push(format!(
            r#"{{"shape": "process", "id": "p{i}", "position": {{"x": {x}, "y": {i}}}, "size": {{"width": 10, "height": 10}}, "data": {{"type": "tm.Process", "name": "P{i}", "threats": [{{"title": "T", "status": "Open"}}]}}}}"#
        ));
        if i > 0 {
            cells.push(format!(
                r#"{{"shape": "flow", "id": "f{i}", "source": {{"cell": "p{}"}}, "target": {{"cell": "p{i}"}}, "data": {{"type": "tm.Flow", "protocol": "HTTPS"}}}}"#,
                i - 1
            ));
        }
    }
    let td = format!(
        r#"{{"summary": {{"title": "Big"}}, "detail": {{"diagrams": [{{"cells": [{}]}}]}}}}"#,
        cells.join(",")
    );
    let imported = import::import(&td, None).expect("imports");
    assert_eq!(imported.model.node_count(), n);
    assert_eq!(imported.model.link_count(), n - 1);
    assert_eq!(imported.model.triage.len(), n);

    let mut mermaid = String::from("flowchart LR\n");
    for i in 1..n {
        mermaid.push_str(&format!("  a{} --> a{i}\n  class a{i} store\n", i - 1));
    }
    let imported = import::import(&mermaid, None).expect("imports");
    assert_eq!(imported.model.node_count(), n);
}
