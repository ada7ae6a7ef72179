//! `peerlab report`: the class summary of handed-in drill files, each checked against the
//! bank the drill was taken with (`--content`, else the built-in one).

use super::{files, questions};
use crate::quiz::report;
use std::path::{Path, PathBuf};

pub fn run(content: Option<&Path>, paths: &[PathBuf], csv: bool) -> i32 {
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
    print!(
        "{}",
        if csv {
            report::to_csv(&c)
        } else {
            report::to_text(&c)
        }
    );
    if bad { 2 } else { 0 }
}
