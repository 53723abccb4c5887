//! Shared by the diff and merge tests: a model and a changed version of it touching every kind
//! of change the diff reports.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use archmodel::model::{
    Authn, Decision, DecisionStatus, Link, Model, ModelData, Node, NodeKind, Point, Protocol,
    ServerRole, Tls, TrustZone, ZoneKind,
};

/// The bundled web shop.
pub fn shop() -> Model {
    archmodel::examples::template("web-app").expect("the web-app template loads")
}

/// The shop with one edit applied.
pub fn edited(base: &Model, edit: impl FnOnce(&mut ModelData)) -> Model {
    let mut data = base.to_data();
    edit(&mut data);
    Model::from_data(data).expect("the edit keeps the model valid")
}

/// The shop after a change that touches every section of the diff.
pub fn shop_changed() -> Model {
    edited(&shop(), |d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders") {
            n.name = "Order API".into();
            n.replicas = 4;
        }
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders-db") {
            n.zone = Some("dmz".into());
        }
        let mut search = Node::new(
            "search",
            "Search service",
            NodeKind::Server {
                role: ServerRole::Service,
            },
        );
        search.zone = Some("cloud".into());
        d.nodes.push(search);
        let mut l = Link::new("gateway-search", "api-gateway", "search");
        l.protocol = Protocol::Http;
        l.tls = Tls::None;
        d.links.push(l);
        d.nodes.retain(|n| n.id != "email");
        d.links.retain(|l| l.from != "email" && l.to != "email");
        d.layout.positions.remove("email");
        d.layout
            .positions
            .insert("catalogue".into(), Point(1234.0, 56.0));
        if let Some(l) = d.links.iter_mut().find(|l| l.id == "spa-gateway") {
            l.authn = Authn::None;
        }
        if let Some(c) = d.contracts.iter_mut().find(|c| c.id == "shop-api") {
            c.version = "3.0.0".into();
        }
        d.zones
            .push(TrustZone::new("lab", "Lab", ZoneKind::Internal, 2));
        let mut next = Decision::new(5, "Add a search service behind the gateway");
        next.status = DecisionStatus::Accepted;
        d.decisions.push(next);
        if let Some(first) = d.decisions.iter_mut().find(|x| x.number == 1) {
            first.status = DecisionStatus::SupersededBy(5);
        }
    })
}

/// Runs the real binary in `dir`.
pub fn archmodel(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archmodel"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Saves a model as a file in `dir`.
pub fn save(model: &Model, dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    archmodel::io::save(model, &path).expect("save");
    path
}
