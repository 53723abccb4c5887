//! `layout`: lay a model out again (layered or force-directed, trust zones as clusters) and write
//! it back, or elsewhere.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_USAGE, files};
use crate::io;
use crate::layout::{self, Direction, Mode, Options};

/// Exit codes of `layout`.
pub const LAYOUT_EXIT_CODES: &str = "Exit status: 0 success; 1 the model is invalid (nothing is \
written); 2 usage error, or a file could not be read or written (the model file is unchanged).";

/// Arguments of `archmodel layout`.
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The model file to lay out.
    pub file: PathBuf,
    /// Where to write the laid-out model (`-` for standard output); by default the file itself.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Layered for request flows, force for peer meshes.
    #[arg(long, value_enum, default_value_t = ModeArg::Layered)]
    pub mode: ModeArg,
    /// Which way a layered layout flows: left to right, or top to bottom.
    #[arg(long, value_enum, default_value_t = DirectionArg::Lr)]
    pub direction: DirectionArg,
    /// Leave the nodes listed in the file's `layout.pinned` where they are.
    #[arg(long)]
    pub keep_pinned: bool,
}

/// `--mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Ranks along the flow of requests (client → gateway → server → store).
    Layered,
    /// Springs and repulsion, for peer meshes.
    Force,
}

/// `--direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// Left to right.
    Lr,
    /// Top to bottom.
    Tb,
}

/// Lays out the model and writes it; returns the exit status.
pub fn run(args: &LayoutArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut model = match io::load(&args.file) {
        Ok(m) => m,
        Err(e) => return files::report(&args.file, &e, err),
    };
    let options = Options {
        mode: match args.mode {
            ModeArg::Layered => Mode::Layered,
            ModeArg::Force => Mode::Force,
        },
        direction: match args.direction {
            DirectionArg::Lr => Direction::LeftRight,
            DirectionArg::Tb => Direction::TopBottom,
        },
        keep_pinned: args.keep_pinned,
    };
    let positions = layout::lay_out(&model, &options);
    let count = positions.len();
    model.layout.positions.extend(positions);
    let text = match io::to_string(&model) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", args.file.display());
            return EXIT_USAGE;
        }
    };
    let target = args.output.as_ref().unwrap_or(&args.file);
    if target.as_os_str() == "-" {
        let _ = out.write_all(text.as_bytes());
        return EXIT_OK;
    }
    if let Err(e) = io::write_atomic(target, text.as_bytes()) {
        let _ = writeln!(
            err,
            "{}: cannot write: {e} (nothing was changed)",
            target.display()
        );
        return EXIT_USAGE;
    }
    let _ = writeln!(out, "{}: laid out {count} nodes", target.display());
    EXIT_OK
}
