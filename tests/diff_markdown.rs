//! The diff as a pull-request comment: pinned by a snapshot, accepted by markdownlint-cli2 with
//! its default rules, and hostile names kept as text.

mod diff_support;
mod export_support;

use archmodel::diff::{self, markdown};
use archmodel::model::Model;
use diff_support::{edited, shop, shop_changed};
use export_support::{HOSTILE, assert_ok, hostile_model, run, tool};

/// The hostile model after a change to every hostile-named element it has.
fn hostile_pair() -> (Model, Model) {
    let old = hostile_model();
    let new = edited(&old, |d| {
        for (i, n) in d.nodes.iter_mut().enumerate() {
            n.name = format!("{} {}", HOSTILE[(i + 3) % HOSTILE.len()], n.name);
            n.replicas = 2;
        }
        for l in &mut d.links {
            l.tls = archmodel::model::Tls::None;
            l.protocol = archmodel::model::Protocol::Http;
            l.authn = archmodel::model::Authn::None;
        }
        d.name = HOSTILE[4].to_owned();
        d.zones.retain(|z| z.id != "outer" && z.id != "inner");
        for dec in &mut d.decisions {
            dec.concerns.retain(|c| c != "outer" && c != "inner");
        }
        for n in &mut d.nodes {
            n.zone = None;
        }
        for c in &mut d.contracts {
            c.name = HOSTILE[7].to_owned();
        }
        if let Some(first) = d.nodes.first().map(|n| n.id.clone()) {
            d.layout
                .positions
                .insert(first, archmodel::model::Point(1.0, 2.0));
        }
    });
    (old, new)
}

#[test]
fn the_markdown_of_a_change_is_pinned() {
    let d = diff::diff(&shop(), &shop_changed());
    insta::assert_snapshot!("shop-change.md", markdown::render(&d));
}

#[test]
fn no_change_says_so() {
    let d = diff::diff(&shop(), &shop());
    let md = markdown::render(&d);
    assert!(md.contains("No changes"), "{md}");
    assert_eq!(md.lines().count(), 3, "{md}");
}

#[test]
fn hostile_names_stay_text() {
    let (old, new) = hostile_pair();
    let md = markdown::render(&diff::diff(&old, &new));
    let parser = pulldown_cmark::Parser::new(&md);
    for event in parser {
        match event {
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                panic!("hostile text became HTML: {h}")
            }
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                panic!("hostile text became a link to {dest_url}")
            }
            _ => {}
        }
    }
    let long = md
        .lines()
        .find(|l| l.chars().count() > 80 && l.trim().contains(' '));
    assert_eq!(long, None, "a line runs over 80 columns");
}

#[test]
fn markdownlint_accepts_the_diff() {
    let Some(lint) = tool("markdownlint-cli2") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = hostile_pair();
    let pairs = [
        ("shop", shop(), shop_changed()),
        ("shop-reverse", shop_changed(), shop()),
        ("same", shop(), shop()),
        ("hostile", old, new),
    ];
    for (name, a, b) in pairs {
        let md = markdown::render(&diff::diff(&a, &b));
        std::fs::write(dir.path().join(format!("{name}.md")), md).expect("write");
    }
    let out = run(&lint, &["*.md"], dir.path());
    assert_ok("markdownlint-cli2 (default rules)", &out);
    let report = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("Summary: 0 error(s)"), "{report}");
}
