//! Automatic layout: where nodes go so the diagram reads at a glance and never lies about trust
//! boundaries.

pub(crate) mod separate;
