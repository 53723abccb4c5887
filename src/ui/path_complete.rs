//! Completing and checking a typed path, for the in-app path field used when no file dialog
//! can be shown: Tab completes folder and file names, and a path is checked against what was
//! asked for (a file to read, a file to write, a folder) before it is accepted.

use std::path::{Path, PathBuf};

use super::natural_order::natural_cmp;

/// What the typed path must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// An existing file to read.
    File,
    /// A file to write, in an existing folder (an existing file is overwritten, after asking).
    NewFile,
    /// An existing folder.
    Folder,
}

/// The names that complete a typed path, and the text completed as far as they agree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// The typed text extended by what all matches share.
    pub text: String,
    /// The matching names in the typed folder, folders ending in `/`, in natural order.
    pub matches: Vec<String>,
}

/// Why a typed path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    /// Nothing was typed.
    #[error("Type a path.")]
    Empty,
    /// The folder does not exist.
    #[error("No such folder: {0}")]
    NoFolder(String),
    /// The file does not exist.
    #[error("No such file: {0}")]
    NoFile(String),
    /// A folder was given where a file is needed.
    #[error("{0} is a folder, not a file.")]
    NotAFile(String),
    /// A file was given where a folder is needed.
    #[error("{0} is a file, not a folder.")]
    NotAFolder(String),
}

/// A typed path that can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The path, made absolute against the base folder.
    pub path: PathBuf,
    /// Whether writing there replaces an existing file (the user must agree first).
    pub overwrites: bool,
}

/// The path typed last: typing `/` or `~/` after a proposed folder starts afresh, so
/// `/home/me//tmp/x` is `/tmp/x` and `/home/me/~/x` is `~/x`.
pub fn typed(text: &str) -> &str {
    let root = text.rfind("//").map(|at| at + 1);
    let home = text.rfind("/~/").map(|at| at + 1);
    match (root, home) {
        (Some(r), Some(h)) => &text[r.max(h)..],
        (Some(at), None) | (None, Some(at)) => &text[at..],
        (None, None) => text,
    }
}

/// Turns typed text into a path: `~` is the home folder, a relative path is read from `base`
/// (see [`typed`] for starting afresh).
pub fn resolve(text: &str, base: &Path) -> PathBuf {
    let text = typed(text);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match (text.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(text),
    };
    // Rebuilt from its parts, so `out/` and `./out` read as `out`.
    base.join(path).components().collect()
}

/// Completes the last name of `text` from the entries of its folder. Only folders are offered
/// when a folder is wanted; files otherwise, limited to `extensions` when it is not empty.
pub fn complete(text: &str, base: &Path, wanted: Wanted, extensions: &[&str]) -> Completion {
    let text = typed(text);
    let (folder_text, prefix) = match text.rfind('/') {
        Some(at) => text.split_at(at + 1),
        None => ("", text),
    };
    let folder = resolve(folder_text, base);
    let mut matches: Vec<String> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            // Hidden entries only when the user starts typing one.
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            if hidden || !name.starts_with(prefix) {
                return None;
            }
            // `metadata` follows links, so a link to a folder completes like a folder.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if is_dir {
                Some(format!("{name}/"))
            } else if wanted == Wanted::Folder || !has_extension(&name, extensions) {
                None
            } else {
                Some(name)
            }
        })
        .collect();
    matches.sort_by(|a, b| natural_cmp(a, b));
    let shared = shared_prefix(&matches);
    let text = if shared.len() > prefix.len() {
        format!("{folder_text}{shared}")
    } else {
        text.to_owned()
    };
    Completion { text, matches }
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    extensions.is_empty()
        || Path::new(name)
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| extensions.iter().any(|e| e.eq_ignore_ascii_case(x)))
}

/// The longest start every name shares (on character boundaries).
fn shared_prefix(names: &[String]) -> &str {
    let Some(first) = names.first() else {
        return "";
    };
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    &first[..end]
}

