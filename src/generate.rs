//! Large synthetic models for benchmarks and tests: deterministic, valid, and shaped like real ones.
//!
//! Nodes are grouped in clusters of five nested trust zones (outside ⊃ devices, DMZ ⊃ services ⊃
//! data). Links mostly stay inside a cluster and follow the usual flow: actors use clients, clients
//! call gateways, gateways call servers, servers use stores, peers sync with peers.

mod random;

use std::collections::BTreeMap;

pub use random::{RandomShape, random, random_data};

use crate::model::{
    Authn, Classification, ClientPlatform, ClientRelease, Contract, ContractNeed, ContractStyle,
    DataFlow, Decision, DecisionOption, DecisionStatus, GatewayRole, Layout, Link, Model,
    ModelData, Negotiation, Node, NodeKind, Point, Protocol, Responsibility, ServerRole, StoreKind,
    SyncDirection, SyncSpec, SyncStrategy, Thickness, Tls, Triage, TriageStatus, TrustZone, View,
    ZoneKind,
};

/// Nodes per trust zone, on average.
const NODES_PER_ZONE: usize = 25;
/// Zones per cluster: outside, devices (in outside), DMZ, services (in DMZ), data (in services).
const ZONES_PER_CLUSTER: usize = 5;
/// Rows of nodes in a zone's column block.
const ROWS: usize = 8;
/// Horizontal distance between node columns.
const DX: f32 = 220.0;
/// Vertical distance between node rows.
const DY: f32 = 100.0;
/// Room between zone blocks in a cluster.
const ZONE_GAP: f32 = 120.0;
/// Room between clusters.
const CLUSTER_GAP: f32 = 300.0;
/// How far (in positions of the same kind) a link target may lie from its source.
const NEAR: usize = 8;

/// A synthetic model with `nodes` nodes, the same for the same `nodes` and `seed`.
///
/// It holds every node kind, about two links per node, about one trust zone per 25 nodes nested up
/// to three deep, one contract per 20 nodes, client releases, decisions, triage and a position for
/// every node. 10,000 nodes take about 50 ms in a release build.
///
/// # Panics
///
/// Never for any input: the model is valid by construction, which the tests check.
pub fn synthetic(nodes: usize, seed: u64) -> Model {
    let data = synthetic_data(nodes, seed);
    Model::from_data(data)
        .unwrap_or_else(|problems| panic!("synthetic model is invalid: {:?}", problems.first()))
}

/// The plain data of [`synthetic`], before it is checked and indexed.
pub fn synthetic_data(nodes: usize, seed: u64) -> ModelData {
    let mut g = Generator::new(nodes, seed);
    g.add_zones();
    g.add_nodes();
    g.add_links();
    g.add_contracts();
    g.add_releases();
    g.add_decisions();
    g.add_triage();
    let layout = g.layout();
    ModelData {
        name: format!("Synthetic model ({nodes} nodes, seed {seed})"),
        description: "Generated for benchmarks and tests: clusters of clients, gateways, servers, \
                      stores and peers in nested trust zones."
            .into(),
        zones: g.zones,
        nodes: g.nodes,
        links: g.links,
        contracts: g.contracts,
        releases: g.releases,
        decisions: g.decisions,
        triage: g.triage,
        settings: Default::default(),
        layout,
    }
}

/// splitmix64: tiny, fast, and good enough to make varied test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with the given probability in percent.
    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// Where a node lives in its cluster: the slot of the zone it is put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Outside = 0,
    Devices = 1,
    Edge = 2,
    Services = 3,
    Data = 4,
}

/// Indices into the generator's node list, by kind, in ascending order.
#[derive(Default)]
struct ByKind {
    clients: Vec<usize>,
    servers: Vec<usize>,
    peers: Vec<usize>,
    gateways: Vec<usize>,
    stores: Vec<usize>,
    rendezvous: Vec<usize>,
    providers: Vec<usize>,
}

struct Generator {
    rng: Rng,
    n: usize,
    zone_count: usize,
    clusters: usize,
    zones: Vec<TrustZone>,
    nodes: Vec<Node>,
    /// Each node's cluster and the slot of its zone in the cluster, for the layout.
    place: Vec<(usize, usize)>,
    by_kind: ByKind,
    links: Vec<Link>,
    contracts: Vec<Contract>,
    releases: Vec<ClientRelease>,
    decisions: Vec<Decision>,
    triage: Vec<Triage>,
}

