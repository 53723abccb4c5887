//! Property tests of the model file: random valid models survive save → load unchanged and save
//! byte-identically, and damaged files are refused with an error, never a panic.

use archmodel::io::{self, LoadError};
use archmodel::model::{
    Authn, Classification, ClientPlatform, ClientRelease, Contract, ContractNeed, ContractStyle,
    DataFlow, Decision, DecisionOption, DecisionStatus, GatewayRole, Layout, Link, Model,
    ModelData, Negotiation, Node, NodeKind, Point, Protocol, Responsibility, ServerRole, Settings,
    StoreKind, SyncDirection, SyncSpec, SyncStrategy, Thickness, Tls, Triage, TriageStatus,
    TrustZone, View, ZoneKind,
};
use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Pieces of text that have broken serializers before: quotes, escapes, RON and XML syntax.
const TRICKY: &[&str] = &[
    "", "\"", "\\", "\\\"", "\n", "\r\n", "\t", "]]>", "'", "r#\"x\"#", "\"#", "/* c */", "// c",
    "*/", "(", ")", "[", "]", "{", "}", ",", ":", "Some(", "é", "😀", "中文", "\u{202e}", "\u{0}",
    "\u{7f}", "\u{feff}", "<script>", "&amp;",
];

/// Any text a model may hold: everything but NUL, which the invariants refuse.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[ -~]{0,12}",
        2 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        2 => prop::collection::vec(prop::sample::select(TRICKY), 0..5).prop_map(|v| v.concat()),
    ]
    .prop_map(|t| t.replace('\u{0}', "\u{1}"))
}

fn texts(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..=max)
}

/// A valid id stem; a kind letter and the element's index are appended to make ids unique.
fn id_prefix() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._-]{0,8}"
}

/// Finite coordinates in the accepted range, with a bias to interesting values.
fn coord() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -1.0e7f32..=1.0e7f32,
        2 => -2000.0f32..2000.0,
        1 => prop::sample::select(&[0.0f32, -0.0, 0.1, -0.5, 1.0e-7, 1.0e-45, 1.0e7, -1.0e7, 123.456][..]),
    ]
}

fn point() -> impl Strategy<Value = Point> {
    (coord(), coord()).prop_map(|(x, y)| Point(x, y))
}

fn platform() -> impl Strategy<Value = ClientPlatform> {
    prop::sample::select(
        &[
            ClientPlatform::Web,
            ClientPlatform::Mobile,
            ClientPlatform::Desktop,
            ClientPlatform::Cli,
            ClientPlatform::Iot,
        ][..],
    )
}

fn node_kind() -> impl Strategy<Value = NodeKind> {
    prop_oneof![
        (platform(), any::<bool>(), any::<bool>()).prop_map(|(platform, thick, offline_first)| {
            NodeKind::Client {
                platform,
                thickness: if thick {
                    Thickness::Thick
                } else {
                    Thickness::Thin
                },
                offline_first,
            }
        }),
        prop::sample::select(
            &[
                ServerRole::Api,
                ServerRole::Service,
                ServerRole::Worker,
                ServerRole::Auth,
                ServerRole::Discovery,
                ServerRole::Relay,
                ServerRole::Push,
            ][..]
        )
        .prop_map(|role| NodeKind::Server { role }),
        platform().prop_map(|platform| NodeKind::Peer { platform }),
        prop::sample::select(
            &[
                GatewayRole::Facade,
                GatewayRole::Bff,
                GatewayRole::ApiGateway,
                GatewayRole::LoadBalancer,
            ][..]
        )
        .prop_map(|role| NodeKind::Gateway { role }),
        (
            prop::sample::select(
                &[
                    StoreKind::Relational,
                    StoreKind::Document,
                    StoreKind::KeyValue,
                    StoreKind::Cache,
                    StoreKind::Queue,
                    StoreKind::Object,
                ][..]
            ),
            any::<bool>()
        )
            .prop_map(|(kind, encrypted_at_rest)| NodeKind::Store {
                kind,
                encrypted_at_rest
            }),
        Just(NodeKind::Cdn),
        Just(NodeKind::External),
        Just(NodeKind::Actor),
    ]
}

