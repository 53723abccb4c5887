//! How the app words counts and kinds: "1 zone", "3 zones" (never "1 zones" or "zone(s)"), and
//! kinds in human words, capitalised ("API gateway", not `gateway`).

use crate::model::NodeKind;

/// "1 link", "3 links", "0 links": the count with the word in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The node's kind with its role or platform, in words ("API gateway", "Web client").
pub fn kind_name(kind: &NodeKind) -> &'static str {
    crate::scene::kind_name(kind)
}

/// The kind alone, capitalised ("Gateway", "External system").
pub fn kind_class(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Actor => "Actor",
        other => crate::commands::create::kind_title(other),
    }
}

/// The kind alone, in the plural, in running text ("gateways", "external systems").
pub fn kind_class_plural(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Client { .. } => "clients",
        NodeKind::Server { .. } => "servers",
        NodeKind::Peer { .. } => "peers",
        NodeKind::Gateway { .. } => "gateways",
        NodeKind::Store { .. } => "stores",
        NodeKind::Cdn => "CDNs",
        NodeKind::External => "external systems",
        NodeKind::Actor => "actors",
    }
}

/// The kind alone, in the singular, in running text ("gateway", "CDN").
pub fn kind_class_singular(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Client { .. } => "client",
        NodeKind::Server { .. } => "server",
        NodeKind::Peer { .. } => "peer",
        NodeKind::Gateway { .. } => "gateway",
        NodeKind::Store { .. } => "store",
        NodeKind::Cdn => "CDN",
        NodeKind::External => "external system",
        NodeKind::Actor => "actor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GatewayRole;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(counted(1, "zone", "zones"), "1 zone");
        assert_eq!(counted(0, "zone", "zones"), "0 zones");
        assert_eq!(counted(13, "entry", "entries"), "13 entries");
    }

    #[test]
    fn kinds_read_as_words() {
        let gateway = NodeKind::Gateway {
            role: GatewayRole::ApiGateway,
        };
        assert_eq!(kind_name(&gateway), "API gateway");
        assert_eq!(kind_class(&gateway), "Gateway");
        assert_eq!(kind_class_plural(&NodeKind::Cdn), "CDNs");
        for kind in NodeKind::all_defaults() {
            let name = kind_name(&kind);
            assert!(name.starts_with(|c: char| c.is_uppercase()), "{name}");
        }
    }
}
