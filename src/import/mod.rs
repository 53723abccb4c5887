//! Imports: models made in other tools brought in as archmodel models. One file per format.
//!
//! Every importer is a pure function from the source text to an [`Imported`] model plus the list
//! of what it could not map, never a silent loss. Ids are slugs of the names (unique), positions
//! come from the source where it has them, and the result passed every model invariant.
//! Hostile input gets an [`ImportError`], never a panic.

mod builder;
pub mod mermaid;
pub mod otm;
pub mod structurizr;
pub mod threat_dragon;

use std::fmt;

pub use builder::zone_kind_from_name;

use crate::model::{Model, Problem};

/// Largest source accepted, in bytes (as for model files).
pub const MAX_SOURCE_BYTES: usize = crate::io::MAX_FILE_BYTES as usize;

/// A format archmodel can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
    /// Open Threat Model (OTM) JSON.
    Otm,
    /// A Mermaid flowchart (subgraphs as trust zones).
    Mermaid,
    /// Structurizr DSL (the common subset).
    Structurizr,
}

impl Format {
    /// Every importable format.
    pub const ALL: [Format; 4] = [
        Format::ThreatDragon,
        Format::Otm,
        Format::Mermaid,
        Format::Structurizr,
    ];

    /// The name used on the command line (`threat-dragon`, `otm`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::ThreatDragon => "threat-dragon",
            Format::Otm => "otm",
            Format::Mermaid => "mermaid",
            Format::Structurizr => "structurizr",
        }
    }

    /// The name people know the format by.
    pub fn title(self) -> &'static str {
        match self {
            Format::ThreatDragon => "OWASP Threat Dragon v2 JSON",
            Format::Otm => "Open Threat Model (OTM) JSON",
            Format::Mermaid => "Mermaid flowchart",
            Format::Structurizr => "Structurizr DSL",
        }
    }

    /// The format a source text is in, judged from its start: JSON with `summary` and `detail`
    /// is Threat Dragon, JSON with `otmVersion` is OTM, `flowchart`/`graph` is Mermaid and
    /// `workspace` is Structurizr.
    pub fn sniff(text: &str) -> Option<Format> {
        let body = skip_preamble(text);
        if body.starts_with('{') {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            let obj = value.as_object()?;
            if obj.contains_key("otmVersion") {
                return Some(Format::Otm);
            }
            if obj.contains_key("summary") && obj.contains_key("detail") {
                return Some(Format::ThreatDragon);
            }
            return None;
        }
        let word: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match word.as_str() {
            "flowchart" | "graph" => Some(Format::Mermaid),
            "workspace" => Some(Format::Structurizr),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = ImportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or(ImportError::UnknownFormat)
    }
}

/// The text after a byte-order mark, blank lines and comments (`%%` Mermaid, `//` or `#`
/// Structurizr), so sniffing looks at the first statement.
fn skip_preamble(text: &str) -> &str {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(block) = rest.strip_prefix("/*") {
            rest = block.split_once("*/").map_or("", |(_, after)| after);
            continue;
        }
        let comment = ["%%", "//", "#"].iter().find(|c| rest.starts_with(**c));
        let Some(_) = comment else { return rest };
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
}

/// Something in the source that has no place in the model, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// Where it is in the source: an element's name or id, or a line number.
    pub source: String,
    /// What was left out or changed, and why.
    pub reason: String,
}

impl fmt::Display for Unmapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// A model brought in from another format, with the list of what could not be mapped.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The format it came from.
    pub format: Format,
    /// The model; it passed every invariant.
    pub model: Model,
    /// Everything the importer left out or had to guess, in source order.
    pub unmapped: Vec<Unmapped>,
}

/// Why a source could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The format was not given and could not be told from the text.
    #[error(
        "cannot tell the format: expected Threat Dragon v2 JSON (`summary` and `detail`), \
         OTM JSON (`otmVersion`), a Mermaid flowchart (`flowchart LR`) or a Structurizr workspace \
         (`workspace {{`); name it with --from threat-dragon|otm|mermaid|structurizr"
    )]
    UnknownFormat,
    /// The source is larger than [`MAX_SOURCE_BYTES`].
    #[error("the source is {size} bytes, more than the {limit} bytes allowed")]
    TooLarge {
        /// Size of the source.
        size: usize,
        /// Largest size accepted.
        limit: usize,
    },
    /// The source is not valid JSON.
    #[error("line {line}, column {column}: not valid JSON: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The source is not in the shape the format requires.
    #[error("{at}: {message}")]
    Shape {
        /// Where: a line (`line 3`) or a JSON path (`detail.diagrams`).
        at: String,
        /// What was expected.
        message: String,
    },
    /// The source file could not be read, or is not UTF-8 text.
    #[error("{0}")]
    Read(String),
    /// The imported model broke an invariant (a bug in the importer, reported, never hidden).
    #[error("the imported model is not valid: {}", list(.0))]
    Invalid(Vec<Problem>),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl ImportError {
    fn shape(at: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError::Shape {
            at: at.into(),
            message: message.into(),
        }
    }

    fn json(e: &serde_json::Error) -> Self {
        ImportError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}

/// Imports `text` in `format`, or in the format [`Format::sniff`] finds when none is given.
pub fn import(text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(ImportError::TooLarge {
            size: text.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let format = match format {
        Some(f) => f,
        None => Format::sniff(text).ok_or(ImportError::UnknownFormat)?,
    };
    let (model, unmapped) = match format {
        Format::ThreatDragon => threat_dragon::import(text)?,
        Format::Otm => otm::import(text)?,
        Format::Mermaid => mermaid::import(text)?,
        Format::Structurizr => structurizr::import(text)?,
    };
    Ok(Imported {
        format,
        model,
        unmapped,
    })
}

/// Reads a source file as text, refusing files over [`MAX_SOURCE_BYTES`] and text that is not
/// UTF-8.
pub fn read_source(path: &std::path::Path) -> Result<String, ImportError> {
    let cannot = |e: std::io::Error| ImportError::Read(format!("cannot read: {e}"));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_SOURCE_BYTES as u64 {
        return Err(ImportError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|e| {
        ImportError::Read(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses JSON with serde_json's nesting limit, mapping errors to [`ImportError::Json`].
fn parse_json(text: &str) -> Result<serde_json::Value, ImportError> {
    serde_json::from_str(text).map_err(|e| ImportError::json(&e))
}

#[cfg(test)]
mod tests;
