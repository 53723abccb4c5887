//! Several files written together or not at all (an export of many outputs).
//!
//! Every output is first [staged](StagedSet::write): written in full and synced to a temporary
//! file beside its target, after the same checks as a single save (see [`super::atomic`]). Only
//! when every output is staged does [`StagedSet::commit`] rename them into place, one after the
//! other. A failure while staging leaves every target untouched; a rename that fails during the
//! commit (the folder changed under us) puts back the files already replaced, from hard-link
//! backups taken just before.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{self, Staged};

/// A file that could not be staged, committed or restored, with its path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub source: io::Error,
}

/// One step of a commit, in the order the outputs were given.
#[derive(Debug)]
enum Step {
    Write(Staged),
    Remove(PathBuf),
}

/// Outputs staged beside their targets, waiting to be committed together.
///
/// Dropping a set that was not committed removes its temporary files and the folders it
/// created (when they are still empty): nothing of a failed export stays behind.
#[derive(Debug, Default)]
pub struct StagedSet {
    steps: Vec<Step>,
    created: Vec<PathBuf>,
}

impl StagedSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stages `bytes` for `path`: after this returns, only a rename is left to do.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), FileError> {
        let staged = atomic::stage(path, bytes).map_err(|source| FileError {
            path: path.to_owned(),
            source,
        })?;
        self.steps.push(Step::Write(staged));
        Ok(())
    }

    /// Removes `path` at commit time, in order with the writes (a missing file is fine).
    pub fn remove(&mut self, path: &Path) {
        self.steps.push(Step::Remove(path.to_owned()));
    }

    /// Creates `dir` (and its missing parents) now, to stage files in it; the folders created
    /// are removed again if the set is dropped uncommitted and they are still empty.
    pub fn create_dir_all(&mut self, dir: &Path) -> Result<(), FileError> {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d.to_owned());
            at = d.parent();
        }
        fs::create_dir_all(dir).map_err(|source| FileError {
            path: dir.to_owned(),
            source,
        })?;
        // Innermost first, the order they can be removed in.
        self.created.extend(missing);
        Ok(())
    }

    /// How many files are staged to be written.
    pub fn len(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Write(_)))
            .count()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Puts every staged file in place and removes the files to remove, in order. If a step
    /// fails, the steps before it are undone as far as their backups allow and the error says
    /// which file failed.
    pub fn commit(mut self) -> Result<(), FileError> {
        let mut done: Vec<Done> = Vec::new();
        let steps = std::mem::take(&mut self.steps);
        for step in steps {
            match run(step) {
                Ok(d) => done.push(d),
                Err(e) => {
                    for d in done.into_iter().rev() {
                        d.undo();
                    }
                    return Err(e);
                }
            }
        }
        for d in done {
            d.forget();
        }
        // Committed: the folders made for it stay.
        self.created.clear();
        Ok(())
    }
}

