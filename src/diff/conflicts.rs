//! Merge conflicts inside a model file: a block of `//` comment lines before the model, between
//! `<<<<<<< archmodel conflicts` and `>>>>>>> archmodel conflicts`, holding the conflicts as RON.
//!
//! Comments are invisible to the RON reader, so a conflicted file still loads everywhere (with
//! our side of each conflict); `validate` reports the block as an error, `fmt` refuses the file,
//! and `archmodel resolve` or the app take ours or theirs per conflict and drop the block when
//! none is left.

use ron::ser::PrettyConfig;

use super::merge::{self, ApplyError, Conflict, Side};
use crate::io::{self, LoadError, SaveError};
use crate::model::Model;

/// The line that opens the block (after the `// ` prefix).
const BEGIN: &str = "<<<<<<< archmodel conflicts";
/// The line that closes the block.
const END: &str = ">>>>>>> archmodel conflicts";

/// Why a conflicted file could not be read or resolved.
#[derive(Debug, thiserror::Error)]
pub enum ConflictError {
    /// The block is there but cannot be read (edited by hand, or cut off).
    #[error("line {line}: the merge-conflict block cannot be read: {message}")]
    Block {
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The model under the block is not valid.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// A stored side does not read as its element.
    #[error("{0}")]
    Apply(#[from] ApplyError),
    /// Taking these sides leaves a model that breaks an invariant.
    #[error(
        "taking these sides breaks the model: {0}; take the matching sides of the related conflicts together"
    )]
    Invalid(String),
    /// There is no conflict with this number.
    #[error("there is no conflict {0} (the file has {1})")]
    NoSuchConflict(usize, usize),
    /// Writing the text failed.
    #[error("{0}")]
    Save(#[from] SaveError),
}

/// The model text with the conflicts written before it (the text alone when there are none).
pub fn write(model_text: &str, conflicts: &[Conflict]) -> String {
    if conflicts.is_empty() {
        return model_text.to_owned();
    }
    let config = PrettyConfig::new()
        .indentor("    ".to_owned())
        .struct_names(false);
    let body = ron::ser::to_string_pretty(&conflicts.to_vec(), config).unwrap_or_default();
    let mut out = String::with_capacity(model_text.len() + body.len() + 512);
    let n = conflicts.len();
    let plural = if n == 1 { "" } else { "s" };
    out.push_str(&format!(
        "// archmodel: {n} merge conflict{plural}. The model below holds our side of each; take ours or theirs\n\
         // per conflict in the app (it lists them on opening) or with `archmodel resolve FILE`.\n"
    ));
    out.push_str(&format!("// {BEGIN}\n"));
    for line in body.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!("// {END}\n"));
    out.push_str(model_text);
    out
}

/// The conflicts recorded in a file's text (none when it has no block).
pub fn read(text: &str) -> Result<Vec<Conflict>, ConflictError> {
    let Some((start, body)) = block(text) else {
        return Ok(Vec::new());
    };
    let body = body.ok_or_else(|| ConflictError::Block {
        line: start,
        message: format!("`{BEGIN}` is never closed by `{END}`"),
    })?;
    ron::from_str::<Vec<Conflict>>(&body).map_err(|e| ConflictError::Block {
        line: start + e.span.start.line,
        message: e.code.to_string(),
    })
}

/// The error `validate` reports for a file with merge conflicts (none for a clean file).
pub fn diagnostic(text: &str) -> Option<io::Diagnostic> {
    let (line, _) = block(text)?;
    let message = match read(text) {
        Ok(c) => format!(
            "{} unresolved merge conflict(s): take ours or theirs with `archmodel resolve FILE \
             --take ours|theirs` or in the app",
            c.len()
        ),
        Err(e) => e.to_string(),
    };
    Some(io::Diagnostic {
        position: io::Position { line, col: 1 },
        path: String::new(),
        message,
    })
}

/// Whether the text has a conflict block.
pub fn has_conflicts(text: &str) -> bool {
    block(text).is_some()
}

/// Where the conflict header ends (a byte offset): the readable block at the top of a file, with
/// the `//` lines before it, as [`write`] puts it there. A save that keeps the conflicts writes
/// this header again, so only comments after it are lost. `None` when the file does not open
/// with a readable block.
pub fn header_end(text: &str) -> Option<usize> {
    read(text).ok().filter(|c| !c.is_empty())?;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let inner = comment(line)?;
        at += line.len();
        if inner == END {
            return Some(at);
        }
    }
    None
}

