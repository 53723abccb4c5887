//! The command line, run as a user runs it: the real binary, its output and its exit status.

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

const BROKEN_LINK: &str = r#"(
    format: 1,
    name: "Broken",
    nodes: [
        (id: "a", name: "A", kind: Cdn),
    ],
    links: [
        (id: "a-b", from: "a", to: "b", protocol: Https, tls: Tls13, authn: None),
    ],
)
"#;

const PLAINTEXT_FROM_INTERNET: &str = r#"(
    format: 1,
    name: "Critical",
    zones: [
        (id: "inside", name: "Inside", kind: Internal, trust: 2),
        (id: "web", name: "Internet", kind: Internet, trust: 0),
    ],
    nodes: [
        (id: "api", name: "API", kind: Server(role: Api), zone: Some("inside"),
         responsibilities: [Logic("Orders")]),
        (id: "app", name: "App", kind: Client(platform: Web), zone: Some("web"),
         responsibilities: [Logic("Render")]),
    ],
    links: [
        (id: "app-api", from: "app", to: "api", protocol: Http, tls: Plaintext, authn: Token,
         data: [("card numbers", Secret)]),
    ],
    triage: [],
)
"#;

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = archmodel(&["--version"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("archmodel {}", env!("CARGO_PKG_VERSION"))
    );
    for sub in ["new", "validate", "fmt"] {
        let out = archmodel(&[sub, "--help"], dir.path());
        assert!(out.status.success(), "{sub} --help");
        assert!(text(&out.stdout).contains("Exit status"), "{sub} --help");
    }
}

#[test]
fn new_creates_each_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    for t in ["web-app", "mobile-backend", "p2p-offline-first", "empty"] {
        let file = format!("{t}.ron");
        let out = archmodel(&["new", &file, "--template", t], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let out = archmodel(&["validate", &file], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let before = std::fs::read(dir.path().join(&file)).unwrap();
        let out = archmodel(&["new", &file, "--template", "empty"], dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("already exists"));
        assert_eq!(std::fs::read(dir.path().join(&file)).unwrap(), before);
    }
    let out = archmodel(&["new", "x.ron", "--template", "nonsense"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("x.ron").exists());
}

#[test]
fn validate_reports_file_line_column_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.ron"), BROKEN_LINK).unwrap();
    archmodel(&["new", "good.ron", "--template", "web-app"], dir.path());

    let out = archmodel(&["validate", "good.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("good.ron: valid"));

    let out = archmodel(&["validate", "good.ron", "bad.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.ron:8:36: links[0].to: no node has the id `b`"),
        "{err}"
    );

    let out = archmodel(&["validate", "missing.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.ron: cannot read"));

    let out = archmodel(&["validate"], dir.path());
    assert_eq!(out.status.code(), Some(2), "no files is a usage error");
}

#[test]
fn fmt_rewrites_and_check_names_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    archmodel(&["new", "m.ron", "--template", "web-app"], dir.path());
    let path = dir.path().join("m.ron");
    let canonical = std::fs::read_to_string(&path).unwrap();

    let out = archmodel(&["fmt", "--check", "m.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).is_empty());

    // Same model, different whitespace and order: reformatting restores the canonical text.
    let messy = canonical
        .replace("\n    ", "\n  ")
        .replacen("(\n", "(  // a comment\n", 1);
    std::fs::write(&path, &messy).unwrap();
    let out = archmodel(&["fmt", "--check", "m.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("m.ron: would be reformatted"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check writes nothing"
    );

    // Formatting would drop the comment: refused, the file untouched, unless asked for.
    let out = archmodel(&["fmt", "m.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("m.ron:1:4: the file has 1 comment"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("--drop-comments"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), messy);
    let out = archmodel(&["fmt", "--drop-comments", "m.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("m.ron: formatted (comments dropped)"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), canonical);

    std::fs::write(dir.path().join("bad.ron"), BROKEN_LINK).unwrap();
    let out = archmodel(&["fmt", "bad.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.ron")).unwrap(),
        BROKEN_LINK
    );
}

#[test]
fn newer_format_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let newer = BROKEN_LINK.replace("format: 1", "format: 2");
    std::fs::write(dir.path().join("new.ron"), &newer).unwrap();
    for args in [&["validate", "new.ron"][..], &["fmt", "new.ron"][..]] {
        let out = archmodel(args, dir.path());
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("new.ron:2:13:") && err.contains("format 2"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.ron")).unwrap(),
        newer
    );
}

#[test]
fn check_exit_codes_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    archmodel(&["new", "web.ron", "--template", "web-app"], dir.path());
    archmodel(&["new", "empty.ron", "--template", "empty"], dir.path());
    std::fs::write(dir.path().join("bad.ron"), BROKEN_LINK).unwrap();

    let out = archmodel(&["check", "empty.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let out = archmodel(&["check", "web.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1), "the example has high findings");
    let report = text(&out.stdout);
    assert!(
        report.contains("web.ron:") && report.contains("Security ("),
        "{report}"
    );

    // Plain HTTP from the internet into an internal zone carrying secrets: critical.
    std::fs::write(dir.path().join("critical.ron"), PLAINTEXT_FROM_INTERNET).unwrap();
    let out = archmodel(
        &["check", "critical.ron", "--fail-on", "critical"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("critical plaintext-across-boundary"));
    let triaged = PLAINTEXT_FROM_INTERNET.replace(
        "triage: []",
        "triage: [
            (finding: \"credentials-in-plaintext@app-api\", status: Accepted),
            (finding: \"plaintext-across-boundary@app-api\", status: Mitigated),
            (finding: \"unguarded-internet-access@api\", status: FalsePositive),
        ]",
    );
    std::fs::write(dir.path().join("critical.ron"), triaged).unwrap();
    let out = archmodel(
        &["check", "critical.ron", "--fail-on", "critical"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "settled findings do not fail the check"
    );
    let args = [
        "check",
        "critical.ron",
        "--fail-on",
        "critical",
        "--include-triaged",
    ];
    assert_eq!(archmodel(&args, dir.path()).status.code(), Some(1));
    let out = archmodel(&["check", "bad.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.ron:8:36:"));
    let out = archmodel(&["check", "web.ron", "--fail-on", "severe"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown severity is a usage error"
    );

    let out = archmodel(
        &["check", "web.ron", "empty.ron", "--format", "json"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = json.as_array().expect("one report per file");
    assert_eq!(reports.len(), 2);
    assert!(!reports[0]["findings"].as_array().unwrap().is_empty());

    let out = archmodel(&["check", "web.ron", "--format", "sarif"], dir.path());
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "archmodel");
    assert!(
        !run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let result = &run["results"][0];
    assert!(result["ruleId"].is_string() && result["level"].is_string());
    assert!(result["message"]["text"].is_string());
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn rules_lists_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let out = archmodel(&["rules"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    for id in [
        "plaintext-across-boundary",
        "chatty-client",
        "p2p-no-conflict-strategy",
    ] {
        assert!(listing.contains(id), "{id} missing from\n{listing}");
    }
}
