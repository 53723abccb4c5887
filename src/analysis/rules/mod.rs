//! The rule catalogue: one rule per file, each with its id, texts, severity logic and check.
//!
//! The engine iterates [`CATALOGUE`]; adding a rule is adding a file and a line here.

mod auth_flow_undocumented;
mod breaking_change_no_window;
mod chatty_client;
mod client_release_unsupported;
mod contract_no_schema;
mod contract_unversioned;
mod credentials_in_plaintext;
mod data_owner_ambiguous;
mod direct_store_access;
mod duplicate_name;
mod duplicated_logic;
mod empty_zone;
mod isolated_node;
mod link_without_contract;
mod missing_authentication;
mod missing_authorization;
mod no_rate_limit;
mod no_skew_strategy;
mod no_telemetry;
mod offline_client_no_sync;
mod p2p_no_conflict_strategy;
mod peer_no_discovery;
mod plaintext_across_boundary;
mod plaintext_link;
mod responsibility_undefined;
mod single_point_of_failure;
mod store_unencrypted;
mod unauthenticated_peer;
mod unguarded_internet_access;
mod unzoned_node;
mod weak_tls;

#[cfg(test)]
pub(crate) mod testkit;

use super::finding::{Finding, Rule};
use super::index::ModelIndex;

/// A rule's check: reads the indexed model and appends its findings.
pub(crate) type CheckFn = fn(&ModelIndex<'_>, &mut Vec<Finding>);

/// Every rule with its check, in catalogue order (paradigm step, then area-specific order).
pub(crate) const CATALOGUE: [(&Rule, CheckFn); 31] = [
    (
        &responsibility_undefined::RULE,
        responsibility_undefined::check,
    ),
    (&duplicated_logic::RULE, duplicated_logic::check),
    (&data_owner_ambiguous::RULE, data_owner_ambiguous::check),
    (&link_without_contract::RULE, link_without_contract::check),
    (&contract_unversioned::RULE, contract_unversioned::check),
    (&contract_no_schema::RULE, contract_no_schema::check),
    (&auth_flow_undocumented::RULE, auth_flow_undocumented::check),
    (&no_skew_strategy::RULE, no_skew_strategy::check),
    (
        &client_release_unsupported::RULE,
        client_release_unsupported::check,
    ),
    (
        &breaking_change_no_window::RULE,
        breaking_change_no_window::check,
    ),
    (&offline_client_no_sync::RULE, offline_client_no_sync::check),
    (
        &p2p_no_conflict_strategy::RULE,
        p2p_no_conflict_strategy::check,
    ),
    (&peer_no_discovery::RULE, peer_no_discovery::check),
    (
        &single_point_of_failure::RULE,
        single_point_of_failure::check,
    ),
    (
        &plaintext_across_boundary::RULE,
        plaintext_across_boundary::check,
    ),
    (&plaintext_link::RULE, plaintext_link::check),
    (
        &credentials_in_plaintext::RULE,
        credentials_in_plaintext::check,
    ),
    (&missing_authentication::RULE, missing_authentication::check),
    (&missing_authorization::RULE, missing_authorization::check),
    (&no_rate_limit::RULE, no_rate_limit::check),
    (&no_telemetry::RULE, no_telemetry::check),
    (
        &unguarded_internet_access::RULE,
        unguarded_internet_access::check,
    ),
    (&direct_store_access::RULE, direct_store_access::check),
    (&weak_tls::RULE, weak_tls::check),
    (&store_unencrypted::RULE, store_unencrypted::check),
    (&unauthenticated_peer::RULE, unauthenticated_peer::check),
    (&chatty_client::RULE, chatty_client::check),
    (&isolated_node::RULE, isolated_node::check),
    (&empty_zone::RULE, empty_zone::check),
    (&duplicate_name::RULE, duplicate_name::check),
    (&unzoned_node::RULE, unzoned_node::check),
];

/// What every rule file needs.
mod prelude {
    pub(crate) use crate::analysis::facts::Tag;
    pub(crate) use crate::analysis::finding::{Area, Finding, Rule, Severity};
    pub(crate) use crate::analysis::index::{
        ModelIndex, blank, class_label, counted, join_names, join_shown, sensitive, user_side,
        user_side_tag,
    };
    pub(crate) use crate::model::{Classification, NodeKind};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::finding::Area;
    use std::collections::HashSet;

    #[test]
    fn catalogue_is_complete_and_consistent() {
        let ids: HashSet<&str> = CATALOGUE.iter().map(|(r, _)| r.id).collect();
        assert_eq!(ids.len(), CATALOGUE.len(), "rule ids are unique");
        for (rule, _) in CATALOGUE {
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
            for text in [rule.title, rule.summary, rule.why, rule.fix] {
                assert!(!text.trim().is_empty(), "{} has an empty text", rule.id);
            }
            assert!(
                rule.why.ends_with('.') && rule.fix.ends_with('.'),
                "{}",
                rule.id
            );
        }
        // Areas appear in step order, so the catalogue reads like the paradigm's checklist.
        let areas: Vec<Area> = CATALOGUE.iter().map(|(r, _)| r.area).collect();
        assert!(areas.windows(2).all(|w| w[0] <= w[1]));
    }
}
