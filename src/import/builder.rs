//! What every importer shares: a model under construction with ids made from names (unique
//! slugs), a map from source ids to model ids, and the list of what could not be mapped.

use std::collections::{HashMap, HashSet};

use super::{ImportError, Unmapped};
use crate::export::escape;
use crate::model::{
    ClientPlatform, GatewayRole, Link, MAX_ZONE_DEPTH, Model, ModelData, Node, NodeKind, Point,
    Protocol, ServerRole, StoreKind, Thickness, Triage, TriageStatus, TrustZone, ZoneKind,
    is_valid_id,
};

/// Largest coordinate kept from a source; farther positions are dropped (the model's limit).
const MAX_COORD: f32 = 1.0e7;

/// A model being built from a source.
pub(crate) struct Builder {
    data: ModelData,
    taken: HashSet<String>,
    by_source: HashMap<String, String>,
    /// Model node id → its place in `data.nodes`, so lookups stay constant-time on big sources.
    node_at: HashMap<String, usize>,
    /// Triage keys used so far.
    triaged: HashSet<String>,
    unmapped: Vec<Unmapped>,
}

impl Builder {
    /// An empty model with this name and description.
    pub fn new(name: &str, description: &str) -> Self {
        let data = ModelData {
            name: if name.trim().is_empty() {
                "Imported model".to_owned()
            } else {
                name.trim().to_owned()
            },
            description: description.trim().to_owned(),
            ..ModelData::default()
        };
        Builder {
            data,
            taken: HashSet::new(),
            by_source: HashMap::new(),
            node_at: HashMap::new(),
            triaged: HashSet::new(),
            unmapped: Vec::new(),
        }
    }

    /// Records something the model cannot hold.
    pub fn skip(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.unmapped.push(Unmapped {
            source: source.into(),
            reason: reason.into(),
        });
    }

    /// A fresh id: `preferred` itself when it is a valid, unused id, else a slug of `name`.
    pub fn id_for(&mut self, preferred: Option<&str>, name: &str, fallback: &str) -> String {
        if let Some(p) = preferred
            && is_valid_id(p)
            && !looks_generated(p)
            && !self.taken.contains(p)
        {
            self.taken.insert(p.to_owned());
            return p.to_owned();
        }
        let stem = escape::slug(name, fallback);
        let id = if self.taken.contains(&stem) {
            (2..)
                .map(|n| format!("{stem}-{n}"))
                .find(|id| !self.taken.contains(id))
                .unwrap_or(stem)
        } else {
            stem
        };
        self.taken.insert(id.clone());
        id
    }

    /// The model id given to the element the source calls `key`.
    pub fn id_of(&self, key: &str) -> Option<&str> {
        self.by_source.get(key).map(String::as_str)
    }

    /// A name for an element: trimmed, `fallback` when empty.
    pub fn name(&mut self, name: &str, fallback: &str) -> String {
        let name = name.trim();
        if name.is_empty() {
            fallback.to_owned()
        } else {
            name.to_owned()
        }
    }

    /// Adds a zone known in the source as `key`; its id must come from [`Builder::id_for`].
    pub fn add_zone(&mut self, key: &str, zone: TrustZone) {
        self.by_source.insert(key.to_owned(), zone.id.clone());
        self.data.zones.push(zone);
    }

    /// Adds a node known in the source as `key`, centred at `at` when the source says where.
    pub fn add_node(&mut self, key: &str, node: Node, at: Option<(f64, f64)>) {
        if let Some((x, y)) = at {
            let (x, y) = (x as f32, y as f32);
            if x.is_finite() && y.is_finite() && x.abs() <= MAX_COORD && y.abs() <= MAX_COORD {
                self.data
                    .layout
                    .positions
                    .insert(node.id.clone(), Point(x, y));
            } else {
                self.skip(&node.name, "position out of range; placed automatically");
            }
        }
        self.by_source.insert(key.to_owned(), node.id.clone());
        self.node_at.insert(node.id.clone(), self.data.nodes.len());
        self.data.nodes.push(node);
    }

    /// Adds a link; its ends are model ids.
    pub fn add_link(&mut self, link: Link) {
        self.data.links.push(link);
    }

