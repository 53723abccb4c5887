//! Shared by the export tests: the hostile model and how to find the real tools that read the
//! exports (installed by `.ci/consumers`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use archmodel::model::{
    Authn, Classification, ClientPlatform, ContractNeed, ContractStyle, DataFlow, Decision,
    DecisionOption, DecisionStatus, Link, Model, ModelData, Node, NodeKind, Protocol,
    Responsibility, ServerRole, StoreKind, Thickness, Tls, Triage, TriageStatus, TrustZone,
    ZoneKind,
};
use archmodel::model::{ClientRelease, Contract};

/// Labels that break naive exporters: markup of every target format, quotes, newlines,
/// right-to-left text and control characters. Each is under 100 characters, so diagrams show it
/// whole.
pub const HOSTILE: &[&str] = &[
    "<script>alert(\"x\")</script>",
    "Tom & Jerry's \"quoted\" 'single' &amp; &#60;",
    "]]> <!-- --> <![CDATA[x]]>",
    "```js `code` ``",
    "# heading *bold* _it_ [link](http://evil.example) ![img](x.png) | a | b |",
    "> quote\n1. list\n- item\n---\n===",
    "\"]; } digraph x { \\N \\G \\\\ -> -- {}",
    "end %%{init: {}}%% #quot; A-->B subgraph click x",
    "@enduml !include /etc/passwd $var %date% <img:http://x/y.png> [[http://x]]",
    "line one\nline two\r\nline three\ttab",
    "שלום עולם مرحبا بالعالم \u{202E}abc",
    // No NUL: a model refuses it (see the invariants); other controls must be escaped.
    "ctrl \u{1}\u{1b}[31m bell\u{7} \u{85} 🚀",
];

/// A 100 kB name with spaces, and one without.
pub fn huge_names() -> (String, String) {
    ("long name ".repeat(10_000), "x".repeat(100_000))
}

fn hostile(i: usize) -> String {
    HOSTILE[i % HOSTILE.len()].to_owned()
}

/// A valid model whose every free-text field holds a hostile label.
pub fn hostile_model() -> Model {
    let (spaced, solid) = huge_names();
    let mut outer = TrustZone::new("outer", hostile(0), ZoneKind::Custom(hostile(1)), 0);
    outer.description = hostile(2);
    let mut inner = TrustZone::new("inner", solid, ZoneKind::Internal, 2);
    inner.parent = Some("outer".into());
    let mut nodes = hostile_nodes();
    let mut big = Node::new(
        "big",
        spaced,
        NodeKind::Server {
            role: ServerRole::Service,
        },
    );
    big.zone = Some("inner".into());
    nodes.push(big);
    let links = hostile_links();
    let mut contract = Contract::new("api", hostile(5), ContractStyle::Rest, "n1");
    contract.version = "2.0.0".into();
    contract.supported = ">=2.0, <3".into();
    contract.schema = Some(hostile(4));
    contract.auth_flow = Some(hostile(6));
    let data = ModelData {
        name: hostile(0) + " " + HOSTILE[6],
        description: hostile(4) + "\n\n" + HOSTILE[5],
        zones: vec![outer, inner],
        nodes,
        links,
        contracts: vec![contract],
        releases: vec![ClientRelease {
            client: "n0".into(),
            version: "1.0".into(),
            needs: vec![ContractNeed("api".into(), ">=1.0, <2".into())],
        }],
        decisions: hostile_decisions(),
        triage: vec![Triage {
            finding: "plaintext-link@l1".into(),
            status: TriageStatus::Accepted,
            note: hostile(3),
        }],
        ..ModelData::default()
    };
    Model::from_data(data).expect("the hostile model is valid")
}

