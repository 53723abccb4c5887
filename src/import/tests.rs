use super::*;
use crate::model::{Authn, NodeKind, Protocol, StoreKind, Tls, TriageStatus, ZoneKind};

const TD: &str = include_str!("../../tests/fixtures/import/threat-dragon-v2.json");
const OTM: &str = include_str!("../../tests/fixtures/import/shop.otm.json");
const MERMAID: &str = include_str!("../../tests/fixtures/import/checkout.mmd");
const DSL: &str = include_str!("../../tests/fixtures/import/bank.dsl");

fn reasons(imported: &Imported) -> String {
    imported
        .unmapped
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn formats_are_sniffed_from_the_text() {
    assert_eq!(Format::sniff(TD), Some(Format::ThreatDragon));
    assert_eq!(Format::sniff(OTM), Some(Format::Otm));
    assert_eq!(Format::sniff(MERMAID), Some(Format::Mermaid));
    assert_eq!(Format::sniff(DSL), Some(Format::Structurizr));
    assert_eq!(Format::sniff("graph TD\n a-->b"), Some(Format::Mermaid));
    assert_eq!(Format::sniff("{\"a\": 1}"), None);
    assert_eq!(Format::sniff("(format: 1)"), None);
    assert_eq!(
        import("hello", None).err(),
        Some(ImportError::UnknownFormat)
    );
    assert_eq!("OTM".parse::<Format>(), Ok(Format::Otm));
}

#[test]
fn threat_dragon_elements_boundaries_flows_and_threats() {
    let imported = import(TD, None).expect("imports");
    let m = &imported.model;
    assert_eq!(m.name, "Payments demo");
    let customer = m.node("customer").expect("customer");
    assert_eq!(customer.kind, NodeKind::Actor);
    assert_eq!(customer.zone.as_deref(), Some("internet"));
    let api = m.node("payment-api").expect("api");
    assert!(matches!(api.kind, NodeKind::Server { .. }));
    assert_eq!(api.zone.as_deref(), Some("cloud"));
    let db = m.node("payments-db").expect("db");
    assert_eq!(
        db.kind,
        NodeKind::Store {
            kind: StoreKind::Relational,
            encrypted_at_rest: true
        }
    );
    assert_eq!(db.zone.as_deref(), Some("data-tier"), "smallest box wins");
    assert_eq!(
        m.zone("data-tier").and_then(|z| z.parent.as_deref()),
        Some("cloud")
    );
    assert_eq!(
        m.zone("internet").map(|z| z.kind.clone()),
        Some(ZoneKind::Internet)
    );
    // The curve puts the processor, which the API's flow leads into, behind it.
    let processor = m.node("card-processor").expect("processor");
    assert_eq!(processor.zone.as_deref(), Some("partner-network"));
    // Positions are centres of the cells.
    assert_eq!(
        m.layout.positions.get("customer").map(|p| (p.0, p.1)),
        Some((120.0, 130.0))
    );

    let pay = m.link("pay").expect("pay");
    assert_eq!(
        (pay.from.as_str(), pay.to.as_str()),
        ("customer", "payment-api")
    );
    assert_eq!(pay.protocol, Protocol::Https);
    assert_eq!(pay.authn, Authn::Custom("provided by the actor".into()));
    let store = m.link("store-payment").expect("store");
    assert_eq!(
        (store.protocol.clone(), store.tls),
        (Protocol::Tcp, Tls::None)
    );
    assert!(store.bidirectional);
    assert_eq!(
        m.link("authorise-card").map(|l| l.protocol.clone()),
        Some(Protocol::Https)
    );
    assert_eq!(m.link_count(), 3);

    let triage: Vec<(&str, TriageStatus)> = m
        .triage
        .iter()
        .map(|t| (t.finding.as_str(), t.status))
        .collect();
    assert!(triage.contains(&("td-spoofed-customer@payment-api", TriageStatus::Mitigated)));
    assert!(triage.contains(&("td-flooding@payment-api", TriageStatus::InProgress)));
    assert!(triage.contains(&("td-backup-theft@payments-db", TriageStatus::FalsePositive)));
    assert!(triage.contains(&("td-tampered-amount@pay", TriageStatus::InProgress)));
    let note = &m
        .triage
        .iter()
        .find(|t| t.finding.starts_with("td-spoofed"))
        .unwrap()
        .note;
    assert!(
        note.contains("Spoofing") && note.contains("OAuth tokens with PKCE"),
        "{note}"
    );

    let report = reasons(&imported);
    for expected in [
        "text block",
        "Dangling",
        "isPublicNetwork",
        "privilege level",
        "no protocol",
    ] {
        assert!(
            report.contains(expected),
            "{expected} not reported in\n{report}"
        );
    }
}

#[test]
fn threat_dragon_v1_and_broken_shapes_are_refused() {
    let v1 = r#"{"summary": {"title": "x"}, "detail": {"diagrams": [{"diagramJson": {}}]}}"#;
    assert!(matches!(import(v1, None), Err(ImportError::Shape { .. })));
    let no_diagrams = r#"{"summary": {}, "detail": {}}"#;
    assert!(matches!(
        import(no_diagrams, None),
        Err(ImportError::Shape { .. })
    ));
    let bad = "{\"summary\": {}, \"detail\": ";
    assert!(matches!(
        import(bad, Some(Format::ThreatDragon)),
        Err(ImportError::Json { line: 1, .. })
    ));
}

#[test]
fn otm_zones_components_dataflows_and_threats() {
    let imported = import(OTM, None).expect("imports");
    let m = &imported.model;
    assert_eq!(m.name, "Web shop");
    assert_eq!(
        m.zone("data").and_then(|z| z.parent.as_deref()),
        Some("cloud")
    );
    assert_eq!(m.zone("cloud").map(|z| z.trust), Some(6));
    assert!(matches!(
        m.node("browser").map(|n| &n.kind),
        Some(NodeKind::Client { .. })
    ));
    assert!(matches!(
        m.node("db").map(|n| &n.kind),
        Some(NodeKind::Store { .. })
    ));
    assert_eq!(
        m.node("api").and_then(|n| n.technology.as_deref()),
        Some("Rust, axum")
    );
    assert_eq!(
        m.node("pricing").and_then(|n| n.zone.as_deref()),
        Some("cloud")
    );
    assert_eq!(
        m.layout.positions.get("api").map(|p| (p.0, p.1)),
        Some((480.0, 130.0))
    );
    assert_eq!(
        m.link("browser-api").map(|l| l.label.as_str()),
        Some("Place order")
    );
    assert_eq!(
        m.link("api-db").map(|l| l.protocol.clone()),
        Some(Protocol::Tcp)
    );
    assert!(m.link("api-nowhere").is_none());
    let sqli = m
        .triage
        .iter()
        .find(|t| t.finding == "otm-sql-injection@api")
        .expect("sqli");
    assert_eq!(sqli.status, TriageStatus::Mitigated);
    assert!(
        sqli.note.contains("Prepared statements (IMPLEMENTED)"),
        "{}",
        sqli.note
    );
    let report = reasons(&imported);
    for expected in ["library", "nested in component", "Broken"] {
        assert!(
            report.contains(expected),
            "{expected} not reported in\n{report}"
        );
    }
}

#[test]
fn mermaid_subgraphs_shapes_and_arrows() {
    let imported = import(MERMAID, None).expect("imports");
    let m = &imported.model;
    assert_eq!(
        m.zone("core-services").and_then(|z| z.parent.as_deref()),
        Some("cloud")
    );
    assert_eq!(
        m.node("shopper").map(|n| n.kind.clone()),
        Some(NodeKind::Actor)
    );
    assert!(matches!(
        m.node("mobile-app").map(|n| &n.kind),
        Some(NodeKind::Client { .. })
    ));
    assert_eq!(
        m.node("orders-db").and_then(|n| n.zone.as_deref()),
        Some("core-services")
    );
    assert!(matches!(
        m.node("events").map(|n| &n.kind),
        Some(NodeKind::Store {
            kind: StoreKind::Queue,
            ..
        })
    ));
    assert_eq!(
        m.node("payment-provider").map(|n| n.kind.clone()),
        Some(NodeKind::External)
    );
    assert_eq!(
        m.node("payment-provider").and_then(|n| n.zone.clone()),
        None
    );
    let place = m.link("mobile-app-api-gateway").expect("place order");
    assert_eq!(place.label, "place order");
    let plain = m.link("order-service-orders-db").expect("db link");
    assert_eq!(
        (plain.protocol.clone(), plain.tls),
        (Protocol::Tcp, Tls::None)
    );
    assert_eq!(
        m.link("order-service-payment-provider")
            .map(|l| l.label.as_str()),
        Some("charges card")
    );
    assert!(
        m.link("api-gateway-events").is_some(),
        "`&` joins both targets"
    );
    // `ghost` is referenced only: a server named after its id.
    assert!(m.node("ghost").is_some());
    let report = reasons(&imported);
    for expected in ["invisible", "click"] {
        assert!(
            report.contains(expected),
            "{expected} not reported in\n{report}"
        );
    }
}

#[test]
fn mermaid_export_round_trips() {
    for example in crate::examples::EXAMPLES {
        let model = example.model().expect("example loads");
        let theme = crate::scene::Theme::light();
        let first = crate::export::mermaid::render(&model, &theme);
        let imported = import(&first, None).expect("own export imports");
        let second = crate::export::mermaid::render(&imported.model, &theme);
        let sorted = |t: &str| {
            let mut lines: Vec<&str> = t.lines().collect();
            lines.sort_unstable();
            lines.join("\n")
        };
        assert_eq!(sorted(&first), sorted(&second), "{}", example.name);
        let declarations = |t: &str| {
            t.lines()
                .filter(|l| !l.contains("-->") && !l.contains("-.->"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            declarations(&first),
            declarations(&second),
            "{}",
            example.name
        );
    }
}

#[test]
fn structurizr_systems_containers_groups_and_deployment() {
    let imported = import(DSL, None).expect("imports");
    let m = &imported.model;
    assert_eq!(m.name, "Internet banking");
    assert_eq!(
        m.node("personal-banking-customer").map(|n| n.kind.clone()),
        Some(NodeKind::Actor)
    );
    assert_eq!(
        m.node("mainframe-banking-system").map(|n| n.kind.clone()),
        Some(NodeKind::External)
    );
    assert_eq!(
        m.node("mainframe-banking-system")
            .and_then(|n| n.zone.as_deref()),
        Some("bank")
    );
    assert!(
        m.zone("internet-banking-system").is_some(),
        "a system with containers is a zone"
    );
    assert!(matches!(
        m.node("database").map(|n| &n.kind),
        Some(NodeKind::Store { .. })
    ));
    assert!(matches!(
        m.node("mobile-app").map(|n| &n.kind),
        Some(NodeKind::Client { .. })
    ));
    // Deployment puts the API on its host in the DMZ and the database in the internal network.
    assert_eq!(
        m.node("api-application").and_then(|n| n.zone.as_deref()),
        Some("bigbank-api")
    );
    assert_eq!(
        m.zone("bigbank-api").and_then(|z| z.parent.as_deref()),
        Some("dmz")
    );
    assert_eq!(
        m.zone("dmz").and_then(|z| z.parent.as_deref()),
        Some("big-bank-data-center")
    );
    assert_eq!(
        m.node("database").and_then(|n| n.zone.as_deref()),
        Some("internal-network")
    );
    let calls = m
        .links()
        .find(|l| l.from == "single-page-application" && l.to == "api-application")
        .expect("spa -> api");
    assert_eq!(calls.protocol, Protocol::Https);
    assert_eq!(calls.label, "Makes API calls to");
    let smtp = m.links().find(|l| l.to == "e-mail-system").expect("smtp");
    assert_eq!(smtp.protocol, Protocol::Custom("SMTP".into()));
    let report = reasons(&imported);
    for expected in [
        "Sign In Controller",
        "Development",
        "!identifiers",
        "a system with containers",
    ] {
        assert!(
            report.contains(expected),
            "{expected} not reported in\n{report}"
        );
    }
}

#[test]
fn structurizr_errors_name_the_line() {
    let err = import("workspace {\n model {\n a = person \"x\n }\n}", None).unwrap_err();
    assert_eq!(err.to_string().split(':').next(), Some("line 3"));
    let err = import("workspace {\n}\n}", None).unwrap_err();
    assert!(err.to_string().starts_with("line 3"), "{err}");
}
