//! `peerlab stats` and `peerlab export`: the learner's history, for people and for scripts.

use crate::store::{Stats, Store};
use std::fmt::Write as _;
use std::path::Path;

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
            eprintln!("peerlab: error: {}", crate::text::printable(&e.to_string()));
            None
        }
    }
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
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
    let Some(store) = open(data_dir) else {
        return 2;
    };
    match store.stats(unix_now(), 0) {
        Ok(st) if json => {
            println!("{}", serde_json::to_string_pretty(&st).expect("serialises"));
            0
        }
        Ok(st) => {
            println!("{}", stats_text(&st, store.path()));
            0
        }
        Err(e) => {
            eprintln!("peerlab: error: {}", crate::text::printable(&e.to_string()));
            2
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn export(data_dir: Option<&Path>, csv: bool) -> i32 {
    let Some(store) = open(data_dir) else {
        return 2;
    };
    let (answers, sessions) = match store.history().and_then(|h| Ok((h, store.sessions()?))) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("peerlab: error: {}", crate::text::printable(&e.to_string()));
            return 2;
        }
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
            serde_json::to_string_pretty(&doc).expect("serialises")
        );
    }
    0
}