const SUBJECTS: &[&str] = &[
    "Orders",
    "Catalogue",
    "Billing",
    "Search",
    "Accounts",
    "Inventory",
    "Shipping",
    "Pricing",
    "Reviews",
    "Notifications",
    "Reports",
    "Payments",
    "Loyalty",
    "Media",
    "Café menu",
];

const DATA: &[&str] = &[
    "orders",
    "customer profiles",
    "prices",
    "session tokens",
    "stock levels",
    "invoices",
    "product images",
    "audit events",
    "card tokens",
    "search queries",
    "notes",
];

const RULES: &[&str] = &[
    "plaintext-link",
    "no-rate-limit",
    "no-telemetry",
    "missing-authorization",
    "weak-tls",
    "link-without-contract",
    "chatty-client",
    "missing-authentication",
];

impl Generator {
    fn new(n: usize, seed: u64) -> Self {
        let zone_count = if n == 0 {
            0
        } else {
            (n / NODES_PER_ZONE).max(1)
        };
        Generator {
            rng: Rng(seed ^ 0x5EED_A2C4_0DE1_0000),
            n,
            zone_count,
            clusters: zone_count.div_ceil(ZONES_PER_CLUSTER),
            zones: Vec::with_capacity(zone_count),
            nodes: Vec::with_capacity(n),
            place: Vec::with_capacity(n),
            by_kind: ByKind::default(),
            links: Vec::with_capacity(n * 2 + n / 4),
            contracts: Vec::new(),
            releases: Vec::new(),
            decisions: Vec::new(),
            triage: Vec::new(),
        }
    }

    fn add_zones(&mut self) {
        for z in 0..self.zone_count {
            let (c, slot) = (z / ZONES_PER_CLUSTER, z % ZONES_PER_CLUSTER);
            let (id, name, kind, trust, parent) = match slot {
                0 if c % 3 == 1 => ("partner", "Partners", ZoneKind::Partner, 1, None),
                0 => ("internet", "Internet", ZoneKind::Internet, 0, None),
                1 => ("devices", "User devices", ZoneKind::Device, 0, Some(z - 1)),
                2 => ("dmz", "DMZ", ZoneKind::Dmz, 1, None),
                3 => ("services", "Services", ZoneKind::Internal, 2, Some(z - 1)),
                _ if c % 4 == 3 => (
                    "pci",
                    "Cardholder data",
                    ZoneKind::Custom("PCI scope".into()),
                    4,
                    Some(z - 1),
                ),
                _ => ("data", "Data", ZoneKind::Internal, 3, Some(z - 1)),
            };
            let mut zone = TrustZone::new(zone_id(z, id), format!("{name} {c}"), kind, trust);
            zone.parent = parent.map(|p: usize| self.zones[p].id.clone());
            if slot == 0 {
                zone.description = format!("Cluster {c}: traffic from outside the organisation.");
            }
            self.zones.push(zone);
        }
    }

    fn add_nodes(&mut self) {
        for i in 0..self.n {
            let kind = self.kind_for(i);
            let (tier, stem) = match &kind {
                NodeKind::Client { .. } => (Tier::Devices, "client"),
                NodeKind::Peer { .. } => (Tier::Devices, "peer"),
                NodeKind::Server { .. } => (Tier::Services, "server"),
                NodeKind::Gateway { .. } => (Tier::Edge, "gateway"),
                NodeKind::Cdn => (Tier::Edge, "cdn"),
                NodeKind::Store { .. } => (Tier::Data, "store"),
                NodeKind::External => (Tier::Outside, "external"),
                NodeKind::Actor => (Tier::Outside, "actor"),
            };
            let cluster = i * self.clusters / self.n;
            let subject = SUBJECTS[self.rng.below(SUBJECTS.len())];
            let mut node = Node::new(format!("{stem}-{i}"), format!("{subject} {stem} {i}"), kind);
            // The last cluster may be short of zones: its first zone takes the rest.
            let first = cluster * ZONES_PER_CLUSTER;
            let z = if first + (tier as usize) < self.zones.len() {
                first + tier as usize
            } else {
                first
            };
            node.zone = self.zones.get(z).map(|zone| zone.id.clone());
            self.describe(&mut node, subject);
            self.index(i, &node.kind);
            self.nodes.push(node);
            self.place.push((cluster, z - first));
        }
    }

