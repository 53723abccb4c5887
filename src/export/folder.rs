//! Writing a folder of generated files (the ADRs) that may hold files people wrote: a manifest
//! names the files archmodel owns, so exporting again replaces and removes only those.
//!
//! The work is split into [`plan`], which reads the folder and refuses before anything is
//! written, and [`Plan::apply`], which writes each file atomically.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::io::{FileError, StagedSet};

/// The manifest's file name: a hidden file in the export folder listing the files archmodel wrote.
pub const MANIFEST: &str = ".archmodel-export";

const HEADER: &str = "# Files written by `archmodel export`; it replaces and removes only these.\n\
                      # Delete a line to keep that file as your own.\n";

/// What an export into a folder will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    dir: PathBuf,
    /// Files to write (name, content), skipping those whose content is already there.
    writes: Vec<(String, Vec<u8>)>,
    /// Files written by an earlier export and no longer generated.
    removals: Vec<String>,
    /// Every file name the export owns afterwards.
    owned: BTreeSet<String>,
    /// What the folder owned before.
    previously: BTreeSet<String>,
}

impl Plan {
    /// Files that will be written (new or changed).
    pub fn writes(&self) -> impl Iterator<Item = &str> {
        self.writes.iter().map(|(n, _)| n.as_str())
    }

    /// Files from an earlier export that will be removed.
    pub fn removals(&self) -> &[String] {
        &self.removals
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the files, removes stale ones and records ownership in the manifest, all or
    /// nothing (see [`Plan::stage`]).
    pub fn apply(&self) -> Result<(), ExportError> {
        let mut set = StagedSet::new();
        self.stage(&mut set)?;
        set.commit().map_err(file_error)
    }

    /// Stages this export into `set`, to be committed together with other outputs: the files,
    /// the removal of stale ones and the manifest.
    ///
    /// The manifest is first committed with every name this export may create, so a file put
    /// in place before an interruption is still known as archmodel's on the next export.
    pub fn stage(&self, set: &mut StagedSet) -> Result<(), ExportError> {
        set.create_dir_all(&self.dir).map_err(file_error)?;
        let claimed: BTreeSet<String> = self.owned.union(&self.previously).cloned().collect();
        if claimed != self.previously {
            self.stage_manifest(set, &claimed, &self.previously)?;
        }
        for (name, bytes) in &self.writes {
            set.write(&self.dir.join(name), bytes).map_err(file_error)?;
        }
        for name in &self.removals {
            set.remove(&self.dir.join(name));
        }
        self.stage_manifest(set, &self.owned, &claimed)
    }

    /// Stages the manifest listing `names`, unless the manifest will already say that.
    fn stage_manifest(
        &self,
        set: &mut StagedSet,
        names: &BTreeSet<String>,
        before: &BTreeSet<String>,
    ) -> Result<(), ExportError> {
        let path = self.dir.join(MANIFEST);
        let text = manifest_text(names);
        let unchanged = names == before && fs::read(&path).is_ok_and(|old| old == text.as_bytes());
        if unchanged {
            return Ok(());
        }
        set.write(&path, text.as_bytes()).map_err(file_error)
    }
}

fn manifest_text(names: &BTreeSet<String>) -> String {
    let mut text = String::from(HEADER);
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    text
}

fn file_error(e: FileError) -> ExportError {
    io_error(&e.path, e.source)
}

/// Plans writing `files` (plain names, no folders) into `dir`.
///
/// Fails, before anything is written, when a file to write exists and the manifest does not
/// name it (someone else's file), or when the folder or its manifest cannot be read.
pub fn plan(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<Plan, ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(io_error(
            dir,
            std::io::Error::new(ErrorKind::AlreadyExists, "exists and is not a folder"),
        ));
    }
    let previously = read_manifest(dir)?;
    let owned: BTreeSet<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let mut writes = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(&name);
        match fs::read(&path) {
            Ok(_) if !previously.contains(&name) => return Err(ExportError::Foreign(path)),
            Ok(old) if old == bytes => {}
            Ok(_) => writes.push((name, bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => writes.push((name, bytes)),
            Err(source) => return Err(io_error(&path, source)),
        }
    }
    let removals = previously
        .iter()
        .filter(|n| !owned.contains(*n) && is_plain_name(n) && dir.join(n).is_file())
        .cloned()
        .collect();
    Ok(Plan {
        dir: dir.to_owned(),
        writes,
        removals,
        owned,
        previously,
    })
}

/// The names the folder's manifest lists (none when there is no manifest).
fn read_manifest(dir: &Path) -> Result<BTreeSet<String>, ExportError> {
    let path = dir.join(MANIFEST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| is_plain_name(l))
            .map(str::to_owned)
            .collect()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(source) => Err(io_error(&path, source)),
    }
}

/// Whether a manifest line is a bare file name: a hand-edited manifest must not make an export
/// remove anything outside its folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != MANIFEST
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name().is_some_and(|f| f == name)
}

fn io_error(path: &Path, source: std::io::Error) -> ExportError {
    ExportError::Io {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn reexport_replaces_owned_files_removes_stale_ones_and_keeps_others() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("adr");
        plan(&dir, files(&[("a.md", "1"), ("b.md", "1")]))
            .and_then(|p| p.apply())
            .expect("first export");
        fs::write(dir.join("mine.md"), "mine").expect("write own file");
        let p = plan(&dir, files(&[("a.md", "2"), ("c.md", "1")])).expect("plan");
        assert_eq!(p.writes().collect::<Vec<_>>(), ["a.md", "c.md"]);
        assert_eq!(p.removals(), ["b.md"]);
        p.apply().expect("second export");
        assert_eq!(
            fs::read_to_string(dir.join("a.md")).ok().as_deref(),
            Some("2")
        );
        assert!(!dir.join("b.md").exists());
        assert_eq!(
            fs::read_to_string(dir.join("mine.md")).ok().as_deref(),
            Some("mine")
        );
        let manifest = fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
        assert!(manifest.contains("a.md\nc.md\n") && !manifest.contains("b.md"));
    }

    #[test]
    fn a_file_someone_else_wrote_stops_the_export_before_anything_is_written() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::write(tmp.path().join("0001-x.md"), "theirs").expect("write");
        let err = plan(
            tmp.path(),
            files(&[("index.md", "i"), ("0001-x.md", "ours")]),
        );
        assert!(matches!(err, Err(ExportError::Foreign(_))));
        assert!(!tmp.path().join("index.md").exists());
        assert!(!tmp.path().join(MANIFEST).exists());
    }

    #[test]
    fn manifest_lines_outside_the_folder_are_ignored() {
        assert!(!is_plain_name("../escape.md"));
        assert!(!is_plain_name("/etc/passwd"));
        assert!(!is_plain_name(MANIFEST));
        assert!(is_plain_name("0001-a.md"));
    }
}
