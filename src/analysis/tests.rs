//! Engine-level tests: ordering, key uniqueness and stability, triage helpers, and robustness on
//! many generated models.

use std::collections::HashSet;

use super::rules::testkit::*;
use super::*;
use crate::model::{
    Authn, Classification, ClientPlatform, ContractStyle, DataFlow, GatewayRole, Link, ModelData,
    Negotiation, Node, NodeKind, Protocol, Responsibility, ServerRole, StoreKind, SyncDirection,
    SyncSpec, SyncStrategy, Thickness, Tls, TrustZone, ZoneKind,
};

/// The web shop sketched in DESIGN.md, with a few flaws added.
fn web_shop() -> ModelData {
    let mut core = TrustZone::new("core", "Core services", ZoneKind::Internal, 2);
    core.parent = Some("dmz".into());
    let mut spa_gw = good_link("spa-gateway", "spa", "gateway");
    spa_gw.contract = Some("shop-api".into());
    spa_gw.data = vec![DataFlow("orders".into(), Classification::Confidential)];
    let mut app_orders = link("app-orders", "app", "orders");
    app_orders.protocol = Protocol::Http;
    app_orders.tls = Tls::None;
    app_orders.authn = Authn::Token;
    app_orders.calls_per_action = 7;
    ModelData {
        name: "Web shop".into(),
        zones: vec![
            TrustZone::new("internet", "Internet", ZoneKind::Internet, 0),
            TrustZone::new("dmz", "DMZ", ZoneKind::Dmz, 1),
            core,
        ],
        nodes: vec![
            zoned(
                owning(client("spa"), &["Render catalogue"], &["Cart"]),
                "internet",
            ),
            zoned(
                owning(
                    client_on("app", ClientPlatform::Mobile, Thickness::Thick, true),
                    &["Price and validate orders"],
                    &[],
                ),
                "internet",
            ),
            zoned(gateway_as("gateway", GatewayRole::ApiGateway), "dmz"),
            zoned(
                owning(
                    server("orders"),
                    &["Price and validate orders"],
                    &["Orders"],
                ),
                "core",
            ),
            zoned(store("orders-db", false), "core"),
        ],
        links: vec![
            spa_gw,
            good_link("gateway-orders", "gateway", "orders"),
            link("orders-to-db", "orders", "orders-db"),
            app_orders,
        ],
        contracts: vec![contract("shop-api", "orders")],
        releases: vec![release("spa", "2026.11", &[("shop-api", ">=2.1")])],
        ..ModelData::default()
    }
}

fn keys(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| f.key.clone()).collect()
}

#[test]
fn findings_are_sorted_and_keyed_uniquely() {
    let m = build(web_shop());
    let found = check(&m);
    assert!(found.len() > 10, "{found:#?}");
    let unique: HashSet<&str> = found.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(unique.len(), found.len());
    for w in found.windows(2) {
        assert!(
            (w[1].severity, &w[0].key) <= (w[0].severity, &w[1].key),
            "{:?}",
            (&w[0].key, &w[1].key)
        );
    }
    for f in &found {
        assert_eq!(
            f.key,
            format!("{}@{}", f.rule, f.key.split_once('@').map_or("", |k| k.1))
        );
        assert!(m.has_id(f.primary()), "{} names an element", f.key);
        assert_eq!(rule(f.rule).map(|r| r.area), Some(f.area));
    }
    let k = keys(&found);
    for expected in [
        "credentials-in-plaintext@app-orders",
        "plaintext-across-boundary@app-orders",
        "duplicated-logic@app",
        "store-unencrypted@orders-db",
        "chatty-client@app",
        "offline-client-no-sync@app",
        "no-telemetry@orders-db",
    ] {
        assert!(
            k.iter().any(|x| x == expected),
            "missing {expected} in {k:#?}"
        );
    }
}

