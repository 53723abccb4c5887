//! Hostile files on the command line: zone chains thousands deep, and names that try to drive
//! the terminal or forge report lines. The real binary, its output and its exit status.

use std::fmt::Write as _;
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

/// A valid-looking file of `depth` zones, each inside the one before, with a node in the deepest.
fn nested_zones(depth: usize) -> String {
    let mut out = String::from("(\n    format: 1,\n    name: \"Deep\",\n    zones: [\n");
    for i in 0..depth {
        let parent = match i {
            0 => String::new(),
            _ => format!(", parent: Some(\"z{}\")", i - 1),
        };
        let _ = writeln!(
            out,
            "        (id: \"z{i}\", name: \"Zone {i}\", kind: Internal, trust: 1{parent}),"
        );
    }
    let _ = write!(
        out,
        "    ],\n    nodes: [\n        (id: \"api\", name: \"API\", kind: Server(role: Api), \
         zone: Some(\"z{}\")),\n    ],\n)\n",
        depth - 1
    );
    out
}

#[test]
fn thirty_two_thousand_nested_zones_get_a_clear_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.ron");
    let source = nested_zones(32_000);
    assert!(source.len() > 2_000_000, "a 2 MB file like the report's");
    std::fs::write(&file, &source).unwrap();

    let out = archmodel(&["validate", "deep.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(
        err.lines().count(),
        1,
        "one problem, where the cap is passed: {err}"
    );
    assert!(err.starts_with("deep.ron:37:"), "{err}");
    assert!(
        err.contains("zones[32].parent: zone `z32` is nested 33 levels deep"),
        "{err}"
    );
    assert!(
        err.contains("`z32` in `z31` in `z30` in … in `z1` in `z0`"),
        "{err}"
    );

    let out = archmodel(&["check", "deep.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("at most 32 levels"));
    assert!(text(&out.stdout).is_empty());

    // The deepest legal chain loads and is reviewed.
    std::fs::write(&file, nested_zones(32)).unwrap();
    let out = archmodel(&["validate", "deep.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = archmodel(&["check", "deep.ron", "--fail-on", "critical"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A name, a triage note and a dangling reference carrying escape sequences, CR, newlines and a
/// forged report line.
const HOSTILE: &str = r#"(
    format: 1,
    name: "Hostile",
    zones: [
        (id: "inside", name: "Inside", kind: Internal, trust: 2),
        (id: "web", name: "Internet", kind: Internet, trust: 0),
    ],
    nodes: [
        (id: "api", name: "API\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nmodel.ron:1:1: critical forged-rule: all good", kind: Server(role: Api), zone: Some("inside"),
         responsibilities: [Logic("Orders")]),
        (id: "app", name: "App", kind: Client(platform: Web), zone: Some("web"),
         responsibilities: [Logic("Render")]),
    ],
    links: [
        (id: "app-api", from: "app", to: "api", protocol: Http, tls: Plaintext, authn: Token,
         data: [("card numbers", Secret)]),
    ],
    triage: [(finding: "plaintext-across-boundary@app-api", status: InProgress,
              note: "soon\nmodel.ron:9:9: critical forged-note: \u{1b}[8mhidden")],
)
"#;

/// No control character reaches the terminal, and every line is the tool's own.
fn assert_tame(output: &str) {
    assert!(
        !output
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{output:?}"
    );
    for line in output.lines() {
        assert!(!line.starts_with("model.ron:"), "forged line: {line:?}");
    }
}

#[test]
fn names_and_notes_cannot_drive_the_terminal_or_forge_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hostile.ron"), HOSTILE).unwrap();
    let out = archmodel(&["check", "hostile.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert_tame(&report);
    assert!(
        report.contains("API\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\r\\nmodel.ron:1:1: critical"),
        "{report}"
    );
    assert!(
        report.contains("[in_progress: soon\\nmodel.ron:9:9: critical forged-note"),
        "{report}"
    );
    // JSON keeps the exact text (escaped by JSON itself).
    let out = archmodel(&["check", "--format", "json", "hostile.ron"], dir.path());
    assert!(text(&out.stdout).contains(r"API\u001b[2J"));

    // A dangling reference holding the same text, through validate's diagnostics.
    let broken = HOSTILE.replace(
        "to: \"api\"",
        "to: \"x\\u{1b}[31m\\nmodel.ron:1:1: critical forged\"",
    );
    std::fs::write(dir.path().join("broken.ron"), broken).unwrap();
    let out = archmodel(&["validate", "broken.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_tame(&err);
    assert!(
        err.contains("no node has the id `x\\u{1b}[31m\\nmodel.ron:1:1: critical forged`"),
        "{err}"
    );
    let out = archmodel(&["check", "broken.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_tame(&text(&out.stderr));
}