/// One node of each kind per hostile label, in two nested zones.
fn hostile_nodes() -> Vec<Node> {
    let mut nodes = Vec::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        let kind = match i % 6 {
            0 => NodeKind::Client {
                platform: ClientPlatform::Web,
                thickness: Thickness::Thick,
                offline_first: true,
            },
            1 => NodeKind::Server {
                role: ServerRole::Api,
            },
            2 => NodeKind::Store {
                kind: StoreKind::Queue,
                encrypted_at_rest: false,
            },
            3 => NodeKind::External,
            4 => NodeKind::Peer {
                platform: ClientPlatform::Desktop,
            },
            _ => NodeKind::Actor,
        };
        let mut n = Node::new(format!("n{i}"), *text, kind);
        n.description = hostile(i + 1);
        n.zone = Some(if i % 2 == 0 { "outer" } else { "inner" }.into());
        n.responsibilities = vec![
            Responsibility::Logic(hostile(i + 2)),
            Responsibility::Data(hostile(i + 3)),
        ];
        n.technology = Some(hostile(i + 4));
        nodes.push(n);
    }
    nodes
}

fn hostile_links() -> Vec<Link> {
    let mut links = Vec::new();
    for i in 0..HOSTILE.len() {
        let to = (i + 1) % HOSTILE.len();
        let mut l = Link::new(format!("l{i}"), format!("n{i}"), format!("n{to}"));
        l.label = hostile(i + 7);
        l.protocol = if i % 3 == 0 {
            Protocol::Custom(hostile(i))
        } else {
            Protocol::Http
        };
        l.tls = if i % 2 == 0 { Tls::None } else { Tls::Tls13 };
        l.authn = if i % 4 == 0 {
            Authn::Custom(hostile(i + 1))
        } else {
            Authn::Token
        };
        l.authz = Some(hostile(i + 2));
        l.rate_limit = Some(hostile(i + 3));
        l.data = vec![DataFlow(hostile(i + 4), Classification::Secret)];
        l.bidirectional = i % 5 == 0;
        if to == 1 {
            l.contract = Some("api".into());
        }
        links.push(l);
    }
    links.push(Link::new("big-link", "big", "n0"));
    links
}

fn hostile_decisions() -> Vec<Decision> {
    let mut first = Decision::new(1, hostile(4));
    first.status = DecisionStatus::SupersededBy(2);
    first.date = hostile(1);
    first.deciders = vec![hostile(0), hostile(9)];
    first.context = HOSTILE.join("\n\n");
    first.drivers = vec![hostile(5), hostile(6)];
    first.options = vec![
        DecisionOption {
            name: hostile(7),
            pros: vec![hostile(8)],
            cons: vec![hostile(10)],
        },
        DecisionOption {
            name: hostile(7),
            pros: Vec::new(),
            cons: Vec::new(),
        },
        DecisionOption {
            name: "Consequences".into(),
            pros: Vec::new(),
            cons: Vec::new(),
        },
    ];
    first.outcome = hostile(3);
    first.consequences = vec![hostile(11), hostile(2)];
    first.confirmation = hostile(5);
    first.concerns = vec!["n0".into(), "outer".into(), "api".into(), "l1".into()];
    let mut second = Decision::new(2, huge_names().0);
    second.status = DecisionStatus::Accepted;
    second.context = huge_names().1;
    let third = Decision::new(3, "שלום");
    vec![first, second, third]
}

/// A command from `.ci/consumers`: on PATH, or in the npm prefix it installs into.
///
/// Missing tools fail the test when `CI` is set; elsewhere the test notes it and skips.
pub fn tool(name: &str) -> Option<PathBuf> {
    let prefix = std::env::var_os("ARCHMODEL_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/archmodel-tools"));
    let mut candidates = vec![prefix.join("node_modules/.bin").join(name)];
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join(name)));
    }
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    let message =
        format!("`{name}` is not installed; run .ci/consumers to install the export consumers");
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("note: skipping a check: {message}");
    None
}

/// Runs a tool and returns its output; panics with its messages when it fails to start.
pub fn run(program: &Path, args: &[&str], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
}

/// Asserts a tool succeeded, showing its messages when it did not.
pub fn assert_ok(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// All character data of an XML document, decoded, joined by spaces.
pub fn xml_text(xml: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text the way a diagram shows it: control characters replaced, whitespace collapsed.
pub fn shown(text: &str) -> String {
    archmodel::export::escape::one_line(text)
}

/// Whether `haystack`, with runs of whitespace collapsed, contains `needle` collapsed likewise.
pub fn contains_collapsed(haystack: &str, needle: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    squash(haystack).contains(&squash(needle))
}