    /// Every kind appears in the first eight nodes; after that kinds follow realistic shares.
    fn kind_for(&mut self, i: usize) -> NodeKind {
        let rng = &mut self.rng;
        let roll = match FIRST_ROLLS.get(i) {
            Some(&roll) => roll,
            None => rng.below(100),
        };
        match roll {
            0..=4 => NodeKind::Actor,
            5..=18 => NodeKind::Client {
                platform: rng.pick(&PLATFORMS),
                thickness: [Thickness::Thin, Thickness::Thick][usize::from(rng.percent(30))],
                offline_first: rng.percent(20),
            },
            19..=52 => NodeKind::Server {
                role: rng.pick(&SERVER_ROLES),
            },
            53..=74 => NodeKind::Store {
                kind: rng.pick(&STORE_KINDS),
                encrypted_at_rest: rng.percent(75),
            },
            75..=80 => NodeKind::Gateway {
                role: rng.pick(&GATEWAY_ROLES),
            },
            81..=83 => NodeKind::Cdn,
            84..=91 => NodeKind::External,
            _ => NodeKind::Peer {
                platform: rng.pick(&PLATFORMS),
            },
        }
    }

    fn describe(&mut self, node: &mut Node, subject: &str) {
        let rng = &mut self.rng;
        let lower = subject.to_lowercase();
        if rng.percent(30) {
            node.description = format!(
                "Handles {lower} for cluster traffic; owned by the {lower} team. \
                 Generated text long enough to look like a real description."
            );
        }
        let owns_things = matches!(
            node.kind,
            NodeKind::Client { .. } | NodeKind::Server { .. } | NodeKind::Peer { .. }
        );
        if owns_things || node.kind.is_store() {
            node.responsibilities
                .push(Responsibility::Data(format!("{subject} records")));
        }
        if owns_things && rng.percent(85) {
            node.responsibilities
                .push(Responsibility::Logic(format!("Validate {lower} requests")));
        }
        if rng.percent(40) {
            node.technology = Some(
                rng.pick(&["Rust", "Go", "Kotlin", "PostgreSQL 16", "React"])
                    .into(),
            );
        }
        if !node.kind.is_client() && rng.percent(30) {
            node.replicas = 2 + rng.below(3) as u32;
        }
    }

    fn index(&mut self, i: usize, kind: &NodeKind) {
        let k = &mut self.by_kind;
        match kind {
            NodeKind::Client { .. } => k.clients.push(i),
            NodeKind::Server { role } => {
                k.servers.push(i);
                if matches!(role, ServerRole::Discovery | ServerRole::Relay) {
                    k.rendezvous.push(i);
                }
                if *role != ServerRole::Worker {
                    k.providers.push(i);
                }
            }
            NodeKind::Peer { .. } => {
                k.peers.push(i);
                k.providers.push(i);
            }
            NodeKind::Gateway { .. } => {
                k.gateways.push(i);
                k.providers.push(i);
            }
            NodeKind::Store { .. } => k.stores.push(i),
            NodeKind::Cdn | NodeKind::External | NodeKind::Actor => {}
        }
    }

    /// A node of a kind list near `i` (in index order, so usually in the same cluster), never `i`.
    fn near(&mut self, list: &[usize], i: usize) -> Option<usize> {
        let others = list.len() - usize::from(list.binary_search(&i).is_ok());
        if others == 0 {
            return None;
        }
        let at = list.partition_point(|&x| x < i);
        let lo = at.saturating_sub(NEAR);
        let hi = (at + NEAR).min(list.len());
        for _ in 0..4 {
            let j = list[lo + self.rng.below(hi - lo)];
            if j != i {
                return Some(j);
            }
        }
        list.iter().copied().find(|&j| j != i)
    }