fn zone_kind() -> impl Strategy<Value = ZoneKind> {
    prop_oneof![
        Just(ZoneKind::Internet),
        Just(ZoneKind::Dmz),
        Just(ZoneKind::Internal),
        Just(ZoneKind::Device),
        Just(ZoneKind::Partner),
        text().prop_map(ZoneKind::Custom),
    ]
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        prop::sample::select(
            &[
                Protocol::Https,
                Protocol::Http,
                Protocol::Grpc,
                Protocol::WebSocket,
                Protocol::GraphQl,
                Protocol::Mqtt,
                Protocol::Amqp,
                Protocol::Quic,
                Protocol::WebRtc,
                Protocol::Tcp,
                Protocol::Udp,
            ][..]
        ),
        text().prop_map(Protocol::Custom),
    ]
}

fn authn() -> impl Strategy<Value = Authn> {
    prop_oneof![
        prop::sample::select(
            &[
                Authn::None,
                Authn::Session,
                Authn::Token,
                Authn::ApiKey,
                Authn::Mtls
            ][..]
        ),
        text().prop_map(Authn::Custom),
    ]
}

fn tls() -> impl Strategy<Value = Tls> {
    prop::sample::select(&[Tls::None, Tls::Tls12, Tls::Tls13, Tls::Mutual][..])
}

fn classification() -> impl Strategy<Value = Classification> {
    prop::sample::select(
        &[
            Classification::Public,
            Classification::Internal,
            Classification::Confidential,
            Classification::Secret,
        ][..],
    )
}

fn sync() -> impl Strategy<Value = Option<SyncSpec>> {
    let strategy = prop::sample::select(
        &[
            SyncStrategy::Crdt,
            SyncStrategy::LastWriteWins,
            SyncStrategy::OperationalTransform,
            SyncStrategy::ManualMerge,
            SyncStrategy::Unspecified,
        ][..],
    );
    let direction = prop::sample::select(
        &[
            SyncDirection::Push,
            SyncDirection::Pull,
            SyncDirection::Both,
        ][..],
    );
    prop::option::of(
        (strategy, direction).prop_map(|(strategy, direction)| SyncSpec {
            strategy,
            direction,
        }),
    )
}

fn responsibility() -> impl Strategy<Value = Responsibility> {
    prop_oneof![
        text().prop_map(Responsibility::Logic),
        text().prop_map(Responsibility::Data),
    ]
}

/// A zone before ids are assigned; `parent` picks one of the zones before it, so no cycles.
#[derive(Debug, Clone)]
struct RawZone {
    zone: TrustZone,
    parent: Option<Index>,
}

prop_compose! {
    fn raw_zone()(
        prefix in id_prefix(), name in text(), kind in zone_kind(), trust in any::<u8>(),
        parent in prop::option::of(any::<Index>()), description in text(),
    ) -> RawZone {
        let mut zone = TrustZone::new(prefix, name, kind, trust);
        zone.description = description;
        RawZone { zone, parent }
    }
}

#[derive(Debug, Clone)]
struct RawNode {
    node: Node,
    zone: Option<Index>,
    position: Option<Point>,
}

prop_compose! {
    fn raw_node()(
        prefix in id_prefix(), name in text(), description in text(), kind in node_kind(),
        zone in prop::option::of(any::<Index>()),
        responsibilities in prop::collection::vec(responsibility(), 0..4),
        replicas in prop_oneof![Just(1u32), 1..=u32::MAX], technology in prop::option::of(text()),
        position in prop::option::of(point()),
    ) -> RawNode {
        let mut node = Node::new(prefix, name, kind);
        node.description = description;
        node.responsibilities = responsibilities;
        node.replicas = replicas;
        node.technology = technology;
        RawNode { node, zone, position }
    }
}

/// A link before its ends are chosen: `to` is an offset from `from`, so it is never a self-link.
#[derive(Debug, Clone)]
struct RawLink {
    link: Link,
    from: Index,
    to: Index,
    contract: Option<Index>,
}

