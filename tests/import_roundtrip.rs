//! Interchange round trips: OTM → model → OTM keeps the zones, components and dataflows;
//! model → OTM → model gives the same model back; archmodel's own Mermaid export imports and
//! exports to the same flowchart, hostile labels included; OpenAPI skeletons pass a real
//! validator (`openapi-spec-validator`, installed by `.ci/consumers`).

mod export_support;

use std::collections::BTreeSet;
use std::fs;

use archmodel::examples::EXAMPLES;
use archmodel::export::{mermaid, openapi, otm};
use archmodel::import::{self, Format};
use archmodel::model::Model;
use archmodel::scene::Theme;
use export_support::{assert_ok, hostile_model, run, tool};
use serde_json::Value;

const SHOP_OTM: &str = include_str!("fixtures/import/shop.otm.json");

fn models() -> Vec<(String, Model)> {
    let mut all: Vec<(String, Model)> = EXAMPLES
        .iter()
        .map(|e| (e.name.to_owned(), e.model().expect("the examples load")))
        .collect();
    all.push(("hostile".into(), hostile_model()));
    all
}

fn ids(doc: &Value, list: &str, fields: &[&str]) -> BTreeSet<Vec<String>> {
    doc[list]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| {
            fields
                .iter()
                .map(|f| f.split('.').fold(item, |v, k| &v[k]).to_string())
                .collect()
        })
        .collect()
}

#[test]
fn otm_to_model_to_otm_keeps_zones_components_and_dataflows() {
    let original: Value = serde_json::from_str(SHOP_OTM).expect("fixture");
    let imported = import::import(SHOP_OTM, Some(Format::Otm)).expect("imports");
    let again: Value = serde_json::from_str(&otm::render(&imported.model)).expect("json");

    let zone_fields = ["id", "name", "risk.trustRating", "parent.trustZone"];
    assert_eq!(
        ids(&original, "trustZones", &zone_fields),
        ids(&again, "trustZones", &zone_fields)
    );

    // The component nested in a component takes its zone (reported); the rest is unchanged.
    let component_fields = ["id", "name", "parent.trustZone"];
    let mut expected = ids(&original, "components", &component_fields);
    expected.retain(|c| c[0] != "\"pricing\"");
    let mut got = ids(&again, "components", &component_fields);
    got.retain(|c| c[0] != "\"pricing\"");
    assert_eq!(expected, got);

    // The dataflow to a missing component was reported and left out.
    let flow_fields = ["id", "source", "destination"];
    let mut expected = ids(&original, "dataflows", &flow_fields);
    expected.retain(|f| f[0] != "\"api-nowhere\"");
    assert_eq!(expected, ids(&again, "dataflows", &flow_fields));
    // Positions come back where they were.
    let position = |doc: &Value, id: &str| {
        doc["components"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["id"] == id))
            .map(|c| {
                let p = &c["representations"][0]["position"];
                (p["x"].as_f64(), p["y"].as_f64())
            })
    };
    assert_eq!(position(&original, "api"), position(&again, "api"));
}

#[test]
fn model_to_otm_to_model_is_lossless() {
    for (name, model) in models() {
        let text = otm::render(&model);
        let imported = import::import(&text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.format, Format::Otm);
        let (got, want) = (imported.model.to_data(), model.to_data());
        assert_eq!(got.zones, want.zones, "{name}");
        assert_eq!(got.nodes, want.nodes, "{name}");
        assert_eq!(got.links, want.links, "{name}");
        assert_eq!(got.contracts, want.contracts, "{name}");
        assert_eq!(got.releases, want.releases, "{name}");
        assert_eq!(got.decisions, want.decisions, "{name}");
        assert_eq!(got.triage, want.triage, "{name}");
        assert_eq!(got, want, "{name}");
        assert!(
            imported.unmapped.is_empty(),
            "{name}: {:?}",
            imported.unmapped
        );
    }
}

