//! Where a version of a model comes from: a file, or a git revision read with `git show` (the
//! `git` command, no library), so `diff`, `check --baseline` and the app's Compare With… can
//! take `HEAD~1:models/shop.ron`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::io::{self, LoadError, MAX_FILE_BYTES};
use crate::model::Model;

/// A version of a model to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// `git show OBJECT` run in `dir`, where OBJECT is `REV:PATH`.
    Git {
        /// The directory git runs in.
        dir: PathBuf,
        /// The revision.
        rev: String,
        /// The path as git reads it: from the repository root, or `./`-relative to `dir`.
        path: String,
    },
}

/// Why a version could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Neither a file nor a `REV:PATH`.
    #[error(
        "{0}: no such file; to read a git revision write REV:PATH (for example HEAD~1:models/shop.ron)"
    )]
    NotFound(String),
    /// A revision starting with `-` would be read by git as an option.
    #[error("`{0}` is not a git revision")]
    BadRevision(String),
    /// git is not installed or cannot start.
    #[error("cannot run git to read {spec}: {source}")]
    NoGit {
        /// What was asked for.
        spec: String,
        /// Why git did not start.
        source: std::io::Error,
    },
    /// The directory is not in a git repository.
    #[error("{dir} is not inside a git repository, so {spec} cannot be read from git")]
    NotARepository {
        /// Where git ran.
        dir: String,
        /// What was asked for.
        spec: String,
    },
    /// git refused (unknown revision, path not in that revision, …).
    #[error("git show {spec}: {message}")]
    Git {
        /// What was asked for.
        spec: String,
        /// git's own message.
        message: String,
    },
    /// The text is not a valid model.
    #[error("{spec}: {source}")]
    Load {
        /// What was read.
        spec: String,
        /// What is wrong with it.
        source: LoadError,
    },
}

impl Source {
    /// Reads a command-line argument: an existing file, else `REV:PATH` for git (run in the
    /// current directory, so PATH is from the repository root or `./`-relative).
    pub fn parse(spec: &str) -> Result<Source, SourceError> {
        let path = Path::new(spec);
        if path.exists() {
            return Ok(Source::File(path.to_owned()));
        }
        match spec.split_once(':') {
            Some((rev, file)) if !rev.is_empty() && !file.is_empty() => Ok(Source::Git {
                dir: PathBuf::from("."),
                rev: rev.to_owned(),
                path: file.to_owned(),
            }),
            _ => Err(SourceError::NotFound(spec.to_owned())),
        }
    }

    /// The version of `file` at git revision `rev`, read relative to the file's folder.
    pub fn at_revision(file: &Path, rev: &str) -> Source {
        let dir = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        Source::Git {
            dir,
            rev: rev.trim().to_owned(),
            path: format!("./{name}"),
        }
    }

    /// How to name it in messages and reports: the path, or `REV:PATH`.
    pub fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Git { rev, path, .. } => format!("{rev}:{}", path.trim_start_matches("./")),
        }
    }

    /// The model text.
    pub fn read(&self) -> Result<String, SourceError> {
        match self {
            Source::File(p) => io::read_text(p).map_err(|source| SourceError::Load {
                spec: self.label(),
                source,
            }),
            Source::Git { dir, rev, path } => git_show(dir, rev, path, &self.label()),
        }
    }

    /// The model, read and checked.
    pub fn load(&self) -> Result<(String, Model), SourceError> {
        let text = self.read()?;
        let model = io::parse(&text).map_err(|source| SourceError::Load {
            spec: self.label(),
            source,
        })?;
        Ok((text, model))
    }
}

fn git_show(dir: &Path, rev: &str, path: &str, spec: &str) -> Result<String, SourceError> {
    if rev.starts_with('-') || rev.is_empty() || rev.contains(char::is_whitespace) {
        return Err(SourceError::BadRevision(rev.to_owned()));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|source| SourceError::NoGit {
            spec: spec.to_owned(),
            source,
        })?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr)
            .trim()
            .trim_start_matches("fatal: ")
            .to_owned();
        if message.contains("not a git repository") {
            return Err(SourceError::NotARepository {
                dir: dir.display().to_string(),
                spec: spec.to_owned(),
            });
        }
        return Err(SourceError::Git {
            spec: spec.to_owned(),
            message,
        });
    }
    if output.stdout.len() as u64 > MAX_FILE_BYTES {
        return Err(SourceError::Load {
            spec: spec.to_owned(),
            source: LoadError::TooLarge {
                size: output.stdout.len() as u64,
                limit: MAX_FILE_BYTES,
            },
        });
    }
    String::from_utf8(output.stdout).map_err(|_| SourceError::Git {
        spec: spec.to_owned(),
        message: "the file at that revision is not UTF-8 text".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_without_a_colon_is_not_found() {
        let err = Source::parse("no/such/model.ron").err();
        assert!(matches!(err, Some(SourceError::NotFound(_))), "{err:?}");
    }

    #[test]
    fn rev_colon_path_reads_from_git() {
        let s = Source::parse("HEAD~1:models/shop.ron").ok();
        assert_eq!(
            s,
            Some(Source::Git {
                dir: ".".into(),
                rev: "HEAD~1".into(),
                path: "models/shop.ron".into()
            })
        );
        let s = Source::at_revision(Path::new("models/shop.ron"), "main");
        assert_eq!(s.label(), "main:shop.ron");
    }

    #[test]
    fn an_option_is_never_passed_as_a_revision() {
        let s = Source::at_revision(Path::new("m.ron"), "--output=/tmp/x");
        assert!(matches!(s.read(), Err(SourceError::BadRevision(_))));
    }

    #[test]
    fn outside_a_repository_the_error_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Source::at_revision(&dir.path().join("m.ron"), "HEAD");
        match s.read() {
            Err(SourceError::NotARepository { .. } | SourceError::NoGit { .. }) => {}
            other => panic!("expected a not-a-repository error, got {other:?}"),
        }
    }
}
