//! `direct-store-access`: a client, peer or third party reaches a store across a boundary.

use super::prelude::*;
use crate::model::StoreKind;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "direct-store-access",
    title: "Direct store access from outside",
    area: Area::Security,
    severity: Severity::High,
    summary: "A client, peer or external system talks to a store across a trust boundary, with no \
              server in between.",
    why: "The server owns the data and the rules that guard it; a store reached straight from \
          outside bypasses validation, authorization and the contract the paradigm puts in between.",
    fix: "Route the access through a server that owns the data, or for object uploads hand out \
          short-lived, narrowly scoped pre-signed URLs and document that.",
};

/// Flags links from user-side nodes into stores that cross a boundary.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (li, f) in ix.facts.iter().enumerate() {
        let outsider = matches!(f.from, Tag::Client | Tag::Peer | Tag::External);
        if !outsider || f.to != Tag::Store || !f.crosses {
            continue;
        }
        let (link, Some((from, to))) = (ix.links[li], ix.link_nodes(li)) else {
            continue;
        };
        let NodeKind::Store { kind, .. } = to.kind else {
            continue;
        };
        let (_, t) = ix.ends[li];
        let secret = sensitive(f.class) || sensitive(ix.class_held_by(t));
        // Pre-signed object uploads are a known, narrower pattern.
        let base = if kind == StoreKind::Object {
            Severity::Medium
        } else {
            RULE.severity
        };
        let severity = base.raised(usize::from(secret));
        let message = format!(
            "{} ({}) reaches the store {} directly across a trust boundary{}.",
            from.name,
            from.kind.in_words(),
            to.name,
            if secret {
                ", and confidential data is involved"
            } else {
                ""
            }
        );
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn reach(db: crate::model::Node, zone: &str, class: Classification) -> crate::model::Model {
        model(
            zones(),
            vec![zoned(client("spa"), "internet"), zoned(db, zone)],
            vec![carrying(good_link("spa-db", "spa", "db"), class)],
        )
    }

    #[test]
    fn severity_by_store_and_data() {
        let f = one(
            RULE.id,
            &reach(store("db", true), "core", Classification::Internal),
        );
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("direct-store-access@spa-db", Severity::High)
        );
        let secret = reach(store("db", true), "core", Classification::Secret);
        assert_eq!(severity(RULE.id, &secret), Severity::Critical);
        let bucket = store_of("db", StoreKind::Object, true);
        assert_eq!(
            severity(RULE.id, &reach(bucket, "core", Classification::Public)),
            Severity::Medium
        );
    }

    #[test]
    fn quiet_within_a_zone_or_from_servers() {
        none(
            RULE.id,
            &reach(store("db", true), "internet", Classification::Secret),
        );
        let m = model(
            zones(),
            vec![
                zoned(server("api"), "dmz"),
                zoned(store("db", true), "core"),
            ],
            vec![link("api-db", "api", "db")],
        );
        none(RULE.id, &m);
    }
}
