//! The invariants of a model, checked on plain data and reported, never assumed.

use std::collections::{HashMap, HashSet};

use super::{DecisionStatus, ModelData, TrustZone};

/// One broken invariant: where (the field path, e.g. `links[3].to`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path of the offending field in the file's terms (`nodes[2].zone`).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Longest id accepted, in bytes.
const MAX_ID_LEN: usize = 128;

/// Whether `id` can be an element id: 1–128 ASCII letters, digits, `-`, `_` or `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Largest coordinate accepted for a position, in model units.
const MAX_COORD: f32 = 1.0e7;

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }
}

/// Checks every invariant of `data`, returning all problems in file order.
pub fn check(data: &ModelData) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let ids = check_ids(&mut c, data);
    check_zones(&mut c, data);
    let zone_ids: HashSet<&str> = data.zones.iter().map(|z| z.id.as_str()).collect();
    let node_ids: HashSet<&str> = data.nodes.iter().map(|n| n.id.as_str()).collect();
    let contract_ids: HashSet<&str> = data.contracts.iter().map(|c| c.id.as_str()).collect();

    for (i, n) in data.nodes.iter().enumerate() {
        if let Some(z) = &n.zone
            && !zone_ids.contains(z.as_str())
        {
            c.report(
                format!("nodes[{i}].zone"),
                format!("no trust zone has the id `{z}`"),
            );
        }
        if n.replicas == 0 {
            c.report(
                format!("nodes[{i}].replicas"),
                "expected at least 1 replica".into(),
            );
        }
    }
    for (i, l) in data.links.iter().enumerate() {
        for (field, end) in [("from", &l.from), ("to", &l.to)] {
            if !node_ids.contains(end.as_str()) {
                c.report(
                    format!("links[{i}].{field}"),
                    format!("no node has the id `{end}`"),
                );
            }
        }
        if l.from == l.to {
            c.report(
                format!("links[{i}].to"),
                format!(
                    "a link must join two different nodes, not `{}` to itself",
                    l.to
                ),
            );
        }
        if let Some(k) = &l.contract
            && !contract_ids.contains(k.as_str())
        {
            c.report(
                format!("links[{i}].contract"),
                format!("no contract has the id `{k}`"),
            );
        }
        if l.calls_per_action == 0 {
            c.report(
                format!("links[{i}].calls_per_action"),
                "expected at least 1 call per action".into(),
            );
        }
    }
    for (i, k) in data.contracts.iter().enumerate() {
        if !node_ids.contains(k.provider.as_str()) {
            c.report(
                format!("contracts[{i}].provider"),
                format!("no node has the id `{}`", k.provider),
            );
        }
    }
    check_texts(&mut c, data);
    check_releases(&mut c, data, &node_ids, &contract_ids);
    check_decisions(&mut c, data, &ids);
    check_triage(&mut c, data);
    check_layout(&mut c, data, &node_ids);
    if data.settings.chatty_client_servers == 0 {
        c.report(
            "settings.chatty_client_servers".into(),
            "expected a threshold of at least 1".into(),
        );
    }
    if data.settings.chatty_calls_per_action == 0 {
        c.report(
            "settings.chatty_calls_per_action".into(),
            "expected a threshold of at least 1".into(),
        );
    }
    c.problems
}

/// Ids must be valid and unique across nodes, links, zones and contracts (finding keys use them).
fn check_ids<'a>(c: &mut Checker, data: &'a ModelData) -> HashSet<&'a str> {
    let mut seen: HashMap<&str, String> = HashMap::new();
    let all = data
        .zones
        .iter()
        .enumerate()
        .map(|(i, z)| (format!("zones[{i}].id"), z.id.as_str()))
        .chain(
            data.nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("nodes[{i}].id"), n.id.as_str())),
        )
        .chain(
            data.links
                .iter()
                .enumerate()
                .map(|(i, l)| (format!("links[{i}].id"), l.id.as_str())),
        )
        .chain(
            data.contracts
                .iter()
                .enumerate()
                .map(|(i, k)| (format!("contracts[{i}].id"), k.id.as_str())),
        );
    for (path, id) in all {
        if !is_valid_id(id) {
            c.report(
                path,
                format!(
                    "`{}` is not a valid id: expected 1 to {MAX_ID_LEN} letters, digits, `-`, `_` or `.`",
                    id.chars().take(40).collect::<String>()
                ),
            );
        } else if let Some(first) = seen.get(id) {
            c.report(path, format!("the id `{id}` is already used at {first}"));
        } else {
            seen.insert(id, path);
        }
    }
    seen.into_keys().collect()
}

