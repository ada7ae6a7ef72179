//! Reading user files: bounded in size, UTF-8 checked, and errors that name the file.

use crate::model::{Diagnostic, MAX_FILE_BYTES, Parsed, parse_topology};
use std::path::Path;

/// The path as it is shown in messages (made printable: paths are user input too).
pub fn show(path: &Path) -> String {
    crate::text::printable(&path.display().to_string())
}

/// Reads a text file given on the command line: a regular file of at most `MAX_FILE_BYTES`
/// (see [`crate::bank::read_text`]), with the error as a located diagnostic line.
pub fn read(path: &Path) -> Result<String, String> {
    crate::bank::read_text(path, MAX_FILE_BYTES)
        .map_err(|e| format!("{}:1:1: error: {}: {}", show(path), e.code, e.message))
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
