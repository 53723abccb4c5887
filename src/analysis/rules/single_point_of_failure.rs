//! `single-point-of-failure`: a single-instance node that every client path goes through.

use super::prelude::*;
use crate::analysis::index::Adjacency;
use crate::model::ServerRole;

/// The rule's description.
pub(crate) const RULE: Rule = Rule {
    id: "single-point-of-failure",
    title: "Single point of failure",
    area: Area::Connectivity,
    severity: Severity::Medium,
    summary: "Every path from the clients into the system goes through one node that runs as a \
              single instance.",
    why: "Clients depend on the servers being reachable; when one non-redundant node carries every \
          request, its outage is everyone's outage, which the paradigm's deployment assumptions \
          must address.",
    fix: "Run the node with more than one replica (behind a load balancer, or as a cluster with \
          failover) and record the replica count, or add an independent path around it.",
};

/// Flags server-side nodes with one replica that dominate every end point of client traffic.
pub(crate) fn check(ix: &ModelIndex<'_>, out: &mut Vec<Finding>) {
    let Some(flow) = ClientFlow::build(ix) else {
        return;
    };
    let root = ix.nodes.len();
    let (idom, post) = dominators(&flow.next, root + 1, root);
    // How many end points of client traffic (nodes nothing continues from) each node dominates.
    // Traffic that only circles between servers has no end point and is left alone: a missed
    // finding is better than a wrong one.
    // In post-order a node comes after everything it dominates, so one pass adds them up.
    let mut below = vec![0usize; root + 1];
    for &v in &post {
        if v != root && flow.next[v].is_empty() {
            below[v] += 1;
        }
        if v != root {
            below[idom[v]] += below[v];
        }
    }
    let total = below[root];
    if total == 0 {
        return;
    }
    for &v in post.iter().filter(|&&v| v != root) {
        let node = ix.nodes[v];
        let candidate = matches!(
            node.kind,
            NodeKind::Server { .. } | NodeKind::Gateway { .. } | NodeKind::Store { .. }
        );
        if below[v] != total || !candidate || node.replicas > 1 {
            continue;
        }
        // The front door or the identity service stopping halts every request at once.
        let front = matches!(
            node.kind,
            NodeKind::Gateway { .. }
                | NodeKind::Server {
                    role: ServerRole::Auth
                }
        );
        let severity = if front { Severity::High } else { RULE.severity };
        let message = format!(
            "Every client path ({}) goes through {} ({}), which runs as a single \
             instance: if it fails, every client loses service.",
            counted(flow.clients, "client", "clients"),
            node.name,
            node.kind.in_words()
        );
        out.push(Finding::new(&RULE, &node.id, severity, message, Vec::new()));
    }
}

/// Client traffic as successor lists, with a root (the last position) before every client.
struct ClientFlow {
    /// Successors of each node and of the root, in link order, stored flat.
    next: Adjacency,
    clients: usize,
}

impl ClientFlow {
    fn build(ix: &ModelIndex<'_>) -> Option<ClientFlow> {
        let n = ix.nodes.len();
        // (node, successor) in link order; one flat list instead of a Vec per node.
        let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(ix.links.len() + 1);
        let mut out_degree = vec![0usize; n];
        // Traffic flows away from users: links into clients and people are not part of it.
        let carries = |tag: Tag| !matches!(tag, Tag::Client | Tag::Actor);
        for (li, f) in ix.facts.iter().enumerate() {
            if !f.network {
                continue;
            }
            let (a, b) = ix.ends[li];
            if carries(f.to) {
                pairs.push((a, b));
                out_degree[a] += 1;
            }
            if f.bidirectional && carries(f.from) {
                pairs.push((b, a));
                out_degree[b] += 1;
            }
        }
        let starts: Vec<usize> = (0..n)
            .filter(|&v| ix.tags[v] == Tag::Client && out_degree[v] > 0)
            .collect();
        let clients = starts.len();
        pairs.extend(starts.iter().map(|&s| (n, s)));
        let next = Adjacency::new(n + 1, &pairs);
        (clients > 0).then_some(ClientFlow { next, clients })
    }
}