/// How deeply trust zones may nest: the outermost zone is level 1.
///
/// Real models nest three or four levels; the cap keeps every walk over zone chains short and
/// refuses files that would exhaust the stack or take minutes to lay out.
pub const MAX_ZONE_DEPTH: usize = 32;

/// Each zone's place by id, and the place of each zone's parent (`None` for a top-level zone or
/// a parent that does not exist).
pub(crate) fn zone_parents(zones: &[TrustZone]) -> (HashMap<&str, usize>, Vec<Option<usize>>) {
    let pos: HashMap<&str, usize> = zones
        .iter()
        .enumerate()
        .map(|(i, z)| (z.id.as_str(), i))
        .collect();
    let parent = zones
        .iter()
        .map(|z| z.parent.as_deref().and_then(|p| pos.get(p).copied()))
        .collect();
    (pos, parent)
}

/// Parents must exist, never form a cycle, and nest at most [`MAX_ZONE_DEPTH`] levels.
///
/// Linear in the number of zones: each zone's depth is worked out once, by walking up to the
/// first zone whose depth is known and writing the depths back down that path.
fn check_zones(c: &mut Checker, data: &ModelData) {
    let (pos, parent) = zone_parents(&data.zones);
    let levels = zone_levels(&parent);
    for (i, z) in data.zones.iter().enumerate() {
        let Some(p) = &z.parent else { continue };
        if !pos.contains_key(p.as_str()) {
            c.report(
                format!("zones[{i}].parent"),
                format!("no trust zone has the id `{p}`"),
            );
            continue;
        }
        match levels[i] {
            Level::InCycle => c.report(
                format!("zones[{i}].parent"),
                format!(
                    "zone `{}` would lie inside itself: its parents form a cycle",
                    z.id
                ),
            ),
            // Only where the limit is first passed: the zones inside it are reported with it.
            Level::Depth(d) if d == MAX_ZONE_DEPTH + 1 => c.report(
                format!("zones[{i}].parent"),
                format!(
                    "zone `{}` is nested {d} levels deep ({}); trust zones nest at most \
                     {MAX_ZONE_DEPTH} levels: move it or an outer zone up a level",
                    z.id,
                    chain_text(data, &parent, i)
                ),
            ),
            _ => {}
        }
    }
}

/// A zone's nesting level (1 at the top), or its place on a cycle of parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Unknown,
    /// On the path being walked.
    Walking,
    /// On a cycle of parents.
    InCycle,
    /// Inside a zone on a cycle (reported with the cycle, not on its own).
    InsideCycle,
    Depth(usize),
}

/// Every zone's [`Level`], in time linear in the number of zones, without recursion.
fn zone_levels(parent: &[Option<usize>]) -> Vec<Level> {
    let mut level = vec![Level::Unknown; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut cur = Some(start);
        // Walk up until a zone with a known level, the top, or this walk itself (a cycle).
        let above = loop {
            let Some(z) = cur else { break Level::Depth(0) };
            match level[z] {
                Level::Unknown => {
                    level[z] = Level::Walking;
                    path.push(z);
                    cur = parent[z];
                }
                Level::Walking => {
                    // Everything from `z` to the end of the path is the cycle itself.
                    let from = path.iter().rposition(|&p| p == z).unwrap_or(0);
                    for &p in &path[from..] {
                        level[p] = Level::InCycle;
                    }
                    path.truncate(from);
                    break Level::Unknown;
                }
                known => break known,
            }
        };
        let mut above = above;
        while let Some(z) = path.pop() {
            above = match above {
                Level::Depth(d) => Level::Depth(d + 1),
                _ => Level::InsideCycle,
            };
            level[z] = above;
        }
    }
    level
}

/// "`c` in `b` in `a`": the zone and its parents, with the middle elided on long chains.
fn chain_text(data: &ModelData, parent: &[Option<usize>], zone: usize) -> String {
    let mut ids = Vec::new();
    let mut cur = Some(zone);
    while let Some(z) = cur {
        if ids.len() > MAX_ZONE_DEPTH + 1 {
            break;
        }
        ids.push(format!("`{}`", data.zones[z].id));
        cur = parent[z];
    }
    if ids.len() > 6 {
        let tail = ids.split_off(ids.len() - 2);
        ids.truncate(3);
        ids.push("…".into());
        ids.extend(tail);
    }
    ids.join(" in ")
}

