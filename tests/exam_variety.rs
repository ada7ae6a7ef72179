//! The variety of one generated exam (issue 10, a fourth reader): seed 4242's twenty questions
//! asked the same trap three times, all three configure items of a seed had the same fault, and
//! its yes-no series answered Yes, Yes, Yes. A candidate who notices a pattern answers the
//! pattern, not the network.

use peerlab::generate::{FaultKind, Filter, Generated, Template, generate};
use std::collections::BTreeMap;

/// The traps of one exam: how often each fault kind comes up among its items.
fn traps(items: &[Generated]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for g in items {
        for k in &g.faults {
            *out.entry(format!("{k:?}")).or_insert(0) += 1;
        }
    }
    out
}

/// A kind asked three times or more in one exam while some kind the exam could have asked
/// instead went unused; `None` when the exam varies its traps.
fn repeated_trap(items: &[Generated]) -> Option<(String, usize)> {
    let seen = traps(items);
    let unused = FaultKind::ALL
        .iter()
        .any(|k| !seen.contains_key(&format!("{k:?}")));
    seen.into_iter().find(|(_, n)| *n >= 3).filter(|_| unused)
}

/// The configure items of an exam that all share one fault (two or more of them).
fn configure_all_alike(items: &[Generated]) -> Option<String> {
    let faults: Vec<&Vec<FaultKind>> = items
        .iter()
        .filter(|g| g.template == Template::Configure)
        .map(|g| &g.faults)
        .collect();
    (faults.len() >= 2 && faults.iter().all(|f| *f == faults[0])).then(|| format!("{faults:?}"))
}

/// Over seeds 1 to 50, the exams (`generate --count 20`) that ask a trap three times while
/// others go unused: 11 of the 50 before the rotation kept count of the exam's traps (seed 4242
/// was another, the exam a reader took), 0 after. A few may come back when a template can
/// only word one trap for a seed's networks, so the bar is 5 of 50 (one exam in ten): well
/// above the 0 measured, well under the 11 of a draw that ignores what the exam already asked.
/// Configure items (about one in 20 questions, so three exams' worth, 60, per seed) all shared
/// one fault in 5 of the 50 before, 0 after.
#[test]
fn an_exam_does_not_ask_one_trap_three_times() {
    let mut repeats = Vec::new();
    let mut alike = Vec::new();
    for seed in 1..=50u64 {
        let items = generate(seed, 20, &Filter::default());
        if let Some(r) = repeated_trap(&items) {
            repeats.push((seed, r));
        }
        // Three exams' worth, for configure items (about one in each exam of 20).
        if let Some(c) = configure_all_alike(&generate(seed, 60, &Filter::default())) {
            alike.push((seed, c));
        }
    }
    println!("exams repeating a trap 3+ times: {} of 50", repeats.len());
    for r in &repeats {
        println!("  {r:?}");
    }
    println!(
        "exams whose configure items share one fault: {}",
        alike.len()
    );
    assert!(
        repeats.len() <= 5,
        "{} of 50 exams ask one trap three times or more: {repeats:?}",
        repeats.len()
    );
    assert!(alike.is_empty(), "configure items alike: {alike:?}");
}

/// The check above finds a trap asked three times, and exams whose configure items agree.
#[test]
fn the_variety_check_finds_a_repeated_trap() {
    let mut items = generate(7, 20, &Filter::default());
    let varied = items.len();
    assert!(varied >= 3);
    for g in items.iter_mut().take(3) {
        g.faults = vec![FaultKind::AccessOff];
    }
    assert!(repeated_trap(&items).is_some());
    let conf = Filter {
        template: Some(Template::Configure),
        ..Default::default()
    };
    let mut c = generate(7, 2, &conf);
    assert_eq!(c.len(), 2);
    for g in &mut c {
        g.faults = vec![FaultKind::TransitSpokeOff];
    }
    assert!(configure_all_alike(&c).is_some());
    c[1].faults = vec![FaultKind::AccessOff];
    assert!(configure_all_alike(&c).is_none());
}

/// The answers of a yes-no series, in order.
fn answers(g: &Generated) -> Vec<usize> {
    g.questions.iter().map(|q| q.answer[0]).collect()
}

