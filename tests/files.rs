//! Model files on disk: every kind of bad input is refused with words that say what is wrong and
//! the line, column and field where it is; huge files are refused before they are read; big valid
//! files and files in older formats load.

use std::fs;
use std::path::{Path, PathBuf};

use archmodel::generate;
use archmodel::io::{self, Diagnostic, LoadError, MAX_FILE_BYTES, Position};
use archmodel::model::DecisionStatus;

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

/// The diagnostics of a fixture in `bad/`, which must be refused as an invalid model.
fn diagnostics(name: &str) -> Vec<Diagnostic> {
    match io::load(&fixture("bad", name)) {
        Err(LoadError::Invalid(d)) => {
            assert!(!d.is_empty(), "{name}: no diagnostics");
            d
        }
        Err(other) => panic!("{name}: expected an invalid-model error, got {other:?}"),
        Ok(_) => panic!("{name}: loaded although it is bad"),
    }
}

/// Checks one diagnostic: line and column, field path, and words of the message.
#[track_caller]
fn check(d: &Diagnostic, (line, col): (usize, usize), path: &str, words: &[&str]) {
    assert_eq!(
        (d.position.line, d.position.col),
        (line, col),
        "position of {d}"
    );
    assert_eq!(d.path, path, "path of {d}");
    for w in words {
        assert!(d.message.contains(w), "`{w}` missing from {d}");
    }
    // The displayed form leads with the location, the way editors and CI logs expect.
    assert!(d.to_string().starts_with(&format!("{line}:{col}: ")), "{d}");
}

/// Every fixture in `bad/` with the test that checks it, so a new fixture cannot go untested.
const BAD: &[&str] = &[
    "dangling-contract.ron",
    "dangling-link-end.ron",
    "dangling-zone.ron",
    "deeply-nested.ron",
    "duplicate-id.ron",
    "malformed-syntax.ron",
    "newer-format.ron",
    "not-utf8.ron",
    "truncated.ron",
    "unknown-field.ron",
    "wrong-type.ron",
    "zone-cycle.ron",
];

#[test]
fn every_bad_fixture_is_refused_and_left_untouched() {
    let mut found: Vec<String> = fs::read_dir(fixture("bad", ""))
        .expect("the fixture folder exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(
        found, BAD,
        "add a test for each new fixture in tests/fixtures/bad"
    );
    for name in BAD {
        let path = fixture("bad", name);
        let before = fs::read(&path).expect("readable");
        let err = io::load(&path)
            .err()
            .unwrap_or_else(|| panic!("{name} loaded"));
        for d in err.diagnostics() {
            assert!(d.position.line >= 1 && d.position.col >= 1, "{name}: {d}");
            assert!(!d.message.is_empty(), "{name}");
        }
        assert_eq!(
            fs::read(&path).expect("readable"),
            before,
            "{name} was changed"
        );
    }
}

#[test]
fn malformed_syntax_names_the_missing_comma() {
    let d = diagnostics("malformed-syntax.ron");
    check(&d[0], (6, 9), "zones", &["expected comma"]);
}

#[test]
fn a_truncated_file_says_it_ends_too_early() {
    let d = diagnostics("truncated.ron");
    // The path ends in `?` (serde_path_to_error's unknown field); the node is what matters.
    assert!(d[0].path.starts_with("nodes[1]"), "{}", d[0]);
    assert_eq!((d[0].position.line, d[0].position.col), (8, 25), "{}", d[0]);
    assert!(d[0].message.contains("ends too early"), "{}", d[0]);
}

#[test]
fn a_wrongly_typed_field_names_the_expected_type() {
    let d = diagnostics("wrong-type.ron");
    check(&d[0], (6, 51), "zones[1].trust", &["expected integer"]);
}

#[test]
fn an_unknown_field_is_named_with_the_fields_allowed() {
    let d = diagnostics("unknown-field.ron");
    check(
        &d[0],
        (6, 59),
        "nodes[1].colour",
        &["`colour`", "`Node`", "expected one of", "`replicas`"],
    );
}

#[test]
fn a_dangling_link_end_points_at_the_link_field() {
    let d = diagnostics("dangling-link-end.ron");
    assert_eq!(d.len(), 1, "{d:?}");
    check(
        &d[0],
        (10, 44),
        "links[1].to",
        &["no node has the id `ghost`"],
    );
}

#[test]
fn a_dangling_zone_points_at_the_node_field() {
    let d = diagnostics("dangling-zone.ron");
    check(
        &d[0],
        (9, 65),
        "nodes[1].zone",
        &["no trust zone has the id `mars`"],
    );
}

#[test]
fn a_dangling_contract_points_at_the_link_field() {
    let d = diagnostics("dangling-contract.ron");
    check(
        &d[0],
        (16, 23),
        "links[0].contract",
        &["no contract has the id `shop-api`"],
    );
}

#[test]
fn a_zone_cycle_is_reported_on_every_zone_in_it() {
    let d = diagnostics("zone-cycle.ron");
    assert_eq!(d.len(), 2, "{d:?}");
    check(&d[0], (5, 72), "zones[0].parent", &["`outer`", "cycle"]);
    check(&d[1], (6, 72), "zones[1].parent", &["`inner`", "cycle"]);
}