/// No text holds a NUL character: no editor shows it, C-based tools cut the text there, and a
/// file holding one is more likely damaged than meant. (Ids are checked on their own.)
fn check_texts(c: &mut Checker, data: &ModelData) {
    use super::{Authn, Protocol, Responsibility, ZoneKind};
    let mut paths: Vec<String> = Vec::new();
    let mut text = |path: &dyn Fn() -> String, value: &str| {
        if value.contains('\0') {
            paths.push(path());
        }
    };
    text(&|| "name".into(), &data.name);
    text(&|| "description".into(), &data.description);
    for (i, z) in data.zones.iter().enumerate() {
        text(&|| format!("zones[{i}].name"), &z.name);
        text(&|| format!("zones[{i}].description"), &z.description);
        if let ZoneKind::Custom(k) = &z.kind {
            text(&|| format!("zones[{i}].kind"), k);
        }
    }
    for (i, n) in data.nodes.iter().enumerate() {
        text(&|| format!("nodes[{i}].name"), &n.name);
        text(&|| format!("nodes[{i}].description"), &n.description);
        text(
            &|| format!("nodes[{i}].technology"),
            n.technology.as_deref().unwrap_or(""),
        );
        for (j, r) in n.responsibilities.iter().enumerate() {
            let (Responsibility::Logic(t) | Responsibility::Data(t)) = r;
            text(&|| format!("nodes[{i}].responsibilities[{j}]"), t);
        }
    }
    for (i, l) in data.links.iter().enumerate() {
        text(&|| format!("links[{i}].label"), &l.label);
        text(
            &|| format!("links[{i}].authz"),
            l.authz.as_deref().unwrap_or(""),
        );
        let rate = l.rate_limit.as_deref().unwrap_or("");
        text(&|| format!("links[{i}].rate_limit"), rate);
        if let Protocol::Custom(p) = &l.protocol {
            text(&|| format!("links[{i}].protocol"), p);
        }
        if let Authn::Custom(a) = &l.authn {
            text(&|| format!("links[{i}].authn"), a);
        }
        for (j, d) in l.data.iter().enumerate() {
            text(&|| format!("links[{i}].data[{j}]"), &d.0);
        }
    }
    for (i, k) in data.contracts.iter().enumerate() {
        let optional = [&k.schema, &k.auth_flow, &k.deprecation_window];
        let fields = [
            ("name", &k.name),
            ("version", &k.version),
            ("supported", &k.supported),
        ];
        for (field, value) in fields {
            text(&|| format!("contracts[{i}].{field}"), value);
        }
        for (field, value) in ["schema", "auth_flow", "deprecation_window"]
            .iter()
            .zip(optional)
        {
            text(
                &|| format!("contracts[{i}].{field}"),
                value.as_deref().unwrap_or(""),
            );
        }
    }
    for (i, r) in data.releases.iter().enumerate() {
        text(&|| format!("releases[{i}].version"), &r.version);
        for (j, need) in r.needs.iter().enumerate() {
            text(&|| format!("releases[{i}].needs[{j}]"), &need.1);
        }
    }
    for (i, d) in data.decisions.iter().enumerate() {
        let single = [
            ("title", &d.title),
            ("date", &d.date),
            ("context", &d.context),
            ("outcome", &d.outcome),
            ("confirmation", &d.confirmation),
        ];
        for (field, value) in single {
            text(&|| format!("decisions[{i}].{field}"), value);
        }
        let lists = [
            ("deciders", &d.deciders),
            ("drivers", &d.drivers),
            ("consequences", &d.consequences),
        ];
        for (field, values) in lists {
            for (j, value) in values.iter().enumerate() {
                text(&|| format!("decisions[{i}].{field}[{j}]"), value);
            }
        }
        for (j, o) in d.options.iter().enumerate() {
            text(&|| format!("decisions[{i}].options[{j}].name"), &o.name);
            for (side, values) in [("pros", &o.pros), ("cons", &o.cons)] {
                for (k, value) in values.iter().enumerate() {
                    text(
                        &|| format!("decisions[{i}].options[{j}].{side}[{k}]"),
                        value,
                    );
                }
            }
        }
    }
    for (i, t) in data.triage.iter().enumerate() {
        text(&|| format!("triage[{i}].note"), &t.note);
        text(&|| format!("triage[{i}].finding"), &t.finding);
    }
    for path in paths {
        c.report(
            path,
            "the text holds a NUL character (\\0), which a model never needs: remove it".into(),
        );
    }
}

