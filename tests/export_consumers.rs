//! The real consumers of the exports read them: `dot` lays out the DOT, `rsvg-convert` renders
//! and `xmllint` parses the SVG, PlantUML checks and renders its diagram, Mermaid's own parser
//! (`mmdc`) renders the flowchart, and `markdownlint-cli2` accepts every Markdown file, for the
//! bundled examples and for the hostile model; where a tool draws, the hostile text must show.
//!
//! `.ci/consumers` installs the tools. Without them these tests fail under CI and skip locally.

mod export_support;

use std::fs;
use std::path::Path;

use archmodel::examples::EXAMPLES;
use archmodel::export::adr::{self, FolderOptions};
use archmodel::export::decisions::Template;
use archmodel::export::svg::{self, SvgOptions};
use archmodel::export::{dot, escape, folder, mermaid, plantuml, runbook};
use archmodel::layout::synthetic::{self, Shape};
use archmodel::model::Model;
use archmodel::scene::{Theme, ThemeKind};
use export_support::{HOSTILE, assert_ok, contains_collapsed, hostile_model, run, tool, xml_text};

/// The bundled examples and the hostile model, by name.
fn models() -> Vec<(String, Model)> {
    let mut all: Vec<(String, Model)> = EXAMPLES
        .iter()
        .map(|e| (e.name.to_owned(), e.model().expect("the examples load")))
        .collect();
    all.push(("hostile".into(), hostile_model()));
    all
}

/// Hostile labels as a diagram shows them: one line, elided.
fn expected_labels() -> Vec<String> {
    HOSTILE.iter().map(|l| escape::label(l)).collect()
}

#[test]
fn dot_lays_out_every_graph_and_shows_the_labels() {
    let Some(dot_bin) = tool("dot") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, model) in models() {
        let file = dir.path().join(format!("{name}.dot"));
        fs::write(&file, dot::render(&model, &Theme::light())).expect("write");
        let out = run(
            &dot_bin,
            &["-Tsvg", file.to_str().unwrap_or_default()],
            dir.path(),
        );
        assert_ok(&format!("dot on {name}"), &out);
        if name == "hostile" {
            let text = xml_text(&String::from_utf8_lossy(&out.stdout));
            for label in expected_labels() {
                assert!(contains_collapsed(&text, &label), "dot lost {label:?}");
            }
        }
    }
}

/// A tiered model of 300 nodes in 25 zones nested two deep: without `newrank`, dot 2.43 fails
/// on it ("trouble in init_rank", exit 1) and draws members outside their zones.
#[test]
fn dot_keeps_every_member_inside_its_nested_zone_and_every_other_node_outside() {
    let Some(dot_bin) = tool("dot") else { return };
    let model = synthetic::model(Shape::Tiers, 300, 600, 25, 5);
    assert!(
        model.zones.iter().any(|z| z.parent.is_some()),
        "the model nests zones"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("nested.dot");
    fs::write(&file, dot::render(&model, &Theme::light())).expect("write");
    let out = run(
        &dot_bin,
        &["-Tjson", file.to_str().unwrap_or_default()],
        dir.path(),
    );
    assert_ok("dot on nested zones", &out);
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("dot writes JSON");
    let objects = graph["objects"].as_array().expect("objects");
    let number = |v: &serde_json::Value| -> Vec<f64> {
        v.as_str()
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.parse().ok())
            .collect()
    };
    let centres: Vec<(String, f64, f64)> = objects
        .iter()
        .filter(|o| o.get("pos").is_some() && o.get("bb").is_none())
        .map(|o| {
            let p = number(&o["pos"]);
            (
                o["name"].as_str().unwrap_or_default().to_owned(),
                p[0],
                p[1],
            )
        })
        .collect();
    assert_eq!(
        centres.len(),
        model.nodes().count(),
        "dot placed every node"
    );
    let mut zones_checked = 0;
    for cluster in objects {
        let Some(zone) = cluster["name"]
            .as_str()
            .and_then(|n| n.strip_prefix("cluster_"))
        else {
            continue;
        };
        let bb = number(&cluster["bb"]);
        let (x0, y0, x1, y1) = (bb[0], bb[1], bb[2], bb[3]);
        for (id, x, y) in &centres {
            let member = model.zones_of(id).iter().any(|z| z.id == zone);
            let inside = (x0..=x1).contains(x) && (y0..=y1).contains(y);
            assert_eq!(
                member,
                inside,
                "dot drew {id} {} zone {zone}",
                if inside { "inside" } else { "outside" }
            );
        }
        zones_checked += 1;
    }
    assert_eq!(zones_checked, model.zones.len(), "dot drew every zone");
}