/// Over 300 series (seeds from 1 up, yes-no items only), the share whose statements all have
/// the same answer: 18 of 300 (6%) before, all Y, Y, Y like seed 4242's, and 5 after. A series
/// drawn on a network with no fault, or with one no statement between machines shows (a
/// changed path, a name), had nothing that fails; and the fault's flow, asked at the
/// destination's own port, was often not in the pool the statements come from. Now every
/// series carries a fault a connection shows, and its flow is among the first three drawn.
/// The bar, 9 of 300 (3%), is about twice what is left (room for a network where every other
/// flow the pool offers fails too) and half the 18 of before.
#[test]
fn yes_no_series_mix_their_answers() {
    let filter = Filter {
        template: Some(Template::YesNo),
        ..Default::default()
    };
    let mut series = 0;
    let mut same = Vec::new();
    let mut seed = 1;
    while series < 300 {
        for g in generate(seed, 30, &filter) {
            if series == 300 {
                break;
            }
            series += 1;
            let a = answers(&g);
            if a.iter().all(|x| *x == a[0]) {
                same.push(g.questions[0].id.clone());
            }
        }
        seed += 1;
    }
    println!("all-same series: {} of {series}: {same:?}", same.len());
    assert!(same.len() <= 9, "{} of 300 all-same: {same:?}", same.len());
}

/// The templates of an exam's first `n` items, in order.
fn template_order(items: &[Generated], n: usize) -> Vec<Template> {
    items.iter().take(n).map(|g| g.template).collect()
}

/// The items of `a` whose template and faults some item of `b` repeats: with new names only,
/// the same question to a candidate who sat both exams.
fn twins(a: &[Generated], b: &[Generated]) -> usize {
    a.iter()
        .filter(|x| {
            b.iter()
                .any(|y| y.template == x.template && y.faults == x.faults)
        })
        .count()
}

/// Seeds used to share one turn order (a second reader, issue 10: seeds 4242, 5353 and 6464
/// drew the same sixteen templates in the same order, and about eight of twenty items came
/// back with new names only). Over seeds 1 to 30 (435 pairs), the pairs whose first ten items
/// have the same templates in the same order: 435 before, 0 after. Of seed 4242's items,
/// those with a same-template, same-fault twin among 5353's: 7 of 16 before, 4 after; the bar
/// is 6 (twins by chance remain: `Beyond` and `Sequence` items carry no fault kind, and a
/// template with two kinds repeats one half the time).
#[test]
fn seeds_differ_in_the_order_of_their_templates() {
    let exams: Vec<Vec<Generated>> = (1..=30u64)
        .map(|s| generate(s, 20, &Filter::default()))
        .collect();
    let mut same = 0;
    for i in 0..exams.len() {
        for j in i + 1..exams.len() {
            same += usize::from(template_order(&exams[i], 10) == template_order(&exams[j], 10));
        }
    }
    let a = generate(4242, 20, &Filter::default());
    let b = generate(5353, 20, &Filter::default());
    let t = twins(&a, &b);
    println!(
        "pairs of seeds 1..=30 with one order of their first ten templates: {same} of 435; \
         seed 4242's items with a twin in 5353: {t} of {}",
        a.len()
    );
    assert!(
        same <= 2,
        "{same} pairs of seeds share their first ten templates"
    );
    assert!(t <= 6, "{t} of seed 4242's items repeat one of 5353's");
}

/// Every template still gets its share: over one long run each takes a turn per round.
#[test]
fn every_template_keeps_its_share_of_turns() {
    let items = generate(99, 600, &Filter::default());
    let mut n: BTreeMap<Template, usize> = BTreeMap::new();
    for g in &items {
        *n.entry(g.template).or_insert(0) += 1;
    }
    let most = n.values().max().copied().unwrap_or(0);
    let least = n.values().min().copied().unwrap_or(0);
    println!("{n:?}");
    assert_eq!(n.len(), Template::ALL.len(), "{n:?}");
    assert!(most <= least + 2, "{n:?}");
}

/// Statement 1 of a series answered No in nearly every series (a second reader, issue 10: the
/// fault's flow came first (four times in five), and it fails), so a candidate could answer
/// it blind. Over 200 series: statement 1 keyed Yes in 33 before, 93 after; the bar is 70 to
/// 130. The order of the
/// answers is no pattern either: no one order (as Yes, No, Yes) takes more than half the
/// series, and at least four orders come up.
#[test]
fn the_first_statement_of_a_series_is_yes_or_no() {
    let filter = Filter {
        template: Some(Template::YesNo),
        ..Default::default()
    };
    let mut first_yes = 0;
    let mut orders: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
    let mut series = 0;
    let mut seed = 1;
    while series < 200 {
        for g in generate(seed, 30, &filter) {
            if series == 200 {
                break;
            }
            series += 1;
            let a = answers(&g);
            first_yes += usize::from(a[0] == 0);
            *orders.entry(a).or_insert(0) += 1;
        }
        seed += 1;
    }
    println!("statement 1 keyed Yes: {first_yes} of {series}; orders: {orders:?}");
    assert!(
        (70..=130).contains(&first_yes),
        "statement 1 keyed Yes in {first_yes} of {series}"
    );
    let most = orders.values().max().copied().unwrap_or(0);
    assert!(most <= series / 2, "one order of answers: {orders:?}");
    assert!(orders.len() >= 4, "{orders:?}");
}
