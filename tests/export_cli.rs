//! `archmodel export` as a docs pipeline runs it: several outputs at once, exit status 2 with a
//! message and nothing written on any error, one zone, standard output, and an ADR folder that
//! exporting again updates without touching files people put there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples/web-app.ron");

fn archmodel(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archmodel"))
        .arg("export")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn every_format_at_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let args = [
        EXAMPLE,
        "--svg",
        "d.svg",
        "--png",
        "d.png",
        "--mermaid",
        "d.mmd",
        "--dot",
        "d.dot",
        "--plantuml",
        "d.puml",
        "--runbook",
        "runbook.md",
        "--adr",
        "adr",
        "--theme",
        "dark",
        "--scale",
        "2",
        "--adr-template",
        "nygard",
    ];
    let out = archmodel(&args, tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for f in ["d.svg", "d.png", "d.mmd", "d.dot", "d.puml", "runbook.md"] {
        assert!(
            fs::metadata(tmp.path().join(f))
                .map(|m| m.len() > 100)
                .unwrap_or(false),
            "{f}"
        );
    }
    let adr = listing(&tmp.path().join("adr"));
    assert!(adr.contains(&"architecture.md".to_owned()) && adr.contains(&"index.md".to_owned()));
    assert!(adr.contains(&".archmodel-export".to_owned()));
    let first = adr
        .iter()
        .find(|n| n.starts_with("0001-"))
        .expect("decision 1");
    let text = fs::read_to_string(tmp.path().join("adr").join(first)).expect("read");
    assert!(
        text.starts_with("# 1. ") && text.contains("\nDate: "),
        "Nygard style"
    );
    let svg = fs::read_to_string(tmp.path().join("d.svg")).expect("svg");
    assert!(svg.contains("#111827"), "dark background");
}

#[test]
fn an_error_writes_nothing_and_exits_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = archmodel(
        &[
            EXAMPLE,
            "--svg",
            "ok.svg",
            "--dot",
            "ok.dot",
            "--png",
            "missing/d.png",
            "--adr",
            "adr",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing"), "{}", stderr(&out));
    assert!(
        listing(tmp.path()).is_empty(),
        "left behind: {:?}",
        listing(tmp.path())
    );
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cases: [&[&str]; 6] = [
        &[EXAMPLE],
        &[EXAMPLE, "--svg", "a.svg", "--dot", "a.svg"],
        &[EXAMPLE, "--svg", "-", "--dot", "-"],
        &[EXAMPLE, "--png", "a.png", "--scale", "0"],
        &[EXAMPLE, "--svg", "a.svg", "--zone", "no-such-zone"],
        &["no-such-model.ron", "--svg", "a.svg"],
    ];
    for args in cases {
        let out = archmodel(args, tmp.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).trim().is_empty(), "{args:?}: no message");
    }
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn an_invalid_model_is_reported_with_its_location() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(
        tmp.path().join("bad.ron"),
        "(\n    format: 1,\n    name: 3,\n)\n",
    )
    .expect("write");
    let out = archmodel(&["bad.ron", "--svg", "a.svg"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.ron:3:"), "{}", stderr(&out));
    assert!(!tmp.path().join("a.svg").exists());
}

#[test]
fn one_zone_and_standard_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = archmodel(&[EXAMPLE, "--mermaid", "-"], tmp.path());
    let zone = archmodel(&[EXAMPLE, "--mermaid", "-", "--zone", "dmz"], tmp.path());
    assert!(
        whole.status.success() && zone.status.success(),
        "{}",
        stderr(&zone)
    );
    let (whole, zone) = (
        String::from_utf8_lossy(&whole.stdout),
        String::from_utf8_lossy(&zone.stdout),
    );
    assert!(whole.starts_with("flowchart LR") && zone.starts_with("flowchart LR"));
    assert!(zone.lines().count() < whole.lines().count());
    assert!(zone.contains("z_dmz"));
    assert!(listing(tmp.path()).is_empty(), "stdout only");
}

fn adr_export(dir: &Path, model: &Path, template: &str) -> Output {
    archmodel(
        &[
            model.to_str().unwrap_or_default(),
            "--adr",
            "adr",
            "--adr-template",
            template,
        ],
        dir,
    )
}

#[test]
fn exporting_again_updates_only_owned_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let model: PathBuf = tmp.path().join("m.ron");
    fs::copy(EXAMPLE, &model).expect("copy");
    let adr = tmp.path().join("adr");
    assert!(adr_export(tmp.path(), &model, "madr").status.success());
    fs::write(adr.join("notes.md"), "mine").expect("own file");
    fs::write(adr.join("0001-old-numbering.md"), "mine too").expect("own file");
    let before = listing(&adr);

    // Same model again: nothing changes.
    assert!(adr_export(tmp.path(), &model, "madr").status.success());
    assert_eq!(listing(&adr), before);

    // Another template: the records are rewritten, people's files stay.
    assert!(adr_export(tmp.path(), &model, "nygard").status.success());
    assert_eq!(
        fs::read_to_string(adr.join("notes.md")).ok().as_deref(),
        Some("mine")
    );
    let index = fs::read_to_string(adr.join("index.md")).expect("index");
    assert!(index.contains("](0001-"));

    // A retitled decision: its old file goes, the new one comes.
    let text = fs::read_to_string(&model).expect("model");
    let old = before
        .iter()
        .find(|n| n.starts_with("0001-") && *n != "0001-old-numbering.md");
    let old = old.expect("decision 1 file").clone();
    let retitled = text.replacen(
        "number: 1,\n            title: \"",
        "number: 1,\n            title: \"Renamed ",
        1,
    );
    assert_ne!(
        retitled, text,
        "the example's first decision has the expected layout"
    );
    fs::write(&model, retitled).expect("write");
    let out = adr_export(tmp.path(), &model, "nygard");
    assert!(out.status.success(), "{}", stderr(&out));
    let after = listing(&adr);
    assert!(!after.contains(&old), "stale {old} removed");
    assert!(after.iter().any(|n| n.starts_with("0001-renamed-")));
    assert!(after.contains(&"0001-old-numbering.md".to_owned()));
}

#[test]
fn a_file_in_the_way_stops_the_export() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let adr = tmp.path().join("adr");
    fs::create_dir(&adr).expect("mkdir");
    fs::write(adr.join("index.md"), "my own index").expect("write");
    let out = archmodel(&[EXAMPLE, "--adr", "adr", "--svg", "d.svg"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("index.md"), "{}", stderr(&out));
    assert_eq!(listing(&adr), ["index.md"]);
    assert!(!tmp.path().join("d.svg").exists());
}
