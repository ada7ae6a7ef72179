//! `peerlab stats` and `peerlab export`: the learner's history, for people and for scripts.

use crate::store::Store;
use std::path::Path;

/// Says why the history failed, made printable (a path may hold anything), and gives the
/// exit code for bad input.
pub(super) fn fail(e: &dyn std::fmt::Display) -> i32 {
    eprintln!("peerlab: error: {}", crate::text::printable(&e.to_string()));
    2
}

/// Opens the history, or explains (on stderr) why it cannot be.
pub fn open(data_dir: Option<&Path>) -> Option<Store> {
    let Some(dir) = crate::store::data_dir(data_dir) else {
        eprintln!(
            "peerlab: error: no home folder to keep the history in; choose one with --data-dir DIR or PEERLAB_DATA_DIR"
        );
        return None;
    };
    match Store::open(&dir) {
        Ok(s) => Some(s),
        Err(e) => {
            fail(&e);
            None
        }
    }
}

/// Opens the history for a command that only reads it: when there is none yet, an empty
/// one in memory, so that `stats` and `export` create no folder and no file.
pub fn open_read(data_dir: Option<&Path>) -> Option<Store> {
    let Some(dir) = crate::store::data_dir(data_dir) else {
        eprintln!(
            "peerlab: error: no home folder to keep the history in; choose one with --data-dir DIR or PEERLAB_DATA_DIR"
        );
        return None;
    };
    match Store::open_read(&dir) {
        Ok(s) => Some(s),
        Err(e) => {
            fail(&e);
            None
        }
    }
}

pub fn stats(data_dir: Option<&Path>, json: bool) -> i32 {
    let Some(store) = open_read(data_dir) else {
        return 2;
    };
    let now = crate::store::unix_now();
    let figures = store
        .stats(now, 0)
        .and_then(|st| Ok((st, store.progress(now, 0)?, store.lab_summaries()?)))
        .and_then(|f| Ok((f, store.scheduler_info()?)));
    match figures {
        Ok(((st, progress, labs), sched)) if json => {
            // The stats object as before, plus the charts' figures under "progress" and the
            // lab attempts under "labs".
            let mut v = serde_json::to_value(&st).expect("serialises");
            v["progress"] = serde_json::to_value(&progress).expect("serialises");
            v["labs"] = serde_json::to_value(&labs).expect("serialises");
            v["scheduler"] = serde_json::to_value(&sched).expect("serialises");
            let json = serde_json::to_string_pretty(&v).expect("serialises");
            println!("{}", crate::text::json_printable(&json));
            0
        }
        Ok(((st, progress, labs), sched)) => {
            println!(
                "{}\n{}\n\n{}",
                st.text(store.path()),
                sched.text(),
                progress.text()
            );
            let labs = crate::store::labs_text(&labs);
            if !labs.is_empty() {
                print!("\n{labs}");
            }
            0
        }
        Err(e) => fail(&e),
    }
}

