//! Renders findings for one model file: compiler-style text, JSON, and SARIF 2.1.0 for code
//! scanning; plus the rule catalogue as text for `archmodel rules`.
//!
//! Locating elements in the file is the caller's job (the RON locator lives in `io`): every
//! renderer takes a closure from an element id to its 1-based (line, column).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::finding::{Area, Finding, Severity};
use super::{rules, settles, stale_triage, triage_map};
use crate::export::escape::terminal;
use crate::model::{Model, Triage, TriageStatus};

/// Findings as text, grouped by area then severity, one line each:
/// `FILE:LINE:COL: severity rule-id: message`.
///
/// Elements the locator cannot place point at 1:1, so editors still link the file. Triaged
/// findings say so at the end of their line; a summary line closes the report. Control
/// characters in the file name, messages and notes are spelled out ([`terminal`]), so every
/// finding stays on its own line and nothing in the model can forge one.
pub fn text(
    model: &Model,
    findings: &[Finding],
    file: &str,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
) -> String {
    let verdicts = triage_map(model);
    let file = terminal(file);
    let mut out = String::new();
    for area in Area::ALL {
        let mut group: Vec<&Finding> = findings.iter().filter(|f| f.area == area).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.key.cmp(&b.key)));
        let _ = writeln!(out, "{} ({})", area.label(), group.len());
        for f in group {
            let (line, col) = locate(f.primary()).unwrap_or((1, 1));
            let _ = write!(
                out,
                "{file}:{line}:{col}: {} {}: {}",
                f.severity,
                f.rule,
                terminal(&f.message)
            );
            if let Some(t) = verdicts.get(f.key.as_str()) {
                let _ = write!(out, " [{}", status_label(t.status));
                if !t.note.trim().is_empty() {
                    let _ = write!(out, ": {}", terminal(t.note.trim()));
                }
                out.push(']');
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&summary_line(model, findings));
    out.push('\n');
    out
}

/// "7 findings: 1 critical, 2 high, 4 low; 2 settled by triage." or "No findings."
fn summary_line(model: &Model, findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.".to_owned();
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let settled = settled_count(model, findings);
    let plural = if findings.len() == 1 { "" } else { "s" };
    let mut line = format!("{} finding{plural}: {}", findings.len(), counts.join(", "));
    if settled > 0 {
        let _ = write!(line, "; {settled} settled by triage");
    }
    line.push('.');
    line
}

fn settled_count(model: &Model, findings: &[Finding]) -> usize {
    let verdicts = triage_map(model);
    findings
        .iter()
        .filter(|f| {
            verdicts
                .get(f.key.as_str())
                .is_some_and(|t| settles(t.status))
        })
        .count()
}

/// The stable snake_case name of a triage status in reports.
fn status_label(status: TriageStatus) -> &'static str {
    match status {
        TriageStatus::Accepted => "accepted",
        TriageStatus::Mitigated => "mitigated",
        TriageStatus::FalsePositive => "false_positive",
        TriageStatus::InProgress => "in_progress",
    }
}

fn triage_json(t: &Triage) -> Value {
    json!({ "status": status_label(t.status), "note": t.note })
}

/// Findings as pretty-printed JSON with stable field names.
///
/// Shape: `{ file, tool {name, version}, summary {total, open, by_severity}, findings [{ key,
/// rule, severity, area, title, message, elements, location {line, column} | null,
/// triage? {status, note} }], stale_triage [{ finding, status, note }] }`.
pub fn json(
    model: &Model,
    findings: &[Finding],
    file: &str,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
) -> String {
    let verdicts = triage_map(model);
    let items: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut item = json!({
                "key": f.key,
                "rule": f.rule,
                "severity": f.severity,
                "area": f.area,
                "title": f.title,
                "message": f.message,
                "elements": f.elements,
                "location": locate(f.primary()).map(|(line, column)| json!({
                    "line": line,
                    "column": column,
                })),
            });
            if let (Some(t), Some(obj)) = (verdicts.get(f.key.as_str()), item.as_object_mut()) {
                obj.insert("triage".into(), triage_json(t));
            }
            item
        })
        .collect();
    let by_severity: serde_json::Map<String, Value> = Severity::ALL
        .iter()
        .rev()
        .map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (s.label().to_owned(), json!(n))
        })
        .collect();
    let stale: Vec<Value> = stale_triage(model, findings)
        .into_iter()
        .map(|t| json!({ "finding": t.finding, "status": status_label(t.status), "note": t.note }))
        .collect();
    let doc = json!({
        "file": file,
        "tool": { "name": "archmodel", "version": env!("CARGO_PKG_VERSION") },
        "summary": {
            "total": findings.len(),
            "open": findings.len() - settled_count(model, findings),
            "by_severity": by_severity,
        },
        "findings": items,
        "stale_triage": stale,
    });
    pretty(&doc)
}

/// The SARIF level for a severity: critical and high are errors, medium a warning, the rest notes.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning ranks security results by this CVSS-like score.
fn security_score(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// "plaintext-across-boundary" → "PlaintextAcrossBoundary" (SARIF's rule `name`).
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A file path as a relative URI reference: forward slashes, unsafe bytes percent-encoded.
fn file_uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Findings as a SARIF 2.1.0 log with one run: the whole catalogue as rules, each finding as a
/// result with its location, its key as a partial fingerprint, and triage as a suppression.
pub fn sarif(
    model: &Model,
    findings: &[Finding],
    file: &str,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
) -> String {
    sarif_log(model, findings, file, locate, None)
}

/// The findings of a baseline version, to mark results `new`, `unchanged` or `absent`.
#[derive(Debug, Clone, Copy)]
pub struct Baseline<'a> {
    /// Every finding of the baseline version (matched by key).
    pub findings: &'a [Finding],
}

