//! Embeds `content/` in the binary, so `cargo run` works from any folder.

use std::fmt::Write;
use std::path::Path;

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let rel = p
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((
                rel,
                p.canonicalize()
                    .expect("exists")
                    .to_string_lossy()
                    .into_owned(),
            ));
        }
    }
}

fn main() {
    // Read at run time, not baked in with env!: a target folder copied from another checkout
    // keeps its compiled build script, which would otherwise embed that checkout's content.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("content");
    println!("cargo:rerun-if-changed=content");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    for (_, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
    }
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(code, "    ({rel:?}, include_str!({abs:?})),");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("content_files.rs");
    std::fs::write(out, code).expect("write OUT_DIR/content_files.rs");
}
