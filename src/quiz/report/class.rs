//! The class report: one row per student (flagged files and earlier submissions shown but not
//! counted), every question with its prompt, the right answer and how many picked each
//! option, and the topics, hardest first.

use super::{DrillResult, letter, response_text};
use crate::bank::{Bank, Kind};
use crate::quiz::{Answer, Item, key_text, lettered, reach_choices, row_of, shown_order};
use std::collections::BTreeMap;

/// One handed-in file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file name as given (shown, made printable, never opened again).
    pub file: String,
    pub result: DrillResult,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    /// Its place in the entries the report was made from.
    pub entry: usize,
    /// Printable.
    pub name: String,
    pub file: String,
    pub seed: u64,
    pub score: u16,
    pub passed: bool,
    pub right: usize,
    pub wrong: usize,
    pub unanswered: usize,
    pub total: usize,
    pub seconds: u64,
    pub finished_at: Option<String>,
    /// Whether this file counts in the class figures: not forged, not superseded.
    pub counted: bool,
    /// Why not: what the checks found, or that a later submission replaced it.
    pub flags: Vec<String>,
    /// The earlier files by the same student for the same seed that this one replaces (a
    /// resubmission is marked on the row that counts, not only on the one that does not).
    pub replaces: Vec<String>,
    /// Per item: question id, topic, kind, answered, right, the response as text.
    pub items: Vec<(String, String, String, bool, bool, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    pub id: String,
    pub topic: String,
    /// The prompt's first line (when the report could draw the question from the bank).
    pub prompt: String,
    pub answer: String,
    pub right: usize,
    pub wrong: usize,
    pub unanswered: usize,
    /// Each option and how many picked it (choices by letter; other kinds by answer given).
    pub options: Vec<(String, usize)>,
    /// Which of `options` are right: a choice question's key, another kind's answers that
    /// were graded right.
    pub right_options: Vec<usize>,
    /// A choice question's stored choice index on each of its first option rows: the order
    /// the drill showed them in when every file shares one seed, else the bank's order.
    pub shown: Vec<usize>,
}

