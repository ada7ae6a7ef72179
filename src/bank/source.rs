//! Where question and topology files come from: the copy built into the binary, or a folder.
//! Paths are relative to the content root (`questions/x.toml`, `topologies/y.toml`) and may
//! not leave it: a question file from a stranger cannot make peerlab read other files.

use crate::model::MAX_FILE_BYTES;
use std::path::{Component, Path, PathBuf};

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
            .is_file()
            .then(|| "questions.toml".to_string());
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .filter_map(|p| {
                        p.file_name()
                            .map(|n| format!("questions/{}", n.to_string_lossy()))
                    })
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
        let full = self.root.join(path);
        let meta = std::fs::metadata(&full).map_err(|e| e.to_string())?;
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                meta.len()
            ));
        }
        let bytes = std::fs::read(&full).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())
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
