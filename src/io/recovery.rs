//! Recovery files: while a model has unsaved edits the app writes it here every few seconds, so a
//! crash or a killed process loses at most those seconds. A clean save or close removes the file.
//!
//! Each window (each [`Slot`]) has a recovery file of its own, named after the process and a
//! number, never after the model: two windows on one model never share a file, so one saving
//! cannot delete the other's unsaved work. The window holds a lock on `NAME.ron.lock` while it
//! lives; the lock goes with the process, so a file whose lock is free belongs to a window that
//! is gone (crashed, killed, or from before a reboot), whatever process ids are in use now.
//! Files without a lock file (written by older versions) are judged by the process id, start
//! time and boot id in their header.

use std::fs::{self, File};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{LoadError, SaveError, parse, to_string, write_atomic};
use crate::model::Model;

/// The first line of a recovery file starts with this, followed by JSON [`Header`].
const MARK: &str = "// archmodel-recovery ";

/// Lock files younger than this are left alone even without a recovery file: a window may be
/// between taking its lock and writing its first file.
const LONE_LOCK_GRACE: Duration = Duration::from_secs(60);

/// Numbers the slots of this process.
static NEXT_SLOT: AtomicU64 = AtomicU64::new(0);

/// What a recovery file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    original: Option<PathBuf>,
    pid: u32,
    time: u64,
    /// When the writing process started (clock ticks since boot, Linux), to tell a reused pid.
    #[serde(default)]
    start: Option<u64>,
    /// The boot the writing process ran in (Linux), to tell a pid from before a reboot.
    #[serde(default)]
    boot: Option<String>,
}

/// A recovery file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file itself.
    pub path: PathBuf,
    /// The model file the edits belong to (`None` for a model never saved, or when unreadable).
    pub original: Option<PathBuf>,
    /// When it was written, in seconds since the Unix epoch.
    pub time: u64,
    /// Why its header cannot be read, when it cannot: the file may still hold unsaved work, so
    /// it is reported, not skipped.
    pub problem: Option<String>,
}

/// The recovery file of one window, with the lock that marks it as in use.
#[derive(Debug)]
pub struct Slot {
    path: PathBuf,
    lock_path: PathBuf,
    /// Held for as long as the slot lives; closing it (or the process ending) frees the lock.
    _lock: File,
}

impl Slot {
    /// The recovery file.
    pub fn path(&self) -> &Path {
        &self.path
    }
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

    /// A new recovery file for one window, locked as in use until the slot is dropped.
    pub fn claim(&self) -> Result<Slot, SaveError> {
        let fail = |source| SaveError::Write {
            path: self.dir.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(fail)?;
        loop {
            let n = NEXT_SLOT.fetch_add(1, Ordering::Relaxed);
            let name = format!("{}-{n}.ron", std::process::id());
            let path = self.dir.join(&name);
            let lock_path = lock_path_of(&path);
            if path.exists() {
                // Left by an earlier process with the same id: not ours to take over.
                continue;
            }
            let lock = match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail(e)),
            };
            lock.try_lock().map_err(|e| fail(e.into()))?;
            return Ok(Slot {
                path,
                lock_path,
                _lock: lock,
            });
        }
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
            start: process_start(std::process::id()),
            boot: boot_id(),
        };
        let json =
            serde_json::to_string(&header).map_err(|e| SaveError::Serialize(e.to_string()))?;
        let text = format!("{MARK}{json}\n{}", to_string(model)?);
        let write = || -> std::io::Result<()> {
            fs::create_dir_all(&self.dir)?;
            write_atomic(slot, text.as_bytes())
        };
        write().map_err(|source| SaveError::Write {
            path: slot.to_owned(),
            source,
        })
    }

    /// Removes a slot's recovery file (after a save or a clean close); a missing file is fine.
    pub fn discard(&self, slot: &Path) {
        let _ = fs::remove_file(slot);
    }

    /// Gives up a slot: its recovery file and its lock go.
    pub fn release(&self, slot: Slot) {
        let _ = fs::remove_file(&slot.path);
        let _ = fs::remove_file(&slot.lock_path);
    }

    /// Removes a recovery file left by an earlier session, with its lock file.
    pub fn discard_orphan(&self, recovery: &Recovery) {
        let _ = fs::remove_file(&recovery.path);
        let _ = fs::remove_file(lock_path_of(&recovery.path));
    }

    /// Recovery files whose window is gone, newest first; files whose header cannot be read
    /// are among them, with the reason in [`Recovery::problem`].
    ///
    /// Files written by this very process are left out: its windows are running or were
    /// closed (the desktop app runs one window per process; tests run many in one).
    pub fn orphans(&self) -> Vec<Recovery> {
        let me = (
            std::process::id(),
            process_start(std::process::id()),
            boot_id(),
        );
        self.scan()
            .into_iter()
            .filter(|r| r.writer.as_ref() != Some(&me))
            .map(|r| r.recovery)
            .collect()
    }

    /// Every recovery file whose lock is free, with who wrote it.
    fn scan(&self) -> Vec<Found> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        let mut found: Vec<Found> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter_map(|path| orphan(path))
            .collect();
        for lock in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "lock"))
        {
            remove_lone_lock(lock);
        }
        found.sort_by(|a, b| {
            let (a, b) = (&a.recovery, &b.recovery);
            b.time.cmp(&a.time).then_with(|| a.path.cmp(&b.path))
        });
        found
    }

    /// Loads the model saved in a recovery file.
    pub fn load(&self, recovery: &Recovery) -> Result<Model, LoadError> {
        let text = super::read_text(&recovery.path)?;
        // The header is a RON comment, so the whole text parses as a model file.
        parse(&text)
    }
}

