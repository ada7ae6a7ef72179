//! `peerlab stats` and `peerlab export`: the learner's history, for people and for scripts.

use crate::store::{Stats, Store};
use std::fmt::Write as _;
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

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn day(unix: i64) -> String {
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), UTC.
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The progress summary, as `peerlab stats` prints it and the trainer's Progress screen shows.
pub fn stats_text(st: &Stats, path: &Path) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} answers, {} right ({}); streak {} day{}",
        st.answers,
        st.correct,
        pct(st.accuracy),
        st.streak_days,
        if st.streak_days == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        o,
        "Due now: {}   due within a week: {}   items with a schedule: {}",
        st.due_now, st.due_this_week, st.scheduled
    );
    let r = &st.readiness;
    let _ = writeln!(
        o,
        "Readiness: predicted exam score {} (95% range {}-{}), chance of passing {}",
        r.score,
        r.low,
        r.high,
        pct(r.pass_probability)
    );
    if !r.unseen_topics.is_empty() {
        let _ = writeln!(
            o,
            "  Not yet answered, counted as a coin toss: {}",
            r.unseen_topics.join(", ")
        );
    }
    if st.open_sessions > 0 {
        let _ = writeln!(
            o,
            "Unfinished sessions: {} (their answers are kept)",
            st.open_sessions
        );
    }
    let _ = writeln!(o, "\nBy topic (trend: last 7 days against before)");
    if st.per_topic.is_empty() {
        let _ = writeln!(o, "  nothing answered yet");
    }
    for t in &st.per_topic {
        let trend = match t.trend {
            Some(d) if d > 0.0 => format!("up {}", pct(d)),
            Some(d) if d < 0.0 => format!("down {}", pct(-d)),
            Some(_) => "steady".to_string(),
            None => "-".to_string(),
        };
        let _ = writeln!(
            o,
            "  {:<20} {:>4}/{:<4} {:>4}  {}",
            t.topic,
            t.correct,
            t.answers,
            pct(t.accuracy),
            trend
        );
    }
    let _ = writeln!(o, "\nExams");
    if st.exams.is_empty() {
        let _ = writeln!(o, "  none yet");
    }
    for e in &st.exams {
        let _ = writeln!(
            o,
            "  {}  {:<5} {:>4}  {}",
            day(e.finished_at),
            e.mode,
            e.score,
            if e.passed { "pass" } else { "fail" }
        );
    }
    let _ = write!(o, "\nHistory: {}", path.display());
    crate::text::printable(&o)
}

