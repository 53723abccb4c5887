//! Ids that follow a new element's name: a node added a moment ago is still called "Server"
//! when the user types its real name, so the rename gives it the id that name reads as
//! (`order-service`) instead of leaving `server` behind.

use super::patch::{Change, Delta, Patch};
use crate::model::{Model, id_from_name};

/// Whether `id` is the id `name` reads as, or that id with a counter (`server`, `server-2`).
fn derived_from(id: &str, name: &str, fallback: &str) -> bool {
    let stem = id_from_name(name, fallback);
    id == stem
        || id
            .strip_prefix(&stem)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The patch renaming trust zone `id` to `name` and giving it the id read from `name`, its
/// member nodes and sub-zones following, or `None` when its id was not made from its name.
pub fn rename_new_zone(model: &Model, id: &str, name: &str) -> Option<(Patch, String)> {
    let zone = model.zone(id)?;
    if !derived_from(id, &zone.name, "zone") {
        return None;
    }
    let wanted = id_from_name(name, "zone");
    let new_id = if wanted == id_from_name(&zone.name, "zone") {
        id.to_owned()
    } else {
        model.fresh_id(&wanted)
    };
    let mut renamed = zone.clone();
    renamed.name = name.to_owned();
    renamed.id = new_id.clone();
    let mut patch = Patch::new("Rename trust zone");
    if new_id == id {
        patch.push(Change::Zone(Delta::new(Some(zone.clone()), Some(renamed))));
        return Some((patch, new_id));
    }
    patch.push(Change::Zone(Delta::new(Some(zone.clone()), None)));
    patch.push(Change::Zone(Delta::new(None, Some(renamed))));
    // A zone may hold thousands of members: added in one pass, not one scan each.
    patch.extend(
        model
            .nodes()
            .filter(|n| n.zone.as_deref() == Some(id))
            .map(|node| {
                let mut moved = node.clone();
                moved.zone = Some(new_id.clone());
                Change::Node(Delta::new(Some(node.clone()), Some(moved)))
            }),
    );
    patch.extend(
        model
            .zones
            .iter()
            .filter(|z| z.parent.as_deref() == Some(id))
            .map(|child| {
                let mut moved = child.clone();
                moved.parent = Some(new_id.clone());
                Change::Zone(Delta::new(Some(child.clone()), Some(moved)))
            }),
    );
    Some((patch, new_id))
}

/// The patch renaming node `id` to `name` and giving it the id read from `name` (returned
/// too), or `None`
/// when its id is not the one its current name reads as, or anything refers to the node
/// (links, contracts, releases, pins): those references keep the id it has.
pub fn rename_new_node(model: &Model, id: &str, name: &str) -> Option<(Patch, String)> {
    let node = model.node(id)?;
    let stem = id_from_name(&node.name, node.kind.label());
    // Only an id made from the current name (`server`, `server-2`) is derived and may follow it.
    let derived = derived_from(id, &node.name, node.kind.label());
    let referenced = model.outgoing(id).next().is_some()
        || model.incoming(id).next().is_some()
        || model.contracts.iter().any(|c| c.provider == id)
        || model.releases.iter().any(|r| r.client == id)
        || model.layout.pinned.contains(id);
    if !derived || referenced {
        return None;
    }
    let wanted = id_from_name(name, node.kind.label());
    let new_id = if wanted == stem {
        id.to_owned()
    } else {
        model.fresh_id(&wanted)
    };
    let mut renamed = node.clone();
    renamed.name = name.to_owned();
    renamed.id = new_id.clone();
    let mut patch = Patch::new("Rename node");
    if new_id != id {
        let at = model.layout.positions.get(id).copied();
        patch.push(Change::Position {
            node: id.to_owned(),
            delta: Delta::new(at, None),
        });
        patch.push(Change::Node(Delta::new(Some(node.clone()), None)));
        patch.push(Change::Position {
            node: new_id.clone(),
            delta: Delta::new(None, at),
        });
        patch.push(Change::Node(Delta::new(None, Some(renamed))));
    } else {
        patch.push(Change::Node(Delta::new(Some(node.clone()), Some(renamed))));
    }
    Some((patch, new_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{create, edits};
    use crate::model::{NodeKind, Point};

    fn with_new_server(model: &mut Model) -> String {
        let server = NodeKind::all_defaults()
            .into_iter()
            .find(|k| matches!(k, NodeKind::Server { .. }))
            .expect("a server kind");
        let node = create::new_node(model, server);
        let id = node.id.clone();
        edits::add_node(node, Point(10.0, 20.0))
            .apply(model)
            .expect("adds");
        id
    }

    #[test]
    fn a_new_node_takes_the_id_its_new_name_reads_as() {
        let mut model = Model::new("Shop");
        let id = with_new_server(&mut model);
        assert_eq!(id, "server");
        let (patch, new_id) = rename_new_node(&model, &id, "Order service").expect("derived");
        assert_eq!(new_id, "order-service");
        patch.apply(&mut model).expect("applies");
        let node = model.node("order-service").expect("re-derived");
        assert_eq!(node.name, "Order service");
        assert!(model.node("server").is_none());
        assert_eq!(
            model.layout.positions.get("order-service"),
            Some(&Point(10.0, 20.0))
        );
    }

    #[test]
    fn a_new_zone_takes_the_id_its_name_reads_as_and_its_members_follow() {
        let mut model = Model::new("Shop");
        let a = with_new_server(&mut model);
        let grouped =
            edits::group_into_zone(&model, std::slice::from_ref(&a), "trust-zone", "Trust zone");
        grouped.apply(&mut model).expect("groups");
        let (patch, id) = rename_new_zone(&model, "trust-zone", "Payments DMZ").expect("derived");
        assert_eq!(id, "payments-dmz");
        patch.apply(&mut model).expect("applies");
        assert!(model.zone("trust-zone").is_none());
        assert_eq!(
            model.zone("payments-dmz").expect("zone").name,
            "Payments DMZ"
        );
        assert_eq!(
            model.node(&a).expect("member").zone.as_deref(),
            Some("payments-dmz")
        );
        let text = crate::io::to_string(&model).expect("serialises");
        crate::io::parse(&text).expect("a valid model");
    }

    #[test]
    fn a_taken_id_gets_a_suffix_and_a_linked_or_hand_made_id_stays() {
        let mut model = Model::new("Shop");
        let first = with_new_server(&mut model);
        rename_new_node(&model, &first, "Orders")
            .expect("derived")
            .0
            .apply(&mut model)
            .expect("applies");
        let second = with_new_server(&mut model);
        rename_new_node(&model, &second, "Orders!")
            .expect("derived")
            .0
            .apply(&mut model)
            .expect("applies");
        assert!(model.node("orders-2").is_some());

        let third = with_new_server(&mut model);
        let link = create::new_link(&model, &third, "orders").expect("link");
        edits::add_link(link).apply(&mut model).expect("links");
        assert!(rename_new_node(&model, &third, "Billing").is_none());

        // "orders" was not made from the name "Billing" (nor from "Orders!" once renamed).
        let mut named = model.node("orders").expect("orders").clone();
        named.name = "Billing".into();
        edits::set_node(&model, named, "Rename")
            .apply(&mut model)
            .expect("applies");
        assert!(rename_new_node(&model, "orders", "Payments").is_none());
    }
}
