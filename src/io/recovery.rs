//! Recovery files: while a model has unsaved edits the app writes it here every few seconds, so a
//! crash or a killed process loses at most those seconds. A clean save or close removes the file.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{LoadError, SaveError, parse, to_string, write_atomic};
use crate::model::Model;

/// The first line of a recovery file starts with this, followed by JSON [`Header`].
const MARK: &str = "// archmodel-recovery ";

/// What a recovery file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    original: Option<PathBuf>,
    pid: u32,
    time: u64,
}

/// A recovery file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file itself.
    pub path: PathBuf,
    /// The model file the edits belong to (`None` for a model never saved).
    pub original: Option<PathBuf>,
    /// When it was written, in seconds since the Unix epoch.
    pub time: u64,
}

/// The folder that holds recovery files.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// A store in the given folder (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The per-user store: `$ARCHMODEL_RECOVERY_DIR`, else the platform's state/data folder.
    pub fn default_location() -> Option<Self> {
        if let Some(dir) = std::env::var_os("ARCHMODEL_RECOVERY_DIR") {
            return Some(Self::new(dir));
        }
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let base = if cfg!(windows) {
            env("LOCALAPPDATA")
        } else if cfg!(target_os = "macos") {
            env("HOME").map(|h| h.join("Library/Application Support"))
        } else {
            env("XDG_STATE_HOME").or_else(|| env("HOME").map(|h| h.join(".local/state")))
        };
        base.map(|b| Self::new(b.join("archmodel").join("recovery")))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The recovery file for a model: one per original file, or one per untitled model and session.
    pub fn slot(&self, original: Option<&Path>, untitled_session: u64) -> PathBuf {
        let name = match original {
            Some(p) => {
                let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
                format!("{:016x}.ron", fnv1a(p.to_string_lossy().as_bytes()))
            }
            None => format!("untitled-{}-{untitled_session}.ron", std::process::id()),
        };
        self.dir.join(name)
    }

    /// Writes the model to its recovery slot, atomically.
    pub fn write(
        &self,
        slot: &Path,
        original: Option<&Path>,
        model: &Model,
    ) -> Result<(), SaveError> {
        let header = Header {
            original: original.map(Path::to_owned),
            pid: std::process::id(),
            time: now(),
        };
        let json =
            serde_json::to_string(&header).map_err(|e| SaveError::Serialize(e.to_string()))?;
        let text = format!("{MARK}{json}\n{}", to_string(model)?);
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            write_atomic(slot, text.as_bytes())
        };
        write().map_err(|source| SaveError::Write {
            path: slot.to_owned(),
            source,
        })
    }

    /// Removes a recovery file (after a save or a clean close); a missing file is fine.
    pub fn discard(&self, slot: &Path) {
        let _ = std::fs::remove_file(slot);
    }

    /// Recovery files left by sessions that are no longer running, newest first.
    pub fn orphans(&self) -> Vec<Recovery> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recovery> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter_map(|path| {
                let header = read_header(&path)?;
                let live = header.pid != std::process::id() && process_alive(header.pid);
                let ours = header.pid == std::process::id();
                (!live && !ours).then_some(Recovery {
                    path,
                    original: header.original,
                    time: header.time,
                })
            })
            .collect();
        found.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.path.cmp(&b.path)));
        found
    }

    /// Loads the model saved in a recovery file.
    pub fn load(&self, recovery: &Recovery) -> Result<Model, LoadError> {
        let text = super::read_text(&recovery.path)?;
        // The header is a RON comment, so the whole text parses as a model file.
        parse(&text)
    }
}

fn read_header(path: &Path) -> Option<Header> {
    use std::io::{BufRead, BufReader};
    let file = std::fs::File::open(path).ok()?;
    let mut line = String::new();
    BufReader::new(file)
        .take(64 * 1024)
        .read_line(&mut line)
        .ok()?;
    serde_json::from_str(line.strip_prefix(MARK)?.trim_end()).ok()
}

/// Whether a process with this id is running (Linux: `/proc`; elsewhere assume it is not).
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// FNV-1a: a stable hash, so a file maps to the same slot in every session and build.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, NodeKind};

    #[test]
    fn written_recovery_loads_back_and_is_ours_until_the_process_ends() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("rec"));
        let mut model = Model::new("Draft");
        model
            .add_node(Node::new("a", "A", NodeKind::Actor))
            .unwrap();
        let original = dir.path().join("m.ron");
        let slot = store.slot(Some(&original), 0);
        store.write(&slot, Some(&original), &model).unwrap();
        // Our own live session's file is not offered for recovery.
        assert!(store.orphans().is_empty());

        // A file from a process that is gone is an orphan.
        let text = std::fs::read_to_string(&slot).unwrap();
        let dead = text.replacen(
            &format!("\"pid\":{}", std::process::id()),
            "\"pid\":4294967",
            1,
        );
        std::fs::write(&slot, dead).unwrap();
        let orphans = store.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].original.as_deref(), Some(original.as_path()));
        assert_eq!(store.load(&orphans[0]).unwrap(), model);
        store.discard(&slot);
        assert!(store.orphans().is_empty());
    }

    #[test]
    fn slots_are_stable_per_file() {
        let store = RecoveryStore::new("/tmp/x");
        let a = store.slot(Some(Path::new("/no/such/a.ron")), 0);
        assert_eq!(a, store.slot(Some(Path::new("/no/such/a.ron")), 5));
        assert_ne!(a, store.slot(Some(Path::new("/no/such/b.ron")), 0));
        assert_ne!(store.slot(None, 1), store.slot(None, 2));
    }
}
