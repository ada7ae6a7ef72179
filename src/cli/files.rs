//! Reading user files: bounded in size, UTF-8 checked, and errors that name the file.

use crate::model::{Diagnostic, MAX_FILE_BYTES, Parsed, parse_topology};
use std::path::Path;

/// The path as it is shown in messages (made printable: paths are user input too).
pub fn show(path: &Path) -> String {
    crate::text::printable(&path.display().to_string())
}

/// Reads a text file, refusing anything over `MAX_FILE_BYTES` before reading it.
pub fn read(path: &Path) -> Result<String, String> {
    let shown = show(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.is_dir() {
        return Err(format!("{shown}: is a folder; give a topology file"));
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!(
            "{shown}:1:1: error: file-too-large: the file is {} bytes; the limit is {MAX_FILE_BYTES}",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}:1:1: error: not-utf8: the file is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Loads a topology for `trace`/`routes`: on error prints every diagnostic to stderr.
/// Warnings go to stderr too, so `--json` output stays clean on stdout.
pub fn load_topology(path: &Path) -> Option<Parsed> {
    let shown = show(path);
    let text = match read(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return None;
        }
    };
    match parse_topology(&text) {
        Ok(parsed) => {
            print_all(&shown, &parsed.warnings);
            Some(parsed)
        }
        Err(diags) => {
            print_all(&shown, &diags);
            None
        }
    }
}

pub fn print_all(shown: &str, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render(shown));
    }
}
