use super::*;
use crate::model::{
    Decision, Link, Node, NodeKind, Point, Triage, TriageStatus, TrustZone, ZoneKind,
};

fn shop() -> Model {
    crate::examples::template("web-app").expect("the web-app template loads")
}

fn edited(edit: impl FnOnce(&mut crate::model::ModelData)) -> Model {
    let mut data = shop().to_data();
    edit(&mut data);
    Model::from_data(data).expect("the edit keeps the model valid")
}

fn change_of<'d>(d: &'d ModelDiff, kind: ElementKind, id: &str) -> Option<&'d ElementChange> {
    d.elements.iter().find(|e| e.kind == kind && e.id == id)
}

#[test]
fn a_model_compared_with_itself_has_no_changes() {
    let d = diff(&shop(), &shop());
    assert!(d.is_empty(), "{d:?}");
    assert!(
        !d.findings.still_open.is_empty(),
        "open findings are listed, not changes"
    );
}

#[test]
fn an_added_node_is_added_with_its_name() {
    let new = edited(|d| {
        let mut n = Node::new(
            "search",
            "Search service",
            NodeKind::Server {
                role: Default::default(),
            },
        );
        n.zone = Some("cloud".into());
        d.nodes.push(n);
    });
    let d = diff(&shop(), &new);
    let e = change_of(&d, ElementKind::Node, "search").expect("listed");
    assert_eq!(
        (e.change, e.name.as_str()),
        (Change::Added, "Search service")
    );
    assert_eq!(d.counts(), (1, 0, 0));
}

#[test]
fn a_removed_node_takes_its_links_with_it() {
    let new = edited(|d| {
        d.nodes.retain(|n| n.id != "email");
        d.links.retain(|l| l.from != "email" && l.to != "email");
        d.layout.positions.remove("email");
    });
    let d = diff(&shop(), &new);
    assert_eq!(
        change_of(&d, ElementKind::Node, "email").map(|e| e.change),
        Some(Change::Removed)
    );
    assert_eq!(
        change_of(&d, ElementKind::Link, "worker-email").map(|e| e.change),
        Some(Change::Removed)
    );
    assert!(d.moves.is_empty(), "a removed node is not a move");
}

#[test]
fn a_rename_is_a_field_change_and_keeps_its_findings() {
    let new = edited(|d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders") {
            n.name = "Orders API".into();
        }
    });
    let d = diff(&shop(), &new);
    let e = change_of(&d, ElementKind::Node, "orders").expect("listed");
    assert_eq!(e.change, Change::Changed);
    assert_eq!(e.fields.len(), 1);
    assert_eq!(e.fields[0].field, "name");
    assert_eq!(show("name", &e.fields[0].new), "\"Orders API\"");
    assert!(d.findings.introduced.is_empty() && d.findings.resolved.is_empty());
}

#[test]
fn a_move_is_reported_apart_from_semantic_changes() {
    let new = edited(|d| {
        d.layout
            .positions
            .insert("orders".into(), Point(9999.0, 5.0));
    });
    let d = diff(&shop(), &new);
    assert!(d.elements.is_empty());
    assert_eq!(d.moves.len(), 1);
    assert_eq!(d.moves[0].id, "orders");
    assert_eq!(d.moves[0].to, Some(Point(9999.0, 5.0)));
    assert!(d.marks().is_empty(), "moves are not highlighted as changes");
}

#[test]
fn a_node_changing_zone_is_a_membership_change_and_links_may_cross_anew() {
    let old = shop();
    let new = edited(|d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders-db") {
            n.zone = Some("dmz".into());
        }
    });
    let d = diff(&old, &new);
    assert_eq!(d.memberships.len(), 1);
    assert_eq!(d.memberships[0].from.as_deref(), Some("data"));
    assert_eq!(d.memberships[0].to.as_deref(), Some("dmz"));
    assert!(
        change_of(&d, ElementKind::Node, "orders-db").is_none(),
        "zone is not a field change"
    );
    assert!(
        d.links.iter().any(|l| l.link == "orders-ordersdb"
            && matches!(
                &l.risk,
                LinkRisk::NowCrosses {
                    new_link: false,
                    ..
                }
            )),
        "{:?}",
        d.links
    );
    assert_eq!(
        d.marks().get(&(ElementKind::Node, "orders-db".to_owned())),
        Some(&Change::Changed)
    );
}