#[test]
fn a_duplicate_id_names_both_places() {
    let d = diagnostics("duplicate-id.ron");
    check(
        &d[0],
        (9, 14),
        "links[0].id",
        &["`api`", "already used at nodes[0].id"],
    );
}

#[test]
fn a_newer_format_is_refused_naming_both_versions() {
    let err = io::load(&fixture("bad", "newer-format.ron")).expect_err("refused");
    let LoadError::NewerFormat {
        found,
        supported,
        position,
    } = &err
    else {
        panic!("expected NewerFormat, got {err:?}");
    };
    assert_eq!((*found, *supported), (9, io::FORMAT));
    assert_eq!(*position, Position { line: 2, col: 13 });
    let d = err.diagnostics();
    check(
        &d[0],
        (2, 13),
        "format",
        &["format 9", "format 1", "newer archmodel", "left untouched"],
    );
}

#[test]
fn deep_nesting_is_refused_quickly_at_the_first_wrong_bracket() {
    let d = diagnostics("deeply-nested.ron");
    check(
        &d[0],
        (4, 13),
        "nodes[0]",
        &["expected opening `(`", "`Node`"],
    );
    // Far deeper than the fixture, built here, in every bracket kind.
    for open in ["[", "(", "{", "Some("] {
        let text = format!("(format: 1, name: \"x\", nodes: [{}", open.repeat(200_000));
        assert!(io::parse(&text).is_err(), "{open}");
    }
}

#[test]
fn text_that_is_not_utf8_is_located() {
    let d = diagnostics("not-utf8.ron");
    check(&d[0], (3, 15), "", &["not UTF-8"]);
}

/// A well-formed model of about `bytes` bytes: many small nodes.
fn huge_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    text.push_str("(\n    format: 1,\n    name: \"Huge\",\n    nodes: [\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str("        (id: \"n");
        text.push_str(&i.to_string());
        text.push_str("\", name: \"A node\", kind: Server(role: Api)),\n");
        i += 1;
    }
    text.push_str("    ],\n)\n");
    text
}

#[test]
fn a_huge_input_is_refused_quickly_with_the_size() {
    let text = huge_text(70_000_000);
    let size = text.len() as u64;
    assert!(size > MAX_FILE_BYTES);
    let expected =
        format!("the file is {size} bytes; models up to {MAX_FILE_BYTES} bytes can be opened");

    let err = io::parse(&text).expect_err("too large");
    assert!(
        matches!(err, LoadError::TooLarge { size: s, limit } if s == size && limit == MAX_FILE_BYTES)
    );
    assert_eq!(err.to_string(), expected);

    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("huge.ron");
    fs::write(&path, &text).expect("written");
    let err = io::load(&path).expect_err("too large");
    assert_eq!(err.to_string(), expected);
    let d = err.diagnostics();
    assert_eq!((d[0].position, d[0].path.as_str()), (Position::START, ""));
    assert!(d[0].message.contains("bytes can be opened"));
}

#[test]
fn a_big_valid_model_loads() {
    let model = generate::synthetic(10_000, 7);
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("big.ron");
    io::save(&model, &path).expect("saved");
    let size = fs::metadata(&path).expect("saved").len();
    assert!(
        size < MAX_FILE_BYTES / 2,
        "{size} bytes is too close to the limit"
    );
    let loaded = io::load(&path).expect("a 10,000-node model loads");
    assert_eq!(loaded.node_count(), 10_000);
    assert_eq!(loaded.link_count(), model.link_count());
    assert!(loaded == model);
}

#[test]
fn every_format1_fixture_keeps_loading() {
    let dir = fixture("format1", "");
    let mut count = 0;
    for entry in fs::read_dir(&dir).expect("the fixture folder exists") {
        let path = entry.expect("a readable entry").path();
        let model = io::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Whatever format this build writes, the migrated model must save and load again.
        let again = io::parse(&io::to_string(&model).expect("saves")).expect("reloads");
        assert!(again == model, "{}", path.display());
        count += 1;
    }
    assert!(count >= 1);
}

#[test]
fn the_minimal_format1_file_means_what_it_says() {
    let m = io::load(&fixture("format1", "minimal.ron")).expect("loads");
    assert_eq!(m.name, "Minimal shop");
    assert_eq!((m.node_count(), m.link_count()), (3, 2));
    assert_eq!(
        m.zone("core").and_then(|z| z.parent.as_deref()),
        Some("internet")
    );
    assert_eq!(m.node("api").map(|n| n.replicas), Some(2));
    assert_eq!(m.link("api-db").map(|l| l.calls_per_action), Some(1));
    assert_eq!(
        m.contract("shop-api").map(|k| k.provider.as_str()),
        Some("api")
    );
    assert_eq!(m.releases.len(), 1);
    assert_eq!(
        m.decision(1).map(|d| d.status),
        Some(DecisionStatus::SupersededBy(2))
    );
    assert_eq!(m.triage.len(), 1);
    // Omitted settings and layout fields take their defaults.
    assert_eq!(m.settings.chatty_client_servers, 3);
    assert_eq!(m.settings.chatty_calls_per_action, 5);
    assert_eq!(m.layout.zone_padding, 24.0);
    assert_eq!(m.layout.positions.len(), 3);
}