/// `NAME.ron.lock` beside `NAME.ron`.
fn lock_path_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// A recovery file with a free lock, and the process that wrote it (when its header says).
struct Found {
    recovery: Recovery,
    writer: Option<(u32, Option<u64>, Option<String>)>,
}

/// The recovery file as an orphan, or `None` when its window is still running.
fn orphan(path: &Path) -> Option<Found> {
    let header = read_header(path);
    let live = match lock_state(&lock_path_of(path)) {
        LockState::Held => true,
        LockState::Free => false,
        LockState::Missing => header.as_ref().is_ok_and(writer_alive),
    };
    if live {
        return None;
    }
    Some(match header {
        Ok(h) => Found {
            writer: Some((h.pid, h.start, h.boot.clone())),
            recovery: Recovery {
                path: path.to_owned(),
                original: h.original,
                time: h.time,
                problem: None,
            },
        },
        Err(problem) => Found {
            writer: None,
            recovery: Recovery {
                path: path.to_owned(),
                original: None,
                time: modified_secs(path),
                problem: Some(problem),
            },
        },
    })
}

enum LockState {
    Held,
    Free,
    Missing,
}

fn lock_state(lock: &Path) -> LockState {
    match File::open(lock) {
        Ok(f) => match f.try_lock_shared() {
            Ok(()) => LockState::Free,
            Err(_) => LockState::Held,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => LockState::Missing,
        // A lock file we cannot open: play safe and treat the window as running.
        Err(_) => LockState::Held,
    }
}

/// Removes a lock file with no recovery file and no holder, once it is old enough.
fn remove_lone_lock(lock: &Path) {
    let ron = lock.with_extension("");
    let old = fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age >= LONE_LOCK_GRACE);
    if old && !ron.exists() && matches!(lock_state(lock), LockState::Free) {
        let _ = fs::remove_file(lock);
    }
}

/// The header of a recovery file, or what is wrong with it.
fn read_header(path: &Path) -> Result<Header, String> {
    use std::io::{BufRead, BufReader};
    let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut line = String::new();
    BufReader::new(file)
        .take(64 * 1024)
        .read_line(&mut line)
        .map_err(|e| format!("cannot read it: {e}"))?;
    let json = line
        .strip_prefix(MARK)
        .ok_or_else(|| "its first line is not an archmodel recovery header".to_owned())?;
    serde_json::from_str(json.trim_end()).map_err(|e| format!("its header is damaged: {e}"))
}

/// Whether the process that wrote a header is still running: same boot, same process id, same
/// start time (Linux; elsewhere there is no way to tell, and the file is offered).
fn writer_alive(header: &Header) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    if header.boot.is_some() && header.boot != boot_id() {
        return false;
    }
    match (header.start, process_start(header.pid)) {
        (_, None) => false,
        (Some(then), Some(now)) => then == now,
        (None, Some(_)) => true,
    }
}

