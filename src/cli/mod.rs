//! The command line: non-interactive commands with human output and `--json` (FORMAT.md §2).
//! Exit codes: 0 success, 1 `check` found errors, 2 bad input (file or arguments).

mod args;
mod check;
pub mod completions;
mod exhibit;
mod files;
mod generate;
mod import;
mod lab;
mod matrix;
mod progress;
mod questions;
mod report;
mod trace;

pub use args::*;
use clap::Parser;
use std::path::PathBuf;

/// clap quotes the offending argument as typed, and a pasted or scripted value can hold escape
/// sequences or be 100 KB long: its errors go through the same printable, bounded message as
/// every file error. Help and version are peerlab's own text and print as clap writes them.
fn argument_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return e.exit_code();
    }
    eprint!("{}", crate::text::message(&e.render().to_string()));
    e.exit_code()
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    match cli.command.take() {
        Some(Command::Check { paths, explain }) => check::run(&paths, explain),
        Some(Command::Generate {
            seed,
            count,
            out,
            json,
            topic,
            kind,
            difficulty,
            template,
        }) => {
            let filter = crate::generate::Filter {
                topic,
                kind,
                difficulty,
                template,
            };
            generate::run(seed, count, out.as_deref(), json, &filter)
        }
        Some(Command::Lab {
            name: None,
            generate: None,
            script: Some(_),
        }) => {
            eprintln!("peerlab: error: --script needs a lab: `peerlab lab NAME --script FILE`");
            2
        }
        Some(Command::Lab {
            name: None,
            generate: None,
            ..
        }) => lab::list(cli.content.as_deref()),
        Some(Command::Lab {
            name,
            generate,
            script: Some(file),
        }) => lab::script(cli.content.as_deref(), &lab::wanted(name, generate), &file),
        Some(Command::Lab {
            name,
            generate,
            script: None,
        }) => match lab::find(cli.content.as_deref(), &lab::wanted(name, generate)) {
            // On a terminal a built-in lab opens in the trainer's Lab screen; a lab of
            // --content, or input that is not a terminal, gets the plain prompt.
            Ok(l) if cli.content.is_none() && lab::on_terminal() => {
                trainer(&cli, Trainer::Lab { name: l.name })
            }
            Ok(l) => lab::repl(l),
            Err(code) => code,
        },
        Some(Command::Questions {
            topic,
            kind,
            json,
            full,
        }) => questions::run(cli.content.as_deref(), topic, kind, json, full),
        Some(Command::Trace {
            file,
            from,
            to,
            port,
            protocol,
            json,
            as_user,
        }) => trace::trace(
            &file,
            &from,
            &to,
            (port, protocol.into()),
            as_user.as_deref(),
            json,
        ),
        Some(Command::Routes { file, vm, json }) => trace::routes(&file, &vm, json),
        Some(Command::Explore { file }) => explore(&file),
        Some(Command::Matrix {
            file,
            port,
            protocol,
            json,
            csv,
        }) => {
            let output = match (json, csv) {
                (true, _) => matrix::Output::Json,
                (_, true) => matrix::Output::Csv,
                _ => matrix::Output::Text,
            };
            matrix::run(&file, port, protocol.into(), output)
        }
        Some(Command::Exhibit {
            file,
            tables,
            width,
            json,
        }) => exhibit::run(&file, &tables, width, json),
        Some(Command::Import { paths, out }) => import::run(&paths, out.as_deref()),
        Some(Command::Completions { target, dir }) => completions::run(target, dir.as_deref()),
        Some(Command::Diagram {
            file,
            width,
            unicode,
            detail,
            from,
            to,
            port,
            protocol,
        }) => {
            let flow = from.zip(to).map(|(f, t)| (f, t, port, protocol.into()));
            trace::diagram(&file, width, unicode, detail, flow)
        }
        Some(Command::NextHop { file, vm, to, json }) => trace::next_hop(&file, &vm, to, json),
        Some(Command::IpFlowVerify {
            file,
            vm,
            direction,
            remote,
            port,
            protocol,
            json,
        }) => trace::ip_flow_verify(
            &file,
            &vm,
            direction.into(),
            remote,
            port,
            protocol.into(),
            json,
        ),
        Some(Command::Report {
            files,
            csv,
            html,
            xapi,
            xapi_base,
        }) => report::run(
            cli.content.as_deref(),
            &files,
            &report::Outputs {
                csv,
                html: html.as_deref(),
                xapi: xapi.as_deref(),
                xapi_base: &xapi_base,
            },
        ),
        Some(Command::Stats {
            json,
            optimize,
            retention,
        }) if optimize || retention.is_some() => {
            progress::tune(cli.data_dir.as_deref(), json, optimize, retention)
        }
        Some(Command::Stats { json, .. }) => progress::stats(cli.data_dir.as_deref(), json),
        Some(Command::Export {
            format,
            actor,
            xapi_base,
        }) => {
            let format = match (format, actor) {
                (ExportFormat::Csv, _) => progress::Export::Csv,
                (ExportFormat::Json, _) => progress::Export::Json,
                (ExportFormat::Xapi, actor) => match crate::xapi::Target::new(&xapi_base) {
                    Ok(t) => progress::Export::Xapi(t, actor.unwrap_or_default()),
                    Err(e) => {
                        eprintln!("peerlab: error: --xapi-base: {e}");
                        return 2;
                    }
                },
            };
            progress::export(cli.data_dir.as_deref(), format)
        }
        Some(Command::Review) => trainer(&cli, Trainer::Review),
        Some(Command::Resume { close: true }) => progress::close_open(cli.data_dir.as_deref()),
        Some(Command::Resume { close: false }) => trainer(&cli, Trainer::Resume),
        Some(Command::Practice {
            missed: true, days, ..
        }) => trainer(&cli, Trainer::Missed { days }),
        Some(Command::Practice { topic, source, .. }) => {
            let source = match source {
                SourceArg::Bank => crate::quiz::Source::Bank,
                SourceArg::Generated => crate::quiz::Source::Generated,
                SourceArg::Mixed => crate::quiz::Source::Mixed,
            };
            trainer(&cli, Trainer::Practice { topic, source })
        }
        Some(Command::Exam {
            questions,
            minutes,
            seed,
        }) => trainer(
            &cli,
            Trainer::Exam {
                questions,
                minutes,
                seed,
            },
        ),
        Some(Command::Drill {
            seed,
            questions,
            minutes,
            name,
            out,
        }) => {
            if let Err(e) = crate::text::check_text(&name, 80) {
                eprintln!("peerlab: error: --name: {e}");
                return 2;
            }
            let out = out.unwrap_or_else(|| {
                let safe: String = name
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                PathBuf::from(format!("peerlab-drill-{seed}-{safe}.json"))
            });
            trainer(
                &cli,
                Trainer::Drill {
                    seed,
                    questions,
                    minutes,
                    name,
                    out,
                },
            )
        }
        None => trainer(&cli, Trainer::Menu),
    }
}

