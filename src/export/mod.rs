//! Exports for docs: diagrams (SVG, PNG, Mermaid, Graphviz DOT, PlantUML), the architecture ADR,
//! decision records and the rollout runbook. One file per output format.
//!
//! Every exporter is a pure function of the model (and options) that returns the output in
//! memory, so a caller can render everything first and write nothing when anything fails. SVG
//! and PNG paint the same [`crate::scene::Scene`] as the canvas.

pub mod adr;
mod adr_sections;
pub mod compat;
pub mod decisions;
pub mod dot;
pub mod escape;
pub mod folder;
mod fonts;
mod labels;
mod legend;
pub(crate) mod markdown;
pub mod mermaid;
pub mod openapi;
pub mod otm;
pub mod plantuml;
pub mod png;
pub mod runbook;
mod subset;
pub mod svg;
mod tree;

use std::path::PathBuf;

pub use subset::subset;

use crate::model::{Link, NodeKind, StoreKind};

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--zone` named a zone the model does not have.
    #[error("there is no trust zone `{0}` in the model")]
    NoSuchZone(String),
    /// Cutting the model down to one zone broke an invariant (a bug, reported rather than hidden).
    #[error("cannot cut the model down to one zone: {0}")]
    Subset(String),
    /// The PNG would need more pixels than can be held in memory.
    #[error(
        "the PNG would be {width} × {height} pixels, more than the {limit} pixels allowed; \
         use a smaller --scale or export SVG"
    )]
    ImageTooLarge {
        /// Width asked for.
        width: u64,
        /// Height asked for.
        height: u64,
        /// Largest pixel count allowed.
        limit: u64,
    },
    /// The scale is not a positive, finite number.
    #[error("the scale must be a number above 0, found {0}")]
    BadScale(f32),
    /// Rasterizing or encoding the PNG failed.
    #[error("cannot render the PNG: {0}")]
    Render(String),
    /// A file in the export folder that archmodel did not write is in the way.
    #[error(
        "{0} exists and was not written by archmodel; move it away or export to another folder \
         (nothing was written)"
    )]
    Foreign(PathBuf),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A short description of a node kind with its details ("client, web, thick, offline-first").
pub fn kind_summary(kind: &NodeKind) -> String {
    let details: Vec<String> = match kind {
        NodeKind::Client {
            platform,
            thickness,
            offline_first,
        } => {
            let mut d = vec![
                format!("{platform:?}").to_lowercase(),
                format!("{thickness:?}").to_lowercase(),
            ];
            if *offline_first {
                d.push("offline-first".into());
            }
            d
        }
        NodeKind::Server { role } => vec![format!("{role:?}").to_lowercase()],
        NodeKind::Peer { platform } => vec![format!("{platform:?}").to_lowercase()],
        NodeKind::Gateway { role } => vec![format!("{role:?}").to_lowercase()],
        NodeKind::Store {
            kind,
            encrypted_at_rest,
        } => vec![
            store_kind_label(*kind).into(),
            if *encrypted_at_rest {
                "encrypted at rest".into()
            } else {
                "not encrypted at rest".into()
            },
        ],
        NodeKind::Cdn | NodeKind::External | NodeKind::Actor => Vec::new(),
    };
    let mut out = kind.label().to_owned();
    for d in details {
        out.push_str(", ");
        out.push_str(&d);
    }
    out
}

fn store_kind_label(kind: StoreKind) -> &'static str {
    match kind {
        StoreKind::Relational => "relational",
        StoreKind::Document => "document",
        StoreKind::KeyValue => "key-value",
        StoreKind::Cache => "cache",
        StoreKind::Queue => "queue",
        StoreKind::Object => "object",
    }
}

/// The caption a diagram puts on a link: its protocol, then its own label if it has one, joined
/// by ` · ` as on the canvas.
pub fn link_caption(link: &Link) -> String {
    let protocol = escape::one_line(link.protocol.label());
    let label = escape::one_line(&link.label);
    if label.is_empty() {
        protocol
    } else {
        format!("{protocol} · {label}")
    }
}
