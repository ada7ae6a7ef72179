//! The quiz engine without a terminal: whole sessions driven answer by answer, with time
//! passed in.

mod common;

use common::answers::{self, secs, wrong_answer};
use peerlab::bank::{self, Kind};
use peerlab::eval::Verdict;
use peerlab::quiz::{self, Answer, Item, Mode, QuizError, Session, report, right_answer};

fn exam(seed: u64, n: usize) -> Vec<Item> {
    quiz::exam(&bank::builtin().expect("bank"), seed, n)
}

#[test]
fn a_full_exam_answered_right_scores_1000() {
    let items = exam(1, 30);
    let n = items.len();
    let mut s = Session::new(Mode::Exam, items, Some(secs(6000)), secs(0));
    for i in 0..n {
        let a = right_answer(&s.item().question).unwrap();
        assert!(
            s.answer(a, secs(10 + i as u64)).unwrap().correct,
            "{}",
            s.item().question.id
        );
        if i + 1 < n {
            s.forward().unwrap();
        }
    }
    let r = s.submit(secs(600)).clone();
    assert_eq!((r.score, r.passed, r.correct, r.total), (1000, true, n, n));
    assert!(r.per_topic.iter().all(|t| t.correct == t.total));
    assert_eq!(r.seconds, 600);
}

#[test]
fn a_full_exam_answered_wrong_scores_below_700() {
    let items = exam(2, 30);
    let n = items.len();
    let mut s = Session::new(Mode::Exam, items, Some(secs(6000)), secs(0));
    for i in 0..n {
        let a = wrong_answer(s.item());
        assert!(
            !s.answer(a, secs(i as u64)).unwrap().correct,
            "{}",
            s.item().question.id
        );
        if i + 1 < n {
            s.forward().unwrap();
        }
    }
    let r = s.submit(secs(100));
    assert!(r.score < 700 && !r.passed, "{}", r.score);
    assert_eq!(r.correct, 0);
}

#[test]
fn the_countdown_submits_the_exam_by_itself() {
    let mut s = Session::new(Mode::Exam, exam(3, 10), Some(secs(60)), secs(100));
    assert_eq!(s.remaining(secs(130)), Some(secs(30)));
    assert!(!s.tick(secs(159)));
    let a = right_answer(&s.item().question).unwrap();
    s.answer(a, secs(150)).unwrap();
    assert!(s.tick(secs(160)));
    let r = s.results().expect("submitted").clone();
    assert!(r.timed_out);
    assert_eq!((r.correct, r.seconds), (1, 60));
    // Nothing more can be answered.
    let a = right_answer(&s.item().question).unwrap();
    assert_eq!(s.answer(a, secs(161)), Err(QuizError::Submitted));
}

#[test]
fn an_answered_yes_no_series_is_locked_in_an_exam() {
    let b = bank::builtin().unwrap();
    let series: Vec<Item> = b
        .questions
        .iter()
        .filter(|q| q.kind == Kind::YesNo)
        .take(3)
        .map(|q| Item {
            question: q.clone(),
            topology: b.topology_of(q).cloned(),
            template: None,
        })
        .collect();
    let mut s = Session::new(Mode::Exam, series.clone(), None, secs(0));
    s.answer(Answer::Choices { picked: vec![0] }, secs(1))
        .unwrap();
    assert_eq!(
        s.answer(Answer::Choices { picked: vec![1] }, secs(2)),
        Err(QuizError::Locked)
    );
    s.forward().unwrap();
    assert_eq!(s.back(), Err(QuizError::Locked));
    assert_eq!(s.goto(0), Err(QuizError::Locked));
    // Practice lets a learner try again.
    let mut p = Session::new(Mode::Practice, series, None, secs(0));
    p.answer(Answer::Choices { picked: vec![0] }, secs(1))
        .unwrap();
    assert!(
        p.answer(Answer::Choices { picked: vec![1] }, secs(2))
            .is_ok()
    );
}

#[test]
fn a_drill_seed_gives_the_same_questions_in_the_same_order() {
    let ids = |v: Vec<Item>| v.into_iter().map(|i| i.question.id).collect::<Vec<_>>();
    let a = ids(exam(2026, 20));
    assert_eq!(a, ids(exam(2026, 20)));
    assert_ne!(a, ids(exam(2027, 20)));
    assert!(a.len() >= 18 && a.len() <= 20, "{}", a.len());
    // A series stays whole and in order.
    let b = bank::builtin().unwrap();
    let items = exam(5, 40);
    for (i, it) in items.iter().enumerate() {
        if let Some(series) = &it.question.series
            && it.question.kind == Kind::YesNo
            && i + 1 < items.len()
            && items[i + 1].question.series.as_ref() != Some(series)
        {
            let len = b
                .questions
                .iter()
                .filter(|q| q.series.as_ref() == Some(series))
                .count();
            let run = items[..=i]
                .iter()
                .rev()
                .take_while(|x| x.question.series.as_ref() == Some(series))
                .count();
            assert!(
                len == 0 || run == len || it.question.id.starts_with("gen-"),
                "series {series} split"
            );
        }
    }
}