#[test]
fn a_link_losing_tls_and_authentication_says_so_and_introduces_findings() {
    let new = edited(|d| {
        if let Some(l) = d.links.iter_mut().find(|l| l.id == "spa-gateway") {
            l.tls = Tls::None;
            l.protocol = crate::model::Protocol::Http;
            l.authn = Authn::None;
        }
    });
    let d = diff(&shop(), &new);
    let risks: Vec<&LinkRisk> = d
        .links
        .iter()
        .filter(|l| l.link == "spa-gateway")
        .map(|l| &l.risk)
        .collect();
    assert!(risks.iter().any(|r| matches!(
        r,
        LinkRisk::TlsWeakened {
            old: Tls::Tls13,
            new: Tls::None
        }
    )));
    assert!(
        risks
            .iter()
            .any(|r| matches!(r, LinkRisk::AuthnRemoved { old: Authn::Token }))
    );
    assert!(
        d.findings
            .introduced
            .iter()
            .any(|f| f.key.ends_with("@spa-gateway")),
        "{:?}",
        d.findings.introduced
    );
    assert!(!d.new_findings_at(Severity::High).is_empty());
}

#[test]
fn a_fixed_risk_is_resolved() {
    let broken = edited(|d| {
        if let Some(l) = d.links.iter_mut().find(|l| l.id == "spa-gateway") {
            l.tls = Tls::None;
            l.protocol = crate::model::Protocol::Http;
        }
    });
    let d = diff(&broken, &shop());
    assert!(
        d.findings
            .resolved
            .iter()
            .any(|f| f.key.ends_with("@spa-gateway"))
    );
    assert!(d.findings.introduced.is_empty());
}

#[test]
fn zones_contracts_and_releases_are_compared_by_id() {
    let new = edited(|d| {
        d.zones
            .push(TrustZone::new("lab", "Lab", ZoneKind::Internal, 2));
        if let Some(c) = d.contracts.iter_mut().find(|c| c.id == "shop-api") {
            c.version = "3.0.0".into();
        }
        d.releases.retain(|r| r.client != "spa");
    });
    let d = diff(&shop(), &new);
    assert_eq!(
        change_of(&d, ElementKind::Zone, "lab").map(|e| e.change),
        Some(Change::Added)
    );
    let c = change_of(&d, ElementKind::Contract, "shop-api").expect("contract change");
    assert_eq!(c.fields[0].field, "version");
    assert!(
        d.elements
            .iter()
            .any(|e| e.kind == ElementKind::Release && e.change == Change::Removed)
    );
}

#[test]
fn decisions_added_and_superseded_are_events() {
    let new = edited(|d| {
        let mut n = Decision::new(9, "Split the order service");
        n.status = crate::model::DecisionStatus::Accepted;
        d.decisions.push(n);
        if let Some(first) = d.decisions.iter_mut().find(|x| x.number == 1) {
            first.status = crate::model::DecisionStatus::SupersededBy(9);
        }
    });
    let d = diff(&shop(), &new);
    assert!(
        d.decisions
            .iter()
            .any(|e| e.number == 9 && matches!(e.event, DecisionEvent::Added { .. }))
    );
    assert!(
        d.decisions
            .iter()
            .any(|e| e.number == 1 && e.event == DecisionEvent::Superseded { by: 9 })
    );
}

#[test]
fn triage_changes_are_listed_with_the_findings() {
    let old = shop();
    let key = crate::analysis::check(&old)
        .into_iter()
        .find(|f| crate::analysis::triage_of(&old, &f.key).is_none())
        .map(|f| f.key)
        .expect("an untriaged finding");
    let new = edited(|d| {
        d.triage.push(Triage {
            finding: key.clone(),
            status: TriageStatus::Accepted,
            note: "ok".into(),
        })
    });
    let d = diff(&old, &new);
    assert_eq!(d.findings.triage.len(), 1);
    assert_eq!(d.findings.triage[0].id, key);
    assert!(d.findings.settled.contains(&key));
    assert!(
        !d.findings.still_open.iter().any(|f| f.key == key),
        "settled is not open"
    );
}

#[test]
fn model_properties_are_one_element() {
    let new = edited(|d| {
        d.name = "Shop 2".into();
        d.settings.chatty_client_servers = 9;
    });
    let d = diff(&shop(), &new);
    let e = change_of(&d, ElementKind::Model, "model").expect("properties");
    let names: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["name", "settings"]);
}

#[test]
fn a_new_link_into_another_zone_crosses_a_boundary() {
    let new = edited(|d| {
        let mut l = Link::new("spa-ordersdb", "spa", "orders-db");
        l.protocol = crate::model::Protocol::Tcp;
        d.links.push(l);
    });
    let d = diff(&shop(), &new);
    assert!(d.links.iter().any(|l| l.link == "spa-ordersdb"
        && matches!(&l.risk, LinkRisk::NowCrosses { new_link: true, zones } if !zones.is_empty())));
}
