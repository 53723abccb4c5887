//! One zone and what it links to: the part of a model an export of `--zone ID` shows.

use std::collections::HashSet;

use super::ExportError;
use crate::model::{ClientRelease, Contract, ContractNeed, Link, Model, ModelData, Node};

/// The model cut down to one trust zone (with the zones nested in it), the nodes inside it, the
/// nodes they link to or from, and the links that touch the zone's nodes.
///
/// Zones around the kept nodes stay so boundaries still show; contracts stay when their provider
/// does; decisions stay (their concerns narrowed to what is kept), so numbering and supersede
/// links hold. The result is a valid model in its own right.
pub fn subset(model: &Model, zone_id: &str) -> Result<Model, ExportError> {
    let zone = model
        .zone(zone_id)
        .ok_or_else(|| ExportError::NoSuchZone(zone_id.to_owned()))?;
    let members: HashSet<&str> = model
        .nodes_within(zone_id)
        .into_iter()
        .map(|n| n.id.as_str())
        .collect();
    let touches = |l: &Link| members.contains(l.from.as_str()) || members.contains(l.to.as_str());
    let mut keep_nodes: HashSet<&str> = members.clone();
    for l in model.links().filter(|l| touches(l)) {
        keep_nodes.insert(l.from.as_str());
        keep_nodes.insert(l.to.as_str());
    }
    let nodes: Vec<Node> = model
        .nodes()
        .filter(|n| keep_nodes.contains(n.id.as_str()))
        .cloned()
        .collect();
    let mut keep_zones: HashSet<&str> = HashSet::new();
    for z in nodes
        .iter()
        .flat_map(|n| model.zone_chain(n.zone.as_deref()))
        .chain(model.zone_chain(Some(zone.id.as_str())))
    {
        keep_zones.insert(z.id.as_str());
    }
    let contracts: Vec<Contract> = model
        .contracts
        .iter()
        .filter(|c| keep_nodes.contains(c.provider.as_str()))
        .cloned()
        .collect();
    let contract_ids: HashSet<&str> = contracts.iter().map(|c| c.id.as_str()).collect();
    let data = ModelData {
        name: format!("{} — {}", model.name, zone.name),
        description: model.description.clone(),
        zones: model
            .zones
            .iter()
            .filter(|z| keep_zones.contains(z.id.as_str()))
            .cloned()
            .collect(),
        links: kept_links(model, &touches, &contract_ids),
        releases: kept_releases(model, &keep_nodes, &contract_ids),
        decisions: model.decisions.clone(),
        triage: Vec::new(),
        settings: model.settings.clone(),
        layout: model.layout.clone(),
        nodes,
        contracts,
    };
    finish(model, data)
}

/// The links touching the zone; a contract whose provider is outside the subset cannot be kept,
/// so such a link loses its contract but still shows.
fn kept_links(
    model: &Model,
    touches: &dyn Fn(&Link) -> bool,
    contract_ids: &HashSet<&str>,
) -> Vec<Link> {
    model
        .links()
        .filter(|l| touches(l))
        .map(|l| {
            let mut l = l.clone();
            if l.contract
                .as_deref()
                .is_some_and(|c| !contract_ids.contains(c))
            {
                l.contract = None;
            }
            l
        })
        .collect()
}

/// Releases of kept clients, needing only kept contracts.
fn kept_releases(
    model: &Model,
    keep_nodes: &HashSet<&str>,
    contract_ids: &HashSet<&str>,
) -> Vec<ClientRelease> {
    model
        .releases
        .iter()
        .filter(|r| keep_nodes.contains(r.client.as_str()))
        .map(|r| {
            let mut r = r.clone();
            r.needs
                .retain(|ContractNeed(c, _)| contract_ids.contains(c.as_str()));
            r
        })
        .collect()
}

/// Narrows what refers to elements by id (decision concerns, triage, positions) to what is kept,
/// then builds the model.
fn finish(model: &Model, mut data: ModelData) -> Result<Model, ExportError> {
    let kept: HashSet<String> = data
        .zones
        .iter()
        .map(|z| z.id.clone())
        .chain(data.nodes.iter().map(|n| n.id.clone()))
        .chain(data.links.iter().map(|l| l.id.clone()))
        .chain(data.contracts.iter().map(|c| c.id.clone()))
        .collect();
    for d in &mut data.decisions {
        d.concerns.retain(|c| kept.contains(c));
    }
    data.triage = model
        .triage
        .iter()
        .filter(|t| {
            t.finding
                .split_once('@')
                .is_some_and(|(_, element)| kept.contains(element))
        })
        .cloned()
        .collect();
    data.layout.positions.retain(|id, _| kept.contains(id));
    Model::from_data(data).map_err(|problems| {
        ExportError::Subset(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Node, NodeKind, ServerRole, TrustZone, ZoneKind};

    fn server(id: &str, zone: Option<&str>) -> Node {
        let mut n = Node::new(
            id,
            id,
            NodeKind::Server {
                role: ServerRole::Api,
            },
        );
        n.zone = zone.map(str::to_owned);
        n
    }

    fn sample() -> Model {
        let mut dmz = TrustZone::new("dmz", "DMZ", ZoneKind::Dmz, 1);
        dmz.description = "edge".into();
        let mut core = TrustZone::new("core", "Core", ZoneKind::Internal, 2);
        core.parent = Some("dmz".into());
        let data = ModelData {
            name: "m".into(),
            zones: vec![
                TrustZone::new("net", "Internet", ZoneKind::Internet, 0),
                dmz,
                core,
                TrustZone::new("other", "Other", ZoneKind::Internal, 2),
            ],
            nodes: vec![
                server("a", Some("net")),
                server("b", Some("core")),
                server("c", Some("other")),
                server("d", Some("other")),
            ],
            links: vec![Link::new("a-b", "a", "b"), Link::new("c-d", "c", "d")],
            ..ModelData::default()
        };
        Model::from_data(data).expect("valid sample")
    }

    #[test]
    fn keeps_the_zone_its_nested_members_and_their_neighbours() {
        let m = subset(&sample(), "dmz").expect("subset");
        let ids: Vec<_> = m.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let zones: Vec<_> = m.zones.iter().map(|z| z.id.as_str()).collect();
        assert_eq!(zones, ["net", "dmz", "core"]);
        assert_eq!(m.link_count(), 1);
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(matches!(
            subset(&sample(), "nope"),
            Err(ExportError::NoSuchZone(_))
        ));
    }
}