#[test]
fn configure_answers_are_graded_by_the_evaluator() {
    let b = bank::builtin().unwrap();
    let q = b
        .questions
        .iter()
        .find(|q| q.kind == Kind::Configure)
        .unwrap();
    let it = Item {
        question: q.clone(),
        topology: b.topology_of(q).cloned(),
        template: None,
    };
    let right = quiz::grade(
        &it.question,
        it.topology.as_ref(),
        &right_answer(q).unwrap(),
    );
    assert!(right.correct && right.goals.iter().all(|g| g.holds));
    let wrong = quiz::grade(&it.question, it.topology.as_ref(), &wrong_answer(&it));
    assert!(!wrong.correct);
    assert!(
        wrong.goals.iter().any(|g| !g.holds),
        "the feedback says which goal fails"
    );
}

#[test]
fn reachability_from_difficulty_2_needs_the_reason_too() {
    let b = bank::builtin().unwrap();
    let q = b
        .questions
        .iter()
        .find(|q| {
            q.kind == Kind::Reachability
                && q.difficulty >= 2
                && q.key.unwrap().verdict == Verdict::Unreachable
        })
        .unwrap();
    let k = q.key.unwrap();
    let other = peerlab::eval::Reason::ALL
        .into_iter()
        .find(|r| *r != k.reason && *r != peerlab::eval::Reason::Ok)
        .unwrap();
    assert!(
        quiz::grade(
            q,
            None,
            &Answer::Reach {
                verdict: k.verdict,
                reason: Some(k.reason)
            }
        )
        .correct
    );
    assert!(
        !quiz::grade(
            q,
            None,
            &Answer::Reach {
                verdict: k.verdict,
                reason: Some(other)
            }
        )
        .correct
    );
    assert!(
        !quiz::grade(
            q,
            None,
            &Answer::Reach {
                verdict: k.verdict,
                reason: None
            }
        )
        .correct
    );
}

#[test]
fn the_scaled_score_runs_from_1_to_1000_with_the_pass_at_70_percent() {
    assert_eq!(quiz::scaled(0, 50), 1);
    assert_eq!(quiz::scaled(50, 50), 1000);
    assert_eq!(quiz::scaled(35, 50), 700);
    assert!(quiz::scaled(34, 50) < quiz::PASS);
}

#[test]
fn review_lists_answered_unanswered_and_flagged() {
    let mut s = Session::new(Mode::Exam, exam(9, 6), Some(secs(600)), secs(0));
    let a = right_answer(&s.item().question).unwrap();
    s.answer(a, secs(1)).unwrap();
    s.toggle_flag();
    s.goto(3).unwrap();
    s.toggle_flag();
    let r = s.review();
    assert_eq!(r.answered, vec![0]);
    assert_eq!(r.flagged, vec![0, 3]);
    assert_eq!(r.unanswered.len(), s.items.len() - 1);
}

/// A drill of `seed` answered right where `right(i)`, wrong where not, and left unanswered
/// from item `stop` on; its results file as `peerlab drill` writes it.
fn drill(name: &str, seed: u64, right: impl Fn(usize) -> bool, stop: usize) -> report::DrillResult {
    answers::drill(name, seed, right, stop, 300, 1_796_206_076)
}

fn entry(file: &str, result: &report::DrillResult) -> report::Entry {
    report::Entry {
        file: file.to_string(),
        result: result.clone(),
    }
}

