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

pub fn stats(data_dir: Option<&Path>, json: bool) -> i32 {
    let Some(store) = open(data_dir) else {
        return 2;
    };
    match store.stats(crate::store::unix_now(), 0) {
        Ok(st) if json => {
            let json = serde_json::to_string_pretty(&st).expect("serialises");
            println!("{}", crate::text::json_printable(&json));
            0
        }
        Ok(st) => {
            println!("{}", st.text(store.path()));
            0
        }
        Err(e) => fail(&e),
    }
}

fn csv_field(s: &str) -> String {
    // History text can hold anything a question file held: never let it reach the terminal.
    crate::text::csv_quote(&crate::text::printable(s))
}

pub fn export(data_dir: Option<&Path>, csv: bool) -> i32 {
    let Some(store) = open(data_dir) else {
        return 2;
    };
    let (answers, sessions) = match store.history().and_then(|h| Ok((h, store.sessions()?))) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    if csv {
        let mut o = String::from(
            "session,mode,answered_at,position,item_key,question_id,template,topic,kind,difficulty,correct,millis,response\n",
        );
        for a in &answers {
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
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            o.push_str(&line.join(","));
            o.push('\n');
        }
        print!("{o}");
    } else {
        let doc = serde_json::json!({
            "format": "peerlab-history",
            "version": crate::store::VERSION,
            "sessions": sessions,
            "answers": answers,
        });
        println!(
            "{}",
            crate::text::json_printable(&serde_json::to_string_pretty(&doc).expect("serialises"))
        );
    }
    0
}

/// `peerlab resume --close`: marks every interrupted session closed, keeping its answers.
pub fn close_open(data_dir: Option<&Path>) -> i32 {
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