/// `stats --retention R` and `stats --optimize`: changes the learner's scheduling settings
/// (which needs the history open for writing, unlike `stats`) and says what changed.
pub fn tune(data_dir: Option<&Path>, json: bool, optimize: bool, retention: Option<f32>) -> i32 {
    let Some(mut store) = open(data_dir) else {
        return 2;
    };
    if let Some(r) = retention {
        if let Err(e) = store.set_retention(r) {
            return fail(&e);
        }
        if !json {
            println!("Desired retention set to {r}: answers from now on are scheduled for it.");
        }
    }
    if !optimize {
        if json {
            let v = serde_json::json!({ "retention": crate::store::fit_rounded(store.scheduler().retention()) });
            println!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        }
        return 0;
    }
    let fit = match store.optimize() {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    if json {
        let mut v = serde_json::to_value(&fit).expect("serialises");
        v["retention"] =
            serde_json::json!(crate::store::fit_rounded(store.scheduler().retention()));
        println!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        return 0;
    }
    println!("{}", fit.text());
    0
}

fn csv_field(s: &str) -> String {
    // History text can hold anything a question file held: never let it reach the terminal.
    crate::text::csv_quote(&crate::text::printable(s))
}

/// Why an export stopped: the history, or the output (a closed pipe, a full disk).
enum ExportError {
    Store(crate::store::StoreError),
    Write(std::io::Error),
}

impl From<crate::store::StoreError> for ExportError {
    fn from(e: crate::store::StoreError) -> Self {
        ExportError::Store(e)
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Write(e)
    }
}

/// What `export` writes.
pub enum Export {
    Csv,
    Json,
    /// xAPI statements about the learner named by the string.
    Xapi(crate::xapi::Target, String),
}

/// Streams the history to stdout, one answer at a time (FORMAT.md §2 `export`).
pub fn export(data_dir: Option<&Path>, format: Export) -> i32 {
    if let Export::Xapi(_, actor) = &format {
        if let Err(e) = crate::text::check_text(actor.trim(), 80).and_then(|()| {
            (!actor.trim().is_empty())
                .then_some(())
                .ok_or("it is empty".into())
        }) {
            eprintln!("peerlab: error: --actor: {e} (a name of 1 to 80 printable characters)");
            return 2;
        }
    }
    let Some(store) = open_read(data_dir) else {
        return 2;
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let done = match &format {
        Export::Csv => export_csv(&store, &mut out),
        Export::Json => export_json(&store, &mut out),
        Export::Xapi(t, actor) => export_xapi(&store, t, actor.trim(), &mut out),
    };
    match done.and_then(|()| Ok(std::io::Write::flush(&mut out)?)) {
        Ok(()) => 0,
        Err(ExportError::Store(e)) => fail(&e),
        Err(ExportError::Write(e)) => fail(&format!("cannot write the export: {e}")),
    }
}

/// The columns, in order. `answered_at` became ISO 8601 (issue 13); the unix seconds it held
/// before come back as the last column, `answered_unix`, for scripts that computed with them.
/// New columns go at the end, so a reader taking columns by position keeps working.
pub const CSV_HEADER: &str = "session,mode,answered_at,position,item_key,question_id,template,topic,kind,difficulty,correct,millis,response,response_text,answered_unix";

fn export_csv(store: &Store, out: &mut impl std::io::Write) -> Result<(), ExportError> {
    writeln!(out, "{CSV_HEADER}")?;
    store.each_answer(|a| -> Result<(), ExportError> {
        let r = &a.answer;
        let fields = [
            a.session.to_string(),
            a.mode.clone(),
            crate::civil::iso8601(a.answered_at),
            r.position.to_string(),
            r.key.clone(),
            r.question_id.clone(),
            r.template.clone().unwrap_or_default(),
            r.topic.clone(),
            r.kind.clone(),
            r.difficulty.to_string(),
            r.correct.to_string(),
            r.millis.to_string(),
            r.response.clone(),
            serde_json::from_str(&r.response)
                .map(|a| crate::quiz::report::readable(&a))
                .unwrap_or_default(),
            a.answered_at.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
        Ok(())
    })
}

/// The document `{ "format", "version", "sessions": [...], "answers": [...] }`, written piece
/// by piece; each piece is printable JSON (see [`crate::text::json_printable`]).
fn export_json(store: &Store, out: &mut impl std::io::Write) -> Result<(), ExportError> {
    let sessions = store.sessions()?;
    writeln!(
        out,
        "{{\n  \"format\": \"peerlab-history\",\n  \"version\": {},\n  \"sessions\": [",
        crate::store::VERSION
    )?;
    for (i, s) in sessions.iter().enumerate() {
        let sep = if i + 1 < sessions.len() { "," } else { "" };
        writeln!(out, "    {}{sep}", piece(s))?;
    }
    writeln!(out, "  ],\n  \"answers\": [")?;
    let mut first = true;
    store.each_answer(|a| -> Result<(), ExportError> {
        if !first {
            writeln!(out, ",")?;
        }
        first = false;
        write!(out, "    {}", piece(&a))?;
        Ok(())
    })?;
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "  ]\n}}")?;
    Ok(())
}

/// A JSON array of statements: each answer's `answered`, then each finished session's
/// closing statement (FORMAT.md, "xAPI statements").
fn export_xapi(
    store: &Store,
    t: &crate::xapi::Target,
    actor: &str,
    out: &mut impl std::io::Write,
) -> Result<(), ExportError> {
    let sessions = store.sessions()?;
    let by_id: std::collections::HashMap<i64, &crate::store::SessionRow> =
        sessions.iter().map(|s| (s.id, s)).collect();
    writeln!(out, "[")?;
    let mut first = true;
    let mut put =
        |out: &mut dyn std::io::Write, v: &serde_json::Value| -> Result<(), ExportError> {
            if !first {
                writeln!(out, ",")?;
            }
            first = false;
            write!(out, "  {}", piece(v))?;
            Ok(())
        };
    store.each_answer(|a| -> Result<(), ExportError> {
        if let Some(s) = by_id.get(&a.session) {
            put(out, &crate::xapi::history_answer(t, actor, s, &a))?;
        }
        Ok(())
    })?;
    for s in &sessions {
        if let Some(v) = crate::xapi::history_session(t, actor, s) {
            put(out, &v)?;
        }
    }
    writeln!(out, "\n]")?;
    Ok(())
}

/// One history row as one line of printable JSON.
fn piece<T: serde::Serialize>(v: &T) -> String {
    crate::text::json_printable(&serde_json::to_string(v).expect("history rows serialise"))
}

/// `peerlab resume --close`: marks every interrupted session closed, keeping its answers.
/// With no history yet there is nothing to close, and nothing is created.
pub fn close_open(data_dir: Option<&Path>) -> i32 {
    if let Some(dir) = crate::store::data_dir(data_dir) {
        let file = dir.join(crate::store::FILE);
        if std::fs::symlink_metadata(&file).is_err() {
            println!(
                "No history at {} yet: there is no interrupted session to close.",
                crate::text::printable(&file.display().to_string())
            );
            return 0;
        }
    }
    let Some(mut store) = open(data_dir) else {
        return 2;
    };
    let run = |store: &mut Store| -> Result<usize, crate::store::StoreError> {
        let mut n = 0;
        for s in store.open_sessions()? {
            n += usize::from(store.abandon_session(s.id, crate::store::unix_now())?);
        }
        Ok(n)
    };
    match run(&mut store) {
        Ok(0) => {
            println!("No interrupted session to close.");
            0
        }
        Ok(n) => {
            println!(
                "Closed {n} interrupted session{}; their answers stay in the history.",
                if n == 1 { "" } else { "s" }
            );
            0
        }
        Err(e) => fail(&e),
    }
}
