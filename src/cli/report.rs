//! `peerlab report`: the class summary of handed-in drill files, each checked against the
//! bank the drill was taken with (`--content`, else the built-in one).

use super::{files, questions};
use crate::quiz::report;
use std::path::{Path, PathBuf};

/// What `report` writes besides the text (or CSV) on standard output.
pub struct Outputs<'a> {
    pub csv: bool,
    pub html: Option<&'a Path>,
    pub xapi: Option<&'a Path>,
    pub xapi_base: &'a str,
}

pub fn run(content: Option<&Path>, paths: &[PathBuf], out: &Outputs) -> i32 {
    let target = match crate::xapi::Target::new(out.xapi_base) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("peerlab: error: --xapi-base: {e}");
            return 2;
        }
    };
    let Some(bank) = questions::load_bank(content) else {
        return 2;
    };
    let mut entries = Vec::new();
    let mut bad = false;
    for f in paths {
        let shown = files::show(f);
        let text = match files::read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("peerlab: error: {e}");
                bad = true;
                continue;
            }
        };
        match report::parse_result(&text) {
            Ok(result) => entries.push(report::Entry {
                file: shown,
                result,
            }),
            Err(e) => {
                eprintln!("{shown}: error: {e}");
                bad = true;
            }
        }
    }
    if entries.is_empty() {
        return 2;
    }
    let c = report::class_report(&entries, &bank);
    for s in c.students.iter().filter(|s| !s.counted) {
        eprintln!(
            "{}: warning: not counted: {}",
            s.file,
            crate::text::printable(&s.flags.join("; "))
        );
    }
    let mut written = true;
    if let Some(path) = out.html {
        let page = report::to_html(&c, &crate::civil::iso8601(crate::store::unix_now()));
        written &= write(path, &page);
    }
    if let Some(path) = out.xapi {
        let statements = crate::xapi::class(&target, &entries, &c, &bank);
        let json = serde_json::to_string_pretty(&statements).expect("statements serialise");
        written &= write(path, &format!("{json}\n"));
    }
    print!(
        "{}",
        if out.csv {
            report::to_csv(&c)
        } else {
            report::to_text(&c)
        }
    );
    if bad || !written { 2 } else { 0 }
}

/// Writes a whole file, or says on stderr why it could not.
fn write(path: &Path, text: &str) -> bool {
    match std::fs::write(path, text) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("peerlab: error: cannot write {}: {e}", files::show(path));
            false
        }
    }
}
