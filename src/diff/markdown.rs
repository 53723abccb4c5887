//! A diff as Markdown for a pull-request comment (passes markdownlint's default rules whatever
//! the model's names hold) and as JSON for scripts.

use serde_json::json;

use super::{Change, DecisionEvent, ElementChange, ElementKind, LinkRisk, ModelDiff, fields::show};
use crate::analysis::Finding;
use crate::export::escape;
use crate::export::markdown::{Doc, code, heading_text, text};
use crate::model::DecisionStatus;

/// Items listed per section; a PR comment must stay readable (and under GitHub's size limit).
pub const LIST_LIMIT: usize = 50;
/// Characters of a field value shown before eliding the rest.
const VALUE_MAX: usize = 120;

/// The diff as a Markdown document.
pub fn render(diff: &ModelDiff) -> String {
    let mut doc = Doc::new();
    doc.heading(
        1,
        &format!("Architecture changes: {}", heading_text(&diff.new_name)),
    );
    doc.para(&summary(diff));
    if diff.is_empty() {
        return doc.finish();
    }
    findings(&mut doc, diff);
    for kind in [
        ElementKind::Model,
        ElementKind::Zone,
        ElementKind::Node,
        ElementKind::Link,
        ElementKind::Contract,
        ElementKind::Release,
    ] {
        elements(&mut doc, diff, kind);
    }
    memberships(&mut doc, diff);
    link_risks(&mut doc, diff);
    decisions(&mut doc, diff);
    moves(&mut doc, diff);
    doc.finish()
}

/// "3 elements added, 1 removed, 2 changed; 4 nodes moved. Findings: 1 introduced, …"
fn summary(diff: &ModelDiff) -> String {
    if diff.is_empty() {
        return "No changes: the two versions describe the same architecture.".into();
    }
    let (added, removed, changed) = diff.counts();
    let f = &diff.findings;
    let mut s = format!(
        "{} added, {removed} removed, {changed} changed; {} moved on the canvas. Findings: \
         {} introduced, {} resolved, {} still open.",
        plural(added, "element"),
        plural(diff.moves.len(), "node"),
        f.introduced.len(),
        f.resolved.len(),
        f.still_open.len(),
    );
    if diff.old_name != diff.new_name {
        s.push_str(&format!(" Renamed from {}.", text(&diff.old_name)));
    }
    s
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A list cut at [`LIST_LIMIT`] items, saying how many more there are.
fn limited(mut items: Vec<String>) -> Vec<String> {
    if items.len() > LIST_LIMIT {
        let more = items.len() - LIST_LIMIT;
        items.truncate(LIST_LIMIT);
        items.push(format!("… and {more} more (see the JSON output for all)"));
    }
    items
}

fn finding_item(f: &Finding) -> String {
    format!(
        "**{}** {} {}: {}",
        f.severity,
        code(&f.key),
        text(f.title),
        text(&escape::elide(&f.message, 300))
    )
}

fn findings(doc: &mut Doc, diff: &ModelDiff) {
    let f = &diff.findings;
    if f.is_empty() && f.still_open.is_empty() {
        return;
    }
    doc.heading(2, "Findings");
    let sections: [(&str, &[Finding]); 3] = [
        ("Introduced findings", &f.introduced),
        ("Resolved findings", &f.resolved),
        ("Findings still open", &f.still_open),
    ];
    for (title, list) in sections {
        if list.is_empty() {
            continue;
        }
        doc.heading(3, &format!("{title} ({})", list.len()));
        let items = list
            .iter()
            .map(|x| {
                let mut item = finding_item(x);
                if f.settled.contains(&x.key) && title.starts_with("Introduced") {
                    item.push_str(" (settled by triage)");
                }
                item
            })
            .collect();
        doc.list(&limited(items));
    }
    if !f.triage.is_empty() {
        doc.heading(3, &format!("Triage changes ({})", f.triage.len()));
        let items: Vec<(String, Vec<String>)> = f.triage.iter().map(element_item).collect();
        doc.nested_list(&items[..items.len().min(LIST_LIMIT)]);
    }
}

fn section_title(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::Model => "Model properties",
        ElementKind::Zone => "Trust zones",
        ElementKind::Node => "Nodes",
        ElementKind::Link => "Links",
        ElementKind::Contract => "Contracts",
        ElementKind::Release => "Client releases",
        ElementKind::Decision => "Decision records",
        ElementKind::Triage => "Triage",
    }
}

/// `- **changed** `orders` Order service` with one sub-item per field.
fn element_item(e: &ElementChange) -> (String, Vec<String>) {
    let verb = match e.change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    };
    let head = if e.kind == ElementKind::Model {
        format!("**{verb}**")
    } else {
        format!("**{verb}** {} {}", code(&e.id), text(&e.name))
    };
    let fields = e
        .fields
        .iter()
        .map(|f| {
            format!(
                "{}: {} → {}",
                code(&f.field),
                text(&escape::elide(&show(&f.field, &f.old), VALUE_MAX)),
                text(&escape::elide(&show(&f.field, &f.new), VALUE_MAX)),
            )
        })
        .collect();
    (head, fields)
}