    /// A fresh link id: the slug of its label, or `from-to`.
    pub fn link_id(&mut self, label: &str, from: &str, to: &str) -> String {
        let stem = if label.trim().is_empty() {
            format!("{from}-{to}")
        } else {
            label.to_owned()
        };
        self.id_for(None, &stem, "link")
    }

    /// Records a threat from the source as triage on an element, under a key unique in the model.
    pub fn add_triage(&mut self, rule: &str, element: &str, status: TriageStatus, note: String) {
        let rule = escape::slug(rule, "threat");
        let mut key = format!("{rule}@{element}");
        let mut n = 2;
        while self.triaged.contains(&key) {
            key = format!("{rule}-{n}@{element}");
            n += 1;
        }
        self.triaged.insert(key.clone());
        self.data.triage.push(Triage {
            finding: key,
            status,
            note,
        });
    }

    /// Adds a triage entry with its key as given (a finding key archmodel wrote itself).
    pub fn add_triage_key(&mut self, key: String, status: TriageStatus, note: String) {
        if !self.triaged.insert(key.clone()) {
            self.skip(&key, "triaged twice; the first verdict is kept");
            return;
        }
        self.data.triage.push(Triage {
            finding: key,
            status,
            note,
        });
    }

    /// Sets the trust level of the zone with this model id.
    pub fn set_zone_trust(&mut self, id: &str, trust: u8) {
        if let Some(z) = self.data.zones.iter_mut().find(|z| z.id == id) {
            z.trust = trust;
        }
    }

    /// The node with this model id, to change it (its id stays).
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        let &i = self.node_at.get(id)?;
        self.data.nodes.get_mut(i)
    }

    /// The node with this model id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        let &i = self.node_at.get(id)?;
        self.data.nodes.get(i)
    }

    /// Remembers that the source's `key` became the element `id` (for elements added directly).
    pub fn remember(&mut self, key: &str, id: &str) {
        self.by_source.insert(key.to_owned(), id.to_owned());
    }

    /// Checks every invariant and returns the model with what could not be mapped.
    pub fn finish(self) -> Result<(Model, Vec<Unmapped>), ImportError> {
        self.finish_with(|_, _| {})
    }

    /// Like [`Builder::finish`], after `extra` filled in more of the model (reporting through
    /// its second argument). When what `extra` added breaks an invariant, the contracts,
    /// releases and decisions are dropped, each problem reported, and the rest kept.
    pub fn finish_with(
        mut self,
        extra: impl FnOnce(&mut ModelData, &mut dyn FnMut(String, String)),
    ) -> Result<(Model, Vec<Unmapped>), ImportError> {
        let plain = self.data.clone();
        let mut skipped = Vec::new();
        extra(&mut self.data, &mut |source, reason| {
            skipped.push(Unmapped { source, reason })
        });
        self.unmapped.extend(skipped);
        lift_deep_zones(&mut self.data, &mut self.unmapped);
        let mut plain = plain;
        lift_deep_zones(&mut plain, &mut Vec::new());
        match Model::from_data(self.data) {
            Ok(model) => Ok((model, self.unmapped)),
            Err(problems) if plain.contracts.is_empty() => {
                for p in problems {
                    self.unmapped.push(Unmapped {
                        source: p.path,
                        reason: format!(
                            "{}; contracts, releases and decisions left out",
                            p.message
                        ),
                    });
                }
                for link in &mut plain.links {
                    link.contract = None;
                }
                let model = Model::from_data(plain).map_err(ImportError::Invalid)?;
                Ok((model, self.unmapped))
            }
            Err(problems) => Err(ImportError::Invalid(problems)),
        }
    }
}

