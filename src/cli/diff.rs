//! `diff`: what a change does to the architecture and its risks, as Markdown for a pull-request
//! comment or JSON for scripts.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::analysis::Severity;
use crate::diff::source::Source;
use crate::diff::{self, markdown};

/// Exit codes of `diff`.
pub const DIFF_EXIT_CODES: &str = "Exit status: 0 the diff was printed (and --fail-on-new found \
nothing); 1 a finding introduced by the change, not settled by triage, reaches --fail-on-new; \
2 usage error, or a version cannot be read or is not a valid model.";

/// How `diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Markdown for a pull-request comment (passes markdownlint).
    Markdown,
    /// JSON for scripts.
    Json,
}

/// The arguments of `archmodel diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD and NEW: files, or `REV:PATH` for a git revision (`HEAD~1:models/shop.ron`, PATH from
    /// the repository root or `./`-relative). With --git, only the file.
    #[arg(required = true, num_args = 1..=2, value_name = "OLD NEW")]
    pub versions: Vec<String>,
    /// Compare FILE as it is with FILE at this git revision (read with `git show`).
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    /// Exit 1 when the change introduces an untriaged finding of this severity or higher.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on_new: Option<Severity>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse::<Severity>().map_err(|e| e.to_string())
}

/// The two versions the arguments name.
fn sources(args: &DiffArgs) -> Result<(Source, Source), String> {
    match (&args.git, args.versions.as_slice()) {
        (Some(rev), [file]) => {
            let new = Source::File(PathBuf::from(file));
            Ok((Source::at_revision(&PathBuf::from(file), rev), new))
        }
        (Some(_), _) => {
            Err("with --git REV give one model file: archmodel diff --git REV FILE".into())
        }
        (None, [old, new]) => Ok((
            Source::parse(old).map_err(|e| e.to_string())?,
            Source::parse(new).map_err(|e| e.to_string())?,
        )),
        (None, _) => Err("give two versions: archmodel diff OLD NEW (or --git REV FILE)".into()),
    }
}

/// Compares two versions and prints the diff; returns the exit status.
pub fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (old, new) = match sources(args) {
        Ok(s) => s,
        Err(message) => {
            let _ = writeln!(err, "archmodel diff: {message}");
            return EXIT_USAGE;
        }
    };
    let mut models = Vec::with_capacity(2);
    for source in [&old, &new] {
        match source.load() {
            Ok((_, model)) => models.push(model),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return EXIT_USAGE;
            }
        }
    }
    let d = diff::diff(&models[0], &models[1]);
    let text = match args.format {
        DiffFormat::Markdown => markdown::render(&d),
        DiffFormat::Json => markdown::json(&d, &old.label(), &new.label()) + "\n",
    };
    let _ = out.write_all(text.as_bytes());
    match args.fail_on_new {
        Some(level) => {
            let failing = d.new_findings_at(level);
            if failing.is_empty() {
                EXIT_OK
            } else {
                let _ = writeln!(
                    err,
                    "archmodel diff: the change introduces {} finding(s) at {level} or above: {}",
                    failing.len(),
                    failing
                        .iter()
                        .map(|f| f.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                EXIT_FAILED
            }
        }
        None => EXIT_OK,
    }
}