    fn add_links(&mut self) {
        let clients = std::mem::take(&mut self.by_kind.clients);
        let servers = std::mem::take(&mut self.by_kind.servers);
        let peers = std::mem::take(&mut self.by_kind.peers);
        let gateways = std::mem::take(&mut self.by_kind.gateways);
        let stores = std::mem::take(&mut self.by_kind.stores);
        let rendezvous = std::mem::take(&mut self.by_kind.rendezvous);
        let front: Vec<usize> = {
            let mut v = [gateways.as_slice(), &servers].concat();
            v.sort_unstable();
            v
        };
        for i in 0..self.n {
            let targets: Vec<(&[usize], usize)> = match self.nodes[i].kind {
                NodeKind::Actor => vec![(&clients, 1)],
                NodeKind::Client { .. } => vec![(&gateways, 2), (&front, 1)],
                NodeKind::Peer { .. } => vec![(&peers, 2), (&rendezvous, 1)],
                NodeKind::Gateway { .. } => vec![(&servers, 3)],
                NodeKind::Cdn => vec![(&stores, 1), (&servers, 1)],
                NodeKind::Server { .. } => vec![(&stores, 2), (&servers, 1)],
                NodeKind::External => vec![(&gateways, 1)],
                NodeKind::Store { .. } => vec![],
            };
            for (list, count) in targets {
                for _ in 0..count {
                    if let Some(j) = self.near(list, i) {
                        let link = self.link(i, j);
                        self.links.push(link);
                    }
                }
            }
        }
        self.by_kind = ByKind {
            clients,
            servers,
            peers,
            gateways,
            stores,
            rendezvous,
            providers: std::mem::take(&mut self.by_kind.providers),
        };
    }

    fn link(&mut self, from: usize, to: usize) -> Link {
        let id = format!("link-{}", self.links.len());
        let mut link = Link::new(id, self.nodes[from].id.clone(), self.nodes[to].id.clone());
        let (a, b) = (&self.nodes[from].kind, &self.nodes[to].kind);
        let rng = &mut self.rng;
        link.protocol = protocol(rng, a, b);
        link.tls = rng.pick(&TLS_MIX);
        link.authn = match rng.below(7) {
            0 | 1 => Authn::Token,
            2 => Authn::Mtls,
            3 => Authn::Session,
            4 => Authn::ApiKey,
            5 => Authn::None,
            _ => Authn::Custom("SCRAM-SHA-256".into()),
        };
        if rng.percent(50) {
            link.authz = Some("owner only".into());
        }
        let from_outside = matches!(
            a,
            NodeKind::Client { .. } | NodeKind::External | NodeKind::Peer { .. }
        );
        if from_outside && rng.percent(70) {
            link.rate_limit = Some(format!("{}/min per user", 30 + rng.below(10) * 10));
        }
        link.telemetry = rng.percent(80);
        for _ in 0..rng.below(3) {
            link.data
                .push(DataFlow(rng.pick(DATA).into(), rng.pick(&CLASSIFICATIONS)));
        }
        if rng.percent(10) {
            link.calls_per_action = 2 + rng.below(7) as u32;
        }
        if rng.percent(15) {
            link.label = "reads and writes".into();
        }
        link.sync = match (a, b) {
            (NodeKind::Peer { .. }, NodeKind::Peer { .. }) => {
                link.bidirectional = true;
                Some(SyncSpec {
                    strategy: rng.pick(&SYNC_STRATEGIES),
                    direction: SyncDirection::Both,
                })
            }
            (
                NodeKind::Client {
                    offline_first: true,
                    ..
                },
                _,
            ) => Some(SyncSpec {
                strategy: SyncStrategy::LastWriteWins,
                direction: rng.pick(&[
                    SyncDirection::Both,
                    SyncDirection::Push,
                    SyncDirection::Pull,
                ]),
            }),
            _ => None,
        };
        link
    }