pub fn stats(data_dir: Option<&Path>, json: bool) -> i32 {
    let Some(store) = open_read(data_dir) else {
        return 2;
    };
    match store.stats(crate::store::unix_now(), 0) {
        Ok(st) if json => {
            let json = serde_json::to_string_pretty(&st).expect("serialises");
            println!("{}", crate::text::json_printable(&json));
            0
        }
        Ok(st) => {
            println!("{}", stats_text(&st, store.path()));
            0
        }
        Err(e) => fail(&e),
    }
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

/// Streams the history to stdout, one answer at a time (FORMAT.md §2 `export`).
pub fn export(data_dir: Option<&Path>, csv: bool) -> i32 {
    let Some(store) = open_read(data_dir) else {
        return 2;
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let done = if csv {
        export_csv(&store, &mut out)
    } else {
        export_json(&store, &mut out)
    };
    match done.and_then(|()| Ok(std::io::Write::flush(&mut out)?)) {
        Ok(()) => 0,
        Err(ExportError::Store(e)) => fail(&e),
        Err(ExportError::Write(e)) => fail(&format!("cannot write the export: {e}")),
    }
}

fn export_csv(store: &Store, out: &mut impl std::io::Write) -> Result<(), ExportError> {
    writeln!(
        out,
        "session,mode,answered_at,position,item_key,question_id,template,topic,kind,difficulty,correct,millis,response"
    )?;
    store.each_answer(|a| -> Result<(), ExportError> {
        let r = &a.answer;
        let fields = [
            a.session.to_string(),
            a.mode.clone(),
            a.answered_at.to_string(),
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

/// One history row as one line of printable JSON.
fn piece<T: serde::Serialize>(v: &T) -> String {
    crate::text::json_printable(&serde_json::to_string(v).expect("history rows serialise"))
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

/// The last interrupted exam, rebuilt from its seed, with its answers and the time left.
/// Refused when the questions drawn today differ from the stored ones (another bank).
#[cfg(feature = "tui")]
pub fn resume_of(store: &Store, bank: &crate::bank::Bank) -> Result<crate::tui::Resume, String> {
    let open = store.open_sessions().map_err(|e| format!("error: {e}"))?;
    let Some(s) = open.iter().rev().find(|s| s.mode == "exam") else {
        let others = open.len();
        return Err(if others > 0 {
            format!(
                "no interrupted exam to resume ({others} interrupted practice, review or drill session{} can only be closed: peerlab resume --close)",
                if others == 1 { "" } else { "s" }
            )
        } else {
            "no interrupted exam to resume".to_string()
        });
    };
    let (Some(seed), Some(minutes)) = (s.seed, s.minutes) else {
        return Err(format!(
            "session {} has no seed or time limit stored; close it with peerlab resume --close",
            s.id
        ));
    };
    // The file may have been edited by hand (or written by an older peerlab that stored
    // `--minutes 18446744073709551615` as -1): a limit outside the range is not trusted.
    if !crate::store::limits::MINUTES.contains(&minutes) {
        return Err(format!(
            "session {} has a time limit of {minutes} minutes, outside 1 to {}; close it with peerlab resume --close",
            s.id,
            crate::store::limits::MINUTES.end()
        ));
    }
    // Bounded: the file may have been edited by hand.
    let items = crate::quiz::exam(bank, seed, s.questions.min(1000));
    let answers = store
        .session_answers(s.id)
        .map_err(|e| format!("error: {e}"))?;
    let mut given = Vec::new();
    // Time used runs to the last answer: the time the trainer was closed is not counted.
    let mut last_answer = s.started_at;
    for row in answers {
        let a = row.answer;
        let same = items
            .get(a.position)
            .is_some_and(|it| it.question.id == a.question_id);
        if !same {
            return Err(format!(
                "session {}: the questions drawn now differ from the ones answered (was the exam taken with another --content bank?). Use the same bank, or close it with peerlab resume --close",
                s.id
            ));
        }
        let answer: crate::quiz::Answer = serde_json::from_str(&a.response).map_err(|e| {
            format!(
                "session {}: an answer could not be read ({e}); close it with peerlab resume --close",
                s.id
            )
        })?;
        given.push((a.position, answer));
        last_answer = last_answer.max(row.answered_at);
    }
    let now = crate::store::unix_now();
    let used = (last_answer - s.started_at - s.paused as i64).max(0) as u64;
    Ok(crate::tui::Resume {
        session: s.id,
        items,
        left: std::time::Duration::from_secs(minutes.saturating_mul(60).saturating_sub(used)),
        given,
        interrupted: now - last_answer,
    })
}

#[cfg(all(test, feature = "tui"))]
mod tests {
    use crate::store::{AnswerRecord, Store};

    fn record(s: &mut Store, id: i64, pos: usize, q: &crate::quiz::Item, at: i64) {
        let a = crate::quiz::right_answer(&q.question).unwrap();
        let r = AnswerRecord {
            position: pos,
            key: q.key(),
            question_id: q.question.id.clone(),
            template: None,
            topic: q.question.topic.as_str().to_string(),
            kind: q.question.kind.as_str().to_string(),
            difficulty: q.question.difficulty,
            correct: true,
            millis: 1,
            response: serde_json::to_string(&a).unwrap(),
        };
        s.record(id, &r, at).unwrap();
    }

    #[test]
    fn a_second_resume_does_not_count_the_first_interruption_as_exam_time() {
        let bank = crate::bank::builtin().unwrap();
        let items = crate::quiz::exam(&bank, 12, 6);
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let now = crate::store::unix_now();
        let start = now - 10_000;
        let id = s
            .start_session("exam", Some(12), 6, Some(10), start)
            .unwrap();
        record(&mut s, id, 0, &items[0], start + 60);
        // First resume: 60 s used of 600.
        let r = super::resume_of(&s, &bank).unwrap();
        assert_eq!(r.left.as_secs(), 540);
        assert!(r.interrupted >= 9_940, "{}", r.interrupted);
        // As if resumed 40 s ago, answered 20 s ago, then killed again.
        s.add_pause(id, 9_900).unwrap();
        record(&mut s, id, 1, &items[1], now - 20);
        let r = super::resume_of(&s, &bank).unwrap();
        // Used: (now - 20) - start - 9,900 = 80 s.
        assert_eq!(r.left.as_secs(), 520);
        assert_eq!(r.given.len(), 2);
        assert_eq!(r.session, id);
    }

    #[test]
    fn resume_refuses_when_the_bank_draws_other_questions() {
        let bank = crate::bank::builtin().unwrap();
        let items = crate::quiz::exam(&bank, 12, 6);
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let now = crate::store::unix_now();
        // Stored as seed 13: today's draw for 13 differs at position 0.
        let id = s
            .start_session("exam", Some(13), 6, Some(10), now - 100)
            .unwrap();
        assert_ne!(
            crate::quiz::exam(&bank, 13, 6)[0].question.id,
            items[0].question.id
        );
        record(&mut s, id, 0, &items[0], now - 50);
        let e = super::resume_of(&s, &bank).err().expect("refused");
        assert!(e.contains("differ"), "{e}");
    }
}