#[test]
fn the_class_report_ranks_students_and_finds_the_hardest_questions() {
    let bank = bank::builtin().unwrap();
    let a = drill("=HYPERLINK(\"x\")", 77, |i| i % 4 != 0, 99);
    let b = drill("Bo", 77, |_| false, 3);
    // `peerlab drill --name` refuses control characters, so such a name was written by hand.
    let esc = drill("Eve\u{1b}[31m", 77, |_| true, 99);
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(report::parse_result(&text).unwrap(), a);
    assert!(report::parse_result("{}").is_err());
    assert_eq!(a.finished_at.as_deref(), Some("2026-12-02T10:07:56Z"));
    let c = report::class_report(
        &[
            entry("a.json", &a),
            entry("b.json", &b),
            entry("e.json", &esc),
        ],
        &bank,
    );
    let counted: Vec<bool> = c.students.iter().map(|s| s.counted).collect();
    assert_eq!(counted, vec![true, true, false], "{:?}", c.students);
    assert_eq!(c.students[0].score, a.score);
    assert!(!c.students.iter().any(|s| s.name.contains('\u{1b}')));
    // Bo answered 3 (all wrong) and left the rest: unanswered is not wrong.
    let bo = &c.students[1];
    assert_eq!(
        (bo.right, bo.wrong, bo.unanswered),
        (0, 3, a.items.len() - 3)
    );
    let hardest = &c.questions[0];
    let easiest = c.questions.last().unwrap();
    assert!(
        hardest.right * easiest.asked() <= easiest.right * hardest.asked(),
        "hardest first"
    );
    // Every question has its prompt and key; a choice question counts each option picked.
    assert!(
        c.questions
            .iter()
            .all(|q| !q.prompt.is_empty() && !q.answer.is_empty())
    );
    let first = &a.items[0];
    let row = c.questions.iter().find(|q| q.id == first.id).unwrap();
    let picks: usize = row.options.iter().map(|o| o.1).sum();
    assert!(picks >= 2, "both answered item 1: {row:?}");
    let csv = report::to_csv(&c);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        csv.starts_with("name,file,seed,counted,flags,score,"),
        "{csv}"
    );
    // One row per student and question, each with as many fields as the header.
    let fields = |l: &str| l.matches(',').count();
    for l in csv.lines().filter(|l| !l.contains('"')) {
        assert_eq!(fields(l), fields(csv.lines().next().unwrap()), "{l}");
    }
    assert_eq!(
        csv.lines().count(),
        1 + a.items.len() + b.items.len() + esc.items.len()
    );
    let text = report::to_text(&c);
    assert!(
        text.contains("Hardest topics") && text.contains("unanswered"),
        "{text}"
    );
}

#[test]
fn forged_or_repeated_results_are_flagged_and_not_counted() {
    let bank = bank::builtin().unwrap();
    let honest = drill("Ada", 77, |i| i % 2 == 0, 99);
    assert!(
        report::check(&honest, &bank).0.is_empty(),
        "{:?}",
        report::check(&honest, &bank).0
    );
    let forged = |f: &dyn Fn(&mut report::DrillResult)| {
        let mut r = honest.clone();
        f(&mut r);
        report::check(&r, &bank).0
    };
    // Each forgery, with the words the teacher sees.
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("scales to", forged(&|r| r.score = 5000)),
        ("pass mark", forged(&|r| r.passed = !r.passed)),
        ("items marked right", forged(&|r| r.correct += 1)),
        ("items listed", forged(&|r| r.total += 1)),
        ("minutes", forged(&|r| r.minutes = 0)),
        ("longer than", forged(&|r| r.seconds = 99_999)),
        (
            "ISO 8601",
            forged(&|r| r.finished_at = Some("yesterday".into())),
        ),
        ("not the ones seed", forged(&|r| r.seed += 1)),
        ("not the ones seed", forged(&|r| r.items.swap(0, 1))),
        (
            "the response given is wrong",
            forged(&|r| {
                // A wrong answer marked right, with the score made to agree.
                let i = r.items.iter().position(|i| !i.correct).unwrap();
                r.items[i].correct = true;
                r.correct += 1;
                r.score = quiz::scaled(r.correct, r.total);
                r.passed = r.score >= quiz::PASS;
            }),
        ),
        (
            // Counted as wrong, so no gain, but no peerlab ever wrote it.
            "of a question with",
            forged(&|r| {
                let i = r
                    .items
                    .iter()
                    .position(|i| matches!(i.response, Some(quiz::Answer::Choices { .. })))
                    .unwrap();
                r.items[i].response = Some(quiz::Answer::Choices {
                    picked: vec![99_999_999],
                });
                if r.items[i].correct {
                    r.items[i].correct = false;
                    r.correct -= 1;
                    r.score = quiz::scaled(r.correct, r.total);
                    r.passed = r.score >= quiz::PASS;
                }
            }),
        ),
        (
            "without an answer",
            forged(&|r| {
                r.items[0].answered = false;
                r.items[0].response = None;
            }),
        ),
    ];
    for (want, found) in &cases {
        assert!(found.iter().any(|f| f.contains(want)), "{want}: {found:?}");
    }
    // In the report: the forged file is listed apart and counts for nothing.
    let mut big = honest.clone();
    big.name = "Mallory".into();
    big.score = 5000;
    let again = drill("ada ", 77, |_| true, 99);
    let c = report::class_report(
        &[
            entry("ada1.json", &honest),
            entry("m.json", &big),
            entry("ada2.json", &again),
        ],
        &bank,
    );
    let counted: Vec<&str> = c
        .students
        .iter()
        .filter(|s| s.counted)
        .map(|s| s.file.as_str())
        .collect();
    assert_eq!(counted, vec!["ada2.json"], "{:?}", c.students);
    let first = c.students.iter().find(|s| s.file == "ada1.json").unwrap();
    assert!(
        first.flags[0].contains("earlier submission"),
        "{:?}",
        first.flags
    );
    let text = report::to_text(&c);
    assert!(
        text.contains("Not counted") && text.contains("Mallory"),
        "{text}"
    );
    assert_eq!(
        c.questions.iter().map(|q| q.asked()).max(),
        Some(1),
        "only the counted file"
    );
}

