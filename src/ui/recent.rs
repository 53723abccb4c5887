//! Recently opened files, most recent first, kept in eframe storage between runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The storage key of the recent-files list.
pub const STORAGE_KEY: &str = "archmodel.recent_files";
/// How many files the list remembers.
pub const MAX_RECENT: usize = 10;
/// How long a check for missing files is trusted before the disk is asked again.
const RECHECK: Duration = Duration::from_secs(2);

/// One recent file and whether it still exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentFile {
    /// Where the file is.
    pub path: PathBuf,
    /// Whether it was there when last checked.
    pub exists: bool,
}

/// The recent-files list.
#[derive(Debug, Default)]
pub struct RecentFiles {
    files: Vec<RecentFile>,
    checked: Option<Instant>,
}

impl RecentFiles {
    /// A list from stored paths (most recent first); duplicates and extras are dropped.
    pub fn from_paths(paths: Vec<PathBuf>) -> Self {
        let mut list = RecentFiles::default();
        for path in paths.into_iter().rev() {
            list.push(&path);
        }
        list
    }

    /// The paths, most recent first, for storage.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }

    /// Puts `path` at the top (moving it if it is already listed).
    pub fn push(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.files.retain(|f| f.path != path);
        self.files.insert(
            0,
            RecentFile {
                exists: path.exists(),
                path,
            },
        );
        self.files.truncate(MAX_RECENT);
    }

    /// Forgets every file.
    pub fn clear(&mut self) {
        self.files.clear();
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files, most recent first, with existence re-checked every couple of seconds.
    pub fn files(&mut self) -> &[RecentFile] {
        if self.checked.is_none_or(|t| t.elapsed() > RECHECK) {
            for f in &mut self.files {
                f.exists = f.path.exists();
            }
            self.checked = Some(Instant::now());
        }
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates() {
        let mut r = RecentFiles::from_paths(vec!["/b.ron".into(), "/a.ron".into()]);
        r.push(Path::new("/a.ron"));
        assert_eq!(
            r.paths(),
            vec![PathBuf::from("/a.ron"), PathBuf::from("/b.ron")]
        );
        for i in 0..20 {
            r.push(Path::new(&format!("/f{i}.ron")));
        }
        assert_eq!(r.paths().len(), MAX_RECENT);
        assert_eq!(r.paths()[0], PathBuf::from("/f19.ron"));
    }

    #[test]
    fn missing_files_are_marked() {
        let mut r = RecentFiles::default();
        r.push(Path::new("/surely/not/here.ron"));
        assert!(!r.files()[0].exists);
    }
}