/// The 1-based line of the block's first line and its RON (without the `//` prefixes), `None`
/// when the block is never closed.
fn block(text: &str) -> Option<(usize, Option<String>)> {
    let mut lines = text.lines().enumerate();
    let start = lines.find(|(_, l)| comment(l) == Some(BEGIN))?.0 + 1;
    let mut body = String::new();
    for (_, line) in lines {
        match comment(line) {
            Some(END) => return Some((start, Some(body))),
            Some(inner) => {
                body.push_str(inner);
                body.push('\n');
            }
            None => return Some((start, None)),
        }
    }
    Some((start, None))
}

/// The text of a `//` comment line, without the prefix.
fn comment(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("//")?;
    Some(rest.strip_prefix(' ').unwrap_or(rest).trim_end())
}

/// A conflicted file read: the model (our side of each conflict) and the conflicts.
#[derive(Debug, Clone)]
pub struct Conflicted {
    /// The model as it stands.
    pub model: Model,
    /// The open conflicts, in file order.
    pub conflicts: Vec<Conflict>,
}

/// Reads a file's text: the model and its open conflicts.
pub fn parse(text: &str) -> Result<Conflicted, ConflictError> {
    let conflicts = read(text)?;
    let model = io::parse(text)?;
    Ok(Conflicted { model, conflicts })
}

impl Conflicted {
    /// Takes `side` for each conflict `choose` picks one for; the others stay open. Checks the
    /// result; on error nothing changes.
    pub fn resolve(
        &mut self,
        mut choose: impl FnMut(usize, &Conflict) -> Option<Side>,
    ) -> Result<usize, ConflictError> {
        let mut data = self.model.to_data();
        let mut open = Vec::new();
        let mut taken = 0;
        for (i, c) in self.conflicts.iter().enumerate() {
            match choose(i, c) {
                Some(side) => {
                    merge::apply(&mut data, c, side)?;
                    taken += 1;
                }
                None => open.push(c.clone()),
            }
        }
        let model = Model::from_data(data).map_err(|problems| {
            ConflictError::Invalid(
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        self.model = model;
        self.conflicts = open;
        Ok(taken)
    }

    /// The file text: the conflicts still open, then the model in canonical form.
    pub fn to_text(&self) -> Result<String, ConflictError> {
        Ok(write(&io::to_string(&self.model)?, &self.conflicts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::ElementKind;

    fn sample() -> Conflict {
        Conflict {
            kind: ElementKind::Node,
            id: "orders".into(),
            fields: vec!["name".into()],
            reason: "both sides changed the same fields".into(),
            ours: Some("(id:\"orders\",name:\"*/ Orders\\n\",kind:Cdn)".into()),
            theirs: None,
        }
    }

    #[test]
    fn the_block_round_trips_and_the_model_still_loads() {
        let model = crate::examples::template("web-app").expect("template");
        let text = io::to_string(&model).expect("text");
        let written = write(&text, &[sample()]);
        assert!(has_conflicts(&written));
        assert_eq!(read(&written).ok(), Some(vec![sample()]));
        let loaded = io::parse(&written).expect("a conflicted file still loads");
        assert_eq!(loaded, model);
    }

    #[test]
    fn the_header_ends_after_the_block_and_only_later_comments_count() {
        let text = write("// ours\n(format: 1, name: \"x\")\n", &[sample()]);
        let end = header_end(&text).expect("a header");
        assert!(text[..end].ends_with(&format!("// {END}\n")));
        assert!(text[end..].starts_with("// ours"));
        // A file with no block, or a block below the model's first line, has no header.
        assert_eq!(header_end("(format: 1, name: \"x\")"), None);
        let late = format!("(format: 1, name: \"x\")\n{}", write("", &[sample()]));
        assert_eq!(header_end(&late), None);
    }

    #[test]
    fn a_file_without_a_block_has_no_conflicts() {
        assert!(read("(format: 1, name: \"x\")").is_ok_and(|c| c.is_empty()));
        assert_eq!(write("x", &[]), "x");
    }

    #[test]
    fn a_broken_block_is_an_error_with_its_line() {
        let text = format!("// {BEGIN}\n// [ (kind: Nope) ]\n// {END}\n(format: 1, name: \"x\")");
        assert!(matches!(read(&text), Err(ConflictError::Block { .. })));
        let open = format!("// {BEGIN}\n(format: 1, name: \"x\")");
        assert!(matches!(
            read(&open),
            Err(ConflictError::Block { line: 1, .. })
        ));
    }
}