#[cfg(feature = "tui")]
fn explore(file: &std::path::Path) -> i32 {
    match files::load_topology(file) {
        Some(parsed) => crate::tui::explore::run(parsed.topology, file),
        None => 2,
    }
}

#[cfg(not(feature = "tui"))]
fn explore(_file: &std::path::Path) -> i32 {
    eprintln!(
        "peerlab was built without the `tui` feature: explore is not available; use peerlab matrix or trace"
    );
    1
}

/// What the trainer should open (kept apart from `tui` so the CLI builds without it).
#[allow(dead_code)]
enum Trainer {
    Menu,
    Review,
    /// `practice --missed --days N`.
    Missed {
        days: u64,
    },
    Resume,
    Practice {
        topic: Option<crate::bank::Topic>,
        source: crate::quiz::Source,
    },
    Exam {
        questions: usize,
        minutes: u64,
        seed: Option<u64>,
    },
    Drill {
        seed: u64,
        questions: usize,
        minutes: u64,
        name: String,
        out: PathBuf,
    },
    /// `lab NAME` on a terminal.
    Lab {
        name: String,
    },
}

#[cfg(feature = "tui")]
fn session_seed() -> u64 {
    // Never 0, even with a clock before 1970.
    crate::store::unix_now().max(1) as u64
}

#[cfg(feature = "tui")]
fn trainer(cli: &Cli, what: Trainer) -> i32 {
    use crate::tui::Start;
    let Some(bank) = questions::load_bank(cli.content.as_deref()) else {
        return 2;
    };
    // Without a usable history the trainer does not open: answers would silently be lost.
    let history = if cli.no_history {
        None
    } else {
        let Some(store) = progress::open(cli.data_dir.as_deref()) else {
            eprintln!("peerlab: (to practise without keeping a history, add --no-history)");
            return 2;
        };
        match crate::tui::history_of(&store) {
            Ok(h) => Some((store, h)),
            Err(e) => return progress::fail(&e),
        }
    };
    let seed = session_seed();
    let mut resume = None;
    if matches!(what, Trainer::Resume) {
        let Some((store, _)) = &history else {
            eprintln!("peerlab: error: resume needs the history (remove --no-history)");
            return 2;
        };
        match crate::store::resume_of(store, &bank) {
            Ok(r) => resume = Some(r),
            Err(msg) => {
                eprintln!("peerlab: {}", crate::text::printable(&msg));
                return 2;
            }
        }
    }
    let mut missed = Vec::new();
    if let Trainer::Missed { days } = what {
        let Some((store, _)) = &history else {
            eprintln!("peerlab: error: --missed needs the history (remove --no-history)");
            return 2;
        };
        let since = crate::store::unix_now() - (days as i64) * 86_400;
        match store.missed(since, 200) {
            Ok(keys) if keys.is_empty() => {
                println!(
                    "Nothing to retry: no question's latest answer in the last {days} day{} was wrong.",
                    if days == 1 { "" } else { "s" }
                );
                return 0;
            }
            Ok(keys) => missed = keys,
            Err(e) => return progress::fail(&e),
        }
    }
    let start = match what {
        Trainer::Menu => Start::Menu,
        Trainer::Missed { .. } => Start::Missed { keys: missed },
        Trainer::Review => Start::Review,
        Trainer::Resume => Start::Menu,
        Trainer::Practice { topic, source } => Start::Practice { topic, source },
        Trainer::Exam {
            questions,
            minutes,
            seed: s,
        } => Start::Exam {
            questions,
            minutes,
            seed: s.unwrap_or(seed),
        },
        Trainer::Drill {
            seed,
            questions,
            minutes,
            name,
            out,
        } => Start::Drill {
            questions,
            minutes,
            seed,
            name,
            out,
        },
        Trainer::Lab { name } => Start::Lab { name },
    };
    crate::tui::run(bank, start, seed, history, resume, !cli.no_mouse)
}

#[cfg(not(feature = "tui"))]
fn trainer(_cli: &Cli, _what: Trainer) -> i32 {
    eprintln!(
        "peerlab was built without the `tui` feature: the interactive trainer is not available. These commands work:\n"
    );
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    1
}