prop_compose! {
    fn raw_link()(
        (prefix, label, bidirectional, protocol, tls, authn) in
            (id_prefix(), text(), any::<bool>(), protocol(), tls(), authn()),
        (authz, rate_limit, telemetry, data, calls_per_action, sync) in (
            prop::option::of(text()), prop::option::of(text()), any::<bool>(),
            prop::collection::vec((text(), classification()), 0..3),
            prop_oneof![Just(1u32), 1..=u32::MAX], sync(),
        ),
        from in any::<Index>(), to in any::<Index>(), contract in prop::option::of(any::<Index>()),
    ) -> RawLink {
        let mut link = Link::new(prefix, "", "");
        link.label = label;
        link.bidirectional = bidirectional;
        link.protocol = protocol;
        link.tls = tls;
        link.authn = authn;
        link.authz = authz;
        link.rate_limit = rate_limit;
        link.telemetry = telemetry;
        link.data = data.into_iter().map(|(d, c)| DataFlow(d, c)).collect();
        link.calls_per_action = calls_per_action;
        link.sync = sync;
        RawLink { link, from, to, contract }
    }
}

#[derive(Debug, Clone)]
struct RawContract {
    contract: Contract,
    provider: Index,
}

prop_compose! {
    fn raw_contract()(
        (prefix, name, style, provider) in (
            id_prefix(), text(),
            prop::sample::select(&[
                ContractStyle::Rest, ContractStyle::Grpc, ContractStyle::GraphQl,
                ContractStyle::Events, ContractStyle::P2p,
            ][..]),
            any::<Index>(),
        ),
        (version, supported, schema, auth_flow, negotiation, deprecation_window) in (
            text(), text(), prop::option::of(text()), prop::option::of(text()),
            prop::option::of(prop::sample::select(&[
                Negotiation::FeatureFlags, Negotiation::AcceptHeader,
                Negotiation::VersionedPath, Negotiation::CapabilityHandshake,
            ][..])),
            prop::option::of(text()),
        ),
    ) -> RawContract {
        let mut contract = Contract::new(prefix, name, style, "");
        contract.version = version;
        contract.supported = supported;
        contract.schema = schema;
        contract.auth_flow = auth_flow;
        contract.negotiation = negotiation;
        contract.deprecation_window = deprecation_window;
        RawContract { contract, provider }
    }
}

#[derive(Debug, Clone)]
struct RawRelease {
    client: Index,
    version: String,
    needs: Vec<(Index, String)>,
}

prop_compose! {
    fn raw_release()(
        client in any::<Index>(), version in text(),
        needs in prop::collection::vec((any::<Index>(), text()), 0..3),
    ) -> RawRelease {
        RawRelease { client, version, needs }
    }
}

/// A decision's status before numbers are known: `Superseded` picks another decision.
#[derive(Debug, Clone)]
enum RawStatus {
    Plain(DecisionStatus),
    Superseded(Index),
}

#[derive(Debug, Clone)]
struct RawDecision {
    decision: Decision,
    gap: u32,
    status: RawStatus,
    concerns: Vec<Index>,
}

fn option() -> impl Strategy<Value = DecisionOption> {
    (text(), texts(2), texts(2)).prop_map(|(name, pros, cons)| DecisionOption { name, pros, cons })
}

prop_compose! {
    fn raw_decision()(
        (title, date, deciders, context, drivers, options) in
            (text(), text(), texts(2), text(), texts(2), prop::collection::vec(option(), 0..3)),
        (outcome, consequences, confirmation) in (text(), texts(3), text()),
        gap in 1u32..4,
        status in prop_oneof![
            prop::sample::select(&[
                DecisionStatus::Proposed, DecisionStatus::Accepted,
                DecisionStatus::Rejected, DecisionStatus::Deprecated,
            ][..]).prop_map(RawStatus::Plain),
            any::<Index>().prop_map(RawStatus::Superseded),
        ],
        concerns in prop::collection::vec(any::<Index>(), 0..3),
    ) -> RawDecision {
        let mut decision = Decision::new(0, title);
        decision.date = date;
        decision.deciders = deciders;
        decision.context = context;
        decision.drivers = drivers;
        decision.options = options;
        decision.outcome = outcome;
        decision.consequences = consequences;
        decision.confirmation = confirmation;
        RawDecision { decision, gap, status, concerns }
    }
}

#[derive(Debug, Clone)]
struct RawTriage {
    rule: String,
    element: Result<Index, String>,
    status: TriageStatus,
    note: String,
}

