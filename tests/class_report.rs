//! The class report's outputs end to end through the binary: the HTML page rendered by a real
//! headless Chromium (text checked, a 1280x800 screenshot taken), and the xAPI statements of
//! `report --xapi` and `export --format xapi` checked against the xAPI 1.0.3 specification.

use common::answers::{secs, wrong_answer};
use common::class::{EVIL, class_files, drill, report_with};
use common::cli::run;

use peerlab::bank::{self, Kind};
use peerlab::quiz::{self, Answer, Item, Mode, Session, right_answer};

use peerlab::quiz::report;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

/// A drill of `seed` and `n` questions where `pick(i, item)` is the answer to item `i`
/// (`None`: left unanswered).
fn drill_with(
    name: &str,
    seed: u64,
    n: usize,
    pick: impl Fn(usize, &Item) -> Option<Answer>,
    at: i64,
) -> report::DrillResult {
    let items = quiz::exam(&bank::builtin().unwrap(), seed, n);
    let mut s = Session::new(Mode::Drill, items, Some(secs(900)), secs(0));
    let n = s.items.len();
    for i in 0..n {
        if let Some(a) = pick(i, s.item()) {
            s.answer(a, secs(1)).unwrap();
        }
        if i + 1 < n {
            s.forward().unwrap();
        }
    }
    let r = s.submit(secs(200)).clone();
    let given: Vec<Option<Answer>> = (0..n).map(|i| s.answer_of(i).cloned()).collect();
    report::drill_result(name, seed, 15, &r, &given, at)
}

