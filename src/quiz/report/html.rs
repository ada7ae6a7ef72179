//! The class report as one self-contained web page a teacher can open or mail: no script, no
//! external file (a Content-Security-Policy forbids loading any), bars drawn with CSS widths.
//! Every text in it came from a student's file or a question bank, so all of it is escaped.

use super::class::{ClassReport, QuestionRow, StudentRow};
use crate::quiz::PASS;

/// Text safe inside an element or a double-quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1180px;padding:0 16px;color:#1b1f23;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.sub{color:#57606a;margin:0 0 12px}.warn{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:middle}
th{background:#f6f8fa;font-weight:600}th.n{text-align:right}td.t{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{position:relative;height:14px;background:#eaeef2;border-radius:3px;min-width:160px;overflow:hidden}
.bar span{position:absolute;top:0;bottom:0;left:0}.bar .ok{background:#2da44e}.bar .low{background:#cf222e}.bar .u{background:#afb8c1}
tr.none td{color:#57606a;font-style:italic}
.stack{display:flex;height:14px;border-radius:3px;overflow:hidden;min-width:220px;background:#eaeef2}
.stack .r{background:#2da44e}.stack .w{background:#cf222e}.stack .u{background:#afb8c1}
.pass{position:absolute;top:-2px;bottom:-2px;width:2px;background:#1b1f23}
.tag{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;font-weight:600}
.tag.p{background:#dafbe1;color:#116329}.tag.f{background:#ffebe9;color:#a40e26}
.q{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:10px 0}
.q h3{font-size:15px;margin:0 0 4px}.q .prompt{margin:2px 0}.q .key{margin:2px 0 6px;color:#116329}
.q td.opt{width:60%}.right td{font-weight:600}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
ul.flags{margin:2px 0 8px}
";

fn pct(right: usize, asked: usize) -> f64 {
    if asked == 0 {
        0.0
    } else {
        100.0 * right as f64 / asked as f64
    }
}

fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A bar for the scaled score with the pass mark drawn on it.
fn score_bar(score: u16) -> String {
    let w = f64::from(score.min(1000)) / 10.0;
    let class = if score >= PASS { "ok" } else { "low" };
    format!(
        "<div class=\"bar\" role=\"img\" aria-label=\"score {score} of 1000\"><span class=\"{class}\" style=\"width:{w:.1}%\"></span><i class=\"pass\" style=\"left:{:.1}%\"></i></div>",
        f64::from(PASS) / 10.0
    )
}

/// Right, wrong and unanswered side by side, each as its share of the whole.
fn stack(right: usize, wrong: usize, unanswered: usize) -> String {
    let all = (right + wrong + unanswered).max(1) as f64;
    let w = |n: usize| 100.0 * n as f64 / all;
    format!(
        "<div class=\"stack\" role=\"img\" aria-label=\"{right} right, {wrong} wrong, {unanswered} unanswered\"><span class=\"r\" style=\"width:{:.1}%\"></span><span class=\"w\" style=\"width:{:.1}%\"></span><span class=\"u\" style=\"width:{:.1}%\"></span></div>",
        w(right),
        w(wrong),
        w(unanswered)
    )
}

fn students(c: &ClassReport, s: &mut String) {
    let counted: Vec<&StudentRow> = c.students.iter().filter(|s| s.counted).collect();
    s.push_str("<h2>Students</h2>\n");
    if counted.is_empty() {
        s.push_str("<p>No file counts: every one was flagged (see below).</p>\n");
    } else {
        s.push_str("<table id=\"students\"><tr><th>Name</th><th class=\"n\">Score</th><th></th><th>Result</th><th class=\"n\">Right</th><th class=\"n\">Wrong</th><th class=\"n\">Unanswered</th><th class=\"n\">Time</th><th>Finished (UTC)</th><th>Note</th></tr>\n");
        for st in counted {
            s.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"t\">{}</td><td>{}</td></tr>\n",
                escape(&st.name),
                st.score,
                score_bar(st.score),
                if st.passed {
                    "<span class=\"tag p\">pass</span>"
                } else {
                    "<span class=\"tag f\">fail</span>"
                },
                st.right,
                st.wrong,
                st.unanswered,
                minutes(st.seconds),
                escape(st.finished_at.as_deref().unwrap_or("-")),
                escape(&super::class::resubmitted(st).unwrap_or_default()),
            ));
        }
        s.push_str("</table>\n");
    }
    let flagged: Vec<&StudentRow> = c.students.iter().filter(|s| !s.counted).collect();
    if !flagged.is_empty() {
        s.push_str("<h2>Not counted</h2>\n<div id=\"flagged\">\n");
        for st in flagged {
            s.push_str(&format!(
                "<p><b>{}</b> ({}, score {} claimed)</p>\n<ul class=\"flags\">",
                escape(&st.name),
                escape(&st.file),
                st.score
            ));
            for f in &st.flags {
                s.push_str(&format!("<li>{}</li>", escape(f)));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</div>\n");
    }
}

fn topics(c: &ClassReport, s: &mut String) {
    s.push_str("<h2>Topics, hardest first</h2>\n<p class=\"legend\"><span style=\"background:#2da44e\"></span>right<span style=\"background:#cf222e\"></span>wrong<span style=\"background:#afb8c1\"></span>unanswered</p>\n<table id=\"topics\"><tr><th>Topic</th><th class=\"n\">Right</th><th></th><th class=\"n\">Right / wrong / unanswered</th></tr>\n");
    for t in &c.topics {
        let asked = t.right + t.wrong + t.unanswered;
        s.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{:.0}%</td><td>{}</td><td class=\"n\">{} / {} / {}</td></tr>\n",
            escape(&t.topic),
            pct(t.right, asked),
            stack(t.right, t.wrong, t.unanswered),
            t.right,
            t.wrong,
            t.unanswered
        ));
    }
    s.push_str("</table>\n");
}

fn question(n: usize, q: &QuestionRow, s: &mut String) {
    s.push_str(&format!(
        "<div class=\"q\" id=\"q{n}\"><h3>{}. {} <span class=\"sub\">({}) {:.0}% right: {} right, {} wrong, {} unanswered</span></h3>\n",
        n + 1,
        escape(&q.id),
        escape(&q.topic),
        pct(q.right, q.asked()),
        q.right,
        q.wrong,
        q.unanswered
    ));
    if !q.prompt.is_empty() {
        s.push_str(&format!(
            "<p class=\"prompt\">{}</p>\n<p class=\"key\">Answer: {}</p>\n",
            escape(&q.prompt),
            escape(&q.answer)
        ));
    }
    if !q.options.is_empty() {
        let most = q
            .options
            .iter()
            .map(|o| o.1)
            .chain([q.unanswered])
            .max()
            .unwrap_or(0)
            .max(1);
        s.push_str("<table><tr><th>Option</th><th class=\"n\">Picked</th><th></th></tr>\n");
        for (i, (label, count)) in q.options.iter().enumerate() {
            let right = q.right_options.contains(&i);
            s.push_str(&format!(
                "<tr{}><td class=\"opt\">{}{}</td><td class=\"n\">{count}</td><td><div class=\"bar\"><span class=\"{}\" style=\"width:{:.1}%\"></span></div></td></tr>\n",
                if right { " class=\"right\"" } else { "" },
                escape(label),
                if right { " (right)" } else { "" },
                if right { "ok" } else { "low" },
                100.0 * *count as f64 / most as f64
            ));
        }
        // Unanswered apart from every option, wrong ones included.
        if q.unanswered > 0 {
            s.push_str(&format!(
                "<tr class=\"none\"><td class=\"opt\">No answer</td><td class=\"n\">{}</td><td><div class=\"bar\"><span class=\"u\" style=\"width:{:.1}%\"></span></div></td></tr>\n",
                q.unanswered,
                100.0 * q.unanswered as f64 / most as f64
            ));
        }
        s.push_str("</table>\n");
    }
    s.push_str("</div>\n");
}

/// The page. `made_at` is when the report was made (ISO 8601), shown under the title.
pub fn to_html(c: &ClassReport, made_at: &str) -> String {
    let counted: Vec<&StudentRow> = c.students.iter().filter(|s| s.counted).collect();
    let passed = counted.iter().filter(|s| s.passed).count();
    let mean = super::class::mean_score(c);
    let seeds: Vec<String> = c.seeds.iter().map(u64::to_string).collect();
    let mut s = String::with_capacity(16 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>peerlab class report</title>\n<style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body>\n<h1>Class report</h1>\n");
    s.push_str(&format!(
        "<p class=\"sub\" id=\"summary\">{} counted of {} handed in; {passed} passed (pass mark {PASS} of 1000); mean score {mean}; seed {}; made {} by peerlab {}</p>\n",
        counted.len(),
        c.students.len(),
        escape(&seeds.join(", ")),
        escape(made_at),
        env!("CARGO_PKG_VERSION")
    ));
    if c.seeds.len() > 1 {
        s.push_str(&format!(
            "<p class=\"warn\">These results come from {} different seeds, so students answered different questions.</p>\n",
            c.seeds.len()
        ));
    }
    s.push_str(&format!(
        "<p class=\"sub\" id=\"lettering\">{}</p>\n",
        escape(&super::class::lettering(c))
    ));
    students(c, &mut s);
    topics(c, &mut s);
    s.push_str("<h2>Questions, hardest first</h2>\n");
    for (n, q) in c.questions.iter().enumerate() {
        question(n, q, &mut s);
    }
    s.push_str("</body></html>\n");
    s
}
