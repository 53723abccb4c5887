//! Safe file replacement: the new content is written to a temporary file beside the target,
//! synced, then renamed over it, so readers see the old file or the new one, never half.
//!
//! What "saving over a file" means here, case by case:
//! - A **symbolic link** is followed (to its final target, relative links from their own folder)
//!   and the file it points to is replaced; the link itself stays a link.
//! - The replaced file keeps its **mode** (0600 stays 0600) and its **owner and group**; when
//!   the owner cannot be kept (someone else's file in a shared folder) the save is refused.
//! - A **read-only** file is refused: the user marked it so that nothing writes it.
//! - A file with **several hard links** is refused: a rename would split the links (the other
//!   names keep the old content) and writing in place cannot be atomic, so neither is safe.
//! - A **FIFO, socket, device or folder** is refused: only regular files are saved over.
//! - The temporary file has a **random name**, created exclusively (never through a planted
//!   symlink), and is locked while it is written. Temporary files of ours left by a killed
//!   process are swept from the folder by the next save there, once they are
//!   [`STALE_AFTER`] old and no live process holds their lock.

use std::fs::{self, File};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Every temporary file archmodel writes ends with this, so the sweep removes only its own.
pub const TEMP_SUFFIX: &str = ".archmodel-tmp";

/// How old a temporary file must be before a later save may remove it.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// How many symbolic links are followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Replaces `path` with `bytes` (see the module documentation for links, modes and refusals).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// New content for one file, written and synced beside it but not yet in place.
///
/// Dropping it without [`commit`](Staged::commit) removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    /// The file that will be replaced: `path` with every symbolic link followed.
    target: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Staged {
    /// The file this content will replace (symbolic links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file holding the content.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Renames the content over its target, makes the rename durable and sweeps stale
    /// temporary files from the folder.
    pub fn commit(self) -> io::Result<()> {
        let Staged { target, temp } = self;
        temp.persist(&target).map_err(|e| e.error)?;
        let dir = folder_of(&target);
        sync_folder(dir);
        sweep_stale(dir);
        Ok(())
    }
}

/// Writes `bytes` to a new temporary file beside `path`'s target, after checking that the
/// target may be replaced; nothing visible changes until [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let target = resolve_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        check_replaceable(meta)?;
    }
    let mut temp = temp_beside(&target)?;
    let file = temp.as_file();
    // Held until the file is renamed or dropped: a sweep never removes a file being written.
    file.try_lock().map_err(io::Error::from)?;
    if let Some(meta) = &existing {
        keep_owner_and_mode(file, meta)?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(Staged { target, temp })
}

/// `path` with every symbolic link followed, so a save replaces the file the link points to.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    folder_of(&current).join(link)
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?); nothing was written"
    )))
}

/// Refuses targets that a rename would damage or that the user marked read-only.
fn check_replaceable(meta: &fs::Metadata) -> io::Result<()> {
    if !meta.is_file() {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            format!(
                "it is {}, not a regular file; archmodel saves only to regular files",
                kind_of(meta)
            ),
        ));
    }
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            ErrorKind::PermissionDenied,
            "the file is read-only; archmodel does not overwrite read-only files \
             (make it writable, or save under another name)",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(io::Error::other(format!(
                "the file has {} hard links; replacing it would split them and writing it in \
                 place is not atomic, so archmodel does not save over it (save under another \
                 name, or remove the other links)",
                meta.nlink()
            )));
        }
    }
    Ok(())
}

/// What a non-regular file is, in words.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// A new, empty, exclusively created temporary file with a random name in `target`'s folder.
fn temp_beside(target: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    // Room for the dot, the random part and the suffix within a 255-byte file name.
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = format!(".{}.", &name[..cut]);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual mode (the umask applies); an existing file's mode is set later.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder_of(target))
}

/// Gives the temporary file the owner, group and mode of the file it replaces.
fn keep_owner_and_mode(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let ours = file.metadata()?;
        if (ours.uid(), ours.gid()) != (meta.uid(), meta.gid()) {
            let kept = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))
                .or_else(|_| std::os::unix::fs::fchown(file, None, Some(meta.gid())));
            let now = file.metadata()?;
            if kept.is_err() || now.uid() != meta.uid() {
                return Err(io::Error::new(
                    ErrorKind::PermissionDenied,
                    "the file belongs to another user and saving would make it yours; \
                     archmodel does not change a file's owner (save under another name)",
                ));
            }
        }
        // After the owner: changing the owner clears set-id bits.
        file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    }
    #[cfg(not(unix))]
    {
        file.set_permissions(meta.permissions())?;
    }
    Ok(())
}

/// The folder holding `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a rename in `dir` durable; best effort, as not every platform can open a folder.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Whether a file name is one of archmodel's temporary files: `.NAME.RANDOM.archmodel-tmp`, or
/// `.NAME.PID-N.tmp` as versions before it named them.
pub fn is_temp_name(name: &str) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if name.len() > TEMP_SUFFIX.len() + 1 && name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    let Some(stem) = name.strip_suffix(".tmp") else {
        return false;
    };
    let Some((rest, tail)) = stem.rsplit_once('.') else {
        return false;
    };
    let Some((pid, n)) = tail.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    rest.len() > 1 && digits(pid) && digits(n)
}

/// Removes archmodel's temporary files in `dir` that are at least [`STALE_AFTER`] old and not
/// locked by a live writer; returns how many went. Errors are ignored: this is tidying.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        // Not followed: a link of that name is not ours to judge, and only files are removed.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        let path = entry.path();
        if meta.is_file() && old && !locked_by_writer(&path) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether a live process holds the lock a writer takes on its temporary file.
fn locked_by_writer(path: &Path) -> bool {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never follow a link swapped in, never wait on a FIFO.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    match options.open(path) {
        Ok(file) => file.try_lock().is_err(),
        // Cannot look: leave it alone.
        Err(_) => true,
    }
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
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["m.ron"]);
    }

    #[test]
    fn failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        write_atomic(&path, b"old").unwrap();
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        let err = write_atomic(&blocked, b"new").unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["blocked", "m.ron"]);
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        let staged = stage(&path, b"x").unwrap();
        let temp = staged.temp_path().to_owned();
        assert!(temp.exists());
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".m.ron.") && is_temp_name(&name), "{name}");
        drop(staged);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        assert!(is_temp_name(".m.ron.a1B2c3D4e5.archmodel-tmp"));
        assert!(is_temp_name(".m.ron.1234-0.tmp"));
        assert!(!is_temp_name("m.ron.1234-0.tmp"));
        assert!(!is_temp_name(".m.ron.12a4-0.tmp"));
        assert!(!is_temp_name(".vimrc.tmp"));
        assert!(!is_temp_name(".archmodel-tmp"));
        assert!(!is_temp_name("notes.md"));
    }

    #[test]
    fn long_names_still_get_a_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.ron", "é".repeat(120)));
        write_atomic(&path, b"x").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x");
    }
}