/// Walked as a teacher (issue 13): a reachability question lists every outcome the drill
/// offered, lettered as on screen, with the picks counted and the right one marked (it
/// listed only the answers given, unlettered); the file that counts says it replaced an
/// earlier one; the mean is rounded, not cut; a question's unanswered count has its own row.
#[test]
fn a_teachers_report_shows_what_the_students_saw() {
    let bank = bank::builtin().unwrap();
    // A drill with a reachability question that offers its own choices.
    let (seed, reach) = (1..500u64)
        .find_map(|seed| {
            quiz::exam(&bank, seed, 6)
                .iter()
                .position(|it| {
                    it.question.kind == Kind::Reachability && quiz::lettered(&it.question)
                })
                .map(|at| (seed, at))
        })
        .expect("some seed draws a reachability question");
    let wrong_outcome = |it: &Item| -> Answer {
        let (verdict, reason) = quiz::reach_choices(&it.question)
            .into_iter()
            .find(|(v, r)| {
                let a = Answer::Reach {
                    verdict: *v,
                    reason: *r,
                };
                !quiz::grade(&it.question, it.topology.as_ref(), &a).correct
            })
            .unwrap();
        Answer::Reach { verdict, reason }
    };
    let first = drill_with(
        "Ada",
        seed,
        6,
        |_, it| Some(wrong_answer(it)),
        1_796_206_000,
    );
    let again = drill_with(
        "Ada",
        seed,
        6,
        |_, it| right_answer(&it.question),
        1_796_206_100,
    );
    // Bo leaves the first question (never the reachability one) and misses the reachability.
    let skip = if reach == 0 { 1 } else { 0 };
    let bo = drill_with(
        "Bo",
        seed,
        6,
        |i, it| match i {
            _ if i == skip => None,
            _ if i == reach => Some(wrong_outcome(it)),
            _ => right_answer(&it.question),
        },
        1_796_206_050,
    );
    let entries = [
        report::Entry {
            file: "ada-first.json".into(),
            result: first,
        },
        report::Entry {
            file: "ada-again.json".into(),
            result: again.clone(),
        },
        report::Entry {
            file: "bo.json".into(),
            result: bo.clone(),
        },
    ];
    let mut c = report::class_report(&entries, &bank);

    let item = &quiz::exam(&bank, seed, 6)[reach];
    let outcomes = quiz::reach_choices(&item.question);
    let row = c
        .questions
        .iter()
        .find(|q| q.id == again.items[reach].id)
        .unwrap();
    assert_eq!(row.options.len(), outcomes.len(), "{row:?}");
    let labels: Vec<&str> = row.options.iter().map(|o| o.0.as_str()).collect();
    for (i, l) in labels.iter().enumerate() {
        let want = format!("{}. ", report::letter(i));
        assert!(l.starts_with(&want), "{labels:?}");
    }
    let right_at: Vec<usize> = (0..outcomes.len())
        .filter(|&i| {
            let (verdict, reason) = outcomes[i];
            quiz::grade(
                &item.question,
                item.topology.as_ref(),
                &Answer::Reach { verdict, reason },
            )
            .correct
        })
        .collect();
    assert_eq!(row.right_options, right_at);
    // The answer line names the letter too, as for a choice question.
    let letters: Vec<String> = right_at.iter().map(|&i| report::letter(i)).collect();
    assert!(
        row.answer.starts_with(&format!("{}: ", letters.join(", "))),
        "{}",
        row.answer
    );
    let Some(Answer::Reach { verdict, reason }) = bo.items[reach].response.clone() else {
        panic!("Bo answered the reachability question")
    };
    let bo_at = outcomes
        .iter()
        .position(|o| *o == (verdict, reason))
        .unwrap();
    let counts: Vec<usize> = row.options.iter().map(|o| o.1).collect();
    let mut want = vec![0; outcomes.len()];
    want[bo_at] += 1;
    let Some(Answer::Reach { verdict, reason }) = again.items[reach].response.clone() else {
        panic!("Ada answered the reachability question")
    };
    // (The key's answer may name the reason `ok`; the outcome "Reachable" names none.)
    want[outcomes
        .iter()
        .position(|&(v, r)| v == verdict && (r.is_none() || r == reason))
        .unwrap()] += 1;
    assert_eq!(counts, want, "{labels:?}");
    assert_eq!((row.right, row.wrong, row.unanswered), (1, 1, 0));

    // The counted Ada says what it replaced; the earlier file stays under Not counted.
    let ada = c
        .students
        .iter()
        .find(|s| s.file == "ada-again.json")
        .unwrap();
    assert!(ada.counted);
    assert_eq!(ada.replaces, vec!["ada-first.json".to_string()]);
    assert!(
        c.students
            .iter()
            .find(|s| s.file == "bo.json")
            .unwrap()
            .replaces
            .is_empty()
    );
    let text = report::to_text(&c);
    // Bo's unanswered question counts its "no answer" under the options here too.
    assert!(text.contains("        1  (no answer)\n"), "{text}");
    // The questions' prompts, answers and options wrap to 100 columns (a prompt's first line
    // is often a paragraph of 300 characters).
    let questions = text.split("Questions, hardest first").nth(1).unwrap();
    for l in questions.lines() {
        assert!(peerlab::text::width(l) <= 100, "{l}");
    }
    assert!(
        questions
            .lines()
            .filter(|l| l.starts_with("      ") && !l.trim().is_empty())
            .count()
            > c.questions.len() * 2,
        "{questions}"
    );
    let ada_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Ada "))
        .unwrap();
    assert!(
        ada_line.ends_with("  resubmitted: replaces ada-first.json"),
        "{ada_line}"
    );
    let html = report::to_html(&c, "2026-12-03T10:00:00Z");
    assert!(html.contains("<th>Note</th>"), "{html}");
    assert!(html.contains("<td>resubmitted: replaces ada-first.json</td>"));
    // Bo's unanswered first question: a row of its own under the options.
    let skipped = c
        .questions
        .iter()
        .position(|q| q.id == bo.items[skip].id)
        .unwrap();
    let block = html
        .split(&format!("id=\"q{skipped}\""))
        .nth(1)
        .unwrap()
        .split("</div>\n")
        .next()
        .unwrap()
        .to_string();
    // (Ada answered it, so it has options whatever its kind.)
    assert!(
        block.contains("No answer</td><td class=\"n\">1</td>"),
        "{block}"
    );
    // The mean of 800 and 201 is 500.5: shown as 501.
    for s in c.students.iter_mut() {
        s.score = if s.file == "bo.json" { 201 } else { 800 };
    }
    assert_eq!(report::mean_score(&c), 501);
    assert!(report::to_html(&c, "x").contains("mean score 501;"));
}

