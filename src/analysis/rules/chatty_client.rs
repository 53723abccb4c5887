//! `chatty-client`: a client that talks to many servers directly or makes many calls per action.

use std::collections::BTreeSet;

use super::prelude::*;
use crate::model::StoreKind;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "chatty-client",
    title: "Chatty client",
    area: Area::Performance,
    severity: Severity::Medium,
    summary: "A client calls at least the configured number of servers directly, or a link of it \
              makes at least the configured number of calls per user action, with no gateway, \
              façade or cache absorbing them.",
    why: "Many small requests over a client's network cost latency and battery; the paradigm's \
          mitigation is to consolidate calls behind a façade or gateway and cache at the client or \
          the edge.",
    fix: "Put a façade, BFF or API gateway in front of the servers and expose one call per user \
          action, or cache the responses at the edge or on the client.",
};

/// Flags clients over either threshold from the model's settings.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let max_servers = ix.settings.chatty_client_servers.max(1) as usize;
    let max_calls = ix.settings.chatty_calls_per_action.max(1);
    for (c, node) in ix.nodes.iter().enumerate() {
        if ix.tags[c] != Tag::Client {
            continue;
        }
        let mut servers = BTreeSet::new();
        let mut chatty = Vec::new();
        for &li in &ix.outgoing[c] {
            let Some(to) = ix.to(li) else { continue };
            let direct = matches!(to.kind, NodeKind::Server { .. } | NodeKind::External);
            if direct {
                servers.insert(ix.ends[li].1);
            }
            let absorbed = matches!(
                to.kind,
                NodeKind::Cdn
                    | NodeKind::Store {
                        kind: StoreKind::Cache,
                        ..
                    }
            );
            if !absorbed && ix.links[li].calls_per_action >= max_calls {
                chatty.push(li);
            }
        }
        let fan_out = servers.len() >= max_servers;
        if !fan_out && chatty.is_empty() {
            continue;
        }
        let peak_calls = chatty
            .iter()
            .map(|&li| ix.links[li].calls_per_action)
            .max()
            .unwrap_or(0);
        // Twice the threshold is no longer a borderline design.
        let far = servers.len() >= 2 * max_servers || peak_calls >= max_calls.saturating_mul(2);
        let severity = if far { Severity::High } else { RULE.severity };
        let mut parts = Vec::new();
        if fan_out {
            let names: Vec<&str> = servers.iter().map(|&s| ix.nodes[s].name.as_str()).collect();
            parts.push(format!(
                "calls {} servers directly ({}; threshold {max_servers})",
                servers.len(),
                join_names(&names, 4)
            ));
        }
        if !chatty.is_empty() {
            let names: Vec<String> = chatty
                .iter()
                .map(|&li| format!("{} ({}×)", ix.link_name(li), ix.links[li].calls_per_action))
                .collect();
            parts.push(format!(
                "makes {max_calls} or more calls per user action on {}",
                join_names(&names, 3)
            ));
        }
        let message = format!("{} {}.", node.name, parts.join(" and "));
        let mut elements: Vec<String> = servers.iter().map(|&s| ix.nodes[s].id.clone()).collect();
        elements.extend(chatty.iter().map(|&li| ix.links[li].id.clone()));
        out.push(Finding::new(&RULE, &node.id, severity, message, elements));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::model::{ModelData, Settings};

    fn fan(servers: usize, calls: u32, to_cache: bool) -> crate::model::Model {
        let mut nodes = vec![client("spa")];
        let mut links = Vec::new();
        for i in 0..servers {
            nodes.push(server(&format!("s{i}")));
            links.push(link(&format!("spa-s{i}"), "spa", &format!("s{i}")));
        }
        nodes.push(if to_cache {
            store_of("hot", StoreKind::Cache, true)
        } else {
            gateway("hot")
        });
        let mut l = link("spa-hot", "spa", "hot");
        l.calls_per_action = calls;
        links.push(l);
        build(ModelData {
            nodes,
            links,
            settings: Settings {
                chatty_client_servers: 3,
                chatty_calls_per_action: 5,
            },
            ..Default::default()
        })
    }

    #[test]
    fn thresholds_come_from_settings() {
        let f = one(RULE.id, &fan(3, 1, false));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("chatty-client@spa", Severity::Medium)
        );
        assert!(f.message.contains("calls 3 servers directly"));
        let f = one(RULE.id, &fan(0, 5, false));
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.elements, ["spa", "spa-hot"]);
        assert_eq!(severity(RULE.id, &fan(6, 1, false)), Severity::High);
        assert_eq!(severity(RULE.id, &fan(0, 10, false)), Severity::High);
    }

    #[test]
    fn quiet_under_thresholds_or_through_a_cache() {
        none(RULE.id, &fan(2, 4, false));
        none(RULE.id, &fan(2, 50, true));
    }
}
