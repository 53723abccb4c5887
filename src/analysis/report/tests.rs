//! Report rendering tests: text lines, JSON fields and SARIF 2.1.0 structure.

use serde_json::Value;

use super::*;
use crate::analysis::check;
use crate::analysis::rules::testkit::*;
use crate::model::{ModelData, Protocol, Tls, Triage};

fn flawed() -> Model {
    let mut plain = link("api-db", "api", "db");
    plain.protocol = Protocol::Tcp;
    plain.tls = Tls::None;
    build(ModelData {
        nodes: vec![owning(server("api"), &["Orders"], &[]), store("db", false)],
        links: vec![plain],
        triage: vec![
            Triage {
                finding: "store-unencrypted@db".into(),
                status: TriageStatus::Accepted,
                note: "test data only".into(),
            },
            Triage {
                finding: "plaintext-link@api-db".into(),
                status: TriageStatus::InProgress,
                note: String::new(),
            },
            Triage {
                finding: "weak-tls@old".into(),
                status: TriageStatus::Mitigated,
                note: String::new(),
            },
        ],
        ..Default::default()
    })
}

/// Places nodes on lines 10, 20, …; links are not found.
fn locate(id: &str) -> Option<(usize, usize)> {
    match id {
        "api" => Some((10, 5)),
        "db" => Some((20, 5)),
        _ => None,
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn text_lines_are_grouped_and_located() {
    let m = flawed();
    let found = check(&m);
    let out = text(&m, &found, "shop.ron", locate);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Security (3)");
    assert!(lines[1].starts_with("shop.ron:20:5: low no-telemetry: db store has no telemetry"));
    assert!(
        lines[2].starts_with("shop.ron:1:1: low plaintext-link: api service → db store uses TCP")
    );
    assert!(lines[2].ends_with("[in_progress]"));
    assert!(lines.contains(&"shop.ron:20:5: low store-unencrypted: db store does not encrypt data at rest. [accepted: test data only]"));
    assert!(out.contains("Model hygiene") || !found.iter().any(|f| f.area == Area::Hygiene));
    assert_eq!(
        lines.last().copied(),
        Some(
            format!(
                "{} findings: {} low; 1 settled by triage.",
                found.len(),
                found.len()
            )
            .as_str()
        )
    );
    assert_eq!(text(&m, &[], "x.ron", locate), "No findings.\n");
}

#[test]
fn json_has_stable_fields_and_triage() {
    let m = flawed();
    let found = check(&m);
    let doc = parse(&json(&m, &found, "shop.ron", locate));
    assert_eq!(doc["file"], "shop.ron");
    assert_eq!(doc["tool"]["name"], "archmodel");
    assert_eq!(doc["summary"]["total"], found.len());
    assert_eq!(doc["summary"]["open"], found.len() - 1);
    assert_eq!(doc["summary"]["by_severity"]["low"], found.len());
    let items = doc["findings"].as_array().expect("findings array");
    let db = items
        .iter()
        .find(|f| f["key"] == "store-unencrypted@db")
        .expect("store finding");
    assert_eq!(db["rule"], "store-unencrypted");
    assert_eq!(db["severity"], "low");
    assert_eq!(db["area"], "security");
    assert_eq!(db["elements"], serde_json::json!(["db"]));
    assert_eq!(db["location"], serde_json::json!({"line": 20, "column": 5}));
    assert_eq!(
        db["triage"],
        serde_json::json!({"status": "accepted", "note": "test data only"})
    );
    let link = items
        .iter()
        .find(|f| f["key"] == "plaintext-link@api-db")
        .expect("link");
    assert!(link["location"].is_null());
    assert_eq!(doc["stale_triage"][0]["finding"], "weak-tls@old");
}

#[test]
fn sarif_follows_2_1_0() {
    let m = flawed();
    let found = check(&m);
    let doc = parse(&sarif(&m, &found, "models/web shop.ron", locate));
    assert_eq!(doc["version"], "2.1.0");
    assert!(
        doc["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "archmodel");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 31);
    let r0 = &rules[0];
    for field in [
        "id",
        "name",
        "shortDescription",
        "fullDescription",
        "help",
        "defaultConfiguration",
    ] {
        assert!(!r0[field].is_null(), "rule has {field}");
    }
    assert!(r0["shortDescription"]["text"].is_string());
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), found.len());
    for r in results {
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "models/web%20shop.ron");
        assert!(r["partialFingerprints"]["archmodelFindingKey/v1"].is_string());
    }
    let db = results
        .iter()
        .find(|r| r["partialFingerprints"]["archmodelFindingKey/v1"] == "store-unencrypted@db")
        .expect("store result");
    assert_eq!(db["level"], "note");
    assert_eq!(
        db["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 20, "startColumn": 5})
    );
    assert_eq!(db["suppressions"][0]["status"], "accepted");
    assert_eq!(db["suppressions"][0]["kind"], "external");
    let link = results
        .iter()
        .find(|r| r["ruleId"] == "plaintext-link")
        .expect("link result");
    assert!(link["locations"][0]["physicalLocation"]["region"].is_null());
    assert_eq!(link["suppressions"][0]["status"], "underReview");
    let security = rules
        .iter()
        .find(|r| r["id"] == "weak-tls")
        .expect("weak-tls");
    assert_eq!(security["properties"]["security-severity"], "3.0");
}

#[test]
fn sarif_levels_map_severities() {
    assert_eq!(sarif_level(Severity::Critical), "error");
    assert_eq!(sarif_level(Severity::High), "error");
    assert_eq!(sarif_level(Severity::Medium), "warning");
    assert_eq!(sarif_level(Severity::Low), "note");
    assert_eq!(sarif_level(Severity::Info), "note");
    assert_eq!(pascal_case("no-rate-limit"), "NoRateLimit");
    assert_eq!(file_uri(r"a\b c.ron"), "a/b%20c.ron");
}

#[test]
fn rules_text_lists_the_catalogue() {
    let out = rules_text();
    for r in rules() {
        assert!(out.contains(r.id) && out.contains(r.summary), "{}", r.id);
    }
    assert!(out.starts_with("Responsibilities (step 1)\n"));
    assert!(out.contains("Model hygiene\n"));
    assert!(out.trim_end().ends_with("raise them."));
}