/// The letter the drill's screen gives the choice `text` of the question at `pos`: the
/// trainer opened as `peerlab drill --seed SEED` opens it, moved on to that question.
#[cfg(feature = "tui")]
fn letter_on_screen(seed: u64, questions: usize, pos: usize, text: &str) -> String {
    use common::answers::secs as at;
    use peerlab::tui::{App, Msg, Start};
    let mut app = App::new(
        bank::builtin().unwrap(),
        Start::Drill {
            questions,
            minutes: 30,
            seed,
            name: "ana".to_string(),
            out: std::env::temp_dir().join("peerlab-h10json-unused.json"),
        },
        seed,
        at(0),
    );
    for _ in 0..pos {
        app.update(Msg::Next, at(1));
    }
    let screen = common::tui::render(&app, 200, 150);
    let head: String = text.chars().take(40).collect();
    let line = screen
        .lines()
        .find(|l| l.contains(&head))
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"));
    let tag = line[..line.find(". ").expect("a lettered row")]
        .trim_start_matches(['"', '>', ' '])
        .to_string();
    assert!(
        tag.len() == 1 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "{line}"
    );
    tag
}

/// A class drill shows a bank question's choices in its seed's order (quiz::shown_order), the
/// same for every student; the report letters them so too, so the teacher's "B" is the "B"
/// the students read (it lettered the bank's stored order: the key the students saw as one
/// letter was reported under another). With files of several seeds the stored order stays,
/// and the report says so.
#[cfg(feature = "tui")]
#[test]
fn the_report_letters_the_options_as_the_drill_showed_them() {
    let bank = bank::builtin().unwrap();
    let n = 10;
    // A drill with a one-key bank question whose key is shown on another row than stored.
    let moved = |seed: u64| {
        quiz::exam(&bank, seed, n).iter().position(|it| {
            let q = &it.question;
            let order = quiz::shown_order(it, seed);
            it.template.is_none()
                && q.kind == Kind::Single
                && q.answer.len() == 1
                && quiz::row_of(&order, q.answer[0]) != q.answer[0]
        })
    };
    let (seed, at) = (1..500u64)
        .find_map(|seed| moved(seed).map(|at| (seed, at)))
        .expect("some drill shows a key away from its stored letter");
    let item = &quiz::exam(&bank, seed, n)[at];
    let q = &item.question;
    let key = &q.choices[q.answer[0]];
    let shown = letter_on_screen(seed, n, at, key);
    assert_ne!(shown, report::letter(q.answer[0]), "the key moved");
    // Ada answers right; Bo picks the choice the screen shows as A (a wrong one, or the key).
    let first_row = quiz::shown_order(item, seed)[0];
    let ada = drill_with(
        "Ada",
        seed,
        n,
        |_, it| right_answer(&it.question),
        1_796_206_000,
    );
    let bo = drill_with(
        "Bo",
        seed,
        n,
        |i, it| match i {
            _ if i == at => Some(Answer::Choices {
                picked: vec![first_row],
            }),
            _ => right_answer(&it.question),
        },
        1_796_206_050,
    );
    let entries = [
        report::Entry {
            file: "ada.json".into(),
            result: ada.clone(),
        },
        report::Entry {
            file: "bo.json".into(),
            result: bo,
        },
    ];
    let c = report::class_report(&entries, &bank);
    assert_eq!(c.lettered_by, Some(seed));
    let row = c.questions.iter().find(|r| r.id == q.id).unwrap();
    assert!(
        row.answer.starts_with(&format!("{shown}: ")),
        "the trainer showed the key as {shown}; the report says {:?}",
        row.answer
    );
    let key_row = row
        .options
        .iter()
        .position(|(label, _)| label.starts_with(&format!("{shown}. ")))
        .unwrap();
    assert!(
        row.options[key_row].0.ends_with(&report_text(key)),
        "{:?}",
        row.options
    );
    assert_eq!(row.right_options, vec![key_row]);
    // Bo's pick is counted on row A, whose text is the choice the screen showed as A.
    let a = &row.options[0];
    assert!(a.0.starts_with("A. ") && a.0.ends_with(&report_text(&q.choices[first_row])));
    assert_eq!(
        a.1,
        if first_row == q.answer[0] { 2 } else { 1 },
        "{:?}",
        row.options
    );
    let text = report::to_text(&c);
    assert!(
        text.contains(&format!("as the drill showed them (seed {seed})")),
        "{text}"
    );
    assert!(report::to_html(&c, "x").contains("as the drill showed them"));

    // Another seed in the class: each student read other letters, so the bank's order stays.
    let other = drill_with(
        "Cy",
        seed + 1,
        n,
        |_, it| right_answer(&it.question),
        1_796_206_070,
    );
    let mixed = [
        entries[0].clone(),
        report::Entry {
            file: "cy.json".into(),
            result: other,
        },
    ];
    let c = report::class_report(&mixed, &bank);
    assert_eq!(c.lettered_by, None);
    let row = c.questions.iter().find(|r| r.id == q.id).unwrap();
    assert!(
        row.answer
            .starts_with(&format!("{}: ", report::letter(q.answer[0]))),
        "{}",
        row.answer
    );
    assert!(report::to_text(&c).contains("lettered in the bank's stored order"));
}