/// Immediate dominators from `root` (Cooper, Harvey and Kennedy's iterative algorithm) and the
/// reachable nodes in depth-first post-order.
///
/// Written over plain vectors rather than petgraph's version, which hashes every node and was
/// the slowest part of a 10,000-node check. Unreachable nodes keep `usize::MAX`.
///
/// `n` counts the nodes, root included; successor lists are flat, so the whole pass allocates a
/// handful of vectors whatever the graph: O((nodes + links) · passes), passes few in practice.
fn dominators(next: &Adjacency, n: usize, root: usize) -> (Vec<usize>, Vec<usize>) {
    let mut post = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack = vec![(root, 0usize)];
    seen[root] = true;
    while let Some(top) = stack.last_mut() {
        let (v, i) = *top;
        if let Some(&w) = next[v].get(i) {
            top.1 += 1;
            if !seen[w] {
                seen[w] = true;
                stack.push((w, 0));
            }
        } else {
            post.push(v);
            stack.pop();
        }
    }
    let mut order = vec![usize::MAX; n];
    for (i, &v) in post.iter().enumerate() {
        order[v] = i;
    }
    let pairs: Vec<(usize, usize)> = post
        .iter()
        .flat_map(|&v| next[v].iter().map(move |&w| (w, v)))
        .collect();
    let prev = Adjacency::new(n, &pairs);
    let mut idom = vec![usize::MAX; n];
    idom[root] = root;
    let mut changed = true;
    while changed {
        changed = false;
        for &v in post.iter().rev().filter(|&&v| v != root) {
            let mut best = usize::MAX;
            for &p in prev[v].iter().filter(|&&p| idom[p] != usize::MAX) {
                best = if best == usize::MAX {
                    p
                } else {
                    meet(p, best, &idom, &order)
                };
            }
            if best != usize::MAX && idom[v] != best {
                idom[v] = best;
                changed = true;
            }
        }
    }
    (idom, post)
}

/// The nearest common dominator of two processed nodes.
fn meet(mut a: usize, mut b: usize, idom: &[usize], order: &[usize]) -> usize {
    while a != b {
        while order[a] < order[b] {
            a = idom[a];
        }
        while order[b] < order[a] {
            b = idom[b];
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn shop(gateway_replicas: u32) -> crate::model::Model {
        let mut gw = gateway("gw");
        gw.replicas = gateway_replicas;
        let mut api = server("api");
        api.replicas = 3;
        let mut db = store("db", true);
        db.replicas = 2;
        model(
            vec![],
            vec![client("spa"), client("app"), gw, api, db, server("mail")],
            vec![
                link("spa-gw", "spa", "gw"),
                link("app-gw", "app", "gw"),
                link("gw-api", "gw", "api"),
                link("api-db", "api", "db"),
                link("api-mail", "api", "mail"),
            ],
        )
    }

    #[test]
    fn flags_the_node_every_path_crosses() {
        let f = one(RULE.id, &shop(1));
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("single-point-of-failure@gw", Severity::High)
        );
        assert!(f.message.contains("(2 clients)") && f.message.contains("gw gateway"));
    }

    #[test]
    fn parallel_gateways_meet_at_the_server() {
        let m = model(
            vec![],
            vec![client("spa"), gateway("g1"), gateway("g2"), server("api")],
            vec![
                link("spa-g1", "spa", "g1"),
                link("spa-g2", "spa", "g2"),
                link("g1-api", "g1", "api"),
                link("g2-api", "g2", "api"),
            ],
        );
        let f = one(RULE.id, &m);
        assert_eq!(
            (f.key.as_str(), f.severity),
            ("single-point-of-failure@api", Severity::Medium)
        );
    }

    #[test]
    fn medium_for_a_lone_store() {
        let m = model(
            vec![],
            vec![client("spa"), store("db", true)],
            vec![link("spa-db", "spa", "db")],
        );
        assert_eq!(severity(RULE.id, &m), Severity::Medium);
    }

    #[test]
    fn quiet_with_replicas_or_alternative_paths() {
        none(RULE.id, &shop(2));
        let m = model(
            vec![],
            vec![client("spa"), server("a"), server("b")],
            vec![link("spa-a", "spa", "a"), link("spa-b", "spa", "b")],
        );
        none(RULE.id, &m);
    }
}