prop_compose! {
    fn raw_triage()(
        rule in prop_oneof![
            "[a-z][a-z-]{0,24}",
            text().prop_map(|s| format!("r{}", s.replace('@', "(at)"))),
        ],
        element in prop_oneof![
            any::<Index>().prop_map(Ok),
            text().prop_map(|s| Err(format!("e{s}"))),
        ],
        status in prop::sample::select(&[
            TriageStatus::Accepted, TriageStatus::Mitigated,
            TriageStatus::FalsePositive, TriageStatus::InProgress,
        ][..]),
        note in text(),
    ) -> RawTriage {
        RawTriage { rule, element, status, note }
    }
}

prop_compose! {
    fn layout_extras()(
        zone_padding in prop_oneof![Just(24.0f32), 0.0f32..=1000.0],
        center in point(),
        zoom in prop_oneof![Just(1.0f32), 0.001f32..=1000.0],
    ) -> (f32, View) {
        (zone_padding, View { center, zoom })
    }
}

/// Every raw part of a model; [`assemble`] wires the references so the model is valid.
type Parts = (
    (String, String, Settings, (f32, View)),
    (Vec<RawZone>, Vec<RawNode>, Vec<RawLink>, Vec<RawContract>),
    (Vec<RawRelease>, Vec<RawDecision>, Vec<RawTriage>),
);

fn settings() -> impl Strategy<Value = Settings> {
    (1u32..=u32::MAX, 1u32..=u32::MAX).prop_map(|(a, b)| Settings {
        chatty_client_servers: a,
        chatty_calls_per_action: b,
    })
}

fn parts() -> impl Strategy<Value = Parts> {
    use prop::collection::vec;
    (
        (text(), text(), settings(), layout_extras()),
        (
            vec(raw_zone(), 0..5),
            vec(raw_node(), 0..8),
            vec(raw_link(), 0..10),
            vec(raw_contract(), 0..4),
        ),
        (
            vec(raw_release(), 0..4),
            vec(raw_decision(), 0..4),
            vec(raw_triage(), 0..4),
        ),
    )
}

fn assemble(parts: Parts) -> ModelData {
    let ((name, description, settings, (zone_padding, view)), (rz, rn, rl, rc), (rr, rd, rt)) =
        parts;
    let mut zones: Vec<TrustZone> = Vec::new();
    for (i, raw) in rz.into_iter().enumerate() {
        let mut zone = raw.zone;
        zone.id = format!("{}z{i}", zone.id);
        zone.parent = raw
            .parent
            .filter(|_| i > 0)
            .map(|p| zones[p.index(i)].id.clone());
        zones.push(zone);
    }
    let mut nodes = Vec::new();
    let mut layout = Layout {
        zone_padding,
        view,
        ..Layout::default()
    };
    for (i, raw) in rn.into_iter().enumerate() {
        let mut node = raw.node;
        node.id = format!("{}n{i}", node.id);
        node.zone = raw
            .zone
            .filter(|_| !zones.is_empty())
            .map(|z| zones[z.index(zones.len())].id.clone());
        if let Some(p) = raw.position {
            layout.positions.insert(node.id.clone(), p);
            // Some placed nodes are pinned, so pins round-trip too.
            if i % 3 == 0 {
                layout.pinned.insert(node.id.clone());
            }
        }
        nodes.push(node);
    }
    let mut contracts = Vec::new();
    if !nodes.is_empty() {
        for (i, raw) in rc.into_iter().enumerate() {
            let mut contract = raw.contract;
            contract.id = format!("{}c{i}", contract.id);
            contract.provider = nodes[raw.provider.index(nodes.len())].id.clone();
            contracts.push(contract);
        }
    }
    let mut links = Vec::new();
    if nodes.len() >= 2 {
        for (i, raw) in rl.into_iter().enumerate() {
            let mut link = raw.link;
            let from = raw.from.index(nodes.len());
            let to = (from + 1 + raw.to.index(nodes.len() - 1)) % nodes.len();
            link.id = format!("{}l{i}", link.id);
            link.from = nodes[from].id.clone();
            link.to = nodes[to].id.clone();
            link.contract = raw
                .contract
                .filter(|_| !contracts.is_empty())
                .map(|k| contracts[k.index(contracts.len())].id.clone());
            links.push(link);
        }
    }
    let ids: Vec<String> = zones
        .iter()
        .map(|z| &z.id)
        .chain(nodes.iter().map(|n| &n.id))
        .chain(links.iter().map(|l| &l.id))
        .chain(contracts.iter().map(|k| &k.id))
        .cloned()
        .collect();
    let releases = releases(rr, &nodes, &contracts);
    let decisions = decisions(rd, &ids);
    let mut triage: Vec<Triage> = Vec::new();
    for raw in rt {
        let element = match raw.element {
            Ok(ix) if !ids.is_empty() => ids[ix.index(ids.len())].clone(),
            Ok(_) => "nowhere".to_owned(),
            Err(text) => text,
        };
        let finding = format!("{}@{element}", raw.rule);
        if triage.iter().all(|t| t.finding != finding) {
            triage.push(Triage {
                finding,
                status: raw.status,
                note: raw.note,
            });
        }
    }
    ModelData {
        name,
        description,
        zones,
        nodes,
        links,
        contracts,
        releases,
        decisions,
        triage,
        settings,
        layout,
    }
}

