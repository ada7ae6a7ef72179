//! `peerlab exhibit FILE`: a topology's exhibit (the diagram and the portal-shaped tables an
//! exam item shows), as text or `--json` (FORMAT.md "Exhibits").

use super::files;
use crate::exhibit::{self, Selector};
use std::path::Path;

pub fn run(file: &Path, tables: &[String], width: usize, json: bool) -> i32 {
    let Some(parsed) = files::load_topology(file) else {
        return 2;
    };
    let t = &parsed.topology;
    let selectors: Vec<Selector> = if tables.is_empty() {
        exhibit::default_selectors(t)
    } else {
        match exhibit::parse_all(t, tables) {
            Ok(s) => s,
            Err(bad) => {
                for (_, e) in bad {
                    eprintln!(
                        "{}: error: --table: {}",
                        files::show(file),
                        crate::text::printable(&e)
                    );
                }
                return 2;
            }
        }
    };
    let opts = crate::diagram::Options {
        width: width.max(crate::diagram::MIN_WIDTH),
        ..exhibit::default_options()
    };
    let e = exhibit::build(t, &selectors, &opts);
    if json {
        let text = serde_json::to_string_pretty(&e.to_json()).expect("serialises");
        println!("{}", crate::text::json_printable(&text));
    } else {
        print!(
            "{}",
            crate::text::printable(&exhibit::exhibit_text(&e, opts.width))
        );
    }
    0
}
