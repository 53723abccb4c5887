//! `store-unencrypted`: a store that does not encrypt data at rest.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "store-unencrypted",
    title: "Store not encrypted at rest",
    area: Area::Security,
    severity: Severity::Low,
    summary: "A store keeps its data unencrypted at rest.",
    why: "Trust boundaries protect data in motion; backups, snapshots and stolen disks bypass them, \
          so data the design classifies as confidential needs encryption at rest too.",
    fix: "Turn on encryption at rest (disk, tablespace or field level) with managed keys, and mark \
          the store as encrypted.",
};

/// Flags unencrypted stores; severity follows the most sensitive data they hold.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    for (n, node) in ix.nodes.iter().enumerate() {
        if ix.tags[n] != Tag::Store {
            continue;
        }
        let NodeKind::Store {
            encrypted_at_rest: false,
            ..
        } = node.kind
        else {
            continue;
        };
        let held = ix.class_held_by(n);
        let severity = match held {
            Some(Classification::Secret) => Severity::High,
            Some(Classification::Confidential) => Severity::Medium,
            _ => RULE.severity,
        };
        let what = match held {
            Some(c) => format!(", and it holds {} data", class_label(c)),
            None => String::new(),
        };
        let message = format!("{} does not encrypt data at rest{what}.", node.name);
        out.push(Finding::new(&RULE, &node.id, severity, message, Vec::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn db(encrypted: bool, class: Option<Classification>) -> crate::model::Model {
        let mut l = link("api-db", "api", "db");
        if let Some(c) = class {
            l = carrying(l, c);
        }
        model(vec![], vec![server("api"), store("db", encrypted)], vec![l])
    }

    #[test]
    fn severity_by_data_held() {
        let f = one(RULE.id, &db(false, None));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("store-unencrypted@db", Severity::Low)
        );
        assert_eq!(
            severity(RULE.id, &db(false, Some(Classification::Confidential))),
            Severity::Medium
        );
        let f = one(RULE.id, &db(false, Some(Classification::Secret)));
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.contains("holds secret data"));
    }

    #[test]
    fn quiet_when_encrypted() {
        none(RULE.id, &db(true, Some(Classification::Secret)));
    }
}
