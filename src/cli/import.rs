//! `peerlab import`: Azure's JSON in, a topology file out (the work is `crate::import`'s).

use crate::import::{Input, MAX_INPUT_BYTES, import};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads one input, refusing anything that is not a regular file or is over the limit
/// before it is read into memory (the size a device reports cannot be trusted: read at most
/// the limit plus one byte).
fn read_input(path: &Path) -> Result<Input, String> {
    let shown = super::files::show(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{shown}: not a regular file; give the JSON that `az ... list` or `az graph query` printed"
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "{shown}: the file is {} bytes; imports are limited to {} MiB per file: split it \
             (one `az ... list` per file)",
            meta.len(),
            MAX_INPUT_BYTES >> 20
        ));
    }
    let f = std::fs::File::open(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let mut bytes = Vec::new();
    f.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{shown}: more than {} MiB; imports are limited to that per file",
            MAX_INPUT_BYTES >> 20
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown}: not UTF-8 text; Azure's JSON always is"))?;
    Ok(Input { name: shown, text })
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
