//! Where question and topology files come from: the copy built into the binary, or a folder.
//! Paths are relative to the content root (`questions/x.toml`, `topologies/y.toml`) and may
//! not leave it: a question file from a stranger cannot make peerlab read other files.

use crate::model::MAX_FILE_BYTES;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// More files than this in one folder (or under one `check` argument) is refused: a folder
/// from a stranger must not make peerlab list or read without end.
pub const MAX_FILES: usize = 10_000;

/// Why a file could not be read as text; `code` is the stable diagnostic code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub code: &'static str,
    pub message: String,
}

impl ReadError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        ReadError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads a UTF-8 text file of at most `limit` bytes. Only regular files are read: a FIFO would
/// block forever and a device such as `/dev/zero` reports size 0 but never ends, so the size
/// the file system reports is not trusted either: at most `limit + 1` bytes are read.
pub fn read_text(path: &Path, limit: usize) -> Result<String, ReadError> {
    let cannot = |e: std::io::Error| ReadError::new("cannot-read", e.to_string());
    // Refuse before opening (opening a device can have effects), then check the opened file
    // again (it may have been swapped in between).
    regular(&std::fs::metadata(path).map_err(cannot)?)?;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking: opening a FIFO that was swapped in returns at once instead of waiting
        // for a writer; no controlling terminal from a tty either.
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(cannot)?;
    regular(&file.metadata().map_err(cannot)?)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(ReadError::new(
            "file-too-large",
            format!("the file is larger than the limit of {limit} bytes"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::new(
            "not-utf8",
            format!(
                "the file is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn regular(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        return Err(ReadError::new(
            "not-a-file",
            "is a folder, not a TOML file; give a file (or rename the folder)",
        ));
    }
    if !meta.is_file() {
        return Err(ReadError::new(
            "not-a-file",
            "is not a regular file (a pipe, device or socket); only plain files are read",
        ));
    }
    Ok(())
}

/// `path` resolved (symlinks followed) and required to stay inside `root` (already resolved):
/// a link in a stranger's content folder must not make peerlab read, and show parts of,
/// files elsewhere.
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let real =
        std::fs::canonicalize(path).map_err(|e| ReadError::new("cannot-read", e.to_string()))?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(ReadError::new(
            "outside-folder",
            "is a link to a file outside the content folder; copy the file into the folder instead",
        ))
    }
}

pub trait Source {
    /// The question files, as root-relative paths, sorted.
    fn question_files(&self) -> Vec<String>;
    /// The text of a root-relative path.
    fn read(&self, path: &str) -> Result<String, String>;
    /// How a root-relative path is shown to the user.
    fn display(&self, path: &str) -> String;
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/content_files.rs"));
}

/// The `content/` folder as it was when peerlab was built.
pub struct EmbeddedSource;

impl EmbeddedSource {
    /// The built-in files under a folder of the content root (`labs/`), sorted.
    pub fn files_under(&self, dir: &str) -> Vec<String> {
        let mut v: Vec<String> = embedded::FILES
            .iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| p.starts_with(dir) && p.ends_with(".toml"))
            .collect();
        v.sort();
        v
    }
}

impl Source for EmbeddedSource {
    fn question_files(&self) -> Vec<String> {
        let mut v: Vec<String> = embedded::FILES
            .iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| p.starts_with("questions/") && p.ends_with(".toml"))
            .collect();
        v.sort();
        v
    }

    fn read(&self, path: &str) -> Result<String, String> {
        embedded::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| "no such file in the built-in content".to_string())
    }

    fn display(&self, path: &str) -> String {
        format!("content/{path}")
    }
}

/// A content folder on disk, or, for `check`, a chosen set of question files under a root.
pub struct DirSource {
    root: PathBuf,
    shown_root: String,
    only: Option<Vec<String>>,
}

impl DirSource {
    /// Every `*.toml` under `root/questions/`, and `root/questions.toml`.
    pub fn new(root: &Path) -> Self {
        DirSource {
            root: root.to_path_buf(),
            shown_root: crate::text::printable(&root.display().to_string()),
            only: None,
        }
    }

    /// Only the given question files (root-relative paths).
    pub fn with_files(root: &Path, files: Vec<String>) -> Self {
        DirSource {
            only: Some(files),
            ..DirSource::new(root)
        }
    }
}

impl Source for DirSource {
    fn question_files(&self) -> Vec<String> {
        if let Some(f) = &self.only {
            return f.clone();
        }
        let dir = self.root.join("questions");
        // `peerlab generate --out DIR` writes DIR/questions.toml (FORMAT, issue 4): a folder may
        // hold its questions there as well as in questions/*.toml.
        let top = self
            .root
            .join("questions.toml")
            .exists()
            .then(|| "questions.toml".to_string());
        // Folders and special files named *.toml are listed too, so that reading them fails
        // with an error, as `check` reports them. At most MAX_FILES + 1: the loader refuses more.
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .filter_map(|p| {
                        p.file_name()
                            .map(|n| format!("questions/{}", n.to_string_lossy()))
                    })
                    .take(MAX_FILES + 1)
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        // The root file first: it starts a generated bank.
        if let Some(top) = top {
            v.insert(0, top);
        }
        v
    }

    fn read(&self, path: &str) -> Result<String, String> {
        let root = std::fs::canonicalize(&self.root)
            .map_err(|e| format!("cannot read the content folder: {e}"))?;
        let real = inside(&root, &self.root.join(path)).map_err(|e| e.message)?;
        read_text(&real, MAX_FILE_BYTES).map_err(|e| e.message)
    }

    fn display(&self, path: &str) -> String {
        let shown = Path::new(&self.shown_root).join(path);
        crate::text::printable(&shown.display().to_string())
    }
}

/// Resolves `reference` (as written in `from_file`) to a root-relative path, refusing any path
/// that is absolute or climbs out of the root.
pub(crate) fn resolve(from_file: &str, reference: &str) -> Result<String, String> {
    let base = Path::new(from_file).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(reference).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "{} leaves the content folder",
                        crate::text::quoted(reference)
                    ));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "{} must be relative to the question file",
                    crate::text::quoted(reference)
                ));
            }
        }
    }
    if !reference.ends_with(".toml") {
        return Err(format!(
            "{} is not a .toml topology file",
            crate::text::quoted(reference)
        ));
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn references_resolve_inside_the_root_only() {
        assert_eq!(
            resolve("questions/a.toml", "../topologies/x.toml").unwrap(),
            "topologies/x.toml"
        );
        assert_eq!(
            resolve("questions/a.toml", "./local.toml").unwrap(),
            "questions/local.toml"
        );
        assert!(resolve("questions/a.toml", "../../etc/passwd.toml").is_err());
        assert!(resolve("questions/a.toml", "/etc/x.toml").is_err());
        assert!(resolve("questions/a.toml", "../topologies/x.txt").is_err());
    }
}
