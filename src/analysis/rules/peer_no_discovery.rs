//! `peer-no-discovery`: a group of peers with no discovery, rendezvous or tracker service.

use super::prelude::*;
use crate::model::{ClientPlatform, ServerRole, ZoneKind};

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "peer-no-discovery",
    title: "Peers without discovery",
    area: Area::Connectivity,
    severity: Severity::Medium,
    summary: "A group of linked peers has no link to a discovery server (bootstrap, tracker or \
              rendezvous), so nothing says how peers find each other.",
    why: "Peers join, leave and change addresses; the paradigm's connectivity step calls for peer \
          discovery and membership services rather than fixed addresses.",
    fix: "Add a discovery server (or name the mechanism: mDNS, DHT bootstrap nodes, a tracker) and \
          link the peers to it.",
};

/// Flags each group of peers (joined by peer links) in which no peer reaches a discovery server.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let mut seen = vec![false; ix.nodes.len()];
    for start in 0..ix.nodes.len() {
        if seen[start] || ix.tags[start] != Tag::Peer {
            continue;
        }
        let group = peer_group(ix, start, &mut seen);
        let discovered = group.iter().any(|&p| {
            neighbours(ix, p).any(|n| {
                matches!(
                    ix.nodes[n].kind,
                    NodeKind::Server {
                        role: ServerRole::Discovery
                    }
                )
            })
        });
        if discovered {
            continue;
        }
        let roaming = group.iter().any(|&p| {
            matches!(
                ix.nodes[p].kind,
                NodeKind::Peer {
                    platform: ClientPlatform::Mobile | ClientPlatform::Iot
                }
            )
        });
        let first_zone = ix.zone_of(group[0]).map(|z| &z.id);
        // Peers on one internal network can plausibly use fixed addresses.
        let one_lan = group.iter().all(|&p| {
            ix.zone_of(p)
                .is_some_and(|z| z.kind == ZoneKind::Internal && Some(&z.id) == first_zone)
        });
        let severity = if roaming {
            Severity::High
        } else if one_lan {
            Severity::Low
        } else {
            RULE.severity
        };
        let names: Vec<&str> = group.iter().map(|&p| ix.nodes[p].name.as_str()).collect();
        let message = if group.len() == 1 {
            format!(
                "Peer {} has no discovery service to find other peers.",
                names[0]
            )
        } else {
            format!(
                "Peers {} have no discovery service to find each other{}.",
                join_names(&names, 4),
                if roaming {
                    ", and mobile or IoT peers change addresses often"
                } else {
                    ""
                }
            )
        };
        let elements: Vec<String> = group.iter().map(|&p| ix.nodes[p].id.clone()).collect();
        out.push(Finding::new(
            &RULE,
            &ix.nodes[group[0]].id,
            severity,
            message,
            elements,
        ));
    }
}

/// Nodes joined to `n` by a link in either direction.
fn neighbours<'a>(ix: &'a ModelIndex<'_>, n: usize) -> impl Iterator<Item = usize> + 'a {
    ix.outgoing[n]
        .iter()
        .map(|&li| ix.ends[li].1)
        .chain(ix.incoming[n].iter().map(|&li| ix.ends[li].0))
}

/// The peers reachable from `start` over peer-to-peer links, sorted (the first has the least id).
fn peer_group(ix: &ModelIndex<'_>, start: usize, seen: &mut [bool]) -> Vec<usize> {
    let mut group = vec![start];
    seen[start] = true;
    let mut i = 0;
    while let Some(&p) = group.get(i) {
        for n in neighbours(ix, p) {
            if !seen[n] && ix.nodes[n].kind.is_peer() {
                seen[n] = true;
                group.push(n);
            }
        }
        i += 1;
    }
    group.sort_unstable();
    group
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn mesh(a: crate::model::Node, zone: Option<&str>, discovery: bool) -> crate::model::Model {
        let mut nodes = vec![a, peer("b"), server_as("disco", ServerRole::Discovery)];
        if let Some(z) = zone {
            nodes = nodes.into_iter().map(|n| zoned(n, z)).collect();
        }
        let mut links = vec![link("a-b", "a", "b")];
        if discovery {
            links.push(link("b-disco", "b", "disco"));
        }
        model(zones(), nodes, links)
    }

    #[test]
    fn flags_groups_without_discovery() {
        let f = one(RULE.id, &mesh(peer("a"), Some("internet"), false));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("peer-no-discovery@a", Severity::Medium)
        );
        assert_eq!(f.elements, ["a", "b"]);
        assert_eq!(
            severity(RULE.id, &mesh(peer("a"), Some("core"), false)),
            Severity::Low
        );
        let phone = peer_on("a", ClientPlatform::Mobile);
        assert_eq!(severity(RULE.id, &mesh(phone, None, false)), Severity::High);
    }

    #[test]
    fn quiet_when_any_peer_of_the_group_reaches_discovery() {
        none(RULE.id, &mesh(peer("a"), None, true));
    }
}