/// Checks that typed text names what is wanted.
pub fn check(text: &str, base: &Path, wanted: Wanted) -> Result<Checked, PathProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PathProblem::Empty);
    }
    let path = resolve(text, base);
    let shown = path.display().to_string();
    let checked = |overwrites| {
        Ok(Checked {
            path: path.clone(),
            overwrites,
        })
    };
    match wanted {
        Wanted::Folder if path.is_dir() => checked(false),
        Wanted::Folder if path.exists() => Err(PathProblem::NotAFolder(shown)),
        Wanted::Folder => Err(PathProblem::NoFolder(shown)),
        _ if path.is_dir() => Err(PathProblem::NotAFile(shown)),
        Wanted::File if path.is_file() => checked(false),
        Wanted::File => Err(match path.parent() {
            Some(parent) if !parent.is_dir() => PathProblem::NoFolder(parent.display().to_string()),
            _ => PathProblem::NoFile(shown),
        }),
        Wanted::NewFile => match path.parent() {
            Some(parent) if !parent.is_dir() => {
                Err(PathProblem::NoFolder(parent.display().to_string()))
            }
            _ => checked(path.exists()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["shop.ron", "shop-v2.ron", "notes.txt", ".hidden.ron"] {
            std::fs::write(dir.path().join(file), "").expect("write");
        }
        std::fs::create_dir(dir.path().join("shopfront")).expect("mkdir");
        dir
    }

    #[test]
    fn tab_completes_as_far_as_the_matches_agree() {
        let dir = folder();
        let base = dir.path();
        let c = complete("sh", base, Wanted::File, &["ron"]);
        assert_eq!(c.text, "shop");
        assert_eq!(c.matches, ["shop-v2.ron", "shop.ron", "shopfront/"]);
        let c = complete("shopf", base, Wanted::File, &["ron"]);
        assert_eq!(c.text, "shopfront/");
        let c = complete("n", base, Wanted::File, &["ron"]);
        assert!(c.matches.is_empty(), "notes.txt is not a model");
        assert_eq!(c.text, "n");
        let c = complete(".h", base, Wanted::File, &[]);
        assert_eq!(c.matches, [".hidden.ron"]);
    }

    #[test]
    fn folders_only_when_a_folder_is_wanted_and_paths_may_be_absolute() {
        let dir = folder();
        let typed = format!("{}/s", dir.path().display());
        let c = complete(&typed, Path::new("/"), Wanted::Folder, &[]);
        assert_eq!(c.matches, ["shopfront/"]);
        assert_eq!(c.text, format!("{}/shopfront/", dir.path().display()));
    }

    #[test]
    fn a_path_typed_after_the_proposed_folder_starts_afresh() {
        assert_eq!(typed("/home/me//tmp/x"), "/tmp/x");
        assert_eq!(typed("/home/me/~/x"), "~/x");
        assert_eq!(typed("/home/me//tmp/~/x"), "~/x");
        assert_eq!(typed("/home/me/x"), "/home/me/x");
        let dir = folder();
        let proposed = format!("/nowhere//{}/shopf", dir.path().display());
        let c = complete(&proposed, Path::new("/"), Wanted::File, &["ron"]);
        assert_eq!(c.text, format!("{}/shopfront/", dir.path().display()));
        let typed_over = format!("/nowhere//{}/shop.ron", dir.path().display());
        assert!(check(&typed_over, Path::new("/"), Wanted::File).is_ok());
    }

    #[test]
    fn checking_says_what_is_wrong() {
        let dir = folder();
        let base = dir.path();
        assert_eq!(check("  ", base, Wanted::File), Err(PathProblem::Empty));
        assert!(matches!(
            check("gone.ron", base, Wanted::File),
            Err(PathProblem::NoFile(_))
        ));
        assert!(matches!(
            check("nowhere/x.ron", base, Wanted::NewFile),
            Err(PathProblem::NoFolder(_))
        ));
        assert!(matches!(
            check("shopfront", base, Wanted::File),
            Err(PathProblem::NotAFile(_))
        ));
        assert!(matches!(
            check("shop.ron", base, Wanted::Folder),
            Err(PathProblem::NotAFolder(_))
        ));
        let open = check("shop.ron", base, Wanted::File).expect("exists");
        assert_eq!(open.path, base.join("shop.ron"));
        assert!(
            check("shop.ron", base, Wanted::NewFile)
                .expect("ok")
                .overwrites
        );
        assert!(
            !check("new.ron", base, Wanted::NewFile)
                .expect("ok")
                .overwrites
        );
        assert!(check("shopfront", base, Wanted::Folder).is_ok());
    }
}
