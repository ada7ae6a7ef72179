//! `peerlab import`: Azure's JSON in, a topology file out (the work is `crate::import`'s).

use crate::import::{Input, MAX_INPUT_BYTES, import};
use std::path::{Path, PathBuf};

/// Reads one input with the shared hardened reader (regular files only, opened without
/// blocking, at most the limit read), refusing a file whose reported size is over the limit
/// before anything is read.
fn read_input(path: &Path) -> Result<Input, String> {
    let shown = super::files::show(path);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > MAX_INPUT_BYTES
    {
        return Err(format!(
            "{shown}: the file is {} bytes; imports are limited to {} MiB per file: split it \
             (one `az ... list` per file)",
            meta.len(),
            MAX_INPUT_BYTES >> 20
        ));
    }
    let limit = usize::try_from(MAX_INPUT_BYTES).unwrap_or(usize::MAX);
    crate::bank::read_text(path, limit)
        .map(|text| Input {
            name: shown.clone(),
            text,
        })
        .map_err(|e| match e.code {
            "not-a-file" => format!(
                "{shown}: not a regular file; give the JSON that `az ... list` or `az graph query` printed"
            ),
            "file-too-large" => format!(
                "{shown}: more than {} MiB; imports are limited to {} MiB per file",
                MAX_INPUT_BYTES >> 20,
                MAX_INPUT_BYTES >> 20
            ),
            "not-utf8" => format!("{shown}: not UTF-8 text; Azure's JSON always is"),
            _ => format!("{shown}: cannot read: {}", e.message),
        })
}

pub fn run(paths: &[PathBuf], out: Option<&Path>) -> i32 {
    let mut inputs = Vec::new();
    for p in paths {
        match read_input(p) {
            Ok(i) => inputs.push(i),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    match import(&inputs) {
        Ok(done) => {
            for w in &done.warnings {
                eprintln!("warning: {}", crate::text::printable(w));
            }
            let t = &done.parsed.topology;
            let summary = format!(
                "imported {} VNets, {} peering sides, {} VMs, {} firewalls, {} route tables, {} \
                 NSGs, {} sites, {} DNS zones ({} warnings)",
                t.vnets.len(),
                t.peerings.len(),
                t.vms.len(),
                t.firewalls.len(),
                t.route_tables.len(),
                t.nsgs.len(),
                t.sites.len(),
                t.dns_zones.len(),
                done.warnings.len()
            );
            match out {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, &done.toml) {
                        eprintln!("error: {}: cannot write: {e}", super::files::show(path));
                        return 2;
                    }
                    eprintln!("{summary}; wrote {}", super::files::show(path));
                }
                None => {
                    print!("{}", done.toml);
                    eprintln!("{summary}");
                }
            }
            0
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {}", p.render());
            }
            2
        }
    }
}
