//! Reading and writing model files: RON text, format versions, errors with locations, atomic saves.

pub mod atomic;
pub mod comments;
pub mod locate;
pub mod recovery;
pub mod staging;
mod v1;

use std::fmt;
use std::path::{Path, PathBuf};

use ron::ser::PrettyConfig;

pub use atomic::write_atomic;
pub use locate::Position;
pub use staging::{FileError, StagedSet};

use crate::model::{Model, ModelData};

/// The format version this build writes, and the newest it reads.
pub const FORMAT: u32 = 1;

/// The largest file opened, in bytes; a 10,000-node model is a few megabytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How deeply values may nest; real files nest about six levels.
const RECURSION_LIMIT: usize = 64;

/// One problem in a model file, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub position: Position,
    /// The path of the field (`nodes[3].kind`), empty when the problem is not in one field.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.position.line, self.position.col)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Why a model file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes; models up to {limit} bytes can be opened")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file was written by a newer archmodel.
    #[error("{}:{}: {}", position.line, position.col, newer_message(*found, *supported))]
    NewerFormat {
        /// The format number in the file.
        found: u64,
        /// The newest format this build reads.
        supported: u32,
        /// Where the number is.
        position: Position,
    },
    /// The text is not a valid model: syntax, types or broken invariants.
    #[error("{}", join_lines(.0))]
    Invalid(Vec<Diagnostic>),
}

fn newer_message(found: u64, supported: u32) -> String {
    format!(
        "this model is in format {found}, newer than format {supported} which this archmodel reads; \
         open it with a newer archmodel (the file was left untouched)"
    )
}

fn join_lines(d: &[Diagnostic]) -> String {
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl LoadError {
    /// The problems as located diagnostics (one for errors that are not about a place in the text).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Invalid(d) => d.clone(),
            LoadError::NewerFormat {
                found,
                supported,
                position,
            } => vec![Diagnostic {
                position: *position,
                path: "format".into(),
                message: newer_message(*found, *supported),
            }],
            other => vec![Diagnostic {
                position: Position::START,
                path: String::new(),
                message: other.to_string(),
            }],
        }
    }
}

/// Why a model could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing or renaming failed; the previous file is unchanged.
    #[error("cannot save to {path}: {source} (the previous file is unchanged)")]
    Write {
        /// The target file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Serializing failed (not expected for a valid model).
    #[error("cannot write the model as RON: {0}")]
    Serialize(String),
}

/// The byte-order mark some editors put at the start of UTF-8 text.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// Parses model text, checking the format version, the syntax, the types and every invariant.
pub fn parse(text: &str) -> Result<Model, LoadError> {
    let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: text.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let data = parse_data(text)?;
    Model::from_data(data).map_err(|problems| {
        let more = problems.len().saturating_sub(MAX_DIAGNOSTICS);
        // Locating a problem reads the text up to it: a few hundred are located, not 50,000.
        let mut shown: Vec<Diagnostic> = problems
            .into_iter()
            .take(MAX_DIAGNOSTICS)
            .map(|p| Diagnostic {
                position: locate::locate(text, &p.path).unwrap_or(Position::START),
                path: p.path,
                message: p.message,
            })
            .collect();
        if more > 0 {
            let last = shown.last().map_or(Position::START, |d| d.position);
            shown.push(Diagnostic {
                position: last,
                path: String::new(),
                message: format!("and {more} more problems; fix these first"),
            });
        }
        LoadError::Invalid(shown)
    })
}

/// The most problems of one file reported one by one.
const MAX_DIAGNOSTICS: usize = 200;

/// Parses model text into plain data in file order, migrating older formats; checks no invariants.
///
/// A leading UTF-8 byte-order mark (as some Windows editors write) is skipped: it is not part of
/// the text, and the next save leaves it out.
pub fn parse_data(text: &str) -> Result<ModelData, LoadError> {
    let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
    match locate::format_field(text) {
        Some((Some(found), position)) if found > u64::from(FORMAT) => {
            return Err(LoadError::NewerFormat {
                found,
                supported: FORMAT,
                position,
            });
        }
        Some((Some(found), position)) if found < 1 => {
            return Err(invalid(
                position,
                "format",
                format!("format {found} was never written by archmodel; expected 1 to {FORMAT}"),
            ));
        }
        // Each older format gets an arm here that parses its own shape and migrates it forward.
        _ => {}
    }
    parse_v1(text)
}

