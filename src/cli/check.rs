//! `check` and `rules`: the design review on the command line, for people (text), scripts (JSON)
//! and code-scanning dashboards (SARIF 2.1.0).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::Value;

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_line};
use crate::analysis::{self, Severity, report};
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
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse::<Severity>().map_err(|e| e.to_string())
}

/// Runs the review on every file and prints the report; returns the exit status.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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
        let findings = analysis::check(&model);
        let counted: Vec<_> = if args.include_triaged {
            findings.iter().collect()
        } else {
            analysis::open_findings(&model, &findings)
        };
        if status == EXIT_OK && counted.iter().any(|f| f.severity >= args.fail_on) {
            status = EXIT_FAILED;
        }
        match args.format {
            CheckFormat::Text => {
                let _ = write!(out, "{}", report::text(&model, &findings, &name, at));
            }
            CheckFormat::Json => {
                json_reports.push(parse_json(&report::json(&model, &findings, &name, at)))
            }
            CheckFormat::Sarif => {
                let log = parse_json(&report::sarif(&model, &findings, &name, at));
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