#[test]
fn svg_is_valid_xml_and_renders_in_rsvg() {
    let (Some(xmllint), Some(rsvg)) = (tool("xmllint"), tool("rsvg-convert")) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, model) in models() {
        for theme in [ThemeKind::Light, ThemeKind::Dark] {
            let options = SvgOptions {
                theme,
                ..SvgOptions::default()
            };
            let file = dir.path().join(format!("{name}-{theme:?}.svg"));
            fs::write(&file, svg::render(&model, &options)).expect("write");
            let path = file.to_str().unwrap_or_default();
            assert_ok(
                &format!("xmllint on {name}"),
                &run(&xmllint, &["--noout", path], dir.path()),
            );
            let png = dir.path().join(format!("{name}-{theme:?}.png"));
            let out = run(
                &rsvg,
                &[path, "-o", png.to_str().unwrap_or_default()],
                dir.path(),
            );
            assert_ok(&format!("rsvg-convert on {name}"), &out);
            assert!(fs::metadata(&png).map(|m| m.len() > 1000).unwrap_or(false));
        }
    }
}

#[test]
fn plantuml_checks_and_renders_every_diagram() {
    let Some(plantuml_bin) = tool("plantuml") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, model) in models() {
        let file = dir.path().join(format!("{name}.puml"));
        fs::write(&file, plantuml::render(&model, &Theme::light())).expect("write");
        let path = file.to_str().unwrap_or_default();
        let check = run(&plantuml_bin, &["-checkonly", path], dir.path());
        assert_ok(&format!("plantuml -checkonly on {name}"), &check);
        // PlantUML draws its own error page rather than failing: read what it drew.
        let out = run(
            &plantuml_bin,
            &["-tsvg", "-o", dir.path().to_str().unwrap_or("."), path],
            dir.path(),
        );
        assert_ok(&format!("plantuml -tsvg on {name}"), &out);
        let drawn = fs::read_to_string(dir.path().join(format!("{name}.svg"))).expect("svg");
        let text = xml_text(&drawn);
        for failure in [
            "Syntax Error",
            "An error has occured",
            "cannot parse result",
        ] {
            assert!(
                !text.contains(failure),
                "PlantUML failed on {name}: {text:.400}"
            );
        }
        if name == "hostile" {
            for label in expected_labels() {
                assert!(contains_collapsed(&text, &label), "PlantUML lost {label:?}");
            }
        }
    }
}

#[test]
fn mermaid_parses_and_renders_every_flowchart() {
    let Some(mmdc) = tool("mmdc") else { return };
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/puppeteer.json");
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, model) in models() {
        let file = dir.path().join(format!("{name}.mmd"));
        let svg_file = dir.path().join(format!("{name}.svg"));
        fs::write(&file, mermaid::render(&model, &Theme::light())).expect("write");
        let args = [
            "-q",
            "-p",
            config.to_str().unwrap_or_default(),
            "-i",
            file.to_str().unwrap_or_default(),
            "-o",
            svg_file.to_str().unwrap_or_default(),
        ];
        assert_ok(&format!("mmdc on {name}"), &run(&mmdc, &args, dir.path()));
        let drawn = fs::read_to_string(&svg_file).expect("mmdc wrote an SVG");
        let text = xml_text(&drawn);
        assert!(!text.contains("Syntax error"), "Mermaid failed on {name}");
        if name == "hostile" {
            for label in expected_labels() {
                assert!(contains_collapsed(&text, &label), "Mermaid lost {label:?}");
            }
        }
    }
}

#[test]
fn markdownlint_accepts_every_markdown_file() {
    let Some(lint) = tool("markdownlint-cli2") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, model) in models() {
        for (template, label) in [(Template::Madr, "madr"), (Template::Nygard, "nygard")] {
            let options = FolderOptions {
                template,
                mermaid: true,
                ..FolderOptions::default()
            };
            let target = dir.path().join(format!("{name}-{label}"));
            folder::plan(&target, adr::folder_files(&model, &options))
                .and_then(|p| p.apply())
                .expect("ADR folder");
        }
        fs::write(
            dir.path().join(format!("{name}-runbook.md")),
            runbook::render(&model),
        )
        .expect("write");
    }
    let out = run(&lint, &["**/*.md"], dir.path());
    assert_ok("markdownlint-cli2 (default rules)", &out);
    let report = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("Summary: 0 error(s)"), "{report}");
    assert!(
        !report.contains("Linting: 0 file(s)"),
        "the glob matched nothing: {report}"
    );
}
