//! The command line: `archmodel [FILE]` opens the app; subcommands run headless on the same library.

mod check;
mod diff;
mod export;
mod files;
mod import;
mod layout;
mod merge;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::{CheckArgs, CheckFormat};
pub use diff::{DiffArgs, DiffFormat};
pub use export::{AdrTemplate, ExportArgs, ThemeArg};
pub use import::{FromArg, ImportArgs};
pub use layout::{DirectionArg, LayoutArgs, ModeArg};
pub use merge::{MergeArgs, ResolveArgs, TakeArg};

/// Exit status: everything was fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: a model is invalid, a check failed or a file would be reformatted.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: wrong usage, or a file could not be read or written.
pub const EXIT_USAGE: u8 = 2;

const EXIT_CODES: &str = "Exit status: 0 success; 1 a model is invalid (or `fmt --check` found a file \
to reformat); 2 usage error, or a file could not be read or written.";

/// archmodel: model client-server and peer-to-peer architectures, review them, export diagrams and ADRs.
#[derive(Debug, Parser)]
#[command(
    name = "archmodel",
    version,
    about,
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A model file to open in the app (without one, the start screen opens).
    pub file: Option<PathBuf>,
    /// With FILE: open File → Compare With… against this version: a file, `REV:PATH`, or a git
    /// revision of FILE (`--compare HEAD~1`).
    #[arg(long, value_name = "OLD", requires = "file")]
    pub compare: Option<String>,
    /// A headless command; without one the desktop app starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new model file from a template.
    #[command(after_help = EXIT_CODES)]
    New {
        /// The file to create; an existing file is never overwritten.
        file: PathBuf,
        /// What to start from.
        #[arg(long, value_enum, default_value_t = Template::Empty)]
        template: Template,
    },
    /// Check model files: syntax, types and every invariant; prints `FILE:LINE:COL: message`.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// The model files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Rewrite model files in canonical form (sorted by id, layout last).
    ///
    /// The canonical form has no comments: a file with `//` or `/* */` comments is left untouched
    /// and reported (exit 1) unless --drop-comments is given.
    #[command(after_help = files::FMT_EXIT_CODES)]
    Fmt {
        /// The model files to format.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write nothing; list the files that would change and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Format files that have comments too, dropping the comments.
        #[arg(long)]
        drop_comments: bool,
    },
    /// Review models against the client-server / peer-to-peer paradigm and security practice.
    #[command(after_help = check::CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// List every review rule with its id, severity and summary.
    Rules,
    /// Export diagrams (SVG, PNG, Mermaid, DOT, PlantUML), ADRs and the runbook, several at once.
    #[command(after_help = export::EXPORT_EXIT_CODES)]
    Export(Box<ExportArgs>),
    /// What changed between two versions of a model (files or git revisions), and in its risks.
    #[command(after_help = diff::DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// Three-way merge of model versions by element id (git's merge driver).
    #[command(after_help = merge::MERGE_EXIT_CODES)]
    Merge(MergeArgs),
    /// List merge conflicts left in a model file, or take ours or theirs for them.
    #[command(after_help = merge::RESOLVE_EXIT_CODES)]
    Resolve(ResolveArgs),
    /// Import a model from Threat Dragon v2 JSON, OTM JSON, a Mermaid flowchart or Structurizr DSL.
    #[command(after_help = import::IMPORT_EXIT_CODES)]
    Import(ImportArgs),
    /// Lay a model out again: layered or force-directed, trust zones as clusters, pins kept.
    #[command(after_help = layout::LAYOUT_EXIT_CODES)]
    Layout(LayoutArgs),
}

/// The templates `new` can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// Browser SPA and mobile app, CDN, API gateway, services, auth, database, cache, queue.
    WebApp,
    /// Offline-first mobile client syncing with a backend, push service, third-party payment.
    MobileBackend,
    /// Peers syncing with a CRDT, discovery and relay servers, a web client.
    P2pOfflineFirst,
    /// An empty model.
    Empty,
}

impl Template {
    /// The template's name as the examples know it.
    pub fn name(self) -> &'static str {
        match self {
            Template::WebApp => "web-app",
            Template::MobileBackend => "mobile-backend",
            Template::P2pOfflineFirst => "p2p-offline-first",
            Template::Empty => "empty",
        }
    }
}

/// Writes one line of human-readable output with control characters spelled out, so names,
/// paths and messages from a file can neither drive the terminal nor forge a line of their own.
fn print_line(w: &mut dyn Write, line: std::fmt::Arguments<'_>) {
    let text = line.to_string();
    let _ = writeln!(w, "{}", crate::export::escape::terminal(&text));
}

/// Runs a headless command, writing results to `out` and problems to `err`; returns the exit status.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        Command::New { file, template } => files::new(&file, template, out, err),
        Command::Validate { files } => files::validate(&files, out, err),
        Command::Fmt {
            files,
            check,
            drop_comments,
        } => files::fmt(
            &files,
            files::FmtOptions {
                check,
                drop_comments,
            },
            out,
            err,
        ),
        Command::Check(args) => check::run(&args, out, err),
        Command::Rules => check::rules(out),
        Command::Export(args) => export::run(&args, out, err),
        Command::Diff(args) => diff::run(&args, out, err),
        Command::Merge(args) => merge::run_merge(&args, out, err),
        Command::Resolve(args) => merge::run_resolve(&args, out, err),
        Command::Import(args) => import::run(&args, out, err),
        Command::Layout(args) => layout::run(&args, out, err),
    }
}
