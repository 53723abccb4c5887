//! `link-without-contract`: a request link into a server, gateway or peer that names no contract.

use super::prelude::*;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "link-without-contract",
    title: "Link without a contract",
    area: Area::Contracts,
    severity: Severity::Low,
    summary: "A link calls a server, gateway or peer without naming the contract (API or protocol) \
              it speaks.",
    why: "The paradigm asks for every API and protocol to be formally documented; a call with no \
          contract cannot be versioned, tested for compatibility or reviewed.",
    fix: "Add the contract the link speaks (with its schema and version) and reference it from the \
          link.",
};

/// Flags links into servers, gateways and peers with no contract; links to stores need none.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let mut provides = vec![false; ix.nodes.len()];
    for c in &ix.contracts {
        if let Some(p) = ix.pos(&c.provider) {
            provides[p] = true;
        }
    }
    for (li, f) in ix.facts.iter().enumerate() {
        if !f.to.answers_requests() || f.from == Tag::Actor || f.contract || !ix.is_attached(li) {
            continue;
        }
        // A gateway or CDN forwards the documented API of the server behind it.
        if f.from.fronts() && provides[ix.ends[li].1] {
            continue;
        }
        let link = ix.links[li];
        let crosses = f.crosses;
        // Callers released on their own schedule, or across a boundary, depend on the contract most.
        let released = user_side_tag(f.from);
        let exposed = crosses || released;
        let severity = match (exposed, sensitive(f.class)) {
            (false, _) => RULE.severity,
            (true, false) => Severity::Medium,
            (true, true) => Severity::High,
        };
        let context = if crosses {
            " crosses a trust boundary but"
        } else if released {
            " comes from a participant released on its own schedule but"
        } else {
            ""
        };
        let message = ix.link_message(li, format_args!("{context} names no contract."));
        out.push(Finding::new(&RULE, &link.id, severity, message, []));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn severity_follows_exposure_and_data() {
        let m = model(
            zones(),
            vec![
                zoned(client("spa"), "internet"),
                zoned(server("api"), "core"),
                zoned(server("svc"), "core"),
                zoned(store("db", true), "core"),
            ],
            vec![
                link("api-svc", "api", "svc"),
                link("api-db", "api", "db"),
                link("spa-api", "spa", "api"),
                carrying(link("spa-svc", "spa", "svc"), Classification::Secret),
            ],
        );
        let found = run(RULE.id, &m);
        let got: Vec<(&str, Severity)> =
            found.iter().map(|f| (f.key.as_str(), f.severity)).collect();
        assert_eq!(
            got,
            [
                ("link-without-contract@spa-svc", Severity::High),
                ("link-without-contract@spa-api", Severity::Medium),
                ("link-without-contract@api-svc", Severity::Low),
            ]
        );
        assert_eq!(found[0].elements, ["spa-svc"]);
    }

    #[test]
    fn quiet_with_a_contract_or_for_people() {
        let mut l = link("spa-api", "spa", "api");
        l.contract = Some("shop".into());
        let m = build(crate::model::ModelData {
            nodes: vec![
                client("spa"),
                server("api"),
                node("u", NodeKind::Actor),
                gateway("gw"),
            ],
            links: vec![l, link("u-api", "u", "api"), link("gw-api", "gw", "api")],
            contracts: vec![contract("shop", "api")],
            ..Default::default()
        });
        none(RULE.id, &m);
    }
}
