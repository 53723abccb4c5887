//! Format 1 of the model file: the serde shape of the RON text.
//!
//! Field order here is the order in the file: semantics first, layout last.

use serde::{Deserialize, Serialize};

use crate::model::{
    ClientRelease, Contract, Decision, Layout, Link, ModelData, Node, Settings, Triage, TrustZone,
};

/// The whole file, format 1.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1 {
    pub format: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub zones: Vec<TrustZone>,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub contracts: Vec<Contract>,
    #[serde(default)]
    pub releases: Vec<ClientRelease>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub triage: Vec<Triage>,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub layout: Layout,
}

impl From<FileV1> for ModelData {
    fn from(f: FileV1) -> Self {
        ModelData {
            name: f.name,
            description: f.description,
            zones: f.zones,
            nodes: f.nodes,
            links: f.links,
            contracts: f.contracts,
            releases: f.releases,
            decisions: f.decisions,
            triage: f.triage,
            settings: f.settings,
            layout: f.layout,
        }
    }
}

impl From<ModelData> for FileV1 {
    fn from(d: ModelData) -> Self {
        FileV1 {
            format: 1,
            name: d.name,
            description: d.description,
            zones: d.zones,
            nodes: d.nodes,
            links: d.links,
            contracts: d.contracts,
            releases: d.releases,
            decisions: d.decisions,
            triage: d.triage,
            settings: d.settings,
            layout: d.layout,
        }
    }
}
