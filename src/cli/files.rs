//! `new`, `validate` and `fmt`: the subcommands that create, check and normalise model files.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Template, print_line};
use crate::io::{self, LoadError};

/// Creates `file` from a template; refuses to overwrite an existing file.
pub fn new(file: &Path, template: Template, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if file.exists() {
        print_line(
            err,
            format_args!(
                "{}: already exists; archmodel new never overwrites a file",
                file.display()
            ),
        );
        return EXIT_USAGE;
    }
    let Some(mut model) = crate::examples::template(template.name()) else {
        print_line(err, format_args!("no template named {}", template.name()));
        return EXIT_USAGE;
    };
    if template == Template::Empty
        && let Some(stem) = file.file_stem()
    {
        model.name = stem.to_string_lossy().into_owned();
    }
    match io::save(&model, file) {
        Ok(()) => {
            print_line(
                out,
                format_args!(
                    "created {} from template {}",
                    file.display(),
                    template.name()
                ),
            );
            EXIT_OK
        }
        Err(e) => {
            print_line(err, format_args!("{}: {e}", file.display()));
            EXIT_USAGE
        }
    }
}

/// Prints every problem of every file as `FILE:LINE:COL: message`.
pub fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        match load_clean(file) {
            Ok(model) => {
                print_line(
                    out,
                    format_args!(
                        "{}: valid ({} nodes, {} links, {} zones)",
                        file.display(),
                        model.node_count(),
                        model.link_count(),
                        model.zones.len()
                    ),
                );
            }
            Err(e) => status = status.max(report(file, &e, err)),
        }
    }
    status
}

/// Exit status and help text of `fmt`.
pub const FMT_EXIT_CODES: &str = "Exit status: 0 every file is in canonical form (or was \
rewritten); 1 a model is invalid, `--check` found a file to reformat, or a file has comments \
that formatting would drop (it is left untouched; pass --drop-comments to format it anyway); \
2 usage error, or a file could not be read or written.";

/// How `fmt` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct FmtOptions {
    /// Write nothing; name the files that would change.
    pub check: bool,
    /// Format files with comments too, dropping their comments.
    pub drop_comments: bool,
}

/// Rewrites files in canonical form, or with `check` only names those that would change. A
/// file with comments is left alone (the canonical form has none) unless `drop_comments`.
pub fn fmt(files: &[PathBuf], options: FmtOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        let result = io::read_text(file).and_then(|text| {
            // Writing the canonical form would drop the merge conflicts recorded in comments.
            refuse_conflicts(&text)?;
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
                print_line(err, format_args!("{}: {e}", file.display()));
                status = status.max(EXIT_USAGE);
                continue;
            }
        };
        if text == before {
            continue;
        }
        let comment = io::comments::first_comment(&before);
        let kept_back = comment.filter(|_| !options.drop_comments);
        if let Some(at) = kept_back {
            let count = io::comments::count(&before);
            print_line(
                err,
                format_args!(
                    "{}:{}:{}: the file has {count} comment{}, which the canonical form cannot keep; \
                     fmt leaves it untouched unless --drop-comments is given",
                    file.display(),
                    at.line,
                    at.col,
                    if count == 1 { "" } else { "s" }
                ),
            );
            status = status.max(EXIT_FAILED);
        }
        if options.check {
            print_line(
                out,
                format_args!("{}: would be reformatted", file.display()),
            );
            status = status.max(EXIT_FAILED);
        } else if kept_back.is_some() {
            // Reported above; the file stays as it is.
        } else if let Err(e) = io::write_atomic(file, text.as_bytes()) {
            print_line(
                err,
                format_args!(
                    "{}: cannot write: {e} (the file is unchanged)",
                    file.display()
                ),
            );
            status = status.max(EXIT_USAGE);
        } else if comment.is_some() {
            print_line(
                out,
                format_args!("{}: formatted (comments dropped)", file.display()),
            );
        } else {
            print_line(out, format_args!("{}: formatted", file.display()));
        }
    }
    status
}

/// Reads a model, counting unresolved merge conflicts as an error.
fn load_clean(file: &Path) -> Result<crate::model::Model, LoadError> {
    let text = io::read_text(file)?;
    refuse_conflicts(&text)?;
    io::parse(&text)
}

fn refuse_conflicts(text: &str) -> Result<(), LoadError> {
    match crate::diff::conflicts::diagnostic(text) {
        Some(d) => Err(LoadError::Invalid(vec![d])),
        None => Ok(()),
    }
}

/// Prints a load error as `FILE:LINE:COL: message` lines; returns the exit status it deserves.
pub(super) fn report(file: &Path, e: &LoadError, err: &mut dyn Write) -> u8 {
    match e {
        LoadError::Read(source) => {
            print_line(
                err,
                format_args!("{}: cannot read: {source}", file.display()),
            );
            EXIT_USAGE
        }
        LoadError::TooLarge { .. } => {
            print_line(err, format_args!("{}: {e}", file.display()));
            EXIT_FAILED
        }
        _ => {
            for d in e.diagnostics() {
                print_line(err, format_args!("{}:{d}", file.display()));
            }
            EXIT_FAILED
        }
    }
}