/// When a process started, in clock ticks since boot (`/proc/PID/stat`, field 22); `None` when
/// there is no such process or no `/proc`.
fn process_start(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses; fields after it do not.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// This boot's id (Linux), so a process id from before a reboot is not mistaken for a live one.
fn boot_id() -> Option<String> {
    fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn modified_secs(path: &Path) -> u64 {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, NodeKind};

    /// Every orphan, this process's own included (the tests play several windows in one).
    fn all_orphans(store: &RecoveryStore) -> Vec<Recovery> {
        store.scan().into_iter().map(|f| f.recovery).collect()
    }

    fn draft() -> Model {
        let mut model = Model::new("Draft");
        model
            .add_node(Node::new("a", "A", NodeKind::Actor))
            .unwrap();
        model
    }

    #[test]
    fn a_slot_is_ours_while_held_and_an_orphan_once_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("rec"));
        let original = dir.path().join("m.ron");
        let slot = store.claim().unwrap();
        store.write(slot.path(), Some(&original), &draft()).unwrap();
        assert!(
            all_orphans(&store).is_empty(),
            "a live window's file is not offered"
        );
        let path = slot.path().to_owned();
        // The process ends without a clean close: the lock goes, the file stays.
        drop(slot);
        let orphans = all_orphans(&store);
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].path, path);
        assert_eq!(orphans[0].original.as_deref(), Some(original.as_path()));
        assert_eq!(orphans[0].problem, None);
        assert_eq!(store.load(&orphans[0]).unwrap(), draft());
        store.discard_orphan(&orphans[0]);
        assert!(all_orphans(&store).is_empty());
        assert_eq!(fs::read_dir(store.dir()).unwrap().count(), 0);
    }

    #[test]
    fn two_windows_on_one_model_get_two_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let a = store.claim().unwrap();
        let b = store.claim().unwrap();
        assert_ne!(a.path(), b.path());
        let original = dir.path().join("m.ron");
        store.write(a.path(), Some(&original), &draft()).unwrap();
        store
            .write(b.path(), Some(&original), &Model::new("B"))
            .unwrap();
        // B saves and closes cleanly; A is killed.
        store.release(b);
        drop(a);
        let orphans = all_orphans(&store);
        assert_eq!(orphans.len(), 1);
        assert_eq!(store.load(&orphans[0]).unwrap(), draft());
    }

    /// A file with no lock file, as older versions wrote, with this header.
    fn legacy_file(store: &RecoveryStore, name: &str, header: &Header) -> PathBuf {
        let path = store.dir().join(name);
        let json = serde_json::to_string(header).unwrap();
        let text = format!("{MARK}{json}\n{}", to_string(&draft()).unwrap());
        fs::create_dir_all(store.dir()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_live_pid_from_another_start_or_boot_is_not_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let me = std::process::id();
        let live = Header {
            original: None,
            pid: me,
            time: 1,
            start: process_start(me),
            boot: boot_id(),
        };
        legacy_file(&store, "live.ron", &live);
        let reused = Header {
            start: process_start(me).map(|s| s + 1),
            ..live.clone()
        };
        legacy_file(&store, "reused.ron", &reused);
        let rebooted = Header {
            boot: Some("another-boot".into()),
            ..live.clone()
        };
        legacy_file(&store, "rebooted.ron", &rebooted);
        let gone = Header {
            pid: 4_294_967,
            ..live
        };
        legacy_file(&store, "gone.ron", &gone);
        let mut names: Vec<String> = all_orphans(&store)
            .iter()
            .map(|r| r.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        if cfg!(target_os = "linux") {
            assert_eq!(names, ["gone.ron", "rebooted.ron", "reused.ron"]);
        } else {
            assert_eq!(names.len(), 4);
        }
    }

    #[test]
    fn a_damaged_header_is_reported_not_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        fs::write(
            dir.path().join("bad.ron"),
            "// archmodel-recovery {\"pid\":\n(",
        )
        .unwrap();
        fs::write(dir.path().join("plain.ron"), "(format: 1)").unwrap();
        let orphans = all_orphans(&store);
        assert_eq!(orphans.len(), 2);
        for o in &orphans {
            let problem = o.problem.as_deref().unwrap_or_default();
            assert!(
                problem.contains("damaged") || problem.contains("not an archmodel recovery"),
                "{problem}"
            );
        }
    }

    #[test]
    fn the_start_time_of_this_process_is_known_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(process_start(std::process::id()).is_some());
            assert!(boot_id().is_some());
            assert_eq!(process_start(4_294_967), None);
        }
    }
}
