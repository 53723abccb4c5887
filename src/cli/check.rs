//! `check` and `rules`: the design review on the command line, for people (text), scripts (JSON)
//! and code-scanning dashboards (SARIF 2.1.0).

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::Value;

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_line};
use crate::analysis::{self, Severity, report};
use crate::diff::source::Source;
use crate::io::{self, LoadError, locate};

/// Exit codes of `check`.
pub const CHECK_EXIT_CODES: &str = "Exit status: 0 no untriaged finding reaches --fail-on; 1 at least \
one does; 2 usage error, or a file cannot be read or is not a valid model.";

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Grouped by area, one `FILE:LINE:COL: severity rule: message` line per finding.
    Text,
    /// A JSON array with one report object per file.
    Json,
    /// One SARIF 2.1.0 log with a run per file.
    Sarif,
}

/// The arguments of `archmodel check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The model files to review.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit 1 when an untriaged finding has this severity or higher.
    #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = parse_severity)]
    pub fail_on: Severity,
    /// Let triaged findings (accepted, mitigated, false positive) count toward --fail-on too.
    #[arg(long)]
    pub include_triaged: bool,
    /// Report only what changed against this version (a file, or `REV:PATH` in git): text and
    /// JSON list the new findings only, SARIF marks each result new, unchanged or absent, and
    /// only new findings count toward --fail-on.
    #[arg(long, value_name = "OLD")]
    pub baseline: Option<String>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse::<Severity>().map_err(|e| e.to_string())
}

/// Runs the review on every file and prints the report; returns the exit status.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let baseline = match args.baseline.as_deref().map(baseline_findings).transpose() {
        Ok(b) => b,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return EXIT_USAGE;
        }
    };
    let mut status = EXIT_OK;
    let mut json_reports = Vec::new();
    let mut sarif_runs = Vec::new();
    for file in &args.files {
        let name = file.display().to_string();
        let (text, model) = match io::read_text(file).and_then(|t| Ok((io::parse(&t)?, t))) {
            Ok((model, text)) => (text, model),
            Err(e) => {
                print_load_error(&name, &e, err);
                status = EXIT_USAGE;
                continue;
            }
        };
        let positions = locate::element_positions(&text);
        let at = |id: &str| positions.get(id).map(|p| (p.line, p.col));
        let all = analysis::check(&model);
        // Against a baseline, text and JSON show (and --fail-on counts) the new findings only.
        let findings: Vec<_> = match &baseline {
            Some(old) if args.format != CheckFormat::Sarif => {
                let known: HashSet<&str> = old.iter().map(|f| f.key.as_str()).collect();
                all.iter()
                    .filter(|f| !known.contains(f.key.as_str()))
                    .cloned()
                    .collect()
            }
            _ => all.clone(),
        };
        let mut counted: Vec<_> = if args.include_triaged {
            findings.iter().collect()
        } else {
            analysis::open_findings(&model, &findings)
        };
        if let Some(old) = &baseline {
            let known: HashSet<&str> = old.iter().map(|f| f.key.as_str()).collect();
            counted.retain(|f| !known.contains(f.key.as_str()));
        }
        if status == EXIT_OK && counted.iter().any(|f| f.severity >= args.fail_on) {
            status = EXIT_FAILED;
        }
        match args.format {
            CheckFormat::Text => {
                let _ = write!(out, "{}", report::text(&model, &findings, &name, at));
                if let (Some(old), Some(spec)) = (&baseline, &args.baseline) {
                    let _ = writeln!(out, "{}", baseline_line(spec, old, &all));
                }
            }
            CheckFormat::Json => {
                json_reports.push(parse_json(&report::json(&model, &findings, &name, at)))
            }
            CheckFormat::Sarif => {
                let log = parse_json(&match &baseline {
                    Some(old) => report::sarif_against(
                        &model,
                        &findings,
                        &name,
                        at,
                        report::Baseline { findings: old },
                    ),
                    None => report::sarif(&model, &findings, &name, at),
                });
                if let Some(runs) = log.get("runs").and_then(Value::as_array) {
                    sarif_runs.extend(runs.iter().cloned());
                }
            }
        }
    }
    let doc = match args.format {
        CheckFormat::Text => None,
        CheckFormat::Json => Some(Value::Array(json_reports)),
        CheckFormat::Sarif => Some(serde_json::json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": sarif_runs,
        })),
    };
    if let Some(doc) = doc {
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let _ = writeln!(out, "{text}");
    }
    status
}

/// The findings of the baseline version, or why it cannot be read.
fn baseline_findings(spec: &str) -> Result<Vec<analysis::Finding>, String> {
    let source = Source::parse(spec).map_err(|e| format!("--baseline: {e}"))?;
    let (_, model) = source.load().map_err(|e| format!("--baseline: {e}"))?;
    Ok(analysis::check(&model))
}

/// "Against the baseline OLD: 2 new, 5 unchanged, 1 gone."
fn baseline_line(spec: &str, old: &[analysis::Finding], now: &[analysis::Finding]) -> String {
    let before: HashSet<&str> = old.iter().map(|f| f.key.as_str()).collect();
    let after: HashSet<&str> = now.iter().map(|f| f.key.as_str()).collect();
    let new = after.difference(&before).count();
    let gone = before.difference(&after).count();
    format!(
        "Against the baseline {spec}: {new} new, {} unchanged, {gone} gone.",
        after.len() - new
    )
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn print_load_error(file: &str, e: &LoadError, err: &mut dyn Write) {
    match e {
        LoadError::Read(source) => {
            print_line(err, format_args!("{file}: cannot read: {source}"));
        }
        _ => {
            for d in e.diagnostics() {
                print_line(err, format_args!("{file}:{d}"));
            }
        }
    }
}

/// Prints the rule catalogue: id, severity and summary of every rule.
pub fn rules(out: &mut dyn Write) -> u8 {
    let _ = write!(out, "{}", report::rules_text());
    EXIT_OK
}
