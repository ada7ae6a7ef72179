//! The progress summary as text: what `peerlab stats` prints and the trainer's Progress
//! screen shows (kept with the data so neither front end borrows it from the other).

use super::Stats;
use std::fmt::Write as _;
use std::path::Path;

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// Seconds as "42 s" or "3:05 min".
fn secs(x: f64) -> String {
    let s = x.round().max(0.0) as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{}:{:02} min", s / 60, s % 60)
    }
}

impl Stats {
    /// The progress summary, as `peerlab stats` prints it and the trainer's Progress screen shows.
    pub fn text(&self, path: &Path) -> String {
        let st = self;
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} answer{}, {} right ({}); streak {} day{}",
            st.answers,
            if st.answers == 1 { "" } else { "s" },
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
        if let Some(missing) = r.missing() {
            let _ = writeln!(o, "Readiness: {missing}");
        } else {
            let _ = writeln!(
                o,
                "Readiness: predicted exam score {} (95% range {}-{}), chance of passing {}",
                r.score,
                r.low,
                r.high,
                pct(r.pass_probability)
            );
        }
        if r.missing().is_none() && !r.unseen_topics.is_empty() {
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
        if st.open_exams > 0 {
            let _ = writeln!(
                o,
                "An interrupted exam can be resumed: peerlab resume (or Resume in the trainer's menu)"
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
        // The exams are listed once, under "Exam history" with the charts (Progress::text).
        let _ = writeln!(
            o,
            "\nBy question kind (mean time per answer: {})",
            secs(st.mean_seconds)
        );
        if st.per_kind.is_empty() {
            let _ = writeln!(o, "  nothing answered yet");
        }
        for k in &st.per_kind {
            let _ = writeln!(
                o,
                "  {:<20} {:>4}/{:<4} {:>4}  {:>6} per answer",
                k.kind,
                k.correct,
                k.answers,
                pct(k.accuracy),
                secs(k.mean_seconds)
            );
        }
        let _ = write!(o, "\nHistory: {}", path.display());
        crate::text::printable(&o)
    }
}