/// Lifts trust zones nested deeper than the model allows ([`MAX_ZONE_DEPTH`]): a zone whose
/// parent is already at the deepest level becomes that parent's sibling, and is reported.
///
/// Linear in the zones: parents are settled before their children, each zone once.
fn lift_deep_zones(data: &mut ModelData, unmapped: &mut Vec<Unmapped>) {
    let (_, parent) = crate::model::invariants::zone_parents(&data.zones);
    // Settled zones: (depth, parent after lifting). `None` while unsettled.
    let mut settled: Vec<Option<(usize, Option<usize>)>> = vec![None; parent.len()];
    let mut lifted = Vec::new();
    for start in 0..parent.len() {
        // Walk up to the first settled zone (or a root), then settle the path top-down.
        let mut path = vec![start];
        let mut on_path = HashSet::from([start]);
        while let Some(&z) = path.last() {
            match parent[z] {
                Some(p) if settled[p].is_none() && settled[z].is_none() => {
                    if !on_path.insert(p) {
                        break; // A cycle: the invariants report it.
                    }
                    path.push(p);
                }
                _ => break,
            }
        }
        for &z in path.iter().rev() {
            if settled[z].is_some() {
                continue;
            }
            let up = parent[z].and_then(|p| settled[p].map(|(d, pp)| (p, d, pp)));
            settled[z] = Some(match up {
                None => (1, parent[z]),
                Some((p, d, _)) if d < MAX_ZONE_DEPTH => (d + 1, Some(p)),
                Some((_, d, pp)) => {
                    lifted.push((z, pp));
                    (d, pp)
                }
            });
        }
    }
    for (z, new_parent) in lifted {
        let to = new_parent.map(|p| data.zones[p].id.clone());
        let zone = &mut data.zones[z];
        unmapped.push(Unmapped {
            source: zone.name.clone(),
            reason: format!(
                "nested deeper than {MAX_ZONE_DEPTH} levels; placed {}",
                match &to {
                    Some(id) => format!("in `{id}` instead"),
                    None => "at the top level instead".to_owned(),
                }
            ),
        });
        zone.parent = to;
    }
}

/// Whether an id looks machine-made (a UUID or a long hex string), so a name makes a better one.
fn looks_generated(id: &str) -> bool {
    let hex = id.bytes().filter(u8::is_ascii_hexdigit).count();
    let digits = id.bytes().filter(u8::is_ascii_digit).count();
    id.len() >= 16 && hex + id.matches('-').count() == id.len() && digits * 4 >= id.len()
}

/// The kind and trust level a zone's name suggests: "Internet" is the open internet (trust 0),
/// "DMZ" a demilitarised zone (1), and so on; anything else is an internal network (2).
pub fn zone_kind_from_name(name: &str) -> (ZoneKind, u8) {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["internet", "public", "external", "outside", "untrusted"]) {
        (ZoneKind::Internet, 0)
    } else if has(&["dmz", "demilitari", "perimeter", "edge"]) {
        (ZoneKind::Dmz, 1)
    } else if has(&["partner", "third", "vendor", "saas"]) {
        (ZoneKind::Partner, 1)
    } else if has(&["device", "mobile", "browser", "client", "user"]) {
        (ZoneKind::Device, 1)
    } else {
        (ZoneKind::Internal, 2)
    }
}

/// The protocol a source names (`HTTPS`, `grpc`, `wss`, …); any other name is kept as custom.
pub fn protocol_from_name(name: &str) -> Option<Protocol> {
    let lower = name.trim().to_lowercase();
    let protocol = match lower.as_str() {
        "" => return None,
        "https" | "http/s" | "https/tls" | "rest" | "json/https" => Protocol::Https,
        "http" => Protocol::Http,
        "grpc" => Protocol::Grpc,
        "websocket" | "websockets" | "ws" | "wss" => Protocol::WebSocket,
        "graphql" => Protocol::GraphQl,
        "mqtt" => Protocol::Mqtt,
        "amqp" => Protocol::Amqp,
        "quic" | "http/3" => Protocol::Quic,
        "webrtc" => Protocol::WebRtc,
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        _ => Protocol::Custom(name.trim().to_owned()),
    };
    Some(protocol)
}

