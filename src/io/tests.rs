use super::*;

pub(crate) const SMALL: &str = r#"(
    format: 1,
    name: "Web shop",
    zones: [
        (id: "internet", name: "Internet", kind: Internet, trust: 0),
        (id: "dmz", name: "DMZ", kind: Dmz, trust: 1),
    ],
    nodes: [
        (id: "spa", name: "Browser SPA", kind: Client(platform: Web, thickness: Thin, offline_first: false),
         zone: Some("internet"), responsibilities: [Logic("Render catalogue"), Data("Cart")]),
        (id: "gateway", name: "API gateway", kind: Gateway(role: ApiGateway), zone: Some("dmz")),
    ],
    links: [
        (id: "spa-gateway", from: "spa", to: "gateway", protocol: Https, tls: Tls13, authn: Token,
         data: [("orders", Confidential)], telemetry: true),
    ],
    layout: (positions: {"spa": (120.0, 80.0), "gateway": (320.5, 80.0)}),
)
"#;

fn diag(text: &str) -> Diagnostic {
    match parse(text) {
        Err(LoadError::Invalid(d)) => d.into_iter().next().expect("a diagnostic"),
        other => panic!("expected an invalid-model error, got {other:?}"),
    }
}

#[test]
fn parses_and_writes_canonically() {
    let model = parse(SMALL).expect("valid");
    assert_eq!(model.node_count(), 2);
    let first = to_string(&model).unwrap();
    let again = to_string(&parse(&first).unwrap()).unwrap();
    assert_eq!(first, again);
    assert!(first.starts_with("(\n    format: 1,\n"));
    let layout_at = first.find("layout:").unwrap();
    assert!(first.find("links:").unwrap() < layout_at);
    // Sorted by id: gateway before spa.
    assert!(first.find("id: \"gateway\"").unwrap() < first.find("id: \"spa\"").unwrap());
}

#[test]
fn type_errors_name_line_column_and_field() {
    let text = SMALL.replace(
        "kind: Gateway(role: ApiGateway)",
        "kind: Gateway(role: Router)",
    );
    let d = diag(&text);
    assert_eq!(d.path, "nodes[1].kind.Gateway.role");
    assert_eq!(d.position.line, 11);
    assert!(d.message.contains("Router"), "{d}");
}

#[test]
fn dangling_references_are_located() {
    let text = SMALL.replace("to: \"gateway\"", "to: \"gatewy\"");
    let d = diag(&text);
    assert_eq!(d.path, "links[0].to");
    assert_eq!((d.position.line, d.position.col), (14, 46));
    assert!(d.message.contains("gatewy"));
}

#[test]
fn newer_formats_are_refused_naming_both_versions() {
    let text = SMALL.replace("format: 1", "format: 7");
    match parse(&text) {
        Err(e @ LoadError::NewerFormat { found: 7, .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("format 7") && msg.contains("format 1"),
                "{msg}"
            );
            assert!(msg.starts_with("2:13:"), "{msg}");
        }
        other => panic!("expected NewerFormat, got {other:?}"),
    }
}

#[test]
fn truncated_and_trailing_input_is_an_error() {
    for cut in [0, 1, 10, SMALL.len() / 2, SMALL.len() - 3] {
        assert!(
            matches!(parse(&SMALL[..cut]), Err(LoadError::Invalid(_))),
            "cut at {cut}"
        );
    }
    let d = diag(&format!("{SMALL} extra"));
    assert!(d.message.contains("after the end"), "{d}");
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    // Typed fields stop most nesting early; a decision's options are the deepest legal place.
    let deep = format!("(format: 1, name: \"x\", nodes: {}", "[".repeat(10_000));
    assert!(parse(&deep).is_err());
    let deep_parens = "(".repeat(10_000);
    assert!(parse(&deep_parens).is_err());
}

#[test]
fn save_and_load_through_the_file_system() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    let model = parse(SMALL).unwrap();
    save(&model, &path).unwrap();
    assert_eq!(load(&path).unwrap(), model);
    std::fs::write(&path, [0xff, 0xfe, b'(']).unwrap();
    assert!(load(&path).unwrap_err().to_string().contains("UTF-8"));
}

#[test]
fn cut_off_files_say_so() {
    for text in [
        "(\n    form",
        "(\n    format: 1,\n    name: \"x\",\n    nodes: [\n        (id: \"api\", name: \"API\", kind: Server(ro",
        "(\n    format: 1,\n    name: \"x\",\n    nodes: [\n        (id: \"a\", name: \"A\", kind: Cdn),\n",
    ] {
        let d = diag(text);
        assert!(d.message.contains("ends too early"), "{text:?}: {d}");
        assert!(!d.path.contains('?'), "{d}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped_and_errors_name_no_internal_type() {
    let with_bom = format!("\u{FEFF}{SMALL}");
    assert_eq!(parse(&with_bom).unwrap(), parse(SMALL).unwrap());
    for text in [
        "\u{FEFF}\u{FEFF}(format: 1)",
        "format: 1",
        "[1, 2]",
        "(format: 1, name: \"x\", bogus: 1)",
    ] {
        let d = diag(text);
        assert!(!d.message.contains("FileV1"), "{text:?}: {d}");
    }
    let d = diag("format: 1");
    assert!(d.message.contains("the model"), "{d}");
}

#[test]
fn nul_characters_in_text_are_refused_where_they_are() {
    for nul in ["\\u{0}", "\\0", "\u{0}"] {
        let text = SMALL.replace("API gateway", &format!("API{nul}gateway"));
        let d = diag(&text);
        assert_eq!(d.path, "nodes[1].name", "{nul:?}: {d}");
        assert_eq!(d.position.line, 11, "{d}");
        assert!(d.message.contains("NUL"), "{d}");
    }
    let text = SMALL.replace("\"Cart\"", "\"Ca\\u{0}rt\"");
    assert_eq!(diag(&text).path, "nodes[0].responsibilities[1]");
}

#[test]
fn thousands_of_problems_are_reported_up_to_a_cap() {
    let mut text = String::from("(format: 1, name: \"Cycle\", zones: [\n");
    let n = 5_000;
    for i in 0..n {
        let parent = (i + n - 1) % n;
        text.push_str(&format!(
            "(id: \"z{i}\", name: \"Z\", kind: Dmz, trust: 1, parent: Some(\"z{parent}\")),\n"
        ));
    }
    text.push_str("])\n");
    let Err(LoadError::Invalid(d)) = parse(&text) else {
        panic!("a cycle of zones is refused");
    };
    assert_eq!(d.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(d[0].path, "zones[0].parent");
    assert_eq!(d[0].position.line, 2);
    assert_eq!(
        d[MAX_DIAGNOSTICS].message,
        "and 4800 more problems; fix these first"
    );
}