/// A choice's text as the report prints it (made printable).
#[cfg(feature = "tui")]
fn report_text(s: &str) -> String {
    peerlab::text::printable(s)
}

/// Chromium from Debian's packages, or `None` (then the browser test cannot run).
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// Runs Chromium headless on `page` with `args`, killed after two minutes; its stdout.
fn headless(bin: &Path, profile: &Path, args: &[String], page: &Path) -> String {
    let mut cmd = std::process::Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()))
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::null());
    let mut child = cmd.spawn().expect("chromium starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
            assert!(status.success(), "chromium {args:?} failed: {status}");
            return out;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium {args:?} took more than 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The text a reader sees: tags dropped, entities decoded (the few the page uses).
fn visible_text(dom: &str) -> String {
    let body = dom.split("<body>").nth(1).unwrap_or(dom);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_html_report_is_one_escaped_file_and_renders_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("class.html");
    let text = report_with(dir.path(), &["--html", page.to_str().unwrap()]);
    assert!(text.contains("Not counted"), "{text}");
    let html = std::fs::read_to_string(&page).unwrap();
    // The markup in a name is text; without it, nothing in the page fetches anything or
    // runs, and a policy forbids loading anything anyway.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Eve&quot; &lt;img src=x onerror=alert(2)&gt;";
    assert!(html.contains(escaped));
    let rest = html.replace(escaped, "");
    for outside in [
        "src=", "href=", "url(", "@import", "<script", "<img", "<link", "onerror",
    ] {
        assert!(!rest.contains(outside), "{outside} in the page");
    }
    assert!(html.contains("default-src 'none'"));

    let Some(bin) = chromium() else {
        if std::env::var_os("PEERLAB_CI").is_some() {
            panic!("chromium is not installed, and CI (.ci/run) must install it");
        }
        eprintln!(
            "\n\n!!!!!!!! SKIPPED: the HTML report was NOT checked in a browser: chromium is not \
             installed (apt-get install chromium; .ci/run installs it) !!!!!!!!\n\n"
        );
        return;
    };
    let profile = dir.path().join("profile");
    let dom = headless(&bin, &profile, &["--dump-dom".to_string()], &page);
    // The markup in a name stayed text: the browser built no script or image element.
    assert!(!dom.contains("<script") && !dom.contains("<img"), "{dom}");
    let seen = visible_text(&dom);
    let ada = drill("Ada", |i| i != 1, 99, 1_796_206_076);
    let want = [
        "Class report".to_string(),
        "3 counted of 5 handed in".to_string(),
        format!("Ada {} ", ada.score),
        "Bo 1 ".to_string(),
        EVIL.to_string(),
        "Not counted".to_string(),
        "mallory.json, score 990 claimed) score 990 but 0 of 8 right".to_string(),
        "ada-again.json from the same student and seed counts".to_string(),
        "Topics, hardest first".to_string(),
        "Questions, hardest first".to_string(),
        "Answer: ".to_string(),
        "(right)".to_string(),
    ];
    for w in &want {
        assert!(seen.contains(w.as_str()), "{w:?} not on the page: {seen}");
    }
    // Bo: 0 right, 3 wrong, the rest unanswered, in that row.
    let bo = seen.split("Bo 1 ").nth(1).unwrap();
    assert!(
        bo.starts_with(&format!("fail 0 3 {}", ada.items.len() - 3)),
        "{bo}"
    );

    let shot = dir.path().join("class.png");
    headless(
        &bin,
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,800".to_string(),
        ],
        &page,
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((dim(16), dim(20)), (1280, 800), "IHDR width and height");
    assert!(png.len() > 20_000, "{} bytes: a blank page?", png.len());
    // PEERLAB_KEEP_SCREENSHOT=FILE.png keeps the picture (and the page, FILE.png.html) for a
    // person to look at.
    if let Some(keep) = std::env::var_os("PEERLAB_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, &keep).unwrap();
        let mut html = keep;
        html.push(".html");
        std::fs::copy(&page, html).unwrap();
    }
}

#[test]
fn the_class_csv_parses_with_one_meaning_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = report_with(dir.path(), &["--csv"]);
    // A real CSV reader (not comma counting): every row as long as the header.
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header.join(","), report::CSV_HEADER);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5 * 8, "one row per file and question");
    let letters = |s: &str| {
        s.split(", ")
            .all(|l| l.len() == 1 && l.as_bytes()[0].is_ascii_uppercase())
    };
    for row in &rows {
        let get = |name: &str| row.get(col(name)).unwrap();
        assert!(matches!(get("counted"), "true" | "false"));
        assert!(matches!(get("answered"), "true" | "false"));
        assert!(matches!(get("correct"), "true" | "false"));
        get("score").parse::<u16>().unwrap();
        get("seconds").parse::<u64>().unwrap();
        assert!(peerlab::civil::parse_iso8601(get("finished_at")).is_some());
        let (right, wrong, unanswered, total): (usize, usize, usize, usize) = (
            get("right").parse().unwrap(),
            get("wrong").parse().unwrap(),
            get("unanswered").parse().unwrap(),
            get("total").parse().unwrap(),
        );
        assert_eq!(right + wrong + unanswered, total);
        let response = get("response");
        if get("answered") == "false" {
            assert_eq!(response, "", "an unanswered item has no response");
            assert_eq!(get("correct"), "false");
        } else if matches!(get("kind"), "single" | "multi" | "yes-no" | "fix" | "order") {
            assert!(letters(response), "{response:?} is not letters");
        } else {
            assert!(
                !response.is_empty() && !response.contains('{'),
                "{response:?}"
            );
        }
    }
    let names: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.get(col("name")).unwrap()).collect();
    assert!(names.contains(EVIL), "the name survives quoting: {names:?}");
    let mallory: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r.get(col("name")) == Some("Mallory"))
        .collect();
    assert!(
        mallory
            .iter()
            .all(|r| &r[col("counted")] == "false" && r[col("flags")].contains("scales to"))
    );
    let bo: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r.get(col("name")) == Some("Bo"))
        .collect();
    assert_eq!(
        (
            &bo[0][col("right")],
            &bo[0][col("wrong")],
            &bo[0][col("unanswered")]
        ),
        ("0", "3", "5")
    );
}

#[test]
fn report_outputs_that_cannot_be_written_or_a_bad_base_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let files = class_files(dir.path());
    let f = files[0].to_str().unwrap();
    let err = run(["report", f, "--html", "/nonexistent-dir/x.html"], 2).stderr;
    assert!(
        err.contains("cannot write /nonexistent-dir/x.html"),
        "{err}"
    );
    for bad in [
        "lms.example.edu",
        "https://",
        "https://a b",
        "https://x/?q=1",
    ] {
        let out = run(["report", f, "--xapi", "/dev/null", "--xapi-base", bad], 2);
        let err = out.stderr;
        assert!(err.contains("--xapi-base"), "{bad}: {err}");
        assert!(out.stdout.is_empty(), "{bad}: nothing reported");
    }
    // --xapi-base alone means nothing.
    run(["report", f, "--xapi-base", "https://x.example"], 2);
}
