//! Hostile labels in every format, checked in-process: the SVG is well-formed XML showing every
//! text the scene draws, the Markdown stays text (no HTML, no stray markup) and shows every
//! label, and the diagram languages keep each label inside its quotes. The real tools read the
//! same outputs in `export_consumers.rs`.

mod export_support;

use archmodel::export::adr::{self, AdrOptions, FolderOptions};
use archmodel::export::decisions::{self, Template};
use archmodel::export::escape;
use archmodel::export::svg::{self, SvgOptions};
use archmodel::export::{dot, mermaid, plantuml, runbook};
use archmodel::scene::{Scene, Shape, Theme};
use export_support::{HOSTILE, contains_collapsed, hostile_model, huge_names, shown, xml_text};
use pulldown_cmark::{Event, Options, Parser, Tag};

#[test]
fn svg_is_well_formed_and_shows_every_drawn_text() {
    let model = hostile_model();
    let svg_text = svg::render(&model, &SvgOptions::default());
    assert!(!svg_text.contains("<foreignObject") && !svg_text.contains("<script"));
    assert!(!svg_text.contains("href"), "no external references");
    let text = xml_text(&svg_text);
    let scene = Scene::build(&model, &Theme::light());
    let mut drawn = 0;
    for (_, shape) in scene.paint_order() {
        if let Shape::Text(t) = shape {
            assert!(
                contains_collapsed(&text, &shown(&t.text)),
                "missing {:?}",
                t.text
            );
            drawn += 1;
        }
    }
    assert!(drawn >= model.node_count(), "every node's name is drawn");
    // Full names (elided at 100 characters) are in the tooltips.
    for label in HOSTILE {
        assert!(
            contains_collapsed(&text, &shown(label)),
            "missing {label:?}"
        );
    }
}

/// Text and code of a Markdown document as a reader sees them; fails on any raw HTML.
fn markdown_text(md: &str) -> String {
    let mut out = String::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) => out.push(' '),
            // The only HTML allowed: markdownlint's switches around the Mermaid block.
            Event::Html(h) | Event::InlineHtml(h) if h.trim().starts_with("<!-- markdownlint-") => {
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in Markdown: {h}"),
            Event::Start(Tag::Table(_)) => panic!("a label became a table"),
            Event::Start(Tag::Strikethrough) => panic!("a label became strikethrough"),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.contains(':') => {
                panic!("a label became a link to {dest_url}")
            }
            Event::Start(Tag::Image { .. }) if !md.contains("](architecture.svg)") => {
                panic!("a label became an image")
            }
            _ => {}
        }
    }
    out
}

#[test]
fn architecture_adr_stays_text_and_shows_every_label() {
    let model = hostile_model();
    let md = adr::render(&model, &AdrOptions::default());
    let text = markdown_text(&md);
    for label in HOSTILE {
        assert!(
            contains_collapsed(&text, &shown(label)),
            "missing {label:?}"
        );
    }
    let (spaced, solid) = huge_names();
    assert!(contains_collapsed(&text, &spaced) && text.contains(&solid));
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    assert!(
        (10..40).contains(&headings),
        "labels must not become headings: {headings}"
    );
}

#[test]
fn decision_records_stay_text_in_both_templates() {
    let model = hostile_model();
    for template in [Template::Madr, Template::Nygard] {
        let records = decisions::records(&model, template);
        assert_eq!(records.len(), 3);
        let first = markdown_text(&records[0].text);
        for label in HOSTILE {
            assert!(
                contains_collapsed(&first, &shown(label)),
                "{template:?}: missing {label:?}"
            );
        }
        // Supersede links both ways.
        assert!(records[0].text.contains("Superseded by [ADR-0002: "));
        assert!(
            records[0]
                .text
                .contains(&format!("]({})", records[1].file_name))
        );
        assert!(records[1].text.contains("Supersedes [ADR-0001: "));
        assert!(
            records[1]
                .text
                .contains(&format!("]({})", records[0].file_name))
        );
        let second = markdown_text(&records[1].text);
        assert!(contains_collapsed(&second, &huge_names().0));
        assert_eq!(records[2].file_name, "0003-decision.md");
    }
    markdown_text(&decisions::index(&model, true));
}

#[test]
fn madr_front_matter_is_quoted_yaml() {
    let model = hostile_model();
    let records = decisions::records(&model, Template::Madr);
    let front = records[0].text.split("\n---\n").next().unwrap_or("");
    for line in front.lines().skip(1) {
        let value = line
            .trim_start_matches("  - ")
            .splitn(2, ": ")
            .last()
            .unwrap_or("");
        if line.ends_with(':') {
            continue;
        }
        assert!(
            value.starts_with('"') && value.ends_with('"'),
            "unquoted: {line}"
        );
        assert!(!value.contains('\n'));
    }
}

#[test]
fn markdown_lines_fit_80_columns_where_they_can() {
    let model = hostile_model();
    let files = adr::folder_files(&model, &FolderOptions::default());
    let mut docs: Vec<String> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".md"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    docs.push(runbook::render(&model));
    for doc in docs {
        for line in doc.lines() {
            if line.chars().count() > 80 {
                // Only one unbreakable word may run past the edge (what markdownlint allows).
                let past: String = line.chars().skip(80).collect();
                assert!(
                    !past.contains(' '),
                    "long line with spaces past 80: {line:.120}"
                );
            }
        }
        markdown_text(&doc);
    }
}

#[test]
fn diagram_languages_keep_labels_inside_their_quotes() {
    let model = hostile_model();
    let theme = Theme::light();
    let mmd = mermaid::render(&model, &theme);
    let dot_text = dot::render(&model, &theme);
    let puml = plantuml::render(&model, &theme);
    for line in mmd.lines().skip(1) {
        // Every quoted label is closed on its line, and holds no raw markup: only entity codes.
        let parts: Vec<&str> = line.split('"').collect();
        assert_eq!(parts.len() % 2, 1, "unbalanced quotes: {line}");
        for label in parts.iter().skip(1).step_by(2) {
            assert!(!label.contains(['<', '>', '&', '`']), "{line}");
            for (i, _) in label.match_indices('#') {
                let code = &label[i + 1..];
                let digits = code.chars().take_while(char::is_ascii_digit).count();
                assert!(
                    digits > 0 && code[digits..].starts_with(';'),
                    "stray # in {line}"
                );
            }
        }
    }
    assert!(mmd.lines().filter(|l| l.trim() == "end").count() == model.zones.len());
    for line in dot_text.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
    }
    assert_eq!(puml.matches("@startuml").count(), 1);
    assert_eq!(puml.matches("@enduml").count(), 1);
    for line in puml.lines() {
        assert!(
            !line.contains("!include") && !line.contains("<img") && !line.contains("[["),
            "{line}"
        );
    }
    // Long names are elided, so no diagram gets near Mermaid's 50,000-character limit.
    assert!(mmd.len() < 20_000 && dot_text.len() < 30_000 && puml.len() < 60_000);
    assert!(mmd.contains(&mermaid::quoted(&escape::label(&huge_names().0))));
}
