//! `archmodel import` and the interchange exports run as a user runs them: the real binary, its
//! files, its standard error and its exit status.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn archmodel(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archmodel"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn import_writes_a_valid_model_and_lists_what_it_could_not_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, format) in [
        ("threat-dragon-v2.json", "OWASP Threat Dragon"),
        ("shop.otm.json", "Open Threat Model"),
        ("checkout.mmd", "Mermaid"),
        ("bank.dsl", "Structurizr"),
    ] {
        let out = archmodel(
            &["import", &fixture(file), "-o", "model.ron", "--force"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(format), "{}", text(&out.stdout));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("not mapped:"),
            "{file} reports nothing: {stderr}"
        );
        let check = archmodel(&["validate", "model.ron"], dir.path());
        assert_eq!(
            check.status.code(),
            Some(0),
            "{file}: {}",
            text(&check.stdout)
        );
    }
}

#[test]
fn import_without_output_prints_the_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = archmodel(&["import", &fixture("checkout.mmd")], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let model = archmodel::io::parse(&text(&out.stdout)).expect("the output is a model");
    assert!(model.node("order-service").is_some());
}

#[test]
fn import_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("mine.ron"), "precious").expect("write");
    let out = archmodel(
        &["import", &fixture("bank.dsl"), "-o", "mine.ron"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("mine.ron")).expect("read"),
        "precious"
    );
    let out = archmodel(
        &["import", &fixture("bank.dsl"), "-o", "mine.ron", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn unknown_or_broken_sources_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("notes.txt"), "just some notes").expect("write");
    let out = archmodel(&["import", "notes.txt", "-o", "out.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for name in ["threat-dragon", "otm", "mermaid", "structurizr"] {
        assert!(err.contains(name), "{err}");
    }
    assert!(!dir.path().join("out.ron").exists());

    fs::write(dir.path().join("bad.json"), "{\"otmVersion\": \"0.2.0\",").expect("write");
    let out = archmodel(&["import", "bad.json", "--from", "otm"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 1"),
        "{}",
        text(&out.stderr)
    );

    fs::write(dir.path().join("binary.mmd"), [0xff, 0xfe, 0x00]).expect("write");
    let out = archmodel(&["import", "binary.mmd"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("UTF-8"), "{}", text(&out.stderr));
}

#[test]
fn from_overrides_sniffing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = archmodel(
        &["import", &fixture("checkout.mmd"), "--from", "structurizr"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("workspace"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn export_writes_otm_openapi_and_the_compatibility_matrix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/web-app.ron");
    let model = model.display().to_string();
    let out = archmodel(
        &[
            "export",
            &model,
            "--otm",
            "shop.otm.json",
            "--openapi",
            "api",
            "--compat-matrix",
            "compat",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let otm = fs::read_to_string(dir.path().join("shop.otm.json")).expect("otm");
    assert!(otm.contains("\"otmVersion\": \"0.2.0\""));
    assert!(dir.path().join("api/shop-api.openapi.json").is_file());
    let md = fs::read_to_string(dir.path().join("compat.md")).expect("md");
    assert!(md.contains("| Client release |"), "{md}");
    let csv = fs::read_to_string(dir.path().join("compat.csv")).expect("csv");
    assert!(
        csv.starts_with("client,client_name,release,contract"),
        "{csv}"
    );
    assert!(csv.contains("broken"), "{csv}");

    // The exported OTM imports back into the same model.
    let back = archmodel(&["import", "shop.otm.json", "-o", "back.ron"], dir.path());
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
    let original = archmodel::io::load(Path::new(&model)).expect("loads");
    let again = archmodel::io::load(&dir.path().join("back.ron")).expect("loads");
    assert_eq!(original, again);

    // Exporting again keeps files people put in the OpenAPI folder.
    fs::write(dir.path().join("api/notes.md"), "ours").expect("write");
    let out = archmodel(&["export", &model, "--openapi", "api"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("api/notes.md")).expect("read"),
        "ours"
    );
}
