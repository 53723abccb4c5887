//! `merge` (git's merge driver for models: three-way merge by element id) and `resolve` (take
//! ours or theirs for the conflicts a merge left in a file).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::diff::conflicts::{self, Conflicted};
use crate::diff::merge::{self, Conflict, Side};
use crate::io;

/// Exit codes of `merge`.
pub const MERGE_EXIT_CODES: &str = "Exit status: 0 merged cleanly; 1 merged with conflicts (the \
result holds our side of each and lists them; resolve with `archmodel resolve` or in the app); \
2 usage error, or a version cannot be read or is not a valid model (nothing is written).\n\n\
As a git merge driver, in .gitattributes:  *.ron merge=archmodel\n\
and in git config:  git config merge.archmodel.driver 'archmodel merge %O %A %B'";

/// Exit codes of `resolve`.
pub const RESOLVE_EXIT_CODES: &str = "Exit status: 0 no conflict is left; 1 conflicts are left \
(listed); 2 usage error, the file cannot be read or written, or the sides taken break the \
model (nothing is written).";

/// The arguments of `archmodel merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here unless --output is given.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// Write the result here instead of over OURS.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Which side `resolve` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TakeArg {
    /// Our version (what the merged file already holds).
    Ours,
    /// Their version.
    Theirs,
}

/// The arguments of `archmodel resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The model file with merge conflicts.
    pub file: PathBuf,
    /// Take this side; without it the conflicts are only listed.
    #[arg(long, value_enum)]
    pub take: Option<TakeArg>,
    /// Only these conflicts (numbers as listed, from 1); all of them when not given.
    #[arg(long = "conflict", value_name = "N")]
    pub only: Vec<usize>,
}

fn load(path: &Path, err: &mut dyn Write) -> Option<crate::model::Model> {
    let result = io::read_text(path).and_then(|text| {
        if conflicts::has_conflicts(&text) {
            return Err(io::LoadError::Invalid(vec![io::Diagnostic {
                position: io::Position::START,
                path: String::new(),
                message: "the file still has merge conflicts; resolve them first".into(),
            }]));
        }
        io::parse(&text)
    });
    match result {
        Ok(m) => Some(m),
        Err(e) => {
            for d in e.diagnostics() {
                let _ = writeln!(err, "{}:{d}", path.display());
            }
            None
        }
    }
}

/// Merges THEIRS into OURS; returns the exit status.
pub fn run_merge(args: &MergeArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (Some(base), Some(ours), Some(theirs)) = (
        load(&args.base, err),
        load(&args.ours, err),
        load(&args.theirs, err),
    ) else {
        return EXIT_USAGE;
    };
    let merged = match merge::merge(&base, &ours, &theirs) {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(err, "archmodel merge: {e}");
            return EXIT_USAGE;
        }
    };
    let target = args.output.as_ref().unwrap_or(&args.ours);
    let text = match io::to_string(&merged.model) {
        Ok(t) => conflicts::write(&t, &merged.conflicts),
        Err(e) => {
            let _ = writeln!(err, "archmodel merge: {e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = io::write_atomic(target, text.as_bytes()) {
        let _ = writeln!(err, "{}: cannot write: {e}", target.display());
        return EXIT_USAGE;
    }
    if merged.positions_kept > 0 {
        let _ = writeln!(
            out,
            "{}: {} node(s) moved on both sides keep our position",
            target.display(),
            merged.positions_kept
        );
    }
    if merged.conflicts.is_empty() {
        let _ = writeln!(out, "{}: merged cleanly", target.display());
        return EXIT_OK;
    }
    let _ = writeln!(
        err,
        "{}: {} merge conflict(s); the file holds our side of each:",
        target.display(),
        merged.conflicts.len()
    );
    list(&merged.conflicts, err);
    EXIT_FAILED
}

/// `1. node `orders` (name): both sides changed the same fields`
fn list(conflicts: &[Conflict], out: &mut dyn Write) {
    for (i, c) in conflicts.iter().enumerate() {
        let fields = if c.fields.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.fields.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}. {} `{}`{fields}: {}",
            i + 1,
            c.kind.label(),
            c.id,
            c.reason
        );
    }
}

/// Lists or resolves the conflicts in a file; returns the exit status.
pub fn run_resolve(args: &ResolveArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let name = args.file.display().to_string();
    let text = match io::read_text(&args.file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "{name}: {e}");
            return EXIT_USAGE;
        }
    };
    let mut file = match conflicts::parse(&text) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "{name}: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(&n) = args
        .only
        .iter()
        .find(|&&n| n == 0 || n > file.conflicts.len())
    {
        let _ = writeln!(
            err,
            "{name}: there is no conflict {n} (the file has {})",
            file.conflicts.len()
        );
        return EXIT_USAGE;
    }
    if let Some(take) = args.take {
        let side = match take {
            TakeArg::Ours => Side::Ours,
            TakeArg::Theirs => Side::Theirs,
        };
        match take_sides(&mut file, side, &args.only) {
            Ok(taken) => {
                let written = file.to_text().map_err(|e| e.to_string()).and_then(|t| {
                    io::write_atomic(&args.file, t.as_bytes()).map_err(|e| e.to_string())
                });
                if let Err(e) = written {
                    let _ = writeln!(err, "{name}: cannot write: {e}");
                    return EXIT_USAGE;
                }
                let _ = writeln!(
                    out,
                    "{name}: took {} for {taken} conflict(s)",
                    side_name(side)
                );
            }
            Err(e) => {
                let _ = writeln!(err, "{name}: {e} (the file was left unchanged)");
                return EXIT_USAGE;
            }
        }
    }
    if file.conflicts.is_empty() {
        let _ = writeln!(out, "{name}: no merge conflicts");
        EXIT_OK
    } else {
        let _ = writeln!(out, "{name}: {} merge conflict(s):", file.conflicts.len());
        list(&file.conflicts, out);
        EXIT_FAILED
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Ours => "ours",
        Side::Theirs => "theirs",
    }
}

fn take_sides(
    file: &mut Conflicted,
    side: Side,
    only: &[usize],
) -> Result<usize, conflicts::ConflictError> {
    file.resolve(|i, _| (only.is_empty() || only.contains(&(i + 1))).then_some(side))
}