#[test]
fn keys_survive_renames_and_unrelated_edits() {
    let before = check(&build(web_shop()));
    let mut renamed = web_shop();
    for n in &mut renamed.nodes {
        n.name = format!("Renamed {}", n.name);
    }
    for z in &mut renamed.zones {
        z.name = format!("Zone {}", z.name);
    }
    for c in &mut renamed.contracts {
        c.name = "Storefront API".into();
    }
    let after = check(&build(renamed));
    assert_eq!(keys(&before), keys(&after));

    let mut edited = web_shop();
    edited
        .nodes
        .push(Node::new("wiki", "Team wiki", NodeKind::External));
    let after: HashSet<String> = keys(&check(&build(edited))).into_iter().collect();
    for k in keys(&before) {
        assert!(
            after.contains(&k),
            "{k} disappeared after an unrelated edit"
        );
    }
}

#[test]
fn output_does_not_depend_on_edit_order() {
    let sorted = build(web_shop());
    let mut data = web_shop();
    data.nodes.reverse();
    data.links.reverse();
    data.zones.reverse();
    let reversed = build(data);
    assert_eq!(check(&sorted), check(&reversed));
}

#[test]
fn triage_lookup_and_staleness() {
    let mut data = web_shop();
    data.triage = vec![
        crate::model::Triage {
            finding: "store-unencrypted@orders-db".into(),
            status: crate::model::TriageStatus::Accepted,
            note: "disk-level encryption".into(),
        },
        crate::model::Triage {
            finding: "weak-tls@gone".into(),
            status: crate::model::TriageStatus::FalsePositive,
            note: String::new(),
        },
    ];
    let m = build(data);
    let found = check(&m);
    assert_eq!(
        triage_of(&m, "store-unencrypted@orders-db").map(|t| t.note.as_str()),
        Some("disk-level encryption")
    );
    assert!(triage_of(&m, "nope@x").is_none());
    let stale: Vec<&str> = stale_triage(&m, &found)
        .iter()
        .map(|t| t.finding.as_str())
        .collect();
    assert_eq!(stale, ["weak-tls@gone"]);
    let open = open_findings(&m, &found);
    assert_eq!(open.len(), found.len() - 1);
}

#[test]
fn severities_parse_and_order() {
    assert!(Severity::Info < Severity::Low && Severity::High < Severity::Critical);
    for s in Severity::ALL {
        assert_eq!(s.label().parse::<Severity>(), Ok(s));
        assert_eq!(
            serde_json::to_value(s).ok(),
            Some(serde_json::json!(s.label()))
        );
    }
    assert_eq!(" HIGH ".parse::<Severity>(), Ok(Severity::High));
    assert!("severe".parse::<Severity>().is_err());
    assert_eq!(Severity::High.raised(3), Severity::Critical);
    assert_eq!(Severity::Info.raised(0), Severity::Info);
}

#[test]
fn catalogue_lists_every_rule() {
    let all = rules();
    assert_eq!(all.len(), 31);
    assert_eq!(
        rule("plaintext-link").map(|r| r.severity),
        Some(Severity::Low)
    );
    assert!(rule("no-such-rule").is_none());
}

#[test]
fn empty_model_has_no_findings() {
    assert!(check(&crate::model::Model::new("empty")).is_empty());
}

