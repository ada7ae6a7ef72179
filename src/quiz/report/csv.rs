//! The class report as CSV: one row per student and question, every column one meaning, so
//! a spreadsheet can filter and pivot it (FORMAT.md, "The class report as CSV").

use super::class::ClassReport;

/// A CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` neutralised so a
/// spreadsheet does not run a student's name as a formula.
fn field(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@']) {
        crate::text::csv_quote(&format!("'{v}"))
    } else {
        crate::text::csv_quote(v)
    }
}

pub const HEADER: &str = "name,file,seed,counted,flags,score,passed,right,wrong,unanswered,total,seconds,finished_at,position,question_id,topic,kind,answered,correct,response";

pub fn to_csv(c: &ClassReport) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for st in &c.students {
        let head = [
            field(&st.name),
            field(&st.file),
            st.seed.to_string(),
            st.counted.to_string(),
            field(&st.flags.join("; ")),
            st.score.to_string(),
            st.passed.to_string(),
            st.right.to_string(),
            st.wrong.to_string(),
            st.unanswered.to_string(),
            st.total.to_string(),
            st.seconds.to_string(),
            field(st.finished_at.as_deref().unwrap_or("")),
        ]
        .join(",");
        if st.items.is_empty() {
            s.push_str(&format!("{head},,,,,,,\n"));
        }
        for (n, (id, topic, kind, answered, correct, response)) in st.items.iter().enumerate() {
            s.push_str(&format!(
                "{head},{},{},{},{},{answered},{correct},{}\n",
                n + 1,
                field(id),
                field(topic),
                field(kind),
                field(response)
            ));
        }
    }
    s
}
