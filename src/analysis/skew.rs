//! The version-skew matrix: for every client release in the field and every contract it needs,
//! whether the provider still serves a version the release can speak.

use foldhash::{HashMap, HashMapExt, HashSet};
use serde::Serialize;

use super::version::{Version, VersionReq};
use crate::model::{ClientRelease, Contract, Model};

/// Whether one release can use one contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum SkewCell {
    /// The release does not use this contract.
    NotNeeded,
    /// The provider serves a version the release can speak.
    Works,
    /// No version the provider serves is one the release can speak; the reason says why.
    Broken(String),
    /// The versions involved are not stated or cannot be read; the reason says which.
    Unknown(String),
}

impl SkewCell {
    /// Short label for a table cell ("works", "broken", "unknown", "").
    pub fn label(&self) -> &'static str {
        match self {
            SkewCell::NotNeeded => "",
            SkewCell::Works => "works",
            SkewCell::Broken(_) => "broken",
            SkewCell::Unknown(_) => "unknown",
        }
    }

    /// The explanation for a broken or unknown cell.
    pub fn reason(&self) -> Option<&str> {
        match self {
            SkewCell::Broken(r) | SkewCell::Unknown(r) => Some(r),
            SkewCell::NotNeeded | SkewCell::Works => None,
        }
    }
}

/// A column of the matrix: a contract some release needs, with what its provider serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkewColumn {
    /// The contract's id.
    pub contract: String,
    /// The contract's name.
    pub name: String,
    /// The id of the node that provides it.
    pub provider: String,
    /// The provider's current version ("" when not stated).
    pub version: String,
    /// The range of versions the provider still serves ("" when not stated).
    pub supported: String,
}

/// A row of the matrix: one client release and a cell per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkewRow {
    /// The id of the client (or peer) node.
    pub client: String,
    /// The client's name.
    pub client_name: String,
    /// The release's version.
    pub version: String,
    /// One cell per column, in column order.
    pub cells: Vec<SkewCell>,
}

/// Client releases against the contracts they need.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SkewMatrix {
    /// Contracts needed by at least one release, sorted by id.
    pub columns: Vec<SkewColumn>,
    /// Releases sorted by client id, then version (oldest first).
    pub rows: Vec<SkewRow>,
}

impl SkewMatrix {
    /// Whether there is nothing to show (no release needs any contract).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() || self.columns.is_empty()
    }

    /// The cell for a row and column, if both exist.
    pub fn cell(&self, row: usize, column: usize) -> Option<&SkewCell> {
        self.rows.get(row).and_then(|r| r.cells.get(column))
    }

    /// Every cell that is broken, as (row, column).
    pub fn broken(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.rows.iter().enumerate().flat_map(|(r, row)| {
            row.cells
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, SkewCell::Broken(_)))
                .map(move |(c, _)| (r, c))
        })
    }
}

/// Computes the version-skew matrix of a model.
///
/// Linear in contracts + releases + needs, plus the cells themselves (releases × columns).
pub fn skew_matrix(model: &Model) -> SkewMatrix {
    let needed: HashSet<&str> = model
        .releases
        .iter()
        .flat_map(|r| r.needs.iter().map(|n| n.0.as_str()))
        .collect();
    let mut contracts: Vec<&Contract> = model
        .contracts
        .iter()
        .filter(|c| needed.contains(c.id.as_str()))
        .collect();
    contracts.sort_by(|a, b| a.id.cmp(&b.id));
    let mut column_of: HashMap<&str, Vec<usize>> = HashMap::with_capacity(contracts.len());
    for (i, c) in contracts.iter().enumerate() {
        column_of.entry(c.id.as_str()).or_default().push(i);
    }
    let mut releases: Vec<&ClientRelease> = model.releases.iter().collect();
    releases.sort_by_cached_key(|r| {
        (
            r.client.clone(),
            Version::parse(&r.version),
            r.version.clone(),
        )
    });
    let rows = releases
        .iter()
        .map(|r| SkewRow {
            client: r.client.clone(),
            client_name: model
                .node(&r.client)
                .map_or_else(|| r.client.clone(), |n| n.name.clone()),
            version: r.version.clone(),
            cells: cells(r, &contracts, &column_of),
        })
        .collect();
    let columns = contracts
        .iter()
        .map(|c| SkewColumn {
            contract: c.id.clone(),
            name: c.name.clone(),
            provider: c.provider.clone(),
            version: c.version.clone(),
            supported: c.supported.clone(),
        })
        .collect();
    SkewMatrix { columns, rows }
}