fn check_releases(
    c: &mut Checker,
    data: &ModelData,
    node_ids: &HashSet<&str>,
    contract_ids: &HashSet<&str>,
) {
    let mut seen = HashSet::new();
    for (i, r) in data.releases.iter().enumerate() {
        if !node_ids.contains(r.client.as_str()) {
            c.report(
                format!("releases[{i}].client"),
                format!("no node has the id `{}`", r.client),
            );
        }
        if r.version.trim().is_empty() {
            c.report(
                format!("releases[{i}].version"),
                "expected a version".into(),
            );
        }
        if !seen.insert((r.client.as_str(), r.version.as_str())) {
            c.report(
                format!("releases[{i}].version"),
                format!("release {} of `{}` is listed twice", r.version, r.client),
            );
        }
        for (j, need) in r.needs.iter().enumerate() {
            if !contract_ids.contains(need.0.as_str()) {
                c.report(
                    format!("releases[{i}].needs[{j}]"),
                    format!("no contract has the id `{}`", need.0),
                );
            }
        }
    }
}

fn check_decisions(c: &mut Checker, data: &ModelData, ids: &HashSet<&str>) {
    let numbers: HashSet<u32> = data.decisions.iter().map(|d| d.number).collect();
    let mut seen = HashSet::new();
    for (i, d) in data.decisions.iter().enumerate() {
        if d.number == 0 {
            c.report(
                format!("decisions[{i}].number"),
                "expected a decision number of 1 or more".into(),
            );
        } else if !seen.insert(d.number) {
            c.report(
                format!("decisions[{i}].number"),
                format!("decision number {} is used twice", d.number),
            );
        }
        if let DecisionStatus::SupersededBy(n) = d.status {
            if n == d.number {
                c.report(
                    format!("decisions[{i}].status"),
                    "a decision cannot supersede itself".into(),
                );
            } else if !numbers.contains(&n) {
                c.report(
                    format!("decisions[{i}].status"),
                    format!("there is no decision {n}"),
                );
            }
        }
        for (j, e) in d.concerns.iter().enumerate() {
            if !ids.contains(e.as_str()) {
                c.report(
                    format!("decisions[{i}].concerns[{j}]"),
                    format!("no element has the id `{e}`"),
                );
            }
        }
    }
}

fn check_triage(c: &mut Checker, data: &ModelData) {
    let mut seen = HashSet::new();
    for (i, t) in data.triage.iter().enumerate() {
        let well_formed = t
            .finding
            .split_once('@')
            .is_some_and(|(rule, el)| !rule.is_empty() && !el.is_empty());
        if !well_formed {
            c.report(
                format!("triage[{i}].finding"),
                format!(
                    "expected a finding key `rule-id@element-id`, found `{}`",
                    t.finding
                ),
            );
        } else if !seen.insert(t.finding.as_str()) {
            c.report(
                format!("triage[{i}].finding"),
                format!("finding `{}` is triaged twice", t.finding),
            );
        }
    }
}

fn check_layout(c: &mut Checker, data: &ModelData, node_ids: &HashSet<&str>) {
    let ok = |v: f32| v.is_finite() && v.abs() <= MAX_COORD;
    for (id, p) in &data.layout.positions {
        let path = format!("layout.positions[\"{id}\"]");
        if !node_ids.contains(id.as_str()) {
            c.report(path, format!("no node has the id `{id}`"));
        } else if !ok(p.0) || !ok(p.1) {
            c.report(
                path,
                format!(
                    "expected finite coordinates within ±{MAX_COORD}, found ({}, {})",
                    p.0, p.1
                ),
            );
        }
    }
    let pad = data.layout.zone_padding;
    if !(pad.is_finite() && (0.0..=1000.0).contains(&pad)) {
        c.report(
            "layout.zone_padding".into(),
            format!("expected a padding between 0 and 1000, found {pad}"),
        );
    }
    let v = data.layout.view;
    if !(ok(v.center.0) && ok(v.center.1)) {
        c.report(
            "layout.view.center".into(),
            "expected finite coordinates".into(),
        );
    }
    if !(v.zoom.is_finite() && (0.001..=1000.0).contains(&v.zoom)) {
        c.report(
            "layout.view.zoom".into(),
            format!("expected a zoom between 0.001 and 1000, found {}", v.zoom),
        );
    }
}