impl Drop for StagedSet {
    fn drop(&mut self) {
        // The staged temporary files remove themselves; empty folders we made go too.
        self.steps.clear();
        for dir in &self.created {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// A hard link to a file as it was, locked so that no sweep of stale temporary files (ours in a
/// later step, or another process's) takes it while it may still be needed.
struct Backup {
    path: PathBuf,
    _lock: fs::File,
}

/// A step carried out, with what is needed to undo it.
struct Done {
    target: PathBuf,
    /// The file as it was (`None`: there was no file, or no link could be made).
    backup: Option<Backup>,
    /// Whether a file existed before the step.
    existed: bool,
    /// Whether the step wrote the target (else it removed it).
    wrote: bool,
}

impl Done {
    fn undo(self) {
        match (&self.backup, self.existed) {
            (Some(backup), _) => {
                let _ = fs::rename(&backup.path, &self.target);
            }
            (None, false) if self.wrote => {
                let _ = fs::remove_file(&self.target);
            }
            // A replaced file whose backup could not be made stays new: nothing else to do.
            _ => {}
        }
    }

    fn forget(self) {
        if let Some(backup) = &self.backup {
            let _ = fs::remove_file(&backup.path);
        }
    }
}

fn run(step: Step) -> Result<Done, FileError> {
    match step {
        Step::Write(staged) => {
            let target = staged.target().to_owned();
            let fail = |source| FileError {
                path: target.clone(),
                source,
            };
            let existed = target.exists();
            let backup = if existed { backup_of(&target) } else { None };
            if let Err(e) = staged.commit() {
                if let Some(b) = &backup {
                    let _ = fs::remove_file(&b.path);
                }
                return Err(fail(e));
            }
            Ok(Done {
                target,
                backup,
                existed,
                wrote: true,
            })
        }
        Step::Remove(path) => {
            let existed = path.exists();
            let backup = if existed { backup_of(&path) } else { None };
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(source) => {
                    if let Some(b) = &backup {
                        let _ = fs::remove_file(&b.path);
                    }
                    return Err(FileError { path, source });
                }
            }
            Ok(Done {
                target: path,
                backup,
                existed,
                wrote: false,
            })
        }
    }
}

/// A locked hard link to `path` under a temporary name of ours (swept if we die before removing
/// it); `None` where the file system has no hard links.
fn backup_of(path: &Path) -> Option<Backup> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    for attempt in 0..8u32 {
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
            ^ attempt.wrapping_mul(0x9e37_79b9)
            ^ std::process::id();
        let backup = dir.join(format!(".{name}.{nonce:08x}{}", atomic::TEMP_SUFFIX));
        match fs::hard_link(path, &backup) {
            Ok(()) => {
                let lock = fs::File::open(&backup).and_then(|f| {
                    f.try_lock().map_err(io::Error::from)?;
                    Ok(f)
                });
                return match lock {
                    Ok(lock) => Some(Backup {
                        path: backup,
                        _lock: lock,
                    }),
                    Err(_) => {
                        let _ = fs::remove_file(&backup);
                        None
                    }
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_changes_until_commit_and_then_everything_does() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.svg");
        let b = dir.path().join("b.md");
        fs::write(&a, "old a").unwrap();
        let mut set = StagedSet::new();
        set.write(&a, b"new a").unwrap();
        set.write(&b, b"new b").unwrap();
        assert_eq!(set.len(), 2);
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        set.commit().unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(dir.path()), ["a.svg", "b.md"]);
    }

    #[test]
    fn a_failed_stage_leaves_every_target_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.svg");
        fs::write(&a, "old a").unwrap();
        let mut set = StagedSet::new();
        set.write(&a, b"new a").unwrap();
        let nested = dir.path().join("made/deeper");
        set.create_dir_all(&nested).unwrap();
        let err = set
            .write(&dir.path().join("missing/x.md"), b"x")
            .unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        drop(set);
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(names(dir.path()), ["a.svg"], "folders made for it went too");
    }

    #[test]
    fn a_failing_rename_puts_back_what_was_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.svg");
        let b = dir.path().join("b.md");
        fs::write(&a, "old a").unwrap();
        let mut set = StagedSet::new();
        set.write(&a, b"new a").unwrap();
        set.write(&b, b"new b").unwrap();
        // The folder changes under the export: b becomes a non-empty folder.
        fs::create_dir(&b).unwrap();
        fs::write(b.join("in"), "x").unwrap();
        assert!(set.commit().is_err());
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(names(dir.path()), ["a.svg", "b.md"]);
    }

    #[test]
    fn backups_of_old_files_survive_the_sweep_of_later_steps() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.svg");
        let b = dir.path().join("b.md");
        for p in [&a, &b] {
            fs::write(p, "old").unwrap();
            // Old enough that a backup sharing its times looks stale.
            fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(std::time::SystemTime::now() - atomic::STALE_AFTER * 2)
                .unwrap();
        }
        let blocked = dir.path().join("c.md");
        let mut set = StagedSet::new();
        set.write(&a, b"new").unwrap();
        set.write(&b, b"new").unwrap();
        set.write(&blocked, b"new").unwrap();
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("in"), "x").unwrap();
        assert!(set.commit().is_err());
        assert_eq!(fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(fs::read_to_string(&b).unwrap(), "old");
        assert_eq!(names(dir.path()), ["a.svg", "b.md", "c.md"]);
    }

    #[test]
    fn removals_happen_at_commit_and_are_put_back_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.md");
        fs::write(&old, "stale").unwrap();
        let mut set = StagedSet::new();
        set.remove(&old);
        assert!(old.exists());
        set.commit().unwrap();
        assert!(!old.exists());

        fs::write(&old, "stale").unwrap();
        let blocked = dir.path().join("blocked");
        let mut set = StagedSet::new();
        set.remove(&old);
        set.write(&blocked, b"x").unwrap();
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("in"), "x").unwrap();
        assert!(set.commit().is_err());
        assert_eq!(fs::read_to_string(&old).unwrap(), "stale");
    }
}