/// A tiny deterministic generator (xorshift) so robustness tests need no extra crates.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A random valid model mixing every kind of element and odd version strings.
fn random_model(seed: u64) -> ModelData {
    let mut d = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let zone_count = d.below(5);
    let zones: Vec<TrustZone> = (0..zone_count)
        .map(|i| {
            let mut z = TrustZone::new(
                format!("z{i}"),
                format!("Zone {}", i % 3),
                ZoneKind::Internal,
                d.below(4) as u8,
            );
            if i > 0 && d.below(2) == 0 {
                z.parent = Some(format!("z{}", d.below(i)));
            }
            z
        })
        .collect();
    let kinds = NodeKind::all_defaults();
    let node_count = 1 + d.below(25);
    let nodes: Vec<Node> = (0..node_count)
        .map(|i| {
            let mut kind = d.pick(&kinds).clone();
            match &mut kind {
                NodeKind::Client {
                    offline_first,
                    thickness,
                    ..
                } => {
                    *offline_first = d.below(2) == 0;
                    *thickness = if d.below(2) == 0 {
                        Thickness::Thick
                    } else {
                        Thickness::Thin
                    };
                }
                NodeKind::Server { role } => {
                    *role = *d.pick(&[ServerRole::Api, ServerRole::Auth, ServerRole::Discovery]);
                }
                NodeKind::Store {
                    kind,
                    encrypted_at_rest,
                } => {
                    *kind = *d.pick(&[StoreKind::Relational, StoreKind::Cache, StoreKind::Object]);
                    *encrypted_at_rest = d.below(2) == 0;
                }
                _ => {}
            }
            let mut n = Node::new(format!("n{i}"), format!("Node {}", i % 7), kind);
            if zone_count > 0 && d.below(4) > 0 {
                n.zone = Some(format!("z{}", d.below(zone_count)));
            }
            n.replicas = 1 + d.below(2) as u32;
            let texts = ["Orders", "Price", "Cart"];
            if d.below(2) == 0 {
                n.responsibilities
                    .push(Responsibility::Logic((*d.pick(&texts)).into()));
            }
            if d.below(2) == 0 {
                n.responsibilities
                    .push(Responsibility::Data((*d.pick(&texts)).into()));
            }
            n
        })
        .collect();
    let contract_count = d.below(4);
    let contracts: Vec<_> = (0..contract_count)
        .map(|i| {
            let mut c = contract(&format!("c{i}"), &format!("n{}", d.below(node_count)));
            c.style = ContractStyle::Rest;
            c.version = (*d.pick(&["", "2.3.0", "x", "0.4", "v1"])).into();
            c.supported = (*d.pick(&["", ">=2.0, <3", "^1", "garbage", "*", "1.x || >=3"])).into();
            c.negotiation = *d.pick(&[None, Some(Negotiation::AcceptHeader)]);
            c.deprecation_window = None;
            c
        })
        .collect();
    let mut links = Vec::new();
    if node_count > 1 {
        for i in 0..d.below(3 * node_count) {
            let from = d.below(node_count);
            let to = (from + 1 + d.below(node_count - 1)) % node_count;
            let mut l = Link::new(format!("l{i}"), format!("n{from}"), format!("n{to}"));
            l.protocol = d
                .pick(&[Protocol::Http, Protocol::Https, Protocol::Tcp])
                .clone();
            l.tls = *d.pick(&[Tls::None, Tls::Tls12, Tls::Tls13, Tls::Mutual]);
            l.authn = d.pick(&[Authn::None, Authn::Token, Authn::Mtls]).clone();
            l.bidirectional = d.below(4) == 0;
            l.calls_per_action = 1 + d.below(8) as u32;
            l.telemetry = d.below(2) == 0;
            let class = *d.pick(&[Classification::Public, Classification::Secret]);
            l.data.push(DataFlow("Orders".into(), class));
            if contract_count > 0 && d.below(2) == 0 {
                l.contract = Some(format!("c{}", d.below(contract_count)));
            }
            if d.below(4) == 0 {
                l.sync = Some(SyncSpec {
                    strategy: *d.pick(&[SyncStrategy::Unspecified, SyncStrategy::Crdt]),
                    direction: *d.pick(&[SyncDirection::Both, SyncDirection::Push]),
                });
            }
            links.push(l);
        }
    }
    let releases = if contract_count > 0 {
        (0..d.below(4))
            .map(|i| {
                let need = *d.pick(&["^1.2", ">=2.1", "", "nonsense", "=0.4.0"]);
                release(
                    &format!("n{}", d.below(node_count)),
                    &format!("1.{i}"),
                    &[("c0", need)],
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    ModelData {
        name: format!("random {seed}"),
        zones,
        nodes,
        links,
        contracts,
        releases,
        ..ModelData::default()
    }
}

#[test]
fn random_models_never_panic_and_keep_keys_unique() {
    let mut rules_seen = HashSet::new();
    for seed in 0..300 {
        let Ok(m) = crate::model::Model::from_data(random_model(seed)) else {
            continue;
        };
        let found = check(&m);
        let unique: HashSet<&str> = found.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(unique.len(), found.len(), "seed {seed}");
        assert!(
            found
                .windows(2)
                .all(|w| (w[1].severity, &w[0].key) < (w[0].severity, &w[1].key)),
            "seed {seed}: findings out of order"
        );
        assert!(
            found.iter().all(|f| !f.key.contains('#')),
            "seed {seed}: a rule repeated a key"
        );
        rules_seen.extend(found.iter().map(|f| f.rule));
        // Every open finding of a step marks at least one of the step's elements as missing.
        let open = open_findings(&m, &found);
        for step in checklist(&m, &found) {
            if open.iter().any(|f| f.area == step.area) {
                assert!(
                    step.covered < step.total,
                    "seed {seed}: step {}",
                    step.number
                );
            }
        }
        let matrix = skew_matrix(&m);
        assert!(
            matrix
                .rows
                .iter()
                .all(|r| r.cells.len() == matrix.columns.len())
        );
    }
    assert!(
        rules_seen.len() >= 25,
        "generated models exercise most rules: {rules_seen:?}"
    );
}

#[test]
fn clashing_keys_get_suffixes() {
    let rule = rule("isolated-node").expect("rule");
    let f = |sev| Finding::new(rule, "a", sev, "m".into(), Vec::new());
    let mut found = vec![f(Severity::Low), f(Severity::High), f(Severity::Low)];
    make_keys_unique(&mut found);
    let keys: HashSet<&str> = found.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        HashSet::from(["isolated-node@a", "isolated-node@a#2", "isolated-node@a#3"])
    );
}

#[test]
fn buckets_order_as_severity_then_rule_rank_then_position() {
    // Pseudo-random (severity, rank) pairs, ordered both by the buckets and by comparing tuples.
    let mut state = 7u64;
    let pairs: Vec<(Severity, usize)> = (0..500)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let sev = Severity::ALL[(state >> 33) as usize % Severity::ALL.len()];
            (sev, (state >> 40) as usize % rules::CATALOGUE.len())
        })
        .collect();
    let buckets: Vec<usize> = pairs.iter().map(|&(s, r)| bucket_of(s, r)).collect();
    let mut by_tuple: Vec<usize> = (0..pairs.len()).collect();
    by_tuple.sort_by_key(|&i| (std::cmp::Reverse(pairs[i].0), pairs[i].1, i));
    assert_eq!(counting_sort(&buckets, BUCKETS), by_tuple);
    assert!(buckets.iter().all(|&b| b < BUCKETS));
}

#[test]
fn check_orders_by_severity_then_key() {
    let m = crate::generate::synthetic(300, 3);
    let found = check(&m);
    assert!(found.windows(2).all(|w| {
        (std::cmp::Reverse(w[0].severity), &w[0].key)
            < (std::cmp::Reverse(w[1].severity), &w[1].key)
    }));
}

#[test]
fn rules_shared_among_threads_find_exactly_what_one_thread_finds() {
    use crate::generate::{self, RandomShape};
    let models = [
        generate::synthetic(700, 3),
        generate::random(RandomShape::with_nodes(600), 9),
        Model::from_data(web_shop()).expect("the web shop is valid"),
    ];
    for model in &models {
        let ix = index::ModelIndex::new(model);
        let alone = in_order(run_rules(&ix, 1));
        assert!(!alone.is_empty());
        for workers in [2, 3, 8] {
            assert_eq!(
                in_order(run_rules(&ix, workers)),
                alone,
                "{workers} workers"
            );
        }
    }
    // Above the threshold, `check` shares the rules out and still orders every finding.
    let big = generate::random(RandomShape::with_nodes(PARALLEL_FROM), 1);
    let found = check(&big);
    let ix = index::ModelIndex::new(&big);
    assert_eq!(found, in_order(run_rules(&ix, 1)));
    assert!(found.windows(2).all(|w| {
        w[0].severity > w[1].severity || (w[0].severity == w[1].severity && w[0].key < w[1].key)
    }));
}