/// The node kind words in a name, type or technology suggest ("PostgreSQL" is a relational
/// store, "Mobile App" a mobile client), or `None` when nothing does.
pub fn kind_from_words(text: &str) -> Option<NodeKind> {
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let store = |kind| NodeKind::Store {
        kind,
        encrypted_at_rest: false,
    };
    let client = |platform| NodeKind::Client {
        platform,
        thickness: Thickness::Thin,
        offline_first: false,
    };
    let kind = if has(&["cdn", "cloudfront", "edge cache"]) {
        NodeKind::Cdn
    } else if has(&["load balancer", "load-balancer", "loadbalancer"]) {
        NodeKind::Gateway {
            role: GatewayRole::LoadBalancer,
        }
    } else if has(&["gateway", "proxy", "bff", "ingress"]) {
        NodeKind::Gateway {
            role: GatewayRole::ApiGateway,
        }
    } else if has(&["cache", "redis", "memcache"]) {
        store(StoreKind::Cache)
    } else if has(&[
        "queue",
        "kafka",
        "rabbit",
        "broker",
        "topic",
        "sqs",
        "event bus",
    ]) {
        store(StoreKind::Queue)
    } else if has(&["bucket", "s3", "blob", "object stor", "file stor"]) {
        store(StoreKind::Object)
    } else if has(&["mongo", "document", "couch", "dynamo", "firestore"]) {
        store(StoreKind::Document)
    } else if has(&["key-value", "keyvalue", "key value", "etcd"]) {
        store(StoreKind::KeyValue)
    } else if has(&[
        "database",
        "-db",
        " db",
        "sql",
        "postgres",
        "mysql",
        "oracle",
        "datastore",
    ]) || lower == "db"
    {
        store(StoreKind::Relational)
    } else if has(&["mobile", "android", "ios", "phone"]) {
        client(ClientPlatform::Mobile)
    } else if has(&[
        "browser",
        "spa",
        "web client",
        "web-client",
        "web ui",
        "frontend",
        "web app",
    ]) {
        client(ClientPlatform::Web)
    } else if has(&["desktop"]) {
        client(ClientPlatform::Desktop)
    } else if has(&["cli", "command line"]) && !has(&["client"]) {
        client(ClientPlatform::Cli)
    } else if has(&["iot", "sensor", "device"]) {
        client(ClientPlatform::Iot)
    } else if has(&["client"]) {
        client(ClientPlatform::Web)
    } else if has(&["peer", "p2p"]) {
        NodeKind::Peer {
            platform: ClientPlatform::Desktop,
        }
    } else if has(&["auth", "identity", "idp", "oauth", "keycloak", "login"]) {
        NodeKind::Server {
            role: ServerRole::Auth,
        }
    } else if has(&["worker", "job", "scheduler", "consumer"]) {
        NodeKind::Server {
            role: ServerRole::Worker,
        }
    } else if has(&["push", "notification"]) {
        NodeKind::Server {
            role: ServerRole::Push,
        }
    } else if has(&["user", "person", "admin", "customer", "operator", "actor"])
        && !has(&["service", "server", "api", "backend"])
    {
        NodeKind::Actor
    } else if has(&["third-party", "third party", "external", "saas", "partner"]) {
        NodeKind::External
    } else {
        return None;
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_slugs_of_names() {
        let mut b = Builder::new("m", "");
        assert_eq!(b.id_for(None, "Web Service", "node"), "web-service");
        assert_eq!(b.id_for(None, "Web service!", "node"), "web-service-2");
        assert_eq!(b.id_for(None, "Ωμέγα", "node"), "node");
        assert_eq!(b.id_for(Some("api"), "ignored", "node"), "api");
        assert_eq!(b.id_for(Some("api"), "API", "node"), "api-2");
        let uuid = "5170eb10-abe9-48ec-8c74-b5ad508c28ef";
        assert_eq!(b.id_for(Some(uuid), "Web UI", "node"), "web-ui");
    }

    #[test]
    fn words_suggest_kinds_and_protocols() {
        assert!(matches!(
            kind_from_words("PostgreSQL"),
            Some(NodeKind::Store {
                kind: StoreKind::Relational,
                ..
            })
        ));
        assert!(matches!(
            kind_from_words("Mobile App"),
            Some(NodeKind::Client {
                platform: ClientPlatform::Mobile,
                ..
            })
        ));
        assert_eq!(kind_from_words("Order service"), None);
        assert_eq!(protocol_from_name(" HTTPS "), Some(Protocol::Https));
        assert_eq!(protocol_from_name(""), None);
        assert_eq!(
            protocol_from_name("JDBC"),
            Some(Protocol::Custom("JDBC".into()))
        );
    }

    #[test]
    fn zone_names_suggest_kinds() {
        assert_eq!(zone_kind_from_name("Public Internet").0, ZoneKind::Internet);
        assert_eq!(zone_kind_from_name("DMZ").1, 1);
        assert_eq!(zone_kind_from_name("Core services").0, ZoneKind::Internal);
    }
}