fn releases(raw: Vec<RawRelease>, nodes: &[Node], contracts: &[Contract]) -> Vec<ClientRelease> {
    let mut out: Vec<ClientRelease> = Vec::new();
    if nodes.is_empty() {
        return out;
    }
    for r in raw {
        let client = nodes[r.client.index(nodes.len())].id.clone();
        let fresh = out
            .iter()
            .all(|o| (&o.client, &o.version) != (&client, &r.version));
        if r.version.trim().is_empty() || !fresh {
            continue;
        }
        let needs = r
            .needs
            .into_iter()
            .filter(|_| !contracts.is_empty())
            .map(|(k, range)| ContractNeed(contracts[k.index(contracts.len())].id.clone(), range))
            .collect();
        out.push(ClientRelease {
            client,
            version: r.version,
            needs,
        });
    }
    out
}

fn decisions(raw: Vec<RawDecision>, ids: &[String]) -> Vec<Decision> {
    let mut number = 0;
    let numbers: Vec<u32> = raw
        .iter()
        .map(|d| {
            number += d.gap;
            number
        })
        .collect();
    raw.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut d = r.decision;
            d.number = numbers[i];
            d.status = match r.status {
                RawStatus::Plain(s) => s,
                RawStatus::Superseded(_) if numbers.len() < 2 => DecisionStatus::Accepted,
                RawStatus::Superseded(ix) => {
                    let other = (i + 1 + ix.index(numbers.len() - 1)) % numbers.len();
                    DecisionStatus::SupersededBy(numbers[other])
                }
            };
            d.concerns = r
                .concerns
                .iter()
                .filter(|_| !ids.is_empty())
                .map(|ix| ids[ix.index(ids.len())].clone())
                .collect();
            d
        })
        .collect()
}

fn model() -> impl Strategy<Value = Model> {
    parts().prop_map(|p| {
        let data = assemble(p);
        match Model::from_data(data) {
            Ok(m) => m,
            Err(problems) => panic!("the strategy built an invalid model: {problems:?}"),
        }
    })
}

/// A way to damage a file.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    FlipBits(Vec<(Index, u8)>),
    Duplicate { from: Index, len: usize, to: Index },
    Delete { from: Index, len: usize },
    Insert { at: Index, token: &'static str },
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "r#\"",
    "/*",
    "//",
    "Some(",
    "None",
    "1e99",
    "-",
    "\\",
    "\u{0}",
    "é",
    "format: 9,",
    "nodes: [",
    "[[[[[[[[[[[[[[[[[[[[[[[[",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        prop::collection::vec((any::<Index>(), 0u8..8), 1..5).prop_map(Mutation::FlipBits),
        (any::<Index>(), 1usize..200, any::<Index>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        (any::<Index>(), 1usize..50).prop_map(|(from, len)| Mutation::Delete { from, len }),
        (any::<Index>(), prop::sample::select(TOKENS))
            .prop_map(|(at, token)| Mutation::Insert { at, token }),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Truncate(at) => bytes.truncate(at.index(len)),
            Mutation::FlipBits(flips) => {
                for (at, bit) in flips {
                    if let Some(b) = bytes.get_mut(at.index(len)) {
                        *b ^= 1 << bit;
                    }
                }
            }
            Mutation::Duplicate { from, len: n, to } => {
                let start = from.index(len).min(bytes.len());
                let span = bytes[start..(start + n).min(bytes.len())].to_vec();
                let at = to.index(len).min(bytes.len());
                bytes.splice(at..at, span);
            }
            Mutation::Delete { from, len: n } => {
                let start = from.index(len).min(bytes.len());
                bytes.drain(start..(start + n).min(bytes.len()));
            }
            Mutation::Insert { at, token } => {
                let at = at.index(len).min(bytes.len());
                bytes.splice(at..at, token.bytes());
            }
        }
    }
    bytes
}

