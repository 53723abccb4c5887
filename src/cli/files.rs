//! `new`, `validate` and `fmt`: the subcommands that create, check and normalise model files.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Template};
use crate::io::{self, LoadError};

/// Creates `file` from a template; refuses to overwrite an existing file.
pub fn new(file: &Path, template: Template, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if file.exists() {
        let _ = writeln!(
            err,
            "{}: already exists; archmodel new never overwrites a file",
            file.display()
        );
        return EXIT_USAGE;
    }
    let Some(mut model) = crate::examples::template(template.name()) else {
        let _ = writeln!(err, "no template named {}", template.name());
        return EXIT_USAGE;
    };
    if template == Template::Empty
        && let Some(stem) = file.file_stem()
    {
        model.name = stem.to_string_lossy().into_owned();
    }
    match io::save(&model, file) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "created {} from template {}",
                file.display(),
                template.name()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", file.display());
            EXIT_USAGE
        }
    }
}

/// Prints every problem of every file as `FILE:LINE:COL: message`.
pub fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        match io::load(file) {
            Ok(model) => {
                let _ = writeln!(
                    out,
                    "{}: valid ({} nodes, {} links, {} zones)",
                    file.display(),
                    model.node_count(),
                    model.link_count(),
                    model.zones.len()
                );
            }
            Err(e) => status = status.max(report(file, &e, err)),
        }
    }
    status
}

/// Rewrites files in canonical form, or with `check` only names those that would change.
pub fn fmt(files: &[PathBuf], check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        let result = io::read_text(file).and_then(|text| {
            let model = io::parse(&text)?;
            Ok((text, model))
        });
        let (before, model) = match result {
            Ok(r) => r,
            Err(e) => {
                status = status.max(report(file, &e, err));
                continue;
            }
        };
        let text = match io::to_string(&model) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "{}: {e}", file.display());
                status = status.max(EXIT_USAGE);
                continue;
            }
        };
        if text == before {
            continue;
        }
        if check {
            let _ = writeln!(out, "{}: would be reformatted", file.display());
            status = status.max(EXIT_FAILED);
        } else if let Err(e) = io::write_atomic(file, text.as_bytes()) {
            let _ = writeln!(
                err,
                "{}: cannot write: {e} (the file is unchanged)",
                file.display()
            );
            status = status.max(EXIT_USAGE);
        } else {
            let _ = writeln!(out, "{}: formatted", file.display());
        }
    }
    status
}

/// Prints a load error as `FILE:LINE:COL: message` lines; returns the exit status it deserves.
pub(super) fn report(file: &Path, e: &LoadError, err: &mut dyn Write) -> u8 {
    match e {
        LoadError::Read(source) => {
            let _ = writeln!(err, "{}: cannot read: {source}", file.display());
            EXIT_USAGE
        }
        LoadError::TooLarge { .. } => {
            let _ = writeln!(err, "{}: {e}", file.display());
            EXIT_FAILED
        }
        _ => {
            for d in e.diagnostics() {
                let _ = writeln!(err, "{}:{d}", file.display());
            }
            EXIT_FAILED
        }
    }
}