/// A release's cell per column: for each contract, the first need that names it.
fn cells(
    release: &ClientRelease,
    contracts: &[&Contract],
    column_of: &HashMap<&str, Vec<usize>>,
) -> Vec<SkewCell> {
    let mut cells = vec![SkewCell::NotNeeded; contracts.len()];
    // Backwards, so the first need naming a contract is the one that stays.
    for need in release.needs.iter().rev() {
        for &c in column_of.get(need.0.as_str()).into_iter().flatten() {
            cells[c] = compatibility(&need.1, contracts[c]);
        }
    }
    cells
}

/// Whether a release needing `need` of `contract` can use what the provider serves.
///
/// Only a definite mismatch is `Broken`; anything unstated or unreadable is `Unknown`.
pub(crate) fn compatibility(need: &str, contract: &Contract) -> SkewCell {
    let name = &contract.name;
    if need.trim().is_empty() {
        return SkewCell::Unknown(format!(
            "the release does not say which {name} version it needs"
        ));
    }
    let Some(wanted) = VersionReq::parse(need) else {
        return SkewCell::Unknown(format!("the needed range \"{need}\" cannot be read"));
    };
    let supported = contract.supported.trim();
    if !supported.is_empty() {
        let Some(served) = VersionReq::parse(supported) else {
            return SkewCell::Unknown(format!(
                "{name}'s supported range \"{supported}\" cannot be read"
            ));
        };
        return if served.intersects(&wanted) {
            SkewCell::Works
        } else {
            SkewCell::Broken(format!("needs {need}, but {name} serves only {supported}"))
        };
    }
    match Version::parse(&contract.version) {
        Some(current) if wanted.matches(current) => SkewCell::Works,
        Some(current) => SkewCell::Unknown(format!(
            "{name} states no supported range and its current version {current} is outside {need}"
        )),
        None => SkewCell::Unknown(format!(
            "{name} states no readable version or supported range"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testkit::*;
    use crate::model::ModelData;

    #[test]
    fn cells_cover_every_case() {
        let mut open = contract("open", "api");
        open.supported = String::new();
        let mut blind = contract("blind", "api");
        blind.supported = String::new();
        blind.version = String::new();
        let m = build(ModelData {
            nodes: vec![server("api"), client("spa"), client("app")],
            contracts: vec![contract("shop", "api"), open, blind],
            releases: vec![
                release(
                    "spa",
                    "2026.11",
                    &[("shop", ">=2.1"), ("open", "^2"), ("blind", "1")],
                ),
                release("spa", "2025.3", &[("shop", "^1.4"), ("open", "^3")]),
                release("app", "4.0", &[("shop", "banana")]),
            ],
            ..Default::default()
        });
        let mx = skew_matrix(&m);
        let cols: Vec<&str> = mx.columns.iter().map(|c| c.contract.as_str()).collect();
        assert_eq!(cols, ["blind", "open", "shop"]);
        let rows: Vec<(&str, &str)> = mx
            .rows
            .iter()
            .map(|r| (r.client.as_str(), r.version.as_str()))
            .collect();
        assert_eq!(
            rows,
            [("app", "4.0"), ("spa", "2025.3"), ("spa", "2026.11")]
        );
        let labels: Vec<Vec<&str>> = mx
            .rows
            .iter()
            .map(|r| r.cells.iter().map(SkewCell::label).collect())
            .collect();
        assert_eq!(
            labels,
            [
                vec!["", "", "unknown"],
                vec!["", "unknown", "broken"],
                vec!["unknown", "works", "works"],
            ]
        );
        assert_eq!(
            mx.cell(1, 2).and_then(SkewCell::reason),
            Some("needs ^1.4, but shop API serves only >=2.0, <3")
        );
        assert_eq!(mx.broken().collect::<Vec<_>>(), [(1, 2)]);
    }

    #[test]
    fn empty_without_releases() {
        assert!(skew_matrix(&Model::new("x")).is_empty());
    }
}