    /// About one contract per 20 nodes, provided by servers, gateways and peers, used by links.
    fn add_contracts(&mut self) {
        let providers = &self.by_kind.providers;
        let count = (self.n / 20).max(1).min(providers.len());
        let mut of_provider: BTreeMap<&str, String> = BTreeMap::new();
        for c in 0..count {
            let p = providers[c * providers.len() / count];
            let node = &self.nodes[p];
            let style = match node.kind {
                NodeKind::Peer { .. } => ContractStyle::P2p,
                _ => self.rng.pick(&[
                    ContractStyle::Rest,
                    ContractStyle::Grpc,
                    ContractStyle::GraphQl,
                    ContractStyle::Events,
                ]),
            };
            let mut k = Contract::new(
                format!("contract-{c}"),
                format!("{} API", node.name),
                style,
                node.id.clone(),
            );
            let major = 1 + self.rng.below(4);
            if self.rng.percent(90) {
                k.version = format!("{major}.{}.0", self.rng.below(10));
                k.supported = format!(">={major}.0, <{}", major + 1);
            }
            if self.rng.percent(80) {
                k.schema = Some(format!("api/contract-{c}.yaml"));
            }
            if self.rng.percent(70) {
                k.auth_flow = Some("OAuth 2.1 client credentials".into());
            }
            k.negotiation = self.rng.pick(&[
                None,
                Some(Negotiation::VersionedPath),
                Some(Negotiation::AcceptHeader),
                Some(Negotiation::FeatureFlags),
                Some(Negotiation::CapabilityHandshake),
            ]);
            if self.rng.percent(50) {
                k.deprecation_window = Some("6 months".into());
            }
            of_provider
                .entry(self.nodes[p].id.as_str())
                .or_insert_with(|| k.id.clone());
            self.contracts.push(k);
        }
        for link in &mut self.links {
            if let Some(k) = of_provider.get(link.to.as_str())
                && self.rng.percent(85)
            {
                link.contract = Some(k.clone());
            }
        }
    }

