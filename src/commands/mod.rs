//! Every edit of a model is a [`Patch`] with an exact inverse; [`History`] applies, undoes and
//! redoes them and tracks whether the model differs from its file. The UI never mutates the model
//! any other way.

pub mod clipboard;
pub mod create;
pub mod edits;
pub mod fresh_ids;
mod history;
mod patch;

pub use clipboard::{Fragment, FragmentError, Pasted, paste};
pub use history::{History, MergeKey};
pub use patch::{Change, Delta, Meta, Patch};

#[cfg(test)]
mod tests;