fn elements(doc: &mut Doc, diff: &ModelDiff, kind: ElementKind) {
    let list: Vec<&ElementChange> = diff.elements.iter().filter(|e| e.kind == kind).collect();
    if list.is_empty() {
        return;
    }
    doc.heading(2, &format!("{} ({})", section_title(kind), list.len()));
    let mut items: Vec<(String, Vec<String>)> = list
        .iter()
        .take(LIST_LIMIT)
        .map(|e| element_item(e))
        .collect();
    if list.len() > LIST_LIMIT {
        items.push((
            format!(
                "… and {} more (see the JSON output for all)",
                list.len() - LIST_LIMIT
            ),
            Vec::new(),
        ));
    }
    doc.nested_list(&items);
}

fn zone_ref(zone: &Option<String>) -> String {
    zone.as_deref().map_or_else(|| "no zone".to_owned(), code)
}

fn memberships(doc: &mut Doc, diff: &ModelDiff) {
    if diff.memberships.is_empty() {
        return;
    }
    doc.heading(2, &format!("Zone memberships ({})", diff.memberships.len()));
    let items = diff
        .memberships
        .iter()
        .map(|m| {
            format!(
                "{} {}: {} → {}",
                code(&m.node),
                text(&m.name),
                zone_ref(&m.from),
                zone_ref(&m.to)
            )
        })
        .collect();
    doc.list(&limited(items));
}

fn link_risks(doc: &mut Doc, diff: &ModelDiff) {
    if diff.links.is_empty() {
        return;
    }
    doc.heading(2, &format!("Link exposure ({})", diff.links.len()));
    let items = diff
        .links
        .iter()
        .map(|l| {
            let what = match &l.risk {
                LinkRisk::NowCrosses { zones, new_link } => format!(
                    "{}crosses the boundary of {}",
                    if *new_link { "new link, " } else { "now " },
                    zones.iter().map(|z| code(z)).collect::<Vec<_>>().join(", ")
                ),
                LinkRisk::NoLongerCrosses => "no longer crosses a trust boundary".into(),
                LinkRisk::TlsWeakened { old, new } => {
                    format!(
                        "**TLS weakened**: {} → {}",
                        tls_label(*old),
                        tls_label(*new)
                    )
                }
                LinkRisk::AuthnRemoved { old } => {
                    format!(
                        "**authentication removed** (was {})",
                        text(&format!("{old:?}"))
                    )
                }
            };
            format!("{} {}: {what}", code(&l.link), text(&l.name))
        })
        .collect();
    doc.list(&limited(items));
}

fn tls_label(tls: crate::model::Tls) -> String {
    match tls {
        crate::model::Tls::None => "plaintext".into(),
        other => format!("{other:?}"),
    }
}

fn status(s: DecisionStatus) -> String {
    s.label()
}

fn decisions(doc: &mut Doc, diff: &ModelDiff) {
    if diff.decisions.is_empty() {
        return;
    }
    doc.heading(2, &format!("Decisions ({})", diff.decisions.len()));
    let items = diff
        .decisions
        .iter()
        .map(|d| {
            let what = match d.event {
                DecisionEvent::Added { status: s } => format!("added ({})", status(s)),
                DecisionEvent::Superseded { by } => format!("**superseded** by decision {by}"),
                DecisionEvent::Status { old, new } => {
                    format!("{} → {}", status(old), status(new))
                }
                DecisionEvent::Removed => "removed".into(),
            };
            format!("Decision {} {}: {what}", d.number, text(&d.title))
        })
        .collect();
    doc.list(&limited(items));
}

fn moves(doc: &mut Doc, diff: &ModelDiff) {
    if diff.moves.is_empty() {
        return;
    }
    doc.heading(
        2,
        &format!("Layout ({})", plural(diff.moves.len(), "node") + " moved"),
    );
    let ids: Vec<String> = diff
        .moves
        .iter()
        .take(LIST_LIMIT)
        .map(|m| code(&m.id))
        .collect();
    let mut line = format!("Moved on the canvas only: {}", ids.join(", "));
    if diff.moves.len() > LIST_LIMIT {
        line.push_str(&format!(" and {} more", diff.moves.len() - LIST_LIMIT));
    }
    line.push('.');
    doc.para(&line);
}

/// The diff as pretty-printed JSON: `{ tool, old, new, summary, elements, moves, memberships,
/// links, decisions, findings { introduced, resolved, still_open, settled, triage } }`.
pub fn json(diff: &ModelDiff, old_label: &str, new_label: &str) -> String {
    let (added, removed, changed) = diff.counts();
    let doc = json!({
        "tool": { "name": "archmodel", "version": env!("CARGO_PKG_VERSION") },
        "old": old_label,
        "new": new_label,
        "summary": {
            "added": added,
            "removed": removed,
            "changed": changed,
            "moved": diff.moves.len(),
            "findings_introduced": diff.findings.introduced.len(),
            "findings_resolved": diff.findings.resolved.len(),
            "findings_still_open": diff.findings.still_open.len(),
        },
        "diff": diff,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned())
}