    /// One to three releases for every fourth client and peer, needing the contracts it speaks.
    fn add_releases(&mut self) {
        let mut needs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for link in &self.links {
            if let Some(k) = &link.contract {
                needs.entry(link.from.as_str()).or_default().push(k);
            }
        }
        let users = [self.by_kind.clients.as_slice(), &self.by_kind.peers].concat();
        for (n, &i) in users.iter().enumerate().filter(|(n, _)| n % 4 == 0) {
            let id = &self.nodes[i].id;
            for r in 0..=(n / 4) % 3 {
                let need = needs
                    .get(id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                self.releases.push(ClientRelease {
                    client: id.clone(),
                    version: format!("{}.{}.0", 3 - r, self.rng.below(20)),
                    needs: need
                        .iter()
                        .map(|k| ContractNeed((*k).to_owned(), format!(">={}.0", 1 + r)))
                        .collect(),
                });
            }
        }
    }

    /// One decision per 100 nodes; some are superseded by the next one.
    fn add_decisions(&mut self) {
        let count = if self.n == 0 {
            0
        } else {
            (self.n / 100).max(1)
        };
        for d in 1..=count as u32 {
            let mut decision = Decision::new(
                d,
                format!("Decision {d}: route cluster traffic through a gateway"),
            );
            decision.status = match self.rng.below(10) {
                0 if (d as usize) < count => DecisionStatus::SupersededBy(d + 1),
                1 => DecisionStatus::Proposed,
                2 => DecisionStatus::Rejected,
                3 => DecisionStatus::Deprecated,
                _ => DecisionStatus::Accepted,
            };
            decision.date = format!("2026-{:02}-{:02}", 1 + d % 12, 1 + d % 28);
            decision.deciders = vec!["Platform team".into(), "Security".into()];
            decision.context =
                "Clients called services directly and each service did its own checks.".into();
            decision.drivers = vec![
                "One place for authentication".into(),
                "Fewer round trips".into(),
            ];
            decision.options = ["API gateway", "Backend for frontend", "Direct calls"]
                .iter()
                .map(|name| DecisionOption {
                    name: (*name).into(),
                    pros: vec!["Simple to operate".into()],
                    cons: vec!["One more hop".into()],
                })
                .collect();
            decision.outcome = "Chosen: API gateway, because it centralizes limits.".into();
            decision.consequences = vec![
                "Good: fewer public endpoints".into(),
                "Bad: one more hop".into(),
            ];
            let node = self.rng.below(self.n);
            decision.concerns.push(self.nodes[node].id.clone());
            if !self.links.is_empty() {
                let link = self.rng.below(self.links.len());
                decision.concerns.push(self.links[link].id.clone());
            }
            self.decisions.push(decision);
        }
    }

    /// One triage entry per 50 nodes, each on a different link.
    fn add_triage(&mut self) {
        let count = (self.n / 50).min(self.links.len());
        for t in 0..count {
            let link = &self.links[t * self.links.len() / count];
            self.triage.push(Triage {
                finding: format!("{}@{}", RULES[t % RULES.len()], link.id),
                status: self.rng.pick(&[
                    TriageStatus::Accepted,
                    TriageStatus::Mitigated,
                    TriageStatus::FalsePositive,
                    TriageStatus::InProgress,
                ]),
                note: if t % 2 == 0 {
                    "Reviewed in the design review.".into()
                } else {
                    String::new()
                },
            });
        }
    }

    /// A grid per zone, zones side by side in a cluster, clusters in a square-ish grid.
    fn layout(&self) -> Layout {
        let mut groups: Vec<[Vec<usize>; ZONES_PER_CLUSTER]> =
            vec![Default::default(); self.clusters];
        for (i, &(cluster, slot)) in self.place.iter().enumerate() {
            groups[cluster][slot].push(i);
        }
        let width = |g: &[Vec<usize>; ZONES_PER_CLUSTER]| -> f32 {
            g.iter()
                .map(|v| v.len().div_ceil(ROWS) as f32 * DX + ZONE_GAP)
                .sum()
        };
        let cell_w = groups.iter().map(width).fold(0.0, f32::max) + CLUSTER_GAP;
        let cell_h = ROWS as f32 * DY + CLUSTER_GAP;
        let per_row = (self.clusters as f64).sqrt().ceil().max(1.0) as usize;
        let mut positions = BTreeMap::new();
        for (c, group) in groups.iter().enumerate() {
            let mut x = (c % per_row) as f32 * cell_w;
            let y = (c / per_row) as f32 * cell_h;
            for members in group {
                for (k, &i) in members.iter().enumerate() {
                    let p = Point(x + (k / ROWS) as f32 * DX, y + (k % ROWS) as f32 * DY);
                    positions.insert(self.nodes[i].id.clone(), p);
                }
                x += members.len().div_ceil(ROWS) as f32 * DX + ZONE_GAP;
            }
        }
        let center = Point(per_row as f32 * cell_w / 2.0, per_row as f32 * cell_h / 2.0);
        Layout {
            positions,
            view: View { center, zoom: 0.25 },
            ..Layout::default()
        }
    }
}

/// The wire protocol usual between two kinds of node.
fn protocol(rng: &mut Rng, from: &NodeKind, to: &NodeKind) -> Protocol {
    let custom = |name: &str| Protocol::Custom(name.into());
    match (from, to) {
        (NodeKind::Actor, _) => custom("user interface"),
        (NodeKind::Peer { .. }, NodeKind::Peer { .. }) => match rng.below(4) {
            0 => Protocol::WebRtc,
            1 => Protocol::Quic,
            2 => Protocol::Tcp,
            _ => custom("Noise over TCP"),
        },
        (_, NodeKind::Store { kind, .. }) => match (kind, rng.below(3)) {
            (StoreKind::Queue, _) => Protocol::Amqp,
            (StoreKind::Object, _) => Protocol::Https,
            (_, 0) => custom("PostgreSQL wire"),
            (_, 1) => custom("RESP"),
            _ => Protocol::Tcp,
        },
        (NodeKind::Client { .. }, _) => rng.pick(&[
            Protocol::Https,
            Protocol::Https,
            Protocol::GraphQl,
            Protocol::WebSocket,
            Protocol::Mqtt,
        ]),
        _ => rng.pick(&[
            Protocol::Grpc,
            Protocol::Https,
            Protocol::Http,
            Protocol::Udp,
        ]),
    }
}

/// Rolls for the first eight nodes: one of each kind (see `kind_for`).
const FIRST_ROLLS: [usize; 8] = [5, 30, 95, 78, 60, 82, 88, 2];

const PLATFORMS: [ClientPlatform; 5] = [
    ClientPlatform::Web,
    ClientPlatform::Mobile,
    ClientPlatform::Desktop,
    ClientPlatform::Cli,
    ClientPlatform::Iot,
];

/// Repeats make APIs and services more common than the special roles.
const SERVER_ROLES: [ServerRole; 9] = [
    ServerRole::Api,
    ServerRole::Api,
    ServerRole::Service,
    ServerRole::Service,
    ServerRole::Worker,
    ServerRole::Auth,
    ServerRole::Discovery,
    ServerRole::Relay,
    ServerRole::Push,
];

const STORE_KINDS: [StoreKind; 6] = [
    StoreKind::Relational,
    StoreKind::Document,
    StoreKind::KeyValue,
    StoreKind::Cache,
    StoreKind::Queue,
    StoreKind::Object,
];

const GATEWAY_ROLES: [GatewayRole; 4] = [
    GatewayRole::ApiGateway,
    GatewayRole::Bff,
    GatewayRole::Facade,
    GatewayRole::LoadBalancer,
];

/// Mostly TLS 1.3, with the occasional weak or missing encryption a review should find.
const TLS_MIX: [Tls; 6] = [
    Tls::Tls13,
    Tls::Tls13,
    Tls::Tls13,
    Tls::Mutual,
    Tls::Tls12,
    Tls::None,
];

const CLASSIFICATIONS: [Classification; 4] = [
    Classification::Public,
    Classification::Internal,
    Classification::Confidential,
    Classification::Secret,
];

const SYNC_STRATEGIES: [SyncStrategy; 6] = [
    SyncStrategy::Crdt,
    SyncStrategy::Crdt,
    SyncStrategy::LastWriteWins,
    SyncStrategy::OperationalTransform,
    SyncStrategy::ManualMerge,
    SyncStrategy::Unspecified,
];

fn zone_id(z: usize, slot_name: &str) -> String {
    format!("zone-{z}-{slot_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_valid_for_many_sizes_and_seeds() {
        for n in [
            0, 1, 2, 7, 8, 9, 24, 25, 26, 50, 99, 100, 101, 126, 333, 1000,
        ] {
            for seed in 0..4 {
                let data = synthetic_data(n, seed);
                let problems = Model::from_data(data).err().unwrap_or_default();
                assert!(problems.is_empty(), "n={n} seed={seed}: {problems:?}");
            }
        }
    }

    #[test]
    fn same_inputs_give_the_same_model_and_seeds_differ() {
        assert_eq!(synthetic(300, 7), synthetic(300, 7));
        assert_ne!(synthetic(300, 7), synthetic(300, 8));
    }

    #[test]
    fn large_models_have_the_promised_shape() {
        let m = synthetic(5000, 1);
        assert_eq!(m.node_count(), 5000);
        assert!(
            (9000..=11_000).contains(&m.link_count()),
            "{} links",
            m.link_count()
        );
        assert_eq!(m.zones.len(), 200);
        assert!(m.zones.iter().all(|z| m.zone_chain(Some(&z.id)).len() <= 3));
        assert!(m.zones.iter().any(|z| m.zone_chain(Some(&z.id)).len() == 3));
        assert_eq!(m.contracts.len(), 250);
        assert!(!m.releases.is_empty() && !m.decisions.is_empty() && !m.triage.is_empty());
        assert!(m.problems().is_empty());
        assert_eq!(m.layout.positions.len(), 5000);
        assert!(m.nodes().all(|n| n.zone.is_some()));
        assert!(m.links().any(|l| l.sync.is_some()));
        assert!(m.links().any(|l| l.contract.is_some()));
        assert!(
            m.decisions
                .iter()
                .any(|d| matches!(d.status, DecisionStatus::SupersededBy(_)))
        );
        for kind in NodeKind::all_defaults() {
            let label = kind.label();
            assert!(m.nodes().any(|n| n.kind.label() == label), "no {label}");
        }
    }

    #[test]
    fn every_kind_appears_from_eight_nodes() {
        let m = synthetic(8, 0);
        let mut labels: Vec<&str> = m.nodes().map(|n| n.kind.label()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), 8, "{labels:?}");
    }

    #[test]
    fn members_of_a_zone_are_placed_together() {
        let m = synthetic(1000, 3);
        for zone in &m.zones {
            let xs: Vec<f32> = m
                .members(&zone.id)
                .map(|n| m.layout.positions[&n.id].0)
                .collect();
            let (lo, hi) = xs
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            assert!(
                xs.is_empty() || hi - lo <= 10.0 * DX,
                "zone {} spans {lo}..{hi}",
                zone.id
            );
        }
    }
}