fn invalid(position: Position, path: &str, message: String) -> LoadError {
    LoadError::Invalid(vec![Diagnostic {
        position,
        path: path.into(),
        message,
    }])
}

fn parse_v1(text: &str) -> Result<ModelData, LoadError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let mut de = ron::Deserializer::from_str_with_options(text, &options)
        .map_err(|e| invalid(to_position(e.span.start), "", describe(&e.code)))?;
    // Path tracking costs a sixth of the parse, so it runs only to explain an error.
    let file: v1::FileV1 = match serde::Deserialize::deserialize(&mut de) {
        Ok(f) => f,
        Err(_) => return Err(explain_v1_error(text, &options)),
    };
    if let Err(code) = de.end() {
        let span = de.span_error(code.clone()).span;
        return Err(invalid(
            to_position(span.start),
            "",
            "unexpected text after the end of the model".into(),
        ));
    }
    if file.format != FORMAT {
        let position = locate::locate(text, "format").unwrap_or(Position::START);
        return Err(invalid(
            position,
            "format",
            format!("expected format {FORMAT}, found {}", file.format),
        ));
    }
    Ok(file.into())
}

/// Parses again with field-path tracking to say where and what the error is.
fn explain_v1_error(text: &str, options: &ron::Options) -> LoadError {
    let mut de = match ron::Deserializer::from_str_with_options(text, options) {
        Ok(de) => de,
        Err(e) => return invalid(to_position(e.span.start), "", describe(&e.code)),
    };
    let (path, code) = match serde_path_to_error::deserialize::<_, v1::FileV1>(&mut de) {
        Ok(_) => return invalid(Position::START, "", "the model could not be read".into()),
        Err(e) => (clean_path(&e.path().to_string()), e.into_inner()),
    };
    let span = de.span_error(code.clone()).span;
    let position = to_position(span.start);
    // An error where only whitespace follows means the text was cut off, whatever RON expected.
    let rest = text.len().saturating_sub(de.remainder().len());
    let message = if text[rest.min(text.len())..].trim().is_empty() {
        format!(
            "the file ends too early: a value or closing bracket is missing ({})",
            describe(&code)
        )
    } else {
        describe(&code)
    };
    invalid(position, &path, message)
}

/// Drops the `?` placeholders serde_path_to_error uses for unknown steps.
fn clean_path(path: &str) -> String {
    path.split('.')
        .filter(|seg| !seg.is_empty() && *seg != "?")
        .collect::<Vec<_>>()
        .join(".")
}

fn to_position(p: ron::error::Position) -> Position {
    Position {
        line: p.line.max(1),
        col: p.col.max(1),
    }
}

/// Words for a RON error, phrased as what was expected.
fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => format!(
            "values nest more than {RECURSION_LIMIT} levels deep; a model file never needs that many"
        ),
        ron::Error::Eof => "the file ends too early: a bracket or value is missing".into(),
        other => {
            // The file's top-level value is a model, not a type of this program.
            let s = other
                .to_string()
                .replace("struct `FileV1`", "the model")
                .replace("`FileV1`", "the model");
            let mut chars = s.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => s,
            }
        }
    }
}

/// Reads and parses a model file.
pub fn load(path: &Path) -> Result<Model, LoadError> {
    parse(&read_text(path)?)
}

/// Reads a file as model text, refusing files over [`MAX_FILE_BYTES`] and text that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        invalid(
            locate::position_of(&valid, at),
            "",
            "the file is not UTF-8 text".into(),
        )
    })
}

/// The model as canonical RON text: sorted by id, layout last, byte-identical for equal models.
pub fn to_string(model: &Model) -> Result<String, SaveError> {
    data_to_string(model.to_data())
}

/// Plain data as canonical RON text (sorting it first).
pub fn data_to_string(mut data: ModelData) -> Result<String, SaveError> {
    data.sort();
    let config = PrettyConfig::new()
        .depth_limit(4)
        .indentor("    ".to_owned())
        .separate_tuple_members(false)
        .struct_names(false);
    let file: v1::FileV1 = data.into();
    let mut text = ron::ser::to_string_pretty(&file, config)
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Saves the model atomically: an interrupted save never leaves a half-written file.
pub fn save(model: &Model, path: &Path) -> Result<(), SaveError> {
    let text = to_string(model)?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Write {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests;
