//! `peerlab lab`: list the labs, run a script of commands against one (how a teacher checks a
//! submission), or work one line by line.

use crate::lab::{self, Lab, Session};
use std::io::{BufRead, Write};
use std::path::Path;

/// The labs of `--content DIR`, or the built-in ones; broken files are reported and skipped.
pub fn load(content: Option<&Path>) -> Vec<Lab> {
    let all = match content {
        Some(dir) => lab::from_dir(dir),
        None => lab::builtin(),
    };
    all.into_iter()
        .filter_map(|r| match r {
            Ok(l) => Some(l),
            Err(b) => {
                for p in &b.problems {
                    eprintln!("{}", p.render(&b.file));
                }
                None
            }
        })
        .collect()
}

pub fn list(content: Option<&Path>) -> i32 {
    let labs = load(content);
    let width = labs.iter().map(|l| l.name.len()).max().unwrap_or(0);
    for l in &labs {
        println!("{:<width$}  {}", l.name, crate::text::printable(&l.title));
    }
    0
}

/// The lab name the command line asks for: NAME, or `generated-SEED` for `--generate SEED`.
pub fn wanted(name: Option<String>, generate: Option<u64>) -> String {
    match generate {
        Some(seed) => format!("{}{seed}", lab::generated::PREFIX),
        None => name.unwrap_or_default(),
    }
}

/// The lab called `name`, or an error line and exit code 2.
pub fn find(content: Option<&Path>, name: &str) -> Result<Lab, i32> {
    if let Some(seed) = lab::generated::seed_of(name) {
        return lab::generated::lab(seed).ok_or_else(|| {
            eprintln!(
                "peerlab: error: seed {seed} gives no lab the simulated CLI can repair; try another seed"
            );
            2
        });
    }
    let labs = load(content);
    match labs.into_iter().find(|l| l.name == name) {
        Some(l) => Ok(l),
        None => {
            eprintln!(
                "peerlab: error: there is no lab named {}; `peerlab lab` lists them",
                crate::text::quoted(name)
            );
            Err(2)
        }
    }
}

fn intro(l: &Lab) -> String {
    format!(
        "{}\n\n{}\n\nResource group: {}. Type `help` for the lab's commands.\n",
        crate::text::printable(&l.title),
        crate::text::printable(&l.story),
        crate::text::printable(&l.resource_group)
    )
}

/// Runs every command of `file` (a failing one prints its error and the script goes on), then
/// prints each goal. Exit 0 when every goal holds, 1 when one does not, 2 on an unreadable file.
pub fn script(content: Option<&Path>, name: &str, file: &Path) -> i32 {
    let l = match find(content, name) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let text = match super::files::read(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let mut s = Session::new(l);
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in lab::file::answer_lines(&text) {
        let _ = writeln!(out, "$ {}", crate::text::printable(&line));
        let r = s.run(&line);
        if r.error {
            let _ = out.flush();
            eprint!("{}", r.text);
        } else {
            let _ = write!(out, "{}", r.text);
        }
    }
    let _ = write!(out, "\n{}", s.goals_text());
    if s.done() {
        let sc = s.score();
        let _ = writeln!(
            out,
            "Lab done: every goal holds ({} commands; the model answer uses {}).",
            sc.commands, sc.model
        );
        0
    } else {
        let _ = writeln!(out, "Not done: a goal does not hold.");
        1
    }
}

/// Whether `peerlab lab NAME` can open the trainer's Lab screen: built with it, and both
/// standard input and output a terminal.
pub fn on_terminal() -> bool {
    use std::io::IsTerminal;
    cfg!(feature = "tui") && std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// A plain line-by-line session on standard input (what `peerlab lab NAME` does without the
/// trainer, or with standard input not a terminal).
pub fn repl(l: Lab) -> i32 {
    print!("{}\n{}", intro(&l), Session::new(l.clone()).goals_text());
    let mut s = Session::new(l);
    let stdin = std::io::stdin();
    let mut pending = String::new();
    loop {
        print!("{}", if pending.is_empty() { "az> " } else { "> " });
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let full = std::mem::take(&mut pending);
        if matches!(full.trim(), "exit" | "quit") {
            break;
        }
        let r = s.run(&full);
        if r.error {
            eprint!("{}", r.text);
        } else {
            print!("{}", r.text);
        }
        if r.changed && s.done() {
            print!("{}", s.goals_text());
            let sc = s.score();
            println!(
                "Lab done: every goal holds. Score {}/100 ({} commands, model answer {}, {} hints).",
                sc.points, sc.commands, sc.model, sc.hints
            );
        }
    }
    if s.done() { 0 } else { 1 }
}

/// A lab file: one in a `labs` folder, or one with a model answer and goals.
pub fn is_lab_file(path: &Path, text: &str) -> bool {
    match text.parse::<toml::Table>() {
        Ok(t) => t.contains_key("answer") && t.contains_key("goal"),
        Err(_) => path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "labs"),
    }
}

/// `check`'s problems for a lab file: its parse errors, else what proving it finds.
pub fn check_file(path: &Path) -> Vec<crate::model::Diagnostic> {
    match lab::from_file(path) {
        Ok(l) => lab::prove(&l),
        Err(b) => b.problems,
    }
}