impl QuestionRow {
    pub fn asked(&self) -> usize {
        self.right + self.wrong + self.unanswered
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicRow {
    pub topic: String,
    pub right: usize,
    pub wrong: usize,
    pub unanswered: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    /// Counted students best first, then the files that do not count.
    pub students: Vec<StudentRow>,
    /// Hardest first (lowest share right), counted files only.
    pub questions: Vec<QuestionRow>,
    /// Hardest first, counted files only.
    pub topics: Vec<TopicRow>,
    /// Seeds seen (a class should share one).
    pub seeds: Vec<u64>,
    /// The seed whose shown order letters the choices (`quiz::shown_order`), when every file
    /// shares it: the teacher's "B" is then the "B" every student read. `None` with several
    /// seeds, where each student saw other letters: the bank's stored order letters them.
    pub lettered_by: Option<u64>,
}

fn rate(right: usize, asked: usize) -> f64 {
    if asked == 0 {
        0.0
    } else {
        right as f64 / asked as f64
    }
}

fn p(s: &str) -> String {
    crate::text::printable(s)
}

/// A student's name as every output shows it: printable, and cut at the 80 characters a
/// name may have (a forged file's may be longer).
fn shown_name(name: &str) -> String {
    let name = p(name.trim());
    if name.chars().count() > 80 {
        name.chars().take(80).collect::<String>() + "..."
    } else {
        name
    }
}

/// Builds the report, checking each file against `bank` (the bank the drill was taken with).
pub fn class_report(entries: &[Entry], bank: &Bank) -> ClassReport {
    let mut students = Vec::new();
    let mut drawn: Vec<Option<Vec<Item>>> = Vec::new();
    for (entry, e) in entries.iter().enumerate() {
        let r = &e.result;
        let (flags, items) = super::check(r, bank);
        let response = |n: usize, a: &Option<Answer>| -> String {
            match (a, items.as_ref().and_then(|v| v.get(n))) {
                (Some(a), Some(it)) => p(&response_text(&it.question, a)),
                _ => String::new(),
            }
        };
        let answered = r.items.iter().filter(|i| i.answered).count();
        let right = r.items.iter().filter(|i| i.correct).count();
        students.push(StudentRow {
            entry,
            name: shown_name(&r.name),
            file: p(&e.file),
            seed: r.seed,
            score: r.score,
            passed: r.passed,
            right,
            wrong: answered.saturating_sub(right),
            unanswered: r.items.len() - answered,
            total: r.items.len(),
            seconds: r.seconds,
            finished_at: r.finished_at.as_deref().map(p),
            counted: flags.is_empty(),
            flags,
            replaces: Vec::new(),
            items: r
                .items
                .iter()
                .enumerate()
                .map(|(n, i)| {
                    (
                        p(&i.id),
                        p(&i.topic),
                        p(i.kind.as_deref().unwrap_or("")),
                        i.answered,
                        i.correct,
                        response(n, &i.response),
                    )
                })
                .collect(),
        });
        drawn.push(items);
    }
    // A second submission for the same seed by the same name: the latest counts (by its
    // finish time, else the later file on the command line).
    let key = |s: &StudentRow| (s.name.trim().to_lowercase(), s.seed);
    for i in 0..students.len() {
        let later = (0..students.len()).find(|&j| {
            j != i
                && key(&students[j]) == key(&students[i])
                && match (&students[j].finished_at, &students[i].finished_at) {
                    (Some(a), Some(b)) if a != b => a > b,
                    _ => j > i,
                }
        });
        if let Some(j) = later {
            let s = &mut students[i];
            s.counted = false;
            s.flags.push(format!(
                "an earlier submission: {} from the same student and seed counts",
                entries[j].file
            ));
        }
    }
    // Each file that counts names the earlier ones it replaced.
    for i in 0..students.len() {
        if !students[i].counted {
            continue;
        }
        let replaced: Vec<String> = (0..students.len())
            .filter(|&j| j != i && key(&students[j]) == key(&students[i]))
            .map(|j| students[j].file.clone())
            .collect();
        students[i].replaces = replaced;
    }

    let mut seeds: Vec<u64> = students.iter().map(|s| s.seed).collect();
    seeds.sort_unstable();
    seeds.dedup();
    // The counted files make every option figure: one seed among them letters the options.
    let mut counted: Vec<u64> = students
        .iter()
        .filter(|s| s.counted)
        .map(|s| s.seed)
        .collect();
    counted.dedup();
    let lettered_by = match counted[..] {
        [seed] => Some(seed),
        _ => None,
    };
    let mut qs: BTreeMap<String, QuestionRow> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut ts: BTreeMap<String, TopicRow> = BTreeMap::new();
    for ((e, s), items) in entries.iter().zip(&students).zip(&drawn) {
        if !s.counted {
            continue;
        }
        for (n, i) in e.result.items.iter().enumerate() {
            let it = items.as_ref().and_then(|v| v.get(n));
            let id = p(&i.id);
            let row = qs.entry(id.clone()).or_insert_with(|| {
                order.push(id.clone());
                let shown = it.map(|it| rows(it, lettered_by)).unwrap_or_default();
                QuestionRow {
                    id: id.clone(),
                    topic: p(&i.topic),
                    prompt: it
                        .map(|it| p(it.question.prompt.lines().next().unwrap_or("")))
                        .unwrap_or_default(),
                    answer: it.map(|it| key_letters(it, &shown)).unwrap_or_default(),
                    right: 0,
                    wrong: 0,
                    unanswered: 0,
                    options: it.map(|it| blank_options(it, &shown)).unwrap_or_default(),
                    right_options: it.map(|it| right_options(it, &shown)).unwrap_or_default(),
                    shown,
                }
            });
            let t = ts.entry(p(&i.topic)).or_insert_with(|| TopicRow {
                topic: p(&i.topic),
                right: 0,
                wrong: 0,
                unanswered: 0,
            });
            match (i.answered, i.correct) {
                (_, true) => (row.right += 1, t.right += 1),
                (true, false) => (row.wrong += 1, t.wrong += 1),
                (false, _) => (row.unanswered += 1, t.unanswered += 1),
            };
            if let (Some(a), Some(it)) = (&i.response, it) {
                count_option(row, &it.question, a, i.correct);
            }
        }
    }
    let mut questions: Vec<QuestionRow> = qs.into_values().collect();
    questions.sort_by(|a, b| {
        rate(a.right, a.asked())
            .total_cmp(&rate(b.right, b.asked()))
            .then(a.id.cmp(&b.id))
    });
    let mut topics: Vec<TopicRow> = ts.into_values().collect();
    let asked = |t: &TopicRow| t.right + t.wrong + t.unanswered;
    topics.sort_by(|a, b| {
        rate(a.right, asked(a))
            .total_cmp(&rate(b.right, asked(b)))
            .then(a.topic.cmp(&b.topic))
    });
    students.sort_by(|a, b| {
        b.counted
            .cmp(&a.counted)
            .then(b.score.cmp(&a.score))
            .then(a.name.cmp(&b.name))
    });
    ClassReport {
        students,
        questions,
        topics,
        seeds,
        lettered_by,
    }
}

fn is_choice(k: Kind) -> bool {
    matches!(k, Kind::Single | Kind::Multi | Kind::YesNo | Kind::Fix)
}

/// A choice question's stored choice index on each row: as the trainer showed them in the
/// session seeded `seed`, else in the bank's order. Empty for other kinds (an order item's
/// letters follow the list as the learner moves it, so no letter names one action).
fn rows(it: &Item, seed: Option<u64>) -> Vec<usize> {
    let q = &it.question;
    match seed {
        _ if !is_choice(q.kind) => Vec::new(),
        Some(seed) => shown_order(it, seed),
        None => (0..q.choices.len()).collect(),
    }
}

/// The right answer with letters for choice questions ("B, D: text; text", lettered by
/// `shown`) and for a reachability question whose outcomes the drill lettered ("A: Reachable").
fn key_letters(it: &Item, shown: &[usize]) -> String {
    let q = &it.question;
    let text = p(&key_text(q));
    let l: Vec<String> = if is_choice(q.kind) || (q.kind == Kind::Reachability && lettered(q)) {
        right_options(it, shown).into_iter().map(letter).collect()
    } else if q.kind == Kind::Order {
        q.answer.iter().map(|&i| letter(i)).collect()
    } else {
        Vec::new()
    };
    if l.is_empty() {
        text
    } else {
        format!("{}: {text}", l.join(", "))
    }
}

/// The options as the drill offered them: a choice question's choices in the rows of
/// `shown`, a reachability question's outcomes (lettered when the exam lettered them, else
/// numbered), each at 0.
fn blank_options(it: &Item, shown: &[usize]) -> Vec<(String, usize)> {
    let q = &it.question;
    if is_choice(q.kind) {
        shown
            .iter()
            .enumerate()
            .map(|(row, &i)| {
                let c = q.choices.get(i).map_or("", String::as_str);
                (format!("{}. {}", letter(row), p(c)), 0)
            })
            .collect()
    } else if q.kind == Kind::Reachability {
        reach_choices(q)
            .into_iter()
            .enumerate()
            .map(|(i, (verdict, reason))| {
                let tag = if lettered(q) {
                    letter(i)
                } else {
                    (i + 1).to_string()
                };
                let text = crate::quiz::answer_text(q, &Answer::Reach { verdict, reason });
                (format!("{tag}. {}", p(&text)), 0)
            })
            .collect()
    } else {
        Vec::new()
    }
}

/// Which of [`blank_options`] are right: a choice question's key (its rows in `shown`); the
/// reachability outcomes the evaluator grades right on the item's network (as the results
/// screen marks them).
fn right_options(it: &Item, shown: &[usize]) -> Vec<usize> {
    let q = &it.question;
    if is_choice(q.kind) {
        let mut at: Vec<usize> = q.answer.iter().map(|&i| row_of(shown, i)).collect();
        at.sort_unstable();
        at
    } else if q.kind == Kind::Reachability {
        reach_choices(q)
            .into_iter()
            .enumerate()
            .filter(|(_, (verdict, reason))| {
                let a = Answer::Reach {
                    verdict: *verdict,
                    reason: *reason,
                };
                crate::quiz::grade(q, it.topology.as_ref(), &a).correct
            })
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    }
}

/// Counts one response. A choice question's options are its choices, a reachability
/// question's its outcomes; any other kind's are the distinct answers given, marked right when one was graded right (a configure question
/// accepts every setting that meets its goals, so its key alone cannot tell).
fn count_option(row: &mut QuestionRow, q: &crate::bank::Question, a: &Answer, correct: bool) {
    match a {
        Answer::Choices { picked } if is_choice(q.kind) => {
            for &i in picked {
                if let Some(o) = row.options.get_mut(row_of(&row.shown, i)) {
                    o.1 += 1;
                }
            }
        }
        // The outcome picked, matched as the results screen matches it (an outcome without a
        // reason takes any answer with its verdict); one outside the list, from a forged or
        // older file, is counted as given.
        Answer::Reach { verdict, reason } if q.kind == Kind::Reachability => {
            let at = reach_choices(q)
                .iter()
                .position(|(v, r)| v == verdict && (r.is_none() || r == reason));
            match at.and_then(|at| row.options.get_mut(at)) {
                Some(o) => o.1 += 1,
                None => count_given(row, q, a, correct),
            }
        }
        _ => count_given(row, q, a, correct),
    }
}

/// Counts an answer under its own text, adding the option the first time it is given.
fn count_given(row: &mut QuestionRow, q: &crate::bank::Question, a: &Answer, correct: bool) {
    let label = p(&response_text(q, a));
    let at = match row.options.iter().position(|o| o.0 == label) {
        Some(at) => at,
        None => {
            row.options.push((label, 0));
            row.options.len() - 1
        }
    };
    row.options[at].1 += 1;
    if correct && !row.right_options.contains(&at) {
        row.right_options.push(at);
    }
}

/// The text report's question lines fit a 100-column terminal (a prompt's first line is
/// often a paragraph): `text` wrapped after `first`, continued under `rest`.
const TEXT_COLUMNS: usize = 100;

fn hang(out: &mut String, first: &str, text: &str, rest: &str) {
    let cols = TEXT_COLUMNS.saturating_sub(first.len().max(rest.len()));
    for (i, line) in crate::text::wrap(text, cols).iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
}

/// "resubmitted: replaces a.json" for a file that counts in place of earlier ones.
pub fn resubmitted(st: &StudentRow) -> Option<String> {
    (!st.replaces.is_empty()).then(|| format!("resubmitted: replaces {}", st.replaces.join(", ")))
}

/// The mean scaled score of the files that count, rounded to the nearest (0 with none).
pub fn mean_score(c: &ClassReport) -> u64 {
    let scores: Vec<u64> = c
        .students
        .iter()
        .filter(|s| s.counted)
        .map(|s| u64::from(s.score))
        .collect();
    match scores.len() as u64 {
        0 => 0,
        n => (scores.iter().sum::<u64>() + n / 2) / n,
    }
}

fn pct(right: usize, asked: usize) -> String {
    format!("{:.0}%", 100.0 * rate(right, asked))
}

/// Which letters the options carry: the ones every student read, or, with several seeds,
/// the bank's (each student saw the choices in their own seed's order).
pub fn lettering(c: &ClassReport) -> String {
    match c.lettered_by {
        Some(seed) => format!("Options are lettered as the drill showed them (seed {seed})."),
        None => "Options are lettered in the bank's stored order, not as each student saw them: the counted files do not share one seed.".to_string(),
    }
}

pub fn to_text(c: &ClassReport) -> String {
    let mut s = String::new();
    if c.seeds.len() > 1 {
        s.push_str(&format!("warning: these results come from {} different seeds, so students answered different questions\n", c.seeds.len()));
    }
    s.push_str(&lettering(c));
    s.push_str("\n\n");
    s.push_str("Students (scaled score, pass at 700)\n");
    s.push_str(&format!(
        "  {:<30} {:>5}  {:<4}  {:>5} {:>5} {:>10}\n",
        "name", "score", "", "right", "wrong", "unanswered"
    ));
    for st in c.students.iter().filter(|s| s.counted) {
        s.push_str(&format!(
            "  {:<30} {:>5}  {:<4}  {:>5} {:>5} {:>10}{}\n",
            st.name,
            st.score,
            if st.passed { "pass" } else { "fail" },
            st.right,
            st.wrong,
            st.unanswered,
            resubmitted(st).map_or(String::new(), |r| format!("  {r}"))
        ));
    }
    let flagged: Vec<&StudentRow> = c.students.iter().filter(|s| !s.counted).collect();
    if !flagged.is_empty() {
        s.push_str("\nNot counted (flagged)\n");
        for st in flagged {
            s.push_str(&format!(
                "  {} ({}, score {} claimed)\n",
                st.name, st.file, st.score
            ));
            for f in &st.flags {
                s.push_str(&format!("    - {}\n", p(f)));
            }
        }
    }
    s.push_str("\nHardest topics (right / wrong / unanswered)\n");
    for t in &c.topics {
        let asked = t.right + t.wrong + t.unanswered;
        s.push_str(&format!(
            "  {:<20} {:>5}  ({} right, {} wrong, {} unanswered)\n",
            t.topic,
            pct(t.right, asked),
            t.right,
            t.wrong,
            t.unanswered
        ));
    }
    s.push_str("\nQuestions, hardest first\n");
    for q in &c.questions {
        s.push_str(&format!(
            "  {:<36} {:<18} {:>5}  ({} right, {} wrong, {} unanswered)\n",
            q.id,
            q.topic,
            pct(q.right, q.asked()),
            q.right,
            q.wrong,
            q.unanswered
        ));
        if !q.prompt.is_empty() {
            hang(&mut s, "      ", &q.prompt, "      ");
            hang(&mut s, "      answer: ", &q.answer, "              ");
        }
        for (i, (label, n)) in q.options.iter().enumerate() {
            let right = if q.right_options.contains(&i) {
                "  (right)"
            } else {
                ""
            };
            hang(
                &mut s,
                &format!("      {n:>3}  "),
                &format!("{label}{right}"),
                "           ",
            );
        }
        if q.unanswered > 0 && !q.options.is_empty() {
            s.push_str(&format!("      {:>3}  (no answer)\n", q.unanswered));
        }
    }
    s
}
