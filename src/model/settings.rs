//! Per-model settings: the thresholds the review rules use.

use serde::{Deserialize, Serialize};

/// Per-model review thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// A client talking directly to this many servers or more is chatty.
    #[serde(default = "default_chatty_servers")]
    pub chatty_client_servers: u32,
    /// A link making this many calls per user action or more is chatty.
    #[serde(default = "default_chatty_calls")]
    pub chatty_calls_per_action: u32,
}

fn default_chatty_servers() -> u32 {
    4
}

fn default_chatty_calls() -> u32 {
    5
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            chatty_client_servers: default_chatty_servers(),
            chatty_calls_per_action: default_chatty_calls(),
        }
    }
}