#[test]
fn review_puts_due_items_first_then_unseen_ones() {
    let bank = bank::builtin().unwrap();
    let ids: Vec<String> = bank.questions.iter().map(|q| q.id.clone()).collect();
    let due = vec![
        format!("bank:{}", ids[2]),
        "bank:removed-from-the-bank".to_string(),
        "gen:reachability:1".to_string(),
    ];
    // Everything seen except the last bank question and every generator item.
    let mut seen: std::collections::HashSet<String> =
        ids.iter().map(|i| format!("bank:{i}")).collect();
    seen.remove(&format!("bank:{}", ids[ids.len() - 1]));
    let items = quiz::review(&bank, &due, &seen, 5, 6);
    assert_eq!(items.len(), 6);
    assert_eq!(items[0].question.id, ids[2]);
    assert_eq!(items[0].key(), format!("bank:{}", ids[2]));
    assert_eq!(
        items[1].key(),
        "gen:reachability:1",
        "a fresh instance of the due template"
    );
    assert!(items[1].topology.is_some());
    // The rest are all new: never a seen bank question.
    for it in &items[2..] {
        assert!(!seen.contains(&it.key()), "{} was seen", it.key());
    }
    // A due generator item is a new instance each time it is drawn.
    let again = quiz::review(&bank, &due, &seen, 6, 2);
    assert_eq!(again[1].key(), "gen:reachability:1");
    assert_ne!(again[1].question.id, items[1].question.id);
}

#[test]
fn review_draws_a_series_or_a_case_study_whole_and_once() {
    let bank = bank::builtin().unwrap();
    let series: Vec<&str> = bank
        .questions
        .iter()
        .filter(|q| q.series.as_deref() == Some("address-space-series"))
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(series.len(), 3, "{series:?}");
    let case: Vec<&str> = bank
        .questions
        .iter()
        .filter(|q| q.case.as_deref() == Some("case-litware-hybrid"))
        .map(|q| q.id.as_str())
        .collect();
    assert!((3..=6).contains(&case.len()), "{case:?}");
    // Statements 3 and 2 are due, then one case question: each unit comes whole, in its own
    // order, once, where its most overdue item stands.
    let due = vec![
        format!("bank:{}", series[2]),
        format!("bank:{}", series[1]),
        format!("bank:{}", case[1]),
    ];
    let seen = bank
        .questions
        .iter()
        .map(|q| format!("bank:{}", q.id))
        .collect();
    let items = quiz::review(&bank, &due, &seen, 3, 20);
    let ids: Vec<&str> = items.iter().map(|i| i.question.id.as_str()).collect();
    let mut want = series.clone();
    want.extend(&case);
    assert_eq!(ids[..want.len()], want[..], "{ids:?}");
    // The screen finds the shared scenario for every statement.
    let c = quiz::context(&items, 1).unwrap();
    assert_eq!((c.kind, c.index, c.count), (quiz::UnitKind::Series, 1, 3));
    assert!(c.scenario.is_some_and(|s| !s.is_empty()));
    let c = quiz::context(&items, 3 + 2).unwrap();
    assert_eq!(
        (c.kind, c.index, c.count),
        (quiz::UnitKind::Case, 2, case.len())
    );
    assert!(c.scenario.is_some());
}

#[test]
fn exams_and_practice_never_split_a_series_or_a_case_study() {
    let bank = bank::builtin().unwrap();
    for seed in 0..20 {
        for items in [
            quiz::exam(&bank, seed, 20),
            quiz::practice(&bank, seed, 60, None, quiz::Source::Bank),
        ] {
            for (i, it) in items.iter().enumerate() {
                let Some(c) = quiz::context(&items, i) else {
                    continue;
                };
                let q = &it.question;
                let in_bank = bank
                    .questions
                    .iter()
                    .filter(|b| quiz::same_unit(b, q))
                    .count();
                // A generated series or case is not in the bank: the whole unit is what was
                // drawn of it, and it must sit in one run, never split around other items.
                let whole = if in_bank > 0 {
                    in_bank
                } else {
                    items
                        .iter()
                        .filter(|x| quiz::same_unit(&x.question, q))
                        .count()
                };
                assert_eq!(c.count, whole, "seed {seed}: {} drawn apart", q.id);
            }
        }
    }
}