/// How long one parse of a small damaged file may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(3);

/// Parses on a helper thread so that a hang fails the test instead of stalling the suite.
///
/// A parse that never returns leaves its thread spinning until the test process exits.
fn parse_with_deadline(text: &str) -> Option<Result<Model, LoadError>> {
    let (tx, rx) = mpsc::channel();
    let text = text.to_owned();
    thread::spawn(move || {
        let _ = tx.send(io::parse(&text));
    });
    rx.recv_timeout(DEADLINE).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_an_equal_model(model in model()) {
        let text = io::to_string(&model).expect("a valid model saves");
        match io::parse(&text) {
            Ok(loaded) => prop_assert_eq!(loaded, model),
            Err(e) => prop_assert!(false, "saved text does not load: {}\n{}", e, text),
        }
    }

    #[test]
    fn save_load_save_is_byte_identical(model in model()) {
        let first = io::to_string(&model).expect("a valid model saves");
        let loaded = io::parse(&first).map_err(|e| TestCaseError::fail(format!("{e}\n{first}")))?;
        let second = io::to_string(&loaded).expect("a loaded model saves");
        prop_assert_eq!(first, second);
    }
}

proptest! {
    // A hang found while shrinking costs a deadline and a spinning thread each time: cap it.
    #![proptest_config(ProptestConfig { cases: 128, max_shrink_time: 30_000, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_are_refused_without_panicking(
        model in model(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let original = io::to_string(&model).expect("a valid model saves");
        let bytes = mutate(&original, &mutations);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let Some(result) = parse_with_deadline(&text) else {
            return Err(TestCaseError::fail(format!("io::parse did not return within {DEADLINE:?} on:\n{text}")));
        };
        match result {
            Ok(loaded) => prop_assert!(loaded.problems().is_empty()),
            Err(LoadError::Invalid(diagnostics)) => {
                prop_assert!(!diagnostics.is_empty());
                let lines = text.lines().count().max(1) + 1;
                for d in diagnostics {
                    prop_assert!(!d.message.is_empty());
                    prop_assert!(d.position.line >= 1 && d.position.col >= 1, "{}", d);
                    prop_assert!(d.position.line <= lines, "{} is past the last line {}", d, lines);
                }
            }
            Err(e @ LoadError::NewerFormat { .. }) => prop_assert!(!e.to_string().is_empty()),
            Err(e) => prop_assert!(false, "unexpected error kind for text input: {e}"),
        }
    }
}

#[test]
fn the_strategy_reaches_every_corner() {
    // A quick census over generated models so a strategy regression cannot hide.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = model();
    let (mut nested, mut superseded, mut custom, mut linked) = (0, 0, 0, 0);
    for _ in 0..200 {
        let m = strategy
            .new_tree(&mut runner)
            .expect("a model is generated")
            .current();
        nested += usize::from(m.zones.iter().any(|z| z.parent.is_some()));
        superseded += usize::from(
            m.decisions
                .iter()
                .any(|d| matches!(d.status, DecisionStatus::SupersededBy(_))),
        );
        custom += usize::from(m.links().any(|l| matches!(l.protocol, Protocol::Custom(_))));
        linked += usize::from(m.link_count() > 0 && !m.contracts.is_empty());
    }
    assert!(nested > 20 && superseded > 20 && custom > 20 && linked > 20);
}
