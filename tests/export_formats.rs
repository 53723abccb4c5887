//! Every export format on every bundled example, pinned with insta snapshots; the PNG checked
//! for size, scale and drawn text.

use archmodel::examples::EXAMPLES;
use archmodel::export::adr::{self, AdrOptions};
use archmodel::export::decisions::{self, Template};
use archmodel::export::png::{self, PngOptions};
use archmodel::export::svg::{self, SvgOptions};
use archmodel::export::{ExportError, dot, mermaid, plantuml, runbook, subset};
use archmodel::model::Model;
use archmodel::scene::{Theme, ThemeKind};
use resvg::tiny_skia::Pixmap;

fn examples() -> Vec<(&'static str, Model)> {
    EXAMPLES
        .iter()
        .map(|e| (e.name, e.model().expect("the bundled examples load")))
        .collect()
}

#[test]
fn diagram_text_formats() {
    let theme = Theme::light();
    for (name, model) in examples() {
        insta::assert_snapshot!(format!("{name}.mmd"), mermaid::render(&model, &theme));
        insta::assert_snapshot!(format!("{name}.dot"), dot::render(&model, &theme));
        insta::assert_snapshot!(format!("{name}.puml"), plantuml::render(&model, &theme));
    }
}

#[test]
fn svg_light_and_dark() {
    for (name, model) in examples() {
        insta::assert_snapshot!(
            format!("{name}.svg"),
            svg::render(&model, &SvgOptions::default())
        );
    }
    let (name, model) = &examples()[0];
    let dark = SvgOptions {
        theme: ThemeKind::Dark,
        title: false,
        legend: false,
    };
    insta::assert_snapshot!(format!("{name}-dark-plain.svg"), svg::render(model, &dark));
}

#[test]
fn architecture_adr_and_runbook() {
    for (name, model) in examples() {
        let options = AdrOptions {
            diagram: Some("architecture.svg".into()),
            mermaid: Some(mermaid::render(&model, &Theme::light())),
            decisions_index: Some("index.md".into()),
        };
        insta::assert_snapshot!(
            format!("{name}-architecture.md"),
            adr::render(&model, &options)
        );
        insta::assert_snapshot!(format!("{name}-runbook.md"), runbook::render(&model));
    }
}

#[test]
fn decision_records_in_both_templates() {
    for (name, model) in examples() {
        for (template, label) in [(Template::Madr, "madr"), (Template::Nygard, "nygard")] {
            let all: String = decisions::records(&model, template)
                .iter()
                .map(|r| format!("=== {} ===\n{}", r.file_name, r.text))
                .collect();
            insta::assert_snapshot!(format!("{name}-decisions-{label}"), all);
        }
        insta::assert_snapshot!(format!("{name}-index.md"), decisions::index(&model, true));
    }
}

#[test]
fn one_zone_and_its_neighbours() {
    let (_, model) = &examples()[0];
    let zone = model
        .zones
        .first()
        .map(|z| z.id.clone())
        .expect("the example has zones");
    let part = subset(model, &zone).expect("subset");
    assert!(part.node_count() < model.node_count());
    insta::assert_snapshot!(
        format!("zone-{zone}.mmd"),
        mermaid::render(&part, &Theme::light())
    );
    assert!(matches!(
        subset(model, "no-such-zone"),
        Err(ExportError::NoSuchZone(_))
    ));
}

#[test]
fn adr_folder_holds_every_file() {
    let (_, model) = &examples()[0];
    let files = adr::folder_files(model, &adr::FolderOptions::default());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"architecture.md") && names.contains(&"architecture.svg"));
    assert!(names.contains(&"index.md"));
    assert_eq!(names.len(), 3 + model.decisions.len());
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("0001-") && n.ends_with(".md"))
    );
}

fn decode(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("a valid PNG")
}

/// Pixels that differ between two images of the same size.
fn differing(a: &Pixmap, b: &Pixmap) -> usize {
    a.pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(x, y)| x != y)
        .count()
}

#[test]
fn png_scales_past_4096_pixels_and_draws_text() {
    let (_, model) = &examples()[0];
    let one = decode(&png::render(model, &PngOptions::default()).expect("1x"));
    let options = PngOptions {
        scale: 3.0,
        ..PngOptions::default()
    };
    let three = decode(&png::render(model, &options).expect("3x"));
    assert!(three.width() > 4096, "3x is {} px wide", three.width());
    assert!(three.width().abs_diff(one.width() * 3) <= 3);
    assert!(three.height().abs_diff(one.height() * 3) <= 3);

    // The same picture with its text removed differs: the bundled font drew the text.
    let svg_text = svg::render(model, &SvgOptions::default());
    let no_text = strip_text(&svg_text);
    let with = decode(&png::rasterize(&svg_text, 1.0).expect("png"));
    let without = decode(&png::rasterize(&no_text, 1.0).expect("png"));
    let drawn = differing(&with, &without);
    assert!(drawn > 5_000, "text drew only {drawn} pixels");
}

fn strip_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</text>")
            .map(|e| start + e + 7)
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn png_themes_paint_their_background() {
    let (_, model) = &examples()[0];
    for kind in [ThemeKind::Light, ThemeKind::Dark] {
        let options = PngOptions {
            svg: SvgOptions {
                theme: kind,
                ..SvgOptions::default()
            },
            scale: 1.0,
        };
        let image = decode(&png::render(model, &options).expect("png"));
        let corner = image.pixel(1, 1).expect("a pixel");
        let bg = Theme::of(kind).background;
        assert_eq!(
            (corner.red(), corner.green(), corner.blue()),
            (bg.r, bg.g, bg.b)
        );
    }
}

#[test]
fn png_too_large_is_an_error_not_a_crash() {
    let (_, model) = &examples()[0];
    let options = PngOptions {
        scale: 100.0,
        ..PngOptions::default()
    };
    assert!(matches!(
        png::render(model, &options),
        Err(ExportError::ImageTooLarge { .. })
    ));
}