/// The fields the OTM 0.2.0 schema (`otm_schema.json` in iriusrisk/OpenThreatModel) requires.
#[test]
fn otm_export_has_every_required_field() {
    for (name, model) in models() {
        let doc: Value = serde_json::from_str(&otm::render(&model)).expect("json");
        assert!(doc["otmVersion"].is_string(), "{name}");
        assert!(doc["project"]["name"].is_string() && doc["project"]["id"].is_string());
        let check = |list: &str, required: &[&str]| {
            for item in doc[list].as_array().expect(list) {
                for field in required {
                    assert!(
                        !item[field].is_null(),
                        "{name}: {list} item lacks {field}: {item}"
                    );
                }
            }
        };
        check("assets", &["id", "name", "risk"]);
        check("trustZones", &["id", "name", "risk"]);
        check("components", &["id", "name", "type", "parent"]);
        check("dataflows", &["id", "name", "source", "destination"]);
        check("threats", &["id", "name", "risk"]);
        check("mitigations", &["id", "name", "riskReduction"]);
        for t in doc["threats"].as_array().expect("threats") {
            assert!(t["risk"]["impact"].is_number(), "{name}: {t}");
        }
        let zones: BTreeSet<&str> = doc["trustZones"]
            .as_array()
            .expect("zones")
            .iter()
            .filter_map(|z| z["id"].as_str())
            .collect();
        for c in doc["components"].as_array().expect("components") {
            let parent = c["parent"]["trustZone"].as_str().expect("zone parent");
            assert!(zones.contains(parent), "{name}: {parent}");
        }
    }
}

#[test]
fn own_mermaid_export_round_trips_hostile_labels_too() {
    for (name, model) in models() {
        let theme = Theme::light();
        let first = mermaid::render(&model, &theme);
        let imported = import::import(&first, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.format, Format::Mermaid);
        let second = mermaid::render(&imported.model, &theme);
        let lines = |t: &str| t.lines().map(str::to_owned).collect::<BTreeSet<_>>();
        assert_eq!(lines(&first), lines(&second), "{name}");
        assert_eq!(imported.model.node_count(), model.node_count(), "{name}");
        assert_eq!(imported.model.zones.len(), model.zones.len(), "{name}");
        for n in model.nodes() {
            let back = imported.model.node(&n.id).expect("same ids");
            assert_eq!(back.zone, n.zone, "{name}: {}", n.id);
        }
    }
}

#[test]
fn openapi_skeletons_pass_the_validator() {
    let Some(validator) = tool("openapi-spec-validator") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for (name, model) in models() {
        for (file, bytes) in openapi::folder_files(&model) {
            let file = format!("{name}-{file}");
            fs::write(dir.path().join(&file), bytes).expect("write");
            files.push(file);
        }
    }
    assert!(
        files.len() >= 10,
        "only {} contracts were checked",
        files.len()
    );
    // One run for every file: the validator takes seconds to start.
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = run(&validator, &args, dir.path());
    assert_ok("openapi-spec-validator", &out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(report.matches(": OK").count(), files.len(), "{report}");
}

#[test]
fn openapi_documents_carry_servers_security_and_deprecations() {
    let model = EXAMPLES
        .iter()
        .find(|e| e.name == "web-app")
        .and_then(|e| e.model().ok())
        .expect("web-app");
    let shop = model.contract("shop-api").expect("shop-api");
    let doc = openapi::document(&model, shop);
    assert_eq!(doc["info"]["title"], "Shop API");
    assert_eq!(doc["info"]["version"], "2.3.0");
    let servers = doc["servers"].as_array().expect("servers");
    assert!(
        servers[0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://{host}"))
    );
    assert_eq!(
        servers[0]["variables"]["host"]["default"],
        shop.provider.as_str()
    );
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("schemes");
    assert!(schemes.contains_key("bearerAuth"), "{schemes:?}");

    let mut older = model.clone();
    if let Some(c) = older.contracts.iter_mut().find(|c| c.id == "shop-api") {
        c.version = "3.0.0".into();
        c.supported = ">=2.0, <4".into();
    }
    let c = older.contract("shop-api").expect("shop-api");
    let doc = openapi::document(&older, c);
    assert_eq!(
        doc["info"]["x-deprecated-versions"],
        serde_json::json!(["2"])
    );
    let servers = doc["servers"].as_array().expect("servers");
    assert!(
        servers.iter().any(|s| s["description"]
            .as_str()
            .is_some_and(|d| d.contains("deprecated"))),
        "{servers:?}"
    );
}
