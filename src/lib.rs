//! archmodel: model client-server and peer-to-peer architectures, review them against the
//! paradigm, and export diagrams and decision records.
//!
//! The core (`model`, `io`, `cli`) has no UI dependency; `ui` (feature `gui`) is the desktop app.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod examples;
pub mod export;
pub mod generate;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod scene;
#[cfg(feature = "gui")]
pub mod ui;
