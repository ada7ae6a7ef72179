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

/// Writes `text` to `rel` inside the folder `root`, making the folders it needs, but never
/// through a link: a bank folder handed over with `questions.toml -> ~/.bashrc` (or
/// `topologies -> ~/.config`) must not make `generate --out` write over the file it points
/// at. A link, or a folder where a file goes (or the reverse), is an error with the path
/// that is wrong.
pub fn write_inside(
    root: &Path,
    rel: &str,
    text: &str,
) -> Result<(), (std::path::PathBuf, std::io::Error)> {
    use std::io::{Error, ErrorKind, Write};
    let parts: Vec<_> = Path::new(rel).components().collect();
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        let wrong = match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => Some(Error::other(
                "is a link; peerlab writes only plain files and folders (remove it, or choose another --out folder)",
            )),
            Ok(m) if last && !m.is_file() => Some(Error::other("is not a regular file")),
            Ok(m) if !last && !m.is_dir() => Some(Error::other("is not a folder")),
            Ok(_) => None,
            Err(e) if e.kind() == ErrorKind::NotFound && !last => std::fs::create_dir(&at).err(),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => Some(e),
        };
        if let Some(e) = wrong {
            return Err((at, e));
        }
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link swapped in since the check above is still not followed.
        opts.custom_flags(libc::O_NOFOLLOW);
    }
    opts.open(&at)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| (at, e))
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