/// Like [`sarif`], with SARIF's `baselineState` on every result: `new` or `unchanged` against
/// the baseline, and the baseline's findings that are gone as results marked `absent`.
pub fn sarif_against(
    model: &Model,
    findings: &[Finding],
    file: &str,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
    baseline: Baseline<'_>,
) -> String {
    sarif_log(model, findings, file, locate, Some(baseline))
}

fn sarif_log(
    model: &Model,
    findings: &[Finding],
    file: &str,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
    baseline: Option<Baseline<'_>>,
) -> String {
    let catalogue = rules();
    let index: HashMap<&str, usize> = catalogue
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i))
        .collect();
    let rule_entries: Vec<Value> = catalogue
        .iter()
        .map(|r| {
            let mut properties = json!({ "tags": [r.area.label()] });
            if r.area == Area::Security
                && let Some(p) = properties.as_object_mut()
            {
                p.insert(
                    "security-severity".into(),
                    json!(security_score(r.severity)),
                );
            }
            json!({
                "id": r.id,
                "name": pascal_case(r.id),
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": format!("{} {}", r.summary, r.why) },
                "help": {
                    "text": r.fix,
                    "markdown": format!("**Why:** {}\n\n**Fix:** {}", r.why, r.fix),
                },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": properties,
            })
        })
        .collect();
    let verdicts = triage_map(model);
    let uri = file_uri(file);
    let mut results: Vec<Value> = findings
        .iter()
        .map(|f| {
            sarif_result(
                f,
                &index,
                &uri,
                &locate,
                verdicts.get(f.key.as_str()).copied(),
            )
        })
        .collect();
    if let Some(baseline) = baseline {
        mark_baseline(&mut results, findings, baseline);
        let current: std::collections::HashSet<&str> =
            findings.iter().map(|f| f.key.as_str()).collect();
        for gone in baseline
            .findings
            .iter()
            .filter(|f| !current.contains(f.key.as_str()))
        {
            let mut result = sarif_result(gone, &index, &uri, &locate, None);
            if let Some(obj) = result.as_object_mut() {
                obj.insert("baselineState".into(), json!("absent"));
            }
            results.push(result);
        }
    }
    let doc = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "archmodel",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_entries,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    pretty(&doc)
}

/// Sets `baselineState` on each result (same order as `findings`).
fn mark_baseline(results: &mut [Value], findings: &[Finding], baseline: Baseline<'_>) {
    let known: std::collections::HashSet<&str> =
        baseline.findings.iter().map(|f| f.key.as_str()).collect();
    for (result, f) in results.iter_mut().zip(findings) {
        let state = if known.contains(f.key.as_str()) {
            "unchanged"
        } else {
            "new"
        };
        if let Some(obj) = result.as_object_mut() {
            obj.insert("baselineState".into(), json!(state));
        }
    }
}

fn sarif_result(
    f: &Finding,
    index: &HashMap<&str, usize>,
    uri: &str,
    locate: &impl Fn(&str) -> Option<(usize, usize)>,
    triage: Option<&Triage>,
) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    if let (Some((line, col)), Some(p)) = (locate(f.primary()), physical.as_object_mut()) {
        p.insert(
            "region".into(),
            json!({ "startLine": line.max(1), "startColumn": col.max(1) }),
        );
    }
    let mut result = json!({
        "ruleId": f.rule,
        "level": sarif_level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{ "fullyQualifiedName": f.primary(), "kind": "element" }],
        }],
        "partialFingerprints": { "archmodelFindingKey/v1": f.key },
        "properties": { "severity": f.severity, "area": f.area, "elements": f.elements },
    });
    let Some(obj) = result.as_object_mut() else {
        return result;
    };
    if let Some(&i) = index.get(f.rule) {
        obj.insert("ruleIndex".into(), json!(i));
    }
    if let Some(t) = triage {
        // In progress is under review: reported, not yet suppressed.
        let status = if settles(t.status) {
            "accepted"
        } else {
            "underReview"
        };
        let justification = if t.note.trim().is_empty() {
            status_label(t.status).to_owned()
        } else {
            format!("{}: {}", status_label(t.status), t.note.trim())
        };
        obj.insert(
            "suppressions".into(),
            json!([{ "kind": "external", "status": status, "justification": justification }]),
        );
    }
    result
}

/// Serialising a `Value` cannot fail (its keys are strings); an empty object is the safe fallback.
fn pretty(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_else(|_| "{}".to_owned())
}

/// The catalogue as text for `archmodel rules`: per area, each rule's id, default severity and
/// summary.
pub fn rules_text() -> String {
    let catalogue = rules();
    let width = catalogue.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for area in Area::ALL {
        let in_area: Vec<_> = catalogue.iter().filter(|r| r.area == area).collect();
        if in_area.is_empty() {
            continue;
        }
        let step = area
            .step()
            .map(|s| format!(" (step {s})"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}{step}", area.label());
        for r in in_area {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<8}  {}",
                r.id,
                r.severity.label(),
                r.summary
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} rules. Severities are defaults: sensitive data and trust boundaries raise them.",
        catalogue.len()
    );
    out
}

#[cfg(test)]
mod tests;
