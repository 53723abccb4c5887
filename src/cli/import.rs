//! `import`: a model made in another tool (Threat Dragon, OTM, Mermaid, Structurizr) written as
//! an archmodel model, with everything that could not be mapped listed on standard error.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_USAGE};
use crate::import::{self, Format, Imported};
use crate::io;

/// Exit status and help text of `import`.
pub const IMPORT_EXIT_CODES: &str = "Exit status: 0 the model was written (what could not be \
mapped is listed on standard error); 2 the source could not be read or imported, or the output \
exists (use --force): then nothing is written.";

/// Arguments of `archmodel import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Where to write the model (`.ron`); without it the model goes to standard output.
    #[arg(short, long, value_name = "OUT.ron")]
    pub output: Option<PathBuf>,
    /// The source format; without it the format is told from the file's content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<FromArg>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The `--from` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
    /// Open Threat Model JSON.
    Otm,
    /// Mermaid flowchart.
    Mermaid,
    /// Structurizr DSL.
    Structurizr,
}

impl From<FromArg> for Format {
    fn from(arg: FromArg) -> Format {
        match arg {
            FromArg::ThreatDragon => Format::ThreatDragon,
            FromArg::Otm => Format::Otm,
            FromArg::Mermaid => Format::Mermaid,
            FromArg::Structurizr => Format::Structurizr,
        }
    }
}

/// Runs `import`; returns the exit status.
pub fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match import_file(args, out, err) {
        Ok(()) => EXIT_OK,
        Err(message) => {
            let _ = writeln!(err, "archmodel import: {message}");
            EXIT_USAGE
        }
    }
}

fn import_file(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), String> {
    let source = args.file.display();
    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if let Some(path) = target {
        if path.is_dir() {
            return Err(format!("{} is a folder, not a file", path.display()));
        }
        if path.exists() && !args.force {
            return Err(format!(
                "{} exists; use --force to replace it (nothing was written)",
                path.display()
            ));
        }
    }
    let text = import::read_source(&args.file).map_err(|e| format!("{source}: {e}"))?;
    let imported =
        import::import(&text, args.from.map(Format::from)).map_err(|e| format!("{source}: {e}"))?;
    let model_text = io::to_string(&imported.model).map_err(|e| format!("{source}: {e}"))?;
    report(args, &imported, err);
    match target {
        Some(path) => {
            io::write_atomic(path, model_text.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            let _ = writeln!(
                out,
                "wrote {} from {} ({} nodes, {} links, {} zones; {} items not mapped)",
                path.display(),
                imported.format.title(),
                imported.model.node_count(),
                imported.model.link_count(),
                imported.model.zones.len(),
                imported.unmapped.len()
            );
        }
        None => out
            .write_all(model_text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}"))?,
    }
    Ok(())
}

/// Lists what could not be mapped, one line each, so nothing is lost silently.
fn report(args: &ImportArgs, imported: &Imported, err: &mut dyn Write) {
    for u in &imported.unmapped {
        let _ = writeln!(err, "{}: not mapped: {u}", args.file.display());
    }
}
